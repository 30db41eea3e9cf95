//! A drawn buffer as text with ANSI colour codes, for output that is printed rather than drawn
//! on an interactive screen (`gongshu map`). Named colours go out as the basic 30-37 / 90-97
//! codes, which every colour terminal understands.

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier, Style};

/// The cells of row `y` that show, with their column and width: the cell hidden behind a wide
/// character is skipped, as a terminal would.
pub fn visible_cells(buf: &Buffer, y: u16) -> impl Iterator<Item = (u16, usize, &Cell)> {
    let mut skip = 0;
    (0..buf.area.width).filter_map(move |x| {
        let cell = &buf[(buf.area.x + x, buf.area.y + y)];
        if skip > 0 {
            skip -= 1;
            return None;
        }
        let width = crate::text::width(cell.symbol()).max(1);
        skip = width - 1;
        Some((x, width, cell))
    })
}

/// The buffer's rows, each ending in a reset (when styled) and a newline; trailing blanks kept so
/// the picture keeps its shape.
pub fn buffer_to_ansi(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        // What the terminal shows after a reset: default colours, no modifiers.
        let mut current = (Color::Reset, Color::Reset, Modifier::empty());
        let mut styled = false;
        for (_, _, cell) in visible_cells(buf, y) {
            let look = (cell.fg, cell.bg, cell.modifier);
            if look != current {
                out.push_str("\x1b[0m");
                let sgr = sgr(cell.style());
                if !sgr.is_empty() {
                    out.push_str(&format!("\x1b[{sgr}m"));
                }
                styled = true;
                current = look;
            }
            out.push_str(cell.symbol());
        }
        if styled {
            out.push_str("\x1b[0m");
        }
        out.push('\n');
    }
    out
}

/// SGR parameters for a style: modifiers, then foreground and background. Named colours are
/// the basic 30-37 / 90-97 (40-47 / 100-107) codes.
pub(crate) fn sgr(style: Style) -> String {
    let mut parts: Vec<String> = Vec::new();
    let m = style.add_modifier;
    for (bit, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
    ] {
        if m.contains(bit) {
            parts.push(code.into());
        }
    }
    if let Some(c) = style.fg.and_then(|c| color(c, false)) {
        parts.push(c);
    }
    if let Some(c) = style.bg.and_then(|c| color(c, true)) {
        parts.push(c);
    }
    parts.join(";")
}

/// The SGR parameter for a colour as foreground or background; `None` for the default colour.
pub(crate) fn color(c: Color, bg: bool) -> Option<String> {
    let base = |n: u8| Some((n + if bg { 10 } else { 0 }).to_string());
    match c {
        Color::Reset => None,
        Color::Black => base(30),
        Color::Red => base(31),
        Color::Green => base(32),
        Color::Yellow => base(33),
        Color::Blue => base(34),
        Color::Magenta => base(35),
        Color::Cyan => base(36),
        Color::Gray => base(37),
        Color::DarkGray => base(90),
        Color::LightRed => base(91),
        Color::LightGreen => base(92),
        Color::LightYellow => base(93),
        Color::LightBlue => base(94),
        Color::LightMagenta => base(95),
        Color::LightCyan => base(96),
        Color::White => base(97),
        Color::Indexed(n) => Some(format!("{};5;{n}", if bg { 48 } else { 38 })),
        Color::Rgb(r, g, b) => Some(format!("{};2;{r};{g};{b}", if bg { 48 } else { 38 })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn named_colours_use_the_basic_codes_and_wide_characters_print_once() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf.set_string(0, 0, "运", Style::new().fg(Color::Yellow));
        buf.set_string(
            2,
            0,
            "ab",
            Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
        );
        let s = buffer_to_ansi(&buf);
        assert_eq!(s, "\x1b[0m\x1b[33m运\x1b[0m\x1b[1;90mab\x1b[0m\n");
        assert!(!s.contains("38;5"));
    }

    #[test]
    fn an_unstyled_buffer_is_plain_text() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 2));
        buf.set_string(0, 0, "ab", Style::new());
        assert_eq!(buffer_to_ansi(&buf), "ab \n   \n");
    }
}
