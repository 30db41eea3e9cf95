//! The platform sheet: one platform's full record as titled sections, decided once.
//!
//! `gongshu show`, the detail pane and the briefing slide lay a sheet out; none of them decides
//! on its own what a platform's record holds. Pure: a dataset and a platform in, a sheet out.

use crate::dataset::{Area, Confidence, Dataset, Industry, IndustryRole, Side, Text};
use crate::lang::Lang;
use crate::text::one_line;
use crate::words::Word;

/// One platform, as every surface shows it. Industries come first: they are what people search
/// for, and what a short pane must still show.
#[derive(Debug, Clone)]
pub struct Sheet<'a> {
    pub number: u32,
    pub name: &'a Text,
    /// The short facts under the name: id, kind, other names.
    pub facts: Vec<Fact<'a>>,
    pub sections: Vec<Section<'a>>,
}

#[derive(Debug, Clone)]
pub enum Fact<'a> {
    Id(&'a str),
    Kind(Text),
    AlsoKnownAs(&'a Text),
}

#[derive(Debug, Clone)]
pub struct Section<'a> {
    pub title: Word,
    pub parts: Vec<Part<'a>>,
}

#[derive(Debug, Clone)]
pub enum Part<'a> {
    /// Each side with the roads and rivers that bound it, east first.
    Sides(Vec<(Side, Vec<Text>)>),
    /// The source's own words.
    Paragraph(&'a Text),
    /// The items of one role with their index in the platform's list, which is how search names
    /// the field (`Field::Industry(i)`) so matches can be highlighted. Key industries are listed;
    /// the other roles (a guiding theme, a project type, …) are said as what they are.
    Industries {
        role: IndustryRole,
        items: Vec<(usize, &'a Industry)>,
    },
    /// How far the outline can be trusted.
    Outline {
        confidence: Confidence,
        points: usize,
    },
}

/// The sheet of `d.platforms[p]`. Panics if `p` is out of range, like indexing.
pub fn sheet(d: &Dataset, p: usize) -> Sheet<'_> {
    let pf = &d.platforms[p];
    // A kind the article does not give is said to be this dataset's classification.
    let kind = pf.kind_label();
    let kind = if pf.kind_is_written() {
        kind
    } else {
        let (zh, en) = Word::KindClassified.zh_en();
        Text {
            zh: zh.replacen("{}", &kind.zh, 1).into(),
            en: en.replacen("{}", &kind.en, 1).into(),
        }
    };
    let mut facts = vec![Fact::Id(&pf.id), Fact::Kind(kind)];
    facts.extend(pf.other_names.iter().map(Fact::AlsoKnownAs));

    let mut area = Vec::new();
    if let Area::Bounded { .. } = pf.area {
        let sides = pf
            .area
            .sides()
            .into_iter()
            .map(|(side, names)| {
                let names = names
                    .iter()
                    .map(|n| Text {
                        zh: n.clone(),
                        en: d.boundary_en(n).into(),
                    })
                    .collect();
                (side, names)
            })
            .collect();
        area.push(Part::Sides(sides));
    }
    // A located platform's location is its area sentence: said once.
    area.push(Part::Paragraph(&pf.area_text));

    let mut industries: Vec<Part> = IndustryRole::ALL
        .iter()
        .map(|&role| Part::Industries {
            role,
            items: pf
                .industries
                .iter()
                .enumerate()
                .filter(|(_, i)| i.role == role)
                .collect(),
        })
        .filter(|p| !matches!(p, Part::Industries { items, .. } if items.is_empty()))
        .collect();
    industries.push(Part::Paragraph(&pf.industries_text));
    Sheet {
        number: pf.number,
        name: &pf.name,
        facts,
        sections: vec![
            Section {
                title: Word::KeyIndustries,
                parts: industries,
            },
            Section {
                title: Word::PlannedArea,
                parts: area,
            },
            Section {
                title: Word::Outline,
                parts: vec![Part::Outline {
                    confidence: pf.outline.confidence,
                    points: pf.outline.ring.len(),
                }],
            },
        ],
    }
}

impl<'a> Sheet<'a> {
    /// The section with this title, if the sheet has one.
    pub fn section(&self, title: Word) -> Option<&Section<'a>> {
        self.sections.iter().find(|s| s.title == title)
    }

    /// The facts as one line: `id canal-wealth · 小镇 town · 又称 …`.
    pub fn facts_line(&self, lang: Lang) -> String {
        let facts: Vec<String> = self
            .facts
            .iter()
            .map(|f| f.text(lang))
            .filter(|t| !t.is_empty())
            .collect();
        facts.join(" · ")
    }
}

