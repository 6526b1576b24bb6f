//! The refills on the sample county: its shipped history's returns, a pinned
//! teacher, nothing to mend, and a breach no chain can mend.

use super::*;
use crate::model::history::History;
use crate::model::pins::{Pin, PinAction, Pins};
use crate::rules::eligibility::county_eligibility;
use crate::rules::verify::verify;

fn root() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> County {
    crate::input::instance::read_instance(&root().join("instances/haiyan-like"))
        .expect("sample county")
        .county
}

/// The sample county as this year's returns leave it under `haiyan-cycle` (three-year
/// terms that return), and its candidate moves.
fn with_returns() -> (County, Policy, Candidates) {
    let county = sample();
    let policy = Policy::read(&root().join("models/haiyan-cycle.toml")).expect("policy");
    let history = History::read(
        &root().join("instances/haiyan-like-teachers/history.csv"),
        &county,
    )
    .expect("history");
    let round = crate::rules::terms::round_county(&county, Some(&history), &policy).expect("round");
    let eligibility = county_eligibility(&round, &policy);
    let full = crate::rules::candidates::candidates(&round, &policy, &eligibility);
    (round, policy, full)
}

/// Every rule but the two targets holds for `moves` (indices into `full.moves`), and
/// no teacher moves twice.
fn keeps_the_hard_rules(county: &County, policy: &Policy, full: &Candidates, moves: &[usize]) {
    let chosen: Vec<_> = moves
        .iter()
        .map(|&j| crate::model::moves::Move {
            teacher: full.moves[j].teacher,
            to: full.moves[j].school,
            km: full.moves[j].km,
        })
        .collect();
    let mut teachers: Vec<usize> = chosen.iter().map(|m| m.teacher).collect();
    teachers.sort_unstable();
    teachers.dedup();
    assert_eq!(teachers.len(), chosen.len(), "a teacher moves twice");
    let eligibility = county_eligibility(county, policy);
    let broken: Vec<_> = verify(county, policy, &eligibility, &chosen)
        .into_iter()
        .filter(|v| !v.rule().is_target())
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
}

#[test]
fn the_returns_of_the_sample_county_are_refilled() {
    let (county, policy, full) = with_returns();
    assert_eq!(county.history.returns.len(), 30);
    // Nobody moving breaks the hosts' staffing: the returns leave them short.
    let rules = ModelRules::new(&county, &policy, &full);
    let flows = Flows::new(&county, &full, &rules);
    assert!(!flows.breaches().is_empty());
    assert!(flows.breach_units() >= 30);
    let refill = plan(&county, &policy, &full).expect("refills");
    assert!(!refill.moves.is_empty());
    keeps_the_hard_rules(&county, &policy, &full, &refill.moves);
    // Far short of 35 %: the refills alone are no plan for the targets, and say so.
    assert!(refill.shortfall.0 > 0.0);
    assert_eq!(
        judge(&county, &policy, &full, &refill.moves, false),
        Some(refill.shortfall)
    );
    assert_eq!(judge(&county, &policy, &full, &refill.moves, true), None);
}

#[test]
fn with_nothing_to_mend_nobody_moves() {
    let county = sample();
    let policy = Policy::read(&root().join("models/haiyan-2022.toml")).expect("policy");
    let eligibility = county_eligibility(&county, &policy);
    let full = crate::rules::candidates::candidates(&county, &policy, &eligibility);
    let refill = plan(&county, &policy, &full).expect("nobody moving keeps every rule");
    assert!(refill.moves.is_empty());
    let target = crate::solve::model_rules::targets(&county, &policy, &full).exchange;
    assert_eq!(refill.shortfall.0, f64::from(target));
}

#[test]
fn a_pinned_teacher_moves_and_their_post_is_refilled() {
    let county = sample();
    let policy = Policy::read(&root().join("models/haiyan-2022.toml")).expect("policy");
    let eligibility = county_eligibility(&county, &policy);
    let mut tried = 0;
    // Teachers pinned to move anywhere, one at a time: each moves, and the rows their
    // move breaks (tolerances 0: their subject at home, at the new school) are mended.
    for t in (0..county.teachers.len())
        .filter(|&t| eligibility[t].is_eligible())
        .step_by(97)
    {
        let mut full = crate::rules::candidates::candidates(&county, &policy, &eligibility);
        if !full.moves.iter().any(|m| m.teacher == t) {
            continue;
        }
        let pins = Pins {
            file: "pins.csv".into(),
            pins: vec![Pin {
                teacher: t,
                action: PinAction::Move,
                line: 2,
            }],
        };
        crate::rules::pins::apply(&county, &policy, &pins, &mut full).expect("pin");
        tried += 1;
        let Some(refill) = plan(&county, &policy, &full) else {
            continue;
        };
        assert!(refill.moves.iter().any(|&j| full.moves[j].teacher == t));
        // One move alone breaks its subject's rows at both schools.
        assert!(refill.moves.len() >= 2, "T{t}: {:?}", refill.moves);
        keeps_the_hard_rules(&county, &policy, &full, &refill.moves);
        return;
    }
    panic!("none of {tried} pinned teachers refilled");
}

#[test]
fn a_breach_no_chain_can_mend_has_no_plan() {
    let (county, policy, mut full) = with_returns();
    // Nobody may move: the hosts the returns leave short stay short.
    full.moves.clear();
    assert_eq!(plan(&county, &policy, &full), None);
}
