//! A MIP the command stops waiting for at its time limit.
//!
//! Long file: the tests (a knapsack HiGHS takes seconds to prove) are most of it.
//!
//! HiGHS 1.16 looks at its clock only between some steps of a MIP: the root node's
//! cut loop, its analytic centre and central rounding run on past `time_limit`
//! (measured: the stable round's last MIP on the sample county, given 3.5 s, returned
//! after 4.1 s, inside the root's cut loop). `--time-limit` is the deadline of the
//! whole command, so a MIP under a limit runs on a thread of its own, and the solve
//! waits for it until the limit and a short grace have passed. Past that, it goes on
//! with what HiGHS has reported through its callbacks — the best plan found (each
//! improving plan, in the model's own columns) and the bound and nodes of its last
//! check — and leaves the thread to end on its own: HiGHS is asked to stop at its next
//! check (the MIP interrupt callback), frees its model when it does, and nothing reads
//! its answer. The same checks tell a progress line of HiGHS's bounds as it searches,
//! with or without a limit. A MIP on fewer HiGHS threads than its caller's earlier
//! runs (beside a race, `solve::reach_race`) runs on a thread of its own too.

use highs::{HighsStatus, Model, SolvedModel};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// How long past its own time limit a MIP is waited for: HiGHS ends within a few
/// milliseconds of it when its search looks at the clock; this covers the write-up of
/// its answer, not a step that does not look.
const GRACE: Duration = Duration::from_millis(50);

/// What HiGHS reported of a MIP it had not finished.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reported {
    /// The best plan found: its objective and every column's value (the model's
    /// columns, as [`SolvedModel::get_solution`] gives them).
    pub plan: Option<(f64, Vec<f64>)>,
    /// The bound at HiGHS's last check (`-inf` before the first).
    pub dual_bound: f64,
    /// Branch-and-bound nodes at its last check.
    pub nodes: i64,
}

/// How a watched MIP ended.
pub(crate) enum MipEnd {
    /// HiGHS returned within the limit and the grace.
    Solved(SolvedModel),
    /// The limit and the grace passed first: what HiGHS had reported by then.
    Abandoned(Reported),
}

/// Shared between the callback (on the MIP's thread) and the waiting solve.
struct Watch {
    on_plan: Option<OnPlan>,
    on_bound: Option<OnBound>,
    stop_when: Option<StopWhen>,
    /// Whether improving plans are copied (only under a limit, where they may be
    /// needed).
    record: bool,
    reported: Mutex<Reported>,
    stop: AtomicBool,
}

/// HiGHS's callback: each improving plan to the observer (and, under a limit, kept);
/// at each check of its limits, the bound and nodes kept, HiGHS's bounds to
/// `on_bound`, and a stop asked for once the solve has stopped waiting.
unsafe extern "C" fn on_callback(
    kind: std::os::raw::c_int,
    _message: *const std::os::raw::c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    data_in: *mut highs_sys::HighsCallbackDataIn,
    user: *mut std::os::raw::c_void,
) {
    if out.is_null() || user.is_null() {
        return;
    }
    // SAFETY: `run` registers this callback with a pointer to a `Watch` the MIP's
    // thread keeps alive until HiGHS has returned, and HiGHS hands a live `data_out`
    // (and `data_in`, possibly null) to each call.
    let (watch, out) = unsafe { (&*(user as *const Watch), &*out) };
    // A panic must not unwind into HiGHS: whatever it interrupted is dropped.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if kind == highs_sys::kHighsCallbackMipImprovingSolution {
            let objective = out.objective_function_value;
            if !objective.is_finite() {
                return;
            }
            // Under the lock the waiting solve takes to give up: a solve no longer
            // waited for reports to nobody, the command has moved on.
            let Ok(mut r) = watch.reported.lock() else {
                return;
            };
            if watch.stop.load(Ordering::Relaxed) {
                return;
            }
            if let Some(f) = &watch.on_plan {
                f(objective);
            }
            if watch.record && !out.mip_solution.is_null() && out.mip_solution_size > 0 {
                // SAFETY: HiGHS points `mip_solution` at its incumbent of
                // `mip_solution_size` values for the length of the call.
                let cols = unsafe {
                    std::slice::from_raw_parts(out.mip_solution, out.mip_solution_size as usize)
                };
                r.plan = Some((objective, cols.to_vec()));
            }
        } else if kind == highs_sys::kHighsCallbackMipInterrupt {
            if let Ok(mut r) = watch.reported.lock() {
                if out.mip_dual_bound.is_finite() {
                    r.dual_bound = r.dual_bound.max(out.mip_dual_bound);
                }
                r.nodes = r.nodes.max(out.mip_node_count);
                // Under the lock, as a plan: nothing after the solve gave up.
                if !watch.stop.load(Ordering::Relaxed) {
                    if let Some(f) = &watch.on_bound {
                        f(out.mip_dual_bound, out.mip_primal_bound);
                    }
                }
            }
            // A search whose answer is known from outside (`StopWhen`) is asked to
            // stop too; the solve reads its end as that answer.
            let answered = watch
                .stop_when
                .as_ref()
                .is_some_and(|f| f(out.mip_dual_bound, out.mip_primal_bound));
            if (answered || watch.stop.load(Ordering::Relaxed)) && !data_in.is_null() {
                // SAFETY: HiGHS's `data_in` for this call (checked non-null).
                unsafe { (*data_in).user_interrupt = 1 };
            }
        }
    }));
}

