//! Candidate moves: which (teacher, school) pairs the model may choose, and at what
//! cost. Every rule that concerns one move alone is applied here, once; the
//! formulation and `verify` share the two halves of [`move_allowed`] (the schools'
//! rules and the teacher's) so the two cannot drift apart, and `tests/candidates.rs`
//! holds the list to exactly the moves `move_allowed` accepts.

use crate::model::county::County;
use crate::model::policy::{Direction, PartnershipRule, Policy, WishRule};
use crate::rules::eligibility::Eligibility;
pub use crate::rules::move_refusal::MoveRefusal;
use serde::Serialize;
use std::mem::MaybeUninit;

/// One allowed move of an eligible teacher to another school.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Candidate {
    /// Index into `County::teachers`.
    pub teacher: usize,
    /// Index into `County::schools` of the new school.
    pub school: usize,
    /// Commute from the teacher's home (else current school) to the new school.
    pub km: f64,
    /// The move leaves the teacher's partnership group.
    pub cross_group: bool,
    /// Objective coefficient of this move.
    pub cost: f64,
}

/// Checks the move-level rules for teacher `t` moving to school `s`; returns the
/// commute (km, or minutes on the road network, see [`County::commute`]) when the
/// move is allowed.
pub fn move_allowed(
    county: &County,
    policy: &Policy,
    t: usize,
    s: usize,
) -> Result<f64, MoveRefusal> {
    pair_allowed(county, policy, county.teachers[t].school, s)?;
    teacher_allowed(county, policy, t, s)
}

/// The rules of [`move_allowed`] that look only at the two schools (`from`, the
/// teacher's school, and `to`): the same for every teacher of `from`, so
/// [`candidates_in_parts`] applies them once per pair of schools.
pub(crate) fn pair_allowed(
    county: &County,
    policy: &Policy,
    from: usize,
    to: usize,
) -> Result<(), MoveRefusal> {
    let (a, b) = (&county.schools[from], &county.schools[to]);
    if from == to {
        return Err(MoveRefusal::SameSchool);
    }
    if !a.level.compatible_with(b.level) {
        return Err(MoveRefusal::LevelMismatch);
    }
    if policy.rules.direction == Direction::CrossZone && a.zone == b.zone {
        return Err(MoveRefusal::SameZone);
    }
    if policy.rules.partnership == PartnershipRule::Require
        && county.group_of[from] != county.group_of[to]
    {
        return Err(MoveRefusal::OtherGroup);
    }
    Ok(())
}

/// The rules of [`move_allowed`] that look at the teacher (wishes, commute), for a
/// pair of schools [`pair_allowed`] lets through.
pub(crate) fn teacher_allowed(
    county: &County,
    policy: &Policy,
    t: usize,
    s: usize,
) -> Result<f64, MoveRefusal> {
    if policy.rules.wishes == WishRule::Only
        && county.wishes.any()
        && county.wishes.wants(t, s).is_none()
    {
        return Err(MoveRefusal::NotWished);
    }
    let km = county.commute(t, s);
    // Minutes on roads or from a distance table in minutes; else km.
    if county.commute_unit() == crate::model::travel::CommuteUnit::Minutes {
        if km > policy.rules.max_commute_minutes + 1e-9 {
            return Err(MoveRefusal::TooLong {
                minutes: km,
                limit: policy.rules.max_commute_minutes,
            });
        }
        return Ok(km);
    }
    // A tiny tolerance so a commute printed as "30.0" is not refused against a 30 km cap.
    if km > policy.rules.max_commute_km + 1e-9 {
        return Err(MoveRefusal::TooFar {
            km,
            limit: policy.rules.max_commute_km,
        });
    }
    Ok(km)
}

/// The objective coefficient of a move.
pub fn move_cost(county: &County, policy: &Policy, t: usize, s: usize, km: f64) -> f64 {
    let teacher = &county.teachers[t];
    let w = &policy.weights;
    let cross = county.group_of[teacher.school] != county.group_of[s];
    let per_unit = if county.commute_unit() == crate::model::travel::CommuteUnit::Minutes {
        w.minute
    } else {
        w.km
    };
    per_unit * km
        + if cross {
            policy.cross_group_weight()
        } else {
            0.0
        }
        + if teacher.homeroom { w.homeroom } else { 0.0 }
        + if teacher.graduating {
            w.graduating
        } else {
            0.0
        }
        + wish_cost(county, policy, t, s)
}

