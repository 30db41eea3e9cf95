//! Drawing the briefing slides: large, high-contrast, the map beside every platform.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use tui_big_text::{BigText, PixelSize};

use super::{fit_line, map_pane};
use crate::app::briefing::{Presenter, Slide};
use crate::app::keys::{self, Context, SLIDE_BINDINGS, SlideAction};
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
    match p.current() {
        Slide::Overview => overview(frame, body, p, theme),
        Slide::Spotlight(k) => spotlight(frame, body, p, k, theme),
        Slide::Platform(i) => platform(frame, body, p, i, theme),
        Slide::Closing => closing(frame, body, p, theme),
    }
    footer_line(frame, footer, p, theme, elapsed);
    if let Some(cursor) = p.index {
        index(frame, body, p, cursor, theme);
    }
    if p.asking {
        ask(frame, area, p, theme);
    }
    if theme.ambiguous_wide {
        crate::ambiguous::narrow_buffer(frame.buffer_mut());
    }
}

/// Chinese names in big type: no big-font crate has Hanzi, so they are bold and spaced out.
fn spaced(s: &str) -> String {
    let chars: Vec<String> = s.chars().map(|c| c.to_string()).collect();
    chars.join(" ")
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

fn big_number(frame: &mut Frame, area: Rect, n: u32, theme: Theme) -> u16 {
    // Full-size digits are 8 rows tall; half-height ones fit small screens.
    let (size, rows) = if area.height >= 34 {
        (PixelSize::Full, 8)
    } else {
        (PixelSize::HalfHeight, 4)
    };
    let big = BigText::builder()
        .pixel_size(size)
        .style(theme.title())
        .lines(vec![Line::from(n.to_string())])
        .build();
    frame.render_widget(
        big,
        Rect {
            height: rows.min(area.height),
            ..area
        },
    );
    rows + 1
}

fn para(lines: &mut Vec<Line<'static>>, s: &str, width: u16, style: Style) {
    lines.extend(super::wrapped(s, width as usize, 0, style));
}

fn both(lines: &mut Vec<Line<'static>>, lang: Lang, t: &Text, width: u16, zh: Style, en: Style) {
    lines.extend(super::bilingual(lang, t, width as usize, 0, (zh, en)));
}

/// A platform's slide: the big number, its name and kind, then the sheet's key industries and
/// planned-area sentence; the map beside it.
fn platform(frame: &mut Frame, body: Rect, p: &Presenter, i: usize, theme: Theme) {
    let (left, right) = split(body);
    let sheet = sheet::sheet(&p.data, i);
    let used = big_number(frame, left, sheet.number, theme);
    let rest = Rect {
        y: left.y + used,
        height: left.height.saturating_sub(used),
        ..left
    };
    let w = rest.width;
    let bold = theme.title();
    let mut lines: Vec<Line<'static>> = Vec::new();
    if p.lang != Lang::En {
        lines.push(Line::styled(
            spaced(&text::one_line(&sheet.name.zh)),
            bold.add_modifier(Modifier::BOLD),
        ));
    }
    if p.lang != Lang::Zh {
        para(&mut lines, &sheet.name.en, w, bold);
    }
    let kind = sheet
        .facts
        .iter()
        .find(|f| matches!(f, sheet::Fact::Kind(_)));
    if let Some(kind) = kind {
        para(&mut lines, &kind.text(p.lang), w, theme.dim());
    }
    // Industries first: on a slide they are what the audience came for.
    for title in [Word::KeyIndustries, Word::PlannedArea] {
        let Some(section) = sheet.section(title) else {
            continue;
        };
        lines.push(Line::raw(""));
        lines.push(Line::styled(p.lang.word(title), theme.heading()));
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
                        // Wrapped under its bullet: nothing on a slide is cut.
                        let parts = text::wrap(&text::one_line(&s), (w as usize).saturating_sub(2));
                        for (i, part) in parts.into_iter().enumerate() {
                            let bullet = if i == 0 { "• " } else { "  " };
                            lines.push(Line::from(vec![
                                Span::styled(bullet, theme.key()),
                                Span::styled(part, theme.base()),
                            ]));
                        }
                    }
                }
                // The area sentence; the industries paragraph is too long for a slide.
                Part::Paragraph(t) if title == Word::PlannedArea => {
                    both(&mut lines, p.lang, t, w, theme.base(), theme.dim())
                }
                _ => {}
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), rest);
    map_in(frame, right, p, Some(i), Vec::new(), theme);
}

