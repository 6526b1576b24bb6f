//! Reading a previous plan (`--previous plan.csv` or the plan workbook) for a re-plan.

use crate::input::vocabulary::PLAN;
use crate::model::cell::unquote;
use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::input_message::InputMessage;
use crate::model::previous::Previous;
use std::collections::BTreeMap;
use std::path::Path;

impl Previous {
    /// Reads a previous plan (`plan.csv`, or the plan workbook). Teachers or schools
    /// no longer in the county are dropped with a warning in `warnings`; other problems
    /// are errors.
    pub fn read(path: &Path, county: &County, warnings: &mut Diagnostics) -> Result<Previous> {
        let mut diags = Diagnostics::default();
        let Some(table) = crate::input::workbook::read_table(path, &PLAN, &mut diags) else {
            return Err(RotationError::Invalid(diags));
        };
        let known: Vec<&str> = PLAN.columns.iter().map(|c| c.name).collect();
        if !table.check_header(&known, &["teacher", "to_school"], &mut diags) {
            return Err(RotationError::Invalid(diags));
        }
        let ct = table.column("teacher").expect("checked");
        let cs = table.column("to_school").expect("checked");
        let mut out = Previous {
            file: table.file.clone(),
            ..Previous::default()
        };
        let mut seen: BTreeMap<usize, usize> = BTreeMap::new();
        for (line, fields) in &table.rows {
            let (tid, sid) = (&fields[ct], &fields[cs]);
            // Ids neutralised for spreadsheets (`'=...`, `model::cell`) are read back.
            let teacher = county
                .teachers
                .iter()
                .position(|t| &t.id.0 == tid)
                .or_else(|| {
                    let tid = unquote(tid)?;
                    county.teachers.iter().position(|t| t.id.0 == tid)
                });
            let school = county
                .school_index(sid)
                .or_else(|| county.school_index(unquote(sid)?));
            match (teacher, school) {
                (None, _) => {
                    warnings.warning(
                        &table.file,
                        Some(*line),
                        Some((ct + 1, table.label(ct))),
                        InputMessage::PreviousTeacherGone {
                            teacher: tid.to_string(),
                            school: sid.to_string(),
                        },
                    );
                    out.gone
                        .push(format!("{tid} → {sid}: teacher no longer in the county"));
                }
                (Some(_), None) => {
                    warnings.warning(
                        &table.file,
                        Some(*line),
                        Some((cs + 1, table.label(cs))),
                        InputMessage::PreviousSchoolGone {
                            teacher: tid.to_string(),
                            school: sid.to_string(),
                        },
                    );
                    out.gone
                        .push(format!("{tid} → {sid}: school no longer in the county"));
                }
                (Some(t), Some(s)) => {
                    if let Some(first) = seen.insert(t, *line) {
                        diags.error(
                            &table.file,
                            Some(*line),
                            Some((ct + 1, table.label(ct))),
                            InputMessage::MovesTwice {
                                teacher: tid.to_string(),
                                first,
                            },
                        );
                    } else {
                        out.moves.push((t, s));
                    }
                }
            }
        }
        if diags.has_errors() {
            return Err(RotationError::Invalid(diags));
        }
        Ok(out)
    }
}
