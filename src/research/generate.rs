//! Synthetic counties: an urban core with rural towns around it, "1+X" partnership
//! groups, and teachers whose subjects, ages, years at school, titles and backbone
//! levels follow the shares reported for Haiyan county. Deterministic for a seed on
//! every platform: a ChaCha generator, and coordinates rounded to 10 m.
//!
//! Long file: [`generate`] is one pass over the county (schools, groups, teachers)
//! whose order fixes the random stream, so it reads best top to bottom, beside the
//! data tables it draws from (towns, names, subject mixes).

use crate::model::county::{
    Backbone, County, Degree, Gender, Level, Position, School, SchoolId, Teacher, TeacherId, Title,
    Zone,
};
use crate::model::groups::Partnership;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub use crate::research::generator_spec::{Calibration, GeneratorSpec, Positions};
use crate::research::reshape::{name_backbone_share, place, BACKBONE_LEVELS};

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

/// A point drawn uniformly in the ring `inner ≤ r ≤ outer` around the origin, by
/// rejection in the enclosing square: no trigonometry, so the same on every libm.
fn in_ring(rng: &mut ChaCha8Rng, inner: f64, outer: f64) -> (f64, f64) {
    loop {
        let x = rng.random_range(-outer..outer);
        let y = rng.random_range(-outer..outer);
        let r2 = x * x + y * y;
        if r2 <= outer * outer && r2 >= inner * inner {
            return (x, y);
        }
    }
}

/// A monotone stand-in for the polar angle, in [0, 4), from exact arithmetic only
/// (the "diamond angle"): sorting by it sorts points around the origin.
fn pseudo_angle(x: f64, y: f64) -> f64 {
    let d = x.abs() + y.abs();
    if d == 0.0 {
        return 0.0;
    }
    if y >= 0.0 {
        1.0 - x / d
    } else {
        3.0 + x / d
    }
}

/// `total` split into `parts` shares as even as possible, the larger ones first.
fn split(total: usize, parts: usize) -> Vec<usize> {
    (0..parts)
        .map(|i| total / parts + usize::from(i < total % parts))
        .collect()
}

const CORES: &[&str] = &[
    "武原", "硖石", "梧桐", "于城", "乍浦", "当湖", "魏塘", "南湖", "新塍", "濮院",
];

/// Students of each school from its staff: the level's students per teacher, the
/// rural factor and a uniform noise, rescaled so that each level's students are exactly
/// its staff times its students per teacher (the noise moves students between schools,
/// not the county's figures).
fn students_from_staff(
    schools: &mut [School],
    staff: &[usize],
    per_teacher: [f64; 4],
    cal: &Calibration,
    rng: &mut ChaCha8Rng,
) {
    let mut drawn = vec![0.0; schools.len()];
    let mut expected = [0.0; 4];
    let mut total = [0.0; 4];
    for (i, school) in schools.iter().enumerate() {
        let zone = match school.zone {
            Zone::Urban => 1.0,
            Zone::Rural => cal.rural_students_factor,
        };
        let noise = if cal.students_noise > 0.0 {
            rng.random_range(1.0 - cal.students_noise..=1.0 + cal.students_noise)
        } else {
            1.0
        };
        let k = school.level as usize;
        let base = staff[i] as f64 * per_teacher[k] * zone;
        drawn[i] = base * noise;
        expected[k] += base;
        total[k] += drawn[i];
    }
    for (school, x) in schools.iter_mut().zip(drawn) {
        let k = school.level as usize;
        let students = x * expected[k] / total[k].max(f64::MIN_POSITIVE);
        school.students = students.round().max(1.0) as u32;
    }
}

/// The subjects of a school's `count` teachers when schools staff to the timetable:
/// each subject's share of the posts (PE, music and art scaled by `rural_pe_art` in
/// rural schools), apportioned by systematic sampling (so within one of the share),
/// in random order.
fn school_subjects(
    school: &School,
    count: usize,
    cal: &Calibration,
    rng: &mut ChaCha8Rng,
) -> Vec<&'static str> {
    let mix = subject_mix(school.level);
    let weight = |subject: &str, w: u32| {
        let factor = match (school.zone, subject) {
            (Zone::Rural, "pe" | "music" | "art") => cal.rural_pe_art,
            _ => 1.0,
        };
        f64::from(w) * factor
    };
    let total: f64 = mix.iter().map(|&(s, w)| weight(s, w)).sum();
    let mut subjects = Vec::with_capacity(count);
    let mut cumulative: f64 = rng.random();
    for &(subject, w) in mix {
        let before = cumulative.floor();
        cumulative += count as f64 * weight(subject, w) / total;
        let posts = (cumulative.floor() - before) as usize;
        subjects.extend(std::iter::repeat_n(subject, posts));
    }
    // Fisher–Yates with u32 draws, the same on every platform.
    for i in (1..subjects.len()).rev() {
        let j = rng.random_range(0..=i as u32) as usize;
        subjects.swap(i, j);
    }
    subjects
}

