use super::*;

#[test]
fn a_swaps_effect_is_the_change_of_the_row_recomputed() {
    use crate::solve::balance_rows::DeltaTerm;
    let term = |before, students: f64| DeltaTerm {
        school: 0,
        students,
        before,
        lo: -5,
        hi: 5,
        floor: None,
    };
    let r = SideRows {
        side: crate::model::indicator::Side::Primary,
        member: vec![],
        unit: 1,
        term_of: vec![],
        terms: vec![term(8, 400.0), term(3, 350.0), term(5, 600.0)],
        students: 1350.0,
        s: 64.0 / 400.0 + 9.0 / 350.0 + 25.0 / 600.0,
        t: 16.0,
        scale: 600.0,
        never_worse: true,
        cap: None,
        improve: 0.0,
    };
    let d = vec![1, -2, 0];
    for change in [
        vec![(0, -1), (1, 1)],
        vec![(0, -1), (0, 1)],
        vec![(2, 1), (2, 1), (1, -1)],
        vec![],
    ] {
        let mut after = d.clone();
        for &(k, s) in &change {
            after[k] += s;
        }
        let want = r.scale * (r.activity(&after) - r.activity(&d));
        let got = effect_of(&r, &d, &change);
        assert!(
            (want - got).abs() < 1e-9,
            "{change:?}: {got} against {want}"
        );
    }
}
