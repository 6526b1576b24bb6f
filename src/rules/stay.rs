//! Long file: each reason to stay, its words in English and Chinese and its place in
//! the order the reasons are tried sit together, so a new reason cannot miss one.
//!
//! Why an eligible teacher stays (未交流原因): for each eligible teacher a plan does
//! not move, the one reason, computed from the rules and the plan without the solver,
//! so the bureau can answer the teacher who asks "why not me?".
//! A teacher eligible alone who holds a joint appointment (联聘) is listed too, with
//! that reason and both schools: the bureau is asked "why not me?" by them as well.
//!
//! The reasons are tried in a fixed order and the first that holds is given (see
//! `docs/model.md`, "Why a teacher stays"): pinned to stay; no school of a compatible
//! level, zone and group at all; none within the commute cap; their school at its
//! outflow cap in the plan; no teacher of their subject can take their post and the
//! subject's tolerance is used; a colleague's move they could have taken over exactly,
//! at a cost; else their cheapest move would need further moves around it.

use crate::input::vocabulary::subject_zh;
use crate::model::county::County;
use crate::model::indicator::{Indicator, Side};
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::pins::{PinAction, Pins};
use crate::model::policy::Policy;
use crate::model::shares::floor_share;
use crate::rules::breach::Rule;
use crate::rules::candidates::{
    move_allowed, move_cost, pair_allowed, teacher_allowed, Candidates, MoveRefusal,
};
use crate::rules::eligibility::Eligibility;
use serde::Serialize;
use std::collections::HashMap;

/// Why one eligible teacher does not move in a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum StayReason {
    /// The bureau pinned the teacher to stay (`stay` in the pins).
    Pinned,
    /// No other school passes the level, direction and partnership rules
    /// (`refusal` is why the nearest other school is refused).
    NoCompatibleSchool {
        /// The refusal of the nearest other school, if the county has another school.
        refusal: Option<MoveRefusal>,
    },
    /// Schools pass the other rules, but every one is beyond the commute cap; the
    /// nearest is `school` and its refusal names the commute and the cap.
    BeyondCommuteCap {
        /// Id of the nearest school the other rules allow.
        school: String,
        /// `TooFar` or `TooLong`, with the commute and the cap.
        refusal: MoveRefusal,
    },
    /// The teacher's school already loses as many teachers as its outflow cap allows
    /// (`rules.outflow_cap` of its staff, rounded down).
    OutflowCap {
        /// Id of the teacher's school.
        school: String,
        /// Teachers the plan moves out of it.
        leave: u32,
        /// Its staff before the plan.
        staff: u32,
        /// The cap: `floor(outflow_cap × staff)`.
        cap: u32,
    },
    /// No eligible teacher of the same subject at another school may move to the
    /// teacher's school, so nobody can take their post, and the school already loses
    /// as many teachers of the subject as `rules.subject_tolerance` allows.
    NoReplacement {
        /// Id of the teacher's school.
        school: String,
        /// The subject, as written.
        subject: String,
        /// `rules.subject_tolerance`.
        tolerance: u32,
    },
    /// The plan moves `colleague` (same school, same subject, same standing for the
    /// backbone target and the balanced indicator) to `school`; the teacher could have
    /// gone there in the colleague's place, with every rule still holding, at `extra`
    /// more cost (`own` against `theirs`). The least such extra over the colleagues.
    Costlier {
        /// Id of the colleague who moves instead.
        colleague: String,
        /// Id of the school the colleague moves to.
        school: String,
        /// Cost of this teacher's move there (the objective's move cost).
        own: f64,
        /// Cost of the colleague's move there.
        theirs: f64,
        /// `own − theirs`: what the plan saves by moving the colleague.
        extra: f64,
    },
    /// No chosen move can be handed to the teacher unchanged: moving them would take
    /// further moves (someone of their subject to their school, someone away from the
    /// new school). `cheapest` is their cheapest allowed move on its own (to `school`),
    /// `dearest` the dearest move of the plan, if it has any.
    NeedsMoreMoves {
        /// Id of the school of the teacher's cheapest allowed move.
        school: String,
        /// Cost of that move.
        cheapest: f64,
        /// Cost of the dearest move the plan makes, if it makes any.
        dearest: Option<f64>,
        /// Whether the plan meets the exchange and backbone targets.
        targets_met: bool,
    },
    /// The time limit ran out before any plan was found, so the plan written is the one
    /// in which nobody moves, or only whom the round must move and who refills the
    /// posts they leave (`solve::refill`; every hard rule holds): the teacher stays for
    /// lack of time, not because of the plan. Only the round knows this (`Known`): a plan read
    /// from a file gives `NeedsMoreMoves`. `cheapest` is their cheapest allowed move on
    /// its own (to `school`).
    NoPlanInTime {
        /// Id of the school of the teacher's cheapest allowed move.
        school: String,
        /// Cost of that move.
        cheapest: f64,
    },
    /// The teacher is in an exchange team (`teams.csv`), which moves together to one
    /// school or not at all; the plan does not move the team. `schools` is how many
    /// schools are open to every member (0: none, so the team cannot move).
    WithTeam {
        /// The team's name.
        team: String,
        /// Schools every member may move to.
        schools: usize,
    },
    /// Eligible alone, but holds a joint appointment (联聘, `joint.csv`): stays at the
    /// own school this year and also serves the second school, half a post in each
    /// (`rules::eligibility`, `Eligibility::JointAppointment`).
    JointAppointment {
        /// Id of the teacher's own school.
        school: String,
        /// Id of the second school they also serve.
        second: String,
    },
}

