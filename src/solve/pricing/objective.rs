//! Which stage's LP relaxation the live LP holds ([`Objective`]): the costs and
//! bounds each stage gives the layout's columns and rows. Pricing starts with
//! `Objective::Met`; when even the relaxation misses a target, `least_shortfall`
//! turns it to the least shortfall, then to the least cost with that shortfall held.

use super::layout::{FixedColumn, Layout};
use super::settings::Objective;
use crate::rules::candidates::Candidate;
use crate::solve::formulation::STAGE_SLACK;

impl Layout {
    /// The bounds of the rows an objective sets: the rounding row (a cut only where
    /// the targets are held met), the target cap, and the shortfall rounding (a cut
    /// only where a target shortfall is held, when it lifts the bound).
    pub(super) fn objective_rows(&self) -> Vec<(u32, f64, f64)> {
        let free = (f64::NEG_INFINITY, f64::INFINITY);
        let mut rows = Vec::with_capacity(3);
        if let (Some(r), Some(row)) = (self.rounding, self.rules.backbone_rounding) {
            let (lo, hi) = match self.objective {
                Objective::Met => row.bounds(),
                _ => free,
            };
            rows.push((r, lo, hi));
        }
        let (lo, hi) = match self.objective {
            Objective::Cost { targets } => (f64::NEG_INFINITY, targets + STAGE_SLACK),
            _ => free,
        };
        rows.push((self.target_cap, lo, hi));
        if let Some(r) = self.shortfall_rounding {
            let cut = match self.objective {
                Objective::Cost { targets } => self.rules.targets.shortfall_rounding(targets),
                Objective::Met | Objective::Targets | Objective::Feasible => None,
            };
            rows.push((r, cut.unwrap_or(f64::NEG_INFINITY), f64::INFINITY));
        }
        rows
    }

    /// Sets the objective and the bounds of the rows it sets (see
    /// [`Layout::objective_rows`]); returns those rows.
    pub(super) fn set_objective(&mut self, objective: Objective) -> Vec<(u32, f64, f64)> {
        self.objective = objective;
        let rows = self.objective_rows();
        for &(r, lo, hi) in &rows {
            self.lower[r as usize] = lo;
            self.upper[r as usize] = hi;
        }
        rows
    }