/// Names the backbone teachers of one school by systematic sampling: each teacher is
/// one with their probability `p`, and the school has `Σ p` of them, give or take one
/// (the county names them by school, not by lot over the whole county).
fn name_backbone(teachers: &mut [Teacher], p: &[f64], rng: &mut ChaCha8Rng) {
    let mut cumulative: f64 = rng.random();
    for (teacher, &p) in teachers.iter_mut().zip(p) {
        let before = cumulative.floor();
        cumulative += p;
        if cumulative.floor() > before {
            teacher.backbone = *pick(rng, BACKBONE_LEVELS);
        }
    }
}

/// A teacher's highest degree: above the level's requirement with the calibrated
/// probability (higher for the young, lower in rural schools), else the degree below it.
fn degree(rng: &mut ChaCha8Rng, cal: &Calibration, school: &School, age: i32) -> Degree {
    let rural = match school.zone {
        Zone::Urban => 0.0,
        Zone::Rural => cal.qualified_rural,
    };
    let p = (cal.qualified[school.level as usize]
        + cal.qualified_per_year * f64::from(40 - age)
        + rural)
        .clamp(0.0, 1.0);
    let above = rng.random_bool(p);
    let r = rng.random_range(0..100);
    match (school.level, above) {
        // Primary schools require a secondary (中师) degree: above it, mostly bachelors.
        (Level::Primary, true) if r < 35 => Degree::Associate,
        (Level::Primary, true) if r < 97 => Degree::Bachelor,
        (Level::Primary, true) => Degree::Master,
        (Level::Primary, false) => Degree::Secondary,
        // The others require an associate degree (大专).
        (_, true) if r < 90 => Degree::Bachelor,
        (_, true) if r < 99 => Degree::Master,
        (_, true) => Degree::Doctor,
        (_, false) if r < 85 => Degree::Associate,
        (_, false) => Degree::Secondary,
    }
}

