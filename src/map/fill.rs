//! Filled platforms: which palette slot each platform gets (neighbours never share one), the fill
//! style's painted regions, and the selected platform's fill in the plain styles.

use crate::dataset::{Area, Dataset, LonLat};

use super::canvas::Canvas;
use super::place::{contains, scan, segment_distance};
use super::{FILL_SLOTS, KM_PER_DEG, Paint, Role, Tone};

/// Platforms whose outlines come closer than this (km) are neighbours and get different slots.
const NEIGHBOUR_KM: f64 = 0.3;

/// The palette slot of every platform: a greedy colouring of the graph of platforms whose outlines
/// touch, most-connected first. Deterministic, and the same at every size and zoom.
pub fn palette_slots(d: &Dataset) -> Vec<u8> {
    let n = d.platforms.len();
    let rings: Vec<Vec<(f64, f64)>> = d.platforms.iter().map(|p| km(d, &p.outline.ring)).collect();
    let boxes: Vec<(f64, f64, f64, f64)> = rings
        .iter()
        .map(|r| {
            r.iter().fold(
                (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
                |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
            )
        })
        .collect();
    // Sweep over the bounding boxes from west to east: only boxes that overlap (grown by the
    // neighbour distance) are compared, so a large synthetic dataset stays cheap.
    let mut order: Vec<usize> = (0..n).filter(|&i| !rings[i].is_empty()).collect();
    order.sort_by(|&a, &b| boxes[a].0.total_cmp(&boxes[b].0).then(a.cmp(&b)));
    let mut adjacent: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &i) in order.iter().enumerate() {
        for &j in &order[k + 1..] {
            if boxes[j].0 > boxes[i].2 + NEIGHBOUR_KM {
                break;
            }
            let (a, b) = (boxes[i], boxes[j]);
            if a.1 > b.3 + NEIGHBOUR_KM || b.1 > a.3 + NEIGHBOUR_KM {
                continue;
            }
            if touch(&rings[i], &rings[j]) {
                adjacent[i].push(j);
                adjacent[j].push(i);
            }
        }
    }
    let mut by_degree: Vec<usize> = (0..n).collect();
    by_degree.sort_by_key(|&i| (std::cmp::Reverse(adjacent[i].len()), i));
    let mut slot: Vec<Option<u8>> = vec![None; n];
    for i in by_degree {
        let used: Vec<u8> = adjacent[i].iter().filter_map(|&j| slot[j]).collect();
        let free = (0..FILL_SLOTS).find(|s| !used.contains(s));
        slot[i] = Some(free.unwrap_or((i % FILL_SLOTS as usize) as u8));
    }
    slot.into_iter().map(|s| s.unwrap_or(0)).collect()
}

/// The platforms whose outlines touch platform `i`'s (within the neighbour distance).
pub(crate) fn neighbours(d: &Dataset, i: usize) -> Vec<usize> {
    let own = km(d, &d.platforms[i].outline.ring);
    (0..d.platforms.len())
        .filter(|&j| j != i)
        .filter(|&j| touch(&own, &km(d, &d.platforms[j].outline.ring)))
        .collect()
}

/// A ring in kilometres east and north, scaled at the district's latitude, for distances.
fn km(d: &Dataset, ring: &[LonLat]) -> Vec<(f64, f64)> {
    let lat0 = d
        .district
        .outline
        .ring
        .first()
        .map_or(30.0, |p| p.1)
        .to_radians()
        .cos();
    ring.iter()
        .filter(|p| p.0.is_finite() && p.1.is_finite())
        .map(|&(lon, lat)| (lon * KM_PER_DEG * lat0, lat * KM_PER_DEG))
        .collect()
}

