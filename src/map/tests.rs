use std::collections::HashMap;

use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

use super::*;
use crate::dataset::{self, Geometry};

pub(super) fn fitted(d: &Dataset, w: u16, h: u16, opts: &MapOptions) -> MapGrid {
    render(d, &Viewport::fit_district(d, w, h), w, h, opts)
}

pub(super) fn legend() -> MapOptions {
    MapOptions {
        legend: true,
        boundaries: false,
        ..Default::default()
    }
}

/// Every `[n]` on the grid: platform number → centre cell (column, row).
pub(super) fn markers(g: &MapGrid) -> HashMap<u32, (f64, f64)> {
    let mut found = HashMap::new();
    for y in 0..g.height {
        // Markers only: the legend's list of numbered names is not a marker.
        let row: Vec<&str> = (0..g.width)
            .map(|x| g.cell(x, y).unwrap())
            .map(|c| {
                if matches!(
                    c.role,
                    Role::Marker | Role::SelectedMarker | Role::HighlightedMarker
                ) {
                    c.symbol.as_str()
                } else {
                    " "
                }
            })
            .collect();
        for x in 0..row.len() {
            if row[x] != "[" {
                continue;
            }
            let digits: String = row[x + 1..]
                .iter()
                .take_while(|s| s.len() == 1 && s.as_bytes()[0].is_ascii_digit())
                .copied()
                .collect();
            let end = x + 1 + digits.len();
            if !digits.is_empty() && row.get(end) == Some(&"]") {
                let n: u32 = digits.parse().unwrap();
                let centre = (x + end) as f64 / 2.0 + 0.5;
                assert!(
                    found.insert(n, (centre, y as f64 + 0.5)).is_none(),
                    "[{n}] appears twice"
                );
            }
        }
    }
    found
}

/// The screen row of a polyline at column `x` (its nearest end when `x` is beyond it).
fn row_at(pts: &[(f64, f64)], x: f64) -> f64 {
    for s in pts.windows(2) {
        let (a, b) = (s[0], s[1]);
        if (a.0 <= x && x <= b.0) || (b.0 <= x && x <= a.0) {
            let t = if b.0 == a.0 {
                0.0
            } else {
                (x - a.0) / (b.0 - a.0)
            };
            return a.1 + (b.1 - a.1) * t;
        }
    }
    let (first, last) = (pts[0], pts[pts.len() - 1]);
    if (first.0 - x).abs() < (last.0 - x).abs() {
        first.1
    } else {
        last.1
    }
}

/// The relations of GEOGRAPHY.md, read off the rendered grid.
fn check_geography(d: &Dataset, w: u16, h: u16, opts: &MapOptions) {
    let g = fitted(d, w, h, opts);
    let at = markers(&g);
    let ctx = format!("{w}x{h} {:?}\n{}", opts.selected, g.lines().join("\n"));
    for n in 1..=10 {
        assert!(at.contains_key(&n), "[{n}] missing at {ctx}");
    }
    let (x, y) = (|n: u32| at[&n].0, |n: u32| at[&n].1);
    let north = |a: u32, b: u32| assert!(y(a) < y(b), "[{a}] not north of [{b}] at {ctx}");
    let west = |a: u32, b: u32| assert!(x(a) < x(b), "[{a}] not west of [{b}] at {ctx}");

    // Shixiang Rd is the spine: who is north of it and who south, where each marker stands.
    let vp = Viewport::fit_district(d, w, h);
    let Geometry::Line(road) = &d.feature_named("石祥路").unwrap().geometry else {
        panic!("Shixiang Rd is a line");
    };
    let road: Vec<(f64, f64)> = road.iter().map(|&p| vp.project(p, w, h)).collect();
    for n in [3, 4, 6, 9, 10] {
        assert!(
            y(n) < row_at(&road, x(n)),
            "[{n}] not north of Shixiang Rd at {ctx}"
        );
    }
    for n in [1, 2, 5, 8] {
        assert!(
            y(n) > row_at(&road, x(n)),
            "[{n}] not south of Shixiang Rd at {ctx}"
        );
    }
    north(4, 2); // Smart Net Valley across Shixiang Rd from Shangtang E-commerce
    north(10, 4); // Kangqiao Health north of Smart Net Valley
    west(10, 6); // Kangqiao New Energy east of Kangqiao Health, across the railway
    west(5, 1); // Industrial Design west of Canal Wealth
    north(3, 5); // Northern Software Park north of Industrial Design
    west(8, 5); // Shenhua south-west of Industrial Design...
    north(5, 8);
    for n in [1, 2] {
        west(8, n); // ...and the westernmost of the southern platforms
    }
    for n in 1..=8 {
        // Beicheng Zhihui is the north-easternmost.
        west(n, 9);
        north(9, n);
    }
    west(10, 9);
    north(9, 10);
}

