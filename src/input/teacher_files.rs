//! Where a round's teacher side comes from (§ "The teacher's side" of `docs/format.md`):
//! the exchange history, the wishes, the exchange teams and the joint appointments
//! that an instance carries (an instance folder's `history.csv`, `wishes.csv`,
//! `teams.csv`, `joint.csv`, or their Chinese names; an instance workbook's sheets
//! 交流记录/意愿/组团交流/联聘), each overridden by its flag (`--history`, `--wishes`,
//! `--teams`, `--joint`). Only the paths are found here; the files are read and checked
//! against the county by their own readers (`input::history`, `input::wishes`,
//! `input::exchange_teams`, `input::joint`), so a bad row gets the same diagnostic
//! whichever way it came.
//!
//! A table with no data row (a template's empty sheet, a header alone, only `#`
//! comment rows) is as if absent: the round is the round of the county alone.

use crate::input::table::Table;
use crate::input::vocabulary::{TableKind, EXCHANGE_TEAMS, HISTORY, JOINT, WISHES};
use crate::input::workbook::is_workbook;
use crate::model::diagnostics::Diagnostics;
use std::path::{Path, PathBuf};

/// The tables of the teacher side, in the order they are read.
pub const TEACHER_KINDS: [&TableKind; 4] = [&HISTORY, &WISHES, &EXCHANGE_TEAMS, &JOINT];

/// The files of a round's teacher side: a CSV file, or a workbook whose sheet of the
/// table's kind is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeacherFiles {
    /// The exchange history (`history.csv`, sheet 交流记录).
    pub history: Option<PathBuf>,
    /// The teachers' wishes (`wishes.csv`, sheet 意愿).
    pub wishes: Option<PathBuf>,
    /// The exchange teams (`teams.csv`, sheet 组团交流).
    pub teams: Option<PathBuf>,
    /// The joint appointments (`joint.csv`, sheet 联聘).
    pub joint: Option<PathBuf>,
}

/// A flag that replaced the table an instance carries, for a note to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overridden {
    /// The flag, e.g. `--history`.
    pub flag: &'static str,
    /// The file the flag names.
    pub given: PathBuf,
    /// The instance's own table that is not read (a file, or `book.xlsx[交流记录]`).
    pub instead: String,
}

impl TeacherFiles {
    /// The teacher side an instance carries: in a folder, the CSV file of each kind
    /// (English name first, else the Chinese one: `交流记录.csv`, `意愿.csv`,
    /// `组团交流.csv`, `联聘.csv`); in a workbook, the sheet of each kind. Tables
    /// without a data row are left out.
    pub fn of_instance(instance: &Path) -> TeacherFiles {
        let found = |kind: &TableKind| -> Option<PathBuf> {
            if is_workbook(instance) {
                sheet_has_rows(instance, kind).then(|| instance.to_path_buf())
            } else {
                instance_csv(instance, kind).filter(|p| csv_has_rows(p))
            }
        };
        TeacherFiles {
            history: found(&HISTORY),
            wishes: found(&WISHES),
            teams: found(&EXCHANGE_TEAMS),
            joint: found(&JOINT),
        }
    }

    /// The flags given on the command line (each `None` when not given).
    pub fn flags(
        history: Option<&Path>,
        wishes: Option<&Path>,
        teams: Option<&Path>,
        joint: Option<&Path>,
    ) -> TeacherFiles {
        TeacherFiles {
            history: history.map(Path::to_path_buf),
            wishes: wishes.map(Path::to_path_buf),
            teams: teams.map(Path::to_path_buf),
            joint: joint.map(Path::to_path_buf),
        }
    }

    /// Each table with its kind, in the order of [`TEACHER_KINDS`].
    pub fn tables(&self) -> [(&Option<PathBuf>, &'static TableKind); 4] {
        [
            (&self.history, &HISTORY),
            (&self.wishes, &WISHES),
            (&self.teams, &EXCHANGE_TEAMS),
            (&self.joint, &JOINT),
        ]
    }

    /// The instance's teacher side with each flag in `flags` taking the place of the
    /// instance's table of its kind; the replaced tables are listed.
    pub fn resolve(instance: &Path, flags: &TeacherFiles) -> (TeacherFiles, Vec<Overridden>) {
        let own = TeacherFiles::of_instance(instance);
        let mut overridden = Vec::new();
        let mut pick = |flag: &'static str,
                        kind: &TableKind,
                        given: &Option<PathBuf>,
                        own: Option<PathBuf>| {
            match (given, own) {
                (Some(g), Some(o)) => {
                    overridden.push(Overridden {
                        flag,
                        given: g.clone(),
                        instead: shown(&o, kind),
                    });
                    Some(g.clone())
                }
                (Some(g), None) => Some(g.clone()),
                (None, own) => own,
            }
        };
        let files = TeacherFiles {
            history: pick("--history", &HISTORY, &flags.history, own.history),
            wishes: pick("--wishes", &WISHES, &flags.wishes, own.wishes),
            teams: pick("--teams", &EXCHANGE_TEAMS, &flags.teams, own.teams),
            joint: pick("--joint", &JOINT, &flags.joint, own.joint),
        };
        (files, overridden)
    }

    /// Whether the round has no teacher side at all.
    pub fn is_empty(&self) -> bool {
        self.history.is_none()
            && self.wishes.is_none()
            && self.teams.is_none()
            && self.joint.is_none()
    }

    /// Every file named (a workbook once per sheet it gives): inputs no output may
    /// be written onto.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        [&self.history, &self.wishes, &self.teams, &self.joint]
            .into_iter()
            .flatten()
            .map(PathBuf::as_path)
    }
}

