//! Search: platforms ranked for a query in Chinese, pinyin, pinyin initials or English.
//!
//! [`Index::new`] precomputes, once per dataset, every search key of every platform: industries
//! (Chinese, English and their aliases), names, other names, kind and boundary roads, each with its
//! full pinyin, pinyin initials and folded text. Keys are matched one at a time, never run
//! together, so a query cannot match across two unrelated words. Identical keys and identical
//! industries are stored once and scored once per query, which keeps a query over 100,000
//! platforms within a frame.
//!
//! Ranking: for each query word, how it matched (a substring or full pinyin beats initials, which
//! beat syllable prefixes, Latin infixes and finally scattered fuzzy matches) always dominates;
//! then the field (industry, name, kind, boundary); then whole-key and prefix matches and shorter
//! keys. Several words must each match some key; the platform's score is their sum, plus a bonus
//! when the whole phrase matches one key. Ties go to the lower platform number.
//!
//! A [`Hit`] is only a platform and its score: a short query can hit half of 100,000 platforms,
//! and nobody looks at more than a screenful. [`Index::matches`] then says, for one platform, every
//! field the query matched, best first, with the characters to highlight.
//!
//! Highlighting: [`Match::positions`] are character indices into [`Match::text`], the text of the
//! field as the dataset has it. An alias is a search key, not a field: a Chinese alias that matched
//! (电商 for 电子商务) is reported as the industry's Chinese name with the alias's matched characters
//! found there in order (电 and 商, so `dianshang` highlights 电_商_); an English alias (`fintech`)
//! as the industry's English name, with the matched part highlighted only where it appears there
//! as is (`finance` in "internet finance") and no positions otherwise.

mod build;
mod loose;
mod normalize;
mod pinyin;
mod scan;
mod sieve;
#[cfg(test)]
mod sieve_tests;
mod term;
#[cfg(test)]
mod term_tests;
mod top;
mod typo;

pub use loose::pinyin_of;
pub use top::Found;

use fuzzy_matcher::skim::SkimMatcherV2;
use serde::{Deserialize, Serialize};

pub use normalize::normalize;
use term::{FIELD, Terms, Word, tier};

/// Datasets this large are scanned on several threads, when there are cores for them.
const PARALLEL_FROM: usize = 20_000;
const MAX_THREADS: usize = 4;
/// Added when the whole multi-word query matches one key (`new energy`).
const PHRASE_BONUS: i64 = 900_000;
/// A matched alias scores a little below the same match on the field's own text.
const ALIAS_PENALTY: i32 = 1_000;
/// Bonus per further key of a platform that matches a word, so a platform about the query ranks
/// above one that merely mentions it; capped to stay below one step of field weight.
const EXTRA_KEY_BONUS: i32 = 500;
const EXTRA_KEY_CAP: i32 = 10;
/// The score of the platform a bare number names: above any text match, so it comes first.
const NUMBER_SCORE: i64 = 1 << 40;
/// Bare numbers in this range name a platform (every row shows its number).
const NUMBERS: std::ops::RangeInclusive<u32> = 1..=99;

/// The platform number a query names, when it is a bare number 1-99 (`6`, ` 06 `): matched as a
/// whole, so `6` never finds 60-69 by number.
fn bare_number(query: &str) -> Option<u32> {
    let q = query.trim();
    if q.is_empty() || q.len() > 3 || !q.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    q.parse().ok().filter(|n| NUMBERS.contains(n))
}

/// Which field of a platform a match is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The Chinese name of `platform.industries[i]`.
    Industry(usize),
    /// The English name of `platform.industries[i]`.
    IndustryEn(usize),
    Name,
    NameEn,
    /// `platform.other_names[i]`, Chinese or English.
    OtherName(usize),
    Kind,
    /// A boundary road or river, or the location text of a platform without one.
    Boundary,
    /// The platform's number, matched by a bare number query (`6`).
    Number,
}

impl Field {
    /// The stable name used in JSON.
    pub fn key(&self) -> &'static str {
        match self {
            Field::Industry(_) => "industry",
            Field::IndustryEn(_) => "industry_en",
            Field::Name => "name",
            Field::NameEn => "name_en",
            Field::OtherName(_) => "other_name",
            Field::Kind => "kind",
            Field::Boundary => "boundary",
            Field::Number => "number",
        }
    }
}

