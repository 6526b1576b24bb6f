//! Running a study's jobs into its folder, resumably. Each job writes its own folder
//! `jobs/NNNNNN/` (`result.json`: the results row; `timing.json`: wall times;
//! `plan.csv` when there is a plan) into a hidden temporary folder first and renames
//! it into place, so a job killed half-way leaves no folder that counts as finished,
//! and a rerun skips exactly the jobs whose folder holds a readable `result.json`. A
//! job that fails (a bad county file, the solver) is finished too: its row says why.
//!
//! ```text
//! DIR/study.json              the job list and its fingerprint
//! DIR/shards/I-of-N.json      each shard's run: started, then finished
//! DIR/jobs/000042/            one finished job
//! DIR/results.csv, results.json, timings.csv   (an unsharded run; else `study merge`)
//! ```

use crate::input::instance::read_instance;
use crate::input::teacher_files::TeacherFiles;
use crate::lab::figures::key_figures;
use crate::lab::runs::{run_policy, RunFailure, RunOutcome};
use crate::lab::stopped::StoppedAtLimit;
use crate::model::error::{Result, RotationError};
use crate::model::lang::Lang;
use crate::model::shard::Shard;
use crate::output::files::write_atomic;
use crate::research::generate::generate;
use crate::research::generator_spec::GeneratorSpec;
use crate::round::inputs::TeacherSide;
use crate::solve::highs::LimitStop;
use crate::solve::parallel::in_parallel;
use crate::study::jobs::{study_jobs, Job, StudyRecord, WALL_TIME_FIGURE};
use crate::study::message::StudyProblem;
use crate::study::spec::{CountySource, Study};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The study's record in its folder.
pub const STUDY_FILE: &str = "study.json";
/// The folder of finished jobs.
pub const JOBS_DIR: &str = "jobs";
/// The folder of shard records.
pub const SHARDS_DIR: &str = "shards";
/// A finished job's row.
pub const RESULT_FILE: &str = "result.json";
/// A finished job's wall times.
pub const TIMING_FILE: &str = "timing.json";

/// A finished job's folder name: the job number on six digits.
pub fn job_dir_name(job: usize) -> String {
    format!("{job:06}")
}

/// `result.json`: one row of `results.csv` and the same figures typed for JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobResult {
    /// The job number.
    pub job: usize,
    /// The county's label.
    pub county: String,
    /// The policy file as written in the study.
    pub policy: String,
    /// The varied keys' values (full key → value).
    pub values: serde_json::Map<String, serde_json::Value>,
    /// `met`, `short` or `failed`.
    pub verdict: String,
    /// Every key figure but wall time (key → JSON value).
    pub figures: serde_json::Map<String, serde_json::Value>,
    /// Why the job failed, when it did.
    pub error: Option<String>,
    /// The same in Chinese (not in `results.csv`; absent in folders of earlier
    /// versions, whose failures are then shown in English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_zh: Option<String>,
    /// The cells of the row, in the study's column order.
    pub cells: Vec<String>,
    /// Whether the time limit ran out before any plan was found, so that the plan in
    /// which nobody moves was written (absent, false, in folders of earlier versions
    /// and in every other job, so that their `result.json` stays as it was).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_plan_in_time: bool,
}

/// `timing.json`: wall times, kept apart from the row so that results compare byte for
/// byte between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobTiming {
    /// The job number.
    pub job: usize,
    /// The whole job: reading or generating the county, planning, checking.
    pub job_seconds: f64,
    /// HiGHS alone (0 when the job failed before solving).
    pub solve_seconds: f64,
}

/// A shard's record: which shard ran into this folder, and whether it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardRun {
    /// The shard.
    pub shard: Shard,
    /// Its jobs.
    pub jobs: usize,
    /// Whether every job of the shard had finished when it was written.
    pub finished: bool,
}

