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
        None,
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

/// The sample county under the Haiyan policy with one exchange rate, direction and
/// outflow cap per case, every combination of `rates`, both directions and `caps`.
struct Case {
    name: String,
    policy: Policy,
    full: Candidates,
    rules: ModelRules,
    reached: Reached,
}

impl Case {
    /// The swaps among each school's `near` nearest schools.
    fn among(&self, county: &County, near: usize) -> Start {
        let nearest = self.reached.nearest(county, near);
        let pinned = pinned_swaps(county, &self.full, &self.rules);
        swaps_among(
            county,
            &self.policy,
            &self.full,
            nearest,
            &self.rules,
            &pinned,
        )
    }

    /// The swaps by [`swaps_within`], widening past `deadline` within `grace`.
    fn within(&self, county: &County, deadline: Option<Instant>, grace: f64) -> Start {
        let Case {
            policy,
            full,
            rules,
            reached,
            ..
        } = self;
        swaps_within(county, policy, full, reached, rules, deadline, grace)
    }
}

fn sample_cases(rates: &[f64], caps: &[f64]) -> (County, Vec<Case>) {
    let (county, base, _) = super::super::sample::haiyan_sample();
    let mut cases = Vec::new();
    for &rate in rates {
        for direction in [Direction::CrossZone, Direction::Any] {
            for &cap in caps {
                let mut policy = base.clone();
                policy.targets.exchange_rate = rate;
                policy.rules.direction = direction;
                policy.rules.outflow_cap = cap;
                let eligibility = crate::rules::eligibility::county_eligibility(&county, &policy);
                let full = crate::rules::candidates::candidates(&county, &policy, &eligibility);
                let rules = ModelRules::new(&county, &policy, &full);
                let reached = Reached::new(&county, &full);
                cases.push(Case {
                    name: format!("{rate} {direction:?} {cap}"),
                    policy,
                    full,
                    rules,
                    reached,
                });
            }
        }
    }
    (county, cases)
}

/// No swaps move more teachers than `most_swapped` allows, at any width, under
/// either direction and outflow caps from tight to none; and where the swaps reach
/// it short of the exchange target, `swaps` gives the widest search's swaps, as
/// widening step by step did.
#[test]
fn swaps_move_at_most_what_the_caps_allow_and_the_jump_changes_nothing() {
    // Cases where the nearest swaps already move the most that caps allow.
    let mut capped = 0;
    let (county, cases) = sample_cases(&[0.35, 0.6, 0.9], &[0.05, 0.1, 0.3, 1.0]);
    for case in &cases {
        let (name, rules) = (&case.name, &case.rules);
        let most = most_swapped(&county, &case.policy, rules);
        let among = |near: usize| case.among(&county, near);
        let mut near = NEAR_SCHOOLS;
        let mut stepped = among(near);
        let short = stepped.swapped.len() < rules.targets.exchange as usize;
        capped += usize::from(short && stepped.swapped.len() >= most);
        loop {
            assert!(stepped.swapped.len() <= most, "{name}");
            if stepped.plan.is_some() || near >= county.schools.len() {
                break;
            }
            near *= 2;
            stepped = among(near);
        }
        let jumped = case.within(&county, None, START_GRACE);
        assert_eq!(jumped.swapped, stepped.swapped, "{name}");
        assert_eq!(jumped.plan, stepped.plan, "{name}");
    }
    assert!(capped > 0, "no case reached the caps' most");
}

/// Past its deadline the search widens no further (here with no grace): its swaps
/// are the nearest search's, cut short, where without a deadline a wider search gives
/// others (under direction `any` on the sample county with tight outflow caps); with
/// an hour to go, or past the deadline with searches shorter than the grace, it widens
/// as without a deadline.
#[test]
fn past_the_deadline_the_swaps_are_the_nearest_searchs() {
    let mut widened = 0;
    let (county, cases) = sample_cases(&[0.35, 0.9], &[0.05, 0.1, 0.3]);
    for case in &cases {
        let name = &case.name;
        let nearest = case.among(&county, NEAR_SCHOOLS);
        let now = Some(Instant::now());
        let late = case.within(&county, now, 0.0);
        assert_eq!(late.swapped, nearest.swapped, "{name}");
        assert_eq!(late.plan, nearest.plan, "{name}");
        assert_eq!(late.cut_short, nearest.plan.is_none(), "{name}");
        let unhurried = case.within(&county, None, START_GRACE);
        assert!(!unhurried.cut_short, "{name}");
        widened += usize::from(unhurried.swapped != nearest.swapped);
        // Past the deadline, a grace of a minute lets the searches of milliseconds
        // widen whatever the machine's load (with `START_GRACE` itself, 50 ms, a loaded
        // machine running the whole suite once took longer and cut the search short).
        let hour = Some(Instant::now() + std::time::Duration::from_secs(3600));
        for (deadline, grace) in [(hour, START_GRACE), (now, 60.0)] {
            let in_time = case.within(&county, deadline, grace);
            assert_eq!(in_time.swapped, unhurried.swapped, "{name}");
            assert!(!in_time.cut_short, "{name}");
        }
    }
    assert!(widened > 0, "no case widened the search");
}

/// Work starts past the limit only within the grace; with time enough, or no limit,
/// always. Pricing out of time still starts the swaps where they take milliseconds
/// (the sample county's 14,144 moves; 527,316 at 20,000 teachers), not where they take
/// a second (the 100,000-teacher practice county's 14.3 M).
#[test]
fn work_starts_late_only_within_the_grace() {
    assert!(too_late(Some(0.0), 1.0));
    assert!(too_late(Some(0.5), 1.0));
    assert!(!too_late(Some(1.5), 1.0));
    assert!(!too_late(None, 1.0));
    assert!(!too_late(Some(0.0), START_GRACE));
    let (_, _, full) = super::super::sample::haiyan_sample();
    assert!(!too_late_to_start(Some(0.01), full.moves.len()));
    assert!(!too_late_to_start(Some(0.01), 527_316));
    assert!(too_late_to_start(Some(0.01), 14_300_000));
    assert!(!too_late_to_start(Some(2.0), 14_300_000));
    assert!(!too_late_to_start(None, 14_300_000));
    // Once the restricted LP is built, only the swaps' own time is asked for.
    assert!(too_late_to_start(Some(1.1), 14_300_000));
    assert!(!too_late_for_swaps(Some(1.1), 14_300_000));
    assert!(too_late_for_swaps(Some(0.7), 14_300_000));
    assert!(!too_late_for_swaps(Some(0.0), 527_316));
}
