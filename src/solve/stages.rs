//! Targets first, always: the lexicographic solve (`docs/model.md`, "Targets first").
//!
//! A reachable target is never traded for cost. The round first asks for a plan
//! meeting every target and balance rule at least cost (one solve, the common case).
//! Only when that model is proven infeasible does it find, exactly (gap 0), the least
//! target shortfall `u + v`; then, when the policy has caps or floors, the least cost
//! with that shortfall held and every balance rule met, and only when no plan meets
//! them the least balance shortfall with the target shortfall held, then the least
//! cost with both held. `--gap` applies to the cost stages only.

use crate::model::error::{Result, RotationError};
use crate::model::solver_message::SolverMessage;
use crate::solve::formulation::{Formulation, MoveVariables, Stage};
use crate::solve::highs::{
    solve_with_capped_bound, solve_with_lp_first, Progress, SolveMethod, SolveOptions,
    SolveOutcome, SolveStage, SolveStatus,
};
use crate::solve::reach::least_shortfall_stage;
use crate::solve::start_basis::BasisSlot;
use serde::Serialize;
use std::time::Instant;

/// A least target shortfall above this (teachers) leaves a model other than the first
/// to try with every balance rule met (the stages hold the shortfall to the least plus
/// this).
const BALANCE_FIRST_ABOVE: f64 = 1e-6;

/// How much a stage's caps are loosened when they leave it infeasible
/// ([`Stage::loosened`]). HiGHS accepts an integer column within 1e-6 of a whole
/// number, so the least shortfall a stage reports may lie below every whole plan's by
/// that times the columns' coefficients, beyond `formulation::STAGE_SLACK` (an oracle
/// county's least balance shortfall reported 2.1212959, its best plan's 2.1212979: the
/// cost stage held to the first was infeasible). 1e-4 is a hundred times that
/// tolerance.
const CAP_RETRY_SLACK: f64 = 1e-4;

impl Stage {
    /// The same stage with each shortfall cap above zero loosened by
    /// [`CAP_RETRY_SLACK`] (relative, at least that much absolute): the model a stage
    /// is solved again with when HiGHS finds it infeasible ([`solve_held`]). A cap of
    /// zero fixes its columns at zero and stays: a target met stays met.
    fn loosened(self) -> Stage {
        let loose = |c: f64| {
            if c > 0.0 {
                c + CAP_RETRY_SLACK * c.max(1.0)
            } else {
                c
            }
        };
        match self {
            Stage::Targets => Stage::Targets,
            Stage::Balance { targets } => Stage::Balance {
                targets: loose(targets),
            },
            Stage::Cost { targets, balance } => Stage::Cost {
                targets: loose(targets),
                balance: loose(balance),
            },
        }
    }
}

/// What the stages proved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct StageReport {
    /// Solves run: 1 when every target and balance rule could be met.
    pub solves: u32,
    /// The least target shortfall `u + v` (teachers), proven unless a stage ran out
    /// of time.
    pub least_target_shortfall: f64,
    /// The least balance shortfall (teachers below floors plus CV² above caps).
    pub least_balance_shortfall: f64,
    /// Whether the least shortfalls are proven (no stage stopped on the time limit).
    pub proven: bool,
    /// Not proven, but pricing found no plan with less target shortfall among the
    /// moves it priced in (`solve::pricing`, when the search over every move that
    /// could lower it would have been nearly the full model).
    pub least_among_priced: bool,
}