/// Generates a county. The same spec gives the same county on every platform.
pub fn generate(spec: &GeneratorSpec) -> County {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let districts = spec.districts.clamp(1, spec.schools().max(1));
    let groups = spec.groups.max(districts);

    // District centres on a square grid, neighbours 1.8 radii apart: the rural towns at
    // the edge of one district are a commute away from the next one.
    let columns = (1..).find(|c| c * c >= districts).unwrap_or(1);
    let spacing = 1.8 * spec.radius_km;
    let centre = |d: usize| {
        let (i, j) = ((d % columns) as f64, (d / columns) as f64);
        let mid = (columns as f64 - 1.0) / 2.0;
        ((i - mid) * spacing, (j - mid) * spacing)
    };

    let mut schools = Vec::new();
    let mut group_of = Vec::new();
    let mut core_of = Vec::new();
    let mut counters = [0usize; 4];
    let mut towns_before = 0usize;
    let (primary, junior, nine_year, special) = (
        split(spec.primary, districts),
        split(spec.junior, districts),
        split(spec.nine_year, districts),
        split(spec.special, districts),
    );
    let district_groups = {
        // Groups in proportion to the district's schools, at least one each.
        let sizes: Vec<usize> = (0..districts)
            .map(|d| primary[d] + junior[d] + nine_year[d])
            .collect();
        let total: usize = sizes.iter().sum::<usize>().max(1);
        let mut g: Vec<usize> = sizes.iter().map(|&n| (n * groups / total).max(1)).collect();
        let mut d = 0;
        while g.iter().sum::<usize>() < groups {
            g[d % districts] += 1;
            d += 1;
        }
        g
    };
    let mut group_base = 0usize;
    for d in 0..districts {
        let (cx, cy) = centre(d);
        // Schools by level, then split urban / rural by the urban share (at least one
        // of each where a level has two or more schools, so cross-zone exchange is
        // possible).
        let mut layout: Vec<(Level, Zone)> = Vec::new();
        for (level, count) in [
            (Level::Primary, primary[d]),
            (Level::Junior, junior[d]),
            (Level::NineYear, nine_year[d]),
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
            special[d],
        ));

        // Rural towns around the core, sorted around it so that each group takes the
        // towns of one sector.
        let rural_count = layout.iter().filter(|(_, z)| *z == Zone::Rural).count();
        let towns = (rural_count / 2).clamp(1, 400);
        let mut town_pos: Vec<(f64, f64)> = (0..towns)
            .map(|_| in_ring(&mut rng, 8.0, spec.radius_km.max(9.0)))
            .collect();
        town_pos.sort_by(|a, b| pseudo_angle(a.0, a.1).total_cmp(&pseudo_angle(b.0, b.1)));
        let core_radius = 3.0 + (layout.len() as f64).sqrt() * 0.3;
        let groups_here = district_groups[d];

        // Rural schools of each level are spread over all towns, so that every town
        // (and so every group) has schools of each level.
        let rural_of_level = |level: Level| {
            layout
                .iter()
                .filter(|&&(l, z)| l == level && z == Zone::Rural)
                .count()
        };
        let mut rural_seen = [0usize; 4];
        let mut urban_dealt = [0usize; 4];
        for &(level, zone) in &layout {
            let k = level as usize;
            let (x, y, town) = match zone {
                Zone::Urban => {
                    let (x, y) = in_ring(&mut rng, 0.0, core_radius);
                    (x, y, None)
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
                None => {
                    let base = CORES[d % CORES.len()];
                    if d < CORES.len() {
                        base.to_string()
                    } else {
                        format!("{base}{}", d / CORES.len() + 1)
                    }
                }
                Some(t) => {
                    let t = towns_before + t;
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
            // "1+X" groups: each group takes the rural schools of its sector; the urban
            // schools are dealt to the district's groups in turn. Special schools stand
            // alone.
            let group = match (level, town) {
                (Level::Special, _) => usize::MAX,
                (_, Some(t)) => group_base + t * groups_here / towns,
                (_, None) => {
                    urban_dealt[k] += 1;
                    group_base + (urban_dealt[k] - 1) % groups_here
                }
            };
            schools.push(School {
                id: SchoolId(format!("{prefix}{n:02}")),
                name: format!("{place}{label}{n}"),
                zone,
                level,
                students,
                position: Position::Grid {
                    x_km: round10m(cx + x),
                    y_km: round10m(cy + y),
                },
            });
            group_of.push(group);
            core_of.push((cx, cy, core_radius));
        }
        towns_before += towns;
        group_base += groups_here;
    }

    // Each group is led by an urban school when it has one.
    let mut partnerships = Vec::new();
    for g in 0..group_base {
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

    // What the calibration adds (students from the staff, degrees) draws from a stream
    // of its own, so that the classic shares give the same county as before it.
    let cal = &spec.calibration;
    let mut extra = ChaCha8Rng::seed_from_u64(spec.seed);
    extra.set_stream(1);
    if let Some(per_teacher) = cal.students_per_teacher {
        students_from_staff(&mut schools, &staff, per_teacher, cal, &mut extra);
    }

    let year = 2022;
    let mut teachers = Vec::with_capacity(spec.teachers);
    for (s, &count) in staff.iter().enumerate() {
        let school = &schools[s];
        let (sx, sy) = school.position.plane_km(0.0);
        let first = teachers.len();
        let mut school_backbone_p = Vec::new();
        let mut quota = if cal.subjects_by_school {
            school_subjects(school, count, cal, &mut extra)
        } else {
            Vec::new()
        }
        .into_iter();
        for _ in 0..count {
            let n = teachers.len() + 1;
            let subject = match quota.next() {
                Some(subject) => subject,
                None => pick(&mut rng, subject_mix(school.level)),
            }
            .to_string();
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
                let senior_share = ((age - 30) as f64 / 25.0).clamp(0.0, cal.senior_max);
                let r: f64 = rng.random();
                if age < 26 && r < 0.6 {
                    Title::None
                } else if r < senior_share {
                    Title::Senior
                } else if r < senior_share + cal.intermediate_share || age >= cal.intermediate_age {
                    Title::Intermediate
                } else {
                    Title::Junior
                }
            };
            let backbone_p = cal.backbone_probability(school.zone, title, age);
            let backbone = if cal.backbone_by_school {
                school_backbone_p.push(backbone_p);
                Backbone::None
            } else if rng.random_bool(backbone_p) {
                *pick(&mut rng, BACKBONE_LEVELS)
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
            // Homes: near the school, except that many rural teachers live in the
            // district's core.
            let (hx, hy) = if school.zone == Zone::Rural && rng.random_bool(0.35) {
                let (cx, cy, core_radius) = core_of[s];
                let (x, y) = in_ring(&mut rng, 0.0, core_radius);
                (cx + x, cy + y)
            } else {
                let (x, y) = in_ring(&mut rng, 0.2, 4.0);
                (sx + x, sy + y)
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
                degree: Some(degree(&mut extra, cal, school, age)),
            });
        }
        if cal.backbone_by_school {
            name_backbone(&mut teachers[first..], &school_backbone_p, &mut extra);
        }
    }
    if let Some(share) = cal.backbone_share {
        name_backbone_share(&schools, &mut teachers, cal, share, year, spec.seed);
    }
    place(&mut schools, &mut teachers, spec.positions);
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
