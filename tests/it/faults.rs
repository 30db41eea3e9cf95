//! Faults the atlas must survive, tried against the real binary in a pseudo-terminal, checking
//! the raw bytes it writes (not just the screen). See the fault table in docs/faults.md.

use std::time::Duration;

use crate::helpers::pty::{spawn, spawn_cmd, spawn_full};
use crate::helpers::temp::TempDir;

/// SGR parameter lists (`ESC [ … m`) in a byte stream.
fn sgr_params(bytes: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    let mut rest = &s[..];
    while let Some(i) = rest.find("\x1b[") {
        rest = &rest[i + 2..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(rest.len());
        if rest[end..].starts_with('m') {
            out.push(rest[..end].to_string());
        }
        rest = &rest[end..];
    }
    out
}

/// Whether an SGR parameter list sets a foreground or background colour.
fn sets_colour(params: &str) -> bool {
    params.split(';').any(|p| {
        matches!(
            p.parse::<u32>(),
            Ok(30..=38 | 40..=48 | 90..=97 | 100..=107)
        )
    })
}

const RESTORED: [&str; 2] = ["\x1b[?1049l", "\x1b[?25h"];

fn restored_after(out: &str, from: usize) -> bool {
    RESTORED.iter().all(|seq| out[from..].contains(seq))
}

#[test]
fn no_color_means_no_colour_codes_and_a_visible_selection() {
    let mut s = spawn(&[], &[("NO_COLOR", "1")], 120, 40);
    assert!(s.wait_for("Platforms 10/10"), "{}", s.text());
    s.send("j");
    s.settle();
    let out = s.output();
    let colours: Vec<String> = sgr_params(&out)
        .into_iter()
        .filter(|p| sets_colour(p))
        .collect();
    assert!(
        colours.is_empty(),
        "colour codes under NO_COLOR: {colours:?}"
    );
    // The selection is marked by a symbol, not only by reverse video (the screen after moving is
    // checked in tests/pty.rs; here, raw bytes hold cursor moves between wide characters).
    assert!(s.text().contains("> 1 运"), "{}", s.text());
    s.send("q");
    assert_eq!(s.exit_within(Duration::from_secs(5)), Some(0));
}

#[test]
fn without_colorterm_no_truecolour_is_sent() {
    let mut s = spawn(&[], &[], 120, 40);
    assert!(s.wait_for("Platforms 10/10"));
    s.send("/dianshang");
    s.settle();
    let params = sgr_params(&s.output());
    assert!(
        params.iter().any(|p| sets_colour(p)),
        "colour is on by default"
    );
    assert!(
        !params
            .iter()
            .any(|p| p.contains("38;2;") || p.contains("48;2;")),
        "{params:?}"
    );
    s.send("\x1b");
    // A lone ESC followed at once by `q` reads as Alt-q; a person's keystrokes are further apart.
    std::thread::sleep(Duration::from_millis(200));
    s.send("q");
    assert!(s.exit_within(Duration::from_secs(5)).is_some());
}

#[test]
fn dumb_terminal_gets_no_escape_bytes() {
    let state_dir = TempDir::named("dumb-bytes");
    let state = state_dir.display().to_string();
    let mut s = spawn(
        &[],
        &[("TERM", "dumb"), ("XDG_STATE_HOME", &state)],
        100,
        30,
    );
    assert!(s.wait_for("gongshu> "), "{}", s.text());
    s.send("list\rsearch 金融\rshow 9\rplan\rhelp\r");
    assert!(s.wait_for("Commands"), "{}", s.text());
    // Ctrl-D at an empty prompt: a clean end.
    s.send("\x04");
    assert_eq!(
        s.exit_within(Duration::from_secs(5)),
        Some(0),
        "{}",
        s.text()
    );
    s.settle();
    let out = s.text();
    assert!(
        out.contains("10 platforms") || out.contains("10 个平台"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "{out:?}");
    // The briefing has no line mode: it is refused, pointing at the one the atlas has.
    let mut s = spawn(&["present"], &[("TERM", "dumb")], 100, 30);
    assert_eq!(s.exit_within(Duration::from_secs(5)), Some(2));
    s.settle();
    let out = s.text();
    assert!(
        out.contains("TERM=dumb") && out.contains("gongshu --plain"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "{out:?}");
}

#[test]
fn sigterm_and_sighup_exit_promptly_and_restore_the_terminal() {
    for (sig, code) in [(15, 143), (1, 129)] {
        let mut s = spawn(&[], &[], 100, 30);
        assert!(s.wait_for("Platforms 10/10"));
        let before = s.output().len();
        s.signal(sig);
        assert_eq!(
            s.exit_within(Duration::from_secs(1)),
            Some(code),
            "signal {sig}"
        );
        s.settle();
        assert!(
            restored_after(&s.text(), before),
            "signal {sig}: {:?}",
            &s.text()[before..]
        );
    }
}

#[test]
fn sighup_still_ends_it_when_hangups_were_ignored_as_under_nohup() {
    let bin = env!("CARGO_BIN_EXE_gongshu");
    let mut s = spawn_cmd(
        "sh",
        &["-c", &format!("trap '' HUP; exec {bin}")],
        &[],
        100,
        30,
    );
    assert!(s.wait_for("Platforms 10/10"));
    s.signal(1);
    assert_eq!(s.exit_within(Duration::from_secs(1)), Some(129));
}

#[test]
fn a_closed_pty_ends_the_process_without_spinning() {
    let mut s = spawn_full(env!("CARGO_BIN_EXE_gongshu"), &[], &[], 100, 30, false);
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        s.exit_within(Duration::from_millis(10)).is_none(),
        "ended before the pty closed"
    );
    // The terminal goes away, as when an SSH connection drops.
    s.close_pty();
    assert!(
        s.exit_within(Duration::from_secs(1)).is_some(),
        "still running after the pty closed"
    );
}

#[test]
fn a_bogus_huge_size_is_drawn_capped_without_crashing() {
    let mut s = spawn(&[], &[], 65535, 65535);
    assert!(
        s.wait_for("Platforms 10/10"),
        "{}",
        &s.text()[..s.text().len().min(500)]
    );
    s.settle();
    s.send("q");
    assert_eq!(s.exit_within(Duration::from_secs(5)), Some(0));
    // One capped frame of 1000x500 cells, not 65535x65535.
    assert!(s.output().len() < 8_000_000, "{} bytes", s.output().len());
}

#[test]
fn tiny_and_zero_sizes_do_not_panic() {
    for (w, h) in [(0, 0), (1, 1), (20, 5), (200, 1), (1, 200)] {
        let mut s = spawn(&[], &[], w, h);
        std::thread::sleep(Duration::from_millis(300));
        s.send("jjk/x\x1b");
        std::thread::sleep(Duration::from_millis(200));
        s.send("q");
        assert_eq!(
            s.exit_within(Duration::from_secs(5)),
            Some(0),
            "{w}x{h}: {}",
            s.text()
        );
        assert!(!s.text().contains("panicked"), "{w}x{h}");
    }
}

#[test]
fn a_panic_leaves_the_terminal_restored() {
    // Debug builds panic on `!` when this variable is set, so the panic path can be tried.
    let mut s = spawn(&[], &[("GONGSHU_PANIC_ON_BANG", "1")], 100, 30);
    assert!(s.wait_for("Platforms 10/10"));
    let before = s.output().len();
    s.send("!");
    assert_eq!(s.exit_within(Duration::from_secs(5)), Some(101));
    s.settle();
    let out = s.text();
    assert!(restored_after(&out, before), "{:?}", &out[before..]);
    // Raw mode is off before the message prints: its lines start at column 0 with CRLF intact.
    assert!(out[before..].contains("panicked"), "{:?}", &out[before..]);
}

#[test]
fn named_colours_are_sent_as_basic_codes_never_256_colour_ones() {
    // A terminal that declares no 256 colours: everything, the map's fills included, must go out
    // as the basic codes. (With TERM=xterm-256color the fills may use the palette it declares.)
    let mut s = spawn(&[], &[("TERM", "xterm")], 120, 40);
    assert!(s.wait_for("Platforms 10/10"));
    s.send("/dianshang");
    s.settle();
    let params = sgr_params(&s.output());
    assert!(params.iter().any(|p| sets_colour(p)), "colour is on");
    let indexed: Vec<_> = params
        .iter()
        .filter(|p| p.contains("38;5") || p.contains("48;5"))
        .collect();
    assert!(indexed.is_empty(), "{indexed:?}");
    s.send("\x03");
    assert_eq!(s.exit_within(Duration::from_secs(5)), Some(0));
}
