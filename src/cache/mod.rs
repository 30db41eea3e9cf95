//! A dataset with its search index, and a cache that keeps large datasets parsed and indexed.
//!
//! Parsing 100,000 platforms of RON and building their index takes seconds; reading them back in
//! binary takes a fraction of that. A dataset file of [`CACHE_FROM_BYTES`] or more is kept in
//! `$XDG_CACHE_HOME/gongshu/` (by default `~/.cache/gongshu/`) under its length and its content
//! hash (128-bit xxh3 of its bytes): a file is found
//! again only if every byte is the same, wherever it lives and whatever its date. The length in
//! the name tells a run whether to hash the file as it streams (an entry of that length is there)
//! or to read it whole for parsing (none is). A cache file is written to a temporary file and renamed into place, so it is whole or absent; it is
//! trusted only when its header carries the same key and format, and each of its parts has the
//! checksum the header gives. Anything else (a missing, stale, truncated or unreadable file, a
//! cache directory that cannot be written) means parsing the file as if there were no cache,
//! with the same diagnostics. Smaller files are parsed every time: below the threshold that is
//! as fast as reading a cache entry.
//!
//! An entry holds the index and the dataset in parts that decode on several threads at once.
//! The map's facts are kept in a file of their own beside it, written by the first run that
//! draws the map: a lookup never works them out.

mod entry;
mod table;
#[cfg(test)]
mod tests;

use std::cell::OnceCell;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::dataset::{self, Dataset, LoadError};
use crate::map::Facts;
use crate::search::Index;
use entry::Kind;

/// Dataset files this large or larger are cached.
pub const CACHE_FROM_BYTES: u64 = 4 * 1024 * 1024;

/// A dataset and its search index, built the first time it is asked for (or loaded with it).
pub struct Loaded {
    pub data: Dataset,
    /// Shared, so that the index can go on being written to the cache while it is used.
    index: OnceCell<Arc<Index>>,
    /// What the map works out once per dataset; kept in the cache for large ones.
    map_facts: Option<Facts>,
    /// The length and content hash of the file it came from, when it went through the cache.
    key: Option<(u64, u128)>,
}

impl Loaded {
    pub fn new(data: Dataset) -> Loaded {
        Loaded {
            data,
            index: OnceCell::new(),
            map_facts: None,
            key: None,
        }
    }

    pub fn with_index(data: Dataset, index: Index) -> Loaded {
        Loaded {
            data,
            index: OnceCell::from(Arc::new(index)),
            map_facts: None,
            key: None,
        }
    }

    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Arc::new(Index::new(&self.data)))
    }

    /// The dataset, its index, and the map's facts when they were loaded with it.
    pub fn into_parts(self) -> (Dataset, Arc<Index>, Option<Facts>) {
        let index = match self.index.into_inner() {
            Some(i) => i,
            None => Arc::new(Index::new(&self.data)),
        };
        (self.data, index, self.map_facts)
    }
}

/// The embedded dataset parsed and indexed ahead of time: `data/gongshu.bin` is
/// `data/gongshu.ron` and its index, serialized. The test `the_prebuilt_dataset_is_the_shipped_one`
/// fails until it is rebuilt after a change to either (or to how they serialize), so a lookup
/// on the embedded dataset parses nothing and does no pinyin work.
const PREBUILT: &[u8] = include_bytes!("../../data/gongshu.bin");

/// The embedded dataset with its index, read from [`PREBUILT`].
pub fn embedded() -> Loaded {
    let (data, index) =
        postcard::from_bytes(PREBUILT).expect("the prebuilt dataset is checked by the tests");
    Loaded::with_index(data, index)
}

/// Read, validate and index a dataset file, through the cache when it is large. `map`: the map
/// will be drawn, so its facts are wanted too.
pub fn load_file(path: &Path, map: bool) -> Result<Loaded, LoadError> {
    load_file_in(path, cache_dir().as_deref(), CACHE_FROM_BYTES, map)
}

