//! Briefing mode's state: one platform per slide, for a presenter with a clicker.
//!
//! Clickers send PageDown/PageUp, and some send F5, Esc and `.` or `b`: F5 does nothing, Esc asks
//! before quitting, `q` must be pressed twice, and `.`/`b` blank the screen.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crossterm::event::{KeyEvent, KeyEventKind};

use super::keys::{self, Context, SlideAction};
use crate::dataset::Dataset;
use crate::lang::Lang;

/// What the presenter is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slide {
    /// All platforms on the map, with the plan's overall target.
    Overview,
    /// The platforms a search finds, lit up on the map (index into `Presenter::spotlights`).
    Spotlight(usize),
    /// One platform (index into `Dataset::platforms`).
    Platform(usize),
    /// The plan's work measures and the source.
    Closing,
}

/// A spotlight slide: a query and the platforms it finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spotlight {
    pub query: String,
    pub platforms: Vec<usize>,
}

/// The spotlight slides for these queries; the first query that finds nothing is the error.
pub fn spotlights(d: &Dataset, queries: &[String]) -> Result<Vec<Spotlight>, String> {
    let index = crate::search::Index::new(d);
    let mut out = Vec::new();
    for q in queries.iter().map(|q| q.trim()).filter(|q| !q.is_empty()) {
        let platforms = crate::map::spotlight(&index, q);
        if platforms.is_empty() {
            return Err(format!(
                "no platform matches {:?} (--spotlight)",
                crate::text::one_line(q)
            ));
        }
        out.push(Spotlight {
            query: q.to_string(),
            platforms,
        });
    }
    Ok(out)
}

pub struct Presenter {
    pub data: Dataset,
    /// What the map works out once for `data`.
    map_facts: std::sync::OnceLock<crate::map::Facts>,
    /// 0 is the overview, then the spotlights, the platforms, and the closing slide.
    pub slide: usize,
    pub spotlights: Vec<Spotlight>,
    pub lang: Lang,
    pub blank: bool,
    /// Esc was pressed: the next `q` or Esc quits, anything else stays.
    pub asking: bool,
    /// `q` was pressed once.
    pub q_once: bool,
    /// Digits typed, for `12G`.
    pending: String,
    /// The slide index is open, with its cursor on this slide.
    pub index: Option<usize>,
    /// Whether the footer shows the key hints (the presenter can hide them from the audience).
    pub hints: bool,
    pub looping: bool,
    pub quit: bool,
    /// How many viewers follow the briefing (`present --share`); `None` when not shared.
    pub viewers: Option<usize>,
}

/// What a shared briefing tells its viewers, and hears back: the slide, whether the screen is
/// blanked, how many are watching, and whether the briefing has ended. Viewers look at it a few
/// times a second.
#[derive(Debug, Clone)]
pub struct ShareLink {
    pub slide: Arc<AtomicUsize>,
    pub blank: Arc<AtomicBool>,
    pub viewers: Arc<AtomicUsize>,
    pub ended: Arc<AtomicBool>,
    /// When the briefing started, for the viewers' clock.
    pub started: std::time::Instant,
}

impl Default for ShareLink {
    fn default() -> Self {
        ShareLink {
            slide: Default::default(),
            blank: Default::default(),
            viewers: Default::default(),
            ended: Default::default(),
            started: std::time::Instant::now(),
        }
    }
}

impl ShareLink {
    /// Tell the viewers where the presenter is, and learn how many they are.
    pub fn publish(&self, p: &mut Presenter) {
        self.slide.store(p.slide, Ordering::SeqCst);
        self.blank.store(p.blank, Ordering::SeqCst);
        p.viewers = Some(self.viewers.load(Ordering::SeqCst));
    }
}

impl Presenter {
    pub fn map_facts(&self) -> &crate::map::Facts {
        self.map_facts
            .get_or_init(|| crate::map::Facts::new(&self.data))
    }

    pub fn new(data: Dataset, lang: Lang, looping: bool) -> Presenter {
        Presenter {
            data,
            map_facts: std::sync::OnceLock::new(),
            slide: 0,
            spotlights: Vec::new(),
            lang,
            blank: false,
            asking: false,
            q_once: false,
            pending: String::new(),
            index: None,
            hints: true,
            looping,
            quit: false,
            viewers: None,
        }
    }

    pub fn count(&self) -> usize {
        self.data.platforms.len() + self.spotlights.len() + 2
    }

    pub fn current(&self) -> Slide {
        self.slide_at(self.slide)
    }

