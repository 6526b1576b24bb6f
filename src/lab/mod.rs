//! The policy lab for county leaders: several policies on one county side by side
//! (`compare`) and grids over numeric policy keys (`sweep`).

pub mod compare;
pub mod figures;
pub mod grid_message;
pub mod lab_text;
pub mod plot;
pub mod report;
pub mod runs;
pub mod stopped;
pub mod sweep;
pub mod sweep_chart;
pub mod sweep_plot;
pub mod vary;
