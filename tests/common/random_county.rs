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
