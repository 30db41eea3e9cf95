//! The rules a reader relies on, over many sizes, selections and languages: names stay with their
//! numbers, the selection's fill shows, the honesty notes are there.

use std::collections::HashMap;

use unicode_width::UnicodeWidthStr;

use super::tests::{SIZES, fitted, legend, markers};
use super::*;
use crate::dataset;

/// Every `[n]` marker: platform number → (first column, width, row).
fn marker_spans(g: &MapGrid) -> HashMap<u32, (i64, i64, i64)> {
    let mut found = HashMap::new();
    for (n, (centre, row)) in markers(g) {
        let w = format!("[{n}]").len() as i64;
        let x = (centre - 0.5 - (w - 1) as f64 / 2.0).round() as i64;
        found.insert(n, (x, w, row.floor() as i64));
    }
    found
}

/// Where `text` appears in row `y` with every cell in one of `roles`: the first columns.
fn find_text(g: &MapGrid, y: u16, text: &str, roles: &dyn Fn(Role) -> bool) -> Vec<i64> {
    let cells: Vec<&Cell> = (0..g.width).map(|x| g.cell(x, y).unwrap()).collect();
    let want: Vec<String> = {
        let mut v = Vec::new();
        for c in text.chars() {
            v.push(c.to_string());
            if c.to_string().width() == 2 {
                v.push(String::new());
            }
        }
        v
    };
    (0..cells.len())
        .filter(|&x| {
            x + want.len() <= cells.len()
                && want
                    .iter()
                    .zip(&cells[x..])
                    .all(|(s, c)| &c.symbol == s && roles(c.role))
        })
        .map(|x| x as i64)
        .collect()
}

/// Rule: names can only be read as their own ([`check_name_rule`]); the selection's fill shows;
/// the notes are there.
fn check_names_fill_notes(d: &Dataset, w: u16, h: u16, opts: &MapOptions) {
    let g = fitted(d, w, h, opts);
    let ctx = || {
        format!(
            "{w}x{h} {:?} {:?} {:?}\n{}",
            opts.style,
            opts.lang,
            opts.selected,
            g.lines().join("\n")
        )
    };
    check_name_rule(d, &g, opts.lang, &ctx);
    if let Some(i) = opts.selected {
        let filled = g
            .cells
            .iter()
            .filter(|c| match c.role {
                Role::SelectedFill => true,
                Role::Fill(p) | Role::Dots { on: Some(p), .. } => p.tone == Tone::Selected,
                _ => false,
            })
            .count();
        let need = if w >= 120 && h >= 40 {
            12
        } else if w >= 80 && h >= 24 {
            4
        } else {
            1
        };
        assert!(
            filled >= need,
            "only {filled} fill cells of {i} at {}",
            ctx()
        );
    }
    let text = g.lines().join("\n");
    let notes = notes(opts.lang);
    assert!(
        notes.iter().any(|(e, _)| text.contains(e.as_str())),
        "no era note at {}",
        ctx()
    );
    assert!(
        notes.iter().any(|(_, a)| text.contains(a.as_str())),
        "no approximation note at {}",
        ctx()
    );
}

#[test]
fn names_stay_with_their_numbers_fills_show_and_notes_are_there() {
    let d = dataset::embedded();
    for (w, h) in SIZES.into_iter().filter(|&(w, _)| w <= 200) {
        for style in [MapStyle::Ascii, MapStyle::Unicode, MapStyle::Fill] {
            for lang in [Lang::Zh, Lang::En, Lang::Both] {
                for selected in std::iter::once(None).chain((0..d.platforms.len()).map(Some)) {
                    let opts = MapOptions {
                        style,
                        lang,
                        selected,
                        ..legend()
                    };
                    check_names_fill_notes(&d, w, h, &opts);
                }
            }
        }
    }
}

