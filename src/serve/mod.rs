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
mod channels;
mod conn;
mod exec;
pub mod input;
mod line;
mod memory;
pub use memory::restart_without_thread_caches;
mod park;
mod proxy;
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

/// The largest remote terminal drawn (atlas and `map`): a client's larger window shows the
/// top-left 300x100, so one client cannot make each key cost the server tens of milliseconds.
pub const MAX_SIZE: (u16, u16) = (300, 100);
/// What a terminal that cannot show a full screen is told where the line mode cannot stand in
/// (the briefing, locally and to a viewer over SSH alike).
pub const DUMB_TERMINAL: &str = "this terminal (TERM=dumb) cannot show the briefing's slides.\n\
     Try the line mode, gongshu --plain, or the lookup commands: gongshu list, gongshu show 1, gongshu search 电商";
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
    /// How often a client is asked whether it is still there (3 unanswered close it).
    pub keepalive: Duration,
    /// From accept to authenticated, or the TCP connection is closed.
    pub handshake_timeout: Duration,
    /// The longest a connection may last, whatever it does.
    pub max_session_time: Option<Duration>,
    /// Unauthenticated connections: from `start`, drop new ones with probability `rate`% rising
    /// to 100% at `full` (sshd's MaxStartups).
    pub max_startups: Startups,
    /// New connections per address: `burst` at once, then one per `every` (a token bucket).
    pub connection_rate: Rate,
    /// The load balancers' addresses: connections from them start with a PROXY v2 header naming
    /// the client, and no other connection may send one.
    pub proxy_from: Vec<IpAddr>,
    /// The language when the client sends no `LANG`.
    pub lang: Lang,
    pub dataset_name: String,
}

pub use crate::cli::limits::{Rate, Startups};

/// One address's token bucket.
struct Bucket {
    tokens: f64,
    at: Instant,
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
    /// What every atlas session reads, held once: the dataset, its search index, its map's facts.
    pub atlas: AtlasData,
    pub opts: Options,
    /// Set when a shell shows the presenter's slides rather than the atlas.
    pub share: Option<Share>,
    live: AtomicUsize,
    /// Connections being turned away (told why, then closed): bounded too.
    refusing: AtomicUsize,
    per_address: Mutex<HashMap<IpAddr, usize>>,
    /// Connections not yet authenticated (their own budget; they hold no session slot).
    unauth: AtomicUsize,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
    random: std::sync::atomic::AtomicU64,
    /// Frames being drawn at once, server-wide: no more than there are cores.
    pub redraws: tokio::sync::Semaphore,
    /// Of those, the frames drawn for a new window size: at most half, so that a storm of
    /// window changes never holds every turn and keys are drawn without waiting behind it.
    pub resize_redraws: tokio::sync::Semaphore,
    /// Lookups running at once, on the blocking pool: no more than there are cores.
    pub lookups: tokio::sync::Semaphore,
    pub shutdown: watch::Receiver<bool>,
}

