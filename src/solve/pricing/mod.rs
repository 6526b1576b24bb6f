//! Pricing candidate moves in (column generation): the same model as
//! `rotation plan`, solved without handing HiGHS every candidate move at once.
//!
//! Long file: `solve_priced` is one pipeline (pricing, the stages when a target is
//! out of reach, completion, the MIPs among the priced moves, the last MIP), whose
//! steps share the live LP, the plan known so far and the deadline; split apart they
//! would pass a dozen values around.
//!
//! A county of 100,000 teachers has millions of candidate moves, nearly all of which
//! no good plan uses. The solve starts from the moves between neighbouring schools
//! and adds a move only when the LP duals say it could lower the cost (negative
//! reduced cost), until no move can: the LP relaxation of the restricted model is then
//! the LP relaxation of the full model, and its optimum a valid bound for the full
//! model. When that optimum is integral, it is the full model's optimum. Otherwise a
//! plan is completed on the priced moves; failing that, a plan is sought among the
//! priced moves (first with the LP's whole moves kept), each plan proven against the
//! Lagrangian bound; if none is within the gap of the bound, every move whose reduced
//! cost is below the best plan's slack (the only moves a better plan can use) joins,
//! and the MIP over those moves settles it exactly.
//!
//! The restricted LP lives in one HiGHS instance for all rounds ([`LiveLp`]): most of
//! its rows are created up front, joining moves are added as columns (and the rows
//! they need, see `layout::Layout`), and each round's dual simplex starts from the previous
//! round's basis. Its form (see [`Layout`]) has no
//! row that holds every move, and a teacher's `once` row is written when their second
//! move joins (a teacher pinned to move: with their first, as `= 1`). Every round also gives a Lagrangian bound over every candidate move
//! (keeping each teacher's `once` row), valid for the full model whatever the duals:
//! pricing may stop early once the restricted LP's optimum is within the gap of that
//! bound.
//!
//! Only the LP relaxation is priced: the completing MIPs are built by [`formulate`]
//! over the priced moves and solved on fresh HiGHS instances.

use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::policy::Policy;
use crate::model::solver_message::SolverMessage;
use crate::rules::candidates::Candidates;
use crate::solve::formulation::{formulate, MoveVariables, Stage};
use crate::solve::highs::{
    cutoff_above, largest_within_gap, proven_by_cutoff, relative_gap, solve, within_gap,
    SolveMethod, SolveOptions, SolveOutcome, SolveStatus,
};
use crate::solve::stages::StageReport;
use std::time::Instant;

mod at_limit;
mod columns;
mod elastic;
mod every_move;
mod lagrangian;
mod layout;
mod least_shortfall;
mod objective;
mod purge;
mod restricted;
mod rounds;
#[cfg(test)]
mod sample;
mod settings;
mod start;

use columns::{neighbourhood, restrict, Reached};
use restricted::Restricted;
use rounds::{price, Round};
use settings::INTEGRALITY_TOL;
pub use settings::{PricingStats, PRICING_THRESHOLD, START_NEAREST};

/// A plan known before the last MIP, written when the time limit ends the solve
/// before a better one: the starting swaps, or the plan with the least target
/// shortfall; or the swaps short of the targets (`swaps_as_plan`), written only where
/// the limit ends the solve at once, never a cutoff. Its moves index `full.moves`.
#[derive(Clone)]
struct Known {
    moves: Vec<usize>,
    method: SolveMethod,
    /// Its `(u, v)`.
    shortfall: (f64, f64),
}

/// A plan's move values (indexed like `full.moves`) from its moves.
fn plan_x(full: &Candidates, moves: &[usize]) -> Vec<f64> {
    let mut x = vec![0.0; full.moves.len()];
    for &j in moves {
        x[j] = 1.0;
    }
    x
}

/// The swaps `swapped` (indices into `full.moves`) as a plan to fall back on: when
/// they meet the targets (`met`), only if every rule holds for them (method
/// `starting_swaps`); short of them, only if they move someone and break no rule but
/// the two targets (method `short_swaps`, with their shortfall as the model counts
/// it). Either only if they move every teacher pinned to move (the candidates hold
/// no move against a pin), whose moves are excused where they are not eligible, as
/// the round's check excuses them.
fn swaps_as_plan(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    swapped: &[usize],
    met: bool,
) -> Option<Known> {
    if swapped.is_empty() {
        return None;
    }
    let shortfall = crate::solve::refill::judge(county, policy, full, swapped, met)?;
    let method = if met {
        SolveMethod::StartingSwaps
    } else {
        SolveMethod::ShortSwaps
    };
    Some(Known {
        moves: swapped.to_vec(),
        method,
        shortfall,
    })
}

