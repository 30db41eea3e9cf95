//! The selected platform in full: names, kind, boundary by side, key industries (matched ones
//! highlighted), the source's own text, and how far its outline can be trusted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{highlight, pane};
use crate::dataset::{Area, Text};
use crate::lang::Lang;
use crate::search::Field;
use crate::text;
use crate::tui::app::{App, Focus, Regions, inner};
use crate::tui::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, regions: &mut Regions) {
    let block = pane(
        app.lang.label("详情", "Detail"),
        app.focus == Focus::Detail,
        theme,
    );
    let width = inner(area).width as usize;
    let lines = match app.selected_platform() {
        Some(p) => lines(app, p, width, theme),
        None => vec![Line::styled(
            app.lang.label("没有选中的平台", "No platform selected"),
            theme.dim(),
        )],
    };
    let max_scroll = lines.len().saturating_sub(inner(area).height as usize) as u16;
    let scroll = app.detail_scroll.min(max_scroll);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
    regions.detail = area;
    regions.detail_max_scroll = max_scroll;
}

/// Wrapped to the pane, indented by two spaces.
fn para(t: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    super::wrapped(t, width, 2, style)
}

fn texts(lang: Lang, t: &Text, width: usize, style: Style) -> Vec<Line<'static>> {
    super::bilingual(lang, t, width, 2, (style, style))
}

fn lines(app: &App, p: usize, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let d = &app.data;
    let pf = &d.platforms[p];
    let lang = app.lang;
    let mut out: Vec<Line<'static>> = Vec::new();
    let heading = |zh: &str, en: &str| Line::styled(lang.label(zh, en), theme.heading());

    // The name in the chosen language; for both, the English follows on its own line.
    out.push(super::fit_line(
        vec![
            Span::styled(format!("[{}] ", pf.number), theme.key()),
            Span::styled(text::one_line(lang.short(&pf.name)), theme.title()),
        ],
        width as u16,
    ));
    if lang == Lang::Both {
        out.extend(para(&pf.name.en, width, theme.title()));
    }
    let mut facts = vec![lang.pick(&pf.kind.name())];
    for n in &pf.other_names {
        facts.push(format!("{} {}", lang.label("又称", "also"), lang.pick(n)));
    }
    out.extend(para(&facts.join(" · "), width, theme.dim()));
    out.push(Line::raw(""));

    out.push(heading("规划范围", "Planned area"));
    match &pf.area {
        Area::Bounded { .. } => {
            for (side, names) in pf.area.sides() {
                let (zh, en) = side.short();
                let names: Vec<String> = names
                    .iter()
                    .map(|n| lang.label(n, &d.boundary_en(n)))
                    .collect();
                let side = lang.label(zh, en);
                let body = format!(
                    "{side}  {}",
                    names.join(if lang == Lang::Zh { "、" } else { "; " })
                );
                out.extend(para(&body, width, Style::new()));
            }
        }
        Area::Located => out.extend(texts(lang, &pf.area_text, width, Style::new())),
    }
    out.push(Line::raw(""));

    out.push(heading("重点产业", "Key industries"));
    // Every industry that matched is highlighted, not just the one that ranked the platform.
    let matches = app.matches_for(p);
    let positions = |f: Field, text: &str| super::matched_positions(&matches, f, text);
    let zh_w = pf
        .industries
        .iter()
        .map(|i| text::width(&text::one_line(&i.zh)))
        .max()
        .unwrap_or(0);
    for (i, ind) in pf.industries.iter().enumerate() {
        let zh = highlight(
            &ind.zh,
            &positions(Field::Industry(i), &ind.zh),
            Style::new(),
            theme.matched(),
        );
        let en_style = if lang == Lang::Both {
            theme.dim()
        } else {
            Style::new()
        };
        let en = highlight(
            &ind.en,
            &positions(Field::IndustryEn(i), &ind.en),
            en_style,
            theme.matched(),
        );
        let bullet = Span::raw("  · ");
        match lang {
            Lang::Zh => out.push(super::fit_line([vec![bullet], zh].concat(), width as u16)),
            Lang::En => out.push(super::fit_line([vec![bullet], en].concat(), width as u16)),
            Lang::Both => {
                // English in a column after the Chinese when it fits, else on the lines below.
                let zh_pad = zh_w - text::width(&text::one_line(&ind.zh));
                let one_line_w = 4 + zh_w + 2 + text::width(&text::one_line(&ind.en));
                if one_line_w <= width {
                    let gap = Span::raw(" ".repeat(zh_pad + 2));
                    out.push(Line::from([vec![bullet], zh, vec![gap], en].concat()));
                } else {
                    out.push(super::fit_line([vec![bullet], zh].concat(), width as u16));
                    for l in text::wrap(&text::one_line(&ind.en), width.saturating_sub(6).max(4)) {
                        out.push(Line::styled(format!("      {l}"), en_style));
                    }
                }
            }
        }
    }
    out.push(Line::raw(""));
    out.extend(texts(lang, &pf.industries_text, width, Style::new()));
    out.push(Line::raw(""));

    out.push(heading("轮廓", "Outline"));
    let c = pf.outline.confidence;
    out.extend(para(
        &format!(
            "{} {} · {}",
            c.letter(),
            lang.pick(&c.describe()),
            lang.label("示意", "approximate")
        ),
        width,
        theme.dim(),
    ));
    out
}
