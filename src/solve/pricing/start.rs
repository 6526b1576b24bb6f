//! First columns that already meet the targets: swaps.
//!
//! Long file: the swaps are one greedy search (the lanes, the pinned teachers' swaps
//! taken first, the passes, the widening, the clock) sharing the taken state.
//!
//! The restricted LP starts far from feasible when the targets are high (Haiyan's
//! 35 %): its shortfall columns carry the phase-one penalty, the duals say little
//! about cost, and each round closes only a few hundred teachers of shortfall while the
//! LP grows (measured on the 100,000-teacher practice county: about 500 a round, each
//! round slower). A swap — teacher `a` from school A to B and teacher `b` of the same
//! subject and the same standing (backbone or not, counted by the balance indicator or
//! not) from B to A — leaves every school's headcount, subject headcounts and indicator
//! counts as they were. A set of swaps that respects the outflow caps and moves each
//! teacher once therefore breaks none of the circulation, staffing or never-worse
//! rows, so when it is large enough the restricted LP holds a plan meeting the targets
//! from its first round.
//!
//! These are only columns: the LP is free not to use them, pricing still adds every
//! move whose reduced cost is negative, and the bound is the full model's as before.
//! Nothing here can change the plan, only how soon pricing gets there.

use super::columns::{Reached, SchoolPairs};
use crate::model::county::{County, Zone};
use crate::model::indicator::Side;
use crate::model::policy::{Direction, Policy};
use crate::rules::candidates::Candidates;
use crate::solve::model_rules::ModelRules;
use std::time::Instant;

/// More swaps than the targets need, so the LP has room to choose: this many times
/// the least number of movers (and of backbone movers).
const HEADROOM: f64 = 1.25;

/// Swaps are first sought between a school and this many of its nearest destinations
/// (both ways), then twice as many, until they meet the targets.
const NEAR_SCHOOLS: usize = 12;

/// Rounds of pairing: each pairs the teachers the earlier ones left free.
const PASSES: usize = 8;

/// A lane of moves: from school, to school, subject id, backbone.
type Lane = (usize, usize, u32, bool);

/// Two moves that trade places: teacher `j` from A to B and teacher `k` from B to A.
struct Swap {
    cost: f64,
    /// Backbone teachers among the two.
    backbone: usize,
    moves: (usize, usize),
}

/// The balance indicator's count at each school on each level, kept as swaps are
/// taken, so that a swap trading a teacher of the indicator for one who is not is
/// taken only where it does not raise either level's CV.
struct Counts<'a> {
    county: &'a County,
    policy: &'a Policy,
    /// Whether the CV may rise at all (`backbone_cv = "off"` without caps).
    free: bool,
    /// Per side (primary, junior), per school.
    count: [Vec<i64>; 2],
}

