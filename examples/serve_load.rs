//! Load test for `gongshu serve` on loopback (not part of the test suite).
//!
//! For each N it starts the release binary's server, opens N interactive sessions (pty 120x40),
//! has each type a search a keystroke at a time (waiting for the redraw after each key) while M
//! lookups run at once, and reports keystroke throughput, p50/p95/max latency per keystroke,
//! lookups per second and the server's memory per session (RSS growth / N). Then one client past
//! the cap, to show what it is told.
//!
//! ```sh
//! cargo build --release && cargo run --release --example serve_load -- 10,50,100 20
//! cargo run --release --example serve_load -- attack     # under attack, memory, 500 atlases
//! cargo run --release --example serve_load -- memory     # only the memory part of `attack`
//! ```
//!
//! `attack`: with 8 clients storming window changes (1000x500 and 999x500 every 20 ms, past the
//! 300x100 cap; then 299x100 and 298x100, under it, each a full redraw) and 200 silent
//! connections from 50 loopback addresses (127.0.0.2-51, reopened as soon as the server closes
//! them), a normal client's keystroke-to-frame p95 and lookup p95 (on its established
//! connection, and on new connections); then memory per idle atlas at 80x24 and 120x40, RSS after
//! they all close against a fresh server's, and 500 idle atlases at once.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::client;
use russh::keys::PublicKeyOrCertificate;

#[path = "../tests/it/helpers/proc.rs"]
mod proc;
use proc::rss_kib;

struct Client;

