//! The moves a round must make, and the chains of moves that refill the posts they
//! leave, found without the solver: the plan written when the time limit ends a round
//! before any plan where nobody moving breaks a hard rule (a teacher is pinned to
//! move, or this year's returns leave a school short of a subject or over its
//! headcount). Moving nobody is then no plan, and an error with nothing written would
//! leave the bureau with nothing for lack of time.
//!
//! Long file: the rows' activities, the breaches they show and the searches that mend
//! them share one state (`Flows`) and are read together.
//!
//! The staffing and subject rows are flows: a school that loses a teacher of a
//! subject it cannot spare must receive one, a school over its headcount must send
//! one. Each breach is mended by the cheapest path of moves (a Dijkstra search over
//! `(school, subject)` states, by the moves' costs): from a school that can spare a
//! teacher to the school short of one, or from the school over its headcount to one
//! that can take a teacher. A path passes each school once; the schools on its way
//! receive one teacher and send one (of the same subject, or of two whose rows a
//! subject tolerance leaves room in), within their outflow caps, so their rows hold
//! as they did. Paths that end at a school breaking a row the other way are taken
//! first, then paths whose teachers the balance indicator all counts or all does not,
//! and no path that makes a never-worse row worse. The plan is checked against every
//! rule at the end and refused (the round then reports the time limit) when one but
//! the two targets breaks. It is a heuristic: when a breach has no path among the
//! moves not yet taken (no move is ever undone), or the search outlasts [`GRACE`],
//! there is no plan. Its two indexes of the moves (by destination and by home, each
//! subject apart) hold a `u32` per move: about 112 MB at 14 million candidate moves.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::model::county::County;
use crate::model::policy::Policy;
use crate::rules::candidates::Candidates;
use crate::rules::verify::Rule;
use crate::solve::model_rules::{teacher_runs, ModelRules, Row, Sense};

/// A plan found without the solver: the moves (indices into the candidates) and its
/// `(exchange, backbone)` shortfall against the targets, which it need not meet.
#[derive(Debug, Clone, PartialEq)]
pub struct Refill {
    /// The chosen moves, indices into `Candidates::moves`, in the order taken.
    pub moves: Vec<usize>,
    /// The shortfall against the exchange and the backbone targets.
    pub shortfall: (f64, f64),
}

/// How long the search may take: it runs once the time limit is past, so it gives
/// up (no plan) rather than keep the command waiting.
pub const GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// The plan that moves every teacher pinned to move (each by a move that leaves the
/// never-worse rows no worse, to a school that can take them, the cheapest such
/// first) and refills what they and this year's returns leave, by the cheapest
/// chains of moves; `None` when a breach has no chain, the search takes longer than
/// [`GRACE`], or the plan breaks a rule other than the targets. With nothing to mend
/// it moves nobody (the returns alone keep every rule).
pub fn plan(county: &County, policy: &Policy, full: &Candidates) -> Option<Refill> {
    let rules = ModelRules::new(county, policy, full);
    let deadline = std::time::Instant::now() + GRACE;
    let mut indexes = (None, None);
    // No move is undone: a path may take the teacher a later breach needed. The
    // breaches are mended again in another order (the indexes kept) before giving up.
    for order in [Order::First, Order::Last, Order::OverFirst] {
        let mut flows = Flows::new(county, full, &rules);
        flows.deadline = Some(deadline);
        (flows.into, flows.from) = indexes;
        let mended = mend(&mut flows, full, order);
        indexes = (flows.into.take(), flows.from.take());
        if mended.is_none() {
            if std::time::Instant::now() > deadline {
                return None;
            }
            continue;
        }
        if let Some(shortfall) = judge(county, policy, full, &flows.chosen, false) {
            return Some(Refill {
                moves: flows.chosen,
                shortfall,
            });
        }
    }
    None
}

/// Which breach is mended next.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Order {
    /// The first school's (subjects before headcounts).
    First,
    /// The last school's.
    Last,
    /// The first school over a row's bound, then the first short of one.
    OverFirst,
}

