//! What the model's rows say, decided once: the targets, whether the parity cut is
//! written and its right-hand side, each teacher's coefficient in the backbone row,
//! which staffing, subject, outflow and `once` rows exist and their bounds
//! (`docs/model.md`). `formulation` writes the full model from a [`ModelRules`] and
//! `pricing`'s layout the restricted LP from another, so the two cannot drift apart:
//! pricing's bound is only valid while both hold the same relaxation.

use crate::model::county::{County, Zone};
use crate::model::policy::{BackboneBase, CvRule, Policy};
use crate::model::shares::{ceil_share, floor_share};
use crate::rules::candidates::{Candidate, Candidates};
use crate::solve::balance_rows::BalanceRows;
use crate::solve::fixed_flows::FixedFlows;
use crate::solve::parity::{parity_bounds, parity_holds, subjects_kept, urban_returns};
use std::collections::HashMap;
use std::ops::Range;

/// Weight of each teacher of shortfall in the LP that prices moves in (a phase-one
/// device: the restricted LP must be feasible before it holds enough moves). No plan
/// is chosen by it: the plan's least shortfall is found exactly first (see
/// `round::run`).
pub const SHORTFALL_PENALTY: f64 = 10_000.0;

/// The targets the model must meet, in teachers.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Targets {
    /// `⌈rate · |E|⌉`.
    pub exchange: u32,
    /// Base `eligible_backbone`: `⌈share · |E_b|⌉` backbone teachers. Base
    /// `exchanged`: `None` (the target is the share of the movers).
    pub backbone_count: Option<u32>,
    /// `targets.backbone_share`.
    pub backbone_share: f64,
    /// Eligible teachers `|E|`.
    pub eligible: u32,
    /// Eligible backbone teachers `|E_b|`.
    pub eligible_backbone: u32,
}

/// The policy's targets over the eligible teachers of `candidates`.
pub fn targets(county: &County, policy: &Policy, candidates: &Candidates) -> Targets {
    let eligible = candidates.eligible.len() as u32;
    let eligible_backbone = candidates
        .eligible
        .iter()
        .filter(|&&t| county.teachers[t].backbone.is_backbone())
        .count() as u32;
    Targets {
        exchange: ceil_share(policy.targets.exchange_rate, eligible),
        backbone_count: match policy.targets.backbone_base {
            BackboneBase::Exchanged => None,
            BackboneBase::EligibleBackbone => {
                Some(ceil_share(policy.targets.backbone_share, eligible_backbone))
            }
        },
        backbone_share: policy.targets.backbone_share,
        eligible,
        eligible_backbone,
    }
}

/// Slack on a stage's shortfall cap: the previous stage's optimum as HiGHS reports it
/// may sit a feasibility tolerance above the true one.
pub(crate) const STAGE_SLACK: f64 = 1e-6;

impl Targets {
    /// The right-hand side of `shortfall_rounding` (`N + B ≥` it) in a stage that
    /// holds the target shortfall `u + v` to at most `cap` (plus [`STAGE_SLACK`]), or
    /// `None` where it adds nothing to the relaxation. With `S = cap + STAGE_SLACK`,
    /// `N0 = K − ⌊S⌋` and `e = S − ⌊S⌋`, every plan has `N ≥ N0` (as `u ≤ S`); with
    /// `N = N0 + d`, while `N ≤ K` the backbone row and `v ≤ S − u ≤ e + d` give
    /// `B ≥ share · N0 − e − (1 − share) · d`, and beyond it `B ≥ share · N − S` with
    /// `d > S − e`: either way `B + d ≥ ⌈share · N0 − e⌉`, `B` and `d` being whole.
    /// Under base `eligible_backbone` the least shortfall is whole (`u` and
    /// `T − B` are), so the sum of the target rows has nothing to round: `None`.
    /// A lift below 1e-4 (`S` whole and `share · N0` whole up to the stage's slack)
    /// is not worth a row with one entry per move. (`docs/model.md`, "Rounding with a
    /// target shortfall held".)
    pub fn shortfall_rounding(&self, cap: f64) -> Option<f64> {
        if self.backbone_count.is_some() {
            return None;
        }
        let s = cap + STAGE_SLACK;
        let whole = s.floor();
        let n0 = f64::from(self.exchange) - whole;
        if n0 <= 0.0 {
            return None;
        }
        let x = self.backbone_share * n0 - (s - whole);
        let rhs = n0 + (x - 1e-9).ceil().max(0.0);
        // The relaxation holds about `N0 + x` (a little less while HiGHS leaves `u`
        // above `⌊S⌋`).
        (rhs - (n0 + x) > 1e-4).then_some(rhs)
    }
}

