//! What a study says about its file, its folder and a merge, as data rendered in
//! English or Chinese in one place.

use crate::lab::grid_message::GridProblem;
use crate::model::lang::Lang;
use crate::model::shard::Shard;
use crate::model::usage_message::setting_range;
use crate::research::size_message::SizeProblem;

/// Each key in backquotes.
fn quoted(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| format!("`{k}`")).collect()
}

/// A problem with a study file, a study folder or shard outputs.
#[derive(Debug, Clone, PartialEq)]
pub enum StudyProblem {
    /// The TOML parser's own message (wrong type, bad syntax).
    Toml(String),
    /// A key the study file does not have, with the keys its table has.
    UnknownKey {
        /// The key as written.
        key: String,
        /// The keys its table has.
        expected: Vec<&'static str>,
        /// The key it most likely misspells.
        meant: Option<&'static str>,
    },
    /// A file could not be read.
    Unreadable(String),
    /// `[counties]` lists nothing.
    NoCounties,
    /// `[policies]` lists nothing.
    NoPolicies,
    /// A county folder or workbook that does not exist.
    MissingCounty(String),
    /// A policy file that does not exist.
    MissingPolicy(String),
    /// A size that `rotation bench --sizes` would refuse.
    BadSize(Vec<SizeProblem>),
    /// `seeds` without `sizes`.
    SeedsWithoutSizes,
    /// `seeds = []`.
    NoSeeds,
    /// A `vary` entry that `rotation sweep --vary` would refuse.
    BadVary(GridProblem),
    /// The sweep's grid over a policy refused as a whole (a key twice, too many
    /// points).
    BadGrid(Vec<GridProblem>),
    /// `rotation study` without the study file.
    NeedsFile,
    /// `rotation study FILE` without `--out` or `--list`.
    NeedsOut,
    /// The output folder holds one of the study's inputs.
    OutHoldsInput {
        /// The output folder.
        dir: String,
        /// The input inside it.
        input: String,
    },
    /// An output given to merge that is neither a study folder nor a sharded table.
    NotMergeable {
        /// The output.
        output: String,
        /// The record file it lacks.
        record: String,
    },
    /// A sharded table that is not CSV (the reader's words in `error`).
    NotACsvTable {
        /// The table.
        table: String,
        /// The CSV reader's message.
        error: String,
    },
    /// A sharded table whose rows do not match its record's jobs.
    RowsVsJobs {
        /// The output.
        source: String,
        /// Rows in the table.
        rows: usize,
        /// Jobs in the record.
        jobs: usize,
    },
    /// Merge given no outputs.
    NothingToMerge,
    /// A solver setting out of its range.
    BadSolver {
        /// The key under `[solver]`.
        key: String,
        /// Its value (the range it must lie in is worded by `setting_range`).
        value: String,
    },
    /// More jobs than a study takes.
    TooManyJobs {
        /// The jobs the study expands to.
        jobs: usize,
        /// The most a study takes.
        max: usize,
    },
    /// The output folder exists and is not a folder of this study.
    NotAStudyFolder(String),
    /// The output folder holds another study (its job list differs).
    OtherStudy(String),
    /// Folders given to merge hold different studies (or sweeps, or benchmarks).
    DifferentLists {
        /// The first folder.
        first: String,
        /// A folder whose list differs.
        other: String,
    },
    /// Merge was given outputs of different kinds.
    MixedKinds,
    /// Jobs of the list that no folder holds, each with the shard it belongs to when
    /// the shard count is known.
    MissingJobs {
        /// The jobs, numbered from 0.
        jobs: Vec<usize>,
        /// The shards the missing jobs fall in, when the shard count is known.
        shards: Vec<Shard>,
    },
    /// Jobs held by more than one folder with the same result (kept once).
    DuplicateSame(Vec<usize>),
    /// Jobs held by two folders with different results.
    DuplicateDiffers {
        /// The jobs (one message for every job the two folders disagree on).
        jobs: Vec<usize>,
        /// The first folder.
        first: String,
        /// The second folder.
        second: String,
    },
}

/// `0, 3, 6, … (12 in all)`: at most ten numbers shown.
fn job_list(jobs: &[usize]) -> String {
    let shown: Vec<String> = jobs.iter().take(10).map(usize::to_string).collect();
    if jobs.len() > 10 {
        format!("{}, … ({} in all)", shown.join(", "), jobs.len())
    } else {
        shown.join(", ")
    }
}

