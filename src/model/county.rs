//! The county: schools, teachers and the partnership graph, validated and ready to plan.
//!
//! Everything here is plain data. Relations between records are indices into the
//! county's vectors (a teacher's `school` is an index into `County::schools`), checked
//! once when the county is read, so later stages never look an id up again.

use crate::model::groups::{Partnership, PartnershipGroup};
use serde::Serialize;
use std::fmt;
use strum::IntoStaticStr;

/// The text id of a school, as written in `schools.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct SchoolId(pub String);

/// The text id of a teacher, as written in `teachers.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct TeacherId(pub String);

impl fmt::Display for SchoolId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for TeacherId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Urban core (城区) or rural town (农村).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Zone {
    /// Urban core (城区): the county seat's schools.
    Urban,
    /// Rural town or village (农村).
    Rural,
}

/// School level (学段).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Level {
    /// Primary school (小学).
    Primary,
    /// Junior secondary school (初中).
    Junior,
    /// 九年一贯制: primary and junior in one school.
    NineYear,
    /// 特殊教育.
    Special,
}

impl Level {
    /// Whether a teacher of a school of level `self` may teach at a school of level `other`:
    /// the same level, or either school nine-year; special education only with special.
    pub fn compatible_with(self, other: Level) -> bool {
        use Level::*;
        match (self, other) {
            (Special, Special) => true,
            (Special, _) | (_, Special) => false,
            (NineYear, _) | (_, NineYear) => true,
            (a, b) => a == b,
        }
    }
}

/// Backbone teacher level (骨干教师); county level or above counts as backbone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Backbone {
    /// Not a backbone teacher.
    None,
    /// County-level backbone teacher (县级骨干); the lowest level that counts.
    County,
    /// City-level backbone teacher (市级骨干).
    City,
    /// Province-level backbone teacher (省级骨干).
    Province,
}

impl Backbone {
    /// Whether this level counts as a backbone teacher (骨干教师) for the backbone-share
    /// target and the CV figures: county level or above.
    pub fn is_backbone(self) -> bool {
        self != Backbone::None
    }
}

/// Professional title (职称).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Title {
    /// No professional title yet.
    None,
    /// Junior title (初级).
    Junior,
    /// Intermediate title (中级).
    Intermediate,
    /// Senior title (高级).
    Senior,
}

/// Highest degree (学历), for the national indicator "teachers above the required
/// qualification" (高于规定学历). Ordered from lowest to highest.
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
    serde::Deserialize,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Degree {
    /// Secondary vocational (中专) or below.
    Secondary,
    /// Associate (大专).
    Associate,
    /// Bachelor (本科).
    Bachelor,
    /// Master (研究生).
    Master,
    /// Doctor (博士).
    Doctor,
}

/// A teacher's gender (性别), which sets the age limit of eligibility
/// (`eligibility.max_age_female` / `max_age_male`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, IntoStaticStr)]
pub enum Gender {
    /// Female (女).
    F,
    /// Male (男).
    M,
}

/// A point: on a local grid in km, or geographic in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Position {
    /// On the county's local grid, km from its origin (`x_km`/`y_km`, or
    /// `home_x_km`/`home_y_km` for a home), each in [-2000, 2000]; distances are Euclidean.
    Grid {
        /// East–west coordinate, km.
        x_km: f64,
        /// North–south coordinate, km.
        y_km: f64,
    },
    /// Geographic, degrees (`lat`/`lon`, or `home_lat`/`home_lon` for a home): latitude
    /// in [-90, 90], longitude in [-180, 180]; distances are great-circle.
    Geo {
        /// Latitude, degrees north.
        lat: f64,
        /// Longitude, degrees east.
        lon: f64,
    },
}

const EARTH_RADIUS_KM: f64 = 6371.0088;

