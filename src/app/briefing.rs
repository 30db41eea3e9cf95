//! Briefing mode's state: one platform per slide, for a presenter with a clicker.
//!
//! Clickers send PageDown/PageUp, and some send F5, Esc and `.` or `b`: F5 does nothing, Esc asks
//! before quitting, `q` must be pressed twice, and `.`/`b` blank the screen.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crossterm::event::{KeyEvent, KeyEventKind};

use super::keys::{self, Context, SlideAction};
use crate::dataset::Dataset;
use crate::lang::Lang;

/// What the presenter is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slide {
    /// The district, the plan's title and the article it comes from.
    Title,
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
    /// What the speaker notes' where-sentences work out once for `data`: every outline's box.
    measures: std::sync::OnceLock<crate::place::Measures>,
    /// 0 is the title, 1 the overview, then the spotlights, the platforms, and the closing slide.
    pub slide: usize,
    /// The page of the slide: a slide whose text does not fit the screen continues on more pages
    /// rather than losing any. `usize::MAX` is the last page (going back from the next slide).
    pub page: usize,
    /// How many pages the current slide has at the size it was last drawn (the view says).
    pub pages: std::cell::Cell<usize>,
    /// The first item of the slide's text on the page last drawn (the view says): where a viewer
    /// at another size picks up the presenter's page.
    pub first_item: std::cell::Cell<usize>,
    /// A viewer's presenter: show the page holding this item of the slide's text, whatever page
    /// that is at this size.
    pub follow: Option<usize>,
    /// The briefing's keys are shown over the slide (`?`); any key hides them.
    pub help: bool,
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
    /// The terminal said at start that it draws sized text (OSC 66): names are drawn at twice
    /// the size. Never assumed: false unless the terminal answered so.
    pub sized_text: bool,
    /// How many viewers follow the briefing (`present --share`); `None` when not shared.
    pub viewers: Option<usize>,
}

/// Where the presenter is, as a viewer at any size can find it: the slide by its id (not its
/// place in the order) and the first item of the text on the presenter's page. A viewer shows the
/// page that holds that item at its own size, so it shows the same text whatever its page count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub slide: String,
    pub item: usize,
}

/// What a shared briefing tells its viewers, and hears back: where the presenter is, whether the
/// screen is blanked, how many are watching, and whether the briefing has ended. Viewers look at
/// it a few times a second.
#[derive(Debug, Clone)]
pub struct ShareLink {
    pub place: Arc<Mutex<Place>>,
    pub blank: Arc<AtomicBool>,
    pub viewers: Arc<AtomicUsize>,
    pub ended: Arc<AtomicBool>,
    /// When the briefing started, for the viewers' clock.
    pub started: std::time::Instant,
}

impl Default for ShareLink {
    fn default() -> Self {
        ShareLink {
            place: Default::default(),
            blank: Default::default(),
            viewers: Default::default(),
            ended: Default::default(),
            started: std::time::Instant::now(),
        }
    }
}

impl ShareLink {
    /// Tell the viewers where the presenter is (call after drawing: the page's first item is
    /// what the view found), and learn how many they are.
    pub fn publish(&self, p: &mut Presenter) {
        let place = Place {
            slide: p.slide_id(p.slide),
            item: p.first_item.get(),
        };
        *self.place.lock().unwrap_or_else(|e| e.into_inner()) = place;
        self.blank.store(p.blank, Ordering::SeqCst);
        p.viewers = Some(self.viewers.load(Ordering::SeqCst));
    }

