//! [`Str`]: the dataset's text, shared rather than copied.
//!
//! A large dataset says the same things again and again: 100,000 platforms name the same few
//! hundred industries, aliases and roads. Each distinct string read while [`interning`] is on is
//! stored once and shared by reference count, which makes a large dataset several times smaller
//! in memory and faster to read (most strings cost a hash lookup instead of an allocation).

use std::borrow::Borrow;
use std::cell::RefCell;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Immutable text that clones by reference. Reads as a `&str` everywhere.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Str(Arc<str>);

impl Str {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Where this text is held: equal for two values sharing it (a read dataset's repeated
    /// strings), so a cheap key for a cache in front of a lookup by text.
    pub fn addr(&self) -> usize {
        Arc::as_ptr(&self.0).cast::<u8>() as usize
    }

    /// How many values hold this very text (1: this one alone).
    pub fn holders(&self) -> usize {
        Arc::strong_count(&self.0)
    }
}

impl Default for Str {
    fn default() -> Str {
        Str(Arc::from(""))
    }
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str(Arc::from(s))
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str(Arc::from(s))
    }
}

impl From<&String> for Str {
    fn from(s: &String) -> Str {
        Str(Arc::from(s.as_str()))
    }
}

impl From<Str> for String {
    fn from(s: Str) -> String {
        s.0.to_string()
    }
}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Str {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Str> for str {
    fn eq(&self, other: &Str) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Str> for String {
    fn eq(&self, other: &Str) -> bool {
        **self == *other.0
    }
}

impl Serialize for Str {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Str {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Str, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Str;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Str, E> {
                Ok(intern(v))
            }
            // A binary format (postcard) writes text as it writes bytes; checked here with
            // SIMD, which is several times faster than std's check on Chinese text.
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Str, E> {
                match simdutf8::basic::from_utf8(v) {
                    Ok(v) => Ok(intern(v)),
                    Err(_) => Err(E::invalid_value(serde::de::Unexpected::Bytes(v), &self)),
                }
            }
        }
        if d.is_human_readable() {
            d.deserialize_str(Visit)
        } else {
            d.deserialize_bytes(Visit)
        }
    }
}

thread_local! {
    /// The strings of the dataset being read on this thread, while [`interning`] is on.
    static TABLE: RefCell<Option<FxHashSet<Str>>> = const { RefCell::new(None) };
}

fn intern(v: &str) -> Str {
    TABLE.with(|t| match t.borrow_mut().as_mut() {
        Some(table) => match table.get(v) {
            Some(s) => s.clone(),
            None => {
                let s = Str::from(v);
                table.insert(s.clone());
                s
            }
        },
        None => Str::from(v),
    })
}

/// Run `f` with every [`Str`] it deserializes on this thread shared with its equals.
pub fn interning<T>(f: impl FnOnce() -> T) -> T {
    struct Off(bool);
    impl Drop for Off {
        fn drop(&mut self) {
            if !self.0 {
                TABLE.with(|t| *t.borrow_mut() = None);
            }
        }
    }
    // Nested calls share the outer table.
    let nested = TABLE.with(|t| {
        let mut t = t.borrow_mut();
        let on = t.is_some();
        if !on {
            *t = Some(FxHashSet::default());
        }
        on
    });
    let _off = Off(nested);
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_strings_read_while_interning_are_one_allocation() {
        let (a, b): (Vec<Str>, Vec<Str>) = interning(|| {
            (
                ron::from_str(r#"["电子商务", "金融"]"#).unwrap(),
                ron::from_str(r#"["金融", "电子商务"]"#).unwrap(),
            )
        });
        assert_eq!(a[0], b[1]);
        assert!(Arc::ptr_eq(&a[0].0, &b[1].0));
        assert!(Arc::ptr_eq(&a[1].0, &b[0].0));
        // Outside, every string is its own.
        let c: Vec<Str> = ron::from_str(r#"["金融", "金融"]"#).unwrap();
        assert!(!Arc::ptr_eq(&c[0].0, &c[1].0));
    }
}
