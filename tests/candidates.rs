//! Property test of the candidate moves (`rules::candidates`): the list the model
//! chooses from is exactly the moves `move_allowed` accepts, teacher by school, with
//! the commute and cost of each, on generated counties under every direction and
//! partnership rule and commute caps from none to tight. The list applies the schools'
//! own rules once per pair of schools and the teacher's only for the schools left; this
//! checks every pair of teacher and school against the single move rule `verify` uses.

use proptest::prelude::*;
use rotation::model::policy::{Direction, PartnershipRule, Policy};
use rotation::research::generate::generate;
use rotation::research::generator_spec::{GeneratorSpec, Positions};
use rotation::rules::candidates::{candidates, move_allowed, move_cost};
use rotation::rules::eligibility::county_eligibility;

fn haiyan() -> Policy {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    Policy::read(&root.join("models/haiyan-2022.toml")).unwrap()
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
    ) {
        let mut spec = GeneratorSpec::sized(teachers, schools, seed);
        if latlon {
            spec.positions = Positions::LatLon;
        }
        let county = generate(&spec);
        let mut policy = haiyan();
        policy.rules.direction = if cross_zone { Direction::CrossZone } else { Direction::Any };
        policy.rules.partnership = partnership;
        policy.rules.max_commute_km = commute_km;
        let eligibility = county_eligibility(&county, &policy);
        let cands = candidates(&county, &policy, &eligibility);

        let mut expected = Vec::new();
        let mut eligible = Vec::new();
        let mut stranded = Vec::new();
        for (t, status) in eligibility.iter().enumerate() {
            if !status.is_eligible() {
                continue;
            }
            eligible.push(t);
            let before = expected.len();
            for s in 0..county.schools.len() {
                if let Ok(km) = move_allowed(&county, &policy, t, s) {
                    expected.push((t, s, km, move_cost(&county, &policy, t, s, km)));
                }
            }
            if expected.len() == before {
                stranded.push(t);
            }
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
