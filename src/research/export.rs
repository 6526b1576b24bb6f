//! The model of a round written to a standard file (MPS or LP), for researchers and
//! for reproducible bug reports: exactly the binary model `rotation plan` solves
//! (`MoveVariables::Binary`, the parity cut included), with the readable column and
//! row names of the formulation (`x_T0123_S07`, `exchange_target`,
//! `subject_S07_math`, ...). Solved by any MIP solver, its optimum is `plan`'s
//! objective.

use crate::model::county::County;
use crate::model::error::{Result, RotationError};
use crate::model::policy::Policy;
use crate::model::solver_message::{HighsStep, SolverMessage};
use crate::rules::candidates::{candidates_limited, CandidateLimit};
use crate::rules::eligibility::county_eligibility;
use crate::solve::formulation::{formulate, ModelSize, MoveVariables, Stage};
use std::collections::HashSet;
use std::ffi::CString;
use std::path::Path;

/// A standard model file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelFormat {
    /// Free-format MPS.
    Mps,
    /// CPLEX LP format.
    Lp,
}

impl ModelFormat {
    /// The file extension HiGHS reads the format from.
    pub fn extension(self) -> &'static str {
        match self {
            ModelFormat::Mps => "mps",
            ModelFormat::Lp => "lp",
        }
    }
}

/// Names made unique: a name seen before gets `_2`, `_3`, ... (two teacher ids that
/// differ only in punctuation sanitise to the same name).
pub fn unique_names(names: &[String]) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::with_capacity(names.len());
    names
        .iter()
        .map(|name| {
            let mut candidate = name.clone();
            let mut k = 1;
            while !seen.insert(candidate.clone()) {
                k += 1;
                candidate = format!("{name}_{k}");
            }
            candidate
        })
        .collect()
}

fn c_name(name: &str) -> Result<CString> {
    CString::new(name).map_err(|_| {
        RotationError::Solver(SolverMessage::NulInName {
            name: name.to_string(),
        })
    })
}

/// Builds the model `plan` solves and writes it to `path` in `format`, atomically
/// (a temporary sibling, then a rename). Returns the model's size.
pub fn export_model(
    county: &County,
    policy: &Policy,
    limit: CandidateLimit,
    format: ModelFormat,
    path: &Path,
) -> Result<ModelSize> {
    let eligibility = county_eligibility(county, policy);
    let cands = candidates_limited(county, policy, &eligibility, limit);
    let formulation = formulate(county, policy, &cands, MoveVariables::Binary, Stage::MET);
    let size = formulation.size;
    let columns = unique_names(&formulation.column_names);
    let rows = unique_names(&formulation.row_names);
    let mut model = formulation
        .problem
        .into_model()
        .map_err(|detail| RotationError::Solver(SolverMessage::ModelRejected { detail }))?;
    model.try_set_option("output_flag", false).map_err(|_| {
        RotationError::Solver(SolverMessage::OptionRejected {
            option: "output_flag".into(),
        })
    })?;
    let ptr = model.as_mut_ptr();
    let fail = |step: HighsStep| RotationError::Solver(SolverMessage::HighsStep { step });
    let model_name = c_name(&format!(
        "rotation_{}",
        crate::solve::formulation::sanitize(&policy.name)
    ))?;
    // SAFETY: `ptr` is a live HiGHS instance owned by `model`; every name is a
    // NUL-terminated string that outlives the call, and indices are in range.
    unsafe {
        highs_sys::Highs_passModelName(ptr, model_name.as_ptr());
        for (j, name) in columns.iter().enumerate() {
            let c = c_name(name)?;
            if highs_sys::Highs_passColName(ptr, j as highs_sys::HighsInt, c.as_ptr())
                == highs_sys::STATUS_ERROR
            {
                return Err(fail(HighsStep::NameColumn));
            }
        }
        for (i, name) in rows.iter().enumerate() {
            let c = c_name(name)?;
            if highs_sys::Highs_passRowName(ptr, i as highs_sys::HighsInt, c.as_ptr())
                == highs_sys::STATUS_ERROR
            {
                return Err(fail(HighsStep::NameRow));
            }
        }
    }
    // HiGHS picks the format from the extension, so the temporary file keeps it.
    let suffix = format!("tmp.{}", format.extension());
    crate::output::files::write_atomic_with(path, &suffix, |tmp| {
        let tmp_c = c_name(&tmp.to_string_lossy())?;
        // SAFETY: as above.
        let status = unsafe { highs_sys::Highs_writeModel(ptr, tmp_c.as_ptr()) };
        if status == highs_sys::STATUS_ERROR || !tmp.exists() {
            return Err(fail(HighsStep::WriteModel));
        }
        Ok(())
    })?;
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_get_a_suffix() {
        let names = vec!["a".to_string(), "a".into(), "b".into(), "a".into()];
        assert_eq!(unique_names(&names), vec!["a", "a_2", "b", "a_3"]);
    }
}
