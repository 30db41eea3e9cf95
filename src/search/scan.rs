//! The scan behind [`Index::search`] and [`Index::refine`]: each platform (or each one the last
//! keystroke left) scored for every word of the query.
//!
//! Per query and word, each distinct key and each distinct group of keys is scored once and
//! remembered in a [`Memo`]. Platforms share their industries, kinds and boundaries, so what a
//! platform costs is a few remembered group scores summed, plus its own names, which the
//! [`super::sieve`] turns away unread unless they may match. A keystroke's work is therefore
//! nearly all per platform, and on one core it has to fit in a frame by itself: the scan only
//! spreads over threads when the process has more than one core to run on.
//!
//! When most platforms are visited (a fresh search, or a refine of a broad one), every key and
//! then every group is scored first, in storage order, so that the keys' text can be fetched
//! from memory ahead of need; the pass over platforms then only sums. When few are, each key is
//! scored when a visited platform first needs it.

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::term::{CLASS, FIELD, Word};
use super::top::FirstWord;
use super::{ALIAS_PENALTY, EXTRA_KEY_BONUS, EXTRA_KEY_CAP, MAX_THREADS, Member, PARALLEL_FROM};
use super::{Found, Hit, Index, PHRASE_BONUS, alias_penalty, needed, normalize, query_words};

/// One word's scores of every key and group (0 not yet computed, -1 no match).
#[derive(Clone)]
struct Memo {
    terms: Vec<i32>,
    groups: Vec<i32>,
}

impl Index {
    /// Hits of `query` among every platform, or those set in `wanted`, best first.
    pub(super) fn run(&self, query: &str, wanted: Option<&[u64]>) -> Vec<Hit> {
        self.run_on(query, wanted, self.threads())
    }

    /// Threads for a scan: one for a small dataset, else one per thread of the pool (one per
    /// core this process may run on, which honours an affinity mask such as `taskset`'s), at
    /// most [`MAX_THREADS`]. Parts on one core would only add their hand-over to the same work.
    pub(super) fn threads(&self) -> usize {
        if self.len() < PARALLEL_FROM {
            return 1;
        }
        rayon::current_num_threads().min(MAX_THREADS)
    }

    /// [`Index::run`] on `threads` threads.
    pub(super) fn run_on(&self, query: &str, wanted: Option<&[u64]>, threads: usize) -> Vec<Hit> {
        let q = normalize(query);
        if q.is_empty() {
            let mut all: Vec<usize> = (0..self.len()).collect();
            all.sort_by_key(|&p| (self.numbers[p], p));
            return all
                .into_iter()
                .map(|platform| Hit { platform, score: 0 })
                .collect();
        }
        let Found {
            mut named,
            mut rest,
            ..
        } = self.find_on(query, wanted, None, threads);
        self.rank(&mut rest);
        named.append(&mut rest);
        named
    }

    /// The hits of a query that is not blank, not yet in order: the platforms a bare number
    /// names, then the others in index order. [`Index::run_on`] is these with the others ranked.
    /// `first`: what an earlier query's first word found; where this query starts with the same
    /// word and those hits hold every one this query can find (`first.all`, or this query
    /// refines the one that kept them), that word's pass is not made again.
    pub(super) fn find_on(
        &self,
        query: &str,
        wanted: Option<&[u64]>,
        first: Option<Arc<FirstWord>>,
        threads: usize,
    ) -> Found {
        let words = query_words(&normalize(query));
        let number = super::bare_number(query);
        // Most platforms visited: worth scoring every key and group up front.
        let prefill = wanted.is_none_or(|bits| count_set(bits) * 4 >= self.len());
        let visited = |p: usize| wanted.is_none_or(|bits| bits[p / 64] >> (p % 64) & 1 == 1);
        let same_word = |f: &Arc<FirstWord>| words.first().is_some_and(|w| w.text == f.text);
        let reuse = first.filter(|f| same_word(f) && (f.all || wanted.is_some()));
        let start = reuse.as_ref().map(|f| {
            f.hits
                .iter()
                .filter(|h| visited(h.platform))
                .copied()
                .collect()
        });
        // Kept whole when it is every platform's; else what this query visited of it.
        let visited_of_it = reuse.as_ref().filter(|f| !f.all).and(start.clone());
        let (mut rest, first_hits) =
            self.scan_words(&words, wanted, threads.max(1), prefill, start);
        let first = match reuse {
            Some(f) if f.all => Some(f),
            Some(f) => visited_of_it.map(|hits| {
                Arc::new(FirstWord {
                    text: f.text.clone(),
                    hits,
                    all: false,
                })
            }),
            None => words.first().map(|w| {
                Arc::new(FirstWord {
                    text: w.text.clone(),
                    hits: first_hits.unwrap_or_else(|| rest.clone()),
                    all: wanted.is_none() || words.len() == 1,
                })
            }),
        };
        let mut named = Vec::new();
        if let Some(n) = number {
            let platforms: Vec<usize> = (0..self.len())
                .filter(|&p| self.numbers[p] == n && visited(p))
                .collect();
            rest.retain(|h| !platforms.contains(&h.platform));
            named = platforms
                .into_iter()
                .map(|platform| Hit {
                    platform,
                    score: super::NUMBER_SCORE,
                })
                .collect();
        }
        Found { named, rest, first }
    }

