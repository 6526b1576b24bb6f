//! Re-planning without upheaval (`--previous old/plan.csv`): the previous plan's
//! moves are kept where the rules still allow them. Each change to the previous plan
//! (a move dropped, added, or sent to another school) costs `weights.stability`, which
//! by default outweighs any commute saving; the report says what changed and why.

use crate::model::county::County;
use crate::model::moves::Move;
use crate::model::pins::{PinAction, Pins};
use crate::model::policy::Policy;
use crate::model::previous::Previous;
use crate::rules::candidates::{move_allowed, Candidates};
use crate::rules::eligibility::Eligibility;
use serde::Serialize;
use std::collections::BTreeMap;

/// Charges `weights.stability` for every change to the previous plan: keeping a
/// previous move earns it, every other move costs it. (The number of changes is
/// `|previous| + |new| − 2·|kept|`; the constant `|previous|` is left out.)
pub fn apply_stability(policy: &Policy, previous: &Previous, cands: &mut Candidates) {
    let w = policy.weights.stability;
    let old: std::collections::BTreeSet<(usize, usize)> = previous.moves.iter().copied().collect();
    for c in &mut cands.moves {
        if old.contains(&(c.teacher, c.school)) {
            c.cost -= w;
        } else {
            c.cost += w;
        }
    }
}

/// One difference between the previous plan and the new one.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Id of the teacher concerned.
    pub teacher: String,
    /// `dropped`, `added` or `redirected`.
    pub kind: &'static str,
    /// The school id of the previous move; for a previous move no longer in the county, the
    /// move as written (`T01 → R9`). `None` for an added move.
    pub before: Option<String>,
    /// The school id of the new move; `None` for a dropped move.
    pub after: Option<String>,
    /// Why, in words: pinned, no longer eligible, no longer allowed, gone from the county,
    /// or to keep the staffing and subject balance.
    pub why: String,
}

/// How the new plan differs from the previous one.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChangeReport {
    /// Moves in the previous plan, including those naming teachers or schools no longer in
    /// the county.
    pub previous_moves: usize,
    /// Previous moves kept exactly (same teacher, same school).
    pub kept: usize,
    /// Every change, each with its reason: dropped and redirected moves first (in teacher
    /// order), then added ones.
    pub changes: Vec<Change>,
}

/// Compares the new plan with the previous one and says why each change was made.
pub fn compare(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    pins: Option<&Pins>,
    previous: &Previous,
    moves: &[Move],
) -> ChangeReport {
    let new: BTreeMap<usize, usize> = moves.iter().map(|m| (m.teacher, m.to)).collect();
    let old: BTreeMap<usize, usize> = previous.moves.iter().copied().collect();
    let id = |t: usize| county.teachers[t].id.0.clone();
    let sid = |s: usize| county.schools[s].id.0.clone();
    let pin_of = |t: usize| pins.and_then(|p| p.of_teacher(t));
    let mut report = ChangeReport {
        previous_moves: previous.moves.len() + previous.gone.len(),
        ..ChangeReport::default()
    };
    for g in &previous.gone {
        let (teacher, why) = g.split_once(": ").unwrap_or((g.as_str(), ""));
        report.changes.push(Change {
            teacher: teacher.split(' ').next().unwrap_or("").to_string(),
            kind: "dropped",
            before: Some(teacher.to_string()),
            after: None,
            why: why.to_string(),
        });
    }
    // Why a previous move of `t` to `s` could not stay as it was.
    let why_not = |t: usize, s: usize| -> String {
        if let Some(p) = pin_of(t) {
            return format!("pinned `{}` by the bureau", p.describe(county));
        }
        if !eligibility[t].is_eligible() {
            return format!("no longer eligible ({})", eligibility[t].reason());
        }
        if let Err(r) = move_allowed(county, policy, t, s) {
            return format!("the move is no longer allowed: {}", r.describe());
        }
        "to keep the staffing and subject balance after the other changes".into()
    };
    for (&t, &s) in &old {
        match new.get(&t) {
            Some(&n) if n == s => report.kept += 1,
            Some(&n) => report.changes.push(Change {
                teacher: id(t),
                kind: "redirected",
                before: Some(sid(s)),
                after: Some(sid(n)),
                why: why_not(t, s),
            }),
            None => report.changes.push(Change {
                teacher: id(t),
                kind: "dropped",
                before: Some(sid(s)),
                after: None,
                why: why_not(t, s),
            }),
        }
    }
    for (&t, &n) in &new {
        if old.contains_key(&t) {
            continue;
        }
        let why = match pin_of(t) {
            Some(p) if p.action != PinAction::Stay => {
                format!("pinned `{}` by the bureau", p.describe(county))
            }
            _ => "takes the place of a dropped move (same subject and school balance)".into(),
        };
        report.changes.push(Change {
            teacher: id(t),
            kind: "added",
            before: None,
            after: Some(sid(n)),
            why,
        });
    }
    report
}
