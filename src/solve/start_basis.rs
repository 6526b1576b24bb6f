//! A relaxation's basis carried to another stage's relaxation of the same round, by
//! column and row name (`docs/model.md`, "Targets first").
//!
//! When no plan meets the targets, the least-target-shortfall relaxation of a large
//! model is solved first with each move at its cost and each teacher of shortfall at
//! the penalty (`highs::solve_relaxation`). That basis is optimal for the least cost
//! with the least shortfall whenever the penalty outweighs what a teacher of
//! shortfall saves, so the cost stage's relaxation (the same columns, the same rows
//! but for the row that holds the shortfall and its rounding cut) starts from it
//! rather than from scratch, and so do the why-short questions' least-shortfall
//! relaxations (`round::explain::keep_binding`). The basis only chooses where the
//! simplex starts, never what it ends at.

use highs_sys::HighsInt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// HiGHS's basis statuses (`HighsBasisStatus`).
const LOWER: HighsInt = 0;
const BASIC: HighsInt = 1;

/// A basis by column and row name.
#[derive(Debug, PartialEq)]
pub struct NamedBasis {
    cols: HashMap<String, HighsInt>,
    rows: HashMap<String, HighsInt>,
}

impl NamedBasis {
    /// The basis of the model `highs` last solved, whose columns and rows are named
    /// `col_names` and `row_names`; `None` when HiGHS has none.
    ///
    /// # Safety
    /// `highs` is a live HiGHS instance holding a model of `col_names.len()` columns
    /// and `row_names.len()` rows.
    pub(crate) unsafe fn read(
        highs: *mut std::ffi::c_void,
        col_names: &[String],
        row_names: &[String],
    ) -> Option<NamedBasis> {
        let mut col_status: Vec<HighsInt> = vec![0; col_names.len()];
        let mut row_status: Vec<HighsInt> = vec![0; row_names.len()];
        // SAFETY: the caller's promise; the arrays are sized to the model.
        let status = unsafe {
            highs_sys::Highs_getBasis(highs, col_status.as_mut_ptr(), row_status.as_mut_ptr())
        };
        (status != highs_sys::STATUS_ERROR).then(|| NamedBasis {
            cols: col_names.iter().cloned().zip(col_status).collect(),
            rows: row_names.iter().cloned().zip(row_status).collect(),
        })
    }

    /// The statuses for a model with these columns and rows: each one this basis names
    /// keeps its status, a new row is basic (its slack), a new column nonbasic at its
    /// lower bound. Where a model lacks some of this basis's columns or rows, the basic
    /// ones may not number its rows: HiGHS takes such a basis as alien, keeps a largest
    /// independent set of its basic columns and rows, and completes it with slacks.
    pub(crate) fn statuses(
        &self,
        col_names: &[String],
        row_names: &[String],
    ) -> (Vec<HighsInt>, Vec<HighsInt>) {
        let cols = col_names
            .iter()
            .map(|n| self.cols.get(n).copied().unwrap_or(LOWER))
            .collect();
        let rows = row_names
            .iter()
            .map(|n| self.rows.get(n).copied().unwrap_or(BASIC))
            .collect();
        (cols, rows)
    }
}

/// Where a relaxation leaves its basis for a later stage (see the module's note): a
/// shared slot, or none.
#[derive(Clone, Default)]
pub struct BasisSlot(Option<Arc<Mutex<Option<Arc<NamedBasis>>>>>);

impl BasisSlot {
    /// A slot to fill.
    pub fn new() -> BasisSlot {
        BasisSlot(Some(Arc::default()))
    }

    /// Whether a relaxation should leave its basis here.
    pub(crate) fn wanted(&self) -> bool {
        self.0.is_some()
    }

    /// Leaves `basis` here (a slot of none drops it).
    pub(crate) fn put(&self, basis: NamedBasis) {
        if let Some(slot) = &self.0 {
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(basis));
        }
    }

    /// Empties the slot.
    pub(crate) fn clear(&self) {
        if let Some(slot) = &self.0 {
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
    }

    /// The basis left here last, if any.
    pub fn get(&self) -> Option<Arc<NamedBasis>> {
        self.0
            .as_ref()
            .and_then(|slot| slot.lock().unwrap_or_else(|e| e.into_inner()).clone())
    }
}

impl std::fmt::Debug for BasisSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "BasisSlot(on)"
        } else {
            "BasisSlot(off)"
        })
    }
}

/// Options compare equal whatever their slots (as their observers).
impl PartialEq for BasisSlot {
    fn eq(&self, _: &BasisSlot) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    /// Known columns and rows keep their status, a new row is basic, a new column at
    /// its lower bound.
    #[test]
    fn statuses_follow_the_names() {
        let basis = NamedBasis {
            cols: [("x".to_string(), BASIC), ("u".to_string(), LOWER)].into(),
            rows: [("a".to_string(), LOWER), ("b".to_string(), BASIC)].into(),
        };
        let (cols, rows) = basis.statuses(&names(&["u", "x", "y"]), &names(&["b", "cap", "a"]));
        assert_eq!(cols, vec![LOWER, BASIC, LOWER]);
        assert_eq!(rows, vec![BASIC, BASIC, LOWER]);
    }

    #[test]
    fn a_slot_hands_over_what_was_put() {
        let slot = BasisSlot::new();
        assert!(slot.wanted() && slot.get().is_none());
        slot.put(NamedBasis {
            cols: HashMap::new(),
            rows: HashMap::new(),
        });
        assert!(slot.get().is_some() && slot.clone().get().is_some());
        slot.clear();
        assert!(slot.get().is_none());
        let none = BasisSlot::default();
        assert!(!none.wanted());
        none.put(NamedBasis {
            cols: HashMap::new(),
            rows: HashMap::new(),
        });
        assert!(none.get().is_none());
    }
}
