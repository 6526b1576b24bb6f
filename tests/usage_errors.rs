//! A mistake on the command line (a missing argument, an unknown flag, a bad value, an
//! unknown subcommand) is told in the user's language with the usage line, exit code
//! 2: Chinese under `--lang zh` or a Chinese locale, clap's own English otherwise.

mod common;
use common::*;

/// stderr and exit code of `rotation ARGS`, with `--lang LANG` first.
fn run(lang: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = rotation()
        .args(["--lang", lang])
        .args(args)
        .output()
        .unwrap();
    assert!(out.stdout.is_empty(), "a usage error prints on stderr only");
    (out.status.code(), stderr_of(&out))
}

/// Checks one mistake in both languages: each names `zh` parts in Chinese (with no
/// English sentence of clap's left) and `en` parts in clap's English.
fn both_languages(args: &[&str], en: &[&str], zh: &[&str]) {
    let (code, err) = run("en", args);
    assert_eq!(code, Some(2), "{err}");
    for part in en {
        assert!(err.contains(part), "{part:?} missing in {err}");
    }
    let (code, err) = run("zh", args);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("错误：")).count(),
        1,
        "one message: {err}"
    );
    for part in zh {
        assert!(err.contains(part), "{part:?} missing in {err}");
    }
    for english in ["error:", "Usage:", "For more information", "tip:"] {
        assert!(!err.contains(english), "{english:?} left in {err}");
    }
}

#[test]
fn a_missing_argument_is_named_with_the_usage_line() {
    both_languages(
        &["plan"],
        &[
            "error: the following required arguments were not provided",
            "Usage: rotation plan --policy <POLICY> --out <OUT> <INSTANCE>",
        ],
        &[
            "错误：缺少必需的参数：`--policy <政策文件>`、`--out <输出>`、`<县域数据>`",
            "用法：rotation plan [选项] --policy <政策文件> --out <输出> <县域数据>",
            "更多信息请运行 `--help`。",
        ],
    );
}

#[test]
fn an_unknown_flag_is_named() {
    both_languages(
        &["validate", "x", "--bogus"],
        &["error: unexpected argument '--bogus' found", "Usage:"],
        &["错误：无法识别的参数 `--bogus`", "用法：rotation validate"],
    );
}

#[test]
fn a_value_outside_the_choices_lists_them() {
    both_languages(
        &["validate", "x", "--format", "xml"],
        &["error: invalid value 'xml' for '--format <FORMAT>'"],
        &["错误：参数 `--format <格式>` 的值 `xml` 无效；可选值：`text`、`json`"],
    );
}

#[test]
fn a_value_that_does_not_parse_says_what_was_expected() {
    both_languages(
        &[
            "plan",
            "x",
            "--policy",
            "p",
            "--out",
            "o",
            "--time-limit",
            "abc",
        ],
        &["error: invalid value 'abc' for '--time-limit <TIME_LIMIT>'"],
        &["错误：参数 `--time-limit <秒>` 的值 `abc` 无效：应为一个数"],
    );
}

#[test]
fn a_flag_without_its_value_is_named() {
    both_languages(
        &["plan", "x", "--policy", "p", "--out"],
        &["error: a value is required for '--out <OUT>'"],
        &["错误：参数 `--out <输出>` 缺少值"],
    );
}

#[test]
fn an_unknown_subcommand_names_the_similar_ones() {
    both_languages(
        &["plna"],
        &["error: unrecognized subcommand 'plna'"],
        &[
            "错误：没有子命令 `plna`；相近的有：",
            "`plan`",
            "用法：rotation",
        ],
    );
}

#[test]
fn a_chinese_locale_gives_chinese_usage_errors() {
    let out = rotation()
        .env("LANG", "zh_CN.UTF-8")
        .args(["validate", "x", "--bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("错误：无法识别的参数 `--bogus`"));
}

#[test]
fn an_existing_output_folder_without_force_is_refused_in_both_languages() {
    let dir = tempfile::TempDir::new().unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    std::fs::write(out_dir.join("plan.csv"), "earlier").unwrap();
    for (lang, expected) in [
        (
            "en",
            "exists and holds plan.csv; pass --force to replace them",
        ),
        ("zh", "已存在，其中有 plan.csv；如要替换，请加 --force"),
    ] {
        let out = rotation()
            .args(["--lang", lang, "plan"])
            .arg(tiny())
            .arg("--policy")
            .arg(model("haiyan-2022"))
            .arg("--out")
            .arg(&out_dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = stderr_of(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{err}");
        assert_eq!(
            std::fs::read_to_string(out_dir.join("plan.csv")).unwrap(),
            "earlier"
        );
    }
}

#[test]
fn a_flag_out_of_range_is_refused_in_both_languages() {
    for (lang, expected) in [
        ("en", "error: --candidates must be at least 1"),
        ("zh", "错误：--candidates 至少为 1"),
    ] {
        let (code, err) = run(
            lang,
            &[
                "plan",
                "instances/tiny",
                "--policy",
                "models/haiyan-2022.toml",
                "--out",
                "/nonexistent/never",
                "--candidates",
                "0",
            ],
        );
        assert_eq!(code, Some(2));
        assert!(err.contains(expected), "{err}");
    }
}
