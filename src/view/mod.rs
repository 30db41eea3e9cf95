//! Drawing: the atlas's and the briefing's state into a ratatui buffer, one file per region
//! (list, detail, map pane, footer, help, industries, plan, the briefing's slides), with the
//! colours by meaning (`theme`), a drawn buffer as ANSI text (`ansi`), the backend that sends a
//! frame's changed cells to any writer (`backend`) and the clipboard's escape (`clipboard`).
//!
//! Drawing is a pure function of the app state into a frame; it returns where it put each region,
//! so mouse clicks are tested against exactly what was drawn. Used by the local terminal, the SSH
//! server, exports and the CLI's `map`. It imports `app` but never the local `terminal`, and never
//! reads or queries a terminal: whatever it writes goes to a writer it is given.

pub mod ansi;
pub mod backend;
pub mod briefing;
mod briefing_banner;
mod briefing_frame;
mod briefing_pages;
pub mod clipboard;
pub mod console;
mod detail;
mod footer;
mod help;
mod industries;
mod list;
mod map_pane;
mod plan;
pub mod sized;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::app::atlas::{App, MIN_SIZE, Regions, Screen, SidePane};
use crate::app::keys::{self, Action, BINDINGS, Context};
use crate::lang::Lang;
use crate::search::{Field, Match};
use crate::text;
use crate::words::Word;
use theme::Theme;

pub use map_pane::map_lines;
pub use plan::{byline as plan_byline, year_line as plan_year_line};

/// Draw the atlas and remember where each region went, for clicks and map-sized actions. The
/// event loop, the screen tests and the benchmarks all draw through this.
pub fn render(frame: &mut Frame, app: &mut App, theme: Theme) {
    // The layout (wide, narrow, too small) follows the frame actually drawn.
    let area = frame.area();
    app.resize(area.width, area.height);
    let regions = draw(frame, app, theme);
    app.regions = regions;
    if theme.ambiguous_wide {
        crate::ambiguous::narrow_buffer(frame.buffer_mut());
    }
}

fn draw(frame: &mut Frame, app: &App, theme: Theme) -> Regions {
    let area = frame.area();
    let mut regions = Regions::default();
    frame.render_widget(Block::new().style(theme.base()), area);
    if app.is_too_small() {
        too_small(frame, area, app.lang, theme);
        return regions;
    }
    let line = if app.screen == Screen::Industries {
        &app.industries.query
    } else {
        &app.search
    };
    let search_h = u16::from(line.active || !line.query().is_empty());
    let [header, body, search, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(search_h),
        Constraint::Length(1),
    ])
    .areas(area);
    header_line(frame, header, app, theme);
    match app.screen {
        Screen::Platforms => platforms(frame, body, search_h, app, theme, &mut regions),
        Screen::Industries => industries::draw(frame, body, search_h, app, theme, &mut regions),
        Screen::Plan => plan::draw(frame, body, app, theme, &mut regions),
    }
    if search_h > 0 {
        footer::search_line(frame, search, app, theme);
    }
    footer::draw(frame, foot, app, &regions, theme);
    if app.help {
        help::draw(frame, area, app, theme, &mut regions);
    }
    regions
}

/// The platforms screen: list, detail and map side by side when wide; list and one of the others
/// when not. `rest` is the rows the search line takes, which the map is fitted as if it had.
fn platforms(
    frame: &mut Frame,
    area: Rect,
    rest: u16,
    app: &App,
    theme: Theme,
    regions: &mut Regions,
) {
    if app.is_wide() {
        let left_w = (area.width * 2 / 5).clamp(44, 66);
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_w), Constraint::Min(0)]).areas(area);
        // Sized for the whole dataset, so the layout holds still while a search narrows the list.
        let list_h = (app.data.platforms.len() as u16 + 2).clamp(5, left.height / 2);
        let [top, bottom] =
            Layout::vertical([Constraint::Length(list_h), Constraint::Min(0)]).areas(left);
        list::draw(frame, top, app, theme, regions);
        detail::draw(frame, bottom, app, theme, regions);
        map_pane::draw(frame, right, rest, app, theme, regions);
    } else {
        let left_w = (area.width * 2 / 5).clamp(24, 38);
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_w), Constraint::Min(0)]).areas(area);
        list::draw(frame, left, app, theme, regions);
        if app.side == SidePane::Map {
            map_pane::draw(frame, right, rest, app, theme, regions);
        } else {
            detail::draw(frame, right, app, theme, regions);
        }
    }
}

