//! Search at scale: index build time, peak memory, and per-keystroke latency percentiles.
//!
//! cargo run --release --example search_scale -- 100000 [--keys]
//!
//! Types each query one character at a time, refining the previous hits as the TUI does, and
//! reports p50/p95/max of each keystroke over many rounds, next to a fresh search of each prefix
//! and the match details of a screenful of hits (what drawing the frame asks for). The p95 is
//! also given as a share of a 16 ms frame: under 1.00 fits. `--keys` adds the p50 of each
//! keystroke, to see which prefix is the slow one.
//!
//! The budget is meant for one core on a busy machine, not for an idle multi-core one (the scan
//! uses every core it is given). On Linux, with two cores, keep core 1 busy and run on core 0:
//!
//! cargo build --release --example search_scale
//! taskset -c 1 sh -c 'while :; do :; done' & spin=$!
//! taskset -c 0 ./target/*/release/examples/search_scale 100000
//! kill $spin

use std::time::{Duration, Instant};

use gongshu::search::Index;

/// Hits whose matches the TUI works out per frame: a tall list and the detail pane.
const SCREEN: usize = 60;

/// One frame at 60 Hz: what a keystroke, searched and drawn, has to fit in.
const FRAME: Duration = Duration::from_millis(16);

const QUERIES: [(&str, &str); 5] = [
    ("chinese", "电子商务"),
    ("pinyin", "dianshang"),
    ("initials", "dzsw"),
    ("english", "ecommerce"),
    ("typo", "dianshagn"),
];

/// Peak resident set size so far, from /proc (Linux), in MiB.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let per_key = args.iter().any(|a| a == "--keys");
    let n: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let rounds = 30;
    let d = gongshu::dataset::synthetic::generate(n);
    let before = peak_mib().unwrap_or(0.0);
    let t = Instant::now();
    let index = Index::new(&d);
    let build = t.elapsed();
    let after = peak_mib().unwrap_or(0.0);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{n} platforms, {cores} core(s) available");
    println!(
        "index build {:.0} ms; peak RSS {before:.1} MiB with the dataset, {after:.1} MiB after building the index (+{:.1} MiB)",
        ms(build),
        after - before
    );

    for (form, query) in QUERIES {
        let chars: Vec<char> = query.chars().collect();
        let mut keystrokes = Vec::new();
        // Per prefix length, the keystroke times of every round.
        let mut by_key = vec![Vec::new(); chars.len()];
        let mut fresh = Vec::new();
        let mut screen = Vec::new();
        for _ in 0..rounds {
            let mut previous = index.search("");
            let mut previous_query = String::new();
            for k in 1..=chars.len() {
                let typed: String = chars[..k].iter().collect();
                let t = Instant::now();
                let hits = index.refine(&typed, &previous_query, &previous);
                let took = t.elapsed();
                keystrokes.push(took);
                by_key[k - 1].push(took);
                let t = Instant::now();
                std::hint::black_box(index.search(&typed));
                fresh.push(t.elapsed());
                let t = Instant::now();
                for h in hits.iter().take(SCREEN) {
                    std::hint::black_box(index.matches(h.platform, &typed));
                }
                screen.push(t.elapsed());
                previous = hits;
                previous_query = typed;
            }
        }
        keystrokes.sort();
        fresh.sort();
        screen.sort();
        let hits = index.search(query).len();
        let p95 = percentile(&keystrokes, 0.95);
        println!(
            "{form:9} {query:14} keystroke p50 {:6.2} ms  p95 {:6.2} ms ({:4.2} of a frame)  max {:6.2} ms | fresh p50 {:6.2} ms  p95 {:6.2} ms | screen p95 {:5.2} ms | {hits} hits",
            ms(percentile(&keystrokes, 0.5)),
            ms(p95),
            p95.as_secs_f64() / FRAME.as_secs_f64(),
            ms(*keystrokes.last().unwrap()),
            ms(percentile(&fresh, 0.5)),
            ms(percentile(&fresh, 0.95)),
            ms(percentile(&screen, 0.95)),
        );
        if per_key {
            let line: Vec<String> = by_key
                .iter_mut()
                .enumerate()
                .map(|(k, times)| {
                    times.sort();
                    let typed: String = chars[..=k].iter().collect();
                    format!("{typed} {:.2}", ms(percentile(times, 0.5)))
                })
                .collect();
            println!("          p50 per keystroke (ms): {}", line.join("  "));
        }
    }
}
