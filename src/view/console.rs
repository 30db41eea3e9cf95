//! The presenter's console (`present --share ADDR --console`): the presenter's own terminal shows
//! the current slide and the next, the time since the start and on this slide, and the slide's
//! speaker notes, while the audience follows the current slide through the share link. The notes
//! are drawn here only: viewers draw `briefing::draw`, which never sees them.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::briefing;
use crate::app::briefing::Presenter;
use crate::dataset::notes::Notes;
use crate::view::theme::Theme;
use crate::words::Word;

/// Below this size the console has no room for its panes: the slide alone, as without it.
const MIN: (u16, u16) = (60, 16);

/// What the console shows beside the slides.
pub struct Console<'a> {
    /// The next slide, drawn small (`None` at the last slide).
    pub next: Option<&'a Presenter>,
    pub notes: &'a Notes,
    /// Time since the briefing started, and since the current slide came up.
    pub elapsed: Duration,
    pub on_slide: Duration,
}

fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{:02}:{:02}", s / 60, s % 60)
}

pub fn draw(frame: &mut Frame, p: &Presenter, c: &Console, theme: Theme) {
    let full = frame.area();
    frame.render_widget(Block::new().style(theme.base()), full);
    if full.width < MIN.0 || full.height < MIN.1 {
        return briefing::draw(frame, p, theme, c.elapsed);
    }
    let lang = p.lang;
    let [head, main] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(full);
    let [now_area, right] =
        Layout::horizontal([Constraint::Percentage(62), Constraint::Min(0)]).areas(main);
    let [next_area, notes_area] =
        Layout::vertical([Constraint::Percentage(45), Constraint::Min(0)]).areas(right);

    // The times first: they are what a presenter glances at.
    let mut spans = vec![
        Span::styled(format!(" {} ", clock(c.elapsed)), theme.title()),
        Span::styled(
            format!(
                " {} {} ",
                lang.word(Word::ConsoleOnSlide),
                clock(c.on_slide)
            ),
            theme.heading(),
        ),
        Span::styled(
            format!(" {}/{} {} ", p.slide + 1, p.count(), p.slide_id(p.slide)),
            theme.base(),
        ),
    ];
    if let Some(n) = p.viewers {
        let watching = lang.word_with(Word::Viewers, &n.to_string());
        spans.push(Span::styled(format!(" {watching} "), theme.dim()));
    }
    if p.blank {
        spans.push(Span::styled(
            format!(" {} ", lang.word(Word::ConsoleBlanked)),
            theme.warning(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), head);

    let boxed = |title: String| {
        Block::new()
            .borders(Borders::ALL)
            .border_style(theme.dim())
            .title(Span::styled(title, theme.heading()))
    };
    let now_block = boxed(format!(" {} ", lang.word(Word::ConsoleNow)));
    let inner = now_block.inner(now_area);
    frame.render_widget(now_block, now_area);
    briefing::draw_in(frame, inner, p, theme, c.elapsed, true);

    let next_title = match c.next {
        Some(n) => format!(
            " {} {}/{} ",
            lang.word(Word::ConsoleNext),
            n.slide + 1,
            n.count()
        ),
        None => format!(" {} ", lang.word(Word::ConsoleLast)),
    };
    let next_block = boxed(next_title);
    let inner = next_block.inner(next_area);
    frame.render_widget(next_block, next_area);
    if let Some(n) = c.next {
        briefing::draw_in(frame, inner, n, theme, c.elapsed, true);
    }

    let notes_block = boxed(format!(" {} ", lang.word(Word::ConsoleNotes)));
    let inner = notes_block.inner(notes_area);
    frame.render_widget(notes_block, notes_area);
    let id = p.slide_id(p.slide);
    let mut lines: Vec<Line<'static>> = match c.notes.get(&id) {
        Some(note) => note
            .lines()
            .flat_map(|l| super::wrapped(l, inner.width as usize, 0, theme.base()))
            .collect(),
        None => vec![Line::styled(lang.word(Word::ConsoleNoNotes), theme.dim())],
    };
    // A platform's slide: where it lies, said as the map shows it, for questions from the room.
    if let Some(said) = p.where_said(p.slide) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(lang.word(Word::WhereItLies), theme.heading()));
        let style = (theme.dim(), theme.dim());
        lines.extend(super::bilingual(
            lang,
            &said,
            inner.width as usize,
            0,
            style,
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
