//! The command line's shape: clap definitions only.

use std::io::{self, IsTerminal};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::ambiguous::AmbiguousWidth;
use crate::lang::Lang;
use crate::map::MapStyle;
use crate::view::theme::ThemeKind;

#[derive(Debug, Parser)]
#[command(
    name = "gongshu",
    version,
    about = "A terminal atlas of the ten industry platforms of Gongshu District (拱墅区), Hangzhou",
    long_about = "A terminal atlas of the ten industry platforms of Gongshu District (拱墅区), Hangzhou.\n\n\
        With no command it opens the interactive atlas on a terminal and prints the list otherwise;\n\
        `gongshu PLATFORM` opens it at a platform (prints the platform when not on a terminal), and\n\
        `--query` with a search applied (prints the search).\n\
        Exit status: 0 found, 1 nothing found, 2 usage or data error."
)]
pub struct Cli {
    /// Open the atlas at this platform: an id (kangqiao-health), a number (6) or a name, as
    /// `show` takes them.
    #[arg(value_name = "PLATFORM")]
    pub platform: Option<String>,
    /// Open the atlas with this search applied (e.g. -q 电商).
    #[arg(short, long, value_name = "QUERY", value_parser = QueryArg)]
    pub query: Option<String>,
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
    pub theme: Option<ThemeKind>,
    /// How the terminal draws ambiguous-width characters (box drawing, ·, arrows, curly quotes):
    /// wide for terminals set up for Chinese; auto asks the terminal when the locale is Chinese,
    /// Japanese or Korean, and assumes narrow otherwise.
    #[arg(long, global = true, value_enum, default_value_t = AmbiguousWidth::Auto)]
    pub ambiguous_width: AmbiguousWidth,
    /// Capture the mouse in the atlas (default: on, except over SSH).
    #[arg(long, overrides_with = "no_mouse")]
    pub mouse: bool,
    /// Leave the mouse to the terminal (text selection works as usual).
    #[arg(long)]
    pub no_mouse: bool,
    /// The atlas as whole lines for screen readers and minimal terminals: type `list`, `show 3`,
    /// `search 金融`, `help` (or 列表, 显示, 搜索, 帮助) and hear sentences back. The default
    /// when TERM=dumb or unset or cannot address the cursor; reads commands from stdin when it
    /// is not a terminal.
    #[arg(long)]
    pub plain: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The settings in effect and where each came from, once the config file is read.
    #[arg(skip)]
    pub settings: super::config::Settings,
}

