//! `rotation groups`: the partnership groups of a county, each with its schools,
//! zone mix, teachers and students; a group that looks wrong is warned about.

use super::messages::{group_columns, CliMessage};
use super::{print_json, print_warnings, Format};
use rotation::input::instance::read_instance;
use rotation::rules::county_summary::summarize_groups;
use rotation::Result;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    instance: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let loaded = read_instance(&self.instance)?;
        print_warnings(&loaded.warnings);
        let county = &loaded.county;
        let groups = summarize_groups(county);
        let lang = super::lang();
        for g in &groups {
            if g.warning.is_some() {
                let w = CliMessage::GroupOneZone {
                    group: g.number,
                    has_urban: g.urban_schools > 0,
                };
                eprintln!("{}{}", lang.pick("warning: ", "警告："), w.text(lang));
            }
        }
        match self.format {
            Format::Json => print_json(&groups),
            Format::Text => {
                println!("{}", CliMessage::GroupsHeading.text(lang));
                let [n, u, r, t, s] = group_columns(lang);
                for g in &groups {
                    println!(
                        "{:>n$}  {:>u$}  {:>r$}  {:>t$}  {:>s$}  {}",
                        g.number,
                        g.urban_schools,
                        g.rural_schools,
                        g.teachers,
                        g.students,
                        g.schools.join(" ")
                    );
                }
            }
        }
        Ok(0)
    }
}
