//! One search key (an industry, alias, name, kind or boundary string) with its precomputed
//! search forms, and how a query word matches it.
//!
//! A score is `class * CLASS + detail`: the class says how the word matched and always dominates;
//! the detail (below [`FIELD`]) prefers whole-key and prefix matches and shorter keys.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::{Deserialize, Serialize};

use super::normalize::{fold_key_into, is_alnum, is_latin_alnum, mask};
use super::pinyin::readings_of;
use super::sieve::{Probe, Sieve, WordKind};
use super::typo::{self, TYPO_MIN};

pub(crate) const CLASS: i32 = 1_000_000;
/// One step of field weight; the detail of a match stays below it.
pub(crate) const FIELD: i32 = 100_000;

/// How a word matched, best first.
/// A substring at a word start, or full pinyin from a syllable start (the last syllable may be cut).
pub(crate) const EXACT: i32 = 6;
/// Pinyin initials of consecutive syllables (`dzsw`).
pub(crate) const INITIALS: i32 = 5;
/// Each syllable by a prefix of it (`dshang`, `zhhy`).
pub(crate) const MIXED: i32 = 4;
/// A Latin substring inside a word (`led` in `skilled`), for words of [`INFIX_MIN`] characters
/// or more.
pub(crate) const INFIX: i32 = 3;
/// Full pinyin, or a Latin word of the text, with one typo (`jinrng`, `softwer`), for words of
/// [`TYPO_MIN`] letters or more.
pub(crate) const TYPO: i32 = 2;
/// Scattered characters: Chinese anywhere in the key, or English with at most [`MAX_GAPS`] letters
/// skipped (a dropped letter), starting at a word start.
pub(crate) const FUZZY: i32 = 1;

/// The most characters of a key the fuzzy matcher looks at.
const MAX_FUZZY_KEY: usize = 1024;

/// Letters an English word may skip in a fuzzy match. Constant, so that a longer query never
/// matches where its prefix did not, which `refine` relies on.
const MAX_GAPS: usize = 2;
/// Characters a word needs to match inside a Latin word (`ai` in `retail` means nothing).
pub(crate) const INFIX_MIN: usize = 3;
/// Letters a Latin word needs to match scattered (`ds` in `design` means nothing).
pub(crate) const SCATTERED_MIN: usize = 4;

/// Which of the length-gated ways of matching `word` may use: words of the same tier match the
/// same way, so refining from a word to a longer one of the same tier only narrows (see
/// `Index::refine`). Only a word that starts with a Latin letter or digit has any: matching
/// inside a word needs one there, and scattered English letters and typos need plain letters
/// throughout. A Chinese word matches the same ways at any length.
pub(crate) fn tier(word: &str) -> usize {
    if !word.chars().next().is_some_and(is_latin_alnum) {
        return 0;
    }
    let chars = word.chars().count();
    [INFIX_MIN, SCATTERED_MIN, TYPO_MIN]
        .iter()
        .filter(|&&min| chars >= min)
        .count()
}
/// Bound on the syllable-prefix search, which keeps a bitmask per syllable.
const MAX_MIXED: usize = 32;

/// A normalised query word (or, for several words, the whole phrase).
pub(crate) struct Word {
    pub text: String,
    chars: usize,
    /// Letters and digits only, for matching across hyphens and spaces (`ecommerce`, `e-commerce`).
    squeezed: Vec<char>,
    /// Whether the word may match with spaces and hyphens skipped (`ecommerce` for e-commerce):
    /// only when it starts with a letter or digit and has no other punctuation. A word like `:t`
    /// must not match where `:` alone does not, or refining a keystroke at a time would differ
    /// from searching afresh.
    pub(super) joinable: bool,
    pub(super) mask: u64,
    /// Only ASCII letters and digits: may be pinyin.
    pub(super) ascii: bool,
    /// Contains a Hanzi: may match Chinese keys scattered.
    hanzi: bool,
    pub(super) phrase: bool,
    /// Long enough, and plain letters, for a pinyin typo to be forgiven.
    pub(super) typo: bool,
    /// What a key's [`Sieve`] tests.
    pub(super) probe: Probe,
}

