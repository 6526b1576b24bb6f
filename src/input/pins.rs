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
            // A pin may name an exchange team (组团交流): it pins every member.
            let team = match teacher {
                Some(_) => None,
                None => county.exchange_teams.by_name(tid),
            };
            if teacher.is_none() && team.is_none() {
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
            let Some(action) = action else {
                continue;
            };
            let members = match (teacher, team) {
                (Some(t), _) => vec![t],
                (None, Some(team)) => team.members.clone(),
                (None, None) => continue,
            };
            for teacher in members {
                let tid = &county.teachers[teacher].id.0;
                // A joint appointment (联聘, `--joint`) keeps the teacher at their school.
                if let (Some(second), true) = (
                    county.joint.second_school(teacher),
                    action != PinAction::Stay,
                ) {
                    diags.error(
                        &table.file,
                        Some(*line),
                        at(ct),
                        InputMessage::PinMovesJointTeacher {
                            teacher: tid.clone(),
                            school: county.schools[second].id.0.clone(),
                        },
                    );
                    continue;
                }
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
        }
        if !diags.has_errors() {
            pins = pins_bind_teams(county, pins, &table, ct, &mut diags);
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

/// A pin on one member of an exchange team binds the whole team (it moves together or
/// not at all): every unpinned member gets the team's pin, on the same line. Pins of
/// members that cannot hold together (one stays and one moves, or two schools) are an
/// error on the later pin's line. `move` and `move_to S` agree: the team goes to S.
fn pins_bind_teams(
    county: &County,
    mut pins: Vec<Pin>,
    table: &crate::input::table::Table,
    teacher_column: usize,
    diags: &mut Diagnostics,
) -> Vec<Pin> {
    let teams = &county.exchange_teams;
    if !teams.any() {
        return pins;
    }
    let mut added = Vec::new();
    for team in teams.teams.iter().filter(|t| t.members.len() > 1) {
        let mut own: Vec<&Pin> = pins
            .iter()
            .filter(|p| team.members.contains(&p.teacher))
            .collect();
        if own.is_empty() {
            continue;
        }
        own.sort_by_key(|p| p.line);
        // The team's pin: the first, sharpened by a later `move_to`.
        let mut rule = own[0].clone();
        for p in &own[1..] {
            let agreed = match (rule.action, p.action) {
                (a, b) if a == b => Some(a),
                (PinAction::Move, PinAction::MoveTo(s)) => Some(PinAction::MoveTo(s)),
                (PinAction::MoveTo(s), PinAction::Move) => Some(PinAction::MoveTo(s)),
                _ => None,
            };
            match agreed {
                Some(a) => {
                    if a != rule.action {
                        rule = (*p).clone();
                    }
                }
                None => {
                    diags.error(
                        &table.file,
                        Some(p.line),
                        Some((teacher_column + 1, table.label(teacher_column))),
                        InputMessage::PinSplitsTeam {
                            team: team.name.clone(),
                            first: [rule.describe(county), rule.describe_zh(county)],
                            first_line: rule.line,
                            this: [p.describe(county), p.describe_zh(county)],
                        },
                    );
                }
            }
        }
        for &m in &team.members {
            if !pins.iter().any(|p| p.teacher == m) {
                added.push(Pin {
                    teacher: m,
                    action: rule.action,
                    line: rule.line,
                });
            }
        }
        // `move` members follow a teammate's `move_to`.
        for p in pins
            .iter_mut()
            .filter(|p| team.members.contains(&p.teacher))
        {
            if p.action == PinAction::Move {
                p.action = rule.action;
            }
        }
    }
    pins.extend(added);
    pins.sort_by_key(|p| p.line);
    pins
}