/// The dataset as the atlas sessions share it.
pub(crate) struct AtlasData {
    pub data: Arc<Dataset>,
    pub index: Arc<crate::search::Index>,
    /// The map's facts, the measures and the industries, worked out once for every session.
    pub derived: crate::app::atlas::Derived,
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

/// A place among the unauthenticated connections, given back when dropped.
pub(crate) struct Startup(Arc<Shared>);

impl Drop for Startup {
    fn drop(&mut self) {
        self.0.unauth.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Why a new TCP connection is closed at once, without a word of SSH.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dropped {
    /// Past the per-address rate.
    Rate,
    /// Unauthenticated connections at or past `start` (random early drop) or `full`.
    Startups(usize),
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
    /// Take a new TCP connection from `ip` into the handshake stage, or say why it is dropped.
    fn accept(self: &Arc<Self>, ip: IpAddr) -> Result<Startup, Dropped> {
        self.rate(ip)?;
        self.startup()
    }

    /// One more new connection from `ip`, or past its rate.
    fn rate(&self, ip: IpAddr) -> Result<(), Dropped> {
        {
            let rate = self.opts.connection_rate;
            let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let refill = rate.burst as f64 / rate.per.as_secs_f64();
            if buckets.len() > 65_536 {
                // Full buckets say nothing a fresh one would not.
                buckets.retain(|_, b| {
                    b.tokens + now.duration_since(b.at).as_secs_f64() * refill < rate.burst as f64
                });
            }
            let b = buckets.entry(ip).or_insert(Bucket {
                tokens: rate.burst as f64,
                at: now,
            });
            b.tokens =
                (b.tokens + now.duration_since(b.at).as_secs_f64() * refill).min(rate.burst as f64);
            b.at = now;
            if b.tokens < 1.0 {
                return Err(Dropped::Rate);
            }
            b.tokens -= 1.0;
        }
        Ok(())
    }

    /// A place among the unauthenticated connections, or why not.
    fn startup(self: &Arc<Self>) -> Result<Startup, Dropped> {
        let st = self.opts.max_startups;
        let n = self.unauth.load(Ordering::SeqCst);
        if n >= st.full {
            return Err(Dropped::Startups(n));
        }
        if n >= st.start {
            // From `rate`% at `start` to 100% at `full`, as sshd does.
            let span = (st.full - st.start).max(1) as u64;
            let p = st.rate as u64 + (100 - st.rate as u64) * (n - st.start) as u64 / span;
            if self.roll() % 100 < p {
                return Err(Dropped::Startups(n));
            }
        }
        self.unauth.fetch_add(1, Ordering::SeqCst);
        Ok(Startup(self.clone()))
    }

    /// A cheap random number (xorshift), enough to pick which connections to drop.
    fn roll(&self) -> u64 {
        let mut x = self.random.load(Ordering::Relaxed);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.random.store(x, Ordering::Relaxed);
        x
    }

    /// Let a connection from `ip` in, or say why not; `None` to drop it without a word (even the
    /// refusals are at their limit).
    pub(crate) fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<Admission> {
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

/// How many cores this process may use: the bound on frames drawn and lookups run at once.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
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
        Ok(bytes) => {
            // As sshd: a private key others can read is no longer private.
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path)
                .map_err(|e| bad(&e))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    format!(
                        "host key {} is readable by others (mode {:o}); make it owner-only \
                         with `chmod 600 {}`",
                        path.display(),
                        mode & 0o777,
                        path.display()
                    ),
                ));
            }
            return PrivateKey::from_openssh(&bytes).map_err(|e| bad(&e));
        }
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
    crate::heap::give_back_what_sessions_free();
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
        // A closed controlling terminal (or a service manager's reload) must not kill the
        // clients' sessions mid-frame: SIGHUP ends the server as SIGTERM does.
        let mut hup = signal(SignalKind::hangup())?;
        let stop = async move {
            let name = tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
                _ = hup.recv() => "SIGHUP",
            };
            log(&format!("{name} received"));
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
        "listening on {addr}, host key {fp} ({}); at most {} sessions, {} per address, idle {} s, \
         handshake {} s, {}:{}:{} unauthenticated, {} new per {} s per address",
        opts.host_key.display(),
        opts.max_sessions,
        opts.max_per_address,
        opts.idle_timeout.as_secs(),
        opts.handshake_timeout.as_secs(),
        opts.max_startups.start,
        opts.max_startups.rate,
        opts.max_startups.full,
        opts.connection_rate.burst,
        opts.connection_rate.per.as_secs()
    ));
    let config = Arc::new(russh::server::Config {
        server_id: russh::SshId::Standard("SSH-2.0-gongshu".into()),
        methods: russh::MethodSet::from(
            &[russh::MethodKind::None, russh::MethodKind::PublicKey][..],
        ),
        auth_rejection_time: Duration::from_millis(100),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![key],
        // Dead clients are found by keepalives (no answer to 3 in a row); the deadlines that
        // close live ones (handshake, idle, session time) are conn.rs's, on bytes typed, since
        // the library counts keepalive replies as activity.
        keepalive_interval: Some(opts.keepalive),
        keepalive_max: 3,
        inactivity_timeout: None,
        // Small windows and buffers: a flood waits in the client's TCP buffer, not in ours.
        window_size: 64 * 1024,
        maximum_packet_size: 32 * 1024,
        channel_buffer_size: 16,
        event_buffer_size: 16,
        max_auth_attempts: 4,
        nodelay: true,
        ..Default::default()
    });
    if !opts.proxy_from.is_empty() {
        let list: Vec<String> = opts.proxy_from.iter().map(|a| a.to_string()).collect();
        log(&format!("PROXY v2 headers read from {}", list.join(", ")));
    }
    let (tell, shutdown) = watch::channel(false);
    let atlas = AtlasData {
        index: Arc::new(crate::search::Index::new(&data)),
        data: Arc::new(data.clone()),
        derived: Default::default(),
    };
    let shared = Arc::new(Shared {
        data,
        atlas,
        opts,
        share,
        live: AtomicUsize::new(0),
        refusing: AtomicUsize::new(0),
        per_address: Mutex::new(HashMap::new()),
        unauth: AtomicUsize::new(0),
        buckets: Mutex::new(HashMap::new()),
        random: std::sync::atomic::AtomicU64::new(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0x9e37_79b9, |d| d.as_nanos() as u64)
                | 1,
        ),
        redraws: tokio::sync::Semaphore::new(cores()),
        resize_redraws: tokio::sync::Semaphore::new((cores() / 2).max(1)),
        lookups: tokio::sync::Semaphore::new(cores()),
        shutdown,
    });
    tokio::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else { continue };
                if proxy::listed(&shared.opts.proxy_from, peer.ip()) {
                    // The client's address (and so its rate) is known once the header is read.
                    match shared.startup() {
                        Ok(startup) => {
                            tokio::spawn(proxied(shared.clone(), config.clone(), stream, peer, startup));
                        }
                        Err(why) => dropped(peer, why),
                    }
                    continue;
                }
                match shared.accept(peer.ip()) {
                    Ok(startup) => {
                        let activity = Arc::new(activity::Activity::new());
                        tokio::spawn(conn::run(shared.clone(), config.clone(), stream, peer, startup, activity, true));
                    }
                    // Closed at once: an answer costs more than the flood it answers.
                    Err(why) => dropped(peer, why),
                }
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

