//! The dataset schema: what a hand-written `data/*.ron` file contains.
//!
//! Every struct denies unknown fields, so a misspelt field is an error rather than silently ignored.
//! Text meant for people is bilingual ([`Text`]); geometry is WGS84 `(lon, lat)`.

use serde::{Deserialize, Serialize};

/// A piece of text in Chinese and English: `(zh: "…", en: "…")`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

/// A WGS84 coordinate, written `(lon, lat)`.
pub type LonLat = (f64, f64);

/// How far a piece of geometry can be trusted (see the README's "Geometry" section).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// Converted from published map geometry, about 50-150 m off.
    Sourced,
    /// Sourced geometry combined with the article's boundary text, 150-400 m off.
    Derived,
    /// Placed from the text alone, 300-800 m off.
    Estimate,
}

impl Confidence {
    /// The one-letter code used in legends and compact output.
    pub fn letter(self) -> char {
        match self {
            Confidence::Sourced => 'S',
            Confidence::Derived => 'D',
            Confidence::Estimate => 'E',
        }
    }

    pub fn describe(self) -> Text {
        let (zh, en) = match self {
            Confidence::Sourced => (
                "据公开地图数据(约50-150米)",
                "sourced from map data (about 50-150 m)",
            ),
            Confidence::Derived => (
                "据道路推算(约150-400米)",
                "derived from named roads (about 150-400 m)",
            ),
            Confidence::Estimate => (
                "据文字估计(约300-800米)",
                "estimated from the text (about 300-800 m)",
            ),
        };
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// The whole file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub district: District,
    pub source: Source,
    pub plan: Plan,
    pub platforms: Vec<Platform>,
    /// Roads, rivers, the canal, railways and landmarks drawn under the platforms.
    pub basemap: Vec<Feature>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    pub name: Text,
    pub city: Text,
    /// What a boundary list calls the district's own edge (the article's 拱墅区界).
    pub border_name: Text,
    pub outline: Outline,
}

/// A closed polygon ring (first point need not be repeated) with its confidence.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outline {
    pub confidence: Confidence,
    pub ring: Vec<LonLat>,
}

/// Where the dataset's facts come from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: Text,
    pub reporter: Text,
    pub year: u16,
    #[serde(default)]
    pub related: Vec<Headline>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Headline {
    pub title: Text,
    /// As the source prints it (the article gives month/day only).
    pub date: String,
}

/// The action plan the platforms belong to.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub title: Text,
    /// The industry focus named in the requirements (the article's "6+2").
    pub focus: String,
    pub requirements: Text,
    pub target: Text,
    pub sub_targets: Vec<Item>,
    pub measures: Vec<Item>,
}

/// A titled paragraph of the plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub title: Text,
    pub text: Text,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// Stable ASCII id, e.g. `canal-wealth`.
    pub id: String,
    /// Its place in the source's list, from 1.
    pub number: u32,
    pub name: Text,
    /// Other names the source uses for it.
    #[serde(default)]
    pub other_names: Vec<Text>,
    pub kind: Kind,
    pub area: Area,
    /// The source's planned-area sentence, whole.
    pub area_text: Text,
    pub industries: Vec<Industry>,
    /// The source's key-industries paragraph, whole.
    pub industries_text: Text,
    pub outline: Outline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Town,
    IndustrialPark,
    SoftwarePark,
    Cluster,
}

impl Kind {
    pub fn name(self) -> Text {
        let (zh, en) = match self {
            Kind::Town => ("小镇", "town"),
            Kind::IndustrialPark => ("产业园", "industrial park"),
            Kind::SoftwarePark => ("软件园", "software park"),
            Kind::Cluster => ("产业集聚区", "industrial cluster"),
        };
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// A platform's extent: four sides named by roads and rivers, or a description where the source gives none.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Area {
    /// Each side lists basemap feature names (Chinese) or the district's `border_name`.
    Bounded {
        east: Vec<String>,
        south: Vec<String>,
        west: Vec<String>,
        north: Vec<String>,
    },
    Located(Text),
}

/// A side of a bounded area, in the order the source names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    East,
    South,
    West,
    North,
}

impl Side {
    /// The field name in the dataset and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Side::East => "east",
            Side::South => "south",
            Side::West => "west",
            Side::North => "north",
        }
    }

    /// The one-character Chinese name (东) and the English compass letter (E).
    pub fn short(self) -> (&'static str, &'static str) {
        match self {
            Side::East => ("东", "E"),
            Side::South => ("南", "S"),
            Side::West => ("西", "W"),
            Side::North => ("北", "N"),
        }
    }
}

impl Area {
    /// Each side with its boundary names, east first; empty when the area is a location.
    pub fn sides(&self) -> Vec<(Side, &[String])> {
        match self {
            Area::Bounded {
                east,
                south,
                west,
                north,
            } => vec![
                (Side::East, east),
                (Side::South, south),
                (Side::West, west),
                (Side::North, north),
            ],
            Area::Located(_) => Vec::new(),
        }
    }

    /// Every boundary name, side after side.
    pub fn boundary_names(&self) -> impl Iterator<Item = &String> {
        self.sides().into_iter().flat_map(|(_, names)| names.iter())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Industry {
    pub zh: String,
    pub en: String,
    /// Extra search terms (English words, abbreviations, Chinese short forms). Pinyin is computed.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    pub name: Text,
    /// Other names boundary lists may use for this feature.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: FeatureKind,
    pub confidence: Confidence,
    pub geometry: Geometry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FeatureKind {
    Road,
    River,
    Canal,
    Rail,
    Landmark,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Geometry {
    Line(Vec<LonLat>),
    Point(LonLat),
}

impl Platform {
    /// The name in a language, for compact displays.
    pub fn all_names(&self) -> impl Iterator<Item = &Text> {
        std::iter::once(&self.name).chain(self.other_names.iter())
    }
}

impl Dataset {
    /// The basemap feature a boundary name refers to, by its Chinese name or an alias.
    pub fn feature_named(&self, name: &str) -> Option<&Feature> {
        self.basemap
            .iter()
            .find(|f| f.name.zh == name || f.aliases.iter().any(|a| a == name))
    }

    /// English for a boundary name: the feature's, the district border's, or the name itself.
    pub fn boundary_en(&self, name: &str) -> String {
        if name == self.district.border_name.zh {
            return self.district.border_name.en.clone();
        }
        self.feature_named(name)
            .map(|f| f.name.en.clone())
            .unwrap_or_else(|| name.to_string())
    }
}
