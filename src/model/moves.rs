//! A move of the plan: one teacher to one school.

use serde::Serialize;

/// One rotation: teacher `teacher` (index) goes to school `to` (index).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Move {
    pub teacher: usize,
    pub to: usize,
    /// Commute from home to the new school.
    pub km: f64,
}
