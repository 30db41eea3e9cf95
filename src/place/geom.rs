//! Plane geometry in kilometres for the map in words: where an outline's middle is, how far apart
//! two outlines or an outline and a line are at their nearest points, which way one lies from
//! another, and how deep a line or another outline runs into an outline.
//!
//! Coordinates come from the map's own projection ([`crate::map::km`]: lon·cos(lat₀), lat, in km);
//! the point and segment tests are the map's ([`crate::map::place`]).

use crate::map::place::{contains, segment_distance};

pub(crate) type Pt = (f64, f64);

/// A compass direction, eight points, clockwise from north.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Compass {
    North,
    NorthEast,
    East,
    SouthEast,
    South,
    SouthWest,
    West,
    NorthWest,
}

impl Compass {
    pub const ALL: [Compass; 8] = [
        Compass::North,
        Compass::NorthEast,
        Compass::East,
        Compass::SouthEast,
        Compass::South,
        Compass::SouthWest,
        Compass::West,
        Compass::NorthWest,
    ];

    /// The direction of a vector east and north, by the nearest of the eight points. `None` for
    /// a zero or non-finite vector.
    pub fn of(dx: f64, dy: f64) -> Option<Compass> {
        if !(dx.is_finite() && dy.is_finite()) || (dx == 0.0 && dy == 0.0) {
            return None;
        }
        // Bearing clockwise from north, in eighths of a turn.
        let turns = dx.atan2(dy) / std::f64::consts::TAU;
        let k = (turns * 8.0).round().rem_euclid(8.0) as usize;
        Some(Compass::ALL[k])
    }

    /// How much of the direction points east and north: each -1, 0 or 1.
    pub fn components(self) -> (i8, i8) {
        match self {
            Compass::North => (0, 1),
            Compass::NorthEast => (1, 1),
            Compass::East => (1, 0),
            Compass::SouthEast => (1, -1),
            Compass::South => (0, -1),
            Compass::SouthWest => (-1, -1),
            Compass::West => (-1, 0),
            Compass::NorthWest => (-1, 1),
        }
    }

    /// The way back.
    pub fn opposite(self) -> Compass {
        Compass::ALL[(self as usize + 4) % 8]
    }
}

/// The centroid of a polygon (by area; the mean of its points when it has none).
pub(crate) fn centroid(ring: &[Pt]) -> Pt {
    let n = ring.len();
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (p, q) = (ring[i], ring[(i + 1) % n]);
        let cross = p.0 * q.1 - q.0 * p.1;
        a += cross;
        cx += (p.0 + q.0) * cross;
        cy += (p.1 + q.1) * cross;
    }
    if a.abs() > 1e-12 {
        (cx / (3.0 * a), cy / (3.0 * a))
    } else {
        mean(ring)
    }
}

fn mean(pts: &[Pt]) -> Pt {
    let n = pts.len().max(1) as f64;
    let s = pts.iter().fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
    (s.0 / n, s.1 / n)
}

/// The ring's edges, closing it.
fn edges(ring: &[Pt]) -> impl Iterator<Item = (Pt, Pt)> + '_ {
    let n = ring.len();
    (0..n).map(move |i| (ring[i], ring[(i + 1) % n]))
}

/// A polyline's segments.
fn segments(line: &[Pt]) -> impl Iterator<Item = (Pt, Pt)> + '_ {
    line.windows(2).map(|w| (w[0], w[1]))
}

