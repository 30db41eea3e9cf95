//! Briefing mode: one platform per slide, big and high-contrast, for a presenter with a clicker.
//!
//! Clickers send PageDown/PageUp, and some send F5, Esc and `.` or `b`: F5 does nothing, Esc asks
//! before quitting, `q` must be pressed twice, and `.`/`b` blank the screen.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use super::keys::{self, Action, Context};
use super::terminal;
use super::theme::Theme;
use crate::dataset::Dataset;
use crate::lang::Lang;

/// What the presenter is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slide {
    /// All platforms on the map, with the plan's overall target.
    Overview,
    /// One platform (index into `Dataset::platforms`).
    Platform(usize),
    /// The plan's work measures and the source.
    Closing,
}

pub struct Presenter {
    pub data: Dataset,
    /// 0 is the overview, 1..=n the platforms, n+1 the closing slide.
    pub slide: usize,
    pub lang: Lang,
    pub blank: bool,
    /// Esc was pressed: the next `q` or Esc quits, anything else stays.
    pub asking: bool,
    /// `q` was pressed once.
    pub q_once: bool,
    pub looping: bool,
    pub quit: bool,
}

impl Presenter {
    pub fn new(data: Dataset, lang: Lang, looping: bool) -> Presenter {
        Presenter {
            data,
            slide: 0,
            lang,
            blank: false,
            asking: false,
            q_once: false,
            looping,
            quit: false,
        }
    }

    pub fn count(&self) -> usize {
        self.data.platforms.len() + 2
    }

    pub fn current(&self) -> Slide {
        match self.slide {
            0 => Slide::Overview,
            s if s <= self.data.platforms.len() => Slide::Platform(s - 1),
            _ => Slide::Closing,
        }
    }

    /// Advance one slide (wrapping only when looping). Returns whether anything changed.
    pub fn advance(&mut self) -> bool {
        let last = self.count() - 1;
        let next = if self.slide < last {
            self.slide + 1
        } else if self.looping {
            0
        } else {
            last
        };
        let changed = next != self.slide;
        self.slide = next;
        changed
    }

    pub fn handle_key(&mut self, ev: KeyEvent) {
        if ev.kind == KeyEventKind::Release {
            return;
        }
        let action = keys::action_for(&ev, &[Context::Present]);
        if self.asking {
            self.asking = false;
            if matches!(
                action,
                Some(Action::QuitTwice | Action::AskQuit | Action::Quit)
            ) {
                self.quit = true;
            }
            return;
        }
        if action != Some(Action::QuitTwice) {
            self.q_once = false;
        }
        let Some(action) = action else { return };
        // Any slide key brings a blanked screen back.
        if self.blank && action != Action::Blank {
            self.blank = false;
        }
        match action {
            Action::Next => {
                self.advance();
            }
            Action::Prev => self.slide = self.slide.saturating_sub(1),
            Action::First => self.slide = 0,
            Action::Last => self.slide = self.count() - 1,
            Action::Jump(n) => {
                if let Some(i) = self.data.platforms.iter().position(|p| p.number == n) {
                    self.slide = i + 1;
                }
            }
            Action::Blank => self.blank = !self.blank,
            Action::CycleLang => self.lang = self.lang.next(),
            Action::AskQuit => self.asking = true,
            Action::QuitTwice => {
                if self.q_once {
                    self.quit = true;
                }
                self.q_once = true;
            }
            Action::Quit => self.quit = true,
            _ => {}
        }
    }
}

/// How the presentation runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub lang: Lang,
    pub theme: Theme,
    /// Auto-advance after this long without a key.
    pub interval: Option<Duration>,
    pub looping: bool,
}

pub fn run(data: Dataset, opts: Options) -> io::Result<()> {
    let mut p = Presenter::new(data, opts.lang, opts.looping);
    terminal::install_panic_hook();
    terminal::exit_on_termination_signals()?;
    let mut term = terminal::enter(false)?;
    let result = event_loop(&mut term, &mut p, opts);
    terminal::leave();
    result
}

fn event_loop(term: &mut terminal::Term, p: &mut Presenter, opts: Options) -> io::Result<()> {
    let started = Instant::now();
    let mut last_key = Instant::now();
    let mut area = ratatui::layout::Rect::default();
    loop {
        terminal::fit(term, &mut area)?;
        let elapsed = started.elapsed();
        crossterm::queue!(io::stdout(), BeginSynchronizedUpdate)?;
        term.draw(|f| super::ui::present::draw(f, p, opts.theme, elapsed))?;
        crossterm::queue!(io::stdout(), EndSynchronizedUpdate)?;
        io::stdout().flush()?;

        // Wake for the next second of the clock, or the next auto-advance, whichever is sooner.
        let to_tick = Duration::from_millis(1000 - (started.elapsed().as_millis() % 1000) as u64);
        let wait = match opts.interval {
            Some(i) => to_tick.min(i.saturating_sub(last_key.elapsed())),
            None => to_tick,
        };
        if event::poll(wait)? {
            match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    if k.code == KeyCode::Char('z') && k.modifiers.contains(KeyModifiers::CONTROL) {
                        terminal::suspend(term, false)?;
                    } else {
                        p.handle_key(k);
                    }
                    // Any key the presenter presses restarts the auto-advance timer.
                    last_key = Instant::now();
                }
                _ => {}
            }
        } else if let Some(i) = opts.interval
            && last_key.elapsed() >= i
        {
            if !p.blank && !p.asking {
                p.advance();
            }
            last_key = Instant::now();
        }
        if p.quit {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(p: &mut Presenter, code: KeyCode) {
        p.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    #[test]
    fn clicker_keys_move_and_never_quit_by_accident() {
        let mut p = Presenter::new(crate::dataset::embedded(), Lang::Both, false);
        key(&mut p, KeyCode::PageDown);
        key(&mut p, KeyCode::Char(' '));
        assert_eq!(p.current(), Slide::Platform(1));
        key(&mut p, KeyCode::PageUp);
        assert_eq!(p.current(), Slide::Platform(0));
        key(&mut p, KeyCode::F(5));
        key(&mut p, KeyCode::Esc);
        assert!(p.asking && !p.quit);
        key(&mut p, KeyCode::PageDown); // "no": stay, and the key does not also advance
        assert!(!p.asking && !p.quit);
        assert_eq!(p.current(), Slide::Platform(0));
        key(&mut p, KeyCode::Char('q'));
        assert!(!p.quit);
        key(&mut p, KeyCode::Char('q'));
        assert!(p.quit);
    }

    #[test]
    fn blank_and_the_ends() {
        let mut p = Presenter::new(crate::dataset::embedded(), Lang::Both, false);
        key(&mut p, KeyCode::Char('.'));
        assert!(p.blank);
        key(&mut p, KeyCode::Char('b'));
        assert!(!p.blank);
        key(&mut p, KeyCode::End);
        assert_eq!(p.current(), Slide::Closing);
        assert!(!p.advance(), "without --loop the last slide stays");
        p.looping = true;
        assert!(p.advance());
        assert_eq!(p.current(), Slide::Overview);
        key(&mut p, KeyCode::Char('0'));
        assert_eq!(p.current(), Slide::Platform(9));
    }
}
