//! Problems in the travel tables (`roads.csv`, `distances.csv`), as data rendered in
//! English or Chinese. [`InputMessage::Travel`] carries them, with the file, line and
//! column.
//!
//! [`InputMessage::Travel`]: crate::model::input_message::InputMessage::Travel

use crate::model::lang::Lang;

/// One problem with a road network or a distance table.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(strum::EnumDiscriminants))]
#[cfg_attr(test, strum_discriminants(derive(strum::EnumIter), vis(pub(crate))))]
#[allow(missing_docs)]
pub enum TravelMessage {
    /// Both a `km` and a `minutes` column.
    BothUnits,
    /// Neither a `km` nor a `minutes` column.
    MissingDistanceColumn,
    /// An empty `from` or `to` cell.
    EmptyPlace,
    /// A figure that is not a number ≥ 0; `minutes` tells the unit (else km).
    BadFigure { raw: String, minutes: bool },
    /// A row from a place to itself.
    SamePlaceBothEnds { place: String },
    /// A pair given twice with different figures.
    GivenAgain {
        from: String,
        to: String,
        here: String,
        before: f64,
        first: usize,
    },
    /// A `place` cell naming a place the table does not have.
    UnknownPlace { place: String, table: String },
    /// A school the distance table does not reach.
    SchoolNotInTable { school: String, table: String },
    /// Two schools with no distance between them.
    NoPath {
        from: String,
        to: String,
        from_school: String,
        to_school: String,
    },
    /// A teacher's home with no distance to their school.
    NoPathHome {
        home: String,
        teacher: String,
        place: String,
        school: String,
    },
    /// A road network without roads.
    NoRoads,
    /// No school on the road network.
    NoSchoolOnNetwork,
    /// A school the roads do not reach.
    SchoolUnreachable {
        school: String,
        place: String,
        first_school: String,
        first_place: String,
    },
    /// A teacher's home the roads do not reach.
    HomeUnreachable { teacher: String, place: String },
}

