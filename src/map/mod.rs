//! The district map: the dataset's geometry drawn in character cells.
//!
//! Pure: a dataset, a viewport and a size in, a [`MapGrid`] of symbols with roles out. The TUI turns
//! roles into colours (the theme); `gongshu map` prints [`MapGrid::lines`] or the themed grid.
//!
//! Projection is equirectangular with x scaled by cos(latitude), and a cell is taken to be twice as
//! tall as it is wide, so the district keeps its true shape. Drawing order, bottom to top: roads,
//! rivers, railway, canal, district border, platform outlines, the selected platform's fill,
//! landmarks, then map furniture (north arrow, scale bar, legend), platform markers and labels.
//! Text never overwrites text: every marker and label reserves its cells first.

mod canvas;
mod draw;
mod facts;
pub use facts::Facts;
mod fill;
mod labels;
mod legend;
pub(crate) mod place;
#[cfg(test)]
pub(crate) mod rule_tests;
mod scale;
pub use scale::{Frames, LARGE, render_cached};
#[cfg(test)]
mod scale_tests;
#[cfg(test)]
mod spotlight_tests;
#[cfg(test)]
mod tests;

use crate::dataset::{Dataset, LonLat};
use crate::lang::Lang;
use crate::text::{one_line, width};

use canvas::{Canvas, WIDE_TAIL};
pub(crate) use fill::km;
pub use fill::palette_slots;
pub use legend::notes;

/// Kilometres per degree of latitude (and of longitude at the equator).
pub(crate) const KM_PER_DEG: f64 = 111.2;
/// Zoom limits in columns per kilometre: the whole of Zhejiang in a few cells up to ~1 m per cell.
const MIN_SCALE: f64 = 0.01;
const MAX_SCALE: f64 = 1000.0;
/// Grids larger than this are drawn at this size: a bogus terminal size must not allocate gigabytes.
pub const MAX_WIDTH: u16 = 1000;
pub const MAX_HEIGHT: u16 = 500;
/// The smallest map `gongshu map` will print: below it the platforms' markers cannot all be placed.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// Which characters the map is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MapStyle {
    /// Printable ASCII (and the labels' own text): works in every terminal and font.
    #[default]
    Ascii,
    /// Box-drawing lines and a shaded fill.
    Unicode,
    /// Every platform a filled region in its own colour, lines in braille dots over the fills
    /// (needs colour: without it, the map is drawn in ascii).
    // This text is `--style fill`'s help: no code names in it (see `MapStyle::effective`).
    Fill,
}

impl MapStyle {
    /// The style to draw with: the fill style means nothing without colour, so with colour off it
    /// falls back to the calmer plain-ASCII drawing.
    pub fn effective(self, color: bool) -> MapStyle {
        match self {
            MapStyle::Fill if !color => MapStyle::Ascii,
            s => s,
        }
    }

    /// The style's name as `--style` spells it.
    pub fn name(self) -> &'static str {
        match self {
            MapStyle::Ascii => "ascii",
            MapStyle::Unicode => "unicode",
            MapStyle::Fill => "fill",
        }
    }

    /// The next style in the ascii → unicode → fill cycle.
    pub fn next(self) -> MapStyle {
        match self {
            MapStyle::Ascii => MapStyle::Unicode,
            MapStyle::Unicode => MapStyle::Fill,
            MapStyle::Fill => MapStyle::Ascii,
        }
    }
}

/// What part of the world the map shows: a centre and a scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// (lon, lat) at the middle of the grid.
    pub center: (f64, f64),
    /// Terminal columns per kilometre (a row is two columns tall).
    pub cols_per_km: f64,
}

impl Viewport {
    /// The whole district outline with a margin.
    pub fn fit_district(d: &Dataset, width: u16, height: u16) -> Viewport {
        fit(&d.district.outline.ring, width, height, 2.0)
    }

    /// One platform's outline with a generous margin, so its neighbours give it context.
    /// An index out of range fits the district.
    pub fn fit_platform(d: &Dataset, platform: usize, width: u16, height: u16) -> Viewport {
        match d.platforms.get(platform) {
            Some(p) if !p.outline.ring.is_empty() => {
                let vp = fit(&p.outline.ring, width, height, 0.0);
                vp.zoom(0.4)
            }
            _ => Viewport::fit_district(d, width, height),
        }
    }

