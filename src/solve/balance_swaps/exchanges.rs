//! Exchanges that make a plan cheaper (`SwapData::improve`; `docs/model.md`,
//! "Solving", step 2a).

use super::pick::{choose, exchanged, mip_seconds};
use super::{Exchange, SwapData, COST_TOL, MARGIN};
use std::collections::HashSet;
use std::time::Instant;

/// At most this many rounds of exchanges that lower a plan's cost.
const IMPROVE_ROUNDS: usize = 4;

/// At most this many exchanges in such a round's MIP, those that lower the cost most.
const IMPROVE_KEEP: usize = 2000;

impl SwapData {
    /// The plan `chosen`, which holds every never-worse row, made cheaper by
    /// exchanges that keep every other row of the model: two movers of one subject
    /// trading their new schools, and a colleague of a mover (same school and subject,
    /// not moving; of the other backbone standing only while the backbone target's
    /// rows hold) taking their place. Each round a small MIP picks
    /// the cheapest set of exchanges, no move or colleague in two, that keeps the
    /// never-worse rows and the backbone target's rows as their effects add up. The
    /// exchanges that lower the cost mostly raise a never-worse row (the relaxation
    /// traded cost against those rows already), so the round also offers the swaps
    /// that lower a row at a cost. Where exchanges that share a school add up to more
    /// than their effects (the rows are convex in the counts), the plan is mended by
    /// [`SwapData::repair`], or the round dropped. `None` when no round lowers the
    /// cost.
    ///
    /// A heuristic for a plan near the relaxation's bound when the completed plan is
    /// outside the gap: on the practice county `county-4k-a` the relaxation's whole
    /// moves admit no plan within the gap, and HiGHS's narrow MIP took 0.4 s of root
    /// heuristics to find one (`docs/benchmarks.md`, "Exchanges after fix and
    /// complete").
    pub fn improve(&self, mut chosen: Vec<usize>, deadline: Option<Instant>) -> Option<Vec<usize>> {
        let mut improved = false;
        for _ in 0..IMPROVE_ROUNDS {
            let deltas = self.deltas(&chosen);
            let activity = self.activities(&deltas);
            if activity.iter().any(|&a| a > -MARGIN) {
                break;
            }
            let cost = self.cost_of(&chosen, &deltas);
            let found = self.improving(&chosen, &deltas, &activity);
            // Only exchanges that lower the cost can make a round worth its MIP.
            if !found.iter().any(|e| e.cost < -COST_TOL) {
                break;
            }
            let Some(seconds) = mip_seconds(deadline) else {
                break;
            };
            let slack = self.backbone_slack(&chosen);
            let Some(picked) = choose(&found, &activity, None, Some(slack), seconds) else {
                break;
            };
            let mut next = exchanged(chosen.clone(), &found, &picked);
            let mut next_deltas = self.deltas(&next);
            let rows_hold = self.activities(&next_deltas).iter().all(|&a| a <= -MARGIN);
            if !rows_hold {
                match self.repair(next, cost - COST_TOL, deadline) {
                    Some(mended) => {
                        next_deltas = self.deltas(&mended);
                        next = mended;
                    }
                    None => break,
                }
            }
            if self.cost_of(&next, &next_deltas) >= cost - COST_TOL {
                break;
            }
            chosen = next;
            improved = true;
        }
        improved.then_some(chosen)
    }

    /// How far the plan's backbone sums are above the backbone target's row and the
    /// rounding row (∞ where it is not written).
    pub(super) fn backbone_slack(&self, chosen: &[usize]) -> [f64; 2] {
        let sum = |of: &[f64]| -> f64 { chosen.iter().map(|&j| of[self.moves[j].teacher]).sum() };
        [
            sum(&self.backbone_coef) - self.backbone_rhs,
            self.rounding_rhs
                .map_or(f64::INFINITY, |rhs| sum(&self.backbone) - rhs),
        ]
    }

    /// The exchanges that lower the plan's cost, the `IMPROVE_KEEP` that lower it
    /// most.
    pub(super) fn improving(
        &self,
        chosen: &[usize],
        deltas: &[Vec<i64>],
        activity: &[f64],
    ) -> Vec<Exchange> {
        let by_subject = self.by_subject(chosen);
        // The moves' costs alone rule an exchange out, unless the objective also
        // weighs the never-worse rows (`improve`), which [`SwapData::exchange`] counts.
        let rewarded = self.balance.sides.iter().any(|r| r.improve != 0.0);
        let m = |j: usize| self.moves[j].cost;
        let mut found: Vec<Exchange> = self
            .school_swaps(&by_subject, |_, _| true)
            .into_iter()
            .filter(|&[a, b, a2, b2]| rewarded || m(a2) + m(b2) - m(a) - m(b) < 0.0)
            .map(|[a, b, a2, b2]| self.exchange(vec![a, b], vec![a2, b2], vec![a, b], deltas))
            .filter(|e| e.cost < -COST_TOL)
            .collect();
        let moving: HashSet<usize> = chosen.iter().map(|&j| self.moves[j].teacher).collect();
        for &a in chosen {
            let ma = self.moves[a];
            if self.pinned[ma.teacher] {
                continue;
            }
            let Some(list) = self.colleagues.get(&(ma.from, ma.subject)) else {
                continue;
            };
            for &t in list {
                if moving.contains(&t) {
                    continue;
                }
                let Some(&a2) = self.index.get(&(t, ma.to)) else {
                    continue;
                };
                if !rewarded && m(a2) >= ma.cost {
                    continue;
                }
                let e = self.exchange(vec![a], vec![a2], vec![a, self.moves.len() + t], deltas);
                if e.cost < -COST_TOL {
                    found.push(e);
                }
            }
        }
        found.sort_by(|x, y| x.cost.total_cmp(&y.cost));
        found.truncate(IMPROVE_KEEP);
        // Exchanges that lower the cost mostly raise a never-worse row (the relaxation
        // already traded cost against the rows), so swaps that lower a row, at a cost,
        // join them.
        let offered: HashSet<Vec<usize>> = found.iter().map(|e| e.out.clone()).collect();
        found.extend(
            self.swaps(chosen, deltas, activity, false)
                .into_iter()
                .filter(|e| !offered.contains(&e.out)),
        );
        found
    }
}
