//! The cache's files: an entry holds a dataset and its index, and a facts file beside it holds
//! the map's facts for that dataset. Each is a header (what it is, for which file content, and
//! where its parts are, each with a checksum) and then its parts.

use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use super::table;
use crate::dataset::{Dataset, District, Feature, Plan, Platform, Source};
use crate::map::Facts;
use crate::search::Index;

/// Entries kept; the oldest go when a new one is written.
pub(super) const KEEP: usize = 3;
/// A temporary file untouched this long belongs to no writer still running: one takes seconds.
pub(super) const STALE_WRITE: std::time::Duration = std::time::Duration::from_secs(600);
const MAGIC: &[u8; 8] = b"gongshu\0";
/// The layout of a header and of the parts after it.
pub(super) const FORMAT: u32 = 6;
/// Platforms per part: small enough to spread over threads, large enough to cost nothing.
const PART: usize = 8192;

/// What a cache file holds, by the end of its name.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    /// The index, the dataset without its platforms, then the platforms in parts.
    Entry,
    /// The map's facts.
    Facts,
    /// The platforms' ids and numbers, as completion prints them.
    Ids,
}

impl Kind {
    fn ext(self) -> &'static str {
        match self {
            Kind::Entry => "bin",
            Kind::Facts => "facts",
            Kind::Ids => "ids",
        }
    }
}

pub(super) fn path(dir: &Path, kind: Kind, size: u64, key: u128) -> PathBuf {
    dir.join(format!("{size}-{key:032x}.{}", kind.ext()))
}

/// The largest part an entry may have, and the largest entry: checked against what an entry
/// claims before anything is allocated (a sparse file can claim any length).
const MAX_PART: u64 = crate::dataset::MAX_FILE_BYTES;
const MAX_ENTRY: u64 = 4 * crate::dataset::MAX_FILE_BYTES;

/// Whether `name` is one this module makes: `{size}-{key}.bin`, `{size}-{key}.facts`,
/// `{size}-{key}.ids`, or a writer's `.{key}.{ext}.{pid}.{random}.tmp` (earlier versions':
/// `.{key}.{ext}.{pid}.tmp`).
/// Eviction touches nothing else.
fn ours(name: &str) -> bool {
    const EXTS: [&str; 3] = ["bin", "facts", "ids"];
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(tmp) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) {
        let f: Vec<&str> = tmp.split('.').collect();
        return (f.len() == 3 || f.len() == 4 && hex(f[3], 16))
            && hex(f[0], 32)
            && EXTS.contains(&f[1])
            && digits(f[2]);
    }
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let Some((size, key)) = stem.split_once('-') else {
        return false;
    };
    EXTS.contains(&ext) && digits(size) && hex(key, 32)
}

/// The cache directory, made if missing, closed to others (0700). `None` unless it is a real
/// directory (not a symlink) owned by this user: a directory others can write could hold
/// entries planted to be read as data.
pub(super) fn private_dir(dir: &Path) -> Option<()> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    if fs::symlink_metadata(dir).is_err() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .ok()?;
    }
    let meta = fs::symlink_metadata(dir).ok()?;
    // SAFETY: geteuid only returns this process's user id.
    let me = unsafe { libc::geteuid() };
    if !meta.file_type().is_dir() || meta.uid() != me {
        return None;
    }
    if meta.mode() & 0o077 != 0 {
        // Ours, but open to others (made by an earlier version): close it.
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).ok()?;
    }
    Some(())
}

/// The cache file at `path`, opened without following a symlink or blocking on a FIFO, if it is
/// a regular file of this user's that others cannot write or read (0600): checked on the open
/// descriptor, so nothing can be swapped in between. Anything else is as good as absent.
fn open_private(path: &Path) -> Option<File> {
    use std::os::unix::fs::MetadataExt;
    let file = open_own(path)?;
    (file.metadata().ok()?.mode() & 0o077 == 0).then_some(file)
}

/// The regular file at `path` if it is this user's, opened as [`open_private`] opens it but
/// whatever its mode: enough to decide whether to remove it, never to read it as data.
fn open_own(path: &Path) -> Option<File> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let file = File::options()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    let meta = file.metadata().ok()?;
    // SAFETY: geteuid only returns this process's user id.
    let me = unsafe { libc::geteuid() };
    (meta.file_type().is_file() && meta.uid() == me).then_some(file)
}