impl TravelMessage {
    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use TravelMessage as M;
        let en = lang == Lang::En;
        match self {
            M::BothUnits if en => "both `km` and `minutes` columns; a distance table is in one \
                                   unit: keep one of them"
                .into(),
            M::BothUnits => "同时有 `km`（公里）和 `minutes`（分钟）两列；距离表只能用一种单位：请保留其中一列".into(),
            M::MissingDistanceColumn if en => {
                "missing the distance column; expected `km` (公里) or `minutes` (分钟)".into()
            }
            M::MissingDistanceColumn => "缺少距离列；应有 `km`（公里）或 `minutes`（分钟）".into(),
            M::EmptyPlace if en => "is empty; a place name is required".into(),
            M::EmptyPlace => "为空；必须填写地点名".into(),
            M::BadFigure { raw, minutes } if en => format!(
                "`{raw}` is not valid; expected {} ≥ 0",
                if *minutes { "minutes" } else { "km" }
            ),
            M::BadFigure { raw, minutes } => format!(
                "`{raw}` 无效；应为不小于 0 的{}",
                if *minutes { "分钟数" } else { "公里数" }
            ),
            M::SamePlaceBothEnds { place } if en => {
                format!("`{place}` is both ends; a row joins two different places")
            }
            M::SamePlaceBothEnds { place } => {
                format!("`{place}` 既是起点又是终点；一行应连接两个不同的地点")
            }
            M::GivenAgain {
                from,
                to,
                here,
                before,
                first,
            } if en => format!(
                "{from} → {to} is given again with another figure ({here} here, {before} on \
                 line {first}); keep one"
            ),
            M::GivenAgain {
                from,
                to,
                here,
                before,
                first,
            } => format!(
                "{from} → {to} 重复给出且数值不同（此处 {here}，第 {first} 行为 {before}）；请只保留一个"
            ),
            M::UnknownPlace { place, table } if en => {
                format!("unknown place `{place}`; expected a place named in {table}")
            }
            M::UnknownPlace { place, table } => {
                format!("找不到地点 `{place}`；应为 {table} 中出现的地点")
            }
            M::SchoolNotInTable { school, table } if en => format!(
                "school {school} is not in {table}: add rows from or to `{school}`, or give \
                 the school a `place` named there"
            ),
            M::SchoolNotInTable { school, table } => format!(
                "学校 {school} 不在 {table} 中：请添加从 `{school}` 出发或到达的行，或为该学校填写在其中出现的地点（place）"
            ),
            M::NoPath {
                from,
                to,
                from_school,
                to_school,
            } if en => format!(
                "no distance from `{from}` to `{to}` (schools {from_school} and {to_school}), \
                 directly or through other places; add a row `{from},{to}`"
            ),
            M::NoPath {
                from,
                to,
                from_school,
                to_school,
            } => format!(
                "没有从 `{from}` 到 `{to}`（学校 {from_school} 和 {to_school}）的距离，直接或经其他地点都没有；请添加一行 `{from},{to}`"
            ),
            M::NoPathHome {
                home,
                teacher,
                place,
                school,
            } if en => format!(
                "no distance from `{home}` (the home of teacher {teacher}) to `{place}` \
                 (school {school}), directly or through other places; add a row `{home},{place}`"
            ),
            M::NoPathHome {
                home,
                teacher,
                place,
                school,
            } => format!(
                "没有从 `{home}`（教师 {teacher} 的住址）到 `{place}`（学校 {school}）的距离，直接或经其他地点都没有；请添加一行 `{home},{place}`"
            ),
            M::NoRoads if en => "no roads; expected one row per road".into(),
            M::NoRoads => "没有道路；每条道路应占一行".into(),
            M::NoSchoolOnNetwork if en => "no school is on the road network: name school ids in \
                                           `from`/`to`, or give schools a `place` column"
                .into(),
            M::NoSchoolOnNetwork => "路网上没有任何学校：请在 `from`/`to` 中写学校编号，或给学校表加上 `place`（地点）列".into(),
            M::SchoolUnreachable {
                school,
                place,
                first_school,
                first_place,
            } if en => format!(
                "school {school} (at place `{place}`) cannot be reached from school \
                 {first_school} (at `{first_place}`) by the roads listed; add a road to it"
            ),
            M::SchoolUnreachable {
                school,
                place,
                first_school,
                first_place,
            } => format!(
                "按所列道路，从学校 {first_school}（地点 `{first_place}`）到不了学校 {school}（地点 `{place}`）；请添加通往它的道路"
            ),
            M::HomeUnreachable { teacher, place } if en => format!(
                "the home of teacher {teacher} (place `{place}`) cannot be reached from any \
                 school by the roads listed"
            ),
            M::HomeUnreachable { teacher, place } => format!(
                "按所列道路，任何学校都到不了教师 {teacher} 的住址（地点 `{place}`）"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::lang::has_chinese;
    use strum::IntoEnumIterator;

    fn examples() -> Vec<TravelMessage> {
        use TravelMessage as M;
        let s = |x: &str| x.to_string();
        vec![
            M::BothUnits,
            M::MissingDistanceColumn,
            M::EmptyPlace,
            M::BadFigure {
                raw: s("x"),
                minutes: true,
            },
            M::SamePlaceBothEnds { place: s("a") },
            M::GivenAgain {
                from: s("a"),
                to: s("b"),
                here: s("3"),
                before: 4.0,
                first: 2,
            },
            M::UnknownPlace {
                place: s("a"),
                table: s("roads.csv"),
            },
            M::SchoolNotInTable {
                school: s("U1"),
                table: s("distances.csv"),
            },
            M::NoPath {
                from: s("a"),
                to: s("b"),
                from_school: s("U1"),
                to_school: s("R1"),
            },
            M::NoPathHome {
                home: s("h"),
                teacher: s("T1"),
                place: s("a"),
                school: s("U1"),
            },
            M::NoRoads,
            M::NoSchoolOnNetwork,
            M::SchoolUnreachable {
                school: s("R1"),
                place: s("b"),
                first_school: s("U1"),
                first_place: s("a"),
            },
            M::HomeUnreachable {
                teacher: s("T1"),
                place: s("h"),
            },
        ]
    }

    #[test]
    fn every_travel_message_has_chinese_and_english() {
        let examples = examples();
        for kind in TravelMessageDiscriminants::iter() {
            let m = examples
                .iter()
                .find(|m| TravelMessageDiscriminants::from(*m) == kind)
                .unwrap_or_else(|| panic!("no example of {kind:?}"));
            let (en, zh) = (m.text(Lang::En), m.text(Lang::Zh));
            assert!(has_chinese(&zh), "{kind:?} has no Chinese: {zh}");
            // English may name a column's Chinese header too (`km` (公里)).
            assert!(!en.trim().is_empty() && en != zh, "{kind:?}: {en}");
        }
    }
}
