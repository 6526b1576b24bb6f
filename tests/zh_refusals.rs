//! The refusals, input problems and solver words that were English whatever `--lang`
//! said, now in both languages: each bad input run with `--lang en` and `--lang zh`,
//! exit code 2, its file, line and column where it has them, one message per cause,
//! and no English sentence in the Chinese.

mod common;
use common::*;
use std::ffi::OsStr;
use tempfile::TempDir;

/// Runs `args` in `lang`; the exit code must be 2. Returns stderr.
fn refused_in(lang: &str, args: &[&OsStr]) -> String {
    let out = rotation()
        .args(["--lang", lang])
        .args(args)
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{lang}: {err}");
    err
}

/// Runs `args` in both languages: each expected text once, as many `error:`/`错误：`
/// lines as texts (one message per cause), and the English text absent from the
/// Chinese.
fn refused(args: &[&OsStr], en: &[&str], zh: &[&str]) {
    let e = refused_in("en", args);
    let z = refused_in("zh", args);
    for (err, texts, word) in [(&e, en, "error:"), (&z, zh, "错误：")] {
        for t in texts {
            assert_eq!(err.matches(t).count(), 1, "{t:?} once in:\n{err}");
        }
        assert_eq!(
            err.matches(word).count(),
            texts.len(),
            "one message per cause:\n{err}"
        );
    }
    assert!(!z.contains("error:"), "{z}");
    for t in en {
        assert!(!z.contains(t), "English {t:?} in the Chinese:\n{z}");
    }
}

