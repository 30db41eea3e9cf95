//! The English of the shipped dataset, held to the rules an editor can check mechanically: one
//! English name per boundary name, one English term per Chinese term, nothing the Chinese does not
//! say, truncated Chinese rendered truncated, roads spelled out, and industries counted by role.

use std::collections::HashMap;

use gongshu::dataset::{self, Area, Dataset, IndustryRole, Text};

/// Every bilingual pair in the dataset, with where it is.
fn pairs(d: &Dataset) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut t = |at: String, x: &Text| out.push((at, x.zh.to_string(), x.en.to_string()));
    t("district.name".into(), &d.district.name);
    t("district.city".into(), &d.district.city);
    t("district.border_name".into(), &d.district.border_name);
    t("source.title".into(), &d.source.title);
    t("source.reporter".into(), &d.source.reporter);
    for (i, h) in d.source.related.iter().enumerate() {
        t(format!("source.related[{i}]"), &h.title);
    }
    t("plan.title".into(), &d.plan.title);
    t("plan.requirements".into(), &d.plan.requirements);
    t("plan.target".into(), &d.plan.target);
    for (name, items) in [
        ("sub_targets", &d.plan.sub_targets),
        ("measures", &d.plan.measures),
    ] {
        for (i, it) in items.iter().enumerate() {
            t(format!("plan.{name}[{i}].title"), &it.title);
            t(format!("plan.{name}[{i}].text"), &it.text);
        }
    }
    for p in &d.platforms {
        t(format!("{}.name", p.id), &p.name);
        for (j, n) in p.other_names.iter().enumerate() {
            t(format!("{}.other_names[{j}]", p.id), n);
        }
        if let Some(k) = &p.kind_as_written {
            t(format!("{}.kind_as_written", p.id), k);
        }
        t(format!("{}.area_text", p.id), &p.area_text);
        t(format!("{}.industries_text", p.id), &p.industries_text);
        for (j, i) in p.industries.iter().enumerate() {
            let ind = Text {
                zh: i.zh.clone(),
                en: i.en.clone(),
            };
            t(format!("{}.industries[{j}]", p.id), &ind);
        }
    }
    for f in &d.basemap {
        t(format!("basemap {}", f.name.zh), &f.name);
        for a in &f.aliases {
            t(format!("basemap alias {}", a.zh), a);
        }
    }
    out
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[test]
fn every_boundary_name_has_english_of_its_own_naming_one_road_or_river() {
    let d = dataset::embedded();
    let mut seen: HashMap<String, String> = HashMap::new();
    for p in &d.platforms {
        for name in p.area.boundary_names() {
            let b = d
                .boundary(name)
                .unwrap_or_else(|| panic!("{}: boundary {name} resolves to nothing", p.id));
            let en = b.en.as_str();
            assert!(
                !en.contains(',')
                    && !en.contains(" and ")
                    && !en.contains('/')
                    && !words(en).any(|w| w == "Roads" || w == "Rds"),
                "{}: {name} is {en:?}, which names more than one road",
                p.id
            );
            let last = words(en).last().unwrap_or("");
            assert!(
                ["Road", "Street", "River", "Creek", "Canal", "Railway"].contains(&last)
                    || en == d.district.border_name.en,
                "{}: {name} is {en:?}, which does not name a road, river or railway",
                p.id
            );
            assert_eq!(d.boundary_en(name), en);
            if let Some(other) = seen.insert(en.to_string(), name.to_string()) {
                assert_eq!(&other, name, "{other} and {name} share the English {en:?}");
            }
            assert!(
                p.area_text.en.contains(en),
                "{}: its area text does not say {en:?} for {name}",
                p.id
            );
        }
    }
    // The three roads the basemap draws as one line read as three roads.
    let east: Vec<String> = match &d.platforms[7].area {
        Area::Bounded { east, .. } => east.iter().map(|n| d.boundary_en(n)).collect(),
        Area::Located => panic!("Shenhua names its sides"),
    };
    assert_eq!(
        east,
        [
            "Moganshan Road",
            "Huagong Road",
            "Tangzhong Road",
            "Yujiawei Road"
        ]
    );
}

#[test]
fn no_english_repeats_another_names_english() {
    let d = dataset::embedded();
    let mut names: HashMap<&str, &str> = HashMap::new();
    for p in &d.platforms {
        for n in p.all_names() {
            if n.en.is_empty() {
                continue;
            }
            if let Some(other) = names.insert(&n.en, &n.zh) {
                panic!("{} and {} are both {:?} in English", other, n.zh, n.en);
            }
        }
        // An other name either has English of its own or none: never the main name's again.
        for n in &p.other_names {
            assert_ne!(
                n.en, p.name.en,
                "{}: other name {} repeats the name",
                p.id, n.zh
            );
        }
        assert!(
            p.other_names_with_english().all(|n| !n.en.is_empty()),
            "{}",
            p.id
        );
    }
    let beicheng = &d.platforms[8];
    assert_eq!(beicheng.other_names_with_english().count(), 0);
}

