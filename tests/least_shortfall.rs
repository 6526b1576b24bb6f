//! Whether some plan falls below a shortfall (`round::least_shortfall::shortfall_below`,
//! what `keep_binding` asks of each rule it relaxes) agrees with the least shortfall it
//! stands for.

use proptest::prelude::*;
use rotation::research::generate::generate;
use rotation::research::generator_spec::GeneratorSpec;
use rotation::round::least_shortfall::{least_target_shortfall, shortfall_below};
use rotation::solve::highs::SolveOptions;
use rotation::Policy;

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The question agrees with the least shortfall it stands for, on small
    /// generated counties under high targets and tight outflow caps, with each
    /// rule `keep_binding` relaxes, at thresholds at, above and below the least.
    #[test]
    fn below_agrees_with_the_least_shortfall(seed in any::<u64>(), teachers in 40usize..120) {
        let county = generate(&GeneratorSpec::sized(teachers, 4, seed));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut policy = Policy::read(&root.join("models/haiyan-2022.toml")).unwrap();
        policy.targets.exchange_rate = 0.6;
        policy.rules.outflow_cap = 0.15;
        let options = SolveOptions { threads: Some(1), ..SolveOptions::default() };
        let relaxations: [fn(&mut Policy); 4] = [
            |_| {},
            |p| p.rules.outflow_cap = 1.0,
            |p| p.rules.subject_tolerance = 1000,
            |p| p.balance.backbone_cv = rotation::model::policy::CvRule::Off,
        ];
        let least = least_target_shortfall(&county, &policy, None, &options).unwrap();
        for relax in relaxations {
            let mut relaxed = policy.clone();
            relax(&mut relaxed);
            let exact = least_target_shortfall(&county, &relaxed, None, &options).unwrap();
            for threshold in [least, least + 0.5, least - 0.5, exact, exact + 1.0] {
                let below = shortfall_below(&county, &relaxed, None, threshold, &options);
                prop_assert_eq!(below, Some(exact < threshold - 1e-6),
                    "least {} relaxed {} threshold {}", least, exact, threshold);
            }
        }
    }
}
