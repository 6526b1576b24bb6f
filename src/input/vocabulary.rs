//! The words of the input tables in English and Chinese: sheet names, column headers
//! and the values of coded columns. The readers accept every alias listed here; the
//! templates and the plan workbook write the first Chinese form. `docs/format.md`
//! ("Excel workbooks and Chinese headers") lists the same table for people.
//!
//! Long file: every input table's columns (Chinese header, aliases, help) and the
//! Chinese words of every coded value, kept in one place so that readers, templates
//! and the plan workbook cannot disagree.

use crate::model::county::{Backbone, Degree, Gender, Level, Title, Zone};

/// One column of an input table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The CSV name (English), used everywhere inside the program.
    pub name: &'static str,
    /// The Chinese header the templates write.
    pub zh: &'static str,
    /// Other accepted headers.
    pub aliases: &'static [&'static str],
    /// Required in every file of this kind.
    pub required: bool,
    /// What goes in the column, for templates.
    pub help: &'static str,
}

const fn col(
    name: &'static str,
    zh: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    help: &'static str,
) -> Column {
    Column {
        name,
        zh,
        aliases,
        required,
        help,
    }
}

/// One kind of table: its sheet names and columns.
#[derive(Debug, Clone, Copy)]
pub struct TableKind {
    /// Sheet name in English (also the CSV file stem).
    pub sheet: &'static str,
    /// Sheet name in Chinese, e.g. `学校`.
    pub sheet_zh: &'static str,
    /// The table's columns, in template order.
    pub columns: &'static [Column],
}

/// `schools.csv` / sheet 学校: one row per school.
pub const SCHOOLS: TableKind = TableKind {
    sheet: "schools",
    sheet_zh: "学校",
    columns: &[
        col(
            "id",
            "学校编号",
            &["编号", "学校代码"],
            true,
            "unique school id, e.g. U1",
        ),
        col(
            "name",
            "学校名称",
            &["名称", "校名"],
            true,
            "the school's name",
        ),
        col(
            "zone",
            "城乡",
            &["城乡类别", "区域"],
            true,
            "城区 (urban) or 农村 (rural)",
        ),
        col(
            "level",
            "学段",
            &["学校类型", "类型"],
            true,
            "小学, 初中, 九年一贯制 or 特殊教育",
        ),
        col(
            "students",
            "学生数",
            &["在校生数", "学生人数"],
            true,
            "number of students",
        ),
        col(
            "x_km",
            "横坐标km",
            &["横坐标", "x"],
            false,
            "east, km on a local grid (or use 纬度/经度)",
        ),
        col(
            "y_km",
            "纵坐标km",
            &["纵坐标", "y"],
            false,
            "north, km on a local grid",
        ),
        col(
            "lat",
            "纬度",
            &[],
            false,
            "latitude in degrees (instead of the grid)",
        ),
        col("lon", "经度", &[], false, "longitude in degrees"),
        col(
            "place",
            "地点",
            &["所在地点"],
            false,
            "place on the road network (roads sheet) or in the distance table; optional",
        ),
    ],
};

/// `teachers.csv` / sheet 教师: one row per full-time teacher.
pub const TEACHERS: TableKind = TableKind {
    sheet: "teachers",
    sheet_zh: "教师",
    columns: &[
        col(
            "id",
            "教师编号",
            &["工号", "编号"],
            true,
            "unique teacher id, e.g. T001",
        ),
        col("name", "姓名", &[], false, "the teacher's name"),
        col(
            "school",
            "所在学校",
            &["学校编号", "现任教学校", "学校"],
            true,
            "id of the current school",
        ),
        col(
            "subject",
            "学科",
            &["任教学科"],
            true,
            "subject taught, e.g. 语文, 数学",
        ),
        col("gender", "性别", &[], true, "女 (F) or 男 (M)"),
        col(
            "birth_year",
            "出生年份",
            &["出生年"],
            true,
            "year of birth, e.g. 1980",
        ),
        col(
            "years_at_school",
            "本校任教年限",
            &["本校工作年限", "在校年限", "任教年限"],
            true,
            "consecutive years at the current school",
        ),
        col(
            "backbone",
            "骨干等级",
            &["骨干教师", "骨干"],
            true,
            "无, 县级, 市级 or 省级",
        ),
        col(
            "title",
            "职称",
            &["专业技术职称"],
            true,
            "无, 初级, 中级 or 高级",
        ),
        col(
            "degree",
            "学历",
            &["最高学历"],
            false,
            "中专, 大专, 本科, 研究生 or 博士; empty if unknown",
        ),
        col("homeroom", "班主任", &["是否班主任"], true, "是 or 否"),
        col(
            "graduating",
            "毕业班",
            &["是否毕业班", "任教毕业班"],
            true,
            "是 or 否",
        ),
        col(
            "exempt",
            "免交流原因",
            &["免交流"],
            false,
            "why the teacher is exempt, empty if not",
        ),
        col(
            "home_x_km",
            "家庭横坐标km",
            &["住址横坐标km"],
            false,
            "home east, km; optional",
        ),
        col(
            "home_y_km",
            "家庭纵坐标km",
            &["住址纵坐标km"],
            false,
            "home north, km; optional",
        ),
        col(
            "home_lat",
            "家庭纬度",
            &["住址纬度"],
            false,
            "home latitude; optional",
        ),
        col(
            "home_lon",
            "家庭经度",
            &["住址经度"],
            false,
            "home longitude; optional",
        ),
        col(
            "home_place",
            "居住地点",
            &["家庭地点", "住址地点"],
            false,
            "home place on the road network; optional",
        ),
    ],
};

