//! `gongshu export`: slides, screens and the handout, written whole or not at all.

use std::io::{self, Write};
use std::path::Path;

use super::data::{find, load_or_report};
use super::print::Printer;
use super::{Cli, Command, ExportFormat, Outcome};
use crate::app::briefing::{Presenter, spotlights};
use crate::cache::Loaded;
use crate::export::{self, svg};
use crate::text;
use crate::view::theme::{ColorDepth, Theme, ThemeKind};

pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    let Some(Command::Export {
        format,
        out: path,
        size,
        screen,
        select,
        style,
        spotlight,
    }) = &cli.command
    else {
        return Ok(Outcome::Error);
    };
    let (min_w, min_h) = export::min_size(*screen);
    if size.0 < min_w || size.1 < min_h {
        writeln!(
            err,
            "gongshu: a {}x{} export is too small; it needs at least {min_w}x{min_h} (--size)",
            size.0, size.1
        )?;
        return Ok(Outcome::Error);
    }
    if screen.is_some() && *format != ExportFormat::Svg {
        writeln!(err, "gongshu: --screen exports SVG only (--format svg)")?;
        return Ok(Outcome::Error);
    }
    if *format == ExportFormat::Geojson
        && (select.is_some() || style.is_some() || !spotlight.is_empty())
    {
        writeln!(
            err,
            "gongshu: --select, --style and --spotlight draw pictures; --format geojson writes the \
             geometry alone"
        )?;
        return Ok(Outcome::Error);
    }
    let Some(Loaded { data: d, .. }) = load_or_report(cli, err)? else {
        return Ok(Outcome::Error);
    };
    if *format == ExportFormat::Geojson {
        // The dataset's own text and coordinates, whatever the terminal: no stand-ins.
        if !write(path, export::geojson::geojson(&d).as_bytes(), err)? {
            return Ok(Outcome::Error);
        }
        writeln!(out, "{}", text::visible_line(&path.display().to_string()))?;
        return Ok(Outcome::Found);
    }
    // Pictures are in colour unless asked otherwise; slides default to the projector theme.
    let color = cli.color != super::ColorChoice::Never;
    let wide = cli.ambiguous_width == crate::ambiguous::AmbiguousWidth::Wide;
    let mut d = d;
    if wide {
        crate::ambiguous::widen_dataset(&mut d);
    }
    let printer = Printer {
        lang: cli.lang,
        color: false,
        width: None,
        ambiguous_wide: wide,
    };
    let selected = match select {
        Some(q) => match find(&d, q, &printer, err)? {
            Some(i) => Some(i),
            None => return Ok(Outcome::NothingFound),
        },
        None => None,
    };
    let default_kind = if screen.is_some() {
        ThemeKind::Dark
    } else {
        ThemeKind::Contrast
    };
    let kind = cli.theme.unwrap_or(default_kind);
    // A picture can hold every colour: the fills are drawn as a truecolour terminal shows them.
    let theme = Theme::new(color, kind)
        .with_depth(ColorDepth::TrueColor)
        .with_ambiguous_wide(wide);
    let palette = svg::palette(kind);
    let written = match screen {
        Some(kind) => {
            let buf = export::screen(&d, *kind, *size, cli.lang, theme, selected, *style);
            write(path, svg::buffer_to_svg(&buf, &palette).as_bytes(), err)?
        }
        None => {
            let spots = match spotlights(&d, spotlight) {
                Ok(s) => s,
                Err(e) => {
                    writeln!(err, "gongshu: {e}")?;
                    return Ok(Outcome::NothingFound);
                }
            };
            let mut p = Presenter::new(d.clone(), cli.lang, false);
            p.spotlights = spots;
            let slides = export::slides(&mut p, *size, theme);
            match format {
                // Written above, before any drawing; the same file if ever reached here.
                ExportFormat::Geojson => write(path, export::geojson::geojson(&d).as_bytes(), err)?,
                ExportFormat::Svg => {
                    if let Err(e) = std::fs::create_dir_all(path) {
                        cannot_write(path, &e, err)?;
                        return Ok(Outcome::Error);
                    }
                    let files: Vec<_> = slides
                        .iter()
                        .map(|(name, buf)| {
                            let svg = svg::buffer_to_svg(buf, &palette);
                            (path.join(name), svg.into_bytes())
                        })
                        .collect();
                    // The whole new set, or the old one untouched.
                    match export::write_all_or_none(&files) {
                        Ok(()) => true,
                        Err(e) => {
                            cannot_write(path, &e, err)?;
                            false
                        }
                    }
                }
                ExportFormat::Html => {
                    let svgs: Vec<String> = slides
                        .iter()
                        .map(|(_, b)| svg::buffer_to_svg(b, &palette))
                        .collect();
                    let page = export::html::handout(&d, cli.lang, &svgs, palette.bg, palette.fg);
                    write(path, page.as_bytes(), err)?
                }
            }
        }
    };
    if !written {
        // Exit 1 means nothing was found; a file that could not be written is an error.
        return Ok(Outcome::Error);
    }
    writeln!(out, "{}", text::visible_line(&path.display().to_string()))?;
    Ok(Outcome::Found)
}

/// Write a file atomically; on failure say so in one line and return false.
fn write(path: &Path, bytes: &[u8], err: &mut dyn Write) -> io::Result<bool> {
    match export::write_atomic(path, bytes) {
        Ok(()) => Ok(true),
        Err(e) => {
            cannot_write(path, &e, err)?;
            Ok(false)
        }
    }
}

fn cannot_write(path: &Path, e: &io::Error, err: &mut dyn Write) -> io::Result<()> {
    writeln!(
        err,
        "gongshu: cannot write {}: {e}",
        text::one_line(&path.display().to_string())
    )
}
