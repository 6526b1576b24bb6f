//! What a plan did with the teachers' wishes: wishes granted by rank, the
//! justified-envy pairs (the stability audit, `rules::stability`), and under
//! `rules.stable` the cost of stability against the plan without that rule.
//! The audit is reported for every plan with wishes, whatever `rules.wishes` says.

use crate::model::county::County;
use crate::model::policy::Policy;
use crate::round::run::PlanOutcome;
use crate::rules::eligibility::county_eligibility;
use crate::rules::stability::{envy_pairs, wishes_granted, WishesGranted};
use crate::solve::highs::{LimitStop, SolveOutcome, SolveStatus};
use serde::Serialize;

/// One justified-envy pair in words (ids, not indices).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnvyPair {
    /// The teacher who envies.
    pub teacher: String,
    /// The school they wished for.
    pub school: String,
    /// Their rank of it.
    pub rank: u32,
    /// The teacher of the same subject placed there with fewer points.
    pub other: String,
    /// Priority points of `teacher`.
    pub teacher_points: f64,
    /// Priority points of `other`.
    pub other_points: f64,
}

/// The wishes report of a plan (`wishes.json`, and the text summary).
#[derive(Debug, Clone, Serialize)]
pub struct WishReport {
    /// `rules.wishes` as written.
    pub rule: crate::model::policy::WishRule,
    /// Whether `rules.stable` held the plan to no justified envy.
    pub stable: bool,
    /// Wishes granted by rank.
    pub granted: WishesGranted,
    /// The justified-envy pairs (none under `rules.stable`).
    pub envy: Vec<EnvyPair>,
    /// Under `rules.stable`: the plan's objective, the objective of the plan without
    /// `rules.stable`, and that plan's number of envy pairs.
    pub stability_cost: Option<StabilityCost>,
    /// Under `rules.stable`: the no-envy part of the model and the first stable plan
    /// by bans (`round::envy_rows::EnvyRows`).
    pub stable_model: Option<crate::round::envy_rows::EnvyRows>,
}

/// The price of stability: the stable plan against the plan without the rule.
#[derive(Debug, Clone, Serialize)]
pub struct StabilityCost {
    /// The stable plan's objective.
    pub stable_objective: f64,
    /// The objective of the plan without `rules.stable`.
    pub unconstrained_objective: f64,
    /// Justified-envy pairs of that plan.
    pub unconstrained_envy: usize,
    /// Whether the stable plan falls shorter of a target than that plan (a stable
    /// round out of time may write the plan in which nobody moves): the two
    /// objectives then price different shortfalls, and their difference is no cost
    /// of stability.
    pub stable_falls_shorter: bool,
    /// Whether either plan is the one in which nobody moves because the time limit
    /// ran out before any plan was found: there is no cost of stability to tell.
    pub no_plan_in_time: bool,
    /// Whether either plan stopped at the time limit without being proven: the
    /// difference is between the plans found, not between the best plans.
    pub unproven: bool,
}

fn pairs(county: &County, policy: &Policy, outcome: &PlanOutcome) -> Vec<EnvyPair> {
    let el = county_eligibility(county, policy);
    envy_pairs(county, policy, &el, &outcome.moves)
        .into_iter()
        .map(|e| EnvyPair {
            teacher: county.teachers[e.teacher].id.0.clone(),
            school: county.schools[e.school].id.0.clone(),
            rank: e.rank,
            other: county.teachers[e.other].id.0.clone(),
            teacher_points: e.points.0,
            other_points: e.points.1,
        })
        .collect()
}

/// Whether `a` misses a target by more than `b` does.
fn falls_shorter(a: &SolveOutcome, b: &SolveOutcome) -> bool {
    const TOL: f64 = 1e-6;
    a.shortfall_exchange > b.shortfall_exchange + TOL
        || a.shortfall_backbone > b.shortfall_backbone + TOL
}

/// The wishes report of `outcome`. Under `rules.stable`, `unconstrained` is the same
/// round planned without that rule (the caller plans it with the same pins and
/// options), which prices stability.
pub fn wish_report(
    county: &County,
    policy: &Policy,
    outcome: &PlanOutcome,
    unconstrained: Option<&PlanOutcome>,
) -> WishReport {
    let stability_cost = unconstrained.map(|other| {
        let mut free = policy.clone();
        free.rules.stable = false;
        StabilityCost {
            stable_objective: outcome.objective,
            unconstrained_objective: other.objective,
            unconstrained_envy: pairs(county, &free, other).len(),
            stable_falls_shorter: falls_shorter(&outcome.solve, &other.solve),
            no_plan_in_time: [outcome, other]
                .iter()
                .any(|o| o.solve.limit_stop() == Some(LimitStop::NoPlan)),
            unproven: [outcome, other]
                .iter()
                .any(|o| o.solve.status == SolveStatus::TimeLimit),
        }
    });
    WishReport {
        rule: policy.rules.wishes,
        stable: policy.rules.stable,
        granted: wishes_granted(county, &outcome.moves),
        envy: pairs(county, policy, outcome),
        stability_cost,
        stable_model: outcome.envy_rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_missing_more_of_a_target_falls_shorter() {
        // The plan in which nobody moves, 5 teachers short of the exchange target,
        // against a plan meeting it.
        let short = SolveOutcome::nobody_moves(10, 5, 0.0);
        let met = SolveOutcome::nobody_moves(10, 0, 0.0);
        assert!(falls_shorter(&short, &met));
        assert!(!falls_shorter(&met, &short));
        assert!(!falls_shorter(&short, &short));
    }
}
