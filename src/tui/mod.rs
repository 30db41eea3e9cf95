//! The interactive atlas: list, detail and map, with search, industries and plan screens.
//!
//! `app` holds state and what keys do; `ui` draws it; `keys` is the one key table; `terminal`
//! handles entering, leaving and signals. This file is the event loop that joins them.

pub mod app;
pub mod backend;
pub mod keys;
pub mod present;
pub mod terminal;
pub mod theme;
pub mod ui;

use std::io::{self, Write};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use crate::dataset::Dataset;
use crate::lang::Lang;
use app::App;
use theme::Theme;

/// How the TUI should look and behave.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub lang: Lang,
    pub color: bool,
    pub mouse: bool,
    pub theme: theme::ThemeKind,
}

/// Run the TUI until the user quits. The caller has checked that stdin and stdout are terminals.
pub fn run(data: Dataset, dataset_name: String, opts: Options) -> io::Result<()> {
    let mut app = App::new(data, dataset_name);
    app.lang = opts.lang;
    let theme = Theme::new(opts.color, opts.theme);

    terminal::install_panic_hook();
    terminal::exit_on_termination_signals()?;
    let mut term = terminal::enter(opts.mouse)?;
    let result = event_loop(&mut term, &mut app, theme, opts.mouse);
    terminal::leave();
    result
}

/// Debug builds panic on `!` when GONGSHU_PANIC_ON_BANG is set, so tests can check that a panic
/// leaves the terminal usable. Release builds have no such path.
fn panic_on_request(k: &crossterm::event::KeyEvent) {
    if cfg!(debug_assertions)
        && k.code == KeyCode::Char('!')
        && std::env::var_os("GONGSHU_PANIC_ON_BANG").is_some()
    {
        panic!("panic requested with GONGSHU_PANIC_ON_BANG");
    }
}

fn event_loop(
    term: &mut terminal::Term,
    app: &mut App,
    theme: Theme,
    mouse: bool,
) -> io::Result<()> {
    let mut area = ratatui::layout::Rect::default();
    loop {
        terminal::fit(term, &mut area)?;
        app.resize(area.width, area.height);
        // Synchronized output: the terminal shows the frame whole, so slow links never tear.
        crossterm::queue!(io::stdout(), BeginSynchronizedUpdate)?;
        let mut regions = app.regions;
        term.draw(|frame| regions = ui::draw(frame, app, theme))?;
        crossterm::queue!(io::stdout(), EndSynchronizedUpdate)?;
        io::stdout().flush()?;
        app.regions = regions;

        // Block until something that changes the screen happens: no timers, so an idle atlas
        // uses no CPU and sends no bytes.
        loop {
            match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    if k.code == KeyCode::Char('z') && k.modifiers.contains(KeyModifiers::CONTROL) {
                        terminal::suspend(term, mouse)?;
                    } else {
                        panic_on_request(&k);
                        app.handle_key(k);
                    }
                }
                Event::Mouse(m) if m.kind != crossterm::event::MouseEventKind::Moved => {
                    app.handle_mouse(m)
                }
                Event::Resize(..) => {}
                _ => continue,
            }
            break;
        }
        if app.quit {
            return Ok(());
        }
    }
}
