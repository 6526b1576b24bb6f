//! Flags and helpers more than one subcommand shares: the solver flags of `plan`,
//! `compare` and `sweep` (and, built by hand, `bench`), `--candidates`, and the table
//! format, `--jobs`, progress bar and failure list of the policy lab (`compare`, `sweep`).

use indicatif::{ProgressBar, ProgressStyle};
use rotation::lab::runs::RunOutcome;
use rotation::model::lang::Lang;
use rotation::model::usage_message::UsageMessage;
use rotation::rules::candidates::CandidateLimit;
use rotation::solve::highs::SolveOptions;
use rotation::{Result, RotationError};
use std::io::IsTerminal;

#[derive(clap::Args)]
pub struct SolverArgs {
    /// Stop after this many seconds with the best plan found (its bound and gap are
    /// reported): the deadline of the whole command; `compare` and `sweep` share it
    /// among their runs.
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which a plan counts as optimal.
    #[arg(long, default_value_t = 1e-4)]
    pub gap: f64,
    /// Solver threads (default: HiGHS decides; one fewer, at least one, in a
    /// least-shortfall stage that races its backbone movers on another), and at most
    /// this many threads pricing the moves of a large county (default: every core).
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
    /// The flags a plan depends on, as one label of a shard's fingerprint (not
    /// `--verbose`, which changes only what is printed).
    pub fn fingerprint_label(&self) -> String {
        solver_label(
            self.gap,
            self.time_limit,
            self.threads,
            self.seed,
            !self.no_lp_first,
            self.candidates,
        )
    }

    pub fn limit(&self) -> Result<CandidateLimit> {
        candidate_limit(self.candidates)
    }

    pub fn options(&self) -> Result<SolveOptions> {
        let options = SolveOptions {
            time_limit: self.time_limit,
            gap: self.gap,
            threads: self.threads,
            seed: self.seed,
            verbose: self.verbose,
            lp_first: !self.no_lp_first,
            presolve: true,
            ..SolveOptions::default()
        };
        // The library decides the ranges; the message names the flag.
        match options.bad_setting() {
            Some(b) => Err(RotationError::Refused(UsageMessage::SolverSetting {
                flag: format!("--{}", b.setting.replace('_', "-")),
                setting: b.setting.to_string(),
                value: b.value,
            })),
            None => Ok(options),
        }
    }
}

/// The solver settings a plan depends on, as one label of a shard's fingerprint.
pub fn solver_label(
    gap: f64,
    time_limit: Option<f64>,
    threads: Option<u32>,
    seed: u32,
    lp_first: bool,
    candidates: Option<usize>,
) -> String {
    format!(
        "solver gap={gap} time_limit={time_limit:?} threads={threads:?} seed={seed} \
         lp_first={lp_first} candidates={candidates:?}"
    )
}

/// One label per file of `files`, naming its contents (SHA-256 of its bytes), for a
/// shard's fingerprint: shards of the same grid over another county, policy or
/// teacher side are not shards of one list, and the same files give the same labels
/// on any machine, wherever they lie. A file that cannot be read gets a label saying
/// so (the command's own reading reports it when it is needed).
pub fn content_labels(files: &[std::path::PathBuf]) -> Vec<String> {
    use sha2::{Digest, Sha256};
    files
        .iter()
        .map(|f| match std::fs::read(f) {
            Ok(bytes) => {
                let digest = Sha256::digest(&bytes);
                let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
                format!("file {hex}")
            }
            // An optional table the county does not have (roads.csv, ...): named by
            // its file name only, so that the same county elsewhere labels the same.
            Err(_) => format!(
                "absent {}",
                f.file_name().map_or_else(
                    || f.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                )
            ),
        })
        .collect()
}

/// `--candidates K` as a limit; K must be at least 1.
pub fn candidate_limit(k: Option<usize>) -> Result<CandidateLimit> {
    match k {
        None => Ok(CandidateLimit::All),
        Some(0) => Err(RotationError::Refused(UsageMessage::CandidatesAtLeastOne)),
        Some(k) => Ok(CandidateLimit::Nearest(k)),
    }
}

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
        Some(0) => Err(RotationError::Refused(UsageMessage::JobsAtLeastOne)),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)),
    }
}

/// A progress bar on stderr when stderr is a terminal; hidden otherwise.
pub fn progress(len: usize, what: &str) -> ProgressBar {
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

/// One updating line on stderr for a single solve (stage, elapsed, best plan, bound,
/// gap), shown only when stdout and stderr are terminals and the output is text;
/// elsewhere a hidden bar and a silent observer. It appears after about 2 s, so fast
/// solves print nothing extra.
pub fn solve_progress(show: bool) -> (ProgressBar, rotation::solve::highs::Observer) {
    use rotation::solve::highs::{Observer, Progress};
    use std::sync::{Arc, Mutex};
    if !(show && std::io::stdout().is_terminal() && std::io::stderr().is_terminal()) {
        return (ProgressBar::hidden(), Observer::default());
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}") {
        bar.set_style(style);
    }
    // Drawn from 2 s on: the bar stays hidden until then.
    bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    let later = bar.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(2));
        if !later.is_finished() {
            later.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    });
    let lang = super::lang();
    let state = Arc::new(Mutex::new(Line::default()));
    let shown = bar.clone();
    let observer = Observer::new(move |p| {
        let Ok(mut line) = state.lock() else { return };
        match p {
            Progress::Stage(step) => line.step = Some(step),
            Progress::Plan(v) => line.plan = v,
            // Every bound heard within one objective holds: the best stays shown
            // (pricing's rounds and one MIP after another may report a lower one).
            Progress::Bound(b) => line.bound = line.bound.max(b),
            Progress::Objective(objective) => {
                *line = Line {
                    objective: Some(objective),
                    ..Line::default()
                }
            }
            _ => {}
        }
        shown.set_message(progress_message(lang, &line));
    });
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    (bar, observer)
}

