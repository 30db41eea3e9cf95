//! Copying to the clipboard through OSC 52: the terminal itself sets its clipboard, so it works
//! over SSH and needs no X or Wayland on this side. Inside tmux (`TMUX` set) the sequence is sent
//! as is, for `set -g set-clipboard on`, and again wrapped in tmux's passthrough, for
//! `set -g allow-passthrough on`; whichever the user's tmux allows reaches the outer terminal.

use std::io::{self, Write};

use crate::app::atlas::App;
use crate::dataset::Dataset;
use crate::lang::Lang;
use crate::words::Word;

/// The whole record of a platform as plain text (what `gongshu show` prints, without colour).
pub type RecordText = fn(&Dataset, usize, Lang) -> String;

/// Terminals cap OSC 52 payloads (xterm at about 100 kB); a record is a few kB.
const MAX_BYTES: usize = 64 * 1024;

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(B64[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The bytes that set the clipboard to `text`.
pub fn osc52(text: &str, tmux: bool) -> String {
    let seq = format!("\x1b]52;c;{}\x07", base64(text.as_bytes()));
    if tmux {
        // tmux's passthrough: DCS tmux; with every ESC inside doubled.
        format!("{seq}\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
    } else {
        seq
    }
}

/// Copy the selected platform (its name and id, or with `whole` its record from `record`) to
/// the clipboard, and leave a message for the footer.
pub fn copy(
    app: &mut App,
    whole: bool,
    record: Option<RecordText>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let Some(p) = app.selected_platform() else {
        app.message = Some(app.lang.word(Word::NoPlatformSelected));
        return Ok(());
    };
    let platform = &app.data.platforms[p];
    let name = crate::text::one_line(&app.lang.pick(&platform.name));
    let short = format!("{name} ({})", crate::text::one_line(&platform.id));
    let (text, message) = match record {
        Some(record) if whole => (
            record(&app.data, p, app.lang),
            app.lang.word_with(Word::CopiedRecord, &name),
        ),
        _ => (short.clone(), app.lang.word_with(Word::Copied, &short)),
    };
    if text.len() > MAX_BYTES {
        // Terminals drop a sequence this long without a word: say so instead of sending it.
        app.message = Some(app.lang.word_with(Word::TooLongToCopy, &name));
        return Ok(());
    }
    let tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    out.write_all(osc52(&text, tmux).as_bytes())?;
    out.flush()?;
    app.message = Some(message);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64("运河".as_bytes()), "6L+Q5rKz");
    }

    #[test]
    fn a_record_too_long_for_the_clipboard_is_not_sent_and_says_so() {
        let data = crate::dataset::embedded();
        let mut app = App::new(data, "test".into(), Lang::En);
        let long: RecordText = |_, _, _| "x".repeat(MAX_BYTES + 1);
        let mut out = Vec::new();
        copy(&mut app, true, Some(long), &mut out).unwrap();
        assert!(out.is_empty(), "sent {} bytes", out.len());
        let message = app.message.clone().unwrap_or_default();
        assert!(message.contains("too long"), "{message:?}");
        // A record that fits is sent.
        copy(&mut app, true, Some(|_, _, _| "short".into()), &mut out).unwrap();
        assert!(!out.is_empty());
    }

    #[test]
    fn osc52_plain_and_for_tmux() {
        assert_eq!(osc52("hi", false), "\x1b]52;c;aGk=\x07");
        assert_eq!(
            osc52("hi", true),
            "\x1b]52;c;aGk=\x07\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
        );
    }
}
