//! Synthetic counties: an urban core with rural towns around it, "1+X" partnership
//! groups, and teachers whose subjects, ages, years at school, titles and backbone
//! levels follow the shares reported for Haiyan county. Deterministic for a seed on
//! every platform: a ChaCha generator, and coordinates rounded to 10 m.

use crate::county::{
    Backbone, County, Gender, Level, Partnership, Position, School, SchoolId, Teacher, TeacherId,
    Title, Zone,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeneratorSpec {
    pub teachers: usize,
    pub primary: usize,
    pub junior: usize,
    pub nine_year: usize,
    pub special: usize,
    /// Number of "1+X" partnership groups.
    pub groups: usize,
    /// Share of (non-special) schools in the urban core.
    pub urban_share: f64,
    /// Radius of the county: rural towns lie 8 km to this far from the centre.
    pub radius_km: f64,
    pub seed: u64,
}

impl GeneratorSpec {
    /// Shaped after Haiyan: 21 primary, 13 junior and 1 special school, about 4,000
    /// teachers, 7 groups, rural towns within about 30 km.
    pub fn haiyan(seed: u64) -> GeneratorSpec {
        GeneratorSpec {
            teachers: 4000,
            primary: 21,
            junior: 13,
            nine_year: 0,
            special: 1,
            groups: 7,
            urban_share: 0.4,
            radius_km: 28.0,
            seed,
        }
    }

    /// A county of `teachers` teachers in `schools` schools with the usual level mix
    /// (about 60% primary, 28% junior, 10% nine-year, the rest special).
    pub fn sized(teachers: usize, schools: usize, seed: u64) -> GeneratorSpec {
        let schools = schools.max(2);
        let special = if schools >= 20 {
            (schools / 50).max(1)
        } else {
            0
        };
        let nine_year = if schools >= 10 { schools / 10 } else { 0 };
        let junior = ((schools - special - nine_year) as f64 * 0.32).round() as usize;
        let primary = schools - special - nine_year - junior;
        GeneratorSpec {
            teachers: teachers.max(schools),
            primary,
            junior,
            nine_year,
            special,
            groups: (schools / 5).max(1),
            urban_share: 0.4,
            radius_km: 10.0 + 6.0 * (schools as f64).sqrt(),
            seed,
        }
    }

    pub fn schools(&self) -> usize {
        self.primary + self.junior + self.nine_year + self.special
    }

    /// Checks the spec before generating; the message names the offending option.
    pub fn check(&self) -> Result<(), String> {
        if self.schools() < 2 {
            return Err("a county needs at least 2 schools".into());
        }
        if self.schools() > 5000 {
            return Err("at most 5,000 schools".into());
        }
        if self.teachers < self.schools() || self.teachers > 1_000_000 {
            return Err(format!(
                "--teachers must be between the number of schools ({}) and 1,000,000",
                self.schools()
            ));
        }
        if !(0.0..=1.0).contains(&self.urban_share) {
            return Err("--urban-share must be in [0, 1]".into());
        }
        if self.groups == 0 {
            return Err("--groups must be at least 1".into());
        }
        Ok(())
    }
}

const RURAL_TOWNS: &[&str] = &[
    "秦山",
    "沈荡",
    "百步",
    "于城",
    "澉浦",
    "通元",
    "西塘桥",
    "望海",
    "元通",
    "六里",
    "石泉",
    "横港",
];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "沈",
    "钱", "顾", "褚", "金", "陆", "姚", "蒋", "俞",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "霞", "平", "刚", "婷", "燕", "华", "丹", "玲", "萍", "红", "健", "文", "斌", "颖", "佳",
];

