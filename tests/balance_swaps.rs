//! Balance swaps (`solve::balance_swaps`): a swap changes no rule but the balance rows,
//! so a repaired plan moves the same teachers from the same schools and fills the same
//! (school, subject) places, and it passes every rule, the never-worse CV included;
//! and on the tolerance county that motivated them the round proves its plan by them.
//! Exchanges (`SwapData::improve`) lower a plan's cost, leave and fill the same places
//! and break no rule; on a family county the round proves its plan by them.

use proptest::prelude::*;
use rotation::model::moves::Move;
use rotation::model::policy::CvRule;
use rotation::research::generate::generate;
use rotation::research::generator_spec::{Calibration, GeneratorSpec};
use rotation::round::run::plan_round;
use rotation::rules::candidates::{candidates, Candidates};
use rotation::rules::eligibility::county_eligibility;
use rotation::rules::verify::verify;
use rotation::solve::balance_swaps::SwapData;
use rotation::solve::highs::{SolveMethod, SolveOptions};
use rotation::{County, Policy};
use std::collections::BTreeMap;

fn haiyan_policy() -> Policy {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    Policy::read(&root.join("models/haiyan-2022.toml")).unwrap()
}

/// Who moves from where, and how many teachers of each subject each school receives.
fn shape(county: &County, moves: &[Move]) -> (Vec<usize>, BTreeMap<(usize, String), usize>) {
    let mut movers: Vec<usize> = moves.iter().map(|m| m.teacher).collect();
    movers.sort();
    let mut places = BTreeMap::new();
    for m in moves {
        *places
            .entry((m.to, county.teachers[m.teacher].subject.clone()))
            .or_insert(0) += 1;
    }
    (movers, places)
}

/// The plan's moves as indices into the candidate moves.
fn candidate_indices(cands: &Candidates, moves: &[Move]) -> Vec<usize> {
    let index: BTreeMap<(usize, usize), usize> = cands
        .moves
        .iter()
        .enumerate()
        .map(|(j, m)| ((m.teacher, m.school), j))
        .collect();
    moves.iter().map(|m| index[&(m.teacher, m.to)]).collect()
}

/// A generated county planned with the backbone CV ignored (a plan that may make it
/// worse), then repaired by swaps under the never-worse rule.
fn repaired(
    seed: u64,
    teachers: usize,
    schools: usize,
    tolerance: u32,
) -> Result<(), TestCaseError> {
    let county = generate(&GeneratorSpec::sized(teachers, schools, seed));
    let mut policy = haiyan_policy();
    policy.rules.staffing_tolerance = tolerance;
    policy.rules.subject_tolerance = tolerance;
    let mut ignoring = policy.clone();
    ignoring.balance.backbone_cv = CvRule::Off;
    let options = SolveOptions {
        threads: Some(1),
        ..SolveOptions::default()
    };
    let Ok(free) = plan_round(&county, &ignoring, &options) else {
        return Err(TestCaseError::reject("no plan"));
    };
    let el = county_eligibility(&county, &policy);
    let cands = candidates(&county, &policy, &el);
    let data = SwapData::new(&county, &policy, &cands);
    let Some(data) = data else {
        return Err(TestCaseError::reject("caps or floors"));
    };
    // Without a tolerance the round does not try the repair (`SwapData::repairs`), but
    // its swaps keep every place all the same, so it is checked there too.
    prop_assert_eq!(data.repairs(), tolerance > 0, "seed {}", seed);
    let chosen = candidate_indices(&cands, &free.moves);
    // Past its deadline the repair makes no swap: the plan as it was (when it breaks
    // no row) or none.
    let late = data.repair(
        chosen.clone(),
        f64::INFINITY,
        Some(std::time::Instant::now()),
    );
    prop_assert!(
        late.as_ref().is_none_or(|l| *l == chosen),
        "seed {}: swaps made past the deadline",
        seed
    );
    let Some(after) = data.repair(chosen, f64::INFINITY, None) else {
        // No swaps restore the rows: nothing to check (the round then goes on without).
        return Ok(());
    };
    let mut x = vec![0.0; cands.moves.len()];
    for j in after {
        x[j] = 1.0;
    }
    let moves = cands.chosen(&x);
    prop_assert_eq!(
        shape(&county, &moves),
        shape(&county, &free.moves),
        "seed {}: the swaps changed who moves or the places filled",
        seed
    );
    // The same movers, so the same targets: missed only where the plan it repaired
    // missed them (a county whose targets are out of reach, e.g. seed 3270 at 900
    // teachers and tolerance 1, 127 of 129). Every other rule holds.
    let (targets, broken): (Vec<_>, Vec<_>) = verify(&county, &policy, &el, &moves)
        .into_iter()
        .partition(|v| v.rule().is_target());
    prop_assert!(
        broken.is_empty(),
        "seed {}: the repaired plan breaks {:?}",
        seed,
        broken
    );
    let missed: Vec<_> = verify(&county, &policy, &el, &free.moves)
        .into_iter()
        .filter(|v| v.rule().is_target())
        .collect();
    prop_assert_eq!(
        format!("{targets:?}"),
        format!("{missed:?}"),
        "seed {}: the targets missed changed",
        seed
    );
    Ok(())
}

