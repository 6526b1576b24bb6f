//! Exports the model of a round as MPS and solves the file with a solver outside
//! `rotation`: CBC (`cbc`, Debian's `coinor-cbc`) when asked and installed, otherwise
//! HiGHS reading the file through its C API, so nothing of `rotation`'s in-memory model
//! is reused. Prints the file's optimum next to the one `rotation plan` reports; they
//! agree, which is what a researcher checks before benchmarking other solvers.
//!
//!     cargo run --release --example export_and_solve -- instances/tiny models/haiyan-2022.toml [cbc]

use rotation::{export_model, plan_round, read_instance, CandidateLimit, ModelFormat};
use rotation::{Policy, RotationError, SolveOptions};
use std::ffi::CString;
use std::path::Path;
use std::process::Command;

fn main() -> Result<(), RotationError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (instance, policy_file, solver) = match args.as_slice() {
        [i, p] => (i, p, "highs"),
        [i, p, s] => (i, p, s.as_str()),
        _ => {
            eprintln!("usage: export_and_solve INSTANCE POLICY.toml [cbc|highs]");
            std::process::exit(2);
        }
    };
    let county = read_instance(Path::new(instance))?.county;
    let policy = Policy::read(Path::new(policy_file))?;
    let dir = std::env::temp_dir().join(format!("rotation-export-{}", std::process::id()));
    let mps = dir.join("round.mps");
    let size = export_model(
        &county,
        &policy,
        CandidateLimit::All,
        ModelFormat::Mps,
        &mps,
    )?;
    println!(
        "wrote {} ({} columns, {} rows)",
        mps.display(),
        size.columns,
        size.rows
    );

    let file_optimum = match solver {
        "cbc" => solve_with_cbc(&mps),
        _ => solve_with_highs_c_api(&mps),
    };
    let plan = plan_round(&county, &policy, &SolveOptions::default())?;
    match file_optimum {
        Ok(v) => println!(
            "{solver} on the file: {v:.6}; rotation plan: {:.6}",
            plan.objective
        ),
        Err(why) => println!("{solver}: {why}; rotation plan: {:.6}", plan.objective),
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Runs CBC on the file and reads the objective from its solution file.
fn solve_with_cbc(mps: &Path) -> Result<f64, String> {
    let solution = mps.with_extension("sol");
    let status = Command::new("cbc")
        .arg(mps)
        .args(["solve", "solu"])
        .arg(&solution)
        .output()
        .map_err(|e| format!("cannot run cbc ({e}); apt-get install coinor-cbc"))?;
    if !status.status.success() {
        return Err(format!("cbc exited with {}", status.status));
    }
    // First line: "Optimal - objective value 40.00000000".
    let text = std::fs::read_to_string(&solution).map_err(|e| e.to_string())?;
    let first = text.lines().next().unwrap_or_default();
    first
        .rsplit(' ')
        .next()
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("cannot read cbc's solution line `{first}`"))
}

/// Reads the file into a fresh HiGHS instance through the C API and solves it.
fn solve_with_highs_c_api(mps: &Path) -> Result<f64, String> {
    let path = CString::new(mps.to_string_lossy().as_bytes()).map_err(|e| e.to_string())?;
    let quiet = CString::new("output_flag").expect("no NUL");
    // SAFETY: the handle is created, used and destroyed here; the strings outlive the
    // calls that borrow them.
    unsafe {
        let highs = highs_sys::Highs_create();
        highs_sys::Highs_setBoolOptionValue(highs, quiet.as_ptr(), 0);
        let read = highs_sys::Highs_readModel(highs, path.as_ptr());
        let run = highs_sys::Highs_run(highs);
        let objective = highs_sys::Highs_getObjectiveValue(highs);
        highs_sys::Highs_destroy(highs);
        if read != 0 || run != 0 {
            return Err(format!(
                "HiGHS could not read or solve the file ({read}, {run})"
            ));
        }
        Ok(objective)
    }
}
