//! Eligibility: who may rotate this round under a policy, and why not.

use crate::model::county::{County, Gender, Teacher};
use crate::model::history::Standing;
use crate::model::lang::Lang;
use crate::model::policy::Policy;
use serde::Serialize;

/// Why a teacher may or may not rotate. The first rule that excludes a teacher wins,
/// in the order listed here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Eligibility {
    /// May rotate; `years_at_school` is the teacher's consecutive years at the current
    /// school.
    Eligible {
        /// Consecutive years at the current school.
        years_at_school: u32,
    },
    /// Exempt from exchange (`exempt` column: illness, pregnancy, ...); `reason` as written.
    /// The cause is private: [`Eligibility::reason`] and everything rendered for others
    /// say "exempt" only; [`Eligibility::reason_in_full`] is for the bureau's own list.
    Exempt {
        /// The `exempt` column as written (never serialised).
        #[serde(skip)]
        reason: String,
    },
    /// Fewer consecutive `years` at the current school than the `needed`
    /// `eligibility.min_years_at_school`.
    TooFewYears {
        /// Consecutive years at the current school.
        years: u32,
        /// `eligibility.min_years_at_school`.
        needed: u32,
    },
    /// Near retirement: `age` in the planning year is above the `limit` of the teacher's
    /// gender (`eligibility.max_age_female` / `max_age_male`).
    NearRetirement {
        /// Age in the planning year: `year − birth_year`.
        age: i32,
        /// The age limit of the teacher's gender.
        limit: u32,
    },
    /// Class head teacher (班主任), and `eligibility.homeroom_may_move` is false.
    Homeroom,
    /// Teaches a graduating class, and `eligibility.graduating_may_move` is false.
    Graduating,
    /// The exchange term that began in `since` ends this year and the teacher returns
    /// to the home school (`rules.on_term_end = "return"`, by `history.csv`).
    Returning {
        /// The year the term began.
        since: i32,
    },
    /// Still on an exchange term that began in `since` (by `history.csv`).
    OnExchange {
        /// The year the term began.
        since: i32,
    },
    /// Rotated in `year`, fewer than `eligibility.no_repeat_years` (`years`) years
    /// before the planning year (by `history.csv`).
    RotatedRecently {
        /// The year of the latest exchange.
        year: i32,
        /// `eligibility.no_repeat_years`.
        years: u32,
    },
    /// Eligible alone, but in an exchange team (`teams.csv`) with a member who is not:
    /// the team moves together or not at all, so it stays.
    TeammateNotEligible {
        /// The team's name.
        team: String,
        /// The first member who is not eligible.
        teammate: String,
    },
    /// Eligible alone, but holds a joint appointment (联聘, `joint.csv`): stays at
    /// the own school this year and also serves `school`, half a post in each.
    JointAppointment {
        /// The second school's id.
        school: String,
    },
}

impl Eligibility {
    /// Whether the teacher may rotate ([`Eligibility::Eligible`]).
    pub fn is_eligible(&self) -> bool {
        matches!(self, Eligibility::Eligible { .. })
    }

    /// The reason in words, for outputs others read (plan.csv, verify, reports, letters
    /// to teachers): an exemption is "exempt", without its cause, which is private
    /// (health, pregnancy, family).
    pub fn reason(&self) -> String {
        match self {
            Eligibility::Exempt { .. } => "exempt".into(),
            other => other.reason_in_full(),
        }
    }

    /// The reason with the cause of an exemption as written in `teachers.csv` (`exempt:
    /// pregnancy`): only for the bureau's own eligibility list (`rotation eligibility`).
    pub fn reason_in_full(&self) -> String {
        match self {
            Eligibility::Eligible { years_at_school } => {
                format!("eligible: {years_at_school} years at the current school")
            }
            Eligibility::Exempt { reason } => format!("exempt: {reason}"),
            Eligibility::TooFewYears { years, needed } => format!(
                "only {years} year{} at the current school (needs {needed})",
                if *years == 1 { "" } else { "s" }
            ),
            Eligibility::NearRetirement { age, limit } => {
                format!("age {age} is above the limit of {limit}")
            }
            Eligibility::Homeroom => "class head teacher; the policy keeps them in place".into(),
            Eligibility::Graduating => {
                "teaches a graduating class; the policy keeps them in place".into()
            }
            Eligibility::Returning { since } => {
                format!("the exchange term begun in {since} ends; returns to the home school")
            }
            Eligibility::OnExchange { since } => {
                format!("still on the exchange term begun in {since}")
            }
            Eligibility::RotatedRecently { year, years } => {
                format!("rotated in {year}, within the last {years} years (no_repeat_years)")
            }
            Eligibility::TeammateNotEligible { team, teammate } => {
                format!("exchange team {team} stays: its member {teammate} is not eligible")
            }
            Eligibility::JointAppointment { school } => {
                format!("joint appointment: stays and also serves {school} this year")
            }
        }
    }