pub(super) const SIZES: [(u16, u16); 8] = [
    (60, 20),
    (72, 22),
    (80, 24),
    (100, 30),
    (120, 40),
    (160, 48),
    (200, 60),
    (240, 70),
];

#[test]
fn markers_keep_the_districts_relations_at_every_size() {
    let d = dataset::embedded();
    for (w, h) in SIZES {
        for style in [MapStyle::Ascii, MapStyle::Unicode, MapStyle::Fill] {
            for selected in std::iter::once(None).chain((0..d.platforms.len()).map(Some)) {
                let opts = MapOptions {
                    style,
                    selected,
                    ..legend()
                };
                check_geography(&d, w, h, &opts);
            }
        }
    }
}

#[test]
fn the_canal_runs_through_canal_wealth() {
    let d = dataset::embedded();
    for (w, h) in SIZES {
        let vp = Viewport::fit_district(&d, w, h);
        let g = render(&d, &vp, w, h, &legend());
        let inside_canal = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| g.cell(x, y).unwrap().role == Role::Canal)
            .any(|(x, y)| platform_at(&d, &vp, w, h, x, y) == Some(0));
        assert!(inside_canal, "no canal inside [1] at {w}x{h}");
    }
}

#[test]
fn the_selected_platform_is_filled_and_labelled() {
    let d = dataset::embedded();
    for i in 0..d.platforms.len() {
        let opts = MapOptions {
            selected: Some(i),
            ..legend()
        };
        let g = fitted(&d, 80, 24, &opts);
        // It is marked by symbols no other cell of the map uses, so it shows without colour.
        let marked = g
            .cells
            .iter()
            .filter(|c| matches!(c.role, Role::SelectedFill | Role::SelectedOutline))
            .count();
        assert!(
            marked > 0,
            "platform {i} is not marked\n{}",
            g.lines().join("\n")
        );
        for c in &g.cells {
            let own = matches!(c.role, Role::SelectedFill | Role::SelectedOutline);
            let text = matches!(c.role, Role::Label | Role::SelectedLabel | Role::Legend);
            if !own && !text {
                assert!(c.symbol != "*" && c.symbol != ":", "{c:?}");
            }
        }
        assert!(
            g.lines()
                .join("\n")
                .contains(d.platforms[i].name.zh.as_str()),
            "platform {i}'s name is missing"
        );
        // Only the selected platform is filled.
        let vp = Viewport::fit_district(&d, 80, 24);
        for (k, c) in g.cells.iter().enumerate() {
            if c.role == Role::SelectedFill {
                let (x, y) = ((k % 80) as u16, (k / 80) as u16);
                let ring = Projection::new(&vp, 80, 24).ring(&d.platforms[i].outline.ring);
                let centre = (x as f64 + 0.5, y as f64 + 0.5);
                // Inside, or on the edge of a platform too small to fill from inside.
                assert!(
                    place::signed_distance(&ring, centre) > -1.5,
                    "fill outside {i} at {x},{y}"
                );
            }
        }
    }
}

#[test]
fn labels_never_overwrite_each_other() {
    // Every platform name that is shown is shown whole, and each at most once.
    let d = dataset::embedded();
    for (w, h) in SIZES {
        let text = fitted(&d, w, h, &legend()).lines().join("\n");
        for p in &d.platforms {
            assert!(
                text.matches(p.name.zh.as_str()).count() <= 1,
                "{}",
                p.name.zh
            );
        }
        let shown = d
            .platforms
            .iter()
            .filter(|p| text.contains(p.name.zh.as_str()))
            .count();
        assert!(shown >= 5, "only {shown} names at {w}x{h}\n{text}");
    }
}

