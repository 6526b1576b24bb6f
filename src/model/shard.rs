//! A shard of a numbered list of jobs (`--shard I/N`): the jobs `j` (numbered from 0)
//! with `j mod N = I − 1`. Studies, sweeps and benchmarks share it, so a cluster's job
//! array (`sbatch --array=1-N`) splits any of them the same way, and the record a
//! shard leaves beside its output lets the shards be merged and checked for gaps.

use crate::model::lang::Lang;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The most shards a run may be split into (more than any cluster's job array).
pub const MAX_SHARDS: usize = 1_000_000;

/// One shard `I/N`: `index` from 1 to `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Shard {
    /// 1-based: the first shard is 1 (as `$SLURM_ARRAY_TASK_ID` with `--array=1-N`).
    pub index: usize,
    /// How many shards the jobs are split into.
    pub count: usize,
}

/// Why `--shard` was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardError {
    /// Not of the form `I/N`.
    NotAFraction(String),
    /// `N` is 0 or too large.
    BadCount(String),
    /// `I` is outside 1..=N.
    BadIndex {
        /// The flag's text.
        given: String,
        /// The number of shards.
        count: usize,
    },
}

impl ShardError {
    /// The message, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (ShardError::NotAFraction(s), Lang::En) => {
                format!("--shard `{s}`: expected I/N, e.g. 3/10 (the third of ten shards)")
            }
            (ShardError::NotAFraction(s), Lang::Zh) => {
                format!("--shard `{s}`：应为 I/N，例如 3/10（共十份中的第三份）")
            }
            (ShardError::BadCount(s), Lang::En) => {
                format!("--shard `{s}`: N must be a whole number from 1 to {MAX_SHARDS}")
            }
            (ShardError::BadCount(s), Lang::Zh) => {
                format!("--shard `{s}`：N 应为 1 到 {MAX_SHARDS} 之间的整数")
            }
            (ShardError::BadIndex { given, count }, Lang::En) => {
                format!("--shard `{given}`: I must be a whole number from 1 to {count}")
            }
            (ShardError::BadIndex { given, count }, Lang::Zh) => {
                format!("--shard `{given}`：I 应为 1 到 {count} 之间的整数")
            }
        }
    }
}

impl Shard {
    /// The whole list as one shard.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Parses `I/N`.
    pub fn parse(text: &str) -> Result<Shard, ShardError> {
        let Some((i, n)) = text.split_once('/') else {
            return Err(ShardError::NotAFraction(text.into()));
        };
        let count = match n.trim().parse::<usize>() {
            Ok(n) if (1..=MAX_SHARDS).contains(&n) => n,
            _ => return Err(ShardError::BadCount(text.into())),
        };
        match i.trim().parse::<usize>() {
            Ok(index) if (1..=count).contains(&index) => Ok(Shard { index, count }),
            _ => Err(ShardError::BadIndex {
                given: text.into(),
                count,
            }),
        }
    }

    /// Whether job `j` (numbered from 0) is this shard's: `j mod N = I − 1`.
    pub fn holds(&self, job: usize) -> bool {
        job % self.count == self.index - 1
    }

    /// The shard job `j` belongs to when the list is split `count` ways.
    pub fn of(job: usize, count: usize) -> Shard {
        Shard {
            index: job % count + 1,
            count,
        }
    }

    /// This shard's jobs among `0..total`, in order.
    pub fn jobs(&self, total: usize) -> Vec<usize> {
        (self.index - 1..total).step_by(self.count).collect()
    }

    /// `I-of-N`, for file names.
    pub fn file_stem(&self) -> String {
        format!("{}-of-{}", self.index, self.count)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The SHA-256 (hex) of the job labels in order: two runs are shards of the same list
/// exactly when their fingerprints agree.
pub fn fingerprint<S: AsRef<str>>(labels: &[S]) -> String {
    let mut h = Sha256::new();
    for l in labels {
        h.update(l.as_ref().as_bytes());
        h.update([0u8]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What a sharded `sweep` or `bench` leaves beside its table (`shard.json`, or
/// `FILE.shard.json` for a single file): which rows of the whole list it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardRecord {
    /// `sweep` or `bench`.
    pub kind: String,
    /// This run's shard.
    pub shard: Shard,
    /// Jobs in the whole list.
    pub total_jobs: usize,
    /// The job of each row of the table, in row order.
    pub jobs: Vec<usize>,
    /// [`fingerprint`] of the whole list's labels.
    pub fingerprint: String,
}

/// Keeps the items of `shard` (numbered from 0 in list order) and the record that says
/// which they are; `labels` name every item of the whole list (for the fingerprint).
pub fn take_shard<T>(
    items: Vec<T>,
    shard: Shard,
    kind: &str,
    labels: &[String],
) -> (Vec<T>, ShardRecord) {
    let total = items.len();
    let kept: Vec<T> = items
        .into_iter()
        .enumerate()
        .filter(|(j, _)| shard.holds(*j))
        .map(|(_, item)| item)
        .collect();
    let record = ShardRecord {
        kind: kind.to_string(),
        shard,
        total_jobs: total,
        jobs: shard.jobs(total),
        fingerprint: fingerprint(labels),
    };
    (kept, record)
}

impl crate::model::message::Message for ShardError {
    fn text(&self, lang: Lang) -> String {
        ShardError::text(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shards_parse_and_are_checked() {
        assert_eq!(
            Shard::parse("3/10"),
            Ok(Shard {
                index: 3,
                count: 10
            })
        );
        assert_eq!(Shard::parse(" 1 / 1 "), Ok(Shard::ALL));
        assert!(matches!(
            Shard::parse("3"),
            Err(ShardError::NotAFraction(_))
        ));
        assert!(matches!(Shard::parse("1/0"), Err(ShardError::BadCount(_))));
        assert!(matches!(
            Shard::parse("0/4"),
            Err(ShardError::BadIndex { .. })
        ));
        assert!(matches!(
            Shard::parse("5/4"),
            Err(ShardError::BadIndex { .. })
        ));
        let e = Shard::parse("5/4").unwrap_err();
        assert!(e.text(Lang::En).contains("from 1 to 4"));
        assert!(e.text(Lang::Zh).contains("1 到 4"));
    }

    #[test]
    fn the_first_shard_takes_job_zero() {
        let s = Shard::parse("1/3").unwrap();
        assert_eq!(s.jobs(7), vec![0, 3, 6]);
        assert_eq!(Shard::parse("3/3").unwrap().jobs(7), vec![2, 5]);
        assert_eq!(Shard::of(5, 3), Shard { index: 3, count: 3 });
    }

    proptest! {
        /// Against the definition: every job lies in exactly one shard, the one `of`
        /// names, and `jobs` lists exactly the jobs `holds` accepts.
        #[test]
        fn shards_partition_the_jobs(total in 0usize..60, count in 1usize..12) {
            let mut seen = vec![0usize; total];
            for index in 1..=count {
                let shard = Shard { index, count };
                let listed = shard.jobs(total);
                let brute: Vec<usize> = (0..total).filter(|j| j % count == index - 1).collect();
                prop_assert_eq!(&listed, &brute);
                for j in listed {
                    prop_assert!(shard.holds(j));
                    prop_assert_eq!(Shard::of(j, count), shard);
                    seen[j] += 1;
                }
            }
            prop_assert!(seen.iter().all(|&n| n == 1));
        }
    }

    #[test]
    fn fingerprints_follow_the_labels() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["a", "b"]), fingerprint(&["b", "a"]));
        assert_ne!(fingerprint(&["ab"]), fingerprint(&["a", "b"]));
    }
}
