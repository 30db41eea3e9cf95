//! How a slide's text is laid on the screen: on pages that lose nothing (`paged`), spread down
//! the height when it fits one page (`spread`, `spaced_out`), and which page a viewer at another
//! size shows (the one holding the presenter's first item).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::briefing_banner::{self as banner, Row};
use crate::app::briefing::Presenter;
use crate::view::theme::Theme;

/// A part of a slide's text (a heading with its items, a paragraph), as items that each stay
/// on one page (a list's entry, a heading with its first entry); a page breaks between items,
/// and inside one only when it is taller than a page.
pub(super) type Chunk = Vec<Vec<Line<'static>>>;

pub(super) fn rows_of(chunk: &Chunk) -> usize {
    chunk.iter().map(Vec::len).sum()
}

/// `chunks` on pages of `rows` rows, a blank row between chunks, each page with the number of the
/// item (counting every chunk's items in order) its first row belongs to. Nothing is dropped: what
/// does not fit goes on the next page, and a page that continues keeps its last row for "(1/2)".
fn paginate(chunks: Vec<Chunk>, rows: usize) -> Vec<(usize, Vec<Line<'static>>)> {
    let rows = rows.max(2);
    let total = chunks.iter().map(rows_of).sum::<usize>() + chunks.len().saturating_sub(1);
    let room = if total <= rows { rows } else { rows - 1 };
    let mut pages: Vec<(usize, Vec<Line<'static>>)> = vec![(0, Vec::new())];
    let mut ordinal = 0;
    for chunk in chunks {
        let page = &mut pages.last_mut().expect("one page at least").1;
        if !page.is_empty() {
            // A chunk that would fit a page of its own but not the rest of this one starts the
            // next page rather than being split.
            if page.len() + 1 + rows_of(&chunk) > room && rows_of(&chunk) <= room {
                pages.push((ordinal, Vec::new()));
            } else if page.len() + 1 < room {
                page.push(Line::raw(""));
            } else {
                pages.push((ordinal, Vec::new()));
            }
        }
        for item in chunk {
            let page = &pages.last().expect("one page at least").1;
            if !page.is_empty() && page.len() + item.len() > room && item.len() <= room {
                pages.push((ordinal, Vec::new()));
            }
            for line in item {
                if pages.last().is_some_and(|p| p.1.len() >= room) {
                    pages.push((ordinal, Vec::new()));
                }
                let page = pages.last_mut().expect("one page at least");
                if page.1.is_empty() {
                    page.0 = ordinal;
                }
                page.1.push(line);
            }
            ordinal += 1;
        }
    }
    pages
}

/// Draw the presenter's page of `chunks` into `area`, and tell the presenter how many pages the
/// slide has at this size.
pub(super) fn paged(
    frame: &mut Frame,
    area: Rect,
    p: &Presenter,
    chunks: Vec<Chunk>,
    theme: Theme,
) {
    let pages = paginate(chunks, area.height as usize);
    let n = pages.len().max(1);
    p.pages.set(n);
    // A viewer shows its own page holding the presenter's first item.
    let k = match p.follow {
        Some(item) => pages
            .iter()
            .rposition(|(first, _)| *first <= item)
            .unwrap_or(0),
        None => p.shown_page(),
    };
    let (first, mut lines) = pages.into_iter().nth(k).unwrap_or_default();
    p.first_item.set(first);
    if n > 1 {
        while lines.len() + 1 < area.height as usize {
            lines.push(Line::raw(""));
        }
        let more = if k + 1 < n { " >>" } else { "" };
        lines.push(Line::styled(format!("({}/{n}){more}", k + 1), theme.dim()));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// `chunks` down `area`, the free rows shared out evenly above and between them (at most `most`
/// each, the whole then in the middle of the height), when they fit on one page; false, drawing
/// nothing, when they do not.
pub(super) fn spaced_out(
    frame: &mut Frame,
    area: Rect,
    p: &Presenter,
    chunks: &[Chunk],
    most: usize,
) -> bool {
    let content: usize = chunks.iter().map(rows_of).sum();
    let n = chunks.len();
    if content + n.saturating_sub(1) > area.height as usize {
        return false;
    }
    p.pages.set(1);
    p.first_item.set(0);
    let gap = ((area.height as usize - content) / (n + 1)).clamp(1, most.max(1));
    let block = content + gap * n.saturating_sub(1);
    let above = (area.height as usize - block) / 2;
    let mut lines: Vec<Line<'static>> = vec![Line::raw(""); above];
    for (k, chunk) in chunks.iter().enumerate() {
        if k > 0 {
            lines.extend(std::iter::repeat_n(Line::raw(""), gap));
        }
        lines.extend(chunk.iter().flatten().cloned());
    }
    frame.render_widget(Paragraph::new(lines), area);
    true
}

/// Items of a section: the heading goes with the first item, and the items of a list follow one
/// another without blank rows (a chunk each, so a page breaks between items).
pub(super) fn push_item(
    chunks: &mut Vec<Chunk>,
    heading: &mut Vec<Line<'static>>,
    first: &mut bool,
    item: Vec<Line<'static>>,
) {
    if *first {
        let mut c = std::mem::take(heading);
        c.extend(item);
        chunks.push(vec![c]);
        *first = false;
    } else if let Some(last) = chunks.last_mut() {
        last.push(item);
    }
}

/// Groups spread over the height, the free rows evenly above, between and below them (at most 4
/// each); when they do not fit, on pages.
pub(super) fn spread(
    frame: &mut Frame,
    area: Rect,
    p: &Presenter,
    groups: Vec<Chunk>,
    theme: Theme,
) {
    let rows = groups
        .iter()
        .map(|g| g.iter().flatten().cloned().map(Row::Line).collect())
        .collect();
    if !spread_rows(frame, area, p, rows, false) {
        paged(frame, area, p, groups, theme);
    }
}

/// Groups of rows spread over the height as [`spread`] does; false, drawing nothing, when they do
/// not fit on one page. A title slide's rows are centred, across and down.
pub(super) fn spread_rows(
    frame: &mut Frame,
    area: Rect,
    p: &Presenter,
    groups: Vec<Vec<Row>>,
    title: bool,
) -> bool {
    let content: usize = groups.iter().map(|g| banner::height(g) as usize).sum();
    let slots = groups.len() + 1;
    if content + groups.len().saturating_sub(1) > area.height as usize {
        return false;
    }
    p.pages.set(1);
    p.first_item.set(0);
    let most = if title { 6 } else { 4 };
    let gap = ((area.height as usize).saturating_sub(content) / slots).clamp(1, most);
    let y = if title {
        // The block in the middle of the screen.
        let block = content + gap * groups.len().saturating_sub(1);
        area.y + (area.height as usize).saturating_sub(block) as u16 / 2
    } else {
        let total = content + gap * groups.len() - 1;
        let extra = total.saturating_sub(area.height as usize);
        // Fewer rows above when the gaps would push the last group off the screen.
        area.y + (gap - 1 - extra.min(gap - 1)) as u16
    };
    let mut rows = Vec::new();
    for (i, g) in groups.into_iter().enumerate() {
        if i > 0 {
            rows.extend((0..gap).map(|_| Row::Line(Line::raw(""))));
        }
        rows.extend(g);
    }
    let height = area.bottom().saturating_sub(y);
    banner::draw_rows(frame, Rect { y, height, ..area }, rows, title);
    true
}
