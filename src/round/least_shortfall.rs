//! The least target shortfall of a policy, and the cheaper question of whether some
//! plan falls below a given shortfall: what [`keep_binding`](super::explain::keep_binding)
//! asks of each rule it relaxes.

use crate::model::county::County;
use crate::model::moves::Move;
use crate::model::pins::Pins;
use crate::model::policy::Policy;
use crate::round::inputs::{round_candidates, RoundInputs};
use crate::rules::candidates::{CandidateLimit, Candidates};
use crate::solve::formulation::formulate;
use crate::solve::highs::{SolveOptions, SolveStatus};

/// The least target shortfall `u + v` of `policy` with the round's `pins` (the
/// previous plan plays no part in it), proven with gap 0 within `options`' time limit;
/// `None` when it could not be found in time.
pub fn least_target_shortfall(
    county: &County,
    policy: &Policy,
    pins: Option<&Pins>,
    options: &SolveOptions,
) -> Option<f64> {
    let start = std::time::Instant::now();
    if !lists_in_time(county, policy, options) {
        return None;
    }
    let cands = every_move(county, policy, pins, options.threads)?;
    // A model that cannot be built in what is left is not begun (the build ignores the
    // clock). Only the figure of a binding balance rule asks this, over the round's
    // own moves (relaxing the balance rule opens none), which `plan` built in time.
    let left = options.left_since(start);
    if !left.builds_in_time(cands.moves.len()) {
        return None;
    }
    let exact = SolveOptions { gap: 0.0, ..left };
    let (o, _) = crate::solve::reach::least_shortfall_stage(
        |v| {
            formulate(
                county,
                policy,
                &cands,
                v,
                crate::solve::formulation::Stage::Targets,
            )
        },
        &crate::solve::start_basis::BasisSlot::new(),
        &exact,
    )
    .ok()?;
    (o.status == SolveStatus::Optimal).then_some(o.objective.max(0.0))
}

/// Every move `policy` allows with the round's `pins` (the previous plan plays no part).
fn every_move(
    county: &County,
    policy: &Policy,
    pins: Option<&Pins>,
    threads: Option<u32>,
) -> Option<Candidates> {
    moves_within(county, policy, pins, CandidateLimit::All, threads)
}

/// The moves `policy` allows with the round's `pins` within `limit`.
fn moves_within(
    county: &County,
    policy: &Policy,
    pins: Option<&Pins>,
    limit: CandidateLimit,
    threads: Option<u32>,
) -> Option<Candidates> {
    let eligibility = crate::rules::eligibility::county_eligibility(county, policy);
    let inputs = RoundInputs {
        pins,
        ..RoundInputs::default()
    };
    round_candidates(county, policy, &eligibility, limit, inputs, threads).ok()
}

/// Seconds per pair of an eligible teacher and a school that listing a question's
/// moves takes, every allowed move and each teacher's nearest (the lists do not look
/// at the clock): 1.7–2.1 s for the 29,197 × 1,500 pairs of the 100,000-teacher
/// practice county under `stay-in-groups` with the commute cap, direction and
/// partnership rule lifted (27 M moves), listed on both cores of the 2-core machine
/// (4.8·10⁻⁸ s a pair). On one core (`--threads 1`, or a county of up to 20,000
/// teachers) the lists take about 1.5 times as long ("The candidate moves on both
/// cores", `docs/benchmarks.md`); with room for that and a slower day.
const LIST_SECONDS_PER_PAIR: f64 = 1.2e-7;

/// Whether a question's lists of moves can be made within what is left of `options`'
/// time limit (a question begun without this check ended 0.9 s past its limit there).
fn lists_in_time(county: &County, policy: &Policy, options: &SolveOptions) -> bool {
    if options.time_limit.is_none() {
        return true;
    }
    let eligible = crate::rules::eligibility::county_eligibility(county, policy)
        .iter()
        .filter(|e| e.is_eligible())
        .count();
    lists_fit(eligible * county.schools.len(), options.time_limit)
}

/// Whether lists over `pairs` of an eligible teacher and a school fit in `limit`.
fn lists_fit(pairs: usize, limit: Option<f64>) -> bool {
    limit.is_none_or(|t| LIST_SECONDS_PER_PAIR * pairs as f64 <= t)
}

