//! Wishes and priority on real files: `--wishes` for plan and verify, wishes.json with
//! wishes granted by rank and justified-envy pairs, `rules.wishes = "only"`,
//! `rules.stable` proven by verify, and one test per bad input (line, column, exit
//! code 2, nothing written).

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// T01 (math, U1, county backbone) and T05 (math, U2) both want R1; T05 has fewer
/// points. T13 would rather stay.
const WISHES: &str = "teacher,rank,school,priority\n\
                      T01,1,R1,12\n\
                      T05,1,R1,9\n\
                      T05,2,R2,9\n\
                      T13,1,stay,\n";

fn policy(dir: &Path, rules: &str) -> PathBuf {
    write(
        dir,
        "policy.toml",
        &format!(
            "year = 2022\n[targets]\nexchange_rate = 0.35\nbackbone_share = 0.0\n\
             [balance]\nbackbone_cv = \"off\"\n[weights]\nwish = 50.0\n\
             [rules]\nstaffing_tolerance = 1\nsubject_tolerance = 1\n{rules}"
        ),
    )
}

fn plan(dir: &Path, policy: &Path, wishes: &Path) -> (std::process::Output, PathBuf) {
    plan_with(dir, policy, wishes, &[])
}

/// [`plan`] with more arguments (`--pins` and its file, say).
fn plan_with(
    dir: &Path,
    policy: &Path,
    wishes: &Path,
    more: &[&std::ffi::OsStr],
) -> (std::process::Output, PathBuf) {
    let out = dir.join("out");
    let o = rotation()
        .arg("plan")
        .arg(tiny())
        .arg("--policy")
        .arg(policy)
        .arg("--wishes")
        .arg(wishes)
        .args(more)
        .arg("--out")
        .arg(&out)
        .arg("--force")
        .output()
        .unwrap();
    (o, out)
}

fn report(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("wishes.json")).unwrap()).unwrap()
}

