//! The query forms people use, against the shipped dataset.

use super::*;
use crate::dataset::{self, Dataset, Industry, Platform, Text};

fn index() -> (Dataset, Index) {
    let d = dataset::embedded();
    let i = Index::new(&d);
    (d, i)
}

/// The first `k` numbers, sorted: for checks where the order among them does not matter.
fn top(n: &[u32], k: usize) -> Vec<u32> {
    let mut t = n[..k.min(n.len())].to_vec();
    t.sort();
    t
}

/// Platform numbers of the hits, best first.
fn numbers(q: &str) -> Vec<u32> {
    let (d, i) = index();
    i.search(q)
        .iter()
        .map(|h| d.platforms[h.platform].number)
        .collect()
}

#[test]
fn chinese_finds_every_real_match_and_nothing_else() {
    let n = numbers("电商");
    assert_eq!(n[..4], [2, 3, 4, 7], "{n:?}");
    assert!(!n.contains(&10), "康桥健康产业园 has no 电商: {n:?}");
    assert!(!n.contains(&1) && !n.contains(&6), "{n:?}");
}

#[test]
fn chinese_matches_highlight_the_industry() {
    let (_, i) = index();
    let hits = i.search("电商");
    let first = &hits[0];
    assert_eq!(first.platform, 1);
    let m = &i.matches(first.platform, "电商")[0];
    assert!(matches!(m.field, Field::Industry(_)), "{m:?}");
    // 电子商务 via its alias 电商: the alias's characters found in the industry's own text.
    assert_eq!(m.text, "电子商务");
    assert_eq!(m.positions, vec![0, 2]);
}

#[test]
fn full_pinyin() {
    let n = numbers("dianzishangwu");
    assert_eq!(n, [2, 3, 7], "only platforms with 电子商务");
    let n = numbers("dianshang");
    assert_eq!(n[..4], [2, 3, 4, 7], "{n:?}");
    assert!(!n.contains(&10), "{n:?}");
    let (_, i) = index();
    let hits = i.search("dianshang");
    let cross = i
        .matches(hits[0].platform, "dianshang")
        .into_iter()
        .find(|m| m.text == "电子商务")
        .expect("电子商务 matched");
    assert_eq!(cross.positions, vec![0, 2], "电商 highlighted in 电子商务");
}

#[test]
fn pinyin_initials() {
    assert_eq!(numbers("dzsw"), [2, 3, 7]);
    let n = numbers("xny");
    assert_eq!(n[0], 6, "{n:?}");
    let n = numbers("ds");
    assert_eq!(n[..4], [2, 3, 4, 7], "{n:?}");
}

#[test]
fn english() {
    let n = numbers("e-commerce");
    assert_eq!(n[0], 2, "{n:?}");
    assert_eq!(top(&n, 4), [2, 3, 4, 7], "{n:?}");
    assert_eq!(top(&numbers("ecommerce"), 4), [2, 3, 4, 7]);
    assert_eq!(numbers("fintech"), [1, 3, 7]);
    assert_eq!(numbers("iot"), [3, 7, 9]);
    assert_eq!(numbers("LED")[0], 6);
    assert_eq!(numbers("healthcare"), [10]);
    let n = numbers("new energy");
    assert_eq!(n[0], 6, "{n:?}");
    assert!(!n.contains(&10), "{n:?}");
}

#[test]
fn mixed_case_and_full_width() {
    assert_eq!(numbers("FinTech"), numbers("fintech"));
    assert_eq!(numbers("ＩｏＴ"), numbers("iot"));
    assert_eq!(numbers("DianShang"), numbers("dianshang"));
}

#[test]
fn every_word_must_match() {
    let n = numbers("金融 internet");
    assert_eq!(top(&n, 9), [1, 3, 7], "{n:?}");
    assert_eq!(numbers("金融　ＩＮＴＥＲＮＥＴ"), n);
    assert_eq!(numbers("电商 healthcare"), Vec::<u32>::new());
}

#[test]
fn a_typo_in_english_still_finds() {
    assert_eq!(numbers("fntech"), [1, 3, 7]);
    assert_eq!(numbers("healthcre"), [10]);
    // A letter wrong: not there to be skipped, so only a typo can find it.
    assert_eq!(numbers("softwer"), numbers("software"));
    assert_eq!(numbers("finanse"), numbers("finance"));
    assert_eq!(numbers("healthkare"), [10]);
    assert!(numbers("xqzv").is_empty());
}

