//! For researchers: generated counties are the same bytes for a seed and validate at
//! every size; the exported model has `plan`'s optimum when read back by HiGHS;
//! `bench` writes the documented columns; bad options are refused with exit code 2
//! and nothing written.

mod common;
use common::*;
use rotation::input::instance::read_instance;
use rotation::research::generate::{generate, GeneratorSpec};
use rotation::round::run::plan_round;
use rotation::solve::highs::SolveOptions;
use rotation::Policy;
use std::ffi::CString;
use std::path::Path;
use tempfile::TempDir;

fn generate_cli(dir: &Path, teachers: usize, schools: usize, seed: u64) {
    rotation()
        .args(["generate", "--teachers", &teachers.to_string()])
        .args([
            "--schools",
            &schools.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .arg("--out")
        .arg(dir)
        .assert()
        .success();
}

#[test]
fn generation_gives_the_same_bytes_for_a_seed() {
    let tmp = TempDir::new().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    generate_cli(&a, 3000, 40, 17);
    generate_cli(&b, 3000, 40, 17);
    for f in ["schools.csv", "teachers.csv", "partnerships.csv"] {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(!x.is_empty());
        assert!(x == y, "{f} differs between two runs with seed 17");
    }
    let c = tmp.path().join("c");
    generate_cli(&c, 3000, 40, 18);
    assert_ne!(
        std::fs::read(a.join("teachers.csv")).unwrap(),
        std::fs::read(c.join("teachers.csv")).unwrap()
    );
}

#[test]
fn generated_counties_of_several_sizes_validate() {
    for (teachers, schools) in [(10, 2), (700, 9), (5000, 60), (20_000, 300)] {
        let tmp = TempDir::new().unwrap();
        generate_cli(tmp.path(), teachers, schools, 3);
        let out = rotation()
            .arg("validate")
            .arg(tmp.path())
            .arg("--policy")
            .arg(model("haiyan-2022"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        let text = stdout_of(&out);
        assert!(
            text.contains(&format!("teachers  {teachers} ")),
            "{teachers}x{schools}: {text}"
        );
        assert!(text.contains(&format!("schools   {schools} ")), "{text}");
        assert!(stderr_of(&out).is_empty(), "{}", stderr_of(&out));
    }
}

#[test]
fn large_generated_county_meets_the_targets_within_the_commute_cap() {
    // Several districts side by side keep every rural town within a commute of a core.
    let county = generate(&GeneratorSpec::sized(6000, 300, 5));
    let policy = Policy::read(&model("haiyan-2022")).unwrap();
    let outcome = plan_round(&county, &policy, &SolveOptions::default()).unwrap();
    assert_eq!(outcome.figures.shortfall.exchange, 0.0);
}

/// Reads a model file into a fresh HiGHS instance, solves it to optimality and returns
/// the objective.
fn solve_file(path: &Path) -> f64 {
    let name = CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a fresh instance, destroyed before returning; option names and the file
    // name are NUL-terminated strings.
    unsafe {
        let h = highs_sys::Highs_create();
        highs_sys::Highs_setBoolOptionValue(h, c"output_flag".as_ptr(), 0);
        highs_sys::Highs_setDoubleOptionValue(h, c"mip_rel_gap".as_ptr(), 0.0);
        assert_ne!(
            highs_sys::Highs_readModel(h, name.as_ptr()),
            highs_sys::STATUS_ERROR,
            "HiGHS could not read {}",
            path.display()
        );
        assert_ne!(highs_sys::Highs_run(h), highs_sys::STATUS_ERROR);
        assert_eq!(
            highs_sys::Highs_getModelStatus(h),
            highs_sys::MODEL_STATUS_OPTIMAL
        );
        let objective = highs_sys::Highs_getObjectiveValue(h);
        highs_sys::Highs_destroy(h);
        objective
    }
}

fn export_and_compare(instance: &Path, flag: &str, file: &str) {
    let tmp = TempDir::new().unwrap();
    let path = tmp.path().join(file);
    rotation()
        .arg("export")
        .arg(instance)
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg(flag)
        .arg(&path)
        .assert()
        .success();
    let from_file = solve_file(&path);
    let county = read_instance(instance).unwrap().county;
    let policy = Policy::read(&model("haiyan-2022")).unwrap();
    let options = SolveOptions {
        gap: 0.0,
        ..SolveOptions::default()
    };
    let planned = plan_round(&county, &policy, &options).unwrap().objective;
    assert!(
        (from_file - planned).abs() <= 1e-6 * planned.abs().max(1.0),
        "{}: the file's optimum {from_file} differs from plan's {planned}",
        instance.display()
    );
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(left.len(), 1);
}

#[test]
fn exported_mps_has_plans_optimum_on_a_small_county() {
    export_and_compare(&tiny(), "--mps", "tiny.mps");
}

#[test]
fn exported_lp_has_plans_optimum_on_a_small_county() {
    export_and_compare(&tiny(), "--lp", "tiny.lp");
}

#[test]
fn exported_mps_has_plans_optimum_on_a_generated_county() {
    let tmp = TempDir::new().unwrap();
    generate_cli(tmp.path(), 1500, 14, 9);
    export_and_compare(tmp.path(), "--mps", "g.mps");
}

#[test]
fn exported_mps_has_plans_optimum_on_a_medium_county() {
    export_and_compare(&haiyan_like(), "--mps", "haiyan.mps");
}

#[test]
fn exported_names_are_readable() {
    let tmp = TempDir::new().unwrap();
    let path = tmp.path().join("tiny.mps");
    rotation()
        .arg("export")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--mps")
        .arg(&path)
        .assert()
        .success();
    let text = std::fs::read_to_string(&path).unwrap();
    for name in [
        "x_T01_R1",
        "exchange_target",
        "backbone_target",
        "subject_U1_math",
        "shortfall_exchange",
    ] {
        assert!(text.contains(name), "{name} missing from the MPS file");
    }
}

#[test]
fn bench_on_tiny_sizes_writes_the_expected_columns() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("bench.csv");
    rotation()
        .args(["bench", "--sizes", "40,300x4", "--seed", "2", "--out"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        rotation::research::bench::BENCH_COLUMNS.join(",")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][..3], &["40", "2", "2"]);
    assert_eq!(&rows[1][..3], &["300", "4", "2"]);
    for row in &rows {
        assert_eq!(row.len(), rotation::research::bench::BENCH_COLUMNS.len());
        assert_eq!(row[20], "optimal");
    }
}

/// `bench --out` keeps an existing file unless `--force`, and refuses before solving.
#[test]
fn bench_keeps_an_existing_out_file_without_force() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("bench.csv");
    std::fs::write(&out, "the bureau's own table\n").unwrap();
    let run = rotation()
        .args(["bench", "--sizes", "40", "--seed", "2", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "{}", stderr_of(&run));
    assert!(stderr_of(&run).contains("--force"), "{}", stderr_of(&run));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the bureau's own table\n"
    );
    rotation()
        .args(["bench", "--sizes", "40", "--seed", "2", "--force", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("teachers,"));
}

/// Runs the binary, expects exit code 2 and a message, and returns stderr.
fn usage_error(args: &[&str], expect: &str) -> String {
    let out = rotation().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains(expect), "{err}");
    err
}

#[test]
fn unknown_size_list_entry_is_refused() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("bench.csv");
    let err = usage_error(
        &[
            "bench",
            "--sizes",
            "1000,lots",
            "--out",
            out.to_str().unwrap(),
        ],
        "`lots`",
    );
    assert!(err.contains("--sizes"), "{err}");
    assert!(!out.exists());
}

#[test]
fn zero_teachers_in_a_size_list_is_refused() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("bench.csv");
    usage_error(
        &["bench", "--sizes", "0", "--out", out.to_str().unwrap()],
        "`0`",
    );
    assert!(!out.exists());
}