impl Word {
    pub fn new(text: &str) -> Word {
        let chars = text.chars().count();
        let ascii = text.bytes().all(|b| b.is_ascii_alphanumeric());
        let joinable = text.chars().next().is_some_and(char::is_alphanumeric)
            && text
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == ' ');
        let (mask, phrase, typo) = (mask(text), text.contains(' '), ascii && chars >= TYPO_MIN);
        let kind = WordKind {
            start_only: chars < INFIX_MIN,
            mask,
            joinable,
            pinyin: ascii && !phrase,
            typo,
        };
        Word {
            text: text.to_string(),
            chars,
            squeezed: text.chars().filter(|c| c.is_alphanumeric()).collect(),
            joinable,
            mask,
            ascii,
            hanzi: text.chars().any(super::pinyin::is_hanzi),
            phrase,
            typo,
            probe: Probe::new(text, kind),
        }
    }
}

/// A Hanzi's syllable or a Latin letter or digit, as one unit of a key's pinyin.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Unit {
    /// Byte offset of the syllable in `Term::py`.
    start: u16,
    /// Character index in the key text.
    char: u16,
}

/// Every key's strings in one arena and their pinyin units in one array, in the order keys were
/// added (platform order), so a scan over platforms reads memory in order instead of chasing a
/// pointer per key.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Terms {
    arena: String,
    units: Vec<Unit>,
    metas: Vec<Meta>,
    /// Apart from the rest, so turning keys away reads only these.
    sieves: Vec<Sieve>,
    #[serde(skip)]
    scratch: Scratch,
}

/// Buffers [`Terms::push`] reuses from key to key. Not part of the index.
#[derive(Default)]
struct Scratch {
    chars: Vec<char>,
    readings: Vec<Option<&'static str>>,
    starts: Vec<usize>,
}

impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scratch")
    }
}

/// A key's place in the arena: byte ranges `(start, len)`.
#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    text: (u32, u32),
    norm: (u32, u32),
    py: (u32, u32),
    initials: (u32, u32),
    units: (u32, u32),
    chars: u32,
}

/// A view of one key.
pub(crate) struct Term<'a> {
    pub text: &'a str,
    /// `text` folded char by char: same character indices.
    norm: &'a str,
    /// Length of `text` in characters.
    chars: u32,
    mask: u64,
    /// Pinyin of the key, syllables run together (empty when the key has no Hanzi).
    py: &'a str,
    units: &'a [Unit],
    /// First letter of each unit.
    initials: &'a str,
    py_mask: u64,
    /// Whether scattered (fuzzy) matches count for this key: only industry keys.
    fuzzy: bool,
}

impl Terms {
    pub fn len(&self) -> usize {
        self.metas.len()
    }

