//! A first stable plan by bans, for `rules.stable` (`docs/model.md`, "Wishes and
//! stability"): the round without the rule, planned again with the moves that gave
//! someone justified envy banned, until no one has any.
//!
//! The stable model of a 20,000-teacher county (half a million moves, a hundred
//! thousand no-envy rows) has a fractional relaxation that the completion of its
//! whole moves cannot finish, and HiGHS found no plan of it in five minutes: the round
//! wrote the plan in which nobody moves. The round without the rule is priced and
//! planned in seconds there. Banning a move only removes plans (the bans stop before
//! they leave a teacher pinned to move without a move), so every plan of a round with
//! bans is a plan of the round; one with no envy is a plan of the stable
//! model too, its incumbent (`SolveOptions::known_plan`) and the plan written when the
//! stable model finds nothing better in time.

use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::policy::Policy;
use crate::rules::candidates::Candidates;
use crate::solve::formulation::formulate;
use crate::solve::highs::{SolveOptions, SolveOutcome, SolveStatus};
use crate::solve::pricing::{solve_priced, PRICING_THRESHOLD, START_NEAREST};
use crate::solve::stability_rows::StabilityRow;
use crate::solve::stages::solve_staged;
use std::time::Instant;

/// At most this many rounds with bans when there is no time limit. Each bans the
/// moves that broke a no-envy row in the round before; a plan that breaks none ends
/// them (measured in `docs/benchmarks.md`, "A first stable plan by bans, and its neighbourhood").
pub const MAX_BAN_ROUNDS: u32 = 30;

/// What the bans found.
#[derive(Debug, Clone)]
pub struct Banned {
    /// A plan of the round free of justified envy, its moves over the round's
    /// candidates (`x`), its cost and shortfalls as the round without the rule
    /// weighs them (the same as the stable round's: the no-envy rows cost nothing).
    pub plan: SolveOutcome,
    /// Rounds planned (the first without bans).
    pub rounds: u32,
    /// Moves banned in all.
    pub banned: usize,
}

/// Where the bans start, and how they plan.
#[derive(Debug, Clone, Default)]
pub struct BansStart {
    /// The round without the rule already planned over the candidates (as the
    /// command plans it to price stability): the first round's plan.
    pub without_rule: Option<SolveOutcome>,
    /// Hand HiGHS every candidate move on a large county too, as the round does
    /// under `Pricing::Off` (by default the bans price above
    /// `pricing::PRICING_THRESHOLD` moves, as the round without the rule would).
    pub no_pricing: bool,
}

