//! The backend every interactive screen draws through (locally and over SSH). It writes the
//! changed cells itself, in as few bytes as it can while every terminal shows the same screen:
//!
//! - **Colours**: crossterm sends named colours in 256-colour syntax (`38;5;1` for red), which
//!   terminals limited to 16 colours misdraw. Here they go out as the basic SGR codes
//!   ([`super::ansi::sgr`]): `31` for red, `91` for light red. Indexed and RGB colours go out as
//!   given: the theme has already held them to the terminal's colour depth.
//! - **Style changes** are the shorter of a reset and the whole look, or only what changed
//!   (`look.rs`); a frame leaves the terminal in its default look.
//! - **Cursor moves** are the shortest of an absolute move, forward and down moves, CR and LF, or
//!   the unchanged cells in between written again when they are in the current look
//!   (`moves.rs`, `shadow.rs`).
//! - **Wide characters**: after a CJK ideograph or full-width form (wide on every terminal) the
//!   cursor is known to be two columns on, so the next cell needs no move. After any other wide or
//!   uncertain character the next cell is placed with an absolute move, as terminals may disagree
//!   on its width.
//! - **Frames**: a frame is written at once, in synchronized output (`ESC[?2026h` …
//!   `ESC[?2026l`), so a slow link never shows half of one; a frame that changes nothing sends
//!   nothing, and the cursor's visibility is sent only when it changes. Where the cursor is is
//!   not assumed from one frame to the next.
//!
//! A clear (`Terminal::clear`, a resize) is how the owner says the terminal may have been changed
//! from outside (a suspend, a resume): after one nothing is assumed but what the clear itself did.

mod moves;
mod screen;
mod style;
#[cfg(test)]
mod tests;

use std::io::Write;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Cell, CellDiffOption};
use ratatui::layout::{Position, Size};
use ratatui::{CompletedFrame, Frame, Terminal};
use unicode_width::UnicodeWidthStr;

use screen::KnownScreen;
use style::CellStyle;

const BEGIN_FRAME: &[u8] = b"\x1b[?2026h";
const END_FRAME: &[u8] = b"\x1b[?2026l";

/// Asks a terminal its size (columns, rows).
pub type AskSize = fn() -> std::io::Result<(u16, u16)>;

/// The backend, writing to `W` (the terminal, or an SSH channel's buffer).
pub struct AnsiBackend<W: Write> {
    writer: W,
    /// What is to be written at the next flush.
    out: Vec<u8>,
    /// `out` holds drawing, to be wrapped in synchronized output.
    framed: bool,
    /// Where the terminal's cursor is, when known.
    at: Option<(u16, u16)>,
    /// The terminal's current look, when known.
    look: Option<CellStyle>,
    /// Whether the cursor is hidden, when known.
    hidden: Option<bool>,
    screen: KnownScreen,
    /// The terminal's size, as its owner last gave it.
    size: Option<Size>,
    /// How to ask the terminal its size, where the owner has not given it (the local terminal,
    /// whose owner is `terminal::session`: this module never asks a terminal anything itself).
    ask_size: Option<AskSize>,
}

impl<W: Write> AnsiBackend<W> {
    pub fn new(writer: W) -> AnsiBackend<W> {
        AnsiBackend {
            writer,
            out: Vec::new(),
            framed: false,
            at: None,
            // Whatever ran before may have left any look: the first one is sent whole.
            look: None,
            hidden: None,
            screen: KnownScreen::default(),
            size: None,
            ask_size: None,
        }
    }

    /// A terminal elsewhere (an SSH client's) of this size: ratatui asks the backend for the
    /// size when it clears, and this process's own terminal, if it has one, is another one.
    pub fn with_size(mut self, (w, h): (u16, u16)) -> AnsiBackend<W> {
        self.set_size((w, h));
        self
    }

    /// A terminal whose size `ask` tells each time ratatui asks (the local one, which can be
    /// resized at any moment).
    pub fn asking_size(mut self, ask: AskSize) -> AnsiBackend<W> {
        self.ask_size = Some(ask);
        self
    }

