//! The help overlay, generated from the key table so it always tells the truth. It shows every
//! key of the atlas in the chosen language; descriptions wrap, and where the screen is too short
//! for all of them the overlay scrolls.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{fit_line, pane};
use crate::app::atlas::{App, Regions};
use crate::app::keys::{self, Action, BINDINGS, Context};
use crate::lang::Lang;
use crate::text;
use crate::view::theme::Theme;
use crate::words::Word;

/// The groups of keys the atlas has, in the order help lists them (presenting has its own keys,
/// listed in docs/keys.md).
const GROUPS: [(Context, Word); 8] = [
    (Context::Global, Word::KeysEverywhere),
    (Context::Platforms, Word::KeysPlatforms),
    (Context::List, Word::KeysLists),
    (Context::Map, Word::KeysMap),
    (Context::Industries, Word::KeysIndustries),
    (Context::Search, Word::KeysSearch),
    (Context::Help, Word::Help),
    (Context::Always, Word::KeysTerminal),
];

/// One group: its heading, then a line per binding with the description wrapped to `width`.
fn group_lines(
    ctx: Context,
    name: Word,
    lang: Lang,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let binds: Vec<_> = BINDINGS.iter().filter(|b| b.context == ctx).collect();
    let key_w = binds
        .iter()
        .map(|b| text::width(&b.label()))
        .max()
        .unwrap_or(0);
    let desc_w = width.saturating_sub(key_w + 3).max(8);
    let mut lines = vec![Line::styled(lang.word(name), theme.heading())];
    for b in binds {
        let desc = text::wrap(&lang.word(b.help), desc_w);
        for (i, d) in desc.into_iter().enumerate() {
            let key = if i == 0 { b.label() } else { String::new() };
            lines.push(Line::from(vec![
                Span::styled(format!(" {}", text::pad(&key, key_w)), theme.key()),
                Span::raw(format!("  {d}")),
            ]));
        }
    }
    lines.push(Line::raw(""));
    lines
}

/// Every line of the help at this width, in one column.
fn all_lines(lang: Lang, width: usize, theme: Theme) -> Vec<Vec<Line<'static>>> {
    let mut groups: Vec<Vec<Line>> = GROUPS
        .iter()
        .map(|&(c, n)| group_lines(c, n, lang, width, theme))
        .collect();
    groups.push(
        text::wrap(&lang.word(Word::MouseHelp), width)
            .into_iter()
            .map(|l| Line::styled(l, theme.dim()))
            .collect(),
    );
    groups
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, regions: &mut Regions) {
    let lang = app.lang;
    let w = area.width.min(120);
    let h = area.height;
    let popup = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y,
        width: w,
        height: h,
    };
    let inner_w = w.saturating_sub(2) as usize;
    let rows = h.saturating_sub(2) as usize;
    // Two columns when everything then fits without scrolling; else one column that scrolls.
    let half = inner_w.saturating_sub(2) / 2;
    let two = (inner_w >= 80)
        .then(|| two_columns(all_lines(lang, half, theme), half, rows))
        .flatten();
    let (lines, scrollable) = match two {
        Some(lines) => (lines, false),
        None => (all_lines(lang, inner_w, theme).concat(), true),
    };
    let max_scroll = if scrollable {
        lines.len().saturating_sub(rows) as u16
    } else {
        0
    };
    regions.help_max_scroll = max_scroll;
    regions.help_rows = rows as u16;
    let scroll = app.help_scroll().min(max_scroll);
    let mut title = lang.word(Word::Help);
    if max_scroll > 0 {
        let last = (scroll as usize + rows).min(lines.len());
        title = format!(
            "{title} · {}-{last}/{} · {} {}",
            scroll + 1,
            lines.len(),
            keys::key_for(BINDINGS, Context::Help, Action::Next),
            lang.word(Word::Scroll)
        );
    }
    let close = keys::key_for(BINDINGS, Context::Help, Action::CloseHelp);
    title = format!("{title} · {close} {}", lang.word(Word::HintClose));
    // Clear first so no wide character of the screen below is cut in half at the popup's edge.
    super::clear_popup(frame, popup);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(scroll as usize)
        .take(rows)
        .map(|l| fit_line(l.spans, inner_w as u16))
        .collect();
    frame.render_widget(
        Paragraph::new(shown).block(pane(title, true, theme).style(theme.base())),
        popup,
    );
    if scroll < max_scroll {
        super::more_cue(frame, popup, lang, theme);
    }
}

/// Groups split into two columns where the halves are most even, side by side; `None` when the
/// longer column would not fit in `rows`.
fn two_columns(
    groups: Vec<Vec<Line<'static>>>,
    half: usize,
    rows: usize,
) -> Option<Vec<Line<'static>>> {
    let total: usize = groups.iter().map(Vec::len).sum();
    let (mut left, mut right): (Vec<Line>, Vec<Line>) = (Vec::new(), Vec::new());
    for g in groups {
        if left.len() + g.len() / 2 <= total / 2 && right.is_empty() {
            left.extend(g);
        } else {
            right.extend(g);
        }
    }
    let n = left.len().max(right.len());
    if n > rows {
        return None;
    }
    let lines = (0..n)
        .map(|r| {
            let l = left.get(r).cloned().unwrap_or_default();
            let cut = fit_line(l.spans, half as u16);
            let pad = half.saturating_sub(cut.width()) + 2;
            let mut spans = cut.spans;
            spans.push(Span::raw(" ".repeat(pad)));
            if let Some(rl) = right.get(r) {
                spans.extend(fit_line(rl.spans.clone(), half as u16).spans);
            }
            Line::from(spans)
        })
        .collect();
    Some(lines)
}
