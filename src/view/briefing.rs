//! Drawing the briefing slides: large, high-contrast, the map beside every platform.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::briefing_banner::{self as banner, Row, big_number, name_rows, spaced};
use super::briefing_frame::{ask, footer_line, help, index};
use super::map_pane;
use crate::app::briefing::{Presenter, Slide};

use crate::dataset::{IndustryRole, Text};
use crate::lang::Lang;
use crate::map::{self, MapOptions, MapStyle, Viewport};
use crate::sheet::{self, Part};
use crate::text;
use crate::view::theme::Theme;
use crate::words::Word;

/// Past this width, slides are centred rather than stretched: lines stay readable from the back.
const MAX_WIDTH: u16 = 200;

pub fn draw(frame: &mut Frame, p: &Presenter, theme: Theme, elapsed: Duration) {
    let full = frame.area();
    frame.render_widget(Block::new().style(theme.base()), full);
    if p.blank || full.width < 20 || full.height < 8 {
        return;
    }
    let (area, body, footer) = areas(full);
    p.first_item.set(0);
    match p.current() {
        Slide::Title => title(frame, body, p, theme),
        Slide::Overview => overview(frame, body, p, theme),
        Slide::Spotlight(k) => spotlight(frame, body, p, k, theme),
        Slide::Platform(i) => platform(frame, body, p, i, theme),
        Slide::Closing => closing(frame, body, p, theme),
    }
    footer_line(frame, footer, p, theme, elapsed);
    if let Some(cursor) = p.index {
        index(frame, body, p, cursor, theme);
    }
    if p.help {
        help(frame, area, p, theme);
    }
    if p.asking {
        ask(frame, area, p, theme);
    }
    if theme.ambiguous_wide {
        crate::ambiguous::narrow_buffer(frame.buffer_mut());
    }
}

/// The slide's area (centred and capped on very wide screens), its body and its footer row.
fn areas(full: Rect) -> (Rect, Rect, Rect) {
    let w = full.width.min(MAX_WIDTH);
    let area = Rect {
        x: full.x + (full.width - w) / 2,
        width: w,
        ..full
    };
    let [body, footer] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let body = Rect {
        x: body.x + 1,
        y: body.y + 1,
        width: body.width.saturating_sub(2),
        height: body.height.saturating_sub(1),
    };
    (area, body, footer)
}

/// Where a slide's text column is on a screen of this size (the rows of a platform's banner
/// included): what the fit test reads.
pub fn text_column(full: Rect) -> Rect {
    let (_, body, _) = areas(full);
    split(body).0
}

