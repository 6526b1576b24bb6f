//! `rules.stable = true` as rows of the model (`docs/model.md`, "Wishes and
//! stability"). For each candidate move `(t, s)` that teacher `t` wished for at rank
//! `r` (above `stay`), let `L` be the candidate moves into `s` of teachers of the same
//! subject with strictly fewer priority points, and `G` the candidate moves of `t` to
//! schools `t` ranked `r` or better. No justified envy on `(t, s)` is, for each
//! `(t', s) ∈ L`,
//!
//! ```text
//! x(t',s) − Σ_G x ≤ 0
//! ```
//!
//! (if anyone of `L` is placed at `s`, `t` got a wish at least as good). Moving nobody
//! keeps every such row, so the round stays feasible. Pricing's restricted model does
//! not hold these rows: a stable round solves the full model (`round::run`).

use crate::model::county::County;
use crate::model::policy::Policy;
use crate::rules::candidates::Candidates;
use crate::rules::stability::priority_points;
use crate::solve::formulation::{sanitize, Formulation, RowKey};
use good_lp::{Expression, SolverModel, Variable};

/// One no-envy row: candidate indices of `L` and of `G`.
#[derive(Debug, Clone, PartialEq)]
pub struct StabilityRow {
    /// The teacher who would envy (index into `County::teachers`).
    pub teacher: usize,
    /// The school they wished for.
    pub school: usize,
    /// Candidate moves into `school` of same-subject teachers with fewer points.
    pub lower: Vec<usize>,
    /// Candidate moves of `teacher` to schools they ranked as high or higher.
    pub granted: Vec<usize>,
}

/// The no-envy rows over `candidates`, when the policy asks for them
/// (`rules.stable` with wishes); rows with an empty `L` are left out.
pub fn stability_rows(
    county: &County,
    policy: &Policy,
    candidates: &Candidates,
) -> Vec<StabilityRow> {
    let wishes = &county.wishes;
    if !policy.rules.stable || !wishes.any() {
        return Vec::new();
    }
    let points = priority_points(county, policy);
    let mut arrivals: Vec<Vec<usize>> = vec![Vec::new(); county.schools.len()];
    for (j, m) in candidates.moves.iter().enumerate() {
        arrivals[m.school].push(j);
    }
    let mut rows = Vec::new();
    for (j, m) in candidates.moves.iter().enumerate() {
        let t = m.teacher;
        let Some(r) = wishes.wants(t, m.school) else {
            continue;
        };
        let subject = &county.teachers[t].subject;
        let lower: Vec<usize> = arrivals[m.school]
            .iter()
            .copied()
            .filter(|&k| {
                let o = candidates.moves[k].teacher;
                o != t && &county.teachers[o].subject == subject && points[o] < points[t]
            })
            .collect();
        if lower.is_empty() {
            continue;
        }
        // The teacher's own moves are one run around `j`.
        let granted: Vec<usize> = candidates
            .moves
            .iter()
            .enumerate()
            .filter(|(_, c)| c.teacher == t)
            .filter(|(_, c)| wishes.wants(t, c.school).is_some_and(|q| q <= r))
            .map(|(k, _)| k)
            .collect();
        debug_assert!(granted.contains(&j));
        rows.push(StabilityRow {
            teacher: t,
            school: m.school,
            lower,
            granted,
        });
    }
    rows
}

/// One no-envy row of the model: `rows[row]` against its competitor move `lower`
/// (a candidate index in `rows[row].lower`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EnvyRow {
    /// Index into the rows of [`stability_rows`].
    pub row: usize,
    /// The competitor's candidate move into the wished school.
    pub lower: usize,
}

/// The row `x(t',s) − Σ_G x ≤ 0` of `rows[r.row]` and `r.lower` as an expression
/// (`≤ 0`), its name `stable_<t>_<s>_<t'>`, its key and its number of nonzeros.
pub fn envy_row(
    county: &County,
    candidates: &Candidates,
    rows: &[StabilityRow],
    r: EnvyRow,
    x: &[Variable],
) -> (Expression, String, RowKey, usize) {
    let row = &rows[r.row];
    let mut e = Expression::with_capacity(row.granted.len() + 1);
    e.add_mul(1.0, x[r.lower]);
    for &g in &row.granted {
        e.add_mul(-1.0, x[g]);
    }
    let name = format!(
        "stable_{}_{}_{}",
        sanitize(&county.teachers[row.teacher].id.0),
        sanitize(&county.schools[row.school].id.0),
        sanitize(&county.teachers[candidates.moves[r.lower].teacher].id.0)
    );
    (
        e,
        name,
        RowKey::Stability(row.teacher, row.school),
        row.granted.len() + 1,
    )
}

/// Every row of the family, in the order the full model writes them.
pub fn all_envy_rows(rows: &[StabilityRow]) -> Vec<EnvyRow> {
    rows.iter()
        .enumerate()
        .flat_map(|(i, row)| row.lower.iter().map(move |&j| EnvyRow { row: i, lower: j }))
        .collect()
}

/// The rows a solution `x` (one value per candidate move) breaks: a competitor with
/// fewer points placed at a school `t` wished for, while `t` got nothing as good.
/// Only the broken rows, not every row of the wished school: adding the whole `L`
/// made the sample county's second model 20 times larger and slower to solve.
pub fn broken_rows(rows: &[StabilityRow], x: &[f64]) -> Vec<EnvyRow> {
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let granted: f64 = row.granted.iter().map(|&g| x[g]).sum();
        out.extend(
            row.lower
                .iter()
                .filter(|&&j| x[j] - granted > 0.5)
                .map(|&j| EnvyRow { row: i, lower: j }),
        );
    }
    out
}

/// Adds `active` rows to a model built without them (`rules.stable` off): the lazy
/// no-envy rows of a stable round (`round::run`, `docs/model.md`, "Wishes and
/// stability").
pub fn add_envy_rows(
    f: &mut Formulation,
    county: &County,
    candidates: &Candidates,
    rows: &[StabilityRow],
    active: &[EnvyRow],
) {
    for &r in active {
        let (e, name, key, nz) = envy_row(county, candidates, rows, r, &f.x);
        f.problem.add_constraint(e.leq(0.0));
        f.row_names.push(name);
        f.row_keys.push(key);
        f.size.rows += 1;
        f.size.nonzeros += nz;
    }
}
