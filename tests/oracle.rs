//! Property tests against an independent oracle. On small random counties the oracle
//! enumerates every plan that keeps the hard rules (the CV of backbone teachers per
//! level never worse, under `never_worse` and `improve`), scores each by the key the
//! round minimises in order (target shortfall `u + v`, balance shortfall below floors
//! and above caps, cost with the `improve` reward) and compares with the MIP: the
//! plan passes `verify`, never beats enumeration, and matches it wherever the model's
//! balance rows are exact (no nine-year school). CVs are computed here from the
//! documented formula, not by the library. Also: targets come first on hand-made
//! counties, and every generated county validates.

use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rotation::model::county::*;
use rotation::model::groups::Partnership;
use rotation::model::moves::Move;
use rotation::model::policy::*;
use rotation::research::generate::{generate, GeneratorSpec};
use rotation::round::run::{plan_round, Pricing, Round};
use rotation::rules::candidates::candidates;
use rotation::rules::eligibility::county_eligibility;
use rotation::rules::verify::verify;
use rotation::solve::formulation::{formulate, MoveVariables, Stage};
use rotation::solve::highs::{solve, SolveOptions, SolveStatus};

const SUBJECTS: &[&str] = &["math", "chinese"];

fn random_county(seed: u64) -> County {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n_schools = rng.random_range(2..=4);
    let schools: Vec<School> = (0..n_schools)
        .map(|i| School {
            id: SchoolId(format!("S{i}")),
            name: format!("school {i}"),
            zone: if i % 2 == 0 { Zone::Urban } else { Zone::Rural },
            level: match rng.random_range(0..16) {
                0 => Level::Junior,
                1 => Level::NineYear,
                _ => Level::Primary,
            },
            students: rng.random_range(50..500),
            position: Position::Grid {
                x_km: rng.random_range(0..20) as f64,
                y_km: rng.random_range(0..20) as f64,
            },
        })
        .collect();
    let mut partnerships = Vec::new();
    for a in 0..n_schools {
        for b in a + 1..n_schools {
            if rng.random_bool(0.4) {
                partnerships.push(Partnership {
                    school_a: a,
                    school_b: b,
                    kind: "1+X".into(),
                });
            }
        }
    }
    let n_teachers = rng.random_range(8..=16);
    let mut teachers = Vec::new();
    let mut eligible_like = 0;
    for i in 0..n_teachers {
        // At most 10 teachers with 6+ years, so enumeration stays small.
        let mut years = rng.random_range(3..14);
        if years >= 6 {
            if eligible_like >= 10 {
                years = 1;
            } else {
                eligible_like += 1;
            }
        }
        teachers.push(Teacher {
            id: TeacherId(format!("T{i}")),
            name: String::new(),
            school: rng.random_range(0..n_schools),
            subject: SUBJECTS[rng.random_range(0..SUBJECTS.len())].into(),
            gender: if rng.random_bool(0.5) {
                Gender::F
            } else {
                Gender::M
            },
            birth_year: rng.random_range(1972..1998),
            years_at_school: years,
            backbone: if rng.random_bool(0.35) {
                Backbone::County
            } else {
                Backbone::None
            },
            title: Title::Intermediate,
            homeroom: rng.random_bool(0.2),
            graduating: rng.random_bool(0.2),
            exempt: rng.random_bool(0.05).then(|| "illness".to_string()),
            home: rng.random_bool(0.5).then(|| Position::Grid {
                x_km: rng.random_range(0..20) as f64,
                y_km: rng.random_range(0..20) as f64,
            }),
            degree: None,
        });
    }
    County::new(schools, teachers, partnerships)
}

fn random_policy(seed: u64, county: &County) -> Policy {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let mut p = Policy::default();
    p.targets.exchange_rate = rng.random_range(1..=9) as f64 / 10.0;
    p.targets.backbone_share = rng.random_range(0..=12) as f64 / 20.0;
    p.targets.backbone_base = if rng.random_bool(0.5) {
        BackboneBase::Exchanged
    } else {
        BackboneBase::EligibleBackbone
    };
    p.eligibility.homeroom_may_move = rng.random_bool(0.8);
    p.eligibility.graduating_may_move = rng.random_bool(0.8);
    p.rules.direction = if rng.random_bool(0.7) {
        Direction::CrossZone
    } else {
        Direction::Any
    };
    p.rules.partnership = [
        PartnershipRule::Require,
        PartnershipRule::Prefer,
        PartnershipRule::Ignore,
    ][rng.random_range(0..3)];
    p.rules.outflow_cap = [0.34, 0.5, 0.75, 1.0][rng.random_range(0..4)];
    p.rules.max_commute_km = [10.0, 20.0, 40.0][rng.random_range(0..3)];
    p.rules.staffing_tolerance = [0, 0, 1][rng.random_range(0..3)];
    p.rules.subject_tolerance = [0, 0, 1][rng.random_range(0..3)];
    p.weights.cross_group = [0.0, 10.0][rng.random_range(0..2)];
    // Balance, drawn after the rules above so that a seed keeps their values.
    p.balance.backbone_cv =
        [CvRule::NeverWorse, CvRule::Improve, CvRule::Off][rng.random_range(0..3)];
    // Caps around the level's CV before: below it they bind (or cannot be met), above
    // it they are free.
    for primary in [true, false] {
        if rng.random_bool(0.4) {
            let cv0 = level_cv_before(county, primary).unwrap_or(0.3);
            let cap = cv0 * [0.5, 0.8, 0.95, 1.0, 1.1][rng.random_range(0..5)];
            if primary {
                p.balance.cv_primary_max = Some(cap);
            } else {
                p.balance.cv_junior_max = Some(cap);
            }
        }
    }
    // About 0.7 backbone teachers per 100 students in these counties: floors bind.
    if rng.random_bool(0.35) {
        p.balance.min_backbone_per_100 = Some([0.5, 1.0, 1.5, 2.0][rng.random_range(0..4)]);
    }
    p.weights.balance = [0.0, 20.0, 200.0][rng.random_range(0..3)];
    p
}

