//! Joint appointments (`--joint joint.csv`, or sheet 联聘 of a workbook): rows
//! `teacher, school`, one appointment a row. The teacher stays at their own school this
//! year and also serves `school` (联聘), half a post in each. Every problem is reported
//! with its line and column, one message per cause: an unknown teacher or school, the
//! teacher's own school, a teacher named twice, a member of an exchange team (who may
//! move with it), a teacher still on exchange or returning this year by the history.
//! Read after the history and the teams, so the county holds both.

use crate::input::table::Row;
use crate::input::vocabulary::JOINT;
use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::history::Standing;
use crate::model::input_message::InputMessage;
use crate::model::joint::{JointAppointment, JointAppointments};
use std::path::Path;

impl JointAppointments {
    /// Reads a joint file (CSV, or a workbook's `joint`/`联聘` sheet) and checks it
    /// against the round's county (its history standings and exchange teams set).
    pub fn read(path: &Path, county: &County) -> Result<JointAppointments> {
        let mut diags = Diagnostics::default();
        let Some(table) = crate::input::workbook::read_table(path, &JOINT, &mut diags) else {
            return Err(RotationError::Invalid(diags));
        };
        if !table.check_header(&["teacher", "school"], &["teacher", "school"], &mut diags) {
            return Err(RotationError::Invalid(diags));
        }
        let mut joint = JointAppointments {
            file: table.file.clone(),
            list: Vec::new(),
        };
        for (line, fields) in &table.rows {
            let mut row = Row {
                table: &table,
                line: *line,
                fields,
                ok: true,
            };
            let (tid, teacher) = row.teacher(&mut diags, "teacher", &county.teachers);
            let sid = row.text(&mut diags, "school");
            let school = county.schools.iter().position(|s| s.id.0 == sid);
            if school.is_none() && !sid.is_empty() {
                row.fail(
                    &mut diags,
                    "school",
                    InputMessage::UnknownSchoolOfTable { id: sid.clone() },
                );
            }
            let (Some(t), Some(s), true) = (teacher, school, row.ok) else {
                continue;
            };
            if let Some(first) = joint.list.iter().find(|j| j.teacher == t) {
                row.fail(
                    &mut diags,
                    "teacher",
                    InputMessage::JointTwice {
                        teacher: tid,
                        first: first.line,
                    },
                );
                continue;
            }
            if let Some(problem) = refusal(county, t, s, &tid, &sid) {
                let column = if matches!(problem, InputMessage::JointAtOwnSchool { .. }) {
                    "school"
                } else {
                    "teacher"
                };
                row.fail(&mut diags, column, problem);
                continue;
            }
            joint.list.push(JointAppointment {
                teacher: t,
                school: s,
                line: *line,
            });
        }
        if diags.has_errors() {
            return Err(RotationError::Invalid(diags));
        }
        Ok(joint)
    }
}

/// Why teacher `t` cannot hold a joint appointment at school `s`, if they cannot: one
/// cause, the first of: the own school, an exchange team, the history.
fn refusal(county: &County, t: usize, s: usize, tid: &str, sid: &str) -> Option<InputMessage> {
    if county.teachers[t].school == s {
        return Some(InputMessage::JointAtOwnSchool {
            teacher: tid.into(),
            school: sid.into(),
        });
    }
    if let Some(team) = county
        .exchange_teams
        .of_teacher(t)
        .filter(|team| team.members.len() > 1)
    {
        return Some(InputMessage::JointTeacherInTeam {
            teacher: tid.into(),
            team: team.name.clone(),
        });
    }
    match county.history.standing_of(t) {
        Some(Standing::OnExchange { since }) => Some(InputMessage::JointTeacherOnExchange {
            teacher: tid.into(),
            since,
        }),
        Some(Standing::Returning { since }) => Some(InputMessage::JointTeacherReturning {
            teacher: tid.into(),
            since,
        }),
        Some(Standing::RotatedRecently { .. }) | None => None,
    }
}