/// Solves the round's model stage by stage; `build` makes the model of a stage.
/// `balance_shortfall`: the policy has caps or floors (a stage of their own).
///
/// `build` must depend on the variables and the stage alone: it is called once per
/// stage, and the stage's other models are copies of that one with the moves declared
/// again (`solve::model_copy::one_build_per_stage`).
pub fn solve_staged(
    build: impl FnMut(MoveVariables, Stage) -> Formulation,
    balance_shortfall: bool,
    options: &SolveOptions,
) -> Result<(SolveOutcome, StageReport)> {
    let start = Instant::now();
    let mut build = crate::solve::model_copy::one_build_per_stage(build);
    let remaining = |gap: Option<f64>| {
        let mut o = options.left_since(start);
        if let Some(g) = gap {
            o.gap = g;
        }
        o
    };
    let mut report = StageReport {
        solves: u32::from(!options.exchange_out_of_reach),
        proven: true,
        ..StageReport::default()
    };
    // The stage with every target met, unless the round knows it has no plan (then
    // HiGHS's simplex would only prove that, without presolve: about 0.1 s of the
    // family's `c4k-outflow10`'s 0.45 s).
    if !options.exchange_out_of_reach {
        let met = solve_with_lp_first(|v| build(v, Stage::MET), options)?;
        if met.status != SolveStatus::Infeasible {
            return Ok((met, report));
        }
    }
    // The least target shortfall, exactly.
    options
        .observer
        .report(Progress::Objective(SolveStage::LeastTargetShortfall));
    // The penalised solve of its relaxation leaves its basis for the cost stage's
    // (`solve::start_basis`), in the caller's slot when it gave one.
    let basis = if options.record_basis.wanted() {
        options.record_basis.clone()
    } else {
        BasisSlot::new()
    };
    // Its relaxation first, capped by the backbone movers' reach where it leaves the
    // backbone target short (`solve::reach`).
    let (targets, reach) =
        least_shortfall_stage(|v| build(v, Stage::Targets), &basis, &remaining(Some(0.0)))?;
    // The cap holds in every later stage's model (their plans are among this stage's),
    // and is written in their MIPs, not in their relaxations: it lifts HiGHS's root
    // bound (on the family's `c4k-bb8` at 35 %, the cost stage's 7,649.3 → 7,664.9,
    // the optimum 7,667.5; the plan 114 → 63 s, at 50 % 50 → 25 s), while a relaxation
    // held at the cap left moves that fix and complete could not complete (at 35 % and
    // 50 %: the stage then searched from no plan, 50 → 123 s at 50 %). The relaxation
    // with the cap is still solved, after the one without, for its bound
    // (`solve_stage`).
    let mut build = |v: MoveVariables, stage: Stage| {
        let relaxed = matches!(v, MoveVariables::Relaxed);
        let mut model = build(v, stage);
        if let (Some(cap), false) = (reach, relaxed) {
            model.cap_backbone_movers(cap);
        }
        model
    };
    let start_basis = basis.get();
    report.solves += 1;
    let least_targets = stage_optimum(&targets, false)?;
    report.proven &= targets.status == SolveStatus::Optimal;
    report.least_target_shortfall = least_targets;
    let mut least_balance = 0.0;
    // With no target shortfall, that model is the first one, already infeasible.
    if balance_shortfall && least_targets > BALANCE_FIRST_ABOVE {
        // First the least cost with every balance rule met: a plan there proves the
        // least balance shortfall 0 (none is less), and is the answer. Only without
        // one is the balance stage solved (on the family's `c6k-cv-caps`, whose caps
        // any plan meets, that stage took 31 s by the dual simplex, about 3 s by the
        // interior point method). It gets half the time left, and the balance stage
        // the rest when it runs out of time without a plan.
        options
            .observer
            .report(Progress::Objective(SolveStage::LeastCost));
        let stage = Stage::Cost {
            targets: least_targets,
            balance: 0.0,
        };
        let mut half = remaining(None);
        half.time_limit = half.time_limit.map(|t| t / 2.0);
        half.start_basis = start_basis.clone();
        report.solves += 1;
        match solve_stage(&mut build, stage, reach, &half) {
            Ok(mut cost) if cost.status != SolveStatus::Infeasible => {
                cost.solve_seconds = start.elapsed().as_secs_f64();
                return Ok((cost, report));
            }
            Ok(_) | Err(RotationError::TimeLimit(_)) => {}
            Err(e) => return Err(e),
        }
    }
    if balance_shortfall {
        options
            .observer
            .report(Progress::Objective(SolveStage::LeastBalanceShortfall));
        let stage = Stage::Balance {
            targets: least_targets,
        };
        report.solves += 1;
        let held = solve_held(
            &mut build,
            stage,
            reach,
            || remaining(Some(0.0)),
            &mut report,
        );
        let balance = match held {
            Ok(b) => b,
            Err(e) => return least_shortfall_at_limit(e, &targets, report, start),
        };
        least_balance = stage_optimum(&balance, true)?;
        report.proven &= balance.status == SolveStatus::Optimal;
        report.least_balance_shortfall = least_balance;
    }
    options
        .observer
        .report(Progress::Objective(SolveStage::LeastCost));
    let stage = Stage::Cost {
        targets: least_targets,
        balance: least_balance,
    };
    report.solves += 1;
    let cost = solve_held(
        &mut build,
        stage,
        reach,
        || SolveOptions {
            start_basis: start_basis.clone(),
            ..remaining(None)
        },
        &mut report,
    );
    let mut cost = match cost {
        Ok(c) => c,
        Err(e) => return least_shortfall_at_limit(e, &targets, report, start),
    };
    if cost.status == SolveStatus::Infeasible {
        return Err(RotationError::Solver(SolverMessage::CostStageInfeasible));
    }
    cost.solve_seconds = start.elapsed().as_secs_f64();
    Ok((cost, report))
}

