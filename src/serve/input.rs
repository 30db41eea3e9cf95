//! Bytes a remote terminal sends, decoded into the key events the atlas takes.
//!
//! The decoding is the local terminal's (`tui::decode`): the same keys, the same handling of bad
//! bytes and bracketed paste. What differs is when to decide that a lone ESC is the Esc key: there
//! is no terminal of our own to wait on, and terminals send a whole sequence in one write, so a
//! packet that ends in a lone ESC ends with the Esc key.

use crossterm::event::{Event, KeyEvent};

#[cfg(test)]
use crossterm::event::{KeyCode, KeyModifiers};

/// What a packet of input means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    /// Text pasted between the bracketed-paste markers.
    Paste(String),
}

/// A decoder for one channel: a sequence, a UTF-8 character or a paste cut between packets is
/// kept for the next.
#[derive(Debug, Default)]
pub struct Decoder(crate::decode::Decoder);

impl Decoder {
    /// The terminal's replies among the packets decoded so far (its background colour, its
    /// device attributes), taken: they are never keys.
    pub fn take_replies(&mut self) -> crate::decode::Replies {
        self.0.take_replies()
    }

    /// Decode one packet.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Input> {
        let mut events = Vec::new();
        self.0.feed(bytes, &mut events);
        if self.0.pending_is_lone_esc() {
            self.0.flush(&mut events);
        }
        events
            .into_iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some(Input::Key(k)),
                Event::Paste(text) => Some(Input::Paste(text)),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
fn key(code: KeyCode) -> Input {
    Input::Key(crossterm::event::KeyEvent::new(code, KeyModifiers::NONE))
}

#[cfg(test)]
fn key_with(code: KeyCode, m: KeyModifiers) -> Input {
    Input::Key(crossterm::event::KeyEvent::new(code, m))
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
            [Input::Paste(p)] => assert_eq!(p.len(), crate::decode::MAX_PASTE),
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