    /// The reason in `lang`: [`Eligibility::reason`] or [`Eligibility::reason_zh`];
    /// `in_full` names the cause of an exemption (only the bureau's own list does).
    pub fn text(&self, lang: Lang, in_full: bool) -> String {
        match (lang, self) {
            (Lang::En, _) if in_full => self.reason_in_full(),
            (Lang::En, _) => self.reason(),
            (Lang::Zh, Eligibility::Exempt { reason }) if in_full => format!("免交流：{reason}"),
            (Lang::Zh, _) => self.reason_zh(),
        }
    }

    /// The rule's name as the JSON spells it (`too_few_years`), in `lang`
    /// (`在本校任教年限不足`), for counts by rule.
    pub fn rule_label(rule: &str, lang: Lang) -> String {
        let zh = match rule {
            "eligible" => "符合交流条件",
            "exempt" => "免交流",
            "too_few_years" => "在本校任教年限不足",
            "near_retirement" => "临近退休",
            "homeroom" => "班主任",
            "graduating" => "毕业班教师",
            "returning" => "交流期满返回",
            "on_exchange" => "交流尚未期满",
            "rotated_recently" => "近年已交流",
            "teammate_not_eligible" => "团队成员不符合交流条件",
            "joint_appointment" => "联聘",
            other => other,
        };
        lang.pick(rule, zh).to_string()
    }

    /// The reason in Chinese, for the plan workbook; an exemption without its cause.
    pub fn reason_zh(&self) -> String {
        match self {
            Eligibility::Exempt { .. } => "免交流".into(),
            Eligibility::Eligible { years_at_school } => {
                format!("符合交流条件：在本校连续任教{years_at_school}年")
            }
            Eligibility::TooFewYears { years, needed } => {
                format!("在本校任教仅{years}年（需满{needed}年）")
            }
            Eligibility::NearRetirement { age, limit } => {
                format!("年龄{age}岁，超过{limit}岁的上限")
            }
            Eligibility::Homeroom => "班主任，按政策不参加交流".into(),
            Eligibility::Graduating => "毕业班教师，按政策不参加交流".into(),
            Eligibility::Returning { since } => {
                format!("{since}年开始的交流期满，回原学校")
            }
            Eligibility::OnExchange { since } => format!("{since}年开始的交流尚未期满"),
            Eligibility::RotatedRecently { year, years } => {
                format!("{year}年已交流，{years}年内不再交流")
            }
            Eligibility::TeammateNotEligible { team, teammate } => {
                format!("交流团队 {team} 的成员 {teammate} 不符合交流条件，团队整体留任")
            }
            Eligibility::JointAppointment { school } => {
                format!("联聘：本轮留在本校，同时在 {school} 任教")
            }
        }
    }
}

/// The eligibility of one teacher under `policy`: the first rule that excludes them, in
/// the order exempt, too few years, age, class head, graduating class.
pub fn eligibility(teacher: &Teacher, policy: &Policy) -> Eligibility {
    let rules = &policy.eligibility;
    if let Some(reason) = &teacher.exempt {
        return Eligibility::Exempt {
            reason: reason.clone(),
        };
    }
    if teacher.years_at_school < rules.min_years_at_school {
        return Eligibility::TooFewYears {
            years: teacher.years_at_school,
            needed: rules.min_years_at_school,
        };
    }
    let age = policy.year - teacher.birth_year;
    let limit = match teacher.gender {
        Gender::F => rules.max_age_female,
        Gender::M => rules.max_age_male,
    };
    if age > limit as i32 {
        return Eligibility::NearRetirement { age, limit };
    }
    if teacher.homeroom && !rules.homeroom_may_move {
        return Eligibility::Homeroom;
    }
    if teacher.graduating && !rules.graduating_may_move {
        return Eligibility::Graduating;
    }
    Eligibility::Eligible {
        years_at_school: teacher.years_at_school,
    }
}

/// Eligibility of every teacher, in teacher order. An exemption comes first; then the
/// county's exchange history (`County::history`: returning, still on exchange, rotated
/// within `eligibility.no_repeat_years`); then the rules of [`eligibility`]; last, an
/// eligible member of an exchange team with a member who is not stays with the team
/// ([`Eligibility::TeammateNotEligible`]); and an eligible teacher with a joint
/// appointment (联聘) stays ([`Eligibility::JointAppointment`]; the reader refuses one
/// in a team, so the two never meet).
pub fn county_eligibility(county: &County, policy: &Policy) -> Vec<Eligibility> {
    let mut all = own_eligibility(county, policy);
    for j in &county.joint.list {
        if all[j.teacher].is_eligible() {
            all[j.teacher] = Eligibility::JointAppointment {
                school: county.schools[j.school].id.0.clone(),
            };
        }
    }
    for team in &county.exchange_teams.teams {
        let Some(&blocked) = team.members.iter().find(|&&t| !all[t].is_eligible()) else {
            continue;
        };
        for &t in &team.members {
            if all[t].is_eligible() {
                all[t] = Eligibility::TeammateNotEligible {
                    team: team.name.clone(),
                    teammate: county.teachers[blocked].id.0.clone(),
                };
            }
        }
    }
    all
}

