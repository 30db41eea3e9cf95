//! `gongshu check` on a file with 200,000 problems on one 3 MB line, against the same file with
//! none: reporting them should take about as long as reading the file (before diagnostics were
//! capped and located without copying the line, it took minutes). Prints the medians and their
//! ratio; run with `cargo bench --bench diagnostics`. (Under `cargo test`, one quick run of each.)

use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_gongshu");
const RING: &str = "ring: [(120.02, 30.02), (120.08, 30.02), (120.08, 30.08)]";

/// One `gongshu check`: its time and exit code.
fn check(file: &std::path::Path) -> (Duration, Option<i32>) {
    let start = Instant::now();
    let o = Command::new(BIN).arg("check").arg(file).output().unwrap();
    (start.elapsed(), o.status.code())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let runs = if benching { 15 } else { 1 };
    let minimal = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/datasets/valid/minimal.ron"
    ))
    .unwrap();
    let ring = |point: &str| format!("ring: [{}(120.0, 30.0)]", point.repeat(200_000));
    let dir = std::env::temp_dir().join(format!("gongshu-bench-diag-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (bad, fine) = (dir.join("bad.ron"), dir.join("fine.ron"));
    std::fs::write(&bad, minimal.replacen(RING, &ring("(500.5, 30.0), "), 1)).unwrap();
    std::fs::write(&fine, minimal.replacen(RING, &ring("(100.5, 30.0), "), 1)).unwrap();
    let (mut with, mut without) = (Vec::new(), Vec::new());
    // Alternated, so that both meet the same machine.
    for _ in 0..runs {
        let (t, code) = check(&bad);
        assert_eq!(code, Some(2), "the broken file is refused");
        with.push(t);
        let (t, code) = check(&fine);
        assert_eq!(code, Some(0), "the fine file is accepted");
        without.push(t);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let (with, without) = (median(with), median(without));
    println!(
        "check, 3 MB line: {:.1} ms with 200,000 problems, {:.1} ms with none: {:.2}x ({runs} runs each, medians)",
        with.as_secs_f64() * 1e3,
        without.as_secs_f64() * 1e3,
        with.as_secs_f64() / without.as_secs_f64()
    );
}