/// Plans the round without `rules.stable`, banning the moves that break one of `rows`
/// (the no-envy rows over `cands`) and planning again, until a plan breaks none: that
/// plan. `None` when the rounds or the time run out first, a round finds no plan or
/// fails, or the bans would leave a teacher pinned to move without a move.
pub fn stable_by_bans(
    county: &County,
    policy: &Policy,
    cands: &Candidates,
    rows: &[StabilityRow],
    options: &SolveOptions,
    start_from: BansStart,
) -> Result<Option<Banned>> {
    let BansStart {
        mut without_rule,
        no_pricing,
    } = start_from;
    let start = Instant::now();
    let mut free = policy.clone();
    free.rules.stable = false;
    let mut banned = vec![false; cands.moves.len()];
    let mut rounds = 0;
    while rounds < MAX_BAN_ROUNDS {
        rounds += 1;
        let left = options.left_since(start);
        if left.spent() {
            return Ok(None);
        }
        let kept: Vec<usize> = (0..cands.moves.len()).filter(|&j| !banned[j]).collect();
        let sub = Candidates {
            moves: kept.iter().map(|&j| cands.moves[j]).collect(),
            eligible: cands.eligible.clone(),
            stranded: cands.stranded.clone(),
            must_move: cands.must_move.clone(),
        };
        // With no ban yet, `sub` is `cands`.
        let known = without_rule.take().filter(|o| o.x.len() == sub.moves.len());
        let planned = match known.map_or_else(
            || plan_without_rule(county, &free, &sub, &left, no_pricing),
            Ok,
        ) {
            // With every move banned the plan is nobody moves, over no move at all.
            Ok(o) if o.x.len() == sub.moves.len() && o.status != SolveStatus::Infeasible => o,
            // Out of time, or no plan: nothing to start from. The bans are a head
            // start only: a failure of theirs is no failure of the round, whose stable
            // model is solved all the same.
            Ok(_) | Err(RotationError::TimeLimit(_)) => return Ok(None),
            Err(e) => {
                if options.verbose {
                    eprintln!("bans round {rounds}: {e}; the stable model goes on without");
                }
                return Ok(None);
            }
        };
        let mut x = vec![0.0; cands.moves.len()];
        for (&j, &v) in kept.iter().zip(&planned.x) {
            x[j] = if v > 0.5 { 1.0 } else { 0.0 };
        }
        // A broken row has a move of its `L` made, so not yet banned: a plan that
        // bans nothing more breaks no row.
        let mut newly = 0;
        for row in rows {
            if row.granted.iter().any(|&k| x[k] > 0.5) {
                continue;
            }
            if !row.lower.iter().any(|&k| x[k] > 0.5) {
                continue;
            }
            for &k in &row.lower {
                if !banned[k] {
                    banned[k] = true;
                    newly += 1;
                }
            }
        }
        if options.verbose {
            eprintln!(
                "bans round {rounds}: objective {:.3}, {newly} move(s) banned for justified envy, {} in all ({:.2} s)",
                planned.objective,
                banned.iter().filter(|&&b| b).count(),
                start.elapsed().as_secs_f64()
            );
        }
        // A teacher pinned to move with every move banned would drop out of the
        // round's `= 1` row (rows exist only for teachers with moves): the next plan
        // would leave them where they are, no plan of the round.
        if newly > 0
            && cands.must_move.iter().any(|&t| {
                cands
                    .moves
                    .iter()
                    .zip(&banned)
                    .all(|(m, &b)| m.teacher != t || b)
            })
        {
            return Ok(None);
        }
        if newly == 0 {
            return Ok(Some(Banned {
                plan: SolveOutcome { x, ..planned },
                rounds,
                banned: banned.iter().filter(|&&b| b).count(),
            }));
        }
    }
    Ok(None)
}

/// The round without the rule over `cands`: priced on a large county unless
/// `no_pricing`, as `round::run` would (but for the balance swaps, which need data of
/// every move).
fn plan_without_rule(
    county: &County,
    free: &Policy,
    cands: &Candidates,
    options: &SolveOptions,
    no_pricing: bool,
) -> Result<SolveOutcome> {
    let balance_shortfall = free.balance.has_shortfall_rules();
    let staged = |options: &SolveOptions| {
        solve_staged(
            |v, stage| formulate(county, free, cands, v, stage),
            balance_shortfall,
            options,
        )
        .map(|(o, _)| o)
    };
    let priced = prices(cands.moves.len(), county.exchange_teams.any(), no_pricing);
    if !priced {
        return staged(options);
    }
    let start = Instant::now();
    let (o, _, _) = solve_priced(county, free, cands, START_NEAREST, options)?;
    // Pricing leaves the balance shortfalls of caps and floors to the full model, and
    // a round where teachers must move (pins, returns) whose priced rounds found no
    // plan (see `solve_priced`).
    if o.status == SolveStatus::Infeasible {
        staged(&options.left_since(start))
    } else {
        Ok(o)
    }
}

/// Whether a bans round over `moves` candidate moves is priced: as the round without
/// the rule would be (above [`PRICING_THRESHOLD`] moves, no exchange teams; pins
/// price too), unless `no_pricing`.
fn prices(moves: usize, teams: bool, no_pricing: bool) -> bool {
    !no_pricing && moves > PRICING_THRESHOLD && !teams
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bans price only a large round without teams (pinned or not), and never
    /// when told not to (the round's `Pricing::Off`).
    #[test]
    fn the_bans_price_as_the_round_would_and_not_when_told_not_to() {
        let large = PRICING_THRESHOLD + 1;
        assert!(prices(large, false, false));
        assert!(!prices(large, false, true));
        assert!(!prices(PRICING_THRESHOLD, false, false));
        assert!(!prices(large, true, false));
    }
}
