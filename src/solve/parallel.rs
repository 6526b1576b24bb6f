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
