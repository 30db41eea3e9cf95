//! Text at twice the body size, on terminals that draw the kitty text-sizing protocol (OSC 66,
//! `ESC ] 66 ; s=2 ; TEXT ESC \`): the text takes twice its width in columns and two rows.
//!
//! Only drawn where the terminal said at start that it scales text (`probe`); never assumed.
//! In the buffer the first cell carries the whole sequence with its width forced to the columns
//! the text covers, and every other cell it covers is skipped by the diff, so no later frame
//! writes over the big text unless that frame draws something else there (a skipped cell differs
//! from any drawn one, so it is written when the big text goes).

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::Style;

/// How many times the body size.
pub const SCALE: u16 = 2;

/// The sequence that draws `s` at [`SCALE`] times the size. `s` is one line of sanitised text.
pub fn sequence(s: &str) -> String {
    format!("\x1b]66;s={SCALE};{s}\x1b\\")
}

/// The rows a cell's symbol covers: [`SCALE`] for sized text, else 1.
pub fn rows_of(symbol: &str) -> u16 {
    match symbol.strip_prefix("\x1b]66;") {
        Some(rest) => rest
            .split(';')
            .next()
            .into_iter()
            .flat_map(|meta| meta.split(':'))
            .find_map(|kv| kv.strip_prefix("s=")?.parse::<u16>().ok())
            .unwrap_or(1)
            .max(1),
        None => 1,
    }
}

/// The columns `s` takes at [`SCALE`] times the size.
pub fn width(s: &str) -> u16 {
    (crate::text::width(s) as u16).saturating_mul(SCALE)
}

/// Draw `s` (one line of sanitised text) at twice the size with its top-left cell at (x, y), in
/// `style`. Returns false, drawing nothing, when it does not fit `area`.
pub fn put(buf: &mut Buffer, area: Rect, x: u16, y: u16, s: &str, style: Style) -> bool {
    let w = width(s);
    let area = area.intersection(buf.area);
    if s.is_empty()
        || w == 0
        || x < area.x
        || y < area.y
        || x + w > area.right()
        || y + SCALE > area.bottom()
    {
        return false;
    }
    for dy in 0..SCALE {
        for dx in 0..w {
            let cell = &mut buf[(x + dx, y + dy)];
            cell.reset();
            cell.set_style(style);
            cell.set_diff_option(CellDiffOption::Skip);
        }
    }
    let head = &mut buf[(x, y)];
    head.set_symbol(&sequence(s));
    head.set_diff_option(CellDiffOption::ForcedWidth(
        NonZeroU16::new(w).expect("a sized text is at least one column"),
    ));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_cell_carries_the_text_and_the_rest_are_skipped() {
        const AREA: Rect = Rect::new(0, 0, 20, 4);
        let mut buf = Buffer::empty(AREA);
        assert!(put(&mut buf, AREA, 1, 1, "运河", Style::default()));
        assert_eq!(buf[(1, 1)].symbol(), "\x1b]66;s=2;运河\x1b\\");
        assert_eq!(rows_of(buf[(1, 1)].symbol()), 2);
        assert_eq!(
            buf[(1, 1)].diff_option,
            CellDiffOption::ForcedWidth(8.try_into().unwrap())
        );
        for (x, y) in [(2, 1), (8, 1), (1, 2), (8, 2)] {
            assert_eq!(buf[(x, y)].diff_option, CellDiffOption::Skip, "({x}, {y})");
        }
        assert_eq!(buf[(9, 1)].diff_option, CellDiffOption::None);
        assert_eq!(buf[(1, 3)].diff_option, CellDiffOption::None);
        // Too wide, or too near the bottom: nothing is drawn.
        assert!(!put(&mut buf, AREA, 13, 0, "运河", Style::default()));
        assert!(!put(&mut buf, AREA, 0, 3, "a", Style::default()));
        assert_eq!(rows_of("a"), 1);
    }
}
