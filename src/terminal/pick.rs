//! The picker: `gongshu pick`, an inline list below the prompt (as fzf draws), a query line and
//! the ranked platforms a few rows high. It draws on the terminal itself (`/dev/tty`), so it
//! works with stdout a pipe or a file (`id=$(gongshu pick)`), and clears its rows when done.
//!
//! Input is read as the atlas reads it ([`super::input`]): all that is waiting at once, a
//! bracketed paste as one edit (given up when its end never comes), and a burst of typing searched
//! once. Ctrl-C in a burst acts before anything typed with it, and inside a paste it ends the
//! paste: it always interrupts, with the status SIGINT gives (130).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::app::keys::{self, PickAction};
use crate::app::search_line::{Edit, SearchLine};
use crate::dataset::Dataset;
use crate::lang::Lang;
use crate::search::{Hit, Index};
use crate::text;
use crate::words::Word;

/// Rows of platforms shown under the query line.
const ROWS: u16 = 8;

/// The picker's state: the query, the ranked hits and the selected row.
pub struct Picker<'a> {
    data: &'a Dataset,
    index: Index,
    lang: Lang,
    pub line: SearchLine,
    hits: Vec<Hit>,
    hits_query: String,
    pub selected: usize,
    offset: usize,
    /// The query changed since `hits` were found: searched once before they are next needed,
    /// however many keys changed it.
    stale: bool,
}

/// How a key left the picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Open,
    Chosen(usize),
    Cancelled,
    /// Ctrl-C.
    Interrupted,
}

