//! The map in words: where a platform lies, what it borders or is nearest to, and the district's
//! layout, worked out from the geometry the map draws and said as sentences in zh and en.
//!
//! [`describe_platform`] and [`describe_district`] return [`Sentence`]s: each a structured
//! [`Fact`] (what `--json` prints) with its Chinese and English. [`near`] is every other platform
//! by distance. Distances are between the outlines' nearest points, in km on the map's own
//! projection; a direction is the eight-point compass bearing between the outlines' centroids
//! (from a line feature's nearest point, for a line). Anything that rests on an estimated outline
//! or line ([`Confidence::Estimate`]) is marked `approximate` and says so.

mod district;
mod facts;
mod geom;
mod words;

#[cfg(test)]
mod tests;

use crate::dataset::{Area, Confidence, Dataset, FeatureKind, Geometry};
use crate::lang::Lang;
use crate::map::km;

pub use district::describe_district;
pub use facts::{Contact, Course, Fact, Near, PlatformRef, Sentence, Sides};
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

/// What a description needs of every outline at once: each one's box in km, the district's, and
/// how near counts as near. It depends on the dataset only, so the atlas keeps it
/// ([`Measures::of`], then [`short_in_both`]) instead of reading 100,000 outlines per selection.
#[derive(Debug, Clone)]
pub struct Measures {
    boxes: Vec<(f64, f64, f64, f64)>,
    district: (f64, f64, f64, f64),
    /// [`NEAR_KM`], or less for a dataset of small platforms.
    near_km: f64,
}

impl Measures {
    pub fn of(d: &Dataset) -> Measures {
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
        Measures {
            boxes,
            district: bbox(&km(d, &d.district.outline.ring)),
            near_km,
        }
    }
}

/// The geometry of a dataset in km, for a description: every outline's box at once (cheap), the
/// outlines themselves as they are needed, so a platform's neighbours among 100,000 cost a pass
/// over their boxes and the points of the few near it, not 100,000 outlines projected.
struct Km<'a> {
    d: &'a Dataset,
    m: std::borrow::Cow<'a, Measures>,
}

impl<'a> std::ops::Deref for Km<'a> {
    type Target = Measures;
    fn deref(&self) -> &Measures {
        &self.m
    }
}

impl<'a> Km<'a> {
    fn new(d: &'a Dataset) -> Km<'a> {
        Km {
            d,
            m: std::borrow::Cow::Owned(Measures::of(d)),
        }
    }

    /// With measures worked out before, for this same dataset.
    fn with(d: &'a Dataset, m: &'a Measures) -> Km<'a> {
        Km {
            d,
            m: std::borrow::Cow::Borrowed(m),
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
    // The boxes first: reading an outline to see it is usable costs more than its box's gap.
    let mut all: Vec<Near> = (0..d.platforms.len())
        .filter(|&j| box_gap(g.boxes[i], g.boxes[j]) <= limit)
        .filter(|&j| j != i && g.usable(j))
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
        .filter(|&j| j != i)
        .map(|j| (box_gap(g.boxes[i], g.boxes[j]), j))
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut best: Vec<Near> = Vec::new();
    for (gap, j) in order {
        if best.first().is_some_and(|b| gap > b.km) {
            break;
        }
        if !g.usable(j) {
            continue;
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

/// Kilometres to the nearest 10 m: what the geometry can say, and what JSON prints.
pub(crate) fn round(km: f64) -> f64 {
    (km * 100.0).round() / 100.0
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

/// [`short`] in Chinese and in English, from measures of `d` worked out before: the facts are
/// found once for both.
pub fn short_in_both(d: &Dataset, m: &Measures, i: usize) -> (String, String) {
    let facts = facts_of_platform(d, &Km::with(d, m), i, false);
    (
        words::short(d, &facts, Lang::Zh),
        words::short(d, &facts, Lang::En),
    )
}
