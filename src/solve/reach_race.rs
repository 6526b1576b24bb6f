//! The backbone movers' most, proven by a MIP on the second core while the
//! least-shortfall stage searches (`docs/model.md`, "The most backbone movers, raced").
//!
//! The reach caps the backbone movers at the whole part of the relaxation's most. Where
//! no plan moves that many, the capped relaxation's bound stays below the least
//! shortfall, and branch and bound has to prove the last backbone mover missing on its
//! own: in year 2023 of the sample county's horizon (relaxation 101.42, cap 101, no
//! plan above 100) it held the least shortfall 45.69 from the completion on and took
//! 117–135 s to prove that nothing reaches 44.69. HiGHS maximising the backbone movers
//! over the same rows proves 100 in 15–19 s, but where the cap is attained (the
//! family's `c4k-bb8`) that MIP is time lost, so it runs beside the stage rather than
//! before it, on the second core. When it proves a most below the cap, the relaxation
//! capped there gives a bound ([`OutsideBound`]) that every plan of the stage
//! respects; the stage's last branch and bound stops as soon as its cutoff is within
//! a rounding tie of it (`mip_watch::StopWhen`).
//!
//! Without a time limit the plan written does not depend on which finishes first: the
//! bound only ends a search for a plan cheaper than the incumbent, which keeps the
//! incumbent on a tie whether it runs to its end or not (`highs::search_from_relaxation`).
//! Under a limit, the time a race saves is left to the stages after it.

use crate::solve::formulation::{Formulation, MoveVariables};
use crate::solve::highs::{highs_model, run_relaxation, set_costs, SolveOptions};
pub use crate::solve::mip_watch::OutsideBound;
use crate::solve::mip_watch::{self, MipEnd, Placement, SendModel, StopWhen};
use highs::{HighsModelStatus, Model};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// HiGHS's absolute gap for the most backbone movers: their count is whole, so a
/// search whose bound is less than one above its plan has proven it.
const WHOLE_GAP: f64 = 0.999;

/// Below this fractional part a count counts as whole (HiGHS's tolerances).
const FRACTION: f64 = 1e-6;

/// A race under way: its bound, and its end asked for when dropped (the stage no
/// longer needs it).
pub struct Race {
    bound: Arc<OutsideBound>,
    done: Arc<AtomicBool>,
    ended: mpsc::Receiver<()>,
}

/// The most moves a race's models may hold: beyond, a MIP of the most backbone
/// movers would not end in the stage's time, and its two models would cost the
/// stage their build (a why-short question lifting the commute cap on a
/// 20,000-teacher county holds about a million moves).
const RACE_MOVES: usize = 250_000;

/// How long a race dropped is waited for: HiGHS stops at its next check, within
/// milliseconds in its search; a step that does not look (its root's cut loop) is
/// left to end on its own thread, counted as running for the process's exit.
const END_WAIT: Duration = Duration::from_millis(200);

impl Race {
    /// Whether a race may start beside a solve of `moves` candidate moves under
    /// `options`: a second core for it (`options.threads` not 1, the machine has two)
    /// and models that fit. What depends on timing (another race running, the time
    /// left) is left to [`Race::start`]: the solve's MIPs leave a thread to the race
    /// on this answer alone (`SolveOptions::beside_race`).
    pub fn may_start(moves: usize, options: &SolveOptions) -> bool {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        options.threads.is_none_or(|t| t >= 2) && cores >= 2 && moves <= RACE_MOVES
    }

