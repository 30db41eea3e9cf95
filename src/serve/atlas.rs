//! The atlas for one remote terminal: the same `App` and `view::render` as locally, drawn into a
//! buffer that goes down the SSH channel, fed by the keys decoded from what the client types.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use russh::ChannelId;
use russh::server::Handle;
use tokio::sync::mpsc;

use super::Shared;
use super::activity::Activity;
use super::input::{Decoder, Input};
use super::park::{self, Screen, Sink, Term};
use crate::app::atlas::App;
use crate::app::keys::{Action, Context};
use crate::lang::Lang;
use crate::view::backend::AnsiBackend;
use crate::view::theme::{ColorDepth, Theme, ThemeKind};
use crate::view::{self, clipboard};
use crate::words::Word;

/// What reaches a session from its connection.
#[derive(Debug)]
pub(crate) enum Event {
    Input(Vec<u8>),
    Resize(u16, u16),
    Closed,
}

/// At most this many keys from one packet are acted on; the rest are dropped.
const KEYS_PER_PACKET: usize = 256;
/// How long the first frame waits for the terminal's background colour (OSC 11): a terminal
/// answers in one round trip, with its device attributes last; one that never answers is drawn
/// dark this much later, and a late answer still turns the theme.
pub(crate) const ASK_WAIT: Duration = Duration::from_millis(100);
/// A window being dragged sends many sizes: one frame per this long at most, at the last size.
const RESIZE_EVERY: Duration = Duration::from_millis(50);

/// The alternate screen, no cursor, bracketed paste on; and back.
pub(crate) const ENTER: &[u8] = b"\x1b[?1049h\x1b[?25l\x1b[?2004h\x1b[H\x1b[2J";
pub(crate) const LEAVE: &[u8] = b"\x1b[?2004l\x1b[?25h\x1b[?1049l";

/// A size from the client, capped as locally.
pub(crate) fn capped(cols: u32, rows: u32) -> (u16, u16) {
    (
        cols.min(super::MAX_SIZE.0 as u32) as u16,
        rows.min(super::MAX_SIZE.1 as u32) as u16,
    )
}

/// Everything a session starts from.
pub(crate) struct Spec {
    pub shared: Arc<Shared>,
    pub handle: Handle,
    pub channel: ChannelId,
    pub size: (u16, u16),
    pub lang: Lang,
    pub color: bool,
    pub depth: ColorDepth,
    pub activity: Arc<Activity>,
    pub peer: SocketAddr,
    pub channels: super::channels::Channels,
}

/// One frame's bytes (the backend puts them in synchronized output, so a slow link never shows
/// half a frame); none when nothing changed.
async fn frame(
    shared: &Shared,
    term: &mut Term,
    sink: &Sink,
    app: &mut App,
    theme: Theme,
    resized: bool,
) -> std::io::Result<Vec<u8>> {
    // A frame for a new size waits for one of the few turns such frames may hold.
    let _resize_turn = if resized {
        Some(
            shared
                .resize_redraws
                .acquire()
                .await
                .map_err(std::io::Error::other)?,
        )
    } else {
        None
    };
    // As many frames drawn at once as there are cores, server-wide, so that clients who keep
    // asking for frames wait their turn rather than take everyone's.
    let _turn = shared
        .redraws
        .acquire()
        .await
        .map_err(std::io::Error::other)?;
    crate::view::backend::draw(term, |f| view::render(f, app, theme))?;
    Ok(sink.take())
}

