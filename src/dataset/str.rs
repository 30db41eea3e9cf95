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

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Immutable text that clones by reference. Reads as a `&str` everywhere.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Str(Arc<str>);

impl Str {
    pub fn as_str(&self) -> &str {
        &self.0
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
        let index = WRITE.with(|w| {
            let mut w = w.borrow_mut();
            let w = w.as_mut()?;
            // By address: the same text read twice is mostly one allocation, and a string
            // written twice from two allocations costs only its bytes twice.
            let at = Arc::as_ptr(&self.0) as *const u8 as usize;
            Some(*w.ids.entry(at).or_insert_with(|| {
                w.kept.push(self.clone());
                w.table.push(self)
            }))
        });
        match index {
            Some(i) => s.serialize_u32(i),
            None => s.serialize_str(&self.0),
        }
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
        }
        if READ.with(|r| r.borrow().is_some()) {
            let i = u32::deserialize(d)?;
            return READ
                .with(|r| r.borrow_mut().as_mut().and_then(|r| r.get(i)))
                .ok_or_else(|| serde::de::Error::custom("a string the table does not have"));
        }
        d.deserialize_str(Visit)
    }
}

thread_local! {
    /// The strings of the dataset being read on this thread, while [`interning`] is on.
    static TABLE: RefCell<Option<FxHashSet<Str>>> = const { RefCell::new(None) };
    /// While [`writing_table`] is on: what has been written.
    static WRITE: RefCell<Option<Writing>> = const { RefCell::new(None) };
    /// While [`reading_table`] is on: the table, and the strings made from it on this thread.
    static READ: RefCell<Option<Reader>> = const { RefCell::new(None) };
}

/// The strings written in [`writing_table`] so far.
#[derive(Default)]
struct Writing {
    /// Each string's number, by its address.
    ids: FxHashMap<usize, u32>,
    /// The strings themselves, held so that no address is reused for other text meanwhile.
    kept: Vec<Str>,
    table: Table,
}

/// The strings of a serialized dataset, each (almost always) once: one block of text and where
/// each ends.
/// Written beside a dataset serialized in [`writing_table`], whose strings are then numbers.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Table {
    text: String,
    ends: Vec<u32>,
}

impl Table {
    fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        self.ends.len() as u32 - 1
    }

    fn get(&self, i: u32) -> Option<&str> {
        let i = i as usize;
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }
}

/// A thread's view of a shared [`Table`]: each string is made once per thread, so threads
/// reading one table never share (and contend for) a reference count.
struct Reader {
    table: Arc<Table>,
    made: Vec<Option<Str>>,
}

impl Reader {
    fn get(&mut self, i: u32) -> Option<Str> {
        let slot = self.made.get_mut(i as usize)?;
        if slot.is_none() {
            *slot = Some(Str::from(self.table.get(i)?));
        }
        slot.clone()
    }
}

/// Run `f`, writing every [`Str`] it serializes as its number in a table, and give the table.
pub fn writing_table<T>(f: impl FnOnce() -> T) -> (T, Table) {
    WRITE.with(|w| *w.borrow_mut() = Some(Writing::default()));
    struct Off;
    impl Drop for Off {
        fn drop(&mut self) {
            WRITE.with(|w| *w.borrow_mut() = None);
        }
    }
    let off = Off;
    let out = f();
    let table = WRITE.with(|w| w.borrow_mut().take().map(|w| w.table).unwrap_or_default());
    drop(off);
    (out, table)
}

/// Run `f`, reading every [`Str`] it deserializes as a number in `table`.
pub fn reading_table<T>(table: Arc<Table>, f: impl FnOnce() -> T) -> T {
    let made = vec![None; table.ends.len()];
    READ.with(|r| *r.borrow_mut() = Some(Reader { table, made }));
    struct Off;
    impl Drop for Off {
        fn drop(&mut self) {
            READ.with(|r| *r.borrow_mut() = None);
        }
    }
    let _off = Off;
    f()
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
    fn strings_written_through_a_table_read_back_through_it() {
        let shared = Str::from("电子商务");
        // The same text from another allocation (a string not read while interning).
        let again = Str::from("电子商务");
        let words: Vec<Str> = vec![shared.clone(), "金融".into(), shared, "".into(), again];
        let (bytes, table) = writing_table(|| postcard::to_stdvec(&words).unwrap());
        // Numbers, not text: the repeat costs one byte.
        assert!(bytes.len() < 8, "{bytes:?}");
        assert_eq!(table.ends.len(), 4, "one entry per allocation");
        let table = Arc::new(table);
        let back: Vec<Str> = reading_table(table.clone(), || postcard::from_bytes(&bytes).unwrap());
        assert_eq!(back, words);
        assert!(Arc::ptr_eq(&back[0].0, &back[2].0));
        // A number the table does not have is an error, not a panic.
        let bad = postcard::to_stdvec(&vec![7u32]).unwrap();
        let r: Result<Vec<Str>, _> = reading_table(table, || postcard::from_bytes(&bad));
        assert!(r.is_err());
    }

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
