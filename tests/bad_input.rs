//! Every kind of bad input gives a message naming file, line and what was expected,
//! exit code 2, and writes nothing.

mod common;
use common::*;

/// Runs `validate` and returns stderr, asserting exit code 2.
fn invalid(dir: &std::path::Path) -> String {
    let out = rotation().arg("validate").arg(dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "stdout: {}", stdout_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("nothing was written"), "{err}");
    err
}

#[test]
fn missing_teachers_file_is_named() {
    let dir = tiny_copy();
    std::fs::remove_file(dir.path().join("teachers.csv")).unwrap();
    let err = invalid(dir.path());
    assert!(err.contains("teachers.csv: file not found"), "{err}");
}

#[test]
fn missing_instance_folder_is_an_input_error() {
    let out = rotation()
        .args(["validate", "/no/such/county"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("not a folder"));
}

#[test]
fn missing_column_is_named() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "schools.csv",
        "id,name,zone,level,students",
        "id,name,zone,level",
    );
    let err = invalid(dir.path());
    assert!(
        err.contains("schools.csv:1: missing column `students`"),
        "{err}"
    );
}

#[test]
fn empty_file_is_reported() {
    let dir = tiny_copy();
    write(dir.path(), "teachers.csv", "");
    let err = invalid(dir.path());
    assert!(err.contains("teachers.csv:1: file is empty"), "{err}");
}

#[test]
fn header_only_teachers_file_is_reported() {
    let dir = tiny_copy();
    let header = std::fs::read_to_string(dir.path().join("teachers.csv")).unwrap();
    write(dir.path(), "teachers.csv", header.lines().next().unwrap());
    let err = invalid(dir.path());
    assert!(err.contains("no teachers"), "{err}");
}

#[test]
fn duplicate_school_id_points_at_both_lines() {
    let dir = tiny_copy();
    edit(dir.path(), "schools.csv", "U2,城西小学", "U1,城西小学");
    let err = invalid(dir.path());
    assert!(
        err.contains("schools.csv:3:1 (column `id`): duplicate school id `U1` (first on line 2)"),
        "{err}"
    );
}

#[test]
fn duplicate_teacher_id_is_reported() {
    let dir = tiny_copy();
    edit(dir.path(), "teachers.csv", "T02,李静", "T01,李静");
    let err = invalid(dir.path());
    assert!(
        err.contains("teachers.csv:3:1 (column `id`): duplicate teacher id `T01`"),
        "{err}"
    );
}

#[test]
fn teacher_at_unknown_school() {
    let dir = tiny_copy();
    edit(dir.path(), "teachers.csv", "T05,陈强,U2", "T05,陈强,U9");
    let err = invalid(dir.path());
    assert!(
        err.contains("teachers.csv:6:3 (column `school`): unknown school `U9`"),
        "{err}"
    );
}

#[test]
fn partnership_with_unknown_school() {
    let dir = tiny_copy();
    edit(dir.path(), "partnerships.csv", "U1,R2", "U1,R7");
    let err = invalid(dir.path());
    assert!(
        err.contains("partnerships.csv:4:2 (column `school_b`): unknown school `R7`"),
        "{err}"
    );
}

#[test]
fn partnership_with_itself() {
    let dir = tiny_copy();
    edit(dir.path(), "partnerships.csv", "U1,R2", "R2,R2");
    let err = invalid(dir.path());
    assert!(err.contains("partnerships.csv:4:2"), "{err}");
    assert!(err.contains("its own partner"), "{err}");
}

#[test]
fn non_number_is_reported_with_expectation() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "schools.csv",
        "urban,primary,600",
        "urban,primary,six hundred",
    );
    let err = invalid(dir.path());
    assert!(
        err.contains("schools.csv:2:5 (column `students`): `six hundred` is not valid; expected a whole number"),
        "{err}"
    );
}

#[test]
fn negative_count_is_rejected() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "teachers.csv",
        "F,1980,8,county",
        "F,1980,-8,county",
    );
    let err = invalid(dir.path());
    assert!(
        err.contains("(column `years_at_school`): `-8` is not valid"),
        "{err}"
    );
}