impl Fact<'_> {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Fact::Id(id) => format!("{} {}", lang.word(Word::Id), one_line(id)),
            Fact::Kind(k) => one_line(&lang.pick(k)),
            // An other name whose English would repeat the main name has none: in English it
            // is not said at all.
            Fact::AlsoKnownAs(n) => match lang {
                Lang::En if n.en.trim().is_empty() => String::new(),
                _ if n.en.trim().is_empty() => {
                    format!("{} {}", lang.word(Word::AlsoKnownAs), one_line(&n.zh))
                }
                _ => format!(
                    "{} {}",
                    lang.word(Word::AlsoKnownAs),
                    one_line(&lang.pick(n))
                ),
            },
        }
    }
}

/// A side's label (`东 east`) and its names joined as the language writes a list.
pub fn side_line(lang: Lang, side: Side, names: &[Text]) -> (String, String) {
    let zh = side.short().0;
    let label = lang.label(zh, &crate::text::pad(side.key(), 5));
    let names: Vec<String> = names.iter().map(|n| one_line(&lang.pick(n))).collect();
    let sep = if lang == Lang::Zh { "、" } else { "; " };
    (label, names.join(sep))
}

/// The label of items that are not key industries, `发展引领 guiding theme:`, and how the
/// language separates them.
pub fn role_label(lang: Lang, role: IndustryRole) -> (String, &'static str) {
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    (format!("{}:", one_line(&lang.pick(&role.name()))), sep)
}

/// `S sourced from map data (…) · 24 points · approximate, not survey data`.
pub fn outline_line(lang: Lang, confidence: Confidence, points: usize) -> String {
    format!(
        "{} {} · {} · {}",
        confidence.letter(),
        lang.pick(&confidence.describe()),
        // A count reads once: "7 points", not "7 个点 7 points".
        match lang {
            Lang::Zh => lang.word_with(Word::OutlinePoints, &points.to_string()),
            _ => Lang::En.word_with(Word::OutlinePoints, &points.to_string()),
        },
        lang.word(Word::OutlineApproximate)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounded_platform_has_sides_then_its_area_sentence() {
        let d = crate::dataset::embedded();
        let s = sheet(&d, 0);
        let area = s.section(Word::PlannedArea).unwrap();
        assert!(matches!(area.parts[0], Part::Sides(ref v) if v.len() == 4));
        assert!(matches!(area.parts[1], Part::Paragraph(t) if *t == d.platforms[0].area_text));
        assert!(matches!(s.facts[0], Fact::Id("canal-wealth")));
    }

    #[test]
    fn a_located_platform_states_its_location_once() {
        let d = crate::dataset::embedded();
        let p = d
            .platforms
            .iter()
            .position(|p| matches!(p.area, Area::Located))
            .unwrap();
        let area = sheet(&d, p).section(Word::PlannedArea).unwrap().clone();
        assert_eq!(area.parts.len(), 1);
        assert!(matches!(area.parts[0], Part::Paragraph(t) if *t == d.platforms[p].area_text));
    }

    #[test]
    fn industries_keep_their_index_for_highlighting() {
        let d = crate::dataset::embedded();
        let s = sheet(&d, 1);
        let Part::Industries { role, items } = &s.section(Word::KeyIndustries).unwrap().parts[0]
        else {
            panic!("industries first");
        };
        assert_eq!(*role, IndustryRole::Key);
        assert!(
            items
                .iter()
                .all(|(i, ind)| d.platforms[1].industries[*i].zh == ind.zh)
        );
    }
}

#[cfg(test)]
mod role_tests {
    use super::*;

    #[test]
    fn items_that_are_not_key_industries_are_said_as_what_they_are() {
        let d = crate::dataset::embedded();
        let p = d.platforms.iter().position(|p| p.number == 3).unwrap();
        let s = sheet(&d, p);
        let roles: Vec<IndustryRole> = s
            .section(Word::KeyIndustries)
            .unwrap()
            .parts
            .iter()
            .filter_map(|part| match part {
                Part::Industries { role, .. } => Some(*role),
                _ => None,
            })
            .collect();
        assert_eq!(roles[0], IndustryRole::Key);
        assert!(roles.contains(&IndustryRole::Theme), "信息经济 leads [3]");
    }

    #[test]
    fn an_other_name_without_english_is_not_said_in_english() {
        let d = crate::dataset::embedded();
        let p = d.platforms.iter().position(|p| p.number == 9).unwrap();
        let s = sheet(&d, p);
        assert!(
            !s.facts_line(Lang::En).contains("also"),
            "{}",
            s.facts_line(Lang::En)
        );
        assert!(s.facts_line(Lang::Zh).contains("又称 北城智汇园"));
        // The article gives [9] no kind (工业园区 is the park its area is): the kind shown is
        // said to be this dataset's classification.
        assert!(
            s.facts_line(Lang::En)
                .contains("industry park (dataset's classification)")
        );
        assert!(s.facts_line(Lang::Zh).contains("产业园(本数据集归类)"));
        assert!(!s.facts_line(Lang::Zh).contains("工业园区"));
    }
}