/// How a row bounds its activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// Activity at least the right-hand side.
    Ge,
    /// Activity at most the right-hand side.
    Le,
    /// Activity equal to the right-hand side.
    Eq,
}

/// A row's sense and right-hand side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row {
    /// How the row bounds its activity.
    pub sense: Sense,
    /// The right-hand side.
    pub rhs: f64,
}

impl Row {
    /// `activity ≥ rhs`.
    pub fn ge(rhs: f64) -> Row {
        Row {
            sense: Sense::Ge,
            rhs,
        }
    }

    /// `activity ≤ rhs`.
    pub fn le(rhs: f64) -> Row {
        Row {
            sense: Sense::Le,
            rhs,
        }
    }

    /// `activity = rhs`.
    pub fn eq(rhs: f64) -> Row {
        Row {
            sense: Sense::Eq,
            rhs,
        }
    }

    /// `(lower, upper)` on the row's activity, as HiGHS takes a row.
    pub fn bounds(self) -> (f64, f64) {
        match self.sense {
            Sense::Ge => (self.rhs, f64::INFINITY),
            Sense::Le => (f64::NEG_INFINITY, self.rhs),
            Sense::Eq => (self.rhs, self.rhs),
        }
    }
}

/// Each teacher's candidate moves, as `(teacher, range into moves)`: candidate moves
/// come grouped by teacher (see [`Candidates`]), so a teacher's moves are one run.
pub fn teacher_runs(moves: &[Candidate]) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        let t = moves.get(start)?.teacher;
        let end = start + moves[start..].iter().take_while(|m| m.teacher == t).count();
        let run = start..end;
        start = end;
        Some((t, run))
    })
}