fn os<'a>(args: &'a [&'a str]) -> Vec<&'a OsStr> {
    args.iter().map(OsStr::new).collect()
}

const STUDENTS: &str = "id,name,grade,gender,score,keep_together,keep_apart\n";

/// `rotation classes` on `students` (3 classes), in both languages.
fn students_refused(students: &str, en: &[&str], zh: &[&str]) {
    let dir = TempDir::new().unwrap();
    let s = write(dir.path(), "students.csv", students);
    let out = dir.path().join("out");
    let args = [
        OsStr::new("classes"),
        s.as_os_str(),
        OsStr::new("--classes"),
        OsStr::new("3"),
        OsStr::new("--out"),
        out.as_os_str(),
    ];
    refused(&args, en, zh);
    assert!(!out.exists());
}

/// `rotation teams --all` on the sample county with `classes`, in both languages.
fn classes_refused(classes: &str, en: &[&str], zh: &[&str]) {
    let dir = TempDir::new().unwrap();
    let c = write(dir.path(), "classes.csv", classes);
    let out = dir.path().join("out");
    let county = haiyan_like();
    let args = [
        OsStr::new("teams"),
        county.as_os_str(),
        OsStr::new("--classes"),
        c.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
        OsStr::new("--all"),
    ];
    refused(&args, en, zh);
    assert!(!out.exists());
}

#[test]
fn a_student_paired_with_itself_is_refused_in_both_languages() {
    students_refused(
        &format!("{STUDENTS}S1,a,7,F,90,S1,\nS2,b,7,M,80,,\n"),
        &["students.csv:2:6 (column `keep_together`): student `S1` is paired with itself"],
        &["students.csv 第 2 行第 6 列（列 `keep_together`）：学生 `S1` 与自己配对"],
    );
}

#[test]
fn an_unknown_partner_is_refused_in_both_languages() {
    students_refused(
        &format!("{STUDENTS}S1,a,7,F,90,S9,\nS2,b,7,M,80,,\n"),
        &["students.csv:2:6 (column `keep_together`): unknown student `S9`"],
        &["students.csv 第 2 行第 6 列（列 `keep_together`）：找不到学生 `S9`"],
    );
}

#[test]
fn a_pair_across_grades_is_refused_in_both_languages() {
    students_refused(
        &format!("{STUDENTS}S1,a,7,F,90,,S2\nS2,b,8,M,80,,\n"),
        &["students.csv:2:7 (column `keep_apart`): student `S2` is in grade `8`"],
        &["students.csv 第 2 行第 7 列（列 `keep_apart`）：学生 `S2` 在学校 `` 的年级 `8`"],
    );
}

#[test]
fn a_pair_both_together_and_apart_is_refused_in_both_languages() {
    students_refused(
        &format!("{STUDENTS}S1,a,7,F,90,S2,\nS2,b,7,M,80,,S1\n"),
        &["students.csv:3:7 (column `keep_apart`): student `S1` is to be kept both together with and apart from `S2`"],
        &["students.csv 第 3 行第 7 列（列 `keep_apart`）：学生 `S1` 与 `S2` 既要求同班又要求分开"],
    );
}

#[test]
fn students_csv_without_rows_is_refused_in_both_languages() {
    students_refused(
        STUDENTS,
        &["students.csv:1: no students: the file has a header and no rows"],
        &["students.csv 第 1 行：没有学生：文件只有表头，没有数据行"],
    );
}

#[test]
fn a_class_listed_twice_is_refused_in_both_languages() {
    classes_refused(
        "school,grade,class\nJ13,7,1\nJ13,7,1\n",
        &["classes.csv:3:3 (column `class`): class `1` of grade `7` at school `J13` is listed twice (first on line 2)"],
        &["classes.csv 第 3 行第 3 列（列 `class`）：学校 `J13` 年级 `7` 的班级 `1` 重复（第一次出现在第 2 行）"],
    );
}

#[test]
fn a_grade_given_twice_is_refused_in_both_languages() {
    classes_refused(
        "school,grade,classes\nJ13,7,3\nJ13,7,2\n",
        &["classes.csv:3:3 (column `classes`): grade `7` of school `J13` is already given on line 2"],
        &["classes.csv 第 3 行第 3 列（列 `classes`）：学校 `J13` 的年级 `7` 已在第 2 行给出"],
    );
}

#[test]
fn a_row_with_a_class_and_a_count_is_refused_in_both_languages() {
    classes_refused(
        "school,grade,class,classes\nJ13,7,1,3\n",
        &["classes.csv:2:4 (column `classes`): a row gives a class and a number of classes"],
        &["classes.csv 第 2 行第 4 列（列 `classes`）：一行中同时给出了班级和班级数"],
    );
}

#[test]
fn classes_csv_without_a_class_column_is_refused_in_both_languages() {
    classes_refused(
        "school,grade\nJ13,7\n",
        &["classes.csv:1: missing column `class`"],
        &["classes.csv 第 1 行：缺少“班级”列（class，每班一行）或“班级数”列"],
    );
}

#[test]
fn teams_without_a_school_are_refused_in_both_languages() {
    let county = haiyan_like();
    let args = [
        OsStr::new("teams"),
        county.as_os_str(),
        OsStr::new("--classes"),
        OsStr::new("classes.csv"),
        OsStr::new("--out"),
        OsStr::new("out"),
    ];
    refused(
        &args,
        &["give --school ID or --all"],
        &["请给出 --school 学校编号 或 --all"],
    );
}

#[test]
fn a_number_of_classes_out_of_range_is_refused_in_both_languages() {
    let dir = TempDir::new().unwrap();
    let s = write(
        dir.path(),
        "students.csv",
        &format!("{STUDENTS}S1,a,7,F,90,,\n"),
    );
    let out = dir.path().join("out");
    let args = [
        OsStr::new("classes"),
        s.as_os_str(),
        OsStr::new("--classes"),
        OsStr::new("0"),
        OsStr::new("--out"),
        out.as_os_str(),
    ];
    refused(
        &args,
        &["--classes 0: expected 1 to"],
        &["--classes 0：应为 1 到"],
    );
}

#[test]
fn bad_bench_sizes_are_refused_in_both_languages() {
    refused(
        &os(&["bench", "--sizes", "abc,5", "--out", "never.csv"]),
        &["--sizes: `abc` is not a number of teachers (or TEACHERSxSCHOOLS); `5`: 5 teachers is outside 10..=1000000"],
        &["--sizes：`abc` 不是教师数（或 教师数x学校数）；`5`：教师数 5 不在 10 到 1000000 之间"],
    );
}

#[test]
fn a_bad_shard_is_refused_in_both_languages() {
    let args = [
        "bench",
        "--sizes",
        "100",
        "--shard",
        "3/2",
        "--out",
        "never.csv",
    ];
    let e = refused_in("en", &os(&args));
    let z = refused_in("zh", &os(&args));
    assert!(e.contains("3/2"), "{e}");
    assert!(z.contains("错误：") && z.contains("3/2"), "{z}");
    assert!(!z.contains("error:"), "{z}");
}

/// `rotation sweep` on the tiny county with `extra`, in both languages.
fn sweep_refused(extra: &[&str], en: &[&str], zh: &[&str]) {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("sweep");
    let (county, policy) = (tiny(), model("haiyan-2022"));
    let mut args = vec![
        OsStr::new("sweep"),
        county.as_os_str(),
        OsStr::new("--policy"),
        policy.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    refused(&args, en, zh);
    assert!(!out.exists());
}

#[test]
fn a_bad_sweep_range_is_refused_in_both_languages() {
    sweep_refused(
        &["--vary", "targets.exchange_rate=0.1:0.5:0"],
        &["--vary `targets.exchange_rate=0.1:0.5:0`: the step of `targets.exchange_rate` is 0"],
        &["--vary `targets.exchange_rate=0.1:0.5:0`：`targets.exchange_rate`（交流比例） 的步长为 0"],
    );
}

#[test]
fn an_unknown_sweep_key_and_a_bad_plot_are_refused_together_in_both_languages() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("sweep");
    let (county, policy) = (tiny(), model("haiyan-2022"));
    let mut args = vec![OsStr::new("sweep"), county.as_os_str()];
    args.extend([OsStr::new("--policy"), policy.as_os_str()]);
    args.extend([OsStr::new("--out"), out.as_os_str()]);
    args.extend(os(&["--vary", "nope=0:1:1", "--plot", "status"]));
    // One refusal, one line per cause, closed by what was not done.
    let e = refused_in("en", &args);
    let z = refused_in("zh", &args);
    let lines = |err: &str| err.lines().map(str::to_string).collect::<Vec<_>>();
    let (e, z) = (lines(&e), lines(&z));
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(e[0].starts_with("error: --vary `nope=0:1:1`: unknown policy key `nope`"));
    assert!(e[1].starts_with("--plot `status`: `status` is not a figure to plot"));
    assert_eq!(e[2], "nothing was solved or written");
    assert_eq!(z.len(), 3, "{z:?}");
    assert!(z[0].starts_with("错误：--vary `nope=0:1:1`：未知的政策键 `nope`"));
    assert!(z[1].starts_with("--plot `status`：`status` 不是可绘制的指标"));
    assert_eq!(z[2], "未求解，也未写入任何文件");
    assert!(!out.exists());
}

#[test]
fn a_key_varied_twice_is_refused_in_both_languages() {
    sweep_refused(
        &[
            "--vary",
            "targets.exchange_rate=0.1:0.2:0.1",
            "--vary",
            "exchange_rate=0.3:0.4:0.1",
        ],
        &["--vary `targets.exchange_rate` is given twice"],
        &["--vary `targets.exchange_rate`（交流比例） 给了两次"],
    );
}

/// `rotation study FILE --out DIR` on a study file holding `text`, in both languages.
fn study_refused(text: &str, en: &[&str], zh: &[&str]) {
    let dir = TempDir::new().unwrap();
    let study = write(dir.path(), "bad.toml", text);
    let out = dir.path().join("out");
    let args = [
        OsStr::new("study"),
        study.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
    ];
    refused(&args, en, zh);
    assert!(!out.exists());
}

#[test]
fn a_study_file_that_is_not_toml_is_refused_in_both_languages() {
    study_refused(
        "[counties]\nsizes = [200]\n[policy]\nfiles = []\n",
        &["bad.toml:3:2 (column `policy`): unknown key `policy`; did you mean `policies`?"],
        &["bad.toml 第 3 行第 2 列（列 `policy`）：无法识别的键 `policy`；是否应为 `policies`？"],
    );
}

#[test]
fn a_study_size_and_sweep_are_refused_with_their_lines_in_both_languages() {
    let policy = model("haiyan-2022");
    study_refused(
        &format!(
            "[counties]\nsizes = [\"abc\"]\n[policies]\nfiles = [{:?}]\n[sweep]\nvary = [\"nope=0:1:1\"]\n",
            policy.display().to_string()
        ),
        &[
            "bad.toml:2:10 (column `counties.sizes`): bad size `abc` is not a number of teachers",
            "bad.toml:6:9 (column `sweep.vary`): `nope=0:1:1`: unknown policy key `nope`",
        ],
        &[
            "bad.toml 第 2 行第 10 列（列 `counties.sizes`）：规模有误 `abc` 不是教师数",
            "bad.toml 第 6 行第 9 列（列 `sweep.vary`）：扫描设置有误：`nope=0:1:1`：未知的政策键 `nope`",
        ],
    );
}

#[test]
fn a_study_run_without_its_folder_is_refused_in_both_languages() {
    let dir = TempDir::new().unwrap();
    let study = write(
        dir.path(),
        "s.toml",
        &format!(
            "[counties]\nsizes = [200]\n[policies]\nfiles = [{:?}]\n",
            model("haiyan-2022").display().to_string()
        ),
    );
    refused(
        &[OsStr::new("study"), study.as_os_str()],
        &["--out DIR is needed to run the study (or --list to print its jobs)"],
        &["运行研究需要 --out 文件夹（或用 --list 列出其任务）"],
    );
}

#[test]
fn merging_a_folder_that_is_no_output_is_refused_in_both_languages() {
    let dir = TempDir::new().unwrap();
    let args = [
        OsStr::new("study"),
        OsStr::new("merge"),
        dir.path().as_os_str(),
        OsStr::new("--out"),
        OsStr::new("merged"),
    ];
    refused(
        &args,
        &["is neither a study folder (study.json) nor the output of a sharded sweep or bench"],
        &["既不是研究文件夹（study.json），也不是分片扫描或基准测试的输出"],
    );
}

/// `rotation bench --family` on a manifest holding `text`, in both languages.
fn family_refused(text: &str, en: &[&str], zh: &[&str]) {
    let dir = TempDir::new().unwrap();
    let text = text.replace(
        "POLICY",
        &model("haiyan-2022")
            .display()
            .to_string()
            .replace('\\', "/"),
    );
    let manifest = write(dir.path(), "family.toml", &text);
    let out = dir.path().join("family.csv");
    let args = [
        OsStr::new("bench"),
        OsStr::new("--family"),
        manifest.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
    ];
    refused(&args, en, zh);
    assert!(!out.exists());
}

#[test]
fn a_family_manifest_that_is_not_toml_is_refused_with_line_and_column_in_both_languages() {
    family_refused(
        "[family]\npolicy = \"POLICY\"\nteachers = = 3\n",
        &["family.toml:3:12: "],
        &["family.toml 第 3 行第 12 列：TOML 格式错误（解析器原文："],
    );
}

#[test]
fn a_family_without_its_table_is_refused_in_both_languages() {
    family_refused(
        "# a manifest with nothing in it\n",
        &["family.toml: no [family] table: the manifest lists no benchmark family"],
        &["family.toml：没有 [family] 表：清单中没有基准族"],
    );
}

#[test]
fn a_family_county_named_twice_and_out_of_range_is_refused_in_both_languages() {
    family_refused(
        "[family]\npolicy = \"POLICY\"\n\n[[family.county]]\nname = \"a\"\nteachers = 300\nschools = 8\nseed = 1\n\n[[family.county]]\nname = \"a\"\nteachers = 30\nschools = 40\nseed = 2\n",
        &[
            "family.toml:11: county `a`: the name is used twice",
            "family.toml:11: county `a`: teachers must be between the number of schools (40) and 1,000,000",
        ],
        &[
            "family.toml 第 11 行：县 `a`：名称重复",
            "family.toml 第 11 行：县 `a`：teachers 应在学校数（40）与 1,000,000 之间",
        ],
    );
}

#[test]
fn a_negative_jitter_is_refused_in_both_languages() {
    let dir = TempDir::new().unwrap();
    let county = tiny();
    let out = dir.path().join("anon");
    let args = [
        OsStr::new("anonymize"),
        county.as_os_str(),
        OsStr::new("--jitter-km=-1"),
        OsStr::new("--out"),
        out.as_os_str(),
    ];
    refused(
        &args,
        &["--jitter-km -1: expected a distance ≥ 0 km"],
        &["--jitter-km -1：应为不小于 0 的公里数"],
    );
}

#[test]
fn a_generator_setting_out_of_range_is_refused_in_both_languages() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("gen");
    let args = [
        OsStr::new("generate"),
        OsStr::new("--teachers"),
        OsStr::new("100"),
        OsStr::new("--schools"),
        OsStr::new("5"),
        OsStr::new("--urban-share"),
        OsStr::new("2"),
        OsStr::new("--out"),
        out.as_os_str(),
    ];
    refused(
        &args,
        &["--urban-share must be in [0, 1]"],
        &["--urban-share 应在 0 到 1 之间"],
    );
}

