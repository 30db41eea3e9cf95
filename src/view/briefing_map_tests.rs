//! A platform slide's map: it names the roads and rivers that bound the platform where they are
//! in view, centres the platform, keeps every label off the scale bar's row, and its names stay
//! with their numbers, in every language, on the slide at the terminal's and the projector's
//! sizes and in the zoomed view at every standard map size.

use ratatui::layout::Rect;

use super::*;
use crate::app::briefing::Presenter;
use crate::dataset::{Dataset, Feature, FeatureKind, Geometry};
use crate::map::{MapGrid, Role, Stroke};
use crate::view::theme::{Theme, ThemeKind};

const LANGS: [Lang; 3] = [Lang::Zh, Lang::En, Lang::Both];

/// The lines platform `i`'s words name as its boundaries (by name or alias).
fn boundaries(d: &Dataset, i: usize) -> Vec<&Feature> {
    let names: Vec<&str> = d.platforms[i]
        .area
        .boundary_names()
        .map(|n| n.as_str())
        .collect();
    d.basemap
        .iter()
        .filter(|f| f.kind != FeatureKind::Landmark)
        .filter(|f| {
            names
                .iter()
                .any(|n| f.name.zh == **n || f.aliases.iter().any(|a| a.zh == **n))
        })
        .collect()
}

/// How many columns of a line show on the open map, drawn as that kind of line: inside the grid,
/// off the bottom (scale) row, left of the legend's third and out of the north arrow's corner.
fn open_run(g: &MapGrid, vp: &Viewport, f: &Feature) -> usize {
    let Geometry::Line(pts) = &f.geometry else {
        return 0;
    };
    let (w, h) = (g.width, g.height);
    let mut cells = std::collections::BTreeSet::new();
    for seg in pts.windows(2) {
        let (a, b) = (vp.project(seg[0], w, h), vp.project(seg[1], w, h));
        let n = ((b.0 - a.0).abs().max((b.1 - a.1).abs()) * 2.0)
            .ceil()
            .max(1.0) as usize;
        for k in 0..=n {
            let t = k as f64 / n as f64;
            let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            let (x, y) = (x.floor() as i64, y.floor() as i64);
            let open =
                x >= 0 && y >= 0 && x < w as i64 * 2 / 3 && y < h as i64 - 1 && !(x < 3 && y < 3);
            let own = |r: Role| match (r, f.kind) {
                (Role::Road, FeatureKind::Road)
                | (Role::River, FeatureKind::River)
                | (Role::Canal, FeatureKind::Canal)
                | (Role::Rail, FeatureKind::Rail) => true,
                (Role::Dots { stroke, .. }, kind) => matches!(
                    (stroke, kind),
                    (Stroke::Road, FeatureKind::Road)
                        | (Stroke::River, FeatureKind::River)
                        | (Stroke::Canal, FeatureKind::Canal)
                        | (Stroke::Rail, FeatureKind::Rail)
                ),
                _ => false,
            };
            if open && g.cell(x as u16, y as u16).is_some_and(|c| own(c.role)) {
                cells.insert(x);
            }
        }
    }
    cells.len()
}

/// Whether `text` is written on the map as a line's name.
fn named(g: &MapGrid, text: &str) -> bool {
    (0..g.height).any(|y| {
        let row: String = (0..g.width)
            .filter_map(|x| g.cell(x, y))
            .filter(|c| matches!(c.role, Role::RoadLabel | Role::WaterLabel))
            .map(|c| if c.symbol.is_empty() { "" } else { &c.symbol })
            .collect();
        row.contains(text)
    })
}

