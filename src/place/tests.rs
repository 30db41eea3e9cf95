//! The sentences against the 13 relations of the design's GEOGRAPHY.md: the facts are read, not the
//! strings, and then each sentence's direction word is checked against its fact.

use super::words::compass;
use super::*;
use crate::dataset;

/// One of the relations a reader from the district checks at once (GEOGRAPHY.md).
#[derive(Debug, Clone, Copy)]
enum Rel {
    /// These platforms lie north (true) or south of Shixiang Rd, the spine.
    Spine(&'static [u32], bool),
    /// Platform `a` lies in this direction from platform `b`.
    Dir(u32, Compass, u32),
    /// The line runs through the platform.
    Through(&'static str, u32),
    /// The river is the platform's east border.
    EastBorder(&'static str, u32),
    /// The platform is the north-easternmost of all.
    NorthEasternmost(u32),
    /// The platform is the westernmost of these.
    Westernmost(u32, &'static [u32]),
    /// The platform lies along the spine.
    AlongSpine(u32),
}

/// GEOGRAPHY.md's relations, one a row, in its order.
const RELATIONS: [Rel; 13] = [
    Rel::Spine(&[3, 4, 6, 9, 10], true),
    Rel::Spine(&[1, 2, 5, 8], false),
    Rel::Dir(4, Compass::North, 2),
    Rel::Dir(10, Compass::North, 4),
    Rel::Dir(6, Compass::East, 10),
    Rel::Dir(5, Compass::West, 1),
    Rel::Dir(3, Compass::North, 5),
    Rel::Dir(8, Compass::SouthWest, 5),
    Rel::Westernmost(8, &[1, 2, 5]),
    Rel::Through("京杭大运河", 1),
    Rel::EastBorder("上塘河", 2),
    Rel::NorthEasternmost(9),
    Rel::AlongSpine(7),
];

fn index(d: &Dataset, n: u32) -> usize {
    d.platforms.iter().position(|p| p.number == n).unwrap()
}

fn feature(d: &Dataset, zh: &str) -> usize {
    d.basemap.iter().position(|f| f.name.zh == zh).unwrap()
}

/// Whether direction `said` agrees with `rel`: it shares a component with it and has none
/// against it.
fn agrees(said: Compass, rel: Compass) -> bool {
    let (s, r) = (said.components(), rel.components());
    let against = (r.0 != 0 && s.0 == -r.0) || (r.1 != 0 && s.1 == -r.1);
    let shares = (r.0 != 0 && s.0 == r.0) || (r.1 != 0 && s.1 == r.1);
    shares && !against
}

/// Every place platform `b` is said to lie as seen from `a`: the full list and the sentences.
fn said_of(d: &Dataset, a: usize, b: usize) -> Vec<Compass> {
    let mut all: Vec<Compass> = near(d, a)
        .iter()
        .filter(|n| n.platform == b)
        .map(|n| n.direction.unwrap())
        .collect();
    for s in describe_platform(d, a) {
        if let Fact::Platform { near, .. } = s.fact
            && near.platform == b
        {
            all.push(near.direction.unwrap());
        }
    }
    all
}

fn region(d: &Dataset, i: usize) -> Option<Compass> {
    describe_platform(d, i)
        .into_iter()
        .find_map(|s| match s.fact {
            Fact::Lies { region, .. } => Some(region),
            _ => None,
        })
        .unwrap()
}

fn spine_of(d: &Dataset, i: usize) -> (Option<Compass>, Sentence) {
    describe_platform(d, i)
        .into_iter()
        .find_map(|s| match s.fact {
            Fact::Spine { side, .. } => Some((side, s)),
            _ => None,
        })
        .unwrap()
}

fn district(d: &Dataset) -> Vec<Sentence> {
    describe_district(d)
}

fn check(d: &Dataset, rel: Rel) -> Result<(), String> {
    let n = |k: u32| index(d, k);
    match rel {
        Rel::Spine(ps, north) => {
            let want = if north {
                Compass::North
            } else {
                Compass::South
            };
            for &p in ps {
                let (side, s) = spine_of(d, n(p));
                if side != Some(want) {
                    return Err(format!("[{p}] on side {side:?}: {}", s.en));
                }
            }
            let sides = district(d)
                .into_iter()
                .find_map(|s| match s.fact {
                    Fact::SpineSides { north, south, .. } => Some((north, south)),
                    _ => None,
                })
                .ok_or("no spine in the district's layout")?;
            let list = if north { &sides.0 } else { &sides.1 };
            for &p in ps {
                if !list.contains(&n(p)) {
                    return Err(format!("[{p}] not listed on its side: {sides:?}"));
                }
            }
        }
        Rel::AlongSpine(p) => {
            let (side, s) = spine_of(d, n(p));
            if side.is_some() {
                return Err(format!("[{p}] beside the spine: {}", s.en));
            }
        }
        Rel::Dir(a, dir, b) => {
            for c in said_of(d, n(b), n(a)) {
                if !agrees(c, dir) {
                    return Err(format!("[{a}] said to lie {c:?} of [{b}], not {dir:?}"));
                }
            }
            for c in said_of(d, n(a), n(b)) {
                if !agrees(c, dir.opposite()) {
                    return Err(format!("[{b}] said to lie {c:?} of [{a}]"));
                }
            }
            // The parts of the district are not reversed either.
            let (ra, rb) = (region(d, n(a)), region(d, n(b)));
            let comp = |r: Option<Compass>| r.map_or((0, 0), Compass::components);
            let (ca, cb, cd) = (comp(ra), comp(rb), dir.components());
            if (cd.0 != 0 && (ca.0 - cb.0) * cd.0 < 0) || (cd.1 != 0 && (ca.1 - cb.1) * cd.1 < 0) {
                return Err(format!("[{a}] in {ra:?}, [{b}] in {rb:?}"));
            }
        }
        Rel::Westernmost(p, others) => {
            for &o in others {
                for c in said_of(d, n(p), n(o)) {
                    if c.components().0 < 0 {
                        return Err(format!("[{o}] said to lie {c:?} of [{p}]"));
                    }
                }
            }
        }
        Rel::NorthEasternmost(p) => {
            if region(d, n(p)) != Some(Compass::NorthEast) {
                return Err(format!("[{p}] in {:?}", region(d, n(p))));
            }
            for o in 0..d.platforms.len() {
                for c in said_of(d, n(p), o) {
                    let (x, y) = c.components();
                    if x > 0 || y > 0 {
                        return Err(format!("[{}] said to lie {c:?} of [{p}]", o + 1));
                    }
                }
            }
        }
        Rel::Through(line, p) => {
            let f = feature(d, line);
            let found = describe_platform(d, n(p)).into_iter().any(|s| {
                matches!(s.fact, Fact::Line { feature, course: Course::Through, .. } if feature == f)
            });
            if !found {
                return Err(format!("{line} does not run through [{p}]"));
            }
        }
        Rel::EastBorder(line, p) => {
            let f = feature(d, line);
            let said = describe_platform(d, n(p))
                .into_iter()
                .find_map(|s| match s.fact {
                    Fact::Line {
                        feature, direction, ..
                    } if feature == f => Some(direction),
                    _ => None,
                });
            match said {
                Some(Some(c)) if agrees(c, Compass::East) => {}
                other => return Err(format!("{line} of [{p}]: {other:?}")),
            }
        }
    }
    Ok(())
}

#[test]
fn every_sentence_agrees_with_the_districts_relations() {
    let d = dataset::embedded();
    for rel in RELATIONS {
        if let Err(e) = check(&d, rel) {
            panic!("{rel:?}: {e}");
        }
    }
}

/// Every English and Chinese direction word in a sentence, in order ("north-east" is one).
fn words_in(s: &str, zh: bool) -> Vec<Compass> {
    let mut found = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        // The longest word first, so 东北 is not read as 北.
        let mut best: Option<(usize, usize, Compass)> = None;
        for c in Compass::ALL {
            let w = compass(c, if zh { Lang::Zh } else { Lang::En });
            if let Some(at) = rest.find(w) {
                let better = match best {
                    None => true,
                    Some((b, len, _)) => at < b || (at == b && w.len() > len),
                };
                if better {
                    best = Some((at, w.len(), c));
                }
            }
        }
        let Some((at, len, c)) = best else { break };
        found.push(c);
        rest = &rest[at + len..];
    }
    found
}

#[test]
fn each_sentence_says_the_direction_of_its_fact_in_both_languages() {
    let d = dataset::embedded();
    for i in 0..d.platforms.len() {
        for s in describe_platform(&d, i) {
            let (said, text_en) = match &s.fact {
                Fact::Platform { near, .. } => (near.direction, true),
                Fact::Line { direction, .. } => (*direction, true),
                Fact::Spine { side, .. } => (*side, true),
                _ => continue,
            };
            let _ = text_en;
            let en = words_in(&s.en, false);
            // The English names no place with a compass word, so the only one is the fact's.
            assert_eq!(en, said.into_iter().collect::<Vec<_>>(), "{}", s.en);
            // Chinese names do (北部软件园, 北城): the fact's word is there before the name or
            // after 其; the region's own word is checked with the region.
            let zh = &s.zh;
            if let Some(c) = said {
                let w = compass(c, Lang::Zh);
                let placed = [format!("{w}面"), format!("{w}缘"), format!("{w}侧")];
                assert!(placed.iter().any(|p| zh.contains(p.as_str())), "{zh}");
                for other in Compass::ALL.into_iter().filter(|&o| o != c) {
                    let ow = compass(other, Lang::Zh);
                    for suffix in ["面", "缘", "侧"] {
                        let p = format!("{ow}{suffix}");
                        // 东北面 contains 北面: only a word not inside the fact's own counts.
                        let inside = w.contains(ow) && zh.contains(&format!("{w}{suffix}"));
                        assert!(inside || !zh.contains(&p), "{other:?} in {zh}");
                    }
                }
            } else {
                assert!(zh.contains("穿过"), "{zh}");
            }
        }
        let lies = describe_platform(&d, i).remove(0);
        let Fact::Lies { region, .. } = lies.fact else {
            panic!("the first sentence says where it lies: {}", lies.en);
        };
        let mut en = words_in(&lies.en, false);
        assert!(en.len() <= 1, "{}", lies.en);
        assert_eq!(en.pop(), region, "{}", lies.en);
        let want = match region {
            Some(c) => format!("{}部。", compass(c, Lang::Zh)),
            None => "中部。".into(),
        };
        assert!(lies.zh.ends_with(&want), "{}", lies.zh);
    }
}

#[test]
fn sentences_start_with_what_they_are_and_estimates_say_approximately() {
    let d = dataset::embedded();
    for i in 0..d.platforms.len() {
        let p = &d.platforms[i];
        let all = describe_platform(&d, i);
        assert!(
            all[0]
                .en
                .starts_with(&format!("[{}] {}", p.number, p.name.en))
        );
        assert!(
            all[0]
                .zh
                .starts_with(&format!("[{}] {}", p.number, p.name.zh))
        );
        let estimate = p.outline.confidence == Confidence::Estimate;
        for s in &all {
            let approx = match &s.fact {
                Fact::Lies { approximate, .. }
                | Fact::Line { approximate, .. }
                | Fact::Spine { approximate, .. } => *approximate,
                Fact::Platform { near, .. } => near.approximate,
                Fact::Outline { confidence } => *confidence == Confidence::Estimate,
                _ => continue,
            };
            if estimate {
                assert!(approx, "{}", s.en);
            }
            if matches!(s.fact, Fact::Outline { .. }) {
                // The outline's own sentence gives its error in metres, whatever it is.
                assert_eq!(s.en.contains("so where it lies"), estimate, "{}", s.en);
                continue;
            }
            assert_eq!(s.en.contains("approximately"), approx, "{}", s.en);
            assert_eq!(
                s.zh.contains("大致") || s.zh.contains('约'),
                approx,
                "{}",
                s.zh
            );
        }
    }
}

#[test]
fn near_lists_every_other_platform_nearest_first() {
    let d = dataset::embedded();
    for i in 0..d.platforms.len() {
        let all = near(&d, i);
        assert_eq!(all.len(), d.platforms.len() - 1);
        assert!(all.windows(2).all(|w| w[0].km <= w[1].km));
        assert!(all.iter().all(|n| n.platform != i));
        // Distances agree both ways, and directions are opposite or nearly.
        for n in &all {
            let back = near(&d, n.platform)
                .into_iter()
                .find(|m| m.platform == i)
                .unwrap();
            assert!((back.km - n.km).abs() < 1e-9);
            assert_eq!(back.contact, n.contact);
            let (there, back) = (n.direction.unwrap(), back.direction.unwrap());
            assert!(
                agrees(back, there.opposite()),
                "{there:?} and back {back:?}"
            );
        }
    }
    assert!(near(&d, 99).is_empty());
    assert!(describe_platform(&d, 99).is_empty());
}

#[test]
fn the_district_reads_the_canal_from_south_to_north() {
    let d = dataset::embedded();
    let canal = describe_district(&d)
        .into_iter()
        .find_map(|s| match s.fact {
            Fact::Canal { along, .. } => Some(along),
            _ => None,
        })
        .unwrap();
    let numbers: Vec<u32> = canal.iter().map(|&i| d.platforms[i].number).collect();
    // Canal Wealth first: the canal runs through it at the district's south.
    assert_eq!(numbers.first(), Some(&1), "{numbers:?}");
    assert!(numbers.contains(&7), "{numbers:?}");
}

#[test]
fn the_same_outline_twice_has_no_direction_and_says_so() {
    let mut d = dataset::embedded();
    d.platforms[1].outline = d.platforms[0].outline.clone();
    let n = near(&d, 0);
    let twin = n.iter().find(|n| n.platform == 1).unwrap();
    assert_eq!(twin.direction, None);
    assert_eq!(twin.contact, Contact::Overlaps);
    let said = describe_platform(&d, 0)
        .into_iter()
        .find(|s| matches!(&s.fact, Fact::Platform { near, .. } if near.platform == 1))
        .unwrap();
    assert!(said.en.contains("around the same centre"), "{}", said.en);
    assert!(words_in(&said.en, false).is_empty(), "{}", said.en);
    assert!(said.zh.contains("中心重合"), "{}", said.zh);
    assert!(!short(&d, 0, Lang::En).contains("()"));
}

#[test]
fn long_lists_name_twelve_and_count_the_rest() {
    let d = dataset::synthetic::generate(400);
    for s in describe_district(&d) {
        let named = s.en.matches('[').count();
        let lists = if matches!(s.fact, Fact::SpineSides { .. }) {
            3
        } else {
            1
        };
        assert!(named <= lists * words::MAX_NAMED, "{named}: {}", s.en);
        if let Fact::Region { platforms, .. } = &s.fact
            && platforms.len() > words::MAX_NAMED
        {
            let more = platforms.len() - words::MAX_NAMED;
            assert!(s.en.contains(&format!("{more} more")), "{}", s.en);
            assert!(s.zh.contains(&format!("另有{more}个")), "{}", s.zh);
            assert_eq!(s.platforms.len(), platforms.len(), "JSON names them all");
        }
    }
}

#[test]
fn the_text_forms_are_the_sentences_line_by_line() {
    let d = dataset::embedded();
    let both = where_text(&d, Some(0), Lang::Both);
    let (zh, en) = (
        where_text(&d, Some(0), Lang::Zh),
        where_text(&d, Some(0), Lang::En),
    );
    assert_eq!(both.len(), zh.len() + en.len());
    assert_eq!(both[0], zh[0]);
    assert_eq!(both[1], en[0]);
    let near = near_text(&d, 5, Lang::En);
    assert_eq!(near.len(), d.platforms.len());
    assert!(near[0].starts_with("9 platforms by distance from [6]"));
    assert_eq!(
        where_text(&d, None, Lang::Zh)[0],
        describe_district(&d)[0].zh
    );
    assert!(where_text(&d, Some(99), Lang::En).is_empty());
}
