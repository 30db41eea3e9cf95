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
        spotlight: app.spotlight_label(),
        legend: true,
        boundaries: false,
    };
    let view = app.view_for(fit);
    let grid = map::render_cached(
        app.map_frames(),
        &app.data,
        app.map_facts(),
        &view,
        m.width,
        m.height,
        &opts,
    );
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

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Color;
    use ratatui::widgets::{Paragraph, Widget};

    use super::*;
    use crate::dataset;
    use crate::lang::Lang;
    use crate::map::{MapStyle, Role, Viewport};
    use crate::view::theme::{ColorDepth, ThemeKind};

    /// The fill-style map as a terminal of `depth` gets it: its characters, then each cell's
    /// background as a letter of a key to the colours used ('.' for the terminal's own), then
    /// the key; and the backgrounds of the platforms' cells, by the platform's own colour.
    fn coloured(w: u16, h: u16, depth: ColorDepth) -> (String, Vec<Vec<Color>>) {
        let d = dataset::embedded();
        let opts = MapOptions {
            style: MapStyle::Fill,
            lang: Lang::Both,
            legend: true,
            boundaries: false,
            ..Default::default()
        };
        let vp = Viewport::fit_district(&d, w, h);
        let grid = map::render(&d, &vp, w, h, &opts);
        let theme = Theme::new(true, ThemeKind::Dark).with_depth(depth);
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        Paragraph::new(map_lines(&grid, theme)).render(area, &mut buf);
        let mut key: Vec<Color> = Vec::new();
        let mut letters = String::new();
        let mut by_platform = vec![Vec::new(); crate::map::OWN_COLOURS as usize];
        for y in 0..h {
            for x in 0..w {
                let bg = buf[(x, y)].bg;
                if bg == Color::Reset {
                    letters.push('.');
                    continue;
                }
                let k = key.iter().position(|&c| c == bg).unwrap_or_else(|| {
                    key.push(bg);
                    key.len() - 1
                });
                letters
                    .push(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[k % 52] as char);
                if let Some(Role::Fill(paint)) = grid.cell(x, y).map(|c| c.role) {
                    by_platform[paint.own as usize].push(bg);
                }
            }
            letters.push('\n');
        }
        let text = grid.lines().join("\n");
        let key: Vec<String> = key
            .iter()
            .enumerate()
            .map(|(k, c)| format!("{k}: {c:?}"))
            .collect();
        (
            format!("{text}\n\n{letters}\n{}", key.join("\n")),
            by_platform,
        )
    }

    #[test]
    fn fill_colours_at_each_colour_depth() {
        for depth in [
            ColorDepth::Named,
            ColorDepth::Indexed,
            ColorDepth::TrueColor,
        ] {
            for (w, h) in [(80, 24), (160, 48)] {
                let (shown, by_platform) = coloured(w, h, depth);
                insta::assert_snapshot!(format!("fill_{depth:?}_{w}x{h}"), shown);
                // A platform's fill is one colour; on 256 colours or more each has its own.
                let colours: Vec<Color> = by_platform
                    .iter()
                    .filter_map(|cells| {
                        let first = *cells.first()?;
                        assert!(cells.iter().all(|&c| c == first), "{depth:?} {w}x{h}");
                        Some(first)
                    })
                    .collect();
                // The eight platforms with sourced outlines show a fill at 160x48; at 80x24 the
                // smallest are under their own labels.
                let shown = if w >= 160 { 8 } else { 5 };
                assert!(colours.len() >= shown, "{depth:?} {w}x{h}: {colours:?}");
                if depth != ColorDepth::Named {
                    let mut distinct = colours.clone();
                    distinct.sort_by_key(|c| format!("{c:?}"));
                    distinct.dedup();
                    assert_eq!(
                        distinct.len(),
                        colours.len(),
                        "{depth:?} {w}x{h}: {colours:?}"
                    );
                }
            }
        }
    }
}
