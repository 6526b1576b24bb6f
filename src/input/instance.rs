//! Reading an instance: a folder of CSV files (`schools.csv`, `teachers.csv`,
//! optional `partnerships.csv` and `roads.csv`) or one `.xlsx` workbook, into a
//! validated county with every problem collected.

use crate::input::county_tables::{county_from_tables, CountyTables, Loaded};
use crate::input::table::Table;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
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
/// the folder. Outputs are never written onto them.
pub fn instance_files(path: &Path) -> Vec<std::path::PathBuf> {
    if crate::input::workbook::is_workbook(path) {
        return vec![path.to_path_buf()];
    }
    [SCHOOLS_FILE, TEACHERS_FILE, PARTNERSHIPS_FILE, ROADS_FILE]
        .iter()
        .map(|f| path.join(f))
        .collect()
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
            "not a folder; expected an instance folder holding schools.csv and teachers.csv, or an .xlsx workbook",
        );
        return Err(RotationError::Invalid(d));
    }
    let mut diags = Diagnostics::default();
    let schools_table = Table::read(&dir.join(SCHOOLS_FILE), SCHOOLS_FILE, true, &mut diags);
    let teachers_table = Table::read(&dir.join(TEACHERS_FILE), TEACHERS_FILE, true, &mut diags);
    let partnerships_table = Table::read(
        &dir.join(PARTNERSHIPS_FILE),
        PARTNERSHIPS_FILE,
        false,
        &mut diags,
    );
    let roads_table = Table::read(&dir.join(ROADS_FILE), ROADS_FILE, false, &mut diags);
    let tables = CountyTables {
        schools: schools_table,
        teachers: teachers_table,
        partnerships: partnerships_table,
        roads: roads_table,
    };
    let county = county_from_tables(tables, &mut diags);
    match county {
        Some(county) if !diags.has_errors() => Ok(Loaded {
            county,
            warnings: diags,
        }),
        _ => Err(RotationError::Invalid(diags)),
    }
}
