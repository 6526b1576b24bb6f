//! The updated exchange history (`history.csv` of a plan folder, with `--history`):
//! the history read, terms that ended this year closed, and this round's moves
//! appended as open terms, so next year's round starts from it.

use crate::model::county::County;
use crate::model::history::Stint;
use crate::output::files::excel_csv_bytes;

/// The header of `history.csv`, the names `input::history` reads.
pub const HISTORY_HEADER: [&str; 5] = [
    "teacher",
    "from_school",
    "to_school",
    "start_year",
    "end_year",
];

/// `history.csv` for `stints` (see `rules::terms::next_history`).
pub fn history_csv(county: &County, stints: &[Stint]) -> Vec<u8> {
    excel_csv_bytes(
        &HISTORY_HEADER,
        stints.iter().map(|s| {
            vec![
                county.teachers[s.teacher].id.0.clone(),
                county.schools[s.from].id.0.clone(),
                county.schools[s.to].id.0.clone(),
                s.start_year.to_string(),
                s.end_year.map(|y| y.to_string()).unwrap_or_default(),
            ]
        }),
    )
}
