//! `rotation` plans the yearly teacher exchange round (交流轮岗) of a Chinese county:
//! which eligible teachers rotate to which schools so that the exchange-rate and
//! backbone-share targets are met with the least commuting and disruption.
//!
//! The pipeline, one module per stage:
//! `read` → `county` + `policy` → `eligibility` → `candidates` → `formulation` →
//! `solve` → `plan` → `verify` → `metrics` → `output`.

pub mod county;
pub mod diagnostics;
pub mod eligibility;
pub mod error;
pub mod generate;
pub mod groups;
pub mod inventory;
pub mod output;
pub mod policy;
pub mod read;

pub use county::County;
pub use error::{Result, RotationError};
pub use policy::Policy;
