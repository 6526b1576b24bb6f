//! Pricing candidate moves in (column generation): the same model as
//! `rotation plan`, solved without handing HiGHS every candidate move at once.
//!
//! A county of 100,000 teachers has millions of candidate moves, nearly all of which
//! no good plan uses. The solve starts from the few nearest moves of each teacher and
//! adds a move only when the LP duals say it could lower the cost (negative reduced
//! cost), until no move can: the LP relaxation of the restricted model is then the LP
//! relaxation of the full model, and its optimum a valid bound for the full model.
//! When that optimum is integral, it is the full model's optimum. Otherwise a plan is
//! completed on the priced moves; if it is not within the gap of the bound, every move
//! whose reduced cost is below the gap (the only moves a better plan can use) joins,
//! and the MIP over those moves settles it exactly.
//!
//! Rows absent from a restricted model (an outflow cap that cannot bind yet, a subject
//! no move touches) take dual 0, which is feasible for the full model's dual.

use crate::candidates::Candidates;
use crate::county::{County, Zone};
use crate::error::{Result, RotationError};
use crate::formulation::{
    floor_share, formulate, Formulation, ModelSize, MoveVariables, RowKey, Targets,
};
use crate::policy::Policy;
use crate::solve::{
    configure, relative_gap, solve, SolveMethod, SolveOptions, SolveOutcome, SolveStatus,
};
use highs::HighsModelStatus;
use serde::Serialize;
use std::collections::HashMap;
use std::time::Instant;

/// Candidate moves above this count are priced in rather than all handed to HiGHS
/// (measured: at 450,000 moves the full LP, 10 s, still beats pricing, 26 s).
pub const PRICING_THRESHOLD: usize = 1_000_000;
/// Nearest allowed schools per teacher in the first restricted model.
pub const START_NEAREST: usize = 20;
/// At most this many moves of one teacher join per round.
const ADD_PER_TEACHER: usize = 10;
const REDUCED_COST_TOL: f64 = 1e-7;
const INTEGRALITY_TOL: f64 = 1e-6;

/// How the pricing went.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PricingStats {
    pub rounds: usize,
    /// Moves in the last restricted model, of all candidate moves.
    pub priced_moves: usize,
    pub candidate_moves: usize,
    /// Moves that joined because their reduced cost was below the gap.
    pub gap_moves: usize,
    pub build_seconds: f64,
    pub lp_seconds: f64,
}

/// Row duals of a restricted LP by what the rows say.
struct Duals {
    /// `Σ y_i b_i` over every row but the `once` rows.
    constant: f64,
    once: Vec<f64>,
    exchange: f64,
    parity: f64,
    backbone: f64,
    staffing: Vec<f64>,
    subject: HashMap<(usize, String), f64>,
    outflow: Vec<f64>,
}

impl Duals {
    fn new(
        county: &County,
        policy: &Policy,
        targets: &Targets,
        keys: &[RowKey],
        row_duals: &[f64],
    ) -> Duals {
        let staff = county.staff();
        let mut d = Duals {
            constant: 0.0,
            once: vec![0.0; county.teachers.len()],
            exchange: 0.0,
            parity: 0.0,
            backbone: 0.0,
            staffing: vec![0.0; county.schools.len()],
            subject: HashMap::new(),
            outflow: vec![0.0; county.schools.len()],
        };
        // Duals of `≥` rows are ≥ 0 and of `≤` rows ≤ 0 (minimisation); HiGHS's may
        // stray by a tolerance, which is clipped so the bound below stays valid.
        let ge = |y: f64| y.max(0.0);
        let le = |y: f64| y.min(0.0);
        let staffing_tol = policy.rules.staffing_tolerance as f64;
        let subject_tol = policy.rules.subject_tolerance as f64;
        let equalities =
            policy.rules.staffing_tolerance == 0 && policy.rules.subject_tolerance == 0;
        for (key, &y) in keys.iter().zip(row_duals) {
            match key {
                RowKey::Once(t) => d.once[*t] = le(y),
                RowKey::ExchangeTarget => {
                    d.exchange = ge(y);
                    d.constant += d.exchange * targets.exchange as f64;
                }
                RowKey::ExchangeParity => {
                    d.parity = ge(y);
                    d.constant += d.parity * targets.exchange.div_ceil(2) as f64;
                }
                RowKey::BackboneTarget => {
                    d.backbone = ge(y);
                    d.constant += d.backbone * targets.backbone_count.unwrap_or(0) as f64;
                }
                // Both staffing rows hold the same flow: their duals add up.
                RowKey::StaffingHi(s) => {
                    d.staffing[*s] += le(y);
                    d.constant += le(y) * staffing_tol;
                }
                RowKey::StaffingLo(s) => {
                    d.staffing[*s] += ge(y);
                    d.constant -= ge(y) * staffing_tol;
                }
                RowKey::Subject(s, subject) => {
                    let y = if equalities { y } else { ge(y) };
                    if !equalities {
                        d.constant -= y * subject_tol;
                    }
                    d.subject.insert((*s, subject.clone()), y);
                }
                RowKey::Outflow(s) => {
                    d.outflow[*s] = le(y);
                    d.constant +=
                        d.outflow[*s] * floor_share(policy.rules.outflow_cap, staff[*s]) as f64;
                }
            }
        }
        d
    }

