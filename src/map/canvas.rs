//! The grid being drawn: line rasterising with direction-following glyphs, fills and text.
//!
//! Coordinates are screen cells as `f64` (column, row); cell `(c, r)` covers `[c, c+1) x [r, r+1)`.
//! Every write is bounds-checked, and every line is clipped to the grid before it is walked, so the
//! work per segment is bounded by the grid's size whatever the zoom.

use unicode_width::UnicodeWidthChar;

use super::{MapStyle, Paint, Role, Stroke};

/// The kinds of line the map draws, in the order they are layered (later ones on top).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    Road,
    River,
    Rail,
    Canal,
    District,
    Outline,
    SelectedOutline,
}

/// The right half of a wide character: printed as "" so the left half's glyph covers it.
pub(crate) const WIDE_TAIL: char = '\0';

/// Marks a dashed line's cells in [`Canvas::dir`].
const DASHED: u8 = 8;

const N: u8 = 1;
const E: u8 = 2;
const S: u8 = 4;
const W: u8 = 8;

#[derive(Clone)]
pub(crate) struct Canvas {
    pub w: usize,
    pub h: usize,
    pub style: MapStyle,
    pub sym: Vec<char>,
    pub role: Vec<Role>,
    /// Line kind per cell (unicode style), so box-drawing joints merge only within one kind.
    kind: Vec<Option<LineKind>>,
    /// Which neighbours (N, E, S, W bits) the line in a cell connects to (unicode style).
    mask: Vec<u8>,
    /// Cells a marker, label or map furniture owns; nothing else may write text over them.
    pub taken: Vec<bool>,
    /// Where roads may be drawn (inside the district): outside it they are clutter.
    pub road_area: Option<Vec<bool>>,
    /// The legend block once drawn (x, y, width, height), so the key of names that found no room
    /// by their numbers joins it.
    pub legend_box: Option<(i64, i64, i64, i64)>,
    /// Where the road being drawn may go besides: near the platforms it bounds.
    pub stretch: Option<Vec<bool>>,
    /// Draw the next lines dashed (estimated geometry): every other step is left out.
    pub dashed: bool,
    /// Steps walked along dashed lines so far, so the dashes run on across segment joints.
    phase: usize,
    /// The cell the last ASCII step fell in, so a cell is stepped on once.
    last_cell: Option<usize>,
    /// ASCII: the direction of the line through each cell (0 none, else [`Dir::code`], plus
    /// [`DASHED`] for a dashed line), so a line running beside another can give way to it.
    dir: Vec<u8>,
    /// ASCII: a dashed line's gaps also blank the platform outline it runs along, so the dashes
    /// (an estimate) read as dashes where the line is a platform's edge.
    pub clear_gaps: bool,
    /// Fill style: the braille dots set in each cell (bit per dot, as in U+2800) and the stroke
    /// of the topmost line through it.
    dots: Vec<u8>,
    stroke: Vec<Option<Stroke>>,
    /// Fill style: the platform paint under each cell.
    pub paint: Vec<Option<Paint>>,
}

impl Canvas {
    pub fn new(w: usize, h: usize, style: MapStyle) -> Canvas {
        let n = w * h;
        Canvas {
            w,
            h,
            style,
            sym: vec![' '; n],
            role: vec![Role::Blank; n],
            kind: vec![None; n],
            mask: vec![0; n],
            taken: vec![false; n],
            road_area: None,
            legend_box: None,
            stretch: None,
            dashed: false,
            phase: 0,
            last_cell: None,
            dir: vec![0; n],
            clear_gaps: false,
            dots: Vec::new(),
            stroke: Vec::new(),
            paint: Vec::new(),
        }
    }

    /// Whether the next step of a line is drawn: always, or every other one when dashed.
    fn ink(&mut self) -> bool {
        if !self.dashed {
            return true;
        }
        self.phase += 1;
        self.phase % 2 == 1
    }

    pub fn index(&self, x: i64, y: i64) -> Option<usize> {
        (x >= 0 && y >= 0 && (x as usize) < self.w && (y as usize) < self.h)
            .then(|| y as usize * self.w + x as usize)
    }

