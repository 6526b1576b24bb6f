//! Tools for researchers: counties generated at any scale, the model exported as
//! MPS/LP, and benchmark tables.

pub mod bench;
pub mod calibration;
pub mod export;
pub mod generate;
pub mod generator_spec;
pub mod reshape;
