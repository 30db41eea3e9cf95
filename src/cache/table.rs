//! The cache's copy of the platform fields, with every string as its number in a table written
//! once before them: a large dataset says the same few hundred industries, aliases and roads
//! again and again, and each is written and allocated once per part. Reading a number back is an
//! index into the table's strings, so equal strings read back share one allocation.
//!
//! The copy mirrors [`Platform`] field for field, with its lists kept end to end in a few flat
//! arrays per part; both conversions destructure every struct whole, so a field added to the
//! schema does not compile until it is added here too.
//! Everything read is untrusted: a number outside the table makes the part unreadable (`None`).

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::dataset::{Area, Industry, IndustryRole, Kind, Outline, Platform, Str, Text};

/// The strings of a part, each once: one block of text and where each ends.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Table {
    text: String,
    ends: Vec<u32>,
}

/// A string's number in its part's [`Table`].
type Id = u32;

/// Where a list is in one of its part's flat arrays: start and length. Lists are kept end to end
/// so that reading a part allocates only the platforms it makes, not a list per field.
type Span = (u32, u32);

#[derive(Clone, Copy, Serialize, Deserialize)]
struct TextIds {
    zh: Id,
    en: Id,
}

#[derive(Serialize, Deserialize)]
enum AreaIds {
    /// East, south, west, north: spans of [`Part::ids`].
    Bounded([Span; 4]),
    Located,
}

#[derive(Serialize, Deserialize)]
struct IndustryIds {
    zh: Id,
    en: Id,
    role: IndustryRole,
    /// A span of [`Part::ids`].
    aliases: Span,
}

#[derive(Serialize, Deserialize)]
struct PlatformIds {
    id: String,
    number: u32,
    name: TextIds,
    /// A span of [`Part::texts`].
    other_names: Span,
    kind: Kind,
    kind_as_written: Option<TextIds>,
    area: AreaIds,
    area_text: TextIds,
    /// A span of [`Part::industries`].
    industries: Span,
    industries_text: TextIds,
    outline: Outline,
}

/// A part of an entry's platforms, after its table of strings.
#[derive(Default, Serialize, Deserialize)]
struct Part {
    platforms: Vec<PlatformIds>,
    industries: Vec<IndustryIds>,
    texts: Vec<TextIds>,
    ids: Vec<Id>,
}

/// Platforms as a part of an entry: the table of their strings, then the platforms with numbers
/// for strings, both with postcard.
pub(super) fn to_bytes(platforms: &[Platform]) -> postcard::Result<Vec<u8>> {
    let mut numbers = Numbers::default();
    let mut part = Part::default();
    for p in platforms {
        let copy = numbers.platform(p, &mut part);
        part.platforms.push(copy);
    }
    let mut out = postcard::to_stdvec(&numbers.table)?;
    out.extend(postcard::to_stdvec(&part)?);
    Ok(out)
}

/// Read what [`to_bytes`] wrote; `None` if it is not that.
pub(super) fn from_bytes(bytes: &[u8]) -> Option<Vec<Platform>> {
    let (table, rest) = postcard::take_from_bytes::<Table>(bytes).ok()?;
    let mut part: Part = postcard::from_bytes(rest).ok()?;
    let strings = Strings::of(&table)?;
    let copies = std::mem::take(&mut part.platforms);
    copies
        .into_iter()
        .map(|p| strings.platform(p, &part))
        .collect()
}

/// The strings written so far and their numbers, by where each string is: a dataset read with
/// interning holds each distinct text once, so its address names it, and hashing an address is
/// far cheaper than hashing the text (at 100,000 platforms the texts took 100 ms). Every string
/// is borrowed for as long as this lives, so one address is always one text; equal texts at two
/// addresses are written twice, which only costs bytes.
#[derive(Default)]
struct Numbers {
    ids: FxHashMap<(usize, usize), Id>,
    table: Table,
}

/// `items` pushed onto `all`, and where they went.
fn span_of<T>(all: &mut Vec<T>, items: impl IntoIterator<Item = T>) -> Span {
    let start = all.len();
    all.extend(items);
    (start as u32, (all.len() - start) as u32)
}

impl<'a> Numbers {
    fn id(&mut self, s: &'a str) -> Id {
        let at = (s.as_ptr() as usize, s.len());
        if let Some(&id) = self.ids.get(&at) {
            return id;
        }
        self.table.text.push_str(s);
        self.table.ends.push(self.table.text.len() as u32);
        let id = self.table.ends.len() as Id - 1;
        self.ids.insert(at, id);
        id
    }

    fn ids(&mut self, strs: &'a [Str], part: &mut Part) -> Span {
        let ids: Vec<Id> = strs.iter().map(|s| self.id(s)).collect();
        span_of(&mut part.ids, ids)
    }

    fn text(&mut self, t: &'a Text) -> TextIds {
        TextIds {
            zh: self.id(&t.zh),
            en: self.id(&t.en),
        }
    }

    fn platform(&mut self, p: &'a Platform, part: &mut Part) -> PlatformIds {
        let Platform {
            id,
            number,
            name,
            other_names,
            kind,
            kind_as_written,
            area,
            area_text,
            industries,
            industries_text,
            outline,
        } = p;
        let others: Vec<TextIds> = other_names.iter().map(|t| self.text(t)).collect();
        let mut copies = Vec::with_capacity(industries.len());
        for i in industries {
            let Industry {
                zh,
                en,
                role,
                aliases,
            } = i;
            copies.push(IndustryIds {
                zh: self.id(zh),
                en: self.id(en),
                role: *role,
                aliases: self.ids(aliases, part),
            });
        }
        PlatformIds {
            id: id.clone(),
            number: *number,
            name: self.text(name),
            other_names: span_of(&mut part.texts, others),
            kind: *kind,
            kind_as_written: kind_as_written.as_ref().map(|t| self.text(t)),
            area: match area {
                Area::Bounded {
                    east,
                    south,
                    west,
                    north,
                } => AreaIds::Bounded([
                    self.ids(east, part),
                    self.ids(south, part),
                    self.ids(west, part),
                    self.ids(north, part),
                ]),
                Area::Located => AreaIds::Located,
            },
            area_text: self.text(area_text),
            industries: span_of(&mut part.industries, copies),
            industries_text: self.text(industries_text),
            outline: outline.clone(),
        }
    }
}