    /// Draw a polyline of screen points as one line of `kind`.
    pub fn polyline(&mut self, pts: &[(f64, f64)], kind: LineKind, role: Role) {
        for seg in pts.windows(2) {
            self.segment(seg[0], seg[1], kind, role);
        }
    }

    /// [`Canvas::polyline`] of the ring with its first point again at the end (closed), without
    /// making that copy.
    pub fn ring(&mut self, ring: &[(f64, f64)], kind: LineKind, role: Role) {
        self.polyline(ring, kind, role);
        if let (Some(&first), Some(&last)) = (ring.first(), ring.last()) {
            self.segment(last, first, kind, role);
        }
    }

    fn segment(&mut self, a: (f64, f64), b: (f64, f64), kind: LineKind, role: Role) {
        let Some((a, b)) = clip(a, b, self.w as f64, self.h as f64) else {
            return;
        };
        match self.style {
            MapStyle::Ascii | MapStyle::Fill => self.segment_ascii(a, b, kind, role),
            MapStyle::Unicode => self.segment_boxes(a, b, kind, role),
        }
    }

    /// ASCII: step along the segment cell by cell (8-connected) with one glyph for its direction.
    fn segment_ascii(&mut self, a: (f64, f64), b: (f64, f64), kind: LineKind, role: Role) {
        let dir = direction(b.0 - a.0, b.1 - a.1);
        let glyph = ascii_glyph(kind, dir);
        let steps = (b.0 - a.0).abs().max((b.1 - a.1).abs()).ceil() as usize + 1;
        for i in 0..=steps {
            let t = i as f64 / steps as f64;
            let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            let cell = self.index(x.floor() as i64, y.floor() as i64);
            // Dashes alternate by cell, not by sample: two samples can fall in one cell.
            if cell.is_some() && cell == self.last_cell {
                continue;
            }
            self.last_cell = cell;
            if !self.ink() {
                // A gap: where the line runs along a platform's outline, the outline goes too.
                if let Some(k) =
                    cell.filter(|&k| self.clear_gaps && self.dir[k] & !DASHED == dir.code())
                    && self.role[k] == Role::Outline
                    && !self.taken[k]
                {
                    self.sym[k] = ' ';
                    self.role[k] = Role::Blank;
                    self.dir[k] = 0;
                }
                continue;
            }
            if let Some(k) = cell.filter(|&k| self.allowed(k, kind)) {
                self.sym[k] = glyph;
                self.role[k] = role;
                self.dir[k] = dir.code() | if self.dashed { DASHED } else { 0 };
            }
        }
    }

    /// Unicode: walk the cells the segment crosses (4-connected, so corners join) and record which
    /// neighbours each cell connects to; the box-drawing glyph follows from those connections.
    fn segment_boxes(&mut self, a: (f64, f64), b: (f64, f64), kind: LineKind, role: Role) {
        let (mut cx, mut cy) = (a.0.floor() as i64, a.1.floor() as i64);
        let (ex, ey) = (b.0.floor() as i64, b.1.floor() as i64);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (sx, sy) = (dx.signum() as i64, dy.signum() as i64);
        // Distance along the segment (as a fraction) to the next vertical / horizontal grid line.
        let next = |p: f64, d: f64, c: i64| -> f64 {
            if d > 0.0 {
                ((c + 1) as f64 - p) / d
            } else if d < 0.0 {
                (c as f64 - p) / d
            } else {
                f64::INFINITY
            }
        };
        let (mut tx, mut ty) = (next(a.0, dx, cx), next(a.1, dy, cy));
        let (ddx, ddy) = (
            if dx != 0.0 {
                1.0 / dx.abs()
            } else {
                f64::INFINITY
            },
            if dy != 0.0 {
                1.0 / dy.abs()
            } else {
                f64::INFINITY
            },
        );
        // Dashed (an estimate): every other cell along the walk is left out whole, so the gaps
        // show; leaving out single joins would still put a glyph in every cell.
        let mut ink_cur = self.ink();
        if ink_cur {
            self.join(cx, cy, 0, kind, role);
        }
        let limit = (ex - cx).abs() + (ey - cy).abs();
        for _ in 0..limit {
            if (cx, cy) == (ex, ey) {
                break;
            }
            let (nx, ny, out, back) = if tx < ty && cx != ex {
                tx += ddx;
                (
                    cx + sx,
                    cy,
                    if sx > 0 { E } else { W },
                    if sx > 0 { W } else { E },
                )
            } else if cy != ey {
                ty += ddy;
                (
                    cx,
                    cy + sy,
                    if sy > 0 { S } else { N },
                    if sy > 0 { N } else { S },
                )
            } else {
                tx += ddx;
                (
                    cx + sx,
                    cy,
                    if sx > 0 { E } else { W },
                    if sx > 0 { W } else { E },
                )
            };
            let ink_next = self.ink();
            // A cell on its own still points along the line (│ going down, ─ across).
            if ink_cur {
                self.join(cx, cy, out, kind, role);
            }
            if ink_next {
                self.join(nx, ny, back, kind, role);
            }
            (cx, cy, ink_cur) = (nx, ny, ink_next);
        }
    }