/// The oracle's own reading of the move rules (not the library's `move_allowed`).
fn oracle_move(county: &County, policy: &Policy, t: usize, s: usize) -> Option<f64> {
    let teacher = &county.teachers[t];
    let (from, to) = (&county.schools[teacher.school], &county.schools[s]);
    if s == teacher.school {
        return None;
    }
    let level_ok = match (from.level, to.level) {
        (Level::Special, Level::Special) => true,
        (Level::Special, _) | (_, Level::Special) => false,
        (Level::NineYear, _) | (_, Level::NineYear) => true,
        (a, b) => a == b,
    };
    let zone_ok = policy.rules.direction == Direction::Any || from.zone != to.zone;
    let same_group = county.group_of[teacher.school] == county.group_of[s];
    let group_ok = policy.rules.partnership != PartnershipRule::Require || same_group;
    let (hx, hy) = match teacher.home.unwrap_or(from.position) {
        Position::Grid { x_km, y_km } => (x_km, y_km),
        Position::Geo { .. } => unreachable!(),
    };
    let (sx, sy) = match to.position {
        Position::Grid { x_km, y_km } => (x_km, y_km),
        Position::Geo { .. } => unreachable!(),
    };
    let km = ((hx - sx).powi(2) + (hy - sy).powi(2)).sqrt();
    if !(level_ok && zone_ok && group_ok && km <= policy.rules.max_commute_km) {
        return None;
    }
    let w = &policy.weights;
    let cross = if policy.rules.partnership == PartnershipRule::Prefer && !same_group {
        w.cross_group
    } else {
        0.0
    };
    Some(
        w.km * km
            + cross
            + if teacher.homeroom { w.homeroom } else { 0.0 }
            + if teacher.graduating {
                w.graduating
            } else {
                0.0
            },
    )
}

/// Whether a school of `level` enters the primary (`primary`) or the junior CV: its
/// own level, and nine-year schools on both.
fn judged_on(level: Level, primary: bool) -> bool {
    match level {
        Level::NineYear => true,
        Level::Primary => primary,
        Level::Junior => !primary,
        Level::Special => false,
    }
}

/// `CV² + 1` of backbone teachers per 100 students over schools with `students`,
/// straight from the documented formula (mean, weighted variance); `None` when the
/// mean is 0.
fn cv_squared_plus_one(counts: impl Iterator<Item = i64> + Clone, students: &[f64]) -> Option<f64> {
    let total: f64 = students.iter().sum();
    let x = counts.map(|c| 100.0 * c as f64);
    let mean = x.clone().sum::<f64>() / total;
    if total <= 0.0 || mean <= 0.0 {
        return None;
    }
    let var = x
        .zip(students)
        .map(|(cx, &p)| p * (cx / p - mean).powi(2))
        .sum::<f64>()
        / total;
    Some(var / (mean * mean) + 1.0)
}

/// The CV of backbone teachers per 100 students over a level before any move.
fn level_cv_before(county: &County, primary: bool) -> Option<f64> {
    let schools: Vec<usize> = (0..county.schools.len())
        .filter(|&s| judged_on(county.schools[s].level, primary) && county.schools[s].students > 0)
        .collect();
    let students: Vec<f64> = schools
        .iter()
        .map(|&s| county.schools[s].students as f64)
        .collect();
    let counts = schools.iter().map(|&s| {
        county
            .teachers
            .iter()
            .filter(|t| t.school == s && t.backbone.is_backbone())
            .count() as i64
    });
    cv_squared_plus_one(counts, &students).map(|r| (r - 1.0).max(0.0).sqrt())
}

/// Tolerance of the oracle's comparisons (shortfalls in teachers and in `CV² + 1`;
/// cost relative to its size).
const TOL: f64 = 1e-7;

/// What the round minimises, in order (`docs/model.md`, targets first): the target
/// shortfall `u + v`, then the balance shortfall, then the cost (with the `improve`
/// reward).
#[derive(Debug, Clone, Copy)]
struct Key {
    targets: f64,
    balance: f64,
    cost: f64,
}

impl Key {
    /// Lexicographic order, each part within its tolerance.
    fn order(&self, other: &Key) -> std::cmp::Ordering {
        use std::cmp::Ordering::*;
        let cost_tol = TOL * self.cost.abs().max(other.cost.abs()).max(1.0);
        for (a, b, tol) in [
            (self.targets, other.targets, TOL),
            (self.balance, other.balance, TOL),
            (self.cost, other.cost, cost_tol),
        ] {
            if a < b - tol {
                return Less;
            }
            if a > b + tol {
                return Greater;
            }
        }
        Equal
    }
}

/// One level's balance data as the oracle reads `[balance]`.
struct OracleLevel {
    /// Schools the level judges (its levels, with students).
    schools: Vec<usize>,
    students: Vec<f64>,
    /// Backbone teachers of each before the plan.
    before: Vec<i64>,
    /// `CV² + 1` before (`None`: undefined).
    before_r: Option<f64>,
    cap: Option<f64>,
    /// The count the floor asks of each school after the plan (0 without a floor).
    need: Vec<i64>,
    /// `improve`: weight on `S_after − S_before − (2 S0 / T0) D`.
    improve: f64,
    /// `2 S0 / T0`.
    d_coef: f64,
}

/// Counts of a plan under construction, kept as moves are added and removed.
#[derive(Clone)]
struct Tally {
    /// Arrivals minus departures per school.
    net: Vec<i64>,
    /// Departures per school.
    out: Vec<i64>,
    /// Arrivals minus departures per school and subject.
    subject: Vec<i64>,
    /// Backbone arrivals minus departures per school.
    backbone: Vec<i64>,
    moved: i64,
    backbone_moved: i64,
    cost: f64,
}