/// Whether two rings (in km) overlap or come within the neighbour distance.
fn touch(a: &[(f64, f64)], b: &[(f64, f64)]) -> bool {
    let near = |p: (f64, f64), ring: &[(f64, f64)]| {
        (0..ring.len()).any(|i| {
            let (s, e) = (ring[i], ring[(i + 1) % ring.len()]);
            segment_distance(p, s, e) <= NEIGHBOUR_KM
        })
    };
    a.iter().any(|&p| near(p, b) || contains(b, p))
        || b.iter().any(|&p| near(p, a) || contains(a, p))
}

/// Whether the source gives the platform no boundary, so its outline is placed by estimate.
pub(crate) fn estimated(d: &Dataset, i: usize) -> bool {
    matches!(d.platforms[i].area, Area::Located)
}

/// Fill style: paint every platform's cells, the largest first so a smaller platform lying over a
/// larger one stays visible. Dimmed platforms get a sparse dot texture, estimated ones a hatch,
/// so both read even where colours are few.
pub(crate) fn paint_platforms(cv: &mut Canvas, rings: &[Vec<(f64, f64)>], paints: &[Paint]) {
    cv.paint = vec![None; cv.w * cv.h];
    let mut order: Vec<usize> = (0..rings.len()).collect();
    let areas: Vec<f64> = rings.iter().map(|r| super::place::area(r)).collect();
    order.sort_by(|&a, &b| areas[b].total_cmp(&areas[a]).then(a.cmp(&b)));
    for i in order {
        let paint = paints[i];
        let mut cells = Vec::new();
        scan(cv.w, cv.h, &rings[i], |c, r| cells.push((c, r)));
        for (c, r) in cells {
            let k = r * cv.w + c;
            cv.paint[k] = Some(paint);
            cv.sym[k] = texture(paint, c, r);
            cv.role[k] = Role::Fill(paint);
        }
    }
}

/// The symbol a painted cell shows.
fn texture(paint: Paint, c: usize, r: usize) -> char {
    if paint.estimate && (c + r).is_multiple_of(2) {
        // A hatch of short diagonal strokes: placed by estimate.
        '⡐'
    } else if paint.tone == Tone::Dim && (c + 2 * r).is_multiple_of(4) {
        '⠂'
    } else {
        ' '
    }
}

/// The plain styles' selected fill: the cells inside `ring` shaded with `fill`. Water, the railway
/// and the district border stay visible through it; roads and other platforms' outlines give way.
/// Returns the filled cells.
pub(crate) fn fill_selected(cv: &mut Canvas, ring: &[(f64, f64)], fill: &str) -> Vec<usize> {
    let mut cells = Vec::new();
    scan(cv.w, cv.h, ring, |c, r| cells.push(r * cv.w + c));
    shade(cv, cells, fill, |r| {
        matches!(
            r,
            Role::Blank | Role::Road | Role::Outline | Role::SelectedOutline | Role::SelectedFill
        )
    })
}

/// Shade each of `cells` whose role `under` allows with the selection's `fill`; returns them.
pub(crate) fn shade(
    cv: &mut Canvas,
    cells: impl IntoIterator<Item = usize>,
    fill: &str,
    under: impl Fn(Role) -> bool,
) -> Vec<usize> {
    let mut shaded = Vec::new();
    for k in cells {
        if under(cv.role[k]) {
            cv.text(
                (k % cv.w) as i64,
                (k / cv.w) as i64,
                fill,
                Role::SelectedFill,
                false,
            );
            shaded.push(k);
        }
    }
    shaded
}

/// The cells the ring's edge passes through, for a selection too small to fill from inside.
pub(crate) fn edge_cells(cv: &Canvas, ring: &[(f64, f64)]) -> Vec<usize> {
    let mut cells = Vec::new();
    let n = ring.len();
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        let steps = ((b.0 - a.0).abs().max((b.1 - a.1).abs()) * 2.0)
            .ceil()
            .min(4000.0) as usize
            + 1;
        for s in 0..=steps {
            let t = s as f64 / steps as f64;
            let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            if let Some(k) = cv.index(x.floor() as i64, y.floor() as i64)
                && !cells.contains(&k)
            {
                cells.push(k);
            }
        }
    }
    cells
}