/// One eligible teacher who stays, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stayed {
    /// Index into `County::teachers`.
    pub teacher: usize,
    /// The one reason.
    pub reason: StayReason,
}

impl StayReason {
    /// A short key per reason, for `stayed.csv` and scripts.
    pub fn key(&self) -> &'static str {
        match self {
            StayReason::Pinned => "pinned",
            StayReason::NoCompatibleSchool { .. } => "no_compatible_school",
            StayReason::BeyondCommuteCap { .. } => "beyond_commute_cap",
            StayReason::OutflowCap { .. } => "outflow_cap",
            StayReason::NoReplacement { .. } => "no_replacement",
            StayReason::Costlier { .. } => "costlier",
            StayReason::NeedsMoreMoves { .. } => "needs_more_moves",
            StayReason::NoPlanInTime { .. } => "no_plan_in_time",
            StayReason::WithTeam { .. } => "with_team",
            StayReason::JointAppointment { .. } => "joint_appointment",
        }
    }

    /// The extra cost when the reason is a cost (`Costlier`: own − theirs;
    /// `NeedsMoreMoves`: cheapest − dearest).
    pub fn extra_cost(&self) -> Option<f64> {
        match self {
            StayReason::Costlier { extra, .. } => Some(*extra),
            StayReason::NeedsMoreMoves {
                cheapest,
                dearest: Some(d),
                ..
            } => Some(cheapest - d),
            _ => None,
        }
    }

    /// The reason in words, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        match self {
            StayReason::Pinned => "pinned to stay by the bureau".into(),
            StayReason::JointAppointment { school, second } => format!(
                "joint appointment: stays at {school} and also serves {second} this year, \
                 half a post in each"
            ),
            StayReason::WithTeam { team, schools: 0 } => format!(
                "stays with exchange team {team}: no school the move rules allow is open to every member"
            ),
            StayReason::WithTeam { team, schools } => format!(
                "stays with exchange team {team}: the team moves together to one of the {schools} \
                 schools open to every member or not at all, and the plan keeps it in place"
            ),
            StayReason::NoCompatibleSchool { refusal } => format!(
                "no other school the move rules allow{}",
                refusal
                    .as_ref()
                    .map(|r| format!(" (nearest: {})", r.text(Lang::En)))
                    .unwrap_or_default()
            ),
            StayReason::BeyondCommuteCap { school, refusal } => format!(
                "no allowed school within the commute cap: the nearest, {school}, {}",
                refusal.text(Lang::En)
            ),
            StayReason::OutflowCap {
                school,
                leave,
                staff,
                cap,
            } => format!(
                "{school} is at its outflow cap: {leave} of its {staff} teachers leave (cap {cap})"
            ),
            StayReason::NoReplacement {
                school,
                subject,
                tolerance,
            } => format!(
                "no eligible {subject} teacher may move to {school} to take the post, and {school} \
                 already loses the {tolerance} {subject} teacher{} the subject tolerance allows",
                if *tolerance == 1 { "" } else { "s" }
            ),
            StayReason::Costlier {
                colleague,
                school,
                own,
                theirs,
                extra,
            } => format!(
                "the targets were met by moves that cost less: moving this teacher to {school} \
                 instead of {colleague} would cost {extra:.1} more ({own:.1} against {theirs:.1}; \
                 a move's cost is its commute times `weights.km` (or `weights.minute` on roads) plus the policy's other weights)"
            ),
            StayReason::NeedsMoreMoves {
                school,
                cheapest,
                dearest,
                targets_met,
            } => {
                let head = if *targets_met {
                    "the targets were met by moves that cost less"
                } else {
                    "moving this teacher too would break a rule the plan must keep"
                };
                let cmp = match dearest {
                    Some(d) if cheapest > d => format!(
                        "; their cheapest move (to {school}, {cheapest:.1}) alone costs {:.1} more \
                         than the dearest move of the plan ({d:.1})",
                        cheapest - d
                    ),
                    Some(d) => format!(
                        "; their cheapest move (to {school}, {cheapest:.1}) costs no more than the \
                         dearest move of the plan ({d:.1}), but it would need further moves: \
                         someone of their subject to their school and someone away from {school}"
                    ),
                    None => format!("; their cheapest move (to {school}) costs {cheapest:.1}"),
                };
                format!("{head}{cmp}")
            }
            StayReason::NoPlanInTime { school, cheapest } => format!(
                "the time limit ran out before any plan was found: the plan written makes \
                 only the moves the round must make (teachers pinned to move, and the refills \
                 of the posts they and this year's returns leave), or none (every hard rule \
                 holds); their cheapest move (to {school}) costs {cheapest:.1}; a \
                 longer time limit finds a plan"
            ),
        }
    }

    fn chinese(&self) -> String {
        match self {
            StayReason::Pinned => "教育局指定留任".into(),
            StayReason::JointAppointment { school, second } => format!(
                "联聘：本轮留在 {school}，同时在 {second} 任教，两校各按半人计入编制和学科"
            ),
            StayReason::WithTeam { team, schools: 0 } => {
                format!("随交流团队 {team} 留任：没有全体成员都可调往的学校")
            }
            StayReason::WithTeam { team, schools } => format!(
                "随交流团队 {team} 留任：团队须整体调往全体成员都可调往的 {schools} 所学校之一，或整体留任；本方案未调动该团队"
            ),
            StayReason::NoCompatibleSchool { refusal } => format!(
                "没有符合交流规则的学校{}",
                refusal
                    .as_ref()
                    .map(|r| format!("（最近的学校：{}）", r.text(Lang::Zh)))
                    .unwrap_or_default()
            ),
            StayReason::BeyondCommuteCap { school, refusal } => format!(
                "通勤上限内没有可去的学校：最近的{school}{}",
                refusal.text(Lang::Zh)
            ),
            StayReason::OutflowCap {
                school,
                leave,
                staff,
                cap,
            } => format!(
                "{school}调出人数已达上限：{staff}名教师中调出{leave}名（上限{cap}名）"
            ),
            StayReason::NoReplacement {
                school,
                subject,
                tolerance,
            } => format!(
                "没有可交流的{}教师能调入{school}接替其岗位，且{school}调出的{}教师已达学科允许的{tolerance}名",
                subject_zh(subject),
                subject_zh(subject)
            ),
            StayReason::Costlier {
                colleague,
                school,
                own,
                theirs,
                extra,
            } => format!(
                "交流目标已由成本更低的交流完成：由其代替{colleague}调往{school}，成本多{extra:.1}（{own:.1}对{theirs:.1}；交流成本为通勤距离或时间乘以其权重，再加政策的其他各项权重）"
            ),
            StayReason::NeedsMoreMoves {
                school,
                cheapest,
                dearest,
                targets_met,
            } => {
                let head = if *targets_met {
                    "交流目标已由成本更低的交流完成"
                } else {
                    "再调动该教师将违反方案必须遵守的规则"
                };
                let cmp = match dearest {
                    Some(d) if cheapest > d => format!(
                        "；其成本最低的交流（调往{school}，{cheapest:.1}）比方案中成本最高的交流（{d:.1}）多{:.1}",
                        cheapest - d
                    ),
                    Some(d) => format!(
                        "；其成本最低的交流（调往{school}，{cheapest:.1}）不高于方案中成本最高的交流（{d:.1}），\
                         但需要连带其他调动：同学科教师调入其学校、{school}有教师调出"
                    ),
                    None => format!("；其成本最低的交流（调往{school}）成本为{cheapest:.1}"),
                };
                format!("{head}{cmp}")
            }
            StayReason::NoPlanInTime { school, cheapest } => format!(
                "时限内未找到方案：本方案仅安排必须进行的调动（锁定须交流的教师，及为其和本年期满返回教师补位的调动），或无人交流（各项硬性规则均满足）；其成本最低的交流（调往{school}）成本为{cheapest:.1}；延长时限可得方案"
            ),
        }
    }
}