impl Position {
    /// Straight-line distance in km: Euclidean on the grid, great-circle (haversine)
    /// between geographic points. Mixed systems never meet: the reader rejects them.
    pub fn distance_km(&self, other: &Position) -> f64 {
        match (self, other) {
            (Position::Grid { x_km: x1, y_km: y1 }, Position::Grid { x_km: x2, y_km: y2 }) => {
                ((x1 - x2).powi(2) + (y1 - y2).powi(2)).sqrt()
            }
            (Position::Geo { lat: a1, lon: o1 }, Position::Geo { lat: a2, lon: o2 }) => {
                let (p1, p2) = (a1.to_radians(), a2.to_radians());
                let dp = p2 - p1;
                let dl = (o2 - o1).to_radians();
                let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
                2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
            }
            _ => f64::NAN,
        }
    }

    /// A planar picture of the point in km (for maps): geographic points are projected
    /// equirectangularly around `origin_lat`.
    pub fn plane_km(&self, origin_lat: f64) -> (f64, f64) {
        match *self {
            Position::Grid { x_km, y_km } => (x_km, y_km),
            Position::Geo { lat, lon } => {
                let k = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;
                (lon * k * origin_lat.to_radians().cos(), lat * k)
            }
        }
    }
}

/// One school of the county: a row of `schools.csv` (sheet 学校).
#[derive(Debug, Clone, Serialize)]
pub struct School {
    /// Unique text id (学校编号), e.g. `U1`.
    pub id: SchoolId,
    /// Display name (学校名称), e.g. `城东小学`.
    pub name: String,
    /// Urban core or rural town (城乡), which decides the direction of a move.
    pub zone: Zone,
    /// School level (学段), which decides which schools a teacher may move to.
    pub level: Level,
    /// Enrolled students (学生数); the weight of the school in the CV figures and the
    /// denominator of backbone teachers per 100 students.
    pub students: u32,
    /// Where the school is: on the km grid or in degrees, the same system for every school.
    pub position: Position,
}

/// One full-time teacher: a row of `teachers.csv` (sheet 教师).
#[derive(Debug, Clone, Serialize)]
pub struct Teacher {
    /// Unique text id (教师编号), e.g. `T01`.
    pub id: TeacherId,
    /// Display name (姓名); may be empty.
    pub name: String,
    /// Index of the current school in `County::schools`.
    pub school: usize,
    /// Subject taught (学科) as written, e.g. `math`; a school must keep its headcount per
    /// subject within `rules.subject_tolerance`.
    pub subject: String,
    /// Gender, for the age limits of eligibility.
    pub gender: Gender,
    /// Year of birth, 1940–2010; the age is `Policy::year − birth_year`.
    pub birth_year: i32,
    /// Consecutive years at the current school, 0–50; eligible from
    /// `eligibility.min_years_at_school` on.
    pub years_at_school: u32,
    /// Backbone teacher level (骨干教师); county level or above counts as backbone.
    pub backbone: Backbone,
    /// Professional title (职称); read and written back, not used by the planning rules.
    pub title: Title,
    /// Class head teacher (班主任): may rotate only when `eligibility.homeroom_may_move`,
    /// and a move costs `weights.homeroom`.
    pub homeroom: bool,
    /// Teaches a graduating class this year: may rotate only when
    /// `eligibility.graduating_may_move`, and a move costs `weights.graduating`.
    pub graduating: bool,
    /// Why this teacher is exempt from exchange, if they are.
    pub exempt: Option<String>,
    /// Home position; `None` means "use the current school's position".
    pub home: Option<Position>,
    /// Highest degree (学历), when the county gives one (optional `degree` column).
    pub degree: Option<Degree>,
}