    /// That terminal's new size; call before resizing the `Terminal`.
    pub fn set_size(&mut self, (w, h): (u16, u16)) {
        self.size = Some(Size::new(w, h));
    }

    /// Start a frame's synchronized output, if not started.
    fn begin(&mut self) {
        if !self.framed {
            self.out.splice(0..0, BEGIN_FRAME.iter().copied());
            self.framed = true;
        }
    }

    /// Move the cursor to (x, y) by the shortest way.
    fn go(&mut self, x: u16, y: u16) {
        let (look, screen) = (self.look, &self.screen);
        let way = moves::shortest(self.at, (x, y), |row, a, b, limit| {
            screen.rewrite(row, a, b, look?, limit)
        });
        self.out.extend_from_slice(&way);
        self.at = Some((x, y));
    }

    /// Write what is waiting, ending its synchronized output if it has some.
    fn write_out(&mut self) -> std::io::Result<()> {
        if self.out.is_empty() {
            return Ok(());
        }
        if self.framed {
            self.out.extend_from_slice(END_FRAME);
            self.framed = false;
        }
        let out = std::mem::take(&mut self.out);
        self.writer.write_all(&out)
    }

    /// Back to the default look, if not known to be in it.
    fn plain(&mut self) {
        if self.look != Some(CellStyle::PLAIN) {
            self.out.extend_from_slice(b"\x1b[m");
            self.look = Some(CellStyle::PLAIN);
        }
    }
}

/// Draw a frame through `term`: `render`, then every cell hidden behind a wide character emptied.
///
/// ratatui never sends a hidden cell, and takes the terminal to show what its buffer holds there.
/// When a later frame writes over the wide character's left half only, terminals blank the
/// right half, in a look of their own (the current one, or none at all); if that cell is the
/// same in the new frame as in the old buffer, ratatui sends nothing and the terminal keeps its
/// own blank. An empty cell is never what a frame draws, so there it always differs and is sent.
pub fn draw<W: Write>(
    term: &mut Terminal<AnsiBackend<W>>,
    render: impl FnOnce(&mut Frame),
) -> std::io::Result<CompletedFrame<'_>> {
    term.draw(|f| {
        render(f);
        hide_right_halves(f.buffer_mut());
    })
}

/// Take `render`'s frame to be what the terminal shows, sending nothing: for a `Terminal` made
/// again over a screen that already shows that frame (a served session puts its buffers away
/// while it waits, and makes them again from its unchanged state when a key comes). The next
/// [`draw`] then sends only what changed since.
pub fn prime<W: Write>(term: &mut Terminal<AnsiBackend<W>>, render: impl FnOnce(&mut Frame)) {
    let mut frame = term.get_frame();
    render(&mut frame);
    hide_right_halves(frame.buffer_mut());
    // The frame drawn becomes the previous one, the next is drawn on a blank buffer.
    term.swap_buffers();
}

/// The cells a wide character covers, past its first, hold nothing (see [`draw`]).
fn hide_right_halves(buf: &mut ratatui::buffer::Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let cell = &buf[(x, y)];
            let width = match cell.diff_option {
                // Sized text: its cells are the diff's to skip, not to empty.
                CellDiffOption::ForcedWidth(w) => {
                    x += w.get();
                    continue;
                }
                _ => cell.symbol().width().max(1) as u16,
            };
            for hidden in x + 1..(x + width).min(area.right()) {
                buf[(hidden, y)].set_symbol("");
            }
            x += width;
        }
    }
}

impl<W: Write> AnsiBackend<W> {
    /// Give back the memory kept for the next frame's bytes (a session about to wait).
    pub fn shrink(&mut self) {
        self.out.shrink_to_fit();
    }
}

/// Only characters every terminal draws two columns wide: CJK ideographs and full-width forms.
fn surely_wide(symbol: &str) -> bool {
    let mut chars = symbol.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => {
            symbol.width() == 2
                && matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
                    | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}')
        }
        _ => false,
    }
}

/// How far printing `symbol` moves the cursor, where every terminal agrees on it (for a width of
/// 1, as far as the drawing itself relies on it).
fn advance(symbol: &str) -> Option<u16> {
    match symbol.width() {
        1 => Some(1),
        2 if surely_wide(symbol) => Some(2),
        _ => None,
    }
}

