//! `plan` and `verify`.

use super::{print_json, print_warnings, Format};
use rotation::input::instance::read_instance;
use rotation::input::plan_file::read_plan;
use rotation::model::pins::Pins;
use rotation::model::previous::Previous;
use rotation::output::plan_files::{
    cv_lines, figures_json, summary_json, text_summary, write_plan_outputs, ExcelOutputs,
};
use rotation::round::run::Round;
use rotation::rules::candidates::CandidateLimit;
use rotation::rules::eligibility::county_eligibility;
use rotation::rules::metrics::plan_figures;
use rotation::rules::verify::verify_excusing;
use rotation::solve::highs::SolveOptions;
use rotation::{Policy, Result, RotationError};
use std::path::Path;

#[derive(clap::Args)]
pub struct SolverArgs {
    /// Stop after this many seconds with the best plan found (its bound and gap are reported).
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which a plan counts as optimal.
    #[arg(long, default_value_t = 1e-4)]
    pub gap: f64,
    /// Solver threads (default: HiGHS decides).
    #[arg(long)]
    pub threads: Option<u32>,
    /// Solver random seed; the same input and seed give the same plan.
    #[arg(long, default_value_t = 0)]
    pub seed: u32,
    /// Show the HiGHS log.
    #[arg(long)]
    pub verbose: bool,
    /// Go straight to branch-and-bound instead of trying the LP relaxation first.
    #[arg(long)]
    pub no_lp_first: bool,
    /// Keep only the K nearest allowed schools of each teacher: a smaller model whose
    /// optimum may be higher than the full model's (a heuristic for large counties).
    #[arg(long, value_name = "K")]
    pub candidates: Option<usize>,
}

impl SolverArgs {
    pub fn limit(&self) -> Result<CandidateLimit> {
        candidate_limit(self.candidates)
    }

    pub fn options(&self) -> Result<SolveOptions> {
        if let Some(t) = self.time_limit {
            if !(t.is_finite() && t > 0.0) {
                return Err(RotationError::Usage(format!(
                    "--time-limit {t}: expected a number of seconds > 0"
                )));
            }
        }
        if !(self.gap.is_finite() && (0.0..1.0).contains(&self.gap)) {
            return Err(RotationError::Usage(format!(
                "--gap {}: expected a relative gap in [0, 1)",
                self.gap
            )));
        }
        if self.threads == Some(0) {
            return Err(RotationError::Usage("--threads must be at least 1".into()));
        }
        Ok(SolveOptions {
            time_limit: self.time_limit,
            gap: self.gap,
            threads: self.threads,
            seed: self.seed,
            verbose: self.verbose,
            lp_first: !self.no_lp_first,
            presolve: true,
        })
    }
}

/// The HR officer's additions to `plan`.
pub struct PlanExtras<'a> {
    pub force: bool,
    pub xlsx: Option<&'a Path>,
    pub excel_csv: bool,
    pub pins: Option<&'a Path>,
    pub previous: Option<&'a Path>,
}

pub fn plan(
    instance: &Path,
    policy: &Path,
    out: &Path,
    extras: &PlanExtras,
    format: Format,
    solver: &SolverArgs,
    report: Option<&Path>,
) -> Result<i32> {
    let force = extras.force;
    let options = solver.options()?;
    let limit = solver.limit()?;
    let loaded = read_instance(instance)?;
    let policy = Policy::read(policy)?;
    print_warnings(&loaded.warnings);
    if let Some(x) = extras.xlsx {
        if x.exists() && !force {
            return Err(RotationError::Usage(format!(
                "{} exists; pass --force to overwrite it",
                x.display()
            )));
        }
    }
    let pins = extras
        .pins
        .map(|p| Pins::read(p, &loaded.county))
        .transpose()?;
    let mut previous_warnings = rotation::model::diagnostics::Diagnostics::default();
    let previous = extras
        .previous
        .map(|p| Previous::read(p, &loaded.county, &mut previous_warnings))
        .transpose()?;
    print_warnings(&previous_warnings);
    let plan_path = out.join("plan.csv");
    if plan_path.exists() && !force {
        return Err(RotationError::Usage(format!(
            "{} exists; pass --force to overwrite it",
            plan_path.display()
        )));
    }
    let mut round = Round::new(&loaded.county, &policy)
        .options(options)
        .candidates(limit);
    if let Some(pins) = &pins {
        round = round.pins(pins);
    }
    if let Some(previous) = &previous {
        round = round.previous(previous);
    }
    let outcome = round.plan()?;
    let html = report
        .map(|_| super::lab_cmds::plan_report_html(instance, &loaded.county, &policy, &outcome));
    let excel = ExcelOutputs {
        csv_bom: extras.excel_csv,
        xlsx: extras.xlsx,
        changes: previous.is_some(),
    };
    write_plan_outputs(&loaded.county, &outcome, out, force, &excel)?;
    if let (Some(path), Some(html)) = (report, html) {
        rotation::output::files::write_atomic(path, html.as_bytes())?;
        eprintln!("wrote {}", path.display());
    }
    match format {
        Format::Json => print_json(&summary_json(&outcome)),
        Format::Text => {
            println!("{}", text_summary(&outcome));
            println!(
                "  wrote     {}/plan.csv, schools.csv, summary.json{}",
                out.display(),
                if previous.is_some() {
                    ", changes.csv"
                } else {
                    ""
                }
            );
            if let Some(x) = extras.xlsx {
                println!("  wrote     {}", x.display());
            }
        }
    }
    Ok(0)
}

