//! The national method's three teacher indicators of a plan (2017,
//! 县域义务教育优质均衡发展督导评估办法), per 100 students: teachers above the required
//! qualification (高于规定学历), backbone teachers (骨干) and PE and art teachers
//! (体育、艺术). For each indicator and level: every school's value before and after
//! against its standard, the student-weighted inter-school CV (差异系数) before and
//! after against ≤ 0.50 / ≤ 0.45, and the schools that cannot meet the method's
//! per-school rule whatever their other indicators. The method judges seven resource
//! indicators (each school meeting six and the rest at 85% or more); a county's data
//! hold the three about teachers, and the verdict (`rules::indicator_verdict`) speaks
//! of those only.

use crate::model::county::{County, Level};
use crate::model::indicator::{Indicator, IndicatorRules, Side};
use crate::model::moves::Move;
use crate::rules::balance::{side_counts, SideCounts, CV_RELATIVE_TOL};
use strum::IntoEnumIterator;

/// Share of a standard below which a school misses the method's per-school rule
/// whatever its other indicators (the indicators it does not meet must reach 85%).
pub const PER_SCHOOL_SHARE: f64 = 0.85;

/// One indicator on one level: the schools the level judges and the indicator's
/// teachers at each, before and after the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelIndicator {
    /// The indicator.
    pub indicator: Indicator,
    /// Whether the county's data can judge it: the qualification needs a degree for
    /// at least one teacher (otherwise it is not available, not zero).
    pub available: bool,
    /// The level's schools (county indices), students and counts before and after.
    pub counts: SideCounts,
}

/// One school's value of an indicator, before and after the plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SchoolValue {
    /// Teachers of the indicator before the plan (a joint appointment, 联聘, counts
    /// half in each of its two schools).
    pub before: f64,
    /// After the plan.
    pub after: f64,
    /// Per 100 students before the plan.
    pub per_100_before: f64,
    /// Per 100 students after the plan.
    pub per_100_after: f64,
    /// The national standard per 100 students.
    pub standard: f64,
}

impl SchoolValue {
    /// Whether the school reaches the standard, before or `after` the plan.
    pub fn meets(&self, after: bool) -> bool {
        let v = if after {
            self.per_100_after
        } else {
            self.per_100_before
        };
        v >= self.standard - 1e-9
    }
}

fn per_100(teachers: f64, students: u32) -> f64 {
    100.0 * teachers / students.max(1) as f64
}

impl LevelIndicator {
    /// The level.
    pub fn side(&self) -> Side {
        self.counts.side
    }

    /// Whether the level is judged at all: it has schools with students and the
    /// indicator is available.
    pub fn judged(&self) -> bool {
        self.available && !self.counts.schools.is_empty()
    }

    /// The national standard per 100 students.
    pub fn standard(&self) -> f64 {
        self.indicator.standard_per_100(self.side())
    }

    /// The standard for the CV: ≤ 0.50 primary, ≤ 0.45 junior.
    pub fn cv_standard(&self) -> f64 {
        self.side().cv_standard()
    }

    /// The CV before or `after` the plan; `None` when not judged, or when no school
    /// of the level has a teacher of the indicator (the CV of all zeros is undefined).
    pub fn cv(&self, after: bool) -> Option<f64> {
        if !self.judged() {
            None
        } else if after {
            self.counts.cv_after()
        } else {
            self.counts.cv_before()
        }
    }

    /// Whether the CV is within its standard; `None` when not judged. A level whose
    /// schools have no teacher of the indicator does not meet it (its CV is undefined
    /// and every school is below the standard).
    pub fn cv_meets(&self, after: bool) -> Option<bool> {
        self.judged().then(|| {
            self.cv(after)
                .is_some_and(|cv| cv <= self.cv_standard() * (1.0 + CV_RELATIVE_TOL))
        })
    }

    /// The value at the `k`-th school of the level.
    pub fn value(&self, k: usize) -> SchoolValue {
        let c = &self.counts;
        let (before, after) = (c.teachers(c.before[k]), c.teachers(c.after[k]));
        SchoolValue {
            before,
            after,
            per_100_before: per_100(before, c.students[k]),
            per_100_after: per_100(after, c.students[k]),
            standard: self.standard(),
        }
    }

    /// The value at school `school` (a county index), when the level judges it.
    pub fn at(&self, school: usize) -> Option<SchoolValue> {
        if !self.available {
            return None;
        }
        let k = self.counts.schools.binary_search(&school).ok()?;
        Some(self.value(k))
    }

