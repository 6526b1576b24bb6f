//! Exchange teams (组团交流, `teams.csv`) as rows of the model (`docs/model.md`,
//! "Exchange teams"). A team with members `t₀, t₁, …` moves together to one school or
//! not at all: for every school `s` some member may move to, and every member `tᵢ`
//! after the first,
//!
//! ```text
//! x(t₀,s) − x(tᵢ,s) = 0
//! ```
//!
//! where a move that is not a candidate counts as 0 (so the row fixes the other side
//! at 0). Linking rows keep one column per (teacher, school) move, so the plan, the
//! reasons and `verify` read the answer as for any other teacher; HiGHS's presolve
//! substitutes the equalities away. Pricing's restricted model does not hold these
//! rows: a round with teams solves the full model (`round::run`).

use crate::model::county::County;
use crate::rules::candidates::Candidates;

/// One team row: the candidate index of the first member's move to `school` and of
/// the other member's, `None` where that move is not a candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRow {
    /// Index into `County::exchange_teams.teams`.
    pub team: usize,
    /// The other member (index into `County::teachers`).
    pub member: usize,
    /// The school (index into `County::schools`).
    pub school: usize,
    /// Candidate move of the first member to `school`.
    pub first: Option<usize>,
    /// Candidate move of `member` to `school`.
    pub other: Option<usize>,
}

/// The team rows over `candidates`; none without teams of two or more.
pub fn team_rows(county: &County, candidates: &Candidates) -> Vec<TeamRow> {
    let teams = &county.exchange_teams;
    if !teams.any() {
        return Vec::new();
    }
    let mut index = std::collections::HashMap::new();
    for (j, c) in candidates.moves.iter().enumerate() {
        if teams.team_of.get(c.teacher).copied().flatten().is_some() {
            index.insert((c.teacher, c.school), j);
        }
    }
    let mut rows = Vec::new();
    for (k, team) in teams.teams.iter().enumerate() {
        let Some((&lead, rest)) = team.members.split_first() else {
            continue;
        };
        let mut schools: Vec<usize> = candidates
            .moves
            .iter()
            .filter(|c| team.members.contains(&c.teacher))
            .map(|c| c.school)
            .collect();
        schools.sort_unstable();
        schools.dedup();
        for &s in &schools {
            let first = index.get(&(lead, s)).copied();
            for &m in rest {
                let other = index.get(&(m, s)).copied();
                if first.is_none() && other.is_none() {
                    continue;
                }
                rows.push(TeamRow {
                    team: k,
                    member: m,
                    school: s,
                    first,
                    other,
                });
            }
        }
    }
    rows
}
