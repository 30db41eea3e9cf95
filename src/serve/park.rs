//! A waiting session's screen put away: ratatui's two buffers are two full screens of 48-byte
//! cells (450 KiB at 120x40), held for nothing while the client reads or thinks. After a second
//! without an event they are dropped; the backend is kept, with what it knows of the client's
//! screen (16 bytes a cell). When the next event comes, a new `Terminal` is made and the
//! unchanged state drawn into it as the frame the client shows (`backend::prime`), so the frame
//! after the event is the same few changed cells it would have been.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use crate::app::atlas::App;
use crate::view::backend::{self, AnsiBackend};
use crate::view::theme::Theme;

/// Bytes written by the backend, taken after each draw.
#[derive(Clone, Default)]
pub(crate) struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Sink {
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

pub(crate) type Term = Terminal<AnsiBackend<Sink>>;

/// How long a session waits with its buffers before putting them away.
pub(crate) const AFTER: Duration = Duration::from_secs(1);

/// A session's terminal, drawn with or put away.
pub(crate) enum Screen {
    Live(Term),
    Parked(AnsiBackend<Sink>, (u16, u16)),
    /// Only while changing from one to the other.
    Gone,
}

pub(crate) fn area((w, h): (u16, u16)) -> Rect {
    Rect::new(0, 0, w, h)
}

/// A terminal for a client's screen of `size`, nothing drawn yet.
pub(crate) fn terminal(backend: AnsiBackend<Sink>, size: (u16, u16)) -> std::io::Result<Term> {
    Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(area(size)),
        },
    )
}

impl Screen {
    pub fn live(&self) -> bool {
        matches!(self, Screen::Live(_))
    }

    /// Drop the buffers, keep the backend.
    pub fn park(&mut self) {
        if let Screen::Live(mut term) = std::mem::replace(self, Screen::Gone) {
            let size = term.get_frame().area();
            let mut kept = std::mem::replace(term.backend_mut(), AnsiBackend::new(Sink::default()));
            drop(term);
            kept.shrink();
            *self = Screen::Parked(kept, (size.width, size.height));
            crate::heap::trim();
        }
    }

    /// The terminal, made again if it was put away, with `app`'s unchanged state taken as what
    /// the client's screen shows.
    pub fn term(&mut self, app: &mut App, theme: Theme) -> std::io::Result<&mut Term> {
        if let Screen::Parked(..) = self
            && let Screen::Parked(kept, size) = std::mem::replace(self, Screen::Gone)
        {
            let mut term = terminal(kept, size)?;
            backend::prime(&mut term, |f| crate::view::render(f, app, theme));
            *self = Screen::Live(term);
        }
        match self {
            Screen::Live(term) => Ok(term),
            _ => Err(std::io::Error::other("the session's terminal is gone")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    /// The bytes a session sends for its first frame and then for each step, put away after
    /// every frame or never.
    fn session(parking: bool, steps: &[Result<char, (u16, u16)>]) -> Vec<Vec<u8>> {
        let data = crate::dataset::embedded();
        let mut app = App::new(data, String::new(), crate::lang::Lang::Both).with_color(true);
        let theme = Theme::new(true, Default::default());
        let sink = Sink::default();
        let size = (120, 40);
        app.resize(size.0, size.1);
        let mut screen =
            Screen::Live(terminal(AnsiBackend::new(sink.clone()).with_size(size), size).unwrap());
        let mut sent = Vec::new();
        for step in std::iter::once(None).chain(steps.iter().map(Some)) {
            let term = screen.term(&mut app, theme).unwrap();
            match step {
                None => {}
                Some(Ok(c)) => app.handle_key(KeyEvent::new(KeyCode::Char(*c), KeyModifiers::NONE)),
                Some(Err((w, h))) => {
                    app.resize(*w, *h);
                    term.backend_mut().set_size((*w, *h));
                    term.resize(area((*w, *h))).unwrap();
                }
            }
            backend::draw(term, |f| crate::view::render(f, &mut app, theme)).unwrap();
            sent.push(sink.take());
            if parking {
                screen.park();
                assert!(!screen.live());
            }
        }
        sent
    }

    #[test]
    fn a_screen_put_away_wakes_to_send_what_it_would_have_sent() {
        let steps = [
            Ok('j'),
            Ok('j'),
            Ok('/'),
            Ok('m'),
            Err((100, 30)),
            Ok('k'),
            Err((120, 40)),
            Ok('j'),
        ];
        let live = session(false, &steps);
        let parked = session(true, &steps);
        assert_eq!(live.len(), parked.len());
        for (i, (a, b)) in live.iter().zip(&parked).enumerate() {
            assert!(
                a == b,
                "step {i}: {} bytes live, {} parked",
                a.len(),
                b.len()
            );
        }
        // Each key changed a few cells, not the whole screen.
        assert!(live[1].len() < live[0].len() / 2);
    }
}
