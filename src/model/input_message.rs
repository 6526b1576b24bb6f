//! Long file: every kind of input problem and its words in both languages sit in one
//! match, so that a kind cannot gain a language without the other (and its test).
//!
//! What is wrong with an input, as data: one variant per kind of problem, rendered in
//! English or Chinese by [`InputMessage::text`], the one place these words live. A
//! reader builds the variant where it finds the problem; the CLI, the JSON and the
//! web pages render it in the user's language.

use crate::model::lang::Lang;
use crate::model::message::Message;
use crate::model::policy_message::PolicyProblem;
use crate::model::record_message::RecordMessage;
use crate::model::travel_message::TravelMessage;

/// One problem with an input file, without its location (the [`Diagnostic`] holds the
/// file, line and column).
///
/// [`Diagnostic`]: crate::model::diagnostics::Diagnostic
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
// The fields are named for what they hold; each variant's comment says the rest.
#[allow(missing_docs)]
pub enum InputMessage {
    /// A message not yet given its own kind: shown as written, in English, in every
    /// language (the readers that still build one are listed above the `From` impls
    /// below). A third-party library's own words go in a variant's field instead
    /// (`MalformedCsv`, `CannotOpenWorkbook`, `PolicyProblem::Syntax`).
    Untranslated(String),
    /// A message of a layer above `model` (the study file's, the sweep grid's, the
    /// benchmark family's, a pin conflict's, `classes.csv`'s), rendered in both
    /// languages by its own enum where the problem was found ([`InputMessage::said`]).
    Said { en: String, zh: String },
    /// A required file is missing.
    FileNotFound { path: String },
    /// A file could not be read (the system's words).
    CannotRead {
        path: String,
        error: String,
        /// The error in Chinese (`model::error::io_error_zh`).
        error_zh: String,
    },
    /// An empty file.
    EmptyFile,
    /// The CSV parser's complaint.
    MalformedCsv { error: String },
    /// Rows of only commas, skipped.
    OnlyCommaRows { lines: Vec<usize> },
    /// Nothing but empty cells.
    NoHeaderRow,
    /// A title above the header, skipped.
    RowsAboveHeader {
        cells: Vec<String>,
        rows: usize,
        header_line: usize,
    },
    /// A CSV row with more or fewer fields than the header.
    FieldCount { fields: usize, width: usize },
    /// Cells right of the last named column, in a sheet.
    CellsBeyondHeader { lines: Vec<usize> },
    /// A total row (`合计`), skipped.
    TotalRow { word: String },
    /// A required column is missing; `zh` is its Chinese header.
    MissingColumn {
        name: String,
        zh: Option<String>,
        header: String,
    },
    /// A column no reader knows.
    UnknownColumn,
    /// The same column twice.
    ColumnTwice,
    /// An Excel workbook named `.csv`.
    WorkbookAsCsv,
    /// UTF-16 that does not decode.
    BadUtf16,
    /// Tab-separated UTF-16 ("Unicode text").
    TabSeparatedUtf16,
    /// Read as UTF-16.
    ReadAsUtf16,
    /// A NUL byte: not text.
    NulByte,
    /// Neither UTF-8 nor GB18030.
    UnknownEncoding,
    /// Read as GB18030/GBK.
    ReadAsGbk,
    /// A required cell is empty.
    Empty,
    /// An id seen before in the same file.
    DuplicateId {
        kind: IdKind,
        id: String,
        first: usize,
    },
    /// A cell that does not parse: `raw` as written (empty when the cell is empty).
    NotValid { raw: String, expected: Expected },
    /// One of two columns that come as a pair is missing.
    HalfPairOfColumns { columns: [String; 2] },
    /// Both coordinate systems in one header.
    TwoCoordinateSystems { grid: [String; 2], geo: [String; 2] },
    /// No position columns.
    MissingPosition { grid: [String; 2], geo: [String; 2] },
    /// Homes and schools in different coordinate systems; `schools_geo` tells which.
    HomesInOtherSystem { schools_geo: bool },
    /// A schools table without rows.
    NoSchools,
    /// A teachers table without rows.
    NoTeachers,
    /// A school id that `schools.csv` does not have.
    UnknownSchool { id: String },
    /// A partnership of a school with itself.
    OwnPartner,
    /// A partnership listed twice.
    PairListedTwice { first: usize },
    /// One cell of a pair (`home_x_km`, `home_y_km`) filled, the other empty.
    HalfPairEmpty,
    /// A workbook that does not exist.
    WorkbookNotFound { path: String },
    /// A workbook calamine cannot open.
    CannotOpenWorkbook { error: String },
    /// A sheet calamine cannot read.
    CannotReadSheet { error: String },
    /// A required sheet is missing; the sheets found are listed.
    MissingSheet {
        sheet: String,
        sheet_zh: String,
        found: Vec<String>,
    },
    /// An empty sheet.
    EmptySheet,
    /// A workbook without sheets.
    NoSheet,
    /// The instance path is neither a folder nor a workbook.
    NotAFolder,
    /// A Chinese-named file ignored for its English twin.
    IgnoredTwin { english: String },
    /// A required instance file missing (nor its Chinese name); `workbook` is a
    /// workbook in the same folder to give instead.
    InstanceFileNotFound {
        path: String,
        chinese: String,
        workbook: Option<String>,
    },
    /// The policy's `year` is decades away from the teachers' births.
    YearFarFromData {
        year: i32,
        first_birth: i32,
        last_birth: i32,
        median: i32,
        median_age: i32,
        from: i32,
        to: i32,
    },
    /// A teacher's age in the planning year is implausible.
    ImplausibleAge {
        birth_year: i32,
        teacher: String,
        age: i32,
        year: i32,
        min: i32,
        max: i32,
    },
    /// More years at the school than a working life allows.
    YearsBeyondWorkingLife {
        years: u32,
        teacher: String,
        age: i32,
        year: i32,
        start: i32,
        most: i32,
    },
    /// The policy file could not be read.
    CannotReadPolicy { error: String },
    /// A problem in a policy file's keys and values.
    Policy(PolicyProblem),
    /// A problem in the history, the wishes or a plan read back.
    Record(RecordMessage),
    /// A problem in the road network or the distance table.
    Travel(TravelMessage),
    /// A teacher id the county does not have; `csv` names `teachers.csv`, else "the
    /// teachers table".
    UnknownTeacher { id: String, csv: bool },
    /// A school id the county does not have, named as "the schools table".
    UnknownSchoolOfTable { id: String },
    /// A pin's action that is not `stay`, `move` or `move_to`.
    BadPinAction { raw: String },
    /// A `move_to` pin without a school.
    MoveToNeedsSchool,
    /// A `move_to` pin to the teacher's own school.
    AlreadyAtSchool { teacher: String, school: String },
    /// The same pin twice.
    SamePinTwice { first: usize },
    /// Two pins for one teacher that disagree (each in English and Chinese words).
    ContradictoryPins {
        teacher: String,
        first: [String; 2],
        first_line: usize,
        this: [String; 2],
    },
    /// A previous move of a teacher no longer in the county.
    PreviousTeacherGone { teacher: String, school: String },
    /// A previous move to a school no longer in the county.
    PreviousSchoolGone { teacher: String, school: String },
    /// A teacher moved twice in one plan.
    MovesTwice { teacher: String, first: usize },
    /// A plan's `from_school` that is not the teacher's school.
    WrongFromSchool {
        teacher: String,
        actual: String,
        written: String,
    },
    /// A pin that no allowed move can satisfy: the pin and why, each in English and
    /// Chinese words (`why` empty when no school passes the move rules at all).
    PinBreaksRule { pin: [String; 2], why: [String; 2] },
    /// `teams.csv`: a teacher already in another exchange team (`first_team`, on
    /// line `first_line`).
    TeacherInTwoTeams {
        teacher: String,
        first_team: String,
        first_line: usize,
    },
    /// `teams.csv`: a member at another school than the team's first member.
    TeamAcrossSchools {
        team: String,
        teacher: String,
        school: String,
        first: String,
        first_school: String,
    },
    /// `teams.csv`: a team of one member (it binds nobody), a warning.
    OneMemberTeam { team: String },
    /// `teams.csv`: the same teacher twice in one team (kept once), a warning.
    TeacherTwiceInTeam { teacher: String, first: usize },
    /// Pins that would split an exchange team: the earlier pin of a member and this
    /// one, each in English and Chinese words.
    PinSplitsTeam {
        team: String,
        first: [String; 2],
        first_line: usize,
        this: [String; 2],
    },
    /// `rules.cycle_years` outside 1–50.
    CycleYearsOutOfRange { years: u32 },
    /// `rules.cycle_share` outside [0, 1].
    CycleShareOutOfRange { share: f64 },
    /// `plan --years` outside 1–`max` (`MAX_HORIZON_YEARS` of the policy).
    HorizonOutOfRange { years: u32, max: u32 },
    /// `joint.csv`: a joint appointment to the teacher's own school.
    JointAtOwnSchool { teacher: String, school: String },
    /// `joint.csv`: a teacher with a joint appointment already, on line `first`.
    JointTwice { teacher: String, first: usize },
    /// `joint.csv`: a teacher of an exchange team (`teams.csv`), who may move with it.
    JointTeacherInTeam { teacher: String, team: String },
    /// `joint.csv`: a teacher still on an exchange term begun in `since` (`--history`).
    JointTeacherOnExchange { teacher: String, since: i32 },
    /// `joint.csv`: a teacher whose exchange term begun in `since` ends this year
    /// and who returns home (`--history`).
    JointTeacherReturning { teacher: String, since: i32 },
    /// A pin that moves a teacher with a joint appointment (`--joint`), who stays.
    PinMovesJointTeacher { teacher: String, school: String },
}