/// Moves the pinned teachers and mends every breach in `order`; `None` when a breach
/// has no path.
fn mend(flows: &mut Flows, full: &Candidates, order: Order) -> Option<()> {
    for (t, run) in teacher_runs(&full.moves) {
        if full.must_move.binary_search(&t).is_err() {
            continue;
        }
        // A school that can take them, by a move that leaves the balance rules'
        // never-worse rows no worse, first; then the cheapest.
        let rank = |j: usize| {
            let to = full.moves[j].school;
            (
                !flows.keeps_balance(&[j]),
                !flows.may_take(to, flows.subject(t)),
            )
        };
        let j = run.min_by(|&a, &b| {
            rank(a)
                .cmp(&rank(b))
                .then(full.moves[a].cost.total_cmp(&full.moves[b].cost))
                .then(a.cmp(&b))
        })?;
        flows.take(j);
    }
    // Each path mends one unit of breach and breaks nothing, so the breaches, counted
    // once, bound the paths; the bound only guards against a mistake looping.
    let mut budget = 2 * flows.breach_units() + 1;
    while let Some(breach) = flows.next_breach(order) {
        if budget == 0 {
            return None;
        }
        budget -= 1;
        let path = flows.path(breach)?;
        for j in path {
            flows.take(j);
        }
    }
    Some(())
}

/// `chosen` (indices into `full.moves`) as a plan of the round: `None` unless it
/// moves every teacher pinned to move and breaks no rule but, unless `met`, the two
/// targets; else its `(exchange, backbone)` shortfall as the model counts it. A
/// pinned teacher's move is excused where they are not eligible, as the round's
/// check excuses it.
pub(crate) fn judge(
    county: &County,
    policy: &Policy,
    full: &Candidates,
    chosen: &[usize],
    met: bool,
) -> Option<(f64, f64)> {
    let moves: Vec<crate::model::moves::Move> = chosen
        .iter()
        .map(|&j| {
            let m = &full.moves[j];
            crate::model::moves::Move {
                teacher: m.teacher,
                to: m.school,
                km: m.km,
            }
        })
        .collect();
    if !full
        .must_move
        .iter()
        .all(|&t| moves.iter().any(|m| m.teacher == t))
    {
        return None;
    }
    let eligibility = crate::rules::eligibility::county_eligibility(county, policy);
    let excused: Vec<usize> = full
        .must_move
        .iter()
        .copied()
        .filter(|&t| !eligibility[t].is_eligible())
        .collect();
    let broken =
        crate::rules::verify::verify_excusing(county, policy, &eligibility, &moves, &excused);
    let allowed = |rule| !met && matches!(rule, Rule::ExchangeTarget | Rule::BackboneTarget);
    if broken.iter().any(|v| !allowed(v.rule())) {
        return None;
    }
    if met {
        return Some((0.0, 0.0));
    }
    let short = crate::rules::metrics::plan_figures(county, policy, &eligibility, &moves).shortfall;
    Some((short.exchange, short.backbone))
}

/// A row's bound holds for `activity`; no row, no bound.
fn holds(row: Option<Row>, activity: i64) -> bool {
    let Some(row) = row else { return true };
    let a = activity as f64;
    match row.sense {
        Sense::Ge => a >= row.rhs - 1e-9,
        Sense::Le => a <= row.rhs + 1e-9,
        Sense::Eq => (a - row.rhs).abs() <= 1e-9,
    }
}

/// A breach of a staffing or subject row, as the unit of flow that mends it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Breach {
    /// The school must receive a teacher of the subject (`None`: of any subject).
    Short(usize, Option<u32>),
    /// The school must send a teacher of the subject (`None`: of any subject).
    Over(usize, Option<u32>),
}

/// The activities of the staffing, subject and outflow rows under the moves taken.
struct Flows<'a> {
    county: &'a County,
    full: &'a Candidates,
    rules: &'a ModelRules,
    /// Per school: arrivals − departures.
    staff: Vec<i64>,
    /// Per `school · subjects + subject`: arrivals − departures.
    subject: Vec<i64>,
    /// Per school: departures.
    out: Vec<u32>,
    /// Per school: arrivals − departures of teachers the balance indicator counts.
    members: Vec<i64>,
    /// Per teacher: the balance indicator counts them (on their level).
    member: Vec<bool>,
    /// Per level with a never-worse row: its index in `rules.balance.sides`, the
    /// `Δ` of each of its terms, and the row's activity (at most 0 before the plan).
    never_worse: Vec<(usize, Vec<i64>, f64)>,
    /// Per teacher: moved (taken, or pinned and taken).
    moved: Vec<bool>,
    chosen: Vec<usize>,
    /// Moves by `(destination · subjects + subject)`, and by `(home · subjects +
    /// subject)`, built at the first search.
    into: Option<Index>,
    from: Option<Index>,
    /// When the searches give up.
    deadline: Option<std::time::Instant>,
}

