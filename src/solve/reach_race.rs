//! The backbone movers' most, proven by a MIP on the second core while the
//! least-shortfall stage searches (`docs/model.md`, "Backbone reach").
//!
//! The reach caps the backbone movers at the whole part of the relaxation's most. Where
//! no plan moves that many, the capped relaxation's bound stays below the least
//! shortfall, and branch and bound has to prove the last backbone mover missing on its
//! own: in year 2023 of the sample county's horizon (relaxation 101.42, cap 101, no
//! plan above 100) it held the least shortfall 45.69 from the completion on and took
//! 117–135 s to prove that nothing reaches 44.69. HiGHS maximising the backbone movers
//! over the same rows proves 100 in 15–19 s, but where the cap is attained (the
//! family's `c4k-bb8`) that MIP is time lost, so it runs beside the stage rather than
//! before it, on a core the stage's branch and bound does not use. When it proves a
//! most below the cap, the relaxation capped there gives a bound ([`OutsideBound`])
//! that every plan of the stage respects; the stage's last branch and bound stops as
//! soon as its cutoff is within the gap of it (`mip_watch::StopWhen`).
//!
//! The plan written does not depend on which finishes first: the bound only ends a
//! search for a plan cheaper than the incumbent, and such a search that runs to its
//! end keeps the incumbent on a tie too (`highs::search_from_relaxation`).

use crate::solve::formulation::{Formulation, MoveVariables};
use crate::solve::highs::{highs_model, run_relaxation, set_costs, SolveOptions};
use crate::solve::mip_watch::{self, MipEnd, SendModel, StopWhen};
use highs::{HighsModelStatus, Model};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// A lower bound on a stage's objective, raised by another thread while the stage
/// runs (−∞ until then).
pub struct OutsideBound(AtomicU64);

impl OutsideBound {
    /// No bound yet.
    pub fn new() -> OutsideBound {
        OutsideBound(AtomicU64::new(f64::NEG_INFINITY.to_bits()))
    }

    /// The bound proven so far.
    pub fn get(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::SeqCst))
    }

    /// Raises the bound to `b` (never lowers it).
    pub fn raise(&self, b: f64) {
        let _ = self
            .0
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |old| {
                (b > f64::from_bits(old)).then_some(b.to_bits())
            });
    }
}

impl Default for OutsideBound {
    fn default() -> Self {
        OutsideBound::new()
    }
}

impl std::fmt::Debug for OutsideBound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OutsideBound({})", self.get())
    }
}

/// Equal to any other: like the observer, it does not change what is solved, only
/// when a search may stop.
impl PartialEq for OutsideBound {
    fn eq(&self, _: &OutsideBound) -> bool {
        true
    }
}

/// HiGHS's absolute gap for the most backbone movers: their count is whole, so a
/// search whose bound is less than one above its plan has proven it.
const WHOLE_GAP: f64 = 0.999;

/// Below this fractional part a count counts as whole (HiGHS's tolerances).
const FRACTION: f64 = 1e-6;

/// A race under way: its bound, and its end asked for when dropped (the stage no
/// longer needs it; HiGHS stops at its next check, on its own thread).
pub(crate) struct Race {
    bound: Arc<OutsideBound>,
    done: Arc<AtomicBool>,
}

impl Race {
    /// Starts the race for a least-shortfall stage whose backbone movers are capped at
    /// `cap`, where a second core is there for it (`options.threads` not 1, and the
    /// machine has two): `build` makes the stage's model without the cap. Its models
    /// with whole and with relaxed moves are handed to HiGHS here, on the stage's
    /// thread; only HiGHS's instances go to the race's. `None`: not started.
    pub(crate) fn start(
        mut build: impl FnMut(MoveVariables) -> Formulation,
        cap: f64,
        options: &SolveOptions,
    ) -> Option<Race> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if options.threads.is_some_and(|t| t < 2) || cores < 2 || options.spent() {
            return None;
        }
        let quiet = SolveOptions {
            threads: Some(1),
            verbose: false,
            gap: 0.0,
            cutoff: None,
            proven_bound: None,
            search_gap: None,
            first_plan: false,
            node_limit: None,
            ..SolveOptions::default()
        };
        let quiet = SolveOptions {
            time_limit: options.time_limit,
            seed: options.seed,
            presolve: options.presolve,
            ..quiet
        };
        let most = most_model(build(MoveVariables::Binary), &quiet)?;
        let mut capped = build(MoveVariables::Relaxed);
        capped.cap_backbone_movers(cap);
        let capped = highs_model(capped, &quiet).ok()?;
        let bound = Arc::new(OutsideBound::new());
        let done = Arc::new(AtomicBool::new(false));
        let on_thread = RaceThread {
            most: SendModel(most),
            capped: SendModel(capped),
            cap,
            bound: bound.clone(),
            done: done.clone(),
        };
        mip_watch::spawn_counted("rotation-reach", move || {
            // Moved whole (a closure would capture the fields, not the wrapper).
            let on_thread = on_thread;
            on_thread.run()
        })
        .then_some(Race { bound, done })
    }

    /// The bound the race proves (−∞ until it does).
    pub(crate) fn bound(&self) -> Arc<OutsideBound> {
        self.bound.clone()
    }
}

