//! Finding what a command works on: the dataset the command line names, and a platform by what the
//! user typed (with a helpful message when that fails).

use std::io::{self, Write};

use super::Cli;
use super::print::Printer;
use crate::cache::{self, Loaded};
use crate::dataset::{self, Dataset, Lookup as Found, Platform};
use crate::text::one_line;

/// Load the dataset the command line names, or the embedded one, with its search index; with
/// the map's facts too when the map will be drawn (`map`).
pub fn load(cli: &Cli, map: bool) -> Result<Loaded, dataset::LoadError> {
    match &cli.data {
        Some(path) => cache::load_file(path, map),
        None => Ok(cache::embedded()),
    }
}

/// The dataset, or `None` after saying on `err` why it cannot be loaded.
pub fn load_or_report(cli: &Cli, err: &mut dyn Write) -> io::Result<Option<Loaded>> {
    match load(cli, false) {
        Ok(d) => Ok(Some(d)),
        Err(e) => {
            writeln!(err, "gongshu: cannot load the dataset\n{e}")?;
            Ok(None)
        }
    }
}

/// Look a platform up by what the user typed; when that fails, say why on `err`.
pub fn find(
    d: &Dataset,
    query: &str,
    s: &Printer,
    err: &mut dyn Write,
) -> io::Result<Option<usize>> {
    let line = |p: &Platform| format!("  {:>2}  {}  ({})", p.number, s.pick(&p.name), p.id);
    match d.lookup(query) {
        Found::Found(i) => Ok(Some(i)),
        Found::Ambiguous(v) => {
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
        Found::NotFound(v) => {
            writeln!(err, "gongshu: no platform matches {:?}", one_line(query))?;
            if !v.is_empty() {
                writeln!(err, "did you mean:")?;
                for i in v {
                    writeln!(err, "{}", line(&d.platforms[i]))?;
                }
            }
            writeln!(err, "(`gongshu list` shows them all)")?;
            // An industry or a road rather than a platform: a search finds where it is.
            if !crate::search::Index::new(d).search(query).is_empty() {
                writeln!(err, "try: gongshu search {}", shell_word(&one_line(query)))?;
            }
            Ok(None)
        }
    }
}

/// `s` as one shell word: as it is when that is safe, else in single quotes.
fn shell_word(s: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_.,:/+@%".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The platform the user named (`gongshu 6`, `present --start 6`), looked up as `show` does; on
/// failure the same messages on `err`, and `None`.
pub fn resolve(
    d: &Dataset,
    query: &str,
    cli: &Cli,
    err: &mut dyn Write,
) -> io::Result<Option<usize>> {
    find(d, query, &Printer::from_cli(cli), err)
}
