//! Chinese everywhere, from one source: `--lang zh|en` on every command, the default
//! from the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), the help, input problems with
//! their file, line and column, `validate`'s summary and the eligibility list in
//! Chinese.

mod common;
use common::*;

/// `instances/tiny` with teacher T05 (line 6 of `teachers.csv`) at an unknown school.
fn bad_county() -> tempfile::TempDir {
    let dir = tiny_copy();
    edit(dir.path(), "teachers.csv", "T05,陈强,U2", "T05,陈强,U9");
    dir
}

#[test]
fn a_bad_cell_is_reported_in_chinese_with_line_and_column() {
    let dir = bad_county();
    let out = rotation()
        .args(["--lang", "zh", "validate"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("错误：teachers.csv 第 6 行第 3 列（列 `school`）：找不到学校 `U9`"),
        "{err}"
    );
    assert!(err.contains("发现 1 个问题；未写入任何文件"), "{err}");
    assert!(!err.contains("error"), "{err}");
}

#[test]
fn the_lang_flag_goes_after_the_subcommand_too() {
    let dir = bad_county();
    let out = rotation()
        .arg("validate")
        .arg(dir.path())
        .args(["--lang", "zh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("找不到学校 `U9`"));
}

#[test]
fn a_chinese_locale_is_the_default_and_the_flag_wins() {
    let dir = bad_county();
    for (var, value) in [
        ("LANG", "zh_CN.UTF-8"),
        ("LC_ALL", "zh_CN.UTF-8"),
        ("LC_MESSAGES", "zh_TW"),
    ] {
        let out = rotation()
            .env(var, value)
            .arg("validate")
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            stderr_of(&out).contains("错误：teachers.csv 第 6 行"),
            "{var}={value}"
        );
    }
    let out = rotation()
        .env("LANG", "zh_CN.UTF-8")
        .args(["--lang", "en", "validate"])
        .arg(dir.path())
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("error: teachers.csv:6:3 (column `school`): unknown school `U9`"),
        "{err}"
    );
    // LC_ALL set to C wins over a Chinese LANG.
    let out = rotation()
        .env("LANG", "zh_CN.UTF-8")
        .env("LC_ALL", "C")
        .arg("validate")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(stderr_of(&out).contains("error: teachers.csv:6:3"));
}

#[test]
fn an_unset_or_c_locale_is_english() {
    let dir = bad_county();
    let out = rotation()
        .env_remove("LANG")
        .arg("validate")
        .arg(dir.path())
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(err.contains("error: teachers.csv:6:3"), "{err}");
    assert!(
        err.contains("1 problem found; nothing was written"),
        "{err}"
    );
}

#[test]
fn a_missing_file_is_reported_in_chinese() {
    let dir = tiny_copy();
    std::fs::remove_file(dir.path().join("teachers.csv")).unwrap();
    let out = rotation()
        .args(["validate", "--lang", "zh"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("错误：teachers.csv：找不到文件"), "{err}");
}

#[test]
fn help_is_in_chinese() {
    let out = rotation()
        .args(["--lang", "zh", "--help"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = stdout_of(&out);
    assert!(help.contains("用法："), "{help}");
    assert!(help.contains("求解本年度交流轮岗方案"), "{help}");
    assert!(!help.contains("Solve the exchange round"), "{help}");
    let out = rotation()
        .env("LANG", "zh_CN.UTF-8")
        .args(["plan", "--help"])
        .output()
        .unwrap();
    let help = stdout_of(&out);
    assert!(help.contains("同时写出 Excel 方案工作簿"), "{help}");
    assert!(help.contains("默认：0.0001"), "{help}");
    let out = rotation().args(["plan", "--help"]).output().unwrap();
    assert!(stdout_of(&out).contains("Also write the plan as an Excel workbook"));
}

#[test]
fn validate_summarises_in_chinese() {
    let out = rotation()
        .args(["--lang", "zh", "validate"])
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.contains("：数据有效"), "{text}");
    assert!(
        text.contains("学校      4 所（农村/小学 2 所，城区/小学 2 所）"),
        "{text}"
    );
    assert!(text.contains("人不符合条件：在本校任教年限不足"), "{text}");
    assert!(!text.contains("too_few_years"), "{text}");
}

#[test]
fn the_eligibility_list_for_excel_has_a_bom_and_chinese_yes_no() {
    let dir = tempfile::TempDir::new().unwrap();
    let out_file = dir.path().join("名单.csv");
    let out = rotation()
        .args(["eligibility", "--lang", "zh", "--excel-csv"])
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("已写入"), "{}", stderr_of(&out));
    let bytes = std::fs::read(&out_file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        ["教师编号", "姓名", "学校编号", "是否符合交流条件", "原因"]
    );
    let mut seen = std::collections::BTreeSet::new();
    for r in rows.records() {
        let r = r.unwrap();
        assert!(["是", "否"].contains(&&r[3]), "{r:?}");
        assert!(
            r[4].chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{r:?}"
        );
        seen.insert(r[3].to_string());
    }
    assert_eq!(seen.len(), 2, "both 是 and 否 in the tiny county");
    // Without --excel-csv and in English: no BOM, yes/no.
    let en_file = dir.path().join("list.csv");
    let out = rotation()
        .args(["eligibility"])
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(&en_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&en_file).unwrap();
    assert!(
        text.starts_with("teacher,name,school,eligible,reason"),
        "{text}"
    );
}

#[test]
fn excel_csv_needs_an_out_file() {
    let out = rotation()
        .args(["eligibility", "--excel-csv"])
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
