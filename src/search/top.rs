//! A keystroke's hits in two parts: the first screen at once, the rest when there is time.
//!
//! [`Index::find`] and [`Index::find_refined`] give a query's hits before they are put in order
//! (a [`Found`]); [`Index::best`] the first `n` of them in the order [`Index::search`] gives,
//! choosing them without sorting the rest, and [`Index::ranked`] all of them in that order. At
//! 100,000 platforms a short query hits tens of thousands, and a keystroke's frame needs only
//! the few rows the list shows.

use std::collections::BinaryHeap;
use std::sync::Arc;

use super::{Hit, Index, bare_number, narrows, normalize};

/// A query's hits, not yet in order: the platforms a bare number names (first in any order),
/// then the others in index order.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub(super) named: Vec<Hit>,
    pub(super) rest: Vec<Hit>,
    /// What the query's first word found, kept for the next keystroke: while only a later word
    /// grows (`software p`, `software pa`), the first word's pass is not made again.
    pub(super) first: Option<Arc<FirstWord>>,
}

/// The hits of a query's first word alone, in index order: among every platform when `all`
/// (a fresh search, a query of one word, whose hits are all its word's), else among the
/// platforms a refined query visited.
#[derive(Debug)]
pub(super) struct FirstWord {
    pub text: String,
    pub hits: Vec<Hit>,
    pub all: bool,
}

/// Two results are equal when they found the same hits; what they kept for later is not compared.
impl PartialEq for Found {
    fn eq(&self, other: &Found) -> bool {
        self.named == other.named && self.rest == other.rest
    }
}

impl Found {
    /// How many platforms were found.
    pub fn len(&self) -> usize {
        self.named.len() + self.rest.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every hit, in no particular order.
    pub fn hits(&self) -> impl Iterator<Item = &Hit> {
        self.named.iter().chain(&self.rest)
    }

    /// Keep only the platforms `keep` accepts.
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        self.named.retain(|h| keep(h.platform));
        self.rest.retain(|h| keep(h.platform));
    }
}

impl Index {
    /// The hits of [`Index::search`], not yet in order.
    pub fn find(&self, query: &str) -> Found {
        if normalize(query).is_empty() {
            let rest = (0..self.len()).map(|platform| Hit { platform, score: 0 });
            return Found {
                rest: rest.collect(),
                ..Found::default()
            };
        }
        self.find_on(query, None, None, self.threads())
    }

    /// [`Index::find`] after another query found `previous`: where both start with the same
    /// word, what it found among every platform is not found again (a backspace in a later word,
    /// a later word that reached a new tier).
    pub fn find_again(&self, query: &str, previous: &Found) -> Found {
        if normalize(query).is_empty() || bare_number(query).is_some() {
            return self.find(query);
        }
        self.find_on(query, None, previous.first.clone(), self.threads())
    }

    /// The hits of [`Index::refine`] from what `from` found, not yet in order.
    pub fn find_refined(&self, query: &str, from: &str, previous: &Found) -> Found {
        let numeric = bare_number(from).is_some() || bare_number(query).is_some();
        if numeric || normalize(query).is_empty() {
            return self.find(query);
        }
        if !narrows(&normalize(from), &normalize(query)) {
            return self.find_again(query, previous);
        }
        let mut wanted = vec![0u64; self.len().div_ceil(64)];
        for h in previous.hits().filter(|h| h.platform < self.len()) {
            wanted[h.platform / 64] |= 1 << (h.platform % 64);
        }
        self.find_on(query, Some(&wanted), previous.first.clone(), self.threads())
    }

    /// All of `found` in the order [`Index::search`] gives.
    pub fn ranked(&self, found: Found) -> Vec<Hit> {
        let Found {
            mut named,
            mut rest,
            ..
        } = found;
        self.rank(&mut rest);
        named.append(&mut rest);
        named
    }

