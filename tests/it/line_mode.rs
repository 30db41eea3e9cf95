//! The line mode (`gongshu --plain`) in a pseudo-terminal as a screen reader's user meets it: a
//! session's transcript in each language, Tab completion, history across runs; and over SSH
//! for a client with TERM=dumb.

use std::num::NonZeroU16;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::helpers::pty::{Session, spawn};
use crate::helpers::server::Server;
use crate::helpers::temp::TempDir;
use crate::helpers::tools;

/// A pty wide and tall enough that nothing wraps or scrolls away.
const COLS: u16 = 400;
const ROWS: u16 = 300;

fn plain(lang: &str, state: &std::path::Path) -> Session {
    let state = state.display().to_string();
    spawn(
        &["--plain", "--lang", lang],
        &[("XDG_STATE_HOME", &state), ("TERM", "xterm-256color")],
        COLS,
        ROWS,
    )
}

/// How many prompts the output shows.
fn prompts(s: &Session) -> usize {
    prompts_in(&s.text())
}

/// The line editor redraws its prompt as the line is edited (a completion, the accepted line);
/// where it can, it turns bracketed paste on each time it starts reading a line, so that counts
/// the prompts asked. On a terminal without it, every prompt is a new one.
fn prompts_in(t: &str) -> usize {
    match t.matches("\x1b[?2004h").count() {
        0 => t.matches("gongshu> ").count(),
        n => n,
    }
}

/// Type a line and wait for its answer (the next prompt).
fn ask(s: &mut Session, line: &str) {
    let before = prompts(s);
    s.send(line);
    s.send("\r");
    assert!(
        s.wait_until(Duration::from_secs(10), |t| prompts_in(t) > before),
        "no answer to {line:?}: {}",
        s.text()
    );
}

/// What a terminal shows after `out`.
fn screen(out: &[u8]) -> String {
    let nz = |n| NonZeroU16::new(n).unwrap();
    let mut vt = vt100::Parser::new(nz(ROWS), nz(COLS), 0);
    vt.process(out);
    let text = vt.screen().contents();
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end().to_string() + "\n"
}

/// Nothing that draws a grid or moves the cursor to a place: no box drawing, block or braille
/// character, no cursor addressing (CSI … H or f), no alternate screen.
fn assert_linear(out: &[u8]) {
    let text = String::from_utf8_lossy(out);
    for c in text.chars() {
        let u = c as u32;
        assert!(
            !(0x2500..=0x259F).contains(&u) && !(0x2800..=0x28FF).contains(&u),
            "{c:?} in {text:?}"
        );
    }
    assert!(
        !text.contains("\x1b[?1049h") && !text.contains("\x1b[?47h"),
        "{text:?}"
    );
    let b = out;
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == 0x1b && b[i + 1] == b'[' {
            let mut j = i + 2;
            while j < b.len() && (0x30..=0x3f).contains(&b[j]) {
                j += 1;
            }
            while j < b.len() && (0x20..=0x2f).contains(&b[j]) {
                j += 1;
            }
            if j < b.len() {
                assert!(
                    !matches!(b[j], b'H' | b'f' | b'd' | b'G' | b'`'),
                    "cursor addressing {:?} in {text:?}",
                    String::from_utf8_lossy(&b[i..=j])
                );
                // No colour either.
                assert_ne!(b[j], b'm', "colour in {text:?}");
            }
            i = j;
        }
        i += 1;
    }
}

fn state_dir(name: &str) -> TempDir {
    TempDir::named(&format!("line-{name}"))
}

/// A short session: the welcome, a list, a search, a platform, then quit.
fn session(lang: &str) -> Vec<u8> {
    let state = state_dir(&format!("t-{lang}"));
    let mut s = plain(lang, &state);
    assert!(s.wait_for("gongshu> "), "{}", s.text());
    for line in ["列表", "search 金融", "显示 9", "where 1", "附近 6"] {
        ask(&mut s, line);
    }
    s.send("quit\r");
    assert_eq!(
        s.exit_within(Duration::from_secs(10)),
        Some(0),
        "{}",
        s.text()
    );
    s.settle();
    s.output()
}

