//! The mixed-integer model of the exchange round (see `docs/model.md`), built with
//! good_lp. Every column and row carries a readable name, so the model can be
//! exported and read by any MIP solver.
//!
//! Long file: the model is written row family by row family in one function, in the
//! order `docs/model.md` states them; splitting it would hide that order.

use crate::model::county::County;
use crate::model::policy::Policy;
use crate::rules::candidates::{Candidate, Candidates};
use crate::solve::model_arrays::ModelArrays;
use crate::solve::model_rules::{teacher_runs, ModelRules, Row, Sense, Targets};
use good_lp::solvers::highs::HighsProblem;
use good_lp::{variable, Expression, ProblemVariables, SolverModel, Variable};

/// Size of the model.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct ModelSize {
    /// Columns: one binary per candidate move, plus the shortfalls `u` and `v`.
    pub columns: usize,
    /// Binary columns (the moves).
    pub binaries: usize,
    /// Rows.
    pub rows: usize,
    /// Nonzero coefficients.
    pub nonzeros: usize,
}

/// What a row of the model says, in model terms (for pricing and for readers of the
/// exported file; `row_names` holds the same rows as text).
#[derive(Debug, Clone, PartialEq)]
pub enum RowKey {
    /// The teacher (index) moves at most once.
    Once(usize),
    /// `exchange_target`: enough teachers rotate (with the shortfall `u`).
    ExchangeTarget,
    /// `exchange_target_parity`: the parity cut on urban movers.
    ExchangeParity,
    /// `backbone_target`: enough backbone teachers rotate (with the shortfall `v`).
    BackboneTarget,
    /// The school's (index) headcount rises by at most the staffing tolerance.
    StaffingHi(usize),
    /// The school's (index) headcount falls by at most the staffing tolerance.
    StaffingLo(usize),
    /// (school index, subject): the subject's headcount at the school.
    Subject(usize, String),
    /// The school's (index) departures stay within its outflow cap.
    Outflow(usize),
    /// A stage's cap on a shortfall the earlier stage proved least.
    StageCap,
    /// `backbone_rounding`: the backbone movers' whole-number floor.
    BackboneRounding,
    /// `shortfall_rounding`: movers plus backbone movers, whole, in a stage that holds
    /// a target shortfall.
    ShortfallRounding,
    /// `backbone_reach`: the backbone movers, at most the whole part of the most the
    /// relaxation can move (`Formulation::cap_backbone_movers`).
    BackboneReach,
    /// A balance row (`[balance]`): Δ definitions, chords, caps, floors.
    Balance,
    /// A level's never-worse row of the backbone CV (`balance_primary`,
    /// `balance_junior`): priced instead of held by `solve::balance_swaps`.
    NeverWorse,
    /// `rules.stable`: no justified envy of (teacher, school), indices.
    Stability(usize, usize),
    /// `rules.stable`: a rung of the no-envy ladder of a school (index) is at most the
    /// next one up.
    EnvyLadder(usize),
    /// An exchange team (index) moves together: (team, member, school), indices.
    Team(usize, usize, usize),
}

/// A built, unsolved model. Column `j < moves.len()` is `x` of candidate `j`; then
/// the exchange shortfall `u` and the backbone shortfall `v`.
pub struct Formulation {
    /// The model, ready for HiGHS.
    pub problem: Problem,
    /// The move columns, in candidate order.
    pub x: Vec<Variable>,
    /// The exchange shortfall (teachers short of the exchange target).
    pub u: Variable,
    /// The backbone shortfall.
    pub v: Variable,
    /// Readable column names, in column order (for export).
    pub column_names: Vec<String>,
    /// Readable row names, in row order (for export).
    pub row_names: Vec<String>,
    /// One key per row, in row order.
    pub row_keys: Vec<RowKey>,
    /// The targets the model holds the plan to.
    pub targets: Targets,
    /// The model's size.
    pub size: ModelSize,
    /// True when tolerances are 0 and subject rows were written as equalities.
    pub subject_equalities: bool,
    /// The stage the model is for.
    pub stage: Stage,
    /// Each move's cost, in candidate order, whatever the stage's objective: the
    /// least-shortfall relaxation breaks its ties with it (see
    /// `highs::solve_relaxation`).
    pub move_cost: Vec<f64>,
    /// The moves of backbone teachers (indices into `x`).
    pub backbone_moves: Vec<usize>,
}

