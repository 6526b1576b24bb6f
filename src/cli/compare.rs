//! `rotation compare`: solves several policies on the same county, in parallel, and
//! shows their key figures side by side; optionally writes the table, each policy's
//! plan folder and an HTML report. Exit 1 when any policy failed to solve.

use super::common::{jobs, print_failures, progress, LabFormat, SolverArgs};
use super::messages::CliMessage;
use super::{print_json, print_warnings};
use rotation::input::instance::{instance_files, read_instance};
use rotation::lab::compare::{
    compare_policies, comparison_csv, comparison_json, comparison_text, PolicyRun,
};
use rotation::lab::report::comparison_report;
use rotation::model::diagnostics::Diagnostics;
use rotation::model::usage_message::UsageMessage;
use rotation::output::files::check_output_file;
use rotation::output::files::write_atomic;
use rotation::output::output_set::{manifest_bytes, OutputSet};
use rotation::output::plan_files::plan_set_files;
use rotation::{Policy, Result, RotationError};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    instance: PathBuf,
    /// A policy file; repeat the flag for each policy to compare (one alone gives its
    /// row of the table).
    #[arg(long = "policy", required = true)]
    policies: Vec<PathBuf>,
    /// Write compare.csv, compare.json and each policy's plan folder here.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace what an earlier run wrote in --out (and an existing --report file).
    #[arg(long)]
    force: bool,
    #[arg(long, value_enum, default_value_t)]
    format: LabFormat,
    /// Also write a self-contained HTML report of every policy here.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Policies solved at once (default: the available cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// The exchange history, applied to every policy's round as `rotation plan`
    /// applies it (each policy folder gets the updated history.csv).
    #[arg(long, value_name = "history.csv")]
    history: Option<PathBuf>,
    /// The teachers' wishes, applied to every policy's round as `rotation plan`
    /// applies them; the table gains the wish figures, each policy folder wishes.json.
    #[arg(long, value_name = "wishes.csv")]
    wishes: Option<PathBuf>,
    /// Exchange teams (`team, teacher`; CSV or a workbook's 组团交流 sheet), applied to
    /// every policy's round as `rotation plan` applies them. Each of --history,
    /// --wishes and --teams is read instead of the instance's own table.
    #[arg(long, value_name = "teams.csv")]
    teams: Option<PathBuf>,
    /// Joint appointments (联聘, `teacher, school`), applied to every round as
    /// `rotation plan` applies them. Read instead of the instance's own joint.csv /
    /// 联聘 sheet.
    #[arg(long, value_name = "joint.csv")]
    joint: Option<PathBuf>,
    #[command(flatten)]
    solver: SolverArgs,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let report = self.report.as_deref();
        let options = self.solver.options()?;
        let jobs = jobs(self.jobs)?;
        if self.policies.is_empty() {
            return Err(RotationError::Refused(UsageMessage::CompareNeedsPolicy));
        }
        // Every output is checked, and the folder locked, before the solves.
        let mut inputs = instance_files(&self.instance);
        inputs.extend(self.policies.iter().cloned());
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
        inputs.extend(files.paths().map(std::path::Path::to_path_buf));
        if let Some(path) = report {
            check_output_file(path, self.force, &inputs)?;
        }
        let set = self
            .out
            .as_deref()
            .map(|dir| {
                // The files and folders a run writes: an earlier run's may be replaced.
                let mut taken = Vec::new();
                let folders: Vec<String> = self
                    .policies
                    .iter()
                    .map(|p| plan_folder(&p.display().to_string(), &mut taken))
                    .collect();
                let mut expected = vec!["compare.csv", "compare.json"];
                expected.extend(folders.iter().map(String::as_str));
                OutputSet::begin(dir, self.force, &inputs, &expected)
            })
            .transpose()?;
        let policies = read_policies(&self.policies)?;
        let loaded = read_instance(&self.instance)?;
        let mut implausible = Diagnostics::default();
        for (file, policy) in &policies {
            implausible.extend(rotation::input::plausibility::problems(
                &loaded, policy, file,
            ));
        }
        if implausible.has_errors() {
            return Err(RotationError::Invalid(implausible));
        }
        print_warnings(&loaded.warnings);
        let county = &loaded.county;
        let side = crate::cli::common::teacher_side(county, &files)?;
        // Every policy's round county is checked before the first solve.
        let rounds = policies
            .iter()
            .map(|(_, policy)| side.county(county, policy))
            .collect::<Result<Vec<_>>>()?;
        let bar = progress(
            policies.len(),
            super::lang().pick("policies solved", "个政策已求解"),
        );
        let runs: Vec<PolicyRun> =
            compare_policies(county, &side, policies, &options, jobs, &|| bar.inc(1));
        bar.finish_and_clear();
        let instance_name = self.instance.display().to_string();
        // Everything is rendered before anything is written.
        let csv = comparison_csv(&runs);
        let json = comparison_json(&instance_name, &runs);
        let lang = super::lang();
        let html = report.map(|_| comparison_report(&instance_name, county, &runs, lang));
        match self.format {
            LabFormat::Table => {
                print!("{}", comparison_text(&runs, lang));
                for r in &runs {
                    if let Some(p) = r.outcome.plan() {
                        for e in &p.explanations {
                            let why = CliMessage::WhyShortOf {
                                label: r.label_in(lang).to_string(),
                                why: e.text(lang),
                            };
                            println!("{}", why.text(lang));
                        }
                    }
                }
            }
            LabFormat::Csv => print!("{}", String::from_utf8_lossy(&csv)),
            LabFormat::Json => print_json(&json),
        }
        let mut wrote = Vec::new();
        if let Some(mut set) = set {
            let dir = set.dir().to_path_buf();
            set.add("compare.csv", csv);
            set.add(
                "compare.json",
                serde_json::to_vec_pretty(&json).expect("serialisable comparison"),
            );
            wrote.push(format!("{}/compare.csv, compare.json", dir.display()));
            let mut taken = Vec::new();
            for (r, round) in runs.iter().zip(&rounds) {
                if let Some(p) = r.outcome.plan() {
                    // Each policy's folder is a plan set of its own, with its manifest.
                    let folder = plan_folder(&r.file, &mut taken);
                    let mut files = plan_set_files(round, p, false, false, super::lang());
                    files.extend(teacher_side_files(&side, round, &r.policy, p));
                    let manifest = manifest_bytes(&files);
                    for (name, bytes) in files {
                        set.add(format!("{folder}/{name}"), bytes);
                    }
                    set.add(format!("{folder}/manifest.json"), manifest);
                    wrote.push(format!("{}/{folder}/plan.csv", dir.display()));
                }
            }
            set.commit()?;
        }
        if let (Some(path), Some(html)) = (report, html) {
            write_atomic(path, html.as_bytes())?;
            wrote.push(path.display().to_string());
        }
        if !wrote.is_empty() {
            let wrote = CliMessage::Wrote {
                what: wrote.join(", "),
            };
            eprintln!("{}", wrote.text(lang));
        }
        let failed = print_failures(
            &runs
                .iter()
                .map(|r| (r.label_in(lang).to_string(), &r.outcome))
                .collect::<Vec<_>>(),
        );
        Ok(if failed > 0 { 1 } else { 0 })
    }
}

/// The files `rotation plan` adds to a plan folder for the teachers' side: the
/// updated history.csv and wishes.json.
pub fn teacher_side_files(
    side: &rotation::round::inputs::TeacherSide,
    county: &rotation::County,
    policy: &Policy,
    plan: &rotation::round::run::PlanOutcome,
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    if side.history.is_some() {
        let next = rotation::rules::terms::next_history(county, policy, &plan.moves);
        files.push((
            "history.csv".to_string(),
            rotation::output::history_file::history_csv(county, &next),
        ));
    }
    if side.wishes.is_some() {
        let report = rotation::round::wishes::wish_report(county, policy, plan, None);
        files.push((
            "wishes.json".to_string(),
            serde_json::to_vec_pretty(&report).expect("serialisable wishes report"),
        ));
    }
    files
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
