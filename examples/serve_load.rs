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
//! ```

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::client;
use russh::keys::PublicKeyOrCertificate;

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

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
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
    let h = connect(port).await.map_err(|e| e.to_string())?;
    let mut ch = h.channel_open_session().await.map_err(|e| e.to_string())?;
    ch.request_pty(false, "xterm-256color", 120, 40, 0, 0, &[])
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
    let dir = std::env::temp_dir().join(format!("gongshu-load-{}-{n}", std::process::id()));
    let mut server = Command::new(bin)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .args(["--max-sessions", &(n + m).to_string()])
        .args(["--max-per-address", &(n + m).to_string()])
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
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let ns: Vec<usize> = args
        .next()
        .unwrap_or("10,50,100".into())
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    let m: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20);
    let bin = args
        .next()
        .unwrap_or_else(|| "target/release/gongshu".to_string());
    for n in ns {
        round(&bin, n, m).await;
    }
}
