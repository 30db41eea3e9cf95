//! A folder of the test's own under the system's temporary folder: made with a fresh random name
//! (never one another user could have made first) and removed when the test ends, passed or not.

use std::path::{Path, PathBuf};

pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        TempDir::named("test")
    }

    /// `gongshu-NAME-` and random letters, so a folder left by a killed run says which test made it.
    pub fn named(name: &str) -> TempDir {
        let dir = tempfile::Builder::new()
            .prefix(&format!("gongshu-{name}-"))
            .tempdir()
            .expect("a temporary folder");
        // Removed by this type's own Drop, which runs on a panic too.
        TempDir(dir.keep())
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A file written into a folder of its own; the path as text, for command lines. The folder goes
/// when this does.
pub struct TempFile {
    _dir: TempDir,
    path: String,
}

impl TempFile {
    pub fn write(test: &str, name: &str, text: &str) -> TempFile {
        let dir = TempDir::named(test);
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        TempFile {
            path: path.display().to_string(),
            _dir: dir,
        }
    }
}

impl std::ops::Deref for TempFile {
    type Target = str;
    fn deref(&self) -> &str {
        &self.path
    }
}
