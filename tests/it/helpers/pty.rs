//! The real binary in a pseudo-terminal, with every byte it writes kept for inspection. Used by
//! the fault tests and the start-up benchmark.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

use super::bytes::Bytes;

pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    bytes: Bytes,
}

pub fn spawn(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
    spawn_cmd(env!("CARGO_BIN_EXE_gongshu"), args, env, cols, rows)
}

pub fn spawn_cmd(prog: &str, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
    spawn_full(prog, args, env, cols, rows, true)
}

/// `read: false` leaves the output unread, so that dropping the master really closes the pty
/// (a reader thread would hold a duplicate of it open).
pub fn spawn_full(
    prog: &str,
    args: &[&str],
    env: &[(&str, &str)],
    cols: u16,
    rows: u16,
    read: bool,
) -> Session {
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
    for k in ["NO_COLOR", "COLORTERM", "SSH_CONNECTION", "SSH_TTY"] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    let bytes = Bytes::default();
    let mut sink = bytes.clone();
    let mut reader = pair.master.try_clone_reader().unwrap();
    if !read {
        drop(reader);
        reader = Box::new(std::io::empty());
    }
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let _ = sink.write_all(&buf[..n]);
        }
    });
    let writer = pair.master.take_writer().unwrap();
    Session {
        child,
        master: Some(pair.master),
        writer: Some(writer),
        bytes,
    }
}

impl Session {
    /// Close our side of the terminal, as when an SSH connection drops.
    pub fn close_pty(&mut self) {
        drop(self.writer.take());
        drop(self.master.take());
    }

    /// The process id, for signals and /proc.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("pid")
    }

    pub fn output(&self) -> Vec<u8> {
        self.bytes.snapshot()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.output()).into_owned()
    }

    /// Wait until the output contains `needle`, up to 10 s.
    pub fn wait_for(&self, needle: &str) -> bool {
        self.wait_until(Duration::from_secs(10), |text| text.contains(needle))
    }

    /// Wait until the output, as text, passes `test`; exact to the write that passed it.
    pub fn wait_until(&self, limit: Duration, test: impl Fn(&str) -> bool) -> bool {
        self.bytes
            .wait_until(limit, |b| test(&String::from_utf8_lossy(b)))
    }

    /// Wait for the output to stop changing for a moment (the frame is complete).
    pub fn settle(&self) {
        let mut last = 0;
        let start = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(150));
            let n = self.bytes.len();
            if n == last || start.elapsed() > Duration::from_secs(10) {
                return;
            }
            last = n;
        }
    }

    pub fn send(&mut self, s: &str) {
        self.send_bytes(s.as_bytes());
    }

    /// Send raw bytes, which need not be UTF-8 (a terminal can send anything).
    pub fn send_bytes(&mut self, b: &[u8]) {
        let w = self.writer.as_mut().unwrap();
        w.write_all(b).unwrap();
        w.flush().unwrap();
    }

    pub fn signal(&self, sig: i32) {
        let pid = self.pid();
        let ok = std::process::Command::new("kill")
            .args([format!("-{sig}"), pid.to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok);
    }

    /// The exit code, if the process ends within `limit`.
    pub fn exit_within(&mut self, limit: Duration) -> Option<u32> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status.exit_code());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
