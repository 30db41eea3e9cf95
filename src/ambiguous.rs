//! Terminals that draw ambiguous-width characters two columns wide.
//!
//! Box drawing, `·`, `•`, arrows, `…`, curly quotes and block elements are "ambiguous width" in
//! Unicode: most terminals draw them one column wide, but terminals set up for Chinese (and many
//! SSH clients in China) draw them two wide, and every line holding one shifts. In wide mode none
//! of them reaches the screen: dataset text is rewritten before layout the way Chinese text would
//! be set (「」 for quotes, ・ for the middle dot), and whatever a screen still draws is replaced
//! cell by cell with a one-column ASCII stand-in.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthChar;

use crate::dataset::{Area, Dataset, Str, Text};

/// How the terminal draws ambiguous-width characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AmbiguousWidth {
    /// Ask the terminal at start-up (one character drawn, the cursor read back); narrow if it
    /// does not answer at once.
    #[default]
    Auto,
    /// One column, as most terminals draw them.
    Narrow,
    /// Two columns, as terminals set up for Chinese draw them.
    Wide,
}

/// Whether `c` is one column wide in most terminals and two in CJK ones.
pub fn is_ambiguous(c: char) -> bool {
    c.width() == Some(1) && c.width_cjk() == Some(2)
}

/// A one-column ASCII stand-in for an ambiguous character, chosen to keep its meaning.
pub fn stand_in(c: char) -> char {
    match c {
        '─' | '━' | '┄' | '┅' | '┈' | '┉' | '╌' | '╍' | '═' | '╴' | '╶' | '╸' | '╺' => {
            '-'
        }
        '│' | '┃' | '┆' | '┇' | '┊' | '┋' | '╎' | '╏' | '║' | '╵' | '╷' | '╹' | '╻' => {
            '|'
        }
        '\u{2500}'..='\u{257F}' => '+',
        '█' | '▓' | '▒' | '░' | '■' | '▌' | '▐' => '#',
        '▀' | '▔' => '"',
        '▄' | '▁' | '▂' | '▃' => '_',
        '\u{2580}'..='\u{259F}' => '#',
        '←' => '<',
        '→' => '>',
        '↑' => '^',
        '↓' | '▼' | '▽' => 'v',
        '·' | '•' | '∙' | '●' | '○' | '◦' => '*',
        '…' | '‥' => '.',
        '“' | '”' | '„' | '″' => '"',
        '‘' | '’' | '‚' | '′' => '\'',
        '—' | '–' | '―' | '‐' => '-',
        '×' => 'x',
        '°' => 'o',
        _ => '?',
    }
}

/// Text rewritten for a wide-ambiguous terminal before it is laid out: quotes as Chinese corner
/// brackets, the middle dot as the full-width one, dashes and ellipses in ASCII; anything else
/// ambiguous by its stand-in.
pub fn widen(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '“' => out.push('「'),
            '”' => out.push('」'),
            '‘' => out.push('『'),
            '’' => out.push('』'),
            '·' => out.push('・'),
            '…' => out.push_str("..."),
            '—' => out.push_str("--"),
            c if is_ambiguous(c) => out.push(stand_in(c)),
            c => out.push(c),
        }
    }
    out
}

fn widen_text(t: &mut Text) {
    t.zh = widen(&t.zh).into();
    t.en = widen(&t.en).into();
}

/// Every text of a dataset rewritten by [`widen`]: names, paragraphs, boundary names and the
/// basemap names they refer to (rewritten alike, so they still match).
pub fn widen_dataset(d: &mut Dataset) {
    let w = |s: &mut Str| *s = widen(s).into();
    widen_text(&mut d.district.name);
    widen_text(&mut d.district.city);
    widen_text(&mut d.district.border_name);
    widen_text(&mut d.source.title);
    widen_text(&mut d.source.reporter);
    for h in &mut d.source.related {
        widen_text(&mut h.title);
    }
    widen_text(&mut d.plan.title);
    widen_text(&mut d.plan.requirements);
    widen_text(&mut d.plan.target);
    for item in d.plan.sub_targets.iter_mut().chain(&mut d.plan.measures) {
        widen_text(&mut item.title);
        widen_text(&mut item.text);
    }
    for p in &mut d.platforms {
        widen_text(&mut p.name);
        p.other_names.iter_mut().for_each(widen_text);
        if let Some(k) = &mut p.kind_as_written {
            widen_text(k);
        }
        if let Area::Bounded {
            east,
            south,
            west,
            north,
        } = &mut p.area
        {
            for n in east.iter_mut().chain(south).chain(west).chain(north) {
                w(n);
            }
        }
        widen_text(&mut p.area_text);
        widen_text(&mut p.industries_text);
        for i in &mut p.industries {
            w(&mut i.zh);
            w(&mut i.en);
            i.aliases.iter_mut().for_each(w);
        }
    }
    for f in &mut d.basemap {
        widen_text(&mut f.name);
        f.aliases.iter_mut().for_each(widen_text);
    }
}

/// Replace every ambiguous character a drawn buffer still holds with its stand-in, in place.
pub fn narrow_buffer(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        let sym = cell.symbol();
        if sym.chars().any(is_ambiguous) {
            let fixed: String = sym
                .chars()
                .map(|c| if is_ambiguous(c) { stand_in(c) } else { c })
                .collect();
            cell.set_symbol(&fixed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_suspects_are_ambiguous_and_ascii_and_hanzi_are_not() {
        for c in ['─', '┃', '·', '•', '→', '…', '“', '█', '▀'] {
            assert!(is_ambiguous(c), "{c}");
            assert!(stand_in(c).is_ascii(), "{c}");
        }
        for c in ['a', '#', '运', '・', '「', '⣿'] {
            assert!(!is_ambiguous(c), "{c}");
        }
    }

    #[test]
    fn a_widened_dataset_holds_no_ambiguous_character() {
        let mut d = crate::dataset::embedded();
        widen_dataset(&mut d);
        let all = ron::to_string(&d).unwrap();
        let bad: Vec<char> = all.chars().filter(|&c| is_ambiguous(c)).collect();
        assert!(bad.is_empty(), "{bad:?}");
        assert!(d.platforms.iter().any(|p| p.name.zh.contains('・')));
        // Boundary names still find their basemap features.
        for p in &d.platforms {
            for n in p.area.boundary_names() {
                assert!(
                    d.feature_named(n).is_some() || *n == d.district.border_name.zh,
                    "{n}"
                );
            }
        }
    }
}
