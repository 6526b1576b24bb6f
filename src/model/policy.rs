//! Policy models (`models/*.toml`): every rule a county sets for its exchange round,
//! with documented defaults. Unknown keys and out-of-range values are errors that name
//! the key.
//!
//! Long file: every policy table is a small struct with its defaults and range
//! checks; they share one parser and one `check`, which would only scatter if split.

use crate::model::diagnostics::Diagnostics;
use crate::model::error::{Result, RotationError};
use crate::model::indicator::{Indicator, IndicatorRules};
use crate::model::input_message::InputMessage;
use crate::model::policy_message::{PolicyProblem, PolicyRange};
use crate::model::school::TeamRules;
use crate::model::toml_keys;
use serde::{Deserialize, Serialize};

/// How the backbone-share target is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackboneBase {
    /// Backbone teachers as a share of the teachers who rotate (the national rule).
    Exchanged,
    /// The share of eligible backbone teachers who rotate (a provincial variant).
    EligibleBackbone,
}

/// Which moves count as exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Direction {
    /// Urban ↔ rural only (城乡交流).
    CrossZone,
    /// Any school of a compatible level.
    Any,
}

/// How partnership groups (教育共同体) bind the exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PartnershipRule {
    /// Moves stay inside the teacher's group.
    Require,
    /// Moves across groups cost `weights.cross_group` each.
    Prefer,
    /// Groups play no part.
    Ignore,
}

/// The round's targets (`[targets]`): how many teachers rotate and how many of them are
/// backbone teachers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Targets {
    /// Share of eligible teachers who must rotate, in [0, 1].
    pub exchange_rate: f64,
    /// Backbone-share target, in [0, 1], measured on `backbone_base`.
    pub backbone_share: f64,
    /// How `backbone_share` is measured: on the movers or on the eligible backbone teachers.
    pub backbone_base: BackboneBase,
}

/// Who may rotate (`[eligibility]`); a teacher failing any rule is not eligible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EligibilityRules {
    /// Consecutive years at the current school before a teacher is eligible.
    pub min_years_at_school: u32,
    /// Women older than this (in the planning year) are not eligible (near retirement).
    pub max_age_female: u32,
    /// Men older than this are not eligible.
    pub max_age_male: u32,
    /// Whether class head teachers (班主任) may rotate.
    pub homeroom_may_move: bool,
    /// Whether teachers of a graduating class may rotate.
    pub graduating_may_move: bool,
    /// A teacher who went on exchange fewer than this many years before the planning
    /// year (by `history.csv`) is not eligible; 0 (the default) turns the rule off.
    pub no_repeat_years: u32,
}

/// Which moves are allowed and how schools must stay staffed (`[rules]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MoveRules {
    /// `cross_zone` (only urban ↔ rural moves) or `any`.
    pub direction: Direction,
    /// How partnership groups (教育共同体) bind the moves: `require`, `prefer` or `ignore`.
    pub partnership: PartnershipRule,
    /// At most this share of a school's current staff may leave, in [0, 1].
    pub outflow_cap: f64,
    /// Longest allowed commute from home to the new school, km.
    pub max_commute_km: f64,
    /// Longest allowed travel time on the road network, minutes (used instead of
    /// `max_commute_km` when the instance has `roads.csv`).
    pub max_commute_minutes: f64,
    /// How far a school's headcount may change (|in − out|), teachers.
    pub staffing_tolerance: u32,
    /// How many teachers of one subject a school may lose net, teachers.
    pub subject_tolerance: u32,
    /// Length of an exchange term, years: a stint of `history.csv` that began
    /// `term_years` or more years before the planning year ends this year. Unset (the
    /// default): terms never end by the policy.
    pub term_years: Option<u32>,
    /// What happens when a term ends: `return` (the teacher goes back to the home
    /// school) or `stay` (the new post is confirmed).
    pub on_term_end: OnTermEnd,
    /// The exchange cycle of a multi-year plan (`plan --years N`), years: at least
    /// `cycle_share` of the teachers due must have rotated within the last
    /// `cycle_years` years by the end of the horizon (`rules::cycle`). Unset (the
    /// default): no cycle rule. A one-year `plan` without `--years` does not check it.
    pub cycle_years: Option<u32>,
    /// The share of the teachers due that must have rotated within `cycle_years`, in
    /// [0, 1]; 1 (the default) means every one.
    pub cycle_share: f64,
    /// How the teachers' wishes (`--wishes`) bind: `ignore`, `prefer` (a granted wish
    /// of rank r saves `weights.wish / r`) or `only` (a teacher moves only to a school
    /// they listed above `stay`).
    pub wishes: WishRule,
    /// Hard rule: no justified envy (a teacher who wished for a school more than where
    /// they went, with more priority than a teacher of the same subject placed there).
    pub stable: bool,
}

