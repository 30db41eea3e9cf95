//! The `gongshu` binary: parse the command line, then open the atlas or run a lookup command,
//! and map the outcome to an exit code (0 found, 1 nothing found, 2 usage or data error).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::FromArgMatches;
use gongshu::ambiguous::AmbiguousWidth;
use gongshu::app::briefing::spotlights;
use gongshu::cli::{self, Cli};
use gongshu::view::theme::{ColorDepth, Theme, ThemeKind};
use std::time::Duration;

/// Messages that never panic when stderr is gone (a closed terminal, a closed pipe).
macro_rules! eprintln {
    ($($t:tt)*) => { gongshu::cli::output::eprintln(format_args!($($t)*)) };
}

/// Look at stdout before the Rust runtime does: it opens /dev/null on a closed one, which would
/// make `gongshu list >&-` look like `gongshu list >/dev/null` (an ELF initializer runs before
/// the runtime starts).
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static LOOK_AT_STDOUT: extern "C" fn() = {
    extern "C" fn look() {
        let open = gongshu::cli::output::stdout_is_open();
        gongshu::cli::output::note_stdout_at_start(open);
    }
    look
};

fn main() -> ExitCode {
    gongshu::heap::grow_in_large_steps();
    let code = run();
    // A large dataset's cache entry may still be going to disk while the answer was printed.
    gongshu::cache::finish_writing();
    code
}

fn run() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The parser is built once: its commands name the typos, then it parses.
    let mut command = <Cli as clap::CommandFactory>::command();
    let typo = cli::forgive::misspelt_command(&args, &cli::names_of(&command), |data| match data {
        Some(path) => gongshu::dataset::load_file(path).ok(),
        None => Some(gongshu::dataset::embedded()),
    });
    if let Some(message) = typo {
        eprintln!("{message}");
        return ExitCode::from(2);
    }
    let parsed = command.try_get_matches_from_mut(&args);
    // Never freed: the parser is thousands of small allocations, and freeing them was 6 % of
    // a lookup's instructions. It is built once, so nothing grows.
    std::mem::forget(command);
    let matches = match parsed {
        Ok(m) => m,
        // Help without the global options the command ignores.
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => {
            let text = cli::manual::help(std::env::args_os().skip(1));
            return gongshu::cli::output::print(&gongshu::text::sanitize(&text), false, 0);
        }
        Err(e) => return usage_error(e),
    };
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    // The config file, like a dataset, is checked before anything else happens.
    if let Err(e) = cli::config::settle(&mut cli, &matches) {
        eprintln!("gongshu: bad config file\n{e}");
        return ExitCode::from(2);
    }
    if let Some(cli::Command::Pick { json }) = cli.command {
        return gongshu::cli::output::run(|out, err| {
            cli::pick::pick(&cli, json, out, err).map(|o| o.code())
        });
    }
    if let Some(cli::Command::Serve(args)) = &cli.command {
        return serve(&cli, args);
    }
    if cli.command.is_none() {
        // The line mode: asked for, or the terminal cannot show a screen. A config file asks
        // for it on a terminal only; `--plain` anywhere (a script on stdin).
        let (plain, why) = cli::config::plain(&cli);
        if plain && (why == cli::config::Source::Flag || std::io::stdout().is_terminal()) {
            return gongshu::cli::output::run(|out, err| {
                cli::line::run(&cli, out, err).map(|o| o.code())
            });
        }
    }
    let present = matches!(cli.command, Some(cli::Command::Present { .. }));
    if present || (cli.command.is_none() && std::io::stdout().is_terminal()) {
        return interactive(&cli);
    }
    gongshu::cache::abandon_writes_on_signals();
    // A closed pipe keeps the command's own exit code; other write errors are exit 2.
    gongshu::cli::output::run(|out, err| cli::run(&cli, out, err).map(|o| o.code()))
}

/// Print clap's message (help, version or a usage error) with the user's own arguments made safe:
/// an argument can hold escape sequences too. Help and version exit 0, usage errors 2.
fn usage_error(e: clap::Error) -> ExitCode {
    let text = e.render().to_string();
    let text = gongshu::text::sanitize(&text);
    gongshu::cli::output::print(&text, e.use_stderr(), e.exit_code() as u8)
}

