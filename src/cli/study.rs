//! `rotation study STUDY.toml --out DIR`: every county × policy × sweep point of a study
//! as numbered jobs (`--list` prints them), `--shard I/N` for one task of a cluster's
//! job array, resumable; `rotation study merge DIR… --out OUT` merges the shards (and
//! the shards of `sweep` and `bench`). Exit 1 when a job failed or a merge misses jobs.

use super::common::progress;
use super::{print_json, Format};
use rotation::model::shard::Shard;
use rotation::output::files::{check_output_file, write_atomic};
use rotation::output::output_set::OutputSet;
use rotation::study::jobs::{study_jobs, StudyRecord};
use rotation::study::merge::{is_study_folder, merge_study_dirs, merged_files, MergedStudy};
use rotation::study::message::StudyProblem;
use rotation::study::note::StudyNote;
use rotation::study::run::{open_study_folder, run_study, STUDY_FILE};
use rotation::study::shard_tables::{is_shard_table, merge_shard_tables, record_path, SWEEP_TABLE};
use rotation::study::spec::read_study;
use rotation::{Result, RotationError};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<StudyCommand>,
    /// The study file (counties, policies, optional sweep and solver settings; see
    /// docs/cluster.md).
    #[arg(required = true)]
    study: Option<PathBuf>,
    /// The study folder: one folder per finished job, and results.csv when unsharded.
    /// Running again resumes: finished jobs are skipped.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the numbered jobs (of --shard, when given) and stop.
    #[arg(long)]
    list: bool,
    /// Run only the jobs j with j mod N = I−1 (jobs are numbered from 0), e.g.
    /// --shard $SLURM_ARRAY_TASK_ID/100.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// Jobs solved at once in this process, each with one HiGHS thread (default 1: a
    /// cluster task or a GNU parallel slot is one core).
    #[arg(long, default_value_t = 1)]
    jobs: usize,
    /// Run again the jobs that failed before (finished jobs are skipped otherwise).
    #[arg(long)]
    retry_failed: bool,
    /// The exchange history, read for every county of the study read from a file
    /// instead of the history it carries (history.csv, sheet 交流记录).
    #[arg(long, value_name = "history.csv")]
    history: Option<PathBuf>,
    /// The teachers' wishes, read for every county read from a file instead of the
    /// wishes it carries (wishes.csv, sheet 意愿).
    #[arg(long, value_name = "wishes.csv")]
    wishes: Option<PathBuf>,
    /// The exchange teams, read for every county read from a file instead of the
    /// teams it carries (teams.csv, sheet 组团交流).
    #[arg(long, value_name = "teams.csv")]
    teams: Option<PathBuf>,
    /// The joint appointments (联聘), read for every county read from a file instead
    /// of the joint appointments it carries (joint.csv, sheet 联聘).
    #[arg(long, value_name = "joint.csv")]
    joint: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(clap::Subcommand)]
enum StudyCommand {
    /// Merge shard outputs (study folders, or sharded sweep folders or bench files)
    /// into one results table; missing and duplicate jobs are reported.
    Merge(MergeArgs),
}

#[derive(clap::Args)]
struct MergeArgs {
    /// Study folders (or sharded sweep folders, or sharded bench CSV files).
    #[arg(required = true)]
    outputs: Vec<PathBuf>,
    /// Where the merged results go: a folder for a study (results.csv, results.json,
    /// timings.csv) or a sweep (sweep.csv), a CSV file for a bench.
    #[arg(long)]
    out: PathBuf,
    /// Replace what an earlier merge wrote in --out.
    #[arg(long)]
    force: bool,
    /// Write the results even when jobs are missing (they are still reported, and the
    /// exit code is still 1).
    #[arg(long)]
    allow_missing: bool,
}

fn shard_of(text: Option<&str>) -> Result<Shard> {
    match text {
        None => Ok(Shard::ALL),
        Some(t) => Shard::parse(t).map_err(RotationError::rejected),
    }
}

