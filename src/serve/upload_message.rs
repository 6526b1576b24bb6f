//! What `rotation serve` says about an upload it cannot use before any file is read
//! (the file's kind, its size, the zip, the round to re-plan, the policies of a
//! comparison, the two rounds of `/compare`), as data in English and Chinese:
//! the page shows the page's language, the API both (`message`, `message_zh`).

use crate::model::lang::Lang;
use crate::serve::store::Problem;

/// One refusal of an upload.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
pub enum UploadMessage {
    /// The county file chosen has no byte.
    EmptyFile,
    /// The file's name ends neither in a workbook's extension nor in `.zip`.
    NotACountyFile,
    /// The zip cannot be read (the reader's own words follow).
    ZipUnreadable {
        /// The zip reader's error.
        error: String,
    },
    /// A file of the zip cannot be unpacked.
    CannotUnpack {
        /// The file's name.
        name: String,
        /// The zip reader's error.
        error: String,
    },
    /// Two files of the zip have the same name.
    ZipTwice {
        /// The file's name.
        name: String,
    },
    /// The zip holds no CSV file.
    ZipHoldsNoCsv,
    /// The round to re-plan is not done.
    PreviousNotDone {
        /// Its id.
        id: String,
    },
    /// There is no round of that id to re-plan.
    NoPrevious {
        /// The id given.
        id: String,
    },
    /// A comparison of policies given too few or too many.
    PolicyCount {
        /// How many were given.
        given: usize,
        /// The most a comparison takes.
        most: usize,
    },
    /// A comparison names a model `models/` does not have.
    NoModel {
        /// The name given.
        name: String,
        /// The models there are, comma-separated.
        known: String,
    },
    /// A comparison has neither a county file nor a round whose county is reused.
    NoCounty,
    /// A comparison names a round that does not exist.
    NoRound {
        /// The id given.
        id: String,
    },
    /// The upload of the round a comparison reuses is no longer on disk.
    UploadGone {
        /// The round's id.
        id: String,
    },
    /// `/compare` without two different rounds ticked (A and B).
    CompareNeedsTwo,
    /// `/compare` names a round that has no plan (queued, running or failed).
    CompareNotDone {
        /// Its id.
        id: String,
    },
    /// The request is above `--max-upload-mb`.
    TooLarge {
        /// The limit, bytes.
        limit: u64,
    },
    /// The CSV files of the zip unpack to more than the limit (20 times the upload's).
    UnpacksTooLarge {
        /// The limit, bytes.
        limit: u64,
    },
}

/// `limit` bytes in MB as the officer gave them to `--max-upload-mb` (`50`), with
/// decimals only for a limit that is not a whole number of MB.
fn megabytes(limit: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if limit.is_multiple_of(MB) {
        (limit / MB).to_string()
    } else {
        format!("{:.2}", limit as f64 / MB as f64)
    }
}

