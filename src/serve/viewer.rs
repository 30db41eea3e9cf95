//! A viewer of a shared briefing: the presenter's current slide, drawn at the viewer's own size
//! and language by the same `view::briefing::draw` as the presenter's. Viewers cannot move the
//! slides; `q` (or Ctrl-C, or Esc) leaves.

use std::sync::atomic::Ordering;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tokio::sync::mpsc;

use super::atlas::{Asked, ENTER, Event, LEAVE, Spec, ask_background};
use super::input::{Decoder, Input};
use super::park::{Sink, Term};
use crate::app::briefing::Presenter;
use crate::view;
use crate::view::backend::AnsiBackend;
use crate::view::theme::{Theme, ThemeKind};
use crate::words::Word;

/// How often a viewer looks for the presenter's slide.
const LOOK: Duration = Duration::from_millis(100);

fn frame(term: &mut Term, sink: &Sink, p: &Presenter, theme: Theme, elapsed: Duration) -> Vec<u8> {
    if crate::view::backend::draw(term, |f| view::briefing::draw(f, p, theme, elapsed)).is_err() {
        return Vec::new();
    }
    // In synchronized output already, from the backend.
    sink.take()
}

/// Whether a key leaves: `q`, Esc or Ctrl-C.
fn leaves(i: &Input) -> bool {
    match i {
        Input::Key(k) => {
            matches!(k.code, KeyCode::Char('q') | KeyCode::Esc)
                || (k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL))
        }
        Input::Paste(_) => false,
    }
}

pub(crate) async fn run(spec: Spec, rx: mpsc::Receiver<Event>) {
    let Some(share) = spec.shared.share.clone() else {
        return;
    };
    let link = share.link.clone();
    let (handle, channel) = (spec.handle.clone(), spec.channel);
    let mut p = Presenter::new(spec.shared.data.clone(), spec.lang, false);
    p.spotlights = share.spotlights.clone();
    // The audience sees the slide only: the keys are the presenter's.
    p.hints = false;
    let mut decoder = Decoder::default();
    let mut rx = rx;
    // The presenter's `--theme`, else each viewer's own terminal's background (asked as the
    // atlas asks it; a key typed meanwhile that leaves, leaves).
    let (mut out, mut background, mut next) = (ENTER.to_vec(), None, None);
    if share.theme == ThemeKind::Auto {
        match ask_background(&spec.handle, spec.channel, &mut rx, &mut decoder).await {
            Asked::Answer(b, typed, event) => {
                if typed.iter().any(leaves) {
                    let _ = spec.handle.data(spec.channel, LEAVE.to_vec()).await;
                    super::channels::close(&spec.handle, &spec.channels, spec.channel, 0).await;
                    return;
                }
                (out, background, next) = (Vec::new(), b, event);
            }
            Asked::Gone => return,
        }
    }
    let themed = |b| Theme::new(spec.color, share.theme.resolve_remote(b)).with_depth(spec.depth);
    let mut theme = themed(background);
    let sink = Sink::default();
    let area = |(w, h): (u16, u16)| Rect::new(0, 0, w, h);
    let Ok(mut term) = Terminal::with_options(
        AnsiBackend::new(sink.clone()).with_size(spec.size),
        TerminalOptions {
            viewport: Viewport::Fixed(area(spec.size)),
        },
    ) else {
        return;
    };
    link.viewers.fetch_add(1, Ordering::SeqCst);
    let mut shutdown = spec.shared.shutdown.clone();
    let mut shown = None;
    let mut tick = tokio::time::interval(LOOK);
    let goodbye = loop {
        let now = (
            link.place(),
            link.blank.load(Ordering::SeqCst),
            link.started.elapsed().as_secs(),
        );
        if shown.as_ref() != Some(&now) || !out.is_empty() {
            // The presenter's slide, by its id, on this viewer's page that holds the text the
            // presenter's page starts with.
            p.follow_place(&now.0);
            p.blank = now.1;
            out.extend_from_slice(&frame(&mut term, &sink, &p, theme, link.started.elapsed()));
            if !out.is_empty()
                && handle
                    .data(channel, std::mem::take(&mut out))
                    .await
                    .is_err()
            {
                break None;
            }
            shown = Some(now);
        }
        if link.ended.load(Ordering::SeqCst) {
            break Some(spec.lang.word(Word::ServeBriefingEnded));
        }
        let event = tokio::select! {
            _ = tick.tick() => {
                spec.activity.touch();
                continue;
            }
            _ = shutdown.changed() => break Some(spec.lang.word(Word::ServeShuttingDown)),
            e = async {
                match next.take() {
                    Some(e) => Some(e),
                    None => rx.recv().await,
                }
            } => e,
        };
        match event {
            None | Some(Event::Closed) => break None,
            Some(Event::Resize(w, h)) => {
                term.backend_mut().set_size((w, h));
                if term.resize(area((w, h))).is_err() {
                    break None;
                }
                shown = None;
            }
            Some(Event::Input(bytes)) => {
                let leave = decoder.feed(&bytes).iter().any(leaves);
                if leave {
                    break None;
                }
                // An answer after the first frame: the whole slide again in its theme.
                if let Some(b) = decoder.take_replies().background
                    && themed(Some(b)) != theme
                {
                    theme = themed(Some(b));
                    if term.clear().is_err() {
                        break None;
                    }
                    shown = None;
                }
            }
        }
    };
    link.viewers.fetch_sub(1, Ordering::SeqCst);
    let mut last = LEAVE.to_vec();
    if let Some(line) = &goodbye {
        last.extend_from_slice(format!("gongshu: {line}\r\n").as_bytes());
    }
    let _ = handle.data(channel, last).await;
    super::channels::close(&handle, &spec.channels, channel, 0).await;
}
