//! The industries view of a dataset: every distinct industry and the platforms that host it.

use rustc_hash::FxHashMap;

use super::{Dataset, Text};

/// One industry (by its Chinese name) and the platforms that host it (indices into
/// `Dataset::platforms`, in dataset order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndustryRow {
    pub name: Text,
    pub platforms: Vec<usize>,
}

/// Every distinct industry, the ones several platforms share first (they are what people browse
/// this view for), then in the order the dataset first names them.
pub fn industry_rows(d: &Dataset) -> Vec<IndustryRow> {
    let mut rows: Vec<IndustryRow> = Vec::new();
    let mut by_name: FxHashMap<&str, usize> = FxHashMap::default();
    // 100,000 platforms name the same few hundred industries, each text held once: where it is
    // held finds its row without hashing the text (30 ms of opening the atlas at that size).
    let mut by_addr: FxHashMap<usize, usize> = FxHashMap::default();
    for (p, platform) in d.platforms.iter().enumerate() {
        for ind in &platform.industries {
            if let Some(&i) = by_addr.get(&ind.zh.addr()) {
                if rows[i].platforms.last() != Some(&p) {
                    rows[i].platforms.push(p);
                }
                continue;
            }
            let i = *by_name.entry(&ind.zh).or_insert_with(|| {
                rows.push(IndustryRow {
                    name: Text {
                        zh: ind.zh.clone(),
                        en: ind.en.clone(),
                    },
                    platforms: Vec::new(),
                });
                rows.len() - 1
            });
            by_addr.insert(ind.zh.addr(), i);
            // A platform naming an industry twice is listed once.
            if rows[i].platforms.last() != Some(&p) {
                rows[i].platforms.push(p);
            }
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.platforms.len()));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_industries_come_first_with_their_platforms() {
        let d = crate::dataset::embedded();
        let rows = industry_rows(&d);
        let distinct: std::collections::HashSet<&str> = d
            .platforms
            .iter()
            .flat_map(|p| p.industries.iter().map(|i| i.zh.as_str()))
            .collect();
        assert_eq!(rows.len(), distinct.len());
        assert!(
            rows.windows(2)
                .all(|w| w[0].platforms.len() >= w[1].platforms.len())
        );
        let fin = rows.iter().find(|r| r.name.zh == "互联网金融").unwrap();
        let numbers: Vec<u32> = fin
            .platforms
            .iter()
            .map(|&p| d.platforms[p].number)
            .collect();
        assert_eq!(numbers, [1, 3, 7]);
    }
}
