//! Signals from outside, against the real binary in a pseudo-terminal: each one restores the
//! terminal (or, for SIGTSTP, suspends and redraws as Ctrl-Z does), even while the terminal has
//! stopped reading, and the end of the terminal is noticed without a SIGHUP.

use std::time::{Duration, Instant};

use crate::helpers::pty::{Session, spawn, spawn_cmd, spawn_full};
use crate::helpers::temp::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_gongshu");

/// Sequences that undo the session: main screen, cursor shown, mouse and paste modes off.
const RESTORED: [&str; 4] = ["\x1b[?1049l", "\x1b[?25h", "\x1b[?1000l", "\x1b[?2004l"];

fn restored_after(out: &str, from: usize) -> bool {
    RESTORED.iter().all(|seq| out[from..].contains(seq))
}

/// The first child process of `pid`.
pub(crate) fn child_of(pid: u32) -> Option<u32> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        let kids = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"));
        if let Some(k) = kids
            .ok()
            .and_then(|k| k.split_whitespace().next()?.parse().ok())
        {
            return Some(k);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// The state letter of a process (`R`, `S`, `T`, `Z`), or `None` once it is gone.
fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(')').next()?.trim_start().chars().next()
}

/// CPU time (user + system, in clock ticks) a process has used.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    fields
        .get(11..13)
        .map_or(0, |f| f.iter().map(|x| x.parse::<u64>().unwrap_or(0)).sum())
}