/// Rule: the whole district reads as a picture, not a texture. At 120x40 in the plain ASCII style
/// (what `gongshu map --style ascii --width 120 --height 40` prints) at most 15 % of the display
/// cells carry ink, legend and notes included, in every language; a wide character inks two.
#[test]
fn the_whole_district_map_is_mostly_blank() {
    use unicode_width::UnicodeWidthChar;
    let d = dataset::embedded();
    let (w, h) = (120u16, 40u16);
    for lang in [Lang::Zh, Lang::En, Lang::Both] {
        let opts = MapOptions {
            style: MapStyle::Ascii,
            lang,
            ..legend()
        };
        let lines = fitted(&d, w, h, &opts).lines();
        let inked: usize = lines
            .iter()
            .flat_map(|l| l.chars())
            .filter(|c| *c != ' ')
            .map(|c| c.width().unwrap_or(0))
            .sum();
        let cells = w as usize * h as usize;
        assert!(
            inked * 100 <= cells * 15,
            "{lang:?}: {inked} of {cells} cells inked ({:.1} %)\n{}",
            inked as f64 * 100.0 / cells as f64,
            lines.join("\n")
        );
    }
}

/// A piece of text on the grid: first column, width, row.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Span {
    x: i64,
    w: i64,
    y: i64,
}

/// The name rule, as a reader meets it, read off the drawn cells:
/// - a platform's name sits on its number's row, at most one blank cell from it, or directly
///   above or below it covering the number's columns (and then not also directly above or below
///   another number);
/// - no other platform's number stands on a name's row within three cells of either end of it
///   (nor within three cells of a road, water or landmark name, which would read as its name);
/// - two names on a row are at least two cells apart;
/// - a landmark's name stands one blank cell from its mark, and no mark is left without one;
/// - a name with no such place is shown once, as `[n] name` in a key inside the legend block
///   (right-aligned with it, on the map's right half, never by the north arrow), never elsewhere;
/// - every label cell on the map belongs to one of these names (nothing cut or stray).
pub(crate) fn check_name_rule(d: &Dataset, g: &MapGrid, lang: Lang, ctx: &dyn Fn() -> String) {
    let spans = marker_spans(g);
    let (w, h) = (g.width as i64, g.height as i64);
    let blank = |x: i64, y: i64| {
        x < 0 || x >= w || g.cell(x as u16, y as u16).is_none_or(|c| c.symbol == " ")
    };
    let near_number = |s: Span, except: Option<u32>| {
        spans.iter().find(|&(&n, &(ox, ow, oy))| {
            Some(n) != except && oy == s.y && ox < s.x + s.w + 3 && s.x - 3 < ox + ow
        })
    };
    // Every label on a row, to check spacing and that no label cell is unaccounted for.
    let mut shown: Vec<Span> = Vec::new();
    let is_label = |r: Role| matches!(r, Role::Label | Role::SelectedLabel);
    // The legend block's right edge: the furthest its rows and notes reach in the lower half.
    let note_right = (h / 2..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            g.cell(x as u16, y as u16).is_some_and(|c| {
                matches!(c.role, Role::Note | Role::Legend) && !c.symbol.trim().is_empty()
            })
        })
        .map(|(x, y)| x + g.cell(x as u16, y as u16).unwrap().symbol.width() as i64)
        .max();
    for p in &d.platforms {
        let name = platform_label(lang, p);
        let lw = cols(&name);
        let Some(&(mx, mw, my)) = spans.get(&p.number) else {
            continue;
        };
        let mut labelled = 0;
        for y in 0..h {
            for x in find_text(g, y as u16, &name, &is_label) {
                let s = Span { x, w: lw, y };
                let beside = y == my
                    && (x == mx + mw
                        || (x == mx + mw + 1 && blank(mx + mw, y))
                        || x + lw == mx
                        || (x + lw + 1 == mx && blank(x + lw, y)));
                let over_other = spans.iter().any(|(&n, &(ox, ow, oy))| {
                    n != p.number && (oy == y - 1 || oy == y + 1) && ox < x + lw && x < ox + ow
                });
                let stacked = (y == my - 1 || y == my + 1) && x <= mx && mx + mw <= x + lw;
                assert!(
                    (beside || stacked) && !over_other,
                    "{name} is not by [{}] alone at {}",
                    p.number,
                    ctx()
                );
                if let Some((n, _)) = near_number(s, Some(p.number)) {
                    panic!("[{n}] stands within three cells of {name} at {}", ctx());
                }
                shown.push(s);
                labelled += 1;
            }
        }
        let key = format!("[{}] {name}", p.number);
        let listed: Vec<(i64, i64)> = (0..h)
            .flat_map(|y| {
                find_text(g, y as u16, &key, &|r| r == Role::Legend)
                    .into_iter()
                    .map(move |x| (x, y))
            })
            .collect();
        for &(x, y) in &listed {
            assert!(
                note_right.unwrap_or(w - 1) == x + cols(&key)
                    && (x > w / 2 || cols(&key) + 2 >= w / 2)
                    && (x >= 4 || y >= 3),
                "{key} listed outside the legend block at {}",
                ctx()
            );
        }
        assert_eq!(
            labelled + listed.len(),
            1,
            "{name} shown {labelled} times by its number and listed {} times at {}",
            listed.len(),
            ctx()
        );
    }
    // Names of lines and landmarks.
    for f in &d.basemap {
        let text = label_text(lang, &f.map_label());
        let lw = cols(&text);
        if lw == 0 {
            continue;
        }
        let landmark = f.kind == crate::dataset::FeatureKind::Landmark;
        let roles = |r: Role| {
            if landmark {
                r == Role::Landmark
            } else {
                matches!(r, Role::RoadLabel | Role::WaterLabel)
            }
        };
        for y in 0..h {
            for x in find_text(g, y as u16, &text, &roles) {
                let s = Span { x, w: lw, y };
                // A shorter name inside a longer one found already is that one.
                if shown
                    .iter()
                    .any(|o| o.y == y && o.x <= x && x + lw <= o.x + o.w)
                {
                    continue;
                }
                if let Some((n, _)) = near_number(s, None) {
                    panic!("[{n}] stands within three cells of {text} at {}", ctx());
                }
                if landmark {
                    let mark = |c: i64| {
                        g.cell(c as u16, y as u16)
                            .is_some_and(|c| c.symbol == "o" && c.role == Role::Landmark)
                    };
                    assert!(
                        (mark(x - 2) && blank(x - 1, y)) || (mark(x + lw + 1) && blank(x + lw, y)),
                        "{text} is not one blank from its mark at {}",
                        ctx()
                    );
                }
                shown.push(s);
            }
        }
    }
    // Every label cell is part of a name found above; every landmark mark has its name.
    for y in 0..h {
        for x in 0..w {
            let c = g.cell(x as u16, y as u16).unwrap();
            let covered = shown.iter().any(|s| s.y == y && s.x <= x && x < s.x + s.w);
            let label = matches!(
                c.role,
                Role::Label | Role::SelectedLabel | Role::RoadLabel | Role::WaterLabel
            ) && c.symbol != " ";
            assert!(
                !label || covered,
                "a stray label cell {:?} at {x},{y}: {}",
                c.symbol,
                ctx()
            );
            // The legend's sample of a landmark is followed by its meaning, not a name.
            let sample = (x + 1..x + 4).any(|c| {
                g.cell(c as u16, y as u16)
                    .is_some_and(|c| c.role == Role::Legend && !c.symbol.trim().is_empty())
            });
            if c.role == Role::Landmark && c.symbol == "o" && !covered && !sample {
                let named = shown
                    .iter()
                    .any(|s| s.y == y && (s.x == x + 2 || s.x + s.w + 1 == x));
                assert!(
                    named,
                    "a landmark mark without its name at {x},{y}: {}",
                    ctx()
                );
            }
        }
    }
    // Two names on a row at least two cells apart.
    shown.sort_by_key(|s| (s.y, s.x));
    for pair in shown.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        assert!(
            a.y != b.y || b.x >= a.x + a.w + 2,
            "two names less than two cells apart on row {}: {}",
            a.y,
            ctx()
        );
    }
}

