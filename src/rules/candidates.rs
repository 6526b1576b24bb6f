//! Candidate moves: which (teacher, school) pairs the model may choose, and at what
//! cost. Every rule that concerns one move alone is applied here, once; the
//! formulation and `verify` share the two halves of [`move_allowed`] (the schools'
//! rules and the teacher's) so the two cannot drift apart, and `tests/candidates.rs`
//! holds the list to exactly the moves `move_allowed` accepts.

use crate::model::county::County;
use crate::model::lang::Lang;
use crate::model::policy::{Direction, PartnershipRule, Policy, WishRule};
use crate::rules::eligibility::Eligibility;
use serde::Serialize;

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

/// Why a single move is not allowed (the move-level rules of the model).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MoveRefusal {
    /// The new school is the teacher's current school.
    SameSchool,
    /// The two schools' levels (学段) are not compatible: not the same level and neither
    /// school nine-year, or special education with another level.
    LevelMismatch,
    /// Both schools are in the same zone, and the direction rule is `cross_zone` (城乡交流).
    SameZone,
    /// The new school is in another partnership group (教育共同体), and the partnership rule
    /// is `require`.
    OtherGroup,
    /// Straight-line commute above `rules.max_commute_km` (no road network).
    TooFar {
        /// The commute from home (else the current school) to the new school, km.
        km: f64,
        /// The cap `rules.max_commute_km`, km.
        limit: f64,
    },
    /// `rules.wishes = "only"`: the teacher did not list the school (above `stay`).
    NotWished,
    /// Travel time on the road network above `rules.max_commute_minutes`.
    TooLong {
        /// The travel time on the roads from home to the new school, minutes.
        minutes: f64,
        /// The cap `rules.max_commute_minutes`, minutes.
        limit: f64,
    },
}

impl MoveRefusal {
    /// The refusal in words, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.describe(),
            Lang::Zh => match self {
                MoveRefusal::SameSchool => "调入学校就是教师现任学校".into(),
                MoveRefusal::LevelMismatch => {
                    "学段不符（须同一学段或九年一贯制；特教学校只与特教学校交流）".into()
                }
                MoveRefusal::SameZone => "交流方向规则 `cross_zone` 要求城乡之间交流".into(),
                MoveRefusal::OtherGroup => "共同体规则 `require` 要求在共同体内交流".into(),
                MoveRefusal::NotWished => "意愿规则 `only` 只允许调往教师填报的意愿学校".into(),
                MoveRefusal::TooFar { km, limit } => {
                    format!("通勤 {km:.1} 公里，超过上限 {limit} 公里")
                }
                MoveRefusal::TooLong { minutes, limit } => {
                    format!("道路通行 {minutes:.0} 分钟，超过上限 {limit} 分钟")
                }
            },
        }
    }

    /// The refusal in words, naming the rule, for messages, `verify` and explanations.
    pub fn describe(&self) -> String {
        match self {
            MoveRefusal::SameSchool => "the new school is the teacher's current school".into(),
            MoveRefusal::LevelMismatch => {
                "school levels are not compatible (same level, or nine-year; special only with special)"
                    .into()
            }
            MoveRefusal::SameZone => {
                "the direction rule `cross_zone` needs an urban–rural move".into()
            }
            MoveRefusal::OtherGroup => {
                "the partnership rule `require` keeps moves inside the group".into()
            }
            MoveRefusal::NotWished => {
                "the wish rule `only` allows only a school the teacher listed".into()
            }
            MoveRefusal::TooFar { km, limit } => {
                format!("commute {km:.1} km is above the cap of {limit} km")
            }
            MoveRefusal::TooLong { minutes, limit } => {
                format!("travel time {minutes:.0} min is above the cap of {limit} min")
            }
        }
    }
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
/// [`candidates_limited`] applies them once per pair of schools.
fn pair_allowed(
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
fn teacher_allowed(
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
    let mut out = Candidates::default();
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
    for (t, teacher) in county.teachers.iter().enumerate() {
        if !eligibility[t].is_eligible() {
            continue;
        }
        out.eligible.push(t);
        let before = out.moves.len();
        for &s in &open[teacher.school] {
            if let Ok(km) = teacher_allowed(county, policy, t, s) {
                out.moves.push(Candidate {
                    teacher: t,
                    school: s,
                    km,
                    cross_group: county.group_of[teacher.school] != county.group_of[s],
                    cost: move_cost(county, policy, t, s, km),
                });
            }
        }
        if let CandidateLimit::Nearest(k) = limit {
            let own = &mut out.moves[before..];
            if own.len() > k {
                own.sort_by(|a, b| a.km.total_cmp(&b.km).then(a.school.cmp(&b.school)));
                out.moves.truncate(before + k);
                out.moves[before..].sort_by_key(|m| m.school);
            }
        }
        if out.moves.len() == before {
            out.stranded.push(t);
        }
    }
    keep_teams_together(county, &mut out);
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