/// How the teachers' wishes bind the moves (`rules.wishes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WishRule {
    /// Wishes play no part in the plan (they are still audited).
    Ignore,
    /// A move a teacher wished for at rank r saves `weights.wish / r`.
    Prefer,
    /// `prefer`, and a teacher moves only to a school they listed (above `stay`).
    Only,
}

/// Priority points (积分) of a teacher without points in the wishes file
/// (`[priority]`): `years_at_school · years + rural_years · (years when the current
/// school is rural) + age · (year − birth_year) + backbone · level` (level 0 none, 1
/// county, 2 city, 3 province).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PriorityRules {
    /// Points per consecutive year at the current school.
    pub years_at_school: f64,
    /// Extra points per year at the current school when it is rural (rural service).
    pub rural_years: f64,
    /// Points per year of age.
    pub age: f64,
    /// Points per backbone level.
    pub backbone: f64,
}

impl Default for PriorityRules {
    fn default() -> Self {
        PriorityRules {
            years_at_school: 1.0,
            rural_years: 1.0,
            age: 0.0,
            backbone: 2.0,
        }
    }
}

/// What happens to a teacher whose exchange term ends this year (`rules.on_term_end`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnTermEnd {
    /// Back to the home school (`from_school` of the history).
    Return,
    /// Confirmed at the school of the exchange.
    Stay,
}

/// What the plan must do to the inter-school CV of the chosen indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CvRule {
    /// Hard rule: the CV after the plan is at most the CV before, for the primary and
    /// for the junior schools.
    NeverWorse,
    /// `never_worse`, and each 0.001 of CV the plan lowers saves `weights.balance`.
    Improve,
    /// The model ignores the CV (it is still reported).
    Off,
}

/// Balance rules (`[balance]`, 优质均衡): the CV of one indicator of the national method
/// per level, and a per-school floor of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Balance {
    /// The indicator the rules below apply to (`backbone` by default; the keys keep
    /// the names of the default indicator).
    pub indicator: Indicator,
    /// The rule on each level's CV: `never_worse`, `improve` or `off`.
    pub backbone_cv: CvRule,
    /// Cap on the primary schools' CV after the plan (national standard 0.50).
    pub cv_primary_max: Option<f64>,
    /// Cap on the junior schools' CV after the plan (national standard 0.45).
    pub cv_junior_max: Option<f64>,
    /// Floor per school after the plan, per 100 students (national standard for
    /// backbone teachers 1.0), for schools the plan can reach.
    pub min_backbone_per_100: Option<f64>,
}

impl Default for Balance {
    fn default() -> Self {
        Balance {
            indicator: Indicator::Backbone,
            backbone_cv: CvRule::NeverWorse,
            cv_primary_max: None,
            cv_junior_max: None,
            min_backbone_per_100: None,
        }
    }
}

impl Balance {
    /// Whether the model holds the CV to "never worse".
    pub fn never_worse(&self) -> bool {
        self.backbone_cv != CvRule::Off
    }

    /// Whether the policy has caps or floors, which a plan may miss (and the
    /// lexicographic solve then gives a stage of their own).
    pub fn has_shortfall_rules(&self) -> bool {
        self.cv_primary_max.is_some()
            || self.cv_junior_max.is_some()
            || self.min_backbone_per_100.is_some()
    }

    /// Whether any balance rule reaches the model.
    pub fn any(&self) -> bool {
        self.never_worse() || self.has_shortfall_rules()
    }
}

