//! Bursts of input against the real binary in a pseudo-terminal: a paste, a wheel fling, a flood
//! of keys and stray bytes are all read before the next frame, and none takes a key with it.

use std::time::Duration;

use crate::helpers::pty::{Session, spawn};

/// Frames drawn so far (each is wrapped in synchronized output).
fn frames(s: &Session) -> usize {
    s.text().matches("\x1b[?2026h").count()
}

fn started(args: &[&str]) -> Session {
    let s = spawn(args, &[], 120, 40);
    assert!(s.wait_for("Platforms 10/10"), "{}", s.text());
    s.settle();
    s
}

#[test]
fn a_paste_into_the_search_line_is_one_edit_and_ctrl_c_acts_at_once() {
    let mut s = started(&[]);
    s.send("/");
    s.settle();
    let before = frames(&s);
    // A few kilobytes, with keys in it that must not act (q quits, Esc closes the search).
    let text = format!("dian{}", "q\x1b\r拱墅x".repeat(600));
    s.send(&format!("\x1b[200~{text}\x1b[201~"));
    s.settle();
    let after = frames(&s);
    assert!(
        after - before <= 2,
        "{} frames for one paste",
        after - before
    );
    assert!(
        s.exit_within(Duration::from_millis(10)).is_none(),
        "the paste acted as keys"
    );
    s.send("\x03");
    assert_eq!(s.exit_within(Duration::from_secs(1)), Some(0));
}

#[test]
fn a_wheel_fling_and_a_key_flood_cost_a_few_frames_and_one_ctrl_c() {
    let mut s = started(&["--mouse"]);
    let before = frames(&s);
    s.send(&"\x1b[<65;10;10M".repeat(400));
    s.send(&"j".repeat(3000));
    s.send("\x03");
    assert_eq!(
        s.exit_within(Duration::from_secs(2)),
        Some(0),
        "Ctrl-C after a burst"
    );
    let drawn = frames(&s) - before;
    assert!(drawn <= 10, "{drawn} frames for one burst");
}

#[test]
fn a_bad_byte_never_swallows_the_next_key() {
    // A lone UTF-8 lead byte, a stray continuation byte, a byte no UTF-8 holds, an unfinished
    // escape sequence broken by a control byte: each followed at once by `q`.
    // (`ESC [ 1 ; q` would be a whole sequence, so that one is followed by Ctrl-C.)
    for bytes in [
        &b"\xc3q"[..],
        b"\x80q",
        b"\xffq",
        b"\xe4\xb8q",
        b"\x1b[1;\x03",
    ] {
        let mut s = started(&[]);
        s.send_bytes(bytes);
        assert_eq!(
            s.exit_within(Duration::from_secs(2)),
            Some(0),
            "{bytes:?} then q"
        );
    }
}

#[test]
fn esc_and_a_key_in_one_read_close_the_search_then_act() {
    let mut s = started(&[]);
    s.send("/");
    s.send("dian");
    s.settle();
    // One write, as a fast typist or a batching link sends it: Esc clears and closes the search
    // line, then q, no longer typed into it, quits.
    s.send("\x1bq");
    assert_eq!(
        s.exit_within(Duration::from_secs(2)),
        Some(0),
        "ESC q in one read: {:?}",
        s.text().chars().rev().take(300).collect::<String>()
    );
}

#[test]
fn a_paste_that_never_ends_gives_up_and_keys_act_again() {
    let mut s = started(&[]);
    s.send("/");
    s.settle();
    // The paste's end never comes.
    s.send("\x1b[200~dian");
    std::thread::sleep(Duration::from_millis(700));
    s.send("\x03");
    assert_eq!(
        s.exit_within(Duration::from_secs(2)),
        Some(0),
        "Ctrl-C after an unfinished paste"
    );
}

#[test]
fn ctrl_c_inside_an_unfinished_paste_interrupts() {
    let mut s = started(&[]);
    s.send("/");
    s.settle();
    s.send("\x1b[200~dian");
    s.send("\x03");
    assert_eq!(
        s.exit_within(Duration::from_secs(1)),
        Some(0),
        "Ctrl-C within a paste whose end never came"
    );
}
