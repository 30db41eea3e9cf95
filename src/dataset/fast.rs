//! A fast reader for well-formed dataset files: a serde deserializer for the part of RON a
//! dataset is written in, several times faster than `ron` (which tracks what it needs for its
//! error messages), with the platform list read on several threads.
//!
//! It never explains anything: on the first thing it does not expect (an error, or RON it does
//! not handle, like raw strings or `\u{…}` escapes) it gives up, and the file is read again by
//! `ron` with field paths, whose diagnostics are the only ones a user sees. So it only has to
//! agree with `ron` on files both accept; the test `the_fast_reader_agrees_with_ron` and the
//! dataset fuzz target hold it to that.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::schema::{Dataset, Platform};

/// Why the fast reader gave up; never shown.
#[derive(Debug)]
pub struct GiveUp;

impl std::fmt::Display for GiveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not read by the fast reader")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

type R<T> = Result<T, GiveUp>;

/// Below this many bytes a file is read on one thread.
const PARALLEL_FROM: usize = 4 << 20;
/// Pieces of the platform list per thread: more than one, so a thread that finishes early
/// takes work from one that is slow.
const PIECES_PER_THREAD: usize = 4;

/// The dataset in `text`, or `None` when anything is unexpected.
pub fn read(text: &str) -> Option<Dataset> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    if text.len() < PARALLEL_FROM || threads == 1 {
        return whole(text);
    }
    match platform_list(text) {
        Some((open, first)) => read_in_pieces(text, open, first, threads, PIECES_PER_THREAD),
        None => whole(text),
    }
}

/// Read the platform list (opening at `open`, its first platform at `first`) in up to
/// `threads * per_thread` pieces on `threads` threads, and the rest of the
/// file after.
///
/// The list is cut at guesses, not found by a scan (which took as long as reading it): a piece
/// starts at the first line after its share of the bytes that begins the way the list's first
/// platform does (a newline, the same indentation, `(`). A guess may be wrong (inside a string
/// or comment), so it is trusted only when the piece before it, itself trusted, ends exactly
/// there: reading from a true platform start visits only true platform starts. The first piece
/// starts at the first platform. Where a guess is not confirmed, the rest of the list is read
/// from the last confirmed point on this thread.
fn read_in_pieces(
    text: &str,
    open: usize,
    first: usize,
    threads: usize,
    per_thread: usize,
) -> Option<Dataset> {
    let starts = guesses(text, first, threads * per_thread);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<Piece>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads.min(starts.len()))
            .map(|_| {
                s.spawn(|| {
                    super::str::interning(|| {
                        let mut mine = Vec::new();
                        loop {
                            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(&start) = starts.get(k) else {
                                return mine;
                            };
                            mine.push((k, items(text, start, starts.get(k + 1).copied())));
                        }
                    })
                })
            })
            .collect();
        let mut all: Vec<Option<Piece>> = (0..starts.len()).map(|_| None).collect();
        for w in workers {
            for (k, piece) in w.join().ok()? {
                all[k] = piece;
            }
        }
        Some(all)
    })?;
    let mut platforms = Vec::new();
    let mut close = None;
    for (k, piece) in results.iter_mut().enumerate() {
        match piece.take() {
            Some(Piece { platforms: p, end }) => {
                platforms.extend(p);
                if let End::Closed(at) = end {
                    close = Some(at);
                    break;
                }
            }
            // A guess not confirmed: read on from the last confirmed start.
            None => {
                let (p, end) = super::str::interning(|| {
                    let piece = items(text, starts[k], None)?;
                    Some((piece.platforms, piece.end))
                })?;
                platforms.extend(p);
                let End::Closed(at) = end else { return None };
                close = Some(at);
                break;
            }
        }
    }
    let close = close?;
    let mut shell_text = String::with_capacity(text.len() - (close - open));
    shell_text.push_str(&text[..=open]);
    shell_text.push_str(&text[close..]);
    let mut d = whole(&shell_text)?;
    if !d.platforms.is_empty() {
        return None;
    }
    d.platforms = platforms;
    Some(d)
}

/// The platforms of one piece of the list, and how it ended.
struct Piece {
    platforms: Vec<Platform>,
    end: End,
}

enum End {
    /// At the next piece's start, which is thereby confirmed.
    Reached,
    /// At the list's `]`, at this byte.
    Closed(usize),
}

