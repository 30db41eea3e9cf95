//! `gongshu serve` started for a test: on a free loopback port, with a host key in a temporary
//! folder, its log kept; the OpenSSH command lines that reach it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::temp::TempDir;
use super::tmux::bin;

pub struct Server {
    pub child: Child,
    pub port: u16,
    log: Arc<Mutex<String>>,
    _dir: Option<TempDir>,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    /// Start on a free loopback port with a host key in a temporary folder.
    pub fn start(extra: &[&str]) -> Server {
        let dir = TempDir::new();
        let key = dir.0.join("host_key");
        let mut s = Server::start_with_key(&key, extra);
        s._dir = Some(dir);
        s
    }

    pub fn start_with_key(key: &Path, extra: &[&str]) -> Server {
        for _ in 0..5 {
            let port = free_port();
            let listen = format!("127.0.0.1:{port}");
            // As a service runs: no TERM (and, where the tests run without one, no terminal).
            let mut child = Command::new(bin())
                .env_remove("TERM")
                .args(["serve", "--listen", &listen, "--host-key"])
                .arg(key)
                .args(extra)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start gongshu serve");
            let log = Arc::new(Mutex::new(String::new()));
            let stderr = child.stderr.take().unwrap();
            let sink = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    let mut l = sink.lock().unwrap();
                    l.push_str(&line);
                    l.push('\n');
                }
            });
            let s = Server {
                child,
                port,
                log,
                _dir: None,
            };
            if s.wait_log(|l| l.contains("listening on"), Duration::from_secs(10)) {
                return s;
            }
            // The port was taken meanwhile: try another.
        }
        panic!("the server did not start");
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    pub fn wait_log(&self, test: impl Fn(&str) -> bool, limit: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < limit {
            if test(&self.log()) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        false
    }

    pub fn ssh_args(&self) -> Vec<String> {
        [
            "-p",
            &self.port.to_string(),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "ConnectTimeout=10",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    /// `ssh … anyone@127.0.0.1 COMMAND` with its output.
    pub fn ssh(&self, options: &[&str], command: &[&str]) -> Output {
        Command::new("timeout")
            .arg("20")
            .arg("ssh")
            .args(self.ssh_args())
            .args(options)
            .arg("anyone@127.0.0.1")
            .args(command)
            .stdin(Stdio::null())
            .output()
            .expect("run ssh")
    }

    /// The ssh command line for tmux, for an interactive session.
    pub fn ssh_line(&self) -> String {
        format!("ssh -tt {} anyone@127.0.0.1", self.ssh_args().join(" "))
    }

    /// The server's resident memory now, in KiB.
    pub fn rss_kib(&self) -> u64 {
        super::proc::rss_kib(self.child.id())
    }

    pub fn terminate(&mut self) -> (Option<std::process::ExitStatus>, Duration) {
        // SAFETY: sends a signal to our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(st)) = self.child.try_wait() {
                return (Some(st), start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        (None, start.elapsed())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Read from `s` until it is closed by the server (or `limit` passes); how long that took.
pub fn closed_within(s: &mut std::net::TcpStream, limit: Duration) -> Option<Duration> {
    use std::io::Read;
    let start = Instant::now();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut buf = [0u8; 4096];
    while start.elapsed() < limit {
        match s.read(&mut buf) {
            Ok(0) => return Some(start.elapsed()),
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Some(start.elapsed()),
        }
    }
    None
}
