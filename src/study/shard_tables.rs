//! Sharded `sweep` and `bench` outputs and their merge. A shard writes its table in
//! the unsharded format (only its rows) and a [`ShardRecord`] beside it: `shard.json`
//! in a sweep's folder, `FILE.shard.json` beside a bench file. Merging keeps each row's
//! bytes exactly as written and puts the rows back in job order under the shared
//! header, so the merged table is the unsharded one (wall-time columns aside, which
//! differ between any two runs).

use crate::model::error::{Result, RotationError};
use crate::model::shard::{Shard, ShardRecord};
use crate::study::message::{StudyProblem, StudyProblems};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The record a sweep writes in its folder.
pub const SWEEP_RECORD: &str = "shard.json";
/// The table a sweep writes in its folder.
pub const SWEEP_TABLE: &str = "sweep.csv";

/// Where the record of a sharded table lies: in a sweep folder, or beside a bench file.
pub fn record_path(output: &Path) -> PathBuf {
    if output.is_dir() {
        output.join(SWEEP_RECORD)
    } else {
        let mut name = output.file_name().unwrap_or_default().to_os_string();
        name.push(".shard.json");
        output.with_file_name(name)
    }
}

/// The record's bytes.
pub fn record_bytes(record: &ShardRecord) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(record).expect("serialisable record");
    v.push(b'\n');
    v
}

/// One shard's table, split into its header bytes and each row's bytes.
#[derive(Debug, Clone)]
pub struct ShardTable {
    /// The output as named.
    pub source: String,
    /// Its record.
    pub record: ShardRecord,
    /// Everything before the first row (the header line).
    pub head: Vec<u8>,
    /// Each row's bytes (its line ending included), in file order.
    pub rows: Vec<Vec<u8>>,
}

/// Whether `output` is a sharded sweep folder or bench file.
pub fn is_shard_table(output: &Path) -> bool {
    record_path(output).is_file()
}

fn not_a_shard(output: &Path) -> RotationError {
    RotationError::rejected(StudyProblem::NotMergeable {
        output: output.display().to_string(),
        record: record_path(output).display().to_string(),
    })
}

/// Reads a sharded output and splits its table into rows, keeping their bytes.
pub fn read_shard_table(output: &Path) -> Result<ShardTable> {
    let record: ShardRecord = std::fs::read(record_path(output))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| not_a_shard(output))?;
    let table = if output.is_dir() {
        output.join(SWEEP_TABLE)
    } else {
        output.to_path_buf()
    };
    let bytes = std::fs::read(&table).map_err(|e| RotationError::io(&table, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes.as_slice());
    let mut starts = Vec::new();
    for record in reader.byte_records() {
        let r = record.map_err(|e| {
            RotationError::rejected(StudyProblem::NotACsvTable {
                table: table.display().to_string(),
                error: e.to_string(),
            })
        })?;
        starts.push(r.position().map(|p| p.byte() as usize).unwrap_or(0));
    }
    let source = output.display().to_string();
    if starts.len() != record.jobs.len() {
        return Err(RotationError::rejected(StudyProblem::RowsVsJobs {
            source,
            rows: starts.len(),
            jobs: record.jobs.len(),
        }));
    }
    let head_end = starts.first().copied().unwrap_or(bytes.len());
    let mut rows = Vec::new();
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(bytes.len());
        rows.push(bytes[s..e].to_vec());
    }
    Ok(ShardTable {
        source,
        record,
        head: bytes[..head_end].to_vec(),
        rows,
    })
}

/// A merged table and what was wrong with the shards.
#[derive(Debug, Clone)]
pub struct MergedTable {
    /// `sweep` or `bench`.
    pub kind: String,
    /// The header and every row found, in job order.
    pub bytes: Vec<u8>,
    /// Rows merged.
    pub rows: usize,
    /// Jobs of the list no shard holds, and their shards.
    pub missing: Option<StudyProblem>,
    /// Jobs found in two outputs with the same row (kept once).
    pub duplicates: Vec<(usize, String, String)>,
}

