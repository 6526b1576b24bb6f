//! A folder of outputs written as one set or not at all.
//! Long file: the folder's checks, the atomic swap and their tests (a failing disk, a
//! bureau's own tables) belong together.
//!
//! [`OutputSet::begin`] checks the folder (an existing folder with files needs `force`;
//! a folder holding a file the command reads, or files `rotation` did not write, is
//! refused even with `force`), takes a lock beside it (`.NAME.lock`, so a second run
//! into the same folder fails at once instead of mixing its files with the first's),
//! and removes what an interrupted run left (`.NAME.new-*`, `.NAME.old-*`).
//! [`OutputSet::commit`] writes every file into a fresh sibling `.NAME.new-*`, syncs it,
//! writes `manifest.json` last, and swaps the folder in: on Linux by exchanging the two
//! folders in one rename (`renameat2(RENAME_EXCHANGE)`), elsewhere by renaming the old
//! folder aside first. A failed write (a full disk) leaves the old folder untouched and
//! nothing beside it; a crash leaves the old set or the new one (plus, on the fallback
//! path, a hidden sibling the next run removes).

use crate::input::manifest::{Manifest, ManifestFile, MANIFEST_FILE, PLAN_SET_FILES};
use crate::model::error::{Result, RotationError};
use crate::model::usage_message::UsageMessage;
use crate::output::files::resolved;
use crate::output::folder_lock::FolderLock;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Who wrote a set, as recorded in its manifest.
const WRITTEN_BY: &str = concat!("rotation ", env!("CARGO_PKG_VERSION"));

/// Writes one file of a set; the default creates it, writes it and syncs it. Tests
/// pass one that fails part way, as a full disk does.
pub type FileWriter<'a> = dyn FnMut(&Path, &[u8]) -> std::io::Result<()> + 'a;

