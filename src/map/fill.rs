//! Filled platforms: which palette slot each platform gets (neighbours never share one), the fill
//! style's painted regions, and the selected platform's fill in the plain styles.

use crate::dataset::{Area, Dataset, LonLat};

use super::canvas::Canvas;
use super::place::{contains, scan, segment_distance};
use super::{FILL_SLOTS, KM_PER_DEG, OWN_COLOURS, Paint, Role, Tone};

/// Platforms whose outlines come closer than this (km) are neighbours and get different slots.
const NEIGHBOUR_KM: f64 = 0.3;

/// The neighbour distance for a dataset: [`NEIGHBOUR_KM`], or half the typical platform's width
/// where platforms are much smaller than that. Within 300 m of a 40 m platform lie a hundred
/// others, more than any palette keeps apart; its adjoining ones are what a reader compares.
fn neighbour_km(boxes: &[(f64, f64, f64, f64)]) -> f64 {
    let mut sides: Vec<f64> = boxes
        .iter()
        .map(|b| (b.2 - b.0).min(b.3 - b.1))
        .filter(|s| s.is_finite() && *s >= 0.0)
        .collect();
    if sides.is_empty() {
        return NEIGHBOUR_KM;
    }
    let mid = sides.len() / 2;
    let (_, median, _) = sides.select_nth_unstable_by(mid, f64::total_cmp);
    NEIGHBOUR_KM.min(*median * 0.5)
}

/// The palette slot of every platform: a greedy colouring of the graph of platforms whose outlines
/// touch, most-connected first. Deterministic, and the same at every size and zoom.
///
/// A dataset of at most [`OWN_COLOURS`] platforms gives each its own colour, 0..[`OWN_COLOURS`],
/// chosen so that neighbours' colours are as far apart on the palette's hue circle as the others
/// already given allow, and so that their slots on 8 or 16 colours ([`Paint::slot`], the colour
/// modulo [`FILL_SLOTS`]) differ too. A larger one gets slots 0..[`FILL_SLOTS`].
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
    let near = neighbour_km(&boxes);
    let adjacent = adjacency(&rings, &boxes, near);
    let mut by_degree: Vec<usize> = (0..n).collect();
    by_degree.sort_by_key(|&i| (std::cmp::Reverse(adjacent[i].len()), i));
    if n <= OWN_COLOURS as usize {
        return own_colours(&adjacent, &by_degree);
    }
    let mut slot: Vec<Option<u8>> = vec![None; n];
    for i in by_degree {
        let used: Vec<u8> = adjacent[i].iter().filter_map(|&j| slot[j]).collect();
        let free = (0..FILL_SLOTS).find(|s| !used.contains(s));
        slot[i] = Some(free.unwrap_or((i % FILL_SLOTS as usize) as u8));
    }
    slot.into_iter().map(|s| s.unwrap_or(0)).collect()
}

/// Each platform's own colour (see [`palette_slots`]), given the platforms each one touches, in
/// the order they choose.
fn own_colours(adjacent: &[Vec<usize>], order: &[usize]) -> Vec<u8> {
    let n = adjacent.len();
    // Apart on the hue circle: the palette runs round it in order.
    let apart = |a: u8, b: u8| {
        let d = a.abs_diff(b);
        d.min(OWN_COLOURS - d)
    };
    let mut own: Vec<Option<u8>> = vec![None; n];
    for &i in order {
        let near: Vec<u8> = adjacent[i].iter().filter_map(|&j| own[j]).collect();
        let free = (0..OWN_COLOURS).filter(|c| !own.contains(&Some(*c)));
        // Slots neighbours use are out where any other colour is left.
        let slot_free: Vec<u8> = free
            .clone()
            .filter(|c| near.iter().all(|o| o % FILL_SLOTS != c % FILL_SLOTS))
            .collect();
        let pool: Vec<u8> = if slot_free.is_empty() {
            free.collect()
        } else {
            slot_free
        };
        let farthest = pool.iter().copied().max_by_key(|&c| {
            let nearest = near
                .iter()
                .map(|&o| apart(c, o))
                .min()
                .unwrap_or(OWN_COLOURS);
            // The farthest from every neighbour; among equals the first.
            (nearest, std::cmp::Reverse(c))
        });
        own[i] = farthest;
    }
    own.into_iter().map(|c| c.unwrap_or(0)).collect()
}

