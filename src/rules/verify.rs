//! Checking a plan against every rule of the model, in Rust and without the solver.
//! `rotation plan` runs this on every solver answer (HiGHS has had wrong-answer bugs)
//! and `rotation verify` runs it on any plan, hand-edited ones too.

use crate::model::county::County;
use crate::model::moves::Move;
use crate::model::policy::{BackboneBase, Policy};
use crate::model::shares::{ceil_share, floor_share, percent};
use crate::rules::candidates::move_allowed;
use crate::rules::eligibility::Eligibility;
use serde::Serialize;
use std::collections::BTreeMap;

/// Which rule a violation breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A teacher who moves is not eligible (and no pin excuses them).
    Eligibility,
    /// A teacher moves more than once.
    MovesOnce,
    /// A move is not allowed: to the teacher's own school, or against the level,
    /// direction, partnership `require` or commute rule.
    MoveAllowed,
    /// A school's headcount changes by more than `rules.staffing_tolerance`.
    Staffing,
    /// A school loses more teachers of one subject, net, than `rules.subject_tolerance`.
    Subject,
    /// More teachers leave a school than `⌊rules.outflow_cap · staff⌋`.
    OutflowCap,
    /// Fewer teachers move than `⌈exchange_rate · eligible⌉`.
    ExchangeTarget,
    /// The backbone-share target is not met.
    BackboneTarget,
    /// A locked decision (`--pins`) does not hold.
    Pin,
}

impl Rule {
    /// Targets can be missed by a plan that reports its shortfall; the others never.
    pub fn is_target(self) -> bool {
        matches!(self, Rule::ExchangeTarget | Rule::BackboneTarget)
    }
}

/// One broken rule of a plan, as `rotation verify` lists it (`[rule] words`).
#[derive(Debug, Clone, Serialize)]
pub struct Violation {
    /// The rule broken.
    pub rule: Rule,
    /// What is wrong, in words, naming the teachers and schools.
    pub message: String,
}

/// Checks `moves` against every rule. An empty list means the plan is valid.
pub fn verify(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    moves: &[Move],
) -> Vec<Violation> {
    verify_excusing(county, policy, eligibility, moves, &[])
}

/// [`verify`], where the teachers in `excused` may move although not eligible (a pin
/// of the bureau moves them; see `rules::pins::excused`).
pub fn verify_excusing(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    moves: &[Move],
    excused: &[usize],
) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut push = |rule: Rule, message: String| out.push(Violation { rule, message });
    let teacher = |t: usize| &county.teachers[t];
    let school_id = |s: usize| county.schools[s].id.0.as_str();

    let mut seen: BTreeMap<usize, usize> = BTreeMap::new();
    for m in moves {
        let t = teacher(m.teacher);
        if !eligibility[m.teacher].is_eligible() && !excused.contains(&m.teacher) {
            push(
                Rule::Eligibility,
                format!(
                    "teacher {} is not eligible ({})",
                    t.id,
                    eligibility[m.teacher].reason()
                ),
            );
        }
        *seen.entry(m.teacher).or_insert(0) += 1;
        if let Err(refusal) = move_allowed(county, policy, m.teacher, m.to) {
            push(
                Rule::MoveAllowed,
                format!(
                    "teacher {} from {} to {}: {}",
                    t.id,
                    school_id(t.school),
                    school_id(m.to),
                    refusal.describe()
                ),
            );
        }
    }
    for (&tix, &count) in &seen {
        if count > 1 {
            push(
                Rule::MovesOnce,
                format!(
                    "teacher {} moves {count} times; at most once",
                    teacher(tix).id
                ),
            );
        }
    }

    let schools = county.schools.len();
    let mut inflow = vec![0i64; schools];
    let mut outflow = vec![0i64; schools];
    let mut subject: BTreeMap<(usize, &str), i64> = BTreeMap::new();
    for m in moves {
        let t = teacher(m.teacher);
        inflow[m.to] += 1;
        outflow[t.school] += 1;
        *subject.entry((m.to, t.subject.as_str())).or_insert(0) += 1;
        *subject.entry((t.school, t.subject.as_str())).or_insert(0) -= 1;
    }
    let staff = county.staff();
    let tol = policy.rules.staffing_tolerance as i64;
    for s in 0..schools {
        let net = inflow[s] - outflow[s];
        if net.abs() > tol {
            push(
                Rule::Staffing,
                format!(
                    "school {}: {} arrive and {} leave, a change of {net:+} teachers (tolerance {tol})",
                    school_id(s),
                    inflow[s],
                    outflow[s]
                ),
            );
        }
        let cap = floor_share(policy.rules.outflow_cap, staff[s]) as i64;
        if outflow[s] > cap {
            push(
                Rule::OutflowCap,
                format!(
                    "school {}: {} of {} teachers leave; the cap is {cap} ({}% of staff)",
                    school_id(s),
                    outflow[s],
                    staff[s],
                    percent(policy.rules.outflow_cap)
                ),
            );
        }
    }
    let stol = policy.rules.subject_tolerance as i64;
    for ((s, subj), net) in &subject {
        if *net < -stol {
            push(
                Rule::Subject,
                format!(
                    "school {}: loses {} {subj} teacher(s) net (tolerance {stol})",
                    school_id(*s),
                    -net
                ),
            );
        }
    }

    // Targets.
    let eligible: Vec<usize> = (0..county.teachers.len())
        .filter(|&t| eligibility[t].is_eligible())
        .collect();
    let moved = seen.len() as u32;
    let target = ceil_share(policy.targets.exchange_rate, eligible.len() as u32);
    if moved < target {
        push(
            Rule::ExchangeTarget,
            format!(
                "{moved} teachers rotate; the target is {target} ({}% of {} eligible)",
                percent(policy.targets.exchange_rate),
                eligible.len()
            ),
        );
    }
    let backbone_moved = seen
        .keys()
        .filter(|&&t| teacher(t).backbone.is_backbone())
        .count() as u32;
    match policy.targets.backbone_base {
        BackboneBase::Exchanged => {
            let needed = policy.targets.backbone_share * moved as f64;
            if (backbone_moved as f64) < needed - 1e-9 {
                push(
                    Rule::BackboneTarget,
                    format!(
                        "{backbone_moved} backbone teachers among {moved} who rotate ({:.2}%); the target is {}%",
                        100.0 * backbone_moved as f64 / moved.max(1) as f64,
                        percent(policy.targets.backbone_share)
                    ),
                );
            }
        }
        BackboneBase::EligibleBackbone => {
            let eb = eligible
                .iter()
                .filter(|&&t| teacher(t).backbone.is_backbone())
                .count() as u32;
            let needed = ceil_share(policy.targets.backbone_share, eb);
            if backbone_moved < needed {
                push(
                    Rule::BackboneTarget,
                    format!(
                        "{backbone_moved} of {eb} eligible backbone teachers rotate; the target is {needed}"
                    ),
                );
            }
        }
    }
    out
}