/// `partnerships.csv` / sheet 共同体: the edges of the partnership graph (教育共同体).
pub const PARTNERSHIPS: TableKind = TableKind {
    sheet: "partnerships",
    sheet_zh: "共同体",
    columns: &[
        col(
            "school_a",
            "学校甲",
            &["学校a", "学校1"],
            true,
            "id of one school",
        ),
        col(
            "school_b",
            "学校乙",
            &["学校b", "学校2"],
            true,
            "id of its partner school",
        ),
        col("kind", "类型", &["共同体类型"], false, "e.g. 1+X; optional"),
    ],
};

/// `roads.csv` / sheet 道路: two-way roads between named places, with travel minutes.
pub const ROADS: TableKind = TableKind {
    sheet: "roads",
    sheet_zh: "道路",
    columns: &[
        col(
            "from",
            "起点",
            &[],
            true,
            "a place: a school id or any place name",
        ),
        col("to", "终点", &[], true, "another place"),
        col(
            "minutes",
            "分钟",
            &["用时分钟", "用时"],
            true,
            "travel time in minutes, both ways",
        ),
    ],
};

/// `distances.csv` / sheet 距离: distances between named places (schools, homes,
/// townships) instead of coordinates, in km or in minutes (the value column's header
/// says which). See `input::distances` for what a missing pair means.
pub const DISTANCES: TableKind = TableKind {
    sheet: "distances",
    sheet_zh: "距离",
    columns: &[
        col(
            "from",
            "起点",
            &["出发地"],
            true,
            "a place: a school id, a school's place or a home place",
        ),
        col("to", "终点", &["到达地", "目的地"], true, "another place"),
        col(
            "km",
            "公里",
            &["距离km", "距离（公里）", "里程"],
            false,
            "distance in km (or give a `minutes` column instead)",
        ),
        col(
            "minutes",
            "分钟",
            &["车程分钟", "车程"],
            false,
            "travel time in minutes (instead of `km`)",
        ),
    ],
};

/// `pins.csv` / sheet 锁定: locked decisions (`teacher, action, school`).
pub const PINS: TableKind = TableKind {
    sheet: "pins",
    sheet_zh: "锁定",
    columns: &[
        col("teacher", "教师编号", &["教师"], true, "teacher id"),
        col(
            "action",
            "操作",
            &["锁定方式"],
            true,
            "stay (留任), move (交流) or move_to (调往)",
        ),
        col(
            "school",
            "学校编号",
            &["目标学校", "学校"],
            false,
            "for move_to: the new school",
        ),
    ],
};

/// `history.csv` / sheet 交流记录: past exchange terms
/// (`teacher, from_school, to_school, start_year, end_year`).
pub const HISTORY: TableKind = TableKind {
    sheet: "history",
    sheet_zh: "交流记录",
    columns: &[
        col("teacher", "教师编号", &["教师"], true, "teacher id"),
        col(
            "from_school",
            "原学校编号",
            &["原学校", "派出学校"],
            true,
            "the home school the teacher left",
        ),
        col(
            "to_school",
            "交流学校编号",
            &["交流学校", "接收学校"],
            true,
            "the school of the exchange",
        ),
        col(
            "start_year",
            "开始年份",
            &["交流年份", "起始年份"],
            true,
            "the year the exchange began",
        ),
        col(
            "end_year",
            "结束年份",
            &["期满年份"],
            false,
            "the year it ended; empty while still on exchange",
        ),
    ],
};

/// `wishes.csv` / sheet 意愿: teachers' wishes (`teacher, rank, school, priority`).
pub const WISHES: TableKind = TableKind {
    sheet: "wishes",
    sheet_zh: "意愿",
    columns: &[
        col("teacher", "教师编号", &["教师"], true, "teacher id"),
        col(
            "rank",
            "志愿顺序",
            &["顺序", "志愿", "排序"],
            true,
            "1 = most wanted",
        ),
        col(
            "school",
            "意愿学校",
            &["学校编号", "学校"],
            true,
            "a school id, or stay (留任, 不愿交流)",
        ),
        col(
            "priority",
            "积分",
            &["优先积分"],
            false,
            "the teacher's priority points (else computed by [priority])",
        ),
    ],
};