    /// One platform in the middle, with enough of its surroundings to place it: the platforms
    /// whose outlines touch it and the nearest stretch of the canal, for a briefing slide. The
    /// view is centred on the platform (the middle of its extent), so its surroundings show as
    /// far on each side as the farthest of them. The scale bar follows the scale. An index out
    /// of range fits the district.
    pub fn fit_platform_context(d: &Dataset, platform: usize, width: u16, height: u16) -> Viewport {
        let Some(p) = d
            .platforms
            .get(platform)
            .filter(|p| !p.outline.ring.is_empty())
        else {
            return Viewport::fit_district(d, width, height);
        };
        let mut pts: Vec<LonLat> = p.outline.ring.clone();
        let slots_graph = fill::neighbours(d, platform);
        for j in slots_graph {
            pts.extend(d.platforms[j].outline.ring.iter().copied());
        }
        let (x0, y0, x1, y1) = extent(&p.outline.ring);
        let centre = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        // The canal's nearest point, so the district's backbone is on the slide.
        let nearest = d
            .basemap
            .iter()
            .filter(|f| f.kind == crate::dataset::FeatureKind::Canal)
            .filter_map(|f| match &f.geometry {
                crate::dataset::Geometry::Line(l) => Some(l.iter()),
                _ => None,
            })
            .flatten()
            .min_by(|a, b| {
                let da = (a.0 - centre.0).powi(2) + (a.1 - centre.1).powi(2);
                let db = (b.0 - centre.0).powi(2) + (b.1 - centre.1).powi(2);
                da.total_cmp(&db)
            });
        pts.extend(nearest.copied());
        // Each point and its mirror through the platform's middle: the fitted box is centred
        // there.
        let mirrored: Vec<LonLat> = pts
            .iter()
            .filter(|q| q.0.is_finite() && q.1.is_finite())
            .flat_map(|&q| [q, (2.0 * centre.0 - q.0, 2.0 * centre.1 - q.1)])
            .collect();
        let context = fit(&mirrored, width, height, 2.0);
        // Never so far out that the platform is lost among them: at least two fifths of the
        // map's width or height.
        let own = fit(&p.outline.ring, width, height, 0.0).zoom(0.4);
        Viewport {
            cols_per_km: context.cols_per_km.max(own.cols_per_km),
            ..context
        }
    }

    /// Zoom by `factor` (> 1 zooms in) about the centre, within sane limits.
    pub fn zoom(self, factor: f64) -> Viewport {
        let v = self.sanitized();
        if !factor.is_finite() || factor <= 0.0 {
            return v;
        }
        Viewport {
            cols_per_km: (v.cols_per_km * factor).clamp(MIN_SCALE, MAX_SCALE),
            ..v
        }
    }

    /// Move by whole cells: positive `dx` is east, positive `dy` is south (down the screen).
    pub fn pan(self, dx_cells: i32, dy_cells: i32) -> Viewport {
        let v = self.sanitized();
        let km_x = dx_cells as f64 / v.cols_per_km;
        let km_y = dy_cells as f64 * 2.0 / v.cols_per_km;
        let lat = v.center.1 - km_y / KM_PER_DEG;
        let lon = v.center.0 + km_x / (KM_PER_DEG * v.center.1.to_radians().cos());
        Viewport {
            center: (lon, lat),
            ..v
        }
        .sanitized()
    }

    /// Where (lon, lat) falls on a `width` x `height` grid, in fractional cells (column, row).
    pub fn project(&self, p: LonLat, width: u16, height: u16) -> (f64, f64) {
        Projection::new(self, width as usize, height as usize).at(p)
    }

    /// Finite values within the limits, whatever the caller put in the public fields.
    fn sanitized(self) -> Viewport {
        let finite = |v: f64, default: f64| if v.is_finite() { v } else { default };
        Viewport {
            center: (
                finite(self.center.0, 0.0).clamp(-180.0, 180.0),
                finite(self.center.1, 0.0).clamp(-85.0, 85.0),
            ),
            cols_per_km: finite(self.cols_per_km, 1.0).clamp(MIN_SCALE, MAX_SCALE),
        }
    }
}

/// The bounding box of a ring's finite points: (west, south, east, north); inverted when it has
/// none.
fn extent(ring: &[LonLat]) -> (f64, f64, f64, f64) {
    let pts = ring.iter().filter(|p| p.0.is_finite() && p.1.is_finite());
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(lon, lat) in pts {
        (x0, y0, x1, y1) = (x0.min(lon), y0.min(lat), x1.max(lon), y1.max(lat));
    }
    (x0, y0, x1, y1)
}

