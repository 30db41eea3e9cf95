//! Bytes the TUI sends to the terminal: the first frame, and one selection move, at several sizes,
//! through the real backend into memory, against the fewest bytes that move could cost
//! ([`lower_bound`]). Prints a table; run with `cargo bench --bench frame_bytes`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gongshu::app::atlas::App;
use gongshu::lang::Lang;
use gongshu::view;
use gongshu::view::backend::AnsiBackend;
use gongshu::view::theme::{Theme, ThemeKind};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::{Terminal, TerminalOptions, Viewport};
use unicode_width::UnicodeWidthStr;

// The integration tests' byte-keeping writer: what the backend sends, counted from outside.
#[allow(dead_code)]
#[path = "../tests/it/helpers/bytes.rs"]
mod bytes;
use bytes::Bytes as Sink;

/// What one run of keys cost: the first frame's bytes, then each key's bytes and the lower bound
/// for the change it made.
struct Run {
    first: usize,
    keys: Vec<(usize, usize)>,
}

fn measure(w: u16, h: u16, color: bool, keys: &[KeyCode]) -> Run {
    let sink = Sink::default();
    let opts = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
    };
    let backend = AnsiBackend::new(sink.clone());
    let mut term = Terminal::with_options(backend, opts).unwrap();
    // With colour on the map is in the fill style, as a user sees it.
    let mut app = App::new(
        gongshu::dataset::embedded(),
        "gongshu.ron".into(),
        Lang::Both,
    )
    .with_color(color);
    app.resize(w, h);
    let theme = Theme::new(color, ThemeKind::Dark);
    let draw = |app: &mut App, term: &mut Terminal<AnsiBackend<Sink>>| {
        gongshu::view::backend::draw(term, |f| view::render(f, app, theme))
            .unwrap()
            .buffer
            .clone()
    };
    sink.take();
    let mut shown = draw(&mut app, &mut term);
    let first = sink.take().len();
    let keys = keys
        .iter()
        .map(|&k| {
            app.handle_key(KeyEvent::new(k, KeyModifiers::NONE));
            let next = draw(&mut app, &mut term);
            let bound = lower_bound(&shown, &next);
            shown = next;
            (sink.take().len(), bound)
        })
        .collect();
    Run { first, keys }
}

/// The bytes the cells that changed between `prev` and `next` need: fewer cannot turn a terminal
/// showing `prev` into one showing `next` without redrawing cells that did not change (beyond
/// the gaps below).
///
/// The changed cells are ratatui's diff of the two buffers (the hidden right half of a wide
/// character is not a cell of its own), written in order, as a writer minimal in each of these
/// would write them:
///
/// - **Symbols**: each changed cell's symbol, in UTF-8.
/// - **Placement**: one cursor move per run of changed cells that follow each other on a row (each
///   starting where the previous one ends, by its display width), in the shortest form that every
///   terminal reads the same way. At the start of a frame the cursor's position is not assumed
///   (anything may have written since the last frame), so the first run costs the shortest
///   absolute move: `ESC[r;cH`, `ESC[rH` in the first column, `ESC[H` at the origin. Each later
///   run costs the cheapest of: that absolute move; on the same row, forward by `ESC[nC` (`ESC[C`
///   for one column); further down, CR, then LF for each row (or `ESC[nB` when shorter), then
///   forward from the first column; `ESC[nB` alone when the column stays; and, where a forward
///   step is needed, writing the unchanged cells it would skip instead, at their symbols' bytes,
///   when they are all in the style the terminal is already set to. LF is counted only after a
///   CR, because whether LF alone also returns to the first column depends on the terminal's
///   output settings, which a program cannot see over SSH; backward moves (`ESC[nD`) are not
///   counted, as a CR and a forward move reach the same place, and from the last column (where
///   the terminal holds the cursor after printing there) terminals disagree where they lead.
/// - **Style**: one SGR sequence per change of look (colours and the five attributes drawn:
///   bold, dim, italic, underline, reverse) between consecutive written cells, the terminal
///   starting in its default look (as the previous frame left it), each in the shorter of two
///   forms: a reset and the whole look (`ESC[m`, or `ESC[0;…m`), or only what changed (`39`/`49`
///   for a default colour, `22`/`23`/`24`/`27` to clear an attribute, `22` clearing bold and dim
///   together).
///
/// Not counted: anything a frame needs besides its cells (the synchronized-update wrapper, the
/// reset that leaves the terminal in its default look, cursor visibility).
fn lower_bound(prev: &Buffer, next: &Buffer) -> usize {
    let mut bytes = 0;
    let mut cursor: Option<(u16, u16)> = None;
    let mut look = Look::default();
    for (x, y, cell) in prev.diff(next) {
        if cursor != Some((x, y)) {
            bytes += placement(cursor, (x, y), next, look);
        }
        let now = Look::of(cell);
        if now != look {
            bytes += restyle(look, now);
            look = now;
        }
        bytes += cell.symbol().len();
        cursor = Some((x + cell.symbol().width().max(1) as u16, y));
    }
    bytes
}

