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

pub mod bench;
pub mod candidates;
pub mod chart;
pub mod compare;
pub mod county;
pub mod diagnostics;
pub mod eligibility;
pub mod error;
pub mod explain;
pub mod export;
pub mod formulation;
pub mod generate;
pub mod groups;
pub mod html;
pub mod inventory;
pub mod live_lp;
pub mod metrics;
pub mod output;
pub mod pins;
pub mod plan;
pub mod plan_workbook;
pub mod policy;
pub mod pricing;
pub mod read;
pub mod reasons;
pub mod replan;
pub mod report;
pub mod roads;
pub mod solve;
pub mod sweep;
pub mod template;
pub mod verify;
pub mod vocabulary;
pub mod workbook;

pub use county::County;
pub use error::{Result, RotationError};
pub use policy::Policy;
