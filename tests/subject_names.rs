//! A common subject typed by its Chinese name in some rows and by its code in others
//! (a workbook filled from the template's drop-down, then rows added from another
//! file) is one subject: the county plans as if every row used the code.

mod common;
use common::*;

#[test]
fn a_subject_typed_in_chinese_and_as_its_code_is_one_subject() {
    let dir = tempfile::TempDir::new().unwrap();
    let teachers = std::fs::read_to_string(tiny().join("teachers.csv")).unwrap();
    // The rural schools' rows in Chinese, the urban schools' as codes.
    let mixed: String = teachers
        .lines()
        .map(|l| {
            if l.contains(",R1,") || l.contains(",R2,") {
                l.replace(",math,", ",数学,").replace(",chinese,", ",语文,")
            } else {
                l.replace(",math,", ",Math,")
            }
        })
        .map(|l| l + "\n")
        .collect();
    assert!(mixed.contains(",数学,") && mixed.contains(",Math,") && mixed.contains(",chinese,"));
    let plan = |name: &str, text: &str| {
        let county = dir.path().join(name);
        std::fs::create_dir_all(&county).unwrap();
        for f in ["schools.csv", "partnerships.csv"] {
            std::fs::copy(tiny().join(f), county.join(f)).unwrap();
        }
        write(&county, "teachers.csv", text);
        let out = dir.path().join(format!("out-{name}"));
        let o = rotation()
            .arg("plan")
            .arg(&county)
            .arg("--policy")
            .arg(model("haiyan-2022"))
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        (
            o,
            std::fs::read_to_string(out.join("plan.csv")).unwrap_or_default(),
        )
    };
    let (o_codes, codes) = plan("codes", &teachers);
    let (o_mixed, mixed_plan) = plan("mixed", &mixed);
    assert_eq!(
        o_codes.status.code(),
        o_mixed.status.code(),
        "{}",
        stderr_of(&o_mixed)
    );
    assert!(
        codes.lines().count() > 1,
        "the tiny county moves someone: {codes}"
    );
    assert_eq!(codes, mixed_plan);
    assert!(
        !mixed_plan.contains("数学") && !mixed_plan.contains("Math"),
        "{mixed_plan}"
    );
}
