//! Map furniture: the north arrow, the scale bar, the legend and the honesty notes.

use crate::lang::Lang;
use crate::words::Word;

use super::canvas::Canvas;
use super::{MapOptions, MapStyle, Projection, Role, Stroke, cols};

/// The north arrow (top left), the scale bar (bottom left) and the legend (bottom right): the
/// corners the district's outline leaves empty when it is fitted.
pub(crate) fn furniture(cv: &mut Canvas, proj: &Projection, opts: &MapOptions, lit: &[u32]) {
    let (w, h) = (cv.w as i64, cv.h as i64);
    let unicode = opts.style == MapStyle::Unicode;
    if w >= 20 && h >= 8 {
        let shaft = if unicode { "│" } else { "|" };
        cv.clear_box(0, 0, 3, 3);
        cv.text(1, 0, "N", Role::North, true);
        cv.text(1, 1, "^", Role::North, true);
        cv.text(1, 2, shaft, Role::North, true);
    }
    let bar = if w >= 24 && h >= 6 {
        scale_bar(cv, proj, unicode)
    } else {
        0
    };
    if h >= 3 {
        legend(cv, opts, bar, lit);
    }
    // The scale bar's row is the scale's and the notes': a name or number written there would
    // read as the scale's.
    if bar > 0 {
        cv.reserve(0, h - 1, w);
    }
}

/// Draw the scale bar along the bottom row; its width in columns (0 when there is none).
fn scale_bar(cv: &mut Canvas, proj: &Projection, unicode: bool) -> i64 {
    let cpk = proj.cols_per_km();
    // The longest round length (1, 2 or 5 times a power of ten) that spans at most 16 columns.
    let Some(km) = (-3..=5)
        .flat_map(|e| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(e)))
        .rfind(|km| km * cpk <= 16.0)
    else {
        return 0;
    };
    let n = (km * cpk).round() as i64;
    if n < 2 {
        return 0;
    }
    let label = if km >= 1.0 {
        format!("{} km", km.round())
    } else {
        format!("{} m", (km * 1000.0).round())
    };
    let y = cv.h as i64 - 1;
    let (end_l, bar, end_r) = if unicode {
        ("├", "─", "┤")
    } else {
        ("|", "-", "|")
    };
    let text = format!("{end_l}{}{end_r} {label}", bar.repeat(n as usize - 1));
    let tw = cols(&text);
    if tw + 2 > cv.w as i64 / 2 {
        return 0;
    }
    cv.clear_box(0, y, tw + 2, 1);
    cv.text(1, y, &text, Role::Scale, true);
    tw + 2
}

/// The honesty notes, longest first: what district and era the map shows, and how far to trust
/// its outlines. The legend uses the longest pair that fits.
pub fn notes(lang: Lang) -> Vec<(String, String)> {
    const ERA: [Word; 4] = [
        Word::NoteEra1,
        Word::NoteEra2,
        Word::NoteEra3,
        Word::NoteEra4,
    ];
    const APPROX: [Word; 4] = [
        Word::NoteApprox1,
        Word::NoteApprox2,
        Word::NoteApprox3,
        Word::NoteApprox4,
    ];
    ERA.iter()
        .zip(APPROX)
        .map(|(&e, a)| (lang.word(e), lang.word(a)))
        .collect()
}

/// The legend (bottom right): the notes always, and above them what each symbol means where
/// there is room. With the symbols listed, the notes carry the samples they speak of (the era note
/// the district's edge, the approximation note a platform's outline), so they are legend rows too.
/// `lit`: the numbers of the spotlit platforms, in order.
fn legend(cv: &mut Canvas, opts: &MapOptions, bar: i64, lit: &[u32]) {
    let lang = opts.lang;
    let (w, h) = (cv.w as i64, cv.h as i64);
    // The notes may take the bottom rows beside the scale bar, about a third of their width.
    let room = (w - bar - 2).min((w / 3).max(20));
    let pick = |room: i64| {
        let fit = |i: usize| {
            notes(lang)
                .into_iter()
                .map(|n| if i == 0 { n.0 } else { n.1 })
                .find(|t| cols(t) <= room)
        };
        fit(0).zip(fit(1))
    };
    let mut rows = entries(opts, landmarks_shown(cv.w, cv.h), |r| drawn(cv, r));
    if let Some(row) = spotlight_row(opts, lit, (w / 2 - 6).clamp(24, 40)) {
        rows.push(row);
    }
    let body_w = rows
        .iter()
        .map(|(s, _, t)| cols(s) + 1 + cols(t))
        .max()
        .unwrap_or(0);
    let samples = note_samples(opts.style);
    let indent = cols(&samples[0].0).max(cols(&samples[1].0)) + 1;
    // Beside the symbols the notes may be as wide as the rows above them, their samples hanging
    // to the left, where the map keeps 60 columns; else as wide as the rows with their samples,
    // where it keeps 40.
    let wide = room.max(body_w).min(w - bar - 2);
    // Last, the notes as wide as the bottom row beside the scale bar allows, where the map keeps
    // 40 columns: both languages at 80 columns need that for a note that names its noun.
    let full = [(wide, 60), (wide - indent, 40), (w - bar - 2 - indent, 40)]
        .into_iter()
        .filter(|_| opts.legend && h >= rows.len() as i64 + 12)
        .filter(|&(_, map)| w >= body_w + map)
        .find_map(|(r, map)| pick(r.min(w - map - indent)));
    let (indent, (era, approx)) = match full.clone() {
        Some(notes) => (indent, notes),
        // A small map in both languages may need all the bottom row beside the scale bar: the
        // notes are never cut to a bare year.
        None => match pick(room).or_else(|| pick(w - bar - 2)) {
            Some(notes) => (0, notes),
            None => return,
        },
    };
    let note_w = indent + cols(&era).max(cols(&approx));
    let lw = if full.is_some() {
        body_w.max(note_w)
    } else {
        note_w
    };
    let height = if full.is_some() {
        rows.len() as i64 + 2
    } else {
        2
    };
    let (x, y) = (w - lw - 1, h - height);
    cv.clear_box(x - 1, y, lw + 2, height);
    cv.legend_box = Some((x, y, lw, height));
    if full.is_some() {
        for (i, (sample, role, text)) in rows.iter().enumerate() {
            let r = y + i as i64;
            cv.text(x, r, sample, *role, true);
            cv.text(x + cols(sample) + 1, r, text, Role::Legend, true);
        }
        for (r, (sample, role)) in [h - 2, h - 1].into_iter().zip(samples) {
            cv.text(x, r, &sample, role, true);
        }
    }
    cv.text(x + indent, h - 2, &era, Role::Note, true);
    cv.text(x + indent, h - 1, &approx, Role::Note, true);
}

