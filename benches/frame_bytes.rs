//! Bytes the TUI sends to the terminal: the first frame, and one selection move, at several sizes,
//! through the real crossterm backend into memory. Prints a table; run with
//! `cargo bench --bench frame_bytes`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gongshu::lang::Lang;
use gongshu::tui::app::App;
use gongshu::tui::backend::Lean;
use gongshu::tui::theme::{Theme, ThemeKind};
use gongshu::tui::ui;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

// The integration tests' byte-keeping writer: what the backend sends, counted from outside.
#[allow(dead_code)]
#[path = "../tests/it/helpers/bytes.rs"]
mod bytes;
use bytes::Bytes as Sink;

fn measure(w: u16, h: u16, color: bool, keys: &[KeyCode]) -> (usize, Vec<usize>) {
    let sink = Sink::default();
    let opts = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
    };
    let backend = Lean(CrosstermBackend::new(sink.clone()));
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
    let draw = |app: &mut App, term: &mut Terminal<Lean<CrosstermBackend<Sink>>>| {
        term.draw(|f| ui::render(f, app, theme)).unwrap();
    };
    sink.take();
    draw(&mut app, &mut term);
    let first = sink.take().len();
    let per_key = keys
        .iter()
        .map(|&k| {
            app.handle_key(KeyEvent::new(k, KeyModifiers::NONE));
            draw(&mut app, &mut term);
            sink.take().len()
        })
        .collect();
    (first, per_key)
}

/// A slow link: 56 kbit/s, about 7 KB a second, as on a congested mobile or satellite SSH hop.
const LINK_BYTES_PER_SEC: f64 = 56_000.0 / 8.0;

fn main() {
    // `cargo test --all-targets` runs benches once in test mode; the figures are the same.
    println!(
        "{:>9}  {:>6}  {:>12}  {:>14}  {:>16}  {:>22}",
        "size", "colour", "first frame", "selection move", "20 keys, total", "20 keys at 56 kbit/s"
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
            let (first, moves) = measure(w, h, color, &[KeyCode::Down]);
            let (_, session_bytes) = measure(w, h, color, &session);
            let total: usize = session_bytes.iter().sum();
            // Redrawing every cell on every key would send about a first frame per key.
            let full = first * session_bytes.len();
            println!(
                "{:>9}  {:>6}  {:>10} B  {:>12} B  {:>14} B  {:>7.2} s (full redraw {:.2} s)",
                format!("{w}x{h}"),
                if color { "on" } else { "off" },
                first,
                moves[0],
                total,
                total as f64 / LINK_BYTES_PER_SEC,
                full as f64 / LINK_BYTES_PER_SEC,
            );
        }
    }
}
