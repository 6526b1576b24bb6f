//! Several rounds at once (`plan --years N`): the next N exchange rounds, each planned
//! on the county as the earlier rounds leave it, with the exchange cycle
//! (`rules.cycle_years`, `rules.cycle_share`) read over the whole horizon.
//!
//! The horizon is planned by a rolling horizon: year 1 is solved (with a look-ahead of
//! the cycle rule, below), its plan fixed, the county advanced one year, and so on.
//! Each year is the same checked round as a one-year `plan` on the county that year
//! finds; it is not a joint optimum over the years (see `docs/model.md`, "Several
//! years at once").
//!
//! Advancing the county by a year assumes (and nothing else changes):
//! - the planning year is one more: every teacher is a year older, so the age limits
//!   of eligibility exclude those who pass them;
//! - a teacher who moved or returned home this year has 1 year at the new school next
//!   year; everybody else one year more at theirs (at most 50, the format's limit);
//! - the year's moves start open exchange terms, which end by `rules.term_years` and
//!   `rules.on_term_end` as any term of the history;
//! - nobody retires, leaves or is hired; schools keep their students; class head and
//!   graduating-class flags and exemptions stay as the data gives them.
//!
//! The cycle look-ahead: in year k of N, with R teachers due still missing against
//! the cycle rule and D of the teachers due not yet done and eligible this year, the
//! year's exchange target is raised to at least ⌈R / (N − k + 1)⌉ / D of the eligible
//! (at most 1). The exchange target counts every eligible mover, so this steers the
//! rounds towards the cycle without promising it; the cycle is then read on the whole
//! horizon by `rules::cycle`, and a shortfall is reported in words.

use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::history::{History, Stint};
use crate::model::policy::{Policy, MAX_HORIZON_YEARS};
use crate::model::solver_message::{BrokenRule, SolverMessage};
use crate::round::run::{PlanOutcome, Round};
use crate::rules::candidates::CandidateLimit;
use crate::rules::cycle::{check_cycle, due_teachers, CycleCheck, CycleRule};
use crate::rules::eligibility::county_eligibility;
use crate::rules::terms::{next_history, round_county};
use crate::rules::verify::verify;
use crate::solve::highs::SolveOptions;
use crate::solve::parallel::LimitShare;
use std::time::Instant;

/// One round of a horizon: the county and policy as that year finds them, and its
/// checked plan.
#[derive(Debug, Clone)]
pub struct YearPlan {
    /// The planning year.
    pub year: i32,
    /// The county as the year's data would list it, before the returns of the year
    /// (what `year-k/input/` holds).
    pub input_county: County,
    /// The history as known before the year's round (`year-k/input/history.csv`).
    pub input_history: History,
    /// The county of the round: the returns applied, the standings set.
    pub county: County,
    /// The policy of the year: `year` set, the exchange target perhaps raised by the
    /// cycle look-ahead.
    pub policy: Policy,
    /// `targets.exchange_rate` before the look-ahead raised it, when it did.
    pub raised_from: Option<f64>,
    /// The round's checked plan.
    pub outcome: PlanOutcome,
    /// The history after the year: what next year starts from (`year-k/history.csv`).
    pub history_after: Vec<Stint>,
}

/// A year the horizon could not plan, after at least one year it did: the horizon
/// ends there and keeps the years before it (each a checked plan of its own).
#[derive(Debug, Clone)]
pub struct HorizonStop {
    /// The planning year.
    pub year: i32,
    /// Its round in the horizon, from 1.
    pub round: u32,
    /// Why the year has no plan (the round's own message, not naming the year).
    pub reason: SolverMessage,
    /// Whether the time limit ran out before the year had a plan (else no plan keeps
    /// its rules, or a plan failed its check).
    pub out_of_time: bool,
    /// Seconds the year's round ran before it stopped.
    pub seconds: f64,
}

