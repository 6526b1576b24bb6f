//! Exchange history (交流记录): who rotated where and when, and what it means for this
//! year's round once the policy's term rules are applied (`rules::terms`). Read by
//! `input::history`, written back by `output::history_file` with the round's moves.

use serde::Serialize;

/// One exchange term of one teacher: a row of `history.csv` (sheet 交流记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stint {
    /// Index into `County::teachers`.
    pub teacher: usize,
    /// Index into `County::schools` of the school the teacher left (the home school,
    /// 原学校).
    pub from: usize,
    /// Index into `County::schools` of the school the teacher went to (交流学校).
    pub to: usize,
    /// The year the teacher went.
    pub start_year: i32,
    /// The year the term ended (returned or confirmed); `None` while still on exchange.
    pub end_year: Option<i32>,
    /// Line (or sheet row) in its file; 0 for a stint this round adds.
    pub line: usize,
}

/// The exchange history of a county, checked against it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct History {
    /// The history file (or `book.xlsx[sheet]`) as shown in messages.
    pub file: String,
    /// The stints, in file order.
    pub stints: Vec<Stint>,
}

/// A teacher whose exchange term ends this year and who goes back to the home school
/// (`rules.on_term_end = "return"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Return {
    /// Index into `County::teachers`.
    pub teacher: usize,
    /// The school the teacher served the term at and leaves now.
    pub host: usize,
    /// The home school the teacher returns to.
    pub home: usize,
}

/// Where a teacher stands in the exchange cycle this year, when the history says
/// anything that keeps them from rotating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "standing", rename_all = "snake_case")]
pub enum Standing {
    /// The term ends this year and the teacher returns home (not part of this round).
    Returning {
        /// The year the term began.
        since: i32,
    },
    /// Still serving an exchange term that began in `since`.
    OnExchange {
        /// The year the term began.
        since: i32,
    },
    /// Rotated in `year`, fewer than `eligibility.no_repeat_years` years ago.
    RotatedRecently {
        /// The year of the latest exchange.
        year: i32,
        /// `eligibility.no_repeat_years`.
        years: u32,
    },
}

/// What the history means for this year's round under the policy (set by
/// `rules::terms::round_county`); empty for a county without history.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RoundHistory {
    /// The stints read, with those that end this year closed (`end_year` = the year).
    pub stints: Vec<Stint>,
    /// Returns this year, already applied: each teacher is at the home school.
    pub returns: Vec<Return>,
    /// Per teacher (empty without history): the standing that keeps them from this
    /// round, if any.
    pub standing: Vec<Option<Standing>>,
}

impl RoundHistory {
    /// The standing of teacher `t`, if the history keeps them from the round.
    pub fn standing_of(&self, t: usize) -> Option<Standing> {
        self.standing.get(t).copied().flatten()
    }

    /// The fixed flow of the returns into each `(school, subject)` key: +1 at the home
    /// school, −1 at the host, per returning teacher. The staffing and subject rules
    /// count a return as an arrival and a departure of these schools.
    pub fn return_flow(&self, schools: usize) -> Vec<i64> {
        let mut flow = vec![0i64; schools];
        for r in &self.returns {
            flow[r.home] += 1;
            flow[r.host] -= 1;
        }
        flow
    }
}