    /// The columns `u`, `v`, the aggregates, the balance columns, the elastics and,
    /// with a rounding row, its surplus: cost, bounds, entries, and whether each is a shortfall.
    ///
    /// The surplus frees the rounding row in the stages where it is no cut (bounds
    /// `[0, ∞)`; `[0, 0]` in the met stage), so that the live LP's row keeps its bounds
    /// and the basis stays primal feasible. Freeing the row itself left its slack
    /// nonbasic at 0, far from the row's value: on the family's `d20k-outflow10` the
    /// least-shortfall LP then took 25 s of dual simplex from the met stage's basis,
    /// which with the surplus is optimal at once. In the bound the freed row's dual is
    /// 0 (see [`Layout::clip`]), so the surplus costs nothing there.
    pub(super) fn fixed_columns(&self) -> Vec<FixedColumn> {
        let mut cols = Vec::with_capacity(self.first_move());
        let mut u = vec![(self.exchange, 1.0)];
        if let Some(r) = self.parity {
            u.push((r, 1.0));
        }
        // `u` may relax the rounding row by the backbone teachers its shortfall
        // spares (`share · u`), as `v` does by its own: the row is a cut only where
        // the targets are met. Without it, in the met stage of a county whose targets
        // are out of reach, the row drove the penalised LP to every backbone move it
        // could make, each worth a teacher of `v`'s penalty: on the family's
        // `d20k-outflow10` (1,403 teachers short) the met stage ended at a cost of
        // 22,785 where the cost stage ends at 19,020, and its rounds took 8.2 s
        // against 6.1 s with it. The bound holds `u` at 0, so it holds either way.
        // Only when the starting swaps miss the targets (see `solve_priced`).
        if let (Some(r), true) = (self.rounding, self.u_in_rounding) {
            u.push((r, self.rules.targets.backbone_share));
        }
        u.push((self.target_cap, 1.0));
        // `v` also relaxes the rounding row, so the restricted LP stays feasible
        // before enough backbone moves have joined (in the model the bound is claimed
        // for, v = 0 and the row is the cut).
        let mut v = vec![(self.backbone, 1.0)];
        if let Some(r) = self.rounding {
            v.push((r, 1.0));
        }
        v.push((self.target_cap, 1.0));
        for (e, max) in [u, v].into_iter().zip(self.shortfall_max) {
            cols.push(match self.objective {
                Objective::Met => (self.rules.shortfall_penalty, 0.0, f64::INFINITY, e, true),
                Objective::Targets => (1.0, 0.0, max, e, false),
                Objective::Cost { .. } | Objective::Feasible => (0.0, 0.0, max, e, false),
            });
        }
        for &(s, is_b, lo, hi) in &self.aggregates {
            let e = if is_b {
                let mut e = vec![
                    (self.backbone_of[s].expect("row"), -1.0),
                    (self.backbone, 1.0),
                ];
                if let Some(r) = self.rounding {
                    e.push((r, 1.0));
                }
                if let Some(r) = self.shortfall_rounding {
                    e.push((r, 1.0));
                }
                e
            } else {
                let mut e = vec![
                    (self.departures[s].expect("row"), -1.0),
                    (self.exchange, 1.0),
                ];
                if let (Some(r), true) = (self.parity, self.rules.urban[s]) {
                    e.push((r, 1.0));
                }
                if let Some(r) = self.rounding {
                    e.push((r, self.rules.targets.backbone_share));
                }
                if let Some(r) = self.shortfall_rounding {
                    e.push((r, 1.0 + self.rules.targets.backbone_share));
                }
                e
            };
            cols.push((0.0, lo, hi, e, false));
        }
        // The least target shortfall ignores costs, the rewards of `improve` too; the
        // phase one also lets the shortfalls of balance caps and floors free (they
        // are soft: only the never-worse rows are hard).
        let free = matches!(self.objective, Objective::Targets | Objective::Feasible);
        let soft = self.objective == Objective::Feasible;
        cols.extend(self.balance_columns.iter().map(|(c, lo, hi, e, s)| {
            (
                if free { 0.0 } else { *c },
                *lo,
                *hi,
                e.clone(),
                *s && !soft,
            )
        }));
        // The elastics keep their penalty in every objective: the least target
        // shortfall too is sought among plans that keep the staffing rules. The phase
        // one counts them, and nothing else.
        cols.extend(self.elastic.iter().map(|(c, lo, hi, e, s)| {
            let cost = if soft { 1.0 } else { *c };
            (cost, *lo, *hi, e.clone(), *s && !soft)
        }));
        if let Some(r) = self.rounding {
            let hi = match self.objective {
                Objective::Met => 0.0,
                Objective::Targets | Objective::Cost { .. } | Objective::Feasible => f64::INFINITY,
            };
            cols.push((0.0, 0.0, hi, vec![(r, 1.0)], false));
        }
        cols
    }

