//! Pins against the rules: applied to the candidate moves before the solve, and
//! checked on the plan after it.

use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::input_message::InputMessage;
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::pins::{PinAction, Pins};
use crate::model::policy::Policy;
use crate::rules::breach::Breach;
use crate::rules::candidates::{move_allowed, move_cost, Candidate, Candidates};
use crate::rules::eligibility::Eligibility;
use crate::rules::verify::Violation;

/// Teachers whose pinned move `verify` excuses: they are not eligible, and the
/// bureau decided they move.
pub fn excused(pins: &Pins, eligibility: &[Eligibility]) -> Vec<usize> {
    pins.pins
        .iter()
        .filter(|p| p.action != PinAction::Stay && !eligibility[p.teacher].is_eligible())
        .map(|p| p.teacher)
        .collect()
}

/// Applies pins to the candidate moves: `stay` removes a teacher's moves, `move` keeps
/// them (adding them for an ineligible teacher) and requires one, `move_to` keeps only
/// that school. A `move`/`move_to` pin no allowed move can satisfy is an error naming
/// the pin and the rule.
pub fn apply(county: &County, policy: &Policy, pins: &Pins, cands: &mut Candidates) -> Result<()> {
    let mut diags = Diagnostics::default();
    // One pass over the moves for all pins, and the pinned moves added into room made
    // for them alone: at 100,000 teachers the list holds 14 million moves, and a push
    // onto it as it was doubled its memory (0.7 GB).
    let mut pinned = vec![false; county.teachers.len()];
    for pin in &pins.pins {
        pinned[pin.teacher] = true;
    }
    cands.moves.retain(|c| !pinned[c.teacher]);
    cands.stranded.retain(|&s| !pinned[s]);
    let mut added: Vec<Candidate> = Vec::new();
    for pin in &pins.pins {
        let t = pin.teacher;
        let teacher = &county.teachers[t];
        let schools: Vec<usize> = match pin.action {
            PinAction::Stay => continue,
            PinAction::Move => (0..county.schools.len()).collect(),
            PinAction::MoveTo(s) => vec![s],
        };
        let mut refusals = Vec::new();
        for s in schools {
            match move_allowed(county, policy, t, s) {
                Ok(km) => added.push(Candidate {
                    teacher: t,
                    school: s,
                    km,
                    cross_group: county.group_of[teacher.school] != county.group_of[s],
                    cost: move_cost(county, policy, t, s, km),
                }),
                Err(r) if s != teacher.school => refusals.push(r),
                Err(_) => {}
            }
        }
        if !added.iter().any(|c| c.teacher == t) {
            let why = match pin.action {
                PinAction::MoveTo(_) => [
                    refusals
                        .iter()
                        .map(|r| r.describe())
                        .collect::<Vec<_>>()
                        .join("; "),
                    refusals
                        .iter()
                        .map(|r| r.text(Lang::Zh))
                        .collect::<Vec<_>>()
                        .join("；"),
                ],
                _ => [String::new(), String::new()],
            };
            diags.error(
                &pins.file,
                Some(pin.line),
                None,
                InputMessage::PinBreaksRule {
                    pin: [pin.describe(county), pin.describe_zh(county)],
                    why,
                },
            );
        }
        cands.must_move.push(t);
    }
    if diags.has_errors() {
        return Err(RotationError::Invalid(diags));
    }
    cands.moves.reserve_exact(added.len());
    cands.moves.append(&mut added);
    // A pinned team moves to a school open to every member (`Pins::read` pinned them
    // all): say so once per team when there is none.
    crate::rules::candidates::keep_teams_together(county, cands);
    let mut told = Vec::new();
    for pin in pins.pins.iter().filter(|p| p.action != PinAction::Stay) {
        let Some(team) = county.exchange_teams.of_teacher(pin.teacher) else {
            continue;
        };
        if cands.moves.iter().any(|c| c.teacher == pin.teacher) || told.contains(&team.name) {
            continue;
        }
        told.push(team.name.clone());
        diags.error(
            &pins.file,
            Some(pin.line),
            None,
            InputMessage::PinBreaksRule {
                pin: [pin.describe(county), pin.describe_zh(county)],
                why: [
                    format!(
                        "no school the move rules allow is open to every member of exchange team {}",
                        team.name
                    ),
                    format!("没有交流团队 {} 全体成员都可调往的学校", team.name),
                ],
            },
        );
    }
    if diags.has_errors() {
        return Err(RotationError::Invalid(diags));
    }
    // (teacher, school) is unique: an unstable sort, without a buffer of half the list.
    cands.moves.sort_unstable_by_key(|c| (c.teacher, c.school));
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
            out.push(Violation::new(Breach::Pin {
                pin: pin.describe(county),
                pin_zh: pin.describe_zh(county),
                file: pins.file.clone(),
                line: pin.line,
            }));
        }
    }
    out
}
