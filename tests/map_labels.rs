//! The map's names never overlap: on the sample county (crowded urban core, enlarged)
//! and on dense generated counties, every placed name and every count written on an
//! arrow keeps its own box, and the same county gives the same map.

use rotation::model::moves::Move;
use rotation::output::map_labels::LabelBox;
use rotation::output::school_map::{school_map, school_map_label_boxes};
use rotation::research::generate::{generate, GeneratorSpec};
use rotation::County;

/// Every tenth teacher moves to the school seven places further in the list: many
/// pairs in every direction, some carrying several teachers.
fn many_moves(county: &County) -> Vec<Move> {
    let n = county.schools.len();
    county
        .teachers
        .iter()
        .enumerate()
        .filter(|(t, _)| t % 10 == 0)
        .map(|(t, teacher)| Move {
            teacher: t,
            to: (teacher.school + 7) % n,
            km: 1.0,
        })
        .collect()
}

fn assert_apart(panels: &[Vec<LabelBox>]) {
    for (p, boxes) in panels.iter().enumerate() {
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "panel {p}: {a:?} overlaps {b:?}");
            }
        }
    }
}

#[test]
fn names_on_the_sample_county_never_overlap() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/haiyan-like");
    let county = rotation::read_instance(&dir).unwrap().county;
    let moves = many_moves(&county);
    let (panels, unlabelled) = school_map_label_boxes(&county, &moves);
    assert_eq!(panels.len(), 2, "the urban core is enlarged");
    assert!(unlabelled.is_empty(), "{unlabelled:?}");
    assert_apart(&panels);
}

#[test]
fn names_on_dense_generated_counties_never_overlap() {
    // (schools, radius, seed, how many may go without a name on the map: they are then
    // listed under it). 200 schools in two districts of 8 km are more than a 720-px
    // map can name; only the non-overlap is asked of them.
    for (schools, radius_km, seed, unnamed) in
        [(120, 10.0, 1, 24), (60, 3.0, 3, 12), (200, 8.0, 2, 200)]
    {
        let mut spec = GeneratorSpec::sized(schools * 20, schools, seed);
        spec.radius_km = radius_km;
        let county = generate(&spec);
        let moves = many_moves(&county);
        let (panels, unlabelled) = school_map_label_boxes(&county, &moves);
        assert_apart(&panels);
        let named: usize = panels.iter().map(Vec::len).sum();
        assert!(named > 0);
        // Crowded as it is, most schools of a county are named on the map itself.
        eprintln!(
            "{schools} schools in {radius_km} km: {} without a name",
            unlabelled.len()
        );
        assert!(
            unlabelled.len() <= unnamed,
            "{schools} schools in {radius_km} km: {} without a name",
            unlabelled.len()
        );
        // The same county, the same picture.
        assert_eq!(
            school_map(&county, &moves, "m"),
            school_map(&county, &moves, "m")
        );
    }
}
