//! The hard rows a round with returns cannot keep ([`BlockedRow`]), as the proof that
//! no plan exists names them (`SolverMessage::ReturnsProvenBlocked`): which rule, at
//! which school, and the returns there.

/// A hard row that one least breach of the hard rules breaks, in a round the returns
/// make infeasible (the set is proven; another least breach may break other rows):
/// which rule, at which school.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum HardRow {
    /// A school's headcount (`rules.staffing_tolerance`).
    Staffing { school: String },
    /// A school's teachers of one subject (`rules.subject_tolerance`).
    Subject { school: String, subject: String },
    /// A level's backbone CV not worse than before (`balance.backbone_cv`).
    NeverWorse { side: crate::model::indicator::Side },
}

/// A [`HardRow`] with this year's returns at its school: the teachers who leave it
/// for home (`leaving`) and those who come home to it (`arriving`), by id.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockedRow {
    /// The rule and its school.
    pub row: HardRow,
    /// Teachers returning home from the row's school (of its subject, for a subject
    /// row).
    pub leaving: Vec<String>,
    /// Teachers coming home to it.
    pub arriving: Vec<String>,
}

impl BlockedRow {
    /// The row and its returns, in English (`en`) or Chinese.
    pub(crate) fn text(&self, en: bool) -> String {
        let row = match (&self.row, en) {
            (HardRow::Staffing { school }, true) => {
                format!("school {school}'s headcount (rules.staffing_tolerance)")
            }
            (HardRow::Staffing { school }, false) => {
                format!("学校 {school} 的教师人数（rules.staffing_tolerance）")
            }
            (HardRow::Subject { school, subject }, true) => {
                format!("school {school}'s {subject} teachers (rules.subject_tolerance)")
            }
            (HardRow::Subject { school, subject }, false) => {
                format!("学校 {school} 的{subject}教师人数（rules.subject_tolerance）")
            }
            (HardRow::NeverWorse { side }, true) => format!(
                "the backbone CV of {} schools not worse (balance.backbone_cv)",
                side.en()
            ),
            (HardRow::NeverWorse { side }, false) => {
                format!("{}骨干教师差异系数不变差（balance.backbone_cv）", side.zh())
            }
        };
        let mut who = Vec::new();
        let verb = |ids: &[String], one: &str, many: &str| {
            format!(
                "{} {}",
                ids.join(", "),
                if ids.len() == 1 { one } else { many }
            )
        };
        if !self.leaving.is_empty() {
            who.push(if en {
                verb(&self.leaving, "returns home from it", "return home from it")
            } else {
                format!("{} 从该校返回原校", self.leaving.join("、"))
            });
        }
        if !self.arriving.is_empty() {
            who.push(if en {
                verb(&self.arriving, "comes home to it", "come home to it")
            } else {
                format!("{} 返回该校", self.arriving.join("、"))
            });
        }
        match (who.is_empty(), en) {
            (true, _) => row,
            (false, true) => format!("{row}: {}", who.join("; ")),
            (false, false) => format!("{row}：{}", who.join("；")),
        }
    }
}
