//! The cache's string table. A part of an entry is written through [`Tabled`], which puts each
//! string as its number in a [`Table`] written before the part, and read back through
//! [`TableReader`], which turns the numbers into the table's strings: a large dataset says the
//! same few hundred industries, aliases and roads again and again, and each is written once.
//!
//! Both are serde wrappers around any serializer or deserializer: every string the value
//! writes, at any depth, goes through them, and nothing else changes how a string serializes.

use std::cell::RefCell;
use std::fmt;

use rustc_hash::FxHashMap;
use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde::ser::{self, Serialize, Serializer};
use serde::{Deserialize, Serialize as SerializeDerive};

/// The strings of a part, each (almost always) once: one block of text and where each ends.
#[derive(Debug, Default, SerializeDerive, Deserialize)]
pub(super) struct Table {
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

/// `value` serialized with postcard, its strings as numbers, after the table of those strings.
pub(super) fn to_bytes<T: Serialize + ?Sized>(value: &T) -> postcard::Result<Vec<u8>> {
    let numbers = RefCell::new(Numbers::default());
    let body = postcard::to_stdvec(&Tabled {
        value,
        numbers: &numbers,
    })?;
    let mut out = postcard::to_stdvec(&numbers.into_inner().table)?;
    out.extend(body);
    Ok(out)
}

/// Read what [`to_bytes`] wrote.
pub(super) fn from_bytes<T: de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    let (table, body) = postcard::take_from_bytes::<Table>(bytes).ok()?;
    let mut de = postcard::Deserializer::from_bytes(body);
    // Equal strings read back are one allocation, as when the dataset was first read.
    crate::dataset::interning(|| {
        T::deserialize(TableReader {
            inner: &mut de,
            table: &table,
        })
        .ok()
    })
}

/// The strings written so far and their numbers.
#[derive(Default)]
struct Numbers {
    /// Each string's number by where its text is and its length: the same text read twice is
    /// mostly one allocation. A string made only to be written may be at an address another
    /// had, so a number found this way is used only for the same text.
    ids: FxHashMap<(usize, usize), u32>,
    table: Table,
}

impl Numbers {
    fn number(&mut self, s: &str) -> u32 {
        let at = (s.as_ptr() as usize, s.len());
        if let Some(&i) = self.ids.get(&at)
            && self.table.get(i) == Some(s)
        {
            return i;
        }
        let i = self.table.push(s);
        self.ids.insert(at, i);
        i
    }
}

/// A value to serialize with its strings as numbers in a table.
struct Tabled<'a, T: ?Sized> {
    value: &'a T,
    numbers: &'a RefCell<Numbers>,
}

impl<T: Serialize + ?Sized> Serialize for Tabled<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(TableWriter {
            inner: s,
            numbers: self.numbers,
        })
    }
}

/// A serializer, or one of its compound serializers, that writes strings as their numbers.
struct TableWriter<'a, S> {
    inner: S,
    numbers: &'a RefCell<Numbers>,
}

macro_rules! forward_ser {
    ($($f:ident($t:ty)),* $(,)?) => {
        $(fn $f(self, v: $t) -> Result<S::Ok, S::Error> {
            self.inner.$f(v)
        })*
    };
}