fn overview(frame: &mut Frame, body: Rect, p: &Presenter, theme: Theme) {
    let (left, right) = split(body);
    let d = &p.data;
    let w = left.width;
    let mut lines: Vec<Line<'static>> = Vec::new();
    if p.lang != Lang::En {
        lines.push(Line::styled(
            spaced(&format!("{}{}", d.district.city.zh, d.district.name.zh)),
            theme.title(),
        ));
        lines.push(Line::styled(
            spaced(Word::IndustryPlatforms.zh()),
            theme.title(),
        ));
    }
    if p.lang != Lang::Zh {
        para(
            &mut lines,
            &format!(
                "{}, {}: {}",
                d.district.name.en,
                d.district.city.en,
                Word::IndustryPlatforms.en()
            ),
            w,
            theme.title(),
        );
    }
    let mut target = vec![
        Line::raw(""),
        Line::styled(p.lang.word(Word::OverallTarget), theme.heading()),
    ];
    both(
        &mut target,
        p.lang,
        &d.plan.target,
        w,
        theme.base(),
        theme.dim(),
    );
    // Every platform is listed whatever the size: first the target gives way, then the English
    // of the names (the map beside names them too), and a long name wraps rather than being cut.
    let room = left.height as usize;
    let all: Vec<usize> = (0..d.platforms.len()).collect();
    let full = platform_list(d, &all, p.lang, w, theme);
    if lines.len() + target.len() + 1 + full.len() <= room {
        lines.extend(target);
        lines.push(Line::raw(""));
        lines.extend(full);
    } else if lines.len() + 1 + full.len() <= room {
        lines.push(Line::raw(""));
        lines.extend(full);
    } else {
        let short = if p.lang == Lang::Both {
            Lang::Zh
        } else {
            p.lang
        };
        lines.push(Line::raw(""));
        lines.extend(platform_list(d, &all, short, w, theme));
    }
    frame.render_widget(Paragraph::new(lines), left);
    map_in(
        frame,
        right,
        p,
        None,
        (0..d.platforms.len()).collect(),
        theme,
    );
}

