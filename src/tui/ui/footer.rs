//! The footer (keys that work here, the dataset, how many platforms show) and the search line.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fit_line;
use crate::lang::Lang;
use crate::text;
use crate::tui::app::App;
use crate::tui::keys::{self, BINDINGS};
use crate::tui::theme::Theme;
use crate::words::Word;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    // A message (what was copied) stands in for the hints until the next key.
    if let Some(m) = &app.message {
        let line = Line::styled(format!(" {}", text::one_line(m)), theme.key());
        frame.render_widget(Paragraph::new(fit_line(line.spans, area.width)), area);
        return;
    }
    let mut right = format!(
        "{} · {}/{}",
        text::one_line(&app.dataset_name),
        app.visible.len(),
        app.data.platforms.len(),
    );
    if let Some(f) = app.filter_label() {
        right = format!(
            "{}: {} · {right}",
            app.lang.word(Word::Filter),
            text::one_line(&f)
        );
    }
    let right_w = text::width(&right) as u16 + 2;
    let hints_w = area.width.saturating_sub(right_w);
    // Whole hints only: a hint cut in half reads as a different key.
    let mut spans = Vec::new();
    let mut used = 0;
    // Hints in English for now: the footer has room for one language.
    for (keys, word) in keys::hints(BINDINGS, &app.contexts(), Lang::En) {
        let w = text::width(&keys) + text::width(&word) + 3;
        if used + w > hints_w as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(format!(" {keys}"), theme.key()));
        spans.push(Span::raw(format!(" {word} ")));
    }
    frame.render_widget(
        Paragraph::new(fit_line(spans, hints_w)),
        Rect {
            width: hints_w,
            ..area
        },
    );
    if area.width > right_w {
        let r = Rect {
            x: area.x + area.width - right_w,
            width: right_w,
            ..area
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!("{right} "), theme.dim())),
            r,
        );
    }
}

/// `/ query` with the terminal's real cursor at the insertion point, so an input method's
/// candidate window opens there.
pub fn search_line(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let prompt = format!("{} / ", app.lang.word(Word::Search));
    let q = text::one_line(app.search.query());
    let count = if app.search.query().trim().is_empty() {
        String::new()
    } else {
        format!("   {} {}", app.visible.len(), app.lang.word(Word::Found))
    };
    let spans = vec![
        Span::styled(prompt.clone(), theme.key()),
        Span::raw(q.clone()),
        Span::styled(count, theme.dim()),
    ];
    frame.render_widget(Paragraph::new(fit_line(spans, area.width)), area);
    if app.search.active {
        let before = app.search.before_cursor();
        let x = area.x as usize + text::width(&prompt) + text::width(&text::one_line(before));
        if x < (area.x + area.width) as usize {
            frame.set_cursor_position(Position::new(x as u16, area.y));
        }
    }
}