/// The decimal digits of `n`.
fn digits(n: u16) -> usize {
    n.to_string().len()
}

/// `ESC[nC`-style moves: n omitted when it is 1.
fn relative(n: u16) -> usize {
    if n == 1 { 3 } else { 3 + digits(n) }
}

/// The cheapest way from `from` to `to`, as [`lower_bound`] counts it.
fn placement(from: Option<(u16, u16)>, (tx, ty): (u16, u16), next: &Buffer, look: Look) -> usize {
    let absolute = match (tx, ty) {
        (0, 0) => 3,
        (0, _) => 3 + digits(ty + 1),
        _ => 4 + digits(ty + 1) + digits(tx + 1),
    };
    let Some((cx, cy)) = from else {
        return absolute;
    };
    // Forward along row `ty` from column `from`: a move, or the skipped cells written again.
    let forward = |from: u16| {
        if from == tx {
            return Some(0);
        }
        if from > tx {
            return None;
        }
        let rewrite = rewrite(next, ty, from, tx, look);
        Some(rewrite.map_or(relative(tx - from), |r| r.min(relative(tx - from))))
    };
    let mut best = absolute;
    if ty == cy {
        if let Some(f) = forward(cx) {
            best = best.min(f);
        }
        // CR, then forward.
        if let Some(f) = forward(0) {
            best = best.min(1 + f);
        }
    } else if ty > cy {
        let down = (ty - cy) as usize;
        let lines = down.min(relative(ty - cy));
        if let Some(f) = forward(0) {
            best = best.min(1 + lines + f);
        }
        // Down alone keeps the column; not from past the last column, where the terminal holds
        // the cursor on the last one.
        if cx < next.area.width
            && let Some(f) = forward(cx)
        {
            best = best.min(relative(ty - cy) + f);
        }
    }
    best
}

/// The bytes of row `y`'s cells from column `from` up to `to` written again, if they are all in
/// `look` and end exactly at `to`.
fn rewrite(buf: &Buffer, y: u16, from: u16, to: u16, look: Look) -> Option<usize> {
    let mut x = from;
    let mut bytes = 0;
    while x < to {
        let cell = &buf[(x, y)];
        if Look::of(cell) != look || cell.symbol().is_empty() {
            return None;
        }
        bytes += cell.symbol().len();
        x += cell.symbol().width().max(1) as u16;
    }
    (x == to).then_some(bytes)
}

/// What SGR sets: the two colours and the attributes the backend draws.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Look {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Default for Look {
    fn default() -> Look {
        Look {
            fg: Color::Reset,
            bg: Color::Reset,
            modifier: Modifier::empty(),
        }
    }
}

const ATTRIBUTES: [(Modifier, u8, u8); 5] = [
    (Modifier::BOLD, 1, 22),
    (Modifier::DIM, 2, 22),
    (Modifier::ITALIC, 3, 23),
    (Modifier::UNDERLINED, 4, 24),
    (Modifier::REVERSED, 7, 27),
];

impl Look {
    fn of(cell: &Cell) -> Look {
        let drawn = ATTRIBUTES.iter().fold(Modifier::empty(), |m, a| m | a.0);
        Look {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier & drawn,
        }
    }
}

