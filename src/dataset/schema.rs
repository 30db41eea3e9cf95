//! The dataset schema: what a hand-written `data/*.ron` file contains.
//!
//! Every struct denies unknown fields, so a misspelt field is an error rather than silently ignored.
//! Text meant for people is bilingual ([`Text`]); geometry is WGS84 `(lon, lat)`.

use serde::{Deserialize, Serialize};

pub use super::str::Str;

/// A piece of text in Chinese and English: `(zh: "…", en: "…")`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: Str,
    pub en: Str,
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

/// Where the dataset's facts come from: the article (title and reporter) is the source; the
/// headlines it prints under 相关阅读 are its related reading, not sources of the dataset.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: Text,
    pub reporter: Text,
    /// The year the article was written.
    pub year: u16,
    /// True when the article does not print `year` and it was worked out from the text (the
    /// shipped article says 今年 and plans for 2017-2019, so its year is inferred as 2017). Show an
    /// inferred year as such, with [`Source::year_text`], never as part of the byline.
    #[serde(default)]
    pub year_inferred: bool,
    /// The article's related-reading headlines (相关阅读).
    #[serde(default)]
    pub related: Vec<Headline>,
}

impl Source {
    /// The year as it may be shown: "2017年" / "2017", or "2017年(推断)" / "2017 (inferred)".
    pub fn year_text(&self) -> Text {
        let y = self.year;
        if self.year_inferred {
            Text {
                zh: format!("{y}年(推断)").into(),
                en: format!("{y} (inferred)").into(),
            }
        } else {
            Text {
                zh: format!("{y}年").into(),
                en: y.to_string().into(),
            }
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Headline {
    /// As the source prints it, cut short where the source cuts it: a cut Chinese title keeps
    /// its cut, and its English ends in "…" rather than completing it.
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
    /// The overall target (总体目标 / Overall target).
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
    /// Other names the source uses for it. An other name whose English would only repeat the main
    /// name's (北城智汇园 is 北城·智汇园 without the dot) leaves `en` empty: it has no English of its
    /// own, and English displays list only [`Platform::other_names_with_english`].
    #[serde(default)]
    pub other_names: Vec<Text>,
    /// This dataset's classification of the platform, for grouping and filtering. The article
    /// does not classify platforms: a kind's Chinese name is the article's word only where the
    /// platform's name ends with it (运河财富小镇 is a 小镇). Where the article calls the platform
    /// something else, `kind_as_written` holds that; show [`Platform::kind_label`].
    pub kind: Kind,
    /// What the article itself calls the platform, word for word, where its name does not end with
    /// the kind's Chinese name: 北城·智汇园 is 即半山石塘工业园区 in the article, a 工业园区.
    /// Written `kind_as_written: Some((zh: "工业园区", en: "industrial park"))`.
    #[serde(default)]
    pub kind_as_written: Option<Text>,
    pub area: Area,
    /// The source's planned-area sentence, whole. For a [`Area::Located`] platform this is the
    /// only record of where it is.
    pub area_text: Text,
    /// Every item of the source's key-industries paragraph, each with its [`IndustryRole`] there: not all
    /// of them are industries the platform develops (see [`Platform::key_industries`]).
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
    /// The classification's name. It is this dataset's word, not necessarily the article's: to
    /// show what a platform is, use [`Platform::kind_label`].
    pub fn name(self) -> Text {
        let (zh, en) = match self {
            Kind::Town => ("小镇", "town"),
            Kind::IndustrialPark => ("产业园", "industry park"),
            Kind::SoftwarePark => ("软件园", "software park"),
            Kind::Cluster => ("产业集聚区", "industry cluster"),
        };
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// A platform's extent: four sides named by roads and rivers, or a location where the source
/// names no sides.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Area {
    /// Each side lists boundary names (Chinese): a basemap feature's name or alias, or the
    /// district's `border_name`. Each has English of its own ([`Dataset::boundary`]).
    Bounded {
        east: Vec<Str>,
        south: Vec<Str>,
        west: Vec<Str>,
        north: Vec<Str>,
    },
    /// The source names no sides; the platform's `area_text` says where it is.
    Located,
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
    pub fn sides(&self) -> Vec<(Side, &[Str])> {
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
            Area::Located => Vec::new(),
        }
    }

    /// Every boundary name, side after side.
    pub fn boundary_names(&self) -> impl Iterator<Item = &Str> {
        self.sides().into_iter().flat_map(|(_, names)| names.iter())
    }
}

/// An item of a platform's key-industries paragraph (重点产业), word for word from it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Industry {
    pub zh: Str,
    pub en: Str,
    /// What the paragraph makes of the item; a key industry unless written otherwise.
    #[serde(default)]
    pub role: IndustryRole,
    /// Extra search terms (English words, abbreviations, Chinese short forms). Pinyin is computed.
    #[serde(default)]
    pub aliases: Vec<Str>,
}

/// What an item of a key-industries paragraph is, as the paragraph's wording makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum IndustryRole {
    /// An industry the platform develops, attracts or cultivates (重点发展, 重点引进, 融合发展, 培育
    /// 发展, 核心, 发展方向): a key industry.
    #[default]
    Key,
    /// A guiding theme the industries follow, not an industry of their own: 以信息经济为引领, or
    /// "互联网+" taken as a driver of development.
    Theme,
    /// A kind of high-end project the platform cultivates (总部经济、科研等…高端项目).
    Project,
    /// What the platform builds on (依托医疗服务产业).
    Basis,
    /// Part of the platform's stated positioning (立足于“民营医院+健康产业”的定位).
    Positioning,
}

impl IndustryRole {
    /// Every role, key industries first.
    pub const ALL: [IndustryRole; 5] = [
        IndustryRole::Key,
        IndustryRole::Theme,
        IndustryRole::Project,
        IndustryRole::Basis,
        IndustryRole::Positioning,
    ];

