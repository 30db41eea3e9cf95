//! The district map pane: the map module draws the grid; this only styles and places it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::pane;
use crate::app::atlas::{App, Focus, Regions, inner};
use crate::map::{self, MapGrid, MapOptions, MapStyle};
use crate::view::theme::Theme;
use crate::words::Word;

/// `rest` is how many rows taller the pane is when no search line shows: the map is fitted to
/// that height, so opening the search line takes a row off the map without rescaling it.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    rest: u16,
    app: &App,
    theme: Theme,
    regions: &mut Regions,
) {
    let style = app.map_style.effective(theme.color);
    let title = format!(
        "{} · {}",
        app.lang.word(Word::Map),
        app.lang.word(style_word(style))
    );
    let block = pane(title, app.focus == Focus::Map, theme);
    let m = inner(area);
    let fit = Rect {
        height: m.height + rest,
        ..m
    };
    let opts = MapOptions {
        style,
        lang: app.lang,
        selected: app.selected_platform(),
        highlighted: app.highlighted(),
        legend: true,
    };
    let view = app.view_for(fit);
    let grid = map::render_with(&app.data, app.map_facts(), &view, m.width, m.height, &opts);
    frame.render_widget(Paragraph::new(map_lines(&grid, theme)).block(block), area);
    regions.map = area;
    regions.map_fit = fit;
    regions.map_view = Some(view);
}

/// A map style's name in the UI's words.
pub fn style_word(style: MapStyle) -> Word {
    match style {
        MapStyle::Ascii => Word::MapStyleAscii,
        MapStyle::Unicode => Word::MapStyleUnicode,
        MapStyle::Fill => Word::MapStyleFill,
    }
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
