//! Reading a plan back: `plan.csv` as `rotation plan` writes it (or hand-edited), or
//! the plan workbook's move sheet, checked against the county.

use crate::input::table::Row;
use crate::input::values::{parse_backbone, parse_zone};
use crate::input::vocabulary::subject_zh;
use crate::model::cell::unquote;
use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::input_message::InputMessage;
use crate::model::moves::Move;
use crate::model::record_message::{Mismatch, RecordMessage};
use std::collections::HashMap;
use std::path::Path;

/// Reads a plan file (`plan.csv` as `rotation plan` writes it, or hand-edited, or the
/// plan workbook's `交流名单` sheet): the columns `teacher` and `to_school` are
/// required; `from_school`, when present, must agree with the county.
pub fn read_plan(path: &Path, county: &County) -> Result<Vec<Move>> {
    read_plan_checked(path, county, &mut Diagnostics::default())
}

/// [`read_plan`], and the descriptive columns it does not need (`name`, `subject`,
/// `backbone`, school names and zones, the commute) compared with the county: each
/// mismatch is a warning in `warnings`, naming the line and column, as a sign that the
/// plan was made for other data.
pub fn read_plan_checked(
    path: &Path,
    county: &County,
    warnings: &mut Diagnostics,
) -> Result<Vec<Move>> {
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
                InputMessage::UnknownTeacher {
                    id: tid.clone(),
                    csv: true,
                },
            );
        }
        let sid = row.text(&mut diags, "to_school");
        let to = lookup(&schools, &sid);
        if to.is_none() && !sid.is_empty() {
            row.fail(
                &mut diags,
                "to_school",
                InputMessage::UnknownSchool { id: sid.clone() },
            );
        }
        if let (Some(t), Some(from)) = (teacher, row.optional_text("from_school")) {
            let actual = &county.schools[county.teachers[t].school].id.0;
            if &from != actual && unquote(&from) != Some(actual.as_str()) {
                row.fail(
                    &mut diags,
                    "from_school",
                    InputMessage::WrongFromSchool {
                        teacher: tid.clone(),
                        actual: actual.to_string(),
                        written: from.clone(),
                    },
                );
            }
        }
        if let (Some(t), Some(to)) = (teacher, to) {
            descriptive_mismatches(&row, county, t, to, warnings);
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

/// Warns about each descriptive column of a plan row that disagrees with the county.
fn descriptive_mismatches(
    row: &Row,
    county: &County,
    t: usize,
    to: usize,
    warnings: &mut Diagnostics,
) {
    let teacher = &county.teachers[t];
    let (from_school, to_school) = (&county.schools[teacher.school], &county.schools[to]);
    let mut warn = |name: &str, found: &str, actual: String| {
        let col = row.table.column(name).map(|i| (i + 1, row.table.label(i)));
        warnings.warning(
            &row.table.file,
            Some(row.line),
            col,
            InputMessage::Record(RecordMessage::PlanDoesNotMatch {
                found: found.to_string(),
                county: match name {
                    "to_name" | "to_zone" => Mismatch::School {
                        id: to_school.id.to_string(),
                        actual,
                    },
                    "from_name" | "from_zone" => Mismatch::School {
                        id: from_school.id.to_string(),
                        actual,
                    },
                    "commute_km" | "commute_minutes" => Mismatch::Commute {
                        teacher: teacher.id.to_string(),
                        school: to_school.id.to_string(),
                        actual,
                    },
                    _ => Mismatch::Teacher {
                        id: teacher.id.to_string(),
                        actual,
                    },
                },
            }),
        );
    };
    // A cell a spreadsheet would take for a formula was written as `'=...`
    // (`model::cell`): compared without the apostrophe.
    let cell = |name: &str| {
        row.raw(name)
            .filter(|v| !v.is_empty())
            .map(|v| unquote(v).unwrap_or(v))
    };
    if let Some(v) = cell("name") {
        if v != teacher.name {
            warn("name", v, teacher.name.clone());
        }
    }
    if let Some(v) = cell("subject") {
        if v != teacher.subject && v != subject_zh(&teacher.subject) {
            warn("subject", v, teacher.subject.clone());
        }
    }
    if let Some(v) = cell("backbone") {
        if parse_backbone(v) != Some(teacher.backbone) {
            warn("backbone", v, <&str>::from(teacher.backbone).to_string());
        }
    }
    for (name, school) in [("from_name", from_school), ("to_name", to_school)] {
        if let Some(v) = cell(name) {
            if v != school.name {
                warn(name, v, school.name.clone());
            }
        }
    }
    for (name, school) in [("from_zone", from_school), ("to_zone", to_school)] {
        if let Some(v) = cell(name) {
            if parse_zone(v) != Some(school.zone) {
                warn(name, v, <&str>::from(school.zone).to_string());
            }
        }
    }
    for name in ["commute_km", "commute_minutes"] {
        if let Some(v) = cell(name) {
            let actual = county.commute(t, to);
            // Plans round the commute to one or two decimals.
            let close = v
                .parse::<f64>()
                .is_ok_and(|x| (x - actual).abs() <= 0.051 + 1e-6 * actual.abs());
            if !close {
                let unit = county.commute_unit().symbol();
                warn(name, v, format!("{actual:.2} {unit}"));
            }
        }
    }
}
