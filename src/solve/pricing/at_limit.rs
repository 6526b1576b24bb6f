//! A plan when the time limit ends pricing: completed from the last round's LP.
//!
//! The restricted LP of a round that did not converge is no proof, but its solution is
//! mostly whole and far cheaper than the starting swaps (at 100,000 teachers under the
//! Haiyan policy, 177,769 against 237,558 after 7 rounds). The rounds stop short of the
//! time limit ([`rounds_end`](super::settings::rounds_end): a tenth of it, at least
//! half a second), and that reserve is spent completing a plan from the last round's solution: its whole moves fixed and
//! the fractional ones left to a MIP, then, when no plan completes them, its moves at 1
//! kept and every other priced move free. In the met stage any plan found meets every
//! target and balance rule (the model's shortfalls are held at 0), and its bound is the
//! best Lagrangian bound of the rounds; in the least-shortfall stage (`Stage::Targets`)
//! it falls least short of the targets among those completions, and the caller says
//! what it proves.

use super::columns::restrict;
use super::restricted::Restricted;
use crate::model::county::County;
use crate::model::policy::Policy;
use crate::rules::candidates::Candidates;
use crate::solve::formulation::{formulate, MoveVariables, Stage};
use crate::solve::highs::{
    relative_gap, solve, SolveMethod, SolveOptions, SolveOutcome, SolveStatus, INTEGRALITY_TOL,
};
use std::time::Instant;

/// Less than this many seconds left is not worth a MIP: the rounds leave at least
/// [`LEAST_RESERVE`](super::settings::LEAST_RESERVE), less the last round's pricing.
const LEAST_SECONDS: f64 = 0.2;

/// Nor less than this share of the longest round: the completion (the MIP's build
/// over every priced move, then HiGHS) grows with the county like a round does. On
/// the practice counties it took about 0.1 s after rounds of 0.5–0.8 s at 20,000
/// teachers, and 1.5–3 s after rounds of 6–15 s at 100,000, where starting it with
/// 0.3 s left ran 1.5 s past a 15 s limit (`docs/benchmarks.md`, "A plan from the
/// last round under short time limits").
const COMPLETION_SHARE: f64 = 0.2;

/// The plan completed from the last round's LP under the least-shortfall model
/// ([`complete`] with `Stage::Targets`), costed by its moves: its HiGHS objective is
/// the shortfall. One without shortfall meets the targets and keeps its bound (the
/// met objective's shortfall can be above 0 with the targets in reach, where a balance
/// reward outweighs its price: such a plan meets them); one short of them claims no
/// bound (method `least_shortfall`, as the least-shortfall stage's plan at a limit in
/// `solve::stages`).
pub(super) fn least_completion(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    live: &Restricted,
    options: &SolveOptions,
    timing: (Instant, f64),
) -> Option<SolveOutcome> {
    let c = complete(county, policy, full, live, options, timing, Stage::Targets)?;
    let objective = live.cost_of(county, full, &c.x);
    Some(
        if c.shortfall_exchange + c.shortfall_backbone <= INTEGRALITY_TOL {
            SolveOutcome {
                objective,
                mip_gap: relative_gap(objective, live.best_bound),
                ..c
            }
        } else {
            SolveOutcome {
                method: SolveMethod::LeastShortfall,
                objective,
                dual_bound: f64::NAN,
                mip_gap: f64::NAN,
                lp_integral: None,
                lp_bound: None,
                ..c
            }
        },
    )
}

