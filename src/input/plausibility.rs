//! Checks that need both the county and the policy: every teacher's age in the
//! planning year (18 to 70), years at the school within a working life, and a
//! planning `year` near the data. Each names the rows (or the policy key) at fault.

use crate::input::county_tables::Loaded;
use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::input_message::InputMessage;
use crate::model::policy::Policy;

/// Youngest plausible age of a teacher in the planning year.
pub const MIN_AGE: i32 = 18;
/// Oldest plausible age of a teacher in the planning year.
pub const MAX_AGE: i32 = 70;
/// The earliest age a teacher can have started at a school (a 中师 graduate);
/// more years at the school than `age − 16` is a data error.
pub const EARLIEST_START: i32 = 16;
/// How far the median teacher's age may lie from a working age before the policy's
/// `year` is taken for a wrong year rather than the teachers for wrong birth years.
const MEDIAN_AGE: std::ops::RangeInclusive<i32> = 22..=62;

/// Checks the county against the policy's planning year (`policy_file` names the
/// policy in messages). Returns every problem as [`RotationError::Invalid`].
pub fn check(loaded: &Loaded, policy: &Policy, policy_file: &str) -> Result<()> {
    let diags = problems(loaded, policy, policy_file);
    if diags.has_errors() {
        Err(RotationError::Invalid(diags))
    } else {
        Ok(())
    }
}

/// The problems [`check`] reports, as diagnostics.
pub fn problems(loaded: &Loaded, policy: &Policy, policy_file: &str) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let teachers = &loaded.county.teachers;
    if teachers.is_empty() {
        return diags;
    }
    let year = policy.year;
    let mut births: Vec<i32> = teachers.iter().map(|t| t.birth_year).collect();
    births.sort_unstable();
    let median = births[births.len() / 2];
    if !MEDIAN_AGE.contains(&(year - median)) {
        // One cause, one message: a wrong year would make every teacher implausible.
        diags.error(
            policy_file,
            None,
            None,
            InputMessage::YearFarFromData {
                year,
                first_birth: births[0],
                last_birth: births[births.len() - 1],
                median,
                median_age: year - median,
                from: median + MEDIAN_AGE.start(),
                to: median + MEDIAN_AGE.end(),
            },
        );
        return diags;
    }
    let origin = &loaded.origin;
    let at = |name: &str| {
        origin
            .teacher_columns
            .get(name)
            .map(|(i, label)| (*i, label.as_str()))
    };
    for (i, t) in teachers.iter().enumerate() {
        let line = origin.teacher_lines.get(i).copied();
        let age = year - t.birth_year;
        if !(MIN_AGE..=MAX_AGE).contains(&age) {
            diags.error(
                &origin.teachers_file,
                line,
                at("birth_year"),
                InputMessage::ImplausibleAge {
                    birth_year: t.birth_year,
                    teacher: t.id.to_string(),
                    age,
                    year,
                    min: MIN_AGE,
                    max: MAX_AGE,
                },
            );
        } else if t.years_at_school as i32 > age - EARLIEST_START {
            diags.error(
                &origin.teachers_file,
                line,
                at("years_at_school"),
                InputMessage::YearsBeyondWorkingLife {
                    years: t.years_at_school,
                    teacher: t.id.to_string(),
                    age,
                    year,
                    start: EARLIEST_START,
                    most: age - EARLIEST_START,
                },
            );
        }
    }
    diags
}