impl Args {
    pub fn run(self) -> Result<i32> {
        if let Some(StudyCommand::Merge(m)) = self.command {
            return m.run();
        }
        let shard = shard_of(self.shard.as_deref())?;
        if self.jobs == 0 {
            return Err(RotationError::Refused(
                rotation::model::usage_message::UsageMessage::JobsAtLeastOne,
            ));
        }
        let Some(path) = self.study else {
            return Err(RotationError::rejected(StudyProblem::NeedsFile));
        };
        let mut study = read_study(&path)?;
        study.teacher_flags = rotation::input::teacher_files::TeacherFiles::flags(
            self.history.as_deref(),
            self.wishes.as_deref(),
            self.teams.as_deref(),
            self.joint.as_deref(),
        );
        let flagged: Vec<PathBuf> = study.teacher_flags.paths().map(Path::to_path_buf).collect();
        study.inputs.extend(flagged);
        if self.list {
            return Ok(list(&study, shard, self.format));
        }
        let Some(dir) = self.out else {
            return Err(RotationError::rejected(StudyProblem::NeedsOut));
        };
        if let Some(input) = study.inputs.iter().find(|i| {
            rotation::output::files::resolved(i)
                .zip(dir.canonicalize().ok())
                .is_some_and(|(i, d)| i.starts_with(d))
        }) {
            return Err(RotationError::rejected(StudyProblem::OutHoldsInput {
                dir: dir.display().to_string(),
                input: input.display().to_string(),
            }));
        }
        let record = StudyRecord::of(&study);
        open_study_folder(&dir, &record)?;
        let mine = shard.jobs(record.jobs.len()).len();
        let bar = progress(mine, "jobs");
        let lang = super::lang();
        let say = |note: StudyNote| eprintln!("{}", note.text(lang));
        let summary = run_study(
            &study,
            &dir,
            shard,
            self.jobs,
            self.retry_failed,
            lang,
            &|| bar.inc(1),
        )?;
        bar.finish_and_clear();
        say(StudyNote::Ran {
            study: study.name.clone(),
            shard,
            jobs: summary.jobs,
            ran: summary.ran,
            skipped: summary.skipped,
            met: summary.met,
            short: summary.short,
            failed: summary.failed.len(),
        });
        if summary.stopped.stopped > 0 {
            say(StudyNote::Stopped {
                stopped: summary.stopped,
                jobs: summary.jobs,
            });
        }
        for (job, e) in summary.failed.iter().take(10) {
            say(StudyNote::JobFailed {
                job: *job,
                en: e.en.clone(),
                zh: e.zh.clone(),
            });
        }
        if summary.failed.len() > 10 {
            say(StudyNote::MoreFailed {
                more: summary.failed.len() - 10,
            });
        }
        if shard.count == 1 {
            let merged = merge_study_dirs(std::slice::from_ref(&dir))?;
            if let Some(p) = merged.missing_problem() {
                // Exit 1, as an output that could not be written.
                eprintln!("{}{}", lang.pick("error: ", "错误："), p.text(lang));
                return Ok(1);
            }
            for (name, bytes) in merged_files(&merged) {
                write_atomic(&dir.join(name), &bytes)?;
            }
            say(StudyNote::Wrote {
                dir: dir.display().to_string(),
            });
        } else {
            say(StudyNote::MergeLater {
                dir: dir.display().to_string(),
            });
        }
        if self.format == Format::Json {
            print_json(&serde_json::json!({
                "study": study.name,
                "shard": shard.to_string(),
                "jobs": summary.jobs,
                "ran": summary.ran,
                "skipped": summary.skipped,
                "met": summary.met,
                "short": summary.short,
                "stopped_at_time_limit": summary.stopped.stopped,
                "no_plan_in_time": summary.stopped.nobody_moves,
                "failed": summary.failed.iter().map(|(j, e)| serde_json::json!({"job": j, "error": e})).collect::<Vec<_>>(),
            }));
        }
        Ok(if summary.failed.is_empty() { 0 } else { 1 })
    }
}

/// Prints the jobs of `shard`, one line each (`job<TAB>label`) or as JSON.
fn list(study: &rotation::study::spec::Study, shard: Shard, format: Format) -> i32 {
    let jobs = study_jobs(study);
    let mine: Vec<_> = jobs.iter().filter(|j| shard.holds(j.index)).collect();
    match format {
        Format::Text => {
            for j in &mine {
                println!("{}\t{}", j.index, j.label());
            }
            let note = StudyNote::Listed {
                mine: mine.len(),
                total: jobs.len(),
                shard,
            };
            eprintln!("{}", note.text(super::lang()));
        }
        Format::Json => print_json(&serde_json::json!({
            "study": study.name,
            "total_jobs": jobs.len(),
            "shard": shard.to_string(),
            "jobs": mine.iter().map(|j| serde_json::json!({
                "job": j.index,
                "county": j.county.label(),
                "policy": j.policy_label,
                "values": j.values.iter().map(|(k, v)| (k.clone(), serde_json::json!(v))).collect::<serde_json::Map<_, _>>(),
            })).collect::<Vec<_>>(),
        })),
    }
    0
}

