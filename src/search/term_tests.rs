//! Scoring of one term against each query form.

use super::term::*;
use fuzzy_matcher::skim::SkimMatcherV2;

fn score(key: &str, q: &str) -> Option<i32> {
    let mut terms = Terms::default();
    let id = terms.push(key, true);
    terms
        .get(id)
        .score(&Word::new(q), &SkimMatcherV2::default())
}
fn class(key: &str, q: &str) -> Option<i32> {
    score(key, q).map(|s| s / CLASS)
}
fn at(key: &str, q: &str) -> Vec<usize> {
    let mut terms = Terms::default();
    let id = terms.push(key, true);
    terms
        .get(id)
        .locate(&Word::new(q), &SkimMatcherV2::default())
        .map(|(_, p)| p)
        .unwrap_or_default()
}

#[test]
fn classes_of_each_query_form() {
    assert_eq!(class("跨境电商", "电商"), Some(EXACT));
    assert_eq!(class("电子商务", "dianzishangwu"), Some(EXACT));
    assert_eq!(class("电子商务", "dianzis"), Some(EXACT));
    assert_eq!(class("电子商务", "dzsw"), Some(INITIALS));
    assert_eq!(class("电子商务", "dzshang"), Some(MIXED));
    assert_eq!(class("电子商务", "电商"), Some(FUZZY));
    assert_eq!(class("LED lighting", "led"), Some(EXACT));
    assert_eq!(class("skilled", "led"), Some(INFIX));
    assert_eq!(class("e-commerce", "ecommerce"), Some(EXACT));
    assert_eq!(class("ecommerce", "e-commerce"), Some(EXACT));
    assert_eq!(class("micro and small business", "ds"), None);
    assert_eq!(class("internet finance", "fntech"), None);
    assert_eq!(class("fintech", "fntech"), Some(TYPO), "one letter dropped");
    assert_eq!(
        class("fintech", "fntch"),
        Some(FUZZY),
        "two letters dropped"
    );
    assert_eq!(
        class("software park", "softwer"),
        Some(TYPO),
        "one letter wrong"
    );
    assert_eq!(
        class("software park", "sotfware"),
        Some(TYPO),
        "two swapped"
    );
    assert_eq!(
        class("software park", "parkk"),
        Some(TYPO),
        "one extra, in a later word"
    );
    assert_eq!(
        class("software park", "aoftware"),
        None,
        "the first letter must be right"
    );
    assert_eq!(class("软件园", "softwer"), None);
    assert_eq!(class("fintech", "ftch"), None, "three dropped letters");
    assert_eq!(class("金融", "jinrng"), Some(TYPO));
    assert_eq!(class("金融", "jinrn"), Some(TYPO), "a prefix of a typo");
    assert_eq!(class("金融", "jirn"), None, "too short for a typo");
    assert_eq!(class("retail", "ai"), None, "too short inside a word");
    assert_eq!(class("retail", "tai"), Some(INFIX));
    assert_eq!(class("design", "ds"), None, "too short to scatter");
    assert!(score("金融", "jinrong") > score("金融", "jinrng"));
}

#[test]
fn pinyin_starts_at_a_syllable() {
    assert_eq!(class("电子商务", "ianzi"), None);
    assert_eq!(class("康桥路", "angqiao"), None);
    assert_eq!(class("电子商务", "shangwu"), Some(EXACT));
    assert_eq!(class("新能源", "xny"), Some(INITIALS));
    assert_eq!(class("新能源", "xnengy"), Some(MIXED));
}

#[test]
fn whole_and_prefix_matches_score_higher() {
    assert!(score("电商", "电商") > score("电商总部", "电商"));
    assert!(score("电商总部", "电商") > score("跨境电商", "电商"));
    assert!(score("跨境电商", "电商") > score("电子商务", "电商"));
}

#[test]
fn positions_are_characters_of_the_text() {
    assert_eq!(at("跨境电商", "电商"), vec![2, 3]);
    assert_eq!(at("电子商务", "shangwu"), vec![2, 3]);
    assert_eq!(at("电子商务", "dzsw"), vec![0, 1, 2, 3]);
    assert_eq!(at("新型O2O社区商贸", "o2o"), vec![2, 3, 4]);
    assert_eq!(at("北城·智汇园", "beichengzhi"), vec![0, 1, 3]);
    assert_eq!(
        at("Shangtang E-commerce Town", "ecommerce"),
        (10..20).filter(|&i| i != 11).collect::<Vec<_>>()
    );
    assert_eq!(at("电子商务", "电商"), vec![0, 2]);
    assert_eq!(at("software park", "softwer"), (0..7).collect::<Vec<_>>());
    assert_eq!(at("software park", "parkk"), (9..13).collect::<Vec<_>>());
}
