//! A dataset with its search index, and a cache that keeps large datasets parsed and indexed.
//!
//! Parsing 100,000 platforms of RON and building their index takes seconds; reading them back in
//! binary takes a fraction of that. A dataset file of [`CACHE_FROM_BYTES`] or more is kept in
//! `$XDG_CACHE_HOME/gongshu/` (by default `~/.cache/gongshu/`) under its length and the 128-bit
//! xxh3 hash of its content: a file is found again only if every byte is the same, wherever it
//! lives and whatever its date. The length in the name tells a run whether to hash the file as it
//! streams (an entry of that length is there) or to read it whole for parsing (none is). An entry
//! is written to a temporary file and renamed into place, so it is whole or absent; it is trusted
//! only when its header carries the same key and format, and each of its parts has the checksum
//! the header gives. Anything else (a missing, stale, truncated or
//! unreadable entry, a cache directory that cannot be written) means parsing the file as if there
//! were no cache, with the same diagnostics. Smaller files are parsed every time: below the
//! threshold that is as fast as reading a cache entry.
//!
//! An entry holds the index and the dataset in parts that decode on several threads at once.

use std::cell::OnceCell;
use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64, xxh3_128};

use crate::dataset::{self, Dataset, District, Feature, LoadError, Plan, Platform, Source, Table};
use crate::map::Facts;
use crate::search::Index;

/// Dataset files this large or larger are cached.
pub const CACHE_FROM_BYTES: u64 = 4 * 1024 * 1024;
/// Entries kept; the oldest go when a new one is written.
const KEEP: usize = 3;
/// A temporary entry untouched this long belongs to no writer still running: one takes seconds.
const STALE_WRITE: std::time::Duration = std::time::Duration::from_secs(600);
const MAGIC: &[u8; 8] = b"gongshu\0";
/// The layout of an entry's header.
const FORMAT: u32 = 2;
/// Platforms per part: small enough to spread over threads, large enough to cost nothing.
const PART: usize = 8192;

/// A dataset and its search index, built the first time it is asked for (or loaded with it).
pub struct Loaded {
    pub data: Dataset,
    index: OnceCell<Index>,
    /// What the map works out once per dataset; kept in the cache for large ones.
    map_facts: Option<Facts>,
}

impl Loaded {
    pub fn new(data: Dataset) -> Loaded {
        Loaded {
            data,
            index: OnceCell::new(),
            map_facts: None,
        }
    }

    pub fn with_index(data: Dataset, index: Index) -> Loaded {
        Loaded {
            data,
            index: OnceCell::from(index),
            map_facts: None,
        }
    }

    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::new(&self.data))
    }

    /// The dataset, its index, and the map's facts when they were read with it.
    pub fn into_parts(self) -> (Dataset, Index, Option<Facts>) {
        let index = match self.index.into_inner() {
            Some(i) => i,
            None => Index::new(&self.data),
        };
        (self.data, index, self.map_facts)
    }
}

/// The embedded dataset parsed and indexed ahead of time: `data/gongshu.bin` is
/// `data/gongshu.ron` and its index, serialized. The test `the_prebuilt_dataset_is_the_shipped_one`
/// fails until it is rebuilt after a change to either (or to how they serialize), so a lookup
/// on the embedded dataset parses nothing and does no pinyin work.
const PREBUILT: &[u8] = include_bytes!("../data/gongshu.bin");

/// The embedded dataset with its index, read from [`PREBUILT`].
pub fn embedded() -> Loaded {
    let (data, index) =
        postcard::from_bytes(PREBUILT).expect("the prebuilt dataset is checked by the tests");
    Loaded::with_index(data, index)
}

/// Read, validate and index a dataset file, through the cache when it is large.
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    load_file_in(path, cache_dir().as_deref(), CACHE_FROM_BYTES)
}

