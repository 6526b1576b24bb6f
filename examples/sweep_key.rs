//! Sweeps one policy key over a range and prints what each value costs: the county
//! leader's question "what does 35% instead of 10% cost in commuting and evenness?".
//!
//!     cargo run --release --example sweep_key -- instances/haiyan-like models/haiyan-2022.toml targets.exchange_rate=0.10:0.50:0.10

use rotation::lab::runs::RunOutcome;
use rotation::lab::sweep::{run_sweep, sweep_points, Vary};
use rotation::{read_instance, Policy, RotationError, SolveOptions};
use std::path::Path;

fn main() -> Result<(), RotationError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [instance, policy_file, vary] = args.as_slice() else {
        eprintln!("usage: sweep_key INSTANCE POLICY.toml KEY=FROM:TO:STEP");
        std::process::exit(2);
    };
    let county = read_instance(Path::new(instance))?.county;
    let base = Policy::read(Path::new(policy_file))?;
    let vary = Vary::parse(vary).map_err(RotationError::rejected)?;
    let points = sweep_points(&base, policy_file, &[vary])?;
    // Two points at a time, one HiGHS thread each: rows do not depend on the jobs.
    let rows = run_sweep(
        &county,
        &rotation::round::inputs::TeacherSide::default(),
        points,
        &SolveOptions::default(),
        2,
        &|| {},
    );
    println!("point                          moved  commute  CV primary  CV junior");
    for row in &rows {
        match &row.outcome {
            RunOutcome::Planned(plan) => {
                let f = &plan.figures;
                let cv = &f.cv_backbone_per_100;
                println!(
                    "{:<30} {:>5} {:>8.0} {:>11.3} {:>10.3}",
                    row.point.label(),
                    f.moved,
                    f.total_commute_km,
                    cv.primary_after.unwrap_or(f64::NAN),
                    cv.junior_after.unwrap_or(f64::NAN)
                );
            }
            RunOutcome::Failed(why) => println!("{:<30} no plan: {why}", row.point.label()),
        }
    }
    Ok(())
}