fn gone_within(pid: u32, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if matches!(state(pid), None | Some('Z')) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

fn kill(sig: &str, pid: u32) {
    let ok = std::process::Command::new("kill")
        .args([format!("-{sig}"), pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{sig} {pid}");
}

/// The atlas under `sh`, which prints the terminal's mode after it ends; and the atlas's pid.
fn atlas_then_stty() -> (Session, u32) {
    let s = spawn_cmd(
        "sh",
        &["-c", &format!("{BIN} --mouse; echo; echo MODE; stty -a")],
        &[],
        100,
        30,
    );
    assert!(s.wait_for("Platforms 10/10"), "{}", s.text());
    let pid = child_of(s.pid()).expect("the atlas runs under sh");
    (s, pid)
}

#[test]
fn sigint_and_sigquit_from_kill_restore_the_terminal() {
    for sig in ["INT", "QUIT", "TERM", "HUP"] {
        let (mut s, pid) = atlas_then_stty();
        kill_and_check_restored(&mut s, pid, sig);
    }
}

/// Send `sig` to the atlas `pid` running under `sh`: it ends within a second, the terminal is
/// restored (main screen, cursor, modes off, cooked mode as the shell's stty sees it) and the
/// shell goes on. What the shell printed after the atlas, for further checks.
fn kill_and_check_restored(s: &mut Session, pid: u32, sig: &str) -> String {
    let before = s.output().len();
    kill(sig, pid);
    assert!(gone_within(pid, Duration::from_secs(1)), "SIG{sig}");
    assert!(s.wait_for("MODE"), "SIG{sig}");
    s.settle();
    let out = s.text();
    assert!(
        restored_after(&out, before),
        "SIG{sig}: {:?}",
        &out[before..]
    );
    // Cooked mode again: the shell's stty sees canonical input and echo.
    let mode = &out[out.find("MODE").unwrap()..];
    assert!(
        mode.contains(" icanon") && mode.contains(" echo "),
        "SIG{sig}: {mode}"
    );
    assert_eq!(s.exit_within(Duration::from_secs(2)), Some(0), "SIG{sig}");
    out[before..].to_string()
}

/// Every other signal that ends a process by default: the terminal is restored, then the process
/// ends by that signal (the shell's status is 128 plus its number).
#[test]
fn every_ending_signal_restores_the_terminal_then_ends_by_it() {
    let signals = [
        ("USR1", 10),
        ("USR2", 12),
        ("ALRM", 14),
        ("PWR", 30),
        ("VTALRM", 26),
        ("XCPU", 24),
        ("XFSZ", 25),
        ("PROF", 27),
        ("STKFLT", 16),
        ("ABRT", 6),
        ("TRAP", 5),
    ];
    for (sig, number) in signals {
        // No core files from the signals whose default dumps one.
        let script = format!("ulimit -c 0; {BIN} --mouse; echo \"STATUS $?\"; echo MODE; stty -a");
        let mut s = spawn_cmd("sh", &["-c", &script], &[], 100, 30);
        assert!(s.wait_for("Platforms 10/10"), "SIG{sig}: {}", s.text());
        let pid = child_of(s.pid()).expect("the atlas runs under sh");
        let after = kill_and_check_restored(&mut s, pid, sig);
        assert!(
            after.contains(&format!("STATUS {}", 128 + number)),
            "SIG{sig}: {after:?}"
        );
    }
}

#[test]
fn the_exit_code_of_a_signal_is_128_plus_its_number() {
    for (sig, code) in [(2, 130), (3, 131)] {
        let mut s = spawn(&[], &[], 100, 30);
        assert!(s.wait_for("Platforms 10/10"));
        s.signal(sig);
        assert_eq!(s.exit_within(Duration::from_secs(1)), Some(code), "{sig}");
    }
}

#[test]
fn sigtstp_from_kill_suspends_and_cont_redraws_as_ctrl_z_does() {
    let mut s = spawn(&["--mouse"], &[], 100, 30);
    assert!(s.wait_for("Platforms 10/10"));
    let pid = s.pid();
    let before = s.output().len();
    s.signal(20); // SIGTSTP
    let start = Instant::now();
    while state(pid) != Some('T') && start.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(state(pid), Some('T'), "stopped");
    s.settle();
    let out = s.text();
    assert!(restored_after(&out, before), "{:?}", &out[before..]);
    let stopped = out.len();

    s.signal(18); // SIGCONT, as `fg` sends
    assert!(
        s.wait_until(Duration::from_secs(5), |t| t.len() > stopped
            && t[stopped..].contains("Platforms 10/10")),
        "no redraw after SIGCONT: {:?}",
        &s.text()[stopped..]
    );
    let out = s.text();
    let back = &out[stopped..];
    assert!(
        back.contains("\x1b[?1049h") && back.contains("\x1b[?1000h"),
        "{back:?}"
    );
    // Keys work after resuming.
    s.send("q");
    assert_eq!(s.exit_within(Duration::from_secs(5)), Some(0));
}

/// Keep the atlas busy drawing into a terminal that does not read, until it blocks on a write.
fn stalled() -> Session {
    let mut s = spawn_full(BIN, &[], &[], 250, 80, false);
    std::thread::sleep(Duration::from_millis(300));
    // Every key redraws the screen; nobody reads the frames.
    for _ in 0..40 {
        s.send("jjjjjjjjkkkkkkkk\t\t");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(300));
    s
}

#[test]
fn sigterm_and_sighup_end_it_within_a_second_while_the_terminal_is_not_reading() {
    for (sig, code) in [(15, 143), (1, 129), (2, 130)] {
        let mut s = stalled();
        let pid = s.pid();
        let wchan = std::fs::read_to_string(format!("/proc/{pid}/wchan")).unwrap_or_default();
        // Blocked writing a frame (`wait_woken` in the tty's write), not waiting for input.
        assert!(!wchan.contains("poll"), "not stalled: waiting in {wchan}");
        assert!(
            s.exit_within(Duration::from_millis(10)).is_none(),
            "ended before the signal"
        );
        s.signal(sig);
        assert_eq!(
            s.exit_within(Duration::from_secs(1)),
            Some(code),
            "signal {sig} (blocked in {wchan})"
        );
    }
}

#[test]
fn end_of_input_without_sighup_ends_it_without_spinning() {
    let dir = TempDir::named("hup");
    let pidfile = dir.join("pid");
    let pidfile = pidfile.display();
    let codefile = dir.join("code");
    let codefile = codefile.display();
    // No controlling terminal: the atlas runs in a session of its own, with the pty as its input
    // and output, so closing the pty sends it no SIGHUP.
    let no_ctty = format!(
        "T=$(tty); setsid sh -c '{BIN}; echo $? > {codefile}' < $T > $T 2>&1 & echo $! > {pidfile}; wait"
    );
    // SIGHUP blocked by the parent, and inherited through exec (the shell ignores it, to report).
    let blocked = format!(
        "trap '' HUP; echo $$ > {pidfile}; perl -e 'use POSIX; sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGHUP)); exec @ARGV' {BIN}; echo $? > {codefile}"
    );
    for script in [no_ctty, blocked] {
        let _ = std::fs::remove_file(pidfile.to_string());
        let _ = std::fs::remove_file(codefile.to_string());
        // The output is not read, so that closing the pty closes it for good.
        let mut s = spawn_full("sh", &["-c", &script], &[], 100, 30, false);
        std::thread::sleep(Duration::from_millis(800));
        let pid: u32 = std::fs::read_to_string(pidfile.to_string())
            .expect("pid written")
            .trim()
            .parse()
            .unwrap();
        assert!(
            matches!(state(pid), Some('S' | 'R')),
            "{script}: not running"
        );
        s.close_pty();
        let gone = gone_within(pid, Duration::from_secs(1));
        let ticks = cpu_ticks(pid);
        if !gone {
            kill("KILL", pid);
        }
        assert!(
            gone,
            "{script}: still running after the pty closed ({ticks} ticks)"
        );
    }
}
