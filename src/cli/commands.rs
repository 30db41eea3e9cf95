//! The commands: those that need no dataset run first; the lookups load one and print from it.

use std::io::{self, Write};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget};

use super::data::{find, load_or_report};
use super::json::{PlatformJson, SearchHitJson, write_json};
use super::print::{self, Printer};
use super::{Cli, Command, Lookup, Outcome};
use crate::cache::Loaded;
use crate::dataset::{self, Dataset};
use crate::map::{self, MapOptions, MapStyle, Viewport};
use crate::search::Match;
use crate::text::{self, one_line};
use crate::view::theme::{ColorDepth, Theme};

/// Run a print-and-exit command (with none, the list). `out` is stdout, `err` is stderr.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    // Not on a terminal, `gongshu PLATFORM` and `gongshu -q QUERY` print what they would open.
    let show_platform;
    let search_query;
    let lookup = match &cli.command {
        None if cli.platform.is_some() => {
            show_platform = Lookup::Show {
                query: cli.platform.clone().unwrap_or_default(),
                json: false,
            };
            &show_platform
        }
        None if cli.query.is_some() => {
            search_query = Lookup::Search {
                query: cli.query.clone().unwrap_or_default(),
                json: false,
                limit: None,
            };
            &search_query
        }
        None => &Lookup::List { json: false },
        Some(Command::Lookup(l)) => l,
        Some(Command::Check { file }) => return check(file, out, err),
        Some(Command::Completions { shell }) => {
            out.write_all(super::complete::script(*shell).as_bytes())?;
            return Ok(Outcome::Found);
        }
        Some(Command::Man) => {
            out.write_all(&super::manual::man_page()?)?;
            return Ok(Outcome::Found);
        }
        Some(Command::Config) => {
            out.write_all(super::config::report(cli).as_bytes())?;
            return Ok(Outcome::Found);
        }
        Some(Command::Pick { .. }) => {
            writeln!(
                err,
                "gongshu: `pick` needs a terminal (it draws on /dev/tty)"
            )?;
            return Ok(Outcome::Error);
        }
        Some(Command::CompleteIds) => {
            // Completion must never print an error over the user's command line. A large
            // file's ids come from a small file beside its cache entry, not from the dataset.
            let ids = match &cli.data {
                Some(path) => crate::cache::ids_of_file(path),
                None => Ok(crate::cache::ids_of(&crate::cache::embedded().data)),
            };
            if let Ok(ids) = ids {
                out.write_all(&ids)?;
            }
            return Ok(Outcome::Found);
        }
        Some(Command::Export { .. }) => return super::export::run(cli, out, err),
        Some(Command::Serve(_)) => {
            writeln!(err, "gongshu: `serve` runs only as its own command")?;
            return Ok(Outcome::Error);
        }
        Some(Command::Present { .. }) => {
            writeln!(err, "gongshu: `present` needs an interactive terminal")?;
            return Ok(Outcome::Error);
        }
    };
    let Some(d) = load_or_report(cli, err)? else {
        return Ok(Outcome::Error);
    };
    let printer = Printer::from_cli(cli);
    let outcome = lookup_in(
        cli,
        lookup,
        &d,
        printer,
        None,
        ColorDepth::from_env(),
        out,
        err,
    );
    // The process ends after one lookup: freeing a large dataset piece by piece would only
    // delay the exit (by tens of milliseconds at 100,000 platforms).
    std::mem::forget(d);
    outcome
}

/// Where a lookup's output goes when it is not this process's stdout (an SSH client's channel):
/// the client's terminal size if it asked for one, whether it may have colour, and how many.
#[derive(Debug, Clone, Copy)]
pub struct Remote {
    pub terminal: Option<(u16, u16)>,
    pub color: bool,
    pub depth: ColorDepth,
}