/// The samples before the era note (the district's edge) and the approximation note (a platform's
/// outline; the fill style paints platforms, so none there).
fn note_samples(style: MapStyle) -> [(String, Role); 2] {
    let (district, outline) = match style {
        MapStyle::Fill => (
            (
                "⣿⣿",
                Role::Dots {
                    stroke: Stroke::District,
                    on: None,
                },
            ),
            ("", Role::Legend),
        ),
        // The district's edge is dotted as the map draws it.
        MapStyle::Unicode => (("╍╍", Role::District), ("──", Role::Outline)),
        MapStyle::Ascii => ((". .", Role::District), ("##", Role::Outline)),
    };
    [district, outline].map(|(s, r)| (s.to_string(), r))
}

/// Whether any cell shows a line drawn as `role` (in the fill style, any line of its stroke).
fn drawn(cv: &Canvas, role: Role) -> bool {
    match role {
        Role::Dots { stroke, .. } => cv
            .role
            .iter()
            .any(|r| matches!(r, Role::Dots { stroke: s, .. } if *s == stroke)),
        r => cv.role.contains(&r),
    }
}

/// The legend's rows above the notes: a sample of each symbol in the style, with what it means.
/// A kind of line is listed only where the map shows one: zoomed in, or where a road runs along
/// the edge it bounds and gives way to it, there may be none.
fn entries(
    opts: &MapOptions,
    landmarks: bool,
    drawn: impl Fn(Role) -> bool,
) -> Vec<(String, Role, String)> {
    let lang = opts.lang;
    let dots = |stroke| Role::Dots { stroke, on: None };
    // The fill style's samples are drawn by the map's own pen.
    let sample = |stroke, dashed| Canvas::dot_sample(stroke, dashed);
    let mut e: Vec<(String, Role, Word)> = match opts.style {
        MapStyle::Fill => vec![
            (
                sample(Stroke::Canal, false),
                dots(Stroke::Canal),
                Word::LegendCanal,
            ),
            (
                sample(Stroke::River, false),
                dots(Stroke::River),
                Word::LegendRiver,
            ),
            (
                sample(Stroke::Rail, false),
                dots(Stroke::Rail),
                Word::LegendRailway,
            ),
            (
                sample(Stroke::Road, false),
                dots(Stroke::Road),
                Word::LegendRoad,
            ),
            // Estimated lines and the outlines of platforms placed by estimate are both
            // dashed, as in the other styles: one row says so.
            (
                sample(Stroke::Outline, true),
                dots(Stroke::Outline),
                Word::LegendEstimated,
            ),
        ],
        // Lines and outlines placed by estimate are both drawn with gaps: one row says so.
        MapStyle::Unicode => vec![
            ("══".into(), Role::Canal, Word::LegendCanal),
            ("~~".into(), Role::River, Word::LegendRiver),
            ("╪╪".into(), Role::Rail, Word::LegendRailway),
            ("╌╌".into(), Role::Road, Word::LegendRoad),
            ("─ ".into(), Role::Outline, Word::LegendEstimated),
        ],
        MapStyle::Ascii => vec![
            ("==".into(), Role::Canal, Word::LegendCanal),
            ("~~".into(), Role::River, Word::LegendRiver),
            ("++".into(), Role::Rail, Word::LegendRailway),
            ("--".into(), Role::Road, Word::LegendRoad),
            ("# ".into(), Role::Outline, Word::LegendEstimated),
        ],
    };
    e.retain(|(_, role, word)| {
        let line = matches!(
            word,
            Word::LegendCanal | Word::LegendRiver | Word::LegendRailway | Word::LegendRoad
        );
        !line || drawn(*role)
    });
    if landmarks {
        e.push(("o ".into(), Role::Landmark, Word::LegendLandmark));
    }
    // The selection's symbols, so a reader without colour knows what the fill means.
    if opts.selected.is_some() && opts.style != MapStyle::Fill {
        let sample = if opts.style == MapStyle::Unicode {
            "░░"
        } else {
            "*:"
        };
        e.push((sample.into(), Role::Legend, Word::LegendSelected));
    }
    e.into_iter()
        .map(|(sample, role, word)| (sample, role, lang.word(word)))
        .collect()
}

