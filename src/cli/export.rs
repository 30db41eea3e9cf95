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
            // The presenter holds the dataset; slides are drawn and written one at a time.
            let mut p = Presenter::new(d, cli.lang, false);
            p.spotlights = spots;
            let (size, lang) = (*size, cli.lang);
            match format {
                // Written above, before any drawing; the same file if ever reached here.
                ExportFormat::Geojson => {
                    write(path, export::geojson::geojson(&p.data).as_bytes(), err)?
                }
                ExportFormat::Svg => {
                    if let Err(e) = std::fs::create_dir_all(path) {
                        cannot_write(path, &e, err)?;
                        return Ok(Outcome::Error);
                    }
                    // The whole new set, or the old one untouched.
                    let mut set = export::NewFiles::default();
                    let written = export::each_slide(&mut p, size, theme, |name, buf| {
                        set.add(
                            &path.join(name),
                            svg::buffer_to_svg(buf, &palette).as_bytes(),
                        )
                    })
                    .and_then(|()| set.commit());
                    match written {
                        Ok(()) => true,
                        Err(e) => {
                            cannot_write(path, &e, err)?;
                            false
                        }
                    }
                }
                ExportFormat::Html => {
                    let frame = export::html::Frame::new(&p.data, lang, palette.bg, palette.fg);
                    let page = |w: &mut dyn Write| {
                        frame.write(w, |each| {
                            export::each_slide(&mut p, size, theme, |_, buf| {
                                each(&svg::buffer_to_svg(buf, &palette))
                            })
                        })
                    };
                    match export::write_atomic_with(path, page) {
                        Ok(()) => true,
                        Err(e) => {
                            cannot_write(path, &e, err)?;
                            false
                        }
                    }
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
