//! Unit tests of `model_rules`: the rows' decisions on small counties, and the
//! shortfall rounding cut against enumeration.

use super::*;
use crate::model::policy::{BackboneBase, CvRule};
use proptest::prelude::*;

proptest! {
    /// `shortfall_rounding` against enumeration: every whole `(N, B)` that some
    /// `u, v ≥ 0` with `u + v ≤ S` make a plan of the stage keeps the cut, and
    /// under base `exchanged` one of them is on it (where the least movers can
    /// hold that many backbone teachers).
    #[test]
    fn shortfall_rounding_removes_no_whole_point(
        k in 1u32..60,
        share_bp in 0u32..=10_000,
        count in proptest::option::of(0u32..40),
        cap_tenths in 1u32..400,
    ) {
        let share = f64::from(share_bp) / 10_000.0;
        let targets = Targets {
            exchange: k,
            backbone_count: count,
            backbone_share: share,
            eligible: 100,
            eligible_backbone: 40,
        };
        let cap = f64::from(cap_tenths) / 10.0;
        let s = cap + STAGE_SLACK;
        let feasible = |n: u32, b: u32| {
            let u = (f64::from(k) - f64::from(n)).max(0.0);
            let v = match count {
                None => (share * f64::from(n) - f64::from(b)).max(0.0),
                Some(t) => (f64::from(t) - f64::from(b)).max(0.0),
            };
            u + v <= s
        };
        if let Some(rhs) = targets.shortfall_rounding(cap) {
            let mut on_it = false;
            for n in 0..=k + 45 {
                for b in 0..=n {
                    if feasible(n, b) {
                        let lhs = f64::from(n + b);
                        prop_assert!(lhs >= rhs - 1e-9, "N {n} B {b}: {lhs} < {rhs}");
                        on_it |= (lhs - rhs).abs() < 1e-9;
                    }
                }
            }
            // Under base `exchanged`, `N0` movers with `⌈share · N0 − e⌉` backbone
            // teachers among them are such a point.
            let n0 = f64::from(k) - s.floor();
            if count.is_none() && rhs <= 2.0 * n0 {
                prop_assert!(on_it, "no whole point on N + B = {rhs}");
            }
        }
    }
}
use crate::rules::candidates::candidates;
use crate::rules::eligibility::county_eligibility;

fn tiny() -> County {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/tiny");
    crate::input::instance::read_instance(&dir)
        .expect("tiny")
        .county
}

fn rules(county: &County, policy: &Policy) -> (ModelRules, Candidates) {
    let cands = candidates(county, policy, &county_eligibility(county, policy));
    (ModelRules::new(county, policy, &cands), cands)
}

/// `b(t)`: 1 for a backbone teacher.
fn b(county: &County, t: usize) -> f64 {
    f64::from(u8::from(county.teachers[t].backbone.is_backbone()))
}

fn mv(teacher: usize, school: usize) -> Candidate {
    Candidate {
        teacher,
        school,
        km: 0.0,
        cross_group: false,
        cost: 0.0,
    }
}

#[test]
fn teacher_runs_are_the_groups_of_moves() {
    let moves = [mv(2, 0), mv(2, 1), mv(5, 0), mv(7, 1), mv(7, 2), mv(7, 3)];
    let runs: Vec<_> = teacher_runs(&moves).collect();
    assert_eq!(runs, vec![(2, 0..2), (5, 2..3), (7, 3..6)]);
    assert_eq!(teacher_runs(&[]).count(), 0);
}

#[test]
fn rows_bound_their_activity() {
    let inf = f64::INFINITY;
    assert_eq!(Row::ge(3.0).bounds(), (3.0, inf));
    assert_eq!(Row::le(1.0).bounds(), (-inf, 1.0));
    assert_eq!(Row::eq(0.0).bounds(), (0.0, 0.0));
}

#[test]
fn zero_tolerances_give_subject_equalities_and_no_staffing_rows() {
    let county = tiny();
    let policy = Policy::default();
    let (r, cands) = rules(&county, &policy);
    assert!(r.subject_equalities);
    assert!(r.staffing.iter().all(Option::is_none));
    // Every (school, subject) a move touches, arriving or leaving, is an equality.
    for m in &cands.moves {
        let from = county.teachers[m.teacher].school;
        for s in [m.school, from] {
            assert_eq!(
                r.subject_row[r.subject_cell(s, m.teacher)],
                Some(Row::eq(0.0))
            );
        }
    }
    // Base `exchanged`: a backbone teacher counts 1 − share, any other −share.
    for t in 0..county.teachers.len() {
        assert_eq!(
            r.backbone_coef[t],
            b(&county, t) - policy.targets.backbone_share
        );
    }
    assert_eq!(r.backbone, Row::ge(0.0));
    // Cross-zone, headcounts kept: the parity cut exactly when K is odd.
    let k = r.targets.exchange;
    let cut = (k % 2 == 1).then(|| Row::ge(k.div_ceil(2) as f64));
    assert_eq!(r.parity, cut);
}