#[test]
fn one_chinese_term_reads_one_way_in_english() {
    let d = dataset::embedded();
    // 信息软件 and 软件信息 are one term written in two orders.
    fn same(zh: &str) -> &str {
        if zh == "信息软件" {
            "软件信息"
        } else {
            zh
        }
    }
    let mut en_of: HashMap<&str, &str> = HashMap::new();
    let mut zh_of: HashMap<&str, &str> = HashMap::new();
    for p in &d.platforms {
        for i in &p.industries {
            let zh = same(&i.zh);
            if let Some(en) = en_of.insert(zh, &i.en) {
                assert_eq!(en, i.en, "{} reads two ways in English", i.zh);
            }
            if let Some(other) = zh_of.insert(&i.en, zh) {
                assert_eq!(
                    other, zh,
                    "{other} and {} share the English {:?}",
                    i.zh, i.en
                );
            }
            // The list and the paragraph use the same words.
            assert!(
                p.industries_text
                    .en
                    .to_lowercase()
                    .contains(&i.en.to_lowercase()),
                "{}: the paragraph does not say {:?} for {}",
                p.id,
                i.en,
                i.zh
            );
        }
    }
}

#[test]
fn the_kinds_english_agrees_with_the_name() {
    let d = dataset::embedded();
    for p in &d.platforms {
        // Where the name carries the kind (康桥健康产业园), its English carries the kind's.
        if p.kind_as_written.is_none() && p.kind_is_written() {
            let kind = p.kind.name().en.to_lowercase();
            assert!(
                p.name.en.to_lowercase().ends_with(&kind),
                "{}: {:?} does not end with its kind {kind:?}",
                p.id,
                p.name.en
            );
        }
    }
}

#[test]
fn truncated_chinese_has_truncated_english() {
    let d = dataset::embedded();
    // The article prints these headlines cut off.
    const CUT: [&str; 2] = ["勇当产业立区排", "做好招大"];
    let mut cut = 0;
    for h in &d.source.related {
        if CUT.iter().any(|c| h.title.zh.ends_with(c)) {
            cut += 1;
            assert!(
                h.title.en.ends_with('…'),
                "{:?} is cut in Chinese but not in English",
                h.title.en
            );
        } else {
            assert!(!h.title.en.contains('…'), "{:?}", h.title.en);
        }
    }
    assert_eq!(cut, CUT.len());
}

#[test]
fn english_adds_nothing_the_chinese_does_not_say() {
    let d = dataset::embedded();
    for (at, zh, en) in pairs(&d) {
        assert!(
            !en.contains("Tipson"),
            "{at}: a brand name the article lacks"
        );
        assert!(
            !en.contains("LED") || zh.contains("LED"),
            "{at}: {en:?} says LED where the Chinese does not"
        );
        assert!(
            !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{at}: Chinese in the English {en:?}"
        );
    }
}

#[test]
fn roads_are_spelled_out_and_names_capitalised() {
    let d = dataset::embedded();
    for (at, _, en) in pairs(&d) {
        for w in words(&en) {
            assert!(
                !["Rd", "Rds", "St", "stn"].contains(&w),
                "{at}: {en:?} abbreviates {w:?}; spell it out (map labels abbreviate for themselves)"
            );
        }
        assert!(
            !en.contains("Gongshu district"),
            "{at}: {en:?}: the district's name is Gongshu District"
        );
    }
    assert_eq!(d.district.border_name.en, "Gongshu District boundary");
}

#[test]
fn plan_titles_do_not_repeat_a_verb() {
    let d = dataset::embedded();
    let mut first: HashMap<&str, &str> = HashMap::new();
    for it in d.plan.sub_targets.iter().chain(&d.plan.measures) {
        let verb = it.title.en.split(' ').next().unwrap_or("");
        if let Some(other) = first.insert(verb, &it.title.en) {
            panic!("{other:?} and {:?} start alike", it.title.en);
        }
    }
}

