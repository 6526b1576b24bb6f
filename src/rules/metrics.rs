//! Key figures of a plan, computed from the county and the moves alone (so `verify`
//! recomputes them for any plan): exchange rate, backbone share, commute, and the
//! student-weighted coefficient of variation (差异系数) of backbone teachers per 100
//! students.

use crate::model::county::{County, Level, Zone};
use crate::model::moves::Move;
use crate::model::policy::{BackboneBase, Policy};
use crate::model::shares::ceil_share;
use crate::rules::eligibility::Eligibility;
use crate::rules::indicators::IndicatorFigures;
use serde::Serialize;

/// The evaluation standard for the inter-school variation coefficient.
pub const CV_STANDARD_PRIMARY: f64 = 0.50;
/// The evaluation standard for the junior-school (初中) variation coefficient:
/// CV ≤ 0.45.
pub const CV_STANDARD_JUNIOR: f64 = 0.45;

/// Student-weighted coefficient of variation of `values` with weights `students`:
/// `sqrt(Σ P (X − X̄)² / Σ P) / X̄` with `X̄ = Σ P X / Σ P`. `None` when there are no
/// students or the mean is 0.
pub fn weighted_cv(values: &[f64], students: &[f64]) -> Option<f64> {
    let total: f64 = students.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let mean = values.iter().zip(students).map(|(x, p)| x * p).sum::<f64>() / total;
    if mean <= 0.0 {
        return None;
    }
    let var = values
        .iter()
        .zip(students)
        .map(|(x, p)| p * (x - mean).powi(2))
        .sum::<f64>()
        / total;
    Some(var.sqrt() / mean)
}

/// The student-weighted CV (差异系数) of backbone teachers per 100 students across
/// schools, before and after the plan; `None` when a level has no students or no backbone
/// teacher. Nine-year schools count in both levels.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct CvFigures {
    /// Primary schools (小学) before the plan; standard ≤ [`CV_STANDARD_PRIMARY`].
    pub primary_before: Option<f64>,
    /// Primary schools (小学) after the plan.
    pub primary_after: Option<f64>,
    /// Junior schools (初中) before the plan; standard ≤ [`CV_STANDARD_JUNIOR`].
    pub junior_before: Option<f64>,
    /// Junior schools (初中) after the plan.
    pub junior_after: Option<f64>,
}

/// One school before and after the plan: a row of the plan's `schools.csv`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SchoolFigures {
    /// School id.
    pub school: String,
    /// School name.
    pub name: String,
    /// Urban (城区) or rural (农村).
    pub zone: Zone,
    /// School level (学段).
    pub level: Level,
    /// Enrolled students.
    pub students: u32,
    /// Teachers before the plan.
    pub staff: u32,
    /// Teachers who leave the school.
    pub out: u32,
    /// Teachers who arrive (`in` in the output files).
    #[serde(rename = "in")]
    pub inflow: u32,
    /// Teachers after the plan: `staff + in − out`.
    pub staff_after: u32,
    /// Backbone teachers (骨干教师) before the plan.
    pub backbone_before: u32,
    /// Backbone teachers after the plan.
    pub backbone_after: u32,
    /// Backbone teachers per 100 students before the plan (0 for a school without
    /// students). A joint appointment (联聘) counts half here and half at its second
    /// school, while `backbone_before` and `backbone_after` count the school's own
    /// teachers.
    pub backbone_per_100_before: f64,
    /// Backbone teachers per 100 students after the plan.
    pub backbone_per_100_after: f64,
}

/// Moves by direction across the urban–rural line.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Default)]
pub struct Directions {
    /// Moves from an urban (城区) to a rural (农村) school.
    pub urban_to_rural: u32,
    /// Moves from a rural to an urban school.
    pub rural_to_urban: u32,
    /// Moves between two schools of the same zone (allowed only under direction `any`).
    pub within_zone: u32,
}

/// How far a plan falls short of its targets; 0 when a target is met.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Shortfall {
    /// Teachers missing against the exchange target (a whole number).
    pub exchange: f64,
    /// Backbone teachers missing against the backbone target: a whole number under base
    /// `eligible_backbone`, possibly a fraction (`share · moved − backbone moved`) under base
    /// `exchanged`.
    pub backbone: f64,
}

