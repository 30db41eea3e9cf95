//! One SSH connection: anyone is let in; a shell gets the atlas, an exec runs a lookup, and
//! everything else (forwarding, agents, subsystems, X11) is refused.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use russh::server::{Auth, ChannelOpenHandle, Handle, Msg, Session};
use russh::{Channel, ChannelId, Disconnect, Pty};
use tokio::sync::mpsc;

use super::activity::{Activity, Guarded};
use super::atlas::{self, Event};
pub(crate) use super::channels::{Channels, close};
use super::exec::MAX_COMMAND;
use super::{Admission, Refusal, Shared, Startup, log};
use crate::lang::Lang;
use crate::view::theme::{ColorDepth, color_depth};
use crate::words::Word;

/// At most this many channels open on one connection.
const MAX_CHANNELS: usize = 4;
/// Input packets queued for a session beyond this are dropped (a flood costs the flooder only).
const INPUT_QUEUE: usize = 64;
/// How long past the idle timeout the connection is closed if its sessions did not close it
/// (a session blocked on a client that stopped reading cannot).
const IDLE_GRACE: Duration = Duration::from_secs(2);

/// What the client asked of one channel before starting it.
#[derive(Debug, Default, Clone)]
struct Setup {
    /// TERM and the size, if a pty was requested.
    pty: Option<(String, u16, u16)>,
    lang: Option<Lang>,
    no_color: bool,
    colorterm: Option<String>,
}

pub(crate) struct Conn {
    shared: Arc<Shared>,
    peer: SocketAddr,
    /// Held until authenticated: the handshake stage's budget.
    startup: Option<Startup>,
    /// Taken on authentication: a session slot, or why not.
    admission: Option<Admission>,
    activity: Arc<Activity>,
    setups: HashMap<ChannelId, Setup>,
    channels: Channels,
    running: HashMap<ChannelId, mpsc::Sender<Event>>,
    /// The last size sent to each session, so a same-size change costs nothing.
    sizes: HashMap<ChannelId, (u16, u16)>,
}

/// Serve one TCP connection until it ends; whatever the client does or stops doing, the TCP
/// connection is closed at the handshake deadline, the idle deadline (on bytes typed) and the
/// session time limit.
pub(crate) async fn run(
    shared: Arc<Shared>,
    config: Arc<russh::server::Config>,
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    startup: Startup,
    activity: Arc<Activity>,
    sniff: bool,
) {
    let conn = Conn {
        shared: shared.clone(),
        peer,
        startup: Some(startup),
        admission: None,
        activity: activity.clone(),
        setups: HashMap::new(),
        channels: Channels::default(),
        running: HashMap::new(),
        sizes: HashMap::new(),
    };
    // The library sets TCP_NODELAY only on sockets it accepts itself: without it a frame's last
    // packet can wait for the client's delayed ACK (40 ms and more).
    let _ = stream.set_nodelay(config.nodelay);
    let stream = Guarded {
        inner: stream,
        activity: activity.clone(),
        sniff: sniff.then(|| (super::proxy::Sniff::new(), peer)),
    };
    let handle: OnceLock<Handle> = OnceLock::new();
    let session = async {
        if let Ok(running) = russh::server::run_stream(config, stream, conn).await {
            let _ = handle.set(running.handle());
            let _ = running.await;
        }
    };
    let opts = &shared.opts;
    let mut shutdown = shared.shutdown.clone();
    let watchdog = async {
        loop {
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(250)) => {}
                _ = shutdown.changed() => {
                    // The sessions say goodbye themselves; then the connection goes.
                    tokio::time::sleep(Duration::from_millis(700)).await;
                    return "server shutting down".to_string();
                }
            }
            let age = activity.started.elapsed();
            if !activity.authed.load(Ordering::Relaxed) {
                if age > opts.handshake_timeout {
                    return format!(
                        "no authentication within {} s",
                        opts.handshake_timeout.as_secs()
                    );
                }
                continue;
            }
            if activity.idle() > opts.idle_timeout + IDLE_GRACE {
                return format!("idle {} s", opts.idle_timeout.as_secs());
            }
            if let Some(limit) = opts.max_session_time
                && age > limit
            {
                return format!("session time limit ({} s)", limit.as_secs());
            }
        }
    };
    tokio::pin!(session);
    let why = tokio::select! {
        _ = &mut session => return,
        why = watchdog => why,
    };
    log(&format!("{peer} closed: {why}"));
    if let Some(h) = handle.get() {
        // A goodbye if the client is reading; it is not waited for long.
        let bye = h.disconnect(Disconnect::ByApplication, why, "en".into());
        let _ = tokio::time::timeout(Duration::from_millis(500), bye).await;
        let _ = tokio::time::timeout(Duration::from_millis(500), &mut session).await;
    }
    activity.kill();
    let _ = tokio::time::timeout(Duration::from_secs(2), session).await;
}