/// [`load_file`] with the cache in `dir` (`None`: no cache) for files of `from_bytes` or more.
pub fn load_file_in(
    path: &Path,
    dir: Option<&Path>,
    from_bytes: u64,
    map: bool,
) -> Result<Loaded, LoadError> {
    let Some((dir, size)) = cacheable(path, dir, from_bytes) else {
        return dataset::load_file(path).map(Loaded::new);
    };
    // Where an entry for a file of this length is there, the file is hashed as it streams
    // through a small buffer and never held whole (at 200 MB, 60-100 ms of page faults saved).
    // Where only one entry could be the file's, it is read while the file is hashed, and kept if
    // the hash says it is the file's. Where none is, the file is read whole, as parsing needs it,
    // and hashed once.
    let keys = entry::keys_of_size(dir, Kind::Entry, size);
    if !keys.is_empty() {
        let read = |key: u128| entry::read_entry(&entry::path(dir, Kind::Entry, size, key), key);
        let guess = (keys.len() == 1).then_some(keys[0]);
        let (key, read_early) = rayon::join(|| hash_file(path), || guess.and_then(read));
        let found = match key {
            Some(key) if guess == Some(key) => read_early,
            // Reading the entry is the test that it is there.
            Some(key) if keys.contains(&key) => read(key),
            _ => None,
        };
        if let (Some(key), Some((data, index))) = (key, found) {
            let mut loaded = Loaded::with_index(data, index);
            loaded.key = Some((size, key));
            if map {
                loaded.map_facts = Some(facts_of(dir, size, key, &loaded.data));
            }
            return Ok(loaded);
        }
    }
    // A well-formed, valid file is read a piece at a time beside its hash, never held whole.
    // Anything else (an error to explain, a file that changed while it was read) is read whole.
    if let Some((key, data)) = read_in_pieces(path, size) {
        return Ok(index_and_write(dir, size, key, data, map));
    }
    let bytes = dataset::read_file(path)?;
    // The entry is keyed by the bytes parsed, even if the file changed since it was hashed; the
    // hash is worked out beside the parse, which needs nothing from it.
    let (key, data) = rayon::join(|| xxh3_128(&bytes), || dataset::parse_file(path, &bytes));
    let (size, data) = (bytes.len() as u64, data?);
    // Before the index is built, so that the file's bytes and the index are not held at once.
    drop(bytes);
    Ok(index_and_write(dir, size, key, data, map))
}

/// The file at `path`, `size` bytes long, read a piece at a time, and its hash; `None` when it
/// is not a valid dataset the fast reader reads, or when it changed while it was read (its
/// pieces and its hash might then be of different contents).
fn read_in_pieces(path: &Path, size: u64) -> Option<(u128, Dataset)> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let stamp = |m: &std::fs::Metadata| {
        let times = (m.mtime(), m.mtime_nsec(), m.ctime(), m.ctime_nsec());
        (m.dev(), m.ino(), m.len(), times)
    };
    // Not blocking on a FIFO put where the file was.
    let file = File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    let before = file.metadata().ok()?;
    if !before.is_file() || before.len() != size {
        return None;
    }
    let (key, data) = rayon::join(
        || hash_file(path),
        || dataset::read_valid_in_pieces(&file, size),
    );
    let same = |m: std::io::Result<std::fs::Metadata>| m.is_ok_and(|m| stamp(&m) == stamp(&before));
    (same(file.metadata()) && same(std::fs::metadata(path))).then_some(())?;
    Some((key?, data?))
}

