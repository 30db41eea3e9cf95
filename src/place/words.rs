//! The facts of the map in words, one sentence a fact, in Chinese and in English.

use crate::dataset::{Confidence, Dataset, FeatureKind};
use crate::lang::Lang;
use crate::map::platform_label;
use crate::text::one_line;

use super::{CANAL_KM, Compass, Contact, Course, EDGE_KM, Fact, Near};

/// A compass point as a word: "north-east" / "东北".
pub fn compass(c: Compass, lang: Lang) -> &'static str {
    let (zh, en) = match c {
        Compass::North => ("北", "north"),
        Compass::NorthEast => ("东北", "north-east"),
        Compass::East => ("东", "east"),
        Compass::SouthEast => ("东南", "south-east"),
        Compass::South => ("南", "south"),
        Compass::SouthWest => ("西南", "south-west"),
        Compass::West => ("西", "west"),
        Compass::NorthWest => ("西北", "north-west"),
    };
    if lang == Lang::Zh { zh } else { en }
}

/// A part of the district: "the north-east" / "东北部"; `None` is the centre.
fn region(r: Option<Compass>, lang: Lang) -> String {
    match (r, lang) {
        (None, Lang::Zh) => "中部".into(),
        (None, _) => "the centre".into(),
        (Some(c), Lang::Zh) => format!("{}部", compass(c, lang)),
        (Some(c), _) => format!("the {}", compass(c, lang)),
    }
}

/// A distance: "0.4 km" / "0.4公里", never below 0.1.
fn km(v: f64, lang: Lang) -> String {
    let v = (v.max(0.1) * 10.0).round() / 10.0;
    if lang == Lang::Zh {
        format!("{v:.1}公里")
    } else {
        format!("{v:.1} km")
    }
}

/// A platform: "[1] Canal Wealth Town" / "[1] 运河财富小镇".
fn platform(d: &Dataset, i: usize, lang: Lang) -> String {
    let p = &d.platforms[i];
    format!("[{}] {}", p.number, one_line(lang.short(&p.name)))
}

/// A platform as lists of many name it: "[1] Canal Wealth" (the map's label).
fn platform_short(d: &Dataset, i: usize, lang: Lang) -> String {
    let p = &d.platforms[i];
    let lang = if lang == Lang::Zh { Lang::Zh } else { Lang::En };
    format!("[{}] {}", p.number, platform_label(lang, p))
}

/// A basemap feature as prose names it: "the Grand Canal", "Shixiang Road", "京杭大运河".
fn feature(d: &Dataset, f: usize, lang: Lang, capital: bool) -> String {
    let feat = &d.basemap[f];
    if lang == Lang::Zh {
        return one_line(&feat.name.zh);
    }
    let name = one_line(&feat.name.en);
    // English takes "the" before a river, a canal or a railway named as such ("the Shangtang
    // River"), not before a road or a creek ("Yanshan Creek"), as the article's English does.
    let the = matches!(
        feat.kind,
        FeatureKind::River | FeatureKind::Canal | FeatureKind::Rail
    ) && ["River", "Canal", "Railway"]
        .iter()
        .any(|w| name.ends_with(w));
    match (the, capital) {
        (false, _) => name,
        (true, true) => format!("The {name}"),
        (true, false) => format!("the {name}"),
    }
}

