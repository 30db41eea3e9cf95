//! Platform markers and labels, and the names of lines and landmarks.
//!
//! Everything that writes text first checks that its cells are free and then reserves them, so
//! nothing written later can overwrite it; order of placement is order of importance.

use crate::dataset::{Dataset, FeatureKind, Geometry};

use super::canvas::Canvas;
use super::place::{area, bbox, contains, signed_distance};
use super::{MapOptions, Projection, Role, Stroke, cols, label_text, platform_label};

/// Above this many visible platforms, markers skip the check for overlapping platforms (it is
/// quadratic) and placement just looks for room.
const OVERLAP_CHECK_LIMIT: usize = 64;
/// Candidate marker positions tried per platform, so a platform that covers the whole grid (at a
/// deep zoom) costs no more than a small one.
const CANDIDATES: usize = 1500;

/// Where a platform's name went: (platform, x, y, width), the blank before or after it included.
pub(crate) type Label = (usize, i64, i64, i64);

/// A placed platform marker `[n]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Marker {
    pub platform: usize,
    pub x: i64,
    pub y: i64,
    pub w: i64,
}

/// Put `[n]` inside every visible platform, at the point deepest inside its outline (and outside
/// any smaller platform lying over it) where there is room.
/// `rings` are the platforms' outlines in screen cells (empty for one left out); with
/// `candidates`, only those platforms may have a marker.
pub(crate) fn markers(
    d: &Dataset,
    cv: &mut Canvas,
    selected: Option<usize>,
    highlighted: &[bool],
    rings: &[Vec<(f64, f64)>],
    candidates: Option<&[usize]>,
) -> Vec<Marker> {
    let (gw, gh) = (cv.w as f64, cv.h as f64);
    struct Shape<'a> {
        ring: &'a [(f64, f64)],
        bbox: (f64, f64, f64, f64),
        area: f64,
    }
    let shape = |i: usize| {
        let ring = &rings[i];
        let bbox = bbox(ring);
        let visible = !ring.is_empty()
            && bbox.0.is_finite()
            && bbox.2 >= -1.0
            && bbox.0 <= gw + 1.0
            && bbox.3 >= -1.0
            && bbox.1 <= gh + 1.0;
        visible.then(|| Shape {
            area: area(ring),
            ring,
            bbox,
        })
    };
    // By position in `ids`: every platform, or only the candidates.
    let ids: Vec<usize> = match candidates {
        None => (0..d.platforms.len()).collect(),
        Some(only) => only.to_vec(),
    };
    let shapes: Vec<Option<Shape>> = ids.iter().map(|&i| shape(i)).collect();
    let mut order: Vec<usize> = (0..shapes.len()).filter(|&k| shapes[k].is_some()).collect();
    let check_overlaps = order.len() <= OVERLAP_CHECK_LIMIT;
    // The selected platform first, then the smallest: big ones have room to spare.
    order.sort_by(|&a, &b| {
        let (sa, sb) = (shapes[a].as_ref().unwrap(), shapes[b].as_ref().unwrap());
        (Some(ids[b]) == selected)
            .cmp(&(Some(ids[a]) == selected))
            .then(sa.area.total_cmp(&sb.area))
            .then(ids[a].cmp(&ids[b]))
    });

    let mut placed = Vec::new();
    for &k in &order {
        let i = ids[k];
        let shape = shapes[k].as_ref().expect("only visible shapes are ordered");
        let text = format!("[{}]", d.platforms[i].number);
        let mw = cols(&text);
        let smaller: Vec<&Shape> = if check_overlaps {
            order
                .iter()
                .filter(|&&j| j != k)
                .filter_map(|&j| shapes[j].as_ref())
                .filter(|s| s.area < shape.area && overlaps(s.bbox, shape.bbox))
                .collect()
        } else {
            Vec::new()
        };
        // Candidates: cells of the bounding box (grown by two cells, so a platform too thin to
        // hold its marker still gets one beside it), sampled with a stride when there are many.
        let (x0, y0, x1, y1) = shape.bbox;
        let cx0 = (x0.floor() - 2.0).max(0.0);
        let cy0 = (y0.floor() - 1.0).max(0.0);
        let cx1 = (x1.ceil() + 2.0).min(gw - 1.0);
        let cy1 = (y1.ceil() + 1.0).min(gh - 1.0);
        if cx0 > cx1 || cy0 > cy1 {
            continue;
        }
        let span = (cx1 - cx0 + 1.0) * (cy1 - cy0 + 1.0);
        let stride = ((span / CANDIDATES as f64).sqrt().ceil() as i64).max(1);
        // Best: deepest inside (the marker's ends as well as its middle), then highest, then
        // leftmost, so placement is deterministic.
        let mut best: Option<(f64, i64, i64)> = None;
        // Signed distances of one row's cell centres, computed once per cell.
        let first_col = cx0 as i64 - mw;
        let mut row_sd: Vec<f64> = Vec::new();
        let mut y = cy0 as i64;
        while y <= cy1 as i64 {
            let row = y as f64 + 0.5;
            row_sd.clear();
            row_sd.resize((cx1 as i64 + mw - first_col + 1) as usize, f64::NAN);
            let mut sd = |c: i64| {
                let slot = &mut row_sd[(c - first_col) as usize];
                if slot.is_nan() {
                    *slot = signed_distance(shape.ring, (c as f64 + 0.5, row));
                }
                *slot
            };
            let mut x = cx0 as i64;
            while x <= cx1 as i64 {
                let left = x - mw / 2;
                if !cv.free(left, y, mw) {
                    // Taken already: not worth scoring (this keeps crowded maps cheap).
                    x += stride;
                    continue;
                }
                let mut score = sd(x).min(sd(left)).min(sd(left + mw - 1));
                if smaller
                    .iter()
                    .any(|s| contains(s.ring, (x as f64 + 0.5, row)))
                {
                    score -= 1000.0;
                }
                if best.is_none_or(|b| score > b.0) {
                    best = Some((score, left, y));
                }
                x += stride;
            }
            y += stride;
        }
        let Some((_, x, y)) = best else {
            continue;
        };
        let role = if Some(i) == selected {
            Role::SelectedMarker
        } else if highlighted[i] {
            Role::HighlightedMarker
        } else {
            Role::Marker
        };
        cv.text(x, y, &text, role, true);
        // One reserved cell each side keeps neighbouring markers and labels apart.
        cv.reserve(x - 1, y, 1);
        cv.reserve(x + mw, y, 1);
        placed.push(Marker {
            platform: i,
            x,
            y,
            w: mw,
        });
    }
    placed
}

fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 <= b.2 && b.0 <= a.2 && a.1 <= b.3 && b.1 <= a.3
}

/// How much a piece of text at (x, y) would hide: lines that matter count more than roads.
fn cost(cv: &Canvas, x: i64, y: i64, w: i64) -> i64 {
    cost_besides(cv, x, y, w, &[])
}

/// [`cost`], not counting the cells in `own` (sorted: the line a name is written on, which the
/// name stands for).
fn cost_besides(cv: &Canvas, x: i64, y: i64, w: i64, own: &[usize]) -> i64 {
    (x..x + w)
        .filter_map(|c| cv.index(c, y))
        .filter(|k| own.binary_search(k).is_err())
        .map(|k| match cv.role[k] {
            Role::Blank => 0,
            Role::Road | Role::Landmark => 1,
            Role::SelectedFill => 2,
            _ => 3,
        })
        .sum()
}

/// How near (in cells, on its row) another platform's number may not stand to a name, or it
/// could be read as that number's name.
const NUMBER_CLEARANCE: i64 = 3;

/// Whether a name at row y, columns x..x+w, has another platform's number (not `own`) on its row
/// within [`NUMBER_CLEARANCE`] cells of either end, or directly above or below it: then it could
/// be read as that number's.
fn near_other_number(markers: &[Marker], own: Option<usize>, x: i64, y: i64, w: i64) -> bool {
    markers.iter().any(|o| {
        Some(o.platform) != own
            && ((o.y == y && o.x < x + w + NUMBER_CLEARANCE && x - NUMBER_CLEARANCE < o.x + o.w)
                || ((o.y == y - 1 || o.y == y + 1) && o.x < x + w && x < o.x + o.w))
    })
}

