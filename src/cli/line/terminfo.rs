//! Whether the terminal `TERM` names can address the cursor, from its compiled terminfo entry:
//! one without `cup` (cursor_address) cannot show a full screen. Only that one capability is
//! read; a terminal with no entry to be found is taken to have it, as the atlas always assumed.

use std::path::{Path, PathBuf};

/// The largest entry read (real ones are a few KiB).
const MAX_BYTES: u64 = 64 * 1024;
/// `cup`'s place among the string capabilities (term.h's order).
const CURSOR_ADDRESS: usize = 10;

/// Whether a compiled terminfo entry has `cup`; `None` when the bytes are no entry.
pub fn has_cursor_address(entry: &[u8]) -> Option<bool> {
    let short = |at: usize| -> Option<i16> {
        let b = entry.get(at..at + 2)?;
        Some(i16::from_le_bytes([b[0], b[1]]))
    };
    let count = |at: usize| short(at).and_then(|n| usize::try_from(n).ok());
    let number_size = match short(0)? {
        0o432 => 2,
        0o1036 => 4,
        _ => return None,
    };
    let (names, bools, numbers, strings) = (count(2)?, count(4)?, count(6)?, count(8)?);
    let mut at = 12 + names + bools;
    // The numbers start on an even byte.
    at += at % 2;
    at += numbers * number_size;
    if CURSOR_ADDRESS >= strings {
        return Some(false);
    }
    // An offset of -1 is absent, -2 cancelled.
    Some(short(at + 2 * CURSOR_ADDRESS)? >= 0)
}

/// Where terminfo keeps `term`'s entry, as ncurses looks: `$TERMINFO`, `~/.terminfo`,
/// `$TERMINFO_DIRS` (an empty item is the system's), then the system's directories.
fn candidates(term: &str, var: impl Fn(&str) -> Option<String>) -> Vec<PathBuf> {
    let system = ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"];
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(d) = var("TERMINFO").filter(|d| !d.is_empty()) {
        dirs.push(d.into());
    }
    if let Some(h) = var("HOME").filter(|h| !h.is_empty()) {
        dirs.push(Path::new(&h).join(".terminfo"));
    }
    match var("TERMINFO_DIRS") {
        Some(list) => {
            for d in list.split(':') {
                if d.is_empty() {
                    dirs.extend(system.iter().map(PathBuf::from));
                } else {
                    dirs.push(d.into());
                }
            }
        }
        None => dirs.extend(system.iter().map(PathBuf::from)),
    }
    let Some(first) = term.chars().next() else {
        return Vec::new();
    };
    let hex = format!("{:02x}", first as u32);
    dirs.iter()
        .flat_map(|d| {
            [
                d.join(first.to_string()).join(term),
                d.join(&hex).join(term),
            ]
        })
        .collect()
}

/// Whether the terminal `term` is known, from its terminfo entry, to have no cursor addressing.
pub fn lacks_cursor_address(term: &str, var: impl Fn(&str) -> Option<String>) -> bool {
    // A name that could climb out of the directory is no terminal's.
    if term.contains('/') || term.starts_with('.') {
        return false;
    }
    for path in candidates(term, var) {
        use std::io::Read;
        let Ok(f) = std::fs::File::open(&path) else {
            continue;
        };
        let mut bytes = Vec::new();
        if f.take(MAX_BYTES).read_to_end(&mut bytes).is_err() {
            continue;
        }
        if let Some(has) = has_cursor_address(&bytes) {
            return !has;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry as `tic` writes it, with `cup` at `cup` (-1 for none) among `strings` offsets.
    fn entry(magic: i16, cup: i16, strings: i16) -> Vec<u8> {
        let names = b"t|test\0";
        let number_size = if magic == 0o432 { 2 } else { 4 };
        let mut b = Vec::new();
        for v in [magic, names.len() as i16, 1, 1, strings, 4] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.extend_from_slice(names);
        b.push(1); // one boolean
        if b.len() % 2 == 1 {
            b.push(0);
        }
        b.extend(std::iter::repeat_n(0u8, number_size));
        for k in 0..strings {
            let off: i16 = if k == CURSOR_ADDRESS as i16 { cup } else { -1 };
            b.extend_from_slice(&off.to_le_bytes());
        }
        b.extend_from_slice(b"\x1b[H\0");
        b
    }

    #[test]
    fn cup_is_read_from_either_format() {
        for magic in [0o432, 0o1036] {
            assert_eq!(has_cursor_address(&entry(magic, 0, 30)), Some(true));
            assert_eq!(has_cursor_address(&entry(magic, -1, 30)), Some(false));
            assert_eq!(has_cursor_address(&entry(magic, -2, 30)), Some(false));
            // Fewer strings than cup's place: no cup.
            assert_eq!(has_cursor_address(&entry(magic, 0, 5)), Some(false));
        }
        // Not an entry, or cut short: no answer, never a panic.
        assert_eq!(has_cursor_address(b""), None);
        assert_eq!(has_cursor_address(b"hello world, not terminfo"), None);
        let e = entry(0o432, 0, 30);
        for n in 0..e.len() {
            let _ = has_cursor_address(&e[..n]);
        }
    }

    #[test]
    fn entries_are_found_as_ncurses_finds_them() {
        let tmp = tempfile::Builder::new()
            .prefix("gongshu-terminfo-")
            .tempdir()
            .unwrap();
        let dir = tmp.path();
        std::fs::create_dir_all(dir.join("p")).unwrap();
        std::fs::create_dir_all(dir.join("74")).unwrap();
        std::fs::write(dir.join("p/printer"), entry(0o432, -1, 30)).unwrap();
        std::fs::write(dir.join("74/tube"), entry(0o1036, 0, 30)).unwrap();
        let d = dir.display().to_string();
        let only = |k: &str| (k == "TERMINFO").then(|| d.clone());
        assert!(lacks_cursor_address("printer", only));
        assert!(!lacks_cursor_address("tube", only));
        // Unknown, or a name that is a path: not known to lack it.
        assert!(!lacks_cursor_address("nosuchterm", only));
        assert!(!lacks_cursor_address("../p/printer", only));
        let dirs = |k: &str| (k == "TERMINFO_DIRS").then(|| format!("/nonexistent:{d}"));
        assert!(lacks_cursor_address("printer", dirs));
    }
}
