//! What a study says about its file, its folder and a merge, as data rendered in
//! English or Chinese in one place.

use crate::model::lang::Lang;
use crate::model::shard::Shard;

/// A problem with a study file, a study folder or shard outputs.
#[derive(Debug, Clone, PartialEq)]
pub enum StudyProblem {
    /// The TOML parser's own message (unknown key, wrong type, bad syntax).
    Toml(String),
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
    BadSize(String),
    /// `seeds` without `sizes`.
    SeedsWithoutSizes,
    /// `seeds = []`.
    NoSeeds,
    /// A `vary` entry that `rotation sweep --vary` would refuse.
    BadVary(String),
    /// A solver setting out of its range.
    BadSolver {
        /// The key under `[solver]`.
        key: String,
        /// Its value.
        value: String,
        /// The range it must lie in.
        expected: String,
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
            StudyProblem::Unreadable(e) => format!("cannot read: {e}"),
            StudyProblem::NoCounties => "no counties: give [counties] folders (CSV folders or .xlsx workbooks) or sizes (generated counties)".into(),
            StudyProblem::NoPolicies => "no policies: give [policies] files = [\"policy.toml\", …]".into(),
            StudyProblem::MissingCounty(p) => format!("county `{p}` does not exist (paths are relative to the study file)"),
            StudyProblem::MissingPolicy(p) => format!("policy file `{p}` does not exist (paths are relative to the study file)"),
            StudyProblem::BadSize(e) => format!("bad size {e}; expected a number of teachers or TEACHERSxSCHOOLS"),
            StudyProblem::SeedsWithoutSizes => "`seeds` needs `sizes`: seeds are for generated counties".into(),
            StudyProblem::NoSeeds => "`seeds` is empty; give at least one seed or leave it out (seed 1)".into(),
            StudyProblem::BadVary(e) => e.trim_start_matches("--vary ").to_string(),
            StudyProblem::BadSolver { key, value, expected } => format!("[solver] {key} = {value}: expected {expected}"),
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
            StudyProblem::Toml(m) => format!("TOML 格式错误：{m}"),
            StudyProblem::Unreadable(e) => format!("无法读取：{e}"),
            StudyProblem::NoCounties => "未指定县：请在 [counties] 中给出 folders（CSV 文件夹或 .xlsx 工作簿）或 sizes（生成的县）".into(),
            StudyProblem::NoPolicies => "未指定政策：请给出 [policies] files = [\"policy.toml\", …]".into(),
            StudyProblem::MissingCounty(p) => format!("县数据 `{p}` 不存在（路径相对于研究文件）"),
            StudyProblem::MissingPolicy(p) => format!("政策文件 `{p}` 不存在（路径相对于研究文件）"),
            StudyProblem::BadSize(e) => format!("规模有误 {e}；应为教师数或 教师数x学校数"),
            StudyProblem::SeedsWithoutSizes => "`seeds` 需要 `sizes`：种子只用于生成的县".into(),
            StudyProblem::NoSeeds => "`seeds` 为空；至少给出一个种子，或省略（种子 1）".into(),
            StudyProblem::BadVary(e) => format!("扫描设置有误：{e}"),
            StudyProblem::BadSolver { key, value, expected } => format!("[solver] {key} = {value}：应为 {expected}"),
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
}
