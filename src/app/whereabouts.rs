//! Where the selected platform lies, in words, for the detail pane: worked out once for each
//! platform selected rather than on every frame, and from the dataset's measures (every
//! outline's box) kept between selections and shared by every atlas of the dataset. Among 100,000 platforms, measuring the outlines took
//! about 5 ms and was done twice for each selection, once for each language: 11 ms of a
//! selection move's frame (`examples/where_scale.rs`).

use std::sync::{Arc, Mutex, OnceLock};

use crate::dataset::{Dataset, Text};
use crate::place::Measures;

/// The measures of one dataset (shared by every atlas of it), and the last platform's sentence.
#[derive(Debug, Default)]
pub(crate) struct WhereMemo {
    measures: Arc<OnceLock<Measures>>,
    said: Mutex<Option<(usize, Text)>>,
}

impl WhereMemo {
    /// A memo whose measures of the dataset are `measures`, worked out by whichever atlas
    /// needs them first.
    pub(crate) fn sharing(measures: Arc<OnceLock<Measures>>) -> WhereMemo {
        WhereMemo {
            measures,
            said: Mutex::default(),
        }
    }

    /// Where platform `p` of `data` lies and what it adjoins (the short form of `gongshu
    /// where`), in each language. `data` is always the same dataset.
    pub(crate) fn said(&self, data: &Arc<Dataset>, p: usize) -> Text {
        let mut said = self.said.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((q, t)) = said.as_ref()
            && *q == p
        {
            return t.clone();
        }
        let measures = self.measures.get_or_init(|| Measures::of(data));
        let (zh, en) = crate::place::short_in_both(data, measures, p);
        let t = Text {
            zh: zh.into(),
            en: en.into(),
        };
        *said = Some((p, t.clone()));
        t
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::WhereMemo;
    use crate::lang::Lang;

    #[test]
    fn the_sentence_is_the_platforms_own_however_often_it_is_asked() {
        let d = Arc::new(crate::dataset::embedded());
        let memo = WhereMemo::default();
        for p in [3, 3, 0, 3, 9, 9, 42] {
            let t = memo.said(&d, p);
            assert_eq!(t.zh, crate::place::short(&d, p, Lang::Zh));
            assert_eq!(t.en, crate::place::short(&d, p, Lang::En));
        }
    }
}
