//! Tests of the pricing rounds on the restricted LP: deleting columns leaves the LP
//! optimum and the bound as they are; a change of objective reaches a fresh LP's optimum.

use super::*;
use crate::solve::highs::SolveOptions;
use crate::solve::pricing::columns::Reached;
use crate::solve::pricing::every_move::share_bounds;
use crate::solve::pricing::settings::{ADD_PER_TEACHER, LATE_PER_TEACHER};

/// Prices the sample county from the moves between each school and its nearest
/// destination until no move prices in, deleting columns above `purge_above` moves.
fn converge(purge_above: usize) -> (Round, PricingStats, usize) {
    let (county, policy, full) = super::super::sample::haiyan_sample();
    let options = SolveOptions::default();
    let mut live = Restricted::new(&county, &policy, &full, &options).expect("LP");
    live.purge_above = purge_above;
    let first =
        super::super::columns::neighbourhood(&county, &full, &Reached::new(&county, &full), 1);
    live.add(&county, &full, &first).expect("columns");
    let mut stats = PricingStats::default();
    let round = price(&county, &full, &mut live, 0.0, false, false, &mut stats).expect("rounds");
    // Every LP column still maps to its move, and each teacher's columns to theirs.
    let first = live.layout.first_move();
    assert_eq!(live.lp.cols(), first + live.col_move.len());
    for (c, &j) in live.col_move.iter().enumerate() {
        assert!(live.keep[j]);
        let t = full.moves[j].teacher;
        assert!(live.columns_of[t].contains(&((c + first) as u32)));
    }
    assert_eq!(
        live.keep.iter().filter(|&&k| k).count(),
        live.col_move.len()
    );
    (round, stats, live.col_move.len())
}

/// The sample county's restricted LP over the moves between each school and its
/// nearest destination, solved once, and its duals.
fn first_duals() -> (County, Candidates, Restricted, Vec<f64>) {
    let (county, policy, full) = super::super::sample::haiyan_sample();
    let options = SolveOptions::default();
    let mut live = Restricted::new(&county, &policy, &full, &options).expect("LP");
    let first =
        super::super::columns::neighbourhood(&county, &full, &Reached::new(&county, &full), 1);
    live.add(&county, &full, &first).expect("columns");
    let sol = live.solve().expect("LP");
    let y = live.layout.clip(&sol.row_dual);
    (county, full, live, y)
}

/// Pricing split between threads gives what one thread gives: the same least reduced
/// cost of every teacher, and the same moves joining in the same order.
#[test]
fn pricing_in_shares_is_pricing_in_one() {
    let (county, full, live, y) = first_duals();
    let one = price_moves(&county, &full, &live.layout, &live.keep, &y, 3, 1);
    assert!(!one.joining.is_empty(), "moves price in after the first LP");
    assert!(one.best.iter().any(|&b| b < 0.0));
    for shares in [2, 3, 7, 64] {
        let split = price_moves(&county, &full, &live.layout, &live.keep, &y, 3, shares);
        assert_eq!(split.best, one.best, "{shares} shares");
        assert_eq!(split.joining, one.joining, "{shares} shares");
    }
}

/// Shares never split a teacher's moves, cover every move once in order, and come out
/// empty rather than split when a teacher has more moves than a share.
#[test]
fn shares_end_at_teachers() {
    let (_, _, full) = super::super::sample::haiyan_sample();
    let moves = &full.moves;
    let n = moves.len();
    for shares in [1, 2, 3, 7, 64, n / 2, n, n + 5] {
        let b = share_bounds(moves, shares);
        assert_eq!((b[0], *b.last().unwrap()), (0, n), "{shares} shares");
        assert!(b.windows(2).all(|w| w[0] <= w[1]), "{shares} shares");
        assert_eq!(b.len(), shares.clamp(1, n) + 1, "{shares} shares");
        for &i in &b[1..b.len() - 1] {
            assert!(
                i == n || moves[i].teacher != moves[i - 1].teacher,
                "{shares}: {i}"
            );
        }
    }
    // A teacher with more moves than a share: the shares after the cut are empty.
    let b = share_bounds(moves, n);
    assert!(
        b.windows(2).any(|w| w[0] == w[1]),
        "no empty share at one move each"
    );
    assert_eq!(share_bounds(&[], 4), vec![0, 0]);
}

