//! The backbone movers' most raced on the second core (`solve::reach_race`): the MIP's
//! most is the one branch and bound proves, a bound published before the stage's
//! solve (the race's earliest end) changes no plan, and the race's bound lies between
//! the relaxation's and the least shortfall.

mod common;

use common::backbone_counties::{county_under, every_backbone_teacher, exact};
use proptest::prelude::*;
use rotation::rules::candidates::Candidates;
use rotation::solve::formulation::{formulate, MoveVariables, Stage};
use rotation::solve::highs::{solve, solve_with_lp_first, SolveOptions, SolveStatus};
use rotation::solve::reach_race::{most_backbone_movers, OutsideBound, Race};
use rotation::{County, Policy};
use std::sync::Arc;

/// A small generated county under the Haiyan policy with room to move (outflow cap
/// 0.5, commute 25 km), `targets` applied.
fn county(
    seed: u64,
    teachers: usize,
    schools: usize,
    targets: impl FnOnce(&mut Policy),
) -> (County, Policy, Candidates) {
    county_under(seed, teachers, schools, 0.5, 25.0, targets)
}

/// The most backbone movers of any plan by branch and bound on the least shortfall
/// (the oracle): the eligible backbone teachers less the least shortfall.
fn oracle_most(county: &County, policy: &Policy, cands: &Candidates) -> (f64, f64) {
    let model = |v: MoveVariables| formulate(county, policy, cands, v, Stage::Targets);
    let target = f64::from(
        model(MoveVariables::Relaxed)
            .targets
            .backbone_count
            .unwrap_or(0),
    );
    let least = solve(model(MoveVariables::Binary), &exact()).unwrap();
    assert_eq!(least.status, SolveStatus::Optimal);
    let least = least.objective.max(0.0);
    ((target - least).round(), least)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn the_most_backbone_movers_is_branch_and_bounds(
        seed in any::<u64>(),
        teachers in 120usize..600,
        schools in 6usize..12,
    ) {
        let (county, policy, cands) = county(seed, teachers, schools, every_backbone_teacher);
        let (oracle, _) = oracle_most(&county, &policy, &cands);
        let model = formulate(&county, &policy, &cands, MoveVariables::Binary, Stage::Targets);
        prop_assert_eq!(most_backbone_movers(model, &exact()), Some(oracle));
    }
}