/// Subject tolerance 0 keeps every (school, subject)'s headcount whatever the staffing
/// tolerance (the net changes of a subject sum to zero over the county, none may be
/// negative): the equalities, no staffing rows, and under `cross_zone` the parity cut,
/// exactly as at tolerance 0.
#[test]
fn subject_tolerance_zero_keeps_headcounts_whatever_the_staffing_tolerance() {
    let county = tiny();
    let exact = rules(&county, &Policy::default()).0;
    assert!(exact.parity.is_some(), "an odd target: the cut is written");
    for staffing in [1, 3] {
        let mut policy = Policy::default();
        policy.rules.staffing_tolerance = staffing;
        let (r, _) = rules(&county, &policy);
        assert!(r.subject_equalities);
        assert!(r.staffing.iter().all(Option::is_none));
        assert_eq!(r.subject_row, exact.subject_row);
        assert_eq!(r.parity, exact.parity);
        // A subject tolerance with the staffing rule exact: the parity holds still.
        policy.rules.staffing_tolerance = 0;
        policy.rules.subject_tolerance = staffing;
        let (r, _) = rules(&county, &policy);
        assert!(!r.subject_equalities);
        assert_eq!(r.parity, exact.parity);
    }
}

/// Returns are fixed flows across the zones: `N = 2H − r_U`, so the parity cut reads
/// `H + u ≥ ⌈(K + r_U)/2⌉` (written where `K + r_U` is odd) and the backbone rounding
/// counts from the least `N ≥ K` of the parity of `r_U`. Returns that cancel across
/// the zones change nothing; the departures' reach no longer pairs the zones.
#[test]
fn returns_across_the_zones_shift_the_parity() {
    use crate::model::history::Return;
    let plain = tiny();
    let urban = (0..plain.schools.len())
        .find(|&s| plain.schools[s].zone == Zone::Urban)
        .expect("an urban school");
    let rural = (0..plain.schools.len())
        .find(|&s| plain.schools[s].zone != Zone::Urban)
        .expect("a rural school");
    let mut seen = [false; 2];
    for rate in 1..=9 {
        let mut policy = Policy::default();
        policy.targets.exchange_rate = f64::from(rate) / 10.0;
        let before = rules(&plain, &policy).0;
        let k = before.targets.exchange;
        let share = policy.targets.backbone_share;
        let rounding = |n: u32| {
            let b = ceil_share(share, n);
            ((share * f64::from(n) - f64::from(b)).abs() > 1e-9).then(|| Row::ge(f64::from(b)))
        };
        // One teacher comes home to an urban school from a rural host: r_U = 1.
        let mut county = plain.clone();
        county.history.returns.push(Return {
            teacher: 0,
            host: rural,
            home: urban,
        });
        let (r, _) = rules(&county, &policy);
        assert_eq!(r.targets.exchange, k);
        let cut = k.is_multiple_of(2).then(|| Row::ge(f64::from(k / 2 + 1)));
        assert_eq!(r.parity, cut, "K = {k}, r_U = 1");
        let n_min = if k.is_multiple_of(2) { k + 1 } else { k };
        assert_eq!(r.backbone_rounding, rounding(n_min), "K = {k}, r_U = 1");
        assert!(!r.zones_paired);
        seen[(k % 2) as usize] = true;
        // And one back the other way: r_U = 0, the rows of a county without returns.
        county.history.returns.push(Return {
            teacher: 1,
            host: urban,
            home: rural,
        });
        let (r, _) = rules(&county, &policy);
        assert_eq!(r.parity, before.parity, "K = {k}, r_U = 0");
        assert_eq!(r.backbone_rounding, before.backbone_rounding);
        // One going home to a rural school from an urban host: r_U = −1, the sign
        // `solve::parity` reads; with a staffing tolerance the subject rule keeps the
        // headcounts all the same.
        let mut county = plain.clone();
        county.history.returns.push(Return {
            teacher: 0,
            host: urban,
            home: rural,
        });
        let (cut, _) = crate::solve::parity::parity_bounds(k, -1);
        for staffing in [0, 1] {
            policy.rules.staffing_tolerance = staffing;
            let (r, _) = rules(&county, &policy);
            assert_eq!(
                r.parity,
                cut.map(|c| Row::ge(f64::from(c))),
                "K = {k}, r_U = −1"
            );
        }
    }
    assert_eq!(seen, [true, true], "targets of both parities");
}

