//! Ways in: the picker command, and what the atlas and the briefing need from the command line
//! to open where asked (`gongshu PLATFORM`, `present --start`).

use std::io::{self, IsTerminal, Write};

use super::json::{PlatformJson, write_json};
use super::print::{self, Printer};
use super::{Cli, Outcome};
use crate::dataset::Dataset;
use crate::lang::Lang;

/// A platform's whole record as plain text: what `gongshu show` prints, without colour and
/// unwrapped (for the clipboard).
pub fn record_text(d: &Dataset, i: usize, lang: Lang) -> String {
    let plain = Printer {
        lang,
        color: false,
        width: None,
        ambiguous_wide: false,
    };
    print::show_text(&crate::sheet::sheet(d, i), &plain)
}

/// The platform the user named (`gongshu 6`, `present --start 6`), looked up as `show` does; on
/// failure the same messages on `err`, and `None`.
pub fn resolve(
    d: &Dataset,
    query: &str,
    cli: &Cli,
    err: &mut dyn Write,
) -> io::Result<Option<usize>> {
    super::data::find(d, query, &Printer::from_cli(cli), err)
}

/// `gongshu pick`: the inline picker on the terminal, then the chosen platform's id (or record,
/// with `--json`) on stdout. 0 chosen, 1 cancelled, 2 no terminal or a bad dataset.
pub fn pick(
    cli: &Cli,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        writeln!(
            err,
            "gongshu: this terminal (TERM=dumb) cannot show the picker"
        )?;
        return Ok(Outcome::Error);
    }
    let Some(crate::cache::Loaded { data: d, .. }) = super::data::load_or_report(cli, err)? else {
        return Ok(Outcome::Error);
    };
    // Colour on the terminal the picker draws on, whatever stdout is.
    let color = match cli.color {
        super::ColorChoice::Always => true,
        super::ColorChoice::Never => false,
        super::ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stderr().is_terminal()
        }
    };
    let chosen = match crate::tui::pick::pick(&d, cli.lang, color) {
        Ok(c) => c,
        Err(e) => {
            writeln!(err, "gongshu: the picker needs a terminal (/dev/tty): {e}")?;
            return Ok(Outcome::Error);
        }
    };
    let Some(i) = chosen else {
        return Ok(Outcome::NothingFound);
    };
    if json {
        write_json(out, &PlatformJson::new(&d, &d.platforms[i]))?;
    } else {
        writeln!(out, "{}", crate::text::one_line(&d.platforms[i].id))?;
    }
    Ok(Outcome::Found)
}
