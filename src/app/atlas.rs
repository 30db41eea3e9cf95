//! The TUI's state and what each action does to it. Nothing here draws or touches a terminal, so
//! every behaviour is testable by feeding actions and reading the state.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;

use super::industry_list::{IndustryList, IndustryTable};
use super::keys::{self, Action, Context};
use super::search_line::{Edit, SearchLine};
use crate::dataset::{Dataset, IndustryRow};
use crate::lang::Lang;
use crate::map::{MapStyle, Viewport};
use crate::search::{Found, Index, Match};
use crate::words::Word;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Platforms,
    Industries,
    Plan,
}

/// Which pane of the platforms screen has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
    Map,
}

/// The pane beside the list when only one of detail and map fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SidePane {
    Detail,
    Map,
}

impl SidePane {
    fn focus(self) -> Focus {
        match self {
            SidePane::Detail => Focus::Detail,
            SidePane::Map => Focus::Map,
        }
    }
}

pub use super::regions::Regions;

/// The atlas's state. Fields are private to the TUI: outside it, the app is driven by keys,
/// clicks and sizes, and read through the accessors below.
pub struct App {
    /// Shared: the server's sessions all read one copy.
    pub(crate) data: std::sync::Arc<Dataset>,
    /// Shared with a cache writer that may still be serializing it, and with other sessions.
    pub(super) index: std::sync::Arc<Index>,
    /// What the map works out once for `data` (once for all the sessions sharing it).
    map_facts: std::sync::Arc<std::sync::OnceLock<crate::map::Facts>>,
    where_memo: super::whereabouts::WhereMemo,
    /// A large dataset's map drawn per view, kept between frames.
    map_frames: crate::map::Frames,
    /// How the footer names the dataset.
    pub(crate) dataset_name: String,
    pub(crate) screen: Screen,
    pub(crate) focus: Focus,
    pub(crate) side: SidePane,
    pub(crate) lang: Lang,
    pub(crate) help: bool,
    pub(crate) help_scroll: u16,
    pub(crate) search: SearchLine,
    /// A message the footer shows until the next key (what was copied, why a key did nothing),
    /// in the language it was said in.
    pub(crate) message: Option<String>,
    /// The platforms the search found, not yet in order; score only: where each matched is
    /// worked out by [`App::matches_for`] for the rows drawn.
    pub(super) hits: Found,
    /// The query that produced `hits`, so a longer query can refine them and the draw code can
    /// highlight what it matched.
    pub(super) hits_query: String,
    pub(super) industry_filter: Option<usize>,
    /// Platforms shown in the list, in order (indices into `Dataset::platforms`): while `rest`
    /// waits, only the first screen of them.
    pub(crate) visible: Listed,
    /// Every platform in dataset order: the list when nothing narrows it, shared with every
    /// atlas of the dataset.
    pub(super) every: std::sync::Arc<[usize]>,
    /// How many platforms the list has, `visible` whole or not.
    pub(super) listed: usize,
    /// The list's hits still to be put in order after a keystroke drew its first screen.
    pub(super) rest: Option<Found>,
    /// Whether a keystroke may leave the rest of a long list for [`App::catch_up`].
    pub(super) defer: bool,
    /// Index into `visible`.
    pub(crate) selected: usize,
    pub(crate) detail_scroll: u16,
    pub(crate) plan_scroll: u16,
    pub(crate) industries: IndustryList,
    /// `None` fits the district to whatever size the map pane has.
    map_view: Option<Viewport>,
    pub(crate) map_style: MapStyle,
    /// Whether colour is on, which decides the map styles worth offering.
    color: bool,
    quit: bool,
    pub(crate) regions: Regions,
    /// The terminal size, as last told.
    size: (u16, u16),
}

/// Below this the TUI shows only a "too small" message.
pub const MIN_SIZE: (u16, u16) = (60, 16);
/// From this width the list, detail and map all show at once.
pub const WIDE: u16 = 110;

/// What every atlas of one dataset can share, each part worked out by whichever atlas needs it
/// first: the map's facts, the dataset's measures (for the detail pane's where-sentence) and its
/// industries. The server's sessions share one, so that a session holds little more than its
/// screen; a local atlas has its own.
#[derive(Clone, Default)]
pub struct Derived {
    pub facts: std::sync::Arc<std::sync::OnceLock<crate::map::Facts>>,
    measures: std::sync::Arc<std::sync::OnceLock<crate::place::Measures>>,
    industries: std::sync::Arc<std::sync::OnceLock<std::sync::Arc<IndustryTable>>>,
    every: std::sync::Arc<std::sync::OnceLock<std::sync::Arc<[usize]>>>,
}

