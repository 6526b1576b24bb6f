//! Tests of the starting swaps: they keep every headcount and meet the targets on
//! the sample county; no search moves more than the outflow caps let swaps move.

use super::*;
use std::collections::HashMap;

/// On the sample county under the Haiyan policy, the swaps keep every school's
/// headcount per subject, raise no CV, respect the outflow caps, move each teacher
/// once, and are enough for both targets.
#[test]
fn swaps_keep_every_headcount_respect_caps_and_meet_the_targets() {
    let (county, policy, full) = super::super::sample::haiyan_sample();
    let rules = ModelRules::new(&county, &policy, &full);
    let start = swaps(
        &county,
        &policy,
        &full,
        &Reached::new(&county, &full),
        &rules,
    );
    let chosen = start
        .plan
        .expect("the swaps meet both targets on the sample county");
    assert!(chosen
        .iter()
        .all(|j| start.columns.binary_search(j).is_ok()));

    let mut net: HashMap<(usize, u32), i64> = HashMap::new();
    let mut moves = Vec::new();
    let mut departures = vec![0u32; county.schools.len()];
    let mut seen = vec![false; county.teachers.len()];
    let mut backbone = 0;
    for &j in &chosen {
        let m = &full.moves[j];
        let teacher = &county.teachers[m.teacher];
        assert!(!seen[m.teacher], "teacher {} moved twice", teacher.id);
        seen[m.teacher] = true;
        let key = |s: usize| (s, rules.subject_of[m.teacher]);
        moves.push(crate::model::moves::Move {
            teacher: m.teacher,
            to: m.school,
            km: m.km,
        });
        *net.entry(key(teacher.school)).or_default() -= 1;
        *net.entry(key(m.school)).or_default() += 1;
        departures[teacher.school] += 1;
        backbone += usize::from(teacher.backbone.is_backbone());
    }
    assert!(net.values().all(|&n| n == 0), "a swap changed a headcount");
    for (s, &d) in departures.iter().enumerate() {
        assert!(d <= rules.outflow_cap[s], "school {s} over its outflow cap");
    }
    let movers = chosen.len();
    eprintln!(
        "movers {movers} backbone {backbone} target {:?}",
        rules.targets
    );
    assert!(movers >= rules.targets.exchange as usize);
    assert!(backbone as f64 >= policy.targets.backbone_share * movers as f64);
}

/// No swaps move more teachers than `most_swapped` allows, at any width, under
/// either direction and outflow caps from tight to none; and where the swaps reach
/// it short of the exchange target, `swaps` gives the widest search's swaps, as
/// widening step by step did.
#[test]
fn swaps_move_at_most_what_the_caps_allow_and_the_jump_changes_nothing() {
    let (county, base, _) = super::super::sample::haiyan_sample();
    // Cases where the nearest swaps already move the most that caps allow.
    let mut capped = 0;
    for rate in [0.35, 0.6, 0.9] {
        for direction in [Direction::CrossZone, Direction::Any] {
            for cap in [0.05, 0.1, 0.3, 1.0] {
                let mut policy = base.clone();
                policy.targets.exchange_rate = rate;
                policy.rules.direction = direction;
                policy.rules.outflow_cap = cap;
                let eligibility = crate::rules::eligibility::county_eligibility(&county, &policy);
                let full = crate::rules::candidates::candidates(&county, &policy, &eligibility);
                let rules = ModelRules::new(&county, &policy, &full);
                let reached = Reached::new(&county, &full);
                let most = most_swapped(&county, &policy, &rules);
                let among = |near: usize| {
                    swaps_among(
                        &county,
                        &policy,
                        &full,
                        reached.nearest(&county, near),
                        &rules,
                    )
                };
                let mut near = NEAR_SCHOOLS;
                let mut stepped = among(near);
                let short = stepped.swapped.len() < rules.targets.exchange as usize;
                capped += usize::from(short && stepped.swapped.len() >= most);
                loop {
                    assert!(stepped.swapped.len() <= most, "{rate} {direction:?} {cap}");
                    if stepped.plan.is_some() || near >= county.schools.len() {
                        break;
                    }
                    near *= 2;
                    stepped = among(near);
                }
                let jumped = swaps(&county, &policy, &full, &reached, &rules);
                assert_eq!(
                    jumped.swapped, stepped.swapped,
                    "{rate} {direction:?} {cap}"
                );
                assert_eq!(jumped.plan, stepped.plan, "{rate} {direction:?} {cap}");
            }
        }
    }
    assert!(capped > 0, "no case reached the caps' most");
}