/// The objective's costs (`[weights]`), all ≥ 0; the plan minimises their sum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    /// Cost per km of commute to the new school.
    pub km: f64,
    /// Cost of a move that leaves the teacher's partnership group (rule `prefer`).
    pub cross_group: f64,
    /// Cost of moving a class head teacher.
    pub homeroom: f64,
    /// Cost of moving a teacher of a graduating class.
    pub graduating: f64,
    /// Retired: targets now always come first (the least shortfall is found before
    /// any cost, see `docs/model.md`). Kept only to refuse it with a clear message.
    #[serde(skip_serializing)]
    pub shortfall_penalty: Option<f64>,
    /// Cost per minute of travel to the new school (instead of `km` with `roads.csv`).
    pub minute: f64,
    /// Re-planning (`--previous`): cost of each change to the previous plan (a move
    /// dropped, added or sent elsewhere counts once per side).
    pub stability: f64,
    /// `[balance] backbone_cv = "improve"`: cost saved per 0.001 the plan lowers a
    /// level's CV (to first order; see `docs/model.md`).
    pub balance: f64,
    /// With wishes under `rules.wishes = "prefer"` or `"only"`: what granting a wish of
    /// rank r saves, `wish / r`, against a move no wish asked for.
    pub wish: f64,
}

/// The largest weight a policy may set. The objective adds km (tens per move) to
/// weights, and HiGHS keeps about 9 significant digits: at 1e15 a commute cost
/// vanished in rounding and at 1e20 the LP failed. 1e6 keeps a km visible beside
/// any weight.
pub const MAX_WEIGHT: f64 = 1e6;

/// A policy model (`models/*.toml`): every rule a county sets for its exchange round.
/// Every key is optional and takes its documented default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Display name.
    pub name: String,
    /// The name in Chinese (`name_zh`, 中文名称), shown instead of `name` wherever the
    /// output is Chinese; empty: `name` in both.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name_zh: String,
    /// The planning year: ages are `year − birth_year`.
    pub year: i32,
    /// Exchange-rate and backbone-share targets.
    pub targets: Targets,
    /// Who may rotate.
    pub eligibility: EligibilityRules,
    /// Which moves are allowed, outflow caps and staffing tolerances.
    pub rules: MoveRules,
    /// Costs of the objective.
    pub weights: Weights,
    /// Balance rules on the inter-school CV (优质均衡).
    pub balance: Balance,
    /// What counts for the national method's teacher indicators.
    pub indicators: IndicatorRules,
    /// Class teaching teams after the round (`rotation teams`); not used by the plan.
    #[serde(skip_serializing_if = "TeamRules::is_default")]
    pub teams: TeamRules,
    /// Priority points of teachers the wishes file gives none (`[priority]`).
    pub priority: PriorityRules,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            exchange_rate: 0.10,
            backbone_share: 0.20,
            backbone_base: BackboneBase::Exchanged,
        }
    }
}

impl Default for EligibilityRules {
    fn default() -> Self {
        EligibilityRules {
            min_years_at_school: 6,
            max_age_female: 50,
            max_age_male: 55,
            homeroom_may_move: true,
            graduating_may_move: true,
            no_repeat_years: 0,
        }
    }
}

impl Default for MoveRules {
    fn default() -> Self {
        MoveRules {
            direction: Direction::CrossZone,
            partnership: PartnershipRule::Prefer,
            outflow_cap: 0.3,
            max_commute_km: 40.0,
            max_commute_minutes: 60.0,
            staffing_tolerance: 0,
            subject_tolerance: 0,
            term_years: None,
            on_term_end: OnTermEnd::Return,
            cycle_years: None,
            cycle_share: 1.0,
            wishes: WishRule::Prefer,
            stable: false,
        }
    }
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            km: 1.0,
            cross_group: 10.0,
            homeroom: 5.0,
            graduating: 20.0,
            shortfall_penalty: None,
            minute: 1.0,
            stability: 1_000.0,
            balance: 20.0,
            wish: 10.0,
        }
    }
}

impl Policy {
    /// The policy's name in `lang`: its Chinese name (`name_zh`) in Chinese when it has
    /// one, else `name`.
    pub fn title(&self, lang: crate::model::lang::Lang) -> &str {
        match lang {
            crate::model::lang::Lang::Zh if !self.name_zh.trim().is_empty() => &self.name_zh,
            _ => &self.name,
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            name: "default".into(),
            name_zh: String::new(),
            year: 2022,
            targets: Targets::default(),
            eligibility: EligibilityRules::default(),
            rules: MoveRules::default(),
            weights: Weights::default(),
            balance: Balance::default(),
            indicators: IndicatorRules::default(),
            teams: TeamRules::default(),
            priority: PriorityRules::default(),
        }
    }
}

