//! What the template workbook adds to each column for the person filling it: a
//! drop-down list of the values a county types for every enumerated column (城乡, 学段,
//! 学科, 性别, 骨干等级, 职称, 学历, 是/否, 锁定操作), school ids picked from the
//! 学校 sheet, number ranges for counts and years, and a Chinese note on each header.
//! The values are the ones the readers accept (`input::vocabulary`, `input::values`).

use crate::input::vocabulary::{
    backbone_zh, degree_zh, gender_zh, level_zh, subject_zh, title_zh, zone_zh, Column, TableKind,
    SCHOOLS, TEACHERS,
};
use crate::model::county::{Backbone, Degree, Gender, Level, Title, Zone};
use crate::model::lang::Lang;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Formula, Worksheet, XlsxError,
};

/// Rows of a sheet that carry the lists: the header is row 0, the data up to here.
pub const LAST_ROW: u32 = 20_000;

/// The subjects offered in the list: the common codes the tool names in Chinese. A
/// county's own subject is still accepted (the list only warns).
const SUBJECTS: [&str; 10] = [
    "chinese",
    "math",
    "english",
    "science",
    "pe",
    "music",
    "art",
    "it",
    "moral",
    "special_ed",
];

/// What a column's cells may hold, when the template can say it.
enum Allowed {
    /// One of these values; `strict` refuses others, else Excel only warns.
    List(Vec<String>, bool),
    /// A school id from the 学校 sheet's first column.
    SchoolId,
    /// A teacher id from the 教师 sheet's first column.
    TeacherId,
    /// A whole number in this range.
    Whole(i32, i32),
    /// A number at least 0.
    NonNegative,
}