/// The viewport that fits `ring`'s bounding box into the grid, leaving `margin` cells all round.
fn fit(ring: &[LonLat], width: u16, height: u16, margin: f64) -> Viewport {
    let (x0, y0, x1, y1) = extent(ring);
    if x0 > x1 {
        return Viewport {
            center: (0.0, 0.0),
            cols_per_km: 1.0,
        };
    }
    let center = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let km_w = (x1 - x0) * KM_PER_DEG * center.1.to_radians().cos();
    let km_h = (y1 - y0) * KM_PER_DEG;
    let cols = (width as f64 - 2.0 * margin).max(1.0);
    let rows = (height as f64 - 2.0 * margin / 2.0).max(1.0);
    let by_w = cols / km_w.max(1e-6);
    let by_h = rows * 2.0 / km_h.max(1e-6);
    Viewport {
        center,
        cols_per_km: by_w.min(by_h),
    }
    .sanitized()
}

/// lon/lat → fractional screen cells for one viewport and grid size.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Projection {
    lon0: f64,
    lat0: f64,
    /// Columns per degree of longitude and rows per degree of latitude.
    kx: f64,
    ky: f64,
    cx: f64,
    cy: f64,
}

impl Projection {
    fn new(vp: &Viewport, w: usize, h: usize) -> Projection {
        let vp = vp.sanitized();
        Projection {
            lon0: vp.center.0,
            lat0: vp.center.1,
            kx: vp.cols_per_km * KM_PER_DEG * vp.center.1.to_radians().cos(),
            ky: vp.cols_per_km / 2.0 * KM_PER_DEG,
            cx: w as f64 / 2.0,
            cy: h as f64 / 2.0,
        }
    }

    fn at(&self, (lon, lat): LonLat) -> (f64, f64) {
        (
            self.cx + (lon - self.lon0) * self.kx,
            self.cy - (lat - self.lat0) * self.ky,
        )
    }

    fn ring(&self, ring: &[LonLat]) -> Vec<(f64, f64)> {
        ring.iter().map(|&p| self.at(p)).collect()
    }

    /// Columns per kilometre, for the scale bar.
    fn cols_per_km(&self) -> f64 {
        self.ky * 2.0 / KM_PER_DEG
    }
}

/// What to draw besides the geometry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapOptions {
    pub style: MapStyle,
    pub lang: Lang,
    /// The platform (index into `Dataset::platforms`) to fill and label first.
    pub selected: Option<usize>,
    /// Platforms to light up (search hits, a spotlight): their labels come first, their markers
    /// are marked, and in the fill style the other platforms are dimmed.
    pub highlighted: Vec<usize>,
    /// What lit `highlighted` (a query, an industry), named in the legend's spotlight row.
    pub spotlight: Option<String>,
    pub legend: bool,
    /// Name the selected platform's boundaries (the roads, rivers and railway its text names)
    /// before any other line, wherever they are in view: a briefing slide, whose words say what
    /// bounds the platform.
    pub boundaries: bool,
}

/// A platform's state on the map, for [`look`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Selected,
    Spotlit,
}

/// How each state of a platform looks, style by style, with colour and without. One platform
/// can be in several at once: the selection's fill wins over the spotlight's hatch, and an
/// estimated platform keeps its dashed or hatched edge in every state.
///
/// | state              | ascii                     | unicode                   | fill (colour only)                 |
/// |--------------------|---------------------------|---------------------------|------------------------------------|
/// | plain              | `#` outline               | `─│╭` outline             | its own colour, solid              |
/// | selected           | `:` fill, `*` by number   | `░` fill, heavy outline   | bright colour, bold outline        |
/// | spotlit            | `/` hatch, underlined no. | `╱` hatch, underlined no. | its colour; the others dimmed      |
/// | dimmed (fill only) | —                         | —                         | `⠂` dots on the terminal's ground  |
/// | placed by estimate | `#` dashed outline        | `─ ─` dashed outline      | `⡐` hatch, dashed dotted edge      |
/// | selected+estimate  | `:` fill, dashed outline  | `░` fill, dashed outline  | bright colour, `⡐` hatch, dashed   |
/// | spotlit+estimate   | `/` hatch, dashed outline | `╱` hatch, dashed outline | its colour, `⡐` hatch, dashed      |
/// | selected+spotlit   | as selected               | as selected               | as selected                        |
///
/// Without colour the fill style is drawn as ascii ([`MapStyle::effective`]); with colour the
/// plain styles keep these symbols and add the theme's colours (the selection yellow, a
/// spotlight's numbers green).
pub fn look(style: MapStyle, state: State) -> &'static str {
    match (style, state) {
        (MapStyle::Unicode, State::Selected) => "░",
        (MapStyle::Unicode, State::Spotlit) => "╱",
        (_, State::Selected) => ":",
        (_, State::Spotlit) => "/",
    }
}