/// Whether the cells just beyond a name (`n` of them from column `from`, stepping `dir`) hold no
/// other text: off the grid, free, or a blank already reserved as some name's margin.
fn clear_beyond(cv: &Canvas, from: i64, y: i64, dir: i64, n: i64) -> bool {
    (0..n).all(|i| match cv.index(from + i * dir, y) {
        None => true,
        Some(k) => !cv.taken[k] || cv.sym[k] == ' ',
    })
}

/// Keep two cells each side of a name clear of other names: the nearer blanked (a line running
/// into the name would join it), the further reserved.
fn halo(cv: &mut Canvas, x: i64, y: i64, w: i64) {
    for (near, far) in [(x - 1, x - 2), (x + w, x + w + 1)] {
        if let Some(k) = cv.index(near, y)
            && !cv.taken[k]
        {
            cv.text(near, y, " ", Role::Blank, true);
        }
        cv.reserve(far, y, 1);
    }
}

/// Names beside their numbers: the selected platform's first, then highlighted ones, then the rest
/// by number. A name goes on its number's row (one blank between, or none where that is all the
/// room), or directly above or below the number covering its columns; never where another
/// platform's number stands within three cells on its row or directly above or below it, so it
/// can only be read as its own. Each name keeps two cells clear at both ends. The platforms whose
/// names fit nowhere are returned, for the legend's key, with where each name went (platform, x,
/// y, width).
pub(crate) fn platform_labels(
    d: &Dataset,
    cv: &mut Canvas,
    markers: &[Marker],
    selected: Option<usize>,
    highlighted: &[bool],
    opts: &MapOptions,
    protect: (&[usize], usize),
) -> (Vec<usize>, Vec<Label>) {
    let mut placed = Vec::new();
    let (protect, need) = protect;
    let mut order: Vec<&Marker> = markers.iter().collect();
    order.sort_by_key(|m| {
        (
            Some(m.platform) != selected,
            !highlighted[m.platform],
            d.platforms[m.platform].number,
        )
    });
    let mut unlabelled = Vec::new();
    for m in order {
        let is_selected = Some(m.platform) == selected;
        let text = platform_label(opts.lang, &d.platforms[m.platform]);
        let lw = cols(&text);
        if lw == 0 {
            continue;
        }
        // (x, y, the blank between number and name if any, the side away from the number:
        // -1 left, 1 right, 0 both, and a cost for reading less well).
        let mut spots: Vec<(i64, i64, Option<i64>, i64, i64)> = vec![
            (m.x + m.w + 1, m.y, Some(m.x + m.w), 1, 0),
            (m.x - 1 - lw, m.y, Some(m.x - 1), -1, 0),
            (m.x + m.w, m.y, None, 1, 3),
            (m.x - lw, m.y, None, -1, 3),
        ];
        for dy in [-1, 1] {
            // Centred, or flush with either end of the number: all cover its columns.
            for x in [m.x + m.w / 2 - lw / 2, m.x, m.x + m.w - lw] {
                if x <= m.x && m.x + m.w <= x + lw {
                    spots.push((x, m.y + dy, None, 0, 2));
                }
            }
        }
        let spot = spots
            .into_iter()
            .filter(|&(x, y, _, _, _)| !near_other_number(markers, Some(m.platform), x, y, lw))
            .filter(|&(x, y, _, side, _)| {
                cv.free(x, y, lw)
                    && (side < 0 || clear_beyond(cv, x + lw, y, 1, 2))
                    && (side > 0 || clear_beyond(cv, x - 1, y, -1, 2))
            })
            // The selected name may lie over its own small fill while enough of it still shows.
            .filter(|&(x, y, _, _, _)| {
                let covered = protect
                    .iter()
                    .filter(|&&k| {
                        (k / cv.w) as i64 == y && (x - 1..=x + lw).contains(&((k % cv.w) as i64))
                    })
                    .count();
                covered == 0 || protect.len().saturating_sub(covered + 4) >= need
            })
            .min_by_key(|&(x, y, _, _, worse)| cost(cv, x, y, lw) + worse);
        let Some((x, y, gap, _, _)) = spot else {
            unlabelled.push(m.platform);
            protect_now(cv, protect);
            continue;
        };
        let role = if is_selected {
            Role::SelectedLabel
        } else {
            Role::Label
        };
        if let Some(g) = gap {
            cv.text(g, y, " ", role, true);
        }
        cv.text(x, y, &text, role, true);
        let (from, to) = gap.map_or((x, x + lw), |g| (g.min(x), (g + 1).max(x + lw)));
        placed.push((m.platform, from, y, to - from));
        halo(cv, x, y, lw);
        // After the selected name, a small selection's fill is kept clear of other names.
        protect_now(cv, protect);
    }
    unlabelled.sort_by_key(|&i| d.platforms[i].number);
    (unlabelled, placed)
}

