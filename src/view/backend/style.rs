//! A cell's look (what SGR sets) and the shortest SGR sequence from one look to another.

use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier, Style};

use crate::view::ansi;

/// The attributes drawn, with their SGR codes on and off. `22` turns off bold and dim together.
const ATTRIBUTES: [(Modifier, &str, &str); 5] = [
    (Modifier::BOLD, "1", "22"),
    (Modifier::DIM, "2", "22"),
    (Modifier::ITALIC, "3", "23"),
    (Modifier::UNDERLINED, "4", "24"),
    (Modifier::REVERSED, "7", "27"),
];

const INTENSITY: Modifier = Modifier::BOLD.union(Modifier::DIM);

/// What an SGR sequence sets: the two colours and the attributes drawn (others, such as blink,
/// are never drawn, so they are no part of a look).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CellStyle {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl CellStyle {
    /// The terminal's default look, as after `ESC[m`.
    pub const PLAIN: CellStyle = CellStyle {
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
    };

    pub fn of(cell: &Cell) -> CellStyle {
        let drawn = ATTRIBUTES.iter().fold(Modifier::empty(), |m, a| m | a.0);
        CellStyle {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier & drawn,
        }
    }
}

/// Append the shorter SGR sequence that turns `from` (`None`: not known) into `to`: a reset and
/// the whole look, or only what changed. Nothing when they are the same.
pub(super) fn restyle(out: &mut Vec<u8>, from: Option<CellStyle>, to: CellStyle) {
    if from == Some(to) {
        return;
    }
    let style = Style::new().fg(to.fg).bg(to.bg).add_modifier(to.modifier);
    let whole = ansi::sgr(style);
    let whole = if whole.is_empty() {
        "\x1b[m".to_string()
    } else {
        format!("\x1b[0;{whole}m")
    };
    let shortest = match from {
        Some(from) => {
            let changed = format!("\x1b[{}m", changes(from, to).join(";"));
            if changed.len() < whole.len() {
                changed
            } else {
                whole
            }
        }
        None => whole,
    };
    out.extend_from_slice(shortest.as_bytes());
}

/// The SGR parameters that turn `from` into `to`, leaving alone what they share.
fn changes(from: CellStyle, to: CellStyle) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    let cleared = from.modifier - to.modifier;
    for (m, _, off) in ATTRIBUTES {
        if cleared.contains(m) && !INTENSITY.contains(m) {
            codes.push(off.into());
        }
    }
    // `22` clears both bold and dim, so whichever stays is set again.
    let intensity_off = cleared.intersects(INTENSITY);
    if intensity_off {
        codes.push("22".into());
    }
    // Bold and dim together: some terminals hold one intensity, and keep the last set, so both
    // are sent whenever either changes, in the order of the whole look (dim last).
    let both =
        to.modifier.contains(INTENSITY) && (from.modifier & INTENSITY) != (to.modifier & INTENSITY);
    for (m, on, _) in ATTRIBUTES {
        let again = (intensity_off || both) && INTENSITY.contains(m);
        if to.modifier.contains(m) && (again || !from.modifier.contains(m)) {
            codes.push(on.into());
        }
    }
    if from.fg != to.fg {
        codes.push(ansi::color(to.fg, false).unwrap_or_else(|| "39".into()));
    }
    if from.bg != to.bg {
        codes.push(ansi::color(to.bg, true).unwrap_or_else(|| "49".into()));
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(fg: Color, bg: Color, modifier: Modifier) -> CellStyle {
        CellStyle { fg, bg, modifier }
    }

    fn sgr(from: Option<CellStyle>, to: CellStyle) -> String {
        let mut out = Vec::new();
        restyle(&mut out, from, to);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn only_what_changed_when_that_is_shorter() {
        let red = look(Color::Red, Color::Reset, Modifier::empty());
        let red_on_blue = look(Color::Red, Color::Blue, Modifier::empty());
        assert_eq!(sgr(Some(red), red_on_blue), "\x1b[44m");
        assert_eq!(sgr(Some(red_on_blue), red), "\x1b[49m");
        assert_eq!(sgr(Some(red), CellStyle::PLAIN), "\x1b[m");
        assert_eq!(sgr(Some(red), red), "");
        let bold_red = look(Color::Red, Color::Reset, Modifier::BOLD);
        assert_eq!(sgr(Some(red), bold_red), "\x1b[1m");
        assert_eq!(sgr(Some(bold_red), red), "\x1b[22m");
    }

    #[test]
    fn a_reset_and_the_whole_look_when_that_is_shorter_or_the_terminal_is_not_known() {
        let busy = look(
            Color::Rgb(1, 2, 3),
            Color::Indexed(200),
            Modifier::ITALIC | Modifier::UNDERLINED | Modifier::REVERSED,
        );
        let yellow = look(Color::Yellow, Color::Reset, Modifier::empty());
        assert_eq!(sgr(Some(busy), yellow), "\x1b[0;33m");
        assert_eq!(sgr(None, yellow), "\x1b[0;33m");
        assert_eq!(sgr(None, CellStyle::PLAIN), "\x1b[m");
    }

    #[test]
    fn clearing_bold_or_dim_sets_the_other_again_and_both_end_with_dim() {
        let both = look(Color::Red, Color::Reset, Modifier::BOLD | Modifier::DIM);
        let dim = look(Color::Red, Color::Reset, Modifier::DIM);
        let bold = look(Color::Red, Color::Reset, Modifier::BOLD);
        assert_eq!(sgr(Some(both), dim), "\x1b[22;2m");
        assert_eq!(sgr(Some(dim), both), "\x1b[1;2m");
        assert_eq!(sgr(Some(bold), both), "\x1b[1;2m");
    }

    #[test]
    fn attributes_not_drawn_are_no_part_of_a_look() {
        let mut cell = Cell::new("x");
        cell.modifier = Modifier::SLOW_BLINK;
        assert_eq!(CellStyle::of(&cell), CellStyle::PLAIN);
    }
}
