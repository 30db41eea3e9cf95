use std::fs::{self, File};
use std::path::{Path, PathBuf};

use super::entry::{FORMAT, KEEP, Kind, STALE_WRITE};
use super::*;
use crate::dataset::synthetic;
use xxhash_rust::xxh3::xxh3_128;

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
    /// A fresh private folder, removed when the test ends, passed or not.
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Dir {
            let d = tempfile::Builder::new()
                .prefix("gongshu-cache-test-")
                .tempdir()
                .unwrap();
            Dir(d.keep())
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
    load_for(file, cache, false)
}

/// [`load_in`] for a run that draws the map (`map`) or not.
fn load_for(file: &Path, cache: &Path, map: bool) -> Result<Loaded, LoadError> {
    let loaded = load_file_in(file, Some(cache), 0, map);
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
    let (_, _, kept) = load_for(&file, &cache, true).unwrap().into_parts();
    assert!(
        kept == Some(Facts::new(&parsed)),
        "the map's facts are worked out for a run that draws the map"
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
fn a_large_file_read_a_piece_at_a_time_is_the_parsed_one_or_says_what_it_says() {
    // Large enough to be read in pieces, never held whole.
    let (_dir, file, cache) = setup(3000);
    let len = fs::metadata(&file).unwrap().len();
    let pieces = dataset::read_valid_in_pieces(&File::open(&file).unwrap(), len);
    let parsed = dataset::load_file(&file).unwrap();
    assert_eq!(pieces.as_ref().map(debug), Some(debug(&parsed)));
    let first = load_in(&file, &cache).unwrap();
    assert_eq!(debug(&first.data), debug(&parsed));
    assert_eq!(entries(&cache).len(), 1, "the first load writes one entry");
    assert_eq!(debug(&load_in(&file, &cache).unwrap().data), debug(&parsed));
    // Broken, or failing its checks: the same diagnostics as without a cache, and no entry.
    let text = fs::read_to_string(&file).unwrap();
    for broken in [
        text.replacen("number: 2900,", "number: twenty-nine hundred,", 1),
        text.replacen("id: \"synthetic-2999\"", "id: \"synthetic-2\"", 1),
    ] {
        fs::write(&file, &broken).unwrap();
        let _ = fs::remove_dir_all(&cache);
        let plain = dataset::load_file(&file).err().unwrap().to_string();
        assert_eq!(load_in(&file, &cache).err().unwrap().to_string(), plain);
        assert!(plain.contains("platforms[2"), "{plain}");
        assert!(entries(&cache).is_empty());
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
fn a_file_that_fails_its_checks_says_so_through_the_cache_and_leaves_no_entry() {
    let (_dir, file, cache) = setup(30);
    let text = fs::read_to_string(&file).unwrap();
    // A repeated id, a point off the globe: read, indexed and serialized, then refused.
    for broken in [
        text.replacen("id: \"synthetic-3\"", "id: \"synthetic-2\"", 1),
        text.replacen("(120.", "(920.", 40),
    ] {
        fs::write(&file, &broken).unwrap();
        let plain = dataset::load_file(&file).err().unwrap().to_string();
        for map in [false, true] {
            let cached = load_for(&file, &cache, map).err().unwrap().to_string();
            assert_eq!(cached, plain);
        }
        assert!(entries(&cache).is_empty(), "{plain}");
    }
}

#[test]
fn an_unwritable_cache_is_no_cache() {
    let (dir, file, _) = setup(20);
    // A file where the directory should be.
    let blocked = dir.0.join("blocked");
    fs::write(&blocked, "").unwrap();
    let loaded = load_file_in(&file, Some(&blocked.join("gongshu")), 0, true).unwrap();
    finish_writing();
    assert_eq!(loaded.data.platforms.len(), 20);
}

#[test]
fn only_the_newest_entries_are_kept() {
    let (dir, _, cache) = setup(1);
    for i in 0..KEEP + 2 {
        let file = dir.0.join(format!("{i}.ron"));
        fs::write(&file, synthetic::to_ron(&synthetic::generate(i + 1))).unwrap();
        load_for(&file, &cache, true).unwrap();
    }
    let (bins, facts) = (with_ext(&cache, "bin"), with_ext(&cache, "facts"));
    assert_eq!(bins.len(), KEEP);
    // Each kept entry keeps its facts; the others' went with them.
    let mut beside: Vec<PathBuf> = bins.iter().map(|b| b.with_extension("facts")).collect();
    beside.sort();
    assert_eq!(facts, beside);
    assert_eq!(
        entries(&cache).len(),
        2 * KEEP,
        "nothing else: {:?}",
        entries(&cache)
    );
}

/// The files in `cache` whose names end in `.{ext}`, sorted.
fn with_ext(cache: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = entries(cache)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    found.sort();
    found
}

#[test]
fn the_map_facts_are_worked_out_by_the_first_run_that_draws_the_map() {
    let (_dir, file, cache) = setup(200);
    let parsed = dataset::load_file(&file).unwrap();
    let want = Facts::new(&parsed);
    // A lookup, first: no facts worked out, none written.
    let (_, _, facts) = load_for(&file, &cache, false).unwrap().into_parts();
    assert!(facts.is_none());
    assert!(with_ext(&cache, "facts").is_empty());
    assert_eq!(with_ext(&cache, "bin").len(), 1);
    // The first run with the map works them out from the cached dataset and keeps them.
    let (_, _, facts) = load_for(&file, &cache, true).unwrap().into_parts();
    assert!(facts == Some(want.clone()));
    let kept = with_ext(&cache, "facts");
    assert_eq!(kept.len(), 1);
    // A damaged facts file is worked out again and written again, whole.
    let good = fs::read(&kept[0]).unwrap();
    for damaged in [
        good[..good.len() / 2].to_vec(),
        b"not facts".to_vec(),
        Vec::new(),
    ] {
        fs::write(&kept[0], &damaged).unwrap();
        let (_, _, facts) = load_for(&file, &cache, true).unwrap().into_parts();
        assert!(facts == Some(want.clone()));
        assert_eq!(fs::read(&kept[0]).unwrap(), good);
    }
    // Read back, not worked out: facts written in their place with this file's key are what
    // comes back, unless they are for a dataset of another size.
    let bytes = fs::read(&file).unwrap();
    let (size, key) = (bytes.len() as u64, xxh3_128(&bytes));
    let mut marked = want.clone();
    marked.slots[0] ^= 1;
    let blob = postcard::to_stdvec(&marked).unwrap();
    entry::write(&cache, Kind::Facts, size, key, &[blob]).unwrap();
    let (_, _, facts) = load_for(&file, &cache, true).unwrap().into_parts();
    assert!(facts == Some(marked), "the facts file is read");
    let other = postcard::to_stdvec(&Facts::new(&dataset::embedded())).unwrap();
    entry::write(&cache, Kind::Facts, size, key, &[other]).unwrap();
    let (_, _, facts) = load_for(&file, &cache, true).unwrap().into_parts();
    assert!(
        facts == Some(want),
        "facts for another dataset are not used"
    );
}

#[test]
fn a_first_run_that_draws_the_map_keeps_its_facts() {
    let (_dir, file, cache) = setup(100);
    let want = Facts::new(&dataset::load_file(&file).unwrap());
    let (_, _, facts) = load_for(&file, &cache, true).unwrap().into_parts();
    assert!(facts == Some(want.clone()));
    assert_eq!(with_ext(&cache, "facts").len(), 1);
    let (_, _, facts) = load_for(&file, &cache, true).unwrap().into_parts();
    assert!(facts == Some(want));
}

#[test]
fn what_a_killed_writer_left_goes_and_what_a_running_one_writes_stays() {
    let (_dir, file, cache) = setup(10);
    fs::create_dir_all(&cache).unwrap();
    // As a writer names them (the last with an earlier version's name, pid alone).
    let left = cache.join(format!(".{:032x}.bin.1.{:016x}.tmp", 7, 9));
    let running = cache.join(format!(".{:032x}.bin.2.tmp", 7));
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
fn entries_of_an_earlier_format_are_removed() {
    let (_dir, file, cache) = setup(10);
    fs::create_dir_all(&cache).unwrap();
    // What an earlier version wrote: its header's length, then the magic and its format.
    let header = postcard::to_stdvec(&(*b"gongshu\0", FORMAT - 1, 7u128)).unwrap();
    let mut old = (header.len() as u64).to_le_bytes().to_vec();
    old.extend(&header);
    old.extend(b"parts");
    let (bin, facts) = (
        cache.join(format!("99-{:032x}.bin", 0)),
        cache.join(format!("99-{:032x}.facts", 0)),
    );
    for p in [&bin, &facts] {
        fs::write(p, &old).unwrap();
    }
    // Not a cache file of this program's: left alone, as before.
    let other = cache.join(format!("98-{:032x}.bin", 0));
    fs::write(&other, "something else").unwrap();
    load_in(&file, &cache).unwrap();
    assert!(!bin.exists(), "an entry of an earlier format is removed");
    assert!(!facts.exists(), "so are its facts");
    assert!(other.exists());
    assert_eq!(with_ext(&cache, "bin").len(), 2);
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
        vec![entry::path(
            &cache,
            Kind::Entry,
            bytes.len() as u64,
            xxh3_128(&bytes)
        )]
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
    load_file_in(&file, Some(&cache), CACHE_FROM_BYTES, true).unwrap();
    assert!(entries(&cache).is_empty());
}

/// The one entry (`.bin`) in `cache`.
fn the_entry(cache: &Path) -> PathBuf {
    let bins = with_ext(cache, "bin");
    assert_eq!(bins.len(), 1, "{bins:?}");
    bins[0].clone()
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_cache_directory_and_its_files_are_closed_to_others() {
    let (_dir, file, cache) = setup(10);
    load_for(&file, &cache, true).unwrap();
    assert_eq!(mode(&cache), 0o700);
    for f in entries(&cache) {
        assert_eq!(mode(&f), 0o600, "{}", f.display());
    }
    // A directory an earlier version left open is closed.
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&cache, fs::Permissions::from_mode(0o755)).unwrap();
    load_in(&file, &cache).unwrap();
    assert_eq!(mode(&cache), 0o700);
}

/// An entry anyone but this user could have written is not read: it is parsed again and the entry
/// written anew (private, and this user's).
#[test]
fn an_entry_open_to_others_a_symlink_or_anothers_is_not_read_and_is_rewritten() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let (dir, file, cache) = setup(10);
    load_in(&file, &cache).unwrap();
    let entry = the_entry(&cache);
    let made = |p: &Path| fs::symlink_metadata(p).unwrap().modified().unwrap();

    fs::set_permissions(&entry, fs::Permissions::from_mode(0o666)).unwrap();
    let before = made(&entry);
    std::thread::sleep(std::time::Duration::from_millis(20));
    load_in(&file, &cache).unwrap();
    assert_eq!(mode(&entry), 0o600, "rewritten");
    assert!(made(&entry) > before, "written again, not read");

    // A symlink to a good entry elsewhere is not followed.
    let elsewhere = dir.0.join("elsewhere.bin");
    fs::rename(&entry, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &entry).unwrap();
    load_in(&file, &cache).unwrap();
    assert!(fs::symlink_metadata(&entry).unwrap().file_type().is_file());

    // Another user's (run as root, as CI does: root can give a file away).
    // SAFETY: geteuid only returns this process's user id.
    if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::chown(&entry, Some(65534), Some(65534)).unwrap();
        load_in(&file, &cache).unwrap();
        assert_eq!(fs::metadata(&entry).unwrap().uid(), 0, "rewritten as ours");
    }
}

#[test]
fn a_fifo_at_the_entry_path_is_passed_over_without_blocking() {
    let (_dir, file, cache) = setup(10);
    load_in(&file, &cache).unwrap();
    let entry = the_entry(&cache);
    fs::remove_file(&entry).unwrap();
    let c = std::ffi::CString::new(entry.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: mkfifo reads one NUL-terminated path that lives across the call.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(load_in(&file, &cache).map(|l| l.data.platforms.len()));
    });
    let got = rx.recv_timeout(std::time::Duration::from_secs(20));
    assert_eq!(got.expect("blocked on the FIFO").unwrap(), 10);
}

/// An entry whose header claims more than any part may be (a sparse file can claim any length)
/// is refused before anything is allocated.
#[test]
fn an_entry_claiming_a_huge_part_is_refused_before_allocating() {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let (_dir, file, cache) = setup(10);
    load_in(&file, &cache).unwrap();
    let entry = the_entry(&cache);
    let bytes = fs::read(&entry).unwrap();
    let header_len = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    let mut header: entry::Header = postcard::from_bytes(&bytes[8..8 + header_len]).unwrap();
    let huge = 64u64 << 30;
    let last = header.parts.len() - 1;
    header.parts[last].1 = huge;
    let header = postcard::to_stdvec(&header).unwrap();
    fs::remove_file(&entry).unwrap();
    let mut f = File::options()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&entry)
        .unwrap();
    f.write_all(&(header.len() as u64).to_le_bytes()).unwrap();
    f.write_all(&header).unwrap();
    f.write_all(&bytes[8 + header_len..]).unwrap();
    // As long as the header says, without the disk to hold it.
    f.set_len(huge + (1 << 20)).unwrap();
    drop(f);
    let loaded = load_in(&file, &cache).unwrap();
    assert_eq!(loaded.data.platforms.len(), 10);
}

#[test]
fn eviction_removes_only_names_the_cache_makes() {
    let (_dir, file, cache) = setup(10);
    fs::create_dir_all(&cache).unwrap();
    let old = std::time::SystemTime::now() - 2 * STALE_WRITE;
    let others = ["notes.tmp", ".x.tmp", "99-0.bin", "keep.facts"];
    for name in others {
        let p = cache.join(name);
        fs::write(&p, "not a cache file").unwrap();
        File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    load_in(&file, &cache).unwrap();
    for name in others {
        assert!(cache.join(name).exists(), "{name} removed");
    }
}

#[test]
fn a_write_cut_short_by_a_signal_leaves_no_temporary_file() {
    let (_dir, _file, cache) = setup(10);
    fs::create_dir_all(&cache).unwrap();
    let tmp = cache.join(format!(".{:032x}.bin.1.{:016x}.tmp", 1, 2));
    fs::write(&tmp, "half an entry").unwrap();
    {
        let _writing = entry::Writing::start(&tmp);
        // What the signal handler (or the atlas's signal thread) calls.
        abandon_write();
        assert!(!tmp.exists());
    }
    // Once the write is over, there is nothing to remove.
    fs::write(&tmp, "another").unwrap();
    abandon_write();
    assert!(tmp.exists());
}

#[test]
fn an_entry_whose_index_never_comes_leaves_nothing_behind() {
    let (_dir, file, cache) = setup(50);
    let data = dataset::load_file(&file).unwrap();
    let size = fs::metadata(&file).unwrap().len();
    // The platforms are written as they come; the index is never sent (the load failed or
    // ended), or a part never comes.
    let blobs = entry::dataset_blobs(&data);
    let (parts, rest) = write_entry(cache.clone(), size, 7, blobs.len());
    for b in &blobs {
        parts.send(b.clone()).unwrap();
    }
    drop((parts, rest));
    finish_writing();
    assert_eq!(entries(&cache), Vec::<PathBuf>::new());
    let (parts, rest) = write_entry(cache.clone(), size, 7, blobs.len());
    parts.send(blobs[0].clone()).unwrap();
    drop((parts, rest));
    finish_writing();
    assert_eq!(entries(&cache), Vec::<PathBuf>::new());
}

#[test]
fn parts_written_out_of_order_are_read_back_in_order() {
    let (_dir, file, cache) = setup(50);
    let data = dataset::load_file(&file).unwrap();
    let index = Index::new(&data);
    let blobs = entry::dataset_blobs(&data);
    let mut f = entry::NewFile::create(&cache, Kind::Entry, 1, 9, blobs.len() + 1).unwrap();
    for (i, b) in blobs.iter().enumerate().rev() {
        f.put(i + 1, b).unwrap();
    }
    f.put_serialized(0, &index).unwrap();
    f.finish().unwrap();
    let (back, back_index) = entry::read_entry(&entry::path(&cache, Kind::Entry, 1, 9), 9).unwrap();
    assert_eq!(debug(&back), debug(&data));
    assert_eq!(
        postcard::to_stdvec(&back_index).unwrap(),
        postcard::to_stdvec(&index).unwrap()
    );
}

/// Completion's ids come from a small file beside the entry, written private by the first run
/// that needs them, and answer without the dataset. One that holds anything completion may not
/// print (an id carrying `$(…)`, a line that is not a number, text cut short), even with good
/// checksums, is not read: the ids come from the dataset and the file is written again.
#[test]
fn completion_answers_from_the_ids_file_and_ignores_a_tampered_one() {
    let (_dir, file, cache) = setup(300);
    let want = ids_of(&dataset::load_file(&file).unwrap());
    assert!(want.len() > 300 * 4);
    let got = ids_of_file_in(&file, Some(&cache), 0).unwrap();
    finish_writing();
    assert_eq!(got, want);
    let ids = with_ext(&cache, "ids");
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(mode(&ids[0]), 0o600);
    let (size, key) = (
        fs::metadata(&file).unwrap().len(),
        xxh3_128(&fs::read(&file).unwrap()),
    );
    // What the ids file says is the answer, the entry gone or not.
    entry::write(&cache, Kind::Ids, size, key, &[b"planted\n7\n".to_vec()]).unwrap();
    fs::remove_file(the_entry(&cache)).unwrap();
    let got = ids_of_file_in(&file, Some(&cache), 0).unwrap();
    assert_eq!(got, b"planted\n7\n");
    for bad in [
        &b"a$(touch x)\n1\n"[..],
        b"ok\n`id`\n",
        b"ok\n1\nUpper\n2\n",
        b"a b\n1\n",
        b"ok\n12345678901\n",
        b"ok\n1",
        b"ok\n",
        b"\n1\n",
        b"ok\xff\n1\n",
    ] {
        entry::write(&cache, Kind::Ids, size, key, &[bad.to_vec()]).unwrap();
        let got = ids_of_file_in(&file, Some(&cache), 0).unwrap();
        finish_writing();
        assert_eq!(got, want, "{:?}", String::from_utf8_lossy(bad));
        let again = entry::read_ids(&ids[0], key);
        assert_eq!(again.as_deref(), Some(&want[..]), "rewritten");
    }
    // Open to others: not read either.
    use std::os::unix::fs::PermissionsExt;
    entry::write(&cache, Kind::Ids, size, key, &[b"planted\n7\n".to_vec()]).unwrap();
    fs::set_permissions(&ids[0], fs::Permissions::from_mode(0o666)).unwrap();
    assert_eq!(ids_of_file_in(&file, Some(&cache), 0).unwrap(), want);
    finish_writing();
}
