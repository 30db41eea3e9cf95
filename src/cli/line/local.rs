//! The line mode on this process's own terminal: rustyline reads each line (history, Tab
//! completion, editing with nothing but carriage returns and relative moves), or, when stdin is
//! not a terminal, commands are read a line at a time as a script.

use std::io::{self, BufRead, IsTerminal, Write};

use rustyline::completion::Completer;
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::{History as _, MemHistory};
use rustyline::validate::Validator;
use rustyline::{ColorMode, CompletionType, Config, Context, Editor, Helper};

use super::signals::{Interrupts, Typed, end_on_term_or_hangup, read_line, rustyline_cannot_edit};
use super::{Atlas, History, history_path};
use crate::cli::{Cli, Outcome};

/// The prompt, the same in every language (a screen reader says it before each line).
pub const PROMPT: &str = "gongshu> ";
/// The longest line a script may give; the rest of a longer one is not read as commands.
const MAX_LINE: usize = 64 * 1024;

/// Whether the terminal named by `TERM` cannot address the cursor, so the full-screen atlas
/// cannot be shown: no TERM at all, one of those that say so (`dumb`, Emacs's old `emacs`), or
/// one whose terminfo entry has no `cup` (a printing terminal, `dumb-emacs-ansi`).
pub fn no_cursor_addressing() -> bool {
    match std::env::var("TERM") {
        Ok(t) => {
            let t = t.trim();
            matches!(t, "" | "dumb" | "emacs")
                || super::terminfo::lacks_cursor_address(t, |k| std::env::var(k).ok())
        }
        Err(_) => true,
    }
}

/// Tab completion of commands and platform ids.
struct Completion<'a>(Atlas<'a>);

impl Completer for Completion<'_> {
    type Candidate = String;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(self.0.complete(&line[..pos]))
    }
}

impl Hinter for Completion<'_> {
    type Hint = String;
}
impl Highlighter for Completion<'_> {}
impl Validator for Completion<'_> {}
impl Helper for Completion<'_> {}

/// The line mode: the answers to the lines typed (or given as a script on stdin) on `out`,
/// until quit or the end of input. `gongshu --plain 6` starts by showing platform 6, and
/// `--plain -q 金融` with that search.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Outcome> {
    let Some(loaded) = crate::cli::data::load_or_report(cli, err)? else {
        return Ok(Outcome::Error);
    };
    let atlas = Atlas {
        data: &loaded.data,
        index: loaded.index(),
        lang: cli.lang,
    };
    let first: Vec<String> = cli
        .platform
        .iter()
        .map(|p| format!("show {p}"))
        .chain(cli.query.iter().map(|q| format!("search {q}")))
        .collect();
    // Colour only when asked for: a screen reader has no use for it, and a dumb terminal none.
    let color = cli.color == crate::cli::ColorChoice::Always;
    if io::stdin().is_terminal() {
        interactive(atlas, &first, color, out, err)
    } else {
        script(atlas, &first, color, io::stdin().lock(), out)
    }
}

/// Commands read a line at a time from `input`, each answer written as it comes.
pub fn script(
    atlas: Atlas,
    first: &[String],
    color: bool,
    mut input: impl BufRead,
    out: &mut dyn Write,
) -> io::Result<Outcome> {
    for line in first {
        let a = atlas.answer(line);
        out.write_all(a.said(color, atlas.lang).as_bytes())?;
    }
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = io::Read::take(&mut input, MAX_LINE as u64).read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        if n == MAX_LINE && buf.last() != Some(&b'\n') {
            // The rest of an overlong line is skipped, not taken as more commands.
            let mut rest = Vec::new();
            while input.read_until(b'\n', &mut rest)? > 0 && rest.last() != Some(&b'\n') {
                rest.clear();
            }
        }
        let a = atlas.answer(&String::from_utf8_lossy(&buf));
        out.write_all(a.said(color, atlas.lang).as_bytes())?;
        out.flush()?;
        if a.quit {
            break;
        }
    }
    Ok(Outcome::Found)
}

/// The lines typed at rustyline's prompt, with history and completion.
fn interactive(
    atlas: Atlas,
    first: &[String],
    color: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<Outcome> {
    // Ctrl-C (or SIGINT from elsewhere) drops the line and gives a fresh prompt; rustyline
    // reads the key where it edits the line and catches the signal while it waits. SIGTERM and
    // SIGHUP end the session with the terminal as it was.
    let interrupts = Interrupts::catch()?;
    end_on_term_or_hangup()?;
    let direct = rustyline_cannot_edit(std::env::var("TERM").ok().as_deref());
    let mut pending = Vec::new();
    let config = Config::builder()
        .auto_add_history(false)
        .completion_type(CompletionType::List)
        .color_mode(ColorMode::Disabled)
        .max_history_size(super::history::MAX_LINES)
        .map_err(io::Error::other)?
        .build();
    let kept = MemHistory::with_config(&config);
    let mut editor: Editor<Completion, MemHistory> =
        Editor::with_history(config, kept).map_err(io::Error::other)?;
    editor.set_helper(Some(Completion(atlas)));
    let (mut history, problem) = History::open(history_path());
    if let Some(e) = problem {
        say_history_problem(&history, &e, err)?;
    }
    for line in &history.lines {
        let _ = editor.history_mut().add(line);
    }
    let mut told = false;
    out.write_all(atlas.welcome().as_bytes())?;
    for line in first {
        out.write_all(atlas.answer(line).said(color, atlas.lang).as_bytes())?;
    }
    out.flush()?;
    loop {
        let line = if direct {
            out.write_all(PROMPT.as_bytes())?;
            out.flush()?;
            match read_line(&interrupts, &mut pending, MAX_LINE)? {
                Typed::Line(line) => line,
                Typed::Interrupted => {
                    // The terminal shows ^C and drops the line; the prompt goes on a new line.
                    out.write_all(b"\n")?;
                    continue;
                }
                Typed::End => {
                    // Ctrl-D: whatever comes after starts on a line of its own.
                    out.write_all(b"\n")?;
                    out.flush()?;
                    return Ok(Outcome::Found);
                }
            }
        } else {
            match editor.readline(PROMPT) {
                Ok(line) => line,
                Err(ReadlineError::Interrupted) => continue,
                Err(ReadlineError::Eof) => return Ok(Outcome::Found),
                Err(ReadlineError::Io(e)) => return Err(e),
                Err(e) => return Err(io::Error::other(e)),
            }
        };
        let _ = editor.history_mut().add(line.trim());
        if let Err(e) = history.add(&line)
            && !std::mem::replace(&mut told, true)
        {
            say_history_problem(&history, &e, err)?;
        }
        let a = atlas.answer(&line);
        out.write_all(a.said(color, atlas.lang).as_bytes())?;
        out.flush()?;
        if a.quit {
            return Ok(Outcome::Found);
        }
    }
}

/// Said once: the history could not be read or kept; the session goes on without it.
fn say_history_problem(history: &History, e: &io::Error, err: &mut dyn Write) -> io::Result<()> {
    let path = history
        .path()
        .map(|p| crate::text::visible_line(&p.display().to_string()))
        .unwrap_or_default();
    writeln!(err, "gongshu: cannot keep the history in {path}: {e}")?;
    err.flush()
}
