//! Finding where a value sits in RON source, by its field path (`platforms[3].outline.ring[2].0`).
//!
//! Validation works on the parsed dataset, which has no positions; this walks the source once and
//! records the positions of just the paths asked for, so every problem is reported at its own
//! place (two bad fields in two platforms are two positions) in time linear in the file.
//!
//! Path syntax follows the problems' field paths: `.name` for a struct field, `[k]` for a list
//! element, `.k` for a tuple element. A named struct, an enum variant or `Some(…)` wrapping a
//! value adds nothing to the path.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use rustc_hash::FxHashSet;

/// Where a path's value was found: the byte offset of its field name (for a struct field) and of
/// the value itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub key: Option<usize>,
    pub value: usize,
}

/// The positions of `wanted` paths in `text`, which must be RON that parsed. Paths not in the
/// text are absent from the answer.
pub fn find(text: &str, wanted: &HashSet<String>) -> HashMap<String, Found> {
    // Every path that leads to a wanted one: a value anywhere else is stepped over without
    // naming its path (a file with a 200,000-point ring and one problem in it names one).
    let mut leads: FxHashSet<&str> = FxHashSet::default();
    for path in wanted {
        leads.insert(path);
        for (i, b) in path.bytes().enumerate() {
            if matches!(b, b'.' | b'[') {
                leads.insert(&path[..i]);
            }
        }
    }
    let mut w = Walker {
        s: text.as_bytes(),
        pos: 0,
        path: String::new(),
        quiet: false,
        leads,
        wanted,
        out: HashMap::new(),
    };
    if !wanted.is_empty() {
        w.value(None, 0);
    }
    w.out
}

/// The deepest nesting walked; ron refuses input deeper than 128 levels before we get here.
const MAX_DEPTH: usize = 256;

struct Walker<'a> {
    s: &'a [u8],
    pos: usize,
    path: String,
    /// Inside a value that leads to no wanted path: `path` is not kept up to date.
    quiet: bool,
    leads: FxHashSet<&'a str>,
    wanted: &'a HashSet<String>,
    out: HashMap<String, Found>,
}