impl<'a, S: Serializer> Serializer for TableWriter<'a, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = TableWriter<'a, S::SerializeSeq>;
    type SerializeTuple = TableWriter<'a, S::SerializeTuple>;
    type SerializeTupleStruct = TableWriter<'a, S::SerializeTupleStruct>;
    type SerializeTupleVariant = TableWriter<'a, S::SerializeTupleVariant>;
    type SerializeMap = TableWriter<'a, S::SerializeMap>;
    type SerializeStruct = TableWriter<'a, S::SerializeStruct>;
    type SerializeStructVariant = TableWriter<'a, S::SerializeStructVariant>;

    forward_ser!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_unit_struct(&'static str),
    );

    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        let i = self.numbers.borrow_mut().number(v);
        self.inner.serialize_u32(i)
    }

    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_none()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<S::Ok, S::Error> {
        let v = Tabled {
            value: v,
            numbers: self.numbers,
        };
        self.inner.serialize_some(&v)
    }

    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.inner.serialize_unit_variant(name, index, variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        let v = Tabled {
            value: v,
            numbers: self.numbers,
        };
        self.inner.serialize_newtype_struct(name, &v)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<S::Ok, S::Error> {
        let v = Tabled {
            value: v,
            numbers: self.numbers,
        };
        self.inner
            .serialize_newtype_variant(name, index, variant, &v)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        let inner = self.inner.serialize_seq(len)?;
        Ok(TableWriter {
            inner,
            numbers: self.numbers,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        let inner = self.inner.serialize_tuple(len)?;
        Ok(TableWriter {
            inner,
            numbers: self.numbers,
        })
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        let inner = self.inner.serialize_tuple_struct(name, len)?;
        Ok(TableWriter {
            inner,
            numbers: self.numbers,
        })
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        let inner = self
            .inner
            .serialize_tuple_variant(name, index, variant, len)?;
        Ok(TableWriter {
            inner,
            numbers: self.numbers,
        })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        let inner = self.inner.serialize_map(len)?;
        Ok(TableWriter {
            inner,
            numbers: self.numbers,
        })
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        let inner = self.inner.serialize_struct(name, len)?;
        Ok(TableWriter {
            inner,
            numbers: self.numbers,
        })
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        let inner = self
            .inner
            .serialize_struct_variant(name, index, variant, len)?;
        Ok(TableWriter {
            inner,
            numbers: self.numbers,
        })
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

macro_rules! compound {
    ($trait:ident, $f:ident) => {
        impl<S: ser::$trait> ser::$trait for TableWriter<'_, S> {
            type Ok = S::Ok;
            type Error = S::Error;
            fn $f<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
                self.inner.$f(&Tabled {
                    value: v,
                    numbers: self.numbers,
                })
            }
            fn end(self) -> Result<S::Ok, S::Error> {
                self.inner.end()
            }
        }
    };
}

compound!(SerializeSeq, serialize_element);
compound!(SerializeTuple, serialize_element);
compound!(SerializeTupleStruct, serialize_field);
compound!(SerializeTupleVariant, serialize_field);

impl<S: ser::SerializeMap> ser::SerializeMap for TableWriter<'_, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), S::Error> {
        self.inner.serialize_key(&Tabled {
            value: k,
            numbers: self.numbers,
        })
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), S::Error> {
        self.inner.serialize_value(&Tabled {
            value: v,
            numbers: self.numbers,
        })
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.inner.end()
    }
}

macro_rules! fields {
    ($trait:ident) => {
        impl<S: ser::$trait> ser::$trait for TableWriter<'_, S> {
            type Ok = S::Ok;
            type Error = S::Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), S::Error> {
                self.inner.serialize_field(
                    key,
                    &Tabled {
                        value: v,
                        numbers: self.numbers,
                    },
                )
            }
            fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
                self.inner.skip_field(key)
            }
            fn end(self) -> Result<S::Ok, S::Error> {
                self.inner.end()
            }
        }
    };
}

fields!(SerializeStruct);
fields!(SerializeStructVariant);

/// A deserializer, or one of its accessors, that reads strings as their numbers in `table`.
struct TableReader<'t, D> {
    inner: D,
    table: &'t Table,
}

impl<'t, D> TableReader<'t, D> {
    fn with<E>(&self, inner: E) -> TableReader<'t, E> {
        TableReader {
            inner,
            table: self.table,
        }
    }
}

