//! The command line: clap definitions (`args`), the print-and-exit commands (`commands`), and
//! their text (`print`) and JSON (`json`) output.
//!
//! Every command writes to a `Write` it is given and returns an [`Outcome`], so tests run them
//! without a process. Exit codes follow grep: 0 found, 1 nothing found, 2 usage or data error.
//! `output` is stdout and stderr for them, with those exit codes on write errors.
//!
//! Below `serve` and the binary; imports the view (the map, exports) and, for `gongshu pick`
//! only, the local `terminal`. The printer (`print`) is the one place here that asks the
//! terminal anything (its size).

mod args;
mod commands;
mod complete;
pub mod config;
pub(crate) mod data;
mod export;
pub mod forgive;
pub mod json;
pub mod limits;
pub mod line;
pub mod manual;
pub mod output;
pub mod pick;
pub mod print;
mod where_cmd;
mod wrap;

pub use crate::lang::Lang;
pub use args::{Cli, ColorChoice, Command, ExportFormat, Lookup, ServeArgs};
pub use commands::{MapArgs, Remote, map_command, run, run_remote};
pub use data::{load, resolve};
pub use print::{Printer, record_text};

/// The names of the commands, as typed (visible ones and their aliases).
pub fn command_names() -> Vec<String> {
    names_of(&<Cli as clap::CommandFactory>::command())
}

/// The commands of an already built parser (building it is most of a lookup's start-up).
pub fn names_of(cmd: &clap::Command) -> Vec<String> {
    cmd.get_subcommands()
        .filter(|c| !c.is_hide_set())
        .flat_map(|c| {
            std::iter::once(c.get_name().to_string()).chain(c.get_all_aliases().map(String::from))
        })
        .collect()
}

/// How a command ended; maps to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Found,
    NothingFound,
    Error,
    /// Ctrl-C in the picker: the status an interrupt (SIGINT) ends the program with anywhere.
    Interrupted,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Found => 0,
            Outcome::NothingFound => 1,
            Outcome::Error => 2,
            Outcome::Interrupted => 128 + libc::SIGINT as u8,
        }
    }
}
