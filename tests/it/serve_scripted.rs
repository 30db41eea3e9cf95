//! `gongshu serve` driven by scripted SSH clients (russh), for what the OpenSSH client cannot be
//! made to do: stop reading, advertise a tiny window, send keepalives and window changes and
//! nothing else, speak through a load balancer's PROXY header.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use russh::client;
use russh::keys::PublicKeyOrCertificate;
use tokio::io::AsyncWriteExt;

use crate::helpers::server::Server;

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

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A TCP connection to the server from `from` (any loopback address), with `before` written
/// first (a PROXY header), then SSH, authenticated.
async fn connect(
    port: u16,
    from: [u8; 4],
    before: &[u8],
    config: client::Config,
) -> Result<client::Handle<Client>, String> {
    let sock = tokio::net::TcpSocket::new_v4().map_err(|e| e.to_string())?;
    sock.bind((from, 0).into()).map_err(|e| e.to_string())?;
    let mut stream = sock
        .connect(([127, 0, 0, 1], port).into())
        .await
        .map_err(|e| e.to_string())?;
    stream.write_all(before).await.map_err(|e| e.to_string())?;
    let mut h = client::connect_stream(Arc::new(config), stream, Client)
        .await
        .map_err(|e| e.to_string())?;
    let auth = h
        .authenticate_none("anyone")
        .await
        .map_err(|e| e.to_string())?;
    if !auth.success() {
        return Err("not authenticated".into());
    }
    Ok(h)
}

/// An exec on a new connection: its exit status and what it wrote to stdout and stderr.
async fn exec(port: u16, from: [u8; 4], before: &[u8], line: &str) -> Result<Ran, String> {
    let h = connect(port, from, before, client::Config::default()).await?;
    let mut ch = h.channel_open_session().await.map_err(|e| e.to_string())?;
    ch.exec(true, line).await.map_err(|e| e.to_string())?;
    let mut ran = Ran::default();
    while let Some(m) = ch.wait().await {
        match m {
            russh::ChannelMsg::Data { data } => ran.out.extend_from_slice(&data),
            russh::ChannelMsg::ExtendedData { data, .. } => ran.err.extend_from_slice(&data),
            russh::ChannelMsg::ExitStatus { exit_status } => ran.code = Some(exit_status),
            _ => {}
        }
    }
    Ok(ran)
}

#[derive(Default, Debug)]
struct Ran {
    code: Option<u32>,
    out: Vec<u8>,
    err: Vec<u8>,
}

/// An atlas session (a pty of `size`, a shell) on an authenticated connection.
async fn atlas(
    h: &client::Handle<Client>,
    size: (u32, u32),
) -> Result<russh::Channel<client::Msg>, String> {
    let ch = h.channel_open_session().await.map_err(|e| e.to_string())?;
    ch.request_pty(false, "xterm-256color", size.0, size.1, 0, 0, &[])
        .await
        .map_err(|e| e.to_string())?;
    ch.request_shell(false).await.map_err(|e| e.to_string())?;
    Ok(ch)
}

/// Read from an atlas until its first frame has come: the session is fully built.
async fn first_frame(ch: &mut russh::Channel<client::Msg>) -> bool {
    let mut got = 0;
    while got < 2_000 {
        match tokio::time::timeout(Duration::from_secs(10), ch.wait()).await {
            Ok(Some(russh::ChannelMsg::Data { data })) => got += data.len(),
            Ok(Some(_)) => {}
            _ => return false,
        }
    }
    true
}

