//! The tables of the school step after the round, in English and Chinese: the county's
//! `classes.csv` and `students.csv`, and the outputs of `rotation teams` and `rotation
//! classes` as `rotation draw` reads them back (`team_members.csv`,
//! `class_lists.csv`). The readers of these tables are in `input::school_files`.

use crate::input::vocabulary::{Column, TableKind};

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

/// `classes.csv` / sheet 班级: one row per class (`school, grade, class`) or one row
/// per grade with a count (`school, grade, classes`).
pub const CLASSES: TableKind = TableKind {
    sheet: "classes",
    sheet_zh: "班级",
    columns: &[
        col(
            "school",
            "学校编号",
            &["学校", "所在学校"],
            true,
            "school id of schools.csv",
        ),
        col("grade", "年级", &["年段"], true, "grade, e.g. 7 or 七年级"),
        col(
            "class",
            "班级",
            &["班级名称", "班号", "班"],
            false,
            "class label, e.g. 1 (one row per class)",
        ),
        col(
            "classes",
            "班级数",
            &["班数", "班级个数"],
            false,
            "number of classes of the grade (one row per grade)",
        ),
    ],
};

/// `students.csv` / sheet 学生: one row per student to divide into classes.
pub const STUDENTS: TableKind = TableKind {
    sheet: "students",
    sheet_zh: "学生",
    columns: &[
        col(
            "id",
            "学号",
            &["学生编号", "编号"],
            true,
            "unique student id",
        ),
        col("name", "姓名", &["学生姓名"], false, "the student's name"),
        col(
            "school",
            "学校编号",
            &["学校", "所在学校"],
            false,
            "school id; optional when the file is one school's",
        ),
        col("grade", "年级", &["年段"], true, "grade, e.g. 7"),
        col("gender", "性别", &[], true, "女 (F) or 男 (M)"),
        col(
            "score",
            "成绩",
            &["分数", "入学成绩", "总分", "测试成绩"],
            true,
            "the score the division ranks by",
        ),
        col(
            "keep_together",
            "同班",
            &["同班学生", "须同班"],
            false,
            "id of a student who must be in the same class (e.g. a twin)",
        ),
        col(
            "keep_apart",
            "分班",
            &["不同班", "须分班", "不同班学生"],
            false,
            "id of a student who must be in another class",
        ),
    ],
};

/// `team_members.csv` as `rotation teams` writes it: one row per seat of a team.
pub const TEAM_MEMBERS: TableKind = TableKind {
    sheet: "team_members",
    sheet_zh: "团队成员",
    columns: &[
        col("school", "学校编号", &[], true, "school id"),
        col("school_name", "学校名称", &[], false, "school name"),
        col("grade", "年级", &[], true, "grade"),
        col("team", "团队", &["团队编号"], true, "team number"),
        col("role", "职责", &[], true, "head (班主任) or subject"),
        col("subject", "学科", &[], true, "subject"),
        col(
            "teacher",
            "教师编号",
            &[],
            true,
            "teacher id, empty if vacant",
        ),
        col("name", "姓名", &[], false, "name"),
        col("backbone", "骨干等级", &[], false, "backbone level"),
        col("title", "职称", &[], false, "title"),
        col("strength", "强度分", &[], false, "strength points"),
    ],
};

/// `class_lists.csv` as `rotation classes` writes it: one row per student.
pub const CLASS_LISTS: TableKind = TableKind {
    sheet: "class_lists",
    sheet_zh: "分班名单",
    columns: &[
        col("school", "学校编号", &[], true, "school id"),
        col("grade", "年级", &[], true, "grade"),
        col("class", "班级", &[], true, "class label"),
        col("student", "学号", &[], true, "student id"),
        col("name", "姓名", &[], false, "name"),
        col("gender", "性别", &[], false, "gender"),
        col("score", "成绩", &[], false, "score"),
        col(
            "snake_position",
            "蛇形序号",
            &[],
            false,
            "place in the S order",
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::vocabulary::header_key;

    #[test]
    fn chinese_headers_map_to_csv_names() {
        assert_eq!(CLASSES.canonical("班级数"), Some("classes"));
        assert_eq!(STUDENTS.canonical("入学成绩"), Some("score"));
        assert_eq!(STUDENTS.canonical("同班"), Some("keep_together"));
        assert!(STUDENTS.is_sheet("学生"));
    }

    #[test]
    fn no_alias_is_shared_between_columns_of_one_table() {
        for kind in [CLASSES, STUDENTS, TEAM_MEMBERS, CLASS_LISTS] {
            let mut keys = std::collections::HashSet::new();
            for c in kind.columns {
                for name in [c.name, c.zh].iter().chain(c.aliases) {
                    assert!(keys.insert(header_key(name)), "{} {name}", kind.sheet);
                }
            }
        }
    }
}
