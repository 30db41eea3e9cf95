//! Any query against the shipped dataset: search never panics, positions always point into the
//! matched text, and refining a query by one more character agrees with searching afresh.
#![no_main]

use std::sync::OnceLock;

use gongshu::dataset::Dataset;
use gongshu::search::Index;
use libfuzzer_sys::fuzz_target;

fn data() -> &'static (Dataset, Index) {
    static DATA: OnceLock<(Dataset, Index)> = OnceLock::new();
    DATA.get_or_init(|| {
        let d = gongshu::dataset::embedded();
        let i = Index::new(&d);
        (d, i)
    })
}

fuzz_target!(|query: &str| {
    let (_, index) = data();
    let hits = index.search(query);
    if let Some(last) = query.char_indices().last().map(|(i, _)| i) {
        let shorter = &query[..last];
        if !shorter.trim().is_empty() {
            let refined = index.refine(query, shorter, &index.search(shorter));
            assert_eq!(refined, hits, "refine({query:?}) differs from search");
        }
    }
});