#[test]
fn a_session_reads_as_lines_in_each_language() {
    for lang in ["zh", "en", "both"] {
        let out = session(lang);
        assert_linear(&out);
        insta::assert_snapshot!(format!("line_mode_session_{lang}"), screen(&out));
    }
}

#[test]
fn tab_completes_a_platform_id() {
    let state = state_dir("tab");
    let mut s = plain("en", &state);
    assert!(s.wait_for("gongshu> "));
    s.send("show kangqiao-h\t");
    assert!(s.wait_for("kangqiao-health"), "{}", s.text());
    ask(&mut s, "");
    assert!(s.text().contains("Platform 10: "), "{}", s.text());
    // A command's name completes too.
    ask(&mut s, "pl\t");
    assert!(s.text().contains("Plan: "), "{}", s.text());
    s.send("\x04");
    assert_eq!(s.exit_within(Duration::from_secs(10)), Some(0));
    assert_linear(&s.output());
}

#[test]
fn history_is_recalled_in_the_next_run_and_kept_private() {
    use std::os::unix::fs::PermissionsExt;
    let state = state_dir("history");
    let mut s = plain("en", &state);
    assert!(s.wait_for("gongshu> "));
    ask(&mut s, "show 3");
    s.send("quit\r");
    assert_eq!(s.exit_within(Duration::from_secs(10)), Some(0));
    let file = state.join("gongshu/history");
    let kept = std::fs::read_to_string(&file).unwrap();
    assert_eq!(kept, "show 3\nquit\n");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let mut s = plain("en", &state);
    assert!(s.wait_for("gongshu> "));
    // Up twice: quit, then show 3.
    s.send("\x1b[A");
    s.send("\x1b[A");
    assert!(
        s.wait_until(Duration::from_secs(10), |t| screen(t.as_bytes())
            .lines()
            .last()
            .is_some_and(|l| l.ends_with("gongshu> show 3"))),
        "{}",
        screen(&s.output())
    );
    ask(&mut s, "");
    assert!(s.text().contains("Platform 3: "), "{}", s.text());
    // Ctrl-C drops the line typed and the session goes on.
    let before = prompts(&s);
    s.send("show 4\x03");
    assert!(s.wait_until(Duration::from_secs(10), |t| prompts_in(t) > before));
    ask(&mut s, "list");
    assert!(!s.text().contains("Platform 4: "), "{}", s.text());
    s.send("\x04");
    assert_eq!(
        s.exit_within(Duration::from_secs(10)),
        Some(0),
        "{:?}",
        s.text()
    );
}

#[test]
fn a_closed_terminal_ends_the_session() {
    let state = state_dir("closed");
    let dir = state.display().to_string();
    // Output unread, so that closing our side really closes the terminal.
    let mut s = crate::helpers::pty::spawn_full(
        env!("CARGO_BIN_EXE_gongshu"),
        &["--plain"],
        &[("XDG_STATE_HOME", &dir)],
        80,
        24,
        false,
    );
    std::thread::sleep(Duration::from_millis(1500));
    s.close_pty();
    assert!(s.exit_within(Duration::from_secs(10)).is_some());
}

