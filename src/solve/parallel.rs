//! Independent solves side by side: the lab's runs (`compare`, `sweep`, `study`) and
//! the questions a round asks to explain a missed target. Each item gets its own
//! HiGHS instance; the results come back in the items' order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..20).collect();
        let out = in_parallel(&items, 3, |&i| i * i, &|| {});
        assert_eq!(out, items.iter().map(|i| i * i).collect::<Vec<_>>());
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