/// Index a dataset just read from a file of `size` bytes with hash `key`, and start writing its
/// cache entry in `dir`.
fn index_and_write(dir: &Path, size: u64, key: u128, data: Dataset, map: bool) -> Loaded {
    crate::heap::give_back_what_reading_freed();
    // The index side by side with writing the dataset to the entry and, if they are wanted,
    // working out the map's facts: none needs the others. The entry is written on a thread of
    // its own while the caller goes on to search and print; the process waits for it before it
    // exits ([`finish_writing`]). A cache that cannot be written is no reason to fail: the next
    // run parses again.
    let (index, (facts, writer)) = rayon::join(
        || Index::new(&data),
        || {
            let facts = map.then(|| Facts::new(&data));
            let parts = entry::dataset_parts(&data);
            let (blobs, rest) = write_entry(dir.to_path_buf(), size, key, parts);
            // Each part goes to the writer as it is made, so that few wait in memory beside
            // the index being built. Its end gone (the writer stopped), the entry is not written.
            let whole = entry::each_dataset_blob(&data, |blob| blobs.send(blob).is_ok());
            (facts, whole.then_some(rest))
        },
    );
    let index = Arc::new(index);
    if let Some(writer) = writer {
        let facts_blob = facts.as_ref().and_then(|f| postcard::to_stdvec(f).ok());
        let _ = writer.send((index.clone(), facts_blob));
    }
    Loaded {
        data,
        index: OnceCell::from(index),
        map_facts: facts,
        key: Some((size, key)),
    }
}

/// The two ends a cache entry's writer listens on: the dataset's parts, in order, and then
/// the index with the map's facts (if any).
type EntryWriter = (
    std::sync::mpsc::SyncSender<Vec<u8>>,
    std::sync::mpsc::SyncSender<(Arc<Index>, Option<Vec<u8>>)>,
);

/// Start writing the entry of a dataset with `parts` parts after the index: each is written as
/// it is sent, while the index is still being built; the index, when it is sent, is streamed to
/// the file after them, then the map's facts (if sent) to their file. Where a sender is dropped
/// before all is sent, the half-written file is removed.
fn write_entry(dir: PathBuf, size: u64, key: u128, parts: usize) -> EntryWriter {
    // Two parts at most wait: a part is written faster than it is made.
    let (send_part, parts_in) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
    let (send, receive) = std::sync::mpsc::sync_channel::<(Arc<Index>, Option<Vec<u8>>)>(1);
    write_in_background(move || {
        let Ok(mut file) = entry::NewFile::create(&dir, Kind::Entry, size, key, parts + 1) else {
            return;
        };
        for i in 0..parts {
            let Ok(b) = parts_in.recv() else {
                return;
            };
            if file.put(i + 1, &b).is_err() {
                return;
            }
        }
        let Ok((index, facts)) = receive.recv() else {
            return;
        };
        if file.put_serialized(0, &*index).is_err() {
            return;
        }
        drop(index);
        if file.finish().is_ok()
            && let Some(f) = facts
        {
            let _ = entry::write(&dir, Kind::Facts, size, key, &[f]);
        }
    });
    (send_part, send)
}

/// The cache directory and the file's length, if the file at `path` is to go through the cache:
/// a regular file of `from_bytes` or more, and a cache directory that is this user's alone (what
/// others can write there is not to be read back as data).
fn cacheable<'a>(path: &Path, dir: Option<&'a Path>, from_bytes: u64) -> Option<(&'a Path, u64)> {
    let size = std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    dir.zip(size)
        .filter(|&(d, n)| n >= from_bytes && entry::private_dir(d).is_some())
}

/// What completion offers of the dataset `d`: each platform's id and then its number, a line
/// each, for the ids a dataset may hold (whatever a cache entry says: they go on a command line).
pub fn ids_of(d: &Dataset) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    for p in d.platforms.iter().filter(|p| dataset::is_valid_id(&p.id)) {
        let _ = writeln!(out, "{}\n{}", p.id, p.number);
    }
    out
}

/// [`ids_of`] the dataset file at `path`. A large file's ids are kept in a file of their own
/// beside its cache entry, under the entry's rules (this user's, 0600, for the file's content
/// hash and this build, every part checked), and every line of it is checked again as an id and
/// a number when it is read: Tab then answers without loading the dataset. Written by the first
/// run that needs them.
pub fn ids_of_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    ids_of_file_in(path, cache_dir().as_deref(), CACHE_FROM_BYTES)
}