/// The plan completed from the last round's LP within what is left of the time limit,
/// if one is found; `start` is when the solve began, `lp_seconds` the rounds' LP time;
/// `stage` the model completed (`Stage::MET`, or the least shortfall when pricing ran
/// out of time on its LP, `least_shortfall`).
pub(super) fn complete(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    live: &Restricted,
    options: &SolveOptions,
    (start, lp_seconds): (Instant, f64),
    stage: Stage,
) -> Option<SolveOutcome> {
    let limit = options.time_limit?;
    // The last solution no chord cuts, a solution of the restricted LP; failing that,
    // the latest one, below some chord: the completion holds every balance row all the
    // same (the MIP is the full model over the priced moves).
    let made = if !live.last_x.is_empty() {
        live.moves_made(&live.last_x)
    } else if !live.last_cut_x.is_empty() {
        live.last_cut_x.clone()
    } else {
        return None;
    };
    let mut x = vec![0.0; full.moves.len()];
    for (j, v) in made {
        x[j] = v;
    }
    let (priced, index) = restrict(full, &live.keep);
    let lp_x: Vec<f64> = index.iter().map(|&j| x[j]).collect();
    // Whole moves fixed and fractional ones free, then only the moves at 1 kept.
    for variables in [
        MoveVariables::FixedWhereIntegral(&lp_x),
        MoveVariables::OnesFixed(&lp_x),
    ] {
        let left = limit - start.elapsed().as_secs_f64();
        if left < LEAST_SECONDS.max(COMPLETION_SHARE * live.longest_round) {
            return None;
        }
        let model = formulate(county, policy, &priced, variables, stage);
        let size = model.size;
        let within = SolveOptions {
            time_limit: Some(left),
            gap: if stage == Stage::MET {
                options.gap
            } else {
                0.0
            },
            ..options.clone()
        };
        let Ok(n) = solve(model, &within) else {
            continue;
        };
        if n.status == SolveStatus::Infeasible || n.x.is_empty() {
            continue;
        }
        let bound = live.best_bound;
        let (dual_bound, mip_gap) = if bound.is_finite() {
            (bound, relative_gap(n.objective, bound))
        } else {
            (f64::NAN, f64::NAN)
        };
        let mut plan = vec![0.0; full.moves.len()];
        for (r, &j) in index.iter().enumerate() {
            plan[j] = n.x[r];
        }
        return Some(SolveOutcome {
            status: SolveStatus::TimeLimit,
            method: SolveMethod::LastLpCompleted,
            dual_bound,
            mip_gap,
            x: plan,
            lp_integral: Some(false),
            lp_bound: bound.is_finite().then_some(bound),
            lp_seconds,
            solve_seconds: start.elapsed().as_secs_f64(),
            size,
            ..n
        });
    }
    None
}

/// The plan written when the time limit ends pricing: the completion of the last
/// round's LP (`completed`) or the swaps pricing started from (`swapped`; the time
/// limit's error when there are none), whichever falls less short of the targets,
/// then costs less (the completion on a tie). So swaps that meet the targets beat a
/// completion short of them (method `least_shortfall`), and a completion that meets
/// them beats swaps short of them (method `short_swaps`).
pub(super) fn preferred(
    completed: Option<SolveOutcome>,
    swapped: crate::model::error::Result<SolveOutcome>,
) -> crate::model::error::Result<SolveOutcome> {
    let key = |o: &SolveOutcome| (o.shortfall_exchange + o.shortfall_backbone, o.objective);
    match swapped {
        Ok(s) => Ok(prefer(completed, s, key)),
        Err(e) => completed.ok_or(e),
    }
}

/// Of the completion at the limit (if any) and another plan, the one to write: the
/// other only when it is [`better`] by `key` (target shortfall, cost), so the
/// completion on a tie. Shared by [`preferred`] and the least-shortfall stage.
pub(super) fn prefer<T>(completed: Option<T>, other: T, key: impl Fn(&T) -> (f64, f64)) -> T {
    match completed {
        Some(c) if !better(key(&other), key(&c)) => c,
        _ => other,
    }
}

