//! Pricing every candidate move against a round's duals: each teacher's least reduced
//! cost (the Lagrangian bound's terms) and the moves that join the restricted LP, the
//! teachers split between threads.

use super::layout::Layout;
use super::settings::REDUCED_COST_TOL;
use crate::model::county::County;
use crate::rules::candidates::{Candidate, Candidates};
use crate::solve::model_rules::teacher_runs;
use crate::solve::parallel::in_parallel;

/// What pricing every candidate move against the duals `y` gives: each teacher's
/// least reduced cost (free of their `once` row; 0 when none is negative, but for a
/// teacher pinned to move, who makes exactly one of their moves), whose sum
/// is the Lagrangian bound's share of the moves, and the most negative `per_teacher`
/// moves of each teacher outside the restricted LP (priced with the `once` row): the
/// teachers in the order of `full.moves`, each teacher's moves most negative first.
pub(super) struct Priced {
    pub(super) best: Vec<f64>,
    pub(super) joining: Vec<usize>,
}

/// Prices every candidate move (see [`Priced`]), the teachers split into `shares`
/// of about equal moves, each priced on a thread of its own: at 100,000 teachers there
/// are 14 million moves to price each round, and the simplex leaves the second core
/// idle. The result does not depend on the shares.
pub(super) fn price_moves(
    county: &County,
    full: &Candidates,
    layout: &Layout,
    keep: &[bool],
    y: &[f64],
    per_teacher: usize,
    shares: usize,
) -> Priced {
    let must_move = |t: usize| full.must_move.binary_search(&t).is_ok();
    // The moves of one share, whole teachers each (moves are grouped by teacher).
    let price_share = |moves: std::ops::Range<usize>| {
        let mut best_of = Vec::new();
        let mut joined = Vec::new();
        let mut joining: Vec<(usize, f64)> = Vec::new();
        for (t, run) in teacher_runs(&full.moves[moves.clone()]) {
            joining.clear();
            let once = layout.once_dual(t, y);
            // Staying put (0) is a choice of every teacher but one pinned to move.
            let mut best = if must_move(t) { f64::INFINITY } else { 0.0 };
            let run = run.start + moves.start..run.end + moves.start;
            for (k, (m, &kept)) in run
                .clone()
                .zip(full.moves[run.clone()].iter().zip(&keep[run]))
            {
                let d_free = layout.reduced_cost_but_once(county, m, y);
                best = best.min(d_free);
                if !kept {
                    let d = d_free - once;
                    if d < -REDUCED_COST_TOL {
                        joining.push((k, d));
                    }
                }
            }
            best_of.push((t, best));
            joining.sort_by(|a, b| a.1.total_cmp(&b.1));
            joined.extend(joining.iter().take(per_teacher).map(|&(k, _)| k));
        }
        (best_of, joined)
    };
    let bounds = share_bounds(&full.moves, shares);
    let ranges: Vec<std::ops::Range<usize>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
    // One thread per share (the shares are as many as the threads allowed).
    let results = in_parallel(&ranges, ranges.len(), |r| price_share(r.clone()), &|| {});
    let mut best = vec![0.0f64; county.teachers.len()];
    for &t in &full.must_move {
        best[t] = f64::INFINITY;
    }
    let mut joining = Vec::new();
    for (best_of, joined) in results {
        for (t, b) in best_of {
            // A teacher's moves are one run, in one share; were they ever split, the
            // least of the runs is still the teacher's least.
            best[t] = best[t].min(b);
        }
        joining.extend(joined);
    }
    // Every teacher pinned to move has a move (`rules::pins::apply` refuses a pin
    // without one), so no term of the bound is infinite.
    debug_assert!(best.iter().all(|b| b.is_finite()));
    Priced { best, joining }
}

/// The first move of each of `shares` shares of about equal moves, and the end: each
/// boundary moved forward to the next teacher's first move, so that no teacher is
/// split (a share may then be empty).
pub(super) fn share_bounds(moves: &[Candidate], shares: usize) -> Vec<usize> {
    let n = moves.len();
    let shares = shares.clamp(1, n.max(1));
    let mut bounds = vec![0];
    for i in 1..shares {
        let mut b = (n * i / shares).max(*bounds.last().expect("a start"));
        while b < n && b > 0 && moves[b].teacher == moves[b - 1].teacher {
            b += 1;
        }
        bounds.push(b);
    }
    bounds.push(n);
    bounds
}