/// A validated county: its schools, teachers and partnership graph, with every relation
/// stored as an index. Built by [`County::new`] once the input passed every check.
#[derive(Debug, Clone)]
pub struct County {
    /// The schools, in the order of `schools.csv`; a school's index is its place here.
    pub schools: Vec<School>,
    /// The teachers, in the order of `teachers.csv`; a teacher's index is its place here.
    pub teachers: Vec<Teacher>,
    /// The edges of the partnership graph (`partnerships.csv`), each pair once.
    pub partnerships: Vec<Partnership>,
    /// Partnership groups (教育共同体): the connected components of the graph, numbered
    /// 1, 2, ... by their first school.
    pub groups: Vec<PartnershipGroup>,
    /// `group_of[s]` is the index into `groups` of school `s`'s group.
    pub group_of: Vec<usize>,
    /// Travel times on a road network (`roads.csv`); when set, commutes are minutes
    /// on the roads instead of straight-line km.
    pub travel: Option<crate::model::travel::TravelTimes>,
    /// The exchange history as it bears on this round (`history.csv` under the policy's
    /// term rules, see `rules::terms`); empty when the round has no history.
    pub history: crate::model::history::RoundHistory,
    /// The teachers' wishes and priority points (`wishes.csv`); empty without them.
    pub wishes: crate::model::wishes::Wishes,
    /// Exchange teams (组团交流, `teams.csv`): teachers who move together or not at
    /// all; empty without them.
    pub exchange_teams: crate::model::exchange_teams::ExchangeTeams,
    /// Joint appointments (联聘, `joint.csv`): teachers who stay and also serve a
    /// second school, half a post in each; empty without them.
    pub joint: crate::model::joint::JointAppointments,
}

impl County {
    /// Builds a county from validated parts and computes its partnership groups.
    pub fn new(
        schools: Vec<School>,
        teachers: Vec<Teacher>,
        partnerships: Vec<Partnership>,
    ) -> County {
        let (groups, group_of) =
            crate::model::groups::partnership_groups(schools.len(), &partnerships);
        County {
            schools,
            teachers,
            partnerships,
            groups,
            group_of,
            travel: None,
            history: Default::default(),
            wishes: Default::default(),
            exchange_teams: Default::default(),
            joint: Default::default(),
        }
    }

    /// The commute of teacher `t` to school `s`: minutes on the road network when the
    /// county has one, else straight-line km from home (else the current school).
    pub fn commute(&self, t: usize, s: usize) -> f64 {
        match &self.travel {
            Some(travel) => travel.minutes(t, s),
            None => self
                .home_of(&self.teachers[t])
                .distance_km(&self.schools[s].position),
        }
    }

    /// The unit of [`County::commute`]: minutes with a road network, the distance
    /// table's unit with one, else km.
    pub fn commute_unit(&self) -> crate::model::travel::CommuteUnit {
        match &self.travel {
            Some(travel) => travel.unit,
            None => crate::model::travel::CommuteUnit::Km,
        }
    }

    /// Where a teacher commutes from: home, else the current school.
    pub fn home_of(&self, teacher: &Teacher) -> Position {
        teacher
            .home
            .unwrap_or(self.schools[teacher.school].position)
    }

    /// Teachers currently at each school.
    pub fn staff(&self) -> Vec<u32> {
        let mut staff = vec![0; self.schools.len()];
        for t in &self.teachers {
            staff[t.school] += 1;
        }
        staff
    }

    /// The index in [`County::schools`] of the school with text id `id`, if there is one.
    pub fn school_index(&self, id: &str) -> Option<usize> {
        self.schools.iter().position(|s| s.id.0 == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_compatibility_follows_the_rule() {
        use Level::*;
        assert!(Primary.compatible_with(Primary));
        assert!(!Primary.compatible_with(Junior));
        assert!(Primary.compatible_with(NineYear));
        assert!(NineYear.compatible_with(Junior));
        assert!(!NineYear.compatible_with(Special));
        assert!(Special.compatible_with(Special));
        assert!(!Special.compatible_with(Primary));
    }

    #[test]
    fn great_circle_distance_matches_a_known_pair() {
        // Haiyan county seat to Jiaxing city centre, about 33 km apart.
        let a = Position::Geo {
            lat: 30.5255,
            lon: 120.9420,
        };
        let b = Position::Geo {
            lat: 30.7461,
            lon: 120.7555,
        };
        let d = a.distance_km(&b);
        assert!((d - 30.3).abs() < 1.5, "{d}");
    }

    #[test]
    fn grid_distance_is_euclidean() {
        let a = Position::Grid {
            x_km: 0.0,
            y_km: 0.0,
        };
        let b = Position::Grid {
            x_km: 3.0,
            y_km: 4.0,
        };
        assert_eq!(a.distance_km(&b), 5.0);
    }
}
