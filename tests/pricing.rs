//! Pricing candidate moves in solves the same model: its optimum equals the optimum
//! over every candidate move, whether or not the LP relaxation is integral.

mod common;
use common::*;
use rotation::input::instance::read_instance;
use rotation::model::policy::{Direction, PartnershipRule};
use rotation::research::generate::{generate, GeneratorSpec};
use rotation::round::run::{Pricing, Round};
use rotation::round::shortfall::ShortfallCause;
use rotation::solve::highs::SolveOptions;
use rotation::{County, Policy};

fn same_optimum(county: &County, policy: &Policy, start: usize) {
    let options = SolveOptions {
        gap: 0.0,
        ..SolveOptions::default()
    };
    let all = Round::new(county, policy)
        .options(options.clone())
        .pricing(Pricing::Off)
        .plan()
        .unwrap();
    let priced = Round::new(county, policy)
        .options(options.clone())
        .pricing(Pricing::From(start))
        .plan()
        .unwrap();
    let tol = 1e-6 * all.objective.abs().max(1.0);
    assert!(
        (all.objective - priced.objective).abs() <= tol,
        "every move: {}, priced from {start}: {}",
        all.objective,
        priced.objective
    );
    assert!(priced.solve.dual_bound <= all.objective + tol);
    let stats = priced.pricing.expect("priced");
    assert!(stats.priced_moves <= stats.candidate_moves);
}

/// With a wide gap the priced solve proves its plan against bounds it derives from
/// reduced costs (a completion that fails leaves a narrow MIP over the moves within
/// twice the gap): the bound may not exceed the full model's optimum, and the plan
/// must be within the gap of it.
fn within_a_wide_gap(county: &County, policy: &Policy, start: usize) {
    let exact = SolveOptions {
        gap: 0.0,
        ..SolveOptions::default()
    };
    let all = Round::new(county, policy)
        .options(exact)
        .pricing(Pricing::Off)
        .plan()
        .unwrap();
    let gap = 0.05;
    let priced = Round::new(county, policy)
        .options(SolveOptions {
            gap,
            // A round within the gap that chords cut is completed first, as on
            // large counties (`complete_cut_rows`).
            complete_cut_rows: 0,
            ..SolveOptions::default()
        })
        .pricing(Pricing::From(start))
        .plan()
        .unwrap();
    let tol = 1e-6 * all.objective.abs().max(1.0);
    assert!(priced.solve.dual_bound <= all.objective + tol);
    assert!(priced.objective - all.objective <= gap * priced.objective.abs() + tol);
}

#[test]
fn priced_solve_matches_the_full_model_on_haiyan_like() {
    let county = read_instance(&haiyan_like()).unwrap().county;
    let policy = Policy::read(&model("haiyan-2022")).unwrap();
    for start in [1, 3, 8] {
        same_optimum(&county, &policy, start);
    }
}

#[test]
fn priced_solve_matches_the_full_model_under_other_policies() {
    let base = Policy::read(&model("haiyan-2022")).unwrap();
    let national = Policy::read(&model("national-minimum")).unwrap();
    for seed in 1..=4u64 {
        let county = generate(&GeneratorSpec::sized(600 + 150 * seed as usize, 12, seed));
        same_optimum(&county, &base, 2);
        same_optimum(&county, &national, 2);
        let mut p = base.clone();
        p.rules.direction = Direction::Any;
        p.rules.partnership = PartnershipRule::Require;
        p.rules.staffing_tolerance = 1;
        p.rules.subject_tolerance = 1;
        p.targets.exchange_rate = 0.5;
        same_optimum(&county, &p, 2);
        within_a_wide_gap(&county, &p, 2);
        let mut q = base.clone();
        q.rules.outflow_cap = 0.12;
        q.targets.backbone_share = 0.45;
        same_optimum(&county, &q, 1);
    }
}

