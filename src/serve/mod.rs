//! `gongshu serve`: the atlas and the lookup commands over SSH, for anyone, with no account.
//!
//! Each connection gets its own [`crate::app::atlas::App`], drawn by the same `view::render` as the
//! local atlas into a buffer that is sent down the channel (`atlas.rs`); the bytes the client
//! types are decoded into key events (`input.rs`). Exec requests run only the lookup commands
//! through the same code as the command line (`exec.rs`). `conn.rs` is the SSH side: what is
//! accepted and what is refused. This file is the listener: limits, host key, shutdown.
//!
//! Uses the model (`app`), the view and the CLI's commands; never the local `terminal`, whose
//! terminal is not the client's.

mod activity;
mod atlas;
mod conn;
mod exec;
pub mod input;
mod viewer;

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{HashAlg, PrivateKey};
use tokio::sync::watch;

use crate::dataset::Dataset;
use crate::lang::Lang;

/// The largest terminal drawn, as locally.
pub const MAX_SIZE: (u16, u16) = (1000, 500);
/// How long a client has to say hello and authenticate.
const HANDSHAKE: Duration = Duration::from_secs(20);
/// How long connected clients get to be told and closed on shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(1500);

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub listen: SocketAddr,
    pub host_key: PathBuf,
    pub max_sessions: usize,
    pub max_per_address: usize,
    pub idle_timeout: Duration,
    /// The language when the client sends no `LANG`.
    pub lang: Lang,
    pub dataset_name: String,
}

/// A briefing being shared (`present --share`): viewers follow `link`.
#[derive(Debug, Clone)]
pub struct Share {
    pub link: crate::app::briefing::ShareLink,
    pub spotlights: Vec<crate::app::briefing::Spotlight>,
    pub theme: crate::view::theme::ThemeKind,
}

/// No log lines: the presenter's terminal is showing the briefing.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// What every connection shares.
pub(crate) struct Shared {
    pub data: Dataset,
    pub opts: Options,
    /// Set when a shell shows the presenter's slides rather than the atlas.
    pub share: Option<Share>,
    live: AtomicUsize,
    /// Connections being turned away (told why, then closed): bounded too.
    refusing: AtomicUsize,
    per_address: Mutex<HashMap<IpAddr, usize>>,
    pub shutdown: watch::Receiver<bool>,
}

/// Why a connection is not let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    Full(usize),
    TooManyFromAddress,
}

/// A place among the live connections, given back when dropped.
pub(crate) struct Slot {
    shared: Arc<Shared>,
    ip: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.shared.live.fetch_sub(1, Ordering::SeqCst);
        let mut map = self
            .shared
            .per_address
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(n) = map.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

/// A turned-away connection's place, so that refusing cannot grow without bound either.
pub(crate) struct RefusalSlot(Arc<Shared>);

impl Drop for RefusalSlot {
    fn drop(&mut self) {
        self.0.refusing.fetch_sub(1, Ordering::SeqCst);
    }
}

pub(crate) enum Admission {
    In(#[allow(dead_code)] Slot),
    Out(Refusal, #[allow(dead_code)] RefusalSlot),
}

impl Shared {
    /// Let a connection from `ip` in, or say why not; `None` to drop it without a word (even the
    /// refusals are at their limit).
    fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<Admission> {
        let mut map = self.per_address.lock().unwrap_or_else(|e| e.into_inner());
        let live = self.live.load(Ordering::SeqCst);
        let from = map.get(&ip).copied().unwrap_or(0);
        let refusal = if live >= self.opts.max_sessions {
            Some(Refusal::Full(self.opts.max_sessions))
        } else if from >= self.opts.max_per_address {
            Some(Refusal::TooManyFromAddress)
        } else {
            None
        };
        match refusal {
            None => {
                self.live.fetch_add(1, Ordering::SeqCst);
                *map.entry(ip).or_default() += 1;
                Some(Admission::In(Slot {
                    shared: self.clone(),
                    ip,
                }))
            }
            Some(r) => {
                if self.refusing.fetch_add(1, Ordering::SeqCst) >= self.opts.max_sessions.max(8) {
                    self.refusing.fetch_sub(1, Ordering::SeqCst);
                    return None;
                }
                Some(Admission::Out(r, RefusalSlot(self.clone())))
            }
        }
    }

    pub fn live(&self) -> usize {
        self.live.load(Ordering::SeqCst)
    }
}

/// One line to the log (stderr).
pub(crate) fn log(line: &str) {
    if QUIET.load(Ordering::Relaxed) {
        return;
    }
    let _ = writeln!(
        io::stderr(),
        "gongshu serve: {}",
        crate::text::one_line(line)
    );
}

/// Where the host key goes by default: `$XDG_DATA_HOME/gongshu/host_key`, or
/// `~/.local/share/gongshu/host_key`.
pub fn default_host_key() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })?;
    Some(base.join("gongshu").join("host_key"))
}

