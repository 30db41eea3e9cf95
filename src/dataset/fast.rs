//! A fast reader for well-formed dataset files: a serde deserializer for the part of RON a
//! dataset is written in, several times faster than `ron` (which tracks what it needs for its
//! error messages), with the platform list read on several threads.
//!
//! It never explains anything: on the first thing it does not expect (an error, or RON it does
//! not handle, like raw strings or `\u{…}` escapes) it gives up, and the file is read again by
//! `ron` with field paths, whose diagnostics are the only ones a user sees. So it only has to
//! agree with `ron` on files both accept; the test `the_fast_reader_agrees_with_ron` and the
//! dataset fuzz target hold it to that.

use rayon::prelude::*;
use serde::Deserialize;

use super::schema::{Dataset, Platform};

mod from_file;
mod reader;
pub use from_file::read_file;
use reader::{FallBackToRon, OrRon, Reader};

/// Below this many bytes a file is read on one thread.
const PARALLEL_FROM: usize = 4 << 20;
/// Pieces of the platform list per thread: more than one, so a thread that finishes early
/// takes work from one that is slow.
const PIECES_PER_THREAD: usize = 4;

/// The dataset in `text`, or `None` when anything is unexpected.
pub fn read(text: &str) -> Option<Dataset> {
    // The size first: asking rayon for its threads starts its pool.
    if text.len() < PARALLEL_FROM {
        return whole(text);
    }
    let threads = rayon::current_num_threads().clamp(1, 4);
    if threads == 1 {
        return whole(text);
    }
    match platform_list(text) {
        Some((open, first)) => read_in_pieces(text, open, first, threads, PIECES_PER_THREAD),
        None => whole(text),
    }
}

/// Read the platform list (opening at `open`, its first platform at `first`) in up to
/// `threads * per_thread` pieces on `threads` threads, and the rest of the
/// file after.
///
/// The list is cut at guesses, not found by a scan (which took as long as reading it): a piece
/// starts at the first line after its share of the bytes that begins the way the list's first
/// platform does (a newline, the same indentation, `(`). A guess may be wrong (inside a string
/// or comment), so it is trusted only when the piece before it, itself trusted, ends exactly
/// there: reading from a true platform start visits only true platform starts. The first piece
/// starts at the first platform. Where a guess is not confirmed, the rest of the list is read
/// from the last confirmed point on this thread.
fn read_in_pieces(
    text: &str,
    open: usize,
    first: usize,
    threads: usize,
    per_thread: usize,
) -> Option<Dataset> {
    let starts = guesses(text, first, threads * per_thread);
    let mut results = each_piece(starts.len(), threads, |k, _: &mut ()| {
        items(text, starts[k], starts.get(k + 1).copied())
    });
    let mut platforms =
        Vec::with_capacity(results.iter().flatten().map(|p| p.platforms.len()).sum());
    let mut close = None;
    for (k, piece) in results.iter_mut().enumerate() {
        match piece.take() {
            Some(Piece { platforms: p, end }) => {
                platforms.extend(p);
                if let End::Closed(at) = end {
                    close = Some(at);
                    break;
                }
            }
            // A guess not confirmed: read on from the last confirmed start.
            None => {
                let (p, end) = super::str::interning(|| {
                    let piece = items(text, starts[k], None)?;
                    Some((piece.platforms, piece.end))
                })?;
                platforms.extend(p);
                let End::Closed(at) = end else { return None };
                close = Some(at);
                break;
            }
        }
    }
    let close = close?;
    with_platforms(&text[..=open], &text[close..], platforms)
}

/// The dataset whose text is `head` (up to its platform list's `[`) then `tail` (from the list's
/// `]`), with `platforms` read apart: the rest of the file is read with an empty list, which
/// must then be empty.
fn with_platforms(head: &str, tail: &str, platforms: Vec<Platform>) -> Option<Dataset> {
    let mut shell_text = String::with_capacity(head.len() + tail.len());
    shell_text.push_str(head);
    shell_text.push_str(tail);
    let mut d = whole(&shell_text)?;
    if !d.platforms.is_empty() {
        return None;
    }
    d.platforms = platforms;
    Some(d)
}

/// `read(k, scratch)` of every piece `k` below `pieces`, in that order, read on up to `threads`
/// threads. Each worker takes the next piece until none is left, with a scratch value of its own
/// and its strings shared with their equals across the pieces it reads.
fn each_piece<T: Send, S: Default>(
    pieces: usize,
    threads: usize,
    read: impl Fn(usize, &mut S) -> T + Sync,
) -> Vec<T> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<Vec<(usize, T)>> = (0..threads.min(pieces))
        .into_par_iter()
        .map(|_| {
            super::str::interning(|| {
                let mut scratch = S::default();
                let mut mine = Vec::new();
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if k >= pieces {
                        return mine;
                    }
                    mine.push((k, read(k, &mut scratch)));
                }
            })
        })
        .collect();
    let mut done: Vec<(usize, T)> = done.into_iter().flatten().collect();
    done.sort_unstable_by_key(|(k, _)| *k);
    done.into_iter().map(|(_, t)| t).collect()
}

