//! The platform list: number and name, the selection marked with `>` as well as reverse video so
//! it survives NO_COLOR, matched characters highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{fit_line, highlight, pane};
use crate::app::atlas::{App, Focus, Regions, inner};
use crate::lang::Lang;
use crate::map::MapStyle;
use crate::search::Field;
use crate::view::theme::Theme;
use crate::words::Word;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, regions: &mut Regions) {
    let title = format!(
        "{} {}/{}",
        app.lang.word(Word::Platforms),
        app.listed(),
        app.data.platforms.len()
    );
    let block = pane(title, app.focus == Focus::List, theme);
    let body = inner(area);
    let rows = body.height as usize;
    // Keep the selection in view, scrolling as little as possible.
    let offset = app
        .selected
        .saturating_sub(rows.saturating_sub(1))
        .min(app.listed().saturating_sub(rows));
    let offset = if rows == 0 { 0 } else { offset };
    let mut lines: Vec<Line> = Vec::new();
    if app.visible.is_empty() {
        lines.push(Line::styled(
            format!(" {}", app.lang.word(Word::NothingMatches)),
            theme.dim(),
        ));
    }
    for (row, &p) in app.visible.iter().enumerate().skip(offset).take(rows) {
        let platform = &app.data.platforms[p];
        let selected = row == app.selected;
        let base = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let matched = if selected {
            theme.selected().patch(theme.matched())
        } else {
            theme.matched()
        };
        // Only the rows drawn: a search may have found 100,000 platforms.
        let matches = app.matches_for(p);
        let positions = |field: Field, text: &str| super::matched_positions(&matches, field, text);
        let mut spans = vec![Span::styled(if selected { ">" } else { " " }, base)];
        // A search for the number (`6`) lights the number up, as it does a matched name.
        let number = format!("{:>2}", platform.number);
        let at = positions(Field::Number, number.trim_start());
        let pad = number.len() - number.trim_start().len();
        spans.push(Span::raw(" ".repeat(pad)).style(base));
        spans.extend(highlight(number.trim_start(), &at, base, matched));
        // Where the map paints platforms, a chip of the platform's colour keys it to its fill.
        let chip = app
            .map_facts()
            .slots
            .get(p)
            .filter(|_| app.map_style.effective(theme.color) == MapStyle::Fill)
            .and_then(|&slot| theme.swatch(slot));
        spans.push(Span::styled(" ", chip.unwrap_or(base)));
        match app.lang {
            Lang::Zh => spans.extend(highlight(
                &platform.name.zh,
                &positions(Field::Name, &platform.name.zh),
                base,
                matched,
            )),
            Lang::En => spans.extend(highlight(
                &platform.name.en,
                &positions(Field::NameEn, &platform.name.en),
                base,
                matched,
            )),
            Lang::Both => {
                spans.extend(highlight(
                    &platform.name.zh,
                    &positions(Field::Name, &platform.name.zh),
                    base,
                    matched,
                ));
                spans.push(Span::styled(" ", base));
                spans.extend(highlight(
                    &platform.name.en,
                    &positions(Field::NameEn, &platform.name.en),
                    base,
                    matched,
                ));
            }
        }
        // Pad the selected row so its reverse video spans the pane.
        let used: usize = spans.iter().map(|s| crate::text::width(&s.content)).sum();
        if selected && used < body.width as usize {
            spans.push(Span::styled(" ".repeat(body.width as usize - used), base));
        }
        lines.push(fit_line(spans, body.width));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
    if offset + rows < app.listed() {
        super::more_cue(frame, area, app.lang, theme);
    }
    regions.list = area;
    regions.list_offset = offset;
}
