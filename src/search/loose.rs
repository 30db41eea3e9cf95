//! A short list filtered as you type: whether a Chinese name and its English contain the query, in
//! Chinese, full pinyin, pinyin initials or English. For lists of a few dozen rows (the industries
//! screen), where ranking is not needed.

use super::normalize::{fold_key, normalize};
use super::pinyin::readings;

/// The name's full pinyin (`dianzishangwu`) and initials (`dzsw`), for matching and sorting.
pub fn pinyin_of(zh: &str) -> (String, String) {
    let (mut full, mut initials) = (String::new(), String::new());
    for (c, r) in zh.chars().zip(readings(zh)) {
        match r {
            Some(r) => {
                full.push_str(r);
                initials.extend(r.chars().next());
            }
            None => {
                let f = fold_key(&c.to_string());
                full.push_str(&f);
                initials.push_str(&f);
            }
        }
    }
    (full, initials)
}

/// Whether every word of `query` is in the Chinese, the English, the full pinyin (spaces ignored)
/// or the initials of a name.
pub fn loose_match(zh: &str, en: &str, query: &str) -> bool {
    let q = normalize(query);
    if q.is_empty() {
        return true;
    }
    let (full, initials) = pinyin_of(zh);
    let (zh, en) = (fold_key(zh), fold_key(en));
    q.split(' ')
        .all(|w| zh.contains(w) || en.contains(w) || full.contains(w) || initials.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_pinyin_initials_and_english_all_find_a_name() {
        for q in ["金融", "jinrong", "hlwjr", "Finance", "internet fin"] {
            assert!(loose_match("互联网金融", "internet finance", q), "{q}");
        }
        assert!(!loose_match("互联网金融", "internet finance", "电商"));
        assert_eq!(pinyin_of("电子商务").1, "dzsw");
    }
}
