//! Property test of the candidate moves (`rules::candidates`): the list the model
//! chooses from is exactly the moves `move_allowed` accepts, teacher by school, with
//! the commute and cost of each (and, under `--candidates K`, each teacher's K nearest
//! of them), on generated counties under every direction, partnership and wish rule,
//! with random wishes and commute caps from none to tight, listed on one thread or
//! split over several as a large county's list is. The list applies the
//! schools' own rules once per pair of schools and the teacher's only for the schools
//! left; this checks every pair of teacher and school against the single move rule
//! `verify` uses.

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rotation::model::county::County;
use rotation::model::policy::{Direction, PartnershipRule, Policy, WishRule};
use rotation::model::wishes::{Wish, WishTarget, Wishes};
use rotation::research::generate::generate;
use rotation::research::generator_spec::{GeneratorSpec, Positions};
use rotation::rules::candidates::{
    candidates_in_parts, candidates_limited, move_allowed, move_cost, CandidateLimit,
};
use rotation::rules::eligibility::county_eligibility;

fn haiyan() -> Policy {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    Policy::read(&root.join("models/haiyan-2022.toml")).unwrap()
}

/// Random wishes: about half the teachers list up to four schools, some with `stay`
/// among them (a school listed after `stay` is not wanted).
fn random_wishes(county: &County, seed: u64) -> Wishes {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let by_teacher = (0..county.teachers.len())
        .map(|t| {
            if rng.random_bool(0.5) {
                return Vec::new();
            }
            let listed = rng.random_range(1..=4);
            (0..listed)
                .map(|i| Wish {
                    teacher: t,
                    rank: i + 1,
                    target: if rng.random_bool(0.15) {
                        WishTarget::Stay
                    } else {
                        WishTarget::School(rng.random_range(0..county.schools.len()))
                    },
                    line: 2 + t,
                })
                .collect()
        })
        .collect();
    Wishes {
        file: "wishes.csv".into(),
        by_teacher,
        points: vec![None; county.teachers.len()],
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_candidates_are_exactly_the_allowed_moves(
        seed in 0u64..1_000_000,
        teachers in 60usize..240,
        schools in 4usize..12,
        cross_zone in any::<bool>(),
        partnership in prop_oneof![
            Just(PartnershipRule::Require),
            Just(PartnershipRule::Prefer),
            Just(PartnershipRule::Ignore),
        ],
        commute_km in prop_oneof![Just(1000.0), 3.0f64..40.0],
        latlon in any::<bool>(),
        wishes in prop_oneof![
            Just(None),
            Just(Some(WishRule::Prefer)),
            Just(Some(WishRule::Only)),
        ],
        nearest in prop_oneof![Just(None), (1usize..5).prop_map(Some)],
        parts in prop_oneof![Just(None), (1usize..13).prop_map(Some)],
    ) {
        let mut spec = GeneratorSpec::sized(teachers, schools, seed);
        if latlon {
            spec.positions = Positions::LatLon;
        }
        let mut county = generate(&spec);
        let mut policy = haiyan();
        if let Some(rule) = wishes {
            county.wishes = random_wishes(&county, seed);
            policy.rules.wishes = rule;
        }
        policy.rules.direction = if cross_zone { Direction::CrossZone } else { Direction::Any };
        policy.rules.partnership = partnership;
        policy.rules.max_commute_km = commute_km;
        let eligibility = county_eligibility(&county, &policy);
        let limit = nearest.map_or(CandidateLimit::All, CandidateLimit::Nearest);
        // The list as a county of this size gets it (one thread), or split over
        // several threads as a large county's is.
        let cands = match parts {
            None => candidates_limited(&county, &policy, &eligibility, limit),
            Some(p) => candidates_in_parts(&county, &policy, &eligibility, limit, p),
        };

        let mut expected = Vec::new();
        let mut eligible = Vec::new();
        let mut stranded = Vec::new();
        for (t, status) in eligibility.iter().enumerate() {
            if !status.is_eligible() {
                continue;
            }
            eligible.push(t);
            let mut own: Vec<_> = (0..county.schools.len())
                .filter_map(|s| {
                    let km = move_allowed(&county, &policy, t, s).ok()?;
                    Some((t, s, km, move_cost(&county, &policy, t, s, km)))
                })
                .collect();
            // The K nearest, ties by school order, listed by school.
            if let Some(k) = nearest {
                own.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.1.cmp(&b.1)));
                own.truncate(k);
                own.sort_by_key(|m| m.1);
            }
            if own.is_empty() {
                stranded.push(t);
            }
            expected.extend(own);
        }
        let listed: Vec<_> = cands
            .moves
            .iter()
            .map(|m| (m.teacher, m.school, m.km, m.cost))
            .collect();
        prop_assert_eq!(listed, expected);
        prop_assert_eq!(&cands.eligible, &eligible);
        prop_assert_eq!(&cands.stranded, &stranded);
        for m in &cands.moves {
            let from = county.teachers[m.teacher].school;
            prop_assert_eq!(m.cross_group, county.group_of[from] != county.group_of[m.school]);
        }
    }
}

/// Tiny counties split into more runs than they have teachers (some runs would be
/// empty, one teacher a run): the same list, eligible and stranded teachers as on one
/// thread.
#[test]
fn more_runs_than_teachers_list_the_same_moves() {
    let mut policy = haiyan();
    policy.rules.max_commute_km = 6.0;
    for teachers in 1..=6 {
        let county = generate(&GeneratorSpec::sized(teachers, 3, teachers as u64));
        let eligibility = county_eligibility(&county, &policy);
        let one = candidates_in_parts(&county, &policy, &eligibility, CandidateLimit::All, 1);
        for parts in 0..=teachers + 3 {
            let many =
                candidates_in_parts(&county, &policy, &eligibility, CandidateLimit::All, parts);
            assert_eq!(many.moves, one.moves, "{teachers} teachers, {parts} parts");
            assert_eq!(many.eligible, one.eligible);
            assert_eq!(many.stranded, one.stranded);
        }
    }
}
