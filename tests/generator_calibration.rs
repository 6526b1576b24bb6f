//! The generator's Haiyan preset lands on the seed's figures (docs/format.md): shares
//! of backbone teachers and titles, the national indicators per 100 students and their
//! inter-school CV, for several seeds.

use rotation::model::indicator::{Indicator, Side};
use rotation::research::calibration::{county_figures, seed};
use rotation::research::generate::{generate, GeneratorSpec};
use rotation::Policy;

fn within(what: &str, value: f64, low: f64, high: f64) {
    assert!(
        (low..=high).contains(&value),
        "{what} = {value:.4}, expected in [{low}, {high}]"
    );
}

#[test]
fn haiyan_preset_matches_the_seeds_figures() {
    // Eligibility as in models/haiyan-2022.toml: 6 years, women up to 50, men up to 55.
    let policy = Policy::default();
    for s in [2022, 1, 2, 3] {
        let county = generate(&GeneratorSpec::haiyan(s));
        let f = county_figures(&county, &policy);
        let at = |what: &str| format!("seed {s}: {what}");
        assert_eq!(f.schools_by_level, [21, 13, 0, 1], "{}", at("schools"));
        assert_eq!(f.teachers, seed::TEACHERS);
        within(&at("backbone share"), f.backbone_share, 0.125, 0.155);
        within(
            &at("backbone among the eligible"),
            f.eligible_backbone_share,
            0.17,
            0.21,
        );
        within(&at("eligible share"), f.eligible_share, 1.0 / 3.0, 0.5);
        within(
            &at("intermediate or senior"),
            f.high_title_share,
            0.74,
            0.80,
        );
        for (k, side) in [Side::Primary, Side::Junior].into_iter().enumerate() {
            let q = f.indicator(Indicator::Qualified, side);
            within(
                &at("qualified per 100"),
                q.per_100,
                0.93 * seed::QUALIFIED_PER_100[k],
                1.07 * seed::QUALIFIED_PER_100[k],
            );
            let b = f.indicator(Indicator::Backbone, side);
            within(
                &at("backbone per 100"),
                b.per_100,
                0.93 * seed::BACKBONE_PER_100[k],
                1.07 * seed::BACKBONE_PER_100[k],
            );
            let pe = f.indicator(Indicator::PeArt, side);
            within(
                &at("PE/art per 100, lowest school"),
                pe.lowest_school,
                seed::PE_ART_PER_100,
                f64::INFINITY,
            );
            for figure in [q, b, pe] {
                let what = at(&format!("{:?} CV on {:?}", figure.indicator, side));
                within(&what, figure.cv.unwrap(), 0.12, 0.32);
            }
        }
    }
}

#[test]
fn every_generated_teacher_has_a_degree() {
    for spec in [GeneratorSpec::haiyan(5), GeneratorSpec::sized(800, 20, 5)] {
        assert!(generate(&spec).teachers.iter().all(|t| t.degree.is_some()));
    }
}

#[test]
fn the_classic_shares_keep_most_teachers_qualified() {
    let county = generate(&GeneratorSpec::sized(3000, 60, 4));
    let f = county_figures(&county, &Policy::default());
    within("qualified share, primary", f.qualified_share[0], 0.85, 1.0);
    within("qualified share, junior", f.qualified_share[1], 0.8, 1.0);
}
