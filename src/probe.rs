//! Start-up questions to a terminal, asked in one round trip: how wide it draws an
//! ambiguous-width character, whether it draws sized text (the kitty text-sizing protocol,
//! OSC 66), and its background colour (OSC 11). The last question is always Primary Device
//! Attributes (`ESC [ c`), which every terminal answers and answers in order, so its reply says
//! that every answer that will come has come; a terminal that does not answer at all costs the
//! caller's time limit once.
//!
//! Pure: the bytes to send and what the replies say. The local terminal
//! (`terminal::session::probe`) and the SSH server (through the client's channel) do the I/O.

/// What to ask.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Questions {
    /// How wide is `·` (U+00B7, East Asian Width "ambiguous")?
    pub ambiguous_width: bool,
    /// Does the terminal scale text (OSC 66 `s=2`)?
    pub text_sizing: bool,
    /// What is the background colour (OSC 11)?
    pub background: bool,
}

/// What the terminal answered; `None` where it did not answer (in time).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    pub ambiguous_wide: Option<bool>,
    /// Both halves of the protocol: width (`w=2`) and scale (`s=2`).
    pub text_sizing: Option<bool>,
    pub background: Option<Rgb>,
    /// The device-attributes reply came: nothing more will.
    pub complete: bool,
    /// Bytes that were no part of a reply (keys typed meanwhile), in order.
    pub rest: Vec<u8>,
}

/// A colour as the terminal reported it, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Light enough that text must be dark to read: relative luminance (sRGB, WCAG) over 0.5,
    /// as bat and delta decide.
    pub fn is_light(self) -> bool {
        fn linear(c: u8) -> f64 {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        let l = 0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2);
        l > 0.5
    }
}

const CPR: &[u8] = b"\x1b[6n";

impl Questions {
    pub fn any(&self) -> bool {
        self.ambiguous_width || self.text_sizing || self.background
    }

    /// The bytes that ask, to be written at the start of an empty row (they draw on it: the
    /// caller clears it afterwards).
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        if self.text_sizing {
            // The protocol's own test: three cursor reports, around a space drawn two cells
            // wide and then a space drawn at twice the size.
            out.extend_from_slice(b"\r");
            out.extend_from_slice(CPR);
            out.extend_from_slice(b"\x1b]66;w=2; \x07");
            out.extend_from_slice(CPR);
            out.extend_from_slice(b"\x1b]66;s=2; \x07");
            out.extend_from_slice(CPR);
        }
        if self.ambiguous_width {
            out.extend_from_slice("\r·".as_bytes());
            out.extend_from_slice(CPR);
        }
        if self.background {
            out.extend_from_slice(b"\x1b]11;?\x07");
        }
        out.extend_from_slice(b"\x1b[c");
        out
    }

    /// What `replies` (everything read since the questions were sent) says so far.
    pub fn read(&self, replies: &[u8]) -> Answers {
        let mut answers = Answers::default();
        let mut columns = Vec::new();
        let mut i = 0;
        while i < replies.len() {
            match reply_at(&replies[i..]) {
                Some((Reply::Cursor(col), n)) => {
                    columns.push(col);
                    i += n;
                }
                Some((Reply::Background(rgb), n)) => {
                    answers.background = Some(rgb);
                    i += n;
                }
                Some((Reply::Attributes, n)) => {
                    answers.complete = true;
                    i += n;
                }
                None => {
                    answers.rest.push(replies[i]);
                    i += 1;
                }
            }
        }
        let mut columns = columns.into_iter();
        if self.text_sizing {
            let (a, b, c) = (columns.next(), columns.next(), columns.next());
            if let (Some(a), Some(b), Some(c)) = (a, b, c) {
                answers.text_sizing = Some(b == a + 2 && c == b + 2);
            } else if answers.complete {
                answers.text_sizing = Some(false);
            }
        }
        if self.ambiguous_width {
            // After one narrow character the cursor is in column 2.
            answers.ambiguous_wide = columns.next().map(|col| col >= 3);
        }
        answers
    }
}

enum Reply {
    /// A cursor position report's column (`ESC [ row ; col R`).
    Cursor(u16),
    /// OSC 11's answer.
    Background(Rgb),
    /// Primary device attributes (`ESC [ ? … c`).
    Attributes,
}

/// The reply that starts `b`, and its length in bytes.
fn reply_at(b: &[u8]) -> Option<(Reply, usize)> {
    if let Some(rest) = b.strip_prefix(b"\x1b[") {
        // ESC [ digits ; digits R, or ESC [ ? digits and semicolons c.
        let end = rest
            .iter()
            .position(|c| !(c.is_ascii_digit() || *c == b';' || *c == b'?'))?;
        let (body, last) = (&rest[..end], rest[end]);
        let text = std::str::from_utf8(body).ok()?;
        return match last {
            b'R' if !text.starts_with('?') => {
                let col = text.split(';').nth(1)?.parse().ok()?;
                Some((Reply::Cursor(col), 2 + end + 1))
            }
            b'c' if text.starts_with('?') => Some((Reply::Attributes, 2 + end + 1)),
            _ => None,
        };
    }
    let rest = b.strip_prefix(b"\x1b]11;")?;
    // Ended by BEL or ST (ESC \); a reply is short, so a long run is not one.
    let end = rest.iter().take(64).position(|&c| c == 0x07 || c == 0x1b)?;
    let terminator = if rest[end] == 0x07 {
        1
    } else if rest.get(end + 1) == Some(&b'\\') {
        2
    } else {
        return None;
    };
    let rgb = parse_rgb(std::str::from_utf8(&rest[..end]).ok()?)?;
    Some((Reply::Background(rgb), 5 + end + terminator))
}

