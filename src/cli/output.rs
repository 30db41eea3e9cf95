//! Writing commands' output to stdout and stderr with honest exit codes when they fail.
//!
//! The rule: a closed pipe on stdout (`gongshu list | head -1`) ends the output quietly, and the
//! command keeps the exit code it would have had; a closed pipe on stderr loses only the messages.
//! Any other write error (a full disk, a closed stdout) is reported in one line and the exit code
//! is 2. Nothing here panics, unlike `print!`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::mem::ManuallyDrop;
use std::os::fd::FromRawFd;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU8, Ordering};

/// A standard stream that never fails a write: it notes what went wrong and carries on, so the
/// command runs to its own outcome.
pub struct Stream {
    file: ManuallyDrop<File>,
    /// A closed pipe: further output goes nowhere.
    closed: bool,
    /// The first error that was not a closed pipe.
    error: Option<io::Error>,
    /// The descriptor was closed when the program started (`gongshu list >&-`).
    closed_at_start: bool,
}

impl Stream {
    /// Standard output (fd 1) or standard error (fd 2).
    fn new(fd: i32) -> Stream {
        // The standard descriptors stay open for the life of the process; never close them.
        // SAFETY: fd 1 and 2 are open for the whole process (the runtime reopens a closed one on
        // /dev/null), and ManuallyDrop keeps this File from closing them.
        let file = ManuallyDrop::new(unsafe { File::from_raw_fd(fd) });
        Stream {
            file,
            closed: false,
            error: None,
            closed_at_start: fd == libc::STDOUT_FILENO && closed_at_start(fd),
        }
    }
}

/// What the binary saw of stdout before the Rust runtime started ([`note_stdout_at_start`]):
/// 0 nothing, 1 open, 2 closed.
static STDOUT_AT_START: AtomicU8 = AtomicU8::new(0);

/// Say whether stdout was open when the process started. The Rust runtime opens /dev/null on a
/// closed stdout before `main`, so only code that runs earlier (the binary's initializer) can
/// tell a closed stdout from one sent to /dev/null.
pub fn note_stdout_at_start(open: bool) {
    STDOUT_AT_START.store(if open { 1 } else { 2 }, Ordering::Relaxed);
}

/// Whether stdout is an open descriptor now; safe to call before the Rust runtime starts.
pub fn stdout_is_open() -> bool {
    // SAFETY: F_GETFD only asks whether the descriptor is open; it touches no memory.
    unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) != -1 }
}

/// Was `fd` closed when the program started? As noted by the binary; else guessed: the Rust
/// runtime opens /dev/null on it read-write, which a shell's `>/dev/null` never does (it opens
/// it write-only), though `1<>/dev/null` and Python's `subprocess.DEVNULL` do.
fn closed_at_start(fd: i32) -> bool {
    match STDOUT_AT_START.load(Ordering::Relaxed) {
        1 => return false,
        2 => return true,
        _ => {}
    }
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    // SAFETY: F_GETFL only reads the descriptor's status flags.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return true;
    }
    if flags & libc::O_ACCMODE != libc::O_RDWR {
        return false;
    }
    // SAFETY: fd is open (F_GETFL succeeded) and ManuallyDrop never closes it.
    let file = ManuallyDrop::new(unsafe { File::from_raw_fd(fd) });
    let null = std::fs::metadata("/dev/null");
    match (file.metadata(), null) {
        (Ok(m), Ok(n)) => m.file_type().is_char_device() && m.rdev() == n.rdev(),
        _ => false,
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed || self.error.is_some() {
            return Ok(buf.len());
        }
        if self.closed_at_start && !buf.is_empty() {
            self.error = Some(io::Error::other("standard output is closed"));
            return Ok(buf.len());
        }
        match self.file.write_all(buf) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => self.closed = true,
            Err(e) => self.error = Some(e),
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Run a command that prints to stdout and stderr and returns its exit code, and turn write
/// errors into the exit code the rule gives.
pub fn run(command: impl FnOnce(&mut dyn Write, &mut dyn Write) -> io::Result<u8>) -> ExitCode {
    let mut out = BufWriter::with_capacity(64 * 1024, Stream::new(libc::STDOUT_FILENO));
    let mut err = BufWriter::with_capacity(8 * 1024, Stream::new(libc::STDERR_FILENO));
    let result = command(&mut out, &mut err);
    let _ = out.flush();
    let out_error = out.get_mut().error.take();
    let code = match result {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "gongshu: {e}");
            2
        }
    };
    let code = match out_error {
        Some(e) => {
            let _ = writeln!(err, "gongshu: cannot write the output: {}", describe(&e));
            2
        }
        None => code,
    };
    let _ = err.flush();
    if err.get_ref().error.is_some() {
        return ExitCode::from(2);
    }
    ExitCode::from(code)
}

/// An error as one short line, without Rust's "(os error N)".
fn describe(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Print text (help, version) to stdout or stderr under the same rule, with `code` as the exit
/// code when the write succeeds or meets a closed pipe.
pub fn print(text: &str, to_stderr: bool, code: u8) -> ExitCode {
    run(|out, err| {
        if to_stderr {
            err.write_all(text.as_bytes())?;
        } else {
            out.write_all(text.as_bytes())?;
        }
        Ok(code)
    })
}

/// `eprintln!` that never panics: for messages around the interactive atlas, whose terminal may
/// be gone.
pub fn eprintln(args: std::fmt::Arguments) {
    let _ = writeln!(io::stderr(), "{args}");
}
