//! Writing outputs safely: every file is written to a temporary sibling and renamed
//! into place, so an interrupted run never leaves a half-written file.

use crate::model::error::{Result, RotationError};
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, "tmp", |tmp| {
        std::fs::write(tmp, bytes).map_err(|e| RotationError::io(tmp, e))
    })
}

/// Lets `write` fill a temporary sibling of `path` (its name ends in `.{suffix}`, for
/// writers that choose the format by extension), then renames it into place. The
/// temporary file is removed when anything fails.
pub fn write_atomic_with(
    path: &Path,
    suffix: &str,
    write: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| RotationError::io(dir, e))?;
            dir
        }
        None => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    // `tempfile` removes the file when it is dropped unpersisted, on every error path.
    let (prefix, suffix) = (format!(".{file_name}."), format!(".{suffix}"));
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(&suffix);
    // A temporary file is private (0600) by default; an output is an ordinary file,
    // readable as the user's umask allows, like one written directly.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let tmp = builder
        .tempfile_in(dir)
        .map_err(|e| RotationError::io(dir, e))?;
    write(tmp.path())?;
    tmp.persist(path)
        .map_err(|e| RotationError::io(path, e.error))?;
    Ok(())
}

/// Serialises rows of strings as CSV text.
pub fn csv_bytes<I, R>(header: &[&str], rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    w.write_record(header).expect("in-memory CSV");
    for row in rows {
        w.write_record(row).expect("in-memory CSV");
    }
    w.into_inner().expect("in-memory CSV")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_leaves_only_the_file_readable_like_any_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.csv");
        write_atomic(&path, b"a,b\n").unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["plan.csv"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let direct = dir.path().join("direct");
            std::fs::write(&direct, b"").unwrap();
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode();
            assert_eq!(mode(&path), mode(&direct));
        }
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.mps");
        let err = write_atomic_with(&path, "mps", |_| Err(RotationError::Usage("no".into())));
        assert!(err.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
