//! A tmux server of our own, to drive the real binary by keys and read its screen as a person
//! would.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A tmux server of our own (its own socket), killed when dropped.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Start `command` in a detached session of the given size.
    pub fn start(command: &str, w: u16, h: u16, env: &[(&str, &str)]) -> Tmux {
        let socket = format!("gongshu-test-{}-{}", std::process::id(), rand_suffix());
        let t = Tmux { socket };
        let mut args: Vec<String> = vec![
            "new-session".into(),
            "-d".into(),
            "-x".into(),
            w.to_string(),
            "-y".into(),
            h.to_string(),
        ];
        for (k, v) in env {
            args.push("-e".into());
            args.push(format!("{k}={v}"));
        }
        // Print the exit status after the program ends, and keep the pane open to read it.
        args.push(format!("{command}; echo EXIT=$?; sleep 30"));
        let ok = t.tmux(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(
            ok,
            "tmux could not start; the pseudo-terminal tests need tmux installed"
        );
        t
    }

    fn tmux(&self, args: &[&str]) -> bool {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args));
    }

    /// Type text literally (so `q` is a q, and Chinese arrives as UTF-8).
    pub fn type_text(&self, text: &str) {
        assert!(self.tmux(&["send-keys", "-t", "0", "-l", text]));
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-t", "0"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen satisfies `test`, up to 10 s; return the screen either way.
    pub fn wait_for(&self, test: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if test(&s) || start.elapsed() > Duration::from_secs(10) {
                return s;
            }
            sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_gongshu")
}

impl Tmux {
    pub fn resize(&self, w: u16, h: u16) {
        assert!(self.tmux(&[
            "resize-window",
            "-t",
            "0",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string()
        ]));
    }
}
