//! Matching's memory is bounded by the dataset, not by the number of query words: the most a
//! query of 64 words holds at once is about what a query of one word holds. A test binary of its
//! own, for the allocator that counts the bytes held.

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

/// The most `f` held at once beyond what was held before it, and its result.
fn peak_of<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = NOW.load(SeqCst);
    PEAK.store(before, SeqCst);
    let out = f();
    (PEAK.load(SeqCst) - before, out)
}

#[test]
fn a_query_of_64_words_holds_about_what_one_word_does() {
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
