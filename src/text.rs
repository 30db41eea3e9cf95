//! The one place where text bound for a terminal is made safe and measured.
//!
//! Dataset text is untrusted: it may hold escape sequences (ESC, CSI, OSC 52/8), bidi overrides or
//! zero-width characters that would spoof or attack the terminal. [`sanitize`] shows every such
//! character visibly instead. Widths are display columns (Chinese characters are two columns wide).

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Tabs expand to this many spaces; ratatui would otherwise drop them silently.
const TAB: &str = "    ";
/// Text longer than this (in bytes) is cut when shown; a 5 MB field must not stall a frame.
pub const MAX_SHOWN_BYTES: usize = 64 * 1024;
/// At most this many combining marks are kept on one base character (stacks of thousands exist).
const MAX_COMBINING: usize = 4;

/// Characters that are invisible or change the layout of what follows, decided by Unicode
/// property rather than by block: the general categories Cf (format: bidi controls, zero-width
/// characters, soft hyphen, tags, the Mongolian vowel separator…), Zl and Zp (line and paragraph
/// separators), Co (private use) and Cn (unassigned), plus the default-ignorable characters whose
/// category is a mark or a letter (the Variation_Selector property, and the combining grapheme
/// joiner and Hangul fillers of Other_Default_Ignorable_Code_Point, from the UCD's PropList.txt).
/// C0 and C1 controls (Cc) are handled apart, since newlines and tabs have meanings of their own.
pub fn is_invisible_control(c: char) -> bool {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    if c.is_ascii() || is_hanzi_block(c) {
        return false;
    }
    matches!(
        c.general_category(),
        G::Format | G::LineSeparator | G::ParagraphSeparator | G::PrivateUse | G::Unassigned
    ) || is_ignorable_non_format(c)
}

/// The CJK Unified Ideographs and their Extension A: every one a letter (Lo), which the test
/// `hanzi_blocks_are_letters` checks against the tables. Most of what the dataset says is in
/// them, so they skip the table lookups.
fn is_hanzi_block(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Default-ignorable characters that are not Cf: Variation_Selector (PropList.txt) and the
/// Mn/Lo members of Other_Default_Ignorable_Code_Point.
fn is_ignorable_non_format(c: char) -> bool {
    matches!(c,
        '\u{180B}'..='\u{180D}' | '\u{180F}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}'
        | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{3164}' | '\u{FFA0}')
}

/// Must `c` never reach a terminal raw? C0/C1 controls and DEL (newlines too: callers that keep
/// them check first) and every [`is_invisible_control`] character.
pub fn is_unshowable(c: char) -> bool {
    c.is_control() || is_invisible_control(c)
}

/// A combining mark of any script (general categories Mn and Me); capped per base character.
/// Spacing marks (Mc) take a column of their own and need no cap.
pub fn is_combining(c: char) -> bool {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    !c.is_ascii()
        && !is_hanzi_block(c)
        && matches!(c.general_category(), G::NonspacingMark | G::EnclosingMark)
}

/// Make text safe for a terminal, keeping newlines: C0 controls show as `^X`, DEL as `^?`, C1,
/// bidi and zero-width controls as `<U+XXXX>`, tabs become spaces, CR is shown as `^M`.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if s.len() > MAX_SHOWN_BYTES {
        let mut cut = MAX_SHOWN_BYTES;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        let more = s.len() - cut;
        return Cow::Owned(format!(
            "{}… ({more} more bytes not shown)",
            sanitize(&s[..cut])
        ));
    }
    let clean = s.chars().all(|c| match c.is_ascii() {
        true => !c.is_control() || c == '\n',
        false => !is_unshowable(c) && !is_combining(c) && !is_zero_width_letter(c),
    });
    if clean {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut shown = Shown::default();
    for c in s.chars() {
        shown.push(c, &mut out);
    }
    shown.finish(&mut out);
    Cow::Owned(out)
}

/// A letter that takes no column of its own: the Hangul jamo that join a syllable (its vowels
/// and final consonants, U+1160..U+11FF and their extensions), general category Lo but drawn on
/// the character before, like a mark. Capped as marks are.
fn is_zero_width_letter(c: char) -> bool {
    use unicode_width::UnicodeWidthChar;
    !c.is_ascii() && !is_hanzi_block(c) && c.width() == Some(0) && !c.is_control()
}

/// [`sanitize`] one character at a time, for callers that show each character apart (search
/// highlighting): the caps hold across characters. Marks and zero-width letters after one base
/// are kept up to [`MAX_COMBINING`]; a run of invisible characters shows its first
/// [`MAX_COMBINING`] as `<U+XXXX>` and the rest as one `<+N>`.
#[derive(Debug, Default)]
pub struct Shown {
    marks: usize,
    invisible: usize,
}

impl Shown {
    /// Append what `c` shows as (possibly nothing) to `out`.
    pub fn push(&mut self, c: char, out: &mut String) {
        if (is_combining(c) || is_zero_width_letter(c)) && !is_invisible_control(c) {
            self.marks += 1;
            if self.marks <= MAX_COMBINING {
                out.push(c);
            }
            return;
        }
        self.marks = 0;
        if c.is_control() && (c as u32) >= 0x80 || is_invisible_control(c) {
            self.invisible += 1;
            if self.invisible <= MAX_COMBINING {
                out.push_str(&format!("<U+{:04X}>", c as u32));
            }
            return;
        }
        self.finish(out);
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str(TAB),
            '\u{7f}' => out.push_str("^?"),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            c => out.push(c),
        }
    }

    /// End a run of invisible characters: say how many were not shown.
    pub fn finish(&mut self, out: &mut String) {
        if self.invisible > MAX_COMBINING {
            out.push_str(&format!("<+{}>", self.invisible - MAX_COMBINING));
        }
        self.invisible = 0;
    }
}