/// The moves of `cands` that the small model of a question holds: each teacher's moves
/// in `nearest` and in `plan`. Each teacher's schools are a short list, and every move
/// is tested against its own teacher's (a relaxed commute cap opens 27 M moves on the
/// 100,000-teacher practice county, where hashing each pair and cloning the whole list
/// took 4.2 s).
fn small_model_moves(
    teachers: usize,
    cands: &Candidates,
    nearest: &Candidates,
    plan: &[Move],
) -> Candidates {
    let mut small: Vec<Vec<usize>> = vec![Vec::new(); teachers];
    let pairs = nearest.moves.iter().map(|m| (m.teacher, m.school));
    for (teacher, school) in pairs.chain(plan.iter().map(|m| (m.teacher, m.to))) {
        small[teacher].push(school);
    }
    Candidates {
        moves: cands
            .moves
            .iter()
            .filter(|m| small[m.teacher].contains(&m.school))
            .copied()
            .collect(),
        eligible: cands.eligible.clone(),
        stranded: cands.stranded.clone(),
        must_move: cands.must_move.clone(),
    }
}

/// The moves per teacher of the small model [`shortfall_below`] tries first.
const NEAREST_MOVES: usize = 4;

/// What the relaxation of the model over `cands` settles about a plan under
/// `threshold`: "no" when its bound is not below (or it has no point), "yes" when its
/// optimum is whole or a plan completed from it falls under; `None` otherwise. With
/// it, the backbone movers' cap where the reach wrote one (for the race of the search
/// that follows an unsettled answer, `solve::reach_race`). Each
/// solve runs with the options `options` gives at its start (what is left of a time
/// limit then).
fn lp_settles(
    county: &County,
    policy: &Policy,
    cands: &Candidates,
    threshold: f64,
    options: &dyn Fn() -> SolveOptions,
) -> (Option<bool>, Option<f64>) {
    use crate::solve::formulation::{MoveVariables, Stage};
    let relaxed = || {
        formulate(
            county,
            policy,
            cands,
            MoveVariables::Relaxed,
            Stage::Targets,
        )
    };
    // The relaxation's own basis, for the backbone movers' reach and the capped
    // relaxation below: the caller's start basis is of the round's model, not of this
    // question's (a relaxed rule changes the moves and rows), and from that basis,
    // repaired, the reach's primal simplex spent 3.9 s in its first phase on the
    // family's `c4k-bb8` at 35 %. Only a relaxation solved penalised first (from
    // `PENALISED_FIRST_NONZEROS`, `solve::highs`) leaves one; below, both start from
    // scratch.
    // Each model of the question holds every move of `cands`; one that cannot be built
    // within what is left of the limit is not begun: the build does not look at the
    // clock (on the practice county `district-20k` under `stay-in-groups` with
    // `--time-limit 1`, the question without the commute cap built 994,011 moves for
    // 1.7 s after its time had gone, and the command ended at 2.6 s).
    let in_time = || options().builds_in_time(cands.moves.len());
    if !in_time() {
        return (None, None);
    }
    let own = crate::solve::start_basis::BasisSlot::new();
    let recording = SolveOptions {
        record_basis: own.clone(),
        ..options()
    };
    // No relaxed plan at all: no plan either. With the time gone, nothing is built.
    let Ok((lp, _)) = crate::solve::highs::relaxation_built(relaxed, &recording) else {
        return (None, None);
    };
    let Some(lp) = lp else {
        return (Some(false), None);
    };
    if lp.bound >= threshold {
        return (Some(false), None);
    }
    if lp.integral.is_some() {
        // A whole relaxed optimum under the threshold is a plan under it.
        return (Some(true), None);
    }
    // Capped by the backbone movers' reach, the bound may rise to the threshold (where
    // the relaxed rule does not hold the backbone movers back, it rises to the least
    // shortfall the round proved: on the family's `c4k-bb8` at an exchange rate of 40 %
    // a question's search took 40 s without the cap).
    if !in_time() {
        return (None, None);
    }
    let build = |v: MoveVariables| formulate(county, policy, cands, v, Stage::Targets);
    let (settled, cap) = crate::solve::reach::reach_settles_with_cap(
        build,
        lp.shortfall_backbone,
        threshold,
        &SolveOptions {
            start_basis: own.get(),
            ..options()
        },
    );
    if settled == Some(true) {
        return (Some(false), cap);
    }
    // The relaxation's whole moves fixed and the rest completed: the quickest plan
    // when one under the threshold is near the relaxation (HiGHS's own search for a
    // first plan took 10.7 s where this takes 0.3).
    if !in_time() {
        return (None, cap);
    }
    let fixed = MoveVariables::FixedWhereIntegral(&lp.x);
    let completed = || formulate(county, policy, cands, fixed, Stage::Targets);
    // Any plan under the threshold settles it, proven optimal or not.
    let answer = match crate::solve::highs::solve_built(completed, &options()) {
        Ok(o) if !o.x.is_empty() && o.status != SolveStatus::Infeasible => {
            (o.objective < threshold).then_some(true)
        }
        _ => None,
    };
    (answer, cap)
}