/// What a cell shows, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Blank,
    District,
    Road,
    River,
    Canal,
    Rail,
    Landmark,
    Outline,
    SelectedOutline,
    SelectedFill,
    /// The plain styles' hatch inside a spotlit platform.
    LitFill,
    Marker,
    SelectedMarker,
    HighlightedMarker,
    Label,
    SelectedLabel,
    RoadLabel,
    WaterLabel,
    Legend,
    North,
    Scale,
    /// The honesty notes (era, simplification, approximate outlines).
    Note,
    /// Fill style: inside a platform. The symbol is blank, or a texture for dimmed and estimated
    /// platforms; the colour comes from the paint.
    Fill(Paint),
    /// Fill style: a line in braille dots, over a platform's paint or over the bare ground.
    Dots {
        stroke: Stroke,
        on: Option<Paint>,
    },
}

/// How many palette slots the fill style colours platforms with.
pub const FILL_SLOTS: u8 = 6;

/// How many platforms can each have a colour of their own (on 256 colours or more).
pub const OWN_COLOURS: u8 = 12;

/// A platform's [`Paint`] colours from its entry in [`palette_slots`]: its slot on 8 or 16
/// colours, and its colour on more.
pub fn paint_colours(slot: u8) -> (u8, u8) {
    (slot % FILL_SLOTS, slot)
}

/// A platform's colour in the fill style: its palette slot (neighbours never share one) and how
/// much it stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Paint {
    /// 0..[`FILL_SLOTS`]: the colour on a terminal of 8 or 16 colours, where neighbours never
    /// share one.
    pub slot: u8,
    /// 0..[`OWN_COLOURS`]: the colour on a terminal of 256 colours or more, each platform's own
    /// where a dataset has no more platforms than that ([`palette_slots`]).
    pub own: u8,
    pub tone: Tone,
    /// Placed by estimate: the source gives no boundary.
    pub estimate: bool,
}

/// How much a platform stands out in the fill style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    /// Nothing selected or lit: every platform in its plain colour.
    Plain,
    /// The selected platform: brighter than the rest.
    Selected,
    /// Lit by a spotlight (search hits) while something else is dimmed.
    Lit,
    /// Something else is selected or lit.
    Dim,
}

/// What a braille line is, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stroke {
    Road,
    River,
    Rail,
    Canal,
    District,
    /// A platform's edge (drawn for estimated platforms, dashed, and for the selected one).
    Outline,
    SelectedOutline,
}

/// One character cell. A wide (two-column) character sits in the left cell and the right cell's
/// symbol is "", as in a ratatui buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub symbol: String,
    pub role: Role,
}

/// A rendered map, row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapGrid {
    pub width: u16,
    pub height: u16,
    pub cells: Vec<Cell>,
}

impl MapGrid {
    pub fn cell(&self, x: u16, y: u16) -> Option<&Cell> {
        (x < self.width && y < self.height)
            .then(|| {
                self.cells
                    .get(y as usize * self.width as usize + x as usize)
            })
            .flatten()
    }

    fn rows(&self) -> impl Iterator<Item = &[Cell]> {
        // `max(1)` keeps `chunks` happy for a zero-width grid, which has no cells anyway.
        self.cells.chunks(self.width.max(1) as usize)
    }

    /// Plain text rows, trailing spaces trimmed.
    pub fn lines(&self) -> Vec<String> {
        self.rows()
            .map(|row| {
                let s: String = row.iter().map(|c| c.symbol.as_str()).collect();
                s.trim_end().to_string()
            })
            .collect()
    }
}

/// Draw the map.
pub fn render(d: &Dataset, vp: &Viewport, width: u16, height: u16, opts: &MapOptions) -> MapGrid {
    render_with(d, &Facts::new(d), vp, width, height, opts)
}