#[test]
fn names_kind_and_boundaries_match_below_industries() {
    assert_eq!(top(&numbers("kangqiao"), 9), [6, 10]);
    assert_eq!(numbers("上塘")[0], 2, "the name before boundary roads");
    assert!(numbers("上塘").contains(&1), "上塘路 bounds platform 1");
    let n = numbers("software park");
    assert_eq!(n[0], 3, "{n:?}");
    assert_eq!(numbers("yujiawei"), [8], "圩 read wei");
    assert_eq!(numbers("kanglelu"), [6], "乐 read le");
    assert_eq!(numbers("mujusheji"), [5], "模具 read mu");
}

#[test]
fn blank_query_lists_everything_in_order() {
    let (_, i) = index();
    for q in ["", "   ", "\u{3000}"] {
        let hits = i.search(q);
        assert_eq!(hits.len(), 10);
        assert!(
            hits.iter()
                .enumerate()
                .all(|(k, h)| h.platform == k && i.matches(h.platform, q).is_empty())
        );
    }
}

#[test]
fn scattered_matches_rank_below_every_real_one() {
    let mut d = dataset::embedded();
    let template = d.platforms[9].clone();
    let industry = |zh: &str, en: &str| Industry {
        zh: zh.into(),
        en: en.into(),
        role: Default::default(),
        aliases: Vec::new(),
    };
    d.platforms.push(Platform {
        id: "scattered".into(),
        number: 0,
        name: Text {
            zh: "测试园".into(),
            en: "Test Park".into(),
        },
        industries: vec![industry(
            "电子信息商务服务",
            "electronics and business services",
        )],
        ..template
    });
    let i = Index::new(&d);
    let hits = i.search("电商");
    let last = hits.last().unwrap();
    assert_eq!(
        last.platform, 10,
        "the scattered match comes last although numbered 0"
    );
    assert_eq!(i.matches(last.platform, "电商")[0].positions, vec![0, 4]);
    assert!(hits.len() > 4);
}

#[test]
fn matches_point_into_their_text() {
    let (_, i) = index();
    for q in [
        "电商",
        "dianshang",
        "ds",
        "fintech",
        "led",
        "金融 internet",
        "kq",
        "zhhy",
        "park",
    ] {
        for h in i.search(q) {
            let matches = i.matches(h.platform, q);
            assert!(!matches.is_empty(), "{q}");
            for m in &matches {
                let n = m.text.chars().count();
                assert!(m.positions.iter().all(|&p| p < n), "{q}: {m:?}");
                assert!(m.positions.windows(2).all(|w| w[0] < w[1]), "{q}: {m:?}");
            }
        }
    }
}

#[test]
fn english_alias_highlights_what_it_can() {
    let (_, i) = index();
    let hits = i.search("fintech");
    let m = &i.matches(hits[0].platform, "fintech")[0];
    assert_eq!(m.field, Field::IndustryEn(1));
    assert_eq!(m.text, "internet finance");
    assert!(m.positions.is_empty());
    let hits = i.search("led");
    let m = &i.matches(hits[0].platform, "led")[0];
    assert_eq!(m.text, "LED");
    assert_eq!(m.positions, vec![0, 1, 2]);
}

#[test]
fn field_keys_are_stable() {
    let all = [
        Field::Industry(0),
        Field::IndustryEn(0),
        Field::Name,
        Field::NameEn,
        Field::OtherName(0),
        Field::Kind,
        Field::Boundary,
    ];
    let keys: Vec<&str> = all.iter().map(Field::key).collect();
    assert_eq!(
        keys,
        [
            "industry",
            "industry_en",
            "name",
            "name_en",
            "other_name",
            "kind",
            "boundary"
        ]
    );
}