    /// Starts the race for a least-shortfall model of `moves` candidate moves whose
    /// backbone movers are capped at `cap`, where a second core is there for it
    /// (`options.threads` not 1, the machine has two, no other race runs) and the
    /// models fit: `build` makes the model without the cap. Its models with whole and
    /// with relaxed moves are handed to HiGHS here, on the caller's thread; only
    /// HiGHS's instances go to the race's. `None`: not started.
    pub fn start(
        mut build: impl FnMut(MoveVariables) -> Formulation,
        moves: usize,
        cap: f64,
        options: &SolveOptions,
    ) -> Option<Race> {
        if !Race::may_start(moves, options)
            || mip_watch::racing()
            || !options.builds_in_time(2 * moves)
        {
            return None;
        }
        let quiet = quiet(options);
        let deadline = options
            .time_limit
            .and_then(|t| Instant::now().checked_add(Duration::try_from_secs_f64(t).ok()?));
        let most = most_model(build(MoveVariables::Binary), &quiet)?;
        let mut capped = build(MoveVariables::Relaxed);
        capped.cap_backbone_movers(cap);
        let capped = highs_model(capped, &quiet).ok()?;
        let bound = Arc::new(OutsideBound::new());
        let done = Arc::new(AtomicBool::new(false));
        let (end, ended) = mpsc::channel();
        let on_thread = RaceThread {
            most: SendModel(most),
            capped: SendModel(capped),
            cap,
            deadline,
            bound: bound.clone(),
            done: done.clone(),
        };
        mip_watch::spawn_race(move || {
            on_thread.run();
            let _ = end.send(());
        })
        .then_some(Race { bound, done, ended })
    }

    /// The bound the race proves (−∞ until it does).
    pub fn bound(&self) -> Arc<OutsideBound> {
        self.bound.clone()
    }
}

impl Drop for Race {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
        let _ = self.ended.recv_timeout(END_WAIT);
    }
}

/// What the race's thread holds: HiGHS's instances of the MIP of the most backbone
/// movers and of the relaxation with the cap as its last row, each used by one thread
/// at a time (`mip_watch::SendModel`).
struct RaceThread {
    most: SendModel,
    capped: SendModel,
    cap: f64,
    /// The end of the time limit the race started under, if any.
    deadline: Option<Instant>,
    bound: Arc<OutsideBound>,
    done: Arc<AtomicBool>,
}

impl RaceThread {
    /// The most backbone movers; where below the cap, the bound of the relaxation
    /// capped there raised. Any failure or stop leaves the bound where it was: the
    /// stage proves its least shortfall without it.
    fn run(self) {
        let Some(most) = most_search(self.most.0, self.cap, &self.done, Placement::Caller) else {
            return;
        };
        if most >= self.cap || self.done.load(Ordering::SeqCst) {
            return;
        }
        let mut capped = self.capped.0;
        // What is left of the limit, not the whole of it again.
        if let Some(deadline) = self.deadline {
            let left = deadline
                .saturating_duration_since(Instant::now())
                .as_secs_f64();
            if left <= 0.0 || capped.try_set_option("time_limit", left).is_err() {
                return;
            }
        }
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
/// with whole moves) moves, proven by HiGHS within `options`' time limit (gap and
/// threads as the race sets them, on a thread of its own: the caller's may have run
/// HiGHS on more threads); `None` when time ran out or HiGHS failed. The race's
/// search without a cap to stop at: for tests and researchers.
pub fn most_backbone_movers(model: Formulation, options: &SolveOptions) -> Option<f64> {
    let highs = most_model(model, &quiet(options))?;
    most_search(
        highs,
        f64::INFINITY,
        &Arc::new(AtomicBool::new(false)),
        Placement::OwnThread,
    )
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
/// found: the cap is attained), ran out of time or failed. Run where `placed` says.
fn most_search(model: Model, cap: f64, done: &Arc<AtomicBool>, placed: Placement) -> Option<f64> {
    let stop: StopWhen = {
        let done = done.clone();
        // A plan moving `cap` backbone teachers (its objective −cap or below): the cap
        // is attained, and the race has nothing to prove.
        Arc::new(move |_, primal| done.load(Ordering::SeqCst) || primal <= -cap + 0.5)
    };
    let MipEnd::Solved(solved) =
        mip_watch::run(model, None, None, Some(stop), None, placed).ok()?
    else {
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
