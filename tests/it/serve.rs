//! `gongshu serve`, driven by the real OpenSSH client: lookups, refusals, the atlas in a
//! terminal (tmux), limits, the host key, shutdown.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::server::{Server, closed_within, free_port};
use crate::helpers::temp::TempDir;
use crate::helpers::tmux::{Tmux, bin};
use crate::helpers::tools;

fn local(args: &[&str]) -> Output {
    Command::new(bin()).args(args).output().unwrap()
}

#[test]
fn a_lookup_prints_what_the_local_command_prints() {
    if !tools::have(&["ssh"]) {
        return;
    }
    let s = Server::start(&["--connection-rate", "100/10"]);
    for cmd in [
        &["search", "电商"][..],
        &["search", "电商", "--json"],
        &["list"],
        &["show", "6"],
        &["map", "--width", "80", "--height", "30", "--style", "ascii"],
        &["search", "nothing-like-this"],
        &["show", "nowhere"],
        &["gongshu", "list", "--json"],
        // The global options, before the command as locally (`--` ends ssh's own options).
        &["--", "--lang", "en", "list"],
        &["--", "--lang", "zh", "show", "6"],
        &["--", "--lang", "both", "search", "电商"],
        &["--", "--color", "always", "show", "6"],
        &["--", "--version"],
        // Help shows only the options the command takes.
        &["list", "--help"],
        &["search", "-h"],
        // The map in words, as locally.
        &["where"],
        &["where", "9"],
        &["where", "1", "--json"],
        &["--", "--lang", "zh", "where", "4"],
        &["--", "--lang", "en", "near", "6"],
        &["where", "nowhere"],
    ] {
        let remote = s.ssh(&[], cmd);
        let here = local(if matches!(cmd[0], "gongshu" | "--") {
            &cmd[1..]
        } else {
            cmd
        });
        assert_eq!(
            String::from_utf8_lossy(&remote.stdout),
            String::from_utf8_lossy(&here.stdout),
            "{cmd:?}"
        );
        assert_eq!(remote.status.code(), here.status.code(), "{cmd:?}");
        assert_eq!(remote.stderr, here.stderr, "{cmd:?}");
    }
    // The client's LANG picks the language; nothing else from its environment counts.
    let zh = Command::new("ssh")
        .args(s.ssh_args())
        .args([
            "-o",
            "SendEnv=LANG NO_COLOR",
            "anyone@127.0.0.1",
            "show",
            "6",
        ])
        .env("LANG", "zh_CN.UTF-8")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&zh.stdout),
        String::from_utf8_lossy(&local(&["--lang", "zh", "show", "6"]).stdout)
    );
    // With a pty, lines end in CR LF and fit the terminal, as a pty would make them.
    let tty = s.ssh(&["-tt", "-o", "SetEnv=TERM=xterm"], &["list"]);
    assert_eq!(tty.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&tty.stdout).contains("\r\n"));
    // A pty of unknown size (0x0, as ssh -tt sends without a terminal) is no size at all.
    let ascii = ["--color", "never", "map", "--style", "ascii"];
    let zero = s.ssh(&["-tt"], &[&["--"][..], &ascii].concat());
    assert_eq!(zero.status.code(), Some(0), "{zero:?}");
    let here = local(&ascii);
    assert_eq!(
        String::from_utf8_lossy(&zero.stdout).replace("\r\n", "\n"),
        String::from_utf8_lossy(&here.stdout)
    );
    // TERM=dumb gets the line mode, as locally (tests/it/line_mode.rs); its input ended, the
    // session ends cleanly.
    let dumb = Command::new("timeout")
        .arg("20")
        .arg("ssh")
        .arg("-tt")
        .args(s.ssh_args())
        .arg("anyone@127.0.0.1")
        .env("TERM", "dumb")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(dumb.status.code(), Some(0), "{dumb:?}");
    let said = String::from_utf8_lossy(&dumb.stdout);
    assert!(said.contains("gongshu> "), "{said:?}");
    assert!(!said.contains('\x1b'), "{said:?}");
    // Quoting on the line is a shell's.
    let remote = s.ssh(&[], &["search", "'运河 财富'"]);
    let here = local(&["search", "运河 财富"]);
    assert_eq!(remote.stdout, here.stdout);
}

