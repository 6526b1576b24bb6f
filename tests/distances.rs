//! A county given by a distance table (`distances.csv`) instead of coordinates: the
//! same plan as the county given by coordinates when the table holds the same
//! distances; the map laid out from the table; every bad table refused with its line
//! and column, exit 2, one message per cause.

mod common;

use common::*;
use std::path::Path;
use tempfile::TempDir;

/// The tiny county's schools and their grid positions.
fn tiny_schools() -> Vec<(String, f64, f64)> {
    std::fs::read_to_string(tiny().join("schools.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].to_string(),
                f[5].parse().unwrap(),
                f[6].parse().unwrap(),
            )
        })
        .collect()
}

/// Every pair of tiny's schools with its straight-line km, one way, as a table.
fn tiny_distance_table() -> String {
    let s = tiny_schools();
    let mut text = "from,to,km\n".to_string();
    for (i, a) in s.iter().enumerate() {
        for b in &s[i + 1..] {
            let km = ((a.1 - b.1).powi(2) + (a.2 - b.2).powi(2)).sqrt();
            text.push_str(&format!("{},{},{km:.9}\n", a.0, b.0));
        }
    }
    text
}

/// A copy of tiny whose schools have no coordinates and whose commutes come from
/// `table` (as `distances.csv`).
fn tiny_by_distances(table: &str) -> TempDir {
    let dir = tiny_copy();
    let schools: String = std::fs::read_to_string(dir.path().join("schools.csv"))
        .unwrap()
        .lines()
        .map(|l| l.rsplitn(3, ',').last().unwrap().to_string() + "\n")
        .collect();
    std::fs::write(dir.path().join("schools.csv"), schools).unwrap();
    std::fs::write(dir.path().join("distances.csv"), table).unwrap();
    dir
}

fn plan_in(instance: &Path, out: &Path, policy: &str) -> std::process::Output {
    rotation()
        .arg("plan")
        .arg(instance)
        .arg("--policy")
        .arg(model(policy))
        .arg("--out")
        .arg(out)
        .arg("--report")
        .arg(out.with_extension("html"))
        .output()
        .unwrap()
}

#[test]
fn a_county_by_distances_gets_the_plan_of_the_county_by_coordinates() {
    let dir = TempDir::new().unwrap();
    let by_table = tiny_by_distances(&tiny_distance_table());
    for policy in ["haiyan-2022", "national-minimum", "stay-in-groups"] {
        let (a, b) = (
            dir.path().join(format!("{policy}-xy")),
            dir.path().join(format!("{policy}-table")),
        );
        let oa = plan_in(&tiny(), &a, policy);
        let ob = plan_in(by_table.path(), &b, policy);
        assert_eq!(oa.status.code(), ob.status.code(), "{}", stderr_of(&ob));
        assert!(
            matches!(ob.status.code(), Some(0 | 3)),
            "{}",
            stderr_of(&ob)
        );
        let moves = |p: &Path| {
            let mut m: Vec<(String, String)> = plan_moves(&p.join("plan.csv"))
                .into_iter()
                .map(|(t, _, to)| (t, to))
                .collect();
            m.sort();
            m
        };
        assert_eq!(moves(&a), moves(&b), "{policy}");
        assert!(!moves(&a).is_empty());
        // The map was laid out from the table, and says so.
        let html = std::fs::read_to_string(b.with_extension("html")).unwrap();
        assert!(html.contains("laid out from the distance table"));
        assert!(html.contains("城东小学"));
    }
}

#[test]
fn a_table_in_minutes_makes_commutes_minutes() {
    let table = tiny_distance_table().replacen("from,to,km", "起点,终点,分钟", 1);
    let county = tiny_by_distances(&table);
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let o = plan_in(county.path(), &out, "haiyan-2022");
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    let plan = std::fs::read_to_string(out.join("plan.csv")).unwrap();
    assert!(
        plan.lines().next().unwrap().contains("commute_minutes"),
        "{plan}"
    );
}