/// The platforms the list shows, in order: every platform (one list, shared), or those a search
/// or a filter left. Reads as a slice.
#[derive(Debug, Clone)]
pub(crate) enum Listed {
    Every(std::sync::Arc<[usize]>),
    These(Vec<usize>),
}

impl std::ops::Deref for Listed {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        match self {
            Listed::Every(all) => all,
            Listed::These(some) => some,
        }
    }
}

impl App {
    pub fn new(data: Dataset, dataset_name: String, lang: Lang) -> App {
        let index = Index::new(&data);
        App::with_index(data, index, dataset_name, lang)
    }

    /// [`App::new`] with the dataset's index already built (or read from the cache).
    pub fn with_index(
        data: Dataset,
        index: impl Into<std::sync::Arc<Index>>,
        dataset_name: String,
        lang: Lang,
    ) -> App {
        App::sharing(
            data.into(),
            index.into(),
            &Derived::default(),
            dataset_name,
            lang,
        )
    }

    /// An atlas reading a dataset, its index and what is derived from it shared with others
    /// (the server's sessions): `derived` must be for `data`.
    pub fn sharing(
        data: std::sync::Arc<Dataset>,
        index: std::sync::Arc<Index>,
        derived: &Derived,
        dataset_name: String,
        lang: Lang,
    ) -> App {
        let table = derived
            .industries
            .get_or_init(|| std::sync::Arc::new(IndustryTable::new(&data)));
        let industries = IndustryList::sharing(table.clone());
        let every = derived
            .every
            .get_or_init(|| (0..data.platforms.len()).collect())
            .clone();
        let visible = Listed::Every(every.clone());
        App {
            every,
            data,
            index,
            map_facts: derived.facts.clone(),
            where_memo: super::whereabouts::WhereMemo::sharing(derived.measures.clone()),
            map_frames: crate::map::Frames::default(),
            dataset_name,
            screen: Screen::Platforms,
            focus: Focus::List,
            side: SidePane::Detail,
            lang,
            help: false,
            help_scroll: 0,
            search: SearchLine::default(),
            message: None,
            hits: Found::default(),
            hits_query: String::new(),
            industry_filter: None,
            listed: visible.len(),
            visible,
            rest: None,
            defer: false,
            selected: 0,
            detail_scroll: 0,
            plan_scroll: 0,
            industries,
            map_view: None,
            map_style: MapStyle::Ascii,
            color: false,
            quit: false,
            regions: Regions::default(),
            size: (80, 24),
        }
    }

    /// The map's facts for this dataset, when they were read with it (from the cache).
    pub fn with_map_facts(self, facts: Option<crate::map::Facts>) -> App {
        if let Some(f) = facts {
            let _ = self.map_facts.set(f);
        }
        self
    }

    /// Where platform `p` lies and what it adjoins (the short form of `gongshu where`), in each
    /// language; kept while the same platform is asked for.
    pub fn where_said(&self, p: usize) -> crate::dataset::Text {
        self.where_memo.said(&self.data, p)
    }

    /// The map's drawings kept between frames (a large dataset's): the event loop says when a
    /// frame may show an earlier spotlight, and asks whether one is owed.
    pub fn map_frames(&self) -> &crate::map::Frames {
        &self.map_frames
    }

    pub(crate) fn map_facts(&self) -> &crate::map::Facts {
        self.map_facts
            .get_or_init(|| crate::map::Facts::new(&self.data))
    }

    /// With colour on, the map starts in the fill style; without, in plain ASCII.
    pub fn with_color(mut self, color: bool) -> App {
        self.color = color;
        self.map_style = if color {
            MapStyle::Fill
        } else {
            MapStyle::Ascii
        };
        self
    }

    /// Draw the map in this style (where colour allows it).
    pub fn set_map_style(&mut self, style: MapStyle) {
        self.map_style = style;
    }

    /// Show a screen, as its key would.
    pub fn open(&mut self, screen: Screen) {
        self.screen = screen;
        self.focus = Focus::List;
    }

