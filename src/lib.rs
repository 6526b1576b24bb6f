//! `rotation` plans the yearly teacher exchange round (交流轮岗) of a Chinese county:
//! which eligible teachers rotate to which schools so that the exchange-rate and
//! backbone-share targets are met with the least commuting and disruption, and every
//! plan is checked rule by rule without the solver.
//!
//! # Planning a county from code
//!
//! ```
//! use rotation::{read_instance, verify, county_eligibility, Policy, Round, SolveOptions};
//!
//! let county = read_instance("instances/haiyan-like".as_ref())?.county;
//! let policy = Policy::read("models/haiyan-2022.toml".as_ref())?;
//! let outcome = Round::new(&county, &policy)
//!     .options(SolveOptions { time_limit: Some(60.0), ..SolveOptions::default() })
//!     .plan()?;
//! println!("{} teachers move", outcome.moves.len());
//! println!("backbone CV after: {:?}", outcome.figures.cv_backbone_per_100);
//! // The plan was checked inside `plan`; `verify` is the same check, open to callers.
//! let eligibility = county_eligibility(&county, &policy);
//! assert!(verify(&county, &policy, &eligibility, &outcome.moves).is_empty());
//! # Ok::<(), rotation::RotationError>(())
//! ```
//!
//! # Layers
//!
//! The modules are the pipeline's layers, each importing only those below it (see
//! `docs/architecture.md`; `tests/architecture.rs` checks it):
//!
//! | layer | what it holds |
//! |---|---|
//! | [`model`] | plain data: county, policy, moves, pins, errors — no I/O |
//! | [`input`] | CSV/GBK/xlsx tables → a validated county; pins, previous plans, roads |
//! | [`rules`] | eligibility, candidate moves, targets, `verify`, metrics — no solver |
//! | [`solve`] | the MIP formulation, HiGHS, column generation for large counties |
//! | [`round`] | one round: inputs → checked plan, reasons, explanations |
//! | [`school`] | after the round: balanced class teams, S-shaped classes, the lottery |
//! | [`output`] | plan files, workbook, templates, HTML report, charts |
//! | [`lab`] | policy comparison and sweeps |
//! | [`research`] | generated counties, MPS/LP export, benchmarks |
//! | [`serve`] | `rotation serve`: the web pages and the JSON API over the rest |
//! | [`study`] | studies of many counties × policies as jobs, sharded for a cluster, merged |
//!
//! The items re-exported here are the small API most callers need.

#![warn(missing_docs)]

pub mod input;
pub mod lab;
pub mod model;
pub mod output;
pub mod research;
pub mod round;
pub mod rules;
pub mod school;
pub mod serve;
pub mod solve;
pub mod study;

pub use input::county_tables::Loaded;
pub use input::instance::read_instance;
pub use input::plan_file::read_plan;
pub use model::county::{County, School, Teacher};
pub use model::error::{Result, RotationError};
pub use model::lang::Lang;
pub use model::moves::Move;
pub use model::pins::{Pin, PinAction, Pins};
pub use model::policy::Policy;
pub use model::previous::Previous;
pub use output::plan_files::write_plan_dir;
pub use research::export::{export_model, ModelFormat};
pub use research::generate::{generate, GeneratorSpec};
pub use round::run::{plan_round, PlanOutcome, Pricing, Round};
pub use rules::candidates::CandidateLimit;
pub use rules::eligibility::{county_eligibility, Eligibility};
pub use rules::metrics::{PlanFigures, SchoolFigures};
pub use rules::verify::{verify, Rule, Violation};
pub use solve::highs::{SolveOptions, SolveOutcome, SolveStatus};
