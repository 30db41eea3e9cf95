use super::*;

fn k(code: KeyCode) -> Event {
    key(code, KeyModifiers::NONE)
}

fn c(ch: char) -> Event {
    let mods = if ch.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    key(KeyCode::Char(ch), mods)
}

fn ctrl(ch: char) -> Event {
    key(KeyCode::Char(ch), KeyModifiers::CONTROL)
}

#[test]
fn text_control_keys_and_cursor_keys() {
    assert_eq!(decode(b"jG"), vec![c('j'), c('G')]);
    assert_eq!(decode("拱é".as_bytes()), vec![c('拱'), c('é')]);
    assert_eq!(
        decode(b"\x03\r\x7f\t\x1b[Z"),
        vec![
            ctrl('c'),
            k(KeyCode::Enter),
            k(KeyCode::Backspace),
            k(KeyCode::Tab),
            key(KeyCode::BackTab, KeyModifiers::SHIFT)
        ]
    );
    assert_eq!(
        decode(b"\x1b[A\x1bOB\x1b[5~\x1b[6~\x1b[H\x1b[4~\x1b[3~\x1bOP\x1b[15~"),
        vec![
            k(KeyCode::Up),
            k(KeyCode::Down),
            k(KeyCode::PageUp),
            k(KeyCode::PageDown),
            k(KeyCode::Home),
            k(KeyCode::End),
            k(KeyCode::Delete),
            k(KeyCode::F(1)),
            k(KeyCode::F(5)),
        ]
    );
    assert_eq!(
        decode(b"\x1b[1;5C"),
        vec![key(KeyCode::Right, KeyModifiers::CONTROL)]
    );
}

#[test]
fn escape_alone_and_as_alt() {
    assert_eq!(decode(b"\x1b"), vec![k(KeyCode::Esc)]);
    assert_eq!(
        decode(b"\x1bq"),
        vec![key(KeyCode::Char('q'), KeyModifiers::ALT)]
    );
    assert_eq!(decode(b"\x1b\x1b"), vec![k(KeyCode::Esc), k(KeyCode::Esc)]);
    // A sequence cut short by the end of input: Esc, then the rest as typed.
    assert_eq!(decode(b"\x1b["), vec![k(KeyCode::Esc), c('[')]);
}

#[test]
fn a_bad_byte_never_takes_the_next_key() {
    for bad in [
        &b"\xff"[..],
        b"\x80",
        b"\xc3",
        b"\xe4\xb8",
        b"\xf0\x9f\x98",
        b"\xc0\xaf",
        b"\xed\xa0\x80",
    ] {
        for next in [&b"q"[..], b"\x03", b"\x1b[A", "拱".as_bytes()] {
            let mut input = bad.to_vec();
            input.extend_from_slice(next);
            let got = decode(&input);
            assert_eq!(got, decode(next), "{bad:?} then {next:?}");
        }
    }
    // A sequence broken by a control byte keeps the control byte.
    assert_eq!(decode(b"\x1b[1;\x03"), vec![ctrl('c')]);
}

#[test]
fn split_reads_are_joined() {
    let mut d = Decoder::default();
    let mut out = Vec::new();
    for b in "\x1b[1;5A拱".as_bytes() {
        d.feed(&[*b], &mut out);
    }
    d.flush(&mut out);
    assert_eq!(out, vec![key(KeyCode::Up, KeyModifiers::CONTROL), c('拱')]);
}

#[test]
fn bracketed_paste_is_one_event_and_bounded() {
    assert_eq!(
        decode(b"\x1b[200~qq\x1b[A\r\x1b[201~j"),
        vec![Event::Paste("qq\x1b[A\r".into()), c('j')]
    );
    // Split anywhere, even inside the end marker.
    let input = b"\x1b[200~hello\x1b[201~x";
    for cut in 0..input.len() {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        d.feed(&input[..cut], &mut out);
        d.feed(&input[cut..], &mut out);
        d.flush(&mut out);
        assert_eq!(out, vec![Event::Paste("hello".into()), c('x')], "cut {cut}");
    }
    let mut big = b"\x1b[200~".to_vec();
    big.extend(std::iter::repeat_n(b'a', MAX_PASTE * 3));
    big.extend_from_slice(b"\x1b[201~");
    match &decode(&big)[..] {
        [Event::Paste(p)] => assert_eq!(p.len(), MAX_PASTE),
        other => panic!("{}", other.len()),
    }
    // A paste that never ends is ended by flush, and keys work after it.
    let mut d = Decoder::default();
    let mut out = Vec::new();
    d.feed(b"\x1b[200~abc", &mut out);
    assert!(out.is_empty() && d.in_paste());
    d.flush(&mut out);
    d.feed(b"q", &mut out);
    assert_eq!(out, vec![Event::Paste("abc".into()), c('q')]);
}

