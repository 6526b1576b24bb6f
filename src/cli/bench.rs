//! `rotation bench`: generates counties of several sizes, plans each, and writes one
//! CSV row per instance (sizes, model size, build and solve times, memory, gap),
//! printing each row on stderr as it is done. With `--family`, the benchmark family of
//! a manifest instead (and `--practice` folders): each plan verified, each time next
//! to its LP floor, then the median and the worst.

use super::common::{or_dash, SolverArgs};
use rotation::model::shard::{take_shard, Shard};
use rotation::research::bench::{bench_csv, parse_sizes, run_bench};
use rotation::research::size_message::SizesRefused;
use rotation::study::shard_tables::{record_bytes, record_path};
use rotation::{Policy, Result, RotationError};
use std::path::PathBuf;

/// The policy `bench` uses without `--policy`.
const HAIYAN_2022: &str = include_str!("../../models/haiyan-2022.toml");

// The solver flags are spelled out rather than flattened from `SolverArgs`: `--seed`
// here seeds the generated counties and would clash with the solver's, and a bench
// needs only the limits, with help worded for many solves.
#[derive(clap::Args)]
pub struct Args {
    /// Teachers per county, comma-separated; `TEACHERSxSCHOOLS` sets the schools too.
    #[arg(long, default_value = rotation::research::bench::DEFAULT_SIZES)]
    sizes: String,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Policy file (default: the built-in Haiyan 2022 policy, models/haiyan-2022.toml).
    #[arg(long)]
    policy: Option<PathBuf>,
    /// The CSV to write (an existing file only with --force).
    #[arg(long)]
    out: PathBuf,
    /// Replace an existing --out file (never one the command reads).
    #[arg(long)]
    force: bool,
    /// Stop each solve after this many seconds (its bound and gap are reported).
    #[arg(long)]
    time_limit: Option<f64>,
    /// Relative MIP gap at which a plan counts as optimal.
    #[arg(long, default_value_t = 1e-4)]
    gap: f64,
    /// Solver threads (default: HiGHS decides; one fewer, at least one, in a
    /// least-shortfall stage that races its backbone movers on another).
    #[arg(long)]
    threads: Option<u32>,
    /// Keep only the K nearest allowed schools of each teacher (a heuristic).
    #[arg(long, value_name = "K")]
    candidates: Option<usize>,
    /// Run the benchmark family of this manifest (its `[family]` table, e.g.
    /// instances/bench/manifest.toml) instead of --sizes: every county generated,
    /// planned under its policy, verified, and timed next to the LP relaxation of the
    /// same model.
    #[arg(long, value_name = "MANIFEST", conflicts_with_all = ["sizes", "policy", "candidates"])]
    family: Option<PathBuf>,
    /// With --family: an instance folder to run too, under the family's base policy
    /// (repeatable).
    #[arg(long, value_name = "DIR", requires = "family")]
    practice: Vec<PathBuf>,
    /// Run only the instances j with j mod N = I−1 (numbered from 0 in --sizes order,
    /// or the family's counties then the --practice folders); --out then holds this
    /// shard's rows, with FILE.shard.json beside it for `rotation study merge`.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let solver = SolverArgs {
            time_limit: self.time_limit,
            gap: self.gap,
            threads: self.threads,
            seed: 0,
            verbose: false,
            no_lp_first: false,
            candidates: self.candidates,
        };
        let options = solver.options()?;
        let shard = self
            .shard
            .as_deref()
            .map(|t| Shard::parse(t).map_err(RotationError::rejected))
            .transpose()?;
        // Checked before hours of solving, not after.
        let inputs: Vec<PathBuf> = self
            .policy
            .iter()
            .chain(self.family.iter())
            .cloned()
            .collect();
        rotation::output::files::check_output_file(&self.out, self.force, &inputs)?;
        let record_file = record_path(&self.out);
        if shard.is_some() {
            rotation::output::files::check_output_file(&record_file, self.force, &inputs)?;
        }
        if let Some(manifest) = &self.family {
            return super::bench_family::run(
                manifest,
                &self.practice,
                &options,
                &self.out,
                shard.map(|s| (s, record_file.as_path(), solver_label(&solver))),
            );
        }
        let sizes =
            parse_sizes(&self.sizes).map_err(|e| RotationError::rejected(SizesRefused(e)))?;
        let policy = match &self.policy {
            Some(p) => Policy::read(p)?,
            None => Policy::parse(HAIYAN_2022, "models/haiyan-2022.toml")?,
        };
        let (sizes, record) = match shard {
            None => (sizes, None),
            Some(shard) => {
                let mut labels: Vec<String> = sizes
                    .iter()
                    .map(|s| format!("{}x{} seed {}", s.teachers, s.schools, self.seed))
                    .collect();
                // The rows depend on the policy and the solver flags too.
                labels.push(policy_label(&policy));
                labels.push(solver_label(&solver));
                let (sizes, record) = take_shard(sizes, shard, "bench", &labels);
                (sizes, Some(record))
            }
        };
        let limit = solver.limit()?;
        eprintln!(
            "{:>8} {:>6} {:>8} {:>9} {:>6} {:>9} {:>7} {:>8} {:>8} {:>8} {:>9} {:>9}  status",
            "teachers",
            "schools",
            "eligible",
            "moves",
            "rounds",
            "variables",
            "rows",
            "build_s",
            "solve_s",
            "total_s",
            "peak_MB",
            "gap"
        );
        let rows = run_bench(&sizes, self.seed, &policy, &options, limit, |r| {
            eprintln!(
                "{:>8} {:>6} {:>8} {:>9} {:>6} {:>9} {:>7} {:>8.2} {:>8.2} {:>8.2} {:>9} {:>9}  {}",
                r.teachers,
                r.schools,
                r.eligible,
                r.candidate_moves,
                r.pricing_rounds,
                r.variables,
                r.rows,
                r.build_seconds,
                r.solve_seconds,
                r.total_seconds,
                or_dash(r.peak_memory_mb, |x| format!("{x:.0}")),
                or_dash(r.gap, |x| format!("{x:.2e}")),
                r.status
            );
        })?;
        rotation::output::files::write_atomic(&self.out, &bench_csv(&rows))?;
        eprintln!(
            "wrote {} ({} instance{})",
            self.out.display(),
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        );
        if let Some(record) = record {
            // Written after the table: a shard without its record is not mergeable,
            // never a record without its rows.
            rotation::output::files::write_atomic(&record_file, &record_bytes(&record))?;
            eprintln!("wrote {} (shard {})", record_file.display(), record.shard);
        }
        Ok(0)
    }
}

/// A policy as one label of a shard's fingerprint: its settings as TOML, so that the
/// same policy read from any file gives the same label.
pub(super) fn policy_label(policy: &Policy) -> String {
    format!(
        "policy {}",
        toml::to_string(policy).expect("a policy is plain TOML")
    )
}

/// The solver settings of a benchmark as one label of a shard's fingerprint.
pub(super) fn solver_label(solver: &crate::cli::common::SolverArgs) -> String {
    solver.fingerprint_label()
}
