//! The local terminal: taking it over and giving it back (`session`), signals, reading and
//! decoding its input (`input`, on [`crate::decode`]), the inline picker (`pick`), and the two
//! event loops that join a terminal to the atlas and the briefing (this file).
//!
//! The only layer that reads, writes or queries the local terminal. It may import `app` (state
//! and keys) and `view` (drawing); nothing imports it but the binary's entry and the CLI's
//! interactive command (`gongshu pick`). The SSH server draws through `view` and never uses it.

pub mod input;
pub mod pick;
pub mod session;
pub mod signals;

use crate::cache::Loaded;
use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEventKind, MouseEventKind};

use crate::app::atlas::App;
use crate::app::briefing::Presenter;
use crate::app::keys::{Action, SlideAction};
use crate::app::start;
use crate::dataset::Dataset;
use crate::lang::Lang;
use crate::view::{self, clipboard, theme, theme::Theme};
use session::Session;

/// How the atlas should look and behave.
#[derive(Debug, Clone)]
pub struct Options {
    pub lang: Lang,
    pub color: bool,
    pub mouse: bool,
    pub theme: theme::ThemeKind,
    /// The terminal draws ambiguous-width characters two columns wide.
    pub ambiguous_wide: bool,
    /// Where it opens: a platform, a search, a map style.
    pub start: start::Start,
    /// A platform's record as text, for copying with `Y`.
    pub record: Option<clipboard::RecordText>,
}

/// Run the atlas until the user quits. The caller has checked that stdin and stdout are terminals.
pub fn run(loaded: Loaded, dataset_name: String, opts: Options) -> io::Result<()> {
    let (data, index, facts) = loaded.into_parts();
    let mut app = App::with_index(data, index, dataset_name, opts.lang)
        .with_map_facts(facts)
        .with_color(opts.color)
        .with_deferred_list(true);
    start::apply(&mut app, &opts.start, opts.color);
    let theme = Theme::new(opts.color, opts.theme)
        .with_depth(theme::ColorDepth::from_env())
        .with_ambiguous_wide(opts.ambiguous_wide);
    let mut session = Session::enter(opts.mouse)?;
    loop {
        session.draw(|frame| view::render(frame, &mut app, theme))?;
        // Block until something happens: no timers, so an idle atlas uses no CPU and sends no
        // bytes. Everything waiting is handled before the next frame. A frame that showed the
        // map's earlier spotlight or only the list's first screen (a large dataset, right after
        // a keystroke) is drawn again, whole, as soon as no key is waiting.
        let behind = app.map_frames().behind() || app.list_behind();
        let events = session.next(behind.then_some(Duration::ZERO))?;
        app.map_frames().allow_stale(!events.is_empty());
        if events.is_empty() {
            app.catch_up();
        }
        for ev in events {
            match ev {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    panic_on_request(&k);
                    app.message = None;
                    match app.action_for(&k) {
                        Some(Action::Suspend) => session.suspend()?,
                        Some(a @ (Action::Copy | Action::CopyRecord)) => {
                            let whole = a == Action::CopyRecord;
                            clipboard::copy(&mut app, whole, opts.record, &mut io::stdout())?
                        }
                        _ => app.handle_key(k),
                    }
                }
                Event::Mouse(m) if m.kind != MouseEventKind::Moved => app.handle_mouse(m),
                Event::Paste(text) => app.handle_paste(&text),
                _ => {}
            }
            if app.should_quit() {
                return Ok(());
            }
        }
    }
}

/// How the briefing runs.
#[derive(Debug, Clone)]
pub struct PresentOptions {
    pub lang: Lang,
    pub theme: Theme,
    /// Auto-advance after this long without a key.
    pub interval: Option<Duration>,
    pub looping: bool,
    /// Slides after the overview, one per query.
    pub spotlights: Vec<crate::app::briefing::Spotlight>,
    /// Open at this platform's slide (index into `Dataset::platforms`).
    pub start: Option<usize>,
    /// Viewers follow the slides through this (`present --share`).
    pub share: Option<crate::app::briefing::ShareLink>,
    /// The terminal said at start that it draws sized text (OSC 66).
    pub sized_text: bool,
    /// The presenter's console (`--console`), with the speaker notes by slide id.
    pub console: Option<crate::dataset::notes::Notes>,
}

/// Run the briefing until the presenter quits.
pub fn present(data: Dataset, opts: PresentOptions) -> io::Result<()> {
    let mut p = Presenter::new(data, opts.lang, opts.looping);
    p.spotlights = opts.spotlights;
    p.sized_text = opts.sized_text;
    if let Some(i) = opts.start {
        p.slide = p.platform_slide(i);
    }
    // The console's view of the next slide, a presenter of its own (its pages are its own).
    let mut next = opts.console.as_ref().map(|_| {
        let mut n = Presenter::new(p.data.clone(), p.lang, false);
        n.spotlights = p.spotlights.clone();
        n.sized_text = p.sized_text;
        n
    });
    let mut session = Session::enter(false)?;
    let started = Instant::now();
    let mut last_key = Instant::now();
    let (mut shown, mut since) = (p.slide, Instant::now());
    loop {
        let elapsed = started.elapsed();
        if p.slide != shown {
            (shown, since) = (p.slide, Instant::now());
        }
        match (&opts.console, next.as_mut()) {
            (Some(notes), Some(n)) => {
                n.lang = p.lang;
                n.slide = p.slide + 1;
                let console = view::console::Console {
                    next: (p.slide + 1 < p.count()).then_some(&*n),
                    notes,
                    elapsed,
                    on_slide: since.elapsed(),
                };
                session.draw(|f| view::console::draw(f, &p, &console, opts.theme))?
            }
            _ => session.draw(|f| view::briefing::draw(f, &p, opts.theme, elapsed))?,
        }
        // After drawing: the view has found where the page's text starts.
        if let Some(link) = &opts.share {
            link.publish(&mut p);
        }

        // Wake for the next second of the clock, or the next auto-advance, whichever is sooner.
        let to_tick = Duration::from_millis(1000 - (started.elapsed().as_millis() % 1000) as u64);
        let wait = match opts.interval {
            Some(i) => to_tick.min(i.saturating_sub(last_key.elapsed())),
            None => to_tick,
        };
        let events = session.next(Some(wait))?;
        if events.is_empty()
            && let Some(i) = opts.interval
            && last_key.elapsed() >= i
        {
            if !p.blank && !p.asking {
                p.advance();
            }
            last_key = Instant::now();
        }
        for ev in events {
            if let Event::Key(k) = ev
                && k.kind != KeyEventKind::Release
            {
                if p.action_for(&k) == Some(SlideAction::Suspend) {
                    session.suspend()?;
                } else {
                    p.handle_key(k);
                }
                // Any key the presenter presses restarts the auto-advance timer.
                last_key = Instant::now();
                if p.quit {
                    return Ok(());
                }
            }
        }
        if p.quit {
            return Ok(());
        }
    }
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