    pub fn name(self) -> Text {
        let (zh, en) = match self {
            IndustryRole::Key => ("重点产业", "key industry"),
            IndustryRole::Theme => ("发展引领", "guiding theme"),
            IndustryRole::Project => ("高端项目", "high-end project"),
            IndustryRole::Basis => ("依托产业", "foundation industry"),
            IndustryRole::Positioning => ("定位", "positioning"),
        };
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    /// The feature's name; English in full ("Shixiang Road"), as prose reads it. Map labels
    /// abbreviate it ([`Feature::map_label`]). A line the basemap draws for several roads carries
    /// a combined name and one alias per road.
    pub name: Text,
    /// Other names boundary lists use for this feature, each with English of its own naming one
    /// road or river: `aliases: [(zh: "化工路", en: "Huagong Road")]`.
    #[serde(default)]
    pub aliases: Vec<Text>,
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
    /// The main name, then the other names.
    pub fn all_names(&self) -> impl Iterator<Item = &Text> {
        std::iter::once(&self.name).chain(self.other_names.iter())
    }

    /// The other names that have English of their own, for English displays ("also known as").
    pub fn other_names_with_english(&self) -> impl Iterator<Item = &Text> {
        self.other_names.iter().filter(|n| !n.en.trim().is_empty())
    }

    /// What to call the platform's kind in a display: the article's own word where the dataset
    /// records one (`kind_as_written`), otherwise the kind's name, which the platform's name
    /// carries.
    pub fn kind_label(&self) -> Text {
        self.kind_as_written
            .clone()
            .unwrap_or_else(|| self.kind.name())
    }

    /// True when [`Platform::kind_label`] is the article's word, false when it is only this
    /// dataset's classification (no `kind_as_written`, and the name does not end with the kind).
    pub fn kind_is_written(&self) -> bool {
        self.kind_as_written.is_some() || self.name.zh.ends_with(self.kind.name().zh.as_str())
    }

    /// The items of the key-industries paragraph that are key industries ([`IndustryRole::Key`]).
    pub fn key_industries(&self) -> impl Iterator<Item = &Industry> {
        self.industries_in(IndustryRole::Key)
    }

    /// The items of the key-industries paragraph with a role.
    pub fn industries_in(&self, role: IndustryRole) -> impl Iterator<Item = &Industry> {
        self.industries.iter().filter(move |i| i.role == role)
    }
}

impl Feature {
    /// The name as map labels show it: the English abbreviated the way maps do (Road → Rd,
    /// Roads → Rds, Street → St, North Road → N Rd, station → stn). The Chinese is unchanged.
    pub fn map_label(&self) -> Text {
        Text {
            zh: self.name.zh.clone(),
            en: abbreviate(&self.name.en).into(),
        }
    }

