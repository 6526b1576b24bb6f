//! Tools for researchers: counties generated at any scale, a real county anonymized for
//! sharing, the model exported as MPS/LP, and benchmark tables.

pub mod anonymize;
pub mod bench;
pub mod calibration;
pub mod export;
pub mod family;
pub mod family_lines;
pub mod family_manifest;
pub mod family_message;
pub mod family_summary;
pub mod family_targets;
pub mod generate;
pub mod generator_spec;
pub mod reshape;
pub mod size_message;
