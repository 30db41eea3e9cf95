//! The footer (keys that work here, the dataset, how many platforms show) and the search line.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fit_line;
use crate::app::atlas::{App, Focus, Regions, Screen};
use crate::app::keys::{self, Action, BINDINGS, Binding, Context};
use crate::text;
use crate::view::theme::Theme;
use crate::words::Word;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, regions: &Regions, theme: Theme) {
    let lang = app.lang;
    // The state on the right: what the list is narrowed to, the dataset, how many show.
    // No file name: the data built into the program.
    let dataset = if app.dataset_name.is_empty() {
        lang.word(Word::BuiltInDataset).to_string()
    } else {
        text::one_line(&app.dataset_name)
    };
    let mut right = format!(
        "{} · {}/{}",
        dataset,
        app.listed(),
        app.data.platforms.len(),
    );
    if !app.search.active && !app.search_query().is_empty() {
        right = format!(
            "{}: {} · {right}",
            lang.word(Word::KeptSearch),
            text::one_line(app.search_query())
        );
    }
    if let Some(f) = app.filter_label() {
        right = format!(
            "{}: {} · {right}",
            lang.word(Word::Filter),
            text::one_line(&f)
        );
    }
    let (right, right_style) = match app.message() {
        Some(m) => (text::one_line(m), theme.warning()),
        None => (right, theme.dim()),
    };
    // The status gives way first to the hints that must stay: help and quit (Esc while typing),
    // and the scroll keys while a pane that scrolls has the keys.
    let hints = keys::hinted(BINDINGS, &app.contexts());
    let pinned = |a: Action| {
        matches!(
            a,
            Action::Help | Action::Quit | Action::CloseHelp | Action::ClearSearch
        )
    };
    let hint = |b: &Binding<Action>| {
        let word = b.hint.map(|h| lang.word(h)).unwrap_or_default();
        (b.label(), word)
    };
    let cost = |(k, w): &(String, String)| text::width(k) + text::width(w) + 3;
    let scroll = scroll_hint(app, regions);
    let must: Vec<(String, String)> = scroll
        .iter()
        .cloned()
        .chain(hints.iter().filter(|b| pinned(b.action)).map(|b| hint(b)))
        .collect();
    let must_w: usize = must.iter().map(cost).sum();
    let right_w = (text::width(&right) + 2).min((area.width as usize).saturating_sub(must_w));
    let mut room = (area.width as usize).saturating_sub(right_w + must_w);
    // Whole hints only, in the table's order: a hint cut in half reads as a different key, and
    // once one does not fit none after it shows, so a later short hint never jumps ahead of it.
    let mut shown: Vec<(String, String)> = scroll.into_iter().collect();
    let mut full = false;
    for b in &hints {
        let h = hint(b);
        if pinned(b.action) {
            shown.push(h);
        } else if !full && cost(&h) <= room {
            room -= cost(&h);
            shown.push(h);
        } else {
            full = true;
        }
    }
    let mut spans = Vec::new();
    for (keys, word) in shown {
        spans.push(Span::styled(format!(" {keys}"), theme.key()));
        spans.push(Span::raw(format!(" {word} ")));
    }
    let hints_w = (area.width as usize).saturating_sub(right_w) as u16;
    frame.render_widget(
        Paragraph::new(fit_line(spans, hints_w)),
        Rect {
            width: hints_w,
            ..area
        },
    );
    if right_w > 2 {
        let r = Rect {
            x: area.x + hints_w,
            width: right_w as u16,
            ..area
        };
        let text = format!("{} ", text::truncate(&right, right_w - 2));
        let pad = right_w.saturating_sub(text::width(&text));
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("{}{text}", " ".repeat(pad)),
                right_style,
            )),
            r,
        );
    }
}

/// `j/k scroll` when the pane with the keys holds more than it shows: the detail, the plan.
fn scroll_hint(app: &App, regions: &Regions) -> Option<(String, String)> {
    if app.help || app.search.active || app.industries.query.active {
        return None;
    }
    let scrolls = match app.screen {
        Screen::Platforms => app.focus == Focus::Detail && regions.detail_max_scroll > 0,
        Screen::Plan => regions.plan_max_scroll > 0,
        Screen::Industries => false,
    };
    scrolls.then(|| {
        let down = keys::key_for(BINDINGS, Context::List, Action::Next);
        let up = keys::key_for(BINDINGS, Context::List, Action::Prev);
        (format!("{down}/{up}"), app.lang.word(Word::Scroll))
    })
}

/// `/ query` with the terminal's real cursor at the insertion point, so an input method's
/// candidate window opens there.
pub fn search_line(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let industries = app.screen == Screen::Industries;
    let (line, label, found) = if industries {
        (&app.industries.query, Word::HintFind, app.industries.len())
    } else {
        (&app.search, Word::Search, app.listed())
    };
    let prompt = format!("{} / ", app.lang.word(label));
    let q = text::one_line(line.query());
    let count = if line.query().trim().is_empty() {
        String::new()
    } else {
        format!("   {found} {}", app.lang.word(Word::Found))
    };
    let spans = vec![
        Span::styled(prompt.clone(), theme.key()),
        Span::raw(q.clone()),
        Span::styled(count, theme.dim()),
    ];
    frame.render_widget(Paragraph::new(fit_line(spans, area.width)), area);
    if line.active {
        let before = line.before_cursor();
        let x = area.x as usize + text::width(&prompt) + text::width(&text::one_line(before));
        if x < (area.x + area.width) as usize {
            frame.set_cursor_position(Position::new(x as u16, area.y));
        }
    }
}