/// Solves a stage that holds the least shortfalls found before it; when HiGHS finds
/// it infeasible (those least shortfalls were reported a tolerance below every whole
/// plan's, see [`CAP_RETRY_SLACK`]), once more with its caps loosened. `options` is
/// asked for at each solve, so the second gets only the time left.
fn solve_held<B, O>(
    build: &mut B,
    stage: Stage,
    reach: Option<f64>,
    options: O,
    report: &mut StageReport,
) -> Result<SolveOutcome>
where
    B: FnMut(MoveVariables, Stage) -> Formulation,
    O: Fn() -> SolveOptions,
{
    let first = solve_stage(build, stage, reach, &options())?;
    let loose = stage.loosened();
    if first.status != SolveStatus::Infeasible || loose == stage {
        return Ok(first);
    }
    report.solves += 1;
    // A progress line starts the stage's plan and bound afresh: the bounds of the
    // stage held tighter (which had no plan) need not hold for the loosened one.
    let options = options();
    options.observer.report(Progress::Objective(match stage {
        Stage::Targets => SolveStage::LeastTargetShortfall,
        Stage::Balance { .. } => SolveStage::LeastBalanceShortfall,
        Stage::Cost { .. } => SolveStage::LeastCost,
    }));
    solve_stage(build, loose, reach, &options)
}

/// Solves a stage after the least target shortfall. With the backbone movers' cap
/// `reach` (written in the stage's MIPs by `build`, not in its relaxation), the steps
/// after the relaxation take their bound from the relaxation with the cap
/// (`highs::solve_with_capped_bound`).
fn solve_stage<B>(
    build: &mut B,
    stage: Stage,
    reach: Option<f64>,
    options: &SolveOptions,
) -> Result<SolveOutcome>
where
    B: FnMut(MoveVariables, Stage) -> Formulation,
{
    match reach {
        Some(cap) => solve_with_capped_bound(|v| build(v, stage), cap, options),
        None => solve_with_lp_first(|v| build(v, stage), options),
    }
}

/// The answer when the time limit ends a stage after the least-shortfall stage before
/// it has a plan (`why`): that stage's plan, which breaks no hard rule and falls least
/// short of the targets found, rather than the plan in which nobody moves (method
/// `least_shortfall`, status `time_limit`). Its cost is not a stage's objective: it is
/// left to the round, which recomputes every plan's objective from its moves
/// (`round::check`), and no bound on the cost is known. Any other failure, or no plan,
/// stays an error.
fn least_shortfall_at_limit(
    why: RotationError,
    targets: &SolveOutcome,
    mut report: StageReport,
    start: Instant,
) -> Result<(SolveOutcome, StageReport)> {
    let has_plan = targets.status != SolveStatus::Infeasible && !targets.x.is_empty();
    if !matches!(why, RotationError::TimeLimit(_)) || !has_plan {
        return Err(why);
    }
    report.proven &= targets.status == SolveStatus::Optimal;
    let outcome = SolveOutcome {
        status: SolveStatus::TimeLimit,
        method: SolveMethod::LeastShortfall,
        objective: f64::NAN,
        dual_bound: f64::NAN,
        mip_gap: f64::NAN,
        lp_integral: None,
        lp_bound: None,
        solve_seconds: start.elapsed().as_secs_f64(),
        ..targets.clone()
    };
    Ok((outcome, report))
}