/// The platforms of one piece of the list, and how it ended.
struct Piece {
    platforms: Vec<Platform>,
    end: End,
}

enum End {
    /// At the next piece's start, which is thereby confirmed.
    Reached,
    /// At the list's `]`, at this byte.
    Closed(usize),
}

/// Read platforms from `start` until the list closes or, when `stop` is given, until the next
/// platform starts exactly at `stop`; `None` if the text there is anything else.
fn items(text: &str, start: usize, stop: Option<usize>) -> Option<Piece> {
    let mut r = Reader {
        s: text.as_bytes(),
        at: start,
        text,
    };
    let mut platforms = Vec::new();
    loop {
        platforms.push(Platform::deserialize(&mut r).ok()?);
        r.ws().ok()?;
        match r.peek()? {
            b',' => {
                r.at += 1;
                r.ws().ok()?;
            }
            b']' => {}
            _ => return None,
        }
        if r.peek() == Some(b']') {
            let end = End::Closed(r.at);
            return Some(Piece { platforms, end });
        }
        match stop {
            Some(stop) if r.at == stop => {
                let end = End::Reached;
                return Some(Piece { platforms, end });
            }
            Some(stop) if r.at > stop => return None,
            _ => {}
        }
    }
}

/// Where the top-level `platforms: [` list opens and where its first element starts, found by
/// stepping over the fields before it. `None` if the file is not shaped as expected or the list
/// is empty.
fn platform_list(text: &str) -> Option<(usize, usize)> {
    let mut r = Reader {
        s: text.as_bytes(),
        at: 0,
        text,
    };
    r.ws().ok()?;
    if r.peek() != Some(b'(') {
        return None;
    }
    r.at += 1;
    loop {
        r.ws().ok()?;
        let key = r.ident().ok()?;
        r.ws().ok()?;
        r.expect(b':').ok()?;
        r.ws().ok()?;
        if key == "platforms" {
            r.expect(b'[').ok()?;
            let open = r.at - 1;
            r.ws().ok()?;
            return (r.peek()? == b'(').then_some((open, r.at));
        }
        r.skip_value().ok()?;
        r.ws().ok()?;
        match r.peek()? {
            b',' => r.at += 1,
            _ => return None,
        }
    }
}

/// Up to `pieces` guessed platform starts, the first being the true first one at `first`.
fn guesses(text: &str, first: usize, pieces: usize) -> Vec<usize> {
    let Some(pattern) = start_pattern(text, first) else {
        return vec![first];
    };
    guesses_by(
        first,
        text.len(),
        pieces,
        |from| {
            let rest = text.as_bytes().get(from..).unwrap_or_default();
            memchr::memmem::find(rest, pattern.as_bytes()).map(|at| from + at)
        },
        pattern.len() - 1,
    )
}

/// How a line that starts a platform begins: a newline, the first platform's indentation and
/// `(`. `None` when the list is written on one line, which gives no guesses.
fn start_pattern(head: &str, first: usize) -> Option<String> {
    let line = head[..first].rfind('\n').map(|nl| &head[nl..first]);
    let indent = line.filter(|l| l[1..].bytes().all(|b| b == b' ' || b == b'\t'))?;
    Some(format!("{indent}("))
}

/// [`guesses`] over a text of `len` bytes, where `find(from)` is where the start pattern is
/// next found at or after `from`, and the `(` is `to_paren` bytes into it.
fn guesses_by(
    first: usize,
    len: usize,
    pieces: usize,
    mut find: impl FnMut(usize) -> Option<usize>,
    to_paren: usize,
) -> Vec<usize> {
    let mut starts = vec![first];
    let step = (len - first) / pieces;
    for k in 1..pieces {
        let from = (first + k * step).max(starts[starts.len() - 1] + 1);
        let Some(found) = find(from) else {
            break;
        };
        starts.push(found + to_paren);
    }
    starts
}

fn whole(text: &str) -> Option<Dataset> {
    super::str::interning(|| one(text).ok())
}

fn one<'de, T: Deserialize<'de>>(text: &'de str) -> OrRon<T> {
    let mut de = Reader {
        s: text.as_bytes(),
        at: 0,
        text,
    };
    let v = T::deserialize(&mut de)?;
    de.ws()?;
    if de.at != de.s.len() {
        return Err(FallBackToRon);
    }
    Ok(v)
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