#[test]
fn everything_else_is_refused_and_reads_nothing() {
    if !tools::have(&["ssh"]) {
        return;
    }
    let s = Server::start(&["--connection-rate", "100/10"]);
    let dir = TempDir::new();
    let out = dir.0.join("handout.html");
    let out = out.to_str().unwrap();
    for cmd in [
        vec!["check", "/etc/passwd"],
        vec!["list", "--data", "/etc/passwd"],
        // After the host, ssh would take options itself: `--` ends them.
        vec!["--", "--data", "/etc/passwd", "list"],
        vec!["present"],
        vec!["serve"],
        vec!["export", "--format", "html", "--out", out],
        vec!["config"],
        vec!["pick"],
        vec!["ls", "/"],
        vec!["sh", "-c", "'touch /tmp/x'"],
        vec!["list;", "id"],
        vec!["map", "--width", "60000", "--height", "60000"],
    ] {
        let o = s.ssh(&[], &cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}");
        assert!(o.stdout.is_empty(), "{cmd:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{cmd:?}: {err}");
        assert!(
            err.contains("only list, show, search, map, where and near"),
            "{err}"
        );
    }
    assert!(!Path::new(out).exists());
    // No pty and no command: the atlas needs a terminal, and the answer says how to ask for one,
    // for the full screen and for the line mode.
    let o = s.ssh(&["-T"], &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("needs a terminal: connect with ssh -t "),
        "{err}"
    );
    assert!(err.contains("TERM=dumb ssh -t for the line mode"), "{err}");
    assert!(
        s.log().contains("refused: command check /etc/passwd"),
        "{}",
        s.log()
    );
}

#[test]
fn remote_forwarding_is_refused() {
    if !tools::have(&["ssh"]) {
        return;
    }
    let s = Server::start(&[]);
    let o = s.ssh(
        &["-R", "0:127.0.0.1:1", "-o", "ExitOnForwardFailure=yes"],
        &["list"],
    );
    assert_ne!(o.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("forwarding failed"),
        "{o:?}"
    );
    assert!(s.wait_log(
        |l| l.contains("refused: remote forwarding"),
        Duration::from_secs(5)
    ));
}

#[test]
fn the_atlas_renders_follows_a_window_change_and_ends_on_q() {
    if !tools::have(&["ssh", "tmux"]) {
        return;
    }
    let s = Server::start(&[]);
    let t = Tmux::start(&s.ssh_line(), 100, 30, &[("LANG", "C.UTF-8")]);
    let screen = t.wait_for(|s| s.contains("Platforms 10/10"));
    assert!(screen.contains("运河财富小镇"), "{screen}");
    let widest = |s: &str| {
        s.lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    };
    assert!(widest(&screen) <= 100, "{screen}");
    t.resize(140, 40);
    let screen = t.wait_for(|s| widest(s) > 120);
    assert!(widest(&screen) > 120, "{screen}");
    // A search typed a key at a time, in Chinese.
    t.type_text("/");
    t.wait_for(|s| s.contains("search /"));
    t.type_text("电商");
    let screen = t.wait_for(|s| s.contains("search / 电商") && !s.contains("Platforms 10/10"));
    assert!(screen.contains("search / 电商"), "{screen}");
    t.keys(&["Escape", "Escape"]);
    t.wait_for(|s| s.contains("Platforms 10/10"));
    t.type_text("q");
    let screen = t.wait_for(|s| s.contains("EXIT="));
    assert!(screen.contains("EXIT=0"), "{screen}");
}

