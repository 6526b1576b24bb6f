//! One exchange round from county and policy to a checked plan: eligibility,
//! candidates, pins, stability against a previous plan, solve, verify, figures, the
//! reason for each move and the explanation of any shortfall.

pub mod check;
pub mod envy_bans;
pub mod envy_rows;
pub mod explain;
pub mod horizon;
pub mod inputs;
pub mod least_shortfall;
pub mod pin_conflict;
pub mod plan_reasons;
pub mod reasons;
pub mod replan;
pub mod run;
pub mod shortfall;
pub mod wishes;