/// Whether a lookup on a new connection is served (the only slot is free again) within `limit`.
async fn served_within(port: u16, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        let ran = tokio::time::timeout(
            Duration::from_secs(5),
            exec(port, [127, 0, 0, 1], b"", "list"),
        )
        .await;
        if let Ok(Ok(r)) = ran
            && r.code == Some(0)
            && !r.out.is_empty()
        {
            return Some(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    None
}

/// Window changes between two sizes under the cap, each a full redraw, for as long as it runs.
async fn storm(ch: &russh::Channel<client::Msg>) {
    let mut wide = false;
    loop {
        wide = !wide;
        let size = if wide { 300 } else { 299 };
        // A client whose connection is blocked cannot send either: keep going regardless.
        let _ = tokio::time::timeout(
            Duration::from_millis(200),
            ch.window_change(size, 100, 0, 0),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

#[test]
fn a_client_that_stops_reading_loses_its_slot_at_the_idle_deadline() {
    let s = Server::start(&[
        "--max-sessions",
        "1",
        "--idle-timeout",
        "2",
        "--connection-rate",
        "1000/1",
    ]);
    runtime().block_on(async {
        // Its channel's queue holds one message: once it is full the client reads nothing more
        // from the socket and never adjusts its window.
        let config = client::Config {
            channel_buffer_size: 1,
            ..Default::default()
        };
        let h = connect(s.port, [127, 0, 0, 1], b"", config).await.unwrap();
        let ch = atlas(&h, (300, 100)).await.unwrap();
        let storming = tokio::spawn(async move {
            storm(&ch).await;
        });
        assert!(s.wait_log(|l| l.contains("connected (1 live)"), Duration::from_secs(5)));
        // Idle 2 s, and 2 s of grace: the slot is free by about 4 s after the last key.
        let took = served_within(s.port, Duration::from_secs(12)).await;
        storming.abort();
        assert!(
            took.is_some_and(|t| t < Duration::from_secs(8)),
            "{took:?}\n{}",
            s.log()
        );
        drop(h);
    });
    assert!(s.log().contains("closed: idle 2 s"), "{}", s.log());
}

#[test]
fn a_client_with_a_tiny_window_loses_its_slot_at_the_idle_deadline() {
    let s = Server::start(&[
        "--max-sessions",
        "1",
        "--idle-timeout",
        "2",
        "--connection-rate",
        "1000/1",
    ]);
    runtime().block_on(async {
        // 64 bytes at a time, taken slowly: a 300x100 frame takes minutes to arrive.
        let config = client::Config {
            window_size: 64,
            maximum_packet_size: 64,
            channel_buffer_size: 1,
            ..Default::default()
        };
        let h = connect(s.port, [127, 0, 0, 1], b"", config).await.unwrap();
        let mut ch = atlas(&h, (300, 100)).await.unwrap();
        let reading = tokio::spawn(async move {
            while ch.wait().await.is_some() {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        assert!(s.wait_log(|l| l.contains("connected (1 live)"), Duration::from_secs(5)));
        let took = served_within(s.port, Duration::from_secs(12)).await;
        reading.abort();
        assert!(
            took.is_some_and(|t| t < Duration::from_secs(8)),
            "{took:?}\n{}",
            s.log()
        );
        drop(h);
    });
}

#[test]
fn keepalives_and_window_changes_do_not_keep_a_session_open() {
    let s = Server::start(&[
        "--max-sessions",
        "1",
        "--idle-timeout",
        "2",
        "--connection-rate",
        "1000/1",
    ]);
    runtime().block_on(async {
        // A client that asks for a keepalive reply every 200 ms (OpenSSH's ServerAliveInterval)
        // and changes its window size, and never types.
        let config = client::Config {
            keepalive_interval: Some(Duration::from_millis(200)),
            keepalive_max: 1000,
            ..Default::default()
        };
        let h = connect(s.port, [127, 0, 0, 1], b"", config).await.unwrap();
        let mut ch = atlas(&h, (80, 24)).await.unwrap();
        let started = Instant::now();
        let mut closed = None;
        let mut wide = false;
        while started.elapsed() < Duration::from_secs(12) {
            wide = !wide;
            let _ = ch.window_change(if wide { 81 } else { 80 }, 24, 0, 0).await;
            let until = tokio::time::Instant::now() + Duration::from_millis(150);
            loop {
                match tokio::time::timeout_at(until, ch.wait()).await {
                    Ok(Some(_)) => {}
                    Ok(None) => {
                        closed = Some(started.elapsed());
                        break;
                    }
                    Err(_) => break,
                }
            }
            if closed.is_some() {
                break;
            }
        }
        // The atlas says goodbye at 2 s; the connection itself is gone by 2 s and its grace.
        assert!(
            closed.is_some_and(|t| t < Duration::from_secs(5)),
            "{closed:?}\n{}",
            s.log()
        );
        let gone = Instant::now();
        while !h.is_closed() && gone.elapsed() < Duration::from_secs(6) {
            let _ = h.send_keepalive(true).await;
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(h.is_closed(), "{}", s.log());
    });
    assert!(s.log().contains("closed: idle 2 s"), "{}", s.log());
}

#[test]
fn replies_to_the_servers_own_keepalives_do_not_keep_a_session_open() {
    // The server asks every second whether the client is there; the client's library answers
    // each time, and it never types.
    let s = Server::start(&[
        "--max-sessions",
        "1",
        "--keepalive",
        "1",
        "--idle-timeout",
        "2",
        "--connection-rate",
        "1000/1",
    ]);
    runtime().block_on(async {
        let h = connect(s.port, [127, 0, 0, 1], b"", client::Config::default())
            .await
            .unwrap();
        let mut ch = atlas(&h, (80, 24)).await.unwrap();
        let started = Instant::now();
        let mut closed = None;
        while started.elapsed() < Duration::from_secs(12) {
            match tokio::time::timeout(Duration::from_millis(200), ch.wait()).await {
                Ok(Some(_)) | Err(_) => {}
                Ok(None) => {
                    closed = Some(started.elapsed());
                    break;
                }
            }
        }
        assert!(
            closed.is_some_and(|t| t < Duration::from_secs(5)),
            "{closed:?}\n{}",
            s.log()
        );
        let gone = Instant::now();
        while !h.is_closed() && gone.elapsed() < Duration::from_secs(6) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(h.is_closed(), "{}", s.log());
        // The slot is free again: the next client gets an atlas.
        let h2 = connect(s.port, [127, 0, 0, 1], b"", client::Config::default())
            .await
            .unwrap();
        assert!(atlas(&h2, (80, 24)).await.is_ok(), "{}", s.log());
    });
    assert!(s.log().contains("closed: idle 2 s"), "{}", s.log());
}

/// A PROXY protocol v2 header saying the connection is from `client`.
fn proxy_header(client: &str) -> Vec<u8> {
    use ppp::v2::{Builder, Command, Protocol, Version};
    let client: SocketAddr = client.parse().unwrap();
    let server: SocketAddr = if client.is_ipv4() {
        "10.0.0.2:2222".parse().unwrap()
    } else {
        "[2001:db8::2]:2222".parse().unwrap()
    };
    Builder::with_addresses(
        Version::Two | Command::Proxy,
        Protocol::Stream,
        (client, server),
    )
    .build()
    .unwrap()
}

#[test]
fn a_proxy_header_from_a_balancer_names_the_client_and_any_other_is_refused() {
    // The balancer is 127.0.0.2; everyone else connects from 127.0.0.1.
    let s = Server::start(&[
        "--proxy-protocol",
        "10.9.9.9,127.0.0.2",
        "--max-per-address",
        "1",
    ]);
    let balancer = [127, 0, 0, 2];
    runtime().block_on(async {
        // Through the balancer: the client's own address, in the log and in the limits.
        let first = connect(
            s.port,
            balancer,
            &proxy_header("203.0.113.7:40000"),
            Default::default(),
        )
        .await
        .unwrap();
        let _held = atlas(&first, (80, 24)).await.unwrap();
        assert!(
            s.wait_log(
                |l| l.contains("203.0.113.7:40000 connected"),
                Duration::from_secs(5)
            ),
            "{}",
            s.log()
        );
        // The same client again is one too many from its address ...
        let again = exec(s.port, balancer, &proxy_header("203.0.113.7:40001"), "list")
            .await
            .unwrap();
        assert_eq!(again.code, Some(2), "{again:?}");
        assert!(
            String::from_utf8_lossy(&again.err).contains("too many sessions from your address"),
            "{again:?}"
        );
        // ... and another client through the same balancer is not.
        let other = exec(
            s.port,
            balancer,
            &proxy_header("[2001:db8::5]:40000"),
            "list",
        )
        .await
        .unwrap();
        assert_eq!(other.code, Some(0), "{other:?}\n{}", s.log());
        assert!(
            s.wait_log(
                |l| l.contains("[2001:db8::5]:40000 connected"),
                Duration::from_secs(5)
            ),
            "{}",
            s.log()
        );

        // A header from an address that is not a balancer: refused, whatever it claims.
        let forged = exec(
            s.port,
            [127, 0, 0, 1],
            &proxy_header("198.51.100.1:1"),
            "list",
        )
        .await;
        assert!(forged.is_err(), "{forged:?}");
        // The balancer without a header: refused, not waited for.
        let bare =
            tokio::time::timeout(Duration::from_secs(5), exec(s.port, balancer, b"", "list")).await;
        assert!(matches!(bare, Ok(Err(_))), "{bare:?}");
        // A plain client from elsewhere is served as before.
        let plain = exec(s.port, [127, 0, 0, 1], b"", "list").await.unwrap();
        assert_eq!(plain.code, Some(0), "{plain:?}");
    });
    s.wait_log(|l| l.contains("no PROXY v2 header"), Duration::from_secs(5));
    let log = s.log();
    assert!(
        log.contains(
            "refused: a PROXY protocol header from an address not given to --proxy-protocol"
        ),
        "{log}"
    );
    assert!(log.contains("127.0.0.2:"), "{log}");
    assert!(log.contains("refused: no PROXY v2 header"), "{log}");
    assert!(!log.contains("198.51.100.1"), "{log}");
}

#[test]
fn a_stalled_proxy_header_is_closed_at_the_handshake_deadline() {
    let s = Server::start(&["--proxy-protocol", "127.0.0.1", "--handshake-timeout", "2"]);
    use std::io::Write;
    let mut c = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    // Half a header, then nothing.
    c.write_all(&proxy_header("203.0.113.7:1")[..10]).unwrap();
    let took = crate::helpers::server::closed_within(&mut c, Duration::from_secs(8));
    assert!(
        took.is_some_and(|t| t < Duration::from_secs(4)),
        "{took:?}\n{}",
        s.log()
    );
    assert!(
        s.wait_log(
            |l| l.contains("no PROXY v2 header within 2 s"),
            Duration::from_secs(3)
        ),
        "{}",
        s.log()
    );
}

/// What an atlas session's terminal was shown, when it answers the server's start-up questions
/// with `answer` (after typing `typed`, in the same packet), or never answers (typing `typed`
/// once the first frame is drawn): the screen once the server has gone quiet, whether the
/// background question and the device attributes came before the first frame, and how long
/// that frame took.
async fn answering(
    port: u16,
    typed: &[u8],
    answer: Option<&[u8]>,
) -> (vt100::Parser, bool, Duration) {
    let h = connect(port, [127, 0, 0, 1], b"", client::Config::default())
        .await
        .unwrap();
    let mut ch = atlas(&h, (100, 30)).await.unwrap();
    let start = Instant::now();
    let (mut all, mut first, mut asked, mut sent) = (Vec::new(), None, false, false);
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    loop {
        let msg = tokio::time::timeout(Duration::from_millis(800), ch.wait()).await;
        let Ok(Some(russh::ChannelMsg::Data { data })) = msg else {
            match msg {
                Ok(Some(_)) => continue,
                _ => break,
            }
        };
        all.extend_from_slice(&data);
        let frame = find(&all, b"\x1b[?2026h");
        if first.is_none() && frame.is_some() {
            first = Some(start.elapsed());
        }
        let osc = find(&all, b"\x1b]11;?\x07");
        let da = find(&all, b"\x1b[c");
        if !asked && let (Some(o), Some(d)) = (osc, da) {
            asked = frame.is_none_or(|f| o < f && d < f);
        }
        if !sent {
            match answer {
                Some(a) if osc.is_some() => {
                    sent = true;
                    ch.data(&[typed, a].concat()[..]).await.unwrap();
                }
                None if frame.is_some() => {
                    sent = true;
                    ch.data(typed).await.unwrap();
                }
                _ => {}
            }
        }
    }
    let nz = |n| std::num::NonZeroU16::new(n).unwrap();
    let mut vt = vt100::Parser::new(nz(30), nz(100), 0);
    vt.process(&all);
    drop(h);
    (vt, asked, first.expect("a first frame"))
}

/// Over SSH the server asks the client's terminal its background colour (OSC 11, with the device
/// attributes after it, before the first frame) and draws the light theme for a light answer,
/// the dark one for a dark answer and for a terminal that never answers, which still gets its
/// first frame. The answer is never read as keys: keys typed with it act, and nothing else.
#[test]
fn over_ssh_the_theme_follows_the_client_terminals_background() {
    let s = Server::start(&["--connection-rate", "1000/1"]);
    runtime().block_on(async {
        let light = b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c";
        let dark = b"\x1b]11;rgb:1c1c/1c1c/1c1c\x07\x1b[?1;2c";
        let (lit, asked, _) = answering(s.port, b"j", Some(light)).await;
        assert!(asked, "no background question before the first frame");
        let (dim, _, _) = answering(s.port, b"j", Some(dark)).await;
        let (silent, _, first) = answering(s.port, b"j", None).await;
        println!("first frame of a terminal that never answers: {first:?}");
        let text = |vt: &vt100::Parser| vt.screen().contents();
        // Every cell's text and colours.
        let look = |vt: &vt100::Parser| {
            let screen = vt.screen();
            let mut cells = Vec::new();
            for row in 0..30 {
                for col in 0..100 {
                    let c = screen.cell(row, col).unwrap();
                    // A cell never written and one written blank look the same.
                    let text = if c.contents().is_empty() {
                        " "
                    } else {
                        c.contents()
                    };
                    cells.push((text.to_string(), c.fgcolor(), c.bgcolor(), c.bold()));
                }
            }
            cells
        };
        // The same screen, a key down, in each: the replies typed nothing.
        assert_eq!(text(&lit), text(&silent));
        assert_eq!(text(&dim), text(&silent));
        // Dark for a dark answer and for none; the light answer drew something else.
        assert!(
            look(&dim) == look(&silent),
            "a dark answer drew other than none"
        );
        assert!(
            look(&lit) != look(&silent),
            "a light answer drew the dark theme"
        );
        // The light theme writes nothing in white.
        let screen = lit.screen();
        for row in 0..30 {
            for col in 0..100 {
                let cell = screen.cell(row, col).unwrap();
                if !cell.contents().trim().is_empty() {
                    assert!(
                        !matches!(cell.fgcolor(), vt100::Color::Idx(7 | 15)),
                        "white {:?} at {row},{col}",
                        cell.contents()
                    );
                }
            }
        }
    });
}

/// Viewers of a shared briefing are asked alike: with no `--theme` from the presenter, a viewer
/// whose terminal answers light is drawn in the light theme, one that answers dark in the dark.
#[test]
fn a_briefing_viewer_gets_its_own_terminals_theme() {
    use crate::helpers::server::free_port;
    use crate::helpers::temp::TempDir;
    use crate::helpers::tmux::{Tmux, bin};
    if !crate::helpers::tools::have(&["tmux"]) {
        return;
    }
    let dir = TempDir::new();
    let port = free_port();
    let presenter = Tmux::start(
        &format!("{} present --share 127.0.0.1:{port}", bin()),
        120,
        40,
        &[("XDG_DATA_HOME", dir.0.to_str().unwrap())],
    );
    presenter.wait_for(|s| s.contains(" 1/13 ") && s.contains("0 watching"));
    runtime().block_on(async {
        let light = b"\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?62c";
        let dark = b"\x1b]11;rgb:0000/0000/0000\x07\x1b[?62c";
        let (lit, asked, _) = answering(port, b"", Some(light)).await;
        assert!(asked, "the viewer was not asked before its first frame");
        let (dim, _, _) = answering(port, b"", Some(dark)).await;
        // The colours each draws in (the clock's text may differ between the two).
        let colours = |vt: &vt100::Parser| {
            let screen = vt.screen();
            let mut set = std::collections::BTreeSet::new();
            for row in 0..30 {
                for col in 0..100 {
                    let c = screen.cell(row, col).unwrap();
                    set.insert(format!("{:?}/{:?}", c.fgcolor(), c.bgcolor()));
                }
            }
            set
        };
        assert!(
            colours(&lit) != colours(&dim),
            "light and dark answers drew alike: {:?}",
            colours(&lit)
        );
        assert!(
            lit.screen().contents().contains("徐青"),
            "{}",
            lit.screen().contents()
        );
    });
    presenter.type_text("qq");
    presenter.wait_for(|s| s.contains("EXIT="));
}

/// A server outlives its sessions: what a hundred atlases held is given back when they close, round
/// after round, so the server is as big as a fresh one (a server that had held a hundred kept about
/// a megabyte per worker thread, and more at bigger sizes).
#[test]
fn a_hundred_closed_atlases_leave_the_server_as_small_as_a_fresh_one() {
    let s = Server::start(&[
        "--max-sessions",
        "200",
        "--max-per-address",
        "200",
        "--connection-rate",
        "100000/1",
        "--max-startups",
        "1000",
    ]);
    let s = &s;
    runtime().block_on(async {
        let open = |n: usize| async move {
            let mut held = Vec::new();
            for _ in 0..n {
                let h = connect(s.port, [127, 0, 0, 1], b"", client::Config::default())
                    .await
                    .unwrap();
                let mut ch = atlas(&h, (120, 40)).await.unwrap();
                assert!(first_frame(&mut ch).await, "{}", s.log());
                held.push((h, ch));
            }
            held
        };
        // One session first: the worker threads and the server's one-off costs are in the
        // baseline.
        drop(open(1).await);
        tokio::time::sleep(Duration::from_secs(1)).await;
        let fresh = s.rss_kib();
        for round in 0..2 {
            let held = open(100).await;
            let with = s.rss_kib();
            drop(held);
            // Closed and trimmed within a second of the last one going.
            let closed = 1 + 100 * (round + 1);
            assert!(
                s.wait_log(
                    |l| l.matches(" closed").count() >= closed,
                    Duration::from_secs(10)
                ),
                "{}",
                s.log()
            );
            tokio::time::sleep(Duration::from_secs(1)).await;
            let after = s.rss_kib();
            // A megabyte of slack: what was kept was two megabytes and more.
            assert!(
                after <= fresh + 1024,
                "round {round}: {after} KiB after a hundred atlases closed (fresh {fresh} KiB, \
                 {with} KiB with them)"
            );
        }
    });
}