/// The most rounds `plan --years` plans together: beyond it the county's data (ages,
/// classes, staff) says too little about the years planned.
pub const MAX_HORIZON_YEARS: u32 = 20;

/// Every numeric key a sweep may vary, in `section.key` form.
pub const NUMERIC_KEYS: &[&str] = &[
    "year",
    "targets.exchange_rate",
    "targets.backbone_share",
    "eligibility.min_years_at_school",
    "eligibility.max_age_female",
    "eligibility.max_age_male",
    "eligibility.no_repeat_years",
    "rules.outflow_cap",
    "rules.max_commute_km",
    "rules.max_commute_minutes",
    "rules.staffing_tolerance",
    "rules.subject_tolerance",
    "weights.km",
    "weights.cross_group",
    "weights.homeroom",
    "weights.graduating",
    "weights.minute",
    "weights.stability",
    "weights.balance",
    "weights.wish",
    "balance.cv_primary_max",
    "balance.cv_junior_max",
    "balance.min_backbone_per_100",
];

impl Policy {
    /// Parses and checks policy text; `file` names it in messages. Every problem names
    /// its key, and its line and column when the key is in the text.
    pub fn parse(text: &str, file: &str) -> Result<Policy> {
        let mut diags = Diagnostics::default();
        let at = |offset: Option<usize>| offset.map(|o| toml_keys::line_column(text, o));
        let deserializer = match toml::de::Deserializer::parse(text) {
            Ok(d) => d,
            Err(e) => {
                let problem = PolicyProblem::Syntax {
                    error: e.message().to_string(),
                };
                push_at(&mut diags, file, at(e.span().map(|s| s.start)), problem);
                return Err(RotationError::Invalid(diags));
            }
        };
        let policy = match Policy::deserialize(deserializer) {
            Ok(p) => p,
            Err(e) => {
                let offset = e.span().map(|s| s.start);
                let key = offset
                    .and_then(|o| toml_keys::key_at(text, o))
                    .unwrap_or_default();
                let problem = PolicyProblem::from_serde(&key, e.message());
                push_at(&mut diags, file, at(offset), problem);
                return Err(RotationError::Invalid(diags));
            }
        };
        policy.check(file, &mut diags);
        // The range checks know the key, not where it is written.
        for d in diags.0.iter_mut().filter(|d| d.line.is_none()) {
            if let InputMessage::Policy(problem) = &d.message {
                if let Some((line, column)) = toml_keys::position_of(text, problem.key()) {
                    d.line = Some(line);
                    d.column = Some((column, String::new()));
                }
            }
        }
        if diags.has_errors() {
            Err(RotationError::Invalid(diags))
        } else {
            Ok(policy)
        }
    }