/// [`ids_of_file`] with the cache in `dir` for files of `from_bytes` or more.
pub fn ids_of_file_in(
    path: &Path,
    dir: Option<&Path>,
    from_bytes: u64,
) -> Result<Vec<u8>, LoadError> {
    let cached = cacheable(path, dir, from_bytes);
    // Hashed only when an ids file for a file of this length is there to be found.
    if let Some((dir, size)) = cached
        && entry::has_file_of_size(dir, Kind::Ids, size)
        && let Some(key) = hash_file(path)
        && let Some(ids) = entry::read_ids(&entry::path(dir, Kind::Ids, size, key), key)
    {
        return Ok(ids);
    }
    let loaded = load_file_in(path, dir, from_bytes, false)?;
    let ids = ids_of(&loaded.data);
    if let (Some((dir, _)), Some((size, key))) = (cached, loaded.key) {
        // No ids file written is only a slower Tab next time.
        let _ = entry::write(dir, Kind::Ids, size, key, std::slice::from_ref(&ids));
    }
    // The process ends after completing: freeing a large dataset piece by piece would only
    // delay the answer.
    std::mem::forget(loaded);
    Ok(ids)
}

/// The map's facts for the cached dataset `data`: from its facts file, or worked out and
/// written there for the next run.
fn facts_of(dir: &Path, size: u64, key: u128, data: &Dataset) -> Facts {
    let path = entry::path(dir, Kind::Facts, size, key);
    if let Some(facts) = entry::read_facts(&path, key, data.platforms.len()) {
        return facts;
    }
    let facts = Facts::new(data);
    if let Ok(blob) = postcard::to_stdvec(&facts) {
        let dir = dir.to_path_buf();
        write_in_background(move || {
            let _ = entry::write(&dir, Kind::Facts, size, key, &[blob]);
        });
    }
    facts
}

/// Where the cache lives: `$XDG_CACHE_HOME/gongshu`, else `~/.cache/gongshu`.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("gongshu"))
}

/// The content hash of the regular file at `path`, or `None` when it cannot be read whole (the
/// caller reads it the ordinary way, which says why).
fn hash_file(path: &Path) -> Option<u128> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    // Not blocking on a FIFO put where the file was.
    let mut f = File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    if !f.metadata().ok()?.is_file() {
        return None;
    }
    let mut hasher = Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        match f.read(&mut buf) {
            Ok(0) => return Some(hasher.digest128()),
            Ok(n) => {
                total += n as u64;
                if total > dataset::MAX_FILE_BYTES {
                    return None;
                }
                hasher.update(&buf[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// How many cache files are being written after [`load_file_in`] returned, and the signal that
/// the count went down.
static WRITING: (Mutex<usize>, Condvar) = (Mutex::new(0), Condvar::new());

/// Write to the cache on a thread of its own, waited for by [`finish_writing`]. Where no thread
/// can be started the writing is skipped: a cache not written only means parsing next time.
fn write_in_background(work: impl FnOnce() + Send + 'static) {
    /// Counts a writer out when its work ends, however it ends.
    struct Done;
    impl Drop for Done {
        fn drop(&mut self) {
            let (count, changed) = &WRITING;
            *count.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
            changed.notify_all();
        }
    }
    *WRITING.0.lock().unwrap_or_else(|e| e.into_inner()) += 1;
    let started = std::thread::Builder::new().spawn(move || {
        let _done = Done;
        work();
    });
    if started.is_err() {
        // The closure, and the guard it would have made, never ran.
        drop(Done);
    }
}

pub use entry::abandon_write;

/// For a command that prints and exits: SIGTERM, SIGINT and SIGHUP remove a cache file being
/// written before the process ends as the signal ends it. (The atlas and the briefing have their
/// own signal thread, which does the same.)
pub fn abandon_writes_on_signals() {
    for sig in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
        // SAFETY: the action calls only async-signal-safe functions (unlink, sigaction, raise).
        let _ = unsafe {
            signal_hook::low_level::register(sig, move || {
                abandon_write();
                let _ = signal_hook::low_level::emulate_default_handler(sig);
            })
        };
    }
}

/// Wait for the cache files still being written, so that a process ending leaves each one
/// whole in place rather than a temporary file behind.
pub fn finish_writing() {
    let (count, changed) = &WRITING;
    let mut n = count.lock().unwrap_or_else(|e| e.into_inner());
    while *n > 0 {
        n = changed.wait(n).unwrap_or_else(|e| e.into_inner());
    }
}
