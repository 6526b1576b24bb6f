//! `rotation plan`: solves the exchange round of a county under a policy and writes
//! plan.csv, schools.csv and summary.json, plus what the HR officer asks for: an
//! Excel workbook, pins, a previous plan to stay close to, an HTML report.

use super::common::SolverArgs;
use super::messages::CliMessage;
use super::{print_json, print_warnings, Format};
use rotation::input::instance::instance_files;
use rotation::input::instance::read_instance;
use rotation::input::manifest::PLAN_SET_FILES;
use rotation::model::pins::Pins;
use rotation::model::previous::Previous;
use rotation::output::files::{check_output_file, resolved, write_atomic};
use rotation::output::history_file::history_csv;
use rotation::output::html::{plan_report, PlanView};
use rotation::output::output_set::OutputSet;
use rotation::output::plan_files::plan_set_files;
use rotation::output::plan_workbook::plan_workbook_on;
use rotation::output::summary::{render_lines, summary_json, summary_lines, wish_lines};
use rotation::output::summary_text::SummaryLine;
use rotation::round::run::Round;
use rotation::rules::terms::next_history;
use rotation::{Policy, Result};
use std::path::{Path, PathBuf};

mod years;

#[derive(clap::Args)]
pub struct Args {
    /// Instance folder or .xlsx workbook.
    instance: PathBuf,
    #[arg(long)]
    policy: PathBuf,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
    /// Replace the plan already in the output folder (and an existing --xlsx or
    /// --report file). Never replaces a file this command reads.
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
    /// The exchange history (`teacher, from_school, to_school, start_year, end_year`;
    /// CSV or a workbook's 交流记录 sheet): terms that end return or stay
    /// (`rules.term_years`, `rules.on_term_end`), recent rotations are not eligible
    /// (`eligibility.no_repeat_years`); the plan folder gets the updated history.csv.
    /// Read instead of the instance's own history.csv / 交流记录 sheet.
    #[arg(long, value_name = "history.csv")]
    history: Option<PathBuf>,
    /// The teachers' wishes (`teacher, rank, school, priority`; CSV or a workbook's
    /// 意愿 sheet): priced by `weights.wish` under `rules.wishes`, audited for
    /// justified envy (wishes.json), held to none under `rules.stable`. Read instead
    /// of the instance's own wishes.csv / 意愿 sheet.
    #[arg(long, value_name = "wishes.csv")]
    wishes: Option<PathBuf>,
    /// Exchange teams (`team, teacher`; CSV or a workbook's 组团交流 sheet): each
    /// team moves together to one school or not at all. Read instead of the
    /// instance's own teams.csv / 组团交流 sheet.
    #[arg(long, value_name = "teams.csv")]
    teams: Option<PathBuf>,
    /// Joint appointments (`teacher, school`; CSV or a workbook's 联聘 sheet): each
    /// teacher stays at their school and also serves `school`, half a post in each.
    /// Read instead of the instance's own joint.csv / 联聘 sheet.
    #[arg(long, value_name = "joint.csv")]
    joint: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    #[command(flatten)]
    solver: SolverArgs,
    /// Also write a self-contained HTML report of the plan here.
    #[arg(long)]
    report: Option<PathBuf>,
    /// The date printed on the notices (notices.html, the workbook's notice sheets),
    /// YYYY-MM-DD (default: today).
    #[arg(long)]
    date: Option<String>,
    /// Plan the next N rounds together (1–20), each on the county the earlier years
    /// leave (terms ending, teachers a year older, years at school growing), with the
    /// exchange cycle (`rules.cycle_years`, `rules.cycle_share`) checked over them;
    /// writes OUT/year-1/ … OUT/year-N/ and OUT/horizon.csv, horizon.json (a year with
    /// no plan ends the horizon: the years before it are written, exit 1).
    #[arg(long, value_name = "N", conflicts_with_all = ["xlsx", "pins", "previous", "wishes", "teams", "report"])]
    years: Option<u32>,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        // `--time-limit` counts from here: reading the county (about 0.5 s at 100,000
        // teachers) is part of the command it bounds.
        let started = std::time::Instant::now();
        if let Some(years) = self.years {
            return self.run_years(years, started);
        }
        let force = self.force;
        let date = match &self.date {
            Some(text) => rotation::model::date::IssueDate::parse(text, "--date")?,
            None => rotation::model::date::IssueDate::today(),
        };
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
        // The round plans the county as this year's term ends leave it.
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
        let side = crate::cli::common::teacher_side(&loaded.county, &files)?;
        let history = side.history.as_ref();
        let county = &side.county(&loaded.county, &policy)?;
        // Every output is checked, and the folder locked, before the solve.
        let mut inputs = instance_files(&self.instance);
        inputs.push(self.policy.clone());
        inputs.extend(self.pins.iter().cloned());
        inputs.extend(self.previous.iter().cloned());
        inputs.extend(files.paths().map(Path::to_path_buf));
        let mut expected: Vec<&str> = PLAN_SET_FILES.to_vec();
        let mut extra = Vec::new();
        for path in [xlsx, report].into_iter().flatten() {
            match file_in_folder(out, path) {
                Some(name) => {
                    check_output_file(path, true, &inputs)?;
                    extra.push(name);
                }
                None => check_output_file(path, force, &inputs)?,
            }
        }
        expected.extend(extra.iter().map(String::as_str));
        let mut set = OutputSet::begin(out, force, &inputs, &expected)?;
        for left in &set.removed_leftovers {
            eprintln!(
                "warning: removed {}, left by an interrupted run",
                left.display()
            );
        }
        let pins = self
            .pins
            .as_deref()
            .map(|p| Pins::read(p, county))
            .transpose()?;
        let mut previous_warnings = rotation::model::diagnostics::Diagnostics::default();
        let previous = self
            .previous
            .as_deref()
            .map(|p| Previous::read(p, county, &mut previous_warnings))
            .transpose()?;
        print_warnings(&previous_warnings);
        if let Some(p) = &self.previous {
            super::common::warn_about_plan_folder(p);
        }
        // Under `rules.stable` with wishes, the same round without the rule prices
        // stability (wishes.json).
        let mut free = policy.clone();
        free.rules.stable = false;
        // Each round gets what is left of the limit. Under `rules.stable` with wishes
        // the round without the rule (on the sample county 0.8 s, where the stable
        // round runs to a 300 s limit) is planned first, within a third of it, and the
        // stable round gets the rest.
        let second = policy.rules.stable && county.wishes.any();
        let with_policy = |policy, share: f64| {
            let mut options = options.left_since(started);
            options.time_limit = options.time_limit.map(|t| t * share);
            let mut round = Round::new(county, policy)
                .options(options)
                .candidates(limit);
            if let Some(pins) = &pins {
                round = round.pins(pins);
            }
            if let Some(previous) = &previous {
                round = round.previous(previous);
            }
            round
        };
        let free_first = second.then(|| with_policy(&free, 1.0 / 3.0).plan());
        // Proven, it is the first round of the stable round's bans too.
        let outcome = match &free_first {
            Some(Ok(free)) => with_policy(&policy, 1.0).without_rule(free).plan(),
            _ => with_policy(&policy, 1.0).plan(),
        };
        let unconstrained = match (&outcome, free_first) {
            (Ok(_), Some(free)) => Some(free),
            _ => None,
        };
        bar.finish_and_clear();
        let outcome = outcome?;
        let unconstrained = unconstrained.transpose()?;
        let wish_report = files.wishes.as_ref().map(|_| {
            rotation::round::wishes::wish_report(county, &policy, &outcome, unconstrained.as_ref())
        });
        // Everything is rendered before anything is written.
        let html = report.map(|_| {
            let view = PlanView::of_outcome(
                policy.title(super::lang()).to_string(),
                county,
                &policy,
                &outcome,
            );
            plan_report(&self.instance.display().to_string(), &view, super::lang())
        });
        let workbook = xlsx
            .map(|_| plan_workbook_on(county, &outcome, date))
            .transpose()?;
        for (name, bytes) in plan_set_files(
            county,
            &outcome,
            self.excel_csv,
            previous.is_some(),
            super::lang(),
        ) {
            set.add(name, bytes);
        }
        set.add(
            "notices.html",
            rotation::output::notices::notices_html(
                &rotation::output::notices::NoticePlan {
                    county,
                    policy: outcome.policy_in(rotation::model::lang::Lang::Zh),
                    moves: &outcome.moves,
                    reasons: &outcome.reasons,
                    date,
                },
                rotation::model::lang::Lang::Zh,
            )
            .into_bytes(),
        );
        if history.is_some() {
            let next = next_history(county, &policy, &outcome.moves);
            set.add("history.csv", history_csv(county, &next));
        }
        if let Some(w) = &wish_report {
            set.add(
                "wishes.json",
                serde_json::to_vec_pretty(w).expect("serialisable wishes report"),
            );
        }
        let mut separate = Vec::new();
        for (path, bytes) in [(xlsx, workbook), (report, html.map(String::into_bytes))] {
            if let (Some(path), Some(bytes)) = (path, bytes) {
                match file_in_folder(out, path) {
                    Some(name) => set.add(name, bytes),
                    None => separate.push((path, bytes)),
                }
            }
        }
        set.commit()?;
        for (path, bytes) in separate {
            write_atomic(path, &bytes)?;
        }
        if let Some(path) = report {
            let wrote = CliMessage::Wrote {
                what: path.display().to_string(),
            };
            eprintln!("{}", wrote.text(super::lang()));
        }
        match self.format {
            Format::Json => print_json(&summary_json(&outcome)),
            Format::Text => {
                let lang = super::lang();
                let mut lines = summary_lines(&outcome, lang);
                let mut files: Vec<String> = [
                    "plan.csv",
                    "schools.csv",
                    "summary.json",
                    "stayed.csv",
                    "notices.html",
                ]
                .map(String::from)
                .to_vec();
                if previous.is_some() {
                    files.push("changes.csv".into());
                }
                if history.is_some() {
                    files.push("history.csv".into());
                }
                files.push("manifest.json".into());
                lines.push(SummaryLine::Wrote {
                    folder: out.display().to_string(),
                    files,
                });
                if wish_report.is_some() {
                    lines.push(SummaryLine::WroteFile {
                        path: format!("{}/wishes.json", out.display()),
                    });
                }
                if let Some(w) = &wish_report {
                    lines.extend(wish_lines(w));
                }
                println!("{}", render_lines(&lines, lang));
                let mut last = Vec::new();
                if !county.history.returns.is_empty() {
                    last.push(SummaryLine::Returns {
                        teachers: county.history.returns.len(),
                    });
                }
                if let Some(x) = xlsx {
                    last.push(SummaryLine::WroteFile {
                        path: x.display().to_string(),
                    });
                }
                for line in last {
                    println!("{}", line.text(lang));
                }
            }
        }
        // The plan is written either way; a script must still be able to tell a plan
        // that misses a target from one that meets the policy.
        Ok(if outcome.targets_met() { 0 } else { 3 })
    }
}

/// The file name of `path` when it lies directly in the folder `dir`: such an output
/// (`--xlsx out/plan.xlsx`) is written as part of the folder's set.
fn file_in_folder(dir: &Path, path: &Path) -> Option<String> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if resolved(parent)? != resolved(dir)? {
        return None;
    }
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}
