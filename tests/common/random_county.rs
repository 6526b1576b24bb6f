//! The schools of the oracle tests' small random counties.

use rand::Rng;
use rotation::model::county::*;

/// `n` primary schools `S0…`, urban and rural alternating, 50–499 students, on a
/// 20 km grid: the same draws, in the same order, as each oracle test made before
/// it was shared, so their committed regression seeds still name the same counties.
pub fn random_schools(rng: &mut impl Rng, n: usize) -> Vec<School> {
    (0..n)
        .map(|i| School {
            id: SchoolId(format!("S{i}")),
            name: format!("school {i}"),
            zone: if i % 2 == 0 { Zone::Urban } else { Zone::Rural },
            level: Level::Primary,
            students: rng.random_range(50..500),
            position: Position::Grid {
                x_km: rng.random_range(0..20) as f64,
                y_km: rng.random_range(0..20) as f64,
            },
        })
        .collect()
}

/// Teacher `T{i}` of a small random county: a school among `n_schools`, a subject of
/// `subjects`, settled (8 years at the school) with probability `settled` (else 2
/// years), a county backbone teacher with probability `backbone` when it is given (no
/// draw otherwise); a woman born in 1985 with no other mark. The draws come in that
/// order, as each oracle test made them before they were shared, so the committed
/// regression seeds still name the same counties.
pub fn random_teacher(
    rng: &mut impl Rng,
    i: usize,
    n_schools: usize,
    subjects: &[&str],
    settled: f64,
    backbone: Option<f64>,
) -> Teacher {
    let school = rng.random_range(0..n_schools);
    let subject = subjects[rng.random_range(0..subjects.len())].into();
    let years_at_school = if rng.random_bool(settled) { 8 } else { 2 };
    let backbone = match backbone {
        Some(p) if rng.random_bool(p) => Backbone::County,
        _ => Backbone::None,
    };
    Teacher {
        id: TeacherId(format!("T{i}")),
        name: String::new(),
        school,
        subject,
        gender: Gender::F,
        birth_year: 1985,
        years_at_school,
        backbone,
        title: Title::Intermediate,
        homeroom: false,
        graduating: false,
        exempt: None,
        home: None,
        degree: None,
    }
}
