//! The line mode's history: the lines typed, kept across runs in
//! `$XDG_STATE_HOME/gongshu/history` (by default `~/.local/state/gongshu/history`), readable by
//! its owner only (0600) and replaced whole on each line, never left half-written. Sessions at
//! once each add their own lines to what is on disk when they write (under a lock on the
//! directory), so none loses another's.

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

/// The most lines kept; the oldest go first.
pub const MAX_LINES: usize = 1000;
/// The largest history file read (a thousand long lines); a larger one is read from its end.
const MAX_BYTES: u64 = 1 << 20;

/// Where the history is kept, from the two variables (passed in, for tests): an absolute
/// `XDG_STATE_HOME`, else `HOME/.local/state`; `None` with neither.
pub fn history_path_from(xdg_state: Option<OsString>, home: Option<OsString>) -> Option<PathBuf> {
    let absolute = |v: Option<OsString>| v.map(PathBuf::from).filter(|p| p.is_absolute());
    let base = absolute(xdg_state).or_else(|| absolute(home).map(|h| h.join(".local/state")))?;
    Some(base.join("gongshu").join("history"))
}

/// Where the history is kept for this user.
pub fn history_path() -> Option<PathBuf> {
    history_path_from(std::env::var_os("XDG_STATE_HOME"), std::env::var_os("HOME"))
}

/// Held while the file is being replaced, so that a signal ending the session waits for the
/// rename rather than leaving a temporary file behind.
pub static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The lines typed, oldest first, and the file they are kept in.
#[derive(Debug, Default)]
pub struct History {
    /// What Up and Down recall: the file as it was at the start, then this session's lines.
    pub lines: Vec<String>,
    /// This session's lines not yet in the file.
    unsaved: Vec<String>,
    path: Option<PathBuf>,
}

impl History {
    /// The history kept at `path` (none yet if there is no file); an unreadable file is an
    /// error to report, and the session goes on without it.
    pub fn open(path: Option<PathBuf>) -> (History, Option<io::Error>) {
        let Some(path) = path else {
            return (History::default(), None);
        };
        let (lines, error) = match read(&path) {
            Ok(lines) => (lines, None),
            Err(e) if e.kind() == io::ErrorKind::NotFound => (Vec::new(), None),
            Err(e) => (Vec::new(), Some(e)),
        };
        (
            History {
                lines,
                unsaved: Vec::new(),
                path: Some(path),
            },
            error,
        )
    }

    /// Add a line typed and write the file again. Blank lines and a repeat of the line before
    /// are not kept. A line that could not be written is tried again with the next.
    pub fn add(&mut self, line: &str) -> io::Result<bool> {
        let line = line.trim();
        if line.is_empty()
            || line.contains(['\n', '\r'])
            || self.lines.last().is_some_and(|l| l == line)
        {
            return Ok(false);
        }
        self.lines.push(line.to_string());
        cap(&mut self.lines);
        if self.path.is_some() {
            self.unsaved.push(line.to_string());
            cap(&mut self.unsaved);
        }
        self.save()?;
        Ok(true)
    }

    /// This session's new lines added to what is in the file now (another session may have
    /// written since this one read it): a repeat of the line before dropped, the last
    /// [`MAX_LINES`] kept, written to a temporary file and renamed into place. The directory is
    /// locked meanwhile, so two sessions writing at once take turns.
    fn save(&mut self) -> io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if self.unsaved.is_empty() {
            return Ok(());
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)?;
        }
        let lock = std::fs::File::open(dir)?;
        lock.lock()?;
        let _writing = WRITING.lock().unwrap_or_else(|e| e.into_inner());
        let mut lines = match read(path) {
            Ok(lines) => lines,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        for line in &self.unsaved {
            if lines.last() != Some(line) {
                lines.push(line.clone());
            }
        }
        cap(&mut lines);
        let mut text = lines.join("\n");
        text.push('\n');
        crate::export::write_atomic_private(path, text.as_bytes())?;
        self.unsaved.clear();
        Ok(())
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// The last [`MAX_LINES`] lines of the file, at most its last [`MAX_BYTES`].
fn read(path: &Path) -> io::Result<Vec<String>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(path)?;
    let len = f.metadata()?.len();
    let from = len.saturating_sub(MAX_BYTES);
    f.seek(SeekFrom::Start(from))?;
    let mut bytes = Vec::new();
    f.take(MAX_BYTES).read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut lines: Vec<String> = text
        .lines()
        // A file read from its middle starts with part of a line.
        .skip(usize::from(from > 0))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    cap(&mut lines);
    Ok(lines)
}

