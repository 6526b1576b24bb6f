//! What to generate: the size and shape of a synthetic county, with presets (the
//! seed's Haiyan county; any size with a matching number of schools) and their checks.

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
        }
    }

    /// Schools of all levels together.
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
