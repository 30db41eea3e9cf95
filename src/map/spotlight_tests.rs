//! How a spotlight shows on the map: lit and dimmed in the fill style, hatched and named in the
//! legend in the plain ones.

use super::tests::{fitted, legend};
use super::*;
use crate::dataset;

#[test]
fn a_spotlight_lights_the_hits_and_dims_the_rest() {
    let d = dataset::embedded();
    let index = crate::search::Index::new(&d);
    let lit = spotlight(&index, "电商");
    assert!(
        lit.contains(&1),
        "Shangtang E-commerce Town hosts e-commerce: {lit:?}"
    );
    assert!(spotlight(&index, "zzzzqqq").is_empty());
    let opts = MapOptions {
        style: MapStyle::Fill,
        highlighted: lit.clone(),
        ..legend()
    };
    let vp = Viewport::fit_district(&d, 120, 40);
    let g = render(&d, &vp, 120, 40, &opts);
    for y in 0..40 {
        for x in 0..120 {
            if let Role::Fill(p) = g.cell(x, y).unwrap().role
                && let Some(i) = platform_at(&d, &vp, 120, 40, x, y)
            {
                let want = if lit.contains(&i) {
                    Tone::Lit
                } else {
                    Tone::Dim
                };
                assert_eq!(p.tone, want, "platform {i} at {x},{y}");
            }
        }
    }
}

#[test]
fn a_spotlight_shows_without_colour_hatched_and_named_in_the_legend() {
    let d = dataset::embedded();
    let index = crate::search::Index::new(&d);
    let lit = spotlight(&index, "金融");
    let mut numbers: Vec<u32> = lit.iter().map(|&i| d.platforms[i].number).collect();
    numbers.sort_unstable();
    for style in [MapStyle::Ascii, MapStyle::Unicode] {
        let hatch = look(style, State::Spotlit);
        assert_ne!(hatch, look(style, State::Selected));
        for (w, h) in [(80, 24), (120, 40), (160, 48)] {
            for lang in [Lang::Zh, Lang::En, Lang::Both] {
                let opts = MapOptions {
                    style,
                    lang,
                    highlighted: lit.clone(),
                    spotlight: Some("金融".into()),
                    ..legend()
                };
                let vp = Viewport::fit_district(&d, w, h);
                let g = render(&d, &vp, w, h, &opts);
                let mut hatched = std::collections::HashSet::new();
                for y in 0..h {
                    for x in 0..w {
                        let c = g.cell(x, y).unwrap();
                        if c.role == Role::LitFill {
                            assert_eq!(c.symbol, hatch, "{style:?} {w}x{h} at {x},{y}");
                            // On a platform's edge a cell may be in none by its centre; never
                            // in one that is not lit.
                            if let Some(i) = platform_at(&d, &vp, w, h, x, y) {
                                assert!(lit.contains(&i), "{x},{y}: {i} is not lit");
                                hatched.insert(i);
                            }
                        }
                    }
                }
                for &i in &lit {
                    assert!(
                        hatched.contains(&i),
                        "{style:?} {lang:?} {w}x{h}: {i} hatched"
                    );
                }
                let text = g.lines().join("\n");
                let row = text
                    .lines()
                    .find(|l| l.contains(&lang.word(crate::words::Word::LegendSpotlight)))
                    .unwrap_or_else(|| {
                        panic!("{style:?} {lang:?} {w}x{h}: no spotlight row\n{text}")
                    });
                assert!(row.contains(&hatch.repeat(2)), "{row}");
                let listed: Vec<u32> = row
                    .split('[')
                    .skip(1)
                    .filter_map(|s| s.split(']').next()?.parse().ok())
                    .collect();
                assert!(!listed.is_empty(), "{row}");
                assert_eq!(listed, numbers[..listed.len()], "{row}");
                assert!(listed.len() == numbers.len() || row.ends_with('…'), "{row}");
                // The same map without the spotlight has no hatch and no such row.
                let plain = render(
                    &d,
                    &vp,
                    w,
                    h,
                    &MapOptions {
                        style,
                        lang,
                        ..legend()
                    },
                );
                assert!(plain.cells.iter().all(|c| c.role != Role::LitFill));
            }
        }
        // The selection keeps its own fill, as the table says.
        let g = fitted(
            &d,
            120,
            40,
            &MapOptions {
                style,
                selected: Some(lit[0]),
                highlighted: lit.clone(),
                ..legend()
            },
        );
        let selected: Vec<&Cell> = g
            .cells
            .iter()
            .filter(|c| c.role == Role::SelectedFill)
            .collect();
        assert!(!selected.is_empty());
        assert!(
            selected
                .iter()
                .all(|c| c.symbol == look(style, State::Selected))
        );
    }
}