#[test]
fn priced_solve_matches_the_full_model_on_a_medium_county() {
    // 10,000 teachers, 150 schools: about 200,000 candidate moves, priced by default.
    let county = generate(&GeneratorSpec::sized(10_000, 150, 3));
    let policy = Policy::read(&model("haiyan-2022")).unwrap();
    same_optimum(&county, &policy, rotation::solve::pricing::START_NEAREST);
    // With a gap, pricing may stop early: the plan is within the gap of the full
    // model's optimum, and the reported bound is below it.
    let exact = SolveOptions {
        gap: 0.0,
        ..SolveOptions::default()
    };
    let all = Round::new(&county, &policy)
        .options(exact.clone())
        .pricing(Pricing::Off)
        .plan()
        .unwrap();
    let loose = SolveOptions {
        gap: 1e-3,
        complete_cut_rows: 0,
        ..SolveOptions::default()
    };
    let auto = Round::new(&county, &policy)
        .options(loose.clone())
        .pricing(Pricing::Auto)
        .plan()
        .unwrap();
    assert!(auto.pricing.is_some(), "priced above the threshold");
    let tol = 1e-6 * all.objective.abs();
    assert!(auto.objective >= all.objective - tol);
    assert!(auto.objective <= all.objective * (1.0 + 1e-3) + tol);
    assert!(auto.solve.dual_bound <= all.objective + tol);
    assert!(auto.solve.mip_gap <= 1e-3);
}

/// The sample county's round under `policy`, priced, with a time limit that ends
/// pricing before its first LP.
fn priced_out_of_time(policy: &Policy) -> rotation::round::run::PlanOutcome {
    let county = read_instance(&haiyan_like()).unwrap().county;
    let options = SolveOptions {
        time_limit: Some(1e-9),
        ..SolveOptions::default()
    };
    Round::new(&county, policy)
        .options(options)
        .pricing(Pricing::From(rotation::solve::pricing::START_NEAREST))
        .plan()
        .unwrap()
}

/// When the time limit ends pricing before its first LP, the plan written is the swaps
/// pricing started from: it meets both targets, raises no CV and passes the round's
/// checks, with status `time_limit` (not the plan in which nobody moves).
#[test]
fn out_of_time_while_pricing_writes_the_starting_swaps() {
    use rotation::solve::highs::{SolveMethod, SolveStatus};
    let policy = Policy::read(&model("haiyan-2022")).unwrap();
    let out = priced_out_of_time(&policy);
    assert_eq!(out.solve.method, SolveMethod::StartingSwaps);
    assert_eq!(out.solve.status, SolveStatus::TimeLimit);
    assert!(
        out.target_violations.is_empty(),
        "{:?}",
        out.target_violations
    );
    assert!(!out.moves.is_empty());
    let eligible = out.figures.eligible as f64;
    assert!(out.moves.len() as f64 >= (policy.targets.exchange_rate * eligible).ceil());
}

/// On a county whose targets are out of reach (a 5 % outflow cap), a time limit that
/// ends pricing before its first LP writes the swaps pricing started from, short of the
/// targets (method `short_swaps`), not the plan in which nobody moves: they pass every
/// rule but the targets and the round's checks, fall less short than nobody moving,
/// and claim no bound.
#[test]
fn out_of_time_while_pricing_writes_swaps_short_of_the_targets() {
    use rotation::rules::breach::Rule;
    use rotation::solve::highs::{SolveMethod, SolveStatus};
    let mut policy = Policy::read(&model("haiyan-2022")).unwrap();
    policy.rules.outflow_cap = 0.05;
    let out = priced_out_of_time(&policy);
    assert_eq!(out.solve.method, SolveMethod::ShortSwaps);
    assert_eq!(out.solve.status, SolveStatus::TimeLimit);
    assert!(out.solve.dual_bound.is_nan() && out.solve.mip_gap.is_nan());
    assert!(!out.moves.is_empty());
    assert!(!out.target_violations.is_empty());
    assert!(out
        .target_violations
        .iter()
        .all(|v| matches!(v.rule(), Rule::ExchangeTarget | Rule::BackboneTarget)));
    let short = &out.figures.shortfall;
    assert!(short.exchange > 0.0);
    assert!(short.exchange + short.backbone < out.figures.exchange_target as f64);
    assert_eq!(out.solve.shortfall_exchange, short.exchange);
}

