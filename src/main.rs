//! The `gongshu` binary: parse the command line, run, map the outcome to an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use gongshu::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (stdout, stderr) = (std::io::stdout(), std::io::stderr());
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    match cli::run(&cli, &mut out, &mut err) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        // A closed pipe (`gongshu list | head -1`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "gongshu: {e}");
            ExitCode::from(2)
        }
    }
}