/// Run the atlas on this channel until the client quits, leaves, idles out or the server stops.
pub(crate) async fn run(spec: Spec, mut rx: mpsc::Receiver<Event>) {
    let Spec {
        shared,
        handle,
        channel,
        size,
        lang,
        color,
        depth,
        activity,
        peer,
        channels,
    } = spec;
    let started = Instant::now();
    // The dataset, its index and what is derived from it (the map's facts, the measures, the
    // industries) are the server's, not a copy per session.
    let mut app = App::sharing(
        shared.atlas.data.clone(),
        shared.atlas.index.clone(),
        &shared.atlas.derived,
        shared.opts.dataset_name.clone(),
        lang,
    )
    .with_color(color);
    let themed = |background| {
        Theme::new(color, ThemeKind::Auto.resolve_remote(background)).with_depth(depth)
    };
    let sink = Sink::default();
    let Ok(term) = park::terminal(AnsiBackend::new(sink.clone()).with_size(size), size) else {
        return;
    };
    let mut screen = Screen::Live(term);
    app.resize(size.0, size.1);
    let mut decoder = Decoder::default();
    let mut shutdown = shared.shutdown.clone();
    let idle = shared.opts.idle_timeout;
    // (`next`: an event read while gathering sizes or waiting for the answer, acted on next.)
    // The terminal's background colour, asked with the screen's set-up and waited for a little:
    // keys typed meanwhile act once the first frame is drawn.
    let (background, typed, mut next) =
        match ask_background(&handle, channel, &mut rx, &mut decoder).await {
            Asked::Answer(background, typed, event) => (background, typed, event),
            Asked::Gone => return,
        };
    let mut theme = themed(background);
    let mut out = Vec::new();
    for input in typed.into_iter().take(KEYS_PER_PACKET) {
        match input {
            Input::Key(k) => key(&mut app, k, &mut out),
            Input::Paste(text) => paste(&mut app, &text),
        }
    }
    // The next frame is for a new size.
    let mut resized = false;
    let goodbye: Option<String> = 'session: loop {
        let Ok(term) = screen.term(&mut app, theme) else {
            break None;
        };
        let for_size = std::mem::take(&mut resized);
        match frame(&shared, term, &sink, &mut app, theme, for_size).await {
            Ok(bytes) => out.extend_from_slice(&bytes),
            Err(_) => break None,
        }
        if !out.is_empty()
            && handle
                .data(channel, std::mem::take(&mut out))
                .await
                .is_err()
        {
            break None;
        }
        if app.should_quit() {
            break None;
        }
        let last_frame = Instant::now();
        // Idle is measured on bytes typed (the connection's), not on any event.
        let event = match next.take() {
            Some(e) => Ok(Some(e)),
            // A second without an event: the screen's buffers are put away while it waits on.
            None => loop {
                let left = idle.saturating_sub(activity.idle());
                let wait = if screen.live() {
                    left.min(park::AFTER)
                } else {
                    left
                };
                let got = tokio::select! {
                    e = tokio::time::timeout(wait, rx.recv()) => e,
                    _ = shutdown.changed() => break 'session Some(lang.word(Word::ServeShuttingDown)),
                };
                match got {
                    Err(_) if screen.live() && activity.idle() < idle => screen.park(),
                    got => break got,
                }
            },
        };
        // Made again from the state the client's screen shows, before an event changes it.
        if let Ok(Some(Event::Input(_) | Event::Resize(..))) = &event
            && screen.term(&mut app, theme).is_err()
        {
            break None;
        }
        match event {
            Err(_) if activity.idle() >= idle => {
                break Some(lang.word_with(Word::ServeIdle, &idle.as_secs().to_string()));
            }
            Err(_) => {}
            Ok(None | Some(Event::Closed)) => break None,
            Ok(Some(Event::Resize(mut w, mut h))) => {
                // Sizes arriving before the next frame is due: only the last is drawn.
                let due = last_frame + RESIZE_EVERY;
                while let Ok(Some(e)) = tokio::time::timeout_at(due.into(), rx.recv()).await {
                    match e {
                        Event::Resize(w2, h2) => (w, h) = (w2, h2),
                        other => {
                            next = Some(other);
                            break;
                        }
                    }
                }
                app.resize(w, h);
                let Ok(term) = screen.term(&mut app, theme) else {
                    break None;
                };
                term.backend_mut().set_size((w, h));
                if term.resize(park::area((w, h))).is_err() {
                    break None;
                }
                resized = true;
            }
            Ok(Some(Event::Input(bytes))) => {
                activity.touch();
                let mut sink_out = Vec::new();
                let inputs = decoder.feed(&bytes);
                // An answer after the first frame: the whole screen again in its theme.
                if let Some(b) = decoder.take_replies().background
                    && themed(Some(b)) != theme
                {
                    theme = themed(Some(b));
                    let Ok(term) = screen.term(&mut app, theme) else {
                        break None;
                    };
                    if term.clear().is_err() {
                        break None;
                    }
                }
                for input in inputs.into_iter().take(KEYS_PER_PACKET) {
                    match input {
                        Input::Key(k) => key(&mut app, k, &mut sink_out),
                        Input::Paste(text) => paste(&mut app, &text),
                    }
                    if app.should_quit() {
                        break;
                    }
                }
                out.extend_from_slice(&sink_out);
            }
        }
    };
    let mut last = LEAVE.to_vec();
    if let Some(line) = &goodbye {
        last.extend_from_slice(format!("gongshu: {line}\r\n").as_bytes());
    }
    let _ = handle.data(channel, last).await;
    super::channels::close(&handle, &channels, channel, 0).await;
    drop((screen, app));
    crate::heap::trim();
    super::log(&format!(
        "{peer} atlas closed after {} s{}",
        started.elapsed().as_secs(),
        goodbye.map(|g| format!(": {g}")).unwrap_or_default()
    ));
}

