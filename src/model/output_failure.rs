//! An output that could not be rendered (the workbook writer or the JSON writer refused
//! something), as data: which output, and the writer's own words, rendered in English
//! or Chinese. [`RotationError::Output`] carries it (exit code 1). A file that cannot be
//! written is [`RotationError::Io`], with its path.
//!
//! [`RotationError::Output`]: crate::model::error::RotationError::Output
//! [`RotationError::Io`]: crate::model::error::RotationError::Io

use crate::model::lang::Lang;

/// The outputs rendered in memory before they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(strum::EnumIter))]
pub enum RenderedOutput {
    /// `draw.json`, the record of a draw.
    DrawRecord,
    /// A workbook of plain tables (`teams.xlsx`, `classes.xlsx`, `draw.xlsx`, ...).
    Tables,
    /// The plan workbook (`plan.xlsx`).
    PlanWorkbook,
    /// The empty template workbook (`rotation template`).
    TemplateWorkbook,
    /// A county as a workbook (`rotation template --from`).
    CountyWorkbook,
}

impl RenderedOutput {
    /// The output's name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        use RenderedOutput as R;
        match (self, lang) {
            (R::DrawRecord, Lang::En) => "draw.json",
            (R::DrawRecord, Lang::Zh) => "抽签记录 draw.json",
            (R::Tables, Lang::En) => "the workbook",
            (R::Tables, Lang::Zh) => "工作簿",
            (R::PlanWorkbook, Lang::En) => "the plan workbook",
            (R::PlanWorkbook, Lang::Zh) => "交流方案工作簿",
            (R::TemplateWorkbook, Lang::En) => "the template workbook",
            (R::TemplateWorkbook, Lang::Zh) => "模板工作簿",
            (R::CountyWorkbook, Lang::En) => "the county workbook",
            (R::CountyWorkbook, Lang::Zh) => "县数据工作簿",
        }
    }
}

/// An output that could not be rendered, and why in the writer's words.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFailure {
    /// Which output.
    pub output: RenderedOutput,
    /// The writer's own error (English: a library's text).
    pub cause: String,
}

impl OutputFailure {
    /// The failure of `output`, with `cause` as the writer gave it.
    pub fn new(output: RenderedOutput, cause: impl std::fmt::Display) -> Self {
        OutputFailure {
            output,
            cause: cause.to_string(),
        }
    }

    /// The failure in `lang`; in Chinese the writer's own words follow in brackets, as
    /// an operating system's error does.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => format!("cannot render {}: {}", self.output.name(lang), self.cause),
            Lang::Zh => format!(
                "无法生成{}，未写入任何文件（{}）",
                self.output.name(lang),
                self.cause
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    #[test]
    fn every_output_failure_has_chinese_and_english() {
        for output in RenderedOutput::iter() {
            let f = OutputFailure::new(output, "sheet name too long");
            assert!(has_chinese(&f.text(Lang::Zh)), "{output:?}");
            assert!(!has_chinese(&f.text(Lang::En)), "{output:?}");
            assert!(f.text(Lang::Zh).contains("sheet name too long"));
        }
    }
}
