//! Locked decisions (pins): a teacher must stay, must move, or must move to one
//! school. Read by `input::pins`, applied to the candidate moves and checked by
//! `rules::pins`.

use crate::model::county::County;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PinAction {
    Stay,
    Move,
    /// Must move to this school (index into `County::schools`).
    MoveTo(usize),
}

#[derive(Debug, Clone, Serialize)]
pub struct Pin {
    /// Index into `County::teachers`.
    pub teacher: usize,
    pub action: PinAction,
    /// Line (or sheet row) of the pin in its file.
    pub line: usize,
}

/// The pins of a round, checked against the county.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pins {
    pub file: String,
    pub pins: Vec<Pin>,
}

impl Pin {
    /// The pin in words: `T01 move_to R2`.
    pub fn describe(&self, county: &County) -> String {
        let t = &county.teachers[self.teacher].id;
        match self.action {
            PinAction::Stay => format!("{t} stay"),
            PinAction::Move => format!("{t} move"),
            PinAction::MoveTo(s) => format!("{t} move_to {}", county.schools[s].id),
        }
    }
}
impl Pins {
    pub fn of_teacher(&self, t: usize) -> Option<&Pin> {
        self.pins.iter().find(|p| p.teacher == t)
    }
}