/// An SGR parameter for a colour: basic codes for named colours, `38;5;n` and `38;2;r;g;b`.
fn colour_code(c: Color, bg: bool) -> String {
    let named = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
    ];
    let bright = [
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    let off = if bg { 10 } else { 0 };
    let lead = if bg { 48 } else { 38 };
    if c == Color::Reset {
        return (39 + off).to_string();
    }
    if let Some(i) = named.iter().position(|&n| n == c) {
        return (30 + off + i).to_string();
    }
    if let Some(i) = bright.iter().position(|&n| n == c) {
        return (90 + off + i).to_string();
    }
    match c {
        Color::Indexed(n) => format!("{lead};5;{n}"),
        Color::Rgb(r, g, b) => format!("{lead};2;{r};{g};{b}"),
        _ => unreachable!("every colour is named above"),
    }
}

/// The bytes of the shorter SGR sequence that turns `from` into `to`.
fn restyle(from: Look, to: Look) -> usize {
    let sequence = |codes: Vec<String>| 3 + codes.join(";").len();
    // A reset, then the whole look.
    let mut whole = vec!["0".to_string()];
    whole.extend(
        ATTRIBUTES
            .iter()
            .filter(|a| to.modifier.contains(a.0))
            .map(|a| a.1.to_string()),
    );
    for (c, bg) in [(to.fg, false), (to.bg, true)] {
        if c != Color::Reset {
            whole.push(colour_code(c, bg));
        }
    }
    let whole = if whole.len() == 1 { 3 } else { sequence(whole) };
    // Only what changed.
    let mut changed = Vec::new();
    let intensity = Modifier::BOLD | Modifier::DIM;
    let cleared = from.modifier - to.modifier;
    let reset_intensity = cleared.intersects(intensity);
    for (m, _, off) in ATTRIBUTES {
        if cleared.contains(m) && !intensity.contains(m) {
            changed.push(off.to_string());
        }
    }
    if reset_intensity {
        changed.push("22".into());
    }
    for (m, on, _) in ATTRIBUTES {
        let again = reset_intensity && intensity.contains(m);
        if to.modifier.contains(m) && (!from.modifier.contains(m) || again) {
            changed.push(on.to_string());
        }
    }
    if from.fg != to.fg {
        changed.push(colour_code(to.fg, false));
    }
    if from.bg != to.bg {
        changed.push(colour_code(to.bg, true));
    }
    whole.min(sequence(changed))
}

/// A slow link: 56 kbit/s, about 7 KB a second, as on a congested mobile or satellite SSH hop.
const LINK_BYTES_PER_SEC: f64 = 56_000.0 / 8.0;

fn main() {
    // `cargo test --all-targets` runs benches once in test mode; the figures are the same.
    println!(
        "{:>9}  {:>6}  {:>11}  {:>14}  {:>11}  {:>5}  {:>14}  {:>20}",
        "size",
        "colour",
        "first frame",
        "selection move",
        "lower bound",
        "ratio",
        "20 keys, total",
        "20 keys at 56 kbit/s"
    );
    let session: Vec<KeyCode> = [
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Down,
        KeyCode::Up,
        KeyCode::Char('5'),
        KeyCode::Char('j'),
        KeyCode::Char('k'),
        KeyCode::Char('G'),
        KeyCode::Char('g'),
        KeyCode::Char('0'),
        KeyCode::Char('/'),
        KeyCode::Char('d'),
        KeyCode::Char('s'),
        KeyCode::Enter,
        KeyCode::Down,
        KeyCode::Esc,
        KeyCode::Char('L'),
        KeyCode::Char('L'),
        KeyCode::Char('L'),
        KeyCode::Char('1'),
    ]
    .to_vec();
    for (w, h) in [(80, 24), (120, 40), (160, 48)] {
        for color in [true, false] {
            let one = measure(w, h, color, &[KeyCode::Down]);
            let (moved, bound) = one.keys[0];
            assert!(
                moved >= bound,
                "{moved} B under the lower bound of {bound} B"
            );
            let many = measure(w, h, color, &session);
            let total: usize = many.keys.iter().map(|k| k.0).sum();
            println!(
                "{:>9}  {:>6}  {:>9} B  {:>12} B  {:>9} B  {:>5.2}  {:>12} B  {:>18.2} s",
                format!("{w}x{h}"),
                if color { "on" } else { "off" },
                one.first,
                moved,
                bound,
                moved as f64 / bound as f64,
                total,
                total as f64 / LINK_BYTES_PER_SEC,
            );
        }
    }
}