/// With every column at 0 whose reduced cost is above the threshold deleted each
/// round, the rounds end at the same LP optimum and bound as without (every round
/// also checks HiGHS's reduced costs against the layout's, which a column mapped to
/// the wrong move would break), and with fewer columns.
#[test]
fn deleting_priced_out_columns_keeps_the_lp_optimum() {
    let (kept, kept_stats, kept_columns) = converge(usize::MAX);
    let (purged, stats, columns) = converge(0);
    assert_eq!(kept_stats.purged_columns, 0);
    assert!(stats.purged_columns > 0, "some column left");
    assert!(columns < kept_columns, "{columns} against {kept_columns}");
    assert!(kept.converged && purged.converged);
    let lp = |r: &Round| {
        r.x.iter()
            .zip(&super::super::sample::haiyan_sample().2.moves)
            .map(|(x, m)| x * m.cost)
            .sum::<f64>()
    };
    let tol = 1e-6 * lp(&kept).abs().max(1.0);
    assert!(
        (kept.lower_bound - purged.lower_bound).abs() <= tol,
        "bounds {} and {}",
        kept.lower_bound,
        purged.lower_bound
    );
    assert!((lp(&kept) - lp(&purged)).abs() <= tol);
}

/// The sample county with an outflow cap of 10 %, which puts its targets out of reach:
/// the county, the policy, every candidate move and the first columns.
fn short_sample() -> (
    crate::model::county::County,
    crate::model::policy::Policy,
    Candidates,
    Vec<usize>,
) {
    let (county, mut policy, _) = super::super::sample::haiyan_sample();
    policy.rules.outflow_cap = 0.1;
    let eligibility = crate::rules::eligibility::county_eligibility(&county, &policy);
    let full = crate::rules::candidates::candidates(&county, &policy, &eligibility);
    let first =
        super::super::columns::neighbourhood(&county, &full, &Reached::new(&county, &full), 1);
    (county, policy, full, first)
}

