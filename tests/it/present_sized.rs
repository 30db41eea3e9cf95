//! Big type in the briefing: the platform's name at twice the size (OSC 66) only on a terminal
//! that said at start that it draws sized text; plain text on any other, and on one that does not
//! answer. The binary in a pseudo-terminal; what it sends read back by `vt100`.

use std::num::NonZeroU16;
use std::time::Duration;

use crate::helpers::pty::{Session, spawn};

/// The start-up probe's sized-text question (a space drawn two cells wide).
const PROBE: &str = "\x1b]66;w=2; \x07";

/// How the test's terminal answers the probe's three cursor reports, then device attributes.
enum Answer {
    /// The cursor moved 2 and 2 columns: both halves of the protocol are drawn.
    Sizes,
    /// The cursor moved 1 and 1: an older terminal that ignored the sequences.
    Ignores,
    /// Nothing at all.
    Silent,
}

/// `gongshu present` at the first platform's slide, its probe answered as `answer` says; every
/// byte it wrote with the slide on the screen (before it quit and left the alternate screen).
fn present(answer: Answer) -> String {
    let mut s: Session = spawn(
        &["--lang", "both", "present", "--start", "1"],
        &[("XDG_CONFIG_HOME", "/nonexistent")],
        120,
        40,
    );
    assert!(s.wait_for(PROBE), "asks: {:?}", s.text());
    match answer {
        Answer::Sizes => s.send("\x1b[1;1R\x1b[1;3R\x1b[1;5R\x1b[?62;22c"),
        Answer::Ignores => s.send("\x1b[1;1R\x1b[1;1R\x1b[1;1R\x1b[?62;22c"),
        Answer::Silent => {}
    }
    assert!(
        s.wait_for("Canal Wealth Town"),
        "the slide is drawn: {:?}",
        s.text()
    );
    s.settle();
    let out = s.text();
    s.send("qq");
    assert_eq!(s.exit_within(Duration::from_secs(10)), Some(0));
    out
}

/// The screen a terminal without sized text shows after `out` (vt100 ignores OSC 66).
fn screen(out: &str) -> String {
    let nz = |n| NonZeroU16::new(n).unwrap();
    let mut vt = vt100::Parser::new(nz(40), nz(120), 0);
    vt.process(out.as_bytes());
    vt.screen().contents()
}

#[test]
fn the_name_is_sized_only_after_the_terminal_said_it_draws_sized_text() {
    let out = present(Answer::Sizes);
    let asked = out.find(PROBE).unwrap();
    for name in ["运河财富小镇", "Canal Wealth Town"] {
        let big = format!("\x1b]66;s=2;{name}\x1b\\");
        let at = out
            .find(&big)
            .unwrap_or_else(|| panic!("{name} at twice the size: {out:?}"));
        assert!(at > asked, "sent after the answer");
    }
    // The plain banner is not drawn under it: the name's cells are the sized text's.
    let shown = screen(&out);
    assert!(
        !shown.contains("运 河 财 富 小 镇") && shown.contains("Planned area"),
        "{shown}"
    );
}

#[test]
fn without_a_yes_the_name_is_plain_text() {
    for answer in [Answer::Ignores, Answer::Silent] {
        let out = present(answer);
        // Only the probe's own two sized spaces: nothing drawn at twice the size.
        assert_eq!(out.matches("\x1b]66;").count(), 2, "{out:?}");
        let shown = screen(&out);
        assert!(
            shown.contains("运 河 财 富 小 镇") && shown.contains("Canal Wealth Town"),
            "{shown}"
        );
    }
}
