//! The terminal session: entering and leaving the terminal's interactive mode, and surviving what
//! can go wrong there (panics, SIGTERM, SIGHUP from a dropped SSH connection, Ctrl-Z). Every
//! interactive mode (the atlas, the briefing) draws through one [`Session`].

use std::io::{self, Stdout, Write, stdout};

use std::time::{Duration, Instant};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};

use crate::probe::{Answers, Questions};
use ratatui::layout::Rect;
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};

pub type Term = Terminal<crate::view::backend::AnsiBackend<Stdout>>;

/// The largest area drawn. A terminal (or a broken pty) can report a bogus size such as
/// 65535x65535, whose buffers alone would take gigabytes; beyond this we draw the top-left part.
pub const MAX_AREA: (u16, u16) = (1000, 500);

/// The terminal's size, capped to [`MAX_AREA`].
fn area() -> io::Result<Rect> {
    let (w, h) = crossterm::terminal::size()?;
    Ok(Rect::new(0, 0, w.min(MAX_AREA.0), h.min(MAX_AREA.1)))
}

/// The terminal in interactive mode: raw, on the alternate screen, with the cursor hidden and (if
/// asked) the mouse captured. Dropping it restores the terminal.
pub struct Session {
    term: Term,
    mouse: bool,
    /// The area of the last draw; a new size resizes the viewport first.
    area: Rect,
    input: super::input::Input,
    /// When the last suspend ended, so its SIGCONT does not redraw a second time.
    resumed_at: Option<Instant>,
}

impl Session {
    /// Take over the terminal. The panic hook and the signal thread are installed first, so the
    /// terminal is restored whatever happens after this.
    pub fn enter(mouse: bool) -> io::Result<Session> {
        install_panic_hook();
        let wake = super::signals::start()?;
        take_terminal(mouse)?;
        // The viewport is fixed (never sized by ratatui itself) so that the cap always holds.
        let viewport = Viewport::Fixed(area()?);
        let backend =
            crate::view::backend::AnsiBackend::new(stdout()).asking_size(crossterm::terminal::size);
        let term = Terminal::with_options(backend, TerminalOptions { viewport })?;
        Ok(Session {
            term,
            mouse,
            area: Rect::default(),
            input: super::input::Input::new(wake),
            resumed_at: None,
        })
    }

    /// Wait up to `timeout` (forever with `None`) for input, then return every event waiting, so
    /// that a burst of input costs one redraw. SIGTSTP and SIGCONT from outside suspend and redraw
    /// here, as Ctrl-Z does; they and SIGWINCH come back as a `Resize`, to redraw. An empty list
    /// means the time ran out; the terminal closing is an error of kind `UnexpectedEof`.
    pub fn next(&mut self, timeout: Option<Duration>) -> io::Result<Vec<Event>> {
        let batch = self.input.next(timeout)?;
        let mut redraw = batch.resized;
        if batch.suspend {
            self.suspend()?;
            redraw = true;
        } else if batch.resumed
            && self
                .resumed_at
                .is_none_or(|t| t.elapsed() > Duration::from_millis(500))
        {
            // Stopped and continued from outside: take the terminal back and repaint it all.
            take_terminal(self.mouse)?;
            self.term.clear()?;
            redraw = true;
        }
        let mut events = batch.events;
        if redraw {
            let (w, h) = crossterm::terminal::size()?;
            events.push(Event::Resize(w, h));
        }
        Ok(events)
    }

    /// Draw one frame at the terminal's current size. The backend writes it at once, in
    /// synchronized output so the terminal shows it whole and slow links never tear (a resize's
    /// clear goes in the same frame).
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        let now = area()?;
        if now != self.area {
            self.term.resize(now)?;
            self.area = now;
        }
        crate::view::backend::draw(&mut self.term, render)?;
        Ok(())
    }

    /// Ctrl-Z: give the shell a normal terminal, stop, and on `fg` take the terminal back.
    pub fn suspend(&mut self) -> io::Result<()> {
        leave();
        // SIGSTOP, not SIGTSTP: SIGTSTP is caught (a `kill -TSTP` comes back here).
        signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
        // Execution continues here after SIGCONT.
        take_terminal(self.mouse)?;
        self.resumed_at = Some(Instant::now());
        // Forget what ratatui believes is on screen, so the next draw repaints every cell.
        self.term.clear()
    }
}

/// Ask the terminal the start-up [`Questions`] in one round trip and read its answers for at most
/// `limit` (less when it answers: the device-attributes reply comes last). Call before
/// [`Session::enter`]: it reads the terminal directly, and leaves it as it found it. Questions
/// that draw more than a character (sized text is two rows tall) are asked on the alternate
/// screen; the others on the current row, which is then wiped.
pub fn probe(questions: Questions, limit: std::time::Duration) -> Answers {
    use std::os::fd::AsRawFd;
    if !questions.any() || enable_raw_mode().is_err() {
        return Answers::default();
    }
    let (before, after): (&[u8], &[u8]) = if questions.text_sizing {
        (b"\x1b[?1049h\x1b[H", b"\x1b[2J\x1b[?1049l")
    } else {
        // Save the cursor; afterwards wipe the row and restore it.
        (b"\x1b7", b"\r\x1b[K\x1b8")
    };
    let mut out = stdout();
    let mut reply = Vec::new();
    let mut answers = Answers::default();
    if out.write_all(before).is_ok()
        && out.write_all(&questions.bytes()).is_ok()
        && out.flush().is_ok()
    {
        let fd = std::io::stdin().as_raw_fd();
        let start = std::time::Instant::now();
        // A reply is tens of bytes; a terminal that floods us is not answering.
        while !answers.complete && reply.len() < 4096 {
            let left = limit.saturating_sub(start.elapsed());
            if left.is_zero() {
                break;
            }
            let mut pfd = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd for the duration of the call.
            let ready = unsafe { libc::poll(&mut pfd, 1, left.as_millis().max(1) as i32) };
            if ready <= 0 || pfd.revents & libc::POLLIN == 0 {
                break;
            }
            // Straight from the descriptor, a little at a time: a buffered reader could keep
            // keys typed meanwhile from the event reader.
            let mut buf = [0u8; 64];
            // SAFETY: reads at most 64 bytes into a valid 64-byte buffer.
            let n = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
            if n <= 0 {
                break;
            }
            reply.extend_from_slice(&buf[..n as usize]);
            answers = questions.read(&reply);
        }
    }
    let _ = out.write_all(after);
    let _ = out.flush();
    let _ = disable_raw_mode();
    answers
}

impl Drop for Session {
    fn drop(&mut self) {
        leave();
    }
}

/// Raw mode, the alternate screen, no cursor, bracketed paste, and the mouse if asked.
fn take_terminal(mouse: bool) -> io::Result<()> {
    super::signals::note_cooked_mode();
    enable_raw_mode()?;
    let mut out = stdout();
    execute!(
        out,
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// Undo [`Session::enter`]. Safe to call more than once and from a panic hook or a signal thread:
/// every step is attempted even if an earlier one fails (the terminal may already be gone).
fn leave() {
    let mut out = stdout();
    let _ = execute!(
        out,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restore the terminal before the default panic message prints, so it is readable and the
/// shell is usable afterwards.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
}