    /// A move's cost in the objective: none in the least target shortfall or the
    /// phase one.
    pub(super) fn move_cost(&self, m: &Candidate) -> f64 {
        match self.objective {
            Objective::Targets | Objective::Feasible => 0.0,
            Objective::Met | Objective::Cost { .. } => m.cost,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::solve::model_rules::ModelRules;

    /// Each objective gives `u` and `v` their cost and bounds, frees or sets the rows
    /// it owns, and the duals of a freed row count as 0 in the bound.
    #[test]
    fn each_objective_sets_the_shortfall_columns_and_its_rows() {
        let (county, policy, full) = super::super::sample::haiyan_sample();
        let mut layout = Layout::new(&county, ModelRules::new(&county, &policy, &full), &full);
        let m = full.moves[0];
        let shortfall_columns = |l: &Layout| {
            let cols = l.fixed_columns();
            [
                (cols[0].0, cols[0].2, cols[0].4),
                (cols[1].0, cols[1].2, cols[1].4),
            ]
        };
        // Met: the penalty, unbounded, held at 0 by the bound; the cap row free.
        let penalty = layout.rules.shortfall_penalty;
        for (cost, hi, held) in shortfall_columns(&layout) {
            assert_eq!((cost, hi, held), (penalty, f64::INFINITY, true));
        }
        assert_eq!(layout.move_cost(&m), m.cost);
        let cap = layout.target_cap as usize;
        assert_eq!(
            (layout.lower[cap], layout.upper[cap]),
            (f64::NEG_INFINITY, f64::INFINITY)
        );
        // Targets: u and v cost 1 up to finite bounds, moves cost nothing, the cap and
        // rounding rows are free.
        layout.set_objective(Objective::Targets);
        for ((cost, hi, held), max) in shortfall_columns(&layout)
            .into_iter()
            .zip(layout.shortfall_max)
        {
            assert_eq!((cost, held), (1.0, false));
            assert!(hi.is_finite() && hi == max && hi >= 0.0);
        }
        assert_eq!(layout.move_cost(&m), 0.0);
        if let Some(r) = layout.rounding {
            assert_eq!(layout.lower[r as usize], f64::NEG_INFINITY);
        }
        // Cost: moves cost again, u and v nothing, and the cap row holds u + v.
        layout.set_objective(Objective::Cost { targets: 3.0 });
        for (cost, hi, _) in shortfall_columns(&layout) {
            assert_eq!(cost, 0.0);
            assert!(hi.is_finite());
        }
        assert_eq!(layout.move_cost(&m), m.cost);
        assert_eq!(layout.upper[cap], 3.0 + STAGE_SLACK);
        // The shortfall rounding is a cut of the cost stage alone (base `exchanged`).
        let sr = layout.shortfall_rounding.expect("base exchanged") as usize;
        let cut = layout.rules.targets.shortfall_rounding(3.0);
        assert_eq!(layout.lower[sr], cut.unwrap_or(f64::NEG_INFINITY));
        // A dual on a freed row is no constraint's: clipped to 0.
        let mut duals = vec![0.0; layout.rows()];
        if let Some(r) = layout.rounding {
            duals[r as usize] = 2.0;
            assert_eq!(layout.clip(&duals)[r as usize], 0.0);
        }
        duals[cap] = -2.0;
        assert_eq!(layout.clip(&duals)[cap], -2.0);
        // Each stage's objective: the cost stage with nothing held is the first model.
        use crate::solve::formulation::Stage;
        assert_eq!(Objective::from(Stage::MET), Objective::Met);
        assert_eq!(Objective::from(Stage::Targets), Objective::Targets);
        let cost = Stage::Cost {
            targets: 3.0,
            balance: 0.0,
        };
        assert_eq!(Objective::from(cost), Objective::Cost { targets: 3.0 });
        // The rounding row's surplus, the last column before the moves, frees the row
        // in the live LP outside the met stage.
        let surplus = |l: &Layout| l.fixed_columns().last().cloned().expect("columns");
        if let Some(r) = layout.rounding {
            assert_eq!(layout.fixed_columns().len(), layout.first_move());
            let (cost, lo, hi, e, shortfall) = surplus(&layout);
            assert_eq!(
                (cost, lo, hi, e, shortfall),
                (0.0, 0.0, f64::INFINITY, vec![(r, 1.0)], false)
            );
        }
        // Feasible (the phase one): moves and shortfalls cost nothing, u and v up to
        // finite bounds and not held, the cap and rounding rows free.
        layout.set_objective(Objective::Feasible);
        for (cost, hi, held) in shortfall_columns(&layout) {
            assert_eq!((cost, held), (0.0, false));
            assert!(hi.is_finite());
        }
        assert_eq!(layout.move_cost(&m), 0.0);
        assert_eq!(
            (layout.lower[cap], layout.upper[cap]),
            (f64::NEG_INFINITY, f64::INFINITY)
        );
        assert_eq!(layout.lower[sr], f64::NEG_INFINITY);
        if layout.rounding.is_some() {
            assert_eq!(surplus(&layout).2, f64::INFINITY);
        }
        // Back to Met: the rounding row is the cut again.
        layout.set_objective(Objective::Met);
        if layout.rounding.is_some() {
            assert_eq!(surplus(&layout).2, 0.0);
        }
        assert_eq!(layout.lower[sr], f64::NEG_INFINITY);
        if let (Some(r), Some(row)) = (layout.rounding, layout.rules.backbone_rounding) {
            assert_eq!(layout.lower[r as usize], row.bounds().0);
        }
    }
}
