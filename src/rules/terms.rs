//! Exchange terms over the years (`rules.term_years`, `rules.on_term_end`,
//! `eligibility.no_repeat_years`): what a county's history means for this year's round.
//!
//! The round plans the county as this year's term ends leave it: a teacher whose term
//! ends and who returns is placed back at the home school before anything else, and
//! is not part of the round. The return still counts in the staffing and subject rules
//! of both schools (see `docs/model.md`, "Terms and returns"): it is a departure of the
//! host school and an arrival at the home school, fixed before the plan.

use crate::model::county::County;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::history::{History, Return, RoundHistory, Standing, Stint};
use crate::model::input_message::InputMessage;
use crate::model::moves::Move;
use crate::model::policy::{OnTermEnd, Policy};
use crate::model::record_message::RecordMessage;

/// The county of this year's round: `history` applied under `policy` (returns placed
/// at their home school, every teacher's standing in the cycle set, terms that end
/// closed). Without a history the county is returned as it is. A history that names
/// a year after the planning year is an error naming its line.
pub fn round_county(county: &County, history: Option<&History>, policy: &Policy) -> Result<County> {
    let mut round = county.clone();
    let Some(history) = history else {
        return Ok(round);
    };
    let year = policy.year;
    let mut diags = Diagnostics::default();
    for s in &history.stints {
        let last = s.end_year.unwrap_or(s.start_year);
        if s.start_year > year || last > year {
            diags.error(
                &history.file,
                Some(s.line),
                None,
                InputMessage::Record(RecordMessage::TermAfterPlanningYear {
                    until: last.max(s.start_year),
                    year,
                }),
            );
        }
    }
    if diags.has_errors() {
        return Err(RotationError::Invalid(diags));
    }
    let mut stints: Vec<Stint> = history.stints.clone();
    let mut standing: Vec<Option<Standing>> = vec![None; county.teachers.len()];
    let mut returns = Vec::new();
    // The latest exchange of each teacher, for `no_repeat_years`.
    let no_repeat = policy.eligibility.no_repeat_years;
    if no_repeat > 0 {
        for s in &stints {
            if year - s.start_year < no_repeat as i32 {
                let latest = match standing[s.teacher] {
                    Some(Standing::RotatedRecently { year: y, .. }) => y.max(s.start_year),
                    _ => s.start_year,
                };
                standing[s.teacher] = Some(Standing::RotatedRecently {
                    year: latest,
                    years: no_repeat,
                });
            }
        }
    }
    for s in stints.iter_mut().filter(|s| s.end_year.is_none()) {
        let ends = policy
            .rules
            .term_years
            .is_some_and(|term| year - s.start_year >= term as i32);
        if !ends {
            standing[s.teacher] = Some(Standing::OnExchange {
                since: s.start_year,
            });
            continue;
        }
        s.end_year = Some(year);
        if policy.rules.on_term_end == OnTermEnd::Return {
            returns.push(Return {
                teacher: s.teacher,
                host: s.to,
                home: s.from,
            });
            round.teachers[s.teacher].school = s.from;
            standing[s.teacher] = Some(Standing::Returning {
                since: s.start_year,
            });
        }
    }
    round.history = RoundHistory {
        stints,
        returns,
        standing,
    };
    Ok(round)
}

