//! Every industry in the dataset and the platforms that host it; Enter filters the platform list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{fit_line, pane};
use crate::lang::Lang;
use crate::map::{self, MapOptions, Viewport};
use crate::text;
use crate::tui::app::{App, Regions, inner};
use crate::tui::keys::{self, Action, BINDINGS, Context};
use crate::tui::theme::Theme;
use crate::words::Word;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, regions: &mut Regions) {
    let left_w = (area.width / 2).clamp(28, 60);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(0)]).areas(area);

    let title = format!(
        "{} {}",
        app.lang.word(Word::Industries),
        app.industries.len()
    );
    let body = inner(left);
    let rows = body.height as usize;
    let offset = app.industry_selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = app
        .industries
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, row)| {
            let selected = i == app.industry_selected;
            let base = if selected {
                theme.selected()
            } else {
                Style::new()
            };
            let name = match app.lang {
                Lang::Zh => row.name.zh.clone(),
                Lang::En => row.name.en.clone(),
                Lang::Both => format!("{}  {}", row.name.zh, row.name.en),
            };
            let mut spans = vec![
                Span::styled(if selected { ">" } else { " " }, base),
                Span::styled(
                    format!("{:>2} ", row.platforms.len()),
                    if selected { base } else { theme.dim() },
                ),
                Span::styled(text::one_line(&name), base),
            ];
            let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
            if selected && used < body.width as usize {
                spans.push(Span::styled(" ".repeat(body.width as usize - used), base));
            }
            fit_line(spans, body.width)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(pane(title, true, theme)), left);
    regions.industries = left;
    regions.industries_offset = offset;

    let Some(row) = app.industries.get(app.industry_selected) else {
        return;
    };
    let width = inner(right).width as usize;
    let mut lines = vec![
        Line::styled(text::one_line(&app.lang.pick(&row.name)), theme.title()),
        Line::raw(""),
    ];
    for &p in &row.platforms {
        let pf = &app.data.platforms[p];
        lines.push(fit_line(
            vec![
                Span::styled(format!("[{:>2}] ", pf.number), theme.key()),
                Span::raw(text::one_line(&app.lang.pick(&pf.name))),
            ],
            width as u16,
        ));
    }
    lines.push(Line::raw(""));
    let enter = keys::key_for(BINDINGS, Context::Industries, Action::Choose);
    for l in text::wrap(
        &app.lang.word_with(Word::FilterToTheseHint, &enter),
        width.max(4),
    ) {
        lines.push(Line::styled(l, theme.dim()));
    }
    let title = app.lang.word(Word::HostedBy);
    // Where there is room, the map below shows where the hosting platforms are.
    let list_h = lines.len() as u16 + 2;
    let (top, map_area) = if right.height >= list_h + 14 && right.width >= 40 {
        let [t, m] =
            Layout::vertical([Constraint::Length(list_h), Constraint::Min(0)]).areas(right);
        (t, Some(m))
    } else {
        (right, None)
    };
    frame.render_widget(Paragraph::new(lines).block(pane(title, false, theme)), top);
    if let Some(area) = map_area {
        let m = inner(area);
        let opts = MapOptions {
            style: app.map_style.effective(theme.color),
            lang: app.lang,
            selected: None,
            highlighted: row.platforms.clone(),
            legend: false,
        };
        let view = Viewport::fit_district(&app.data, m.width, m.height);
        let grid = map::render(&app.data, &view, m.width, m.height, &opts);
        let block = pane(app.lang.word(Word::Map), false, theme);
        frame.render_widget(
            Paragraph::new(super::map_pane::map_lines(&grid, theme)).block(block),
            area,
        );
    }
}
