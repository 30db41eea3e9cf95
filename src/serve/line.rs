//! The line mode over SSH, for a client whose terminal cannot address the cursor (TERM=dumb):
//! the same commands and answers as `gongshu --plain` (`cli::line`), with the line edited here,
//! from the keys the server's own decoder reads, since no line-editor crate can drive a channel.
//! Only what a teletype does is sent back: the characters typed, backspace-space-backspace to
//! rub one out (twice for a character two columns wide), CR LF.

use std::sync::Arc;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc;

use super::atlas::{Event, Spec};
use super::input::{Decoder, Input};
use crate::cli::line::Atlas;
use crate::words::Word;

/// The longest line taken, in bytes: the exec command's limit.
const MAX_LINE: usize = super::exec::MAX_COMMAND;
/// At most this many keys from one packet are acted on.
const KEYS_PER_PACKET: usize = 4096;

/// What an input did to the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Done {
    /// Enter: the line typed.
    Line(String),
    /// Ctrl-C: the line is dropped.
    Cancel,
    /// Ctrl-D on an empty line: the session ends.
    End,
    /// Tab: complete the word being typed.
    Complete,
}

/// The most lines a session remembers for Up and Down.
const HISTORY: usize = 100;

/// The line being typed, the session's earlier lines, and what echoes each key.
#[derive(Debug, Default)]
pub(crate) struct LineEditor {
    text: String,
    /// Lines entered this session, oldest first (none is kept on the server after it).
    history: Vec<String>,
    /// Where Up and Down are in `history`; `history.len()` is the line being typed.
    at: usize,
    /// The line being typed when Up was first pressed, given back by Down.
    draft: String,
}

/// Bytes that rub out `columns` columns before the cursor.
fn rub_out(columns: usize, echo: &mut Vec<u8>) {
    for _ in 0..columns {
        echo.extend_from_slice(b"\x08 \x08");
    }
}

fn columns(c: char) -> usize {
    let mut buf = [0u8; 4];
    crate::text::width(c.encode_utf8(&mut buf))
}

impl LineEditor {
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Type `c` (a control character is not typed).
    fn push(&mut self, c: char, echo: &mut Vec<u8>) {
        if c.is_control() || self.text.len() + c.len_utf8() > MAX_LINE {
            return;
        }
        // Only what the terminal shows as it is: a character the atlas would make safe is
        // not typed.
        let mut buf = [0u8; 4];
        let s = c.encode_utf8(&mut buf);
        if !matches!(crate::text::sanitize(s), std::borrow::Cow::Borrowed(_)) {
            return;
        }
        self.text.push(c);
        echo.extend_from_slice(s.as_bytes());
    }

    /// Type `s` at the end of the line.
    pub fn type_text(&mut self, s: &str, echo: &mut Vec<u8>) {
        for c in s.chars() {
            self.push(c, echo);
        }
    }

    /// Rub out the whole line.
    fn clear(&mut self, echo: &mut Vec<u8>) {
        rub_out(crate::text::width(&self.text), echo);
        self.text.clear();
    }

    /// Show history line `to` (or the draft, past the newest) in place of the line typed.
    fn recall(&mut self, to: usize, echo: &mut Vec<u8>) {
        if self.at == self.history.len() {
            self.draft = self.text.clone();
        }
        self.clear(echo);
        self.at = to;
        let line = self
            .history
            .get(to)
            .cloned()
            .unwrap_or_else(|| std::mem::take(&mut self.draft));
        self.type_text(&line, echo);
    }

    /// The line entered: remembered for Up, unless blank or the same as the one before.
    fn enter(&mut self) -> String {
        let line = std::mem::take(&mut self.text);
        let kept = line.trim();
        if !kept.is_empty() && self.history.last().is_none_or(|l| l != kept) {
            if self.history.len() == HISTORY {
                self.history.remove(0);
            }
            self.history.push(kept.to_string());
        }
        self.at = self.history.len();
        self.draft.clear();
        line
    }

