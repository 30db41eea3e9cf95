//! What the list shows: the search's hits narrowed by the industry filter, in rank order, and
//! what the map lights. A keystroke over a large dataset may list its first screen at once and
//! the rest when no key is waiting ([`App::catch_up`]).

use super::atlas::{App, Listed};
use crate::search::Found;

/// A keystroke lists at least this many of its hits at once (more when the list is taller).
const FIRST_SCREEN: usize = 256;

impl App {
    /// Let a search keystroke over a large dataset list its first screen only, the rest of the
    /// hits following in [`App::catch_up`] (the local terminal, which draws the rest as soon as
    /// no key is waiting). Off, every change lists everything at once.
    pub fn with_deferred_list(mut self, yes: bool) -> App {
        self.defer = yes;
        self
    }

    /// Whether the list shows only its first screen, the rest owed to [`App::catch_up`].
    pub fn list_behind(&self) -> bool {
        self.rest.is_some()
    }

    /// Put the rest of the list in order after a keystroke listed its first screen. Every
    /// action but an edit of the search line does this first, so nothing ever acts on a part.
    pub fn catch_up(&mut self) {
        if let Some(found) = self.rest.take() {
            self.visible = Listed::These(
                self.index
                    .ranked(found)
                    .into_iter()
                    .map(|h| h.platform)
                    .collect(),
            );
        }
    }

    /// How many platforms the list has (its title and the footer's count).
    pub fn listed(&self) -> usize {
        self.listed
    }

    /// Re-run the search after the query changed, refining the last results when it only grew.
    pub(super) fn refresh_search(&mut self) {
        let q = self.search.query().trim().to_string();
        self.hits = if q.is_empty() {
            Found::default()
        } else if !self.hits_query.is_empty() && q.starts_with(&self.hits_query) {
            self.index.find_refined(&q, &self.hits_query, &self.hits)
        } else {
            // A backspace: what the first word found may still serve.
            self.index.find_again(&q, &self.hits)
        };
        self.hits_query = q;
        self.refresh_visible();
    }

    /// Recompute the list from the search and the industry filter, keeping the selection if it
    /// is still shown.
    pub(super) fn refresh_visible(&mut self) {
        // The list is made anew: a part still owed is dropped, not put in order for nothing
        // (keys typed in one burst). The selection is in the part shown.
        self.rest = None;
        let keep = self.selected_platform();
        // A mask, so filtering 100,000 hits is linear.
        let mut mask = vec![self.industry_filter.is_none(); self.data.platforms.len()];
        if let Some(i) = self.industry_filter {
            for &p in &self.industries.all()[i].platforms {
                mask[p] = true;
            }
        }
        let allowed = |p: &usize| mask[*p];
        self.visible = if self.hits_query.is_empty() && self.industry_filter.is_none() {
            Listed::Every(self.every.clone())
        } else if self.hits_query.is_empty() {
            Listed::These(
                (0..self.data.platforms.len())
                    .filter(|p| allowed(p))
                    .collect(),
            )
        } else {
            let mut found = self.hits.clone();
            if self.industry_filter.is_some() {
                found.retain(|p| mask[p]);
            }
            self.listed = found.len();
            // While typing over a large dataset (whose map may show an earlier spotlight for a
            // frame), the first screen now and the rest when no key is waiting; the selection
            // is the best hit, which the first screen has.
            let first = FIRST_SCREEN.max(self.page() * 2);
            let large = self.data.platforms.len() > crate::map::LARGE;
            let hits = if self.defer && large && self.search.active && found.len() > first {
                let best = self.index.best(&found, first);
                self.rest = Some(found);
                best
            } else {
                self.index.ranked(found)
            };
            Listed::These(hits.into_iter().map(|h| h.platform).collect())
        };
        if self.hits_query.is_empty() {
            self.listed = self.visible.len();
        }
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
            self.visible.to_vec()
        }
    }

    /// What lights the platforms [`App::highlighted`] gives: the industry filter, else the query.
    pub fn spotlight_label(&self) -> Option<String> {
        self.filter_label()
            .or_else(|| (!self.hits_query.is_empty()).then(|| self.hits_query.clone()))
    }

    /// A one-line description of the filter in force, for the footer.
    pub fn filter_label(&self) -> Option<String> {
        self.industry_filter
            .map(|i| self.lang.pick(&self.industries.all()[i].name))
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::dataset::synthetic;
    use crate::search::Index;

    fn key(app: &mut App, c: char) {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }

    /// Typed over a large dataset, each keystroke lists the first rows of the whole search at
    /// once, with the whole count; the rest follows in order, and a move never acts on a part.
    #[test]
    fn a_keystroke_lists_the_first_screen_then_the_rest() {
        let d = synthetic::generate(3_000);
        let index = Index::new(&d);
        let mut app =
            App::new(d, "synthetic".into(), crate::lang::Lang::Zh).with_deferred_list(true);
        key(&mut app, '/');
        let mut typed = String::new();
        let mut deferred = 0;
        for c in "dianshang".chars() {
            key(&mut app, c);
            typed.push(c);
            let full: Vec<usize> = index.search(&typed).iter().map(|h| h.platform).collect();
            assert_eq!(app.listed(), full.len(), "{typed}");
            assert_eq!(app.visible[..], full[..app.visible.len()], "{typed}");
            assert_eq!(app.selected_platform(), full.first().copied(), "{typed}");
            if app.list_behind() {
                deferred += 1;
                assert!(app.visible.len() < full.len(), "{typed}");
                app.catch_up();
            }
            assert!(!app.list_behind());
            assert_eq!(app.visible[..], full[..], "{typed}");
        }
        assert!(deferred > 0, "no keystroke left the rest for later");
        app.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        typed.pop();
        let full: Vec<usize> = index.search(&typed).iter().map(|h| h.platform).collect();
        app.handle_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
        assert!(!app.list_behind());
        assert_eq!(app.visible[..], full[..]);
        assert_eq!(app.selected, 1);
    }

    /// Without deferring (the server, exports, small datasets) every keystroke lists everything.
    #[test]
    fn without_deferring_the_list_is_whole_at_once() {
        let mut app = App::new(
            synthetic::generate(3_000),
            "s".into(),
            crate::lang::Lang::Zh,
        );
        key(&mut app, '/');
        key(&mut app, 'd');
        assert!(!app.list_behind());
        assert_eq!(app.visible.len(), app.listed());
        let mut small = App::new(synthetic::generate(900), "s".into(), crate::lang::Lang::Zh)
            .with_deferred_list(true);
        key(&mut small, '/');
        key(&mut small, 'd');
        assert!(small.listed() > 256 && !small.list_behind());
    }
}