/// Keep these cells (a small selection's fill) clear of later text.
fn protect_now(cv: &mut Canvas, cells: &[usize]) {
    for &k in cells {
        cv.taken[k] = true;
    }
}

/// The key of the platforms whose names found no room beside their numbers, `[n] name` a line,
/// with the legend block: right-aligned with it, on the rows just above it (a row that a number or
/// name crosses is skipped, not written over). Returns the platforms that found no row.
pub(crate) fn names_key(
    d: &Dataset,
    cv: &mut Canvas,
    platforms: &[usize],
    opts: &MapOptions,
    chips: Option<&[super::Paint]>,
) -> Vec<usize> {
    let (w, h) = (cv.w as i64, cv.h as i64);
    // Without a legend block (a tiny map), the key stands alone in the bottom-right corner.
    let (right, mut y) = cv
        .legend_box
        .map_or((w - 1, h), |(x, y, lw, _)| (x + lw, y));
    let mut left = Vec::new();
    for &i in platforms {
        let p = &d.platforms[i];
        let line = format!("[{}] {}", p.number, platform_label(opts.lang, p));
        // In the fill style a chip of the platform's colour, and a blank, before its number.
        let chip = chips.and_then(|c| c.get(i)).copied();
        let lw = cols(&line) + if chip.is_some() { 2 } else { 0 };
        let x = right - lw;
        // A blank column each side; the rows nearest the block first, then (a crowded map) the
        // rows above them, still aligned with the block, far from the north arrow at top left.
        let row = (0..y).rev().find(|&r| cv.free(x - 1, r, lw + 2));
        let Some(r) = row else {
            left.push(i);
            continue;
        };
        cv.clear_box(x - 1, r, lw + 2, 1);
        match chip {
            Some(paint) => {
                let plain = super::Paint {
                    tone: super::Tone::Plain,
                    estimate: false,
                    ..paint
                };
                cv.text(x, r, " ", Role::Fill(plain), true);
                cv.text(x + 2, r, &line, Role::Legend, true);
            }
            None => cv.text(x, r, &line, Role::Legend, true),
        }
        y = r;
    }
    left
}