fn cross(o: Pt, a: Pt, b: Pt) -> f64 {
    (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
}

fn crosses(a: (Pt, Pt), b: (Pt, Pt)) -> bool {
    let (d1, d2) = (cross(b.0, b.1, a.0), cross(b.0, b.1, a.1));
    let (d3, d4) = (cross(a.0, a.1, b.0), cross(a.0, a.1, b.1));
    (d1 > 0.0) != (d2 > 0.0) && (d3 > 0.0) != (d4 > 0.0)
}

fn segments_distance(a: (Pt, Pt), b: (Pt, Pt)) -> f64 {
    if crosses(a, b) {
        return 0.0;
    }
    segment_distance(a.0, b.0, b.1)
        .min(segment_distance(a.1, b.0, b.1))
        .min(segment_distance(b.0, a.0, a.1))
        .min(segment_distance(b.1, a.0, a.1))
}

/// Distance from `p` to the ring's edges.
pub(crate) fn to_edge(ring: &[Pt], p: Pt) -> f64 {
    edges(ring)
        .map(|(a, b)| segment_distance(p, a, b))
        .fold(f64::INFINITY, f64::min)
}

/// The distance between two outlines at their nearest points: 0 where they touch or overlap.
pub(crate) fn rings_distance(a: &[Pt], b: &[Pt]) -> f64 {
    if a.iter().any(|&p| contains(b, p)) || b.iter().any(|&p| contains(a, p)) {
        return 0.0;
    }
    edges(a)
        .flat_map(|s| edges(b).map(move |t| segments_distance(s, t)))
        .fold(f64::INFINITY, f64::min)
}

/// The distance between an outline and a line at their nearest points: 0 where it crosses it.
pub(crate) fn line_distance(ring: &[Pt], line: &[Pt]) -> f64 {
    if line.iter().any(|&p| contains(ring, p)) {
        return 0.0;
    }
    edges(ring)
        .flat_map(|s| segments(line).map(move |t| segments_distance(s, t)))
        .fold(f64::INFINITY, f64::min)
}

/// How far into `ring` anything of `other` reaches: the greatest distance from `ring`'s edge of
/// a point of `other` inside it (`other`'s points, and points every 50 m along its edges).
pub(crate) fn depth(ring: &[Pt], other: &[Pt], closed: bool) -> f64 {
    let n = other.len();
    let count = if closed { n } else { n.saturating_sub(1) };
    let mut best: f64 = 0.0;
    for i in 0..count {
        let (a, b) = (other[i], other[(i + 1) % n]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let steps = ((len / 0.05).ceil() as usize).clamp(1, 1000);
        for k in 0..=steps {
            let t = k as f64 / steps as f64;
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            if contains(ring, p) {
                best = best.max(to_edge(ring, p));
            }
        }
    }
    if n == 1 && contains(ring, other[0]) {
        best = best.max(to_edge(ring, other[0]));
    }
    best
}

/// The point of a polyline nearest to `p`, and how far along the line (in km) it is.
pub(crate) fn nearest_on_line(line: &[Pt], p: Pt) -> (Pt, f64) {
    let mut best = (line.first().copied().unwrap_or(p), 0.0, f64::INFINITY);
    let mut along = 0.0;
    for (a, b) in segments(line) {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let q = (a.0 + dx * t, a.1 + dy * t);
        let d = ((q.0 - p.0).powi(2) + (q.1 - p.1).powi(2)).sqrt();
        if d < best.2 {
            best = (q, along + len2.sqrt() * t, d);
        }
        along += len2.sqrt();
    }
    (best.0, best.1)
}

/// The bounding box: (west, south, east, north).
pub(crate) fn bbox(pts: &[Pt]) -> (f64, f64, f64, f64) {
    pts.iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
    )
}

/// The distance between two boxes (0 where they overlap): no two shapes inside them are closer.
pub(crate) fn box_gap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> f64 {
    let dx = (b.0 - a.2).max(a.0 - b.2).max(0.0);
    let dy = (b.1 - a.3).max(a.1 - b.3).max(0.0);
    (dx * dx + dy * dy).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compass_points_by_the_nearest_of_eight() {
        assert_eq!(Compass::of(0.0, 1.0), Some(Compass::North));
        assert_eq!(Compass::of(1.0, 1.0), Some(Compass::NorthEast));
        assert_eq!(Compass::of(1.0, 0.1), Some(Compass::East));
        assert_eq!(Compass::of(-1.0, -1.2), Some(Compass::SouthWest));
        assert_eq!(Compass::of(-0.1, -1.0), Some(Compass::South));
        assert_eq!(Compass::of(-1.0, 0.0), Some(Compass::West));
        assert_eq!(Compass::of(0.0, 0.0), None);
        assert_eq!(Compass::of(f64::NAN, 1.0), None);
        for c in Compass::ALL {
            let (x, y) = c.components();
            assert_eq!(Compass::of(x as f64, y as f64), Some(c));
            assert_eq!(c.opposite().opposite(), c);
            let (ox, oy) = c.opposite().components();
            assert_eq!((ox, oy), (-x, -y));
        }
    }

    #[test]
    fn distances_between_outlines_and_lines() {
        let sq = |x: f64, y: f64| vec![(x, y), (x + 1.0, y), (x + 1.0, y + 1.0), (x, y + 1.0)];
        assert_eq!(rings_distance(&sq(0.0, 0.0), &sq(0.5, 0.5)), 0.0);
        assert!((rings_distance(&sq(0.0, 0.0), &sq(3.0, 0.0)) - 2.0).abs() < 1e-9);
        assert!((rings_distance(&sq(0.0, 0.0), &sq(2.0, 2.0)) - 2f64.sqrt()).abs() < 1e-9);
        // A cross over a square with no point inside it still touches it.
        let line = [(-1.0, 0.5), (2.0, 0.5)];
        assert_eq!(line_distance(&sq(0.0, 0.0), &line), 0.0);
        assert!((depth(&sq(0.0, 0.0), &line, false) - 0.5).abs() < 0.01);
        assert!((line_distance(&sq(0.0, 0.0), &[(0.0, 3.0), (1.0, 3.0)]) - 2.0).abs() < 1e-9);
        assert_eq!(depth(&sq(0.0, 0.0), &[(0.0, 3.0), (1.0, 3.0)], false), 0.0);
        let (c, _) = (centroid(&sq(2.0, 4.0)), 0);
        assert!((c.0 - 2.5).abs() < 1e-9 && (c.1 - 4.5).abs() < 1e-9);
        let (q, along) = nearest_on_line(&[(0.0, 0.0), (0.0, 2.0), (2.0, 2.0)], (1.0, 3.0));
        assert_eq!(q, (1.0, 2.0));
        assert!((along - 3.0).abs() < 1e-9);
        assert_eq!(box_gap((0.0, 0.0, 1.0, 1.0), (4.0, 5.0, 6.0, 6.0)), 5.0);
    }
}
