//! Reading a plan back: `plan.csv` as `rotation plan` writes it (or hand-edited), or
//! the plan workbook's move sheet, checked against the county.

use crate::input::table::Row;
use crate::model::cell::unquote;
use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::moves::Move;
use std::collections::HashMap;
use std::path::Path;

/// Reads a plan file (`plan.csv` as `rotation plan` writes it, or hand-edited, or the
/// plan workbook's `交流名单` sheet): the columns `teacher` and `to_school` are
/// required; `from_school`, when present, must agree with the county.
pub fn read_plan(path: &Path, county: &County) -> Result<Vec<Move>> {
    let mut diags = Diagnostics::default();
    let Some(table) =
        crate::input::workbook::read_table(path, &crate::input::vocabulary::PLAN, &mut diags)
    else {
        return Err(RotationError::Invalid(diags));
    };
    let known: Vec<&str> = crate::input::vocabulary::PLAN
        .columns
        .iter()
        .map(|c| c.name)
        .collect();
    if !table.check_header(&known, &["teacher", "to_school"], &mut diags) {
        return Err(RotationError::Invalid(diags));
    }
    let teachers: HashMap<&str, usize> = county
        .teachers
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.0.as_str(), i))
        .collect();
    let schools: HashMap<&str, usize> = county
        .schools
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.0.as_str(), i))
        .collect();
    let mut moves = Vec::new();
    for (line, fields) in &table.rows {
        let mut row = Row {
            table: &table,
            line: *line,
            fields,
            ok: true,
        };
        let tid = row.text(&mut diags, "teacher");
        // An id a spreadsheet would take for a formula is written as `'=...`
        // (`model::cell`); read back, it names the id without the apostrophe.
        let lookup = |map: &HashMap<&str, usize>, id: &str| {
            map.get(id)
                .or_else(|| unquote(id).and_then(|id| map.get(id)))
                .copied()
        };
        let teacher = lookup(&teachers, &tid);
        if teacher.is_none() && !tid.is_empty() {
            row.fail(
                &mut diags,
                "teacher",
                format!("unknown teacher `{tid}`; expected an id from teachers.csv"),
            );
        }
        let sid = row.text(&mut diags, "to_school");
        let to = lookup(&schools, &sid);
        if to.is_none() && !sid.is_empty() {
            row.fail(
                &mut diags,
                "to_school",
                format!("unknown school `{sid}`; expected an id from schools.csv"),
            );
        }
        if let (Some(t), Some(from)) = (teacher, row.optional_text("from_school")) {
            let actual = &county.schools[county.teachers[t].school].id.0;
            if &from != actual && unquote(&from) != Some(actual.as_str()) {
                row.fail(
                    &mut diags,
                    "from_school",
                    format!("teacher `{tid}` is at `{actual}` in teachers.csv, not `{from}`"),
                );
            }
        }
        if let (true, Some(teacher), Some(to)) = (row.ok, teacher, to) {
            moves.push(Move {
                teacher,
                to,
                km: county.commute(teacher, to),
            });
        }
    }
    if diags.has_errors() {
        Err(RotationError::Invalid(diags))
    } else {
        Ok(moves)
    }
}
