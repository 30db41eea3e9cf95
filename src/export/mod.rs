//! Pictures and handouts: the briefing's slides and any screen of the atlas, drawn into the same
//! buffer the terminal would get and written as SVG, or gathered into one self-contained HTML page.
//! Draws through `view`; never imports the local `terminal` or the CLI.

pub mod html;
pub mod svg;

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget};

use crate::app::atlas::{App, Screen};
use crate::app::briefing::{Presenter, Slide};
use crate::dataset::Dataset;
use crate::lang::Lang;
use crate::map::{self, MapOptions, MapStyle, Viewport};
use crate::view::theme::Theme;

/// A screen of the atlas to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScreenKind {
    /// The platforms screen: list, detail and map.
    Atlas,
    Industries,
    Plan,
    /// The district map alone, as `gongshu map` prints it.
    Map,
}

/// The smallest size each export can be drawn at.
pub fn min_size(screen: Option<ScreenKind>) -> (u16, u16) {
    match screen {
        Some(ScreenKind::Map) => (map::MIN_WIDTH, map::MIN_HEIGHT),
        Some(_) => crate::app::atlas::MIN_SIZE,
        // A slide needs room for its text beside the map.
        None => (60, 16),
    }
}

/// One screen of the atlas as the terminal would show it at `size`.
pub fn screen(
    d: &Dataset,
    kind: ScreenKind,
    size: (u16, u16),
    lang: Lang,
    theme: Theme,
    select: Option<usize>,
    style: Option<MapStyle>,
) -> Buffer {
    let (w, h) = size;
    if kind == ScreenKind::Map {
        let opts = MapOptions {
            style: style.unwrap_or(MapStyle::Fill).effective(theme.color),
            lang,
            selected: select,
            highlighted: Vec::new(),
            legend: true,
        };
        let grid = map::render(d, &Viewport::fit_district(d, w, h), w, h, &opts);
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        Paragraph::new(crate::view::map_lines(&grid, theme)).render(area, &mut buf);
        return buf;
    }
    let mut app = App::new(d.clone(), String::new(), lang).with_color(theme.color);
    if let Some(style) = style {
        app.set_map_style(style);
    }
    if let Some(p) = select {
        app.select_platform(p);
    }
    app.open(match kind {
        ScreenKind::Industries => Screen::Industries,
        ScreenKind::Plan => Screen::Plan,
        _ => Screen::Platforms,
    });
    app.resize(w, h);
    draw(w, h, |f| crate::view::render(f, &mut app, theme))
}

/// Every slide of the briefing, in order, with a file name for each.
pub fn slides(p: &mut Presenter, size: (u16, u16), theme: Theme) -> Vec<(String, Buffer)> {
    let mut out = Vec::new();
    for i in 0..p.count() {
        p.slide = i;
        let name = match p.current() {
            Slide::Overview => "overview".to_string(),
            Slide::Spotlight(k) => format!("spotlight-{}", k + 1),
            Slide::Platform(i) => format!("platform-{}", p.data.platforms[i].number),
            Slide::Closing => "closing".to_string(),
        };
        let buf = draw(size.0, size.1, |f| {
            crate::view::briefing::draw(f, p, theme, Duration::ZERO)
        });
        out.push((format!("{:02}-{name}.svg", i + 1), buf));
    }
    out
}

fn draw(w: u16, h: u16, render: impl FnOnce(&mut ratatui::Frame)) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("a test backend never fails");
    term.draw(render).expect("a test backend never fails");
    term.backend().buffer().clone()
}

/// Write `bytes` to `path` whole or not at all: into a temporary file beside it, then renamed
/// over it, so a full disk or a crash leaves nothing half-written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
