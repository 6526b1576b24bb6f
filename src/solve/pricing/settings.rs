//! The pricing's measured settings and tolerances, and what it reports; shared by the
//! driver, the layout and the restricted LP (a file of its own so none of them imports
//! its parent).

use serde::Serialize;

/// Candidate moves above this count are priced in rather than all handed to HiGHS
/// (measured, haiyan-2022: priced 0.13 s against 0.15 s at 16,652 moves, 3.0 s against
/// 9.0 s at 450,271; below this count both are fast and every move goes to HiGHS).
pub const PRICING_THRESHOLD: usize = 100_000;
/// The first restricted model holds the moves between each school and its this many
/// nearest destinations, both ways (measured at 20,000 and 100,000 teachers: 2 beats
/// 1, 3 and 5).
pub const START_NEAREST: usize = 2;
/// At most this many moves of one teacher join per round. Measured with the restricted
/// LP's cost perturbation off (`Restricted::new`), `--gap 1e-3` at 100,000 teachers,
/// end to end: the practice county under `haiyan-2022` 1: 174.6 s, 2: 138.4 and
/// 139.8 s, 3: 127.3 s, 4: 125.6 s, 5: 151.5 s; the generated county, seed 1 2: 31.0 s,
/// 3: 34.4 s, 4: 38.9 s, seeds 2 and 3 2: 35.8 and 33.7 s, 3: 42.9 and 35.3 s (a third of
/// the 120 s target, which the practice county misses); at 20,000 teachers
/// (`district-20k`, the family's three) 3 is 0.1–0.6 s faster than 2. (Earlier, with
/// the perturbation: 2 beat 1, 5 and 10.)
pub(super) const ADD_PER_TEACHER: usize = 3;
/// In the rounds' tail, at most this many moves of one teacher join per round: from
/// the round after the first (of a call of `price`) whose joining moves fall below
/// [`LATE_SHARE`] of that call's first round's. By then the duals have settled, each
/// joining move is likelier to stay, and the tail's rounds are short, so their number
/// is what costs (each re-solve recomputes HiGHS's edge weights). Measured on the
/// 100,000-teacher practice county under `haiyan-2022`, `--gap 1e-3`, idle machine,
/// one run at a time, against 135.1, 136.5 and 138.2 s (17 rounds) for 3 throughout:
/// 6 from round 10 (the rule kept: 36,202 joined in round 9, under half of round 1's
/// 73,552) 126.4 and 127.4 s, 15 rounds; 6 from round 11 128.2 and 129.7 s, 16 rounds;
/// 10 from round 11 137.0 s, 18 rounds; every negative move from round 14 137.8 s.
/// At 20,000 teachers and on the generated 100,000-teacher county, the same times
/// within their noise (`docs/benchmarks.md`, "Pricing on both cores, six moves a
/// teacher in the tail").
pub(super) const LATE_PER_TEACHER: usize = 6;
/// See [`LATE_PER_TEACHER`].
pub(super) const LATE_SHARE: f64 = 0.5;
/// How many moves of one teacher may join per round, round by round of one call of
/// `rounds::price`: [`ADD_PER_TEACHER`] until the tail, then
/// [`LATE_PER_TEACHER`] for good.
#[derive(Debug, Default)]
pub(super) struct Tail {
    /// Moves joining in the call's first round.
    first: Option<usize>,
    late: bool,
}

impl Tail {
    pub(super) fn per_teacher(&self) -> usize {
        if self.late {
            LATE_PER_TEACHER
        } else {
            ADD_PER_TEACHER
        }
    }

    /// A round's pricing has chosen `joining` moves.
    pub(super) fn joined(&mut self, joining: usize) {
        let first = *self.first.get_or_insert(joining);
        self.late |= (joining as f64) < LATE_SHARE * first as f64;
    }
}

pub(super) const REDUCED_COST_TOL: f64 = 1e-7;
/// Pricing splits the candidate moves between threads in one share per this many
/// moves begun (so a share holds 125,000 to 250,000 moves, or all of them on one
/// thread below 250,000): below that a thread's start costs more than it saves.
pub(super) const PARALLEL_MOVES: usize = 250_000;
/// Above this many move columns, each round deletes from the restricted LP the moves
/// at 0 whose reduced cost is above [`PURGE_SHARE`] of the mean cost of a move in the
/// LP's solution: the dual simplex's time per iteration grows with the columns
/// (measured on the 100,000-teacher practice county under `haiyan-2022`, `--gap 1e-3`:
/// 0.70 ms at 454,000 columns against 0.52 ms at 261,000). Below it the columns cost
/// little (at 20,000 teachers pricing ends under 52,000 columns: 3.6 s either way).
pub(super) const PURGE_ABOVE: usize = 100_000;
/// The reduced cost above which a move at 0 leaves the restricted LP, as a share of the
/// mean cost of a move in the LP's solution (about half a kilometre on the
/// 100,000-teacher practice county, whose moves cost 15 on average). Measured there,
/// one run each on the idle machine, end to end: no deletion 268 s; a threshold of
/// 5 (a third of the mean) 205 s, 2: 182 s, 0.5: 163 s, 0.1: 172 s (30 rounds, the
/// moves deleted come back).
pub(super) const PURGE_SHARE: f64 = 1.0 / 32.0;
/// The share of `--time-limit` the rounds leave for completing a plan from the last
/// round's LP when the limit ends pricing (measured on the 100,000-teacher practice
/// county under `haiyan-2022`: the completion takes about 4 s, building the MIP over
/// 400,000 priced moves included; 12 s of a 120 s limit leaves room for it).
pub(super) const LIMIT_RESERVE: f64 = 0.1;
/// At least this many seconds of `--time-limit` (at most half of it) are left for that
/// completion: at 20,000 teachers it takes about 0.1 s, but a tenth of a limit under
/// 5 s left too little to try it, and the starting swaps were written instead, 37–88 %
/// above the bound, under limits of 1–4 s on the practice county `district-20k`
/// (`docs/benchmarks.md`, "A plan from the last round under short time limits").
pub(super) const LEAST_RESERVE: f64 = 0.5;

