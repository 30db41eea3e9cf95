//! What the terminal shows, as far as the backend knows it: the cells it wrote, over a screen
//! taken to be blank where nothing was written (as ratatui takes it). A few unchanged cells
//! written again can be shorter than a cursor move over them; this says which and how.

use ratatui::buffer::Cell;

use super::style::CellStyle;

/// One cell as the terminal shows it, in 16 bytes (a ratatui cell takes 48): a screen's worth is
/// kept for every served session.
#[derive(Debug, Clone, Copy)]
enum KnownCell {
    /// A cell of one character written, whose width every terminal agrees on, in its look.
    /// (A cell of several characters, rare, is kept as unknown: it is never written again.)
    Cell(char, CellStyle),
    /// The right half of the wide character to its left.
    Half,
    /// Something the backend cannot vouch for.
    Unknown,
}

#[derive(Debug)]
pub(super) struct KnownScreen {
    rows: Vec<Vec<KnownCell>>,
    /// Cells not in `rows` are blank (else unknown).
    blank_beyond: bool,
}

impl Default for KnownScreen {
    fn default() -> KnownScreen {
        KnownScreen {
            rows: Vec::new(),
            blank_beyond: true,
        }
    }
}

impl KnownScreen {
    /// The screen was erased: every cell is blank.
    pub fn blank(&mut self) {
        self.rows.clear();
        self.blank_beyond = true;
    }

    /// Nothing on the screen is known any more.
    pub fn forget(&mut self) {
        self.rows.clear();
        self.blank_beyond = false;
    }

    fn beyond(&self) -> KnownCell {
        if self.blank_beyond {
            KnownCell::Cell(' ', CellStyle::PLAIN)
        } else {
            KnownCell::Unknown
        }
    }

    fn get(&self, x: u16, y: u16) -> KnownCell {
        match self.rows.get(y as usize).and_then(|r| r.get(x as usize)) {
            Some(seen) => *seen,
            None => self.beyond(),
        }
    }

    /// What is kept of a cell written.
    fn known(cell: &Cell) -> KnownCell {
        let mut chars = cell.symbol().chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => KnownCell::Cell(c, CellStyle::of(cell)),
            _ => KnownCell::Unknown,
        }
    }

    fn set(&mut self, x: u16, y: u16, seen: KnownCell) {
        let fill = self.beyond();
        let (x, y) = (x as usize, y as usize);
        if self.rows.len() <= y {
            self.rows.resize(y + 1, Vec::new());
        }
        let row = &mut self.rows[y];
        if row.len() <= x {
            row.resize(x + 1, fill);
        }
        row[x] = seen;
    }

    /// The `w` by `h` cells from (x, y) show something the backend cannot vouch for (sized text).
    pub fn unknown(&mut self, x: u16, y: u16, w: u16, h: u16) {
        for row in y..y.saturating_add(h) {
            for col in x..x.saturating_add(w) {
                self.set(col, row, KnownCell::Unknown);
            }
        }
    }

    /// `cell` was written at (x, y), moving the cursor by `advance` columns: 1, 2 (a character
    /// every terminal draws wide) or `None` when terminals may disagree.
    pub fn put(&mut self, x: u16, y: u16, cell: &Cell, advance: Option<u16>) {
        // Writing over either half of a wide character leaves the other half in a state that
        // differs among terminals.
        if matches!(self.get(x, y), KnownCell::Half) && x > 0 {
            self.set(x - 1, y, KnownCell::Unknown);
        }
        let width = advance.unwrap_or(2);
        if let KnownCell::Cell(old, _) = self.get(x, y)
            && wide(old)
            && width < 2
        {
            self.set(x + 1, y, KnownCell::Unknown);
        }
        match advance {
            Some(1) => self.set(x, y, Self::known(cell)),
            Some(2) => {
                if let KnownCell::Cell(old, _) = self.get(x + 1, y)
                    && wide(old)
                {
                    self.set(x + 2, y, KnownCell::Unknown);
                }
                self.set(x, y, Self::known(cell));
                self.set(x + 1, y, KnownCell::Half);
            }
            _ => {
                for dx in 0..=width {
                    self.set(x + dx, y, KnownCell::Unknown);
                }
            }
        }
    }

    /// The bytes that write row `y`'s cells from column `from` up to `to` again, if there are at
    /// most `limit` of them, every cell is known and in `look` (so writing it changes nothing but
    /// the cursor's place) and the last one ends at `to`.
    pub fn rewrite(
        &self,
        y: u16,
        from: u16,
        to: u16,
        look: CellStyle,
        limit: usize,
    ) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut x = from;
        while x < to {
            let KnownCell::Cell(c, style) = self.get(x, y) else {
                return None;
            };
            if style != look {
                return None;
            }
            let mut utf8 = [0; 4];
            let symbol: &str = c.encode_utf8(&mut utf8);
            let advance = match super::advance(symbol) {
                Some(2) if matches!(self.get(x + 1, y), KnownCell::Half) => 2,
                Some(1) => 1,
                _ => return None,
            };
            out.extend_from_slice(symbol.as_bytes());
            if out.len() > limit {
                return None;
            }
            x += advance;
        }
        (x == to).then_some(out)
    }
}