/// What the wait for the terminal's answer brought.
pub(crate) enum Asked {
    /// Its background colour if it answered in time, what was typed meanwhile, and an event
    /// that is no input (a new size), to act on next.
    Answer(Option<crate::probe::Rgb>, Vec<Input>, Option<Event>),
    /// The client left.
    Gone,
}

/// Set up the screen and ask the terminal its background colour (OSC 11, then the device
/// attributes, which every terminal answers, last), in one write; read its answer through the
/// session's own decoder for at most [`ASK_WAIT`]. Replies are never keys.
pub(crate) async fn ask_background(
    handle: &Handle,
    channel: ChannelId,
    rx: &mut mpsc::Receiver<Event>,
    decoder: &mut Decoder,
) -> Asked {
    let questions = crate::probe::Questions {
        background: true,
        ..Default::default()
    };
    let mut first = ENTER.to_vec();
    first.extend_from_slice(&questions.bytes());
    if handle.data(channel, first).await.is_err() {
        return Asked::Gone;
    }
    let due = Instant::now() + ASK_WAIT;
    let (mut background, mut typed) = (None, Vec::new());
    loop {
        match tokio::time::timeout_at(due.into(), rx.recv()).await {
            Ok(Some(Event::Input(bytes))) => {
                // Kept as the loop keeps a packet's keys: at most so many, the rest dropped (a
                // flood while the answer is awaited must not pile up).
                let room = KEYS_PER_PACKET.saturating_sub(typed.len());
                typed.extend(decoder.feed(&bytes).into_iter().take(room));
                let replies = decoder.take_replies();
                background = replies.background.or(background);
                if replies.attributes {
                    return Asked::Answer(background, typed, None);
                }
            }
            Ok(None | Some(Event::Closed)) => return Asked::Gone,
            Ok(Some(e)) => return Asked::Answer(background, typed, Some(e)),
            Err(_) => return Asked::Answer(background, typed, None),
        }
    }
}

/// One key, as the local loop takes it; copying writes OSC 52 into the output, and suspending
/// means nothing here.
fn key(app: &mut App, k: KeyEvent, out: &mut Vec<u8>) {
    app.message = None;
    match app.action_for(&k) {
        Some(Action::Suspend) => {}
        Some(a @ (Action::Copy | Action::CopyRecord)) => {
            let whole = a == Action::CopyRecord;
            let _ = clipboard::copy(app, whole, Some(crate::cli::record_text), out);
        }
        _ => app.handle_key(k),
    }
}

/// Pasted text goes into the search line when it is open, and nowhere else: a paste must never
/// act as a string of commands.
fn paste(app: &mut App, text: &str) {
    if !app.contexts().contains(&Context::Search) {
        return;
    }
    for c in text.chars().filter(|c| !c.is_control()) {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}
