//! Balance swaps (`docs/model.md`, "Balance swaps"): a plan within the gap where the
//! backbone CV's never-worse rows leave the relaxation fractional.
//!
//! Where those rows bind, the relaxation splits backbone teachers between a few schools
//! so that each row holds with equality, and HiGHS takes about a second at 4,000
//! teachers to find any plan near it: the backbone target and the never-worse rows
//! together make a first plan hard, either alone leaves the relaxation whole
//! (`docs/benchmarks.md`, "The tolerance counties"). This builds one directly:
//! 1. the relaxation's fractional moves completed by a small MIP without those rows;
//!    where that fails, the same from the relaxation with the rows priced at their
//!    duals instead of held (a Lagrangian relaxation: whole or nearly, at about the
//!    bound's cost; `solve::highs`, `balance_swaps_plan`);
//! 2. swaps: two movers of the same subject, one counted by a level's indicator and
//!    one not, trade their new schools. A swap changes no row but the balance rows
//!    (each new school still receives one teacher of the subject, each teacher still
//!    leaves the same school, the counts of movers and backbone movers stay), so a
//!    small MIP over the swaps, each with its cost and its exact effect on each
//!    never-worse row at the plan, restores the rows at least cost ([`SwapData::repair`]);
//!    effects of swaps that share a school are not additive (the rows are convex in the
//!    counts), so the plan is re-evaluated and the step repeated a few times.
//!
//! The plan is then solved by HiGHS with every move fixed, like any other: the rows
//! are checked there, and its cost is HiGHS's.

use crate::model::county::County;
use crate::model::policy::Policy;
use crate::rules::candidates::Candidates;
use crate::solve::balance_rows::{BalanceRows, SideRows};
use crate::solve::model_rules::ModelRules;
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

/// At most this many rounds of swaps.
const ROUNDS: usize = 4;

/// A round's MIP gets at most this many seconds (and never more than the time limit
/// leaves): it is small, and one that takes longer is not worth waiting for.
const MIP_SECONDS: f64 = 2.0;

/// At most this many swaps in a round's MIP, the cheapest for what they lower.
const KEEP: usize = 200;

/// A never-worse row counts as held at this much below 0 (its scaled units; HiGHS
/// holds rows to 10⁻⁷, so a plan repaired to here passes its check with room).
const MARGIN: f64 = 1e-6;

/// What the swaps need of a round: its candidate moves and its balance rows.
#[derive(Debug, Clone, PartialEq)]
pub struct SwapData {
    moves: Vec<SwapMove>,
    /// (teacher, new school) → candidate move.
    index: HashMap<(usize, usize), usize>,
    balance: BalanceRows,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct SwapMove {
    teacher: usize,
    from: usize,
    to: usize,
    /// The model's subject of the teacher (`ModelRules::subject_of`).
    subject: u32,
    cost: f64,
}

/// One swap: moves `a` and `b` of the plan replaced by `a2` (a's teacher to b's
/// school) and `b2`.
#[derive(Debug, Clone, PartialEq)]
struct Swap {
    a: usize,
    b: usize,
    a2: usize,
    b2: usize,
    cost: f64,
    /// Change of each never-worse row's activity (one per side of the balance rows;
    /// 0 where the side has none).
    effect: Vec<f64>,
}

impl SwapData {
    /// The swaps' data for a round, when they apply: a staffing or subject tolerance
    /// (the subject rows are not equalities), some level with a never-worse row, and no
    /// level with a cap or a floor (rows a swap would change too, which the repair does
    /// not weigh). Without a tolerance the relaxation's fractions are few and fix and
    /// complete or the narrow MIP finds the plan quickly: on the three 4,000-teacher
    /// practice counties the swaps found none within the gap and cost 0.15–0.2 s
    /// (`docs/benchmarks.md`, "Balance swaps").
    pub fn new(county: &County, policy: &Policy, cands: &Candidates) -> Option<SwapData> {
        let rules = ModelRules::new(county, policy, cands);
        if rules.subject_equalities {
            return None;
        }
        let balance = rules.balance;
        let applies = balance.sides.iter().any(|r| r.never_worse)
            && balance
                .sides
                .iter()
                .all(|r| r.cap.is_none() && r.terms.iter().all(|d| d.floor.is_none()));
        if !applies {
            return None;
        }
        let moves = cands
            .moves
            .iter()
            .map(|m| SwapMove {
                teacher: m.teacher,
                from: county.teachers[m.teacher].school,
                to: m.school,
                subject: rules.subject_of[m.teacher],
                cost: m.cost,
            })
            .collect();
        let index = cands
            .moves
            .iter()
            .enumerate()
            .map(|(j, m)| ((m.teacher, m.school), j))
            .collect();
        Some(SwapData {
            moves,
            index,
            balance,
        })
    }