impl<'a> Counts<'a> {
    fn new(county: &'a County, policy: &'a Policy) -> Counts<'a> {
        let mut count = [
            vec![0i64; county.schools.len()],
            vec![0i64; county.schools.len()],
        ];
        for (i, side) in [Side::Primary, Side::Junior].into_iter().enumerate() {
            for t in &county.teachers {
                if policy.balance.indicator.counts(t, side, &policy.indicators) {
                    count[i][t.school] += 1;
                }
            }
        }
        Counts {
            county,
            policy,
            free: !policy.balance.any(),
            count,
        }
    }

    /// The change at A of the indicator's count on `side` when `tj` leaves A for B and
    /// `tk` comes from B.
    fn delta(&self, side: Side, tj: usize, tk: usize) -> i64 {
        let counts = |t: usize| {
            i64::from(self.policy.balance.indicator.counts(
                &self.county.teachers[t],
                side,
                &self.policy.indicators,
            ))
        };
        counts(tk) - counts(tj)
    }

    /// Whether the swap leaves each level's `Σ C²/P` (so its CV: the total `T` is
    /// unchanged when both schools are judged on the level) no higher.
    fn swap_keeps(&self, tj: usize, tk: usize, a: usize, b: usize) -> bool {
        if self.free {
            return true;
        }
        [Side::Primary, Side::Junior]
            .into_iter()
            .enumerate()
            .all(|(i, side)| {
                let d = self.delta(side, tj, tk);
                if d == 0 {
                    return true;
                }
                let (sa, sb) = (&self.county.schools[a], &self.county.schools[b]);
                match (side.judges(sa), side.judges(sb)) {
                    (false, false) => true,
                    (true, true) => {
                        let (ca, cb) = (self.count[i][a], self.count[i][b]);
                        let (pa, pb) = (sa.students as f64, sb.students as f64);
                        let change = (((ca + d).pow(2) - ca.pow(2)) as f64) / pa
                            + (((cb - d).pow(2) - cb.pow(2)) as f64) / pb;
                        change <= 0.0
                    }
                    // The level's total would change too: left to the LP.
                    _ => false,
                }
            })
    }

    fn apply(&mut self, tj: usize, tk: usize, a: usize, b: usize) {
        for (i, side) in [Side::Primary, Side::Junior].into_iter().enumerate() {
            let d = self.delta(side, tj, tk);
            self.count[i][a] += d;
            self.count[i][b] -= d;
        }
    }
}

/// Seconds per candidate move that the restricted LP's build takes (0.3 s for the
/// 14.3 M moves of the 100,000-teacher practice county).
const BUILD_SECONDS_PER_MOVE: f64 = 2e-8;

/// Seconds per candidate move that the nearest swaps take, with their columns added
/// to the restricted LP and the swaps checked as a plan short of the targets, before
/// pricing looks at the clock again: 0.9-1.1 s there on 2026-12-04 (the swaps alone
/// 0.7-0.9 s; 0.5-0.6 s when first measured). At 4e-8 the command started them with
/// 0.64 s left under `--time-limit 3` and ended 0.85 s late.
const SWAPS_SECONDS_PER_MOVE: f64 = 7e-8;

/// Work shorter than this starts past the limit too: on a county of a few thousand
/// teachers the swaps take milliseconds and are a plan meeting the targets where
/// nobody would move (a MIP's thread is waited for as long past its limit,
/// `solve::mip_watch`).
const START_GRACE: f64 = 0.05;

/// Whether work of about `seconds` starts no more with `left` seconds of the limit
/// (`None`: no limit): only where it would end past the limit and is longer than
/// [`START_GRACE`].
fn too_late(left: Option<f64>, seconds: f64) -> bool {
    too_late_within(left, seconds, START_GRACE)
}

/// [`too_late`] with a grace of `grace` seconds.
fn too_late_within(left: Option<f64>, seconds: f64, grace: f64) -> bool {
    seconds > grace && left.is_some_and(|left| left < seconds)
}

/// Whether pricing, with `left` seconds of its limit, starts no restricted LP and no
/// swaps over `moves` candidate moves.
pub(super) fn too_late_to_start(left: Option<f64>, moves: usize) -> bool {
    too_late(
        left,
        (BUILD_SECONDS_PER_MOVE + SWAPS_SECONDS_PER_MOVE) * moves as f64,
    )
}

/// Whether pricing, its restricted LP built, with `left` seconds of its limit starts
/// no swaps over `moves` candidate moves.
pub(super) fn too_late_for_swaps(left: Option<f64>, moves: usize) -> bool {
    too_late(left, SWAPS_SECONDS_PER_MOVE * moves as f64)
}