/// The temporary file being written, as a C string a signal handler can unlink: set while
/// [`write`] runs (one writer at a time; the path is leaked, a few bytes per entry written).
static WRITING_NOW: std::sync::atomic::AtomicPtr<libc::c_char> =
    std::sync::atomic::AtomicPtr::new(std::ptr::null_mut());

/// Marks a temporary file as being written until dropped.
pub(super) struct Writing;

impl Writing {
    pub(super) fn start(tmp: &Path) -> Writing {
        use std::os::unix::ffi::OsStrExt;
        if let Ok(c) = std::ffi::CString::new(tmp.as_os_str().as_bytes()) {
            WRITING_NOW.store(c.into_raw(), std::sync::atomic::Ordering::SeqCst);
        }
        Writing
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        WRITING_NOW.store(std::ptr::null_mut(), std::sync::atomic::Ordering::SeqCst);
    }
}

/// Remove the temporary file being written, if any: for a process ending on a signal, which
/// would otherwise leave it until a later run's eviction. Async-signal-safe (one atomic load and
/// `unlink`).
pub fn abandon_write() {
    let p = WRITING_NOW.swap(std::ptr::null_mut(), std::sync::atomic::Ordering::SeqCst);
    if !p.is_null() {
        // SAFETY: p came from CString::into_raw and is never freed, so it stays a valid C string.
        unsafe { libc::unlink(p) };
    }
}

/// A name no one can guess, for a temporary file: the standard library's per-process random
/// hash keys, mixed with the time.
fn unguessable() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.finish()
}

/// The keys of the cache files of `kind` in `dir` for files of `size` bytes (of any content),
/// from their names.
pub(super) fn keys_of_size(dir: &Path, kind: Kind, size: u64) -> Vec<u128> {
    let (prefix, suffix) = (format!("{size}-"), format!(".{}", kind.ext()));
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name();
            let key = name
                .to_str()?
                .strip_prefix(&prefix)?
                .strip_suffix(&suffix)?;
            (key.len() == 32)
                .then(|| u128::from_str_radix(key, 16).ok())
                .flatten()
        })
        .collect()
}

