//! Tests of the live LP's layout: the chord rows that join as solutions need them.

use super::*;

fn sample() -> (County, Layout) {
    let (county, policy, full) = super::super::sample::haiyan_sample();
    let layout = Layout::new(&county, ModelRules::new(&county, &policy, &full), &full);
    (county, layout)
}

/// A chord joins when a solution cuts below it, and only then: the one over the
/// whole step holding `Δ`, once; a solution on the true curve asks for none.
#[test]
fn a_chord_joins_only_where_the_solution_cuts_below_it() {
    let (_, mut layout) = sample();
    let i = layout
        .chords
        .iter()
        .position(|c| c.term.hi >= 4 && c.term.hi > c.term.lo + 4)
        .expect("a judged school whose count can rise by 4");
    let d = layout.chords[i].term.clone();
    assert_eq!(
        layout.chords[i].written.iter().filter(|&&w| w).count(),
        2,
        "the first LP holds the chords through -1, 0 and 1"
    );
    let first = 2 + layout.aggregates.len();
    let (dc, zc) = (first + 2 * i, first + 2 * i + 1);
    let mut x = vec![0.0; layout.first_move()];
    // On the curve at a whole point (z = (C + 3)² − C²): nothing to add.
    x[dc] = 3.0;
    x[zc] = d.z_of(3);
    assert!(layout.cut_chords(&x).is_empty());
    // Halfway between 2 and 3, below the chord through them.
    x[dc] = 2.5;
    x[zc] = 0.5 * (d.z_of(2) + d.z_of(3)) - 1.0;
    let rows_before = layout.rows();
    let rows = layout.cut_chords(&x);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let (lo, hi, entries) = rows[0];
    let slope = (2 * d.before + 5) as f64;
    assert_eq!((lo, hi), (-6.0, f64::INFINITY));
    assert_eq!(entries, [(zc as u32, 1.0), (dc as u32, -slope)]);
    assert_eq!(layout.rows(), rows_before + 1);
    // The chord is in the columns' entries, so the Lagrangian bound prices it.
    let r = rows_before as u32;
    assert!(layout.fixed_columns()[zc].3.contains(&(r, 1.0)));
    assert!(layout.fixed_columns()[dc].3.contains(&(r, -slope)));
    // Written once.
    assert!(layout.cut_chords(&x).is_empty());
    // At that chord the solution is feasible for every chord: z ≥ each at Δ.
    x[zc] = 0.5 * (d.z_of(2) + d.z_of(3));
    for (slope, intercept) in d.chords() {
        assert!(x[zc] >= slope * x[dc] + intercept - 1e-9);
    }
}

/// Elastics only where someone must move: a teacher pinned to move gets a `+1` and a
/// `−1` column on each staffing and subject row their moves enter (their school and
/// every school they may go to), each at the elastic price in every objective, held
/// at 0 by the bound (a shortfall); the first move column comes after them.
#[test]
fn elastics_relax_the_rows_of_a_pinned_teachers_moves() {
    let (county, policy, mut full) = super::super::sample::haiyan_sample();
    let plain = Layout::new(&county, ModelRules::new(&county, &policy, &full), &full);
    assert!(plain.elastic.is_empty());
    assert!(plain.elastic_columns().is_empty());
    let t = full.moves[0].teacher;
    full.must_move = vec![t];
    let mut layout = Layout::new(&county, ModelRules::new(&county, &policy, &full), &full);
    assert_eq!(
        layout.first_move(),
        plain.first_move() + layout.elastic.len()
    );
    assert_eq!(
        layout.elastic_columns().end,
        layout.first_move() - usize::from(layout.rounding.is_some())
    );
    let penalty = layout.elastic_penalty();
    assert!(penalty > layout.rules.shortfall_penalty);
    // Every row a pinned move enters, but its own `once` row, has both elastics.
    let home = county.teachers[t].school;
    let mut rows_entered = std::collections::BTreeSet::new();
    let mut e = Vec::new();
    for m in full.moves.iter().filter(|m| m.teacher == t) {
        layout.entries(&county, m, &mut e);
        for &(r, _) in &e {
            let staffing_or_subject = layout.subject_row.contains(&Some(r))
                || layout
                    .staffing
                    .iter()
                    .flatten()
                    .any(|&(hi, lo)| r == hi || r == lo);
            if staffing_or_subject {
                rows_entered.insert(r);
            }
        }
    }
    let cell = layout.rules.subject_cell(home, t);
    assert!(rows_entered.contains(&layout.subject_row[cell].expect("home subject row")));
    for r in &rows_entered {
        for sign in [1.0, -1.0] {
            assert!(
                layout
                    .elastic
                    .iter()
                    .any(|c| c.3.iter().any(|&(row, a)| row == *r && a == sign)),
                "row {r} has no elastic of sign {sign}"
            );
        }
    }
    // Held at 0 until a restricted LP needs them, then free.
    for c in &layout.elastic {
        assert_eq!((c.0, c.1, c.2, c.4), (penalty, 0.0, 0.0, true));
    }
    let (columns, hi) = layout.set_elastic_open(true);
    assert_eq!((columns, hi), (layout.elastic_columns(), f64::INFINITY));
    for c in layout.elastic_columns() {
        assert_eq!(layout.fixed_columns()[c].2, f64::INFINITY);
    }
    // No term in the bound, whatever the duals: a dual at the elastics' price on a
    // relaxed row (degenerate, and seen) leaves the bound as without them.
    assert_eq!(layout.rows(), plain.rows());
    let mut y = vec![0.0; layout.rows()];
    for (i, &r) in rows_entered.iter().enumerate() {
        y[r as usize] = if i % 2 == 0 { penalty } else { -penalty };
    }
    let y = layout.clip(&y);
    assert_eq!(layout.constant(&y), plain.constant(&y));
    // The same price when the objective changes (the least shortfall frees the
    // balance columns' costs, not these).
    for objective in [
        Objective::Targets,
        Objective::Cost { targets: 2.0 },
        Objective::Met,
    ] {
        layout.set_objective(objective);
        let fixed = layout.fixed_columns();
        for c in layout.elastic_columns() {
            assert_eq!(fixed[c].0, penalty, "{objective:?}");
        }
    }
    // The phase one counts them at 1 each in its objective, and its bound leaves
    // them out as the others do (the bound of the rows held exactly, a Farkas
    // certificate where it is above 0): a dual past ±1 on a relaxed row, which
    // would price an unbounded elastic below 0, leaves it the duals' sum.
    layout.set_objective(Objective::Feasible);
    let fixed = layout.fixed_columns();
    for c in layout.elastic_columns() {
        assert_eq!((fixed[c].0, fixed[c].4), (1.0, false));
    }
    let r = *rows_entered.iter().next().expect("a row");
    let mut y = vec![0.0; layout.rows()];
    y[r as usize] = 2.0 + 1e-12;
    let y = layout.clip(&y);
    let bound = layout.constant(&y);
    assert!(bound.is_finite());
    let mut without = plain;
    without.set_objective(Objective::Feasible);
    assert_eq!(bound, without.constant(&y));
}
