//! The exchange history (`--history history.csv`, or sheet 交流记录 of a workbook):
//! rows `teacher, from_school, to_school, start_year, end_year`, one per exchange term,
//! with an empty `end_year` while the teacher is still on exchange. Every problem is
//! reported with its line and column; nothing is planned from a history with errors.

use crate::input::table::Row;
use crate::input::vocabulary::HISTORY;
use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::history::{History, Stint};
use crate::model::input_message::{Expected, InputMessage};
use crate::model::record_message::RecordMessage;
use std::collections::BTreeMap;
use std::path::Path;

/// The earliest and latest years a history row may name.
const YEARS: std::ops::RangeInclusive<i32> = 1950..=2100;

impl History {
    /// Reads a history file (CSV, or a workbook's `history`/`交流记录` sheet) and checks
    /// it against the county: known teachers and schools, two different schools, years
    /// in order, at most one open term per teacher, no two terms of a teacher
    /// overlapping, and an open term at the school `teachers.csv` has the teacher at.
    pub fn read(path: &Path, county: &County) -> Result<History> {
        let mut diags = Diagnostics::default();
        let Some(table) = crate::input::workbook::read_table(path, &HISTORY, &mut diags) else {
            return Err(RotationError::Invalid(diags));
        };
        let known = [
            "teacher",
            "from_school",
            "to_school",
            "start_year",
            "end_year",
        ];
        let required = ["teacher", "from_school", "to_school", "start_year"];
        if !table.check_header(&known, &required, &mut diags) {
            return Err(RotationError::Invalid(diags));
        }
        let mut stints = Vec::new();
        for (line, fields) in &table.rows {
            let mut row = Row {
                table: &table,
                line: *line,
                fields,
                ok: true,
            };
            if let Some(stint) = read_row(&mut row, county, &mut diags) {
                stints.push(stint);
            }
        }
        check_sequences(&stints, county, &table.file, &mut diags);
        if diags.has_errors() {
            return Err(RotationError::Invalid(diags));
        }
        Ok(History {
            file: table.file.clone(),
            stints,
        })
    }
}

/// One row: every field checked, each problem reported once.
fn read_row(row: &mut Row, county: &County, diags: &mut Diagnostics) -> Option<Stint> {
    let tid = row.text(diags, "teacher");
    let teacher = county.teachers.iter().position(|t| t.id.0 == tid);
    if teacher.is_none() && !tid.is_empty() {
        row.fail(
            diags,
            "teacher",
            InputMessage::UnknownTeacher {
                id: tid.clone(),
                csv: false,
            },
        );
    }
    let mut school = |row: &mut Row, col: &str| {
        let sid = row.text(diags, col);
        let s = county.school_index(&sid);
        if s.is_none() && !sid.is_empty() {
            row.fail(
                diags,
                col,
                InputMessage::UnknownSchoolOfTable { id: sid.clone() },
            );
        }
        s
    };
    let from = school(row, "from_school");
    let to = school(row, "to_school");
    let year = |v: &str| v.parse::<i32>().ok().filter(|y| YEARS.contains(y));
    let expected = |or_empty| Expected::Year {
        lo: *YEARS.start(),
        hi: *YEARS.end(),
        or_empty,
    };
    let start_year = row.parse(diags, "start_year", expected(false), year);
    let end_year = match row.raw("end_year").unwrap_or("") {
        "" => Some(None),
        _ => row.parse(diags, "end_year", expected(true), year).map(Some),
    };
    if let (Some(f), Some(t)) = (from, to) {
        if f == t {
            row.fail(
                diags,
                "to_school",
                InputMessage::Record(RecordMessage::ExchangeSchoolIsHome {
                    school: county.schools[t].id.to_string(),
                }),
            );
        }
    }
    if let (Some(start), Some(Some(end))) = (start_year, end_year) {
        if end < start {
            row.fail(
                diags,
                "end_year",
                InputMessage::Record(RecordMessage::TermEndsBeforeStart { start, end }),
            );
        }
    }
    if !row.ok {
        return None;
    }
    Some(Stint {
        teacher: teacher?,
        from: from?,
        to: to?,
        start_year: start_year?,
        end_year: end_year?,
        line: row.line,
    })
}

/// Checks across rows: one open term per teacher, at the teacher's current school, and
/// no two terms of a teacher overlapping.
fn check_sequences(stints: &[Stint], county: &County, file: &str, diags: &mut Diagnostics) {
    let mut by_teacher: BTreeMap<usize, Vec<&Stint>> = BTreeMap::new();
    for s in stints {
        by_teacher.entry(s.teacher).or_default().push(s);
    }
    for (t, mut own) in by_teacher {
        let teacher = &county.teachers[t];
        own.sort_by_key(|s| (s.start_year, s.line));
        for pair in own.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let overlaps = match a.end_year {
                None => true,
                Some(end) => end > b.start_year,
            };
            if overlaps {
                diags.error(
                    file,
                    Some(b.line),
                    None,
                    InputMessage::Record(RecordMessage::TermsOverlap {
                        teacher: teacher.id.to_string(),
                        start: b.start_year,
                        other_line: a.line,
                        other_start: a.start_year,
                        other_end: a.end_year,
                    }),
                );
            }
        }
        if let Some(open) = own.iter().find(|s| s.end_year.is_none()) {
            if open.to != teacher.school {
                diags.error(
                    file,
                    Some(open.line),
                    None,
                    InputMessage::Record(RecordMessage::OpenTermElsewhere {
                        teacher: teacher.id.to_string(),
                        at: county.schools[open.to].id.to_string(),
                        table_school: county.schools[teacher.school].id.to_string(),
                    }),
                );
            }
        }
    }
}
