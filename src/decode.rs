//! Terminal input as events: a pure decoder from the bytes a terminal sends to key, mouse and
//! paste events. No I/O here; [`crate::terminal::input`] reads the terminal and feeds this.
//!
//! It decodes what the key tables use (text as UTF-8, control keys, Alt as an ESC prefix, cursor
//! and editing keys with modifiers, F1-F12), SGR and X10 mouse reports, and bracketed paste as one
//! event. A byte that cannot start or continue what came before is dropped on its own: it never
//! takes the next key with it. Sequences split across reads wait for the rest; [`Decoder::flush`]
//! settles what is left when no more bytes come.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// The most pasted bytes kept in one paste event; the rest are dropped (the search line keeps far
/// less anyway).
pub const MAX_PASTE: usize = 64 * 1024;
/// A control sequence longer than this is garbage, dropped.
const MAX_SEQUENCE: usize = 64;
const PASTE_END: &[u8] = b"\x1b[201~";

/// The longest terminal reply to an operating-system command (`ESC ] n ; … BEL`) waited for;
/// past it the bytes are dropped.
const MAX_OSC: usize = 256;

#[derive(Debug, Default)]
pub struct Decoder {
    /// Bytes not yet decoded: the start of a sequence or character that may be completed.
    pending: Vec<u8>,
    /// Inside a bracketed paste: what has been pasted so far.
    paste: Option<Vec<u8>>,
    /// The terminal's answers to the start-up questions read so far ([`crate::probe`]).
    replies: Replies,
}

/// What a terminal answered among its input: replies are never keys.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Replies {
    /// Its background colour (OSC 11), the last one read.
    pub background: Option<crate::probe::Rgb>,
    /// Its device attributes (`ESC [ ? … c`): every answer asked before them has come.
    pub attributes: bool,
}

/// What the next bytes are.
enum Step {
    Event(Event, usize),
    /// A terminal's reply, not input.
    Reply(Replies, usize),
    /// Bytes to drop: an unknown sequence, or a byte that starts nothing.
    Skip(usize),
    StartPaste(usize),
    /// The start of something longer; wait for more bytes.
    Incomplete,
}

impl Decoder {
    /// Decode `bytes`, appending complete events to `out`; an incomplete tail is kept.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Event>) {
        self.pending.extend_from_slice(bytes);
        self.run(true, out);
    }

    /// Whether bytes are waiting for the rest of a sequence (or a paste for its end).
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty() || self.paste.is_some()
    }

    /// Whether what is pending is only a lone ESC (the Esc key, most likely).
    pub fn pending_is_lone_esc(&self) -> bool {
        self.paste.is_none() && self.pending == b"\x1b"
    }

    /// The replies read since the last call, taken.
    pub fn take_replies(&mut self) -> Replies {
        std::mem::take(&mut self.replies)
    }

    /// Whether a paste is open (its end not yet seen).
    pub fn in_paste(&self) -> bool {
        self.paste.is_some()
    }

    /// No more bytes are coming for now: settle everything pending. A lone ESC is the Esc key; an
    /// unfinished sequence gives its ESC as Esc and the rest as typed; an open paste ends.
    pub fn flush(&mut self, out: &mut Vec<Event>) {
        self.run(false, out);
        if let Some(p) = self.paste.take() {
            out.push(Event::Paste(String::from_utf8_lossy(&p).into_owned()));
        }
    }

    fn run(&mut self, more: bool, out: &mut Vec<Event>) {
        let mut at = 0;
        loop {
            if let Some(paste) = &mut self.paste {
                let rest = &self.pending[at..];
                // Ctrl-C (ETX, which no terminal pastes as text) ends a paste whose end marker is
                // missing, and interrupts: the user is never held inside one.
                let interrupt = rest.iter().position(|&c| c == 0x03);
                let end = find(rest, PASTE_END);
                if let Some(i) = interrupt.filter(|&i| end.is_none_or(|e| i < e)) {
                    keep(paste, &rest[..i]);
                    let text = String::from_utf8_lossy(paste).into_owned();
                    self.paste = None;
                    out.push(Event::Paste(text));
                    out.push(key(KeyCode::Char('c'), KeyModifiers::CONTROL));
                    at += i + 1;
                    continue;
                }
                match end {
                    Some(i) => {
                        keep(paste, &rest[..i]);
                        let text = String::from_utf8_lossy(paste).into_owned();
                        self.paste = None;
                        out.push(Event::Paste(text));
                        at += i + PASTE_END.len();
                        continue;
                    }
                    None => {
                        // Keep back a tail that may be the start of the end marker.
                        let hold = (1..PASTE_END.len())
                            .rev()
                            .find(|&n| {
                                rest.len() >= n && PASTE_END.starts_with(&rest[rest.len() - n..])
                            })
                            .unwrap_or(0);
                        let hold = if more { hold } else { 0 };
                        keep(paste, &rest[..rest.len() - hold]);
                        at = self.pending.len() - hold;
                        break;
                    }
                }
            }
            if at >= self.pending.len() {
                break;
            }
            match step(&self.pending[at..], more) {
                Step::Event(e, n) => {
                    out.push(e);
                    at += n;
                }
                Step::Reply(r, n) => {
                    self.replies.background = r.background.or(self.replies.background);
                    self.replies.attributes |= r.attributes;
                    at += n;
                }
                Step::Skip(n) => at += n,
                Step::StartPaste(n) => {
                    self.paste = Some(Vec::new());
                    at += n;
                }
                Step::Incomplete => break,
            }
        }
        self.pending.drain(..at);
    }
}

