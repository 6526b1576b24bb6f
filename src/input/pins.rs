//! Locked decisions (`--pins pins.csv`): rows `teacher, action, school` where the
//! action is `stay` (must not move), `move` (must move, to any allowed school) or
//! `move_to` (must move to that school). Pins are hard rules. A pin may move a teacher
//! who is not eligible (the bureau has decided): that move is reported as such, and
//! `verify` excuses it when given the pins.

use crate::input::vocabulary::PINS;
use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::moves::Move;
use crate::model::policy::Policy;
use crate::rules::candidates::{move_allowed, move_cost, Candidate, Candidates};
use crate::rules::eligibility::Eligibility;
use crate::rules::verify::{Rule, Violation};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PinAction {
    Stay,
    Move,
    /// Must move to this school (index into `County::schools`).
    MoveTo(usize),
}

#[derive(Debug, Clone, Serialize)]
pub struct Pin {
    /// Index into `County::teachers`.
    pub teacher: usize,
    pub action: PinAction,
    /// Line (or sheet row) of the pin in its file.
    pub line: usize,
}

/// The pins of a round, checked against the county.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pins {
    pub file: String,
    pub pins: Vec<Pin>,
}

fn parse_action(v: &str) -> Option<&'static str> {
    match v.to_ascii_lowercase().replace('-', "_").as_str() {
        "stay" | "留任" | "不交流" | "锁定留任" => Some("stay"),
        "move" | "交流" | "必须交流" => Some("move"),
        "move_to" | "调往" | "交流到" | "指定学校" => Some("move_to"),
        _ => None,
    }
}

impl Pin {
    /// The pin in words: `T01 move_to R2`.
    pub fn describe(&self, county: &County) -> String {
        let t = &county.teachers[self.teacher].id;
        match self.action {
            PinAction::Stay => format!("{t} stay"),
            PinAction::Move => format!("{t} move"),
            PinAction::MoveTo(s) => format!("{t} move_to {}", county.schools[s].id),
        }
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
                    format!("unknown teacher `{tid}`; expected an id from the teachers table"),
                );
            }
            let action = parse_action(&fields[ca]);
            if action.is_none() {
                diags.error(
                    &table.file,
                    Some(*line),
                    at(ca),
                    format!(
                        "`{}` is not valid; expected `stay`, `move` or `move_to` (留任/交流/调往)",
                        fields[ca]
                    ),
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
                        format!("unknown school `{sid}`; expected an id from the schools table"),
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
                            "`move_to` needs a school",
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
                    format!("teacher {tid} already works at {sid}; use `stay` to keep them there"),
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
                        format!("the same pin is on line {}; kept once", first.line),
                    );
                } else {
                    diags.error(
                        &table.file,
                        Some(*line),
                        at(ca),
                        format!(
                            "contradictory pins for teacher {tid}: `{}` on line {} and `{}` here; keep one",
                            first.describe(county),
                            first.line,
                            Pin { teacher, action, line: *line }.describe(county)
                        ),
                    );
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

    /// Teachers a pin moves although they are not eligible.
    pub fn excused(&self, eligibility: &[Eligibility]) -> Vec<usize> {
        self.pins
            .iter()
            .filter(|p| p.action != PinAction::Stay && !eligibility[p.teacher].is_eligible())
            .map(|p| p.teacher)
            .collect()
    }

    pub fn of_teacher(&self, t: usize) -> Option<&Pin> {
        self.pins.iter().find(|p| p.teacher == t)
    }
}

/// Applies pins to the candidate moves: `stay` removes a teacher's moves, `move` keeps
/// them (adding them for an ineligible teacher) and requires one, `move_to` keeps only
/// that school. A `move`/`move_to` pin no allowed move can satisfy is an error naming
/// the pin and the rule.
pub fn apply(county: &County, policy: &Policy, pins: &Pins, cands: &mut Candidates) -> Result<()> {
    let mut diags = Diagnostics::default();
    for pin in &pins.pins {
        let t = pin.teacher;
        let teacher = &county.teachers[t];
        cands.moves.retain(|c| c.teacher != t);
        cands.stranded.retain(|&s| s != t);
        let schools: Vec<usize> = match pin.action {
            PinAction::Stay => continue,
            PinAction::Move => (0..county.schools.len()).collect(),
            PinAction::MoveTo(s) => vec![s],
        };
        let mut refusals = Vec::new();
        for s in schools {
            match move_allowed(county, policy, t, s) {
                Ok(km) => cands.moves.push(Candidate {
                    teacher: t,
                    school: s,
                    km,
                    cross_group: county.group_of[teacher.school] != county.group_of[s],
                    cost: move_cost(county, policy, t, s, km),
                }),
                Err(r) if s != teacher.school => refusals.push(r.describe()),
                Err(_) => {}
            }
        }
        if !cands.moves.iter().any(|c| c.teacher == t) {
            let why = match pin.action {
                PinAction::MoveTo(_) => refusals.join("; "),
                _ => "no school passes the move rules (level, direction, partnership, commute cap)"
                    .into(),
            };
            diags.error(
                &pins.file,
                Some(pin.line),
                None,
                format!("pin `{}` breaks a move rule: {why}", pin.describe(county)),
            );
        }
        cands.must_move.push(t);
    }
    if diags.has_errors() {
        return Err(RotationError::Invalid(diags));
    }
    cands.moves.sort_by_key(|c| (c.teacher, c.school));
    cands.must_move.sort_unstable();
    Ok(())
}

/// Checks that a plan honours every pin.
pub fn check(county: &County, pins: &Pins, moves: &[Move]) -> Vec<Violation> {
    let mut out = Vec::new();
    for pin in &pins.pins {
        let m = moves.iter().find(|m| m.teacher == pin.teacher);
        let ok = match (pin.action, m) {
            (PinAction::Stay, None) => true,
            (PinAction::Move, Some(_)) => true,
            (PinAction::MoveTo(s), Some(m)) => m.to == s,
            _ => false,
        };
        if !ok {
            out.push(Violation {
                rule: Rule::Pin,
                message: format!(
                    "pin `{}` ({} line {}) does not hold",
                    pin.describe(county),
                    pins.file,
                    pin.line
                ),
            });
        }
    }
    out
}