    /// Select a platform (index into `Dataset::platforms`) if it is listed.
    pub fn select_platform(&mut self, p: usize) {
        self.catch_up();
        if let Some(row) = self.visible.iter().position(|&v| v == p) {
            self.select(row);
        }
    }

    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The platforms listed, in order (indices into `Dataset::platforms`).
    pub fn visible(&self) -> &[usize] {
        &self.visible
    }

    /// The selected row of the list (an index into [`App::visible`]).
    pub fn selected_row(&self) -> usize {
        self.selected
    }

    /// The industries shown on the industries screen, in order.
    pub fn industries(&self) -> Vec<&IndustryRow> {
        self.industries.shown().collect()
    }

    /// The selected row of the industries screen.
    pub fn industry_selected(&self) -> usize {
        self.industries.selected()
    }

    /// The footer's message, if a key just left one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Whether help is open.
    pub fn help_open(&self) -> bool {
        self.help
    }

    pub fn help_scroll(&self) -> u16 {
        self.help_scroll
    }

    pub fn plan_scroll(&self) -> u16 {
        self.plan_scroll
    }

    /// Where the last frame put each region.
    pub fn regions(&self) -> Regions {
        self.regions
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The selected platform (index into `Dataset::platforms`), if the list is not empty.
    pub fn selected_platform(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    /// The query the list is filtered by, trimmed; empty when no search is on.
    pub fn search_query(&self) -> &str {
        &self.hits_query
    }

    /// Every field of `platform` the search matched, best first; empty when no search is on or
    /// the platform is not a hit. Computed on each call, so ask only for platforms on screen.
    pub fn matches_for(&self, platform: usize) -> Vec<Match> {
        if self.hits_query.is_empty() {
            return Vec::new();
        }
        self.index.matches(platform, &self.hits_query)
    }

    /// Whether the list, detail and map all fit side by side.
    pub fn is_wide(&self) -> bool {
        self.size.0 >= WIDE && self.size.1 >= 30
    }

    pub fn is_too_small(&self) -> bool {
        self.size.0 < MIN_SIZE.0 || self.size.1 < MIN_SIZE.1
    }

    /// The search line keys type into now, if any: the platforms' or the industries' filter.
    fn typing(&self) -> bool {
        self.search.active || self.industries.query.active
    }

    /// Contexts whose bindings apply now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.help {
            return vec![Context::Help, Context::Always];
        }
        if self.typing() {
            return vec![Context::Search, Context::Always];
        }
        let mut c = match (self.screen, self.focus) {
            (Screen::Platforms, Focus::Map) => vec![Context::Map, Context::Platforms],
            (Screen::Platforms, _) => vec![Context::Platforms],
            (Screen::Industries, _) => vec![Context::Industries],
            (Screen::Plan, _) => vec![],
        };
        c.extend([Context::List, Context::Global, Context::Always]);
        c
    }

