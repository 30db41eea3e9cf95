//! Reading a dataset file's bytes: refusing what is not a plain file of a reasonable size, and
//! reading a large one fast, hashing it and checking that it is UTF-8 on the way.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use memmap2::{MmapMut, MmapOptions};

use super::LoadError;
use super::digest::{BLOCK, Digest, Utf8};

/// The largest dataset file we read. A 100,000-platform synthetic file is about 200 MB.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// A dataset file's bytes, read but not yet known to be text.
pub struct FileBytes {
    bytes: Bytes,
    /// Worked out while the bytes were read, where they were read in pieces.
    seen: Option<Seen>,
}

enum Bytes {
    Heap(Vec<u8>),
    /// An anonymous mapping and how much of it the file filled.
    Mapped(MmapMut, usize),
}

struct Seen {
    digest: u128,
    utf8: bool,
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Heap(v) => v,
            Bytes::Mapped(m, n) => &m[..*n],
        }
    }
}

impl FileBytes {
    /// The file's content hash ([`Digest`]).
    pub fn digest(&self) -> u128 {
        match &self.seen {
            Some(seen) => seen.digest,
            None => Digest::of(self),
        }
    }

    /// The bytes as text; `None` if they are not UTF-8.
    pub fn text(&self) -> Option<&str> {
        match &self.seen {
            // SAFETY: these very bytes were checked as they were read (`Utf8`), and have not
            // changed since: the mapping is written only while being filled.
            Some(seen) if seen.utf8 => Some(unsafe { std::str::from_utf8_unchecked(self) }),
            Some(_) => None,
            // Checked with SIMD: several times faster than std's check on mostly-Chinese text.
            None => simdutf8::basic::from_utf8(self).ok(),
        }
    }
}

/// Files this large are read into a mapping whose pages are made up front.
const MAPPED_FROM: u64 = 4 << 20;

/// Read a file's bytes, refusing what is not a regular, readable, reasonably sized file.
pub fn read_file(path: &Path) -> Result<FileBytes, LoadError> {
    let name = path.display().to_string();
    let err = |m: String| LoadError::whole_file(&name, m);
    let meta = std::fs::metadata(path).map_err(|e| err(io_message(&e)))?;
    if meta.is_dir() {
        return Err(err("is a directory, not a dataset file".into()));
    }
    if !meta.is_file() {
        // FIFOs and devices could block or never end; a dataset is always a plain file.
        return Err(err("is not a regular file (a pipe or device?)".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(err(format!(
            "is {} MB, larger than the {} MB a dataset may be",
            meta.len() / 1_000_000,
            MAX_FILE_BYTES / 1_000_000
        )));
    }
    let mut file = File::open(path).map_err(|e| err(io_message(&e)))?;
    let mut bytes = Vec::new();
    // Read into fresh pages, 200 MB cost more in page faults than in copying (50,000 of
    // them). On one core, a mapping populated when it is made (MAP_POPULATE) takes them in one
    // kernel call: read and hash of 184 MB went from 115-145 ms to 91-115 ms. With two cores,
    // two threads each reading half into an unpopulated mapping take their faults side by side,
    // which is faster still (197 MB: 86 ms populated, 57 ms in halves). Asking for transparent
    // huge pages instead was faster at best and far slower at worst (46-330 ms), because where
    // the kernel compacts memory on request the request itself waits for it.
    let halves = meta.len() >= MAPPED_FROM && parallel_reads();
    let mapped = (meta.len() >= MAPPED_FROM)
        .then(|| {
            let mut options = MmapOptions::new();
            options.len(meta.len() as usize + 1);
            if !halves {
                options.populate();
            }
            options.map_anon().ok()
        })
        .flatten();
    if let Some(mut m) = mapped {
        let (n, seen) = if halves {
            fill_in_halves(&file, &mut m)
        } else {
            fill_whole(&file, &mut m)
        }
        .map_err(|e| err(io_message(&e)))?;
        if n < m.len() {
            let seen = Some(seen);
            let bytes = Bytes::Mapped(m, n);
            return Ok(FileBytes { bytes, seen });
        }
        // It grew while being read: go on the ordinary way, after what was read.
        bytes.extend_from_slice(&m);
        file.seek(SeekFrom::Start(n as u64))
            .map_err(|e| err(io_message(&e)))?;
    }
    let left = MAX_FILE_BYTES + 1 - bytes.len() as u64;
    bytes.reserve(meta.len() as usize);
    file.take(left)
        .read_to_end(&mut bytes)
        .map_err(|e| err(io_message(&e)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(err("grew past the size limit while being read".into()));
    }
    let bytes = Bytes::Heap(bytes);
    Ok(FileBytes { bytes, seen: None })
}

/// Whether a large file is read in two halves at once: where there are two cores.
fn parallel_reads() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
}

/// [`fill_at`] from the start: how much was read, its hash and whether it is UTF-8.
fn fill_whole(file: &File, buf: &mut [u8]) -> std::io::Result<(usize, Seen)> {
    let (n, digest, utf8) = fill_at(file, buf, 0)?;
    let utf8 = Utf8::whole(&buf[..n], &[(n, utf8)]);
    let digest = digest.finish();
    Ok((n, Seen { digest, utf8 }))
}

/// [`fill_whole`], the two halves of `buf` on two threads. The halves meet at a block's end,
/// so that each thread hashes whole blocks; a buffer of less than two blocks is read whole.
fn fill_in_halves(file: &File, buf: &mut [u8]) -> std::io::Result<(usize, Seen)> {
    if buf.len() < 2 * BLOCK {
        return fill_whole(file, buf);
    }
    let half = buf.len() / 2 / BLOCK * BLOCK;
    let (first, second) = buf.split_at_mut(half);
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| fill_at(file, first, 0));
        let b = fill_at(file, second, half as u64);
        (a.join(), b)
    });
    let (a, mut digest, a_utf8) =
        a.map_err(|_| std::io::Error::other("a reading thread failed"))??;
    // A first half cut short is where the file ends, whatever the second found.
    let (n, parts) = if a < half {
        (a, vec![(a, a_utf8)])
    } else {
        let (b, b_digest, b_utf8) = b?;
        digest.append(b_digest);
        (half + b, vec![(a, a_utf8), (b, b_utf8)])
    };
    let utf8 = Utf8::whole(&buf[..n], &parts);
    let digest = digest.finish();
    Ok((n, Seen { digest, utf8 }))
}

