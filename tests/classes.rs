//! `rotation teams`, `rotation classes` and `rotation draw` on real files: the
//! hand-worked example of docs/classes.md reproduced, the sample county's pipeline from
//! plan to confirmed draw, a shortage explained, and one test per bad input.

mod common;

use common::{haiyan_like, root, rotation, stderr_of, stdout_of, write};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn sample(file: &str) -> PathBuf {
    root().join("instances/haiyan-like-classes").join(file)
}

/// The CSV block that follows `<!-- example: NAME -->` in docs/classes.md.
fn doc_block(name: &str) -> String {
    let doc = std::fs::read_to_string(root().join("docs/classes.md")).unwrap();
    let marker = format!("<!-- example: {name} -->");
    let at = doc.find(&marker).expect("marker in docs/classes.md");
    let rest = &doc[at..];
    let start = rest.find("```csv\n").unwrap() + "```csv\n".len();
    let end = rest[start..].find("```").unwrap();
    rest[start..start + end].to_string()
}

fn read_csv(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            h.iter()
                .zip(rec.iter())
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn the_hand_worked_s_shaped_example_of_the_docs_is_reproduced() {
    let dir = TempDir::new().unwrap();
    let students = write(dir.path(), "students.csv", &doc_block("students.csv"));
    let out = dir.path().join("classes");
    let run = rotation()
        .arg("classes")
        .arg(&students)
        .args(["--classes", "3", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    let lists = read_csv(&out.join("class_lists.csv"));
    let summary = read_csv(&out.join("class_summary.csv"));
    let expected = doc_block("result");
    let mut rows = 0;
    for line in expected.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (class, members, mean) = (f[0], f[1], f[2]);
        let mut got: Vec<&str> = lists
            .iter()
            .filter(|r| r["class"] == class)
            .map(|r| r["student"].as_str())
            .collect();
        got.sort();
        assert_eq!(got.join(" "), members, "class {class}");
        let s = summary.iter().find(|r| r["class"] == class).unwrap();
        assert_eq!(s["mean"], mean, "class {class}");
        assert_eq!(s["girls"], "2");
        rows += 1;
    }
    assert_eq!(rows, 3);
    let stdout = stdout_of(&run);
    assert!(
        stdout.contains("S12 moved from class 1 to class 3 to be with S03 (swapped with S10"),
        "{stdout}"
    );
    assert!(
        stdout.contains("S05 moved from class 2 to class 3 to be apart from S02 (swapped with S04"),
        "{stdout}"
    );
    assert!(stdout.contains("largest difference 7.75"), "{stdout}");
}

/// The sample county from the plan to a confirmed draw, and a tampered draw refused.
#[test]
fn the_sample_county_goes_from_plan_to_a_confirmed_draw() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let plan = rotation()
        .arg("plan")
        .arg(haiyan_like())
        .arg("--policy")
        .arg(root().join("models/haiyan-2022.toml"))
        .arg("--out")
        .arg(d.join("plan"))
        .output()
        .unwrap();
    assert_eq!(plan.status.code(), Some(0), "{}", stderr_of(&plan));
    let teams = rotation()
        .arg("teams")
        .arg(haiyan_like())
        .arg("--plan")
        .arg(d.join("plan/plan.csv"))
        .arg("--policy")
        .arg(root().join("models/school-teams.toml"))
        .arg("--classes")
        .arg(sample("classes.csv"))
        .args(["--school", "J13", "--out"])
        .arg(d.join("teams"))
        .output()
        .unwrap();
    assert!(teams.status.success(), "{}", stderr_of(&teams));
    let stdout = stdout_of(&teams);
    assert_eq!(stdout.matches("the least possible").count(), 3, "{stdout}");
    // Every team has 5 seats, one head teacher, and each teacher is at J13 after the plan.
    let members = read_csv(&d.join("teams/team_members.csv"));
    assert_eq!(members.len(), 12 * 5);
    assert_eq!(members.iter().filter(|r| r["role"] == "head").count(), 12);
    let moved_in: Vec<String> = read_csv(&d.join("plan/plan.csv"))
        .into_iter()
        .filter(|r| r["to_school"] == "J13")
        .map(|r| r["teacher"].clone())
        .collect();
    let teachers = std::fs::read_to_string(haiyan_like().join("teachers.csv")).unwrap();
    for m in &members {
        let at_j13 = teachers
            .lines()
            .any(|l| l.starts_with(&format!("{},", m["teacher"])) && l.contains(",J13,"));
        assert!(
            at_j13 || moved_in.contains(&m["teacher"]),
            "{} is not at J13",
            m["teacher"]
        );
    }
    let book = calamine::open_workbook_auto(d.join("teams/teams.xlsx")).unwrap();
    use calamine::Reader;
    assert_eq!(book.sheet_names(), ["团队成员", "团队汇总", "说明"]);

    let classes = rotation()
        .arg("classes")
        .arg(sample("students.csv"))
        .args(["--classes", "4", "--out"])
        .arg(d.join("classes"))
        .output()
        .unwrap();
    assert!(classes.status.success(), "{}", stderr_of(&classes));
    let seed = "2026-08-31 福彩3D 第2026235期 开奖号码 407";
    let draw = |out: &str, seed: &str| {
        rotation()
            .arg("draw")
            .arg("--teams")
            .arg(d.join("teams"))
            .arg("--classes")
            .arg(d.join("classes"))
            .arg("--instance")
            .arg(haiyan_like())
            .args(["--seed-from", seed, "--out"])
            .arg(d.join(out))
            .output()
            .unwrap()
    };
    let first = draw("draw", seed);
    assert!(first.status.success(), "{}", stderr_of(&first));
    let text = stdout_of(&first);
    assert!(
        text.contains("seed SHA-256")
            && text.contains("inputs SHA-256")
            && text.contains("ChaCha20"),
        "{text}"
    );
    // The same text gives the same draw; another text (almost surely) another.
    assert!(draw("again", seed).status.success());
    let csv = |dir: &str| std::fs::read(d.join(dir).join("draw.csv")).unwrap();
    assert_eq!(csv("draw"), csv("again"));
    assert!(draw("other", "2026-08-31 福彩3D 第2026235期 开奖号码 408")
        .status
        .success());
    assert_ne!(csv("draw"), csv("other"));
    let notices = std::fs::read_to_string(d.join("draw/notices.html")).unwrap();
    assert_eq!(notices.matches("<section class=\"notice\">").count(), 12);
    assert!(notices.contains("size: A4") && notices.contains("page-break-after"));
    assert!(
        notices.contains("元通初级中学13") && notices.contains("班主任") && notices.contains(seed)
    );

    let check = |extra: &[&str]| {
        rotation()
            .arg("draw")
            .arg("--teams")
            .arg(d.join("teams"))
            .arg("--classes")
            .arg(d.join("classes"))
            .arg("--check")
            .arg(d.join("draw"))
            .args(extra)
            .output()
            .unwrap()
    };
    let ok = check(&[]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr_of(&ok));
    assert!(stdout_of(&ok).contains("draw confirmed: 12 classes"));
    let wrong_seed = check(&["--seed-from", "another text"]);
    assert_eq!(wrong_seed.status.code(), Some(1));
    assert!(stderr_of(&wrong_seed).contains("draw NOT confirmed"));
    // A class given another team in the record is found.
    let json_path = d.join("draw/draw.json");
    let mut record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    let pairs = record["pairs"].as_array_mut().unwrap();
    let (a, b) = (pairs[0]["team"].clone(), pairs[1]["team"].clone());
    pairs[0]["team"] = b;
    pairs[1]["team"] = a;
    std::fs::write(&json_path, serde_json::to_vec_pretty(&record).unwrap()).unwrap();
    let tampered = check(&[]);
    assert_eq!(tampered.status.code(), Some(1));
    let err = stderr_of(&tampered);
    assert!(
        err.contains("class J13 7 1: the record gives team"),
        "{err}"
    );
}

#[test]
fn too_few_teachers_of_a_subject_is_explained() {
    let dir = TempDir::new().unwrap();
    let policy = write(
        dir.path(),
        "policy.toml",
        "[teams]\nsubjects = [\"chinese\", \"music\"]\n[teams.loads]\nmusic = 2\n",
    );
    let classes = write(
        dir.path(),
        "classes.csv",
        "school,grade,classes\nJ08,7,2\nJ08,8,2\nJ08,9,2\n",
    );
    let run = rotation()
        .arg("teams")
        .arg(haiyan_like())
        .arg("--policy")
        .arg(&policy)
        .arg("--classes")
        .arg(&classes)
        .args(["--all", "--out"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    let out = stdout_of(&run);
    assert!(
        out.contains("too few music teachers: 6 classes need 3 (each teaches at most 2 classes of one grade), the school has 1 after the plan; 4 seats left vacant"),
        "{out}"
    );
    let notes = std::fs::read_to_string(dir.path().join("out/team_notes.csv")).unwrap();
    assert!(notes.contains("too few music teachers"));
    let members = read_csv(&dir.path().join("out/team_members.csv"));
    assert_eq!(
        members
            .iter()
            .filter(|r| r["subject"] == "music" && r["teacher"].is_empty())
            .count(),
        4
    );
}

/// Runs a command expected to fail with exit 2 and returns its stderr.
fn refused(args: &[&std::ffi::OsStr]) -> String {
    let run = rotation().args(args).output().unwrap();
    assert_eq!(run.status.code(), Some(2), "{}", stderr_of(&run));
    stderr_of(&run)
}

fn classes_run(dir: &TempDir, students: &str, classes: &str) -> String {
    let s = write(dir.path(), "students.csv", students);
    refused(&[
        "classes".as_ref(),
        s.as_os_str(),
        "--classes".as_ref(),
        classes.as_ref(),
        "--out".as_ref(),
        dir.path().join("out").as_os_str(),
    ])
}

fn teams_run(dir: &TempDir, classes: &str, extra: &[&str]) -> String {
    let c = write(dir.path(), "classes.csv", classes);
    let out = dir.path().join("out");
    let county = haiyan_like();
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "teams".as_ref(),
        county.as_os_str(),
        "--classes".as_ref(),
        c.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    refused(&args)
}

const HEADER: &str = "id,name,grade,gender,score,keep_together,keep_apart\n";

#[test]
fn a_bad_gender_names_line_and_column() {
    let dir = TempDir::new().unwrap();
    let err = classes_run(
        &dir,
        &format!("{HEADER}S1,a,7,F,90,,\nS2,b,7,X,80,,\n"),
        "2",
    );
    assert!(
        err.contains("students.csv:3:4 (column `gender`): `X` is not valid"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_bad_score_names_line_and_column() {
    let dir = TempDir::new().unwrap();
    let err = classes_run(
        &dir,
        &format!("{HEADER}S1,a,7,F,90,,\nS2,b,7,M,九十,,\n"),
        "2",
    );
    assert!(
        err.contains("students.csv:3:5 (column `score`): `九十` is not valid; expected a number"),
        "{err}"
    );
}

#[test]
fn a_repeated_student_id_names_the_first_line() {
    let dir = TempDir::new().unwrap();
    let err = classes_run(
        &dir,
        &format!("{HEADER}S1,a,7,F,90,,\nS1,b,7,M,80,,\n"),
        "2",
    );
    assert!(
        err.contains("duplicate student id `S1` (first on line 2)"),
        "{err}"
    );
}

#[test]
fn an_unknown_partner_is_named() {
    let dir = TempDir::new().unwrap();
    let err = classes_run(
        &dir,
        &format!("{HEADER}S1,a,7,F,90,S9,\nS2,b,7,M,80,,\n"),
        "2",
    );
    assert!(
        err.contains("students.csv:2:6 (column `keep_together`): unknown student `S9`"),
        "{err}"
    );
}

#[test]
fn a_pair_across_grades_is_refused() {
    let dir = TempDir::new().unwrap();
    let err = classes_run(
        &dir,
        &format!("{HEADER}S1,a,7,F,90,,S2\nS2,b,8,M,80,,\n"),
        "1",
    );
    assert!(
        err.contains("(column `keep_apart`): student `S2` is in grade `8`"),
        "{err}"
    );
}

#[test]
fn a_student_paired_with_itself_is_refused() {
    let dir = TempDir::new().unwrap();
    let err = classes_run(
        &dir,
        &format!("{HEADER}S1,a,7,F,90,S1,\nS2,b,7,M,80,,\n"),
        "2",
    );
    assert!(err.contains("paired with itself"), "{err}");
}

#[test]
fn a_pair_both_together_and_apart_is_refused() {
    let dir = TempDir::new().unwrap();
    let err = classes_run(
        &dir,
        &format!("{HEADER}S1,a,7,F,90,S2,\nS2,b,7,M,80,,S1\n"),
        "2",
    );
    assert!(
        err.contains("kept both together with and apart from"),
        "{err}"
    );
}

#[test]
fn a_together_group_larger_than_a_class_is_refused() {
    let dir = TempDir::new().unwrap();
    let err = classes_run(
        &dir,
        &format!("{HEADER}S1,a,7,F,90,S2,\nS2,b,7,M,80,S3,\nS3,c,7,M,70,,\nS4,d,7,F,60,,\n"),
        "2",
    );
    assert!(
        err.contains("3 students are to share one class in grade `7`, more than a class holds (2)"),
        "{err}"
    );
}

#[test]
fn more_classes_than_students_is_refused() {
    let dir = TempDir::new().unwrap();
    let err = classes_run(&dir, &format!("{HEADER}S1,a,7,F,90,,\n"), "3");
    assert!(
        err.contains("grade `7` has 1 students for 3 classes"),
        "{err}"
    );
}

#[test]
fn zero_classes_is_refused() {
    let dir = TempDir::new().unwrap();
    let err = classes_run(&dir, &format!("{HEADER}S1,a,7,F,90,,\n"), "0");
    assert!(
        err.contains("--classes 0: expected 1 to 60 classes"),
        "{err}"
    );
}

#[test]
fn chinese_headers_are_read() {
    let dir = TempDir::new().unwrap();
    let s = write(
        dir.path(),
        "学生.csv",
        "学号,姓名,年级,性别,成绩\nS1,甲,7,女,90\nS2,乙,7,男,80\n",
    );
    let run = rotation()
        .arg("classes")
        .arg(&s)
        .args(["--classes", "2", "--out"])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
}

#[test]
fn an_unknown_school_in_classes_csv_names_its_line() {
    let dir = TempDir::new().unwrap();
    let err = teams_run(&dir, "school,grade,classes\nJ13,7,4\nX99,7,2\n", &["--all"]);
    assert!(
        err.contains("classes.csv:3:1 (column `school`): unknown school `X99`"),
        "{err}"
    );
}

#[test]
fn a_class_listed_twice_names_the_first_line() {
    let dir = TempDir::new().unwrap();
    let err = teams_run(&dir, "school,grade,class\nJ13,7,1\nJ13,7,1\n", &["--all"]);
    assert!(
        err.contains("class `1` of grade `7` at school `J13` is listed twice (first on line 2)"),
        "{err}"
    );
}

#[test]
fn a_bad_number_of_classes_is_named() {
    let dir = TempDir::new().unwrap();
    let err = teams_run(&dir, "school,grade,classes\nJ13,7,0\n", &["--all"]);
    assert!(
        err.contains("classes.csv:2:3 (column `classes`): `0` is not valid"),
        "{err}"
    );
}

#[test]
fn classes_csv_without_a_class_column_is_refused() {
    let dir = TempDir::new().unwrap();
    let err = teams_run(&dir, "school,grade\nJ13,7\n", &["--all"]);
    assert!(err.contains("missing column `class`"), "{err}");
}

#[test]
fn teams_need_a_school_or_all() {
    let dir = TempDir::new().unwrap();
    let err = teams_run(&dir, "school,grade,classes\nJ13,7,4\n", &[]);
    assert!(err.contains("give --school ID or --all"), "{err}");
}

#[test]
fn an_unknown_school_flag_is_named() {
    let dir = TempDir::new().unwrap();
    let err = teams_run(&dir, "school,grade,classes\nJ13,7,4\n", &["--school", "Q1"]);
    assert!(err.contains("--school Q1: no such school"), "{err}");
}

#[test]
fn a_bad_teams_policy_key_is_named() {
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "p.toml", "[teams]\nload = 0\n");
    let err = teams_run(
        &dir,
        "school,grade,classes\nJ13,7,4\n",
        &["--all", "--policy", p.to_str().unwrap()],
    );
    assert!(err.contains("`teams.load` = 0 is out of range"), "{err}");
}

#[test]
fn a_draw_with_unequal_teams_and_classes_is_refused() {
    let dir = TempDir::new().unwrap();
    let teams = dir.path().join("teams");
    let classes = dir.path().join("classes");
    std::fs::create_dir_all(&teams).unwrap();
    std::fs::create_dir_all(&classes).unwrap();
    write(
        &teams,
        "team_members.csv",
        "school,grade,team,role,subject,teacher\nJ1,7,1,head,math,T1\nJ1,7,2,head,math,T2\n",
    );
    write(
        &classes,
        "class_lists.csv",
        "school,grade,class,student\nJ1,7,1,S1\n",
    );
    let err = refused(&[
        "draw".as_ref(),
        "--teams".as_ref(),
        teams.as_os_str(),
        "--classes".as_ref(),
        classes.as_os_str(),
        "--seed-from".as_ref(),
        "x".as_ref(),
        "--out".as_ref(),
        dir.path().join("d").as_os_str(),
    ]);
    assert!(
        err.contains("school `J1` grade `7`: 2 teams but 1 class"),
        "{err}"
    );
    assert!(!dir.path().join("d").exists());
}

#[test]
fn a_draw_never_replaces_an_earlier_one_without_force() {
    let dir = TempDir::new().unwrap();
    let teams = dir.path().join("teams");
    let classes = dir.path().join("classes");
    std::fs::create_dir_all(&teams).unwrap();
    std::fs::create_dir_all(&classes).unwrap();
    write(
        &teams,
        "team_members.csv",
        "school,grade,team,role,subject,teacher\nJ1,7,1,head,math,T1\n",
    );
    write(
        &classes,
        "class_lists.csv",
        "school,grade,class,student\nJ1,7,1,S1\n",
    );
    let args = |out: &Path| {
        let mut c = rotation();
        c.arg("draw")
            .arg("--teams")
            .arg(&teams)
            .arg("--classes")
            .arg(&classes)
            .args(["--seed-from", "x", "--out"])
            .arg(out);
        c
    };
    let out = dir.path().join("d");
    assert!(args(&out).output().unwrap().status.success());
    let again = args(&out).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr_of(&again).contains("--force"));
}
