//! A study as a numbered list of jobs: every county with every policy at every sweep
//! point, counties slowest, numbered from 0. The list depends only on the study file,
//! so every node of a cluster expands it the same way and `--shard I/N` picks the same
//! jobs; its fingerprint tells a folder of this study from one of another.

use crate::lab::figures::FIGURE_LABELS;
use crate::model::policy::Policy;
use crate::model::shard::fingerprint;
use crate::study::spec::{CountySource, Study};
use serde::{Deserialize, Serialize};

/// The key figure left out of `results.csv`: wall time differs between identical runs
/// (it goes to `timings.csv`).
pub const WALL_TIME_FIGURE: &str = "solve_seconds";

/// One job: a county under one policy at one sweep point.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    /// Numbered from 0 in list order.
    pub index: usize,
    /// Where the county comes from.
    pub county: &'a CountySource,
    /// The policy file as written in the study.
    pub policy_label: &'a str,
    /// The varied keys' values at this point (empty without a sweep).
    pub values: &'a [(String, f64)],
    /// The policy with the point's values set.
    pub policy: &'a Policy,
}

impl Job<'_> {
    /// `county | policy | key=value, …`: the job's line in `--list` and its identity
    /// in the fingerprint.
    pub fn label(&self) -> String {
        let mut l = format!("{} | {}", self.county.label(), self.policy_label);
        if !self.values.is_empty() {
            let v: Vec<String> = self
                .values
                .iter()
                .map(|(k, x)| format!("{k}={x}"))
                .collect();
            l.push_str(&format!(" | {}", v.join(", ")));
        }
        l
    }
}

/// Every job of the study, in order.
pub fn study_jobs(study: &Study) -> Vec<Job<'_>> {
    let mut jobs = Vec::new();
    for county in &study.counties {
        for p in &study.policies {
            for (values, policy) in &p.points {
                jobs.push(Job {
                    index: jobs.len(),
                    county,
                    policy_label: &p.label,
                    values,
                    policy,
                });
            }
        }
    }
    jobs
}

/// The columns of `results.csv`: the job, its county and policy, the varied keys, every
/// key figure but wall time, and the error of a failed job.
pub fn result_columns(study: &Study) -> Vec<String> {
    let mut c: Vec<String> = ["job", "county", "policy"].map(String::from).to_vec();
    c.extend(study.varied.iter().cloned());
    c.extend(
        FIGURE_LABELS
            .iter()
            .map(|(k, _, _)| k.to_string())
            .filter(|k| k != WALL_TIME_FIGURE),
    );
    c.push("error".into());
    c
}

/// What identifies the study's list: the job labels and the solver settings (a plan
/// depends on both).
pub fn study_fingerprint(study: &Study, jobs: &[Job]) -> String {
    let o = &study.options;
    let mut labels: Vec<String> = jobs.iter().map(Job::label).collect();
    labels.push(format!(
        "solver gap={} time_limit={:?} threads={:?} seed={}",
        o.gap, o.time_limit, o.threads, o.seed
    ));
    // The teacher-side flags change every plan of a county read from a file; a study
    // without them keeps the fingerprint it had before they existed.
    if !study.teacher_flags.is_empty() {
        let shown: Vec<String> = study
            .teacher_flags
            .paths()
            .map(|p| p.display().to_string())
            .collect();
        labels.push(format!("teacher side {}", shown.join(" ")));
    }
    fingerprint(&labels)
}

/// `study.json`: what a study folder holds the jobs of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudyRecord {
    /// The study's name.
    pub study: String,
    /// [`study_fingerprint`].
    pub fingerprint: String,
    /// The columns of `results.csv`.
    pub columns: Vec<String>,
    /// Every job's label, in order (the job number is the position).
    pub jobs: Vec<String>,
}

impl StudyRecord {
    /// The record of `study`.
    pub fn of(study: &Study) -> StudyRecord {
        let jobs = study_jobs(study);
        StudyRecord {
            study: study.name.clone(),
            fingerprint: study_fingerprint(study, &jobs),
            columns: result_columns(study),
            jobs: jobs.iter().map(Job::label).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::spec::parse_study;
    use std::path::PathBuf;

    fn study(text: &str) -> Study {
        parse_study(
            text,
            "s.toml",
            &PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            "s",
        )
        .unwrap()
    }

    #[test]
    fn jobs_are_counties_by_policies_by_points_in_order() {
        let s = study(
            "[counties]\nsizes = [300]\nseeds = [1, 2]\n[policies]\nfiles = [\"models/haiyan-2022.toml\", \"models/national-minimum.toml\"]\n[sweep]\nvary = [\"targets.exchange_rate=0.1:0.3:0.1\"]\n",
        );
        let jobs = study_jobs(&s);
        assert_eq!(jobs.len(), 2 * 2 * 3);
        assert!(jobs.iter().enumerate().all(|(i, j)| j.index == i));
        assert_eq!(
            jobs[4].label(),
            "generated:300x3:seed1 | models/national-minimum.toml | targets.exchange_rate=0.2"
        );
        assert_eq!(jobs[6].county.label(), "generated:300x3:seed2");
        let cols = result_columns(&s);
        assert_eq!(cols[3], "targets.exchange_rate");
        assert!(!cols.iter().any(|c| c == WALL_TIME_FIGURE));
        assert_eq!(cols.last().map(String::as_str), Some("error"));
    }

    #[test]
    fn the_fingerprint_follows_the_list_and_the_solver() {
        let a =
            study("[counties]\nsizes = [300]\n[policies]\nfiles = [\"models/haiyan-2022.toml\"]\n");
        let b = study("[counties]\nsizes = [300]\n[policies]\nfiles = [\"models/haiyan-2022.toml\"]\n[solver]\ngap = 0.01\n");
        let c = study("[counties]\nsizes = [300]\nseeds = [2]\n[policies]\nfiles = [\"models/haiyan-2022.toml\"]\n");
        let f = |s: &Study| StudyRecord::of(s).fingerprint;
        assert_eq!(f(&a), f(&a.clone()));
        assert_ne!(f(&a), f(&b));
        assert_ne!(f(&a), f(&c));
    }
}