/// Decode a whole burst of input, as if nothing more followed it.
pub fn decode(bytes: &[u8]) -> Vec<Event> {
    let mut d = Decoder::default();
    let mut out = Vec::new();
    d.feed(bytes, &mut out);
    d.flush(&mut out);
    out
}

/// Keys a fuzzer appends to garbage: each must come out whole.
const PROBES: [&[u8]; 6] = [
    b"q",
    b"\x03",
    b"\x1b[A",
    "拱".as_bytes(),
    b"\x1b[<65;3;4M",
    b"\r",
];

/// The property the input fuzzer and its replayed corpus check, for any bytes `data` (its first
/// byte picks a probe key): decoding never panics and gives at most one event per byte; after
/// the decoder settles on `data`, the probe decodes exactly as on its own; and if `data` holds no
/// ESC, the probe straight after it (in the same read) still comes through last.
pub fn check_input(data: &[u8]) {
    let Some((&pick, garbage)) = data.split_first() else {
        return;
    };
    let probe = PROBES[pick as usize % PROBES.len()];
    let alone = decode(probe);
    assert_eq!(alone.len(), 1);

    let mut d = Decoder::default();
    let mut out = Vec::new();
    d.feed(garbage, &mut out);
    d.flush(&mut out);
    assert!(out.len() <= garbage.len());
    assert!(!d.has_pending());
    let mut after = Vec::new();
    d.feed(probe, &mut after);
    d.flush(&mut after);
    assert_eq!(after, alone, "after {garbage:?}");

    if !garbage.contains(&0x1b) {
        let joined = decode(&[garbage, probe].concat());
        assert_eq!(joined.last(), alone.last(), "straight after {garbage:?}");
    }
}

fn keep(paste: &mut Vec<u8>, bytes: &[u8]) {
    let room = MAX_PASTE.saturating_sub(paste.len());
    paste.extend_from_slice(&bytes[..bytes.len().min(room)]);
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn key(code: KeyCode, mods: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, mods))
}

/// One step of decoding at the start of `b` (never empty). `more`: more bytes may follow.
fn step(b: &[u8], more: bool) -> Step {
    match b[0] {
        0x1b => escape(b, more),
        _ => match plain(b, more) {
            Some(Ok((e, n))) => Step::Event(e, n),
            Some(Err(n)) => Step::Skip(n),
            None => Step::Incomplete,
        },
    }
}

/// A key that is not an escape sequence: a control key or a UTF-8 character. `None`: incomplete;
/// `Err(n)`: `n` bytes that are no character.
fn plain(b: &[u8], more: bool) -> Option<Result<(Event, usize), usize>> {
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    let e = match b[0] {
        // Some clients send CR LF for Enter: one key, not two.
        b'\r' if b.get(1) == Some(&b'\n') => return Some(Ok((key(KeyCode::Enter, none), 2))),
        b'\r' | b'\n' => key(KeyCode::Enter, none),
        b'\t' => key(KeyCode::Tab, none),
        0x7f | 0x08 => key(KeyCode::Backspace, none),
        0x00 => key(KeyCode::Char(' '), ctrl),
        c @ 0x01..=0x1a => key(KeyCode::Char((b'a' + c - 1) as char), ctrl),
        c @ 0x1c..=0x1f => key(KeyCode::Char((b'4' + c - 0x1c) as char), ctrl),
        c @ b'A'..=b'Z' => key(KeyCode::Char(c as char), KeyModifiers::SHIFT),
        c @ 0x20..=0x7e => key(KeyCode::Char(c as char), none),
        _ => return utf8(b, more),
    };
    Some(Ok((e, 1)))
}