#[test]
fn english_map_labels_leave_out_the_kind_but_keep_a_name() {
    let d = dataset::embedded();
    let en: Vec<String> = d
        .platforms
        .iter()
        .map(|p| platform_label(Lang::En, p))
        .collect();
    assert_eq!(
        en,
        [
            "Canal Wealth",
            "Shangtang E-commerce",
            // "Northern" alone would be no name: the whole name.
            "Northern Software Park",
            "Smart Net Valley",
            "Industrial Design",
            "Kangqiao New Energy",
            "Automotive Internet",
            // "Shenhua" alone would be a place, not a park: the name whole, as the list has it,
            // not its shorter other name.
            "Shenhua Industry Cluster",
            // Its name does not end with its kind: whole.
            "Beicheng Zhihui Park",
            "Kangqiao Health",
        ]
    );
    // Each is the dataset's own words: one of its names, or the start of one.
    for (p, label) in d.platforms.iter().zip(&en) {
        assert!(p.name.en.starts_with(label.as_str()), "{label}");
        assert_eq!(platform_label(Lang::Zh, p), p.name.zh);
        assert_eq!(platform_label(Lang::Both, p), p.name.zh);
    }
}

#[test]
fn ascii_style_is_ascii_apart_from_label_text() {
    let d = dataset::embedded();
    let g = fitted(&d, 120, 40, &legend());
    for c in &g.cells {
        let labelled = matches!(
            c.role,
            Role::Label
                | Role::SelectedLabel
                | Role::RoadLabel
                | Role::WaterLabel
                | Role::Legend
                | Role::Note
                | Role::Landmark
        );
        assert!(
            labelled || c.symbol.is_ascii(),
            "{:?} {:?}",
            c.symbol,
            c.role
        );
    }
}

#[test]
fn viewport_operations_move_the_way_the_keys_say() {
    let d = dataset::embedded();
    let vp = Viewport::fit_district(&d, 100, 40);
    let p = d.platforms[0].outline.ring[0];
    let (x, y) = vp.project(p, 100, 40);
    let (x2, _) = vp.pan(5, 0).project(p, 100, 40);
    assert!(
        (x - x2 - 5.0).abs() < 1e-6,
        "panning east moves the map left"
    );
    let (_, y2) = vp.pan(0, 3).project(p, 100, 40);
    assert!(
        (y - y2 - 3.0).abs() < 1e-3,
        "panning south moves the map up"
    );
    let z = vp.zoom(2.0);
    assert!((z.cols_per_km / vp.cols_per_km - 2.0).abs() < 1e-9);
    assert_eq!(vp.zoom(1e30).cols_per_km, MAX_SCALE);
    assert_eq!(vp.zoom(f64::NAN), vp);
    let odd = Viewport {
        center: (f64::NAN, f64::INFINITY),
        cols_per_km: f64::NAN,
    };
    let moved = odd.pan(i32::MAX, i32::MIN).zoom(3.0);
    assert!(moved.center.0.is_finite() && moved.center.1.is_finite());
}

#[test]
fn fit_platform_shows_the_platform_and_its_marker() {
    let d = dataset::embedded();
    for i in 0..d.platforms.len() {
        let vp = Viewport::fit_platform(&d, i, 80, 24);
        let g = render(&d, &vp, 80, 24, &legend());
        assert!(
            markers(&g).contains_key(&d.platforms[i].number),
            "platform {i}\n{}",
            g.lines().join("\n")
        );
        for &p in &d.platforms[i].outline.ring {
            let (x, y) = vp.project(p, 80, 24);
            assert!((0.0..80.0).contains(&x) && (0.0..24.0).contains(&y));
        }
    }
}

#[test]
fn platform_at_finds_the_platform_under_its_marker() {
    let d = dataset::embedded();
    let vp = Viewport::fit_district(&d, 120, 40);
    let g = render(&d, &vp, 120, 40, &legend());
    for (n, (x, y)) in markers(&g) {
        let i = platform_at(&d, &vp, 120, 40, x as u16, y as u16);
        assert_eq!(i.map(|i| d.platforms[i].number), Some(n));
    }
    assert_eq!(platform_at(&d, &vp, 120, 40, 0, 0), None);
    assert_eq!(platform_at(&d, &vp, 120, 40, 500, 5), None);
}

#[test]
fn hostile_label_text_is_made_safe() {
    let mut d = dataset::embedded();
    d.platforms[0].name.zh = "bad\x1b]52;c;x\x07\u{202E}name\u{301}".into();
    let g = fitted(&d, 120, 40, &legend());
    for c in &g.cells {
        assert!(
            !c.symbol
                .chars()
                .any(|ch| ch.is_control() || ch == '\u{202E}')
        );
    }
    assert!(g.lines().join("").contains("bad^[]52;c;x^G<U+202E>name"));
}