/// [`render`] with the dataset's [`Facts`] worked out before, for drawing it again and again.
pub fn render_with(
    d: &Dataset,
    facts: &Facts,
    vp: &Viewport,
    width: u16,
    height: u16,
    opts: &MapOptions,
) -> MapGrid {
    let (w, h) = (width.min(MAX_WIDTH), height.min(MAX_HEIGHT));
    let (wu, hu) = (w as usize, h as usize);
    let proj = Projection::new(vp, wu, hu);
    let mut cv = Canvas::new(wu, hu, opts.style);
    if wu > 0 && hu > 0 {
        let scope = draw::Scope {
            rings: d
                .platforms
                .iter()
                .map(|p| proj.ring(&p.outline.ring))
                .collect(),
            candidates: None,
            dim: false,
            specks: Vec::new(),
        };
        draw::draw(d, facts, &proj, &mut cv, opts, &scope);
    }
    grid_of(&cv, w, h)
}

/// A drawn canvas as a grid of cells.
fn grid_of(cv: &Canvas, w: u16, h: u16) -> MapGrid {
    MapGrid {
        width: w,
        height: h,
        cells: cv
            .sym
            .iter()
            .zip(&cv.role)
            .map(|(&c, &role)| Cell {
                symbol: if c == WIDE_TAIL {
                    String::new()
                } else {
                    c.to_string()
                },
                role,
            })
            .collect(),
    }
}

/// A ring with its first point repeated at the end, so drawing it closes the outline.
pub(crate) fn closed(mut ring: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    if let Some(&first) = ring.first() {
        ring.push(first);
    }
    ring
}

/// The platform under cell (x, y): the smallest outline containing the cell's centre, so a
/// platform lying inside another one can still be picked.
pub fn platform_at(
    d: &Dataset,
    vp: &Viewport,
    width: u16,
    height: u16,
    x: u16,
    y: u16,
) -> Option<usize> {
    if x >= width || y >= height {
        return None;
    }
    let proj = Projection::new(vp, width as usize, height as usize);
    let pt = (x as f64 + 0.5, y as f64 + 0.5);
    d.platforms
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let ring = proj.ring(&p.outline.ring);
            place::contains(&ring, pt).then(|| (place::area(&ring), i))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, i)| i)
}

/// A label's text: one safe line in the chosen language.
fn label_text(lang: Lang, t: &crate::dataset::Text) -> String {
    one_line(lang.short(t))
}

/// A platform's name as the map writes it, one safe line. English drops the generic tail its kind
/// names ("Canal Wealth Town" is "Canal Wealth" on the map, "Kangqiao Health Industry Park"
/// "Kangqiao Health") where two words or more are left; where not, the name whole ("Shenhua
/// Industry Cluster", never another of its names, so the map and the list agree). Only the
/// dataset's own words: nothing is abbreviated. Chinese, and both languages (which label in
/// Chinese), keep the name whole.
pub(crate) fn platform_label(lang: Lang, p: &crate::dataset::Platform) -> String {
    if lang != Lang::En {
        return label_text(lang, &p.name);
    }
    let tails: Vec<String> = std::iter::once(p.kind.name())
        .chain(p.kind_as_written.clone())
        .map(|t| format!(" {}", t.en.to_lowercase()))
        .collect();
    let bare = tails.iter().find_map(|tail| {
        let name = p.name.en.trim();
        let cut = name.len().checked_sub(tail.len())?;
        let head = name.get(..cut)?;
        (name.get(cut..)?.to_lowercase() == *tail && head.split_whitespace().count() >= 2)
            .then(|| head.to_string())
    });
    let text = bare.unwrap_or_else(|| p.name.en.trim().to_string());
    one_line(&text)
}

/// Display width as a signed column count.
fn cols(s: &str) -> i64 {
    width(s) as i64
}

/// The platforms a search for `query` finds, for [`MapOptions::highlighted`]: in the fill style
/// they are lit and the rest dimmed; in the plain styles their markers are marked. Empty when
/// nothing matches (the CLI exits 1 then).
pub fn spotlight(index: &crate::search::Index, query: &str) -> Vec<usize> {
    let mut hits: Vec<usize> = index.search(query).iter().map(|h| h.platform).collect();
    hits.sort_unstable();
    hits.dedup();
    hits
}