/// A lower bound on a stage's objective, raised by another thread while the stage
/// runs (−∞ until then): what a [`StopWhen`] compares a search's bounds with
/// (`solve::reach_race`).
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

/// The HiGHS model, moved to the MIP's thread, and its answer, moved back. HiGHS
/// instances are not tied to the thread that made them (an instance holds no
/// thread-local state; HiGHS looks its task executor up on the thread of each run):
/// one thread at a time uses each, as the waiting solve gives the model up entirely,
/// and the thread its answer.
pub(crate) struct SendModel(pub(crate) Model);
// SAFETY: see above.
unsafe impl Send for SendModel {}
struct SendAnswer(Result<SolvedModel, HighsStatus>);
// SAFETY: see above.
unsafe impl Send for SendAnswer {}

/// MIPs running on their threads now, those the solve stopped waiting for included.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// Races running on their threads now (`solve::reach_race`): at most one at a time.
static RACES: AtomicUsize = AtomicUsize::new(0);

/// Whether a MIP the solve stopped waiting for, or a race, may still be running (see
/// [`crate::solve::highs::late_solve_running`]).
pub(crate) fn running() -> bool {
    RUNNING.load(Ordering::SeqCst) > 0 || RACES.load(Ordering::SeqCst) > 0
}

/// Counts a MIP's thread in [`RUNNING`] for as long as it lives, panics included.
struct Running;

