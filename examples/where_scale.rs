//! What the map in words costs at scale: `where N`, `near N`, the detail pane's short form (worked
//! out for each platform selected) and `where` for the district, on a synthetic dataset of N
//! platforms.
//!
//! cargo run --release --example where_scale -- 100000
//!
//! Prints the median wall time of each over several runs. On a shared machine wall time is noisy:
//! `perf stat -e instructions:u` around a run with `--only short` counts what does not depend on
//! the load.

use std::time::{Duration, Instant};

use gongshu::dataset::synthetic;
use gongshu::lang::Lang;
use gongshu::place;

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let d = synthetic::generate(n);
    let i = n / 2;
    let ms = |t: Duration| t.as_secs_f64() * 1000.0;
    let want = |name: &str| only.as_deref().is_none_or(|o| o == name);
    println!("{n} platforms, platform index {i}");
    if want("short") {
        let t = median(
            || {
                std::hint::black_box(place::short(&d, i, Lang::Zh));
            },
            21,
        );
        println!("short form (the detail pane, a frame): {:.2} ms", ms(t));
    }
    if want("selection") {
        // What the detail pane works out for a newly selected platform, in both languages: from
        // nothing, as each selection did, and from the dataset's measures kept by the atlas.
        let mut k = i;
        let afresh = median(
            || {
                k += 1;
                std::hint::black_box(place::short(&d, k % n, Lang::Zh));
                std::hint::black_box(place::short(&d, k % n, Lang::En));
            },
            21,
        );
        let m = place::Measures::of(&d);
        let kept = median(
            || {
                k += 1;
                std::hint::black_box(place::short_in_both(&d, &m, k % n));
            },
            21,
        );
        println!(
            "a new selection's sentence, both languages: {:.2} ms from nothing, {:.2} ms with the measures kept",
            ms(afresh),
            ms(kept)
        );
    }
    if want("where") {
        let t = median(
            || {
                std::hint::black_box(place::describe_platform(&d, i));
            },
            11,
        );
        println!("where N: {:.2} ms", ms(t));
    }
    if want("near") {
        let t = median(
            || {
                std::hint::black_box(place::near(&d, i));
            },
            5,
        );
        println!("near N (every platform): {:.2} ms", ms(t));
    }
    if want("district") {
        let t = median(
            || {
                std::hint::black_box(place::describe_district(&d));
            },
            3,
        );
        println!("where (the district): {:.2} ms", ms(t));
    }
}