#[test]
fn a_sparse_table_goes_through_the_given_pairs() {
    // Only neighbours: U1–U2, U1–R1, U2–R2. R1 to R2 is R1–U1–U2–R2.
    let county = tiny_by_distances("from,to,km\nU1,U2,2\nU1,R1,10\nU2,R2,12\n");
    let o = rotation()
        .arg("validate")
        .arg(county.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
}

/// Validates tiny with `table` as its distance table: exit 2, and the message once.
fn refused(table: &str, message: &str) -> String {
    let county = tiny_by_distances(table);
    let o = rotation()
        .arg("validate")
        .arg(county.path())
        .output()
        .unwrap();
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(message), "{message} not in: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn a_missing_pair_is_named() {
    // R2 is in the table but joined to nothing the others reach.
    let err = refused(
        "from,to,km\nU1,U2,2\nU1,R1,10\nR2,X,3\n",
        "no distance from `U1` to `R2`",
    );
    assert_eq!(
        err.matches("no distance").count(),
        2,
        "both ways, once each: {err}"
    );
}

#[test]
fn a_school_not_in_the_table_is_named_with_its_line() {
    refused(
        "from,to,km\nU1,U2,2\nU1,R1,10\n",
        "schools.csv:5: school R2 is not in distances.csv",
    );
}

#[test]
fn a_bad_figure_is_named_by_line_and_column() {
    let err = refused(
        "from,to,km\nU1,U2,2\nU1,R1,ten\nU2,R2,12\n",
        "distances.csv:3:3 (column `km`)",
    );
    assert_eq!(err.matches("distances.csv:").count(), 1, "{err}");
}

#[test]
fn a_negative_figure_is_refused() {
    refused(
        "from,to,km\nU1,U2,-2\nU1,R1,10\nU2,R2,12\n",
        "distances.csv:2:3",
    );
}

#[test]
fn two_unit_columns_are_refused_at_the_header() {
    refused(
        "from,to,km,minutes\nU1,U2,2,4\n",
        "both `km` and `minutes` columns",
    );
}

#[test]
fn no_unit_column_is_refused_at_the_header() {
    refused(
        "from,to,distance\nU1,U2,2\n",
        "expected `km` (公里) or `minutes` (分钟)",
    );
}

#[test]
fn a_pair_given_twice_with_two_figures_is_refused() {
    refused(
        "from,to,km\nU1,U2,2\nU1,U2,3\nU1,R1,10\nU2,R2,12\n",
        "U1 → U2 is given again with another figure",
    );
}

#[test]
fn an_unknown_home_place_is_named() {
    let county = tiny_by_distances("from,to,km\nU1,U2,2\nU1,R1,10\nU2,R2,12\n");
    let teachers = std::fs::read_to_string(county.path().join("teachers.csv")).unwrap();
    let mut lines: Vec<String> = teachers.lines().map(String::from).collect();
    lines[0].push_str(",home_place");
    for (i, l) in lines.iter_mut().enumerate().skip(1) {
        l.push_str(if i == 2 { ",Nowhere" } else { "," });
    }
    std::fs::write(county.path().join("teachers.csv"), lines.join("\n") + "\n").unwrap();
    let o = rotation()
        .arg("validate")
        .arg(county.path())
        .output()
        .unwrap();
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("teachers.csv:3:"), "{err}");
    assert!(err.contains("unknown place `Nowhere`"), "{err}");
}

#[test]
fn roads_and_distances_together_are_refused_once() {
    let county = tiny_by_distances(&tiny_distance_table());
    std::fs::write(
        county.path().join("roads.csv"),
        "from,to,minutes\nU1,U2,5\n",
    )
    .unwrap();
    let o = rotation()
        .arg("validate")
        .arg(county.path())
        .output()
        .unwrap();
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(
        err.matches("both roads.csv and distances.csv").count(),
        1,
        "{err}"
    );
}

#[test]
fn the_chinese_sheet_name_is_read() {
    let county = tiny_by_distances(&tiny_distance_table());
    std::fs::rename(
        county.path().join("distances.csv"),
        county.path().join("距离.csv"),
    )
    .unwrap();
    let o = rotation()
        .arg("validate")
        .arg(county.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr_of(&o));
}
