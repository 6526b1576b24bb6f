//! A command refused before any work (an output that exists, a flag out of range), as
//! data: one variant per kind, rendered in English or Chinese by
//! [`UsageMessage::text`]. [`RotationError::Refused`] carries it (exit code 2).
//!
//! [`RotationError::Refused`]: crate::model::error::RotationError::Refused

use crate::model::lang::Lang;

/// Why a command refused to start.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
#[allow(missing_docs)]
pub enum UsageMessage {
    /// An output file exists and `--force` was not given.
    OutputExists { path: String },
    /// An output folder holds outputs of an earlier run and `--force` was not given.
    OutputSetExists { dir: String, files: Vec<String> },
    /// An output file is one of the command's inputs.
    OutputIsInput { path: String, input: String },
    /// An output folder holds one of the command's inputs.
    OutputSetHoldsInput { dir: String, input: String },
    /// An output file named as a folder.
    OutputIsFolder { path: String },
    /// An output folder named as a file.
    OutputIsFile { dir: String },
    /// An output folder holding files rotation did not write.
    ForeignFiles { dir: String, files: Vec<String> },
    /// An output folder name that does not resolve.
    NotAFolderName { dir: String },
    /// The root folder given as an output folder.
    RootFolder { dir: String },
    /// `--candidates 0`.
    CandidatesAtLeastOne,
    /// `--jobs 0`.
    JobsAtLeastOne,
    /// A solver setting out of range: `setting` is `time_limit`, `gap` or `threads`,
    /// `flag` how the user wrote it.
    SolverSetting {
        flag: String,
        setting: String,
        value: String,
    },
    /// A date flag that is not `YYYY-MM-DD`.
    BadDate { flag: String, text: String },
    /// `indicator = "qualified"` without a degree column.
    QualifiedNeedsDegrees,
    /// Pricing asked for under `rules.stable`.
    PricingNotStable,
    /// Pricing asked for with exchange teams.
    PricingNotTeams,
    /// `template --from` to a file that is not `.xlsx`.
    FromNeedsWorkbook { path: String },
    /// `export` without `--mps` or `--lp`.
    ExportNeedsAFile,
    /// `export` with both `--mps` and `--lp`.
    ExportOneFile,
    /// `generate --like` with `--teachers`/`--schools`.
    LikeSetsTheSize,
    /// `generate` without a size.
    GenerateNeedsASize,
    /// `anonymize` of a county with roads.csv or distances.csv.
    AnonymizeTravel,
    /// `anonymize --jitter-km` below 0 or not finite.
    JitterKm { value: f64 },
    /// `anonymize`: the county leaves the grid once moved.
    AnonymizeOffGrid,
    /// `bench --family` with no county to run.
    FamilyEmpty,
    /// `teams` without `--school` or `--all`.
    TeamsNeedSchool,
    /// `--school ID` naming no school of the county.
    NoSuchSchool { id: String },
    /// `--school ID` of a school classes.csv lists no classes for.
    NoClassesOfSchool { id: String, file: String },
    /// `draw` without `--seed-from` and `--out`, or `--check`.
    DrawNeedsSeed,
    /// `draw --seed-from ""`.
    SeedEmpty,
    /// `compare` without `--policy`.
    CompareNeedsPolicy,
    /// `classes --classes N` out of range.
    ClassCount { n: usize, max: usize },
    /// `draw`: grades whose teams and classes differ in number: (school, grade,
    /// teams, classes).
    TeamsClassesMismatch {
        grades: Vec<(String, String, usize, usize)>,
    },
}

/// What a solver setting (`time_limit`, `gap`, `search_gap`, `threads`; see
/// `SolveOptions::bad_setting`, where the ranges are decided) accepts, in `lang`: the
/// one wording of the command line's flags and the study file's `[solver]` keys.
pub fn setting_range(setting: &str, lang: Lang) -> &'static str {
    match setting {
        "time_limit" => lang.pick("a number of seconds > 0", "大于 0 的秒数"),
        "gap" | "search_gap" => lang.pick(
            "a relative gap in [0, 1)",
            "0 到 1 之间（不含 1）的相对间隙",
        ),
        _ => lang.pick("at least 1", "不小于 1 的整数"),
    }
}

