//! Finding one platform by what a person types: its id, its number, or any of its names.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::schema::Dataset;

/// The result of looking a platform up; indices point into `Dataset::platforms`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(usize),
    /// Several platforms fit equally well.
    Ambiguous(Vec<usize>),
    /// Nothing fits; the closest platforms, best first (possibly none).
    NotFound(Vec<usize>),
}

impl Dataset {
    /// Resolve `query` as an id, a number, an exact name (either language, any case), a unique
    /// name prefix, or a unique name substring, in that order.
    pub fn lookup(&self, query: &str) -> Lookup {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            return Lookup::NotFound(Vec::new());
        }
        if let Some(i) = self.platforms.iter().position(|p| p.id == q) {
            return Lookup::Found(i);
        }
        if let Ok(n) = q.parse::<u32>() {
            return match self.platforms.iter().position(|p| p.number == n) {
                Some(i) => Lookup::Found(i),
                None => Lookup::NotFound(Vec::new()),
            };
        }
        let names = |i: usize| {
            self.platforms[i]
                .all_names()
                .flat_map(|t| [t.zh.to_lowercase(), t.en.to_lowercase()])
                .collect::<Vec<_>>()
        };
        let all: Vec<usize> = (0..self.platforms.len()).collect();
        let pick = |test: &dyn Fn(&str) -> bool| -> Vec<usize> {
            all.iter()
                .copied()
                .filter(|&i| names(i).iter().any(|n| test(n)))
                .collect()
        };
        for hits in [
            pick(&|n| n == q),
            pick(&|n| n.starts_with(&q)),
            pick(&|n| n.contains(&q)),
        ] {
            match hits.len() {
                0 => continue,
                1 => return Lookup::Found(hits[0]),
                _ => return Lookup::Ambiguous(hits),
            }
        }
        Lookup::NotFound(self.suggest(&q))
    }

    /// Up to three platforms whose id or names are closest to `q`, for "did you mean".
    fn suggest(&self, q: &str) -> Vec<usize> {
        let m = SkimMatcherV2::default();
        let mut scored: Vec<(i64, usize)> = self
            .platforms
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let keys = std::iter::once(p.id.as_str())
                    .chain(p.all_names().flat_map(|t| [t.zh.as_str(), t.en.as_str()]));
                keys.filter_map(|k| m.fuzzy_match(k, q))
                    .max()
                    .map(|s| (s, i))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().take(3).map(|(_, i)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(d: &Dataset, l: Lookup) -> u32 {
        match l {
            Lookup::Found(i) => d.platforms[i].number,
            other => panic!("expected one platform, got {other:?}"),
        }
    }

    #[test]
    fn finds_by_id_number_and_every_name() {
        let d = crate::dataset::embedded();
        assert_eq!(number(&d, d.lookup("canal-wealth")), 1);
        assert_eq!(number(&d, d.lookup("10")), 10);
        assert_eq!(number(&d, d.lookup("运河智慧网谷")), 4);
        assert_eq!(number(&d, d.lookup("申花产业园")), 8);
        assert_eq!(number(&d, d.lookup("北城智汇园")), 9);
        assert_eq!(number(&d, d.lookup("smart net valley town")), 4);
        assert_eq!(number(&d, d.lookup("Northern")), 3);
        assert_eq!(number(&d, d.lookup("电商")), 2);
    }

    #[test]
    fn ambiguous_and_missing_are_told_apart() {
        let d = crate::dataset::embedded();
        assert!(matches!(d.lookup("康桥"), Lookup::Ambiguous(v) if v.len() == 2));
        assert_eq!(d.lookup("11"), Lookup::NotFound(vec![]));
        match d.lookup("shenhau") {
            Lookup::NotFound(s) => assert!(s.contains(&7), "{s:?}"),
            other => panic!("{other:?}"),
        }
    }
}