/// Which rings come within `near` km of each other. Boxes go into a grid of cells about a
/// typical platform's size, and only rings whose boxes share a cell are compared, so 100,000
/// platforms cost about as many comparisons as platforms.
fn adjacency(
    rings: &[Vec<(f64, f64)>],
    boxes: &[(f64, f64, f64, f64)],
    near: f64,
) -> Vec<Vec<usize>> {
    let n = rings.len();
    let mut adjacent: Vec<Vec<usize>> = vec![Vec::new(); n];
    let live: Vec<usize> = (0..n).filter(|&i| !rings[i].is_empty()).collect();
    if live.is_empty() {
        return adjacent;
    }
    let grown = |i: usize| {
        let b = boxes[i];
        (b.0 - near, b.1 - near, b.2 + near, b.3 + near)
    };
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut sizes: Vec<f64> = Vec::with_capacity(live.len());
    for &i in &live {
        let g = grown(i);
        (x0, y0, x1, y1) = (x0.min(g.0), y0.min(g.1), x1.max(g.2), y1.max(g.3));
        sizes.push((g.2 - g.0).max(g.3 - g.1));
    }
    let mid = sizes.len() / 2;
    let typical = *sizes.select_nth_unstable_by(mid, f64::total_cmp).1;
    // At most about 4 cells per platform, however they are spread.
    let limit = (4 * live.len()).max(1) as f64;
    let mut cell = typical.max((x1 - x0).max(y1 - y0) / limit.sqrt()).max(1e-9);
    if ((x1 - x0) / cell) * ((y1 - y0) / cell) > limit {
        cell = ((x1 - x0) * (y1 - y0) / limit).sqrt().max(cell);
    }
    let cols = ((x1 - x0) / cell) as usize + 1;
    let rows = ((y1 - y0) / cell) as usize + 1;
    let span = |i: usize| {
        let g = grown(i);
        let c = |v: f64, o: f64, most: usize| (((v - o) / cell) as usize).min(most - 1);
        (
            c(g.0, x0, cols),
            c(g.1, y0, rows),
            c(g.2, x0, cols),
            c(g.3, y0, rows),
        )
    };
    let mut grid: Vec<Vec<usize>> = vec![Vec::new(); cols * rows];
    for &i in &live {
        let (c0, r0, c1, r1) = span(i);
        for r in r0..=r1 {
            for c in c0..=c1 {
                grid[r * cols + c].push(i);
            }
        }
    }
    let mut seen = vec![usize::MAX; n];
    for &i in &live {
        let (c0, r0, c1, r1) = span(i);
        let a = grown(i);
        for r in r0..=r1 {
            for c in c0..=c1 {
                for &j in &grid[r * cols + c] {
                    if j <= i || seen[j] == i {
                        continue;
                    }
                    seen[j] = i;
                    let b = boxes[j];
                    if b.0 > a.2 || b.2 < a.0 || b.1 > a.3 || b.3 < a.1 {
                        continue;
                    }
                    if touch(&rings[i], &rings[j], near) {
                        adjacent[i].push(j);
                        adjacent[j].push(i);
                    }
                }
            }
        }
    }
    for a in &mut adjacent {
        a.sort_unstable();
    }
    adjacent
}

/// The platforms whose outlines touch platform `i`'s (within the neighbour distance).
pub(crate) fn neighbours(d: &Dataset, i: usize) -> Vec<usize> {
    let own = km(d, &d.platforms[i].outline.ring);
    (0..d.platforms.len())
        .filter(|&j| j != i)
        .filter(|&j| touch(&own, &km(d, &d.platforms[j].outline.ring), NEIGHBOUR_KM))
        .collect()
}

