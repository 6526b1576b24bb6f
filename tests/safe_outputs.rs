//! Outputs never lose the bureau's data and never mislead: no input is overwritten, an
//! output folder is one set or nothing (full disk, concurrent runs, mixed folders), CSV
//! cells cannot run as formulas, exemption causes stay private, any id makes a
//! workbook, and a closed pipe ends a command quietly.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn plan(instance: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    rotation()
        .arg("plan")
        .arg(instance)
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// Every file under `dir` (relative path → bytes).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                files.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    files
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// 1. Inputs are never overwritten.

#[test]
fn plan_into_the_county_folder_is_refused_even_with_force() {
    let county = tiny_copy();
    let before = snapshot(county.path());
    let out = plan(county.path(), county.path(), &["--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("which this command reads"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(snapshot(county.path()), before);
    let v = rotation()
        .arg("validate")
        .arg(county.path())
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(0), "{}", stderr_of(&v));
}

/// `generate` and `anonymize` with `--force` onto a folder of the bureau's own tables
/// (no manifest) are refused, exit 2, and leave every file as it was; a county
/// `generate` wrote itself is replaced.
#[test]
fn force_never_replaces_a_bureaus_own_county_tables() {
    let bureau = tiny_copy();
    let before = snapshot(bureau.path());
    for args in [
        vec![
            "generate",
            "--teachers",
            "60",
            "--schools",
            "4",
            "--seed",
            "3",
        ],
        vec!["anonymize", tiny().to_str().unwrap(), "--seed", "1"],
    ] {
        let o = rotation()
            .args(&args)
            .arg("--out")
            .arg(bureau.path())
            .arg("--force")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr_of(&o));
        assert!(
            stderr_of(&o).contains("did not write") && stderr_of(&o).contains("teachers.csv"),
            "{}",
            stderr_of(&o)
        );
        assert_eq!(snapshot(bureau.path()), before, "{args:?}");
    }
    let dir = tempfile::TempDir::new().unwrap();
    let generated = dir.path().join("g");
    for force in [false, true] {
        let mut cmd = rotation();
        cmd.args([
            "generate",
            "--teachers",
            "60",
            "--schools",
            "4",
            "--seed",
            "3",
            "--out",
        ])
        .arg(&generated);
        if force {
            cmd.arg("--force");
        }
        let o = cmd.output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    }
}

