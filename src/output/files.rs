//! Writing outputs safely. A single file is written to a temporary sibling and renamed
//! into place, so an interrupted run never leaves a half-written file. A folder of
//! outputs (a plan, a generated county, the lab's tables) is one [`OutputSet`]: every
//! file is written into a fresh hidden sibling folder, synced, `manifest.json` written
//! last (each file's size and SHA-256), and the folder swapped in by renames, under a
//! lock, so the folder holds one whole set or the set it held before. No output
//! overwrites an existing file without `force`, nor ever a file the command reads.

use crate::model::error::{Result, RotationError};
use crate::model::usage_message::UsageMessage;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, "tmp", |tmp| {
        let mut f = File::create(tmp).map_err(|e| RotationError::io(tmp, e))?;
        f.write_all(bytes)
            .and_then(|_| f.sync_all())
            .map_err(|e| RotationError::io(tmp, e))
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

/// Serialises rows of strings as CSV text for a spreadsheet: every cell that Excel
/// would read as a formula gets a leading apostrophe
/// ([`neutralise`](crate::model::cell::neutralise)). For the report tables (`plan.csv`,
/// `schools.csv`, `changes.csv`, the eligibility list, the lab's tables); the
/// instance files keep their text exactly, as the tool reads them back.
pub fn excel_csv_bytes<I, R>(header: &[&str], rows: I) -> Vec<u8>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = String>,
{
    csv_bytes(
        header,
        rows.into_iter().map(|row| {
            row.into_iter()
                .map(|cell| crate::model::cell::neutralise(&cell).into_owned())
                .collect::<Vec<_>>()
        }),
    )
}

/// Where `path` is, through every symbolic link, when it or its folder exists.
pub fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}

/// Refuses to write the file `path` when it exists and `force` is not given, and, even
/// with `force`, when it is one of `inputs` (the files the command reads, compared as
/// resolved paths) or a folder.
pub fn check_output_file(path: &Path, force: bool, inputs: &[PathBuf]) -> Result<()> {
    if let Some(target) = resolved(path) {
        if let Some(input) = inputs
            .iter()
            .find(|i| resolved(i).is_some_and(|i| i == target))
        {
            return Err(RotationError::Refused(UsageMessage::OutputIsInput {
                path: path.display().to_string(),
                input: input.display().to_string(),
            }));
        }
    }
    if path.is_dir() {
        return Err(RotationError::Refused(UsageMessage::OutputIsFolder {
            path: path.display().to_string(),
        }));
    }
    if path.exists() && !force {
        return Err(RotationError::Refused(UsageMessage::OutputExists {
            path: path.display().to_string(),
        }));
    }
    Ok(())
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