fn utf8(b: &[u8], more: bool) -> Option<Result<(Event, usize), usize>> {
    let chunk = &b[..b.len().min(4)];
    let (valid, bad) = match std::str::from_utf8(chunk) {
        Ok(s) => (s, None),
        Err(e) => (
            std::str::from_utf8(&chunk[..e.valid_up_to()]).unwrap_or(""),
            Some(e.error_len()),
        ),
    };
    if let Some(c) = valid.chars().next() {
        return Some(Ok((
            key(KeyCode::Char(c), KeyModifiers::NONE),
            c.len_utf8(),
        )));
    }
    match bad {
        // The bytes that cannot be a character; the byte after them starts afresh.
        Some(Some(n)) => Some(Err(n)),
        // A character cut short: wait, or drop it if nothing more is coming.
        Some(None) if more => None,
        _ => Some(Err(chunk.len())),
    }
}

fn escape(b: &[u8], more: bool) -> Step {
    let Some(&next) = b.get(1) else {
        return if more {
            Step::Incomplete
        } else {
            Step::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1)
        };
    };
    let esc_alone = Step::Event(key(KeyCode::Esc, KeyModifiers::NONE), 1);
    // A terminal's reply; else Alt with `]`, below.
    if next == b']'
        && let Some(step) = osc(b, more)
    {
        return step;
    }
    match next {
        b'[' => csi(b, more).unwrap_or(esc_alone),
        b'O' => match b.get(2) {
            None if more => Step::Incomplete,
            None => esc_alone,
            Some(&f) => match ss3(f) {
                Some(e) => Step::Event(e, 3),
                None if (0x40..=0x7e).contains(&f) => Step::Skip(3),
                None => esc_alone,
            },
        },
        0x1b => esc_alone,
        _ => match plain(&b[1..], more) {
            // Alt with a key: ESC then the key.
            Some(Ok((Event::Key(mut k), n))) => {
                k.modifiers |= KeyModifiers::ALT;
                Step::Event(Event::Key(k), n + 1)
            }
            // ESC then bytes that are no key: the Esc key; the bytes are decoded afresh.
            Some(Ok(_)) | Some(Err(_)) => esc_alone,
            None => Step::Incomplete,
        },
    }
}

fn ss3(f: u8) -> Option<Event> {
    let code = match f {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(f - b'P' + 1),
        _ => return None,
    };
    Some(key(code, KeyModifiers::NONE))
}

/// `ESC [ …`. `None`: not a well-formed sequence (the ESC is then the Esc key, and what follows is
/// decoded afresh).
fn csi(b: &[u8], more: bool) -> Option<Step> {
    // X10 mouse: ESC [ M and three bytes.
    if b.get(2) == Some(&b'M') {
        if b.len() < 6 {
            return if more { Some(Step::Incomplete) } else { None };
        }
        let (cb, x, y) = (b[3].wrapping_sub(32), b[4], b[5]);
        return Some(
            match mouse(
                cb as u16,
                x.saturating_sub(32) as u16,
                y.saturating_sub(32) as u16,
                false,
            ) {
                Some(e) => Step::Event(e, 6),
                None => Step::Skip(6),
            },
        );
    }
    let mut i = 2;
    loop {
        let Some(&c) = b.get(i) else {
            return if more && i < MAX_SEQUENCE {
                Some(Step::Incomplete)
            } else {
                None
            };
        };
        match c {
            0x20..=0x3f => i += 1,
            0x40..=0x7e => break,
            // A byte no sequence holds: drop what came before it, keep the byte.
            _ => return Some(Step::Skip(i)),
        }
        if i >= MAX_SEQUENCE {
            return Some(Step::Skip(i));
        }
    }
    let params = &b[2..i];
    let n = i + 1;
    // Primary device attributes: the answer that closes the start-up questions.
    if params.first() == Some(&b'?') && b[i] == b'c' {
        let r = Replies {
            attributes: true,
            ..Replies::default()
        };
        return Some(Step::Reply(r, n));
    }
    let event = csi_event(params, b[i]);
    Some(match event {
        Some(CsiEvent::Event(e)) => Step::Event(e, n),
        Some(CsiEvent::Paste) => Step::StartPaste(n),
        None => Step::Skip(n),
    })
}

