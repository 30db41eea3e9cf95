//! Signals during a session, on a thread of their own.
//!
//! SIGTERM, SIGHUP, SIGINT and SIGQUIT end the program at once (128 + the signal) after a
//! restore of the terminal that can never block: the event loop may be stuck writing to a
//! terminal that no longer reads (a frozen SSH link), holding the stdout lock, so the restore goes
//! to a non-blocking descriptor with a deadline, and is given up rather than waited for.
//! SIGTSTP (from `kill`, not the key) and SIGCONT and SIGWINCH are handed to the event loop, which
//! suspends, redraws or resizes exactly as for a key: a wake-up pipe ends its wait for input.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};

/// What the terminal needs to be usable again: end a frame, mouse and paste modes off, the main
/// screen, the cursor shown.
pub const RESTORE: &[u8] = b"\x1b[?2026l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?1049l\x1b[?25h";

/// How long the restoring write may take before the terminal is given up.
const RESTORE_DEADLINE: Duration = Duration::from_millis(300);

/// Flags the signal thread raises for the event loop.
#[derive(Default)]
pub struct Pending {
    pub suspend: AtomicBool,
    pub resumed: AtomicBool,
    pub resized: AtomicBool,
}

pub static PENDING: Pending = Pending {
    suspend: AtomicBool::new(false),
    resumed: AtomicBool::new(false),
    resized: AtomicBool::new(false),
};

/// The wake-up pipe's write end, for the signal thread.
static WAKE: OnceLock<UnixStream> = OnceLock::new();

/// Start the signal thread (once per process). Returns the wake-up pipe's read end for the input
/// reader to poll, or `None` if the thread was already started.
pub fn start() -> io::Result<Option<UnixStream>> {
    if WAKE.get().is_some() {
        return Ok(None);
    }
    let (rx, tx) = UnixStream::pair()?;
    rx.set_nonblocking(true)?;
    tx.set_nonblocking(true)?;
    let _ = WAKE.set(tx);
    let mut signals = signal_hook::iterator::Signals::new([
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH,
    ])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                match sig {
                    SIGTSTP => raise(&PENDING.suspend),
                    SIGCONT => raise(&PENDING.resumed),
                    SIGWINCH => raise(&PENDING.resized),
                    _ => {
                        restore_bounded();
                        // `_exit`: no exit handlers, which would flush stdout and could block.
                        // SAFETY: _exit ends the process at once; nothing here is left to drop.
                        unsafe { libc::_exit(128 + sig) };
                    }
                }
            }
        })?;
    Ok(Some(rx))
}

fn raise(flag: &AtomicBool) {
    flag.store(true, Ordering::SeqCst);
    if let Some(mut tx) = WAKE.get() {
        let _ = io::Write::write(&mut tx, b"!");
    }
}

/// Restore the terminal without ever blocking for long: cooked mode (an immediate ioctl), then the
/// restore sequences through a non-blocking descriptor, retried until the deadline.
pub fn restore_bounded() {
    let _ = crossterm::terminal::disable_raw_mode();
    let Ok(fd) = dup_nonblocking(libc::STDOUT_FILENO) else {
        return;
    };
    let deadline = Instant::now() + RESTORE_DEADLINE;
    let mut rest = RESTORE;
    while !rest.is_empty() && Instant::now() < deadline {
        // SAFETY: writes at most rest.len() bytes from rest, which lives across the call.
        let n = unsafe { libc::write(fd.as_raw_fd(), rest.as_ptr().cast(), rest.len()) };
        if n > 0 {
            rest = &rest[n as usize..];
        } else if n == 0 {
            return;
        } else {
            match io::Error::last_os_error().raw_os_error() {
                Some(libc::EAGAIN | libc::EINTR) => std::thread::sleep(Duration::from_millis(5)),
                _ => return,
            }
        }
    }
}

/// A non-blocking descriptor for the terminal on `fd`. Opened afresh (through /proc), it is a
/// description of its own: the event loop's own writes stay blocking, so it cannot meet an error
/// and end the program with another code while the restore is under way. Failing that, a
/// duplicate set non-blocking (whose flag the original then shares).
fn dup_nonblocking(fd: i32) -> io::Result<OwnedFd> {
    use std::os::fd::FromRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    if let Ok(f) = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(format!("/proc/self/fd/{fd}"))
    {
        return Ok(f.into());
    }
    // SAFETY: duplicating a descriptor touches no memory; the result is checked.
    let d = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
    if d < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: d was just made by F_DUPFD and nothing else owns it.
    let owned = unsafe { OwnedFd::from_raw_fd(d) };
    // SAFETY: reading and setting d's status flags touches no memory.
    let flags = unsafe { libc::fcntl(d, libc::F_GETFL) };
    // SAFETY: as above.
    if flags < 0 || unsafe { libc::fcntl(d, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(owned)
}

/// Take a flag the signal thread raised.
pub fn take(flag: &AtomicBool) -> bool {
    flag.swap(false, Ordering::SeqCst)
}
