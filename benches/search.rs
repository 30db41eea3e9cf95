//! Search at 100,000 synthetic platforms: one keystroke (refining the previous hits), a fresh
//! query, the match details of one screenful of hits, and building the index.
//!
//! cargo bench --bench search -- --measurement-time 3 --warm-up-time 1

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use gongshu::search::Index;

const PLATFORMS: usize = 100_000;
/// Hits whose matches the TUI works out per frame: a tall list and the detail pane.
const SCREEN: usize = 60;

/// (form, the query before the keystroke, the query after it)
const QUERIES: [(&str, &str, &str); 4] = [
    ("chinese", "电", "电商"),
    ("pinyin", "dians", "diansh"),
    ("initials", "dz", "dzs"),
    ("english", "ecom", "ecomm"),
];

fn search(c: &mut Criterion) {
    let d = gongshu::dataset::synthetic::generate(PLATFORMS);
    let index = Index::new(&d);

    let mut g = c.benchmark_group("keystroke");
    for (form, before, after) in QUERIES {
        let previous = index.search(before);
        g.bench_function(form, |b| {
            b.iter(|| index.refine(black_box(after), before, black_box(&previous)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("fresh");
    for (form, _, query) in QUERIES {
        g.bench_function(form, |b| b.iter(|| index.search(black_box(query))));
    }
    g.finish();

    // What drawing asks for after a keystroke: where each shown hit matched.
    let mut g = c.benchmark_group("screen");
    for (form, _, query) in QUERIES {
        let hits = index.search(query);
        let shown = &hits[..SCREEN.min(hits.len())];
        g.bench_function(form, |b| {
            b.iter(|| {
                shown
                    .iter()
                    .map(|h| index.matches(h.platform, black_box(query)).len())
                    .sum::<usize>()
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.bench_function("index", |b| b.iter(|| Index::new(black_box(&d))));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    targets = search
}
criterion_main!(benches);
