//! A slide's banner: a name in both languages at equal weight, at twice the body size where the
//! terminal draws sized text (`sized`), else bold on a row of its own; a platform's number in
//! block digits beside it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};

use super::sized;
use crate::dataset::Text;
use crate::lang::Lang;
use crate::text;
use crate::view::theme::Theme;

/// A row of a banner: a line of text, or a line at twice the size (two rows tall).
pub enum Row {
    Line(Line<'static>),
    Big(String, ratatui::style::Style),
}

impl Row {
    pub fn height(&self) -> u16 {
        match self {
            Row::Line(_) => 1,
            Row::Big(..) => sized::SCALE,
        }
    }
}

/// The rows' height.
pub fn height(rows: &[Row]) -> u16 {
    rows.iter().map(Row::height).sum()
}

/// Chinese names in big type without sized text: no big-font crate has Hanzi, so they are bold
/// and spaced out.
pub fn spaced(s: &str) -> String {
    let chars: Vec<String> = s.chars().map(|c| c.to_string()).collect();
    chars.join(" ")
}

/// A name as a banner shows it, in `w` columns: each language at twice the size when `big` (the
/// terminal draws sized text) and it fits; else the Chinese spaced out, the English as written,
/// both bold, wrapped.
pub fn name_rows(lang: Lang, name: &Text, w: u16, big: bool, theme: Theme) -> Vec<Row> {
    let style = theme.title().add_modifier(Modifier::BOLD);
    let mut rows = Vec::new();
    let mut one = |s: String, chinese: bool| {
        if big && sized::width(&s) <= w {
            return rows.push(Row::Big(s, style));
        }
        let s = if chinese && text::width(&spaced(&s)) <= w as usize {
            spaced(&s)
        } else {
            s
        };
        rows.extend(
            super::wrapped(&s, w as usize, 0, style)
                .into_iter()
                .map(Row::Line),
        );
    };
    if lang != Lang::En {
        one(text::one_line(&name.zh), true);
    }
    if lang != Lang::Zh {
        one(text::one_line(&name.en), false);
    }
    rows
}

/// Draw `rows` from the top of `area`, each centred in it when `centred`; what does not fit is
/// left off (the caller made room).
pub fn draw_rows(frame: &mut Frame, area: Rect, rows: Vec<Row>, centred: bool) {
    let mut y = area.y;
    for row in rows {
        let h = row.height();
        if y + h > area.bottom() {
            break;
        }
        match row {
            Row::Line(line) => {
                let line = if centred { line.centered() } else { line };
                frame.render_widget(
                    Paragraph::new(line),
                    Rect {
                        y,
                        height: 1,
                        ..area
                    },
                )
            }
            Row::Big(s, style) => {
                let x = if centred {
                    area.x + area.width.saturating_sub(sized::width(&s)) / 2
                } else {
                    area.x
                };
                sized::put(frame.buffer_mut(), area, x, y, &s, style);
            }
        }
        y += h;
    }
}

/// A number in block digits at the top of `area`: 8 rows tall when `full`, else 4. Returns the
/// rows it takes.
pub fn big_number(frame: &mut Frame, area: Rect, n: u32, full: bool, theme: Theme) -> u16 {
    let (size, rows) = if full {
        (PixelSize::Full, 8)
    } else {
        (PixelSize::HalfHeight, 4)
    };
    let big = BigText::builder()
        .pixel_size(size)
        .style(theme.title())
        .lines(vec![Line::from(n.to_string())])
        .build();
    frame.render_widget(
        big,
        Rect {
            height: rows.min(area.height),
            ..area
        },
    );
    rows
}
