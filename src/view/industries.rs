//! Every industry in the dataset and the platforms that host it; Enter filters the platform list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{fit_line, pane};
use crate::app::atlas::{App, Regions, inner};
use crate::app::industry_list::Sort;
use crate::app::keys::{self, Action, BINDINGS, Context};
use crate::lang::Lang;
use crate::map::{self, MapOptions, Viewport};
use crate::text;
use crate::view::theme::Theme;
use crate::words::Word;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, regions: &mut Regions) {
    let left_w = (area.width / 2).clamp(28, 64);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(0)]).areas(area);

    let list = &app.industries;
    let sort = match list.sort() {
        Sort::Count => Word::SortCount,
        Sort::Pinyin => Word::SortPinyin,
        Sort::English => Word::SortEnglish,
    };
    let title = format!(
        "{} {}/{} · {}",
        app.lang.word(Word::Industries),
        list.len(),
        list.all().len(),
        app.lang.word(sort)
    );
    let body = inner(left);
    let width = body.width as usize;
    // A header row names the columns, so the count reads as a count, not a platform number.
    let rows = (body.height as usize).saturating_sub(1);
    let offset = list.selected().saturating_sub(rows.saturating_sub(1));
    let shown: Vec<_> = list.shown().collect();
    let zh_w = shown
        .iter()
        .map(|r| text::width(&text::one_line(&r.name.zh)))
        .max()
        .unwrap_or(0);
    let count_w = 3;
    let mut lines: Vec<Line> = vec![header(app.lang, width, theme)];
    for (i, row) in shown.iter().enumerate().skip(offset).take(rows) {
        let selected = i == list.selected();
        let base = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let name = match app.lang {
            Lang::Zh => text::one_line(&row.name.zh),
            Lang::En => text::one_line(&row.name.en),
            // The English in a column of its own, aligned after the widest Chinese name.
            Lang::Both => format!(
                "{}  {}",
                text::pad(&text::one_line(&row.name.zh), zh_w),
                text::one_line(&row.name.en)
            ),
        };
        let room = width.saturating_sub(2 + count_w + 1);
        let spans = vec![
            Span::styled(if selected { ">" } else { " " }, base),
            Span::styled(" ", base),
            Span::styled(text::pad(&name, room), base),
            Span::styled(
                format!(" {:>count_w$}", row.platforms.len()),
                if selected { base } else { theme.dim() },
            ),
        ];
        lines.push(fit_line(spans, body.width));
    }
    if shown.is_empty() {
        lines.push(Line::styled(
            format!(" {}", app.lang.word(Word::NothingMatches)),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).block(pane(title, true, theme)), left);
    regions.industries = Rect {
        y: left.y + 1,
        height: left.height.saturating_sub(1),
        ..left
    };
    regions.industries_offset = offset;

    let Some(row) = list.selected_row().map(|i| &list.all()[i]) else {
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
            spotlight: Some(app.lang.pick(&row.name)),
            legend: false,
        };
        let view = Viewport::fit_district(&app.data, m.width, m.height);
        let grid = map::render_with(&app.data, app.map_facts(), &view, m.width, m.height, &opts);
        let block = pane(app.lang.word(Word::Map), false, theme);
        frame.render_widget(
            Paragraph::new(super::map_pane::map_lines(&grid, theme)).block(block),
            area,
        );
    }
}

/// The column names: industry on the left, how many platforms host it on the right.
fn header(lang: Lang, width: usize, theme: Theme) -> Line<'static> {
    let left = format!("  {}", lang.word(Word::IndustryColumn));
    let right = lang.word(Word::HostsColumn);
    let gap = width.saturating_sub(text::width(&left) + text::width(&right) + 1);
    fit_line(
        vec![Span::styled(
            format!("{left}{}{right} ", " ".repeat(gap)),
            theme.dim(),
        )],
        width as u16,
    )
}
