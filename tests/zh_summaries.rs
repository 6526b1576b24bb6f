//! What an officer and a leader read on the terminal is in Chinese under `--lang zh`
//! and stays English under `--lang en`: `plan`'s summary (the solver's figures under
//! their own heading), `verify`'s heading, rule violations (teachers and schools by id
//! and name) and figures, the `groups` table, and the `compare` and `sweep` tables
//! (policy keys by their Chinese labels). `--format json` is the same in both.

mod common;
use common::*;
use tempfile::TempDir;

/// The ASCII words of `text` (runs of letters), after removing `skip` (paths and names
/// the output repeats as given).
fn words(text: &str, skip: &[&str]) -> Vec<String> {
    let mut text = text.to_string();
    for s in skip {
        text = text.replace(s, " ");
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Fails when `text` holds any of `english` as a word: the summary words earlier
/// versions printed in English.
fn assert_no_english(text: &str, skip: &[&str], english: &[&str]) {
    let found: Vec<String> = words(text, skip)
        .into_iter()
        .filter(|w| english.contains(&w.as_str()))
        .collect();
    assert!(found.is_empty(), "English words {found:?} in:\n{text}");
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The words of `plan`'s and `verify`'s summaries in English.
const SUMMARY_WORDS: &[&str] = &[
    "for",
    "optimal",
    "exchange",
    "backbone",
    "moves",
    "commute",
    "rotate",
    "eligible",
    "target",
    "verdict",
    "objective",
    "columns",
    "rows",
    "solved",
    "built",
    "branch",
    "bound",
    "wrote",
    "met",
    "not",
    "primary",
    "junior",
    "cv",
    "qualified",
    "teacher",
    "indicators",
    "national",
    "method",
    "before",
    "after",
    "km",
    "total",
    "mean",
    "max",
    "urban",
    "rural",
    "within",
    "across",
    "groups",
    "technical",
    "pin",
    "pinned",
    "every",
    "rule",
    "holds",
    "violation",
    "violations",
    "above",
    "standard",
];

/// Plans `instances/tiny` under the Haiyan policy in `lang` (pinning T01 to R2), into
/// a fresh folder; returns it and stdout.
fn plan_tiny(lang: &str) -> (TempDir, String) {
    let dir = TempDir::new().unwrap();
    let pins = write(
        dir.path(),
        "pins.csv",
        "teacher,action,school\nT01,move_to,R2\n",
    );
    let out = rotation()
        .args(["--lang", lang, "plan"])
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--pins")
        .arg(&pins)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    (dir, stdout_of(&out))
}

#[test]
fn the_plan_summary_is_chinese_with_the_solver_figures_under_their_own_heading() {
    let (dir, text) = plan_tiny("zh");
    let folder = dir.path().join("out").display().to_string();
    // The file names are the user's, as written; the policy is named by its name_zh.
    let skip = [
        folder.as_str(),
        "plan.csv",
        "schools.csv",
        "summary.json",
        "stayed.csv",
        "notices.html",
        "manifest.json",
    ];
    assert_no_english(&text, &skip, SUMMARY_WORDS);
    assert!(
        text.starts_with("交流方案「海盐县 2022 年做法」：最优解"),
        "{text}"
    );
    assert!(
        text.contains("  交流      6 名符合条件教师中交流 4 人"),
        "{text}"
    );
    assert!(
        text.contains("锁定      教育局指定（T01 调往 R2）"),
        "{text}"
    );
    assert!(text.contains("高于规定学历 小学 无法计算"), "{text}");
    // The technical part comes after everything the officer reads, under its heading.
    let technical = text.find("  技术信息").expect("a technical heading");
    let objective = text.find("目标函数值").expect("the objective");
    assert!(technical < objective, "{text}");
    assert!(text.find("  结论").unwrap() < technical, "{text}");
    assert!(text.contains("已写入"), "{text}");
}

#[test]
fn the_plan_summary_stays_english_under_lang_en() {
    let (_dir, text) = plan_tiny("en");
    assert!(
        text.starts_with("plan for \"Haiyan 2022\": optimal"),
        "{text}"
    );
    assert!(
        text.contains("  exchange  4 of 6 eligible rotate"),
        "{text}"
    );
    assert!(
        text.contains("  pin       pinned `T01 move_to R2` by the bureau"),
        "{text}"
    );
    assert!(
        text.contains("  technical (how the solver found the plan)\n    objective "),
        "{text}"
    );
    // The only Chinese is the teachers' names in the county's own data: none here.
    assert!(!has_cjk(&text), "{text}");
}

/// Verifies `plan` (CSV text) on `instances/tiny` in `lang` and `format`.
fn verify_tiny(lang: &str, plan: &str, format: &str) -> (i32, String) {
    let dir = TempDir::new().unwrap();
    let plan = write(dir.path(), "plan.csv", plan);
    let out = rotation()
        .args(["--lang", lang, "verify"])
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(&plan)
        .args(["--format", format])
        .output()
        .unwrap();
    let text = stdout_of(&out).replace(&plan.display().to_string(), "PLAN");
    (out.status.code().unwrap(), text)
}

const OPTIMUM: &str = "teacher,from_school,to_school\nT01,U1,R2\nT13,R2,U1\nT05,U2,R1\nT09,R1,U2\n";

/// T03 has taught 2 years at U1 (not eligible) and U1 loses two teachers for one.
const BROKEN: &str =
    "teacher,from_school,to_school\nT01,U1,R2\nT03,U1,R2\nT13,R2,U1\nT05,U2,R1\nT09,R1,U2\n";

#[test]
fn verify_speaks_chinese_and_names_teachers_and_schools() {
    let (code, text) = verify_tiny("zh", OPTIMUM, "text");
    assert_eq!(code, 0, "{text}");
    assert!(text.starts_with("PLAN：全部规则均满足"), "{text}");
    assert_no_english(&text, &["PLAN"], SUMMARY_WORDS);

    let (code, text) = verify_tiny("zh", BROKEN, "text");
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("处违反规则"), "{text}");
    assert!(
        text.contains("[交流资格] 教师 T03（张磊） 不符合交流条件（在本校任教仅2年（需满6年））"),
        "{text}"
    );
    assert!(text.contains("[编制人数] 学校 U1（"), "{text}");
    assert_no_english(&text, &["PLAN"], SUMMARY_WORDS);
}

#[test]
fn verify_stays_english_and_its_json_is_the_same_in_both_languages() {
    let (_, text) = verify_tiny("en", BROKEN, "text");
    assert!(text.contains("PLAN: "), "{text}");
    assert!(
        text.contains("[eligibility] teacher T03 is not eligible (only 2 years at the current school (needs 6))"),
        "{text}"
    );
    assert!(!has_cjk(&text), "{text}");
    let (_, en) = verify_tiny("en", BROKEN, "json");
    let (_, zh) = verify_tiny("zh", BROKEN, "json");
    assert_eq!(en, zh);
}

#[test]
fn the_groups_table_has_chinese_headings() {
    let run = |lang: &str| {
        let out = rotation()
            .args(["--lang", lang, "groups"])
            .arg(tiny())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        stdout_of(&out)
    };
    let zh = run("zh");
    assert!(zh.starts_with("共同体  城区学校  农村学校"), "{zh}");
    assert_no_english(
        &zh,
        &[],
        &["group", "urban", "rural", "teachers", "students", "schools"],
    );
    let en = run("en");
    assert!(
        en.starts_with("group  urban  rural  teachers  students  schools"),
        "{en}"
    );
}

/// Runs a lab command (`compare`, `sweep`) on `instances/tiny` in `lang`.
fn lab(lang: &str, args: &[&str]) -> String {
    let out = rotation()
        .args(["--lang", lang])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    stdout_of(&out)
}

fn policy(name: &str) -> String {
    model(name).display().to_string()
}

#[test]
fn the_compare_table_reads_in_chinese_and_in_english() {
    let tiny = tiny().display().to_string();
    let (a, b) = (policy("haiyan-2022"), policy("national-minimum"));
    let args = ["compare", &tiny, "--policy", &a, "--policy", &b];
    let zh = lab("zh", &args);
    assert!(zh.starts_with("指标"), "{zh}");
    assert!(zh.contains("交流比例"), "{zh}");
    assert!(zh.contains("求解状态"), "{zh}");
    assert_no_english(
        &zh,
        &["Haiyan 2022", "national minimum"],
        &[
            "figure",
            "solver",
            "status",
            "optimal",
            "targets",
            "met",
            "short",
            "exchange",
            "rate",
            "backbone",
            "commute",
            "cv",
            "objective",
            "n",
            "a",
        ],
    );
    let en = lab("en", &args);
    assert!(en.starts_with("figure"), "{en}");
    assert!(en.contains("Exchange rate"), "{en}");
    assert!(!has_cjk(&en), "{en}");
}

#[test]
fn the_sweep_table_names_policy_keys_in_chinese() {
    let tiny = tiny().display().to_string();
    let base = policy("haiyan-2022");
    let args = [
        "sweep",
        &tiny,
        "--policy",
        &base,
        "--vary",
        "targets.exchange_rate=0.2:0.4:0.2",
    ];
    let zh = lab("zh", &args);
    assert!(zh.starts_with("政策·交流比例"), "{zh}");
    assert_no_english(
        &zh,
        &[],
        &[
            "targets", "moved", "exchange", "rate", "backbone", "share", "total", "commute", "km",
            "max", "cross", "group", "moves", "cv", "primary", "junior", "after", "solve",
            "seconds", "met", "short", "failed", "n", "a",
        ],
    );
    let en = lab("en", &args);
    assert!(
        en.starts_with("targets.exchange_rate  targets  moved"),
        "{en}"
    );
    assert!(!has_cjk(&en), "{en}");
}

#[test]
fn json_outputs_keep_their_keys_in_chinese() {
    let tiny = tiny().display().to_string();
    let base = policy("haiyan-2022");
    let args = [
        "sweep",
        &tiny,
        "--policy",
        &base,
        "--vary",
        "targets.exchange_rate=0.2:0.2:0.1",
        "--format",
        "json",
    ];
    let keys = |text: String| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut keys: Vec<String> = v["points"][0]["figures"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        keys.extend(v.as_object().unwrap().keys().cloned());
        keys
    };
    assert_eq!(keys(lab("zh", &args)), keys(lab("en", &args)));
}

/// The `reason` column of `plan.csv` and `stayed.csv` follows `--lang`; the column
/// names and `stayed.csv`'s `reason_key` (what scripts read) are the same in both.
#[test]
fn the_reasons_in_the_plan_files_follow_the_language() {
    let column = |file: &std::path::Path, name: &str| -> Vec<String> {
        let mut rd = csv::Reader::from_path(file).unwrap();
        let i = rd
            .headers()
            .unwrap()
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name);
        let i = i.unwrap_or_else(|| panic!("{} has no column {name}", file.display()));
        rd.records().map(|r| r.unwrap()[i].to_string()).collect()
    };
    let (zh, _) = plan_tiny("zh");
    let (en, _) = plan_tiny("en");
    for file in ["plan.csv", "stayed.csv"] {
        let zh_reasons = column(&zh.path().join("out").join(file), "reason");
        let en_reasons = column(&en.path().join("out").join(file), "reason");
        assert!(!zh_reasons.is_empty(), "{file} has rows");
        assert!(
            zh_reasons.iter().all(|r| has_cjk(r)),
            "{file}: {zh_reasons:?}"
        );
        assert!(
            en_reasons.iter().all(|r| !has_cjk(r)),
            "{file}: {en_reasons:?}"
        );
    }
    let keys = |d: &TempDir| column(&d.path().join("out").join("stayed.csv"), "reason_key");
    assert_eq!(keys(&zh), keys(&en));
}
