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
use ratatui::layout::Rect;
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
fn the_footer_counts_slides_and_names_the_slide_in_the_chosen_language() {
    let mut p = Presenter::new(gongshu::dataset::embedded(), Lang::Zh, false);
    key(&mut p, KeyCode::Char('3'));
    let s = text(&draw(&p, 120, 40, CONTRAST));
    let footer = s.lines().last().unwrap();
    assert!(
        footer.contains("5/13")
            && footer.contains("北部软件园")
            && !footer.contains("Northern Software Park")
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
    // The platform's name, in the column left of the map (the map's canal label has one too).
    let name = (0..buf.area.height)
        .flat_map(|y| (0..map_x).map(move |x| (x, y)))
        .map(|at| &buf[at])
        .find(|c| c.symbol() == "运")
        .unwrap();
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

/// Text without its spaces: wrapping turns a space into a line break and Chinese wraps anywhere.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The rows of `buf` read only within the columns of `col`.
fn column_text(buf: &Buffer, col: Rect) -> String {
    let mut out = String::new();
    for y in col.y..col.bottom() {
        let mut skip = 0;
        for x in col.x..col.right() {
            let s = buf[(x, y)].symbol();
            if skip == 0 {
                out.push_str(s);
                skip = gongshu::text::width(s).saturating_sub(1);
            } else {
                skip -= 1;
            }
        }
        out.push('\n');
    }
    out
}

/// What slide `i` must show, whole: its sheet's words in the slide's language(s).
fn must_show(p: &Presenter, i: usize, lang: Lang) -> Vec<String> {
    use gongshu::app::briefing::Slide;
    let d = &p.data;
    let mut texts: Vec<&gongshu::dataset::Text> = Vec::new();
    let mut owned: Vec<gongshu::dataset::Text> = Vec::new();
    match p.slide_at(i) {
        Slide::Title => {
            texts.push(&d.plan.title);
            owned.push(gongshu::view::plan_byline(&d.source));
            owned.push(gongshu::view::plan_year_line(&d.source));
        }
        Slide::Overview => {
            texts.push(&d.plan.target);
            texts.extend(d.platforms.iter().map(|pf| &pf.name));
        }
        Slide::Spotlight(k) => {
            texts.extend(
                p.spotlights[k]
                    .platforms
                    .iter()
                    .map(|&i| &d.platforms[i].name),
            );
        }
        Slide::Platform(k) => {
            let pf = &d.platforms[k];
            texts.push(&pf.name);
            texts.push(&pf.area_text);
            owned.extend(pf.key_industries().map(|ind| gongshu::dataset::Text {
                zh: ind.zh.clone(),
                en: ind.en.clone(),
            }));
        }
        Slide::Closing => {
            texts.push(&d.plan.title);
            texts.extend(d.plan.measures.iter().map(|m| &m.title));
        }
    }
    texts
        .into_iter()
        .chain(owned.iter())
        .flat_map(|t| {
            let mut v = Vec::new();
            if lang != Lang::En {
                v.push(gongshu::text::one_line(&t.zh));
            }
            if lang != Lang::Zh {
                v.push(gongshu::text::one_line(&t.en));
            }
            v
        })
        .collect()
}

#[test]
fn every_word_of_every_slide_is_on_one_of_its_pages_at_every_size() {
    // Names at twice the size (a terminal that draws sized text) or plain.
    for (lang, sized) in [Lang::Zh, Lang::En, Lang::Both]
        .into_iter()
        .flat_map(|l| [(l, false), (l, true)])
    {
        for (w, h) in [(80, 24), (100, 30), (120, 40), (160, 48)] {
            let d = gongshu::dataset::embedded();
            let mut p = Presenter::new(d.clone(), lang, false);
            p.sized_text = sized;
            p.spotlights = gongshu::app::briefing::spotlights(&d, &["金融".into()]).unwrap();
            for i in 0..p.count() {
                p.slide = i;
                p.page = 0;
                let col = briefing::text_column(Rect::new(0, 0, w, h), &p);
                // The text column, and whole rows for the banner and the centred slides.
                let (mut column, mut rows) = (String::new(), String::new());
                loop {
                    let buf = draw(&p, w, h, CONTRAST);
                    column += &column_text(&buf, col);
                    rows += &text(&buf);
                    if p.page + 1 >= p.pages.get() {
                        break;
                    }
                    p.page += 1;
                }
                let shown = rows.clone();
                let (column, rows) = (squash(&column), squash(&rows));
                for want in must_show(&p, i, lang) {
                    let want = squash(&want);
                    assert!(
                        column.contains(&want) || rows.contains(&want),
                        "{lang:?} {w}x{h} sized {sized} slide {} ({}), {} pages: {want:?} is \
                         missing from\n{shown}",
                        i + 1,
                        p.slide_id(i),
                        p.pages.get()
                    );
                }
            }
        }
    }
}

#[test]
fn a_spotlight_glosses_its_query_and_says_what_matched_where() {
    let d = gongshu::dataset::embedded();
    for (query, gloss) in [("金融", "finance"), ("finance", "金融")] {
        for lang in [Lang::Zh, Lang::En, Lang::Both] {
            let mut p = Presenter::new(d.clone(), lang, false);
            p.spotlights = gongshu::app::briefing::spotlights(&d, &[query.into()]).unwrap();
            p.slide = 2;
            let s = text(&draw(&p, 120, 40, CONTRAST));
            let matched = if lang == Lang::Zh {
                "匹配"
            } else {
                "matched"
            };
            assert!(
                s.contains(&format!("{query}  {gloss}")) && s.contains(matched),
                "{lang:?} {query}:\n{s}"
            );
            let internet = if lang == Lang::Zh {
                "互联网金融"
            } else {
                "internet finance"
            };
            assert!(s.contains(internet), "{lang:?}:\n{s}");
        }
    }
}

#[test]
fn question_mark_shows_the_briefing_keys_and_any_key_hides_them() {
    for lang in [Lang::Zh, Lang::En, Lang::Both] {
        for (w, h) in [(80, 24), (160, 48)] {
            let mut p = Presenter::new(gongshu::dataset::embedded(), lang, false);
            key(&mut p, KeyCode::Char('?'));
            let s = text(&draw(&p, w, h, CONTRAST));
            let title = if lang == Lang::En {
                "Briefing keys"
            } else {
                "演示按键"
            };
            assert!(s.contains(title) && s.contains("PgDn"), "{lang:?}:\n{s}");
            key(&mut p, KeyCode::PageDown);
            assert_eq!(p.slide, 0, "the key that hides the keys does not also move");
            let s = text(&draw(&p, w, h, CONTRAST));
            assert!(!s.contains(title), "{s}");
            key(&mut p, KeyCode::F(1));
            assert!(text(&draw(&p, w, h, CONTRAST)).contains(title));
        }
    }
}

#[test]
fn at_80x24_the_footer_keeps_the_quit_key_and_the_slide_count() {
    for lang in [Lang::Zh, Lang::En, Lang::Both] {
        let mut p = Presenter::new(gongshu::dataset::embedded(), lang, false);
        p.viewers = Some(3);
        for i in 0..p.count() {
            p.slide = i;
            let s = text(&draw(&p, 80, 24, CONTRAST));
            let footer = s.lines().last().unwrap();
            let quit = if lang == Lang::Zh { "q 退出" } else { "q" };
            assert!(
                footer.contains(&format!("{}/{}", i + 1, p.count()))
                    && footer.contains(quit)
                    && footer.contains("? "),
                "{lang:?} slide {}: {footer}",
                i + 1
            );
        }
    }
}

#[test]
fn a_slide_that_continues_pages_forward_and_back_then_moves_on() {
    let mut p = Presenter::new(gongshu::dataset::embedded(), Lang::Both, false);
    key(&mut p, KeyCode::PageDown);
    draw(&p, 80, 24, CONTRAST);
    let pages = p.pages.get();
    assert!(
        pages > 1,
        "the overview in both languages takes pages at 80x24"
    );
    for k in 1..pages {
        key(&mut p, KeyCode::PageDown);
        let s = text(&draw(&p, 80, 24, CONTRAST));
        assert_eq!((p.slide, p.shown_page()), (1, k));
        assert!(s.contains(&format!("({}/{pages})", k + 1)), "{s}");
    }
    key(&mut p, KeyCode::PageDown);
    draw(&p, 80, 24, CONTRAST);
    assert_eq!((p.slide, p.shown_page()), (2, 0), "then the next slide");
    key(&mut p, KeyCode::PageUp);
    draw(&p, 80, 24, CONTRAST);
    assert_eq!(
        (p.slide, p.shown_page()),
        (1, pages - 1),
        "back lands on the last page"
    );
}

/// The presenter's page `k` of the slide drawn at `w`x`h`: the text column's lines, squashed,
/// without blank ones.
fn page_lines(p: &mut Presenter, k: usize, w: u16, h: u16) -> Vec<String> {
    p.page = k;
    let buf = draw(p, w, h, CONTRAST);
    column_text(&buf, briefing::text_column(Rect::new(0, 0, w, h), p))
        .lines()
        .map(squash)
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn viewers_at_other_sizes_show_the_presenters_slide_on_their_own_page_holding_its_text() {
    let d = gongshu::dataset::embedded();
    let spots = gongshu::app::briefing::spotlights(&d, &["金融".into()]).unwrap();
    let sizes = [(80, 24), (80, 27), (90, 26), (100, 30), (160, 48)];
    let mut checked = 0;
    for lang in [Lang::Zh, Lang::Both] {
        let mut p = Presenter::new(d.clone(), lang, false);
        p.spotlights = spots.clone();
        for (pw, ph) in sizes {
            for i in 0..p.count() {
                p.slide = i;
                let first = page_lines(&mut p, 0, pw, ph);
                for k in 1..p.pages.get() {
                    // The first line of this page's text that page 1 does not have (the banner
                    // is on every page).
                    let lines = page_lines(&mut p, k, pw, ph);
                    let Some(want) = lines.iter().find(|l| !first.contains(l)) else {
                        continue;
                    };
                    let link = gongshu::app::briefing::ShareLink::default();
                    link.publish(&mut p);
                    assert_eq!(link.place().slide, p.slide_id(i));
                    for &(vw, vh) in sizes.iter().filter(|s| **s != (pw, ph)) {
                        let mut v = Presenter::new(d.clone(), lang, false);
                        v.spotlights = spots.clone();
                        v.hints = false;
                        v.follow_place(&link.place());
                        let seen = squash(&text(&draw(&v, vw, vh, CONTRAST)));
                        assert_eq!(v.slide, i);
                        assert!(
                            seen.contains(want.trim_end_matches(">>")),
                            "{lang:?}: the presenter at {pw}x{ph} on page {} of slide {} \
                             starts with {want:?}; a viewer at {vw}x{vh} shows\n{}",
                            k + 1,
                            p.slide_id(i),
                            text(&draw(&v, vw, vh, CONTRAST))
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 10, "slides with pages were compared: {checked}");
}