#[test]
fn negative_students_are_rejected() {
    let dir = tiny_copy();
    edit(dir.path(), "schools.csv", "primary,500", "primary,-500");
    let err = invalid(dir.path());
    assert!(err.contains("schools.csv:3:5"), "{err}");
}

#[test]
fn impossible_coordinates_are_rejected() {
    let dir = tiny_copy();
    edit(dir.path(), "schools.csv", "150,0,12", "150,0,99999");
    let err = invalid(dir.path());
    assert!(err.contains("schools.csv:5:7 (column `y_km`)"), "{err}");
    assert!(
        err.contains("expected a number between -2000 and 2000"),
        "{err}"
    );
}

#[test]
fn latitude_out_of_range_is_rejected() {
    let dir = tiny_copy();
    let text = "id,name,zone,level,students,lat,lon\nU1,a,urban,primary,10,95.0,120.9\nR1,b,rural,primary,10,30.5,120.9\n";
    write(dir.path(), "schools.csv", text);
    edit(
        dir.path(),
        "teachers.csv",
        "home_x_km,home_y_km",
        "home_lat,home_lon",
    );
    let err = invalid(dir.path());
    assert!(err.contains("schools.csv:2:6 (column `lat`)"), "{err}");
}

#[test]
fn zone_outside_its_set() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "schools.csv",
        "R1,秦山小学,rural",
        "R1,秦山小学,suburban",
    );
    let err = invalid(dir.path());
    assert!(
        err.contains(
            "schools.csv:4:3 (column `zone`): `suburban` is not valid; expected `urban` or `rural`"
        ),
        "{err}"
    );
}

#[test]
fn level_outside_its_set() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "schools.csv",
        "rural,primary,200",
        "rural,high,200",
    );
    let err = invalid(dir.path());
    assert!(
        err.contains("(column `level`): `high` is not valid"),
        "{err}"
    );
}

#[test]
fn backbone_outside_its_set() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "teachers.csv",
        "12,city,senior",
        "12,national,senior",
    );
    let err = invalid(dir.path());
    assert!(
        err.contains("teachers.csv:14:8 (column `backbone`): `national` is not valid; expected `none`, `county`, `city` or `province`"),
        "{err}"
    );
}

#[test]
fn degree_outside_its_set() {
    let dir = fixture_copy("degrees");
    edit(dir.path(), "teachers.csv", "senior,bachelor", "senior,phd");
    let err = invalid(dir.path());
    assert!(
        err.contains("teachers.csv:2:10 (column `degree`): `phd` is not valid; expected `secondary`, `associate`, `bachelor`, `master` or `doctor` (中专/大专/本科/研究生/博士), or empty when unknown"),
        "{err}"
    );
}

#[test]
fn policy_degree_outside_its_set_names_the_line() {
    let dir = tiny_copy();
    let policy = write(
        dir.path(),
        "p.toml",
        "[indicators]\nqualified_from_primary = \"phd\"\n",
    );
    let out = rotation()
        .arg("validate")
        .arg(dir.path())
        .arg("--policy")
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("p.toml:2"), "{err}");
    assert!(
        err.contains("unknown value `phd` for `indicators.qualified_from_primary`; expected `secondary`, `associate`, `bachelor`, `master` or `doctor`"),
        "{err}"
    );
}

#[test]
fn gbk_file_is_read_and_its_encoding_named() {
    let dir = tiny_copy();
    let text = std::fs::read_to_string(dir.path().join("schools.csv")).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(dir.path().join("schools.csv"), &gbk).unwrap();
    let out = rotation().arg("validate").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("warning: schools.csv: read as GB18030 (GBK) text"),
        "{err}"
    );
}

#[test]
fn file_in_neither_utf8_nor_gbk_gets_a_conversion_hint() {
    let dir = tiny_copy();
    // 0xFF is neither UTF-8 nor a GB18030 lead byte.
    let mut bytes = std::fs::read(dir.path().join("schools.csv")).unwrap();
    bytes.extend_from_slice(b"X1,\xFF\xFF,urban,primary,1,0,0\n");
    std::fs::write(dir.path().join("schools.csv"), &bytes).unwrap();
    let err = invalid(dir.path());
    assert!(
        err.contains("schools.csv:6: the file is neither UTF-8 nor GB18030/GBK text"),
        "{err}"
    );
}

