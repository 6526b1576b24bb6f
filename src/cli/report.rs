//! `rotation report`: a self-contained HTML report (map, flows, figures, CV) of any
//! plan file, checked against every rule of the policy on the way.

use super::print_warnings;
use rotation::input::instance::{instance_files, read_instance};
use rotation::input::plan_file::read_plan;
use rotation::output::files::{check_output_file, write_atomic};
use rotation::output::html::{plan_report, PlanView};
use rotation::rules::eligibility::county_eligibility;
use rotation::rules::metrics::{plan_figures, school_figures};
use rotation::rules::verify::verify;
use rotation::{Policy, Result};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    instance: PathBuf,
    #[arg(long)]
    policy: PathBuf,
    /// The plan to report on (plan.csv).
    #[arg(long)]
    plan: PathBuf,
    /// The HTML file to write.
    #[arg(long)]
    out: PathBuf,
    /// Overwrite an existing report (never a file this command reads).
    #[arg(long)]
    force: bool,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let mut inputs = instance_files(&self.instance);
        inputs.extend([self.policy.clone(), self.plan.clone()]);
        check_output_file(&self.out, self.force, &inputs)?;
        let loaded = read_instance(&self.instance)?;
        let policy = Policy::read(&self.policy)?;
        rotation::input::plausibility::check(&loaded, &policy, &self.policy.display().to_string())?;
        print_warnings(&loaded.warnings);
        let county = &loaded.county;
        let moves = read_plan(&self.plan, county)?;
        super::common::warn_about_plan_folder(&self.plan);
        let eligibility = county_eligibility(county, &policy);
        let violations = verify(county, &policy, &eligibility, &moves);
        let figures = plan_figures(county, &policy, &eligibility, &moves);
        let schools = school_figures(county, &moves);
        let view = PlanView {
            title: policy.name.clone(),
            county,
            policy: &policy,
            moves: &moves,
            figures: &figures,
            schools: &schools,
            solve: None,
            explanations: &[],
            violations: &violations,
        };
        let html = plan_report(&self.instance.display().to_string(), &view);
        write_atomic(&self.out, html.as_bytes())?;
        println!(
            "wrote {}: {} moves, {} rule violation{}",
            self.out.display(),
            moves.len(),
            violations.len(),
            if violations.len() == 1 { "" } else { "s" }
        );
        Ok(0)
    }
}