    /// The plan `chosen` (candidate moves) changed by swaps until every never-worse
    /// row holds, at least cost as the swaps' MIP sees it and with the moves' costs
    /// adding up to at most `budget`; `None` when no swaps get there in a few rounds
    /// (a round whose MIP has no such set of swaps ends the search at once: on a
    /// point of a sweep where none was within the gap, four rounds cost 0.3 s). The
    /// rounds' MIPs end by `deadline`, when there is one.
    pub fn repair(
        &self,
        mut chosen: Vec<usize>,
        budget: f64,
        deadline: Option<Instant>,
    ) -> Option<Vec<usize>> {
        for round in 0..=ROUNDS {
            let deltas = self.deltas(&chosen);
            let activity = self.activities(&deltas);
            let cost: f64 = chosen.iter().map(|&j| self.moves[j].cost).sum();
            if activity.iter().all(|&a| a <= -MARGIN) {
                return (cost <= budget).then_some(chosen);
            }
            if round == ROUNDS {
                break;
            }
            let swaps = self.swaps(&chosen, &deltas, &activity);
            let seconds = deadline.map_or(MIP_SECONDS, |d| {
                d.saturating_duration_since(Instant::now())
                    .as_secs_f64()
                    .min(MIP_SECONDS)
            });
            if seconds <= 0.0 {
                return None;
            }
            let picked = choose(&swaps, &activity, budget - cost, seconds)?;
            for &k in &picked {
                let s = &swaps[k];
                for m in chosen.iter_mut() {
                    if *m == s.a {
                        *m = s.a2;
                    } else if *m == s.b {
                        *m = s.b2;
                    }
                }
            }
        }
        None
    }

    /// Per side, each term's `Δ` under the plan.
    fn deltas(&self, chosen: &[usize]) -> Vec<Vec<i64>> {
        self.balance
            .sides
            .iter()
            .map(|r| {
                let mut d = vec![0i64; r.terms.len()];
                for &j in chosen {
                    for (k, step) in self.shifts(r, j) {
                        d[k] += step;
                    }
                }
                d
            })
            .collect()
    }

    /// What move `j` adds to the side's `Δ`s: (term, change), at most two.
    fn shifts(&self, r: &SideRows, j: usize) -> impl Iterator<Item = (usize, i64)> {
        let m = self.moves[j];
        r.shifts(m.teacher, m.from, m.to)
    }

