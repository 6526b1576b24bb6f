//! Studies at the scale of a province or a country: every county of a list (folders,
//! workbooks or generated sizes × seeds) under every policy and sweep point, as a
//! numbered list of jobs that a cluster's job array or GNU parallel splits with
//! `--shard I/N`, each job written on its own and resumable, the shards merged into
//! one results table. It sits above `lab` (policies, sweeps, key figures) and
//! `research` (generated counties), which may not import each other.

pub mod jobs;
pub mod merge;
pub mod message;
pub mod note;
pub mod run;
pub mod shard_tables;
pub mod spec;
pub mod study_file;
