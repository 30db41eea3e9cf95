//! The command line: clap definitions and the print-and-exit commands.
//!
//! Every command writes to a `Write` it is given and returns an [`Outcome`], so tests run them
//! without a process. Exit codes follow grep: 0 found, 1 nothing found, 2 usage or data error.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::dataset::{self, Area, Dataset, Lookup, Platform};
pub use crate::lang::Lang;
use crate::map::{self, MapOptions, MapStyle, Viewport};
use crate::search::{Hit, Match};
use crate::text::{self, one_line, pad, width};

#[derive(Debug, Parser)]
#[command(
    name = "gongshu",
    version,
    about = "A terminal atlas of the ten industry platforms of Gongshu District (拱墅区), Hangzhou",
    long_about = "A terminal atlas of the ten industry platforms of Gongshu District (拱墅区), Hangzhou.\n\n\
        With no command it opens the interactive atlas on a terminal and prints the list otherwise.\n\
        Exit status: 0 found, 1 nothing found, 2 usage or data error."
)]
pub struct Cli {
    /// Use this dataset instead of the built-in Gongshu one.
    #[arg(long, global = true, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Language of names and text.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Both)]
    pub lang: Lang,
    /// When to use colour: auto means only on a terminal and without NO_COLOR.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Colour theme: dark or light suit the terminal's background; contrast is for projectors
    /// (the default when presenting).
    #[arg(long, global = true, value_enum)]
    pub theme: Option<crate::tui::theme::ThemeKind>,
    /// Capture the mouse in the TUI (default: on, except over SSH).
    #[arg(long, global = true, overrides_with = "no_mouse")]
    pub mouse: bool,
    /// Leave the mouse to the terminal (text selection works as usual).
    #[arg(long, global = true)]
    pub no_mouse: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Mouse capture: as asked, else on unless this is an SSH session (where it costs bytes and
    /// breaks the terminal's own selection).
    pub fn mouse(&self) -> bool {
        if self.mouse || self.no_mouse {
            return self.mouse && !self.no_mouse;
        }
        std::env::var_os("SSH_CONNECTION").is_none() && std::env::var_os("SSH_TTY").is_none()
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every platform: number, name, kind and key industries.
    List {
        /// Print a JSON array instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show one platform in full, by id, number or any of its names (or a unique part of one).
    Show {
        /// An id (canal-wealth), a number (1-10) or a name in either language.
        query: String,
        /// Print a JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Draw the district map with every platform's number (and name where it fits).
    Map {
        /// Columns (default: the terminal's width, or 100 when not a terminal).
        #[arg(long)]
        width: Option<u16>,
        /// Rows (default: the terminal's height less one, or 40 when not a terminal).
        #[arg(long)]
        height: Option<u16>,
        /// Characters to draw with: ascii works everywhere; unicode uses box drawing.
        #[arg(long, value_enum, default_value_t = MapStyle::Ascii)]
        style: MapStyle,
        /// Fill and label this platform: an id, a number or a name.
        #[arg(long, value_name = "ID|NUMBER|NAME")]
        select: Option<String>,
    },
    /// Platforms ranked for a query in Chinese, pinyin, pinyin initials or English (all words must match).
    Search {
        /// For example 电商, dianshang, ds, e-commerce, fintech, "金融 internet".
        query: String,
        /// Print a JSON array instead of text.
        #[arg(long)]
        json: bool,
        /// Print at most this many platforms.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// Validate a dataset file and summarise it.
    Check {
        /// The dataset to check.
        file: PathBuf,
    },
    /// Print a shell completion script (e.g. `gongshu completions bash > /etc/bash_completion.d/gongshu`).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `gongshu man | man -l -`.
    Man,
    /// Briefing mode: one platform per slide, full screen, for a projector and a clicker.
    Present {
        /// Advance to the next slide after this many seconds without a key.
        #[arg(long, value_name = "SECONDS", value_parser = parse_interval)]
        interval: Option<std::time::Duration>,
        /// After the last slide, start again (for an unattended screen).
        #[arg(long = "loop")]
        looping: bool,
    },
}

fn parse_interval(s: &str) -> Result<std::time::Duration, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && (1.0..=3600.0).contains(&v) => {
            Ok(std::time::Duration::from_secs_f64(v))
        }
        _ => Err("a number of seconds from 1 to 3600".into()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to stdout.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        }
    }
}

/// How a command ended; maps to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Found,
    NothingFound,
    Error,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Found => 0,
            Outcome::NothingFound => 1,
            Outcome::Error => 2,
        }
    }
}