/// The three promises and the name rule, for platform `i`'s map `g` drawn in `vp`.
fn check(d: &Dataset, i: usize, g: &MapGrid, vp: &Viewport, lang: Lang, what: &str) {
    let ctx = || {
        format!(
            "{what} [{}]\n{}",
            d.platforms[i].number,
            g.lines().join("\n")
        )
    };
    crate::map::rule_tests::check_name_rule(d, g, lang, &ctx);
    // Centred: the middle of the platform's extent is the middle of the map, to a cell.
    let ring = &d.platforms[i].outline.ring;
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in ring {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let (cx, cy) = vp.project(((x0 + x1) / 2.0, (y0 + y1) / 2.0), g.width, g.height);
    let (mx, my) = (g.width as f64 / 2.0, g.height as f64 / 2.0);
    assert!(
        (cx - mx).abs() <= 1.0 && (cy - my).abs() <= 1.0,
        "platform at ({cx:.1}, {cy:.1}), map's middle ({mx}, {my}) at {}",
        ctx()
    );
    // No name or number on the scale bar's row.
    let bottom = g.height - 1;
    let has_scale = (0..g.width).any(|x| g.cell(x, bottom).is_some_and(|c| c.role == Role::Scale));
    for x in (0..g.width).filter(|_| has_scale) {
        let c = g.cell(x, bottom).unwrap();
        assert!(
            !matches!(
                c.role,
                Role::Label
                    | Role::SelectedLabel
                    | Role::RoadLabel
                    | Role::WaterLabel
                    | Role::Landmark
                    | Role::Marker
                    | Role::SelectedMarker
                    | Role::HighlightedMarker
            ),
            "{:?} {:?} on the scale bar's row at {}",
            c.symbol,
            c.role,
            ctx()
        );
    }
    // Every boundary with room for its name on the open map is named.
    for f in boundaries(d, i) {
        let text = text::one_line(lang.short(&f.map_label()));
        let run = open_run(g, vp, f);
        // Shown for as long as its name and three columns each side.
        if run >= text::width(&text) + 6 {
            assert!(
                named(g, &text),
                "{text} ({run} columns in view) unnamed at {}",
                ctx()
            );
        }
    }
}

#[test]
fn a_platform_slide_names_its_boundaries_centres_it_and_keeps_the_scale_row_clear() {
    let d = crate::dataset::embedded();
    for (w, h) in [(80u16, 24u16), (120, 40), (160, 48)] {
        for lang in LANGS {
            for color in [true, false] {
                let mut p = Presenter::new(d.clone(), lang, false);
                let theme = Theme::new(color, ThemeKind::Dark);
                for i in 0..d.platforms.len() {
                    p.slide = p.platform_slide(i);
                    let (at, area) = platform_map_area(Rect::new(0, 0, w, h), &p, theme)
                        .expect("a platform's slide");
                    assert_eq!(at, i);
                    let g = slide_map(&p, area, Some(i), (Vec::new(), None), color);
                    let vp = Viewport::fit_platform_context(&d, i, area.width, area.height);
                    let what = format!("slide at {w}x{h} {lang:?} colour {color}, map {area:?}");
                    check(&d, i, &g, &vp, lang, &what);
                }
            }
        }
    }
}

#[test]
fn the_zoomed_slide_view_keeps_its_promises_at_every_standard_size() {
    let d = crate::dataset::embedded();
    let p = Presenter::new(d.clone(), Lang::Zh, false);
    let sizes = [
        (60u16, 20u16),
        (80, 24),
        (100, 30),
        (120, 40),
        (160, 48),
        (200, 60),
        (240, 67),
    ];
    for (w, h) in sizes {
        for lang in LANGS {
            for style in [MapStyle::Ascii, MapStyle::Unicode, MapStyle::Fill] {
                for i in 0..d.platforms.len() {
                    let vp = Viewport::fit_platform_context(&d, i, w, h);
                    let opts = MapOptions {
                        style,
                        lang,
                        selected: Some(i),
                        highlighted: Vec::new(),
                        spotlight: None,
                        legend: true,
                        boundaries: true,
                    };
                    let g = map::render_with(&d, p.map_facts(), &vp, w, h, &opts);
                    check(&d, i, &g, &vp, lang, &format!("{w}x{h} {style:?} {lang:?}"));
                }
            }
        }
    }
}

#[test]
fn a_platform_slide_shows_its_own_colour_beside_its_number_and_none_without_colour() {
    use ratatui::{Terminal, backend::TestBackend, style::Color};
    let d = crate::dataset::embedded();
    let facts = crate::map::Facts::new(&d);
    for (w, h) in [(80u16, 24u16), (120, 40), (160, 48)] {
        for color in [true, false] {
            let theme = Theme::new(color, ThemeKind::Dark);
            let mut p = Presenter::new(d.clone(), Lang::Both, false);
            for i in 0..d.platforms.len() {
                p.slide = p.platform_slide(i);
                let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
                term.draw(|f| draw(f, &p, theme, std::time::Duration::ZERO))
                    .unwrap();
                let buf = term.backend().buffer();
                // The slide's body starts one cell in; the chip is in the gap after the digits.
                let x = 1 + name_x(d.platforms[i].number) - 3;
                let slot = facts.slots[i];
                let (s, own) = crate::map::paint_colours(slot);
                // The legend key's chip and the list's are this colour too.
                let key = theme
                    .map(Role::Fill(crate::map::Paint {
                        slot: s,
                        own,
                        tone: crate::map::Tone::Plain,
                        estimate: false,
                    }))
                    .bg;
                let want = theme.swatch(slot).and_then(|st| st.bg);
                if color {
                    assert_eq!(want, key, "[{}]", d.platforms[i].number);
                }
                for y in 1..5 {
                    for dx in 0..2 {
                        let bg = buf[(x + dx, y)].bg;
                        let bg = (bg != Color::Reset).then_some(bg);
                        let base = theme.base().bg;
                        let got = if bg == base { None } else { bg };
                        let expect = if color { want } else { None };
                        assert_eq!(
                            got,
                            expect,
                            "[{}] at {w}x{h} colour {color}, cell ({}, {y})",
                            d.platforms[i].number,
                            x + dx
                        );
                    }
                }
            }
        }
    }
}