/// Whether a character is more than one column wide.
fn wide(c: char) -> bool {
    crate::text::width(c.encode_utf8(&mut [0; 4])) > 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Color;

    fn cell(s: &'static str) -> Cell {
        Cell::new(s)
    }

    #[test]
    fn blank_cells_and_written_ones_can_be_written_again() {
        let mut s = KnownScreen::default();
        s.put(2, 0, &cell("a"), Some(1));
        s.put(3, 0, &cell("拱"), Some(2));
        assert_eq!(
            s.rewrite(0, 0, 5, CellStyle::PLAIN, 9).unwrap(),
            "  a拱".as_bytes()
        );
        // Not past the limit, not into half a wide character, not in another look.
        assert_eq!(s.rewrite(0, 0, 5, CellStyle::PLAIN, 4), None);
        assert_eq!(s.rewrite(0, 0, 4, CellStyle::PLAIN, 9), None);
        let mut red = cell("b");
        red.fg = Color::Red;
        s.put(1, 0, &red, Some(1));
        assert_eq!(s.rewrite(0, 0, 3, CellStyle::PLAIN, 9), None);
        assert_eq!(s.rewrite(0, 1, 3, CellStyle::of(&red), 9), None);
    }

    #[test]
    fn half_a_wide_character_overwritten_is_unknown_and_so_is_a_forgotten_screen() {
        let mut s = KnownScreen::default();
        s.put(0, 0, &cell("拱"), Some(2));
        s.put(1, 0, &cell("x"), Some(1));
        assert_eq!(s.rewrite(0, 0, 2, CellStyle::PLAIN, 9), None);
        assert_eq!(s.rewrite(0, 1, 2, CellStyle::PLAIN, 9).unwrap(), b"x");
        s.put(3, 0, &cell("墅"), Some(2));
        s.put(3, 0, &cell("y"), Some(1));
        assert_eq!(s.rewrite(0, 3, 5, CellStyle::PLAIN, 9), None);
        s.put(7, 0, &cell("🦀"), None);
        assert_eq!(s.rewrite(0, 6, 7, CellStyle::PLAIN, 9).unwrap(), b" ");
        assert_eq!(s.rewrite(0, 7, 8, CellStyle::PLAIN, 9), None);
        s.forget();
        assert_eq!(s.rewrite(5, 0, 1, CellStyle::PLAIN, 9), None);
        s.blank();
        assert_eq!(s.rewrite(5, 0, 1, CellStyle::PLAIN, 9).unwrap(), b" ");
    }
}
