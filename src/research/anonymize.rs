//! A county made fit to share with researchers (`rotation anonymize`): every id and
//! name replaced by a pseudonym, exemption causes dropped, and the map moved.
//!
//! - Pseudonyms are a keyed hash (SHA-256 of the seed and the real id): the same seed
//!   gives the same pseudonym to the same teacher or school, next year too, so
//!   researchers can follow a county over rounds; without the seed they cannot be
//!   traced back. Names become the pseudonym; rows are sorted by it, so the files'
//!   order says nothing either.
//! - An exemption keeps its effect (the teacher stays exempt) but its cause becomes
//!   `exempt`.
//! - Every position (schools and homes) goes through one random rigid motion: on the
//!   km grid a rotation, maybe a reflection, and a shift; in degrees a rotation of the
//!   sphere. Distances are kept (to rounding far below the rules' 1e-9 km), so the
//!   county plans to the same optimum, but the map no longer lies on the real one.
//! - `jitter_km` further moves each home by up to that many km in a random direction:
//!   more privacy for homes (a rigid motion can be undone by someone who knows where
//!   the real schools are), at the price that commutes, and so the optimum, change.
//!
//! What stays: zones, levels, students, subjects, gender, birth year, years at the
//! school, backbone level, title, degree, class duties, partnerships. These are what
//! the rules read; together they may still single out a teacher in a small school.

use crate::model::county::{County, Position, School, SchoolId, Teacher, TeacherId};
use crate::model::error::{Result, RotationError};
use crate::model::groups::Partnership;
use crate::model::usage_message::UsageMessage;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The anonymized copy of `county` for `seed`, homes moved by up to `jitter_km` after
/// the rigid motion (0 keeps every distance, and so the optimum).
pub fn anonymize(county: &County, seed: u64, jitter_km: f64) -> Result<County> {
    if county.travel.is_some() {
        return Err(RotationError::Refused(UsageMessage::AnonymizeTravel));
    }
    if !(jitter_km >= 0.0 && jitter_km.is_finite()) {
        return Err(RotationError::Refused(UsageMessage::JitterKm {
            value: jitter_km,
        }));
    }
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let motion = Motion::draw(&mut rng);
    let school_ids = pseudonyms(
        seed,
        "school",
        'S',
        county.schools.iter().map(|s| s.id.0.as_str()),
    );
    let teacher_ids = pseudonyms(
        seed,
        "teacher",
        'T',
        county.teachers.iter().map(|t| t.id.0.as_str()),
    );
    // New order: by pseudonym.
    let mut school_order: Vec<usize> = (0..county.schools.len()).collect();
    school_order.sort_by(|&a, &b| school_ids[a].cmp(&school_ids[b]));
    let mut new_index = vec![0; county.schools.len()];
    for (new, &old) in school_order.iter().enumerate() {
        new_index[old] = new;
    }
    let schools: Vec<School> = school_order
        .iter()
        .map(|&s| {
            let old = &county.schools[s];
            School {
                id: SchoolId(school_ids[s].clone()),
                name: school_ids[s].clone(),
                position: motion.apply(old.position),
                ..old.clone()
            }
        })
        .collect();
    let mut teacher_order: Vec<usize> = (0..county.teachers.len()).collect();
    teacher_order.sort_by(|&a, &b| teacher_ids[a].cmp(&teacher_ids[b]));
    let mut teachers = Vec::with_capacity(county.teachers.len());
    for &t in &teacher_order {
        let old = &county.teachers[t];
        let home = old
            .home
            .map(|h| jitter(motion.apply(h), jitter_km, &mut rng));
        teachers.push(Teacher {
            id: TeacherId(teacher_ids[t].clone()),
            name: teacher_ids[t].clone(),
            school: new_index[old.school],
            exempt: old.exempt.as_ref().map(|_| "exempt".to_string()),
            home,
            ..old.clone()
        });
    }
    let partnerships = county
        .partnerships
        .iter()
        .map(|p| Partnership {
            school_a: new_index[p.school_a],
            school_b: new_index[p.school_b],
            kind: p.kind.clone(),
        })
        .collect();
    let out = County::new(schools, teachers, partnerships);
    let out_of_range = out
        .schools
        .iter()
        .map(|s| s.position)
        .chain(out.teachers.iter().filter_map(|t| t.home))
        .any(|p| match p {
            Position::Grid { x_km, y_km } => x_km.abs() > 2000.0 || y_km.abs() > 2000.0,
            Position::Geo { .. } => false,
        });
    if out_of_range {
        return Err(RotationError::Refused(UsageMessage::AnonymizeOffGrid));
    }
    Ok(out)
}

/// Pseudonyms for `ids`: `prefix` and the first hex digits of SHA-256(seed, kind, id),
/// ten at least, more where two would collide.
fn pseudonyms<'a>(
    seed: u64,
    kind: &str,
    prefix: char,
    ids: impl Iterator<Item = &'a str>,
) -> Vec<String> {
    let hashes: Vec<String> = ids
        .map(|id| {
            let mut h = Sha256::new();
            h.update(seed.to_le_bytes());
            h.update(kind.as_bytes());
            h.update([0]);
            h.update(id.as_bytes());
            h.finalize().iter().map(|b| format!("{b:02x}")).collect()
        })
        .collect();
    let mut len = 10;
    loop {
        let names: Vec<String> = hashes
            .iter()
            .map(|h| format!("{prefix}{}", &h[..len]))
            .collect();
        let unique: HashSet<&String> = names.iter().collect();
        if unique.len() == names.len() || len == 64 {
            return names;
        }
        len += 2;
    }
}