#[test]
fn wishes_are_granted_and_audited() {
    let dir = tempfile::TempDir::new().unwrap();
    let wishes = write(dir.path(), "wishes.csv", WISHES);
    let policy = policy(dir.path(), "wishes = \"prefer\"\n");
    let (o, out) = plan(dir.path(), &policy, &wishes);
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    let text = stdout_of(&o);
    assert!(
        text.contains("wishes    3 teachers listed wishes"),
        "{text}"
    );
    let r = report(&out);
    assert_eq!(r["granted"]["teachers"], 3);
    let granted: u64 = r["granted"]["by_rank"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert!(granted >= 1, "{r}");
    assert!(r["stability_cost"].is_null());
}

/// A teacher pinned to move where a teacher with more points wished to go: the bans
/// give up before they would ban the pinned move (the plan by bans would leave them
/// unmoved), and the stable model places both or neither.
#[test]
fn bans_never_drop_a_teacher_pinned_to_move() {
    let dir = tempfile::TempDir::new().unwrap();
    let wishes = write(dir.path(), "wishes.csv", WISHES);
    let policy = policy(dir.path(), "wishes = \"prefer\"\nstable = true\n");
    let pins = write(
        dir.path(),
        "pins.csv",
        "teacher,action,school\nT05,move_to,R1\n",
    );
    let (o, out) = plan_with(
        dir.path(),
        &policy,
        &wishes,
        &["--pins".as_ref(), pins.as_os_str()],
    );
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    let moves = plan_moves(&out.join("plan.csv"));
    assert!(
        moves.iter().any(|(t, _, to)| t == "T05" && to == "R1"),
        "{moves:?}"
    );
    // Stable: T01, with more points, got R1 too (T05 is at R1).
    assert!(
        moves.iter().any(|(t, _, to)| t == "T01" && to == "R1"),
        "{moves:?}"
    );
    let r = report(&out);
    assert_eq!(r["envy"].as_array().unwrap().len(), 0, "{r}");
}

/// With a previous plan the round without the rule, handed to the bans as their first
/// round, is taken in the model's figures: when it is stable already (one ban round),
/// the plan by bans costs what it costs less the previous plan's constant
/// (`weights.stability`, 1,000 by default, per move of the previous plan), which
/// `plan` adds to every objective it reports.
#[test]
fn with_a_previous_plan_the_plan_by_bans_is_in_the_models_figures() {
    let dir = tempfile::TempDir::new().unwrap();
    let wishes = write(dir.path(), "wishes.csv", WISHES);
    let policy = policy(dir.path(), "wishes = \"prefer\"\nstable = true\n");
    let (o, out) = plan(dir.path(), &policy, &wishes);
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    let previous = dir.path().join("previous.csv");
    std::fs::copy(out.join("plan.csv"), &previous).unwrap();
    let (o, out) = plan_with(
        dir.path(),
        &policy,
        &wishes,
        &["--previous".as_ref(), previous.as_os_str()],
    );
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    let r = report(&out);
    assert_eq!(r["stable_model"]["ban_rounds"], 1, "{r}");
    let offset = 1_000.0 * plan_moves(&previous).len() as f64;
    assert!(offset > 0.0);
    let bans = r["stable_model"]["bans_objective"].as_f64().unwrap();
    let free = r["stability_cost"]["unconstrained_objective"]
        .as_f64()
        .unwrap();
    assert!(
        (bans - (free - offset)).abs() < 1e-6,
        "{bans} {free} {offset}"
    );
}

#[test]
fn under_stable_no_pair_has_justified_envy_and_verify_proves_it() {
    let dir = tempfile::TempDir::new().unwrap();
    let wishes = write(dir.path(), "wishes.csv", WISHES);
    let policy = policy(dir.path(), "wishes = \"prefer\"\nstable = true\n");
    let (o, out) = plan(dir.path(), &policy, &wishes);
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    let r = report(&out);
    assert_eq!(r["envy"].as_array().unwrap().len(), 0, "{r}");
    assert!(r["stability_cost"]["unconstrained_objective"].is_number());
    assert!(r["stability_cost"]["stable_falls_shorter"].is_boolean());
    // T01 and T05 (fewer points) of one subject wish for R1: a ladder holds them. The
    // plan by bans (no time limit: the bans end with a stable plan) is the stable
    // model's incumbent, so the plan written costs no more.
    let model = &r["stable_model"];
    assert!(model["ladders"].as_u64().unwrap() >= 1, "{r}");
    assert!(model["pairs"].as_u64().unwrap() >= 1, "{r}");
    assert!(model["ban_rounds"].as_u64().unwrap() >= 1, "{r}");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let written = summary["objective"].as_f64().unwrap();
    assert!(
        written <= model["bans_objective"].as_f64().unwrap() + 1e-6,
        "{written} {r}"
    );
    let moves = plan_moves(&out.join("plan.csv"));
    assert!(
        !moves.iter().any(|(t, _, to)| t == "T05" && to == "R1")
            || moves.iter().any(|(t, _, to)| t == "T01" && to == "R1"),
        "{moves:?}"
    );
    let verify = |plan: &Path| {
        rotation()
            .arg("verify")
            .arg(tiny())
            .arg("--policy")
            .arg(&policy)
            .arg("--plan")
            .arg(plan)
            .arg("--wishes")
            .arg(&wishes)
            .output()
            .unwrap()
    };
    let o = verify(&out.join("plan.csv"));
    assert_eq!(o.status.code(), Some(0), "{}", stdout_of(&o));
    // A hand-made plan sending T05 (9 points) to R1 while T01 (12 points), who
    // wished for it first, stays: justified envy.
    let bad = write(
        dir.path(),
        "bad.csv",
        "teacher,from_school,to_school\nT05,U2,R1\nT09,R1,U2\n",
    );
    let o = verify(&bad);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout_of(&o);
    assert!(
        text.contains("[stability] teacher T01 wished for R1 (rank 1) more than where they went, and has more priority (12 points) than T05 (9 points)"),
        "{text}"
    );
}

#[test]
fn under_only_a_teacher_moves_only_where_they_wished() {
    let dir = tempfile::TempDir::new().unwrap();
    let wishes = write(dir.path(), "wishes.csv", WISHES);
    let policy = policy(dir.path(), "wishes = \"only\"\n");
    let (o, out) = plan(dir.path(), &policy, &wishes);
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    let moves = plan_moves(&out.join("plan.csv"));
    for (t, _, to) in &moves {
        assert!(
            (t == "T01" && to == "R1") || (t == "T05" && (to == "R1" || to == "R2")),
            "{moves:?}"
        );
    }
}

#[test]
fn chinese_headers_and_values_are_read() {
    let dir = tempfile::TempDir::new().unwrap();
    let wishes = write(
        dir.path(),
        "意愿.csv",
        "教师编号,志愿顺序,意愿学校,积分\nT01,1,R1,12\nT13,1,不愿交流,\n",
    );
    let policy = policy(dir.path(), "");
    let (o, out) = plan(dir.path(), &policy, &wishes);
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr_of(&o));
    assert_eq!(report(&out)["granted"]["teachers"], 2);
}

fn bad_wishes(rows: &str) -> String {
    let dir = tempfile::TempDir::new().unwrap();
    let wishes = write(dir.path(), "wishes.csv", rows);
    let policy = policy(dir.path(), "");
    let (o, out) = plan(dir.path(), &policy, &wishes);
    assert_eq!(o.status.code(), Some(2), "{}", stdout_of(&o));
    assert!(!out.join("plan.csv").exists());
    stderr_of(&o)
}