/// The legend's spotlight row, at most `room` columns: the hatch (or, in the fill style, where
/// colour shows the lit platforms, none), the word, what lit them and their numbers, as many as
/// fit (`聚焦 spotlight 金融: [1] [2] [8]`). None when nothing is lit by a named spotlight.
fn spotlight_row(opts: &MapOptions, lit: &[u32], room: i64) -> Option<(String, Role, String)> {
    let what = opts.spotlight.as_deref()?;
    if lit.is_empty() {
        return None;
    }
    let (sample, role) = match opts.style {
        MapStyle::Fill => ("  ".to_string(), Role::Legend),
        s => (
            super::look(s, super::State::Spotlit).repeat(2),
            Role::LitFill,
        ),
    };
    let room = room - cols(&sample) - 1;
    let word = opts.lang.word(Word::LegendSpotlight);
    // What lit them where it leaves room for a number or two.
    let named = Some(format!("{word} {}:", crate::text::one_line(what)))
        .filter(|t| cols(t) + 10 <= room)
        .unwrap_or_else(|| format!("{word}:"));
    let mut text = named;
    for (k, n) in lit.iter().enumerate() {
        let more = lit.len() - k;
        let item = format!(" [{n}]");
        // Room kept for " …" unless this is the last.
        let keep = if more > 1 { 2 } else { 0 };
        if cols(&text) + cols(&item) + keep > room {
            text.push_str(" …");
            break;
        }
        text.push_str(&item);
    }
    (cols(&text) <= room).then_some((sample, role, text))
}

/// Whether a map of this many cells draws landmarks (and so lists them).
pub(crate) fn landmarks_shown(w: usize, h: usize) -> bool {
    w * h >= 6000
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rule: in the fill style the canal, river, railway, road and an estimated line each differ
    /// by shape (not only by colour, which an SVG printed in grey, a projector that washes
    /// colours out or a reader who cannot tell them apart loses), and each legend sample is what
    /// the map draws for a stretch of that line, running across it and running down it.
    #[test]
    fn fill_line_samples_differ_by_shape_and_are_drawn_as_the_map_draws_them() {
        let opts = MapOptions {
            style: MapStyle::Fill,
            ..MapOptions::default()
        };
        let rows = entries(&opts, false, |_| true);
        let sample = |word: Word| {
            let text = opts.lang.word(word);
            rows.iter()
                .find(|r| r.2 == text)
                .map(|r| r.0.clone())
                .unwrap()
        };
        let (canal, river, rail, road, estimated) = (
            sample(Word::LegendCanal),
            sample(Word::LegendRiver),
            sample(Word::LegendRailway),
            sample(Word::LegendRoad),
            sample(Word::LegendEstimated),
        );
        let all = [&canal, &river, &rail, &road, &estimated];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b, "{all:?}");
            }
        }
        // The canal inks more dots than a river: heavier.
        let dots = |s: &str| {
            s.chars()
                .map(|c| (c as u32 - 0x2800).count_ones())
                .sum::<u32>()
        };
        assert!(dots(&canal) > dots(&river), "{canal} {river}");
        for (stroke, want) in [
            (Stroke::Canal, &canal),
            (Stroke::River, &river),
            (Stroke::Rail, &rail),
            (Stroke::Road, &road),
        ] {
            // A long stretch across the map, as the map draws it: its middle repeats the sample.
            let mut cv = Canvas::new(12, 1, MapStyle::Fill);
            cv.dot_line(&[(0.0, 0.3), (12.0, 0.3)], stroke);
            cv.compose_dots();
            let drawn: String = cv.sym[4..6].iter().collect();
            assert_eq!(&drawn, want, "{stroke:?}");
        }
        // Running down the map, the four kinds of line still differ by shape.
        let down = |stroke| {
            let mut cv = Canvas::new(1, 6, MapStyle::Fill);
            cv.dot_line(&[(0.3, 0.0), (0.3, 6.0)], stroke);
            cv.compose_dots();
            cv.sym[2..4].iter().collect::<String>()
        };
        let down: Vec<String> = [Stroke::Canal, Stroke::River, Stroke::Rail, Stroke::Road]
            .into_iter()
            .map(down)
            .collect();
        for (i, a) in down.iter().enumerate() {
            for b in &down[i + 1..] {
                assert_ne!(a, b, "{down:?}");
            }
        }
    }
}
