//! What the map in words says, as data: each [`Fact`] with its [`Sentence`] in zh and en, the
//! shapes `--json` prints.

use serde::Serialize;

use super::{Compass, words};
use crate::dataset::{Confidence, Dataset};
use crate::lang::Lang;

/// How two outlines meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Contact {
    /// One runs more than [`OVERLAP_KM`] into the other.
    Overlaps,
    /// Within [`ADJOIN_KM`] of each other.
    Adjoins,
    /// Apart: the distance says how far.
    Apart,
}

/// Another platform as seen from one: which way, how far, and how they meet.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Near {
    /// Index into `Dataset::platforms`.
    #[serde(skip)]
    pub platform: usize,
    /// From this platform's centroid to the other's; `None` where the centroids coincide (the
    /// same outline given twice).
    pub direction: Option<Compass>,
    /// Between the outlines' nearest points, 0 where they touch.
    pub km: f64,
    pub contact: Contact,
    /// Either outline is an estimate.
    pub approximate: bool,
}

/// How a line of the basemap (the canal, a river, the railway, a road) runs by an outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Course {
    /// It runs more than [`OVERLAP_KM`] inside the outline.
    Through,
    /// It runs along the outline's edge (within [`EDGE_KM`]).
    Edge,
    /// It passes by at a distance.
    Apart,
}

/// One fact about the geography, for a platform or for the district.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "fact", rename_all = "kebab-case")]
pub enum Fact {
    /// Where the platform's centroid lies in the district: a third of the district's extent
    /// north to south and west to east (`None` is the centre).
    Lies {
        #[serde(skip)]
        platform: usize,
        #[serde(serialize_with = "region_name")]
        region: Option<Compass>,
        approximate: bool,
    },
    /// Another platform that adjoins, overlaps or lies near this one; or, when none does, the
    /// nearest (`nearest`).
    Platform {
        #[serde(flatten)]
        near: Near,
        nearest: bool,
    },
    /// A line of the basemap near the platform: the canal, a river, the railway.
    Line {
        /// Index into `Dataset::basemap`.
        #[serde(skip)]
        feature: usize,
        course: Course,
        /// From the platform's centroid to the line's nearest point (`None` when it runs
        /// through).
        direction: Option<Compass>,
        km: f64,
        approximate: bool,
    },
    /// Which side of the district's main road (the road most platforms name in their bounds)
    /// the platform lies on; `None` when the road runs along its middle.
    Spine {
        #[serde(skip)]
        feature: usize,
        side: Option<Compass>,
        km: f64,
        approximate: bool,
    },
    /// The bounds as the article gives them (the dataset's boundary text).
    Bounds {
        #[serde(skip)]
        platform: usize,
    },
    /// The article gives no bounds, only where the platform is.
    Located {
        #[serde(skip)]
        platform: usize,
    },
    /// How far the outline can be trusted.
    Outline { confidence: Confidence },
    /// The district as a whole: its extent and how many platforms it holds.
    District {
        north_south_km: f64,
        west_east_km: f64,
        platforms: usize,
    },
    /// The main road across the district and the platforms on each side of it.
    SpineSides {
        #[serde(skip)]
        feature: usize,
        #[serde(skip)]
        north: Vec<usize>,
        #[serde(skip)]
        south: Vec<usize>,
        #[serde(skip)]
        along: Vec<usize>,
    },
    /// The canal and the platforms on it or within [`CANAL_KM`] of it, from its southern end to
    /// its northern.
    Canal {
        #[serde(skip)]
        feature: usize,
        #[serde(skip)]
        along: Vec<usize>,
    },
    /// The platforms in one part of the district.
    Region {
        #[serde(serialize_with = "region_name")]
        region: Option<Compass>,
        #[serde(skip)]
        platforms: Vec<usize>,
    },
    /// The platforms whose outlines are estimates.
    Estimates {
        #[serde(skip)]
        platforms: Vec<usize>,
    },
}

/// A part of the district as JSON names it: a compass point, or "centre".
fn region_name<S: serde::Serializer>(r: &Option<Compass>, s: S) -> Result<S::Ok, S::Error> {
    match r {
        Some(c) => c.serialize(s),
        None => s.serialize_str("centre"),
    }
}

/// A fact with its sentence in each language, and what it names (for JSON: the platforms by id
/// and number, the line or road by name).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sentence {
    #[serde(flatten)]
    pub fact: Fact,
    pub zh: String,
    pub en: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<PlatformRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feature: Option<crate::dataset::Text>,
    /// For the main road's sides: who lies north of it, south of it and along it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sides: Option<Sides>,
}

/// The platforms on each side of the district's main road.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sides {
    pub north: Vec<PlatformRef>,
    pub south: Vec<PlatformRef>,
    pub along: Vec<PlatformRef>,
}

/// A platform a fact names, as JSON names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlatformRef {
    pub id: String,
    pub number: u32,
}

impl Sentence {
    pub(crate) fn new(d: &Dataset, fact: Fact) -> Sentence {
        let ids: Vec<usize> = match &fact {
            Fact::Lies { platform, .. }
            | Fact::Bounds { platform }
            | Fact::Located { platform } => vec![*platform],
            Fact::Platform { near, .. } => vec![near.platform],
            Fact::SpineSides {
                north,
                south,
                along,
                ..
            } => north.iter().chain(south).chain(along).copied().collect(),
            Fact::Canal { along, .. } => along.clone(),
            Fact::Region { platforms, .. } | Fact::Estimates { platforms } => platforms.clone(),
            _ => Vec::new(),
        };
        let feature = match &fact {
            Fact::Line { feature, .. }
            | Fact::Spine { feature, .. }
            | Fact::SpineSides { feature, .. }
            | Fact::Canal { feature, .. } => Some(d.basemap[*feature].name.clone()),
            _ => None,
        };
        let refs = |ids: &[usize]| -> Vec<PlatformRef> {
            ids.iter()
                .map(|&i| PlatformRef {
                    id: d.platforms[i].id.clone(),
                    number: d.platforms[i].number,
                })
                .collect()
        };
        let sides = match &fact {
            Fact::SpineSides {
                north,
                south,
                along,
                ..
            } => Some(Sides {
                north: refs(north),
                south: refs(south),
                along: refs(along),
            }),
            _ => None,
        };
        Sentence {
            zh: words::sentence(d, &fact, Lang::Zh),
            en: words::sentence(d, &fact, Lang::En),
            platforms: if sides.is_some() {
                Vec::new()
            } else {
                refs(&ids)
            },
            fact,
            feature,
            sides,
        }
    }

    /// The sentence as lines in `lang`: one, or the Chinese then the English for both.
    pub fn lines(&self, lang: Lang) -> Vec<&str> {
        match lang {
            Lang::Zh => vec![&self.zh],
            Lang::En => vec![&self.en],
            Lang::Both => vec![&self.zh, &self.en],
        }
    }

    /// The sentence in one language (`Both` gives the Chinese, then the English, on one line).
    pub fn text(&self, lang: Lang) -> String {
        self.lines(lang).join(" ")
    }
}
