//! Why a round falls short or cannot be planned, in words an HR officer can act on:
//! which target is missed and which rule holds it back (stranded teachers, subjects
//! without a partner on the other side, schools at their outflow cap, too few backbone
//! teachers), and which pins cannot hold together and the rule they break.

use crate::model::county::{County, Level, Zone};
use crate::model::error::{Result, RotationError};
use crate::model::indicator::Side;
use crate::model::input_message::InputMessage;
use crate::model::moves::Move;
use crate::model::pins::Pins;
use crate::model::policy::{Direction, Policy};
use crate::model::shares::floor_share;
use crate::round::inputs::{round_candidates, RoundInputs};
use crate::round::least_shortfall::{least_target_shortfall, shortfall_below};
use crate::round::pin_conflict::{cap_broken, ConflictRule, PinConflict, PinWords};
use crate::round::shortfall::ShortfallCause;
use crate::rules::candidates::{CandidateLimit, Candidates};
use crate::rules::eligibility::Eligibility;
use crate::rules::metrics::PlanFigures;
use crate::solve::formulation::formulate;
use crate::solve::highs::{SolveOptions, SolveStatus};
use crate::solve::parallel::in_parallel;
use std::collections::BTreeMap;

/// Whether the hard rules and `pins` can all hold (a plain branch-and-bound solve).
pub(crate) fn feasible(
    county: &County,
    policy: &Policy,
    options: &SolveOptions,
    eligibility: &[Eligibility],
    pins: Option<&Pins>,
) -> Result<bool> {
    let inputs = RoundInputs {
        pins,
        ..RoundInputs::default()
    };
    let cands = match round_candidates(
        county,
        policy,
        eligibility,
        CandidateLimit::All,
        inputs,
        options.threads,
    ) {
        Ok(c) => c,
        Err(RotationError::Invalid(_)) => return Ok(false),
        Err(e) => return Err(e),
    };
    let f = formulate(
        county,
        policy,
        &cands,
        crate::solve::formulation::MoveVariables::Binary,
        crate::solve::formulation::Stage::Targets,
    );
    // A question about another model (its objective a shortfall): a progress line keeps
    // the round's plan.
    let quiet = SolveOptions {
        observer: crate::solve::highs::Observer::default(),
        ..options.clone()
    };
    let o = crate::solve::highs::solve(f, &quiet)?;
    Ok(o.status != SolveStatus::Infeasible)
}

/// A rule family, and how to relax it.
type Relaxation = (ConflictRule, fn(&mut Policy));

/// Names the pins that cannot hold together and the rule they break: drops pins one by
/// one while the rest stay infeasible (what remains is a smallest conflicting set),
/// then relaxes one rule family at a time to find the rule that forbids them.
pub(crate) fn explain_pin_conflict(
    county: &County,
    policy: &Policy,
    options: &SolveOptions,
    eligibility: &[Eligibility],
    pins: &Pins,
) -> RotationError {
    let mut core = pins.clone();
    let mut i = 0;
    while i < core.pins.len() && core.pins.len() > 1 {
        let mut trial = core.clone();
        trial.pins.remove(i);
        match feasible(county, policy, options, eligibility, Some(&trial)) {
            Ok(false) => core = trial,
            _ => i += 1,
        }
    }
    let mut rules = Vec::new();
    let relaxations: [Relaxation; 3] = [
        (ConflictRule::Subject, |p| {
            p.rules.subject_tolerance = 10_000
        }),
        (ConflictRule::Staffing, |p| {
            p.rules.staffing_tolerance = 10_000
        }),
        (ConflictRule::Outflow, |p| p.rules.outflow_cap = 1.0),
    ];
    for (rule, relax) in relaxations {
        let mut p = policy.clone();
        relax(&mut p);
        if let Ok(true) = feasible(county, &p, options, eligibility, Some(&core)) {
            rules.push(rule);
        }
    }
    if rules.is_empty() {
        let mut p = policy.clone();
        for (_, relax) in relaxations {
            relax(&mut p);
        }
        rules.push(
            if let Ok(true) = feasible(county, &p, options, eligibility, Some(&core)) {
                ConflictRule::Together
            } else {
                ConflictRule::MoveRules
            },
        );
    }
    // One message for the set, at its first pin's line (one per cause, never one per
    // pin each listing all the others).
    let words: Vec<PinWords> = core
        .pins
        .iter()
        .map(|p| PinWords {
            en: p.describe(county),
            zh: p.describe_zh(county),
            line: p.line,
        })
        .collect();
    let conflict = PinConflict {
        pins: words,
        cap: cap_broken(county, policy, &core, &rules),
        rules,
    };
    let mut diags = crate::model::diagnostics::Diagnostics::default();
    diags.error(
        &pins.file,
        core.pins.first().map(|p| p.line),
        None,
        InputMessage::said(&conflict),
    );
    RotationError::Invalid(diags)
}

