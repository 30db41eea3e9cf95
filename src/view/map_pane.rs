//! The district map pane: the map module draws the grid; this only styles and places it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane;
use crate::app::atlas::{App, Focus, Regions, inner};
use crate::map::{self, MapGrid, MapOptions};
use crate::view::theme::Theme;
use crate::words::Word;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, regions: &mut Regions) {
    let style = app.map_style.effective(theme.color);
    let title = format!("{} · {}", app.lang.word(Word::Map), style.name());
    let block = pane(title, app.focus == Focus::Map, theme);
    let m = inner(area);
    let opts = MapOptions {
        style,
        lang: app.lang,
        selected: app.selected_platform(),
        highlighted: app.highlighted(),
        spotlight: app.spotlight_label(),
        legend: true,
    };
    let view = app.view_for(m);
    let grid = map::render_with(&app.data, app.map_facts(), &view, m.width, m.height, &opts);
    frame.render_widget(Paragraph::new(map_lines(&grid, theme)).block(block), area);
    regions.map = area;
}

/// The grid as lines of spans, one span per run of cells with the same role, coloured by the
/// theme: the one colour table for every map (panes, slides, `gongshu map`).
pub fn map_lines(grid: &MapGrid, theme: Theme) -> Vec<Line<'static>> {
    (0..grid.height)
        .map(|y| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            let mut run = String::new();
            let mut role = None;
            for x in 0..grid.width {
                let Some(cell) = grid.cell(x, y) else {
                    continue;
                };
                if role != Some(cell.role) && !run.is_empty() {
                    spans.push(Span::styled(
                        std::mem::take(&mut run),
                        theme.map(role.unwrap_or(cell.role)),
                    ));
                }
                role = Some(cell.role);
                // A wide character's right half is "" and takes no text of its own.
                run.push_str(&cell.symbol);
            }
            if let Some(r) = role
                && !run.is_empty()
            {
                spans.push(Span::styled(run, theme.map(r)));
            }
            Line::from(spans)
        })
        .collect()
}
