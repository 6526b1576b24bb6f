//! The plan of an earlier run that a re-plan stays close to (`--previous`).

use serde::Serialize;

/// The previous plan's moves that still name a teacher and a school of the county.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Previous {
    /// The previous plan's file (or `book.xlsx[sheet]`) as shown in messages.
    pub file: String,
    /// `(teacher, to)` indices, in file order.
    pub moves: Vec<(usize, usize)>,
    /// Moves that name a teacher or school no longer in the county, in words.
    pub gone: Vec<String>,
}