/// What an id names, in a duplicate-id message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A school's id.
    School,
    /// A teacher's id.
    Teacher,
    /// A student's id (`students.csv`).
    Student,
}

/// What a cell should have held.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumIter))]
#[allow(missing_docs)]
pub enum Expected {
    /// `urban` or `rural`.
    Zone,
    /// A school level.
    Level,
    /// A whole number of students.
    Students,
    /// `F` or `M`.
    Gender,
    /// A birth year.
    BirthYear,
    /// Years at the current school.
    YearsAtSchool,
    /// A backbone level.
    Backbone,
    /// A professional title.
    Title,
    /// A degree, or empty.
    Degree,
    /// `true` or `false`.
    Boolean,
    /// A number in a range.
    Number { lo: f64, hi: f64 },
    /// A year in a range (`history.csv`); `or_empty` while a term is still running.
    Year { lo: i32, hi: i32, or_empty: bool },
    /// A number of classes per grade (`classes.csv`).
    ClassCount { max: usize },
    /// A student's score (`students.csv`).
    Score,
    /// A team member's role (`team_members.csv`).
    Role,
    /// A wish's rank (`wishes.csv`).
    WishRank { max: u32 },
    /// Priority points (`wishes.csv`).
    PriorityPoints { max: f64 },
}

// Free text reaches `Untranslated` through these; every reader in the library builds a
// variant instead (or `Said`, from a message enum of a layer above).
impl InputMessage {
    /// A message enum of a higher layer, rendered in both languages now.
    pub fn said(message: &dyn Message) -> Self {
        InputMessage::Said {
            en: message.text(Lang::En),
            zh: message.text(Lang::Zh),
        }
    }
}

impl From<String> for InputMessage {
    fn from(text: String) -> Self {
        InputMessage::Untranslated(text)
    }
}

impl From<&str> for InputMessage {
    fn from(text: &str) -> Self {
        InputMessage::Untranslated(text.to_string())
    }
}

/// How to fix a file that is not UTF-8 or GBK CSV.
fn save_as(lang: Lang) -> &'static str {
    lang.pick(
        "save it from Excel or WPS as \"CSV UTF-8\" (逗号分隔)",
        "请在 Excel 或 WPS 中另存为“CSV UTF-8（逗号分隔）”",
    )
}

