//! Locked decisions (`--pins pins.csv`): rows `teacher, action, school` where the
//! action is `stay` (must not move), `move` (must move, to any allowed school) or
//! `move_to` (must move to that school). Pins are hard rules. A pin may move a teacher
//! who is not eligible (the bureau has decided): that move is reported as such, and
//! `verify` excuses it when given the pins.

use crate::input::vocabulary::PINS;
use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::input_message::InputMessage;
use crate::model::pins::{Pin, PinAction, Pins};
use std::collections::BTreeMap;
use std::path::Path;

fn parse_action(v: &str) -> Option<&'static str> {
    match v.to_ascii_lowercase().replace('-', "_").as_str() {
        "stay" | "留任" | "不交流" | "锁定留任" => Some("stay"),
        "move" | "交流" | "必须交流" => Some("move"),
        "move_to" | "调往" | "交流到" | "指定学校" => Some("move_to"),
        _ => None,
    }
}
impl Pins {
    /// Reads a pins file (CSV, or a workbook's `pins`/`锁定` sheet). Unknown teachers
    /// or schools, unknown actions and contradictory pins are errors with line and
    /// column.
    pub fn read(path: &Path, county: &County) -> Result<Pins> {
        let mut diags = Diagnostics::default();
        let Some(table) = crate::input::workbook::read_table(path, &PINS, &mut diags) else {
            return Err(RotationError::Invalid(diags));
        };
        if !table.check_header(
            &["teacher", "action", "school"],
            &["teacher", "action"],
            &mut diags,
        ) {
            return Err(RotationError::Invalid(diags));
        }
        let col = |n: &str| table.column(n);
        let (ct, ca, cs) = (
            col("teacher").expect("checked"),
            col("action").expect("checked"),
            col("school"),
        );
        let at = |i: usize| Some((i + 1, table.label(i)));
        let mut pins: Vec<Pin> = Vec::new();
        let mut by_teacher: BTreeMap<usize, usize> = BTreeMap::new();
        for (line, fields) in &table.rows {
            let tid = &fields[ct];
            let teacher = county.teachers.iter().position(|t| &t.id.0 == tid);
            if teacher.is_none() {
                diags.error(
                    &table.file,
                    Some(*line),
                    at(ct),
                    InputMessage::UnknownTeacher {
                        id: tid.clone(),
                        csv: false,
                    },
                );
            }
            let action = parse_action(&fields[ca]);
            if action.is_none() {
                diags.error(
                    &table.file,
                    Some(*line),
                    at(ca),
                    InputMessage::BadPinAction {
                        raw: fields[ca].clone(),
                    },
                );
            }
            let sid = cs.map(|c| fields[c].as_str()).unwrap_or("");
            let school = if sid.is_empty() {
                None
            } else {
                let s = county.school_index(sid);
                if s.is_none() {
                    diags.error(
                        &table.file,
                        Some(*line),
                        cs.and_then(at),
                        InputMessage::UnknownSchoolOfTable { id: sid.into() },
                    );
                }
                s
            };
            let action = match (action, school) {
                (Some("stay"), _) => Some(PinAction::Stay),
                (Some("move"), _) => Some(PinAction::Move),
                (Some(_), Some(s)) => Some(PinAction::MoveTo(s)),
                (Some(_), None) => {
                    if sid.is_empty() {
                        diags.error(
                            &table.file,
                            Some(*line),
                            cs.and_then(at).or(at(ca)),
                            InputMessage::MoveToNeedsSchool,
                        );
                    }
                    None
                }
                (None, _) => None,
            };
            let (Some(teacher), Some(action)) = (teacher, action) else {
                continue;
            };
            if action == PinAction::MoveTo(county.teachers[teacher].school) {
                diags.error(
                    &table.file,
                    Some(*line),
                    cs.and_then(at),
                    InputMessage::AlreadyAtSchool {
                        teacher: tid.clone(),
                        school: sid.into(),
                    },
                );
                continue;
            }
            if let Some(&i) = by_teacher.get(&teacher) {
                let first = &pins[i];
                if first.action == action {
                    diags.warning(
                        &table.file,
                        Some(*line),
                        at(ct),
                        InputMessage::SamePinTwice { first: first.line },
                    );
                } else {
                    diags.error(&table.file, Some(*line), at(ca), {
                        let this = Pin {
                            teacher,
                            action,
                            line: *line,
                        };
                        InputMessage::ContradictoryPins {
                            teacher: tid.clone(),
                            first: [first.describe(county), first.describe_zh(county)],
                            first_line: first.line,
                            this: [this.describe(county), this.describe_zh(county)],
                        }
                    });
                }
                continue;
            }
            by_teacher.insert(teacher, pins.len());
            pins.push(Pin {
                teacher,
                action,
                line: *line,
            });
        }
        if diags.has_errors() {
            return Err(RotationError::Invalid(diags));
        }
        Ok(Pins {
            file: table.file.clone(),
            pins,
        })
    }
}