/// When even the LP relaxation misses a target, the stages are priced too: the
/// least shortfall and the least cost with it held equal the full model's stages,
/// and the least shortfall is proven.
#[test]
fn priced_stages_match_the_full_model_when_a_target_is_out_of_reach() {
    let base = Policy::read(&model("haiyan-2022")).unwrap();
    for seed in 1..=3u64 {
        let county = generate(&GeneratorSpec::sized(1_200 + 300 * seed as usize, 16, seed));
        let mut p = base.clone();
        // Tight outflow caps under high targets: the exchange target is out of reach.
        p.rules.outflow_cap = [0.1, 0.15, 0.2][seed as usize - 1];
        p.targets.exchange_rate = 0.5;
        let exact = SolveOptions {
            gap: 0.0,
            ..SolveOptions::default()
        };
        let all = Round::new(&county, &p)
            .options(exact.clone())
            .pricing(Pricing::Off)
            .plan()
            .unwrap();
        let priced = Round::new(&county, &p)
            .options(exact)
            .pricing(Pricing::From(2))
            .plan()
            .unwrap();
        assert!(
            all.stages.least_target_shortfall > 0.0,
            "seed {seed}: out of reach"
        );
        assert!(priced.stages.proven, "seed {seed}");
        assert!(
            (priced.stages.least_target_shortfall - all.stages.least_target_shortfall).abs()
                <= 1e-6,
            "seed {seed}: least shortfall priced {} against {}",
            priced.stages.least_target_shortfall,
            all.stages.least_target_shortfall
        );
        let tol = 1e-6 * all.objective.abs().max(1.0);
        assert!(
            (priced.objective - all.objective).abs() <= tol,
            "seed {seed}: cost priced {} against {}",
            priced.objective,
            all.objective
        );
        assert!(priced.solve.dual_bound <= all.objective + tol);
        // On a priced county the causes are not tested on the full model: the
        // binding outflow cap is named all the same.
        assert!(
            priced
                .explanations
                .iter()
                .any(|c| matches!(c, ShortfallCause::OutflowCap { .. })),
            "seed {seed}: {:?}",
            priced.explanations
        );
    }
}

/// A MIP told a bound proven outside it (`proven_bound`, HiGHS's `objective_target`)
/// stops at the first plan within the gap of that bound, reports it optimal with
/// that bound, and is never told it is optimal above the gap.
#[test]
fn a_mip_stops_at_a_plan_within_the_gap_of_a_bound_proven_outside() {
    use rotation::rules::candidates::candidates;
    use rotation::rules::eligibility::county_eligibility;
    use rotation::solve::formulation::{formulate, MoveVariables, Stage};
    use rotation::solve::highs::{relative_gap, solve, SolveStatus};
    let county = generate(&GeneratorSpec::sized(900, 12, 5));
    let policy = Policy::read(&model("haiyan-2022")).unwrap();
    let cands = candidates(&county, &policy, &county_eligibility(&county, &policy));
    let model = || formulate(&county, &policy, &cands, MoveVariables::Binary, Stage::MET);
    let exact = solve(
        model(),
        &SolveOptions {
            gap: 0.0,
            ..SolveOptions::default()
        },
    )
    .unwrap();
    assert_eq!(exact.status, SolveStatus::Optimal);
    let optimum = exact.objective;
    for (gap, below) in [(1e-2, 0.0), (1e-2, 0.005), (1e-3, 0.0)] {
        let bound = optimum * (1.0 - below);
        let o = solve(
            model(),
            &SolveOptions {
                gap,
                proven_bound: Some(bound),
                ..SolveOptions::default()
            },
        )
        .unwrap();
        assert_eq!(o.status, SolveStatus::Optimal, "gap {gap}, bound {bound}");
        assert!(o.dual_bound >= bound - 1e-9, "{} < {bound}", o.dual_bound);
        assert!(o.dual_bound <= optimum + 1e-6 * optimum.abs());
        assert!(o.objective >= optimum - 1e-6 * optimum.abs());
        assert!(relative_gap(o.objective, o.dual_bound) <= gap + 1e-12);
        assert!((o.mip_gap - relative_gap(o.objective, o.dual_bound)).abs() <= 1e-9);
    }
}

