//! The map of a large dataset, drawn from what the view shows and once per view.
//!
//! Up to [`LARGE`] platforms the atlas draws every frame whole ([`super::render_with`]), as
//! `gongshu map` and the slides do. Above it, what the map shows depends on the view, not on the
//! selection, so [`Frames`] keeps one drawing per view (its centre and scale, the grid's size, the
//! style, the language, the spotlight) and a frame is that drawing with the selection drawn over
//! it: its fill, its outline, its number and name emphasised. A selection move costs one
//! platform, not the dataset.
//!
//! Drawing a view: platforms whose outline's bounding box lies off the grid are left out before
//! anything is projected (each platform's box in degrees is worked out once, in the dataset's [`super::Facts`]), and one smaller
//! than a cell is drawn as a dot at its middle rather than a ring; of the rest, only
//! the largest in each stretch of [`BUCKET_W`] columns of a row may have a number (lit ones
//! first), which is as many as the grid has room for; then the map is drawn as for a small
//! dataset, with those.
//!
//! A new spotlight (a search keystroke) needs a new drawing. When the caller allows it
//! ([`Frames::allow_stale`]), the frame right after a key shows the view's previous drawing with
//! the new selection, and [`Frames::behind`] says a drawing is owed: the event loop draws again as
//! soon as no key is waiting.

use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use crate::dataset::Dataset;
use crate::lang::Lang;

use super::canvas::{Canvas, LineKind};
use super::draw::{self, Drawn, Scope};
use super::{
    MapGrid, MapOptions, MapStyle, Paint, Projection, Role, Stroke, Tone, Viewport, cols, fill,
    place, platform_label,
};

/// Above this many platforms the atlas draws the map per view (this module); up to it, whole
/// every frame.
pub const LARGE: usize = 1000;

/// A stretch of a row with room for one number and its margins (`[12345]` and a cell each side).
const BUCKET_W: usize = 9;

/// A selection with fewer cells than this inside it is also filled where its edge runs.
const TINY_FILL: usize = 8;

/// What a drawing of the view depends on.
#[derive(Debug, Clone, PartialEq)]
struct Key {
    view: (u64, u64, u64),
    width: u16,
    height: u16,
    style: MapStyle,
    lang: Lang,
    legend: bool,
    /// Something is selected: in the fill style the other platforms are dimmed.
    dim: bool,
    /// The lit platforms, hashed, and what lit them.
    lit: u64,
    spotlight: Option<String>,
}

impl Key {
    /// The same place at the same size and style, whatever is lit.
    fn same_view(&self, other: &Key) -> bool {
        (
            self.view,
            self.width,
            self.height,
            self.style,
            self.lang,
            self.legend,
        ) == (
            other.view,
            other.width,
            other.height,
            other.style,
            other.lang,
            other.legend,
        )
    }
}

struct Base {
    key: Key,
    canvas: Canvas,
    drawn: Drawn,
}

#[derive(Default)]
struct Inner {
    base: Option<Base>,
    stale_ok: bool,
    behind: bool,
}

/// The drawings a large dataset's map keeps between frames (see the module's notes). One per
/// atlas; a small dataset never uses it.
#[derive(Default)]
pub struct Frames {
    inner: Mutex<Inner>,
}

impl Frames {
    /// Whether the next frames may show the view's previous drawing while the spotlight changed
    /// (the frame right after a key); false draws the spotlight as it is.
    pub fn allow_stale(&self, yes: bool) {
        self.lock().stale_ok = yes;
    }