/// The sum of the moves' costs, as the candidates price them.
fn cost_of(cands: &Candidates, chosen: &[usize]) -> f64 {
    chosen.iter().map(|&j| cands.moves[j].cost).sum()
}

/// Departures and arrivals per (school, subject): what every exchange keeps.
type Places = BTreeMap<(usize, String), (usize, usize)>;

fn places(county: &County, moves: &[Move]) -> Places {
    let mut places = Places::new();
    for m in moves {
        let t = &county.teachers[m.teacher];
        places.entry((t.school, t.subject.clone())).or_default().0 += 1;
        places.entry((m.to, t.subject.clone())).or_default().1 += 1;
    }
    places
}

/// A generated county planned under one policy, then made cheaper by exchanges
/// (`SwapData::improve`) under `judged`: a plan that keeps the never-worse rows when
/// it started from one, cheaper by its moves' costs, leaving the same places and
/// filling the same places, and breaking no rule of `judged` (targets included: a
/// colleague of another backbone standing may take a mover's place only while the
/// backbone target holds).
fn improved(
    seed: u64,
    teachers: usize,
    schools: usize,
    tolerance: u32,
    cv_held: bool,
) -> Result<bool, TestCaseError> {
    let county = generate(&GeneratorSpec::sized(teachers, schools, seed));
    let mut policy = haiyan_policy();
    policy.rules.staffing_tolerance = tolerance;
    policy.rules.subject_tolerance = tolerance;
    let mut judged = policy.clone();
    if !cv_held {
        // The plan keeps the CV rule; judged without it, it costs more than it must.
        judged.balance.backbone_cv = CvRule::Off;
    }
    // Planned with the commute priced at nothing, so that the plan costs more than it
    // must by `judged`'s prices (the rules are the same).
    policy.weights.km = 0.0;
    policy.weights.minute = 0.0;
    let options = SolveOptions {
        threads: Some(1),
        ..SolveOptions::default()
    };
    let Ok(start) = plan_round(&county, &policy, &options) else {
        return Err(TestCaseError::reject("no plan"));
    };
    let el = county_eligibility(&county, &judged);
    if !verify(&county, &judged, &el, &start.moves).is_empty() {
        return Err(TestCaseError::reject("targets out of reach"));
    }
    let cands = candidates(&county, &judged, &el);
    let Some(data) = SwapData::new(&county, &judged, &cands) else {
        return Err(TestCaseError::reject("caps or floors"));
    };
    let chosen = candidate_indices(&cands, &start.moves);
    // Past its deadline no exchange is made.
    prop_assert!(
        data.improve(chosen.clone(), Some(std::time::Instant::now()))
            .is_none(),
        "seed {}: exchanges made past the deadline",
        seed
    );
    let Some(after) = data.improve(chosen.clone(), None) else {
        return Ok(false);
    };
    prop_assert!(
        cost_of(&cands, &after) < cost_of(&cands, &chosen) - 1e-9,
        "seed {}: {} is not cheaper than {}",
        seed,
        cost_of(&cands, &after),
        cost_of(&cands, &chosen)
    );
    let mut x = vec![0.0; cands.moves.len()];
    for &j in &after {
        x[j] = 1.0;
    }
    let moves = cands.chosen(&x);
    prop_assert_eq!(moves.len(), start.moves.len(), "seed {}", seed);
    prop_assert_eq!(
        places(&county, &moves),
        places(&county, &start.moves),
        "seed {}: the exchanges changed the places left or filled",
        seed
    );
    let broken = verify(&county, &judged, &el, &moves);
    prop_assert!(
        broken.is_empty(),
        "seed {}: the improved plan breaks {:?}",
        seed,
        broken
    );
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn an_improved_plan_is_cheaper_keeps_the_places_and_breaks_no_rule(
        seed in 0u64..10_000,
        size in 0usize..2,
        tolerance in 0u32..3,
        cv_held in any::<bool>(),
    ) {
        let (teachers, schools) = [(400, 8), (900, 12)][size];
        improved(seed, teachers, schools, tolerance, cv_held)?;
    }

    #[test]
    fn a_repaired_plan_moves_the_same_teachers_and_breaks_no_rule(
        seed in 0u64..10_000,
        size in 0usize..2,
        tolerance in 0u32..3,
    ) {
        let (teachers, schools) = [(400, 8), (900, 12)][size];
        repaired(seed, teachers, schools, tolerance)?;
    }
}