/// The figures of a plan that do not depend on how it was found.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanFigures {
    /// Eligible teachers (|E|).
    pub eligible: u32,
    /// Eligible backbone teachers (|E_b|).
    pub eligible_backbone: u32,
    /// Teachers who must rotate: `⌈exchange_rate · eligible⌉`.
    pub exchange_target: u32,
    /// Base `exchanged`: the share; base `eligible_backbone`: the count as well.
    pub backbone_target_share: f64,
    /// Base `eligible_backbone`: backbone teachers who must rotate,
    /// `⌈backbone_share · eligible_backbone⌉`; `None` under base `exchanged`.
    pub backbone_target_count: Option<u32>,
    /// Teachers who rotate in the plan.
    pub moved: u32,
    /// `moved / eligible`, share 0–1 (0 when nobody is eligible).
    pub exchange_rate: f64,
    /// Backbone teachers who rotate.
    pub backbone_moved: u32,
    /// `backbone_moved / moved`, share 0–1 (0 when nobody moves).
    pub backbone_share: f64,
    /// Shortfall against the exchange and backbone targets.
    pub shortfall: Shortfall,
    /// Sum of the movers' commutes to their new schools, km (minutes on a road network).
    pub total_commute_km: f64,
    /// Mean commute of a mover, km (minutes on a road network); 0 when nobody moves.
    pub mean_commute_km: f64,
    /// 95th percentile (nearest rank) of the movers' commutes, km (minutes on a road
    /// network).
    pub p95_commute_km: f64,
    /// Longest commute of a mover, km (minutes on a road network).
    pub max_commute_km: f64,
    /// Moves by direction: urban→rural, rural→urban, within a zone.
    pub directions: Directions,
    /// Moves to a school of another partnership group (教育共同体).
    pub cross_group_moves: u32,
    /// Class head teachers (班主任) who rotate.
    pub homeroom_moved: u32,
    /// Teachers of a graduating class who rotate.
    pub graduating_moved: u32,
    /// Schools whose leavers exceed 15% of their staff.
    pub schools_losing_over_15pct: u32,
    /// (school, subject) pairs that lose teachers net.
    pub subjects_left_short: u32,
    /// CV of backbone teachers per 100 students, primary and junior, before and after.
    pub cv_backbone_per_100: CvFigures,
    /// The national method's three teacher indicators (qualified, backbone, PE/art)
    /// per school and level, before and after, with the county's verdict.
    pub indicators: IndicatorFigures,
    /// Exchange teams (`teams.csv`) of two or more and how many moved; `None` without
    /// teams.
    pub exchange_teams: Option<TeamCounts>,
    /// Joint appointments (联聘, `joint.csv`): who serves which two schools; `None`
    /// without them.
    pub joint: Option<Vec<JointServes>>,
}

/// One joint appointment as `summary.json` shows it: the teacher stays at `school`
/// and also serves `second_school`, half a post in each.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct JointServes {
    /// The teacher's id.
    pub teacher: String,
    /// Their own school's id.
    pub school: String,
    /// The second school's id.
    pub second_school: String,
}

/// The joint appointments of `county`, `None` without any.
pub fn joint_serves(county: &County) -> Option<Vec<JointServes>> {
    county.joint.any().then(|| {
        county
            .joint
            .list
            .iter()
            .map(|j| {
                let t = &county.teachers[j.teacher];
                JointServes {
                    teacher: t.id.0.clone(),
                    school: county.schools[t.school].id.0.clone(),
                    second_school: county.schools[j.school].id.0.clone(),
                }
            })
            .collect()
    })
}

/// Exchange teams in a plan: how many there are (two members or more) and how many
/// moved (every member to one school).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct TeamCounts {
    /// Teams of two members or more.
    pub teams: u32,
    /// Teams whose members all moved to one school.
    pub moved: u32,
}

/// [`TeamCounts`] of `moves`, `None` when the county has no teams.
pub fn team_counts(county: &County, moves: &[Move]) -> Option<TeamCounts> {
    let teams = &county.exchange_teams;
    if !teams.any() {
        return None;
    }
    let mut went = vec![None; county.teachers.len()];
    for m in moves {
        went[m.teacher] = Some(m.to);
    }
    let real: Vec<_> = teams.teams.iter().filter(|t| t.members.len() > 1).collect();
    Some(TeamCounts {
        teams: real.len() as u32,
        moved: real
            .iter()
            .filter(|t| {
                matches!(
                    t.outcome(&went),
                    crate::model::exchange_teams::TeamOutcome::Moved(_)
                )
            })
            .count() as u32,
    })
}