/// Whether `a` and `b` stand alike for every count a rule keeps: backbone (the
/// backbone target and its CV) and the policy's balanced indicator on both sides.
fn alike(county: &County, policy: &Policy, a: usize, b: usize) -> bool {
    let (ta, tb) = (&county.teachers[a], &county.teachers[b]);
    if ta.backbone.is_backbone() != tb.backbone.is_backbone() {
        return false;
    }
    let rules = &policy.indicators;
    [Indicator::Backbone, Indicator::Qualified, Indicator::PeArt]
        .iter()
        .all(|i| {
            [Side::Primary, Side::Junior]
                .iter()
                .all(|&side| i.counts(ta, side, rules) == i.counts(tb, side, rules))
        })
}

/// The reason each eligible teacher that `moves` does not move stays, in teacher
/// order. `pins` are the bureau's locked decisions the plan was made with.
pub fn stay_reasons(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    pins: Option<&Pins>,
    moves: &[Move],
) -> Vec<Stayed> {
    let violations = crate::rules::verify::verify(county, policy, eligibility, moves);
    let targets_met = !violations
        .iter()
        .any(|v| matches!(v.rule(), Rule::ExchangeTarget | Rule::BackboneTarget));
    let known = Known {
        targets_met,
        no_plan_in_time: false,
        candidates: None,
    };
    stay_reasons_known(county, policy, eligibility, pins, moves, known)
}

