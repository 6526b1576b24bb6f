//! Data that parse but cannot be true are named: a teacher younger than 18 or older
//! than 70 in the planning year, more years at the school than a working life, a
//! policy `year` decades away from the data, a weight too large for the solver to
//! keep the other costs, a UTF-16 file taken for another encoding.

mod common;
use common::*;

/// Runs `validate --policy haiyan-2022` (year 2022) on `dir`; returns stderr,
/// asserting exit code 2 and nothing written.
fn invalid_with_policy(dir: &std::path::Path, policy: &std::path::Path) -> String {
    let out = rotation()
        .arg("validate")
        .arg(dir)
        .arg("--policy")
        .arg(policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "stdout: {}", stdout_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("nothing was written"), "{err}");
    err
}

#[test]
fn teacher_younger_than_18_is_named() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "teachers.csv",
        "T03,张磊,U1,math,M,1990",
        "T03,张磊,U1,math,M,2008",
    );
    let err = invalid_with_policy(dir.path(), &model("haiyan-2022"));
    assert!(
        err.contains("teachers.csv:4:6 (column `birth_year`): `2008`: teacher T03 would be 14 in the planning year 2022"),
        "{err}"
    );
}

#[test]
fn teacher_older_than_70_is_named() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "teachers.csv",
        "T04,刘霞,U1,chinese,F,1965",
        "T04,刘霞,U1,chinese,F,1945",
    );
    let err = invalid_with_policy(dir.path(), &model("haiyan-2022"));
    assert!(
        err.contains("teachers.csv:5:6 (column `birth_year`): `1945`: teacher T04 would be 77"),
        "{err}"
    );
}

#[test]
fn years_at_school_beyond_a_working_life_are_named() {
    let dir = tiny_copy();
    // Born 1990: 32 in 2022, at most 16 years of work.
    edit(
        dir.path(),
        "teachers.csv",
        "M,1990,2,none",
        "M,1990,20,none",
    );
    let err = invalid_with_policy(dir.path(), &model("haiyan-2022"));
    assert!(
        err.contains("teachers.csv:4:7 (column `years_at_school`): `20` years at the school is longer than teacher T03's working life"),
        "{err}"
    );
}

#[test]
fn policy_year_decades_away_is_one_error_on_the_key() {
    let dir = tiny_copy();
    let policy = write(dir.path(), "p.toml", "year = 2070\n");
    let err = invalid_with_policy(dir.path(), &policy);
    assert!(
        err.contains("p.toml: `year` = 2070 is decades away from the data"),
        "{err}"
    );
    assert!(!err.contains("teachers.csv"), "{err}");
}

#[test]
fn policy_year_far_away_stops_plan_too() {
    let dir = tiny_copy();
    let policy = write(dir.path(), "p.toml", "year = 1990\n");
    let out = rotation()
        .arg("plan")
        .arg(dir.path())
        .arg("--policy")
        .arg(&policy)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("`year` = 1990 is decades away"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn every_weight_has_an_upper_bound() {
    for key in [
        "km",
        "cross_group",
        "homeroom",
        "graduating",
        "minute",
        "stability",
        "balance",
    ] {
        let dir = tiny_copy();
        let policy = write(dir.path(), "p.toml", &format!("[weights]\n{key} = 1e15\n"));
        let err = invalid_with_policy(dir.path(), &policy);
        assert!(
            err.contains(&format!(
                "`weights.{key}` = 1000000000000000 is out of range; expected a weight in [0, 1e6]"
            )),
            "{err}"
        );
    }
    // The bound itself is allowed.
    let dir = tiny_copy();
    let policy = write(dir.path(), "p.toml", "[weights]\nkm = 1e6\n");
    rotation()
        .arg("validate")
        .arg(dir.path())
        .arg("--policy")
        .arg(&policy)
        .assert()
        .success();
}

#[test]
fn utf16_file_is_named_utf16() {
    let dir = tiny_copy();
    let text = std::fs::read_to_string(dir.path().join("schools.csv")).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(dir.path().join("schools.csv"), &bytes).unwrap();
    let out = rotation().arg("validate").arg(dir.path()).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: schools.csv: read as UTF-16 text"),
        "{err}"
    );
    assert!(!err.contains("GB18030"), "{err}");
}

#[test]
fn utf16_without_a_byte_order_mark_is_named_utf16() {
    let dir = tiny_copy();
    let text = std::fs::read_to_string(dir.path().join("schools.csv")).unwrap();
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.path().join("schools.csv"), &bytes).unwrap();
    let out = rotation().arg("validate").arg(dir.path()).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("schools.csv:1: the file holds a NUL byte"),
        "{err}"
    );
    assert!(err.contains("UTF-16"), "{err}");
    assert!(!err.contains("GB18030"), "{err}");
}

#[test]
fn tab_separated_unicode_text_gets_a_conversion_hint() {
    let dir = tiny_copy();
    let text = std::fs::read_to_string(dir.path().join("schools.csv")).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for u in text.replace(',', "\t").encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(dir.path().join("schools.csv"), &bytes).unwrap();
    let out = rotation().arg("validate").arg(dir.path()).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("tab-separated UTF-16 text (Excel's \"Unicode text\"), not CSV; save it from Excel or WPS as \"CSV UTF-8\""),
        "{err}"
    );
}
