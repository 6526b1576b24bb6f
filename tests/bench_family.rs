//! `rotation bench --family`: a small family (tests/fixtures/family/manifest.toml)
//! and a practice folder run end to end; every plan verifies, the CSV has its
//! columns, and a bad manifest is refused with its file, line and key. No timing is
//! asserted: speed is measured in docs/benchmarks.md.

mod common;
use common::*;
use tempfile::TempDir;

const COLUMNS: &[&str] = &[
    "name",
    "source",
    "teachers",
    "schools",
    "positions",
    "eligible",
    "eligible_backbone",
    "backbone_share_eligible",
    "exchange_target",
    "target_parity",
    "policy",
    "exchange_rate",
    "backbone_target",
    "staffing_tolerance",
    "subject_tolerance",
    "outflow_cap",
    "max_commute_km",
    "partnership",
    "balance",
    "candidate_moves",
    "pricing_rounds",
    "status",
    "method",
    "gap",
    "nodes",
    "solves",
    "moved",
    "seconds",
    "lp_floor_seconds",
    "ratio",
    "peak_memory_mb",
    "cv_primary_before",
    "cv_primary_after",
    "cv_junior_before",
    "cv_junior_after",
    "cv_not_worse",
    "targets_met",
    "verify_ok",
    "generate_seconds",
    "error",
];

fn manifest() -> std::path::PathBuf {
    fixture("family/manifest.toml")
}

/// The fixture manifest's text with its policy paths made absolute, to be written
/// elsewhere with a change.
fn manifest_text() -> String {
    std::fs::read_to_string(manifest()).unwrap().replace(
        "../../../models/",
        &format!("{}/", root().join("models").display()),
    )
}

/// `rotation bench --family` on a manifest of `text` written as `file` in `dir`, its
/// CSV to `x.csv` there.
fn bench_on(dir: &TempDir, file: &str, text: &str) -> std::process::Output {
    let path = dir.path().join(file);
    std::fs::write(&path, text).unwrap();
    rotation()
        .args(["bench", "--family"])
        .arg(&path)
        .arg("--out")
        .arg(dir.path().join("x.csv"))
        .output()
        .unwrap()
}

/// Asserts that `out` is a refusal (exit 2) naming `file` at `line`; its stderr.
fn refused_at(out: &std::process::Output, file: &str, line: usize) -> String {
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        stderr.contains(&format!("{file}:{line}:")),
        "line {line}: {stderr}"
    );
    stderr
}

#[test]
fn the_family_and_a_practice_folder_are_planned_and_every_plan_verifies() {
    let dir = TempDir::new().unwrap();
    let csv = dir.path().join("family.csv");
    let out = rotation()
        .args(["bench", "--family"])
        .arg(manifest())
        .arg("--practice")
        .arg(tiny())
        .arg("--out")
        .arg(&csv)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("median"), "{stderr}");
    assert!(stderr.contains("worst"), "{stderr}");

    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, COLUMNS);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let col = |row: &csv::StringRecord, name: &str| {
        row[COLUMNS.iter().position(|c| *c == name).unwrap()].to_string()
    };
    let names: Vec<String> = rows.iter().map(|r| col(r, "name")).collect();
    assert_eq!(
        names,
        [
            "grid-300",
            "latlon-400-require",
            "haiyan-500-eligible-base",
            "tiny"
        ]
    );
    for row in &rows {
        let name = col(row, "name");
        assert_eq!(col(row, "verify_ok"), "true", "{name}: {row:?}");
        assert_eq!(col(row, "cv_not_worse"), "true", "{name}: {row:?}");
        assert!(
            ["optimal", "time_limit", "infeasible"].contains(&col(row, "status").as_str()),
            "{name}: {row:?}"
        );
        let k: usize = col(row, "exchange_target").parse().unwrap();
        let parity = if k % 2 == 1 { "odd" } else { "even" };
        assert_eq!(col(row, "target_parity"), parity);
        let share: f64 = col(row, "backbone_share_eligible").parse().unwrap();
        let eligible: f64 = col(row, "eligible").parse().unwrap();
        let backbone: f64 = col(row, "eligible_backbone").parse().unwrap();
        assert!((share - backbone / eligible).abs() < 1e-4, "{name}");
        assert!(col(row, "lp_floor_seconds").parse::<f64>().unwrap() >= 0.0);
    }
    // What the manifest sets reaches the row.
    let latlon = &rows[1];
    assert_eq!(col(latlon, "positions"), "latlon");
    assert_eq!(col(latlon, "partnership"), "require");
    assert_eq!(col(latlon, "staffing_tolerance"), "1");
    assert_eq!(col(&rows[0], "positions"), "grid");
    let haiyan = &rows[2];
    assert_eq!(col(haiyan, "policy"), "national-minimum");
    assert_eq!(col(haiyan, "backbone_target"), "0.3 eligible_backbone");
    assert_eq!(col(haiyan, "outflow_cap"), "0.5");
    assert_eq!(col(&rows[3], "source"), "practice");
    assert_eq!(col(&rows[3], "policy"), "haiyan-2022");
}