pub fn verify(
    instance: &Path,
    policy: &Path,
    plan: &Path,
    pins: Option<&Path>,
    format: Format,
) -> Result<i32> {
    let loaded = read_instance(instance)?;
    let policy = Policy::read(policy)?;
    print_warnings(&loaded.warnings);
    let county = &loaded.county;
    let moves = read_plan(plan, county)?;
    let pins = pins.map(|p| Pins::read(p, county)).transpose()?;
    let eligibility = county_eligibility(county, &policy);
    let excused = pins
        .as_ref()
        .map(|p| rotation::rules::pins::excused(p, &eligibility))
        .unwrap_or_default();
    let mut violations = verify_excusing(county, &policy, &eligibility, &moves, &excused);
    if let Some(pins) = &pins {
        violations.extend(rotation::rules::pins::check(county, pins, &moves));
        if format == Format::Text {
            for &t in &excused {
                if moves.iter().any(|m| m.teacher == t) {
                    println!(
                        "  pinned: {} moves by a pin although not eligible ({})",
                        county.teachers[t].id,
                        eligibility[t].reason()
                    );
                }
            }
        }
    }
    let figures = plan_figures(county, &policy, &eligibility, &moves);
    match format {
        Format::Json => print_json(&serde_json::json!({
            "valid": violations.is_empty(),
            "violations": violations,
            "figures": figures_json(&figures),
        })),
        Format::Text => {
            if violations.is_empty() {
                println!("{}: every rule holds", plan.display());
            } else {
                println!(
                    "{}: {} rule violation{}",
                    plan.display(),
                    violations.len(),
                    if violations.len() == 1 { "" } else { "s" }
                );
                for v in &violations {
                    let rule = serde_json::to_value(v.rule)
                        .ok()
                        .and_then(|r| r.as_str().map(str::to_string))
                        .unwrap_or_default();
                    println!("  [{rule}] {}", v.message);
                }
            }
            println!(
                "  {} of {} eligible rotate ({:.1}%, target {}); {} backbone ({:.2}% of movers)",
                figures.moved,
                figures.eligible,
                100.0 * figures.exchange_rate,
                figures.exchange_target,
                figures.backbone_moved,
                100.0 * figures.backbone_share
            );
            println!(
                "  commute total {:.1} km, mean {:.1} km, max {:.1} km",
                figures.total_commute_km, figures.mean_commute_km, figures.max_commute_km
            );
            for line in cv_lines(&figures.cv_backbone_per_100) {
                println!("{line}");
            }
        }
    }
    Ok(if violations.is_empty() { 0 } else { 1 })
}

/// `--candidates K` as a limit; K must be at least 1.
pub fn candidate_limit(k: Option<usize>) -> Result<CandidateLimit> {
    match k {
        None => Ok(CandidateLimit::All),
        Some(0) => Err(RotationError::Usage(
            "--candidates must be at least 1 (the nearest allowed schools kept per teacher)".into(),
        )),
        Some(k) => Ok(CandidateLimit::Nearest(k)),
    }
}