/// Screen tabs on the left, the atlas's title on the right where it fits.
fn header_line(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let d = &app.data.district;
    let tabs = [
        (Screen::Platforms, Action::ShowPlatforms, Word::Platforms),
        (Screen::Industries, Action::ShowIndustries, Word::Industries),
        (Screen::Plan, Action::ShowPlan, Word::Plan),
    ];
    let mut spans = Vec::new();
    for (screen, action, word) in tabs {
        let style = if app.screen == screen {
            theme.selected()
        } else {
            Style::new()
        };
        let key = keys::key_for(BINDINGS, Context::Global, action);
        spans.push(Span::styled(
            format!(" {key} {} ", app.lang.word(word)),
            style,
        ));
        spans.push(Span::raw(" "));
    }
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    let (zh, en) = Word::IndustryPlatforms.zh_en();
    let title = match app.lang {
        Lang::Zh => format!("{}{} {zh}", d.city.zh, d.name.zh),
        Lang::En => format!("{}, {} · {en}", d.name.en, d.city.en),
        Lang::Both => format!("{}{} {zh} · {} {en}", d.city.zh, d.name.zh, d.name.en),
    };
    let title = format!("{} ", text::one_line(&title));
    let room = (area.width as usize).saturating_sub(used);
    if text::width(&title) <= room {
        spans.push(Span::raw(" ".repeat(room - text::width(&title))));
        spans.push(Span::styled(title, theme.title()));
    }
    frame.render_widget(Paragraph::new(fit_line(spans, area.width)), area);
}

/// Below the minimum size: what is needed, the size now and the quit key, centred, each phrase
/// kept whole on its line where the width allows.
fn too_small(frame: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
    let need = format!("{}x{}", MIN_SIZE.0, MIN_SIZE.1);
    let quit = keys::key_for(BINDINGS, Context::Global, Action::Quit);
    let mut phrases = match lang {
        // Each language's sentence whole, rather than one sentence with both halves glued.
        Lang::Both => vec![
            Lang::Zh.word_with(Word::TooSmall, &need),
            Lang::En.word_with(Word::TooSmall, &need),
        ],
        _ => vec![lang.word_with(Word::TooSmall, &need)],
    };
    phrases.push(format!("({}x{})", area.width, area.height));
    phrases.push(lang.word_with(Word::KeyQuits, &quit));
    let lines = phrase_lines(&phrases, area.width as usize);
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let lines: Vec<Line> = lines
        .into_iter()
        .take(area.height as usize)
        .map(|l| Line::styled(text::truncate(&l, area.width as usize), theme.warning()).centered())
        .collect();
    let at = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(Paragraph::new(lines), at);
}

