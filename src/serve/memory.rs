//! What a server does so that the memory its sessions used goes back to the system when they end:
//! a server outlives its sessions, and one that once held many would otherwise keep their memory.
//!
//! Measured with `cargo run --release --example serve_load -- memory` (100 idle atlases opened and
//! closed, three rounds): the resident size after they closed was 23-24 % over a fresh server's
//! with glibc's defaults, and within 1 % with all three measures: trimming as sessions end and
//! small fixed thresholds ([`crate::heap::trim`], [`crate::heap::give_back_what_sessions_free`]),
//! and no per-thread caches (below).

/// The glibc setting that turns off its per-thread cache of freed blocks.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const NO_THREAD_CACHE: &str = "glibc.malloc.tcache_count=0";

/// glibc keeps up to seven freed blocks of each small size for the thread that freed them (its
/// tcache), and only the thread's end gives them back. A server's worker threads live as long as
/// it does, so after 100 sessions had closed those blocks still held about a megabyte of pages
/// per worker, scattered where nothing could be trimmed around them. The cache can be turned off
/// only from the environment before the process starts: so the server starts itself once more,
/// the same program with the same arguments and process id, with the cache off. A setting the
/// operator made in `GLIBC_TUNABLES` is kept; if the new start fails, the server runs as it is.
///
/// Returns only when there is nothing to do or the start failed (the reason).
pub fn restart_without_thread_caches() -> Option<std::io::Error> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: getauxval reads the auxiliary vector the kernel gave the process; no memory of
        // ours is involved.
        let secure = unsafe { libc::getauxval(libc::AT_SECURE) } != 0;
        // A set-user-id start has its tunables erased by glibc: starting again would only loop.
        if secure {
            return None;
        }
        let tunables = match std::env::var_os("GLIBC_TUNABLES") {
            None => String::new(),
            // Not text: the operator's own, left as it is.
            Some(t) => t.into_string().ok()?,
        };
        if tunables.contains("glibc.malloc.tcache_count=") {
            return None;
        }
        let tunables = if tunables.is_empty() {
            NO_THREAD_CACHE.to_string()
        } else {
            format!("{tunables}:{NO_THREAD_CACHE}")
        };
        let mut args = std::env::args_os();
        let arg0 = args.next().unwrap_or_default();
        // /proc/self/exe is this very program, even if its file was replaced or removed since.
        let e = std::process::Command::new("/proc/self/exe")
            .arg0(arg0)
            .args(args)
            .env("GLIBC_TUNABLES", tunables)
            .exec();
        Some(e)
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    None
}
