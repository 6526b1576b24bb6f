//! Deleting priced-out columns from the restricted LP (`docs/model.md`, "Columns
//! priced out leave"): the dual simplex's time per iteration grows with the columns.

use super::restricted::Restricted;
use super::settings::{Objective, PURGE_SHARE};
use crate::model::county::County;
use crate::model::error::Result;
use crate::rules::candidates::Candidates;
use crate::solve::live_lp::LiveSolution;
use highs_sys::HighsInt;

impl Restricted {
    /// Deletes the LP's move columns at 0 in `sol` whose reduced cost there is above
    /// [`PURGE_SHARE`] of the mean cost of the moves the solution makes (nonbasic, so
    /// the basis stays valid), when the LP holds more than `purge_above` moves and
    /// its objective is a cost. A deleted move leaves the priced moves and rejoins
    /// when it prices in again (the bound prices every move, in the LP or not), and is
    /// not deleted twice. Returns how many left.
    pub(super) fn purge(
        &mut self,
        county: &County,
        full: &Candidates,
        sol: &LiveSolution,
    ) -> Result<usize> {
        if self.col_move.len() <= self.purge_above
            || matches!(
                self.layout.objective,
                Objective::Targets | Objective::Feasible
            )
        {
            return Ok(0);
        }
        let first = self.layout.first_move();
        let (mut cost, mut moved) = (0.0, 0.0);
        for (c, &j) in self.col_move.iter().enumerate() {
            let x = sol.col_value[c + first];
            if x > 0.0 {
                cost += x * self.layout.move_cost(&full.moves[j]);
                moved += x;
            }
        }
        if moved < 1.0 || cost <= 0.0 {
            return Ok(0);
        }
        // Above HiGHS's dual tolerance, so that no basic column (reduced cost 0) goes.
        let tau = (PURGE_SHARE * cost / moved).max(1e-6);
        let mut mask: Vec<HighsInt> = vec![0; self.lp.cols()];
        let mut gone = 0;
        for (c, &j) in self.col_move.iter().enumerate() {
            let col = c + first;
            // A move in the last solution no chord cuts stays: a plan at the time limit
            // is completed from that solution.
            let in_last = self.last_x.get(col).is_some_and(|&x| x > 1e-9);
            let priced_out = sol.col_value[col] <= 1e-9 && sol.col_dual[col] > tau;
            if priced_out && !in_last && !self.purged[j] {
                mask[col] = 1;
                gone += 1;
            }
        }
        if gone == 0 {
            return Ok(0);
        }
        self.lp.delete_cols(&mut mask)?;
        let mut e = Vec::with_capacity(12);
        let mut col_move = Vec::with_capacity(self.col_move.len() - gone);
        for (c, &j) in self.col_move.iter().enumerate() {
            if mask[c + first] < 0 {
                self.keep[j] = false;
                self.purged[j] = true;
                self.layout.entries(county, &full.moves[j], &mut e);
                self.nonzeros -= e.len();
            } else {
                col_move.push(j);
            }
        }
        self.col_move = col_move;
        for cols in &mut self.columns_of {
            cols.retain_mut(|c| {
                let to = mask[*c as usize];
                *c = to.max(0) as u32;
                to >= 0
            });
        }
        // The last solution no chord cuts may be of an earlier round, with fewer
        // columns (the later ones are at 0 there).
        if !self.last_x.is_empty() {
            let mut x = vec![0.0; self.lp.cols()];
            for (&old, &to) in self.last_x.iter().zip(&mask) {
                if to >= 0 {
                    x[to as usize] = old;
                }
            }
            self.last_x = x;
        }
        Ok(gone)
    }
}
