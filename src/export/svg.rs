//! A drawn buffer as an SVG picture: exactly the cells the terminal would show.
//!
//! Every character is placed at its column times the cell width (a wide character spans two
//! cells), never by the font's own advance, so Chinese and Latin stay in line in any viewer and
//! with any font. Backgrounds are rectangles; colours come from the theme's palette.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use crate::view::theme::ThemeKind;

/// One cell, in SVG user units.
pub const CELL_W: u32 = 10;
pub const CELL_H: u32 = 20;
const FONT_SIZE: u32 = 17;
/// Monospace first for Latin and box drawing, then CJK faces common on each platform.
pub const FONTS: &str = "'DejaVu Sans Mono', 'Noto Sans Mono', Menlo, Consolas, \
    'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', \
    'Microsoft YaHei', 'WenQuanYi Micro Hei', monospace";

/// The terminal colours a picture is drawn with: the default background and text, and the 16
/// named colours, as a terminal of that theme's kind would show them.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub bg: &'static str,
    pub fg: &'static str,
    /// Black, red, green, yellow, blue, magenta, cyan, gray, then the bright eight.
    named: [&'static str; 16],
}

pub fn palette(kind: ThemeKind) -> Palette {
    const DARK: [&str; 16] = [
        "#1c1c1c", "#d75f5f", "#87af5f", "#d7af5f", "#5f87d7", "#af87d7", "#5fafaf", "#bcbcbc",
        "#767676", "#ff8787", "#afd787", "#ffd787", "#87afff", "#d7afff", "#87d7d7", "#ffffff",
    ];
    const LIGHT: [&str; 16] = [
        "#000000", "#af0000", "#008700", "#875f00", "#0037da", "#870087", "#005f87", "#6c6c6c",
        "#585858", "#d70000", "#00af00", "#af8700", "#005fff", "#af00af", "#0087af", "#ffffff",
    ];
    match kind {
        // A theme is resolved before it draws; auto is dark where nothing says otherwise.
        ThemeKind::Dark | ThemeKind::Auto => Palette {
            bg: "#1c1c1c",
            fg: "#d0d0d0",
            named: DARK,
        },
        ThemeKind::Light => Palette {
            bg: "#ffffff",
            fg: "#1c1c1c",
            named: LIGHT,
        },
        ThemeKind::Contrast => {
            // The projector theme paints its own black, which must be black in the picture too.
            let mut named = DARK;
            named[0] = "#000000";
            Palette {
                bg: "#000000",
                fg: "#ffffff",
                named,
            }
        }
    }
}

impl Palette {
    /// A ratatui colour as CSS; `None` for the default (reset).
    fn css(&self, c: Color) -> Option<Css> {
        let named = |i: usize| Some(Css::from_hex(self.named[i]));
        match c {
            Color::Reset => None,
            Color::Black => named(0),
            Color::Red => named(1),
            Color::Green => named(2),
            Color::Yellow => named(3),
            Color::Blue => named(4),
            Color::Magenta => named(5),
            Color::Cyan => named(6),
            Color::Gray => named(7),
            Color::DarkGray => named(8),
            Color::LightRed => named(9),
            Color::LightGreen => named(10),
            Color::LightYellow => named(11),
            Color::LightBlue => named(12),
            Color::LightMagenta => named(13),
            Color::LightCyan => named(14),
            Color::White => named(15),
            Color::Rgb(r, g, b) => Some(Css::rgb(r, g, b)),
            Color::Indexed(n) => Some(indexed(n)),
        }
    }
}

/// A CSS colour, `#rrggbb`, held inline: a picture has a colour or two per cell, and a handout
/// thousands of pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Css([u8; 7]);

impl Css {
    fn rgb(r: u8, g: u8, b: u8) -> Css {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [b'#'; 7];
        for (k, v) in [r, g, b].into_iter().enumerate() {
            out[1 + 2 * k] = HEX[usize::from(v >> 4)];
            out[2 + 2 * k] = HEX[usize::from(v & 15)];
        }
        Css(out)
    }

    /// One of the palette's `#rrggbb` strings.
    fn from_hex(s: &str) -> Css {
        let mut out = [b'#'; 7];
        out.copy_from_slice(&s.as_bytes()[..7]);
        Css(out)
    }

    fn as_str(&self) -> &str {
        // Made only from ASCII above.
        std::str::from_utf8(&self.0).unwrap_or("#000000")
    }
}

/// The xterm 256-colour palette.
fn indexed(n: u8) -> Css {
    match n {
        0..=15 => Css::from_hex(palette(ThemeKind::Dark).named[n as usize]),
        16..=231 => {
            let i = n - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            Css::rgb(level(i / 36), level((i / 6) % 6), level(i % 6))
        }
        _ => {
            let v = 8 + (n - 232) * 10;
            Css::rgb(v, v, v)
        }
    }
}