/// Open the atlas or the briefing, after everything that can fail without touching the terminal
/// has been checked: the terminal itself, the dataset, the platform to start at.
fn interactive(cli: &Cli) -> ExitCode {
    if let Err(code) = check_terminal() {
        return code;
    }
    let present = matches!(cli.command, Some(cli::Command::Present { .. }));
    let loaded = match load_for_screen(cli, present) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let start = match start_platform(cli, &loaded.data) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Only once the command line is known good is the terminal asked anything: a mistyped name
    // gets its message on a clean line.
    let (loaded, wide, theme, sized_text) = ask_and_widen(cli, present, loaded);
    let result = match &cli.command {
        Some(cli::Command::Present {
            interval,
            looping,
            spotlight,
            share,
            console,
            notes,
            ..
        }) => {
            let briefing = Briefing {
                interval: *interval,
                looping: *looping,
                spotlight,
                share: *share,
                sized_text,
                console: *console,
                notes: notes.as_deref(),
            };
            match run_briefing(cli, loaded.data, briefing, start, (wide, theme)) {
                Ok(result) => result,
                Err(code) => return code,
            }
        }
        _ => run_atlas(cli, loaded, start, (wide, theme)),
    };
    exit_code(result)
}

/// Refuse a terminal that cannot show a full screen, before anything is loaded (the atlas went
/// to the line mode before this; the briefing is refused).
fn check_terminal() -> Result<(), ExitCode> {
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        eprintln!("gongshu: {}", gongshu::serve::DUMB_TERMINAL);
        return Err(ExitCode::from(2));
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!("gongshu: the interactive atlas needs a terminal; try `gongshu list`");
        return Err(ExitCode::from(2));
    }
    Ok(())
}

/// The dataset for the screen (the atlas draws the map from its facts; a briefing works out its
/// own).
fn load_for_screen(cli: &Cli, present: bool) -> Result<gongshu::cache::Loaded, ExitCode> {
    cli::load(cli, !present).map_err(|e| {
        eprintln!("gongshu: cannot load the dataset\n{e}");
        ExitCode::from(2)
    })
}

/// The start-up questions answered: whether the terminal draws ambiguous-width characters wide
/// (then the text is widened, and its index built from the widened text), and the theme: the
/// briefing's default is the projector's contrast, the atlas's follows the terminal.
fn ask_and_widen(
    cli: &Cli,
    present: bool,
    loaded: gongshu::cache::Loaded,
) -> (gongshu::cache::Loaded, bool, ThemeKind, bool) {
    let asked = if present {
        cli.theme.unwrap_or(ThemeKind::Contrast)
    } else {
        cli.theme.unwrap_or_default()
    };
    // The briefing draws names at twice the size where the terminal says it can.
    let (wide, theme, sized) = ask_terminal(cli.ambiguous_width, asked, present);
    if !wide {
        return (loaded, false, theme, sized);
    }
    let mut data = loaded.data;
    gongshu::ambiguous::widen_dataset(&mut data);
    (gongshu::cache::Loaded::new(data), true, theme, sized)
}

/// The platform named on the command line (`gongshu 6`, `present --start 6`), looked up before
/// the terminal is touched, with the messages and exit status `show` has.
fn start_platform(cli: &Cli, data: &gongshu::dataset::Dataset) -> Result<Option<usize>, ExitCode> {
    let named = match &cli.command {
        Some(cli::Command::Present { start, .. }) => start.as_ref(),
        _ => cli.platform.as_ref(),
    };
    let Some(q) = named else {
        return Ok(None);
    };
    match cli::resolve(data, q, cli, &mut std::io::stderr()) {
        Ok(Some(i)) => Ok(Some(i)),
        _ => Err(ExitCode::from(1)),
    }
}

/// The footer has little room: the dataset file's name, not its path; empty for the built-in
/// data, which the footer names in the user's language.
fn dataset_name(cli: &Cli) -> String {
    match &cli.data {
        Some(p) => p
            .file_name()
            .unwrap_or(p.as_os_str())
            .to_string_lossy()
            .into_owned(),
        None => String::new(),
    }
}