/// A model's columns and rows: as `formulate` writes them, or copied from another model
/// of the same stage with the moves declared otherwise (`solve::model_copy`).
pub enum Problem {
    /// Written through good_lp.
    Written(HighsProblem),
    /// Written through good_lp and already handed to HiGHS.
    Passed(highs::Model),
    /// HiGHS's arrays of a model written before.
    Copied(ModelArrays),
    /// A model HiGHS refused a change to: why.
    Refused(String),
}

impl Problem {
    /// A HiGHS instance holding the model; why not, when HiGHS refuses it.
    pub fn into_model(self) -> std::result::Result<highs::Model, String> {
        match self {
            Problem::Written(p) => p.try_into_inner().map_err(|e| e.to_string()),
            Problem::Passed(m) => Ok(m),
            Problem::Copied(a) => a.into_model(),
            Problem::Refused(why) => Err(why),
        }
    }
}

impl Formulation {
    /// Adds `backbone_reach`: at most `cap` backbone teachers move. Valid for every
    /// plan when `cap` is the whole part of the most backbone movers of the model's
    /// relaxation (`solve::reach`): the count is whole (`docs/model.md`, "Backbone
    /// reach").
    pub fn cap_backbone_movers(&mut self, cap: f64) {
        match &mut self.problem {
            Problem::Written(p) => {
                let e: Expression = self.backbone_moves.iter().map(|&j| self.x[j]).sum();
                p.add_constraint(e.leq(cap));
            }
            // Column j is move j (the moves come first).
            Problem::Passed(m) => {
                let entries: Vec<(usize, f64)> =
                    self.backbone_moves.iter().map(|&j| (j, 1.0)).collect();
                if let Err(why) =
                    crate::solve::model_arrays::add_row(m, f64::NEG_INFINITY, cap, &entries)
                {
                    // Its solve says so, rather than solve a model its names no longer fit.
                    self.problem = Problem::Refused(why);
                }
            }
            Problem::Refused(_) => {}
            Problem::Copied(a) => a.add_row(
                f64::NEG_INFINITY,
                cap,
                self.backbone_moves.iter().map(|&j| (j, 1.0)).collect(),
            ),
        }
        self.row_names.push("backbone_reach".into());
        self.row_keys.push(RowKey::BackboneReach);
        self.size.rows += 1;
        self.size.nonzeros += self.backbone_moves.len();
    }
}