/// A ring in kilometres east and north, scaled at the district's latitude, for distances.
pub(crate) fn km(d: &Dataset, ring: &[LonLat]) -> Vec<(f64, f64)> {
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
fn touch(a: &[(f64, f64)], b: &[(f64, f64)], within: f64) -> bool {
    let near = |p: (f64, f64), ring: &[(f64, f64)]| {
        (0..ring.len()).any(|i| {
            let (s, e) = (ring[i], ring[(i + 1) % ring.len()]);
            segment_distance(p, s, e) <= within
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
/// larger one stays visible. Dimmed platforms get a sparse dot texture. A platform placed by
/// estimate has no ground of its own, so it looks neither sourced nor dimmed: a hatch no other
/// state uses, in its own colour on the terminal's ground, and its dashed outline (drawn by the
/// caller); selected or lit, it is painted, with the hatch over it. Dimmed, only its outline.
pub(crate) fn paint_platforms(cv: &mut Canvas, rings: &[Vec<(f64, f64)>], paints: &[Paint]) {
    cv.paint = vec![None; cv.w * cv.h];
    // A ring left out (outside the view) or empty paints nothing, nor does a dimmed estimate:
    // only the others are ordered.
    let painted = |i: &usize| {
        let paint = paints[*i];
        let faint = paint.estimate && paint.tone == Tone::Dim;
        !rings[*i].is_empty() && !faint
    };
    let mut order: Vec<usize> = (0..rings.len()).filter(painted).collect();
    let areas: Vec<f64> = rings.iter().map(|r| super::place::area(r)).collect();
    order.sort_by(|&a, &b| areas[b].total_cmp(&areas[a]).then(a.cmp(&b)));
    for i in order {
        let paint = paints[i];
        let mut cells = Vec::new();
        scan(cv.w, cv.h, &rings[i], |c, r| cells.push((c, r)));
        if paint.estimate && paint.tone == Tone::Plain {
            // The hatch alone, keyed to its chip by colour; no ground, so lines over it are drawn
            // as on the bare ground.
            for (c, r) in cells {
                let k = r * cv.w + c;
                cv.paint[k] = None;
                cv.sym[k] = texture(paint, c, r);
                cv.role[k] = if cv.sym[k] == ' ' {
                    Role::Blank
                } else {
                    Role::Fill(paint)
                };
            }
            continue;
        }
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
            Role::Blank
                | Role::Road
                | Role::Outline
                | Role::SelectedOutline
                | Role::SelectedFill
                | Role::LitFill
        )
    })
}

/// The plain styles' spotlit fill: the cells inside `ring` hatched with `hatch`, under the same
/// rule as the selection's fill (water, the railway and the district border stay visible).
pub(crate) fn fill_lit(cv: &mut Canvas, ring: &[(f64, f64)], hatch: &str) {
    let mut cells = Vec::new();
    scan(cv.w, cv.h, ring, |c, r| cells.push(r * cv.w + c));
    shade_as(cv, cells, hatch, Role::LitFill, |r| {
        matches!(r, Role::Blank | Role::Road | Role::Outline | Role::LitFill)
    });
}

/// Shade each of `cells` whose role `under` allows with the selection's `fill`; returns them.
pub(crate) fn shade(
    cv: &mut Canvas,
    cells: impl IntoIterator<Item = usize>,
    fill: &str,
    under: impl Fn(Role) -> bool,
) -> Vec<usize> {
    shade_as(cv, cells, fill, Role::SelectedFill, under)
}

/// [`shade`] with the cells taking `role`.
fn shade_as(
    cv: &mut Canvas,
    cells: impl IntoIterator<Item = usize>,
    fill: &str,
    role: Role,
    under: impl Fn(Role) -> bool,
) -> Vec<usize> {
    let mut shaded = Vec::new();
    for k in cells {
        if under(cv.role[k]) {
            cv.text((k % cv.w) as i64, (k / cv.w) as i64, fill, role, false);
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