/// What a round already knows when it asks why teachers stay, so that the reasons
/// cost a pass over its candidate moves rather than a check of every school for every
/// teacher and a second `verify` (seconds at 100,000 teachers).
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    /// Whether the plan meets the exchange and backbone targets.
    pub targets_met: bool,
    /// Whether the plan is the one in which nobody moves, written because the time
    /// limit ran out before any plan was found (method `nobody_moves`).
    pub no_plan_in_time: bool,
    /// The round's candidate moves when they are every allowed move of every eligible
    /// teacher with the pins applied (no `--candidates` limit); `None` checks the
    /// rules school by school.
    pub candidates: Option<&'a Candidates>,
}

/// [`stay_reasons`] with what the round already knows; the same reasons.
pub fn stay_reasons_known(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    pins: Option<&Pins>,
    moves: &[Move],
    known: Known,
) -> Vec<Stayed> {
    let n_schools = county.schools.len();
    // Schools each (subject) may be reached from: whether any eligible teacher of the
    // subject at another school has an allowed move to a school.
    let mut can_arrive: HashMap<(usize, &str), bool> = HashMap::new();
    let mut moving = vec![None; county.teachers.len()];
    let mut outflow = vec![0u32; n_schools];
    let mut lost: HashMap<(usize, &str), i64> = HashMap::new();
    for (i, m) in moves.iter().enumerate() {
        let t = &county.teachers[m.teacher];
        moving[m.teacher] = Some(i);
        outflow[t.school] += 1;
        *lost.entry((t.school, t.subject.as_str())).or_insert(0) += 1;
        *lost.entry((m.to, t.subject.as_str())).or_insert(0) -= 1;
    }
    let staff = county.staff();
    let pinned = |t: usize| pins.and_then(|p| p.of_teacher(t)).map(|p| p.action);
    let team_of = |t: usize| {
        county
            .exchange_teams
            .of_teacher(t)
            .filter(|team| team.members.len() > 1)
    };
    let targets_met = known.targets_met;
    // Each teacher's allowed moves, from the candidates when they hold all of them.
    // They hold exactly the moves `move_allowed` accepts for an unpinned eligible
    // teacher; a pinned teacher's were changed by the pin, and a teacher without any
    // needs the refusals, so both are checked school by school.
    let mut own_moves: Vec<Option<std::ops::Range<usize>>> = vec![None; county.teachers.len()];
    if let Some(c) = known.candidates {
        let mut i = 0;
        while i < c.moves.len() {
            let t = c.moves[i].teacher;
            let start = i;
            while i < c.moves.len() && c.moves[i].teacher == t {
                i += 1;
            }
            own_moves[t] = Some(start..i);
        }
        // Whether a teacher of a subject may arrive at a school is then a pass over
        // the candidates too: they hold the pins' effect exactly as `reachable` does.
        // Each (school, subject) is entered once: the subjects numbered as they come,
        // a table of schools by subject marks the pairs entered (hashing the subject
        // for each of the 14 million moves at 100,000 teachers took about a second).
        let mut subject_no: HashMap<&str, usize> = HashMap::new();
        let mut entered: Vec<Vec<bool>> = Vec::new();
        for run in own_moves.iter().flatten() {
            let subject = county.teachers[c.moves[run.start].teacher].subject.as_str();
            let next = subject_no.len();
            let no = *subject_no.entry(subject).or_insert(next);
            if no == entered.len() {
                entered.push(vec![false; n_schools]);
            }
            for m in &c.moves[run.clone()] {
                if !entered[no][m.school] {
                    entered[no][m.school] = true;
                    can_arrive.insert((m.school, subject), true);
                }
            }
        }
    }
    let cost = |t: usize, s: usize, km: f64| move_cost(county, policy, t, s, km);
    let dearest = moves
        .iter()
        .map(|m| cost(m.teacher, m.to, m.km))
        .fold(None, |a: Option<f64>, c| Some(a.map_or(c, |a| a.max(c))));
    // The plan's moves by (school left, subject), for the takeovers.
    let mut leaving: HashMap<(usize, &str), Vec<&Move>> = HashMap::new();
    for m in moves {
        let c = &county.teachers[m.teacher];
        leaving
            .entry((c.school, c.subject.as_str()))
            .or_default()
            .push(m);
    }
    // Each school's pair rules towards every school, coded (`pair_code`), where asked.
    let mut pairs: Vec<Option<Vec<u8>>> = vec![None; n_schools];
    let mut out = Vec::new();
    for (t, teacher) in county.teachers.iter().enumerate() {
        // A joint appointment keeps a teacher who is eligible alone; the bureau's
        // "why not me?" names both schools.
        if let (Eligibility::JointAppointment { .. }, Some(second)) =
            (&eligibility[t], county.joint.second_school(t))
        {
            out.push(Stayed {
                teacher: t,
                reason: StayReason::JointAppointment {
                    school: county.schools[teacher.school].id.0.clone(),
                    second: county.schools[second].id.0.clone(),
                },
            });
            continue;
        }
        if !eligibility[t].is_eligible() || moving[t].is_some() {
            continue;
        }
        let reason = (|| {
            if pinned(t) == Some(PinAction::Stay) {
                return StayReason::Pinned;
            }
            // A team member moves only with the whole team: the reasons below speak of
            // one teacher alone and would not hold.
            if let Some(team) = team_of(t) {
                let schools = (0..n_schools)
                    .filter(|&s| {
                        team.members
                            .iter()
                            .all(|&m| move_allowed(county, policy, m, s).is_ok())
                    })
                    .count();
                return StayReason::WithTeam {
                    team: team.name.clone(),
                    schools,
                };
            }
            // The teacher's candidate moves, read where they lie: copying them out
            // for each of the 29,000 eligible teachers who stay (14 million moves at
            // 100,000 teachers) took about a tenth of a second.
            let listed = match (&own_moves[t], known.candidates) {
                (Some(range), Some(c)) if pinned(t).is_none() => Some(&c.moves[range.clone()]),
                _ => None,
            };
            let mut checked: Vec<(usize, f64)> = Vec::new();
            let mut nearest_refused: Option<(f64, MoveRefusal)> = None;
            let mut nearest_far: Option<(f64, usize, MoveRefusal)> = None;
            // The schools' own rules once per school a teacher stays at, as the
            // candidates apply them (`move_allowed` is the two steps): under
            // `stay-in-groups` the 100,000-teacher practice county has 21,388 eligible
            // teachers without a candidate move, each weighed against 1,500 schools.
            let from = teacher.school;
            let pair: &[u8] = if listed.is_some() {
                &[]
            } else {
                pairs[from].get_or_insert_with(|| {
                    (0..n_schools)
                        .map(|s| pair_code(pair_allowed(county, policy, from, s)))
                        .collect()
                })
            };
            // Every school when the teacher's moves are not listed, else none.
            for (s, &code) in pair.iter().enumerate() {
                let allowed = pair_refusal(code, || pair_allowed(county, policy, from, s))
                    .and_then(|()| teacher_allowed(county, policy, t, s));
                match allowed {
                    Ok(km) => checked.push((s, km)),
                    Err(MoveRefusal::SameSchool) => {}
                    Err(r @ (MoveRefusal::TooFar { .. } | MoveRefusal::TooLong { .. })) => {
                        let d = county.commute(t, s);
                        if nearest_far.as_ref().is_none_or(|(best, _, _)| d < *best) {
                            nearest_far = Some((d, s, r));
                        }
                    }
                    Err(r) => {
                        let d = county.commute(t, s);
                        if nearest_refused.as_ref().is_none_or(|(best, _)| d < *best) {
                            nearest_refused = Some((d, r));
                        }
                    }
                }
            }
            let allowed = || {
                listed
                    .into_iter()
                    .flatten()
                    .map(|m| (m.school, m.km))
                    .chain(checked.iter().copied())
            };
            if allowed().next().is_none() {
                return match nearest_far {
                    Some((_, s, refusal)) => StayReason::BeyondCommuteCap {
                        school: county.schools[s].id.0.clone(),
                        refusal,
                    },
                    None => StayReason::NoCompatibleSchool {
                        refusal: nearest_refused.map(|(_, r)| r),
                    },
                };
            }
            let cap = floor_share(policy.rules.outflow_cap, staff[teacher.school]);
            if outflow[teacher.school] >= cap {
                return StayReason::OutflowCap {
                    school: county.schools[teacher.school].id.0.clone(),
                    leave: outflow[teacher.school],
                    staff: staff[teacher.school],
                    cap,
                };
            }
            let key = (teacher.school, teacher.subject.as_str());
            let tol = policy.rules.subject_tolerance as i64;
            if lost.get(&key).copied().unwrap_or(0) >= tol
                && !(if known.candidates.is_some() {
                    can_arrive.get(&key).copied().unwrap_or(false)
                } else {
                    reachable(county, policy, eligibility, pins, key, &mut can_arrive)
                })
            {
                return StayReason::NoReplacement {
                    school: county.schools[teacher.school].id.0.clone(),
                    subject: teacher.subject.clone(),
                    tolerance: policy.rules.subject_tolerance,
                };
            }
            let cheapest = || {
                allowed()
                    .map(|(s, km)| (s, cost(t, s, km)))
                    .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
                    .expect("allowed is not empty")
            };
            // Nobody moves for lack of time (or only whom the round must move, and
            // who refills their posts): no plan was weighed, so the reason is the
            // time, not the rules the plan keeps, nor a colleague's move in its place.
            if known.no_plan_in_time {
                let (s, c) = cheapest();
                return StayReason::NoPlanInTime {
                    school: county.schools[s].id.0.clone(),
                    cheapest: c,
                };
            }
            // Takeovers: a chosen move of a colleague of the same school and subject,
            // alike for every count, whose destination this teacher may reach. The
            // plan with the teacher in the colleague's place keeps every count of every
            // rule (outflow, inflow, staffing, subject, targets, balance) unchanged.
            let mut best: Option<StayReason> = None;
            for m in leaving.get(&key).into_iter().flatten() {
                let c = &county.teachers[m.teacher];
                // Taking over a team member's move would split their team.
                if !alike(county, policy, t, m.teacher)
                    || team_of(m.teacher).is_some()
                    || matches!(
                        pinned(m.teacher),
                        Some(PinAction::Move | PinAction::MoveTo(_))
                    )
                {
                    continue;
                }
                let Some((_, km)) = allowed().find(|&(s, _)| s == m.to) else {
                    continue;
                };
                let own = cost(t, m.to, km);
                let theirs = cost(m.teacher, m.to, m.km);
                let extra = own - theirs;
                if best
                    .as_ref()
                    .and_then(StayReason::extra_cost)
                    .is_none_or(|b| extra < b)
                {
                    best = Some(StayReason::Costlier {
                        colleague: c.id.0.clone(),
                        school: county.schools[m.to].id.0.clone(),
                        own,
                        theirs,
                        extra,
                    });
                }
            }
            if let Some(best) = best {
                return best;
            }
            let (s, c) = cheapest();
            StayReason::NeedsMoreMoves {
                school: county.schools[s].id.0.clone(),
                cheapest: c,
                dearest,
                targets_met,
            }
        })();
        out.push(Stayed { teacher: t, reason });
    }
    out
}

