//! Every screen of the atlas and every kind of slide, at the sizes people use (an SSH window, a
//! laptop, a projector) and in each language, as reviewed snapshots; then the properties that
//! must hold on all of them: the light theme writes in no colour that vanishes on white, and in
//! ambiguous-wide mode no ambiguous-width character is drawn.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gongshu::ambiguous::is_ambiguous;
use gongshu::app::atlas::App;
use gongshu::app::briefing::{Presenter, spotlights};
use gongshu::lang::Lang;
use gongshu::view;
use gongshu::view::theme::{Theme, ThemeKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use crate::helpers::buffer::text;

const SIZES: [(u16, u16); 4] = [(80, 24), (100, 30), (120, 40), (160, 48)];
const LANGS: [(Lang, &str); 3] = [(Lang::Zh, "zh"), (Lang::En, "en"), (Lang::Both, "both")];

/// The atlas's screens, each reached by keys from a fresh start.
const SCREENS: [(&str, &str); 6] = [
    ("platforms", ""),
    ("search", "/dianshang\r"),
    ("map", "5m"),
    ("industries", "i"),
    ("plan", "p"),
    ("help", "?"),
];

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

fn atlas(lang: Lang, keys: &str, (w, h): (u16, u16), theme: Theme) -> Buffer {
    let mut app = App::new(gongshu::dataset::embedded(), String::new(), lang);
    app.resize(w, h);
    press(&mut app, keys);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view::render(f, &mut app, theme)).unwrap();
    term.backend().buffer().clone()
}

/// Slides 1 (title), 2 (overview), 3 (a spotlight), 4 (platform 1) and the last (closing).
fn slides(lang: Lang, (w, h): (u16, u16), theme: Theme) -> Vec<(&'static str, Buffer)> {
    let d = gongshu::dataset::embedded();
    let mut p = Presenter::new(d.clone(), lang, false);
    p.spotlights = spotlights(&d, &["金融".to_string()]).unwrap();
    let mut out = Vec::new();
    for (name, slide) in [
        ("title", 0),
        ("overview", 1),
        ("spotlight", 2),
        ("platform1", 3),
        ("closing", p.count() - 1),
    ] {
        p.slide = slide;
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| view::briefing::draw(f, &p, theme, Duration::from_secs(83)))
            .unwrap();
        out.push((name, term.backend().buffer().clone()));
    }
    out
}

#[test]
fn every_atlas_screen_in_every_language_at_every_size() {
    for (lang, l) in LANGS {
        for size in SIZES {
            for (name, keys) in SCREENS {
                let buf = atlas(lang, keys, size, Theme::colored());
                let (w, h) = size;
                insta::assert_snapshot!(format!("{name}_{l}_{w}x{h}"), text(&buf));
            }
        }
    }
}

#[test]
fn every_kind_of_slide_in_every_language_at_every_size() {
    let theme = Theme::new(true, ThemeKind::Contrast);
    for (lang, l) in LANGS {
        for size in SIZES {
            for (name, buf) in slides(lang, size, theme) {
                let (w, h) = size;
                insta::assert_snapshot!(format!("slide_{name}_{l}_{w}x{h}"), text(&buf));
            }
        }
    }
}

/// A large font on a projector (240x67): the title slide and a platform's, where the name must
/// carry the slide.
#[test]
fn the_title_and_a_platform_slide_at_a_large_projector_size() {
    let theme = Theme::new(true, ThemeKind::Contrast);
    for (lang, l) in LANGS {
        for (name, buf) in slides(lang, (240, 67), theme) {
            if name == "title" || name == "platform1" {
                insta::assert_snapshot!(format!("slide_{name}_{l}_240x67"), text(&buf));
            }
        }
    }
}