#[test]
fn the_same_manifest_gives_the_same_counties_and_plans() {
    let dir = TempDir::new().unwrap();
    let run = |file: &str| {
        let csv = dir.path().join(file);
        rotation()
            .args(["bench", "--family"])
            .arg(manifest())
            .arg("--out")
            .arg(&csv)
            .assert()
            .success();
        let mut reader = csv::Reader::from_path(&csv).unwrap();
        let keep = [
            "name",
            "eligible",
            "eligible_backbone",
            "exchange_target",
            "moved",
        ];
        let index: Vec<usize> = keep
            .iter()
            .map(|k| COLUMNS.iter().position(|c| c == k).unwrap())
            .collect();
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                index.iter().map(|&i| r[i].to_string()).collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run("a.csv"), run("b.csv"));
}

#[test]
fn a_bad_policy_key_exits_2_naming_the_manifest_line_and_key() {
    let dir = TempDir::new().unwrap();
    let text = manifest_text().replace("rules.outflow_cap = 0.5", "rules.outflow_capp = 0.5");
    let line = text
        .lines()
        .position(|l| l.contains("outflow_capp"))
        .unwrap()
        + 1;
    let out = bench_on(&dir, "bad.toml", &text);
    let stderr = refused_at(&out, "bad.toml", line);
    assert!(stderr.contains("rules.outflow_capp"), "{stderr}");
    assert!(!dir.path().join("x.csv").exists());
}

/// A speed target no plan can meet (a nanosecond) names the counties of its size, with
/// what they took, and changes no exit code; a county of another size is not named.
#[test]
fn a_missed_speed_target_is_named_without_failing_the_run() {
    let dir = TempDir::new().unwrap();
    let text = manifest_text() + "\n[[family.target]]\nteachers = [300, 400]\nseconds = 1e-9\n";
    let out = bench_on(&dir, "targets.toml", &text);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("speed targets ([[family.target]]) missed (2):"),
        "{stderr}"
    );
    assert!(stderr.contains("  grid-300: "), "{stderr}");
    assert!(stderr.contains("  latlon-400-require: "), "{stderr}");
    assert!(stderr.contains("(at most 0.000000001 s)"), "{stderr}");
    assert!(!stderr.contains("  haiyan-500-eligible-base: "), "{stderr}");
}

/// A speed target out of range is refused before anything runs, naming its line.
#[test]
fn a_bad_speed_target_exits_2_naming_its_line() {
    let dir = TempDir::new().unwrap();
    let text = manifest_text() + "\n[[family.target]]\nteachers = [300, 400]\nfloor_ratio = 0\n";
    let line = text
        .lines()
        .position(|l| l.starts_with("floor_ratio"))
        .unwrap()
        + 1;
    let out = bench_on(&dir, "bad.toml", &text);
    let stderr = refused_at(&out, "bad.toml", line);
    assert!(stderr.contains("`floor_ratio`"), "{stderr}");
    assert!(!dir.path().join("x.csv").exists());
}

#[test]
fn practice_folders_need_a_family() {
    let dir = TempDir::new().unwrap();
    rotation()
        .args(["bench", "--practice"])
        .arg(tiny())
        .arg("--out")
        .arg(dir.path().join("x.csv"))
        .assert()
        .code(2);
}

/// `bench --family --shard I/N`: each shard plans its share of the family's counties
/// then practice folders, and `study merge` puts the rows back in the unsharded order.
#[test]
fn family_shards_merge_in_manifest_order() {
    let dir = TempDir::new().unwrap();
    let run = |out: &std::path::Path, shard: &str| {
        let o = rotation()
            .args(["bench", "--family"])
            .arg(manifest())
            .arg("--practice")
            .arg(tiny())
            .args(["--shard", shard, "--out"])
            .arg(out)
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    run(&a, "1/2");
    run(&b, "2/2");
    let names = |path: &std::path::Path| -> Vec<String> {
        let mut r = csv::Reader::from_path(path).unwrap();
        r.records().map(|x| x.unwrap()[0].to_string()).collect()
    };
    assert_eq!(names(&a), ["grid-300", "haiyan-500-eligible-base"]);
    assert_eq!(names(&b), ["latlon-400-require", "tiny"]);
    let merged = dir.path().join("family.csv");
    let o = rotation()
        .args(["study", "merge"])
        .arg(&b)
        .arg(&a)
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        names(&merged),
        [
            "grid-300",
            "latlon-400-require",
            "haiyan-500-eligible-base",
            "tiny"
        ]
    );
    // A missing shard is reported, and nothing is written.
    let lone = dir.path().join("lone.csv");
    let o = rotation()
        .args(["study", "merge"])
        .arg(&a)
        .arg("--out")
        .arg(&lone)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(!lone.exists());
}