/// Solves the model over `full` by pricing moves in. The returned outcome's `x` is
/// indexed like `full.moves`; `size` is the last restricted model's. When even the
/// LP relaxation misses a target, the stages are priced too (see
/// `least_shortfall`), except under caps or floors: the outcome is then `Infeasible`
/// and the round's stages run on the full model.
///
/// The outcome is `Infeasible` too, in a round where teachers must move (pinned to
/// move, or returning this year), when the rounds converge leaning on an elastic
/// (`Layout::push_elastic`: almost surely no plan keeps the staffing, subject and
/// never-worse rows with them), or a
/// restricted LP has no solution even with the elastics free (an outflow cap the
/// pinned teachers exceed), or the least-shortfall search among the priced moves finds
/// no plan. The round then solves the full model, every candidate move in it, which
/// names the rule broken or finds the plan.
pub fn solve_priced(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    start_nearest: usize,
    options: &SolveOptions,
) -> Result<(SolveOutcome, PricingStats, StageReport)> {
    // Elsewhere nobody moving solves every restricted LP and is a plan of the
    // least-shortfall stage: failing either there is a wrong answer, and stays one.
    let must_move = !full.nobody_may_stay(county);
    match priced(county, policy, full, start_nearest, options) {
        Err(e) if must_move && hands_over(&e) => {
            if options.verbose {
                eprintln!("{e}: the full model is solved instead");
            }
            let stats = PricingStats {
                candidate_moves: full.moves.len(),
                ..PricingStats::default()
            };
            let size = crate::solve::formulation::ModelSize::default();
            Ok((
                SolveOutcome::infeasible(size),
                stats,
                StageReport::default(),
            ))
        }
        other => other,
    }
}

/// Pricing's own proof that this year's returns leave no plan, for a round whose
/// full model HiGHS found without one: the rounds of the met stage's LP relaxation
/// over every candidate move, then their phase one (`rounds::price`), whose bound
/// proves it from duals whatever HiGHS's accuracy, and whose least breach names the
/// rows. Only the rounds (no MIP, no progress line, no log), within what is left of
/// `options`' time limit. `None` where the proof is not reached or the relaxation
/// keeps the hard rules (only whole plans cannot: the round's message of before).
pub fn prove_returns_blocked(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    options: &SolveOptions,
) -> Option<RotationError> {
    if county.history.returns.is_empty() {
        return None;
    }
    let quiet = SolveOptions {
        time_limit: options.time_limit,
        threads: options.threads,
        seed: options.seed,
        presolve: options.presolve,
        ..SolveOptions::default()
    };
    let mut live = Restricted::new(county, policy, full, &quiet).ok()?;
    let reached = Reached::new(county, full);
    let mut first = neighbourhood(county, full, &reached, START_NEAREST);
    // Every move of a teacher pinned to move is in from the first round, as in
    // `priced` (their `once` row is an equality).
    first.extend(
        (0..full.moves.len())
            .filter(|&j| full.must_move.binary_search(&full.moves[j].teacher).is_ok()),
    );
    first.sort_unstable();
    first.dedup();
    live.add(county, full, &first).ok()?;
    let mut stats = PricingStats::default();
    match price(county, full, &mut live, quiet.gap, false, false, &mut stats) {
        Err(e @ RotationError::Solver(SolverMessage::ReturnsProvenBlocked { .. })) => Some(e),
        _ => None,
    }
}

/// Whether pricing's error `e`, in a round where some teacher must move, hands the
/// round to the full model: a restricted LP without a solution even with its
/// elastics free, rounds that converged leaning on an elastic (both reported as an
/// infeasible restricted LP), or a least-shortfall search among the priced moves that
/// found no plan (nobody moving is none there); the full model names the rule
/// broken, or finds the plan.
fn hands_over(e: &RotationError) -> bool {
    match e {
        RotationError::Solver(SolverMessage::RestrictedLpStatus { status }) => {
            *status == highs_sys::MODEL_STATUS_INFEASIBLE
                || *status == highs_sys::MODEL_STATUS_UNBOUNDED_OR_INFEASIBLE
        }
        RotationError::Solver(SolverMessage::StageInfeasible { .. }) => true,
        _ => false,
    }
}

/// The swaps pricing starts from, as a plan: `Some` when they meet both targets,
/// move every teacher pinned to move and break no rule (`swaps_as_plan`); their moves
/// as indices into `full.moves`. For a round that hands HiGHS every move and whose
/// time limit ran out before any plan where nobody moving is no plan (a teacher is
/// pinned to move). The limit is past: the search widens only where a wider search
/// takes less than its grace (milliseconds), as it does past a deadline in pricing.
pub fn swaps_plan(county: &County, policy: &Policy, full: &Candidates) -> Option<Vec<usize>> {
    let rules = crate::solve::model_rules::ModelRules::new(county, policy, full);
    let reached = Reached::new(county, full);
    let now = Some(Instant::now());
    let plan = start::swaps(county, policy, full, &reached, &rules, now).plan?;
    swaps_as_plan(county, policy, full, &plan, true).map(|known| known.moves)
}

