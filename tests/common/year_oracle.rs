//! The brute-force oracle of one round shared by the oracle tests of terms
//! (`terms_oracle.rs`) and of several years (`horizon_oracle.rs`): every plan of a
//! small county enumerated, the least `(target shortfall, cost)` kept. Each test
//! works out who is eligible and what the returns fix, independently of the library,
//! and hands that here.

use rotation::model::county::*;
use rotation::model::policy::*;

/// The subjects of the oracles' random counties.
pub const SUBJECTS: &[&str] = &["math", "chinese"];
const TOL: f64 = 1e-7;

pub fn subject(t: &Teacher) -> usize {
    SUBJECTS.iter().position(|&s| s == t.subject).unwrap()
}

pub struct YearOracle<'a> {
    round: &'a County,
    p: &'a Policy,
    pub eligible: Vec<usize>,
    /// Each eligible teacher's allowed schools and the cost of moving there.
    pub options: Vec<Vec<(usize, f64)>>,
    /// The returns' arrivals minus departures per school, and per (school, subject).
    fixed: Vec<i64>,
    fixed_subject: Vec<[i64; 2]>,
    outflow_max: Vec<i64>,
    exchange_target: f64,
    backbone_target: f64,
}

impl<'a> YearOracle<'a> {
    /// The oracle of `round` under `p`, with the teachers the test found eligible and
    /// the headcounts the returns fix.
    pub fn new(
        round: &'a County,
        p: &'a Policy,
        eligible: Vec<usize>,
        fixed: Vec<i64>,
        fixed_subject: Vec<[i64; 2]>,
    ) -> YearOracle<'a> {
        let options = eligible
            .iter()
            .map(|&t| {
                let from = &round.schools[round.teachers[t].school];
                (0..round.schools.len())
                    .filter(|&s| s != round.teachers[t].school)
                    .filter(|&s| {
                        p.rules.direction == Direction::Any || round.schools[s].zone != from.zone
                    })
                    .filter_map(|s| {
                        let km = round.commute(t, s);
                        (km <= p.rules.max_commute_km).then_some((s, p.weights.km * km))
                    })
                    .collect()
            })
            .collect();
        let outflow_max = round
            .staff()
            .iter()
            .map(|&n| (p.rules.outflow_cap * n as f64 + 1e-9).floor() as i64)
            .collect();
        let e = eligible.len() as f64;
        let eb = eligible
            .iter()
            .filter(|&&t| round.teachers[t].backbone.is_backbone())
            .count() as f64;
        YearOracle {
            round,
            p,
            exchange_target: (p.targets.exchange_rate * e - 1e-9).ceil(),
            backbone_target: (p.targets.backbone_share * eb - 1e-9).ceil(),
            eligible,
            options,
            fixed,
            fixed_subject,
            outflow_max,
        }
    }

    /// `key` of the library's moves, each priced by the oracle's own option (a move
    /// the oracle does not list panics: a teacher it deems ineligible moved).
    pub fn key_of(&self, moves: &[rotation::model::moves::Move]) -> Option<(f64, f64)> {
        let priced: Vec<(usize, usize, f64)> = moves
            .iter()
            .map(|m| {
                let i = self.eligible.iter().position(|&t| t == m.teacher).unwrap();
                let c = self.options[i].iter().find(|o| o.0 == m.to).unwrap().1;
                (m.teacher, m.to, c)
            })
            .collect();
        self.key(&priced)
    }

    /// `(target shortfall, cost)` of a plan, or `None` when it breaks a hard rule.
    pub fn key(&self, moves: &[(usize, usize, f64)]) -> Option<(f64, f64)> {
        let n = self.round.schools.len();
        let (mut net, mut out) = (self.fixed.clone(), vec![0i64; n]);
        let mut sub = self.fixed_subject.clone();
        let (mut moved, mut backbone, mut cost) = (0.0, 0.0, 0.0);
        for &(t, s, c) in moves {
            let teacher = &self.round.teachers[t];
            net[s] += 1;
            net[teacher.school] -= 1;
            out[teacher.school] += 1;
            sub[s][subject(teacher)] += 1;
            sub[teacher.school][subject(teacher)] -= 1;
            moved += 1.0;
            backbone += f64::from(u8::from(teacher.backbone.is_backbone()));
            cost += c;
        }
        let tol = self.p.rules.staffing_tolerance as i64;
        let stol = self.p.rules.subject_tolerance as i64;
        for s in 0..n {
            if net[s].abs() > tol
                || out[s] > self.outflow_max[s]
                || sub[s].iter().any(|&k| k < -stol)
            {
                return None;
            }
        }
        let u = (self.exchange_target - moved).max(0.0);
        let v = match self.p.targets.backbone_base {
            BackboneBase::Exchanged => (self.p.targets.backbone_share * moved - backbone).max(0.0),
            BackboneBase::EligibleBackbone => (self.backbone_target - backbone).max(0.0),
        };
        Some((u + v, cost))
    }

    /// The least key over every plan, by enumeration; `None` when no plan keeps the rules.
    pub fn best(&self) -> Option<(f64, f64)> {
        let mut best: Option<(f64, f64)> = None;
        let mut plan = Vec::new();
        self.go(0, &mut plan, &mut best);
        best
    }

    fn go(&self, i: usize, plan: &mut Vec<(usize, usize, f64)>, best: &mut Option<(f64, f64)>) {
        if i == self.eligible.len() {
            if let Some(k) = self.key(plan) {
                if best.is_none_or(|b| less(k, b)) {
                    *best = Some(k);
                }
            }
            return;
        }
        self.go(i + 1, plan, best);
        for &(s, c) in &self.options[i] {
            plan.push((self.eligible[i], s, c));
            self.go(i + 1, plan, best);
            plan.pop();
        }
    }
}

pub fn less(a: (f64, f64), b: (f64, f64)) -> bool {
    a.0 < b.0 - TOL || (a.0 <= b.0 + TOL && a.1 < b.1 - TOL * b.1.abs().max(1.0))
}
