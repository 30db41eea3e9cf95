//! The map of a large dataset, drawn per view: what a frame shows, and when it is drawn again.

use super::*;
use crate::dataset;

const W: u16 = 70;
const H: u16 = 37;

fn large() -> (Dataset, Facts) {
    let d = dataset::synthetic::generate(LARGE + 500);
    let f = Facts::new(&d);
    (d, f)
}

fn opts(style: MapStyle, selected: Option<usize>) -> MapOptions {
    MapOptions {
        style,
        selected,
        legend: true,
        ..Default::default()
    }
}

/// The text of the cells with `role`, row by row, runs joined with '|'.
fn text_of(g: &MapGrid, role: Role) -> String {
    let mut out = String::new();
    for y in 0..g.height {
        for x in 0..g.width {
            let c = g.cell(x, y).unwrap();
            if c.role == role {
                out.push_str(&c.symbol);
            } else if !out.ends_with('|') && !out.is_empty() {
                out.push('|');
            }
        }
    }
    out.trim_matches('|').to_string()
}

#[test]
fn a_small_dataset_is_drawn_whole_every_frame() {
    let d = dataset::embedded();
    let f = Facts::new(&d);
    let vp = Viewport::fit_district(&d, W, H);
    let frames = Frames::default();
    for style in [MapStyle::Ascii, MapStyle::Unicode, MapStyle::Fill] {
        for sel in [None, Some(0), Some(5)] {
            let o = opts(style, sel);
            assert_eq!(
                render_cached(&frames, &d, &f, &vp, W, H, &o),
                render_with(&d, &f, &vp, W, H, &o)
            );
        }
    }
}

#[test]
fn a_selection_move_shows_the_new_selection_and_only_it() {
    let (d, f) = large();
    let vp = Viewport::fit_district(&d, W, H);
    let frames = Frames::default();
    for style in [MapStyle::Ascii, MapStyle::Unicode, MapStyle::Fill] {
        for sel in [700, 701, 760, 1000, 820] {
            let g = render_cached(&frames, &d, &f, &vp, W, H, &opts(style, Some(sel)));
            let want = format!("[{}]", d.platforms[sel].number);
            assert_eq!(text_of(&g, Role::SelectedMarker), want, "{style:?} {sel}");
            // Its fill shows: the selection's own shade, or its paint brightened.
            let shown = g.cells.iter().any(|c| match c.role {
                Role::SelectedFill | Role::SelectedOutline => true,
                Role::Fill(p) | Role::Dots { on: Some(p), .. } => p.tone == Tone::Selected,
                Role::Dots {
                    stroke: Stroke::SelectedOutline,
                    ..
                } => true,
                _ => false,
            });
            assert!(shown, "{style:?} {sel}: the selection's fill or outline");
        }
        // With nothing selected nothing is drawn as selected.
        let g = render_cached(&frames, &d, &f, &vp, W, H, &opts(style, None));
        assert_eq!(text_of(&g, Role::SelectedMarker), "", "{style:?}");
    }
}

#[test]
fn numbers_are_as_many_as_the_view_has_room_for_and_off_view_platforms_get_none() {
    let (d, f) = large();
    let frames = Frames::default();
    let vp = Viewport::fit_district(&d, W, H);
    let g = render_cached(&frames, &d, &f, &vp, W, H, &opts(MapStyle::Ascii, None));
    let numbers = text_of(&g, Role::Marker).matches('[').count();
    assert!(numbers > 30, "{numbers}");
    assert!(
        numbers <= (W as usize).div_ceil(9) * H as usize,
        "{numbers}"
    );
    // Zoomed in on one platform: every number drawn is of a platform in or near the view.
    let vp = Viewport::fit_platform(&d, 700, W, H).zoom(2.0);
    let g = render_cached(&frames, &d, &f, &vp, W, H, &opts(MapStyle::Ascii, None));
    let text = text_of(&g, Role::Marker);
    assert!(text.contains("[701]"), "{text}");
    for n in text
        .split(['[', ']', '|'])
        .filter_map(|n| n.parse::<usize>().ok())
    {
        let (x, y) = vp.project(d.platforms[n - 1].outline.ring[0], W, H);
        assert!(
            (-20.0..W as f64 + 20.0).contains(&x) && (-20.0..H as f64 + 20.0).contains(&y),
            "[{n}] at {x},{y}"
        );
    }
}

#[test]
fn a_new_spotlight_may_show_late_but_is_drawn_when_asked() {
    let (d, f) = large();
    let vp = Viewport::fit_district(&d, W, H);
    let frames = Frames::default();
    let lit = |hl: Vec<usize>| MapOptions {
        highlighted: hl,
        ..opts(MapStyle::Ascii, Some(0))
    };
    let first = render_cached(&frames, &d, &f, &vp, W, H, &lit(vec![]));
    assert!(!frames.behind());
    assert_eq!(text_of(&first, Role::HighlightedMarker), "");
    let hits: Vec<usize> = (0..d.platforms.len()).step_by(3).collect();
    // Right after a key: the view's drawing as it was, and a drawing owed.
    frames.allow_stale(true);
    let quick = render_cached(&frames, &d, &f, &vp, W, H, &lit(hits.clone()));
    assert!(frames.behind());
    assert_eq!(text_of(&quick, Role::HighlightedMarker), "");
    // When no key waits: the spotlight drawn.
    frames.allow_stale(false);
    let whole = render_cached(&frames, &d, &f, &vp, W, H, &lit(hits.clone()));
    assert!(!frames.behind());
    assert!(!text_of(&whole, Role::HighlightedMarker).is_empty());
    // A new view is never shown late.
    frames.allow_stale(true);
    let moved = vp.pan(3, 0);
    let g = render_cached(&frames, &d, &f, &moved, W, H, &lit(vec![1]));
    assert!(!frames.behind());
    frames.allow_stale(false);
    assert_eq!(
        g,
        render_cached(&frames, &d, &f, &moved, W, H, &lit(vec![1]))
    );
}
