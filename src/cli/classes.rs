//! `rotation classes`: students divided into classes in an S-shaped order within each
//! school and grade, then the special cases kept.

use crate::cli::messages::CliMessage;
use rotation::input::school_files::{read_classes, read_students};
use rotation::model::usage_message::UsageMessage;
use rotation::output::output_set::OutputSet;
use rotation::output::school_files::{class_files, CLASS_FILES};
use rotation::school::division::divide;
use rotation::{Result, RotationError};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// `students.csv`: id, grade, gender, score (and school, keep_together, keep_apart).
    students: PathBuf,
    /// The number of classes of every grade, or `classes.csv` with the classes of each
    /// school and grade.
    #[arg(long, value_name = "N|classes.csv")]
    classes: String,
    /// Output folder (class_lists.csv, class_summary.csv, class_notes.csv, classes.xlsx).
    #[arg(long)]
    out: PathBuf,
    /// A text whose lot orders students of equal score (default: by id).
    #[arg(long)]
    seed: Option<String>,
    /// Replace the outputs of an earlier run.
    #[arg(long)]
    force: bool,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let lang = super::lang();
        let students = read_students(&self.students)?;
        let mut inputs = vec![self.students.clone()];
        let list = match self.classes.parse::<usize>() {
            Ok(n) if (1..=rotation::input::school_files::MAX_CLASSES).contains(&n) => None,
            Ok(n) => {
                return Err(RotationError::Refused(UsageMessage::ClassCount {
                    n,
                    max: rotation::input::school_files::MAX_CLASSES,
                }))
            }
            Err(_) => {
                let path = PathBuf::from(&self.classes);
                inputs.push(path.clone());
                Some(read_classes(&path, None)?)
            }
        };
        let n: usize = self.classes.parse().unwrap_or(0);
        let file = self.students.display().to_string();
        let divisions = divide(
            &students,
            &file,
            |school, grade| match &list {
                None => Some((1..=n).map(|i| i.to_string()).collect()),
                Some(list) => list
                    .iter()
                    .find(|g| g.school == school && g.grade == grade)
                    .map(|g| g.classes.clone()),
            },
            self.seed.as_deref(),
        )?;
        let mut set = OutputSet::begin(&self.out, self.force, &inputs, CLASS_FILES)?;
        for (name, bytes) in class_files(&students, &divisions, lang)? {
            set.add(name, bytes);
        }
        set.commit()?;
        for d in &divisions {
            let figures = d.figures(&students);
            let means: Vec<String> = figures.iter().map(|f| format!("{:.1}", f.mean)).collect();
            let lo = figures.iter().map(|f| f.mean).fold(f64::MAX, f64::min);
            let hi = figures.iter().map(|f| f.mean).fold(f64::MIN, f64::max);
            let line = CliMessage::ClassesOfGrade {
                school: d.school.clone(),
                grade: d.grade.clone(),
                students: d.placement.len(),
                classes: d.classes.len(),
                means,
                spread: hi - lo,
            };
            println!("{}", line.text(lang));
            for note in &d.notes {
                println!("  {}", note.text(lang));
            }
        }
        let wrote = CliMessage::Wrote {
            what: format!("{}: {}", self.out.display(), CLASS_FILES.join(", ")),
        };
        println!("{}", wrote.text(lang));
        Ok(0)
    }
}
