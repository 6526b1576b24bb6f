//! The lock that keeps two runs from writing one output folder at once: the file
//! `.NAME.lock` beside the folder, held with `flock` while a run prepares and swaps
//! its set, and removed when the run is done.

use crate::model::error::{Result, RotationError};
use std::fs::File;
use std::path::{Path, PathBuf};

/// An exclusive lock on writing one output folder: the file `.NAME.lock` beside it,
/// locked (`flock`) while the run prepares and swaps its set, removed after.
pub struct FolderLock {
    file: File,
    path: PathBuf,
}

impl FolderLock {
    /// The path of the lock file of folder `name` in `parent`.
    pub fn path_of(parent: &Path, name: &str) -> PathBuf {
        parent.join(format!(".{name}.lock"))
    }

    /// Takes the lock of the folder `name` in `parent`, or fails at once when another
    /// run holds it (`shown` names the folder in the message).
    pub fn acquire(parent: &Path, name: &str, shown: &Path) -> Result<FolderLock> {
        let path = Self::path_of(parent, name);
        // A lock file removed by the run that held it, between our open and our lock,
        // is no lock: then try again with a fresh file.
        for _ in 0..10 {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| RotationError::io(&path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(RotationError::io(
                        shown,
                        std::io::Error::new(
                            std::io::ErrorKind::WouldBlock,
                            format!(
                                "another rotation run is writing this folder (it holds {}); nothing was written; try again when it has finished",
                                path.display()
                            ),
                        ),
                    ))
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(RotationError::io(&path, e)),
            }
            if same_file(&file, &path) {
                return Ok(FolderLock { file, path });
            }
        }
        Err(RotationError::io(
            &path,
            std::io::Error::other("the lock file keeps changing; is another run looping?"),
        ))
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, _: &Path) -> bool {
    true
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        // Removed while still locked, so no other run can hold a lock on this file.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}