#[test]
fn a_script_on_stdin_is_answered() {
    let state = TempDir::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongshu"))
        .args(["--plain", "--lang", "en"])
        .env("XDG_STATE_HOME", state.0.as_os_str())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("search 金融\nshow 1\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("3 platforms match 金融: "), "{text}");
    assert!(text.contains("Platform 1: Canal Wealth Town\n"), "{text}");
    assert!(
        !text.contains('\x1b') && !text.contains("gongshu> "),
        "{text:?}"
    );
    // A script's lines are not history.
    assert!(!state.0.join("gongshu/history").exists());
}

#[test]
fn a_dumb_terminal_over_ssh_gets_the_line_mode() {
    if !tools::have(&["ssh"]) {
        return;
    }
    let s = Server::start(&[]);
    let mut child = Command::new("timeout")
        .arg("20")
        .arg("ssh")
        .arg("-tt")
        .args(s.ssh_args())
        .arg("-o")
        .arg("SetEnv=LANG=en_US.UTF-8")
        .arg("anyone@127.0.0.1")
        .env("TERM", "dumb")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    let mut stdin = child.stdin.take().unwrap();
    // A Chinese character typed and rubbed out (two columns), a line dropped with Ctrl-C,
    // Tab completing an id, then quit.
    stdin
        .write_all("ab电\x7f\x7f\x7f\rlist\x03show kangqiao-h\t\rquit\r".as_bytes())
        .unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("gongshu> "), "{text:?}");
    assert!(
        text.contains("ab电\x08 \x08\x08 \x08\x08 \x08\x08 \x08\r\n"),
        "{text:?}"
    );
    assert!(text.contains("list^C\r\ngongshu> "), "{text:?}");
    assert!(text.contains("show kangqiao-health \r\n"), "{text:?}");
    assert!(text.contains("Platform 10: "), "{text:?}");
    assert!(text.contains("Goodbye."), "{text:?}");
    assert_linear(&out.stdout);
}

#[test]
fn two_sessions_at_once_keep_both_histories() {
    let state = state_dir("two");
    let mut a = plain("en", &state);
    let mut b = plain("en", &state);
    assert!(a.wait_for("gongshu> ") && b.wait_for("gongshu> "));
    ask(&mut a, "show 1");
    ask(&mut b, "show 2");
    ask(&mut a, "near 1");
    for s in [&mut a, &mut b] {
        s.send("quit\r");
        assert_eq!(s.exit_within(Duration::from_secs(10)), Some(0));
    }
    let kept = std::fs::read_to_string(state.join("gongshu/history")).unwrap();
    assert_eq!(kept, "show 1\nshow 2\nnear 1\nquit\n");
}

/// Ctrl-C on a terminal rustyline leaves to edit its own lines (TERM=dumb): the line is dropped
/// and a fresh prompt comes on a new line; SIGINT from elsewhere does the same, and SIGTERM ends
/// the session with what it typed kept.
#[test]
fn ctrl_c_on_a_dumb_terminal_gives_a_fresh_prompt() {
    let state = state_dir("dumb-int");
    let dir = state.display().to_string();
    let mut s = spawn(
        &["--plain", "--lang", "en"],
        &[("XDG_STATE_HOME", &dir), ("TERM", "dumb")],
        COLS,
        ROWS,
    );
    assert!(s.wait_for("gongshu> "), "{}", s.text());
    s.send("show 4\x03");
    assert!(
        s.wait_until(Duration::from_secs(10), |t| t.ends_with("^C\ngongshu> ")
            || t.ends_with("^C\r\ngongshu> ")),
        "{:?}",
        s.text()
    );
    ask(&mut s, "list");
    assert!(!s.text().contains("Platform 4: "), "{}", s.text());
    assert!(
        s.text().contains("10 platforms, by number:"),
        "{}",
        s.text()
    );
    let before = prompts(&s);
    s.signal(libc::SIGINT);
    assert!(
        s.wait_until(Duration::from_secs(10), |t| prompts_in(t) > before),
        "{:?}",
        s.text()
    );
    ask(&mut s, "show 2");
    assert!(s.text().contains("Platform 2: "), "{}", s.text());
    s.signal(libc::SIGTERM);
    assert_eq!(s.exit_within(Duration::from_secs(10)), Some(128 + 15));
    let kept = std::fs::read_to_string(state.join("gongshu/history")).unwrap();
    assert_eq!(kept, "list\nshow 2\n");
    // Ctrl-D at the prompt leaves, and what comes after starts on a line of its own.
    let mut s = spawn(
        &["--plain", "--lang", "en"],
        &[("XDG_STATE_HOME", &dir), ("TERM", "dumb")],
        COLS,
        ROWS,
    );
    assert!(s.wait_for("gongshu> "), "{}", s.text());
    s.send("\x04");
    assert_eq!(s.exit_within(Duration::from_secs(10)), Some(0));
    s.settle();
    assert!(s.text().ends_with("gongshu> \r\n"), "{:?}", s.text());
}

