//! What one served atlas session holds, piece by piece, counted by a global allocator (not part
//! of the test suite): the same pieces `gongshu serve` makes for a session (`src/serve/atlas.rs`),
//! at each size given.
//!
//! ```sh
//! cargo run --release --example session_memory -- 80x24 120x40 300x100 [--data FILE]
//! ```
//!
//! The figures are live heap bytes after each step, so they add up to the session's heap; the
//! SSH side (russh's per-connection state and buffers) is measured by `serve_load -- attack`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::{Arc, Mutex};

use gongshu::app::atlas::App;
use gongshu::view::backend::AnsiBackend;
use gongshu::view::theme::Theme;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call goes to the system allocator; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        // SAFETY: as the caller's contract.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        // SAFETY: as the caller's contract.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed);
        // SAFETY: as the caller's contract.
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args
        .iter()
        .position(|a| a == "--data")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let sizes: Vec<(u16, u16)> = args
        .iter()
        .filter_map(|a| {
            let (w, h) = a.split_once('x')?;
            Some((w.parse().ok()?, h.parse().ok()?))
        })
        .collect();
    let sizes = if sizes.is_empty() {
        vec![(80, 24), (120, 40)]
    } else {
        sizes
    };
    // What the server holds once for every session: the dataset and its search index.
    let loaded = match &file {
        Some(f) => gongshu::cache::load_file(std::path::Path::new(f), true).unwrap(),
        None => gongshu::cache::embedded(),
    };
    let (data, index, _) = loaded.into_parts();
    let data = Arc::new(data);
    let derived = gongshu::app::atlas::Derived::default();
    println!(
        "shared by every session: the dataset, its index, the map's facts, the measures and the industries, once"
    );
    for (w, h) in sizes {
        let mut steps: Vec<(&str, isize)> = Vec::new();
        let mut at = live();
        let mut step = |name, steps: &mut Vec<(&str, isize)>| {
            let now = live();
            steps.push((name, now - at));
            at = now;
        };
        let mut app = App::sharing(
            data.clone(),
            index.clone(),
            &derived,
            String::new(),
            gongshu::lang::Lang::Both,
        );
        step(
            "App (the model; the dataset and what is derived from it shared)",
            &mut steps,
        );
        let sink = Sink::default();
        let mut term = Terminal::with_options(
            AnsiBackend::new(sink.clone()).with_size((w, h)),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
            },
        )
        .unwrap();
        app.resize(w, h);
        step("ratatui Terminal (two buffers)", &mut steps);
        let theme = Theme::new(true, Default::default());
        gongshu::view::backend::draw(&mut term, |f| gongshu::view::render(f, &mut app, theme))
            .unwrap();
        step(
            "first frame drawn (the backend's known screen; the facts and measures, once for all)",
            &mut steps,
        );
        let out = std::mem::take(&mut *sink.0.lock().unwrap());
        let sent = out.len();
        drop(out);
        step("first frame's bytes, sent", &mut steps);
        for k in ["j", "j", "k"] {
            app.handle_key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(k.chars().next().unwrap()),
                crossterm::event::KeyModifiers::NONE,
            ));
            gongshu::view::backend::draw(&mut term, |f| gongshu::view::render(f, &mut app, theme))
                .unwrap();
            sink.0.lock().unwrap().clear();
        }
        step("three keys later", &mut steps);
        let busy: isize = steps.iter().map(|s| s.1).sum();
        // What `serve` does after a second without an event (src/serve/park.rs): the terminal
        // and its buffers go, the backend and what it knows of the client's screen stay.
        let mut kept = std::mem::replace(term.backend_mut(), AnsiBackend::new(Sink::default()));
        drop(term);
        kept.shrink();
        step("waiting: the buffers put away", &mut steps);
        let waiting: isize = steps.iter().map(|s| s.1).sum();
        println!(
            "{w}x{h}: {:.0} KiB live per session while it draws, {:.0} KiB while it waits (first frame {sent} bytes)",
            busy as f64 / 1024.0,
            waiting as f64 / 1024.0
        );
        for (name, bytes) in &steps {
            println!("  {:>7.1} KiB  {name}", *bytes as f64 / 1024.0);
        }
        drop((kept, app, sink));
    }
}