    /// `cost − Σ a_ij y_i` of candidate `j`.
    fn reduced_cost(
        &self,
        county: &County,
        policy: &Policy,
        targets: &Targets,
        cands: &Candidates,
        j: usize,
    ) -> f64 {
        self.reduced_cost_but_once(county, policy, targets, cands, j)
            - self.once[cands.moves[j].teacher]
    }

    /// The reduced cost with the teacher's `once` row left out.
    fn reduced_cost_but_once(
        &self,
        county: &County,
        policy: &Policy,
        targets: &Targets,
        cands: &Candidates,
        j: usize,
    ) -> f64 {
        let m = &cands.moves[j];
        let teacher = &county.teachers[m.teacher];
        let from = teacher.school;
        let backbone = if teacher.backbone.is_backbone() {
            1.0
        } else {
            0.0
        };
        let backbone_coef = match targets.backbone_count {
            None => backbone - policy.targets.backbone_share,
            Some(_) => backbone,
        };
        let parity = if county.schools[from].zone == Zone::Urban {
            self.parity
        } else {
            0.0
        };
        let subject = |s: usize| {
            self.subject
                .get(&(s, teacher.subject.clone()))
                .copied()
                .unwrap_or(0.0)
        };
        let activity =
            self.exchange + parity + backbone_coef * self.backbone + self.staffing[m.school]
                - self.staffing[from]
                + subject(m.school)
                - subject(from)
                + self.outflow[from];
        m.cost - activity
    }
}

/// The moves of `full` marked in `keep`, in `full`'s order, and their indices.
fn restrict(full: &Candidates, keep: &[bool]) -> (Candidates, Vec<usize>) {
    let index: Vec<usize> = (0..full.moves.len()).filter(|&j| keep[j]).collect();
    let restricted = Candidates {
        moves: index.iter().map(|&j| full.moves[j]).collect(),
        eligible: full.eligible.clone(),
        stranded: full.stranded.clone(),
        must_move: full.must_move.clone(),
    };
    (restricted, index)
}

/// The first restricted model: the `k` nearest moves of each teacher.
fn nearest(full: &Candidates, k: usize) -> Vec<bool> {
    let mut keep = vec![false; full.moves.len()];
    let mut start = 0;
    while start < full.moves.len() {
        let t = full.moves[start].teacher;
        let mut end = start;
        while end < full.moves.len() && full.moves[end].teacher == t {
            end += 1;
        }
        let mut own: Vec<usize> = (start..end).collect();
        own.sort_by(|&a, &b| full.moves[a].km.total_cmp(&full.moves[b].km));
        for &j in own.iter().take(k) {
            keep[j] = true;
        }
        start = end;
    }
    keep
}

struct RestrictedLp {
    bound: f64,
    size: ModelSize,
    shortfall_exchange: f64,
    shortfall_backbone: f64,
    x: Vec<f64>,
    col_duals: Vec<f64>,
    row_duals: Vec<f64>,
    row_keys: Vec<RowKey>,
    targets: Targets,
}

fn solve_lp(formulation: Formulation, options: &SolveOptions) -> Result<RestrictedLp> {
    let n = formulation.x.len();
    let row_keys = formulation.row_keys.clone();
    let targets = formulation.targets;
    let size = ModelSize {
        binaries: n,
        ..formulation.size
    };
    let mut model = formulation
        .problem
        .try_into_inner()
        .map_err(|e| RotationError::Solver(e.to_string()))?;
    configure(&mut model, options)?;
    let solved = model
        .try_solve()
        .map_err(|e| RotationError::Solver(format!("HiGHS failed on the relaxation: {e:?}")))?;
    if solved.status() != HighsModelStatus::Optimal {
        return Err(RotationError::Solver(format!(
            "the restricted LP relaxation ended with status {:?}",
            solved.status()
        )));
    }
    let sol = solved.get_solution();
    Ok(RestrictedLp {
        bound: solved.objective_value(),
        size,
        shortfall_exchange: sol.columns()[n].max(0.0),
        shortfall_backbone: sol.columns()[n + 1].max(0.0),
        x: sol.columns()[..n].to_vec(),
        col_duals: sol.dual_columns()[..n].to_vec(),
        row_duals: sol.dual_rows().to_vec(),
        row_keys,
        targets,
    })
}

