//! `rotation anonymize`: a county made fit to share with researchers — pseudonymous
//! ids and names, exemption causes dropped, the map moved by a rigid motion (homes
//! optionally jittered) — written as an instance folder that plans to the same optimum.

use super::print_warnings;
use rotation::input::instance::{instance_files, read_instance};
use rotation::output::instance_tables::write_instance;
use rotation::research::anonymize::anonymize;
use rotation::Result;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Instance folder or .xlsx workbook.
    instance: PathBuf,
    /// Output folder (an instance folder in the CSV format).
    #[arg(long)]
    out: PathBuf,
    /// The secret the pseudonyms and the map's motion are drawn from: keep it to give
    /// the same teachers the same pseudonyms next year; without it they cannot be
    /// traced back. Default: a fresh random seed, printed on stderr.
    #[arg(long)]
    seed: Option<u64>,
    /// Also move each home by up to this many km: more privacy for homes, but commutes
    /// change, and so may the optimum (default 0: every distance kept).
    #[arg(long, default_value_t = 0.0)]
    jitter_km: f64,
    /// Replace what an earlier run wrote in the output folder.
    #[arg(long)]
    force: bool,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let loaded = read_instance(&self.instance)?;
        print_warnings(&loaded.warnings);
        let seed = self.seed.unwrap_or_else(rand::random);
        let county = anonymize(&loaded.county, seed, self.jitter_km)?;
        let inputs = instance_files(&self.instance);
        write_instance(&county, &self.out, self.force, &inputs)?;
        let wrote = crate::cli::messages::CliMessage::WroteAnonymized {
            path: self.out.display().to_string(),
            schools: county.schools.len(),
            teachers: county.teachers.len(),
            seed,
        };
        eprintln!("{}", wrote.text(super::lang()));
        Ok(0)
    }
}