    pub fn get(&self, id: u32) -> Term<'_> {
        let m = &self.metas[id as usize];
        let sieve = &self.sieves[id as usize];
        let s = |(start, len): (u32, u32)| &self.arena[start as usize..(start + len) as usize];
        Term {
            text: s(m.text),
            norm: s(m.norm),
            chars: m.chars,
            mask: sieve.mask,
            py: s(m.py),
            units: &self.units[m.units.0 as usize..(m.units.0 + m.units.1) as usize],
            initials: s(m.initials),
            py_mask: sieve.py_mask,
            fuzzy: sieve.fuzzy,
        }
    }

    /// The best score of `w` on key `id`, or `None`. Most keys fail on their [`Sieve`]
    /// alone, so those are turned away before a view of the key is built.
    #[inline]
    pub fn score(&self, id: u32, w: &Word, skim: &SkimMatcherV2) -> Option<i32> {
        if !self.sieves[id as usize].admits(&w.probe) {
            return None;
        }
        self.get(id).score(w, skim)
    }

    /// Start fetching what scoring the keys after `id` reads: the description of the key 16
    /// on, and the text, pinyin and units of the key 8 on (whose description this fetched 8
    /// keys ago). For a pass over keys in storage order, as [`Terms::score_all`] makes.
    ///
    /// At 100,000 platforms the keys are 200,000 names over tens of megabytes, and those a word
    /// may match are spread among them: waiting for each one's text from memory in turn took
    /// longer than all the rest of a keystroke. A hint only: nothing changes but timing.
    #[inline]
    fn fetch_after(&self, id: u32) {
        let id = id as usize;
        if let Some(ahead) = self.metas.get(id + 16..) {
            prefetch(ahead);
        }
        if let Some(m) = self.metas.get(id + 8) {
            let arena = self.arena.as_bytes();
            prefetch(arena.get(m.norm.0 as usize..).unwrap_or_default());
            prefetch(arena.get(m.py.0 as usize..).unwrap_or_default());
            prefetch(self.units.get(m.units.0 as usize..).unwrap_or_default());
        }
    }

    /// [`Terms::score`] of keys `first..first + out.len()` into `out` (-1 for no match), in
    /// storage order, fetching each key's text a few keys ahead ([`Terms::fetch_after`]).
    pub fn score_all(&self, first: usize, w: &Word, skim: &SkimMatcherV2, out: &mut [i32]) {
        for (id, s) in (first as u32..).zip(out) {
            self.fetch_after(id);
            *s = self.score(id, w, skim).unwrap_or(-1);
        }
    }

    #[cfg(test)]
    pub fn sieve(&self, id: u32) -> &Sieve {
        &self.sieves[id as usize]
    }

    /// Add a key; its id. Its folded text, pinyin and initials are written straight into the
    /// arena, with the characters and readings in buffers kept from key to key: 200,000 keys
    /// each allocating seven buffers of their own was a fifth of building a large index.
    pub fn push(&mut self, text: &str, fuzzy: bool) -> u32 {
        let Scratch {
            chars,
            readings,
            starts,
        } = &mut self.scratch;
        let arena = &mut self.arena;
        let norm_at = arena.len();
        fold_key_into(text, arena);
        let norm = (norm_at as u32, (arena.len() - norm_at) as u32);
        chars.clear();
        chars.extend(arena[norm_at..].chars());
        // Most keys (all Chinese ones) fold to themselves: store the text once.
        let text_at = if arena[norm_at..] == *text {
            norm
        } else {
            let at = arena.len();
            arena.push_str(text);
            (at as u32, text.len() as u32)
        };
        let (py_at, units_at) = (arena.len(), self.units.len());
        // Keys too long for u16 offsets get no pinyin; real keys are a few dozen characters.
        if chars.len() < 4096 {
            readings_of(chars, readings);
            if readings.iter().any(Option::is_some) {
                for (i, (c, r)) in chars.iter().zip(readings.iter()).enumerate() {
                    let start = (arena.len() - py_at) as u16;
                    match r {
                        Some(r) => arena.push_str(r),
                        None if is_alnum(*c) => arena.push(*c),
                        None => continue,
                    }
                    self.units.push(Unit {
                        start,
                        char: i as u16,
                    });
                }
            }
        }
        if arena.len() - py_at > u16::MAX as usize {
            arena.truncate(py_at);
            self.units.truncate(units_at);
        }
        let py = (py_at as u32, (arena.len() - py_at) as u32);
        let units = &self.units[units_at..];
        let initials_at = arena.len();
        for u in units {
            let c = arena.as_bytes()[py_at + u.start as usize] as char;
            arena.push(c);
        }
        let initials = (initials_at as u32, (arena.len() - initials_at) as u32);
        starts.clear();
        starts.extend(units.iter().map(|u| u.start as usize));
        let at = |(start, len): (u32, u32)| &arena[start as usize..(start + len) as usize];
        self.sieves.push(Sieve::new(
            at(norm),
            chars,
            at(py),
            starts,
            at(initials),
            fuzzy,
        ));
        self.metas.push(Meta {
            text: text_at,
            norm,
            py,
            initials,
            units: (units_at as u32, units.len() as u32),
            chars: chars.len() as u32,
        });
        self.metas.len() as u32 - 1
    }

    /// Add key `id` of `from`, as [`Terms::push`] of its text made it there; its id here.
    pub fn push_from(&mut self, from: &Terms, id: u32) -> u32 {
        let m = &from.metas[id as usize];
        let s = |(start, len): (u32, u32)| &from.arena[start as usize..(start + len) as usize];
        // In the order `push` adds them, sharing the text with its folded form as it does.
        let norm_at = self.add(s(m.norm));
        let text_at = if m.text == m.norm {
            norm_at
        } else {
            self.add(s(m.text))
        };
        let units = &from.units[m.units.0 as usize..(m.units.0 + m.units.1) as usize];
        let meta = Meta {
            text: text_at,
            norm: norm_at,
            py: self.add(s(m.py)),
            initials: self.add(s(m.initials)),
            units: (self.units.len() as u32, m.units.1),
            chars: m.chars,
        };
        self.units.extend_from_slice(units);
        self.sieves.push(from.sieves[id as usize]);
        self.metas.push(meta);
        self.metas.len() as u32 - 1
    }

    fn add(&mut self, s: &str) -> (u32, u32) {
        let start = self.arena.len() as u32;
        self.arena.push_str(s);
        (start, s.len() as u32)
    }
}