/// One restricted LP after the last round of pricing.
struct Round {
    lp: RestrictedLp,
    restricted: Candidates,
    index: Vec<usize>,
    duals: Duals,
    /// A bound on the full model's LP relaxation (so on the full model): the
    /// Lagrangian bound of the duals, keeping each teacher's `once` row.
    lower_bound: f64,
    /// No move is left with a negative reduced cost: the restricted LP's optimum is
    /// the full LP's.
    converged: bool,
}

/// Rounds of LP and pricing until no move prices in, or until the Lagrangian bound is
/// within `stop_gap` of the restricted LP's optimum.
#[allow(clippy::too_many_arguments)]
fn price(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    keep: &mut [bool],
    stop_gap: f64,
    options: &SolveOptions,
    stats: &mut PricingStats,
) -> Result<Round> {
    loop {
        stats.rounds += 1;
        let (restricted, index) = restrict(full, keep);
        let t = Instant::now();
        let relaxed = formulate(county, policy, &restricted, MoveVariables::Relaxed);
        stats.build_seconds += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let lp = solve_lp(relaxed, options)?;
        stats.lp_seconds += t.elapsed().as_secs_f64();
        let mut duals = Duals::new(county, policy, &lp.targets, &lp.row_keys, &lp.row_duals);
        let mut per_teacher = vec![0usize; county.teachers.len()];
        for m in &restricted.moves {
            per_teacher[m.teacher] += 1;
        }
        // The duals must reproduce HiGHS's reduced costs on the restricted model;
        // anything else means the pricing does not see the model HiGHS solved.
        for (r, &j) in index.iter().enumerate() {
            let d = duals.reduced_cost(county, policy, &lp.targets, full, j);
            let scale = 1.0 + full.moves[j].cost.abs() + policy.weights.shortfall_penalty;
            if (d - lp.col_duals[r]).abs() > 1e-6 * scale {
                return Err(RotationError::Solver(format!(
                    "pricing: reduced cost {d} of column {r} does not match HiGHS's {}",
                    lp.col_duals[r]
                )));
            }
            // A teacher with a single move has a bound, not a `once` row: its bound
            // dual serves as the row's, which prices the teacher's other moves sharper.
            let t = full.moves[j].teacher;
            if per_teacher[t] == 1 && lp.col_duals[r] < 0.0 {
                duals.once[t] = lp.col_duals[r];
            }
        }
        // The shortfall columns must price out, or the bound is void.
        let penalty = policy.weights.shortfall_penalty;
        let shortfalls_price_out = penalty - duals.exchange - duals.parity >= -REDUCED_COST_TOL
            && penalty - duals.backbone >= -REDUCED_COST_TOL;
        // Price every move: the Lagrangian bound over all of them, and the most
        // negative few of each teacher left out join.
        let mut lower_bound = duals.constant;
        let mut joining: Vec<(usize, f64)> = Vec::new();
        let mut added = 0usize;
        let mut j = 0;
        while j < full.moves.len() {
            let t = full.moves[j].teacher;
            let mut end = j;
            while end < full.moves.len() && full.moves[end].teacher == t {
                end += 1;
            }
            joining.clear();
            let mut best = 0.0f64;
            for (k, &kept) in keep.iter().enumerate().take(end).skip(j) {
                let d_free = duals.reduced_cost_but_once(county, policy, &lp.targets, full, k);
                best = best.min(d_free);
                if !kept {
                    let d = d_free - duals.once[t];
                    if d < -REDUCED_COST_TOL {
                        joining.push((k, d));
                    }
                }
            }
            lower_bound += best;
            joining.sort_by(|a, b| a.1.total_cmp(&b.1));
            for &(k, _) in joining.iter().take(ADD_PER_TEACHER) {
                keep[k] = true;
                added += 1;
            }
            j = end;
        }
        if !shortfalls_price_out {
            lower_bound = f64::NEG_INFINITY;
        }
        let converged = added == 0;
        let close = relative_gap(lp.bound, lower_bound) <= stop_gap;
        if converged || close {
            let lower_bound = if converged {
                lp.bound
            } else {
                lower_bound.min(lp.bound)
            };
            return Ok(Round {
                lp,
                restricted,
                index,
                duals,
                lower_bound,
                converged,
            });
        }
    }
}