    /// [`Index::scan_words`], ranked.
    #[cfg(test)]
    fn run_with(
        &self,
        words: &[Word],
        wanted: Option<&[u64]>,
        threads: usize,
        prefill: bool,
    ) -> Vec<Hit> {
        let (mut hits, _) = self.scan_words(words, wanted, threads, prefill, None);
        self.rank(&mut hits);
        hits
    }

    /// The hits of `words` on `threads` threads, in index order. With `prefill`, every key and group is scored
    /// before any platform, in storage order ([`Index::fill`]); otherwise each when a platform
    /// first needs it, which is less work when only a few platforms are visited.
    ///
    /// One word at a time: the first word's pass keeps the platforms it matches with their
    /// score, each further word's pass keeps those it matches too, and the phrase's pass adds
    /// its bonus. One memo serves every word in turn (one per thread), so what a query costs in
    /// memory is the dataset's keys and platforms, whatever the number of its words.
    ///
    /// `start`: the first word's hits among `wanted`, already known; its pass is skipped. Returns
    /// the hits and, for a query of several words whose first pass was made, the first word's.
    fn scan_words(
        &self,
        words: &[Word],
        wanted: Option<&[u64]>,
        threads: usize,
        prefill: bool,
        start: Option<Vec<Hit>>,
    ) -> (Vec<Hit>, Option<Vec<Hit>>) {
        let needed = needed(words);
        let mut memo = Memo {
            terms: vec![0; self.terms.len()],
            groups: vec![0; self.group_starts.len() - 1],
        };
        let mut hits: Vec<Hit> = Vec::new();
        let mut first = None;
        let mut start = start;
        for (k, w) in words.iter().enumerate() {
            if k == 0
                && let Some(known) = start.take()
            {
                hits = known;
                continue;
            }
            if k > 0 {
                if hits.is_empty() {
                    break;
                }
                memo.terms.fill(0);
                memo.groups.fill(0);
            }
            // Worth scoring every key up front only while most platforms are still in play.
            let many = k == 0 || hits.len() * 4 >= self.len();
            if prefill && many {
                self.fill(w, &mut memo, threads);
            }
            hits = if k == 0 {
                self.first_pass(w, wanted, threads, &mut memo)
            } else {
                let bonus = if k < needed { None } else { Some(PHRASE_BONUS) };
                self.next_pass(&hits, w, bonus, threads, &mut memo)
            };
            if k == 0 && words.len() > 1 {
                first = Some(hits.clone());
            }
        }
        // In index order, which is the order [`Index::rank`] needs.
        (hits, first)
    }

    /// The platforms in play (every one, or those set in `wanted`) that `w` matches, in index
    /// order, each with its score for `w`. On several threads, each works on a copy of `memo`.
    fn first_pass(
        &self,
        w: &Word,
        wanted: Option<&[u64]>,
        threads: usize,
        memo: &mut Memo,
    ) -> Vec<Hit> {
        let scan = |range: Range<usize>, memo: &mut Memo| {
            let mut hits = Vec::with_capacity(match wanted {
                None => range.len(),
                Some(bits) => count_set(bits),
            });
            let visit = |p: usize| {
                if let Some(score) = self.word_score(p, w, memo) {
                    hits.push(Hit { platform: p, score });
                }
            };
            match wanted {
                None => range.for_each(visit),
                Some(bits) => each_set(bits, range, visit),
            }
            hits
        };
        if threads == 1 {
            return scan(0..self.len(), memo);
        }
        let slice = self.len().div_ceil(threads).next_multiple_of(64).max(64);
        let starts: Vec<usize> = (0..self.len()).step_by(slice).collect();
        let memo = &*memo;
        let parts: Vec<Vec<Hit>> = starts
            .into_par_iter()
            .map(|start| scan(start..(start + slice).min(self.len()), &mut memo.clone()))
            .collect();
        parts.concat()
    }

