//! A bad policy file is named in the user's language: the file, the line and column,
//! the key, what was found and what was expected, one message per cause, exit code 2,
//! and nothing written.

mod common;
use common::*;

/// `plan` on `instances/tiny` with a policy file holding `text`, in `lang`: the exit
/// code and stderr; the output folder must not have been made.
fn plan_with_policy(text: &str, lang: &str) -> (Option<i32>, String) {
    let dir = tempfile::TempDir::new().unwrap();
    let policy = write(dir.path(), "bad.toml", text);
    let out_dir = dir.path().join("out");
    let out = rotation()
        .args(["--lang", lang, "plan"])
        .arg(tiny())
        .arg("--policy")
        .arg(&policy)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(!out_dir.exists(), "an output was written for a bad policy");
    (out.status.code(), stderr_of(&out))
}

/// Runs `text` in both languages and checks each stderr holds its one error line,
/// which contains every expected part, and the closing line.
fn one_message_each(text: &str, en: &[&str], zh: &[&str]) {
    for (lang, parts, prefix, closing) in [
        ("en", en, "error: ", "1 problem found; nothing was written"),
        ("zh", zh, "错误：", "发现 1 个问题；未写入任何文件"),
    ] {
        let (code, err) = plan_with_policy(text, lang);
        assert_eq!(code, Some(2), "{err}");
        let errors: Vec<&str> = err.lines().filter(|l| l.starts_with(prefix)).collect();
        assert_eq!(errors.len(), 1, "one message per cause: {err}");
        for part in parts {
            assert!(errors[0].contains(part), "{part:?} missing in {err}");
        }
        assert!(err.contains(closing), "{err}");
        if lang == "zh" {
            // The TOML parser's own words are kept in brackets after the Chinese.
            let ours = err.split("（解析器原文：").next().unwrap();
            assert!(!ours.contains("error"), "English left in: {err}");
            assert!(!ours.contains("expected"), "English left in: {err}");
        }
    }
}

#[test]
fn a_toml_syntax_error_names_line_and_column_in_both_languages() {
    one_message_each(
        "[targets\nexchange_rate = 0.3\n",
        &["bad.toml:1:9: not valid TOML: unclosed table"],
        &["bad.toml 第 1 行第 9 列：不是有效的 TOML 格式：表名缺少右方括号"],
    );
}

#[test]
fn an_unknown_key_is_named_with_its_table_and_the_known_keys() {
    one_message_each(
        "[targets]\nexchange_rat = 0.3\n",
        &[
            "bad.toml:2:1: unknown key `targets.exchange_rat`",
            "expected one of `exchange_rate`, `backbone_share` or `backbone_base`",
        ],
        &[
            "bad.toml 第 2 行第 1 列：未知的键 `targets.exchange_rat`",
            "应为以下之一：`exchange_rate`、`backbone_share` 或 `backbone_base`",
        ],
    );
}

#[test]
fn a_value_of_the_wrong_type_names_what_was_found_and_expected() {
    one_message_each(
        "[targets]\nexchange_rate = \"abc\"\n",
        &["bad.toml:2:17: `targets.exchange_rate` is the text \"abc\"; expected a number"],
        &["bad.toml 第 2 行第 17 列：`targets.exchange_rate` 的值是文本 \"abc\"；应为一个数"],
    );
    one_message_each(
        "[eligibility]\nmin_years_at_school = -1\n",
        &["bad.toml:2:23: `eligibility.min_years_at_school` is the whole number -1; expected a whole number ≥ 0"],
        &["bad.toml 第 2 行第 23 列：`eligibility.min_years_at_school` 的值是整数 -1；应为不小于 0 的整数"],
    );
}

#[test]
fn a_value_out_of_range_names_its_key_line_and_range() {
    one_message_each(
        "name = \"x\"\n\n[targets]\nexchange_rate = 1.5\n",
        &["bad.toml:4:1: `targets.exchange_rate` = 1.5 is out of range; expected a share in [0, 1]"],
        &["bad.toml 第 4 行第 1 列：`targets.exchange_rate` = 1.5 超出范围；应为0 到 1 之间的比例"],
    );
    one_message_each(
        "[teams.loads]\nmath = 0\n",
        &["bad.toml:2:1: `teams.loads.math` = 0 is out of range; expected 1 to 20 classes"],
        &["bad.toml 第 2 行第 1 列：`teams.loads.math` = 0 超出范围；应为1 到 20 个班"],
    );
}

#[test]
fn a_value_not_among_the_choices_lists_them() {
    one_message_each(
        "[rules]\ndirection = \"sideways\"\n",
        &["bad.toml:2:13: unknown value `sideways` for `rules.direction`; expected `cross_zone` or `any`"],
        &["bad.toml 第 2 行第 13 列：`rules.direction` 的值 `sideways` 无法识别；应为 `cross_zone` 或 `any`"],
    );
}

#[test]
fn a_retired_key_is_named_with_its_line() {
    one_message_each(
        "[weights]\nshortfall_penalty = 5\n",
        &["bad.toml:2:1: `weights.shortfall_penalty` is retired"],
        &["bad.toml 第 2 行第 1 列：`weights.shortfall_penalty` 已停用"],
    );
}

#[test]
fn two_values_out_of_range_are_two_messages() {
    for lang in ["en", "zh"] {
        let (code, err) = plan_with_policy(
            "[targets]\nexchange_rate = 1.5\nbackbone_share = -0.1\n",
            lang,
        );
        assert_eq!(code, Some(2));
        assert!(
            err.contains(":2:1") || err.contains("第 2 行第 1 列"),
            "{err}"
        );
        assert!(
            err.contains(":3:1") || err.contains("第 3 行第 1 列"),
            "{err}"
        );
        assert!(
            err.contains("2 problems found") || err.contains("发现 2 个问题"),
            "{err}"
        );
    }
}
