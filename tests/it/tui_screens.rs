//! Whole screens of the TUI, drawn into a test backend and compared with reviewed snapshots
//! (tests/snapshots/). Styles do not show in snapshot text, so where a highlight matters the
//! buffer's styles are asserted directly.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::helpers::buffer::text;
use gongshu::app::atlas::App;
use gongshu::lang::Lang;
use gongshu::view;
use gongshu::view::theme::{Theme, ThemeKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

fn app() -> App {
    App::new(gongshu::dataset::embedded(), String::new(), Lang::Both)
}

/// Draw `app` at `w`x`h` and return the buffer.
fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    draw_with(app, w, h, Theme::colored())
}

fn draw_with(app: &mut App, w: u16, h: u16, theme: Theme) -> Buffer {
    app.resize(w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| view::render(f, app, theme)).unwrap();
    term.backend().buffer().clone()
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn narrow_screen_switches_to_the_map() {
    let mut a = app();
    press(&mut a, "3m");
    insta::assert_snapshot!("platforms_map_80x24", text(&draw(&mut a, 80, 24)));
}

#[test]
fn search_highlights_matched_characters_in_the_detail() {
    let mut a = app();
    press(&mut a, "/电商");
    let buf = draw(&mut a, 120, 40);
    let screen = text(&buf);
    // The first hit is selected and its 电商 industries are underlined in the detail pane.
    let row = screen
        .lines()
        .position(|l| l.contains("· 跨境电商"))
        .expect(&screen);
    let line = screen.lines().nth(row).unwrap();
    let col = gongshu::text::width(&line[..line.find("跨境电商").unwrap()]) as u16;
    let shang = &buf[(col + 4, row as u16)]; // 电 of 跨境电商
    assert_eq!(shang.symbol(), "电");
    assert!(shang.modifier.contains(Modifier::UNDERLINED), "{shang:?}");
    let plain = &buf[(col, row as u16)]; // 跨 is not part of the match
    assert!(!plain.modifier.contains(Modifier::UNDERLINED), "{plain:?}");
}

/// Whether the cells of `word` on the first screen row showing `marker` are underlined, one
/// flag per character of `word`.
fn underlined(buf: &Buffer, screen: &str, marker: &str, word: &str) -> Vec<bool> {
    let row = screen
        .lines()
        .position(|l| l.contains(marker))
        .expect(screen);
    let line = screen.lines().nth(row).unwrap();
    let start = line.find(marker).unwrap() + marker.find(word).unwrap();
    let mut col = gongshu::text::width(&line[..start]) as u16;
    let mut out = Vec::new();
    for c in word.chars() {
        let cell = &buf[(col, row as u16)];
        assert_eq!(cell.symbol(), c.to_string(), "{marker}");
        out.push(cell.modifier.contains(Modifier::UNDERLINED));
        col += gongshu::text::width(cell.symbol()) as u16;
    }
    out
}

#[test]
fn search_highlights_every_match_in_the_detail_and_the_list() {
    let mut a = app();
    press(&mut a, "/电商");
    let buf = draw(&mut a, 120, 40);
    let screen = text(&buf);
    let (y, n) = (true, false);
    // 电子商务 through its alias 电商: the alias's characters in the industry's own name.
    assert_eq!(
        underlined(&buf, &screen, "· 电子商务", "电子商务"),
        [y, n, y, n]
    );
    assert_eq!(
        underlined(&buf, &screen, "· 电商总部", "电商总部"),
        [y, y, n, n]
    );
    assert_eq!(
        underlined(&buf, &screen, "· 跨境电商", "跨境电商"),
        [n, n, y, y]
    );
    assert_eq!(
        underlined(&buf, &screen, "· 电商创业创意中心", "电商创业"),
        [y, y, n, n]
    );
    assert_eq!(
        underlined(&buf, &screen, "· 专业市场电商平台", "专业市场电商平台"),
        [n, n, n, n, y, y, n, n]
    );
    assert_eq!(
        underlined(&buf, &screen, "· 新型O2O社区商贸", "社区商贸"),
        [n, n, n, n],
        "商 alone is no match"
    );
    // The list: the matched characters of a name.
    assert_eq!(
        underlined(&buf, &screen, "> 2 上塘电商小镇", "上塘电商小镇"),
        [n, n, y, y, n, n]
    );
}

#[test]
fn tiny_sizes() {
    let mut a = app();
    let shown = text(&draw(&mut a, 20, 5));
    insta::assert_snapshot!("too_small_20x5", shown);
    assert!(shown.contains("terminal too"));
    for (w, h) in [(1, 1), (0, 0), (59, 30), (200, 1), (1, 200)] {
        draw(&mut a, w, h);
    }
}

#[test]
fn the_selection_is_visible_without_colour() {
    let mut a = app();
    press(&mut a, "j");
    let screen = text(&draw_with(
        &mut a,
        120,
        40,
        Theme::new(false, ThemeKind::Dark),
    ));
    assert!(
        screen.lines().any(|l| l.contains("> 2 上塘电商小镇")),
        "{screen}"
    );
}

#[test]
fn industry_filter_narrows_the_list() {
    let mut a = app();
    press(&mut a, "i");
    let row = a
        .industries()
        .iter()
        .position(|r| r.name.zh == "互联网金融")
        .unwrap();
    for _ in 0..row {
        press(&mut a, "j");
    }
    assert_eq!(a.industry_selected(), row);
    key(&mut a, KeyCode::Enter);
    let numbers: Vec<u32> = a
        .visible()
        .iter()
        .map(|&p| a.data().platforms[p].number)
        .collect();
    assert_eq!(numbers, vec![1, 3, 7]);
    let screen = text(&draw(&mut a, 120, 40));
    assert!(
        screen.contains("filter: 互联网金融 internet finance"),
        "{screen}"
    );
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.visible().len(), 10);
}

