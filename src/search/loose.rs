//! A name's pinyin, for sorting lists by it (the industries screen). Filtering is the index's
//! (see [`super::Index::industry_score`]), so every list finds what the search finds.

use super::normalize::fold_key;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_pinyin_and_initials() {
        assert_eq!(
            pinyin_of("电子商务"),
            ("dianzishangwu".into(), "dzsw".into())
        );
    }
}