#[test]
fn single_file_outputs_refuse_an_existing_file_without_force() {
    let dir = TempDir::new().unwrap();
    let keep = |name: &str| write(dir.path(), name, "the bureau's own file\n");
    let policy = model("haiyan-2022");
    let report = keep("report.html");
    let out = plan(
        &tiny(),
        &dir.path().join("out"),
        &["--report", report.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("pass --force"),
        "{}",
        stderr_of(&out)
    );
    assert!(!dir.path().join("out").exists());
    let list = keep("eligible.csv");
    let mps = keep("model.mps");
    for args in [
        vec![
            "eligibility".into(),
            tiny(),
            "--policy".into(),
            policy.clone(),
            "--out".into(),
            list.clone(),
        ],
        vec![
            "export".into(),
            tiny(),
            "--policy".into(),
            policy.clone(),
            "--mps".into(),
            mps.clone(),
        ],
    ] {
        let out = rotation().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains("pass --force"),
            "{}",
            stderr_of(&out)
        );
    }
    for f in [&report, &list, &mps] {
        assert_eq!(
            std::fs::read_to_string(f).unwrap(),
            "the bureau's own file\n"
        );
    }
    // With --force they are replaced, but never when the output is an input.
    let out = rotation()
        .args([
            "eligibility".as_ref(),
            tiny().as_os_str(),
            "--policy".as_ref(),
        ])
        .arg(&policy)
        .arg("--out")
        .arg(&list)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let county = tiny_copy();
    let teachers = county.path().join("teachers.csv");
    let before = std::fs::read(&teachers).unwrap();
    let out = rotation()
        .arg("export")
        .arg(county.path())
        .arg("--policy")
        .arg(&policy)
        .arg("--lp")
        .arg(&teachers)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("which this command reads"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(std::fs::read(&teachers).unwrap(), before);
}

// 2. An output folder is one set or nothing.

#[test]
fn a_plan_folder_is_one_set_with_its_manifest_and_nothing_beside_it() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    for extra in [&[][..], &["--force"][..]] {
        let o = plan(&tiny(), &out, extra);
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    }
    assert_eq!(names(dir.path()), ["out"]);
    assert_eq!(
        names(&out),
        [
            "manifest.json",
            "notices.html",
            "plan.csv",
            "schools.csv",
            "stayed.csv",
            "summary.json"
        ]
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    for f in manifest["files"].as_array().unwrap() {
        let bytes = std::fs::read(out.join(f["name"].as_str().unwrap())).unwrap();
        assert_eq!(f["bytes"].as_u64(), Some(bytes.len() as u64));
        assert_eq!(f["sha256"].as_str().unwrap().len(), 64);
    }
}

#[cfg(unix)]
#[test]
fn a_full_disk_leaves_the_previous_set_untouched() {
    use std::os::unix::process::CommandExt;
    // The first set, from a county with other student numbers (other schools.csv).
    let county = tiny_copy();
    edit(
        county.path(),
        "schools.csv",
        "U1,城东小学,urban,primary,600",
        "U1,城东小学,urban,primary,700",
    );
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let o = plan(county.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let before = snapshot(&out);
    // The second run may write files of 2,000 bytes at most: plan.csv and schools.csv
    // fit, summary.json does not (the disk is full when it comes).
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("rotation"));
    cmd.arg("plan")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(&out)
        .arg("--force");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: 2000,
                rlim_max: 2000,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert!(snapshot(&out) == before, "the folder changed");
    assert_eq!(names(dir.path()), ["out"]);
    assert!(
        stderr_of(&o).contains("nothing was written"),
        "{}",
        stderr_of(&o)
    );
}

#[cfg(unix)]
#[test]
fn a_second_run_into_a_locked_folder_fails_clearly_and_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let o = plan(&tiny(), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let before = snapshot(&out);
    // Another run holds the folder's lock (the documented `.NAME.lock` beside it).
    let lock = std::fs::File::create(dir.path().join(".out.lock")).unwrap();
    lock.try_lock().unwrap();
    let o = plan(&tiny(), &out, &["--force"]);
    assert_ne!(
        o.status.code(),
        Some(0),
        "a second run wrote into a locked folder"
    );
    assert!(
        stderr_of(&o).contains("another rotation run is writing this folder"),
        "{}",
        stderr_of(&o)
    );
    assert!(snapshot(&out) == before);
    drop(lock);
}

#[test]
fn verify_says_when_a_plan_folder_mixes_two_runs() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        let o = plan(&tiny(), out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    }
    let verify = || {
        rotation()
            .arg("verify")
            .arg(tiny())
            .arg("--policy")
            .arg(model("haiyan-2022"))
            .arg("--plan")
            .arg(a.join("plan.csv"))
            .output()
            .unwrap()
    };
    let o = verify();
    assert_eq!(o.status.code(), Some(0));
    assert!(!stderr_of(&o).contains("warning"), "{}", stderr_of(&o));
    // summary.json of another run (its timings differ).
    let mut other = std::fs::read(b.join("summary.json")).unwrap();
    other.extend_from_slice(b"\n");
    std::fs::write(a.join("summary.json"), other).unwrap();
    let o = verify();
    assert!(
        stderr_of(&o).contains("not one complete output set: summary.json"),
        "{}",
        stderr_of(&o)
    );
}

// 3. CSV formula injection.