/// The property above on fixed counties, where the exchanges do lower the cost (so it
/// cannot pass for want of any exchange), at both tolerances and with the CV rule held
/// and not.
#[test]
fn exchanges_lower_the_cost_of_plans_priced_otherwise() {
    for (seed, teachers, schools, tolerance, cv_held) in [
        (8612, 400, 8, 0, true),
        (8612, 400, 8, 0, false),
        (4289, 900, 12, 1, true),
        (4289, 900, 12, 2, false),
    ] {
        let what = format!("seed {seed}, tolerance {tolerance}, CV held {cv_held}");
        match improved(seed, teachers, schools, tolerance, cv_held) {
            Ok(lowered) => assert!(lowered, "{what}: no exchange lowered the cost"),
            Err(e) => panic!("{what}: {e}"),
        }
    }
}

/// The family's `c4k-latlon-tol1` (`instances/bench/manifest.toml`): fix and complete
/// leaves a plan outside the gap, and exchanges bring it within (before them, balance
/// swaps did, in about the same time).
#[test]
fn a_family_county_is_proven_by_exchanges() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let family = rotation::research::family_manifest::read_family(
        &root.join("instances/bench/manifest.toml"),
    )
    .unwrap();
    let c = family
        .counties
        .iter()
        .find(|c| c.name == "c4k-latlon-tol1")
        .unwrap();
    let county = generate(&c.spec);
    let o = plan_round(&county, &c.policy, &SolveOptions::default()).unwrap();
    assert_eq!(o.solve.method, SolveMethod::Exchanges);
    assert!(o.solve.mip_gap <= 1e-4, "gap {}", o.solve.mip_gap);
    let bound = o.solve.lp_bound.unwrap();
    assert!(
        o.objective >= bound - 1e-6 && o.objective <= bound / (1.0 - 1e-4),
        "{} against the bound {bound}",
        o.objective
    );
    let el = county_eligibility(&county, &c.policy);
    assert!(verify(&county, &c.policy, &el, &o.moves).is_empty());
}

/// Seeds that once failed: at 900 teachers and tolerance 1 the plan repaired misses the
/// exchange target (out of reach), which the repaired plan, moving the same teachers,
/// misses by as much.
#[test]
fn seeds_that_once_failed() {
    repaired(3270, 900, 12, 1).unwrap();
}

/// The family's `c4k-grid-tol1` and `c4k-grid-tol2` (`instances/bench/manifest.toml`):
/// the relaxation splits backbone teachers, fix and complete has no plan within the
/// gap, and HiGHS's narrow MIP took about a second to find one; the swaps give a plan
/// within the gap of the bound. At tolerance 1 from the relaxation's own completion,
/// at 2 only from the priced relaxation's (its own repaired is 2.4·10⁻⁴ above).
#[test]
fn the_tolerance_counties_are_proven_by_balance_swaps() {
    let mut spec = GeneratorSpec::sized(4000, 35, 11);
    spec.calibration = Calibration::haiyan();
    let county = generate(&spec);
    for tolerance in [1, 2] {
        let mut policy = haiyan_policy();
        policy.targets.exchange_rate = 0.349;
        policy.rules.staffing_tolerance = tolerance;
        policy.rules.subject_tolerance = tolerance;
        let o = plan_round(&county, &policy, &SolveOptions::default()).unwrap();
        assert_eq!(
            o.solve.method,
            SolveMethod::BalanceSwaps,
            "tolerance {tolerance}"
        );
        assert!(
            o.solve.mip_gap <= 1e-4,
            "tolerance {tolerance}: gap {}",
            o.solve.mip_gap
        );
        let bound = o.solve.lp_bound.unwrap();
        assert!(
            o.objective >= bound - 1e-6 && o.objective <= bound / (1.0 - 1e-4),
            "tolerance {tolerance}: {} against the bound {bound}",
            o.objective
        );
        let el = county_eligibility(&county, &policy);
        assert!(
            verify(&county, &policy, &el, &o.moves).is_empty(),
            "tolerance {tolerance}"
        );
    }
}