impl<'a> Picker<'a> {
    pub fn new(data: &'a Dataset, lang: Lang) -> Picker<'a> {
        let index = Index::new(data);
        let hits = index.search("");
        Picker {
            data,
            index,
            lang,
            line: SearchLine::default(),
            hits,
            hits_query: String::new(),
            selected: 0,
            offset: 0,
            stale: false,
        }
    }

    /// The platform on the selected row.
    pub fn chosen(&mut self) -> Option<usize> {
        self.refresh();
        self.hits.get(self.selected).map(|h| h.platform)
    }

    /// The platforms the query finds, best first.
    pub fn hits(&mut self) -> &[Hit] {
        self.refresh();
        &self.hits
    }

    pub fn key(&mut self, ev: event::KeyEvent) -> Outcome {
        if ev.kind == KeyEventKind::Release {
            return Outcome::Open;
        }
        match keys::pick_action_for(&ev) {
            Some(PickAction::Choose) => {
                return self.chosen().map_or(Outcome::Open, Outcome::Chosen);
            }
            Some(PickAction::Cancel) => return Outcome::Cancelled,
            Some(PickAction::Interrupt) => return Outcome::Interrupted,
            Some(PickAction::Next) => self.step(1),
            Some(PickAction::Prev) => self.step(-1),
            Some(PickAction::DeleteBack) => self.edit(Edit::DeleteBack),
            Some(PickAction::ClearLine) => self.edit(Edit::Clear),
            Some(PickAction::Ignore) => {}
            None => {
                if let KeyCode::Char(c) = ev.code
                    && !ev.modifiers.contains(KeyModifiers::CONTROL)
                {
                    self.edit(Edit::Insert(c));
                }
            }
        }
        Outcome::Open
    }

    /// Pasted text, as one edit.
    pub fn paste(&mut self, text: &str) {
        if self.line.paste(text) {
            self.changed();
        }
    }

    fn step(&mut self, d: i64) {
        self.refresh();
        let n = self.hits.len() as i64;
        if n > 0 {
            self.selected = (self.selected as i64 + d).clamp(0, n - 1) as usize;
        }
    }

    fn edit(&mut self, e: Edit) {
        if self.line.edit(e) {
            self.changed();
        }
    }

    fn changed(&mut self) {
        self.stale = true;
        self.selected = 0;
        self.offset = 0;
    }

    /// Search for the query if it changed since the hits were found.
    fn refresh(&mut self) {
        if !std::mem::take(&mut self.stale) {
            return;
        }
        let q = self.line.query().trim().to_string();
        self.hits = self.index.refine(&q, &self.hits_query, &self.hits);
        self.hits_query = q;
    }

    /// Draw the query line and the rows in `area`.
    pub fn draw(&mut self, frame: &mut ratatui::Frame, color: bool) {
        self.refresh();
        let area = frame.area();
        let w = area.width as usize;
        let prompt = format!("{} > ", self.lang.word(Word::Search));
        let count = format!("{}/{}", self.hits.len(), self.data.platforms.len());
        let query = text::one_line(self.line.query());
        let room = w.saturating_sub(text::width(&prompt) + text::width(&count) + 2);
        let accent = if color {
            Style::new().fg(ratatui::style::Color::Cyan)
        } else {
            Style::new()
        };
        let head = Line::from(vec![
            Span::styled(prompt.clone(), accent.add_modifier(Modifier::BOLD)),
            Span::raw(text::truncate(&query, room)),
        ]);
        frame.render_widget(Paragraph::new(head), Rect { height: 1, ..area });
        if area.width as usize > text::width(&count) {
            let cw = text::width(&count) as u16;
            let r = Rect::new(area.x + area.width - cw, area.y, cw, 1);
            frame.render_widget(
                Paragraph::new(Span::styled(
                    count,
                    Style::new().add_modifier(Modifier::DIM),
                )),
                r,
            );
        }
        let before = text::width(&text::one_line(self.line.before_cursor()));
        let x = (text::width(&prompt) + before).min(w.saturating_sub(1)) as u16;
        frame.set_cursor_position(Position::new(area.x + x, area.y));

        let rows = area.height.saturating_sub(1) as usize;
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if rows > 0 && self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        for (k, h) in self.hits.iter().skip(self.offset).take(rows).enumerate() {
            let p = &self.data.platforms[h.platform];
            let on = self.offset + k == self.selected;
            let mut line = format!(
                "{} {:>2}  {}",
                if on { ">" } else { " " },
                p.number,
                text::one_line(&self.lang.pick(&p.name))
            );
            if !self.hits_query.is_empty()
                && let Some(m) = self.index.matches(h.platform, &self.hits_query).first()
            {
                line += &format!("  · {}", text::one_line(&m.text));
            }
            let line = text::truncate(&line, w);
            let style = if on {
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
            } else {
                Style::new()
            };
            let r = Rect::new(area.x, area.y + 1 + k as u16, area.width, 1);
            frame.render_widget(Paragraph::new(Span::styled(line, style)), r);
        }
    }
}

/// Standard output pointed at the terminal while the picker draws, and back after (also on a
/// panic): crossterm and ratatui write to stdout, and ask the terminal where the cursor is there.
#[cfg(unix)]
struct Redirect {
    saved: i32,
}

#[cfg(unix)]
impl Redirect {
    fn to(tty: &File) -> io::Result<Redirect> {
        use std::os::fd::AsRawFd;
        io::stdout().flush()?;
        // SAFETY: plain descriptor calls on descriptors this process owns; checked for errors.
        let saved = unsafe { libc::dup(1) };
        // SAFETY: dup2 onto fd 1 from the open tty; it touches no memory.
        if saved < 0 || unsafe { libc::dup2(tty.as_raw_fd(), 1) } < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Redirect { saved })
    }
}

#[cfg(unix)]
impl Drop for Redirect {
    fn drop(&mut self) {
        let _ = io::stdout().flush();
        // SAFETY: restores the descriptor saved above, then closes the copy.
        unsafe {
            libc::dup2(self.saved, 1);
            libc::close(self.saved);
        }
    }
}

/// Run the picker on the terminal: how it ended (chosen, cancelled with Esc, or interrupted).
pub fn pick(data: &Dataset, lang: Lang, color: bool) -> io::Result<Outcome> {
    use std::os::fd::AsRawFd;
    let tty = OpenOptions::new().read(true).write(true).open("/dev/tty")?;
    #[cfg(unix)]
    let _redirect = Redirect::to(&tty)?;
    // SIGINT, SIGTERM, SIGHUP (and the rest that end a process) give the terminal back before
    // the process ends by them, as in the atlas; SIGWINCH and SIGTSTP come to the loop.
    let wake = super::signals::start()?;
    super::signals::note_cooked_mode();
    crossterm::terminal::enable_raw_mode()?;
    let result = run(
        data,
        lang,
        color,
        super::input::Input::on(tty.as_raw_fd(), wake),
    );
    if result.is_err() {
        // Cut short: the rows stay, but paste mode goes and the cursor comes back.
        let _ = crossterm::execute!(io::stdout(), DisableBracketedPaste, crossterm::cursor::Show);
    }
    let _ = crossterm::terminal::disable_raw_mode();
    drop(tty);
    result
}