#[test]
fn tiny_and_empty_grids_are_fine() {
    let d = dataset::embedded();
    for (w, h) in [(0, 0), (0, 5), (5, 0), (1, 1), (2, 1), (1, 200), (400, 1)] {
        let g = fitted(&d, w, h, &legend());
        assert_eq!(g.cells.len(), w as usize * h as usize);
        assert_eq!(g.lines().len(), if w == 0 { 0 } else { h as usize });
    }
    let g = render(
        &d,
        &Viewport::fit_district(&d, 80, 24),
        u16::MAX,
        u16::MAX,
        &legend(),
    );
    assert_eq!((g.width, g.height), (MAX_WIDTH, MAX_HEIGHT));
}

fn golden(w: u16, h: u16, selected: Option<usize>) -> String {
    golden_in(MapStyle::Ascii, w, h, selected)
}

fn golden_in(style: MapStyle, w: u16, h: u16, selected: Option<usize>) -> String {
    let d = dataset::embedded();
    let opts = MapOptions {
        style,
        selected,
        ..legend()
    };
    fitted(&d, w, h, &opts).lines().join("\n")
}

/// The fill style's paint, a character a cell: `a`-`f` a platform's slot, `A`-`F` the selected
/// one's, `0`-`5` a dimmed one's; `-` a line over bare ground, `T` text; blank is bare ground.
fn paint_layer(g: &MapGrid) -> String {
    let paint = |p: Paint| {
        let base = match p.tone {
            Tone::Selected => b'A',
            Tone::Dim => b'0',
            Tone::Plain | Tone::Lit => b'a',
        };
        (base + p.slot) as char
    };
    g.cells
        .chunks(g.width as usize)
        .map(|row| {
            let s: String = row
                .iter()
                .map(|c| match c.role {
                    Role::Blank => ' ',
                    Role::Fill(p) | Role::Dots { on: Some(p), .. } => paint(p),
                    Role::Dots { on: None, .. } => '-',
                    _ => 'T',
                })
                .collect();
            s.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn golden_maps() {
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        insta::assert_snapshot!(format!("ascii_{w}x{h}"), golden(w, h, None));
        // Selected: Canal Wealth Town, the platform the canal runs through.
        insta::assert_snapshot!(format!("ascii_{w}x{h}_selected_1"), golden(w, h, Some(0)));
    }
    let d = dataset::embedded();
    let opts = MapOptions {
        style: MapStyle::Unicode,
        selected: Some(3),
        lang: Lang::En,
        legend: true,
        boundaries: false,
        ..Default::default()
    };
    insta::assert_snapshot!(
        "unicode_en_160x48_selected_4",
        fitted(&d, 160, 48, &opts).lines().join("\n")
    );
}

#[test]
fn golden_fill_maps() {
    let d = dataset::embedded();
    let theme = crate::view::theme::Theme::colored();
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        for selected in [None, Some(0)] {
            let name = match selected {
                None => format!("fill_{w}x{h}"),
                Some(i) => format!("fill_{w}x{h}_selected_{}", i + 1),
            };
            let opts = MapOptions {
                style: MapStyle::Fill,
                selected,
                ..legend()
            };
            let g = fitted(&d, w, h, &opts);
            insta::assert_snapshot!(name.clone(), g.lines().join("\n"));
            insta::assert_snapshot!(format!("{name}_paint"), paint_layer(&g));
            // The colours: every platform cell has a background, the selection a bright one,
            // and dimmed platforms none (named colours), nor the hatch of one placed by estimate.
            for c in &g.cells {
                if let Role::Fill(p) = c.role {
                    let bg = theme.map(c.role).bg;
                    match p.tone {
                        Tone::Dim => assert_eq!(bg, None),
                        Tone::Plain if p.estimate => assert_eq!(bg, None),
                        Tone::Selected => assert!(
                            matches!(
                                bg,
                                Some(
                                    ratatui::style::Color::LightGreen
                                        | ratatui::style::Color::LightYellow
                                        | ratatui::style::Color::LightMagenta
                                        | ratatui::style::Color::LightRed
                                        | ratatui::style::Color::LightCyan
                                        | ratatui::style::Color::White
                                )
                            ),
                            "{bg:?}"
                        ),
                        _ => assert!(bg.is_some()),
                    }
                }
            }
        }
    }
}

#[test]
fn neighbours_never_share_a_palette_slot() {
    let d = dataset::embedded();
    let slots = palette_slots(&d);
    assert_eq!(slots, palette_slots(&d), "deterministic");
    // Ten platforms, ten colours of their own on 256 colours or more.
    let own: std::collections::HashSet<u8> = slots.iter().map(|&s| paint_colours(s).1).collect();
    assert_eq!(own.len(), d.platforms.len(), "{slots:?}");
    let vp = Viewport::fit_district(&d, 400, 200);
    let g = render(
        &d,
        &vp,
        400,
        200,
        &MapOptions {
            style: MapStyle::Fill,
            ..Default::default()
        },
    );
    // Side by side on the map, two different platforms' cells never share a slot.
    for y in 0..g.height {
        for x in 0..g.width - 1 {
            let (a, b) = (g.cell(x, y).unwrap().role, g.cell(x + 1, y).unwrap().role);
            if let (Role::Fill(pa), Role::Fill(pb)) = (a, b) {
                let (ia, ib) = (
                    platform_at(&d, &vp, 400, 200, x, y),
                    platform_at(&d, &vp, 400, 200, x + 1, y),
                );
                if ia != ib {
                    assert_ne!(pa.slot, pb.slot, "{ia:?} and {ib:?} at {x},{y}");
                    assert_ne!(pa.own, pb.own, "{ia:?} and {ib:?} at {x},{y}");
                }
            }
        }
    }
}

/// Any viewport at all, including far away and absurd zooms.
fn any_viewport() -> impl Strategy<Value = Viewport> {
    (-200.0f64..200.0, -100.0f64..100.0, -5.0f64..5.0).prop_map(|(lon, lat, e)| Viewport {
        center: (lon, lat),
        cols_per_km: 10f64.powf(e),
    })
}

fn near_district() -> impl Strategy<Value = Viewport> {
    (120.0f64..120.3, 30.2f64..30.5, -1.0f64..3.5).prop_map(|(lon, lat, e)| Viewport {
        center: (lon, lat),
        cols_per_km: 10f64.powf(e),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_viewport_and_size_renders_a_whole_grid(
        vp in prop_oneof![any_viewport(), near_district()],
        w in 1u16..=400,
        h in 1u16..=200,
        unicode in any::<bool>(),
        selected in proptest::option::of(0usize..12),
        lang in prop_oneof![Just(Lang::Zh), Just(Lang::En), Just(Lang::Both)],
    ) {
        let d = dataset::embedded();
        let opts = MapOptions {
            style: if unicode { MapStyle::Unicode } else { MapStyle::Ascii },
            lang,
            selected,
            highlighted: vec![1, 2],
            spotlight: None,
            legend: true,
            boundaries: false,
        };
        let g = render(&d, &vp, w, h, &opts);
        prop_assert_eq!(g.cells.len(), w as usize * h as usize);
        for y in 0..h {
            for x in 0..w {
                let c = g.cell(x, y).unwrap();
                let cw = c.symbol.width();
                prop_assert!(cw <= 2 && c.symbol.chars().count() <= 1, "{:?}", c.symbol);
                if cw == 2 {
                    prop_assert!(x + 1 < w, "wide char in the last column");
                    prop_assert_eq!(g.cell(x + 1, y).unwrap().symbol.as_str(), "");
                }
                if c.symbol.is_empty() {
                    prop_assert!(x > 0 && g.cell(x - 1, y).unwrap().symbol.width() == 2);
                }
            }
        }
        for line in g.lines() {
            prop_assert!(line.width() <= w as usize);
        }
        let _ = platform_at(&d, &vp, w, h, w / 2, h / 2);
    }
}

#[test]
fn a_platform_in_context_shows_it_its_neighbours_and_the_scale() {
    let d = dataset::embedded();
    for i in 0..d.platforms.len() {
        let (w, h) = (80, 24);
        let vp = Viewport::fit_platform_context(&d, i, w, h);
        let whole = Viewport::fit_district(&d, w, h);
        assert!(vp.cols_per_km >= whole.cols_per_km, "zoomed in on {i}");
        for &p in &d.platforms[i].outline.ring {
            let (x, y) = vp.project(p, w, h);
            assert!((0.0..w as f64).contains(&x) && (0.0..h as f64).contains(&y));
        }
        let g = render(
            &d,
            &vp,
            w,
            h,
            &MapOptions {
                selected: Some(i),
                ..legend()
            },
        );
        assert!(markers(&g).contains_key(&d.platforms[i].number));
        assert!(g.lines().join("\n").contains(" km") || g.lines().join("\n").contains(" m"));
    }
}
