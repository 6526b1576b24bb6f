//! The teachers' side in the policy lab: `compare` and `sweep` with `--history` and
//! `--wishes` plan the same rounds as `rotation plan` with the same files (same
//! figures, same wishes.json and history.csv), and their tables gain the wish figures.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The Haiyan policy with wishes priced (`rules.wishes = "prefer"`).
fn prefer_policy(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(model("haiyan-2022")).unwrap();
    let text = text.replacen("[rules]\n", "[rules]\nwishes = \"prefer\"\n", 1);
    write(dir, "prefer.toml", &text)
}

fn side_args(cmd: &mut assert_cmd::Command) {
    let county = haiyan_like_teachers();
    cmd.arg("--history")
        .arg(county.join("history.csv"))
        .arg("--wishes")
        .arg(county.join("wishes.csv"));
}

fn json_file(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// `rotation plan` with the history and wishes; returns its folder.
fn plan(dir: &Path, policy: &Path) -> PathBuf {
    let out = dir.join("plan");
    let mut cmd = rotation();
    cmd.arg("plan")
        .arg(haiyan_like())
        .arg("--policy")
        .arg(policy)
        .arg("--out")
        .arg(&out);
    side_args(&mut cmd);
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    out
}

/// The figures both the lab and `plan` report, from plan's summary.json and
/// wishes.json.
fn plan_figures(out: &Path) -> Vec<(&'static str, f64)> {
    let s = json_file(&out.join("summary.json"));
    let w = json_file(&out.join("wishes.json"));
    let by_rank: Vec<f64> = w["granted"]["by_rank"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    vec![
        ("moved", s["moved"].as_f64().unwrap()),
        ("total_commute_km", s["total_commute_km"].as_f64().unwrap()),
        ("objective", s["objective"].as_f64().unwrap()),
        ("wishes_first", by_rank[0]),
        ("wishes_granted", by_rank.iter().sum()),
        ("envy_pairs", w["envy"].as_array().unwrap().len() as f64),
    ]
}

fn assert_same(lab: &serde_json::Value, plan: &[(&str, f64)]) {
    for (key, want) in plan {
        let got = lab[*key]
            .as_f64()
            .unwrap_or_else(|| panic!("no {key} in {lab}"));
        assert!(
            (got - want).abs() <= 1e-6 * want.abs().max(1.0),
            "{key}: lab {got}, plan {want}"
        );
    }
}

#[test]
fn compare_with_history_and_wishes_plans_what_plan_plans() {
    let dir = TempDir::new().unwrap();
    let policy = prefer_policy(dir.path());
    let want = plan_figures(&plan(dir.path(), &policy));
    let out = dir.path().join("compare");
    let mut cmd = rotation();
    cmd.arg("compare")
        .arg(haiyan_like())
        .arg("--policy")
        .arg(&policy)
        .arg("--out")
        .arg(&out)
        .args(["--format", "json"]);
    side_args(&mut cmd);
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_same(&json["policies"][0]["figures"], &want);
    // The table names the wish figures; the policy's folder has what plan writes.
    let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    for key in ["wishes_first", "wishes_granted", "envy_pairs"] {
        assert!(csv.contains(key), "{csv}");
    }
    for file in ["wishes.json", "history.csv"] {
        assert_eq!(
            std::fs::read(out.join("prefer").join(file)).unwrap(),
            std::fs::read(dir.path().join("plan").join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn sweep_with_history_and_wishes_plans_what_plan_plans() {
    let dir = TempDir::new().unwrap();
    let policy = prefer_policy(dir.path());
    let want = plan_figures(&plan(dir.path(), &policy));
    let mut cmd = rotation();
    cmd.arg("sweep")
        .arg(haiyan_like())
        .arg("--policy")
        .arg(&policy)
        .args(["--vary", "targets.exchange_rate=0.35:0.35:0.05"])
        .args(["--format", "json"]);
    side_args(&mut cmd);
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["points"].as_array().unwrap().len(), 1);
    assert_same(&json["points"][0]["figures"], &want);
}

#[test]
fn compare_without_wishes_has_no_wish_figures() {
    let o = rotation()
        .arg("compare")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(!stdout_of(&o).contains("envy_pairs"));
}

#[test]
fn compare_refuses_a_bad_wishes_file_before_any_solve() {
    let dir = TempDir::new().unwrap();
    let wishes = write(
        dir.path(),
        "wishes.csv",
        "teacher,rank,school\nNOBODY,1,J01\n",
    );
    let out = dir.path().join("compare");
    let o = rotation()
        .arg("compare")
        .arg(haiyan_like())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--wishes")
        .arg(&wishes)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr_of(&o));
    let err = stderr_of(&o);
    assert!(
        err.contains("wishes.csv:2") && err.contains("NOBODY"),
        "{err}"
    );
    assert!(!out.join("compare.csv").exists());
}