/// Every way a map is drawn: the district or a slide (zoomed to the selection), with or without
/// a spotlight.
fn name_rule_at(d: &Dataset, w: u16, h: u16, opts: &MapOptions, slide: bool) {
    let vp = match opts.selected {
        Some(i) if slide => Viewport::fit_platform_context(d, i, w, h),
        _ => Viewport::fit_district(d, w, h),
    };
    // A slide names the selected platform's boundaries first.
    let opts = &MapOptions {
        boundaries: slide,
        ..opts.clone()
    };
    let g = render(d, &vp, w, h, opts);
    let ctx = || {
        format!(
            "{w}x{h} {:?} {:?} selected {:?} lit {:?} slide {slide}\n{}",
            opts.style,
            opts.lang,
            opts.selected,
            opts.highlighted,
            g.lines().join("\n")
        )
    };
    check_name_rule(d, &g, opts.lang, &ctx);
}

const STYLES: [MapStyle; 3] = [MapStyle::Ascii, MapStyle::Unicode, MapStyle::Fill];
const LANGS: [Lang; 3] = [Lang::Zh, Lang::En, Lang::Both];

/// The spotlights a user can ask for: none, and a search that lights several platforms.
fn spotlights(d: &Dataset) -> [Vec<usize>; 2] {
    let index = crate::search::Index::new(d);
    let lit = spotlight(&index, "金融");
    assert!(lit.len() >= 2, "金融 lights several platforms: {lit:?}");
    [Vec::new(), lit]
}