/// An id as a solver-file name: ASCII letters and digits, everything else `_`.
pub fn sanitize(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Which stage of the lexicographic solve a model is for (`docs/model.md`, "Targets
/// first"): the least target shortfall, then the least balance shortfall, then the
/// least cost with both held.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stage {
    /// Least target shortfall `u + v`; costs ignored.
    Targets,
    /// Least balance shortfall (caps and floors), the target shortfall at most `targets`.
    Balance {
        /// Most target shortfall allowed.
        targets: f64,
    },
    /// Least cost, with the target and balance shortfalls at most these.
    Cost {
        /// Most target shortfall allowed.
        targets: f64,
        /// Most balance shortfall allowed.
        balance: f64,
    },
}

impl Stage {
    /// The cost stage with every target and balance rule met: the model a round
    /// solves first, and the one `rotation export` writes.
    pub const MET: Stage = Stage::Cost {
        targets: 0.0,
        balance: 0.0,
    };

    fn target_cap(self) -> Option<f64> {
        match self {
            Stage::Targets => None,
            Stage::Balance { targets } | Stage::Cost { targets, .. } => Some(targets),
        }
    }

    fn balance_cap(self) -> Option<f64> {
        match self {
            Stage::Cost { balance, .. } => Some(balance),
            Stage::Targets | Stage::Balance { .. } => None,
        }
    }
}

pub(crate) use crate::solve::model_rules::STAGE_SLACK;

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
    /// Binary, but fixed at 1 wherever the given value (the relaxation's) is 1, free
    /// elsewhere: the relaxation's whole moves kept, the rest left to the MIP.
    OnesFixed(&'a [f64]),
    /// Binary where marked, fixed at 0 elsewhere: the moves a better plan than an
    /// incumbent may use, by the relaxation's reduced costs.
    Only(&'a [bool]),
}

/// The rows written so far, with their names, keys and nonzeros.
struct Rows {
    problem: HighsProblem,
    names: Vec<String>,
    keys: Vec<RowKey>,
    nonzeros: usize,
}

impl Rows {
    fn add(&mut self, e: Expression, row: Row, name: String, key: RowKey, nz: usize) {
        self.problem.add_constraint(match row.sense {
            Sense::Ge => e.geq(row.rhs),
            Sense::Le => e.leq(row.rhs),
            Sense::Eq => e.eq(row.rhs),
        });
        self.names.push(name);
        self.keys.push(key);
        self.nonzeros += nz;
    }
}

/// Builds the model.
pub fn formulate(
    county: &County,
    policy: &Policy,
    candidates: &Candidates,
    variables: MoveVariables,
    stage: Stage,
) -> Formulation {
    let moves = &candidates.moves;
    let rules = ModelRules::new(county, policy, candidates);
    let relax = matches!(variables, MoveVariables::Relaxed);
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = (0..moves.len())
        .map(|j| {
            let def = match variables {
                MoveVariables::Relaxed => variable().min(0.0).max(1.0),
                MoveVariables::Binary => variable().binary(),
                MoveVariables::Only(keep) => {
                    if keep[j] {
                        variable().binary()
                    } else {
                        variable().integer().min(0.0).max(0.0)
                    }
                }
                MoveVariables::OnesFixed(values) if values[j] >= 1.0 - 1e-6 => {
                    variable().integer().min(1.0).max(1.0)
                }
                MoveVariables::OnesFixed(_) => variable().binary(),
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
    // u is a whole number of teachers (integral at any optimum anyway), declared
    // integer (the parity cut holds for a continuous u too, `solve::parity`). A stage
    // that holds the targets met fixes both shortfalls at 0.
    let met = stage.target_cap() == Some(0.0);
    let shortfall_max = if met { 0.0 } else { f64::INFINITY };
    let u = vars.add(if relax {
        variable().min(0.0).max(shortfall_max)
    } else {
        variable().integer().min(0.0).max(shortfall_max)
    });
    let v = vars.add(variable().min(0.0).max(shortfall_max));
    // Balance columns: per level and changeable school Δ and z, then the shortfalls
    // of the caps and floors.
    let balance = &rules.balance;
    let balance_max = if stage.balance_cap() == Some(0.0) {
        0.0
    } else {
        f64::INFINITY
    };
    let mut delta: Vec<Vec<(Variable, Variable)>> = Vec::new();
    let mut cap_short: Vec<Option<Variable>> = Vec::new();
    let mut floor_short: Vec<Vec<Option<Variable>>> = Vec::new();
    let mut balance_names: Vec<String> = Vec::new();
    for r in &balance.sides {
        let side: &str = r.side.into();
        delta.push(
            r.terms
                .iter()
                .map(|d| {
                    let (zlo, zhi) = d.z_bounds();
                    let name = sanitize(&county.schools[d.school].id.0);
                    balance_names.push(format!("delta_{side}_{name}"));
                    balance_names.push(format!("z_{side}_{name}"));
                    (
                        vars.add(variable().min(d.lo as f64).max(d.hi as f64)),
                        vars.add(variable().min(zlo).max(zhi)),
                    )
                })
                .collect(),
        );
    }
    for r in &balance.sides {
        let side: &str = r.side.into();
        cap_short.push(r.cap.map(|_| {
            balance_names.push(format!("shortfall_cv_{side}"));
            vars.add(variable().min(0.0).max(balance_max))
        }));
        floor_short.push(
            r.terms
                .iter()
                .map(|d| {
                    d.floor.map(|_| {
                        let name = sanitize(&county.schools[d.school].id.0);
                        balance_names.push(format!("shortfall_floor_{side}_{name}"));
                        vars.add(variable().min(0.0).max(balance_max))
                    })
                })
                .collect(),
        );
    }
    // No-envy thresholds (`rules.stable`), see `solve::stability_rows::EnvyLadder`:
    // one column in [0, 1] per rung, continuous (integral moves make any value
    // between the rung's competitors and its wishes feasible).
    let stability = crate::solve::stability_rows::stability_rows(county, policy, candidates);
    let ladders =
        crate::solve::stability_rows::envy_ladders(county, policy, candidates, &stability);
    let mut ladder_names: Vec<String> = Vec::new();
    let rung_columns: Vec<Vec<Variable>> = ladders
        .iter()
        .map(|ladder| {
            (0..ladder.rungs.len())
                .map(|i| {
                    ladder_names.push(format!(
                        "envied_{}_{}_{i}",
                        sanitize(&county.schools[ladder.school].id.0),
                        sanitize(&ladder.subject)
                    ));
                    vars.add(variable().min(0.0).max(1.0))
                })
                .collect()
        })
        .collect();
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
    column_names.extend(balance_names);
    column_names.extend(ladder_names);

    let shortfalls: Vec<Variable> = cap_short
        .iter()
        .flatten()
        .chain(floor_short.iter().flatten().flatten())
        .copied()
        .collect();
    let mut objective = Expression::with_capacity(moves.len() + 2);
    match stage {
        Stage::Targets => {
            objective.add_mul(1.0, u);
            objective.add_mul(1.0, v);
        }
        Stage::Balance { .. } => {
            for &w in &shortfalls {
                objective.add_mul(1.0, w);
            }
        }
        Stage::Cost { .. } => {
            for (m, &xj) in moves.iter().zip(&x) {
                objective.add_mul(m.cost, xj);
            }
            // `improve`: the never-worse row's activity, weighted.
            for (r, cols) in balance.sides.iter().zip(&delta) {
                if r.improve != 0.0 {
                    for (d, &(dv, z)) in r.terms.iter().zip(cols) {
                        objective.add_mul(r.improve / d.students, z);
                        objective.add_mul(-r.improve * r.d_coef(), dv);
                    }
                }
            }
        }
    }
    let mut rows = Rows {
        problem: vars.minimise(objective).using(good_lp::highs),
        names: Vec::new(),
        keys: Vec::new(),
        nonzeros: 0,
    };
    let school_name = |s: usize| sanitize(&county.schools[s].id.0);

    // 1. Each teacher moves at most once; exactly once when pinned to move.
    for (t, run) in teacher_runs(moves) {
        if let Some(row) = rules.once[t] {
            let name = if row.sense == Sense::Eq {
                "pinned_move"
            } else {
                "once"
            };
            let nz = run.len();
            rows.add(
                x[run].iter().copied().sum(),
                row,
                format!("{name}_{}", sanitize(&county.teachers[t].id.0)),
                RowKey::Once(t),
                nz,
            );
        }
    }

    // The county-wide rows: Σ coef · x over the moves with a nonzero coefficient, plus
    // their shortfall column; and the row's nonzeros.
    let county_wide = |coef: &dyn Fn(&Candidate) -> f64, shortfall: Variable| {
        let mut e = Expression::with_capacity(x.len() + 1);
        let mut nz = 1;
        for (m, &xj) in moves.iter().zip(&x) {
            let c = coef(m);
            if c != 0.0 {
                e.add_mul(c, xj);
                nz += 1;
            }
        }
        e.add_mul(1.0, shortfall);
        (e, nz)
    };
    // 2. Exchange target.
    let (n, nz) = county_wide(&|_| 1.0, u);
    let key = RowKey::ExchangeTarget;
    rows.add(n, rules.exchange, "exchange_target".into(), key, nz);
    // 2b. Parity cut: the departures from urban schools (H) and u.
    if let Some(row) = rules.parity {
        let urban =
            |m: &Candidate| f64::from(u8::from(rules.urban[county.teachers[m.teacher].school]));
        let (h, nz) = county_wide(&urban, u);
        let key = RowKey::ExchangeParity;
        rows.add(h, row, "exchange_target_parity".into(), key, nz);
    }
    // 3. Backbone target.
    let (b, nz) = county_wide(&|m| rules.backbone_coef[m.teacher], v);
    let key = RowKey::BackboneTarget;
    rows.add(b, rules.backbone, "backbone_target".into(), key, nz);
    // 3b. Backbone rounding, where the targets are held met.
    if let (Some(row), true) = (rules.backbone_rounding, met) {
        let mut e = Expression::with_capacity(x.len());
        let mut nz = 0;
        for (m, &xj) in moves.iter().zip(&x) {
            if county.teachers[m.teacher].backbone.is_backbone() {
                e.add_mul(1.0, xj);
                nz += 1;
            }
        }
        rows.add(
            e,
            row,
            "backbone_rounding".into(),
            RowKey::BackboneRounding,
            nz,
        );
    }

    // Flows per school and per (school, subject): +x for arrivals, −x for departures.
    let schools = county.schools.len();
    let mut flow: Vec<Vec<(usize, f64)>> = vec![Vec::new(); schools];
    let mut subject_flow: Vec<Vec<(usize, f64)>> = vec![Vec::new(); schools * rules.subjects];
    let mut outflow: Vec<Vec<usize>> = vec![Vec::new(); schools];
    for (j, m) in moves.iter().enumerate() {
        let from = county.teachers[m.teacher].school;
        flow[m.school].push((j, 1.0));
        flow[from].push((j, -1.0));
        outflow[from].push(j);
        subject_flow[rules.subject_cell(m.school, m.teacher)].push((j, 1.0));
        subject_flow[rules.subject_cell(from, m.teacher)].push((j, -1.0));
    }
    let expr = |terms: &[(usize, f64)]| {
        let mut e = Expression::with_capacity(terms.len());
        for &(j, c) in terms {
            e.add_mul(c, x[j]);
        }
        e
    };

    // 4. Staffing, where written (not under subject equalities, which imply it).
    for (s, terms) in flow.iter().enumerate() {
        if let Some((hi, lo)) = rules.staffing[s] {
            let name = school_name(s);
            let (key_hi, key_lo) = (RowKey::StaffingHi(s), RowKey::StaffingLo(s));
            rows.add(
                expr(terms),
                hi,
                format!("staffing_hi_{name}"),
                key_hi,
                terms.len(),
            );
            rows.add(
                expr(terms),
                lo,
                format!("staffing_lo_{name}"),
                key_lo,
                terms.len(),
            );
        }
    }
    // 5. Subjects, by school and then subject name.
    for s in 0..schools {
        for &sub in &rules.subjects_by_name {
            let k = s * rules.subjects + sub as usize;
            let Some(row) = rules.subject_row[k] else {
                continue;
            };
            let subject = &rules.subject_names[sub as usize];
            let terms = &subject_flow[k];
            rows.add(
                expr(terms),
                row,
                format!("subject_{}_{}", school_name(s), sanitize(subject)),
                RowKey::Subject(s, subject.clone()),
                terms.len(),
            );
        }
    }

    // 6. Outflow caps, where they can bind.
    for (s, js) in outflow.iter().enumerate() {
        if let Some(row) = rules.outflow_row(s) {
            rows.add(
                js.iter().map(|&j| x[j]).sum(),
                row,
                format!("outflow_{}", school_name(s)),
                RowKey::Outflow(s),
                js.len(),
            );
        }
    }

    // 6b. No justified envy (`rules.stable`), see `solve::stability_rows`: each
    // school and subject a ladder of thresholds, `x(t',s) ≤ y_i ≤ y_{i+1}` and
    // `y_i ≤ Σ_G x`, as tight as one row per competitor `x(t',s) − Σ_G x ≤ 0` (the
    // disaggregated rows, whose LP is far tighter than one big-M row per wish) in
    // about one row per candidate and per wish instead of one per pair.
    for (ladder, ys) in ladders.iter().zip(&rung_columns) {
        let rung_name = |i: usize| {
            format!(
                "{}_{}_{i}",
                school_name(ladder.school),
                sanitize(&ladder.subject)
            )
        };
        for (i, (rung, &y)) in ladder.rungs.iter().zip(ys).enumerate() {
            for &j in &rung.below {
                rows.add(
                    Expression::from(x[j]) - y,
                    Row::le(0.0),
                    format!(
                        "envied_by_{}_{}",
                        sanitize(&county.teachers[moves[j].teacher].id.0),
                        rung_name(i)
                    ),
                    RowKey::Stability(moves[j].teacher, ladder.school),
                    2,
                );
            }
            if let Some(&up) = ys.get(i + 1) {
                rows.add(
                    Expression::from(y) - up,
                    Row::le(0.0),
                    format!("envied_up_{}", rung_name(i)),
                    RowKey::EnvyLadder(ladder.school),
                    2,
                );
            }
            for &r in &rung.rows {
                let row = &stability[r];
                let mut e = Expression::with_capacity(row.granted.len() + 1);
                e.add_mul(1.0, y);
                for &g in &row.granted {
                    e.add_mul(-1.0, x[g]);
                }
                rows.add(
                    e,
                    Row::le(0.0),
                    format!(
                        "stable_{}_{}",
                        sanitize(&county.teachers[row.teacher].id.0),
                        school_name(row.school)
                    ),
                    RowKey::Stability(row.teacher, row.school),
                    row.granted.len() + 1,
                );
            }
        }
    }

    // 6c. Exchange teams (`teams.csv`), see `solve::team_rows`: the first member and
    // each other member go to the same school, or neither does.
    for row in crate::solve::team_rows::team_rows(county, candidates) {
        let mut e = Expression::with_capacity(2);
        for (j, sign) in [(row.first, 1.0), (row.other, -1.0)] {
            if let Some(j) = j {
                e.add_mul(sign, x[j]);
            }
        }
        let team = &county.exchange_teams.teams[row.team];
        rows.add(
            e,
            Row::eq(0.0),
            format!(
                "team_{}_{}_{}",
                sanitize(&team.name),
                sanitize(&county.teachers[row.member].id.0),
                school_name(row.school)
            ),
            RowKey::Team(row.team, row.member, row.school),
            usize::from(row.first.is_some()) + usize::from(row.other.is_some()),
        );
    }

    // 7. Stage caps: the shortfalls the earlier stages proved least.
    if let Some(cap) = stage.target_cap().filter(|&c| c > 0.0) {
        rows.add(
            Expression::from(u) + v,
            Row::le(cap + STAGE_SLACK),
            "shortfall_targets".into(),
            RowKey::StageCap,
            2,
        );
    }
    if let Some(cap) = stage.balance_cap().filter(|&c| c > 0.0) {
        if !shortfalls.is_empty() {
            rows.add(
                shortfalls.iter().copied().sum(),
                Row::le(cap + STAGE_SLACK),
                "shortfall_balance".into(),
                RowKey::StageCap,
                shortfalls.len(),
            );
        }
    }

    // 7b. Rounding with a target shortfall held (`docs/model.md`, "Rounding with a
    // target shortfall held"): `N + B ≥ N0 + ⌈share · N0 − e⌉` (base `exchanged`).
    if let Some(rhs) = stage
        .target_cap()
        .filter(|&c| c > 0.0)
        .and_then(|cap| rules.targets.shortfall_rounding(cap))
    {
        let mut e = Expression::with_capacity(x.len());
        for (m, &xj) in moves.iter().zip(&x) {
            let b = county.teachers[m.teacher].backbone.is_backbone();
            e.add_mul(if b { 2.0 } else { 1.0 }, xj);
        }
        rows.add(
            e,
            Row::ge(rhs),
            "shortfall_rounding".into(),
            RowKey::ShortfallRounding,
            moves.len(),
        );
    }

    // 8. Balance: Δ defined by the moves, the chords of z, the level rows, floors.
    for (i, r) in balance.sides.iter().enumerate() {
        let side: &str = r.side.into();
        let mut terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); r.terms.len()];
        for (j, m) in moves.iter().enumerate() {
            if !r.member[m.teacher] {
                continue;
            }
            // Δ in the level's count unit (half-units with joint appointments).
            let unit = r.unit as f64;
            if let Some(k) = r.term_of[m.school] {
                terms[k].push((j, unit));
            }
            if let Some(k) = r.term_of[county.teachers[m.teacher].school] {
                terms[k].push((j, -unit));
            }
        }
        for (k, d) in r.terms.iter().enumerate() {
            let (dv, z) = delta[i][k];
            let name = school_name(d.school);
            let nz = terms[k].len() + 1;
            rows.add(
                expr(&terms[k]) - dv,
                Row::eq(0.0),
                format!("delta_{side}_{name}"),
                RowKey::Balance,
                nz,
            );
            for (c, (slope, intercept)) in d.chords().enumerate() {
                rows.add(
                    Expression::from(z) - slope * dv,
                    Row::ge(intercept),
                    format!("chord_{side}_{name}_{c}"),
                    RowKey::Balance,
                    2,
                );
            }
            if let (Some(need), Some(w)) = (d.floor, floor_short[i][k]) {
                rows.add(
                    Expression::from(dv) + w,
                    Row::ge(need as f64),
                    format!("floor_{side}_{name}"),
                    RowKey::Balance,
                    2,
                );
            }
        }
        // Σ z/P and D = Σ Δ over the level, scaled.
        let level = |z_coef: f64, d_coef: f64| {
            let mut e = Expression::with_capacity(2 * r.terms.len());
            for (d, &(dv, z)) in r.terms.iter().zip(&delta[i]) {
                e.add_mul(z_coef / d.students, z);
                e.add_mul(-d_coef, dv);
            }
            e
        };
        if r.never_worse {
            rows.add(
                level(r.scale, r.scale * r.d_coef()),
                Row::le(0.0),
                format!("balance_{side}"),
                RowKey::NeverWorse,
                2 * r.terms.len(),
            );
        }
        if let (Some(cap), Some(w)) = (r.cap, cap_short[i]) {
            let (zc, dc, rhs) = r.cap_row(cap);
            // Scaled like the never-worse row: the tolerance is tiny in CV² + 1.
            let k = r.scale / zc.max(1e-300);
            rows.add(
                level(k * zc, k * dc) - k * w,
                Row::le(k * rhs),
                format!("cv_cap_{side}"),
                RowKey::Balance,
                2 * r.terms.len() + 1,
            );
        }
    }

    let size = ModelSize {
        columns: column_names.len(),
        binaries: if relax { 0 } else { x.len() },
        rows: rows.names.len(),
        nonzeros: rows.nonzeros,
    };
    Formulation {
        problem: Problem::Written(rows.problem),
        x,
        u,
        v,
        column_names,
        row_names: rows.names,
        row_keys: rows.keys,
        targets: rules.targets,
        size,
        subject_equalities: rules.subject_equalities,
        stage,
        move_cost: moves.iter().map(|m| m.cost).collect(),
        backbone_moves: (0..moves.len())
            .filter(|&j| county.teachers[moves[j].teacher].backbone.is_backbone())
            .collect(),
    }
}
