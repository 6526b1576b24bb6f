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
        let count = |n: usize| HighsInt::try_from(n).map_err(|_| refused("size"));
        let (c, r, n) = (
            count(self.col_cost.len())?,
            count(self.row_lower.len())?,
            count(self.a_value.len())?,
        );
        // As good_lp hands HiGHS a model: an LP when no column is integer.
        let mip = self
            .integrality
            .iter()
            .any(|&i| i != highs_sys::kHighsVarTypeContinuous);
        // No integrality for an LP: HiGHS then solves it as one.
        let integrality = if mip {
            self.integrality.as_ptr()
        } else {
            std::ptr::null()
        };
        // SAFETY: a live instance; the arrays hold `c` columns, `r` rows and `n`
        // nonzeros, the starts one per column, as `read` took them; no Hessian (its
        // arrays null, none of its nonzeros), `integrality` null or one per column.
        let status = unsafe {
            highs_sys::Highs_passModel(
                ptr,
                c,
                r,
                n,
                0,
                highs_sys::kHighsMatrixFormatColwise,
                highs_sys::kHighsHessianFormatTriangular,
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
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
                integrality,
            )
        };
        if status == highs_sys::STATUS_ERROR {
            return Err(refused("arrays"));
        }
        for row in &self.added_rows {
            add_row(&mut model, row.lower, row.upper, &row.entries)?;
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

    /// Makes column `j` integer or continuous, its bounds kept.
    pub fn set_integer(&mut self, j: usize, integer: bool) {
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

/// Appends the row `lower ≤ Σ coefficient · column ≤ upper` to a live model; why not,
/// when HiGHS refuses it or a column is not the model's.
pub fn add_row(
    model: &mut Model,
    lower: f64,
    upper: f64,
    entries: &[(usize, f64)],
) -> Result<(), String> {
    let refused = || "HiGHS refused a row added to the model".to_string();
    let ptr = model.as_mut_ptr();
    // SAFETY: a live instance.
    let columns = unsafe { highs_sys::Highs_getNumCol(ptr) };
    let index: Vec<HighsInt> = entries
        .iter()
        .map(|&(j, _)| HighsInt::try_from(j).ok().filter(|&j| j < columns))
        .collect::<Option<_>>()
        .ok_or_else(refused)?;
    let value: Vec<f64> = entries.iter().map(|&(_, a)| a).collect();
    let nonzeros = HighsInt::try_from(index.len()).map_err(|_| refused())?;
    // SAFETY: a live instance; `index` and `value` hold `nonzeros` entries, every
    // column index one of the model's (checked above).
    let status = unsafe {
        highs_sys::Highs_addRow(ptr, lower, upper, nonzeros, index.as_ptr(), value.as_ptr())
    };
    if status == highs_sys::STATUS_ERROR {
        return Err(refused());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// x + 2y ≤ 4 over x, y ∈ [0, 3], y integer.
    fn small() -> Model {
        let mut p = ColProblem::default();
        let row = p.add_row(..=4.0);
        p.add_column(-1.0, 0.0..=3.0, [(row, 1.0)]);
        p.add_integer_column(-1.0, 0.0..=3.0, [(row, 2.0)]);
        Model::try_new(p).expect("model")
    }

    #[test]
    fn arrays_read_back_make_the_same_model() {
        let arrays = ModelArrays::read(&small()).expect("arrays");
        assert_eq!(arrays.columns(), 2);
        let again = arrays.clone().into_model().expect("model");
        assert_eq!(ModelArrays::read(&again), Some(arrays));
    }

    #[test]
    fn a_row_over_a_column_the_model_lacks_is_refused() {
        let mut model = small();
        assert!(add_row(&mut model, f64::NEG_INFINITY, 1.0, &[(0, 1.0), (1, 1.0)]).is_ok());
        assert!(add_row(&mut model, f64::NEG_INFINITY, 1.0, &[(2, 1.0)]).is_err());
        let mut arrays = ModelArrays::read(&model).expect("arrays");
        arrays.add_row(0.0, 1.0, vec![(5, 1.0)]);
        assert!(arrays.into_model().is_err());
    }
}