/// The least-shortfall LP reached from the met stage's basis (where the rounding row
/// was a cut, and is freed by its surplus column) ends at the optimum that pricing
/// reaches from scratch, and likewise the cost stage after it (which starts from the
/// met stage's basis when the least-shortfall LP kept it, else from scratch). With an
/// outflow cap of 10 % the sample county misses its targets, so the least shortfall is
/// not 0 and the freed rounding row matters.
#[test]
fn switching_objectives_reaches_the_optimum_of_a_fresh_lp() {
    let (county, policy, full, first) = short_sample();
    let options = SolveOptions::default();
    // Each stage's rounds end at its bound (no move joins, or the LP is at the
    // bound, which the comparisons with the full model below check).
    let converge_counting = |live: &mut Restricted| {
        let mut stats = PricingStats::default();
        let round = price(&county, &full, live, 0.0, false, false, &mut stats).expect("rounds");
        (round.lower_bound, stats.lp_iterations)
    };
    let converge = |live: &mut Restricted| converge_counting(live).0;
    let mut warm = Restricted::new(&county, &policy, &full, &options).expect("LP");
    // As when the starting swaps miss the targets.
    warm.let_u_relax_rounding().expect("coefficient");
    assert!(
        warm.layout.rounding.is_some(),
        "the sample has a rounding row"
    );
    warm.add(&county, &full, &first).expect("columns");
    converge(&mut warm);
    warm.set_objective(&full, Objective::Targets)
        .expect("objective");
    let least = converge(&mut warm);
    let mut fresh = Restricted::new(&county, &policy, &full, &options).expect("LP");
    fresh.let_u_relax_rounding().expect("coefficient");
    fresh.add(&county, &full, &first).expect("columns");
    fresh
        .set_objective(&full, Objective::Targets)
        .expect("objective");
    let fresh_least = converge(&mut fresh);
    assert!(least > 0.5, "least shortfall {least}");
    assert!(
        (least - fresh_least).abs() <= 1e-6,
        "{least} against {fresh_least}"
    );
    let cost = Objective::Cost { targets: least };
    warm.set_objective(&full, cost).expect("objective");
    fresh.set_objective(&full, cost).expect("objective");
    let ((a, warm_iterations), (b, fresh_iterations)) =
        (converge_counting(&mut warm), converge_counting(&mut fresh));
    assert!((a - b).abs() <= 1e-6 * a.abs().max(1.0), "{a} against {b}");
    // The warm cost LP starts from the met stage's optimum, which the least-shortfall
    // LP kept; the fresh one (its basis the least-shortfall LP's own) from scratch.
    assert!(
        warm_iterations < fresh_iterations,
        "{warm_iterations} against {fresh_iterations}"
    );
    // Converged, each is the full model's LP relaxation of its stage, written by
    // `formulate` over every candidate (its cuts, `shortfall_rounding` included).
    use crate::solve::formulation::{formulate, MoveVariables, Stage};
    let relaxation = |stage: Stage| {
        let f = formulate(&county, &policy, &full, MoveVariables::Relaxed, stage);
        crate::solve::highs::solve_relaxation(f, &options)
            .expect("LP")
            .expect("feasible")
            .bound
    };
    let full_least = relaxation(Stage::Targets);
    assert!(
        (least - full_least).abs() <= 1e-6,
        "{least} against {full_least}"
    );
    let full_cost = relaxation(Stage::Cost {
        targets: least,
        balance: 0.0,
    });
    assert!(
        (a - full_cost).abs() <= 1e-6 * a.abs().max(1.0),
        "{a} against {full_cost}"
    );
    assert!(
        warm.layout
            .rules
            .targets
            .shortfall_rounding(least)
            .is_some(),
        "the sample's cost stage has a shortfall rounding that lifts the bound"
    );
}

/// The rounds' tail: three moves of a teacher per round until a round's joining moves
/// fall below half the first round's, six from the next round on, even when a later
/// round joins more again.
#[test]
fn six_moves_a_teacher_from_the_tail_on() {
    let mut tail = Tail::default();
    assert_eq!(tail.per_teacher(), ADD_PER_TEACHER);
    for (joining, next) in [
        (1000, ADD_PER_TEACHER),
        (700, ADD_PER_TEACHER),
        (500, ADD_PER_TEACHER),
        (499, LATE_PER_TEACHER),
        (900, LATE_PER_TEACHER),
    ] {
        tail.joined(joining);
        assert_eq!(tail.per_teacher(), next, "after {joining} joined");
    }
}

/// A round's pricing admits up to the given number of moves of each teacher, the most
/// negative ones: six where three were admitted take in the three and more.
#[test]
fn up_to_the_given_moves_of_a_teacher_join() {
    let (county, full, live, y) = first_duals();
    let per = |k: usize| {
        let priced = price_moves(&county, &full, &live.layout, &live.keep, &y, k, 1);
        let mut of = vec![Vec::new(); county.teachers.len()];
        for j in priced.joining {
            of[full.moves[j].teacher].push(j);
        }
        of
    };
    let (three, six) = (per(3), per(6));
    assert!(three.iter().all(|js| js.len() <= 3));
    assert!(six.iter().all(|js| js.len() <= 6));
    assert!(
        six.iter().any(|js| js.len() > 3),
        "some teacher has more than three"
    );
    for (a, b) in three.iter().zip(&six) {
        assert_eq!(&b[..a.len()], &a[..], "the three come first among the six");
    }
}