/// The candidate moves (indices into `full.moves`) of greedily chosen swaps, cheapest
/// first: backbone swaps until the backbone target is met with headroom, then any
/// swap until the exchange target is, never more departures from a school than its
/// outflow cap and never a teacher twice; each teacher pinned to move first, by their
/// cheapest swap ([`pinned_swaps`]), and all their moves are added
/// too (the LP cannot meet their pin without them). The search widens only when the
/// wider search would end before `deadline`, or takes less than [`START_GRACE`] (it
/// takes the last search's time in proportion to the schools it looks at: at 100,000
/// teachers 0.5 s among the 12 nearest schools, 1 s among the 24 nearest); else its
/// swaps so far stand (`cut_short`).
pub(super) fn swaps(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    reached: &Reached,
    rules: &ModelRules,
    deadline: Option<Instant>,
) -> Start {
    swaps_within(county, policy, full, reached, rules, deadline, START_GRACE)
}

/// [`swaps`], widening past `deadline` only a search shorter than `grace` seconds.
fn swaps_within(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    reached: &Reached,
    rules: &ModelRules,
    deadline: Option<Instant>,
    grace: f64,
) -> Start {
    // Swaps between neighbouring schools first (few moves, fast); more distant
    // neighbours only when the near ones cannot meet the targets.
    let mut near = NEAR_SCHOOLS;
    // Once they move as many teachers as the outflow caps let swaps move, wider ones
    // move no more, and an exchange target they miss stays missed: the widest search
    // comes next, for the cheapest swaps (the first columns; on the family's
    // `d20k-outflow10`, a 10 % cap, the swaps among the 12 nearest schools moved those
    // 1,312 already, and four searches in between took 0.45 s to find the same; the
    // nearest swaps alone, 6 % dearer, made pricing 0.7 s slower).
    let most = most_swapped(county, policy, rules);
    let pinned = pinned_swaps(county, full, rules);
    loop {
        let began = Instant::now();
        let near_pairs = reached.nearest(county, near);
        let mut start = swaps_among(county, policy, full, near_pairs, rules, &pinned);
        if start.met || near >= county.schools.len() {
            return start;
        }
        let moved = start.swapped.len();
        let wider = if moved >= most && moved < rules.targets.exchange as usize {
            county.schools.len()
        } else {
            near * 2
        };
        let seconds = began.elapsed().as_secs_f64() * wider as f64 / near as f64;
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64());
        if too_late_within(left, seconds, grace) {
            start.cut_short = true;
            return start;
        }
        near = wider;
    }
}

/// The most teachers swaps can move: per school, its teachers with a candidate move,
/// at most its outflow cap (`ModelRules::departures_max`), summed; under direction `cross_zone` twice the lesser of
/// the urban and the rural schools' sums, as each swap moves one teacher out of
/// each zone.
fn most_swapped(county: &County, policy: &Policy, rules: &ModelRules) -> usize {
    let mut by_zone = [0usize; 2];
    for (s, school) in county.schools.iter().enumerate() {
        by_zone[usize::from(school.zone == Zone::Rural)] += rules.departures_max(s) as usize;
    }
    match policy.rules.direction {
        Direction::CrossZone => 2 * by_zone[0].min(by_zone[1]),
        Direction::Any => by_zone[0] + by_zone[1],
    }
}