/// Where a word matched, enough to rebuild the positions.
enum Span {
    /// Contiguous characters.
    Chars { start: usize, len: usize },
    /// Letters and digits from `start`, skipping other characters.
    Squeezed { start: usize },
    /// Pinyin units `first..=last`.
    Units { first: usize, last: usize },
    /// Positions from the fuzzy matcher.
    Scattered(Vec<usize>),
}

impl Term<'_> {
    /// The best score of `w` on this key, or `None`.
    pub fn score(&self, w: &Word, skim: &SkimMatcherV2) -> Option<i32> {
        self.best(w, skim).map(|(s, _)| s)
    }

    /// The best score of `w` on this key with the matched character indices of `text`.
    pub fn locate(&self, w: &Word, skim: &SkimMatcherV2) -> Option<(i32, Vec<usize>)> {
        let (score, span) = self.best(w, skim)?;
        let positions = match span {
            Span::Chars { start, len } => (start..start + len).collect(),
            Span::Squeezed { start } => self
                .norm
                .chars()
                .enumerate()
                .skip(start)
                .filter(|(_, c)| c.is_alphanumeric())
                .take(w.squeezed.len())
                .map(|(i, _)| i)
                .collect(),
            Span::Units { first, last } => self.units[first..=last]
                .iter()
                .map(|u| u.char as usize)
                .collect(),
            Span::Scattered(p) => p,
        };
        Some((score, positions))
    }

    fn best(&self, w: &Word, skim: &SkimMatcherV2) -> Option<(i32, Span)> {
        if w.chars == 0 {
            return None;
        }
        // Kept in step with the test in `Terms::score`.
        let text_ok = w.mask & !self.mask == 0;
        let py_ok = w.ascii && !w.phrase && !self.units.is_empty() && w.mask & !self.py_mask == 0;
        let text = if text_ok { self.substring(w) } else { None };
        let full = if py_ok { self.full_pinyin(w) } else { None };
        let exact = match (text, full) {
            (Some(a), Some(b)) => Some(if b.0 > a.0 { b } else { a }),
            (a, b) => a.or(b),
        };
        if exact.as_ref().is_some_and(|(s, _)| *s >= EXACT * CLASS) {
            return exact;
        }
        if py_ok && let Some(found) = self.initials(w).or_else(|| self.mixed(w)) {
            return Some(found);
        }
        if exact.is_some() {
            return exact;
        }
        // A typo keeps the first letter, so the word starts where a syllable does.
        if w.typo
            && self.initials.as_bytes().contains(&w.text.as_bytes()[0])
            && typo::may_match(w.mask, self.py_mask)
            && let Some(found) = self.typo(w)
        {
            return Some(found);
        }
        if w.typo
            && typo::may_match(w.mask, self.mask)
            && let Some(found) = self.text_typo(w)
        {
            return Some(found);
        }
        if text_ok && self.fuzzy && !w.phrase {
            return self.scattered(w, skim);
        }
        None
    }

    /// A Latin word of the text, from its start, with one letter wrong, missing, extra or
    /// swapped (`softwer`, `finanse`): what a scattered match cannot forgive, since the letters
    /// typed are not all there in order.
    fn text_typo(&self, w: &Word) -> Option<(i32, Span)> {
        let (q, s) = (w.text.as_bytes(), self.norm.as_bytes());
        let n = self.chars as usize;
        for (start, (b, c)) in self.norm.char_indices().enumerate() {
            if c as u32 != u32::from(q[0]) || !word_start_at(self.norm, b) {
                continue;
            }
            // Within the word: a typo does not run on into the next one.
            let end = s[b..]
                .iter()
                .position(|x| !x.is_ascii_alphanumeric())
                .map_or(s.len(), |e| b + e);
            if let Some(len) = typo::one_edit_prefix(q, &s[b..end]) {
                let whole = start == 0 && b + len == s.len();
                let d = Self::detail(whole, start == 0, n, start);
                return Some((TYPO * CLASS + d, Span::Chars { start, len }));
            }
        }
        None
    }

    /// Full pinyin from a syllable start with one letter wrong, missing, extra or swapped.
    fn typo(&self, w: &Word) -> Option<(i32, Span)> {
        let (q, py) = (w.text.as_bytes(), self.py.as_bytes());
        for (first, u) in self.units.iter().enumerate() {
            let start = u.start as usize;
            let Some(len) = typo::one_edit_prefix(q, &py[start..]) else {
                continue;
            };
            let last = self.unit_at(start + len.max(1) - 1);
            let whole = first == 0 && start + len == py.len();
            let d = Self::detail(whole, first == 0, self.units.len(), first);
            return Some((TYPO * CLASS + d, Span::Units { first, last }));
        }
        None
    }

    /// Detail score: whole key, then prefix, then shorter keys and earlier starts.
    fn detail(whole: bool, prefix: bool, key_len: usize, start: usize) -> i32 {
        50_000 + if whole { 30_000 } else { 0 } + if prefix { 10_000 } else { 0 }
            - 100 * key_len.min(100) as i32
            - 10 * start.min(100) as i32
    }

    /// A substring of the key, as typed or with the key's punctuation and spaces skipped.
    fn substring(&self, w: &Word) -> Option<(i32, Span)> {
        let n = self.chars as usize;
        let mut infix = None;
        // Characters before each match, counted on from the previous match: linear in the key
        // however many matches it holds.
        let (mut counted_to, mut count) = (0, 0);
        for b in find_all(self.norm, &w.text) {
            count += self.norm[counted_to..b].chars().count();
            counted_to = b;
            let start = count;
            let whole = start == 0 && w.chars == n;
            let d = Self::detail(whole, start == 0, n, start);
            let span = Span::Chars {
                start,
                len: w.chars,
            };
            if word_start_at(self.norm, b) {
                return Some((EXACT * CLASS + d, span));
            }
            if w.chars >= INFIX_MIN {
                infix.get_or_insert((INFIX * CLASS + d, span));
            }
        }
        if infix.is_some() || w.squeezed.is_empty() || !w.joinable {
            return infix;
        }
        // Skipping spaces and hyphens joins words, so only from a word start: `ecommerce` finds
        // e-commerce, but `ds` must not find "an(d s)oftware".
        for (start, (b, c)) in self.norm.char_indices().enumerate() {
            if c != w.squeezed[0] || !word_start_at(self.norm, b) {
                continue;
            }
            let mut it = self.norm[b..].chars().filter(|c| c.is_alphanumeric());
            if !w.squeezed.iter().all(|q| it.next() == Some(*q)) {
                continue;
            }
            let whole = start == 0 && it.next().is_none();
            // A little below the same match typed with the key's own punctuation.
            let d = Self::detail(whole, start == 0, n, start) - 2_000;
            return Some((EXACT * CLASS + d, Span::Squeezed { start }));
        }
        None
    }

    /// The unit whose syllable contains byte `b` of `py`.
    fn unit_at(&self, b: usize) -> usize {
        self.units.partition_point(|u| (u.start as usize) <= b) - 1
    }

    /// Full pinyin from the start of a syllable, the last syllable possibly cut short.
    fn full_pinyin(&self, w: &Word) -> Option<(i32, Span)> {
        for b in find_all(self.py, &w.text) {
            let first = self.unit_at(b);
            if self.units[first].start as usize != b {
                continue;
            }
            let last = self.unit_at(b + w.text.len() - 1);
            let whole = first == 0 && b + w.text.len() == self.py.len();
            let d = Self::detail(whole, first == 0, self.units.len(), first);
            return Some((EXACT * CLASS + d, Span::Units { first, last }));
        }
        None
    }

    fn initials(&self, w: &Word) -> Option<(i32, Span)> {
        let b = find_all(self.initials, &w.text).next()?;
        let last = b + w.text.len() - 1;
        let whole = b == 0 && last + 1 == self.units.len();
        let d = Self::detail(whole, b == 0, self.units.len(), b);
        Some((INITIALS * CLASS + d, Span::Units { first: b, last }))
    }

    /// Consecutive syllables each matched by a non-empty prefix of it.
    fn mixed(&self, w: &Word) -> Option<(i32, Span)> {
        let q = w.text.as_bytes();
        // A match starts at a syllable beginning with the word's first letter: most keys have
        // none, and the search below would try every syllable to find that out.
        if q.len() > MAX_MIXED
            || self.units.len() > MAX_MIXED
            || !self.initials.as_bytes().contains(&q[0])
        {
            return None;
        }
        // failed[k] has bit i set when matching q[i..] from unit k is known to fail.
        let mut failed = [0u32; MAX_MIXED];
        for first in 0..self.units.len() {
            if let Some(last) = self.mixed_from(q, 0, first, &mut failed) {
                let whole = first == 0 && last + 1 == self.units.len();
                let d = Self::detail(whole, first == 0, self.units.len(), first);
                return Some((MIXED * CLASS + d, Span::Units { first, last }));
            }
        }
        None
    }

    fn syllable(&self, k: usize) -> &[u8] {
        let start = self.units[k].start as usize;
        let end = self
            .units
            .get(k + 1)
            .map_or(self.py.len(), |u| u.start as usize);
        &self.py.as_bytes()[start..end]
    }

    /// Match `q[i..]` starting at unit `k`; the last unit used on success.
    fn mixed_from(&self, q: &[u8], i: usize, k: usize, failed: &mut [u32]) -> Option<usize> {
        if k >= self.units.len() || failed[k] & (1 << i) != 0 {
            return None;
        }
        let s = self.syllable(k);
        let common = s.iter().zip(&q[i..]).take_while(|(a, b)| a == b).count();
        for l in (1..=common).rev() {
            if i + l == q.len() {
                return Some(k);
            }
            if let Some(last) = self.mixed_from(q, i + l, k + 1, failed) {
                return Some(last);
            }
        }
        failed[k] |= 1 << i;
        None
    }

    /// Chinese: the skim fuzzy match anywhere. English: at most MAX_GAPS skipped letters from a
    /// word start (a dropped letter), scored and placed by skim.
    fn scattered(&self, w: &Word, skim: &SkimMatcherV2) -> Option<(i32, Span)> {
        let accepted = w.hanzi || (w.ascii && w.chars >= SCATTERED_MIN && self.bounded_gaps(w));
        if !accepted {
            return None;
        }
        let pattern: String = if w.ascii {
            w.squeezed.iter().collect()
        } else {
            w.text.clone()
        };
        // The matcher's time and memory grow with the key times the pattern: it sees at most
        // the key's first MAX_FUZZY_KEY characters.
        let key = match self.norm.char_indices().nth(MAX_FUZZY_KEY) {
            Some((cut, _)) => &self.norm[..cut],
            None => self.norm,
        };
        let (score, positions) = skim.fuzzy_indices(key, &pattern)?;
        let d = (score.clamp(0, 900) * 100) as i32;
        Some((FUZZY * CLASS + d, Span::Scattered(positions)))
    }

    fn bounded_gaps(&self, w: &Word) -> bool {
        let chars: Vec<char> = self.norm.chars().take(MAX_FUZZY_KEY).collect();
        let alnum: Vec<(usize, char)> = chars
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_alphanumeric())
            .map(|(i, &c)| (i, c))
            .collect();
        fn go(alnum: &[(usize, char)], q: &[char], at: usize, gaps: usize) -> bool {
            if q.is_empty() {
                return true;
            }
            (at..alnum.len().min(at + MAX_GAPS - gaps + 1))
                .any(|j| alnum[j].1 == q[0] && go(alnum, &q[1..], j + 1, gaps + (j - at)))
        }
        (0..alnum.len()).any(|j| {
            alnum[j].1 == w.squeezed[0]
                && word_start(&chars, alnum[j].0)
                && go(&alnum, &w.squeezed[1..], j + 1, 0)
        })
    }
}

