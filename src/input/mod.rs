//! Reading the bureau's files: CSV (UTF-8 or GBK) and xlsx tables with Chinese or
//! English headers, turned into a validated [`County`](crate::model::county::County),
//! plus pins, a previous plan and roads. Every problem is collected as a diagnostic
//! naming the file, line and column.

pub mod county_tables;
pub mod distances;
pub mod exchange_teams;
pub mod history;
pub mod instance;
pub mod joint;
pub mod manifest;
pub mod pins;
pub mod plan_file;
pub mod plausibility;
pub mod policy_file;
pub mod previous;
pub mod roads;
pub mod school_files;
pub mod school_tables;
pub(crate) mod table;
pub mod teacher_files;
pub(crate) mod values;
pub mod vocabulary;
pub mod wishes;
pub mod workbook;
