//! The atlas as a person at the keyboard feels it: the release binary in a real pseudo-terminal,
//! keys written one at a time, and the time from each key's write until its frame is written.
//!
//! cargo build --release && cargo build --release --example tui_keys
//! ./target/*/release/examples/tui_keys --data 100k.ron [--bin PATH] [--pin] [--rounds N]
//!     [--size 120x40] [--each]   (--each: every search keystroke's times on stderr)
//!
//! How a frame is recognised: the atlas writes every frame in one piece inside synchronized
//! output (`ESC[?2026h` … `ESC[?2026l`). A key's **first frame** is the first end marker read
//! after the key was written, timed when the read that holds it returns; its **settled** time is
//! the last end marker before the output has been quiet for 250 ms (later frames: the deferred
//! part of a keystroke). A key with no frame within 2 s counts as drawing nothing. Start-up is timed from
//! the spawn to the first end marker (the **first frame**), and to the last before 1 s of quiet.
//! The atlas is run once first, untimed, so that the cache is warm.
//!
//! Kinds of key: `j` in the list and `k` (a selection move, 60 per round, down and up by fives), a search typed a character at
//! a time (Chinese, pinyin, English; each cleared with Ctrl-U), and with the map focused `+`, `-`
//! and `h`/`l`/`k`/`j` (zoom and pan). `--pin` runs the atlas on core 0 (`taskset -c 0`) with a
//! busy loop on core 1, as one core of a busy machine.

use std::io::{Read, Write};
use std::process::{Child, Command};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const END: &[u8] = b"\x1b[?2026l";
/// Quiet for this long after a key's frame: its frames are all written.
const QUIET: Duration = Duration::from_millis(250);
/// A key with no frame after this long drew nothing.
const FIRST: Duration = Duration::from_secs(2);

/// The end markers seen, with when the read holding each returned.
#[derive(Default)]
struct Seen {
    ends: Vec<Instant>,
    last_byte: Option<Instant>,
    tail: Vec<u8>,
    closed: bool,
}

struct Pty {
    seen: Arc<(Mutex<Seen>, Condvar)>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

fn spawn(prog: &str, args: &[String], cols: u16, rows: u16) -> (Pty, Instant) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let mut cmd = CommandBuilder::new(prog);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env("LANG", "C.UTF-8");
    for k in [
        "NO_COLOR",
        "COLORTERM",
        "SSH_CONNECTION",
        "SSH_TTY",
        "LC_ALL",
    ] {
        cmd.env_remove(k);
    }
    let start = Instant::now();
    let child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    let seen: Arc<(Mutex<Seen>, Condvar)> = Arc::default();
    let sink = seen.clone();
    let mut reader = pair.master.try_clone_reader().unwrap();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = reader.read(&mut buf).unwrap_or(0);
            let now = Instant::now();
            let (lock, cv) = &*sink;
            let mut s = lock.lock().unwrap();
            if n == 0 {
                s.closed = true;
                cv.notify_all();
                return;
            }
            // The marker can be split between two reads: look at the last bytes of the one before.
            let mut look = std::mem::take(&mut s.tail);
            look.extend_from_slice(&buf[..n]);
            let found = look.windows(END.len()).filter(|w| *w == END).count();
            for _ in 0..found {
                s.ends.push(now);
            }
            let keep = look.len().saturating_sub(END.len() - 1);
            s.tail = look[keep..].to_vec();
            s.last_byte = Some(now);
            cv.notify_all();
        }
    });
    let writer = pair.master.take_writer().unwrap();
    // The master must outlive the session: leak it with the process.
    std::mem::forget(pair.master);
    (
        Pty {
            seen,
            writer,
            child,
        },
        start,
    )
}

impl Pty {
    fn ends(&self) -> usize {
        self.seen.0.lock().unwrap().ends.len()
    }