/// Names of the canal and the most-mentioned roads, rivers and railway, along their lines where
/// there is room; then landmarks on large maps. `only_bounds`: just the selected platform's
/// boundaries (with [`MapOptions::boundaries`], before the platforms' names, every one of them);
/// else the rest, the canal first.
pub(crate) fn feature_labels(
    d: &Dataset,
    facts: &super::Facts,
    proj: &Projection,
    cv: &mut Canvas,
    opts: &MapOptions,
    markers: &[Marker],
    only_bounds: bool,
) {
    let bounds_of = opts.selected.filter(|_| opts.boundaries);
    let bounds = |f: &crate::dataset::Feature| {
        bounds_of.is_some_and(|i| {
            facts
                .bounded_by
                .get(f.name.zh.as_str())
                .is_some_and(|b| b.contains(&i))
        })
    };
    let mut budget = 1 + cv.w * cv.h / 1800;
    let mut lines: Vec<(usize, &crate::dataset::Feature)> = d
        .basemap
        .iter()
        .filter(|f| f.kind != FeatureKind::Landmark)
        .filter(|f| bounds(f) == only_bounds)
        .map(|f| {
            // The canal is the district's signature: always first.
            let rank = if only_bounds || f.kind == FeatureKind::Canal {
                usize::MAX
            } else {
                facts.mentions.get(f.name.zh.as_str()).copied().unwrap_or(0)
            };
            (rank, f)
        })
        .filter(|(rank, _)| *rank > 0)
        .collect();
    lines.sort_by_key(|l| std::cmp::Reverse(l.0));
    if only_bounds {
        budget = lines.len();
    }
    for (_, f) in lines.into_iter().take(budget) {
        let Geometry::Line(pts) = &f.geometry else {
            continue;
        };
        let (role, drawn) = match f.kind {
            FeatureKind::Canal => (Role::WaterLabel, Role::Canal),
            FeatureKind::River => (Role::WaterLabel, Role::River),
            FeatureKind::Rail => (Role::RoadLabel, Role::Rail),
            _ => (Role::RoadLabel, Role::Road),
        };
        line_label(
            cv,
            markers,
            &proj.ring(pts),
            &label_text(opts.lang, &f.map_label()),
            (role, drawn),
        );
    }
    if !only_bounds && cv.w * cv.h >= 6000 {
        for f in d.basemap.iter().filter(|f| f.kind == FeatureKind::Landmark) {
            if let Geometry::Point(p) = f.geometry {
                let (x, y) = proj.at(p);
                let (x, y) = (x.floor() as i64, y.floor() as i64);
                let text = label_text(opts.lang, &f.map_label());
                let lw = cols(&text);
                let is_mark = |cv: &Canvas| {
                    cv.index(x, y)
                        .is_some_and(|k| cv.sym[k] == 'o' && cv.role[k] == Role::Landmark)
                };
                if !is_mark(cv) {
                    continue;
                }
                // One blank cell from the mark, after it or before it ("o 大关", "Daguan o"),
                // two clear beyond, and no platform number near enough to claim it.
                let spot = [(x + 2, x + 1), (x - 1 - lw, x - 1)]
                    .into_iter()
                    .find(|&(lx, gap)| {
                        cv.free(lx, y, lw)
                            && cv.free(gap, y, 1)
                            && clear_beyond(cv, lx - 1, y, -1, 2)
                            && clear_beyond(cv, lx + lw, y, 1, 2)
                            && !near_other_number(markers, None, lx, y, lw)
                    });
                match spot {
                    Some((lx, gap)) => {
                        cv.text(gap, y, " ", Role::Blank, true);
                        cv.text(lx, y, &text, Role::Landmark, true);
                        halo(cv, lx, y, lw);
                        if let Some(k) = cv.index(x, y) {
                            cv.taken[k] = true;
                        }
                    }
                    // A mark without its name is a riddle: leave it out.
                    None => cv.text(x, y, " ", Role::Blank, false),
                }
            }
        }
    }
}

