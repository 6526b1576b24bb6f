//! What to generate: the size and shape of a synthetic county, with presets (the
//! seed's Haiyan county; any size with a matching number of schools) and their checks,
//! and the shares its teachers are drawn with ([`Calibration`]).

use crate::model::county::{Title, Zone};
use crate::model::lang::Lang;
use crate::model::message::Message;
use serde::Serialize;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeneratorSpec {
    /// Teachers in the county, spread over the schools.
    pub teachers: usize,
    /// Primary schools (小学).
    pub primary: usize,
    /// Junior schools (初中).
    pub junior: usize,
    /// Nine-year schools (九年一贯制).
    pub nine_year: usize,
    /// Special-education schools (特殊教育).
    pub special: usize,
    /// Number of "1+X" partnership groups.
    pub groups: usize,
    /// Share of (non-special) schools in the urban core.
    pub urban_share: f64,
    /// Radius of a district: its rural towns lie 8 km to this far from its core.
    pub radius_km: f64,
    /// Districts (county seats with their towns): a prefecture-sized instance is
    /// several counties side by side, each with an urban core, rather than one core
    /// with towns beyond any commute.
    pub districts: usize,
    /// Seed of the ChaCha generator: the same spec and seed give the same county on every
    /// platform.
    pub seed: u64,
    /// The shares teachers and students are drawn with.
    pub calibration: Calibration,
    /// How positions are written: on the km grid, or as latitude/longitude.
    pub positions: Positions,
}

/// How a generated county's positions are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Positions {
    /// km east and north of the county's centre (`x_km`, `y_km`).
    #[default]
    Grid,
    /// The same layout as latitude/longitude around 30.5°N 120.9°E (Haiyan), so that
    /// commutes are great-circle distances (`lat`, `lon`, 6 decimals).
    LatLon,
}

/// The shares a county's teachers and students are drawn with. Levels are indexed
/// primary, junior, nine-year, special; titles none, junior, intermediate, senior.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// Students per teacher by level, before the urban/rural factor and the noise; `None`
    /// keeps the school sizes drawn at random as the students (urban 1,200–2,600, rural
    /// 350–1,100, special 80–160) and spreads the teachers in proportion to them.
    pub students_per_teacher: Option<[f64; 4]>,
    /// Factor on the students per teacher of rural schools (small rural schools have
    /// more teachers per student).
    pub rural_students_factor: f64,
    /// Half-width of the uniform noise on each school's students per teacher, relative:
    /// 0.15 draws a factor in [0.85, 1.15].
    pub students_noise: f64,
    /// Whether each school's subjects follow the level's subject shares (within one
    /// post, as a school staffs to its timetable) rather than an independent draw per
    /// teacher.
    pub subjects_by_school: bool,
    /// Factor on the shares of PE, music and art posts in rural schools (with
    /// `subjects_by_school` only): rural schools are short of these teachers.
    pub rural_pe_art: f64,
    /// Highest share of senior titles (reached at 55; `(age − 30) / 25` below).
    pub senior_max: f64,
    /// Share of intermediate titles on top of the senior ones below `intermediate_age`.
    pub intermediate_share: f64,
    /// From this age on, every teacher without a senior title has an intermediate one.
    pub intermediate_age: i32,
    /// Probability of being a backbone teacher by zone (urban, rural) and title.
    pub backbone: [[f64; 4]; 2],
    /// Factor on that probability for teachers of 36 to 50, the years in which backbone
    /// teachers are named (younger teachers are still rising, older ones give way).
    pub backbone_prime: f64,
    /// Whether each school gets its expected number of backbone teachers (give or take
    /// one, by systematic sampling) rather than an independent draw per teacher.
    pub backbone_by_school: bool,
    /// Probability of a degree above the level's requirement (associate for primary,
    /// bachelor for junior, nine-year and special schools), by level, at 40 in an urban
    /// school.
    pub qualified: [f64; 4],
    /// Change of that probability per year of age under 40 (younger teachers hold
    /// higher degrees).
    pub qualified_per_year: f64,
    /// Change of that probability in a rural school.
    pub qualified_rural: f64,
    /// Share of all teachers who are backbone teachers, in [0, 1]; `None` keeps the
    /// probabilities above as drawn. With a share, every teacher's probability is
    /// scaled by one factor (each capped at 1) so that they add up to the share, and the
    /// backbone teachers are named again from a stream of their own: the rest of the
    /// county is the one drawn without it.
    pub backbone_share: Option<f64>,
}

