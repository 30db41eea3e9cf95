//! Pictures and handouts: the briefing's slides and any screen of the atlas, drawn into the same
//! buffer the terminal would get and written as SVG, or gathered into one self-contained HTML page;
//! and the geometry itself as GeoJSON for map tools (`geojson`).
//! Draws through `view`; never imports the local `terminal` or the CLI.

pub mod geojson;
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
use crate::app::briefing::Presenter;
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
            spotlight: None,
            legend: true,
            boundaries: false,
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

/// Every page of every slide of the briefing, in order, with a file name for each: the slide's
/// number and id, and the page when a slide continues (`05-canal-wealth-2.svg`). Drawn as the
/// audience sees them: no presenter's clock, no key hints.
pub fn slides(p: &mut Presenter, size: (u16, u16), theme: Theme) -> Vec<(String, Buffer)> {
    let mut out = Vec::new();
    let _ = each_slide(p, size, theme, |name, buf| {
        out.push((name.to_string(), buf.clone()));
        Ok(())
    });
    out
}

/// [`slides`] one at a time: each page is drawn and handed to `f` with its file name before the
/// next is drawn, so that an export holds one slide at a time whatever the number of platforms.
/// Stops at the first error `f` returns.
pub fn each_slide(
    p: &mut Presenter,
    size: (u16, u16),
    theme: Theme,
    mut f: impl FnMut(&str, &Buffer) -> io::Result<()>,
) -> io::Result<()> {
    p.hints = false;
    for i in 0..p.count() {
        p.slide = i;
        p.page = 0;
        let id = p.slide_id(i);
        loop {
            // A fresh terminal each time: one reused would keep cells a frame left alone (the
            // hidden half of a wide character) from the slide before.
            let buf = draw(size.0, size.1, |f| {
                crate::view::briefing::draw(f, p, theme, Duration::ZERO)
            });
            let name = match p.page {
                0 => format!("{:02}-{id}.svg", i + 1),
                k => format!("{:02}-{id}-{}.svg", i + 1, k + 1),
            };
            f(&name, &buf)?;
            if p.page + 1 >= p.pages.get() {
                break;
            }
            p.page += 1;
        }
    }
    Ok(())
}

fn draw(w: u16, h: u16, render: impl FnOnce(&mut ratatui::Frame)) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("a test backend never fails");
    term.draw(render).expect("a test backend never fails");
    term.backend().buffer().clone()
}

/// Write `bytes` to `path` whole or not at all: into a temporary file beside it, then renamed
/// over it, so a full disk or a crash leaves nothing half-written. An existing file keeps its
/// permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] of what `write` writes, as it writes it: a large file is never held whole.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = write_temporary(path, None, write)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// [`write_atomic`] of a file only its owner may read or write (mode 0600), whatever the file
/// it replaces allowed: one that holds what a user typed.
pub fn write_atomic_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = write_temporary(path, Some(0o600), |w| w.write_all(bytes))?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// A set of files written every one or none: each is written to a temporary file as it is
/// added, and only [`NewFiles::commit`] renames them into place, so a failure (or a set dropped
/// before it is committed) leaves the old set as it was and no temporary file behind.
#[derive(Default)]
pub struct NewFiles {
    /// Temporary files written, and where each goes.
    written: Vec<(std::path::PathBuf, std::path::PathBuf)>,
}

impl NewFiles {
    /// Write `bytes` for `path`, not yet in place.
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        // What a rename could not replace is found before anything is renamed.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                format!("{} is a directory", path.display()),
            ));
        }
        let tmp = write_temporary(path, None, |w| w.write_all(bytes))?;
        self.written.push((tmp, path.to_path_buf()));
        Ok(())
    }

    /// Rename every file written into place.
    pub fn commit(mut self) -> io::Result<()> {
        let mut rest = std::mem::take(&mut self.written).into_iter();
        while let Some((tmp, path)) = rest.next() {
            if let Err(e) = std::fs::rename(&tmp, &path) {
                let _ = std::fs::remove_file(&tmp);
                // Those not renamed go when the set is dropped.
                self.written = rest.collect();
                return Err(e);
            }
        }
        Ok(())
    }
}

impl Drop for NewFiles {
    fn drop(&mut self) {
        for (tmp, _) in &self.written {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// What `write` writes, in a new file beside `path`, with a name no one can guess, created
/// exclusively (never an existing file, never through a symlink planted at the name), with
/// `mode` if given, else `path`'s permissions if it exists. Its path; removed again if writing
/// fails.
fn write_temporary(
    path: &Path,
    mode: Option<u32>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<std::path::PathBuf> {
    use std::hash::{BuildHasher, Hasher};
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    // The standard library's random hash keys, fresh for each call.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    let tmp = dir.join(format!(
        ".{}.{:016x}.tmp",
        name.to_string_lossy(),
        h.finish()
    ));
    let keep = match mode {
        Some(m) => Some(m),
        None => std::fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.permissions().mode()),
    };
    let result = (|| {
        let f = std::fs::File::options()
            .write(true)
            .create_new(true)
            // Never readable by others, even for the moment before its mode is set.
            .mode(mode.unwrap_or(0o666))
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)?;
        if let Some(m) = keep {
            f.set_permissions(std::fs::Permissions::from_mode(m))?;
        }
        let mut w = io::BufWriter::with_capacity(1 << 16, f);
        write(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}