/// `2 rows`, `1 row`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Lines as `line 4` or `lines 4, 7–12` (`第 4、7–12 行`): ranges of consecutive
/// lines joined, ten parts at most.
pub fn line_list(lines: &[usize], lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j + 1 < lines.len() && lines[j + 1] == lines[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}–{}", lines[i], lines[j])
        } else {
            lines[i].to_string()
        });
        i = j + 1;
    }
    const SHOWN: usize = 10;
    let more = parts.len().saturating_sub(SHOWN);
    parts.truncate(SHOWN);
    match lang {
        Lang::En => {
            let mut text = format!(
                "{} {}",
                if lines.len() == 1 { "line" } else { "lines" },
                parts.join(", ")
            );
            if more > 0 {
                text.push_str(&format!(" and {more} more"));
            }
            text
        }
        Lang::Zh => {
            let mut text = format!("第 {} 行", parts.join("、"));
            if more > 0 {
                text.push_str(&format!("等（另有 {more} 处）"));
            }
            text
        }
    }
}

impl Expected {
    /// What was expected, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use Expected as E;
        match (self, lang) {
            (E::Zone, Lang::En) => "`urban` or `rural` (城区/农村)".into(),
            (E::Zone, Lang::Zh) => "城区或农村（urban/rural）".into(),
            (E::Level, Lang::En) => {
                "`primary`, `junior`, `nine_year` or `special` (小学/初中/九年一贯制/特殊教育)".into()
            }
            (E::Level, Lang::Zh) => {
                "小学、初中、九年一贯制或特殊教育（primary/junior/nine_year/special）".into()
            }
            (E::Students, Lang::En) => "a whole number of students ≥ 0".into(),
            (E::Students, Lang::Zh) => "学生人数，不小于 0 的整数".into(),
            (E::Gender, Lang::En) => "`F` or `M` (女/男)".into(),
            (E::Gender, Lang::Zh) => "女或男（F/M）".into(),
            (E::BirthYear, Lang::En) => "a year between 1940 and 2010".into(),
            (E::BirthYear, Lang::Zh) => "1940 到 2010 之间的年份".into(),
            (E::YearsAtSchool, Lang::En) => "a whole number of years between 0 and 50".into(),
            (E::YearsAtSchool, Lang::Zh) => "0 到 50 之间的整数年数".into(),
            (E::Backbone, Lang::En) => {
                "`none`, `county`, `city` or `province` (无/县级/市级/省级)".into()
            }
            (E::Backbone, Lang::Zh) => "无、县级、市级或省级（none/county/city/province）".into(),
            (E::Title, Lang::En) => {
                "`none`, `junior`, `intermediate` or `senior` (无/初级/中级/高级)".into()
            }
            (E::Title, Lang::Zh) => "无、初级、中级或高级（none/junior/intermediate/senior）".into(),
            (E::Degree, Lang::En) => "`secondary`, `associate`, `bachelor`, `master` or `doctor` (中专/大专/本科/研究生/博士), or empty when unknown".into(),
            (E::Degree, Lang::Zh) => "中专、大专、本科、研究生或博士（secondary/associate/bachelor/master/doctor），不详时留空".into(),
            (E::Boolean, Lang::En) => "`true` or `false` (是/否)".into(),
            (E::Boolean, Lang::Zh) => "是或否（true/false）".into(),
            (E::Number { lo, hi }, Lang::En) => format!("a number between {lo} and {hi}"),
            (E::Number { lo, hi }, Lang::Zh) => format!("{lo} 到 {hi} 之间的数"),
            (E::Year { lo, hi, or_empty }, Lang::En) => format!(
                "a year between {lo} and {hi}{}",
                if *or_empty { ", or empty while still on exchange" } else { "" }
            ),
            (E::Year { lo, hi, or_empty }, Lang::Zh) => format!(
                "{lo} 到 {hi} 之间的年份{}",
                if *or_empty { "，仍在交流中则留空" } else { "" }
            ),
            (E::ClassCount { max }, Lang::En) => format!("a whole number of classes, 1 to {max}"),
            (E::ClassCount { max }, Lang::Zh) => format!("班级数，1 到 {max} 的整数"),
            (E::Score, Lang::En) => "a number (the score the division ranks by)".into(),
            (E::Score, Lang::Zh) => "一个数（分班所依据的成绩）".into(),
            (E::Role, Lang::En) => "`head` (班主任) or `subject` (任课)".into(),
            (E::Role, Lang::Zh) => "班主任或任课（head/subject）".into(),
            (E::WishRank { max }, Lang::En) => {
                format!("a whole number from 1 (most wanted) to {max}")
            }
            (E::WishRank { max }, Lang::Zh) => format!("1（最想去）到 {max} 的整数"),
            (E::PriorityPoints { max }, Lang::En) => {
                format!("priority points, a number from 0 to {max}")
            }
            (E::PriorityPoints { max }, Lang::Zh) => format!("积分，0 到 {max} 之间的数"),
        }
    }
}