impl Calibration {
    /// The probability that a teacher of `title`, aged `age`, in a school of `zone` is
    /// a backbone teacher (before any [`Calibration::backbone_share`]).
    pub fn backbone_probability(&self, zone: Zone, title: Title, age: i32) -> f64 {
        let prime = if (36..=50).contains(&age) {
            self.backbone_prime
        } else {
            1.0
        };
        (self.backbone[zone as usize][title as usize] * prime).clamp(0.0, 1.0)
    }

    /// The shares of the first generator: realistic students per teacher (about 11
    /// primary, 8 junior), a third of the teachers backbone, most teachers above the
    /// required degree.
    pub fn classic() -> Calibration {
        Calibration {
            students_per_teacher: None,
            rural_students_factor: 1.0,
            students_noise: 0.0,
            subjects_by_school: false,
            rural_pe_art: 1.0,
            senior_max: 0.55,
            intermediate_share: 0.58,
            intermediate_age: 35,
            backbone: [[0.03, 0.03, 0.28, 0.70], [0.03, 0.03, 0.15, 0.50]],
            backbone_prime: 1.0,
            backbone_by_school: false,
            qualified: [0.97, 0.90, 0.92, 0.90],
            qualified_per_year: 0.003,
            qualified_rural: -0.03,
            backbone_share: None,
        }
    }

    /// Calibrated to the seed's Haiyan (2022): 14% backbone teachers (560 named
    /// teachers of 4,000), about a fifth of the eligible teachers backbone, 1.74 / 2.62
    /// backbone and 5.94 / 8.96 qualified teachers per 100 students (primary / junior),
    /// 76.9% intermediate or senior titles. Taken together these figures mean about 8
    /// students per teacher in primary and 5.4 in junior schools, and about half the
    /// teachers above the required degree; see `docs/format.md`.
    pub fn haiyan() -> Calibration {
        Calibration {
            students_per_teacher: Some([8.05, 5.35, 6.5, 3.0]),
            rural_students_factor: 1.0,
            students_noise: 0.25,
            subjects_by_school: true,
            rural_pe_art: 0.65,
            senior_max: 0.45,
            intermediate_share: 0.52,
            intermediate_age: 44,
            backbone: [[0.005, 0.005, 0.068, 0.165], [0.005, 0.005, 0.044, 0.118]],
            backbone_prime: 2.8,
            backbone_by_school: true,
            qualified: [0.53, 0.54, 0.54, 0.54],
            qualified_per_year: 0.01,
            qualified_rural: -0.14,
            backbone_share: None,
        }
    }
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
            districts: 1,
            seed,
            calibration: Calibration::haiyan(),
            positions: Positions::Grid,
        }
    }

    /// A county of `teachers` teachers in `schools` schools with the usual level mix
    /// (about 60% primary, 28% junior, 10% nine-year, the rest special), one
    /// district per 150 schools, each at most 30 km in radius (Haiyan: 35 schools
    /// within about 28 km).
    pub fn sized(teachers: usize, schools: usize, seed: u64) -> GeneratorSpec {
        let special = if schools >= 20 {
            (schools / 50).max(1)
        } else {
            0
        };
        let nine_year = if schools >= 10 { schools / 10 } else { 0 };
        // Below four schools, all primary: two levels that cannot exchange would leave
        // nothing to plan.
        let junior = if schools >= 4 {
            ((schools.saturating_sub(special + nine_year)) as f64 * 0.32).round() as usize
        } else {
            0
        };
        let districts = schools.div_ceil(150).max(1);
        let primary = schools.saturating_sub(special + nine_year + junior);
        GeneratorSpec {
            teachers,
            primary,
            junior,
            nine_year,
            special,
            groups: (schools / 5).max(1),
            urban_share: 0.4,
            radius_km: (12.0 + 3.0 * (schools.div_ceil(districts) as f64).sqrt()).min(30.0),
            districts,
            seed,
            calibration: Calibration::classic(),
            positions: Positions::Grid,
        }
    }

    /// Schools of all levels together.
    pub fn schools(&self) -> usize {
        self.primary + self.junior + self.nine_year + self.special
    }

    /// Checks the spec before generating; the problem names the offending option.
    pub fn check(&self) -> Result<(), SpecProblem> {
        if self.schools() < 2 {
            return Err(SpecProblem::TooFewSchools);
        }
        if self.schools() > 5000 {
            return Err(SpecProblem::TooManySchools);
        }
        if self.teachers < self.schools() || self.teachers > 1_000_000 {
            return Err(SpecProblem::Teachers {
                schools: self.schools(),
            });
        }
        if !(0.0..=1.0).contains(&self.urban_share) {
            return Err(SpecProblem::UrbanShare);
        }
        if self.groups == 0 {
            return Err(SpecProblem::Groups);
        }
        if let Some(share) = self.calibration.backbone_share {
            if !(0.0..=1.0).contains(&share) {
                return Err(SpecProblem::BackboneShare);
            }
        }
        Ok(())
    }
}
/// Why a generator spec is refused, named by its option (`--teachers`); in a
/// benchmark manifest by its key ([`SpecProblem::text_as_key`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SpecProblem {
    /// Fewer than 2 schools.
    TooFewSchools,
    /// More than 5,000 schools.
    TooManySchools,
    /// Teachers fewer than schools or more than a million.
    Teachers {
        /// The county's schools.
        schools: usize,
    },
    /// An urban share outside [0, 1].
    UrbanShare,
    /// No partnership groups.
    Groups,
    /// A backbone share outside [0, 1].
    BackboneShare,
}