/// Per zone (urban, rural): movable teachers and those who move.
type ZoneCounts = [[u32; 2]; 2];

/// Says which rules hold the plan below its targets: stranded teachers, subjects where
/// one side has no one left to swap with, schools at their outflow cap, too few
/// backbone teachers.
pub fn explain_shortfall(
    county: &County,
    policy: &Policy,
    cands: &Candidates,
    moves: &[Move],
    figures: &PlanFigures,
) -> Vec<ShortfallCause> {
    let mut out = Vec::new();
    if figures.shortfall.exchange > 0.0 {
        out.push(ShortfallCause::Exchange {
            moved: figures.moved,
            target: figures.exchange_target,
            short: figures.shortfall.exchange,
        });
    }
    if !cands.stranded.is_empty() {
        let unit = county.commute_unit();
        out.push(ShortfallCause::Stranded {
            teachers: cands.stranded.len(),
            cap: policy.commute_cap(unit),
            unit,
            direction: policy.rules.direction,
            partnership: policy.rules.partnership,
        });
    }
    // Movable teachers and movers by (level, subject, zone). Marked in a table by
    // teacher, not collected into a set: at 100,000 teachers the set of the 14 million
    // candidate moves' teachers took about 0.1 s to sort and allocate.
    let mut movable = vec![false; county.teachers.len()];
    for c in &cands.moves {
        movable[c.teacher] = true;
    }
    let mut moved = vec![false; county.teachers.len()];
    for m in moves {
        moved[m.teacher] = true;
    }
    // Keyed by the level's name, so causes come out in the order earlier versions
    // printed them (junior, nine_year, primary, special).
    let mut table: BTreeMap<(&'static str, String), (Level, ZoneCounts)> = BTreeMap::new();
    for t in (0..county.teachers.len()).filter(|&t| movable[t]) {
        let teacher = &county.teachers[t];
        let school = &county.schools[teacher.school];
        let z = (school.zone == Zone::Rural) as usize;
        let entry = &mut table
            .entry((school.level.into(), teacher.subject.clone()))
            .or_insert((school.level, [[0; 2]; 2]))
            .1;
        entry[z][0] += 1;
        if moved[t] {
            entry[z][1] += 1;
        }
    }
    if policy.rules.direction == Direction::CrossZone {
        for ((_, subject), (level, [urban, rural])) in &table {
            // Each urban mover needs a rural teacher of the subject to take their post
            // in return (and vice versa) while headcounts are kept.
            let (small, small_zone, big, big_zone) = if urban[0] <= rural[0] {
                (urban, Zone::Urban, rural, Zone::Rural)
            } else {
                (rural, Zone::Rural, urban, Zone::Urban)
            };
            if small[1] == small[0] && big[0] > big[1] && policy.rules.subject_tolerance == 0 {
                out.push(ShortfallCause::NoPartner {
                    level: *level,
                    subject: subject.clone(),
                    movable: big[0],
                    zone: big_zone,
                    partners: small[0],
                    partner_zone: small_zone,
                    cap: policy.commute_cap(county.commute_unit()),
                    unit: county.commute_unit(),
                });
            }
        }
    }
    let staff = county.staff();
    let mut out_count = vec![0u32; county.schools.len()];
    for m in moves {
        out_count[county.teachers[m.teacher].school] += 1;
    }
    let mut has_more = vec![false; county.schools.len()];
    for t in (0..county.teachers.len()).filter(|&t| movable[t] && !moved[t]) {
        has_more[county.teachers[t].school] = true;
    }
    let mut capped = Vec::new();
    for (s, school) in county.schools.iter().enumerate() {
        let cap = floor_share(policy.rules.outflow_cap, staff[s]);
        if out_count[s] == cap && has_more[s] {
            capped.push((school.id.0.clone(), cap, staff[s]));
        }
    }
    if !capped.is_empty() {
        out.push(ShortfallCause::OutflowCap {
            share: policy.rules.outflow_cap,
            schools: capped,
        });
    }
    if figures.shortfall.backbone > 0.0 {
        let movable_backbone = (0..county.teachers.len())
            .filter(|&t| movable[t] && county.teachers[t].backbone.is_backbone())
            .count();
        out.push(ShortfallCause::Backbone {
            moved: figures.backbone_moved,
            share: figures.backbone_share,
            short: figures.shortfall.backbone,
            movable: movable_backbone,
        });
    }
    out
}

/// A school below its floor: id, teachers after, teachers asked, who could come.
type FloorSchool = (String, u32, u32, usize);

/// Says, for each balance cap or floor the plan misses, by how much and what holds it
/// back: for a cap, the schools farthest from the level's mean; for a floor, how many
/// eligible teachers of the indicator could have come.
pub fn explain_balance(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    cands: &Candidates,
    moves: &[Move],
) -> Vec<ShortfallCause> {
    use crate::rules::balance::{balance_counts, check_balance, BalanceBreach};
    let indicator = policy.balance.indicator;
    let counts = balance_counts(county, policy, moves);
    let mut out = Vec::new();
    let mut floors: Vec<(Side, f64, Vec<FloorSchool>)> = Vec::new();
    for breach in check_balance(county, policy, eligibility, moves) {
        match breach {
            BalanceBreach::AboveCap { side, after, cap } => {
                let Some(c) = counts.iter().find(|c| c.side == side) else {
                    continue;
                };
                let x: Vec<f64> = c
                    .after
                    .iter()
                    .zip(&c.students)
                    .map(|(&n, &p)| 100.0 * c.teachers(n) / p as f64)
                    .collect();
                let total: f64 = c.students.iter().map(|&p| p as f64).sum();
                let mean = c.after.iter().map(|&n| 100.0 * c.teachers(n)).sum::<f64>() / total;
                // Each school's share of the variance: P (X − mean)².
                let mut by_weight: Vec<usize> = (0..x.len()).collect();
                let weight = |k: usize| c.students[k] as f64 * (x[k] - mean).powi(2);
                by_weight.sort_by(|&a, &b| weight(b).total_cmp(&weight(a)));
                out.push(ShortfallCause::CvAboveCap {
                    indicator,
                    side,
                    after,
                    cap,
                    held_back_by: by_weight
                        .into_iter()
                        .take(3)
                        .map(|k| (county.schools[c.schools[k]].id.0.clone(), x[k], mean))
                        .collect(),
                });
            }
            BalanceBreach::BelowFloor {
                side,
                school,
                after,
                need,
                floor,
                ..
            } => {
                let mut could: Vec<usize> = cands
                    .moves
                    .iter()
                    .filter(|m| {
                        m.school == school
                            && indicator.counts(
                                &county.teachers[m.teacher],
                                side,
                                &policy.indicators,
                            )
                    })
                    .map(|m| m.teacher)
                    .collect();
                could.dedup();
                // In whole teachers: a joint appointment's half (联聘) is shown rounded
                // down after the plan (the floor asks whole teachers).
                let entry = (
                    county.schools[school].id.0.clone(),
                    after.floor() as u32,
                    need.ceil() as u32,
                    could.len(),
                );
                match floors.iter_mut().find(|(s, _, _)| *s == side) {
                    Some((_, _, list)) => list.push(entry),
                    None => floors.push((side, floor, vec![entry])),
                }
            }
            BalanceBreach::Worse { .. } => {}
        }
    }
    for (side, floor, mut schools) in floors {
        schools.sort_by_key(|s| std::cmp::Reverse(s.2 - s.1));
        out.push(ShortfallCause::BelowFloor {
            indicator,
            side,
            floor,
            schools,
        });
    }
    out
}

/// Counties up to this many teachers have their shortfall's causes tested side by side.
const SIDE_BY_SIDE_TEACHERS: usize = crate::rules::candidates::PARALLEL_ABOVE_TEACHERS;

/// Keeps the causes of a missed target that bind, and adds the balance rule when it
/// binds. A cause naming a rule (stranded teachers, a subject without partners,
/// outflow caps; the never-worse balance rule) stands only when relaxing that rule
/// lowers the least target shortfall below `least`, asked per rule of
/// [`shortfall_below`] (the least itself is solved only for a binding balance rule's
/// figure), all within `options`' time limit. Statements of the miss itself (how many
/// short) always stay, and so does a cause whose test ran out of time (its rule may
/// bind); the balance rule is added only when shown to bind and its figure is found in
/// time. `plan` is the round's plan (short by `least`): its moves join the small model
/// each question tries first.
pub fn keep_binding(
    causes: Vec<ShortfallCause>,
    county: &County,
    policy: &Policy,
    pins: Option<&Pins>,
    least: f64,
    plan: &[Move],
    options: &SolveOptions,
) -> Vec<ShortfallCause> {
    let start = std::time::Instant::now();
    options
        .observer
        .report(crate::solve::highs::Progress::Stage(
            crate::solve::highs::SolveStage::WhyShort,
        ));
    // The questions' plans and bounds are of other models (their objective is a
    // shortfall): a progress line keeps the round's plan.
    let left = || SolveOptions {
        observer: crate::solve::highs::Observer::default(),
        ..options.left_since(start)
    };
    let mut kinds: Vec<RelaxedRule> = causes
        .iter()
        .filter_map(relaxed_rule)
        .chain(policy.balance.never_worse().then_some(RelaxedRule::Balance))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    // Whether relaxing each rule lowers the least target shortfall (`None` when out of
    // time). The questions are independent, each an LP and often a small MIP on a
    // model of its own, so they are asked side by side: on the family's `c6k-cv-caps`
    // they took 16.7 s one after another, 9.5 s two at a time. Only when HiGHS may use
    // the whole machine (no `threads` set: the lab's and a study's runs set one thread
    // each, and run side by side themselves), and one at a time above 20,000 teachers:
    // each question holds every move its relaxed policy allows, and two at once took
    // that county's peak memory from 205 to 354–368 MB (not measured on larger
    // counties, where the stages before the questions do not end in time yet).
    let jobs = if options.threads.is_none() && county.teachers.len() <= SIDE_BY_SIDE_TEACHERS {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        1
    };
    let answers = in_parallel(
        &kinds,
        jobs,
        |&kind| {
            let mut relaxed = policy.clone();
            relax_rule(kind, &mut relaxed);
            shortfall_below(county, &relaxed, pins, least, plan, &left())
        },
        &|| {},
    );
    let below = |kind: RelaxedRule| -> Option<bool> {
        kinds
            .iter()
            .position(|&k| k == kind)
            .and_then(|i| answers[i])
    };
    // A rule whose test ran out of time may bind: its cause stays.
    let mut kept: Vec<ShortfallCause> = causes
        .into_iter()
        .filter(|cause| relaxed_rule(cause).is_none_or(|kind| below(kind).unwrap_or(true)))
        .collect();
    if policy.balance.never_worse() {
        let mut relaxed = policy.clone();
        relax_rule(RelaxedRule::Balance, &mut relaxed);
        // The figure of the message is the least shortfall without the rule: solved
        // exactly only once the rule is shown to bind.
        let least_without = || least_target_shortfall(county, &relaxed, pins, &left());
        if let Some(w) = (below(RelaxedRule::Balance) == Some(true))
            .then(least_without)
            .flatten()
            .filter(|&w| w < least - 1e-6)
        {
            kept.push(ShortfallCause::BalanceBinds {
                indicator: policy.balance.indicator,
                with_rule: least,
                without_rule: w,
            });
        }
    }
    kept
}

/// A rule [`keep_binding`] relaxes to test whether it holds the plan below a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RelaxedRule {
    /// The commute cap, the direction and the partnership rule (stranded teachers).
    Stranded,
    /// The subject tolerance (a subject with no partner on the other side).
    NoPartner,
    /// The outflow cap.
    Outflow,
    /// The never-worse balance rule.
    Balance,
}

/// The rule a cause names; `None` for a statement of the miss itself.
fn relaxed_rule(cause: &ShortfallCause) -> Option<RelaxedRule> {
    match cause {
        ShortfallCause::Stranded { .. } => Some(RelaxedRule::Stranded),
        ShortfallCause::NoPartner { .. } => Some(RelaxedRule::NoPartner),
        ShortfallCause::OutflowCap { .. } => Some(RelaxedRule::Outflow),
        _ => None,
    }
}

/// `policy` without the rule `kind`.
fn relax_rule(kind: RelaxedRule, policy: &mut Policy) {
    match kind {
        RelaxedRule::Stranded => {
            policy.rules.max_commute_km = 1e6;
            policy.rules.max_commute_minutes = 1e6;
            policy.rules.direction = Direction::Any;
            policy.rules.partnership = crate::model::policy::PartnershipRule::Ignore;
        }
        RelaxedRule::NoPartner => policy.rules.subject_tolerance = 1000,
        RelaxedRule::Outflow => policy.rules.outflow_cap = 1.0,
        RelaxedRule::Balance => policy.balance.backbone_cv = crate::model::policy::CvRule::Off,
    }
}