impl InputMessage {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use InputMessage as M;
        let en = lang == Lang::En;
        match self {
            M::Untranslated(text) => text.clone(),
            M::Said { en: text, .. } if en => text.clone(),
            M::Said { zh, .. } => zh.clone(),
            M::Policy(problem) => problem.text(lang),
            M::Record(message) => message.text(lang),
            M::Travel(message) => message.text(lang),
            // A file given by a flag (`--plan`, `--pins`, `--history`, ...); an
            // instance's own tables say `InstanceFileNotFound`.
            M::FileNotFound { path } if en => format!("file not found at {path}"),
            M::FileNotFound { path } => format!("找不到文件 {path}"),
            M::CannotRead { path, error, .. } if en => format!("cannot read {path}: {error}"),
            M::CannotRead { path, error_zh, .. } => format!("无法读取 {path}：{error_zh}"),
            M::EmptyFile if en => "file is empty; expected a header row".into(),
            M::EmptyFile => "文件是空的；第一行应是表头".into(),
            M::MalformedCsv { error } if en => format!("malformed CSV: {error}"),
            M::MalformedCsv { error } => format!("CSV 格式有误：{error}"),
            M::OnlyCommaRows { lines } if en => format!(
                "{} of only commas (empty cells) skipped: {}",
                plural(lines.len(), "row"),
                line_list(lines, lang)
            ),
            M::OnlyCommaRows { lines } => format!(
                "跳过 {} 行只有逗号（空单元格）的行：{}",
                lines.len(),
                line_list(lines, lang)
            ),
            M::NoHeaderRow if en => {
                "file has no header row, only empty cells; expected a header row".into()
            }
            M::NoHeaderRow => "文件没有表头，只有空单元格；第一行应是表头".into(),
            M::RowsAboveHeader { cells, rows, header_line } if en => format!(
                "{} above the header skipped (a title?): `{}`; the header is line {header_line}",
                plural(*rows, "row"),
                cells.join("`, `")
            ),
            M::RowsAboveHeader { cells, rows, header_line } => format!(
                "跳过表头上方的 {rows} 行（标题？）：`{}`；表头在第 {header_line} 行",
                cells.join("`、`")
            ),
            M::FieldCount { fields, width } if en => format!(
                "row has {fields} fields but the header has {width}; check for a missing or extra comma"
            ),
            M::FieldCount { fields, width } => format!(
                "这一行有 {fields} 个字段，表头有 {width} 个；请检查是否少了或多了逗号"
            ),
            M::CellsBeyondHeader { lines } if en => format!(
                "cells right of the last header column ignored (no header names them): {}",
                line_list(lines, lang)
            ),
            M::CellsBeyondHeader { lines } => format!(
                "忽略表头最后一列右侧的单元格（没有列名）：{}",
                line_list(lines, lang)
            ),
            M::TotalRow { word } if en => {
                format!("a total row (`{word}`), skipped; totals are computed, not read")
            }
            M::TotalRow { word } => format!("跳过合计行（`{word}`）；合计由程序计算，不读取"),
            M::MissingColumn { name, zh, header } if en => format!(
                "missing column `{name}`{}; the header is: {header}",
                zh.as_ref()
                    .map(|z| format!(" (in Chinese `{z}`)"))
                    .unwrap_or_default()
            ),
            M::MissingColumn { name, zh, header } => format!(
                "缺少列 `{}`{}；表头是：{header}",
                zh.as_deref().unwrap_or(name),
                if zh.is_some() { format!("（英文 `{name}`）") } else { String::new() }
            ),
            M::UnknownColumn if en => "unknown column, ignored".into(),
            M::UnknownColumn => "无法识别的列，已忽略".into(),
            M::ColumnTwice if en => "column appears twice".into(),
            M::ColumnTwice => "这一列出现了两次".into(),
            M::WorkbookAsCsv if en => format!(
                "the file is an Excel workbook saved under a .csv name; give the workbook \
                 itself (renamed to .xlsx) instead of the folder, or {}",
                save_as(lang)
            ),
            M::WorkbookAsCsv => format!(
                "这是一个以 .csv 命名的 Excel 工作簿；请直接给出工作簿（改名为 .xlsx）而不是文件夹，或{}",
                save_as(lang)
            ),
            M::BadUtf16 if en => format!(
                "the file is UTF-16 text with invalid characters; {}",
                save_as(lang)
            ),
            M::BadUtf16 => format!("文件是含无效字符的 UTF-16 文本；{}", save_as(lang)),
            M::TabSeparatedUtf16 if en => format!(
                "the file is tab-separated UTF-16 text (Excel's \"Unicode text\"), not CSV; {}",
                save_as(lang)
            ),
            M::TabSeparatedUtf16 => format!(
                "文件是制表符分隔的 UTF-16 文本（Excel 的“Unicode 文本”），不是 CSV；{}",
                save_as(lang)
            ),
            M::ReadAsUtf16 if en => {
                "read as UTF-16 text (Excel's \"Unicode\" encoding); the file is not UTF-8".into()
            }
            M::ReadAsUtf16 => "按 UTF-16 文本（Excel 的“Unicode”编码）读取；文件不是 UTF-8".into(),
            M::NulByte if en => format!(
                "the file holds a NUL byte: it is not text (a binary file, or UTF-16 without a byte-order mark); {}",
                save_as(lang)
            ),
            M::NulByte => format!(
                "文件含有 NUL 字节，不是文本（二进制文件，或没有字节顺序标记的 UTF-16）；{}",
                save_as(lang)
            ),
            M::UnknownEncoding if en => format!(
                "the file is neither UTF-8 nor GB18030/GBK text; {}",
                save_as(lang)
            ),
            M::UnknownEncoding => {
                format!("文件既不是 UTF-8 也不是 GB18030/GBK 文本；{}", save_as(lang))
            }
            M::ReadAsGbk if en => "read as GB18030 (GBK) text, as saved by Chinese Excel or WPS; \
                 the file is not UTF-8"
                .into(),
            M::ReadAsGbk => {
                "按 GB18030（GBK）文本读取（中文 Excel 或 WPS 的保存方式）；文件不是 UTF-8".into()
            }
            M::Empty if en => "is empty; a value is required".into(),
            M::Empty => "为空；必须填写".into(),
            M::DuplicateId { kind, id, first } if en => {
                let kind = match kind {
                    IdKind::School => "school",
                    IdKind::Teacher => "teacher",
                    IdKind::Student => "student",
                };
                format!("duplicate {kind} id `{id}` (first on line {first})")
            }
            M::DuplicateId { kind, id, first } => {
                let kind = match kind {
                    IdKind::School => "学校",
                    IdKind::Teacher => "教师",
                    IdKind::Student => "学生",
                };
                format!("{kind}编号 `{id}` 重复（第一次出现在第 {first} 行）")
            }
            M::NotValid { raw, expected } if en => {
                let shown = if raw.is_empty() {
                    "is empty".to_string()
                } else {
                    format!("`{raw}` is not valid")
                };
                format!("{shown}; expected {}", expected.text(lang))
            }
            M::NotValid { raw, expected } => {
                let shown = if raw.is_empty() {
                    "为空".to_string()
                } else {
                    format!("`{raw}` 无效")
                };
                format!("{shown}；应为{}", expected.text(lang))
            }
            M::HalfPairOfColumns { columns: [a, b] } if en => {
                format!("columns `{a}` and `{b}` come as a pair; one is missing")
            }
            M::HalfPairOfColumns { columns: [a, b] } => {
                format!("列 `{a}` 和 `{b}` 必须成对出现；缺了一列")
            }
            M::TwoCoordinateSystems { grid, geo } if en => format!(
                "both `{}`/`{}` and `{}`/`{}` are present; use one coordinate system",
                grid[0], grid[1], geo[0], geo[1]
            ),
            M::TwoCoordinateSystems { grid, geo } => format!(
                "同时有 `{}`/`{}` 和 `{}`/`{}`；只能用一种坐标",
                grid[0], grid[1], geo[0], geo[1]
            ),
            M::MissingPosition { grid, geo } if en => format!(
                "missing position columns; expected `{}`,`{}` (km on a local grid) or `{}`,`{}` (degrees)",
                grid[0], grid[1], geo[0], geo[1]
            ),
            M::MissingPosition { grid, geo } => format!(
                "缺少位置列；应有 `{}`,`{}`（本地网格上的公里数）或 `{}`,`{}`（经纬度）",
                grid[0], grid[1], geo[0], geo[1]
            ),
            M::HomesInOtherSystem { schools_geo: true } if en => {
                "homes are on the km grid but schools.csv uses lat/lon; use `home_lat`,`home_lon`"
                    .into()
            }
            M::HomesInOtherSystem { schools_geo: false } if en => {
                "homes are in lat/lon but schools.csv uses the km grid; use `home_x_km`,`home_y_km`"
                    .into()
            }
            M::HomesInOtherSystem { schools_geo: true } => {
                "住址用的是公里网格，而 schools.csv 用经纬度；请用 `home_lat`,`home_lon`".into()
            }
            M::HomesInOtherSystem { schools_geo: false } => {
                "住址用的是经纬度，而 schools.csv 用公里网格；请用 `home_x_km`,`home_y_km`".into()
            }
            M::NoSchools if en => "no schools; expected one row per school".into(),
            M::NoSchools => "没有学校；应每所学校一行".into(),
            M::NoTeachers if en => "no teachers; expected one row per teacher".into(),
            M::NoTeachers => "没有教师；应每位教师一行".into(),
            M::UnknownSchool { id } if en => {
                format!("unknown school `{id}`; expected an id of the schools table (schools.csv, or a workbook's sheet 学校)")
            }
            M::UnknownSchool { id } => {
                format!("找不到学校 `{id}`；应为学校表（schools.csv 或工作簿的“学校”表）中的学校编号")
            }
            M::OwnPartner if en => "a school cannot be its own partner".into(),
            M::OwnPartner => "学校不能与自己结对".into(),
            M::PairListedTwice { first } if en => {
                format!("the same pair is listed on line {first}; kept once")
            }
            M::PairListedTwice { first } => format!("同一对学校已在第 {first} 行列出；只保留一次"),
            M::HalfPairEmpty if en => "is empty while its pair is set; give both or neither".into(),
            M::HalfPairEmpty => "为空，而与它成对的一列已填写；两列都填或都不填".into(),
            M::WorkbookNotFound { path } if en => format!("file not found at {path}"),
            M::WorkbookNotFound { path } => format!("找不到文件 {path}"),
            M::CannotOpenWorkbook { error } if en => format!(
                "cannot be read as a workbook (damaged, password-protected, or not an Excel \
                 workbook); save it from Excel or WPS as .xlsx without a password (the \
                 reader's words: {error})"
            ),
            M::CannotOpenWorkbook { error } => format!(
                "无法作为工作簿读取（文件已损坏、设有密码，或不是 Excel 工作簿）；请在 Excel 或 WPS 中另存为不设密码的 .xlsx（读取程序原文：{error}）"
            ),
            M::CannotReadSheet { error } if en => format!("cannot read the sheet: {error}"),
            M::CannotReadSheet { error } => format!("无法读取工作表：{error}"),
            M::MissingSheet { sheet, sheet_zh, found } if en => format!(
                "missing sheet `{sheet}` (or `{sheet_zh}`); the sheets are: {}",
                found.join(", ")
            ),
            M::MissingSheet { sheet, sheet_zh, found } => format!(
                "缺少工作表 `{sheet_zh}`（或 `{sheet}`）；现有工作表：{}",
                found.join("、")
            ),
            M::EmptySheet if en => "sheet is empty; expected a header row".into(),
            M::EmptySheet => "工作表是空的；第一行应是表头".into(),
            M::NoSheet if en => "the workbook has no sheet".into(),
            M::NoSheet => "工作簿里没有工作表".into(),
            M::NotAFolder if en => "not a folder; expected an instance folder holding schools.csv and teachers.csv, or an .xlsx workbook".into(),
            M::NotAFolder => "不是文件夹；应为含有 schools.csv 和 teachers.csv 的县域数据文件夹，或一个 .xlsx 工作簿".into(),
            M::IgnoredTwin { english } if en => {
                format!("ignored: {english} is in the same folder and is read instead")
            }
            M::IgnoredTwin { english } => format!("已忽略：同一文件夹中有 {english}，读取的是它"),
            M::InstanceFileNotFound { path, chinese, workbook } if en => format!(
                "file not found at {path} (nor {chinese}); every instance needs it{}",
                workbook
                    .as_ref()
                    .map(|w| format!(
                        "; the folder holds the workbook {}: give its path instead of the folder \
                         (`rotation validate {w}`)",
                        w.rsplit('/').next().unwrap_or(w)
                    ))
                    .unwrap_or_default()
            ),
            M::InstanceFileNotFound { path, chinese, workbook } => format!(
                "找不到文件 {path}（也没有 {chinese}）；每份县域数据都需要它{}",
                workbook
                    .as_ref()
                    .map(|w| format!(
                        "；文件夹里有工作簿 {}：请给出它的路径而不是文件夹（`rotation validate {w}`）",
                        w.rsplit('/').next().unwrap_or(w)
                    ))
                    .unwrap_or_default()
            ),
            M::YearFarFromData { year, first_birth, last_birth, median, median_age, from, to } if en => format!(
                "`year` = {year} is decades away from the data: the teachers were born {first_birth}–{last_birth} \
                 (median {median}), so the median teacher would be {median_age} in {year}; set `year` \
                 to the planning year (about {from}–{to})"
            ),
            M::YearFarFromData { year, first_birth, last_birth, median, median_age, from, to } => format!(
                "`year` = {year} 与数据相差几十年：教师出生于 {first_birth}–{last_birth} 年（中位数 {median}），\
                 中位教师在 {year} 年将是 {median_age} 岁；请把 `year` 设为规划年份（约 {from}–{to}）"
            ),
            M::ImplausibleAge { birth_year, teacher, age, year, min, max } if en => format!(
                "`{birth_year}`: teacher {teacher} would be {age} in the planning year {year} (policy `year`); \
                 expected an age between {min} and {max}: check the year of birth"
            ),
            M::ImplausibleAge { birth_year, teacher, age, year, min, max } => format!(
                "`{birth_year}`：教师 {teacher} 在规划年份 {year}（政策的 `year`）将是 {age} 岁；\
                 年龄应在 {min} 到 {max} 岁之间：请检查出生年份"
            ),
            M::YearsBeyondWorkingLife { years, teacher, age, year, start, most } if en => format!(
                "`{years}` years at the school is longer than teacher {teacher}'s working life \
                 ({age} years old in {year}, working from {start} at the earliest: \
                 at most {most} years); check the years or the year of birth"
            ),
            M::YearsBeyondWorkingLife { years, teacher, age, year, start, most } => format!(
                "本校任教 `{years}` 年超过了教师 {teacher} 的工作年限（{year} 年 {age} 岁，\
                 最早 {start} 岁参加工作：至多 {most} 年）；请检查任教年限或出生年份"
            ),
            M::CannotReadPolicy { error } if en => format!("cannot read policy file: {error}"),
            M::CannotReadPolicy { error } => format!("无法读取政策文件：{error}"),
            M::UnknownTeacher { id, csv } if en => format!(
                "unknown teacher `{id}`; expected an id from {}",
                if *csv { "teachers.csv" } else { "the teachers table" }
            ),
            M::UnknownTeacher { id, .. } => {
                format!("找不到教师 `{id}`；应为教师表（teachers.csv）中的教师编号")
            }
            M::UnknownSchoolOfTable { id } if en => {
                format!("unknown school `{id}`; expected an id from the schools table")
            }
            M::UnknownSchoolOfTable { id } => {
                format!("找不到学校 `{id}`；应为学校表中的学校编号")
            }
            M::BadPinAction { raw } if en => format!(
                "`{raw}` is not valid; expected `stay`, `move` or `move_to` (留任/交流/调往)"
            ),
            M::BadPinAction { raw } => {
                format!("`{raw}` 无效；应为留任、交流或调往（stay/move/move_to）")
            }
            M::MoveToNeedsSchool if en => "`move_to` needs a school".into(),
            M::MoveToNeedsSchool => "“调往”（move_to）需要填写学校".into(),
            M::AlreadyAtSchool { teacher, school } if en => format!(
                "teacher {teacher} already works at {school}; use `stay` to keep them there"
            ),
            M::AlreadyAtSchool { teacher, school } => {
                format!("教师 {teacher} 已在 {school} 任教；要留在原校请用“留任”（stay）")
            }
            M::SamePinTwice { first } if en => {
                format!("the same pin is on line {first}; kept once")
            }
            M::SamePinTwice { first } => format!("第 {first} 行已有相同的锁定；只保留一次"),
            M::ContradictoryPins { teacher, first, first_line, this } if en => format!(
                "contradictory pins for teacher {teacher}: `{}` on line {first_line} and `{}` here; keep one",
                first[0], this[0]
            ),
            M::ContradictoryPins { teacher, first, first_line, this } => format!(
                "教师 {teacher} 的锁定互相矛盾：第 {first_line} 行为“{}”，此处为“{}”；请只保留一条",
                first[1], this[1]
            ),
            M::PreviousTeacherGone { teacher, school } if en => format!(
                "teacher `{teacher}` is no longer in the county; their previous move to {school} is dropped"
            ),
            M::PreviousTeacherGone { teacher, school } => format!(
                "教师 `{teacher}` 已不在本县数据中；其原方案中调往 {school} 的调动取消"
            ),
            M::PreviousSchoolGone { teacher, school } if en => format!(
                "school `{school}` is no longer in the county; the previous move of {teacher} is dropped"
            ),
            M::PreviousSchoolGone { teacher, school } => format!(
                "学校 `{school}` 已不在本县数据中；原方案中 {teacher} 的调动取消"
            ),
            M::MovesTwice { teacher, first } if en => {
                format!("teacher `{teacher}` moves twice (first on line {first})")
            }
            M::MovesTwice { teacher, first } => {
                format!("教师 `{teacher}` 调动了两次（第一次在第 {first} 行）")
            }
            M::WrongFromSchool { teacher, actual, written } if en => format!(
                "teacher `{teacher}` is at `{actual}` in teachers.csv, not `{written}`"
            ),
            M::PinBreaksRule { pin, why } if en => format!(
                "pin `{}` breaks a move rule: {}",
                pin[0],
                if why[0].is_empty() {
                    "no school passes the move rules (level, direction, partnership, commute cap)"
                } else {
                    &why[0]
                }
            ),
            M::PinBreaksRule { pin, why } => format!(
                "锁定“{}”违反调动规则：{}",
                pin[1],
                if why[1].is_empty() {
                    "没有学校符合调动规则（学段、方向、共同体、通勤上限）"
                } else {
                    &why[1]
                }
            ),
            M::WrongFromSchool { teacher, actual, written } => format!(
                "教师表中教师 `{teacher}` 在 `{actual}` 任教，不是 `{written}`"
            ),
            M::TeacherInTwoTeams { teacher, first_team, first_line } if en => format!(
                "teacher `{teacher}` is already in team `{first_team}` (line {first_line}); \
                 expected each teacher in one team at most"
            ),
            M::TeacherInTwoTeams { teacher, first_team, first_line } => format!(
                "教师 `{teacher}` 已在第 {first_line} 行的团队 `{first_team}` 中；每位教师至多属于一个团队"
            ),
            M::TeamAcrossSchools { team, teacher, school, first, first_school } if en => format!(
                "teacher `{teacher}` works at {school}, but team `{team}` is at {first_school} \
                 (its first member {first}); expected the members of a team at one school"
            ),
            M::TeamAcrossSchools { team, teacher, school, first, first_school } => format!(
                "教师 `{teacher}` 在 {school} 任教，而团队 `{team}` 在 {first_school}（首位成员 {first}）；\
                 同一团队的成员应在同一所学校"
            ),
            M::OneMemberTeam { team } if en => format!(
                "team `{team}` has one member; it binds nobody (a team needs two or more)"
            ),
            M::OneMemberTeam { team } => {
                format!("团队 `{team}` 只有一名成员，不起作用（团队至少两人）")
            }
            M::TeacherTwiceInTeam { teacher, first } if en => {
                format!("teacher `{teacher}` is already in this team on line {first}; kept once")
            }
            M::TeacherTwiceInTeam { teacher, first } => {
                format!("教师 `{teacher}` 已在第 {first} 行列入此团队；只保留一次")
            }
            M::PinSplitsTeam { team, first, first_line, this } if en => format!(
                "pins split exchange team `{team}`: `{}` on line {first_line} and `{}` here; \
                 a team moves together to one school or stays (pin the team by its name)",
                first[0], this[0]
            ),
            M::PinSplitsTeam { team, first, first_line, this } => format!(
                "锁定会拆散交流团队 `{team}`：第 {first_line} 行为“{}”，此处为“{}”；\
                 团队须整体调往同一所学校或整体留任（可用团队名称锁定整个团队）",
                first[1], this[1]
            ),
            M::CycleYearsOutOfRange { years } if en => format!(
                "`rules.cycle_years` = {years} is out of range; expected a cycle of 1 to 50 years"
            ),
            M::CycleYearsOutOfRange { years } => format!(
                "`rules.cycle_years`（轮岗周期年数）= {years} 超出范围；应为 1 到 50 年"
            ),
            M::CycleShareOutOfRange { share } if en => format!(
                "`rules.cycle_share` = {share} is out of range; expected a share in [0, 1] \
                 (1: every teacher due rotates within the cycle)"
            ),
            M::CycleShareOutOfRange { share } => format!(
                "`rules.cycle_share`（周期内轮岗比例）= {share} 超出范围；应为 0 到 1 之间的比例\
                 （1 表示每位应交流教师都须在周期内交流）"
            ),
            M::HorizonOutOfRange { years, max } if en => format!(
                "{years} years is out of range; expected 1 to {max} rounds planned together"
            ),
            M::HorizonOutOfRange { years, max } => {
                format!("{years} 年超出范围；一次最多连续规划 {max} 轮（至少 1 轮）")
            }
            M::JointAtOwnSchool { teacher, school } if en => format!(
                "teacher `{teacher}` already works at {school}; expected a second school \
                 (another school the teacher also serves)"
            ),
            M::JointAtOwnSchool { teacher, school } => format!(
                "教师 `{teacher}` 本就在 {school} 任教；联聘学校应为另一所学校"
            ),
            M::JointTwice { teacher, first } if en => format!(
                "teacher `{teacher}` already has a joint appointment on line {first}; \
                 expected one second school per teacher"
            ),
            M::JointTwice { teacher, first } => format!(
                "教师 `{teacher}` 已在第 {first} 行联聘；每位教师至多联聘一所学校"
            ),
            M::JointTeacherInTeam { teacher, team } if en => format!(
                "teacher `{teacher}` is in exchange team `{team}` (teams.csv), which may move; \
                 a teacher with a joint appointment stays at their school: take them out of \
                 the team or drop the appointment"
            ),
            M::JointTeacherInTeam { teacher, team } => format!(
                "教师 `{teacher}` 属于交流团队 `{team}`（teams.csv），团队可能整体交流；\
                 联聘教师本轮留在本校：请将其移出团队或取消联聘"
            ),
            M::JointTeacherOnExchange { teacher, since } if en => format!(
                "teacher `{teacher}` is still on an exchange term begun in {since} (history); \
                 expected a teacher at their own school"
            ),
            M::JointTeacherOnExchange { teacher, since } => format!(
                "教师 `{teacher}` 仍在 {since} 年开始的交流期内（交流记录）；联聘教师应在本校任教"
            ),
            M::JointTeacherReturning { teacher, since } if en => format!(
                "teacher `{teacher}` returns home this year from an exchange term begun in \
                 {since} (history); a returning teacher cannot also hold a joint appointment \
                 this year"
            ),
            M::JointTeacherReturning { teacher, since } => format!(
                "教师 `{teacher}` 自 {since} 年开始的交流期今年期满返回（交流记录）；\
                 返回的教师今年不能同时联聘"
            ),
            M::PinMovesJointTeacher { teacher, school } if en => format!(
                "teacher `{teacher}` holds a joint appointment at {school} (--joint) and stays \
                 this year; expected no pin moving them (drop the pin or the appointment)"
            ),
            M::PinMovesJointTeacher { teacher, school } => format!(
                "教师 `{teacher}` 已联聘到 {school}（--joint），本轮留任；不能锁定其交流\
                 （请删去该锁定或取消联聘）"
            ),
        }
    }
}

