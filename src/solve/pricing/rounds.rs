//! The rounds of pricing on the restricted LP (`restricted`): solve, price every
//! candidate move against the duals, add the best, repeat, until no move prices in or
//! the Lagrangian bound is within the gap.

use super::every_move::price_moves;
use super::restricted::Restricted;
use super::settings::{Objective, PricingStats, Tail, INTEGRALITY_TOL, PARALLEL_MOVES, PROOF_TOL};
use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::solver_message::SolverMessage;
use crate::rules::candidates::Candidates;
use crate::solve::highs::within_gap;
use std::time::Instant;

/// One restricted LP after the last round of pricing.
pub(super) struct Round {
    /// Move values, indexed like the full candidates.
    pub(super) x: Vec<f64>,
    pub(super) shortfall_exchange: f64,
    pub(super) shortfall_backbone: f64,
    /// Sum of the balance shortfalls (caps and floors).
    pub(super) balance_shortfall: f64,
    /// Row duals, clipped to their signs.
    pub(super) y: Vec<f64>,
    /// A bound on the full model's LP relaxation (so on the full model): the
    /// Lagrangian bound of the duals, keeping each teacher's `once` row. Computed
    /// here from the duals, whatever HiGHS reports as its objective.
    pub(super) lower_bound: f64,
    /// Each teacher's term of the bound: `min(0, min_s reduced cost without once)`, or
    /// `min_s reduced cost without once` for a teacher pinned to move.
    pub(super) best: Vec<f64>,
    /// No move is left with a negative reduced cost, and the solution cut no chord:
    /// the restricted LP's optimum is the full LP's.
    pub(super) converged: bool,
    /// No chord cuts `x` (so every balance row holds for it). Only with
    /// `chords_may_remain` can a round end without.
    pub(super) chord_free: bool,
}