/// What the progress line shows: the stage with its own objective (the least target
/// shortfall, the least cost; none for the first), the step within it, the best plan
/// and the bound.
struct Line {
    objective: Option<rotation::solve::highs::SolveStage>,
    step: Option<rotation::solve::highs::SolveStage>,
    plan: f64,
    bound: f64,
}

impl Default for Line {
    fn default() -> Line {
        Line {
            objective: None,
            step: None,
            plan: f64::NAN,
            bound: f64::NAN,
        }
    }
}

/// The progress line after the spinner and the elapsed time: the stage and step, and
/// the best plan, the bound and their gap once known, in `lang`.
fn progress_message(lang: Lang, line: &Line) -> String {
    let (plan, bound) = (line.plan, line.bound);
    let stages: Vec<&str> = [line.objective, line.step]
        .into_iter()
        .flatten()
        .map(|s| s.text(lang))
        .collect();
    let mut msg = if stages.is_empty() {
        lang.pick("starting", "开始").to_string()
    } else {
        stages.join(" · ")
    };
    if plan.is_finite() {
        msg.push_str(&format!(
            "  {} {plan:.2}",
            lang.pick("best plan", "最好方案")
        ));
    }
    if bound.is_finite() {
        msg.push_str(&format!("  {} {bound:.2}", lang.pick("bound", "下界")));
    }
    if plan.is_finite() && bound.is_finite() {
        let gap = 100.0 * rotation::solve::highs::relative_gap(plan, bound);
        msg.push_str(&format!("  {} {gap:.3}%", lang.pick("gap", "间隙")));
    }
    msg
}

/// Prints each failed solve on stderr and returns how many failed.
pub fn print_failures(runs: &[(String, &RunOutcome)]) -> usize {
    let mut failed = 0;
    for (label, outcome) in runs {
        if let RunOutcome::Failed(e) = outcome {
            let lang = super::lang();
            let error = lang.pick("error: ", "错误：");
            eprintln!("{error}{label}: {}", e.text(lang));
            failed += 1;
        }
    }
    failed
}

/// The teacher side of a round: the tables the instance carries (`history.csv`,
/// `wishes.csv`, `teams.csv`, `joint.csv` in a folder; sheets 交流记录, 意愿, 组团交流,
/// 联聘 in a workbook), each replaced by its flag when given; a note on stderr names
/// each table a flag replaced.
pub fn teacher_files(
    instance: &std::path::Path,
    flags: &rotation::input::teacher_files::TeacherFiles,
) -> rotation::input::teacher_files::TeacherFiles {
    use rotation::input::teacher_files::TeacherFiles;
    let (files, overridden) = TeacherFiles::resolve(instance, flags);
    for o in overridden {
        let note = super::messages::CliMessage::TeacherFileOverridden {
            flag: o.flag.to_string(),
            given: o.given.display().to_string(),
            instead: o.instead,
        };
        eprintln!("{}", note.text(super::lang()));
    }
    files
}

/// Reads the teacher side of `files` against the county as read, printing the
/// warnings of its teams once.
pub fn teacher_side(
    county: &rotation::County,
    files: &rotation::input::teacher_files::TeacherFiles,
) -> Result<rotation::round::inputs::TeacherSide> {
    let side = rotation::round::inputs::TeacherSide::read(county, files)?;
    super::print_warnings(&side.warnings);
    Ok(side)
}

/// Warns on stderr, in the chosen language, about the folder a plan file was read from
/// (edited since it was written, or not one complete output set).
pub fn warn_about_plan_folder(plan: &std::path::Path) {
    let lang = super::lang();
    for w in rotation::input::manifest::plan_folder_warnings(plan) {
        eprintln!("{}{}", lang.pick("warning: ", "警告："), w.text(lang));
    }
}

/// A figure for a terminal table, or a dash where it is not known (no bound yet, no
/// memory figure on this system, a floor not measured), as the CSV leaves it empty.
pub fn or_dash(x: f64, text: impl FnOnce(f64) -> String) -> String {
    rotation::research::bench::known_or(x, "—", text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rotation::solve::highs::SolveStage;

    #[test]
    fn the_progress_line_speaks_the_chosen_language() {
        let line = Line {
            step: Some(SolveStage::ReducedCostFixing),
            plan: 102.0,
            bound: 100.0,
            ..Line::default()
        };
        assert_eq!(
            progress_message(Lang::En, &line),
            "reduced-cost fixing  best plan 102.00  bound 100.00  gap 1.961%"
        );
        assert_eq!(
            progress_message(Lang::Zh, &line),
            "按检验数缩小的分支定界  最好方案 102.00  下界 100.00  间隙 1.961%"
        );
        let shortfall = Line {
            objective: Some(SolveStage::LeastTargetShortfall),
            step: Some(SolveStage::BranchAndBound),
            bound: 7.0,
            ..Line::default()
        };
        assert_eq!(
            progress_message(Lang::Zh, &shortfall),
            "求最小目标缺口 · 分支定界  下界 7.00"
        );
        assert_eq!(progress_message(Lang::En, &Line::default()), "starting");
    }
}