#[test]
fn pins_that_cannot_hold_together_are_explained_in_chinese() {
    let dir = TempDir::new().unwrap();
    // As in tests/hr_round.rs: T14 must move, and only T02 (pinned to stay) could
    // take the Chinese post it leaves.
    let pins = write(
        dir.path(),
        "pins.csv",
        "teacher,action,school\nT02,stay,\nT14,move,\nT05,stay,\n",
    );
    let (county, policy) = (tiny(), model("haiyan-2022"));
    let out = dir.path().join("out");
    let args = [
        OsStr::new("plan"),
        county.as_os_str(),
        OsStr::new("--policy"),
        policy.as_os_str(),
        OsStr::new("--pins"),
        pins.as_os_str(),
        OsStr::new("--out"),
        out.as_os_str(),
    ];
    let z = refused_in("zh", &args);
    assert!(
        z.contains("pins.csv 第 2 行：以下 2 条锁定无法同时实现：`T02 留任`（第 2 行）、`T14 须交流`（第 3 行）；合在一起违反学科规则"),
        "{z}"
    );
    assert!(
        !z.contains("pins.csv 第 3 行"),
        "one message for the pair: {z}"
    );
    assert!(!z.contains("cannot hold") && !z.contains("T05"), "{z}");
    assert!(!out.exists());
}