    /// Range checks, each naming its key.
    pub fn check(&self, file: &str, diags: &mut Diagnostics) {
        let mut bad = |key: &str, value: f64, expected: PolicyRange| {
            diags.error(
                file,
                None,
                None,
                InputMessage::Policy(PolicyProblem::OutOfRange {
                    key: key.to_string(),
                    value: value.to_string(),
                    expected,
                }),
            );
        };
        let unit = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
        let nonneg = |x: f64| x.is_finite() && x >= 0.0;
        if !unit(self.targets.exchange_rate) {
            bad(
                "targets.exchange_rate",
                self.targets.exchange_rate,
                PolicyRange::Share,
            );
        }
        if !unit(self.targets.backbone_share) {
            bad(
                "targets.backbone_share",
                self.targets.backbone_share,
                PolicyRange::Share,
            );
        }
        if !unit(self.rules.outflow_cap) {
            bad(
                "rules.outflow_cap",
                self.rules.outflow_cap,
                PolicyRange::Share,
            );
        }
        if !(self.rules.max_commute_km.is_finite() && self.rules.max_commute_km > 0.0) {
            bad(
                "rules.max_commute_km",
                self.rules.max_commute_km,
                PolicyRange::PositiveKm,
            );
        }
        if !(self.rules.max_commute_minutes.is_finite() && self.rules.max_commute_minutes > 0.0) {
            bad(
                "rules.max_commute_minutes",
                self.rules.max_commute_minutes,
                PolicyRange::PositiveMinutes,
            );
        }
        if !(1950..=2100).contains(&self.year) {
            bad(
                "year",
                self.year as f64,
                PolicyRange::Year { lo: 1950, hi: 2100 },
            );
        }
        for (key, age) in [
            (
                "eligibility.max_age_female",
                self.eligibility.max_age_female,
            ),
            ("eligibility.max_age_male", self.eligibility.max_age_male),
        ] {
            if !(18..=80).contains(&age) {
                bad(key, age as f64, PolicyRange::Age { lo: 18, hi: 80 });
            }
        }
        if self.eligibility.min_years_at_school > 50 {
            bad(
                "eligibility.min_years_at_school",
                self.eligibility.min_years_at_school as f64,
                PolicyRange::AtMostYears { max: 50 },
            );
        }
        if self.eligibility.no_repeat_years > 50 {
            bad(
                "eligibility.no_repeat_years",
                self.eligibility.no_repeat_years as f64,
                PolicyRange::AtMostYearsOrOff { max: 50 },
            );
        }
        if let Some(years) = self.rules.term_years {
            if !(1..=20).contains(&years) {
                bad(
                    "rules.term_years",
                    years as f64,
                    PolicyRange::TermYears { lo: 1, hi: 20 },
                );
            }
        }
        for (key, w) in [
            ("weights.km", self.weights.km),
            ("weights.cross_group", self.weights.cross_group),
            ("weights.homeroom", self.weights.homeroom),
            ("weights.graduating", self.weights.graduating),
            ("weights.minute", self.weights.minute),
            ("weights.stability", self.weights.stability),
            ("weights.balance", self.weights.balance),
            ("weights.wish", self.weights.wish),
            ("priority.years_at_school", self.priority.years_at_school),
            ("priority.rural_years", self.priority.rural_years),
            ("priority.age", self.priority.age),
            ("priority.backbone", self.priority.backbone),
        ] {
            if !(nonneg(w) && w <= MAX_WEIGHT) {
                bad(key, w, PolicyRange::Weight { max: MAX_WEIGHT });
            }
        }
        for (key, cap) in [
            ("balance.cv_primary_max", self.balance.cv_primary_max),
            ("balance.cv_junior_max", self.balance.cv_junior_max),
        ] {
            if let Some(c) = cap {
                if !(c.is_finite() && c > 0.0) {
                    bad(key, c, PolicyRange::PositiveCv);
                }
            }
        }
        if let Some(f) = self.balance.min_backbone_per_100 {
            if !(nonneg(f) && f <= 100.0) {
                bad(
                    "balance.min_backbone_per_100",
                    f,
                    PolicyRange::PerHundredStudents,
                );
            }
        }
        // The cycle keys speak the reader's language (the other range checks are
        // still English words).
        if let Some(years) = self.rules.cycle_years {
            if !(1..=50).contains(&years) {
                diags.error(
                    file,
                    None,
                    None,
                    InputMessage::CycleYearsOutOfRange { years },
                );
            }
        }
        if !unit(self.rules.cycle_share) {
            diags.error(
                file,
                None,
                None,
                InputMessage::CycleShareOutOfRange {
                    share: self.rules.cycle_share,
                },
            );
        }
        self.teams.check(file, diags);
        if self.weights.shortfall_penalty.is_some() {
            diags.error(
                file,
                None,
                None,
                InputMessage::Policy(PolicyProblem::Retired {
                    key: "weights.shortfall_penalty".into(),
                }),
            );
        }
    }

