//! What the terminal shows, as far as the backend knows it: the cells it wrote, over a screen
//! taken to be blank where nothing was written (as ratatui takes it). A few unchanged cells
//! written again can be shorter than a cursor move over them; this says which and how.

use ratatui::buffer::Cell;

use super::look::Look;

#[derive(Debug, Clone)]
enum Seen {
    /// A cell written, whose width every terminal agrees on.
    Cell(Cell),
    /// The right half of the wide character to its left.
    Half,
    /// Something the backend cannot vouch for.
    Unknown,
}

#[derive(Debug)]
pub(super) struct Shadow {
    rows: Vec<Vec<Seen>>,
    /// Cells not in `rows` are blank (else unknown).
    blank_beyond: bool,
}

impl Default for Shadow {
    fn default() -> Shadow {
        Shadow {
            rows: Vec::new(),
            blank_beyond: true,
        }
    }
}

impl Shadow {
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

    fn beyond(&self) -> Seen {
        if self.blank_beyond {
            Seen::Cell(Cell::default())
        } else {
            Seen::Unknown
        }
    }

    fn get(&self, x: u16, y: u16) -> Seen {
        match self.rows.get(y as usize).and_then(|r| r.get(x as usize)) {
            Some(seen) => seen.clone(),
            None => self.beyond(),
        }
    }

    fn set(&mut self, x: u16, y: u16, seen: Seen) {
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

    /// `cell` was written at (x, y), moving the cursor by `advance` columns: 1, 2 (a character
    /// every terminal draws wide) or `None` when terminals may disagree.
    pub fn put(&mut self, x: u16, y: u16, cell: &Cell, advance: Option<u16>) {
        // Writing over either half of a wide character leaves the other half in a state that
        // differs among terminals.
        if matches!(self.get(x, y), Seen::Half) && x > 0 {
            self.set(x - 1, y, Seen::Unknown);
        }
        let width = advance.unwrap_or(2);
        if let Seen::Cell(old) = self.get(x, y)
            && crate::text::width(old.symbol()) > 1
            && width < 2
        {
            self.set(x + 1, y, Seen::Unknown);
        }
        match advance {
            Some(1) => self.set(x, y, Seen::Cell(cell.clone())),
            Some(2) => {
                if let Seen::Cell(old) = self.get(x + 1, y)
                    && crate::text::width(old.symbol()) > 1
                {
                    self.set(x + 2, y, Seen::Unknown);
                }
                self.set(x, y, Seen::Cell(cell.clone()));
                self.set(x + 1, y, Seen::Half);
            }
            _ => {
                for dx in 0..=width {
                    self.set(x + dx, y, Seen::Unknown);
                }
            }
        }
    }

    /// The bytes that write row `y`'s cells from column `from` up to `to` again, if there are at
    /// most `limit` of them, every cell is known and in `look` (so writing it changes nothing but
    /// the cursor's place) and the last one ends at `to`.
    pub fn rewrite(&self, y: u16, from: u16, to: u16, look: Look, limit: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut x = from;
        while x < to {
            let Seen::Cell(cell) = self.get(x, y) else {
                return None;
            };
            if Look::of(&cell) != look {
                return None;
            }
            let symbol = cell.symbol();
            let advance = match super::advance(symbol) {
                Some(2) if matches!(self.get(x + 1, y), Seen::Half) => 2,
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

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Color;

    fn cell(s: &'static str) -> Cell {
        Cell::new(s)
    }

    #[test]
    fn blank_cells_and_written_ones_can_be_written_again() {
        let mut s = Shadow::default();
        s.put(2, 0, &cell("a"), Some(1));
        s.put(3, 0, &cell("拱"), Some(2));
        assert_eq!(
            s.rewrite(0, 0, 5, Look::PLAIN, 9).unwrap(),
            "  a拱".as_bytes()
        );
        // Not past the limit, not into half a wide character, not in another look.
        assert_eq!(s.rewrite(0, 0, 5, Look::PLAIN, 4), None);
        assert_eq!(s.rewrite(0, 0, 4, Look::PLAIN, 9), None);
        let mut red = cell("b");
        red.fg = Color::Red;
        s.put(1, 0, &red, Some(1));
        assert_eq!(s.rewrite(0, 0, 3, Look::PLAIN, 9), None);
        assert_eq!(s.rewrite(0, 1, 3, Look::of(&red), 9), None);
    }

    #[test]
    fn half_a_wide_character_overwritten_is_unknown_and_so_is_a_forgotten_screen() {
        let mut s = Shadow::default();
        s.put(0, 0, &cell("拱"), Some(2));
        s.put(1, 0, &cell("x"), Some(1));
        assert_eq!(s.rewrite(0, 0, 2, Look::PLAIN, 9), None);
        assert_eq!(s.rewrite(0, 1, 2, Look::PLAIN, 9).unwrap(), b"x");
        s.put(3, 0, &cell("墅"), Some(2));
        s.put(3, 0, &cell("y"), Some(1));
        assert_eq!(s.rewrite(0, 3, 5, Look::PLAIN, 9), None);
        s.put(7, 0, &cell("🦀"), None);
        assert_eq!(s.rewrite(0, 6, 7, Look::PLAIN, 9).unwrap(), b" ");
        assert_eq!(s.rewrite(0, 7, 8, Look::PLAIN, 9), None);
        s.forget();
        assert_eq!(s.rewrite(5, 0, 1, Look::PLAIN, 9), None);
        s.blank();
        assert_eq!(s.rewrite(5, 0, 1, Look::PLAIN, 9).unwrap(), b" ");
    }
}