#[test]
fn scrolling_stops_at_the_end_of_the_text() {
    let mut a = app();
    press(&mut a, "p");
    draw(&mut a, 80, 24);
    press(&mut a, "G");
    let end = a.plan_scroll();
    assert!(end > 0 && end == a.regions().plan_max_scroll, "{end}");
    let at_end = text(&draw(&mut a, 80, 24));
    assert!(
        at_end.contains("未来5年拱墅区要新增20个重大产业项目"),
        "{at_end}"
    );
    // One step back up moves at once, however long G was held.
    press(&mut a, "k");
    assert_eq!(a.plan_scroll(), end - 1);
}

#[test]
fn keys_pressed_while_too_small_change_nothing_but_q_quits() {
    let mut a = app();
    draw(&mut a, 20, 5);
    press(&mut a, "jjipL/x");
    key(&mut a, KeyCode::Enter);
    let back = text(&draw(&mut a, 120, 40));
    assert_eq!(
        back,
        text(&draw(&mut app(), 120, 40)),
        "the hidden atlas moved"
    );
    draw(&mut a, 20, 5);
    press(&mut a, "q");
    assert!(a.should_quit());
}

#[test]
fn the_layout_follows_the_frame_without_being_told_the_size() {
    // The event loop only draws: the frame's size alone must pick the layout.
    let mut a = app();
    let mut term = Terminal::new(TestBackend::new(160, 48)).unwrap();
    term.draw(|f| view::render(f, &mut a, Theme::colored()))
        .unwrap();
    let wide = text(term.backend().buffer());
    assert!(wide.contains("Map") && wide.contains("Detail"), "{wide}");
    let mut term = Terminal::new(TestBackend::new(30, 10)).unwrap();
    term.draw(|f| view::render(f, &mut a, Theme::colored()))
        .unwrap();
    let tiny = text(term.backend().buffer());
    assert!(tiny.contains("terminal too"), "{tiny}");
}
