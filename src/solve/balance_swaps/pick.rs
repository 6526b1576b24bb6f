//! A round's choice among exchanges or swaps: a small MIP, and the plan after it.

use super::{Exchange, MARGIN, MIP_SECONDS};
use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

/// The seconds a round's MIP gets: [`MIP_SECONDS`], or what is left before the
/// deadline; `None` when nothing is.
pub(super) fn mip_seconds(deadline: Option<Instant>) -> Option<f64> {
    let seconds = deadline.map_or(MIP_SECONDS, |d| {
        d.saturating_duration_since(Instant::now())
            .as_secs_f64()
            .min(MIP_SECONDS)
    });
    (seconds > 0.0).then_some(seconds)
}

/// The plan `chosen` with the exchanges `picked` made, in candidate order.
pub(super) fn exchanged(
    chosen: Vec<usize>,
    exchanges: &[Exchange],
    picked: &[usize],
) -> Vec<usize> {
    let out: HashSet<usize> = picked
        .iter()
        .flat_map(|&k| exchanges[k].out.iter().copied())
        .collect();
    let mut next: Vec<usize> = chosen.into_iter().filter(|j| !out.contains(j)).collect();
    next.extend(
        picked
            .iter()
            .flat_map(|&k| exchanges[k].inn.iter().copied()),
    );
    next.sort_unstable();
    next
}

/// The exchanges to make: least cost (at most `room` in all, where given), no key in
/// two, and each never-worse row's activity plus the picked exchanges' effects at
/// most `-MARGIN` (a small MIP, given `seconds`); `None` when HiGHS finds none.
pub(super) fn choose(
    exchanges: &[Exchange],
    activity: &[f64],
    room: Option<f64>,
    backbone_slack: Option<[f64; 2]>,
    seconds: f64,
) -> Option<Vec<usize>> {
    if exchanges.is_empty() {
        return None;
    }
    let mut pb = highs::RowProblem::default();
    let cols: Vec<highs::Col> = exchanges
        .iter()
        .map(|s| pb.add_integer_column(s.cost, 0..=1))
        .collect();
    if let Some(room) = room {
        pb.add_row(
            ..=room,
            exchanges.iter().zip(&cols).map(|(s, &c)| (c, s.cost)),
        );
    }
    // The picked exchanges' nonzero `of` each, for a row.
    let terms = |of: &dyn Fn(&Exchange) -> f64| -> Vec<(highs::Col, f64)> {
        exchanges
            .iter()
            .zip(&cols)
            .map(|(s, &c)| (c, of(s)))
            .filter(|&(_, v)| v != 0.0)
            .collect()
    };
    for (side, &act) in activity.iter().enumerate() {
        let terms = terms(&|s| s.effect[side]);
        if !terms.is_empty() || act > -MARGIN {
            pb.add_row(..=(-MARGIN - act), terms);
        }
    }
    // The backbone sums stay on their rows (a colleague of another standing).
    if let Some(slack) = backbone_slack {
        for (i, &room) in slack.iter().enumerate() {
            let terms = terms(&|s| s.backbone[i]);
            if !terms.is_empty() && room.is_finite() {
                pb.add_row((-room.max(0.0)).., terms);
            }
        }
    }
    // Ordered, so that the same plan gives the same MIP and the same exchanges.
    let mut uses: BTreeMap<usize, Vec<highs::Col>> = BTreeMap::new();
    for (s, &c) in exchanges.iter().zip(&cols) {
        for &k in &s.keys {
            uses.entry(k).or_default().push(c);
        }
    }
    for cs in uses.values().filter(|cs| cs.len() > 1) {
        pb.add_row(..=1.0, cs.iter().map(|&c| (c, 1.0)));
    }
    let mut model = pb.optimise(highs::Sense::Minimise);
    model.make_quiet();
    model.set_option("mip_rel_gap", 1e-6);
    model.set_option("time_limit", seconds);
    let solved = model.try_solve().ok()?;
    if solved.status() != highs::HighsModelStatus::Optimal {
        return None;
    }
    let sol = solved.get_solution();
    let picked: Vec<usize> = sol
        .columns()
        .iter()
        .enumerate()
        .filter(|(_, &v)| v > 0.5)
        .map(|(k, _)| k)
        .collect();
    Some(picked)
}
