//! The plan: the source's general requirements, targets and work measures, and where it comes from.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::pane;
use crate::dataset::Text;
use crate::tui::app::{App, Regions, inner};
use crate::tui::keys::{self, Action, BINDINGS, Context};
use crate::tui::theme::Theme;
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
    let heading = |w: Word| Line::styled(format!(" {}", lang.word(w)), theme.heading());
    lines.push(heading(Word::GeneralRequirements));
    para(&plan.requirements, Style::new(), &mut lines);
    lines.push(Line::raw(""));
    lines.push(heading(Word::Targets));
    para(&plan.target, Style::new(), &mut lines);
    for t in &plan.sub_targets {
        para(
            &Text {
                zh: format!("—— {}", t.title.zh),
                en: format!("— {}", t.title.en),
            },
            theme.key(),
            &mut lines,
        );
        para(&t.text, Style::new(), &mut lines);
    }
    lines.push(Line::raw(""));
    lines.push(heading(Word::WorkMeasures));
    for (i, m) in plan.measures.iter().enumerate() {
        para(
            &Text {
                zh: format!("{}. {}", i + 1, m.title.zh),
                en: format!("{}. {}", i + 1, m.title.en),
            },
            theme.key(),
            &mut lines,
        );
        para(&m.text, Style::new(), &mut lines);
    }
    lines.push(Line::raw(""));
    lines.push(heading(Word::Source));
    let by = byline(src);
    para(&by, theme.dim(), &mut lines);
    for h in &src.related {
        para(
            &Text {
                zh: format!("· {}({})", h.title.zh, h.date),
                en: format!("· {} ({})", h.title.en, h.date),
            },
            theme.dim(),
            &mut lines,
        );
    }
    let max_scroll = lines.len().saturating_sub(inner(area).height as usize) as u16;
    regions.plan_max_scroll = max_scroll;
    let title = format!(
        "{} · {}/{} {}",
        lang.word(Word::Plan),
        keys::key_for(BINDINGS, Context::List, Action::Next),
        keys::key_for(BINDINGS, Context::List, Action::Prev),
        lang.word(Word::Scroll)
    );
    frame.render_widget(
        Paragraph::new(lines)
            .block(pane(title, true, theme))
            .scroll((app.plan_scroll.min(max_scroll), 0)),
        area,
    );
}

/// The article's title, reporter and year, as the plan screen and the closing slide cite it.
pub(crate) fn byline(src: &crate::dataset::Source) -> Text {
    let (zh, en) = Word::Reporter.zh_en();
    Text {
        zh: format!("{}({zh}:{},{}年)", src.title.zh, src.reporter.zh, src.year),
        en: format!("{} ({en} {}, {})", src.title.en, src.reporter.en, src.year),
    }
}