/// Read platforms from `start` until the list closes or, when `stop` is given, until the next
/// platform starts exactly at `stop`; `None` if the text there is anything else.
fn items(text: &str, start: usize, stop: Option<usize>) -> Option<Piece> {
    let mut r = Reader {
        s: text.as_bytes(),
        at: start,
        text,
    };
    let mut platforms = Vec::new();
    loop {
        platforms.push(Platform::deserialize(&mut r).ok()?);
        r.ws().ok()?;
        match r.peek()? {
            b',' => {
                r.at += 1;
                r.ws().ok()?;
            }
            b']' => {}
            _ => return None,
        }
        if r.peek() == Some(b']') {
            let end = End::Closed(r.at);
            return Some(Piece { platforms, end });
        }
        match stop {
            Some(stop) if r.at == stop => {
                let end = End::Reached;
                return Some(Piece { platforms, end });
            }
            Some(stop) if r.at > stop => return None,
            _ => {}
        }
    }
}

/// Where the top-level `platforms: [` list opens and where its first element starts, found by
/// stepping over the fields before it. `None` if the file is not shaped as expected or the list
/// is empty.
fn platform_list(text: &str) -> Option<(usize, usize)> {
    let mut r = Reader {
        s: text.as_bytes(),
        at: 0,
        text,
    };
    r.ws().ok()?;
    if r.peek() != Some(b'(') {
        return None;
    }
    r.at += 1;
    loop {
        r.ws().ok()?;
        let key = r.ident().ok()?;
        r.ws().ok()?;
        r.expect(b':').ok()?;
        r.ws().ok()?;
        if key == "platforms" {
            r.expect(b'[').ok()?;
            let open = r.at - 1;
            r.ws().ok()?;
            return (r.peek()? == b'(').then_some((open, r.at));
        }
        r.skip_value().ok()?;
        r.ws().ok()?;
        match r.peek()? {
            b',' => r.at += 1,
            _ => return None,
        }
    }
}

/// Up to `pieces` guessed platform starts, the first being the true first one at `first`.
fn guesses(text: &str, first: usize, pieces: usize) -> Vec<usize> {
    let mut starts = vec![first];
    // How the first platform's line begins; a list written on one line gives no guesses.
    let line = text[..first].rfind('\n').map(|nl| &text[nl..first]);
    let Some(indent) = line.filter(|l| l[1..].bytes().all(|b| b == b' ' || b == b'\t')) else {
        return starts;
    };
    let pattern = format!("{indent}(");
    let step = (text.len() - first) / pieces;
    for k in 1..pieces {
        let from = (first + k * step).max(starts[starts.len() - 1] + 1);
        let rest = text.as_bytes().get(from..).unwrap_or_default();
        let Some(found) = memchr::memmem::find(rest, pattern.as_bytes()) else {
            break;
        };
        starts.push(from + found + indent.len());
    }
    starts
}

fn whole(text: &str) -> Option<Dataset> {
    super::str::interning(|| one(text).ok())
}

fn one<'de, T: Deserialize<'de>>(text: &'de str) -> R<T> {
    let mut de = Reader {
        s: text.as_bytes(),
        at: 0,
        text,
    };
    let v = T::deserialize(&mut de)?;
    de.ws()?;
    if de.at != de.s.len() {
        return Err(GiveUp);
    }
    Ok(v)
}

struct Reader<'de> {
    s: &'de [u8],
    at: usize,
    text: &'de str,
}

impl<'de> Reader<'de> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn expect(&mut self, c: u8) -> R<()> {
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// Whitespace and comments (`//` to the end of the line, `/* … */` nested).
    fn ws(&mut self) -> R<()> {
        loop {
            // Indentation is most of a dataset file's bytes: step over spaces eight at a time.
            while let Some(eight) = self.s.get(self.at..self.at + 8) {
                let other = u64::from_le_bytes(eight.try_into().unwrap()) ^ 0x2020_2020_2020_2020;
                if other != 0 {
                    self.at += (other.trailing_zeros() / 8) as usize;
                    break;
                }
                self.at += 8;
            }
            match self.peek() {
                Some(b' ' | b'\n' | b'\t' | b'\r') => self.at += 1,
                Some(b'/') => match self.s.get(self.at + 1) {
                    Some(b'/') => {
                        while self.peek().is_some_and(|c| c != b'\n') {
                            self.at += 1;
                        }
                    }
                    Some(b'*') => {
                        self.at += 2;
                        let mut depth = 1;
                        while depth > 0 {
                            match (self.peek(), self.s.get(self.at + 1)) {
                                (None, _) => return Err(GiveUp),
                                (Some(b'*'), Some(b'/')) => {
                                    (depth, self.at) = (depth - 1, self.at + 2)
                                }
                                (Some(b'/'), Some(b'*')) => {
                                    (depth, self.at) = (depth + 1, self.at + 2)
                                }
                                _ => self.at += 1,
                            }
                        }
                    }
                    _ => return Err(GiveUp),
                },
                // Other Unicode whitespace ron accepts too; leave such files to it.
                Some(c) if c >= 0x80 => {
                    let ch = self.text[self.at..].chars().next().ok_or(GiveUp)?;
                    if ch.is_whitespace() {
                        return Err(GiveUp);
                    }
                    return Ok(());
                }
                _ => return Ok(()),
            }
        }
    }