/// "应为" before a setting's range in Chinese: a space before a figure, none before a
/// character (应为 0 到 1 之间, 应为大于 0 的秒数), as the other messages space them.
pub fn expected_zh(expected: &str) -> String {
    let gap = if expected.starts_with(|c: char| c.is_ascii()) {
        " "
    } else {
        ""
    };
    format!("应为{gap}{expected}")
}

impl UsageMessage {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use UsageMessage as M;
        let en = lang == Lang::En;
        match self {
            M::OutputExists { path } if en => format!("{path} exists; pass --force to overwrite it"),
            M::OutputExists { path } => format!("{path} 已存在；如要覆盖，请加 --force"),
            M::OutputSetExists { dir, files } if en => format!(
                "{dir} exists and holds {}; pass --force to replace them",
                files.join(", ")
            ),
            M::OutputSetExists { dir, files } => format!(
                "{dir} 已存在，其中有 {}；如要替换，请加 --force",
                files.join("、")
            ),
            M::OutputIsInput { path, input } if en => format!(
                "{path} is {input}, which this command reads; write the output elsewhere \
                 (--force does not overwrite an input)"
            ),
            M::OutputIsInput { path, input } => format!(
                "{path} 就是本命令读取的 {input}；请把结果写到别处（--force 也不会覆盖输入文件）"
            ),
            M::OutputSetHoldsInput { dir, input } if en => format!(
                "{dir} holds {input}, which this command reads; write the outputs to another \
                 folder (--force never replaces an input)"
            ),
            M::OutputSetHoldsInput { dir, input } => format!(
                "{dir} 中有本命令读取的 {input}；请把结果写到另一个文件夹（--force 也不会替换输入文件）"
            ),
            M::OutputIsFolder { path } if en => format!("{path} is a folder; give a file name"),
            M::OutputIsFolder { path } => format!("{path} 是文件夹；请给出文件名"),
            M::OutputIsFile { dir } if en => format!("{dir} is a file; --out names a folder"),
            M::OutputIsFile { dir } => format!("{dir} 是文件；--out 应为文件夹"),
            M::ForeignFiles { dir, files } if en => format!(
                "{dir} holds files rotation did not write there ({}); write the outputs to a \
                 new or empty folder",
                files.join(", ")
            ),
            M::ForeignFiles { dir, files } => format!(
                "{dir} 中有不是本程序写入的文件（{}）；请把结果写到新的或空的文件夹",
                files.join("、")
            ),
            M::NotAFolderName { dir } if en => format!("{dir}: not a folder name"),
            M::NotAFolderName { dir } => format!("{dir}：不是有效的文件夹名"),
            M::RootFolder { dir } if en => {
                format!("{dir}: cannot write the root folder as an output set")
            }
            M::RootFolder { dir } => format!("{dir}：不能把根目录用作输出文件夹"),
            M::CandidatesAtLeastOne if en => {
                "--candidates must be at least 1 (the nearest allowed schools kept per teacher)"
                    .into()
            }
            M::CandidatesAtLeastOne => {
                "--candidates 至少为 1（每位教师保留的最近可去学校数）".into()
            }
            M::JobsAtLeastOne if en => "--jobs must be at least 1".into(),
            M::JobsAtLeastOne => "--jobs 至少为 1".into(),
            M::SolverSetting {
                flag,
                setting,
                value,
            } => {
                let expected = setting_range(setting, lang);
                if en {
                    format!("{flag} {value}: expected {expected}")
                } else {
                    format!("{flag} {value}：{}", expected_zh(expected))
                }
            }
            M::BadDate { flag, text } if en => {
                format!("{flag} {text:?}: expected a date as YYYY-MM-DD, e.g. 2026-08-25")
            }
            M::BadDate { flag, text } => {
                format!("{flag} {text:?}：应为 YYYY-MM-DD 格式的日期，例如 2026-08-25")
            }
            M::QualifiedNeedsDegrees if en => {
                "[balance] indicator = \"qualified\" needs the teachers' degrees: add the \
                 `degree` column to teachers.csv, or choose indicator = \"backbone\""
                    .into()
            }
            M::QualifiedNeedsDegrees => {
                "[balance] indicator = \"qualified\" 需要教师的学历：请在教师表中加上“学历”\
                 （degree）列，或改用 indicator = \"backbone\""
                    .into()
            }
            M::PricingNotStable if en => {
                "pricing (column generation) does not hold `rules.stable`: its restricted \
                 model has no rows against justified envy; plan without pricing"
                    .into()
            }
            M::PricingNotStable => {
                "列生成定价（pricing）不支持 `rules.stable`：其受限模型没有防止“合理嫉妒”的约束；\
                 请不用定价求解"
                    .into()
            }
            M::PricingNotTeams if en => {
                "pricing (column generation) does not hold exchange teams (teams.csv): its \
                 restricted model has no rows keeping a team together; plan without pricing"
                    .into()
            }
            M::PricingNotTeams => {
                "列生成定价（pricing）不支持组团交流（teams.csv）：其受限模型没有让团队整体交流的约束；\
                 请不用定价求解"
                    .into()
            }
            M::FromNeedsWorkbook { path } if en => {
                format!("--from fills a workbook: {path} should end in .xlsx")
            }
            M::FromNeedsWorkbook { path } => {
                format!("--from 填写的是工作簿：{path} 应以 .xlsx 结尾")
            }
            M::ExportNeedsAFile if en => {
                "give --mps FILE or --lp FILE: where to write the model".into()
            }
            M::ExportNeedsAFile => "请给出 --mps 文件 或 --lp 文件：模型写到哪里".into(),
            M::ExportOneFile if en => "give one of --mps FILE and --lp FILE, not both".into(),
            M::ExportOneFile => "--mps 和 --lp 只能给一个".into(),
            M::LikeSetsTheSize if en => {
                "--like sets the size; drop --teachers and --schools".into()
            }
            M::LikeSetsTheSize => "--like 已决定规模；请去掉 --teachers 和 --schools".into(),
            M::GenerateNeedsASize if en => {
                "give --like haiyan, or both --teachers N and --schools M".into()
            }
            M::GenerateNeedsASize => {
                "请给出 --like haiyan，或同时给出 --teachers N 和 --schools M".into()
            }
            M::AnonymizeTravel if en => {
                "this county has roads.csv or distances.csv; anonymizing place names and their \
                 travel times or distances is not supported yet"
                    .into()
            }
            M::AnonymizeTravel => {
                "该县有 roads.csv 或 distances.csv；暂不支持对地点名称及其用时或距离做匿名化".into()
            }
            M::JitterKm { value } if en => {
                format!("--jitter-km {value}: expected a distance ≥ 0 km")
            }
            M::JitterKm { value } => format!("--jitter-km {value}：应为不小于 0 的公里数"),
            M::AnonymizeOffGrid if en => {
                "the county spans more than the grid allows once moved; give positions in degrees"
                    .into()
            }
            M::AnonymizeOffGrid => "移动后该县超出坐标网格的范围；请用经纬度给出位置".into(),
            M::FamilyEmpty if en => "the family has no county to run".into(),
            M::FamilyEmpty => "基准族中没有可运行的县".into(),
            M::TeamsNeedSchool if en => "give --school ID or --all".into(),
            M::TeamsNeedSchool => "请给出 --school 学校编号 或 --all".into(),
            M::NoSuchSchool { id } if en => format!("--school {id}: no such school in the county"),
            M::NoSuchSchool { id } => format!("--school {id}：县里没有这所学校"),
            M::NoClassesOfSchool { id, file } if en => {
                format!("--school {id}: {file} lists no classes of this school")
            }
            M::NoClassesOfSchool { id, file } => {
                format!("--school {id}：{file} 中没有这所学校的班级")
            }
            M::DrawNeedsSeed if en => {
                "give --seed-from TEXT and --out DIR, or --check DRAW_DIR".into()
            }
            M::DrawNeedsSeed => {
                "请给出 --seed-from 文本 和 --out 文件夹，或 --check 抽签文件夹".into()
            }
            M::SeedEmpty if en => {
                "--seed-from is empty; give the text announced before the draw".into()
            }
            M::SeedEmpty => "--seed-from 为空；请给出抽签前公布的文本".into(),
            M::CompareNeedsPolicy if en => "give at least one --policy FILE to compare".into(),
            M::CompareNeedsPolicy => "请至少给出一个 --policy 政策文件用于比较".into(),
            M::ClassCount { n, max } if en => {
                format!("--classes {n}: expected 1 to {max} classes, or a classes.csv file")
            }
            M::ClassCount { n, max } => {
                format!("--classes {n}：应为 1 到 {max} 个班，或一个 classes.csv 文件")
            }
            M::TeamsClassesMismatch { grades } => {
                let lines: Vec<String> = grades
                    .iter()
                    .map(|(school, grade, teams, classes)| {
                        if en {
                            format!(
                                "school `{school}` grade `{grade}`: {teams} team{} but {classes} \
                                 class{}; form the teams and the classes from the same classes.csv",
                                if *teams == 1 { "" } else { "s" },
                                if *classes == 1 { "" } else { "es" }
                            )
                        } else {
                            format!(
                                "学校 `{school}` 年级 `{grade}`：{teams} 个教学团队，但有 {classes} \
                                 个班；请用同一个 classes.csv 组建团队和分班"
                            )
                        }
                    })
                    .collect();
                format!(
                    "{}\n  {}",
                    lang.pick(
                        "the teams and the classes do not match:",
                        "教学团队与班级对不上："
                    ),
                    lines.join("\n  ")
                )
            }
        }
    }
}

