//! The points of a sweep that stopped at the time limit: how many, how (the best plan
//! found by then, or none, so nobody moves), and what to tell the user of them (the
//! terminal's line after the count, the report's note). A plan at the limit is not a
//! proven one, and the tables say so only where a point stopped.

use crate::lab::runs::RunOutcome;
use crate::model::lang::Lang;
use crate::solve::highs::LimitStop;

/// The points of a sweep whose solve stopped at the time limit (`--time-limit`, shared
/// among the points): with the best plan found by then, or before any, with the plan
/// in which nobody moves.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StoppedAtLimit {
    /// How many points stopped.
    pub stopped: usize,
    /// How many of them found no plan in time: nobody moves there.
    pub nobody_moves: usize,
    /// The largest gap among the plans found that have a bound; `None` when none has.
    pub largest_gap: Option<f64>,
    /// How many plans found had no bound yet (no gap to tell).
    pub without_bound: usize,
}

/// What a set of runs is made of, for the sentence on those stopped at the limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RunsOf {
    /// A sweep's grid points.
    Points,
    /// A study's jobs.
    Jobs,
}

/// What the points stopped at the time limit are, in `lang`: how many of how many
/// `points`, those with the best plan found (and their largest gap) apart from those
/// where nobody moves, and that a longer limit may do better (named by its option when
/// `option`). The line after a sweep's count on the terminal (with the option), and the
/// note under the report's table (without: a report is read away from the command).
pub fn stopped_sentence(s: &StoppedAtLimit, points: usize, lang: Lang, option: bool) -> String {
    stopped_runs_sentence(s, points, RunsOf::Points, lang, option)
}

/// [`stopped_sentence`] of runs that are `of` (a study's jobs say "jobs").
pub fn stopped_runs_sentence(
    s: &StoppedAtLimit,
    points: usize,
    of: RunsOf,
    lang: Lang,
    option: bool,
) -> String {
    let found = s.stopped - s.nobody_moves;
    let pct = |g: f64| format!("{:.2}%", 100.0 * g);
    let zh = lang == Lang::Zh;
    let mut parts = Vec::new();
    if found > 0 {
        let gap = match (s.largest_gap, s.without_bound, zh) {
            (Some(g), 0, false) => format!("gap up to {}", pct(g)),
            (Some(g), 0, true) => format!("最优间隙至多 {}", pct(g)),
            (Some(g), n, false) => format!("gap up to {}; {n} without a bound yet", pct(g)),
            (Some(g), n, true) => format!("最优间隙至多 {}，其中 {n} 个尚无下界", pct(g)),
            (None, _, false) => "no bound yet".to_string(),
            (None, _, true) => "尚无下界".to_string(),
        };
        parts.push(match zh {
            false => format!("{found} with the best plan found ({gap})"),
            true => format!("{found} 个为已找到的最好方案（{gap}）"),
        });
    }
    if s.nobody_moves > 0 {
        let n = s.nobody_moves;
        parts.push(match zh {
            false => format!("{n} before any plan was found (nobody moves)"),
            true => format!("{n} 个未找到任何方案（无人交流）"),
        });
    }
    let stopped = s.stopped;
    if zh {
        format!(
            "{points} {}中有 {stopped} 个达到时间上限：{}；延长{}可能得到更好的方案或证明其最优",
            match of {
                RunsOf::Points => "个取值点",
                RunsOf::Jobs => "个任务",
            },
            parts.join("，"),
            if option {
                " --time-limit "
            } else {
                "时间上限"
            }
        )
    } else {
        format!(
            "{stopped} of {points} {} stopped at the time limit: {}; a longer {} may give \
             better plans or prove them",
            match of {
                RunsOf::Points => "points",
                RunsOf::Jobs => "jobs",
            },
            parts.join(", "),
            if option { "--time-limit" } else { "time limit" }
        )
    }
}

