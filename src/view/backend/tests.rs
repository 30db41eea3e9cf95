//! The backend's frames read back by a terminal emulator (`vt100`): what it shows must be the
//! buffer ratatui drew, text and looks, cell by cell, after the first frame and after every
//! change, whatever the backend did to save bytes.

use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::*;
use crate::app::atlas::App;
use crate::lang::Lang;
use crate::view;
use crate::view::theme::{ColorDepth, Theme, ThemeKind};

#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Sink {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// A terminal of `w` x `h` drawn through the backend, and the emulator reading what it sends.
struct Rig {
    term: Terminal<AnsiBackend<Sink>>,
    sink: Sink,
    vt: vt100::Parser,
}

impl Rig {
    fn new(w: u16, h: u16) -> Rig {
        let sink = Sink::default();
        let viewport = Viewport::Fixed(Rect::new(0, 0, w, h));
        let lean = AnsiBackend::new(sink.clone()).with_size((w, h));
        let term = Terminal::with_options(lean, TerminalOptions { viewport }).unwrap();
        let nz = |n| NonZeroU16::new(n).unwrap();
        Rig {
            term,
            sink,
            vt: vt100::Parser::new(nz(h), nz(w), 0),
        }
    }

    /// Draw a frame, feed its bytes to the emulator, and check the screen against the buffer.
    /// Returns the frame's bytes.
    fn frame(&mut self, render: impl FnOnce(&mut ratatui::Frame)) -> Vec<u8> {
        let buf = draw(&mut self.term, render).unwrap().buffer.clone();
        let bytes = self.sink.take();
        self.vt.process(&bytes);
        if let Err(e) = same(self.vt.screen(), &buf) {
            panic!("{e}\nbytes: {:?}", String::from_utf8_lossy(&bytes));
        }
        check_moves(&bytes);
        bytes
    }
}

/// The colour `vt100` reads from what the backend sends for `c`.
fn vt_colour(c: Color) -> vt100::Color {
    use vt100::Color::{Default, Idx};
    match c {
        Color::Reset => Default,
        Color::Black => Idx(0),
        Color::Red => Idx(1),
        Color::Green => Idx(2),
        Color::Yellow => Idx(3),
        Color::Blue => Idx(4),
        Color::Magenta => Idx(5),
        Color::Cyan => Idx(6),
        Color::Gray => Idx(7),
        Color::DarkGray => Idx(8),
        Color::LightRed => Idx(9),
        Color::LightGreen => Idx(10),
        Color::LightYellow => Idx(11),
        Color::LightBlue => Idx(12),
        Color::LightMagenta => Idx(13),
        Color::LightCyan => Idx(14),
        Color::White => Idx(15),
        Color::Indexed(n) => Idx(n),
        Color::Rgb(r, g, b) => vt100::Color::Rgb(r, g, b),
    }
}

/// Whether the emulator's screen shows `buf`: every cell's text, colours and attributes (the
/// hidden right half of a wide character aside). An error names the first cell that differs.
fn same(screen: &vt100::Screen, buf: &Buffer) -> Result<(), String> {
    for y in 0..buf.area.height {
        for (x, _, cell) in crate::view::ansi::visible_cells(buf, y) {
            let vt = screen.cell(y, x).ok_or(format!("no cell at {x},{y}"))?;
            let text = match vt.contents() {
                "" => " ",
                t => t,
            };
            let m = cell.modifier;
            // The emulator holds one intensity, the last set: bold and dim read as dim.
            let bold = m.contains(Modifier::BOLD) && !m.contains(Modifier::DIM);
            let want = (
                cell.symbol(),
                vt_colour(cell.fg),
                vt_colour(cell.bg),
                [
                    bold,
                    m.contains(Modifier::DIM),
                    m.contains(Modifier::ITALIC),
                    m.contains(Modifier::UNDERLINED),
                    m.contains(Modifier::REVERSED),
                ],
            );
            let got = (
                text,
                vt.fgcolor(),
                vt.bgcolor(),
                [
                    vt.bold(),
                    vt.dim(),
                    vt.italic(),
                    vt.underline(),
                    vt.inverse(),
                ],
            );
            if want != got {
                return Err(format!(
                    "cell {x},{y}: drew {want:?}, the terminal shows {got:?}\n{}",
                    screen.contents()
                ));
            }
        }
    }
    Ok(())
}

