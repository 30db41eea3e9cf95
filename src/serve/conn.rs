//! One SSH connection: anyone is let in; a shell gets the atlas, an exec runs a lookup, and
//! everything else (forwarding, agents, subsystems, X11) is refused.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use russh::server::{Auth, ChannelOpenHandle, Msg, Session};
use russh::{Channel, ChannelId, Disconnect, Pty};
use tokio::sync::mpsc;

use super::activity::Activity;
use super::atlas::{self, Event};
use super::{Admission, Refusal, Shared, log};
use crate::lang::Lang;
use crate::view::theme::{ColorDepth, color_depth};
use crate::words::Word;

/// At most this many channels open on one connection.
const MAX_CHANNELS: usize = 4;
/// Input packets queued for a session beyond this are dropped (a flood costs the flooder only).
const INPUT_QUEUE: usize = 64;

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
    admission: Admission,
    activity: Arc<Activity>,
    setups: HashMap<ChannelId, Setup>,
    running: HashMap<ChannelId, mpsc::Sender<Event>>,
}

/// Serve one TCP connection until it ends.
pub(crate) async fn run(
    shared: Arc<Shared>,
    config: Arc<russh::server::Config>,
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    admission: Admission,
) {
    let activity = Arc::new(Activity::new());
    let conn = Conn {
        shared: shared.clone(),
        peer,
        admission,
        activity: activity.clone(),
        setups: HashMap::new(),
        running: HashMap::new(),
    };
    let started = tokio::time::timeout(
        super::HANDSHAKE,
        russh::server::run_stream(config, stream, conn),
    )
    .await;
    let Ok(Ok(running)) = started else {
        log(&format!("{peer} gave up or stalled before the handshake"));
        return;
    };
    let handle = running.handle();
    let idle = shared.opts.idle_timeout + Duration::from_secs(5);
    let mut shutdown = shared.shutdown.clone();
    let watchdog = async {
        loop {
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                _ = shutdown.changed() => {
                    // The sessions say goodbye themselves; then the connection goes.
                    tokio::time::sleep(Duration::from_millis(700)).await;
                    return "server shutting down";
                }
            }
            if !activity.authed.load(Ordering::Relaxed)
                && activity.started.elapsed() > super::HANDSHAKE
            {
                return "no authentication in time";
            }
            if activity.idle() > idle {
                return "idle";
            }
        }
    };
    tokio::select! {
        _ = running => {}
        why = watchdog => {
            let _ = handle
                .disconnect(Disconnect::ByApplication, why.into(), "en".into())
                .await;
        }
    }
}

impl Conn {
    fn lang(&self, channel: ChannelId) -> Lang {
        self.setups
            .get(&channel)
            .and_then(|s| s.lang)
            .unwrap_or(self.shared.opts.lang)
    }

    /// Say why this connection is turned away, on the channel's stderr, and close it.
    fn refuse(&self, channel: ChannelId, session: &mut Session) -> bool {
        let Admission::Out(why, _) = &self.admission else {
            return false;
        };
        let lang = self.lang(channel);
        let line = match why {
            Refusal::Full(n) => lang.word_with(Word::ServeFull, &n.to_string()),
            Refusal::TooManyFromAddress => lang.word(Word::ServeTooManyFromYou),
        };
        let _ = session.extended_data(channel, 1, format!("gongshu: {line}\r\n").into_bytes());
        let _ = session.exit_status_request(channel, 2);
        let _ = session.eof(channel);
        let _ = session.close(channel);
        true
    }
}

impl russh::server::Handler for Conn {
    type Error = russh::Error;

    async fn auth_none(&mut self, _user: &str) -> Result<Auth, Self::Error> {
        self.activity.authed.store(true, Ordering::Relaxed);
        self.activity.touch();
        Ok(Auth::Accept)
    }

    async fn auth_publickey(
        &mut self,
        _user: &str,
        _key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        self.activity.authed.store(true, Ordering::Relaxed);
        self.activity.touch();
        Ok(Auth::Accept)
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
        if self.setups.len() >= MAX_CHANNELS {
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
        // Only the language and colour are taken from the client's environment.
        let Some(s) = self.setups.get_mut(&channel) else {
            return Ok(());
        };
        match name {
            "LANG" | "LC_ALL" if !value.is_empty() => {
                s.lang = Some(if value.starts_with("zh") {
                    Lang::Zh
                } else {
                    self.shared.opts.lang
                });
                session.channel_success(channel)?;
            }
            "NO_COLOR" if !value.is_empty() => {
                s.no_color = true;
                session.channel_success(channel)?;
            }
            "COLORTERM" => {
                s.colorterm = Some(value.chars().take(32).collect());
                session.channel_success(channel)?;
            }
            _ => session.channel_failure(channel)?,
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
            let line = lang.word(Word::ServeNeedsTerminal);
            session.extended_data(channel, 1, format!("gongshu: {line}\n").into_bytes())?;
            session.exit_status_request(channel, 2)?;
            session.eof(channel)?;
            session.close(channel)?;
            return Ok(());
        };
        let color = !setup.no_color && term != "dumb";
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
        };
        if self.shared.share.is_some() {
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
        let terminal = setup.pty.as_ref().map(|(_, w, h)| (*w, *h));
        let remote = crate::cli::Remote {
            terminal,
            color: terminal.is_some()
                && !setup.no_color
                && setup.pty.as_ref().is_some_and(|(t, _, _)| t != "dumb"),
            depth: depth(&setup, setup.pty.as_ref().map_or("", |p| &p.0)),
        };
        let line = String::from_utf8_lossy(data).into_owned();
        let result = super::exec::run(&self.shared, &line, lang, remote);
        if let Some(why) = &result.refused {
            log(&format!("{} refused: command {why}", self.peer));
        }
        let (mut out, mut err) = (result.out, result.err);
        if terminal.is_some() {
            // No pty here to turn \n into \r\n, so it is done as one would.
            out = crlf(&out);
            err = crlf(&err);
        }
        let handle = session.handle();
        tokio::spawn(async move {
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
            let _ = handle
                .exit_status_request(channel, result.code as u32)
                .await;
            let _ = handle.eof(channel).await;
            let _ = handle.close(channel).await;
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
        if let Some(tx) = self.running.get(&channel) {
            let (w, h) = atlas::capped(cols, rows);
            let _ = tx.try_send(Event::Resize(w, h));
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
        Ok(false)
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