/// The atlas, until the user quits.
fn run_atlas(
    cli: &Cli,
    loaded: gongshu::cache::Loaded,
    start: Option<usize>,
    (wide, theme): (bool, ThemeKind),
) -> std::io::Result<()> {
    let opts = gongshu::terminal::Options {
        lang: cli.lang,
        color: cli.color.enabled(),
        mouse: cli.mouse(),
        theme,
        ambiguous_wide: wide,
        start: gongshu::app::start::Start {
            platform: start,
            query: cli.query.clone(),
            map_style: cli.settings.map_style(),
        },
        record: Some(cli::record_text),
    };
    gongshu::terminal::run(loaded, dataset_name(cli), opts)
}

/// What `gongshu present` asked for beyond the common options.
struct Briefing<'a> {
    interval: Option<Duration>,
    looping: bool,
    spotlight: &'a [String],
    share: Option<std::net::SocketAddr>,
    /// The terminal said it draws sized text (OSC 66).
    sized_text: bool,
    /// The presenter's console, with notes from this file.
    console: bool,
    notes: Option<&'a std::path::Path>,
}

/// The briefing, until the presenter quits; its spotlights found and its share link opened
/// first, so that their errors are reported on a normal screen.
fn run_briefing(
    cli: &Cli,
    data: gongshu::dataset::Dataset,
    briefing: Briefing,
    start: Option<usize>,
    (wide, kind): (bool, ThemeKind),
) -> Result<std::io::Result<()>, ExitCode> {
    let spotlights = spotlights(&data, briefing.spotlight).map_err(|e| {
        eprintln!("gongshu: {e}");
        ExitCode::from(1)
    })?;
    let console = if briefing.console {
        Some(speaker_notes(&data, &spotlights, briefing.notes)?)
    } else {
        None
    };
    let link = match briefing.share {
        Some(addr) => Some(
            // Viewers get the `--theme` asked for, else their own terminal's background.
            share_briefing(
                cli,
                addr,
                &data,
                &spotlights,
                cli.theme.unwrap_or(ThemeKind::Auto),
            )
            .map_err(|e| {
                eprintln!("gongshu: cannot share the briefing: {e}");
                ExitCode::from(2)
            })?,
        ),
        None => None,
    };
    let opts = gongshu::terminal::PresentOptions {
        lang: cli.lang,
        theme: Theme::new(cli.color.enabled(), kind)
            .with_depth(ColorDepth::from_env())
            .with_ambiguous_wide(wide),
        interval: briefing.interval,
        looping: briefing.looping,
        spotlights,
        start,
        share: link.clone(),
        sized_text: briefing.sized_text,
        console,
    };
    let result = gongshu::terminal::present(data, opts);
    if let Some(link) = link {
        // Viewers are told the briefing has ended, then the process goes.
        link.ended.store(true, std::sync::atomic::Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(400));
    }
    Ok(result)
}

/// The speaker notes for the console, checked against the briefing's slide ids; none without a
/// file. A bad file is reported as a bad dataset is, before the terminal is taken.
fn speaker_notes(
    data: &gongshu::dataset::Dataset,
    spotlights: &[gongshu::app::briefing::Spotlight],
    file: Option<&std::path::Path>,
) -> Result<gongshu::dataset::notes::Notes, ExitCode> {
    let Some(file) = file else {
        return Ok(Default::default());
    };
    let mut p =
        gongshu::app::briefing::Presenter::new(data.clone(), gongshu::lang::Lang::Both, false);
    p.spotlights = spotlights.to_vec();
    let ids: Vec<String> = (0..p.count()).map(|i| p.slide_id(i)).collect();
    gongshu::dataset::notes::load(file, &ids).map_err(|e| {
        eprintln!("gongshu: cannot load the speaker notes\n{e}");
        ExitCode::from(2)
    })
}