#[test]
fn tolerances_give_ranges_where_teachers_leave() {
    let county = tiny();
    let mut policy = Policy::default();
    policy.rules.staffing_tolerance = 1;
    policy.rules.subject_tolerance = 2;
    policy.targets.backbone_base = BackboneBase::EligibleBackbone;
    let (r, cands) = rules(&county, &policy);
    assert!(!r.subject_equalities);
    assert!(r.parity.is_none(), "headcounts may change: no parity cut");
    let mut departs = vec![false; r.subject_row.len()];
    for m in &cands.moves {
        let from = county.teachers[m.teacher].school;
        assert_eq!(r.staffing[from], Some((Row::le(1.0), Row::ge(-1.0))));
        departs[r.subject_cell(from, m.teacher)] = true;
    }
    for (k, &d) in departs.iter().enumerate() {
        assert_eq!(r.subject_row[k], d.then(|| Row::ge(-2.0)));
    }
    let count = r
        .targets
        .backbone_count
        .expect("a count under eligible_backbone");
    assert_eq!(r.backbone, Row::ge(count as f64));
    for t in 0..county.teachers.len() {
        assert_eq!(r.backbone_coef[t], b(&county, t));
    }
}

#[test]
fn once_rows_for_several_moves_or_a_pin() {
    let county = tiny();
    let policy = Policy::default();
    let (_, mut cands) = rules(&county, &policy);
    let (multi, run) = teacher_runs(&cands.moves)
        .find(|(_, run)| run.len() > 1)
        .expect("a teacher with several candidate moves in tiny");
    let r = ModelRules::new(&county, &policy, &cands);
    assert_eq!(r.once[multi], Some(Row::le(1.0)));
    // Left with one candidate (as in a restricted model), its bound suffices ...
    cands.moves.drain(run.start + 1..run.end);
    let r = ModelRules::new(&county, &policy, &cands);
    assert_eq!(r.once[multi], None);
    // ... unless the teacher is pinned to move.
    cands.must_move = vec![multi];
    let r = ModelRules::new(&county, &policy, &cands);
    assert_eq!(r.once[multi], Some(Row::eq(1.0)));
}

#[test]
fn outflow_rows_only_where_the_cap_binds() {
    let county = tiny();
    let (r, _) = rules(&county, &Policy::default());
    for s in 0..county.schools.len() {
        let binds = r.movable[s] > r.outflow_cap[s];
        assert_eq!(r.outflow_row(s).is_some(), binds);
        assert_eq!(r.departures_max(s), r.movable[s].min(r.outflow_cap[s]));
    }
}

/// The check's balance rows alone are the whole model's, under every CV rule, with a
/// cap and a floor, and with outflow caps tight enough to bound the count changes;
/// without a balance rule there are none.
#[test]
fn the_balance_rows_alone_are_the_models() {
    let county = tiny();
    let mut seen_rows = 0;
    for rule in [CvRule::NeverWorse, CvRule::Improve, CvRule::Off] {
        for (cap, floor) in [(None, None), (Some(0.2), None), (None, Some(1.5))] {
            for outflow in [0.1, 1.0] {
                let mut policy = Policy::default();
                policy.balance.backbone_cv = rule;
                policy.balance.cv_primary_max = cap;
                policy.balance.min_backbone_per_100 = floor;
                policy.rules.outflow_cap = outflow;
                let (whole, cands) = rules(&county, &policy);
                let alone = ModelRules::balance_rows(&county, &policy, &cands);
                assert_eq!(alone, whole.balance, "{rule:?} {cap:?} {floor:?} {outflow}");
                // The check's reward rows: these under `improve`, else none, whose
                // reward is then the same 0 as the whole rows'.
                let reward = ModelRules::reward_rows(&county, &policy, &cands);
                if rule == CvRule::Improve {
                    assert_eq!(reward, alone);
                } else {
                    assert_eq!(reward, BalanceRows::default());
                    assert_eq!(alone.reward_scale(), 0.0);
                }
                seen_rows += usize::from(alone != BalanceRows::default());
            }
        }
    }
    assert!(seen_rows > 0, "some policy has balance rows on tiny");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// `exchange_out_of_reach` against HiGHS: where it says no plan meets the exchange
    /// target, the least exchange shortfall of the met stage's relaxation (with the
    /// backbone target and the balance rules off, so that nothing else makes it
    /// infeasible) is above 0, under both directions, tolerances 0–2 (the zones are
    /// paired only at tolerance 0) and outflow caps from loose to binding.
    #[test]
    fn an_exchange_out_of_reach_has_no_relaxation(
        big in any::<bool>(),
        cap_pct in 2u32..40,
        rate_pct in 10u32..60,
        paired in any::<bool>(),
        tolerance in 0u32..3,
    ) {
        let county = if big { haiyan_like() } else { tiny() };
        let r = reach(&county, cap_pct, rate_pct, paired, tolerance);
        prop_assert!(
            !r.out_of_reach || r.least_shortfall > 1e-6,
            "out of reach, yet the relaxation moves {} short",
            r.least_shortfall
        );
    }
}

