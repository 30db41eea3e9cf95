//! Entering and leaving the terminal's interactive mode, and surviving what can go wrong there:
//! panics, SIGTERM, SIGHUP (a dropped SSH connection), and Ctrl-Z.

use std::io::{self, Stdout, Write, stdout};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

pub type Term = Terminal<super::backend::Lean<CrosstermBackend<Stdout>>>;

/// The largest area drawn. A terminal (or a broken pty) can report a bogus size such as
/// 65535x65535, whose buffers alone would take gigabytes; beyond this we draw the top-left part.
pub const MAX_AREA: (u16, u16) = (1000, 500);

/// The terminal's size, capped to [`MAX_AREA`].
pub fn area() -> io::Result<Rect> {
    let (w, h) = crossterm::terminal::size()?;
    Ok(Rect::new(0, 0, w.min(MAX_AREA.0), h.min(MAX_AREA.1)))
}

/// Follow the terminal's size before a draw. The viewport is fixed (never sized by ratatui
/// itself) so that the cap above always holds.
pub fn fit(term: &mut Term, last: &mut Rect) -> io::Result<()> {
    let now = area()?;
    if now != *last {
        term.resize(now)?;
        *last = now;
    }
    Ok(())
}

/// Raw mode, the alternate screen and (if asked) mouse capture.
pub fn enter(mouse: bool) -> io::Result<Term> {
    enable_raw_mode()?;
    let mut out = stdout();
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    let viewport = Viewport::Fixed(area()?);
    let backend = super::backend::Lean(CrosstermBackend::new(stdout()));
    Terminal::with_options(backend, TerminalOptions { viewport })
}

/// Undo [`enter`]. Safe to call more than once and from a panic hook or a signal thread: every
/// step is attempted even if an earlier one fails (the terminal may already be gone).
pub fn leave() {
    let mut out = stdout();
    let _ = execute!(out, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restore the terminal before the default panic message prints, so it is readable and the
/// shell is usable afterwards.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
}

/// On SIGTERM or SIGHUP, restore what can be restored and exit at once (143 / 129). The event
/// loop may be blocked in a read that will never return once the terminal is gone, so the exit
/// happens here rather than by message.
pub fn exit_on_termination_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                leave();
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}

/// Ctrl-Z: give the shell a normal terminal, stop, and on `fg` take the terminal back.
pub fn suspend(term: &mut Term, mouse: bool) -> io::Result<()> {
    leave();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    // Execution continues here after SIGCONT.
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, cursor::Hide)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    // Forget what ratatui believes is on screen, so the next draw repaints every cell.
    term.clear()
}