proptest! {
    // Most of these counties end before the last branch and bound (a completion
    // proves them); among 64, a few reach it and stop there.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The stage's solve with the least shortfall already proven outside (the race
    /// won before the solve began, its earliest end) writes the plan it writes
    /// without: the bound ends only the last search for a plan cheaper than the
    /// incumbent, which keeps the incumbent on a tie either way.
    #[test]
    fn a_bound_proven_outside_changes_no_plan(
        seed in any::<u64>(),
        teachers in 120usize..400,
        schools in 6usize..10,
        rate in 0.2f64..0.8,
        share in 0.2f64..0.7,
    ) {
        let (county, policy, cands) = county(seed, teachers, schools, |p| {
            p.targets.exchange_rate = rate;
            p.targets.backbone_share = share;
        });
        let build = |v: MoveVariables| formulate(&county, &policy, &cands, v, Stage::Targets);
        let without = solve_with_lp_first(build, &exact()).unwrap();
        prop_assert_eq!(without.status, SolveStatus::Optimal);
        let bound = Arc::new(OutsideBound::new());
        bound.raise(without.objective);
        let with = solve_with_lp_first(
            build,
            &SolveOptions { outside_bound: Some(bound), ..exact() },
        )
        .unwrap();
        prop_assert_eq!(with.status, SolveStatus::Optimal);
        prop_assert!((with.objective - without.objective).abs() < 1e-6);
        prop_assert_eq!(&with.x, &without.x);
        // A bound below the optimum stops nothing, and changes nothing either.
        let below = Arc::new(OutsideBound::new());
        below.raise(without.objective - 0.5);
        let with = solve_with_lp_first(
            build,
            &SolveOptions { outside_bound: Some(below), ..exact() },
        )
        .unwrap();
        prop_assert_eq!(with.status, SolveStatus::Optimal);
        prop_assert_eq!(with.x, without.x);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// A stage beside a race (`SolveOptions::beside_race`: each MIP on one HiGHS
    /// thread fewer, on a thread of its own, after the caller's thread ran HiGHS on
    /// one) proves the least shortfall branch and bound proves on the caller's thread,
    /// and writes the same plan each time it runs: its thread counts are fixed, not
    /// left to timing.
    #[test]
    fn a_stage_beside_a_race_proves_the_same_least_shortfall_the_same_way(
        seed in any::<u64>(),
        teachers in 120usize..400,
        schools in 6usize..10,
        rate in 0.2f64..0.8,
        share in 0.2f64..0.7,
    ) {
        let (county, policy, cands) = county(seed, teachers, schools, |p| {
            p.targets.exchange_rate = rate;
            p.targets.backbone_share = share;
        });
        let build = |v: MoveVariables| formulate(&county, &policy, &cands, v, Stage::Targets);
        let alone = solve_with_lp_first(build, &exact()).unwrap();
        prop_assert_eq!(alone.status, SolveStatus::Optimal);
        let beside = SolveOptions { threads: None, beside_race: true, ..exact() };
        let first = solve_with_lp_first(build, &beside).unwrap();
        prop_assert_eq!(first.status, SolveStatus::Optimal);
        prop_assert!((first.objective - alone.objective).abs() < 1e-6);
        let again = solve_with_lp_first(build, &beside).unwrap();
        prop_assert_eq!(again.x, first.x);
    }
}

/// Given a cap above the most any plan moves, the race proves the bound of the
/// relaxation capped at that most, on its own thread. With every eligible backbone
/// teacher the target and none to exchange, that bound is the least shortfall itself
/// (the target less the most), which branch and bound proves.
#[test]
fn the_race_proves_the_bound_of_the_most() {
    if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
        eprintln!("one core: a race never starts");
        return;
    }
    let mut raced = 0;
    for seed in 0..12u64 {
        let (county, policy, cands) = county(seed, 400, 10, every_backbone_teacher);
        let (most, least) = oracle_most(&county, &policy, &cands);
        if most == 0.0 {
            continue;
        }
        let model = |v: MoveVariables| formulate(&county, &policy, &cands, v, Stage::Targets);
        let threads = SolveOptions {
            threads: None,
            ..exact()
        };
        // One race at a time: the last one may still be ending on its thread.
        let asked = std::time::Instant::now();
        let race = loop {
            if let Some(race) = Race::start(model, cands.moves.len(), most + 1.0, &threads) {
                break race;
            }
            assert!(
                asked.elapsed().as_secs() < 30,
                "seed {seed}: no race started"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let bound = race.bound();
        let asked = std::time::Instant::now();
        while !bound.get().is_finite() && asked.elapsed().as_secs() < 60 {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let b = bound.get();
        assert!(b.is_finite(), "seed {seed}: no bound within 60 s");
        assert!(
            (b - least).abs() < 1e-6,
            "seed {seed}: the race's bound {b}, the least shortfall {least}"
        );
        raced += 1;
    }
    assert!(raced >= 3, "only {raced} counties with a backbone mover");
}

/// Where the cap is what the plans reach, the race publishes nothing: it stops at its
/// first plan moving the cap, or proves the most equal to it.
#[test]
fn a_cap_attained_publishes_no_bound() {
    if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
        return;
    }
    let (county, policy, cands) = county(0, 400, 10, every_backbone_teacher);
    let (most, _) = oracle_most(&county, &policy, &cands);
    assert!(most > 0.0);
    let model = |v: MoveVariables| formulate(&county, &policy, &cands, v, Stage::Targets);
    let threads = SolveOptions {
        threads: None,
        ..exact()
    };
    let asked = std::time::Instant::now();
    let race = loop {
        if let Some(race) = Race::start(model, cands.moves.len(), most, &threads) {
            break race;
        }
        assert!(asked.elapsed().as_secs() < 30, "no race started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let bound = race.bound();
    // Dropped, the race is waited for until it ends (or 0.2 s): nothing was proven.
    std::thread::sleep(std::time::Duration::from_millis(500));
    drop(race);
    assert_eq!(bound.get(), f64::NEG_INFINITY);
}
