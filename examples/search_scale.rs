//! Search at scale: index build time, peak memory, and per-keystroke latency percentiles.
//!
//! cargo run --release --example search_scale -- 100000
//!
//! Types each query one character at a time, refining the previous hits as the TUI does, and
//! reports p50/p95/max of each keystroke over many rounds, next to a fresh search of each prefix
//! and the match details of a screenful of hits (what drawing the frame asks for).

use std::time::{Duration, Instant};

use gongshu::search::Index;

/// Hits whose matches the TUI works out per frame: a tall list and the detail pane.
const SCREEN: usize = 60;

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
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let rounds = 30;
    let d = gongshu::dataset::synthetic::generate(n);
    let before = peak_mib().unwrap_or(0.0);
    let t = Instant::now();
    let index = Index::new(&d);
    let build = t.elapsed();
    let after = peak_mib().unwrap_or(0.0);
    println!("{n} platforms");
    println!(
        "index build {:.0} ms; peak RSS {before:.1} MiB with the dataset, {after:.1} MiB after building the index (+{:.1} MiB)",
        ms(build),
        after - before
    );

    for (form, query) in QUERIES {
        let chars: Vec<char> = query.chars().collect();
        let mut keystrokes = Vec::new();
        let mut fresh = Vec::new();
        let mut screen = Vec::new();
        for _ in 0..rounds {
            let mut previous = index.search("");
            let mut previous_query = String::new();
            for k in 1..=chars.len() {
                let typed: String = chars[..k].iter().collect();
                let t = Instant::now();
                let hits = index.refine(&typed, &previous_query, &previous);
                keystrokes.push(t.elapsed());
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
        println!(
            "{form:9} {query:14} keystroke p50 {:6.2} ms  p95 {:6.2} ms  max {:6.2} ms | fresh p50 {:6.2} ms  p95 {:6.2} ms | screen p95 {:5.2} ms | {hits} hits",
            ms(percentile(&keystrokes, 0.5)),
            ms(percentile(&keystrokes, 0.95)),
            ms(*keystrokes.last().unwrap()),
            ms(percentile(&fresh, 0.5)),
            ms(percentile(&fresh, 0.95)),
            ms(percentile(&screen, 0.95)),
        );
    }
}