/// The optimum of a shortfall stage (the balance stage when `balance`, else the
/// targets'): its plan's objective (with gap 0, proven), never below 0.
fn stage_optimum(outcome: &SolveOutcome, balance: bool) -> Result<f64> {
    if outcome.status == SolveStatus::Infeasible {
        return Err(RotationError::Solver(SolverMessage::StageInfeasible {
            balance,
        }));
    }
    Ok(outcome.objective.max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A least-shortfall plan of four moves (the second and third made), proven.
    fn least_plan() -> SolveOutcome {
        SolveOutcome {
            status: SolveStatus::Optimal,
            method: SolveMethod::BranchAndBound,
            objective: 2.4,
            dual_bound: 2.4,
            mip_gap: 0.0,
            x: vec![0.0, 1.0, 1.0, 0.0],
            shortfall_exchange: 2.0,
            shortfall_backbone: 0.4,
            ..SolveOutcome::nobody_moves(4, 10, 0.0)
        }
    }

    fn out_of_time() -> RotationError {
        RotationError::TimeLimit(SolverMessage::NoPlanInTime)
    }

    /// A later stage out of time writes the least-shortfall plan, marked as stopped
    /// by the time limit, with no bound on its cost (the round computes the cost).
    #[test]
    fn a_later_stage_out_of_time_keeps_the_least_shortfall_plan() {
        let report = StageReport {
            proven: true,
            ..StageReport::default()
        };
        let (o, r) =
            least_shortfall_at_limit(out_of_time(), &least_plan(), report, Instant::now()).unwrap();
        assert_eq!(o.status, SolveStatus::TimeLimit);
        assert_eq!(o.method, SolveMethod::LeastShortfall);
        assert_eq!(o.x, vec![0.0, 1.0, 1.0, 0.0]);
        assert_eq!((o.shortfall_exchange, o.shortfall_backbone), (2.0, 0.4));
        assert!(o.objective.is_nan() && o.dual_bound.is_nan() && o.mip_gap.is_nan());
        assert!(r.proven, "the least shortfall itself was proven");
        // Not proven when that stage itself stopped on the time limit.
        let unproven = SolveOutcome {
            status: SolveStatus::TimeLimit,
            ..least_plan()
        };
        let (_, r) =
            least_shortfall_at_limit(out_of_time(), &unproven, report, Instant::now()).unwrap();
        assert!(!r.proven);
    }

    /// Any other failure stays an error, and so does a time-out with no plan to keep.
    #[test]
    fn only_a_time_out_with_a_plan_falls_back() {
        let report = StageReport::default();
        let failure = RotationError::Solver(SolverMessage::HardRulesInfeasible);
        assert!(least_shortfall_at_limit(failure, &least_plan(), report, Instant::now()).is_err());
        let none = SolveOutcome::infeasible(Default::default());
        assert!(least_shortfall_at_limit(out_of_time(), &none, report, Instant::now()).is_err());
    }

    /// A stage solved again is held to caps loosened by the retry slack (relative
    /// above 1, absolute below); a cap of zero (a target met) stays exact.
    #[test]
    fn a_stage_solved_again_has_its_caps_loosened() {
        let s = CAP_RETRY_SLACK;
        let cost = Stage::Cost {
            targets: 4.0,
            balance: 0.5,
        };
        assert_eq!(
            cost.loosened(),
            Stage::Cost {
                targets: 4.0 * (1.0 + s),
                balance: 0.5 + s
            }
        );
        let met = Stage::Cost {
            targets: 0.0,
            balance: 2.0,
        };
        assert_eq!(
            met.loosened(),
            Stage::Cost {
                targets: 0.0,
                balance: 2.0 * (1.0 + s)
            }
        );
        assert_eq!(Stage::MET.loosened(), Stage::MET);
        assert_eq!(Stage::Targets.loosened(), Stage::Targets);
        assert_eq!(
            Stage::Balance { targets: 1.0 }.loosened(),
            Stage::Balance { targets: 1.0 + s }
        );
    }
}