    /// Schools below the standard, before or `after` the plan; `None` when not judged.
    pub fn below(&self, after: bool) -> Option<u32> {
        self.judged().then(|| {
            (0..self.counts.schools.len())
                .filter(|&k| !self.value(k).meets(after))
                .count() as u32
        })
    }
}

/// The three teacher indicators on both levels, before and after a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorFigures {
    /// Each indicator on each level: qualified, backbone, PE/art, each primary then
    /// junior.
    pub levels: Vec<LevelIndicator>,
    /// Teachers without a degree while others have one: they do not count toward the
    /// qualification (0 when every teacher has a degree, or none has).
    pub teachers_without_degree: u32,
}

/// The side whose figures a school's row shows: its own level; a nine-year school,
/// judged on both, shows the junior side (with the national keys the stricter one:
/// a higher degree and a higher standard for the qualification, the same counts and
/// standards for the other two). Special schools are not judged.
pub fn row_side(level: Level) -> Option<Side> {
    match level {
        Level::Primary => Some(Side::Primary),
        Level::Junior | Level::NineYear => Some(Side::Junior),
        Level::Special => None,
    }
}

impl IndicatorFigures {
    /// The figures of `moves` in `county` under `rules` (`[indicators]`).
    pub fn of(county: &County, rules: &IndicatorRules, moves: &[Move]) -> IndicatorFigures {
        let with_degree = county
            .teachers
            .iter()
            .filter(|t| t.degree.is_some())
            .count();
        let levels = Indicator::iter()
            .flat_map(|indicator| Side::iter().map(move |side| (indicator, side)))
            .map(|(indicator, side)| LevelIndicator {
                indicator,
                available: indicator != Indicator::Qualified || with_degree > 0,
                counts: side_counts(county, rules, indicator, side, moves),
            })
            .collect();
        IndicatorFigures {
            levels,
            teachers_without_degree: if with_degree == 0 {
                0
            } else {
                (county.teachers.len() - with_degree) as u32
            },
        }
    }

    /// The indicator on the level.
    pub fn level(&self, indicator: Indicator, side: Side) -> &LevelIndicator {
        self.levels
            .iter()
            .find(|l| l.indicator == indicator && l.side() == side)
            .expect("every indicator on every level")
    }

    /// Whether the qualification can be judged (some teacher has a degree).
    pub fn qualified_available(&self) -> bool {
        self.levels
            .iter()
            .all(|l| l.indicator != Indicator::Qualified || l.available)
    }

    /// The value of `indicator` in a school's row (see [`row_side`]); `None` for a
    /// school the row side does not judge, or an indicator not available.
    pub fn school_row(
        &self,
        county: &County,
        school: usize,
        indicator: Indicator,
    ) -> Option<SchoolValue> {
        let side = row_side(county.schools[school].level)?;
        self.level(indicator, side).at(school)
    }