/// `teams.csv` / sheet 组团交流: exchange teams (`team, teacher`), one member a row.
pub const EXCHANGE_TEAMS: TableKind = TableKind {
    sheet: "teams",
    sheet_zh: "组团交流",
    columns: &[
        col(
            "team",
            "团队",
            &["团队名称", "交流团队", "组团"],
            true,
            "the team's name; its members move together or not at all",
        ),
        col("teacher", "教师编号", &["教师"], true, "teacher id"),
    ],
};

/// `joint.csv` / sheet 联聘: joint appointments (`teacher, school`): the teacher stays
/// at their own school and also serves `school` this year, half a post in each.
pub const JOINT: TableKind = TableKind {
    sheet: "joint",
    sheet_zh: "联聘",
    columns: &[
        col("teacher", "教师编号", &["工号", "教师"], true, "teacher id"),
        col(
            "school",
            "联聘学校",
            &["学校编号", "学校", "second_school", "第二学校"],
            true,
            "the second school the teacher also serves (half a post in each)",
        ),
    ],
};

/// The move list of a plan (`plan.csv`, and the `交流名单` sheet of the plan
/// workbook), read back by `verify` and `--previous`.
pub const PLAN: TableKind = TableKind {
    sheet: "moves",
    sheet_zh: "交流名单",
    columns: &[
        col("teacher", "教师编号", &[], true, "teacher id"),
        col("name", "姓名", &[], false, "name"),
        col("subject", "学科", &[], false, "subject"),
        col("backbone", "骨干等级", &[], false, "backbone level"),
        col(
            "from_school",
            "原学校",
            &["原学校编号"],
            false,
            "current school id",
        ),
        col("from_name", "原学校名称", &[], false, "current school name"),
        col(
            "to_school",
            "交流学校",
            &["新学校", "交流学校编号", "目标学校"],
            true,
            "new school id",
        ),
        col("to_name", "交流学校名称", &[], false, "new school name"),
        col("direction", "方向", &[], false, "urban/rural direction"),
        col(
            "from_zone",
            "原城乡",
            &[],
            false,
            "zone of the current school",
        ),
        col(
            "to_zone",
            "交流城乡",
            &["新城乡"],
            false,
            "zone of the new school",
        ),
        col(
            "commute_km",
            "通勤km",
            &["通勤距离km", "通勤"],
            false,
            "commute, km",
        ),
        col(
            "commute_minutes",
            "通勤分钟",
            &["通勤时间分钟"],
            false,
            "commute on the roads, minutes",
        ),
        col(
            "reason",
            "交流理由",
            &["理由"],
            false,
            "why this teacher and this school",
        ),
        col(
            "team",
            "交流团队",
            &["团队"],
            false,
            "the exchange team the teacher moves with (teams.csv)",
        ),
    ],
};

/// Every kind of input table, in template order.
pub const INPUT_KINDS: &[TableKind] = &[SCHOOLS, TEACHERS, PARTNERSHIPS, ROADS, DISTANCES];

/// A header with spaces, case and brackets (ASCII or full-width) removed, so
/// `横坐标（km）`, `横坐标(km)` and `横坐标km` are the same header.
pub fn header_key(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace() && !"()（）[]【】_-".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

impl TableKind {
    /// The CSV name of a header, when it is one of this table's names or aliases.
    pub fn canonical(&self, header: &str) -> Option<&'static str> {
        let key = header_key(header);
        self.columns
            .iter()
            .find(|c| {
                header_key(c.name) == key
                    || header_key(c.zh) == key
                    || c.aliases.iter().any(|a| header_key(a) == key)
            })
            .map(|c| c.name)
    }

    /// Whether a sheet name is this table's (English or Chinese).
    pub fn is_sheet(&self, name: &str) -> bool {
        let key = header_key(name);
        key == header_key(self.sheet) || key == header_key(self.sheet_zh)
    }
}

/// The Chinese word for a zone: 城区 or 农村.
pub fn zone_zh(z: Zone) -> &'static str {
    match z {
        Zone::Urban => "城区",
        Zone::Rural => "农村",
    }
}

/// The Chinese word for a school level (学段): 小学, 初中, 九年一贯制, 特殊教育.
pub fn level_zh(l: Level) -> &'static str {
    match l {
        Level::Primary => "小学",
        Level::Junior => "初中",
        Level::NineYear => "九年一贯制",
        Level::Special => "特殊教育",
    }
}

