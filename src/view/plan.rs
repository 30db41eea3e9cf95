//! The plan: the source's general requirements, targets and work measures, and where it comes from.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::pane;
use crate::app::atlas::{App, Regions, inner};
use crate::app::keys::{self, Action, BINDINGS, Context};
use crate::dataset::Text;
use crate::view::theme::Theme;
use crate::words::Word;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, regions: &mut Regions) {
    // Long lines are hard to read; cap the text width and centre it on wide screens.
    let w = area.width.min(104);
    let area = Rect {
        x: area.x + (area.width - w) / 2,
        width: w,
        ..area
    };
    let width = inner(area).width as usize;
    let lang = app.lang;
    let plan = &app.data.plan;
    let src = &app.data.source;
    let mut lines: Vec<Line> = Vec::new();
    let para = |t: &Text, style: Style, lines: &mut Vec<Line>| {
        lines.extend(super::bilingual(lang, t, width, 1, (style, style)));
    };
    para(&plan.title, theme.title(), &mut lines);
    lines.push(Line::raw(""));
    // Where each numbered section starts, so a digit can scroll to it.
    let mut sections = [0u16; 4];
    let heading =
        |n: usize, w: Word| Line::styled(format!(" {n} {}", lang.word(w)), theme.heading());
    sections[0] = lines.len() as u16;
    lines.push(heading(1, Word::GeneralRequirements));
    para(&plan.requirements, Style::new(), &mut lines);
    lines.push(Line::raw(""));
    sections[1] = lines.len() as u16;
    lines.push(heading(2, Word::Targets));
    lines.push(Line::styled(
        format!(" —— {}", lang.word(Word::OverallTarget)),
        theme.key(),
    ));
    para(&plan.target, Style::new(), &mut lines);
    for t in &plan.sub_targets {
        para(
            &Text {
                zh: format!("—— {}", t.title.zh).into(),
                en: format!("— {}", t.title.en).into(),
            },
            theme.key(),
            &mut lines,
        );
        para(&t.text, Style::new(), &mut lines);
    }
    lines.push(Line::raw(""));
    sections[2] = lines.len() as u16;
    lines.push(heading(3, Word::WorkMeasures));
    for (i, m) in plan.measures.iter().enumerate() {
        para(
            &Text {
                zh: format!("{}. {}", i + 1, m.title.zh).into(),
                en: format!("{}. {}", i + 1, m.title.en).into(),
            },
            theme.key(),
            &mut lines,
        );
        para(&m.text, Style::new(), &mut lines);
    }
    lines.push(Line::raw(""));
    sections[3] = lines.len() as u16;
    lines.push(heading(4, Word::Source));
    para(&byline(src), theme.dim(), &mut lines);
    para(&year_line(src), theme.dim(), &mut lines);
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {}", lang.word(Word::RelatedReading)),
        theme.heading(),
    ));
    for h in &src.related {
        para(
            &Text {
                zh: format!("· {}({})", h.title.zh, h.date).into(),
                en: format!("· {} ({})", h.title.en, h.date).into(),
            },
            theme.dim(),
            &mut lines,
        );
    }
    let max_scroll = lines.len().saturating_sub(inner(area).height as usize) as u16;
    regions.plan_max_scroll = max_scroll;
    regions.plan_sections = sections;
    let title = format!(
        "{} · {}/{} {}",
        lang.word(Word::Plan),
        keys::key_for(BINDINGS, Context::List, Action::Next),
        keys::key_for(BINDINGS, Context::List, Action::Prev),
        lang.word(Word::Scroll)
    );
    let scroll = app.plan_scroll.min(max_scroll);
    frame.render_widget(
        Paragraph::new(lines)
            .block(pane(title, true, theme))
            .scroll((scroll, 0)),
        area,
    );
    if scroll < max_scroll {
        super::more_cue(frame, area, lang, theme);
    }
}

/// The article's title and reporter, as the plan screen and the closing slide cite it.
pub fn byline(src: &crate::dataset::Source) -> Text {
    let (zh, en) = Word::Reporter.zh_en();
    Text {
        zh: format!("{}({zh}:{})", src.title.zh, src.reporter.zh).into(),
        en: format!("{} ({en} {})", src.title.en, src.reporter.en).into(),
    }
}

/// The article's year on a line of its own, marked when it is inferred rather than printed.
pub fn year_line(src: &crate::dataset::Source) -> Text {
    let (zh, en) = Word::Year.zh_en();
    let y = src.year_text();
    Text {
        zh: format!("{zh}:{}", y.zh).into(),
        en: format!("{en}: {}", y.en).into(),
    }
}
