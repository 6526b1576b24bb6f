//! Plans one county from code: read the county and a policy, run the round, check the
//! plan without the solver, print its key figures and write the plan files.
//!
//!     cargo run --release --example plan_county -- instances/haiyan-like models/haiyan-2022.toml out/example

use rotation::{county_eligibility, read_instance, verify, write_plan_dir, Policy, Round};
use rotation::{Lang, RotationError, SolveOptions};
use std::path::Path;

fn main() -> Result<(), RotationError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [instance, policy, out] = args.as_slice() else {
        eprintln!("usage: plan_county INSTANCE POLICY.toml OUT_DIR");
        std::process::exit(2);
    };
    let loaded = read_instance(Path::new(instance))?;
    for warning in &loaded.warnings.0 {
        eprintln!("{warning}");
    }
    let county = loaded.county;
    let policy = Policy::read(Path::new(policy))?;

    // Every setting has a documented default; here only the time limit is set.
    let options = SolveOptions {
        time_limit: Some(120.0),
        ..SolveOptions::default()
    };
    let outcome = Round::new(&county, &policy).options(options).plan()?;

    // `plan` already checked every rule; `verify` is the same check, without the
    // solver, for any list of moves (say, one edited by hand).
    let eligibility = county_eligibility(&county, &policy);
    let broken = verify(&county, &policy, &eligibility, &outcome.moves);
    let f = &outcome.figures;
    println!(
        "{}: {} of {} eligible teachers move ({:.1}%), {} backbone ({:.1}% of movers)",
        policy.name,
        f.moved,
        f.eligible,
        100.0 * f.exchange_rate,
        f.backbone_moved,
        100.0 * f.backbone_share
    );
    println!(
        "commute {:.1} {} in all; status {:?}, gap {:.2e}; {} rule(s) broken",
        f.total_commute_km,
        outcome.commute_unit.symbol(),
        outcome.solve.status,
        outcome.solve.mip_gap,
        broken.iter().filter(|v| !v.rule().is_target()).count()
    );
    for why in &outcome.explanations {
        // Causes are data; render them in the reader's language.
        println!("short of a target: {}", why.text(Lang::En));
        println!("未达标原因：{}", why.text(Lang::Zh));
    }
    write_plan_dir(&county, &outcome, Path::new(out), true)?;
    println!("wrote {out}/plan.csv, schools.csv, summary.json");
    Ok(())
}