/// Each teacher's eligibility by their own record and history, teams aside.
fn own_eligibility(county: &County, policy: &Policy) -> Vec<Eligibility> {
    county
        .teachers
        .iter()
        .enumerate()
        .map(|(t, teacher)| {
            let own = eligibility(teacher, policy);
            if matches!(own, Eligibility::Exempt { .. }) {
                return own;
            }
            match county.history.standing_of(t) {
                Some(Standing::Returning { since }) => Eligibility::Returning { since },
                Some(Standing::OnExchange { since }) => Eligibility::OnExchange { since },
                Some(Standing::RotatedRecently { year, years }) => {
                    Eligibility::RotatedRecently { year, years }
                }
                None => own,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule's name, as `validate` counts teachers by it, reads in Chinese.
    #[test]
    fn every_rule_has_a_chinese_label() {
        let all = [
            Eligibility::Eligible { years_at_school: 6 },
            Eligibility::Exempt { reason: "x".into() },
            Eligibility::TooFewYears {
                years: 1,
                needed: 6,
            },
            Eligibility::NearRetirement { age: 58, limit: 55 },
            Eligibility::Homeroom,
            Eligibility::Graduating,
            Eligibility::Returning { since: 2019 },
            Eligibility::OnExchange { since: 2020 },
            Eligibility::RotatedRecently {
                year: 2020,
                years: 3,
            },
            Eligibility::TeammateNotEligible {
                team: "t".into(),
                teammate: "T1".into(),
            },
            Eligibility::JointAppointment {
                school: "P01".into(),
            },
        ];
        for e in &all {
            let v = serde_json::to_value(e).unwrap();
            let rule = v["rule"].as_str().unwrap();
            let zh = Eligibility::rule_label(rule, Lang::Zh);
            assert!(crate::model::lang::has_chinese(&zh), "{rule}: {zh}");
        }
    }
    use crate::model::county::{Backbone, TeacherId, Title};

    fn teacher() -> Teacher {
        Teacher {
            id: TeacherId("T1".into()),
            name: String::new(),
            school: 0,
            subject: "math".into(),
            gender: Gender::F,
            birth_year: 1985,
            years_at_school: 8,
            backbone: Backbone::None,
            title: Title::Intermediate,
            homeroom: false,
            graduating: false,
            exempt: None,
            home: None,
            degree: None,
        }
    }

    #[test]
    fn long_serving_teacher_is_eligible() {
        assert!(eligibility(&teacher(), &Policy::default()).is_eligible());
    }

    #[test]
    fn years_at_school_threshold_is_inclusive() {
        let mut t = teacher();
        t.years_at_school = 6;
        assert!(eligibility(&t, &Policy::default()).is_eligible());
        t.years_at_school = 5;
        assert_eq!(
            eligibility(&t, &Policy::default()),
            Eligibility::TooFewYears {
                years: 5,
                needed: 6
            }
        );
    }

    #[test]
    fn age_limits_depend_on_gender() {
        let mut t = teacher();
        t.birth_year = 2022 - 52;
        assert!(!eligibility(&t, &Policy::default()).is_eligible());
        t.gender = Gender::M;
        assert!(eligibility(&t, &Policy::default()).is_eligible());
        t.birth_year = 2022 - 56;
        assert_eq!(
            eligibility(&t, &Policy::default()),
            Eligibility::NearRetirement { age: 56, limit: 55 }
        );
    }

    #[test]
    fn exemption_comes_first() {
        let mut t = teacher();
        t.exempt = Some("pregnancy".into());
        t.years_at_school = 1;
        let e = eligibility(&t, &Policy::default());
        assert_eq!(e.reason_in_full(), "exempt: pregnancy");
        // The cause is private: not in the reason others read, nor in JSON.
        assert_eq!(e.reason(), "exempt");
        assert_eq!(e.reason_zh(), "免交流");
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"rule":"exempt"}"#);
    }

    #[test]
    fn homeroom_and_graduating_follow_the_policy() {
        let mut p = Policy::default();
        let mut t = teacher();
        t.homeroom = true;
        t.graduating = true;
        assert!(eligibility(&t, &p).is_eligible());
        p.eligibility.graduating_may_move = false;
        assert_eq!(eligibility(&t, &p), Eligibility::Graduating);
        p.eligibility.homeroom_may_move = false;
        assert_eq!(eligibility(&t, &p), Eligibility::Homeroom);
    }
}
