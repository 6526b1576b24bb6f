//! The words of the HTML report and of its pictures (the map, the CV chart, the
//! commute histogram), as data: every heading, label, note and sentence is a
//! [`ReportText`], rendered in one place per language. A Chinese report
//! (`--lang zh`, or a round planned from a Chinese page of `rotation serve`) shows the
//! Chinese alone; otherwise labels show the English followed by the Chinese, as the
//! report always has, and values and sentences written into cells the English.
//!
//! Long file: one enum holds every text of the report so that one test walks them
//! all; split, a text could go without its Chinese unnoticed.

use crate::model::indicator::{Indicator, Side};
use crate::model::lang::Lang;
use crate::model::travel::CommuteUnit;

/// One text of the report or of its pictures.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
pub enum ReportText {
    /// `County` before the county's name in the header.
    County,
    /// `policy` before the policy's name in the header.
    Policy,
    /// Which program made the report, with its version.
    MadeBy {
        /// The program's version.
        version: String,
    },
    /// Heading of the key figures.
    KeyFigures,
    /// Column: the figure.
    Figure,
    /// Column: the plan's value.
    Plan,
    /// Column: the target.
    Target,
    /// Column: the verdict.
    Verdict,
    /// Figure: teachers moved and the exchange rate.
    MovedRate,
    /// Figure: backbone teachers moved.
    BackboneMoved,
    /// Figure: total and mean commute, in the county's unit.
    CommuteTotalMean(CommuteUnit),
    /// Figure: 95th percentile and longest commute.
    CommuteP95Max,
    /// Figure: moves across partnership groups.
    AcrossGroups,
    /// Figure: class heads moved.
    HomeroomMoved,
    /// Figure: teachers of graduating classes moved.
    GraduatingMoved,
    /// Figure: schools losing more than 15% of their staff.
    SchoolsLosing,
    /// Figure: school subjects left short.
    SubjectsShort,
    /// Figure: the CV of backbone teachers per 100 students on one level.
    CvBackbone(Side),
    /// Value: `moved` of `eligible` (rate).
    MovedOfEligible {
        /// Teachers moved.
        moved: u32,
        /// Eligible teachers.
        eligible: u32,
        /// moved / eligible.
        rate: f64,
    },
    /// Value: backbone movers and their share of the movers.
    BackboneOfMovers {
        /// Backbone teachers moved.
        moved: u32,
        /// Their share of the movers.
        share: f64,
    },
    /// Target: at least `count`, `percent`% of the eligible.
    ExchangeTarget {
        /// Teachers to move.
        count: u32,
        /// The policy's rate, in percent.
        percent: String,
    },
    /// Target: at least `percent`% of the movers are backbone teachers.
    BackboneOfMoversTarget {
        /// The policy's share, in percent.
        percent: String,
    },
    /// Target: at least `count` backbone teachers, `percent`% of the eligible ones.
    BackboneOfEligibleTarget {
        /// Backbone teachers to move.
        count: u32,
        /// The policy's share, in percent.
        percent: String,
        /// Eligible backbone teachers.
        eligible: u32,
    },
    /// Target of the commute total: none, as low as the rules allow.
    AsLowAsAllowed,
    /// Verdict: met.
    Met,
    /// Verdict: short by `by` teachers.
    ShortBy {
        /// How many teachers are missing.
        by: f64,
    },
    /// Verdict: the longest commute is within the cap.
    WithinCap,
    /// Verdict: a commute is over the cap.
    OverCap,
    /// Target under `partnership = "require"`.
    GroupsRequired,
    /// Target under `partnership = "prefer"`.
    GroupsPreferred,
    /// Target under `partnership = "ignore"`.
    GroupsIgnored,
    /// Verdict: a rule is broken.
    Broken,
    /// Target: the teachers may move, at a cost.
    AllowedAtCost,
    /// Target: the teachers are exempt.
    Exempt,
    /// Target: the outflow cap, `percent`% of the staff.
    OutflowCap {
        /// The policy's cap, in percent.
        percent: String,
    },
    /// Target: each subject may lose at most `teachers`.
    SubjectTolerance {
        /// The policy's tolerance.
        teachers: u32,
    },
    /// Verdict: meets the standard.
    Meets,
    /// Verdict: above the standard.
    Above,
    /// A value that cannot be computed.
    NotAvailable,
    /// Before the causes of a missed target.
    WhyShort,
    /// Before the broken rules.
    RulesBroken,
    /// Heading of the map.
    MapHeading,
    /// Under the map: how many moves between how many pairs, and how to read it.
    MapNote {
        /// Moves.
        moves: usize,
        /// Pairs of schools.
        pairs: usize,
    },
    /// Under the map, when the urban core is enlarged.
    MapCoreNote,
    /// Under the map: hover for details.
    MapHover,
    /// Under the map, when it is laid out from a distance table.
    MapSketchNote,
    /// Under the map, before the schools not named on it.
    MapUnlabelled,
    /// Heading of the CV chart.
    CvHeading,
    /// Under the CV chart.
    CvNote,
    /// Heading of the commute histogram.
    CommuteHeading(CommuteUnit),
    /// Heading of the schools table.
    SchoolsHeading,
    /// Column: school id.
    School,
    /// Column: school name.
    Name,
    /// Column: urban or rural.
    Zone,
    /// Column: level.
    Level,
    /// Column: partnership group.
    Group,
    /// Column: students.
    Students,
    /// Column: teachers.
    Staff,
    /// Column: teachers leaving.
    Out,
    /// Column: teachers arriving.
    In,
    /// Column: teachers after the plan.
    StaffAfter,
    /// Column: backbone teachers per 100 students before.
    BackboneBefore,
    /// Column: the same after.
    After,
    /// A zone: urban.
    Urban,
    /// A zone: rural.
    Rural,
    /// A level: primary.
    Primary,
    /// A level: junior high.
    Junior,
    /// A level: nine-year.
    NineYear,
    /// A level: special education.
    Special,
    /// Under the schools table.
    RowsInRedNote,
    /// The folded technical section.
    TechnicalDetails,
    /// Technical: the model's exchange shortfall.
    ShortfallExchange,
    /// Technical: the model's backbone shortfall.
    ShortfallBackbone,
    /// Technical: the solver's status.
    SolverStatus,
    /// Technical: the method.
    Method,
    /// Technical: objective, bound and gap.
    ObjectiveBoundGap,
    /// Technical: the model's size.
    Model,
    /// Technical: the solve's time.
    SolveTime,
    /// Status: optimal.
    Optimal,
    /// Status: stopped at the time limit with the best plan found.
    TimeLimit,
    /// Status: no plan meets the rules.
    Infeasible,
    /// The model's size in words.
    ModelSize {
        /// Columns (variables).
        columns: usize,
        /// Rows (constraints).
        rows: usize,
        /// Non-zero coefficients.
        nonzeros: usize,
        /// Branch-and-bound nodes.
        nodes: i64,
    },
    /// Under the technical figures.
    TechnicalNote,
    /// Heading of the teacher indicators.
    IndicatorsHeading,
    /// Before the verdict after the plan.
    VerdictAfter,
    /// Before the verdict before the plan.
    VerdictBefore,
    /// Column: teachers per 100 students.
    TeachersPer100,
    /// Column: the standard.
    Standard,
    /// Column: schools below the standard, before → after.
    SchoolsBelow,
    /// Column: CV before → after.
    CvBeforeAfter,
    /// Column: the CV standard.
    CvStandard,
    /// An indicator's name.
    Indicator(Indicator),
    /// A level of the national method.
    Side(Side),
    /// A level of a nine-year school.
    NineYearSide(Side),
    /// `before` → `after` schools below, of `schools`.
    BelowOf {
        /// Below before.
        before: u32,
        /// Below after.
        after: u32,
        /// Schools judged.
        schools: usize,
    },
    /// Verdict: no teacher of the kind at all.
    NoSuchTeacher,
    /// Verdict: not judged, no teacher has a degree.
    NoDegrees,
    /// Under the indicators table: what the national method asks.
    IndicatorsNote,
    /// After an indicator in a column head: before → after.
    BeforeToAfter,
    /// Under the schools' indicators.
    InRedNote,
    /// The CV chart's title.
    CvChartTitle,
    /// Chart legend: before.
    Before,
    /// Chart legend: after.
    AfterPlan,
    /// Chart legend: the standard.
    StandardLine,
    /// Histogram: its title.
    HistogramTitle(CommuteUnit),
    /// Histogram: its axis.
    HistogramAxis(CommuteUnit),
    /// Histogram: the cap.
    Cap,
    /// Count of teachers, in a tooltip.
    Teachers(u32),
    /// Map legend: urban → rural.
    UrbanToRural,
    /// Map legend: rural → urban.
    RuralToUrban,
    /// Map legend: the colours.
    ColourIsGroup,
    /// Map legend: the numbers on arrows.
    ArrowNumber,
    /// Map legend, laid out from a distance table.
    SketchLegend,
    /// Map: the title.
    MapTitle,
    /// Map: the urban core as one node.
    UrbanCore,
    /// Map: the box of the urban core on the county panel.
    CoreBox,
    /// Map: the panel of the urban core, enlarged `scale` times.
    CoreEnlarged {
        /// How much larger.
        scale: String,
    },
    /// Map: a school's tooltip after its name.
    SchoolTip {
        /// Urban or rural.
        urban: bool,
        /// The group's number.
        group: usize,
        /// Students.
        students: u32,
    },
    /// Map: after a school's name on the enlarged core, leaving and arriving.
    OutIn {
        /// Teachers leaving.
        out: usize,
        /// Teachers arriving.
        inflow: usize,
    },
}

