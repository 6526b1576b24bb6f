//! The rules of a round without the solver: who is eligible, which moves are allowed
//! and at what cost, the targets, and the independent check (`verify`) and figures
//! (`metrics`, `indicators`: the national method's teacher indicators) of a plan.

pub mod balance;
pub mod breach;
pub mod candidates;
pub mod county_summary;
pub mod cycle;
pub mod eligibility;
pub mod indicator_verdict;
pub mod indicators;
pub mod metrics;
pub mod move_refusal;
pub mod pins;
pub mod stability;
pub mod stay;
pub mod terms;
pub mod verify;