/// Read the host key at `path`, or make one there (Ed25519, owner-only permissions).
pub fn host_key(path: &Path) -> io::Result<PrivateKey> {
    let bad = |e: &dyn std::fmt::Display| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("host key {}: {e}", path.display()),
        )
    };
    match std::fs::read(path) {
        Ok(bytes) => return PrivateKey::from_openssh(&bytes).map_err(|e| bad(&e)),
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(bad(&e)),
        Err(_) => {}
    }
    let mut seed = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| io::Read::read_exact(&mut f, &mut seed))
        .map_err(|e| bad(&e))?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let text = key.to_openssh(LineEnding::LF).map_err(|e| bad(&e))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| bad(&e))?;
    }
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| bad(&e))?;
    f.write_all(text.as_bytes()).map_err(|e| bad(&e))?;
    log(&format!("made a new host key in {}", path.display()));
    Ok(key)
}

/// Run the server until SIGTERM or SIGINT; then tell the clients, close within 2 s, return.
pub fn run(data: Dataset, opts: Options) -> io::Result<()> {
    let key = host_key(&opts.host_key)?;
    let fingerprint = key.public_key().fingerprint(HashAlg::Sha256);
    let listener = std::net::TcpListener::bind(opts.listen)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        let stop = async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        };
        serve(
            data,
            opts,
            None,
            listener,
            key,
            fingerprint.to_string(),
            stop,
        )
        .await
    })
}

/// Serve a briefing to viewers from a thread of its own, for as long as the process runs; the
/// fingerprint of the host key is returned once the port is bound.
pub fn share(data: Dataset, opts: Options, share: Share) -> io::Result<String> {
    let key = host_key(&opts.host_key)?;
    let fingerprint = key.public_key().fingerprint(HashAlg::Sha256).to_string();
    let listener = std::net::TcpListener::bind(opts.listen)?;
    QUIET.store(true, Ordering::Relaxed);
    let fp = fingerprint.clone();
    std::thread::Builder::new()
        .name("share".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build();
            if let Ok(rt) = runtime {
                let never = std::future::pending::<()>();
                let _ = rt.block_on(serve(data, opts, Some(share), listener, key, fp, never));
            }
        })?;
    Ok(fingerprint)
}

async fn serve(
    data: Dataset,
    opts: Options,
    share: Option<Share>,
    listener: std::net::TcpListener,
    key: PrivateKey,
    fp: String,
    stop: impl std::future::Future<Output = ()>,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let addr = listener.local_addr()?;
    log(&format!(
        "listening on {addr}, host key {fp} ({}); at most {} sessions, {} per address, idle {} s",
        opts.host_key.display(),
        opts.max_sessions,
        opts.max_per_address,
        opts.idle_timeout.as_secs()
    ));
    let config = Arc::new(russh::server::Config {
        server_id: russh::SshId::Standard("SSH-2.0-gongshu".into()),
        methods: russh::MethodSet::from(
            &[russh::MethodKind::None, russh::MethodKind::PublicKey][..],
        ),
        auth_rejection_time: Duration::from_millis(100),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![key],
        // Dead clients are found by keepalives; a live one idle too long is closed by the
        // session's own idle timer, with a message.
        keepalive_interval: Some(Duration::from_secs(15)),
        keepalive_max: 3,
        inactivity_timeout: Some(opts.idle_timeout + Duration::from_secs(60)),
        // Small windows and buffers: a flood waits in the client's TCP buffer, not in ours.
        window_size: 64 * 1024,
        maximum_packet_size: 32 * 1024,
        channel_buffer_size: 16,
        event_buffer_size: 16,
        max_auth_attempts: 4,
        nodelay: true,
        ..Default::default()
    });
    let (tell, shutdown) = watch::channel(false);
    let shared = Arc::new(Shared {
        data,
        opts,
        share,
        live: AtomicUsize::new(0),
        refusing: AtomicUsize::new(0),
        per_address: Mutex::new(HashMap::new()),
        shutdown,
    });
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                let Some(admission) = shared.admit(peer.ip()) else {
                    log(&format!("{peer} dropped: too many connections being refused"));
                    continue;
                };
                match &admission {
                    Admission::In(_) => log(&format!("{peer} connected ({} live)", shared.live())),
                    Admission::Out(r, _) => log(&format!("{peer} refused: {}", match r {
                        Refusal::Full(n) => format!("server full ({n} sessions)"),
                        Refusal::TooManyFromAddress => "too many sessions from this address".into(),
                    })),
                }
                tokio::spawn(conn::run(shared.clone(), config.clone(), stream, peer, admission));
            }
            _ = &mut stop => break,
        }
    }
    drop(listener);
    log(&format!("shutting down; telling {} clients", shared.live()));
    let _ = tell.send(true);
    let started = Instant::now();
    while shared.live() > 0 && started.elapsed() < SHUTDOWN_GRACE {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}