/// Whether `dir` holds a cache file of `kind` for a file of `size` bytes (of any content).
pub(super) fn has_file_of_size(dir: &Path, kind: Kind, size: u64) -> bool {
    !keys_of_size(dir, kind, size).is_empty()
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

/// The header of a cache file: what it is, for which file content, and where its parts are.
#[derive(Serialize, Deserialize)]
pub(super) struct Header {
    pub(super) magic: [u8; 8],
    pub(super) format: u32,
    pub(super) key: u128,
    /// Which build of the program wrote it ([`build_id`]): the schema and the index may
    /// serialize differently in another.
    pub(super) build: u64,
    /// `(offset, length, xxh3-64)` of each part, in order.
    pub(super) parts: Vec<(u64, u64, u64)>,
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

/// An entry's parts after the index, each handed to `put` as soon as it is made: the dataset
/// without its platforms, then each part of the platforms. Each part of platforms carries the
/// table of its strings ([`table::to_bytes`]), so parts are written and read independently.
/// False when one could not be made or `put` said stop.
pub(super) fn each_dataset_blob(data: &Dataset, mut put: impl FnMut(Vec<u8>) -> bool) -> bool {
    let shell = ShellRef {
        district: &data.district,
        source: &data.source,
        plan: &data.plan,
        basemap: &data.basemap,
    };
    let Ok(first) = postcard::to_stdvec(&shell) else {
        return false;
    };
    put(first)
        && data
            .platforms
            .chunks(PART)
            .all(|part| table::to_bytes(part).is_ok_and(&mut put))
}

/// How many blobs [`each_dataset_blob`] makes of `data`.
pub(super) fn dataset_parts(data: &Dataset) -> usize {
    1 + data.platforms.len().div_ceil(PART)
}

/// Every blob [`each_dataset_blob`] makes of `data`, at once.
#[cfg(test)]
pub(super) fn dataset_blobs(data: &Dataset) -> Vec<Vec<u8>> {
    let mut blobs = Vec::new();
    assert!(each_dataset_blob(data, |b| {
        blobs.push(b);
        true
    }));
    blobs
}

/// Write a cache file of `blobs`, in that order, after its header.
pub(super) fn write(
    dir: &Path,
    kind: Kind,
    size: u64,
    key: u128,
    blobs: &[Vec<u8>],
) -> std::io::Result<()> {
    let mut file = NewFile::create(dir, kind, size, key, blobs.len())?;
    for (i, b) in blobs.iter().enumerate() {
        file.put(i, b)?;
    }
    file.finish()
}

/// A cache file being written: a temporary file, renamed into place when whole, so the file is
/// whole or absent. Parts go in as they are ready, in any order (an entry's platforms are
/// written while its index is still being built); the header, which says where each part is,
/// goes in front last, in room kept for it. The header's own length comes first, as 8 bytes, so
/// a reader knows how much to read (the room after the header is zeros, which it ignores).
pub(super) struct NewFile {
    file: File,
    tmp: PathBuf,
    dest: PathBuf,
    evicts: bool,
    key: u128,
    /// Where the parts start: after the length and the room for the header.
    base: u64,
    /// Where the next part goes, from `base`.
    end: u64,
    parts: Vec<Option<(u64, u64, u64)>>,
    _writing: Writing,
}

impl NewFile {
    /// A new temporary file in `dir` for a cache file of `parts` parts.
    pub(super) fn create(
        dir: &Path,
        kind: Kind,
        size: u64,
        key: u128,
        parts: usize,
    ) -> std::io::Result<NewFile> {
        use std::os::unix::fs::OpenOptionsExt;
        private_dir(dir)
            .ok_or_else(|| std::io::Error::other("the cache directory is not private"))?;
        let tmp = dir.join(format!(
            ".{key:032x}.{}.{}.{:016x}.tmp",
            kind.ext(),
            std::process::id(),
            unguessable()
        ));
        let writing = Writing::start(&tmp);
        // Made here and now, never an existing file or a symlink planted at the name; private,
        // as a private dataset's text must not become readable by others.
        let file = File::options()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)?;
        Ok(NewFile {
            file,
            tmp,
            dest: path(dir, kind, size, key),
            evicts: matches!(kind, Kind::Entry),
            key,
            base: 8 + header_room(parts),
            end: 0,
            parts: vec![None; parts],
            _writing: writing,
        })
    }

    /// Part `i` is `blob`.
    pub(super) fn put(&mut self, i: usize, blob: &[u8]) -> std::io::Result<()> {
        self.file.write_all_at(blob, self.base + self.end)?;
        self.placed(i, blob.len() as u64, xxh3_64(blob))
    }

    /// Part `i` is `value` serialized, streamed to the file rather than made whole in memory
    /// first (an index of 100,000 platforms is about 30 MB).
    pub(super) fn put_serialized<T: Serialize>(
        &mut self,
        i: usize,
        value: &T,
    ) -> std::io::Result<()> {
        let mut out = Summing {
            file: &self.file,
            at: self.base + self.end,
            len: 0,
            sum: Xxh3::new(),
            buf: Vec::with_capacity(1 << 20),
        };
        postcard::to_io(value, &mut out).map_err(|e| std::io::Error::other(e.to_string()))?;
        out.flush()?;
        let (len, sum) = (out.len, out.sum.digest());
        self.placed(i, len, sum)
    }

    fn placed(&mut self, i: usize, len: u64, sum: u64) -> std::io::Result<()> {
        let slot = self
            .parts
            .get_mut(i)
            .ok_or_else(|| std::io::Error::other("no such part"))?;
        *slot = Some((self.end, len, sum));
        self.end += len;
        Ok(())
    }

    /// Write the header and put the file in place; every part must be in.
    pub(super) fn finish(mut self) -> std::io::Result<()> {
        let result = self.write_header();
        let result = result.and_then(|()| fs::rename(&self.tmp, &self.dest));
        if result.is_err() {
            let _ = fs::remove_file(&self.tmp);
        } else if self.evicts
            && let Some(dir) = self.dest.parent()
        {
            evict(dir);
        }
        // Renamed or removed: nothing is left for a signal to clean up.
        self.tmp = PathBuf::new();
        result
    }

    fn write_header(&mut self) -> std::io::Result<()> {
        let parts = std::mem::take(&mut self.parts)
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| std::io::Error::other("a part is missing"))?;
        let header = postcard::to_stdvec(&Header {
            magic: *MAGIC,
            format: FORMAT,
            key: self.key,
            build: build_id().ok_or_else(|| std::io::Error::other("no build id"))?,
            parts,
        })
        .map_err(|e| std::io::Error::other(e.to_string()))?;
        let room = self.base - 8;
        if header.len() as u64 > room {
            return Err(std::io::Error::other("the header outgrew its room"));
        }
        let mut front = Vec::with_capacity(self.base as usize);
        front.extend_from_slice(&room.to_le_bytes());
        front.extend_from_slice(&header);
        front.resize(self.base as usize, 0);
        // No fsync: a file cut short by a crash fails its checksums and is written again.
        self.file.write_all_at(&front, 0)
    }
}