/// Sanitize and fold newlines into spaces, for one-line displays (list rows, titles).
pub fn one_line(s: &str) -> String {
    sanitize(s).replace('\n', " ")
}

/// Sanitize and show newlines as `^J`, for text that must stay on one line and lose nothing (a
/// file name in a diagnostic).
pub fn visible_line(s: &str) -> String {
    sanitize(s).replace('\n', "^J")
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    s.width()
}

/// Cut `s` to at most `max` columns, ending in `…` when cut. Never splits a wide character.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` padded with spaces to exactly `w` columns (truncated first if wider).
pub fn pad(s: &str, w: usize) -> String {
    let s = truncate(s, w);
    let fill = w - width(&s);
    format!("{s}{}", " ".repeat(fill))
}

/// Wrap text to `max` columns. Breaks at spaces in Latin text and between any two Hanzi, so Chinese
/// paragraphs fill the line. Closing punctuation never starts a line: the character before it moves
/// down with it. Newlines in the text start new lines. No line is wider than `max`.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut lines = Vec::new();
    for para in s.split('\n') {
        // Each line is a list of tokens, so the last one can move down to the next line.
        let mut line: Vec<&str> = Vec::new();
        let mut line_w = 0;
        let flush = |line: &mut Vec<&str>, lines: &mut Vec<String>| {
            lines.push(line.concat().trim_end().to_string());
            line.clear();
        };
        for token in tokens(para) {
            let tw = width(token);
            if line_w + tw > max && !line.is_empty() {
                if token == " " {
                    flush(&mut line, &mut lines);
                    line_w = 0;
                    continue;
                }
                let no_start = token.chars().next().is_some_and(is_no_break_before);
                let carry = if no_start && line.len() > 1 {
                    line.pop()
                } else {
                    None
                };
                flush(&mut line, &mut lines);
                line_w = 0;
                if let Some(c) = carry {
                    line.push(c);
                    line_w = width(c);
                }
            }
            if tw > max {
                // A single word longer than the line: cut it by columns.
                let mut start = 0;
                let mut w = line_w;
                for (i, c) in token.char_indices() {
                    let cw = c.width().unwrap_or(0);
                    if w + cw > max {
                        line.push(&token[start..i]);
                        flush(&mut line, &mut lines);
                        start = i;
                        w = 0;
                    }
                    w += cw;
                }
                line.push(&token[start..]);
                line_w = w;
                continue;
            }
            line.push(token);
            line_w += tw;
        }
        flush(&mut line, &mut lines);
    }
    lines
}

/// Closing punctuation that should not start a line.
fn is_no_break_before(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | '。'
            | '、'
            | '”'
            | '》'
            | '\u{FF0C}'
            | '\u{FF1B}'
            | '\u{FF1A}'
            | '\u{FF01}'
            | '\u{FF1F}'
            | '\u{FF09}'
    )
}