/// Per-school before/after figures.
pub fn school_figures(county: &County, moves: &[Move]) -> Vec<SchoolFigures> {
    let n = county.schools.len();
    let staff = county.staff();
    let mut out = vec![0u32; n];
    let mut inflow = vec![0u32; n];
    let mut backbone = vec![0i64; n];
    for t in &county.teachers {
        if t.backbone.is_backbone() {
            backbone[t.school] += 1;
        }
    }
    let mut backbone_after = backbone.clone();
    for m in moves {
        let t = &county.teachers[m.teacher];
        out[t.school] += 1;
        inflow[m.to] += 1;
        if t.backbone.is_backbone() {
            backbone_after[t.school] -= 1;
            backbone_after[m.to] += 1;
        }
    }
    // Per 100 students in half-units: a joint backbone teacher counts half in each
    // school, as in `rules::balance::side_counts` (the balance rows' CV).
    let home: Vec<usize> = county.teachers.iter().map(|t| t.school).collect();
    let halves = county.joint.half_flow_by(&home, |t| {
        county.teachers[t].backbone.is_backbone().then_some(())
    });
    let half = |s: usize| halves.get(&(s, ())).copied().unwrap_or(0);
    let per_100_halves = |count: i64, s: usize, students: u32| {
        if students == 0 {
            0.0
        } else {
            100.0 * (2 * count + half(s)).max(0) as f64 / 2.0 / students as f64
        }
    };
    county
        .schools
        .iter()
        .enumerate()
        .map(|(s, school)| SchoolFigures {
            school: school.id.0.clone(),
            name: school.name.clone(),
            zone: school.zone,
            level: school.level,
            students: school.students,
            staff: staff[s],
            out: out[s],
            inflow: inflow[s],
            staff_after: (staff[s] + inflow[s]).saturating_sub(out[s]),
            backbone_before: backbone[s] as u32,
            backbone_after: backbone_after[s].max(0) as u32,
            backbone_per_100_before: per_100_halves(backbone[s], s, school.students),
            backbone_per_100_after: per_100_halves(backbone_after[s], s, school.students),
        })
        .collect()
}

/// CV of backbone teachers per 100 students over the schools of one level; nine-year
/// schools count with both levels.
fn level_cv(schools: &[SchoolFigures], level: Level, after: bool) -> Option<f64> {
    let (values, weights): (Vec<f64>, Vec<f64>) = schools
        .iter()
        .filter(|s| s.level == level || s.level == Level::NineYear)
        .filter(|s| s.students > 0)
        .map(|s| {
            let x = if after {
                s.backbone_per_100_after
            } else {
                s.backbone_per_100_before
            };
            (x, s.students as f64)
        })
        .unzip();
    weighted_cv(&values, &weights)
}