impl Conn {
    fn lang(&self, channel: ChannelId) -> Lang {
        self.setups
            .get(&channel)
            .and_then(|s| s.lang)
            .unwrap_or(self.shared.opts.lang)
    }

    /// The client is authenticated: it leaves the handshake budget and takes a session slot
    /// (or learns why not when it opens a session). `false` if even refusing is at its limit.
    fn authenticated(&mut self) -> bool {
        self.activity.authed.store(true, Ordering::Relaxed);
        self.activity.touch();
        if self.admission.is_some() {
            return true;
        }
        self.startup = None;
        match self.shared.admit(self.peer.ip()) {
            Some(a) => {
                match &a {
                    Admission::In(_) => log(&format!(
                        "{} connected ({} live)",
                        self.peer,
                        self.shared.live()
                    )),
                    Admission::Out(r, _) => log(&format!(
                        "{} refused: {}",
                        self.peer,
                        match r {
                            Refusal::Full(n) => format!("server full ({n} sessions)"),
                            Refusal::TooManyFromAddress =>
                                "too many sessions from this address".into(),
                        }
                    )),
                }
                self.admission = Some(a);
                true
            }
            None => {
                log(&format!(
                    "{} dropped: too many connections being refused",
                    self.peer
                ));
                self.activity.kill();
                false
            }
        }
    }

    /// Say a one-line reason on the channel's stderr and close it.
    fn say_and_close(&self, channel: ChannelId, line: &str, session: &mut Session) {
        let _ = session.extended_data(channel, 1, format!("gongshu: {line}\r\n").into_bytes());
        let _ = session.exit_status_request(channel, 2);
        let _ = session.eof(channel);
        let _ = session.close(channel);
        self.channels.closed(channel);
    }

    /// Say why this connection is turned away, on the channel's stderr, and close it.
    fn refuse(&self, channel: ChannelId, session: &mut Session) -> bool {
        let Some(Admission::Out(why, _)) = &self.admission else {
            return false;
        };
        let lang = self.lang(channel);
        let line = match why {
            Refusal::Full(n) => lang.word_with(Word::ServeFull, &n.to_string()),
            Refusal::TooManyFromAddress => lang.word(Word::ServeTooManyFromYou),
        };
        self.say_and_close(channel, &line, session);
        true
    }
}

