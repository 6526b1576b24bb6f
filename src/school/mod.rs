//! After the round, inside each school (`docs/classes.md`): class teaching teams
//! balanced in strength (`teams`, an exact MIP on HiGHS, with `team_note` saying why a
//! seat stays vacant), students divided into classes in an S-shaped order (`division`,
//! with `division_note` for its special cases), and teams matched to classes by a
//! public, re-runnable lottery (`draw` on the `lottery` stream). The staff of a school
//! is its teachers after the plan (`staff`).

pub mod division;
pub mod division_note;
pub mod draw;
pub mod formation;
pub mod lottery;
pub mod staff;
pub mod team_note;
pub mod teams;
