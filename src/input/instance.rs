//! Reading an instance: a folder of CSV files (`schools.csv`, `teachers.csv`,
//! optional `partnerships.csv`, and `roads.csv` or `distances.csv`) or one `.xlsx` workbook, into a
//! validated county with every problem collected.

use crate::input::county_tables::{county_from_tables, CountyTables, Loaded};
use crate::input::table::Table;
use crate::input::vocabulary::TableKind;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::input_message::InputMessage;
use std::path::Path;

/// File name of the schools table in an instance folder (required).
pub const SCHOOLS_FILE: &str = "schools.csv";
/// File name of the teachers table in an instance folder (required).
pub const TEACHERS_FILE: &str = "teachers.csv";
/// File name of the partnership graph's edges in an instance folder (optional).
pub const PARTNERSHIPS_FILE: &str = "partnerships.csv";
/// File name of the road network in an instance folder (optional; commutes become
/// minutes on the roads).
pub const ROADS_FILE: &str = "roads.csv";
/// The files [`read_instance`] reads for `path`: the workbook itself, or the tables of
/// the folder, with the teacher side the folder may carry (`history.csv`, `wishes.csv`,
/// `teams.csv`, under either name). Outputs are never written onto them.
pub fn instance_files(path: &Path) -> Vec<std::path::PathBuf> {
    if crate::input::workbook::is_workbook(path) {
        return vec![path.to_path_buf()];
    }
    let mut files: Vec<std::path::PathBuf> = [
        SCHOOLS_FILE,
        TEACHERS_FILE,
        PARTNERSHIPS_FILE,
        ROADS_FILE,
        crate::input::distances::DISTANCES_FILE,
    ]
    .iter()
    .map(|f| path.join(f))
    .collect();
    files.extend(crate::input::teacher_files::instance_teacher_files(path));
    files
}

/// Reads and validates an instance: a folder of CSV files, or one `.xlsx` workbook.
/// On any error, returns all diagnostics.
pub fn read_instance(dir: &Path) -> Result<Loaded> {
    if crate::input::workbook::is_workbook(dir) {
        return crate::input::workbook::read_workbook(dir);
    }
    if !dir.is_dir() {
        let mut d = Diagnostics::default();
        d.error(
            &dir.display().to_string(),
            None,
            None,
            InputMessage::NotAFolder,
        );
        return Err(RotationError::Invalid(d));
    }
    let mut diags = Diagnostics::default();
    use crate::input::vocabulary as v;
    let tables = CountyTables {
        schools: read_csv(dir, &v::SCHOOLS, true, &mut diags),
        teachers: read_csv(dir, &v::TEACHERS, true, &mut diags),
        partnerships: read_csv(dir, &v::PARTNERSHIPS, false, &mut diags),
        roads: read_csv(dir, &v::ROADS, false, &mut diags),
        distances: read_csv(dir, &v::DISTANCES, false, &mut diags),
    };
    let county = county_from_tables(tables, &mut diags);
    match county {
        Some((county, origin)) if !diags.has_errors() => Ok(Loaded {
            county,
            warnings: diags,
            origin,
        }),
        _ => Err(RotationError::Invalid(diags)),
    }
}

/// Reads the CSV file of `kind` in an instance folder: `schools.csv`, or its Chinese
/// name `学校.csv` (as the sheet names). When both are there, the English one is read
/// and the other named in a warning. A missing required file is an error that says
/// which names are accepted, and points at a workbook in the folder.
fn read_csv(
    dir: &Path,
    kind: &TableKind,
    required: bool,
    diags: &mut Diagnostics,
) -> Option<Table> {
    let english = format!("{}.csv", kind.sheet);
    let chinese = format!("{}.csv", kind.sheet_zh);
    let (has_en, has_zh) = (dir.join(&english).exists(), dir.join(&chinese).exists());
    if has_en && has_zh {
        diags.warning(
            &chinese,
            None,
            None,
            InputMessage::IgnoredTwin {
                english: english.clone(),
            },
        );
    }
    if has_zh && !has_en {
        return Table::read(&dir.join(&chinese), &chinese, required, diags);
    }
    if !has_en && required {
        let books: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| crate::input::workbook::is_workbook(p))
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        let workbook = books
            .first()
            .map(|book| dir.join(book).display().to_string());
        diags.error(
            &english,
            None,
            None,
            InputMessage::InstanceFileNotFound {
                path: dir.join(&english).display().to_string(),
                chinese: chinese.clone(),
                workbook,
            },
        );
        return None;
    }
    Table::read(&dir.join(&english), &english, required, diags)
}
