//! A writer that keeps every byte, shared between whoever writes and whoever counts or waits.

use std::io::{self, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Clone, Default)]
pub struct Bytes(Arc<(Mutex<Vec<u8>>, Condvar)>);

impl Write for Bytes {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.0.lock().unwrap().extend_from_slice(buf);
        self.0.1.notify_all();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Bytes {
    /// Everything written so far.
    pub fn snapshot(&self) -> Vec<u8> {
        self.0.0.lock().unwrap().clone()
    }

    /// Everything written since the last take, emptying the store (the bytes benchmark counts
    /// per frame with it).
    #[allow(dead_code)]
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.0.lock().unwrap())
    }

    pub fn len(&self) -> usize {
        self.0.0.lock().unwrap().len()
    }

    /// Wait until what was written passes `test`, woken by each write (so timings are exact),
    /// for at most `limit`. Returns whether it passed.
    pub fn wait_until(&self, limit: Duration, test: impl Fn(&[u8]) -> bool) -> bool {
        let start = Instant::now();
        let mut seen = self.0.0.lock().unwrap();
        loop {
            if test(&seen) {
                return true;
            }
            let left = limit.saturating_sub(start.elapsed());
            if left.is_zero() {
                return false;
            }
            seen = self.0.1.wait_timeout(seen, left).unwrap().0;
        }
    }
}