/// [`swaps`] between the school pairs `near` (each school and its nearest destinations).
fn swaps_among(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    near: SchoolPairs,
    rules: &ModelRules,
    pinned: &Pinned,
) -> Start {
    let backbone_of = |t: usize| county.teachers[t].backbone.is_backbone();
    // Moves by (from, to, subject, backbone), cheapest first: one sort, each lane a
    // run of `order` (a map of millions of small vectors costs seconds at 100,000
    // teachers).
    let lane_of = |j: usize| -> Lane {
        let m = &full.moves[j];
        (
            county.teachers[m.teacher].school,
            m.school,
            rules.subject_of[m.teacher],
            backbone_of(m.teacher),
        )
    };
    // Swaps between neighbouring schools only: each school and its nearest few
    // destinations, both ways. All moves (14 million at 100,000 teachers) take seconds
    // to sort, and a swap between far schools is seldom needed; each teacher's own
    // cheapest moves would not do, as the partner's way back is seldom among theirs.
    let mut keyed: Vec<(Lane, f64, usize)> = (0..full.moves.len())
        .filter(|&j| {
            let m = &full.moves[j];
            near.contains(county.teachers[m.teacher].school, m.school)
        })
        .map(|j| (lane_of(j), full.moves[j].cost, j))
        .collect();
    keyed.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(x.2.cmp(&y.2)));
    let order: Vec<usize> = keyed.iter().map(|k| k.2).collect();
    let mut lanes: Vec<(Lane, std::ops::Range<usize>)> = Vec::new();
    for (i, &(key, _, _)) in keyed.iter().enumerate() {
        match lanes.last_mut() {
            Some((last, run)) if *last == key => run.end = i + 1,
            _ => lanes.push((key, i..i + 1)),
        }
    }
    let find = |key: &Lane| lanes.binary_search_by(|(k, _)| k.cmp(key)).ok();
    // The lanes' pairs: the same standing both ways (A < B), and a backbone teacher
    // one way for another teacher the other way (taken only where it keeps the CV).
    let mut lane_pairs: Vec<(usize, usize)> = Vec::new();
    for (i, &((a, b, subject, backbone), _)) in lanes.iter().enumerate() {
        for back_backbone in [backbone, false] {
            let same = back_backbone == backbone;
            if (same && a < b) || (!same && backbone) {
                if let Some(k) = find(&(b, a, subject, back_backbone)) {
                    lane_pairs.push((i, k));
                }
            }
        }
    }

    let targets = rules.targets;
    let movers_needed = (targets.exchange as f64 * HEADROOM).ceil() as usize;
    let backbone_needed = match targets.backbone_count {
        Some(count) => count as f64,
        None => targets.backbone_share * targets.exchange as f64,
    };
    let backbone_needed = (backbone_needed * HEADROOM).ceil() as usize;
    // Under base `exchanged` a swap with fewer than `share` backbone teachers of its
    // two lowers the backbone share of the movers: none is taken that would put it
    // below the target's.
    let share_kept = |backbone: usize, movers: usize| {
        targets.backbone_count.is_some()
            || backbone as f64 >= targets.backbone_share * movers as f64
    };

    let mut taken = Taken {
        balance: Counts::new(county, policy),
        moved: vec![false; county.teachers.len()],
        departures: vec![0u32; county.schools.len()],
    };
    let mut chosen: Vec<usize> = Vec::new();
    let mut backbone = 0usize;
    // Each teacher pinned to move first, by their cheapest swap that can be taken: the
    // swaps are then a plan that honours the pins, where they meet the targets.
    for swaps in &pinned.swaps {
        if let Some(swap) = swaps
            .iter()
            .find(|swap| taken.take(county, full, rules, swap, &mut chosen))
        {
            backbone += swap.backbone;
        }
    }
    // Each pass pairs the i-th cheapest teacher still free of one lane with the i-th
    // of its partner lane, then takes the pairs cheapest first: pairs with backbone
    // teachers (cheapest per backbone teacher) while the backbone target wants them,
    // then any. A teacher taken by a cheaper pair elsewhere leaves their lane's
    // partners for the next pass.
    for _pass in 0..PASSES {
        if backbone >= backbone_needed && chosen.len() >= movers_needed {
            break;
        }
        let open = |s: usize| taken.departures[s] < rules.outflow_cap[s];
        let mut pairs: Vec<Swap> = Vec::new();
        for &(there, back) in &lane_pairs {
            let ((a, b, _, there_backbone), _) = lanes[there];
            if !open(a) || !open(b) {
                continue;
            }
            let moved = &taken.moved;
            let free = |lane: usize| {
                order[lanes[lane].1.clone()]
                    .iter()
                    .copied()
                    .filter(move |&j| !moved[full.moves[j].teacher])
            };
            for (j, k) in free(there).zip(free(back)) {
                pairs.push(Swap {
                    cost: full.moves[j].cost + full.moves[k].cost,
                    backbone: usize::from(there_backbone) + usize::from(lanes[back].0 .3),
                    moves: (j, k),
                });
            }
        }
        if pairs.is_empty() {
            break;
        }
        let before = chosen.len();
        let mut take = |swap: &Swap, chosen: &mut Vec<usize>| -> bool {
            taken.take(county, full, rules, swap, chosen)
        };
        pairs.sort_by(|x, y| {
            let per = |s: &Swap| s.cost / s.backbone.max(1) as f64;
            (y.backbone > 0)
                .cmp(&(x.backbone > 0))
                .then(per(x).total_cmp(&per(y)))
                .then(x.moves.cmp(&y.moves))
        });
        for swap in pairs.iter().take_while(|s| s.backbone > 0) {
            if backbone >= backbone_needed {
                break;
            }
            if share_kept(backbone + swap.backbone, chosen.len() + 2) && take(swap, &mut chosen) {
                backbone += swap.backbone;
            }
        }
        pairs.sort_by(|x, y| x.cost.total_cmp(&y.cost).then(x.moves.cmp(&y.moves)));
        for swap in &pairs {
            if chosen.len() >= movers_needed {
                break;
            }
            if share_kept(backbone + swap.backbone, chosen.len() + 2) && take(swap, &mut chosen) {
                backbone += swap.backbone;
            }
        }
        if chosen.len() == before {
            break;
        }
    }
    chosen.sort_unstable();
    // The swaps are a plan of their own when they meet both targets and move every
    // teacher pinned to move (each by a swap of their own, taken first): every other
    // hard rule holds by construction, and the round checks it once more like any
    // answer.
    let movers = chosen.len();
    let backbone_met = match targets.backbone_count {
        Some(count) => backbone >= count as usize,
        None => backbone as f64 >= targets.backbone_share * movers as f64,
    };
    let met = movers >= targets.exchange as usize && backbone_met;
    let pins_held = full.must_move.iter().all(|&t| taken.moved[t]);
    let plan = (pins_held && met).then(|| chosen.clone());
    let swapped = chosen.clone();
    let mut columns = chosen;
    // Every move of the pinned teachers, with their `once` rows `= 1` from the first
    // round, and their partners' (all of them, whether or not a swap took them: the
    // LP chooses).
    columns.extend(&pinned.moves);
    columns.extend(pinned.swaps.iter().flatten().map(|swap| swap.moves.1));
    columns.sort_unstable();
    columns.dedup();
    Start {
        columns,
        plan,
        met,
        swapped,
        cut_short: false,
    }
}

