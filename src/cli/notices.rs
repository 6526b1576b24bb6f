//! `rotation notices`: the printable notices of a plan (each school's 调出/调入 lists
//! and each moving teacher's 交流通知书) as one print-ready HTML file, written into a
//! folder as one output set, with the reasons `plan` gives.

use super::print_warnings;
use rotation::input::instance::{instance_files, read_instance};
use rotation::input::plan_file::read_plan_checked;
use rotation::model::date::IssueDate;
use rotation::model::lang::Lang;
use rotation::model::pins::Pins;
use rotation::output::notices::{notices_html, NoticePlan};
use rotation::output::output_set::OutputSet;
use rotation::round::plan_reasons::plan_reasons;
use rotation::{Policy, Result};
use std::path::PathBuf;

/// The file the notices are written to inside `--out`.
pub const NOTICES_FILE: &str = "notices.html";

#[derive(clap::Args)]
pub struct Args {
    /// Instance folder or .xlsx workbook.
    instance: PathBuf,
    #[arg(long)]
    policy: PathBuf,
    /// The plan (plan.csv or the plan workbook).
    #[arg(long)]
    plan: PathBuf,
    /// The pins the plan was made with (a pinned move says so in its reason).
    #[arg(long)]
    pins: Option<PathBuf>,
    /// Output folder: notices.html (and its manifest.json) are written there as one set.
    #[arg(long)]
    out: PathBuf,
    /// The date printed on the notices, YYYY-MM-DD (default: today).
    #[arg(long)]
    date: Option<String>,
    /// Replace notices already in the output folder (never a file this command reads).
    #[arg(long)]
    force: bool,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let date = match &self.date {
            Some(text) => IssueDate::parse(text, "--date")?,
            None => IssueDate::today(),
        };
        // The global `--lang`; the notices are Chinese unless it asks for English,
        // whatever the locale (the bureau prints them for its teachers).
        let lang = super::explicit_lang().unwrap_or(Lang::Zh);
        // The plan was made on the round's county: the teacher side the instance
        // carries (its returns, and the joint appointments both schools are told of).
        let files = crate::cli::common::teacher_files(
            &self.instance,
            &rotation::input::teacher_files::TeacherFiles::default(),
        );
        let mut inputs = instance_files(&self.instance);
        inputs.extend([self.policy.clone(), self.plan.clone()]);
        inputs.extend(self.pins.iter().cloned());
        inputs.extend(files.paths().map(std::path::Path::to_path_buf));
        let loaded = read_instance(&self.instance)?;
        let policy = Policy::read(&self.policy)?;
        rotation::input::plausibility::check(&loaded, &policy, &self.policy.display().to_string())?;
        print_warnings(&loaded.warnings);
        let side = crate::cli::common::teacher_side(&loaded.county, &files)?;
        let county = &side.county(&loaded.county, &policy)?;
        let mut plan_warnings = rotation::model::diagnostics::Diagnostics::default();
        let moves = read_plan_checked(&self.plan, county, &mut plan_warnings)?;
        print_warnings(&plan_warnings);
        super::common::warn_about_plan_folder(&self.plan);
        let pins = self
            .pins
            .as_deref()
            .map(|p| Pins::read(p, county))
            .transpose()?;
        let set = OutputSet::begin(&self.out, self.force, &inputs, &[NOTICES_FILE])?;
        let reasons = plan_reasons(county, &policy, pins.as_ref(), &moves)?;
        let html = notices_html(
            &NoticePlan {
                county,
                policy: policy.title(lang),
                moves: &moves,
                reasons: &reasons.moves,
                date,
            },
            lang,
        );
        let mut set = set;
        set.add(NOTICES_FILE, html.into_bytes());
        set.commit()?;
        let schools = county
            .schools
            .iter()
            .enumerate()
            .filter(|(s, _)| {
                moves
                    .iter()
                    .any(|m| m.to == *s || county.teachers[m.teacher].school == *s)
                    || county
                        .joint
                        .list
                        .iter()
                        .any(|j| j.school == *s || county.teachers[j.teacher].school == *s)
            })
            .count();
        let wrote = crate::cli::messages::CliMessage::WroteNotices {
            path: format!("{}/{NOTICES_FILE}", self.out.display()),
            schools,
            teachers: moves.len(),
            date: date.to_string(),
        };
        println!("{}", wrote.text(lang));
        Ok(0)
    }
}
