//! What `rotation study` and `study merge` say on the terminal, in English or Chinese.

use crate::model::lang::Lang;
use crate::model::shard::Shard;

/// What `rotation study` and `study merge` say on the terminal when they succeed (or
/// list jobs), rendered in English or Chinese.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum StudyNote {
    /// A shard's run: its jobs and how they ended.
    Ran {
        study: String,
        shard: Shard,
        jobs: usize,
        ran: usize,
        skipped: usize,
        met: usize,
        short: usize,
        failed: usize,
    },
    /// Jobs whose solve stopped at the time limit, of the shard's `jobs`.
    Stopped {
        stopped: crate::lab::stopped::StoppedAtLimit,
        jobs: usize,
    },
    /// One failed job, with its reason in English and Chinese.
    JobFailed { job: usize, en: String, zh: String },
    /// Failed jobs beyond those listed.
    MoreFailed { more: usize },
    /// The merged tables written into the study folder.
    Wrote { dir: String },
    /// A shard run: how to merge later.
    MergeLater { dir: String },
    /// `--list`: the jobs of a shard.
    Listed {
        mine: usize,
        total: usize,
        shard: Shard,
    },
    /// Missing jobs stop a merge without `--allow-missing`.
    NothingWritten,
    /// Study folders merged.
    MergedStudy {
        merged: usize,
        total: usize,
        study: String,
        folders: usize,
        out: String,
    },
    /// Sweep shards merged.
    MergedSweep {
        rows: usize,
        out: String,
        table: String,
    },
    /// Bench shards merged.
    MergedBench { rows: usize, out: String },
}

impl StudyNote {
    /// The line in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use StudyNote as N;
        let en = lang == Lang::En;
        match self {
            N::Ran {
                study,
                shard,
                jobs,
                ran,
                skipped,
                met,
                short,
                failed,
            } if en => format!(
                "study \"{study}\", shard {shard}: {jobs} jobs ({ran} run now, {skipped} already finished): {met} meet the targets, {short} short, {failed} failed"
            ),
            N::Ran {
                study,
                shard,
                jobs,
                ran,
                skipped,
                met,
                short,
                failed,
            } => format!(
                "研究「{study}」，分片 {shard}：共 {jobs} 个任务（本次运行 {ran} 个，已完成 {skipped} 个）：达标 {met} 个，未达标 {short} 个，失败 {failed} 个"
            ),
            N::Stopped { stopped, jobs } => crate::lab::stopped::stopped_runs_sentence(
                stopped,
                *jobs,
                crate::lab::stopped::RunsOf::Jobs,
                lang,
                true,
            ),
            N::JobFailed { job, en: text, .. } if en => format!("error: job {job}: {text}"),
            N::JobFailed { job, zh, .. } => format!("错误：任务 {job}：{zh}"),
            N::MoreFailed { more } if en => {
                format!("… and {more} more failed jobs (see results.csv)")
            }
            N::MoreFailed { more } => format!("……另有 {more} 个任务失败（见 results.csv）"),
            N::Wrote { dir } if en => format!("wrote {dir}/results.csv, results.json, timings.csv"),
            N::Wrote { dir } => format!("已写入 {dir}/results.csv、results.json、timings.csv"),
            N::MergeLater { dir } if en => {
                format!("when every shard has run: rotation study merge {dir} --out RESULTS")
            }
            N::MergeLater { dir } => {
                format!("所有分片运行完后：rotation study merge {dir} --out 结果文件夹")
            }
            N::Listed { mine, total, shard } if en => {
                format!("{mine} of {total} jobs (shard {shard})")
            }
            N::Listed { mine, total, shard } => {
                format!("共 {total} 个任务，本分片 {mine} 个（分片 {shard}）")
            }
            N::NothingWritten if en => {
                "nothing was written (--allow-missing writes the jobs found)".into()
            }
            N::NothingWritten => "未写入任何文件（加 --allow-missing 可写出已找到的任务）".into(),
            N::MergedStudy {
                merged,
                total,
                study,
                folders,
                out,
            } if en => format!(
                "merged {merged} of {total} jobs of study \"{study}\" from {folders} folder{}; wrote {out}/results.csv, results.json, timings.csv",
                if *folders == 1 { "" } else { "s" }
            ),
            N::MergedStudy {
                merged,
                total,
                study,
                folders,
                out,
            } => format!(
                "已从 {folders} 个文件夹合并研究「{study}」{total} 个任务中的 {merged} 个；已写入 {out}/results.csv、results.json、timings.csv"
            ),
            N::MergedSweep { rows, out, table } if en => {
                format!("merged {rows} sweep points; wrote {out}/{table}")
            }
            N::MergedSweep { rows, out, table } => {
                format!("已合并 {rows} 个扫描点；已写入 {out}/{table}")
            }
            N::MergedBench { rows, out } if en => {
                format!("merged {rows} bench rows; wrote {out}")
            }
            N::MergedBench { rows, out } => format!("已合并 {rows} 行基准测试结果；已写入 {out}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_study_note_has_chinese_and_english() {
        use crate::model::lang::has_chinese;
        let shard = Shard { index: 1, count: 2 };
        let d = || "out".to_string();
        let notes = [
            StudyNote::Ran {
                study: "s".into(),
                shard,
                jobs: 4,
                ran: 2,
                skipped: 2,
                met: 1,
                short: 2,
                failed: 1,
            },
            StudyNote::JobFailed {
                job: 3,
                en: "solver: x".into(),
                zh: "求解器：x".into(),
            },
            StudyNote::MoreFailed { more: 2 },
            StudyNote::Stopped {
                stopped: crate::lab::stopped::StoppedAtLimit {
                    stopped: 3,
                    nobody_moves: 1,
                    largest_gap: Some(0.01),
                    without_bound: 1,
                },
                jobs: 6,
            },
            StudyNote::Wrote { dir: d() },
            StudyNote::MergeLater { dir: d() },
            StudyNote::Listed {
                mine: 2,
                total: 4,
                shard,
            },
            StudyNote::NothingWritten,
            StudyNote::MergedStudy {
                merged: 4,
                total: 4,
                study: "s".into(),
                folders: 2,
                out: d(),
            },
            StudyNote::MergedSweep {
                rows: 3,
                out: d(),
                table: "sweep.csv".into(),
            },
            StudyNote::MergedBench { rows: 3, out: d() },
        ];
        for n in &notes {
            // A new variant must be listed above: the match has no wildcard.
            match n {
                StudyNote::Ran { .. }
                | StudyNote::JobFailed { .. }
                | StudyNote::MoreFailed { .. }
                | StudyNote::Stopped { .. }
                | StudyNote::Wrote { .. }
                | StudyNote::MergeLater { .. }
                | StudyNote::Listed { .. }
                | StudyNote::NothingWritten
                | StudyNote::MergedStudy { .. }
                | StudyNote::MergedSweep { .. }
                | StudyNote::MergedBench { .. } => {}
            }
            let (en, zh) = (n.text(Lang::En), n.text(Lang::Zh));
            assert!(has_chinese(&zh), "{n:?} has no Chinese: {zh}");
            assert!(!has_chinese(&en), "{n:?} English has Chinese: {en}");
        }
    }
}