/// The part of a move's cost that prices wishes (`rules.wishes` `prefer` or `only`,
/// with a wishes file): `weights.wish · (1 − 1/r)` for a school the teacher wished for
/// at rank r (above `stay`), `weights.wish` for any other move. So granting a wish of
/// rank r saves `weights.wish / r` against a move no wish asked for, and no cost is
/// negative.
pub fn wish_cost(county: &County, policy: &Policy, t: usize, s: usize) -> f64 {
    if policy.rules.wishes == WishRule::Ignore || !county.wishes.any() {
        return 0.0;
    }
    let w = policy.weights.wish;
    match county.wishes.wants(t, s) {
        Some(r) => w * (1.0 - 1.0 / r as f64),
        None => w,
    }
}

/// All candidate moves, grouped by teacher (teachers in county order, schools in
/// county order within a teacher).
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// The candidate moves: one binary column `x(t,s)` of the model each.
    pub moves: Vec<Candidate>,
    /// Eligible teachers, in county order.
    pub eligible: Vec<usize>,
    /// Eligible teachers that have no allowed school at all.
    pub stranded: Vec<usize>,
    /// Teachers who must move (pinned by the bureau), sorted.
    pub must_move: Vec<usize>,
}

impl Candidates {
    /// Whether the plan in which nobody moves breaks no hard rule of the round: nobody
    /// is pinned to move and no teacher's term ends in a return this year (each return
    /// is a move the round must make). Only then is it the plan written when the time
    /// runs out before any other, and may a solve give up for lack of time.
    pub fn nobody_may_stay(&self, county: &County) -> bool {
        self.must_move.is_empty() && county.history.returns.is_empty()
    }

    /// The moves a solution `x` (one value per candidate move) sets to 1.
    pub fn chosen(&self, x: &[f64]) -> Vec<crate::model::moves::Move> {
        self.moves
            .iter()
            .zip(x)
            .filter(|(_, &v)| v > 0.5)
            .map(|(m, _)| crate::model::moves::Move {
                teacher: m.teacher,
                to: m.school,
                km: m.km,
            })
            .collect()
    }
}

/// Every allowed move of every eligible teacher ([`CandidateLimit::All`]): the set `C`
/// of the model.
pub fn candidates(county: &County, policy: &Policy, eligibility: &[Eligibility]) -> Candidates {
    candidates_limited(county, policy, eligibility, CandidateLimit::All)
}

/// How many of a teacher's allowed schools become candidate moves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateLimit {
    /// Every allowed school: the model `rotation plan` solves by default.
    #[default]
    All,
    /// Only the K nearest allowed schools of each teacher (ties by school order): a
    /// heuristic that shrinks the model and may raise the optimum.
    Nearest(usize),
}

/// Candidate moves with an optional limit per teacher. With
/// [`CandidateLimit::All`] this is [`candidates`].
pub fn candidates_limited(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    limit: CandidateLimit,
) -> Candidates {
    let parts = list_parts(county.teachers.len(), None);
    candidates_in_parts(county, policy, eligibility, limit, parts)
}