/// What printing needs to know besides the data.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub lang: Lang,
    pub color: bool,
    /// Columns to fit lines into; `None` when stdout is not a terminal (lines stay whole for grep).
    pub width: Option<usize>,
}

impl Style {
    pub fn from_cli(cli: &Cli) -> Self {
        let width = io::stdout()
            .is_terminal()
            .then(|| crossterm::terminal::size().ok().map(|(w, _)| w as usize))
            .flatten()
            .filter(|&w| w > 0);
        Style {
            lang: cli.lang,
            color: cli.color.enabled(),
            width,
        }
    }

    fn bold(&self, s: &str) -> String {
        self.paint(s, "1")
    }
    fn dim(&self, s: &str) -> String {
        self.paint(s, "2")
    }
    fn accent(&self, s: &str) -> String {
        self.paint(s, "1;36")
    }
    fn paint(&self, s: &str, sgr: &str) -> String {
        if self.color && !s.is_empty() {
            format!("\x1b[{sgr}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// A bilingual text in the chosen language ("zh en" for both).
    pub fn pick(&self, t: &dataset::Text) -> String {
        one_line(&self.lang.pick(t))
    }
}

/// Load the dataset the command line names, or the embedded one.
pub fn load(cli: &Cli) -> Result<Dataset, dataset::LoadError> {
    match &cli.data {
        Some(path) => dataset::load_file(path),
        None => Ok(dataset::embedded()),
    }
}

/// Run a print-and-exit command. `out` is stdout, `err` is stderr.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    let style = Style::from_cli(cli);
    match &cli.command {
        Some(Command::Check { file }) => return check(file, out, err),
        Some(Command::Completions { shell }) => {
            // Generate into memory: clap_complete panics if its writer fails (a closed pipe).
            let mut script = Vec::new();
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "gongshu", &mut script);
            out.write_all(&script)?;
            return Ok(Outcome::Found);
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut page)?;
            out.write_all(&page)?;
            return Ok(Outcome::Found);
        }
        _ => {}
    }
    let d = match load(cli) {
        Ok(d) => d,
        Err(e) => {
            writeln!(err, "gongshu: cannot load the dataset\n{e}")?;
            return Ok(Outcome::Error);
        }
    };
    match &cli.command {
        None | Some(Command::List { json: false }) => {
            out.write_all(list_text(&d, &style).as_bytes())?;
            Ok(Outcome::Found)
        }
        Some(Command::List { json: true }) => {
            let all: Vec<_> = d
                .platforms
                .iter()
                .map(|p| PlatformJson::new(&d, p))
                .collect();
            write_json(out, &all)?;
            Ok(Outcome::Found)
        }
        Some(Command::Show { query, json }) => show(&d, query, *json, &style, out, err),
        Some(Command::Map {
            width,
            height,
            style: map_style,
            select,
        }) => {
            let opts = MapArgs {
                width: *width,
                height: *height,
                style: *map_style,
                select: select.as_deref(),
            };
            map_command(&d, &opts, &style, out, err)
        }
        Some(Command::Search { query, json, limit }) => {
            search(&d, query, *json, *limit, &style, out, err)
        }
        Some(Command::Check { .. } | Command::Completions { .. } | Command::Man) => {
            unreachable!("handled before loading")
        }
        Some(Command::Present { .. }) => {
            writeln!(err, "gongshu: `present` needs an interactive terminal")?;
            Ok(Outcome::Error)
        }
    }
}

fn write_json<T: Serialize>(out: &mut dyn Write, v: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v).map_err(io::Error::other)?;
    writeln!(out)
}

