//! One HiGHS LP kept alive across rounds of column generation: rows are created
//! once, columns are added in batches, and each solve starts from the previous
//! basis instead of from scratch (`highs-sys` directly; the `highs` crate consumes its
//! model on solving).

use crate::model::error::{Result, RotationError};
use crate::model::solver_message::{HighsStep, SolverMessage};
use highs_sys::{HighsInt, STATUS_ERROR};
use std::ffi::{c_void, CStr, CString};

/// A continuous LP in one live HiGHS instance (minimisation).
pub struct LiveLp {
    highs: *mut c_void,
    rows: usize,
    cols: usize,
}

/// One optimal solve of a [`LiveLp`].
pub struct LiveSolution {
    pub objective: f64,
    pub col_value: Vec<f64>,
    pub col_dual: Vec<f64>,
    pub row_dual: Vec<f64>,
    pub iterations: i64,
}

fn fail(step: HighsStep) -> RotationError {
    RotationError::Solver(SolverMessage::HighsStep { step })
}

fn rejected(option: &str) -> RotationError {
    RotationError::Solver(SolverMessage::OptionRejected {
        option: option.to_string(),
    })
}

impl LiveLp {
    /// An LP with the given row bounds and no columns yet.
    pub fn new(row_lower: &[f64], row_upper: &[f64]) -> Result<LiveLp> {
        // SAFETY: creates a fresh instance, owned by the returned value.
        let highs = unsafe { highs_sys::Highs_create() };
        if highs.is_null() {
            return Err(fail(HighsStep::CreateInstance));
        }
        let mut lp = LiveLp {
            highs,
            rows: 0,
            cols: 0,
        };
        lp.set_bool("output_flag", false)?;
        let n = row_lower.len();
        let starts = vec![0 as HighsInt; n.max(1)];
        let index = [0 as HighsInt];
        let value = [0.0f64];
        // SAFETY: arrays of the stated lengths; no nonzeros.
        let status = unsafe {
            highs_sys::Highs_addRows(
                lp.highs,
                n as HighsInt,
                row_lower.as_ptr(),
                row_upper.as_ptr(),
                0,
                starts.as_ptr(),
                index.as_ptr(),
                value.as_ptr(),
            )
        };
        if status == STATUS_ERROR {
            return Err(fail(HighsStep::AddRows));
        }
        lp.rows = n;
        Ok(lp)
    }

    pub fn set_bool(&mut self, name: &str, value: bool) -> Result<()> {
        let c = CString::new(name).expect("option name");
        // SAFETY: live instance, NUL-terminated name.
        let s = unsafe { highs_sys::Highs_setBoolOptionValue(self.highs, c.as_ptr(), value as _) };
        if s == STATUS_ERROR {
            return Err(rejected(name));
        }
        Ok(())
    }

    pub fn set_int(&mut self, name: &str, value: i32) -> Result<()> {
        let c = CString::new(name).expect("option name");
        // SAFETY: live instance, NUL-terminated name.
        let s = unsafe { highs_sys::Highs_setIntOptionValue(self.highs, c.as_ptr(), value) };
        if s == STATUS_ERROR {
            return Err(rejected(name));
        }
        Ok(())
    }

    pub fn set_double(&mut self, name: &str, value: f64) -> Result<()> {
        let c = CString::new(name).expect("option name");
        // SAFETY: live instance, NUL-terminated name.
        let s = unsafe { highs_sys::Highs_setDoubleOptionValue(self.highs, c.as_ptr(), value) };
        if s == STATUS_ERROR {
            return Err(rejected(name));
        }
        Ok(())
    }

