//! What the bureau adds to a round (pins, a previous plan) and the candidate moves
//! once they are applied.

use crate::model::county::County;
use crate::model::error::Result;
use crate::model::pins::Pins;
use crate::model::policy::Policy;
use crate::model::previous::Previous;
use crate::rules::candidates::{candidates_limited, CandidateLimit, Candidates};
use crate::rules::eligibility::Eligibility;

/// What the bureau adds to a round: locked decisions and the plan to stay close to.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RoundInputs<'a> {
    pub(crate) pins: Option<&'a Pins>,
    pub(crate) previous: Option<&'a Previous>,
}

/// The candidate moves of a round once pins and the previous plan are applied.
pub(crate) fn round_candidates(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    limit: CandidateLimit,
    inputs: RoundInputs,
) -> Result<Candidates> {
    let mut cands = candidates_limited(county, policy, eligibility, limit);
    if let Some(pins) = inputs.pins {
        crate::rules::pins::apply(county, policy, pins, &mut cands)?;
    }
    if let Some(previous) = inputs.previous {
        crate::round::replan::apply_stability(policy, previous, &mut cands);
    }
    Ok(cands)
}