    /// One input: its echo onto `echo`, and the line when one is done.
    pub fn input(&mut self, input: Input, echo: &mut Vec<u8>) -> Option<Done> {
        let k: KeyEvent = match input {
            Input::Key(k) => k,
            // A paste is typed, its line breaks as spaces: it never runs commands by itself.
            Input::Paste(text) => {
                for c in text.chars() {
                    self.push(if c == '\n' || c == '\r' { ' ' } else { c }, echo);
                }
                return None;
            }
        };
        let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
        match k.code {
            KeyCode::Enter => {
                echo.extend_from_slice(b"\r\n");
                Some(Done::Line(self.enter()))
            }
            KeyCode::Up if self.at > 0 => {
                self.recall(self.at - 1, echo);
                None
            }
            KeyCode::Down if self.at < self.history.len() => {
                self.recall(self.at + 1, echo);
                None
            }
            KeyCode::Char('c') if ctrl => {
                self.text.clear();
                self.at = self.history.len();
                self.draft.clear();
                echo.extend_from_slice(b"^C\r\n");
                Some(Done::Cancel)
            }
            KeyCode::Char('d') if ctrl => self.text.is_empty().then_some(Done::End),
            KeyCode::Char('u') if ctrl => {
                self.clear(echo);
                None
            }
            KeyCode::Char('w') if ctrl => {
                // The word before the cursor, and the spaces after it.
                let keep = self
                    .text
                    .trim_end()
                    .trim_end_matches(|c: char| !c.is_whitespace());
                let gone = self.text[keep.len()..].to_string();
                rub_out(crate::text::width(&gone), echo);
                self.text.truncate(keep.len());
                None
            }
            KeyCode::Backspace => {
                if let Some(c) = self.text.pop() {
                    rub_out(columns(c), echo);
                }
                None
            }
            KeyCode::Tab => Some(Done::Complete),
            KeyCode::Char(c) if !ctrl && !k.modifiers.contains(KeyModifiers::ALT) => {
                self.push(c, echo);
                None
            }
            _ => None,
        }
    }
}

/// What is sent for `text`: CR LF line ends, there being no pty on our side to make them.
fn crlf(text: &str) -> Vec<u8> {
    text.replace('\n', "\r\n").into_bytes()
}

/// Run the line mode on this channel until the client quits, leaves, idles out or the server
/// stops.
pub(crate) async fn run(spec: Spec, mut rx: mpsc::Receiver<Event>) {
    let Spec {
        shared,
        handle,
        channel,
        lang,
        activity,
        peer,
        channels,
        ..
    } = spec;
    let started = Instant::now();
    let prompt = crate::cli::line::PROMPT.as_bytes();
    let (data, index) = (shared.atlas.data.clone(), shared.atlas.index.clone());
    let atlas = Atlas {
        data: &data,
        index: &index,
        lang,
    };
    let mut out = crlf(&atlas.welcome());
    out.extend_from_slice(prompt);
    let mut editor = LineEditor::default();
    let mut decoder = Decoder::default();
    let mut shutdown = shared.shutdown.clone();
    let idle = shared.opts.idle_timeout;
    let goodbye: Option<String> = 'session: loop {
        if !out.is_empty()
            && handle
                .data(channel, std::mem::take(&mut out))
                .await
                .is_err()
        {
            break None;
        }
        let left = idle.saturating_sub(activity.idle());
        let event = tokio::select! {
            e = tokio::time::timeout(left, rx.recv()) => e,
            _ = shutdown.changed() => break Some(lang.word(Word::ServeShuttingDown)),
        };
        let bytes = match event {
            Err(_) if activity.idle() >= idle => {
                break Some(lang.word_with(Word::ServeIdle, &idle.as_secs().to_string()));
            }
            Err(_) | Ok(Some(Event::Resize(..))) => continue,
            Ok(None | Some(Event::Closed)) => break None,
            Ok(Some(Event::Input(bytes))) => bytes,
        };
        activity.touch();
        for input in decoder.feed(&bytes).into_iter().take(KEYS_PER_PACKET) {
            match editor.input(input, &mut out) {
                None => {}
                Some(Done::Cancel) => out.extend_from_slice(prompt),
                Some(Done::End) => {
                    out.extend_from_slice(b"\r\n");
                    break 'session None;
                }
                Some(Done::Complete) => {
                    let (start, found) = atlas.complete(editor.text());
                    if let [one] = found.as_slice() {
                        let typed = editor.text().len() - start;
                        let rest = one.get(typed..).unwrap_or_default().to_string();
                        editor.type_text(&(rest + " "), &mut out);
                    }
                }
                Some(Done::Line(line)) => {
                    let answer = answer(&shared, &data, &index, lang, line).await;
                    let Some(answer) = answer else {
                        break 'session None;
                    };
                    out.extend_from_slice(&crlf(&answer.text));
                    if answer.quit {
                        break 'session None;
                    }
                    out.extend_from_slice(prompt);
                }
            }
        }
    };
    if let Some(line) = &goodbye {
        out.extend_from_slice(format!("\r\ngongshu: {line}\r\n").as_bytes());
    }
    let _ = handle.data(channel, out).await;
    super::channels::close(&handle, &channels, channel, 0).await;
    super::log(&format!(
        "{peer} line mode closed after {} s{}",
        started.elapsed().as_secs(),
        goodbye.map(|g| format!(": {g}")).unwrap_or_default()
    ));
}

