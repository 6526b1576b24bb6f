//! Why a single move is not allowed: the move-level rules of the model, in words
//! (`rules::candidates` applies them; `verify`, the stayers' reasons and re-planning
//! name them).

use crate::model::lang::Lang;
use serde::Serialize;

/// Why a single move is not allowed (the move-level rules of the model).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MoveRefusal {
    /// The new school is the teacher's current school.
    SameSchool,
    /// The two schools' levels (学段) are not compatible: not the same level and neither
    /// school nine-year, or special education with another level.
    LevelMismatch,
    /// Both schools are in the same zone, and the direction rule is `cross_zone` (城乡交流).
    SameZone,
    /// The new school is in another partnership group (教育共同体), and the partnership rule
    /// is `require`.
    OtherGroup,
    /// Straight-line commute above `rules.max_commute_km` (no road network).
    TooFar {
        /// The commute from home (else the current school) to the new school, km.
        km: f64,
        /// The cap `rules.max_commute_km`, km.
        limit: f64,
    },
    /// `rules.wishes = "only"`: the teacher did not list the school (above `stay`).
    NotWished,
    /// Travel time on the road network above `rules.max_commute_minutes`.
    TooLong {
        /// The travel time on the roads from home to the new school, minutes.
        minutes: f64,
        /// The cap `rules.max_commute_minutes`, minutes.
        limit: f64,
    },
}

impl MoveRefusal {
    /// The refusal in words, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.describe(),
            Lang::Zh => match self {
                MoveRefusal::SameSchool => "调入学校就是教师现任学校".into(),
                MoveRefusal::LevelMismatch => {
                    "学段不符（须同一学段或九年一贯制；特教学校只与特教学校交流）".into()
                }
                MoveRefusal::SameZone => "交流方向规则 `cross_zone` 要求城乡之间交流".into(),
                MoveRefusal::OtherGroup => "共同体规则 `require` 要求在共同体内交流".into(),
                MoveRefusal::NotWished => "意愿规则 `only` 只允许调往教师填报的意愿学校".into(),
                MoveRefusal::TooFar { km, limit } => {
                    format!("通勤 {km:.1} 公里，超过上限 {limit} 公里")
                }
                MoveRefusal::TooLong { minutes, limit } => {
                    format!("道路通行 {minutes:.0} 分钟，超过上限 {limit} 分钟")
                }
            },
        }
    }

    /// The refusal in words, naming the rule, for messages, `verify` and explanations.
    pub fn describe(&self) -> String {
        match self {
            MoveRefusal::SameSchool => "the new school is the teacher's current school".into(),
            MoveRefusal::LevelMismatch => {
                "school levels are not compatible (same level, or nine-year; special only with special)"
                    .into()
            }
            MoveRefusal::SameZone => {
                "the direction rule `cross_zone` needs an urban–rural move".into()
            }
            MoveRefusal::OtherGroup => {
                "the partnership rule `require` keeps moves inside the group".into()
            }
            MoveRefusal::NotWished => {
                "the wish rule `only` allows only a school the teacher listed".into()
            }
            MoveRefusal::TooFar { km, limit } => {
                format!("commute {km:.1} km is above the cap of {limit} km")
            }
            MoveRefusal::TooLong { minutes, limit } => {
                format!("travel time {minutes:.0} min is above the cap of {limit} min")
            }
        }
    }
}
