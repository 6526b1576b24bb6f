//! A move of the plan: one teacher to one school.

use serde::Serialize;

/// One rotation: teacher `teacher` (index) goes to school `to` (index).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Move {
    /// Index into `County::teachers` of the teacher who rotates.
    pub teacher: usize,
    /// Index into `County::schools` of the school the teacher rotates to.
    pub to: usize,
    /// Commute from home to the new school.
    pub km: f64,
}