/// [`load_file`] with the cache in `dir` (`None`: no cache) for files of `from_bytes` or more.
pub fn load_file_in(path: &Path, dir: Option<&Path>, from_bytes: u64) -> Result<Loaded, LoadError> {
    let size = fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    let Some((dir, size)) = dir.zip(size).filter(|&(_, n)| n >= from_bytes) else {
        return dataset::load_file(path).map(Loaded::new);
    };
    // Where an entry for a file of this length is there, the file is hashed as it streams
    // through a small buffer and never held whole (at 200 MB, 60-100 ms of page faults saved).
    // Where none is, it is read whole, as parsing needs it, and hashed once.
    if has_entry_of_size(dir, size)
        && let Some(key) = hash_file(path)
    {
        // `read` opening the entry is the test that it is there.
        if let Some(loaded) = read(&entry_path(dir, size, key), key) {
            return Ok(loaded);
        }
    }
    let bytes = dataset::read_file(path)?;
    // The entry is keyed by the bytes parsed, even if the file changed since it was hashed.
    let (size, key) = (bytes.len() as u64, xxh3_128(&bytes));
    let data = dataset::parse_file(path, &bytes)?;
    drop(bytes);
    // The index on this thread while another works out the map's facts and serializes the
    // dataset for the entry: neither needs the other.
    let (index, (facts, blobs)) = std::thread::scope(|s| {
        let other = s.spawn(|| {
            let facts = Facts::new(&data);
            let blobs = entry_blobs(&facts, &data);
            (facts, blobs)
        });
        let index = Index::new(&data);
        let index_blob = postcard::to_stdvec(&index);
        match other.join() {
            Ok((facts, blobs)) => (
                index,
                (facts, index_blob.and_then(|i| blobs.map(|b| (i, b)))),
            ),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    // Written while the caller goes on to search and print; the process waits for it before it
    // exits ([`finish_writing`]). A cache that cannot be written is no reason to fail: the next
    // run parses again.
    if let Ok((index_blob, rest)) = blobs {
        let dir = dir.to_path_buf();
        let writer = std::thread::spawn(move || {
            let mut blobs = vec![index_blob];
            blobs.extend(rest);
            let _ = write(&dir, size, key, blobs);
        });
        WRITING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(writer);
    }
    let mut loaded = Loaded::with_index(data, index);
    loaded.map_facts = Some(facts);
    Ok(loaded)
}

/// Where the cache lives: `$XDG_CACHE_HOME/gongshu`, else `~/.cache/gongshu`.
pub fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("gongshu"))
}

/// This program's build: its executable's size and modification time. A rebuilt or upgraded
/// program never reads what another build wrote.
fn build_id() -> Option<u64> {
    let meta = fs::metadata(std::env::current_exe().ok()?).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let mut h = Xxh3::new();
    h.update(&meta.len().to_le_bytes());
    h.update(&modified.as_nanos().to_le_bytes());
    Some(h.digest())
}

fn entry_path(dir: &Path, size: u64, key: u128) -> PathBuf {
    dir.join(format!("{size}-{key:032x}.bin"))
}

/// Whether `dir` holds an entry for a file of `size` bytes (of any content).
fn has_entry_of_size(dir: &Path, size: u64) -> bool {
    let prefix = format!("{size}-");
    fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".bin")
        })
    })
}

/// The header of an entry: what it is, for which file content, and where its parts are.
#[derive(Serialize, Deserialize)]
struct Header {
    magic: [u8; 8],
    format: u32,
    key: u128,
    /// Which build of the program wrote it ([`build_id`]): the schema and the index may
    /// serialize differently in another.
    build: u64,
    /// `(offset, length, xxh3-64)` of the index, the map's facts, the dataset without its
    /// platforms, and then each part of the platforms, in order; the last two kinds each with
    /// the table of their strings.
    parts: Vec<(u64, u64, u64)>,
}

/// Everything of a dataset but its platforms, which are stored in parts. The field order is
/// [`Dataset`]'s, without `platforms`.
#[derive(Serialize)]
struct ShellRef<'a> {
    district: &'a District,
    source: &'a Source,
    plan: &'a Plan,
    basemap: &'a [Feature],
}

#[derive(Deserialize)]
struct Shell {
    district: District,
    source: Source,
    plan: Plan,
    basemap: Vec<Feature>,
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

/// Entries being written by [`load_file_in`] after it has returned.
static WRITING: Mutex<Vec<JoinHandle<()>>> = Mutex::new(Vec::new());

/// Wait for the cache entries still being written, so that a process ending leaves each one
/// whole in place rather than a temporary file behind.
pub fn finish_writing() {
    let writers = std::mem::take(&mut *WRITING.lock().unwrap_or_else(|e| e.into_inner()));
    for w in writers {
        let _ = w.join();
    }
}

/// An entry's parts after the index: the map's facts, the dataset without its platforms, then
/// each part of the platforms. Each dataset part carries the table of its strings
/// ([`dataset::writing_table`]), so parts are written and read independently.
fn entry_blobs(facts: &Facts, data: &Dataset) -> Result<Vec<Vec<u8>>, postcard::Error> {
    let shell = ShellRef {
        district: &data.district,
        source: &data.source,
        plan: &data.plan,
        basemap: &data.basemap,
    };
    let mut blobs = vec![postcard::to_stdvec(facts)?, with_table(&shell)?];
    for part in data.platforms.chunks(PART) {
        blobs.push(with_table(part)?);
    }
    Ok(blobs)
}

/// `value` serialized with its strings as numbers, after the table of those strings.
fn with_table<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, postcard::Error> {
    let (body, table) = dataset::writing_table(|| postcard::to_stdvec(value));
    let mut out = postcard::to_stdvec(&table)?;
    out.extend(body?);
    Ok(out)
}

/// Read what [`with_table`] wrote.
fn without_table<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    let (table, body) = postcard::take_from_bytes::<Table>(bytes).ok()?;
    dataset::reading_table(Arc::new(table), || postcard::from_bytes(body).ok())
}