impl client::Handler for Client {
    type Error = russh::Error;
    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

const FRAME_END: &[u8] = b"\x1b[?2026l";
/// Each session types these, a key at a time; Esc clears the search line.
const KEYS: [&str; 10] = [
    "/", "电", "商", "\x7f", "\x7f", "金", "融", "\x1b", "j", "k",
];

async fn connect_from(
    port: u16,
    from: std::net::Ipv4Addr,
) -> Result<client::Handle<Client>, russh::Error> {
    let sock = tokio::net::TcpSocket::new_v4()?;
    sock.bind((from, 0).into())?;
    let stream = sock.connect(([127, 0, 0, 1], port).into()).await?;
    let config = Arc::new(client::Config {
        nodelay: true,
        ..Default::default()
    });
    let mut h = client::connect_stream(config, stream, Client).await?;
    h.authenticate_none("load").await?;
    Ok(h)
}

async fn connect(port: u16) -> Result<client::Handle<Client>, russh::Error> {
    let config = Arc::new(client::Config {
        nodelay: true,
        ..Default::default()
    });
    let mut h = client::connect(config, ("127.0.0.1", port), Client).await?;
    h.authenticate_none("load").await?;
    Ok(h)
}

/// Read until the end of a frame; false when the channel ends first.
async fn frame(ch: &mut russh::Channel<client::Msg>, tail: &mut Vec<u8>) -> bool {
    loop {
        if let Some(at) = tail.windows(FRAME_END.len()).position(|w| w == FRAME_END) {
            tail.drain(..at + FRAME_END.len());
            return true;
        }
        match ch.wait().await {
            Some(russh::ChannelMsg::Data { data }) => tail.extend_from_slice(&data),
            Some(russh::ChannelMsg::ExtendedData { data, .. }) => {
                // A refusal comes on stderr: keep it for the caller.
                tail.extend_from_slice(&data)
            }
            Some(russh::ChannelMsg::Eof | russh::ChannelMsg::Close) | None => return false,
            Some(_) => {}
        }
    }
}

/// An interactive session, opened and showing its first frame.
async fn open(port: u16) -> Result<(client::Handle<Client>, russh::Channel<client::Msg>), String> {
    open_sized(port, (120, 40)).await
}

async fn open_sized(
    port: u16,
    size: (u32, u32),
) -> Result<(client::Handle<Client>, russh::Channel<client::Msg>), String> {
    let h = connect(port).await.map_err(|e| e.to_string())?;
    let mut ch = h.channel_open_session().await.map_err(|e| e.to_string())?;
    ch.request_pty(false, "xterm-256color", size.0, size.1, 0, 0, &[])
        .await
        .map_err(|e| e.to_string())?;
    ch.request_shell(false).await.map_err(|e| e.to_string())?;
    let mut tail = Vec::new();
    if !frame(&mut ch, &mut tail).await {
        return Err(String::from_utf8_lossy(&tail).into_owned());
    }
    Ok((h, ch))
}

async fn lookup(port: u16) -> Result<usize, String> {
    let h = connect(port).await.map_err(|e| e.to_string())?;
    let mut ch = h.channel_open_session().await.map_err(|e| e.to_string())?;
    ch.exec(true, "search 电商 --json")
        .await
        .map_err(|e| e.to_string())?;
    let mut n = 0;
    while let Some(m) = ch.wait().await {
        if let russh::ChannelMsg::Data { data } = m {
            n += data.len();
        }
    }
    Ok(n)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn round(bin: &str, n: usize, m: usize) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // A fresh folder, removed when this ends.
    let tmp = tempfile::Builder::new()
        .prefix("gongshu-load-")
        .tempdir()
        .unwrap();
    let dir = tmp.path().to_path_buf();
    let mut server = Command::new(bin)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(["--max-sessions", &(n + m).to_string()])
        .args(["--max-per-address", &(n + m).to_string()])
        // Every client here is on 127.0.0.1, on purpose: the per-address rate is not measured.
        .args(["--connection-rate", "100000/1", "--max-startups", "1000"])
        .arg("--host-key")
        .arg(dir.join("host_key"))
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server (cargo build --release first)");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let base = rss_kib(server.id());

    let mut sessions = Vec::new();
    for _ in 0..n {
        match open(port).await {
            Ok(s) => sessions.push(s),
            Err(e) => {
                eprintln!("open failed: {e}");
                break;
            }
        }
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let open_rss = rss_kib(server.id());

    let start = Instant::now();
    let mut typing = Vec::new();
    for (h, mut ch) in sessions {
        typing.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut tail = Vec::new();
            for k in KEYS {
                let t = Instant::now();
                if ch.data_bytes(k.as_bytes().to_vec()).await.is_err() {
                    break;
                }
                if !frame(&mut ch, &mut tail).await {
                    break;
                }
                lat.push(t.elapsed());
            }
            (h, ch, lat)
        }));
    }
    let lookups: Vec<_> = (0..m).map(|_| tokio::spawn(lookup(port))).collect();
    let mut lat = Vec::new();
    let mut kept = Vec::new();
    for t in typing {
        if let Ok((h, ch, l)) = t.await {
            lat.extend(l);
            kept.push((h, ch));
        }
    }
    let typed = start.elapsed();
    let mut ok_lookups = 0;
    for l in lookups {
        if matches!(l.await, Ok(Ok(b)) if b > 0) {
            ok_lookups += 1;
        }
    }
    let all = start.elapsed();
    let peak = rss_kib(server.id());
    lat.sort();
    println!(
        "N={n:>3} M={m:>3}: {} keys in {:.2} s = {:.0} keys/s; latency p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms; \
         {ok_lookups}/{m} lookups in {:.2} s; RSS {} KiB idle, {} KiB with N open = {:.0} KiB/session, peak {} KiB",
        lat.len(),
        typed.as_secs_f64(),
        lat.len() as f64 / typed.as_secs_f64(),
        percentile(&lat, 0.5).as_secs_f64() * 1e3,
        percentile(&lat, 0.95).as_secs_f64() * 1e3,
        lat.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        all.as_secs_f64(),
        base,
        open_rss,
        (open_rss.saturating_sub(base)) as f64 / n.max(1) as f64,
        peak,
    );
    // Past the cap: with N + M sessions allowed and N open, fill to the cap and ask once more.
    let mut extra = Vec::new();
    for _ in 0..m {
        if let Ok(s) = open(port).await {
            extra.push(s);
        }
    }
    let t = Instant::now();
    match open(port).await {
        Ok(_) => println!("  past the cap: let in (unexpected)"),
        Err(e) => println!(
            "  past the cap ({} open): refused in {:.0} ms: {}",
            kept.len() + extra.len(),
            t.elapsed().as_secs_f64() * 1e3,
            e.trim()
        ),
    }
    drop(kept);
    drop(extra);
    let _ = server.kill();
    let _ = server.wait();
}

fn start_server(
    bin: &str,
    port: u16,
    dir: &std::path::Path,
    extra: &[&str],
) -> std::process::Child {
    Command::new(bin)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(["--max-sessions", "600", "--max-per-address", "600"])
        .args(extra)
        .args(["--host-key"])
        .arg(dir.join("host_key"))
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server (cargo build --release first)")
}

/// Memory rounds open hundreds of sessions from 127.0.0.1: past the default per-address rate.
const LOOPBACK_ONLY: &[&str] = &["--connection-rate", "100000/1", "--max-startups", "1000"];

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One exec on an open connection: how long until the channel closed, if it answered.
async fn exec_on(h: &client::Handle<Client>, line: &str) -> Option<Duration> {
    let t = Instant::now();
    let mut ch = h.channel_open_session().await.ok()?;
    ch.exec(true, line).await.ok()?;
    let mut n = 0;
    while let Some(m) = ch.wait().await {
        if let russh::ChannelMsg::Data { data } = m {
            n += data.len();
        }
    }
    (n > 0).then(|| t.elapsed())
}