/// With `u` in the rounding row, the met stage of a county whose targets are out of
/// reach stops short of the backbone moves the row would otherwise buy at `v`'s
/// penalty: its LP moves fewer backbone teachers at less cost, and the least shortfall
/// after it is the same.
#[test]
fn u_in_the_rounding_row_spares_needless_backbone_moves() {
    let (county, policy, full, first) = short_sample();
    let options = SolveOptions::default();
    let met = |relax: bool| {
        let mut live = Restricted::new(&county, &policy, &full, &options).expect("LP");
        if relax {
            live.let_u_relax_rounding().expect("coefficient");
        }
        live.add(&county, &full, &first).expect("columns");
        let mut stats = PricingStats::default();
        let round = price(&county, &full, &mut live, 0.0, false, false, &mut stats).expect("met");
        let rules = &live.layout.rules;
        let share = rules.targets.backbone_share;
        let (cost, backbone) =
            round
                .x
                .iter()
                .zip(&full.moves)
                .fold((0.0, 0.0), |(c, b), (x, m)| {
                    (
                        c + x * m.cost,
                        b + x * (rules.backbone_coef[m.teacher] + share),
                    )
                });
        live.set_objective(&full, Objective::Targets)
            .expect("objective");
        let least = price(&county, &full, &mut live, 0.0, false, false, &mut stats)
            .expect("least")
            .lower_bound;
        (cost, backbone, least, round.shortfall_exchange)
    };
    let (plain, relaxed) = (met(false), met(true));
    assert!(plain.3 > 0.5 && relaxed.3 > 0.5, "{plain:?} {relaxed:?}");
    assert!(relaxed.1 < plain.1 - 0.5, "{plain:?} {relaxed:?}");
    assert!(relaxed.0 < plain.0, "{plain:?} {relaxed:?}");
    assert!((plain.2 - relaxed.2).abs() <= 1e-6, "{plain:?} {relaxed:?}");
}

/// A teacher pinned to move makes exactly one of their moves: their term of the bound
/// is their least reduced cost even where every move of theirs prices above 0 (a
/// teacher free to stay has 0 there), and the other teachers' terms stay as they were.
#[test]
fn a_teacher_pinned_to_move_adds_their_least_reduced_cost_to_the_bound() {
    let (county, full, live, y) = first_duals();
    let free = price_moves(&county, &full, &live.layout, &live.keep, &y, 3, 2);
    let least = |t: usize| {
        full.moves
            .iter()
            .filter(|m| m.teacher == t)
            .map(|m| live.layout.reduced_cost_but_once(&county, m, &y))
            .fold(f64::INFINITY, f64::min)
    };
    // A teacher with moves, all of them priced above 0.
    let t = (0..county.teachers.len())
        .find(|&t| least(t).is_finite() && least(t) > 1e-6)
        .expect("a teacher whose every move prices above 0");
    assert_eq!(free.best[t], 0.0);
    let mut pinned = full.clone();
    pinned.must_move = vec![t];
    let held = price_moves(&county, &pinned, &live.layout, &live.keep, &y, 3, 2);
    assert_eq!(held.best[t], least(t));
    for u in (0..county.teachers.len()).filter(|&u| u != t) {
        assert_eq!(held.best[u], free.best[u], "teacher {u}");
    }
}