/// A county and policy as the oracle reads them.
struct Oracle<'a> {
    county: &'a County,
    policy: &'a Policy,
    /// Eligible teachers, and each one's allowed schools with the move's cost.
    eligible: Vec<usize>,
    options: Vec<Vec<(usize, f64)>>,
    subject_of: Vec<usize>,
    subjects: usize,
    /// `⌊outflow_cap · staff⌋` per school.
    outflow_max: Vec<i64>,
    /// `⌈rate · |E|⌉`.
    exchange_target: f64,
    /// `⌈share · |E_b|⌉` (base `eligible_backbone`).
    backbone_target: f64,
    levels: Vec<OracleLevel>,
}

impl<'a> Oracle<'a> {
    fn new(county: &'a County, policy: &'a Policy) -> Oracle<'a> {
        let el = county_eligibility(county, policy);
        let eligible: Vec<usize> = (0..county.teachers.len())
            .filter(|&t| el[t].is_eligible())
            .collect();
        let options: Vec<Vec<(usize, f64)>> = eligible
            .iter()
            .map(|&t| {
                (0..county.schools.len())
                    .filter_map(|s| oracle_move(county, policy, t, s).map(|c| (s, c)))
                    .collect()
            })
            .collect();
        let mut names: Vec<&str> = Vec::new();
        let subject_of = county
            .teachers
            .iter()
            .map(|t| match names.iter().position(|&n| n == t.subject) {
                Some(i) => i,
                None => {
                    names.push(&t.subject);
                    names.len() - 1
                }
            })
            .collect();
        let staff = county.staff();
        let outflow_max = staff
            .iter()
            .map(|&n| (policy.rules.outflow_cap * n as f64 + 1e-9).floor() as i64)
            .collect();
        let e = eligible.len() as f64;
        let eb = eligible
            .iter()
            .filter(|&&t| county.teachers[t].backbone.is_backbone())
            .count() as f64;
        let b = &policy.balance;
        let levels = [true, false]
            .into_iter()
            .map(|primary| {
                let schools: Vec<usize> = (0..county.schools.len())
                    .filter(|&s| {
                        judged_on(county.schools[s].level, primary)
                            && county.schools[s].students > 0
                    })
                    .collect();
                let students: Vec<f64> = schools
                    .iter()
                    .map(|&s| county.schools[s].students as f64)
                    .collect();
                let before: Vec<i64> = schools
                    .iter()
                    .map(|&s| {
                        county
                            .teachers
                            .iter()
                            .filter(|t| t.school == s && t.backbone.is_backbone())
                            .count() as i64
                    })
                    .collect();
                let before_r = cv_squared_plus_one(before.iter().copied(), &students);
                let need = schools
                    .iter()
                    .zip(&students)
                    .zip(&before)
                    .map(|((&s, &p), &c)| {
                        let Some(f) = b.min_backbone_per_100 else {
                            return 0;
                        };
                        let floor = (f * p / 100.0 - 1e-9).ceil().max(0.0) as i64;
                        let reachable = eligible.iter().any(|&t| {
                            county.teachers[t].school != s
                                && county.teachers[t].backbone.is_backbone()
                                && oracle_move(county, policy, t, s).is_some()
                        });
                        if reachable || c >= floor {
                            floor
                        } else {
                            c
                        }
                    })
                    .collect();
                let t0: f64 = before.iter().sum::<i64>() as f64;
                let s0: f64 = before
                    .iter()
                    .zip(&students)
                    .map(|(&c, &p)| (c * c) as f64 / p)
                    .sum();
                let p_total: f64 = students.iter().sum();
                let improve = match before_r {
                    Some(r0) if b.backbone_cv == CvRule::Improve => {
                        let cv0 = (r0 - 1.0).max(0.0).sqrt();
                        if cv0 > 1e-9 {
                            policy.weights.balance * 1000.0 * p_total / (2.0 * cv0 * t0 * t0)
                        } else {
                            0.0
                        }
                    }
                    _ => 0.0,
                };
                OracleLevel {
                    schools,
                    students,
                    before,
                    before_r,
                    cap: if primary {
                        b.cv_primary_max
                    } else {
                        b.cv_junior_max
                    },
                    need,
                    improve,
                    d_coef: if t0 > 0.0 { 2.0 * s0 / t0 } else { 0.0 },
                }
            })
            .collect();
        Oracle {
            county,
            policy,
            eligible,
            options,
            subject_of,
            subjects: names.len(),
            outflow_max,
            exchange_target: (policy.targets.exchange_rate * e - 1e-9).ceil(),
            backbone_target: (policy.targets.backbone_share * eb - 1e-9).ceil(),
            levels,
        }
    }

    fn empty_tally(&self) -> Tally {
        let n = self.county.schools.len();
        Tally {
            net: vec![0; n],
            out: vec![0; n],
            subject: vec![0; n * self.subjects],
            backbone: vec![0; n],
            moved: 0,
            backbone_moved: 0,
            cost: 0.0,
        }
    }

    /// Adds (`sign` 1) or removes (`sign` −1) the move of teacher `t` to `s`.
    fn apply(&self, tally: &mut Tally, t: usize, s: usize, cost: f64, sign: i64) {
        let teacher = &self.county.teachers[t];
        let (from, sub) = (teacher.school, self.subject_of[t]);
        tally.net[s] += sign;
        tally.net[from] -= sign;
        tally.out[from] += sign;
        tally.subject[s * self.subjects + sub] += sign;
        tally.subject[from * self.subjects + sub] -= sign;
        tally.moved += sign;
        if teacher.backbone.is_backbone() {
            tally.backbone[s] += sign;
            tally.backbone[from] -= sign;
            tally.backbone_moved += sign;
        }
        tally.cost += sign as f64 * cost;
    }

    /// The plan's key, or `None` when it breaks a hard rule (staffing, subjects,
    /// outflow caps, CV never worse).
    fn judge(&self, tally: &Tally) -> Option<Key> {
        let rules = &self.policy.rules;
        if tally
            .net
            .iter()
            .any(|v| v.abs() > rules.staffing_tolerance as i64)
            || tally
                .subject
                .iter()
                .any(|&v| v < -(rules.subject_tolerance as i64))
            || tally.out.iter().zip(&self.outflow_max).any(|(o, m)| o > m)
        {
            return None;
        }
        let targets = &self.policy.targets;
        let (n, b) = (tally.moved as f64, tally.backbone_moved as f64);
        let u = (self.exchange_target - n).max(0.0);
        let v = match targets.backbone_base {
            BackboneBase::Exchanged => (targets.backbone_share * n - b).max(0.0),
            BackboneBase::EligibleBackbone => (self.backbone_target - b).max(0.0),
        };
        let never_worse = self.policy.balance.backbone_cv != CvRule::Off;
        let (mut balance, mut reward) = (0.0, 0.0);
        for level in &self.levels {
            let after = level
                .schools
                .iter()
                .zip(&level.before)
                .map(|(&s, &c)| c + tally.backbone[s]);
            let after_r = cv_squared_plus_one(after.clone(), &level.students);
            if let (true, Some(r0)) = (never_worse, level.before_r) {
                match after_r {
                    Some(r1) if r1 <= r0 * (1.0 + 1e-9) => {}
                    _ => return None,
                }
            }
            if let (Some(cap), Some(r1)) = (level.cap, after_r) {
                balance += (r1 - (cap * cap + 1.0)).max(0.0);
            }
            for (need, c) in level.need.iter().zip(after.clone()) {
                balance += (need - c).max(0) as f64;
            }
            if level.improve != 0.0 {
                let mut ds = 0.0;
                let mut d = 0.0;
                for ((c1, &c0), &p) in after.zip(&level.before).zip(&level.students) {
                    ds += (c1 * c1 - c0 * c0) as f64 / p;
                    d += (c1 - c0) as f64;
                }
                reward += level.improve * (ds - level.d_coef * d);
            }
        }
        Some(Key {
            targets: u + v,
            balance,
            cost: tally.cost + reward,
        })
    }

    /// The least key over every plan (each eligible teacher stays or takes one
    /// allowed school) that keeps the hard rules, with such a plan as
    /// `(teacher, school)` pairs.
    fn best(&self) -> (Key, Vec<(usize, usize)>) {
        struct Search<'o, 'a> {
            oracle: &'o Oracle<'a>,
            tally: Tally,
            choice: Vec<Option<usize>>,
            best: Option<(Key, Vec<(usize, usize)>)>,
        }
        impl Search<'_, '_> {
            fn go(&mut self, i: usize) {
                let o = self.oracle;
                if i == o.options.len() {
                    let Some(key) = o.judge(&self.tally) else {
                        return;
                    };
                    if self
                        .best
                        .as_ref()
                        .is_none_or(|(b, _)| key.order(b) == std::cmp::Ordering::Less)
                    {
                        let plan = self
                            .choice
                            .iter()
                            .enumerate()
                            .filter_map(|(k, c)| c.map(|c| (o.eligible[k], o.options[k][c].0)))
                            .collect();
                        self.best = Some((key, plan));
                    }
                    return;
                }
                self.choice[i] = None;
                self.go(i + 1);
                let t = o.eligible[i];
                let from = o.county.teachers[t].school;
                for (c, &(s, cost)) in o.options[i].iter().enumerate() {
                    o.apply(&mut self.tally, t, s, cost, 1);
                    // Departures only grow deeper down: prune at the outflow cap.
                    if self.tally.out[from] <= o.outflow_max[from] {
                        self.choice[i] = Some(c);
                        self.go(i + 1);
                    }
                    o.apply(&mut self.tally, t, s, cost, -1);
                }
                self.choice[i] = None;
            }
        }
        let mut search = Search {
            oracle: self,
            tally: self.empty_tally(),
            choice: vec![None; self.options.len()],
            best: None,
        };
        search.go(0);
        search
            .best
            .expect("moving no one keeps every hard rule, never_worse included")
    }

    /// The oracle's key of a plan given as moves, or what is wrong with it.
    fn key_of(&self, moves: &[Move]) -> Result<Key, String> {
        let mut tally = self.empty_tally();
        let mut seen = vec![false; self.county.teachers.len()];
        for m in moves {
            let Some(i) = self.eligible.iter().position(|&t| t == m.teacher) else {
                return Err(format!("teacher {} moves but is not eligible", m.teacher));
            };
            if std::mem::replace(&mut seen[m.teacher], true) {
                return Err(format!("teacher {} moves twice", m.teacher));
            }
            let Some(&(_, cost)) = self.options[i].iter().find(|(s, _)| *s == m.to) else {
                return Err(format!(
                    "teacher {} may not move to school {}",
                    m.teacher, m.to
                ));
            };
            self.apply(&mut tally, m.teacher, m.to, cost, 1);
        }
        self.judge(&tally).ok_or_else(|| {
            "the plan breaks a hard rule (staffing, subject, outflow or CV never worse)".into()
        })
    }
}

