//! `rotation` plans the yearly teacher exchange round (交流轮岗) of a Chinese county:
//! which eligible teachers rotate to which schools so that the exchange-rate and
//! backbone-share targets are met with the least commuting and disruption.
//!
//! The pipeline, one module per stage:
//! `read` → `county` + `policy` → `eligibility` → `candidates` → `formulation` →
//! `solve` → `plan` → `verify` → `metrics` → `output`.
//!
//! The HR officer's side: `workbook` (Excel in), `vocabulary` (Chinese headers and
//! values), `roads` (travel times), `pins` (locked decisions), `replan` (stay close
//! to a previous plan), `plan_workbook` (Excel out), `template` (empty workbooks).

pub mod input;
pub mod lab;
pub mod model;
pub mod output;
pub mod research;
pub mod round;
pub mod rules;
pub mod solve;

pub use model::county::County;
pub use model::error::{Result, RotationError};
pub use model::policy::Policy;