    /// Sets one numeric key (see [`NUMERIC_KEYS`]), for sweeps. Integers are rounded.
    pub fn set_number(&mut self, key: &str, value: f64) -> std::result::Result<(), String> {
        let int = || value.round().max(0.0) as u32;
        match key {
            "year" => self.year = value.round() as i32,
            "targets.exchange_rate" => self.targets.exchange_rate = value,
            "targets.backbone_share" => self.targets.backbone_share = value,
            "eligibility.min_years_at_school" => self.eligibility.min_years_at_school = int(),
            "eligibility.max_age_female" => self.eligibility.max_age_female = int(),
            "eligibility.max_age_male" => self.eligibility.max_age_male = int(),
            "eligibility.no_repeat_years" => self.eligibility.no_repeat_years = int(),
            "rules.outflow_cap" => self.rules.outflow_cap = value,
            "rules.max_commute_km" => self.rules.max_commute_km = value,
            "rules.max_commute_minutes" => self.rules.max_commute_minutes = value,
            "rules.staffing_tolerance" => self.rules.staffing_tolerance = int(),
            "rules.subject_tolerance" => self.rules.subject_tolerance = int(),
            "weights.km" => self.weights.km = value,
            "weights.cross_group" => self.weights.cross_group = value,
            "weights.homeroom" => self.weights.homeroom = value,
            "weights.graduating" => self.weights.graduating = value,
            "weights.minute" => self.weights.minute = value,
            "weights.stability" => self.weights.stability = value,
            "weights.balance" => self.weights.balance = value,
            "weights.wish" => self.weights.wish = value,
            "balance.cv_primary_max" => self.balance.cv_primary_max = Some(value),
            "balance.cv_junior_max" => self.balance.cv_junior_max = Some(value),
            "balance.min_backbone_per_100" => self.balance.min_backbone_per_100 = Some(value),
            _ => {
                return Err(format!(
                    "unknown policy key `{key}`; numeric keys are: {}",
                    NUMERIC_KEYS.join(", ")
                ))
            }
        }
        Ok(())
    }

    /// The commute cap in `unit` (`rules.max_commute_km` or `rules.max_commute_minutes`).
    pub fn commute_cap(&self, unit: crate::model::travel::CommuteUnit) -> f64 {
        match unit {
            crate::model::travel::CommuteUnit::Km => self.rules.max_commute_km,
            crate::model::travel::CommuteUnit::Minutes => self.rules.max_commute_minutes,
        }
    }

    /// The weight actually charged for a cross-group move under the partnership rule.
    pub fn cross_group_weight(&self) -> f64 {
        match self.rules.partnership {
            PartnershipRule::Prefer => self.weights.cross_group,
            PartnershipRule::Require | PartnershipRule::Ignore => 0.0,
        }
    }
}

/// Records a policy problem at a line and column of the file (no column name: a TOML
/// file has keys, not columns).
fn push_at(
    diags: &mut Diagnostics,
    file: &str,
    at: Option<(usize, usize)>,
    problem: PolicyProblem,
) {
    diags.error(
        file,
        at.map(|(line, _)| line),
        at.map(|(_, column)| (column, "")),
        InputMessage::Policy(problem),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_policy_takes_every_default() {
        assert_eq!(Policy::parse("", "p.toml").unwrap(), Policy::default());
    }

    #[test]
    fn unknown_key_is_named() {
        let err = Policy::parse("[targets]\nexchange_rat = 0.3\n", "p.toml").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("exchange_rat"), "{msg}");
        assert!(msg.contains("p.toml:2"), "{msg}");
    }

    #[test]
    fn rate_outside_unit_interval_is_named() {
        let err = Policy::parse("[targets]\nexchange_rate = 1.5\n", "p.toml").unwrap_err();
        assert!(err.to_string().contains("targets.exchange_rate"));
    }

    #[test]
    fn new_keys_have_defaults_and_range_checks() {
        let p = Policy::parse("", "p.toml").unwrap();
        assert_eq!(p.rules.max_commute_minutes, 60.0);
        assert_eq!(p.weights.stability, 1000.0);
        for (text, key) in [
            (
                "[rules]\nmax_commute_minutes = 0\n",
                "rules.max_commute_minutes",
            ),
            ("[weights]\nstability = -1\n", "weights.stability"),
            ("[weights]\nminute = -1\n", "weights.minute"),
        ] {
            let err = Policy::parse(text, "p.toml").unwrap_err().to_string();
            assert!(err.contains(key), "{err}");
        }
    }

    #[test]
    fn set_number_rejects_unknown_keys() {
        let mut p = Policy::default();
        assert!(p.set_number("targets.exchange_rate", 0.4).is_ok());
        assert_eq!(p.targets.exchange_rate, 0.4);
        assert!(p.set_number("targets.nope", 1.0).is_err());
    }
}
