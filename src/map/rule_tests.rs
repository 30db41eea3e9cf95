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

/// Rule: a name is on its marker's row touching it (one blank between), or directly above or
/// below it and not also directly above or below another marker; else its number and name are
/// listed in the legend. The selection's fill shows; the notes are there.
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
    let spans = marker_spans(&g);
    let is_label = |r: Role| matches!(r, Role::Label | Role::SelectedLabel);
    let is_legend = |r: Role| r == Role::Legend;
    for p in &d.platforms {
        let name = platform_label(opts.lang, p);
        let Some(&(mx, mw, my)) = spans.get(&p.number) else {
            panic!("[{}] missing at {}", p.number, ctx());
        };
        let mut labelled = 0;
        for y in 0..h {
            for x in find_text(&g, y, &name, &is_label) {
                let (y, lw) = (y as i64, cols(&name));
                let beside = y == my && (x == mx + mw + 1 || x + lw + 1 == mx);
                let stacked = (y == my - 1 || y == my + 1)
                    && x < mx + mw
                    && mx < x + lw
                    && !spans.iter().any(|(&n, &(ox, ow, oy))| {
                        n != p.number && (oy == y - 1 || oy == y + 1) && ox < x + lw && x < ox + ow
                    });
                assert!(
                    beside || stacked,
                    "{name} is not by [{}] at {}",
                    p.number,
                    ctx()
                );
                labelled += 1;
            }
        }
        let listed = (0..h)
            .flat_map(|y| find_text(&g, y, &format!("[{}] {name}", p.number), &is_legend))
            .count();
        assert_eq!(
            labelled + listed,
            1,
            "{name} shown {labelled} times by its marker and listed {listed} times at {}",
            ctx()
        );
    }
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