fn run(
    data: &Dataset,
    lang: Lang,
    color: bool,
    mut input: super::input::Input,
) -> io::Result<Outcome> {
    let height = ROWS.min(data.platforms.len() as u16).max(1) + 1;
    let backend = ratatui::backend::CrosstermBackend::new(io::stdout());
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Inline(height),
        },
    )?;
    crossterm::execute!(io::stdout(), EnableBracketedPaste)?;
    let mut picker = Picker::new(data, lang);
    let outcome = 'picking: loop {
        terminal.draw(|f| picker.draw(f, color))?;
        let batch = input.next(None)?;
        if batch.suspend {
            suspend()?;
            terminal.clear()?;
        }
        if batch.resized || batch.resumed {
            terminal.autoresize()?;
        }
        // Ctrl-C acts before anything that came with it: a burst of typing is not searched first.
        let interrupt = |e: &Event| {
            matches!(e, Event::Key(k) if k.kind != KeyEventKind::Release
                && keys::pick_action_for(k) == Some(PickAction::Interrupt))
        };
        if batch.events.iter().any(interrupt) {
            break Outcome::Interrupted;
        }
        for ev in batch.events {
            match ev {
                Event::Key(k) => match picker.key(k) {
                    Outcome::Open => {}
                    done => break 'picking done,
                },
                Event::Paste(text) => picker.paste(&text),
                _ => {}
            }
        }
    };
    // Leave no trace: clear the rows and put the cursor where they began (by hand: ratatui's
    // clear asks the terminal where the cursor is first).
    let top = terminal.get_frame().area().as_position();
    drop(terminal);
    crossterm::execute!(
        io::stdout(),
        crossterm::cursor::MoveTo(top.x, top.y),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::FromCursorDown),
        DisableBracketedPaste,
        crossterm::cursor::Show
    )?;
    Ok(outcome)
}

/// `kill -TSTP`: give the shell a normal terminal, stop, and take it back on `fg`.
fn suspend() -> io::Result<()> {
    crossterm::execute!(io::stdout(), DisableBracketedPaste, crossterm::cursor::Show)?;
    crossterm::terminal::disable_raw_mode()?;
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(io::stdout(), EnableBracketedPaste)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn key(p: &mut Picker, code: KeyCode) -> Outcome {
        p.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn a_number_picks_that_platform() {
        let d = crate::dataset::embedded();
        let mut p = Picker::new(&d, Lang::Both);
        key(&mut p, KeyCode::Char('6'));
        let Outcome::Chosen(i) = key(&mut p, KeyCode::Enter) else {
            panic!("6 found nothing");
        };
        assert_eq!(d.platforms[i].number, 6);
    }

    /// As docs/keys.md says: `q` types, Ctrl-Z does nothing, Esc leaves at once.
    #[test]
    fn q_types_and_ctrl_z_does_nothing() {
        let d = crate::dataset::embedded();
        let mut p = Picker::new(&d, Lang::Both);
        assert_eq!(key(&mut p, KeyCode::Char('q')), Outcome::Open);
        assert_eq!(p.line.query(), "q");
        let ctrl_z = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(p.key(ctrl_z), Outcome::Open);
        assert_eq!(p.line.query(), "q");
        assert_eq!(keys::pick_action_for(&ctrl_z), Some(PickAction::Ignore));
        assert_eq!(key(&mut p, KeyCode::Esc), Outcome::Cancelled);
    }

    #[test]
    fn typing_narrows_and_enter_chooses() {
        let d = crate::dataset::embedded();
        let mut p = Picker::new(&d, Lang::Both);
        for c in "kangqiao".chars() {
            key(&mut p, KeyCode::Char(c));
        }
        assert_eq!(p.hits().len(), 2);
        key(&mut p, KeyCode::Down);
        let chosen = key(&mut p, KeyCode::Enter);
        assert_eq!(chosen, Outcome::Chosen(p.hits()[1].platform));
        assert_eq!(key(&mut p, KeyCode::Esc), Outcome::Cancelled);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(p.key(ctrl_c), Outcome::Interrupted);
        // Nothing matches: Enter chooses nothing.
        for c in "zzqx".chars() {
            key(&mut p, KeyCode::Char(c));
        }
        assert_eq!(key(&mut p, KeyCode::Enter), Outcome::Open);
    }
}