/// Read into `buf` from byte `at` of the file until `buf` is full or the file ends, a block at
/// a time, each hashed and checked as it arrives: how much was read, and what was learned.
fn fill_at(file: &File, buf: &mut [u8], at: u64) -> std::io::Result<(usize, Digest, Utf8)> {
    use std::os::unix::fs::FileExt;
    let (mut digest, mut utf8) = (Digest::default(), Utf8::new(at));
    let mut n = 0;
    while n < buf.len() {
        let end = buf.len().min(n + BLOCK);
        match file.read_at(&mut buf[n..end], at + n as u64) {
            Ok(0) => break,
            Ok(k) => {
                digest.update(&buf[n..n + k]);
                n += k;
                utf8.update(&buf[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((n, digest, utf8))
}

pub(super) fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            // Drop the "(os error N)" suffix; it means nothing to a reader.
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(file: &File, buf: &mut [u8]) -> (usize, Seen) {
        fill_in_halves(file, buf).unwrap()
    }

    #[test]
    fn a_file_read_in_halves_is_the_file() {
        let dir = std::env::temp_dir().join(format!("gongshu-halves-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f");
        // Text with a character cut at every block's end, and a few more bytes than a block.
        let text = "金融a".repeat(3 * BLOCK / 7);
        let bytes = text.as_bytes();
        assert!(bytes.len() > 2 * BLOCK);
        std::fs::write(&path, bytes).unwrap();
        let file = File::open(&path).unwrap();
        // Room for one byte more, as `read_file` leaves: the whole file, and nothing after.
        let mut buf = vec![0xAAu8; bytes.len() + 1];
        let (n, seen) = fill(&file, &mut buf);
        assert_eq!(n, bytes.len());
        assert_eq!(&buf[..n], bytes);
        assert_eq!(seen.digest, Digest::of(bytes));
        assert!(seen.utf8);
        // A file longer than the buffer (it grew) fills it.
        let mut short = vec![0u8; BLOCK + 1000];
        let (n, seen) = fill(&file, &mut short);
        assert_eq!(n, short.len());
        assert_eq!(short, bytes[..n]);
        assert_eq!(seen.digest, Digest::of(&bytes[..n]));
        // A file shorter than half the buffer (it shrank) is read to its end.
        let mut long = vec![0u8; 5 * bytes.len()];
        let (n, seen) = fill(&file, &mut long);
        assert_eq!(n, bytes.len());
        assert_eq!(&long[..n], bytes);
        assert_eq!(seen.digest, Digest::of(bytes));
        // Read on one thread, the same.
        let (n, whole) = fill_whole(&file, &mut buf).unwrap();
        assert_eq!(
            (n, whole.digest, whole.utf8),
            (bytes.len(), seen.digest, true)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_byte_that_is_not_utf8_is_found_wherever_it_is() {
        let dir = std::env::temp_dir().join(format!("gongshu-utf8-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f");
        let good = "金融a".repeat(3 * BLOCK / 7).into_bytes();
        // The first byte, at a block's end, at the seam of the halves, the last.
        // Where `fill_in_halves` cuts a buffer one byte longer than the file.
        let half = good.len().div_ceil(2) / BLOCK * BLOCK;
        for at in [
            0,
            BLOCK - 1,
            BLOCK,
            half - 1,
            half,
            half + 1,
            good.len() - 1,
        ] {
            let mut bad = good.clone();
            bad[at] = 0xFF;
            std::fs::write(&path, &bad).unwrap();
            let file = File::open(&path).unwrap();
            let mut buf = vec![0u8; bad.len() + 1];
            assert!(!fill(&file, &mut buf).1.utf8, "0xFF at {at}, in halves");
            assert!(!fill_whole(&file, &mut buf).unwrap().1.utf8, "0xFF at {at}");
        }
        // Cut short in the middle of a character.
        std::fs::write(&path, &good[..good.len() - 2]).unwrap();
        let file = File::open(&path).unwrap();
        let mut buf = vec![0u8; good.len()];
        assert!(!fill(&file, &mut buf).1.utf8, "a cut character at the end");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