/// Checks a round against the oracle:
/// - the plan passes `verify` on every hard rule (`BalanceCv` among them) and the
///   oracle's own reading of them;
/// - its key (target shortfall, balance shortfall, cost) is never below the least
///   key of enumeration, and equals it when no school is nine-year (the model's
///   balance rows are then exact; otherwise they are conservative);
/// - the library's objective, shortfalls and `targets_met` agree with the oracle's
///   reading of the plan.
fn check_round(county: &County, policy: &Policy, label: &str) -> Result<Key, TestCaseError> {
    check_round_with(county, policy, label, Pricing::Auto)
}

/// [`check_round`], with the moves priced in as told (`Pricing::From` prices even
/// these small counties, so that every stage of pricing meets enumeration).
fn check_round_with(
    county: &County,
    policy: &Policy,
    label: &str,
    pricing: Pricing,
) -> Result<Key, TestCaseError> {
    let oracle = Oracle::new(county, policy);
    let (best, best_plan) = oracle.best();
    // Small counties complete a round that chords cut too (see `complete_cut_rows`).
    let options = SolveOptions {
        gap: 0.0,
        threads: Some(1),
        complete_cut_rows: 0,
        ..SolveOptions::default()
    };
    let outcome = Round::new(county, policy)
        .options(options)
        .pricing(pricing)
        .plan()
        .map_err(|e| TestCaseError::fail(format!("{label}: {e}")))?;
    let el = county_eligibility(county, policy);
    let hard: Vec<_> = verify(county, policy, &el, &outcome.moves)
        .into_iter()
        .filter(|v| !v.rule().is_target())
        .collect();
    prop_assert!(hard.is_empty(), "{}: {:?}", label, hard);
    let plan: Vec<(usize, usize)> = outcome.moves.iter().map(|m| (m.teacher, m.to)).collect();
    let key = oracle
        .key_of(&outcome.moves)
        .map_err(|e| TestCaseError::fail(format!("{label}: MIP plan {plan:?}: {e}")))?;
    let order = key.order(&best);
    prop_assert!(
        order != std::cmp::Ordering::Less,
        "{}: the MIP plan {:?} {:?} beats enumeration's best {:?} {:?}",
        label,
        plan,
        key,
        best_plan,
        best
    );
    let nine_year = county.schools.iter().any(|s| s.level == Level::NineYear);
    if !nine_year {
        prop_assert!(
            order == std::cmp::Ordering::Equal,
            "{}: MIP plan {:?} {:?} vs enumeration {:?} {:?}",
            label,
            plan,
            key,
            best_plan,
            best
        );
    }
    let tol = TOL * key.cost.abs().max(1.0);
    prop_assert!(
        (outcome.objective - key.cost).abs() <= tol,
        "{}: objective {} vs the oracle's {}",
        label,
        outcome.objective,
        key.cost
    );
    let s = &outcome.figures.shortfall;
    prop_assert!(
        (s.exchange + s.backbone - key.targets).abs() <= TOL,
        "{}: shortfall {:?} vs the oracle's {}",
        label,
        s,
        key.targets
    );
    // A least shortfall the stages call proven is enumeration's (priced or not), up
    // to HiGHS's absolute gap (10⁻⁶), at which a stage counts as proven.
    if outcome.stages.proven && !nine_year {
        prop_assert!(
            (outcome.stages.least_target_shortfall - best.targets).abs() <= 2e-6,
            "{}: proven least shortfall {} vs enumeration's {}",
            label,
            outcome.stages.least_target_shortfall,
            best.targets
        );
    }
    prop_assert_eq!(
        outcome.targets_met(),
        key.targets <= TOL && key.balance <= TOL,
        "{}: {:?} vs {:?}",
        label,
        outcome.target_violations,
        key
    );
    Ok(best)
}

