//! A process's memory, as Linux reports it: shared by the tests and the load examples (which
//! include this file by path).

use std::process::{Child, ExitStatus};

/// A process's resident memory now, in KiB (0 once it is gone).
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Wait for `child` and return how it ended with the most resident memory it ever had, in KiB
/// (the kernel's count, for this child alone). Its output must already have been taken or be
/// going nowhere: nothing here reads it.
#[allow(dead_code)]
pub fn wait_with_peak(child: Child) -> (ExitStatus, u64) {
    use std::os::unix::process::ExitStatusExt;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for the kernel to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: waits for our own child, whose status `Child` has not taken; both pointers
        // are to live locals.
        let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if got == pid {
            break;
        }
        let e = std::io::Error::last_os_error();
        assert_eq!(e.kind(), std::io::ErrorKind::Interrupted, "wait4: {e}");
    }
    // The child is reaped: `Child` must not wait for it again.
    std::mem::forget(child);
    (ExitStatus::from_raw(status), usage.ru_maxrss as u64)
}
