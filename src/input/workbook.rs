//! Reading an instance from one Excel workbook (`.xlsx`, also `.xls`/`.ods`): sheets
//! `schools`, `teachers` and optional `partnerships`/`roads` (or 学校, 教师, 共同体,
//! 道路), with English or Chinese headers and values. Each sheet becomes a
//! [`Table`] and goes through the same parsing as the CSV files, so every check and
//! message is shared; messages name the sheet as `book.xlsx[教师]` and the Excel row.

use crate::input::county_tables::{county_from_tables, CountyTables, Loaded};
use crate::input::table::Table;
use crate::input::vocabulary::{self, TableKind};
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::input_message::InputMessage;
use calamine::{open_workbook_auto, Data, Reader};
use std::path::Path;

/// Whether `path` names a workbook file rather than an instance folder.
pub fn is_workbook(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") && !path.is_dir()
}

/// The text of a cell as the CSV reader would see it: whole numbers without `.0`,
/// booleans as `true`/`false`, text trimmed.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        // A date as the officer sees it (`1982-03-01`), not Excel's serial number: a
        // message about the cell quotes what was typed.
        // A serial before 1910 is a number typed into a cell formatted as a date (8
        // years, 1982 as a year): read as the number.
        Data::DateTime(d) if d.is_datetime() && d.as_f64() >= 3654.0 => {
            let (y, m, day, h, min, sec, _) = d.to_ymd_hms_milli();
            if (h, min, sec) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{sec:02}")
            }
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An opened workbook: its sheets as tables, by sheet name.
pub struct Sheets {
    /// The workbook's file name, as messages name it.
    pub file: String,
    /// Every sheet that could be read, as `(sheet name, table)` in workbook order.
    pub sheets: Vec<(String, Table)>,
}

impl Sheets {
    /// Opens a workbook; an unreadable file is an error in `diags`.
    pub fn open(path: &Path, diags: &mut Diagnostics) -> Option<Sheets> {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        if !path.exists() {
            diags.error(
                &file,
                None,
                None,
                InputMessage::WorkbookNotFound {
                    path: path.display().to_string(),
                },
            );
            return None;
        }
        let mut book = match open_workbook_auto(path) {
            Ok(b) => b,
            Err(e) => {
                diags.error(
                    &file,
                    None,
                    None,
                    InputMessage::CannotOpenWorkbook {
                        error: e.to_string(),
                    },
                );
                return None;
            }
        };
        let mut sheets = Vec::new();
        for name in book.sheet_names() {
            match book.worksheet_range(&name) {
                Ok(range) => {
                    let label = format!("{file}[{name}]");
                    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
                    let rows: Vec<(usize, Vec<String>)> = range
                        .rows()
                        .enumerate()
                        .map(|(i, r)| (first_row + i + 1, r.iter().map(cell_text).collect()))
                        .collect();
                    sheets.push((name.clone(), sheet_table(label, rows)));
                }
                Err(e) => diags.error(
                    &format!("{file}[{name}]"),
                    None,
                    None,
                    InputMessage::CannotReadSheet {
                        error: e.to_string(),
                    },
                ),
            }
        }
        Some(Sheets { file, sheets })
    }

    /// Takes the sheet of `kind` (English or Chinese name); when `required` and
    /// missing, the error lists the sheets found.
    pub fn take(
        &mut self,
        kind: &TableKind,
        required: bool,
        diags: &mut Diagnostics,
    ) -> Option<Table> {
        match self.sheets.iter().position(|(n, _)| kind.is_sheet(n)) {
            Some(i) => Some(self.sheets.remove(i).1),
            None => {
                if required {
                    let names: Vec<&str> = self.sheets.iter().map(|(n, _)| n.as_str()).collect();
                    diags.error(
                        &self.file,
                        None,
                        None,
                        InputMessage::MissingSheet {
                            sheet: kind.sheet.to_string(),
                            sheet_zh: kind.sheet_zh.to_string(),
                            found: names.iter().map(|n| n.to_string()).collect(),
                        },
                    );
                }
                None
            }
        }
    }
}

/// A sheet's rows as a table: the first non-empty row is the header (until
/// [`Table::canonicalize`] finds a title above it); empty rows and rows whose first
/// cell starts with `#` (comments, as in the templates) are skipped.
fn sheet_table(file: String, rows: Vec<(usize, Vec<String>)>) -> Table {
    let rows = rows
        .into_iter()
        .filter(|(_, r)| r.iter().any(|c| !c.is_empty()))
        .filter(|(_, r)| !r.first().is_some_and(|c| c.starts_with('#')))
        .collect();
    Table::from_rows(file, rows, false)
}

/// Reads and validates an instance workbook. On any error, returns all diagnostics.
pub fn read_workbook(path: &Path) -> Result<Loaded> {
    let mut diags = Diagnostics::default();
    let Some(mut book) = Sheets::open(path, &mut diags) else {
        return Err(RotationError::Invalid(diags));
    };
    let mut tables = CountyTables {
        schools: book.take(&vocabulary::SCHOOLS, true, &mut diags),
        teachers: book.take(&vocabulary::TEACHERS, true, &mut diags),
        partnerships: book.take(&vocabulary::PARTNERSHIPS, false, &mut diags),
        roads: book.take(&vocabulary::ROADS, false, &mut diags),
        distances: book.take(&vocabulary::DISTANCES, false, &mut diags),
    };
    for t in [&mut tables.schools, &mut tables.teachers]
        .into_iter()
        .flatten()
    {
        if t.headers.is_empty() {
            diags.error(&t.file, Some(1), None, InputMessage::EmptySheet);
        }
    }
    if diags.has_errors() {
        return Err(RotationError::Invalid(diags));
    }
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

/// Reads one table from a CSV file or from a workbook (the sheet of `kind`, else the
/// first sheet), with its headers made canonical for `kind`.
pub fn read_table(path: &Path, kind: &TableKind, diags: &mut Diagnostics) -> Option<Table> {
    let mut table = if is_workbook(path) {
        let mut book = Sheets::open(path, diags)?;
        match book.take(kind, false, diags) {
            Some(t) => t,
            None if !book.sheets.is_empty() => book.sheets.remove(0).1,
            None => {
                diags.error(&book.file, None, None, InputMessage::NoSheet);
                return None;
            }
        }
    } else {
        let file = path.display().to_string();
        Table::read(path, &file, true, diags)?
    };
    table.canonicalize(*kind, diags);
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::cell_text;
    use calamine::{Data, ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn a_date_reads_as_the_date_and_a_number_in_a_date_cell_as_the_number() {
        let cell = |serial: f64| {
            Data::DateTime(ExcelDateTime::new(
                serial,
                ExcelDateTimeType::DateTime,
                false,
            ))
        };
        assert_eq!(cell_text(&cell(30011.0)), "1982-03-01");
        assert_eq!(cell_text(&cell(30011.5)), "1982-03-01 12:00:00");
        // 8 years, 1982 as a year, typed into cells formatted as dates.
        assert_eq!(cell_text(&cell(8.0)), "8");
        assert_eq!(cell_text(&cell(1982.0)), "1982");
    }
}