impl Drop for NewFile {
    /// A file given up before [`NewFile::finish`] (an error, a panic) is removed.
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// The most a header of `parts` parts can take: the magic, then the format, key and build as
/// varints at their longest, the list's length, and each part's three numbers.
fn header_room(parts: usize) -> u64 {
    const VARINT_U64: u64 = 10;
    8 + 5 + 19 + VARINT_U64 + VARINT_U64 + parts as u64 * 3 * VARINT_U64
}

/// Bytes written at a position of a file through a buffer, counted and summed as they go.
struct Summing<'f> {
    file: &'f File,
    at: u64,
    len: u64,
    sum: Xxh3,
    buf: Vec<u8>,
}

impl Write for Summing<'_> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + b.len() > self.buf.capacity() {
            self.flush()?;
        }
        if b.len() >= self.buf.capacity() {
            self.sum.update(b);
            self.file.write_all_at(b, self.at + self.len)?;
            self.len += b.len() as u64;
        } else {
            self.buf.extend_from_slice(b);
        }
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.sum.update(&self.buf);
        self.file.write_all_at(&self.buf, self.at + self.len)?;
        self.len += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }
}

/// Whether the cache file at `path` is one of this program's in another [`FORMAT`], which no
/// build of this one reads: an earlier version's, left to be removed.
fn of_another_format(path: &Path) -> bool {
    // Earlier versions wrote entries open to others: they are removed all the same.
    let Some(file) = open_own(path) else {
        return false;
    };
    // The header's length, then its magic and format, which every format begins with.
    let mut start = [0u8; 8 + 8 + 5];
    let Ok(n) = file.read_at(&mut start, 0) else {
        return false;
    };
    match postcard::take_from_bytes::<([u8; 8], u32)>(&start[8.min(n)..n]) {
        Ok(((magic, format), _)) => magic == *MAGIC && format != FORMAT,
        Err(_) => false,
    }
}

/// Keep the newest [`KEEP`] entries and the facts and ids files of those, and remove what writers that
/// never finished (a process killed while writing) and earlier formats left behind.
fn evict(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    let mut facts: Vec<PathBuf> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !ours(&name) {
            continue;
        }
        let Some(modified) = e.metadata().ok().and_then(|m| m.modified().ok()) else {
            continue;
        };
        let beside = name.ends_with(".facts") || name.ends_with(".ids");
        if (name.ends_with(".bin") || beside) && of_another_format(&e.path()) {
            let _ = fs::remove_file(e.path());
        } else if name.ends_with(".bin") {
            found.push((modified, e.path()));
        } else if beside {
            facts.push(e.path());
        } else if name.ends_with(".tmp")
            && now.duration_since(modified).unwrap_or_default() > STALE_WRITE
        {
            let _ = fs::remove_file(e.path());
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, path) in found.iter().skip(KEEP) {
        let _ = fs::remove_file(path);
    }
    let kept: Vec<&PathBuf> = found.iter().take(KEEP).map(|(_, p)| p).collect();
    // A facts or ids file goes with its entry.
    for f in facts {
        if !kept
            .iter()
            .any(|k| k.with_extension("facts") == f || k.with_extension("ids") == f)
        {
            let _ = fs::remove_file(f);
        }
    }
}

/// A cache file opened and its header checked against `key` and this build.
struct Opened {
    file: File,
    header: Header,
    /// Where the parts start.
    base: u64,
}