/// Whether a plan of `(target shortfall, cost)` `a` is to be written rather than `b`:
/// it falls less short of the targets, or as short and costs less.
pub(super) fn better(a: (f64, f64), b: (f64, f64)) -> bool {
    // Shortfalls are whole numbers of teachers, or a share of them under base
    // `exchanged`: a difference below this is HiGHS's tolerance, not a teacher.
    const SAME: f64 = 1e-6;
    a.0 < b.0 - SAME || (a.0 <= b.0 + SAME && a.1 < b.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::eligibility::county_eligibility;
    use crate::rules::verify::verify;

    /// The options of these tests: two minutes of limit.
    fn limited() -> SolveOptions {
        SolveOptions {
            time_limit: Some(120.0),
            ..SolveOptions::default()
        }
    }

    /// The live LP as pricing starts it: the first columns and the swaps.
    fn started(county: &County, policy: &Policy, full: &Candidates) -> Restricted {
        let mut live = Restricted::new(county, policy, full, &limited()).expect("LP");
        let reached = super::super::columns::Reached::new(county, full);
        let mut first = super::super::columns::neighbourhood(county, full, &reached, 1);
        let rules = &live.layout.rules;
        first.extend(
            super::super::start::swaps(county, policy, full, &reached, rules, None).columns,
        );
        first.sort_unstable();
        first.dedup();
        live.add(county, full, &first).expect("columns");
        live
    }

    /// The sample county under the Haiyan policy with an outflow cap of 5 %, which
    /// puts the targets out of reach; its eligibility and candidate moves.
    fn capped_sample() -> (
        County,
        Policy,
        Vec<crate::rules::eligibility::Eligibility>,
        Candidates,
    ) {
        let (county, mut policy, _) = super::super::sample::haiyan_sample();
        policy.rules.outflow_cap = 0.05;
        let eligibility = county_eligibility(&county, &policy);
        let full = crate::rules::candidates::candidates(&county, &policy, &eligibility);
        (county, policy, eligibility, full)
    }

    /// The plan `complete` makes now.
    fn completed(
        county: &County,
        policy: &Policy,
        full: &Candidates,
        live: &Restricted,
        stage: Stage,
    ) -> Option<SolveOutcome> {
        let timing = (Instant::now(), 0.0);
        complete(county, policy, full, live, &limited(), timing, stage)
    }

    /// After one round of pricing on the sample county under the Haiyan policy (the
    /// first columns and the swaps, as `solve_priced` starts), the plan completed from
    /// that round's LP passes every rule and meets both targets, and its objective is
    /// its moves' cost.
    #[test]
    fn a_plan_completed_from_the_first_round_passes_every_rule() {
        let (county, policy, full) = super::super::sample::haiyan_sample();
        let eligibility = county_eligibility(&county, &policy);
        let mut live = started(&county, &policy, &full);
        let now = |live: &Restricted| completed(&county, &policy, &full, live, Stage::MET);
        assert!(now(&live).is_none(), "no round, no completion");
        // The first round's LP, re-solved with the chords it cuts until none is.
        loop {
            let sol = live.solve().expect("first round");
            if live.write_chords(&sol.col_value).expect("chords") == 0 {
                live.last_x = sol.col_value;
                break;
            }
        }
        // Moves that joined after it (as in a round that priced them in and was then
        // cut by the limit) have no value in that solution.
        let later: Vec<usize> = (0..full.moves.len())
            .filter(|&j| !live.keep[j])
            .take(50)
            .collect();
        live.add(&county, &full, &later).expect("columns");
        let plan = now(&live).expect("a plan from the first round");
        assert_eq!(plan.method, SolveMethod::LastLpCompleted);
        assert_eq!(plan.status, SolveStatus::TimeLimit);
        let moves = full.chosen(&plan.x);
        let broken = verify(&county, &policy, &eligibility, &moves);
        assert!(broken.is_empty(), "{broken:?}");
        let cost: f64 = full
            .moves
            .iter()
            .zip(&plan.x)
            .map(|(m, v)| m.cost * v)
            .sum();
        assert!((cost - plan.objective).abs() <= 1e-6 * cost.abs().max(1.0));
    }

    /// With no round ended at a solution no chord cuts, the plan is completed from the
    /// latest solution (below some chord): it passes every rule all the same.
    #[test]
    fn a_plan_completed_from_a_solution_chords_cut_passes_every_rule() {
        let (county, policy, full) = super::super::sample::haiyan_sample();
        let eligibility = county_eligibility(&county, &policy);
        let mut live = started(&county, &policy, &full);
        // The first LP's solution, taken as if chords cut it (whether or not they do).
        let sol = live.solve().expect("first round");
        live.last_cut_x = live.moves_made(&sol.col_value);
        assert!(live.last_x.is_empty() && !live.last_cut_x.is_empty());
        let plan = completed(&county, &policy, &full, &live, Stage::MET)
            .expect("a plan from the cut solution");
        assert_eq!(plan.method, SolveMethod::LastLpCompleted);
        let broken = verify(&county, &policy, &eligibility, &full.chosen(&plan.x));
        assert!(broken.is_empty(), "{broken:?}");
    }

    /// Targets out of reach of the priced moves (an outflow cap of 5 % on the sample
    /// county under the Haiyan policy): the completion with the least target shortfall,
    /// what pricing writes at the time limit then, breaks no rule but the targets.
    #[test]
    fn a_least_shortfall_completion_breaks_only_the_targets() {
        let (county, policy, eligibility, full) = capped_sample();
        let mut live = started(&county, &policy, &full);
        let sol = live.solve().expect("first round");
        assert!(
            sol.col_value[0] + sol.col_value[1] > 1.0,
            "the targets are out of reach"
        );
        live.last_x = sol.col_value;
        let plan = completed(&county, &policy, &full, &live, Stage::Targets)
            .expect("a least-shortfall plan");
        let moves = full.chosen(&plan.x);
        assert!(!moves.is_empty());
        let broken = verify(&county, &policy, &eligibility, &moves);
        assert!(broken.iter().any(|b| b.rule().is_target()), "{broken:?}");
        assert!(broken.iter().all(|b| b.rule().is_target()), "{broken:?}");
    }

    /// The plan that falls less short of the targets, then the cheaper, the completion
    /// on a tie: the completion when it costs less than swaps as short, or when there
    /// are none; swaps that meet the targets over a completion short of them, and a
    /// completion that meets them over swaps short of them, whatever either costs.
    #[test]
    fn the_plan_at_the_limit_falls_least_short_then_is_the_cheaper() {
        use crate::model::error::RotationError;
        use crate::model::solver_message::SolverMessage;
        let plan = |method, objective, short: f64| SolveOutcome {
            method,
            objective,
            shortfall_exchange: short,
            shortfall_backbone: 0.0,
            ..SolveOutcome::nobody_moves(3, 2, 0.0)
        };
        let swaps = || Ok(plan(SolveMethod::StartingSwaps, 50.0, 0.0));
        let none = || Err(RotationError::TimeLimit(SolverMessage::TimeWhilePricing));
        let pick = |c: Option<SolveOutcome>, s| preferred(c, s).map(|o| o.method).ok();
        let last = |cost| Some(plan(SolveMethod::LastLpCompleted, cost, 0.0));
        assert_eq!(
            pick(last(40.0), swaps()),
            Some(SolveMethod::LastLpCompleted)
        );
        assert_eq!(
            pick(last(50.0), swaps()),
            Some(SolveMethod::LastLpCompleted)
        );
        assert_eq!(pick(last(60.0), swaps()), Some(SolveMethod::StartingSwaps));
        assert_eq!(pick(last(60.0), none()), Some(SolveMethod::LastLpCompleted));
        let least = |short| Some(plan(SolveMethod::LeastShortfall, 10.0, short));
        assert_eq!(pick(least(2.0), swaps()), Some(SolveMethod::StartingSwaps));
        assert_eq!(pick(least(2.0), none()), Some(SolveMethod::LeastShortfall));
        assert_eq!(pick(None, swaps()), Some(SolveMethod::StartingSwaps));
        assert_eq!(pick(None, none()), None);
        // Swaps short of the targets (cost, shortfall): behind any completion that
        // falls less short, ahead of one that falls shorter; on the same shortfall
        // (within HiGHS's tolerance) the cheaper.
        use SolveMethod::{LastLpCompleted as Last, LeastShortfall as Least, ShortSwaps as Short};
        for (completed, (cost, short), written) in [
            (last(900.0), (5.0, 1.0), Last),
            (least(2.0), (5.0, 3.0), Least),
            (least(2.0), (50.0, 1.5), Short),
            (least(2.0), (5.0, 2.0), Short),
            (least(2.0), (5.0, 2.0 + 1e-8), Short),
            (least(2.0), (50.0, 2.0), Least),
            (None, (50.0, 2.0), Short),
        ] {
            let swaps = Ok(plan(Short, cost, short));
            assert_eq!(pick(completed, swaps), Some(written), "{cost} {short}");
        }
    }

    /// The choice the least-shortfall stage makes at the limit between its
    /// completion and the swaps short of the targets (`prefer`, by any key): the
    /// other plan only when it falls less short, or as short (within HiGHS's
    /// tolerance) and costs less; the other when nothing completed.
    #[test]
    fn the_completion_is_kept_unless_the_other_plan_is_better() {
        let key = |p: &(&str, f64, f64)| (p.1, p.2);
        for (completed, other, written) in [
            (
                Some(("completed", 2.0, 10.0)),
                ("other", 1.0, 90.0),
                "other",
            ),
            (
                Some(("completed", 2.0, 10.0)),
                ("other", 3.0, 1.0),
                "completed",
            ),
            (Some(("completed", 2.0, 10.0)), ("other", 2.0, 9.0), "other"),
            (
                Some(("completed", 2.0, 10.0)),
                ("other", 2.0 + 1e-8, 9.0),
                "other",
            ),
            (
                Some(("completed", 2.0, 10.0)),
                ("other", 2.0, 10.0),
                "completed",
            ),
            (
                Some(("completed", 2.0, 10.0)),
                ("other", 2.0 - 1e-8, 11.0),
                "completed",
            ),
            (None, ("other", 5.0, 99.0), "other"),
        ] {
            assert_eq!(prefer(completed, other, key).0, written, "{other:?}");
        }
    }

    /// The rounds end by the limit's share, or earlier when a quarter of their longest
    /// round is more: the completion at the limit always has what it asks for.
    #[test]
    fn the_rounds_end_early_enough_for_the_completion() {
        let (county, policy, full) = super::super::sample::haiyan_sample();
        let mut live = Restricted::new(&county, &policy, &full, &limited()).expect("LP");
        let end = live.limit_end.expect("a limit");
        let before_end =
            |live: &Restricted| (end - live.deadline().expect("a deadline")).as_secs_f64();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-3;
        // 12 s of 120 s: the limit's share.
        assert!(close(before_end(&live), 12.0), "{}", before_end(&live));
        live.longest_round = 40.0;
        assert!(close(before_end(&live), 12.0), "{}", before_end(&live));
        // A round of 80 s: 20 s before the end.
        live.longest_round = 80.0;
        assert!(close(before_end(&live), 20.0), "{}", before_end(&live));
        let free = Restricted::new(&county, &policy, &full, &SolveOptions::default()).expect("LP");
        assert!(free.deadline().is_none());
    }

    /// Swaps short of the targets are a plan only when they break no rule but the
    /// targets and move every teacher pinned to move: on the sample county with a 5 %
    /// outflow cap they are, with their shortfall; one more move (a one-way move, which
    /// breaks the staffing rule at tolerance 0) or a pin on a teacher they leave, and
    /// they are not.
    #[test]
    fn swaps_short_of_the_targets_are_a_plan_only_when_only_the_targets_break() {
        use crate::solve::model_rules::ModelRules;
        let (county, policy, eligibility, full) = capped_sample();
        let rules = ModelRules::new(&county, &policy, &full);
        let reached = super::super::columns::Reached::new(&county, &full);
        let start = super::super::start::swaps(&county, &policy, &full, &reached, &rules, None);
        assert!(
            start.plan.is_none(),
            "the targets are out of the swaps' reach"
        );
        let short_swaps = |full: &Candidates, swapped: &[usize]| {
            super::super::swaps_as_plan(&county, &policy, full, swapped, false)
        };
        // Taken as meeting the targets, they are no plan: they break them.
        let as_met = super::super::swaps_as_plan(&county, &policy, &full, &start.swapped, true);
        assert!(as_met.is_none());
        let short =
            short_swaps(&full, &start.swapped).expect("the swaps are a plan short of the targets");
        assert_eq!(short.method, SolveMethod::ShortSwaps);
        assert!(short.shortfall.0 > 0.0);
        let x = super::super::plan_x(&full, &short.moves);
        let broken = verify(&county, &policy, &eligibility, &full.chosen(&x));
        assert!(!broken.is_empty() && broken.iter().all(|b| b.rule().is_target()));
        // One more move, of a teacher the swaps leave where they are.
        let moved: Vec<usize> = start
            .swapped
            .iter()
            .map(|&j| full.moves[j].teacher)
            .collect();
        let extra = (0..full.moves.len())
            .find(|&j| !moved.contains(&full.moves[j].teacher))
            .expect("a teacher the swaps leave");
        let mut more = start.swapped.clone();
        more.push(extra);
        assert!(short_swaps(&full, &more).is_none());
        // A pin.
        let mut pinned = full.clone();
        pinned.must_move = vec![full.moves[extra].teacher];
        assert!(short_swaps(&pinned, &start.swapped).is_none());
        assert!(short_swaps(&full, &[]).is_none());
    }
}
