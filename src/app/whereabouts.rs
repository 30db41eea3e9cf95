//! Where the selected platform lies, in words, for the detail pane: worked out once for each
//! platform selected rather than on every frame, which among 100,000 platforms would read every
//! outline's box each time (about 10 ms; `examples/where_scale.rs`).

use std::sync::{Arc, Mutex};

use crate::dataset::{Dataset, Text};
use crate::lang::Lang;

/// The last platform's sentence, with the dataset and platform it is for.
#[derive(Debug, Default)]
pub(crate) struct WhereMemo(Mutex<Option<(usize, usize, Text)>>);

impl WhereMemo {
    /// Where platform `p` of `data` lies and what it adjoins (the short form of `gongshu
    /// where`), in each language.
    pub(crate) fn said(&self, data: &Arc<Dataset>, p: usize) -> Text {
        let key = Arc::as_ptr(data) as usize;
        let mut memo = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, q, t)) = memo.as_ref()
            && (*k, *q) == (key, p)
        {
            return t.clone();
        }
        let t = Text {
            zh: crate::place::short(data, p, Lang::Zh).into(),
            en: crate::place::short(data, p, Lang::En).into(),
        };
        *memo = Some((key, p, t.clone()));
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
        for p in [3, 3, 0, 3, 9, 9] {
            let t = memo.said(&d, p);
            assert_eq!(t.zh, crate::place::short(&d, p, Lang::Zh));
            assert_eq!(t.en, crate::place::short(&d, p, Lang::En));
        }
    }
}