/// The moves every terminal makes alike: LF only after CR (or another LF), never backward.
fn check_moves(bytes: &[u8]) {
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            assert!(
                i > 0 && matches!(bytes[i - 1], b'\r' | b'\n'),
                "a bare LF at {i}: {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
    let text = String::from_utf8_lossy(bytes);
    for (i, _) in text.match_indices("\x1b[") {
        let rest = &text[i + 2..];
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == '?'))
            .unwrap_or(rest.len());
        assert_ne!(
            rest[end..].chars().next(),
            Some('D'),
            "a move back: {text:?}"
        );
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Selection moves, a jump, a search typed and chosen, the map zoomed and a detail opened: each
/// frame checked.
const KEYS: [KeyCode; 22] = [
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
    KeyCode::Backspace,
    KeyCode::Char('s'),
    KeyCode::Enter,
    KeyCode::Down,
    KeyCode::Esc,
    KeyCode::Char('L'),
    KeyCode::Char('L'),
    KeyCode::Char('1'),
    KeyCode::Enter,
    KeyCode::Esc,
];

fn atlas(w: u16, h: u16, lang: Lang, theme: Theme) {
    let mut app = App::new(crate::dataset::embedded(), String::new(), lang).with_color(theme.color);
    let mut rig = Rig::new(w, h);
    let first = rig.frame(|f| view::render(f, &mut app, theme));
    assert!(first.starts_with(BEGIN_FRAME) && first.ends_with(END_FRAME));
    for k in KEYS {
        key(&mut app, k);
        rig.frame(|f| view::render(f, &mut app, theme));
    }
    // Forgetting the screen (as after a suspend) repaints it whole, and right.
    rig.term.clear().unwrap();
    rig.frame(|f| view::render(f, &mut app, theme));
}

#[test]
fn atlas_frames_read_back_as_drawn_with_colour() {
    for (w, h) in [(80, 24), (120, 40), (160, 48)] {
        atlas(w, h, Lang::Both, Theme::new(true, ThemeKind::Dark));
    }
    atlas(100, 30, Lang::Zh, Theme::new(true, ThemeKind::Light));
}

#[test]
fn atlas_frames_read_back_as_drawn_in_256_colours_and_truecolour() {
    for depth in [ColorDepth::Indexed, ColorDepth::TrueColor] {
        let theme = Theme::new(true, ThemeKind::Dark).with_depth(depth);
        atlas(120, 40, Lang::Both, theme);
        atlas(90, 28, Lang::Zh, theme.with_depth(depth));
    }
    atlas(
        120,
        40,
        Lang::Both,
        Theme::new(true, ThemeKind::Contrast).with_depth(ColorDepth::TrueColor),
    );
}

#[test]
fn atlas_frames_read_back_as_drawn_without_colour() {
    for (w, h) in [(80, 24), (120, 40), (160, 48)] {
        atlas(w, h, Lang::Both, Theme::new(false, ThemeKind::Dark));
    }
    atlas(100, 30, Lang::En, Theme::new(false, ThemeKind::Dark));
}

#[test]
fn a_frame_that_changes_nothing_sends_nothing() {
    let mut app = App::new(crate::dataset::embedded(), String::new(), Lang::Both);
    let theme = Theme::colored();
    let mut rig = Rig::new(80, 24);
    rig.frame(|f| view::render(f, &mut app, theme));
    assert_eq!(rig.frame(|f| view::render(f, &mut app, theme)), b"");
    // One move: in synchronized output, the cursor not hidden again.
    key(&mut app, KeyCode::Down);
    let bytes = rig.frame(|f| view::render(f, &mut app, theme));
    assert!(bytes.starts_with(BEGIN_FRAME) && bytes.ends_with(END_FRAME));
    assert!(!String::from_utf8_lossy(&bytes).contains("\x1b[?25l"));
}

#[test]
fn a_resize_clears_and_redraws_in_one_frame() {
    let mut app = App::new(crate::dataset::embedded(), String::new(), Lang::Both);
    let theme = Theme::colored();
    let mut rig = Rig::new(120, 40);
    rig.frame(|f| view::render(f, &mut app, theme));
    // The size ratatui clears by is the one given, not this process's terminal's.
    rig.term.backend_mut().set_size((100, 30));
    assert_eq!(
        rig.term.size().unwrap(),
        ratatui::layout::Size::new(100, 30)
    );
    rig.term.resize(Rect::new(0, 0, 100, 30)).unwrap();
    let nz = |n| NonZeroU16::new(n).unwrap();
    rig.vt.set_size(nz(30), nz(100));
    let bytes = rig.frame(|f| view::render(f, &mut app, theme));
    let text = String::from_utf8_lossy(&bytes);
    assert_eq!(text.matches("\x1b[?2026h").count(), 1, "{text:?}");
    assert!(text.contains("\x1b[H\x1b[m\x1b[J"), "{text:?}");
}

/// Bytes for drawing `lines` onto an empty screen, through a backend.
fn bytes<B: Backend>(backend: &mut B, lines: &[&str]) -> Buffer {
    let area = Rect::new(0, 0, 16, lines.len() as u16);
    let mut buf = Buffer::empty(area);
    for (y, l) in lines.iter().enumerate() {
        let style = if y % 2 == 0 {
            Style::new()
        } else {
            Style::new().fg(Color::Yellow)
        };
        buf.set_string(0, y as u16, l, style);
    }
    backend
        .draw(Buffer::empty(area).diff(&buf).into_iter())
        .ok();
    backend.flush().ok();
    buf
}

/// What a terminal shows after these bytes.
fn screen(out: &[u8]) -> String {
    let nz = |n| NonZeroU16::new(n).unwrap();
    let mut p = vt100::Parser::new(nz(4), nz(16), 0);
    p.process(out);
    p.screen().contents()
}

#[test]
fn a_terminal_shows_the_same_screen_from_fewer_bytes() {
    let lines = ["拱墅区 ab·é", "运河财富小镇 1", "x电商y", "全角，标点。"];
    let (a, b) = (Sink::default(), Sink::default());
    bytes(&mut CrosstermBackend::new(a.clone()), &lines);
    bytes(&mut AnsiBackend::new(b.clone()), &lines);
    let (a, b) = (a.take(), b.take());
    assert_eq!(screen(&a), screen(&b));
    assert!(screen(&b).contains("运河财富小镇 1"), "{}", screen(&b));
    assert!(
        b.len() < a.len() * 3 / 4,
        "{} vs {} bytes",
        b.len(),
        a.len()
    );
}

#[test]
fn named_colours_go_out_as_the_basic_codes() {
    let sink = Sink::default();
    bytes(&mut AnsiBackend::new(sink.clone()), &["ab", "cd"]);
    let out = String::from_utf8(sink.take()).unwrap();
    assert!(out.contains("\x1b[33m"), "{out:?}");
    assert!(!out.contains("38;5") && !out.contains("48;5"), "{out:?}");
}

#[test]
fn only_ideographs_count_as_surely_wide() {
    assert!(surely_wide("拱") && surely_wide("，"));
    assert!(!surely_wide("·") && !surely_wide("a") && !surely_wide("🦀"));
}

const SYMBOLS: [&str; 10] = [" ", " ", "a", "b", "拱", "墅", "，", "─", "é", "🦀"];
const COLOURS: [Color; 6] = [
    Color::Reset,
    Color::Red,
    Color::LightCyan,
    Color::Indexed(130),
    Color::Rgb(10, 200, 30),
    Color::Gray,
];
const MODIFIERS: [Modifier; 5] = [
    Modifier::BOLD,
    Modifier::DIM,
    Modifier::ITALIC,
    Modifier::UNDERLINED,
    Modifier::REVERSED,
];

/// A run of text written at a place in a frame: (x, y, symbols, fg, bg, modifier bits).
type Stroke = (u16, u16, Vec<usize>, usize, usize, u8);

fn strokes() -> impl Strategy<Value = Vec<Stroke>> {
    prop::collection::vec(
        (
            0u16..14,
            0u16..5,
            prop::collection::vec(0..SYMBOLS.len(), 1..14),
            0..COLOURS.len(),
            0..COLOURS.len(),
            0u8..32,
        ),
        0..12,
    )
}

fn paint(f: &mut ratatui::Frame, strokes: &[Stroke], cursor: Option<(u16, u16)>) {
    let area = f.area();
    for (x, y, symbols, fg, bg, bits) in strokes {
        let text: String = symbols.iter().map(|&i| SYMBOLS[i]).collect();
        let modifier = MODIFIERS
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .fold(Modifier::empty(), |m, (_, &b)| m | b);
        let style = Style::new()
            .fg(COLOURS[*fg])
            .bg(COLOURS[*bg])
            .add_modifier(modifier);
        if *y < area.height {
            f.buffer_mut().set_stringn(
                *x,
                *y,
                text,
                (area.width - x.min(&area.width)) as usize,
                style,
            );
        }
    }
    if let Some((x, y)) = cursor {
        f.set_cursor_position(Position::new(x, y));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any sequence of frames, with wide, ambiguous and uncertain characters, every look and the
    /// cursor shown or not, reads back as drawn; a clear partway repaints right.
    #[test]
    fn any_frames_read_back_as_drawn(
        frames in prop::collection::vec(
            (strokes(), prop::option::of((0u16..16, 0u16..5)), any::<bool>()),
            1..8,
        ),
    ) {
        let mut rig = Rig::new(16, 5);
        for (strokes, cursor, clear) in frames {
            if clear {
                rig.term.clear().unwrap();
            }
            rig.frame(|f| paint(f, &strokes, cursor));
            let screen = rig.vt.screen();
            prop_assert_eq!(screen.hide_cursor(), cursor.is_none());
            if let Some((x, y)) = cursor {
                prop_assert_eq!(screen.cursor_position(), (y, x));
            }
        }
    }
}

#[test]
fn a_wide_character_half_written_over_leaves_no_blank_of_the_terminals_own() {
    // 墅 at columns 6-7 loses its left half to 拱 at 5-6: the terminal blanks column 7 in a look
    // of its own (the emulator: the bold being written; tmux: none), and the frame must draw it.
    let mut rig = Rig::new(12, 2);
    rig.frame(|f| {
        f.buffer_mut().set_string(6, 1, "墅", Style::new());
    });
    let bytes = rig.frame(|f| {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        f.buffer_mut().set_string(5, 1, "拱", bold);
    });
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("拱\x1b[m "), "{text:?}");
}

/// Sized text (OSC 66) is sent once, and later frames neither write into the cells it covers nor
/// pass over them as a shortcut (a narrow gap is cheaper to write again than to move over),
/// whatever changes around it; when it goes, its cells are drawn.
#[test]
fn cells_under_sized_text_are_left_to_it_until_it_goes() {
    // The text, and the columns of the cells drawn beside it (its width is twice the text's).
    for (big, right) in [("运河", 9), ("a", 3)] {
        let (w, h) = (30, 6);
        let mut rig = Rig::new(w, h);
        let draw_with = |sized: bool, around: &'static str| {
            move |f: &mut ratatui::Frame| {
                let area = f.area();
                let buf = f.buffer_mut();
                buf.set_string(0, 1, around, Style::default());
                buf.set_string(right, 1, around, Style::default());
                buf.set_string(0, 4, around, Style::default());
                if sized {
                    assert!(crate::view::sized::put(
                        buf,
                        area,
                        1,
                        1,
                        big,
                        Style::default()
                    ));
                }
            }
        };
        rig.term.draw(draw_with(true, "a")).unwrap();
        let first = String::from_utf8_lossy(&rig.sink.take()).into_owned();
        let sequence = format!("\x1b]66;s=2;{big}\x1b\\");
        assert_eq!(first.matches(&sequence).count(), 1, "{first:?}");
        rig.vt.process(first.as_bytes());
        // Mark the covered cells in the emulator (which does not draw OSC 66): a frame that
        // wrote there would change them.
        let xs = "X".repeat(right as usize - 1);
        rig.vt
            .process(format!("\x1b[2;2H{xs}\x1b[3;2H{xs}").as_bytes());
        for around in ["b", "c"] {
            rig.term.draw(draw_with(true, around)).unwrap();
            let later = String::from_utf8_lossy(&rig.sink.take()).into_owned();
            assert!(!later.contains("\x1b]66"), "sent again: {later:?}");
            rig.vt.process(later.as_bytes());
            let screen = rig.vt.screen().contents();
            let rows: Vec<&str> = screen.lines().collect();
            assert!(
                rows[1].starts_with(&format!("{around}{xs}{around}")),
                "{screen}"
            );
            assert!(rows[2].starts_with(&format!(" {xs}")), "{screen}");
        }
        // Gone: every cell it covered is drawn again.
        rig.term.draw(draw_with(false, "d")).unwrap();
        rig.vt.process(&rig.sink.take());
        let screen = rig.vt.screen().contents();
        assert!(!screen.contains('X'), "{screen:?}");
    }
}
