//! `rotation plan`: solves the exchange round of a county under a policy and writes
//! plan.csv, schools.csv and summary.json, plus what the HR officer asks for: an
//! Excel workbook, pins, a previous plan to stay close to, an HTML report.

use super::common::SolverArgs;
use super::{print_json, print_warnings, Format};
use rotation::input::instance::read_instance;
use rotation::model::pins::Pins;
use rotation::model::previous::Previous;
use rotation::output::html::{plan_report, PlanView};
use rotation::output::plan_files::{write_plan_outputs, ExcelOutputs};
use rotation::output::summary::{summary_json, text_summary};
use rotation::round::run::Round;
use rotation::{Policy, Result, RotationError};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Instance folder or .xlsx workbook.
    instance: PathBuf,
    #[arg(long)]
    policy: PathBuf,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
    /// Overwrite an existing plan in the output folder.
    #[arg(long)]
    force: bool,
    /// Also write the plan as an Excel workbook (summary, move list, a sheet per
    /// school and per partnership group; Chinese labels).
    #[arg(long, value_name = "FILE.xlsx")]
    xlsx: Option<PathBuf>,
    /// Write the CSV outputs with a UTF-8 BOM so Excel opens them correctly.
    #[arg(long)]
    excel_csv: bool,
    /// Locked decisions: a CSV (or workbook) with `teacher, action, school`;
    /// actions `stay`, `move`, `move_to`. Pins are hard rules.
    #[arg(long, value_name = "pins.csv")]
    pins: Option<PathBuf>,
    /// A previous plan (plan.csv or plan workbook) to stay close to: its moves are
    /// kept where the rules allow; changes are reported in changes.csv.
    #[arg(long, value_name = "plan.csv")]
    previous: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    #[command(flatten)]
    solver: SolverArgs,
    /// Also write a self-contained HTML report of the plan here.
    #[arg(long)]
    report: Option<PathBuf>,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let force = self.force;
        let out = &self.out;
        let xlsx = self.xlsx.as_deref();
        let report = self.report.as_deref();
        let mut options = self.solver.options()?;
        // A progress line for solves beyond about 2 s, only for text on a terminal
        // (and not under --verbose, whose HiGHS log it would garble).
        let (bar, observer) = crate::cli::common::solve_progress(
            matches!(self.format, Format::Text) && !options.verbose,
        );
        options.observer = observer;
        let limit = self.solver.limit()?;
        let loaded = read_instance(&self.instance)?;
        let policy = Policy::read(&self.policy)?;
        rotation::input::plausibility::check(&loaded, &policy, &self.policy.display().to_string())?;
        print_warnings(&loaded.warnings);
        if let Some(x) = xlsx {
            if x.exists() && !force {
                return Err(RotationError::Usage(format!(
                    "{} exists; pass --force to overwrite it",
                    x.display()
                )));
            }
        }
        let pins = self
            .pins
            .as_deref()
            .map(|p| Pins::read(p, &loaded.county))
            .transpose()?;
        let mut previous_warnings = rotation::model::diagnostics::Diagnostics::default();
        let previous = self
            .previous
            .as_deref()
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
        let outcome = round.plan();
        bar.finish_and_clear();
        let outcome = outcome?;
        let html = report.map(|_| {
            let view = PlanView::of_outcome(policy.name.clone(), &loaded.county, &policy, &outcome);
            plan_report(&self.instance.display().to_string(), &view)
        });
        let excel = ExcelOutputs {
            csv_bom: self.excel_csv,
            xlsx,
            changes: previous.is_some(),
        };
        write_plan_outputs(&loaded.county, &outcome, out, force, &excel)?;
        if let (Some(path), Some(html)) = (report, html) {
            rotation::output::files::write_atomic(path, html.as_bytes())?;
            eprintln!("wrote {}", path.display());
        }
        match self.format {
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
                if let Some(x) = xlsx {
                    println!("  wrote     {}", x.display());
                }
            }
        }
        // The plan is written either way; a script must still be able to tell a plan
        // that misses a target from one that meets the policy.
        Ok(if outcome.targets_met() { 0 } else { 3 })
    }
}
