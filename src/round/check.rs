//! The check of every solver answer, without the solver: each hard rule by
//! `verify`, each pin, the objective recomputed from the moves, and the reported
//! shortfall. HiGHS has had wrong-answer bugs; an answer that fails here is never
//! written.

use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::pins::Pins;
use crate::model::policy::Policy;
use crate::model::solver_message::{BrokenRule, SolverMessage};
use crate::rules::candidates::Candidates;
use crate::rules::eligibility::Eligibility;
use crate::rules::metrics::{plan_figures, PlanFigures};
use crate::rules::verify::{verify_excusing, Violation};
use crate::solve::balance_rows::BalanceRows;
use crate::solve::highs::{SolveOutcome, SolveStatus, INTEGRALITY_TOL};

/// The objective of a set of moves, recomputed independently of the solver: the
/// moves' costs and, under `backbone_cv = "improve"`, the balance reward of `balance`
/// (the round's balance rows). Shortfalls carry no cost: they were decided, least
/// first, before any cost was weighed.
pub fn objective_of(
    county: &County,
    balance: &BalanceRows,
    cands: &Candidates,
    chosen: &[usize],
    moves: &[Move],
) -> f64 {
    chosen.iter().map(|&j| cands.moves[j].cost).sum::<f64>() + balance.objective_of(county, moves)
}

/// A solver answer that passed every check.
pub(crate) struct Checked {
    pub(crate) moves: Vec<Move>,
    pub(crate) targets: Vec<Violation>,
    pub(crate) figures: PlanFigures,
    pub(crate) objective: f64,
}

/// Checks a solver answer without the solver: every hard rule by `verify`, the
/// objective recomputed from the moves, and the reported shortfall.
#[cfg(test)]
fn check_answer(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    cands: &Candidates,
    outcome: &SolveOutcome,
) -> Result<Checked> {
    check_pinned_answer(county, policy, eligibility, cands, outcome, None)
}

/// [`check_answer`] with pins: pinned moves of ineligible teachers are excused and
/// every pin must hold.
pub(crate) fn check_pinned_answer(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    cands: &Candidates,
    outcome: &SolveOutcome,
    pins: Option<&Pins>,
) -> Result<Checked> {
    if outcome.status == SolveStatus::Infeasible && !county.history.returns.is_empty() {
        return Err(returns_blocked(county));
    }
    if outcome.status == SolveStatus::Infeasible {
        return Err(RotationError::Solver(SolverMessage::HardRulesInfeasible));
    }
    let chosen: Vec<usize> = (0..cands.moves.len())
        .filter(|&j| outcome.x[j] > 0.5)
        .collect();
    let moves: Vec<Move> = chosen
        .iter()
        .map(|&j| Move {
            teacher: cands.moves[j].teacher,
            to: cands.moves[j].school,
            km: cands.moves[j].km,
        })
        .collect();
    let excused = pins
        .map(|p| crate::rules::pins::excused(p, eligibility))
        .unwrap_or_default();
    let mut violations = verify_excusing(county, policy, eligibility, &moves, &excused);
    if let Some(pins) = pins {
        violations.extend(crate::rules::pins::check(county, pins, &moves));
    }
    let (targets, hard): (Vec<Violation>, Vec<Violation>) =
        violations.into_iter().partition(|v| v.rule().is_target());
    if !hard.is_empty() {
        return Err(RotationError::Solver(SolverMessage::PlanBreaksRules {
            broken: hard.iter().map(broken_rule).collect(),
        }));
    }
    let figures = plan_figures(county, policy, eligibility, &moves);
    // The balance rows once, for the reward and for its tolerance.
    let balance = crate::solve::model_rules::ModelRules::reward_rows(county, policy, cands);
    let objective = objective_of(county, &balance, cands, &chosen, &moves);
    // The improve reward's large weights turn the solver's tolerances into visible
    // differences of its reported objective (`BalanceRows::reward_scale`).
    let reward_scale = balance.reward_scale();
    // HiGHS reports the objective of its unrounded columns, each within
    // `INTEGRALITY_TOL` of the whole move read from it: a chosen move may count
    // (1 − 1e-6) of its cost, a move with a negative cost 1e-6 of it.
    let rounding = INTEGRALITY_TOL
        * cands
            .moves
            .iter()
            .enumerate()
            .filter(|(j, m)| m.cost < 0.0 || outcome.x[*j] > 0.5)
            .map(|(_, m)| m.cost.abs())
            .sum::<f64>();
    let tol = 1e-6 * objective.abs().max(1.0) + 1e-6 * reward_scale + rounding;
    if objective > outcome.objective + tol {
        return Err(RotationError::Solver(SolverMessage::ObjectiveMismatch {
            reported: outcome.objective,
            actual: objective,
        }));
    }
    if outcome.shortfall_exchange < 0.5 && figures.shortfall.exchange > 0.0 {
        return Err(RotationError::Solver(SolverMessage::TargetClaimed));
    }
    Ok(Checked {
        moves,
        targets,
        figures,
        objective,
    })
}