#[test]
fn verify_writes_a_broken_pin_and_a_mixed_plan_folder_in_chinese() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let (county, policy) = (tiny(), model("haiyan-2022"));
    let run = rotation()
        .arg("plan")
        .arg(&county)
        .arg("--policy")
        .arg(&policy)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.code() == Some(0) || run.status.code() == Some(3));
    let moves = plan_moves(&out.join("plan.csv"));
    let (teacher, from, to) = moves.first().expect("the tiny round moves someone");
    let elsewhere = ["U1", "U2", "R1", "R2"]
        .into_iter()
        .find(|s| s != from && s != to)
        .unwrap();
    let pins = write(
        dir.path(),
        "pins.csv",
        &format!("teacher,action,school\n{teacher},move_to,{elsewhere}\n"),
    );
    // A file of the set changed after it was written: the folder mixes runs.
    std::fs::write(out.join("schools.csv"), "id\n").unwrap();
    let verify = |lang: &str| {
        rotation()
            .args(["--lang", lang, "verify"])
            .arg(&county)
            .arg("--policy")
            .arg(&policy)
            .arg("--plan")
            .arg(out.join("plan.csv"))
            .arg("--pins")
            .arg(&pins)
            .output()
            .unwrap()
    };
    let z = verify("zh");
    assert_eq!(z.status.code(), Some(1), "{}", stderr_of(&z));
    let (text, err) = (stdout_of(&z), stderr_of(&z));
    assert!(
        text.contains(&format!("锁定 `{teacher} 调往 {elsewhere}`（")),
        "{text}"
    );
    assert!(!text.contains("move_to"), "{text}");
    assert_eq!(err.matches("警告：").count(), 1, "{err}");
    assert!(
        err.contains("不是一组完整的输出文件：schools.csv 不是与本组文件一起写出的文件"),
        "{err}"
    );
    let e = verify("en");
    assert!(
        stdout_of(&e).contains(&format!("pin `{teacher} move_to {elsewhere}` (")),
        "{}",
        stdout_of(&e)
    );
    assert!(stderr_of(&e).contains("warning: "), "{}", stderr_of(&e));
    assert!(stderr_of(&e).contains("not one complete output set"));
}