/// Merges sharded outputs of one sweep or one bench.
pub fn merge_shard_tables(outputs: &[PathBuf]) -> Result<MergedTable> {
    let mut seen = BTreeSet::new();
    let mut tables = Vec::new();
    for o in outputs {
        if seen.insert(o.canonicalize().unwrap_or_else(|_| o.clone())) {
            tables.push(read_shard_table(o)?);
        }
    }
    let Some(first) = tables.first() else {
        return Err(RotationError::rejected(StudyProblem::NothingToMerge));
    };
    let mut problems = Vec::new();
    let mut rows: BTreeMap<usize, (String, Vec<u8>)> = BTreeMap::new();
    let mut duplicates = Vec::new();
    let mut disagreements: Vec<(usize, String, String)> = Vec::new();
    let mut counts = BTreeSet::new();
    for t in &tables {
        let r = &t.record;
        if r.kind != first.record.kind {
            problems.push(StudyProblem::MixedKinds);
            continue;
        }
        if r.fingerprint != first.record.fingerprint || t.head != first.head {
            problems.push(StudyProblem::DifferentLists {
                first: first.source.clone(),
                other: t.source.clone(),
            });
            continue;
        }
        counts.insert(r.shard.count);
        for (&job, row) in r.jobs.iter().zip(&t.rows) {
            match rows.get(&job) {
                Some((other, held)) if held == row => {
                    duplicates.push((job, other.clone(), t.source.clone()))
                }
                Some((other, _)) => disagreements.push((job, other.clone(), t.source.clone())),
                None => {
                    rows.insert(job, (t.source.clone(), row.clone()));
                }
            }
        }
    }
    // One message for each pair of folders that disagree, listing their jobs.
    let mut differing: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (job, first, second) in disagreements {
        differing.entry((first, second)).or_default().push(job);
    }
    for ((first, second), jobs) in differing {
        problems.push(StudyProblem::DuplicateDiffers {
            jobs,
            first,
            second,
        });
    }
    if !problems.is_empty() {
        problems.dedup();
        return Err(RotationError::rejected(StudyProblems(problems)));
    }
    let total = first.record.total_jobs;
    let missing: Vec<usize> = (0..total).filter(|j| !rows.contains_key(j)).collect();
    let shards: Vec<Shard> = match (counts.len(), counts.iter().next()) {
        (1, Some(&n)) => missing
            .iter()
            .map(|&j| Shard::of(j, n))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    let mut bytes = first.head.clone();
    let n = rows.len();
    for (_, (_, row)) in rows {
        bytes.extend(row);
    }
    Ok(MergedTable {
        kind: first.record.kind.clone(),
        bytes,
        rows: n,
        missing: (!missing.is_empty()).then_some(StudyProblem::MissingJobs {
            jobs: missing,
            shards,
        }),
        duplicates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::shard::fingerprint;

    fn shard<S: AsRef<str>>(dir: &Path, index: usize, count: usize, all: &[S]) -> PathBuf {
        let s = Shard { index, count };
        let jobs = s.jobs(all.len());
        let mut text = String::from("key,note\n");
        for &j in &jobs {
            text.push_str(all[j].as_ref());
            text.push('\n');
        }
        let path = dir.join(format!("b{index}.csv"));
        std::fs::write(&path, &text).unwrap();
        let record = ShardRecord {
            kind: "bench".into(),
            shard: s,
            total_jobs: all.len(),
            jobs,
            fingerprint: fingerprint(all),
        };
        std::fs::write(record_path(&path), record_bytes(&record)).unwrap();
        path
    }

    #[test]
    fn rows_come_back_in_job_order_with_their_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let all = ["0,a", "1,\"two\nlines\"", "2,c", "3,d", "4,e"];
        let outs: Vec<PathBuf> = (1..=3).map(|i| shard(dir.path(), i, 3, &all)).collect();
        let m = merge_shard_tables(&outs).unwrap();
        let whole = format!("key,note\n{}\n", all.join("\n"));
        assert_eq!(String::from_utf8(m.bytes).unwrap(), whole);
        assert!(m.missing.is_none());
        let m = merge_shard_tables(&[outs[0].clone(), outs[2].clone()]).unwrap();
        assert_eq!(
            m.missing,
            Some(StudyProblem::MissingJobs {
                jobs: vec![1, 4],
                shards: vec![Shard { index: 2, count: 3 }]
            })
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(40))]
        /// Against brute force: whatever shards are present, in whatever order, the
        /// merge holds exactly their jobs' rows in job order, and names as missing
        /// exactly the other jobs and their shards.
        #[test]
        fn a_merge_is_the_present_shards_in_job_order(
            total in 1usize..25,
            count in 1usize..6,
            present in proptest::collection::vec(proptest::bool::ANY, 6),
            reversed in proptest::bool::ANY,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let all: Vec<String> = (0..total).map(|j| format!("{j},row {j}")).collect();
            let mut outs: Vec<PathBuf> = (1..=count)
                .filter(|i| present[i - 1])
                .map(|i| shard(dir.path(), i, count, &all))
                .collect();
            proptest::prop_assume!(!outs.is_empty());
            if reversed {
                outs.reverse();
            }
            let m = merge_shard_tables(&outs).unwrap();
            let kept: Vec<usize> = (0..total).filter(|j| present[j % count]).collect();
            let mut expected = String::from("key,note\n");
            for &j in &kept {
                expected.push_str(&all[j]);
                expected.push('\n');
            }
            proptest::prop_assert_eq!(String::from_utf8(m.bytes).unwrap(), expected);
            let missing: Vec<usize> = (0..total).filter(|j| !present[j % count]).collect();
            let shards: Vec<Shard> = (1..=count)
                .filter(|i| !present[i - 1] && *i <= total)
                .map(|index| Shard { index, count })
                .collect();
            let want = (!missing.is_empty()).then_some(StudyProblem::MissingJobs { jobs: missing, shards });
            proptest::prop_assert_eq!(m.missing, want);
        }
    }
}