    /// Whether a solid line of one of `roles` runs beside cell `k` in direction `dir`: in the
    /// cells across the line (above and below a level one, up to two columns either side of an
    /// upright one) or one step along from them. A dashed line is an estimate: nothing gives way
    /// to it.
    fn beside(&self, k: usize, dir: Dir, roles: &[Role]) -> bool {
        let (x, y) = ((k % self.w) as i64, (k / self.w) as i64);
        let across: &[(i64, i64)] = match dir {
            Dir::Horizontal => &[(0, -1), (0, 1)],
            Dir::Vertical => &[(-1, 0), (1, 0), (-2, 0), (2, 0)],
            Dir::Rising | Dir::Falling => &[(-1, 0), (1, 0), (0, -1), (0, 1)],
        };
        let (ax, ay) = match dir {
            Dir::Horizontal => (1, 0),
            Dir::Vertical => (0, 1),
            Dir::Rising => (1, -1),
            Dir::Falling => (1, 1),
        };
        across.iter().any(|&(dx, dy)| {
            [-1, 0, 1].iter().any(|&s| {
                self.index(x + dx + s * ax, y + dy + s * ay)
                    .is_some_and(|j| self.dir[j] == dir.code() && roles.contains(&self.role[j]))
            })
        })
    }

    /// ASCII: blank the cells of `role` that run beside a line of one of `over` going the same
    /// way: where a road follows a platform's edge, or an edge follows a river, one line shows.
    pub fn drop_twins(&mut self, role: Role, over: &[Role]) {
        for k in 0..self.sym.len() {
            if self.role[k] != role || self.taken[k] {
                continue;
            }
            let Some(dir) = Dir::from_code(self.dir[k] & !DASHED) else {
                continue;
            };
            if self.beside(k, dir, over) {
                self.sym[k] = ' ';
                self.role[k] = Role::Blank;
                self.dir[k] = 0;
            }
        }
    }

    /// Blank the pieces of `role` lines (cells joined side by side or corner to corner) shorter
    /// than `min` cells: a scrap left where the rest gave way is no line a reader can follow.
    pub fn drop_scraps(&mut self, role: Role, min: usize) {
        let mut seen = vec![false; self.sym.len()];
        for start in 0..self.sym.len() {
            if seen[start] || self.role[start] != role || self.taken[start] {
                continue;
            }
            seen[start] = true;
            let mut piece = vec![start];
            let mut i = 0;
            while i < piece.len() {
                let (x, y) = ((piece[i] % self.w) as i64, (piece[i] / self.w) as i64);
                for (dx, dy) in [
                    (-1, -1),
                    (0, -1),
                    (1, -1),
                    (-1, 0),
                    (1, 0),
                    (-1, 1),
                    (0, 1),
                    (1, 1),
                ] {
                    if let Some(j) = self.index(x + dx, y + dy)
                        && !seen[j]
                        && self.role[j] == role
                    {
                        seen[j] = true;
                        piece.push(j);
                    }
                }
                i += 1;
            }
            if piece.len() < min {
                for k in piece {
                    self.sym[k] = ' ';
                    self.role[k] = Role::Blank;
                    self.dir[k] = 0;
                }
            }
        }
    }