impl crate::model::message::Message for UsageMessage {
    fn text(&self, lang: Lang) -> String {
        UsageMessage::text(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    #[test]
    fn every_solver_setting_is_worded_by_its_own_range() {
        let refused = |setting: &str| {
            UsageMessage::SolverSetting {
                flag: setting.into(),
                setting: setting.into(),
                value: "2".into(),
            }
            .text(Lang::En)
        };
        assert!(refused("search_gap").ends_with("expected a relative gap in [0, 1)"));
        assert!(refused("time_limit").ends_with("expected a number of seconds > 0"));
        assert!(refused("threads").ends_with("expected at least 1"));
    }

    fn examples() -> Vec<UsageMessage> {
        use UsageMessage as M;
        let p = || "out/plan".to_string();
        vec![
            M::OutputExists { path: p() },
            M::OutputSetExists {
                dir: p(),
                files: vec!["plan.csv".into()],
            },
            M::OutputIsInput {
                path: p(),
                input: "a.csv".into(),
            },
            M::OutputSetHoldsInput {
                dir: p(),
                input: "a.csv".into(),
            },
            M::OutputIsFolder { path: p() },
            M::OutputIsFile { dir: p() },
            M::ForeignFiles {
                dir: p(),
                files: vec!["x".into()],
            },
            M::NotAFolderName { dir: p() },
            M::RootFolder { dir: "/".into() },
            M::CandidatesAtLeastOne,
            M::JobsAtLeastOne,
            M::SolverSetting {
                flag: "--gap".into(),
                setting: "gap".into(),
                value: "2".into(),
            },
            M::BadDate {
                flag: "--date".into(),
                text: "x".into(),
            },
            M::QualifiedNeedsDegrees,
            M::PricingNotStable,
            M::PricingNotTeams,
            M::FromNeedsWorkbook { path: p() },
            M::ExportNeedsAFile,
            M::ExportOneFile,
            M::LikeSetsTheSize,
            M::GenerateNeedsASize,
            M::AnonymizeTravel,
            M::JitterKm { value: -1.0 },
            M::AnonymizeOffGrid,
            M::FamilyEmpty,
            M::TeamsNeedSchool,
            M::NoSuchSchool { id: "U9".into() },
            M::NoClassesOfSchool {
                id: "U1".into(),
                file: "classes.csv".into(),
            },
            M::DrawNeedsSeed,
            M::SeedEmpty,
            M::CompareNeedsPolicy,
            M::ClassCount { n: 0, max: 30 },
            M::TeamsClassesMismatch {
                grades: vec![("U1".into(), "7".into(), 2, 3)],
            },
        ]
    }

    #[test]
    fn every_usage_message_has_chinese_and_english() {
        let examples = examples();
        for kind in UsageMessageDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| UsageMessageDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(has_chinese(&zh), "{kind:?} has no Chinese: {zh}");
            assert!(!has_chinese(&en), "{kind:?} English has Chinese: {en}");
        }
    }
}
