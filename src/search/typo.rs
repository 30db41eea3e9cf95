//! Typos: a query word within one edit of the pinyin it meant, or of a Latin word of a key.
//!
//! One letter wrong, missing or extra, or two adjacent letters swapped (`jinrng`, `dianshagn`,
//! `xinnengyaun`), against the pinyin from a syllable start, the last syllable possibly cut short
//! as in an exact match. Only for words of [`TYPO_MIN`] letters or more: a shorter word is one
//! edit away from too much to mean anything. The first letter must be right (as in most
//! typo-tolerant search): it anchors the word at a syllable, so `ianzi` does not find 电子.
//!
//! "Within one edit of a prefix" holds for a word's prefixes too (drop the last letter of the
//! word and of the alignment), so a longer word never matches where its prefix did not, from
//! [`TYPO_MIN`] letters on: what `Index::refine` relies on.

/// Letters a word needs before a typo in it is forgiven.
pub(crate) const TYPO_MIN: usize = 5;

/// Whether the letters of a word can be one edit from a key's pinyin: at most one of them
/// (a wrong or extra letter) is missing from it. `word` and `key` are [`super::normalize::mask`]s.
pub(crate) fn may_match(word: u64, key: u64) -> bool {
    (word & !key).count_ones() <= 1
}

/// If `q` is within one edit of a prefix of `s`, the length of that prefix.
///
/// Checking at the first difference is enough: with at most one edit, everything before it
/// matches as is.
pub(crate) fn one_edit_prefix(q: &[u8], s: &[u8]) -> Option<usize> {
    let i = q.iter().zip(s).take_while(|(a, b)| a == b).count();
    if i == 0 && !q.is_empty() {
        return None;
    }
    if i == q.len() {
        return Some(i);
    }
    // q[qa..] must be a prefix of s[sa..]; the prefix of s matched ends where it ends.
    let rest = |qa: usize, sa: usize| -> Option<usize> {
        let tail = q.get(qa..)?;
        s.get(sa..)?.starts_with(tail).then_some(sa + tail.len())
    };
    let wrong = if i < s.len() {
        rest(i + 1, i + 1)
    } else {
        None
    };
    let swapped = (i + 1 < q.len() && i + 1 < s.len() && q[i] == s[i + 1] && q[i + 1] == s[i])
        .then(|| rest(i + 2, i + 2))
        .flatten();
    let missing = if i < s.len() { rest(i, i + 1) } else { None };
    let extra = rest(i + 1, i);
    // The shortest match: it highlights no more syllables than were typed.
    [wrong, swapped, missing, extra].into_iter().flatten().min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(q: &str, s: &str) -> Option<usize> {
        one_edit_prefix(q.as_bytes(), s.as_bytes())
    }

    #[test]
    fn one_edit_of_each_kind() {
        assert_eq!(m("jinrong", "jinrong"), Some(7));
        assert_eq!(m("jinrng", "jinrong"), Some(7), "missing");
        assert_eq!(m("jinrrong", "jinrong"), Some(7), "extra");
        assert_eq!(m("jinrang", "jinrong"), Some(7), "wrong");
        assert_eq!(m("jinrnog", "jinrong"), Some(7), "swapped");
        // "dianshan" with a g too many is as near as "dianshang" with two letters swapped.
        assert_eq!(m("dianshagn", "dianshangwu"), Some(8));
        assert_eq!(m("xinnengyaun", "xinnengyuan"), Some(11));
        assert_eq!(m("jinrongg", "jinrong"), Some(7), "extra at the end");
        assert_eq!(
            m("jniron", "jinrong"),
            Some(6),
            "swapped after the first letter"
        );
    }

    #[test]
    fn two_edits_do_not_match() {
        assert_eq!(m("jirng", "jinrong"), None);
        assert_eq!(m("jinrnogx", "jinrong"), None);
        assert_eq!(m("abcde", "jinrong"), None);
        assert_eq!(
            m("ijnrong", "jinrong"),
            None,
            "the first letter must be right"
        );
        assert_eq!(m("iinrong", "jinrong"), None);
        assert_eq!(m("jinrongxx", "jinrong"), None);
    }

    /// A word that matches has every prefix of it match too (from any length).
    #[test]
    fn prefixes_of_a_match_match() {
        let s = b"dianzishangwu";
        for q in [
            "dianzishagnwu",
            "dainzishangwu",
            "dianzxishangwu",
            "dianzishanwu",
        ] {
            let q = q.as_bytes();
            assert!(one_edit_prefix(q, s).is_some());
            for k in 1..q.len() {
                assert!(one_edit_prefix(&q[..k], s).is_some(), "{k}");
            }
        }
    }

    #[test]
    fn the_mask_allows_one_foreign_letter() {
        use crate::search::normalize::mask;
        assert!(may_match(mask("jinrang"), mask("jinrong")));
        assert!(may_match(mask("jinrng"), mask("jinrong")));
        assert!(!may_match(mask("jxnrzng"), mask("jinrong")));
    }
}