    /// What a key asks for, now. Keys that type into the search line are not actions: see
    /// [`App::type_char`].
    pub fn action_for(&self, ev: &KeyEvent) -> Option<Action> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        keys::action_for(ev, &self.contexts())
    }

    /// Handle a key: its action, or a character typed into a search line. The caller handles
    /// [`Action::Suspend`] (it needs the terminal); here it does nothing.
    pub fn handle_key(&mut self, ev: KeyEvent) {
        if ev.kind == KeyEventKind::Release {
            return;
        }
        self.message = None;
        let action = self.action_for(&ev);
        // While "too small" shows, nothing hidden may change: only quitting works.
        if self.is_too_small() {
            if action == Some(Action::Quit) {
                self.quit = true;
            }
            return;
        }
        match (action, ev.code) {
            (Some(a), _) => self.apply(a),
            // ESC and a key in one read (a fast typist, a link that batches) decode as Alt and
            // the key; no key of the search line is bound with Alt, so it is Esc, then the key.
            (None, KeyCode::Char(c)) if self.typing() && ev.modifiers == KeyModifiers::ALT => {
                self.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                self.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            }
            (None, KeyCode::Char(c))
                if self.typing() && !ev.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                self.edit(Edit::Insert(c))
            }
            _ => {}
        }
    }

    /// Pasted text (a bracketed paste): one edit of the search line when it is open, and
    /// nothing otherwise, so a paste never acts as keys.
    pub fn handle_paste(&mut self, text: &str) {
        if self.search.active && self.search.paste(text) {
            self.refresh_search();
        }
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
    }

    pub fn apply(&mut self, action: Action) {
        let editing = matches!(
            action,
            Action::CursorLeft
                | Action::CursorRight
                | Action::CursorStart
                | Action::CursorEnd
                | Action::DeleteBack
                | Action::DeleteForward
                | Action::ClearLine
                | Action::DeleteWord
        );
        if !editing {
            self.catch_up();
        }
        match action {
            Action::Quit => self.quit = true,
            // The event loop suspends; the state has nothing to do.
            // These need the terminal: the event loop does them.
            Action::Suspend | Action::Copy | Action::CopyRecord => {}
            Action::Back => self.back(),
            Action::Next => self.step(1),
            Action::Prev => self.step(-1),
            Action::PageDown => self.step(self.page() as i64),
            Action::PageUp => self.step(-(self.page() as i64)),
            Action::First => self.step(i64::MIN / 2),
            Action::Last => self.step(i64::MAX / 2),
            Action::Jump(n) if self.screen == Screen::Plan => {
                if let Some(&line) = self.regions.plan_sections.get(n as usize - 1) {
                    self.plan_scroll = line.min(self.regions.plan_max_scroll);
                }
            }
            Action::Jump(n) => {
                if let Some(row) = self
                    .visible
                    .iter()
                    .position(|&p| self.data.platforms[p].number == n)
                {
                    self.screen = Screen::Platforms;
                    self.select(row);
                } else if self.data.platforms.iter().any(|p| p.number == n) {
                    // It exists but the search or filter hides it: say so rather than ignore it.
                    self.message = Some(self.lang.word_with(Word::HiddenByFilter, &n.to_string()));
                }
            }
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrev => self.cycle_focus(-1),
            Action::FocusDetail => self.set_focus(Focus::Detail),
            Action::ShowPlatforms => self.screen = Screen::Platforms,
            Action::ShowIndustries => {
                self.screen = Screen::Industries;
                self.focus = Focus::List;
            }
            Action::ShowPlan => self.screen = Screen::Plan,
            Action::ToggleSidePane => {
                self.side = match self.side {
                    SidePane::Map => SidePane::Detail,
                    SidePane::Detail => SidePane::Map,
                };
                if self.focus != Focus::List && !self.is_wide() {
                    self.focus = self.side.focus();
                }
            }
            Action::CycleLang => self.lang = self.lang.next(),
            Action::Help => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::CloseHelp => self.help = false,
            Action::FilterIndustries => self.industries.query.open(),
            Action::CycleSort => self.industries.cycle_sort(&self.index),
            Action::StartSearch => {
                self.screen = Screen::Platforms;
                self.search.open();
            }
            Action::ZoomIn => self.zoom(1.5),
            Action::ZoomOut => self.zoom(1.0 / 1.5),
            Action::PanLeft => self.pan(-4, 0),
            Action::PanRight => self.pan(4, 0),
            Action::PanUp => self.pan(0, -2),
            Action::PanDown => self.pan(0, 2),
            Action::FitDistrict => self.map_view = None,
            Action::FitSelected => {
                let m = self.regions.map_fit;
                if let Some(p) = self.selected_platform()
                    && m.width > 0
                    && m.height > 0
                {
                    self.map_view = Some(Viewport::fit_platform(&self.data, p, m.width, m.height));
                }
            }
            Action::CycleMapStyle => {
                self.map_style = self.map_style.next();
                // Without colour the fill style draws as ASCII: no point stopping there.
                if self.map_style.effective(self.color) != self.map_style {
                    self.map_style = self.map_style.next();
                }
            }
            Action::Choose => {
                if let Some(row) = self.industries.selected_row() {
                    self.industry_filter = Some(row);
                    self.screen = Screen::Platforms;
                    self.focus = Focus::List;
                    self.refresh_visible();
                }
            }
            Action::KeepSearch if self.industries.query.active => {
                self.industries.query.active = false;
            }
            Action::KeepSearch => {
                self.search.active = false;
                self.focus = Focus::List;
            }
            Action::ClearSearch => self.back(),
            Action::CursorLeft => self.edit(Edit::Left),
            Action::CursorRight => self.edit(Edit::Right),
            Action::CursorStart => self.edit(Edit::Start),
            Action::CursorEnd => self.edit(Edit::End),
            Action::DeleteBack => self.edit(Edit::DeleteBack),
            Action::DeleteForward => self.edit(Edit::DeleteForward),
            Action::ClearLine => self.edit(Edit::Clear),
            Action::DeleteWord => self.edit(Edit::DeleteWord),
        }
    }

    /// Esc: close, clear or go back, one thing at a time; at the top level, nothing (quitting is
    /// `q`, never a surprise).
    fn back(&mut self) {
        if self.industries.query.active || !self.industries.query.query().is_empty() {
            self.industries.query = SearchLine::default();
            self.industries.refresh(&self.index);
        } else if self.search.active || !self.search.query().is_empty() {
            self.search = SearchLine::default();
            self.refresh_search();
        } else if self.industry_filter.is_some() {
            self.industry_filter = None;
            self.refresh_visible();
        } else if self.screen != Screen::Platforms {
            self.screen = Screen::Platforms;
        } else if self.focus != Focus::List {
            self.focus = Focus::List;
        }
    }

    pub(super) fn page(&self) -> usize {
        let rows = if self.help {
            self.regions.help_rows
        } else {
            inner(self.regions.list).height
        };
        (rows as usize).max(1)
    }

    /// Move the cursor of whatever has focus by `delta` rows (saturating).
    fn step(&mut self, delta: i64) {
        let moved = |cur: usize, len: usize| -> usize {
            if len == 0 {
                return 0;
            }
            (cur as i64).saturating_add(delta).clamp(0, len as i64 - 1) as usize
        };
        match (self.screen, self.focus) {
            _ if self.help => {
                let max = self.regions.help_max_scroll as i64;
                self.help_scroll = (self.help_scroll as i64)
                    .saturating_add(delta)
                    .clamp(0, max) as u16
            }
            _ if self.search.active => {
                let row = moved(self.selected, self.visible.len());
                self.select(row);
            }
            (Screen::Plan, _) => {
                let max = self.regions.plan_max_scroll as i64;
                self.plan_scroll = (self.plan_scroll as i64)
                    .saturating_add(delta)
                    .clamp(0, max) as u16
            }
            (Screen::Industries, _) => {
                let at = moved(self.industries.selected(), self.industries.len());
                self.industries.select(at)
            }
            (Screen::Platforms, Focus::Detail) => {
                let max = self.regions.detail_max_scroll as i64;
                self.detail_scroll = (self.detail_scroll as i64)
                    .saturating_add(delta)
                    .clamp(0, max) as u16
            }
            _ => {
                let row = moved(self.selected, self.visible.len());
                self.select(row);
            }
        }
    }

    pub(crate) fn select(&mut self, row: usize) {
        if row != self.selected {
            self.detail_scroll = 0;
        }
        self.selected = row;
    }

    fn set_focus(&mut self, f: Focus) {
        self.focus = f;
        if !self.is_wide() {
            match f {
                Focus::Detail => self.side = SidePane::Detail,
                Focus::Map => self.side = SidePane::Map,
                Focus::List => {}
            }
        }
    }

    fn cycle_focus(&mut self, dir: i32) {
        if self.screen != Screen::Platforms {
            return;
        }
        let order = [Focus::List, Focus::Detail, Focus::Map];
        let i = order.iter().position(|&f| f == self.focus).unwrap_or(0) as i32;
        self.set_focus(order[(i + dir).rem_euclid(3) as usize]);
    }

    /// The viewport to draw in a map area of this size.
    pub fn view_for(&self, area: Rect) -> Viewport {
        self.map_view
            .unwrap_or_else(|| Viewport::fit_district(&self.data, area.width, area.height))
    }

    fn zoom(&mut self, factor: f64) {
        self.map_view = Some(self.view_for(self.regions.map_fit).zoom(factor));
    }

    fn pan(&mut self, dx: i32, dy: i32) {
        self.map_view = Some(self.view_for(self.regions.map_fit).pan(dx, dy));
    }

    fn edit(&mut self, e: Edit) {
        if self.industries.query.active {
            if self.industries.query.edit(e) {
                self.industries.refresh(&self.index);
            }
        } else if self.search.edit(e) {
            self.refresh_search();
        }
    }
}

/// Inside a bordered block.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}