    fn allowed(&self, k: usize, kind: LineKind) -> bool {
        let inside = |m: &Option<Vec<bool>>| m.as_ref().is_none_or(|a| a[k]);
        match kind {
            LineKind::Road => inside(&self.road_area) && inside(&self.stretch),
            LineKind::River | LineKind::Rail => inside(&self.road_area),
            _ => true,
        }
    }

    fn join(&mut self, x: i64, y: i64, bits: u8, kind: LineKind, role: Role) {
        let Some(k) = self.index(x, y).filter(|&k| self.allowed(k, kind)) else {
            return;
        };
        if self.kind[k] == Some(kind) {
            self.mask[k] |= bits;
        } else {
            self.kind[k] = Some(kind);
            self.mask[k] = bits;
        }
        self.sym[k] = box_glyph(kind, self.mask[k]);
        self.role[k] = role;
    }

    /// Fill style: draw a polyline of screen points in braille dots (two across and four down
    /// per cell), remembering `stroke` as the cell's topmost line.
    pub fn dot_line(&mut self, pts: &[(f64, f64)], stroke: Stroke) {
        if self.dots.is_empty() {
            self.dots = vec![0; self.w * self.h];
            self.stroke = vec![None; self.w * self.h];
        }
        for seg in pts.windows(2) {
            self.dot_segment(seg[0], seg[1], stroke);
        }
    }

    /// [`Canvas::dot_line`] of the ring with its first point again at the end (closed), without
    /// making that copy.
    pub fn dot_ring(&mut self, ring: &[(f64, f64)], stroke: Stroke) {
        self.dot_line(ring, stroke);
        if let (Some(&first), Some(&last)) = (ring.first(), ring.last()) {
            self.dot_segment(last, first, stroke);
        }
    }

    fn dot_segment(&mut self, a: (f64, f64), b: (f64, f64), stroke: Stroke) {
        let Some((a, b)) = clip(a, b, self.w as f64, self.h as f64) else {
            return;
        };
        // In dot units: a cell is 2 dots wide and 4 tall.
        let (ax, ay, bx, by) = (a.0 * 2.0, a.1 * 4.0, b.0 * 2.0, b.1 * 4.0);
        let steps = (bx - ax).abs().max((by - ay).abs()).ceil() as usize + 1;
        let across = (bx - ax).abs() >= (by - ay).abs();
        for i in 0..=steps {
            // Dashes two dots long, so a dashed line still reads as a line.
            if self.dashed {
                self.phase += 1;
                if (self.phase / 2) % 2 == 1 {
                    continue;
                }
            }
            let t = i as f64 / steps as f64;
            let (x, y) = (ax + (bx - ax) * t, ay + (by - ay) * t);
            let (dx, dy) = (x.floor() as i64, y.floor() as i64);
            for (px, py) in pen(stroke, (dx, dy), across) {
                let Some(k) = self.index(px.div_euclid(2), py.div_euclid(4)) else {
                    continue;
                };
                self.dots[k] |= braille_bit(px.rem_euclid(2), py.rem_euclid(4));
                self.stroke[k] = Some(stroke);
            }
        }
    }

    /// Fill style: how a line of `stroke` looks running across the map, two cells of it, drawn by
    /// [`Canvas::dot_line`] itself: the legend's sample. `dashed`: placed by estimate.
    pub fn dot_sample(stroke: Stroke, dashed: bool) -> String {
        let mut cv = Canvas::new(2, 1, MapStyle::Fill);
        cv.dashed = dashed;
        cv.dot_line(&[(0.0, 0.3), (1.99, 0.3)], stroke);
        cv.compose_dots();
        cv.sym.iter().collect()
    }

    /// Fill style: turn the dots drawn so far into braille characters, over the paint beneath.
    pub fn compose_dots(&mut self) {
        for k in 0..self.dots.len() {
            let bits = std::mem::take(&mut self.dots[k]);
            if bits == 0 || self.taken[k] {
                continue;
            }
            let Some(stroke) = self.stroke[k] else {
                continue;
            };
            self.sym[k] = char::from_u32(0x2800 + bits as u32).unwrap_or(' ');
            self.role[k] = Role::Dots {
                stroke,
                on: self.paint.get(k).copied().flatten(),
            };
        }
    }