/// The rounds end at least this share of their longest round before the time limit,
/// for the completion at the limit (`at_limit`), which asks for a fifth of it and
/// starts after the cut round's pricing.
pub(super) const COMPLETION_RESERVE: f64 = 0.25;

/// When the rounds stop under a time limit of `limit` seconds: the limit less its
/// reserve for completing a plan ([`LIMIT_RESERVE`], at least [`LEAST_RESERVE`]).
pub(super) fn rounds_end(limit: f64) -> f64 {
    limit - (limit * LIMIT_RESERVE).max(LEAST_RESERVE.min(limit / 2.0))
}
pub(super) use crate::solve::highs::INTEGRALITY_TOL;

/// How the pricing went.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PricingStats {
    /// Rounds of LP and pricing.
    pub rounds: usize,
    /// Moves in the last restricted model, of all candidate moves.
    pub priced_moves: usize,
    /// All candidate moves of the round.
    pub candidate_moves: usize,
    /// Moves that joined because their reduced cost was below the gap.
    pub gap_moves: usize,
    /// Seconds spent building rows and columns.
    pub build_seconds: f64,
    /// Seconds spent in HiGHS on the restricted LP.
    pub lp_seconds: f64,
    /// Seconds spent pricing every candidate move (reduced costs and the bound).
    pub pricing_seconds: f64,
    /// Simplex iterations over all rounds of the live restricted LP.
    pub lp_iterations: i64,
    /// Chord rows of the balance rules written after the first round (see
    /// `Layout::cut_chords`).
    pub chord_rows: usize,
    /// `once` rows in the live LP (a teacher with one column there needs none).
    pub once_rows: usize,
    /// Move columns deleted from the live LP (see `PURGE_ABOVE`).
    pub purged_columns: usize,
    /// Times a restricted LP without a solution let its elastics free (a round where
    /// someone must move, `docs/model.md`, "Elastics where someone must move"); 0
    /// for a round handed to the full model, whose statistics start afresh.
    pub elastic_opened: usize,
    /// Rounds of the phase one (`Objective::Feasible`): rounds that converged leaning
    /// on an elastic seek the proof that no plan keeps the hard rules there.
    pub phase_one_rounds: usize,
}

/// Which stage of the lexicographic solve (`solve::formulation::Stage`) the live LP is
/// the relaxation of, and so which model the Lagrangian bound holds for. Only `Met`
/// has balance shortfall columns: pricing runs the other two only for policies
/// without caps or floors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Objective {
    /// Least cost with every target and balance rule met (`Stage::MET`): the
    /// shortfalls cost the penalty and the bound holds them at 0.
    Met,
    /// The least target shortfall `u + v` (`Stage::Targets`): moves cost nothing.
    Targets,
    /// Least cost with `u + v` at most `targets` (`Stage::Cost`).
    Cost {
        /// The least target shortfall, held.
        targets: f64,
    },
    /// The least sum of the elastics (`Layout::push_elastic`), every other column
    /// free of cost and the targets free: a phase one over the hard rows. Not a
    /// stage's relaxation: the rounds switch to it when they converge leaning on an
    /// elastic, and its bound above [`PROOF_TOL`] proves that no plan keeps the hard
    /// rules (see `rounds::price`).
    Feasible,
}

/// The Lagrangian bound of [`Objective::Feasible`] above which no solution of the
/// LP relaxation over every candidate move keeps the hard rows, so no plan does. The
/// elastics count teachers (or a never-worse row's units); the bound's own rounding
/// error, a sum of duals times right-hand sides of a few thousand, is some 10⁻⁹.
pub(super) const PROOF_TOL: f64 = 1e-3;

impl From<crate::solve::formulation::Stage> for Objective {
    /// The objective whose LP is the relaxation of `stage`'s model (the balance stage
    /// is not priced).
    fn from(stage: crate::solve::formulation::Stage) -> Objective {
        use crate::solve::formulation::Stage;
        match stage {
            Stage::MET => Objective::Met,
            Stage::Targets => Objective::Targets,
            Stage::Cost { targets, .. } | Stage::Balance { targets } => Objective::Cost { targets },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rounds_leave_a_tenth_of_the_limit_and_at_least_half_a_second() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        // A tenth of a long limit: 12 s of 120 s for the completion at 100,000 teachers.
        assert!(close(rounds_end(120.0), 108.0));
        assert!(close(rounds_end(5.0), 4.5));
        // Half a second under shorter limits, enough for a completion at 20,000.
        assert!(close(rounds_end(4.0), 3.5));
        assert!(close(rounds_end(1.0), 0.5));
        // Never more than half the limit.
        assert!(close(rounds_end(0.6), 0.3));
        for limit in [0.01, 0.3, 0.99, 2.0, 7.5, 300.0] {
            let end = rounds_end(limit);
            assert!(end > 0.0 && end < limit, "{limit}: {end}");
            assert!(
                limit - end >= (limit * LIMIT_RESERVE) - 1e-12,
                "{limit}: {end}"
            );
        }
    }
}
