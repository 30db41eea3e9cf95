//! Pinyin readings of key text, with corrections for heteronyms (多音字).
//!
//! The `pinyin` crate gives one default reading per character. That default is right for every
//! character in the shipped dataset's industries, names, kinds and boundaries except 模 in 模具
//! (mú, not mó); the test below lists every heteronym in those words, so a new one gets reviewed.
//! The other entries are common words of industry and place names where the default is wrong.

use pinyin::ToPinyin;

/// Words whose characters are read differently from the crate's default.
const WORDS: &[(&str, &[&str])] = &[
    ("模具", &["mu", "ju"]),
    ("行业", &["hang", "ye"]),
    ("银行", &["yin", "hang"]),
    ("重庆", &["chong", "qing"]),
    ("增长", &["zeng", "zhang"]),
    ("成长", &["cheng", "zhang"]),
];

/// Characters whose default reading is wrong in most names (长江, 长兴, 长安 are cháng).
const CHARS: &[(char, &str)] = &[('长', "chang")];

/// Whether a character is a Hanzi with a reading.
pub(crate) fn is_hanzi(c: char) -> bool {
    c.to_pinyin().is_some()
}

/// The toneless reading of each character of `text` (`None` for anything not a Hanzi), ü as `v`
/// the way it is typed.
pub(crate) fn readings(text: &str) -> Vec<Option<&'static str>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    readings_of(&chars, &mut out);
    out
}

/// [`readings`] of `chars`, into `out` (cleared first).
pub(crate) fn readings_of(chars: &[char], out: &mut Vec<Option<&'static str>>) {
    out.clear();
    out.extend(chars.iter().map(|&c| {
        if c.is_ascii() {
            return None;
        }
        match CHARS.iter().find(|(h, _)| *h == c) {
            Some(&(_, r)) => Some(r),
            None => c.to_pinyin().map(|p| plain_v(p.plain())),
        }
    }));
    for (word, word_readings) in WORDS {
        let len = word.chars().count();
        let first = word.chars().next();
        for start in 0..chars.len().saturating_sub(len - 1) {
            if Some(chars[start]) == first
                && word.chars().eq(chars[start..start + len].iter().copied())
            {
                for (k, r) in word_readings.iter().enumerate() {
                    out[start + k] = Some(r);
                }
            }
        }
    }
}

/// The crate writes ü (lü, nü); people type v.
fn plain_v(s: &'static str) -> &'static str {
    match s {
        "lü" => "lv",
        "nü" => "nv",
        "lüe" => "lve",
        "nüe" => "nve",
        s => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Area, Kind};
    use pinyin::ToPinyinMulti;

    fn joined(s: &str) -> String {
        readings(s)
            .into_iter()
            .map(|r| r.unwrap_or("?"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn overrides_fix_wrong_defaults() {
        assert_eq!(joined("模具设计"), "mu ju she ji");
        assert_eq!(joined("莫干山路"), "mo gan shan lu");
        assert_eq!(joined("康乐路"), "kang le lu");
        assert_eq!(joined("俞家圩路"), "yu jia wei lu");
        assert_eq!(joined("银行业"), "yin hang ye");
        assert_eq!(joined("长江经济带"), "chang jiang jing ji dai");
        assert_eq!(joined("增长"), "zeng zhang");
        assert_eq!(joined("绿色"), "lv se");
        assert_eq!(joined("O2O社区"), "? ? ? she qu");
    }

    /// Every heteronym in the shipped dataset's searchable words, each reviewed in its words: a
    /// new one fails this test until someone checks its reading and adds it here (or to WORDS).
    #[test]
    fn every_heteronym_in_the_dataset_is_reviewed() {
        const REVIEWED: &str = "上中乐于件位余俞信兴分创募化北区医半发台告和售园圩场块墅大子家市干平广康意技拱\
            昌智服术杭模汽沿济港潭登石研科移经胜能节莫谷跨路车运通造部金钢";
        let d = crate::dataset::embedded();
        let mut words: Vec<String> = Vec::new();
        for p in &d.platforms {
            words.extend(p.all_names().map(|n| n.zh.to_string()));
            for i in &p.industries {
                words.push(i.zh.to_string());
                words.extend(i.aliases.iter().map(|a| a.to_string()));
            }
            match &p.area {
                Area::Bounded { .. } => {
                    words.extend(p.area.boundary_names().map(|n| n.to_string()))
                }
                Area::Located => words.push(p.area_text.zh.to_string()),
            }
        }
        for k in [
            Kind::Town,
            Kind::IndustrialPark,
            Kind::SoftwarePark,
            Kind::Cluster,
        ] {
            words.push(k.name().zh.to_string());
        }
        let unreviewed: Vec<String> = words
            .iter()
            .flat_map(|w| w.chars().map(move |c| (c, w)))
            .filter(|(c, _)| c.to_pinyin_multi().is_some_and(|m| m.count() > 1))
            .filter(|(c, _)| !REVIEWED.contains(*c))
            .map(|(c, w)| format!("{c} in {w}"))
            .collect();
        assert!(
            unreviewed.is_empty(),
            "unreviewed heteronyms: {unreviewed:?}"
        );
    }
}
