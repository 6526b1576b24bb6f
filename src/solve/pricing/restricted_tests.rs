//! Tests of the restricted LP's rounds: deleting columns leaves the LP optimum and
//! the bound as they are.

use super::*;

/// Prices the sample county from the moves between each school and its nearest
/// destination until no move prices in, deleting columns above `purge_above` moves.
fn converge(purge_above: usize) -> (Round, PricingStats, usize) {
    let (county, policy, full) = super::super::sample::haiyan_sample();
    let options = SolveOptions::default();
    let mut live = Restricted::new(&county, &policy, &full, &options).expect("LP");
    live.purge_above = purge_above;
    let first = super::super::columns::neighbourhood(&county, &full, 1);
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
