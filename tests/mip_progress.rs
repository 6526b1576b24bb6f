//! The progress observer follows branch and bound: each improving plan HiGHS finds
//! inside a MIP is reported (through HiGHS's MIP callback), not only each stage's.

use rotation::research::generate::generate;
use rotation::research::generator_spec::GeneratorSpec;
use rotation::rules::candidates::candidates;
use rotation::rules::eligibility::county_eligibility;
use rotation::solve::formulation::{formulate, MoveVariables, Stage};
use rotation::solve::highs::{solve, Observer, Progress, SolveOptions, SolveOutcome, SolveStatus};
use rotation::Policy;
use std::sync::{Arc, Mutex};

/// The least-shortfall MIP of generated county `seed` (600 teachers, 6 schools) under
/// targets no plan meets, so that it improves on its first plans, solved with
/// `options`.
fn least_shortfall_mip(seed: u64, options: &SolveOptions) -> SolveOutcome {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut policy = Policy::read(&root.join("models/haiyan-2022.toml")).unwrap();
    policy.targets.exchange_rate = 0.9;
    policy.rules.outflow_cap = 0.15;
    let county = generate(&GeneratorSpec::sized(600, 6, seed));
    let eligibility = county_eligibility(&county, &policy);
    let cands = candidates(&county, &policy, &eligibility);
    let model = formulate(
        &county,
        &policy,
        &cands,
        MoveVariables::Binary,
        Stage::Targets,
    );
    solve(model, options).unwrap()
}

#[test]
fn each_improving_plan_of_a_mip_is_reported_and_the_last_is_the_answer() {
    let mut most = 0;
    for seed in 1..=4 {
        let plans = Arc::new(Mutex::new(Vec::new()));
        let seen = plans.clone();
        let options = SolveOptions {
            threads: Some(1),
            observer: Observer::new(move |p| {
                if let Progress::Plan(v) = p {
                    seen.lock().unwrap().push(v);
                }
            }),
            ..SolveOptions::default()
        };
        let outcome = least_shortfall_mip(seed, &options);
        let plans = plans.lock().unwrap().clone();
        if outcome.status != SolveStatus::Optimal || plans.is_empty() {
            continue;
        }
        most = most.max(plans.len());
        // Improving: each plan costs less than the one before, and the last is the
        // plan the MIP returns.
        for pair in plans.windows(2) {
            assert!(pair[1] < pair[0] + 1e-9, "not improving: {plans:?}");
        }
        let last = *plans.last().unwrap();
        let tol = 1e-6 * outcome.objective.abs().max(1.0);
        assert!(
            (last - outcome.objective).abs() <= tol,
            "{last} against {}",
            outcome.objective
        );
    }
    assert!(most >= 2, "no MIP reported more than one plan");
}

#[test]
fn a_silent_observer_changes_nothing() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let policy = Policy::read(&root.join("models/haiyan-2022.toml")).unwrap();
    let county = generate(&GeneratorSpec::sized(300, 4, 7));
    let eligibility = county_eligibility(&county, &policy);
    let cands = candidates(&county, &policy, &eligibility);
    let options = SolveOptions {
        threads: Some(1),
        ..SolveOptions::default()
    };
    let listened = SolveOptions {
        observer: Observer::new(|_| {}),
        ..options.clone()
    };
    let build = || formulate(&county, &policy, &cands, MoveVariables::Binary, Stage::MET);
    let quiet = solve(build(), &options).unwrap();
    let heard = solve(build(), &listened).unwrap();
    assert_eq!(quiet.status, heard.status);
    assert_eq!(quiet.x, heard.x);
}

/// The bound follows branch and bound too where HiGHS's bound is the stage's
/// (`SolveOptions::live_bound`): bounds are heard while the least-shortfall MIPs of
/// four counties run, each rises above the last, and none passes the optimum (gap 0).
#[test]
fn the_bound_heard_inside_a_mip_never_passes_its_optimum() {
    let mut heard_any = 0;
    for seed in 1..=4 {
        let bounds = Arc::new(Mutex::new(Vec::new()));
        let seen = bounds.clone();
        let options = SolveOptions {
            threads: Some(1),
            gap: 0.0,
            live_bound: Some(f64::INFINITY),
            observer: Observer::new(move |p| {
                if let Progress::Bound(b) = p {
                    seen.lock().unwrap().push(b);
                }
            }),
            ..SolveOptions::default()
        };
        let outcome = least_shortfall_mip(seed, &options);
        assert_eq!(outcome.status, SolveStatus::Optimal, "seed {seed}");
        let bounds = bounds.lock().unwrap().clone();
        heard_any += usize::from(!bounds.is_empty());
        for pair in bounds.windows(2) {
            assert!(pair[0] < pair[1], "not rising: {bounds:?}");
        }
        let tol = 1e-6 * outcome.objective.abs().max(1.0);
        for b in &bounds {
            assert!(
                *b <= outcome.objective + tol,
                "seed {seed}: {b} above {}",
                outcome.objective
            );
        }
    }
    assert!(heard_any >= 2, "bounds heard in {heard_any} of 4 MIPs");
}