    /// The first `n` of [`Index::ranked`], without putting the others in order: one pass keeps
    /// the best `n` seen in a heap (most hits lose to its worst at the first comparison, the
    /// score), and only they are sorted.
    pub fn best(&self, found: &Found, n: usize) -> Vec<Hit> {
        let mut out: Vec<Hit> = found.named.iter().take(n).copied().collect();
        let n = n - out.len();
        if n == 0 {
            return out;
        }
        // Smaller is better: the order of [`Index::rank`] as a key, so the heap's top is the
        // worst kept.
        let key = |h: &Hit| {
            (
                std::cmp::Reverse(h.score),
                self.numbers[h.platform],
                h.platform,
            )
        };
        let mut kept = BinaryHeap::with_capacity(n.min(found.rest.len()));
        for h in &found.rest {
            if kept.len() < n {
                kept.push(key(h));
                continue;
            }
            let Some(mut worst) = kept.peek_mut() else {
                break;
            };
            // Most hits are worse than the worst kept: the score alone says so.
            if h.score >= worst.0.0 && key(h) < *worst {
                *worst = key(h);
            }
        }
        out.extend(
            kept.into_sorted_vec()
                .into_iter()
                .map(|(score, _, platform)| Hit {
                    platform,
                    score: score.0,
                }),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::synthetic;

    /// Queries of every kind: Chinese, pinyin, initials, English, typos, several words, numbers.
    const QUERIES: &[&str] = &[
        "电",
        "电商",
        "电子商务",
        "金融",
        "互联网金融",
        "软件",
        "园",
        "小镇",
        "d",
        "di",
        "dian",
        "dianshang",
        "dzsw",
        "jr",
        "e",
        "ec",
        "ecommerce",
        "software park",
        "new energy",
        "电子 商务",
        "canal wealth town",
        "dian shang",
        "dianshagn",
        "金融 internet",
        "park",
        "a",
        "6",
        "12",
        "1",
        "运河",
        "智汇",
        "hz",
        "x",
    ];

    /// For `queries` on `index`: the first screen of every size equals the first rows of the full
    /// search, and [`Index::ranked`] is the full search, fresh and refined a character at a time.
    fn check(index: &Index, queries: &[&str]) {
        for q in queries {
            let full = index.search(q);
            let found = index.find(q);
            assert_eq!(found.len(), full.len(), "{q}");
            for n in [1, 2, 7, 40, 61, 200, full.len(), full.len() + 5] {
                let best = index.best(&found, n);
                assert_eq!(best, full[..n.min(full.len())], "{q}, first {n}");
            }
            assert_eq!(index.ranked(found), full, "{q}");
            let chars: Vec<char> = q.chars().collect();
            let mut from = String::new();
            let mut previous = Found::default();
            for k in 1..=chars.len() {
                let typed: String = chars[..k].iter().collect();
                let found = if from.is_empty() {
                    index.find(&typed)
                } else {
                    index.find_refined(&typed, &from, &previous)
                };
                let full = index.search(&typed);
                assert_eq!(
                    index.best(&found, 40),
                    full[..40.min(full.len())],
                    "{typed}"
                );
                assert_eq!(index.ranked(found.clone()), full, "{typed}");
                (from, previous) = (typed, found);
            }
            // Backspaced a character at a time: found again after the longer query.
            for k in (1..chars.len()).rev() {
                let typed: String = chars[..k].iter().collect();
                let found = index.find_again(&typed, &previous);
                assert_eq!(index.ranked(found.clone()), index.search(&typed), "{typed}");
                previous = found;
            }
        }
    }

    #[test]
    fn the_first_screen_is_the_first_rows_at_100k() {
        check(&Index::new(&synthetic::generate(100_000)), QUERIES);
    }

    /// Platforms numbered out of index order, with numbers shared: ties by number, then index.
    #[test]
    fn the_first_screen_is_the_first_rows_numbered_out_of_order() {
        let mut d = synthetic::generate(5_000);
        for (k, p) in d.platforms.iter_mut().enumerate() {
            p.number = ((k * 7919) % 97 + 1) as u32;
        }
        check(&Index::new(&d), QUERIES);
    }

    #[test]
    fn the_first_screen_is_the_first_rows_on_the_embedded_data() {
        let d = crate::dataset::embedded();
        check(&Index::new(&d), QUERIES);
    }
}