impl StoppedAtLimit {
    /// Counts one more run stopped at the limit.
    pub fn add(&mut self, stop: LimitStop) {
        self.stopped += 1;
        match stop {
            LimitStop::NoPlan => self.nobody_moves += 1,
            LimitStop::Found { gap: Some(g) } => {
                self.largest_gap = Some(self.largest_gap.map_or(g, |l| l.max(g)))
            }
            LimitStop::Found { gap: None } => self.without_bound += 1,
        }
    }
}

/// Which of `runs` (a sweep's points, in any order) stopped at the time limit (see
/// [`StoppedAtLimit`]).
pub fn stopped_at_limit<'a>(runs: impl IntoIterator<Item = &'a RunOutcome>) -> StoppedAtLimit {
    let mut stopped = StoppedAtLimit::default();
    for stop in runs
        .into_iter()
        .filter_map(RunOutcome::plan)
        .filter_map(|p| p.solve.limit_stop())
    {
        stopped.add(stop);
    }
    stopped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::runs::run_policy;
    use crate::model::policy::Policy;
    use crate::round::inputs::TeacherSide;
    use crate::solve::highs::SolveOptions;
    use crate::solve::highs::{SolveMethod, SolveStatus};

    /// The points stopped at the time limit, counted with their largest gap (plans
    /// without a bound, and points where nobody moves, counted apart), and said so in
    /// both languages.
    #[test]
    fn points_stopped_at_the_limit_are_counted_and_told() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/tiny");
        let county = crate::input::instance::read_instance(&dir).unwrap().county;
        let RunOutcome::Planned(plan) = run_policy(
            &county,
            &TeacherSide::default(),
            &Policy::default(),
            &SolveOptions::default(),
        ) else {
            panic!("tiny plans")
        };
        let run = |status: SolveStatus, method: SolveMethod, gap: f64| {
            let mut p = plan.clone();
            p.solve.status = status;
            p.solve.method = method;
            p.solve.mip_gap = gap;
            RunOutcome::Planned(p)
        };
        let found = |status, gap| run(status, plan.solve.method, gap);
        let proven = [
            found(SolveStatus::Optimal, 5e-5),
            found(SolveStatus::Optimal, 0.0),
        ];
        let none = StoppedAtLimit {
            stopped: 0,
            nobody_moves: 0,
            largest_gap: None,
            without_bound: 0,
        };
        assert_eq!(stopped_at_limit(&proven), none);
        let runs = [
            found(SolveStatus::Optimal, 5e-5),
            found(SolveStatus::TimeLimit, 2.1e-3),
            found(SolveStatus::TimeLimit, 3e-4),
            found(SolveStatus::TimeLimit, f64::NAN),
            run(SolveStatus::TimeLimit, SolveMethod::NobodyMoves, f64::NAN),
        ];
        let stopped = stopped_at_limit(&runs);
        assert_eq!(
            stopped,
            StoppedAtLimit {
                stopped: 4,
                nobody_moves: 1,
                largest_gap: Some(2.1e-3),
                without_bound: 1
            }
        );
        assert_eq!(
            stopped_sentence(&stopped, 5, Lang::En, true),
            "4 of 5 points stopped at the time limit: 3 with the best plan found (gap up to \
             0.21%; 1 without a bound yet), 1 before any plan was found (nobody moves); a \
             longer --time-limit may give better plans or prove them"
        );
        assert_eq!(
            stopped_sentence(&stopped, 5, Lang::Zh, false),
            "5 个取值点中有 4 个达到时间上限：3 个为已找到的最好方案（最优间隙至多 0.21%，其中 \
             1 个尚无下界），1 个未找到任何方案（无人交流）；延长时间上限可能得到更好的方案或证明其最优"
        );
        // On the terminal the Chinese names the option too.
        assert!(stopped_sentence(&stopped, 5, Lang::Zh, true)
            .ends_with("；延长 --time-limit 可能得到更好的方案或证明其最优"));
        // Only plans without a bound: no gap to tell.
        let unbounded = stopped_at_limit(&runs[3..4]);
        assert!(stopped_sentence(&unbounded, 1, Lang::En, true).contains("(no bound yet)"));
    }
}