impl Walker<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.s.get(self.pos + i).copied()
    }

    /// Skip whitespace, comments (`//`, nested `/* */`) and `#![…]` attributes.
    fn skip_ws(&mut self) {
        loop {
            match (self.peek(), self.at(1)) {
                (Some(b' ' | b'\t' | b'\n' | b'\r'), _) => self.pos += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    self.pos += 2;
                    let mut depth = 1;
                    while depth > 0 && self.pos < self.s.len() {
                        match (self.peek(), self.at(1)) {
                            (Some(b'*'), Some(b'/')) => {
                                depth -= 1;
                                self.pos += 2;
                            }
                            (Some(b'/'), Some(b'*')) => {
                                depth += 1;
                                self.pos += 2;
                            }
                            _ => self.pos += 1,
                        }
                    }
                }
                (Some(b'#'), Some(b'!')) => {
                    while self.peek().is_some_and(|b| b != b']') {
                        self.pos += 1;
                    }
                    self.pos += 1;
                }
                _ => return,
            }
        }
    }

    fn record(&mut self, key: Option<usize>, value: usize) {
        if !self.quiet && self.wanted.contains(&self.path) && !self.out.contains_key(&self.path) {
            self.out.insert(self.path.clone(), Found { key, value });
        }
    }

    fn value(&mut self, key: Option<usize>, depth: usize) {
        self.skip_ws();
        let start = self.pos;
        self.record(key, start);
        if depth > MAX_DEPTH {
            self.pos = self.s.len();
            return;
        }
        match self.peek() {
            None => {}
            Some(b'(') => self.paren(false, depth),
            Some(b'[') => self.list(depth),
            Some(b'{') => self.map(depth),
            Some(b'"') => self.string(),
            Some(b'\'') => self.char_literal(),
            Some(b'r') if matches!(self.at(1), Some(b'"' | b'#')) && self.raw_string() => {}
            Some(b'b') if self.at(1) == Some(b'"') || self.at(1) == Some(b'\'') => {
                self.pos += 1;
                self.value(None, depth + 1);
            }
            Some(b'b') if self.at(1) == Some(b'r') && matches!(self.at(2), Some(b'"' | b'#')) => {
                self.pos += 1;
                self.raw_string();
            }
            Some(_) => {
                let word = self.word();
                self.skip_ws();
                let named = self.s[word..self.pos]
                    .first()
                    .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
                if named && self.peek() == Some(b'(') {
                    self.paren(true, depth);
                } else if word == self.pos {
                    // Not a value we know: step over one byte so the walk always advances.
                    self.pos += 1;
                }
            }
        }
    }

    /// The value of an element whose path is now `path`: walked quietly unless it leads to a
    /// wanted path.
    fn element(&mut self, key: Option<usize>, depth: usize) {
        let was = self.quiet;
        self.quiet = was || !self.leads.contains(self.path.as_str());
        self.value(key, depth);
        self.quiet = was;
    }

    /// An identifier or a number (`-1.5e+3`, `0x1F`, `r#type`, `inf`).
    fn word(&mut self) -> usize {
        let start = self.pos;
        if self.peek() == Some(b'r') && self.at(1) == Some(b'#') {
            self.pos += 2;
        }
        while self.peek().is_some_and(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'+' | b'-') || b >= 0x80
        }) {
            self.pos += 1;
        }
        start
    }

    /// Is the next token `ident :` (a struct field) rather than a value?
    fn field_ahead(&self) -> bool {
        let mut i = self.pos;
        if self.s.get(i) == Some(&b'r') && self.s.get(i + 1) == Some(&b'#') {
            i += 2;
        }
        if !self
            .s
            .get(i)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        {
            return false;
        }
        while self
            .s
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            i += 1;
        }
        while self.s.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        self.s.get(i) == Some(&b':') && self.s.get(i + 1) != Some(&b':')
    }

    /// Move to the next element of a `( … )` or `[ … ]` ending in `close`, past commas; false at
    /// the end (the `close` consumed) or at the end of the text.
    fn next_item(&mut self, close: u8) -> bool {
        loop {
            self.skip_ws();
            match self.peek() {
                None => return false,
                Some(c) if c == close => {
                    self.pos += 1;
                    return false;
                }
                Some(b',') => self.pos += 1,
                _ => return true,
            }
        }
    }

    /// `( … )`: a struct's fields, a tuple's elements, or (after a name) a wrapped value.
    fn paren(&mut self, named: bool, depth: usize) {
        self.pos += 1;
        self.skip_ws();
        let fields = self.field_ahead();
        let mut k = 0;
        while self.next_item(b')') {
            let before = self.pos;
            let len = self.path.len();
            if fields {
                let key = self.pos;
                let name = self.word();
                if !self.quiet {
                    let name = String::from_utf8_lossy(&self.s[name..self.pos]);
                    if !self.path.is_empty() {
                        self.path.push('.');
                    }
                    self.path.push_str(name.trim_start_matches("r#"));
                }
                self.skip_ws();
                if self.peek() == Some(b':') {
                    self.pos += 1;
                }
                self.element(Some(key), depth + 1);
            } else if named {
                self.value(None, depth + 1);
            } else {
                if !self.quiet {
                    let _ = write!(self.path, ".{k}");
                }
                self.element(None, depth + 1);
            }
            self.path.truncate(len);
            k += 1;
            if self.pos == before {
                self.pos += 1;
            }
        }
    }

    fn list(&mut self, depth: usize) {
        self.pos += 1;
        let mut k = 0;
        while self.next_item(b']') {
            let before = self.pos;
            let len = self.path.len();
            if !self.quiet {
                let _ = write!(self.path, "[{k}]");
            }
            self.element(None, depth + 1);
            self.path.truncate(len);
            k += 1;
            if self.pos == before {
                self.pos += 1;
            }
        }
    }

    /// `{ key: value, … }`: walked so its strings are skipped, but nothing in it is a field path.
    fn map(&mut self, depth: usize) {
        self.pos += 1;
        let len = self.path.len();
        self.path.push_str("{}");
        loop {
            self.skip_ws();
            match self.peek() {
                None => break,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                Some(b',' | b':') => self.pos += 1,
                _ => {
                    let before = self.pos;
                    self.value(None, depth + 1);
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
        self.path.truncate(len);
    }

    fn string(&mut self) {
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    fn char_literal(&mut self) {
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b'\'' => return,
                _ => {}
            }
        }
    }

    /// `r"…"`, `r#"…"#`; false (nothing consumed) when this is a raw identifier instead.
    fn raw_string(&mut self) -> bool {
        let mut i = self.pos + 1;
        let mut hashes = 0;
        while self.s.get(i) == Some(&b'#') {
            hashes += 1;
            i += 1;
        }
        if self.s.get(i) != Some(&b'"') {
            return false;
        }
        i += 1;
        while i < self.s.len() {
            let closes = self.s.len() - (i + 1) >= hashes
                && self.s[i + 1..i + 1 + hashes].iter().all(|&b| b == b'#');
            if self.s[i] == b'"' && closes {
                self.pos = i + 1 + hashes;
                return true;
            }
            i += 1;
        }
        self.pos = self.s.len();
        true
    }
}

/// The byte offset, in `text`, of the `n`-th character (from 0) of the string literal starting at
/// `at`: an escape such as `\t`, `\x1b` or `\u{202e}` is one character, found at its backslash.
pub fn char_in_literal(text: &str, at: usize, n: usize) -> Option<usize> {
    let lit = text.get(at..)?;
    let b = lit.as_bytes();
    let (mut i, raw) = match b.first()? {
        b'"' => (1, false),
        b'r' => {
            let hashes = b[1..].iter().take_while(|&&c| c == b'#').count();
            (2 + hashes, true)
        }
        _ => return None,
    };
    let mut k = 0;
    while i < b.len() {
        if b[i] == b'"' {
            return None;
        }
        if k == n {
            return Some(at + i);
        }
        if !raw && b[i] == b'\\' {
            i += 1;
            match b.get(i) {
                Some(b'u') if b.get(i + 1) == Some(&b'{') => {
                    while i < b.len() && b[i] != b'}' {
                        i += 1;
                    }
                    i += 1;
                }
                Some(b'u') => i += 5,
                Some(b'x') => i += 3,
                _ => i += 1,
            }
        } else {
            let c = lit[i..].chars().next()?;
            i += c.len_utf8();
        }
        k += 1;
    }
    None
}

/// Line starts of a text, built once, to turn byte offsets into 1-based line and column (columns
/// count characters, as RON's own errors do).
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line and column of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = text.get(start..offset).map_or(0, |s| s.chars().count());
        (line, col + 1)
    }

    /// The byte range of a 1-based line, without its line ending.
    pub fn line(&self, text: &str, line: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(text.len(), |&e| e - 1);
        let end = if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        Some((start, end.max(start)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, path: &str) -> Option<Found> {
        let wanted: HashSet<String> = [path.to_string()].into();
        find(text, &wanted).get(path).copied()
    }

    #[test]
    fn paths_are_found_through_structs_lists_tuples_and_variants() {
        let t = r##"#![enable(implicit_some)]
// comment (x: 1)
(a: [(zh: "x\"y", en: r#"raw"z"#), (zh: "q", en: "w")],
 g: Line([(1.0, 2.0), (3.0, -500.5)]), p: Point((7, 8)), o: Some((k: 1)),
 b: Bounded(east: ["e"], west: []), /* nested /* c */ */ m: {"k": (v: 1)})"##;
        let at = |p| one(t, p).map(|f| &t[f.value..f.value + 3]);
        assert_eq!(at("a[1].en"), Some("\"w\""));
        assert_eq!(at("a[0].en"), Some("r#\""));
        assert_eq!(at("g[1].1"), Some("-50"));
        assert_eq!(at("p.1"), Some("8))"));
        assert_eq!(at("o.k"), Some("1))"));
        assert_eq!(at("b.east[0]"), Some("\"e\""));
        let west = one(t, "b.west").unwrap();
        assert_eq!(&t[west.key.unwrap()..west.key.unwrap() + 4], "west");
        assert_eq!(one(t, "m.v"), None);
        assert_eq!(one(t, "a[2]"), None);
    }

    /// Several paths asked for at once, among many that are not, in lists, tuples and fields
    /// the walk steps over quietly: each is found where it is, whatever its neighbours' paths
    /// share with it (`ring[1]` and `ring[12]`).
    #[test]
    fn wanted_paths_are_found_among_many_stepped_over() {
        let ring: Vec<String> = (0..1000).map(|k| format!("({k}.5, -{k})")).collect();
        let t = format!(
            "(n: (a: 1, ring: [{}]), p: [(ring: [{}], id: \"x\"), (ring: [], id: \"y\")])",
            ring.join(", "),
            ring[..20].join(",")
        );
        let wanted: HashSet<String> = [
            "n.ring[1].0",
            "n.ring[12].1",
            "n.ring[999].1",
            "p[0].ring[19]",
            "p[1].id",
            "n.a",
            "p[2]",
        ]
        .map(String::from)
        .into();
        let found = find(&t, &wanted);
        let at = |p: &str| found.get(p).map(|f| &t[f.value..f.value + 5]);
        assert_eq!(at("n.ring[1].0"), Some("1.5, "));
        assert_eq!(at("n.ring[12].1"), Some("-12),"));
        assert_eq!(at("n.ring[999].1"), Some("-999)"));
        assert_eq!(at("p[0].ring[19]"), Some("(19.5"));
        assert_eq!(at("p[1].id"), Some("\"y\")]"));
        assert_eq!(at("n.a"), Some("1, ri"));
        assert_eq!(found.len(), 6, "p[2] is not in the text");
    }

    #[test]
    fn escapes_are_one_character() {
        let t = r#"x "a\tb\u{1b}c\x07d""#;
        let at = 2;
        assert_eq!(char_in_literal(t, at, 1), Some(4));
        assert_eq!(&t[char_in_literal(t, at, 3).unwrap()..][..2], "\\u");
        assert_eq!(&t[char_in_literal(t, at, 5).unwrap()..][..2], "\\x");
        assert_eq!(char_in_literal(t, at, 9), None);
    }

    #[test]
    fn positions_count_characters() {
        let t = "ab\n拱墅x\r\nz";
        let idx = LineIndex::new(t);
        assert_eq!(idx.position(t, 0), (1, 1));
        assert_eq!(idx.position(t, t.find('x').unwrap()), (2, 3));
        assert_eq!(idx.position(t, t.len() - 1), (3, 1));
        let (s, e) = idx.line(t, 2).unwrap();
        assert_eq!(&t[s..e], "拱墅x");
    }
}
