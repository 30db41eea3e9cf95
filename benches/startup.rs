//! The real binary in a pseudo-terminal: time from start to the first complete frame at 120x40,
//! and CPU used while idle. Prints figures; run with `cargo bench --bench startup`.
//! (Under `cargo test` it makes one quick run, to keep it building and working.)

use std::io::Read;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Spawn the atlas; return the time until its first frame is complete, and its process id.
fn first_frame(idle_for: Option<Duration>) -> (Duration, Option<u64>) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gongshu"));
    cmd.env("TERM", "xterm-256color");
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        let mut seen = Vec::new();
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            // The footer is the last thing drawn; its synchronized-update end closes the frame.
            let text = String::from_utf8_lossy(&seen);
            if text.contains("gongshu.ron · 10/10") && text.contains("\x1b[?2026l") {
                let _ = tx.send(());
                seen.clear();
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("a first frame");
    let took = start.elapsed();
    let ticks = idle_for.map(|d| {
        let pid = child.process_id().unwrap();
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
    let mut w = pair.master.take_writer().unwrap();
    let _ = w.write_all(b"q");
    let _ = child.wait();
    (took, ticks)
}

use std::io::Write;

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