/// The answer to a line, worked out on the blocking pool in turn with the lookups (a search of
/// a large dataset takes a while): `None` if the server is going away.
async fn answer(
    shared: &super::Shared,
    data: &Arc<crate::dataset::Dataset>,
    index: &Arc<crate::search::Index>,
    lang: crate::lang::Lang,
    line: String,
) -> Option<crate::cli::line::Answer> {
    let _turn = shared.lookups.acquire().await.ok()?;
    let (data, index) = (data.clone(), index.clone());
    tokio::task::spawn_blocking(move || {
        Atlas {
            data: &data,
            index: &index,
            lang,
        }
        .answer(&line)
    })
    .await
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(bytes: &[u8]) -> (LineEditor, Vec<u8>, Vec<Done>) {
        let mut e = LineEditor::default();
        let mut echo = Vec::new();
        let mut done = Vec::new();
        for i in Decoder::default().feed(bytes) {
            done.extend(e.input(i, &mut echo));
        }
        (e, echo, done)
    }

    #[test]
    fn characters_echo_and_enter_ends_the_line() {
        let (_, echo, done) = typed("show 3\r".as_bytes());
        assert_eq!(echo, b"show 3\r\n");
        assert_eq!(done, [Done::Line("show 3".into())]);
    }

    #[test]
    fn backspace_rubs_out_by_display_column() {
        // 电 is two columns wide: two columns rubbed out; a is one.
        let (e, echo, _) = typed("a电\x7f".as_bytes());
        assert_eq!(e.text(), "a");
        assert!(echo.ends_with(b"\x08 \x08\x08 \x08"), "{echo:?}");
        assert_eq!(echo, "a电\x08 \x08\x08 \x08".as_bytes());
        let (e, echo, _) = typed(b"ab\x08");
        assert_eq!((e.text(), &echo[..]), ("a", &b"ab\x08 \x08"[..]));
        // Nothing to rub out: nothing sent.
        let (_, echo, _) = typed(b"\x7f");
        assert!(echo.is_empty());
        // Ctrl-U rubs out the whole line, by columns; Ctrl-W the last word.
        let (e, echo, _) = typed("搜索 金\x15".as_bytes());
        assert_eq!(e.text(), "");
        assert!(echo.ends_with(&b"\x08 \x08".repeat(7)), "{echo:?}");
        let (e, _, _) = typed("search 金融\x17".as_bytes());
        assert_eq!(e.text(), "search ");
    }

    #[test]
    fn up_and_down_recall_the_sessions_lines() {
        let mut e = LineEditor::default();
        let mut echo = Vec::new();
        let mut d = Decoder::default();
        let mut feed = |e: &mut LineEditor, b: &[u8], echo: &mut Vec<u8>| {
            d.feed(b)
                .into_iter()
                .filter_map(|i| e.input(i, echo))
                .collect::<Vec<_>>()
        };
        feed(&mut e, "show 3\r搜索 金融\r\r".as_bytes(), &mut echo);
        feed(&mut e, b"li", &mut echo);
        echo.clear();
        // Up: the newest line replaces what is typed, rubbed out by its columns first.
        feed(&mut e, b"\x1b[A", &mut echo);
        assert_eq!(e.text(), "搜索 金融");
        assert_eq!(echo, "\x08 \x08\x08 \x08搜索 金融".as_bytes());
        feed(&mut e, b"\x1b[A\x1b[A", &mut echo);
        assert_eq!(e.text(), "show 3", "no further back than the first");
        // Down past the newest gives back what was being typed.
        feed(&mut e, b"\x1b[B\x1b[B", &mut echo);
        assert_eq!(e.text(), "li");
        let done = feed(&mut e, b"\x1b[A\r", &mut echo);
        assert_eq!(done, [Done::Line("搜索 金融".into())]);
        // A repeat is not kept twice; Up goes to the line before it.
        feed(&mut e, b"\x1b[A\x1b[A", &mut echo);
        assert_eq!(e.text(), "show 3");
    }

    #[test]
    fn ctrl_c_cancels_ctrl_d_ends_only_an_empty_line() {
        let (e, echo, done) = typed(b"list\x03");
        assert_eq!((e.text(), done), ("", vec![Done::Cancel]));
        assert!(echo.ends_with(b"^C\r\n"));
        let (_, _, done) = typed(b"li\x04");
        assert!(done.is_empty());
        let (_, _, done) = typed(b"\x04");
        assert_eq!(done, [Done::End]);
    }

    #[test]
    fn escapes_and_pastes_never_run_or_reach_the_screen() {
        // Arrow keys and other sequences do nothing; a pasted line break is a space.
        let (e, echo, done) = typed(b"\x1b[A\x1b[200~list\nquit\x1b[201~");
        assert_eq!(e.text(), "list quit");
        assert!(done.is_empty());
        assert!(!echo.contains(&0x1b));
        // A line is capped.
        let mut e = LineEditor::default();
        let mut echo = Vec::new();
        e.type_text(&"x".repeat(MAX_LINE + 10), &mut echo);
        assert_eq!(e.text().len(), MAX_LINE);
    }
}
