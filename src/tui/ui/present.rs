//! Drawing the briefing slides: large, high-contrast, the map beside every platform.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use tui_big_text::{BigText, PixelSize};

use super::{fit_line, map_pane};
use crate::dataset::{IndustryRole, Text};
use crate::lang::Lang;
use crate::map::{self, MapOptions, MapStyle, Viewport};
use crate::sheet::{self, Part};
use crate::text;
use crate::tui::keys::{self, Context, SLIDE_BINDINGS, SlideAction};
use crate::tui::present::{Presenter, Slide};
use crate::tui::theme::Theme;
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
    if p.asking {
        ask(frame, area, p, theme);
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
    let grid = map::render(&p.data, &view, area.width, area.height, &opts);
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
                            Lang::Both => format!("{}  {}", ind.zh, ind.en),
                        };
                        lines.push(fit_line(
                            vec![
                                Span::styled("• ", theme.key()),
                                Span::styled(text::one_line(&s), theme.base()),
                            ],
                            w,
                        ));
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
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        p.lang.word(Word::OverallTarget),
        theme.heading(),
    ));
    both(
        &mut lines,
        p.lang,
        &d.plan.target,
        w,
        theme.base(),
        theme.dim(),
    );
    lines.push(Line::raw(""));
    for pf in &d.platforms {
        lines.push(fit_line(
            vec![
                Span::styled(format!("{:>2}  ", pf.number), theme.key()),
                Span::styled(text::one_line(&p.lang.pick(&pf.name)), theme.base()),
            ],
            w,
        ));
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
    for &i in &spot.platforms {
        let pf = &p.data.platforms[i];
        lines.push(fit_line(
            vec![
                Span::styled(format!("{:>2}  ", pf.number), theme.key()),
                Span::styled(text::one_line(&p.lang.pick(&pf.name)), theme.base()),
            ],
            w,
        ));
    }
    frame.render_widget(Paragraph::new(lines), left);
    map_in(frame, right, p, None, spot.platforms.clone(), theme);
}

fn closing(frame: &mut Frame, body: Rect, p: &Presenter, theme: Theme) {
    let d = &p.data;
    let w = body.width.min(100);
    let area = Rect {
        x: body.x + (body.width - w) / 2,
        width: w,
        ..body
    };
    let mut lines: Vec<Line<'static>> = Vec::new();
    both(
        &mut lines,
        p.lang,
        &d.plan.title,
        w,
        theme.title(),
        theme.title(),
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        p.lang.word(Word::WorkMeasures),
        theme.heading(),
    ));
    for (n, m) in d.plan.measures.iter().enumerate() {
        let s = match p.lang {
            Lang::Zh => m.title.zh.clone(),
            Lang::En => m.title.en.clone(),
            Lang::Both => format!("{}  {}", m.title.zh, m.title.en),
        };
        lines.push(fit_line(
            vec![
                Span::styled(format!("{}. ", n + 1), theme.key()),
                Span::styled(text::one_line(&s), theme.base()),
            ],
            w,
        ));
    }
    lines.push(Line::raw(""));
    let cited = super::plan::byline(&d.source);
    let (zh, en) = Word::Source.zh_en();
    let by = Text {
        zh: format!("{zh}:{}", cited.zh),
        en: format!("{en}: {}", cited.en),
    };
    both(&mut lines, p.lang, &by, w, theme.dim(), theme.dim());
    let year = super::plan::year_line(&d.source);
    both(&mut lines, p.lang, &year, w, theme.dim(), theme.dim());
    lines.push(Line::raw(""));
    let (zh, en) = Word::ThankYou.zh_en();
    lines.push(Line::styled(p.lang.label(&spaced(zh), en), theme.title()));
    frame.render_widget(Paragraph::new(lines), area);
}

fn footer_line(frame: &mut Frame, area: Rect, p: &Presenter, theme: Theme, elapsed: Duration) {
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
    if p.q_once {
        let q = keys::key_for(SLIDE_BINDINGS, Context::Always, SlideAction::QuitTwice);
        spans.push(Span::styled(
            format!(" {}", p.lang.word_with(Word::PressAgainToQuit, &q)),
            theme.warning(),
        ));
    } else {
        for (k, word) in keys::hints(SLIDE_BINDINGS, &[Context::Always], Lang::En) {
            spans.push(Span::styled(format!(" {k}"), theme.dim()));
            spans.push(Span::styled(format!(" {word}"), theme.dim()));
        }
    }
    frame.render_widget(Paragraph::new(fit_line(spans, area.width)), area);
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