/// Whether some plan of `policy` with the round's `pins` falls short of the targets by
/// less than `least − 1e-6`: `None` when that could not be settled in time. Cheaper
/// than the least shortfall itself: the LP relaxation settles "no" when its bound is
/// not below, a plan completed from the relaxation often settles "yes", and otherwise
/// branch and bound seeks only plans under the threshold and stops at the first
/// (measured on the family's `c4k-outflow10`: two exact solves of 10.7 s and 10.9 s
/// became well under a second each, the whole plan 19.4 s → 4.3 s). Before all that, a
/// small model over each teacher's nearest moves and the moves of `plan` (the round's
/// plan, of the policy before a rule was relaxed) may settle "yes".
pub fn shortfall_below(
    county: &County,
    policy: &Policy,
    pins: Option<&Pins>,
    least: f64,
    plan: &[Move],
    options: &SolveOptions,
) -> Option<bool> {
    use crate::solve::formulation::{MoveVariables, Stage};
    // With the time gone, no candidate moves or models either (`lp_settles`).
    if options.spent() {
        return None;
    }
    let start = std::time::Instant::now();
    let threshold = least - 1e-6;
    // Each step gets what is left of the time limit, not a fresh one.
    let exact = || SolveOptions {
        gap: 0.0,
        ..options.left_since(start)
    };
    // A plan over the few nearest moves of each teacher, and the moves of `plan`, is a
    // plan of the policy (the other moves not made): when one falls under the
    // threshold, the answer is "yes" for the price of a small model (a relaxed rule
    // that opens every school to every teacher doubles the model, whose relaxation took
    // 2.0 s on the family's `c4k-outflow10` and 9.5 s on `c6k-cv-caps`). With the
    // round's plan among them, the small model's least is at most that plan's. Not in
    // a stable round with wishes: a no-envy row is written only for a wished move
    // among the model's, so a model without some of them could let a teacher take a
    // school a teacher with more points wished for. The small model gets at most half
    // of what is left of a time limit, so that a "no" is still settled by the whole.
    if !lists_in_time(county, policy, options) {
        return None;
    }
    let cands = every_move(county, policy, pins, options.threads)?;
    let small_limit = options.time_limit.map(|t| t / 2.0);
    let small_options = || SolveOptions {
        time_limit: small_limit.map(|t| (t - start.elapsed().as_secs_f64()).max(0.01)),
        ..exact()
    };
    let stable = policy.rules.stable && county.wishes.any();
    let nearest = (!stable)
        .then(|| {
            moves_within(
                county,
                policy,
                pins,
                CandidateLimit::Nearest(NEAREST_MOVES),
                options.threads,
            )
        })
        .flatten();
    if let Some(nearest) = nearest {
        let few = small_model_moves(county.teachers.len(), &cands, &nearest, plan);
        if few.moves.len() < cands.moves.len()
            && lp_settles(county, policy, &few, threshold, &small_options).0 == Some(true)
        {
            return Some(true);
        }
    }
    let (answer, cap) = lp_settles(county, policy, &cands, threshold, &exact);
    if answer.is_some() {
        return answer;
    }
    // Where the backbone movers' reach capped the relaxation without settling it, the
    // most backbone movers is sought beside the search below, on the second core
    // (`solve::reach_race`): a most under the cap may lift the capped bound to the
    // threshold, a "no" that ends the search (its answer does not depend on which
    // thread finishes first). Asked to stop when the question ends (dropped).
    let race = cap.and_then(|cap| {
        crate::solve::reach_race::Race::start(
            |v| formulate(county, policy, &cands, v, Stage::Targets),
            cands.moves.len(),
            cap,
            &exact(),
        )
    });
    // A search stopped at its first plan reads as a time-out with a plan. HiGHS may
    // count a plan above the cutoff as its first (the nobody-moves plan is one), so
    // only a plan under the threshold says "yes", only a finished search says "no",
    // and a first plan above the threshold is followed by the whole search.
    for first_plan in [true, false] {
        // Not begun when the model cannot be built in time (see `lp_settles`).
        if !exact().builds_in_time(cands.moves.len()) {
            return None;
        }
        let model = || {
            formulate(
                county,
                policy,
                &cands,
                MoveVariables::Binary,
                Stage::Targets,
            )
        };
        // What is left once the model is built (none: no model built).
        let sought = SolveOptions {
            cutoff: Some(threshold),
            first_plan,
            outside_bound: race.as_ref().map(|r| r.bound()),
            beside_race: cap.is_some()
                && crate::solve::reach_race::Race::may_start(cands.moves.len(), &exact()),
            ..exact()
        };
        let o = match crate::solve::highs::solve_built(model, &sought) {
            Ok(o) => o,
            // Stopped at a first plan above the cutoff: the whole search follows.
            Err(crate::model::error::RotationError::TimeLimit(_)) if first_plan => continue,
            Err(_) => return None,
        };
        if !o.x.is_empty() && o.status != SolveStatus::Infeasible && o.objective < threshold {
            return Some(true);
        }
        if matches!(o.status, SolveStatus::Infeasible | SolveStatus::Optimal) {
            return Some(false);
        }
        let out_of_time = options
            .time_limit
            .is_some_and(|t| start.elapsed().as_secs_f64() >= t);
        if out_of_time {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A question lists its moves only where the lists fit in what is left of the
    /// limit: always without one, and by the pairs of eligible teachers and schools
    /// otherwise (the 100,000-teacher practice county's 29,197 × 1,500 not in the
    /// 1.5 s its question had left under `--time-limit 6`, `district-20k`'s 5,842 ×
    /// 320 in 0.3 s). A spent limit answers at once, before any list.
    #[test]
    fn a_question_lists_its_moves_only_in_time() {
        assert!(lists_fit(usize::MAX, None));
        assert!(!lists_fit(29_197 * 1_500, Some(1.5)));
        assert!(lists_fit(29_197 * 1_500, Some(10.0)));
        assert!(lists_fit(5_842 * 320, Some(0.3)));
        assert!(!lists_fit(5_842 * 320, Some(0.1)));
        let (county, policy) = tiny();
        let within = |limit: Option<f64>| SolveOptions {
            time_limit: limit,
            ..SolveOptions::default()
        };
        assert!(lists_in_time(&county, &policy, &within(None)));
        assert!(lists_in_time(&county, &policy, &within(Some(60.0))));
        assert_eq!(
            shortfall_below(&county, &policy, None, 1.0, &[], &within(Some(0.0))),
            None
        );
    }

    /// The small model holds exactly the moves whose teacher and school are among the
    /// nearest or the plan's (the pairs hashed, as before), in the candidates' order,
    /// with a plan's move also among the nearest counted once.
    #[test]
    fn the_small_model_holds_the_nearest_and_the_plans_moves() {
        let (county, mut policy) = tiny();
        policy.rules.max_commute_km = 1e6;
        let every = every_move(&county, &policy, None, Some(1)).expect("moves");
        let nearest = moves_within(&county, &policy, None, CandidateLimit::Nearest(1), Some(1))
            .expect("nearest");
        assert!(nearest.moves.len() < every.moves.len());
        // A plan of every third move, some of them among the nearest.
        let plan: Vec<Move> = every
            .moves
            .iter()
            .step_by(3)
            .map(|m| Move {
                teacher: m.teacher,
                to: m.school,
                km: 0.0,
            })
            .collect();
        let few = small_model_moves(county.teachers.len(), &every, &nearest, &plan);
        let wanted: std::collections::HashSet<(usize, usize)> = nearest
            .moves
            .iter()
            .map(|m| (m.teacher, m.school))
            .chain(plan.iter().map(|m| (m.teacher, m.to)))
            .collect();
        let expected: Vec<_> = every
            .moves
            .iter()
            .filter(|m| wanted.contains(&(m.teacher, m.school)))
            .copied()
            .collect();
        assert_eq!(few.moves, expected);
        assert!(few.moves.len() < every.moves.len() && few.moves.len() > nearest.moves.len());
        assert_eq!(few.eligible, every.eligible);
        assert_eq!(few.stranded, every.stranded);
        assert_eq!(few.must_move, every.must_move);
    }

    /// The tiny sample county under the Haiyan policy.
    fn tiny() -> (County, Policy) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let county = crate::input::instance::read_instance(&dir.join("instances/tiny"))
            .expect("sample county")
            .county;
        let policy = Policy::read(&dir.join("models/haiyan-2022.toml")).expect("policy");
        (county, policy)
    }
}