fn write_and_sync(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// A folder of outputs being prepared: the checks done and the lock held; the files
/// are kept in memory until [`OutputSet::commit`].
pub struct OutputSet {
    /// The folder as the user named it, for messages.
    shown: PathBuf,
    /// The folder, resolved (its parent exists).
    target: PathBuf,
    parent: PathBuf,
    name: String,
    force: bool,
    files: Vec<(String, Vec<u8>)>,
    expected: Vec<String>,
    lock: FolderLock,
    /// What an interrupted earlier run had left beside the folder, now removed.
    pub removed_leftovers: Vec<PathBuf>,
}

impl OutputSet {
    /// Prepares to write the folder `dir` as one set. `force` lets an existing set be
    /// replaced; `inputs` are the files the command reads (none may lie inside `dir`);
    /// `expected` names the files (or first folders) the set will hold, so that a
    /// folder holding anything else is refused before any work is done.
    pub fn begin(
        dir: &Path,
        force: bool,
        inputs: &[PathBuf],
        expected: &[&str],
    ) -> Result<OutputSet> {
        if dir.exists() && !dir.is_dir() {
            return Err(RotationError::Refused(UsageMessage::OutputIsFile {
                dir: dir.display().to_string(),
            }));
        }
        let target = match dir.canonicalize() {
            Ok(t) => t,
            Err(_) => {
                let parent = match dir.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => Path::new("."),
                };
                std::fs::create_dir_all(parent).map_err(|e| RotationError::io(parent, e))?;
                resolved(dir).ok_or_else(|| {
                    RotationError::Refused(UsageMessage::NotAFolderName {
                        dir: dir.display().to_string(),
                    })
                })?
            }
        };
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(RotationError::Refused(UsageMessage::RootFolder {
                dir: dir.display().to_string(),
            }));
        };
        let (parent, name) = (parent.to_path_buf(), name.to_string_lossy().into_owned());
        for input in inputs {
            if let Some(i) = resolved(input) {
                if i.starts_with(&target) {
                    return Err(RotationError::Refused(UsageMessage::OutputSetHoldsInput {
                        dir: dir.display().to_string(),
                        input: input.display().to_string(),
                    }));
                }
            }
        }
        let lock = FolderLock::acquire(&parent, &name, dir)?;
        let mut set = OutputSet {
            shown: dir.to_path_buf(),
            target,
            parent,
            name,
            force,
            files: Vec::new(),
            expected: expected.iter().map(|s| s.to_string()).collect(),
            lock,
            removed_leftovers: Vec::new(),
        };
        set.removed_leftovers = set.remove_leftovers();
        set.check_target()?;
        Ok(set)
    }

    /// Adds a file, by its path relative to the folder (`/`-separated).
    pub fn add(&mut self, name: impl Into<String>, bytes: Vec<u8>) {
        self.files.push((name.into(), bytes));
    }

    /// The folder as the user named it.
    pub fn dir(&self) -> &Path {
        &self.shown
    }

    /// Writes the set and swaps it in.
    pub fn commit(self) -> Result<()> {
        self.commit_with(&mut write_and_sync)
    }

    /// [`OutputSet::commit`] with `write` writing each file.
    pub fn commit_with(mut self, write: &mut FileWriter) -> Result<()> {
        let names: Vec<String> = self.files.iter().map(|(n, _)| first(n)).collect();
        self.expected.extend(names);
        self.check_target()?;
        let prefix = format!(".{}.new-", self.name);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix);
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o777));
        let staging = builder
            .tempdir_in(&self.parent)
            .map_err(|e| RotationError::io(&self.parent, e))?;
        let manifest = manifest_bytes(&self.files);
        let files = std::mem::take(&mut self.files);
        let last = std::iter::once((MANIFEST_FILE.to_string(), manifest));
        for (name, bytes) in files.into_iter().chain(last) {
            let path = staging.path().join(&name);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| self.failed(&name, e))?;
            }
            write(&path, &bytes).map_err(|e| self.failed(&name, e))?;
        }
        sync_dir(staging.path()).map_err(|e| self.failed(".", e))?;
        self.swap_in(staging)?;
        sync_dir(&self.parent).map_err(|e| RotationError::io(&self.parent, e))?;
        drop(self.lock);
        Ok(())
    }

    /// The error of a failed write: nothing was changed.
    fn failed(&self, name: &str, e: std::io::Error) -> RotationError {
        RotationError::io(
            self.shown.join(name),
            std::io::Error::new(
                e.kind(),
                format!("{e}; nothing was written and the folder is as it was"),
            ),
        )
    }

    /// Refuses an existing folder with files unless `force`, and a folder holding
    /// files this set would not write (nor an earlier set, by its manifest); a
    /// county's table counts as written by a set only when the manifest names it with
    /// its content unchanged.
    fn check_target(&self) -> Result<()> {
        let entries = match std::fs::read_dir(&self.target) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(RotationError::io(&self.shown, e)),
        };
        let present: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        if present.is_empty() {
            return Ok(());
        }
        let manifest = std::fs::read(self.target.join(MANIFEST_FILE))
            .ok()
            .and_then(|text| serde_json::from_slice::<Manifest>(&text).ok());
        // A county's own tables (schools.csv, teachers.csv, history.csv, ...) are ours
        // only as a set's manifest names them, unchanged since: a bureau's folder, or a
        // generated county whose tables were replaced by real ones, holds the same
        // names, and `--force` must never delete those.
        let county_tables: Vec<String> = crate::input::instance::instance_files(Path::new(""))
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let unchanged = |name: &str| {
            manifest.as_ref().is_some_and(|m| {
                m.files.iter().any(|f| {
                    f.name == name
                        && std::fs::read(self.target.join(name)).is_ok_and(|bytes| {
                            bytes.len() as u64 == f.bytes
                                && crate::input::manifest::sha256_hex(&bytes) == f.sha256
                        })
                })
            })
        };
        let mut ours: Vec<String> = self.expected.clone();
        ours.push(MANIFEST_FILE.into());
        ours.extend(PLAN_SET_FILES.iter().map(|s| s.to_string()));
        if let Some(m) = &manifest {
            ours.extend(m.files.iter().map(|f| first(&f.name)));
        }
        // A plan set writes its own schools.csv and history.csv: in a folder whose
        // manifest names a plan, those are its outputs, edited or not.
        let plan_set = manifest
            .as_ref()
            .is_some_and(|m| m.files.iter().any(|f| f.name == "plan.csv"));
        let is_ours = |p: &String| {
            if county_tables.contains(p) && !(plan_set && PLAN_SET_FILES.contains(&p.as_str())) {
                unchanged(p)
            } else {
                ours.contains(p)
            }
        };
        let mut foreign: Vec<&String> = present.iter().filter(|p| !is_ours(p)).collect();
        foreign.sort();
        if !foreign.is_empty() {
            return Err(RotationError::Refused(UsageMessage::ForeignFiles {
                dir: self.shown.display().to_string(),
                files: foreign.iter().map(|s| s.to_string()).collect(),
            }));
        }
        if !self.force {
            let mut present = present;
            present.sort();
            return Err(RotationError::Refused(UsageMessage::OutputSetExists {
                dir: self.shown.display().to_string(),
                files: present.iter().map(|s| s.to_string()).collect(),
            }));
        }
        Ok(())
    }

    /// Removes `.NAME.new-*` and `.NAME.old-*` beside the folder: what a run
    /// interrupted before its swap (or, on the fallback path, during it) left.
    fn remove_leftovers(&self) -> Vec<PathBuf> {
        let prefixes = [
            format!(".{}.new-", self.name),
            format!(".{}.old-", self.name),
        ];
        let Ok(entries) = std::fs::read_dir(&self.parent) else {
            return Vec::new();
        };
        let mut removed = Vec::new();
        for e in entries.filter_map(|e| e.ok()) {
            let n = e.file_name().to_string_lossy().into_owned();
            if prefixes.iter().any(|p| n.starts_with(p.as_str()))
                && std::fs::remove_dir_all(e.path()).is_ok()
            {
                removed.push(e.path());
            }
        }
        removed
    }

    /// Puts the written folder where the set goes, replacing the old set.
    fn swap_in(&self, staging: tempfile::TempDir) -> Result<()> {
        let target = &self.target;
        let io = |e| RotationError::io(&self.shown, e);
        if !target.exists() {
            std::fs::rename(staging.path(), target).map_err(io)?;
            let _ = staging.keep();
            return Ok(());
        }
        // One atomic exchange: the staging folder then holds the old set, removed
        // when `staging` is dropped.
        if exchange(staging.path(), target).is_ok() {
            return Ok(());
        }
        let aside = tempfile::Builder::new()
            .prefix(&format!(".{}.old-", self.name))
            .tempdir_in(&self.parent)
            .map_err(|e| RotationError::io(&self.parent, e))?
            .keep();
        std::fs::rename(target, &aside).map_err(io)?;
        if let Err(e) = std::fs::rename(staging.path(), target) {
            let _ = std::fs::rename(&aside, target);
            return Err(io(e));
        }
        let _ = staging.keep();
        let _ = std::fs::remove_dir_all(&aside);
        Ok(())
    }
}