/// One rigid motion of the map: on the grid, `(x, y)` reflected (`y → −y`) when
/// `flip`, rotated by the angle whose cosine and sine are `cos`, `sin`, and shifted by
/// `(dx, dy)` km; in degrees, the rotation of the sphere `sphere` (orthogonal 3×3).
struct Motion {
    cos: f64,
    sin: f64,
    flip: bool,
    dx: f64,
    dy: f64,
    sphere: [[f64; 3]; 3],
}

impl Motion {
    fn draw(rng: &mut ChaCha20Rng) -> Motion {
        let tau = std::f64::consts::TAU;
        let angle = rng.random_range(0.0..tau);
        let flip = rng.random_bool(0.5);
        let (dx, dy) = (rng.random_range(-50.0..50.0), rng.random_range(-50.0..50.0));
        // A uniformly random unit quaternion (Shoemake), as a rotation matrix.
        let (u1, u2, u3): (f64, f64, f64) = (rng.random(), rng.random(), rng.random());
        let (a, b) = ((1.0 - u1).sqrt(), u1.sqrt());
        let (w, x, y, z) = (
            a * (tau * u2).sin(),
            a * (tau * u2).cos(),
            b * (tau * u3).sin(),
            b * (tau * u3).cos(),
        );
        let sphere = [
            [
                1.0 - 2.0 * (y * y + z * z),
                2.0 * (x * y - z * w),
                2.0 * (x * z + y * w),
            ],
            [
                2.0 * (x * y + z * w),
                1.0 - 2.0 * (x * x + z * z),
                2.0 * (y * z - x * w),
            ],
            [
                2.0 * (x * z - y * w),
                2.0 * (y * z + x * w),
                1.0 - 2.0 * (x * x + y * y),
            ],
        ];
        Motion {
            cos: angle.cos(),
            sin: angle.sin(),
            flip,
            dx,
            dy,
            sphere,
        }
    }

    fn apply(&self, p: Position) -> Position {
        match p {
            Position::Grid { x_km, y_km } => {
                let y = if self.flip { -y_km } else { y_km };
                Position::Grid {
                    x_km: self.cos * x_km - self.sin * y + self.dx,
                    y_km: self.sin * x_km + self.cos * y + self.dy,
                }
            }
            Position::Geo { lat, lon } => {
                let (la, lo) = (lat.to_radians(), lon.to_radians());
                let v = [la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()];
                let r = |row: [f64; 3]| row[0] * v[0] + row[1] * v[1] + row[2] * v[2];
                let [a, b, c] = self.sphere.map(r);
                Position::Geo {
                    lat: c.clamp(-1.0, 1.0).asin().to_degrees(),
                    lon: b.atan2(a).to_degrees(),
                }
            }
        }
    }
}

/// `p` moved by up to `km` in a random direction (uniform over the disc).
fn jitter(p: Position, km: f64, rng: &mut ChaCha20Rng) -> Position {
    if km == 0.0 {
        return p;
    }
    let r = km * rng.random::<f64>().sqrt();
    let angle = rng.random_range(0.0..std::f64::consts::TAU);
    let (ex, ny) = (r * angle.cos(), r * angle.sin());
    match p {
        Position::Grid { x_km, y_km } => Position::Grid {
            x_km: x_km + ex,
            y_km: y_km + ny,
        },
        Position::Geo { lat, lon } => {
            let per_degree = 6371.0088 * std::f64::consts::PI / 180.0;
            Position::Geo {
                lat: (lat + ny / per_degree).clamp(-90.0, 90.0),
                lon: lon + ex / (per_degree * lat.to_radians().cos().max(1e-6)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rigid_motion_keeps_distances() {
        let mut rng = ChaCha20Rng::seed_from_u64(7);
        for _ in 0..20 {
            let m = Motion::draw(&mut rng);
            let pairs = [
                (
                    Position::Grid {
                        x_km: 1.43,
                        y_km: 4.07,
                    },
                    Position::Grid {
                        x_km: -12.0,
                        y_km: 16.0,
                    },
                ),
                (
                    Position::Geo {
                        lat: 30.5,
                        lon: 120.9,
                    },
                    Position::Geo {
                        lat: 30.6,
                        lon: 121.0,
                    },
                ),
            ];
            for (a, b) in pairs {
                let before = a.distance_km(&b);
                let after = m.apply(a).distance_km(&m.apply(b));
                assert!((before - after).abs() < 1e-9, "{before} vs {after}");
            }
        }
    }

    #[test]
    fn pseudonyms_are_stable_for_a_seed_and_differ_across_seeds() {
        let ids = ["T01", "T02", "T03"];
        let a = pseudonyms(1, "teacher", 'T', ids.iter().copied());
        let b = pseudonyms(1, "teacher", 'T', ids[1..].iter().copied());
        let c = pseudonyms(2, "teacher", 'T', ids.iter().copied());
        assert_eq!(a[1..], b[..]);
        assert_ne!(a, c);
        assert!(a.iter().all(|p| p.len() == 11 && p.starts_with('T')));
    }
}
