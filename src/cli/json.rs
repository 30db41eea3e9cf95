//! The JSON shapes `--json` prints. Field names are stable; docs/commands.md lists them.

use std::io::{self, Write};

use serde::Serialize;

use crate::dataset::{self, Area, Dataset, Platform};
use crate::search::{Hit, Match};

/// Pretty JSON and a final newline.
pub fn write_json<T: Serialize>(out: &mut dyn Write, v: &T) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, v).map_err(io::Error::other)?;
    writeln!(out)
}

/// The JSON shape of a platform.
#[derive(Debug, Serialize)]
pub struct PlatformJson<'a> {
    pub id: &'a str,
    pub number: u32,
    pub name: &'a dataset::Text,
    pub other_names: &'a [dataset::Text],
    pub kind: &'static str,
    pub kind_name: dataset::Text,
    pub industries: Vec<IndustryJson<'a>>,
    /// Each side's roads and rivers; `null` when the source gives a location instead.
    pub boundary: Option<BoundaryJson>,
    pub location: Option<&'a dataset::Text>,
    pub area_text: &'a dataset::Text,
    pub industries_text: &'a dataset::Text,
    pub outline_confidence: char,
}

#[derive(Debug, Serialize)]
pub struct IndustryJson<'a> {
    pub zh: &'a str,
    pub en: &'a str,
    /// What the item is in the article's paragraph: `key` (a key industry), `theme`, `project`,
    /// `basis` or `positioning`.
    pub role: &'static str,
}

#[derive(Debug, Serialize)]
pub struct BoundaryJson {
    pub east: Vec<dataset::Text>,
    pub south: Vec<dataset::Text>,
    pub west: Vec<dataset::Text>,
    pub north: Vec<dataset::Text>,
}

impl<'a> PlatformJson<'a> {
    pub fn new(d: &Dataset, p: &'a Platform) -> Self {
        let side = |v: &Vec<dataset::Str>| -> Vec<dataset::Text> {
            v.iter()
                .map(|n| dataset::Text {
                    zh: n.clone(),
                    en: d.boundary_en(n).into(),
                })
                .collect()
        };
        let (boundary, location) = match &p.area {
            Area::Bounded {
                east,
                south,
                west,
                north,
            } => (
                Some(BoundaryJson {
                    east: side(east),
                    south: side(south),
                    west: side(west),
                    north: side(north),
                }),
                None,
            ),
            Area::Located => (None, Some(&p.area_text)),
        };
        PlatformJson {
            id: &p.id,
            number: p.number,
            name: &p.name,
            other_names: &p.other_names,
            kind: match p.kind {
                dataset::Kind::Town => "town",
                dataset::Kind::IndustrialPark => "industrial-park",
                dataset::Kind::SoftwarePark => "software-park",
                dataset::Kind::Cluster => "cluster",
            },
            kind_name: p.kind_label(),
            industries: p
                .industries
                .iter()
                .map(|i| IndustryJson {
                    zh: &i.zh,
                    en: &i.en,
                    role: match i.role {
                        dataset::IndustryRole::Key => "key",
                        dataset::IndustryRole::Theme => "theme",
                        dataset::IndustryRole::Project => "project",
                        dataset::IndustryRole::Basis => "basis",
                        dataset::IndustryRole::Positioning => "positioning",
                    },
                })
                .collect(),
            boundary,
            location,
            area_text: &p.area_text,
            industries_text: &p.industries_text,
            outline_confidence: p.outline.confidence.letter(),
        }
    }
}

/// The JSON shape of a search hit.
#[derive(Debug, Serialize)]
pub struct SearchHitJson<'a> {
    pub id: &'a str,
    pub number: u32,
    pub name: &'a dataset::Text,
    pub score: i64,
    pub matches: Vec<SearchMatchJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct SearchMatchJson<'a> {
    pub field: &'static str,
    pub text: &'a str,
    /// Character indices into `text`.
    pub positions: &'a [usize],
}

impl<'a> SearchHitJson<'a> {
    /// `matches` are [`crate::search::Index::matches`] for the hit.
    pub fn new(d: &'a Dataset, h: &Hit, matches: &'a [Match]) -> Self {
        let p = &d.platforms[h.platform];
        SearchHitJson {
            id: &p.id,
            number: p.number,
            name: &p.name,
            score: h.score,
            matches: matches
                .iter()
                .map(|m| SearchMatchJson {
                    field: m.field.key(),
                    text: &m.text,
                    positions: &m.positions,
                })
                .collect(),
        }
    }
}
