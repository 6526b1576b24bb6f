//! The reasons of a plan read from a file (`eligibility --plan`, `notices --plan`):
//! why each teacher moves where they do and why each eligible teacher stays, as a
//! round computes them for its own plan.

use crate::model::county::County;
use crate::model::error::Result;
use crate::model::moves::Move;
use crate::model::pins::{PinAction, Pins};
use crate::model::policy::Policy;
use crate::round::reasons::{explain_farthest, move_reasons, Basis, MoveReason};
use crate::rules::candidates::candidates;
use crate::rules::eligibility::county_eligibility;
use crate::rules::stay::{stay_reasons, Stayed};

/// Why each teacher of a plan moves, and why each eligible teacher stays.
#[derive(Debug, Clone)]
pub struct PlanReasons {
    /// The reason of each move, in the order of the plan's moves.
    pub moves: Vec<MoveReason>,
    /// Each eligible teacher the plan does not move, with the one reason.
    pub stayed: Vec<Stayed>,
}

/// The reasons of `moves` under `policy`, with the bureau's `pins` when the plan was
/// made with them (a pin replaces the eligibility and ranking of a pinned move, and a
/// `stay` pin is the reason of a pinned teacher who stays).
pub fn plan_reasons(
    county: &County,
    policy: &Policy,
    pins: Option<&Pins>,
    moves: &[Move],
) -> Result<PlanReasons> {
    let eligibility = county_eligibility(county, policy);
    let mut cands = candidates(county, policy, &eligibility);
    if let Some(pins) = pins {
        crate::rules::pins::apply(county, policy, pins, &mut cands)?;
    }
    let mut reasons = move_reasons(county, &eligibility, &cands, moves);
    explain_farthest(county, policy, &cands, moves, &mut reasons);
    for pin in pins.map(|p| p.pins.as_slice()).unwrap_or_default() {
        if let Some(i) = moves.iter().position(|m| m.teacher == pin.teacher) {
            let not_eligible = (!eligibility[pin.teacher].is_eligible()
                && pin.action != PinAction::Stay)
                .then(|| eligibility[pin.teacher].clone());
            reasons[i].basis = Basis::Pinned {
                pin: pin.describe(county),
                pin_zh: pin.describe_zh(county),
                not_eligible,
                eligible: eligible_of(&reasons[i].basis),
            };
            reasons[i].rank = None;
            reasons[i].why_there = None;
        }
    }
    let stayed = stay_reasons(county, policy, &eligibility, pins, moves);
    Ok(PlanReasons {
        moves: reasons,
        stayed,
    })
}

/// The years and school of an eligible mover's reason, kept beside a pin.
pub(crate) fn eligible_of(basis: &Basis) -> Option<(u32, String)> {
    match basis {
        Basis::Eligible { years, school } => Some((*years, school.clone())),
        _ => None,
    }
}
