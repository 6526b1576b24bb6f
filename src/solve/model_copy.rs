//! Copies of a stage's model. The models one stage hands HiGHS (its relaxation, fix
//! and complete, the narrow MIPs, the checks without lazy rows) differ only in how
//! the move columns are declared (`MoveVariables`): the same rows, the same
//! coefficients. Writing each through good_lp's expressions took about a quarter of
//! the run on the family's 4,000-teacher counties (0.15 of 0.58 s on
//! `c4k-classic-tol1`, six models of 17,347 columns); the first is written and handed
//! to HiGHS as usual, and the others are its arrays, read back from HiGHS, with the
//! move columns declared again (`docs/benchmarks.md`, "One build per stage").

use crate::solve::formulation::{Formulation, ModelSize, MoveVariables, Problem, Stage};
use crate::solve::model_arrays::ModelArrays;

/// Declares the first `moves` columns of `arrays` (the moves) and the exchange
/// shortfall after them as `formulate` does for `variables`: the only columns whose
/// declaration depends on it.
fn declare(arrays: &mut ModelArrays, moves: usize, variables: MoveVariables) {
    let fixed = |v: f64| {
        if v <= 1e-6 {
            Some(0.0)
        } else if v >= 1.0 - 1e-6 {
            Some(1.0)
        } else {
            None
        }
    };
    for j in 0..moves {
        let (integer, lower, upper) = match variables {
            MoveVariables::Relaxed => (false, 0.0, 1.0),
            MoveVariables::Binary => (true, 0.0, 1.0),
            MoveVariables::Only(keep) if keep[j] => (true, 0.0, 1.0),
            MoveVariables::Only(_) => (true, 0.0, 0.0),
            MoveVariables::OnesFixed(values) if values[j] >= 1.0 - 1e-6 => (true, 1.0, 1.0),
            MoveVariables::OnesFixed(_) => (true, 0.0, 1.0),
            MoveVariables::FixedWhereIntegral(values) => match fixed(values[j]) {
                Some(v) => (true, v, v),
                None => (true, 0.0, 1.0),
            },
        };
        arrays.declare_column(j, integer, lower, upper);
    }
    // u: integer but in the relaxation, as `formulate` declares it.
    if moves < arrays.columns() {
        arrays.set_integer(moves, !matches!(variables, MoveVariables::Relaxed));
    }
}

/// A stage's first model, kept to be copied: its arrays and everything else the
/// formulation holds.
struct Kept {
    stage: Stage,
    arrays: ModelArrays,
    shell: Formulation,
}

impl Kept {
    /// The stage's model for `variables`, a copy.
    fn copy(&self, variables: MoveVariables) -> Formulation {
        let mut arrays = self.arrays.clone();
        let moves = self.shell.x.len();
        declare(&mut arrays, moves, variables);
        Formulation {
            problem: Problem::Copied(arrays),
            size: ModelSize {
                binaries: if matches!(variables, MoveVariables::Relaxed) {
                    0
                } else {
                    moves
                },
                ..self.shell.size
            },
            ..self.shell_copy()
        }
    }

    /// The first model's formulation without its problem (an empty copy).
    fn shell_copy(&self) -> Formulation {
        let s = &self.shell;
        Formulation {
            problem: Problem::Copied(ModelArrays::default()),
            x: s.x.clone(),
            u: s.u,
            v: s.v,
            column_names: s.column_names.clone(),
            row_names: s.row_names.clone(),
            row_keys: s.row_keys.clone(),
            targets: s.targets,
            size: s.size,
            subject_equalities: s.subject_equalities,
            stage: s.stage,
            move_cost: s.move_cost.clone(),
            backbone_moves: s.backbone_moves.clone(),
        }
    }
}