/// The error of a round whose hard rules cannot all hold. Without returns, moving no
/// one satisfies every hard rule, so only this year's returns (`rules::terms`), fixed
/// flows in the staffing and subject rules, can make a round infeasible.
pub(crate) fn returns_blocked(county: &County) -> RotationError {
    RotationError::Solver(SolverMessage::ReturnsBlocked {
        returns: county.history.returns.len(),
    })
}

/// A broken rule in both languages, for a solver error: the rule's name, then the
/// breach.
pub(crate) fn broken_rule(v: &Violation) -> BrokenRule {
    BrokenRule {
        en: format!("{}: {}", v.rule().label(Lang::En), v.text(Lang::En)),
        zh: format!("{}：{}", v.rule().label(Lang::Zh), v.text(Lang::Zh)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::candidates::candidates;
    use crate::rules::eligibility::county_eligibility;
    use crate::solve::formulation::ModelSize;
    use crate::solve::highs::SolveMethod;

    fn tiny() -> (County, Policy) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let county = crate::input::instance::read_instance(&dir.join("instances/tiny"))
            .unwrap()
            .county;
        let policy = Policy::read(&dir.join("models/haiyan-2022.toml")).unwrap();
        (county, policy)
    }

    /// A solver answer choosing the candidates `chosen`, claiming `objective`.
    fn answer(cands: &Candidates, chosen: &[usize], objective: f64) -> SolveOutcome {
        let mut x = vec![0.0; cands.moves.len()];
        for &j in chosen {
            x[j] = 1.0;
        }
        SolveOutcome {
            status: SolveStatus::Optimal,
            method: SolveMethod::BranchAndBound,
            objective,
            dual_bound: objective,
            mip_gap: 0.0,
            x,
            shortfall_exchange: 0.0,
            shortfall_backbone: 0.0,
            nodes: 0,
            lp_integral: None,
            lp_bound: None,
            lp_seconds: 0.0,
            solve_seconds: 0.0,
            size: ModelSize::default(),
        }
    }

    fn candidate(county: &County, cands: &Candidates, teacher: &str, school: &str) -> usize {
        cands
            .moves
            .iter()
            .position(|c| {
                county.teachers[c.teacher].id.0 == teacher
                    && county.schools[c.school].id.0 == school
            })
            .unwrap()
    }

    #[test]
    fn an_answer_that_breaks_a_rule_is_refused() {
        let (county, policy) = tiny();
        let el = county_eligibility(&county, &policy);
        let cands = candidates(&county, &policy, &el);
        // T05 leaves U2 with no one arriving: staffing and subject rows broken.
        let j = candidate(&county, &cands, "T05", "R1");
        let err = check_answer(&county, &policy, &el, &cands, &answer(&cands, &[j], 1e9))
            .err()
            .unwrap();
        assert!(err.to_string().contains("breaks"), "{err}");
    }

    #[test]
    fn an_answer_cheaper_than_its_plan_is_refused() {
        let (county, policy) = tiny();
        let el = county_eligibility(&county, &policy);
        let cands = candidates(&county, &policy, &el);
        let optimum: Vec<usize> = [("T01", "R2"), ("T13", "U1"), ("T05", "R1"), ("T09", "U2")]
            .iter()
            .map(|(t, s)| candidate(&county, &cands, t, s))
            .collect();
        let ok = check_answer(
            &county,
            &policy,
            &el,
            &cands,
            &answer(&cands, &optimum, 40.0),
        );
        assert!((ok.ok().unwrap().objective - 40.0).abs() < 1e-9);
        let err = check_answer(
            &county,
            &policy,
            &el,
            &cands,
            &answer(&cands, &optimum, 32.0),
        )
        .err()
        .unwrap();
        assert!(
            err.to_string()
                .contains("reported objective 32 but its plan costs 40"),
            "{err}"
        );
    }
}
