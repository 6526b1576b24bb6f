//! Property tests of why an eligible teacher stays (`rules::stay`), on small random
//! counties planned by the real solver: every eligible teacher the plan does not move
//! gets exactly one reason, and each reason is checked here by brute force against
//! the plan and the rules, independently of how the library found it (the school at
//! its cap is recounted, every school is tried for "no allowed school", the takeover
//! is rebuilt and re-verified, and on an optimal plan it never saves cost).

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rotation::model::county::*;
use rotation::model::groups::Partnership;
use rotation::model::moves::Move;
use rotation::model::pins::{Pin, PinAction, Pins};
use rotation::model::policy::*;
use rotation::model::shares::floor_share;
use rotation::round::run::Round;
use rotation::rules::candidates::{move_allowed, move_cost};
use rotation::rules::eligibility::county_eligibility;
use rotation::rules::stay::{stay_reasons, StayReason};
use rotation::rules::verify::verify;
use rotation::solve::highs::{SolveOptions, SolveStatus};

const SUBJECTS: &[&str] = &["math", "chinese", "music"];

fn random_county(rng: &mut ChaCha8Rng) -> County {
    let n_schools = rng.random_range(2..=4);
    let schools: Vec<School> = (0..n_schools)
        .map(|i| School {
            id: SchoolId(format!("S{i}")),
            name: format!("school {i}"),
            zone: if i % 2 == 0 { Zone::Urban } else { Zone::Rural },
            level: match rng.random_range(0..12) {
                0 => Level::Special,
                1 => Level::NineYear,
                _ => Level::Primary,
            },
            students: rng.random_range(50..500),
            position: Position::Grid {
                x_km: rng.random_range(0..30) as f64,
                y_km: rng.random_range(0..30) as f64,
            },
        })
        .collect();
    let mut partnerships = Vec::new();
    for a in 0..n_schools {
        for b in a + 1..n_schools {
            if rng.random_bool(0.5) {
                partnerships.push(Partnership {
                    school_a: a,
                    school_b: b,
                    kind: "1+X".into(),
                });
            }
        }
    }
    let n_teachers = rng.random_range(6..=14);
    let teachers = (0..n_teachers)
        .map(|i| Teacher {
            id: TeacherId(format!("T{i}")),
            name: String::new(),
            school: rng.random_range(0..n_schools),
            subject: SUBJECTS[rng.random_range(0..SUBJECTS.len())].into(),
            gender: Gender::F,
            birth_year: 1985,
            years_at_school: if rng.random_bool(0.7) { 8 } else { 2 },
            backbone: if rng.random_bool(0.3) {
                Backbone::County
            } else {
                Backbone::None
            },
            title: Title::Intermediate,
            homeroom: rng.random_bool(0.2),
            graduating: false,
            exempt: None,
            home: rng.random_bool(0.4).then(|| Position::Grid {
                x_km: rng.random_range(-30..60) as f64,
                y_km: rng.random_range(0..30) as f64,
            }),
            degree: None,
        })
        .collect();
    County::new(schools, teachers, partnerships)
}

fn random_policy(rng: &mut ChaCha8Rng) -> Policy {
    let mut p = Policy::default();
    p.targets.exchange_rate = rng.random_range(1..=6) as f64 / 10.0;
    p.targets.backbone_share = rng.random_range(0..=6) as f64 / 20.0;
    p.rules.direction = if rng.random_bool(0.6) {
        Direction::CrossZone
    } else {
        Direction::Any
    };
    p.rules.partnership = [
        PartnershipRule::Require,
        PartnershipRule::Prefer,
        PartnershipRule::Ignore,
    ][rng.random_range(0..3)];
    p.rules.outflow_cap = [0.25, 0.34, 0.5, 1.0][rng.random_range(0..4)];
    p.rules.max_commute_km = [15.0, 25.0, 40.0][rng.random_range(0..3)];
    p.rules.staffing_tolerance = [0, 0, 1][rng.random_range(0..3)];
    p.rules.subject_tolerance = [0, 0, 1][rng.random_range(0..3)];
    p.balance.backbone_cv = [CvRule::NeverWorse, CvRule::Off][rng.random_range(0..2)];
    p
}

fn rules_of(county: &County, policy: &Policy, moves: &[Move]) -> Vec<String> {
    let e = county_eligibility(county, policy);
    let mut v: Vec<String> = verify(county, policy, &e, moves)
        .iter()
        .map(|v| format!("{:?}", v.rule()))
        .collect();
    v.sort();
    v
}

