//! Checking a plan against every rule of the model, in Rust and without the solver.
//! `rotation plan` runs this on every solver answer (HiGHS has had wrong-answer bugs)
//! and `rotation verify` runs it on any plan, hand-edited ones too.

use crate::model::county::County;
use crate::model::lang::Lang;
use crate::model::moves::Move;
use crate::model::policy::{BackboneBase, Policy};
use crate::model::shares::{ceil_share, floor_share, percent};
use crate::rules::breach::Breach;
pub use crate::rules::breach::Rule;
use crate::rules::candidates::move_allowed;
use crate::rules::eligibility::Eligibility;
use serde::Serialize;
use std::collections::BTreeMap;

/// One broken rule of a plan, as `rotation verify` lists it (`[rule] words`).
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// What is wrong, naming the teachers and schools; rendered per language.
    pub breach: Breach,
}

impl Violation {
    /// The violation of `breach`'s rule.
    pub fn new(breach: Breach) -> Violation {
        Violation { breach }
    }

    /// The rule broken (the breach knows it).
    pub fn rule(&self) -> Rule {
        self.breach.rule()
    }

    /// What is wrong, in English (JSON outputs and logs).
    pub fn message(&self) -> String {
        self.breach.text(Lang::En)
    }

    /// What is wrong, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.breach.text(lang)
    }
}

/// JSON keeps the shape of earlier versions: `{"rule": …, "message": …}`.
impl Serialize for Violation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shown {
            rule: Rule,
            message: String,
        }
        Shown {
            rule: self.rule(),
            message: self.message(),
        }
        .serialize(serializer)
    }
}

/// Checks `moves` against every rule. An empty list means the plan is valid.
pub fn verify(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    moves: &[Move],
) -> Vec<Violation> {
    verify_excusing(county, policy, eligibility, moves, &[])
}

