//! What the optional knobs of a generated county change once it is drawn: the share of
//! backbone teachers ([`Calibration::backbone_share`]) and geographic positions
//! ([`Positions::LatLon`]). Both work on the drawn schools and teachers and draw from
//! streams of their own, so the county without them is the one drawn before they
//! existed, and the same knobs on the same seed keep everything else.

use crate::model::county::{Backbone, Position, School, Teacher};
use crate::research::generator_spec::{Calibration, Positions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Backbone levels of a named backbone teacher, with their weights in 100.
pub const BACKBONE_LEVELS: &[(Backbone, u32)] = &[
    (Backbone::County, 70),
    (Backbone::City, 25),
    (Backbone::Province, 5),
];

/// The stream the backbone teachers are named from when a share is set.
const BACKBONE_STREAM: u64 = 2;

/// Latitude and longitude of the origin of [`Positions::LatLon`] (Haiyan, Zhejiang).
pub const ORIGIN: (f64, f64) = (30.5, 120.9);
/// km per degree of latitude on the sphere of the great-circle distance (radius
/// 6,371.0088 km).
const KM_PER_DEGREE: f64 = 111.195_080_233_532_9;
/// cos 30.5°, written out so that no platform's cosine enters the county.
const COS_ORIGIN_LAT: f64 = 0.861_629_160_441_525_8;

/// A level drawn by the weights of [`BACKBONE_LEVELS`].
fn backbone_level(rng: &mut ChaCha8Rng) -> Backbone {
    let mut r = rng.random_range(0..100u32);
    for &(level, w) in BACKBONE_LEVELS {
        if r < w {
            return level;
        }
        r -= w;
    }
    Backbone::County
}

/// The factor `f` with `Σ min(1, f · p) = want` (bisection, exact arithmetic only).
fn scale_factor(p: &[f64], want: f64) -> f64 {
    let reach = |f: f64| p.iter().map(|&p| (f * p).min(1.0)).sum::<f64>();
    let mut hi = 1.0;
    while reach(hi) < want && hi < 1e12 {
        hi *= 2.0;
    }
    let mut lo = 0.0;
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if reach(mid) < want {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// Names `share` of `teachers` backbone teachers again: each teacher's probability
/// under `cal` (zone, title, age in `year`) scaled by one factor so that they add up
/// to the share, then systematic sampling in county order (the county has the share
/// within one teacher, each school its expected number within one).
pub fn name_backbone_share(
    schools: &[School],
    teachers: &mut [Teacher],
    cal: &Calibration,
    share: f64,
    year: i32,
    seed: u64,
) {
    let p: Vec<f64> = teachers
        .iter()
        .map(|t| cal.backbone_probability(schools[t.school].zone, t.title, year - t.birth_year))
        .collect();
    let want = share.clamp(0.0, 1.0) * teachers.len() as f64;
    let f = scale_factor(&p, want);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(BACKBONE_STREAM);
    let mut cumulative: f64 = rng.random();
    for (teacher, p) in teachers.iter_mut().zip(p) {
        let before = cumulative.floor();
        cumulative += (f * p).min(1.0);
        teacher.backbone = if cumulative.floor() > before {
            backbone_level(&mut rng)
        } else {
            Backbone::None
        };
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A point of the km grid as latitude/longitude around [`ORIGIN`] (equirectangular,
/// 6 decimals: about 0.1 m).
pub fn grid_to_lat_lon(position: Position) -> Position {
    match position {
        Position::Grid { x_km, y_km } => Position::Geo {
            lat: round6(ORIGIN.0 + y_km / KM_PER_DEGREE),
            lon: round6(ORIGIN.1 + x_km / (KM_PER_DEGREE * COS_ORIGIN_LAT)),
        },
        geo => geo,
    }
}

/// Writes every school's and home's position as `positions` asks.
pub fn place(schools: &mut [School], teachers: &mut [Teacher], positions: Positions) {
    if positions == Positions::Grid {
        return;
    }
    for school in schools {
        school.position = grid_to_lat_lon(school.position);
    }
    for teacher in teachers {
        teacher.home = teacher.home.map(grid_to_lat_lon);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_match_the_sphere() {
        let k = 6371.0088 * std::f64::consts::PI / 180.0;
        assert!((KM_PER_DEGREE - k).abs() < 1e-9);
        assert!((COS_ORIGIN_LAT - 30.5f64.to_radians().cos()).abs() < 1e-15);
    }

    #[test]
    fn grid_distances_survive_the_conversion() {
        let a = Position::Grid {
            x_km: -12.0,
            y_km: 5.0,
        };
        let b = Position::Grid {
            x_km: 18.0,
            y_km: -20.0,
        };
        let grid = a.distance_km(&b);
        let geo = grid_to_lat_lon(a).distance_km(&grid_to_lat_lon(b));
        assert!(
            (grid - geo).abs() / grid < 0.002,
            "{grid} km on the grid, {geo} km"
        );
    }

    #[test]
    fn the_factor_reaches_the_share() {
        let p = [0.1, 0.2, 0.5, 0.9];
        let f = scale_factor(&p, 2.0);
        let reached: f64 = p.iter().map(|&p| (f * p).min(1.0)).sum();
        assert!((reached - 2.0).abs() < 1e-9, "{reached}");
    }
}
