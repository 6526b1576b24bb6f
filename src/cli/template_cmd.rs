//! `template`: empty, documented input files.

use super::TemplateLang;
use rotation::input::instance::read_instance;
use rotation::input::workbook::is_workbook;
use rotation::model::lang::Lang;
use rotation::output::files::write_atomic;
use rotation::output::template::{county_workbook, template_csv, template_workbook};
use rotation::{Result, RotationError};
use std::path::Path;

pub fn template(out: &Path, lang: TemplateLang, from: Option<&Path>, force: bool) -> Result<i32> {
    let lang = match lang {
        TemplateLang::Zh => Lang::Zh,
        TemplateLang::En => Lang::En,
    };
    let files: Vec<(std::path::PathBuf, Vec<u8>)> = if let Some(instance) = from {
        if !is_workbook(out) {
            return Err(RotationError::Usage(format!(
                "--from fills a workbook: {} should end in .xlsx",
                out.display()
            )));
        }
        let loaded = read_instance(instance)?;
        super::print_warnings(&loaded.warnings);
        vec![(out.to_path_buf(), county_workbook(&loaded.county, lang)?)]
    } else if is_workbook(out) {
        vec![(out.to_path_buf(), template_workbook(lang)?)]
    } else {
        template_csv(lang)
            .into_iter()
            .map(|(name, bytes)| (out.join(name), bytes))
            .collect()
    };
    if !force {
        if let Some((p, _)) = files.iter().find(|(p, _)| p.exists()) {
            return Err(RotationError::Usage(format!(
                "{} exists; pass --force to overwrite it",
                p.display()
            )));
        }
    }
    for (path, bytes) in &files {
        write_atomic(path, bytes)?;
        println!("wrote {}", path.display());
    }
    Ok(0)
}