/// A new connection closed at once, without a word of SSH: the log line.
fn dropped(peer: SocketAddr, why: Dropped) {
    log(&format!(
        "{peer} dropped: {}",
        match why {
            Dropped::Rate => "too many new connections from this address".to_string(),
            Dropped::Startups(n) => format!("{n} connections not yet authenticated"),
        }
    ));
}

/// A connection from a load balancer: its PROXY v2 header first, within the handshake deadline,
/// then SSH as the client it names, whose address the limits and the log see.
async fn proxied(
    shared: Arc<Shared>,
    config: Arc<russh::server::Config>,
    mut stream: tokio::net::TcpStream,
    balancer: SocketAddr,
    startup: Startup,
) {
    let activity = Arc::new(activity::Activity::new());
    let limit = shared.opts.handshake_timeout;
    let read = tokio::time::timeout(limit, proxy::read_header(&mut stream, balancer)).await;
    let client = match read {
        Ok(Ok(client)) => client,
        Ok(Err(why)) => {
            log(&format!("{balancer} refused: {why}"));
            return;
        }
        Err(_) => {
            log(&format!(
                "{balancer} closed: no PROXY v2 header within {} s",
                limit.as_secs()
            ));
            return;
        }
    };
    if let Err(why) = shared.rate(client.ip()) {
        dropped(client, why);
        return;
    }
    conn::run(shared, config, stream, client, startup, activity, false).await;
}
