//! What frames a briefing slide: the footer (the slide count, the clock, the key hints), and
//! what shows over a slide: the keys (`?`), the slide index, a question.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::fit_line;
use crate::app::briefing::{Presenter, Slide};
use crate::app::keys::{self, Context, SLIDE_BINDINGS, SlideAction};
use crate::lang::Lang;
use crate::text;
use crate::view::theme::Theme;
use crate::words::Word;

pub(super) fn footer_line(
    frame: &mut Frame,
    area: Rect,
    p: &Presenter,
    theme: Theme,
    elapsed: Duration,
) {
    // Hidden, the audience sees only the slide (a pending "press q again" still shows).
    if !p.hints && !p.q_once {
        return;
    }
    // The slide's name, in the language chosen like every other word on screen.
    let name = slide_name_in(p, p.lang, p.current());
    let secs = elapsed.as_secs();
    let pages = p.pages.get();
    let count = if pages > 1 {
        format!(
            " {}/{} ({}/{pages}) ",
            p.slide + 1,
            p.count(),
            p.shown_page() + 1
        )
    } else {
        format!(" {}/{} ", p.slide + 1, p.count())
    };
    let clock = format!(" {:02}:{:02} ", secs / 60, secs % 60);
    let viewers = p
        .viewers
        .map(|n| format!(" {} ", p.lang.word_with(Word::Viewers, &n.to_string())));
    let mut tail: Vec<Span<'static>> = Vec::new();
    if p.q_once {
        let q = keys::key_for(SLIDE_BINDINGS, Context::Always, SlideAction::QuitTwice);
        tail.push(Span::styled(
            format!(" {}", p.lang.word_with(Word::PressAgainToQuit, &q)),
            theme.warning(),
        ));
    } else {
        let contexts: &[Context] = if p.index.is_some() {
            &[Context::SlideIndex]
        } else {
            &[Context::Always]
        };
        let hinted = keys::hinted(SLIDE_BINDINGS, contexts);
        // The quit and help keys always show, whatever the width: the rest while they fit,
        // whole, each by its first key (a cut hint reads as another key).
        let must = |a: SlideAction| matches!(a, SlideAction::QuitTwice | SlideAction::Help);
        let hint = |b: &keys::Binding<SlideAction>| {
            let key = b.keys.first().map(|k| k.label()).unwrap_or_default();
            let word = b.hint.map(|h| p.lang.word(h)).unwrap_or_default();
            (key, word)
        };
        let width_of = |(k, w): &(String, String)| text::width(&format!(" {k} {w} "));
        let fixed = text::width(&count)
            + text::width(&clock)
            + viewers.as_deref().map_or(0, text::width)
            + hinted
                .iter()
                .filter(|b| must(b.action))
                .map(|b| width_of(&hint(b)))
                .sum::<usize>();
        let mut room = (area.width as usize).saturating_sub(fixed);
        for b in hinted {
            let h = hint(b);
            if !must(b.action) {
                // The name of the slide comes before the optional hints.
                let name_w = text::width(&text::one_line(&name)) + 2;
                if width_of(&h) + name_w > room {
                    continue;
                }
                room -= width_of(&h);
            }
            tail.push(Span::styled(format!(" {}", h.0), theme.key()));
            tail.push(Span::styled(format!(" {} ", h.1), theme.dim()));
        }
        let _ = room;
    }
    let used: usize = text::width(&count)
        + text::width(&clock)
        + viewers.as_deref().map_or(0, text::width)
        + tail.iter().map(|s| text::width(&s.content)).sum::<usize>();
    let name_room = (area.width as usize).saturating_sub(used);
    let mut spans = vec![Span::styled(count, theme.key())];
    if name_room >= 4 {
        let name = text::truncate(&text::one_line(&name), name_room - 2);
        spans.push(Span::styled(format!(" {name} "), theme.base()));
    }
    spans.push(Span::styled(clock, theme.dim()));
    if let Some(v) = viewers {
        spans.push(Span::styled(v, theme.base()));
    }
    spans.extend(tail);
    frame.render_widget(Paragraph::new(fit_line(spans, area.width)), area);
}

