//! Briefing slides at a laptop size and a projector size, and the high-contrast theme.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::helpers::buffer::text;
use gongshu::app::briefing::Presenter;
use gongshu::lang::Lang;
use gongshu::view::briefing;
use gongshu::view::theme::{Theme, ThemeKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

fn draw(p: &Presenter, w: u16, h: u16, theme: Theme) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| briefing::draw(f, p, theme, Duration::from_secs(83)))
        .unwrap();
    term.backend().buffer().clone()
}

fn key(p: &mut Presenter, code: KeyCode) {
    p.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

const CONTRAST: Theme = Theme {
    color: true,
    kind: ThemeKind::Contrast,
    depth: gongshu::view::theme::ColorDepth::Named,
    ambiguous_wide: false,
};

#[test]
fn the_footer_counts_slides_and_names_the_other_language() {
    let mut p = Presenter::new(gongshu::dataset::embedded(), Lang::Zh, false);
    key(&mut p, KeyCode::Char('3'));
    let s = text(&draw(&p, 120, 40, CONTRAST));
    let footer = s.lines().last().unwrap();
    assert!(
        footer.contains("4/12")
            && footer.contains("Northern Software Park")
            && footer.contains("01:23"),
        "{footer}"
    );
}

#[test]
fn the_contrast_theme_paints_white_on_black() {
    let mut p = Presenter::new(gongshu::dataset::embedded(), Lang::Both, false);
    key(&mut p, KeyCode::PageDown);
    let buf = draw(&p, 200, 56, CONTRAST);
    // The map (the right part of the slide) paints each platform in its palette colour, the
    // selection in the brightest; everything else is on black.
    let map_x = 92;
    let bright = |c: Color| {
        matches!(
            c,
            Color::LightGreen
                | Color::LightYellow
                | Color::LightCyan
                | Color::LightMagenta
                | Color::LightRed
                | Color::LightBlue
                | Color::Yellow
        )
    };
    assert!(
        buf.content().iter().any(|c| bright(c.bg)),
        "the selection stands out"
    );
    let mut off = Vec::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..map_x {
            let c = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            skip = gongshu::text::width(c.symbol()).saturating_sub(1);
            if c.bg != Color::Black {
                off.push((x, y, format!("{} {:?}", c.symbol(), c.bg)));
            }
        }
    }
    // The footer runs the full width (the cell behind a wide character is not shown).
    let last = buf.area.height - 1;
    let mut skip = 0;
    for x in 0..buf.area.width {
        let c = &buf[(x, last)];
        if skip > 0 {
            skip -= 1;
            continue;
        }
        skip = gongshu::text::width(c.symbol()).saturating_sub(1);
        if c.bg != Color::Black {
            off.push((x, last, c.symbol().to_string()));
        }
    }
    assert!(
        off.is_empty(),
        "cells not on black: {:?}",
        &off[..off.len().min(5)]
    );
    let name = buf.content().iter().find(|c| c.symbol() == "运").unwrap();
    assert!(
        matches!(name.fg, Color::LightCyan | Color::White | Color::Yellow),
        "{name:?}"
    );
}

#[test]
fn blanking_clears_the_screen_and_esc_asks_first() {
    let mut p = Presenter::new(gongshu::dataset::embedded(), Lang::Both, false);
    key(&mut p, KeyCode::Char('.'));
    assert!(text(&draw(&p, 80, 24, CONTRAST)).trim().is_empty());
    key(&mut p, KeyCode::Char('.'));
    key(&mut p, KeyCode::Esc);
    let s = text(&draw(&p, 80, 24, CONTRAST));
    assert!(s.contains("Quit the presentation?"), "{s}");
}
