//! The mixed-integer model of the exchange round (see `docs/model.md`), built with
//! good_lp. Every column and row carries a readable name, so the model can be
//! exported and read by any MIP solver.

use crate::model::county::County;
use crate::model::county::Zone;
use crate::model::policy::{BackboneBase, Direction, Policy};
use crate::model::shares::{ceil_share, floor_share};
use crate::rules::candidates::Candidates;
use good_lp::solvers::highs::HighsProblem;
use good_lp::{variable, Expression, ProblemVariables, SolverModel, Variable};
use std::collections::BTreeMap;

/// The targets the model must meet, in teachers.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Targets {
    /// `⌈rate · |E|⌉`.
    pub exchange: u32,
    /// Base `eligible_backbone`: `⌈share · |E_b|⌉` backbone teachers. Base
    /// `exchanged`: `None` (the target is the share of the movers).
    pub backbone_count: Option<u32>,
    pub backbone_share: f64,
    pub eligible: u32,
    pub eligible_backbone: u32,
}

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

/// Signed move terms `(column, ±1)` of one (school, subject), and whether any of them
/// is a departure.
type SubjectFlow = (Vec<(usize, f64)>, bool);

/// Size of the model.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct ModelSize {
    pub columns: usize,
    pub binaries: usize,
    pub rows: usize,
    pub nonzeros: usize,
}

/// What a row of the model says, in model terms (for pricing and for readers of the
/// exported file; `row_names` holds the same rows as text).
#[derive(Debug, Clone, PartialEq)]
pub enum RowKey {
    /// The teacher (index) moves at most once.
    Once(usize),
    ExchangeTarget,
    ExchangeParity,
    BackboneTarget,
    StaffingHi(usize),
    StaffingLo(usize),
    /// (school index, subject): the subject's headcount at the school.
    Subject(usize, String),
    Outflow(usize),
}

/// A built, unsolved model. Column `j < moves.len()` is `x` of candidate `j`; then
/// the exchange shortfall `u` and the backbone shortfall `v`.
pub struct Formulation {
    pub problem: HighsProblem,
    pub x: Vec<Variable>,
    pub u: Variable,
    pub v: Variable,
    pub column_names: Vec<String>,
    pub row_names: Vec<String>,
    /// One key per row, in row order.
    pub row_keys: Vec<RowKey>,
    pub targets: Targets,
    pub size: ModelSize,
    /// True when tolerances are 0 and subject rows were written as equalities.
    pub subject_equalities: bool,
}