/// `build`, with each stage's model written once: the next model of the same stage
/// is a copy of the last one written, its move columns declared for the variables
/// asked. `build` must depend on the variables and the stage alone, as `formulate`
/// does. A model HiGHS will not give back is written again each time, as before.
pub fn one_build_per_stage(
    mut build: impl FnMut(MoveVariables, Stage) -> Formulation,
) -> impl FnMut(MoveVariables, Stage) -> Formulation {
    let mut kept: Option<Kept> = None;
    move |variables, stage| {
        if let Some(k) = kept.as_ref().filter(|k| k.stage == stage) {
            return k.copy(variables);
        }
        kept = None;
        let written = build(variables, stage);
        let Problem::Written(problem) = written.problem else {
            return written;
        };
        // Refused: written again, and the caller's solve meets the refusal and says so.
        let Ok(model) = problem.try_into_inner() else {
            return build(variables, stage);
        };
        let Some(arrays) = ModelArrays::read(&model) else {
            return Formulation {
                problem: Problem::Passed(model),
                ..written
            };
        };
        let k = Kept {
            stage,
            arrays,
            shell: Formulation {
                problem: Problem::Copied(ModelArrays::default()),
                ..written
            },
        };
        // This first model goes to HiGHS as it was handed over: a stage that needs no
        // other (an integral relaxation) pays only for reading it back.
        let f = Formulation {
            problem: Problem::Passed(model),
            ..k.shell_copy()
        };
        kept = Some(k);
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::county::County;
    use crate::model::policy::Policy;
    use crate::rules::candidates::Candidates;
    use crate::solve::formulation::formulate;
    use proptest::prelude::*;

    fn root() -> &'static std::path::Path {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// A stored small county (`rotation generate --teachers 60 --schools 6 --seed N`)
    /// under the Haiyan policy at tolerance `tolerance`, and its candidates.
    fn county(seed: u64, tolerance: u32) -> (County, Policy, Candidates) {
        let mut policy = Policy::read(&root().join("models/haiyan-2022.toml")).expect("policy");
        policy.rules.staffing_tolerance = tolerance;
        policy.rules.subject_tolerance = tolerance;
        let county = crate::input::instance::read_instance(
            &root().join(format!("tests/fixtures/small-counties/seed-{seed}")),
        )
        .expect("small county")
        .county;
        let eligibility = crate::rules::eligibility::county_eligibility(&county, &policy);
        let cands = crate::rules::candidates::candidates(&county, &policy, &eligibility);
        (county, policy, cands)
    }

    /// What HiGHS holds for a formulation.
    fn held(f: Formulation) -> ModelArrays {
        ModelArrays::read(&f.problem.into_model().expect("model")).expect("arrays")
    }

    const STAGES: [Stage; 4] = [
        Stage::MET,
        Stage::Targets,
        Stage::Cost {
            targets: 3.0,
            balance: 0.0,
        },
        Stage::Balance { targets: 2.0 },
    ];

    /// The five ways of declaring the moves, over `values` (a relaxation's) and `keep`.
    fn kinds<'a>(values: &'a [f64], keep: &'a [bool]) -> [MoveVariables<'a>; 5] {
        [
            MoveVariables::Relaxed,
            MoveVariables::Binary,
            MoveVariables::Only(keep),
            MoveVariables::OnesFixed(values),
            MoveVariables::FixedWhereIntegral(values),
        ]
    }

    /// A copy is, to HiGHS, the model `formulate` writes for its variables: every
    /// cost, bound, integrality, row and coefficient, with the backbone cap added
    /// after the build or not, whatever the variables of the model it was copied from.
    fn copies_match(seed: u64, tolerance: u32, stage: Stage, pick: &[u8], cap: bool) {
        let (county, policy, cands) = county(seed, tolerance);
        let n = cands.moves.len();
        let values: Vec<f64> = (0..n)
            .map(|j| [0.0, 1.0, 0.5, 1e-7][pick[j % pick.len()] as usize % 4])
            .collect();
        let keep: Vec<bool> = (0..n)
            .map(|j| pick[j % pick.len()].is_multiple_of(3))
            .collect();
        let kinds = kinds(&values, &keep);
        let write = |v: MoveVariables| {
            let mut f = formulate(&county, &policy, &cands, v, stage);
            if cap {
                f.cap_backbone_movers(2.0);
            }
            f
        };
        for first in kinds {
            let mut build = one_build_per_stage(|v, s| formulate(&county, &policy, &cands, v, s));
            // The first model is the one written, handed over as it was.
            let mut passed = build(first, stage);
            assert!(matches!(passed.problem, Problem::Passed(_)));
            if cap {
                passed.cap_backbone_movers(2.0);
            }
            assert_eq!(held(passed), held(write(first)));
            for v in kinds {
                let mut copy = build(v, stage);
                assert!(matches!(copy.problem, Problem::Copied(_)));
                if cap {
                    copy.cap_backbone_movers(2.0);
                }
                let written = write(v);
                let case =
                    format!("seed {seed}, tolerance {tolerance}, {stage:?}, {first:?} → {v:?}");
                assert_eq!(copy.size, written.size, "{case}");
                assert_eq!(copy.row_names, written.row_names, "{case}");
                assert_eq!(copy.column_names, written.column_names, "{case}");
                assert_eq!(held(copy), held(written), "{case}");
            }
        }
    }

    #[test]
    fn a_copy_is_the_model_written_for_its_variables() {
        for seed in [1, 4, 7] {
            for (i, stage) in STAGES.into_iter().enumerate() {
                copies_match(seed, i as u32 % 3, stage, &[0, 1, 2, 3, 4, 5, 6], i == 2);
            }
        }
    }

    /// Solved, a copy and the model written for its variables have the same optimum
    /// (what reading both back could not show: the objective's sense and offset, an LP
    /// handed over as a MIP).
    #[test]
    fn a_copy_solves_as_the_model_written() {
        use crate::solve::highs::{solve, SolveOptions};
        let options = SolveOptions {
            threads: Some(1),
            gap: 0.0,
            ..SolveOptions::default()
        };
        for seed in [3, 5] {
            let (county, policy, cands) = county(seed, 1);
            let n = cands.moves.len();
            let keep: Vec<bool> = (0..n).map(|j| j % 3 != 0).collect();
            for stage in [Stage::MET, Stage::Targets] {
                let mut build =
                    one_build_per_stage(|v, s| formulate(&county, &policy, &cands, v, s));
                let _ = build(MoveVariables::Binary, stage);
                for v in [
                    MoveVariables::Relaxed,
                    MoveVariables::Binary,
                    MoveVariables::Only(&keep),
                ] {
                    let copied = solve(build(v, stage), &options).expect("copy solved");
                    let written = solve(formulate(&county, &policy, &cands, v, stage), &options)
                        .expect("written solved");
                    let case = format!("seed {seed}, {stage:?}, {v:?}");
                    assert_eq!(copied.status, written.status, "{case}");
                    if written.objective.is_finite() {
                        let tol = 1e-7 * written.objective.abs().max(1.0);
                        assert!(
                            (copied.objective - written.objective).abs() <= tol,
                            "{case}: {} against {}",
                            copied.objective,
                            written.objective
                        );
                    }
                }
            }
        }
    }

    /// Another stage is written, not copied: a copy holds its own stage's rows.
    #[test]
    fn each_stage_is_written_once() {
        let (county, policy, cands) = county(2, 0);
        let mut written = 0;
        let mut build = one_build_per_stage(|v, s| {
            written += 1;
            formulate(&county, &policy, &cands, v, s)
        });
        for stage in [
            Stage::MET,
            Stage::MET,
            Stage::Targets,
            Stage::Targets,
            Stage::MET,
        ] {
            for v in [MoveVariables::Relaxed, MoveVariables::Binary] {
                assert_eq!(build(v, stage).stage, stage);
            }
        }
        drop(build);
        assert_eq!(written, 3);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn copies_match_for_any_values(
            seed in 1u64..=12,
            tolerance in 0u32..=2,
            stage in 0usize..3,
            pick in proptest::collection::vec(0u8..8, 1..40),
            cap: bool,
        ) {
            copies_match(seed, tolerance, STAGES[stage], &pick, cap);
        }
    }
}
