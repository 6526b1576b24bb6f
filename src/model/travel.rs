//! Commutes from a table instead of straight lines: minutes on a road network
//! (`input::roads`, from `roads.csv`) or the km or minutes of a distance table
//! (`input::distances`, from `distances.csv`), and the unit every commute figure is in.

use serde::Serialize;

/// Shortest commutes from every teacher's home to every school, in [`TravelTimes::unit`]
/// (minutes on roads; km or minutes from a distance table).
#[derive(Debug, Clone)]
pub struct TravelTimes {
    /// `by_teacher[t][s]`: the commute from teacher `t`'s home to school `s`.
    pub by_teacher: Vec<Vec<f64>>,
    /// The place each school sits at.
    pub school_place: Vec<String>,
    /// The place each teacher lives at.
    pub home_place: Vec<String>,
    /// The unit of `by_teacher`: minutes on roads, km or minutes from a distance table.
    pub unit: CommuteUnit,
    /// The schools had no coordinates: their map positions were laid out from the
    /// distance table (classical multidimensional scaling), so the map is a sketch.
    pub positions_from_table: bool,
}

impl TravelTimes {
    /// Minutes on the roads from teacher `t`'s home to school `s` (indices).
    pub fn minutes(&self, t: usize, s: usize) -> f64 {
        self.by_teacher[t][s]
    }
}

/// The unit of every commute of a county ([`County::commute`](crate::model::county::County::commute)):
/// straight-line km, or minutes on the road network when the county has `roads.csv`.
/// Figures named `*_commute_km` hold this unit; labels and caps follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CommuteUnit {
    /// Straight-line kilometres between home and school.
    #[serde(rename = "km")]
    Km,
    /// Shortest travel time on the road network, minutes.
    #[serde(rename = "min")]
    Minutes,
}

impl CommuteUnit {
    /// The unit as written after a number: `km` or `min`.
    pub fn symbol(self) -> &'static str {
        match self {
            CommuteUnit::Km => "km",
            CommuteUnit::Minutes => "min",
        }
    }

    /// What a commute in this unit measures, in English and Chinese: distances (距离)
    /// or travel times (时间), for labels.
    pub fn measures(self) -> (&'static str, &'static str) {
        match self {
            CommuteUnit::Km => ("distances", "距离"),
            CommuteUnit::Minutes => ("travel times", "时间"),
        }
    }
}