/// The CV figures of primary and junior schools, before and after, from the per-school
/// figures.
pub fn cv_figures(schools: &[SchoolFigures]) -> CvFigures {
    CvFigures {
        primary_before: level_cv(schools, Level::Primary, false),
        primary_after: level_cv(schools, Level::Primary, true),
        junior_before: level_cv(schools, Level::Junior, false),
        junior_after: level_cv(schools, Level::Junior, true),
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    // Nearest-rank percentile.
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Every key figure of a plan, from the county, the policy, the eligibility and the
/// moves alone (no solver figure).
pub fn plan_figures(
    county: &County,
    policy: &Policy,
    eligibility: &[Eligibility],
    moves: &[Move],
) -> PlanFigures {
    let eligible: Vec<usize> = (0..county.teachers.len())
        .filter(|&t| eligibility[t].is_eligible())
        .collect();
    let eligible_backbone = eligible
        .iter()
        .filter(|&&t| county.teachers[t].backbone.is_backbone())
        .count() as u32;
    let e = eligible.len() as u32;
    let exchange_target = ceil_share(policy.targets.exchange_rate, e);
    let backbone_target_count = match policy.targets.backbone_base {
        BackboneBase::Exchanged => None,
        BackboneBase::EligibleBackbone => {
            Some(ceil_share(policy.targets.backbone_share, eligible_backbone))
        }
    };
    let moved = moves.len() as u32;
    let backbone_moved = moves
        .iter()
        .filter(|m| county.teachers[m.teacher].backbone.is_backbone())
        .count() as u32;
    let mut km: Vec<f64> = moves.iter().map(|m| m.km).collect();
    km.sort_by(f64::total_cmp);
    // `+ 0.0`: an empty sum is −0.0, which would print as "-0.0 km".
    let total: f64 = km.iter().sum::<f64>() + 0.0;
    let mut directions = Directions::default();
    let mut cross_group = 0;
    for m in moves {
        let from = &county.schools[county.teachers[m.teacher].school];
        let to = &county.schools[m.to];
        match (from.zone, to.zone) {
            (Zone::Urban, Zone::Rural) => directions.urban_to_rural += 1,
            (Zone::Rural, Zone::Urban) => directions.rural_to_urban += 1,
            _ => directions.within_zone += 1,
        }
        if county.group_of[county.teachers[m.teacher].school] != county.group_of[m.to] {
            cross_group += 1;
        }
    }
    let schools = school_figures(county, moves);
    let losing = schools
        .iter()
        .filter(|s| s.out as f64 > 0.15 * s.staff as f64)
        .count() as u32;
    let mut net: std::collections::BTreeMap<(usize, &str), i64> = Default::default();
    for m in moves {
        let t = &county.teachers[m.teacher];
        *net.entry((t.school, t.subject.as_str())).or_insert(0) -= 1;
        *net.entry((m.to, t.subject.as_str())).or_insert(0) += 1;
    }
    let exchange_short = exchange_target.saturating_sub(moved) as f64;
    let backbone_short = match backbone_target_count {
        Some(c) => c.saturating_sub(backbone_moved) as f64,
        None => (policy.targets.backbone_share * moved as f64 - backbone_moved as f64).max(0.0),
    };
    PlanFigures {
        exchange_teams: team_counts(county, moves),
        joint: joint_serves(county),
        eligible: e,
        eligible_backbone,
        exchange_target,
        backbone_target_share: policy.targets.backbone_share,
        backbone_target_count,
        moved,
        exchange_rate: if e == 0 { 0.0 } else { moved as f64 / e as f64 },
        backbone_moved,
        backbone_share: if moved == 0 {
            0.0
        } else {
            backbone_moved as f64 / moved as f64
        },
        shortfall: Shortfall {
            exchange: exchange_short,
            backbone: backbone_short,
        },
        total_commute_km: total,
        mean_commute_km: if km.is_empty() {
            0.0
        } else {
            total / km.len() as f64
        },
        p95_commute_km: percentile(&km, 0.95),
        max_commute_km: km.last().copied().unwrap_or(0.0),
        directions,
        cross_group_moves: cross_group,
        homeroom_moved: moves
            .iter()
            .filter(|m| county.teachers[m.teacher].homeroom)
            .count() as u32,
        graduating_moved: moves
            .iter()
            .filter(|m| county.teachers[m.teacher].graduating)
            .count() as u32,
        schools_losing_over_15pct: losing,
        subjects_left_short: net.values().filter(|v| **v < 0).count() as u32,
        cv_backbone_per_100: cv_figures(&schools),
        indicators: IndicatorFigures::of(county, &policy.indicators, moves),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cv_of_equal_values_is_zero() {
        assert_eq!(
            weighted_cv(&[2.0, 2.0, 2.0], &[100.0, 300.0, 50.0]),
            Some(0.0)
        );
    }

    #[test]
    fn cv_matches_a_hand_computation() {
        // X = 1 and 3 with weights 1 and 1: mean 2, sd 1, CV 0.5.
        let cv = weighted_cv(&[1.0, 3.0], &[1.0, 1.0]).unwrap();
        assert!((cv - 0.5).abs() < 1e-12);
        // Weights 3 and 1: mean 1.5, var (3·0.25 + 2.25)/4 = 0.75, CV = sqrt(.75)/1.5.
        let cv = weighted_cv(&[1.0, 3.0], &[3.0, 1.0]).unwrap();
        assert!((cv - 0.75f64.sqrt() / 1.5).abs() < 1e-12);
    }

    #[test]
    fn cv_is_undefined_without_students_or_mean() {
        assert_eq!(weighted_cv(&[1.0], &[0.0]), None);
        assert_eq!(weighted_cv(&[0.0, 0.0], &[1.0, 1.0]), None);
    }

    #[test]
    fn the_moment_form_of_balance_is_the_documented_cv() {
        use crate::rules::balance::cv;
        let counts = [3, 7, 0, 12, 5];
        let students = [300, 420, 95, 1800, 640];
        let x: Vec<f64> = counts
            .iter()
            .zip(&students)
            .map(|(&c, &p)| 100.0 * c as f64 / p as f64)
            .collect();
        let w: Vec<f64> = students.iter().map(|&p| p as f64).collect();
        let exact = weighted_cv(&x, &w).unwrap();
        assert!((cv(&counts, &students).unwrap() - exact).abs() < 1e-12);
        assert_eq!(cv(&[0, 0], &[10, 20]), None);
    }

    #[test]
    fn nearest_rank_percentile() {
        let v: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.95), 19.0);
        assert_eq!(percentile(&v, 1.0), 20.0);
    }
}