#[test]
fn a_name_can_only_be_read_as_its_own_at_every_standard_size() {
    let d = dataset::embedded();
    let sizes = SIZES.into_iter().chain([(240, 67)]);
    for (w, h) in sizes {
        for style in STYLES {
            for lang in LANGS {
                for highlighted in spotlights(&d) {
                    for selected in std::iter::once(None).chain((0..d.platforms.len()).map(Some)) {
                        for slide in [false, true] {
                            if slide && selected.is_none() {
                                continue;
                            }
                            let opts = MapOptions {
                                style,
                                lang,
                                selected,
                                highlighted: highlighted.clone(),
                                spotlight: Some("金融".into()).filter(|_| !highlighted.is_empty()),
                                legend: true,
                                boundaries: false,
                            };
                            name_rule_at(&d, w, h, &opts, slide);
                        }
                    }
                }
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(160))]
    #[test]
    fn a_name_can_only_be_read_as_its_own_at_any_size(
        w in 60u16..=240,
        h in 20u16..=67,
        style in 0usize..3,
        lang in 0usize..3,
        selected in proptest::option::of(0usize..10),
        lit in proptest::bool::ANY,
        slide in proptest::bool::ANY,
    ) {
        let d = dataset::embedded();
        let opts = MapOptions {
            style: STYLES[style],
            lang: LANGS[lang],
            selected,
            highlighted: if lit { spotlights(&d)[1].clone() } else { Vec::new() },
            spotlight: lit.then(|| "金融".into()),
            legend: true,
            boundaries: false,
        };
        name_rule_at(&d, w, h, &opts, slide);
    }
}

/// Rule: a caveat names what it speaks of: every era note says "district" (区), never a bare year,
/// and every approximation note says what is approximate or "approx.", in every language.
#[test]
fn caveats_have_a_noun() {
    for lang in LANGS {
        for (era, approx) in notes(lang) {
            if lang != Lang::Zh {
                assert!(
                    era.contains("district") || era.contains("Gongshu"),
                    "{lang:?}: {era}"
                );
                assert!(approx.contains("approx"), "{lang:?}: {approx}");
            }
            if lang != Lang::En {
                assert!(era.contains('区'), "{lang:?}: {era}");
                assert!(approx.contains("示意"), "{lang:?}: {approx}");
            }
        }
    }
}

/// Rule: in the unicode style the district's edge reads as one border, not scattered pieces:
/// along its path no cell is left blank (a gap), only crossed by what is drawn over it.
#[test]
fn the_unicode_district_edge_is_one_border() {
    let d = dataset::embedded();
    for (w, h) in [(80u16, 24u16), (100, 30), (160, 48)] {
        let opts = MapOptions {
            style: MapStyle::Unicode,
            ..legend()
        };
        let vp = Viewport::fit_district(&d, w, h);
        let g = render(&d, &vp, w, h, &opts);
        let ring = &d.district.outline.ring;
        let (mut path, mut gaps) = (std::collections::BTreeSet::new(), 0);
        for (i, a) in ring.iter().enumerate() {
            let b = ring[(i + 1) % ring.len()];
            let (p, q) = (vp.project(*a, w, h), vp.project(b, w, h));
            let n = ((q.0 - p.0).abs().max((q.1 - p.1).abs()) * 4.0)
                .ceil()
                .max(1.0) as usize;
            for k in 0..=n {
                let t = k as f64 / n as f64;
                let cell = (
                    (p.0 + (q.0 - p.0) * t).floor() as u16,
                    (p.1 + (q.1 - p.1) * t).floor() as u16,
                );
                if path.insert(cell)
                    && g.cell(cell.0, cell.1)
                        .is_some_and(|c| c.role == Role::Blank)
                {
                    gaps += 1;
                }
            }
        }
        assert!(
            gaps * 20 <= path.len(),
            "{gaps} gaps in {} cells of the district's edge at {w}x{h}\n{}",
            path.len(),
            g.lines().join("\n")
        );
    }
}
