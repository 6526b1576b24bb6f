//! The teacher indicators of the national method for high-quality balanced counties
//! (2017, 县域义务教育优质均衡发展督导评估办法): per 100 students, per school, and their
//! student-weighted inter-school CV per level. Which teacher counts for which
//! indicator, and which schools make up a level, is decided here once.

use crate::model::county::{Degree, Level, School, Teacher};
use serde::{Deserialize, Serialize};

/// A teacher indicator, counted per 100 students.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Indicator {
    /// Teachers above the required qualification (高于规定学历).
    Qualified,
    /// County-level-or-above backbone teachers (县级及以上骨干教师).
    Backbone,
    /// PE and art (music, fine art) teachers (体育、艺术专任教师).
    PeArt,
}

/// The two levels the national method judges. Nine-year schools count with both.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Side {
    /// Primary schools (小学), with the nine-year schools.
    Primary,
    /// Junior schools (初中), with the nine-year schools.
    Junior,
}

/// What counts as "above the required qualification" per level (`[indicators]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IndicatorRules {
    /// The lowest degree that counts in primary schools (national: associate, 大专).
    pub qualified_from_primary: Degree,
    /// The lowest degree that counts in junior schools (national: bachelor, 本科).
    pub qualified_from_junior: Degree,
}

impl Default for IndicatorRules {
    fn default() -> Self {
        IndicatorRules {
            qualified_from_primary: Degree::Associate,
            qualified_from_junior: Degree::Bachelor,
        }
    }
}

/// Subjects that count as PE or art, as code or in Chinese.
const PE_ART: &[&str] = &["pe", "music", "art", "体育", "音乐", "美术"];

impl Indicator {
    /// Whether `teacher` counts for this indicator at a school judged on `side`.
    /// Only the qualification depends on the side (a nine-year school's associate
    /// degree holder counts for its primary side, not its junior side).
    pub fn counts(self, teacher: &Teacher, side: Side, rules: &IndicatorRules) -> bool {
        match self {
            Indicator::Backbone => teacher.backbone.is_backbone(),
            Indicator::PeArt => PE_ART.contains(&teacher.subject.as_str()),
            Indicator::Qualified => {
                let from = match side {
                    Side::Primary => rules.qualified_from_primary,
                    Side::Junior => rules.qualified_from_junior,
                };
                teacher.degree.is_some_and(|d| d >= from)
            }
        }
    }

    /// The national standard per 100 students (the same for both levels except the
    /// qualification: 4.2 primary, 5.3 junior).
    pub fn standard_per_100(self, side: Side) -> f64 {
        match (self, side) {
            (Indicator::Qualified, Side::Primary) => 4.2,
            (Indicator::Qualified, Side::Junior) => 5.3,
            (Indicator::Backbone, _) => 1.0,
            (Indicator::PeArt, _) => 0.9,
        }
    }

    /// Chinese name, as the national method words it.
    pub fn zh(self) -> &'static str {
        match self {
            Indicator::Qualified => "高于规定学历教师数",
            Indicator::Backbone => "县级及以上骨干教师数",
            Indicator::PeArt => "体育、艺术专任教师数",
        }
    }

    /// English name.
    pub fn en(self) -> &'static str {
        match self {
            Indicator::Qualified => "teachers above the required qualification",
            Indicator::Backbone => "backbone teachers (county level or above)",
            Indicator::PeArt => "PE and art teachers",
        }
    }
}

impl Side {
    /// The evaluation standard for the inter-school CV: ≤ 0.50 primary, ≤ 0.45 junior.
    pub fn cv_standard(self) -> f64 {
        match self {
            Side::Primary => 0.50,
            Side::Junior => 0.45,
        }
    }

    /// Whether schools of `level` are judged on this side.
    pub fn includes(self, level: Level) -> bool {
        matches!(
            (self, level),
            (_, Level::NineYear) | (Side::Primary, Level::Primary) | (Side::Junior, Level::Junior)
        )
    }

    /// Whether `school` enters this side's CV: of a level judged here, with students.
    pub fn judges(self, school: &School) -> bool {
        self.includes(school.level) && school.students > 0
    }

    /// Chinese name (小学, 初中).
    pub fn zh(self) -> &'static str {
        match self {
            Side::Primary => "小学",
            Side::Junior => "初中",
        }
    }

    /// English name.
    pub fn en(self) -> &'static str {
        match self {
            Side::Primary => "primary",
            Side::Junior => "junior",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nine_year_schools_count_on_both_sides() {
        for side in [Side::Primary, Side::Junior] {
            assert!(side.includes(Level::NineYear));
            assert!(!side.includes(Level::Special));
        }
        assert!(Side::Primary.includes(Level::Primary));
        assert!(!Side::Primary.includes(Level::Junior));
        assert!(Side::Junior.includes(Level::Junior));
    }

    #[test]
    fn degree_order_decides_the_qualification() {
        assert!(Degree::Secondary < Degree::Associate);
        assert!(Degree::Master < Degree::Doctor);
        let rules = IndicatorRules::default();
        let mut t = crate::model::county::Teacher {
            id: crate::model::county::TeacherId("T".into()),
            name: String::new(),
            school: 0,
            subject: "音乐".into(),
            gender: crate::model::county::Gender::F,
            birth_year: 1980,
            years_at_school: 1,
            backbone: crate::model::county::Backbone::None,
            title: crate::model::county::Title::None,
            homeroom: false,
            graduating: false,
            exempt: None,
            home: None,
            degree: Some(Degree::Associate),
        };
        assert!(Indicator::Qualified.counts(&t, Side::Primary, &rules));
        assert!(!Indicator::Qualified.counts(&t, Side::Junior, &rules));
        assert!(Indicator::PeArt.counts(&t, Side::Junior, &rules));
        assert!(!Indicator::Backbone.counts(&t, Side::Junior, &rules));
        t.degree = None;
        assert!(!Indicator::Qualified.counts(&t, Side::Primary, &rules));
    }
}