fn check_against_oracle(seed: u64) -> Result<(), TestCaseError> {
    let county = random_county(seed);
    let policy = random_policy(seed, &county);
    check_round(&county, &policy, &format!("seed {seed}")).map(|_| ())
}

/// Seeds that once exposed a wrong answer from HiGHS (caught by the post-solve check):
/// a re-solve on the instance that had solved the relaxation, and a MIP start. Each
/// is checked with its drawn balance rules and, as it first failed, without any.
#[test]
fn seeds_that_once_failed_match_enumeration() {
    for seed in [
        18430918242172205249,
        7712580177603508774,
        9256191560046385133,
        2757361518857559491,
        3596850604594239942,
    ] {
        check_against_oracle(seed).unwrap();
        let county = random_county(seed);
        let mut policy = random_policy(seed, &county);
        policy.balance = Balance {
            backbone_cv: CvRule::Off,
            ..Balance::default()
        };
        check_round(&county, &policy, &format!("seed {seed} (no balance)")).unwrap();
    }
}

/// Counties where `plan_round` once failed under `backbone_cv = "improve"` although
/// HiGHS found the optimal plan: the reward's coefficients on the balance columns are
/// large (`weights.balance · 1000 · ΣP / (2 CV T²)`, 3·10⁵ to 7·10⁶ here, divided by
/// `P_i` on `z_i`), so HiGHS's feasibility tolerances moved its reported objective
/// about 1e-4 relative below what the plan costs, and the post-solve check refused it.
/// The check now allows for the reward's scale (`BalanceRows::reward_scale`).
#[test]
fn seeds_where_the_improve_reward_failed_the_objective_check() {
    for seed in [
        10361921358395255732,
        1682045145790836925,
        12229857735379432582,
        14679582121369763664,
    ] {
        check_against_oracle(seed).unwrap();
    }
}

/// A teacher of math at `school`, eligible when `years` ≥ 6, living at `home` (else
/// at the school).
fn math_teacher(
    id: &str,
    school: usize,
    backbone: bool,
    years: u32,
    home: Option<(f64, f64)>,
) -> Teacher {
    Teacher {
        id: TeacherId(id.into()),
        name: String::new(),
        school,
        subject: "math".into(),
        gender: Gender::F,
        birth_year: 1985,
        years_at_school: years,
        backbone: if backbone {
            Backbone::County
        } else {
            Backbone::None
        },
        title: Title::Intermediate,
        homeroom: false,
        graduating: false,
        exempt: None,
        home: home.map(|(x_km, y_km)| Position::Grid { x_km, y_km }),
        degree: None,
    }
}