    /// `hits` scored for a further word `w`: with no `bonus`, a word that must match (the hits
    /// it does not match go, and its score is added); with one, the whole phrase (every hit
    /// stays, and those it matches gain the bonus). The order is kept.
    fn next_pass(
        &self,
        hits: &[Hit],
        w: &Word,
        bonus: Option<i64>,
        threads: usize,
        memo: &mut Memo,
    ) -> Vec<Hit> {
        let pass = |part: &[Hit], memo: &mut Memo| {
            let mut out = Vec::with_capacity(part.len());
            for h in part {
                let s = self.word_score(h.platform, w, memo);
                let score = match (s, bonus) {
                    (Some(s), None) => h.score + s,
                    (None, None) => continue,
                    (Some(_), Some(b)) => h.score + b,
                    (None, Some(_)) => h.score,
                };
                out.push(Hit { score, ..*h });
            }
            out
        };
        if threads == 1 || hits.len() < 64 {
            return pass(hits, memo);
        }
        let size = hits.len().div_ceil(threads);
        let memo = &*memo;
        let parts: Vec<Vec<Hit>> = hits
            .par_chunks(size)
            .map(|part| pass(part, &mut memo.clone()))
            .collect();
        parts.concat()
    }

    /// Sort hits best first, ties by platform number, then index. `hits` must be in index order
    /// or made of runs already ranked.
    pub(super) fn rank(&self, hits: &mut [Hit]) {
        if self.numbered_in_order {
            // Index order is already tie-break order: a stable sort by score alone keeps it,
            // and comparing scores alone is far cheaper than looking up two numbers per
            // comparison (the sort was a sixth of a keystroke at 100,000 platforms).
            hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        } else {
            hits.sort_by(|a, b| {
                b.score
                    .cmp(&a.score)
                    .then(self.numbers[a.platform].cmp(&self.numbers[b.platform]))
                    .then(a.platform.cmp(&b.platform))
            });
        }
    }

    /// Score every key and then every group for `w` into `memo`, on `threads` threads. Keys are
    /// scored in storage order, which lets [`super::term::Terms::score_all`] fetch their text ahead.
    fn fill(&self, w: &Word, memo: &mut Memo, threads: usize) {
        in_parts(&mut memo.terms, threads, |first, part| {
            self.terms.score_all(first, w, &self.skim, part);
        });
        let terms = &memo.terms;
        in_parts(&mut memo.groups, threads, |first, part| {
            for (g, s) in (first..).zip(part) {
                let members = self.group(g as u32).iter();
                let best = members
                    .map(|m| alias_penalty(m, terms[m.term as usize]))
                    .max();
                *s = best.unwrap_or(-1);
            }
        });
    }

    /// The platform's score for `w`: its best key, plus a little for each further key that
    /// matches.
    #[inline]
    fn word_score(&self, p: usize, w: &Word, memo: &mut Memo) -> Option<i64> {
        // The least a match scores (a scattered match on an alias) is more than any field weight.
        const _: () = assert!(CLASS - ALIAS_PENALTY > 4 * FIELD);
        let mut best = i32::MIN;
        let mut count = 0;
        for &r in self.platform_refs(p) {
            let s = self.group_score(r.group(), w, memo);
            // No branch on whether the group matched, which follows no pattern a CPU could
            // predict: a group that does not (-1) never wins the max when one does.
            count += i32::from(s > 0);
            best = best.max(s + r.weight());
        }
        (count > 0).then(|| i64::from(best + EXTRA_KEY_BONUS * (count - 1).min(EXTRA_KEY_CAP)))
    }

    #[inline]
    fn group_score(&self, g: u32, w: &Word, memo: &mut Memo) -> i32 {
        match memo.groups[g as usize] {
            0 => self.score_group(g, w, memo),
            cached => cached,
        }
    }

    /// A group met for the first time in this query: a platform's own names, most often.
    #[inline(never)]
    fn score_group(&self, g: u32, w: &Word, memo: &mut Memo) -> i32 {
        let s = self
            .group(g)
            .iter()
            .map(|m| self.member_score(m, w, memo))
            .max()
            .unwrap_or(-1);
        memo.groups[g as usize] = s;
        s
    }

    fn member_score(&self, m: &Member, w: &Word, memo: &mut Memo) -> i32 {
        let t = m.term as usize;
        let s = match memo.terms[t] {
            0 => {
                let s = self.terms.score(m.term, w, &self.skim).unwrap_or(-1);
                memo.terms[t] = s;
                s
            }
            cached => cached,
        };
        alias_penalty(m, s)
    }
}

/// `f` over `items` cut in `threads` consecutive parts, each with the index of its first item.
fn in_parts<T: Send>(items: &mut [T], threads: usize, f: impl Fn(usize, &mut [T]) + Sync) {
    if threads <= 1 {
        return f(0, items);
    }
    let size = items.len().div_ceil(threads).max(1);
    items
        .par_chunks_mut(size)
        .enumerate()
        .for_each(|(k, part)| f(k * size, part));
}

/// How many bits of `bits` are set.
fn count_set(bits: &[u64]) -> usize {
    bits.iter().map(|b| b.count_ones() as usize).sum()
}

