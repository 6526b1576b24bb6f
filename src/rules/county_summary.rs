//! What `rotation validate` reports of a valid county: counts by zone and level,
//! teachers, groups and, with a policy, the eligible teachers; and what `rotation
//! groups` shows of each partnership group.

use crate::model::county::{County, Level, Zone};
use crate::rules::eligibility::Eligibility;
use serde::Serialize;
use std::collections::BTreeMap;

/// The size of a county, as `rotation validate` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Inventory {
    /// Number of schools.
    pub schools: usize,
    /// Schools by `zone/level`, e.g. `urban/primary`.
    pub schools_by_kind: BTreeMap<String, usize>,
    /// Enrolled students over all schools.
    pub students: u64,
    /// Number of full-time teachers.
    pub teachers: usize,
    /// Backbone teachers (骨干教师, county level or above).
    pub backbone_teachers: usize,
    /// Edges of the partnership graph (rows of `partnerships.csv` kept).
    pub partnerships: usize,
    /// Partnership groups (教育共同体), a school without partner counting as a group.
    pub groups: usize,
    /// Present when a policy was given.
    pub eligible: Option<EligibleCounts>,
}

/// How many teachers a policy makes eligible, and why the others are not.
#[derive(Debug, Clone, Serialize)]
pub struct EligibleCounts {
    /// Eligible teachers.
    pub eligible: usize,
    /// Eligible backbone teachers (骨干教师).
    pub eligible_backbone: usize,
    /// Eligible teachers as a share of all teachers, 0–1.
    pub share_of_teachers: f64,
    /// Teachers not eligible, by the rule that excludes them.
    pub excluded_by_rule: BTreeMap<String, usize>,
}

fn zone_name(z: Zone) -> &'static str {
    match z {
        Zone::Urban => "urban",
        Zone::Rural => "rural",
    }
}

/// The English name of a school level as written in `schools.csv`: `primary`, `junior`,
/// `nine_year` or `special`.
pub fn level_name(l: Level) -> &'static str {
    match l {
        Level::Primary => "primary",
        Level::Junior => "junior",
        Level::NineYear => "nine_year",
        Level::Special => "special",
    }
}

/// Counts a county for `rotation validate`; with the teachers' eligibility, also the
/// eligible counts.
pub fn inventory(county: &County, eligibility: Option<&[Eligibility]>) -> Inventory {
    let mut by_kind = BTreeMap::new();
    for s in &county.schools {
        *by_kind
            .entry(format!("{}/{}", zone_name(s.zone), level_name(s.level)))
            .or_insert(0) += 1;
    }
    let eligible = eligibility.map(|e| {
        let mut excluded = BTreeMap::new();
        for el in e.iter().filter(|el| !el.is_eligible()) {
            let rule = serde_json::to_value(el)
                .ok()
                .and_then(|v| v.get("rule").and_then(|r| r.as_str().map(str::to_string)))
                .unwrap_or_default();
            *excluded.entry(rule).or_insert(0) += 1;
        }
        let n = e.iter().filter(|el| el.is_eligible()).count();
        EligibleCounts {
            eligible: n,
            eligible_backbone: e
                .iter()
                .zip(&county.teachers)
                .filter(|(el, t)| el.is_eligible() && t.backbone.is_backbone())
                .count(),
            share_of_teachers: n as f64 / county.teachers.len().max(1) as f64,
            excluded_by_rule: excluded,
        }
    });
    Inventory {
        schools: county.schools.len(),
        schools_by_kind: by_kind,
        students: county.schools.iter().map(|s| s.students as u64).sum(),
        teachers: county.teachers.len(),
        backbone_teachers: county
            .teachers
            .iter()
            .filter(|t| t.backbone.is_backbone())
            .count(),
        partnerships: county.partnerships.len(),
        groups: county.groups.len(),
        eligible,
    }
}

/// What `rotation groups` shows of one group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupSummary {
    /// Group number, 1-based, as in [`crate::model::groups::PartnershipGroup::number`].
    pub number: usize,
    /// The ids of the group's schools, in file order.
    pub schools: Vec<String>,
    /// Urban (城区) schools in the group.
    pub urban_schools: usize,
    /// Rural (农村) schools in the group.
    pub rural_schools: usize,
    /// Teachers currently at the group's schools.
    pub teachers: usize,
    /// Enrolled students of the group's schools.
    pub students: u64,
    /// Set when the group cannot host urban–rural exchange on its own.
    pub warning: Option<String>,
}

/// One summary per partnership group, in group order, with a warning for a group
/// without an urban or without a rural school.
pub fn summarize_groups(county: &County) -> Vec<GroupSummary> {
    let staff = county.staff();
    county
        .groups
        .iter()
        .map(|g| {
            let urban = g
                .schools
                .iter()
                .filter(|&&s| county.schools[s].zone == Zone::Urban)
                .count();
            let rural = g.schools.len() - urban;
            let warning = match (urban, rural) {
                (0, _) => Some(format!(
                    "group {} has no urban school: cross-zone exchange must leave the group",
                    g.number
                )),
                (_, 0) => Some(format!(
                    "group {} has no rural school: cross-zone exchange must leave the group",
                    g.number
                )),
                _ => None,
            };
            GroupSummary {
                number: g.number,
                schools: g
                    .schools
                    .iter()
                    .map(|&s| county.schools[s].id.0.clone())
                    .collect(),
                urban_schools: urban,
                rural_schools: rural,
                teachers: g.schools.iter().map(|&s| staff[s] as usize).sum(),
                students: g
                    .schools
                    .iter()
                    .map(|&s| county.schools[s].students as u64)
                    .sum(),
                warning,
            }
        })
        .collect()
}
