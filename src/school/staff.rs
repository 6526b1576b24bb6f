//! A school's staff after the round, and the strength points of a teacher
//! (`[teams.strength]`): backbone level, title and years of teaching.

use crate::model::county::{Backbone, County, Teacher, Title};
use crate::model::moves::Move;
use crate::model::school::StrengthPoints;

/// The school of every teacher after the plan: the new school of a mover, else the
/// current one.
pub fn schools_after(county: &County, moves: &[Move]) -> Vec<usize> {
    let mut school: Vec<usize> = county.teachers.iter().map(|t| t.school).collect();
    for m in moves {
        school[m.teacher] = m.to;
    }
    school
}

/// Years of teaching, estimated from the age (`year − birth_year − career_start_age`,
/// at least 0): `teachers.csv` has no career column.
pub fn career_years(teacher: &Teacher, year: i32, points: &StrengthPoints) -> u32 {
    (year - teacher.birth_year - points.career_start_age as i32).max(0) as u32
}

/// A teacher's strength points: backbone level + title + one point per
/// `years_per_point` years of teaching, at most `max_year_points` of them.
pub fn strength(teacher: &Teacher, year: i32, points: &StrengthPoints) -> u32 {
    let backbone = match teacher.backbone {
        Backbone::None => 0,
        Backbone::County => points.backbone_county,
        Backbone::City => points.backbone_city,
        Backbone::Province => points.backbone_province,
    };
    let title = match teacher.title {
        Title::None => 0,
        Title::Junior => points.title_junior,
        Title::Intermediate => points.title_intermediate,
        Title::Senior => points.title_senior,
    };
    let years = (career_years(teacher, year, points) / points.years_per_point.max(1))
        .min(points.max_year_points);
    backbone + title + years
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::county::{Gender, TeacherId};

    fn teacher(backbone: Backbone, title: Title, birth_year: i32) -> Teacher {
        Teacher {
            id: TeacherId("T1".into()),
            name: String::new(),
            school: 0,
            subject: "math".into(),
            gender: Gender::F,
            birth_year,
            years_at_school: 3,
            backbone,
            title,
            homeroom: false,
            graduating: false,
            exempt: None,
            home: None,
            degree: None,
        }
    }

    #[test]
    fn strength_adds_backbone_title_and_years() {
        let p = StrengthPoints::default();
        // City backbone 3 + senior 3 + (2026 − 1980 − 22 = 24 years → 2 points).
        assert_eq!(
            strength(&teacher(Backbone::City, Title::Senior, 1980), 2026, &p),
            8
        );
        // A new teacher: nothing.
        assert_eq!(
            strength(&teacher(Backbone::None, Title::None, 2003), 2026, &p),
            0
        );
        // Years are capped at 3 points.
        assert_eq!(
            strength(&teacher(Backbone::None, Title::None, 1960), 2026, &p),
            3
        );
    }
}