    /// Wait until the output has been quiet for `quiet` (at most 30 s); the end markers after
    /// the first `from`.
    fn settle(&self, from: usize, quiet: Duration) -> Vec<Instant> {
        let (lock, cv) = &*self.seen;
        let limit = Instant::now() + Duration::from_secs(30);
        let mut s = lock.lock().unwrap();
        loop {
            let now = Instant::now();
            let last = s.last_byte.unwrap_or(now);
            let quiet_for = now.duration_since(last);
            if (s.ends.len() > from && quiet_for >= quiet) || s.closed || now > limit {
                return s.ends[from.min(s.ends.len())..].to_vec();
            }
            let wait = quiet
                .saturating_sub(quiet_for)
                .max(Duration::from_millis(5));
            s = cv.wait_timeout(s, wait).unwrap().0;
        }
    }

    /// Write `key`; its first and settled frame times, or None when it drew nothing.
    fn key(&mut self, key: &[u8]) -> Option<(Duration, Duration)> {
        let from = self.ends();
        let t0 = Instant::now();
        self.writer.write_all(key).unwrap();
        self.writer.flush().unwrap();
        let ends = self.settle_or_nothing(from);
        Some((*ends.first()? - t0, *ends.last()? - t0))
    }

    /// As [`Pty::settle`], but a key that draws nothing within `QUIET` gives no frames.
    fn settle_or_nothing(&self, from: usize) -> Vec<Instant> {
        let (lock, cv) = &*self.seen;
        let t0 = Instant::now();
        let mut s = lock.lock().unwrap();
        loop {
            let now = Instant::now();
            let last = s.last_byte.unwrap_or(t0).max(t0);
            // A slow frame is still this key's: wait up to `FIRST` for one before calling it none.
            let drawn = s.ends.len() > from || now.duration_since(t0) >= FIRST;
            if (drawn && now.duration_since(last) >= QUIET) || s.closed {
                return s.ends[from..].to_vec();
            }
            let wait = QUIET.saturating_sub(now.duration_since(last));
            s = cv
                .wait_timeout(s, wait.max(Duration::from_millis(5)))
                .unwrap()
                .0;
        }
    }
}

#[derive(Default)]
struct Samples {
    first: Vec<Duration>,
    settled: Vec<Duration>,
    none: usize,
}

impl Samples {
    fn add(&mut self, r: Option<(Duration, Duration)>) {
        match r {
            Some((a, b)) => {
                self.first.push(a);
                self.settled.push(b);
            }
            None => self.none += 1,
        }
    }
}