/// `s` with the five XML special characters escaped, onto `out`.
pub(crate) fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// How a run of text looks: colours after reversal, and the modifiers SVG can show.
#[derive(Debug, Clone, PartialEq)]
struct TextStyle {
    fg: Option<Css>,
    bold: bool,
    italic: bool,
    underline: bool,
    dim: bool,
}

/// The buffer as a standalone SVG document.
pub fn buffer_to_svg(buf: &Buffer, pal: &Palette) -> String {
    let (w, h) = (buf.area.width as u32, buf.area.height as u32);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pw}\" height=\"{ph}\" \
         viewBox=\"0 0 {pw} {ph}\" font-family=\"{FONTS}\" font-size=\"{FONT_SIZE}\">\n\
         <rect class=\"bg\" width=\"100%\" height=\"100%\" fill=\"{bg}\"/>\n",
        pw = w * CELL_W,
        ph = h * CELL_H,
        bg = pal.bg,
    );
    for y in 0..buf.area.height {
        // The cells that show, with their column: a wide character's hidden half is skipped.
        let mut cells = Vec::new();
        for (x, width, cell) in crate::view::ansi::visible_cells(buf, y) {
            let reversed = cell.modifier.contains(Modifier::REVERSED);
            let (mut fg, mut bg) = (pal.css(cell.fg), pal.css(cell.bg));
            if reversed {
                (fg, bg) = (
                    bg.or(Some(Css::from_hex(pal.bg))),
                    fg.or(Some(Css::from_hex(pal.fg))),
                );
            }
            let look = TextStyle {
                fg,
                bold: cell.modifier.contains(Modifier::BOLD),
                italic: cell.modifier.contains(Modifier::ITALIC),
                underline: cell.modifier.contains(Modifier::UNDERLINED),
                dim: cell.modifier.contains(Modifier::DIM),
            };
            cells.push((x as u32, width as u32, cell.symbol(), bg, look));
        }
        let top = y as u32 * CELL_H;
        // Backgrounds: one rectangle per run of the same colour.
        let mut i = 0;
        while i < cells.len() {
            let Some(bg) = cells[i].3 else {
                i += 1;
                continue;
            };
            let start = cells[i].0;
            let mut end = start + cells[i].1;
            let mut j = i + 1;
            while j < cells.len() && cells[j].3 == Some(bg) {
                end = cells[j].0 + cells[j].1;
                j += 1;
            }
            // The theme's own background is marked, so a printed handout can make it paper.
            let class = if bg.as_str() == pal.bg {
                " class=\"bg\""
            } else {
                ""
            };
            out.push_str(&format!(
                "<rect{class} x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{CELL_H}\" fill=\"{bg}\"/>\n",
                start * CELL_W,
                (end - start) * CELL_W,
                bg = bg.as_str(),
            ));
            i = j;
        }
        // Text: one element per run of the same look, every character at its own column.
        let baseline = top + CELL_H * 3 / 4 + 1;
        let mut i = 0;
        while i < cells.len() {
            if cells[i].2.trim().is_empty() {
                i += 1;
                continue;
            }
            let look = cells[i].4.clone();
            // SVG gives the n-th x to the n-th character, so a cell of several characters (a
            // letter and its combining marks) stands alone with one x for all of them.
            let single = |c: &(u32, u32, &str, Option<Css>, TextStyle)| c.2.chars().count() == 1;
            let mut j = i + 1;
            // A run goes on across single spaces, so a name or phrase ("Canal Wealth Town",
            // 运 河 财 富) is one element that find and screen readers read whole.
            let same = |c: &(u32, u32, &str, Option<Css>, TextStyle)| {
                !c.2.trim().is_empty() && c.4 == look && single(c)
            };
            if single(&cells[i]) {
                while j < cells.len() {
                    if same(&cells[j]) {
                        j += 1;
                    } else if cells[j].2 == " "
                        && j + 1 < cells.len()
                        && same(&cells[j + 1])
                        && cells[j].0 + 1 == cells[j + 1].0
                    {
                        j += 2;
                    } else {
                        break;
                    }
                }
            }
            let xs: Vec<String> = cells[i..j]
                .iter()
                .map(|c| (c.0 * CELL_W).to_string())
                .collect();
            let fill = look.fg.as_ref().map_or(pal.fg, Css::as_str);
            // Text in the theme's own colour is marked, so a printed handout can make it dark.
            let class = if fill == pal.fg { " class=\"fg\"" } else { "" };
            let mut attrs = format!(" xml:space=\"preserve\"{class} fill=\"{fill}\"");
            if look.bold {
                attrs.push_str(" font-weight=\"bold\"");
            }
            if look.italic {
                attrs.push_str(" font-style=\"italic\"");
            }
            if look.underline {
                attrs.push_str(" text-decoration=\"underline\"");
            }
            if look.dim {
                attrs.push_str(" opacity=\"0.6\"");
            }
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{baseline}\"{attrs}>",
                xs.join(" ")
            ));
            for c in &cells[i..j] {
                escape(c.2, &mut out);
            }
            out.push_str("</text>\n");
            i = j;
        }
    }
    out.push_str("</svg>\n");
    out
}
