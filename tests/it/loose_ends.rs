//! The atlas's small promises, each at the sizes where it used to break: a pane that holds more
//! than it shows says so, the footer keeps its way out and names the scroll keys, the search line
//! never rescales the map, the too-small message reads whole, every word is in the chosen
//! language, and the industries screen uses its room.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gongshu::app::atlas::App;
use gongshu::app::briefing::Presenter;
use gongshu::lang::Lang;
use gongshu::view;
use gongshu::view::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::helpers::buffer::text;

const LANGS: [(Lang, &str); 3] = [(Lang::Zh, "zh"), (Lang::En, "en"), (Lang::Both, "both")];
const SIZES: [(u16, u16); 5] = [(60, 16), (80, 24), (100, 30), (120, 40), (160, 48)];

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

/// The atlas after `keys`, drawn once before them (a key that needs the last frame's layout sees
/// one) and once after, whole.
fn atlas(lang: Lang, keys: &str, (w, h): (u16, u16)) -> (App, String) {
    let mut app = App::new(gongshu::dataset::embedded(), String::new(), lang);
    let draw = |app: &mut App| {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| view::render(f, app, Theme::colored()))
            .unwrap();
        text(term.backend().buffer())
    };
    draw(&mut app);
    press(&mut app, keys);
    let shown = draw(&mut app);
    (app, shown)
}

fn rows(screen: &str) -> Vec<&str> {
    screen.lines().collect()
}

fn footer(screen: &str) -> &str {
    rows(screen).last().copied().unwrap_or("")
}

fn more(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "▼ 更多",
        Lang::En => "▼ more",
        Lang::Both => "▼ 更多 more",
    }
}

#[test]
fn the_detail_says_when_more_text_follows_and_stops_saying_it_at_the_end() {
    for (lang, l) in LANGS {
        let (_, shown) = atlas(lang, "", (80, 24));
        insta::assert_snapshot!(format!("detail_cue_{l}_80x24"), shown);
        // The detail's lower border, the row above the footer.
        let border = rows(&shown)[22];
        assert!(border.contains(more(lang)), "{l}: {border}");
        // Read to the end: the cue goes.
        let (_, end) = atlas(lang, &format!("\r{}", "j".repeat(200)), (80, 24));
        assert!(!rows(&end)[22].contains("▼"), "{l}: {}", rows(&end)[22]);
    }
}

#[test]
fn every_list_and_the_help_say_when_more_follows() {
    for (lang, l) in LANGS {
        // The platform list at the smallest size holds fewer rows than there are platforms.
        let (_, shown) = atlas(lang, "", (60, 16));
        assert!(rows(&shown)[14].contains("▼"), "list {l}:\n{shown}");
        let (_, shown) = atlas(lang, "i", (80, 24));
        assert!(
            rows(&shown)[22].contains(more(lang)),
            "industries {l}:\n{shown}"
        );
        let (_, shown) = atlas(lang, "?", (80, 24));
        assert!(rows(&shown)[23].contains(more(lang)), "help {l}:\n{shown}");
        let (_, shown) = atlas(lang, "p", (80, 24));
        assert!(rows(&shown)[22].contains(more(lang)), "plan {l}:\n{shown}");
        // Everything shown: no cue.
        let (_, shown) = atlas(lang, "", (160, 48));
        assert!(
            !rows(&shown)[12].contains("▼"),
            "list {l}:\n{}",
            rows(&shown)[12]
        );
    }
}

#[test]
fn the_footer_names_the_scroll_keys_while_a_pane_that_scrolls_has_them() {
    for (lang, l) in LANGS {
        let scroll = match lang {
            Lang::Zh => "j/k 滚动",
            Lang::En => "j/k scroll",
            Lang::Both => "j/k 滚动 scroll",
        };
        for size in [(80, 24), (120, 40)] {
            let (_, list) = atlas(lang, "", size);
            assert!(
                !footer(&list).contains(scroll),
                "{l} list: {}",
                footer(&list)
            );
            let (_, detail) = atlas(lang, "\r", size);
            assert!(
                footer(&detail).contains(scroll),
                "{l} detail: {}",
                footer(&detail)
            );
            let (_, plan) = atlas(lang, "p", size);
            assert!(
                footer(&plan).contains(scroll),
                "{l} plan: {}",
                footer(&plan)
            );
        }
    }
}