/// What the swaps taken so far hold: the balance counts, the teachers moved, the
/// departures per school.
struct Taken<'a> {
    balance: Counts<'a>,
    moved: Vec<bool>,
    departures: Vec<u32>,
}

impl Taken<'_> {
    /// Takes `swap` (its moves join `chosen`) unless a teacher of it is taken, a
    /// school's outflow cap is reached, or it would raise the CV.
    fn take(
        &mut self,
        county: &County,
        full: &Candidates,
        rules: &ModelRules,
        swap: &Swap,
        chosen: &mut Vec<usize>,
    ) -> bool {
        let (j, k) = swap.moves;
        let (tj, tk) = (full.moves[j].teacher, full.moves[k].teacher);
        let (a, b) = (county.teachers[tj].school, county.teachers[tk].school);
        if self.moved[tj]
            || self.moved[tk]
            || self.departures[a] >= rules.outflow_cap[a]
            || self.departures[b] >= rules.outflow_cap[b]
            || !self.balance.swap_keeps(tj, tk, a, b)
        {
            return false;
        }
        self.balance.apply(tj, tk, a, b);
        self.moved[tj] = true;
        self.moved[tk] = true;
        self.departures[a] += 1;
        self.departures[b] += 1;
        chosen.extend([j, k]);
        true
    }
}

/// Partners kept per move of a pinned teacher: the cheapest moves of colleagues of
/// their subject the other way.
const PARTNERS: usize = 4;

