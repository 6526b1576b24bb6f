//! A model in HiGHS's own arrays: read from a HiGHS instance, handed to a fresh one.
//! What `solve::model_copy` copies a stage's models from.

use highs::{ColProblem, Model};
use highs_sys::HighsInt;

/// A model in HiGHS's own arrays (the matrix by columns), plus rows added after the
/// copy (`Formulation::cap_backbone_movers`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelArrays {
    sense: HighsInt,
    offset: f64,
    col_cost: Vec<f64>,
    col_lower: Vec<f64>,
    col_upper: Vec<f64>,
    integrality: Vec<HighsInt>,
    row_lower: Vec<f64>,
    row_upper: Vec<f64>,
    a_start: Vec<HighsInt>,
    a_index: Vec<HighsInt>,
    a_value: Vec<f64>,
    /// Rows appended after the arrays.
    added_rows: Vec<AddedRow>,
}

/// A row appended to a copy: `lower ≤ Σ coefficient · column ≤ upper`.
#[derive(Debug, Clone, PartialEq)]
struct AddedRow {
    lower: f64,
    upper: f64,
    entries: Vec<(usize, f64)>,
}

impl ModelArrays {
    /// The model a HiGHS instance holds; `None` when HiGHS refuses to give it.
    pub fn read(model: &Model) -> Option<ModelArrays> {
        let ptr = model.as_ptr();
        // SAFETY: a live instance.
        let (cols, rows, nz) = unsafe {
            (
                highs_sys::Highs_getNumCol(ptr),
                highs_sys::Highs_getNumRow(ptr),
                highs_sys::Highs_getNumNz(ptr),
            )
        };
        let (c, r, n) = (
            usize::try_from(cols).ok()?,
            usize::try_from(rows).ok()?,
            usize::try_from(nz).ok()?,
        );
        let mut a = ModelArrays {
            sense: 0,
            offset: 0.0,
            col_cost: vec![0.0; c],
            col_lower: vec![0.0; c],
            col_upper: vec![0.0; c],
            integrality: vec![highs_sys::kHighsVarTypeContinuous; c],
            row_lower: vec![0.0; r],
            row_upper: vec![0.0; r],
            a_start: vec![0; c],
            a_index: vec![0; n],
            a_value: vec![0.0; n],
            added_rows: Vec::new(),
        };
        let (mut c2, mut r2, mut n2) = (0, 0, 0);
        // SAFETY: a live instance; every array holds as many entries as the counts
        // just read (HiGHS leaves `integrality` as it is when the model has none).
        let status = unsafe {
            highs_sys::Highs_getLp(
                ptr,
                highs_sys::kHighsMatrixFormatColwise,
                &mut c2,
                &mut r2,
                &mut n2,
                &mut a.sense,
                &mut a.offset,
                a.col_cost.as_mut_ptr(),
                a.col_lower.as_mut_ptr(),
                a.col_upper.as_mut_ptr(),
                a.row_lower.as_mut_ptr(),
                a.row_upper.as_mut_ptr(),
                a.a_start.as_mut_ptr(),
                a.a_index.as_mut_ptr(),
                a.a_value.as_mut_ptr(),
                a.integrality.as_mut_ptr(),
            )
        };
        (status != highs_sys::STATUS_ERROR && (c2, r2) == (cols, rows) && n2 <= nz).then(|| {
            a.a_index.truncate(n2 as usize);
            a.a_value.truncate(n2 as usize);
            a
        })
    }

    /// A HiGHS instance holding the model (as `Model::try_new` makes one: quiet until
    /// configured).
    pub fn into_model(self) -> Result<Model, String> {
        let refused = |what: &str| format!("HiGHS refused the copied model's {what}");
        let mut model = Model::try_new(ColProblem::default()).map_err(|e| format!("{e:?}"))?;
        let ptr = model.as_mut_ptr();
        let (c, r, n) = (
            self.col_cost.len() as HighsInt,
            self.row_lower.len() as HighsInt,
            self.a_value.len() as HighsInt,
        );
        // As good_lp hands HiGHS a model: an LP when no column is integer.
        let mip = self
            .integrality
            .iter()
            .any(|&i| i != highs_sys::kHighsVarTypeContinuous);
        // SAFETY: a live instance; the arrays hold `c` columns, `r` rows and `n`
        // nonzeros, the starts one per column, as `read` took them.
        let status = unsafe {
            if mip {
                highs_sys::Highs_passMip(
                    ptr,
                    c,
                    r,
                    n,
                    highs_sys::kHighsMatrixFormatColwise,
                    self.sense,
                    self.offset,
                    self.col_cost.as_ptr(),
                    self.col_lower.as_ptr(),
                    self.col_upper.as_ptr(),
                    self.row_lower.as_ptr(),
                    self.row_upper.as_ptr(),
                    self.a_start.as_ptr(),
                    self.a_index.as_ptr(),
                    self.a_value.as_ptr(),
                    self.integrality.as_ptr(),
                )
            } else {
                highs_sys::Highs_passLp(
                    ptr,
                    c,
                    r,
                    n,
                    highs_sys::kHighsMatrixFormatColwise,
                    self.sense,
                    self.offset,
                    self.col_cost.as_ptr(),
                    self.col_lower.as_ptr(),
                    self.col_upper.as_ptr(),
                    self.row_lower.as_ptr(),
                    self.row_upper.as_ptr(),
                    self.a_start.as_ptr(),
                    self.a_index.as_ptr(),
                    self.a_value.as_ptr(),
                )
            }
        };
        if status == highs_sys::STATUS_ERROR {
            return Err(refused("arrays"));
        }
        for AddedRow {
            lower,
            upper,
            entries,
        } in &self.added_rows
        {
            let index: Vec<HighsInt> = entries.iter().map(|&(j, _)| j as HighsInt).collect();
            let value: Vec<f64> = entries.iter().map(|&(_, a)| a).collect();
            // SAFETY: a live instance; `index` and `value` hold one entry per nonzero,
            // every column index below `c`.
            let status = unsafe {
                highs_sys::Highs_addRow(
                    ptr,
                    *lower,
                    *upper,
                    index.len() as HighsInt,
                    index.as_ptr(),
                    value.as_ptr(),
                )
            };
            if status == highs_sys::STATUS_ERROR {
                return Err(refused("added row"));
            }
        }
        Ok(model)
    }

    /// Appends the row `lower ≤ Σ coefficient · column ≤ upper`.
    pub fn add_row(&mut self, lower: f64, upper: f64, entries: Vec<(usize, f64)>) {
        self.added_rows.push(AddedRow {
            lower,
            upper,
            entries,
        });
    }

    /// Declares column `j`: integer or continuous, within `lower..=upper`.
    pub fn declare_column(&mut self, j: usize, integer: bool, lower: f64, upper: f64) {
        self.integrality[j] = if integer {
            highs_sys::kHighsVarTypeInteger
        } else {
            highs_sys::kHighsVarTypeContinuous
        };
        self.col_lower[j] = lower;
        self.col_upper[j] = upper;
    }

    /// Declares column `j` integer or continuous, its bounds kept.
    pub fn declare_integer(&mut self, j: usize, integer: bool) {
        self.integrality[j] = if integer {
            highs_sys::kHighsVarTypeInteger
        } else {
            highs_sys::kHighsVarTypeContinuous
        };
    }

    /// Columns.
    pub fn columns(&self) -> usize {
        self.col_cost.len()
    }
}