/// Write an entry of the index, the facts and the dataset parts, serialized in that order. The
/// header's own length comes first, as 8 bytes, so a reader knows how much to read.
fn write(dir: &Path, size: u64, key: u128, blobs: Vec<Vec<u8>>) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let err = |e: postcard::Error| std::io::Error::other(e.to_string());
    let mut parts = Vec::with_capacity(blobs.len());
    let mut offset = 0u64;
    for b in &blobs {
        parts.push((offset, b.len() as u64, xxh3_64(b)));
        offset += b.len() as u64;
    }
    let header = postcard::to_stdvec(&Header {
        magic: *MAGIC,
        format: FORMAT,
        key,
        build: build_id().ok_or_else(|| std::io::Error::other("no build id"))?,
        parts,
    })
    .map_err(err)?;
    let tmp = dir.join(format!(".{key:032x}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(&(header.len() as u64).to_le_bytes())?;
        f.write_all(&header)?;
        for b in &blobs {
            f.write_all(b)?;
        }
        // No fsync: an entry cut short by a crash fails its checksums and is written again.
        fs::rename(&tmp, entry_path(dir, size, key))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    evict(dir);
    Ok(())
}

/// Keep the newest [`KEEP`] entries, and remove what writers that never finished (a process
/// killed while writing) left behind.
fn evict(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let Some(modified) = e.metadata().ok().and_then(|m| m.modified().ok()) else {
            continue;
        };
        if name.ends_with(".bin") {
            found.push((modified, e.path()));
        } else if name.ends_with(".tmp")
            && now.duration_since(modified).unwrap_or_default() > STALE_WRITE
        {
            let _ = fs::remove_file(e.path());
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, path) in found.into_iter().skip(KEEP) {
        let _ = fs::remove_file(path);
    }
}

/// The entry at `path` if it is whole and for `key`; `None` for anything else.
fn read(path: &Path, key: u128) -> Option<Loaded> {
    let f = File::open(path).ok()?;
    let len = f.metadata().ok()?.len();
    let mut n = [0u8; 8];
    f.read_exact_at(&mut n, 0).ok()?;
    let header_len = u64::from_le_bytes(n);
    if header_len > len.saturating_sub(8) || header_len > 1 << 20 {
        return None;
    }
    let mut header = vec![0u8; header_len as usize];
    f.read_exact_at(&mut header, 8).ok()?;
    let header: Header = postcard::from_bytes(&header).ok()?;
    let base = 8 + header_len;
    let fits = header.parts.iter().all(|&(o, l, _)| {
        o.checked_add(l)
            .and_then(|end| end.checked_add(base))
            .is_some_and(|end| end <= len)
    });
    if header.magic != *MAGIC
        || header.format != FORMAT
        || header.key != key
        || Some(header.build) != build_id()
        || header.parts.len() < 3
        || !fits
    {
        return None;
    }
    // Each part is read, checked and decoded where it is needed, so only a few parts' bytes are
    // in memory at once.
    let part = |i: usize| -> Option<Vec<u8>> {
        let (o, l, sum) = header.parts[i];
        let mut buf = vec![0u8; l as usize];
        f.read_exact_at(&mut buf, base + o).ok()?;
        (xxh3_64(&buf) == sum).then_some(buf)
    };
    let platform_parts = 3..header.parts.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let (index, facts, shell, platforms) = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let ids: Vec<usize> = platform_parts.clone().skip(t).step_by(threads).collect();
                s.spawn(move || {
                    ids.into_iter()
                        .map(|i| Some((i, without_table::<Vec<Platform>>(&part(i)?)?)))
                        .collect::<Option<Vec<_>>>()
                })
            })
            .collect();
        let index = part(0).and_then(|b| postcard::from_bytes::<Index>(&b).ok());
        let facts = part(1).and_then(|b| postcard::from_bytes::<Facts>(&b).ok());
        let shell = part(2).and_then(|b| without_table::<Shell>(&b));
        let mut all: Vec<(usize, Vec<Platform>)> = Vec::new();
        for w in workers {
            all.extend(w.join().ok()??);
        }
        Some((index?, facts?, shell?, all))
    })?;
    let mut platforms = platforms;
    platforms.sort_by_key(|(i, _)| *i);
    let mut all = Vec::with_capacity(platforms.iter().map(|(_, p)| p.len()).sum());
    for (_, p) in platforms {
        all.extend(p);
    }
    let data = Dataset {
        district: shell.district,
        source: shell.source,
        plan: shell.plan,
        platforms: all,
        basemap: shell.basemap,
    };
    let whole = index.len() == data.platforms.len() && facts.slots.len() == data.platforms.len();
    whole.then(|| {
        let mut loaded = Loaded::with_index(data, index);
        loaded.map_facts = Some(facts);
        loaded
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::synthetic;

    fn debug(d: &Dataset) -> String {
        format!("{d:?}")
    }

    /// A dataset file of `n` synthetic platforms in a fresh directory, with a cache directory.
    fn setup(n: usize) -> (tempdir::Dir, PathBuf, PathBuf) {
        let dir = tempdir::Dir::new();
        let file = dir.0.join("big.ron");
        fs::write(&file, synthetic::to_ron(&synthetic::generate(n))).unwrap();
        let cache = dir.0.join("cache");
        (dir, file, cache)
    }

    mod tempdir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                use std::sync::atomic::{AtomicU32, Ordering};
                static N: AtomicU32 = AtomicU32::new(0);
                let p = std::env::temp_dir().join(format!(
                    "gongshu-cache-test-{}-{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::SeqCst)
                ));
                std::fs::create_dir_all(&p).unwrap();
                Dir(p)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    /// [`load_file_in`] for every file size, once its entry is written.
    fn load_in(file: &Path, cache: &Path) -> Result<Loaded, LoadError> {
        let loaded = load_file_in(file, Some(cache), 0);
        finish_writing();
        loaded
    }

    fn entries(cache: &Path) -> Vec<PathBuf> {
        fs::read_dir(cache)
            .map(|r| r.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_cached_dataset_is_the_parsed_one_with_the_same_search() {
        let (_dir, file, cache) = setup(300);
        let parsed = dataset::load_file(&file).unwrap();
        let first = load_in(&file, &cache).unwrap();
        assert_eq!(entries(&cache).len(), 1, "the first load writes one entry");
        let second = load_in(&file, &cache).unwrap();
        assert_eq!(debug(&second.data), debug(&parsed));
        assert_eq!(debug(&first.data), debug(&parsed));
        let (_, _, kept) = load_in(&file, &cache).unwrap().into_parts();
        assert!(
            kept == Some(Facts::new(&parsed)),
            "the map's facts are kept"
        );
        let fresh = Index::new(&parsed);
        for q in [
            "电商",
            "dianshang",
            "dzsw",
            "finance",
            "石祥路",
            "北部软件园12",
        ] {
            assert_eq!(second.index().search(q), fresh.search(q), "{q}");
            let top = fresh.search(q)[0].platform;
            assert_eq!(second.index().matches(top, q), fresh.matches(top, q), "{q}");
        }
    }

    #[test]
    fn a_changed_byte_is_another_file() {
        let (_dir, file, cache) = setup(50);
        load_in(&file, &cache).unwrap();
        let text = fs::read_to_string(&file).unwrap();
        fs::write(&file, text.replacen("北部软件园3", "北部软件园X", 1)).unwrap();
        let again = load_in(&file, &cache).unwrap();
        assert_eq!(again.data.platforms[2].name.zh, "北部软件园X");
        assert_eq!(again.index().search("北部软件园X").len(), 1);
        assert_eq!(entries(&cache).len(), 2);
    }

    #[test]
    fn a_damaged_entry_is_read_as_no_entry() {
        let (_dir, file, cache) = setup(100);
        let good = debug(&load_in(&file, &cache).unwrap().data);
        let entry = entries(&cache).pop().unwrap();
        let bytes = fs::read(&entry).unwrap();
        // Cut short, a flipped byte in a part, a header for another file, garbage, empty.
        let mut flipped = bytes.clone();
        let n = flipped.len() - 100;
        flipped[n] ^= 0x55;
        let mut other_key = bytes.clone();
        other_key[20] ^= 1;
        for damaged in [
            bytes[..bytes.len() / 2].to_vec(),
            flipped,
            other_key,
            b"not a cache entry".to_vec(),
            Vec::new(),
        ] {
            fs::write(&entry, &damaged).unwrap();
            let loaded = load_in(&file, &cache).unwrap();
            assert_eq!(debug(&loaded.data), good);
            // Parsed again and written again, whole.
            assert_eq!(fs::read(&entry).unwrap().len(), bytes.len());
        }
    }

    #[test]
    fn a_broken_file_says_what_it_says_without_a_cache_and_leaves_no_entry() {
        let (_dir, file, cache) = setup(20);
        let text = fs::read_to_string(&file).unwrap();
        fs::write(&file, text.replacen("number: 7,", "number: seven,", 1)).unwrap();
        let plain = dataset::load_file(&file).err().unwrap().to_string();
        let cached = load_in(&file, &cache).err().unwrap().to_string();
        assert_eq!(cached, plain);
        assert!(plain.contains("platforms[6].number"), "{plain}");
        assert!(entries(&cache).is_empty());
    }

    #[test]
    fn an_unwritable_cache_is_no_cache() {
        let (dir, file, _) = setup(20);
        // A file where the directory should be.
        let blocked = dir.0.join("blocked");
        fs::write(&blocked, "").unwrap();
        let loaded = load_file_in(&file, Some(&blocked.join("gongshu")), 0).unwrap();
        finish_writing();
        assert_eq!(loaded.data.platforms.len(), 20);
    }

    #[test]
    fn only_the_newest_entries_are_kept() {
        let (dir, _, cache) = setup(1);
        for i in 0..KEEP + 2 {
            let file = dir.0.join(format!("{i}.ron"));
            fs::write(&file, synthetic::to_ron(&synthetic::generate(i + 1))).unwrap();
            load_in(&file, &cache).unwrap();
        }
        assert_eq!(entries(&cache).len(), KEEP);
        assert!(
            !entries(&cache)
                .iter()
                .any(|p| p.to_string_lossy().contains(".tmp"))
        );
    }

    #[test]
    fn what_a_killed_writer_left_goes_and_what_a_running_one_writes_stays() {
        let (_dir, file, cache) = setup(10);
        fs::create_dir_all(&cache).unwrap();
        let left = cache.join(".0.1.tmp");
        let running = cache.join(".0.2.tmp");
        for p in [&left, &running] {
            fs::write(p, "half an entry").unwrap();
        }
        let old = std::time::SystemTime::now() - 2 * STALE_WRITE;
        File::options()
            .write(true)
            .open(&left)
            .unwrap()
            .set_modified(old)
            .unwrap();
        load_in(&file, &cache).unwrap();
        assert!(!left.exists(), "an old temporary entry is removed");
        assert!(running.exists(), "a fresh one may still be written");
    }

    #[test]
    fn a_file_hashed_as_it_streams_finds_the_entry_its_bytes_wrote() {
        // Larger than the buffer, so it is hashed in several pieces.
        let (_dir, file, cache) = setup(1000);
        let bytes = fs::read(&file).unwrap();
        assert!(bytes.len() > 1 << 20);
        assert_eq!(hash_file(&file), Some(xxh3_128(&bytes)));
        load_in(&file, &cache).unwrap();
        assert_eq!(
            entries(&cache),
            vec![entry_path(&cache, bytes.len() as u64, xxh3_128(&bytes))]
        );
        assert_eq!(hash_file(&cache), None, "a directory has no hash");
    }

    #[test]
    fn the_prebuilt_dataset_is_the_shipped_one() {
        let data = dataset::embedded();
        let bytes = postcard::to_stdvec(&(&data, &Index::new(&data))).unwrap();
        if std::env::var_os("GONGSHU_UPDATE_PREBUILT").is_some() {
            fs::write(
                concat!(env!("CARGO_MANIFEST_DIR"), "/data/gongshu.bin"),
                &bytes,
            )
            .unwrap();
            return;
        }
        assert!(
            bytes == PREBUILT,
            "data/gongshu.bin is not data/gongshu.ron as this program reads it: rebuild it with \
             GONGSHU_UPDATE_PREBUILT=1 cargo test --lib the_prebuilt_dataset_is_the_shipped_one"
        );
        let loaded = embedded();
        assert_eq!(debug(&loaded.data), debug(&data));
    }

    #[test]
    fn small_files_are_not_cached() {
        let (_dir, file, cache) = setup(5);
        load_file_in(&file, Some(&cache), CACHE_FROM_BYTES).unwrap();
        assert!(entries(&cache).is_empty());
    }
}