#[test]
fn generating_zero_teachers_is_refused() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("county");
    usage_error(
        &[
            "generate",
            "--teachers",
            "0",
            "--schools",
            "5",
            "--out",
            out.to_str().unwrap(),
        ],
        "--teachers",
    );
    assert!(!out.exists());
}

#[test]
fn export_without_a_target_file_is_refused() {
    let tmp = TempDir::new().unwrap();
    let policy = model("haiyan-2022");
    usage_error(
        &[
            "export",
            tiny().to_str().unwrap(),
            "--policy",
            policy.to_str().unwrap(),
        ],
        "--mps FILE or --lp FILE",
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn export_with_both_formats_is_refused() {
    let tmp = TempDir::new().unwrap();
    let (mps, lp) = (tmp.path().join("m.mps"), tmp.path().join("m.lp"));
    let policy = model("haiyan-2022");
    usage_error(
        &[
            "export",
            tiny().to_str().unwrap(),
            "--policy",
            policy.to_str().unwrap(),
            "--mps",
            mps.to_str().unwrap(),
            "--lp",
            lp.to_str().unwrap(),
        ],
        "not both",
    );
    assert!(!mps.exists() && !lp.exists());
}

#[test]
fn zero_candidates_per_teacher_is_refused() {
    let tmp = TempDir::new().unwrap();
    let mps = tmp.path().join("m.mps");
    let policy = model("haiyan-2022");
    usage_error(
        &[
            "export",
            tiny().to_str().unwrap(),
            "--policy",
            policy.to_str().unwrap(),
            "--mps",
            mps.to_str().unwrap(),
            "--candidates",
            "0",
        ],
        "--candidates",
    );
    assert!(!mps.exists());
}

/// A plan short of its targets under `--candidates K` says first that its causes are
/// those of the smaller model (the sample county meets every target without it), in
/// both languages and in summary.json.
#[test]
fn a_shortfall_under_a_candidate_limit_names_the_limit_first() {
    let tmp = TempDir::new().unwrap();
    for (lang, said) in [
        (
            "en",
            "why short: --candidates 1 kept only each teacher's 1 nearest allowed school(s)",
        ),
        ("zh", "--candidates 1 只保留了每位教师最近的 1 所可去学校"),
    ] {
        let out = tmp.path().join(lang);
        let o = rotation()
            .args(["--lang", lang, "plan"])
            .arg(haiyan_like())
            .arg("--policy")
            .arg(model("haiyan-2022"))
            .args(["--candidates", "1", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(3), "{}", stderr_of(&o));
        assert!(stdout_of(&o).contains(said), "{}", stdout_of(&o));
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
        let causes = summary["explanations"].as_array().unwrap();
        assert!(
            causes[0].as_str().unwrap().starts_with("--candidates 1 "),
            "{causes:?}"
        );
    }
}

/// `generate --groups N` says when the county has another number of "1+X" groups
/// (the generator cuts them from the districts' towns), and says nothing when it
/// has N.
#[test]
fn generate_says_when_the_groups_are_not_as_many_as_asked() {
    let tmp = TempDir::new().unwrap();
    let run = |args: &[&str], out: &str| {
        let o = rotation()
            .arg("generate")
            .args(args)
            .args(["--seed", "1", "--out"])
            .arg(tmp.path().join(out))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
        stderr_of(&o)
    };
    let err = run(
        &["--teachers", "1000", "--schools", "10", "--groups", "8"],
        "small",
    );
    assert!(
        err.contains(
            "note: the county has 2 \"1+X\" groups of two schools or more, not the 8 asked for"
        ),
        "{err}"
    );
    let err = run(&["--like", "haiyan", "--groups", "7"], "haiyan");
    assert!(!err.contains("note:"), "{err}");
}