/// Split a paragraph into break units: runs of non-space Latin, single spaces, single wide chars.
fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let wide = c.width().unwrap_or(0) >= 2;
        if c == ' ' || wide {
            if let Some(st) = start.take() {
                out.push(&s[st..i]);
            }
            out.push(&s[i..i + c.len_utf8()]);
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hanzi_blocks_are_letters() {
        use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
        for c in ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}') {
            assert!(is_hanzi_block(c));
            assert_eq!(c.general_category(), G::OtherLetter, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn escapes_are_shown_not_sent() {
        assert_eq!(sanitize("a\x1b[31mb"), "a^[[31mb");
        assert_eq!(sanitize("x\u{9b}y"), "x<U+009B>y");
        assert_eq!(sanitize("r\rz"), "r^Mz");
        assert_eq!(sanitize("\u{202E}abc"), "<U+202E>abc");
        assert_eq!(sanitize("a\u{200B}b"), "a<U+200B>b");
        assert_eq!(sanitize("t\tt"), "t    t");
        assert_eq!(sanitize("del\u{7f}"), "del^?");
        assert_eq!(sanitize("nul\0"), "nul^@");
        assert!(matches!(sanitize("运河财富小镇 ok"), Cow::Borrowed(_)));
    }

    #[test]
    fn invisible_characters_are_decided_by_property() {
        for c in [
            '\u{E0041}', // a tag character
            '\u{2028}',  // line separator
            '\u{2029}',  // paragraph separator
            '\u{00AD}',  // soft hyphen
            '\u{180E}',  // Mongolian vowel separator
            '\u{034F}',  // combining grapheme joiner
            '\u{FE0F}',  // variation selector 16
            '\u{E0100}', // variation selector 17
            '\u{E000}',  // private use
            '\u{0378}',  // unassigned
            '\u{2061}',  // function application
            '\u{FFF9}',  // interlinear annotation anchor
        ] {
            assert!(is_invisible_control(c), "{:04X}", c as u32);
            let s = format!("a{c}b");
            assert_eq!(sanitize(&s), format!("a<U+{:04X}>b", c as u32));
        }
        for c in ['拱', '·', 'é', '\u{3000}', '\u{00A0}', '，', '😀'] {
            assert!(!is_invisible_control(c), "{:04X}", c as u32);
        }
    }

    #[test]
    fn combining_marks_of_every_script_are_capped() {
        // Latin, Hebrew, Cyrillic, Arabic, Devanagari, enclosing.
        for mark in [
            '\u{301}', '\u{5B4}', '\u{483}', '\u{64B}', '\u{94D}', '\u{20DD}',
        ] {
            let s = format!("x{}", mark.to_string().repeat(1000));
            assert_eq!(sanitize(&s).chars().count(), 1 + MAX_COMBINING, "{mark:?}");
        }
    }

    #[test]
    fn a_visible_line_has_no_newline() {
        assert_eq!(visible_line("a\nb\x1b"), "a^Jb^[");
    }

    #[test]
    fn huge_fields_are_cut_when_shown() {
        let s = "拱".repeat(2_000_000);
        let shown = sanitize(&s);
        assert!(shown.len() < MAX_SHOWN_BYTES + 100, "{}", shown.len());
        assert!(shown.ends_with("more bytes not shown)"));
    }

    #[test]
    fn zero_width_letters_and_invisible_runs_are_capped_too() {
        // Hangul jamo that join a syllable: letters (Lo) of no width of their own.
        let s = format!("ᄀ{}", "\u{1161}".repeat(10_000));
        assert_eq!(sanitize(&s).chars().count(), 1 + MAX_COMBINING);
        // The filler is shown, a few of a run, then how many more.
        let s = format!("a{}b", "\u{1160}".repeat(10_000));
        assert_eq!(
            sanitize(&s),
            format!(
                "a{}<+{}>b",
                "<U+1160>".repeat(MAX_COMBINING),
                10_000 - MAX_COMBINING
            )
        );
        // One character at a time, as highlighting shows text, the caps hold as well.
        let mut shown = Shown::default();
        let mut out = String::new();
        for c in format!("e{}", "\u{301}".repeat(500_000)).chars() {
            shown.push(c, &mut out);
        }
        shown.finish(&mut out);
        assert_eq!(out.chars().count(), 1 + MAX_COMBINING);
    }

    #[test]
    fn combining_runs_are_bounded() {
        let s = format!("e{}", "\u{301}".repeat(10_000));
        assert_eq!(sanitize(&s).chars().count(), 1 + MAX_COMBINING);
    }

    #[test]
    fn widths_count_columns() {
        assert_eq!(width("拱墅区"), 6);
        assert_eq!(truncate("运河财富小镇", 7), "运河财…");
        assert_eq!(width(&truncate("运河财富小镇", 7)), 7);
        assert_eq!(pad("北部", 6), "北部  ");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn wrap_never_exceeds_the_width_nor_drops_text() {
        let text = "坚持政府引导、企业主体、市场化运作相结合,以“6+2”产业为发展重点,集聚人才、技术、资本等高端要素";
        for max in 2..40 {
            let lines = wrap(text, max);
            assert!(lines.iter().all(|l| width(l) <= max), "{max}: {lines:?}");
            assert_eq!(lines.concat(), text, "{max}");
            if max >= 4 {
                assert!(
                    lines.iter().all(|l| !l.starts_with(['、', ','])),
                    "{max}: {lines:?}"
                );
            }
        }
    }

    #[test]
    fn wrap_breaks_between_hanzi_and_keeps_punctuation() {
        let lines = wrap("重点发展私募金融、互联网金融、小微金融三大业态", 10);
        assert!(lines.iter().all(|l| width(l) <= 10), "{lines:?}");
        assert!(lines.iter().all(|l| !l.starts_with('、')), "{lines:?}");
        assert_eq!(
            lines.concat(),
            "重点发展私募金融、互联网金融、小微金融三大业态"
        );
        assert_eq!(
            wrap("the quick brown fox", 9),
            vec!["the quick", "brown fox"]
        );
    }
}
