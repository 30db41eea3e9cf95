//! `gongshu pick`: the inline picker on the terminal, then the chosen platform on stdout.

use std::io::{self, IsTerminal, Write};

use super::json::{PlatformJson, write_json};
use super::{Cli, Outcome};

/// `gongshu pick`: the inline picker on the terminal, then the chosen platform's id (or record,
/// with `--json`) on stdout. 0 chosen, 1 cancelled (Esc), 2 no terminal or a bad dataset, 130
/// interrupted (Ctrl-C), as SIGINT ends the program anywhere.
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
    use crate::terminal::pick::Outcome as Picked;
    let i = match crate::terminal::pick::pick(&d, cli.lang, color) {
        Ok(Picked::Chosen(i)) => i,
        Ok(Picked::Cancelled | Picked::Open) => return Ok(Outcome::NothingFound),
        Ok(Picked::Interrupted) => return Ok(Outcome::Interrupted),
        Err(e) => {
            writeln!(err, "gongshu: the picker needs a terminal (/dev/tty): {e}")?;
            return Ok(Outcome::Error);
        }
    };
    if json {
        write_json(out, &PlatformJson::new(&d, &d.platforms[i]))?;
    } else {
        writeln!(out, "{}", crate::text::one_line(&d.platforms[i].id))?;
    }
    Ok(Outcome::Found)
}
