//! The help overlay, generated from the key table so it always tells the truth.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{fit_line, pane};
use crate::lang::Lang;
use crate::text;
use crate::tui::keys::{BINDINGS, Context};
use crate::tui::theme::Theme;
use crate::words::Word;

/// The groups of keys the atlas has (presenting has its own keys, listed by `gongshu present`'s
/// footer and the README).
const GROUPS: [(Context, Word); 6] = [
    (Context::Global, Word::KeysEverywhere),
    (Context::List, Word::KeysLists),
    (Context::Map, Word::KeysMap),
    (Context::Industries, Word::KeysIndustries),
    (Context::Search, Word::KeysSearch),
    (Context::Always, Word::KeysTerminal),
];

/// The help's own words, in English for now: its columns are sized for one language.
const LANG: Lang = Lang::En;

fn group_lines(ctx: Context, name: Word, theme: Theme) -> Vec<Line<'static>> {
    let binds: Vec<_> = BINDINGS.iter().filter(|b| b.context == ctx).collect();
    let key_w = binds
        .iter()
        .map(|b| text::width(&b.label()))
        .max()
        .unwrap_or(0);
    let mut lines = vec![Line::styled(LANG.word(name), theme.heading())];
    for b in binds {
        lines.push(Line::from(vec![
            Span::styled(format!(" {}", text::pad(&b.label(), key_w)), theme.key()),
            Span::raw(format!("  {}", LANG.word(b.help))),
        ]));
    }
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, theme: Theme) {
    let groups: Vec<Vec<Line>> = GROUPS
        .iter()
        .map(|&(c, n)| group_lines(c, n, theme))
        .collect();
    let tail = vec![
        Line::styled(LANG.word(Word::MouseHelp), theme.dim()),
        Line::styled(LANG.word(Word::AnyKeyClosesHelp), theme.dim()),
    ];
    let total: usize = groups.iter().map(|g| g.len() + 1).sum::<usize>() + tail.len();
    // One column when it fits the height, else two, split where the halves are most even.
    let columns: Vec<Vec<Line>> = if total + 2 <= area.height as usize {
        vec![
            groups
                .into_iter()
                .flat_map(|g| g.into_iter().chain([Line::raw("")]))
                .collect(),
        ]
    } else {
        let half = total / 2;
        let (mut left, mut right) = (Vec::new(), Vec::new());
        for g in groups {
            let col = if left.len() + g.len() / 2 <= half {
                &mut left
            } else {
                &mut right
            };
            col.extend(g);
            col.push(Line::raw(""));
        }
        vec![left, right]
    };
    let col_w: Vec<u16> = columns
        .iter()
        .map(|c| c.iter().map(|l| l.width()).max().unwrap_or(0) as u16 + 2)
        .collect();
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0) + tail.len();
    let w = (col_w.iter().sum::<u16>() + 2)
        .max(tail.iter().map(|l| l.width() as u16 + 2).max().unwrap_or(0))
        .min(area.width);
    let h = (rows as u16 + 2).min(area.height);
    let popup = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    let inner_w = w.saturating_sub(2);
    // Each column gets its share of the width; lines are cut by display width, never mid-character.
    let share: Vec<u16> = if columns.len() == 1 {
        vec![inner_w]
    } else {
        let left = (inner_w * col_w[0] / (col_w[0] + col_w[1]).max(1)).max(1);
        vec![left, inner_w - left]
    };
    let mut lines: Vec<Line> = (0..rows - tail.len())
        .map(|r| {
            let mut spans = Vec::new();
            for (c, col) in columns.iter().enumerate() {
                let line = col.get(r).cloned().unwrap_or_default();
                // One column of space between columns, even when a line is cut.
                let cut = fit_line(line.spans, share[c].saturating_sub(1));
                let pad = share[c] as usize - cut.width();
                spans.extend(cut.spans);
                spans.push(Span::raw(" ".repeat(pad)));
            }
            Line::from(spans)
        })
        .collect();
    lines.extend(tail.into_iter().map(|l| fit_line(l.spans, inner_w)));
    // Clear first so no wide character of the screen below is cut in half at the popup's edge.
    super::clear_popup(frame, popup);
    frame.render_widget(
        // Both languages, so a user who reads only one still knows where they are.
        Paragraph::new(lines).block(pane(
            format!("{} · {}", Word::Help.en(), Word::Help.zh()),
            true,
            theme,
        )),
        popup,
    );
}