#[test]
fn industries_are_counted_by_their_role() {
    let d = dataset::embedded();
    // Key industries per platform as the article names them; everything else with its role.
    const KEY: [usize; 10] = [3, 6, 6, 1, 5, 3, 7, 3, 5, 4];
    let others: &[(u32, &str, IndustryRole)] = &[
        (3, "信息经济", IndustryRole::Theme),
        (4, "信息经济", IndustryRole::Theme),
        (8, "互联网+", IndustryRole::Theme),
        (8, "信息经济", IndustryRole::Theme),
        (9, "总部经济", IndustryRole::Project),
        (9, "科研", IndustryRole::Project),
        (10, "民营医院", IndustryRole::Positioning),
        (10, "健康产业", IndustryRole::Positioning),
        (10, "医疗服务", IndustryRole::Basis),
    ];
    for (p, key) in d.platforms.iter().zip(KEY) {
        assert_eq!(p.key_industries().count(), key, "{}", p.id);
        for i in &p.industries {
            let expected = others
                .iter()
                .find(|(n, zh, _)| *n == p.number && *zh == i.zh)
                .map_or(IndustryRole::Key, |o| o.2);
            assert_eq!(i.role, expected, "{}: {}", p.id, i.zh);
        }
    }
    assert_eq!(d.key_industry_count(), 43);
    assert_eq!(d.industry_item_count(), 52);
    for role in IndustryRole::ALL {
        let name = role.name();
        assert!(!name.zh.is_empty() && !name.en.is_empty());
    }
}

#[test]
fn the_year_is_marked_inferred() {
    let d = dataset::embedded();
    assert!(d.source.year_inferred);
    assert_eq!(d.source.year_text().en, "2017 (inferred)");
}

/// Terms of the plan that read one way wherever they appear, in words that say what the Chinese
/// says: each Chinese term, and the English every text holding it must use.
const TERMS: &[(&str, &str)] = &[
    // The enterprises act; they do not lead.
    ("企业主体", "enterprises as the main actors"),
    // Not a "tax haven": where the policies are most favourable.
    ("政策洼地", "the places with the most favourable policies"),
    // A matched pair, both halves said.
    (
        "产业智慧化、智慧产业化",
        "making industries smart and turning smart technology into industries",
    ),
    // One term for 金字招牌, in the target's title and the measure alike.
    ("金字招牌", "prestigious brand"),
    // 产业园 and 工业园区 are different words.
    ("产业园", "Industry Park"),
    ("工业园区", "Industrial Park"),
    // Privately raised funds of every kind, not private equity alone.
    ("私募金融", "private fund finance"),
];

#[test]
fn the_plans_terms_read_one_way_and_say_what_the_chinese_says() {
    let d = dataset::embedded();
    for &(term, english) in TERMS {
        let mut seen = 0;
        for (at, zh, en) in pairs(&d) {
            // 产业园 inside 产业园区 or a longer word is still 产业园.
            if zh.contains(term) {
                seen += 1;
                assert!(
                    en.to_lowercase().contains(&english.to_lowercase()),
                    "{at}: {term} is {english:?} in English, not as in {en:?}"
                );
            }
        }
        assert!(seen > 0, "{term} appears somewhere");
    }
    for (at, _, en) in pairs(&d) {
        for wrong in [
            "enterprise leadership",
            "haven",
            "prestigious national titles",
            "private equity finance",
        ] {
            assert!(!en.contains(wrong), "{at}: {en:?} says {wrong:?}");
        }
        // 产业 is "industry": a park named for it is no "industrial park" unless it is a 工业园区.
        assert!(
            !en.contains("Industrial Park") || en.contains("Banshan Shitang Industrial Park"),
            "{at}: {en:?}"
        );
    }
}

/// What the article does not say is marked as the translator's, never passed off as the text.
#[test]
fn glosses_the_article_lacks_are_marked_as_the_translators() {
    let d = dataset::embedded();
    for (at, zh, en) in pairs(&d) {
        for gloss in ["667 m²", "each office building", "health and wellness"] {
            if let Some(k) = en.find(gloss) {
                assert!(
                    en[..k].ends_with("translator's note: ")
                        || en[..k].contains("(translator's note: "),
                    "{at}: {gloss:?} is not marked as a translator's note in {en:?}"
                );
                assert!(!zh.contains(gloss));
            }
        }
    }
    // An industry's name carries no gloss: the name is what the article says.
    for p in &d.platforms {
        for i in &p.industries {
            assert!(!i.en.contains('('), "{}: {:?}", p.id, i.en);
        }
    }
}

/// A platform's map label is its name or the start of it, never another of its names.
#[test]
fn the_map_labels_a_platform_by_its_own_name() {
    let d = dataset::embedded();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongshu"))
        .args([
            "--lang", "en", "--color", "never", "map", "--width", "200", "--height", "60",
        ])
        .output()
        .expect("runs");
    let map = String::from_utf8(out.stdout).unwrap();
    let shenhua = d.platforms.iter().find(|p| p.number == 8).unwrap();
    assert!(map.contains(&*shenhua.name.en), "{map}");
    for p in &d.platforms {
        for other in &p.other_names {
            if !other.en.is_empty() && !p.name.en.starts_with(&*other.en) {
                assert!(!map.contains(&*other.en), "{}: {}", p.id, other.en);
            }
        }
    }
}
