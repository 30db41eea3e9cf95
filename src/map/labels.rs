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
pub(crate) fn markers(
    d: &Dataset,
    proj: &Projection,
    cv: &mut Canvas,
    selected: Option<usize>,
    highlighted: &[bool],
) -> Vec<Marker> {
    let (gw, gh) = (cv.w as f64, cv.h as f64);
    struct Shape {
        ring: Vec<(f64, f64)>,
        bbox: (f64, f64, f64, f64),
        area: f64,
    }
    let shapes: Vec<Option<Shape>> = d
        .platforms
        .iter()
        .map(|p| {
            let ring = proj.ring(&p.outline.ring);
            let bbox = bbox(&ring);
            let visible = !ring.is_empty()
                && bbox.0.is_finite()
                && bbox.2 >= -1.0
                && bbox.0 <= gw + 1.0
                && bbox.3 >= -1.0
                && bbox.1 <= gh + 1.0;
            visible.then(|| Shape {
                area: area(&ring),
                ring,
                bbox,
            })
        })
        .collect();
    let mut order: Vec<usize> = (0..shapes.len()).filter(|&i| shapes[i].is_some()).collect();
    let check_overlaps = order.len() <= OVERLAP_CHECK_LIMIT;
    // The selected platform first, then the smallest: big ones have room to spare.
    order.sort_by(|&a, &b| {
        let (sa, sb) = (shapes[a].as_ref().unwrap(), shapes[b].as_ref().unwrap());
        (Some(b) == selected)
            .cmp(&(Some(a) == selected))
            .then(sa.area.total_cmp(&sb.area))
            .then(a.cmp(&b))
    });

    let mut placed = Vec::new();
    for &i in &order {
        let shape = shapes[i].as_ref().expect("only visible shapes are ordered");
        let text = format!("[{}]", d.platforms[i].number);
        let mw = cols(&text);
        let smaller: Vec<&Shape> = if check_overlaps {
            order
                .iter()
                .filter(|&&j| j != i)
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
                    *slot = signed_distance(&shape.ring, (c as f64 + 0.5, row));
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
                    .any(|s| contains(&s.ring, (x as f64 + 0.5, row)))
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

/// Names beside their markers: the selected platform's first, then highlighted ones, then the rest
/// by number. A name goes on the marker's row touching it (one blank between), or centred
/// directly above or below it where it is not also directly above or below another marker, so
/// it can only be read as this marker's. Each name gets a blank cell of halo at both ends. The
/// platforms whose names fit nowhere are returned, to be listed with their numbers.
pub(crate) fn platform_labels(
    d: &Dataset,
    cv: &mut Canvas,
    markers: &[Marker],
    selected: Option<usize>,
    highlighted: &[bool],
    opts: &MapOptions,
    protect: (&[usize], usize),
) -> Vec<usize> {
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
        // Whether the name at row y, columns x..x+lw, would also sit directly above or below
        // another marker.
        let ambiguous = |x: i64, y: i64| {
            markers.iter().any(|o| {
                o.platform != m.platform
                    && (o.y == y - 1 || o.y == y + 1)
                    && o.x < x + lw + 1
                    && x - 1 < o.x + o.w
            })
        };
        // A halo cell is fine when it is off the grid, free, or already blank.
        let halo_ok = |cv: &Canvas, x: i64, y: i64| match cv.index(x, y) {
            None => true,
            Some(k) => !cv.taken[k] || cv.sym[k] == ' ',
        };
        let mid = m.x + m.w / 2 - lw / 2;
        let side = [
            (m.x + m.w + 1, m.y, Some(m.x + m.w), m.x + m.w + 1 + lw),
            (m.x - 1 - lw, m.y, Some(m.x - 1), m.x - 2 - lw),
        ];
        let mut stacked = Vec::new();
        for dy in [-1, 1] {
            // Centred, or flush with either end of the marker: all directly above or below it.
            for x in [mid, m.x, m.x + m.w - lw] {
                stacked.push((x, m.y + dy, None, x - 1));
            }
        }
        let spot = side
            .into_iter()
            .chain(stacked.into_iter().filter(|&(x, y, _, _)| !ambiguous(x, y)))
            .filter(|&(x, y, _, far)| {
                cv.free(x, y, lw) && halo_ok(cv, far, y) && (far != x - 1 || halo_ok(cv, x + lw, y))
            })
            // The selected name may lie over its own small fill while enough of it still shows.
            .filter(|&(x, y, _, _)| {
                let covered = protect
                    .iter()
                    .filter(|&&k| {
                        (k / cv.w) as i64 == y && (x - 1..=x + lw).contains(&((k % cv.w) as i64))
                    })
                    .count();
                covered == 0 || protect.len().saturating_sub(covered + 4) >= need
            })
            .min_by_key(|&(x, y, gap, _)| {
                // Beside the marker reads best; a name that is also directly above or below
                // another marker is ambiguous, so it costs more.
                let stack = if gap.is_none() { 2 } else { 0 };
                let near = if ambiguous(x, y) { 6 } else { 0 };
                cost(cv, x, y, lw) + stack + near
            });
        let Some((x, y, gap, _)) = spot else {
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
        for hx in [x - 1, x + lw] {
            if let Some(k) = cv.index(hx, y)
                && !cv.taken[k]
            {
                cv.text(hx, y, " ", Role::Blank, true);
            }
        }
        // After the selected name, a small selection's fill is kept clear of other names.
        protect_now(cv, protect);
    }
    unlabelled.sort_by_key(|&i| d.platforms[i].number);
    unlabelled
}

/// Keep these cells (a small selection's fill) clear of later text.
fn protect_now(cv: &mut Canvas, cells: &[usize]) {
    for &k in cells {
        cv.taken[k] = true;
    }
}

/// List the platforms whose names found no room beside their markers, `[n] name` a line, each
/// where it hides no marker or label (the emptiest such place, nearest an edge, and below the
/// previous line where it can). Returns the platforms that found no room even there.
pub(crate) fn names_list(
    d: &Dataset,
    cv: &mut Canvas,
    platforms: &[usize],
    opts: &MapOptions,
) -> Vec<usize> {
    let (w, h) = (cv.w as i64, cv.h as i64);
    let stride = if w * h > 20_000 { 2 } else { 1 };
    let mut previous: Option<(i64, i64)> = None;
    let mut left = Vec::new();
    for &i in platforms {
        let p = &d.platforms[i];
        let line = format!("[{}] {}", p.number, platform_label(opts.lang, p));
        // With a blank column each side.
        let bw = cols(&line) + 2;
        let mut best: Option<(i64, i64, i64)> = None;
        let mut y = 0;
        while y < h {
            let mut x = 0;
            while x + bw <= w {
                if cv.free(x, y, bw) {
                    let hidden = cost(cv, x, y, bw);
                    let edge = x.min(w - x - bw).min(y).min(h - 1 - y);
                    let stacked = previous.is_some_and(|(px, py)| px == x && py + 1 == y);
                    let score = hidden * 4 + edge - if stacked { 1000 } else { 0 };
                    if best.is_none_or(|b| score < b.0) {
                        best = Some((score, x, y));
                    }
                }
                x += stride;
            }
            y += 1;
        }
        let Some((_, x, y)) = best else {
            left.push(i);
            continue;
        };
        cv.clear_box(x, y, bw, 1);
        cv.text(x + 1, y, &line, Role::Legend, true);
        previous = Some((x, y));
    }
    left
}

/// Names of the canal and the most-mentioned roads, rivers and railway, along their lines where
/// there is room; then landmarks on large maps.
pub(crate) fn feature_labels(
    d: &Dataset,
    facts: &super::Facts,
    proj: &Projection,
    cv: &mut Canvas,
    opts: &MapOptions,
) {
    let budget = 1 + cv.w * cv.h / 1800;
    let mut lines: Vec<(usize, &crate::dataset::Feature)> = d
        .basemap
        .iter()
        .filter(|f| f.kind != FeatureKind::Landmark)
        .map(|f| {
            // The canal is the district's signature: always first.
            let rank = if f.kind == FeatureKind::Canal {
                usize::MAX
            } else {
                facts.mentions.get(f.name.zh.as_str()).copied().unwrap_or(0)
            };
            (rank, f)
        })
        .filter(|(rank, _)| *rank > 0)
        .collect();
    lines.sort_by_key(|l| std::cmp::Reverse(l.0));
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
            &proj.ring(pts),
            &label_text(opts.lang, &f.map_label()),
            (role, drawn),
        );
    }
    if cv.w * cv.h >= 6000 {
        for f in d.basemap.iter().filter(|f| f.kind == FeatureKind::Landmark) {
            if let Geometry::Point(p) = f.geometry {
                let (x, y) = proj.at(p);
                let (x, y) = (x.floor() as i64, y.floor() as i64);
                let text = label_text(opts.lang, &f.map_label());
                let lw = cols(&text);
                // After the mark, or before it with a blank between ("Daguan o", never "Daguano").
                let gap_blank = cv.index(x - 1, y).is_some_and(|k| cv.sym[k] == ' ');
                for (lx, ok) in [(x + 1, true), (x - 1 - lw, gap_blank)] {
                    if ok && cv.free(lx - 1, y, lw + 2) {
                        cv.text(lx, y, &text, Role::Landmark, true);
                        break;
                    }
                }
            }
        }
    }
}

/// Label one line: on it where it runs across the screen, beside it where it runs up and down.
/// Prefers places inside the district, near the middle of the visible line, hiding little.
/// `roles` are the name's and the line's as drawn.
fn line_label(cv: &mut Canvas, pts: &[(f64, f64)], text: &str, roles: (Role, Role)) {
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
            if !cv.free(x - 1, y, lw + 2) {
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