/// Run a lookup command (`list`, `show`, `search`, `map`) on a dataset already loaded, for a
/// client elsewhere: nothing about this process's own terminal or environment is consulted.
pub fn run_remote(
    cli: &Cli,
    lookup: &Lookup,
    d: Dataset,
    remote: Remote,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let color = match cli.color {
        super::ColorChoice::Always => true,
        super::ColorChoice::Never => false,
        super::ColorChoice::Auto => remote.color,
    };
    let printer = Printer {
        lang: cli.lang,
        color,
        width: remote.terminal.map(|(w, _)| w as usize).filter(|&w| w > 0),
        ambiguous_wide: cli.ambiguous_width == crate::ambiguous::AmbiguousWidth::Wide,
    };
    let size = remote.terminal.unwrap_or((100, 41));
    lookup_in(
        cli,
        lookup,
        &Loaded::new(d),
        printer,
        Some(size),
        remote.depth,
        out,
        err,
    )
}

/// A lookup on a loaded dataset. `size` is the terminal's when it is not this process's own.
#[allow(clippy::too_many_arguments)]
fn lookup_in(
    cli: &Cli,
    lookup: &Lookup,
    loaded: &Loaded,
    printer: Printer,
    size: Option<(u16, u16)>,
    depth: ColorDepth,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let widened;
    let loaded = if printer.ambiguous_wide {
        // Widened text is different text: its index is built from it.
        let mut d = loaded.data.clone();
        crate::ambiguous::widen_dataset(&mut d);
        widened = Loaded::new(d);
        &widened
    } else {
        loaded
    };
    let d = &loaded.data;
    match lookup {
        Lookup::List { json: false } => {
            out.write_all(printer.finish(print::list_text(d, &printer)).as_bytes())?;
            Ok(Outcome::Found)
        }
        Lookup::List { json: true } => {
            let all: Vec<_> = d
                .platforms
                .iter()
                .map(|p| PlatformJson::new(d, p))
                .collect();
            write_json(out, &all)?;
            Ok(Outcome::Found)
        }
        Lookup::Show { query, json } => show(d, query, *json, &printer, out, err),
        Lookup::Map {
            width,
            height,
            style,
            select,
            spotlight,
        } => {
            let color = printer.color;
            let args = MapArgs {
                width: width.or(size.map(|s| s.0)),
                height: height.or(size.map(|s| s.1.saturating_sub(1))),
                style: style
                    .unwrap_or(if color {
                        MapStyle::Fill
                    } else {
                        MapStyle::Ascii
                    })
                    .effective(color),
                select: select.as_deref(),
                spotlight: spotlight.as_deref(),
                theme: Theme::new(color, cli.theme.unwrap_or_default()).with_depth(depth),
            };
            map_command(loaded, &args, &printer, out, err)
        }
        Lookup::Search { query, json, limit } => {
            search(loaded, query, *json, *limit, &printer, out, err)
        }
        Lookup::Where { platform, json } => {
            super::where_cmd::where_(d, platform.as_deref(), *json, &printer, out, err)
        }
        Lookup::Near { platform, json } => {
            super::where_cmd::near(d, platform, *json, &printer, out, err)
        }
    }
}

fn show(
    d: &Dataset,
    query: &str,
    json: bool,
    s: &Printer,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let Some(i) = find(d, query, s, err)? else {
        return Ok(Outcome::NothingFound);
    };
    if json {
        write_json(out, &PlatformJson::new(d, &d.platforms[i]))?;
    } else {
        let sheet = crate::sheet::sheet(d, i);
        out.write_all(s.finish(print::show_text(&sheet, s)).as_bytes())?;
    }
    Ok(Outcome::Found)
}

/// `gongshu map`'s options.
#[derive(Debug, Clone, Copy)]
pub struct MapArgs<'a> {
    pub width: Option<u16>,
    pub height: Option<u16>,
    pub style: MapStyle,
    pub select: Option<&'a str>,
    /// Light up what a search for this finds.
    pub spotlight: Option<&'a str>,
    /// The colours, from the same table as the atlas's map.
    pub theme: Theme,
}

