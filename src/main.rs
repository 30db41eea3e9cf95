//! The `gongshu` binary: parse the command line, then open the atlas or run a lookup command,
//! and map the outcome to an exit code (0 found, 1 nothing found, 2 usage or data error).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use gongshu::cli::{self, Cli};
use gongshu::tui::present::spotlights;
use gongshu::tui::theme::{ColorDepth, Theme, ThemeKind};

/// Messages that never panic when stderr is gone (a closed terminal, a closed pipe).
macro_rules! eprintln {
    ($($t:tt)*) => { gongshu::output::eprintln(format_args!($($t)*)) };
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let present = matches!(cli.command, Some(cli::Command::Present { .. }));
    if present || (cli.command.is_none() && std::io::stdout().is_terminal()) {
        return interactive(&cli);
    }
    // A closed pipe keeps the command's own exit code; other write errors are exit 2.
    gongshu::output::run(|out, err| cli::run(&cli, out, err).map(|o| o.code()))
}

/// Print clap's message (help, version or a usage error) with the user's own arguments made safe:
/// an argument can hold escape sequences too. Help and version exit 0, usage errors 2.
fn usage_error(e: clap::Error) -> ExitCode {
    let text = e.render().to_string();
    let text = gongshu::text::sanitize(&text);
    gongshu::output::print(&text, e.use_stderr(), e.exit_code() as u8)
}

/// Open the TUI, after everything that can fail without touching the terminal has been checked.
fn interactive(cli: &Cli) -> ExitCode {
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        eprintln!(
            "gongshu: this terminal (TERM=dumb) cannot show the interactive atlas.\n\
             Try the lookup commands: gongshu list, gongshu show 1, gongshu search 电商, gongshu map"
        );
        return ExitCode::from(2);
    }
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!("gongshu: the interactive atlas needs a terminal; try `gongshu list`");
        return ExitCode::from(2);
    }
    let data = match cli::load(cli) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("gongshu: cannot load the dataset\n{e}");
            return ExitCode::from(2);
        }
    };
    // The footer has little room: the file's name, not its path.
    let name = match &cli.data {
        Some(p) => p
            .file_name()
            .unwrap_or(p.as_os_str())
            .to_string_lossy()
            .into_owned(),
        None => "gongshu.ron".to_string(),
    };
    let color = cli.color.enabled();
    let result = match &cli.command {
        Some(cli::Command::Present {
            interval,
            looping,
            spotlight,
        }) => {
            let kind = cli.theme.unwrap_or(ThemeKind::Contrast);
            let spotlights = match spotlights(&data, spotlight) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("gongshu: {e}");
                    return ExitCode::from(1);
                }
            };
            let opts = gongshu::tui::PresentOptions {
                lang: cli.lang,
                theme: Theme::new(color, kind).with_depth(ColorDepth::from_env()),
                interval: *interval,
                looping: *looping,
                spotlights,
            };
            gongshu::tui::present(data, opts)
        }
        _ => {
            let opts = gongshu::tui::Options {
                lang: cli.lang,
                color,
                mouse: cli.mouse(),
                theme: cli.theme.unwrap_or_default(),
            };
            gongshu::tui::run(data, name, opts)
        }
    };
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