impl Running {
    fn new() -> Running {
        RUNNING.fetch_add(1, Ordering::SeqCst);
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Whether a race runs now ([`spawn_race`]).
pub(crate) fn racing() -> bool {
    RACES.load(Ordering::SeqCst) > 0
}

/// Runs `f` on a thread of its own, counted in [`RACES`] for as long as it lives (a
/// MIP nobody waits for, `solve::reach_race`, which a process ending must not cut
/// short either), unless a race runs already: one at a time, so that the why-short
/// questions asked two at a time (`round::explain`) add one thread, not two. Whether
/// the thread started.
pub(crate) fn spawn_race(f: impl FnOnce() + Send + 'static) -> bool {
    if RACES
        .compare_exchange(0, 1, Ordering::SeqCst, Ordering::SeqCst)
        .is_err()
    {
        return false;
    }
    // Counted down when the thread ends, panics included, or when it never starts.
    struct Race;
    impl Drop for Race {
        fn drop(&mut self) {
            RACES.fetch_sub(1, Ordering::SeqCst);
        }
    }
    let race = Race;
    std::thread::Builder::new()
        .name("rotation-race".into())
        .stack_size(STACK)
        .spawn(move || {
            let race = race;
            f();
            drop(race);
        })
        .is_ok()
}

/// The stack of a MIP's thread: the main thread's usual 8 MiB (Rust gives its
/// threads 2 MiB), for HiGHS's recursion.
const STACK: usize = 8 << 20;

/// Stops HiGHS calling back into `watch` (about to be freed) on a later run, when
/// `watched` (HiGHS prints a warning for a callback never set).
fn unwatch(solved: &mut Result<SolvedModel, HighsStatus>, watched: bool) {
    if let (Ok(s), true) = (solved, watched) {
        // SAFETY: a live HiGHS instance; stopping a callback never started is a no-op.
        unsafe {
            let ptr = s.as_mut_ptr();
            highs_sys::Highs_stopCallback(ptr, highs_sys::kHighsCallbackMipImprovingSolution);
            highs_sys::Highs_stopCallback(ptr, highs_sys::kHighsCallbackMipInterrupt);
        }
    }
}

/// Told the objective of each improving plan (the progress line's "best plan").
pub(crate) type OnPlan = Arc<dyn Fn(f64) + Send + Sync>;

/// Told, at each of HiGHS's checks of its limits, its dual bound and its primal bound
/// (the lesser of its incumbent's cost and the cutoff), as its callback gives them.
pub(crate) type OnBound = Arc<dyn Fn(f64, f64) + Send + Sync>;

/// Asked, at each of HiGHS's checks of its limits, with its dual and primal bounds (as
/// [`OnBound`]), whether the search may stop: its answer is known from outside (a bound
/// proven on another thread, `solve::reach_race`). HiGHS then ends with the status
/// `ReachedInterrupt`, and the caller reads that end.
pub(crate) type StopWhen = Arc<dyn Fn(f64, f64) -> bool + Send + Sync>;

/// Where a MIP without a limit runs (one under a limit always runs on its own thread).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    /// On the calling thread.
    Caller,
    /// On a thread of its own, waited for: HiGHS's thread count is fixed per calling
    /// thread by its first run there, so a MIP on fewer threads than the caller's
    /// earlier runs needs a fresh one.
    OwnThread,
}

/// Solves `model` (a MIP), telling `on_plan` of each improving plan and `on_bound` of
/// its bounds as the search goes, and stopping it when `stop_when` says. Under a limit
/// (`limit`, seconds: HiGHS's own `time_limit` for this solve) the solve runs on a
/// thread of its own and is waited for until the limit and [`GRACE`] have passed;
/// without one, where `placed` says, waited for to its end.
/// `Err` carries HiGHS's status when it failed, or `None` when the thread gave no
/// answer (none was to be had, or it ended without one).
pub(crate) fn run(
    mut model: Model,
    on_plan: Option<OnPlan>,
    on_bound: Option<OnBound>,
    stop_when: Option<StopWhen>,
    limit: Option<f64>,
    placed: Placement,
) -> Result<MipEnd, Option<HighsStatus>> {
    let listened = on_plan.is_some() || on_bound.is_some() || stop_when.is_some();
    let checks = limit.is_some() || on_bound.is_some() || stop_when.is_some();
    let watch = Arc::new(Watch {
        on_plan,
        on_bound,
        stop_when,
        record: limit.is_some(),
        reported: Mutex::new(Reported {
            plan: None,
            dual_bound: f64::NEG_INFINITY,
            nodes: 0,
        }),
        stop: AtomicBool::new(false),
    });
    let mut watched = false;
    if listened || limit.is_some() {
        // SAFETY: a live HiGHS instance; `watch` outlives its run (the thread below,
        // or this function, holds it until HiGHS has returned and `unwatch` has
        // taken the pointer back). A callback HiGHS refuses leaves the progress line
        // with each stage's plan only and a late MIP with no plan reported.
        unsafe {
            let ptr = model.as_mut_ptr();
            let user = Arc::as_ptr(&watch) as *mut std::os::raw::c_void;
            if highs_sys::Highs_setCallback(ptr, Some(on_callback), user) == highs_sys::STATUS_OK {
                watched = true;
                highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackMipImprovingSolution);
                if checks {
                    highs_sys::Highs_startCallback(ptr, highs_sys::kHighsCallbackMipInterrupt);
                }
            }
        }
    }
    let limit = match (limit, placed) {
        (Some(limit), _) => limit,
        (None, Placement::Caller) => {
            let mut solved = model.try_solve();
            unwatch(&mut solved, watched);
            return solved.map(MipEnd::Solved).map_err(Some);
        }
        // No limit: waited for to its end (a wait too long for a `Duration`).
        (None, Placement::OwnThread) => f64::INFINITY,
    };
    let (send, receive) = mpsc::channel();
    // Counted only when it may be left at its limit: a MIP waited for to its end is
    // never left running.
    let on_thread = (
        SendModel(model),
        watch.clone(),
        limit.is_finite().then(Running::new),
    );
    std::thread::Builder::new()
        .name("rotation-mip".into())
        .stack_size(STACK)
        .spawn(move || {
            // Moved whole (a closure would capture the fields, not the wrapper).
            let on_thread = on_thread;
            let (SendModel(model), watch, running) = on_thread;
            let mut solved = model.try_solve();
            unwatch(&mut solved, watched);
            drop(watch);
            // Nobody may be waiting any more: the answer is then freed here.
            let _ = send.send(SendAnswer(solved));
            drop(running);
        })
        .map_err(|_| None)?;
    // A limit too long for a `Duration` waits for the answer.
    let wait = Duration::try_from_secs_f64(limit.max(0.0))
        .unwrap_or(Duration::MAX)
        .saturating_add(GRACE);
    match receive.recv_timeout(wait) {
        Ok(SendAnswer(solved)) => solved.map(MipEnd::Solved).map_err(Some),
        // The thread ended without an answer (HiGHS panicked through it).
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(None),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let reported = {
                let r = watch.reported.lock().unwrap_or_else(|e| e.into_inner());
                // Set under the lock: no report reaches the observer after this.
                watch.stop.store(true, Ordering::Relaxed);
                r.clone()
            };
            Ok(MipEnd::Abandoned(reported))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use highs::{RowProblem, Sense};
    use rand::{Rng, SeedableRng};

    /// A multidimensional knapsack (100 items, 5 capacities, as a minimisation):
    /// HiGHS finds plans at once and proves none optimal for many seconds, the shape
    /// of a MIP whose solve runs past the time the command can wait.
    struct Knapsack {
        value: Vec<f64>,
        weight: Vec<Vec<f64>>,
        capacity: Vec<f64>,
    }

    fn knapsack() -> Knapsack {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let weight: Vec<Vec<f64>> = (0..5)
            .map(|_| (0..100).map(|_| rng.random_range(1..1000) as f64).collect())
            .collect();
        // Values correlated with the weights make the bound weak.
        let value: Vec<f64> = (0..100)
            .map(|i| {
                (0..5).map(|r| weight[r][i]).sum::<f64>() / 5.0 + rng.random_range(0..100) as f64
            })
            .collect();
        let capacity = weight.iter().map(|w| w.iter().sum::<f64>() / 2.0).collect();
        Knapsack {
            value,
            weight,
            capacity,
        }
    }

    /// HiGHS's model of `k`, under its own time limit `highs_limit`.
    fn model(k: &Knapsack, highs_limit: f64) -> Model {
        let mut p = RowProblem::default();
        let cols: Vec<_> = k
            .value
            .iter()
            .map(|v| p.add_integer_column(-v, 0..=1))
            .collect();
        for (w, c) in k.weight.iter().zip(&k.capacity) {
            p.add_row(..=*c, cols.iter().zip(w).map(|(col, w)| (*col, *w)));
        }
        let mut m = p.optimise(Sense::Minimise);
        m.make_quiet();
        m.set_option("time_limit", highs_limit);
        m.set_option("threads", 1);
        m
    }

    #[test]
    fn a_mip_past_its_limit_is_left_with_the_plan_highs_reported() {
        let k = knapsack();
        // HiGHS's own clock says 60 s: as if its search did not look at it, the
        // command stops waiting after 0.3 s and the grace.
        let started = std::time::Instant::now();
        let end = run(
            model(&k, 60.0),
            None,
            None,
            None,
            Some(0.3),
            Placement::Caller,
        )
        .expect("a solve");
        assert!(started.elapsed() < Duration::from_secs(30));
        let MipEnd::Abandoned(r) = end else {
            panic!("a 100-item knapsack proven within 0.35 s");
        };
        let (objective, x) = r.plan.expect("HiGHS's first plans come within 0.3 s");
        assert_eq!(x.len(), 100, "the model's own columns");
        for (w, c) in k.weight.iter().zip(&k.capacity) {
            let used: f64 = w.iter().zip(&x).map(|(w, x)| w * x).sum();
            assert!(used <= c + 1e-6, "a capacity broken: {used} > {c}");
        }
        assert!(x.iter().all(|v| (v - v.round()).abs() < 1e-6));
        let value: f64 = k.value.iter().zip(&x).map(|(v, x)| v * x.round()).sum();
        assert!(
            (objective + value).abs() < 1e-6,
            "{objective} for a plan of {value}"
        );
        assert!(r.dual_bound <= objective + 1e-9);
        // Told to stop at its next check, HiGHS ends long before its own 60 s.
        let asked = std::time::Instant::now();
        // The MIPs' own count: a race of another test may run beside this one.
        let mips = || RUNNING.load(Ordering::SeqCst) > 0;
        while mips() && asked.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(!mips(), "the MIP left at its limit still runs after 30 s");
    }

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

    #[test]
    fn a_mip_answered_outside_stops_at_its_next_check() {
        // The knapsack takes HiGHS many seconds to prove; told at its first check that
        // the answer is known, it stops there, with its own status for it.
        let k = knapsack();
        let asked = std::sync::Arc::new(AtomicUsize::new(0));
        let count = asked.clone();
        let stop: StopWhen = Arc::new(move |_, _| {
            count.fetch_add(1, Ordering::SeqCst);
            true
        });
        let started = std::time::Instant::now();
        let end = run(
            model(&k, 60.0),
            None,
            None,
            Some(stop),
            None,
            Placement::Caller,
        )
        .expect("a solve");
        assert!(started.elapsed() < Duration::from_secs(30));
        let MipEnd::Solved(s) = end else {
            panic!("a MIP without a limit is waited for");
        };
        assert_eq!(s.status(), highs::HighsModelStatus::ReachedInterrupt);
        assert!(asked.load(Ordering::SeqCst) >= 1);
    }

    #[test]
    fn a_mip_on_fewer_threads_than_its_callers_first_run_runs_on_its_own_thread() {
        // HiGHS fixes a thread's threads at its first run there: after a run on two,
        // a run on one is refused on the same thread and solved on a thread of its
        // own (`SolveOptions::beside_race`).
        let k = knapsack();
        let mut first = model(&k, 0.1);
        first.set_option("threads", 2);
        let end = run(first, None, None, None, None, Placement::Caller);
        assert!(
            matches!(end, Ok(MipEnd::Solved(_))),
            "the first run, on two"
        );
        let end = run(model(&k, 0.1), None, None, None, None, Placement::Caller);
        assert!(
            matches!(end, Err(Some(_))),
            "HiGHS ran on one thread where it had run on two"
        );
        let end = run(model(&k, 0.1), None, None, None, None, Placement::OwnThread);
        let Ok(MipEnd::Solved(s)) = end else {
            panic!("no answer from the MIP on a thread of its own");
        };
        assert_eq!(s.status(), highs::HighsModelStatus::ReachedTimeLimit);
    }

    #[test]
    fn a_mip_within_its_limit_is_answered_by_highs() {
        // A limit HiGHS reaches by its own clock ends by its own answer.
        let k = knapsack();
        let end = run(
            model(&k, 0.2),
            None,
            None,
            None,
            Some(0.2),
            Placement::Caller,
        )
        .expect("a solve");
        let MipEnd::Solved(s) = end else {
            panic!("HiGHS's own stop at 0.2 s waited for until 0.25 s");
        };
        assert_eq!(s.status(), highs::HighsModelStatus::ReachedTimeLimit);
    }
}