#[test]
fn mouse_reports() {
    let m = |kind, column, row| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    assert_eq!(
        decode(b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<64;1;1M\x1b[<65;2;3M\x1b[<35;4;4M"),
        vec![
            m(MouseEventKind::Down(MouseButton::Left), 9, 4),
            m(MouseEventKind::Up(MouseButton::Left), 9, 4),
            m(MouseEventKind::ScrollUp, 0, 0),
            m(MouseEventKind::ScrollDown, 1, 2),
            m(MouseEventKind::Moved, 3, 3),
        ]
    );
    assert_eq!(
        decode(b"\x1b[M !!"),
        vec![m(MouseEventKind::Down(MouseButton::Left), 0, 0)]
    );
    // A wheel fling: every notch is an event.
    let fling = b"\x1b[<65;5;5M".repeat(500);
    assert_eq!(decode(&fling).len(), 500);
}

#[test]
fn unknown_sequences_are_dropped_whole() {
    assert_eq!(decode(b"\x1b[?1;2c\x1b[12;40R\x1b[Iq"), vec![c('q')]);
    let long = [&b"\x1b["[..], &[b'1'; 200], b"q"].concat();
    assert!(decode(&long).ends_with(&[c('q')]));
}

#[test]
fn ctrl_c_ends_a_paste_whose_end_never_came_and_interrupts() {
    let mut d = Decoder::default();
    let mut out = Vec::new();
    d.feed(b"\x1b[200~dian\x03jk", &mut out);
    assert_eq!(out[0], Event::Paste("dian".into()));
    assert_eq!(
        out[1],
        Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
    );
    assert!(!d.in_paste(), "keys after it are keys again");
    assert_eq!(out.len(), 4, "{out:?}");
    // A whole paste is still one event, its end marker found as before.
    let mut out = Vec::new();
    d.feed(b"\x1b[200~q\x1b[201~", &mut out);
    assert_eq!(out, vec![Event::Paste("q".into())]);
}

#[test]
fn a_terminals_replies_are_never_keys() {
    use crate::probe::Rgb;
    let mut d = Decoder::default();
    let mut out = Vec::new();
    // The background colour (BEL or ST ended), the device attributes, keys around them.
    d.feed(b"j\x1b]11;rgb:ffff/ffff/ffff\x1b\\k\x1b[?62;22cl", &mut out);
    assert_eq!(out, vec![c('j'), c('k'), c('l')]);
    let r = d.take_replies();
    assert_eq!(r.background, Some(Rgb(255, 255, 255)));
    assert!(r.attributes);
    assert_eq!(d.take_replies(), Replies::default());
    // Cut between reads: nothing typed while the rest is on its way.
    out.clear();
    d.feed(b"\x1b]11;rgb:1c1c/1c", &mut out);
    assert!(out.is_empty() && d.has_pending());
    d.feed(b"1c/1c1c\x07q", &mut out);
    assert_eq!(out, vec![c('q')]);
    assert_eq!(d.take_replies().background, Some(Rgb(28, 28, 28)));
    // Another command's reply is dropped whole; an unreadable colour is no colour.
    assert_eq!(decode(b"\x1b]10;rgb:0/0/0\x07x"), vec![c('x')]);
    let mut d = Decoder::default();
    d.feed(b"\x1b]11;blue\x07", &mut out);
    assert_eq!(d.take_replies().background, None);
    // Alt with `]` is still a key, alone or before another.
    assert_eq!(
        decode(b"\x1b]"),
        vec![key(KeyCode::Char(']'), KeyModifiers::ALT)]
    );
    assert_eq!(
        decode(b"\x1b]a"),
        vec![key(KeyCode::Char(']'), KeyModifiers::ALT), c('a')]
    );
    // A reply that never ends holds no more than its cap.
    let mut d = Decoder::default();
    out.clear();
    let mut long = b"\x1b]11;".to_vec();
    long.extend(std::iter::repeat_n(b'x', 600));
    d.feed(&long, &mut out);
    d.feed(b"q", &mut out);
    assert_eq!(out.last(), Some(&c('q')));
}