/// A part's table as shared strings, by number.
struct Strings(Vec<Str>);

/// The items of `all` that `span` names; `None` if it reaches past them.
fn in_span<T>(all: &[T], (start, len): Span) -> Option<&[T]> {
    let start = start as usize;
    all.get(start..start.checked_add(len as usize)?)
}

impl Strings {
    /// `None` if the ends are out of order, past the text, or not at character boundaries.
    fn of(table: &Table) -> Option<Strings> {
        let mut start = 0;
        let mut strs = Vec::with_capacity(table.ends.len());
        for &end in &table.ends {
            let end = end as usize;
            strs.push(Str::from(table.text.get(start..end)?));
            start = end;
        }
        Some(Strings(strs))
    }

    fn get(&self, id: Id) -> Option<Str> {
        self.0.get(id as usize).cloned()
    }

    fn all(&self, part: &Part, span: Span) -> Option<Vec<Str>> {
        in_span(&part.ids, span)?
            .iter()
            .map(|&id| self.get(id))
            .collect()
    }

    fn text(&self, t: TextIds) -> Option<Text> {
        Some(Text {
            zh: self.get(t.zh)?,
            en: self.get(t.en)?,
        })
    }

    fn platform(&self, p: PlatformIds, part: &Part) -> Option<Platform> {
        let PlatformIds {
            id,
            number,
            name,
            other_names,
            kind,
            kind_as_written,
            area,
            area_text,
            industries,
            industries_text,
            outline,
        } = p;
        Some(Platform {
            id,
            number,
            name: self.text(name)?,
            other_names: in_span(&part.texts, other_names)?
                .iter()
                .map(|&t| self.text(t))
                .collect::<Option<_>>()?,
            kind,
            kind_as_written: match kind_as_written {
                Some(t) => Some(self.text(t)?),
                None => None,
            },
            area: match area {
                AreaIds::Bounded([east, south, west, north]) => Area::Bounded {
                    east: self.all(part, east)?,
                    south: self.all(part, south)?,
                    west: self.all(part, west)?,
                    north: self.all(part, north)?,
                },
                AreaIds::Located => Area::Located,
            },
            area_text: self.text(area_text)?,
            industries: in_span(&part.industries, industries)?
                .iter()
                .map(|i| {
                    Some(Industry {
                        zh: self.get(i.zh)?,
                        en: self.get(i.en)?,
                        role: i.role,
                        aliases: self.all(part, i.aliases)?,
                    })
                })
                .collect::<Option<_>>()?,
            industries_text: self.text(industries_text)?,
            outline,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platforms() -> Vec<Platform> {
        crate::dataset::embedded().platforms
    }

    #[test]
    fn platforms_read_back_as_they_were_written() {
        let before = platforms();
        let after = from_bytes(&to_bytes(&before).unwrap()).unwrap();
        // The schema has no PartialEq for every type: compare as RON, which shows every field.
        let ron = |p: &[Platform]| ron::to_string(p).unwrap();
        assert_eq!(ron(&after), ron(&before));
    }

    #[test]
    fn each_string_is_written_once_and_read_back_shared() {
        let mut two = platforms();
        two.truncate(2);
        two[1].industries[0].zh = two[0].industries[0].zh.clone();
        let bytes = to_bytes(&two).unwrap();
        let (table, _) = postcard::take_from_bytes::<Table>(&bytes).unwrap();
        let text = &two[0].industries[0].zh;
        let strings = Strings::of(&table).unwrap();
        let times = strings.0.iter().filter(|s| *s == text).count();
        assert_eq!(times, 1, "{text} in the table {times} times");
        assert_eq!(strings.0.len(), table.ends.len());
        let back = from_bytes(&bytes).unwrap();
        assert!(back[0].industries[0].zh.holders() >= 2);
    }

    #[test]
    fn a_number_outside_the_table_or_a_torn_table_is_refused() {
        let one = &platforms()[..1];
        let bytes = to_bytes(one).unwrap();
        let (table, rest) = postcard::take_from_bytes::<Table>(&bytes).unwrap();
        // The same platforms against a table one string short.
        let mut short = Table {
            text: table.text.clone(),
            ends: table.ends.clone(),
        };
        short.ends.pop();
        let mut bad = postcard::to_stdvec(&short).unwrap();
        bad.extend_from_slice(rest);
        assert!(from_bytes(&bad).is_none());
        // An end inside a character, and ends out of order.
        for ends in [vec![1], vec![6, 3]] {
            let torn = Table {
                text: "电子商务".into(),
                ends,
            };
            assert!(Strings::of(&torn).is_none());
        }
        // Truncated anywhere, the part is refused, never misread.
        for cut in 0..bytes.len() {
            assert!(from_bytes(&bytes[..cut]).is_none(), "cut at {cut}");
        }
    }
}