/// Help and quit on every screen at every size, and Esc while a search is being typed.
#[test]
fn the_footer_always_keeps_the_way_out() {
    for (lang, l) in LANGS {
        let (help, quit, esc) = match lang {
            Lang::Zh => ("?/F1 帮助", "q 退出", "Esc 清除"),
            Lang::En => ("?/F1 help", "q quit", "Esc clear"),
            Lang::Both => ("?/F1 帮助 help", "q 退出 quit", "Esc 清除 clear"),
        };
        for size in SIZES {
            for keys in ["", "\r", "m", "\t\t", "i", "p", "/dianshang\r", "5"] {
                let (_, shown) = atlas(lang, keys, size);
                let f = footer(&shown);
                assert!(
                    f.contains(help) && f.contains(quit),
                    "{l} {size:?} {keys:?}: {f}"
                );
            }
            // A long filter in the status, which used to push Esc out.
            for keys in ["/", "/jinrong", "i/", "i\r/", "ij\r/dian"] {
                let (_, shown) = atlas(lang, keys, size);
                let f = footer(&shown);
                assert!(f.contains(esc), "{l} {size:?} {keys:?}: {f}");
            }
        }
    }
}

/// The footer's optional hints go in the table's order: a later, shorter one never takes the
/// place of an earlier one that did not fit (`/ search` before `p plan`).
#[test]
fn the_footer_drops_hints_from_the_end_only() {
    let order = ["Tab ", "m ", "/ ", "a ", "i ", "p ", "L "];
    for (lang, l) in LANGS {
        for size in SIZES {
            for keys in ["", "/dianshang\r", "5"] {
                let (_, shown) = atlas(lang, keys, size);
                let f = footer(&shown);
                let has: Vec<bool> = order.iter().map(|k| f.contains(&format!(" {k}"))).collect();
                if let Some(first_missing) = has.iter().position(|h| !h) {
                    assert!(
                        !has[first_missing..].iter().any(|h| *h),
                        "{l} {size:?} {keys:?}: {f}"
                    );
                }
            }
        }
    }
}

#[test]
fn opening_the_search_line_does_not_rescale_the_map() {
    // The map beside the list (narrow) and the map of the wide layout.
    for (size, keys) in [
        ((80, 24), "m"),
        ((100, 30), "m"),
        ((120, 40), ""),
        ((160, 48), ""),
    ] {
        let (before, _) = atlas(Lang::Both, keys, size);
        let (after, shown) = atlas(Lang::Both, &format!("{keys}/"), size);
        let (kept, _) = atlas(Lang::Both, &format!("{keys}/jinrong\r"), size);
        let v0 = before.regions().map_view.expect("a map was drawn");
        let v1 = after.regions().map_view.expect("a map was drawn");
        let v2 = kept.regions().map_view.expect("a map was drawn");
        assert!(rows(&shown)[size.1 as usize - 2].contains("search"));
        assert_eq!(v0.cols_per_km, v1.cols_per_km, "{size:?}");
        assert_eq!(v0.cols_per_km, v2.cols_per_km, "{size:?}");
        assert_eq!(v0.center, v1.center, "{size:?}");
    }
    let (_, shown) = atlas(Lang::Both, "m/", (80, 24));
    insta::assert_snapshot!("map_with_search_line_both_80x24", shown);
}

#[test]
fn the_too_small_message_is_centred_and_each_phrase_whole() {
    for (lang, l) in LANGS {
        for (w, h) in [(59, 16), (50, 12), (40, 10)] {
            let (_, shown) = atlas(lang, "", (w, h));
            let lines: Vec<&str> = rows(&shown)
                .into_iter()
                .filter(|r| !r.trim().is_empty())
                .collect();
            let first = rows(&shown)
                .iter()
                .position(|r| !r.trim().is_empty())
                .unwrap();
            let below = h as usize - first - lines.len();
            assert!(
                first.abs_diff(below) <= 1,
                "{l} {w}x{h} not centred:\n{shown}"
            );
            for r in &lines {
                let left = r.len() - r.trim_start().len();
                let right = r.len() - r.trim_end().len();
                assert!(left.abs_diff(right) <= 1, "{l} {w}x{h} not centred: {r:?}");
            }
            let phrases = match lang {
                Lang::Zh => vec!["终端太小,至少需要 60x16", "q 退出"],
                Lang::En => vec!["terminal too small: needs 60x16", "q quits"],
                Lang::Both => vec!["终端太小,至少需要 60x16", "terminal too small: needs 60x16"],
            };
            for p in phrases {
                assert!(
                    lines.iter().any(|r| r.contains(p)),
                    "{l} {w}x{h}: {p}\n{shown}"
                );
            }
        }
    }
    let (_, shown) = atlas(Lang::Both, "", (50, 12));
    insta::assert_snapshot!("too_small_both_50x12", shown);
}

