//! Everything a round writes: plan files (CSV, JSON), the text summary, the plan
//! workbook, empty templates, a county as tables, the HTML report and its SVG charts.

pub mod chart;
pub mod cv_chart;
pub mod draw_files;
pub mod eligibility_list;
pub mod files;
pub mod folder_lock;
pub mod history_file;
pub mod horizon_files;
pub mod html;
pub mod indicator_report;
pub mod indicator_sheet;
pub mod instance_tables;
pub mod map_labels;
pub(crate) mod markup;
pub mod notice_text;
pub mod notices;
pub mod output_set;
pub mod plan_files;
pub mod plan_workbook;
pub mod report_text;
pub mod school_files;
pub mod school_map;
pub mod stayed_files;
pub mod summary;
pub mod summary_text;
pub mod template;
pub mod template_lists;