/// Print the district map: the terminal's size (less a row for the prompt) unless given, or
/// 100x40 when stdout is not a terminal.
pub fn map_command(
    loaded: &Loaded,
    args: &MapArgs,
    s: &Printer,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let term = print::terminal_size().filter(|&(w, h)| w > 0 && h > 1);
    let d = &loaded.data;
    // Capped here, before the view is fitted: the canvas is capped anyway, and a view fitted to
    // a larger size would leave the district a speck in its corner.
    let (w, h) = (
        args.width
            .or(term.map(|t| t.0))
            .unwrap_or(100)
            .min(map::MAX_WIDTH),
        args.height
            .or(term.map(|t| t.1 - 1))
            .unwrap_or(40)
            .min(map::MAX_HEIGHT),
    );
    if w < map::MIN_WIDTH || h < map::MIN_HEIGHT {
        writeln!(
            err,
            "gongshu: a {w}x{h} map is too small; the map needs at least {}x{} (--width, --height)",
            map::MIN_WIDTH,
            map::MIN_HEIGHT
        )?;
        return Ok(Outcome::Error);
    }
    let selected = match args.select {
        Some(q) => match find(d, q, s, err)? {
            Some(i) => Some(i),
            None => return Ok(Outcome::NothingFound),
        },
        None => None,
    };
    let spotlight = args.spotlight.map(str::to_string);
    let highlighted = match args.spotlight {
        Some(q) => {
            let lit = map::spotlight(loaded.index(), q);
            if lit.is_empty() {
                writeln!(err, "gongshu: no platform matches {:?}", one_line(q))?;
                return Ok(Outcome::NothingFound);
            }
            lit
        }
        None => Vec::new(),
    };
    let opts = MapOptions {
        style: args.style,
        lang: s.lang,
        selected,
        highlighted,
        spotlight,
        legend: true,
    };
    let grid = map::render(d, &Viewport::fit_district(d, w, h), w, h, &opts);
    if s.color {
        let area = Rect::new(0, 0, grid.width, grid.height);
        let mut buf = Buffer::empty(area);
        Paragraph::new(crate::view::map_lines(&grid, args.theme)).render(area, &mut buf);
        if s.ambiguous_wide {
            crate::ambiguous::narrow_buffer(&mut buf);
        }
        out.write_all(crate::view::ansi::buffer_to_ansi(&buf).as_bytes())?;
    } else {
        for line in grid.lines() {
            writeln!(out, "{}", s.finish(line))?;
        }
    }
    Ok(Outcome::Found)
}

fn check(file: &std::path::Path, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    match dataset::load_file(file) {
        Ok(d) => {
            writeln!(
                out,
                "{}: ok: {} platforms, {} industry entries ({} of them key industries), {} basemap features, {} plan measures",
                text::visible_line(&file.display().to_string()),
                d.platforms.len(),
                d.industry_item_count(),
                d.key_industry_count(),
                d.basemap.len(),
                d.plan.measures.len()
            )?;
            Ok(Outcome::Found)
        }
        Err(e) => {
            writeln!(err, "{e}")?;
            let n = e.count();
            writeln!(err, "{n} problem{} found", if n == 1 { "" } else { "s" })?;
            Ok(Outcome::Error)
        }
    }
}

