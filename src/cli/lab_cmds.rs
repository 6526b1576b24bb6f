//! The policy lab: `compare`, `sweep` and `report`. Parses, calls the library, prints.

use super::plan_cmds::SolverArgs;
use super::{print_json, print_warnings};
use indicatif::{ProgressBar, ProgressStyle};
use rotation::input::instance::read_instance;
use rotation::input::plan_file::read_plan;
use rotation::lab::compare::{
    compare_policies, comparison_csv, comparison_json, comparison_text, key_figures, text_table,
    PolicyRun, RunOutcome,
};
use rotation::lab::report::{comparison_report, sweep_report};
use rotation::lab::sweep::{run_sweep, sweep_csv, sweep_points, sweep_text_rows, tally, Vary};
use rotation::model::diagnostics::Diagnostics;
use rotation::output::files::write_atomic;
use rotation::output::html::{plan_report, PlanView};
use rotation::output::plan_files::write_plan_dir;
use rotation::rules::eligibility::county_eligibility;
use rotation::rules::metrics::{plan_figures, school_figures};
use rotation::rules::verify::verify;
use rotation::{Policy, Result, RotationError};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// How `compare` and `sweep` print their table.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum LabFormat {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    Csv,
    Json,
}

/// `--jobs`: how many solves run at once (default: the available cores).
pub fn jobs(requested: Option<usize>) -> Result<usize> {
    match requested {
        Some(0) => Err(RotationError::Usage("--jobs must be at least 1".into())),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)),
    }
}

/// A progress bar on stderr when stderr is a terminal; hidden otherwise.
fn progress(len: usize, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} [{elapsed}]") {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar
}

/// Reads every policy file and reports the problems of all of them at once.
fn read_policies(paths: &[PathBuf]) -> Result<Vec<(String, Policy)>> {
    let mut diags = Diagnostics::default();
    let mut policies = Vec::new();
    for path in paths {
        match Policy::read(path) {
            Ok(p) => policies.push((path.display().to_string(), p)),
            Err(RotationError::Invalid(d)) => diags.extend(d),
            Err(e) => return Err(e),
        }
    }
    if diags.has_errors() {
        Err(RotationError::Invalid(diags))
    } else {
        Ok(policies)
    }
}