/// Where a query matched in one field.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub field: Field,
    /// The whole text of the field.
    pub text: String,
    /// Matched characters: char indices into `text`, ascending.
    pub positions: Vec<usize>,
}

/// One platform that matched. Plain data: a query over 100,000 platforms may build and drop
/// tens of thousands, and where it matched is asked of [`Index::matches`] only for those shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Index into `Dataset::platforms`.
    pub platform: usize,
    pub score: i64,
}

/// A platform's fields before the Chinese/English split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Base {
    Industry(u32),
    Name,
    OtherName(u32),
    Kind,
    Boundary,
}

impl Base {
    /// Industries first, then names, kind, boundary.
    fn weight(self) -> i32 {
        match self {
            Base::Industry(_) => 4,
            Base::Name | Base::OtherName(_) => 3,
            Base::Kind => 2,
            Base::Boundary => 1,
        }
    }

    fn field(self, en: bool) -> Field {
        match (self, en) {
            (Base::Industry(i), false) => Field::Industry(i as usize),
            (Base::Industry(i), true) => Field::IndustryEn(i as usize),
            (Base::Name, false) => Field::Name,
            (Base::Name, true) => Field::NameEn,
            (Base::OtherName(i), _) => Field::OtherName(i as usize),
            (Base::Kind, _) => Field::Kind,
            (Base::Boundary, _) => Field::Boundary,
        }
    }
}

/// One key of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct Member {
    term: u32,
    /// English text (decides Industry vs IndustryEn, Name vs NameEn).
    en: bool,
    /// For an alias, the term whose text a match is reported in.
    alias_of: Option<u32>,
}

/// A platform's use of a group: the group's number and the kind of field, packed in one word so
/// that a scan over every platform reads as little as can be.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Ref(u32);

/// The kinds of field a [`Ref`] packs, in [`Base`] order.
const INDUSTRY: u32 = 0;
const NAME: u32 = 1;
const OTHER_NAME: u32 = 2;
const KIND: u32 = 3;
const BOUNDARY: u32 = 4;
const KIND_BITS: u32 = 3;

impl Ref {
    fn new(group: u32, kind: u32) -> Ref {
        assert!(group < 1 << (32 - KIND_BITS), "too many search keys");
        Ref(group << KIND_BITS | kind)
    }

    fn group(self) -> u32 {
        self.0 >> KIND_BITS
    }

    fn kind(self) -> u32 {
        self.0 & ((1 << KIND_BITS) - 1)
    }

    /// [`Base::weight`] times [`FIELD`], without working out the field.
    #[inline]
    fn weight(self) -> i32 {
        const WEIGHTS: [i32; 8] = [4 * FIELD, 3 * FIELD, 3 * FIELD, 2 * FIELD, FIELD, 0, 0, 0];
        WEIGHTS[self.kind() as usize]
    }
}

/// The search index of one dataset. It serializes (for the cache of large datasets and the
/// prebuilt index of the embedded one), so a loaded index does no pinyin work at all.
#[derive(Serialize, Deserialize)]
pub struct Index {
    terms: Terms,
    /// Group `g` is `members[group_starts[g]..group_starts[g + 1]]`: one allocation, in the order
    /// platforms use them, so a scan over platforms reads memory in order.
    members: Vec<Member>,
    group_starts: Vec<u32>,
    refs: Vec<Ref>,
    /// Platform `p` uses `refs[offsets[p]..offsets[p + 1]]`.
    offsets: Vec<u32>,
    numbers: Vec<u32>,
    /// Platform numbers never decrease along the dataset, so index order is tie-break order.
    numbered_in_order: bool,
    #[serde(skip, default = "skim")]
    skim: SkimMatcherV2,
}

fn skim() -> SkimMatcherV2 {
    SkimMatcherV2::default().ignore_case()
}

impl Index {
    /// Number of platforms indexed.
    pub fn len(&self) -> usize {
        self.numbers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.numbers.is_empty()
    }