#[test]
fn past_the_cap_a_client_is_told_to_try_later() {
    if !tools::have(&["ssh", "tmux"]) {
        return;
    }
    let s = Server::start(&["--max-sessions", "1"]);
    let t = Tmux::start(&s.ssh_line(), 100, 30, &[]);
    t.wait_for(|s| s.contains("Platforms 10/10"));
    let o = s.ssh(&[], &["list"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("the server is full (1 sessions)"), "{err}");
    assert!(s.log().contains("refused: server full"), "{}", s.log());
    // The first session is untouched, and once it ends the next client gets in.
    t.type_text("q");
    t.wait_for(|s| s.contains("EXIT="));
    assert!(s.wait_log(|l| l.contains("atlas closed"), Duration::from_secs(5)));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(s.ssh(&[], &["list"]).status.code(), Some(0));
}

#[test]
fn an_idle_session_is_closed_with_a_message() {
    if !tools::have(&["ssh", "tmux"]) {
        return;
    }
    let s = Server::start(&["--idle-timeout", "2"]);
    let t = Tmux::start(&s.ssh_line(), 100, 30, &[]);
    t.wait_for(|s| s.contains("Platforms 10/10"));
    let screen = t.wait_for(|s| s.contains("EXIT="));
    assert!(
        screen.contains("closed after 2 seconds without a key"),
        "{screen}"
    );
    assert!(screen.contains("EXIT=0"), "{screen}");
}

#[test]
fn the_host_key_is_made_once_private_and_reused() {
    let dir = TempDir::new();
    let key = dir.0.join("sub").join("host_key");
    let fingerprint = |s: &Server| {
        let log = s.log();
        log.split("listening on ")
            .nth(1)
            .and_then(|r| r.split("host key ").nth(1))
            .and_then(|r| r.split_whitespace().next())
            .unwrap_or("")
            .to_string()
    };
    let mut a = Server::start_with_key(&key, &[]);
    let first = fingerprint(&a);
    assert!(first.starts_with("SHA256:"), "{}", a.log());
    assert!(a.log().contains("made a new host key"));
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let (status, _) = a.terminate();
    assert_eq!(status.and_then(|s| s.code()), Some(0));
    let b = Server::start_with_key(&key, &[]);
    assert_eq!(fingerprint(&b), first);
    assert!(!b.log().contains("made a new host key"));
}

#[test]
fn sigterm_tells_the_clients_and_exits_0_within_2_s() {
    if !tools::have(&["ssh", "tmux"]) {
        return;
    }
    let mut s = Server::start(&[]);
    let t = Tmux::start(&s.ssh_line(), 100, 30, &[]);
    t.wait_for(|s| s.contains("Platforms 10/10"));
    let (status, took) = s.terminate();
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{}", s.log());
    assert!(took < Duration::from_secs(2), "{took:?}");
    let screen = t.wait_for(|s| s.contains("EXIT="));
    assert!(screen.contains("shutting down"), "{screen}");
}

#[test]
fn garbage_a_stalled_handshake_and_a_flood_do_not_hold_up_others() {
    if !tools::have(&["ssh"]) {
        return;
    }
    use std::io::Write;
    let s = Server::start(&["--max-per-address", "8", "--connection-rate", "100/10"]);
    let addr = format!("127.0.0.1:{}", s.port);
    // One client says nothing at all; another sends garbage.
    let _silent = std::net::TcpStream::connect(&addr).unwrap();
    let mut garbage = std::net::TcpStream::connect(&addr).unwrap();
    let _ = garbage.write_all(&[0xff; 4096]);
    // One floods its atlas with keys, as fast as ssh sends them.
    let mut flood = Command::new("ssh")
        .arg("-tt")
        .args(s.ssh_args())
        .arg("anyone@127.0.0.1")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = flood.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = "jk电商/\x1b".repeat(1000);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(4) {
            if stdin.write_all(chunk.as_bytes()).is_err() {
                break;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(500));
    let before = s.rss_kib();
    // Meanwhile others are served promptly.
    for _ in 0..3 {
        let t = Instant::now();
        let o = s.ssh(&[], &["search", "电商"]);
        assert_eq!(o.status.code(), Some(0));
        assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    }
    writer.join().unwrap();
    let after = s.rss_kib();
    assert!(
        after < before + 64 * 1024,
        "memory grew from {before} KiB to {after} KiB"
    );
    let _ = flood.kill();
    let _ = flood.wait();
}

#[test]
fn a_viewer_follows_the_presenter_and_cannot_move_the_slides() {
    if !tools::have(&["ssh", "tmux"]) {
        return;
    }
    let dir = TempDir::new();
    let port = free_port();
    let home = dir.0.to_str().unwrap();
    let presenter = Tmux::start(
        &format!("{} present --share 127.0.0.1:{port}", bin()),
        120,
        40,
        &[("XDG_DATA_HOME", home)],
    );
    presenter.wait_for(|s| s.contains(" 1/13 ") && s.contains("0 watching"));
    let ssh = format!(
        "ssh -tt -p {port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
         -o BatchMode=yes -o LogLevel=ERROR anyone@127.0.0.1"
    );
    let viewer = Tmux::start(&ssh, 100, 30, &[]);
    // The title slide: the article's reporter.
    let overview = viewer.wait_for(|s| s.contains("徐青"));
    let screen = presenter.wait_for(|s| s.contains("1 watching"));
    assert!(screen.contains("1 watching"), "{screen}");
    // The presenter moves on; the viewer follows within a fraction of a second.
    presenter.keys(&["PageDown", "PageDown"]);
    presenter.wait_for(|s| s.contains(" 3/13 "));
    let t = Instant::now();
    let slide = viewer.wait_for(|s| s != overview && s.contains("重点产业"));
    assert!(slide.contains("重点产业"), "{slide}");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    // The viewer's keys move nothing.
    viewer.keys(&["PageDown", "PageDown", "End"]);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        presenter.screen().contains(" 3/13 "),
        "{}",
        presenter.screen()
    );
    viewer.type_text("q");
    let s = viewer.wait_for(|s| s.contains("EXIT="));
    assert!(s.contains("EXIT=0"), "{s}");
    let screen = presenter.wait_for(|s| s.contains("0 watching"));
    assert!(screen.contains("0 watching"), "{screen}");
    presenter.type_text("qq");
    presenter.wait_for(|s| s.contains("EXIT="));
}

#[test]
fn a_client_that_stops_reading_loses_its_slot_at_the_idle_deadline() {
    if !tools::have(&["ssh", "tmux"]) {
        return;
    }
    let s = Server::start(&["--max-sessions", "1", "--idle-timeout", "2"]);
    // The atlas's output goes to a process that never reads it; the window changes make big
    // frames until every buffer on the way is full.
    let t = Tmux::start(
        &format!("{} | sleep 1000", s.ssh_line()),
        100,
        30,
        &[("LANG", "C.UTF-8")],
    );
    assert!(s.wait_log(|l| l.contains("connected"), Duration::from_secs(10)));
    for (w, h) in [(250, 90), (240, 80), (250, 90), (230, 70), (250, 90)] {
        t.resize(w, h);
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        s.wait_log(|l| l.contains("closed"), Duration::from_secs(10)),
        "{}",
        s.log()
    );
    // The slot is free again: the next client is served, not told the server is full.
    let start = Instant::now();
    loop {
        let o = s.ssh(&[], &["list"]);
        if o.status.code() == Some(0) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(6),
            "{}\n{}",
            String::from_utf8_lossy(&o.stderr),
            s.log()
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

#[test]
fn silent_and_half_open_connections_are_closed_at_the_handshake_deadline() {
    use std::io::{Read, Write};
    let s = Server::start(&["--handshake-timeout", "2"]);
    let addr = format!("127.0.0.1:{}", s.port);
    // One sends nothing; one sends its banner, then nothing.
    let mut silent = std::net::TcpStream::connect(&addr).unwrap();
    let mut banner = std::net::TcpStream::connect(&addr).unwrap();
    banner.write_all(b"SSH-2.0-OpenSSH_9.6\r\n").unwrap();
    let mut hello = [0u8; 8];
    banner.read_exact(&mut hello).unwrap();
    assert_eq!(&hello, b"SSH-2.0-");
    for c in [&mut silent, &mut banner] {
        let took = closed_within(c, Duration::from_secs(8));
        assert!(
            took.is_some_and(|t| t < Duration::from_secs(4)),
            "{took:?}\n{}",
            s.log()
        );
    }
    assert!(
        s.wait_log(
            |l| l.contains("no authentication within 2 s"),
            Duration::from_secs(5)
        ),
        "{}",
        s.log()
    );
}

#[test]
fn unauthenticated_connections_have_their_own_budget_and_sessions_go_on() {
    if !tools::have(&["ssh"]) {
        return;
    }
    let dir = TempDir::new();
    let sock = dir.0.join("ctl");
    let sock = sock.to_str().unwrap();
    let s = Server::start(&[
        "--max-sessions",
        "2",
        "--max-startups",
        "6",
        "--connection-rate",
        "1000/10",
    ]);
    // An established session, multiplexed: its lookups are new channels, not new connections.
    let master = s.ssh(&["-M", "-S", sock, "-f", "-N"], &[]);
    assert_eq!(master.status.code(), Some(0), "{master:?}");
    let addr = format!("127.0.0.1:{}", s.port);
    // A flood of silent connections: six are held (not in session slots), the rest closed.
    let mut silent: Vec<_> = (0..12)
        .map(|_| std::net::TcpStream::connect(&addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let dropped = silent
        .iter_mut()
        .map(|c| closed_within(c, Duration::from_millis(400)).is_some())
        .filter(|&d| d)
        .count();
    assert_eq!(dropped, 6, "{}", s.log());
    assert!(s.wait_log(
        |l| l.contains("connections not yet authenticated"),
        Duration::from_secs(5)
    ));
    // The established session is served meanwhile, and more than 4 lookups on it.
    for _ in 0..3 {
        let o = s.ssh(&["-S", sock], &["show", "6"]);
        assert_eq!(o.status.code(), Some(0), "{o:?}");
    }
    // Silent connections take no session slot: once they are gone, a second client gets in.
    drop(silent);
    std::thread::sleep(Duration::from_millis(300));
    let o = s.ssh(&[], &["list"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}\n{}", s.log());
    let _ = s.ssh(&["-S", sock, "-O", "exit"], &[]);
}

#[test]
fn a_multiplexed_client_gets_every_channel_slot_back() {
    if !tools::have(&["ssh"]) {
        return;
    }
    let dir = TempDir::new();
    let sock = dir.0.join("ctl");
    let sock = sock.to_str().unwrap();
    let s = Server::start(&[]);
    let master = s.ssh(&["-M", "-S", sock, "-f", "-N"], &[]);
    assert_eq!(master.status.code(), Some(0), "{master:?}");
    let here = local(&["show", "6"]);
    // More lookups than channels allowed at once (4): each closed channel gives its slot back.
    for i in 0..10 {
        let o = s.ssh(&["-S", sock], &["show", "6"]);
        assert_eq!(o.status.code(), Some(0), "lookup {i}: {o:?}");
        assert_eq!(o.stdout, here.stdout, "lookup {i}");
    }
    let _ = s.ssh(&["-S", sock, "-O", "exit"], &[]);
}

#[test]
fn new_connections_past_the_per_address_rate_are_closed() {
    if !tools::have(&["ssh"]) {
        return;
    }
    let s = Server::start(&["--connection-rate", "3/60"]);
    for _ in 0..3 {
        assert_eq!(s.ssh(&[], &["list"]).status.code(), Some(0));
    }
    let o = s.ssh(&[], &["list"]);
    assert_eq!(o.status.code(), Some(255), "{o:?}");
    assert!(o.stdout.is_empty());
    // The log line may be written just after the client saw the connection close.
    assert!(
        s.wait_log(
            |l| l.contains("dropped: too many new connections from this address"),
            Duration::from_secs(5)
        ),
        "{}",
        s.log()
    );
}

#[test]
fn sighup_tells_the_clients_and_exits_0_like_sigterm() {
    if !tools::have(&["ssh", "tmux"]) {
        return;
    }
    let mut s = Server::start(&[]);
    let t = Tmux::start(&s.ssh_line(), 100, 30, &[]);
    t.wait_for(|s| s.contains("Platforms 10/10"));
    // SAFETY: sends a signal to our own child.
    unsafe { libc::kill(s.child.id() as i32, libc::SIGHUP) };
    let start = Instant::now();
    let mut status = None;
    while start.elapsed() < Duration::from_secs(5) && status.is_none() {
        status = s.child.try_wait().unwrap();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{}", s.log());
    assert!(start.elapsed() < Duration::from_secs(2));
    let screen = t.wait_for(|s| s.contains("EXIT="));
    assert!(screen.contains("shutting down"), "{screen}");
    assert!(s.log().contains("SIGHUP received"), "{}", s.log());
}

#[test]
fn x11_agent_and_foreign_environment_requests_are_refused_with_an_answer() {
    if !tools::have(&["ssh"]) {
        return;
    }
    let s = Server::start(&[]);
    let o = Command::new("timeout")
        .arg("20")
        .arg("ssh")
        .args(s.ssh_args())
        .args([
            "-o",
            "LogLevel=INFO",
            "-o",
            "ForwardX11=yes",
            "-o",
            "ForwardX11Trusted=yes",
        ])
        .args(["-o", "SetEnv=LD_PRELOAD=/tmp/x.so"])
        .arg("anyone@127.0.0.1")
        .args(["show", "6"])
        .env("DISPLAY", ":0")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert_eq!(o.stdout, local(&["show", "6"]).stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("X11 forwarding request failed"), "{err}");
    assert!(
        s.wait_log(
            |l| l.contains("refused: X11 forwarding")
                && l.contains("refused: environment variable LD_PRELOAD"),
            Duration::from_secs(5)
        ),
        "{}",
        s.log()
    );
}

#[test]
fn a_host_key_others_can_read_is_refused() {
    let dir = TempDir::new();
    let key = dir.0.join("host_key");
    let s = Server::start_with_key(&key, &[]);
    drop(s);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let o = Command::new(bin())
        .args(["serve", "--listen", "127.0.0.1:0", "--host-key"])
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("readable by others (mode 644)"), "{err}");
    assert!(err.contains("chmod 600"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// The server starts itself once more, the same process, with glibc's per-thread cache of freed
/// blocks off (what lets closed sessions' memory go back), keeping an operator's own tunables
/// beside it and their own choice for that cache.
#[test]
fn the_server_runs_with_glibcs_thread_cache_off_keeping_the_operators_tunables() {
    use std::io::{BufRead, BufReader};
    for (given, expected) in [
        (None, "glibc.malloc.tcache_count=0"),
        (
            Some("glibc.malloc.arena_max=2"),
            "glibc.malloc.arena_max=2:glibc.malloc.tcache_count=0",
        ),
        (
            Some("glibc.malloc.tcache_count=3"),
            "glibc.malloc.tcache_count=3",
        ),
    ] {
        let dir = TempDir::new();
        let mut cmd = Command::new(crate::helpers::tmux::bin());
        cmd.env_remove("GLIBC_TUNABLES")
            .args(["serve", "--listen", "127.0.0.1:0", "--host-key"])
            .arg(dir.join("host_key"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(g) = given {
            cmd.env("GLIBC_TUNABLES", g);
        }
        let mut child = cmd.spawn().unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        assert!(
            lines.any(|l| l.is_ok_and(|l| l.contains("listening on"))),
            "{given:?}: the server did not start"
        );
        // glibc ends each tunable it reads with a NUL where the ':' was, in place.
        let environ = std::fs::read(format!("/proc/{}/environ", child.id())).unwrap();
        let environ = String::from_utf8_lossy(&environ).replace('\0', ":");
        let _ = child.kill();
        let _ = child.wait();
        let at = environ.find("GLIBC_TUNABLES=").expect("GLIBC_TUNABLES set");
        let tunables = &environ[at + "GLIBC_TUNABLES=".len()..];
        assert!(
            tunables.starts_with(expected) && !tunables[expected.len()..].starts_with(":glibc."),
            "{given:?}: {tunables}"
        );
    }
}
