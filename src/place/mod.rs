//! The map in words: where a platform lies, what it borders or is nearest to, and the district's
//! layout, worked out from the geometry the map draws and said as sentences in zh and en.
//!
//! [`describe_platform`] and [`describe_district`] return [`Sentence`]s: each a structured
//! [`Fact`] (what `--json` prints) with its Chinese and English. [`near`] is every other platform
//! by distance. Distances are between the outlines' nearest points, in km on the map's own
//! projection; a direction is the eight-point compass bearing between the outlines' centroids
//! (from a line feature's nearest point, for a line). Anything that rests on an estimated outline
//! or line ([`Confidence::Estimate`]) is marked `approximate` and says so.

mod geom;
mod words;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::dataset::{Area, Confidence, Dataset, FeatureKind, Geometry};
use crate::lang::Lang;
use crate::map::km;

pub use geom::Compass;
use geom::{Pt, bbox, box_gap, centroid, depth, line_distance, nearest_on_line, rings_distance};

/// Outlines this close (km) at their nearest points adjoin each other.
pub const ADJOIN_KM: f64 = 0.05;
/// An outline running this far (km) into another overlaps it rather than adjoining it; a line
/// running this far in runs through it rather than along its edge.
pub const OVERLAP_KM: f64 = 0.15;
/// Platforms and lines within this distance (km) are named as near; beyond it only the nearest
/// platform is. Where platforms are much smaller, twice the typical platform's size instead
/// (within 1 km of a 40 m platform lie thousands).
pub const NEAR_KM: f64 = 1.0;
/// At most this many platforms that neither adjoin nor overlap are named as near, nearest first.
pub const MAX_APART: usize = 4;
/// A line this close (km) to an outline without running into it runs along its edge.
pub const EDGE_KM: f64 = 0.1;
/// Platforms this close (km) to the canal are the district's platforms along it.
pub const CANAL_KM: f64 = 0.5;

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
    fn new(d: &Dataset, fact: Fact) -> Sentence {
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

/// The geometry of a dataset in km, for a description: every outline's box at once (cheap), the
/// outlines themselves as they are needed, so a platform's neighbours among 100,000 cost a pass
/// over their points, not 100,000 outlines projected.
struct Km<'a> {
    d: &'a Dataset,
    boxes: Vec<(f64, f64, f64, f64)>,
    district: (f64, f64, f64, f64),
    /// [`NEAR_KM`], or less for a dataset of small platforms.
    near_km: f64,
}