    /// What slide `i` (from 0) is.
    pub fn slide_at(&self, i: usize) -> Slide {
        let spots = self.spotlights.len();
        match i {
            0 => Slide::Overview,
            s if s <= spots => Slide::Spotlight(s - 1),
            s if s <= spots + self.data.platforms.len() => Slide::Platform(s - 1 - spots),
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

    /// What a key asks for.
    pub fn action_for(&self, ev: &KeyEvent) -> Option<SlideAction> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let contexts: &[Context] = if self.index.is_some() {
            &[Context::SlideIndex, Context::Always]
        } else {
            &[Context::Always]
        };
        keys::slide_action_for(ev, contexts)
    }

    /// Handle a key. The caller handles [`SlideAction::Suspend`] (it needs the terminal).
    pub fn handle_key(&mut self, ev: KeyEvent) {
        let action = self.action_for(&ev);
        if self.asking {
            self.asking = false;
            if matches!(
                action,
                Some(SlideAction::QuitTwice | SlideAction::AskQuit | SlideAction::Quit)
            ) {
                self.quit = true;
            }
            return;
        }
        if action != Some(SlideAction::QuitTwice) {
            self.q_once = false;
        }
        let Some(action) = action else {
            self.pending.clear();
            return;
        };
        // A blanked screen comes back on any key, and that key does nothing else: the audience
        // must see the slide they were looking at.
        if self.blank && action != SlideAction::Blank {
            self.blank = false;
            return;
        }
        if !matches!(action, SlideAction::Jump(_) | SlideAction::GoTo) {
            self.pending.clear();
        }
        let last = self.count() - 1;
        match action {
            SlideAction::Next if self.index.is_some() => {
                self.index = self.index.map(|i| (i + 1).min(last))
            }
            SlideAction::Prev if self.index.is_some() => {
                self.index = self.index.map(|i| i.saturating_sub(1))
            }
            SlideAction::Next => {
                self.advance();
            }
            SlideAction::Prev => self.slide = self.slide.saturating_sub(1),
            SlideAction::First => self.slide = 0,
            SlideAction::Last => self.slide = self.count() - 1,
            SlideAction::Jump(n) => {
                if self.pending.len() < 4 {
                    self.pending.push_str(&(n % 10).to_string());
                }
                if let Some(i) = self.data.platforms.iter().position(|p| p.number == n) {
                    self.slide = i + 1 + self.spotlights.len();
                }
            }
            SlideAction::GoTo => {
                self.slide = match self.pending.parse::<usize>() {
                    Ok(k) if k >= 1 => (k - 1).min(last),
                    _ => last,
                };
                self.pending.clear();
            }
            SlideAction::ToggleIndex => {
                self.index = match self.index {
                    Some(_) => None,
                    None => Some(self.slide),
                }
            }
            SlideAction::Choose => {
                if let Some(i) = self.index.take() {
                    self.slide = i;
                }
            }
            SlideAction::ToggleHints => self.hints = !self.hints,
            SlideAction::Blank => self.blank = !self.blank,
            SlideAction::CycleLang => self.lang = self.lang.next(),
            SlideAction::AskQuit => self.asking = true,
            SlideAction::QuitTwice => {
                if self.q_once {
                    self.quit = true;
                }
                self.q_once = true;
            }
            SlideAction::Quit => self.quit = true,
            SlideAction::Ignore | SlideAction::Suspend => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

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
    fn spotlight_slides_follow_the_overview_and_digits_still_find_platforms() {
        let mut p = Presenter::new(crate::dataset::embedded(), Lang::Both, false);
        p.spotlights = vec![Spotlight {
            query: "金融".into(),
            platforms: vec![0, 2, 6],
        }];
        key(&mut p, KeyCode::PageDown);
        assert_eq!(p.current(), Slide::Spotlight(0));
        key(&mut p, KeyCode::PageDown);
        assert_eq!(p.current(), Slide::Platform(0));
        key(&mut p, KeyCode::Char('3'));
        assert_eq!(p.current(), Slide::Platform(2));
        key(&mut p, KeyCode::End);
        assert_eq!(p.current(), Slide::Closing);
        assert_eq!(p.count(), 13);
    }

    #[test]
    fn a_number_then_g_goes_to_that_slide_and_the_index_jumps() {
        let mut p = Presenter::new(crate::dataset::embedded(), Lang::Both, false);
        key(&mut p, KeyCode::Char('1'));
        key(&mut p, KeyCode::Char('2'));
        key(&mut p, KeyCode::Char('G'));
        assert_eq!(p.slide, 11, "slide 12");
        key(&mut p, KeyCode::Char('G'));
        assert_eq!(p.current(), Slide::Closing, "G alone: the last");
        key(&mut p, KeyCode::Char('i'));
        key(&mut p, KeyCode::Up);
        key(&mut p, KeyCode::Up);
        key(&mut p, KeyCode::Enter);
        assert_eq!(p.current(), Slide::Platform(8));
        assert!(p.index.is_none());
    }

    #[test]
    fn the_key_that_brings_back_a_blank_screen_does_nothing_else() {
        let mut p = Presenter::new(crate::dataset::embedded(), Lang::Both, false);
        key(&mut p, KeyCode::Char('b'));
        key(&mut p, KeyCode::PageDown);
        assert!(!p.blank);
        assert_eq!(p.current(), Slide::Overview);
        key(&mut p, KeyCode::Down);
        assert_eq!(p.current(), Slide::Platform(0), "↓ moves forward");
        key(&mut p, KeyCode::Up);
        assert_eq!(p.current(), Slide::Overview);
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