/// Solves the model over `full` by pricing moves in. The returned outcome's `x` is
/// indexed like `full.moves`; `size` is the last restricted model's.
pub fn solve_priced(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    start_nearest: usize,
    options: &SolveOptions,
) -> Result<(SolveOutcome, PricingStats)> {
    let start = Instant::now();
    let mut stats = PricingStats {
        candidate_moves: full.moves.len(),
        ..PricingStats::default()
    };
    let mut keep = nearest(full, start_nearest.max(1));
    let build = |cands: &Candidates, variables: MoveVariables, stats: &mut PricingStats| {
        let t = Instant::now();
        let f = formulate(county, policy, cands, variables);
        stats.build_seconds += t.elapsed().as_secs_f64();
        f
    };
    let round = price(
        county,
        policy,
        full,
        &mut keep,
        options.gap,
        options,
        &mut stats,
    )?;
    let Round {
        lp,
        restricted,
        index,
        lower_bound,
        duals,
        converged,
    } = round;
    stats.priced_moves = restricted.moves.len();
    let to_full = |x: &[f64], index: &[usize]| {
        let mut out = vec![0.0; full.moves.len()];
        for (r, &j) in index.iter().enumerate() {
            out[j] = x[r];
        }
        out
    };
    let integral =
        lp.x.iter()
            .all(|v| (v - v.round()).abs() <= INTEGRALITY_TOL);
    if integral {
        let x: Vec<f64> = lp.x.iter().map(|v| v.round()).collect();
        // Integral and within the gap of the full model's bound (equal to it when
        // pricing converged): optimal within the gap, no branching.
        let outcome = SolveOutcome {
            status: SolveStatus::Optimal,
            method: SolveMethod::LpIntegral,
            objective: lp.bound,
            dual_bound: lower_bound,
            mip_gap: relative_gap(lp.bound, lower_bound),
            x: to_full(&x, &index),
            shortfall_exchange: lp.shortfall_exchange,
            shortfall_backbone: lp.shortfall_backbone,
            nodes: 0,
            lp_integral: Some(true),
            lp_bound: Some(lower_bound),
            lp_seconds: stats.lp_seconds,
            solve_seconds: start.elapsed().as_secs_f64(),
            size: lp.size,
        };
        return Ok((outcome, stats));
    }
    let remaining = |options: &SolveOptions| {
        let mut o = options.clone();
        if let Some(limit) = options.time_limit {
            o.time_limit = Some((limit - start.elapsed().as_secs_f64()).max(0.01));
        }
        o
    };
    let fixed = solve(
        build(
            &restricted,
            MoveVariables::FixedWhereIntegral(&lp.x),
            &mut stats,
        ),
        &remaining(options),
    )?;
    if fixed.status == SolveStatus::Optimal {
        let gap = relative_gap(fixed.objective, lower_bound);
        if gap <= options.gap {
            let outcome = SolveOutcome {
                method: SolveMethod::LpFixAndComplete,
                dual_bound: lower_bound,
                mip_gap: gap,
                x: to_full(&fixed.x, &index),
                lp_integral: Some(false),
                lp_bound: Some(lower_bound),
                lp_seconds: stats.lp_seconds,
                solve_seconds: start.elapsed().as_secs_f64(),
                size: lp.size,
                ..fixed
            };
            return Ok((outcome, stats));
        }
    }
    // The reduced-cost argument below needs optimal duals of the full LP: price
    // to the end first.
    let (lp, duals) = if converged {
        (lp, duals)
    } else {
        let round = price(county, policy, full, &mut keep, 0.0, options, &mut stats)?;
        (round.lp, round.duals)
    };
    // A plan better than the incumbent uses only moves whose reduced cost is below
    // incumbent − bound: those join, and the MIP over them is exact.
    let incumbent = (fixed.status != SolveStatus::Infeasible).then_some(fixed.objective);
    let slack = incumbent.map(|u| u - lp.bound).unwrap_or(f64::INFINITY);
    for (j, kept) in keep.iter_mut().enumerate() {
        if !*kept && duals.reduced_cost(county, policy, &lp.targets, full, j) <= slack + 1e-9 {
            *kept = true;
            stats.gap_moves += 1;
        }
    }
    let (last, last_index) = restrict(full, &keep);
    stats.priced_moves = last.moves.len();
    // No starting plan is handed to HiGHS (see `solve::solve_with_lp_first`).
    let model = build(&last, MoveVariables::Binary, &mut stats);
    let size = model.size;
    let mip = solve(model, &remaining(options))?;
    let dual_bound = if mip.dual_bound.is_nan() {
        lp.bound
    } else {
        mip.dual_bound.max(lp.bound)
    };
    let outcome = SolveOutcome {
        dual_bound,
        mip_gap: relative_gap(mip.objective, dual_bound),
        x: to_full(&mip.x, &last_index),
        lp_integral: Some(false),
        lp_bound: Some(lp.bound),
        lp_seconds: stats.lp_seconds,
        solve_seconds: start.elapsed().as_secs_f64(),
        size,
        ..mip
    };
    Ok((outcome, stats))
}