/// Checks every stay reason of one random round; `Ok(false)` when the round had no
/// proven optimal plan to check.
fn check(seed: u64) -> Result<bool, TestCaseError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let county = random_county(&mut rng);
    let policy = random_policy(&mut rng);
    let eligibility = county_eligibility(&county, &policy);
    let eligible: Vec<usize> = (0..county.teachers.len())
        .filter(|&t| eligibility[t].is_eligible())
        .collect();
    // Sometimes the bureau pins an eligible teacher to stay.
    let pins = (rng.random_bool(0.3) && !eligible.is_empty()).then(|| Pins {
        file: "pins.csv".into(),
        pins: vec![Pin {
            teacher: eligible[rng.random_range(0..eligible.len())],
            action: PinAction::Stay,
            line: 2,
        }],
    });
    let options = SolveOptions {
        gap: 0.0,
        ..SolveOptions::default()
    };
    let mut round = Round::new(&county, &policy).options(options);
    if let Some(p) = &pins {
        round = round.pins(p);
    }
    let Ok(outcome) = round.plan() else {
        return Ok(false);
    };
    if outcome.solve.status != SolveStatus::Optimal {
        return Ok(false);
    }
    let moves = &outcome.moves;
    let stayed = stay_reasons(&county, &policy, &eligibility, pins.as_ref(), moves);
    prop_assert_eq!(&stayed, &outcome.stayed, "the round gives the same reasons");
    // Exactly the eligible teachers who do not move, once each, in teacher order.
    let expected: Vec<usize> = eligible
        .iter()
        .copied()
        .filter(|&t| !moves.iter().any(|m| m.teacher == t))
        .collect();
    let got: Vec<usize> = stayed.iter().map(|s| s.teacher).collect();
    prop_assert_eq!(got, expected, "seed {}", seed);
    let staff = county.staff();
    let cost = |t: usize, s: usize, km: f64| move_cost(&county, &policy, t, s, km);
    let pinned_stay = |t: usize| {
        pins.as_ref()
            .and_then(|p| p.of_teacher(t))
            .map(|p| p.action)
            == Some(PinAction::Stay)
    };
    let plan_rules = rules_of(&county, &policy, moves);
    for s in &stayed {
        let t = s.teacher;
        let teacher = &county.teachers[t];
        let allowed: Vec<(usize, f64)> = (0..county.schools.len())
            .filter_map(|x| move_allowed(&county, &policy, t, x).ok().map(|km| (x, km)))
            .collect();
        let leavers: Vec<&Move> = moves
            .iter()
            .filter(|m| county.teachers[m.teacher].school == teacher.school)
            .collect();
        prop_assert_eq!(
            pinned_stay(t),
            s.reason == StayReason::Pinned,
            "seed {}",
            seed
        );
        match &s.reason {
            StayReason::Pinned => {}
            StayReason::NoCompatibleSchool { .. } | StayReason::BeyondCommuteCap { .. } => {
                prop_assert!(
                    allowed.is_empty(),
                    "seed {seed}: {:?} has {allowed:?}",
                    s.reason
                );
            }
            StayReason::OutflowCap {
                leave,
                cap,
                staff: n,
                ..
            } => {
                let cap_now = floor_share(policy.rules.outflow_cap, staff[teacher.school]);
                prop_assert_eq!(*leave as usize, leavers.len());
                prop_assert_eq!(*cap, cap_now);
                prop_assert_eq!(*n, staff[teacher.school]);
                prop_assert!(
                    leavers.len() as u32 >= cap_now,
                    "seed {}: not at the cap",
                    seed
                );
            }
            StayReason::NoReplacement { .. } => {
                let lost = leavers
                    .iter()
                    .filter(|m| county.teachers[m.teacher].subject == teacher.subject)
                    .count() as i64
                    - moves
                        .iter()
                        .filter(|m| {
                            m.to == teacher.school
                                && county.teachers[m.teacher].subject == teacher.subject
                        })
                        .count() as i64;
                prop_assert!(
                    lost >= policy.rules.subject_tolerance as i64,
                    "seed {}",
                    seed
                );
                for (o, other) in county.teachers.iter().enumerate() {
                    if other.school != teacher.school
                        && other.subject == teacher.subject
                        && eligibility[o].is_eligible()
                        && !pinned_stay(o)
                    {
                        prop_assert!(
                            move_allowed(&county, &policy, o, teacher.school).is_err(),
                            "seed {seed}: {} could take the post",
                            other.id
                        );
                    }
                }
            }
            StayReason::Costlier {
                colleague,
                school,
                own,
                theirs,
                extra,
            } => {
                let c = county
                    .teachers
                    .iter()
                    .position(|x| &x.id.0 == colleague)
                    .unwrap();
                let to = county.school_index(school).unwrap();
                let m = moves
                    .iter()
                    .position(|m| m.teacher == c && m.to == to)
                    .unwrap();
                let km = move_allowed(&county, &policy, t, to).expect("an allowed takeover");
                // The plan with this teacher in the colleague's place keeps every rule
                // the plan keeps.
                let mut swapped = moves.clone();
                swapped[m] = Move { teacher: t, to, km };
                prop_assert_eq!(
                    rules_of(&county, &policy, &swapped),
                    plan_rules.clone(),
                    "seed {}",
                    seed
                );
                prop_assert!((own - cost(t, to, km)).abs() < 1e-9);
                prop_assert!((theirs - cost(c, to, moves[m].km)).abs() < 1e-9);
                prop_assert!((extra - (own - theirs)).abs() < 1e-9);
                // The plan is optimal: handing the move over never saves cost.
                prop_assert!(*extra >= -1e-6, "seed {seed}: a cheaper takeover {extra}");
            }
            StayReason::NeedsMoreMoves { cheapest, .. } => {
                prop_assert!(!allowed.is_empty());
                let min = allowed
                    .iter()
                    .map(|&(x, km)| cost(t, x, km))
                    .fold(f64::INFINITY, f64::min);
                prop_assert!((cheapest - min).abs() < 1e-9);
                // No colleague's move of the same subject could be handed over.
                for m in &leavers {
                    let c = &county.teachers[m.teacher];
                    prop_assert!(
                        c.subject != teacher.subject
                            || c.backbone.is_backbone() != teacher.backbone.is_backbone()
                            || !allowed.iter().any(|&(x, _)| x == m.to),
                        "seed {seed}: {} could take over {}'s move",
                        teacher.id,
                        c.id
                    );
                }
            }
            // Never from `stay_reasons`: the plan alone does not say it was written for
            // lack of time (only the round knows).
            StayReason::NoPlanInTime { .. } => {
                prop_assert!(false, "seed {seed}: no time limit, yet {:?}", s.reason);
            }
            // Only a member of an exchange team stays with their team.
            StayReason::WithTeam { team, .. } => {
                prop_assert!(county.exchange_teams.by_name(team).is_some());
            }
            // Only a joint teacher stays for a joint appointment, named at both schools.
            StayReason::JointAppointment { school, second } => {
                let j = county.joint.second_school(t);
                prop_assert_eq!(j.map(|j| &county.schools[j].id.0), Some(second));
                prop_assert_eq!(&county.schools[teacher.school].id.0, school);
            }
        }
    }
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn every_eligible_teacher_who_stays_has_one_reason_consistent_with_the_plan(seed in any::<u64>()) {
        check(seed)?;
    }
}

