//! Plain data at the bottom of the stack: the county (schools, teachers, partnership
//! groups), the policy, moves, and the diagnostics and errors every layer reports
//! with. No file I/O and no solver here; every other layer imports from this one.

pub mod blocked_row;
pub mod cell;
pub mod county;
pub mod date;
pub mod diagnostics;
pub mod error;
pub mod exchange_teams;
pub mod groups;
pub mod history;
pub mod indicator;
pub mod input_message;
pub mod joint;
pub mod lang;
pub mod message;
pub mod moves;
pub mod output_failure;
pub mod pins;
pub mod policy;
pub mod policy_labels;
pub mod policy_message;
pub mod previous;
pub mod record_message;
pub mod school;
pub mod school_message;
pub mod shard;
pub mod shares;
pub mod solver_message;
pub mod toml_keys;
pub mod travel;
pub mod travel_message;
pub mod usage_message;
pub mod wishes;
