//! What is wrong with a list of benchmark sizes (`rotation bench --sizes`, a study
//! file's `sizes`), as data rendered in English or Chinese.

use crate::model::lang::Lang;
use crate::model::message::Message;

/// One bad entry of a size list.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
#[allow(missing_docs)]
pub enum SizeProblem {
    /// A number of teachers outside the suite's range.
    TeachersOutOfRange {
        entry: String,
        teachers: usize,
        min: usize,
        max: usize,
    },
    /// An entry that is not a number (nor `TEACHERSxSCHOOLS`).
    NotASize { entry: String },
    /// A number of schools out of range.
    SchoolsOutOfRange { entry: String, max: usize },
    /// A list with no entry.
    NoSizes,
    /// A study's size entry holding several sizes.
    OneSizePerEntry { entry: String },
}

impl SizeProblem {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use SizeProblem as P;
        let en = lang == Lang::En;
        match self {
            P::TeachersOutOfRange {
                entry,
                teachers,
                min,
                max,
            } if en => format!("`{entry}`: {teachers} teachers is outside {min}..={max}"),
            P::TeachersOutOfRange {
                entry,
                teachers,
                min,
                max,
            } => format!("`{entry}`：教师数 {teachers} 不在 {min} 到 {max} 之间"),
            P::NotASize { entry } if en => {
                format!("`{entry}` is not a number of teachers (or TEACHERSxSCHOOLS)")
            }
            P::NotASize { entry } => {
                format!("`{entry}` 不是教师数（或 教师数x学校数）")
            }
            P::SchoolsOutOfRange { entry, max } if en => {
                format!("`{entry}`: schools must be a number from 2 to {max}")
            }
            P::SchoolsOutOfRange { entry, max } => {
                format!("`{entry}`：学校数应为 2 到 {max} 之间的数")
            }
            P::NoSizes if en => "no sizes given".into(),
            P::NoSizes => "没有给出规模".into(),
            P::OneSizePerEntry { entry } if en => format!("`{entry}`: one size per entry"),
            P::OneSizePerEntry { entry } => format!("`{entry}`：每项只能给一个规模"),
        }
    }

    /// The problems joined in `lang` (`; ` or `；`).
    pub fn joined(problems: &[SizeProblem], lang: Lang) -> String {
        let texts: Vec<String> = problems.iter().map(|p| p.text(lang)).collect();
        texts.join(lang.pick("; ", "；"))
    }
}

/// Every bad entry of `--sizes`, reported at once.
#[derive(Debug, Clone, PartialEq)]
pub struct SizesRefused(pub Vec<SizeProblem>);

impl Message for SizesRefused {
    fn text(&self, lang: Lang) -> String {
        format!(
            "--sizes{}{}",
            lang.pick(": ", "："),
            SizeProblem::joined(&self.0, lang)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    #[test]
    fn every_size_problem_has_chinese_and_english() {
        use SizeProblem as P;
        let e = || "500x1".to_string();
        let examples = [
            P::TeachersOutOfRange {
                entry: e(),
                teachers: 5,
                min: 10,
                max: 100,
            },
            P::NotASize { entry: e() },
            P::SchoolsOutOfRange { entry: e(), max: 5 },
            P::NoSizes,
            P::OneSizePerEntry { entry: e() },
        ];
        for kind in SizeProblemDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| SizeProblemDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(has_chinese(&zh), "{kind:?} has no Chinese: {zh}");
            assert!(!has_chinese(&en), "{kind:?} English has Chinese: {en}");
        }
    }
}