/// The properties are not vacuous: over many seeds each reason is produced.
#[test]
fn the_random_rounds_produce_every_reason() {
    let mut seen = std::collections::BTreeSet::new();
    let mut checked = 0;
    for seed in 0..400u64 {
        if check(seed).expect("consistent reasons") {
            checked += 1;
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let county = random_county(&mut rng);
        let policy = random_policy(&mut rng);
        let e = county_eligibility(&county, &policy);
        if let Ok(o) = Round::new(&county, &policy).plan() {
            for s in stay_reasons(&county, &policy, &e, None, &o.moves) {
                seen.insert(s.reason.key());
            }
        }
    }
    assert!(checked > 100, "only {checked} rounds checked");
    for key in [
        "no_compatible_school",
        "beyond_commute_cap",
        "outflow_cap",
        "no_replacement",
        "costlier",
        "needs_more_moves",
    ] {
        assert!(seen.contains(key), "{key} never produced: {seen:?}");
    }
}

/// The round out of time before any plan (a limit no solve can start within): the
/// plan in which nobody moves, and each teacher who could move stays for lack of time
/// (`no_plan_in_time`, their cheapest move named), none because more moves would be
/// needed; the reasons of the rules stand.
#[test]
fn the_plan_in_which_nobody_moves_for_lack_of_time_says_so_per_teacher() {
    use rotation::solve::highs::SolveMethod;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let county = rotation::read_instance(&root.join("instances/haiyan-like"))
        .unwrap()
        .county;
    let policy = Policy::read(&root.join("models/haiyan-2022.toml")).unwrap();
    let outcome = Round::new(&county, &policy)
        .options(SolveOptions {
            time_limit: Some(1e-9),
            ..SolveOptions::default()
        })
        .plan()
        .unwrap();
    assert_eq!(outcome.solve.method, SolveMethod::NobodyMoves);
    assert!(outcome.moves.is_empty());
    let late = outcome
        .stayed
        .iter()
        .filter(|s| matches!(s.reason, StayReason::NoPlanInTime { .. }))
        .count();
    assert!(late > 1000, "{late} of {}", outcome.stayed.len());
    for s in &outcome.stayed {
        assert!(
            !matches!(
                s.reason,
                StayReason::NeedsMoreMoves { .. } | StayReason::Costlier { .. }
            ),
            "{:?}",
            s.reason
        );
    }
    // The same plan read without the round: the reasons of the rules, the same.
    let e = county_eligibility(&county, &policy);
    let alone = stay_reasons(&county, &policy, &e, None, &outcome.moves);
    for (round, plan) in outcome.stayed.iter().zip(&alone) {
        match (&round.reason, &plan.reason) {
            (
                StayReason::NoPlanInTime { school, cheapest },
                StayReason::NeedsMoreMoves {
                    school: s,
                    cheapest: c,
                    ..
                },
            ) => assert_eq!((school, cheapest), (s, c)),
            (a, b) => assert_eq!(a, b),
        }
    }
}
