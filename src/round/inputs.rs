//! What the bureau adds to a round (pins, a previous plan) and the candidate moves
//! once they are applied.

use crate::model::county::County;
use crate::model::error::Result;
use crate::model::moves::Move;
use crate::model::pins::Pins;
use crate::model::policy::Policy;
use crate::model::previous::Previous;
use crate::rules::candidates::{candidates_in_parts, list_parts, CandidateLimit, Candidates};
use crate::rules::eligibility::Eligibility;
use crate::solve::highs::{SolveOutcome, SolveStatus};
use std::collections::HashMap;

/// What the bureau adds to a round: locked decisions and the plan to stay close to;
/// and, for a stable round, the same round already planned without the rule.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RoundInputs<'a> {
    pub(crate) pins: Option<&'a Pins>,
    pub(crate) previous: Option<&'a Previous>,
    /// The round planned without `rules.stable`: the first round of the bans
    /// (`round::envy_bans`), which would plan it again.
    pub(crate) without_rule: Option<WithoutRule<'a>>,
}

/// The round planned without `rules.stable`, as `Round::plan` returned it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WithoutRule<'a> {
    /// Its solve; with a previous plan, its figures hold the previous plan's changes
    /// (`offset`), which the model's do not.
    pub(crate) solve: &'a SolveOutcome,
    /// Its moves.
    pub(crate) moves: &'a [Move],
    /// Every stage proven (a least shortfall too).
    pub(crate) proven: bool,
}