impl StudyProblem {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.english(),
            Lang::Zh => self.chinese(),
        }
    }

    fn english(&self) -> String {
        match self {
            StudyProblem::Toml(m) => m.clone(),
            StudyProblem::UnknownKey { key, expected, meant } => match meant {
                Some(m) => format!("unknown key `{key}`; did you mean `{m}`?"),
                None => format!(
                    "unknown key `{key}`; expected one of {}",
                    quoted(expected).join(", ")
                ),
            },
            StudyProblem::Unreadable(e) => format!("cannot read: {e}"),
            StudyProblem::NoCounties => "no counties: give [counties] folders (CSV folders or .xlsx workbooks) or sizes (generated counties)".into(),
            StudyProblem::NoPolicies => "no policies: give [policies] files = [\"policy.toml\", …]".into(),
            StudyProblem::MissingCounty(p) => format!("county `{p}` does not exist (paths are relative to the study file)"),
            StudyProblem::MissingPolicy(p) => format!("policy file `{p}` does not exist (paths are relative to the study file)"),
            StudyProblem::BadSize(e) => format!("bad size {}; expected a number of teachers or TEACHERSxSCHOOLS", SizeProblem::joined(e, Lang::En)),
            StudyProblem::SeedsWithoutSizes => "`seeds` needs `sizes`: seeds are for generated counties".into(),
            StudyProblem::NoSeeds => "`seeds` is empty; give at least one seed or leave it out (seed 1)".into(),
            StudyProblem::BadVary(e) => e.text(Lang::En).trim_start_matches("--vary ").to_string(),
            StudyProblem::BadGrid(problems) => problems.iter().map(|p| p.text(Lang::En)).collect::<Vec<_>>().join("; "),
            StudyProblem::NeedsFile => "give the study file".into(),
            StudyProblem::NeedsOut => "--out DIR is needed to run the study (or --list to print its jobs)".into(),
            StudyProblem::OutHoldsInput { dir, input } => format!("{dir} holds {input}, which the study reads; choose another --out"),
            StudyProblem::NotMergeable { output, record } => format!("{output} is neither a study folder (study.json) nor the output of a sharded sweep or bench ({record} missing)"),
            StudyProblem::NotACsvTable { table, error } => format!("{table}: not a CSV table: {error}"),
            StudyProblem::RowsVsJobs { source, rows, jobs } => format!("{source}: {rows} rows, but its record lists {jobs} jobs (an unfinished or edited shard; run it again)"),
            StudyProblem::NothingToMerge => "no outputs to merge".into(),
            StudyProblem::BadSolver { key, value } => format!("[solver] {key} = {value}: expected {}", setting_range(key, Lang::En)),
            StudyProblem::TooManyJobs { jobs, max } => format!("the study expands to {jobs} jobs; a study takes at most {max}"),
            StudyProblem::NotAStudyFolder(d) => format!("{d} exists and is not a study folder (no study.json); choose another --out"),
            StudyProblem::OtherStudy(d) => format!("{d} holds another study (its job list differs); choose another --out"),
            StudyProblem::DifferentLists { first, other } => format!("{other} is not a shard of the same list as {first} (their job lists differ)"),
            StudyProblem::MixedKinds => "the folders hold different kinds of output (study, sweep, bench); merge one kind at a time".into(),
            StudyProblem::MissingJobs { jobs, shards } => {
                let mut m = format!("{} job{} missing: {}", jobs.len(), if jobs.len() == 1 { " is" } else { "s are" }, job_list(jobs));
                if !shards.is_empty() {
                    let s: Vec<String> = shards.iter().map(Shard::to_string).collect();
                    m.push_str(&format!(" (shard {}; run it again, it resumes)", s.join(", ")));
                }
                m
            }
            StudyProblem::DuplicateSame(jobs) => format!("{} job{} in more than one folder with the same result, kept once: {}", jobs.len(), if jobs.len() == 1 { " is" } else { "s are" }, job_list(jobs)),
            StudyProblem::DuplicateDiffers { jobs, first, second } => match jobs.as_slice() {
                [job] => format!("job {job} is in {first} and in {second} with different results"),
                _ => format!("{} jobs are in {first} and in {second} with different results: {}", jobs.len(), job_list(jobs)),
            },
        }
    }

    fn chinese(&self) -> String {
        match self {
            StudyProblem::Toml(m) => format!("TOML 格式错误（解析器原文：{m}）"),
            StudyProblem::UnknownKey { key, expected, meant } => match meant {
                Some(m) => format!("无法识别的键 `{key}`；是否应为 `{m}`？"),
                None => format!("无法识别的键 `{key}`；应为 {} 之一", quoted(expected).join("、")),
            },
            StudyProblem::Unreadable(e) => format!("无法读取（系统原文：{e}）"),
            StudyProblem::NoCounties => "未指定县：请在 [counties] 中给出 folders（CSV 文件夹或 .xlsx 工作簿）或 sizes（生成的县）".into(),
            StudyProblem::NoPolicies => "未指定政策：请给出 [policies] files = [\"policy.toml\", …]".into(),
            StudyProblem::MissingCounty(p) => format!("县数据 `{p}` 不存在（路径相对于研究文件）"),
            StudyProblem::MissingPolicy(p) => format!("政策文件 `{p}` 不存在（路径相对于研究文件）"),
            StudyProblem::BadSize(e) => format!("规模有误 {}；应为教师数或 教师数x学校数", SizeProblem::joined(e, Lang::Zh)),
            StudyProblem::SeedsWithoutSizes => "`seeds` 需要 `sizes`：种子只用于生成的县".into(),
            StudyProblem::NoSeeds => "`seeds` 为空；至少给出一个种子，或省略（种子 1）".into(),
            StudyProblem::BadVary(e) => format!("扫描设置有误：{}", e.text(Lang::Zh).trim_start_matches("--vary ")),
            StudyProblem::BadGrid(problems) => format!("扫描设置有误：{}", problems.iter().map(|p| p.text(Lang::Zh)).collect::<Vec<_>>().join("；")),
            StudyProblem::NeedsFile => "请给出研究文件".into(),
            StudyProblem::NeedsOut => "运行研究需要 --out 文件夹（或用 --list 列出其任务）".into(),
            StudyProblem::OutHoldsInput { dir, input } => format!("{dir} 中有研究读取的 {input}；请另选 --out"),
            StudyProblem::NotMergeable { output, record } => format!("{output} 既不是研究文件夹（study.json），也不是分片扫描或基准测试的输出（缺少 {record}）"),
            StudyProblem::NotACsvTable { table, error } => format!("{table}：不是 CSV 表格（读取器原文：{error}）"),
            StudyProblem::RowsVsJobs { source, rows, jobs } => format!("{source}：表中有 {rows} 行，但其记录列出 {jobs} 个任务（分片未完成或被改动；请重新运行）"),
            StudyProblem::NothingToMerge => "没有可合并的输出".into(),
            StudyProblem::BadSolver { key, value } => format!("[solver] {key} = {value}：{}", crate::model::usage_message::expected_zh(setting_range(key, Lang::Zh))),
            StudyProblem::TooManyJobs { jobs, max } => format!("研究展开为 {jobs} 个任务，最多 {max} 个"),
            StudyProblem::NotAStudyFolder(d) => format!("{d} 已存在且不是研究文件夹（无 study.json）；请另选 --out"),
            StudyProblem::OtherStudy(d) => format!("{d} 属于另一项研究（任务列表不同）；请另选 --out"),
            StudyProblem::DifferentLists { first, other } => format!("{other} 与 {first} 不是同一任务列表的分片"),
            StudyProblem::MixedKinds => "这些文件夹的输出类型不同（研究、扫描、基准）；请分别合并".into(),
            StudyProblem::MissingJobs { jobs, shards } => {
                let mut m = format!("缺少 {} 个任务：{}", jobs.len(), job_list(jobs));
                if !shards.is_empty() {
                    let s: Vec<String> = shards.iter().map(Shard::to_string).collect();
                    m.push_str(&format!("（分片 {}；重新运行即可续算）", s.join("、")));
                }
                m
            }
            StudyProblem::DuplicateSame(jobs) => format!("{} 个任务在多个文件夹中且结果相同，只保留一份：{}", jobs.len(), job_list(jobs)),
            StudyProblem::DuplicateDiffers { jobs, first, second } => format!("{} 个任务同时在 {first} 和 {second} 中，结果不同：{}", jobs.len(), job_list(jobs)),
        }
    }
}