fn side_words(side: Side) -> (&'static str, &'static str) {
    match side {
        Side::Primary => ("primary", "小学"),
        Side::Junior => ("junior", "初中"),
    }
}

impl ReportText {
    /// The text in `lang` alone.
    pub fn text(&self, lang: Lang) -> String {
        let (en, zh) = self.words();
        match lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    /// A label as the report shows it: the Chinese alone in Chinese; the English then
    /// the Chinese otherwise (the report's labels have always been bilingual).
    pub fn label(&self, lang: Lang) -> String {
        let (en, zh) = self.words();
        match lang {
            Lang::En => format!("{en} {zh}"),
            Lang::Zh => zh,
        }
    }

    fn words(&self) -> (String, String) {
        use ReportText as T;
        let s = |en: &str, zh: &str| (en.to_string(), zh.to_string());
        match self {
            T::County => s("County", "县域"),
            T::Policy => s("policy", "政策"),
            T::MadeBy { version } => (
                format!("made by rotation {version}"),
                format!("编制工具版本 {version}"),
            ),
            T::KeyFigures => s("Key figures", "主要指标"),
            T::Figure => s("Figure", "指标"),
            T::Plan => s("Plan", "方案"),
            T::Target => s("Target", "目标"),
            T::Verdict => s("Verdict", "结论"),
            T::MovedRate => s("Teachers moved / exchange rate", "交流人数/交流比例"),
            T::BackboneMoved => s("Backbone teachers moved", "骨干教师交流"),
            T::CommuteTotalMean(CommuteUnit::Km) => {
                s("Commute total / mean", "通勤总里程/平均")
            }
            T::CommuteTotalMean(CommuteUnit::Minutes) => {
                s("Commute total / mean", "通勤总时间/平均")
            }
            T::CommuteP95Max => s("Commute 95th percentile / max", "通勤95%分位/最长"),
            T::AcrossGroups => s("Moves across partnership groups", "跨共同体交流"),
            T::HomeroomMoved => s("Class head teachers moved", "班主任交流"),
            T::GraduatingMoved => s("Graduating-class teachers moved", "毕业班教师交流"),
            T::SchoolsLosing => s("Schools losing >15% of staff", "流出超15%的学校"),
            T::SubjectsShort => s("School subjects left short", "学科净流出(校·学科)"),
            T::CvBackbone(side) => {
                let (en, zh) = side_words(*side);
                (
                    format!("CV backbone/100 students, {en}"),
                    format!("{zh}骨干教师差异系数"),
                )
            }
            T::MovedOfEligible {
                moved,
                eligible,
                rate,
            } => (
                format!("{moved} of {eligible} eligible ({:.1}%)", 100.0 * rate),
                format!("{eligible} 名符合条件教师中交流 {moved} 人（{:.1}%）", 100.0 * rate),
            ),
            T::BackboneOfMovers { moved, share } => (
                format!("{moved} ({:.2}% of movers)", 100.0 * share),
                format!("{moved} 人（占交流教师 {:.2}%）", 100.0 * share),
            ),
            T::ExchangeTarget { count, percent } => (
                format!("≥ {count} ({percent}% of eligible)"),
                format!("≥ {count} 人（应交流教师的 {percent}%）"),
            ),
            T::BackboneOfMoversTarget { percent } => (
                format!("≥ {percent}% of movers"),
                format!("≥ 交流教师的 {percent}%"),
            ),
            T::BackboneOfEligibleTarget {
                count,
                percent,
                eligible,
            } => (
                format!("≥ {count} ({percent}% of {eligible} eligible backbone)"),
                format!("≥ {count} 人（{eligible} 名应交流骨干教师的 {percent}%）"),
            ),
            T::AsLowAsAllowed => s("as low as the rules allow", "越低越好"),
            T::Met => s("met", "达标"),
            T::ShortBy { by } => (format!("short by {by}"), format!("差 {by} 人，未达标")),
            T::WithinCap => s("within the cap", "未超上限"),
            T::OverCap => s("over the cap", "超上限"),
            T::GroupsRequired => s("0: moves stay in groups", "0：须在共同体内"),
            T::GroupsPreferred => s("few: each costs extra", "尽量在共同体内"),
            T::GroupsIgnored => s("groups ignored", "不限"),
            T::Broken => s("broken", "违反"),
            T::AllowedAtCost => s("allowed, at a cost", "允许（计成本）"),
            T::Exempt => s("exempt", "不参加交流"),
            T::OutflowCap { percent } => (
                format!("outflow cap {percent}% of staff"),
                format!("流出上限为教师数的 {percent}%"),
            ),
            T::SubjectTolerance { teachers } => (
                format!("each ≤ {teachers} teacher(s)"),
                format!("每科不超过 {teachers} 人"),
            ),
            T::Meets => s("meets", "达标"),
            T::Above => s("above", "超标"),
            T::NotAvailable => s("n/a", "无"),
            T::WhyShort => s("Why short:", "未达标原因："),
            T::RulesBroken => s("Rules broken:", "违反规则："),
            T::MapHeading => s("Map of schools and flows", "学校分布与教师流向"),
            T::MapNote { moves, pairs } => (
                format!(
                    "{moves} moves between {pairs} pairs of schools; each arrow is one pair and \
                     direction, its width and number the teachers moving."
                ),
                format!("{moves}名教师在{pairs}对学校间交流，箭头宽度与数字为人数。"),
            ),
            T::MapCoreNote => s(
                "The urban core is one box on the county map (its arrows sum its schools) and \
                 is enlarged below.",
                "城区在全县图中合为一框，下方放大。",
            ),
            T::MapHover => s("Hover an arrow or a school for details.", "悬停查看详情。"),
            T::MapSketchNote => s(
                "The schools have no coordinates: the map is laid out from the distance table \
                 (distances as close as a plane allows), a sketch, not a survey.",
                "学校无坐标：此图按距离表推算位置，仅为示意。",
            ),
            T::MapUnlabelled => s("Not named on the map (no room):", "图中未标名："),
            T::CvHeading => s("Inter-school variation (CV)", "校际差异系数"),
            T::CvNote => s(
                "Student-weighted coefficient of variation of backbone teachers per 100 \
                 students; the standard is ≤ 0.50 for primary and ≤ 0.45 for junior schools.",
                "按学生数加权的每百名学生骨干教师数差异系数；标准为小学 ≤ 0.50、初中 ≤ 0.45。",
            ),
            T::CommuteHeading(unit) => {
                let (en, zh) = unit.measures();
                (format!("Commute {en}"), format!("通勤{zh}"))
            }
            T::SchoolsHeading => s("Schools before and after", "各校交流前后"),
            T::School => s("School", "学校"),
            T::Name => s("Name", "校名"),
            T::Zone => s("Zone", "城乡"),
            T::Level => s("Level", "学段"),
            T::Group => s("Group", "共同体"),
            T::Students => s("Students", "学生"),
            T::Staff => s("Staff", "教师"),
            T::Out => s("Out", "流出"),
            T::In => s("In", "流入"),
            T::StaffAfter => s("Staff after", "交流后"),
            T::BackboneBefore => s("Backbone/100 before", "骨干/百生 前"),
            T::After => s("after", "后"),
            T::Urban => s("urban", "城区"),
            T::Rural => s("rural", "农村"),
            T::Primary => s("primary", "小学"),
            T::Junior => s("junior", "初中"),
            T::NineYear => s("nine-year", "九年一贯"),
            T::Special => s("special", "特教"),
            T::RowsInRedNote => s(
                "Rows in red: the school loses more than 15% of its staff.",
                "红色行：流出超过15%。",
            ),
            T::TechnicalDetails => s("Technical details", "技术细节"),
            T::ShortfallExchange => s(
                "Shortfall against the exchange target (model)",
                "交流缺口（模型值）",
            ),
            T::ShortfallBackbone => s(
                "Shortfall against the backbone target (model)",
                "骨干缺口（模型值）",
            ),
            T::SolverStatus => s("Solver status", "求解状态"),
            T::Method => s("Method", "方法"),
            T::ObjectiveBoundGap => s("Objective / bound / gap", "目标值/下界/间隙"),
            T::Model => s("Model", "模型"),
            T::SolveTime => s("Solve time", "求解时间"),
            T::Optimal => s("optimal", "最优"),
            T::TimeLimit => s("time limit: best found", "时间上限：已找到的最好方案"),
            T::Infeasible => s("infeasible", "无可行解"),
            T::ModelSize {
                columns,
                rows,
                nonzeros,
                nodes,
            } => (
                format!("{columns} columns × {rows} rows, {nonzeros} nonzeros; {nodes} nodes"),
                format!("{columns} 个变量 × {rows} 个约束，{nonzeros} 个非零系数；{nodes} 个节点"),
            ),
            T::TechnicalNote => s(
                "The model's shortfalls are the slack of the targets in the solver (a fraction \
                 under the movers' backbone share); the objective sums commutes, disruption and \
                 penalties.",
                "模型缺口为求解器中目标的松弛量；目标值为通勤、扰动与惩罚之和。",
            ),
            T::IndicatorsHeading => s("Teacher indicators of the national method", "国家评估办法教师指标"),
            T::VerdictAfter => s("Verdict after the plan:", "交流后结论："),
            T::VerdictBefore => s("Before the plan:", "交流前："),
            T::TeachersPer100 => s("Teachers per 100 students", "每百名学生教师数"),
            T::Standard => s("Standard", "标准"),
            T::SchoolsBelow => s("Schools below, before → after", "低于标准学校 前→后"),
            T::CvBeforeAfter => s("CV before → after", "差异系数 前→后"),
            T::CvStandard => s("CV standard", "差异系数标准"),
            T::Indicator(i) => match i {
                Indicator::Qualified => s("Above the required qualification", "高于规定学历"),
                Indicator::Backbone => s("Backbone (county level or above)", "县级及以上骨干"),
                Indicator::PeArt => s("PE and art", "体育、艺术"),
            },
            T::Side(side) => {
                let (en, zh) = side_words(*side);
                s(en, zh)
            }
            T::NineYearSide(side) => {
                let (en, zh) = side_words(*side);
                (format!("{en} (nine-year)"), format!("{zh}（九年一贯）"))
            }
            T::BelowOf {
                before,
                after,
                schools,
            } => (
                format!("{before} → {after} of {schools}"),
                format!("{before} → {after}（共 {schools} 所）"),
            ),
            T::NoSuchTeacher => s("no such teacher", "无此类教师"),
            T::NoDegrees => s("not judged: no teacher has a degree", "未评：未提供学历"),
            T::IndicatorsNote => s(
                "The national method (2017) judges seven resource indicators per school: each \
                 school must meet six and reach 85% of the standard of the seventh, and each \
                 indicator's student-weighted inter-school CV must be ≤ 0.50 (primary) or ≤ 0.45 \
                 (junior). These are its three indicators about teachers; a nine-year school \
                 counts on both levels.",
                "国家评估办法共7项资源配置指标，每校至少6项达标、其余不低于标准的85%；此处为其中3项\
                 教师指标，九年一贯制学校分别计入小学和初中。",
            ),
            T::BeforeToAfter => s("before → after", "前→后"),
            T::InRedNote => s(
                "In red: below the standard after the plan.",
                "红色：交流后低于标准。",
            ),
            T::CvChartTitle => s(
                "Inter-school variation of backbone teachers per 100 students",
                "骨干教师校际差异系数",
            ),
            T::Before => s("before", "交流前"),
            T::AfterPlan => s("after", "交流后"),
            T::StandardLine => s("standard (≤)", "标准（≤）"),
            T::HistogramTitle(unit) => {
                let (en, zh) = unit.measures();
                (
                    format!("Histogram of commute {en}"),
                    format!("通勤{zh}分布"),
                )
            }
            T::HistogramAxis(unit) => {
                let zh_unit = match unit {
                    CommuteUnit::Km => "公里",
                    CommuteUnit::Minutes => "分钟",
                };
                (
                    format!("commute {} (teachers per bin)", unit.symbol()),
                    format!("通勤{}（{zh_unit}，每组人数）", unit.measures().1),
                )
            }
            T::Cap => s("cap", "上限"),
            T::Teachers(n) => (
                format!("{n} teacher{}", if *n == 1 { "" } else { "s" }),
                format!("{n} 名教师"),
            ),
            T::UrbanToRural => s("urban→rural", "城→乡"),
            T::RuralToUrban => s("rural→urban", "乡→城"),
            T::ColourIsGroup => s("colour = group", "颜色=共同体"),
            T::ArrowNumber => s("number on an arrow = teachers moving", "箭头数字=交流人数"),
            T::SketchLegend => s(
                "no coordinates: laid out from the distance table, a sketch",
                "无坐标，按距离表示意",
            ),
            T::MapTitle => s("Map of schools and flows of teachers", "学校分布与教师流向"),
            T::UrbanCore => s("urban core", "城区"),
            T::CoreBox => s("urban core, enlarged below", "城区，见下方放大图"),
            T::CoreEnlarged { scale } => (
                format!("Urban core enlarged ×{scale} (out/in = teachers leaving/arriving)"),
                format!("城区放大 ×{scale}（出/入 = 调出/调入人数）"),
            ),
            T::SchoolTip {
                urban,
                group,
                students,
            } => (
                format!(
                    "{} · group {group} · {students} students",
                    if *urban { "Urban" } else { "Rural" }
                ),
                format!(
                    "{} · 第{group}共同体 · 学生 {students} 人",
                    if *urban { "城区" } else { "农村" }
                ),
            ),
            T::OutIn { out, inflow } => (format!("out {out} in {inflow}"), format!("出{out} 入{inflow}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    /// One example of every text; the test below fails when a kind has none.
    fn examples() -> Vec<ReportText> {
        use ReportText as T;
        let mut all = vec![
            T::MadeBy {
                version: "0.1.0".into(),
            },
            T::CommuteTotalMean(CommuteUnit::Minutes),
            T::CvBackbone(Side::Junior),
            T::MovedOfEligible {
                moved: 4,
                eligible: 6,
                rate: 0.667,
            },
            T::BackboneOfMovers {
                moved: 2,
                share: 0.5,
            },
            T::ExchangeTarget {
                count: 3,
                percent: "35".into(),
            },
            T::BackboneOfMoversTarget {
                percent: "32.52".into(),
            },
            T::BackboneOfEligibleTarget {
                count: 2,
                percent: "20".into(),
                eligible: 10,
            },
            T::ShortBy { by: 2.0 },
            T::OutflowCap {
                percent: "30".into(),
            },
            T::SubjectTolerance { teachers: 0 },
            T::MapNote { moves: 4, pairs: 3 },
            T::CommuteHeading(CommuteUnit::Km),
            T::ModelSize {
                columns: 10,
                rows: 5,
                nonzeros: 30,
                nodes: 1,
            },
            T::Indicator(Indicator::PeArt),
            T::Side(Side::Primary),
            T::NineYearSide(Side::Junior),
            T::BelowOf {
                before: 1,
                after: 0,
                schools: 21,
            },
            T::HistogramTitle(CommuteUnit::Minutes),
            T::HistogramAxis(CommuteUnit::Km),
            T::Teachers(2),
            T::CoreEnlarged { scale: "3".into() },
            T::SchoolTip {
                urban: true,
                group: 1,
                students: 900,
            },
            T::OutIn { out: 2, inflow: 1 },
        ];
        // The texts without fields, one each.
        all.extend(no_fields());
        all
    }

    fn no_fields() -> Vec<ReportText> {
        use ReportText::*;
        vec![
            County,
            Policy,
            KeyFigures,
            Figure,
            Plan,
            Target,
            Verdict,
            MovedRate,
            BackboneMoved,
            CommuteP95Max,
            AcrossGroups,
            HomeroomMoved,
            GraduatingMoved,
            SchoolsLosing,
            SubjectsShort,
            AsLowAsAllowed,
            Met,
            WithinCap,
            OverCap,
            GroupsRequired,
            GroupsPreferred,
            GroupsIgnored,
            Broken,
            AllowedAtCost,
            Exempt,
            Meets,
            Above,
            NotAvailable,
            WhyShort,
            RulesBroken,
            MapHeading,
            MapCoreNote,
            MapHover,
            MapSketchNote,
            MapUnlabelled,
            CvHeading,
            CvNote,
            SchoolsHeading,
            School,
            Name,
            Zone,
            Level,
            Group,
            Students,
            Staff,
            Out,
            In,
            StaffAfter,
            BackboneBefore,
            After,
            Urban,
            Rural,
            Primary,
            Junior,
            NineYear,
            Special,
            RowsInRedNote,
            TechnicalDetails,
            ShortfallExchange,
            ShortfallBackbone,
            SolverStatus,
            Method,
            ObjectiveBoundGap,
            Model,
            SolveTime,
            Optimal,
            TimeLimit,
            Infeasible,
            TechnicalNote,
            IndicatorsHeading,
            VerdictAfter,
            VerdictBefore,
            TeachersPer100,
            Standard,
            SchoolsBelow,
            CvBeforeAfter,
            CvStandard,
            NoSuchTeacher,
            NoDegrees,
            IndicatorsNote,
            BeforeToAfter,
            InRedNote,
            CvChartTitle,
            Before,
            AfterPlan,
            StandardLine,
            Cap,
            UrbanToRural,
            RuralToUrban,
            ColourIsGroup,
            ArrowNumber,
            SketchLegend,
            MapTitle,
            UrbanCore,
            CoreBox,
        ]
    }

    #[test]
    fn every_report_text_has_chinese_and_english() {
        let examples = examples();
        for kind in ReportTextDiscriminants::iter() {
            let text = examples
                .iter()
                .find(|t| ReportTextDiscriminants::from(*t) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let zh = text.text(Lang::Zh);
            assert!(has_chinese(&zh), "{kind:?} has no Chinese: {zh}");
            let en = text.text(Lang::En);
            assert!(!en.trim().is_empty(), "{kind:?}");
            assert!(!has_chinese(&en), "{kind:?} English has Chinese: {en}");
            // A Chinese text keeps no English word (units and the ≤ sign aside).
            let words: Vec<&str> = zh
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 1)
                .collect();
            assert!(
                words.is_empty(),
                "{kind:?} Chinese has English {words:?}: {zh}"
            );
        }
    }

    #[test]
    fn a_label_is_bilingual_in_english_and_chinese_alone_in_chinese() {
        assert_eq!(
            ReportText::BackboneMoved.label(Lang::En),
            "Backbone teachers moved 骨干教师交流"
        );
        assert_eq!(ReportText::BackboneMoved.label(Lang::Zh), "骨干教师交流");
    }
}
