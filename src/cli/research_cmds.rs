//! `export` and `bench`: the model as a file, and timing tables.

use super::plan_cmds::{candidate_limit, SolverArgs};
use rotation::input::instance::read_instance;
use rotation::research::bench::{bench_csv, parse_sizes, run_bench};
use rotation::research::export::{export_model, ModelFormat};
use rotation::{Policy, Result, RotationError};
use std::path::{Path, PathBuf};

/// The policy `bench` uses without `--policy`.
const HAIYAN_2022: &str = include_str!("../../models/haiyan-2022.toml");

pub fn export(
    instance: &Path,
    policy: &Path,
    mps: Option<PathBuf>,
    lp: Option<PathBuf>,
    candidates: Option<usize>,
) -> Result<i32> {
    let (format, path) = match (mps, lp) {
        (Some(p), None) => (ModelFormat::Mps, p),
        (None, Some(p)) => (ModelFormat::Lp, p),
        (None, None) => {
            return Err(RotationError::Usage(
                "give --mps FILE or --lp FILE: where to write the model".into(),
            ))
        }
        (Some(_), Some(_)) => {
            return Err(RotationError::Usage(
                "give one of --mps FILE and --lp FILE, not both".into(),
            ))
        }
    };
    let limit = candidate_limit(candidates)?;
    let loaded = read_instance(instance)?;
    let policy = Policy::read(policy)?;
    super::print_warnings(&loaded.warnings);
    let size = export_model(&loaded.county, &policy, limit, format, &path)?;
    eprintln!(
        "wrote {} ({} columns, {} binary, {} rows, {} nonzeros)",
        path.display(),
        size.columns,
        size.binaries,
        size.rows,
        size.nonzeros
    );
    Ok(0)
}

pub fn bench(
    sizes: &str,
    seed: u64,
    policy: Option<&Path>,
    out: &Path,
    solver: &SolverArgs,
) -> Result<i32> {
    let sizes = parse_sizes(sizes).map_err(RotationError::Usage)?;
    let options = solver.options()?;
    let limit = solver.limit()?;
    let policy = match policy {
        Some(p) => Policy::read(p)?,
        None => Policy::parse(HAIYAN_2022, "models/haiyan-2022.toml")?,
    };
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
    let rows = run_bench(&sizes, seed, &policy, &options, limit, |r| {
        eprintln!(
            "{:>8} {:>6} {:>8} {:>9} {:>6} {:>9} {:>7} {:>8.2} {:>8.2} {:>8.2} {:>9.0} {:>9.2e}  {}",
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
            r.peak_memory_mb,
            r.gap,
            r.status
        );
    })?;
    rotation::output::files::write_atomic(out, &bench_csv(&rows))?;
    eprintln!("wrote {} ({} instances)", out.display(), rows.len());
    Ok(0)
}
