//! A round's inputs read from its folder and checked: the county (with the teacher
//! side it carries, `serve::teacher_side`), the policy, the pins and the previous
//! round's plan. The upload reads them before queueing a round, the worker again
//! before planning it, so both report the same problems.

use crate::input::county_tables::Loaded;
use crate::input::instance::read_instance;
use crate::model::diagnostics::Diagnostics;
use crate::model::{error::RotationError, pins::Pins, policy::Policy, previous::Previous};
use crate::serve::store::{Problem, RoundRecord, Store};
use crate::serve::teacher_side::{round_side, RoundSide};

/// The inputs of a round, read and checked.
pub struct Inputs {
    /// The county, with the warnings of reading it.
    pub loaded: Loaded,
    /// The teacher side the county carries and the county of the round it makes.
    pub round: RoundSide,
    /// The policy.
    pub policy: Policy,
    /// Locked decisions, when the round has `pins.csv`.
    pub pins: Option<Pins>,
    /// The previous plan, when the round re-plans another.
    pub previous: Option<Previous>,
    /// The warnings of reading the county, its exchange teams and the previous plan
    /// (moves dropped), each file named as the errors name it: as uploaded, never by
    /// the round's folder or the server's path.
    pub warnings: Vec<Problem>,
}

/// Reads a round's inputs from its folder: every problem as the CLI reports it, with
/// the round's folder taken off the file names.
pub fn read_inputs(store: &Store, record: &RoundRecord) -> Result<Inputs, Vec<Problem>> {
    let dir = store.dir(&record.id);
    let problems = |e: RotationError| match e {
        RotationError::Invalid(d) => Problem::all(&d, &dir),
        other => vec![Problem::plain(&record.instance, other.to_string())],
    };
    // The county and the policy are read apart, so that the problems of both are
    // reported at once.
    // A zip's files (the county's and the teacher side's) are named as the zip names
    // them (`teachers.csv`), not by the round's `instance/` folder; a workbook by its
    // own name. Errors and warnings alike.
    let uploaded = if record.instance_path == "instance" {
        dir.join("instance")
    } else {
        dir.clone()
    };
    let instance = dir.join(&record.instance_path);
    let loaded = read_instance(&instance).map_err(|e| match e {
        RotationError::Invalid(d) => Problem::all(&d, &uploaded),
        other => problems(other),
    });
    let policy = std::fs::read_to_string(dir.join("policy.toml"))
        .map_err(|e| vec![Problem::plain("policy.toml", e.to_string())])
        .and_then(|text| Policy::parse(&text, "policy.toml").map_err(problems));
    let (loaded, policy) = match (loaded, policy) {
        (Ok(l), Ok(p)) => (l, p),
        (l, p) => {
            let mut all = l.err().unwrap_or_default();
            all.extend(p.err().unwrap_or_default());
            return Err(all);
        }
    };
    // The history, wishes and teams the upload carries: the round plans their county.
    let round = round_side(&instance, &loaded, &policy).map_err(|e| match e {
        RotationError::Invalid(d) => Problem::all(&d, &uploaded),
        other => problems(other),
    })?;
    let mut warnings = Problem::all(&loaded.warnings, &uploaded);
    // The teams' warnings (a team of one, a teacher listed twice), as the CLI prints
    // them; their file is the round's copy (`instance/teams.csv` of a zip).
    warnings.extend(Problem::all(&round.side.warnings, &uploaded));
    let pins_path = dir.join("pins.csv");
    let pins = if pins_path.exists() {
        Some(Pins::read(&pins_path, &round.county).map_err(problems)?)
    } else {
        None
    };
    let previous = match &record.previous {
        None => None,
        Some(p) => {
            let path = store.dir(p).join("out").join("plan.csv");
            if !path.is_file() {
                return Err(vec![Problem::plain(
                    "previous",
                    format!("round `{p}` has no plan; expected the id of a round that is done"),
                )]);
            }
            let mut read = Diagnostics::default();
            let previous =
                Previous::read(&path, &round.county, &mut read).map_err(|e| match e {
                    RotationError::Invalid(d) => Problem::all(&d, &store.dir(p)),
                    other => vec![Problem::plain("previous", other.to_string())],
                })?;
            warnings.extend(Problem::all(&read, &store.dir(p)));
            Some(previous)
        }
    };
    Ok(Inputs {
        loaded,
        round,
        policy,
        pins,
        previous,
        warnings,
    })
}