/// Two primary schools 2 km apart, urban S0 (two backbone teachers) and rural S1
/// (none). Eligible: T0 (S0), T1 (S1), and the backbone teacher T2 (S0), who lives
/// 25 km away. The cheapest swap T0 ↔ T1 costs 4 and moves no backbone teacher; the
/// swap T2 ↔ T1 costs about 27 and lowers the CV.
fn two_school_county() -> County {
    let school = |i: usize, zone, x_km| School {
        id: SchoolId(format!("S{i}")),
        name: format!("school {i}"),
        zone,
        level: Level::Primary,
        students: 200,
        position: Position::Grid { x_km, y_km: 0.0 },
    };
    County::new(
        vec![school(0, Zone::Urban, 0.0), school(1, Zone::Rural, 2.0)],
        vec![
            math_teacher("T0", 0, false, 8, None),
            math_teacher("T1", 1, false, 8, None),
            math_teacher("T2", 0, true, 8, Some((0.0, 25.0))),
            math_teacher("T3", 0, true, 2, None),
        ],
        Vec::new(),
    )
}

fn two_school_policy(exchange_rate: f64) -> Policy {
    let mut p = Policy::default();
    p.targets.exchange_rate = exchange_rate;
    p.targets.backbone_share = 0.4;
    p.targets.backbone_base = BackboneBase::Exchanged;
    p.rules.outflow_cap = 1.0;
    p
}

/// The cheapest plan (T0 ↔ T1) misses the backbone target by 0.8 of a teacher; the
/// round takes the dearer swap that meets it.
#[test]
fn a_reachable_target_is_met_at_any_cost() {
    let county = two_school_county();
    let policy = two_school_policy(0.5);
    let best = check_round(&county, &policy, "reachable").unwrap();
    assert!(best.targets == 0.0 && best.balance == 0.0, "{best:?}");
    let outcome = plan_round(&county, &policy, &SolveOptions::default()).unwrap();
    assert!(outcome.targets_met(), "{:?}", outcome.target_violations);
    assert_eq!(outcome.figures.shortfall.exchange, 0.0);
    assert_eq!(outcome.figures.shortfall.backbone, 0.0);
    let mut moved: Vec<usize> = outcome.moves.iter().map(|m| m.teacher).collect();
    moved.sort();
    assert_eq!(moved, [1, 2]);
    assert!(outcome.objective > 20.0, "{}", outcome.objective);
}

/// Every rate 1.0 wants all three eligible teachers to move, but a swap moves two:
/// the least target shortfall is 1 (exchange) + 0 (backbone), by the dearer swap, not
/// 1.8 by the cheaper.
#[test]
fn an_unreachable_target_is_missed_by_the_least() {
    let county = two_school_county();
    let policy = two_school_policy(1.0);
    let best = check_round(&county, &policy, "unreachable").unwrap();
    assert!((best.targets - 1.0).abs() < 1e-9, "{best:?}");
    let outcome = plan_round(&county, &policy, &SolveOptions::default()).unwrap();
    assert!(!outcome.targets_met());
    assert_eq!(outcome.figures.shortfall.exchange, 1.0);
    assert_eq!(outcome.figures.shortfall.backbone, 0.0);
    assert_eq!(outcome.stages.least_target_shortfall.round(), 1.0);
}

/// With a 5% gap, the plan and its bound against enumeration (see the property).
fn within_a_wide_gap(seed: u64, pricing: Pricing) -> Result<(), TestCaseError> {
    within_the_gap(seed, pricing, 0.05)
}

fn within_the_gap(seed: u64, pricing: Pricing, gap: f64) -> Result<(), TestCaseError> {
    // With a gap of 5% (or 0.5%) the stages after the relaxation prove a plan against bounds
    // they derive from reduced costs (the lesser of a narrow MIP's bound and the
    // relaxation's bound plus the slack): that bound may not exceed the optimum of
    // enumeration, and the plan must be within the gap of it. Only counties with no
    // nine-year school (where the model's balance rows are exact) are judged:
    // elsewhere the model is stricter.
    let county = random_county(seed);
    let policy = random_policy(seed, &county);
    prop_assume!(!county.schools.iter().any(|s| s.level == Level::NineYear));
    let oracle = Oracle::new(&county, &policy);
    let (best, _) = oracle.best();
    // Every narrowed MIP is solved however many moves it keeps.
    let options = SolveOptions {
        gap,
        threads: Some(1),
        narrow_share: 1.01,
        complete_cut_rows: 0,
        ..SolveOptions::default()
    };
    let o = Round::new(&county, &policy)
        .options(options)
        .pricing(pricing)
        .plan()
        .unwrap();
    // The cost is judged among the plans with the least shortfalls, which the
    // stages before it prove exactly.
    let key = oracle.key_of(&o.moves).map_err(TestCaseError::fail)?;
    prop_assert!(
        (key.targets - best.targets).abs() <= TOL && (key.balance - best.balance).abs() <= TOL,
        "seed {}: shortfalls {:?} against the least {:?}",
        seed,
        key,
        best
    );
    let tol = 1e-6 * best.cost.abs().max(1.0);
    prop_assert!(
        o.solve.dual_bound <= best.cost + tol,
        "seed {}: bound {} above the optimum {} ({:?})",
        seed,
        o.solve.dual_bound,
        best.cost,
        o.solve.method
    );
    // HiGHS's relative gap, |plan − bound| / |plan| (costs can be negative under
    // the balance reward).
    prop_assert!(
        o.objective - best.cost <= gap * o.objective.abs() + tol,
        "seed {}: plan {} not within {} of the optimum {}",
        seed,
        o.objective,
        gap,
        best.cost
    );
    Ok(())
}