/// The `manifest.json` of a set of files (path relative to the folder, content): for
/// a set's own manifest, and for a plan folder nested in a bigger set.
pub fn manifest_bytes(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let manifest = Manifest {
        written_by: WRITTEN_BY.into(),
        files: files.iter().map(|(n, b)| ManifestFile::of(n, b)).collect(),
    };
    serde_json::to_vec_pretty(&manifest).expect("serialisable manifest")
}

/// The first component of a `/`-separated relative path.
fn first(name: &str) -> String {
    name.split('/').next().unwrap_or(name).to_string()
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Exchanges two folders in one step (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are NUL-terminated strings alive for the call; the syscall
    // reads them and touches no other memory.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::manifest::{check_set, SetCheck};

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn write_set(dir: &Path, force: bool, files: &[(&str, &str)]) -> Result<()> {
        let mut set = OutputSet::begin(dir, force, &[], &[])?;
        for (n, t) in files {
            set.add(*n, t.as_bytes().to_vec());
        }
        set.commit()
    }

    #[test]
    fn a_set_is_written_whole_with_its_manifest_and_nothing_beside_it() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        write_set(&out, false, &[("plan.csv", "a"), ("sub/x.csv", "b")]).unwrap();
        assert_eq!(listing(root.path()), ["out"]);
        assert_eq!(listing(&out), ["manifest.json", "plan.csv", "sub"]);
        assert_eq!(check_set(&out), SetCheck::Complete);
        // Again without --force: refused; with it: replaced whole.
        let e = write_set(&out, false, &[("plan.csv", "c")]).unwrap_err();
        assert!(e.to_string().contains("pass --force"), "{e}");
        write_set(&out, true, &[("plan.csv", "c")]).unwrap();
        assert_eq!(listing(&out), ["manifest.json", "plan.csv"]);
        assert_eq!(std::fs::read_to_string(out.join("plan.csv")).unwrap(), "c");
        assert_eq!(listing(root.path()), ["out"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let direct = root.path().join("direct");
            std::fs::create_dir(&direct).unwrap();
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode();
            assert_eq!(mode(&out), mode(&direct));
        }
    }

    #[test]
    fn a_write_that_fails_part_way_leaves_the_old_set_and_nothing_else() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        write_set(
            &out,
            false,
            &[("plan.csv", "old plan"), ("summary.json", "{}")],
        )
        .unwrap();
        let before = std::fs::read(out.join("manifest.json")).unwrap();
        // A disk that fills after 10 bytes.
        let mut room = 10usize;
        let mut full = |path: &Path, bytes: &[u8]| {
            let n = bytes.len().min(room);
            std::fs::write(path, &bytes[..n])?;
            room -= n;
            if n < bytes.len() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::StorageFull,
                    "No space left on device",
                ));
            }
            Ok(())
        };
        let mut set = OutputSet::begin(&out, true, &[], &[]).unwrap();
        set.add("plan.csv", b"new plan".to_vec());
        set.add("summary.json", b"{\"new\": true}".to_vec());
        let e = set.commit_with(&mut full).unwrap_err();
        assert!(e.to_string().contains("nothing was written"), "{e}");
        assert_eq!(listing(root.path()), ["out"]);
        assert_eq!(std::fs::read(out.join("manifest.json")).unwrap(), before);
        assert_eq!(
            std::fs::read_to_string(out.join("plan.csv")).unwrap(),
            "old plan"
        );
        assert_eq!(check_set(&out), SetCheck::Complete);
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_folder() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        let first = OutputSet::begin(&out, false, &[], &[]).unwrap();
        let e = OutputSet::begin(&out, true, &[], &[]).err().unwrap();
        assert!(e.to_string().contains("another rotation run"), "{e}");
        drop(first);
        assert_eq!(listing(root.path()), Vec::<String>::new());
        assert!(OutputSet::begin(&out, false, &[], &[]).is_ok());
    }

    #[test]
    fn leftovers_of_an_interrupted_run_are_removed_and_named() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        std::fs::create_dir(root.path().join(".out.new-abc")).unwrap();
        std::fs::write(root.path().join(".out.new-abc/plan.csv"), "half").unwrap();
        let set = OutputSet::begin(&out, false, &[], &[]).unwrap();
        assert_eq!(set.removed_leftovers.len(), 1);
        drop(set);
        assert_eq!(listing(root.path()), Vec::<String>::new());
    }

    #[test]
    fn a_folder_with_foreign_files_or_inputs_is_refused_even_with_force() {
        let root = tempfile::tempdir().unwrap();
        let county = root.path().join("county");
        std::fs::create_dir(&county).unwrap();
        std::fs::write(county.join("teachers.csv"), "id\n").unwrap();
        let input = county.join("teachers.csv");
        let e = OutputSet::begin(&county, true, &[input], &[])
            .err()
            .unwrap();
        assert!(e.to_string().contains("which this command reads"), "{e}");
        let e = OutputSet::begin(&county, true, &[], &["plan.csv"])
            .err()
            .unwrap();
        assert!(e.to_string().contains("did not write"), "{e}");
        assert_eq!(listing(&county), ["teachers.csv"]);
    }

    /// A county's tables are replaced with `force` only when a set's manifest names
    /// them unchanged: a bureau's own folder (no manifest), and a written county whose
    /// teachers.csv was replaced since, are refused; `generate`'s own output is not.
    #[test]
    fn county_tables_are_replaced_only_as_a_manifest_names_them_unchanged() {
        let root = tempfile::tempdir().unwrap();
        let tables = ["schools.csv", "teachers.csv", "partnerships.csv"];
        let bureau = root.path().join("bureau");
        std::fs::create_dir(&bureau).unwrap();
        for t in tables {
            std::fs::write(bureau.join(t), "id\n").unwrap();
        }
        let e = OutputSet::begin(&bureau, true, &[], &tables).err().unwrap();
        assert!(e.to_string().contains("did not write"), "{e}");
        assert!(e.to_string().contains("teachers.csv"), "{e}");
        assert_eq!(
            listing(&bureau),
            ["partnerships.csv", "schools.csv", "teachers.csv"]
        );
        // A county the tool wrote: replaced with force.
        let written = root.path().join("written");
        let county = |dir: &Path, force: bool| {
            let mut set = OutputSet::begin(dir, force, &[], &tables)?;
            for t in tables {
                set.add(t, b"id\nT1\n".to_vec());
            }
            set.commit()
        };
        county(&written, false).unwrap();
        county(&written, true).unwrap();
        // Its teachers replaced by the bureau's: refused, and kept.
        std::fs::write(written.join("teachers.csv"), "id\nreal\n").unwrap();
        let e = county(&written, true).unwrap_err();
        assert!(e.to_string().contains("teachers.csv"), "{e}");
        assert_eq!(
            std::fs::read_to_string(written.join("teachers.csv")).unwrap(),
            "id\nreal\n"
        );
        // A plan set's own schools.csv, opened and saved in Excel, is still its output.
        let plan = root.path().join("plan");
        let plan_set = |force: bool| {
            let mut set = OutputSet::begin(&plan, force, &[], PLAN_SET_FILES)?;
            set.add("plan.csv", b"teacher\n".to_vec());
            set.add("schools.csv", b"school\n".to_vec());
            set.commit()
        };
        plan_set(false).unwrap();
        std::fs::write(plan.join("schools.csv"), "school,edited\n").unwrap();
        plan_set(true).unwrap();
        assert_eq!(
            std::fs::read_to_string(plan.join("schools.csv")).unwrap(),
            "school\n"
        );
    }
}