/// A round solved with every move and priced: both plans, or `None` when both fail,
/// which they must alike (the same message).
fn both_ways(
    seed: u64,
    solve: impl Fn(Pricing) -> rotation::Result<rotation::round::run::PlanOutcome>,
) -> Option<(
    rotation::round::run::PlanOutcome,
    rotation::round::run::PlanOutcome,
)> {
    match (solve(Pricing::Off), solve(Pricing::From(1))) {
        (Ok(all), Ok(priced)) => Some((all, priced)),
        (Err(a), Err(p)) => {
            assert_eq!(a.to_string(), p.to_string(), "seed {seed}");
            None
        }
        (a, p) => panic!(
            "seed {seed}: every move {:?}, priced {:?}",
            a.map(|o| o.objective),
            p.map(|o| o.objective)
        ),
    }
}

/// The priced plan breaks no hard rule and costs what the full model's optimum
/// (`all`) costs, and its bound is no higher.
fn priced_as_the_full_model(
    seed: u64,
    county: &County,
    policy: &Policy,
    all: &rotation::round::run::PlanOutcome,
    priced: &rotation::round::run::PlanOutcome,
) {
    let eligibility = rotation::rules::eligibility::county_eligibility(county, policy);
    let broken: Vec<_> =
        rotation::rules::verify::verify(county, policy, &eligibility, &priced.moves)
            .into_iter()
            .filter(|v| !v.rule().is_target())
            .collect();
    assert!(broken.is_empty(), "seed {seed}: {broken:?}");
    let tol = 1e-6 * all.objective.abs().max(1.0);
    assert!(
        (all.objective - priced.objective).abs() <= tol,
        "seed {seed}: every move {}, priced {}",
        all.objective,
        priced.objective
    );
    assert!(
        priced.solve.dual_bound <= all.objective + tol,
        "seed {seed}"
    );
}

/// A generated county of 400–1,150 teachers under `base` with one rule changed by
/// `seed`, and one to three pins (`move_to`, `move`, `stay`) on random teachers with
/// an allowed school.
fn pinned_round(base: &Policy, seed: u64) -> (County, Policy, rotation::model::pins::Pins) {
    use rand::{Rng, SeedableRng};
    use rotation::model::pins::{Pin, PinAction, Pins};
    use rotation::rules::candidates::move_allowed;
    use rotation::rules::eligibility::county_eligibility;
    let county = generate(&GeneratorSpec::sized(
        400 + 50 * (seed % 16) as usize,
        8 + (seed % 5) as usize,
        seed,
    ));
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut policy = base.clone();
    policy.rules.direction = [Direction::CrossZone, Direction::Any][rng.random_range(0..2)];
    policy.rules.partnership = [
        PartnershipRule::Require,
        PartnershipRule::Prefer,
        PartnershipRule::Ignore,
    ][rng.random_range(0..3)];
    policy.rules.max_commute_km = [12.0, 20.0, 40.0][rng.random_range(0..3)];
    policy.rules.staffing_tolerance = rng.random_range(0..2);
    policy.rules.subject_tolerance = rng.random_range(0..2);
    let eligibility = county_eligibility(&county, &policy);
    let movable: Vec<(usize, Vec<usize>)> = (0..county.teachers.len())
        .filter(|&t| eligibility[t].is_eligible())
        .map(|t| {
            let to = (0..county.schools.len())
                .filter(|&s| move_allowed(&county, &policy, t, s).is_ok())
                .collect::<Vec<_>>();
            (t, to)
        })
        .filter(|(_, to)| !to.is_empty())
        .collect();
    let mut pins = Pins {
        file: "pins.csv".into(),
        pins: Vec::new(),
    };
    let kinds = 1 + (seed % 3) as usize;
    for k in 0..kinds {
        let (t, to) = &movable[rng.random_range(0..movable.len())];
        if pins.of_teacher(*t).is_some() {
            continue;
        }
        let action = match k {
            0 => PinAction::MoveTo(to[rng.random_range(0..to.len())]),
            1 => PinAction::Move,
            _ => PinAction::Stay,
        };
        pins.pins.push(Pin {
            teacher: *t,
            action,
            line: 2 + k,
        });
    }
    (county, policy, pins)
}