    /// The English of one of this feature's names (its own or an alias), if it has it.
    fn english_of(&self, name: &str) -> Option<&str> {
        if self.name.zh == name {
            return Some(&self.name.en);
        }
        self.aliases
            .iter()
            .find(|a| a.zh == name)
            .map(|a| a.en.as_str())
    }
}

/// Map-label abbreviations of English road words; a compass word before Road or Street shortens
/// too ("Huancheng North Road" → "Huancheng N Rd").
fn abbreviate(en: &str) -> String {
    let words: Vec<&str> = en.split(' ').collect();
    let short = |w: &str| match w {
        "Road" => Some("Rd"),
        "Roads" => Some("Rds"),
        "Street" => Some("St"),
        "station" | "Station" => Some("stn"),
        _ => None,
    };
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let next_is_road = words
                .get(i + 1)
                .is_some_and(|n| matches!(*n, "Road" | "Street"));
            match (*w, next_is_road) {
                ("North", true) => "N",
                ("South", true) => "S",
                ("East", true) => "E",
                ("West", true) => "W",
                _ => short(w).unwrap_or(w),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Dataset {
    /// The basemap feature a boundary name refers to, by its Chinese name or an alias.
    pub fn feature_named(&self, name: &str) -> Option<&Feature> {
        self.basemap.iter().find(|f| f.english_of(name).is_some())
    }

    /// A boundary name with its own English: the district border's, the basemap feature's when
    /// the name is the feature's, or the alias's when it is an alias (化工路 → "Huagong Road", not
    /// the combined line's name). `None` when the name resolves to nothing.
    pub fn boundary(&self, name: &str) -> Option<Text> {
        let en = if name == self.district.border_name.zh {
            self.district.border_name.en.as_str()
        } else {
            self.basemap.iter().find_map(|f| f.english_of(name))?
        };
        Some(Text {
            zh: name.into(),
            en: en.into(),
        })
    }

    /// English for a boundary name, naming that one road or river in full ("Shixiang Road"), as
    /// prose reads it; the name itself when it resolves to nothing.
    pub fn boundary_en(&self, name: &str) -> String {
        self.boundary(name)
            .map(|t| t.en.into())
            .unwrap_or_else(|| name.to_string())
    }

    /// How many key industries ([`IndustryRole::Key`]) the platforms name, counting each platform's own.
    pub fn key_industry_count(&self) -> usize {
        self.platforms
            .iter()
            .map(|p| p.key_industries().count())
            .sum()
    }

    /// How many items the platforms' key-industries paragraphs list, whatever their role.
    pub fn industry_item_count(&self) -> usize {
        self.platforms.iter().map(|p| p.industries.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_labels_abbreviate_road_words_only() {
        for (full, short) in [
            ("Shixiang Road", "Shixiang Rd"),
            ("Huzhou Street", "Huzhou St"),
            ("Huancheng North Road", "Huancheng N Rd"),
            (
                "Huagong, Tangzhong and Yujiawei Roads",
                "Huagong, Tangzhong and Yujiawei Rds",
            ),
            (
                "Ducheng Ecological Park metro station",
                "Ducheng Ecological Park metro stn",
            ),
            ("West Lake", "West Lake"),
            ("Xuancheng-Hangzhou Railway", "Xuancheng-Hangzhou Railway"),
        ] {
            assert_eq!(abbreviate(full), short);
        }
    }

    #[test]
    fn each_boundary_alias_has_its_own_english() {
        let d = crate::dataset::embedded();
        assert_eq!(d.boundary_en("化工路"), "Huagong Road");
        assert_eq!(d.boundary_en("俞家圩路"), "Yujiawei Road");
        assert_eq!(d.boundary_en("石祥路"), "Shixiang Road");
        assert_eq!(d.boundary_en("拱墅区界"), "Gongshu District boundary");
        assert_eq!(d.boundary("没有这条路"), None);
        assert_eq!(
            d.feature_named("塘中路").map(|f| f.map_label().en),
            Some("Huagong, Tangzhong and Yujiawei Rds".into())
        );
    }

    #[test]
    fn the_year_says_when_it_is_inferred() {
        let d = crate::dataset::embedded();
        assert_eq!(d.source.year_text().en, "2017 (inferred)");
        assert_eq!(d.source.year_text().zh, "2017年(推断)");
    }

    #[test]
    fn kinds_show_the_articles_word() {
        let d = crate::dataset::embedded();
        let p = |id: &str| d.platforms.iter().find(|p| p.id == id).unwrap();
        // [9]'s area is the 半山石塘工业园区, but the article gives no kind for [9] itself.
        assert_eq!(p("beicheng-zhihui").kind_label().zh, "产业园");
        assert!(!p("beicheng-zhihui").kind_is_written());
        assert_eq!(p("canal-wealth").kind_label().zh, "小镇");
        assert!(
            d.platforms
                .iter()
                .filter(|p| p.id != "beicheng-zhihui")
                .all(|p| p.kind_is_written())
        );
        // 产业园 and 工业园区 are different words, and their English differs too.
        assert_eq!(Kind::IndustrialPark.name().en, "industry park");
    }
}
