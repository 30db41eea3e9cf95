//! The industries screen's list: every distinct industry, filtered as you type and sorted by count,
//! pinyin or English, with a selection that stays on the same industry while the view changes.

use std::sync::Arc;

use super::search_line::SearchLine;
use crate::dataset::{Dataset, IndustryRow, industry_rows};
use crate::search::{Index, pinyin_of};

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
    table: Arc<IndustryTable>,
    pub query: SearchLine,
    sort: Sort,
    /// The rows shown, in order (indices into `rows`).
    view: Vec<usize>,
    /// Index into `view`.
    selected: usize,
}

/// A dataset's industries, the same for every atlas of it (the server's sessions share one).
#[derive(Debug)]
pub struct IndustryTable {
    rows: Vec<IndustryRow>,
    /// Each row's full pinyin, for sorting.
    pinyin: Vec<String>,
    /// Each row's first platform and the industry's place in it: where the search index holds
    /// the industry's keys (Chinese, English, aliases).
    keys: Vec<(usize, usize)>,
}

impl IndustryTable {
    pub fn new(d: &Dataset) -> IndustryTable {
        let rows = industry_rows(d);
        let pinyin = rows.iter().map(|r| pinyin_of(&r.name.zh).0).collect();
        let keys = rows
            .iter()
            .map(|r| {
                let p = r.platforms[0];
                let i = d.platforms[p]
                    .industries
                    .iter()
                    .position(|ind| ind.zh == r.name.zh)
                    .unwrap_or(0);
                (p, i)
            })
            .collect();
        IndustryTable { rows, pinyin, keys }
    }
}

impl IndustryList {
    pub fn new(d: &Dataset) -> IndustryList {
        IndustryList::sharing(Arc::new(IndustryTable::new(d)))
    }

    /// A list of the industries in `table`, which other lists may read too.
    pub fn sharing(table: Arc<IndustryTable>) -> IndustryList {
        let view = (0..table.rows.len()).collect();
        IndustryList {
            table,
            query: SearchLine::default(),
            sort: Sort::Count,
            view,
            selected: 0,
        }
    }

    /// Every industry, whatever the filter.
    pub fn all(&self) -> &[IndustryRow] {
        &self.table.rows
    }

    /// The rows shown, in order.
    pub fn shown(&self) -> impl Iterator<Item = &IndustryRow> {
        self.view.iter().map(|&i| &self.table.rows[i])
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

    pub fn cycle_sort(&mut self, index: &Index) {
        self.sort = self.sort.next();
        self.refresh(index);
    }

    /// Recompute the view after the query or the sort changed, keeping the selected industry
    /// selected when it is still shown. The filter is the platform search's own matching, on
    /// the industry alone.
    pub fn refresh(&mut self, index: &Index) {
        let keep = self.selected_row();
        let q = self.query.query().to_string();
        let mut view: Vec<usize> = (0..self.table.rows.len())
            .filter(|&i| {
                let (p, k) = self.table.keys[i];
                index.industry_score(p, k, &q).is_some()
            })
            .collect();
        match self.sort {
            // `rows` is already by count, then first appearance.
            Sort::Count => {}
            Sort::Pinyin => view.sort_by(|&a, &b| self.table.pinyin[a].cmp(&self.table.pinyin[b])),
            Sort::English => view.sort_by_key(|&i| self.table.rows[i].name.en.to_lowercase()),
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

    fn typed(list: &mut IndustryList, index: &Index, s: &str) {
        list.query = SearchLine::default();
        list.query.open();
        for c in s.chars() {
            list.query.edit(Edit::Insert(c));
        }
        list.refresh(index);
    }

    fn shown_zh(l: &IndustryList) -> Vec<String> {
        l.shown().map(|r| r.name.zh.to_string()).collect()
    }

    #[test]
    fn the_filter_finds_what_the_platform_search_finds() {
        let d = crate::dataset::embedded();
        let index = Index::new(&d);
        let mut l = IndustryList::new(&d);
        // Full pinyin through the alias 电商, initials, English aliases, a typo.
        for q in ["dianshang", "ecommerce", "ds", "e-commerce", "dianshagn"] {
            typed(&mut l, &index, q);
            assert!(
                shown_zh(&l).contains(&"电子商务".to_string()),
                "{q}: {:?}",
                shown_zh(&l)
            );
        }
        for q in ["fintech", "jr", "jinrong"] {
            typed(&mut l, &index, q);
            assert!(
                shown_zh(&l).contains(&"互联网金融".to_string()),
                "{q}: {:?}",
                shown_zh(&l)
            );
        }
        // Every industry the filter shows is one some platform search hit has in that industry.
        for q in ["dianshang", "fintech", "jr", "健康"] {
            typed(&mut l, &index, q);
            for row in l.shown() {
                let p = row.platforms[0];
                assert!(
                    index.matches(p, q).iter().any(|m| matches!(
                        m.field,
                        crate::search::Field::Industry(_) | crate::search::Field::IndustryEn(_)
                    )),
                    "{q}: {}",
                    row.name.zh
                );
            }
        }
        // A number names a platform, not an industry.
        typed(&mut l, &index, "6");
        assert!(l.is_empty(), "{:?}", shown_zh(&l));
    }

    #[test]
    fn typing_filters_and_clearing_restores() {
        let d = crate::dataset::embedded();
        let index = Index::new(&d);
        let mut l = IndustryList::new(&d);
        let all = l.len();
        typed(&mut l, &index, "jinrong");
        assert!(
            l.shown().all(|r| r.name.zh.contains("金融")),
            "pinyin finds 金融"
        );
        assert!(l.len() >= 3 && l.len() < all);
        l.query.edit(Edit::Clear);
        l.refresh(&index);
        assert_eq!(l.len(), all);
    }

    #[test]
    fn sorting_keeps_the_selected_industry() {
        let d = crate::dataset::embedded();
        let index = Index::new(&d);
        let mut l = IndustryList::new(&d);
        l.select(5);
        let chosen = l.selected_row();
        l.cycle_sort(&index);
        assert_eq!(l.sort(), Sort::Pinyin);
        assert_eq!(l.selected_row(), chosen);
        let pinyin: Vec<String> = l.shown().map(|r| pinyin_of(&r.name.zh).0).collect();
        assert!(pinyin.windows(2).all(|w| w[0] <= w[1]), "{pinyin:?}");
        l.cycle_sort(&index);
        let english: Vec<String> = l.shown().map(|r| r.name.en.to_lowercase()).collect();
        assert!(english.windows(2).all(|w| w[0] <= w[1]), "{english:?}");
    }
}