/// Pins of every kind (`move_to`, `move`, `stay`) on priced rounds: the priced plan
/// honours them, breaks no hard rule and costs what the full model's optimum costs;
/// a round the pins make impossible fails alike both ways. Pricing really runs (its
/// rounds, not the full model it hands a round to when the rounds end leaning on an
/// elastic) on every round with a plan, the one whose pinned teacher only a chain of
/// moves can replace included.
#[test]
fn pinned_rounds_priced_match_the_full_model() {
    let base = Policy::read(&model("haiyan-2022")).unwrap();
    let exact = SolveOptions {
        gap: 0.0,
        ..SolveOptions::default()
    };
    let (mut priced_rounds, mut planned, mut handed_over) = (0, 0, Vec::new());
    let mut refused = Vec::new();
    let mut opened = Vec::new();
    // Seed 65: the one county of 300 tried whose pinned teacher no colleague of their
    // subject may replace directly (a chain of moves must): its first restricted LP
    // had no solution before the elastics (`Layout::push_elastic`), and the round
    // solved the full model. Seed 149: a pin that cannot hold, the same message both
    // ways (priced, the rounds end leaning on an elastic and hand the round over).
    for seed in (1..=16u64).chain([65, 149]) {
        let (county, policy, pins) = pinned_round(&base, seed);
        let policy = &policy;
        let solve = |pricing: Pricing| {
            Round::new(&county, policy)
                .options(exact.clone())
                .pins(&pins)
                .pricing(pricing)
                .plan()
        };
        let Some((all, priced)) = both_ways(seed, solve) else {
            refused.push(seed);
            continue;
        };
        planned += 1;
        let stats = priced.pricing.as_ref().expect("priced");
        if stats.rounds == 0 {
            handed_over.push(seed);
        } else {
            priced_rounds += 1;
        }
        if stats.elastic_opened > 0 {
            opened.push(seed);
        }
        assert!(
            rotation::rules::pins::check(&county, &pins, &priced.moves).is_empty(),
            "seed {seed}: a pin broken"
        );
        priced_as_the_full_model(seed, &county, policy, &all, &priced);
    }
    assert!(
        planned >= 9,
        "only {planned} of 18 pinned rounds had a plan"
    );
    assert!(
        handed_over.is_empty(),
        "rounds with a plan handed over to the full model: {handed_over:?}"
    );
    assert_eq!(priced_rounds, planned);
    assert!(refused.contains(&149), "seed 149's pin held: {refused:?}");
    assert!(
        opened.contains(&65),
        "no restricted LP of seed 65 needed the elastics: {opened:?}"
    );
}

