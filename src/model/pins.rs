//! Locked decisions (pins): a teacher must stay, must move, or must move to one
//! school. Read by `input::pins`, applied to the candidate moves and checked by
//! `rules::pins`.

use crate::model::county::County;
use serde::Serialize;

/// What a pin decides for its teacher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PinAction {
    /// `stay`: the teacher must not move.
    Stay,
    /// `move`: the teacher must move, to any school the move rules allow.
    Move,
    /// Must move to this school (index into `County::schools`).
    MoveTo(usize),
}

/// One locked decision of the education bureau: a row of `pins.csv` (sheet 锁定).
#[derive(Debug, Clone, Serialize)]
pub struct Pin {
    /// Index into `County::teachers`.
    pub teacher: usize,
    /// What the teacher must do.
    pub action: PinAction,
    /// Line (or sheet row) of the pin in its file.
    pub line: usize,
}

/// The pins of a round, checked against the county.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pins {
    /// The pins file (or `book.xlsx[sheet]`) as shown in messages.
    pub file: String,
    /// The pins, in file order, at most one per teacher.
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

    /// The pin in Chinese words: `T01 调往 R2`, `T01 留任`, `T01 须交流`.
    pub fn describe_zh(&self, county: &County) -> String {
        let t = &county.teachers[self.teacher].id;
        match self.action {
            PinAction::Stay => format!("{t} 留任"),
            PinAction::Move => format!("{t} 须交流"),
            PinAction::MoveTo(s) => format!("{t} 调往 {}", county.schools[s].id),
        }
    }
}
impl Pins {
    /// The pin of teacher `t` (index into `County::teachers`), if any.
    pub fn of_teacher(&self, t: usize) -> Option<&Pin> {
        self.pins.iter().find(|p| p.teacher == t)
    }
}