/// One line for every job found twice with the same result.
fn print_duplicates(duplicates: &[(usize, String, String)]) {
    if !duplicates.is_empty() {
        let jobs: Vec<usize> = duplicates.iter().map(|d| d.0).collect();
        let lang = super::lang();
        eprintln!(
            "{}{}",
            lang.pick("warning: ", "警告："),
            StudyProblem::DuplicateSame(jobs).text(lang)
        );
    }
}

impl MergeArgs {
    fn run(self) -> Result<i32> {
        let studies = self.outputs.iter().filter(|o| is_study_folder(o)).count();
        let tables = self.outputs.iter().filter(|o| is_shard_table(o)).count();
        if let Some(o) = self
            .outputs
            .iter()
            .find(|o| !is_study_folder(o) && !is_shard_table(o))
        {
            return Err(RotationError::rejected(StudyProblem::NotMergeable {
                output: o.display().to_string(),
                record: record_path(o).display().to_string(),
            }));
        }
        if studies > 0 && tables > 0 {
            return Err(RotationError::rejected(StudyProblem::MixedKinds));
        }
        if studies > 0 {
            self.merge_studies()
        } else {
            self.merge_tables()
        }
    }

    /// Reports missing jobs; true when the merge should stop there.
    fn stop_for_missing(&self, problem: Option<&StudyProblem>) -> bool {
        let Some(p) = problem else { return false };
        let lang = super::lang();
        eprintln!("{}{}", lang.pick("error: ", "错误："), p.text(lang));
        if self.allow_missing {
            false
        } else {
            eprintln!("{}", StudyNote::NothingWritten.text(lang));
            true
        }
    }

    fn merge_studies(&self) -> Result<i32> {
        let inputs: Vec<PathBuf> = self.outputs.iter().map(|d| d.join(STUDY_FILE)).collect();
        let files = ["results.csv", "results.json", "timings.csv"];
        let mut set = OutputSet::begin(&self.out, self.force, &inputs, &files)?;
        let merged: MergedStudy = merge_study_dirs(&self.outputs)?;
        print_duplicates(&merged.duplicates);
        let missing = merged.missing_problem();
        if self.stop_for_missing(missing.as_ref()) {
            return Ok(1);
        }
        for (name, bytes) in merged_files(&merged) {
            set.add(name, bytes);
        }
        set.commit()?;
        let note = StudyNote::MergedStudy {
            merged: merged.results.len(),
            total: merged.record.jobs.len(),
            study: merged.record.study.clone(),
            folders: self.outputs.len(),
            out: self.out.display().to_string(),
        };
        eprintln!("{}", note.text(super::lang()));
        Ok(if missing.is_some() { 1 } else { 0 })
    }

    fn merge_tables(&self) -> Result<i32> {
        let inputs: Vec<PathBuf> = self
            .outputs
            .iter()
            .flat_map(|o| [table_file(o), record_path(o)])
            .collect();
        let merged = merge_shard_tables(&self.outputs)?;
        print_duplicates(&merged.duplicates);
        if self.stop_for_missing(merged.missing.as_ref()) {
            return Ok(1);
        }
        if merged.kind == "sweep" {
            let mut set = OutputSet::begin(&self.out, self.force, &inputs, &[SWEEP_TABLE])?;
            set.add(SWEEP_TABLE, merged.bytes);
            set.commit()?;
            let note = StudyNote::MergedSweep {
                rows: merged.rows,
                out: self.out.display().to_string(),
                table: SWEEP_TABLE.to_string(),
            };
            eprintln!("{}", note.text(super::lang()));
        } else {
            check_output_file(&self.out, self.force, &inputs)?;
            write_atomic(&self.out, &merged.bytes)?;
            let note = StudyNote::MergedBench {
                rows: merged.rows,
                out: self.out.display().to_string(),
            };
            eprintln!("{}", note.text(super::lang()));
        }
        Ok(if merged.missing.is_some() { 1 } else { 0 })
    }
}

fn table_file(output: &Path) -> PathBuf {
    if output.is_dir() {
        output.join(SWEEP_TABLE)
    } else {
        output.to_path_buf()
    }
}
