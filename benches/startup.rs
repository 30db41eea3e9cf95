//! The real binary in a pseudo-terminal: time from start to the first complete frame at 120x40,
//! and CPU used while idle. Prints figures; run with `cargo bench --bench startup`.
//! (Under `cargo test` it makes one quick run, to keep it building and working.)

use std::time::{Duration, Instant};

// The integration tests' pseudo-terminal helper: one way to run the binary in a pty.
#[allow(dead_code)]
#[path = "../tests/it/helpers/bytes.rs"]
mod bytes;
#[allow(dead_code)]
#[path = "../tests/it/helpers/pty.rs"]
mod pty;

/// Spawn the atlas; return the time until its first frame is complete, and the CPU clock ticks it
/// used while idle for `idle_for` after that.
fn first_frame(idle_for: Option<Duration>) -> (Duration, Option<u64>) {
    let start = Instant::now();
    let mut s = pty::spawn(&[], &[], 120, 40);
    // The footer is the last thing drawn; its synchronized-update end closes the frame.
    let drawn = s.wait_until(Duration::from_secs(10), |text| {
        text.contains("built-in · 10/10") && text.contains("\x1b[?2026l")
    });
    assert!(drawn, "a first frame");
    let took = start.elapsed();
    let ticks = idle_for.map(|d| {
        let pid = s.pid();
        let cpu = || {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
            let f: Vec<u64> = stat
                .rsplit(')')
                .next()
                .unwrap()
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            f[10] + f[11] // utime + stime (fields 14 and 15)
        };
        let before = cpu();
        std::thread::sleep(d);
        cpu() - before
    });
    s.send("q");
    s.exit_within(Duration::from_secs(5));
    (took, ticks)
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let runs = if benching { 30 } else { 1 };
    let mut times: Vec<Duration> = (0..runs).map(|_| first_frame(None).0).collect();
    times.sort();
    println!(
        "start to first frame at 120x40: median {:.1} ms, min {:.1} ms, max {:.1} ms ({runs} runs)",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
    );
    if benching {
        let (_, ticks) = first_frame(Some(Duration::from_secs(10)));
        println!("CPU while idle for 10 s: {} clock ticks", ticks.unwrap());
    }
}