/// [`pair_allowed`]'s answer in a byte: 0 allowed, else which of its refusals.
fn pair_code(answer: Result<(), MoveRefusal>) -> u8 {
    match answer {
        Ok(()) => 0,
        Err(MoveRefusal::SameSchool) => 1,
        Err(MoveRefusal::LevelMismatch) => 2,
        Err(MoveRefusal::SameZone) => 3,
        Err(MoveRefusal::OtherGroup) => 4,
        // Any other refusal: asked again by `pair_refusal`.
        Err(_) => 5,
    }
}

/// The answer [`pair_code`] coded, `ask` giving it afresh where the code does not.
fn pair_refusal(
    code: u8,
    ask: impl FnOnce() -> Result<(), MoveRefusal>,
) -> Result<(), MoveRefusal> {
    match code {
        0 => Ok(()),
        1 => Err(MoveRefusal::SameSchool),
        2 => Err(MoveRefusal::LevelMismatch),
        3 => Err(MoveRefusal::SameZone),
        4 => Err(MoveRefusal::OtherGroup),
        _ => ask(),
    }
}

/// Whether any eligible teacher of `key.1` at another school than `key.0` may move
/// there (the pins considered: a teacher pinned to stay or to another school may not).
/// Answers are remembered in `known`.
fn reachable<'a>(
    county: &'a County,
    policy: &Policy,
    eligibility: &[Eligibility],
    pins: Option<&Pins>,
    key: (usize, &'a str),
    known: &mut HashMap<(usize, &'a str), bool>,
) -> bool {
    if let Some(&answer) = known.get(&key) {
        return answer;
    }
    let (school, subject) = key;
    let found = county.teachers.iter().enumerate().any(|(o, other)| {
        if other.school == school || other.subject != subject {
            return false;
        }
        let pin = pins.and_then(|p| p.of_teacher(o)).map(|p| p.action);
        // A member of an exchange team goes only where the whole team may go.
        let may_go = |o: usize| match county
            .exchange_teams
            .of_teacher(o)
            .filter(|team| team.members.len() > 1)
        {
            Some(team) => team
                .members
                .iter()
                .all(|&m| move_allowed(county, policy, m, school).is_ok()),
            None => move_allowed(county, policy, o, school).is_ok(),
        };
        match pin {
            Some(PinAction::Stay) => false,
            Some(PinAction::MoveTo(s)) => s == school,
            Some(PinAction::Move) => may_go(o),
            None => eligibility[o].is_eligible() && may_go(o),
        }
    });
    known.insert(key, found);
    found
}

#[cfg(test)]
#[path = "stay_tests.rs"]
mod tests;
