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
use crate::solve::model_rules::{ModelRules, Sense};
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

mod exchanges;
mod pick;

use pick::{choose, exchanged, mip_seconds};

#[cfg(test)]
mod tests;

/// At most this many rounds of swaps.
const ROUNDS: usize = 4;

/// A round's MIP gets at most this many seconds (and never more than the time limit
/// leaves): it is small, and one that takes longer is not worth waiting for.
const MIP_SECONDS: f64 = 2.0;

/// At most this many swaps in a round's MIP, the cheapest for what they lower.
const KEEP: usize = 200;

/// A cost change smaller than this is none.
const COST_TOL: f64 = 1e-9;

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
    /// The repair applies ([`SwapData::repair`]): a tolerance and a never-worse row.
    /// Without, only [`SwapData::improve`] runs.
    repairs: bool,
    /// Per teacher: pinned to move, so never replaced by a colleague.
    pinned: Vec<bool>,
    /// Per teacher: backbone (1) or not (0), the terms of `backbone_rounding`.
    backbone: Vec<f64>,
    /// Per teacher: the coefficient in the backbone target's row.
    backbone_coef: Vec<f64>,
    /// The backbone target's right-hand side, and `backbone_rounding`'s where written:
    /// a colleague of another backbone standing taking a mover's place changes both
    /// sums.
    backbone_rhs: f64,
    rounding_rhs: Option<f64>,
    /// (school, subject) → the teachers there with a candidate move, in teacher order:
    /// the colleagues who may take a mover's place.
    colleagues: BTreeMap<(usize, u32), Vec<usize>>,
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

