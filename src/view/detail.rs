//! The selected platform in full: its sheet (names, facts, boundary by side, the source's own
//! text, key industries with matched ones highlighted, how far its outline can be trusted, and
//! where it lies, in words).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{highlight, pane};
use crate::app::atlas::{App, Focus, Regions, inner};
use crate::dataset::{Industry, IndustryRole};
use crate::lang::Lang;
use crate::search::{Field, Match};
use crate::sheet::{self, Part};
use crate::text;
use crate::view::theme::Theme;
use crate::words::Word;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme, regions: &mut Regions) {
    let block = pane(
        app.lang.word(Word::Detail),
        app.focus == Focus::Detail,
        theme,
    );
    let width = inner(area).width as usize;
    let lines = match app.selected_platform() {
        Some(p) => lines(app, p, width, theme),
        None => vec![Line::styled(
            app.lang.word(Word::NoPlatformSelected),
            theme.dim(),
        )],
    };
    let max_scroll = lines.len().saturating_sub(inner(area).height as usize) as u16;
    let scroll = app.detail_scroll.min(max_scroll);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
    if scroll < max_scroll {
        super::more_cue(frame, area, app.lang, theme);
    }
    regions.detail = area;
    regions.detail_max_scroll = max_scroll;
}

/// Wrapped to the pane, indented by two spaces.
fn para(t: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    super::wrapped(t, width, 2, style)
}

fn lines(app: &App, p: usize, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let sheet = sheet::sheet(&app.data, p);
    let lang = app.lang;
    let mut out: Vec<Line<'static>> = Vec::new();

    // The name in the chosen language; for both, the English follows on its own line.
    out.push(super::fit_line(
        vec![
            Span::styled(format!("[{}] ", sheet.number), theme.key()),
            Span::styled(text::one_line(lang.short(sheet.name)), theme.title()),
        ],
        width as u16,
    ));
    if lang == Lang::Both {
        out.extend(para(&sheet.name.en, width, theme.title()));
    }
    out.extend(para(&sheet.facts_line(lang), width, theme.dim()));

    // Every field that matched is highlighted, not just the one that ranked the platform.
    let matches = app.matches_for(p);
    for section in &sheet.sections {
        out.push(Line::raw(""));
        out.push(Line::styled(lang.word(section.title), theme.heading()));
        let mut after_list = false;
        for part in &section.parts {
            match part {
                Part::Sides(sides) => {
                    for (side, names) in sides {
                        let (label, names) = sheet::side_line(lang, *side, names);
                        out.extend(para(&format!("{label}  {names}"), width, Style::new()));
                    }
                }
                Part::Paragraph(t) => {
                    if after_list {
                        out.push(Line::raw(""));
                    }
                    out.extend(super::bilingual(
                        lang,
                        t,
                        width,
                        2,
                        (Style::new(), Style::new()),
                    ));
                }
                Part::Industries { role, items } if *role != IndustryRole::Key => {
                    out.push(role_line(*role, items, &matches, lang, width, theme))
                }
                Part::Industries { items, .. } => {
                    industries(&mut out, items, &matches, lang, width, theme)
                }
                Part::Outline { confidence, points } => out.extend(para(
                    &sheet::outline_line(lang, *confidence, *points),
                    width,
                    theme.dim(),
                )),
            }
            after_list = matches!(part, Part::Industries { .. });
        }
    }
    // Last, the map in words (short form): where the platform lies and what it adjoins.
    let said = app.where_said(p);
    out.push(Line::raw(""));
    out.push(Line::styled(lang.word(Word::WhereItLies), theme.heading()));
    out.extend(super::bilingual(
        lang,
        &said,
        width,
        2,
        (Style::new(), Style::new()),
    ));
    out
}

/// One industry a line: in both languages the English in a column after the Chinese when it
/// fits, else on the lines below.
fn industries(
    out: &mut Vec<Line<'static>>,
    list: &[(usize, &Industry)],
    matches: &[Match],
    lang: Lang,
    width: usize,
    theme: Theme,
) {
    let positions = |f: Field, text: &str| super::matched_positions(matches, f, text);
    let zh_w = list
        .iter()
        .map(|(_, i)| text::width(&text::one_line(&i.zh)))
        .max()
        .unwrap_or(0);
    for &(i, ind) in list {
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
}

/// Items that are not key industries, said as what they are: `发展引领 guiding theme: 信息经济`,
/// matched characters highlighted.
fn role_line(
    role: IndustryRole,
    items: &[(usize, &Industry)],
    matches: &[Match],
    lang: Lang,
    width: usize,
    theme: Theme,
) -> Line<'static> {
    let (label, sep) = sheet::role_label(lang, role);
    let mut spans = vec![Span::styled(format!("  {label} "), theme.dim())];
    for (n, &(i, ind)) in items.iter().enumerate() {
        if n > 0 {
            spans.push(Span::raw(sep));
        }
        if lang != Lang::En {
            let at = super::matched_positions(matches, Field::Industry(i), &ind.zh);
            spans.extend(highlight(&ind.zh, &at, Style::new(), theme.matched()));
        }
        if lang == Lang::Both {
            spans.push(Span::raw(" "));
        }
        if lang != Lang::Zh {
            let at = super::matched_positions(matches, Field::IndustryEn(i), &ind.en);
            spans.extend(highlight(&ind.en, &at, Style::new(), theme.matched()));
        }
    }
    super::fit_line(spans, width as u16)
}
