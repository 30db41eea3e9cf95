//! The sieve against scoring outright: it may only turn away keys that cannot match.

use fuzzy_matcher::skim::SkimMatcherV2;

use super::normalize::fold_key;
use super::pinyin_of;
use super::term::{Terms, Word};

/// Words near `text`: every piece of it of up to six characters, and those pieces with a
/// letter dropped, doubled, changed or two swapped (typos).
fn pieces(text: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    for start in 0..chars.len() {
        for len in 1..=6.min(chars.len() - start) {
            let piece = &chars[start..start + len];
            out.push(piece.iter().collect());
            for k in 0..len {
                let mut v = piece.to_vec();
                v.remove(k);
                out.push(v.iter().collect());
                let mut v = piece.to_vec();
                v.insert(k, piece[k]);
                out.push(v.iter().collect());
                let mut v = piece.to_vec();
                v[k] = 'x';
                out.push(v.iter().collect());
                if k + 1 < len {
                    let mut v = piece.to_vec();
                    v.swap(k, k + 1);
                    out.push(v.iter().collect());
                }
            }
        }
    }
}

/// Scoring a key through its sieve gives what scoring it outright gives, for every key of a
/// synthetic dataset and words made from those keys, their pinyin and initials.
#[test]
fn turns_away_only_keys_that_cannot_match() {
    let d = crate::dataset::synthetic::generate(40);
    let mut texts: Vec<String> = Vec::new();
    for p in &d.platforms {
        for i in &p.industries {
            texts.extend([i.zh.to_string(), i.en.to_string()]);
            texts.extend(i.aliases.iter().map(|a| a.to_string()));
        }
        texts.extend([p.name.zh.to_string(), p.name.en.to_string()]);
        texts.extend(p.area.boundary_names().map(|n| n.to_string()));
    }
    texts.extend(["e-commerce", "O2O·新型", "Ｌed lighting", "a, b: c"].map(String::from));
    texts.sort();
    texts.dedup();
    let mut terms = Terms::default();
    let ids: Vec<u32> = texts
        .iter()
        .flat_map(|t| [terms.push(t, false), terms.push(t, true)])
        .collect();
    let mut words = Vec::new();
    for t in texts.iter().step_by(9) {
        let (full, initials) = pinyin_of(t);
        for s in [fold_key(t), full, initials] {
            pieces(&s, &mut words);
        }
    }
    words.sort();
    words.dedup();
    let skim = SkimMatcherV2::default().ignore_case();
    let (mut turned_away, mut unmatched) = (0, 0);
    for text in &words {
        let w = Word::new(text);
        for &id in &ids {
            let outright = terms.get(id).score(&w, &skim);
            if !terms.sieve(id).admits(&w.probe) {
                assert_eq!(outright, None, "{text:?} on {:?}", terms.get(id).text);
                turned_away += 1;
            }
            unmatched += usize::from(outright.is_none());
        }
    }
    assert!(
        turned_away * 10 > unmatched * 9,
        "{turned_away} of {unmatched}"
    );
}