/// `rgb:R/G/B` with 1 to 4 hex digits a channel (XParseColor's form), scaled to 8 bits.
pub(crate) fn parse_rgb(s: &str) -> Option<Rgb> {
    let mut channels = s.strip_prefix("rgb:")?.split('/').map(|h| {
        let digits = h.len();
        if !(1..=4).contains(&digits) {
            return None;
        }
        let v = u32::from_str_radix(h, 16).ok()?;
        let max = (1u32 << (4 * digits)) - 1;
        Some(((v * 255 + max / 2) / max) as u8)
    });
    let rgb = Rgb(channels.next()??, channels.next()??, channels.next()??);
    channels.next().is_none().then_some(rgb)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: Questions = Questions {
        ambiguous_width: true,
        text_sizing: true,
        background: true,
    };

    #[test]
    fn kitty_answers_everything() {
        let replies =
            b"\x1b[5;1R\x1b[5;3R\x1b[5;5R\x1b[5;2R\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;c";
        let a = ALL.read(replies);
        assert_eq!(a.text_sizing, Some(true));
        assert_eq!(a.ambiguous_wide, Some(false));
        assert_eq!(a.background, Some(Rgb(255, 255, 255)));
        assert!(a.complete);
        assert!(a.rest.is_empty());
    }

    #[test]
    fn a_terminal_without_sized_text_on_a_dark_background() {
        // xterm: the OSC 66 is ignored, the cursor stays in column 1.
        let replies =
            b"\x1b[9;1R\x1b[9;1R\x1b[9;1R\x1b[9;3R\x1b]11;rgb:1c1c/1c1c/1c1c\x07\x1b[?1;2c";
        let a = ALL.read(replies);
        assert_eq!(a.text_sizing, Some(false));
        assert_eq!(a.ambiguous_wide, Some(true));
        assert_eq!(a.background, Some(Rgb(28, 28, 28)));
        assert!(!a.background.unwrap().is_light());
        assert!(a.complete);
    }

    #[test]
    fn only_the_width_half_is_not_enough() {
        let a = ALL.read(b"\x1b[1;1R\x1b[1;3R\x1b[1;3R\x1b[1;2R\x1b[?6c");
        assert_eq!(a.text_sizing, Some(false));
    }

    #[test]
    fn no_answer_yet_is_no_answer() {
        let a = ALL.read(b"\x1b[1;1R");
        assert_eq!(
            (a.text_sizing, a.ambiguous_wide, a.background),
            (None, None, None)
        );
        assert!(!a.complete);
        // The device attributes came without the background: the terminal has no OSC 11.
        let a = Questions {
            background: true,
            ..Questions::default()
        }
        .read(b"\x1b[?1;2c");
        assert!(a.complete && a.background.is_none());
    }

    #[test]
    fn keys_typed_meanwhile_are_kept_in_order() {
        let q = Questions {
            ambiguous_width: true,
            ..Questions::default()
        };
        let a = q.read(b"j\x1b[3;2Rk\x1b[?6c");
        assert_eq!(a.rest, b"jk");
        assert_eq!(a.ambiguous_wide, Some(false));
    }

    #[test]
    fn colours_of_every_digit_count() {
        assert_eq!(parse_rgb("rgb:f/8/0"), Some(Rgb(255, 136, 0)));
        assert_eq!(parse_rgb("rgb:ff/80/00"), Some(Rgb(255, 128, 0)));
        assert_eq!(parse_rgb("rgb:fff/800/000"), Some(Rgb(255, 128, 0)));
        assert_eq!(parse_rgb("rgb:ffff/8080/0000"), Some(Rgb(255, 128, 0)));
        assert_eq!(parse_rgb("rgb:ffff/8080"), None);
        assert_eq!(parse_rgb("rgb:fffff/0/0"), None);
        assert_eq!(parse_rgb("#ffffff"), None);
        assert!(Rgb(255, 255, 255).is_light() && Rgb(250, 250, 240).is_light());
        assert!(!Rgb(0, 43, 54).is_light() && !Rgb(0, 0, 255).is_light());
    }

    #[test]
    fn questions_end_with_the_device_attributes() {
        assert!(ALL.bytes().ends_with(b"\x1b[c"));
        let none = Questions::default();
        assert!(!none.any());
        assert_eq!(none.bytes(), b"\x1b[c");
    }
}