    /// Schools of `side` that cannot meet the method's per-school rule whatever their
    /// other four indicators: below the standard on two of the teacher indicators, or
    /// below 85% of a standard on one. `None` when the level has no school.
    pub fn failing_per_school_rule(&self, side: Side, after: bool) -> Option<u32> {
        let levels: Vec<&LevelIndicator> = self
            .levels
            .iter()
            .filter(|l| l.side() == side && l.judged())
            .collect();
        let n = levels.first()?.counts.schools.len();
        Some(
            (0..n)
                .filter(|&k| {
                    let values: Vec<SchoolValue> = levels.iter().map(|l| l.value(k)).collect();
                    let missed = values.iter().filter(|v| !v.meets(after)).count();
                    let deep = values.iter().any(|v| {
                        let x = if after {
                            v.per_100_after
                        } else {
                            v.per_100_before
                        };
                        x < PER_SCHOOL_SHARE * v.standard - 1e-9
                    });
                    missed >= 2 || deep
                })
                .count() as u32,
        )
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::county::{
        Backbone, Degree, Gender, Position, School, SchoolId, Teacher, TeacherId, Title, Zone,
    };

    pub(crate) fn school(id: &str, level: Level, students: u32) -> School {
        School {
            id: SchoolId(id.into()),
            name: id.into(),
            zone: Zone::Rural,
            level,
            students,
            position: Position::Grid {
                x_km: 0.0,
                y_km: 0.0,
            },
        }
    }

    pub(crate) fn teacher(
        id: &str,
        school: usize,
        subject: &str,
        backbone: bool,
        degree: Option<Degree>,
    ) -> Teacher {
        Teacher {
            id: TeacherId(id.into()),
            name: String::new(),
            school,
            subject: subject.into(),
            gender: Gender::F,
            birth_year: 1980,
            years_at_school: 8,
            backbone: if backbone {
                Backbone::County
            } else {
                Backbone::None
            },
            title: Title::None,
            homeroom: false,
            graduating: false,
            exempt: None,
            home: None,
            degree,
        }
    }

    /// Primary A (100 students), primary B (300), junior J (200), special S (40);
    /// a1, a bachelor and backbone teacher, moves from A to B.
    pub(crate) fn small_county() -> (County, Vec<Move>) {
        use Degree::*;
        let schools = vec![
            school("A", Level::Primary, 100),
            school("B", Level::Primary, 300),
            school("J", Level::Junior, 200),
            school("S", Level::Special, 40),
        ];
        let teachers = vec![
            teacher("a1", 0, "math", true, Some(Bachelor)),
            teacher("a2", 0, "pe", false, Some(Associate)),
            teacher("a3", 0, "math", false, Some(Associate)),
            teacher("a4", 0, "music", false, Some(Secondary)),
            teacher("b1", 1, "math", false, Some(Master)),
            teacher("b2", 1, "chinese", false, None),
            teacher("j1", 2, "math", false, Some(Bachelor)),
            teacher("j2", 2, "math", true, Some(Associate)),
            teacher("j3", 2, "art", false, Some(Doctor)),
            teacher("s1", 3, "art", true, Some(Master)),
        ];
        let county = County::new(schools, teachers, Vec::new());
        let moves = vec![Move {
            teacher: 0,
            to: 1,
            km: 5.0,
        }];
        (county, moves)
    }

    pub(crate) fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn hand_computed_values_standards_and_cvs() {
        let (county, moves) = small_county();
        let f = IndicatorFigures::of(&county, &IndicatorRules::default(), &moves);
        assert_eq!(f.teachers_without_degree, 1);
        // Qualified, primary (associate and above): A has a1, a2, a3 (3 per 100), B has
        // b1 (1 of 300); after the move A 2, B 2. CV² + 1 = ΣP·Σ(C²/P)/T²:
        // before 400·(9/100 + 1/300)/16 = 7/3, after 400·(4/100 + 4/300)/16 = 4/3.
        let q = f.level(Indicator::Qualified, Side::Primary);
        assert_eq!(q.counts.schools, vec![0, 1]);
        let a = q.at(0).unwrap();
        assert_eq!((a.before, a.after), (3.0, 2.0));
        assert!((a.per_100_before - 3.0).abs() < 1e-12 && a.standard == 4.2);
        assert!(!a.meets(false) && !a.meets(true));
        assert!(close(q.cv(false), (4.0f64 / 3.0).sqrt()));
        assert!(close(q.cv(true), (1.0f64 / 3.0).sqrt()));
        assert_eq!(q.cv_meets(true), Some(false));
        assert_eq!(q.below(true), Some(2));
        // Qualified, junior (bachelor and above): j1 and j3, 1 per 100; one school: CV 0.
        let qj = f.level(Indicator::Qualified, Side::Junior);
        assert_eq!(qj.at(2).unwrap().before, 2.0);
        assert!(close(qj.cv(true), 0.0));
        assert_eq!(qj.cv_meets(true), Some(true));
        assert_eq!(qj.at(3), None, "special schools are not judged");
        // Backbone, primary: [1, 0] → [0, 1]: CV √3 → √(1/3).
        let b = f.level(Indicator::Backbone, Side::Primary);
        assert!(close(b.cv(false), 3f64.sqrt()));
        assert!(close(b.cv(true), (1.0f64 / 3.0).sqrt()));
        assert!(b.at(0).unwrap().meets(false) && !b.at(0).unwrap().meets(true));
        assert_eq!((b.below(false), b.below(true)), (Some(1), Some(2)));
        // PE/art, primary: a2 (pe) and a4 (music) at A, none at B: CV √3, unchanged.
        let p = f.level(Indicator::PeArt, Side::Primary);
        assert_eq!(p.at(0).unwrap().after, 2.0);
        assert!(close(p.cv(true), 3f64.sqrt()));
        // The row of a school shows its level's side.
        assert_eq!(
            f.school_row(&county, 2, Indicator::PeArt).unwrap().before,
            1.0
        );
        assert_eq!(f.school_row(&county, 3, Indicator::PeArt), None);
        // Every school misses the qualification by more than 15% (3 < 0.85 · 4.2 at
        // A): each fails the per-school rule whatever its other indicators.
        assert_eq!(f.failing_per_school_rule(Side::Primary, true), Some(2));
        assert_eq!(f.failing_per_school_rule(Side::Junior, false), Some(1));
    }
}
