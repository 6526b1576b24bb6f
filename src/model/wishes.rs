//! Teachers' wishes (意愿) and priority points (积分): where each teacher would like to
//! go, ranked, and how strong their claim is. Read by `input::wishes`, priced by
//! `rules::candidates` (`weights.wish`, `rules.wishes`), audited for justified envy by
//! `rules::stability` and, under `rules.stable`, held as rows of the model.

use serde::Serialize;

/// What a teacher wishes at one rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WishTarget {
    /// To move to this school (index into `County::schools`).
    School(usize),
    /// To stay at the current school (不愿交流).
    Stay,
}

/// One row of `wishes.csv` (sheet 意愿).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Wish {
    /// Index into `County::teachers`.
    pub teacher: usize,
    /// 1 = most wanted.
    pub rank: u32,
    /// The school wished for, or staying.
    pub target: WishTarget,
    /// Line (or sheet row) in its file.
    pub line: usize,
}

/// The wishes of a county's teachers and their priority points.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Wishes {
    /// The wishes file (or `book.xlsx[sheet]`) as shown in messages; empty without one.
    pub file: String,
    /// Per teacher, the wishes by rank (best first); empty for a teacher who gave none.
    pub by_teacher: Vec<Vec<Wish>>,
    /// Per teacher, the priority points given in the file (`priority` column), if any.
    pub points: Vec<Option<f64>>,
}

impl Wishes {
    /// Whether the county has wishes at all.
    pub fn any(&self) -> bool {
        self.by_teacher.iter().any(|w| !w.is_empty())
    }

    /// The rank teacher `t` gave school `s`, if they listed it.
    pub fn rank_of(&self, t: usize, s: usize) -> Option<u32> {
        self.by_teacher
            .get(t)?
            .iter()
            .find(|w| w.target == WishTarget::School(s))
            .map(|w| w.rank)
    }

    /// The rank teacher `t` gave staying, if they listed it.
    pub fn stay_rank(&self, t: usize) -> Option<u32> {
        self.by_teacher
            .get(t)?
            .iter()
            .find(|w| w.target == WishTarget::Stay)
            .map(|w| w.rank)
    }

    /// The rank of an outcome for teacher `t`: moved to `Some(s)` or stayed (`None`);
    /// `None` when the teacher did not list it (worse than anything listed).
    pub fn outcome_rank(&self, t: usize, to: Option<usize>) -> Option<u32> {
        match to {
            Some(s) => self.rank_of(t, s),
            None => self.stay_rank(t),
        }
    }

    /// Whether teacher `t` wished for school `s` and ranked it above staying (a school
    /// listed after `stay` is not wanted more than the current post).
    pub fn wants(&self, t: usize, s: usize) -> Option<u32> {
        let r = self.rank_of(t, s)?;
        match self.stay_rank(t) {
            Some(stay) if stay < r => None,
            _ => Some(r),
        }
    }
}
