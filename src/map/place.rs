//! Placing things on the grid: the selected fill, platform markers and labels, feature labels and
//! the map furniture (north arrow, scale bar, legend).
//!
//! Everything that writes text first checks that its cells are free and then reserves them, so
//! nothing written later can overwrite it; order of placement is order of importance.

use crate::dataset::{Dataset, FeatureKind, Geometry};
use crate::text::truncate;

use super::canvas::Canvas;
use super::{MapOptions, MapStyle, Projection, Role, boundary_mentions, cols, label_text};

/// Above this many visible platforms, markers skip the check for overlapping platforms (it is
/// quadratic) and placement just looks for room.
const OVERLAP_CHECK_LIMIT: usize = 64;
/// Candidate marker positions tried per platform, so a platform that covers the whole grid (at a
/// deep zoom) costs no more than a small one.
const CANDIDATES: usize = 1500;

/// Whether `pt` is inside the polygon `ring` (even-odd rule).
pub(crate) fn contains(ring: &[(f64, f64)], pt: (f64, f64)) -> bool {
    let mut inside = false;
    let n = ring.len();
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        if (a.1 > pt.1) != (b.1 > pt.1) {
            let x = a.0 + (pt.1 - a.1) / (b.1 - a.1) * (b.0 - a.0);
            if pt.0 < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// The polygon's area in screen units, for ordering by size.
pub(crate) fn area(ring: &[(f64, f64)]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum::<f64>()
        .abs()
        / 2.0
}

/// Distance from `pt` to the ring's edges, positive inside and negative outside, measured so that
/// a row counts as two columns (what the eye sees).
fn signed_distance(ring: &[(f64, f64)], pt: (f64, f64)) -> f64 {
    let p = (pt.0, pt.1 * 2.0);
    let n = ring.len();
    let mut best = f64::INFINITY;
    for i in 0..n {
        let (a, b) = (ring[i], ring[(i + 1) % n]);
        let (a, b) = ((a.0, a.1 * 2.0), (b.0, b.1 * 2.0));
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (qx, qy) = (a.0 + dx * t - p.0, a.1 + dy * t - p.1);
        best = best.min((qx * qx + qy * qy).sqrt());
    }
    if contains(ring, pt) { best } else { -best }
}

/// The bounding box of a ring in screen cells.
fn bbox(ring: &[(f64, f64)]) -> (f64, f64, f64, f64) {
    ring.iter().fold(
        (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
        |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
    )
}

/// The cells whose centre lies inside `ring`, grown by a cell all round (so lines that run along
/// the edge are kept whole).
pub(crate) fn area_mask(w: usize, h: usize, ring: &[(f64, f64)]) -> Vec<bool> {
    let mut inside = vec![false; w * h];
    scan(w, h, ring, |c, r| inside[r * w + c] = true);
    let mut grown = inside.clone();
    for r in 0..h {
        for c in 0..w {
            if inside[r * w + c] {
                for (dc, dr) in [(-1, 0), (1, 0), (0, -1), (0, 1), (-2, 0), (2, 0)] {
                    let (x, y) = (c as i64 + dc, r as i64 + dr);
                    if x >= 0 && y >= 0 && (x as usize) < w && (y as usize) < h {
                        grown[y as usize * w + x as usize] = true;
                    }
                }
            }
        }
    }
    grown
}

/// Call `f(column, row)` for every cell of a `w` x `h` grid whose centre lies inside `ring`.
fn scan(w: usize, h: usize, ring: &[(f64, f64)], mut f: impl FnMut(usize, usize)) {
    let (_, y0, _, y1) = bbox(ring);
    if !(y0.is_finite() && y1.is_finite()) {
        return;
    }
    let (r0, r1) = (y0.floor().max(0.0) as i64, y1.ceil().min(h as f64) as i64);
    let n = ring.len();
    let mut xs = Vec::new();
    for r in r0..r1 {
        let y = r as f64 + 0.5;
        xs.clear();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            if (a.1 > y) != (b.1 > y) {
                xs.push(a.0 + (y - a.1) / (b.1 - a.1) * (b.0 - a.0));
            }
        }
        xs.sort_by(f64::total_cmp);
        for pair in xs.chunks_exact(2) {
            // Cells whose centre lies in [pair[0], pair[1]).
            let c0 = (pair[0] - 0.5).ceil().max(0.0);
            let c1 = (pair[1] - 0.5).ceil().min(w as f64);
            for c in c0 as i64..c1 as i64 {
                f(c as usize, r as usize);
            }
        }
    }
}

/// Shade the cells inside `ring`. Water, the railway and the district border stay visible through
/// the fill; roads and other platforms' outlines give way, so the selection stands out without
/// colour even where it is crowded.
pub(crate) fn fill_blank(cv: &mut Canvas, ring: &[(f64, f64)], fill: &str) {
    let mut cells = Vec::new();
    scan(cv.w, cv.h, ring, |c, r| cells.push((c, r)));
    for (c, r) in cells {
        if matches!(
            cv.role[r * cv.w + c],
            Role::Blank | Role::Road | Role::Outline
        ) {
            cv.text(c as i64, r as i64, fill, Role::SelectedFill, false);
        }
    }
}

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
    (x..x + w)
        .filter_map(|c| cv.index(c, y))
        .map(|k| match cv.role[k] {
            Role::Blank => 0,
            Role::Road | Role::Landmark => 1,
            Role::SelectedFill => 2,
            _ => 3,
        })
        .sum()
}

/// Short names beside markers where they fit: the selected platform's first, then highlighted
/// ones, then the rest by number. A label that fits nowhere is left out.
pub(crate) fn platform_labels(
    d: &Dataset,
    cv: &mut Canvas,
    markers: &[Marker],
    selected: Option<usize>,
    highlighted: &[bool],
    opts: &MapOptions,
) {
    let mut order: Vec<&Marker> = markers.iter().collect();
    order.sort_by_key(|m| {
        (
            Some(m.platform) != selected,
            !highlighted[m.platform],
            d.platforms[m.platform].number,
        )
    });
    for m in order {
        let is_selected = Some(m.platform) == selected;
        let mut text = label_text(opts.lang, &d.platforms[m.platform].name);
        let mut lw = cols(&text);
        if lw == 0 {
            continue;
        }
        // Beside the marker (sharing its reserved gap), else centred above or below it.
        let fits = |cv: &Canvas, lw: i64| {
            let mid = m.x + m.w / 2 - lw / 2;
            [
                (m.x + m.w + 1, m.y, Some(m.x + m.w)),
                (m.x - 1 - lw, m.y, Some(m.x - 1)),
                (mid, m.y - 1, None),
                (mid, m.y + 1, None),
            ]
            .into_iter()
            .filter(|&(x, y, _)| cv.free(x, y, lw))
            .min_by_key(|&(x, y, _)| cost(cv, x, y, lw))
        };
        let mut spot = fits(cv, lw);
        // The selected platform's name must show: shorten it to the room there is.
        while spot.is_none() && is_selected && lw > 2 {
            text = truncate(&text, (lw - 1) as usize);
            lw = cols(&text);
            spot = fits(cv, lw);
        }
        let Some((x, y, gap)) = spot else { continue };
        let role = if is_selected {
            Role::SelectedLabel
        } else {
            Role::Label
        };
        if let Some(g) = gap {
            cv.text(g, y, " ", role, true);
        }
        cv.text(x, y, &text, role, true);
        cv.reserve(x - 1, y, 1);
        cv.reserve(x + lw, y, 1);
    }
}

/// Names of the canal and the most-mentioned roads, rivers and railway, along their lines where
/// there is room; then landmarks on large maps.
pub(crate) fn feature_labels(d: &Dataset, proj: &Projection, cv: &mut Canvas, opts: &MapOptions) {
    let budget = 1 + cv.w * cv.h / 1800;
    let mut lines: Vec<(usize, &crate::dataset::Feature)> = d
        .basemap
        .iter()
        .filter(|f| f.kind != FeatureKind::Landmark)
        .map(|f| {
            let mut names: Vec<&str> = f.aliases.iter().map(|a| a.zh.as_str()).collect();
            names.push(&f.name.zh);
            // The canal is the district's signature: always first.
            let rank = if f.kind == FeatureKind::Canal {
                usize::MAX
            } else {
                boundary_mentions(d, &names)
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
        let role = match f.kind {
            FeatureKind::Canal | FeatureKind::River => Role::WaterLabel,
            _ => Role::RoadLabel,
        };
        line_label(
            cv,
            &proj.ring(pts),
            &label_text(opts.lang, &f.map_label()),
            role,
        );
    }
    if cv.w * cv.h >= 6000 {
        for f in d.basemap.iter().filter(|f| f.kind == FeatureKind::Landmark) {
            if let Geometry::Point(p) = f.geometry {
                let (x, y) = proj.at(p);
                let (x, y) = (x.floor() as i64, y.floor() as i64);
                let text = label_text(opts.lang, &f.map_label());
                let lw = cols(&text);
                for lx in [x + 1, x - lw] {
                    if cv.free(lx - 1, y, lw + 2) {
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
fn line_label(cv: &mut Canvas, pts: &[(f64, f64)], text: &str, role: Role) {
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
    let mid = samples.len() as f64 / 2.0;
    let mut best: Option<(f64, i64, i64, bool)> = None;
    for (i, &((px, py), across)) in samples.iter().enumerate() {
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
            let inside = cv
                .index(x + lw / 2, y)
                .is_some_and(|k| cv.road_area.as_ref().is_none_or(|a| a[k]));
            let hidden = if on_line {
                // On the line the text replaces the line itself; count only what else it hides.
                cost(cv, x, y, lw) - 3 * lw
            } else {
                cost(cv, x, y, lw)
            };
            let score = hidden.max(0) as f64 * 2.0
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
            cv.reserve(x - 1, y, 1);
            cv.reserve(x + lw, y, 1);
        }
        cv.text(x, y, text, role, true);
    }
}

/// The north arrow (top left), the scale bar (bottom left) and the legend (bottom right): the
/// corners the district's outline leaves empty when it is fitted.
pub(crate) fn furniture(cv: &mut Canvas, proj: &Projection, opts: &MapOptions) {
    let (w, h) = (cv.w as i64, cv.h as i64);
    let unicode = opts.style == MapStyle::Unicode;
    if w >= 20 && h >= 8 {
        let shaft = if unicode { "│" } else { "|" };
        cv.clear_box(0, 0, 3, 3);
        cv.text(1, 0, "N", Role::North, true);
        cv.text(1, 1, "^", Role::North, true);
        cv.text(1, 2, shaft, Role::North, true);
    }
    if w >= 24 && h >= 6 {
        scale_bar(cv, proj, unicode);
    }
    if opts.legend && w >= 40 && h >= 10 {
        legend(cv, opts, unicode);
    }
}

fn scale_bar(cv: &mut Canvas, proj: &Projection, unicode: bool) {
    let cpk = proj.cols_per_km();
    // The longest round length (1, 2 or 5 times a power of ten) that spans at most 16 columns.
    let Some(km) = (-3..=5)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
        .rfind(|km| km * cpk <= 16.0)
    else {
        return;
    };
    let n = (km * cpk).round() as i64;
    if n < 2 {
        return;
    }
    let label = if km >= 1.0 {
        format!("{} km", km.round())
    } else {
        format!("{} m", (km * 1000.0).round())
    };
    let y = cv.h as i64 - 1;
    let (end_l, bar, end_r) = if unicode {
        ("├", "─", "┤")
    } else {
        ("|", "-", "|")
    };
    let text = format!("{end_l}{}{end_r} {label}", bar.repeat(n as usize - 1));
    let tw = cols(&text);
    if tw + 2 > cv.w as i64 / 2 {
        return;
    }
    cv.clear_box(0, y, tw + 2, 1);
    cv.text(1, y, &text, Role::Scale, true);
}

fn legend(cv: &mut Canvas, opts: &MapOptions, unicode: bool) {
    let lang = opts.lang;
    let mut entries: Vec<(&str, Role, &str, &str)> = if unicode {
        vec![
            ("──", Role::Outline, "平台", "platform"),
            ("━━", Role::District, "区界", "district"),
            ("══", Role::Canal, "运河", "canal"),
            ("~~", Role::River, "河流", "river"),
            ("╪╪", Role::Rail, "铁路", "railway"),
            ("╌╌", Role::Road, "道路", "road"),
        ]
    } else {
        vec![
            ("##", Role::Outline, "平台", "platform"),
            ("..", Role::District, "区界", "district"),
            ("==", Role::Canal, "运河", "canal"),
            ("~~", Role::River, "河流", "river"),
            ("++", Role::Rail, "铁路", "railway"),
            ("--", Role::Road, "道路", "road"),
        ]
    };
    entries.push(("o ", Role::Landmark, "地标", "landmark"));
    // The selection's symbols, so a reader without colour knows what the fill means.
    if opts.selected.is_some() {
        let sample = if unicode { "░░" } else { "*:" };
        entries.push((sample, Role::Legend, "选中", "selected"));
    }
    let note = lang.label("轮廓示意", "outlines approximate");
    let rows: Vec<(String, Role, String)> = entries
        .iter()
        .map(|&(sample, role, zh, en)| (sample.to_string(), role, lang.label(zh, en)))
        .collect();
    let body_w = rows
        .iter()
        .map(|(s, _, t)| cols(s) + 1 + cols(t))
        .max()
        .unwrap_or(0);
    let (w, h) = (cv.w as i64, cv.h as i64);
    let full = h >= rows.len() as i64 + 8 && w >= body_w.max(cols(&note)) + 40;
    let lw = if full {
        body_w.max(cols(&note))
    } else {
        cols(&note)
    };
    if lw + 2 > w / 2 {
        return;
    }
    let height = if full { rows.len() as i64 + 1 } else { 1 };
    let (x, y) = (w - lw - 1, h - height);
    cv.clear_box(x - 1, y, lw + 2, height);
    if full {
        for (i, (sample, role, text)) in rows.iter().enumerate() {
            let r = y + i as i64;
            cv.text(x, r, sample, *role, true);
            cv.text(x + cols(sample) + 1, r, text, Role::Legend, true);
        }
    }
    cv.text(x, h - 1, &note, Role::Legend, true);
}
