//! The industries screen's list: every distinct industry, filtered as you type and sorted by count,
//! pinyin or English, with a selection that stays on the same industry while the view changes.

use super::search_line::SearchLine;
use crate::dataset::{Dataset, IndustryRow, industry_rows};
use crate::search::{loose_match, pinyin_of};

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Industries several platforms share first.
    #[default]
    Count,
    Pinyin,
    English,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Count => Sort::Pinyin,
            Sort::Pinyin => Sort::English,
            Sort::English => Sort::Count,
        }
    }
}

pub struct IndustryList {
    rows: Vec<IndustryRow>,
    /// Each row's full pinyin, for sorting.
    pinyin: Vec<String>,
    pub query: SearchLine,
    sort: Sort,
    /// The rows shown, in order (indices into `rows`).
    view: Vec<usize>,
    /// Index into `view`.
    selected: usize,
}

impl IndustryList {
    pub fn new(d: &Dataset) -> IndustryList {
        let rows = industry_rows(d);
        let pinyin = rows.iter().map(|r| pinyin_of(&r.name.zh).0).collect();
        let mut list = IndustryList {
            rows,
            pinyin,
            query: SearchLine::default(),
            sort: Sort::Count,
            view: Vec::new(),
            selected: 0,
        };
        list.refresh();
        list
    }

    /// Every industry, whatever the filter.
    pub fn all(&self) -> &[IndustryRow] {
        &self.rows
    }

    /// The rows shown, in order.
    pub fn shown(&self) -> impl Iterator<Item = &IndustryRow> {
        self.view.iter().map(|&i| &self.rows[i])
    }

    pub fn len(&self) -> usize {
        self.view.len()
    }

    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// The selected row's place in the shown list.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The selected industry (index into [`IndustryList::all`]), if any is shown.
    pub fn selected_row(&self) -> Option<usize> {
        self.view.get(self.selected).copied()
    }

    pub fn select(&mut self, at: usize) {
        self.selected = at.min(self.view.len().saturating_sub(1));
    }

    pub fn cycle_sort(&mut self) {
        self.sort = self.sort.next();
        self.refresh();
    }

    /// Recompute the view after the query or the sort changed, keeping the selected industry
    /// selected when it is still shown.
    pub fn refresh(&mut self) {
        let keep = self.selected_row();
        let q = self.query.query().to_string();
        let mut view: Vec<usize> = (0..self.rows.len())
            .filter(|&i| loose_match(&self.rows[i].name.zh, &self.rows[i].name.en, &q))
            .collect();
        match self.sort {
            // `rows` is already by count, then first appearance.
            Sort::Count => {}
            Sort::Pinyin => view.sort_by(|&a, &b| self.pinyin[a].cmp(&self.pinyin[b])),
            Sort::English => view.sort_by_key(|&i| self.rows[i].name.en.to_lowercase()),
        }
        self.view = view;
        self.selected = keep
            .and_then(|k| self.view.iter().position(|&v| v == k))
            .unwrap_or(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::search_line::Edit;

    fn typed(list: &mut IndustryList, s: &str) {
        list.query.open();
        for c in s.chars() {
            list.query.edit(Edit::Insert(c));
        }
        list.refresh();
    }

    #[test]
    fn typing_filters_and_clearing_restores() {
        let mut l = IndustryList::new(&crate::dataset::embedded());
        let all = l.len();
        typed(&mut l, "jinrong");
        assert!(
            l.shown().all(|r| r.name.zh.contains("金融")),
            "pinyin finds 金融"
        );
        assert!(l.len() >= 3 && l.len() < all);
        l.query.edit(Edit::Clear);
        l.refresh();
        assert_eq!(l.len(), all);
    }

    #[test]
    fn sorting_keeps_the_selected_industry() {
        let mut l = IndustryList::new(&crate::dataset::embedded());
        l.select(5);
        let chosen = l.selected_row();
        l.cycle_sort();
        assert_eq!(l.sort(), Sort::Pinyin);
        assert_eq!(l.selected_row(), chosen);
        let pinyin: Vec<String> = l.shown().map(|r| pinyin_of(&r.name.zh).0).collect();
        assert!(pinyin.windows(2).all(|w| w[0] <= w[1]), "{pinyin:?}");
        l.cycle_sort();
        let english: Vec<String> = l.shown().map(|r| r.name.en.to_lowercase()).collect();
        assert!(english.windows(2).all(|w| w[0] <= w[1]), "{english:?}");
    }
}
