//! Signals during a session, on a thread of their own.
//!
//! SIGTERM, SIGHUP, SIGINT and SIGQUIT end the program at once (128 + the signal) after a
//! restore of the terminal that can never block: the event loop may be stuck writing to a
//! terminal that no longer reads (a frozen SSH link), holding the stdout lock, so the restore goes
//! to a non-blocking descriptor with a deadline, and is given up rather than waited for.
//! SIGTSTP (from `kill`, not the key) and SIGCONT and SIGWINCH are handed to the event loop, which
//! suspends, redraws or resizes exactly as for a key: a wake-up pipe ends its wait for input.
//!
//! Every other signal whose default is to end the process ([`ENDING`]) gets the same bounded
//! restore, then ends the process as the signal would have (its status is the signal's). SIGABRT
//! and SIGTRAP are often raised by the failing thread itself (`abort`, an allocation failure, a
//! breakpoint) and end it before another thread could run, so they restore inside the handler,
//! with only async-signal-safe calls ([`restore_in_handler`]). SIGSEGV and SIGBUS stay with the
//! Rust runtime, SIGPIPE stays ignored, and real-time signals are left alone.

use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use std::sync::atomic::AtomicI32;

use libc::c_int;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};

/// Signals that end the process by default and are not asked for by a user to quit: restored for,
/// then ended by.
pub const ENDING: [c_int; 9] = [
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
    libc::SIGPWR,
    libc::SIGVTALRM,
    libc::SIGXCPU,
    libc::SIGXFSZ,
    libc::SIGPROF,
    libc::SIGSTKFLT,
];

/// Signals a thread may raise on itself and die of at once: restored for inside the handler.
pub const SYNCHRONOUS: [c_int; 2] = [libc::SIGABRT, libc::SIGTRAP];

/// The terminal's mode before the session made it raw, for [`restore_in_handler`].
static COOKED: OnceLock<libc::termios> = OnceLock::new();

/// A non-blocking descriptor for the terminal, for [`restore_in_handler`] (-1: none).
static HANDLER_FD: AtomicI32 = AtomicI32::new(-1);

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
    let mut caught = vec![SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH];
    caught.extend(ENDING);
    let mut signals = signal_hook::iterator::Signals::new(caught)?;
    if let Ok(fd) = dup_nonblocking(libc::STDOUT_FILENO) {
        use std::os::fd::IntoRawFd;
        // Kept open for the life of the process: a handler may need it at any moment.
        HANDLER_FD.store(fd.into_raw_fd(), Ordering::SeqCst);
    }
    for sig in SYNCHRONOUS {
        // SAFETY: the action only calls async-signal-safe functions (tcsetattr, write, sigaction,
        // raise), and reads statics set before it was registered.
        unsafe { signal_hook::low_level::register(sig, move || restore_in_handler(sig))? };
    }
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                match sig {
                    SIGTSTP => raise(&PENDING.suspend),
                    SIGCONT => raise(&PENDING.resumed),
                    SIGWINCH => raise(&PENDING.resized),
                    s if ENDING.contains(&s) => {
                        crate::cache::abandon_write();
                        restore_bounded();
                        end_by(s);
                    }
                    _ => {
                        crate::cache::abandon_write();
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

/// Remember the terminal's mode before it is made raw (once: later sessions start from the same
/// mode), so that a signal handler can put it back without taking any lock.
pub fn note_cooked_mode() {
    if COOKED.get().is_some() {
        return;
    }
    // SAFETY: termios is plain integers, for which all zeroes is a valid value.
    let mut t: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: tcgetattr writes one termios into `t`, which lives across the call.
    if unsafe { libc::tcgetattr(libc::STDIN_FILENO, &mut t) } == 0 {
        let _ = COOKED.set(t);
    }
}

/// The terminal restored from inside a signal handler: cooked mode, then the restoring
/// sequences in one non-blocking write (a terminal that does not read loses them, never blocks
/// us), then the signal's own default action. Only async-signal-safe calls.
fn restore_in_handler(sig: c_int) {
    if let Some(t) = COOKED.get() {
        // SAFETY: tcsetattr is async-signal-safe and reads one termios that is never written again.
        unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, t) };
    }
    let fd = HANDLER_FD.load(Ordering::SeqCst);
    if fd >= 0 {
        // SAFETY: write is async-signal-safe; RESTORE is a static byte string.
        unsafe { libc::write(fd, RESTORE.as_ptr().cast(), RESTORE.len()) };
    }
    end_by(sig);
}

/// End the process as `sig`'s default action would, so its status says which signal it was.
/// signal-hook knows most signals' defaults; the rest (SIGPWR, SIGSTKFLT) all end the process.
/// Async-signal-safe.
fn end_by(sig: c_int) {
    if signal_hook::low_level::emulate_default_handler(sig).is_err() {
        // SAFETY: sigaction, sigprocmask and raise are async-signal-safe and take only values.
        unsafe {
            let mut act: libc::sigaction = std::mem::zeroed();
            act.sa_sigaction = libc::SIG_DFL;
            libc::sigaction(sig, &act, std::ptr::null_mut());
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, sig);
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
            libc::raise(sig);
        }
    }
    // Only if the signal did not end it (someone set another action meanwhile).
    // SAFETY: _exit ends the process at once.
    unsafe { libc::_exit(128 + sig) };
}

fn raise(flag: &AtomicBool) {
    flag.store(true, Ordering::SeqCst);
    if let Some(mut tx) = WAKE.get() {
        let _ = io::Write::write(&mut tx, b"!");
    }
}

/// For a process about to end: restore the terminal without ever blocking for long. The event
/// loop is stopped from writing after it ([`hold_stdout`]), then cooked mode (an immediate ioctl),
/// then the restore sequences through a non-blocking descriptor, retried until the deadline.
pub fn restore_bounded() {
    hold_stdout();
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

/// Keep the event loop from writing to the terminal after it is restored: a frame half sent when
/// the signal came would otherwise end after the restore (a cursor moved, or hidden again). The
/// standard output's lock is taken on a thread that then holds it until the process ends; where
/// the loop holds it longer than a moment (stuck writing to a terminal that no longer reads), the
/// restore goes ahead without it, as it must never wait long.
fn hold_stdout() {
    let (held, wait) = std::sync::mpsc::channel::<()>();
    let taken = std::thread::Builder::new().spawn(move || {
        let _lock = io::stdout().lock();
        let _ = held.send(());
        loop {
            std::thread::park();
        }
    });
    if taken.is_ok() {
        let _ = wait.recv_timeout(Duration::from_millis(100));
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