/// `ESC ] digits ; …` ended by BEL or `ESC \`: a terminal's reply to an operating-system
/// command, never keys. A background colour (OSC 11) is kept; any other is dropped whole. `None`:
/// no such reply (Alt with `]`, or one that never ends when nothing more is coming).
fn osc(b: &[u8], more: bool) -> Option<Step> {
    let body = &b[2..];
    let digits = body.iter().take_while(|c| c.is_ascii_digit()).count();
    let wait = || (more && b.len() < MAX_OSC).then_some(Step::Incomplete);
    match body.get(digits) {
        None if digits < 4 => return wait(),
        Some(b';') if digits > 0 => {}
        _ => return None,
    }
    let Some(end) = body.iter().position(|&c| c == 0x07 || c == 0x1b) else {
        // Too long to be a reply: dropped, as far as it has come.
        return wait().or((b.len() >= MAX_OSC).then_some(Step::Skip(b.len())));
    };
    let len = match body[end] {
        0x07 => end + 1,
        _ => match body.get(end + 1) {
            Some(b'\\') => end + 2,
            None => return wait(),
            // An ESC that is no string terminator ends the reply; it starts what follows.
            Some(_) => end,
        },
    };
    let mut replies = Replies::default();
    if let Some(colour) = body[..end].strip_prefix(b"11;") {
        replies.background = std::str::from_utf8(colour)
            .ok()
            .and_then(crate::probe::parse_rgb);
    }
    Some(Step::Reply(replies, 2 + len))
}

enum CsiEvent {
    Event(Event),
    Paste,
}

fn numbers(params: &[u8]) -> Vec<u16> {
    params
        .split(|&c| c == b';')
        .map(|p| {
            let digits = p.split(|&c| c == b':').next().unwrap_or(&[]);
            std::str::from_utf8(digits)
                .ok()
                .and_then(|s| s.parse::<u32>().ok())
                .map_or(0, |n| n.min(u16::MAX as u32) as u16)
        })
        .collect()
}

/// Modifiers from xterm's `1 + bits` parameter.
fn modifiers(m: u16) -> KeyModifiers {
    let bits = m.saturating_sub(1);
    let mut mods = KeyModifiers::NONE;
    if bits & 1 != 0 {
        mods |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        mods |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        mods |= KeyModifiers::CONTROL;
    }
    mods
}

fn csi_event(params: &[u8], fin: u8) -> Option<CsiEvent> {
    if params.first() == Some(&b'<') {
        let n = numbers(&params[1..]);
        let (cb, x, y) = (*n.first()?, *n.get(1)?, *n.get(2)?);
        return mouse(cb, x, y, fin == b'm').map(CsiEvent::Event);
    }
    if params
        .first()
        .is_some_and(|c| !c.is_ascii_digit() && *c != b';')
    {
        // Private replies (`?…`, `>…`): not input.
        return None;
    }
    let n = numbers(params);
    let mods = modifiers(n.get(1).copied().unwrap_or(1));
    let code = match fin {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' if n.first() == Some(&1) => KeyCode::F(fin - b'P' + 1),
        b'Z' => return Some(CsiEvent::Event(key(KeyCode::BackTab, KeyModifiers::SHIFT))),
        b'~' => match n.first().copied().unwrap_or(0) {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            k @ 11..=15 => KeyCode::F((k - 10) as u8),
            k @ 17..=21 => KeyCode::F((k - 11) as u8),
            k @ 23..=24 => KeyCode::F((k - 12) as u8),
            200 => return Some(CsiEvent::Paste),
            _ => return None,
        },
        // The kitty keyboard protocol's `CSI code ; mods u`.
        b'u' => match n.first().copied().unwrap_or(0) {
            13 => KeyCode::Enter,
            27 => KeyCode::Esc,
            9 => KeyCode::Tab,
            127 | 8 => KeyCode::Backspace,
            c => KeyCode::Char(char::from_u32(c as u32).filter(|c| !c.is_control())?),
        },
        _ => return None,
    };
    Some(CsiEvent::Event(key(code, mods)))
}

/// A mouse report: button bits `cb`, 1-based cell `x`, `y`; `release` for SGR's `m`.
fn mouse(cb: u16, x: u16, y: u16, release: bool) -> Option<Event> {
    let mut mods = KeyModifiers::NONE;
    if cb & 4 != 0 {
        mods |= KeyModifiers::SHIFT;
    }
    if cb & 8 != 0 {
        mods |= KeyModifiers::ALT;
    }
    if cb & 16 != 0 {
        mods |= KeyModifiers::CONTROL;
    }
    let button = match cb & 3 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = if cb & 64 != 0 {
        match cb & 3 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if cb & 32 != 0 {
        if cb & 3 == 3 {
            MouseEventKind::Moved
        } else {
            MouseEventKind::Drag(button)
        }
    } else if release || cb & 3 == 3 {
        MouseEventKind::Up(button)
    } else {
        MouseEventKind::Down(button)
    };
    if x == 0 || y == 0 {
        return None;
    }
    Some(Event::Mouse(MouseEvent {
        kind,
        column: x - 1,
        row: y - 1,
        modifiers: mods,
    }))
}

#[cfg(test)]
mod tests;