/// Rounds of LP and pricing on the live restricted LP until no move prices in, or
/// until the Lagrangian bound is within `stop_gap` of the restricted LP's optimum.
/// With `chords_may_remain` the rounds end there even at a solution some chords cut:
/// for a caller that needs the bound (valid all the same, see below) and not the
/// LP's solution as a plan.
pub(super) fn price(
    county: &County,
    full: &Candidates,
    restricted: &mut Restricted,
    stop_gap: f64,
    chords_may_remain: bool,
    verbose: bool,
    stats: &mut PricingStats,
) -> Result<Round> {
    let mut added: Vec<usize> = Vec::new();
    let mut tail = Tail::default();
    // The phase one (`Objective::Feasible`): the objective it interrupted with that
    // objective's best bound (the phase one's bounds are of another objective, never
    // a plan's), and whether it has run (once a call: rounds that converge on an
    // elastic again are handed to the full model as before).
    let mut interrupted: Option<(Objective, f64)> = None;
    let mut phase_one_ran = false;
    loop {
        stats.rounds += 1;
        let round_start = Instant::now();
        let t = Instant::now();
        let sol = restricted.solve();
        stats.elastic_opened = restricted.elastic_opened;
        let sol = match sol {
            Ok(sol) => sol,
            // Out of time (or failed) in the phase one: the interrupted objective's
            // costs and bound again, for whatever the caller writes at the limit.
            Err(e) => {
                if let Some((before, bound)) = interrupted {
                    restricted.set_objective(full, before)?;
                    restricted.best_bound = bound;
                }
                return Err(e);
            }
        };
        let phase_one = interrupted.is_some();
        stats.lp_seconds += t.elapsed().as_secs_f64();
        stats.lp_iterations += sol.iterations;
        // A solution that leans on an elastic breaks a staffing or subject rule (see
        // `Layout::push_elastic`): never one to end at, nor to complete a plan from.
        let elastic: f64 = restricted
            .layout
            .elastic_columns()
            .map(|c| sol.col_value[c].max(0.0))
            .sum();
        let elastic_free = elastic <= INTEGRALITY_TOL;
        // Chords the solution cuts below join the LP (they are not dualised in this
        // round's bound, which holds all the same). Only a solution no chord cuts is
        // one of the LP relaxation over the LP's moves: only such a solution is kept
        // for completing a plan at the time limit, and the rounds end only at one (but
        // with `chords_may_remain`, once within the gap).
        let t = Instant::now();
        let chords = restricted.write_chords(&sol.col_value)?;
        stats.build_seconds += t.elapsed().as_secs_f64();
        stats.chord_rows += chords;
        if !elastic_free || phase_one {
            // Fixing its whole moves would fix the moves the elastics stand in for at
            // 0: no plan at the time limit is completed from it. Nor from the phase
            // one's, which weighs no cost.
        } else if chords == 0 {
            restricted.last_x.clone_from(&sol.col_value);
        } else if restricted.deadline().is_some() {
            // Only a time limit ever completes it (`at_limit`).
            restricted.last_cut_x = restricted.moves_made(&sol.col_value);
            restricted.last_cut_shortfall = sol.col_value[0].max(0.0) + sol.col_value[1].max(0.0);
        }
        let t = Instant::now();
        let layout = &restricted.layout;
        debug_assert_eq!(sol.row_dual.len() + chords, layout.rows());
        // The chords just written have no dual yet: 0, as if the LP had them slack.
        let mut y = layout.clip(&sol.row_dual);
        y.resize(layout.rows(), 0.0);
        // The duals must reproduce HiGHS's reduced costs on the restricted model;
        // anything else means the pricing does not see the model HiGHS solved.
        let first = layout.first_move();
        for (c, &j) in restricted.col_move.iter().enumerate() {
            let m = &full.moves[j];
            let d = layout.reduced_cost_but_once(county, m, &y) - layout.once_dual(m.teacher, &y);
            // The penalty enters a move's reduced cost only through the duals of the
            // rows the shortfalls relax, which only the met objective prices so high.
            // (The elastics relax rows at that price in every objective.)
            let penalty = match layout.objective {
                _ if layout.elastic_open => layout.elastic_penalty(),
                Objective::Met => layout.rules.shortfall_penalty,
                Objective::Targets | Objective::Cost { .. } | Objective::Feasible => 1.0,
            };
            let scale = 1.0 + layout.move_cost(m).abs() + penalty;
            if (d - sol.col_dual[c + first]).abs() > 1e-6 * scale {
                return Err(RotationError::Solver(SolverMessage::ReducedCostMismatch {
                    column: c + first,
                    ours: d,
                    highs: sol.col_dual[c + first],
                }));
            }
        }
        // Price every move: the Lagrangian bound over all of them, and the most
        // negative few of each teacher left out join.
        let shares = restricted
            .workers
            .min(full.moves.len().div_ceil(PARALLEL_MOVES))
            .max(1);
        let priced = price_moves(
            county,
            full,
            layout,
            &restricted.keep,
            &y,
            tail.per_teacher(),
            shares,
        );
        // Summed in teacher order onto the constant, as the bound always was.
        let lower_bound = priced
            .best
            .iter()
            .fold(layout.constant(&y), |sum, &b| sum + b);
        let best_of = priced.best;
        added.clear();
        added.extend(priced.joining);
        tail.joined(added.len());
        stats.pricing_seconds += t.elapsed().as_secs_f64();
        if !phase_one {
            restricted.best_bound = restricted.best_bound.max(lower_bound);
            restricted
                .observer
                .report(crate::solve::highs::Progress::Bound(lower_bound));
        }
        if verbose {
            eprintln!(
                "round {}: columns {} rows {} lp {:.6} iterations {} lagrangian {:.6} joining {} chords {} (lp s {:.2})",
                stats.rounds,
                restricted.col_move.len(),
                restricted.lp.rows(),
                sol.objective,
                sol.iterations,
                lower_bound,
                added.len(),
                stats.chord_rows,
                stats.lp_seconds
            );
        }
        stats.once_rows = restricted
            .layout
            .once
            .iter()
            .filter(|r| r.is_some())
            .count();
        let converged = added.is_empty() && chords == 0;
        stats.phase_one_rounds += usize::from(phase_one);
        if let Some((before, bound)) = interrupted {
            // The phase one: a bound above the tolerance proves that no solution of
            // the LP relaxation over every candidate move keeps the hard rows (the
            // bound is valid for any duals, whatever HiGHS's accuracy), so no plan
            // does; the rounds go on to the LP's optimum over every move, whose
            // elastics name the rows of one least breach.
            if lower_bound > PROOF_TOL {
                if converged {
                    return Err(restricted.layout.proven_blocked(county, &sol.col_value));
                }
            } else if elastic_free && chords == 0 {
                // A solution keeps every hard row (no chord cuts it): back to the
                // interrupted objective from it, the elastics held at 0.
                interrupted = None;
                restricted.set_objective(full, before)?;
                restricted.best_bound = bound;
                restricted.set_elastic_open(false)?;
                tail = Tail::default();
            } else if converged {
                return Err(RotationError::Solver(SolverMessage::RestrictedLpStatus {
                    status: highs_sys::MODEL_STATUS_INFEASIBLE,
                }));
            }
        } else if converged && !elastic_free {
            // At the LP's optimum over every move, an elastic still used says that
            // closing its row costs more than the elastics' price, far above any
            // chain of moves: almost surely no plan keeps the rules. The phase one
            // (once) then seeks the proof, the least sum of the elastics; without
            // it the round solves the full model (`solve_priced`), which names the
            // rule broken, or finds the plan.
            if phase_one_ran {
                return Err(RotationError::Solver(SolverMessage::RestrictedLpStatus {
                    status: highs_sys::MODEL_STATUS_INFEASIBLE,
                }));
            }
            phase_one_ran = true;
            interrupted = Some((restricted.layout.objective, restricted.best_bound));
            restricted.set_objective(full, Objective::Feasible)?;
            tail = Tail::default();
            continue;
        }
        if phase_one {
            // Within the phase one the rounds go on until the proof or a solution
            // without the elastics (above); its moves join, also when that solution
            // ends it (they were priced against its duals, not the objective's).
            let t = Instant::now();
            restricted.add(county, full, &added)?;
            stats.build_seconds += t.elapsed().as_secs_f64();
            continue;
        }
        // Every teacher with two columns has their `once` row, so a solution that cut
        // no chord is one of the full LP, whose optimum is at least the bound.
        let close = within_gap(sol.objective, lower_bound, stop_gap) && elastic_free;
        // A round that cut chords when the rounds could end (within the gap, or with
        // less than two of the longest rounds left before the time limit) re-solves
        // with them alone before more moves join, so that they end at a solution no
        // chord cuts. (A solution below a chord breaks a balance row: on the
        // 100,000-teacher practice county the plan completed from one was outside the
        // gap, and pricing then ran to the end; and at a time limit, with every round
        // cutting some, there was no solution to complete and the swaps were written.)
        let longest = restricted
            .longest_round
            .max(round_start.elapsed().as_secs_f64());
        restricted.longest_round = longest;
        let near_limit = restricted.deadline().is_some_and(|d| {
            d.saturating_duration_since(Instant::now()).as_secs_f64() < 2.0 * longest
        });
        // With `chords_may_remain` a round within the gap ends as it is, even near the
        // time limit. Otherwise a round that cut chords near the limit re-solves with
        // them before more moves join, so that the rounds end at a solution no chord
        // cuts, the one `at_limit::complete` starts from.
        if chords > 0 && ((close && !chords_may_remain) || near_limit) {
            added.clear();
        }
        let close = close && (chords == 0 || chords_may_remain);
        // The elastics are held at 0 again once a solution needs none and cuts no
        // chord (a chord it cuts, with the never-worse rows hard again, could leave
        // the next LP without a solution, and the elastics would open once more):
        // free, their price sits on the rows they relax as degenerate duals. (Rounds
        // that end within the gap at a solution some chords cut leave them free for
        // the next stage's rounds, which hold them at 0 again as these do.)
        if restricted.layout.elastic_open && elastic_free && chords == 0 {
            restricted.set_elastic_open(false)?;
        }
        if converged || close {
            let mut x = vec![0.0; full.moves.len()];
            for (c, &j) in restricted.col_move.iter().enumerate() {
                x[j] = sol.col_value[c + first];
            }
            return Ok(Round {
                x,
                shortfall_exchange: sol.col_value[0].max(0.0),
                shortfall_backbone: sol.col_value[1].max(0.0),
                balance_shortfall: restricted
                    .layout
                    .balance_shortfall_columns()
                    .map(|c| sol.col_value[c].max(0.0))
                    .sum(),
                y,
                lower_bound,
                best: best_of,
                converged,
                chord_free: chords == 0,
            });
        }
        let t = Instant::now();
        stats.purged_columns += restricted.purge(county, full, &sol)?;
        restricted.add(county, full, &added)?;
        stats.build_seconds += t.elapsed().as_secs_f64();
    }
}

#[cfg(test)]
#[path = "rounds_tests.rs"]
mod tests;
