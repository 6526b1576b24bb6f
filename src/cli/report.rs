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
    /// The exchange history the plan was made with (history.csv or a workbook's
    /// 交流记录 sheet): its returns count in staffing and subjects. Read instead of the
    /// instance's own history.
    #[arg(long, value_name = "history.csv")]
    history: Option<PathBuf>,
    /// The teachers' wishes the plan was made with (wishes.csv or a workbook's 意愿
    /// sheet). Read instead of the instance's own wishes.
    #[arg(long, value_name = "wishes.csv")]
    wishes: Option<PathBuf>,
    /// The exchange teams the plan was made with (teams.csv or a workbook's 组团交流
    /// sheet). Read instead of the instance's own teams.
    #[arg(long, value_name = "teams.csv")]
    teams: Option<PathBuf>,
    /// The joint appointments the plan was made with (joint.csv or a workbook's 联聘
    /// sheet). Read instead of the instance's own joint appointments.
    #[arg(long, value_name = "joint.csv")]
    joint: Option<PathBuf>,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        // The instance's own history, wishes, teams and joint appointments, each replaced
        // by its flag.
        let files = crate::cli::common::teacher_files(
            &self.instance,
            &rotation::input::teacher_files::TeacherFiles::flags(
                self.history.as_deref(),
                self.wishes.as_deref(),
                self.teams.as_deref(),
                self.joint.as_deref(),
            ),
        );
        let mut inputs = instance_files(&self.instance);
        inputs.extend([self.policy.clone(), self.plan.clone()]);
        inputs.extend(files.paths().map(std::path::Path::to_path_buf));
        check_output_file(&self.out, self.force, &inputs)?;
        let loaded = read_instance(&self.instance)?;
        let policy = Policy::read(&self.policy)?;
        rotation::input::plausibility::check(&loaded, &policy, &self.policy.display().to_string())?;
        print_warnings(&loaded.warnings);
        // The plan is reported on the county of its round, as `plan` made it.
        let side = crate::cli::common::teacher_side(&loaded.county, &files)?;
        let county = &side.county(&loaded.county, &policy)?;
        let moves = read_plan(&self.plan, county)?;
        super::common::warn_about_plan_folder(&self.plan);
        let eligibility = county_eligibility(county, &policy);
        let violations = verify(county, &policy, &eligibility, &moves);
        let figures = plan_figures(county, &policy, &eligibility, &moves);
        let schools = school_figures(county, &moves);
        let view = PlanView {
            title: policy.title(super::lang()).to_string(),
            county,
            policy: &policy,
            moves: &moves,
            figures: &figures,
            schools: &schools,
            solve: None,
            explanations: &[],
            violations: &violations,
        };
        let html = plan_report(&self.instance.display().to_string(), &view, super::lang());
        write_atomic(&self.out, html.as_bytes())?;
        let wrote = crate::cli::messages::CliMessage::WroteReport {
            path: self.out.display().to_string(),
            moves: moves.len(),
            violations: violations.len(),
        };
        println!("{}", wrote.text(super::lang()));
        Ok(0)
    }
}