impl russh::server::Handler for Conn {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        Ok(if self.authenticated() {
            Auth::Accept
        } else {
            Auth::reject()
        })
    }

    async fn auth_publickey(
        &mut self,
        _user: &str,
        _key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(if self.authenticated() {
            Auth::Accept
        } else {
            Auth::reject()
        })
    }

    async fn auth_password(&mut self, _user: &str, _pw: &str) -> Result<Auth, Self::Error> {
        Ok(Auth::reject())
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.activity.touch();
        let full = {
            let mut open = self.channels.lock();
            let full = open.len() >= MAX_CHANNELS;
            if !full {
                open.insert(channel.id());
                // What was kept for channels closed since goes too.
                self.setups.retain(|id, _| open.contains(id));
                self.running.retain(|id, _| open.contains(id));
                self.sizes.retain(|id, _| open.contains(id));
            }
            full
        };
        if full {
            reply
                .reject(russh::ChannelOpenFailure::ResourceShortage)
                .await;
            return Ok(());
        }
        self.setups.insert(channel.id(), Setup::default());
        reply.accept().await;
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.setups.remove(&channel);
        self.sizes.remove(&channel);
        self.channels.closed(channel);
        if let Some(tx) = self.running.remove(&channel) {
            let _ = tx.try_send(Event::Closed);
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(tx) = self.running.get(&channel) {
            let _ = tx.try_send(Event::Closed);
        }
        Ok(())
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        cols: u32,
        rows: u32,
        _pw: u32,
        _ph: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.setups.get_mut(&channel) {
            Some(s) => {
                let size = atlas::capped(cols, rows);
                s.pty = Some((crate::text::one_line(term), size.0, size.1));
                self.sizes.insert(channel, size);
                session.channel_success(channel)?;
            }
            None => session.channel_failure(channel)?,
        }
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Only the language, the terminal and colour are taken from the client's environment.
        let Some(s) = self.setups.get_mut(&channel) else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        let ok = match name {
            "LANG" | "LC_ALL" | "LC_MESSAGES" if !value.is_empty() => {
                s.lang = Some(if value.starts_with("zh") {
                    Lang::Zh
                } else {
                    self.shared.opts.lang
                });
                true
            }
            "NO_COLOR" => {
                s.no_color |= !value.is_empty();
                true
            }
            "COLORTERM" => {
                s.colorterm = Some(value.chars().take(32).collect());
                true
            }
            // The other locale categories say nothing about the language of the words.
            "LANG" | "TERM" => true,
            n if n.starts_with("LC_") => true,
            _ => false,
        };
        if ok {
            session.channel_success(channel)?;
        } else {
            log(&format!(
                "{} refused: environment variable {}",
                self.peer,
                crate::text::one_line(&name.chars().take(60).collect::<String>())
            ));
            session.channel_failure(channel)?;
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.activity.touch();
        session.channel_success(channel)?;
        if self.refuse(channel, session) {
            return Ok(());
        }
        let setup = self.setups.get(&channel).cloned().unwrap_or_default();
        let lang = self.lang(channel);
        let Some((term, w, h)) = setup.pty.clone() else {
            self.say_and_close(channel, &lang.word(Word::ServeNeedsTerminal), session);
            return Ok(());
        };
        let dumb = term == "dumb";
        if dumb && self.shared.share.is_some() {
            // A briefing is slides: the one-line message, not a screen this terminal cannot show.
            let text = super::DUMB_TERMINAL.replace('\n', "\r\n");
            self.say_and_close(channel, &text, session);
            return Ok(());
        }
        // A pty of unknown size (0x0) gets the size a terminal starts at.
        let (w, h) = if w == 0 || h == 0 { (80, 24) } else { (w, h) };
        let color = !setup.no_color;
        let depth = depth(&setup, &term);
        let (tx, rx) = mpsc::channel(INPUT_QUEUE);
        self.running.insert(channel, tx);
        let spec = atlas::Spec {
            shared: self.shared.clone(),
            handle: session.handle(),
            channel,
            size: (w, h),
            lang,
            color,
            depth,
            activity: self.activity.clone(),
            peer: self.peer,
            channels: self.channels.clone(),
        };
        if dumb {
            // As locally: the atlas as whole lines.
            tokio::spawn(super::line::run(spec, rx));
        } else if self.shared.share.is_some() {
            tokio::spawn(super::viewer::run(spec, rx));
        } else {
            tokio::spawn(atlas::run(spec, rx));
        }
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.activity.touch();
        session.channel_success(channel)?;
        if self.refuse(channel, session) {
            return Ok(());
        }
        let setup = self.setups.get(&channel).cloned().unwrap_or_default();
        let lang = self.lang(channel);
        let tty = setup.pty.is_some();
        // A pty of unknown size (0x0) is sized as no terminal is: the lookups' defaults.
        let terminal = setup
            .pty
            .as_ref()
            .map(|(_, w, h)| (*w, *h))
            .filter(|&(w, h)| w > 0 && h > 0);
        let remote = crate::cli::Remote {
            terminal,
            color: tty
                && !setup.no_color
                && setup.pty.as_ref().is_some_and(|(t, _, _)| t != "dumb"),
            depth: depth(&setup, setup.pty.as_ref().map_or("", |p| &p.0)),
        };
        if data.len() > MAX_COMMAND {
            log(&format!(
                "{} refused: a command of {} bytes",
                self.peer,
                data.len()
            ));
            let line = lang.word_with(Word::ServeRefused, &format!("> {MAX_COMMAND} bytes"));
            self.say_and_close(channel, &line, session);
            return Ok(());
        }
        let line = String::from_utf8_lossy(data).into_owned();
        let handle = session.handle();
        let (shared, channels, peer) = (self.shared.clone(), self.channels.clone(), self.peer);
        tokio::spawn(async move {
            // Lookups run on the blocking pool, as many at once as there are cores: a big one
            // holds neither the async workers nor more than its share of the machine.
            let Ok(_permit) = shared.lookups.acquire().await else {
                return;
            };
            let s = shared.clone();
            let ran =
                tokio::task::spawn_blocking(move || super::exec::run(&s, &line, lang, remote));
            let Ok(result) = ran.await else {
                close(&handle, &channels, channel, 2).await;
                return;
            };
            drop(_permit);
            if let Some(why) = &result.refused {
                log(&format!("{peer} refused: command {why}"));
            }
            let (mut out, mut err) = (result.out, result.err);
            if tty {
                // No pty here to turn \n into \r\n, so it is done as one would.
                out = crlf(&out);
                err = crlf(&err);
            }
            for chunk in out.chunks(16 * 1024) {
                if handle.data(channel, chunk.to_vec()).await.is_err() {
                    return;
                }
            }
            for chunk in err.chunks(16 * 1024) {
                if handle
                    .extended_data(channel, 1, chunk.to_vec())
                    .await
                    .is_err()
                {
                    return;
                }
            }
            close(&handle, &channels, channel, result.code as u32).await;
            crate::heap::trim();
        });
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        log(&format!("{} refused: subsystem {name}", self.peer));
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.activity.touch();
        if let Some(tx) = self.running.get(&channel) {
            // A full queue means the client types faster than it can be drawn for: drop it.
            let _ = tx.try_send(Event::Input(data.to_vec()));
        }
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pw: u32,
        _ph: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Not activity: only bytes typed keep a session open. A change to the size the session
        // already has costs nothing.
        let size = atlas::capped(cols, rows);
        if self.sizes.get(&channel) == Some(&size) {
            return Ok(());
        }
        if let Some(tx) = self.running.get(&channel)
            && tx.try_send(Event::Resize(size.0, size.1)).is_ok()
        {
            self.sizes.insert(channel, size);
        }
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        address: &str,
        port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        log(&format!(
            "{} refused: remote forwarding of {}:{port}",
            self.peer,
            crate::text::one_line(address)
        ));
        Ok(false)
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        host: &str,
        port: u32,
        _oa: &str,
        _op: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        log(&format!(
            "{} refused: forwarding to {}:{port}",
            self.peer,
            crate::text::one_line(host)
        ));
        reply
            .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        // `false` makes the library answer with a failure.
        log(&format!("{} refused: agent forwarding", self.peer));
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        log(&format!("{} refused: X11 forwarding", self.peer));
        session.channel_failure(channel)?;
        Ok(())
    }
}

/// The colours the client's terminal can show, from what it sent.
fn depth(setup: &Setup, term: &str) -> ColorDepth {
    color_depth(setup.colorterm.as_deref(), Some(term), Some("ssh"), None)
}

fn crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 16);
    for &b in bytes {
        if b == b'\n' {
            out.push(b'\r');
        }
        out.push(b);
    }
    out
}