/// Typing one more character and refining the previous hits gives exactly a fresh search.
#[test]
fn refine_equals_search_for_every_keystroke() {
    let d = dataset::synthetic::generate(600);
    let i = Index::new(&d);
    let queries = [
        "电子商务",
        "dianzishangwu",
        "dzsw",
        "e-commerce",
        "金融 internet",
        "new energy",
        "kangqiao",
        "ＬＥＤ lighting",
        "fntech",
        "xnengy",
        "上塘路",
        "运河财富小镇12",
        "dianshagn",
        "xinnengyaun",
        "jinrng rongzi",
        "ailed",
    ];
    for q in queries {
        let chars: Vec<char> = q.chars().collect();
        let mut prev = i.search("");
        let mut prev_query = String::new();
        for k in 1..=chars.len() {
            let typed: String = chars[..k].iter().collect();
            let fresh = i.search(&typed);
            let refined = i.refine(&typed, &prev_query, &prev);
            assert_eq!(refined, fresh, "after typing {typed:?}");
            // Refining from further back agrees too.
            for back in 1..k {
                let from: String = chars[..back].iter().collect();
                assert_eq!(
                    i.refine(&typed, &from, &i.search(&from)),
                    fresh,
                    "{from:?} to {typed:?}"
                );
            }
            prev = refined;
            prev_query = typed;
        }
    }
}

/// Every field that matches is reported, best first, not only the one that ranked the platform.
#[test]
fn matches_are_every_matching_field_best_first() {
    let (d, i) = index();
    let p = d.platforms.iter().position(|p| p.number == 2).unwrap();
    let found: Vec<(Field, String, Vec<usize>)> = i
        .matches(p, "电商")
        .into_iter()
        .map(|m| (m.field, m.text, m.positions))
        .collect();
    let want = [
        (Field::Industry(0), "电子商务", vec![0, 2]),
        (Field::Industry(1), "电商总部", vec![0, 1]),
        // A prefix beats a shorter key matched further in.
        (Field::Industry(5), "电商创业创意中心", vec![0, 1]),
        (Field::Industry(4), "跨境电商", vec![2, 3]),
        (Field::Industry(2), "专业市场电商平台", vec![4, 5]),
        (Field::Name, "上塘电商小镇", vec![2, 3]),
    ]
    .map(|(f, t, v)| (f, t.to_string(), v));
    assert_eq!(found, want);
    // Several words: each word's fields, merged where they share one.
    let m = i.matches(p, "电商 shangtang");
    assert!(m.iter().any(|m| m.text == "电子商务"), "{m:?}");
    let name = m.iter().find(|m| m.field == Field::Name).unwrap();
    assert_eq!(name.positions, vec![0, 1, 2, 3], "{m:?}");
    // Nothing for a platform the query does not find, nor for a blank query.
    assert!(i.matches(p, "电商 healthcare").is_empty());
    assert!(i.matches(p, " ").is_empty());
    assert!(i.matches(usize::MAX, "电商").is_empty());
}

/// Best first, ties by number then index: however the dataset is numbered, and when the scan is
/// split over threads.
#[test]
fn hits_are_ranked_with_ties_by_number() {
    let ranked = |d: &Dataset, i: &Index, q: &str| {
        let hits = i.search(q);
        assert!(!hits.is_empty(), "{q}");
        let key = |h: &Hit| (-h.score, d.platforms[h.platform].number, h.platform);
        assert!(hits.windows(2).all(|w| key(&w[0]) < key(&w[1])), "{q}");
        let refined = i.refine(q, &q[..1], &i.search(&q[..1]));
        assert_eq!(refined, hits, "{q}");
    };
    let mut d = dataset::synthetic::generate(600);
    // Numbers out of dataset order, some repeated.
    for (k, p) in d.platforms.iter_mut().enumerate() {
        p.number = ((k * 7919) % 97) as u32;
    }
    let i = Index::new(&d);
    assert!(!i.numbered_in_order);
    for q in ["dianshang", "ds", "e-commerce"] {
        ranked(&d, &i, q);
    }
    let d = dataset::synthetic::generate(PARALLEL_FROM + 100);
    let i = Index::new(&d);
    assert!(i.numbered_in_order);
    for q in ["dianshang", "ds", "e-commerce"] {
        ranked(&d, &i, q);
    }
}

/// One letter wrong, missing, extra or swapped in pinyin of five letters or more finds what the
/// right spelling finds.
#[test]
fn a_typo_in_pinyin_still_finds() {
    for (typo, right) in [
        ("jinrng", "jinrong"),
        ("dianshagn", "dianshang"),
        ("xinnengyaun", "xinnengyuan"),
        ("jinrrong", "jinrong"),
        ("jinrang", "jinrong"),
    ] {
        let (a, b) = (numbers(typo), numbers(right));
        assert!(!b.is_empty(), "{right}");
        assert_eq!(top(&a, a.len()), top(&b, b.len()), "{typo} vs {right}");
    }
    // Too short to forgive: one edit from too much.
    assert!(numbers("jinr").iter().all(|n| [1, 3, 7].contains(n)));
    assert!(numbers("jnrng").is_empty(), "two letters missing");
}

