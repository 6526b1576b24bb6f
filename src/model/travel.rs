//! Commutes on a road network: minutes from each home to each school, computed by
//! `input::roads` from `roads.csv`.

/// Shortest travel times from every teacher's home to every school, in minutes.
#[derive(Debug, Clone)]
pub struct TravelTimes {
    /// `by_teacher[t][s]`: minutes from teacher `t`'s home to school `s`.
    pub by_teacher: Vec<Vec<f64>>,
    /// The place each school sits at.
    pub school_place: Vec<String>,
    /// The place each teacher lives at.
    pub home_place: Vec<String>,
}

impl TravelTimes {
    /// Minutes on the roads from teacher `t`'s home to school `s` (indices).
    pub fn minutes(&self, t: usize, s: usize) -> f64 {
        self.by_teacher[t][s]
    }
}