#[test]
fn ids_and_names_that_look_like_formulas_are_neutralised_and_read_back() {
    let county = tiny_copy();
    edit(county.path(), "teachers.csv", "T01,王芳", "=T01,@SUM(A1)");
    edit(county.path(), "teachers.csv", "T13,马红", "+T13,-2+3");
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let o = plan(county.path(), &out, &["--excel-csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let text = std::fs::read_to_string(out.join("plan.csv")).unwrap();
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut cells = Vec::new();
    for rec in r.records() {
        cells.extend(rec.unwrap().iter().map(String::from));
    }
    for c in &cells {
        assert!(
            !c.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "formula-like cell {c:?} in plan.csv"
        );
    }
    for c in ["'=T01", "'@SUM(A1)", "'+T13", "'-2+3"] {
        assert!(cells.iter().any(|x| x == c), "{c} missing from {cells:?}");
    }
    // The tool reads its own file back: verify and --previous find the ids.
    let o = rotation()
        .arg("verify")
        .arg(county.path())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(out.join("plan.csv"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        stdout_of(&o),
        stderr_of(&o)
    );
    let again = dir.path().join("again");
    let prev = out.join("plan.csv");
    let o = plan(
        county.path(),
        &again,
        &["--previous", prev.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(
        !stderr_of(&o).contains("no longer in the county"),
        "{}",
        stderr_of(&o)
    );
    // The eligibility list too.
    let list = dir.path().join("eligible.csv");
    let o = rotation()
        .arg("eligibility")
        .arg(county.path())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(&list)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    let text = std::fs::read_to_string(&list).unwrap();
    assert!(text.contains("\n'=T01,'@SUM(A1),U1"), "{text}");
}

// 4. Privacy.

#[test]
fn an_exemption_cause_appears_in_no_output_meant_for_others() {
    let dir = TempDir::new().unwrap();
    let pins = write(
        dir.path(),
        "pins.csv",
        "teacher,action,school\nT07,move_to,R1\n",
    );
    let out = dir.path().join("out");
    let xlsx = dir.path().join("plan.xlsx");
    let report = dir.path().join("report.html");
    let o = plan(
        &tiny(),
        &out,
        &[
            "--pins",
            pins.to_str().unwrap(),
            "--xlsx",
            xlsx.to_str().unwrap(),
            "--report",
            report.to_str().unwrap(),
        ],
    );
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    let plan_csv = std::fs::read_to_string(out.join("plan.csv")).unwrap();
    assert!(
        plan_csv.contains("pinned `T07 move_to R1` by the bureau although not eligible (exempt)"),
        "{plan_csv}"
    );
    let mut texts = vec![
        plan_csv,
        std::fs::read_to_string(out.join("summary.json")).unwrap(),
        std::fs::read_to_string(&report).unwrap(),
        stdout_of(&o),
    ];
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for cell in range.used_cells() {
            texts.push(cell.2.to_string());
        }
    }
    // verify without the pins names the ineligible move, and report on the plan.
    let v = rotation()
        .arg("verify")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(out.join("plan.csv"))
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(1));
    texts.push(stdout_of(&v));
    for t in &texts {
        assert!(!t.contains("pregnancy"), "the cause leaked: {t}");
    }
    // The bureau's own eligibility list keeps it.
    let e = rotation()
        .arg("eligibility")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .output()
        .unwrap();
    assert!(stdout_of(&e).contains("exempt: pregnancy"));
}

fn objective(out: &Path) -> f64 {
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    s["objective"].as_f64().unwrap()
}

#[test]
fn an_anonymized_county_has_no_real_id_name_or_cause_and_plans_to_the_same_optimum() {
    let dir = TempDir::new().unwrap();
    let county = dir.path().join("county");
    let o = rotation()
        .args([
            "generate",
            "--teachers",
            "240",
            "--schools",
            "10",
            "--seed",
            "4",
            "--out",
        ])
        .arg(&county)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    // One teacher exempt, with a cause.
    let teachers = std::fs::read_to_string(county.join("teachers.csv")).unwrap();
    let header: Vec<&str> = teachers.lines().next().unwrap().split(',').collect();
    let exempt_col = header.iter().position(|h| *h == "exempt").unwrap();
    let mut lines: Vec<String> = teachers.lines().map(String::from).collect();
    let mut f: Vec<String> = lines[1].split(',').map(String::from).collect();
    f[exempt_col] = "pregnancy".into();
    lines[1] = f.join(",");
    std::fs::write(county.join("teachers.csv"), lines.join("\n") + "\n").unwrap();
    let anonymize = |seed: &str, out: &Path| {
        let o = rotation()
            .arg("anonymize")
            .arg(&county)
            .args(["--seed", seed, "--out"])
            .arg(out)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    };
    let (a, a2, b) = (
        dir.path().join("a"),
        dir.path().join("a2"),
        dir.path().join("b"),
    );
    anonymize("11", &a);
    anonymize("11", &a2);
    anonymize("12", &b);
    let files = ["schools.csv", "teachers.csv", "partnerships.csv"];
    for f in files {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(a2.join(f)).unwrap(),
            "{f}: the same seed gave other bytes"
        );
    }
    assert_ne!(
        std::fs::read(a.join("teachers.csv")).unwrap(),
        std::fs::read(b.join("teachers.csv")).unwrap()
    );
    // No real id, name or cause survives.
    let original = |file: &str, col: &str| -> Vec<String> {
        let mut r = csv::Reader::from_path(county.join(file)).unwrap();
        let h = r.headers().unwrap().clone();
        let c = h.iter().position(|x| x == col).unwrap();
        r.records().map(|x| x.unwrap()[c].to_string()).collect()
    };
    let anon = std::fs::read_to_string(a.join("teachers.csv")).unwrap()
        + &std::fs::read_to_string(a.join("schools.csv")).unwrap();
    for (file, col) in [
        ("teachers.csv", "id"),
        ("teachers.csv", "name"),
        ("schools.csv", "id"),
        ("schools.csv", "name"),
    ] {
        for v in original(file, col).iter().filter(|v| !v.is_empty()) {
            assert!(
                !anon.contains(&format!(",{v},")) && !anon.contains(&format!("\n{v},")),
                "{file} {col} {v} survives"
            );
        }
    }
    assert!(!anon.contains("pregnancy"));
    assert!(anon.contains(",exempt,"));
    // The same optimum.
    let (p0, p1) = (dir.path().join("p0"), dir.path().join("p1"));
    for (inst, out) in [(&county, &p0), (&a, &p1)] {
        let o = plan(inst, out, &[]);
        assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    }
    let (x, y) = (objective(&p0), objective(&p1));
    assert!((x - y).abs() <= 1e-6 * x.abs().max(1.0), "{x} vs {y}");
}

// 5. Any id makes a workbook.

#[test]
fn a_school_id_with_an_apostrophe_still_gives_the_workbook_and_the_plan() {
    let county = tiny_copy();
    for f in ["schools.csv", "teachers.csv", "partnerships.csv"] {
        let p = county.path().join(f);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replace("R1", "'R1")).unwrap();
    }
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let xlsx = dir.path().join("plan.xlsx");
    let o = plan(county.path(), &out, &["--xlsx", xlsx.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
    assert!(out.join("plan.csv").exists() && xlsx.exists());
    use calamine::Reader;
    let book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert!(
        book.sheet_names().iter().any(|n| n.starts_with("_R1")),
        "{:?}",
        book.sheet_names()
    );
}

// 6. A closed pipe.

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let policy = model("haiyan-2022");
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "eligibility".into(),
            tiny().into(),
            "--policy".into(),
            policy.clone().into(),
        ],
        vec!["groups".into(), tiny().into()],
        vec![
            "plan".into(),
            tiny().into(),
            "--policy".into(),
            policy.into(),
            "--out".into(),
            out.into(),
        ],
    ];
    for args in runs {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = std::process::Command::new(assert_cmd::cargo::cargo_bin("rotation"))
            .args(&args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let err = stderr_of(&o);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_ne!(o.status.code(), Some(101), "{args:?}: {err}");
        assert!(
            o.status.success() || o.status.signal() == Some(libc::SIGPIPE),
            "{args:?}: {:?} {err}",
            o.status
        );
    }
}