#[test]
fn unknown_teacher_is_named() {
    let err = bad_wishes("teacher,rank,school\nT99,1,R1\n");
    assert!(
        err.contains("wishes.csv:2:1 (column `teacher`): unknown teacher `T99`"),
        "{err}"
    );
}

#[test]
fn unknown_school_is_named() {
    let err = bad_wishes("teacher,rank,school\nT01,1,X1\n");
    assert!(
        err.contains("wishes.csv:2:3 (column `school`): unknown school `X1`"),
        "{err}"
    );
}

#[test]
fn a_rank_that_is_not_a_rank_is_refused() {
    let err = bad_wishes("teacher,rank,school\nT01,0,R1\n");
    assert!(
        err.contains(
            "wishes.csv:2:2 (column `rank`): `0` is not valid; expected a whole number from 1"
        ),
        "{err}"
    );
}

#[test]
fn the_same_rank_twice_is_refused() {
    let err = bad_wishes("teacher,rank,school\nT01,1,R1\nT01,1,R2\n");
    assert!(
        err.contains(
            "wishes.csv:3:2 (column `rank`): teacher T01 already has a wish of rank 1 on line 2"
        ),
        "{err}"
    );
}

#[test]
fn the_same_school_twice_is_refused() {
    let err = bad_wishes("teacher,rank,school\nT01,1,R1\nT01,2,R1\n");
    assert!(
        err.contains("wishes.csv:3:3 (column `school`): teacher T01 already lists `R1` on line 2"),
        "{err}"
    );
}

#[test]
fn the_own_school_is_refused_as_a_wish() {
    let err = bad_wishes("teacher,rank,school\nT01,1,U1\n");
    assert!(
        err.contains(
            "wishes.csv:2:3 (column `school`): teacher T01 already works at U1; use `stay`"
        ),
        "{err}"
    );
}

#[test]
fn two_priorities_for_one_teacher_are_refused() {
    let err = bad_wishes("teacher,rank,school,priority\nT01,1,R1,12\nT01,2,R2,13\n");
    assert!(
        err.contains("wishes.csv:3:4 (column `priority`): teacher T01 has 12 points on line 2"),
        "{err}"
    );
}

#[test]
fn negative_points_are_refused() {
    let err = bad_wishes("teacher,rank,school,priority\nT01,1,R1,-3\n");
    assert!(
        err.contains(
            "wishes.csv:2:4 (column `priority`): `-3` is not valid; expected priority points"
        ),
        "{err}"
    );
}

#[test]
fn bad_wish_keys_are_named() {
    let dir = tempfile::TempDir::new().unwrap();
    for (text, key) in [
        ("[weights]\nwish = -1\n", "weights.wish"),
        ("[priority]\nbackbone = -2\n", "priority.backbone"),
        (
            "[rules]\nwishes = \"maybe\"\n",
            "unknown value `maybe` for `rules.wishes`",
        ),
    ] {
        let policy = write(dir.path(), "policy.toml", text);
        let o = rotation()
            .arg("eligibility")
            .arg(tiny())
            .arg("--policy")
            .arg(&policy)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr_of(&o).contains(key), "{}", stderr_of(&o));
    }
}

/// A stable round out of time before any plan, with and without the rule: the
/// summary names no cost of stability (both plans move nobody, and "+0.000" would
/// claim stability is free), in either language, and `wishes.json` says why.
#[test]
fn a_stable_round_without_a_plan_in_time_names_no_cost_of_stability() {
    let dir = tempfile::TempDir::new().unwrap();
    let wishes = write(dir.path(), "wishes.csv", WISHES);
    let policy = policy(dir.path(), "wishes = \"prefer\"\nstable = true\n");
    for (lang, known, unknown) in [
        (
            "en",
            "stability costs",
            "stability cost not known: the time limit",
        ),
        ("zh", "稳定性代价 +", "稳定性代价 未知：达到时间上限"),
    ] {
        // A 2 ms limit is spent before any solve starts (a solve needs 10 ms left):
        // both rounds write the plan in which nobody moves, on any machine.
        let (o, out) = plan_with(
            dir.path(),
            &policy,
            &wishes,
            &[
                "--time-limit".as_ref(),
                "0.002".as_ref(),
                "--lang".as_ref(),
                lang.as_ref(),
            ],
        );
        assert_eq!(o.status.code(), Some(3), "{}", stderr_of(&o));
        let text = stdout_of(&o);
        assert!(text.contains(unknown), "{text}");
        assert!(!text.contains(known), "{text}");
        let r = report(&out);
        assert_eq!(r["stability_cost"]["no_plan_in_time"], true, "{r}");
        assert_eq!(r["stability_cost"]["unproven"], true, "{r}");
    }
}
