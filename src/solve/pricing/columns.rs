//! Which candidate moves a restricted model holds: the first columns of pricing, and
//! the candidates a completing MIP is built over.

use crate::model::county::County;
use crate::rules::candidates::Candidates;

/// The moves of `full` marked in `keep`, in `full`'s order, and their indices.
pub(super) fn restrict(full: &Candidates, keep: &[bool]) -> (Candidates, Vec<usize>) {
    let index: Vec<usize> = (0..full.moves.len()).filter(|&j| keep[j]).collect();
    let restricted = Candidates {
        moves: index.iter().map(|&j| full.moves[j]).collect(),
        eligible: full.eligible.clone(),
        stranded: full.stranded.clone(),
        must_move: full.must_move.clone(),
    };
    (restricted, index)
}

/// The first restricted model: every move between two schools that are among each
/// other's `k` nearest destinations (in either direction), so that subject
/// circulations can close from the first round: a rural school far from the urban
/// core is nobody's nearest school, yet its teachers need someone to take their posts.
pub(super) fn neighbourhood(
    county: &County,
    full: &Candidates,
    reached: &Reached,
    k: usize,
) -> Vec<usize> {
    let pair = reached.nearest(county, k);
    (0..full.moves.len())
        .filter(|&j| {
            let m = &full.moves[j];
            pair.contains(county.teachers[m.teacher].school, m.school)
        })
        .collect()
}

/// Pairs `(from, to)` of schools, as a table of every pair: asked once for each of
/// the 14 million candidate moves at 100,000 teachers, where a hashed set took about
/// a second a scan.
pub(super) struct SchoolPairs {
    schools: usize,
    pair: Vec<bool>,
}

impl SchoolPairs {
    fn new(schools: usize) -> SchoolPairs {
        SchoolPairs {
            schools,
            pair: vec![false; schools * schools],
        }
    }

    fn insert(&mut self, from: usize, to: usize) {
        self.pair[from * self.schools + to] = true;
    }

    pub(super) fn contains(&self, from: usize, to: usize) -> bool {
        self.pair[from * self.schools + to]
    }
}

/// The pairs `(from, to)` of schools that some candidate move joins: a scan of every
/// candidate move (14 million at 100,000 teachers, about 0.1 s), made once per solve
/// and asked for the nearest pairs by the first columns and by each pass of the
/// starting swaps.
pub(super) struct Reached(SchoolPairs);

impl Reached {
    pub(super) fn new(county: &County, full: &Candidates) -> Reached {
        // A table, not a list of every move's destination: 14 million entries at
        // 100,000 teachers to sort.
        let mut reached = SchoolPairs::new(county.schools.len());
        for m in &full.moves {
            reached.insert(county.teachers[m.teacher].school, m.school);
        }
        Reached(reached)
    }

    /// The pairs `(from, to)` of schools among each other's `k` nearest reached
    /// destinations (in either direction).
    pub(super) fn nearest(&self, county: &County, k: usize) -> SchoolPairs {
        let schools = county.schools.len();
        let mut pair = SchoolPairs::new(schools);
        for a in 0..schools {
            let pa = &county.schools[a].position;
            let mut by_km: Vec<(f64, usize)> = (0..schools)
                .filter(|&b| self.0.contains(a, b))
                .map(|b| (pa.distance_km(&county.schools[b].position), b))
                .collect();
            by_km.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            for &(_, b) in by_km.iter().take(k) {
                pair.insert(a, b);
                pair.insert(b, a);
            }
        }
        pair
    }
}
