//! `verify` reads a plan's `teacher` and `to_school`; the descriptive columns beside
//! them (name, backbone, school names, commute) are compared with the county, and a
//! mismatch is a warning naming the line and column: a plan made for other data.

mod common;
use common::*;

#[test]
fn descriptive_columns_that_disagree_with_the_county_are_warned_about() {
    let dir = tiny_copy();
    let out_dir = dir.path().join("out");
    rotation()
        .arg("plan")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(&out_dir)
        .assert()
        .success();
    let plan = std::fs::read_to_string(out_dir.join("plan.csv")).unwrap();
    // T01 (line 2): a wrong name, backbone level and commute.
    let edited = plan.replacen(
        "T01,王芳,math,county,U1,R2,urban,rural,12.00",
        "T01,王五,math,none,U1,R2,urban,rural,3.50",
        1,
    );
    assert_ne!(edited, plan, "{plan}");
    let path = write(dir.path(), "edited.csv", &edited);
    let out = rotation()
        .arg("verify")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(&path)
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for expected in [
        "edited.csv:2:2 (column `name`): `王五` does not match the county: teacher T01 has `王芳`",
        "edited.csv:2:4 (column `backbone`): `none` does not match the county: teacher T01 has `county`",
        "edited.csv:2:9 (column `commute_km`): `3.50` does not match the county: the commute of teacher T01 to R2 is 12.00 km",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

#[test]
fn a_plan_as_written_has_no_such_warning() {
    let dir = tiny_copy();
    let out_dir = dir.path().join("out");
    rotation()
        .arg("plan")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(&out_dir)
        .arg("--xlsx")
        .arg(dir.path().join("plan.xlsx"))
        .assert()
        .success();
    for plan in [out_dir.join("plan.csv"), dir.path().join("plan.xlsx")] {
        let out = rotation()
            .arg("verify")
            .arg(tiny())
            .arg("--policy")
            .arg(model("haiyan-2022"))
            .arg("--plan")
            .arg(&plan)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(
            !stderr_of(&out).contains("does not match"),
            "{}",
            stderr_of(&out)
        );
    }
}
