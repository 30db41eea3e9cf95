//! Cheap necessary conditions for a word to match a key, tested before a key is scored.
//!
//! A query over 100,000 platforms meets 200,000 names, each its own key, and most of them cannot
//! match: a [`Sieve`] of a few bit sets per key turns those away without reading the key's text.
//! Every condition here is implied by a way of matching in [`super::term`], so a key the sieve
//! turns away is one that scoring would have found no match in; the test below checks that on
//! every key of a synthetic dataset.
//!
//! - Letters: every letter and digit of the word is in the key (text) or its pinyin; with a typo,
//!   all but one.
//! - Starts: a word shorter than `term::INFIX_MIN` matches the text only from a word start, and a
//!   pinyin match (full, initials, syllable prefixes, with a typo) always starts at a syllable:
//!   the word's first letter is one that starts a word of the key, or a syllable. A word with a
//!   typo in the text starts a word of it too.
//! - Pairs: a substring of the text has its adjacent characters adjacent in the text (or, joined
//!   across spaces and hyphens, adjacent among the text's letters and digits); a pinyin match
//!   without a typo begins with a syllable's first two letters, or one syllable's first letter
//!   and the next one's. Pairs are hashed to one bit of a 64-bit set.
//!   A typo in the text breaks at most three of the word's pairs.

use serde::{Deserialize, Serialize};

use super::normalize::{is_alnum, is_latin_alnum, mask};
use super::typo;

/// A key's bit sets (see the module docs).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(crate) struct Sieve {
    /// Letters and digits of the folded text.
    pub mask: u64,
    /// Letters and digits of the pinyin.
    pub py_mask: u64,
    /// Latin letters and digits that start a word of the text.
    starts: u64,
    /// First letters of the pinyin's units.
    initials: u64,
    /// Adjacent pairs: of the text, of its letters and digits, and at each syllable start.
    pairs: u64,
    /// Whether the key has pinyin.
    pub has_py: bool,
    /// Whether scattered matches count for this key.
    pub fuzzy: bool,
}

/// A word's side of the sieve.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Probe {
    /// The first character's letter bit, when matching the text needs it to start a word.
    start: u64,
    /// The first character's letter bit, which a pinyin match needs at a syllable start.
    initial: u64,
    /// Every adjacent pair of the word.
    pairs: u64,
    /// Every adjacent pair of its letters and digits.
    squeezed: u64,
    /// Its first two characters.
    first_pair: u64,
    /// The word's letter set, and what the word may match as (see `term::Word`).
    mask: u64,
    joinable: bool,
    /// Plain letters and digits, one word: may be pinyin.
    pinyin: bool,
    typo: bool,
}

/// What a word is, as the sieve needs it; worked out by `term::Word`, which owns these rules.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordKind {
    /// The word matches a key's text only from a word start (it is short).
    pub start_only: bool,
    pub mask: u64,
    pub joinable: bool,
    pub pinyin: bool,
    pub typo: bool,
}

/// One bit for the pair `(a, b)`.
fn pair(a: u32, b: u32) -> u64 {
    let h = (a.wrapping_mul(0x9E37_79B1) ^ b.wrapping_mul(0x85EB_CA77)).wrapping_mul(0xC2B2_AE3D);
    1 << (h >> 26)
}

/// The bits of every adjacent pair of `chars`.
fn pairs(chars: impl Iterator<Item = char>) -> u64 {
    let mut out = 0;
    let mut prev: Option<char> = None;
    for c in chars {
        if let Some(p) = prev {
            out |= pair(p as u32, c as u32);
        }
        prev = Some(c);
    }
    out
}

impl Sieve {
    /// The sieve of a key: `norm` its folded text (`chars` its characters), `py` its pinyin with
    /// `starts` the byte offset of each unit (a syllable or a Latin letter or digit), `initials`
    /// their first letters.
    pub fn new(
        norm: &str,
        chars: &[char],
        py: &str,
        starts: &[usize],
        initials: &str,
        fuzzy: bool,
    ) -> Sieve {
        let word_starts = chars
            .iter()
            .enumerate()
            .filter(|&(i, &c)| is_latin_alnum(c) && (i == 0 || !is_latin_alnum(chars[i - 1])))
            .fold(0, |m, (_, &c)| m | mask_of(c));
        let py_bytes = py.as_bytes();
        let mut py_pairs = 0;
        for (k, &s) in starts.iter().enumerate() {
            let Some(&first) = py_bytes.get(s) else {
                continue;
            };
            if let Some(&second) = py_bytes.get(s + 1) {
                py_pairs |= pair(first.into(), second.into());
            }
            if let Some(&next) = starts.get(k + 1).and_then(|&n| py_bytes.get(n)) {
                py_pairs |= pair(first.into(), next.into());
            }
        }
        let text_pairs =
            pairs(chars.iter().copied()) | pairs(chars.iter().copied().filter(|&c| is_alnum(c)));
        Sieve {
            mask: mask(norm),
            py_mask: mask(py),
            starts: word_starts,
            initials: mask(initials),
            pairs: text_pairs | py_pairs,
            has_py: !starts.is_empty(),
            fuzzy,
        }
    }

    /// Whether `w` may match the key: `false` only when it cannot.
    #[inline]
    pub fn admits(&self, p: &Probe) -> bool {
        let within = |bits: u64, set: u64| bits & !set == 0;
        let text = within(p.mask, self.mask)
            && (self.fuzzy
                || within(p.start, self.starts)
                    && (within(p.pairs, self.pairs)
                        || p.joinable && within(p.squeezed, self.pairs)));
        if text {
            return true;
        }
        // A Latin word of the text with a typo: from a word start, one letter foreign at most,
        // and at most three of its pairs broken (two swapped letters break three; a wrong,
        // extra or missing one two or one). A pair's bit may be shared, which only lets more by.
        if p.typo
            && within(p.initial, self.starts)
            && typo::may_match(p.mask, self.mask)
            && (p.pairs & !self.pairs).count_ones() <= 3
        {
            return true;
        }
        if !self.has_py || !within(p.initial, self.initials) {
            return false;
        }
        let py = p.pinyin && within(p.mask, self.py_mask) && within(p.first_pair, self.pairs);
        py || p.typo && typo::may_match(p.mask, self.py_mask)
    }
}

impl Probe {
    /// The probe of a normalised word.
    pub fn new(text: &str, kind: WordKind) -> Probe {
        let mut it = text.chars();
        let (first, second) = (it.next(), it.next());
        let first_bit = first.map_or(0, mask_of);
        Probe {
            start: match first {
                Some(c) if kind.start_only && is_latin_alnum(c) => first_bit,
                _ => 0,
            },
            initial: first_bit,
            pairs: pairs(text.chars()),
            squeezed: pairs(text.chars().filter(|c| c.is_alphanumeric())),
            first_pair: match (first, second) {
                (Some(a), Some(b)) => pair(a as u32, b as u32),
                _ => 0,
            },
            mask: kind.mask,
            joinable: kind.joinable,
            pinyin: kind.pinyin,
            typo: kind.typo,
        }
    }
}

fn mask_of(c: char) -> u64 {
    let mut buf = [0u8; 4];
    mask(c.encode_utf8(&mut buf))
}
