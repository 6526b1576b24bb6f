//! `rotation study` end to end: sharded and unsharded results byte for byte the same,
//! a killed or damaged shard resumes, merge finds missing shards and duplicates, a
//! failed job records why, bad study files are named by line and column (exit 2), and
//! `sweep` and `bench` shards merge like a study's.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A study of `instances/tiny` and four small generated counties under two policies,
/// with a two-point sweep: 5 × 2 × 2 = 20 jobs. Paths are absolute, so the file may
/// live anywhere.
fn study_file(dir: &Path) -> PathBuf {
    let text = format!(
        r#"name = "test study"
[counties]
folders = ["{tiny}"]
sizes = [200, "300x6"]
seeds = [1, 2]
[policies]
files = ["{haiyan}", "{national}"]
[sweep]
vary = ["targets.exchange_rate=0.2:0.3:0.1"]
"#,
        tiny = tiny().display(),
        haiyan = model("haiyan-2022").display(),
        national = model("national-minimum").display(),
    );
    write(dir, "study.toml", &text)
}

fn run_study(study: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    rotation()
        .arg("study")
        .arg(study)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("runs")
}

fn merge(outputs: &[&Path], out: &Path, extra: &[&str]) -> std::process::Output {
    rotation()
        .args(["study", "merge"])
        .args(outputs)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("runs")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The unsharded run's results, computed once per test that needs them.
fn unsharded(tmp: &Path, study: &Path) -> PathBuf {
    let out = tmp.join("whole");
    let o = run_study(study, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    out
}

#[test]
fn sharded_and_unsharded_results_are_identical() {
    let tmp = TempDir::new().unwrap();
    let study = study_file(tmp.path());
    let whole = unsharded(tmp.path(), &study);
    let csv = String::from_utf8(read(&whole.join("results.csv"))).unwrap();
    assert_eq!(csv.lines().count(), 21, "{csv}");
    assert!(csv.starts_with("job,county,policy,targets.exchange_rate,status,"));
    assert!(!csv.lines().next().unwrap().contains("seconds"));
    // Every planned job leaves its plan.
    assert!(whole.join("jobs/000000/plan.csv").is_file());

    // Three shards into one shared folder, and three shards into folders of their own
    // (as copied back from three nodes), merged.
    let shared = tmp.path().join("shared");
    let mut own = Vec::new();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let o = run_study(&study, &shared, &["--shard", &shard]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        assert!(
            !shared.join("results.csv").exists(),
            "a shard writes no results"
        );
        let dir = tmp.path().join(format!("node{i}"));
        let o = run_study(&study, &dir, &["--shard", &shard, "--jobs", "2"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        own.push(dir);
    }
    for (name, inputs) in [
        ("merged-shared", vec![shared.as_path()]),
        ("merged-own", own.iter().map(PathBuf::as_path).collect()),
    ] {
        let out = tmp.path().join(name);
        let o = merge(&inputs, &out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        for file in ["results.csv", "results.json"] {
            assert!(
                read(&whole.join(file)) == read(&out.join(file)),
                "{name}/{file} differs from the unsharded run"
            );
        }
        // Wall times are kept apart, one row per job.
        let timings = String::from_utf8(read(&out.join("timings.csv"))).unwrap();
        assert_eq!(timings.lines().count(), 21);
        assert!(timings.starts_with("job,job_seconds,solve_seconds\n"));
    }
}

#[test]
fn shards_started_together_on_a_new_folder_all_run() {
    let tmp = TempDir::new().unwrap();
    let study = study_file(tmp.path());
    let whole = unsharded(tmp.path(), &study);
    let shared = tmp.path().join("shared");
    let children: Vec<std::process::Child> = (1..=4)
        .map(|i| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("rotation"))
                .arg("study")
                .arg(&study)
                .arg("--out")
                .arg(&shared)
                .args(["--shard", &format!("{i}/4")])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    }
    let out = tmp.path().join("merged");
    let o = merge(&[&shared], &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(read(&whole.join("results.csv")) == read(&out.join("results.csv")));
}

#[test]
fn a_damaged_shard_resumes_and_skips_what_is_finished() {
    let tmp = TempDir::new().unwrap();
    let study = study_file(tmp.path());
    let whole = unsharded(tmp.path(), &study);
    let dir = tmp.path().join("shard");
    let o = run_study(&study, &dir, &["--shard", "2/2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    // A node died: one job folder gone, one result cut short, and a half-written
    // temporary folder left behind.
    std::fs::remove_dir_all(dir.join("jobs/000003")).unwrap();
    std::fs::write(dir.join("jobs/000005/result.json"), "{\"job\": 5, \"coun").unwrap();
    std::fs::create_dir_all(dir.join("jobs/.000007.tmp-4242")).unwrap();
    std::fs::write(dir.join("jobs/.000007.tmp-4242/result.json"), "{").unwrap();
    let o = run_study(&study, &dir, &["--shard", "2/2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    assert!(
        err.contains("10 jobs (2 run now, 8 already finished)"),
        "{err}"
    );
    // Run again: nothing left to do.
    let o = run_study(&study, &dir, &["--shard", "2/2"]);
    assert!(
        stderr_of(&o).contains("(0 run now, 10 already finished)"),
        "{}",
        stderr_of(&o)
    );
    let o = run_study(&study, &dir, &["--shard", "1/2"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let out = tmp.path().join("merged");
    let o = merge(&[&dir], &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(read(&whole.join("results.csv")) == read(&out.join("results.csv")));
    let leftovers: Vec<String> = std::fs::read_dir(dir.join("jobs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_killed_shard_resumes() {
    let tmp = TempDir::new().unwrap();
    // Larger counties, so that the process is still solving when it is killed.
    let text = format!(
        "[counties]\nsizes = [1500, 1600, 1700, 1800, 1900, 2000]\n[policies]\nfiles = [\"{}\"]\n",
        model("haiyan-2022").display()
    );
    let study = write(tmp.path(), "big.toml", &text);
    let dir = tmp.path().join("run");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rotation"))
        .arg("study")
        .arg(&study)
        .arg("--out")
        .arg(&dir)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed as soon as the first job has finished (or at its end, if it is quicker).
    let finished = |d: &Path| {
        std::fs::read_dir(d.join("jobs"))
            .map(|r| {
                r.filter_map(|e| e.ok())
                    .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                    .count()
            })
            .unwrap_or(0)
    };
    while finished(&dir) == 0 && child.try_wait().unwrap().is_none() {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    child.wait().unwrap();
    let done = finished(&dir);
    assert!(done >= 1);
    // Every job folder that exists is whole.
    for j in 0..6 {
        let job = dir.join(format!("jobs/{j:06}"));
        if job.exists() {
            let r: serde_json::Value =
                serde_json::from_slice(&read(&job.join("result.json"))).unwrap();
            assert_eq!(r["job"], j);
        }
    }
    let o = run_study(&study, &dir, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(
        stderr_of(&o).contains(&format!("({} run now, {done} already finished)", 6 - done)),
        "{}",
        stderr_of(&o)
    );
    let csv = String::from_utf8(read(&dir.join("results.csv"))).unwrap();
    assert_eq!(csv.lines().count(), 7, "{csv}");
}

#[test]
fn merge_detects_a_missing_shard() {
    let tmp = TempDir::new().unwrap();
    let study = study_file(tmp.path());
    let a = tmp.path().join("a");
    let c = tmp.path().join("c");
    run_study(&study, &a, &["--shard", "1/3"]);
    run_study(&study, &c, &["--shard", "3/3"]);
    let out = tmp.path().join("merged");
    let o = merge(&[&a, &c], &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr_of(&o);
    assert!(
        err.contains("error: 7 jobs are missing: 1, 4, 7, 10, 13, 16, 19 (shard 2/3; run it again, it resumes)"),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "one message: {err}");
    assert!(!out.exists(), "nothing written");
    // With --allow-missing, the jobs found are written and the exit is still 1.
    let o = merge(&[&a, &c], &out, &["--allow-missing"]);
    assert_eq!(o.status.code(), Some(1));
    let csv = String::from_utf8(read(&out.join("results.csv"))).unwrap();
    assert_eq!(csv.lines().count(), 14);
    let json: serde_json::Value = serde_json::from_slice(&read(&out.join("results.json"))).unwrap();
    assert_eq!(
        json["missing_jobs"],
        serde_json::json!([1, 4, 7, 10, 13, 16, 19])
    );
    // The same shard twice is a duplicate, reported once and kept once.
    let b = tmp.path().join("b");
    let b2 = tmp.path().join("b2");
    run_study(&study, &b, &["--shard", "2/3"]);
    run_study(&study, &b2, &["--shard", "2/3"]);
    let out = tmp.path().join("merged2");
    let o = merge(&[&a, &b, &c, &b2], &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    assert!(
        err.contains("warning: 7 jobs are in more than one folder with the same result, kept once: 1, 4, 7, 10, 13, 16, 19"),
        "{err}"
    );
    assert_eq!(
        String::from_utf8(read(&out.join("results.csv")))
            .unwrap()
            .lines()
            .count(),
        21
    );
}

#[test]
fn a_duplicate_with_another_result_and_another_study_are_refused() {
    let tmp = TempDir::new().unwrap();
    let study = study_file(tmp.path());
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    run_study(&study, &a, &["--shard", "1/2"]);
    run_study(&study, &b, &["--shard", "1/2"]);
    let result = b.join("jobs/000002/result.json");
    let text = String::from_utf8(read(&result)).unwrap();
    std::fs::write(&result, text.replacen("\"optimal\"", "\"time_limit\"", 1)).unwrap();
    let o = merge(&[&a, &b], &tmp.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr_of(&o).contains("job 2 is in"), "{}", stderr_of(&o));
    assert!(
        stderr_of(&o).contains("with different results"),
        "{}",
        stderr_of(&o)
    );
    // Two jobs that differ between the same two folders: one message for both.
    let result = b.join("jobs/000004/result.json");
    let text = String::from_utf8(read(&result)).unwrap();
    std::fs::write(&result, text.replacen("\"optimal\"", "\"time_limit\"", 1)).unwrap();
    let o = merge(&[&a, &b], &tmp.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr_of(&o);
    assert!(err.contains("2 jobs are in "), "{err}");
    assert!(err.contains("with different results: 2, 4"), "{err}");
    assert_eq!(err.matches("error").count(), 1, "{err}");
    assert!(!tmp.path().join("m").exists());

    let other = write(
        tmp.path(),
        "other.toml",
        &format!(
            "[counties]\nsizes = [200]\n[policies]\nfiles = [\"{}\"]\n",
            model("haiyan-2022").display()
        ),
    );
    let c = tmp.path().join("c");
    run_study(&other, &c, &[]);
    let o = merge(&[&a, &c], &tmp.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("is not a shard of the same list"),
        "{}",
        stderr_of(&o)
    );
    // A study folder holds one study: running another into it is refused.
    let o = run_study(&other, &a, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("holds another study"),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn a_failed_job_records_why_and_is_retried_on_request() {
    let tmp = TempDir::new().unwrap();
    let county = tiny_copy();
    edit(
        county.path(),
        "teachers.csv",
        "T01,王芳,U1,math,F,1980",
        "T01,王芳,U1,math,F,19x0",
    );
    let text = format!(
        "[counties]\nfolders = [\"{}\", \"{}\"]\n[policies]\nfiles = [\"{}\"]\n",
        county.path().display(),
        tiny().display(),
        model("haiyan-2022").display()
    );
    let study = write(tmp.path(), "s.toml", &text);
    let out = tmp.path().join("out");
    let o = run_study(&study, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    assert!(
        err.contains("1 meet the targets, 0 short, 1 failed"),
        "{err}"
    );
    assert!(err.contains("error: job 0: "), "{err}");
    let mut rows = csv::Reader::from_path(out.join("results.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = rows.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][4], "failed");
    let why = rows[0].iter().next_back().unwrap();
    assert!(why.contains("teachers.csv:2"), "{why}");
    assert!(why.contains("19x0"), "{why}");
    assert_eq!(&rows[1][4], "met");
    // A rerun keeps the failure (it is finished); --retry-failed runs it again.
    let o = run_study(&study, &out, &[]);
    assert!(
        stderr_of(&o).contains("(0 run now, 2 already finished)"),
        "{}",
        stderr_of(&o)
    );
    edit(county.path(), "teachers.csv", "19x0", "1980");
    let o = run_study(&study, &out, &["--retry-failed"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(
        stderr_of(&o).contains("(1 run now, 1 already finished): 2 meet"),
        "{}",
        stderr_of(&o)
    );
}

/// A bad study file, run and listed: exit 2, every problem once with its line and
/// column, nothing written.
fn refused(text: &str, expected: &[&str]) {
    let tmp = TempDir::new().unwrap();
    let study = write(tmp.path(), "bad.toml", text);
    let out = tmp.path().join("out");
    for list in [false, true] {
        let mut cmd = rotation();
        cmd.arg("study").arg(&study);
        if list {
            cmd.arg("--list");
        } else {
            cmd.arg("--out").arg(&out);
        }
        let o = cmd.output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
        let err = stderr_of(&o);
        for e in expected {
            assert_eq!(err.matches(e).count(), 1, "{e:?} once in:\n{err}");
        }
        assert_eq!(
            err.matches("error:").count(),
            expected.len(),
            "one message per cause:\n{err}"
        );
        assert!(!out.exists());
    }
}

#[test]
fn an_unknown_key_is_named_with_its_line_and_column() {
    refused(
        "[counties]\nsizes = [200]\n[policy]\nfiles = []\n",
        &["bad.toml:3:2 (column `policy`): unknown key `policy`; did you mean `policies`?"],
    );
}

/// Unknown keys are named each at its place, and the rest of the file is checked as
/// well: every problem at once.
#[test]
fn unknown_keys_do_not_hide_the_files_other_problems() {
    refused(
        "seedz = [1]\n[counties]\nfolders = [\"no-such-county\"]\nsizez = [3]\n\
         [policies]\nfiles = []\n[solver]\ngap = -1\n",
        &[
            "bad.toml:1:1 (column `seedz`): unknown key `seedz`; expected one of `name`, `counties`, `policies`, `sweep`, `solver`",
            "bad.toml:4:1 (column `counties.sizez`): unknown key `sizez`; did you mean `sizes`?",
            "bad.toml:3:12 (column `counties.folders`): county `no-such-county` does not exist",
            "bad.toml:5:1 (column `policies.files`): no policies",
            "bad.toml:8:1 (column `solver.gap`): [solver] gap = -1",
        ],
    );
}

#[test]
fn a_missing_county_and_policy_are_named_where_they_are_written() {
    refused(
        "[counties]\nfolders = [\"nowhere\"]\n\n[policies]\nfiles = [ \"none.toml\" ]\n",
        &[
            "bad.toml:2:12 (column `counties.folders`): county `nowhere` does not exist",
            "bad.toml:5:11 (column `policies.files`): policy file `none.toml` does not exist",
        ],
    );
}

#[test]
fn a_bad_size_and_a_bad_sweep_are_named() {
    refused(
        &format!(
            "[counties]\nsizes = [200, \"lots\"]\n[policies]\nfiles = [\"{}\"]\n[sweep]\nvary = [\"targets.exchange_rate=0.1:0.5\"]\n",
            model("haiyan-2022").display()
        ),
        &[
            "bad.toml:2:15 (column `counties.sizes`): bad size `lots`",
            "bad.toml:6:9 (column `sweep.vary`): `targets.exchange_rate=0.1:0.5`",
        ],
    );
}

#[test]
fn a_wrong_type_is_a_toml_error_at_its_place() {
    refused(
        "[counties]\nsizes = 200\n[policies]\nfiles = []\n",
        &["bad.toml:2:9 (column `toml`): invalid type"],
    );
}

#[test]
fn a_bad_policy_keeps_its_own_file_and_line() {
    let tmp = TempDir::new().unwrap();
    write(tmp.path(), "p.toml", "[targets]\nexchange_rate = 7\n");
    let text = format!(
        "[counties]\nsizes = [200]\n[policies]\nfiles = [\"{}\"]\n",
        tmp.path().join("p.toml").display()
    );
    let study = write(tmp.path(), "s.toml", &text);
    let o = rotation()
        .arg("study")
        .arg(&study)
        .arg("--list")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr_of(&o).contains("p.toml"), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("exchange_rate"), "{}", stderr_of(&o));
}

#[test]
fn a_bad_shard_and_a_foreign_folder_are_refused() {
    let tmp = TempDir::new().unwrap();
    let study = study_file(tmp.path());
    for (shard, says) in [
        ("4/3", "from 1 to 3"),
        ("1/0", "N must be"),
        ("2", "expected I/N"),
    ] {
        let o = run_study(&study, &tmp.path().join("o"), &["--shard", shard]);
        assert_eq!(o.status.code(), Some(2), "{shard}");
        assert!(stderr_of(&o).contains(says), "{}", stderr_of(&o));
    }
    let full = tmp.path().join("full");
    std::fs::create_dir(&full).unwrap();
    std::fs::write(full.join("notes.txt"), "mine").unwrap();
    let o = run_study(&study, &full, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("is not a study folder"),
        "{}",
        stderr_of(&o)
    );
    assert_eq!(
        std::fs::read_to_string(full.join("notes.txt")).unwrap(),
        "mine"
    );
    let o = merge(&[&full], &tmp.path().join("m"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("neither a study folder"),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn the_list_is_numbered_and_sharded() {
    let tmp = TempDir::new().unwrap();
    let study = study_file(tmp.path());
    let o = rotation()
        .arg("study")
        .arg(&study)
        .args(["--list", "--shard", "2/7"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = stdout_of(&o);
    let jobs: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(jobs, ["1", "8", "15"]);
    assert_eq!(
        out.lines().nth(1).unwrap(),
        format!(
            "8\tgenerated:200x2:seed2 | {} | targets.exchange_rate=0.2",
            model("haiyan-2022").display()
        )
    );
    let o = rotation()
        .arg("study")
        .arg(&study)
        .args(["--list", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total_jobs"], 20);
    assert_eq!(
        v["jobs"][3]["policy"],
        model("national-minimum").display().to_string()
    );
    assert_eq!(v["jobs"][3]["values"]["targets.exchange_rate"], 0.3);
}

/// The columns of a CSV text but `skip`, row by row.
fn without_column(csv_text: &[u8], skip: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(csv_text);
    let h = r.headers().unwrap().clone();
    let at = h.iter().position(|c| c == skip).expect(skip);
    let mut rows = vec![h.iter().map(String::from).collect::<Vec<_>>()];
    for rec in r.records() {
        let rec = rec.unwrap();
        rows.push(
            rec.iter()
                .enumerate()
                .filter(|(i, _)| *i != at)
                .map(|(_, c)| c.to_string())
                .collect(),
        );
    }
    rows
}

#[test]
fn sweep_shards_merge_to_the_unsharded_sweep() {
    let tmp = TempDir::new().unwrap();
    let sweep = |out: &Path, shard: Option<&str>| {
        let mut cmd = rotation();
        cmd.arg("sweep")
            .arg(tiny())
            .arg("--policy")
            .arg(model("haiyan-2022"))
            .args([
                "--vary",
                "exchange_rate=0.1:0.5:0.1",
                "--vary",
                "max_commute_km=10:20:10",
            ])
            .arg("--out")
            .arg(out);
        if let Some(s) = shard {
            cmd.args(["--shard", s]);
        }
        let o = cmd.output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    };
    let whole = tmp.path().join("whole");
    sweep(&whole, None);
    let parts: Vec<PathBuf> = (1..=3)
        .map(|i| tmp.path().join(format!("part{i}")))
        .collect();
    for (i, p) in parts.iter().enumerate() {
        sweep(p, Some(&format!("{}/3", i + 1)));
        assert!(p.join("shard.json").is_file());
        assert!(!p.join("sweep.svg").exists(), "no chart of a part");
    }
    let out = tmp.path().join("merged");
    let o = merge(&[&parts[2], &parts[0], &parts[1]], &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let (a, b) = (read(&whole.join("sweep.csv")), read(&out.join("sweep.csv")));
    // Row for row the same; only the wall time of each solve differs.
    assert_eq!(
        without_column(&a, "solve_seconds"),
        without_column(&b, "solve_seconds")
    );
    assert_eq!(without_column(&a, "solve_seconds").len(), 11);
    let o = merge(&[&parts[0], &parts[2]], &tmp.path().join("m2"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr_of(&o).contains("(shard 2/3;"), "{}", stderr_of(&o));
    // --shard needs --out (the record lives there).
    let o = rotation()
        .arg("sweep")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .args(["--vary", "exchange_rate=0.1:0.5:0.1", "--shard", "1/2"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

/// Shards of the same grid over another county, another base policy or other solver
/// flags are not one sweep: `study merge` refuses them (exit 2) and writes nothing,
/// and a copy of the same county and policy elsewhere still merges.
#[test]
fn sweep_shards_of_another_county_policy_or_gap_do_not_merge() {
    let tmp = TempDir::new().unwrap();
    let sweep = |county: &Path, policy: &Path, extra: &[&str], out: &Path, shard: &str| {
        let o = rotation()
            .arg("sweep")
            .arg(county)
            .arg("--policy")
            .arg(policy)
            .args(["--vary", "exchange_rate=0.1:0.3:0.1", "--shard", shard])
            .args(extra)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    };
    let first = tmp.path().join("first");
    sweep(&tiny(), &model("haiyan-2022"), &[], &first, "1/2");
    // The same files copied elsewhere: the same sweep.
    let copy = tmp.path().join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    for f in ["schools.csv", "teachers.csv", "partnerships.csv"] {
        std::fs::copy(tiny().join(f), copy.join(f)).unwrap();
    }
    let policy_copy = tmp.path().join("p.toml");
    std::fs::copy(model("haiyan-2022"), &policy_copy).unwrap();
    let same = tmp.path().join("same");
    sweep(&copy, &policy_copy, &[], &same, "2/2");
    let o = merge(&[&first, &same], &tmp.path().join("merged"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    // One teacher more elsewhere, another base policy, another gap.
    let teachers = std::fs::read_to_string(tiny().join("teachers.csv")).unwrap();
    let other_county = tmp.path().join("other");
    std::fs::create_dir_all(&other_county).unwrap();
    for f in ["schools.csv", "partnerships.csv"] {
        std::fs::copy(tiny().join(f), other_county.join(f)).unwrap();
    }
    write(
        &other_county,
        "teachers.csv",
        &format!("{teachers}T17,新人,R2,math,F,1985,9,none,intermediate,false,false,,,\n"),
    );
    for (name, county, policy, extra) in [
        (
            "county",
            other_county.as_path(),
            model("haiyan-2022"),
            &[][..],
        ),
        (
            "policy",
            tiny().as_path(),
            model("national-minimum"),
            &[][..],
        ),
        (
            "gap",
            tiny().as_path(),
            model("haiyan-2022"),
            &["--gap", "1e-3"][..],
        ),
    ] {
        let part = tmp.path().join(name);
        sweep(county, &policy, extra, &part, "2/2");
        let out = tmp.path().join(format!("m-{name}"));
        let o = merge(&[&first, &part], &out, &[]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr_of(&o));
        assert!(!out.exists(), "{name}: nothing is written");
    }
}

#[test]
fn bench_shards_of_other_policies_do_not_merge() {
    let tmp = TempDir::new().unwrap();
    let bench = |policy: &str, out: &Path, shard: &str| {
        let o = rotation()
            .args(["bench", "--sizes", "100,150", "--shard", shard, "--policy"])
            .arg(model(policy))
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    };
    let a = tmp.path().join("a.csv");
    let b = tmp.path().join("b.csv");
    bench("haiyan-2022", &a, "1/2");
    bench("national-minimum", &b, "2/2");
    let out = tmp.path().join("bench.csv");
    let o = merge(&[&a, &b], &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    assert!(!out.exists());
}

#[test]
fn bench_shards_merge_in_size_order() {
    let tmp = TempDir::new().unwrap();
    let bench = |out: &Path, shard: &str| {
        let o = rotation()
            .args([
                "bench",
                "--sizes",
                "100,150,200,250",
                "--shard",
                shard,
                "--out",
            ])
            .arg(out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    };
    let a = tmp.path().join("a.csv");
    let b = tmp.path().join("b.csv");
    bench(&a, "1/2");
    bench(&b, "2/2");
    assert!(tmp.path().join("a.csv.shard.json").is_file());
    let out = tmp.path().join("bench.csv");
    let o = merge(&[&b, &a], &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let mut r = csv::Reader::from_path(&out).unwrap();
    let teachers: Vec<String> = r.records().map(|x| x.unwrap()[0].to_string()).collect();
    assert_eq!(teachers, ["100", "150", "200", "250"]);
    // The merge never overwrites an existing file without --force.
    let o = merge(&[&b, &a], &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    let o = merge(&[&b, &a], &out, &["--force"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn seeds_without_sizes_and_a_bad_solver_setting_are_named() {
    refused(
        &format!(
            "[counties]\nfolders = [\"{}\"]\nseeds = [1]\n[policies]\nfiles = [\"{}\"]\n[solver]\ngap = -1\n",
            tiny().display(),
            model("haiyan-2022").display()
        ),
        &[
            "bad.toml:3:9 (column `counties.seeds`): `seeds` needs `sizes`",
            "bad.toml:7:1 (column `solver.gap`): [solver] gap = -1: expected a relative gap in [0, 1)",
        ],
    );
}

#[test]
fn a_bad_solver_setting_is_named_on_its_own_line_in_the_users_language() {
    let tmp = TempDir::new().unwrap();
    for (value, shown) in [("0", "0"), ("-1", "-1"), ("nan", "NaN"), ("inf", "inf")] {
        let study = write(
            tmp.path(),
            "bad.toml",
            &format!(
                "[counties]\nfolders = [\"{}\"]\n[policies]\nfiles = [\"{}\"]\n\n[solver]\ntime_limit = {value}\n",
                tiny().display(),
                model("haiyan-2022").display()
            ),
        );
        for (lang, expected) in [
            (
                "en",
                format!("bad.toml:7:1 (column `solver.time_limit`): [solver] time_limit = {shown}: expected a number of seconds > 0"),
            ),
            (
                "zh",
                format!("bad.toml 第 7 行第 1 列（列 `solver.time_limit`）：[solver] time_limit = {shown}：应为大于 0 的秒数"),
            ),
        ] {
            let o = rotation()
                .args(["--lang", lang, "study", "--list"])
                .arg(&study)
                .output()
                .unwrap();
            assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
            let err = stderr_of(&o);
            assert!(err.contains(&expected), "{expected}\nnot in:\n{err}");
            assert_eq!(err.lines().count(), 2, "one message:\n{err}");
        }
    }
    // Two bad settings are two causes, each on its own line.
    let study = write(
        tmp.path(),
        "bad.toml",
        &format!(
            "[counties]\nfolders = [\"{}\"]\n[policies]\nfiles = [\"{}\"]\n[solver]\ngap = 2\nthreads = 0\n",
            tiny().display(),
            model("haiyan-2022").display()
        ),
    );
    let o = rotation()
        .args(["--lang", "zh", "study", "--list"])
        .arg(&study)
        .output()
        .unwrap();
    let err = stderr_of(&o);
    assert!(
        err.contains("第 6 行第 1 列（列 `solver.gap`）：[solver] gap = 2：应为 0 到 1 之间"),
        "{err}"
    );
    assert!(
        err.contains(
            "第 7 行第 1 列（列 `solver.threads`）：[solver] threads = 0：应为不小于 1 的整数"
        ),
        "{err}"
    );
}

#[test]
fn a_study_without_counties_or_policies_says_so() {
    refused(
        "name = \"empty\"\n",
        &[
            "bad.toml: no counties: give [counties] folders",
            "bad.toml: no policies: give [policies] files",
        ],
    );
}

#[test]
fn running_without_out_is_a_usage_error() {
    let tmp = TempDir::new().unwrap();
    let study = study_file(tmp.path());
    let o = rotation().arg("study").arg(&study).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr_of(&o).contains("--out DIR is needed"),
        "{}",
        stderr_of(&o)
    );
}

#[test]
fn a_study_in_chinese_says_its_failures_and_writes_its_reasons_in_chinese() {
    let tmp = TempDir::new().unwrap();
    let county = tiny_copy();
    edit(
        county.path(),
        "teachers.csv",
        "T01,王芳,U1,math,F,1980",
        "T01,王芳,U1,math,F,19x0",
    );
    let text = format!(
        "[counties]\nfolders = [\"{}\", \"{}\"]\n[policies]\nfiles = [\"{}\"]\n",
        county.path().display(),
        tiny().display(),
        model("haiyan-2022").display()
    );
    let study = write(tmp.path(), "s.toml", &text);
    let out = tmp.path().join("out");
    let o = rotation()
        .args(["--lang", "zh", "study"])
        .arg(&study)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    assert!(err.contains("达标 1 个，未达标 0 个，失败 1 个"), "{err}");
    assert!(err.contains("错误：任务 0：teachers.csv 第 2 行"), "{err}");
    assert!(!err.contains("error:"), "{err}");
    // The planned job's reasons follow the study's language; results.csv stays English.
    let plan = std::fs::read_to_string(out.join("jobs/000001/plan.csv")).unwrap();
    assert!(
        plan.lines()
            .nth(1)
            .is_some_and(|l| l.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
        "{plan}"
    );
    let results = std::fs::read_to_string(out.join("results.csv")).unwrap();
    assert!(results.contains("teachers.csv:2"), "{results}");
}

/// Jobs stopped at the time limit are counted apart, as a sweep's points are: a count
/// of met and short alone would read as proven answers. A 2 ms limit is spent before
/// any solve starts (a solve needs 10 ms left), so nobody moves in either job on any
/// machine; a second run, which skips both, says the same from their records.
#[test]
fn jobs_stopped_at_the_time_limit_are_told_apart() {
    let tmp = TempDir::new().unwrap();
    let text = format!(
        "[counties]\nfolders = [\"{}\"]\n[policies]\nfiles = [\"{}\", \"{}\"]\n[solver]\ntime_limit = 0.002\n",
        tiny().display(),
        model("haiyan-2022").display(),
        model("national-minimum").display()
    );
    let study = write(tmp.path(), "s.toml", &text);
    let out = tmp.path().join("out");
    for (lang, said) in [
        (
            "en",
            "2 of 2 jobs stopped at the time limit: 2 before any plan was found (nobody moves)",
        ),
        (
            "zh",
            "2 个任务中有 2 个达到时间上限：2 个未找到任何方案（无人交流）",
        ),
    ] {
        let o = rotation()
            .args(["--lang", lang, "study"])
            .arg(&study)
            .arg("--out")
            .arg(&out)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        assert!(stderr_of(&o).contains(said), "{}", stderr_of(&o));
        let json: serde_json::Value = serde_json::from_str(&stdout_of(&o)).unwrap();
        assert_eq!(json["stopped_at_time_limit"], 2, "{json}");
        assert_eq!(json["no_plan_in_time"], 2, "{json}");
    }
}