/// Subject shares of teaching posts, by level.
fn subject_mix(level: Level) -> &'static [(&'static str, u32)] {
    match level {
        Level::Primary => &[
            ("chinese", 30),
            ("math", 25),
            ("english", 10),
            ("science", 8),
            ("pe", 8),
            ("music", 6),
            ("art", 6),
            ("it", 3),
            ("moral", 4),
        ],
        Level::Junior => &[
            ("chinese", 17),
            ("math", 17),
            ("english", 16),
            ("science", 20),
            ("pe", 8),
            ("music", 4),
            ("art", 4),
            ("it", 4),
            ("moral", 10),
        ],
        Level::NineYear => &[
            ("chinese", 24),
            ("math", 22),
            ("english", 13),
            ("science", 13),
            ("pe", 8),
            ("music", 5),
            ("art", 5),
            ("it", 4),
            ("moral", 6),
        ],
        Level::Special => &[("special_ed", 70), ("pe", 10), ("art", 10), ("music", 10)],
    }
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, weighted: &'a [(T, u32)]) -> &'a T {
    let total: u32 = weighted.iter().map(|(_, w)| w).sum();
    let mut r = rng.random_range(0..total);
    for (item, w) in weighted {
        if r < *w {
            return item;
        }
        r -= w;
    }
    &weighted[weighted.len() - 1].0
}

fn round10m(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Generates a county. The same spec gives the same county on every platform.
pub fn generate(spec: &GeneratorSpec) -> County {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let groups = spec.groups.max(1);

    // Schools by level, then split urban / rural by the urban share (at least one of
    // each where a level has two or more schools, so cross-zone exchange is possible).
    let mut layout: Vec<(Level, Zone)> = Vec::new();
    for (level, count) in [
        (Level::Primary, spec.primary),
        (Level::Junior, spec.junior),
        (Level::NineYear, spec.nine_year),
    ] {
        let mut urban = (count as f64 * spec.urban_share).round() as usize;
        if count >= 2 {
            urban = urban.clamp(1, count - 1);
        }
        layout.extend(std::iter::repeat_n((level, Zone::Urban), urban));
        layout.extend(std::iter::repeat_n((level, Zone::Rural), count - urban));
    }
    layout.extend(std::iter::repeat_n(
        (Level::Special, Zone::Urban),
        spec.special,
    ));

    // Rural towns on a ring around the core, each in the sector of one group.
    let rural_count = layout.iter().filter(|(_, z)| *z == Zone::Rural).count();
    let towns = (rural_count / 2).clamp(1, 400);
    let town_pos: Vec<(f64, f64)> = (0..towns)
        .map(|i| {
            let angle =
                (i as f64 + rng.random_range(0.2..0.8)) / towns as f64 * std::f64::consts::TAU;
            let r = rng.random_range(8.0..spec.radius_km.max(9.0));
            (r * angle.cos(), r * angle.sin())
        })
        .collect();
    let core_radius = 3.0 + (layout.len() as f64).sqrt() * 0.3;

    let mut schools = Vec::with_capacity(layout.len());
    let mut school_town = Vec::with_capacity(layout.len());
    // Rural schools of each level are spread over all towns, so that every town (and
    // so every group) has schools of each level.
    let rural_of_level = |level: Level| {
        layout
            .iter()
            .filter(|&&(l, z)| l == level && z == Zone::Rural)
            .count()
    };
    let mut rural_seen = [0usize; 4];
    let mut counters = [0usize; 4];
    for &(level, zone) in &layout {
        let k = level as usize;
        let (x, y, town) = match zone {
            Zone::Urban => {
                let a = rng.random_range(0.0..std::f64::consts::TAU);
                let r = core_radius * rng.random_range(0.0f64..1.0).sqrt();
                (r * a.cos(), r * a.sin(), None)
            }
            Zone::Rural => {
                let t = rural_seen[k] * towns / rural_of_level(level).max(1);
                rural_seen[k] += 1;
                let (tx, ty) = town_pos[t];
                (
                    tx + rng.random_range(-1.5..1.5),
                    ty + rng.random_range(-1.5..1.5),
                    Some(t),
                )
            }
        };
        let (prefix, label) = match level {
            Level::Primary => ("P", "小学"),
            Level::Junior => ("J", "初级中学"),
            Level::NineYear => ("N", "九年一贯制学校"),
            Level::Special => ("X", "特殊教育学校"),
        };
        counters[k] += 1;
        let n = counters[k];
        let place = match town {
            None => "武原".to_string(),
            Some(t) => {
                let base = RURAL_TOWNS[t % RURAL_TOWNS.len()];
                if t < RURAL_TOWNS.len() {
                    base.to_string()
                } else {
                    format!("{base}{}", t / RURAL_TOWNS.len() + 1)
                }
            }
        };
        let students = match (level, zone) {
            (Level::Special, _) => rng.random_range(80..160),
            (_, Zone::Urban) => rng.random_range(1200..2600),
            (_, Zone::Rural) => rng.random_range(350..1100),
        };
        schools.push(School {
            id: SchoolId(format!("{prefix}{n:02}")),
            name: format!("{place}{label}{n}"),
            zone,
            level,
            students,
            position: Position::Grid {
                x_km: round10m(x),
                y_km: round10m(y),
            },
        });
        school_town.push(town);
    }

    // "1+X" groups: each group is led by an urban school and takes the rural schools
    // of its sector; the other urban schools are dealt to groups in turn.
    let mut group_of = vec![usize::MAX; schools.len()];
    let mut urban_dealt = [0usize; 4];
    for (s, school) in schools.iter().enumerate() {
        if school.level == Level::Special {
            continue;
        }
        group_of[s] = match school_town[s] {
            Some(t) => t * groups / towns,
            None => {
                let k = school.level as usize;
                urban_dealt[k] += 1;
                (urban_dealt[k] - 1) % groups
            }
        };
    }
    let mut partnerships = Vec::new();
    for g in 0..groups {
        let members: Vec<usize> = (0..schools.len()).filter(|&s| group_of[s] == g).collect();
        let Some(&lead) = members
            .iter()
            .find(|&&s| schools[s].zone == Zone::Urban)
            .or(members.first())
        else {
            continue;
        };
        for &s in &members {
            if s != lead {
                partnerships.push(Partnership {
                    school_a: lead,
                    school_b: s,
                    kind: "1+X".into(),
                });
            }
        }
    }

    // Teachers in proportion to students (more per student in junior schools).
    let weight: Vec<f64> = schools
        .iter()
        .map(|s| {
            s.students as f64
                * match s.level {
                    Level::Primary => 1.0 / 17.0,
                    Level::Junior => 1.0 / 12.0,
                    Level::NineYear => 1.0 / 14.0,
                    Level::Special => 1.0 / 4.0,
                }
        })
        .collect();
    let total_weight: f64 = weight.iter().sum();
    let mut staff: Vec<usize> = weight
        .iter()
        .map(|w| ((w / total_weight) * spec.teachers as f64).floor().max(1.0) as usize)
        .collect();
    let mut assigned: usize = staff.iter().sum();
    let schools_n = staff.len();
    let mut s = 0;
    while assigned < spec.teachers {
        staff[s % schools_n] += 1;
        assigned += 1;
        s += 1;
    }
    while assigned > spec.teachers {
        let biggest = (0..staff.len()).max_by_key(|&i| staff[i]).unwrap_or(0);
        staff[biggest] -= 1;
        assigned -= 1;
    }

    let year = 2022;
    let mut teachers = Vec::with_capacity(spec.teachers);
    for (s, &count) in staff.iter().enumerate() {
        let school = &schools[s];
        let (sx, sy) = school.position.plane_km(0.0);
        for _ in 0..count {
            let n = teachers.len() + 1;
            let subject = pick(&mut rng, subject_mix(school.level)).to_string();
            let female_share = match school.level {
                Level::Primary => 75,
                _ => 60,
            };
            let gender = if rng.random_range(0..100) < female_share {
                Gender::F
            } else {
                Gender::M
            };
            let retire = if gender == Gender::F { 55 } else { 60 };
            let age: i32 = rng.random_range(23..=retire);
            let career = (age - 22).max(0) as u32;
            // A third recently moved or hired, the rest spread over the career.
            // Some recently moved or hired, the rest spread over the career; tuned so
            // that about 40% of teachers are eligible under the 6-year rule.
            let years_at_school = if rng.random_bool(0.25) {
                rng.random_range(0..=career.min(5))
            } else {
                rng.random_range(career.min(3)..=career.min(24))
            };
            let title = {
                let senior_share = ((age - 30) as f64 / 25.0).clamp(0.0, 0.55);
                let r: f64 = rng.random();
                if age < 26 && r < 0.6 {
                    Title::None
                } else if r < senior_share {
                    Title::Senior
                } else if r < senior_share + 0.58 || age >= 35 {
                    Title::Intermediate
                } else {
                    Title::Junior
                }
            };
            let backbone_p = match (school.zone, title) {
                (_, Title::None | Title::Junior) => 0.03,
                (Zone::Urban, Title::Senior) => 0.70,
                (Zone::Urban, Title::Intermediate) => 0.28,
                (Zone::Rural, Title::Senior) => 0.50,
                (Zone::Rural, Title::Intermediate) => 0.15,
            };
            let backbone = if rng.random_bool(backbone_p) {
                *pick(
                    &mut rng,
                    &[
                        (Backbone::County, 70),
                        (Backbone::City, 25),
                        (Backbone::Province, 5),
                    ],
                )
            } else {
                Backbone::None
            };
            let homeroom_p = match subject.as_str() {
                "chinese" | "math" => 0.55,
                "english" | "science" => 0.25,
                _ => 0.05,
            };
            let homeroom = rng.random_bool(homeroom_p);
            let graduating_p = match school.level {
                Level::Junior => 0.33,
                Level::NineYear => 0.2,
                _ => 0.16,
            };
            let graduating = rng.random_bool(graduating_p);
            let exempt = if rng.random_bool(0.02) {
                Some(
                    (*pick(
                        &mut rng,
                        &[
                            ("illness", 4),
                            ("pregnancy", 4),
                            ("secondment", 1),
                            ("further study", 1),
                        ],
                    ))
                    .to_string(),
                )
            } else {
                None
            };
            // Homes: near the school, except that many rural teachers live in the core.
            let (hx, hy) = if school.zone == Zone::Rural && rng.random_bool(0.35) {
                let a = rng.random_range(0.0..std::f64::consts::TAU);
                let r = core_radius * rng.random_range(0.0f64..1.0).sqrt();
                (r * a.cos(), r * a.sin())
            } else {
                let a = rng.random_range(0.0..std::f64::consts::TAU);
                let r = rng.random_range(0.2..4.0);
                (sx + r * a.cos(), sy + r * a.sin())
            };
            let name = format!(
                "{}{}{}",
                SURNAMES[rng.random_range(0..SURNAMES.len())],
                GIVEN[rng.random_range(0..GIVEN.len())],
                if rng.random_bool(0.6) {
                    GIVEN[rng.random_range(0..GIVEN.len())]
                } else {
                    ""
                }
            );
            teachers.push(Teacher {
                id: TeacherId(format!("T{n:06}")),
                name,
                school: s,
                subject,
                gender,
                birth_year: year - age,
                years_at_school,
                backbone,
                title,
                homeroom,
                graduating,
                exempt,
                home: Some(Position::Grid {
                    x_km: round10m(hx),
                    y_km: round10m(hy),
                }),
            });
        }
    }
    County::new(schools, teachers, partnerships)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haiyan_shape_has_the_papers_school_counts() {
        let county = generate(&GeneratorSpec::haiyan(1));
        let count = |l: Level| county.schools.iter().filter(|s| s.level == l).count();
        assert_eq!(count(Level::Primary), 21);
        assert_eq!(count(Level::Junior), 13);
        assert_eq!(count(Level::Special), 1);
        assert_eq!(county.teachers.len(), 4000);
        // 7 "1+X" groups plus the special school on its own.
        assert_eq!(county.groups.len(), 8);
    }

    #[test]
    fn title_mix_is_near_the_reported_share() {
        let county = generate(&GeneratorSpec::haiyan(7));
        let high = county
            .teachers
            .iter()
            .filter(|t| matches!(t.title, Title::Intermediate | Title::Senior))
            .count() as f64
            / county.teachers.len() as f64;
        assert!(
            (0.70..0.84).contains(&high),
            "intermediate or senior share {high}"
        );
    }

    #[test]
    fn same_seed_same_county() {
        let a = generate(&GeneratorSpec::sized(500, 12, 3));
        let b = generate(&GeneratorSpec::sized(500, 12, 3));
        assert_eq!(format!("{:?}", a.teachers), format!("{:?}", b.teachers));
    }
}