impl HorizonStop {
    /// The error a command reports for the stop, naming the year.
    pub fn error(&self) -> RotationError {
        if matches!(self.reason, SolverMessage::YearBreaks { .. }) {
            // It names the year itself.
            return RotationError::Solver(self.reason.clone());
        }
        let e = if self.out_of_time {
            RotationError::TimeLimit(self.reason.clone())
        } else {
            RotationError::Solver(self.reason.clone())
        };
        in_year(e, self.year, self.round)
    }
}

/// The plan of a horizon: one checked round per year, and the cycle rule over them.
#[derive(Debug, Clone)]
pub struct HorizonPlan {
    /// The rounds, first year first: every year of the horizon, or those before
    /// [`HorizonPlan::stopped`].
    pub years: Vec<YearPlan>,
    /// The year the horizon stopped at, when one after the first had no plan.
    pub stopped: Option<HorizonStop>,
    /// The cycle rule read on the whole horizon, when the policy sets it and the horizon
    /// reached its last year.
    pub cycle: Option<CycleCheck>,
    /// Seconds for the whole horizon.
    pub total_seconds: f64,
}

impl HorizonPlan {
    /// Whether every year meets its targets and the cycle rule holds.
    pub fn targets_met(&self) -> bool {
        self.stopped.is_none()
            && self.years.iter().all(|y| y.outcome.targets_met())
            && self.cycle.as_ref().is_none_or(CycleCheck::met)
    }
}

/// The county a year later, as its data would list it: the year's movers at their new
/// schools, the returns at home (both with 1 year there), everybody else a year more
/// at their school. `round` is the county of the year's round (returns applied).
pub fn advance_county(round: &County, moves: &[crate::model::moves::Move]) -> County {
    let mut next = round.clone();
    let returned: Vec<usize> = round.history.returns.iter().map(|r| r.teacher).collect();
    for t in next.teachers.iter_mut() {
        t.years_at_school = (t.years_at_school + 1).min(50);
    }
    for &t in &returned {
        next.teachers[t].years_at_school = 1;
    }
    for m in moves {
        next.teachers[m.teacher].school = m.to;
        next.teachers[m.teacher].years_at_school = 1;
    }
    next.history = Default::default();
    next
}

