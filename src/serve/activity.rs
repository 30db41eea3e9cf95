//! When a connection last heard from its client, and the switch that ends it: shared by the
//! connection (deadlines) and the sessions on it, which touch it on every byte typed.

use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// When the connection last heard from its client, for the idle timer and the handshake limit.
pub(crate) struct Activity {
    /// When the connection was accepted.
    pub started: Instant,
    last_ms: AtomicU64,
    /// Whether the client has authenticated (the handshake limit then no longer applies).
    pub authed: AtomicBool,
    killed: AtomicBool,
    /// The stream's tasks waiting to read or write, woken when the connection is killed.
    wakers: Mutex<[Option<Waker>; 2]>,
}

impl Activity {
    pub fn new() -> Activity {
        Activity {
            started: Instant::now(),
            last_ms: AtomicU64::new(0),
            authed: AtomicBool::new(false),
            killed: AtomicBool::new(false),
            wakers: Mutex::new([None, None]),
        }
    }
    /// The client typed something (window changes and keepalive replies do not count).
    pub fn touch(&self) {
        self.last_ms
            .store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
    }
    pub fn idle(&self) -> Duration {
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.started.elapsed().saturating_sub(last)
    }
    /// End the connection now: its stream fails every read and write from here on, so the SSH
    /// session ends whatever it was waiting for (a client that stops reading included).
    pub fn kill(&self) {
        self.killed.store(true, Ordering::SeqCst);
        let wakers = std::mem::take(&mut *self.wakers.lock().unwrap_or_else(|e| e.into_inner()));
        for w in wakers.into_iter().flatten() {
            w.wake();
        }
    }
    fn check(&self, which: usize, cx: &Context<'_>) -> std::io::Result<()> {
        self.wakers.lock().unwrap_or_else(|e| e.into_inner())[which] = Some(cx.waker().clone());
        if self.killed.load(Ordering::SeqCst) {
            return Err(std::io::ErrorKind::ConnectionAborted.into());
        }
        Ok(())
    }
}

/// A connection's stream, ended by [`Activity::kill`], or as soon as a client not behind a
/// balancer sends a PROXY header of its own.
pub(crate) struct Guarded<S> {
    pub inner: S,
    pub activity: std::sync::Arc<Activity>,
    /// Looking at the client's first bytes; with the address for the log line.
    pub sniff: Option<(super::proxy::Sniff, std::net::SocketAddr)>,
}

impl<S: AsyncRead + Unpin> AsyncRead for Guarded<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        this.activity.check(0, cx)?;
        let before = buf.filled().len();
        let read = Pin::new(&mut this.inner).poll_read(cx, buf);
        if let (Poll::Ready(Ok(())), Some((sniff, peer))) = (&read, &mut this.sniff) {
            if sniff.feed(&buf.filled()[before..]) {
                super::log(&format!(
                    "{peer} refused: a PROXY protocol header from an address not given to \
                     --proxy-protocol"
                ));
                this.activity.kill();
                return Poll::Ready(Err(std::io::ErrorKind::PermissionDenied.into()));
            }
            if sniff.done() {
                this.sniff = None;
            }
        }
        read
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Guarded<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        this.activity.check(1, cx)?;
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }
    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        this.activity.check(1, cx)?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }
    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