#[test]
fn utf8_bom_is_accepted() {
    let dir = tiny_copy();
    let text = std::fs::read_to_string(dir.path().join("schools.csv")).unwrap();
    write(dir.path(), "schools.csv", &format!("\u{feff}{text}"));
    rotation()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .success();
}

#[test]
fn extra_columns_are_ignored_with_a_warning() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "partnerships.csv",
        "school_a,school_b,kind",
        "school_a,school_b,kind,note",
    );
    edit(
        dir.path(),
        "partnerships.csv",
        "U1,U2,1+X",
        "U1,U2,1+X,lead",
    );
    edit(dir.path(), "partnerships.csv", "U1,R1,1+X", "U1,R1,1+X,");
    edit(dir.path(), "partnerships.csv", "U1,R2,1+X", "U1,R2,1+X,");
    let out = rotation().arg("validate").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr_of(&out)
        .contains("warning: partnerships.csv:1:4 (column `note`): unknown column, ignored"));
}

#[test]
fn row_with_a_missing_field_is_not_dropped_silently() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "schools.csv",
        "R2,沈荡小学,rural,primary,150,0,12",
        "R2,沈荡小学,rural,primary,150,0",
    );
    let err = invalid(dir.path());
    assert!(
        err.contains("schools.csv:5: row has 6 fields but the header has 7"),
        "{err}"
    );
}

#[test]
fn all_problems_are_reported_at_once() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "schools.csv",
        "R1,秦山小学,rural",
        "R1,秦山小学,suburban",
    );
    edit(dir.path(), "teachers.csv", "T05,陈强,U2", "T05,陈强,U9");
    edit(dir.path(), "partnerships.csv", "U1,R2", "U1,R7");
    let err = invalid(dir.path());
    assert!(err.contains("schools.csv:4"), "{err}");
    assert!(err.contains("teachers.csv:6"), "{err}");
    assert!(err.contains("partnerships.csv:4"), "{err}");
}

#[test]
fn policy_rate_outside_unit_interval() {
    let dir = tiny_copy();
    let policy = write(dir.path(), "p.toml", "[targets]\nexchange_rate = 1.35\n");
    let out = rotation()
        .arg("validate")
        .arg(dir.path())
        .arg("--policy")
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out)
        .contains("`targets.exchange_rate` = 1.35 is out of range; expected a share in [0, 1]"));
}

#[test]
fn unknown_policy_key_is_named() {
    let dir = tiny_copy();
    let policy = write(dir.path(), "p.toml", "[rules]\nmax_commute = 30\n");
    let out = rotation()
        .arg("validate")
        .arg(dir.path())
        .arg("--policy")
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("p.toml:2"), "{err}");
    assert!(err.contains("unknown key `rules.max_commute`"), "{err}");
}

#[test]
fn invalid_input_writes_no_eligibility_list() {
    let dir = tiny_copy();
    edit(dir.path(), "teachers.csv", "T05,陈强,U2", "T05,陈强,U9");
    let out_file = dir.path().join("eligibility.csv");
    let out = rotation()
        .arg("eligibility")
        .arg(dir.path())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!out_file.exists());
}

#[test]
fn invalid_input_writes_no_plan() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "schools.csv",
        "R1,秦山小学,rural",
        "R1,秦山小学,suburban",
    );
    let out_dir = dir.path().join("plan");
    let out = rotation()
        .arg("plan")
        .arg(dir.path())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!out_dir.exists());
}

#[test]
fn solver_settings_out_of_range_name_the_flag() {
    for (flag, value, expected) in [
        ("--gap", "2", "--gap 2: expected a relative gap in [0, 1)"),
        ("--threads", "0", "--threads 0: expected at least 1"),
        (
            "--time-limit",
            "0",
            "--time-limit 0: expected a number of seconds > 0",
        ),
    ] {
        let dir = tempfile::TempDir::new().unwrap();
        let out = rotation()
            .arg("plan")
            .arg(tiny())
            .arg("--policy")
            .arg(model("haiyan-2022"))
            .arg("--out")
            .arg(dir.path().join("out"))
            .args([flag, value])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr_of(&out).contains(expected), "{}", stderr_of(&out));
        assert!(!dir.path().join("out").exists(), "nothing written");
    }
}