    /// Write `text` at (x, y) if every column it needs is inside the grid; wide characters take two
    /// cells. Characters that take no column (combining marks) are dropped, so widths stay exact.
    pub fn text(&mut self, x: i64, y: i64, text: &str, role: Role, take: bool) {
        let mut col = x;
        for c in text.chars() {
            let cw = c.width().unwrap_or(0) as i64;
            if cw == 0 {
                continue;
            }
            let (Some(k), Some(_)) = (self.index(col, y), self.index(col + cw - 1, y)) else {
                return;
            };
            self.put(k, c, role, take);
            if cw == 2 {
                self.put(k + 1, WIDE_TAIL, role, take);
            }
            col += cw;
        }
    }

    fn put(&mut self, k: usize, c: char, role: Role, take: bool) {
        // Overwriting half of a wide character would leave the other half dangling: blank it.
        // (Writing our own right half after our own left half is not such a case.)
        if self.sym[k] == WIDE_TAIL && c != WIDE_TAIL && !k.is_multiple_of(self.w) {
            self.sym[k - 1] = ' ';
        }
        if !(k + 1).is_multiple_of(self.w) && self.sym[k + 1] == WIDE_TAIL {
            self.sym[k + 1] = ' ';
        }
        self.sym[k] = c;
        self.role[k] = role;
        self.kind[k] = None;
        self.mask[k] = 0;
        self.dir[k] = 0;
        self.taken[k] |= take;
    }

    /// Whether the cells `x..x+width` of row `y` are all inside the grid and free for text.
    pub fn free(&self, x: i64, y: i64, width: i64) -> bool {
        width > 0 && (x..x + width).all(|c| self.index(c, y).is_some_and(|k| !self.taken[k]))
    }

    /// Reserve cells without drawing (a blank margin around a label).
    pub fn reserve(&mut self, x: i64, y: i64, width: i64) {
        for c in x..x + width {
            if let Some(k) = self.index(c, y) {
                self.taken[k] = true;
            }
        }
    }

    /// Blank a rectangle and reserve it (under the legend and other map furniture).
    pub fn clear_box(&mut self, x: i64, y: i64, w: i64, h: i64) {
        for r in y..y + h {
            for c in x..x + w {
                if let Some(k) = self.index(c, r) {
                    self.put(k, ' ', Role::Blank, true);
                }
            }
        }
    }
}

/// The braille bit for the dot at column `x` (0-1) and row `y` (0-3) of a cell.
fn braille_bit(x: i64, y: i64) -> u8 {
    match (x, y) {
        (0, 3) => 0x40,
        (1, 3) => 0x80,
        (0, y) => 1 << y,
        (_, y) => 1 << (y + 3),
    }
}

/// The dots one step of a braille line inks, in dot units, so lines differ by shape and not only
/// by colour: the canal two dots thick (heavier than any river), the railway with a tie across it
/// every second dot, a river rippling (a dot aside for two dots in every four, `⠒⠤`), every other
/// line straight and one dot. `across`: the line runs more across than down.
fn pen(stroke: Stroke, (x, y): (i64, i64), across: bool) -> impl Iterator<Item = (i64, i64)> {
    let (x, y) = match stroke {
        Stroke::River if across => (x, y + i64::from(x.rem_euclid(4) >= 2)),
        Stroke::River => (x + i64::from(y.rem_euclid(4) >= 2), y),
        _ => (x, y),
    };
    let extra: [Option<(i64, i64)>; 2] = match stroke {
        Stroke::Canal if across => [Some((x, y + 1)), None],
        Stroke::Canal => [Some((x + 1, y)), None],
        // Ties within the line's own cells where they can: above and below a line across,
        // the cell's other column beside one running down.
        Stroke::Rail if across && x.rem_euclid(2) == 0 => [Some((x, y - 1)), Some((x, y + 1))],
        Stroke::Rail if !across && y.rem_euclid(2) == 0 => [Some((x ^ 1, y)), None],
        _ => [None, None],
    };
    std::iter::once((x, y)).chain(extra.into_iter().flatten())
}

/// A segment's direction as seen on screen, where a row is about two columns tall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Horizontal,
    Vertical,
    /// Up to the right: `/`.
    Rising,
    /// Down to the right: `\`.
    Falling,
}