impl Cli {
    /// Mouse capture: as asked (by flag or config file), else on unless this is an SSH session
    /// (where it costs bytes and breaks the terminal's own selection).
    pub fn mouse(&self) -> bool {
        super::config::mouse(self).0
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(flatten)]
    Lookup(Lookup),
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
    /// Pick a platform from an inline list below the prompt and print its id (for scripts:
    /// `id=$(gongshu pick)`); exit 1 on Esc.
    Pick {
        /// Print the chosen platform's record as JSON instead of its id.
        #[arg(long)]
        json: bool,
    },
    /// Print the settings in effect and where each came from (default, config file, flag or
    /// environment), and where the config file is looked for.
    Config,
    /// Print the dataset's platform ids and numbers, one a line (for shell completion).
    #[command(name = "__complete-ids", hide = true)]
    CompleteIds,
    /// Write the briefing's slides (or one screen of the atlas) as SVG, a handout of every slide,
    /// the plan and the source as one self-contained HTML page, or the geometry as GeoJSON.
    Export {
        /// svg: one file per slide into the --out folder, or the --screen into the --out file;
        /// html: the handout into the --out file; geojson: the district, every platform and the
        /// basemap (WGS84, approximate, not GCJ-02) into the --out file.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The file (or, for the slides as SVG, the folder) to write.
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// Columns and rows to draw at, as a terminal of that size would show them.
        #[arg(long, value_name = "WxH", default_value = "160x48", value_parser = parse_size)]
        size: (u16, u16),
        /// A screen of the atlas instead of the slides.
        #[arg(long, value_enum)]
        screen: Option<crate::export::ScreenKind>,
        /// Select this platform on the screen: an id, a number or a name.
        #[arg(long, value_name = "ID|NUMBER|NAME")]
        select: Option<String>,
        /// The map's style (default: fill, or ascii with --color never).
        #[arg(long, value_enum)]
        style: Option<MapStyle>,
        /// Spotlight slides after the overview, as `present --spotlight`.
        #[arg(long, value_name = "QUERY,…", value_delimiter = ',', value_parser = QueryArg)]
        spotlight: Vec<String>,
    },
    /// Serve the atlas and the lookup commands over SSH to anyone, with no account: `ssh -p 2222
    /// HOST` opens the atlas, `ssh -p 2222 HOST search 电商` runs a lookup; nothing else runs.
    Serve(ServeArgs),
    /// Briefing mode: one platform per slide, full screen, for a projector and a clicker.
    Present {
        /// Advance to the next slide after this many seconds without a key.
        #[arg(long, value_name = "SECONDS", value_parser = parse_interval)]
        interval: Option<std::time::Duration>,
        /// After the last slide, start again (for an unattended screen).
        #[arg(long = "loop")]
        looping: bool,
        /// After the overview, one slide per query with the platforms it finds lit up on the map
        /// and listed: `--spotlight 金融,电商`.
        #[arg(long, value_name = "QUERY,…", value_delimiter = ',', value_parser = QueryArg)]
        spotlight: Vec<String>,
        /// Open at this platform's slide: an id, a number or a name.
        #[arg(long, value_name = "ID|NUMBER|NAME")]
        start: Option<String>,
        /// Also serve the briefing over SSH on this address: every viewer (`ssh -p PORT HOST`)
        /// follows the current slide at their own size and language. The host key is the one
        /// `serve` uses.
        #[arg(long, value_name = "ADDR:PORT")]
        share: Option<std::net::SocketAddr>,
        /// With --share: this terminal becomes the presenter's console (the current and next
        /// slide, the time, the speaker notes) while the viewers see the slide.
        #[arg(long, requires = "share")]
        console: bool,
        /// With --console: speaker notes, a RON map from slide id to text, e.g.
        /// `{ "title": "Welcome.", "canal-wealth": "Start with finance." }`. Never sent to viewers.
        #[arg(long, value_name = "FILE", requires = "console")]
        notes: Option<std::path::PathBuf>,
    },
}

/// `gongshu serve`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// The address and port to listen on (serving beyond loopback is an explicit choice).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
    pub listen: std::net::SocketAddr,
    /// The server's private key: made on first start (owner-only permissions) and reused after.
    /// Default: gongshu/host_key in the user's data directory.
    #[arg(long, value_name = "FILE")]
    pub host_key: Option<PathBuf>,
    /// At most this many connections at once; past it a client is told to try later.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_sessions: u32,
    /// At most this many connections at once from one client address.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_per_address: u32,
    /// Close a connection after this many seconds without a key typed (window changes and
    /// keepalive replies do not count).
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub idle_timeout: u64,
    /// Ask the client every this many seconds whether it is still there; three unanswered and
    /// the connection is closed (sshd's ClientAliveInterval; replies are not activity).
    #[arg(long, value_name = "SECONDS", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub keepalive: u64,
    /// Close a connection not authenticated this many seconds after it was accepted.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub handshake_timeout: u64,
    /// Close any connection this many seconds after it was accepted (default: no limit).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=604_800))]
    pub max_session_time: Option<u64>,
    /// Connections not yet authenticated, as sshd's MaxStartups: from START, new ones are
    /// dropped with probability RATE%, rising to 100% at FULL. They hold no session slot.
    #[arg(long, value_name = "START:RATE:FULL", default_value = "16:30:32")]
    pub max_startups: super::limits::Startups,
    /// New connections from one address: N at once, refilled over SECONDS (a token bucket);
    /// past it a connection is closed at once.
    #[arg(long, value_name = "N/SECONDS", default_value = "10/10")]
    pub connection_rate: super::limits::Rate,
    /// Behind TCP load balancers at these addresses (comma-separated): each of their connections
    /// starts with a PROXY protocol v2 header (HAProxy's send-proxy-v2) naming the client, whose
    /// address the limits and the log then see. A connection from them without one, or a header
    /// from any other address, is refused.
    #[arg(long, value_name = "ADDR[,ADDR...]", value_delimiter = ',')]
    pub proxy_protocol: Vec<std::net::IpAddr>,
}