/// Ask for the cache line at the start of `data` without waiting for it (a hint: nothing happens
/// where there is no such instruction, or when `data` is empty).
#[inline]
fn prefetch<T>(data: &[T]) {
    #[cfg(target_arch = "x86_64")]
    if !data.is_empty() {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE is part of x86_64, and a prefetch reads nothing the program sees: it only
        // warms the cache, here at the start of a live slice.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(data.as_ptr().cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = data;
}

/// Byte offsets of `needle` in `hay`, overlapping. Keys are short, so a plain scan beats setting
/// up a two-way searcher for each one. Both are UTF-8, so every match starts on a char boundary.
fn find_all<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let last = (h.len() + 1).saturating_sub(n.len());
    (0..last).filter(move |&i| h[i] == n[0] && &h[i..i + n.len()] == n)
}

/// Whether a word starts at char `i`: Latin letters and digits run together into words; a Hanzi
/// or anything after a space or punctuation starts one.
fn word_start(chars: &[char], i: usize) -> bool {
    i == 0 || !is_latin_alnum(chars[i - 1]) || !is_latin_alnum(chars[i])
}

/// [`word_start`] at byte offset `b` of `s`.
fn word_start_at(s: &str, b: usize) -> bool {
    match (s[..b].chars().next_back(), s[b..].chars().next()) {
        (Some(prev), Some(cur)) => !is_latin_alnum(prev) || !is_latin_alnum(cur),
        _ => true,
    }
}
