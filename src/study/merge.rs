//! Merging study folders (the shards of one study, on one shared folder or copied back
//! from many nodes) into one `results.csv`, `results.json` and `timings.csv`. The rows
//! are the finished jobs' `result.json` in job order, written by the same function an
//! unsharded run uses, so the merged files are byte for byte those of a run without
//! shards. Wall times go to `timings.csv` only; that file is the one that differs.

use crate::model::error::{Result, RotationError};
use crate::model::shard::Shard;
use crate::output::files::excel_csv_bytes;
use crate::study::jobs::StudyRecord;
use crate::study::message::{StudyProblem, StudyProblems};
use crate::study::run::{
    job_dir_name, read_result, JobResult, JobTiming, ShardRun, JOBS_DIR, SHARDS_DIR, STUDY_FILE,
    TIMING_FILE,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The finished jobs of one or more folders of the same study.
#[derive(Debug, Clone)]
pub struct MergedStudy {
    /// The study's record (name, fingerprint, columns, job list).
    pub record: StudyRecord,
    /// One result per finished job, in job order.
    pub results: Vec<JobResult>,
    /// The wall times of the same jobs, in job order (absent when a job's
    /// `timing.json` was lost).
    pub timings: Vec<JobTiming>,
    /// Jobs of the list no folder holds.
    pub missing: Vec<usize>,
    /// The shards the missing jobs fall in, when the folders' shard records agree on N.
    pub missing_shards: Vec<Shard>,
    /// Jobs found in two folders with the same result (kept once): job, folders.
    pub duplicates: Vec<(usize, String, String)>,
}

impl MergedStudy {
    /// The problem to report when jobs are missing.
    pub fn missing_problem(&self) -> Option<StudyProblem> {
        (!self.missing.is_empty()).then(|| StudyProblem::MissingJobs {
            jobs: self.missing.clone(),
            shards: self.missing_shards.clone(),
        })
    }
}

/// Whether `dir` is a study folder.
pub fn is_study_folder(dir: &Path) -> bool {
    dir.join(STUDY_FILE).is_file()
}

/// Reads a folder's `study.json`.
pub fn read_record(dir: &Path) -> Result<StudyRecord> {
    let shown = dir.display().to_string();
    let bytes = std::fs::read(dir.join(STUDY_FILE))
        .map_err(|_| RotationError::rejected(StudyProblem::NotAStudyFolder(shown.clone())))?;
    serde_json::from_slice(&bytes)
        .map_err(|_| RotationError::rejected(StudyProblem::NotAStudyFolder(shown)))
}

/// Merges the finished jobs of `dirs` (the same folder named twice counts once).
/// Folders of different studies, and a job finished differently in two folders, are
/// errors; missing jobs are reported in the result for the caller to weigh.
pub fn merge_study_dirs(dirs: &[PathBuf]) -> Result<MergedStudy> {
    let mut seen = BTreeSet::new();
    let dirs: Vec<&PathBuf> = dirs
        .iter()
        .filter(|d| seen.insert(d.canonicalize().unwrap_or_else(|_| d.to_path_buf())))
        .collect();
    let Some(first) = dirs.first() else {
        return Err(RotationError::rejected(StudyProblem::NothingToMerge));
    };
    let record = read_record(first)?;
    let mut problems = Vec::new();
    let mut found: BTreeMap<usize, (String, JobResult, Option<JobTiming>)> = BTreeMap::new();
    let mut duplicates = Vec::new();
    let mut disagreements: Vec<(usize, String, String)> = Vec::new();
    let mut shard_counts = BTreeSet::new();
    for dir in &dirs {
        let shown = dir.display().to_string();
        let r = read_record(dir)?;
        if r.fingerprint != record.fingerprint {
            problems.push(StudyProblem::DifferentLists {
                first: first.display().to_string(),
                other: shown,
            });
            continue;
        }
        if let Ok(entries) = std::fs::read_dir(dir.join(SHARDS_DIR)) {
            for e in entries.flatten() {
                let run: Option<ShardRun> = std::fs::read(e.path())
                    .ok()
                    .and_then(|b| serde_json::from_slice(&b).ok());
                if let Some(run) = run {
                    shard_counts.insert(run.shard.count);
                }
            }
        }
        for job in 0..record.jobs.len() {
            let job_dir = dir.join(JOBS_DIR).join(job_dir_name(job));
            let Some(result) = read_result(&job_dir) else {
                continue;
            };
            if result.job != job {
                continue;
            }
            let timing: Option<JobTiming> = std::fs::read(job_dir.join(TIMING_FILE))
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok());
            match found.get(&job) {
                Some((other, held, _)) => {
                    if *held == result {
                        duplicates.push((job, other.clone(), shown.clone()));
                    } else {
                        disagreements.push((job, other.clone(), shown.clone()));
                    }
                }
                None => {
                    found.insert(job, (shown.clone(), result, timing));
                }
            }
        }
    }
    // One message for each pair of folders that disagree, listing their jobs.
    let mut differing: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (job, first, second) in disagreements {
        differing.entry((first, second)).or_default().push(job);
    }
    for ((first, second), jobs) in differing {
        problems.push(StudyProblem::DuplicateDiffers {
            jobs,
            first,
            second,
        });
    }
    if !problems.is_empty() {
        return Err(RotationError::rejected(StudyProblems(problems)));
    }
    let missing: Vec<usize> = (0..record.jobs.len())
        .filter(|j| !found.contains_key(j))
        .collect();
    let missing_shards = match (shard_counts.len(), shard_counts.iter().next()) {
        (1, Some(&n)) => missing
            .iter()
            .map(|&j| Shard::of(j, n))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    let mut results = Vec::new();
    let mut timings = Vec::new();
    for (_, (_, result, timing)) in found {
        results.push(result);
        timings.extend(timing);
    }
    Ok(MergedStudy {
        record,
        results,
        timings,
        missing,
        missing_shards,
        duplicates,
    })
}

/// `results.csv`: the study's columns, one row per finished job in job order.
pub fn results_csv(merged: &MergedStudy) -> Vec<u8> {
    let header: Vec<&str> = merged.record.columns.iter().map(String::as_str).collect();
    excel_csv_bytes(&header, merged.results.iter().map(|r| r.cells.clone()))
}

#[derive(Serialize)]
struct ResultsJson<'a> {
    study: &'a str,
    fingerprint: &'a str,
    total_jobs: usize,
    missing_jobs: &'a [usize],
    columns: &'a [String],
    jobs: Vec<JobJson<'a>>,
}