fn pct(v: &[Duration], p: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort();
    if v.is_empty() {
        return f64::NAN;
    }
    let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
    v[i].as_secs_f64() * 1000.0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut bin = built_gongshu();
    let mut data = None;
    let mut pin = false;
    let mut each = false;
    let mut rounds = 3usize;
    let (mut cols, mut rows) = (120u16, 40u16);
    let usage = || -> ! {
        eprintln!(
            "usage: tui_keys [--data FILE] [--bin PATH] [--pin] [--each] [--rounds N] [--size COLSxROWS]"
        );
        std::process::exit(2)
    };
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bin" => bin = args.next().unwrap_or_else(|| usage()),
            "--data" => data = Some(args.next().unwrap_or_else(|| usage())),
            "--pin" => pin = true,
            "--each" => each = true,
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--size" => {
                let s = args.next().unwrap_or_else(|| usage());
                let (c, r) = s.split_once('x').unwrap_or_else(|| usage());
                cols = c.parse().unwrap_or_else(|_| usage());
                rows = r.parse().unwrap_or_else(|_| usage());
            }
            _ => usage(),
        }
    }
    // portable-pty looks a relative name up in PATH.
    let bin = std::fs::canonicalize(&bin)
        .unwrap_or_else(|e| {
            eprintln!("{bin}: {e}");
            std::process::exit(2)
        })
        .to_string_lossy()
        .into_owned();
    let mut gargs: Vec<String> = vec![
        "--theme".into(),
        "dark".into(),
        "--color".into(),
        "always".into(),
    ];
    if let Some(d) = &data {
        gargs.extend(["--data".to_string(), d.clone()]);
    }
    let mut spin: Option<Child> = None;
    let (prog, full): (String, Vec<String>) = if pin {
        spin = Some(
            Command::new("taskset")
                .args(["-c", "1", "sh", "-c", "while :; do :; done"])
                .spawn()
                .expect("taskset"),
        );
        let mut a = vec!["-c".to_string(), "0".into(), bin.clone()];
        a.extend(gargs);
        ("taskset".into(), a)
    } else {
        (bin.clone(), gargs)
    };

    let mut start_first = Vec::new();
    let mut start_settled = Vec::new();
    let mut kinds: Vec<(&str, Samples)> = ["j/k (selection)", "search keystroke", "zoom", "pan"]
        .into_iter()
        .map(|k| (k, Samples::default()))
        .collect();
    let queries: [&str; 3] = ["电子商务", "dianshang", "software park"];
    // Warm the cache (the dataset parsed and indexed, the map's facts), untimed.
    {
        let (mut pty, _) = spawn(&prog, &full, cols, rows);
        if pty.settle(0, Duration::from_secs(1)).is_empty() {
            eprintln!("the atlas drew nothing in 30 s");
            std::process::exit(1);
        }
        pty.key(b"\x03");
        let _ = pty.child.wait();
    }
    for _ in 0..rounds {
        let (mut pty, t0) = spawn(&prog, &full, cols, rows);
        let ends = pty.settle(0, Duration::from_secs(1));
        if ends.is_empty() {
            eprintln!("the atlas drew nothing in 30 s");
            std::process::exit(1);
        }
        start_first.push(ends[0] - t0);
        start_settled.push(*ends.last().unwrap() - t0);
        // Down and up in runs of five, so a short list moves too.
        for n in 0..60 {
            let r = pty.key(if n / 5 % 2 == 0 { b"j" } else { b"k" });
            kinds[0].1.add(r);
        }
        for q in queries {
            pty.key(b"/");
            let mut typed = String::new();
            for c in q.chars() {
                let r = pty.key(c.to_string().as_bytes());
                typed.push(c);
                if each && let Some((first, settled)) = r {
                    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
                    eprintln!("{typed:>16}  {:6.1}  {:6.1}", ms(first), ms(settled));
                }
                kinds[1].1.add(r);
            }
            pty.key(b"\x15"); // Ctrl-U
            pty.key(b"\r");
        }
        // Focus the map: Tab from the list to the detail, then to the map.
        pty.key(b"\t");
        pty.key(b"\t");
        for _ in 0..2 {
            for k in [b"+", b"+", b"+", b"-", b"-", b"-"] {
                let r = pty.key(k);
                kinds[2].1.add(r);
            }
            pty.key(b"+");
            pty.key(b"+");
            for k in [b"h", b"h", b"l", b"l", b"k", b"k", b"j", b"j"] {
                let r = pty.key(k);
                kinds[3].1.add(r);
            }
            pty.key(b"0");
        }
        pty.key(b"\x03"); // Ctrl-C
        let _ = pty.child.wait();
    }
    if let Some(mut s) = spin {
        let _ = s.kill();
        let _ = s.wait();
    }
    println!(
        "{} at {cols}x{rows}{}, {rounds} rounds; ms",
        data.as_deref().unwrap_or("the embedded dataset"),
        if pin {
            ", on core 0 with core 1 busy"
        } else {
            ""
        }
    );
    println!(
        "{:<18} {:>5} {:>8} {:>8} {:>8} {:>10} {:>10}",
        "kind", "n", "p50", "p95", "max", "settled50", "settled95"
    );
    let row = |name: &str, s: &Samples| {
        println!(
            "{:<18} {:>5} {:>8.1} {:>8.1} {:>8.1} {:>10.1} {:>10.1}{}",
            name,
            s.first.len(),
            pct(&s.first, 0.5),
            pct(&s.first, 0.95),
            pct(&s.first, 1.0),
            pct(&s.settled, 0.5),
            pct(&s.settled, 0.95),
            if s.none > 0 {
                format!("  ({} drew nothing)", s.none)
            } else {
                String::new()
            }
        );
    };
    row(
        "first frame",
        &Samples {
            first: start_first,
            settled: start_settled,
            none: 0,
        },
    );
    for (name, s) in &kinds {
        row(name, s);
    }
}

/// The `gongshu` built beside this example (`target/<triple>/release/examples/` is where the
/// example runs from; the program is one folder up).
fn built_gongshu() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.parent()?.join("gongshu")))
        .map_or_else(|| "gongshu".to_string(), |p| p.display().to_string())
}