/// Phrases set into lines of at most `width` columns, joined by ` · `; a phrase moves to the next
/// line whole rather than break, and only a phrase wider than a line is wrapped.
pub(crate) fn phrase_lines(phrases: &[String], width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for p in phrases {
        let p = text::one_line(p);
        if cur.is_empty() {
            // Nothing on this line yet: the phrase starts it.
        } else if text::width(&cur) + 3 + text::width(&p) <= width {
            cur.push_str(" · ");
            cur.push_str(&p);
            continue;
        } else {
            lines.push(std::mem::take(&mut cur));
        }
        if text::width(&p) <= width {
            cur = p;
        } else {
            let mut parts = text::wrap(&p, width);
            cur = parts.pop().unwrap_or_default();
            lines.extend(parts);
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// "▼ more" on the lower border of a bordered `area`, at the right: the pane holds more than it
/// shows. Left out where the border is too short to carry it.
pub(crate) fn more_cue(frame: &mut Frame, area: Rect, lang: Lang, theme: Theme) {
    let cue = format!(" ▼ {} ", lang.word(Word::More));
    let w = text::width(&cue) as u16;
    if area.height < 2 || area.width < w + 4 {
        return;
    }
    let at = Rect {
        x: area.right() - 2 - w,
        y: area.bottom() - 1,
        width: w,
        height: 1,
    };
    frame.render_widget(Paragraph::new(Line::styled(cue, theme.key())), at);
}

/// Clear an area for a popup. A wide character just left of it would spill over its left border,
/// so such a character is blanked too.
pub(crate) fn clear_popup(frame: &mut Frame, popup: Rect) {
    frame.render_widget(Clear, popup);
    if popup.x == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    for y in popup.top()..popup.bottom() {
        if let Some(cell) = buf.cell_mut((popup.x - 1, y))
            && text::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// A bordered block with a title, highlighted when it has focus.
pub(crate) fn pane(title: String, focused: bool, theme: Theme) -> Block<'static> {
    let (style, ty) = if focused {
        (theme.focused_border(), BorderType::Thick)
    } else {
        (theme.border(), BorderType::Plain)
    };
    Block::new()
        .borders(Borders::ALL)
        .border_type(ty)
        .border_style(style)
        .title(Span::styled(
            format!(" {} ", text::one_line(&title)),
            theme.heading(),
        ))
}

/// `text` as spans, with the chars at `positions` in `matched` style. Text is sanitised.
pub(crate) fn highlight(
    text: &str,
    positions: &[usize],
    base: Style,
    matched: Style,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    // Made safe a character at a time, so the caps on marks and invisible runs hold across the
    // runs' borders.
    let mut safe = text::Shown::default();
    for (i, c) in text.chars().enumerate() {
        let hit = positions.contains(&i);
        if hit != run_hit && !run.is_empty() {
            let style = if run_hit { matched } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_hit = hit;
        safe.push(if c == '\n' { ' ' } else { c }, &mut run);
    }
    safe.finish(&mut run);
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hit { matched } else { base }));
    }
    spans
}

/// `s`, sanitised and wrapped to `width` columns after `indent` spaces.
pub(crate) fn wrapped(s: &str, width: usize, indent: usize, style: Style) -> Vec<Line<'static>> {
    let pad = " ".repeat(indent);
    text::wrap(&text::sanitize(s), width.saturating_sub(indent).max(4))
        .into_iter()
        .map(|l| Line::styled(format!("{pad}{l}"), style))
        .collect()
}

/// `t` in the chosen language, wrapped: for both, the Chinese paragraph then the English one.
pub(crate) fn bilingual(
    lang: Lang,
    t: &crate::dataset::Text,
    width: usize,
    indent: usize,
    (zh, en): (Style, Style),
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if lang != Lang::En {
        out.extend(wrapped(&t.zh, width, indent, zh));
    }
    if lang != Lang::Zh {
        out.extend(wrapped(&t.en, width, indent, en));
    }
    out
}

/// The matched character positions of `text` in `field`, from a platform's search matches.
pub(crate) fn matched_positions(matches: &[Match], field: Field, text: &str) -> Vec<usize> {
    matches
        .iter()
        .find(|m| m.field == field && m.text == text)
        .map(|m| m.positions.clone())
        .unwrap_or_default()
}

/// Cut a line of spans to `width` columns without splitting a wide character.
pub(crate) fn fit_line(spans: Vec<Span<'static>>, width: u16) -> Line<'static> {
    let mut left = width as usize;
    let mut out = Vec::new();
    for s in spans {
        if left == 0 {
            break;
        }
        let w = text::width(&s.content);
        if w <= left {
            left -= w;
            out.push(s);
        } else {
            let cut = text::truncate(&s.content, left);
            left = 0;
            out.push(Span::styled(cut, s.style));
        }
    }
    Line::from(out)
}
