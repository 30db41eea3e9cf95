//! A backend wrapper that sends fewer bytes for Chinese text.
//!
//! After a double-width character at column x, ratatui's crossterm backend sees the next changed
//! cell at x+2 and moves the cursor there explicitly (`ESC [ row ; col H`, 6-8 bytes), because in
//! general a terminal may disagree about a character's width. For CJK ideographs terminals agree
//! (they are wide everywhere), and the cursor is already at x+2 after printing one; that move can
//! be skipped. Here the hidden right half of such a character is handed on as an empty cell in the
//! same style: it prints nothing and changes no attribute, and the next cell needs no move. On
//! Chinese-heavy frames this saves about a third of the bytes.
//!
//! It also writes the cells itself: crossterm sends named colours in 256-colour syntax
//! (`38;5;1` for red), which terminals limited to 16 colours misdraw. Here every style change is a
//! reset and the basic SGR codes ([`super::ansi::sgr`]): `31` for red, `91` for light red.

use std::io::Write;

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use ratatui::{CompletedFrame, Frame, Terminal};
use unicode_width::UnicodeWidthStr;

pub struct Lean<B>(pub B);

/// Draw a frame through `term`: `render`, then every cell hidden behind a wide character emptied.
///
/// ratatui never sends a hidden cell, and takes the terminal to show what its buffer holds there.
/// When a later frame writes over the wide character's left half only, terminals blank the
/// right half, in a look of their own (the current one, or none at all); if that cell is the
/// same in the new frame as in the old buffer, ratatui sends nothing and the terminal keeps its
/// own blank. An empty cell is never what a frame draws, so there it always differs and is sent.
pub fn draw<W: Write>(
    term: &mut Terminal<Lean<CrosstermBackend<W>>>,
    render: impl FnOnce(&mut Frame),
) -> std::io::Result<CompletedFrame<'_>> {
    term.draw(|f| {
        render(f);
        let buf = f.buffer_mut();
        let area = buf.area;
        for y in area.top()..area.bottom() {
            let mut x = area.left();
            while x < area.right() {
                let width = buf[(x, y)].symbol().width().max(1) as u16;
                for hidden in x + 1..(x + width).min(area.right()) {
                    buf[(hidden, y)].set_symbol("");
                }
                x += width;
            }
        }
    })
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

