//! The fast reader over a large file read a piece at a time, so that the file is never held
//! whole beside what is read from it.
//!
//! Held whole, a 197 MB file and the 194 MiB read from it made a peak of 388 MiB. Here each
//! worker reads its pieces of the platform list, one after another, into one buffer of its
//! own, checks that piece's UTF-8 and reads its platforms: what is held beside the dataset is
//! a piece per worker. The pieces are cut where [`super::guesses`] cuts the text, found by
//! reading a little at each guess, and trusted under the same rule: a piece is confirmed only
//! by the piece before it ending exactly there.

use std::fs::File;
use std::os::unix::fs::FileExt;

use super::super::schema::Dataset;
use super::{End, PARALLEL_FROM, PIECES_PER_THREAD, items, platform_list, start_pattern};

/// The part of the file read to find the platform list: the fields before it are short.
const HEAD: usize = 1 << 20;
/// How far past each guessed cut a platform's start is looked for.
const WINDOW: usize = 256 << 10;

/// The dataset in `file`, `len` bytes long, or `None` when anything is unexpected or the file
/// is smaller than the text reader would cut (the caller then reads it whole, the ordinary
/// way, which reads alike).
pub fn read_file(file: &File, len: usize) -> Option<Dataset> {
    if len < PARALLEL_FROM {
        return None;
    }
    let threads = rayon::current_num_threads().clamp(1, 4);
    read_file_cut(file, len, threads, PIECES_PER_THREAD)
}

/// [`read_file`] on `threads` threads, cut in up to `threads * per_thread` pieces.
pub(super) fn read_file_cut(
    file: &File,
    len: usize,
    threads: usize,
    per_thread: usize,
) -> Option<Dataset> {
    let head = read_text_at(file, 0, HEAD.min(len), true)?;
    // A BOM, the list not within the head, or a list on one line: read the ordinary way.
    if head.starts_with('\u{feff}') {
        return None;
    }
    let (open, first) = platform_list(&head)?;
    let pattern = start_pattern(&head, first)?;
    let mut window = Vec::new();
    let starts = super::guesses_by(
        first,
        len,
        threads * per_thread,
        |from| {
            let n = WINDOW.min(len.saturating_sub(from));
            window.resize(n, 0);
            file.read_exact_at(&mut window, from as u64).ok()?;
            memchr::memmem::find(&window, pattern.as_bytes()).map(|at| from + at)
        },
        pattern.len() - 1,
    );
    if starts.len() < 2 {
        return None;
    }
    let results = super::each_piece(starts.len(), threads, |k, buffer: &mut Vec<u8>| {
        let end = starts.get(k + 1).copied().unwrap_or(len);
        piece(file, buffer, starts[k], end, end == len)
    });
    let mut platforms =
        Vec::with_capacity(results.iter().flatten().map(|p| p.platforms.len()).sum());
    let mut tail = None;
    for (k, piece) in results.into_iter().enumerate() {
        // A guess not confirmed: read the ordinary way.
        let piece = piece?;
        platforms.extend(piece.platforms);
        if let Some(t) = piece.tail {
            // The list closed here; what follows this piece belongs to the tail too.
            let end = starts.get(k + 1).copied().unwrap_or(len);
            let rest = read_text_at(file, end, len - end, false)?;
            tail = Some(t + &rest);
            break;
        }
    }
    super::with_platforms(&head[..=open], &tail?, platforms)
}

/// The platforms of one piece and, where the list closed in it, the text from its `]` on.
struct Piece {
    platforms: Vec<super::super::schema::Platform>,
    tail: Option<String>,
}

/// Read the piece `start..end` into `buffer` and the platforms in it; `None` when it is not
/// UTF-8 or does not hold whole platforms that end exactly at `end` (or close the list).
fn piece(file: &File, buffer: &mut Vec<u8>, start: usize, end: usize, last: bool) -> Option<Piece> {
    let n = end - start;
    // Grown only, so each worker's buffer is paged in once, not once per piece.
    if buffer.len() < n {
        buffer.resize(n, 0);
    }
    let bytes = &mut buffer[..n];
    file.read_exact_at(bytes, start as u64).ok()?;
    let text = simdutf8::basic::from_utf8(bytes).ok()?;
    // The last piece runs to the file's end; the others must reach their end exactly.
    let stop = (!last).then_some(n);
    let p = items(text, 0, stop)?;
    let tail = match p.end {
        End::Closed(at) => Some(text[at..].to_string()),
        End::Reached => None,
    };
    Some(Piece {
        platforms: p.platforms,
        tail,
    })
}

/// `n` bytes of the file from `at` as text. `cut`: the bytes may end inside a character, which
/// is left out.
fn read_text_at(file: &File, at: usize, n: usize, cut: bool) -> Option<String> {
    let mut bytes = vec![0u8; n];
    file.read_exact_at(&mut bytes, at as u64).ok()?;
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) if cut && e.utf8_error().error_len().is_none() => {
            let good = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(good);
            String::from_utf8(bytes).ok()
        }
        Err(_) => None,
    }
}
