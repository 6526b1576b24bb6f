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
