//! The search line being typed: its text, the cursor, and the edits the key table names.

/// The longest query kept, in bytes: a paste of a whole document is not a search.
const MAX_BYTES: usize = 200;

/// Combining marks kept on one letter, as [`crate::text::sanitize`] shows them.
const MAX_MARKS: usize = 4;

/// An edit of the search line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Left,
    Right,
    Start,
    End,
    DeleteBack,
    DeleteForward,
    /// Ctrl-U.
    Clear,
    /// Ctrl-W: the word before the cursor, and the spaces after it.
    DeleteWord,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchLine {
    /// Whether keys type into the line.
    pub active: bool,
    query: String,
    /// Cursor position in chars.
    cursor: usize,
}

impl SearchLine {
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The cursor, in chars from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The text before the cursor (where the terminal's cursor goes).
    pub fn before_cursor(&self) -> &str {
        &self.query[..self.byte(self.cursor)]
    }

    /// Start typing, with the cursor at the end of what is there.
    pub fn open(&mut self) {
        self.active = true;
        self.cursor = self.query.chars().count();
    }

    /// Combining marks right before the cursor.
    fn marks_before_cursor(&self) -> usize {
        self.before_cursor()
            .chars()
            .rev()
            .take_while(|&c| crate::text::is_combining(c))
            .count()
    }

    fn byte(&self, char_index: usize) -> usize {
        self.query
            .char_indices()
            .nth(char_index)
            .map_or(self.query.len(), |(i, _)| i)
    }

    /// Insert pasted text at the cursor as one edit: newlines and tabs become spaces, what may not
    /// be typed is left out, and the query stays within its limit. Returns whether the text
    /// changed.
    pub fn paste(&mut self, text: &str) -> bool {
        let mut changed = false;
        // Look at no more of the paste than could fit: a huge paste costs no more than a small one.
        for c in text.chars().take(MAX_BYTES) {
            let c = if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            };
            changed |= self.edit(Edit::Insert(c));
        }
        changed
    }

    /// Apply an edit; returns whether the text changed (a cursor move does not).
    pub fn edit(&mut self, e: Edit) -> bool {
        let len = self.query.chars().count();
        match e {
            Edit::Insert(c) => {
                // Dataset-bound text never holds controls or invisible characters; neither does
                // the query, and it holds no more combining marks on a letter than are shown.
                if crate::text::is_unshowable(c)
                    || self.query.len() + c.len_utf8() > MAX_BYTES
                    || crate::text::is_combining(c) && self.marks_before_cursor() >= MAX_MARKS
                {
                    return false;
                }
                let at = self.byte(self.cursor);
                self.query.insert(at, c);
                self.cursor += 1;
                true
            }
            Edit::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            Edit::Right => {
                self.cursor = (self.cursor + 1).min(len);
                false
            }
            Edit::Start => {
                self.cursor = 0;
                false
            }
            Edit::End => {
                self.cursor = len;
                false
            }
            Edit::DeleteBack if self.cursor > 0 => {
                let at = self.byte(self.cursor - 1);
                self.query.remove(at);
                self.cursor -= 1;
                true
            }
            Edit::DeleteForward if self.cursor < len => {
                let at = self.byte(self.cursor);
                self.query.remove(at);
                true
            }
            Edit::DeleteBack | Edit::DeleteForward => false,
            Edit::Clear => {
                let changed = !self.query.is_empty();
                self.query.clear();
                self.cursor = 0;
                changed
            }
            Edit::DeleteWord => {
                let chars: Vec<char> = self.query.chars().collect();
                let mut start = self.cursor;
                while start > 0 && chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && chars[start - 1] != ' ' {
                    start -= 1;
                }
                let (a, b) = (self.byte(start), self.byte(self.cursor));
                self.query.replace_range(a..b, "");
                self.cursor = start;
                a != b
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> SearchLine {
        let mut l = SearchLine::default();
        l.open();
        for c in s.chars() {
            l.edit(Edit::Insert(c));
        }
        l
    }

    #[test]
    fn typing_moves_the_cursor_by_characters_not_bytes() {
        let mut l = typed("电商");
        assert_eq!((l.query(), l.cursor()), ("电商", 2));
        l.edit(Edit::Left);
        l.edit(Edit::Insert('子'));
        assert_eq!(l.query(), "电子商");
        assert_eq!(l.before_cursor(), "电子");
    }

    #[test]
    fn deleting_at_either_end_does_nothing() {
        let mut l = typed("ab");
        assert!(!l.edit(Edit::DeleteForward));
        l.edit(Edit::Start);
        assert!(!l.edit(Edit::DeleteBack));
        assert!(l.edit(Edit::DeleteForward));
        assert_eq!(l.query(), "b");
    }

    #[test]
    fn ctrl_w_takes_the_word_before_the_cursor() {
        let mut l = typed("金融 internet  ");
        assert!(l.edit(Edit::DeleteWord));
        assert_eq!(l.query(), "金融 ");
        assert!(l.edit(Edit::DeleteWord));
        assert_eq!(l.query(), "");
        assert!(!l.edit(Edit::DeleteWord));
    }

    #[test]
    fn ctrl_u_clears_and_controls_are_refused() {
        let mut l = typed("a\u{1b}b\u{202e}c");
        assert_eq!(l.query(), "abc");
        assert!(l.edit(Edit::Clear));
        assert_eq!((l.query(), l.cursor()), ("", 0));
    }

    #[test]
    fn a_long_paste_stops_at_the_cap() {
        let pasted = "电".repeat(500);
        // Whole characters, as many as the cap holds: 66 of 3 bytes in 200.
        let fits = "电".repeat(MAX_BYTES / '电'.len_utf8());
        let mut l = SearchLine::default();
        l.open();
        assert!(l.paste(&pasted));
        let q = l.query();
        assert!(!q.is_empty());
        assert_eq!(q, fits);
        assert!(pasted.starts_with(q));
        assert!(q.len() <= MAX_BYTES, "{} bytes", q.len());
        assert!(q.len() + '电'.len_utf8() > MAX_BYTES, "{} bytes", q.len());
        assert_eq!(l.cursor(), q.chars().count());
        // Typed a key at a time, it stops at the same place.
        let t = typed(&pasted);
        assert_eq!(
            (t.query(), t.cursor()),
            (fits.as_str(), fits.chars().count())
        );
    }

    #[test]
    fn a_paste_is_one_edit_without_invisible_characters_or_piled_marks() {
        let mut l = SearchLine::default();
        l.open();
        let pasted = format!(
            "dian\u{E0041}\u{2028}\u{AD}\u{FE0F}\u{34F}\n\x1bshang{}",
            "\u{5B4}".repeat(50)
        );
        assert!(l.paste(&pasted));
        assert_eq!(
            l.query(),
            format!("dian shang{}", "\u{5B4}".repeat(MAX_MARKS))
        );
        // A huge paste stops at the limit.
        assert!(l.paste(&"x".repeat(1_000_000)));
        assert_eq!(l.query().len(), MAX_BYTES);
    }
}