/// What the check and HiGHS say of a generated county.
struct Reach {
    out_of_reach: bool,
    zones_paired: bool,
    /// Σ departures_max, and over the urban schools.
    all: f64,
    urban: f64,
    target: f64,
    /// The least `u` of the met stage's relaxation with `u` free.
    least_shortfall: f64,
}

/// The sample county (`instances/haiyan-like`, 4,000 teachers).
fn haiyan_like() -> County {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/haiyan-like");
    crate::input::instance::read_instance(&dir)
        .expect("haiyan-like")
        .county
}

/// `county` under the default policy with the outflow cap, exchange rate, direction
/// (`cross_zone` or `any`) and tolerances given, the backbone target and the balance
/// rules off.
fn reach(county: &County, cap_pct: u32, rate_pct: u32, paired: bool, tolerance: u32) -> Reach {
    use crate::model::policy::Direction;
    use crate::solve::formulation::{formulate, MoveVariables, Stage};
    use crate::solve::highs::{highs_model, SolveOptions};
    let mut policy = Policy::default();
    policy.rules.outflow_cap = f64::from(cap_pct) / 100.0;
    policy.targets.exchange_rate = f64::from(rate_pct) / 100.0;
    policy.targets.backbone_share = 0.0;
    policy.balance.backbone_cv = CvRule::Off;
    policy.rules.staffing_tolerance = tolerance;
    policy.rules.subject_tolerance = tolerance;
    policy.rules.direction = if paired {
        Direction::CrossZone
    } else {
        Direction::Any
    };
    let (r, cands) = rules(county, &policy);
    // The least target shortfall's relaxation: `u` costs 1, the moves nothing.
    let f = formulate(
        county,
        &policy,
        &cands,
        MoveVariables::Relaxed,
        Stage::Targets,
    );
    let model = highs_model(f, &SolveOptions::default()).unwrap();
    let solved = model.try_solve().unwrap();
    assert_eq!(solved.status(), highs::HighsModelStatus::Optimal);
    Reach {
        out_of_reach: r.exchange_out_of_reach(),
        zones_paired: r.zones_paired,
        all: r.departures_reach(false),
        urban: r.departures_reach(true),
        target: r.exchange.rhs,
        least_shortfall: solved.objective_value(),
    }
}

#[test]
fn the_exchange_is_out_of_reach_only_under_tight_caps() {
    let county = haiyan_like();
    // A loose cap and a low rate: in reach, and the relaxation falls short by nothing.
    let r = reach(&county, 40, 10, true, 0);
    assert!(!r.out_of_reach && r.least_shortfall < 1e-6);
    // A 3 % cap under a 50 % rate: out of reach, paired zones or not.
    for paired in [true, false] {
        let r = reach(&county, 3, 50, paired, 0);
        assert!(r.out_of_reach && r.least_shortfall > 1e-6, "{paired}");
    }
    // Only the pairing of the zones says so: the sum of the caps reaches the target,
    // twice the lesser zone's does not.
    let (cap, rate) = PAIRED;
    let r = reach(&county, cap, rate, true, 0);
    assert!(r.zones_paired);
    assert!(r.all >= r.target && 2.0 * r.urban.min(r.all - r.urban) < r.target);
    assert!(r.out_of_reach && r.least_shortfall > 1e-6);
    // The same at tolerance 1: the zones are not paired, and the sum reaches.
    let r = reach(&county, cap, rate, true, 1);
    assert!(!r.zones_paired && !r.out_of_reach);
}

/// A cap and a rate (in %) where only the zones' pairing puts the sample county's
/// exchange out of reach (the first found by a search over caps 3–29 % and rates
/// 10–55 %).
const PAIRED: (u32, u32) = (5, 10);
