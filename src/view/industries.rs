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

/// The right pane keeps at least this many columns, and the list takes what else its names need.
const RIGHT_MIN: u16 = 30;

/// `rest` is the rows the search line takes, which the map is fitted as if it had.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    rest: u16,
    app: &App,
    theme: Theme,
    regions: &mut Regions,
) {
    let list = &app.industries;
    let count_w = 3;
    // Sized for every row, not only the ones a filter leaves, so the layout holds still.
    let zh_w = list
        .all()
        .iter()
        .map(|r| text::width(&text::one_line(&r.name.zh)))
        .max()
        .unwrap_or(0);
    let name_w = list
        .all()
        .iter()
        .map(|r| text::width(&row_name(app.lang, &r.name, zh_w)))
        .max()
        .unwrap_or(0);
    // The list as wide as its longest name needs, leaving the right pane its share.
    let needed = (2 + name_w + 1 + count_w + 2) as u16;
    let right_min = RIGHT_MIN.max(area.width * 2 / 5);
    let left_w = needed
        .min(area.width.saturating_sub(right_min))
        .max(28)
        .min(area.width);
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(0)]).areas(area);

    let sort = match list.sort() {
        Sort::Count => Word::SortCount,
        Sort::Pinyin => Word::SortPinyin,
        Sort::English => Word::SortEnglish,
    };
    let title = list_title(app.lang, list.len(), list.all().len(), sort, left_w);
    let body = inner(left);
    let width = body.width as usize;
    // A header row names the columns, so the count reads as a count, not a platform number.
    let rows = (body.height as usize).saturating_sub(1);
    let offset = list.selected().saturating_sub(rows.saturating_sub(1));
    let shown: Vec<_> = list.shown().collect();
    let mut lines: Vec<Line> = vec![header(app.lang, width, theme)];
    for (i, row) in shown.iter().enumerate().skip(offset).take(rows) {
        let selected = i == list.selected();
        let base = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let name = row_name(app.lang, &row.name, zh_w);
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
    if offset + rows < shown.len() {
        super::more_cue(frame, left, app.lang, theme);
    }
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
    // The industry's whole name, wrapped: the list may have had to cut it.
    let mut lines: Vec<Line> = text::wrap(&text::one_line(&app.lang.pick(&row.name)), width)
        .into_iter()
        .map(|l| Line::styled(l, theme.title()))
        .collect();
    lines.push(Line::raw(""));
    for &p in &row.platforms {
        let pf = &app.data.platforms[p];
        let number = format!("[{:>2}] ", pf.number);
        let indent = text::width(&number);
        let name = text::one_line(&app.lang.pick(&pf.name));
        for (k, l) in text::wrap(&name, width.saturating_sub(indent).max(4))
            .into_iter()
            .enumerate()
        {
            let lead = if k == 0 {
                Span::styled(number.clone(), theme.key())
            } else {
                Span::raw(" ".repeat(indent))
            };
            lines.push(fit_line(vec![lead, Span::raw(l)], width as u16));
        }
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
    let overflows = lines.len() > inner(top).height as usize;
    frame.render_widget(Paragraph::new(lines).block(pane(title, false, theme)), top);
    if overflows {
        super::more_cue(frame, top, app.lang, theme);
    }
    if let Some(area) = map_area {
        let m = inner(area);
        let opts = MapOptions {
            style: app.map_style.effective(theme.color),
            lang: app.lang,
            selected: None,
            highlighted: row.platforms.clone(),
            spotlight: Some(app.lang.pick(&row.name)),
            legend: false,
            boundaries: false,
        };
        // Fitted to the height it has with no search line, so opening one does not rescale it.
        let view = Viewport::fit_district(&app.data, m.width, m.height + rest);
        let grid = map::render_with(&app.data, app.map_facts(), &view, m.width, m.height, &opts);
        let block = pane(app.lang.word(Word::Map), false, theme);
        frame.render_widget(
            Paragraph::new(super::map_pane::map_lines(&grid, theme)).block(block),
            area,
        );
    }
}

/// A row's name in the list: for both languages the English in a column of its own, aligned
/// after the widest Chinese name (`zh_w`).
fn row_name(lang: Lang, name: &crate::dataset::Text, zh_w: usize) -> String {
    match lang {
        Lang::Zh => text::one_line(&name.zh),
        Lang::En => text::one_line(&name.en),
        Lang::Both => format!(
            "{}  {}",
            text::pad(&text::one_line(&name.zh), zh_w),
            text::one_line(&name.en)
        ),
    }
}

/// The list's title in a pane `pane_w` wide: the name, the count and the sort, shortened by whole
/// parts (the second language, then the sort) rather than cut mid-word.
fn list_title(lang: Lang, shown: usize, all: usize, sort: Word, pane_w: u16) -> String {
    let room = (pane_w as usize).saturating_sub(4);
    let with_sort = |l: Lang| {
        format!(
            "{} {shown}/{all} · {}",
            l.word(Word::Industries),
            l.word(sort)
        )
    };
    let without = |l: Lang| format!("{} {shown}/{all}", l.word(Word::Industries));
    let short = if lang == Lang::Both { Lang::Zh } else { lang };
    [
        with_sort(lang),
        with_sort(short),
        without(lang),
        without(short),
    ]
    .into_iter()
    .find(|t| text::width(t) <= room)
    .unwrap_or_else(|| without(short))
}

/// The column names: industry on the left, how many platforms host it on the right, at least two
/// columns apart; in both languages the Chinese alone where the pair would run together.
fn header(lang: Lang, width: usize, theme: Theme) -> Line<'static> {
    let words = |l: Lang| {
        (
            format!("  {}", l.word(Word::IndustryColumn)),
            l.word(Word::HostsColumn),
        )
    };
    let fits = |(l, r): &(String, String)| text::width(l) + 2 + text::width(r) < width;
    let short = if lang == Lang::Both { Lang::Zh } else { lang };
    let (left, right) = [words(lang), words(short)]
        .into_iter()
        .find(fits)
        .unwrap_or_else(|| (words(short).0, String::new()));
    let gap = width.saturating_sub(text::width(&left) + text::width(&right) + 1);
    fit_line(
        vec![Span::styled(
            format!("{left}{}{right} ", " ".repeat(gap)),
            theme.dim(),
        )],
        width as u16,
    )
}