/// The rows of the model over one set of candidate moves, in model terms: which exist
/// and their bounds, and the coefficients that are not ±1. Row and column names, and
/// the order rows are written in, are left to the writer.
#[derive(Debug, Clone)]
pub struct ModelRules {
    /// The targets the rows hold the plan to.
    pub targets: Targets,
    /// `exchange_target`: `N + u ≥ K`.
    pub exchange: Row,
    /// `exchange_target_parity`: `H + u ≥ ⌈(K + r_U)/2⌉`, where written (see
    /// [`ModelRules::new`]; `r_U` the returns' net arrivals at urban schools).
    pub parity: Option<Row>,
    /// `backbone_target`: `Σ coef_t x + v ≥` this row's right-hand side.
    pub backbone: Row,
    /// `backbone_rounding`: `Σ b(t) x ≥ ⌈share · N_min⌉`, written where the targets are
    /// held met (base `exchanged`, `N_min · share` fractional; see [`ModelRules::new`]).
    pub backbone_rounding: Option<Row>,
    /// Per teacher: `coef_t` in the backbone row (`b(t) − share` under base
    /// `exchanged`, `b(t)` under `eligible_backbone`).
    pub backbone_coef: Vec<f64>,
    /// Per school: in the urban zone. The departures from urban schools make up `H` of
    /// the parity cut.
    pub urban: Vec<bool>,
    /// Every move crosses the urban–rural line, every school keeps its headcount and
    /// nobody returns, so as many teachers leave the urban schools as the rural ones:
    /// `N = 2H` (the parity argument, see [`ModelRules::new`]).
    pub zones_paired: bool,
    /// Both tolerances are 0: subject rows are equalities and staffing rows are left
    /// out (implied).
    pub subject_equalities: bool,
    /// Per teacher: the subject's id. Ids follow the first appearance in the county,
    /// which is also the order of the restricted LP's subject rows.
    pub subject_of: Vec<u32>,
    /// Subject names by id.
    pub subject_names: Vec<String>,
    /// Subject ids per school in the table `school · subjects + subject`: the number
    /// of subjects, at least 1 (a county without teachers).
    pub subjects: usize,
    /// Subject ids in name order (the order of the full model's subject rows).
    pub subjects_by_name: Vec<u32>,
    /// Per school: the `(hi, lo)` staffing rows, where written.
    pub staffing: Vec<Option<(Row, Row)>>,
    /// Per `school · subjects + subject`: the subject row, where written.
    pub subject_row: Vec<Option<Row>>,
    /// Per school: teachers with a candidate move away from it.
    pub movable: Vec<u32>,
    /// Per school: `⌊outflow_cap · staff⌋`.
    pub outflow_cap: Vec<u32>,
    /// Per teacher: the `once` row (`= 1` when pinned to move), where written.
    pub once: Vec<Option<Row>>,
    /// Objective weight of each shortfall `u`, `v` in the pricing LP.
    pub shortfall_penalty: f64,
    /// The balance rules' rows (`[balance]`).
    pub balance: BalanceRows,
}