/// A teacher pinned to move whom no colleague may replace (their moves are the only
/// candidates: nobody else may move at all): the first restricted LP has no
/// solution, the elastics are let free, and the rounds converge leaning on one;
/// their phase one finds no solution without them and, with pins alone (no returns
/// to name), ends them with an infeasible restricted LP (the round then hands over
/// to the full model, `solve_priced`, and explains the pins). With every move, the same first LP opens them,
/// and the rounds end without one, the elastics held at 0 again.
#[test]
fn a_pin_nobody_can_replace_ends_the_rounds_on_an_elastic() {
    let (county, policy, full) = super::super::sample::haiyan_sample();
    let t = full.moves[0].teacher;
    let run = |keep: &dyn Fn(&crate::rules::candidates::Candidate) -> bool| {
        let mut cands = full.clone();
        cands.moves.retain(|m| keep(m));
        cands.must_move = vec![t];
        let options = SolveOptions::default();
        let mut live = Restricted::new(&county, &policy, &cands, &options).expect("LP");
        assert!(!live.layout.elastic.is_empty());
        let own: Vec<usize> = (0..cands.moves.len())
            .filter(|&j| cands.moves[j].teacher == t)
            .collect();
        live.add(&county, &cands, &own).expect("columns");
        let mut stats = PricingStats::default();
        let result = price(&county, &cands, &mut live, 0.0, false, false, &mut stats);
        (result, stats, live.layout.elastic_open)
    };
    let (alone, stats, _) = run(&|m| m.teacher == t);
    match alone {
        Err(RotationError::Solver(SolverMessage::RestrictedLpStatus { status })) => {
            assert_eq!(status, highs_sys::MODEL_STATUS_INFEASIBLE)
        }
        other => panic!("{:?}", other.map(|r| r.lower_bound)),
    }
    assert_eq!(stats.elastic_opened, 1);
    assert!(stats.phase_one_rounds >= 1);
    // Every move: the chain (or a partner) prices in, and the rounds end with the
    // elastics held at 0 again.
    let (all, stats, open) = run(&|_| true);
    let round = all.expect("rounds with every move");
    assert!(round.converged);
    assert!(!open, "the elastics stay free after the rounds");
    assert_eq!(
        stats.elastic_opened, 1,
        "the first LP, of the pinned moves alone"
    );
}

/// Rounds that converge leaning on an elastic where a solution without them exists
/// (here the elastics made cheaper than any move, so that the pinned teacher's
/// post is left to them): the phase one finds that solution, and the rounds go back
/// to their objective with the elastics held at 0, ending where the rounds at the
/// elastics' own price end.
#[test]
fn the_phase_one_hands_back_where_the_rules_can_hold() {
    let (county, policy, full) = super::super::sample::haiyan_sample();
    let t = full.moves[0].teacher;
    let mut cands = full.clone();
    cands.must_move = vec![t];
    let run = |elastic_cost: Option<f64>| {
        let options = SolveOptions::default();
        let mut live = Restricted::new(&county, &policy, &cands, &options).expect("LP");
        if let Some(cost) = elastic_cost {
            for c in &mut live.layout.elastic {
                c.0 = cost;
            }
            live.set_objective(&cands, Objective::Met).expect("costs");
        }
        let own: Vec<usize> = (0..cands.moves.len())
            .filter(|&j| cands.moves[j].teacher == t)
            .collect();
        live.add(&county, &cands, &own).expect("columns");
        let mut stats = PricingStats::default();
        let round = price(&county, &cands, &mut live, 0.0, false, false, &mut stats);
        let round = round.unwrap_or_else(|e| panic!("{elastic_cost:?}: {e}"));
        assert_eq!(live.layout.objective, Objective::Met);
        assert!(!live.layout.elastic_open);
        (round, stats)
    };
    let (usual, usual_stats) = run(None);
    let (cheap, stats) = run(Some(1e-4));
    assert!(cheap.converged);
    // The phase one ran, and only there.
    assert!(stats.phase_one_rounds >= 1, "{stats:?}");
    assert_eq!(usual_stats.phase_one_rounds, 0);
    let tol = 1e-6 * usual.lower_bound.abs().max(1.0);
    assert!(
        (cheap.lower_bound - usual.lower_bound).abs() <= tol,
        "{} against {}",
        cheap.lower_bound,
        usual.lower_bound
    );
}