    /// Where the presenter is now.
    pub fn place(&self) -> Place {
        self.place.lock().unwrap_or_else(|e| e.into_inner()).clone()
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
            measures: std::sync::OnceLock::new(),
            slide: 0,
            page: 0,
            pages: std::cell::Cell::new(1),
            first_item: std::cell::Cell::new(0),
            follow: None,
            help: false,
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
            sized_text: false,
            viewers: None,
        }
    }

    pub fn count(&self) -> usize {
        self.data.platforms.len() + self.spotlights.len() + 3
    }

    /// The slide of platform `i` (index into `Dataset::platforms`).
    pub fn platform_slide(&self, i: usize) -> usize {
        i + 2 + self.spotlights.len()
    }

    /// The page shown: the one asked for, within the pages the slide has.
    pub fn shown_page(&self) -> usize {
        self.page.min(self.pages.get().max(1) - 1)
    }

    /// A name for slide `i` that does not change with the size, the language or the other
    /// slides: `title`, `overview`, `spotlight-1`…, each platform's id, `closing`.
    pub fn slide_id(&self, i: usize) -> String {
        match self.slide_at(i) {
            Slide::Title => "title".into(),
            Slide::Overview => "overview".into(),
            Slide::Spotlight(k) => format!("spotlight-{}", k + 1),
            Slide::Platform(i) => self.data.platforms[i].id.clone(),
            Slide::Closing => "closing".into(),
        }
    }

    /// Where slide `i`'s platform lies, in a sentence of each language (the map in words, short
    /// form), for the speaker notes; `None` for a slide that is not a platform's.
    pub fn where_said(&self, i: usize) -> Option<crate::dataset::Text> {
        match self.slide_at(i) {
            Slide::Platform(p) => {
                // Drawn every frame of the console: the dataset is measured once.
                let m = self
                    .measures
                    .get_or_init(|| crate::place::Measures::of(&self.data));
                let (zh, en) = crate::place::short_in_both(&self.data, m, p);
                Some(crate::dataset::Text {
                    zh: zh.into(),
                    en: en.into(),
                })
            }
            _ => None,
        }
    }

    /// The slide whose id is `id`, if this briefing has it.
    pub fn slide_with_id(&self, id: &str) -> Option<usize> {
        (0..self.count()).find(|&i| self.slide_id(i) == id)
    }

    /// Show what the presenter shows: the slide with the place's id, at this viewer's page that
    /// holds the place's item. A slide this briefing does not have leaves the slide as it is.
    pub fn follow_place(&mut self, place: &Place) {
        if let Some(i) = self.slide_with_id(&place.slide) {
            self.slide = i;
        }
        self.follow = Some(place.item);
    }

    /// Go to slide `i`, at its first page.
    fn go(&mut self, i: usize) {
        self.slide = i;
        self.page = 0;
    }

    pub fn current(&self) -> Slide {
        self.slide_at(self.slide)
    }

    /// What slide `i` (from 0) is.
    pub fn slide_at(&self, i: usize) -> Slide {
        let spots = self.spotlights.len();
        match i {
            0 => Slide::Title,
            1 => Slide::Overview,
            s if s <= spots + 1 => Slide::Spotlight(s - 2),
            s if s <= spots + 1 + self.data.platforms.len() => Slide::Platform(s - 2 - spots),
            _ => Slide::Closing,
        }
    }

    /// Advance one page, or to the next slide (wrapping only when looping). Returns whether
    /// anything changed.
    pub fn advance(&mut self) -> bool {
        if self.shown_page() + 1 < self.pages.get() {
            self.page = self.shown_page() + 1;
            return true;
        }
        let last = self.count() - 1;
        let next = if self.slide < last {
            self.slide + 1
        } else if self.looping {
            0
        } else {
            last
        };
        let changed = next != self.slide;
        if changed {
            self.go(next);
        }
        changed
    }

    /// Back one page, or to the last page of the slide before.
    pub fn back(&mut self) {
        if self.shown_page() > 0 {
            self.page = self.shown_page() - 1;
        } else if self.slide > 0 {
            self.slide -= 1;
            self.page = usize::MAX;
        }
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
        // The keys overlay goes away on any key, which does nothing else: it hid the slide.
        if self.help {
            self.help = false;
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
            SlideAction::Prev => self.back(),
            SlideAction::First => self.go(0),
            SlideAction::Last => self.go(last),
            SlideAction::Jump(n) => {
                if self.pending.len() < 4 {
                    self.pending.push_str(&(n % 10).to_string());
                }
                if let Some(i) = self.data.platforms.iter().position(|p| p.number == n) {
                    self.go(self.platform_slide(i));
                }
            }
            SlideAction::GoTo => {
                self.go(match self.pending.parse::<usize>() {
                    Ok(k) if k >= 1 => (k - 1).min(last),
                    _ => last,
                });
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
                    self.go(i);
                }
            }
            SlideAction::ToggleHints => self.hints = !self.hints,
            SlideAction::Help => self.help = true,
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

/// The query in the other language, from the dataset's own industry names: an industry named
/// by it exactly (金融科技 → fintech), else what every industry containing it has in common in the
/// other language (私募金融 private fund finance, 互联网金融 internet finance → finance).
/// `None` when the names share nothing: no gloss is better than a guess.
pub fn gloss(d: &crate::dataset::Dataset, query: &str) -> Option<String> {
    let q = query.trim();
    let ql = q.to_lowercase();
    let inds: Vec<&crate::dataset::Industry> =
        d.platforms.iter().flat_map(|pf| &pf.industries).collect();
    if let Some(i) = inds.iter().find(|i| *i.zh == *q) {
        return Some(i.en.to_string());
    }
    if let Some(i) = inds.iter().find(|i| i.en.to_lowercase() == ql) {
        return Some(i.zh.to_string());
    }
    let chinese = !q.is_ascii();
    if chinese {
        let found: Vec<String> = inds
            .iter()
            .filter(|i| i.zh.contains(q))
            .map(|i| i.en.to_lowercase())
            .collect();
        let first = found.first()?;
        let common: Vec<&str> = first
            .split_whitespace()
            .filter(|w| found.iter().all(|e| e.split_whitespace().any(|x| x == *w)))
            .collect();
        (!common.is_empty()).then(|| common.join(" "))
    } else {
        let found: Vec<Vec<char>> = inds
            .iter()
            .filter(|i| i.en.to_lowercase().split_whitespace().any(|w| w == ql))
            .map(|i| i.zh.chars().collect())
            .collect();
        let first = found.first()?;
        // The longest run of the first name that every other name contains.
        let mut best = String::new();
        for start in 0..first.len() {
            for end in (start + 2..=first.len()).rev() {
                let run: String = first[start..end].iter().collect();
                if run.chars().count() > best.chars().count()
                    && found
                        .iter()
                        .all(|f| f.iter().collect::<String>().contains(&run))
                {
                    best = run;
                    break;
                }
            }
        }
        (!best.is_empty()).then_some(best)
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
        p.slide = 1; // the overview, after the title
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
        p.slide = 1; // the overview, after the title
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
        assert_eq!(p.count(), 14);
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
        p.slide = 1; // the overview, after the title
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
        p.slide = 1; // the overview, after the title
        key(&mut p, KeyCode::Char('.'));
        assert!(p.blank);
        key(&mut p, KeyCode::Char('b'));
        assert!(!p.blank);
        key(&mut p, KeyCode::End);
        assert_eq!(p.current(), Slide::Closing);
        assert!(!p.advance(), "without --loop the last slide stays");
        p.looping = true;
        assert!(p.advance());
        assert_eq!(p.current(), Slide::Title);
        key(&mut p, KeyCode::Char('0'));
        assert_eq!(p.current(), Slide::Platform(9));
    }

    #[test]
    fn a_platforms_slide_says_where_it_lies_and_no_other_does() {
        let p = Presenter::new(crate::dataset::embedded(), Lang::Both, false);
        for i in 0..p.count() {
            match (p.slide_at(i), p.where_said(i)) {
                (Slide::Platform(k), Some(t)) => {
                    assert_eq!(t.zh, crate::place::short(&p.data, k, Lang::Zh));
                    assert!(t.en.contains("of Gongshu District"), "{}", t.en);
                }
                (Slide::Platform(_), None) => panic!("slide {i} says nothing"),
                (_, said) => assert!(said.is_none(), "slide {i}: {said:?}"),
            }
        }
    }
}