/// A folder name for a policy file: its stem, made unique.
fn plan_folder(file: &str, taken: &mut Vec<String>) -> String {
    let stem = Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "policy".into());
    let mut name = stem.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{stem}-{n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

fn print_failures(runs: &[(String, &RunOutcome)]) -> usize {
    let mut failed = 0;
    for (label, outcome) in runs {
        if let RunOutcome::Failed(e) = outcome {
            eprintln!("error: {label}: {e}");
            failed += 1;
        }
    }
    failed
}

#[allow(clippy::too_many_arguments)]
pub fn compare(
    instance: &Path,
    policies: &[PathBuf],
    out: Option<&Path>,
    format: LabFormat,
    report: Option<&Path>,
    jobs_requested: Option<usize>,
    solver: &SolverArgs,
) -> Result<i32> {
    let options = solver.options()?;
    let jobs = jobs(jobs_requested)?;
    if policies.is_empty() {
        return Err(RotationError::Usage(
            "give at least one --policy FILE to compare".into(),
        ));
    }
    let policies = read_policies(policies)?;
    let loaded = read_instance(instance)?;
    print_warnings(&loaded.warnings);
    let county = &loaded.county;
    let bar = progress(policies.len(), "policies solved");
    let runs: Vec<PolicyRun> = compare_policies(county, policies, &options, jobs, &|| bar.inc(1));
    bar.finish_and_clear();
    let instance_name = instance.display().to_string();
    // Everything is rendered before anything is written.
    let csv = comparison_csv(&runs);
    let json = comparison_json(&instance_name, &runs);
    let html = report.map(|_| comparison_report(&instance_name, county, &runs));
    match format {
        LabFormat::Table => {
            print!("{}", comparison_text(&runs));
            for r in &runs {
                if let Some(p) = r.outcome.plan() {
                    for e in &p.explanations {
                        println!("  why short ({}): {e}", r.label);
                    }
                }
            }
        }
        LabFormat::Csv => print!("{}", String::from_utf8_lossy(&csv)),
        LabFormat::Json => print_json(&json),
    }
    let mut wrote = Vec::new();
    if let Some(dir) = out {
        write_atomic(&dir.join("compare.csv"), &csv)?;
        write_atomic(
            &dir.join("compare.json"),
            &serde_json::to_vec_pretty(&json).expect("serialisable comparison"),
        )?;
        wrote.push(format!("{}/compare.csv, compare.json", dir.display()));
        let mut taken = Vec::new();
        for r in &runs {
            if let Some(p) = r.outcome.plan() {
                let folder = dir.join(plan_folder(&r.file, &mut taken));
                write_plan_dir(county, p, &folder, true)?;
                wrote.push(format!("{}/plan.csv", folder.display()));
            }
        }
    }
    if let (Some(path), Some(html)) = (report, html) {
        write_atomic(path, html.as_bytes())?;
        wrote.push(path.display().to_string());
    }
    if !wrote.is_empty() {
        eprintln!("wrote {}", wrote.join(", "));
    }
    let failed = print_failures(
        &runs
            .iter()
            .map(|r| (r.label.clone(), &r.outcome))
            .collect::<Vec<_>>(),
    );
    Ok(if failed > 0 { 1 } else { 0 })
}

#[allow(clippy::too_many_arguments)]
pub fn sweep(
    instance: &Path,
    policy: &Path,
    varies: &[String],
    out: Option<&Path>,
    format: LabFormat,
    report: Option<&Path>,
    jobs_requested: Option<usize>,
    solver: &SolverArgs,
) -> Result<i32> {
    let options = solver.options()?;
    let jobs = jobs(jobs_requested)?;
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    for spec in varies {
        match Vary::parse(spec) {
            Ok(v) => parsed.push(v),
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(RotationError::Usage(format!(
            "{}\nnothing was solved or written",
            problems.join("\n")
        )));
    }
    let base = Policy::read(policy)?;
    let file = policy.display().to_string();
    let points = sweep_points(&base, &file, &parsed)?;
    let loaded = read_instance(instance)?;
    print_warnings(&loaded.warnings);
    let county = &loaded.county;
    let keys: Vec<String> = parsed.iter().map(|v| v.key.clone()).collect();
    let bar = progress(points.len(), "grid points solved");
    let rows = run_sweep(county, points, &options, jobs, &|| bar.inc(1));
    bar.finish_and_clear();
    let instance_name = instance.display().to_string();
    let csv = sweep_csv(&keys, &rows);
    let svg = rotation::lab::sweep_chart::sweep_chart(&keys, &rows, true);
    let html = report.map(|_| sweep_report(&instance_name, county, &file, &keys, &rows));
    match format {
        LabFormat::Table => print!("{}", text_table(&sweep_text_rows(&keys, &rows))),
        LabFormat::Csv => print!("{}", String::from_utf8_lossy(&csv)),
        LabFormat::Json => print_json(&serde_json::json!({
            "instance": instance_name,
            "policy": file,
            "varied": keys,
            "points": rows.iter().map(|r| serde_json::json!({
                "values": r.point.values.iter().map(|(k, v)| (k.clone(), serde_json::json!(v))).collect::<serde_json::Map<_, _>>(),
                "figures": key_figures(&r.outcome).into_iter().map(|f| (f.key.to_string(), f.value.json())).collect::<serde_json::Map<_, _>>(),
                "error": match &r.outcome { RunOutcome::Failed(e) => Some(e.clone()), _ => None },
            })).collect::<Vec<_>>(),
        })),
    }
    let (met, short, failed) = tally(&rows);
    eprintln!(
        "{} points: {met} meet the targets, {short} short, {failed} failed",
        rows.len()
    );
    let mut wrote = Vec::new();
    if let Some(dir) = out {
        write_atomic(&dir.join("sweep.csv"), &csv)?;
        write_atomic(&dir.join("sweep.svg"), svg.as_bytes())?;
        wrote.push(format!("{}/sweep.csv, sweep.svg", dir.display()));
    }
    if let (Some(path), Some(html)) = (report, html) {
        write_atomic(path, html.as_bytes())?;
        wrote.push(path.display().to_string());
    }
    if !wrote.is_empty() {
        eprintln!("wrote {}", wrote.join(", "));
    }
    print_failures(
        &rows
            .iter()
            .map(|r| (r.point.label(), &r.outcome))
            .collect::<Vec<_>>(),
    );
    Ok(if failed > 0 { 1 } else { 0 })
}

/// `rotation report`: the HTML report of any plan file, checked against every rule.
pub fn report(instance: &Path, policy: &Path, plan: &Path, out: &Path) -> Result<i32> {
    let loaded = read_instance(instance)?;
    let policy = Policy::read(policy)?;
    print_warnings(&loaded.warnings);
    let county = &loaded.county;
    let moves = read_plan(plan, county)?;
    let eligibility = county_eligibility(county, &policy);
    let violations = verify(county, &policy, &eligibility, &moves);
    let figures = plan_figures(county, &policy, &eligibility, &moves);
    let schools = school_figures(county, &moves);
    let view = PlanView {
        title: format!("{} — {}", policy.name, plan.display()),
        county,
        policy: &policy,
        moves: &moves,
        figures: &figures,
        schools: &schools,
        solve: None,
        explanations: &[],
        violations: &violations,
    };
    let html = plan_report(&instance.display().to_string(), &view);
    write_atomic(out, html.as_bytes())?;
    println!(
        "wrote {}: {} moves, {} rule violation{}",
        out.display(),
        moves.len(),
        violations.len(),
        if violations.len() == 1 { "" } else { "s" }
    );
    Ok(0)
}

/// The report of a plan just solved (`rotation plan --report`), rendered in memory.
pub fn plan_report_html(
    instance: &Path,
    county: &rotation::County,
    policy: &Policy,
    outcome: &rotation::round::run::PlanOutcome,
) -> String {
    let view = PlanView::of_outcome(policy.name.clone(), county, policy, outcome);
    plan_report(&instance.display().to_string(), &view)
}