#[derive(Serialize)]
struct JobJson<'a> {
    job: usize,
    county: &'a str,
    policy: &'a str,
    values: &'a serde_json::Map<String, serde_json::Value>,
    verdict: &'a str,
    figures: &'a serde_json::Map<String, serde_json::Value>,
    error: &'a Option<String>,
}

/// `results.json`: the same rows with typed figures (no wall times either).
pub fn results_json(merged: &MergedStudy) -> Vec<u8> {
    let doc = ResultsJson {
        study: &merged.record.study,
        fingerprint: &merged.record.fingerprint,
        total_jobs: merged.record.jobs.len(),
        missing_jobs: &merged.missing,
        columns: &merged.record.columns,
        jobs: merged
            .results
            .iter()
            .map(|r| JobJson {
                job: r.job,
                county: &r.county,
                policy: &r.policy,
                values: &r.values,
                verdict: &r.verdict,
                figures: &r.figures,
                error: &r.error,
            })
            .collect(),
    };
    let mut v = serde_json::to_vec_pretty(&doc).expect("serialisable results");
    v.push(b'\n');
    v
}

/// `timings.csv`: each finished job's wall times (they differ between runs and
/// machines, so they are kept out of `results.csv`).
pub fn timings_csv(merged: &MergedStudy) -> Vec<u8> {
    crate::output::files::csv_bytes(
        &["job", "job_seconds", "solve_seconds"],
        merged.timings.iter().map(|t| {
            vec![
                t.job.to_string(),
                format!("{:.3}", t.job_seconds),
                format!("{:.3}", t.solve_seconds),
            ]
        }),
    )
}

/// The three files of a merged study, by name.
pub fn merged_files(merged: &MergedStudy) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("results.csv", results_csv(merged)),
        ("results.json", results_json(merged)),
        ("timings.csv", timings_csv(merged)),
    ]
}