    /// Platforms matching every word of `query`, best first. A blank query gives every platform
    /// in number order, all scored 0.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        self.run(query, None)
    }

    /// The same as [`Index::search`] when `query` extends `from`, the query that produced
    /// `previous` (a keystroke), re-scoring only those platforms: a platform that does not match
    /// a query never matches a longer one, as long as no word of it grew long enough to match in
    /// more ways (inside words, scattered, with a typo: see [`term::tier`]). When one did, or
    /// `query` does not extend `from`, this is a fresh search.
    pub fn refine(&self, query: &str, from: &str, previous: &[Hit]) -> Vec<Hit> {
        // A number names one platform that a shorter number did not (`6` then `60`).
        let numeric = bare_number(from).is_some() || bare_number(query).is_some();
        if numeric || !narrows(&normalize(from), &normalize(query)) {
            return self.search(query);
        }
        // A bitset, so the platforms are visited in index order: memory is read in order.
        let mut wanted = vec![0u64; self.len().div_ceil(64)];
        for h in previous.iter().filter(|h| h.platform < self.len()) {
            wanted[h.platform / 64] |= 1 << (h.platform % 64);
        }
        self.run(query, Some(&wanted))
    }

    /// Every field of `platform` that matches a word of `query`, best first, with the matched
    /// characters; empty unless the platform matches every word (it is not a hit). Fields that
    /// several words match are reported once, with their positions merged.
    ///
    /// Costs about as much as scoring the one platform, so callers ask for what they show.
    pub fn matches(&self, platform: usize, query: &str) -> Vec<Match> {
        if platform >= self.len() {
            return Vec::new();
        }
        let number = bare_number(query).filter(|&n| self.numbers[platform] == n);
        let mut out = self.text_matches(platform, query);
        if let Some(n) = number {
            let text = n.to_string();
            let positions = (0..text.chars().count()).collect();
            out.insert(
                0,
                Match {
                    field: Field::Number,
                    text,
                    positions,
                },
            );
        }
        out
    }

    /// [`Index::matches`] in the platform's text fields.
    fn text_matches(&self, platform: usize, query: &str) -> Vec<Match> {
        let q = normalize(query);
        if q.is_empty() {
            return Vec::new();
        }
        let words = query_words(&q);
        let needed = needed(&words);
        // (field, term the text comes from, ranking score, positions)
        let mut found: Vec<(Field, u32, i64, Vec<usize>)> = Vec::new();
        for (k, w) in words.iter().enumerate() {
            // The whole phrase, when it matched, covers its words: its fields come first.
            let bonus = if k < needed { 0 } else { PHRASE_BONUS };
            // The best member for each field and shown text: an industry's Chinese name and its
            // Chinese aliases report in the one field.
            let mut best: Vec<(Field, u32, i32, Member)> = Vec::new();
            for (group, base) in self.platform_fields(platform) {
                for m in self.group(group) {
                    let s = self.member_score_of(m, w);
                    if s <= 0 {
                        continue;
                    }
                    let s = s + base.weight() * FIELD;
                    let field = base.field(m.en);
                    let shown = m.alias_of.unwrap_or(m.term);
                    match best.iter_mut().find(|b| b.0 == field && b.1 == shown) {
                        Some(b) if s > b.2 => (b.2, b.3) = (s, *m),
                        Some(_) => {}
                        None => best.push((field, shown, s, *m)),
                    }
                }
            }
            if k < needed && best.is_empty() {
                return Vec::new();
            }
            for (field, shown, s, m) in best {
                let positions = self.positions(&m, w);
                let score = i64::from(s) + bonus;
                match found.iter_mut().find(|f| f.0 == field && f.1 == shown) {
                    Some(f) => {
                        f.2 = f.2.max(score);
                        f.3.extend(positions);
                        f.3.sort_unstable();
                        f.3.dedup();
                    }
                    None => found.push((field, shown, score, positions)),
                }
            }
        }
        // Stable: equal scores keep the platform's field order.
        found.sort_by_key(|f| std::cmp::Reverse(f.2));
        found
            .into_iter()
            .map(|(field, shown, _, positions)| Match {
                field,
                text: self.terms.get(shown).text.to_string(),
                positions,
            })
            .collect()
    }

    /// Whether every word of `query` matches the `industry`-th industry of `platform` (its
    /// Chinese, English or aliases, scored as [`Index::search`] scores them), and how well: the
    /// industries screen's filter, so that it finds what the platform search finds. A blank
    /// query matches with 0.
    pub fn industry_score(&self, platform: usize, industry: usize, query: &str) -> Option<i64> {
        if platform >= self.len() {
            return None;
        }
        let q = normalize(query);
        if q.is_empty() {
            return Some(0);
        }
        if bare_number(query).is_some() {
            // A number names a platform, not an industry.
            return None;
        }
        let group = self
            .platform_fields(platform)
            .find(|&(_, base)| base == Base::Industry(industry as u32))?
            .0;
        let words = query_words(&q);
        let mut total = 0i64;
        for w in &words[..needed(&words)] {
            let best = self
                .group(group)
                .iter()
                .map(|m| self.member_score_of(m, w))
                .max()
                .filter(|&s| s > 0)?;
            total += i64::from(best);
        }
        Some(total)
    }

    /// [`Index::member_score`] without a memo, for one platform's fields.
    fn member_score_of(&self, m: &Member, w: &Word) -> i32 {
        let s = self.terms.score(m.term, w, &self.skim).unwrap_or(-1);
        alias_penalty(m, s)
    }

    fn group(&self, g: u32) -> &[Member] {
        let g = g as usize;
        &self.members[self.group_starts[g] as usize..self.group_starts[g + 1] as usize]
    }

    fn platform_refs(&self, p: usize) -> &[Ref] {
        &self.refs[self.offsets[p] as usize..self.offsets[p + 1] as usize]
    }

    /// The platform's groups with the fields they are, numbered as in the platform.
    fn platform_fields(&self, p: usize) -> impl Iterator<Item = (u32, Base)> + '_ {
        let (mut industry, mut other) = (0, 0);
        self.platform_refs(p).iter().map(move |r| {
            let base = match r.kind() {
                INDUSTRY => {
                    industry += 1;
                    Base::Industry(industry - 1)
                }
                NAME => Base::Name,
                OTHER_NAME => {
                    other += 1;
                    Base::OtherName(other - 1)
                }
                KIND => Base::Kind,
                _ => Base::Boundary,
            };
            (r.group(), base)
        })
    }

    /// The characters of the member's shown text that `w` matched.
    fn positions(&self, m: &Member, w: &Word) -> Vec<usize> {
        let term = self.terms.get(m.term);
        let Some((_, positions)) = term.locate(w, &self.skim) else {
            return Vec::new();
        };
        match m.alias_of {
            None => positions,
            Some(shown) => map_alias(term.text, &positions, self.terms.get(shown).text, m.en),
        }
    }
}

