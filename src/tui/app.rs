//! The TUI's state and what each action does to it. Nothing here draws or touches a terminal, so
//! every behaviour is testable by feeding actions and reading the state.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::keys::{self, Action, Context};
use crate::dataset::Dataset;
use crate::lang::Lang;
use crate::map::{self, MapStyle, Viewport};
use crate::search::{Hit, Index, Match};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Platforms,
    Industries,
    Plan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
    Map,
}

/// One industry and the platforms that host it (indices into `Dataset::platforms`).
#[derive(Debug, Clone)]
pub struct IndustryRow {
    pub zh: String,
    pub en: String,
    pub platforms: Vec<usize>,
}

/// The search line being typed.
#[derive(Debug, Clone, Default)]
pub struct SearchLine {
    pub active: bool,
    pub query: String,
    /// Cursor position in chars.
    pub cursor: usize,
}

/// Where the last frame put each region, for mouse hit-testing and map-sized actions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Regions {
    pub list: Rect,
    pub list_offset: usize,
    pub detail: Rect,
    pub map: Rect,
    pub industries: Rect,
    pub industries_offset: usize,
    /// How far the detail and plan text can scroll, so scrolling stops at the end.
    pub detail_max_scroll: u16,
    pub plan_max_scroll: u16,
}

pub struct App {
    pub data: Dataset,
    pub index: Index,
    /// How the footer names the dataset.
    pub dataset_name: String,
    pub screen: Screen,
    pub focus: Focus,
    /// Which of detail and map shows when only one fits beside the list.
    pub side: Focus,
    pub lang: Lang,
    pub help: bool,
    pub search: SearchLine,
    /// The platforms the search found, best first; score only: where each matched is worked out
    /// by [`App::matches_for`] for the rows drawn.
    pub hits: Vec<Hit>,
    /// The query that produced `hits`, so a longer query can refine them and the draw code can
    /// highlight what it matched.
    hits_query: String,
    pub industry_filter: Option<usize>,
    /// Platforms shown in the list, in order (indices into `Dataset::platforms`).
    pub visible: Vec<usize>,
    /// Index into `visible`.
    pub selected: usize,
    pub detail_scroll: u16,
    pub plan_scroll: u16,
    pub industries: Vec<IndustryRow>,
    pub industry_selected: usize,
    /// `None` fits the district to whatever size the map pane has.
    pub map_view: Option<Viewport>,
    pub map_style: MapStyle,
    pub quit: bool,
    pub regions: Regions,
    /// The terminal size, as last told.
    pub size: (u16, u16),
}

/// Below this the TUI shows only a "too small" message.
pub const MIN_SIZE: (u16, u16) = (60, 16);
/// From this width the list, detail and map all show at once.
pub const WIDE: u16 = 110;

