//! Reading the terminal: every byte waiting is read before anything is drawn, decoded by
//! [`crate::decode`], and the end of input is noticed.
//!
//! crossterm's own reader spins on a terminal that has gone away without a SIGHUP (it retries a
//! read that returns 0), and its parser drops the key after a bad byte. Here a read of 0 bytes, an
//! EIO, or a hang-up from `poll` ends the session, and the event loop gets each burst of input as
//! one batch, so a paste or a wheel fling costs one redraw and a Ctrl-C after it acts at once.

use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use crossterm::event::Event;

use crate::decode::Decoder;

/// Bytes read in one batch at most: a flood of input is handled a batch at a time, with frames
/// between, and memory stays bounded.
const MAX_BATCH: usize = 256 * 1024;
/// How long the rest of a sequence split across reads is waited for.
const SEQUENCE_WAIT: Duration = Duration::from_millis(30);
/// How long the rest of a bracketed paste is waited for before it is taken as ended.
const PASTE_WAIT: Duration = Duration::from_millis(500);

/// What one wait for input brought.
#[derive(Debug, Default)]
pub struct Batch {
    pub events: Vec<Event>,
    /// The terminal was resized (SIGWINCH).
    pub resized: bool,
    /// SIGTSTP from outside: suspend as for Ctrl-Z.
    pub suspend: bool,
    /// SIGCONT: the program was stopped and continued; redraw everything.
    pub resumed: bool,
}

pub struct Input {
    fd: i32,
    wake: Option<UnixStream>,
    decoder: Decoder,
}

/// The error for a terminal that has gone away.
pub fn hung_up() -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, "the terminal closed")
}

impl Input {
    /// Read standard input (a terminal), woken early by `wake` when a signal arrives.
    pub fn new(wake: Option<UnixStream>) -> Input {
        Input::on(libc::STDIN_FILENO, wake)
    }

    /// Read the terminal open on `fd` (the picker's `/dev/tty`, whatever stdin is).
    pub fn on(fd: i32, wake: Option<UnixStream>) -> Input {
        Input {
            fd,
            wake,
            decoder: Decoder::default(),
        }
    }

    /// Wait up to `timeout` (forever with `None`) for input or a signal, then read all input that
    /// is waiting. An empty batch means the time ran out. The terminal closing is an error of kind
    /// `UnexpectedEof`.
    pub fn next(&mut self, timeout: Option<Duration>) -> io::Result<Batch> {
        let mut batch = Batch::default();
        let ready = self.wait(timeout)?;
        self.take_signals(&mut batch);
        if ready {
            let mut buf = vec![0u8; 64 * 1024];
            let mut total = 0;
            let mut quiet = false;
            loop {
                let n = self.read(&mut buf)?;
                total += n;
                self.decoder.feed(&buf[..n], &mut batch.events);
                if total >= MAX_BATCH {
                    break;
                }
                // Drain what is already waiting; then, if a sequence is cut short, wait a
                // moment for its end.
                if self.poll_in(Duration::ZERO)? {
                    continue;
                }
                let wait = if self.decoder.in_paste() {
                    PASTE_WAIT
                } else if self.decoder.has_pending() && !self.decoder.pending_is_lone_esc() {
                    SEQUENCE_WAIT
                } else {
                    Duration::ZERO
                };
                if wait.is_zero() || !self.poll_in(wait)? {
                    quiet = true;
                    break;
                }
            }
            // Nothing more is coming for now: settle what is pending (a lone ESC is the Esc key).
            if quiet {
                self.decoder.flush(&mut batch.events);
            }
        }
        Ok(batch)
    }

    fn take_signals(&mut self, batch: &mut Batch) {
        use super::signals::{PENDING, take};
        if let Some(w) = &mut self.wake {
            let mut sink = [0u8; 64];
            while matches!(io::Read::read(w, &mut sink), Ok(n) if n > 0) {}
        }
        batch.resized = take(&PENDING.resized);
        batch.suspend = take(&PENDING.suspend);
        batch.resumed = take(&PENDING.resumed);
    }

    /// Wait for input or a wake-up; true if input is ready.
    fn wait(&mut self, timeout: Option<Duration>) -> io::Result<bool> {
        let start = Instant::now();
        loop {
            let left = timeout.map(|t| t.saturating_sub(start.elapsed()));
            let mut fds = [
                libc::pollfd {
                    fd: self.fd,
                    events: libc::POLLIN,
                    revents: 0,
                },
                libc::pollfd {
                    fd: self.wake.as_ref().map_or(-1, |w| w.as_raw_fd()),
                    events: libc::POLLIN,
                    revents: 0,
                },
            ];
            // SAFETY: two valid pollfds that live across the call.
            let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, millis(left)) };
            if n < 0 {
                let e = io::Error::last_os_error();
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(e);
            }
            let input = fds[0].revents;
            if input & libc::POLLIN != 0 {
                return Ok(true);
            }
            if input & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                return Err(hung_up());
            }
            // A wake-up, or the time ran out.
            return Ok(false);
        }
    }

    /// Is input ready within `wait`?
    fn poll_in(&self, wait: Duration) -> io::Result<bool> {
        let mut fd = libc::pollfd {
            fd: self.fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd that lives across the call.
        let n = unsafe { libc::poll(&mut fd, 1, millis(Some(wait))) };
        if n < 0 {
            let e = io::Error::last_os_error();
            return if e.kind() == io::ErrorKind::Interrupted {
                Ok(false)
            } else {
                Err(e)
            };
        }
        // A hang-up shows as readable too; the read then says so.
        Ok(n > 0 && fd.revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0)
    }

    fn read(&self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            // SAFETY: reads at most buf.len() bytes into buf, which is borrowed mutably.
            let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
            if n > 0 {
                return Ok(n as usize);
            }
            if n == 0 {
                return Err(hung_up());
            }
            let e = io::Error::last_os_error();
            match e.raw_os_error() {
                Some(libc::EINTR) => continue,
                Some(libc::EAGAIN) => return Ok(0),
                Some(libc::EIO) => return Err(hung_up()),
                _ => return Err(e),
            }
        }
    }
}

fn millis(d: Option<Duration>) -> i32 {
    match d {
        None => -1,
        // Round up, so a wait of 0.4 ms is not a busy loop of zero-length polls.
        Some(d) => d.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32,
    }
}
