//! The drawing order, style by style: fills or lines, the selection, landmarks, furniture, then
//! markers and names.

use crate::dataset::{Confidence, Dataset, Feature, FeatureKind, Geometry};

use super::canvas::{Canvas, LineKind};
use super::{
    MapOptions, MapStyle, Paint, Projection, Role, Stroke, Tone, closed, fill, labels, legend,
    place,
};

/// From this scale on (columns per km), roads that bound no platform are drawn too; below it, at
/// the whole-district view, only the boundary roads, so the map stays calm.
const ROAD_DETAIL_CPK: f64 = 15.0;
/// A selected platform with fewer cells than this is filled whole (no outline), and its cells are
/// kept clear of markers and names, so its fill shows at every size.
const SMALL_FILL: usize = 60;
/// A selected platform with fewer cells than this inside it is also filled where its edge runs,
/// and its marker goes beside it.
const TINY_FILL: usize = 8;

/// What one drawing covers: each platform's projected ring, and for a large dataset which
/// platforms it leaves out and which may have a marker (see `super::scale`).
pub(crate) struct Scope {
    /// Every platform's ring in screen cells; empty for a platform left out (outside the view).
    pub rings: Vec<Vec<(f64, f64)>>,
    /// The platforms that may have a marker, in no order; `None` for every one in view.
    pub candidates: Option<Vec<usize>>,
    /// Paint every platform dimmed as though one were selected, though none is: the selection
    /// is drawn over the finished map afterwards.
    pub dim: bool,
    /// Platforms smaller than a cell, drawn as one outline dot (or glyph) each at these points
    /// instead of a ring; their rings are empty unless they may have a marker.
    pub specks: Vec<(f64, f64)>,
}

/// Where the markers and names went, so the selection can be drawn over them afterwards.
pub(crate) struct Drawn {
    pub markers: Vec<labels::Marker>,
    /// Each name written beside its number.
    pub labels: Vec<labels::Label>,
}

