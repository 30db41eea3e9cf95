//! What the program asks of glibc's allocator, in one place: every setting is a trade between
//! speed and memory given back, measured where it is made. Elsewhere (musl, other systems) each
//! of these does nothing.
//!
//! Three moments: the start (grow the heaps in large steps, for loading), the end of reading a
//! large file (give back what reading freed before the index is built), and serving (keep
//! little free memory, and give it back as sessions end).

/// glibc grows each thread's heap 128 KiB at a time, one mprotect under the address-space lock
/// per step; loading 100,000 platforms on several threads took thousands of them, with page
/// faults queueing behind. Growing 64 MiB at a time cut a cold load by about 100 ms. It reserves
/// address space, not memory: pages are only used when touched. Call before any thread starts.
pub fn grow_in_large_steps() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter; called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
}

/// glibc keeps the free top of each thread's heap up to its top pad ([`grow_in_large_steps`]).
/// Once a large file is read, what the reading freed (its buffers, its tables of strings) would
/// stay held that way beside the index still to be built: a small pad and a trim give it back.
/// At 100,000 platforms the cold run's peak fell from 285-291 to 266-270 MiB, its time the same
/// within its spread.
pub(crate) fn give_back_what_reading_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning parameter and malloc_trim only returns free pages to the
    // system; neither touches a live allocation.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 4 << 20);
        libc::malloc_trim(0);
    }
}

/// Return the free pages of every arena now (called when a served session ends or goes idle):
/// glibc otherwise keeps freed pages inside its arenas.
pub(crate) fn trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages to the system; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// For a server, once its dataset is loaded. glibc keeps the free top of a worker thread's arena
/// up to the top pad, and raises its trim and mmap thresholds each time a large block is freed;
/// `malloc_trim` does not reach the top of a thread's arena. Fixed, default-sized values make
/// glibc trim those tops as it frees. The loading is done by now: the pad has done its work.
pub(crate) fn give_back_what_sessions_free() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets tuning parameters; the loading threads are done and idle.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 128 << 10);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 << 10);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
    }
}