/// SIGTERM or SIGHUP while rustyline has the terminal raw: the terminal's mode is put back (the
/// shell after it reads lines again), and the history is kept.
#[test]
fn sigterm_and_sighup_leave_the_terminal_as_it_was() {
    for sig in [libc::SIGTERM, libc::SIGHUP] {
        let state = state_dir(&format!("term-{sig}"));
        let dir = state.display().to_string();
        let script = format!(
            "{} --plain --lang en; echo \"status $?\"; stty -a; echo DONE",
            env!("CARGO_BIN_EXE_gongshu")
        );
        let mut s = crate::helpers::pty::spawn_cmd(
            "sh",
            &["-c", &script],
            &[("XDG_STATE_HOME", &dir)],
            COLS,
            ROWS,
        );
        assert!(s.wait_for("gongshu> "), "{}", s.text());
        ask(&mut s, "show 3");
        s.send("list");
        assert!(
            s.wait_until(Duration::from_secs(10), |t| t.ends_with("list")),
            "{:?}",
            s.text()
        );
        let pid = crate::signals::child_of(s.pid()).expect("gongshu's pid");
        assert!(
            std::process::Command::new("kill")
                .args([format!("-{sig}"), pid.to_string()])
                .status()
                .unwrap()
                .success()
        );
        assert!(s.wait_for("DONE"), "{:?}", s.text());
        let text = s.text();
        assert!(text.contains(&format!("status {}", 128 + sig)), "{text:?}");
        let after = &text[text.find("status ").unwrap()..];
        let flags: Vec<&str> = after.split_whitespace().collect();
        for on in ["icanon", "echo", "isig", "icrnl", "opost"] {
            assert!(flags.contains(&on), "{on} is off: {after}");
        }
        let kept = std::fs::read_to_string(state.join("gongshu/history")).unwrap();
        assert_eq!(kept, "show 3\n");
    }
}

/// Colour only when asked for: `--color always` sets off each answer's first line, and nothing
/// else; without it (the other tests) there is none.
#[test]
fn color_always_marks_where_each_answer_begins() {
    let state = state_dir("color");
    let dir = state.display().to_string();
    let mut s = spawn(
        &["--plain", "--lang", "en", "--color", "always"],
        &[("XDG_STATE_HOME", &dir)],
        COLS,
        ROWS,
    );
    assert!(s.wait_for("gongshu> "), "{}", s.text());
    ask(&mut s, "show 3");
    ask(&mut s, "search 金融");
    s.send("quit\r");
    assert_eq!(s.exit_within(Duration::from_secs(10)), Some(0));
    let text = s.text();
    assert!(
        text.contains("\x1b[1;36mPlatform 3: Northern Software Park\x1b[0m\r\nid: "),
        "{text:?}"
    );
    assert!(
        text.contains("\x1b[1;36m3 platforms match 金融: "),
        "{text:?}"
    );
    // Only the headings: three answers (quit's goodbye included), three colours.
    assert_eq!(text.matches("\x1b[1;36m").count(), 3, "{text:?}");

    // In both languages a heading in two lines, Chinese then English, is set off whole, and the
    // sentences after it are not.
    let mut s = spawn(
        &["--plain", "--lang", "both", "--color", "always"],
        &[("XDG_STATE_HOME", &dir)],
        COLS,
        ROWS,
    );
    assert!(s.wait_for("gongshu> "), "{}", s.text());
    ask(&mut s, "where 9");
    s.send("\x04");
    assert_eq!(s.exit_within(Duration::from_secs(10)), Some(0));
    let text = s.text();
    assert!(
        text.contains(
            "\x1b[1;36m[9] 北城·智汇园 的位置:\x1b[0m\r\n\x1b[1;36mWhere [9] Beicheng Zhihui Park lies:\x1b[0m\r\n[9] "
        ),
        "{text:?}"
    );
    assert_eq!(text.matches("\x1b[1;36m").count(), 2, "{text:?}");
}