    /// Whether the last frame showed an earlier spotlight: draw again when no key is waiting.
    pub fn behind(&self) -> bool {
        self.lock().behind
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while drawing leaves nothing half-done that matters: the drawing is rebuilt.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Draw the map for the atlas: as [`super::render_with`] up to [`LARGE`] platforms; above it,
/// from `frames`' drawing of the view with the selection drawn over it.
pub fn render_cached(
    frames: &Frames,
    d: &Dataset,
    facts: &super::Facts,
    vp: &Viewport,
    width: u16,
    height: u16,
    opts: &MapOptions,
) -> MapGrid {
    if d.platforms.len() <= LARGE {
        return super::render_with(d, facts, vp, width, height, opts);
    }
    let (w, h) = (width.min(super::MAX_WIDTH), height.min(super::MAX_HEIGHT));
    let (wu, hu) = (w as usize, h as usize);
    if wu == 0 || hu == 0 {
        return super::grid_of(&Canvas::new(wu, hu, opts.style), w, h);
    }
    let vp = vp.sanitized();
    let selected = opts.selected.filter(|&i| i < d.platforms.len());
    let mut lit = rustc_hash::FxHasher::default();
    opts.highlighted.hash(&mut lit);
    let key = Key {
        view: (
            vp.center.0.to_bits(),
            vp.center.1.to_bits(),
            vp.cols_per_km.to_bits(),
        ),
        width: w,
        height: h,
        style: opts.style,
        lang: opts.lang,
        legend: opts.legend,
        dim: selected.is_some(),
        lit: lit.finish(),
        spotlight: opts.spotlight.clone(),
    };
    let proj = Projection::new(&vp, wu, hu);
    let mut inner = frames.lock();
    let inner = &mut *inner;
    let bounds = facts.bounds.get_or_init(|| {
        d.platforms
            .iter()
            .map(|p| place::bbox(&p.outline.ring))
            .collect()
    });
    let same = inner
        .base
        .as_ref()
        .map(|b| (b.key == key, b.key.same_view(&key)));
    inner.behind = match same {
        Some((true, _)) => false,
        Some((false, true)) if inner.stale_ok => true,
        _ => {
            inner.base = Some(build(d, facts, bounds, &proj, (wu, hu), opts, key));
            false
        }
    };
    let base = inner.base.as_ref().expect("built above");
    let mut cv = base.canvas.clone();
    if let Some(i) = selected {
        emphasise(&mut cv, d, facts, &proj, &base.drawn, i, opts);
    }
    super::grid_of(&cv, w, h)
}

/// The view drawn with nothing selected, from the platforms it shows.
fn build(
    d: &Dataset,
    facts: &super::Facts,
    bounds: &[(f64, f64, f64, f64)],
    proj: &Projection,
    (wu, hu): (usize, usize),
    opts: &MapOptions,
    key: Key,
) -> Base {
    let (gw, gh) = (wu as f64, hu as f64);
    let mut rings: Vec<Vec<(f64, f64)>> = vec![Vec::new(); d.platforms.len()];
    let mut specks = Vec::new();
    let mut speck = vec![false; d.platforms.len()];
    let mut lit = vec![false; d.platforms.len()];
    for &i in &opts.highlighted {
        if let Some(l) = lit.get_mut(i) {
            *l = true;
        }
    }
    // The largest platform whose centre falls in each bucket, lit ones first.
    let buckets_x = wu.div_ceil(BUCKET_W);
    let mut best: Vec<Option<(bool, f64, usize)>> = vec![None; buckets_x * hu];
    for (i, &(lon0, lat0, lon1, lat1)) in bounds.iter().enumerate() {
        // North is up: the box's top-left corner is (lon0, lat1).
        let (x0, y0) = proj.at((lon0, lat1));
        let (x1, y1) = proj.at((lon1, lat0));
        let shown = x0.is_finite() && x1 >= -1.0 && x0 <= gw + 1.0 && y1 >= -1.0 && y0 <= gh + 1.0;
        if !shown {
            continue;
        }
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        // Smaller than a cell: its outline would be a blot of dots; one dot at its middle says
        // as much, and a ring is made only for the few that may have a marker (below).
        if x1 - x0 < 1.0 && y1 - y0 < 1.0 {
            specks.push((cx, cy));
            speck[i] = true;
        } else {
            rings[i] = proj.ring(&d.platforms[i].outline.ring);
        }
        let bx = (cx.max(0.0) as usize).min(wu - 1) / BUCKET_W;
        let by = (cy.max(0.0) as usize).min(hu - 1);
        let size = (x1 - x0) * (y1 - y0);
        let rank = (lit[i], size, i);
        let slot = &mut best[by * buckets_x + bx];
        let better = slot.is_none_or(|(l, s, _)| (rank.0, rank.1) > (l, s));
        if better {
            *slot = Some(rank);
        }
    }
    let candidates: Vec<usize> = best.into_iter().flatten().map(|(_, _, i)| i).collect();
    for &i in &candidates {
        if speck[i] {
            let (x0, y0, x1, y1) = bounds[i];
            let (a, b) = (proj.at((x0, y1)), proj.at((x1, y0)));
            rings[i] = vec![((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)];
        }
    }
    let scope = Scope {
        rings,
        candidates: Some(candidates),
        dim: key.dim,
        specks,
    };
    let plain = MapOptions {
        selected: None,
        ..opts.clone()
    };
    let mut canvas = Canvas::new(wu, hu, opts.style);
    let drawn = draw::draw(d, facts, proj, &mut canvas, &plain, &scope);
    Base { key, canvas, drawn }
}

/// Draw platform `i` selected over a finished drawing: its fill and outline, and its number and
/// name in the selection's colours (written near its middle where the drawing gave it none).
fn emphasise(
    cv: &mut Canvas,
    d: &Dataset,
    facts: &super::Facts,
    proj: &Projection,
    drawn: &Drawn,
    i: usize,
    opts: &MapOptions,
) {
    let ring = proj.ring(&d.platforms[i].outline.ring);
    if ring.is_empty() {
        return;
    }
    let mut cells: Vec<usize> = Vec::new();
    place::scan(cv.w, cv.h, &ring, |c, r| cells.push(r * cv.w + c));
    if cells.len() < TINY_FILL {
        // Too small to show from inside: the cells its edge crosses as well.
        for k in fill::edge_cells(cv, &ring) {
            if !cells.contains(&k) {
                cells.push(k);
            }
        }
    }
    // Numbers and names over its few cells are taken away (its own written again beside them
    // below), so that its fill shows; its own elsewhere are kept.
    let covers = |x: i64, y: i64, w: i64| {
        cells
            .iter()
            .any(|&k| (k / cv.w) as i64 == y && (x..x + w).contains(&((k % cv.w) as i64)))
    };
    let label_of = |p: usize| drawn.labels.iter().find(|l| l.0 == p);
    let over = |p: usize, m: &super::labels::Marker| {
        covers(m.x - 1, m.y, m.w + 2)
            || (p == i && label_of(p).is_some_and(|&(_, x, y, w)| covers(x, y, w)))
    };
    let marker = drawn.markers.iter().find(|m| m.platform == i);
    let keep = marker.filter(|m| !over(i, m));
    let mut spans = Vec::new();
    for m in drawn.markers.iter().filter(|m| over(m.platform, m)) {
        spans.push((m.x - 1, m.y, m.w + 2));
        if let Some(&(_, x, y, w)) = label_of(m.platform) {
            spans.push((x - 2, y, w + 4));
        }
    }
    for (x, y, w) in spans {
        for c in x..x + w {
            if let Some(k) = cv.index(c, y) {
                cv.sym[k] = ' ';
                cv.role[k] = Role::Blank;
                cv.taken[k] = false;
            }
        }
    }
    let estimate = fill::estimated(d, i);
    if opts.style == MapStyle::Fill {
        let (slot, own) = super::paint_colours(facts.slots[i]);
        let paint = Paint {
            slot,
            own,
            tone: Tone::Selected,
            estimate,
        };
        for &k in &cells {
            cv.paint[k] = Some(paint);
            match cv.role[k] {
                Role::Dots { stroke, .. } => {
                    cv.role[k] = Role::Dots {
                        stroke,
                        on: Some(paint),
                    }
                }
                Role::Fill(_) | Role::Blank => {
                    cv.sym[k] = ' ';
                    cv.role[k] = Role::Fill(paint);
                }
                _ => {}
            }
        }
        cv.dashed = estimate;
        cv.dot_ring(&ring, Stroke::SelectedOutline);
        cv.dashed = false;
        cv.compose_dots();
    } else {
        let look = super::look(opts.style, super::State::Selected);
        fill::shade(cv, cells.iter().copied(), look, |r| {
            matches!(
                r,
                Role::Blank | Role::Road | Role::Outline | Role::District | Role::LitFill
            )
        });
        cv.dashed = estimate;
        cv.ring(&ring, LineKind::SelectedOutline, Role::SelectedOutline);
        cv.dashed = false;
    }
    let recolour = |cv: &mut Canvas, x: i64, y: i64, w: i64, role: Role| {
        for c in x..x + w {
            if let Some(k) = cv.index(c, y) {
                cv.role[k] = role;
            }
        }
    };
    if let Some(m) = keep {
        recolour(cv, m.x, m.y, m.w, Role::SelectedMarker);
        if let Some(&(_, x, y, w)) = label_of(i) {
            recolour(cv, x, y, w, Role::SelectedLabel);
        }
        return;
    }
    // No number drawn for it: the nearest free room to its middle, rows nearest first.
    let number = format!("[{}]", d.platforms[i].number);
    let mw = cols(&number);
    let (x0, y0, x1, y1) = place::bbox(&ring);
    let (cx, cy) = (((x0 + x1) / 2.0) as i64, ((y0 + y1) / 2.0) as i64);
    let (w, h) = (cv.w as i64, cv.h as i64);
    let spot = (0..h)
        .flat_map(|dy| [cy - dy, cy + dy])
        .filter(|y| (0..h).contains(y))
        .flat_map(|y| (0..w).map(move |dx| (dx, y)))
        .flat_map(|(dx, y)| [(cx - mw / 2 - dx, y), (cx - mw / 2 + dx, y)])
        .take(4 * w as usize * 8)
        .find(|&(x, y)| {
            // Beside its fill, not over it: a small selection's few cells are what shows it.
            let over = |k: &usize| {
                (k / cv.w) as i64 == y && (x - 1..=x + mw).contains(&((k % cv.w) as i64))
            };
            cv.free(x - 1, y, mw + 2) && !cells.iter().any(over)
        });
    let Some((x, y)) = spot else {
        return;
    };
    cv.text(x, y, &number, Role::SelectedMarker, true);
    let name = platform_label(opts.lang, &d.platforms[i]);
    let lw = cols(&name);
    if lw > 0 && cv.free(x + mw, y, lw + 2) {
        cv.text(x + mw + 1, y, &name, Role::SelectedLabel, true);
    } else if lw > 0 && cv.free(x - lw - 2, y, lw + 2) {
        cv.text(x - lw - 1, y, &name, Role::SelectedLabel, true);
    }
}
