//! Bytes a remote terminal sends, decoded into the key events the atlas takes.
//!
//! There is no terminal of our own to ask crossterm to read, so the bytes arriving on an SSH
//! channel are decoded here: UTF-8 text (Chinese from an input method included), control keys,
//! the common CSI and SS3 sequences, and bracketed paste. A lone Esc and the start of an escape
//! sequence are told apart by what arrives in one packet: terminals send a whole sequence in one
//! write, and a person pressing Esc sends one byte.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a packet of input means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    /// Text pasted between the bracketed-paste markers.
    Paste(String),
}

/// The most text one paste may hold; the rest is dropped.
const PASTE_CAP: usize = 4096;

/// A decoder for one channel. It keeps a paste that spans packets and a UTF-8 character cut
/// between two packets; everything else is decoded packet by packet.
#[derive(Debug, Default)]
pub struct Decoder {
    paste: Option<Vec<u8>>,
    partial: Vec<u8>,
}

fn key(code: KeyCode) -> Input {
    Input::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn key_with(code: KeyCode, m: KeyModifiers) -> Input {
    Input::Key(KeyEvent::new(code, m))
}

/// The modifier parameter of a CSI sequence (`1;5A` is Ctrl-Up): 1 + a bit set.
fn modifiers(param: Option<u16>) -> KeyModifiers {
    let bits = param.unwrap_or(1).saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if bits & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if bits & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if bits & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

impl Decoder {
    /// Decode one packet.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Input> {
        let mut buf = std::mem::take(&mut self.partial);
        buf.extend_from_slice(bytes);
        let mut out = Vec::new();
        let mut i = 0;
        while i < buf.len() {
            if let Some(paste) = &mut self.paste {
                // Inside a paste: everything up to the end marker is text.
                let end = b"\x1b[201~";
                match find(&buf[i..], end) {
                    Some(at) => {
                        let room = PASTE_CAP.saturating_sub(paste.len());
                        paste.extend_from_slice(&buf[i..i + at.min(room)]);
                        let text = String::from_utf8_lossy(paste).into_owned();
                        self.paste = None;
                        out.push(Input::Paste(text));
                        i += at + end.len();
                    }
                    None => {
                        let room = PASTE_CAP.saturating_sub(paste.len());
                        let n = (buf.len() - i).min(room);
                        paste.extend_from_slice(&buf[i..i + n]);
                        i = buf.len();
                    }
                }
                continue;
            }
            let b = buf[i];
            match b {
                0x1b => {
                    let (input, used) = escape(&buf[i..]);
                    if input == Some(Input::Paste(String::new())) {
                        self.paste = Some(Vec::new());
                    } else if let Some(k) = input {
                        out.push(k);
                    }
                    i += used;
                }
                b'\r' | b'\n' => {
                    out.push(key(KeyCode::Enter));
                    // CR LF from some clients is one Enter.
                    i += if b == b'\r' && buf.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                }
                b'\t' => {
                    out.push(key(KeyCode::Tab));
                    i += 1;
                }
                0x7f | 0x08 => {
                    out.push(key(KeyCode::Backspace));
                    i += 1;
                }
                0x00 => {
                    out.push(key_with(KeyCode::Char(' '), KeyModifiers::CONTROL));
                    i += 1;
                }
                0x01..=0x1a => {
                    let c = (b'a' + b - 1) as char;
                    out.push(key_with(KeyCode::Char(c), KeyModifiers::CONTROL));
                    i += 1;
                }
                0x1c..=0x1f => i += 1,
                _ => {
                    let len = utf8_len(b);
                    if i + len > buf.len() {
                        // A character cut by the packet boundary: wait for the rest.
                        self.partial = buf[i..].to_vec();
                        break;
                    }
                    match std::str::from_utf8(&buf[i..i + len]) {
                        Ok(s) => {
                            let c = s.chars().next().unwrap_or(' ');
                            out.push(key(KeyCode::Char(c)));
                            i += len;
                        }
                        Err(_) => i += 1,
                    }
                }
            }
        }
        out
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decode the sequence at the start of `s` (which starts with ESC): the input (none for a
/// sequence not understood; an empty paste for the paste's start marker) and how many bytes it
/// took.
fn escape(s: &[u8]) -> (Option<Input>, usize) {
    match s.get(1) {
        // ESC alone at the end of a packet is the Esc key; ESC ESC is Esc then whatever follows.
        None | Some(0x1b) => (Some(key(KeyCode::Esc)), 1),
        Some(b'[') => csi(s),
        Some(b'O') => match s.get(2) {
            Some(&c) => {
                let code = match c {
                    b'A' => Some(KeyCode::Up),
                    b'B' => Some(KeyCode::Down),
                    b'C' => Some(KeyCode::Right),
                    b'D' => Some(KeyCode::Left),
                    b'H' => Some(KeyCode::Home),
                    b'F' => Some(KeyCode::End),
                    b'P' => Some(KeyCode::F(1)),
                    b'Q' => Some(KeyCode::F(2)),
                    b'R' => Some(KeyCode::F(3)),
                    b'S' => Some(KeyCode::F(4)),
                    _ => None,
                };
                (code.map(key), 3)
            }
            None => (Some(key_with(KeyCode::Char('O'), KeyModifiers::ALT)), 2),
        },
        // Alt plus a character.
        Some(&c) if (0x20..0x7f).contains(&c) => (
            Some(key_with(KeyCode::Char(c as char), KeyModifiers::ALT)),
            2,
        ),
        Some(_) => (Some(key(KeyCode::Esc)), 1),
    }
}

/// A CSI sequence: ESC [ params final.
fn csi(s: &[u8]) -> (Option<Input>, usize) {
    let mut end = 2;
    while end < s.len() && (0x30..=0x3f).contains(&s[end]) {
        end += 1;
    }
    while end < s.len() && (0x20..=0x2f).contains(&s[end]) {
        end += 1;
    }
    let Some(&fin) = s.get(end) else {
        // Cut short: not a key.
        return (None, s.len());
    };
    let used = end + 1;
    let params: Vec<Option<u16>> = std::str::from_utf8(&s[2..end])
        .unwrap_or("")
        .split(';')
        .map(|p| p.parse().ok())
        .collect();
    let first = params.first().copied().flatten();
    let m = modifiers(params.get(1).copied().flatten());
    let code = match fin {
        b'A' => Some(KeyCode::Up),
        b'B' => Some(KeyCode::Down),
        b'C' => Some(KeyCode::Right),
        b'D' => Some(KeyCode::Left),
        b'H' => Some(KeyCode::Home),
        b'F' => Some(KeyCode::End),
        b'Z' => return (Some(key_with(KeyCode::BackTab, KeyModifiers::SHIFT)), used),
        b'~' => match first {
            Some(1 | 7) => Some(KeyCode::Home),
            Some(2) => Some(KeyCode::Insert),
            Some(3) => Some(KeyCode::Delete),
            Some(4 | 8) => Some(KeyCode::End),
            Some(5) => Some(KeyCode::PageUp),
            Some(6) => Some(KeyCode::PageDown),
            Some(11) => Some(KeyCode::F(1)),
            Some(12) => Some(KeyCode::F(2)),
            Some(13) => Some(KeyCode::F(3)),
            Some(14) => Some(KeyCode::F(4)),
            Some(15) => Some(KeyCode::F(5)),
            Some(n @ 17..=21) => Some(KeyCode::F((n - 11) as u8)),
            Some(n @ 23..=24) => Some(KeyCode::F((n - 12) as u8)),
            Some(200) => return (Some(Input::Paste(String::new())), used),
            _ => None,
        },
        _ => None,
    };
    (code.map(|c| key_with(c, m)), used)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &[u8]) -> Vec<Input> {
        Decoder::default().feed(bytes)
    }

    fn codes(bytes: &[u8]) -> Vec<KeyCode> {
        keys(bytes)
            .into_iter()
            .filter_map(|i| match i {
                Input::Key(k) => Some(k.code),
                Input::Paste(_) => None,
            })
            .collect()
    }

    #[test]
    fn text_including_chinese_is_characters() {
        assert_eq!(
            codes("a电商Z".as_bytes()),
            vec![
                KeyCode::Char('a'),
                KeyCode::Char('电'),
                KeyCode::Char('商'),
                KeyCode::Char('Z')
            ]
        );
    }

    #[test]
    fn a_character_cut_between_packets_is_joined() {
        let bytes = "电".as_bytes();
        let mut d = Decoder::default();
        assert!(d.feed(&bytes[..1]).is_empty());
        assert_eq!(d.feed(&bytes[1..]), vec![key(KeyCode::Char('电'))]);
    }

    #[test]
    fn control_keys() {
        assert_eq!(
            codes(b"\r\t\x7f\x08"),
            vec![
                KeyCode::Enter,
                KeyCode::Tab,
                KeyCode::Backspace,
                KeyCode::Backspace
            ]
        );
        assert_eq!(codes(b"\r\n"), vec![KeyCode::Enter]);
        assert_eq!(
            keys(b"\x03\x15\x17"),
            vec![
                key_with(KeyCode::Char('c'), KeyModifiers::CONTROL),
                key_with(KeyCode::Char('u'), KeyModifiers::CONTROL),
                key_with(KeyCode::Char('w'), KeyModifiers::CONTROL),
            ]
        );
    }

    #[test]
    fn a_lone_esc_is_esc_and_a_sequence_is_its_key() {
        assert_eq!(codes(b"\x1b"), vec![KeyCode::Esc]);
        assert_eq!(codes(b"\x1b\x1b"), vec![KeyCode::Esc, KeyCode::Esc]);
        assert_eq!(codes(b"\x1b[A"), vec![KeyCode::Up]);
        assert_eq!(codes(b"\x1bOB"), vec![KeyCode::Down]);
        assert_eq!(
            codes(b"\x1b[C\x1b[D\x1b[H\x1b[F"),
            vec![KeyCode::Right, KeyCode::Left, KeyCode::Home, KeyCode::End]
        );
        assert_eq!(
            codes(b"\x1b[5~\x1b[6~\x1b[1~\x1b[4~\x1b[3~"),
            vec![
                KeyCode::PageUp,
                KeyCode::PageDown,
                KeyCode::Home,
                KeyCode::End,
                KeyCode::Delete
            ]
        );
        assert_eq!(codes(b"\x1bOP\x1b[11~"), vec![KeyCode::F(1), KeyCode::F(1)]);
        assert_eq!(
            keys(b"\x1b[Z"),
            vec![key_with(KeyCode::BackTab, KeyModifiers::SHIFT)]
        );
        assert_eq!(
            keys(b"\x1b[1;5A"),
            vec![key_with(KeyCode::Up, KeyModifiers::CONTROL)]
        );
        assert_eq!(
            keys(b"\x1bx"),
            vec![key_with(KeyCode::Char('x'), KeyModifiers::ALT)]
        );
    }

    #[test]
    fn unknown_or_cut_sequences_are_dropped_not_typed() {
        assert!(codes(b"\x1b[99z").is_empty());
        assert!(codes(b"\x1b[12").is_empty());
        assert_eq!(codes(b"\x1b[99zq"), vec![KeyCode::Char('q')]);
    }

    #[test]
    fn bracketed_paste_is_one_input_even_across_packets() {
        let mut d = Decoder::default();
        assert!(d.feed(b"\x1b[200~ab").is_empty());
        assert_eq!(
            d.feed("电\x1b[201~q".as_bytes()),
            vec![Input::Paste("ab电".into()), key(KeyCode::Char('q'))]
        );
    }

    #[test]
    fn a_huge_paste_is_capped() {
        let mut d = Decoder::default();
        d.feed(b"\x1b[200~");
        for _ in 0..100 {
            d.feed(&[b'x'; 1000]);
        }
        match d.feed(b"\x1b[201~").as_slice() {
            [Input::Paste(p)] => assert_eq!(p.len(), PASTE_CAP),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn garbage_never_panics() {
        let mut d = Decoder::default();
        let mut x: u32 = 7;
        for _ in 0..2000 {
            let bytes: Vec<u8> = (0..(x % 40))
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (x >> 16) as u8
                })
                .collect();
            d.feed(&bytes);
            x = x.wrapping_add(1);
        }
    }
}