/// The swaps open to each teacher pinned to move, cheapest first: each of their moves
/// (from A to B) with one of the [`PARTNERS`] cheapest moves of a teacher of their
/// subject, not pinned, from B to A. A pinned teacher's move may go anywhere the rules
/// allow, beyond the nearest schools the other swaps look at, and without a partner
/// the restricted LP has no solution until its elastics are let free
/// (`Layout::push_elastic`), whose duals then price in the chain that fills the post.
/// One pass over the moves, only in a round with such pins.
fn pinned_swaps(county: &County, full: &Candidates, rules: &ModelRules) -> Pinned {
    if full.must_move.is_empty() {
        return Pinned::default();
    }
    let pinned = |t: usize| full.must_move.binary_search(&t).is_ok();
    let home = |t: usize| county.teachers[t].school;
    let backbone_of = |t: usize| usize::from(county.teachers[t].backbone.is_backbone());
    let lane = |j: usize| {
        let m = &full.moves[j];
        (home(m.teacher), m.school, rules.subject_of[m.teacher])
    };
    // Each pinned teacher's moves, and the partners' lanes they want.
    let mut own: Vec<Vec<usize>> = vec![Vec::new(); full.must_move.len()];
    let mut partners: std::collections::HashMap<(usize, usize, u32), Vec<(f64, usize)>> =
        std::collections::HashMap::new();
    for (j, m) in full.moves.iter().enumerate() {
        if let Ok(i) = full.must_move.binary_search(&m.teacher) {
            own[i].push(j);
            let (a, b, subject) = lane(j);
            partners.entry((b, a, subject)).or_default();
        }
    }
    for (k, m) in full.moves.iter().enumerate() {
        if let Some(found) = partners.get_mut(&lane(k)) {
            if !pinned(m.teacher) {
                found.push((m.cost, k));
            }
        }
    }
    for found in partners.values_mut() {
        found.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        found.truncate(PARTNERS);
    }
    let swaps = own
        .iter()
        .map(|moves| {
            let mut swaps: Vec<Swap> = moves
                .iter()
                .flat_map(|&j| {
                    let (a, b, subject) = lane(j);
                    let m = &full.moves[j];
                    partners[&(b, a, subject)]
                        .iter()
                        .map(move |&(cost, k)| Swap {
                            cost: m.cost + cost,
                            backbone: backbone_of(m.teacher) + backbone_of(full.moves[k].teacher),
                            moves: (j, k),
                        })
                })
                .collect();
            swaps.sort_by(|x, y| x.cost.total_cmp(&y.cost).then(x.moves.cmp(&y.moves)));
            swaps
        })
        .collect();
    Pinned {
        moves: own.concat(),
        swaps,
    }
}

/// The teachers pinned to move: all their moves, and the swaps open to each.
#[derive(Default)]
struct Pinned {
    moves: Vec<usize>,
    swaps: Vec<Vec<Swap>>,
}

/// Pricing's first columns from swaps, and the plan they make.
pub(super) struct Start {
    /// Moves (indices into the candidates) to start the restricted LP with.
    pub(super) columns: Vec<usize>,
    /// The swaps' moves, when they meet both targets: a plan to fall back on when the
    /// time limit ends pricing before a better one is found.
    pub(super) plan: Option<Vec<usize>>,
    /// The swaps meet both targets (a plan of their own when they move every teacher
    /// pinned to move): the search widens no further. A pinned teacher without a swap
    /// (only a chain of moves takes their post) makes them no plan, and widening for
    /// one (to every school pair: 23 s and 0.7 GB on the 100,000-teacher practice
    /// county) would find none either: the pinned swaps look at every school already.
    pub(super) met: bool,
    /// The swaps' moves, whether or not they meet the targets (`plan` when they do).
    pub(super) swapped: Vec<usize>,
    /// The limit ended the search before a wider one: swaps short of the targets then
    /// tell nothing of their reach.
    pub(super) cut_short: bool,
}

#[cfg(test)]
#[path = "start_tests.rs"]
mod tests;