/// Items joined as a list: "a, b and c" / "a、b、c".
fn list(items: Vec<String>, lang: Lang) -> String {
    if lang == Lang::Zh {
        return items.join("、");
    }
    match items.len() {
        0 => String::new(),
        1 => items.into_iter().next().unwrap_or_default(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// The most platforms a sentence names; the rest are counted (JSON lists them all).
pub const MAX_NAMED: usize = 12;

fn platforms(d: &Dataset, ids: &[usize], lang: Lang) -> String {
    let mut items: Vec<String> = ids
        .iter()
        .take(MAX_NAMED)
        .map(|&i| platform_short(d, i, lang))
        .collect();
    if ids.len() > MAX_NAMED {
        let more = ids.len() - MAX_NAMED;
        items.push(if lang == Lang::Zh {
            format!("另有{more}个")
        } else {
            format!("{more} more")
        });
    }
    list(items, lang)
}

/// One fact as a sentence in `lang` (Chinese or English; `Both` is taken as English).
pub fn sentence(d: &Dataset, fact: &Fact, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let district = one_line(lang.short(&d.district.name));
    match fact {
        Fact::Lies {
            platform: i,
            region: r,
            approximate,
        } => {
            let (p, r) = (platform(d, *i, lang), region(*r, lang));
            match (zh, approximate) {
                (true, false) => format!("{p}位于{district}{r}。"),
                (true, true) => format!("{p}大致位于{district}{r}。"),
                (false, false) => format!("{p} lies in {r} of {district}."),
                (false, true) => format!("{p} lies approximately in {r} of {district}."),
            }
        }
        Fact::Platform { near, nearest } => near_sentence(d, near, *nearest, lang),
        Fact::Line {
            feature: f,
            course,
            direction,
            km: dist,
            approximate,
        } => {
            let name = feature(d, *f, lang, true);
            let dir = direction.map_or("", |c| compass(c, lang));
            let (about, roughly) = hedges(*approximate, zh);
            match (course, zh) {
                (Course::Through, true) => format!("{name}{roughly}穿过其中。"),
                (Course::Through, false) => format!("{name} runs {roughly}through it."),
                (Course::Edge, true) => format!("{name}{roughly}沿其{dir}缘经过。"),
                (Course::Edge, false) if dir.is_empty() => {
                    format!("{name} runs {roughly}along its edge.")
                }
                (Course::Edge, false) => format!("{name} runs {roughly}along its {dir} edge."),
                (Course::Apart, true) if dir.is_empty() => {
                    format!("{name}在其{about}{}外。", km(*dist, lang))
                }
                (Course::Apart, true) => format!("{name}在其{dir}面{about}{}处。", km(*dist, lang)),
                (Course::Apart, false) if dir.is_empty() => {
                    format!("{name} is {about}{} away.", km(*dist, lang))
                }
                (Course::Apart, false) => {
                    format!("{name} is {about}{} to the {dir}.", km(*dist, lang))
                }
            }
        }
        Fact::Spine {
            feature: f,
            side,
            km: dist,
            approximate,
        } => {
            let name = feature(d, *f, lang, false);
            let (about, roughly) = hedges(*approximate, zh);
            match (side, zh) {
                (None, true) => format!("区内主干道{name}{roughly}沿其中部穿过。"),
                (None, false) => {
                    format!("{name}, the district's main road, runs {roughly}through its middle.")
                }
                (Some(c), true) if *dist <= EDGE_KM => {
                    format!(
                        "{roughly}位于区内主干道{name}{}侧,紧邻该路。",
                        compass(*c, lang)
                    )
                }
                (Some(c), true) => format!(
                    "位于区内主干道{name}{}侧{about}{}处。",
                    compass(*c, lang),
                    km(*dist, lang)
                ),
                (Some(c), false) if *dist <= EDGE_KM => format!(
                    "It lies {roughly}{} of {name}, the district's main road, at its edge.",
                    compass(*c, lang)
                ),
                (Some(c), false) => format!(
                    "It lies {about}{} {} of {name}, the district's main road.",
                    km(*dist, lang),
                    compass(*c, lang)
                ),
            }
        }
        Fact::Bounds { platform: i } => {
            let t = &d.platforms[*i].area_text;
            if zh {
                format!("原文所载四至:{}", one_line(&t.zh))
            } else {
                format!("Its bounds as the article gives them: {}", one_line(&t.en))
            }
        }
        Fact::Located { platform: i } => {
            let t = &d.platforms[*i].area_text;
            if zh {
                format!("原文未列四至,只说:{}", one_line(&t.zh))
            } else {
                format!("The article gives no bounds, only: {}", one_line(&t.en))
            }
        }
        Fact::Outline { confidence } => {
            let how = one_line(lang.short(&confidence.describe()));
            match (zh, confidence) {
                (true, Confidence::Estimate) => {
                    format!("轮廓:{how},以上位置与距离均为大致。")
                }
                (true, _) => format!("轮廓:{how},示意,非测绘数据。"),
                (false, Confidence::Estimate) => {
                    format!("Outline: {how}, so where it lies and what it borders are approximate.")
                }
                (false, _) => format!("Outline: {how}; approximate, not survey data."),
            }
        }
        Fact::District {
            north_south_km,
            west_east_km,
            platforms: n,
        } => {
            if zh {
                format!(
                    "{district}南北约{},东西约{},有{n}个产业平台。",
                    km(*north_south_km, lang),
                    km(*west_east_km, lang)
                )
            } else {
                let platforms = if *n == 1 { "platform" } else { "platforms" };
                format!(
                    "{district} runs about {} north to south and {} west to east, and holds {n} industry {platforms}.",
                    km(*north_south_km, lang),
                    km(*west_east_km, lang)
                )
            }
        }
        Fact::SpineSides {
            feature: f,
            north,
            south,
            along,
        } => {
            let name = feature(d, *f, lang, false);
            let mut parts = Vec::new();
            if zh {
                if !north.is_empty() {
                    parts.push(format!("路北有{}", platforms(d, north, lang)));
                }
                if !south.is_empty() {
                    parts.push(format!("路南有{}", platforms(d, south, lang)));
                }
                if !along.is_empty() {
                    parts.push(format!("{}沿路分布", platforms(d, along, lang)));
                }
                format!("{name}是区内主干道:{}。", parts.join(";"))
            } else {
                if !north.is_empty() {
                    parts.push(format!("north of it lie {}", platforms(d, north, lang)));
                }
                if !south.is_empty() {
                    parts.push(format!("south of it {}", platforms(d, south, lang)));
                }
                if !along.is_empty() {
                    parts.push(format!("along it {}", platforms(d, along, lang)));
                }
                format!("{name} is the district's main road: {}.", parts.join("; "))
            }
        }
        Fact::Canal { feature: f, along } => {
            let name = feature(d, *f, lang, true);
            match (along.is_empty(), zh) {
                (true, true) => format!("{name}流经区内,沿岸没有平台。"),
                (true, false) => format!("{name} crosses the district; no platform lies on it."),
                (false, true) => format!(
                    "{name}沿线{}以内的平台,由南至北:{}。",
                    km(CANAL_KM, lang),
                    platforms(d, along, lang)
                ),
                (false, false) => format!(
                    "Along {} (on it or within {}), from south to north: {}.",
                    feature(d, *f, lang, false),
                    km(CANAL_KM, lang),
                    platforms(d, along, lang)
                ),
            }
        }
        Fact::Region {
            region: r,
            platforms: ids,
        } => {
            let list = platforms(d, ids, lang);
            if zh {
                format!("{}:{list}。", region(*r, lang))
            } else {
                format!("In {}: {list}.", region(*r, lang))
            }
        }
        Fact::Estimates { platforms: ids } => {
            let how = one_line(lang.short(&Confidence::Estimate.describe()));
            let list = platforms(d, ids, lang);
            if zh {
                format!("轮廓{how}的平台,其位置只是大致:{list}。")
            } else {
                format!("Outlines {how}, so only approximately placed: {list}.")
            }
        }
    }
}

fn near_sentence(d: &Dataset, n: &Near, nearest: bool, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let p = platform(d, n.platform, lang);
    // Which way: "东北面" / "to the north-east"; centroids that coincide have no way.
    let (side, same) = match n.direction {
        Some(c) if zh => (format!("{}面", compass(c, lang)), ""),
        Some(c) => (format!("to the {}", compass(c, lang)), ""),
        None if zh => (String::new(), "(中心重合)"),
        None => ("around the same centre".to_string(), ""),
    };
    let about = match (n.approximate, zh) {
        (false, _) => "",
        (true, true) => "约",
        (true, false) => "approximately ",
    };
    let roughly = if n.approximate { "大致" } else { "" };
    let approx_en = if n.approximate { ", approximately" } else { "" };
    let dist = km(n.km, lang);
    if nearest {
        return if zh {
            format!("最近的平台是{p},在其{side}{about}{dist}处{same}。")
        } else {
            format!("The nearest platform, {p}, is {about}{dist} {side}.")
        };
    }
    match (n.contact, zh) {
        (Contact::Adjoins, true) => format!("{side}{roughly}与{p}相邻{same}。"),
        (Contact::Adjoins, false) => format!("It adjoins {p} {side}{approx_en}."),
        (Contact::Overlaps, true) => format!("{side}{roughly}与{p}部分重叠{same}。"),
        (Contact::Overlaps, false) => format!("It overlaps {p}, {side}{approx_en}."),
        (Contact::Apart, true) => format!("{p}在其{side}{about}{dist}处{same}。"),
        (Contact::Apart, false) => format!("{p} is {about}{dist} {side}."),
    }
}

/// A direction in brackets after a name in a list: "(north-east)", "(东北)"; nothing where there
/// is none.
fn bracketed(dir: Option<Compass>, lang: Lang) -> String {
    match (dir, lang) {
        (None, _) => String::new(),
        (Some(c), Lang::Zh) => format!("({})", compass(c, lang)),
        (Some(c), _) => format!(" ({})", compass(c, lang)),
    }
}

/// The short form: where the platform lies, what it adjoins or overlaps (or the nearest platform
/// when nothing touches it) and the lines that run through it, as one sentence.
pub fn short(d: &Dataset, facts: &[Fact], lang: Lang) -> String {
    let lang = if lang == Lang::Zh { Lang::Zh } else { Lang::En };
    let zh = lang == Lang::Zh;
    let district = one_line(lang.short(&d.district.name));
    let mut parts = Vec::new();
    let mut nearest_named = false;
    let touching: Vec<&Near> = facts
        .iter()
        .filter_map(|f| match f {
            Fact::Platform { near, .. } if near.contact != Contact::Apart => Some(near),
            _ => None,
        })
        .collect();
    for f in facts {
        match f {
            Fact::Lies {
                region: r,
                approximate,
                ..
            } => parts.push(match (zh, approximate) {
                (true, false) => format!("位于{district}{}", region(*r, lang)),
                (true, true) => format!("大致位于{district}{}", region(*r, lang)),
                (false, false) => format!("In {} of {district}", region(*r, lang)),
                (false, true) => format!("Approximately in {} of {district}", region(*r, lang)),
            }),
            Fact::Platform { near, .. } if touching.is_empty() && !nearest_named => {
                nearest_named = true;
                let p = platform_short(d, near.platform, lang);
                parts.push(if zh {
                    let side = near
                        .direction
                        .map_or(String::new(), |c| format!("{}面", compass(c, lang)));
                    format!("最近的是{side}{}外的{p}", km(near.km, lang))
                } else {
                    let side = near
                        .direction
                        .map_or(String::new(), |c| format!(" to the {}", compass(c, lang)));
                    format!("nearest: {p}, {}{side}", km(near.km, lang))
                });
            }
            Fact::Line {
                feature: f,
                course: Course::Through,
                ..
            } => {
                let name = feature(d, *f, lang, false);
                parts.push(if zh {
                    format!("{name}穿过其中")
                } else {
                    format!("{name} runs through it")
                });
            }
            _ => {}
        }
    }
    if !touching.is_empty() {
        let items: Vec<String> = touching
            .iter()
            .map(|n| {
                let p = platform_short(d, n.platform, lang);
                format!("{p}{}", bracketed(n.direction, lang))
            })
            .collect();
        let list = list(items, lang);
        parts.insert(
            1.min(parts.len()),
            if zh {
                format!("与{list}相邻")
            } else {
                format!("next to {list}")
            },
        );
    }
    if parts.is_empty() {
        return String::new();
    }
    if zh {
        format!("{}。", parts.join(";"))
    } else {
        format!("{}.", parts.join("; "))
    }
}

/// The first line of a list of platforms by distance.
pub fn near_heading(d: &Dataset, i: usize, count: usize, lang: Lang) -> String {
    let p = platform(d, i, lang);
    match (lang, count) {
        (Lang::Zh, _) => format!("距{p}由近及远的{count}个平台:"),
        (_, 1) => format!("1 platform by distance from {p}:"),
        _ => format!("{count} platforms by distance from {p}:"),
    }
}

/// The words that mark a distance (约, "approximately") and a course (大致, "approximately") as
/// resting on an estimate; nothing when the geometry is sourced.
fn hedges(approximate: bool, zh: bool) -> (&'static str, &'static str) {
    match (approximate, zh) {
        (false, _) => ("", ""),
        (true, true) => ("约", "大致"),
        (true, false) => ("approximately ", "approximately "),
    }
}