impl Opened {
    /// The file at `path` if its header is whole and for `key`; `None` for anything else.
    fn open(path: &Path, key: u128) -> Option<Opened> {
        let file = open_private(path)?;
        let len = file.metadata().ok()?.len();
        if len > MAX_ENTRY {
            return None;
        }
        let mut n = [0u8; 8];
        file.read_exact_at(&mut n, 0).ok()?;
        let header_len = u64::from_le_bytes(n);
        if header_len > len.saturating_sub(8) || header_len > 1 << 20 {
            return None;
        }
        let mut header = vec![0u8; header_len as usize];
        file.read_exact_at(&mut header, 8).ok()?;
        let header: Header = postcard::from_bytes(&header).ok()?;
        let base = 8 + header_len;
        let fits = header.parts.iter().all(|&(o, l, _)| {
            l <= MAX_PART
                && o.checked_add(l)
                    .and_then(|end| end.checked_add(base))
                    .is_some_and(|end| end <= len)
        });
        let ok = header.magic == *MAGIC
            && header.format == FORMAT
            && header.key == key
            && Some(header.build) == build_id()
            && fits;
        ok.then_some(Opened { file, header, base })
    }

    /// Part `i`, read and checked.
    fn part(&self, i: usize) -> Option<Vec<u8>> {
        let (o, l, sum) = *self.header.parts.get(i)?;
        // Checked against the file's length when it was opened; a failed allocation is no entry,
        // never an abort.
        let mut buf = Vec::new();
        buf.try_reserve_exact(l as usize).ok()?;
        buf.resize(l as usize, 0);
        self.file.read_exact_at(&mut buf, self.base + o).ok()?;
        (xxh3_64(&buf) == sum).then_some(buf)
    }
}

/// The dataset and index of the entry at `path` if it is whole and for `key`; `None` for
/// anything else.
pub(super) fn read_entry(path: &Path, key: u128) -> Option<(Dataset, Index)> {
    let entry = Opened::open(path, key)?;
    if entry.header.parts.len() < 2 {
        return None;
    }
    let entry = &entry;
    // Each part is read, checked and decoded where it is needed, so only a few parts' bytes are
    // in memory at once.
    let platform_parts: Vec<usize> = (2..entry.header.parts.len()).collect();
    let (first, platforms) = rayon::join(
        || {
            let index = entry
                .part(0)
                .and_then(|b| postcard::from_bytes::<Index>(&b).ok());
            let shell = entry
                .part(1)
                .and_then(|b| postcard::from_bytes::<Shell>(&b).ok());
            index.zip(shell)
        },
        || {
            platform_parts
                .into_par_iter()
                .map(|i| table::from_bytes(&entry.part(i)?))
                .collect::<Option<Vec<Vec<Platform>>>>()
        },
    );
    let ((index, shell), platforms) = (first?, platforms?);
    let mut all = Vec::with_capacity(platforms.iter().map(Vec::len).sum());
    for p in platforms {
        all.extend(p);
    }
    let data = Dataset {
        district: shell.district,
        source: shell.source,
        plan: shell.plan,
        platforms: all,
        basemap: shell.basemap,
    };
    (index.len() == data.platforms.len()).then_some((data, index))
}

/// The map's facts in the facts file at `path`, if it is whole, for `key` and for a dataset of
/// `platforms` platforms.
pub(super) fn read_facts(path: &Path, key: u128, platforms: usize) -> Option<Facts> {
    let file = Opened::open(path, key)?;
    let facts: Facts = postcard::from_bytes(&file.part(0)?).ok()?;
    (facts.slots.len() == platforms).then_some(facts)
}

/// The ids file at `path` if it is whole, for `key`, and every line of it is what completion may
/// print: an id a dataset may hold ([`crate::dataset::is_valid_id`]), then its number. Anything
/// else is no ids file: they go on a command line, so they are held to the dataset's own rule
/// whoever wrote them.
pub(super) fn read_ids(path: &Path, key: u128) -> Option<Vec<u8>> {
    let ids = Opened::open(path, key)?.part(0)?;
    valid_ids(&ids).then_some(ids)
}

/// Whether `ids` is lines of an id and then its number (at most ten digits), each line ended.
pub(super) fn valid_ids(ids: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(ids) else {
        return false;
    };
    let Some(body) = text.strip_suffix('\n') else {
        return text.is_empty();
    };
    let mut lines = body.split('\n');
    while let Some(id) = lines.next() {
        let number = lines.next().unwrap_or_default();
        let digits =
            !number.is_empty() && number.len() <= 10 && number.bytes().all(|b| b.is_ascii_digit());
        if !crate::dataset::is_valid_id(id) || !digits {
            return false;
        }
    }
    true
}