/// The commands that print from a dataset and exit.
#[derive(Debug, Subcommand)]
pub enum Lookup {
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
        /// Characters to draw with: fill (each platform in its own colour; the default with
        /// colour), ascii (works everywhere; the default without colour) or unicode (box drawing).
        #[arg(long, value_enum)]
        style: Option<MapStyle>,
        /// Fill and label this platform: an id, a number or a name.
        #[arg(long, value_name = "ID|NUMBER|NAME")]
        select: Option<String>,
        /// Light up the platforms a search for this finds and dim the rest (exit 1 if none).
        #[arg(long, value_name = "QUERY", value_parser = QueryArg)]
        spotlight: Option<String>,
    },
    /// Where a platform lies in the district, in words: its part of the district, the platforms
    /// it adjoins or is nearest to (direction and km), the canal, rivers and railway by it, the
    /// roads that bound it and how sure its outline is; with no platform, the district's layout.
    Where {
        /// An id (canal-wealth), a number (1-10) or a name; none for the whole district.
        platform: Option<String>,
        /// Print a JSON object instead of sentences.
        #[arg(long)]
        json: bool,
    },
    /// Every other platform by distance from one, nearest first, with its direction.
    Near {
        /// An id (canal-wealth), a number (1-10) or a name.
        platform: String,
        /// Print a JSON object instead of sentences.
        #[arg(long)]
        json: bool,
    },
    /// Platforms ranked for a query in Chinese, pinyin, pinyin initials or English (all words must match).
    Search {
        /// For example 电商, dianshang, ds, e-commerce, fintech, "金融 internet".
        #[arg(value_parser = QueryArg)]
        query: String,
        /// Print a JSON array instead of text.
        #[arg(long)]
        json: bool,
        /// Print at most this many platforms (1 or more).
        #[arg(long, value_name = "N", value_parser = parse_limit)]
        limit: Option<usize>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Svg,
    Html,
    /// The district, the platforms and the basemap as an RFC 7946 FeatureCollection.
    Geojson,
}

fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let bad = || format!("{s:?} is not a size like 160x48");
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h) = (w.trim().parse::<u16>(), h.trim().parse::<u16>());
    match (w, h) {
        (Ok(w), Ok(h)) if w <= 1000 && h <= 500 => Ok((w, h)),
        (Ok(_), Ok(_)) => Err("at most 1000x500".into()),
        _ => Err(bad()),
    }
}

fn parse_limit(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("a number of platforms, 1 or more".into()),
    }
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

/// The longest query the command line takes, in bytes and in words: matching's cost grows with
/// both, and no real search needs more. (The atlas's search line has a cap of its own.)
pub const MAX_QUERY_BYTES: usize = 4096;
pub const MAX_QUERY_WORDS: usize = 64;

/// A query from the command line, refused (a usage error, exit 2) when longer than a search can
/// be. The message does not repeat the query: it is the long thing.
#[derive(Clone)]
struct QueryArg;

impl clap::builder::TypedValueParser for QueryArg {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        use clap::error::ErrorKind;
        let q = value.to_str().ok_or_else(|| {
            clap::Error::raw(ErrorKind::InvalidUtf8, "the query is not valid UTF-8\n")
        })?;
        if q.len() > MAX_QUERY_BYTES {
            return Err(clap::Error::raw(
                ErrorKind::ValueValidation,
                format!(
                    "the query is {} bytes long; a query may be at most {MAX_QUERY_BYTES}\n",
                    q.len()
                ),
            ));
        }
        let words = q.split_whitespace().count();
        if words > MAX_QUERY_WORDS {
            return Err(clap::Error::raw(
                ErrorKind::ValueValidation,
                format!(
                    "the query has {words} words; a query may have at most {MAX_QUERY_WORDS}\n"
                ),
            ));
        }
        Ok(q.to_string())
    }
}