impl App {
    pub fn new(data: Dataset, dataset_name: String) -> App {
        let index = Index::new(&data);
        let industries = industry_rows(&data);
        let visible = (0..data.platforms.len()).collect();
        App {
            data,
            index,
            dataset_name,
            screen: Screen::Platforms,
            focus: Focus::List,
            side: Focus::Detail,
            lang: Lang::Both,
            help: false,
            search: SearchLine::default(),
            hits: Vec::new(),
            hits_query: String::new(),
            industry_filter: None,
            visible,
            selected: 0,
            detail_scroll: 0,
            plan_scroll: 0,
            industries,
            industry_selected: 0,
            map_view: None,
            map_style: MapStyle::Ascii,
            quit: false,
            regions: Regions::default(),
            size: (80, 24),
        }
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

    /// Contexts whose bindings apply now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.search.active {
            return vec![Context::Search];
        }
        match (self.screen, self.focus) {
            (Screen::Platforms, Focus::Map) => vec![Context::Map, Context::List, Context::Global],
            (Screen::Industries, _) => vec![Context::Industries, Context::List, Context::Global],
            _ => vec![Context::List, Context::Global],
        }
    }

    pub fn handle_key(&mut self, ev: KeyEvent) {
        if ev.kind == KeyEventKind::Release {
            return;
        }
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && ev.code == KeyCode::Char('c') {
            self.quit = true;
            return;
        }
        if self.help {
            // Any key closes help; it is an overlay, not a place to do things.
            self.help = false;
            return;
        }
        if self.search.active {
            match keys::action_for(&ev, &[Context::Search]) {
                Some(action) => self.apply(action),
                None => self.edit_search(ev),
            }
            return;
        }
        if let Some(action) = keys::action_for(&ev, &self.contexts()) {
            self.apply(action);
        }
    }

    pub fn handle_mouse(&mut self, ev: MouseEvent) {
        let at = Position::new(ev.column, ev.row);
        let r = self.regions;
        match ev.kind {
            MouseEventKind::Down(_) => {
                if self.screen == Screen::Platforms && inner(r.list).contains(at) {
                    let row = (at.y - inner(r.list).y) as usize + r.list_offset;
                    if row < self.visible.len() {
                        self.select(row);
                        self.focus = Focus::List;
                    }
                } else if self.screen == Screen::Platforms && inner(r.map).contains(at) {
                    let m = inner(r.map);
                    let view = self.view_for(m);
                    if let Some(p) = map::platform_at(
                        &self.data,
                        &view,
                        m.width,
                        m.height,
                        at.x - m.x,
                        at.y - m.y,
                    ) && let Some(row) = self.visible.iter().position(|&v| v == p)
                    {
                        self.select(row);
                    }
                } else if self.screen == Screen::Industries && inner(r.industries).contains(at) {
                    let row = (at.y - inner(r.industries).y) as usize + r.industries_offset;
                    if row < self.industries.len() {
                        self.industry_selected = row;
                    }
                }
            }
            MouseEventKind::ScrollDown => self.scroll_at(at, Action::Next),
            MouseEventKind::ScrollUp => self.scroll_at(at, Action::Prev),
            _ => {}
        }
    }

    fn scroll_at(&mut self, at: Position, action: Action) {
        let saved = self.focus;
        if self.regions.detail.contains(at) {
            self.focus = Focus::Detail;
            self.apply(action);
            self.focus = saved;
        } else if self.regions.map.contains(at) {
            self.apply(if action == Action::Next {
                Action::ZoomOut
            } else {
                Action::ZoomIn
            });
        } else {
            self.focus = Focus::List;
            self.apply(action);
            self.focus = saved;
        }
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Back => self.back(),
            Action::Next => self.step(1),
            Action::Prev => self.step(-1),
            Action::PageDown => self.step(self.page() as i64),
            Action::PageUp => self.step(-(self.page() as i64)),
            Action::First => self.step(i64::MIN / 2),
            Action::Last => self.step(i64::MAX / 2),
            Action::Jump(n) => {
                if let Some(row) = self
                    .visible
                    .iter()
                    .position(|&p| self.data.platforms[p].number == n)
                {
                    self.select(row);
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
                self.side = if self.side == Focus::Map {
                    Focus::Detail
                } else {
                    Focus::Map
                };
                if self.focus != Focus::List && !self.is_wide() {
                    self.focus = self.side;
                }
            }
            Action::CycleLang => self.lang = self.lang.next(),
            Action::Help => self.help = true,
            Action::StartSearch => {
                self.screen = Screen::Platforms;
                self.search.active = true;
                self.search.cursor = self.search.query.chars().count();
            }
            Action::ZoomIn => self.zoom(1.5),
            Action::ZoomOut => self.zoom(1.0 / 1.5),
            Action::PanLeft => self.pan(-4, 0),
            Action::PanRight => self.pan(4, 0),
            Action::PanUp => self.pan(0, -2),
            Action::PanDown => self.pan(0, 2),
            Action::FitDistrict => self.map_view = None,
            Action::FitSelected => {
                let m = inner(self.regions.map);
                if let Some(p) = self.selected_platform()
                    && m.width > 0
                    && m.height > 0
                {
                    self.map_view = Some(Viewport::fit_platform(&self.data, p, m.width, m.height));
                }
            }
            Action::CycleMapStyle => {
                self.map_style = match self.map_style {
                    MapStyle::Ascii => MapStyle::Unicode,
                    MapStyle::Unicode | MapStyle::Fill => MapStyle::Ascii,
                }
            }
            // Presenting-only actions; the atlas has no bindings for them.
            Action::Blank | Action::AskQuit | Action::QuitTwice | Action::Ignore => {}
            Action::Choose => match self.screen {
                Screen::Industries => {
                    self.industry_filter = Some(self.industry_selected);
                    self.screen = Screen::Platforms;
                    self.focus = Focus::List;
                    self.refresh_visible();
                }
                _ => {
                    self.search.active = false;
                    self.focus = Focus::List;
                }
            },
        }
    }

    fn back(&mut self) {
        if self.search.active || !self.search.query.is_empty() {
            self.search = SearchLine::default();
            self.refresh_search();
        } else if self.industry_filter.is_some() {
            self.industry_filter = None;
            self.refresh_visible();
        } else if self.screen != Screen::Platforms {
            self.screen = Screen::Platforms;
        } else if self.focus != Focus::List {
            self.focus = Focus::List;
        } else {
            self.quit = true;
        }
    }

    fn page(&self) -> usize {
        (inner(self.regions.list).height as usize).max(1)
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
            (Screen::Plan, _) => {
                let max = self.regions.plan_max_scroll as i64;
                self.plan_scroll = (self.plan_scroll as i64)
                    .saturating_add(delta)
                    .clamp(0, max) as u16
            }
            (Screen::Industries, _) => {
                self.industry_selected = moved(self.industry_selected, self.industries.len())
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

    fn select(&mut self, row: usize) {
        if row != self.selected {
            self.detail_scroll = 0;
        }
        self.selected = row;
    }

    fn set_focus(&mut self, f: Focus) {
        self.focus = f;
        if f != Focus::List && !self.is_wide() {
            self.side = f;
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
        let m = inner(self.regions.map);
        self.map_view = Some(self.view_for(m).zoom(factor));
    }

    fn pan(&mut self, dx: i32, dy: i32) {
        let m = inner(self.regions.map);
        self.map_view = Some(self.view_for(m).pan(dx, dy));
    }

    fn edit_search(&mut self, ev: KeyEvent) {
        let s = &mut self.search;
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let byte = |s: &SearchLine, c: usize| {
            s.query
                .char_indices()
                .nth(c)
                .map_or(s.query.len(), |(i, _)| i)
        };
        match ev.code {
            KeyCode::Char('u') if ctrl => {
                s.query.clear();
                s.cursor = 0;
            }
            KeyCode::Char('w') if ctrl => {
                let chars: Vec<char> = s.query.chars().collect();
                let mut start = s.cursor;
                while start > 0 && chars[start - 1] == ' ' {
                    start -= 1;
                }
                while start > 0 && chars[start - 1] != ' ' {
                    start -= 1;
                }
                let (a, b) = (byte(s, start), byte(s, s.cursor));
                s.query.replace_range(a..b, "");
                s.cursor = start;
            }
            KeyCode::Char(c) if !ctrl => {
                // Dataset-bound text never holds controls; neither does the query.
                if c.is_control() || crate::text::is_invisible_control(c) || s.query.len() > 200 {
                    return;
                }
                let at = byte(s, s.cursor);
                s.query.insert(at, c);
                s.cursor += 1;
            }
            KeyCode::Backspace if s.cursor > 0 => {
                let at = byte(s, s.cursor - 1);
                s.query.remove(at);
                s.cursor -= 1;
            }
            KeyCode::Delete if s.cursor < s.query.chars().count() => {
                let at = byte(s, s.cursor);
                s.query.remove(at);
            }
            KeyCode::Left => s.cursor = s.cursor.saturating_sub(1),
            KeyCode::Right => s.cursor = (s.cursor + 1).min(s.query.chars().count()),
            KeyCode::Home => s.cursor = 0,
            KeyCode::End => s.cursor = s.query.chars().count(),
            _ => return,
        }
        self.refresh_search();
    }

    /// Re-run the search after the query changed, refining the last results when it only grew.
    fn refresh_search(&mut self) {
        let q = self.search.query.trim().to_string();
        self.hits = if q.is_empty() {
            Vec::new()
        } else if !self.hits_query.is_empty() && q.starts_with(&self.hits_query) {
            self.index.refine(&q, &self.hits)
        } else {
            self.index.search(&q)
        };
        self.hits_query = q;
        self.refresh_visible();
    }

    /// Recompute the list from the search and the industry filter, keeping the selection if it
    /// is still shown.
    fn refresh_visible(&mut self) {
        let keep = self.selected_platform();
        // A mask, so filtering 100,000 hits is linear.
        let mut mask = vec![self.industry_filter.is_none(); self.data.platforms.len()];
        if let Some(i) = self.industry_filter {
            for &p in &self.industries[i].platforms {
                mask[p] = true;
            }
        }
        let allowed = |p: &usize| mask[*p];
        self.visible = if self.hits_query.is_empty() {
            (0..self.data.platforms.len())
                .filter(|p| allowed(p))
                .collect()
        } else {
            self.hits
                .iter()
                .map(|h| h.platform)
                .filter(|p| allowed(p))
                .collect()
        };
        // While typing, the best hit is selected; otherwise the selection stays put.
        self.selected = match (self.search.active, keep) {
            (false, Some(p)) => self.visible.iter().position(|&v| v == p).unwrap_or(0),
            _ => 0,
        };
        self.detail_scroll = 0;
    }

    /// What the map should mark as hits: every listed platform while a search or filter is on.
    pub fn highlighted(&self) -> Vec<usize> {
        if self.hits_query.is_empty() && self.industry_filter.is_none() {
            Vec::new()
        } else {
            self.visible.clone()
        }
    }

    /// A one-line description of the filter in force, for the footer.
    pub fn filter_label(&self) -> Option<String> {
        self.industry_filter.map(|i| {
            let row = &self.industries[i];
            self.lang.pick(&crate::dataset::Text {
                zh: row.zh.clone(),
                en: row.en.clone(),
            })
        })
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

/// Every distinct industry (by its Chinese name), in first-seen order, with its platforms.
pub fn industry_rows(d: &Dataset) -> Vec<IndustryRow> {
    let mut rows: Vec<IndustryRow> = Vec::new();
    for (p, platform) in d.platforms.iter().enumerate() {
        for ind in &platform.industries {
            match rows.iter_mut().find(|r| r.zh == ind.zh) {
                Some(r) => {
                    if !r.platforms.contains(&p) {
                        r.platforms.push(p)
                    }
                }
                None => rows.push(IndustryRow {
                    zh: ind.zh.clone(),
                    en: ind.en.clone(),
                    platforms: vec![p],
                }),
            }
        }
    }
    // Industries several platforms share come first: they are what people browse this view for.
    rows.sort_by_key(|r| std::cmp::Reverse(r.platforms.len()));
    rows
}