/// Every problem found at once, one per line.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyProblems(pub Vec<StudyProblem>);

impl crate::model::message::Message for StudyProblems {
    fn text(&self, lang: Lang) -> String {
        let lines: Vec<String> = self.0.iter().map(|p| p.text(lang)).collect();
        lines.join("\n")
    }
}

impl crate::model::message::Message for StudyProblem {
    fn text(&self, lang: Lang) -> String {
        StudyProblem::text(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_jobs_name_their_shards_in_both_languages() {
        let p = StudyProblem::MissingJobs {
            jobs: vec![1, 4],
            shards: vec![Shard { index: 2, count: 3 }],
        };
        assert_eq!(
            p.text(Lang::En),
            "2 jobs are missing: 1, 4 (shard 2/3; run it again, it resumes)"
        );
        assert!(p.text(Lang::Zh).contains("分片 2/3"));
        let many = StudyProblem::MissingJobs {
            jobs: (0..12).collect(),
            shards: vec![],
        };
        assert!(many.text(Lang::En).ends_with("… (12 in all)"));
    }

    #[test]
    fn every_study_problem_has_chinese_and_english() {
        use crate::model::lang::has_chinese;
        let d = || "out".to_string();
        let all = [
            StudyProblem::Toml("expected `=`".into()),
            StudyProblem::UnknownKey {
                key: "seedz".into(),
                expected: vec!["folders", "sizes", "seeds"],
                meant: None,
            },
            StudyProblem::UnknownKey {
                key: "policy".into(),
                expected: vec!["policies"],
                meant: Some("policies"),
            },
            StudyProblem::Unreadable("denied".into()),
            StudyProblem::NoCounties,
            StudyProblem::NoPolicies,
            StudyProblem::MissingCounty(d()),
            StudyProblem::MissingPolicy(d()),
            StudyProblem::BadSize(vec![SizeProblem::NoSizes]),
            StudyProblem::SeedsWithoutSizes,
            StudyProblem::NoSeeds,
            StudyProblem::BadVary(GridProblem::KeyTwice { key: "k".into() }),
            StudyProblem::BadGrid(vec![GridProblem::TooManyPoints { max: 2 }]),
            StudyProblem::NeedsFile,
            StudyProblem::NeedsOut,
            StudyProblem::OutHoldsInput {
                dir: d(),
                input: d(),
            },
            StudyProblem::NotMergeable {
                output: d(),
                record: d(),
            },
            StudyProblem::NotACsvTable {
                table: d(),
                error: "e".into(),
            },
            StudyProblem::RowsVsJobs {
                source: d(),
                rows: 1,
                jobs: 2,
            },
            StudyProblem::NothingToMerge,
            StudyProblem::BadSolver {
                key: "gap".into(),
                value: "2".into(),
            },
            StudyProblem::TooManyJobs { jobs: 9, max: 1 },
            StudyProblem::NotAStudyFolder(d()),
            StudyProblem::OtherStudy(d()),
            StudyProblem::DifferentLists {
                first: d(),
                other: d(),
            },
            StudyProblem::MixedKinds,
            StudyProblem::MissingJobs {
                jobs: vec![1],
                shards: vec![],
            },
            StudyProblem::DuplicateSame(vec![1]),
            StudyProblem::DuplicateDiffers {
                jobs: vec![1],
                first: d(),
                second: d(),
            },
        ];
        for p in &all {
            // A new variant must be listed above: the match has no wildcard.
            match p {
                StudyProblem::Toml(_)
                | StudyProblem::UnknownKey { .. }
                | StudyProblem::Unreadable(_)
                | StudyProblem::NoCounties
                | StudyProblem::NoPolicies
                | StudyProblem::MissingCounty(_)
                | StudyProblem::MissingPolicy(_)
                | StudyProblem::BadSize(_)
                | StudyProblem::SeedsWithoutSizes
                | StudyProblem::NoSeeds
                | StudyProblem::BadVary(_)
                | StudyProblem::BadGrid(_)
                | StudyProblem::NeedsFile
                | StudyProblem::NeedsOut
                | StudyProblem::OutHoldsInput { .. }
                | StudyProblem::NotMergeable { .. }
                | StudyProblem::NotACsvTable { .. }
                | StudyProblem::RowsVsJobs { .. }
                | StudyProblem::NothingToMerge
                | StudyProblem::BadSolver { .. }
                | StudyProblem::TooManyJobs { .. }
                | StudyProblem::NotAStudyFolder(_)
                | StudyProblem::OtherStudy(_)
                | StudyProblem::DifferentLists { .. }
                | StudyProblem::MixedKinds
                | StudyProblem::MissingJobs { .. }
                | StudyProblem::DuplicateSame(_)
                | StudyProblem::DuplicateDiffers { .. } => {}
            }
            let (en, zh) = (p.text(Lang::En), p.text(Lang::Zh));
            assert!(has_chinese(&zh), "{p:?} has no Chinese: {zh}");
            assert!(!has_chinese(&en), "{p:?} English has Chinese: {en}");
        }
    }
}