/// The history after this round: the stints read (those whose term ended this year
/// closed with the planning year), then one open stint per move of the plan, starting
/// in the planning year, in the order of `moves`.
pub fn next_history(county: &County, policy: &Policy, moves: &[Move]) -> Vec<Stint> {
    let mut stints = county.history.stints.clone();
    stints.extend(moves.iter().map(|m| Stint {
        teacher: m.teacher,
        from: county.teachers[m.teacher].school,
        to: m.to,
        start_year: policy.year,
        end_year: None,
        line: 0,
    }));
    stints
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::history::Standing;

    fn tiny() -> County {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/tiny");
        crate::input::instance::read_instance(&dir)
            .expect("tiny")
            .county
    }

    fn stint(teacher: usize, from: usize, to: usize, start: i32, end: Option<i32>) -> Stint {
        Stint {
            teacher,
            from,
            to,
            start_year: start,
            end_year: end,
            line: 2,
        }
    }

    /// Teacher 0 on an open term from school `home` to the teacher's current school.
    fn open_term(county: &County, start: i32) -> (History, usize, usize) {
        let host = county.teachers[0].school;
        let home = (host + 1) % county.schools.len();
        let history = History {
            file: "history.csv".into(),
            stints: vec![stint(0, home, host, start, None)],
        };
        (history, host, home)
    }

    #[test]
    fn a_term_that_ends_returns_the_teacher_home() {
        let county = tiny();
        let mut policy = Policy::default();
        policy.rules.term_years = Some(3);
        let (history, host, home) = open_term(&county, policy.year - 3);
        let round = round_county(&county, Some(&history), &policy).unwrap();
        assert_eq!(round.teachers[0].school, home);
        assert_eq!(
            round.history.returns,
            vec![Return {
                teacher: 0,
                host,
                home
            }]
        );
        assert_eq!(round.history.stints[0].end_year, Some(policy.year));
        assert!(matches!(
            round.history.standing_of(0),
            Some(Standing::Returning { .. })
        ));
        let flow = round.history.return_flow(county.schools.len());
        assert_eq!((flow[home], flow[host]), (1, -1));
    }

    #[test]
    fn a_term_that_ends_under_stay_confirms_the_post() {
        let county = tiny();
        let mut policy = Policy::default();
        policy.rules.term_years = Some(3);
        policy.rules.on_term_end = OnTermEnd::Stay;
        let (history, host, _) = open_term(&county, policy.year - 4);
        let round = round_county(&county, Some(&history), &policy).unwrap();
        assert_eq!(round.teachers[0].school, host);
        assert!(round.history.returns.is_empty());
        assert_eq!(round.history.stints[0].end_year, Some(policy.year));
        assert_eq!(round.history.standing_of(0), None);
    }

    #[test]
    fn a_term_still_running_keeps_the_teacher_on_exchange() {
        let county = tiny();
        let mut policy = Policy::default();
        policy.rules.term_years = Some(3);
        let (history, host, _) = open_term(&county, policy.year - 2);
        let round = round_county(&county, Some(&history), &policy).unwrap();
        assert_eq!(round.teachers[0].school, host);
        assert_eq!(
            round.history.standing_of(0),
            Some(Standing::OnExchange {
                since: policy.year - 2
            })
        );
    }

    #[test]
    fn no_repeat_years_counts_from_the_latest_start() {
        let county = tiny();
        let mut policy = Policy::default();
        policy.eligibility.no_repeat_years = 5;
        let y = policy.year;
        let history = History {
            file: "history.csv".into(),
            stints: vec![
                stint(1, 0, 1, y - 9, Some(y - 6)),
                stint(1, 1, 0, y - 4, Some(y - 1)),
                stint(2, 0, 1, y - 5, Some(y - 2)),
            ],
        };
        let round = round_county(&county, Some(&history), &policy).unwrap();
        assert_eq!(
            round.history.standing_of(1),
            Some(Standing::RotatedRecently {
                year: y - 4,
                years: 5
            })
        );
        // Five years ago is no longer within five years.
        assert_eq!(round.history.standing_of(2), None);
    }

    #[test]
    fn a_year_after_the_planning_year_is_an_error_with_its_line() {
        let county = tiny();
        let policy = Policy::default();
        let (history, _, _) = open_term(&county, policy.year + 1);
        let err = round_county(&county, Some(&history), &policy)
            .unwrap_err()
            .to_string();
        assert!(err.contains("history.csv:2"), "{err}");
        assert!(err.contains("after the planning year"), "{err}");
    }

    #[test]
    fn the_next_history_appends_the_moves() {
        let county = tiny();
        let policy = Policy::default();
        let moves = [Move {
            teacher: 3,
            to: 0,
            km: 1.0,
        }];
        let next = next_history(&county, &policy, &moves);
        assert_eq!(next.len(), 1);
        assert_eq!(next[0].from, county.teachers[3].school);
        assert_eq!((next[0].to, next[0].start_year), (0, policy.year));
        assert_eq!(next[0].end_year, None);
    }
}