/// The exit code of a session on the terminal.
fn exit_code(result: std::io::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The terminal went away without a SIGHUP: end as a hangup would.
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => ExitCode::from(129),
        Err(e) => {
            eprintln!("gongshu: terminal error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The start-up questions to the terminal, asked together in one round trip with a short wait:
/// whether it draws ambiguous-width characters wide (for `auto`, where the locale makes it likely:
/// Chinese, Japanese, Korean; narrow when it does not answer), for `--theme auto`, its
/// background colour, and when `sized` (the briefing), whether it draws sized text (OSC 66; no
/// when it does not answer). Returns the width answer, the theme to use and the sizing answer.
fn ask_terminal(mode: AmbiguousWidth, theme: ThemeKind, sized: bool) -> (bool, ThemeKind, bool) {
    let cjk = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .is_some_and(|v| ["zh", "ja", "ko"].iter().any(|p| v.starts_with(p)));
    let questions = gongshu::probe::Questions {
        ambiguous_width: mode == AmbiguousWidth::Auto && cjk,
        background: theme == ThemeKind::Auto,
        text_sizing: sized,
    };
    let answers = gongshu::terminal::session::probe(questions, Duration::from_millis(300));
    let wide = match mode {
        AmbiguousWidth::Wide => true,
        AmbiguousWidth::Narrow => false,
        AmbiguousWidth::Auto => answers.ambiguous_wide.unwrap_or(false),
    };
    let sized = answers.text_sizing == Some(true);
    (wide, theme.resolve(answers.background), sized)
}

/// Start serving the briefing to viewers, before the terminal is taken: errors (the port taken,
/// no host key) are reported on a normal screen.
fn share_briefing(
    cli: &Cli,
    addr: std::net::SocketAddr,
    data: &gongshu::dataset::Dataset,
    spotlights: &[gongshu::app::briefing::Spotlight],
    kind: ThemeKind,
) -> std::io::Result<gongshu::app::briefing::ShareLink> {
    let host_key = gongshu::serve::default_host_key()
        .ok_or_else(|| std::io::Error::other("no data directory for the host key (HOME unset)"))?;
    let opts = gongshu::serve::Options {
        listen: addr,
        host_key,
        max_sessions: 64,
        // A room of viewers often shares one address.
        max_per_address: 64,
        idle_timeout: Duration::from_secs(300),
        keepalive: Duration::from_secs(15),
        handshake_timeout: Duration::from_secs(10),
        max_session_time: None,
        max_startups: Default::default(),
        // A room of viewers joining at once, from one address.
        connection_rate: gongshu::serve::Rate {
            burst: 64,
            per: Duration::from_secs(10),
        },
        proxy_from: Vec::new(),
        lang: cli.lang,
        dataset_name: String::new(),
    };
    let link = gongshu::app::briefing::ShareLink::default();
    let share = gongshu::serve::Share {
        link: link.clone(),
        spotlights: spotlights.to_vec(),
        theme: kind,
    };
    let fingerprint = gongshu::serve::share(data.clone(), opts, share)?;
    eprintln!("gongshu: sharing the briefing on {addr} (host key {fingerprint})");
    Ok(link)
}

/// `gongshu serve`: the dataset is loaded and checked first, then served until a signal.
fn serve(cli: &Cli, args: &cli::ServeArgs) -> ExitCode {
    if let Some(e) = gongshu::serve::restart_without_thread_caches() {
        eprintln!(
            "gongshu: serve: could not restart with glibc's thread caches off ({e}); running with them"
        );
    }
    let data = match cli::load(cli, false) {
        Ok(d) => d.data,
        Err(e) => {
            eprintln!("gongshu: cannot load the dataset\n{e}");
            return ExitCode::from(2);
        }
    };
    let Some(host_key) = args
        .host_key
        .clone()
        .or_else(gongshu::serve::default_host_key)
    else {
        eprintln!("gongshu: no data directory (HOME unset); give --host-key FILE");
        return ExitCode::from(2);
    };
    let dataset_name = dataset_name(cli);
    let opts = gongshu::serve::Options {
        listen: args.listen,
        host_key,
        max_sessions: args.max_sessions as usize,
        max_per_address: args.max_per_address as usize,
        idle_timeout: Duration::from_secs(args.idle_timeout),
        keepalive: Duration::from_secs(args.keepalive),
        handshake_timeout: Duration::from_secs(args.handshake_timeout),
        max_session_time: args.max_session_time.map(Duration::from_secs),
        max_startups: args.max_startups,
        connection_rate: args.connection_rate,
        proxy_from: args.proxy_protocol.clone(),
        lang: cli.lang,
        dataset_name,
    };
    match gongshu::serve::run(data, opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gongshu: serve: {e}");
            ExitCode::from(2)
        }
    }
}