/// Call `f` with each index in `range` whose bit is set in `bits`, in order.
fn each_set(bits: &[u64], range: Range<usize>, mut f: impl FnMut(usize)) {
    let (first, last) = (range.start / 64, range.end.div_ceil(64).min(bits.len()));
    for (i, &word) in bits[first.min(last)..last].iter().enumerate() {
        let mut b = word;
        while b != 0 {
            let p = (first + i) * 64 + b.trailing_zeros() as usize;
            b &= b - 1;
            if range.contains(&p) {
                f(p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::synthetic;

    /// The platforms `hits` names, as `refine` passes them to the scan.
    fn bits(index: &Index, hits: &[Hit]) -> Vec<u64> {
        let mut bits = vec![0u64; index.len().div_ceil(64)];
        for h in hits {
            bits[h.platform / 64] |= 1 << (h.platform % 64);
        }
        bits
    }

    /// One thread and several, scoring keys up front or as platforms need them, find the same
    /// hits in the same order, over every platform and over those a shorter query found, with
    /// platforms numbered in order and out of it.
    #[test]
    fn every_way_of_scanning_gives_the_same_hits() {
        let d = synthetic::generate(3_000);
        let mut shuffled = d.clone();
        for (k, p) in shuffled.platforms.iter_mut().enumerate() {
            p.number = ((k * 7919) % 501) as u32;
        }
        for d in [d, shuffled] {
            let index = Index::new(&d);
            for (from, query) in [
                ("d", "di"),
                ("dians", "dianshang"),
                ("dz", "dzsw"),
                ("电", "电商"),
                ("ecom", "ecommerce"),
                ("dians", "dianshagn"),
                ("金融", "金融 internet"),
                ("new", "new energy"),
                ("e", "e"),
            ] {
                let words = query_words(&normalize(query));
                let one = index.run_with(&words, None, 1, true);
                assert!(!one.is_empty(), "{query}");
                assert_eq!(index.run_on(query, None, 1), one, "{query}");
                let wanted = bits(&index, &index.run_on(from, None, 1));
                let narrowed = index.run_with(&words, Some(&wanted), 1, false);
                assert_eq!(index.run_on(query, Some(&wanted), 1), narrowed);
                for (threads, prefill) in [(1, false), (2, true), (3, false), (4, true)] {
                    let all = index.run_with(&words, None, threads, prefill);
                    assert_eq!(all, one, "{query} on {threads} threads, prefill {prefill}");
                    let several = index.run_with(&words, Some(&wanted), threads, prefill);
                    assert_eq!(
                        several, narrowed,
                        "{from} to {query} on {threads}, {prefill}"
                    );
                }
            }
        }
    }

    /// A word that does not start with a Latin letter or digit matches the same ways at any
    /// length, so typing it on only narrows: refined from any shorter query, a keystroke gives
    /// what a fresh search gives.
    #[test]
    fn chinese_words_narrow_at_every_length() {
        assert!(super::super::narrows("电子", "电子商务"));
        assert!(!super::super::narrows("ec", "eco"));
        let index = Index::new(&synthetic::generate(600));
        for q in [
            "互联网金融",
            "北城·智汇园",
            "·智汇园",
            "电商 e-commerce",
            "新型o2o社区",
            "(led)",
            "金融 hulianwang",
            "运河财富小镇12",
        ] {
            let chars: Vec<char> = q.chars().collect();
            for k in 1..=chars.len() {
                let typed: String = chars[..k].iter().collect();
                let fresh = index.search(&typed);
                for back in 1..k {
                    let from: String = chars[..back].iter().collect();
                    let refined = index.refine(&typed, &from, &index.search(&from));
                    assert_eq!(refined, fresh, "{from:?} to {typed:?}");
                }
            }
        }
    }

    /// A packed reference weighs what its field does.
    #[test]
    fn refs_weigh_what_their_fields_do() {
        let index = Index::new(&synthetic::generate(50));
        for p in 0..index.len() {
            let refs = index.platform_refs(p).iter();
            for (r, (group, base)) in refs.zip(index.platform_fields(p)) {
                assert_eq!(r.group(), group);
                assert_eq!(r.weight(), base.weight() * FIELD, "{base:?}");
            }
        }
    }

    /// Every set bit in range, in order, whatever the range's ends.
    #[test]
    fn each_set_visits_the_set_bits_in_range() {
        let bits = [0b1011u64, 0, 1 << 63, u64::MAX];
        let all = |range: Range<usize>| {
            let mut seen = Vec::new();
            each_set(&bits, range, |p| seen.push(p));
            seen
        };
        assert_eq!(all(0..128), [0, 1, 3]);
        assert_eq!(all(2..4), [3]);
        assert_eq!(all(64..195), [191, 192, 193, 194]);
        assert_eq!(all(192..256).len(), 64);
        assert_eq!(all(192..400).len(), 64);
        assert!(all(300..400).is_empty());
    }
}
