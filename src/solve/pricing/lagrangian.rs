//! The Lagrangian bound of the live LP's duals: valid for the full model whatever
//! the duals, once they have the signs their rows demand. Each round of pricing adds
//! each teacher's best reduced cost to [`Layout::constant`].

use super::layout::Layout;
use super::settings::{INTEGRALITY_TOL, REDUCED_COST_TOL};
use crate::solve::model_rules::Sense;

impl Layout {
    /// HiGHS's row duals with the sign each row's sense demands (`≥`: ≥ 0, `≤`: ≤ 0,
    /// minimisation); HiGHS's may stray by a tolerance, which is clipped so the bound
    /// stays valid.
    pub(super) fn clip(&self, row_dual: &[f64]) -> Vec<f64> {
        row_dual
            .iter()
            .zip(&self.sense)
            .zip(self.lower.iter().zip(&self.upper))
            .map(|((&y, s), (&lo, &hi))| match s {
                // A row left free (by the objective) is no constraint: dual 0, and
                // the constant never multiplies an infinite bound.
                Sense::Ge if lo == f64::NEG_INFINITY => 0.0,
                Sense::Le if hi == f64::INFINITY => 0.0,
                Sense::Ge => y.max(0.0),
                Sense::Le => y.min(0.0),
                Sense::Eq => y,
            })
            .collect()
    }

    /// The Lagrangian bound without the moves: `Σ y_i b_i` over every row but the
    /// `once` rows, plus each column `u`, `v`, aggregate at the bound its reduced cost
    /// prefers (−∞ when that bound is infinite).
    pub(super) fn constant(&self, y: &[f64]) -> f64 {
        let mut total: f64 = (0..self.rows())
            .filter(|&i| self.dualised[i] && y[i] != 0.0)
            .map(|i| {
                y[i] * match self.sense[i] {
                    Sense::Le => self.upper[i],
                    Sense::Ge | Sense::Eq => self.lower[i],
                }
            })
            .sum();
        let elastic = self.elastic_columns();
        for (c, (cost, lo, hi, e, shortfall)) in self.fixed_columns().into_iter().enumerate() {
            // The elastics are 0 in every plan (its staffing and subject rows hold
            // exactly): no term. Held within the tolerance like the shortfalls below,
            // each would take up to the tolerance times its price (10⁶) off the bound
            // wherever a degenerate dual sits at that price: on `district-20k` with
            // three pins 15 below the LP optimum at the rounds' end, outside the gap.
            // In the phase one too, where every other column costs 0: a bound above 0
            // of the model with the elastics at 0 proves that model has no
            // solution (Farkas), and a term of theirs could only lower the bound (to
            // −∞ where a dual sits a rounding past ±1 on a relaxed row).
            if elastic.contains(&c) {
                continue;
            }
            // Shortfalls are held at 0 in every model whose optimum this bound is
            // claimed for (the cost stage with every target and balance rule met), up
            // to the tolerance at which pricing counts a shortfall as none. A plan
            // the rules accept may still sit that far outside a linearised balance
            // row (seen: 4.5e-7 below a CV cap, at the penalty's price above the
            // plan's own cost), so each is free in [0, tolerance].
            if shortfall {
                let d = -e.iter().map(|&(r, a)| a * y[r as usize]).sum::<f64>();
                total += d.min(0.0) * INTEGRALITY_TOL;
                continue;
            }
            let d = cost - e.iter().map(|&(r, a)| a * y[r as usize]).sum::<f64>();
            total += if d >= 0.0 {
                if d <= REDUCED_COST_TOL && lo == 0.0 {
                    0.0
                } else {
                    d * lo
                }
            } else {
                d * hi
            };
        }
        total
    }
}