fn priced(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    start_nearest: usize,
    options: &SolveOptions,
) -> Result<(SolveOutcome, PricingStats, StageReport)> {
    let start = Instant::now();
    let mut stats = PricingStats {
        candidate_moves: full.moves.len(),
        ..PricingStats::default()
    };
    let mut report = StageReport {
        solves: 1,
        proven: true,
        ..StageReport::default()
    };
    // Without the time for them the restricted LP and the swaps are not started on a
    // large county (the round then writes the plan in which nobody moves): reading a
    // county of 100,000 teachers and listing its candidate moves take about 1 s, the
    // restricted LP and the nearest swaps 1.3 s more (`start::too_late_to_start`),
    // and neither looks at the clock. Not where nobody moving breaks a rule
    // (teachers return this year, or are pinned to move): the swaps may be the only
    // plan at hand. The round writes that plan on the same condition.
    let may_stop = full.nobody_may_stay(county);
    let moves = full.moves.len();
    if may_stop && start::too_late_to_start(options.time_limit, moves) {
        return Err(RotationError::TimeLimit(SolverMessage::TimeWhilePricing));
    }
    let t = Instant::now();
    options
        .observer
        .report(crate::solve::highs::Progress::Stage(
            crate::solve::highs::SolveStage::PricingMovesIn,
        ));
    let mut live = Restricted::new(county, policy, full, options)?;
    let left = live
        .limit_end
        .map(|end| end.saturating_duration_since(Instant::now()).as_secs_f64());
    if may_stop && start::too_late_for_swaps(left, moves) {
        return Err(RotationError::TimeLimit(SolverMessage::TimeWhilePricing));
    }
    let reached = Reached::new(county, full);
    let mut first = neighbourhood(county, full, &reached, start_nearest.max(1));
    let mut swaps = start::swaps(
        county,
        policy,
        full,
        &reached,
        &live.layout.rules,
        live.limit_end,
    );
    // Swaps that miss the targets tell of targets likely out of reach: `u` then relaxes
    // the rounding row (see `Layout::fixed_columns`). Where they meet them, `u` leaves
    // the LP in its first rounds, and the entry would only change their path (on the
    // family's `c8k-latlon` to a completion that failed, 1.1 → 1.9 s).
    // Swaps the limit cut short tell nothing of the targets' reach.
    if !swaps.met && !swaps.cut_short {
        live.let_u_relax_rounding()?;
    }
    // With every move of the teachers pinned to move and their partners'
    // (`start::pinned_swaps`).
    first.extend(&swaps.columns);
    // The swaps stand as a plan (the incumbent that narrows the last MIP, the plan at
    // a time limit) only when every rule holds for them: on a small county the oracle
    // found swaps that cost less than the optimum, so they broke a rule, and the last
    // MIP, narrowed by their cost, missed the optimum.
    let met_swaps = swaps
        .plan
        .take()
        .and_then(|plan| swaps_as_plan(county, policy, full, &plan, true));
    first.sort_unstable();
    first.dedup();
    live.add(county, full, &first)?;
    // When the time limit ends the solve before a better plan, the swaps are written
    // (they meet the targets) with the best bound found, instead of nobody moving;
    // past the least target shortfall, the plan that proved it.
    let mut known = met_swaps;
    // Swaps short of the targets are a plan too, with fewer teachers short than nobody
    // moving, when every rule but the targets holds for them: written only when the
    // time limit ends pricing before any other plan (on a county of the family whose
    // targets are out of reach, `d20k-outflow10` under a 1 s limit, nobody moved). No
    // cutoff is taken from them: they meet no stage's shortfall.
    let short = if known.is_none() && options.time_limit.is_some() {
        swaps_as_plan(county, policy, full, &swaps.swapped, false)
    } else {
        None
    };
    let cost_of = |x: &[f64], live: &Restricted| live.cost_of(county, full, x);
    let fallback =
        |known: Option<&Known>, live: &Restricted, stats: &PricingStats, why: RotationError| {
            let Some(Known {
                moves: plan,
                method,
                shortfall,
            }) = known
            else {
                return Err(why);
            };
            let x = plan_x(full, plan);
            let objective = cost_of(&x, live);
            // Swaps short of the targets are a plan of no stage the rounds bound.
            let bound = if *method == SolveMethod::ShortSwaps {
                f64::NAN
            } else {
                live.best_bound
            };
            let (dual_bound, mip_gap) = if bound.is_finite() {
                (bound, relative_gap(objective, bound))
            } else {
                (f64::NAN, f64::NAN)
            };
            Ok(SolveOutcome {
                status: SolveStatus::TimeLimit,
                method: *method,
                objective,
                dual_bound,
                mip_gap,
                x,
                shortfall_exchange: shortfall.0,
                shortfall_backbone: shortfall.1,
                nodes: 0,
                lp_integral: None,
                lp_bound: bound.is_finite().then_some(bound),
                lp_seconds: stats.lp_seconds,
                solve_seconds: start.elapsed().as_secs_f64(),
                size: live.size(),
            })
        };
    let out_of_time = |e: &RotationError| matches!(e, RotationError::TimeLimit(_));
    stats.build_seconds += t.elapsed().as_secs_f64();
    let build =
        |cands: &Candidates, variables: MoveVariables, stage: Stage, stats: &mut PricingStats| {
            let t = Instant::now();
            let f = formulate(county, policy, cands, variables, stage);
            stats.build_seconds += t.elapsed().as_secs_f64();
            f
        };
    let remaining = |options: &SolveOptions| options.left_since(start);
    let to_full = |x: &[f64], index: &[usize]| {
        let mut out = vec![0.0; full.moves.len()];
        for (r, &j) in index.iter().enumerate() {
            out[j] = x[r];
        }
        out
    };
    // A round's LP solution (over every candidate move) fixed where whole and completed
    // over the priced moves, on a fresh HiGHS instance (see
    // `solve::solve_with_lp_first`); with the priced moves and their indices.
    let complete = |x: &[f64],
                    stage: Stage,
                    bound: f64,
                    within: SolveOptions,
                    live: &Restricted,
                    stats: &mut PricingStats| {
        let (restricted, index) = restrict(full, &live.keep);
        let restricted_x: Vec<f64> = index.iter().map(|&j| x[j]).collect();
        let fixed = solve(
            build(
                &restricted,
                MoveVariables::FixedWhereIntegral(&restricted_x),
                stage,
                stats,
            ),
            &SolveOptions {
                proven_bound: Some(bound),
                ..within
            },
        );
        (fixed, restricted, index)
    };
    // The completed plan as the solve's outcome, when it is within the gap of `bound`.
    let proven_completion = |fixed: &SolveOutcome,
                             index: &[usize],
                             bound: f64,
                             stats: &PricingStats,
                             size|
     -> Option<SolveOutcome> {
        (fixed.status == SolveStatus::Optimal && within_gap(fixed.objective, bound, options.gap))
            .then(|| SolveOutcome {
                method: SolveMethod::LpFixAndComplete,
                dual_bound: bound,
                mip_gap: relative_gap(fixed.objective, bound),
                x: to_full(&fixed.x, index),
                lp_integral: Some(false),
                lp_bound: Some(bound),
                lp_seconds: stats.lp_seconds,
                solve_seconds: start.elapsed().as_secs_f64(),
                size,
                ..fixed.clone()
            })
    };
    // The rounds of the first stage. With `chords_may_remain` they may end within the
    // gap at a solution some chords cut (see below).
    let first_rounds = |live: &mut Restricted,
                        stats: &mut PricingStats,
                        chords_may_remain: bool|
     -> Result<std::result::Result<Round, SolveOutcome>> {
        match price(
            county,
            full,
            live,
            options.gap,
            chords_may_remain,
            options.verbose,
            stats,
        ) {
            Ok(round) => Ok(Ok(round)),
            Err(e) if out_of_time(&e) => {
                // The plan completed from the last round's LP, or the swaps, whichever
                // falls less short of the targets, then costs less. Where the LP
                // solution falls short of the targets, or no completion meets them,
                // and no swaps do either (a county whose targets are out of reach:
                // `d20k-outflow10` wrote the plan in which nobody moves under limits of
                // 2 and 4 s), the completion that falls least short of them, with no
                // bound claimed (method `least_shortfall`, as the least-shortfall
                // stage's plan at a limit in `solve::stages`), or the swaps short of
                // the targets when they fall less short (method `short_swaps`).
                let timing = (start, stats.lp_seconds);
                let met = (live.completed_shortfall() <= INTEGRALITY_TOL).then(|| {
                    at_limit::complete(county, policy, full, live, options, timing, Stage::MET)
                });
                let completed = match met.flatten() {
                    Some(c) => Some(c),
                    // The swaps meet the targets: no completion short of them can win.
                    None if known.is_some() => None,
                    None => at_limit::least_completion(county, policy, full, live, options, timing),
                };
                let written = known.as_ref().or(short.as_ref());
                Ok(Err(at_limit::preferred(
                    completed,
                    fallback(written, live, stats, e),
                )?))
            }
            Err(e) => Err(e),
        }
    };
    // The rows before the first round: 55,000 on the 100,000-teacher practice county,
    // about 11,000 at 20,000 teachers.
    let chords_may_remain = live.lp.rows() >= options.complete_cut_rows;
    let round = match first_rounds(&mut live, &mut stats, chords_may_remain)? {
        Ok(round) => round,
        Err(at_limit) => return Ok((at_limit, stats, report)),
    };
    // A round within the gap at a solution some chords cut: its Lagrangian bound holds
    // (the LP without those chords is a relaxation), and a plan completed from it
    // under the full model, every balance row included, is proven against that bound
    // as well as one from a solution no chord cuts. So the completion is tried first;
    // only when its plan is outside the gap (or there is none) do the rounds go on,
    // re-solving with the chords. Each such re-solve rebuilds HiGHS's factorisation and
    // edge weights: on the 100,000-teacher practice county two of them, 24 and 3
    // iterations, took 3.5 s. Only on large LPs (`SolveOptions::complete_cut_rows`):
    // on smaller ones a re-solve costs less than a completion. A round with a shortfall
    // goes on at once (the stages below need the LP's own solution).
    let round = if round.chord_free {
        round
    } else {
        let shortfall =
            round.shortfall_exchange + round.shortfall_backbone + round.balance_shortfall;
        // The completion ends by the rounds' own deadline: the time limit's last share
        // stays for a plan at the limit (`at_limit::complete`).
        let to_deadline = live
            .deadline()
            .map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64());
        if shortfall <= INTEGRALITY_TOL && to_deadline.is_none_or(|t| t > 0.0) {
            let mut within_deadline = remaining(options);
            within_deadline.time_limit = [within_deadline.time_limit, to_deadline]
                .into_iter()
                .flatten()
                .reduce(f64::min);
            let (completed, _, index) = complete(
                &round.x,
                Stage::MET,
                round.lower_bound,
                within_deadline,
                &live,
                &mut stats,
            );
            // Any error, out of time included, leaves the plan to the rounds below:
            // they re-solve with the chords, or, past the deadline, end at once with
            // the plan at the limit (completed from the last solution no chord cuts,
            // or the swaps).
            if let Ok(fixed) = completed {
                if options.verbose {
                    eprintln!(
                        "completion of a round's LP some chords cut: {:?}, objective {:.6}, bound {:.6}",
                        fixed.status, fixed.objective, round.lower_bound
                    );
                }
                let size = live.size();
                if let Some(outcome) =
                    proven_completion(&fixed, &index, round.lower_bound, &stats, size)
                {
                    stats.priced_moves = live.col_move.len();
                    return Ok((outcome, stats, report));
                }
            }
        }
        match first_rounds(&mut live, &mut stats, false)? {
            Ok(round) => round,
            Err(at_limit) => return Ok((at_limit, stats, report)),
        }
    };
    let mut stage = Stage::MET;
    let round = if round.shortfall_exchange + round.shortfall_backbone + round.balance_shortfall
        > INTEGRALITY_TOL
    {
        // Even the relaxation cannot meet every target and balance rule (the
        // shortfall columns' weight is far above any plan's cost). With caps or
        // floors the round's stages settle the least shortfalls on the full model;
        // without, the stages are priced too (`least_shortfall`).
        if policy.balance.has_shortfall_rules() {
            stats.priced_moves = live.col_move.len();
            return Ok((SolveOutcome::infeasible(live.size()), stats, report));
        }
        let least = least_shortfall::least(
            county,
            policy,
            full,
            &mut live,
            options,
            &mut stats,
            (start, short.as_ref()),
        )?;
        report.solves += 1;
        report.least_target_shortfall = least.shortfall;
        report.proven = least.proven;
        report.least_among_priced = least.among_priced;
        // The plan with the least shortfall may make moves the LP lacks (the widening
        // search looks beyond it). They join: the cost stage's LP, which holds the
        // shortfall at that least and `shortfall_rounding`, a cut that removes the
        // least-shortfall LP's fractional optimum, then holds that plan and stays
        // feasible.
        let missing: Vec<usize> = least
            .plan
            .moves
            .iter()
            .copied()
            .filter(|&j| !live.keep[j])
            .collect();
        if !missing.is_empty() {
            live.add(county, full, &missing)?;
        }
        // Swaps short of the targets come back only when the time limit ended the
        // least-shortfall LP: written at once, never a cutoff.
        if least.plan.method == SolveMethod::ShortSwaps {
            let e = RotationError::TimeLimit(SolverMessage::TimeWhilePricing);
            return Ok((
                fallback(Some(&least.plan), &live, &stats, e)?,
                stats,
                report,
            ));
        }
        known = Some(least.plan);
        // Pricing that stopped within the gap may have shown a shortfall the targets do
        // not need: with none, the model is the first one (the rounding row a cut again).
        let reachable = least.shortfall <= INTEGRALITY_TOL;
        stage = if reachable {
            Stage::MET
        } else {
            Stage::Cost {
                targets: least.shortfall,
                balance: 0.0,
            }
        };
        report.solves += 1;
        options
            .observer
            .report(crate::solve::highs::Progress::Objective(
                crate::solve::highs::SolveStage::LeastCost,
            ));
        live.set_objective(full, stage.into())?;
        match price(
            county,
            full,
            &mut live,
            options.gap,
            false,
            options.verbose,
            &mut stats,
        ) {
            Ok(round) => round,
            Err(e) if out_of_time(&e) => {
                return Ok((fallback(known.as_ref(), &live, &stats, e)?, stats, report))
            }
            Err(e) => return Err(e),
        }
    } else {
        round
    };
    stats.priced_moves = live.col_move.len();
    let lp_size = live.size();
    let lower_bound = round.lower_bound;
    // A whole solution is a plan of the stage only with the stage's shortfalls: the
    // met objective prices them (`SHORTFALL_PENALTY`) rather than holding them at 0,
    // and a balance reward can outweigh that price. (A county where the least target
    // shortfall is 0 had a whole LP solution 0.2 backbone teachers short, its cost
    // 30,930 below the least plan's that meets every target.)
    let shortfall_held = stage != Stage::MET
        || round.shortfall_exchange + round.shortfall_backbone + round.balance_shortfall
            <= INTEGRALITY_TOL;
    let integral = shortfall_held
        && round
            .x
            .iter()
            .all(|v| (v - v.round()).abs() <= INTEGRALITY_TOL);
    if integral {
        let x: Vec<f64> = round.x.iter().map(|v| v.round()).collect();
        // The plan's cost from its moves (not HiGHS's objective); `plan` checks it
        // once more against the rules.
        let objective = cost_of(&x, &live);
        // Integral and within the gap of the full model's bound: optimal within the
        // gap, no branching.
        let outcome = SolveOutcome {
            status: SolveStatus::Optimal,
            method: SolveMethod::LpIntegral,
            objective,
            dual_bound: lower_bound,
            mip_gap: relative_gap(objective, lower_bound),
            x,
            shortfall_exchange: round.shortfall_exchange,
            shortfall_backbone: round.shortfall_backbone,
            nodes: 0,
            lp_integral: Some(true),
            lp_bound: Some(lower_bound),
            lp_seconds: stats.lp_seconds,
            solve_seconds: start.elapsed().as_secs_f64(),
            size: lp_size,
        };
        return Ok((outcome, stats, report));
    }
    let (fixed, restricted, index) = complete(
        &round.x,
        stage,
        lower_bound,
        remaining(options),
        &live,
        &mut stats,
    );
    let fixed = match fixed {
        Ok(fixed) => fixed,
        // Out of time with no plan but the swaps: those that meet the targets, else
        // those short of them (written at once, never a cutoff).
        Err(e) if out_of_time(&e) => {
            let written = known.as_ref().or(short.as_ref());
            return Ok((fallback(written, &live, &stats, e)?, stats, report));
        }
        Err(e) => return Err(e),
    };
    if options.verbose {
        eprintln!(
            "completion of the round's LP: {:?}, objective {:.6}, bound {lower_bound:.6}",
            fixed.status, fixed.objective
        );
    }
    if let Some(outcome) = proven_completion(&fixed, &index, lower_bound, &stats, lp_size) {
        return Ok((outcome, stats, report));
    }
    // Before the rounds run to the end (on the 100,000-teacher practice county under
    // `haiyan-2022`, 13 more rounds and 45 s after a completion that had no plan), a
    // MIP over the priced moves, the LP's whole moves kept, seeks a plan within the
    // gap of the Lagrangian bound (proven when found), for at most two rounds' time.
    if !round.converged && fixed.status != SolveStatus::Optimal {
        let lp_x: Vec<f64> = index.iter().map(|&j| round.x[j]).collect();
        let model = build(
            &restricted,
            MoveVariables::OnesFixed(&lp_x),
            stage,
            &mut stats,
        );
        // Two rounds' LP and pricing time, and never past the rounds' own deadline
        // (the time limit's last share is kept for a plan at the limit).
        let per_round = (stats.lp_seconds + stats.pricing_seconds) / stats.rounds.max(1) as f64;
        let to_deadline = live.deadline().map(|d| {
            d.saturating_duration_since(Instant::now())
                .as_secs_f64()
                .max(0.01)
        });
        let budget = [
            Some(2.0 * per_round),
            to_deadline,
            remaining(options).time_limit,
        ]
        .into_iter()
        .flatten()
        .fold(f64::INFINITY, f64::min)
        .max(0.01);
        let sought = SolveOptions {
            cutoff: Some(largest_within_gap(lower_bound, options.gap)),
            proven_bound: Some(lower_bound),
            time_limit: Some(budget),
            ..options.clone()
        };
        if let Ok(n) = solve(model, &sought) {
            if options.verbose {
                eprintln!(
                    "a plan among the priced moves: {:?}, objective {:.6}",
                    n.status, n.objective
                );
            }
            let found = !n.x.is_empty()
                && n.status != SolveStatus::Infeasible
                && !n.holds_plan_above_cutoff()
                && within_gap(n.objective, lower_bound, options.gap);
            if found {
                let outcome = SolveOutcome {
                    status: SolveStatus::Optimal,
                    method: SolveMethod::ReducedCostFixing,
                    dual_bound: lower_bound,
                    mip_gap: relative_gap(n.objective, lower_bound),
                    x: to_full(&n.x, &index),
                    lp_integral: Some(false),
                    lp_bound: Some(lower_bound),
                    lp_seconds: stats.lp_seconds,
                    solve_seconds: start.elapsed().as_secs_f64(),
                    size: lp_size,
                    ..n
                };
                return Ok((outcome, stats, report));
            }
        }
    }
    // The argument below holds for any duals, but only optimal duals of the full LP
    // make it sharp: price to the end first.
    let round = if round.converged {
        round
    } else {
        match price(
            county,
            full,
            &mut live,
            0.0,
            false,
            options.verbose,
            &mut stats,
        ) {
            Ok(round) => round,
            // The completed plan stands when it is at least as good as the swaps.
            Err(e) if out_of_time(&e) => {
                let swapped = fallback(known.as_ref(), &live, &stats, e);
                let better = match &swapped {
                    Ok(s) => fixed.status == SolveStatus::Optimal && fixed.objective <= s.objective,
                    Err(_) => fixed.status == SolveStatus::Optimal,
                };
                if !better {
                    return Ok((swapped?, stats, report));
                }
                let bound = live.best_bound.max(lower_bound);
                let outcome = SolveOutcome {
                    status: SolveStatus::TimeLimit,
                    method: SolveMethod::LpFixAndComplete,
                    dual_bound: bound,
                    mip_gap: relative_gap(fixed.objective, bound),
                    x: to_full(&fixed.x, &index),
                    lp_integral: Some(false),
                    lp_bound: Some(bound),
                    lp_seconds: stats.lp_seconds,
                    solve_seconds: start.elapsed().as_secs_f64(),
                    size: lp_size,
                    ..fixed
                };
                return Ok((outcome, stats, report));
            }
            Err(e) => return Err(e),
        }
    };
    // Any plan costs at least the Lagrangian bound plus, for each of its moves, the
    // move's reduced cost above its teacher's best: a plan within `slack` of the bound
    // uses only moves where that excess is at most the slack. With those joined, the
    // MIP over the moves holds every such plan.
    // Each move's excess, once (the moves already in the restricted LP need none).
    let excess: Vec<f64> = full
        .moves
        .iter()
        .zip(&live.keep)
        .map(|(m, &kept)| {
            if kept {
                f64::NEG_INFINITY
            } else {
                live.layout.reduced_cost_but_once(county, m, &round.y) - round.best[m.teacher]
            }
        })
        .collect();
    let within = |slack: f64| -> Vec<bool> { excess.iter().map(|&e| e <= slack + 1e-9).collect() };
    let lp_bound = round.lower_bound;
    // The swaps, for when the time limit ends the last MIP with nothing better.
    let swapped = fallback(
        known.as_ref(),
        &live,
        &stats,
        RotationError::TimeLimit(SolverMessage::TimeWhilePricing),
    )
    .ok();
    // The best plan so far of the completion and the narrow MIPs below, written when
    // the time limit ends a later MIP with nothing better.
    let mut narrow_plan: Option<SolveOutcome> =
        (fixed.status != SolveStatus::Infeasible).then(|| SolveOutcome {
            status: SolveStatus::TimeLimit,
            method: SolveMethod::LpFixAndComplete,
            dual_bound: lp_bound,
            mip_gap: relative_gap(fixed.objective, lp_bound),
            x: to_full(&fixed.x, &index),
            lp_integral: Some(false),
            lp_bound: Some(lp_bound),
            lp_seconds: stats.lp_seconds,
            solve_seconds: start.elapsed().as_secs_f64(),
            size: lp_size,
            ..fixed.clone()
        });
    {
        // The completion found no plan within the gap: look for one among the moves
        // within twice the gap's share of the bound (the reduced-cost argument of
        // `solve::solve_with_lp_first`'s narrow stages; a plan found is proven against
        // the lesser of its own bound and the bound plus the slack). First among the
        // priced moves alone (the LP's and those within the slack of it: a fraction of
        // the second set, and at 20,000 teachers a minute faster when it holds a
        // plan); a plan there within the gap of the Lagrangian bound is proven all the
        // same, and ends the MIP at once (`proven_bound`). With a completed plan
        // outside the gap, the last MIP below holds the third set already: only the
        // first two run (on `district-20k` with unmeetable targets, the completion was
        // 1.06e-4 outside; the last MIP over 158,127 moves took 91 s to find a plan
        // within the gap).
        let slack = 2.0 * options.gap * lp_bound.abs();
        let layout = &live.layout;
        let priced: Vec<bool> = full
            .moves
            .iter()
            .enumerate()
            .map(|(j, m)| {
                live.keep[j]
                    && (round.x[j] > INTEGRALITY_TOL
                        || layout.reduced_cost_but_once(county, m, &round.y)
                            - layout.once_dual(m.teacher, &round.y)
                            <= slack + 1e-9)
            })
            .collect();
        // Among the priced moves, the LP's whole moves kept first (a far smaller MIP,
        // that may have no plan); only the last set is exact: its MIP's bound holds
        // for every plan.
        let completed = narrow_plan.is_some();
        let mut stages = vec![(priced.clone(), true, false), (priced, false, false)];
        if !completed {
            stages.push((within(slack), false, true));
        }
        for (keep, fix_ones, exact) in stages {
            let (narrow, narrow_index) = restrict(full, &keep);
            let lp_x: Vec<f64> = narrow_index.iter().map(|&j| round.x[j]).collect();
            let variables = if fix_ones {
                MoveVariables::OnesFixed(&lp_x)
            } else {
                MoveVariables::Binary
            };
            let model = build(&narrow, variables, stage, &mut stats);
            let size = model.size;
            // Only plans within the slack are sought (a cutoff, as in the full model).
            let sought = SolveOptions {
                cutoff: Some(
                    (lp_bound + slack + 1e-9 * lp_bound.abs().max(1.0))
                        .min(narrow_plan.as_ref().map_or(f64::INFINITY, |p| p.objective)),
                ),
                proven_bound: Some(lp_bound),
                // Only the last set's bound is the stage's (up to the bound plus the
                // slack: no plan outside it costs less).
                live_bound: exact.then_some(lp_bound + slack),
                ..remaining(options)
            };
            match solve(model, &sought) {
                Ok(n) if n.status != SolveStatus::Infeasible || n.holds_plan_above_cutoff() => {
                    // A plan HiGHS held above the cutoff proves nothing, but is a plan:
                    // kept, and the next, wider stage still runs.
                    let above = n.holds_plan_above_cutoff();
                    let n = if above {
                        n.plan_above_cutoff().expect("a plan above the cutoff")
                    } else {
                        n
                    };
                    let dual_bound = if n.dual_bound.is_nan() || !exact {
                        lp_bound
                    } else {
                        n.dual_bound.min(lp_bound + slack).max(lp_bound)
                    };
                    let outcome = SolveOutcome {
                        method: SolveMethod::ReducedCostFixing,
                        dual_bound,
                        mip_gap: relative_gap(n.objective, dual_bound),
                        x: to_full(&n.x, &narrow_index),
                        lp_integral: Some(false),
                        lp_bound: Some(lp_bound),
                        lp_seconds: stats.lp_seconds,
                        solve_seconds: start.elapsed().as_secs_f64(),
                        size,
                        ..n
                    };
                    let proven = !above
                        && outcome.mip_gap <= options.gap
                        && (n.status == SolveStatus::Optimal || !exact);
                    let swaps_better = swapped
                        .as_ref()
                        .is_some_and(|s| s.objective < outcome.objective);
                    if proven || (n.status == SolveStatus::TimeLimit && !swaps_better) {
                        return Ok((outcome, stats, report));
                    }
                    if narrow_plan
                        .as_ref()
                        .is_none_or(|p| outcome.objective < p.objective)
                    {
                        // Written only when the time limit ends the last MIP.
                        narrow_plan = Some(SolveOutcome {
                            status: SolveStatus::TimeLimit,
                            ..outcome
                        });
                    }
                    if !above {
                        break;
                    }
                }
                Err(e) if out_of_time(&e) => {
                    let known = fallback(known.as_ref(), &live, &stats, e);
                    let plan = match (narrow_plan, known) {
                        (Some(n), Ok(k)) if k.objective < n.objective => k,
                        (Some(n), _) => n,
                        (None, k) => k?,
                    };
                    let plan = SolveOutcome {
                        solve_seconds: start.elapsed().as_secs_f64(),
                        ..plan
                    };
                    return Ok((plan, stats, report));
                }
                _ => {}
            }
        }
    }
    // The best plan known (the completion, the narrow MIP's or the swaps): written
    // when the time limit ends the last MIP with nothing better.
    let best = match (narrow_plan, swapped) {
        (Some(n), Some(s)) if s.objective < n.objective => Some(s),
        (Some(n), _) => Some(n),
        (None, s) => s,
    };
    // A plan better than it makes only moves within that slack: the MIP over them is
    // exact.
    let best_known = best.as_ref().map_or(f64::INFINITY, |b| b.objective);
    let keep = within(best_known - lp_bound);
    stats.gap_moves += keep
        .iter()
        .zip(&live.keep)
        .filter(|(&k, &was)| k && !was)
        .count();
    drop(live);
    let (last, last_index) = restrict(full, &keep);
    stats.priced_moves = last.moves.len();
    // No starting plan is handed to HiGHS (see `solve::solve_with_lp_first`), but
    // with one known only cheaper plans are sought, as there. Without the cutoff, on
    // a 20,000-teacher county of the family with an outflow cap of 10 %, HiGHS spent
    // 60 s of its root in central rounding (each of about 100 rounded points fixes
    // all 54,096 moves one by one), past the time limit, and found no plan; with it,
    // a plan within the gap in 19.6 s (that MIP solved alone).
    let model = build(&last, MoveVariables::Binary, stage, &mut stats);
    let size = model.size;
    let cutoff = best.as_ref().map(|b| cutoff_above(b.objective));
    // The best known plan as written when the last MIP ends without a better one in
    // time: proven against the Lagrangian bound at least.
    let as_written = |mut best: SolveOutcome| {
        best.dual_bound = best.dual_bound.max(lp_bound);
        best.mip_gap = relative_gap(best.objective, best.dual_bound);
        best.solve_seconds = start.elapsed().as_secs_f64();
        best
    };
    let bounded = SolveOptions {
        proven_bound: Some(lp_bound),
        cutoff,
        // Exact: its bound is the stage's, up to the best known plan.
        live_bound: Some(best_known),
        ..remaining(options)
    };
    let mip = match solve(model, &bounded) {
        // No plan under the cutoff among every move a cheaper plan can make: the
        // best known plan is within HiGHS's margin of the least cost.
        Ok(mip) if mip.status == SolveStatus::Infeasible => match &best {
            Some(b) => {
                let outcome = SolveOutcome {
                    solve_seconds: start.elapsed().as_secs_f64(),
                    ..proven_by_cutoff(b, cutoff_above(b.objective), options.gap, lp_bound)
                };
                return Ok((outcome, stats, report));
            }
            None => mip,
        },
        Ok(mip) => mip,
        Err(e) if out_of_time(&e) => match best {
            Some(best) => return Ok((as_written(best), stats, report)),
            None => return Err(e),
        },
        Err(e) => return Err(e),
    };
    if let Some(best) = best {
        // Stopped by the time limit with a plan dearer than the best known: that one.
        if mip.status != SolveStatus::Optimal && best.objective < mip.objective {
            return Ok((as_written(best), stats, report));
        }
    }
    let dual_bound = if mip.dual_bound.is_nan() {
        lp_bound
    } else {
        mip.dual_bound.max(lp_bound)
    };
    let outcome = SolveOutcome {
        dual_bound,
        mip_gap: relative_gap(mip.objective, dual_bound),
        x: to_full(&mip.x, &last_index),
        lp_integral: Some(false),
        lp_bound: Some(lp_bound),
        lp_seconds: stats.lp_seconds,
        solve_seconds: start.elapsed().as_secs_f64(),
        size,
        ..mip
    };
    Ok((outcome, stats, report))
}