impl std::fmt::Display for InputMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

pub use crate::model::lang::has_chinese;

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    /// One example of every kind of message (but `Untranslated`, which is English by
    /// definition); the test fails when a kind has none.
    fn examples() -> Vec<InputMessage> {
        use InputMessage as M;
        vec![
            M::Said {
                en: "a".into(),
                zh: "甲".into(),
            },
            M::FileNotFound {
                path: "a/teachers.csv".into(),
            },
            M::CannotRead {
                path: "a".into(),
                error: "denied".into(),
                error_zh: "没有读写权限".into(),
            },
            M::EmptyFile,
            M::MalformedCsv {
                error: "bad".into(),
            },
            M::OnlyCommaRows {
                lines: vec![3, 4, 9],
            },
            M::NoHeaderRow,
            M::RowsAboveHeader {
                cells: vec!["2024 title".into()],
                rows: 1,
                header_line: 2,
            },
            M::FieldCount {
                fields: 3,
                width: 4,
            },
            M::CellsBeyondHeader { lines: vec![5] },
            M::TotalRow {
                word: "total".into(),
            },
            M::MissingColumn {
                name: "id".into(),
                zh: Some("教师编号".into()),
                header: "a,b".into(),
            },
            M::UnknownColumn,
            M::ColumnTwice,
            M::WorkbookAsCsv,
            M::BadUtf16,
            M::TabSeparatedUtf16,
            M::ReadAsUtf16,
            M::NulByte,
            M::UnknownEncoding,
            M::ReadAsGbk,
            M::Empty,
            M::DuplicateId {
                kind: IdKind::Teacher,
                id: "T1".into(),
                first: 2,
            },
            M::NotValid {
                raw: "x".into(),
                expected: Expected::Zone,
            },
            M::HalfPairOfColumns {
                columns: ["x_km".into(), "y_km".into()],
            },
            M::TwoCoordinateSystems {
                grid: ["x_km".into(), "y_km".into()],
                geo: ["lat".into(), "lon".into()],
            },
            M::MissingPosition {
                grid: ["x_km".into(), "y_km".into()],
                geo: ["lat".into(), "lon".into()],
            },
            M::HomesInOtherSystem { schools_geo: true },
            M::NoSchools,
            M::NoTeachers,
            M::UnknownSchool { id: "H1".into() },
            M::OwnPartner,
            M::PairListedTwice { first: 3 },
            M::HalfPairEmpty,
            M::WorkbookNotFound {
                path: "a.xlsx".into(),
            },
            M::CannotOpenWorkbook {
                error: "zip".into(),
            },
            M::CannotReadSheet {
                error: "bad".into(),
            },
            M::MissingSheet {
                sheet: "teachers".into(),
                sheet_zh: "教师".into(),
                found: vec!["a".into()],
            },
            M::EmptySheet,
            M::NoSheet,
            M::NotAFolder,
            M::IgnoredTwin {
                english: "teachers.csv".into(),
            },
            M::InstanceFileNotFound {
                path: "d/teachers.csv".into(),
                chinese: "教师.csv".into(),
                workbook: Some("d/b.xlsx".into()),
            },
            M::YearFarFromData {
                year: 2080,
                first_birth: 1960,
                last_birth: 1999,
                median: 1980,
                median_age: 100,
                from: 2015,
                to: 2025,
            },
            M::ImplausibleAge {
                birth_year: 1900,
                teacher: "T1".into(),
                age: 124,
                year: 2024,
                min: 18,
                max: 70,
            },
            M::YearsBeyondWorkingLife {
                years: 40,
                teacher: "T1".into(),
                age: 40,
                year: 2024,
                start: 18,
                most: 22,
            },
            M::CannotReadPolicy {
                error: "denied".into(),
            },
            M::Travel(TravelMessage::NoRoads),
            M::Record(RecordMessage::RankTwice {
                teacher: "T1".into(),
                rank: 1,
                first: 2,
            }),
            M::Policy(PolicyProblem::Retired {
                key: "weights.shortfall_penalty".into(),
            }),
            M::UnknownTeacher {
                id: "T9".into(),
                csv: true,
            },
            M::UnknownSchoolOfTable { id: "H9".into() },
            M::BadPinAction { raw: "go".into() },
            M::MoveToNeedsSchool,
            M::AlreadyAtSchool {
                teacher: "T1".into(),
                school: "U1".into(),
            },
            M::SamePinTwice { first: 2 },
            M::ContradictoryPins {
                teacher: "T1".into(),
                first: ["T1 stay".into(), "T1 留任".into()],
                first_line: 2,
                this: ["T1 move".into(), "T1 须交流".into()],
            },
            M::PreviousTeacherGone {
                teacher: "T1".into(),
                school: "R1".into(),
            },
            M::PreviousSchoolGone {
                teacher: "T1".into(),
                school: "R1".into(),
            },
            M::MovesTwice {
                teacher: "T1".into(),
                first: 2,
            },
            M::PinBreaksRule {
                pin: ["T1 move".into(), "T1 须交流".into()],
                why: [String::new(), String::new()],
            },
            M::WrongFromSchool {
                teacher: "T1".into(),
                actual: "U1".into(),
                written: "U2".into(),
            },
            M::TeacherInTwoTeams {
                teacher: "T1".into(),
                first_team: "math-1".into(),
                first_line: 2,
            },
            M::TeamAcrossSchools {
                team: "math-1".into(),
                teacher: "T2".into(),
                school: "U2".into(),
                first: "T1".into(),
                first_school: "U1".into(),
            },
            M::OneMemberTeam {
                team: "math-1".into(),
            },
            M::TeacherTwiceInTeam {
                teacher: "T1".into(),
                first: 2,
            },
            M::PinSplitsTeam {
                team: "math-1".into(),
                first: ["T1 stay".into(), "T1 留任".into()],
                first_line: 2,
                this: ["T2 move".into(), "T2 须交流".into()],
            },
            M::CycleYearsOutOfRange { years: 0 },
            M::CycleShareOutOfRange { share: 1.5 },
            M::HorizonOutOfRange { years: 21, max: 20 },
            M::JointAtOwnSchool {
                teacher: "T1".into(),
                school: "U1".into(),
            },
            M::JointTwice {
                teacher: "T1".into(),
                first: 2,
            },
            M::JointTeacherInTeam {
                teacher: "T1".into(),
                team: "math-1".into(),
            },
            M::JointTeacherOnExchange {
                teacher: "T1".into(),
                since: 2023,
            },
            M::JointTeacherReturning {
                teacher: "T1".into(),
                since: 2022,
            },
            M::PinMovesJointTeacher {
                teacher: "T1".into(),
                school: "R1".into(),
            },
        ]
    }

    #[test]
    fn every_input_message_has_chinese() {
        let examples = examples();
        for kind in InputMessageDiscriminants::iter() {
            if kind == InputMessageDiscriminants::Untranslated {
                continue;
            }
            let m = examples
                .iter()
                .find(|m| InputMessageDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(has_chinese(&zh), "{kind:?} has no Chinese: {zh}");
            assert!(!en.trim().is_empty() && en != zh, "{kind:?}: {en}");
        }
    }

    #[test]
    fn every_expectation_has_chinese() {
        for e in Expected::iter() {
            assert!(has_chinese(&e.text(Lang::Zh)), "{e:?}");
            assert!(!e.text(Lang::En).is_empty(), "{e:?}");
        }
    }

    #[test]
    fn line_lists_join_ranges_in_both_languages() {
        assert_eq!(line_list(&[4, 7, 8, 9, 12], Lang::En), "lines 4, 7–9, 12");
        assert_eq!(line_list(&[4], Lang::En), "line 4");
        assert_eq!(line_list(&[4, 7, 8, 9, 12], Lang::Zh), "第 4、7–9、12 行");
    }
}
