//! Drawing the briefing slides: large, high-contrast, the map beside every platform.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::briefing_banner::{self as banner, Row, big_number, name_rows, spaced};
use super::briefing_frame::{ask, footer_line, help, index};
use super::briefing_pages::{Chunk, paged, push_item, spaced_out, spread, spread_rows};
use super::map_pane;
use crate::app::briefing::{Presenter, Slide};

use crate::dataset::{Confidence, IndustryRole, Text};
use crate::lang::Lang;
use crate::map::{self, MapOptions, MapStyle, Viewport};
use crate::sheet::{self, Part};
use crate::text;
use crate::view::theme::Theme;
use crate::words::Word;

/// Past this width, slides are centred rather than stretched: lines stay readable from the back.
const MAX_WIDTH: u16 = 200;

pub fn draw(frame: &mut Frame, p: &Presenter, theme: Theme, elapsed: Duration) {
    draw_in(frame, frame.area(), p, theme, elapsed, false);
}

/// Draw the slide into `full`. In the presenter's console (`console`) it has no footer and is
/// shown even while the audience's screen is blanked.
pub fn draw_in(
    frame: &mut Frame,
    full: Rect,
    p: &Presenter,
    theme: Theme,
    elapsed: Duration,
    console: bool,
) {
    frame.render_widget(Block::new().style(theme.base()), full);
    if (p.blank && !console) || full.width < 20 || full.height < 8 {
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
    if !console {
        footer_line(frame, footer, p, theme, elapsed);
    }
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

/// Where the current slide's text column is on a screen of this size (the rows of a platform's
/// banner included): what the fit test reads.
pub fn text_column(full: Rect, p: &Presenter) -> Rect {
    let (_, body, _) = areas(full);
    match p.current() {
        Slide::Platform(i) if body.height >= TALL => platform_areas(body, p, i).0,
        _ => split(body).0,
    }
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

fn map_in(
    frame: &mut Frame,
    area: Rect,
    p: &Presenter,
    selected: Option<usize>,
    (highlighted, spotlight): (Vec<usize>, Option<String>),
    theme: Theme,
) {
    if area.width < 20 || area.height < 8 {
        return;
    }
    let grid = slide_map(p, area, selected, (highlighted, spotlight), theme.color);
    frame.render_widget(Paragraph::new(map_pane::map_lines(&grid, theme)), area);
}

/// A slide's map in `area`: a platform's slide zooms to it, centred, with enough neighbours and
/// canal to place it, and names the roads and rivers that bound it.
pub fn slide_map(
    p: &Presenter,
    area: Rect,
    selected: Option<usize>,
    (highlighted, spotlight): (Vec<usize>, Option<String>),
    color: bool,
) -> map::MapGrid {
    let opts = MapOptions {
        style: MapStyle::Fill.effective(color),
        lang: p.lang,
        selected,
        highlighted,
        spotlight,
        legend: true,
        boundaries: selected.is_some(),
    };
    let view = match selected {
        Some(i) => Viewport::fit_platform_context(&p.data, i, area.width, area.height),
        None => Viewport::fit_district(&p.data, area.width, area.height),
    };
    map::render_with(
        &p.data,
        p.map_facts(),
        &view,
        area.width,
        area.height,
        &opts,
    )
}

fn para(lines: &mut Vec<Line<'static>>, s: &str, width: u16, style: Style) {
    lines.extend(super::wrapped(s, width as usize, 0, style));
}

/// Both languages in the same style: neither reads as the translation of the other.
fn both(lines: &mut Vec<Line<'static>>, lang: Lang, t: &Text, width: u16, style: Style) {
    lines.extend(super::bilingual(lang, t, width as usize, 0, (style, style)));
}

/// A platform's slide: a banner with the number in block digits and the name beside it, both
/// languages alike; under it the key industries and the planned area, beside a map zoomed to the
/// platform. On a tall screen the map takes the whole height, and the text (with the plan's
/// paragraph on the industries, where it fits) spreads down the column. Text that does not fit
/// continues on the slide's next page.
fn platform(frame: &mut Frame, body: Rect, p: &Presenter, i: usize, theme: Theme) {
    let sheet = sheet::sheet(&p.data, i);
    let SlideLayout {
        column,
        names,
        banner_h,
        full_digits,
        left,
        right,
    } = slide_layout(body, p, i, theme);
    let tall = body.height >= TALL;
    big_number(
        frame,
        Rect {
            height: banner_h,
            ..column
        },
        sheet.number,
        full_digits,
        theme,
    );
    let name_x = name_x(sheet.number);
    swatch(
        frame,
        column,
        p,
        i,
        banner_h.min(if full_digits { 8 } else { 4 }),
        theme,
    );
    let name_w = column.width.saturating_sub(name_x);
    let top = banner_h.saturating_sub(banner::height(&names)) / 2;
    banner::draw_rows(
        frame,
        Rect {
            x: column.x + name_x,
            y: column.y + top,
            width: name_w,
            height: banner_h - top,
        },
        names,
        false,
    );
    let w = left.width;
    let mut chunks: Vec<Chunk> = Vec::new();
    // Where the screen has room: the plan's paragraph on the industries, after their bullets.
    let mut story: Option<(usize, Chunk)> = None;
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
                // The industries paragraph, only where the whole slide then fits one page.
                Part::Paragraph(t) if title == Word::KeyIndustries && tall => {
                    let mut item = Vec::new();
                    both(&mut item, p.lang, t, w, theme.base());
                    story = Some((chunks.len(), vec![item]));
                }
                // The area sentence.
                Part::Paragraph(t) if title == Word::PlannedArea => {
                    let mut item = Vec::new();
                    both(&mut item, p.lang, t, w, theme.base());
                    push_item(&mut chunks, &mut heading, &mut first, item);
                }
                _ => {}
            }
        }
    }
    // A platform placed by estimate says so in words, as its dashed outline on the map does.
    if let Some(Part::Outline {
        confidence: Confidence::Estimate,
        ..
    }) = sheet.section(Word::Outline).and_then(|s| s.parts.first())
    {
        let mut heading = vec![Line::styled(p.lang.word(Word::Outline), theme.heading())];
        let mut item = Vec::new();
        both(
            &mut item,
            p.lang,
            &Confidence::Estimate.describe(),
            w,
            theme.base(),
        );
        push_item(&mut chunks, &mut heading, &mut true, item);
    }
    let told = story.is_some_and(|(at, story)| {
        let mut all = chunks.clone();
        all.insert(at, story);
        spaced_out(frame, left, p, &all, usize::MAX)
    });
    if !told && (!tall || !spaced_out(frame, left, p, &chunks, usize::MAX)) {
        paged(frame, left, p, chunks, theme);
    }
    map_in(frame, right, p, Some(i), (Vec::new(), None), theme);
}