    fn ident(&mut self) -> R<&'de str> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            self.at += 1;
        }
        // Raw identifiers (r#…) and non-ASCII ones are ron's.
        if self.at == start
            || self.s[start].is_ascii_digit()
            || matches!(self.peek(), Some(b'#') | Some(0x80..))
        {
            return Err(GiveUp);
        }
        Ok(&self.text[start..self.at])
    }

    /// A string literal without escapes is borrowed; the few escapes datasets use are decoded.
    fn string(&mut self) -> R<std::borrow::Cow<'de, str>> {
        self.expect(b'"')?;
        let start = self.at;
        self.at += memchr::memchr2(b'"', b'\\', &self.s[start..]).ok_or(GiveUp)?;
        if self.s[self.at] == b'"' {
            let s = &self.text[start..self.at];
            self.at += 1;
            return Ok(s.into());
        }
        let mut out = self.text[start..self.at].to_string();
        loop {
            match self.peek() {
                None => return Err(GiveUp),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out.into());
                }
                Some(b'\\') => {
                    let c = match self.s.get(self.at + 1) {
                        Some(b'\\') => '\\',
                        Some(b'"') => '"',
                        Some(b'\'') => '\'',
                        Some(b'n') => '\n',
                        Some(b't') => '\t',
                        Some(b'r') => '\r',
                        Some(b'0') => '\0',
                        _ => return Err(GiveUp),
                    };
                    out.push(c);
                    self.at += 2;
                }
                Some(_) => {
                    let c = self.text[self.at..].chars().next().ok_or(GiveUp)?;
                    out.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
    }

    /// A decimal number's text: `-`, digits, one `.`, an exponent. Anything else is ron's.
    fn number(&mut self) -> R<&'de str> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let digits = |r: &mut Self| {
            let from = r.at;
            while r.peek().is_some_and(|c| c.is_ascii_digit()) {
                r.at += 1;
            }
            r.at - from
        };
        if digits(self) == 0 {
            return Err(GiveUp);
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if digits(self) == 0 {
                return Err(GiveUp);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(GiveUp);
            }
        }
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.')
        {
            return Err(GiveUp);
        }
        Ok(&self.text[start..self.at])
    }

    /// Step over one value of any shape (for finding the platform list).
    fn skip_value(&mut self) -> R<()> {
        match self.peek().ok_or(GiveUp)? {
            b'"' => self.string().map(drop),
            b'(' | b'[' => {
                let close = if self.peek() == Some(b'(') {
                    b')'
                } else {
                    b']'
                };
                self.at += 1;
                loop {
                    self.ws()?;
                    if self.peek() == Some(close) {
                        self.at += 1;
                        return Ok(());
                    }
                    self.skip_value()?;
                    self.ws()?;
                    match self.peek().ok_or(GiveUp)? {
                        b',' => self.at += 1,
                        b':' => self.at += 1,
                        c if c == close => {}
                        _ => return Err(GiveUp),
                    }
                }
            }
            b'-' | b'0'..=b'9' => self.number().map(drop),
            _ => {
                self.ident()?;
                self.ws()?;
                if self.peek() == Some(b'(') {
                    self.skip_value()?;
                }
                Ok(())
            }
        }
    }

    /// `,` between items, or the closing bracket.
    fn after_item(&mut self, close: u8) -> R<bool> {
        self.ws()?;
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                self.ws()?;
                if self.peek() == Some(close) {
                    self.at += 1;
                    return Ok(false);
                }
                Ok(true)
            }
            Some(c) if c == close => {
                self.at += 1;
                Ok(false)
            }
            _ => Err(GiveUp),
        }
    }

    fn int<T: std::str::FromStr>(&mut self) -> R<T> {
        self.ws()?;
        let n = self.number()?;
        if n.contains(['.', 'e', 'E']) {
            return Err(GiveUp);
        }
        n.parse().map_err(|_| GiveUp)
    }
}

