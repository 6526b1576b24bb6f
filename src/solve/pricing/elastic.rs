//! Elastic columns of the live LP, in a round where someone must move (pins to move,
//! returns): see [`Layout::push_elastic`].

use super::layout::Layout;
use super::settings::INTEGRALITY_TOL;
use crate::model::county::County;
use crate::model::error::RotationError;
use crate::model::solver_message::{BlockedRow, HardRow, SolverMessage};
use crate::rules::candidates::Candidates;
use crate::solve::model_rules::teacher_runs;

/// An elastic's price in units of the targets' shortfall penalty (see
/// [`Layout::elastic_penalty`]).
const ELASTIC_PENALTY_TIMES: f64 = 100.0;

impl Layout {
    /// Elastic columns, in a round where someone must move (a teacher pinned to move,
    /// a return): there nobody moving may break a staffing or subject row, and the
    /// first restricted LP may have no solution before the moves that keep those rows
    /// have joined: a teacher pinned to move whose post only a chain of colleagues'
    /// moves can fill (no colleague of their subject may take their place directly)
    /// left it without one, and pricing needs the duals of a solved LP (the round then
    /// solved the full model, every candidate move in it). Each row nobody moving
    /// breaks, and each row a pinned teacher's moves enter (their school's and every
    /// school they may go to; the balance rules' never-worse rows too), gets a column
    /// `+1` and one `−1`, at [`Layout::elastic_penalty`] in every objective. They are
    /// held at 0 until a restricted LP has no solution without them
    /// (`Restricted::solve` then lets them free), and again once a round's solution
    /// needs none and cuts no chord: free, they leave the LP a solution wherever those
    /// rows were all that stood in its way, and the duals of the rows they relax
    /// price in the moves that close them (the chain); free throughout, their
    /// price sat on relaxed rows as degenerate duals and priced in moves no plan
    /// needed (`district-20k` with three pins: 7.5-8.5 s and 200 MB against 6.6-7.5 s
    /// and 155 MB). The bound gives them no term: every plan has them at 0 (see
    /// [`Layout::constant`]), so the bound is the full model's. The rounds end only
    /// at a solution without them; rounds that converge with one found its row
    /// dearer to close than their price (`price`): the full model is then solved,
    /// which names the rule broken or finds the plan.
    pub(super) fn push_elastic(&mut self, county: &County, full: &Candidates) {
        let penalty = self.elastic_penalty();
        let mut rows: Vec<Vec<(u32, f64)>> = Vec::new();
        let mut seen = vec![false; self.rows()];
        let mut relax = |entries: Vec<(u32, f64)>, seen: &mut Vec<bool>| {
            if !seen[entries[0].0 as usize] {
                seen[entries[0].0 as usize] = true;
                rows.push(entries);
            }
        };
        let staffing = |s: usize| self.staffing[s].map(|(hi, lo)| vec![(hi, 1.0), (lo, 1.0)]);
        let subject = |cell: usize| self.subject_row[cell].map(|r| vec![(r, 1.0)]);
        // Rows nobody moving breaks (returns and joint halves move the bounds).
        for (s, row) in self.staffing.iter().enumerate() {
            if let Some((hi, lo)) = *row {
                if self.lower[lo as usize] > 0.0 || self.upper[hi as usize] < 0.0 {
                    relax(staffing(s).expect("row"), &mut seen);
                }
            }
        }
        for r in self.subject_row.iter().flatten() {
            let r = *r as usize;
            if self.lower[r] > 0.0 || self.upper[r] < 0.0 {
                relax(vec![(r as u32, 1.0)], &mut seen);
            }
        }
        // The rows of the pinned teachers' moves, at both ends.
        for (t, run) in teacher_runs(&full.moves) {
            if full.must_move.binary_search(&t).is_err() {
                continue;
            }
            let home = county.teachers[t].school;
            let ends = std::iter::once(home).chain(full.moves[run].iter().map(|m| m.school));
            for s in ends {
                if let Some(e) = staffing(s) {
                    relax(e, &mut seen);
                }
                if let Some(e) = subject(self.rules.subject_cell(s, t)) {
                    relax(e, &mut seen);
                }
            }
        }
        let never_worse: Vec<u32> = self.never_worse.iter().flatten().copied().collect();
        for r in never_worse {
            relax(vec![(r, 1.0)], &mut seen);
        }
        for e in rows {
            let minus = e.iter().map(|&(r, a)| (r, -a)).collect();
            self.elastic.push((penalty, 0.0, 0.0, e, true));
            self.elastic.push((penalty, 0.0, 0.0, minus, true));
        }
    }