impl Drop for Race {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
    }
}

/// What the race's thread holds: HiGHS's instances of the MIP of the most backbone
/// movers and of the relaxation with the cap as its last row, each used by one thread
/// at a time (`mip_watch::SendModel`).
struct RaceThread {
    most: SendModel,
    capped: SendModel,
    cap: f64,
    bound: Arc<OutsideBound>,
    done: Arc<AtomicBool>,
}

impl RaceThread {
    /// The most backbone movers; where below the cap, the bound of the relaxation
    /// capped there raised. Any failure or stop leaves the bound where it was: the
    /// stage proves its least shortfall without it.
    fn run(self) {
        let Some(most) = most_backbone_movers(self.most.0, self.cap, &self.done) else {
            return;
        };
        if most >= self.cap || self.done.load(Ordering::SeqCst) {
            return;
        }
        let mut capped = self.capped.0;
        // SAFETY: a live instance whose last row is the cap (`cap_backbone_movers`).
        let changed = unsafe {
            let ptr = capped.as_mut_ptr();
            let last = highs_sys::Highs_getNumRow(ptr) - 1;
            highs_sys::Highs_changeRowBounds(ptr, last, f64::NEG_INFINITY, most)
        };
        if changed == highs_sys::STATUS_ERROR {
            return;
        }
        if let Ok(Some(solved)) = run_relaxation(capped) {
            self.bound.raise(solved.objective_value());
        }
    }
}

/// HiGHS's MIP of the most backbone movers over `model` (a least-target-shortfall
/// model with whole moves): each backbone move costs −1, everything else nothing.
fn most_model(model: Formulation, options: &SolveOptions) -> Option<Model> {
    let mut cost = vec![0.0; model.x.len()];
    for &j in &model.backbone_moves {
        cost[j] = -1.0;
    }
    let mut highs = highs_model(model, options).ok()?;
    set_costs(&mut highs, &cost, 0.0).ok()?;
    highs.try_set_option("mip_abs_gap", WHOLE_GAP).ok()?;
    Some(highs)
}

