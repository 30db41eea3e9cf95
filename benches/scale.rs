//! gongshu at scale against the obvious alternatives, measured side by side in one run (each of
//! our runs followed by one of the alternative's), each figure a median with its ratio:
//!
//! - `gongshu --data 100k.ron search 电商` against `fzf --filter 电商` over the same platforms
//!   printed one per line (`gongshu --data 100k.ron --color never list`): warm (the dataset
//!   cached from an earlier run) and cold (an empty cache, a file never seen before);
//! - the peak memory of that search;
//! - the atlas's first frame at 120x40 on the 100k dataset, in a pseudo-terminal;
//! - `gongshu search 金融` on the embedded dataset against `grep 金融 data/gongshu.ron`.
//!
//! Run with `cargo bench --bench scale` (fzf and grep must be installed for the ratios; the
//! 100k file, about 190 MB, is generated once under `target/scale/` with a fixed seed).
//! Under `cargo test` it runs once on 2,000 platforms, to keep it building and working.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../tests/it/helpers/bytes.rs"]
mod bytes;
#[allow(dead_code)]
#[path = "../tests/it/helpers/pty.rs"]
mod pty;

const BIN: &str = env!("CARGO_BIN_EXE_gongshu");

/// Run `cmd` with stdin from `input` and stdout discarded; its wall time and peak RSS in KiB.
fn run(cmd: &[&str], env: &[(&str, &Path)], input: Option<&Path>) -> (Duration, u64) {
    let mut c = Command::new(cmd[0]);
    c.args(&cmd[1..])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    if let Some(f) = input {
        c.stdin(std::fs::File::open(f).unwrap());
    }
    let t = Instant::now();
    // Reaped by wait4 below, which also gives its peak memory.
    #[allow(clippy::zombie_processes)]
    let child = c.spawn().unwrap_or_else(|e| panic!("{}: {e}", cmd[0]));
    let mut status = 0;
    // SAFETY: rusage is plain integers, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // wait4 gives the child's own peak RSS, which Child::wait does not.
    let pid = child.id() as libc::pid_t;
    // SAFETY: both pointers are to locals that live across the call.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let took = t.elapsed();
    assert_eq!(r, pid, "wait4");
    // A run that failed measured something else: every command here finds what it looks for.
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed ({status:#x})"
    );
    (took, usage.ru_maxrss as u64)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The synthetic dataset of `n` platforms and its one-line-per-platform listing, made once.
fn dataset(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let file = dir.join(format!("synthetic-{n}.ron"));
    let list = dir.join(format!("synthetic-{n}.txt"));
    if !file.exists() || !list.exists() {
        std::fs::create_dir_all(dir).unwrap();
        // In a child process: a child's peak memory, as the kernel reports it, starts from its
        // parent's size when it was forked, and this one would be large after generating.
        let tmp = file.with_extension("tmp");
        let status = Command::new(std::env::current_exe().unwrap())
            .env("GONGSHU_SCALE_GENERATE", format!("{n}"))
            .env("GONGSHU_SCALE_OUT", &tmp)
            .status()
            .unwrap();
        assert!(status.success(), "generating the dataset");
        std::fs::rename(&tmp, &file).unwrap();
        let out = Command::new(BIN)
            .args(["--color", "never", "--data"])
            .arg(&file)
            .arg("list")
            .output()
            .unwrap();
        assert!(out.status.success());
        std::fs::write(&list, out.stdout).unwrap();
    }
    (file, list)
}

fn row(what: &str, ours: Duration, theirs: Option<(&str, Duration)>, goal: &str) {
    match theirs {
        Some((name, t)) => println!(
            "{what:34} {:9.1} ms   {name:22} {:9.1} ms   ratio {:5.2}x   goal {goal}",
            ms(ours),
            ms(t),
            ours.as_secs_f64() / t.as_secs_f64()
        ),
        None => println!(
            "{what:34} {:9.1} ms   (install the tool to compare)",
            ms(ours)
        ),
    }
}

/// Start the atlas in a pseudo-terminal; the time until its first frame is complete.
fn first_frame(file: &Path, cache: &Path, n: usize) -> Duration {
    let start = Instant::now();
    let data = file.to_str().unwrap();
    // A terminal answers the start-up questions (its background, how wide it draws ambiguous
    // characters) in a round trip; this pty never answers, so the atlas would wait out its
    // 300 ms for them. Told both, it asks nothing, as tui_keys does.
    let mut s = pty::spawn(
        &[
            "--data",
            data,
            "--theme",
            "dark",
            "--ambiguous-width",
            "narrow",
        ],
        &[("XDG_CACHE_HOME", cache.to_str().unwrap())],
        120,
        40,
    );
    let count = format!("{n}/{n}");
    let drawn = s.wait_until(Duration::from_secs(60), |text| {
        text.contains(&count) && text.contains("\x1b[?2026l")
    });
    assert!(drawn, "a first frame");
    let took = start.elapsed();
    s.send("q");
    s.exit_within(Duration::from_secs(10));
    took
}

fn main() {
    if let (Ok(n), Ok(out)) = (
        std::env::var("GONGSHU_SCALE_GENERATE"),
        std::env::var("GONGSHU_SCALE_OUT"),
    ) {
        let d = gongshu::dataset::synthetic::generate(n.parse().unwrap());
        std::fs::write(out, gongshu::dataset::synthetic::to_ron(&d)).unwrap();
        return;
    }
    let benching = std::env::args().any(|a| a == "--bench");
    let (n, runs) = if benching { (100_000, 10) } else { (2_000, 1) };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/scale");
    let (file, list) = dataset(&root, n);
    let cache = root.join(format!("cache-{}", std::process::id()));
    let env = [("XDG_CACHE_HOME", cache.as_path())];
    let data = file.to_str().unwrap();
    let search = [BIN, "--data", data, "search", "电商"];
    let fzf = have("fzf");
    let grep = have("grep");

    println!(
        "{n} platforms ({:.0} MB of RON), {runs} runs each, medians; {} cores",
        std::fs::metadata(&file).unwrap().len() as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |c| c.get())
    );
    let fzf_run = || run(&["fzf", "--filter", "电商"], &[], Some(&list)).0;
    if fzf {
        fzf_run();
    }
    // Each of our runs is paired with a run of fzf just after it, so that a machine slowing
    // down or speeding up in the middle of the bench moves both sides of a ratio alike.
    let paired = |ours: &mut dyn FnMut() -> (Duration, u64)| {
        let (mut times, mut theirs, mut peak) = (Vec::new(), Vec::new(), 0);
        for _ in 0..runs {
            let (t, rss) = ours();
            times.push(t);
            peak = peak.max(rss);
            // The cache entry a cold run wrote goes to disk now, not while fzf runs next.
            // SAFETY: sync takes no arguments and cannot fail.
            unsafe { libc::sync() };
            if fzf {
                theirs.push(fzf_run());
            }
        }
        let theirs = fzf.then(|| ("fzf --filter 电商", median(theirs)));
        (median(times), theirs, peak)
    };
    // Cold: every run on an empty cache, as on a file never seen before.
    let (cold, theirs, cold_peak) = paired(&mut || {
        let _ = std::fs::remove_dir_all(&cache);
        // SAFETY: sync takes no arguments and cannot fail.
        unsafe { libc::sync() };
        run(&search, &env, None)
    });
    row("search 电商, cold (no cache)", cold, theirs, "1.5x");
    println!(
        "{:34} {:9.1} MiB   goal 300 MiB",
        "peak memory of the cold search",
        cold_peak as f64 / 1024.0
    );
    // Warm: the cache written by the last cold run.
    let (warm, theirs, peak) = paired(&mut || run(&search, &env, None));
    row("search 电商, warm (cached)", warm, theirs, "1x");
    println!(
        "{:34} {:9.1} MiB   goal 300 MiB",
        "peak memory of the warm search",
        peak as f64 / 1024.0
    );
    let frames: Vec<Duration> = (0..runs.min(5))
        .map(|_| first_frame(&file, &cache, n))
        .collect();
    println!(
        "{:34} {:9.1} ms   goal 250 ms",
        "atlas first frame at 120x40, warm",
        ms(median(frames))
    );
    let _ = std::fs::remove_dir_all(&cache);

    // The embedded dataset: a quick lookup against grep over its source.
    // Run by run in turn, as above, so that both sides see the same machine.
    let small_runs = if benching { 300 } else { 3 };
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gongshu.ron");
    let src = source.to_str().unwrap();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..small_runs {
        ours.push(run(&[BIN, "search", "金融"], &[], None).0);
        if grep {
            theirs.push(run(&["grep", "金融", src], &[], None).0);
        }
    }
    row(
        "search 金融 (embedded dataset)",
        median(ours),
        grep.then(|| ("grep 金融 gongshu.ron", median(theirs))),
        "1.25x",
    );
}