/// The platforms a query finds: listed on the left, lit up on the whole district's map.
fn spotlight(frame: &mut Frame, body: Rect, p: &Presenter, k: usize, theme: Theme) {
    let (left, right) = split(body);
    let spot = &p.spotlights[k];
    let w = left.width;
    let mut lines: Vec<Line<'static>> = vec![
        Line::styled(p.lang.word(Word::Spotlight), theme.heading()),
        Line::styled(text::one_line(&spot.query), theme.title()),
        Line::raw(""),
    ];
    lines.extend(platform_list(&p.data, &spot.platforms, p.lang, w, theme));
    frame.render_widget(Paragraph::new(lines), left);
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
    both(
        &mut title,
        p.lang,
        &d.plan.title,
        w,
        theme.title(),
        theme.title(),
    );
    let mut measures = vec![Line::styled(
        p.lang.word(Word::WorkMeasures),
        theme.heading(),
    )];
    for (n, m) in d.plan.measures.iter().enumerate() {
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
            measures.push(Line::from(vec![
                Span::styled(number, theme.key()),
                Span::styled(part, theme.base()),
            ]));
        }
    }
    let mut source = Vec::new();
    let cited = super::plan::byline(&d.source);
    let (zh, en) = Word::Source.zh_en();
    let by = Text {
        zh: format!("{zh}:{}", cited.zh).into(),
        en: format!("{en}: {}", cited.en).into(),
    };
    both(&mut source, p.lang, &by, w, theme.dim(), theme.dim());
    let year = super::plan::year_line(&d.source);
    both(&mut source, p.lang, &year, w, theme.dim(), theme.dim());
    let (zh, en) = Word::ThankYou.zh_en();
    let thanks = vec![Line::styled(p.lang.label(&spaced(zh), en), theme.title())];

    let groups = [title, measures, source, thanks];
    let content: usize = groups.iter().map(Vec::len).sum();
    // The free rows go evenly above, between and below the four groups, at most 4 each.
    let gap = (area.height as usize).saturating_sub(content) / 5;
    let gap = gap.clamp(1, 4);
    let mut lines: Vec<Line<'static>> = vec![Line::raw(""); gap.saturating_sub(1)];
    for (i, g) in groups.into_iter().enumerate() {
        if i > 0 {
            lines.extend(std::iter::repeat_n(Line::raw(""), gap));
        }
        lines.extend(g);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn footer_line(frame: &mut Frame, area: Rect, p: &Presenter, theme: Theme, elapsed: Duration) {
    // Hidden, the audience sees only the slide (a pending "press q again" still shows).
    if !p.hints && !p.q_once {
        return;
    }
    // The other language's name of the slide, for the presenter to read aloud.
    let other_lang = if p.lang == Lang::En {
        Lang::Zh
    } else {
        Lang::En
    };
    let other = match p.current() {
        Slide::Platform(i) => other_lang.pick(&p.data.platforms[i].name),
        Slide::Overview => other_lang.word(Word::Overview),
        Slide::Spotlight(k) => format!(
            "{} {}",
            other_lang.word(Word::Spotlight),
            p.spotlights[k].query
        ),
        Slide::Closing => other_lang.word(Word::WorkMeasures),
    };
    let secs = elapsed.as_secs();
    let mut spans = vec![
        Span::styled(format!(" {}/{} ", p.slide + 1, p.count()), theme.key()),
        Span::styled(format!(" {} ", text::one_line(&other)), theme.base()),
        Span::styled(format!(" {:02}:{:02} ", secs / 60, secs % 60), theme.dim()),
    ];
    if let Some(n) = p.viewers {
        spans.push(Span::styled(
            format!(" {} ", p.lang.word_with(Word::Viewers, &n.to_string())),
            theme.base(),
        ));
    }
    if p.q_once {
        let q = keys::key_for(SLIDE_BINDINGS, Context::Always, SlideAction::QuitTwice);
        spans.push(Span::styled(
            format!(" {}", p.lang.word_with(Word::PressAgainToQuit, &q)),
            theme.warning(),
        ));
    } else {
        // Whole hints while they fit, each by its first key: a cut hint reads as another key.
        let contexts: &[Context] = if p.index.is_some() {
            &[Context::SlideIndex]
        } else {
            &[Context::Always]
        };
        let mut used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
        for b in keys::hinted(SLIDE_BINDINGS, contexts) {
            let key = b.keys.first().map(|k| k.label()).unwrap_or_default();
            let word = b.hint.map(|h| p.lang.word(h)).unwrap_or_default();
            let hint = format!(" {key} {word} ");
            if used + text::width(&hint) > area.width as usize {
                break;
            }
            used += text::width(&hint);
            spans.push(Span::styled(format!(" {key}"), theme.key()));
            spans.push(Span::styled(format!(" {word} "), theme.dim()));
        }
    }
    frame.render_widget(Paragraph::new(fit_line(spans, area.width)), area);
}

/// What a slide is called in the index.
fn slide_name(p: &Presenter, slide: Slide) -> String {
    match slide {
        Slide::Overview => p.lang.word(Word::Overview),
        Slide::Spotlight(k) => {
            format!("{} {}", p.lang.word(Word::Spotlight), p.spotlights[k].query)
        }
        Slide::Platform(i) => {
            let pf = &p.data.platforms[i];
            format!("[{}] {}", pf.number, p.lang.pick(&pf.name))
        }
        Slide::Closing => p.lang.word(Word::WorkMeasures),
    }
}

/// The slide index: every slide by number, the cursor's highlighted, scrolled to keep it shown.
fn index(frame: &mut Frame, area: Rect, p: &Presenter, cursor: usize, theme: Theme) {
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

fn ask(frame: &mut Frame, area: Rect, p: &Presenter, theme: Theme) {
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