/// Cells drawn in a colour that vanishes on a white background; a cell with a background of
/// its own (a map fill, a marker) is read against that instead.
fn vanishing_on_white(buf: &Buffer) -> Vec<(u16, u16, String)> {
    let mut bad = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            let invisible = matches!(
                c.fg,
                Color::Yellow
                    | Color::Gray
                    | Color::LightGreen
                    | Color::LightYellow
                    | Color::LightCyan
                    | Color::White
            );
            if invisible && c.bg == Color::Reset && !c.symbol().trim().is_empty() {
                bad.push((x, y, format!("{} {:?}", c.symbol(), c.fg)));
            }
        }
    }
    bad
}

#[test]
fn the_light_theme_writes_nothing_that_vanishes_on_white() {
    let theme = Theme::new(true, ThemeKind::Light);
    for (lang, _) in LANGS {
        for size in [(80, 24), (160, 48)] {
            for (name, keys) in SCREENS {
                let bad = vanishing_on_white(&atlas(lang, keys, size, theme));
                assert!(
                    bad.is_empty(),
                    "{name} {size:?}: {:?}",
                    &bad[..bad.len().min(5)]
                );
            }
            for (name, buf) in slides(lang, size, theme) {
                let bad = vanishing_on_white(&buf);
                assert!(
                    bad.is_empty(),
                    "slide {name} {size:?}: {:?}",
                    &bad[..bad.len().min(5)]
                );
            }
        }
    }
}

fn ambiguous_cells(buf: &Buffer) -> Vec<(u16, u16, String)> {
    let mut bad = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let s = buf[(x, y)].symbol();
            if s.chars().any(is_ambiguous) {
                bad.push((x, y, s.to_string()));
            }
        }
    }
    bad
}

#[test]
fn in_ambiguous_wide_mode_no_ambiguous_character_is_drawn() {
    let mut d = gongshu::dataset::embedded();
    gongshu::ambiguous::widen_dataset(&mut d);
    for kind in [ThemeKind::Dark, ThemeKind::Contrast] {
        let theme = Theme::new(true, kind).with_ambiguous_wide(true);
        for (lang, _) in LANGS {
            for size in SIZES {
                for (name, keys) in SCREENS {
                    let buf = atlas(lang, keys, size, theme);
                    let bad = ambiguous_cells(&buf);
                    assert!(
                        bad.is_empty(),
                        "{name} {size:?}: {:?}",
                        &bad[..bad.len().min(5)]
                    );
                }
                for (name, buf) in slides(lang, size, theme) {
                    let bad = ambiguous_cells(&buf);
                    assert!(
                        bad.is_empty(),
                        "slide {name}: {:?}",
                        &bad[..bad.len().min(5)]
                    );
                }
            }
        }
    }
    // Without the mode they are there: the test would notice them.
    let narrow = atlas(Lang::Both, "", (120, 40), Theme::colored());
    assert!(!ambiguous_cells(&narrow).is_empty());
    let wide = atlas(
        Lang::Both,
        "",
        (120, 40),
        Theme::colored().with_ambiguous_wide(true),
    );
    insta::assert_snapshot!("ambiguous_wide_platforms_both_120x40", text(&wide));
}

#[test]
fn help_reached_by_scrolling_at_80x24_shows_every_key() {
    let mut app = App::new(gongshu::dataset::embedded(), String::new(), Lang::En);
    app.resize(80, 24);
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    press(&mut app, "?");
    let mut seen = String::new();
    for _ in 0..200 {
        term.draw(|f| view::render(f, &mut app, Theme::colored()))
            .unwrap();
        seen.push_str(&text(term.backend().buffer()));
        let before = app.help_scroll();
        press(&mut app, "j");
        if app.help_scroll() == before {
            break;
        }
    }
    for b in gongshu::app::keys::BINDINGS {
        let help = Lang::En.word(b.help);
        // A description may wrap: its first words are on the key's line.
        let first: String = help.split(' ').take(2).collect::<Vec<_>>().join(" ");
        assert!(
            seen.contains(&b.label()) && seen.contains(&first),
            "{} ({help}) not shown",
            b.label()
        );
    }
    press(&mut app, "q");
    assert!(
        !app.help_open() && !app.should_quit(),
        "q closes help, not the atlas"
    );
}
