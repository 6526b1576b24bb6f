//! `rotation verify` catches each kind of rule violation (one test per rule), exits 1
//! when a rule is broken, 0 when every rule holds, 2 when the plan file is bad.

mod common;
use common::*;
use tempfile::TempDir;

/// Verifies `moves` (teacher, from, to) on `instance` under `policy`; returns exit code
/// and stdout.
fn verify_on(
    instance: &std::path::Path,
    policy: &std::path::Path,
    moves: &[(&str, &str, &str)],
) -> (i32, String) {
    let dir = TempDir::new().unwrap();
    let mut text = String::from("teacher,from_school,to_school\n");
    for (t, from, to) in moves {
        text.push_str(&format!("{t},{from},{to}\n"));
    }
    let plan = write(dir.path(), "plan.csv", &text);
    let out = rotation()
        .arg("verify")
        .arg(instance)
        .arg("--policy")
        .arg(policy)
        .arg("--plan")
        .arg(&plan)
        .output()
        .unwrap();
    (out.status.code().unwrap(), stdout_of(&out))
}

fn verify_tiny(moves: &[(&str, &str, &str)]) -> (i32, String) {
    verify_on(&tiny(), &model("haiyan-2022"), moves)
}

const OPTIMUM: &[(&str, &str, &str)] = &[
    ("T01", "U1", "R2"),
    ("T13", "R2", "U1"),
    ("T05", "U2", "R1"),
    ("T09", "R1", "U2"),
];

#[test]
fn the_optimal_plan_passes() {
    let (code, out) = verify_tiny(OPTIMUM);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("every rule holds"), "{out}");
    assert!(out.contains("4 of 6 eligible rotate"), "{out}");
}

#[test]
fn ineligible_teacher_is_caught() {
    let mut plan = OPTIMUM.to_vec();
    // T11 has only 4 years at R1; T03 2 years at U1: a math swap of two ineligible teachers.
    plan.push(("T11", "R1", "U1"));
    plan.push(("T03", "U1", "R1"));
    let (code, out) = verify_tiny(&plan);
    assert_eq!(code, 1);
    assert!(out.contains("[eligibility] teacher T11 is not eligible (only 4 years at the current school (needs 6))"), "{out}");
}

#[test]
fn teacher_moving_twice_is_caught() {
    let mut plan = OPTIMUM.to_vec();
    plan.push(("T01", "U1", "R1"));
    let (code, out) = verify_tiny(&plan);
    assert_eq!(code, 1);
    assert!(
        out.contains("[moves_once] teacher T01 moves 2 times"),
        "{out}"
    );
}

#[test]
fn same_zone_move_is_caught() {
    let (code, out) = verify_tiny(&[("T01", "U1", "U2"), ("T05", "U2", "U1")]);
    assert_eq!(code, 1);
    assert!(
        out.contains("[move_allowed] teacher T01 from U1 to U2: the direction rule `cross_zone`"),
        "{out}"
    );
}

#[test]
fn too_long_commute_is_caught() {
    let dir = TempDir::new().unwrap();
    let policy = write(dir.path(), "p.toml", "[rules]\nmax_commute_km = 11\n");
    let (code, out) = verify_on(&tiny(), &policy, OPTIMUM);
    assert_eq!(code, 1);
    assert!(
        out.contains("teacher T01 from U1 to R2: commute 12.0 km is above the cap of 11 km"),
        "{out}"
    );
}

#[test]
fn incompatible_level_is_caught() {
    let dir = tiny_copy();
    edit(
        dir.path(),
        "schools.csv",
        "rural,primary,200",
        "rural,junior,200",
    );
    let (code, out) = verify_on(dir.path(), &model("haiyan-2022"), OPTIMUM);
    assert_eq!(code, 1);
    assert!(
        out.contains("teacher T05 from U2 to R1: school levels are not compatible"),
        "{out}"
    );
}

#[test]
fn leaving_a_required_group_is_caught() {
    let dir = tiny_copy();
    write(
        dir.path(),
        "partnerships.csv",
        "school_a,school_b,kind\nU1,R1,1+X\nU2,R2,1+X\n",
    );
    let policy = write(dir.path(), "p.toml", "[rules]\npartnership = \"require\"\n");
    let (code, out) = verify_on(dir.path(), &policy, OPTIMUM);
    assert_eq!(code, 1);
    assert!(
        out.contains("teacher T01 from U1 to R2: the partnership rule `require`"),
        "{out}"
    );
}