/// The platform's own colour (as its chip in the list and its key on the map), two columns wide
/// beside its number in block digits for the digits' height; nothing without colour.
fn swatch(frame: &mut Frame, column: Rect, p: &Presenter, i: usize, rows: u16, theme: Theme) {
    let Some(style) = p
        .map_facts()
        .slots
        .get(i)
        .and_then(|&slot| theme.swatch(slot))
    else {
        return;
    };
    let x = column.x + name_x(p.data.platforms[i].number) - 3;
    let area = Rect {
        x,
        y: column.y,
        width: 2,
        height: rows,
    }
    .intersection(column);
    frame.render_widget(Block::new().style(style), area);
}

/// Where a platform slide's parts go.
struct SlideLayout {
    /// The banner and the text.
    column: Rect,
    /// The name's rows beside the number, the kind under them.
    names: Vec<Row>,
    banner_h: u16,
    full_digits: bool,
    /// The text under the banner, and the map.
    left: Rect,
    right: Rect,
}

/// A platform slide's layout in `body`. On a tall screen the map takes the whole height beside
/// the banner and the text, which spreads down the column; on a short one the banner goes across
/// the top, and the map is beside the text under it.
fn slide_layout(body: Rect, p: &Presenter, i: usize, theme: Theme) -> SlideLayout {
    let sheet = sheet::sheet(&p.data, i);
    let tall = body.height >= TALL;
    let full_digits = body.height >= 40;
    let name_x = name_x(sheet.number);
    let (column, map_area) = platform_areas(body, p, i);
    let name_w = column.width.saturating_sub(name_x);
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
    // A blank row under the banner: the name stands on its own.
    let used = (banner_h + 1).min(body.height);
    let below = Rect {
        y: column.y + used,
        height: column.height - used,
        ..column
    };
    let (left, right) = if tall {
        (below, map_area)
    } else {
        split(below)
    };
    SlideLayout {
        column,
        names,
        banner_h,
        full_digits,
        left,
        right,
    }
}

