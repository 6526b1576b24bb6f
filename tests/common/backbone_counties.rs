//! Small generated counties for the backbone movers' tests (`tests/backbone_reach.rs`,
//! `tests/reach_race.rs`): the Haiyan policy with its outflow cap and commute set,
//! and the targets that make the least shortfall the most backbone movers' mirror.

use rotation::model::policy::BackboneBase;
use rotation::research::generate::generate;
use rotation::research::generator_spec::GeneratorSpec;
use rotation::rules::candidates::Candidates;
use rotation::solve::highs::SolveOptions;
use rotation::{County, Policy};

/// A generated county of `teachers` and `schools` (seed `seed`) under the Haiyan
/// policy (never-worse backbone CV) with outflow cap `outflow` and commute cap
/// `commute_km`, `targets` applied; its candidate moves.
pub fn county_under(
    seed: u64,
    teachers: usize,
    schools: usize,
    outflow: f64,
    commute_km: f64,
    targets: impl FnOnce(&mut Policy),
) -> (County, Policy, Candidates) {
    let county = generate(&GeneratorSpec::sized(teachers, schools, seed));
    let mut policy = Policy::read(&super::model("haiyan-2022")).unwrap();
    policy.rules.outflow_cap = outflow;
    policy.rules.max_commute_km = commute_km;
    targets(&mut policy);
    let eligibility = rotation::rules::eligibility::county_eligibility(&county, &policy);
    let cands = rotation::rules::candidates::candidates(&county, &policy, &eligibility);
    (county, policy, cands)
}

/// No exchange target, and every eligible backbone teacher the backbone target: the
/// least shortfall is the eligible backbone teachers less the most any plan moves.
pub fn every_backbone_teacher(p: &mut Policy) {
    p.targets.exchange_rate = 0.0;
    p.targets.backbone_base = BackboneBase::EligibleBackbone;
    p.targets.backbone_share = 1.0;
}

/// Exact solves on one thread (no race: `solve::reach_race`).
pub fn exact() -> SolveOptions {
    SolveOptions {
        threads: Some(1),
        gap: 0.0,
        ..SolveOptions::default()
    }
}