/// Plans `years` rounds from `policy.year` on. `history` is the history read (an empty
/// one when the county has none: the horizon's own moves are history for the later
/// years). `options.time_limit` is the deadline of the whole horizon, shared among the
/// years left. Every year's plan has passed `verify` on the county of that year.
///
/// A year after the first whose round gives no plan (no plan keeps its rules, the
/// limit ran out, or its plan failed the check) ends the horizon: the years before it
/// are returned with [`HorizonPlan::stopped`] saying why, since each is a checked plan
/// that a bureau can use, and a later year's refusal (often returns nobody can
/// replace) does not make it less so. The first year's failure is an error, as for a
/// one-year `plan`.
pub fn plan_horizon(
    county: &County,
    history: Option<&History>,
    policy: &Policy,
    years: u32,
    options: &SolveOptions,
    limit: CandidateLimit,
) -> Result<HorizonPlan> {
    if !(1..=MAX_HORIZON_YEARS).contains(&years) {
        let mut d = crate::model::diagnostics::Diagnostics::default();
        d.error(
            "--years",
            None,
            None,
            crate::model::input_message::InputMessage::HorizonOutOfRange {
                years,
                max: MAX_HORIZON_YEARS,
            },
        );
        return Err(RotationError::Invalid(d));
    }
    let start = Instant::now();
    // The command's deadline, shared evenly among the years still to plan.
    let share = LimitShare::new(options, years as usize, 1);
    let cycle_rule = CycleRule::of(policy);
    let last_year = policy.year + years as i32 - 1;
    let mut input_county = county.clone();
    input_county.history = Default::default();
    let mut input_history = history.cloned().unwrap_or_else(|| History {
        file: "history.csv".into(),
        stints: Vec::new(),
    });
    let mut plans: Vec<YearPlan> = Vec::new();
    let mut due: Option<Vec<bool>> = None;
    let mut stopped = None;
    for k in 0..years {
        let year = policy.year + k as i32;
        let year_start = Instant::now();
        let mut year_policy = policy.clone();
        year_policy.year = year;
        let round = round_county(&input_county, Some(&input_history), &year_policy)?;
        let eligibility = county_eligibility(&round, &year_policy);
        if let (Some(rule), None) = (&cycle_rule, &due) {
            due = Some(due_teachers(
                rule,
                last_year,
                &eligibility,
                &input_history.stints,
            ));
        }
        let mut raised_from = None;
        if let (Some(rule), Some(due)) = (&cycle_rule, &due) {
            let so_far = check_cycle(rule, last_year, due, &input_history.stints);
            let window = rule.window(last_year);
            let mut done = vec![false; due.len()];
            for s in &input_history.stints {
                if (window.0..=window.1).contains(&s.start_year) {
                    done[s.teacher] = true;
                }
            }
            let open = (0..due.len())
                .filter(|&t| due[t] && !done[t] && eligibility[t].is_eligible())
                .count();
            let left = years - k;
            let quota = so_far.shortfall.div_ceil(left);
            if quota > 0 && open > 0 {
                let rate = (quota as f64 / open as f64).min(1.0);
                if rate > year_policy.targets.exchange_rate {
                    raised_from = Some(year_policy.targets.exchange_rate);
                    year_policy.targets.exchange_rate = rate;
                }
            }
        }
        let plan_year = |o: SolveOptions| {
            Round::new(&round, &year_policy)
                .options(o)
                .candidates(limit)
                .plan()
        };
        let year_options = share.next();
        let mut outcome = plan_year(year_options.clone());
        // A year that cannot fall back on the plan in which nobody moves (its returns
        // must be refilled) gets, when its share runs out, the refills alone
        // (`solve::refill`, far short of the targets) or, where no chain mends a
        // return, an error. The share is the horizon's own division of the command's
        // deadline, not the user's: such a year is tried again with all that is left
        // of it (its plan kept only if the retry finds none), and the years after it
        // get what remains (a retry shares the deadline).
        let refilled_only = |o: &Result<crate::round::run::PlanOutcome>| match o {
            Err(RotationError::TimeLimit(_)) => true,
            Ok(plan) => plan.solve.method == crate::solve::highs::SolveMethod::RefilledPosts,
            Err(_) => false,
        };
        if refilled_only(&outcome) {
            if let Some(rest) = retry_limit(year_options.time_limit, options.left_since(start)) {
                let again = plan_year(rest);
                if again.is_ok() || outcome.is_err() {
                    outcome = again;
                }
            }
        }
        let stop = |reason: SolverMessage, out_of_time: bool| HorizonStop {
            year,
            round: k + 1,
            reason,
            out_of_time,
            seconds: year_start.elapsed().as_secs_f64(),
        };
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(RotationError::Solver(reason)) if k > 0 => {
                stopped = Some(stop(reason, false));
                break;
            }
            Err(RotationError::TimeLimit(reason)) if k > 0 => {
                stopped = Some(stop(reason, true));
                break;
            }
            Err(e) => return Err(in_year(e, year, k + 1)),
        };
        // The round verified its plan; the horizon checks it again on the county as
        // this year finds it, as `rotation verify year-k/input` would.
        let broken: Vec<BrokenRule> = verify(&round, &year_policy, &eligibility, &outcome.moves)
            .iter()
            .filter(|v| !v.rule().is_target())
            .map(|v| BrokenRule {
                en: v.text(crate::model::lang::Lang::En),
                zh: v.text(crate::model::lang::Lang::Zh),
            })
            .collect();
        if !broken.is_empty() {
            let breaks = SolverMessage::YearBreaks { year, broken };
            if k == 0 {
                return Err(RotationError::Solver(breaks));
            }
            stopped = Some(stop(breaks, false));
            break;
        }
        let history_after = next_history(&round, &year_policy, &outcome.moves);
        let next_county = advance_county(&round, &outcome.moves);
        let next_history_file = History {
            file: format!("year-{}/history.csv", k + 1),
            stints: history_after
                .iter()
                .cloned()
                .enumerate()
                .map(|(i, s)| Stint { line: i + 2, ..s })
                .collect(),
        };
        plans.push(YearPlan {
            year,
            input_county: std::mem::replace(&mut input_county, next_county),
            input_history: std::mem::replace(&mut input_history, next_history_file),
            county: round,
            policy: year_policy,
            raised_from,
            outcome,
            history_after,
        });
    }
    // The cycle is judged at the horizon's last year; a horizon that stopped before it
    // is not judged (its missing years would read as the rule missed).
    let cycle = match (&cycle_rule, &due, &stopped) {
        (Some(rule), Some(due), None) => {
            Some(check_cycle(rule, last_year, due, &input_history.stints))
        }
        _ => None,
    };
    Ok(HorizonPlan {
        years: plans,
        stopped,
        cycle,
        total_seconds: start.elapsed().as_secs_f64(),
    })
}