    pub fn set_string(&mut self, name: &str, value: &str) -> Result<()> {
        let c = CString::new(name).expect("option name");
        let v = CString::new(value).expect("option value");
        // SAFETY: live instance, NUL-terminated strings.
        let s =
            unsafe { highs_sys::Highs_setStringOptionValue(self.highs, c.as_ptr(), v.as_ptr()) };
        if s == STATUS_ERROR {
            return Err(rejected(name));
        }
        Ok(())
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Adds columns in compressed form: column `k` has entries
    /// `index[starts[k]..starts[k+1]]` (the last up to the end).
    pub fn add_cols(
        &mut self,
        cost: &[f64],
        lower: &[f64],
        upper: &[f64],
        starts: &[HighsInt],
        index: &[HighsInt],
        value: &[f64],
    ) -> Result<()> {
        let n = cost.len();
        if n == 0 {
            return Ok(());
        }
        assert!(lower.len() == n && upper.len() == n && starts.len() == n);
        assert_eq!(index.len(), value.len());
        assert!(index.iter().all(|&i| (i as usize) < self.rows));
        // SAFETY: arrays of the stated lengths, row indices in range (checked above).
        let status = unsafe {
            highs_sys::Highs_addCols(
                self.highs,
                n as HighsInt,
                cost.as_ptr(),
                lower.as_ptr(),
                upper.as_ptr(),
                index.len() as HighsInt,
                starts.as_ptr(),
                index.as_ptr(),
                value.as_ptr(),
            )
        };
        if status == STATUS_ERROR {
            return Err(fail(HighsStep::AddColumns));
        }
        self.cols += n;
        Ok(())
    }

    /// Adds rows in compressed form (entries in existing columns), as for `add_cols`.
    pub fn add_rows(
        &mut self,
        lower: &[f64],
        upper: &[f64],
        starts: &[HighsInt],
        index: &[HighsInt],
        value: &[f64],
    ) -> Result<()> {
        let n = lower.len();
        if n == 0 {
            return Ok(());
        }
        assert!(upper.len() == n && starts.len() == n);
        assert_eq!(index.len(), value.len());
        assert!(index.iter().all(|&i| (i as usize) < self.cols));
        // SAFETY: arrays of the stated lengths, column indices in range (checked above).
        let status = unsafe {
            highs_sys::Highs_addRows(
                self.highs,
                n as HighsInt,
                lower.as_ptr(),
                upper.as_ptr(),
                index.len() as HighsInt,
                starts.as_ptr(),
                index.as_ptr(),
                value.as_ptr(),
            )
        };
        if status == STATUS_ERROR {
            return Err(fail(HighsStep::AddRows));
        }
        self.rows += n;
        Ok(())
    }

    /// Sets the costs of the columns `from..from + cost.len()`.
    pub fn change_costs(&mut self, from: usize, cost: &[f64]) -> Result<()> {
        if cost.is_empty() {
            return Ok(());
        }
        assert!(from + cost.len() <= self.cols);
        // SAFETY: live instance, a column range in the model, `cost` covers it.
        let status = unsafe {
            highs_sys::Highs_changeColsCostByRange(
                self.highs,
                from as HighsInt,
                (from + cost.len() - 1) as HighsInt,
                cost.as_ptr(),
            )
        };
        if status == STATUS_ERROR {
            return Err(fail(HighsStep::ChangeModel));
        }
        Ok(())
    }

    /// Sets the bounds of column `col`.
    pub fn change_col_bounds(&mut self, col: usize, lower: f64, upper: f64) -> Result<()> {
        assert!(col < self.cols);
        // SAFETY: live instance, a column of the model.
        let status =
            unsafe { highs_sys::Highs_changeColBounds(self.highs, col as HighsInt, lower, upper) };
        if status == STATUS_ERROR {
            return Err(fail(HighsStep::ChangeModel));
        }
        Ok(())
    }

    /// Sets the bounds of row `row`.
    pub fn change_row_bounds(&mut self, row: usize, lower: f64, upper: f64) -> Result<()> {
        assert!(row < self.rows);
        // SAFETY: live instance, a row of the model.
        let status =
            unsafe { highs_sys::Highs_changeRowBounds(self.highs, row as HighsInt, lower, upper) };
        if status == STATUS_ERROR {
            return Err(fail(HighsStep::ChangeModel));
        }
        Ok(())
    }

    /// Sets the coefficient of column `col` in row `row`.
    pub fn change_coeff(&mut self, row: usize, col: usize, value: f64) -> Result<()> {
        assert!(row < self.rows && col < self.cols);
        // SAFETY: live instance, a row and a column of the model.
        let status = unsafe {
            highs_sys::Highs_changeCoeff(self.highs, row as HighsInt, col as HighsInt, value)
        };
        if status == STATUS_ERROR {
            return Err(fail(HighsStep::ChangeModel));
        }
        Ok(())
    }

    /// Deletes the columns marked in `mask` (1: delete), which must be nonbasic, so
    /// that the basis stays valid; on return `mask` holds each column's new index, or
    /// −1 for a deleted one.
    pub fn delete_cols(&mut self, mask: &mut [HighsInt]) -> Result<()> {
        assert_eq!(mask.len(), self.cols);
        let gone = mask.iter().filter(|&&m| m != 0).count();
        // SAFETY: live instance; the mask has one entry per column.
        let status = unsafe { highs_sys::Highs_deleteColsByMask(self.highs, mask.as_mut_ptr()) };
        if status == STATUS_ERROR {
            return Err(fail(HighsStep::ChangeModel));
        }
        self.cols -= gone;
        Ok(())
    }

    /// Forgets the basis (and solution) of the last solve: the next solve starts from
    /// scratch, as a fresh instance would (with presolve, unless it is off).
    pub fn clear_basis(&mut self) -> Result<()> {
        // SAFETY: live instance.
        let status = unsafe { highs_sys::Highs_clearSolver(self.highs) };
        if status == STATUS_ERROR {
            return Err(fail(HighsStep::SolveLp));
        }
        Ok(())
    }

    /// Solves from the current basis (the previous optimum, when there is one).
    pub fn solve(&mut self) -> Result<LiveSolution> {
        // SAFETY: live instance; the clocks restart so a time limit counts per solve.
        let status = unsafe {
            highs_sys::Highs_zeroAllClocks(self.highs);
            highs_sys::Highs_run(self.highs)
        };
        if status == STATUS_ERROR {
            return Err(fail(HighsStep::SolveLp));
        }
        // SAFETY: live instance.
        let model_status = unsafe { highs_sys::Highs_getModelStatus(self.highs) };
        if model_status == highs_sys::MODEL_STATUS_REACHED_TIME_LIMIT {
            return Err(RotationError::TimeLimit(SolverMessage::TimeInRestrictedLp));
        }
        if model_status != highs_sys::MODEL_STATUS_OPTIMAL {
            return Err(RotationError::Solver(SolverMessage::RestrictedLpStatus {
                status: model_status,
            }));
        }
        let mut sol = LiveSolution {
            objective: 0.0,
            col_value: vec![0.0; self.cols],
            col_dual: vec![0.0; self.cols],
            row_dual: vec![0.0; self.rows],
            iterations: 0,
        };
        let mut row_value = vec![0.0; self.rows];
        // SAFETY: arrays sized to the model.
        let status = unsafe {
            highs_sys::Highs_getSolution(
                self.highs,
                sol.col_value.as_mut_ptr(),
                sol.col_dual.as_mut_ptr(),
                row_value.as_mut_ptr(),
                sol.row_dual.as_mut_ptr(),
            )
        };
        if status == STATUS_ERROR {
            return Err(fail(HighsStep::ReadSolution));
        }
        // SAFETY: live instance.
        sol.objective = unsafe { highs_sys::Highs_getObjectiveValue(self.highs) };
        let mut iterations: HighsInt = 0;
        let name: &CStr = c"simplex_iteration_count";
        // SAFETY: live instance, known info name.
        unsafe { highs_sys::Highs_getIntInfoValue(self.highs, name.as_ptr(), &mut iterations) };
        sol.iterations = iterations as i64;
        Ok(sol)
    }
}

impl Drop for LiveLp {
    fn drop(&mut self) {
        // SAFETY: the instance is owned and destroyed once.
        unsafe { highs_sys::Highs_destroy(self.highs) };
    }
}