impl<W: Write> Drop for AnsiBackend<W> {
    /// What is left (the cursor shown as ratatui lets go of the terminal) still reaches it.
    fn drop(&mut self) {
        let _ = self.write_out();
        let _ = self.writer.flush();
    }
}

impl<W: Write> Backend for AnsiBackend<W> {
    type Error = std::io::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut drew = false;
        for (x, y, cell) in content {
            let symbol = cell.symbol();
            if symbol.is_empty() {
                // Prints nothing: what was there stays, and is no longer vouched for.
                self.screen.put(x, y, cell, None);
                continue;
            }
            if !drew {
                self.begin();
                drew = true;
            }
            if self.at != Some((x, y)) {
                self.go(x, y);
            }
            let now = CellStyle::of(cell);
            style::restyle(&mut self.out, self.look, now);
            self.look = Some(now);
            self.out.extend_from_slice(symbol.as_bytes());
            if let CellDiffOption::ForcedWidth(w) = cell.diff_option {
                // Sized text (`view::sized`): what it covers is the terminal's, and where it
                // leaves the cursor is not assumed.
                let rows = crate::view::sized::rows_of(symbol);
                self.screen.unknown(x, y, w.get(), rows);
                self.at = None;
                continue;
            }
            let advance = advance(symbol);
            self.screen.put(x, y, cell, advance);
            self.at = advance.map(|a| (x + a, y));
        }
        if drew {
            self.plain();
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.out.extend(std::iter::repeat_n(b'\n', n as usize));
        self.at = None;
        self.screen.forget();
        Ok(())
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        if self.hidden != Some(true) {
            self.out.extend_from_slice(b"\x1b[?25l");
            self.hidden = Some(true);
        }
        Ok(())
    }
    /// Never an error: ratatui shows the cursor when it is dropped, and prints (and so panics,
    /// with stderr gone too) on an error, after the terminal has closed. The session restores
    /// the cursor itself.
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        if self.hidden != Some(false) {
            self.out.extend_from_slice(b"\x1b[?25h");
            self.hidden = Some(false);
        }
        Ok(())
    }
    /// The origin, without asking the terminal: the cursor is hidden in a session, and asking
    /// (`ESC [ 6 n`) would read the answer from the same input the event loop reads, and wait
    /// seconds for a terminal that does not answer. (ratatui asks when clearing the screen.)
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        Ok(Position::ORIGIN)
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        let Position { x, y } = position.into();
        if self.at != Some((x, y)) {
            self.go(x, y);
        }
        Ok(())
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.clear_region(ClearType::All)
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.begin();
        // Erased cells take the current background: reset first, whatever the look is believed
        // to be (the terminal may have been used by another program since).
        self.out.extend_from_slice(b"\x1b[m");
        self.look = Some(CellStyle::PLAIN);
        let (sequence, all): (&[u8], bool) = match clear_type {
            ClearType::All => (b"\x1b[2J", true),
            ClearType::AfterCursor => (b"\x1b[J", self.at == Some((0, 0))),
            ClearType::BeforeCursor => (b"\x1b[1J", false),
            ClearType::CurrentLine => (b"\x1b[2K", false),
            ClearType::UntilNewLine => (b"\x1b[K", false),
        };
        self.out.extend_from_slice(sequence);
        if all {
            self.screen.blank();
        } else {
            self.screen.forget();
        }
        self.hidden = None;
        Ok(())
    }
    fn size(&self) -> Result<Size, Self::Error> {
        match (self.size, self.ask_size) {
            (Some(size), _) => Ok(size),
            (None, Some(ask)) => ask().map(|(w, h)| Size::new(w, h)),
            (None, None) => Err(std::io::Error::other("the terminal's size was not given")),
        }
    }
    /// Pixels are never needed here (no images are drawn).
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        Ok(WindowSize {
            columns_rows: self.size()?,
            pixels: Size::default(),
        })
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.write_out()?;
        // Anything may write between frames (a copy to the clipboard, a suspend): the next frame
        // places its first cell absolutely.
        self.at = None;
        self.writer.flush()
    }
}
