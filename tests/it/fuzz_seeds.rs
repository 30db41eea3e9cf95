//! The fuzzers' committed corpora, replayed as ordinary tests so every CI run checks them without
//! a fuzzer: each dataset input loads or is refused cleanly, each query searches cleanly.

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            (p.display().to_string(), std::fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    assert!(v.len() >= 10, "the {target} corpus is missing");
    v
}

#[test]
fn dataset_corpus_loads_or_is_refused_cleanly() {
    for (name, bytes) in inputs("dataset") {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        if let Err(e) = gongshu::dataset::parse(&name, text) {
            let shown = e.to_string();
            assert!(
                !shown
                    .chars()
                    .any(|c| c != '\n' && gongshu::dataset::is_forbidden_control(c)),
                "{name}: {shown:?}"
            );
        }
    }
}

#[test]
fn query_corpus_searches_cleanly_and_refines_consistently() {
    let d = gongshu::dataset::embedded();
    let index = gongshu::search::Index::new(&d);
    for (name, bytes) in inputs("search_query") {
        let Ok(query) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let hits = index.search(query);
        if let Some(last) = query.char_indices().last().map(|(i, _)| i) {
            let shorter = &query[..last];
            if !shorter.trim().is_empty() {
                assert_eq!(
                    index.refine(query, shorter, &index.search(shorter)),
                    hits,
                    "{name}: {query:?}"
                );
            }
        }
    }
}

#[test]
fn input_corpus_decodes_without_losing_a_key() {
    for (name, bytes) in inputs("input") {
        let r = std::panic::catch_unwind(|| gongshu::decode::check_input(&bytes));
        assert!(r.is_ok(), "{name}");
    }
}
