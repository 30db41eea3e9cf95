//! An interactive line mode's signals, and its reading of lines where rustyline cannot edit them.
//!
//! SIGINT (Ctrl-C, or `kill -INT`) drops the line being typed and a fresh prompt is given on a
//! new line, as a shell or Python's prompt does; the session goes on. SIGTERM and SIGHUP end it:
//! a history write under way is let finish, the terminal's mode as it was at the start is put
//! back (rustyline may have made it raw), and the process ends with 128 + the signal.
//!
//! On a terminal rustyline does not drive (`TERM=dumb`, `emacs`, `cons25`) it only reads stdin
//! as a file, where a signal cannot reach it, and the terminal edits the line in its cooked mode.
//! There the line is read here: waiting on stdin and on a pipe SIGINT's handler writes to.

use std::io::{self, Read};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

/// Terminals rustyline reads as a file, leaving the editing of the line to the terminal (its own
/// list, `UNSUPPORTED_TERM`).
pub fn rustyline_cannot_edit(term: Option<&str>) -> bool {
    term.is_some_and(|t| {
        ["dumb", "cons25", "emacs"]
            .iter()
            .any(|u| u.eq_ignore_ascii_case(t))
    })
}

/// SIGINT caught: a flag, and a pipe that wakes a wait for input.
pub struct Interrupts {
    flag: Arc<AtomicBool>,
    wake: UnixStream,
}

impl Interrupts {
    /// Catch SIGINT from now on (rustyline puts its own handler in place while it edits a line,
    /// and this one back after).
    pub fn catch() -> io::Result<Interrupts> {
        let (wake, tx) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        tx.set_nonblocking(true)?;
        let flag = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(SIGINT, flag.clone())?;
        signal_hook::low_level::pipe::register(SIGINT, tx)?;
        Ok(Interrupts { flag, wake })
    }

    /// Whether SIGINT came since this was last asked.
    fn take(&self) -> bool {
        let mut buf = [0u8; 64];
        while matches!((&self.wake).read(&mut buf), Ok(n) if n > 0) {}
        self.flag.swap(false, Ordering::SeqCst)
    }
}

/// On SIGTERM or SIGHUP, from another thread: wait for a history write under way, put the
/// terminal's mode back as it is now, and end with 128 + the signal.
pub fn end_on_term_or_hangup() -> io::Result<()> {
    // SAFETY: termios is plain integers, for which all zeroes is a valid value.
    let mut mode: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: tcgetattr writes one termios into `mode`, which lives across the call.
    let cooked = (unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut mode) } == 0).then_some(mode);
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("line-signals".into())
        .spawn(move || {
            let Some(sig) = signals.forever().next() else {
                return;
            };
            let _writing = super::history::WRITING
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if let Some(mode) = cooked {
                // SAFETY: tcsetattr reads one termios, which lives across the call.
                unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &mode) };
            }
            if sig == SIGTERM {
                // The shell's prompt after us starts on a line of its own. A terminal that does
                // not read loses it: the write never waits.
                // SAFETY: dup, fcntl, write and close take only values and a static buffer.
                unsafe {
                    let fd = libc::dup(libc::STDOUT_FILENO);
                    if fd >= 0 {
                        libc::fcntl(fd, libc::F_SETFL, libc::O_NONBLOCK);
                        libc::write(fd, b"\r\n".as_ptr().cast(), 2);
                        libc::close(fd);
                    }
                }
            }
            // SAFETY: _exit ends the process at once; the history is whole, nothing is left.
            unsafe { libc::_exit(128 + sig) };
        })?;
    Ok(())
}

/// What reading a line gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Typed {
    Line(String),
    /// SIGINT: the line typed is dropped (the terminal has thrown it away).
    Interrupted,
    /// The end of input.
    End,
}

/// A line from stdin, read directly: the terminal has edited it. `pending` holds what was read
/// past the line's end, for the next call. A line longer than `max` bytes is cut there.
pub fn read_line(ints: &Interrupts, pending: &mut Vec<u8>, max: usize) -> io::Result<Typed> {
    let stdin = libc::STDIN_FILENO;
    loop {
        if let Some(end) = pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = pending.drain(..=end).collect();
            return Ok(Typed::Line(text(&line)));
        }
        if pending.len() >= max {
            return Ok(Typed::Line(text(&std::mem::take(pending))));
        }
        if ints.take() {
            pending.clear();
            return Ok(Typed::Interrupted);
        }
        let mut fds = [
            libc::pollfd {
                fd: stdin,
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: ints.wake.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        // SAFETY: poll reads and writes the two pollfds, which live across the call.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, -1) };
        if n < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        if fds[0].revents == 0 {
            continue;
        }
        let mut buf = [0u8; 4096];
        let want = buf.len().min(max.saturating_sub(pending.len()).max(1));
        // SAFETY: read writes at most `want` bytes into buf, which lives across the call.
        let got = unsafe { libc::read(stdin, buf.as_mut_ptr().cast(), want) };
        match got {
            0 if pending.is_empty() => return Ok(Typed::End),
            // Ctrl-D after some text: that text is the line.
            0 => return Ok(Typed::Line(text(&std::mem::take(pending)))),
            n if n > 0 => pending.extend_from_slice(&buf[..n as usize]),
            _ => {
                let e = io::Error::last_os_error();
                if e.raw_os_error() == Some(libc::EIO) {
                    // The terminal is gone.
                    return Ok(Typed::End);
                }
                if !matches!(
                    e.kind(),
                    io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock
                ) {
                    return Err(e);
                }
            }
        }
    }
}

/// A line's bytes as text, without its line ending.
fn text(line: &[u8]) -> String {
    let s = String::from_utf8_lossy(line);
    s.trim_end_matches(['\n', '\r']).to_string()
}