/// The briefing's keys over the slide (`?`); any key hides them.
pub(super) fn help(frame: &mut Frame, area: Rect, p: &Presenter, theme: Theme) {
    let rows: Vec<(String, String)> = SLIDE_BINDINGS
        .iter()
        .filter(|b| b.context == Context::Always)
        .map(|b| (b.label(), p.lang.word(b.help)))
        .collect();
    let key_w = rows.iter().map(|(k, _)| text::width(k)).max().unwrap_or(0);
    let title = p.lang.word(Word::BriefingKeys);
    let inner = (area.width as usize).saturating_sub(4).max(10);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (k, what) in rows {
        // A long key list wraps under itself; the description follows on its own width.
        let key_w = key_w.min(inner / 2);
        let what_w = inner.saturating_sub(key_w + 2).max(4);
        let keys = text::wrap(&k, key_w.max(4));
        let whats = text::wrap(&what, what_w);
        for r in 0..keys.len().max(whats.len()) {
            let kk = keys.get(r).cloned().unwrap_or_default();
            let pad = key_w.saturating_sub(text::width(&kk));
            lines.push(Line::from(vec![
                Span::styled(format!("{kk}{}  ", " ".repeat(pad)), theme.key()),
                Span::styled(whats.get(r).cloned().unwrap_or_default(), theme.base()),
            ]));
        }
    }
    let w = (lines.iter().map(|l| l.width()).max().unwrap_or(0) + 4)
        .max(text::width(&title) + 4)
        .min(area.width as usize) as u16;
    let h = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    super::clear_popup(frame, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::ALL)
                .title(Span::styled(format!(" {title} "), theme.heading()))
                .border_style(theme.focused_border())
                .style(theme.base()),
        ),
        Rect {
            x: popup.x,
            ..popup
        },
    );
}

/// What a slide is called, in `lang`: the index and the footer.
fn slide_name_in(p: &Presenter, lang: Lang, slide: Slide) -> String {
    match slide {
        Slide::Title => lang.word(Word::TitleSlide),
        Slide::Overview => lang.word(Word::Overview),
        Slide::Spotlight(k) => {
            let q = &p.spotlights[k].query;
            match crate::app::briefing::gloss(&p.data, q) {
                Some(g) => format!("{} {q} {g}", lang.word(Word::Spotlight)),
                None => format!("{} {q}", lang.word(Word::Spotlight)),
            }
        }
        Slide::Platform(i) => lang.pick(&p.data.platforms[i].name).to_string(),
        Slide::Closing => lang.word(Word::WorkMeasures),
    }
}

/// What a slide is called in the index.
fn slide_name(p: &Presenter, slide: Slide) -> String {
    match slide {
        Slide::Platform(i) => {
            let pf = &p.data.platforms[i];
            format!("[{}] {}", pf.number, p.lang.pick(&pf.name))
        }
        s => slide_name_in(p, p.lang, s),
    }
}

/// The slide index: every slide by number, the cursor's highlighted, scrolled to keep it shown.
pub(super) fn index(frame: &mut Frame, area: Rect, p: &Presenter, cursor: usize, theme: Theme) {
    let names: Vec<String> = (0..p.count())
        .map(|i| text::one_line(&slide_name(p, p.slide_at(i))))
        .collect();
    let w = (names.iter().map(|n| text::width(n)).max().unwrap_or(0) + 8).min(area.width as usize)
        as u16;
    let h = (names.len() as u16 + 2).min(area.height);
    let popup = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    let rows = h.saturating_sub(2) as usize;
    let offset = cursor.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = names
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, n)| {
            let style = if i == cursor {
                theme.selected()
            } else {
                theme.base()
            };
            let mark = if i == cursor { ">" } else { " " };
            fit_line(
                vec![Span::styled(format!("{mark}{:>2}  {n}", i + 1), style)],
                w.saturating_sub(2),
            )
        })
        .collect();
    super::clear_popup(frame, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(theme.focused_border())
                .style(theme.base()),
        ),
        popup,
    );
}

pub(super) fn ask(frame: &mut Frame, area: Rect, p: &Presenter, theme: Theme) {
    let quit_keys = format!(
        "{}/{}",
        keys::key_for(SLIDE_BINDINGS, Context::Always, SlideAction::QuitTwice),
        keys::key_for(SLIDE_BINDINGS, Context::Always, SlideAction::AskQuit)
    );
    let msg = p.lang.word_with(Word::AskQuit, &quit_keys);
    let w = (text::width(&msg) as u16 + 4).min(area.width);
    let popup = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height / 2).saturating_sub(2),
        width: w,
        height: 3.min(area.height),
    };
    super::clear_popup(frame, popup);
    frame.render_widget(
        Paragraph::new(fit_line(
            vec![Span::styled(msg, theme.warning())],
            w.saturating_sub(2),
        ))
        .block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(theme.focused_border())
                .style(theme.base()),
        ),
        popup,
    );
}