/// Where the current slide's map is on a screen of this size, when it is a platform's slide: what
/// the slide map's tests read.
pub fn platform_map_area(full: Rect, p: &Presenter, theme: Theme) -> Option<(usize, Rect)> {
    let (_, body, _) = areas(full);
    match p.current() {
        Slide::Platform(i) => Some((i, slide_layout(body, p, i, theme).right)),
        _ => None,
    }
}

/// Where a platform's name starts: after its number in block digits.
fn name_x(number: u32) -> u16 {
    number.to_string().len() as u16 * 8 + 3
}

/// A platform slide's column (banner and text) and the map's area. On a tall screen the map
/// takes the whole height beside a column as narrow as the banner allows (the name on one line,
/// at twice the size where the terminal draws it) and the text reads well; on a short one the
/// banner goes across the top (both are the body).
fn platform_areas(body: Rect, p: &Presenter, i: usize) -> (Rect, Rect) {
    if body.height < TALL {
        return (body, body);
    }
    let pf = &p.data.platforms[i];
    let name = |s: &str| {
        let w = text::width(&text::one_line(s)) as u16;
        if p.sized_text {
            w * 2
        } else {
            (w * 2).saturating_sub(1)
        }
    };
    let need = name_x(pf.number) + name(&pf.name.zh).max(name(&pf.name.en));
    let w = need
        .max(40)
        .max(body.width * 3 / 10)
        .min(body.width * 9 / 20)
        .min(body.width);
    let [l, _, r] = Layout::horizontal([
        Constraint::Length(w),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(body);
    (l, r)
}

/// From this many rows of slide body, a platform's map takes the whole height beside the text.
const TALL: u16 = 36;

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
    let mut source_lines = Vec::new();
    both(
        &mut source_lines,
        p.lang,
        &super::plan::byline(&d.source),
        w,
        theme.base(),
    );
    both(
        &mut source_lines,
        p.lang,
        &super::plan::year_line(&d.source),
        w,
        theme.base(),
    );
    let source = source_lines.iter().cloned().map(Row::Line).collect();
    let groups = vec![heading, plan, source];
    if !spread_rows(frame, area, p, groups, true) {
        // Too tall for the screen: plain text, on pages.
        let plain = |t: &Text| {
            let mut lines = Vec::new();
            both(&mut lines, p.lang, t, w, theme.title());
            lines
        };
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
            vec![
                vec![heading],
                vec![plain(&d.plan.title)],
                vec![source_lines],
            ],
            theme,
        );
    }
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
    let chunks = vec![vec![head], list, vec![target]];
    // On a tall screen the text is spread down the column beside the map.
    if body.height < TALL || !spaced_out(frame, left, p, &chunks, 4) {
        paged(frame, left, p, chunks, theme);
    }
    map_in(
        frame,
        right,
        p,
        None,
        ((0..d.platforms.len()).collect(), None),
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
    // On a tall screen each platform found is spread down the column beside the map.
    let spread_out: Vec<Chunk> = std::iter::once(vec![head.clone()])
        .chain(found_at.iter().map(|item| vec![item.clone()]))
        .collect();
    if body.height < TALL || !spaced_out(frame, left, p, &spread_out, 3) {
        paged(frame, left, p, vec![vec![head], found_at], theme);
    }
    map_in(
        frame,
        right,
        p,
        None,
        (spot.platforms.clone(), Some(query.clone())),
        theme,
    );
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

#[cfg(test)]
#[path = "briefing_map_tests.rs"]
mod map_tests;