/// How a run of a shard went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunSummary {
    /// The shard's jobs.
    pub jobs: usize,
    /// Jobs found finished and skipped.
    pub skipped: usize,
    /// Jobs run now.
    pub ran: usize,
    /// Jobs (run now or before) whose plan meets every target.
    pub met: usize,
    /// Jobs with a plan short of a target.
    pub short: usize,
    /// Jobs that failed, with the reason.
    pub failed: Vec<(usize, RunFailure)>,
    /// Jobs (run now or before) whose solve stopped at the time limit: a plan found
    /// but not proven, or none, so nobody moves. A study's count of met and short
    /// would otherwise read as proven answers.
    pub stopped: StoppedAtLimit,
}

fn json_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(value).expect("serialisable record");
    v.push(b'\n');
    v
}

/// Reads a job's `result.json`; `None` when absent or unreadable (a job to run).
pub fn read_result(job_dir: &Path) -> Option<JobResult> {
    let bytes = std::fs::read(job_dir.join(RESULT_FILE)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Whether a folder entry is one a study writes: shards that start together on a new
/// shared folder see each other's `jobs/`, `shards/` and `study.json` being made.
fn is_study_entry(name: &str) -> bool {
    [JOBS_DIR, SHARDS_DIR, STUDY_FILE].contains(&name)
        || name.starts_with(&format!(".{STUDY_FILE}."))
}

fn held_record(file: &Path) -> Option<StudyRecord> {
    std::fs::read(file)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
}

/// Makes `dir` a folder of `study` (or checks that it is one) and writes `study.json`.
/// A folder holding anything else, or another study, is refused before any job runs.
/// Shards starting at the same moment on the same new folder all succeed: each writes
/// the same `study.json` by rename, then reads back what is there.
pub fn open_study_folder(dir: &Path, record: &StudyRecord) -> Result<()> {
    let shown = dir.display().to_string();
    let refuse = |p: StudyProblem| Err(RotationError::rejected(p));
    if dir.exists() && !dir.is_dir() {
        return refuse(StudyProblem::NotAStudyFolder(shown));
    }
    let file = dir.join(STUDY_FILE);
    if !file.exists() {
        let foreign = std::fs::read_dir(dir).ok().is_some_and(|entries| {
            entries
                .flatten()
                .any(|e| !is_study_entry(&e.file_name().to_string_lossy()))
        });
        if foreign {
            return refuse(StudyProblem::NotAStudyFolder(shown));
        }
        std::fs::create_dir_all(dir).map_err(|e| RotationError::io(dir, e))?;
        write_atomic(&file, &json_bytes(record))?;
    }
    match held_record(&file) {
        Some(h) if h.fingerprint == record.fingerprint => {
            std::fs::create_dir_all(dir.join(JOBS_DIR)).map_err(|e| RotationError::io(dir, e))
        }
        Some(_) => refuse(StudyProblem::OtherStudy(shown)),
        None => refuse(StudyProblem::NotAStudyFolder(shown)),
    }
}

/// Writes the shard's record (at its start, then when it has finished).
pub fn write_shard_run(dir: &Path, run: &ShardRun) -> Result<()> {
    write_atomic(
        &dir.join(SHARDS_DIR)
            .join(format!("{}.json", run.shard.file_stem())),
        &json_bytes(run),
    )
}

/// Reads or generates the job's county, plans it and returns its outcome; a county
/// that cannot be read is a failed job whose error lists the file's problems.
fn run_job(
    job: &Job,
    options: &crate::solve::highs::SolveOptions,
    teacher_flags: &TeacherFiles,
) -> (Option<crate::model::county::County>, RunOutcome, f64) {
    let start = Instant::now();
    let mut side = TeacherSide::default();
    let county = match job.county {
        // A county read from a file brings its teacher side (or the study's flags).
        CountySource::File { path, .. } => read_instance(path)
            .map_err(|e| RunFailure::of(&e))
            .and_then(|l| {
                let (files, _) = TeacherFiles::resolve(path, teacher_flags);
                side = TeacherSide::read(&l.county, &files).map_err(|e| RunFailure::of(&e))?;
                Ok(l.county)
            }),
        CountySource::Generated { size, seed } => {
            let spec = GeneratorSpec::sized(size.teachers, size.schools, *seed);
            match spec.check() {
                Ok(()) => Ok(generate(&spec)),
                Err(e) => Err(RunFailure::said(&e)),
            }
        }
    };
    match county {
        Err(e) => (None, RunOutcome::Failed(e), start.elapsed().as_secs_f64()),
        Ok(county) => {
            let outcome = run_policy(&county, &side, job.policy, options);
            (Some(county), outcome, start.elapsed().as_secs_f64())
        }
    }
}

/// The row of a job's outcome.
pub fn job_result(job: &Job, columns: &[String], outcome: &RunOutcome) -> JobResult {
    let figures: Vec<_> = key_figures(outcome)
        .into_iter()
        .filter(|f| f.key != WALL_TIME_FIGURE)
        .collect();
    let (error, error_zh) = match outcome {
        RunOutcome::Failed(e) => (Some(e.en.clone()), Some(e.zh.clone())),
        RunOutcome::Planned(_) => (None, None),
    };
    let mut cells = vec![
        job.index.to_string(),
        job.county.label(),
        job.policy_label.to_string(),
    ];
    cells.extend(job.values.iter().map(|(_, v)| v.to_string()));
    cells.extend(figures.iter().map(|f| f.value.raw()));
    cells.push(error.clone().unwrap_or_default());
    debug_assert_eq!(cells.len(), columns.len());
    JobResult {
        job: job.index,
        county: job.county.label(),
        policy: job.policy_label.to_string(),
        values: job
            .values
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::json!(v)))
            .collect(),
        verdict: outcome.verdict().word().to_string(),
        figures: figures
            .iter()
            .map(|f| (f.key.to_string(), f.value.json()))
            .collect(),
        error,
        error_zh,
        cells,
        no_plan_in_time: outcome
            .plan()
            .is_some_and(|p| p.solve.limit_stop() == Some(LimitStop::NoPlan)),
    }
}