/// The options for a year tried again after its share of the limit ran out without a
/// plan: all that is left of the command's limit (`left`), even when that is no more
/// than the share it had (the year before the last gets half of what is left, and
/// fails when that is gone). Without a plan for this year the command fails anyway,
/// so the years after it lose nothing they would have had. `None` when the limit is
/// spent or there was none (`share`: the year's share, seconds).
fn retry_limit(share: Option<f64>, left: SolveOptions) -> Option<SolveOptions> {
    share?;
    left.time_limit?;
    (!left.spent()).then_some(left)
}

/// An error of one year's round, naming the year.
fn in_year(e: RotationError, year: i32, k: u32) -> RotationError {
    match e {
        RotationError::Solver(inner) => RotationError::Solver(SolverMessage::InYear {
            year,
            round: k,
            inner: Box::new(inner),
        }),
        RotationError::TimeLimit(inner) => RotationError::TimeLimit(SolverMessage::InYear {
            year,
            round: k,
            inner: Box::new(inner),
        }),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::moves::Move;

    fn tiny() -> County {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/tiny");
        crate::input::instance::read_instance(&dir)
            .expect("tiny")
            .county
    }

    #[test]
    fn a_year_later_movers_have_one_year_at_the_new_school_and_others_one_more() {
        let county = tiny();
        let to = (county.teachers[0].school + 1) % county.schools.len();
        let before = county.teachers[1].years_at_school;
        let next = advance_county(
            &county,
            &[Move {
                teacher: 0,
                to,
                km: 1.0,
            }],
        );
        assert_eq!(next.teachers[0].school, to);
        assert_eq!(next.teachers[0].years_at_school, 1);
        assert_eq!(next.teachers[1].years_at_school, (before + 1).min(50));
        assert_eq!(next.teachers[1].birth_year, county.teachers[1].birth_year);
    }

    #[test]
    fn more_than_twenty_years_is_refused_in_both_languages() {
        let county = tiny();
        let err = plan_horizon(
            &county,
            None,
            &Policy::default(),
            21,
            &SolveOptions::default(),
            CandidateLimit::All,
        )
        .unwrap_err();
        let RotationError::Invalid(d) = &err else {
            panic!("{err}")
        };
        let en = d.render(crate::model::lang::Lang::En);
        let zh = d.render(crate::model::lang::Lang::Zh);
        assert!(en.contains("--years") && en.contains("21"), "{en}");
        assert!(crate::model::input_message::has_chinese(&zh), "{zh}");
    }

    #[test]
    fn a_year_out_of_time_is_tried_again_with_what_is_left_of_the_limit() {
        let left = |t: Option<f64>| SolveOptions {
            time_limit: t,
            ..SolveOptions::default()
        };
        // 0.5 s for three years: the first had 0.17 s, 0.31 s are left.
        let rest = retry_limit(Some(0.17), left(Some(0.31))).expect("a retry");
        assert_eq!(rest.time_limit, Some(0.31));
        // The year before the last had half of what was left: the other half.
        let rest = retry_limit(Some(0.35), left(Some(0.34))).expect("a retry");
        assert_eq!(rest.time_limit, Some(0.34));
        // Spent, or no limit at all (no share ran out).
        assert!(retry_limit(Some(0.1), left(Some(0.0))).is_none());
        assert!(retry_limit(None, left(None)).is_none());
    }
}