macro_rules! forward_de {
    ($($f:ident($($a:ident: $t:ty),*)),* $(,)?) => {
        $(fn $f<V: Visitor<'de>>(self, $($a: $t,)* visitor: V) -> Result<V::Value, D::Error> {
            let visitor = self.with(visitor);
            self.inner.$f($($a,)* visitor)
        })*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for TableReader<'_, D> {
    type Error = D::Error;

    forward_de!(
        deserialize_any(),
        deserialize_bool(),
        deserialize_i8(),
        deserialize_i16(),
        deserialize_i32(),
        deserialize_i64(),
        deserialize_i128(),
        deserialize_u8(),
        deserialize_u16(),
        deserialize_u32(),
        deserialize_u64(),
        deserialize_u128(),
        deserialize_f32(),
        deserialize_f64(),
        deserialize_char(),
        deserialize_bytes(),
        deserialize_byte_buf(),
        deserialize_option(),
        deserialize_unit(),
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_seq(),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_map(),
        deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(),
        deserialize_ignored_any(),
    );

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let i = u32::deserialize(self.inner)?;
        let s = self
            .table
            .get(i)
            .ok_or_else(|| de::Error::custom("a string the table does not have"))?;
        visitor.visit_str(s)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.deserialize_str(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($f:ident($t:ty)),* $(,)?) => {
        $(fn $f<E: de::Error>(self, v: $t) -> Result<V::Value, E> {
            self.inner.$f(v)
        })*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for TableReader<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_f32(f32),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    );

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let d = self.with(d);
        self.inner.visit_some(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let d = self.with(d);
        self.inner.visit_newtype_struct(d)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let seq = self.with(seq);
        self.inner.visit_seq(seq)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let map = self.with(map);
        self.inner.visit_map(map)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        let data = self.with(data);
        self.inner.visit_enum(data)
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for TableReader<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        let d = self.with(d);
        self.inner.deserialize(d)
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for TableReader<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let seed = self.with(seed);
        self.inner.next_element_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for TableReader<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let seed = self.with(seed);
        self.inner.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        let seed = self.with(seed);
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'t, 'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for TableReader<'t, A> {
    type Error = A::Error;
    type Variant = TableReader<'t, A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let seed = self.with(seed);
        let table = self.table;
        let (value, variant) = self.inner.variant_seed(seed)?;
        Ok((
            value,
            TableReader {
                inner: variant,
                table,
            },
        ))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for TableReader<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        let seed = self.with(seed);
        self.inner.newtype_variant_seed(seed)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let visitor = self.with(visitor);
        self.inner.tuple_variant(len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let visitor = self.with(visitor);
        self.inner.struct_variant(fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Str;

    #[test]
    fn strings_written_through_a_table_read_back_through_it() {
        let shared = Str::from("电子商务");
        // The same text from another allocation.
        let again = Str::from("电子商务");
        let words: Vec<Str> = vec![shared.clone(), "金融".into(), shared, "".into(), again];
        let bytes = to_bytes(&words).unwrap();
        let (table, body) = postcard::take_from_bytes::<Table>(&bytes).unwrap();
        // Numbers, not text: the repeat costs one byte.
        assert!(body.len() < 8, "{body:?}");
        assert_eq!(table.ends.len(), 4, "one entry per allocation");
        let back: Vec<Str> = from_bytes(&bytes).unwrap();
        assert_eq!(back, words);
        assert_eq!(
            back[0].holders(),
            3,
            "equal strings read back are one allocation"
        );
        // Strings at every depth: in options, maps, tuples and enums.
        type Nested = (Option<String>, Vec<(Str, u8)>, Result<Str, String>);
        let nested: Nested = (
            Some("拱墅".into()),
            vec![("运河".into(), 1), ("拱墅".into(), 2)],
            Err("运河".into()),
        );
        assert_eq!(
            from_bytes::<Nested>(&to_bytes(&nested).unwrap()),
            Some(nested)
        );
        // A number the table does not have is an error, not a panic.
        let mut bad = postcard::to_stdvec(&Table::default()).unwrap();
        bad.extend(postcard::to_stdvec(&vec![7u32]).unwrap());
        assert!(from_bytes::<Vec<Str>>(&bad).is_none());
    }
}
