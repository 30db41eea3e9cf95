//! The shortest cursor move between two cells, among moves every terminal makes alike.
//!
//! - `ESC[r;cH` (CUP) goes anywhere; `ESC[rH` to the first column, `ESC[H` to the origin.
//! - `ESC[nC` (CUF) goes forward on the row, `ESC[nB` (CUD) down, keeping the column; `n` is
//!   left out when it is 1.
//! - CR goes to the first column; LF down a row, but only after a CR: whether LF alone also
//!   returns to the first column depends on the terminal's output settings (`onlcr`, or a
//!   terminal's own "implicit CR" option), which a program cannot see over SSH.
//! - Writing the unchanged cells in between again, when they are in the current look (see
//!   [`super::screen::KnownScreen::rewrite`]).
//!
//! Never backward (`ESC[nD`): after a character in the last column the terminal holds the cursor
//! on that column, and terminals disagree about where a move back from there lands. A CR and a
//! forward move reach every place a move back would. For the same reason no relative move is
//! made from just past the last column: every target on that row is behind, and on the rows
//! below CR comes first.

/// `ESC [ n <letter>`, with `n` left out when it is 1.
fn relative(n: u16, letter: u8) -> Vec<u8> {
    let mut out = b"\x1b[".to_vec();
    if n != 1 {
        out.extend_from_slice(n.to_string().as_bytes());
    }
    out.push(letter);
    out
}

/// The shortest absolute move to (x, y).
fn absolute((x, y): (u16, u16)) -> Vec<u8> {
    match (x, y) {
        (0, 0) => b"\x1b[H".to_vec(),
        (0, _) => format!("\x1b[{}H", y + 1).into_bytes(),
        _ => format!("\x1b[{};{}H", y + 1, x + 1).into_bytes(),
    }
}

/// The bytes that take the cursor from `from` (`None`: not known) to `to`. `rewrite(y, a, b,
/// limit)` gives the bytes that write row `y` from column `a` up to `b` again, if it can do so in
/// at most `limit` bytes.
pub(super) fn shortest(
    from: Option<(u16, u16)>,
    to: (u16, u16),
    rewrite: impl Fn(u16, u16, u16, usize) -> Option<Vec<u8>>,
) -> Vec<u8> {
    let mut best = absolute(to);
    let Some((cx, cy)) = from else {
        return best;
    };
    let (tx, ty) = to;
    if (cx, cy) == to {
        return Vec::new();
    }
    // Along row `ty` from column `a` to `tx`: forward, or the cells in between written again
    // when that is shorter.
    let forward = |a: u16| -> Vec<u8> {
        if a == tx {
            return Vec::new();
        }
        let step = relative(tx - a, b'C');
        rewrite(ty, a, tx, step.len() - 1).unwrap_or(step)
    };
    let mut consider = |candidate: Vec<u8>| {
        if candidate.len() < best.len() {
            best = candidate;
        }
    };
    if ty == cy && tx > cx {
        consider(forward(cx));
    }
    if ty >= cy {
        let mut via_cr = vec![b'\r'];
        let rows = ty - cy;
        if rows > 0 {
            let down = relative(rows, b'B');
            if down.len() < rows as usize {
                via_cr.extend_from_slice(&down);
            } else {
                via_cr.extend(std::iter::repeat_n(b'\n', rows as usize));
            }
        }
        via_cr.extend_from_slice(&forward(0));
        consider(via_cr);
    }
    if ty > cy && tx >= cx {
        let mut down = relative(ty - cy, b'B');
        down.extend_from_slice(&forward(cx));
        consider(down);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(from: Option<(u16, u16)>, to: (u16, u16)) -> String {
        String::from_utf8(shortest(from, to, |_, _, _, _| None)).unwrap()
    }

    #[test]
    fn from_nowhere_the_shortest_absolute_move() {
        assert_eq!(s(None, (0, 0)), "\x1b[H");
        assert_eq!(s(None, (0, 9)), "\x1b[10H");
        assert_eq!(s(None, (4, 9)), "\x1b[10;5H");
    }

    #[test]
    fn relative_moves_when_shorter() {
        assert_eq!(s(Some((3, 2)), (3, 2)), "");
        assert_eq!(s(Some((3, 2)), (4, 2)), "\x1b[C");
        assert_eq!(s(Some((3, 2)), (40, 2)), "\x1b[37C");
        assert_eq!(s(Some((79, 2)), (0, 3)), "\r\n");
        assert_eq!(s(Some((79, 2)), (0, 4)), "\r\n\n");
        assert_eq!(s(Some((79, 2)), (0, 30)), "\x1b[31H");
        assert_eq!(s(Some((79, 2)), (9, 3)), "\r\n\x1b[9C");
        assert_eq!(s(Some((10, 2)), (10, 3)), "\x1b[B");
        assert_eq!(s(Some((10, 2)), (11, 3)), "\x1b[B\x1b[C");
        assert_eq!(s(Some((5, 2)), (5, 30)), "\x1b[28B");
        // Back along the row: CR and forward.
        assert_eq!(s(Some((30, 2)), (2, 2)), "\r\x1b[2C");
        // Up: only absolute.
        assert_eq!(s(Some((30, 20)), (2, 2)), "\x1b[3;3H");
        // Far right and down: absolute is shorter.
        assert_eq!(s(Some((1, 2)), (100, 30)), "\x1b[31;101H");
    }

    #[test]
    fn unchanged_cells_written_again_when_shorter_than_a_move() {
        // Two columns on: `ESC[2C` is four bytes, so the cells may take three.
        let got = shortest(Some((3, 2)), (5, 2), |y, a, b, limit| {
            ((y, a, b, limit) == (2, 3, 5, 3)).then(|| b"ab".to_vec())
        });
        assert_eq!(got, b"ab");
        let got = shortest(Some((7, 1)), (2, 2), |y, a, b, _| {
            ((y, a, b) == (2, 0, 2)).then(|| b"  ".to_vec())
        });
        assert_eq!(got, b"\r\n  ");
    }
}
