//! The mixed-integer model and HiGHS: the rules of its rows (`model_rules`, decided
//! once), the formulation (variables and named rows), the solve with its options and
//! status, and column generation (`pricing`) on one live LP for large counties.

pub mod balance_rows;
pub mod balance_swaps;
pub mod fixed_flows;
pub mod formulation;
pub mod highs;
pub(crate) mod live_lp;
pub(crate) mod mip_watch;
pub mod model_arrays;
pub mod model_copy;
pub mod model_rules;
pub mod parallel;
pub mod parity;
pub mod pricing;
pub mod reach;
pub mod reach_race;
pub mod refill;
pub mod stability_rows;
pub mod stages;
pub mod start_basis;
pub mod team_rows;