/// A search for a plan under a cutoff that ends empty proves no plan costs less than
/// the cutoff less HiGHS's margin: its own relative gap (`search_gap`, tighter than
/// the solve's gap) of the cutoff, or 1e-6, and 1e-6 of it for rounding
/// (`solve::highs`, `bound_below_cutoff`; the near stage of `solve_with_lp_first`
/// closes on such a proof). Cutoffs half a search gap below the optimum of
/// enumeration (nothing may be found), a half, two and eight above: an empty end must
/// leave that optimum above the margin, and a plan found must cost no less than the
/// optimum and less than the cutoff. (On these small models HiGHS ends empty only
/// under the optimum; the margin itself was measured on the family's counties.)
fn an_empty_search_proves_its_margin(seed: u64) -> Result<(), TestCaseError> {
    let county = random_county(seed);
    let policy = random_policy(seed, &county);
    prop_assume!(!county.schools.iter().any(|s| s.level == Level::NineYear));
    let oracle = Oracle::new(&county, &policy);
    let (best, _) = oracle.best();
    // With a balance shortfall the round's stages count it in the model's own units,
    // and the stage below holds none: a plan missing a CV cap by less than `TOL` is
    // not one it has (seed 4271164777163783935: a cap of 0.00093 missed by 9.4e-8,
    // the model infeasible; the round reaches that plan through its balance stage,
    // as the tests above show). Only float noise counts as no shortfall here.
    prop_assume!(best.balance <= 1e-12);
    let el = county_eligibility(&county, &policy);
    let cands = candidates(&county, &policy, &el);
    // The round's last stage: the least cost with the least shortfalls held.
    let stage = Stage::Cost {
        targets: best.targets + 1e-6,
        balance: 0.0,
    };
    let model = || formulate(&county, &policy, &cands, MoveVariables::Binary, stage);
    let tol = 1e-6 * best.cost.abs().max(1.0);
    let exact = solve(
        model(),
        &SolveOptions {
            gap: 0.0,
            threads: Some(1),
            ..SolveOptions::default()
        },
    )
    .unwrap();
    prop_assert!(
        (exact.objective - best.cost).abs() <= tol,
        "seed {}: model {} against enumeration {}",
        seed,
        exact.objective,
        best.cost
    );
    // A search at a gap of 0.5 %, HiGHS's own a tenth of it, under `cutoff`, with or
    // without a bound proven outside.
    let gap = 5e-3;
    let search_gap = gap / 10.0;
    let search = |cutoff: f64, proven_bound: Option<f64>| {
        let options = SolveOptions {
            gap,
            search_gap: Some(search_gap),
            cutoff: Some(cutoff),
            proven_bound,
            threads: Some(1),
            ..SolveOptions::default()
        };
        solve(model(), &options).unwrap()
    };
    for k in [-0.5, 0.5, 2.0, 8.0] {
        let cutoff = best.cost + k * search_gap * best.cost.abs().max(1.0);
        let o = search(cutoff, None);
        // Under the optimum nothing is found (a plan HiGHS held above the cutoff is
        // marked so), but for one known way: under the improve reward HiGHS may leave
        // the reward's columns below their chords by its feasibility tolerance, which
        // the reward's large coefficients turn into an objective below the plan's cost
        // (seen: a plan of 23.8411 reported at 23.8351, under a cutoff of 23.8351). Such
        // a plan must then cost, exactly, no less than the optimum (its moves fixed and
        // the rest solved again by the simplex, at a vertex), and be reported within
        // 10⁻³ of it.
        if k < 0.0 && o.status != SolveStatus::Infeasible {
            let improve =
                policy.balance.backbone_cv == CvRule::Improve && policy.weights.balance > 0.0;
            prop_assert!(
                improve,
                "seed {}: {:?} {} under the optimum {}",
                seed,
                o.status,
                o.objective,
                best.cost
            );
            let fixed = formulate(
                &county,
                &policy,
                &cands,
                MoveVariables::FixedWhereIntegral(&o.x),
                stage,
            );
            let exact_cost = solve(
                fixed,
                &SolveOptions {
                    gap: 0.0,
                    threads: Some(1),
                    ..SolveOptions::default()
                },
            )
            .unwrap()
            .objective;
            prop_assert!(
                exact_cost >= best.cost - tol && o.objective >= best.cost - 1e-3 * best.cost.abs(),
                "seed {}: a plan of {} (reported {}) under the optimum {}",
                seed,
                exact_cost,
                o.objective,
                best.cost
            );
            continue;
        }
        if o.status == SolveStatus::Infeasible {
            let margin = (search_gap * cutoff.abs()).max(1e-6) + 1e-6 * cutoff.abs().max(1.0);
            prop_assert!(
                best.cost >= cutoff - margin - tol,
                "seed {}: empty under {} (margin {}) above the optimum {}",
                seed,
                cutoff,
                margin,
                best.cost
            );
        } else {
            prop_assert!(
                o.objective >= best.cost - tol && o.objective < cutoff + tol,
                "seed {}: plan {} under the cutoff {}, optimum {}",
                seed,
                o.objective,
                cutoff,
                best.cost
            );
        }
    }
    // As the narrow first stage of `solve_with_lp_first` runs: a bound proven outside
    // (`proven_bound`, here half a gap under the optimum) whose target, the dearest
    // plan within the gap of it, lies above the cutoff (the bound plus the gap's
    // share). A stop at that target is a plan, never an empty end, and what it
    // reports never exceeds the optimum by more than HiGHS's own gap.
    let bound = best.cost - 0.5 * gap * best.cost.abs();
    let cutoff = bound + gap * bound.abs() + 1e-9 * bound.abs().max(1.0);
    let o = search(cutoff, Some(bound));
    // The optimum is under the cutoff: the search may not end empty.
    prop_assert!(
        o.status != SolveStatus::Infeasible,
        "seed {}: empty under {} (bound {}), optimum {}",
        seed,
        cutoff,
        bound,
        best.cost
    );
    prop_assert!(
        o.objective >= best.cost - tol && o.objective <= bound + 2.0 * gap * bound.abs() + tol,
        "seed {}: plan {} against the optimum {} (bound {}, cutoff {})",
        seed,
        o.objective,
        best.cost,
        bound,
        cutoff
    );
    prop_assert!(
        o.dual_bound <= best.cost + search_gap * o.objective.abs() + tol,
        "seed {}: bound {} above the optimum {}",
        seed,
        o.dual_bound,
        best.cost
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mip_optimum_equals_exhaustive_enumeration(seed in any::<u64>()) {
        check_against_oracle(seed)?;
    }

    #[test]
    fn improve_reward_matches_enumeration(seed in any::<u64>()) {
        let county = random_county(seed);
        let mut policy = random_policy(seed, &county);
        policy.balance.backbone_cv = CvRule::Improve;
        policy.weights.balance = [20.0, 200.0][(seed % 2) as usize];
        check_round(&county, &policy, &format!("seed {seed} (improve)"))?;
    }

    #[test]
    fn a_plan_within_a_wide_gap_is_within_it_of_enumeration(seed in any::<u64>()) {
        within_a_wide_gap(seed, Pricing::Auto)?;
    }

    #[test]
    fn a_plan_within_a_narrow_gap_is_within_it_of_enumeration(seed in any::<u64>()) {
        // At half a percent the completed plan is more often far from the bound, in
        // gaps' terms: the narrow stages then run with a growing slack
        // (`solve_with_lp_first`), each proving against its own slack.
        within_the_gap(seed, Pricing::Auto, 0.005)?;
    }

    #[test]
    fn an_empty_search_under_a_cutoff_proves_its_margin(seed in any::<u64>()) {
        an_empty_search_proves_its_margin(seed)?;
    }

    #[test]
    fn a_priced_plan_within_a_wide_gap_is_within_it_of_enumeration(seed in any::<u64>()) {
        // Pricing's completions prove their plans against the Lagrangian bound, and
        // the plans it finds among the priced moves alone only against that bound.
        within_a_wide_gap(seed, Pricing::From(1 + (seed % 2) as usize))?;
    }

    #[test]
    fn priced_optimum_equals_exhaustive_enumeration(seed in any::<u64>()) {
        let county = random_county(seed);
        let policy = random_policy(seed, &county);
        check_round_with(&county, &policy, &format!("seed {seed} (priced)"), Pricing::From(1 + (seed % 2) as usize))?;
    }

    #[test]
    fn lp_first_and_direct_branching_agree(seed in any::<u64>()) {
        let county = random_county(seed);
        let policy = random_policy(seed, &county);
        let a = plan_round(&county, &policy, &SolveOptions { gap: 0.0, ..SolveOptions::default() }).unwrap();
        let b = plan_round(&county, &policy, &SolveOptions { gap: 0.0, lp_first: false, ..SolveOptions::default() }).unwrap();
        prop_assert!((a.objective - b.objective).abs() <= 1e-6 * a.objective.abs().max(1.0));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_generated_county_validates(teachers in 10usize..400, schools in 2usize..30, seed in any::<u64>()) {
        let spec = GeneratorSpec::sized(teachers.max(schools), schools, seed);
        let county = generate(&spec);
        let dir = tempfile::TempDir::new().unwrap();
        rotation::output::instance_tables::write_instance(&county, dir.path(), false, &[]).unwrap();
        let loaded = rotation::input::instance::read_instance(dir.path());
        prop_assert!(loaded.is_ok(), "{:?}", loaded.err().map(|e| e.to_string()));
        let loaded = loaded.unwrap();
        prop_assert_eq!(loaded.county.teachers.len(), county.teachers.len());
        prop_assert_eq!(loaded.county.groups.len(), county.groups.len());
        prop_assert_eq!(loaded.warnings.0.len(), 0);
    }
}

/// A county where HiGHS's aggregator presolve made branch and bound on the full model
/// return a plan costing 70.59 as optimal; enumeration's optimum is 42.75
/// (`solve::highs::PRESOLVE_RULES_OFF`).
/// A seed where HiGHS reported an improve plan 2.5·10⁻⁴ below its cost, under a
/// cutoff below the optimum (see `an_empty_search_proves_its_margin`).
#[test]
fn seeds_where_the_reward_was_reported_below_the_plans_cost() {
    an_empty_search_proves_its_margin(14874385487243017328).unwrap();
}

#[test]
fn seeds_where_presolve_returned_a_worse_plan() {
    for seed in [17292603601995176204] {
        let county = random_county(seed);
        let policy = random_policy(seed, &county);
        let (best, _) = Oracle::new(&county, &policy).best();
        for lp_first in [true, false] {
            let options = SolveOptions {
                gap: 0.0,
                lp_first,
                ..SolveOptions::default()
            };
            let o = plan_round(&county, &policy, &options).unwrap();
            assert!(
                (o.objective - best.cost).abs() <= 1e-6 * best.cost.abs().max(1.0),
                "seed {seed}, lp_first {lp_first}: {} against enumeration's {}",
                o.objective,
                best.cost
            );
        }
    }
}

/// Priced seeds that once went wrong: a balance side with no member gave the reward's
/// column a cost of 0 × ∞ = NaN, on which HiGHS's simplex never returned
/// (7274086155210930544); and a Lagrangian bound above enumeration's optimum, from a
/// plan the rules accept 4.5e-7 outside a linearised CV cap at the shortfall's price
/// (328902092642867184); and starting swaps that broke a rule yet narrowed the last
/// MIP by their cost, so that it missed the optimum (1816666494620701200); and a whole
/// LP solution of the met objective taken as a plan 0.2 backbone teachers short, the
/// improve reward outweighing the shortfall's price (1102404443468160764).
#[test]
fn priced_seeds_that_once_failed_match_enumeration() {
    for seed in [
        7274086155210930544u64,
        328902092642867184,
        1816666494620701200,
        1102404443468160764,
        8342882516459873345,
    ] {
        let county = random_county(seed);
        let policy = random_policy(seed, &county);
        for start in [1, 2] {
            let label = format!("seed {seed}, priced from {start}");
            check_round_with(&county, &policy, &label, Pricing::From(start)).unwrap();
            // (Rejected, not failed, where a nine-year school makes the model stricter.)
            if let Err(TestCaseError::Fail(why)) = within_a_wide_gap(seed, Pricing::From(start)) {
                panic!("{label}: {why}");
            }
        }
    }
}