/// The most backbone teachers any plan of `model` ([`most_model`]'s) moves, proven by
/// HiGHS; `None` when the search stopped first (`done` set, or a plan moving `cap`
/// found: the cap is attained), ran out of time or failed.
fn most_backbone_movers(model: Model, cap: f64, done: &Arc<AtomicBool>) -> Option<f64> {
    let stop: StopWhen = {
        let done = done.clone();
        // A plan moving `cap` backbone teachers (its objective −cap or below): the cap
        // is attained, and the race has nothing to prove.
        Arc::new(move |_, primal| done.load(Ordering::SeqCst) || primal <= -cap + 0.5)
    };
    let MipEnd::Solved(solved) = mip_watch::run(model, None, None, Some(stop), None).ok()? else {
        return None;
    };
    if solved.status() != HighsModelStatus::Optimal {
        return None;
    }
    let dual = solved.double_info_value(c"mip_dual_bound").ok()?;
    // Every plan moves at most −dual backbone teachers (the objective is their
    // negated count), so at most its whole part.
    Some((-dual + FRACTION).floor())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::BackboneBase;
    use crate::research::generate::generate;
    use crate::research::generator_spec::GeneratorSpec;
    use crate::rules::candidates::Candidates;
    use crate::solve::formulation::{formulate, Stage};
    use crate::solve::highs::{solve, solve_relaxation, solve_with_lp_first, SolveStatus};
    use crate::{County, Policy};
    use proptest::prelude::*;

    #[test]
    fn the_outside_bound_only_rises() {
        let b = OutsideBound::new();
        assert_eq!(b.get(), f64::NEG_INFINITY);
        b.raise(3.5);
        b.raise(2.0);
        assert_eq!(b.get(), 3.5);
        b.raise(4.0);
        assert_eq!(b.get(), 4.0);
        b.raise(f64::NAN);
        assert_eq!(b.get(), 4.0);
    }

    /// A small generated county under the Haiyan policy, its outflow cap and commute
    /// set, and `targets` applied.
    fn county(
        seed: u64,
        teachers: usize,
        schools: usize,
        targets: impl FnOnce(&mut Policy),
    ) -> (County, Policy, Candidates) {
        let county = generate(&GeneratorSpec::sized(teachers, schools, seed));
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut policy = Policy::read(&root.join("models/haiyan-2022.toml")).unwrap();
        policy.rules.outflow_cap = 0.5;
        policy.rules.max_commute_km = 25.0;
        targets(&mut policy);
        let eligibility = crate::rules::eligibility::county_eligibility(&county, &policy);
        let cands = crate::rules::candidates::candidates(&county, &policy, &eligibility);
        (county, policy, cands)
    }

    /// No exchange target, and every eligible backbone teacher the backbone target:
    /// the least shortfall is the eligible backbone teachers less the most any plan
    /// moves (as in `tests/backbone_reach.rs`).
    fn every_backbone_teacher(p: &mut Policy) {
        p.targets.exchange_rate = 0.0;
        p.targets.backbone_base = BackboneBase::EligibleBackbone;
        p.targets.backbone_share = 1.0;
    }

    fn exact() -> SolveOptions {
        SolveOptions {
            threads: Some(1),
            gap: 0.0,
            ..SolveOptions::default()
        }
    }

    /// The most backbone movers of any plan by branch and bound on the least shortfall
    /// (the oracle): the eligible backbone teachers less the least shortfall.
    fn oracle_most(county: &County, policy: &Policy, cands: &Candidates) -> (f64, f64) {
        let model = |v: MoveVariables| formulate(county, policy, cands, v, Stage::Targets);
        let target = f64::from(
            model(MoveVariables::Relaxed)
                .targets
                .backbone_count
                .unwrap_or(0),
        );
        let least = solve(model(MoveVariables::Binary), &exact()).unwrap();
        assert_eq!(least.status, SolveStatus::Optimal);
        let least = least.objective.max(0.0);
        ((target - least).round(), least)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

        #[test]
        fn the_most_backbone_movers_is_branch_and_bounds(
            seed in any::<u64>(),
            teachers in 120usize..600,
            schools in 6usize..12,
        ) {
            let (county, policy, cands) = county(seed, teachers, schools, every_backbone_teacher);
            let (oracle, _) = oracle_most(&county, &policy, &cands);
            let model = formulate(&county, &policy, &cands, MoveVariables::Binary, Stage::Targets);
            let highs = most_model(model, &exact()).unwrap();
            let done = Arc::new(AtomicBool::new(false));
            prop_assert_eq!(most_backbone_movers(highs, f64::INFINITY, &done), Some(oracle));
        }
    }

    proptest! {
        // Most of these counties end before the last branch and bound (a completion
        // proves them); among 64, a few reach it and stop there.
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// The stage's solve with the least shortfall already proven outside (the race
        /// won before the solve began, its earliest end) writes the plan it writes
        /// without: the bound ends only the last search for a plan cheaper than the
        /// incumbent, which keeps the incumbent on a tie either way.
        #[test]
        fn a_bound_proven_outside_changes_no_plan(
            seed in any::<u64>(),
            teachers in 120usize..400,
            schools in 6usize..10,
            rate in 0.2f64..0.8,
            share in 0.2f64..0.7,
        ) {
            let (county, policy, cands) = county(seed, teachers, schools, |p| {
                p.targets.exchange_rate = rate;
                p.targets.backbone_share = share;
            });
            let build = |v: MoveVariables| formulate(&county, &policy, &cands, v, Stage::Targets);
            let without = solve_with_lp_first(build, &exact()).unwrap();
            prop_assert_eq!(without.status, SolveStatus::Optimal);
            let bound = Arc::new(OutsideBound::new());
            bound.raise(without.objective);
            let with = solve_with_lp_first(
                build,
                &SolveOptions { outside_bound: Some(bound), ..exact() },
            )
            .unwrap();
            prop_assert_eq!(with.status, SolveStatus::Optimal);
            prop_assert!((with.objective - without.objective).abs() < 1e-6);
            prop_assert_eq!(with.x, without.x);
        }
    }

    /// Given a cap above the most any plan moves, the race proves the bound of the
    /// relaxation capped at that most, on its own thread: never above the least
    /// shortfall branch and bound proves, never below the uncapped relaxation's.
    #[test]
    fn the_race_proves_the_bound_of_the_most() {
        let mut raced = 0;
        for seed in 0..12u64 {
            let (county, policy, cands) = county(seed, 400, 10, every_backbone_teacher);
            let (most, least) = oracle_most(&county, &policy, &cands);
            if most == 0.0 {
                continue;
            }
            let model = |v: MoveVariables| formulate(&county, &policy, &cands, v, Stage::Targets);
            let lp = solve_relaxation(model(MoveVariables::Relaxed), &exact())
                .unwrap()
                .unwrap()
                .bound;
            let threads = SolveOptions {
                threads: None,
                ..exact()
            };
            let Some(race) = Race::start(model, most + 1.0, &threads) else {
                // One core: nothing raced.
                return;
            };
            let bound = race.bound();
            let asked = std::time::Instant::now();
            while !bound.get().is_finite() && asked.elapsed().as_secs() < 60 {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            let b = bound.get();
            assert!(b.is_finite(), "seed {seed}: no bound within 60 s");
            assert!(
                b <= least + 1e-6,
                "seed {seed}: {b} above the least {least}"
            );
            assert!(
                b >= lp - 1e-6,
                "seed {seed}: {b} below the relaxation's {lp}"
            );
            raced += 1;
        }
        assert!(raced >= 3, "only {raced} counties with a backbone mover");
    }
}