/// Label one line: on it where it runs across the screen, beside it where it runs up and down.
/// Prefers places inside the district, near the middle of the visible line, hiding little.
/// `roles` are the name's and the line's as drawn.
fn line_label(
    cv: &mut Canvas,
    markers: &[Marker],
    pts: &[(f64, f64)],
    text: &str,
    roles: (Role, Role),
) {
    let (role, drawn) = roles;
    let lw = cols(text);
    if lw == 0 {
        return;
    }
    // Sample the line about every cell (bounded), keeping samples on the grid.
    let mut samples: Vec<((f64, f64), bool)> = Vec::new();
    for seg in pts.windows(2) {
        let (a, b) = (seg[0], seg[1]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let n = (dx.abs().max(dy.abs() * 2.0).ceil() as usize).clamp(1, 400);
        for i in 0..n {
            let t = i as f64 / n as f64;
            let p = (a.0 + dx * t, a.1 + dy * t);
            if p.0 >= 0.0 && p.1 >= 0.0 && p.0 < cv.w as f64 && p.1 < cv.h as f64 {
                samples.push((p, dx.abs() >= dy.abs() * 2.0));
            }
        }
    }
    // The cells the line runs through: a name written on them stands for what is there (the
    // line, or the outline it bounds), but not for water or a railway it crosses.
    let mut own: Vec<usize> = samples
        .iter()
        .filter_map(|&((px, py), _)| cv.index(px.floor() as i64, py.floor() as i64))
        .filter(|&k| {
            let r = line_role(cv.role[k]);
            r == drawn || !matches!(r, Role::Canal | Role::River | Role::Rail)
        })
        .collect();
    own.sort_unstable();
    own.dedup();
    let mid = samples.len() as f64 / 2.0;
    let mut best: Option<(f64, i64, i64, bool)> = None;
    for (i, &((px, py), across)) in samples.iter().enumerate() {
        // Only where the line shows, or runs along an outline that stands for it: a name
        // by nothing would name nothing.
        let shows = cv
            .index(px.floor() as i64, py.floor() as i64)
            .is_some_and(|k| {
                let r = line_role(cv.role[k]);
                r == drawn || matches!(r, Role::Outline | Role::SelectedOutline)
            });
        if !shows {
            continue;
        }
        let y = py.floor() as i64;
        let xs: &[(i64, bool)] = if across {
            &[((px - lw as f64 / 2.0).round() as i64, true)]
        } else {
            &[
                (px.floor() as i64 + 2, false),
                (px.floor() as i64 - 1 - lw, false),
            ]
        };
        for &(x, on_line) in xs {
            // Two cells clear of other names; no platform number near enough to claim it.
            if !cv.free(x, y, lw)
                || !clear_beyond(cv, x - 1, y, -1, 2)
                || !clear_beyond(cv, x + lw, y, 1, 2)
                || near_other_number(markers, None, x, y, lw)
            {
                continue;
            }
            // A name never cuts water or the railway: it is the map's frame of reference.
            let cuts = (x - 1..x + lw + 1).filter_map(|c| cv.index(c, y)).any(|k| {
                let r = line_role(cv.role[k]);
                r != drawn && matches!(r, Role::Canal | Role::River | Role::Rail)
            });
            if cuts {
                continue;
            }
            let inside = cv
                .index(x + lw / 2, y)
                .is_some_and(|k| cv.road_area.as_ref().is_none_or(|a| a[k]));
            let hidden = if on_line {
                // On the line the text and its blank ends replace the line itself; count only
                // what else they hide.
                cost_besides(cv, x - 1, y, lw + 2, &own)
            } else {
                cost(cv, x, y, lw)
            };
            let score = hidden as f64 * 2.0
                + if inside { 0.0 } else { 25.0 }
                + (i as f64 - mid).abs() / mid.max(1.0) * 10.0;
            if best.is_none_or(|b| score < b.0) {
                best = Some((score, x, y, on_line));
            }
        }
    }
    if let Some((_, x, y, on_line)) = best {
        if on_line {
            cv.text(x - 1, y, " ", role, true);
            cv.text(x + lw, y, " ", role, true);
        } else {
            // Beside its line a name keeps a blank at each end where an outline, road or the
            // district's edge would run into it ("京杭大运河 ###", not "京杭大运河###"); its own
            // line, the selection and the fill style's paint stay.
            for hx in [x - 1, x + lw] {
                match cv.index(hx, y) {
                    Some(k)
                        if cv.role[k] != drawn
                            && matches!(
                                cv.role[k],
                                Role::Outline | Role::Road | Role::District
                            ) =>
                    {
                        cv.text(hx, y, " ", Role::Blank, true)
                    }
                    _ => cv.reserve(hx, y, 1),
                }
            }
        }
        cv.text(x, y, text, role, true);
        cv.reserve(x - 2, y, 1);
        cv.reserve(x + lw + 1, y, 1);
    }
}

/// The kind of line a cell shows, in any style: its role, or what its braille dots draw.
fn line_role(role: Role) -> Role {
    match role {
        Role::Dots { stroke, .. } => match stroke {
            Stroke::Road => Role::Road,
            Stroke::River => Role::River,
            Stroke::Rail => Role::Rail,
            Stroke::Canal => Role::Canal,
            Stroke::District => Role::District,
            Stroke::Outline => Role::Outline,
            Stroke::SelectedOutline => Role::SelectedOutline,
        },
        r => r,
    }
}
