//! Building an [`Index`]. A large dataset is indexed in chunks of its platforms on several
//! threads, and the chunks are merged in order: keys and groups keep the numbers of their first
//! use in the whole dataset, so the merged index is the one a single thread builds, to the byte.
//!
//! Most of the work is per key (folding, pinyin, sieves: 200,000 names at 100,000 platforms),
//! and a chunk does it only for its own keys; merging copies what a chunk worked out.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};

use super::normalize::is_blank;
use super::term::Terms;
use super::{
    BOUNDARY, INDUSTRY, Index, KIND, MAX_THREADS, Member, NAME, OTHER_NAME, PARALLEL_FROM, Ref,
    pinyin, skim,
};
use crate::dataset::{Area, Dataset, Kind, Platform, Text};

impl Index {
    pub fn new(d: &Dataset) -> Index {
        let threads = if d.platforms.len() < PARALLEL_FROM {
            1
        } else {
            rayon::current_num_threads().min(MAX_THREADS)
        };
        build(d, threads)
    }
}

/// [`Index::new`] in `threads` chunks, built side by side.
pub(super) fn build(d: &Dataset, threads: usize) -> Index {
    let names = Names::new(d);
    let per_chunk = d.platforms.len().div_ceil(threads.max(1)).max(1);
    let mut chunks: Vec<Chunk> = if threads <= 1 {
        vec![Chunk::build(&names, &d.platforms)]
    } else {
        d.platforms
            .par_chunks(per_chunk)
            .map(|c| Chunk::build(&names, c))
            .collect()
    };
    let rest = chunks.split_off(1.min(chunks.len()));
    let mut whole = match chunks.pop() {
        Some(first) => first,
        None => Chunk::build(&names, &[]),
    };
    for chunk in rest {
        whole.append(chunk);
    }
    let b = whole.builder;
    Index {
        terms: b.terms,
        members: b.members,
        group_starts: b.group_starts,
        refs: whole.refs,
        offsets: whole.offsets,
        numbers: d.platforms.iter().map(|p| p.number).collect(),
        numbered_in_order: d.platforms.is_sorted_by_key(|p| p.number),
        skim: skim(),
    }
}

/// What is looked up once per distinct value rather than once per platform.
struct Names<'d> {
    boundary_en: FxHashMap<&'d str, String>,
    kinds: FxHashMap<Kind, Text>,
}

impl<'d> Names<'d> {
    fn new(d: &'d Dataset) -> Names<'d> {
        let mut boundary_en: FxHashMap<&str, String> = FxHashMap::default();
        let mut kinds = FxHashMap::default();
        for p in &d.platforms {
            for n in p.area.boundary_names() {
                if !boundary_en.contains_key(n.as_str()) {
                    boundary_en.insert(n.as_str(), d.boundary_en(n));
                }
            }
            kinds.entry(p.kind).or_insert_with(|| p.kind.name());
        }
        Names { boundary_en, kinds }
    }
}

/// The index of a run of platforms, numbered as if they were the whole dataset.
struct Chunk<'d> {
    builder: Builder<'d>,
    refs: Vec<Ref>,
    /// Platform `p` of the run uses `refs[offsets[p]..offsets[p + 1]]`.
    offsets: Vec<u32>,
}

