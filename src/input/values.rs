//! The values of enumerated columns, in English or Chinese as offices write them.

use crate::model::county::{Backbone, Degree, Gender, Level, Title, Zone};

/// Reads a yes/no cell: `true`/`false`, `yes`/`no`, `1`/`0`, `是`/`否`, `√`/`×`, ...;
/// `None` when the text is none of these.
pub fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "y" | "是" | "√" | "✓" | "有" => Some(true),
        "false" | "no" | "0" | "n" | "否" | "×" | "无" => Some(false),
        _ => None,
    }
}

/// Reads a `zone` cell: `urban` (城区, also 城镇, 城市, 县城) or `rural` (农村, also 乡村,
/// 乡镇); `None` otherwise.
pub fn parse_zone(v: &str) -> Option<Zone> {
    match v.to_ascii_lowercase().as_str() {
        "urban" | "城区" | "城镇" | "城市" | "县城" => Some(Zone::Urban),
        "rural" | "农村" | "乡村" | "乡镇" => Some(Zone::Rural),
        _ => None,
    }
}

/// Reads a `level` cell (学段): `primary` (小学), `junior` (初中), `nine_year`
/// (九年一贯制) or `special` (特殊教育), with common Chinese variants; `None` otherwise.
pub fn parse_level(v: &str) -> Option<Level> {
    match v.to_ascii_lowercase().as_str() {
        "primary" | "小学" => Some(Level::Primary),
        "junior" | "初中" | "初级中学" => Some(Level::Junior),
        "nine_year" | "九年一贯制" | "九年制" | "九年一贯制学校" => {
            Some(Level::NineYear)
        }
        "special" | "特殊教育" | "特教" | "特殊教育学校" => Some(Level::Special),
        _ => None,
    }
}

/// Reads a `backbone` cell (骨干教师): `none` or empty (无), `county` (县级), `city`
/// (市级), `province` (省级, also 特级教师); `None` otherwise.
pub fn parse_backbone(v: &str) -> Option<Backbone> {
    match v.to_ascii_lowercase().as_str() {
        "none" | "" | "无" | "否" | "非骨干" => Some(Backbone::None),
        "county" | "县级" | "县级骨干" | "区级" => Some(Backbone::County),
        "city" | "市级" | "市级骨干" => Some(Backbone::City),
        "province" | "省级" | "省级骨干" | "特级" | "特级教师" => {
            Some(Backbone::Province)
        }
        _ => None,
    }
}

/// Reads a `title` cell (职称): `none` or empty, `junior` (初级, 二级/三级教师),
/// `intermediate` (中级, 一级教师), `senior` (高级, 正/副高级); `None` otherwise.
pub fn parse_title(v: &str) -> Option<Title> {
    match v.to_ascii_lowercase().as_str() {
        "none" | "" | "无" | "未定级" => Some(Title::None),
        "junior" | "初级" | "二级" | "二级教师" | "三级" | "三级教师" => {
            Some(Title::Junior)
        }
        "intermediate" | "中级" | "一级" | "一级教师" => Some(Title::Intermediate),
        "senior" | "高级" | "高级教师" | "副高级" | "正高级" | "正高级教师" => {
            Some(Title::Senior)
        }
        _ => None,
    }
}

/// Reads a `gender` cell: `F` (女, female) or `M` (男, male); `None` otherwise.
pub fn parse_gender(v: &str) -> Option<Gender> {
    match v {
        "F" | "f" | "女" | "female" => Some(Gender::F),
        "M" | "m" | "男" | "male" => Some(Gender::M),
        _ => None,
    }
}

/// Reads a non-empty `degree` cell (学历): `secondary` (中专, also 中师, 高中),
/// `associate` (大专, 专科), `bachelor` (本科), `master` (研究生, 硕士), `doctor`
/// (博士); `None` otherwise.
pub fn parse_degree(v: &str) -> Option<Degree> {
    match v.to_ascii_lowercase().as_str() {
        "secondary" | "中专" | "中师" | "高中" | "中专及以下" => Some(Degree::Secondary),
        "associate" | "大专" | "专科" => Some(Degree::Associate),
        "bachelor" | "本科" | "大学本科" | "学士" => Some(Degree::Bachelor),
        "master" | "研究生" | "硕士" | "硕士研究生" => Some(Degree::Master),
        "doctor" | "博士" | "博士研究生" => Some(Degree::Doctor),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees_are_read_in_english_and_chinese() {
        for (text, degree) in [
            ("secondary", Degree::Secondary),
            ("中专", Degree::Secondary),
            ("Associate", Degree::Associate),
            ("大专", Degree::Associate),
            ("bachelor", Degree::Bachelor),
            ("本科", Degree::Bachelor),
            ("master", Degree::Master),
            ("研究生", Degree::Master),
            ("硕士", Degree::Master),
            ("doctor", Degree::Doctor),
            ("博士", Degree::Doctor),
        ] {
            assert_eq!(parse_degree(text), Some(degree), "{text}");
        }
        assert_eq!(parse_degree("phd"), None);
        assert_eq!(parse_degree(""), None);
    }
}