/// With teachers pinned to move, a time limit that ends pricing before its first LP
/// still writes a plan (not an error with nothing written): the swaps pricing started
/// from, each pinned teacher swapped first with a colleague of their subject. The
/// plan honours the pins, breaks no rule and meets the targets.
#[test]
fn out_of_time_with_pins_writes_swaps_that_honour_them() {
    use rotation::model::pins::{Pin, PinAction, Pins};
    use rotation::rules::candidates::move_allowed;
    use rotation::rules::eligibility::county_eligibility;
    use rotation::rules::verify::verify;
    use rotation::solve::highs::{SolveMethod, SolveStatus};
    let county = read_instance(&haiyan_like()).unwrap().county;
    let policy = Policy::read(&model("haiyan-2022")).unwrap();
    let eligibility = county_eligibility(&county, &policy);
    // Two eligible teachers with moves: the first pinned to their last allowed school,
    // the second to move anywhere.
    let mut movable = (0..county.teachers.len()).filter_map(|t| {
        let to: Vec<usize> = (0..county.schools.len())
            .filter(|&s| move_allowed(&county, &policy, t, s).is_ok())
            .collect();
        (eligibility[t].is_eligible() && !to.is_empty()).then_some((t, to))
    });
    let (first, to) = movable.next().unwrap();
    let (second, _) = movable.nth(40).unwrap();
    let pins = Pins {
        file: "pins.csv".into(),
        pins: vec![
            Pin {
                teacher: first,
                action: PinAction::MoveTo(*to.last().unwrap()),
                line: 2,
            },
            Pin {
                teacher: second,
                action: PinAction::Move,
                line: 3,
            },
        ],
    };
    let out = Round::new(&county, &policy)
        .options(SolveOptions {
            time_limit: Some(1e-9),
            ..SolveOptions::default()
        })
        .pins(&pins)
        .pricing(Pricing::From(rotation::solve::pricing::START_NEAREST))
        .plan()
        .unwrap();
    assert_eq!(out.solve.method, SolveMethod::StartingSwaps);
    assert_eq!(out.solve.status, SolveStatus::TimeLimit);
    assert!(rotation::rules::pins::check(&county, &pins, &out.moves).is_empty());
    assert!(verify(&county, &policy, &eligibility, &out.moves).is_empty());
    assert!(out.target_violations.is_empty());
}

/// Pinned rounds whose time limit ends before any solve (a nanosecond), with every
/// move and priced: a plan is written wherever the round has one (the swaps, or the
/// pinned teachers' moves and the chains that refill their posts, `solve::refill`,
/// with their shortfall), and it honours every pin and keeps every hard rule; where
/// the pins cannot hold, nothing is written.
#[test]
fn pinned_rounds_out_of_time_write_a_plan_that_honours_the_pins() {
    use rotation::solve::highs::{SolveMethod, SolveStatus};
    let base = Policy::read(&model("haiyan-2022")).unwrap();
    let (mut planned, mut written, mut refilled) = (0, 0, Vec::new());
    for seed in (1..=24u64).chain([65, 149]) {
        let (county, policy, pins) = pinned_round(&base, seed);
        let round = |options: SolveOptions, pricing: Pricing| {
            Round::new(&county, &policy)
                .options(options)
                .pins(&pins)
                .pricing(pricing)
                .plan()
        };
        let has_plan = round(SolveOptions::default(), Pricing::Off).is_ok();
        planned += usize::from(has_plan);
        for pricing in [Pricing::Off, Pricing::From(1)] {
            let late = SolveOptions {
                time_limit: Some(1e-9),
                ..SolveOptions::default()
            };
            let Ok(out) = round(late, pricing) else {
                continue;
            };
            assert!(
                has_plan,
                "seed {seed}: a plan where the full model has none"
            );
            written += usize::from(pricing == Pricing::Off);
            assert_eq!(out.solve.status, SolveStatus::TimeLimit, "seed {seed}");
            if out.solve.method == SolveMethod::RefilledPosts && !refilled.contains(&seed) {
                refilled.push(seed);
            }
            assert!(
                rotation::rules::pins::check(&county, &pins, &out.moves).is_empty(),
                "seed {seed}: a pin broken"
            );
            let eligibility = rotation::rules::eligibility::county_eligibility(&county, &policy);
            let broken: Vec<_> =
                rotation::rules::verify::verify(&county, &policy, &eligibility, &out.moves)
                    .into_iter()
                    .filter(|v| !v.rule().is_target())
                    .collect();
            assert!(broken.is_empty(), "seed {seed}: {broken:?}");
        }
    }
    eprintln!("{planned} pinned rounds with a plan, {written} written out of time; refilled: {refilled:?}");
    // Measured: 14 of the 17 with a plan written, 5 of them refilled (seeds 3, 7, 8,
    // 9, 16). In the other three (14, 22, 65) a pinned teacher the balance indicator
    // counts leaves a school no such colleague can be sent back to by a chain, and
    // the backbone CV would rise: the round still ends at the time limit there.
    assert!(written * 4 >= planned * 3, "{written} of {planned}");
    assert!(refilled.len() >= 3, "refilled: {refilled:?}");
}