impl ModelRules {
    /// Decides every row over `candidates`: the one place the model's rules live.
    pub fn new(county: &County, policy: &Policy, candidates: &Candidates) -> ModelRules {
        let targets = targets(county, policy, candidates);
        let schools = county.schools.len();
        let teachers = county.teachers.len();

        // Parity cut (`solve::parity`): N = 2H − r_U, so H + u ≥ ⌈(K + r_U)/2⌉,
        // which the LP relaxation alone does not see. It removes no integer plan.
        let parity_holds = parity_holds(county, policy);
        let (parity, n_min) = if parity_holds {
            parity_bounds(targets.exchange, urban_returns(county))
        } else {
            (None, targets.exchange)
        };
        let parity = parity.map(|rhs| Row::ge(f64::from(rhs)));

        // Backbone rounding. With the targets met, B ≥ share · N and N ≥ N_min (the
        // exchange target, of the parity of r_U where the parity holds). B is whole,
        // so B ≥ ⌈share · N_min⌉: the relaxation otherwise moves share · N_min
        // backbone teachers, a fraction, and that rounding is the whole root gap on
        // counties whose backbone teachers are scarce. It removes no plan that meets
        // the targets.
        let share = policy.targets.backbone_share;
        let least_backbone = ceil_share(share, n_min);
        let backbone_rounding = (targets.backbone_count.is_none()
            && least_backbone > 0
            && (share * n_min as f64 - least_backbone as f64).abs() > 1e-9)
            .then(|| Row::ge(least_backbone as f64));

        let mut names: HashMap<&str, u32> = HashMap::new();
        let mut subject_names = Vec::new();
        let mut subject_of = vec![0; teachers];
        let mut backbone_coef = vec![0.0; teachers];
        for (t, teacher) in county.teachers.iter().enumerate() {
            let next = names.len() as u32;
            subject_of[t] = *names.entry(teacher.subject.as_str()).or_insert_with(|| {
                subject_names.push(teacher.subject.clone());
                next
            });
            let b = if teacher.backbone.is_backbone() {
                1.0
            } else {
                0.0
            };
            backbone_coef[t] = match targets.backbone_count {
                None => b - policy.targets.backbone_share,
                Some(_) => b,
            };
        }
        let subjects = subject_names.len().max(1);
        let mut subjects_by_name: Vec<u32> = (0..subject_names.len() as u32).collect();
        subjects_by_name
            .sort_by(|&a, &b| subject_names[a as usize].cmp(&subject_names[b as usize]));

        // One pass over the moves for both (`movable` alone, for `balance_rows`, would
        // be a second pass over 14 M moves at 100,000 teachers).
        let mut movable = vec![0u32; schools];
        let mut once = vec![None; teachers];
        for (t, run) in teacher_runs(&candidates.moves) {
            movable[county.teachers[t].school] += 1;
            // A single candidate's bound already keeps it to one move.
            once[t] = if candidates.must_move.binary_search(&t).is_ok() {
                Some(Row::eq(1.0))
            } else if run.len() > 1 {
                Some(Row::le(1.0))
            } else {
                None
            };
        }

        // With subject tolerance 0 the subject rows say exactly that every (school,
        // subject) keeps its headcount (`subjects_kept`): per-subject circulations.
        // The equalities are the same feasible set and a far easier one for the
        // solver; the staffing rows are then implied.
        let (tol, stol) = (
            policy.rules.staffing_tolerance as i64,
            policy.rules.subject_tolerance as i64,
        );
        let subject_equalities = subjects_kept(county, policy);
        let mut touched = vec![false; schools];
        let mut arrives = vec![false; schools * subjects];
        let mut departs = vec![false; schools * subjects];
        for m in &candidates.moves {
            let from = county.teachers[m.teacher].school;
            let sub = subject_of[m.teacher] as usize;
            touched[m.school] = true;
            touched[from] = true;
            arrives[m.school * subjects + sub] = true;
            departs[from * subjects + sub] = true;
        }
        // Returns and joint halves are fixed flows (`solve::fixed_flows`).
        let fixed = FixedFlows::new(county, &subject_of, subjects);
        let staffing = (0..schools)
            .map(|s| {
                let (lo, hi) = fixed.staffing(s, tol);
                ((touched[s] || fixed.any_at(s)) && !subject_equalities)
                    .then(|| (Row::le(hi as f64), Row::ge(lo as f64)))
            })
            .collect();
        // Without equalities only a departure (or a fixed flow) breaks a subject's floor.
        let subject_row = (0..schools * subjects)
            .map(|k| {
                let f = fixed.subject_returns[k];
                let floor = fixed.subject_floor(k, stol);
                if subject_equalities {
                    (arrives[k] || departs[k] || f != 0).then(|| Row::eq(-f as f64))
                } else {
                    (departs[k] || f < 0 || floor > 0).then(|| Row::ge(floor as f64))
                }
            })
            .collect();

        let outflow_cap = outflow_caps(county, policy);
        let departures_max: Vec<u32> = (0..schools)
            .map(|s| outflow_cap[s].min(movable[s]))
            .collect();
        let balance = BalanceRows::new(county, policy, candidates, &departures_max);

        ModelRules {
            targets,
            exchange: Row::ge(targets.exchange as f64),
            parity,
            backbone: Row::ge(targets.backbone_count.unwrap_or(0) as f64),
            backbone_rounding,
            backbone_coef,
            urban: county
                .schools
                .iter()
                .map(|s| s.zone == Zone::Urban)
                .collect(),
            // The reach pairs departures one for one only without returns.
            zones_paired: parity_holds && county.history.returns.is_empty(),
            subject_equalities,
            subject_of,
            subject_names,
            subjects,
            subjects_by_name,
            staffing,
            subject_row,
            movable,
            outflow_cap,
            once,
            shortfall_penalty: SHORTFALL_PENALTY,
            balance,
        }
    }

    /// The balance rows of [`ModelRules::new`] alone, for the check of a plan
    /// ([`ModelRules::reward_rows`]): at 100,000 teachers (14 M candidate moves)
    /// `ModelRules::new` built every other row too, 0.27 s of the check's 0.40 s,
    /// where the check reads only these (0.17 s).
    pub fn balance_rows(county: &County, policy: &Policy, candidates: &Candidates) -> BalanceRows {
        if !policy.balance.any() {
            return BalanceRows::default();
        }
        let movable = movable(county, candidates);
        let departures_max: Vec<u32> = outflow_caps(county, policy)
            .iter()
            .zip(&movable)
            .map(|(&cap, &m)| cap.min(m))
            .collect();
        BalanceRows::new(county, policy, candidates, &departures_max)
    }