/// [`verify`], where the teachers in `excused` may move although not eligible (a pin
/// of the bureau moves them; see `rules::pins::excused`).
pub fn verify_excusing(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    moves: &[Move],
    excused: &[usize],
) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut push = |breach: Breach| out.push(Violation::new(breach));
    let teacher = |t: usize| &county.teachers[t];
    let school_id = |s: usize| county.schools[s].id.0.clone();

    let mut seen: BTreeMap<usize, usize> = BTreeMap::new();
    for m in moves {
        let t = teacher(m.teacher);
        if !eligibility[m.teacher].is_eligible() && !excused.contains(&m.teacher) {
            push(Breach::NotEligible {
                teacher: t.id.0.clone(),
                why: eligibility[m.teacher].clone(),
            });
        }
        *seen.entry(m.teacher).or_insert(0) += 1;
        if let Err(refusal) = move_allowed(county, policy, m.teacher, m.to) {
            push(Breach::MoveRefused {
                teacher: t.id.0.clone(),
                from: school_id(t.school),
                to: school_id(m.to),
                refusal,
            });
        }
    }
    for (&tix, &count) in &seen {
        if count > 1 {
            push(Breach::MovesTwice {
                teacher: teacher(tix).id.0.clone(),
                count,
            });
        }
    }

    // Exchange teams (`teams.csv`) move together to one school or not at all.
    if county.exchange_teams.any() {
        let mut went: Vec<Option<usize>> = vec![None; county.teachers.len()];
        for m in moves {
            went[m.teacher] = Some(m.to);
        }
        for team in &county.exchange_teams.teams {
            if let crate::model::exchange_teams::TeamOutcome::Split(to) = team.outcome(&went) {
                push(Breach::TeamSplit {
                    team: team.name.clone(),
                    members: team
                        .members
                        .iter()
                        .zip(to)
                        .map(|(&t, s)| (teacher(t).id.0.clone(), s.map(school_id)))
                        .collect(),
                });
            }
        }
    }

    let schools = county.schools.len();
    let mut inflow = vec![0i64; schools];
    let mut outflow = vec![0i64; schools];
    let mut subject: BTreeMap<(usize, &str), i64> = BTreeMap::new();
    for m in moves {
        let t = teacher(m.teacher);
        inflow[m.to] += 1;
        outflow[t.school] += 1;
        *subject.entry((m.to, t.subject.as_str())).or_insert(0) += 1;
        *subject.entry((t.school, t.subject.as_str())).or_insert(0) -= 1;
    }
    // This year's returns count as an arrival at the home school and a departure of
    // the host (`rules::terms`), in staffing and in subjects.
    let (mut back_in, mut back_out) = (vec![0i64; schools], vec![0i64; schools]);
    for r in &county.history.returns {
        back_in[r.home] += 1;
        back_out[r.host] += 1;
        let subj = teacher(r.teacher).subject.as_str();
        *subject.entry((r.home, subj)).or_insert(0) += 1;
        *subject.entry((r.host, subj)).or_insert(0) -= 1;
    }
    // Joint appointments (联聘) count half a post in each school, in half-units: a
    // school with an odd number of halves has its tolerance widened by one half
    // (`model::joint`), since no whole move can cancel a half.
    let home: Vec<usize> = county.teachers.iter().map(|t| t.school).collect();
    let halves = county.joint.half_flow(&home, schools);
    let subject_halves = county
        .joint
        .half_flow_by(&home, |t| Some(teacher(t).subject.as_str()));
    for &(s, subj) in subject_halves.keys() {
        subject.entry((s, subj)).or_insert(0);
    }
    let staff = county.staff();
    let tol = policy.rules.staffing_tolerance as i64;
    for s in 0..schools {
        let (arrive, leave) = (inflow[s] + back_in[s], outflow[s] + back_out[s]);
        if halves[s] != 0 {
            if !crate::model::joint::within(tol, halves[s], arrive - leave) {
                push(Breach::StaffingJoint {
                    school: school_id(s),
                    arrive,
                    leave,
                    halves: halves[s],
                    tolerance: tol,
                });
            }
        } else if (arrive - leave).abs() > tol {
            push(Breach::Staffing {
                school: school_id(s),
                arrive,
                leave,
                tolerance: tol,
            });
        }
        let cap = floor_share(policy.rules.outflow_cap, staff[s]) as i64;
        if outflow[s] > cap {
            push(Breach::OutflowCap {
                school: school_id(s),
                leave: outflow[s],
                staff: staff[s],
                cap,
                percent: percent(policy.rules.outflow_cap),
            });
        }
    }
    let stol = policy.rules.subject_tolerance as i64;
    for ((s, subj), net) in &subject {
        let h = subject_halves.get(&(*s, *subj)).copied().unwrap_or(0);
        if h != 0 {
            if !crate::model::joint::above_floor(stol, h, *net) {
                push(Breach::SubjectJoint {
                    school: school_id(*s),
                    subject: subj.to_string(),
                    net: *net,
                    halves: h,
                    tolerance: stol,
                });
            }
        } else if *net < -stol {
            push(Breach::Subject {
                school: school_id(*s),
                subject: subj.to_string(),
                lost: -net,
                tolerance: stol,
            });
        }
    }

    // Targets.
    let eligible: Vec<usize> = (0..county.teachers.len())
        .filter(|&t| eligibility[t].is_eligible())
        .collect();
    let moved = seen.len() as u32;
    let target = ceil_share(policy.targets.exchange_rate, eligible.len() as u32);
    if moved < target {
        push(Breach::ExchangeTarget {
            moved,
            target,
            percent: percent(policy.targets.exchange_rate),
            eligible: eligible.len(),
        });
    }
    let backbone_moved = seen
        .keys()
        .filter(|&&t| teacher(t).backbone.is_backbone())
        .count() as u32;
    match policy.targets.backbone_base {
        BackboneBase::Exchanged => {
            let needed = policy.targets.backbone_share * moved as f64;
            if (backbone_moved as f64) < needed - 1e-9 {
                push(Breach::BackboneShare {
                    backbone: backbone_moved,
                    moved,
                    percent: percent(policy.targets.backbone_share),
                });
            }
        }
        BackboneBase::EligibleBackbone => {
            let eb = eligible
                .iter()
                .filter(|&&t| teacher(t).backbone.is_backbone())
                .count() as u32;
            let needed = ceil_share(policy.targets.backbone_share, eb);
            if backbone_moved < needed {
                push(Breach::BackboneCount {
                    backbone: backbone_moved,
                    eligible: eb,
                    needed,
                });
            }
        }
    }
    // No justified envy, under `rules.stable` (`rules::stability`).
    if policy.rules.stable {
        for e in crate::rules::stability::envy_pairs(county, policy, eligibility, moves) {
            push(Breach::JustifiedEnvy {
                teacher: teacher(e.teacher).id.0.clone(),
                school: school_id(e.school),
                rank: e.rank,
                other: teacher(e.other).id.0.clone(),
                points: e.points,
            });
        }
    }
    // Balance rules, checked exactly (the model holds a linear form of them).
    for breach in crate::rules::balance::check_balance(county, policy, eligibility, moves) {
        let school = match &breach {
            crate::rules::balance::BalanceBreach::BelowFloor { school, .. } => {
                Some(school_id(*school))
            }
            _ => None,
        };
        push(Breach::Balance {
            indicator: policy.balance.indicator,
            breach,
            school,
        });
    }
    out
}
