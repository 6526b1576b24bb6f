//! The committed sample county is exactly what the generator makes for its seed.

mod common;
use common::*;
use tempfile::TempDir;

#[test]
fn haiyan_like_is_regenerated_byte_for_byte() {
    let dir = TempDir::new().unwrap();
    rotation()
        .args(["generate", "--like", "haiyan", "--seed", "2022", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    for file in ["schools.csv", "teachers.csv", "partnerships.csv"] {
        assert!(
            std::fs::read(dir.path().join(file)).unwrap()
                == std::fs::read(haiyan_like().join(file)).unwrap(),
            "{file} differs from instances/haiyan-like: regenerate it with \
             `rotation generate --like haiyan --seed 2022 --out instances/haiyan-like`"
        );
    }
}

#[test]
fn haiyan_like_has_the_shape_of_the_seed_paper() {
    let out = rotation()
        .arg("validate")
        .arg(haiyan_like())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--format")
        .arg("json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let inv = &v["inventory"];
    let kinds = &inv["schools_by_kind"];
    let count = |k: &str| kinds[k].as_u64().unwrap_or(0);
    assert_eq!(count("urban/primary") + count("rural/primary"), 21);
    assert_eq!(count("urban/junior") + count("rural/junior"), 13);
    assert_eq!(count("urban/special"), 1);
    assert_eq!(inv["teachers"], 4000);
    let share = inv["eligible"]["share_of_teachers"].as_f64().unwrap();
    assert!((1.0 / 3.0..=0.5).contains(&share), "eligible share {share}");
}