/// One line per platform, columns aligned by display width.
pub fn list_text(d: &Dataset, s: &Style) -> String {
    let rows: Vec<[String; 4]> = d
        .platforms
        .iter()
        .map(|p| {
            let industries = match s.lang {
                Lang::Zh => join(p.industries.iter().map(|i| one_line(&i.zh)), "、"),
                Lang::En => join(p.industries.iter().map(|i| one_line(&i.en)), ", "),
                Lang::Both => format!(
                    "{}  ({})",
                    join(p.industries.iter().map(|i| one_line(&i.zh)), "、"),
                    join(p.industries.iter().map(|i| one_line(&i.en)), ", ")
                ),
            };
            [
                format!("{:>2}", p.number),
                s.pick(&p.name),
                s.pick(&p.kind.name()),
                industries,
            ]
        })
        .collect();
    let w1 = rows.iter().map(|r| width(&r[1])).max().unwrap_or(0);
    let w2 = rows.iter().map(|r| width(&r[2])).max().unwrap_or(0);
    let mut out = String::new();
    for r in rows {
        let head = format!("{}  {}  {}  ", r[0], pad(&r[1], w1), pad(&r[2], w2));
        let rest = match s.width {
            Some(w) => text::truncate(&r[3], w.saturating_sub(width(&head))),
            None => r[3].clone(),
        };
        let line = format!(
            "{}  {}  {}  {}",
            s.bold(&r[0]),
            s.accent(&pad(&r[1], w1)),
            s.dim(&pad(&r[2], w2)),
            rest
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn join(it: impl Iterator<Item = String>, sep: &str) -> String {
    it.collect::<Vec<_>>().join(sep)
}

fn show(
    d: &Dataset,
    query: &str,
    json: bool,
    s: &Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let Some(i) = find(d, query, s, err)? else {
        return Ok(Outcome::NothingFound);
    };
    let p = &d.platforms[i];
    if json {
        write_json(out, &PlatformJson::new(d, p))?;
    } else {
        out.write_all(show_text(d, p, s).as_bytes())?;
    }
    Ok(Outcome::Found)
}

/// Look a platform up by what the user typed; when that fails, say why on `err`.
fn find(d: &Dataset, query: &str, s: &Style, err: &mut dyn Write) -> io::Result<Option<usize>> {
    let line = |p: &Platform| format!("  {:>2}  {}  ({})", p.number, s.pick(&p.name), p.id);
    match d.lookup(query) {
        Lookup::Found(i) => Ok(Some(i)),
        Lookup::Ambiguous(v) => {
            writeln!(
                err,
                "gongshu: {:?} matches {} platforms; say which:",
                one_line(query),
                v.len()
            )?;
            for i in v {
                writeln!(err, "{}", line(&d.platforms[i]))?;
            }
            Ok(None)
        }
        Lookup::NotFound(v) => {
            writeln!(err, "gongshu: no platform matches {:?}", one_line(query))?;
            if !v.is_empty() {
                writeln!(err, "did you mean:")?;
                for i in v {
                    writeln!(err, "{}", line(&d.platforms[i]))?;
                }
            }
            writeln!(err, "(`gongshu list` shows them all)")?;
            Ok(None)
        }
    }
}

/// `gongshu map`'s options.
#[derive(Debug, Clone, Copy)]
pub struct MapArgs<'a> {
    pub width: Option<u16>,
    pub height: Option<u16>,
    pub style: MapStyle,
    pub select: Option<&'a str>,
}

/// Print the district map: the terminal's size (less a row for the prompt) unless given, or
/// 100x40 when stdout is not a terminal.
pub fn map_command(
    d: &Dataset,
    args: &MapArgs,
    s: &Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let term = io::stdout()
        .is_terminal()
        .then(|| crossterm::terminal::size().ok())
        .flatten()
        .filter(|&(w, h)| w > 0 && h > 1);
    let (w, h) = (
        args.width.or(term.map(|t| t.0)).unwrap_or(100),
        args.height.or(term.map(|t| t.1 - 1)).unwrap_or(40),
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
    let opts = MapOptions {
        style: args.style,
        lang: s.lang,
        selected,
        highlighted: Vec::new(),
        legend: true,
    };
    let grid = map::render(d, &Viewport::fit_district(d, w, h), w, h, &opts);
    if s.color {
        out.write_all(grid.to_ansi().as_bytes())?;
    } else {
        for line in grid.lines() {
            writeln!(out, "{line}")?;
        }
    }
    Ok(Outcome::Found)
}

/// One platform in full, as `gongshu show` prints it.
pub fn show_text(d: &Dataset, p: &Platform, s: &Style) -> String {
    let wrap_w = s.width.map(|w| w.clamp(20, 100) - 4);
    let para = |t: &str| -> String {
        let t = text::sanitize(t);
        match wrap_w {
            Some(w) => text::wrap(&t, w)
                .into_iter()
                .map(|l| format!("    {l}\n"))
                .collect(),
            None => format!("    {}\n", t.replace('\n', " ")),
        }
    };
    let both = |t: &dataset::Text| -> String {
        match s.lang {
            Lang::Zh => para(&t.zh),
            Lang::En => para(&t.en),
            Lang::Both => para(&t.zh) + &para(&t.en),
        }
    };
    let heading = |zh: &str, en: &str| format!("\n  {}\n", s.bold(&s.lang.label(zh, en)));
    let mut o = String::new();
    o += &format!(
        "{}  {}\n",
        s.bold(&format!("[{}]", p.number)),
        s.accent(&s.pick(&p.name))
    );
    let mut facts = vec![format!("id {}", one_line(&p.id)), s.pick(&p.kind.name())];
    if !p.other_names.is_empty() {
        let names = join(p.other_names.iter().map(|n| s.pick(n)), " / ");
        facts.push(match s.lang {
            Lang::Zh => format!("又称 {names}"),
            _ => format!("also {names}"),
        });
    }
    o += &format!("    {}\n", s.dim(&facts.join(" · ")));

    o += &heading("规划范围", "Planned area");
    match &p.area {
        Area::Bounded { .. } => {
            for (side, names) in p.area.sides() {
                let (zh, en) = (side.short().0, side.key());
                let label = match s.lang {
                    Lang::Zh => zh.to_string(),
                    Lang::En => pad(en, 5),
                    Lang::Both => format!("{zh} {}", pad(en, 5)),
                };
                let names = join(
                    names
                        .iter()
                        .map(|n| one_line(&s.lang.label(n, &d.boundary_en(n)))),
                    match s.lang {
                        Lang::Zh => "、",
                        _ => "; ",
                    },
                );
                o += &format!("    {}  {names}\n", s.dim(&label));
            }
        }
        Area::Located => {}
    }
    o += &both(&p.area_text);

    o += &heading("重点产业", "Key industries");
    let zw = p
        .industries
        .iter()
        .map(|i| width(&one_line(&i.zh)))
        .max()
        .unwrap_or(0);
    for i in &p.industries {
        o += &match s.lang {
            Lang::Zh => format!("    · {}\n", one_line(&i.zh)),
            Lang::En => format!("    · {}\n", one_line(&i.en)),
            Lang::Both => format!("    · {}  {}\n", pad(&one_line(&i.zh), zw), one_line(&i.en)),
        };
    }
    o += "\n";
    o += &both(&p.industries_text);

    o += &heading("轮廓", "Outline");
    let c = p.outline.confidence;
    o += &format!(
        "    {} {} · {} points · {}\n",
        c.letter(),
        s.pick(&c.describe()),
        p.outline.ring.len(),
        match s.lang {
            Lang::Zh => "示意,非测绘数据",
            Lang::En => "approximate, not survey data",
            Lang::Both => "示意 approximate, not survey data",
        }
    );
    o
}

fn check(file: &std::path::Path, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    match dataset::load_file(file) {
        Ok(d) => {
            let industries: usize = d.platforms.iter().map(|p| p.industries.len()).sum();
            writeln!(
                out,
                "{}: ok: {} platforms, {} industries, {} basemap features, {} plan measures",
                text::sanitize(&file.display().to_string()),
                d.platforms.len(),
                industries,
                d.basemap.len(),
                d.plan.measures.len()
            )?;
            Ok(Outcome::Found)
        }
        Err(e) => {
            writeln!(err, "{e}")?;
            let n = e.diagnostics.len();
            writeln!(err, "{n} problem{} found", if n == 1 { "" } else { "s" })?;
            Ok(Outcome::Error)
        }
    }
}

/// The JSON shape of a platform. Field names are stable; see the README.
#[derive(Debug, Serialize)]
pub struct PlatformJson<'a> {
    pub id: &'a str,
    pub number: u32,
    pub name: &'a dataset::Text,
    pub other_names: &'a [dataset::Text],
    pub kind: &'static str,
    pub kind_name: dataset::Text,
    pub industries: Vec<IndustryJson<'a>>,
    /// Each side's roads and rivers; `null` when the source gives a location instead.
    pub boundary: Option<BoundaryJson>,
    pub location: Option<&'a dataset::Text>,
    pub area_text: &'a dataset::Text,
    pub industries_text: &'a dataset::Text,
    pub outline_confidence: char,
}

#[derive(Debug, Serialize)]
pub struct IndustryJson<'a> {
    pub zh: &'a str,
    pub en: &'a str,
}

#[derive(Debug, Serialize)]
pub struct BoundaryJson {
    pub east: Vec<dataset::Text>,
    pub south: Vec<dataset::Text>,
    pub west: Vec<dataset::Text>,
    pub north: Vec<dataset::Text>,
}

impl<'a> PlatformJson<'a> {
    pub fn new(d: &Dataset, p: &'a Platform) -> Self {
        let side = |v: &Vec<String>| -> Vec<dataset::Text> {
            v.iter()
                .map(|n| dataset::Text {
                    zh: n.clone(),
                    en: d.boundary_en(n),
                })
                .collect()
        };
        let (boundary, location) = match &p.area {
            Area::Bounded {
                east,
                south,
                west,
                north,
            } => (
                Some(BoundaryJson {
                    east: side(east),
                    south: side(south),
                    west: side(west),
                    north: side(north),
                }),
                None,
            ),
            Area::Located => (None, Some(&p.area_text)),
        };
        PlatformJson {
            id: &p.id,
            number: p.number,
            name: &p.name,
            other_names: &p.other_names,
            kind: match p.kind {
                dataset::Kind::Town => "town",
                dataset::Kind::IndustrialPark => "industrial-park",
                dataset::Kind::SoftwarePark => "software-park",
                dataset::Kind::Cluster => "cluster",
            },
            kind_name: p.kind.name(),
            industries: p
                .industries
                .iter()
                .map(|i| IndustryJson {
                    zh: &i.zh,
                    en: &i.en,
                })
                .collect(),
            boundary,
            location,
            area_text: &p.area_text,
            industries_text: &p.industries_text,
            outline_confidence: p.outline.confidence.letter(),
        }
    }
}

fn search(
    d: &Dataset,
    query: &str,
    json: bool,
    limit: Option<usize>,
    s: &Style,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    let index = crate::search::Index::new(d);
    let mut hits = index.search(query);
    hits.truncate(limit.unwrap_or(usize::MAX));
    if hits.is_empty() {
        writeln!(err, "gongshu: no platform matches {:?}", one_line(query))?;
        return Ok(Outcome::NothingFound);
    }
    // Where each hit matched, worked out only for the hits printed.
    let matches: Vec<Vec<Match>> = hits
        .iter()
        .map(|h| index.matches(h.platform, query))
        .collect();
    if json {
        let all: Vec<_> = hits
            .iter()
            .zip(&matches)
            .map(|(h, m)| SearchHitJson::new(d, h, m))
            .collect();
        write_json(out, &all)?;
    } else {
        out.write_all(search_text(d, &hits, &matches, s).as_bytes())?;
    }
    Ok(Outcome::Found)
}

/// One line per hit: number, name, and every field that matched (`matches[i]` for `hits[i]`,
/// best first, as many as fit) with the matched characters highlighted.
pub fn search_text(d: &Dataset, hits: &[Hit], matches: &[Vec<Match>], s: &Style) -> String {
    let names: Vec<String> = hits
        .iter()
        .map(|h| s.pick(&d.platforms[h.platform].name))
        .collect();
    let w1 = names.iter().map(|n| width(n)).max().unwrap_or(0);
    let mut out = String::new();
    for ((h, name), matches) in hits.iter().zip(&names).zip(matches) {
        let number = format!("{:>2}", d.platforms[h.platform].number);
        let mut room = s.width.map(|w| w.saturating_sub(width(&number) + w1 + 4));
        let mut line = format!("{}  {}", s.bold(&number), s.accent(&pad(name, w1)));
        for m in matches {
            let label = field_label(m.field, s.lang);
            if room.is_some_and(|r| r < width(label) + 6) {
                break;
            }
            line.push_str("  ");
            line.push_str(&highlight(
                &m.text,
                &m.positions,
                s,
                room.map(|r| r - width(label) - 5),
            ));
            line.push_str(&s.dim(&format!(" ({label})")));
            room = room.map(|r| r.saturating_sub(width(&one_line(&m.text)) + width(label) + 5));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn field_label(f: crate::search::Field, lang: Lang) -> &'static str {
    use crate::search::Field;
    let zh = lang == Lang::Zh;
    match f {
        Field::Industry(_) | Field::IndustryEn(_) => {
            if zh {
                "产业"
            } else {
                "industry"
            }
        }
        Field::Name | Field::NameEn => {
            if zh {
                "名称"
            } else {
                "name"
            }
        }
        Field::OtherName(_) => {
            if zh {
                "又称"
            } else {
                "also"
            }
        }
        Field::Kind => {
            if zh {
                "类型"
            } else {
                "kind"
            }
        }
        Field::Boundary => {
            if zh {
                "四至"
            } else {
                "boundary"
            }
        }
    }
}

/// `text` made safe for the terminal one character at a time (so positions still line up), the
/// characters at `positions` highlighted, cut to `max` columns.
fn highlight(text: &str, positions: &[usize], s: &Style, max: Option<usize>) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let mut used = 0;
    let mut buf = [0u8; 4];
    for (i, c) in text.chars().enumerate() {
        let shown = one_line(c.encode_utf8(&mut buf));
        let w = width(&shown);
        if max.is_some_and(|m| used + w > m.saturating_sub(1)) {
            out.push_str(&s.paint(&std::mem::take(&mut run), "1;33"));
            out.push('…');
            return out;
        }
        used += w;
        if positions.binary_search(&i).is_ok() {
            run.push_str(&shown);
        } else {
            out.push_str(&s.paint(&std::mem::take(&mut run), "1;33"));
            out.push_str(&shown);
        }
    }
    out.push_str(&s.paint(&run, "1;33"));
    out
}

/// The JSON shape of a search hit. Field names are stable; see the README.
#[derive(Debug, Serialize)]
pub struct SearchHitJson<'a> {
    pub id: &'a str,
    pub number: u32,
    pub name: &'a dataset::Text,
    pub score: i64,
    pub matches: Vec<SearchMatchJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct SearchMatchJson<'a> {
    pub field: &'static str,
    pub text: &'a str,
    /// Character indices into `text`.
    pub positions: &'a [usize],
}

impl<'a> SearchHitJson<'a> {
    /// `matches` are [`crate::search::Index::matches`] for the hit.
    pub fn new(d: &'a Dataset, h: &Hit, matches: &'a [Match]) -> Self {
        let p = &d.platforms[h.platform];
        SearchHitJson {
            id: &p.id,
            number: p.number,
            name: &p.name,
            score: h.score,
            matches: matches
                .iter()
                .map(|m| SearchMatchJson {
                    field: m.field.key(),
                    text: &m.text,
                    positions: &m.positions,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod search_tests {
    use super::*;

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

        let (outcome, out, err) = run_args(&["gongshu", "search", "zzqx"]);
        assert_eq!(outcome, Outcome::NothingFound);
        assert!(out.is_empty());
        assert!(err.contains("no platform matches"), "{err}");
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
    fn highlighting_marks_matched_characters_and_stays_safe() {
        let on = Style {
            lang: Lang::Both,
            color: true,
            width: None,
        };
        assert_eq!(
            highlight("跨境电商", &[2, 3], &on, None),
            "跨境\x1b[1;33m电商\x1b[0m"
        );
        // An escape in the text is shown, not sent, and positions after it still line up.
        assert_eq!(
            highlight("a\x1bbc", &[2], &on, None),
            "a^[\x1b[1;33mb\x1b[0mc"
        );
        let off = Style { color: false, ..on };
        assert_eq!(highlight("跨境电商", &[2, 3], &off, Some(5)), "跨境…");
    }
}