fn allowed(kind: &TableKind, col: &Column, lang: Lang) -> Option<Allowed> {
    let zh = lang == Lang::Zh;
    let words = |zh_words: Vec<&str>, en_words: Vec<&str>| {
        let w = if zh { zh_words } else { en_words };
        w.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let yes_no = || Allowed::List(words(vec!["是", "否"], vec!["true", "false"]), true);
    Some(match (kind.sheet, col.name) {
        ("schools", "zone") => Allowed::List(
            words(
                vec![zone_zh(Zone::Urban), zone_zh(Zone::Rural)],
                vec!["urban", "rural"],
            ),
            true,
        ),
        ("schools", "level") => Allowed::List(
            words(
                [
                    Level::Primary,
                    Level::Junior,
                    Level::NineYear,
                    Level::Special,
                ]
                .map(level_zh)
                .to_vec(),
                vec!["primary", "junior", "nine_year", "special"],
            ),
            true,
        ),
        ("schools", "students") => Allowed::Whole(0, 20_000),
        ("teachers", "school") | ("partnerships", "school_a" | "school_b") => Allowed::SchoolId,
        ("teachers", "subject") => Allowed::List(
            words(SUBJECTS.map(subject_zh).to_vec(), SUBJECTS.to_vec()),
            false,
        ),
        ("teachers", "gender") => Allowed::List(
            words(
                vec![gender_zh(Gender::F), gender_zh(Gender::M)],
                vec!["F", "M"],
            ),
            true,
        ),
        ("teachers", "birth_year") => Allowed::Whole(1940, 2010),
        ("teachers", "years_at_school") => Allowed::Whole(0, 50),
        ("teachers", "backbone") => Allowed::List(
            words(
                [
                    Backbone::None,
                    Backbone::County,
                    Backbone::City,
                    Backbone::Province,
                ]
                .map(backbone_zh)
                .to_vec(),
                vec!["none", "county", "city", "province"],
            ),
            true,
        ),
        ("teachers", "title") => Allowed::List(
            words(
                [
                    Title::None,
                    Title::Junior,
                    Title::Intermediate,
                    Title::Senior,
                ]
                .map(title_zh)
                .to_vec(),
                vec!["none", "junior", "intermediate", "senior"],
            ),
            true,
        ),
        ("teachers", "degree") => Allowed::List(
            words(
                [
                    Degree::Secondary,
                    Degree::Associate,
                    Degree::Bachelor,
                    Degree::Master,
                    Degree::Doctor,
                ]
                .map(degree_zh)
                .to_vec(),
                vec!["secondary", "associate", "bachelor", "master", "doctor"],
            ),
            true,
        ),
        ("teachers", "graduating" | "homeroom") => yes_no(),
        ("roads", "minutes") | ("distances", "km" | "minutes") => Allowed::NonNegative,
        ("pins", "action") => Allowed::List(
            words(
                vec!["留任", "交流", "调往"],
                vec!["stay", "move", "move_to"],
            ),
            true,
        ),
        ("pins", "school") => Allowed::SchoolId,
        // The teacher side (交流记录, 意愿, 组团交流, 联聘): ids from the county's sheets; a
        // wish may also be 留任 (stay), so its school list only warns.
        ("history" | "wishes" | "teams" | "joint", "teacher") => Allowed::TeacherId,
        ("history", "from_school" | "to_school") | ("wishes" | "joint", "school") => {
            Allowed::SchoolId
        }
        ("history", "start_year" | "end_year") => Allowed::Whole(1950, 2100),
        ("wishes", "rank") => Allowed::Whole(1, crate::input::wishes::MAX_RANK as i32),
        ("wishes", "priority") => Allowed::NonNegative,
        _ => return None,
    })
}

/// Adds the drop-down list or range of every column of `kind` that has one to `sheet`
/// (columns numbered as in `columns`), for rows 1 to [`LAST_ROW`].
pub fn add_lists(
    sheet: &mut Worksheet,
    kind: &TableKind,
    columns: &[&Column],
    lang: Lang,
) -> Result<(), XlsxError> {
    let zh = lang == Lang::Zh;
    let schools_sheet = if zh { SCHOOLS.sheet_zh } else { SCHOOLS.sheet };
    let teachers_sheet = if zh {
        TEACHERS.sheet_zh
    } else {
        TEACHERS.sheet
    };
    for (c, col) in columns.iter().enumerate() {
        let Some(allowed) = allowed(kind, col, lang) else {
            continue;
        };
        let (rule, strict) = match allowed {
            Allowed::List(values, strict) => {
                (DataValidation::new().allow_list_strings(&values)?, strict)
            }
            Allowed::SchoolId => (
                DataValidation::new().allow_list_formula(Formula::new(format!(
                    "={schools_sheet}!$A$2:$A${}",
                    LAST_ROW + 1
                ))),
                false,
            ),
            Allowed::TeacherId => (
                DataValidation::new().allow_list_formula(Formula::new(format!(
                    "={teachers_sheet}!$A$2:$A${}",
                    LAST_ROW + 1
                ))),
                false,
            ),
            Allowed::Whole(lo, hi) => (
                DataValidation::new().allow_whole_number(DataValidationRule::Between(lo, hi)),
                true,
            ),
            Allowed::NonNegative => (
                DataValidation::new()
                    .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
                true,
            ),
        };
        let (title, message) = if zh {
            ("输入有误", "请从下拉列表中选择，或按说明填写。")
        } else {
            ("Unexpected value", "Pick from the list, or see the notes.")
        };
        let rule = rule
            .ignore_blank(true)
            .set_error_title(title)?
            .set_error_message(message)?
            .set_error_style(if strict {
                DataValidationErrorStyle::Stop
            } else {
                DataValidationErrorStyle::Warning
            });
        sheet.add_data_validation(1, c as u16, LAST_ROW, c as u16, &rule)?;
    }
    Ok(())
}

/// The note on a column's header: in Chinese for a Chinese template (what to type,
/// whether it is required), the English help otherwise.
pub fn header_note(kind: &TableKind, col: &Column, lang: Lang) -> String {
    if lang == Lang::En {
        let required = if col.required { "required" } else { "optional" };
        return format!("{} ({required}): {}", col.name, col.help);
    }
    let required = if col.required { "必填" } else { "选填" };
    let what = column_help_zh(kind, col).unwrap_or(col.help);
    format!("{}（{}，{required}）：{what}", col.zh, col.name)
}

/// What goes in column `col` of sheet `kind`, in Chinese: the Chinese template's
/// header notes and its 说明 sheet. `None` for a column not written here.
pub fn column_help_zh(kind: &TableKind, col: &Column) -> Option<&'static str> {
    Some(match (kind.sheet, col.name) {
        (_, "id") => "唯一编号，如 U1、T001",
        ("schools", "name") => "学校全称",
        ("schools", "zone") => "城区或农村，从下拉列表选择",
        ("schools", "level") => "小学、初中、九年一贯制或特殊教育，从下拉列表选择",
        ("schools", "students") => "在校学生人数（整数）",
        ("schools", "x_km") => "东西向坐标，公里（本县自定原点）；也可改填纬度/经度；只有地名时可不填坐标，另给距离表（距离）",
        ("schools", "y_km") => "南北向坐标，公里",
        ("schools", "lat") => "纬度（度）：可代替东西/南北坐标；与经度同填",
        ("schools", "lon") => "经度（度）：与纬度同填",
        ("schools", "place") => "学校所在地点（道路或距离表中的地名）；不填则用学校编号",
        ("teachers", "name") => "教师姓名",
        ("teachers", "school") => "现任教学校的学校编号，从下拉列表选择（列表取自学校表）",
        ("teachers", "subject") => "任教学科，从下拉列表选择；本县其他学科可直接填写",
        ("teachers", "gender") => "女或男",
        ("teachers", "birth_year") => "出生年份，如 1980",
        ("teachers", "years_at_school") => "在本校连续任教年数（整数）",
        ("teachers", "backbone") => "无、县级、市级或省级",
        ("teachers", "title") => "无、初级、中级或高级",
        ("teachers", "degree") => "中专、大专、本科、研究生或博士；不详可空",
        ("teachers", "graduating") => "是否任教毕业班：是或否",
        ("teachers", "homeroom") => "是否班主任：是或否",
        ("teachers", "exempt") => "免于交流的原因（临近退休、病假、孕期等）；不免则空",
        ("teachers", "home_x_km") => "家庭住址东西向坐标，公里；可空",
        ("teachers", "home_y_km") => "家庭住址南北向坐标，公里；可空",
        ("teachers", "home_lat") => "家庭住址纬度（度）；可空",
        ("teachers", "home_lon") => "家庭住址经度（度）；可空",
        ("teachers", "home_place") => "居住地点（道路或距离表中的地名）；可空",
        ("partnerships", "school_a") => "共同体内一所学校的编号",
        ("partnerships", "school_b") => "同一共同体内另一所学校的编号",
        ("partnerships", "kind") => "共同体类型，如 1+X；可空",
        ("roads", "from") => "起点地名（乡镇、学校编号等）",
        ("roads", "to") => "终点地名",
        ("roads", "minutes") => "两地之间的车程，分钟（≥0）",
        ("distances", "from") => "起点：学校编号、学校所在地点或教师居住地点",
        ("distances", "to") => "终点地名",
        ("distances", "minutes") => "两地之间的车程，分钟（≥0）；代替“公里”一列",
        ("distances", "km") => "两地距离，公里（≥0）；也可把此列改为“分钟”填车程。只填一个方向即视为双向；缺少的两地之间按经其他地点的最短路计",
        ("pins", "teacher") => "教师编号",
        ("pins", "action") => "留任（不交流）、交流（交流到任一允许学校）或调往（指定学校）",
        ("pins", "school") => "调往时填写目标学校编号",
        ("history" | "wishes" | "teams" | "joint", "teacher") => {
            "教师编号，从下拉列表选择（列表取自教师表）"
        }
        ("history", "from_school") => "派出学校（教师的原学校）编号",
        ("history", "to_school") => "交流学校（接收学校）编号",
        ("history", "start_year") => "交流开始年份，如 2019",
        ("history", "end_year") => "交流结束年份；仍在交流则空",
        ("wishes", "rank") => "志愿顺序：1 为最想去的学校（整数 1–50）",
        ("wishes", "school") => "意愿学校编号，或填“留任”（不愿交流）",
        ("wishes", "priority") => "教师的优先积分（同一教师各行相同）；不填则按政策 [priority] 计算",
        ("teams", "team") => "团队名称：同一团队的教师整体调往同一所学校，或整体留任",
        ("joint", "school") => {
            "联聘学校编号（不是本校）：教师本轮留在本校，同时在此校任教，两校各按半人计入编制和学科"
        }
        _ => return None,
    })
}