/// An id as a solver-file name: ASCII letters and digits, everything else `_`.
pub fn sanitize(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// How the move variables are declared.
#[derive(Debug, Clone, Copy)]
pub enum MoveVariables<'a> {
    /// Binary: the model `rotation plan` solves and `export` writes.
    Binary,
    /// Continuous in [0, 1]: the LP relaxation.
    Relaxed,
    /// Binary, but fixed to the given value wherever it is already 0 or 1 (the
    /// relaxation's solution): a small MIP over the fractional moves only.
    FixedWhereIntegral(&'a [f64]),
}

/// Builds the model.
pub fn formulate(
    county: &County,
    policy: &Policy,
    candidates: &Candidates,
    variables: MoveVariables,
) -> Formulation {
    let moves = &candidates.moves;
    let targets = targets(county, policy, candidates);
    let relax = matches!(variables, MoveVariables::Relaxed);
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = (0..moves.len())
        .map(|j| {
            let def = match variables {
                MoveVariables::Relaxed => variable().min(0.0).max(1.0),
                MoveVariables::Binary => variable().binary(),
                MoveVariables::FixedWhereIntegral(values) => {
                    let v = values[j];
                    if v <= 1e-6 {
                        variable().integer().min(0.0).max(0.0)
                    } else if v >= 1.0 - 1e-6 {
                        variable().integer().min(1.0).max(1.0)
                    } else {
                        variable().binary()
                    }
                }
            };
            vars.add(def)
        })
        .collect();
    // u is a whole number of teachers (integral at any optimum anyway); declaring it
    // integer makes the parity cut below valid.
    let u = vars.add(if relax {
        variable().min(0.0)
    } else {
        variable().integer().min(0.0)
    });
    let v = vars.add(variable().min(0.0));
    let mut column_names: Vec<String> = moves
        .iter()
        .map(|m| {
            format!(
                "x_{}_{}",
                sanitize(&county.teachers[m.teacher].id.0),
                sanitize(&county.schools[m.school].id.0)
            )
        })
        .collect();
    column_names.push("shortfall_exchange".into());
    column_names.push("shortfall_backbone".into());

    let penalty = policy.weights.shortfall_penalty;
    let mut objective = Expression::with_capacity(moves.len() + 2);
    for (m, &xj) in moves.iter().zip(&x) {
        objective.add_mul(m.cost, xj);
    }
    objective.add_mul(penalty, u);
    objective.add_mul(penalty, v);
    let mut problem = vars.minimise(objective).using(good_lp::highs);

    let mut row_names = Vec::new();
    let mut row_keys = Vec::new();
    let mut nonzeros = 0usize;
    let mut add = |problem: &mut HighsProblem,
                   c: good_lp::Constraint,
                   name: String,
                   key: RowKey,
                   nz: usize| {
        problem.add_constraint(c);
        row_names.push(name);
        row_keys.push(key);
        nonzeros += nz;
    };

    // 1. Each teacher moves at most once (a bound suffices for a single candidate);
    // exactly once when pinned to move.
    let mut start = 0;
    while start < moves.len() {
        let t = moves[start].teacher;
        let mut end = start;
        while end < moves.len() && moves[end].teacher == t {
            end += 1;
        }
        let must = candidates.must_move.binary_search(&t).is_ok();
        if end - start > 1 || must {
            let e: Expression = x[start..end].iter().copied().sum();
            let (row, name) = if must {
                (e.eq(1.0), "pinned_move")
            } else {
                (e.leq(1.0), "once")
            };
            add(
                &mut problem,
                row,
                format!("{name}_{}", sanitize(&county.teachers[t].id.0)),
                RowKey::Once(t),
                end - start,
            );
        }
        start = end;
    }

    // 2. Exchange target.
    let n: Expression = x.iter().copied().sum();
    add(
        &mut problem,
        (n.clone() + u).geq(targets.exchange as f64),
        "exchange_target".into(),
        RowKey::ExchangeTarget,
        x.len() + 1,
    );

    // 2b. Parity cut. Under `cross_zone` with headcounts kept, every move crosses the
    // urban–rural line and the urban schools together keep their headcount, so as many
    // teachers leave urban schools (H) as arrive there: N = 2H. From N + u ≥ K with H and
    // u integer follows H + u ≥ ⌈K/2⌉, which the LP relaxation alone does not see (it
    // happily rotates 257.5 pairs). The cut removes no integer plan.
    let parity = policy.rules.direction == Direction::CrossZone
        && policy.rules.staffing_tolerance == 0
        && targets.exchange % 2 == 1;
    if parity {
        let mut h = Expression::with_capacity(x.len() / 2 + 1);
        let mut nz = 1;
        for (m, &xj) in moves.iter().zip(&x) {
            if county.schools[county.teachers[m.teacher].school].zone == Zone::Urban {
                h.add_mul(1.0, xj);
                nz += 1;
            }
        }
        h.add_mul(1.0, u);
        add(
            &mut problem,
            h.geq(targets.exchange.div_ceil(2) as f64),
            "exchange_target_parity".into(),
            RowKey::ExchangeParity,
            nz,
        );
    }

    // 3. Backbone target.
    let mut backbone = Expression::with_capacity(x.len() + 1);
    let mut nz = 1;
    for (m, &xj) in moves.iter().zip(&x) {
        let b = if county.teachers[m.teacher].backbone.is_backbone() {
            1.0
        } else {
            0.0
        };
        let coef = match targets.backbone_count {
            None => b - policy.targets.backbone_share,
            Some(_) => b,
        };
        if coef != 0.0 {
            backbone.add_mul(coef, xj);
            nz += 1;
        }
    }
    backbone.add_mul(1.0, v);
    let rhs = targets.backbone_count.unwrap_or(0) as f64;
    add(
        &mut problem,
        backbone.geq(rhs),
        "backbone_target".into(),
        RowKey::BackboneTarget,
        nz,
    );

    // Flows per school and per (school, subject): +x for arrivals, −x for departures.
    let schools = county.schools.len();
    let mut flow: Vec<Vec<(usize, f64)>> = vec![Vec::new(); schools];
    let mut subject_flow: BTreeMap<(usize, &str), SubjectFlow> = BTreeMap::new();
    let mut outflow: Vec<Vec<usize>> = vec![Vec::new(); schools];
    for (j, m) in moves.iter().enumerate() {
        let teacher = &county.teachers[m.teacher];
        let from = teacher.school;
        flow[m.school].push((j, 1.0));
        flow[from].push((j, -1.0));
        outflow[from].push(j);
        subject_flow
            .entry((m.school, teacher.subject.as_str()))
            .or_default()
            .0
            .push((j, 1.0));
        let out = subject_flow
            .entry((from, teacher.subject.as_str()))
            .or_default();
        out.0.push((j, -1.0));
        out.1 = true;
    }
    let expr = |terms: &[(usize, f64)]| {
        let mut e = Expression::with_capacity(terms.len());
        for &(j, c) in terms {
            e.add_mul(c, x[j]);
        }
        e
    };

    // 4 and 5. With both tolerances 0, staffing and subject rows together say exactly
    // that every (school, subject) keeps its headcount: per-subject circulations. The
    // equalities are the same feasible set and a far easier one for the solver.
    let staffing_tol = policy.rules.staffing_tolerance as f64;
    let subject_tol = policy.rules.subject_tolerance as f64;
    let subject_equalities = staffing_tol == 0.0 && subject_tol == 0.0;
    if !subject_equalities {
        for (s, terms) in flow.iter().enumerate() {
            if terms.is_empty() {
                continue;
            }
            add(
                &mut problem,
                expr(terms).leq(staffing_tol),
                format!("staffing_hi_{}", sanitize(&county.schools[s].id.0)),
                RowKey::StaffingHi(s),
                terms.len(),
            );
            add(
                &mut problem,
                expr(terms).geq(-staffing_tol),
                format!("staffing_lo_{}", sanitize(&county.schools[s].id.0)),
                RowKey::StaffingLo(s),
                terms.len(),
            );
        }
    }
    for ((s, subject), (terms, has_out)) in &subject_flow {
        let name = format!(
            "subject_{}_{}",
            sanitize(&county.schools[*s].id.0),
            sanitize(subject)
        );
        let key = RowKey::Subject(*s, subject.to_string());
        if subject_equalities {
            add(&mut problem, expr(terms).eq(0.0), name, key, terms.len());
        } else if *has_out {
            add(
                &mut problem,
                expr(terms).geq(-subject_tol),
                name,
                key,
                terms.len(),
            );
        }
    }

    // 6. Outflow caps, where they can bind.
    let staff = county.staff();
    for (s, js) in outflow.iter().enumerate() {
        let cap = floor_share(policy.rules.outflow_cap, staff[s]);
        let movable = {
            let mut ts: Vec<usize> = js.iter().map(|&j| moves[j].teacher).collect();
            ts.dedup();
            ts.len()
        };
        if movable as u32 > cap {
            let e: Expression = js.iter().map(|&j| x[j]).sum();
            add(
                &mut problem,
                e.leq(cap as f64),
                format!("outflow_{}", sanitize(&county.schools[s].id.0)),
                RowKey::Outflow(s),
                js.len(),
            );
        }
    }

    let size = ModelSize {
        columns: column_names.len(),
        binaries: if relax { 0 } else { x.len() },
        rows: row_names.len(),
        nonzeros,
    };
    Formulation {
        problem,
        x,
        u,
        v,
        column_names,
        row_names,
        row_keys,
        targets,
        size,
        subject_equalities,
    }
}