/// Move indices grouped by a key, compressed (the key's moves are
/// `moves[start[k]..start[k + 1]]`).
struct Index {
    start: Vec<usize>,
    moves: Vec<u32>,
}

impl Index {
    fn new(keys: usize, full: &Candidates, key: impl Fn(usize) -> usize) -> Index {
        let mut start = vec![0usize; keys + 1];
        for j in 0..full.moves.len() {
            start[key(j) + 1] += 1;
        }
        for k in 0..keys {
            start[k + 1] += start[k];
        }
        let mut next = start.clone();
        let mut moves = vec![0u32; full.moves.len()];
        for j in 0..full.moves.len() {
            let k = key(j);
            moves[next[k]] = j as u32;
            next[k] += 1;
        }
        Index { start, moves }
    }

    fn of(&self, k: usize) -> impl Iterator<Item = usize> + '_ {
        self.moves[self.start[k]..self.start[k + 1]]
            .iter()
            .map(|&j| j as usize)
    }
}

impl<'a> Flows<'a> {
    fn new(county: &'a County, full: &'a Candidates, rules: &'a ModelRules) -> Flows<'a> {
        let schools = county.schools.len();
        Flows {
            county,
            full,
            rules,
            staff: vec![0; schools],
            subject: vec![0; schools * rules.subjects],
            out: vec![0; schools],
            members: vec![0; schools],
            member: (0..county.teachers.len())
                .map(|t| rules.balance.sides.iter().any(|side| side.member[t]))
                .collect(),
            never_worse: (rules.balance.sides.iter().enumerate())
                .filter(|(_, side)| side.never_worse)
                .map(|(i, side)| (i, vec![0; side.terms.len()], 0.0))
                .collect(),
            moved: vec![false; county.teachers.len()],
            chosen: Vec::new(),
            into: None,
            from: None,
            deadline: None,
        }
    }

    fn subject(&self, t: usize) -> u32 {
        self.rules.subject_of[t]
    }

    fn home(&self, t: usize) -> usize {
        self.county.teachers[t].school
    }

    fn key(&self, s: usize, subject: u32) -> usize {
        s * self.rules.subjects + subject as usize
    }

    fn staffing_holds(&self, s: usize, activity: i64) -> (bool, bool) {
        match self.rules.staffing[s] {
            None => (true, true),
            Some((hi, lo)) => (holds(Some(hi), activity), holds(Some(lo), activity)),
        }
    }

    /// School `s` can take one more teacher of `subject` and break no row it did not
    /// break already.
    fn may_take(&self, s: usize, subject: u32) -> bool {
        let k = self.key(s, subject);
        let (row, a) = (self.rules.subject_row[k], self.subject[k]);
        self.staffing_holds(s, self.staff[s] + 1).0
            && (holds(row, a + 1) || row.is_some_and(|r| (a as f64) < r.rhs))
    }

    /// School `s` can send one more teacher of `subject` away and break no row it
    /// did not break already.
    fn may_send(&self, s: usize, subject: u32) -> bool {
        let k = self.key(s, subject);
        let (row, a) = (self.rules.subject_row[k], self.subject[k]);
        self.out[s] < self.rules.outflow_cap[s]
            && self.staffing_holds(s, self.staff[s] - 1).1
            && (holds(row, a - 1)
                || row.is_some_and(|r| r.sense == Sense::Eq && (a as f64) > r.rhs))
    }

    fn take(&mut self, j: usize) {
        let m = &self.full.moves[j];
        let (t, to) = (m.teacher, m.school);
        let (from, subject) = (self.home(t), self.subject(t));
        self.moved[t] = true;
        self.chosen.push(j);
        self.staff[to] += 1;
        self.staff[from] -= 1;
        let (kt, kf) = (self.key(to, subject), self.key(from, subject));
        self.subject[kt] += 1;
        self.subject[kf] -= 1;
        self.out[from] += 1;
        if self.member[t] {
            self.members[to] += 1;
            self.members[from] -= 1;
        }
        let sides = &self.rules.balance.sides;
        for (i, delta, activity) in &mut self.never_worse {
            let side = &sides[*i];
            for (k, change) in side.shifts(t, from, to) {
                *activity +=
                    side.term_activity(k, delta[k] + change) - side.term_activity(k, delta[k]);
                delta[k] += change;
            }
        }
    }

    /// The moves of `path` taken together leave every never-worse row no worse than
    /// it is, or within its bound.
    fn keeps_balance(&self, path: &[usize]) -> bool {
        let sides = &self.rules.balance.sides;
        self.never_worse.iter().all(|(i, delta, activity)| {
            let side = &sides[*i];
            let mut changes: Vec<(usize, i64)> = Vec::new();
            for &j in path {
                let m = &self.full.moves[j];
                for (k, change) in side.shifts(m.teacher, self.home(m.teacher), m.school) {
                    match changes.iter_mut().find(|(term, _)| *term == k) {
                        Some((_, c)) => *c += change,
                        None => changes.push((k, change)),
                    }
                }
            }
            let after = activity
                + changes
                    .iter()
                    .map(|&(k, c)| {
                        side.term_activity(k, delta[k] + c) - side.term_activity(k, delta[k])
                    })
                    .sum::<f64>();
            after <= activity.max(0.0) + 1e-9
        })
    }

    /// The breaches, a unit each: how far every row is from its bound.
    fn breach_units(&self) -> usize {
        let mut units = 0;
        for s in 0..self.county.schools.len() {
            if let Some((hi, lo)) = self.rules.staffing[s] {
                units += (self.staff[s] as f64 - hi.rhs).max(0.0) as usize;
                units += (lo.rhs - self.staff[s] as f64).max(0.0) as usize;
            }
            for subject in 0..self.rules.subjects {
                let k = s * self.rules.subjects + subject;
                if let Some(row) = self.rules.subject_row[k] {
                    let (lo, hi) = row.bounds();
                    let a = self.subject[k] as f64;
                    units += ((lo - a).max(0.0) + (a - hi).max(0.0)).ceil() as usize;
                }
            }
        }
        units
    }

    /// Every row broken, by school: subjects before headcounts (a subject's path
    /// mends the headcount too).
    fn breaches(&self) -> Vec<Breach> {
        let subjects = self.rules.subjects;
        let mut found = Vec::new();
        for s in 0..self.county.schools.len() {
            for subject in 0..subjects {
                let k = s * subjects + subject;
                let Some(row) = self.rules.subject_row[k] else {
                    continue;
                };
                if holds(Some(row), self.subject[k]) {
                    continue;
                }
                let subject = Some(subject as u32);
                found.push(if (self.subject[k] as f64) < row.rhs {
                    Breach::Short(s, subject)
                } else {
                    Breach::Over(s, subject)
                });
            }
        }
        found.extend((0..self.county.schools.len()).filter_map(|s| {
            match self.staffing_holds(s, self.staff[s]) {
                (false, _) => Some(Breach::Over(s, None)),
                (_, false) => Some(Breach::Short(s, None)),
                _ => None,
            }
        }));
        found
    }

    /// The breach to mend next, in `order`.
    fn next_breach(&self, order: Order) -> Option<Breach> {
        let found = self.breaches();
        match order {
            Order::First => found.first().copied(),
            Order::Last => found.last().copied(),
            Order::OverFirst => found
                .iter()
                .find(|b| matches!(b, Breach::Over(..)))
                .or(found.first())
                .copied(),
        }
    }

    /// A subject row's bound holds at `delta` from its activity, or `delta` moves
    /// it towards its bound.
    fn subject_allows(&self, s: usize, subject: u32, delta: i64) -> bool {
        let k = self.key(s, subject);
        let (row, a) = (self.rules.subject_row[k], self.subject[k]);
        holds(row, a + delta)
            || row.is_some_and(|r| {
                let (lo, hi) = r.bounds();
                (delta > 0 && (a as f64) < lo) || (delta < 0 && (a as f64) > hi)
            })
    }

    /// School `s` breaks a row the other way of `backward`'s breach: over its
    /// headcount or a subject's (a donor that must send anyway), or, forward, short
    /// of its headcount or of `subject` (a school that must receive anyway).
    fn needy(&self, s: usize, subject: u32, backward: bool) -> bool {
        let (hi, lo) = self.staffing_holds(s, self.staff[s]);
        let k = self.key(s, subject);
        let row = self.rules.subject_row[k].map(Row::bounds);
        let a = self.subject[k] as f64;
        if backward {
            !hi || row.is_some_and(|(_, h)| a > h)
        } else {
            !lo || row.is_some_and(|(l, _)| a < l)
        }
    }

    /// The cheapest path of moves that mends `breach`, as move indices: first one
    /// that ends at a school breaking a row the other way (mending two breaches),
    /// then any; `None` when there is none among the moves of teachers not yet moved.
    fn path(&mut self, breach: Breach) -> Option<Vec<usize>> {
        let subjects = self.rules.subjects;
        let keys = self.county.schools.len() * subjects;
        let backward = matches!(breach, Breach::Short(..));
        if backward && self.into.is_none() {
            let index = Index::new(keys, self.full, |j| {
                let m = &self.full.moves[j];
                m.school * subjects + self.rules.subject_of[m.teacher] as usize
            });
            self.into = Some(index);
        }
        if !backward && self.from.is_none() {
            let index = Index::new(keys, self.full, |j| {
                let t = self.full.moves[j].teacher;
                self.county.teachers[t].school * subjects + self.rules.subject_of[t] as usize
            });
            self.from = Some(index);
        }
        let any_needy =
            (0..keys).any(|k| self.needy(k / subjects, (k % subjects) as u32, backward));
        // Teachers the balance indicator counts when the school has lost some (short)
        // or gained some (over), else teachers it does not count: a path of one kind
        // leaves the indicator's counts of the schools on its way as they were, and
        // of the others it changes none. Any kind only when neither finds a path.
        let s = match breach {
            Breach::Short(s, _) | Breach::Over(s, _) => s,
        };
        let kind = if backward {
            self.members[s] < 0
        } else {
            self.members[s] > 0
        };
        let tries = [
            (true, Some(kind)),
            (false, Some(kind)),
            (true, None),
            (false, None),
        ];
        tries
            .into_iter()
            .filter(|&(needy, _)| any_needy || !needy)
            .find_map(|(needy, kind)| self.search(breach, needy, kind))
    }

    /// Dijkstra over `(school, subject)` states by the moves' costs. Backward (a
    /// school short of a teacher), a state is a school sending a teacher of the
    /// subject towards the breach; forward (a school over its headcount), a school
    /// receiving one from it. A path ends at a school that may send (backward) or
    /// take (forward) that teacher and break no row it did not break already (with
    /// `needy_only`, one breaking a row the other way), and that leaves the balance
    /// rules' never-worse rows no worse (`keeps_balance`); with `kind`, every teacher on
    /// it is one the balance indicator counts, or every one is not. A school on the way receives
    /// one teacher and sends one: of the same subject, or of two whose rows both
    /// allow it (a subject tolerance), and within its outflow cap.
    fn search(&self, breach: Breach, needy_only: bool, kind: Option<bool>) -> Option<Vec<usize>> {
        let subjects = self.rules.subjects;
        let keys = self.county.schools.len() * subjects;
        let (school, wanted, backward) = match breach {
            Breach::Short(s, subject) => (s, subject, true),
            Breach::Over(s, subject) => (s, subject, false),
        };
        let index = if backward { &self.into } else { &self.from };
        let index = index.as_ref().expect("built by path");
        let mut dist = vec![f64::INFINITY; keys];
        // Per state: the move that reached it and the state it came from (`None`:
        // the breach's school).
        let mut parent: Vec<Option<(usize, Option<usize>)>> = vec![None; keys];
        let mut heap = BinaryHeap::new();
        // The states a school in the middle of a path may go on with, given the
        // subject it is reached with.
        let next_subjects = |s: usize, reached: Option<u32>| -> Vec<u32> {
            (0..subjects as u32)
                .filter(|&other| match (reached, wanted) {
                    // The breach's school: the subject it needs (within its headcount)
                    // or can spare (within its outflow cap and headcount).
                    (None, Some(w)) if backward => {
                        other == w && self.staffing_holds(s, self.staff[s] + 1).0
                    }
                    (None, Some(w)) => {
                        other == w
                            && self.out[s] < self.rules.outflow_cap[s]
                            && self.staffing_holds(s, self.staff[s] - 1).1
                    }
                    (None, None) => {
                        if backward {
                            self.subject_allows(s, other, 1)
                        } else {
                            self.may_send(s, other)
                        }
                    }
                    (Some(r), _) if r == other => true,
                    (Some(r), _) if backward => {
                        self.subject_allows(s, r, -1) && self.subject_allows(s, other, 1)
                    }
                    (Some(r), _) => {
                        self.subject_allows(s, r, 1) && self.subject_allows(s, other, -1)
                    }
                })
                .collect()
        };
        let expand = |s: usize,
                      reached: Option<usize>,
                      d: f64,
                      dist: &mut Vec<f64>,
                      parent: &mut Vec<Option<(usize, Option<usize>)>>,
                      heap: &mut BinaryHeap<Reverse<(Cost, usize)>>| {
            let subject = reached.map(|k| (k % subjects) as u32);
            for other in next_subjects(s, subject) {
                for j in index.of(self.key(s, other)) {
                    let m = &self.full.moves[j];
                    if self.moved[m.teacher] || kind.is_some_and(|k| k != self.member[m.teacher]) {
                        continue;
                    }
                    let to = if backward {
                        self.home(m.teacher)
                    } else {
                        m.school
                    };
                    if to == school || on_path(to, reached, parent, subjects) {
                        continue;
                    }
                    let next = self.key(to, other);
                    let nd = d + m.cost.max(0.0);
                    if nd < dist[next] {
                        dist[next] = nd;
                        parent[next] = Some((j, reached));
                        heap.push(Reverse((Cost(nd), next)));
                    }
                }
            }
        };
        expand(school, None, 0.0, &mut dist, &mut parent, &mut heap);
        let mut popped = 0u32;
        while let Some(Reverse((Cost(d), k))) = heap.pop() {
            popped = popped.wrapping_add(1);
            if popped.is_multiple_of(256)
                && self
                    .deadline
                    .is_some_and(|end| std::time::Instant::now() > end)
            {
                return None;
            }
            if d > dist[k] {
                continue;
            }
            let (s, subject) = (k / subjects, (k % subjects) as u32);
            let ends = if backward {
                self.may_send(s, subject)
            } else {
                self.may_take(s, subject)
            };
            if ends && (!needy_only || self.needy(s, subject, backward)) {
                let path = self.walk(k, &parent);
                if self.keeps_balance(&path) {
                    return Some(path);
                }
            }
            // On the way: it receives one and sends one.
            if self.out[s] < self.rules.outflow_cap[s] {
                expand(s, Some(k), d, &mut dist, &mut parent, &mut heap);
            }
        }
        None
    }

    /// The moves of the path that ends at state `k`, followed back to the breach.
    /// (Every state on it is of another school: `on_path`.)
    fn walk(&self, mut k: usize, parent: &[Option<(usize, Option<usize>)>]) -> Vec<usize> {
        let mut path = Vec::new();
        while let Some((j, from)) = parent[k] {
            path.push(j);
            match from {
                Some(prev) => k = prev,
                None => break,
            }
        }
        path
    }
}

/// School `school` is on the path that reached state `reached` (followed back by
/// `parent` to the breach): a path passes each school once, so the rows of a school
/// on its way move by one arrival and one departure, and its outflow by one.
fn on_path(
    school: usize,
    mut reached: Option<usize>,
    parent: &[Option<(usize, Option<usize>)>],
    subjects: usize,
) -> bool {
    while let Some(k) = reached {
        if k / subjects == school {
            return true;
        }
        reached = parent[k].and_then(|(_, from)| from);
    }
    false
}

/// A path's cost, ordered for the heap (costs are finite).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cost(f64);

impl Eq for Cost {}

impl PartialOrd for Cost {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Cost {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[cfg(test)]
#[path = "refill_tests.rs"]
mod tests;