pub(crate) fn draw(
    d: &Dataset,
    facts: &super::Facts,
    proj: &Projection,
    cv: &mut Canvas,
    opts: &MapOptions,
    scope: &Scope,
) -> Drawn {
    let selected = opts.selected.filter(|&i| i < d.platforms.len());
    // Looked up per platform: a mask, since a search can highlight most of a large dataset.
    let mut highlighted = vec![false; d.platforms.len()];
    for &i in &opts.highlighted {
        if let Some(h) = highlighted.get_mut(i) {
            *h = true;
        }
    }
    let district = proj.ring(&d.district.outline.ring);
    cv.road_area = Some(place::area_mask(cv.w, cv.h, &district));
    let rings = &scope.rings;
    let detail = proj.cols_per_km() >= ROAD_DETAIL_CPK;
    let shown = |f: &&Feature| match f.kind {
        FeatureKind::Road => detail || facts.bounded_by.contains_key(f.name.zh.as_str()),
        FeatureKind::Landmark => false,
        _ => true,
    };
    let lines = |kind: FeatureKind| {
        d.basemap
            .iter()
            .filter(move |f| f.kind == kind)
            .filter(shown)
            .filter_map(|f| match &f.geometry {
                Geometry::Line(pts) => Some((proj.ring(pts), f.confidence == Confidence::Estimate)),
                Geometry::Point(_) => None,
            })
    };
    let mut protect = Vec::new();
    let mut tiny = false;
    let slots = &facts.slots;
    let any_lit = highlighted.iter().any(|&h| h);
    // Only the fill style paints platforms (and keys them by colour).
    let fill_style = opts.style == MapStyle::Fill;
    let paints: Vec<Paint> = (0..d.platforms.len())
        .filter(|_| fill_style)
        .map(|i| Paint {
            slot: super::paint_colours(slots[i]).0,
            own: super::paint_colours(slots[i]).1,
            tone: if Some(i) == selected {
                Tone::Selected
            } else if any_lit && highlighted[i] {
                Tone::Lit
            } else if selected.is_some() || any_lit || scope.dim {
                Tone::Dim
            } else {
                Tone::Plain
            },
            estimate: fill::estimated(d, i),
        })
        .collect();
    if fill_style {
        fill::paint_platforms(cv, rings, &paints);
        for (kind, stroke) in [
            (FeatureKind::Road, Stroke::Road),
            (FeatureKind::River, Stroke::River),
            (FeatureKind::Rail, Stroke::Rail),
        ] {
            for (pts, estimate) in lines(kind) {
                cv.dashed = estimate;
                cv.dot_line(&pts, stroke);
            }
        }
        cv.dashed = false;
        cv.dot_line(&closed(district.clone()), Stroke::District);
        for (pts, estimate) in lines(FeatureKind::Canal) {
            cv.dashed = estimate;
            cv.dot_line(&pts, Stroke::Canal);
        }
        // Every platform's edge, so two fills that meet stay two wherever colours are few
        // (and neighbours on 8 or 16 colours are told apart by more than their colour); dashed
        // where the platform is placed by estimate, which has no fill of its own.
        for (i, ring) in rings.iter().enumerate() {
            if Some(i) != selected {
                cv.dashed = fill::estimated(d, i);
                cv.dot_ring(ring, Stroke::Outline);
            }
        }
        cv.dashed = false;
        for &p in &scope.specks {
            cv.dot_ring(&[p], Stroke::Outline);
        }
        if let Some(i) = selected {
            cv.dashed = fill::estimated(d, i);
            cv.dot_ring(&rings[i], Stroke::SelectedOutline);
            let mut cells = Vec::new();
            place::scan(cv.w, cv.h, &rings[i], |c, r| cells.push(r * cv.w + c));
            tiny = cells.len() < TINY_FILL;
            if tiny {
                // Too small to show from inside: paint the cells its edge crosses as well.
                let paint = cv.paint[cells.first().copied().unwrap_or(0)]
                    .filter(|p| p.tone == Tone::Selected)
                    .unwrap_or(Paint {
                        slot: super::paint_colours(slots[i]).0,
                        own: super::paint_colours(slots[i]).1,
                        tone: Tone::Selected,
                        estimate: fill::estimated(d, i),
                    });
                for k in fill::edge_cells(cv, &rings[i]) {
                    if !cells.contains(&k) {
                        cv.paint[k] = Some(paint);
                        cv.sym[k] = ' ';
                        cv.role[k] = Role::Fill(paint);
                        cells.push(k);
                    }
                }
            }
            if cells.len() < SMALL_FILL {
                protect = cells;
            }
        }
        cv.dashed = false;
        cv.compose_dots();
    } else {
        let (road, river, rail, canal) = (
            (LineKind::Road, Role::Road),
            (LineKind::River, Role::River),
            (LineKind::Rail, Role::Rail),
            (LineKind::Canal, Role::Canal),
        );
        let draw_lines = |cv: &mut Canvas, kind: FeatureKind, (line, role): (LineKind, Role)| {
            for (pts, estimate) in lines(kind) {
                cv.dashed = estimate;
                cv.polyline(&pts, line, role);
            }
            cv.dashed = false;
        };
        if detail {
            draw_lines(cv, FeatureKind::Road, road);
        } else {
            // At the whole-district view a road is drawn where it bounds a platform, not beyond.
            for f in d.basemap.iter().filter(|f| f.kind == FeatureKind::Road) {
                let Geometry::Line(pts) = &f.geometry else {
                    continue;
                };
                let Some(bounded) = facts.bounded_by.get(f.name.zh.as_str()) else {
                    continue;
                };
                // A slide names the selected platform's boundaries: those are drawn whole.
                let named = opts.boundaries && selected.is_some_and(|i| bounded.contains(&i));
                cv.stretch = (!named).then(|| {
                    place::rings_mask(cv.w, cv.h, bounded.iter().map(|&i| rings[i].as_slice()))
                });
                cv.dashed = f.confidence == Confidence::Estimate;
                cv.polyline(&proj.ring(pts), road.0, road.1);
            }
            cv.stretch = None;
            cv.dashed = false;
        }
        // The district's edge dotted, as administrative borders are: a light line, not a wall (in
        // the unicode style its glyphs are dashed, so the line runs unbroken).
        cv.dashed = opts.style != MapStyle::Unicode;
        cv.polyline(&closed(district), LineKind::District, Role::District);
        cv.dashed = false;
        for (i, ring) in rings.iter().enumerate() {
            if Some(i) != selected {
                cv.dashed = fill::estimated(d, i);
                cv.ring(ring, LineKind::Outline, Role::Outline);
            }
        }
        cv.dashed = false;
        for &p in &scope.specks {
            cv.ring(&[p], LineKind::Outline, Role::Outline);
        }
        cv.dashed = false;
        // A small selected platform is filled whole: its few cells are worth more as fill.
        let small = selected.map(|i| {
            let mut n = 0;
            place::scan(cv.w, cv.h, &rings[i], |_, _| n += 1);
            n < SMALL_FILL
        });
        if let Some(i) = selected
            && small == Some(false)
        {
            cv.polyline(
                &closed(rings[i].clone()),
                LineKind::SelectedOutline,
                Role::SelectedOutline,
            );
        }
        // Water and the railway over the outlines: where they are a platform's edge they stay
        // visible, and the canal runs along the district's north-west edge.
        cv.clear_gaps = true;
        draw_lines(cv, FeatureKind::River, river);
        draw_lines(cv, FeatureKind::Rail, rail);
        draw_lines(cv, FeatureKind::Canal, canal);
        cv.clear_gaps = false;
        // Where two lines run side by side a cell apart they read as one thick line: the road
        // gives way to the edge or water it follows, the district's dots to the outline or water.
        let over = [
            Role::Outline,
            Role::SelectedOutline,
            Role::River,
            Role::Canal,
            Role::Rail,
        ];
        cv.drop_twins(Role::Road, &over);
        cv.drop_twins(Role::District, &over);
        cv.drop_scraps(Role::Road, 3);
        // Spotlit platforms hatched, so a map without colour shows them too: before the
        // selection, which keeps its own fill where the two meet. Where every platform is lit the
        // hatch would say nothing.
        let lit = highlighted.iter().filter(|&&h| h).count();
        if lit > 0 && lit < d.platforms.len() {
            let hatch = super::look(opts.style, super::State::Spotlit);
            for (i, ring) in rings.iter().enumerate() {
                if highlighted[i] && Some(i) != selected {
                    fill::fill_lit(cv, ring, hatch);
                }
            }
        }
        if let Some(i) = selected {
            let fill = super::look(opts.style, super::State::Selected);
            let mut filled = fill::fill_selected(cv, &rings[i], fill);
            tiny = filled.len() < TINY_FILL;
            if tiny {
                // Too small to show from inside: shade the cells its edge crosses as well.
                let edge: Vec<usize> = fill::edge_cells(cv, &rings[i])
                    .into_iter()
                    .filter(|k| !filled.contains(k))
                    .collect();
                let shaded = fill::shade(cv, edge, fill, |r| {
                    matches!(r, Role::Blank | Role::Road | Role::Outline | Role::District)
                });
                filled.extend(shaded);
            }
            if small == Some(true) {
                protect = filled;
            }
        }
    }
    // Landmarks are detail: drawn where the map has room for them (as their names are).
    let landmarks = legend::landmarks_shown(cv.w, cv.h);
    for f in d
        .basemap
        .iter()
        .filter(|f| landmarks && f.kind == FeatureKind::Landmark)
    {
        if let Geometry::Point(p) = f.geometry {
            let (x, y) = proj.at(p);
            if x.is_finite() && y.is_finite() {
                let k = cv.index(x.floor() as i64, y.floor() as i64);
                // A landmark never hides a small selection's fill.
                if k.is_some_and(|k| !protect.contains(&k)) {
                    cv.text(
                        x.floor() as i64,
                        y.floor() as i64,
                        "o",
                        Role::Landmark,
                        false,
                    );
                }
            }
        }
    }
    // The legend names them only for a named spotlight.
    let mut lit: Vec<u32> = (0..d.platforms.len())
        .filter(|&i| opts.spotlight.is_some() && highlighted[i])
        .map(|i| d.platforms[i].number)
        .collect();
    lit.sort_unstable();
    legend::furniture(cv, proj, opts, &lit);
    // A tiny selection's marker goes beside it, not over its few cells; so does a small one's
    // when the marker would leave too little of its fill showing (at least 12 cells from 120x40,
    // 4 from 80x24).
    let need = match (cv.w, cv.h) {
        (w, h) if w >= 120 && h >= 40 => 12,
        (w, h) if w >= 80 && h >= 24 => 4,
        _ => 1,
    };
    if tiny || (!protect.is_empty() && protect.len() < need + 6) {
        for &k in &protect {
            cv.taken[k] = true;
        }
    }
    let markers = labels::markers(
        d,
        cv,
        selected,
        &highlighted,
        rings,
        scope.candidates.as_deref(),
    );
    // A slide's words name the platform's boundaries: their names come before the platforms'.
    if opts.boundaries {
        labels::feature_labels(d, facts, proj, cv, opts, &markers, true);
    }
    let (unlabelled, placed) = labels::platform_labels(
        d,
        cv,
        &markers,
        selected,
        &highlighted,
        opts,
        (&protect, need),
    );
    let chips = fill_style.then_some(paints.as_slice());
    let nameless = labels::names_key(d, cv, &unlabelled, opts, chips);
    // A number whose name found no place, not even in the key (a small, crowded map), would be a
    // riddle: its outline stays, unnumbered. The selection's and a spotlight's numbers stay: they
    // are what the map is showing. A large dataset's map (drawn once per view, the selection
    // over it) keeps its numbers: no key could hold thousands of names, and a number is what
    // `show` and the search take.
    let kept = |i: usize| Some(i) == selected || highlighted[i];
    let large = scope.candidates.is_some();
    for m in markers
        .iter()
        .filter(|m| !large && nameless.contains(&m.platform) && !kept(m.platform))
    {
        for x in m.x..m.x + m.w {
            if let Some(k) = cv.index(x, m.y) {
                let role = cv
                    .paint
                    .get(k)
                    .copied()
                    .flatten()
                    .map_or(Role::Blank, Role::Fill);
                cv.text(x, m.y, " ", role, true);
            }
        }
    }
    labels::feature_labels(d, facts, proj, cv, opts, &markers, false);
    Drawn {
        markers,
        labels: placed,
    }
}