/// The plan of the round without the rule over `cands`, in the model's own figures
/// (less `offset`, what `Round::plan` added to them for a previous plan): `None`
/// unless it is proven (a plan at a limit is no start for the bans, which would ban
/// from it what a better plan never makes), every move is one of `cands`, and each
/// teacher pinned to move moves.
pub(crate) fn plan_over(
    cands: &Candidates,
    plan: WithoutRule,
    offset: f64,
) -> Option<SolveOutcome> {
    if plan.solve.status != SolveStatus::Optimal || !plan.proven {
        return None;
    }
    let index: HashMap<(usize, usize), usize> = cands
        .moves
        .iter()
        .enumerate()
        .map(|(j, m)| ((m.teacher, m.school), j))
        .collect();
    let mut x = vec![0.0; cands.moves.len()];
    for m in plan.moves {
        x[*index.get(&(m.teacher, m.to))?] = 1.0;
    }
    let moved = |t: usize| plan.moves.iter().any(|m| m.teacher == t);
    if !cands.must_move.iter().all(|&t| moved(t)) {
        return None;
    }
    Some(SolveOutcome {
        x,
        objective: plan.solve.objective - offset,
        dual_bound: plan.solve.dual_bound - offset,
        lp_bound: plan.solve.lp_bound.map(|b| b - offset),
        ..plan.solve.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::candidates::Candidate;

    fn cands(moves: &[(usize, usize)], must_move: Vec<usize>) -> Candidates {
        Candidates {
            moves: moves
                .iter()
                .map(|&(teacher, school)| Candidate {
                    teacher,
                    school,
                    km: 1.0,
                    cross_group: false,
                    cost: 1.0,
                })
                .collect(),
            eligible: vec![0, 1, 2],
            stranded: Vec::new(),
            must_move,
        }
    }

    fn solved(status: SolveStatus) -> SolveOutcome {
        SolveOutcome {
            status,
            objective: 17.0,
            dual_bound: 16.5,
            lp_bound: Some(16.0),
            ..SolveOutcome::nobody_moves(0, 0, 0.0)
        }
    }

    fn mv(teacher: usize, to: usize) -> Move {
        Move {
            teacher,
            to,
            km: 1.0,
        }
    }

    #[test]
    fn the_plan_maps_onto_the_candidates_in_the_models_figures() {
        let c = cands(&[(0, 5), (0, 6), (1, 5), (2, 7)], vec![]);
        let s = solved(SolveStatus::Optimal);
        let moves = [mv(2, 7), mv(0, 6)];
        let plan = WithoutRule {
            solve: &s,
            moves: &moves,
            proven: true,
        };
        let o = plan_over(&c, plan, 4.0).expect("a plan");
        assert_eq!(o.x, vec![0.0, 1.0, 0.0, 1.0]);
        assert_eq!(
            (o.objective, o.dual_bound, o.lp_bound),
            (13.0, 12.5, Some(12.0))
        );
        assert_eq!(o.status, SolveStatus::Optimal);
    }

    #[test]
    fn no_plan_unless_proven_within_the_candidates_and_moving_the_pinned() {
        let c = cands(&[(0, 5), (1, 5)], vec![1]);
        let optimal = solved(SolveStatus::Optimal);
        let at_limit = solved(SolveStatus::TimeLimit);
        let moves = [mv(1, 5)];
        fn plan<'a>(solve: &'a SolveOutcome, moves: &'a [Move], proven: bool) -> WithoutRule<'a> {
            WithoutRule {
                solve,
                moves,
                proven,
            }
        }
        assert!(plan_over(&c, plan(&optimal, &moves, true), 0.0).is_some());
        assert!(plan_over(&c, plan(&at_limit, &moves, true), 0.0).is_none());
        assert!(plan_over(&c, plan(&optimal, &moves, false), 0.0).is_none());
        // A move the candidates lack.
        assert!(plan_over(&c, plan(&optimal, &[mv(1, 5), mv(2, 9)], true), 0.0).is_none());
        // Teacher 1 is pinned to move and stays.
        assert!(plan_over(&c, plan(&optimal, &[mv(0, 5)], true), 0.0).is_none());
    }
}

/// The candidate moves of a round once pins and the previous plan are applied, listed
/// on at most `threads` threads (`SolveOptions::threads`; `None`: as many as
/// `rules::candidates::list_parts` gives).
pub(crate) fn round_candidates(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    limit: CandidateLimit,
    inputs: RoundInputs,
    threads: Option<u32>,
) -> Result<Candidates> {
    let parts = list_parts(county.teachers.len(), threads);
    let mut cands = candidates_in_parts(county, policy, eligibility, limit, parts);
    if let Some(pins) = inputs.pins {
        crate::rules::pins::apply(county, policy, pins, &mut cands)?;
    }
    if let Some(previous) = inputs.previous {
        crate::round::replan::apply_stability(policy, previous, &mut cands);
    }
    Ok(cands)
}

/// What the teachers bring to a round (§ "The teacher's side" of `docs/format.md`):
/// the exchange history, the wishes file, the exchange teams and the joint
/// appointments, each optional, from the instance or their flag
/// (`input::teacher_files::TeacherFiles`).
#[derive(Debug, Clone, Default)]
pub struct TeacherSide {
    /// The exchange history, read against the county as it was read.
    pub history: Option<crate::model::history::History>,
    /// The wishes file (CSV or a workbook with its 意愿 sheet), read against the
    /// county of each round: this year's returns may change a teacher's school.
    pub wishes: Option<std::path::PathBuf>,
    /// The exchange teams file (CSV or a workbook with its 组团交流 sheet), read
    /// against the county of each round (a team's members share the school they are
    /// at once the term ends are applied).
    pub teams: Option<std::path::PathBuf>,
    /// Warnings of reading the teams against the county as it was read (a team of one,
    /// a teacher listed twice), to show once.
    pub warnings: crate::model::diagnostics::Diagnostics,
    /// The joint appointments file (联聘, CSV or a workbook's 联聘 sheet), read against
    /// the county of each round, after the history.
    pub joint: Option<std::path::PathBuf>,
}

impl TeacherSide {
    /// Reads the history (when given) against `county`; the wishes, the teams and the
    /// joint appointments are read per round ([`TeacherSide::county`]).
    pub fn read(
        county: &County,
        files: &crate::input::teacher_files::TeacherFiles,
    ) -> Result<TeacherSide> {
        let history = files
            .history
            .as_deref()
            .map(|p| crate::model::history::History::read(p, county))
            .transpose()?;
        let mut warnings = crate::model::diagnostics::Diagnostics::default();
        if let Some(path) = &files.teams {
            // Read once here for its warnings, shown once whatever the number of rounds
            // planned. Its errors are those of each round's county ([`Self::county`]):
            // a member whose term ends this year is checked at the school they return to.
            let _ = crate::model::exchange_teams::ExchangeTeams::read(path, county, &mut warnings);
        }
        Ok(TeacherSide {
            history,
            wishes: files.wishes.clone(),
            teams: files.teams.clone(),
            warnings,
            joint: files.joint.clone(),
        })
    }

    /// Whether there is nothing on the teachers' side.
    pub fn is_empty(&self) -> bool {
        self.history.is_none()
            && self.wishes.is_none()
            && self.teams.is_none()
            && self.joint.is_none()
    }

    /// The county a round under `policy` plans: this year's term ends applied with the
    /// history (`rules::terms::round_county`), then the wishes and the teams read
    /// against it. Every command that plans or checks a round (`plan`, `verify`,
    /// `eligibility`, `compare`, `sweep`, `report`, studies and the browser) builds its
    /// county here.
    pub fn county(&self, county: &County, policy: &Policy) -> Result<County> {
        let mut round = crate::rules::terms::round_county(county, self.history.as_ref(), policy)?;
        if let Some(path) = &self.wishes {
            round.wishes = crate::model::wishes::Wishes::read(path, &round)?;
        }
        if let Some(path) = &self.teams {
            // The warnings were kept by `read`.
            let mut warnings = crate::model::diagnostics::Diagnostics::default();
            round.exchange_teams =
                crate::model::exchange_teams::ExchangeTeams::read(path, &round, &mut warnings)?;
        }
        // After the teams: a member of an exchange team holds no joint appointment.
        if let Some(path) = &self.joint {
            round.joint = crate::model::joint::JointAppointments::read(path, &round)?;
        }
        Ok(round)
    }
}