    /// The balance rows a plan's objective weighs: those of the `improve` reward
    /// (`backbone_cv = "improve"`), none otherwise, when no side has a reward and
    /// the rows add nothing to the objective or its tolerance. The check of a plan
    /// reads these: at 100,000 teachers the rows weigh each of the 14 million
    /// candidate moves, about 0.07 s for nothing without the reward.
    pub fn reward_rows(county: &County, policy: &Policy, candidates: &Candidates) -> BalanceRows {
        if policy.balance.backbone_cv == CvRule::Improve {
            Self::balance_rows(county, policy, candidates)
        } else {
            BalanceRows::default()
        }
    }

    /// Index of teacher `t`'s subject at school `s` in `subject_row`.
    pub fn subject_cell(&self, s: usize, t: usize) -> usize {
        s * self.subjects + self.subject_of[t] as usize
    }

    /// The outflow row of school `s`, written only where the cap can bind: the school
    /// has more movable teachers than the cap.
    pub fn outflow_row(&self, s: usize) -> Option<Row> {
        (self.movable[s] > self.outflow_cap[s]).then(|| Row::le(self.outflow_cap[s] as f64))
    }

    /// The most departures school `s` can have: its outflow cap or its movable teachers.
    pub fn departures_max(&self, s: usize) -> u32 {
        self.outflow_cap[s].min(self.movable[s])
    }

    /// The most teachers that may leave the schools, or the urban ones only
    /// (`urban_only`): Σ [`ModelRules::departures_max`].
    pub(crate) fn departures_reach(&self, urban_only: bool) -> f64 {
        (0..self.movable.len())
            .filter(|&s| !urban_only || self.urban[s])
            .map(|s| f64::from(self.departures_max(s)))
            .sum()
    }

    /// No plan meets the exchange target: each school's departures are at most
    /// [`ModelRules::departures_max`], and they sum to less than the target (with the
    /// zones paired, twice the lesser of the urban and the rural schools' sums). A
    /// sufficient condition for the met stage's infeasibility, not a necessary one (it
    /// does not see who can pair with whom, e.g. under a commute cap). HiGHS's presolve
    /// finds it as fast; the round's relaxations run without presolve, and on the
    /// family's `c4k-outflow10` (a 10 % outflow cap under a 20 % exchange rate) the
    /// round took about 0.1 s longer to prove it by the simplex.
    pub fn exchange_out_of_reach(&self) -> bool {
        let urban = self.departures_reach(true);
        let all = self.departures_reach(false);
        // With the zones paired, `N = 2H` and as many leave the rural schools.
        let reach = if self.zones_paired {
            2.0 * urban.min(all - urban)
        } else {
            all
        };
        // (With the zones paired, a parity cut `H ≥ ⌈K/2⌉` says no more than this.)
        reach < self.exchange.rhs
    }
}

/// Each school's teachers with at least one candidate move (as [`ModelRules::new`]
/// counts them).
fn movable(county: &County, candidates: &Candidates) -> Vec<u32> {
    let mut movable = vec![0u32; county.schools.len()];
    for (t, _) in teacher_runs(&candidates.moves) {
        movable[county.teachers[t].school] += 1;
    }
    movable
}

/// Each school's outflow cap (`rules.outflow_cap` of its staff, rounded down).
fn outflow_caps(county: &County, policy: &Policy) -> Vec<u32> {
    county
        .staff()
        .iter()
        .map(|&n| floor_share(policy.rules.outflow_cap, n))
        .collect()
}

#[cfg(test)]
#[path = "model_rules_tests.rs"]
mod tests;