/// How many threads list the candidate moves of a county of `teachers`, at most
/// `threads` (`SolveOptions::threads`, which the lab's and a study's runs set to 1
/// as they run side by side). Every core, up to [`MAX_PARTS`], above
/// [`PARALLEL_ABOVE_TEACHERS`]: at 100,000 teachers the list (14 M moves) took
/// 0.62-0.76 s on one core, fixed work that every command over the county pays and
/// no time limit can stop (`docs/benchmarks.md`, "The candidate moves on both
/// cores").
pub fn list_parts(teachers: usize, threads: Option<u32>) -> usize {
    if teachers <= PARALLEL_ABOVE_TEACHERS {
        return 1;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores
        .min(threads.map_or(cores, |t| t as usize))
        .clamp(1, MAX_PARTS)
}

/// Up to this many teachers the candidate moves are listed on one thread: the
/// why-short questions of such a county run side by side, each listing its own moves
/// (`round::explain`), and its list takes little (20 ms at 4,000 teachers).
pub const PARALLEL_ABOVE_TEACHERS: usize = 20_000;

/// At most this many threads list the candidate moves: measured on two cores only;
/// each thread adds little memory (the lists share one allocation).
const MAX_PARTS: usize = 8;

/// [`candidates_limited`] with the teachers split into `parts` runs of consecutive
/// teachers (at most [`MAX_PARTS`]), each listed on a thread of its own: the same
/// list whatever `parts` (`tests/candidates.rs` holds splits into one to twelve runs
/// to the single move rule).
pub fn candidates_in_parts(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    limit: CandidateLimit,
    parts: usize,
) -> Candidates {
    // The schools' own rules once per pair of schools, then each teacher's (wishes,
    // commute) only for the schools their school may send to: at 100,000 teachers
    // and 1,500 schools, 14 M allowed moves of 44 M pairs of teacher and school.
    let open: Vec<Vec<usize>> = (0..county.schools.len())
        .map(|from| {
            (0..county.schools.len())
                .filter(|&to| pair_allowed(county, policy, from, to).is_ok())
                .collect()
        })
        .collect();
    let n = county.teachers.len();
    let size = n.div_ceil(parts.clamp(1, MAX_PARTS)).max(1);
    // No empty run (ten teachers in eight parts of two make five runs).
    let parts = n.div_ceil(size).max(1);
    let runs: Vec<std::ops::Range<usize>> = (0..parts)
        .map(|i| (i * size).min(n)..((i + 1) * size).min(n))
        .collect();
    // Each run writes its moves straight into its own stretch of the one list, as
    // long as the most moves its teachers could have; the stretches are then closed
    // up. Joining lists made apart copied all 14 M moves (560 MB) into fresh memory,
    // 0.5 s at 100,000 teachers, more than the second thread saved.
    // Under `Nearest(k)` a teacher keeps at most k of them.
    let kept = |open: usize| match limit {
        CandidateLimit::All => open,
        CandidateLimit::Nearest(k) => open.min(k),
    };
    let most = |run: &std::ops::Range<usize>| -> usize {
        run.clone()
            .filter(|&t| eligibility[t].is_eligible())
            .map(|t| kept(open[county.teachers[t].school].len()))
            .sum()
    };
    let stretches: Vec<usize> = runs.iter().map(most).collect();
    let mut moves: Vec<Candidate> = Vec::with_capacity(stretches.iter().sum());
    let listed: Vec<Listed> = {
        let mut free = &mut moves.spare_capacity_mut()[..];
        let mut slots = Vec::with_capacity(parts);
        for &len in &stretches {
            let (mine, rest) = free.split_at_mut(len);
            slots.push(mine);
            free = rest;
        }
        let list = |run: std::ops::Range<usize>, slots: &mut [MaybeUninit<Candidate>]| {
            list_moves(county, policy, eligibility, limit, &open, run, slots)
        };
        if parts == 1 {
            vec![list(runs[0].clone(), slots.pop().unwrap_or_default())]
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = runs
                    .iter()
                    .cloned()
                    .zip(slots)
                    .map(|(run, slots)| scope.spawn(move || list(run, slots)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            })
        }
    };
    let mut out = Candidates::default();
    let mut len = 0;
    let mut from = 0;
    let spare = moves.spare_capacity_mut();
    for (part, stretch) in listed.into_iter().zip(&stretches) {
        if from != len {
            spare.copy_within(from..from + part.written, len);
        }
        len += part.written;
        from += stretch;
        out.eligible.extend(part.eligible);
        out.stranded.extend(part.stranded);
    }
    // SAFETY: each run wrote the first `written` slots of its stretch (`list_moves`),
    // and the copies above moved them, in run order, to the first `len` slots.
    unsafe { moves.set_len(len) };
    moves.shrink_to_fit();
    out.moves = moves;
    keep_teams_together(county, &mut out);
    out
}

/// What [`list_moves`] wrote for a run of teachers.
struct Listed {
    /// Moves written, at the start of the run's slots.
    written: usize,
    /// The run's eligible teachers.
    eligible: Vec<usize>,
    /// The run's eligible teachers without an allowed move.
    stranded: Vec<usize>,
}

/// Writes the candidate moves of the teachers in `teachers` (county order), given the
/// schools each school may send to (`open`), to the start of `slots`, which has room
/// for every school each eligible teacher's school may send to.
fn list_moves(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    limit: CandidateLimit,
    open: &[Vec<usize>],
    teachers: std::ops::Range<usize>,
    slots: &mut [MaybeUninit<Candidate>],
) -> Listed {
    let mut out = Listed {
        written: 0,
        eligible: Vec::new(),
        stranded: Vec::new(),
    };
    let mut own: Vec<Candidate> = Vec::new();
    for t in teachers {
        let teacher = &county.teachers[t];
        if !eligibility[t].is_eligible() {
            continue;
        }
        out.eligible.push(t);
        own.clear();
        for &s in &open[teacher.school] {
            if let Ok(km) = teacher_allowed(county, policy, t, s) {
                own.push(Candidate {
                    teacher: t,
                    school: s,
                    km,
                    cross_group: county.group_of[teacher.school] != county.group_of[s],
                    cost: move_cost(county, policy, t, s, km),
                });
            }
        }
        if let CandidateLimit::Nearest(k) = limit {
            if own.len() > k {
                own.sort_by(|a, b| a.km.total_cmp(&b.km).then(a.school.cmp(&b.school)));
                own.truncate(k);
                own.sort_by_key(|m| m.school);
            }
        }
        if own.is_empty() {
            out.stranded.push(t);
        }
        // The slots hold every school the teacher's school may send to, and `own`
        // is some of them; a slice too short would panic here, never leave a slot
        // counted and unwritten.
        let room = &mut slots[out.written..out.written + own.len()];
        for (slot, &c) in room.iter_mut().zip(&own) {
            slot.write(c);
        }
        out.written += own.len();
    }
    out
}

/// An exchange team (`teams.csv`) moves to one school together: each member keeps only
/// the schools open to every member (a member with none left is stranded). The model's
/// team rows (`solve::team_rows`) then choose the same school for all or none.
pub fn keep_teams_together(county: &County, cands: &mut Candidates) {
    let teams = &county.exchange_teams;
    if !teams.any() {
        return;
    }
    let mut open: Vec<Vec<usize>> = vec![Vec::new(); county.teachers.len()];
    for c in &cands.moves {
        open[c.teacher].push(c.school);
    }
    let mut shared: Vec<Option<Vec<usize>>> = vec![None; county.teachers.len()];
    for team in teams.teams.iter().filter(|t| t.members.len() > 1) {
        let mut common = open[team.members[0]].clone();
        for &m in &team.members[1..] {
            common.retain(|s| open[m].contains(s));
        }
        for &m in &team.members {
            shared[m] = Some(common.clone());
        }
    }
    cands.moves.retain(|c| {
        shared[c.teacher]
            .as_ref()
            .is_none_or(|common| common.contains(&c.school))
    });
    for team in teams.teams.iter().filter(|t| t.members.len() > 1) {
        for &m in &team.members {
            let eligible = cands.eligible.contains(&m);
            let has_move = shared[m].as_ref().is_some_and(|c| !c.is_empty());
            if eligible && !has_move && !cands.stranded.contains(&m) {
                cands.stranded.push(m);
            }
        }
    }
    cands.stranded.sort_unstable();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::history::Return;

    /// One thread up to the size where the why-short questions run side by side, or
    /// under `--threads 1`; above it, at least one and at most `MAX_PARTS`.
    #[test]
    fn large_counties_only_list_on_several_threads() {
        assert_eq!(list_parts(4_000, None), 1);
        assert_eq!(list_parts(PARALLEL_ABOVE_TEACHERS, None), 1);
        assert_eq!(list_parts(100_000, Some(1)), 1);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(list_parts(100_000, None), cores.clamp(1, MAX_PARTS));
        assert_eq!(list_parts(100_000, Some(2)), cores.clamp(1, 2));
    }

    /// Nobody staying is a plan of the round unless someone is pinned to move or a
    /// teacher returns this year; either alone forbids it.
    #[test]
    fn nobody_may_stay_unless_someone_is_pinned_or_returns() {
        let mut county = County::new(Vec::new(), Vec::new(), Vec::new());
        let mut cands = Candidates::default();
        assert!(cands.nobody_may_stay(&county));
        cands.must_move = vec![0];
        assert!(!cands.nobody_may_stay(&county));
        county.history.returns.push(Return {
            teacher: 0,
            host: 1,
            home: 0,
        });
        assert!(!cands.nobody_may_stay(&county));
        cands.must_move.clear();
        assert!(!cands.nobody_may_stay(&county));
    }
}
