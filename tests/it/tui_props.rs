//! Random key, mouse and resize sequences: rendering never panics and the selection always points
//! at a platform the list shows.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use gongshu::app::atlas::App;
use gongshu::lang::Lang;
use gongshu::view;
use gongshu::view::theme::Theme;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[derive(Debug, Clone)]
enum Input {
    Key(KeyCode, bool),
    Click(u16, u16),
    Wheel(u16, u16, bool),
    Resize(u16, u16),
}

fn input() -> impl Strategy<Value = Input> {
    let code = prop_oneof![
        proptest::char::range(' ', '~').prop_map(KeyCode::Char),
        prop::sample::select(vec!['电', '商', '金', '融', '康', '桥', '·', 'é'])
            .prop_map(KeyCode::Char),
        prop::sample::select(vec![
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::F(1),
        ]),
    ];
    prop_oneof![
        8 => (code, prop::bool::weighted(0.05)).prop_map(|(c, ctrl)| Input::Key(c, ctrl)),
        1 => (0u16..200, 0u16..60).prop_map(|(x, y)| Input::Click(x, y)),
        1 => (0u16..200, 0u16..60, any::<bool>()).prop_map(|(x, y, d)| Input::Wheel(x, y, d)),
        1 => (0u16..220, 0u16..70).prop_map(|(w, h)| Input::Resize(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_sessions_keep_the_app_consistent(inputs in prop::collection::vec(input(), 1..60)) {
        let mut app = App::new(gongshu::dataset::embedded(), "test".into(), Lang::Both);
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        for inp in inputs {
            match inp {
                // Ctrl-C would end the session early; every other key is fair game.
                Input::Key(KeyCode::Char('c'), true) => continue,
                Input::Key(code, ctrl) => {
                    let m = if ctrl { KeyModifiers::CONTROL } else { KeyModifiers::NONE };
                    app.handle_key(KeyEvent::new(code, m));
                }
                Input::Click(x, y) => app.handle_mouse(mouse(MouseEventKind::Down(MouseButton::Left), x, y)),
                Input::Wheel(x, y, down) => app.handle_mouse(mouse(
                    if down { MouseEventKind::ScrollDown } else { MouseEventKind::ScrollUp }, x, y)),
                Input::Resize(w, h) => term.backend_mut().resize(w, h),
            }
            if app.should_quit() {
                // q and Esc end a real session; start a fresh one to keep exploring.
                app = App::new(gongshu::dataset::embedded(), "test".into(), Lang::Both);
            }
            let size = term.backend().buffer().area;
            app.resize(size.width, size.height);
            term.draw(|f| view::render(f, &mut app, Theme::colored())).unwrap();

            prop_assert!(app.visible().iter().all(|&p| p < app.data().platforms.len()));
            if app.visible().is_empty() {
                prop_assert_eq!(app.selected_row(), 0);
            } else {
                prop_assert!(app.selected_row() < app.visible().len());
            }
            if app.industries().is_empty() {
                prop_assert_eq!(app.industry_selected(), 0);
            } else {
                prop_assert!(app.industry_selected() < app.industries().len());
            }
        }
    }
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
    MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}