fn split(body: Rect) -> (Rect, Rect) {
    let left_w = (body.width * 9 / 20).max(36).min(body.width);
    let [l, _, r] = Layout::horizontal([
        Constraint::Length(left_w),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(body);
    (l, r)
}

/// A part of a slide's text (a heading with its items, a paragraph), as items that each stay
/// on one page (a list's entry, a heading with its first entry); a page breaks between items,
/// and inside one only when it is taller than a page.
type Chunk = Vec<Vec<Line<'static>>>;

fn rows_of(chunk: &Chunk) -> usize {
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
fn paged(frame: &mut Frame, area: Rect, p: &Presenter, chunks: Vec<Chunk>, theme: Theme) {
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

fn map_in(
    frame: &mut Frame,
    area: Rect,
    p: &Presenter,
    selected: Option<usize>,
    highlighted: Vec<usize>,
    theme: Theme,
) {
    if area.width < 20 || area.height < 8 {
        return;
    }
    let opts = MapOptions {
        style: MapStyle::Fill.effective(theme.color),
        lang: p.lang,
        selected,
        highlighted,
        legend: true,
    };
    // A platform's slide zooms to it, with enough neighbours and canal to place it.
    let view = match selected {
        Some(i) => Viewport::fit_platform_context(&p.data, i, area.width, area.height),
        None => Viewport::fit_district(&p.data, area.width, area.height),
    };
    let grid = map::render_with(
        &p.data,
        p.map_facts(),
        &view,
        area.width,
        area.height,
        &opts,
    );
    frame.render_widget(Paragraph::new(map_pane::map_lines(&grid, theme)), area);
}

fn para(lines: &mut Vec<Line<'static>>, s: &str, width: u16, style: Style) {
    lines.extend(super::wrapped(s, width as usize, 0, style));
}

/// Both languages in the same style: neither reads as the translation of the other.
fn both(lines: &mut Vec<Line<'static>>, lang: Lang, t: &Text, width: u16, style: Style) {
    lines.extend(super::bilingual(lang, t, width as usize, 0, (style, style)));
}

/// A platform's slide: a banner across the top with the number in block digits and the name
/// beside it, both languages alike; under it the key industries and the planned area beside a map
/// zoomed to the platform. Text that does not fit continues on the slide's next page.
fn platform(frame: &mut Frame, body: Rect, p: &Presenter, i: usize, theme: Theme) {
    let sheet = sheet::sheet(&p.data, i);
    let digits = sheet.number.to_string().len() as u16;
    let full_digits = body.height >= 40;
    let number_w = digits * 8;
    let name_x = number_w + 3;
    let name_w = body.width.saturating_sub(name_x);
    let mut names = name_rows(p.lang, sheet.name, name_w, p.sized_text, theme);
    let kind = sheet
        .facts
        .iter()
        .find(|f| matches!(f, sheet::Fact::Kind(_)));
    if let Some(kind) = kind {
        let mut lines = Vec::new();
        para(&mut lines, &kind.text(p.lang), name_w, theme.base());
        names.extend(lines.into_iter().map(Row::Line));
    }
    let digit_rows: u16 = if full_digits { 8 } else { 4 };
    let banner_h = digit_rows.max(banner::height(&names)).min(body.height);
    big_number(
        frame,
        Rect {
            height: banner_h,
            ..body
        },
        sheet.number,
        full_digits,
        theme,
    );
    let top = banner_h.saturating_sub(banner::height(&names)) / 2;
    banner::draw_rows(
        frame,
        Rect {
            x: body.x + name_x,
            y: body.y + top,
            width: name_w,
            height: banner_h - top,
        },
        names,
    );
    // A blank row under the banner: the name stands on its own.
    let used = (banner_h + 1).min(body.height);
    let below = Rect {
        y: body.y + used,
        height: body.height - used,
        ..body
    };
    let (left, right) = split(below);
    let w = left.width;
    let mut chunks: Vec<Chunk> = Vec::new();
    // Industries first: on a slide they are what the audience came for.
    for title in [Word::KeyIndustries, Word::PlannedArea] {
        let Some(section) = sheet.section(title) else {
            continue;
        };
        let mut heading = vec![Line::styled(p.lang.word(title), theme.heading())];
        let mut first = true;
        for part in &section.parts {
            match part {
                // The bullets are the key industries; a slide has no room for the rest.
                Part::Industries { role, items: list } if *role == IndustryRole::Key => {
                    for (_, ind) in list {
                        let s = match p.lang {
                            Lang::Zh => ind.zh.clone(),
                            Lang::En => ind.en.clone(),
                            Lang::Both => format!("{}  {}", ind.zh, ind.en).into(),
                        };
                        let mut item = Vec::new();
                        let parts = text::wrap(&text::one_line(&s), (w as usize).saturating_sub(2));
                        for (i, part) in parts.into_iter().enumerate() {
                            let bullet = if i == 0 { "• " } else { "  " };
                            item.push(Line::from(vec![
                                Span::styled(bullet, theme.key()),
                                Span::styled(part, theme.base()),
                            ]));
                        }
                        push_item(&mut chunks, &mut heading, &mut first, item);
                    }
                }
                // The area sentence; the industries paragraph is too long for a slide.
                Part::Paragraph(t) if title == Word::PlannedArea => {
                    let mut item = Vec::new();
                    both(&mut item, p.lang, t, w, theme.base());
                    push_item(&mut chunks, &mut heading, &mut first, item);
                }
                _ => {}
            }
        }
    }
    paged(frame, left, p, chunks, theme);
    map_in(frame, right, p, Some(i), Vec::new(), theme);
}

/// Items of a section: the heading goes with the first item, and the items of a list follow one
/// another without blank rows (a chunk each, so a page breaks between items).
fn push_item(
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

/// The first slide: the district, the plan's title, and the article it comes from.
fn title(frame: &mut Frame, body: Rect, p: &Presenter, theme: Theme) {
    let d = &p.data;
    let w = body.width.min(100);
    let area = Rect {
        x: body.x + (body.width - w) / 2,
        width: w,
        ..body
    };
    let district = Text {
        zh: format!("{}{}", d.district.city.zh, d.district.name.zh).into(),
        en: format!("{}, {}", d.district.name.en, d.district.city.en).into(),
    };
    let heading = name_rows(p.lang, &district, w, p.sized_text, theme);
    // The plan's title is the slide's title: twice the size where the terminal draws it.
    let plan: Vec<Row> = if p.sized_text {
        name_rows(p.lang, &d.plan.title, w, true, theme)
    } else {
        let mut plan = Vec::new();
        both(&mut plan, p.lang, &d.plan.title, w, theme.title());
        plan.into_iter().map(Row::Line).collect()
    };
    let mut source = Vec::new();
    both(
        &mut source,
        p.lang,
        &super::plan::byline(&d.source),
        w,
        theme.base(),
    );
    both(
        &mut source,
        p.lang,
        &super::plan::year_line(&d.source),
        w,
        theme.base(),
    );
    let source = source.into_iter().map(Row::Line).collect();
    let groups = vec![heading, plan, source];
    if !spread_rows(frame, area, p, groups) {
        // Too tall for the screen: plain text, on pages.
        let plain = |t: &Text| {
            let mut lines = Vec::new();
            both(&mut lines, p.lang, t, w, theme.title());
            lines
        };
        let mut source = Vec::new();
        both(
            &mut source,
            p.lang,
            &super::plan::byline(&d.source),
            w,
            theme.base(),
        );
        both(
            &mut source,
            p.lang,
            &super::plan::year_line(&d.source),
            w,
            theme.base(),
        );
        let heading = name_rows(p.lang, &district, w, false, theme)
            .into_iter()
            .filter_map(|r| match r {
                Row::Line(l) => Some(l),
                Row::Big(..) => None,
            })
            .collect();
        spread(
            frame,
            area,
            p,
            vec![vec![heading], vec![plain(&d.plan.title)], vec![source]],
            theme,
        );
    }
}

/// Groups spread over the height, the free rows evenly above, between and below them (at most 4
/// each); when they do not fit, on pages.
fn spread(frame: &mut Frame, area: Rect, p: &Presenter, groups: Vec<Chunk>, theme: Theme) {
    let rows = groups
        .iter()
        .map(|g| g.iter().flatten().cloned().map(Row::Line).collect())
        .collect();
    if !spread_rows(frame, area, p, rows) {
        paged(frame, area, p, groups, theme);
    }
}

/// Groups of rows spread over the height as [`spread`] does; false, drawing nothing, when they do
/// not fit on one page.
fn spread_rows(frame: &mut Frame, area: Rect, p: &Presenter, groups: Vec<Vec<Row>>) -> bool {
    let content: usize = groups.iter().map(|g| banner::height(g) as usize).sum();
    let slots = groups.len() + 1;
    if content + groups.len().saturating_sub(1) > area.height as usize {
        return false;
    }
    p.pages.set(1);
    p.first_item.set(0);
    let gap = ((area.height as usize).saturating_sub(content) / slots).clamp(1, 4);
    let total = content + gap * groups.len() - 1;
    let extra = total.saturating_sub(area.height as usize);
    // Fewer rows above when the gaps would push the last group off the screen.
    let y = area.y + (gap - 1 - extra.min(gap - 1)) as u16;
    let mut rows = Vec::new();
    for (i, g) in groups.into_iter().enumerate() {
        if i > 0 {
            rows.extend((0..gap).map(|_| Row::Line(Line::raw(""))));
        }
        rows.extend(g);
    }
    let height = area.bottom().saturating_sub(y);
    banner::draw_rows(frame, Rect { y, height, ..area }, rows);
    true
}

fn overview(frame: &mut Frame, body: Rect, p: &Presenter, theme: Theme) {
    let (left, right) = split(body);
    let d = &p.data;
    let w = left.width;
    let district = Text {
        zh: format!(
            "{}{}{}",
            d.district.city.zh,
            d.district.name.zh,
            Word::IndustryPlatforms.zh()
        )
        .into(),
        en: format!(
            "{}, {}: {}",
            d.district.name.en,
            d.district.city.en,
            Word::IndustryPlatforms.en()
        )
        .into(),
    };
    let mut head = Vec::new();
    both(&mut head, p.lang, &district, w, theme.title());
    let mut target = vec![Line::styled(
        p.lang.word(Word::OverallTarget),
        theme.heading(),
    )];
    both(&mut target, p.lang, &d.plan.target, w, theme.base());
    let all: Vec<usize> = (0..d.platforms.len()).collect();
    // The list first after the heading: it is what the map beside shows.
    let list: Chunk = all
        .iter()
        .map(|&i| platform_list(d, &[i], p.lang, w, theme))
        .collect();
    paged(frame, left, p, vec![vec![head], list, vec![target]], theme);
    map_in(
        frame,
        right,
        p,
        None,
        (0..d.platforms.len()).collect(),
        theme,
    );
}

/// The platforms a query finds, each with the industries it matched there; lit up on the map.
fn spotlight(frame: &mut Frame, body: Rect, p: &Presenter, k: usize, theme: Theme) {
    let (left, right) = split(body);
    let spot = &p.spotlights[k];
    let d = &p.data;
    let w = left.width;
    let query = text::one_line(&spot.query);
    let glossed = crate::app::briefing::gloss(d, &spot.query);
    let shown = match &glossed {
        Some(g) => format!("{query}  {}", text::one_line(g)),
        None => query.clone(),
    };
    let mut head = vec![Line::styled(p.lang.word(Word::Spotlight), theme.heading())];
    para(&mut head, &shown, w, theme.title());
    let mut found_at: Chunk = Vec::new();
    let terms: Vec<String> = std::iter::once(query.to_lowercase())
        .chain(glossed.map(|g| g.to_lowercase()))
        .collect();
    for &i in &spot.platforms {
        let pf = &d.platforms[i];
        let mut item = platform_list(d, &[i], p.lang, w, theme);
        let found: Vec<String> = pf
            .industries
            .iter()
            .filter(|ind| {
                let (zh, en) = (ind.zh.to_lowercase(), ind.en.to_lowercase());
                terms
                    .iter()
                    .any(|t| zh.contains(t.as_str()) || en.contains(t.as_str()))
            })
            .map(|ind| {
                text::one_line(&match p.lang {
                    Lang::Zh => ind.zh.to_string(),
                    Lang::En => ind.en.to_string(),
                    Lang::Both => format!("{} {}", ind.zh, ind.en),
                })
            })
            .collect();
        if !found.is_empty() {
            let line = format!("{}: {}", p.lang.word(Word::Matched), found.join(", "));
            for part in text::wrap(&line, (w as usize).saturating_sub(4).max(4)) {
                item.push(Line::from(vec![
                    Span::raw("    "),
                    Span::styled(part, theme.dim()),
                ]));
            }
        }
        found_at.push(item);
    }
    paged(frame, left, p, vec![vec![head], found_at], theme);
    map_in(frame, right, p, None, spot.platforms.clone(), theme);
}

/// The platforms, one a line, number then name; a name too long for the column continues on the
/// next line, indented.
fn platform_list(
    d: &crate::dataset::Dataset,
    which: &[usize],
    lang: Lang,
    w: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for pf in which.iter().map(|&i| &d.platforms[i]) {
        let name = text::one_line(&lang.pick(&pf.name));
        let parts = text::wrap(&name, (w as usize).saturating_sub(4).max(4));
        for (i, part) in parts.into_iter().enumerate() {
            let number = if i == 0 {
                format!("{:>2}  ", pf.number)
            } else {
                "    ".to_string()
            };
            out.push(Line::from(vec![
                Span::styled(number, theme.key()),
                Span::styled(part, theme.base()),
            ]));
        }
    }
    out
}

/// The closing slide: the plan's title, its work measures, the source, and thanks, spread over
/// the screen rather than packed at the top.
fn closing(frame: &mut Frame, body: Rect, p: &Presenter, theme: Theme) {
    let d = &p.data;
    let w = body.width.min(100);
    let area = Rect {
        x: body.x + (body.width - w) / 2,
        width: w,
        ..body
    };
    let mut title = Vec::new();
    both(&mut title, p.lang, &d.plan.title, w, theme.title());
    let mut measures: Chunk = vec![vec![Line::styled(
        p.lang.word(Word::WorkMeasures),
        theme.heading(),
    )]];
    for (n, m) in d.plan.measures.iter().enumerate() {
        let mut item = Vec::new();
        let s = text::one_line(&match p.lang {
            Lang::Zh => m.title.zh.clone(),
            Lang::En => m.title.en.clone(),
            Lang::Both => format!("{}  {}", m.title.zh, m.title.en).into(),
        });
        for (i, part) in text::wrap(&s, (w as usize).saturating_sub(4).max(4))
            .into_iter()
            .enumerate()
        {
            let number = if i == 0 {
                format!("{}. ", n + 1)
            } else {
                "   ".into()
            };
            item.push(Line::from(vec![
                Span::styled(number, theme.key()),
                Span::styled(part, theme.base()),
            ]));
        }
        // The heading stays with the first measure.
        if n == 0 {
            measures[0].extend(item);
        } else {
            measures.push(item);
        }
    }
    let mut source = Vec::new();
    let cited = super::plan::byline(&d.source);
    let (zh, en) = Word::Source.zh_en();
    let by = Text {
        zh: format!("{zh}:{}", cited.zh).into(),
        en: format!("{en}: {}", cited.en).into(),
    };
    both(&mut source, p.lang, &by, w, theme.dim());
    let year = super::plan::year_line(&d.source);
    both(&mut source, p.lang, &year, w, theme.dim());
    let (zh, en) = Word::ThankYou.zh_en();
    let thanks = vec![Line::styled(p.lang.label(&spaced(zh), en), theme.title())];
    spread(
        frame,
        area,
        p,
        vec![vec![title], measures, vec![source], vec![thanks]],
        theme,
    );
}