impl UploadMessage {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use UploadMessage as M;
        match (self, lang) {
            (M::EmptyFile, Lang::En) => "the file is empty (0 bytes); choose the county's .xlsx workbook or .zip of the CSV files".into(),
            (M::EmptyFile, Lang::Zh) => "文件是空的（0 字节）；请选择含有数据的县域数据文件（.xlsx 工作簿，或 CSV 文件的 .zip 压缩包）".into(),
            (M::NotACountyFile, Lang::En) => "not a county file; expected an .xlsx workbook (sheets 学校, 教师, 共同体) or a .zip of the CSV files (schools.csv, teachers.csv, ...)".into(),
            (M::NotACountyFile, Lang::Zh) => "不是县域数据文件；应为 .xlsx 工作簿（工作表 学校、教师、共同体）或 CSV 文件（schools.csv、teachers.csv 等）的 .zip 压缩包".into(),
            (M::ZipUnreadable { error }, Lang::En) => format!("cannot read the zip file: {error}"),
            (M::ZipUnreadable { error }, Lang::Zh) => format!("无法读取该 .zip 压缩包（读取程序原文：{error}）"),
            (M::CannotUnpack { name, error }, Lang::En) => format!("cannot unpack `{name}`: {error}"),
            (M::CannotUnpack { name, error }, Lang::Zh) => format!("无法解压 `{name}`（读取程序原文：{error}）"),
            (M::ZipTwice { name }, Lang::En) => format!("`{name}` is in the zip twice; expected one file of each name"),
            (M::ZipTwice { name }, Lang::Zh) => format!("压缩包中有两个 `{name}`；每个文件名只能有一个"),
            (M::ZipHoldsNoCsv, Lang::En) => "the zip holds no CSV file; expected schools.csv, teachers.csv and optionally partnerships.csv, roads.csv".into(),
            (M::ZipHoldsNoCsv, Lang::Zh) => "压缩包中没有 CSV 文件；应有 schools.csv、teachers.csv，可另有 partnerships.csv、roads.csv".into(),
            (M::PreviousNotDone { id }, Lang::En) => format!("round `{id}` is not done; re-plan against a round with a plan"),
            (M::PreviousNotDone { id }, Lang::Zh) => format!("方案 `{id}` 尚未编制完成；请基于已完成的方案重新编制"),
            (M::NoPrevious { id }, Lang::En) => format!("no round `{id}`; expected the id of a round that is done"),
            (M::NoPrevious { id }, Lang::Zh) => format!("没有编号为 `{id}` 的方案；应为已完成方案的编号"),
            (M::PolicyCount { given, most }, Lang::En) => format!("{given} {} given; a comparison takes 2 to {most} (`policy` texts and/or `model` names)", if *given == 1 { "policy" } else { "policies" }),
            (M::PolicyCount { given, most }, Lang::Zh) => format!("选择了 {given} 个政策；请选择 2 至 {most} 个政策进行比较（勾选政策模板，或另加粘贴的政策）"),
            (M::NoModel { name, known }, Lang::En) => format!("no model `{name}`; expected one of {known}"),
            (M::NoModel { name, known }, Lang::Zh) => format!("没有名为 `{name}` 的政策模板；应为以下之一：{known}"),
            (M::NoCounty, Lang::En) => "missing the county: an `instance` file (.xlsx or .zip of CSV files) or a `round` id whose county is reused".into(),
            (M::NoCounty, Lang::Zh) => "缺少县域数据：请上传 .xlsx 工作簿或 CSV 文件的 .zip 压缩包，或指定沿用其县域数据的方案".into(),
            (M::NoRound { id }, Lang::En) => format!("no round `{id}`; expected the id of an uploaded round"),
            (M::NoRound { id }, Lang::Zh) => format!("没有编号为 `{id}` 的方案；应为已上传方案的编号"),
            (M::UploadGone { id }, Lang::En) => format!("the upload of round `{id}` is gone"),
            (M::UploadGone { id }, Lang::Zh) => format!("方案 `{id}` 上传的县域数据已不在数据文件夹中"),
            (M::CompareNeedsTwo, Lang::En) => "tick two different rounds to compare, one as A and one as B, in the list of rounds".into(),
            (M::CompareNeedsTwo, Lang::Zh) => "请在方案列表中勾选两个不同的方案进行比较（一个为 A，一个为 B）".into(),
            (M::CompareNotDone { id }, Lang::En) => format!("round `{id}` has no plan (it is queued, running or failed); compare two rounds that are done"),
            (M::CompareNotDone { id }, Lang::Zh) => format!("方案 `{id}` 没有编制结果（排队中、编制中或未能编制）；请比较两个已完成的方案"),
            (M::TooLarge { limit }, Lang::En) => format!("the upload is larger than the limit of {} MB; upload a smaller file, or start the server with a larger --max-upload-mb", megabytes(*limit)),
            (M::TooLarge { limit }, Lang::Zh) => format!("上传的文件大于 {} MB 的上限；请上传较小的文件，或请管理员以更大的 --max-upload-mb 重新启动本程序", megabytes(*limit)),
            (M::UnpacksTooLarge { limit }, Lang::En) => format!("the CSV files of the zip unpack to more than {} MB", megabytes(*limit)),
            (M::UnpacksTooLarge { limit }, Lang::Zh) => format!("压缩包中的 CSV 文件解压后大于 {} MB 的上限", megabytes(*limit)),
        }
    }

    /// The problem of `file` this message describes, in both languages.
    pub fn problem(&self, file: &str) -> Problem {
        let mut p = Problem::plain(file, self.text(Lang::En));
        p.message_zh = self.text(Lang::Zh);
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    fn examples() -> Vec<UploadMessage> {
        use UploadMessage as M;
        let (id, name, error) = (
            "60b1d1902aa9".to_string(),
            "schools.csv".to_string(),
            "invalid Zip archive".to_string(),
        );
        vec![
            M::EmptyFile,
            M::NotACountyFile,
            M::ZipUnreadable {
                error: error.clone(),
            },
            M::CannotUnpack {
                name: name.clone(),
                error,
            },
            M::ZipTwice { name },
            M::ZipHoldsNoCsv,
            M::PreviousNotDone { id: id.clone() },
            M::NoPrevious { id: id.clone() },
            M::PolicyCount { given: 1, most: 8 },
            M::NoModel {
                name: "nowhere".into(),
                known: "haiyan-2022, commute-20km".into(),
            },
            M::NoCounty,
            M::NoRound { id: id.clone() },
            M::UploadGone { id: id.clone() },
            M::CompareNeedsTwo,
            M::CompareNotDone { id },
            M::TooLarge { limit: 50 << 20 },
            M::UnpacksTooLarge { limit: 1000 << 20 },
        ]
    }

    #[test]
    fn every_upload_message_has_chinese_and_english() {
        let examples = examples();
        for kind in UploadMessageDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| UploadMessageDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            assert!(has_chinese(&m.text(Lang::Zh)), "{kind:?}");
            // The workbook's sheet names are Chinese in either language.
            let en = m.text(Lang::En).replace("学校, 教师, 共同体", "");
            assert!(!has_chinese(&en), "{kind:?}: {en}");
        }
    }

    #[test]
    fn a_limit_is_given_in_the_megabytes_of_the_flag() {
        assert_eq!(megabytes(50 << 20), "50");
        assert_eq!(megabytes(64 << 10), "0.06");
        let m = UploadMessage::TooLarge { limit: 1 << 20 };
        assert!(m.text(Lang::Zh).contains("大于 1 MB 的上限"));
        assert!(m.text(Lang::En).contains("the limit of 1 MB"));
    }
}