#[test]
fn a_typo_ranks_below_the_exact_spelling() {
    let mut d = dataset::embedded();
    let template = d.platforms[9].clone();
    d.platforms.push(Platform {
        id: "typo".into(),
        number: 0,
        industries: vec![Industry {
            zh: "新农".into(),
            en: "new farming".into(),
            role: Default::default(),
            aliases: Vec::new(),
        }],
        ..template
    });
    let i = Index::new(&d);
    let hits = i.search("xinneng");
    assert_eq!(hits[0].platform, 5, "新能源, spelled right, first");
    assert_eq!(
        hits.last().unwrap().platform,
        10,
        "新农, one letter off, last"
    );
    let m = &i.matches(10, "xinneng")[0];
    assert_eq!((m.text.as_str(), &m.positions[..]), ("新农", &[0, 1][..]));
}

/// Short Latin words match at word starts only: no hits made of letters inside or scattered
/// across words (`ai` in "retail", "Railway", "and information"; `ds` in "design").
#[test]
fn short_words_invent_no_hits() {
    assert!(numbers("ai").is_empty(), "{:?}", numbers("ai"));
    assert_eq!(numbers("ds"), [2, 3, 4, 7]);
    let (_, i) = index();
    for q in ["ai", "ds", "an", "ng"] {
        for h in i.search(q) {
            for m in i.matches(h.platform, q) {
                assert!(
                    !m.positions.is_empty(),
                    "{q}: {m:?} shows nothing it matched"
                );
            }
        }
    }
    // Long enough, they still match inside a word and scattered.
    assert!(!numbers("retail").is_empty());
    assert_eq!(numbers("fntech"), [1, 3, 7]);
}

/// An index built in chunks on several threads is the index one thread builds, to the byte: the
/// same keys and groups with the same numbers, so every search and every cache entry agrees.
#[test]
fn an_index_built_in_chunks_is_the_one_built_whole() {
    let mut d = dataset::synthetic::generate(3_000);
    // Keys that only a later chunk uses, and one shared by the first and the last.
    d.platforms[2_900].industries[0].zh = "只在后面的产业".into();
    d.platforms[2_999].name.en = d.platforms[0].name.en.clone();
    let bytes = |i: &Index| postcard::to_stdvec(i).unwrap();
    let whole = bytes(&build::build(&d, 1));
    for threads in [2, 3, 7] {
        assert!(
            whole == bytes(&build::build(&d, threads)),
            "{threads} threads"
        );
    }
    let shipped = dataset::embedded();
    assert!(bytes(&build::build(&shipped, 1)) == bytes(&build::build(&shipped, 4)));
}

#[test]
fn a_bare_number_finds_that_platform_first_and_only_by_the_whole_number() {
    let d = crate::dataset::embedded();
    let index = Index::new(&d);
    for n in 1..=10u32 {
        let hits = index.search(&n.to_string());
        let first = d.platforms[hits[0].platform].number;
        assert_eq!(first, n, "{n}");
        let m = index.matches(hits[0].platform, &n.to_string());
        assert_eq!(m[0].field, Field::Number, "{n}: {m:?}");
        assert_eq!(m[0].text, n.to_string());
    }
    assert_eq!(d.platforms[index.search(" 06 ")[0].platform].number, 6);
    // Out of range: not a number query.
    assert!(index.search("0").is_empty());
    assert!(index.search("100").is_empty());

    // 100 platforms: `6` is platform 6 only, never 60-69 by number.
    let big = crate::dataset::synthetic::generate(100);
    let index = Index::new(&big);
    let hits = index.search("6");
    assert_eq!(big.platforms[hits[0].platform].number, 6);
    for h in &hits[1..] {
        let m = index.matches(h.platform, "6");
        assert!(m.iter().all(|m| m.field != Field::Number), "{m:?}");
    }
    // Typing 6 then 0 in the atlas refines: 60 is found though 6 did not find it.
    let refined = index.refine("60", "6", &hits);
    assert_eq!(big.platforms[refined[0].platform].number, 60);
    assert_eq!(refined, index.search("60"));
}
