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
pub use crate::solve::mip_watch::OutsideBound;
use crate::solve::mip_watch::{self, MipEnd, SendModel, StopWhen};
use highs::{HighsModelStatus, Model};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// HiGHS's absolute gap for the most backbone movers: their count is whole, so a
/// search whose bound is less than one above its plan has proven it.
const WHOLE_GAP: f64 = 0.999;

/// Below this fractional part a count counts as whole (HiGHS's tolerances).
const FRACTION: f64 = 1e-6;

/// A race under way: its bound, and its end asked for when dropped (the stage no
/// longer needs it; HiGHS stops at its next check, on its own thread).
pub struct Race {
    bound: Arc<OutsideBound>,
    done: Arc<AtomicBool>,
}

impl Race {
    /// Starts the race for a least-shortfall stage whose backbone movers are capped at
    /// `cap`, where a second core is there for it (`options.threads` not 1, and the
    /// machine has two): `build` makes the stage's model without the cap. Its models
    /// with whole and with relaxed moves are handed to HiGHS here, on the stage's
    /// thread; only HiGHS's instances go to the race's. `None`: not started.
    pub fn start(
        mut build: impl FnMut(MoveVariables) -> Formulation,
        cap: f64,
        options: &SolveOptions,
    ) -> Option<Race> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if options.threads.is_some_and(|t| t < 2) || cores < 2 || options.spent() {
            return None;
        }
        let quiet = quiet(options);
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
    pub fn bound(&self) -> Arc<OutsideBound> {
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
        let Some(most) = most_search(self.most.0, self.cap, &self.done) else {
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

/// The most backbone teachers any plan of `model` (a least-target-shortfall model
/// with whole moves) moves, proven by HiGHS on the calling thread within `options`'
/// time limit (gap and threads as the race sets them); `None` when time ran out or
/// HiGHS failed. The race's search without a cap to stop at: for tests and
/// researchers.
pub fn most_backbone_movers(model: Formulation, options: &SolveOptions) -> Option<f64> {
    let highs = most_model(model, &quiet(options))?;
    most_search(highs, f64::INFINITY, &Arc::new(AtomicBool::new(false)))
}

/// The options of the race's solves: HiGHS on one thread (the other is the stage's),
/// quiet (its log would interleave with the stage's), exact, within `options`' time
/// limit, with its seed and presolve.
fn quiet(options: &SolveOptions) -> SolveOptions {
    SolveOptions {
        threads: Some(1),
        verbose: false,
        gap: 0.0,
        time_limit: options.time_limit,
        seed: options.seed,
        presolve: options.presolve,
        ..SolveOptions::default()
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
fn most_search(model: Model, cap: f64, done: &Arc<AtomicBool>) -> Option<f64> {
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