/// Writes a finished job's folder: files into a hidden temporary folder, synced, then
/// one rename. A folder already there (an unreadable one, or a failed job run again)
/// is moved aside first and removed after.
fn write_job_dir(jobs_dir: &Path, job: usize, files: &[(&str, Vec<u8>)]) -> Result<()> {
    let name = job_dir_name(job);
    let pid = std::process::id();
    let tmp = jobs_dir.join(format!(".{name}.tmp-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| RotationError::io(&tmp, e))?;
    for (file, bytes) in files {
        let path = tmp.join(file);
        let written = std::fs::File::create(&path).and_then(|mut f| {
            use std::io::Write;
            f.write_all(bytes)?;
            f.sync_all()
        });
        if let Err(e) = written {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(RotationError::io(&path, e));
        }
    }
    let target = jobs_dir.join(&name);
    let mut old = None;
    if target.exists() {
        let aside = jobs_dir.join(format!(".{name}.old-{pid}"));
        let _ = std::fs::remove_dir_all(&aside);
        std::fs::rename(&target, &aside).map_err(|e| RotationError::io(&target, e))?;
        old = Some(aside);
    }
    if let Err(e) = std::fs::rename(&tmp, &target) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(RotationError::io(&target, e));
    }
    if let Some(old) = old {
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(())
}

/// Removes what a killed run of this shard left behind: the temporary and set-aside
/// folders (`.NNNNNN.tmp-PID`, `.NNNNNN.old-PID`) of its jobs, and only of its jobs (a
/// shard running beside it on the same folder keeps its own).
fn remove_leftovers(jobs_dir: &Path, shard: Shard) {
    let Ok(entries) = std::fs::read_dir(jobs_dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let job = name
            .strip_prefix('.')
            .and_then(|rest| rest.split('.').next())
            .and_then(|n| n.parse::<usize>().ok());
        if job.is_some_and(|j| shard.holds(j)) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Runs the shard's jobs of `study` into `dir` (opened by [`open_study_folder`]),
/// `parallel` at a time, skipping finished jobs (failed ones too, unless
/// `retry_failed`). `lang` is the language of the reasons in each job's `plan.csv`; `done`
/// is called after each job run now.
pub fn run_study(
    study: &Study,
    dir: &Path,
    shard: Shard,
    parallel: usize,
    retry_failed: bool,
    lang: Lang,
    done: &(dyn Fn() + Sync),
) -> Result<RunSummary> {
    let record = StudyRecord::of(study);
    let jobs = study_jobs(study);
    let jobs_dir = dir.join(JOBS_DIR);
    std::fs::create_dir_all(&jobs_dir).map_err(|e| RotationError::io(&jobs_dir, e))?;
    let mine: Vec<&Job> = jobs.iter().filter(|j| shard.holds(j.index)).collect();
    write_shard_run(
        dir,
        &ShardRun {
            shard,
            jobs: mine.len(),
            finished: false,
        },
    )?;
    remove_leftovers(&jobs_dir, shard);
    let mut summary = RunSummary {
        jobs: mine.len(),
        ..RunSummary::default()
    };
    let mut todo = Vec::new();
    for job in &mine {
        match read_result(&jobs_dir.join(job_dir_name(job.index))) {
            Some(r) if !(retry_failed && r.error.is_some()) => {
                summary.skipped += 1;
                tally(&mut summary, &r);
            }
            _ => todo.push(*job),
        }
    }
    let options = study.options.clone();
    let results = in_parallel(
        &todo,
        parallel,
        |job| -> Result<JobResult> {
            let (county, outcome, seconds) = run_job(job, &options, &study.teacher_flags);
            let result = job_result(job, &record.columns, &outcome);
            let timing = JobTiming {
                job: job.index,
                job_seconds: (seconds * 1000.0).round() / 1000.0,
                solve_seconds: outcome
                    .plan()
                    .map(|p| (p.solve.solve_seconds * 1000.0).round() / 1000.0)
                    .unwrap_or(0.0),
            };
            let mut files = vec![
                (RESULT_FILE, json_bytes(&result)),
                (TIMING_FILE, json_bytes(&timing)),
            ];
            if let (Some(county), Some(plan)) = (&county, outcome.plan()) {
                files.push((
                    "plan.csv",
                    crate::output::plan_files::plan_csv(county, &plan.moves, &plan.reasons, lang),
                ));
            }
            write_job_dir(&jobs_dir, job.index, &files)?;
            Ok(result)
        },
        done,
    );
    for r in results {
        let r = r?;
        summary.ran += 1;
        tally(&mut summary, &r);
    }
    summary.failed.sort_by_key(|(job, _)| *job);
    write_shard_run(
        dir,
        &ShardRun {
            shard,
            jobs: mine.len(),
            finished: true,
        },
    )?;
    Ok(summary)
}

fn tally(summary: &mut RunSummary, r: &JobResult) {
    match (&r.error, r.verdict.as_str()) {
        (Some(e), _) => summary.failed.push((
            r.job,
            RunFailure {
                en: e.clone(),
                zh: r.error_zh.clone().unwrap_or_else(|| e.clone()),
            },
        )),
        (None, "met") => summary.met += 1,
        _ => summary.short += 1,
    }
    if r.figures.get("status").and_then(|s| s.as_str()) == Some("time_limit") {
        summary.stopped.add(if r.no_plan_in_time {
            LimitStop::NoPlan
        } else {
            // A plan written before any bound has no finite gap (null in the JSON).
            LimitStop::found(
                r.figures
                    .get("mip_gap")
                    .and_then(|g| g.as_f64())
                    .unwrap_or(f64::NAN),
            )
        });
    }
}

/// The folder of job `job` under `dir`.
pub fn job_path(dir: &Path, job: usize) -> PathBuf {
    dir.join(JOBS_DIR).join(job_dir_name(job))
}