/// This year's returns on priced rounds: each return moves its teacher home, so
/// nobody moving may break a staffing or subject row (the restricted LP has its
/// elastics ready, `Layout::push_elastic`). The priced plan breaks no hard rule and costs
/// what the full model's optimum costs, and pricing ran on every round with a plan;
/// a round the returns make impossible fails alike both ways.
#[test]
fn rounds_with_returns_priced_match_the_full_model() {
    use rand::{Rng, SeedableRng};
    use rotation::model::history::{History, Stint};
    use rotation::model::policy::OnTermEnd;
    use rotation::rules::terms::round_county;
    let mut base = Policy::read(&model("haiyan-2022")).unwrap();
    base.rules.term_years = Some(3);
    base.rules.on_term_end = OnTermEnd::Return;
    let exact = SolveOptions {
        gap: 0.0,
        ..SolveOptions::default()
    };
    let (mut planned, mut priced_rounds, mut returns_seen) = (0, 0, 0);
    for seed in 1..=10u64 {
        let county = generate(&GeneratorSpec::sized(
            400 + 50 * (seed % 8) as usize,
            8 + (seed % 4) as usize,
            seed,
        ));
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut policy = base.clone();
        policy.rules.staffing_tolerance = rng.random_range(0..2);
        policy.rules.subject_tolerance = rng.random_range(0..2);
        // One to three teachers at their host school since three years ago, each
        // from another school: their terms end, and they go home.
        let mut stints = Vec::new();
        for k in 0..1 + (seed % 3) as usize {
            let t = rng.random_range(0..county.teachers.len());
            let host = county.teachers[t].school;
            let home =
                (host + 1 + rng.random_range(0..county.schools.len() - 1)) % county.schools.len();
            if stints.iter().any(|s: &Stint| s.teacher == t) {
                continue;
            }
            stints.push(Stint {
                teacher: t,
                from: home,
                to: host,
                start_year: policy.year - 3,
                end_year: None,
                line: 2 + k,
            });
        }
        let history = History {
            file: "history.csv".into(),
            stints,
        };
        let county = round_county(&county, Some(&history), &policy).unwrap();
        assert!(!county.history.returns.is_empty(), "seed {seed}: no return");
        returns_seen += county.history.returns.len();
        let policy = &policy;
        let solve = |pricing: Pricing| {
            Round::new(&county, policy)
                .options(exact.clone())
                .pricing(pricing)
                .plan()
        };
        let Some((all, priced)) = both_ways(seed, solve) else {
            continue;
        };
        planned += 1;
        if priced.pricing.as_ref().expect("priced").rounds > 0 {
            priced_rounds += 1;
        }
        priced_as_the_full_model(seed, &county, policy, &all, &priced);
    }
    assert!(returns_seen >= 15, "{returns_seen} returns");
    assert!(
        planned >= 6,
        "only {planned} of 10 rounds with returns had a plan"
    );
    assert_eq!(
        priced_rounds, planned,
        "rounds with a plan handed to the full model"
    );
}