impl SpecProblem {
    /// The problem in `lang`, naming command-line options (`--urban-share`).
    pub fn text(&self, lang: Lang) -> String {
        self.render(lang, |flag| format!("--{flag}"))
    }

    /// The problem in `lang`, naming a manifest's keys (`urban_share`).
    pub fn text_as_key(&self, lang: Lang) -> String {
        self.render(lang, |flag| flag.replace('-', "_"))
    }

    fn render(&self, lang: Lang, name: impl Fn(&str) -> String) -> String {
        use SpecProblem as P;
        let en = lang == Lang::En;
        match self {
            P::TooFewSchools if en => "a county needs at least 2 schools".into(),
            P::TooFewSchools => "一个县至少需要 2 所学校".into(),
            P::TooManySchools if en => "at most 5,000 schools".into(),
            P::TooManySchools => "学校最多 5,000 所".into(),
            P::Teachers { schools } if en => format!(
                "{} must be between the number of schools ({schools}) and 1,000,000",
                name("teachers")
            ),
            P::Teachers { schools } => format!(
                "{} 应在学校数（{schools}）与 1,000,000 之间",
                name("teachers")
            ),
            P::UrbanShare if en => format!("{} must be in [0, 1]", name("urban-share")),
            P::UrbanShare => format!("{} 应在 0 到 1 之间", name("urban-share")),
            P::Groups if en => format!("{} must be at least 1", name("groups")),
            P::Groups => format!("{} 至少为 1", name("groups")),
            P::BackboneShare if en => format!("{} must be in [0, 1]", name("backbone-share")),
            P::BackboneShare => format!("{} 应在 0 到 1 之间", name("backbone-share")),
        }
    }
}

impl Message for SpecProblem {
    fn text(&self, lang: Lang) -> String {
        SpecProblem::text(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_problem_has_chinese_and_english() {
        use crate::model::lang::has_chinese;
        use SpecProblem as P;
        for p in [
            P::TooFewSchools,
            P::TooManySchools,
            P::Teachers { schools: 3 },
            P::UrbanShare,
            P::Groups,
            P::BackboneShare,
        ] {
            for text in [p.text(Lang::Zh), p.text_as_key(Lang::Zh)] {
                assert!(has_chinese(&text), "{p:?}: {text}");
            }
            assert!(!has_chinese(&p.text(Lang::En)), "{p:?}");
        }
        assert_eq!(
            P::UrbanShare.text_as_key(Lang::En),
            "urban_share must be in [0, 1]"
        );
    }
}