/// The Chinese word for a backbone level: 无, 县级, 市级, 省级.
pub fn backbone_zh(b: Backbone) -> &'static str {
    match b {
        Backbone::None => "无",
        Backbone::County => "县级",
        Backbone::City => "市级",
        Backbone::Province => "省级",
    }
}

/// The Chinese word for a professional title (职称): 无, 初级, 中级, 高级.
pub fn title_zh(t: Title) -> &'static str {
    match t {
        Title::None => "无",
        Title::Junior => "初级",
        Title::Intermediate => "中级",
        Title::Senior => "高级",
    }
}

/// The Chinese word for a degree (学历): 中专, 大专, 本科, 研究生, 博士.
pub fn degree_zh(d: Degree) -> &'static str {
    match d {
        Degree::Secondary => "中专",
        Degree::Associate => "大专",
        Degree::Bachelor => "本科",
        Degree::Master => "研究生",
        Degree::Doctor => "博士",
    }
}

/// The Chinese word for a gender: 女 or 男.
pub fn gender_zh(g: Gender) -> &'static str {
    match g {
        Gender::F => "女",
        Gender::M => "男",
    }
}

/// The Chinese word for a yes/no cell: 是 or 否.
pub fn bool_zh(b: bool) -> &'static str {
    if b {
        "是"
    } else {
        "否"
    }
}

/// The common subject codes and their Chinese names.
const SUBJECT_NAMES: [(&str, &str); 20] = [
    ("chinese", "语文"),
    ("math", "数学"),
    ("english", "英语"),
    ("science", "科学"),
    ("pe", "体育"),
    ("music", "音乐"),
    ("art", "美术"),
    ("it", "信息技术"),
    ("moral", "道德与法治"),
    ("special_ed", "特殊教育"),
    ("physics", "物理"),
    ("chemistry", "化学"),
    ("biology", "生物"),
    ("history", "历史"),
    ("geography", "地理"),
    ("politics", "政治"),
    ("labor", "劳动"),
    ("psychology", "心理健康"),
    ("calligraphy", "书法"),
    ("dance", "舞蹈"),
];

/// The Chinese name of a common subject code; other subjects (already Chinese, or a
/// county's own) are returned as written.
pub fn subject_zh(subject: &str) -> &str {
    SUBJECT_NAMES
        .iter()
        .find(|(code, _)| *code == subject)
        .map_or(subject, |(_, zh)| zh)
}

/// The subject a table cell names, as the county's data holds it: a common subject
/// typed by its Chinese name (the template's drop-down offers those) or its code in
/// any case is its code, so that `数学` in one row and `math` in another are one
/// subject (the staffing rows, the refills and the figures count subjects by this
/// text). Any other subject, a county's own, is kept as written.
pub fn subject_code(cell: String) -> String {
    SUBJECT_NAMES
        .iter()
        .find(|(code, zh)| *zh == cell || code.eq_ignore_ascii_case(&cell))
        .map_or(cell, |(code, _)| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_common_subject_by_its_chinese_name_or_code_in_any_case_is_its_code() {
        for cell in ["数学", "math", "Math", "MATH"] {
            assert_eq!(subject_code(cell.into()), "math", "{cell}");
        }
        assert_eq!(subject_code("道德与法治".into()), "moral");
        // A county's own subject, and a near miss, are kept as written.
        assert_eq!(subject_code("综合实践".into()), "综合实践");
        assert_eq!(subject_code("数学 ".into()), "数学 ");
        for (code, zh) in SUBJECT_NAMES {
            assert_eq!(subject_zh(code), zh);
            assert_eq!(subject_code(zh.into()), code);
        }
        assert_eq!(subject_zh("综合实践"), "综合实践");
    }

    #[test]
    fn chinese_headers_map_to_csv_names() {
        assert_eq!(SCHOOLS.canonical("学校编号"), Some("id"));
        assert_eq!(SCHOOLS.canonical("横坐标（km）"), Some("x_km"));
        assert_eq!(SCHOOLS.canonical(" X_KM "), Some("x_km"));
        assert_eq!(TEACHERS.canonical("本校任教年限"), Some("years_at_school"));
        assert_eq!(TEACHERS.canonical("所在学校"), Some("school"));
        assert_eq!(TEACHERS.canonical("学历"), Some("degree"));
        assert_eq!(TEACHERS.canonical("备注"), None);
        assert!(TEACHERS.is_sheet("教师"));
        assert!(PARTNERSHIPS.is_sheet("Partnerships"));
    }

    #[test]
    fn no_alias_is_shared_between_columns_of_one_table() {
        for kind in INPUT_KINDS.iter().chain([&PINS, &PLAN, &JOINT]) {
            let mut keys = std::collections::HashSet::new();
            for c in kind.columns {
                for name in [c.name, c.zh].iter().chain(c.aliases) {
                    assert!(keys.insert(header_key(name)), "{} {name}", kind.sheet);
                }
            }
        }
    }
}