impl<W: Write> Backend for Lean<CrosstermBackend<W>> {
    type Error = std::io::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut cells: Vec<(u16, u16, Cell)> = Vec::new();
        for (x, y, cell) in content {
            if let Some((px, py, prev)) = cells.last()
                && *py == y
                && x == px + 2
                && surely_wide(prev.symbol())
            {
                let mut half = prev.clone();
                half.set_symbol("");
                cells.push((px + 1, y, half));
            }
            cells.push((x, y, cell.clone()));
        }
        let mut out = Vec::with_capacity(cells.len() * 4);
        let mut at: Option<(u16, u16)> = None;
        let mut look = (Color::Reset, Color::Reset, Modifier::empty());
        for (x, y, cell) in &cells {
            if cell.symbol().is_empty() {
                // The hidden half of a wide character: the cursor is already past it.
                continue;
            }
            if at != Some((*x, *y)) {
                write!(out, "\x1b[{};{}H", y + 1, x + 1)?;
            }
            let now = (cell.fg, cell.bg, cell.modifier);
            if now != look {
                let sgr = super::ansi::sgr(cell.style());
                if sgr.is_empty() {
                    out.extend_from_slice(b"\x1b[0m");
                } else {
                    write!(out, "\x1b[0;{sgr}m")?;
                }
                look = now;
            }
            out.extend_from_slice(cell.symbol().as_bytes());
            // Where the terminal's cursor is now, where every terminal agrees on the width;
            // otherwise the next cell is placed explicitly.
            at = match cell.symbol().width() {
                1 => Some((x + 1, *y)),
                2 if surely_wide(cell.symbol()) => Some((x + 2, *y)),
                _ => None,
            };
        }
        if look != (Color::Reset, Color::Reset, Modifier::empty()) {
            out.extend_from_slice(b"\x1b[0m");
        }
        Write::write_all(&mut self.0, &out)
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.0.append_lines(n)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.0.hide_cursor()
    }
    /// Never an error: ratatui shows the cursor when it is dropped, and prints (and so panics,
    /// with stderr gone too) on an error, after the terminal has closed. The session restores
    /// the cursor itself.
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        let _ = self.0.show_cursor();
        Ok(())
    }
    /// The origin, without asking the terminal: the cursor is hidden in a session, and asking
    /// (`ESC [ 6 n`) would read the answer from the same input the event loop reads, and wait
    /// seconds for a terminal that does not answer. (ratatui asks when clearing the screen.)
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        Ok(Position::ORIGIN)
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.0.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.0.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.0.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.0.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.0.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        Backend::flush(&mut self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::CrosstermBackend;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    /// Bytes for drawing `lines` onto an empty screen, through a backend.
    fn bytes<B: Backend>(backend: &mut B, lines: &[&str]) -> Buffer {
        let area = Rect::new(0, 0, 16, lines.len() as u16);
        let mut buf = Buffer::empty(area);
        for (y, l) in lines.iter().enumerate() {
            let style = if y % 2 == 0 {
                Style::new()
            } else {
                Style::new().fg(Color::Yellow)
            };
            buf.set_string(0, y as u16, l, style);
        }
        backend
            .draw(Buffer::empty(area).diff(&buf).into_iter())
            .ok();
        buf
    }

    #[derive(Clone, Default)]
    struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Sink {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What a terminal shows after these bytes.
    fn screen(out: &[u8]) -> String {
        let nz = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut p = vt100::Parser::new(nz(4), nz(16), 0);
        p.process(out);
        p.screen().contents()
    }

    #[test]
    fn a_terminal_shows_the_same_screen_from_fewer_bytes() {
        let lines = ["拱墅区 ab·é", "运河财富小镇 1", "x电商y", "全角，标点。"];
        let (a, b) = (Sink::default(), Sink::default());
        bytes(&mut CrosstermBackend::new(a.clone()), &lines);
        bytes(&mut Lean(CrosstermBackend::new(b.clone())), &lines);
        let (a, b) = (a.0.lock().unwrap().clone(), b.0.lock().unwrap().clone());
        assert_eq!(screen(&a), screen(&b));
        assert!(screen(&b).contains("运河财富小镇 1"), "{}", screen(&b));
        assert!(
            b.len() < a.len() * 3 / 4,
            "{} vs {} bytes",
            b.len(),
            a.len()
        );
    }

    #[test]
    fn named_colours_go_out_as_the_basic_codes() {
        let sink = Sink::default();
        bytes(
            &mut Lean(CrosstermBackend::new(sink.clone())),
            &["ab", "cd"],
        );
        let out = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert!(out.contains("\x1b[0;33m"), "{out:?}");
        assert!(!out.contains("38;5") && !out.contains("48;5"), "{out:?}");
    }

    #[test]
    fn a_wide_character_half_written_over_leaves_no_blank_of_the_terminals_own() {
        // 墅 at columns 6-7 loses its left half to 拱 at 5-6: the terminal blanks column 7 in a
        // look of its own (the emulator: the bold being written; tmux: none), and the frame must
        // draw it.
        let sink = Sink::default();
        let viewport = ratatui::Viewport::Fixed(Rect::new(0, 0, 12, 2));
        let mut term = Terminal::with_options(
            Lean(CrosstermBackend::new(sink.clone())),
            ratatui::TerminalOptions { viewport },
        )
        .unwrap();
        draw(&mut term, |f| {
            f.buffer_mut().set_string(6, 1, "墅", Style::new());
        })
        .unwrap();
        draw(&mut term, |f| {
            let bold = Style::new().add_modifier(Modifier::BOLD);
            f.buffer_mut().set_string(5, 1, "拱", bold);
        })
        .unwrap();
        let nz = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut p = vt100::Parser::new(nz(2), nz(12), 0);
        p.process(&sink.0.lock().unwrap());
        let cell = p.screen().cell(1, 7).unwrap();
        assert_eq!((cell.contents().trim(), cell.bold()), ("", false));
    }

    #[test]
    fn only_ideographs_count_as_surely_wide() {
        assert!(surely_wide("拱") && surely_wide("，"));
        assert!(!surely_wide("·") && !surely_wide("a") && !surely_wide("🦀"));
    }
}