/// One exchange: the plan's moves `out` replaced by `inn`. A swap of two movers' new
/// schools (`out` = `[a, b]`, `inn` = a's teacher to b's school and b's to a's), or a
/// colleague taking a mover's place (`out` = `[a]`, `inn` = the colleague's move to
/// a's new school).
#[derive(Debug, Clone, PartialEq)]
struct Exchange {
    out: Vec<usize>,
    inn: Vec<usize>,
    /// What may be in one exchange only: the moves out, and a colleague who starts to
    /// move (as `moves.len() + teacher`).
    keys: Vec<usize>,
    cost: f64,
    /// Change of each never-worse row's activity (one per side of the balance rows;
    /// 0 where the side has none).
    effect: Vec<f64>,
    /// Change of the backbone target's sum and of the backbone movers (rounding).
    backbone: [f64; 2],
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
        SwapData::from_rules(county, ModelRules::new(county, policy, cands), cands)
    }

    /// [`SwapData::new`] from the round's rules, already decided.
    pub fn from_rules(county: &County, rules: ModelRules, cands: &Candidates) -> Option<SwapData> {
        let balance = rules.balance;
        if !balance
            .sides
            .iter()
            .all(|r| r.cap.is_none() && r.terms.iter().all(|d| d.floor.is_none()))
        {
            return None;
        }
        let repairs = !rules.subject_equalities && balance.sides.iter().any(|r| r.never_worse);
        let pinned = rules
            .once
            .iter()
            .map(|o| o.as_ref().is_some_and(|r| r.sense == Sense::Eq))
            .collect();
        let backbone = county
            .teachers
            .iter()
            .map(|t| if t.backbone.is_backbone() { 1.0 } else { 0.0 })
            .collect();
        let mut colleagues: BTreeMap<(usize, u32), Vec<usize>> = BTreeMap::new();
        for m in &cands.moves {
            let place = (
                county.teachers[m.teacher].school,
                rules.subject_of[m.teacher],
            );
            let list = colleagues.entry(place).or_default();
            if list.last() != Some(&m.teacher) {
                list.push(m.teacher);
            }
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
            repairs,
            pinned,
            backbone,
            backbone_coef: rules.backbone_coef,
            backbone_rhs: rules.backbone.rhs,
            rounding_rhs: rules.backbone_rounding.map(|r| r.rhs),
            colleagues,
        })
    }

    /// Whether [`SwapData::repair`] applies (a tolerance and a never-worse row).
    pub fn repairs(&self) -> bool {
        self.repairs
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
            if activity.iter().all(|&a| a <= -MARGIN) {
                return (self.cost_of(&chosen, &deltas) <= budget).then_some(chosen);
            }
            if round == ROUNDS {
                break;
            }
            let swaps = self.swaps(&chosen, &deltas, &activity, true);
            let room = budget - self.cost_of(&chosen, &deltas);
            let picked = choose(&swaps, &activity, Some(room), None, mip_seconds(deadline)?)?;
            chosen = exchanged(chosen, &swaps, &picked);
        }
        None
    }

    /// The plan's cost as the exchanges weigh it: its moves' costs, and under
    /// `improve` the never-worse rows' weighted activity (`deltas`: the plan's, from
    /// [`SwapData::deltas`]).
    fn cost_of(&self, chosen: &[usize], deltas: &[Vec<i64>]) -> f64 {
        let moves: f64 = chosen.iter().map(|&j| self.moves[j].cost).sum();
        let reward: f64 = self
            .balance
            .sides
            .iter()
            .zip(deltas)
            .filter(|(r, _)| r.improve != 0.0)
            .map(|(r, d)| r.improve * r.activity(d))
            .sum();
        moves + reward
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
    /// (`formulation`: `scale · (Σ z/P − (2S/T) D)`, at most 0); −∞ where the side has
    /// no such row (nothing to hold). A side whose counts the plan leaves as they were
    /// (every `Δ` 0, the activity exactly 0) reads as `-MARGIN`: held, and the swaps
    /// and exchanges may not raise it (else a level the plan does not touch would
    /// count as broken, and stop them).
    fn activities(&self, deltas: &[Vec<i64>]) -> Vec<f64> {
        self.balance
            .sides
            .iter()
            .zip(deltas)
            .map(|(r, d)| {
                if !r.never_worse {
                    f64::NEG_INFINITY
                } else if d.iter().all(|&x| x == 0) {
                    -MARGIN
                } else {
                    r.scale * r.activity(d)
                }
            })
            .collect()
    }

    /// The exchange of the plan's moves `out` for `inn`: its cost and its exact
    /// effect on each never-worse row at the plan.
    fn exchange(
        &self,
        out: Vec<usize>,
        inn: Vec<usize>,
        keys: Vec<usize>,
        deltas: &[Vec<i64>],
    ) -> Exchange {
        let mut cost: f64 = inn.iter().map(|&j| self.moves[j].cost).sum::<f64>()
            - out.iter().map(|&j| self.moves[j].cost).sum::<f64>();
        let effect: Vec<f64> = self
            .balance
            .sides
            .iter()
            .zip(deltas)
            .map(|(r, d)| {
                if !r.never_worse {
                    return 0.0;
                }
                let mut change: Vec<(usize, i64)> = Vec::with_capacity(8);
                for (moves, sign) in [(&out, -1), (&inn, 1)] {
                    for &j in moves.iter() {
                        change.extend(self.shifts(r, j).map(|(k, s)| (k, sign * s)));
                    }
                }
                effect_of(r, d, &change)
            })
            .collect();
        for (r, e) in self.balance.sides.iter().zip(&effect) {
            if r.improve != 0.0 {
                cost += r.improve * e / r.scale;
            }
        }
        let sum = |moves: &[usize], of: &[f64]| -> f64 {
            moves.iter().map(|&j| of[self.moves[j].teacher]).sum()
        };
        let backbone = [
            sum(&inn, &self.backbone_coef) - sum(&out, &self.backbone_coef),
            sum(&inn, &self.backbone) - sum(&out, &self.backbone),
        ];
        Exchange {
            out,
            inn,
            keys,
            cost,
            effect,
            backbone,
        }
    }

    /// The plan's movers by the model's subject, in plan order.
    fn by_subject(&self, chosen: &[usize]) -> BTreeMap<u32, Vec<usize>> {
        let mut by_subject: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for &j in chosen {
            by_subject.entry(self.moves[j].subject).or_default().push(j);
        }
        by_subject
    }

    /// The swaps of two movers' new schools: `(a, b, a2, b2)`, where both new moves
    /// are candidates; only those `keep` lets through.
    fn school_swaps(
        &self,
        by_subject: &BTreeMap<u32, Vec<usize>>,
        keep: impl Fn(SwapMove, SwapMove) -> bool,
    ) -> Vec<[usize; 4]> {
        let mut found = Vec::new();
        for group in by_subject.values() {
            for (i, &a) in group.iter().enumerate() {
                for &b in &group[i + 1..] {
                    let (ma, mb) = (self.moves[a], self.moves[b]);
                    if ma.to == mb.to || !keep(ma, mb) {
                        continue;
                    }
                    let (Some(&a2), Some(&b2)) = (
                        self.index.get(&(ma.teacher, mb.to)),
                        self.index.get(&(mb.teacher, ma.to)),
                    ) else {
                        continue;
                    };
                    found.push([a, b, a2, b2]);
                }
            }
        }
        found
    }

    /// The swaps of two movers that lower some never-worse row (`broken`: one the plan
    /// breaks), the `KEEP` cheapest per unit of that lowering.
    fn swaps(
        &self,
        chosen: &[usize],
        deltas: &[Vec<i64>],
        activity: &[f64],
        broken_only: bool,
    ) -> Vec<Exchange> {
        let by_subject = self.by_subject(chosen);
        let sides = &self.balance.sides;
        // Only a member and a non-member of some side change its counts.
        let differ = |ma: SwapMove, mb: SwapMove| {
            sides
                .iter()
                .any(|r| r.never_worse && r.member[ma.teacher] != r.member[mb.teacher])
        };
        let counts = |side: usize| !broken_only || activity[side] > -MARGIN;
        let mut swaps: Vec<Exchange> = self
            .school_swaps(&by_subject, differ)
            .into_iter()
            .map(|[a, b, a2, b2]| self.exchange(vec![a, b], vec![a2, b2], vec![a, b], deltas))
            .filter(|s| (0..s.effect.len()).any(|i| counts(i) && s.effect[i] < 0.0))
            .collect();
        // What a swap does for those rows, per unit of cost (a swap that lowers the
        // cost first); the MIP's size stays small (HiGHS's set-up is most of it).
        let lowering = |s: &Exchange| -> f64 {
            s.effect
                .iter()
                .enumerate()
                .filter(|&(i, _)| counts(i))
                .map(|(_, &e)| (-e).max(0.0))
                .sum()
        };
        let ratio = |s: &Exchange| s.cost / lowering(s).max(1e-12);
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