/// The comma-separated items of a list or tuple, up to `close`.
struct Items<'a, 'de> {
    r: &'a mut Reader<'de>,
    close: u8,
    done: bool,
}

impl<'a, 'de> Items<'a, 'de> {
    fn new(r: &'a mut Reader<'de>, open: u8, close: u8) -> R<Self> {
        r.ws()?;
        r.expect(open)?;
        r.ws()?;
        let done = r.peek() == Some(close);
        if done {
            r.at += 1;
        }
        Ok(Items { r, close, done })
    }

    /// After a visitor is through: it may stop early (a tuple takes its two values), and then
    /// the list must close right there.
    fn end(self) -> R<()> {
        if self.done {
            return Ok(());
        }
        self.r.ws()?;
        self.r.expect(self.close)
    }
}

/// Visit a list, tuple or struct body and check that it ended where the visitor stopped.
fn visit<'de, T>(mut items: Items<'_, 'de>, f: impl FnOnce(&mut Items<'_, 'de>) -> R<T>) -> R<T> {
    let v = f(&mut items)?;
    items.end()?;
    Ok(v)
}

impl<'de> SeqAccess<'de> for &mut Items<'_, 'de> {
    type Error = GiveUp;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> R<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        let v = seed.deserialize(&mut *self.r)?;
        self.done = !self.r.after_item(self.close)?;
        Ok(Some(v))
    }
}

impl<'de> MapAccess<'de> for &mut Items<'_, 'de> {
    type Error = GiveUp;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> R<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        self.r.ws()?;
        let key = self.r.ident()?;
        self.r.ws()?;
        self.r.expect(b':')?;
        seed.deserialize(key.into_deserializer()).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> R<V::Value> {
        let v = seed.deserialize(&mut *self.r)?;
        self.done = !self.r.after_item(self.close)?;
        Ok(v)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = GiveUp;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> R<(V::Value, Self)> {
        self.ws()?;
        let name = self.ident()?;
        let v = seed.deserialize(name.into_deserializer())?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = GiveUp;
    fn unit_variant(self) -> R<()> {
        self.ws()?;
        // `Located()` is ron's to judge.
        if self.peek() == Some(b'(') {
            return Err(GiveUp);
        }
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> R<T::Value> {
        self.ws()?;
        self.expect(b'(')?;
        let v = seed.deserialize(&mut *self)?;
        self.ws()?;
        self.expect(b')')?;
        Ok(v)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> R<V::Value> {
        Err(GiveUp)
    }
    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], v: V) -> R<V::Value> {
        visit(Items::new(self, b'(', b')')?, |i| v.visit_map(i))
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> R<V::Value> {
        Err(GiveUp)
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        self.ws()?;
        match self.ident()? {
            "true" => v.visit_bool(true),
            "false" => v.visit_bool(false),
            _ => Err(GiveUp),
        }
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_u16(self.int()?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_u32(self.int()?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        v.visit_u64(self.int()?)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        self.ws()?;
        let n = self.number()?;
        v.visit_f64(n.parse().map_err(|_| GiveUp)?)
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        self.ws()?;
        match self.string()? {
            std::borrow::Cow::Borrowed(s) => v.visit_borrowed_str(s),
            std::borrow::Cow::Owned(s) => v.visit_string(s),
        }
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        self.deserialize_str(v)
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        self.ws()?;
        match self.ident()? {
            "None" => v.visit_none(),
            "Some" => {
                self.ws()?;
                self.expect(b'(')?;
                let x = v.visit_some(&mut *self)?;
                self.ws()?;
                self.expect(b')')?;
                Ok(x)
            }
            _ => Err(GiveUp),
        }
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        visit(Items::new(self, b'[', b']')?, |i| v.visit_seq(i))
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> R<V::Value> {
        visit(Items::new(self, b'(', b')')?, |i| v.visit_seq(i))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> R<V::Value> {
        self.ws()?;
        // A struct may be written with its name: `Dataset(…)`.
        if self.peek().is_some_and(|c| c.is_ascii_alphabetic()) && self.ident()? != name {
            return Err(GiveUp);
        }
        visit(Items::new(self, b'(', b')')?, |i| v.visit_map(i))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> R<V::Value> {
        v.visit_enum(self)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> R<V::Value> {
        self.ws()?;
        v.visit_borrowed_str(self.ident()?)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u128 f32 char bytes byte_buf unit unit_struct
        newtype_struct tuple_struct map ignored_any
    }
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