#[test]
fn staffing_change_is_caught() {
    let (code, out) = verify_tiny(&[("T05", "U2", "R1")]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "[staffing] school U2: 0 arrive and 1 leave, a change of -1 teachers (tolerance 0)"
        ),
        "{out}"
    );
}

#[test]
fn subject_left_short_is_caught() {
    let (code, out) = verify_tiny(&[("T05", "U2", "R1"), ("T10", "R1", "U2")]);
    assert_eq!(code, 1);
    assert!(
        out.contains("[subject] school U2: loses 1 math teacher(s) net (tolerance 0)"),
        "{out}"
    );
    assert!(!out.contains("[staffing]"), "{out}");
}

#[test]
fn outflow_cap_is_caught() {
    let (code, out) = verify_tiny(&[
        ("T01", "U1", "R2"),
        ("T13", "R2", "U1"),
        ("T02", "U1", "R1"),
        ("T10", "R1", "U1"),
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("[outflow_cap] school U1: 2 of 4 teachers leave; the cap is 1 (30% of staff)"),
        "{out}"
    );
}

#[test]
fn missed_exchange_target_is_caught() {
    let (code, out) = verify_tiny(&[("T05", "U2", "R1"), ("T09", "R1", "U2")]);
    assert_eq!(code, 1);
    assert!(
        out.contains("[exchange_target] 2 teachers rotate; the target is 3 (35% of 6 eligible)"),
        "{out}"
    );
}

#[test]
fn missed_backbone_target_is_caught() {
    let dir = TempDir::new().unwrap();
    let policy = write(
        dir.path(),
        "p.toml",
        "[targets]\nexchange_rate = 0.35\nbackbone_share = 0.3252\n[rules]\noutflow_cap = 1.0\n",
    );
    let (code, out) = verify_on(
        &tiny(),
        &policy,
        &[
            ("T05", "U2", "R1"),
            ("T09", "R1", "U2"),
            ("T02", "U1", "R1"),
            ("T10", "R1", "U1"),
        ],
    );
    assert_eq!(code, 1);
    assert!(out.contains("[backbone_target] 0 backbone teachers among 4 who rotate (0.00%); the target is 32.52%"), "{out}");
    assert!(!out.contains("[exchange_target]"), "{out}");
}

#[test]
fn eligible_backbone_base_counts_eligible_backbone_teachers() {
    let dir = TempDir::new().unwrap();
    let policy = write(
        dir.path(),
        "p.toml",
        "[targets]\nexchange_rate = 0.35\nbackbone_share = 1.0\nbackbone_base = \"eligible_backbone\"\n",
    );
    let (code, out) = verify_on(&tiny(), &policy, OPTIMUM);
    assert_eq!(code, 0, "{out}");
    let (code, out) = verify_on(
        &tiny(),
        &policy,
        &[
            ("T05", "U2", "R1"),
            ("T09", "R1", "U2"),
            ("T01", "U1", "R2"),
            ("T15", "R2", "U1"),
        ],
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("1 of 2 eligible backbone teachers rotate; the target is 2"),
        "{out}"
    );
}

#[test]
fn unknown_teacher_in_plan_is_bad_input() {
    let dir = TempDir::new().unwrap();
    let plan = write(dir.path(), "plan.csv", "teacher,to_school\nT99,R1\n");
    let out = rotation()
        .arg("verify")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("plan.csv:2:1 (column `teacher`): unknown teacher `T99`"));
}

#[test]
fn wrong_from_school_in_plan_is_bad_input() {
    let dir = TempDir::new().unwrap();
    let plan = write(
        dir.path(),
        "plan.csv",
        "teacher,from_school,to_school\nT01,U2,R1\n",
    );
    let out = rotation()
        .arg("verify")
        .arg(tiny())
        .arg("--policy")
        .arg(model("haiyan-2022"))
        .arg("--plan")
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("teacher `T01` is at `U1` in teachers.csv, not `U2`"));
}
