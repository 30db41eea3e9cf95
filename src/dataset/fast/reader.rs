//! The fast reader's lexer and its serde `Deserializer`: the part of RON a dataset is written
//! in, read straight from the text, giving up on anything else.

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

/// The fast reader cannot read this: the file is read again by ron, whose diagnostics are the
/// ones shown. Never shown itself.
#[derive(Debug)]
pub struct FallBackToRon;

impl std::fmt::Display for FallBackToRon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not read by the fast reader")
    }
}

impl std::error::Error for FallBackToRon {}

impl de::Error for FallBackToRon {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        FallBackToRon
    }
}

/// What the fast reader read, or [`FallBackToRon`].
pub(super) type OrRon<T> = Result<T, FallBackToRon>;

pub(super) struct Reader<'de> {
    pub(super) s: &'de [u8],
    pub(super) at: usize,
    pub(super) text: &'de str,
}

impl<'de> Reader<'de> {
    pub(super) fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    pub(super) fn expect(&mut self, c: u8) -> OrRon<()> {
        if self.peek() == Some(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(FallBackToRon)
        }
    }

    /// Whitespace and comments (`//` to the end of the line, `/* … */` nested).
    pub(super) fn ws(&mut self) -> OrRon<()> {
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
                                (None, _) => return Err(FallBackToRon),
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
                    _ => return Err(FallBackToRon),
                },
                // Other Unicode whitespace ron accepts too; leave such files to it.
                Some(c) if c >= 0x80 => {
                    let ch = self.text[self.at..].chars().next().ok_or(FallBackToRon)?;
                    if ch.is_whitespace() {
                        return Err(FallBackToRon);
                    }
                    return Ok(());
                }
                _ => return Ok(()),
            }
        }
    }

    pub(super) fn ident(&mut self) -> OrRon<&'de str> {
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
            return Err(FallBackToRon);
        }
        Ok(&self.text[start..self.at])
    }

    /// A string literal without escapes is borrowed; the few escapes datasets use are decoded.
    fn string(&mut self) -> OrRon<std::borrow::Cow<'de, str>> {
        self.expect(b'"')?;
        let start = self.at;
        self.at += memchr::memchr2(b'"', b'\\', &self.s[start..]).ok_or(FallBackToRon)?;
        if self.s[self.at] == b'"' {
            let s = &self.text[start..self.at];
            self.at += 1;
            return Ok(s.into());
        }
        let mut out = self.text[start..self.at].to_string();
        loop {
            match self.peek() {
                None => return Err(FallBackToRon),
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
                        _ => return Err(FallBackToRon),
                    };
                    out.push(c);
                    self.at += 2;
                }
                Some(_) => {
                    let c = self.text[self.at..].chars().next().ok_or(FallBackToRon)?;
                    out.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
    }

    /// A decimal number's text: `-`, digits, one `.`, an exponent. Anything else is ron's.
    fn number(&mut self) -> OrRon<&'de str> {
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
            return Err(FallBackToRon);
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if digits(self) == 0 {
                return Err(FallBackToRon);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(FallBackToRon);
            }
        }
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.')
        {
            return Err(FallBackToRon);
        }
        Ok(&self.text[start..self.at])
    }

    /// Step over one value of any shape (for finding the platform list).
    pub(super) fn skip_value(&mut self) -> OrRon<()> {
        match self.peek().ok_or(FallBackToRon)? {
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
                    match self.peek().ok_or(FallBackToRon)? {
                        b',' => self.at += 1,
                        b':' => self.at += 1,
                        c if c == close => {}
                        _ => return Err(FallBackToRon),
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
    fn after_item(&mut self, close: u8) -> OrRon<bool> {
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
            _ => Err(FallBackToRon),
        }
    }

    fn int<T: std::str::FromStr>(&mut self) -> OrRon<T> {
        self.ws()?;
        let n = self.number()?;
        if n.contains(['.', 'e', 'E']) {
            return Err(FallBackToRon);
        }
        n.parse().map_err(|_| FallBackToRon)
    }
}

/// The comma-separated items of a list or tuple, up to `close`.
struct Items<'a, 'de> {
    r: &'a mut Reader<'de>,
    close: u8,
    done: bool,
}

impl<'a, 'de> Items<'a, 'de> {
    fn new(r: &'a mut Reader<'de>, open: u8, close: u8) -> OrRon<Self> {
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
    fn end(self) -> OrRon<()> {
        if self.done {
            return Ok(());
        }
        self.r.ws()?;
        self.r.expect(self.close)
    }
}

/// Visit a list, tuple or struct body and check that it ended where the visitor stopped.
fn visit<'de, T>(
    mut items: Items<'_, 'de>,
    f: impl FnOnce(&mut Items<'_, 'de>) -> OrRon<T>,
) -> OrRon<T> {
    let v = f(&mut items)?;
    items.end()?;
    Ok(v)
}

impl<'de> SeqAccess<'de> for &mut Items<'_, 'de> {
    type Error = FallBackToRon;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> OrRon<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        let v = seed.deserialize(&mut *self.r)?;
        self.done = !self.r.after_item(self.close)?;
        Ok(Some(v))
    }
}

