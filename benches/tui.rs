//! Time to build the app and draw the first frame, and to handle one key and redraw.

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use gongshu::app::atlas::App;
use gongshu::lang::Lang;
use gongshu::view;
use gongshu::view::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn first_frame(c: &mut Criterion) {
    c.bench_function("load + first frame 120x40", |b| {
        b.iter(|| {
            let mut app = App::new(gongshu::dataset::embedded(), "bench".into(), Lang::Both);
            app.resize(120, 40);
            let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
            term.draw(|f| view::render(f, &mut app, Theme::colored()))
                .unwrap();
        })
    });
    let mut app = App::new(gongshu::dataset::embedded(), "bench".into(), Lang::Both);
    app.resize(120, 40);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("key j + redraw 120x40", |b| {
        b.iter(|| {
            app.handle_key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
            if app.selected_row() == 9 {
                app.handle_key(KeyEvent::new(KeyCode::Char('g'), KeyModifiers::NONE));
            }
            term.draw(|f| view::render(f, &mut app, Theme::colored()))
                .unwrap();
        })
    });
}

criterion_group!(benches, first_frame);
criterion_main!(benches);
