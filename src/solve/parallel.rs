//! Independent solves side by side: the lab's runs (`compare`, `sweep`, `study`) and
//! the questions a round asks to explain a missed target. Each item gets its own
//! HiGHS instance; the results come back in the items' order.

use crate::solve::highs::SolveOptions;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// `--time-limit` as the deadline of a whole command whose solves run one after
/// another or side by side (`compare`, `sweep`, `plan --years`): each, as it starts,
/// gets an even share of what is left of the limit among the solves not yet started,
/// `jobs` at a time. A solve that ends early leaves its time to the later ones, and
/// none is given more than what is left, so the command ends by its limit; without a
/// limit none has one.
pub struct LimitShare {
    options: SolveOptions,
    start: Instant,
    runs: usize,
    jobs: usize,
    started: AtomicUsize,
}

impl LimitShare {
    /// The limit of `options`, counted from now, shared by `runs` solves run `jobs` at
    /// a time.
    pub fn new(options: &SolveOptions, runs: usize, jobs: usize) -> LimitShare {
        LimitShare {
            options: options.clone(),
            start: Instant::now(),
            runs,
            jobs: jobs.clamp(1, runs.max(1)),
            started: AtomicUsize::new(0),
        }
    }

    /// The options of the next solve to start, with its share of the limit (at least
    /// 0.01 s, so that a solve started at the limit still returns the plan in which
    /// nobody moves, as `plan` does).
    pub fn next(&self) -> SolveOptions {
        let started = self.started.fetch_add(1, Ordering::Relaxed);
        let Some(limit) = self.options.time_limit else {
            return self.options.clone();
        };
        let waves = self.runs.saturating_sub(started).div_ceil(self.jobs).max(1);
        let left = (limit - self.start.elapsed().as_secs_f64()).max(0.0);
        SolveOptions {
            time_limit: Some((left / waves as f64).max(0.01)),
            ..self.options.clone()
        }
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
    type Slot<R> = Mutex<Option<std::thread::Result<R>>>;
    let slots: Vec<Slot<R>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                // A panic is caught here and raised again below with its own message
                // (the scope would replace it by "a scoped thread panicked", which a
                // caller reporting the panic would then show).
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item)));
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
                done();
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            match slot
                .into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every item was run")
            {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limited(t: Option<f64>) -> SolveOptions {
        SolveOptions {
            time_limit: t,
            ..SolveOptions::default()
        }
    }

    #[test]
    fn nine_runs_two_at_a_time_share_the_limit_by_waves() {
        let share = LimitShare::new(&limited(Some(100.0)), 9, 2);
        let limits: Vec<f64> = (0..9).map(|_| share.next().time_limit.unwrap()).collect();
        // Started at once, each run gets what is left over the waves still to come:
        // 9 runs are 5 waves of 2, the last run alone gets all that is left.
        let want = [
            20.0,
            25.0,
            25.0,
            100.0 / 3.0,
            100.0 / 3.0,
            50.0,
            50.0,
            100.0,
            100.0,
        ];
        for (got, want) in limits.iter().zip(want) {
            assert!(*got <= want && want - got < 0.5, "{limits:?}");
        }
    }

    #[test]
    fn one_at_a_time_each_gets_an_even_share_of_what_is_left() {
        // `plan --years 3`: a third, a half, then all that is left.
        let share = LimitShare::new(&limited(Some(30.0)), 3, 1);
        let limits: Vec<f64> = (0..3).map(|_| share.next().time_limit.unwrap()).collect();
        for (got, want) in limits.iter().zip([10.0, 15.0, 30.0]) {
            assert!(*got <= want && want - got < 0.5, "{limits:?}");
        }
    }

    #[test]
    fn no_limit_stays_none_and_a_spent_limit_leaves_a_hundredth() {
        let share = LimitShare::new(&limited(None), 3, 1);
        assert_eq!(share.next().time_limit, None);
        let share = LimitShare::new(&limited(Some(1e-9)), 3, 8);
        std::thread::sleep(std::time::Duration::from_millis(2));
        assert_eq!(share.next().time_limit, Some(0.01));
    }

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..20).collect();
        let out = in_parallel(&items, 3, |&i| i * i, &|| {});
        assert_eq!(out, items.iter().map(|i| i * i).collect::<Vec<_>>());
    }

    #[test]
    fn a_panic_keeps_its_message() {
        let items: Vec<u64> = (0..6).collect();
        let caught = std::panic::catch_unwind(|| {
            in_parallel(
                &items,
                2,
                |&i| {
                    if i == 3 {
                        panic!("item 3 failed");
                    }
                    i
                },
                &|| {},
            )
        })
        .expect_err("the panic reaches the caller");
        let message = caught
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| caught.downcast_ref::<String>().cloned());
        assert_eq!(message.as_deref(), Some("item 3 failed"));
    }

    #[test]
    fn one_job_or_none_runs_in_order() {
        let items: Vec<u64> = (0..5).collect();
        for jobs in [0, 1] {
            assert_eq!(
                in_parallel(&items, jobs, |&i| i + 1, &|| {}),
                vec![1, 2, 3, 4, 5]
            );
        }
        let none: Vec<u64> = Vec::new();
        assert!(in_parallel(&none, 4, |&i| i, &|| {}).is_empty());
    }
}