impl<'a> Km<'a> {
    fn new(d: &'a Dataset) -> Km<'a> {
        // The projection is a scale each way ([`km`] of (1, 1)), so a box projects corner by
        // corner.
        let (kx, ky) = km(d, &[(1.0, 1.0)]).first().copied().unwrap_or((1.0, 1.0));
        let boxes: Vec<(f64, f64, f64, f64)> = d
            .platforms
            .iter()
            .map(|p| {
                let (w, s, e, n) = p
                    .outline
                    .ring
                    .iter()
                    .filter(|q| q.0.is_finite() && q.1.is_finite())
                    .fold(
                        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
                        |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
                    );
                (w * kx, s * ky, e * kx, n * ky)
            })
            .collect();
        let mut sides: Vec<f64> = boxes
            .iter()
            .map(|b: &(f64, f64, f64, f64)| (b.2 - b.0).max(b.3 - b.1))
            .filter(|s| s.is_finite() && *s >= 0.0)
            .collect();
        let near_km = if sides.is_empty() {
            NEAR_KM
        } else {
            let mid = sides.len() / 2;
            let (_, median, _) = sides.select_nth_unstable_by(mid, f64::total_cmp);
            NEAR_KM.min((*median * 2.0).max(ADJOIN_KM))
        };
        Km {
            d,
            boxes,
            district: bbox(&km(d, &d.district.outline.ring)),
            near_km,
        }
    }

    /// Platform `i`'s outline in km.
    fn ring(&self, i: usize) -> Vec<Pt> {
        km(self.d, &self.d.platforms[i].outline.ring)
    }

    fn usable(&self, i: usize) -> bool {
        let ring = &self.d.platforms[i].outline.ring;
        ring.len() >= 3 && ring.iter().all(|p| p.0.is_finite() && p.1.is_finite())
    }
}

fn estimate(c: Confidence) -> bool {
    c == Confidence::Estimate
}

/// Where the point lies in the district's box, by thirds; `None` is the middle third both ways.
fn region_of(district: (f64, f64, f64, f64), p: Pt) -> Option<Compass> {
    let (w, s, e, n) = district;
    let third = |v: f64, lo: f64, hi: f64| {
        let f = (v - lo) / (hi - lo);
        if !f.is_finite() {
            0.0
        } else if f < 1.0 / 3.0 {
            -1.0
        } else if f > 2.0 / 3.0 {
            1.0
        } else {
            0.0
        }
    };
    Compass::of(third(p.0, w, e), third(p.1, s, n))
}

fn near_one(d: &Dataset, a: &[Pt], i: usize, b: &[Pt], j: usize) -> Option<Near> {
    let (ca, cb) = (centroid(a), centroid(b));
    let km = rings_distance(a, b);
    let contact = if km > ADJOIN_KM {
        Contact::Apart
    } else if depth(a, b, true)
        .max(depth(b, a, true))
        // Outlines on the same edges (one given twice) have no point strictly inside the
        // other but their middles.
        .max(depth(a, &[cb], false))
        .max(depth(b, &[ca], false))
        > OVERLAP_KM
    {
        Contact::Overlaps
    } else {
        Contact::Adjoins
    };
    Some(Near {
        platform: j,
        direction: Compass::of(cb.0 - ca.0, cb.1 - ca.1),
        km: round(km),
        contact,
        approximate: estimate(d.platforms[i].outline.confidence)
            || estimate(d.platforms[j].outline.confidence),
    })
}

/// Every other platform as seen from platform `i`, nearest first (ties by number). Empty for an
/// index out of range.
pub fn near(d: &Dataset, i: usize) -> Vec<Near> {
    near_within(d, &Km::new(d), i, f64::INFINITY)
}

/// [`near`] as sentences, one a platform, nearest first.
pub fn near_sentences(d: &Dataset, i: usize) -> Vec<Sentence> {
    near(d, i)
        .into_iter()
        .map(|near| {
            Sentence::new(
                d,
                Fact::Platform {
                    near,
                    nearest: false,
                },
            )
        })
        .collect()
}

/// What a list of [`near_sentences`] is, as its first line: "9 platforms by distance from [6]
/// Kangqiao New Energy Industry Park:".
pub fn near_heading(d: &Dataset, i: usize, count: usize, lang: Lang) -> String {
    words::near_heading(d, i, count, lang)
}

/// [`near`], only those within `limit` km.
fn near_within(d: &Dataset, g: &Km, i: usize, limit: f64) -> Vec<Near> {
    if i >= d.platforms.len() || !g.usable(i) {
        return Vec::new();
    }
    let own = g.ring(i);
    let mut all: Vec<Near> = (0..d.platforms.len())
        .filter(|&j| j != i && g.usable(j))
        .filter(|&j| box_gap(g.boxes[i], g.boxes[j]) <= limit)
        .filter_map(|j| near_one(d, &own, i, &g.ring(j), j))
        .filter(|n| n.km <= limit)
        .collect();
    sort_near(d, &mut all);
    all
}

fn sort_near(d: &Dataset, all: &mut [Near]) {
    all.sort_by(|a, b| {
        a.km.total_cmp(&b.km).then(
            d.platforms[a.platform]
                .number
                .cmp(&d.platforms[b.platform].number),
        )
    });
}

/// The platforms named as near platform `i`: those that adjoin, overlap or lie within
/// [`NEAR_KM`] (at most [`MAX_APART`] of those that do not touch), or the nearest one when none
/// does.
fn neighbours(d: &Dataset, g: &Km, i: usize) -> Vec<Near> {
    let mut apart = 0;
    let close: Vec<Near> = near_within(d, g, i, g.near_km)
        .into_iter()
        .filter(|n| {
            apart += usize::from(n.contact == Contact::Apart);
            n.contact != Contact::Apart || apart <= MAX_APART
        })
        .collect();
    if !close.is_empty() || i >= d.platforms.len() || !g.usable(i) {
        return close;
    }
    // The nearest: outlines in the order of their boxes' distance, until a box is farther than
    // the nearest outline found.
    let own = g.ring(i);
    let mut order: Vec<(f64, usize)> = (0..d.platforms.len())
        .filter(|&j| j != i && g.usable(j))
        .map(|j| (box_gap(g.boxes[i], g.boxes[j]), j))
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut best: Vec<Near> = Vec::new();
    for (gap, j) in order {
        if best.first().is_some_and(|b| gap > b.km) {
            break;
        }
        if let Some(n) = near_one(d, &own, i, &g.ring(j), j) {
            best.push(n);
            sort_near(d, &mut best);
            best.truncate(1);
        }
    }
    best
}

fn line_of(d: &Dataset, f: usize) -> Option<Vec<Pt>> {
    match &d.basemap[f].geometry {
        Geometry::Line(l) if l.len() >= 2 => Some(km(d, l)),
        _ => None,
    }
}

/// How line `f` runs by outline `ring`: its course, direction and distance.
fn course(ring: &[Pt], line: &[Pt]) -> (Course, Option<Compass>, f64) {
    let dist = line_distance(ring, line);
    let c = centroid(ring);
    let (q, _) = nearest_on_line(line, c);
    let dir = Compass::of(q.0 - c.0, q.1 - c.1);
    if dist <= 0.0 && depth(ring, line, false) > OVERLAP_KM {
        (Course::Through, None, 0.0)
    } else if dist <= EDGE_KM {
        (Course::Edge, dir, dist)
    } else {
        (Course::Apart, dir, dist)
    }
}

/// The district's main road: the road most platforms name in their bounds, when three or more
/// do (the first such road of the basemap on a tie). One pass over the bounds.
fn spine(d: &Dataset) -> Option<usize> {
    let mut by_name: rustc_hash::FxHashMap<&str, usize> = Default::default();
    for (f, feat) in d.basemap.iter().enumerate() {
        if feat.kind == FeatureKind::Road && matches!(feat.geometry, Geometry::Line(_)) {
            for n in std::iter::once(&feat.name.zh).chain(feat.aliases.iter().map(|a| &a.zh)) {
                by_name.entry(n.as_str()).or_insert(f);
            }
        }
    }
    let mut count = vec![0usize; d.basemap.len()];
    let mut named: Vec<usize> = Vec::new();
    for p in &d.platforms {
        named.clear();
        named.extend(
            p.area
                .boundary_names()
                .filter_map(|n| by_name.get(n.as_str()).copied()),
        );
        named.sort_unstable();
        named.dedup();
        for &f in &named {
            count[f] += 1;
        }
    }
    let best = (0..count.len()).max_by(|&a, &b| count[a].cmp(&count[b]).then(b.cmp(&a)))?;
    (count[best] >= 3).then_some(best)
}

/// Which side of the main road an outline lies on, and how far from it; `None` when the road runs
/// near its middle. A road running more west to east than north to south has a north and a south
/// side (an east and a west one otherwise), taken where the road passes the outline's centroid;
/// beyond the road's ends, the side is the direction from its nearest point.
fn spine_side(ring: &[Pt], road: &[Pt]) -> (Option<Compass>, f64) {
    let c = centroid(ring);
    let dist = line_distance(ring, road);
    let (w, s, e, n) = bbox(ring);
    let size = (e - w).min(n - s);
    let (q, _) = nearest_on_line(road, c);
    if ((c.0 - q.0).powi(2) + (c.1 - q.1).powi(2)).sqrt() < size * 0.25 {
        return (None, dist);
    }
    let (rw, rs, re, rn) = bbox(road);
    let across = |along: fn(Pt) -> f64, off: fn(Pt) -> f64| {
        // The road's offset where it passes `along(c)`.
        road.windows(2).find_map(|w| {
            let (a, b) = (along(w[0]), along(w[1]));
            let t = (along(c) - a) / (b - a);
            ((a.min(b)..=a.max(b)).contains(&along(c)) && t.is_finite())
                .then(|| off(w[0]) + (off(w[1]) - off(w[0])) * t)
        })
    };
    let side = if re - rw >= rn - rs {
        across(|p| p.0, |p| p.1).map(|y| {
            if c.1 > y {
                Compass::North
            } else {
                Compass::South
            }
        })
    } else {
        across(|p| p.1, |p| p.0).map(|x| {
            if c.0 > x {
                Compass::East
            } else {
                Compass::West
            }
        })
    };
    (side.or(Compass::of(c.0 - q.0, c.1 - q.1)), dist)
}

/// Where platform `i` lies, what it borders or is nearest to, its bounds as the article gives
/// them, and how sure its outline is. Empty for an index out of range.
pub fn describe_platform(d: &Dataset, i: usize) -> Vec<Sentence> {
    facts_of_platform(d, &Km::new(d), i, true)
        .into_iter()
        .map(|f| Sentence::new(d, f))
        .collect()
}

/// The facts about platform `i`; `full` adds its side of the main road (which reads every
/// platform's bounds: not for the short form, drawn every frame).
fn facts_of_platform(d: &Dataset, g: &Km, i: usize, full: bool) -> Vec<Fact> {
    let Some(p) = d.platforms.get(i) else {
        return Vec::new();
    };
    let mut facts = Vec::new();
    let approx = estimate(p.outline.confidence);
    if g.usable(i) {
        let ring = &g.ring(i);
        facts.push(Fact::Lies {
            platform: i,
            region: region_of(g.district, centroid(ring)),
            approximate: approx,
        });
        let close = neighbours(d, g, i);
        let nearest = close.first().is_some_and(|n| n.km > g.near_km);
        for near in close {
            facts.push(Fact::Platform { near, nearest });
        }
        let spine = if full { spine(d) } else { None };
        for (f, feat) in d.basemap.iter().enumerate() {
            if !matches!(
                feat.kind,
                FeatureKind::Canal | FeatureKind::River | FeatureKind::Rail
            ) {
                continue;
            }
            let Some(line) = line_of(d, f) else { continue };
            let (course, direction, dist) = course(ring, &line);
            if dist <= NEAR_KM {
                facts.push(Fact::Line {
                    feature: f,
                    course,
                    direction,
                    km: round(dist),
                    approximate: approx || estimate(feat.confidence),
                });
            }
        }
        if let Some(f) = spine
            && let Some(road) = line_of(d, f)
        {
            let (side, dist) = spine_side(ring, &road);
            facts.push(Fact::Spine {
                feature: f,
                side,
                km: round(dist),
                approximate: approx || estimate(d.basemap[f].confidence),
            });
        }
    }
    facts.push(match p.area {
        Area::Bounded { .. } => Fact::Bounds { platform: i },
        Area::Located => Fact::Located { platform: i },
    });
    facts.push(Fact::Outline {
        confidence: p.outline.confidence,
    });
    facts
}

/// The district's layout: its extent, the main road and who lies on each side, the platforms
/// along the canal from south to north, the platforms by part of the district, and which
/// outlines are estimates.
pub fn describe_district(d: &Dataset) -> Vec<Sentence> {
    facts_of_district(d, &Km::new(d))
        .into_iter()
        .map(|f| Sentence::new(d, f))
        .collect()
}

fn facts_of_district(d: &Dataset, g: &Km) -> Vec<Fact> {
    let (w, s, e, n) = g.district;
    let mut facts = vec![Fact::District {
        north_south_km: round(n - s),
        west_east_km: round(e - w),
        platforms: d.platforms.len(),
    }];
    let usable: Vec<usize> = (0..d.platforms.len()).filter(|&i| g.usable(i)).collect();
    let rings: Vec<Vec<Pt>> = (0..d.platforms.len())
        .map(|i| if g.usable(i) { g.ring(i) } else { Vec::new() })
        .collect();
    if let Some(f) = spine(d)
        && let Some(road) = line_of(d, f)
    {
        let (mut north, mut south, mut along) = (Vec::new(), Vec::new(), Vec::new());
        for &i in &usable {
            match spine_side(&rings[i], &road).0 {
                None => along.push(i),
                Some(c) if c.components().1 > 0 => north.push(i),
                Some(c) if c.components().1 < 0 => south.push(i),
                Some(_) => along.push(i),
            }
        }
        facts.push(Fact::SpineSides {
            feature: f,
            north,
            south,
            along,
        });
    }
    // The longest canal, and the platforms it runs through or along, from south to north.
    let canal = (0..d.basemap.len())
        .filter(|&f| d.basemap[f].kind == FeatureKind::Canal)
        .filter_map(|f| line_of(d, f).map(|l| (f, l)))
        .max_by(|a, b| length(&a.1).total_cmp(&length(&b.1)));
    if let Some((f, mut line)) = canal {
        if line.first().map(|p| p.1) > line.last().map(|p| p.1) {
            line.reverse();
        }
        let mut along: Vec<(f64, usize)> = usable
            .iter()
            .filter(|&&i| line_distance(&rings[i], &line) <= CANAL_KM)
            .map(|&i| {
                let c = centroid(&rings[i]);
                (nearest_on_line(&line, c).1, i)
            })
            .collect();
        along.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        facts.push(Fact::Canal {
            feature: f,
            along: along.into_iter().map(|(_, i)| i).collect(),
        });
    }
    // By part of the district, read as a page: north to south, west to east in each row.
    let order: [Option<Compass>; 9] = [
        Some(Compass::NorthWest),
        Some(Compass::North),
        Some(Compass::NorthEast),
        Some(Compass::West),
        None,
        Some(Compass::East),
        Some(Compass::SouthWest),
        Some(Compass::South),
        Some(Compass::SouthEast),
    ];
    let regions: Vec<Option<Compass>> = usable
        .iter()
        .map(|&i| region_of(g.district, centroid(&rings[i])))
        .collect();
    for r in order {
        let platforms: Vec<usize> = usable
            .iter()
            .zip(&regions)
            .filter(|(_, x)| **x == r)
            .map(|(&i, _)| i)
            .collect();
        if !platforms.is_empty() {
            facts.push(Fact::Region {
                region: r,
                platforms,
            });
        }
    }
    let estimates: Vec<usize> = (0..d.platforms.len())
        .filter(|&i| estimate(d.platforms[i].outline.confidence))
        .collect();
    if !estimates.is_empty() {
        facts.push(Fact::Estimates {
            platforms: estimates,
        });
    }
    facts
}

/// Kilometres to the nearest 10 m: what the geometry can say, and what JSON prints.
fn round(km: f64) -> f64 {
    (km * 100.0).round() / 100.0
}

fn length(line: &[Pt]) -> f64 {
    line.windows(2)
        .map(|w| ((w[1].0 - w[0].0).powi(2) + (w[1].1 - w[0].1).powi(2)).sqrt())
        .sum()
}

/// `where` as lines of text: platform `i`'s facts (the district's with `None`), one a line, each
/// in `lang` (for both, the Chinese then the English). Empty for an index out of range.
pub fn where_text(d: &Dataset, i: Option<usize>, lang: Lang) -> Vec<String> {
    let all = match i {
        Some(i) => describe_platform(d, i),
        None => describe_district(d),
    };
    all.iter()
        .flat_map(|s| s.lines(lang).into_iter().map(str::to_string))
        .collect()
}

/// `near` as lines of text: what the list is, then every other platform by distance, one a line
/// (for both, the Chinese then the English). Empty when there is no other platform.
pub fn near_text(d: &Dataset, i: usize, lang: Lang) -> Vec<String> {
    let all = near_sentences(d, i);
    if all.is_empty() {
        return Vec::new();
    }
    let heading: Vec<String> = match lang {
        Lang::Both => vec![
            near_heading(d, i, all.len(), Lang::Zh),
            near_heading(d, i, all.len(), Lang::En),
        ],
        _ => vec![near_heading(d, i, all.len(), lang)],
    };
    heading
        .into_iter()
        .chain(
            all.iter()
                .flat_map(|s| s.lines(lang).into_iter().map(str::to_string)),
        )
        .collect()
}

/// The short form for the detail pane and the speaker notes: where platform `i` lies and what
/// it adjoins, in one sentence of `lang` (`Both` gives the Chinese). Empty for an index out of
/// range.
pub fn short(d: &Dataset, i: usize, lang: Lang) -> String {
    let g = Km::new(d);
    words::short(d, &facts_of_platform(d, &g, i, false), lang)
}
