//! When a connection last heard from its client: shared by the connection (idle timer, handshake
//! limit) and the sessions on it, which touch it on every packet.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// When the connection last heard from its client, for the idle timer and the handshake limit.
pub(crate) struct Activity {
    /// When the connection was accepted.
    pub started: Instant,
    last_ms: AtomicU64,
    /// Whether the client has authenticated (the handshake limit then no longer applies).
    pub authed: AtomicBool,
}

impl Activity {
    pub fn new() -> Activity {
        Activity {
            started: Instant::now(),
            last_ms: AtomicU64::new(0),
            authed: AtomicBool::new(false),
        }
    }
    pub fn touch(&self) {
        self.last_ms
            .store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
    }
    pub fn idle(&self) -> Duration {
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.started.elapsed().saturating_sub(last)
    }
}