impl<'d> Chunk<'d> {
    fn build(names: &'d Names<'d>, platforms: &'d [Platform]) -> Chunk<'d> {
        let mut b = Builder::for_platforms(platforms.len());
        let mut refs = Vec::new();
        let mut offsets = Vec::with_capacity(platforms.len() + 1);
        offsets.push(0);
        for p in platforms {
            b.platform(names, p, &mut refs);
            offsets.push(refs.len() as u32);
        }
        Chunk {
            builder: b,
            refs,
            offsets,
        }
    }

    /// The platforms of `next`, which follow these, as if this chunk had gone on to index them.
    fn append(&mut self, next: Chunk<'d>) {
        let b = &mut self.builder;
        // Keys in the order `next` first used them, so a new key gets the number it would have
        // had; likewise groups.
        let terms: Vec<u32> = next
            .builder
            .texts
            .iter()
            .enumerate()
            .map(
                |(id, &(text, fuzzy))| match b.term_ids[fuzzy as usize].get(text) {
                    Some(&id) => id,
                    None => {
                        let new = b.terms.push_from(&next.builder.terms, id as u32);
                        b.term_ids[fuzzy as usize].insert(text, new);
                        b.texts.push((text, fuzzy));
                        new
                    }
                },
            )
            .collect();
        let groups: Vec<u32> = next
            .builder
            .group_starts
            .windows(2)
            .map(|w| {
                let from = b.members.len();
                b.members.extend(
                    next.builder.members[w[0] as usize..w[1] as usize]
                        .iter()
                        .map(|m| Member {
                            term: terms[m.term as usize],
                            en: m.en,
                            alias_of: m.alias_of.map(|a| terms[a as usize]),
                        }),
                );
                b.group(from)
            })
            .collect();
        let base = self.refs.len() as u32;
        self.refs.extend(
            next.refs
                .iter()
                .map(|r| Ref::new(groups[r.group() as usize], r.kind())),
        );
        self.offsets
            .extend(next.offsets[1..].iter().map(|o| o + base));
    }
}

/// Builds the keys and groups of an index. A dataset of 100,000 platforms repeats the same few
/// hundred industries, roads and kinds: a repeat is one hash lookup of the borrowed text, with
/// no allocation. Groups are kept end to end in one array, as the index keeps them, rather
/// than each in a vector of its own: at 100,000 platforms that was 300,000 allocations and
/// as many copies for the map that finds repeats.
struct Builder<'d> {
    terms: Terms,
    /// Term ids by text, one map for fuzzy keys and one for the rest.
    term_ids: [FxHashMap<&'d str, u32>; 2],
    /// Each term's text and whether it is fuzzy, by id.
    texts: Vec<(&'d str, bool)>,
    /// Every group's members; group `g` is `members[group_starts[g]..group_starts[g + 1]]`.
    members: Vec<Member>,
    group_starts: Vec<u32>,
    /// Group ids, found by their members.
    group_ids: HashTable<u32>,
    /// A platform's boundary texts, kept to be reused for the next.
    boundary: Vec<(&'d str, bool)>,
}

impl Builder<'_> {
    /// A builder with room for `platforms` platforms' distinct names and groups (about two of
    /// each a platform: its name and its boundary), so its tables do not grow step by step.
    fn for_platforms(platforms: usize) -> Self {
        let each = 2 * platforms + 64;
        let mut group_starts = Vec::with_capacity(each + 1);
        group_starts.push(0);
        Builder {
            terms: Terms::default(),
            term_ids: [
                FxHashMap::with_capacity_and_hasher(each, FxBuildHasher),
                FxHashMap::default(),
            ],
            texts: Vec::with_capacity(each),
            members: Vec::with_capacity(8 * platforms),
            group_starts,
            group_ids: HashTable::with_capacity(each),
            boundary: Vec::new(),
        }
    }
}

fn hash_group(members: &[Member]) -> u64 {
    FxBuildHasher.hash_one(members)
}

impl<'d> Builder<'d> {
    fn term(&mut self, text: &'d str, fuzzy: bool) -> u32 {
        if let Some(&id) = self.term_ids[fuzzy as usize].get(text) {
            return id;
        }
        let id = self.terms.push(text, fuzzy);
        self.term_ids[fuzzy as usize].insert(text, id);
        self.texts.push((text, fuzzy));
        id
    }

    /// The id of the group of the members from `from` on, which were just added: a new group,
    /// or the same one met before (and the members are taken back).
    fn group(&mut self, from: usize) -> u32 {
        let (members, starts) = (&self.members, &self.group_starts);
        let of = |g: u32| &members[starts[g as usize] as usize..starts[g as usize + 1] as usize];
        let hash = hash_group(&members[from..]);
        if let Some(&id) = self.group_ids.find(hash, |&g| of(g) == &members[from..]) {
            self.members.truncate(from);
            return id;
        }
        let id = starts.len() as u32 - 1;
        self.group_ids
            .insert_unique(hash, id, |&g| hash_group(of(g)));
        self.group_starts.push(self.members.len() as u32);
        id
    }

    /// Members for texts of one field, skipping blanks and repeats, added to the group being made
    /// from `from` on.
    fn plain(&mut self, from: usize, texts: &[(&'d str, bool)], fuzzy: bool) {
        for &(text, en) in texts {
            if is_blank(text) {
                continue;
            }
            let term = self.term(text, fuzzy);
            if !self.members[from..].iter().any(|m| m.term == term) {
                self.members.push(Member {
                    term,
                    en,
                    alias_of: None,
                });
            }
        }
    }

    /// The group of one field's texts ([`Builder::plain`]).
    fn plain_group(&mut self, texts: &[(&'d str, bool)], fuzzy: bool) -> Option<u32> {
        let from = self.members.len();
        self.plain(from, texts, fuzzy);
        (self.members.len() > from).then(|| self.group(from))
    }

    /// The groups of one platform's fields, in [`Base`](super::Base) order, onto `refs`.
    fn platform(&mut self, names: &'d Names<'d>, p: &'d Platform, refs: &mut Vec<Ref>) {
        for ind in &p.industries {
            let from = self.members.len();
            self.plain(from, &[(&ind.zh, false), (&ind.en, true)], true);
            let zh = self.term(&ind.zh, true);
            let en = self.term(&ind.en, true);
            for alias in &ind.aliases {
                if is_blank(alias) {
                    continue;
                }
                let chinese = alias.chars().any(pinyin::is_hanzi);
                let term = self.term(alias, true);
                self.members.push(Member {
                    term,
                    en: !chinese,
                    alias_of: Some(if chinese { zh } else { en }),
                });
            }
            refs.push(Ref::new(self.group(from), INDUSTRY));
        }
        // A field with no text still has its (empty) group, as every platform has a name.
        let field = |b: &mut Self, texts: &[(&'d str, bool)]| {
            let from = b.members.len();
            b.plain(from, texts, false);
            b.group(from)
        };
        let name = field(self, &[(&p.name.zh, false), (&p.name.en, true)]);
        refs.push(Ref::new(name, NAME));
        for n in &p.other_names {
            let other = field(self, &[(&n.zh, false), (&n.en, true)]);
            refs.push(Ref::new(other, OTHER_NAME));
        }
        let kind = &names.kinds[&p.kind];
        let kind = field(self, &[(&kind.zh, false), (&kind.en, true)]);
        refs.push(Ref::new(kind, KIND));
        let mut boundary = std::mem::take(&mut self.boundary);
        boundary.clear();
        match &p.area {
            Area::Bounded { .. } => boundary.extend(p.area.boundary_names().flat_map(|n| {
                [
                    (n.as_str(), false),
                    (names.boundary_en[n.as_str()].as_str(), true),
                ]
            })),
            Area::Located => boundary.extend([
                (p.area_text.zh.as_str(), false),
                (p.area_text.en.as_str(), true),
            ]),
        }
        if let Some(group) = self.plain_group(&boundary, false) {
            refs.push(Ref::new(group, BOUNDARY));
        }
        self.boundary = boundary;
    }
}
