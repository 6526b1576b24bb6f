//! One planning run of the lab and the worker pool that solves runs in parallel
//! (for `compare` and `sweep`): a run ends in a checked plan or in the reason there is
//! none, and a failed run never stops the others.

use crate::model::county::County;
use crate::model::policy::Policy;
use crate::round::inputs::TeacherSide;
use crate::round::run::{plan_round, PlanOutcome};
use crate::solve::highs::SolveOptions;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How one run ended: a checked plan, or the reason there is none.
#[derive(Debug, Clone)]
pub enum RunOutcome {
    /// The round was planned; the plan passed every check (a target may still be short).
    Planned(Box<PlanOutcome>),
    /// The solver failed (or panicked) on this run; the message says why.
    Failed(String),
}

impl RunOutcome {
    /// The plan, when the run has one.
    pub fn plan(&self) -> Option<&PlanOutcome> {
        match self {
            RunOutcome::Planned(p) => Some(p),
            RunOutcome::Failed(_) => None,
        }
    }

    /// `met`, `short` (a target cannot be reached under the hard rules: the exchange or
    /// backbone target, a CV cap or the per-school floor of `[balance]`) or `failed`.
    pub fn verdict(&self) -> Verdict {
        match self {
            RunOutcome::Planned(p) => {
                let s = &p.figures.shortfall;
                if s.exchange > 0.0 || s.backbone > 0.0 || !p.targets_met() {
                    Verdict::Short
                } else {
                    Verdict::Met
                }
            }
            RunOutcome::Failed(_) => Verdict::Failed,
        }
    }
}

/// Whether a run reaches its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every target is met.
    Met,
    /// The hard rules leave no plan that meets the targets (or the balance caps and
    /// floor): the best plan falls short.
    Short,
    /// No plan: the solve failed.
    Failed,
}

impl Verdict {
    /// The verdict as written in tables and files: `met`, `short` or `failed`.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Short => "short",
            Verdict::Failed => "failed",
        }
    }
}

/// Plans one round on the county as the teachers' side leaves it under `policy`
/// ([`TeacherSide::county`], as `rotation plan` does) and catches every failure (a
/// panic included) as a `Failed` run.
pub fn run_policy(
    county: &County,
    side: &TeacherSide,
    policy: &Policy,
    options: &SolveOptions,
) -> RunOutcome {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if side.is_empty() {
            plan_round(county, policy, options)
        } else {
            plan_round(&side.county(county, policy)?, policy, options)
        }
    }));
    match result {
        Ok(Ok(outcome)) => RunOutcome::Planned(Box::new(outcome)),
        Ok(Err(e)) => RunOutcome::Failed(e.to_string()),
        Err(panic) => RunOutcome::Failed(format!(
            "the solver stopped unexpectedly: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("panic")
        )),
    }
}

/// Runs `work` on every item with up to `jobs` threads and returns the results in the
/// order of `items`, whatever order they finish in. `done` is called after each item
/// (for a progress bar).
pub fn in_parallel<T, R>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
    done: &(dyn Fn() + Sync),
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        return items
            .iter()
            .map(|item| {
                let r = work(item);
                done();
                r
            })
            .collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = work(item);
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                done();
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every item was run")
        })
        .collect()
}

/// The solver settings for runs solved side by side: one HiGHS thread per run unless
/// the caller chose, so that results do not depend on how many run at once.
pub fn lab_options(options: &SolveOptions) -> SolveOptions {
    SolveOptions {
        threads: Some(options.threads.unwrap_or(1)),
        ..options.clone()
    }
}
