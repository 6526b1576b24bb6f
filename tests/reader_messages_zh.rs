//! The readers of the round's records speak the user's language: a problem in
//! `wishes.csv` or the history is named in Chinese under `--lang zh`, with its line and
//! column, and in English under `--lang en`.

mod common;
use common::*;

/// `validate`-free check through `plan`: `tiny` with `wishes.csv` holding `rows`, in
/// `lang`; the exit code must be 2 and nothing written.
fn bad_wishes(rows: &str, lang: &str) -> String {
    let dir = tempfile::TempDir::new().unwrap();
    let wishes = write(dir.path(), "wishes.csv", rows);
    let out = dir.path().join("out");
    let o = rotation()
        .args(["--lang", lang, "plan"])
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--wishes")
        .arg(&wishes)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
    stderr_of(&o)
}

#[test]
fn a_rank_given_twice_is_named_in_both_languages() {
    let rows = "teacher,rank,school\nT01,1,R1\nT01,1,R2\n";
    let en = bad_wishes(rows, "en");
    assert!(
        en.contains(
            "wishes.csv:3:2 (column `rank`): teacher T01 already has a wish of rank 1 on line 2"
        ),
        "{en}"
    );
    let zh = bad_wishes(rows, "zh");
    assert!(
        zh.contains("wishes.csv 第 3 行第 2 列（列 `rank`）：教师 T01 在第 2 行已有第 1 志愿；每个志愿序号只能用一次"),
        "{zh}"
    );
    assert_eq!(zh.lines().filter(|l| l.starts_with("错误：")).count(), 1);
}

#[test]
fn an_unknown_wish_school_is_named_in_chinese() {
    let zh = bad_wishes("teacher,rank,school\nT01,1,X1\n", "zh");
    assert!(
        zh.contains("wishes.csv 第 2 行第 3 列（列 `school`）：找不到学校 `X1`；应为学校表中的学校编号，或“留任”（stay）"),
        "{zh}"
    );
}