/// How messages name the table of `kind` an instance carries: its file in the folder,
/// or the workbook's sheet as the workbook names it (`book.xlsx[意愿]`).
pub fn table_name(instance: &Path, kind: &TableKind) -> String {
    match instance_csv(instance, kind) {
        Some(p) if !is_workbook(instance) => p.display().to_string(),
        _ => shown(instance, kind),
    }
}

/// How messages name the table of `kind` at `path`: the file, or the workbook's sheet
/// as the workbook names it (`book.xlsx[交流记录]`).
fn shown(path: &Path, kind: &TableKind) -> String {
    if !is_workbook(path) {
        return path.display().to_string();
    }
    use calamine::{open_workbook_auto, Reader};
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let sheet = open_workbook_auto(path)
        .ok()
        .and_then(|book| book.sheet_names().into_iter().find(|n| kind.is_sheet(n)))
        .unwrap_or_else(|| kind.sheet.to_string());
    format!("{file}[{sheet}]")
}

/// The CSV file of `kind` in an instance folder: `history.csv`, else `交流记录.csv`.
fn instance_csv(dir: &Path, kind: &TableKind) -> Option<PathBuf> {
    [kind.sheet, kind.sheet_zh]
        .iter()
        .map(|name| dir.join(format!("{name}.csv")))
        .find(|p| p.is_file())
}

/// The names an instance folder's teacher-side files may have (both languages), so
/// that no output is ever written onto them.
pub fn instance_teacher_files(dir: &Path) -> Vec<PathBuf> {
    TEACHER_KINDS
        .iter()
        .flat_map(|k| [k.sheet, k.sheet_zh])
        .map(|name| dir.join(format!("{name}.csv")))
        .collect()
}

/// Whether a CSV file has a data row. A file that cannot be read counts as having
/// rows, so that its reader reports why.
fn csv_has_rows(path: &Path) -> bool {
    let mut scratch = Diagnostics::default();
    let name = path.display().to_string();
    match Table::read(path, &name, false, &mut scratch) {
        Some(table) => !table.rows.is_empty() || scratch.has_errors(),
        None => scratch.has_errors(),
    }
}

/// Whether a workbook has the sheet of `kind` with a data row (an empty sheet, a
/// header alone or only `#` comment rows count as no sheet).
fn sheet_has_rows(book: &Path, kind: &TableKind) -> bool {
    use calamine::{open_workbook_auto, Reader};
    let Ok(mut workbook) = open_workbook_auto(book) else {
        // The instance reader has already said why the workbook cannot be read.
        return false;
    };
    let Some(name) = workbook
        .sheet_names()
        .into_iter()
        .find(|n| kind.is_sheet(n))
    else {
        return false;
    };
    let Ok(range) = workbook.worksheet_range(&name) else {
        // An unreadable sheet is read by its reader, which says why.
        return true;
    };
    let rows = range
        .rows()
        .map(|r| {
            r.iter()
                .map(crate::input::workbook::cell_text)
                .collect::<Vec<_>>()
        })
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .filter(|r| !r.first().is_some_and(|c| c.starts_with('#')));
    // The first row left is the header.
    rows.count() > 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::TempDir::new().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn a_folder_carries_its_files_under_either_name() {
        let dir = folder(&[
            (
                "history.csv",
                "teacher,from_school,to_school,start_year\nT1,A,B,2019\n",
            ),
            ("意愿.csv", "teacher,rank,school\nT1,1,B\n"),
        ]);
        let files = TeacherFiles::of_instance(dir.path());
        assert_eq!(files.history, Some(dir.path().join("history.csv")));
        assert_eq!(files.wishes, Some(dir.path().join("意愿.csv")));
        assert_eq!(files.teams, None);
    }

    #[test]
    fn a_folder_carries_its_joint_appointments_under_either_name() {
        let dir = folder(&[("联聘.csv", "教师编号,联聘学校\nT1,B\n")]);
        let files = TeacherFiles::of_instance(dir.path());
        assert_eq!(files.joint, Some(dir.path().join("联聘.csv")));
        let dir = folder(&[("joint.csv", "teacher,school\n# T1,B\n")]);
        assert!(TeacherFiles::of_instance(dir.path()).is_empty());
    }

    #[test]
    fn the_joint_flag_replaces_the_instance_joint_file() {
        let dir = folder(&[("joint.csv", "teacher,school\nT1,B\n")]);
        let flags = TeacherFiles::flags(None, None, None, Some(Path::new("other.csv")));
        let (files, overridden) = TeacherFiles::resolve(dir.path(), &flags);
        assert_eq!(files.joint, Some(PathBuf::from("other.csv")));
        assert_eq!(overridden.len(), 1);
        assert_eq!(overridden[0].flag, "--joint");
        assert!(overridden[0].instead.ends_with("joint.csv"));
    }

    #[test]
    fn a_table_without_rows_is_as_if_absent() {
        let dir = folder(&[
            ("history.csv", "teacher,from_school,to_school,start_year\n"),
            ("teams.csv", "team,teacher\n# maths,T001\n"),
        ]);
        assert!(TeacherFiles::of_instance(dir.path()).is_empty());
    }

    #[test]
    fn a_flag_replaces_the_instance_file_and_is_reported() {
        let dir = folder(&[("wishes.csv", "teacher,rank,school\nT1,1,B\n")]);
        let flags = TeacherFiles::flags(None, Some(Path::new("mine.csv")), None, None);
        let (files, overridden) = TeacherFiles::resolve(dir.path(), &flags);
        assert_eq!(files.wishes, Some(PathBuf::from("mine.csv")));
        assert_eq!(overridden.len(), 1);
        assert_eq!(overridden[0].flag, "--wishes");
        assert!(overridden[0].instead.ends_with("wishes.csv"));
    }
}