/// Only the last [`MAX_LINES`] lines.
fn cap(lines: &mut Vec<String>) {
    if lines.len() > MAX_LINES {
        lines.drain(..lines.len() - MAX_LINES);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A fresh private folder, removed when the test ends, passed or not.
    fn dir(name: &str) -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix(&format!("gongshu-history-{name}-"))
            .tempdir()
            .unwrap()
    }

    #[test]
    fn the_path_follows_xdg_state_home() {
        let os = |s: &str| Some(OsString::from(s));
        let at = |s: &str| Some(PathBuf::from(s));
        assert_eq!(
            history_path_from(os("/st"), os("/home/me")),
            at("/st/gongshu/history")
        );
        for xdg in [None, os(""), os("rel")] {
            assert_eq!(
                history_path_from(xdg, os("/home/me")),
                at("/home/me/.local/state/gongshu/history")
            );
        }
        assert_eq!(history_path_from(None, None), None);
    }

    #[test]
    fn lines_are_kept_owner_only_and_read_back() {
        let d = dir("keep");
        let path = d.path().join("gongshu/history");
        let (mut h, e) = History::open(Some(path.clone()));
        assert!(e.is_none() && h.lines.is_empty());
        assert!(h.add("show 3").unwrap());
        assert!(!h.add("show 3").unwrap());
        assert!(!h.add("   ").unwrap());
        assert!(h.add("搜索 金融").unwrap());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let dmode = std::fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(dmode & 0o077, 0);
        // A file someone made readable is made private again.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let (mut h, _) = History::open(Some(path.clone()));
        assert_eq!(h.lines, ["show 3", "搜索 金融"]);
        h.add("list").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // Nothing is left beside it.
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn only_the_last_lines_are_kept() {
        let d = dir("cap");
        let path = d.path().join("history");
        let text: String = (0..MAX_LINES + 50).map(|i| format!("show {i}\n")).collect();
        std::fs::write(&path, text).unwrap();
        let (mut h, _) = History::open(Some(path.clone()));
        assert_eq!(h.lines.len(), MAX_LINES);
        assert_eq!(h.lines[0], "show 50");
        h.add("list").unwrap();
        assert_eq!(h.lines.len(), MAX_LINES);
        assert_eq!(h.lines.last().unwrap(), "list");
    }

    #[test]
    fn two_sessions_at_once_keep_each_others_lines() {
        let d = dir("two");
        let path = d.path().join("gongshu/history");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "list\n").unwrap();
        let (mut a, _) = History::open(Some(path.clone()));
        let (mut b, _) = History::open(Some(path.clone()));
        a.add("show 1").unwrap();
        b.add("show 2").unwrap();
        a.add("near 1").unwrap();
        // A repeat of the line now last on disk is not written twice.
        b.add("near 1").unwrap();
        b.add("quit").unwrap();
        let kept = std::fs::read_to_string(&path).unwrap();
        assert_eq!(kept, "list\nshow 1\nshow 2\nnear 1\nquit\n");
        // Each session recalls its own lines, after what was there when it started.
        assert_eq!(a.lines, ["list", "show 1", "near 1"]);
        assert_eq!(b.lines, ["list", "show 2", "near 1", "quit"]);
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }
}
