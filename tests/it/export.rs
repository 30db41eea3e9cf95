//! Export: slides, screens and the handout drawn from the buffer the terminal gets. Each SVG read
//! back cell by cell is the buffer's text; the handout holds every slide and the source; bad
//! sizes and unwritable paths fail cleanly. The README's pictures are exports too, and a test
//! keeps them the same as a fresh export (GONGSHU_UPDATE_ASSETS=1 rewrites them).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::helpers::temp::TempDir;
use gongshu::app::briefing::{Presenter, spotlights};
use gongshu::export::{self, ScreenKind, svg};
use gongshu::lang::Lang;
use gongshu::view::theme::{ColorDepth, Theme, ThemeKind};
use ratatui::buffer::Buffer;

/// Every visible cell's symbol by (row, column), spaces left out.
fn cells(buf: &Buffer) -> BTreeMap<(u32, u32), String> {
    let mut out = BTreeMap::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            let s = buf[(x, y)].symbol();
            if skip > 0 {
                skip -= 1;
                continue;
            }
            skip = gongshu::text::width(s).saturating_sub(1);
            if !s.trim().is_empty() {
                out.insert((y as u32, x as u32), s.to_string());
            }
        }
    }
    out
}

/// The SVG's text elements placed back on the grid by their x and y.
fn svg_cells(doc: &str) -> BTreeMap<(u32, u32), String> {
    let xml = roxmltree::Document::parse(doc).expect("valid SVG");
    let mut out = BTreeMap::new();
    for t in xml.descendants().filter(|n| n.has_tag_name("text")) {
        let y: u32 = t.attribute("y").unwrap().parse().unwrap();
        let row = y / svg::CELL_H;
        let xs: Vec<u32> = t
            .attribute("x")
            .unwrap()
            .split(' ')
            .map(|x| x.parse().unwrap())
            .collect();
        let text = t.text().unwrap_or("");
        if xs.len() == 1
            && text.chars().count() > 1
            && text
                .chars()
                .skip(1)
                .all(|c| unicode_width::UnicodeWidthChar::width(c) == Some(0))
        {
            // One cell of a letter and its combining marks.
            out.insert((row, xs[0] / svg::CELL_W), text.to_string());
            continue;
        }
        assert_eq!(
            xs.len(),
            text.chars().count(),
            "one x per character: {text}"
        );
        for (x, c) in xs.iter().zip(text.chars()) {
            // A space inside a phrase's element is a blank cell, as the buffer's are.
            if c == ' ' {
                continue;
            }
            out.insert((row, x / svg::CELL_W), c.to_string());
        }
    }
    out
}

fn theme(kind: ThemeKind) -> Theme {
    Theme::new(true, kind).with_depth(ColorDepth::TrueColor)
}

#[test]
fn every_slide_and_screen_reads_back_as_its_buffer() {
    let d = gongshu::dataset::embedded();
    for kind in [ThemeKind::Dark, ThemeKind::Light, ThemeKind::Contrast] {
        let pal = svg::palette(kind);
        let mut p = Presenter::new(d.clone(), Lang::Both, false);
        p.spotlights = spotlights(&d, &["电商".to_string()]).unwrap();
        for (name, buf) in export::slides(&mut p, (160, 48), theme(kind)) {
            let doc = svg::buffer_to_svg(&buf, &pal);
            assert_eq!(svg_cells(&doc), cells(&buf), "{name} {kind:?}");
        }
        for screen in [
            ScreenKind::Atlas,
            ScreenKind::Industries,
            ScreenKind::Plan,
            ScreenKind::Map,
        ] {
            let buf = export::screen(
                &d,
                screen,
                (120, 40),
                Lang::Both,
                theme(kind),
                Some(0),
                None,
            );
            let doc = svg::buffer_to_svg(&buf, &pal);
            assert_eq!(svg_cells(&doc), cells(&buf), "{screen:?} {kind:?}");
        }
    }
}