    /// Each side's never-worse row activity, scaled as the model writes it
    /// (`formulation`: `scale · (Σ z/P − (2S/T) D)`, at most 0); 0 where the side has
    /// no such row.
    fn activities(&self, deltas: &[Vec<i64>]) -> Vec<f64> {
        self.balance
            .sides
            .iter()
            .zip(deltas)
            .map(|(r, d)| {
                if r.never_worse {
                    r.scale * r.activity(d)
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// The swaps of two movers of the plan that lower some broken never-worse row,
    /// the `KEEP` cheapest per unit of that lowering.
    fn swaps(&self, chosen: &[usize], deltas: &[Vec<i64>], activity: &[f64]) -> Vec<Swap> {
        let mut by_subject: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for &j in chosen {
            by_subject.entry(self.moves[j].subject).or_default().push(j);
        }
        let sides = &self.balance.sides;
        let mut swaps = Vec::new();
        for group in by_subject.values() {
            for (i, &a) in group.iter().enumerate() {
                for &b in &group[i + 1..] {
                    let (ma, mb) = (self.moves[a], self.moves[b]);
                    // Only a member and a non-member of some side change its counts.
                    if ma.to == mb.to
                        || !sides
                            .iter()
                            .any(|r| r.never_worse && r.member[ma.teacher] != r.member[mb.teacher])
                    {
                        continue;
                    }
                    let (Some(&a2), Some(&b2)) = (
                        self.index.get(&(ma.teacher, mb.to)),
                        self.index.get(&(mb.teacher, ma.to)),
                    ) else {
                        continue;
                    };
                    let cost = self.moves[a2].cost + self.moves[b2].cost - ma.cost - mb.cost;
                    let effect: Vec<f64> = sides
                        .iter()
                        .zip(deltas)
                        .map(|(r, d)| {
                            if !r.never_worse {
                                return 0.0;
                            }
                            let mut change: Vec<(usize, i64)> = Vec::with_capacity(8);
                            for (j, sign) in [(a, -1), (b, -1), (a2, 1), (b2, 1)] {
                                change.extend(self.shifts(r, j).map(|(k, s)| (k, sign * s)));
                            }
                            effect_of(r, d, &change)
                        })
                        .collect();
                    let broken = |side: usize| activity[side] > -MARGIN;
                    if (0..effect.len()).any(|i| broken(i) && effect[i] < 0.0) {
                        swaps.push(Swap {
                            a,
                            b,
                            a2,
                            b2,
                            cost,
                            effect,
                        });
                    }
                }
            }
        }
        // What a swap does for the broken rows, per unit of cost (a swap that lowers
        // the cost first); the MIP's size stays small (HiGHS's set-up is most of it).
        let lowering = |s: &Swap| -> f64 {
            s.effect
                .iter()
                .zip(activity)
                .filter(|(_, &a)| a > -MARGIN)
                .map(|(&e, _)| (-e).max(0.0))
                .sum()
        };
        let ratio = |s: &Swap| s.cost / lowering(s).max(1e-12);
        swaps.sort_by(|x, y| ratio(x).total_cmp(&ratio(y)));
        swaps.truncate(KEEP);
        swaps
    }
}

/// The change of a side's activity when the `Δ`s `d` change by `change` (term,
/// step), exactly: only the terms changed are recomputed.
fn effect_of(r: &SideRows, d: &[i64], change: &[(usize, i64)]) -> f64 {
    let mut net: Vec<(usize, i64)> = Vec::with_capacity(change.len());
    for &(k, s) in change {
        match net.iter_mut().find(|(kk, _)| *kk == k) {
            Some(e) => e.1 += s,
            None => net.push((k, s)),
        }
    }
    r.scale
        * net
            .iter()
            .filter(|(_, s)| *s != 0)
            .map(|&(k, s)| r.term_activity(k, d[k] + s) - r.term_activity(k, d[k]))
            .sum::<f64>()
}

/// The swaps to make: least cost, at most `room` in all, each move in at most one
/// swap, and each row's activity plus the picked swaps' effects at most `-MARGIN` (a
/// small MIP, given `seconds`); `None` when HiGHS finds none.
fn choose(swaps: &[Swap], activity: &[f64], room: f64, seconds: f64) -> Option<Vec<usize>> {
    if swaps.is_empty() {
        return None;
    }
    let mut pb = highs::RowProblem::default();
    let cols: Vec<highs::Col> = swaps
        .iter()
        .map(|s| pb.add_integer_column(s.cost, 0..=1))
        .collect();
    pb.add_row(..=room, swaps.iter().zip(&cols).map(|(s, &c)| (c, s.cost)));
    for (side, &act) in activity.iter().enumerate() {
        let terms: Vec<(highs::Col, f64)> = swaps
            .iter()
            .zip(&cols)
            .filter(|(s, _)| s.effect[side] != 0.0)
            .map(|(s, &c)| (c, s.effect[side]))
            .collect();
        if !terms.is_empty() || act > -MARGIN {
            pb.add_row(..=(-MARGIN - act), terms);
        }
    }
    // Ordered, so that the same plan gives the same MIP and the same swaps.
    let mut uses: BTreeMap<usize, Vec<highs::Col>> = BTreeMap::new();
    for (s, &c) in swaps.iter().zip(&cols) {
        for m in [s.a, s.b] {
            uses.entry(m).or_default().push(c);
        }
    }
    for cs in uses.values().filter(|cs| cs.len() > 1) {
        pb.add_row(..=1.0, cs.iter().map(|&c| (c, 1.0)));
    }
    let mut model = pb.optimise(highs::Sense::Minimise);
    model.make_quiet();
    model.set_option("mip_rel_gap", 1e-6);
    model.set_option("time_limit", seconds);
    let solved = model.try_solve().ok()?;
    if solved.status() != highs::HighsModelStatus::Optimal {
        return None;
    }
    let sol = solved.get_solution();
    Some(
        sol.columns()
            .iter()
            .enumerate()
            .filter(|(_, &v)| v > 0.5)
            .map(|(k, _)| k)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swaps_effect_is_the_change_of_the_row_recomputed() {
        use crate::solve::balance_rows::DeltaTerm;
        let term = |before, students: f64| DeltaTerm {
            school: 0,
            students,
            before,
            lo: -5,
            hi: 5,
            floor: None,
        };
        let r = SideRows {
            side: crate::model::indicator::Side::Primary,
            member: vec![],
            unit: 1,
            term_of: vec![],
            terms: vec![term(8, 400.0), term(3, 350.0), term(5, 600.0)],
            students: 1350.0,
            s: 64.0 / 400.0 + 9.0 / 350.0 + 25.0 / 600.0,
            t: 16.0,
            scale: 600.0,
            never_worse: true,
            cap: None,
            improve: 0.0,
        };
        let d = vec![1, -2, 0];
        for change in [
            vec![(0, -1), (1, 1)],
            vec![(0, -1), (0, 1)],
            vec![(2, 1), (2, 1), (1, -1)],
            vec![],
        ] {
            let mut after = d.clone();
            for &(k, s) in &change {
                after[k] += s;
            }
            let want = r.scale * (r.activity(&after) - r.activity(&d));
            let got = effect_of(&r, &d, &change);
            assert!(
                (want - got).abs() < 1e-9,
                "{change:?}: {got} against {want}"
            );
        }
    }
}