#[test]
fn titles_speak_the_chosen_language() {
    let (_, help) = atlas(Lang::Zh, "?", (80, 24));
    assert!(rows(&help)[0].contains("帮助") && !rows(&help)[0].contains("Help"));
    let (_, help) = atlas(Lang::En, "?", (80, 24));
    assert!(rows(&help)[0].contains("Help") && !rows(&help)[0].contains("帮助"));
    // The map's title names its style in the chosen language too.
    let (_, map) = atlas(Lang::Zh, "m", (80, 24));
    assert!(rows(&map)[1].contains("地图 · 字符"), "{}", rows(&map)[1]);
    let (_, map) = atlas(Lang::Zh, "\t\tc", (80, 24));
    assert!(rows(&map)[1].contains("地图 · 线条"), "{}", rows(&map)[1]);
    let (_, map) = atlas(Lang::En, "\t\tc", (80, 24));
    assert!(rows(&map)[1].contains("Map · unicode"), "{}", rows(&map)[1]);
}

#[test]
fn the_briefing_footer_names_the_slide_in_the_chosen_language() {
    let draw = |lang: Lang| {
        let mut p = Presenter::new(gongshu::dataset::embedded(), lang, false);
        p.slide = 1;
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| view::briefing::draw(f, &p, Theme::colored(), Duration::from_secs(5)))
            .unwrap();
        footer(&text(term.backend().buffer())).to_string()
    };
    let zh = draw(Lang::Zh);
    assert!(zh.contains("概览") && !zh.contains("Overview"), "{zh}");
    let en = draw(Lang::En);
    assert!(en.contains("Overview") && !en.contains("概览"), "{en}");
}

/// The title of the industries list, from its top border.
fn industries_title(screen: &str) -> String {
    let top = rows(screen)[1];
    let inside = top.trim_start_matches('┏').split('┓').next().unwrap_or("");
    inside.trim_matches(|c| c == '━' || c == ' ').to_string()
}

#[test]
fn the_industries_screen_uses_its_room() {
    let d = gongshu::dataset::embedded();
    let rows_of = gongshu::dataset::industry_rows(&d);
    for (lang, l) in LANGS {
        for size in SIZES {
            let (_, shown) = atlas(lang, "i", size);
            // The title is whole words: the full one, or a shorter form, never cut.
            let title = industries_title(&shown);
            let sort = match lang {
                Lang::En => "by count",
                _ => "按平台数",
            };
            assert!(
                title.ends_with("42/42") || title.ends_with(sort) || title.ends_with("by count"),
                "{l} {size:?}: {title:?}"
            );
            // The column names stay apart.
            let header = rows(&shown)[2];
            let inner = header.trim_start_matches('┃').split('┃').next().unwrap();
            assert!(inner.trim().contains("  "), "{l} {size:?}: {header:?}");
        }
        // At 80x24 the list is wide enough for every English name of up to 40 columns: only
        // longer ones are cut.
        if lang == Lang::En {
            let (_, shown) = atlas(lang, "i", (80, 24));
            for row in &rows(&shown)[3..22] {
                let cell = row.split('┃').nth(1).unwrap_or("");
                let name = cell[2..]
                    .trim_end()
                    .trim_end_matches(char::is_numeric)
                    .trim_end();
                if let Some(head) = name.strip_suffix('…') {
                    let full = rows_of
                        .iter()
                        .find(|r| r.name.en.starts_with(head))
                        .expect("a cut name starts a real one");
                    assert!(full.name.en.chars().count() > 40, "{} is cut", full.name.en);
                }
            }
        }
    }
    // The selected industry's whole name on the right, however long.
    let long = rows_of
        .iter()
        .position(|r| r.name.en.starts_with("e-commerce platforms"))
        .unwrap();
    let (_, shown) = atlas(Lang::En, &format!("i{}", "j".repeat(long)), (80, 24));
    let right: String = rows(&shown)[2..6]
        .iter()
        .map(|r| r.split('│').nth(1).unwrap_or("").trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(right.contains(&*rows_of[long].name.en), "{right}\n{shown}");
    for (lang, l) in LANGS {
        let (_, shown) = atlas(lang, "i", (60, 16));
        insta::assert_snapshot!(format!("industries_{l}_60x16"), shown);
    }
}