impl<'de> MapAccess<'de> for &mut Items<'_, 'de> {
    type Error = FallBackToRon;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> OrRon<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        self.r.ws()?;
        let key = self.r.ident()?;
        self.r.ws()?;
        self.r.expect(b':')?;
        seed.deserialize(key.into_deserializer()).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> OrRon<V::Value> {
        let v = seed.deserialize(&mut *self.r)?;
        self.done = !self.r.after_item(self.close)?;
        Ok(v)
    }
}

impl<'de> de::EnumAccess<'de> for &mut Reader<'de> {
    type Error = FallBackToRon;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> OrRon<(V::Value, Self)> {
        self.ws()?;
        let name = self.ident()?;
        let v = seed.deserialize(name.into_deserializer())?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Reader<'de> {
    type Error = FallBackToRon;
    fn unit_variant(self) -> OrRon<()> {
        self.ws()?;
        // `Located()` is ron's to judge.
        if self.peek() == Some(b'(') {
            return Err(FallBackToRon);
        }
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> OrRon<T::Value> {
        self.ws()?;
        self.expect(b'(')?;
        let v = seed.deserialize(&mut *self)?;
        self.ws()?;
        self.expect(b')')?;
        Ok(v)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> OrRon<V::Value> {
        Err(FallBackToRon)
    }
    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], v: V) -> OrRon<V::Value> {
        visit(Items::new(self, b'(', b')')?, |i| v.visit_map(i))
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = FallBackToRon;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> OrRon<V::Value> {
        Err(FallBackToRon)
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> OrRon<V::Value> {
        self.ws()?;
        match self.ident()? {
            "true" => v.visit_bool(true),
            "false" => v.visit_bool(false),
            _ => Err(FallBackToRon),
        }
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> OrRon<V::Value> {
        v.visit_u16(self.int()?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> OrRon<V::Value> {
        v.visit_u32(self.int()?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> OrRon<V::Value> {
        v.visit_u64(self.int()?)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> OrRon<V::Value> {
        self.ws()?;
        let n = self.number()?;
        v.visit_f64(n.parse().map_err(|_| FallBackToRon)?)
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> OrRon<V::Value> {
        self.ws()?;
        match self.string()? {
            std::borrow::Cow::Borrowed(s) => v.visit_borrowed_str(s),
            std::borrow::Cow::Owned(s) => v.visit_string(s),
        }
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> OrRon<V::Value> {
        self.deserialize_str(v)
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> OrRon<V::Value> {
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
            _ => Err(FallBackToRon),
        }
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> OrRon<V::Value> {
        visit(Items::new(self, b'[', b']')?, |i| v.visit_seq(i))
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> OrRon<V::Value> {
        visit(Items::new(self, b'(', b')')?, |i| v.visit_seq(i))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> OrRon<V::Value> {
        self.ws()?;
        // A struct may be written with its name: `Dataset(…)`.
        if self.peek().is_some_and(|c| c.is_ascii_alphabetic()) && self.ident()? != name {
            return Err(FallBackToRon);
        }
        visit(Items::new(self, b'(', b')')?, |i| v.visit_map(i))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> OrRon<V::Value> {
        v.visit_enum(self)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> OrRon<V::Value> {
        self.ws()?;
        v.visit_borrowed_str(self.ident()?)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u128 f32 char bytes byte_buf unit unit_struct
        newtype_struct tuple_struct map ignored_any
    }
}
