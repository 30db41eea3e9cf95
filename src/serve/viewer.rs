//! A viewer of a shared briefing: the presenter's current slide, drawn at the viewer's own size
//! and language by the same `view::briefing::draw` as the presenter's. Viewers cannot move the
//! slides; `q` (or Ctrl-C, or Esc) leaves.

use std::sync::atomic::Ordering;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tokio::sync::mpsc;

use super::atlas::{ENTER, Event, LEAVE, Spec};
use super::input::{Decoder, Input};
use super::park::{Sink, Term};
use crate::app::briefing::Presenter;
use crate::view;
use crate::view::backend::AnsiBackend;
use crate::view::theme::Theme;
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

pub(crate) async fn run(spec: Spec, mut rx: mpsc::Receiver<Event>) {
    let Some(share) = spec.shared.share.clone() else {
        return;
    };
    let link = share.link.clone();
    let (handle, channel) = (spec.handle.clone(), spec.channel);
    let mut p = Presenter::new(spec.shared.data.clone(), spec.lang, false);
    p.spotlights = share.spotlights.clone();
    // The audience sees the slide only: the keys are the presenter's.
    p.hints = false;
    let theme = Theme::new(spec.color, share.theme).with_depth(spec.depth);
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
    let mut decoder = Decoder::default();
    let mut shutdown = spec.shared.shutdown.clone();
    let mut out = ENTER.to_vec();
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
        tokio::select! {
            _ = tick.tick() => spec.activity.touch(),
            _ = shutdown.changed() => break Some(spec.lang.word(Word::ServeShuttingDown)),
            e = rx.recv() => match e {
                None | Some(Event::Closed) => break None,
                Some(Event::Resize(w, h)) => {
                    term.backend_mut().set_size((w, h));
                    if term.resize(area((w, h))).is_err() {
                        break None;
                    }
                    shown = None;
                }
                Some(Event::Input(bytes)) => {
                    let leave = decoder.feed(&bytes).into_iter().any(|i| match i {
                        Input::Key(k) => {
                            matches!(k.code, KeyCode::Char('q') | KeyCode::Esc)
                                || (k.code == KeyCode::Char('c')
                                    && k.modifiers.contains(KeyModifiers::CONTROL))
                        }
                        Input::Paste(_) => false,
                    });
                    if leave {
                        break None;
                    }
                }
            },
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