    /// The error of a phase one whose bound proved that no plan keeps the hard rows
    /// (see `rounds::price`): the rows its solution `col_value` relaxes, the most
    /// relaxed first, with the returns at their schools.
    pub(super) fn proven_blocked(&self, county: &County, col_value: &[f64]) -> RotationError {
        // Pins alone: the round's explanation of the pins names the conflict (it
        // solves the full model, as a round handed over does).
        if county.history.returns.is_empty() {
            return RotationError::Solver(SolverMessage::RestrictedLpStatus {
                status: highs_sys::MODEL_STATUS_INFEASIBLE,
            });
        }
        // Which rule each relaxed row is, at which school and for which subject.
        type At = Option<(usize, Option<usize>)>;
        let mut named: Vec<(u32, HardRow, At)> = Vec::new();
        let school = |s: usize| county.schools[s].id.0.clone();
        for (s, row) in self.staffing.iter().enumerate() {
            if let Some((hi, lo)) = *row {
                for r in [hi, lo] {
                    named.push((r, HardRow::Staffing { school: school(s) }, Some((s, None))));
                }
            }
        }
        let subjects = self.rules.subjects;
        for (cell, row) in self.subject_row.iter().enumerate() {
            if let Some(r) = *row {
                let s = cell / subjects;
                let subject = self
                    .rules
                    .subject_names
                    .get(cell % subjects)
                    .cloned()
                    .unwrap_or_default();
                named.push((
                    r,
                    HardRow::Subject {
                        school: school(s),
                        subject,
                    },
                    Some((s, Some(cell % subjects))),
                ));
            }
        }
        for (side, row) in self.rules.balance.sides.iter().zip(&self.never_worse) {
            if let Some(r) = *row {
                named.push((r, HardRow::NeverWorse { side: side.side }, None));
            }
        }
        named.sort_by_key(|n| n.0);
        // Each relaxed row once (its `+1` and `−1` elastics), by how far.
        let mut relaxed: Vec<(u32, f64)> = Vec::new();
        for (c, (_, _, _, e, _)) in self.elastic_columns().zip(&self.elastic) {
            let v = col_value.get(c).copied().unwrap_or(0.0);
            if v > INTEGRALITY_TOL {
                match relaxed.iter_mut().find(|(r, _)| *r == e[0].0) {
                    Some((_, total)) => *total += v,
                    None => relaxed.push((e[0].0, v)),
                }
            }
        }
        relaxed.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let rows = relaxed
            .iter()
            .filter_map(|&(r, _)| {
                let i = named.binary_search_by_key(&r, |n| n.0).ok()?;
                let (_, row, at) = named[i].clone();
                let (mut leaving, mut arriving) = (Vec::new(), Vec::new());
                if let Some((s, subject)) = at {
                    for ret in &county.history.returns {
                        let t = ret.teacher;
                        if subject.is_some_and(|k| self.rules.subject_of[t] as usize != k) {
                            continue;
                        }
                        let id = county.teachers[t].id.0.clone();
                        if ret.host == s {
                            leaving.push(id);
                        } else if ret.home == s {
                            arriving.push(id);
                        }
                    }
                }
                Some(BlockedRow {
                    row,
                    leaving,
                    arriving,
                })
            })
            .collect();
        RotationError::Solver(SolverMessage::ReturnsProvenBlocked {
            returns: county.history.returns.len(),
            rows,
        })
    }

    /// An elastic's price: far above the targets' shortfall penalty, as one unit of
    /// an elastic lets the met stage move one teacher more without a partner, each
    /// worth a teacher of exchange and of backbone shortfall at that penalty (at the
    /// same price the LP of a county of 400 teachers whose targets were out of reach
    /// ended leaning on 60 units, though a plan kept every row).
    pub(super) fn elastic_penalty(&self) -> f64 {
        ELASTIC_PENALTY_TIMES * self.rules.shortfall_penalty
    }

    /// Lets the elastics free (`open`) or holds them at 0; returns their columns and
    /// upper bound, for the live LP.
    pub(super) fn set_elastic_open(&mut self, open: bool) -> (std::ops::Range<usize>, f64) {
        let hi = if open { f64::INFINITY } else { 0.0 };
        self.elastic_open = open;
        for c in &mut self.elastic {
            c.2 = hi;
        }
        (self.elastic_columns(), hi)
    }

    /// The columns of the elastics (see [`Layout::push_elastic`]).
    pub(super) fn elastic_columns(&self) -> std::ops::Range<usize> {
        let first = 2 + self.aggregates.len() + self.balance_columns.len();
        first..first + self.elastic.len()
    }
}