fn gongshu(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongshu"))
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn the_handout_holds_every_slide_the_plan_and_the_source_and_loads_nothing() {
    let dir = tempdir("handout");
    let out = dir.join("handout.html");
    let o = gongshu(&["export", "--format", "html", "--out", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    let d = gongshu::dataset::embedded();
    assert_eq!(
        html.matches("<section class=\"slide\"").count(),
        d.platforms.len() + 3
    );
    assert_eq!(html.matches("<svg").count(), d.platforms.len() + 3);
    for needle in [
        d.source.title.zh.as_str(),
        d.source.reporter.en.as_str(),
        d.plan.title.zh.as_str(),
        "相关阅读",
        "Related reading",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    for h in &d.source.related {
        assert!(html.contains(h.title.zh.as_str()), "{}", h.title.zh);
    }
    // Self-contained: nothing fetched from anywhere.
    for outside in ["http://", "https://", "src=", "@import", "url("] {
        let n = html.matches(outside).count();
        let allowed = if outside == "http://" {
            html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
        } else {
            0
        };
        assert_eq!(n, allowed, "{outside}");
    }
    assert!(html.contains("page-break-after: always"));
}

#[test]
fn slides_as_svg_are_numbered_files_and_nothing_is_left_half_written() {
    let dir = tempdir("slides");
    let o = gongshu(&[
        "export",
        "--format",
        "svg",
        "--out",
        dir.to_str().unwrap(),
        "--spotlight",
        "金融",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.first().unwrap(), "01-title.svg");
    assert_eq!(names[1], "02-overview.svg");
    assert_eq!(names[2], "03-spotlight-1.svg");
    assert_eq!(names.last().unwrap(), "14-closing.svg");
    assert!(
        names.iter().all(|n| !n.starts_with('.')),
        "no temporary files left: {names:?}"
    );
}

#[test]
fn bad_sizes_are_usage_errors_and_unwritable_paths_one_line_and_exit_2() {
    let o = gongshu(&[
        "export", "--format", "svg", "--out", "/tmp/x", "--size", "20x5",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("too small"));
    let o = gongshu(&[
        "export", "--format", "svg", "--out", "/tmp/x", "--size", "big",
    ]);
    assert_eq!(o.status.code(), Some(2));

    let dir = tempdir("readonly");
    let blocker = dir.join("file");
    std::fs::write(&blocker, "x").unwrap();
    // A path under a regular file cannot be created, even by root.
    let out = blocker.join("handout.html");
    let o = gongshu(&["export", "--format", "html", "--out", out.to_str().unwrap()]);
    // 1 means "nothing found"; a file that cannot be written is an error.
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot write"), "{err}");
    let o = gongshu(&[
        "export",
        "--screen",
        "map",
        "--format",
        "svg",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

/// The output is replaced, never written through: a symlink planted at its path is replaced
/// rather than followed, an existing file keeps its permissions, and a set of slides is written
/// whole or not at all.
#[test]
fn exports_replace_files_safely_and_keep_their_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir("safely");
    // A file the exporting user can write, which a symlink at the output path points to.
    let victim = dir.join("victim");
    std::fs::write(&victim, "keep me").unwrap();
    let out = dir.join("map.svg");
    std::os::unix::fs::symlink(&victim, &out).unwrap();
    let args = |o: &std::path::Path| {
        gongshu(&[
            "export",
            "--screen",
            "map",
            "--format",
            "svg",
            "--out",
            o.to_str().unwrap(),
        ])
    };
    assert_eq!(args(&out).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(std::fs::symlink_metadata(&out).unwrap().is_file());

    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(args(&out).status.code(), Some(0));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "permissions kept");

    // Slides: an old set, then a new one that cannot be written whole.
    let slides = dir.join("slides");
    let svg =
        |o: &std::path::Path| gongshu(&["export", "--format", "svg", "--out", o.to_str().unwrap()]);
    assert_eq!(svg(&slides).status.code(), Some(0));
    let mut names: Vec<_> = std::fs::read_dir(&slides)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    let old: Vec<Vec<u8>> = names.iter().map(|p| std::fs::read(p).unwrap()).collect();
    for p in &names {
        std::fs::write(p, "old").unwrap();
    }
    // The last slide's name taken by a directory: nothing of the new set may land.
    let last = names.last().unwrap();
    std::fs::remove_file(last).unwrap();
    std::fs::create_dir(last).unwrap();
    let o = svg(&slides);
    assert_eq!(o.status.code(), Some(2));
    for p in &names[..names.len() - 1] {
        assert_eq!(
            std::fs::read(p).unwrap(),
            b"old",
            "{} replaced",
            p.display()
        );
    }
    assert!(old.len() > 2);
    let left: Vec<_> = std::fs::read_dir(&slides)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

/// The handout is written as it is made, a slide at a time: the export holds less than the page
/// it writes, however many slides there are. (It held every slide as a buffer, again as SVG, and
/// twice more as the page: nine times the page at its peak.)
#[test]
fn the_handout_is_written_as_it_is_made_not_held_whole() {
    let dir = tempdir("handout-memory");
    let data = dir.join("synthetic.ron");
    let d = gongshu::dataset::synthetic::generate(500);
    std::fs::write(&data, gongshu::dataset::synthetic::to_ron(&d)).unwrap();
    let out = dir.join("handout.html");
    // Reaped by wait4 below, which gives its resource usage too.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(env!("CARGO_BIN_EXE_gongshu"))
        .args([
            "--data",
            data.to_str().unwrap(),
            "export",
            "--format",
            "html",
        ])
        .args(["--out", out.to_str().unwrap()])
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The child's own peak resident memory, from the kernel as it is reaped.
    let mut status = 0;
    // SAFETY: rusage is plain integers, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 writes one int and one rusage, both alive across the call.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0);
    let page = std::fs::metadata(&out).unwrap().len();
    let peak = usage.ru_maxrss as u64 * 1024;
    assert!(page > 30_000_000, "{page} bytes");
    assert!(
        peak < page,
        "the export peaked at {peak} bytes for a page of {page}"
    );
}

fn tempdir(name: &str) -> TempDir {
    TempDir::named(&format!("export-{name}"))
}

/// The pictures and captures the README shows, made the way a user would make them.
fn assets() -> Vec<(&'static str, Vec<u8>)> {
    let d = gongshu::dataset::embedded();
    let svg_of = |buf: &Buffer, kind| svg::buffer_to_svg(buf, &svg::palette(kind)).into_bytes();
    let dark = theme(ThemeKind::Dark);
    let four = d.platforms.iter().position(|p| p.number == 4);
    let mut p = Presenter::new(d.clone(), Lang::Both, false);
    let slides = export::slides(&mut p, (160, 48), theme(ThemeKind::Contrast));
    let plain = Theme::new(false, ThemeKind::Dark);
    let text = |buf: &Buffer| crate::helpers::buffer::text(buf).into_bytes();
    vec![
        (
            "atlas-120x40.svg",
            svg_of(
                &export::screen(
                    &d,
                    ScreenKind::Atlas,
                    (120, 40),
                    Lang::Both,
                    dark,
                    four,
                    None,
                ),
                ThemeKind::Dark,
            ),
        ),
        (
            "map-120x40-select-1.svg",
            svg_of(
                &export::screen(
                    &d,
                    ScreenKind::Map,
                    (120, 40),
                    Lang::Both,
                    dark,
                    Some(0),
                    None,
                ),
                ThemeKind::Dark,
            ),
        ),
        (
            "industries-120x40.svg",
            svg_of(
                &export::screen(
                    &d,
                    ScreenKind::Industries,
                    (120, 40),
                    Lang::Both,
                    dark,
                    None,
                    None,
                ),
                ThemeKind::Dark,
            ),
        ),
        (
            "slide-platform-1-160x48.svg",
            // Platform 1's slide, found by its id (the title and the overview come first).
            svg_of(
                &slides
                    .iter()
                    .find(|(name, _)| name.ends_with("-canal-wealth.svg"))
                    .expect("platform 1 has a slide")
                    .1,
                ThemeKind::Contrast,
            ),
        ),
        (
            "atlas-80x24.txt",
            text(&export::screen(
                &d,
                ScreenKind::Atlas,
                (80, 24),
                Lang::Both,
                plain,
                four,
                None,
            )),
        ),
        (
            "map-100x40-ascii.txt",
            text(&export::screen(
                &d,
                ScreenKind::Map,
                (100, 40),
                Lang::Both,
                plain,
                Some(0),
                None,
            )),
        ),
    ]
}

#[test]
fn the_readme_pictures_are_what_the_code_draws_now() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let update = std::env::var_os("GONGSHU_UPDATE_ASSETS").is_some();
    for (name, bytes) in assets() {
        let path = dir.join(name);
        if update {
            std::fs::write(&path, &bytes).unwrap();
            continue;
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == bytes,
            "assets/{name} differs from what the code draws now; \
             rerun with GONGSHU_UPDATE_ASSETS=1 and review the pictures"
        );
    }
}

#[test]
fn the_handout_prints_dark_on_white_without_clock_or_keys_and_names_read_whole() {
    let dir = tempdir("handout-print");
    for lang in ["zh", "en", "both"] {
        let out = dir.join(format!("handout-{lang}.html"));
        let o = gongshu(&[
            "export",
            "--format",
            "html",
            "--lang",
            lang,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let html = std::fs::read_to_string(&out).unwrap();
        assert!(html.contains("@media print") && html.contains("@page { size: A4"));
        assert!(html.contains(".slide svg .bg { fill: #fff; }"));
        // The presenter's clock and the key hints are not the audience's.
        assert!(
            !html.contains(">00:00<") && !html.contains("PgDn"),
            "{lang}"
        );
        if lang != "zh" {
            assert!(html.contains(">Canal Wealth Town</text>"), "{lang}");
        }
        if lang != "en" {
            assert!(html.contains(">运 河 财 富 小 镇</text>"), "{lang}");
        }
    }
}
