//! Memory that must not grow with what it is given: the most a query of 64 words holds at once
//! is about what a query of one word holds, and a second atlas of a dataset (a served session)
//! holds no more for a dataset ten times larger. A test binary of its own, for the allocator that
//! counts the bytes held.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};

use gongshu::dataset::synthetic;
use gongshu::search::Index;

/// The system allocator, keeping count of the bytes held now and at most.
struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's promises about `layout` are the system allocator's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = NOW.fetch_add(layout.size(), SeqCst) + layout.size();
            PEAK.fetch_max(now, SeqCst);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        // SAFETY: `p` came from `alloc` with this `layout`, as the caller promises.
        unsafe { System.dealloc(p, layout) };
        NOW.fetch_sub(layout.size(), SeqCst);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The counters are the whole process's: one test at a time.
static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The most `f` held at once beyond what was held before it, and its result.
fn peak_of<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = NOW.load(SeqCst);
    PEAK.store(before, SeqCst);
    let out = f();
    (PEAK.load(SeqCst) - before, out)
}

#[test]
fn a_query_of_64_words_holds_about_what_one_word_does() {
    let _alone = ALONE.lock().unwrap_or_else(|e| e.into_inner());
    // Below the size scanned on several threads, so that only this thread allocates.
    let d = synthetic::generate(5_000);
    let index = Index::new(&d);
    let one = "e";
    let many = vec!["e"; 64].join(" ");
    let (peak_one, hits_one) = peak_of(|| index.search(one));
    let (peak_many, hits_many) = peak_of(|| index.search(&many));
    // Both find thousands, so neither is cheap by finding nothing.
    assert!(hits_one.len() > 1_000, "{}", hits_one.len());
    assert!(hits_many.len() > 1_000, "{}", hits_many.len());
    assert!(
        peak_many <= 3 * peak_one,
        "64 words held {peak_many} bytes at most, one word {peak_one}"
    );
}

/// What a second atlas of `d` holds once it has drawn its first frame at 120x40 and put its
/// terminal away, as a served session does between keys: the first atlas has worked out what
/// every atlas of the dataset shares (the map's facts, the measures, the industries).
fn second_atlas_holds(d: gongshu::dataset::Dataset) -> usize {
    use gongshu::app::atlas::{App, Derived};
    use ratatui::layout::Rect;
    use ratatui::{Terminal, TerminalOptions, Viewport};
    let index = std::sync::Arc::new(Index::new(&d));
    let data = std::sync::Arc::new(d);
    let derived = Derived::default();
    let open = || {
        let mut app = App::sharing(
            data.clone(),
            index.clone(),
            &derived,
            String::new(),
            gongshu::lang::Lang::Both,
        );
        let backend =
            gongshu::view::backend::AnsiBackend::new(std::io::sink()).with_size((120, 40));
        let viewport = Viewport::Fixed(Rect::new(0, 0, 120, 40));
        let mut term = Terminal::with_options(backend, TerminalOptions { viewport }).unwrap();
        app.resize(120, 40);
        let theme = gongshu::view::theme::Theme::new(true, Default::default());
        gongshu::view::backend::draw(&mut term, |f| gongshu::view::render(f, &mut app, theme))
            .unwrap();
        app
    };
    let first = open();
    let before = NOW.load(SeqCst);
    let second = open();
    let held = NOW.load(SeqCst) - before;
    drop((first, second));
    held
}

#[test]
fn a_second_atlas_holds_no_more_for_a_dataset_ten_times_larger() {
    let _alone = ALONE.lock().unwrap_or_else(|e| e.into_inner());
    // Both above the size whose map keeps its drawings between frames.
    let small = second_atlas_holds(synthetic::generate(2_000));
    let large = second_atlas_holds(synthetic::generate(20_000));
    // A copy of anything per platform (8 bytes each) would be 144 KiB more.
    assert!(
        large <= small + 16 * 1024,
        "a second atlas held {large} bytes at 20,000 platforms, {small} at 2,000"
    );
}