impl Dir {
    /// A cell's record of the direction (never 0, which means none; below [`DASHED`]).
    fn code(self) -> u8 {
        match self {
            Dir::Horizontal => 1,
            Dir::Vertical => 2,
            Dir::Rising => 3,
            Dir::Falling => 4,
        }
    }

    fn from_code(c: u8) -> Option<Dir> {
        match c {
            1 => Some(Dir::Horizontal),
            2 => Some(Dir::Vertical),
            3 => Some(Dir::Rising),
            4 => Some(Dir::Falling),
            _ => None,
        }
    }
}

fn direction(dx: f64, dy: f64) -> Dir {
    let (vx, vy) = (dx, dy * 2.0);
    // tan(22.5°): within that of an axis, a line reads as straight along it.
    const T: f64 = 0.414;
    if vy.abs() <= vx.abs() * T {
        Dir::Horizontal
    } else if vx.abs() <= vy.abs() * T {
        Dir::Vertical
    } else if (vx > 0.0) == (vy < 0.0) {
        Dir::Rising
    } else {
        Dir::Falling
    }
}

/// ASCII glyphs: roads follow their direction; every other kind has its own character, so kinds
/// are told apart without colour.
fn ascii_glyph(kind: LineKind, dir: Dir) -> char {
    match kind {
        LineKind::Road => match dir {
            Dir::Horizontal => '-',
            Dir::Vertical => '|',
            Dir::Rising => '/',
            Dir::Falling => '\\',
        },
        LineKind::Canal => '=',
        LineKind::River => '~',
        LineKind::Rail => '+',
        LineKind::District => '.',
        LineKind::Outline => '#',
        LineKind::SelectedOutline => '*',
    }
}

/// Box-drawing glyph for a cell whose line connects to the neighbours in `mask`.
fn box_glyph(kind: LineKind, mask: u8) -> char {
    // Glyph sets indexed by connection: [horizontal, vertical, NE, NW, SE, SW, NES, NSW, ESW, NEW, all].
    const LIGHT: [char; 11] = ['─', '│', '╰', '╯', '╭', '╮', '├', '┤', '┬', '┴', '┼'];
    const HEAVY: [char; 11] = ['━', '┃', '┗', '┛', '┏', '┓', '┣', '┫', '┳', '┻', '╋'];
    const DOUBLE: [char; 11] = ['═', '║', '╚', '╝', '╔', '╗', '╠', '╣', '╦', '╩', '╬'];
    const ROAD: [char; 11] = ['╌', '╎', '└', '┘', '┌', '┐', '├', '┤', '┬', '┴', '┼'];
    let i = match mask {
        0 | E | W | 0b1010 => 0,
        N | S | 0b0101 => 1,
        0b0011 => 2,
        0b1001 => 3,
        0b0110 => 4,
        0b1100 => 5,
        0b0111 => 6,
        0b1101 => 7,
        0b1110 => 8,
        0b1011 => 9,
        _ => 10,
    };
    match kind {
        LineKind::Road => ROAD[i],
        LineKind::River => '~',
        LineKind::Rail => match i {
            0 => '╪',
            1 => '╫',
            _ => '┼',
        },
        LineKind::Canal => DOUBLE[i],
        // Dashed in the glyph itself, unbroken: gaps between heavy strokes and corners read as
        // scattered pieces, not as one border.
        LineKind::District => match i {
            0 => '╍',
            1 => '╏',
            _ => HEAVY[i],
        },
        LineKind::Outline | LineKind::SelectedOutline => LIGHT[i],
    }
}

/// The part of segment a-b inside the grid (with a one-cell border), by Liang-Barsky.
fn clip(a: (f64, f64), b: (f64, f64), w: f64, h: f64) -> Option<((f64, f64), (f64, f64))> {
    if ![a.0, a.1, b.0, b.1].iter().all(|v| v.is_finite()) {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 + 1.0),
        (dx, w + 1.0 - a.0),
        (-dy, a.1 + 1.0),
        (dy, h + 1.0 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then_some((
        (a.0 + dx * t0, a.1 + dy * t0),
        (a.0 + dx * t1, a.1 + dy * t1),
    ))
}

#[cfg(test)]
#[path = "canvas_tests.rs"]
mod tests;