async fn attack(bin: &str) {
    // A fresh folder, removed when this ends.
    let tmp = tempfile::Builder::new()
        .prefix("gongshu-attack-")
        .tempdir()
        .unwrap();
    let dir = tmp.path().to_path_buf();
    // Past the size cap, every change is the same capped size and costs nothing; under it, each
    // one is a full redraw at the largest size drawn.
    storms(bin, &dir, (1000, 500), (999, 500)).await;
    storms(bin, &dir, (299, 100), (298, 100)).await;
    memory(bin, &dir).await;
}

/// 8 clients alternating two window sizes every 20 ms, and 200 silent connections from 50
/// addresses, while a normal client types and looks things up.
async fn storms(bin: &str, dir: &std::path::Path, a: (u32, u32), b: (u32, u32)) {
    let port = free_port();
    // The default budgets: this is what they are for.
    let mut server = start_server(bin, port, dir, &[]);
    tokio::time::sleep(Duration::from_millis(500)).await;
    // The normal client connects first: an established session, as a user already in.
    let normal = connect(port).await.expect("normal client");
    let (_nh, mut nch) = open(port).await.expect("normal atlas");
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut tasks = Vec::new();
    // 8 clients storming window changes, from their own addresses.
    for i in 0..8u8 {
        let stop = stop.clone();
        tasks.push(tokio::spawn(async move {
            let Ok(h) = connect_from(port, std::net::Ipv4Addr::new(127, 0, 1, 1 + i)).await else {
                eprintln!("storm client {i} not connected");
                return;
            };
            let Ok(mut ch) = h.channel_open_session().await else {
                return;
            };
            let _ = ch
                .request_pty(false, "xterm-256color", a.0, a.1, 0, 0, &[])
                .await;
            let _ = ch.request_shell(false).await;
            let mut wide = true;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                wide = !wide;
                let (w, h) = if wide { a } else { b };
                let _ = ch.window_change(w, h, 0, 0).await;
                let until = tokio::time::Instant::now() + Duration::from_millis(20);
                while let Ok(Some(_)) = tokio::time::timeout_at(until, ch.wait()).await {}
            }
        }));
    }
    // (Connected before the silent flood starts, as users already in.)
    tokio::time::sleep(Duration::from_millis(500)).await;
    // 200 silent connections from 50 addresses, reopened when closed.
    for i in 0..200u32 {
        let stop = stop.clone();
        tasks.push(tokio::spawn(async move {
            let from = std::net::Ipv4Addr::new(127, 0, 0, 2 + (i % 50) as u8);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let Ok(sock) = tokio::net::TcpSocket::new_v4() else {
                    return;
                };
                if sock.bind((from, 0).into()).is_err() {
                    return;
                }
                if let Ok(mut s) = sock.connect(([127, 0, 0, 1], port).into()).await {
                    use tokio::io::AsyncReadExt;
                    let mut buf = [0u8; 256];
                    while let Ok(Ok(n)) =
                        tokio::time::timeout(Duration::from_millis(500), s.read(&mut buf)).await
                    {
                        if n == 0 {
                            break;
                        }
                    }
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        return;
                    }
                    // Still open: stay silent until the server closes it.
                    let _ = s.read(&mut buf).await;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let cpu0 = cpu_ticks(server.id());
    // The normal client types and looks things up.
    let mut keys = Vec::new();
    let mut tail = Vec::new();
    for _ in 0..5 {
        for k in KEYS {
            let t = Instant::now();
            if nch.data_bytes(k.as_bytes().to_vec()).await.is_err()
                || !frame(&mut nch, &mut tail).await
            {
                break;
            }
            keys.push(t.elapsed());
        }
    }
    let mut on_conn = Vec::new();
    let mut fresh = Vec::new();
    let mut fresh_failed = 0;
    for _ in 0..20 {
        if let Some(t) = exec_on(&normal, "search 电商 --json").await {
            on_conn.push(t);
        }
        let t = Instant::now();
        match lookup(port).await {
            Ok(n) if n > 0 => fresh.push(t.elapsed()),
            _ => fresh_failed += 1,
        }
    }
    let cpu1 = cpu_ticks(server.id());
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for (v, _) in [(&mut keys, 0), (&mut on_conn, 0), (&mut fresh, 0)] {
        v.sort();
    }
    let ms = |v: &[Duration], p| percentile(v, p).as_secs_f64() * 1e3;
    println!(
        "attack (8 window-change storms at {}x{}/{}x{} every 20 ms, 200 silent connections from 50 addresses):",
        a.0, a.1, b.0, b.1
    );
    println!(
        "  normal client: keystroke-to-frame p50 {:.1} ms, p95 {:.1} ms ({} keys); lookup on its connection p50 {:.1} ms, p95 {:.1} ms ({}/20); on new connections p95 {:.1} ms ({}/20 answered, {fresh_failed} dropped at accept)",
        ms(&keys, 0.5),
        ms(&keys, 0.95),
        keys.len(),
        ms(&on_conn, 0.5),
        ms(&on_conn, 0.95),
        on_conn.len(),
        ms(&fresh, 0.95),
        fresh.len(),
    );
    println!("  server CPU meanwhile: {:.0} %", cpu_percent(cpu0, cpu1));
    for t in tasks {
        t.abort();
    }
    drop((normal, nch));
    let _ = server.kill();
    let _ = server.wait();
}

/// Memory per idle atlas, what is left once they close, and 500 idle atlases at once.
async fn memory(bin: &str, dir: &std::path::Path) {
    for size in [(80u32, 24u32), (120, 40)] {
        let port = free_port();
        let mut server = start_server(bin, port, dir, LOOPBACK_ONLY);
        tokio::time::sleep(Duration::from_millis(500)).await;
        // One session first, so the one-off costs (worker threads, the dataset's caches) are in
        // the baseline.
        drop(open_sized(port, size).await);
        tokio::time::sleep(Duration::from_millis(500)).await;
        let fresh_rss = rss_kib(server.id());
        // Three rounds: what is left after the first must not grow with the next.
        let mut afters = Vec::new();
        for round in 0..3 {
            let mut held = Vec::new();
            for _ in 0..100 {
                if let Ok(s) = open_sized(port, size).await {
                    held.push(s);
                }
            }
            // Idle: past the second after which a waiting session puts its buffers away.
            tokio::time::sleep(Duration::from_secs(2)).await;
            let with = rss_kib(server.id());
            let n = held.len();
            drop(held);
            tokio::time::sleep(Duration::from_secs(2)).await;
            let after = rss_kib(server.id());
            afters.push(format!(
                "{after} KiB ({:+.0} %)",
                (after as f64 - fresh_rss as f64) * 100.0 / fresh_rss as f64
            ));
            if round == 0 {
                println!(
                    "  {}x{}: {n} idle atlases {:.0} KiB each; RSS fresh {fresh_rss} KiB, with them {with} KiB",
                    size.0,
                    size.1,
                    (with.saturating_sub(fresh_rss)) as f64 / n.max(1) as f64,
                );
            }
        }
        println!(
            "    after they closed, in three rounds of 100: {}",
            afters.join(", ")
        );
        let _ = server.kill();
        let _ = server.wait();
    }
    let port = free_port();
    let mut server = start_server(bin, port, dir, LOOPBACK_ONLY);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let t = Instant::now();
    let mut held = Vec::new();
    for _ in 0..500 {
        if let Ok(s) = open_sized(port, (80, 24)).await {
            held.push(s);
        }
    }
    println!(
        "  500 idle atlases at 80x24: {} open in {:.1} s, RSS {} KiB",
        held.len(),
        t.elapsed().as_secs_f64(),
        rss_kib(server.id())
    );
    drop(held);
    let _ = server.kill();
    let _ = server.wait();
}

fn cpu_ticks(pid: u32) -> (u64, Instant) {
    let ticks = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1.to_string();
            let f: Vec<&str> = rest.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .unwrap_or(0);
    (ticks, Instant::now())
}

fn cpu_percent(a: (u64, Instant), b: (u64, Instant)) -> f64 {
    // Clock ticks are 1/100 s on Linux.
    (b.0 - a.0) as f64 / (b.1 - a.1).as_secs_f64()
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let mode = std::env::args().nth(1);
    if matches!(mode.as_deref(), Some("attack" | "memory")) {
        let bin = std::env::args().nth(2).unwrap_or_else(built_gongshu);
        if mode.as_deref() == Some("attack") {
            attack(&bin).await;
        } else {
            // A fresh folder, removed when this ends.
            let tmp = tempfile::Builder::new()
                .prefix("gongshu-memory-")
                .tempdir()
                .unwrap();
            let dir = tmp.path().to_path_buf();
            memory(&bin, &dir).await;
        }
        return;
    }
    let ns: Vec<usize> = args
        .next()
        .unwrap_or("10,50,100".into())
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    let m: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);
    let bin = args.next().unwrap_or_else(built_gongshu);
    for n in ns {
        round(&bin, n, m).await;
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