/// The query's words and, when there are several, the whole phrase last.
fn query_words(q: &str) -> Vec<Word> {
    let mut words: Vec<Word> = q.split(' ').map(Word::new).collect();
    if words.len() > 1 {
        words.push(Word::new(q));
    }
    words
}

/// Whether every platform `query` finds is among those `from` finds (both normalised): `query`
/// extends `from` word by word, and no word of `from` reached a new [`tier`] in `query`.
fn narrows(from: &str, query: &str) -> bool {
    if from.is_empty() || !query.starts_with(from) {
        return false;
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (from.split(' ').collect(), query.split(' ').collect());
    a.iter()
        .zip(&b)
        .enumerate()
        .all(|(k, (x, y))| (x == y || (k + 1 == a.len() && y.starts_with(x))) && tier(x) == tier(y))
}

/// How many of `words` must match: all but the phrase.
fn needed(words: &[Word]) -> usize {
    if words.len() > 1 { words.len() - 1 } else { 1 }
}

/// A matched alias scores a little below the same match on the field's own text.
fn alias_penalty(m: &Member, s: i32) -> i32 {
    if s > 0 && m.alias_of.is_some() {
        s - ALIAS_PENALTY
    } else {
        s
    }
}

/// Positions in `shown` of the characters matched in `alias` (see the module docs).
fn map_alias(alias: &str, positions: &[usize], shown: &str, en: bool) -> Vec<usize> {
    let alias: Vec<char> = normalize::fold_key(alias).chars().collect();
    let shown: Vec<char> = normalize::fold_key(shown).chars().collect();
    let matched: Vec<char> = positions
        .iter()
        .filter_map(|&i| alias.get(i).copied())
        .collect();
    if matched.is_empty() {
        return Vec::new();
    }
    if en {
        return shown
            .windows(matched.len())
            .position(|w| w == matched.as_slice())
            .map(|start| (start..start + matched.len()).collect())
            .unwrap_or_default();
    }
    let mut out = Vec::new();
    let mut from = 0;
    for c in matched {
        if let Some(k) = shown[from..].iter().position(|&s| s == c) {
            out.push(from + k);
            from += k + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests;