fn search(
    loaded: &Loaded,
    query: &str,
    json: bool,
    limit: Option<usize>,
    s: &Printer,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let (d, index) = (&loaded.data, loaded.index());
    let mut hits = index.search(query);
    hits.truncate(limit.unwrap_or(usize::MAX));
    if hits.is_empty() {
        if json {
            // Still JSON, so `| jq` reads an empty result rather than failing on nothing.
            writeln!(out, "[]")?;
        }
        writeln!(err, "gongshu: no platform matches {:?}", one_line(query))?;
        return Ok(Outcome::NothingFound);
    }
    // Where each hit matched, worked out only for the hits printed.
    let matches: Vec<Vec<Match>> = print::in_parallel(&hits, |_, part| {
        part.iter()
            .map(|h| index.matches(h.platform, query))
            .collect()
    });
    if json {
        let all: Vec<_> = hits
            .iter()
            .zip(&matches)
            .map(|(h, m)| SearchHitJson::new(d, h, m))
            .collect();
        write_json(out, &all)?;
    } else {
        out.write_all(
            s.finish(print::search_text(d, &hits, &matches, s))
                .as_bytes(),
        )?;
    }
    Ok(Outcome::Found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn run_args(args: &[&str]) -> (Outcome, String, String) {
        let cli = Cli::try_parse_from(args).expect("valid arguments");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let outcome = run(&cli, &mut out, &mut err).expect("no io error");
        (
            outcome,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn search_prints_ranked_platforms_and_exits_like_grep() {
        let (outcome, out, _) = run_args(&["gongshu", "--color", "never", "search", "dianshang"]);
        assert_eq!(outcome, Outcome::Found);
        let first: Vec<&str> = out
            .lines()
            .map(|l| l.split_whitespace().next().unwrap())
            .collect();
        assert_eq!(first[..4], ["2", "3", "4", "7"], "{out}");
        assert!(
            out.lines().next().unwrap().contains("电子商务 (industry)"),
            "{out}"
        );

        // A bare number is that platform, first, as `show 6` is.
        for lang in ["zh", "en", "both"] {
            let (outcome, out, _) =
                run_args(&["gongshu", "--color", "never", "--lang", lang, "search", "6"]);
            assert_eq!(outcome, Outcome::Found);
            let first = out.lines().next().unwrap();
            assert!(first.trim_start().starts_with("6 "), "{lang}: {out}");
            let label = if lang == "zh" { "编号" } else { "number" };
            assert!(first.contains(&format!("6 ({label})")), "{lang}: {out}");
        }

        let (outcome, out, err) = run_args(&["gongshu", "search", "zzqx"]);
        assert_eq!(outcome, Outcome::NothingFound);
        assert!(out.is_empty());
        assert!(err.contains("no platform matches"), "{err}");
    }

    #[test]
    fn a_lookup_for_a_client_frees_its_dataset() {
        // A server runs lookups for as long as it is up, each on a copy of its dataset.
        let d = crate::dataset::embedded();
        let text = &d.platforms[0].name.zh;
        let before = text.holders();
        for args in [&["gongshu", "search", "电商"][..], &["gongshu", "list"]] {
            let cli = Cli::try_parse_from(args).unwrap();
            let Some(Command::Lookup(lookup)) = &cli.command else {
                panic!("a lookup");
            };
            let remote = Remote {
                terminal: Some((80, 24)),
                color: false,
                depth: ColorDepth::Named,
            };
            let (mut out, mut err) = (Vec::new(), Vec::new());
            run_remote(&cli, lookup, d.clone(), remote, &mut out, &mut err).unwrap();
            assert!(!out.is_empty());
        }
        assert_eq!(
            text.holders(),
            before,
            "each copy is freed after its lookup"
        );
    }

    #[test]
    fn search_json_has_the_documented_shape() {
        let (outcome, out, _) =
            run_args(&["gongshu", "search", "fintech", "--json", "--limit", "2"]);
        assert_eq!(outcome, Outcome::Found);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let hits = v.as_array().unwrap();
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0]["id"], "canal-wealth");
        assert_eq!(hits[0]["number"], 1);
        assert_eq!(hits[0]["name"]["zh"], "运河财富小镇");
        assert!(hits[0]["score"].as_i64().unwrap() > 0);
        assert_eq!(hits[0]["matches"][0]["field"], "industry_en");
        assert_eq!(hits[0]["matches"][0]["text"], "internet finance");
        assert!(hits[0]["matches"][0]["positions"].is_array());
    }

    #[test]
    fn commands_that_need_no_dataset_never_load_one() {
        // A dataset that cannot load does not stop the man page or a completion script.
        let (outcome, out, _) = run_args(&["gongshu", "--data", "/nonexistent", "man"]);
        assert_eq!(outcome, Outcome::Found);
        assert!(out.contains(".TH"));
        let (outcome, _, err) = run_args(&["gongshu", "--data", "/nonexistent", "list"]);
        assert_eq!(outcome, Outcome::Error);
        assert!(err.contains("cannot load"), "{err}");
    }
}
