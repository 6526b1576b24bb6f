//! `rotation generate`: writes a synthetic county, the same for the same seed, either
//! shaped like a real one (`--like haiyan`) or of a given size.

use rotation::model::usage_message::UsageMessage;
use rotation::research::calibration::{comparison_table, county_figures};
use rotation::research::generate::{
    generate as generate_county, Calibration, GeneratorSpec, Positions,
};
use rotation::{Result, RotationError};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// A preset shape: `haiyan` (21 primary, 13 junior, 1 special school, 4,000 teachers).
    #[arg(long, value_enum)]
    like: Option<Preset>,
    /// Number of teachers (without --like).
    #[arg(long)]
    teachers: Option<usize>,
    /// Number of schools (without --like).
    #[arg(long)]
    schools: Option<usize>,
    /// Number of "1+X" partnership groups.
    #[arg(long)]
    groups: Option<usize>,
    /// Share of schools in the urban core.
    #[arg(long)]
    urban_share: Option<f64>,
    /// The shares teachers are drawn with: `classic` (the first generator's; default
    /// with --teachers) or `haiyan` (calibrated to the seed; default with --like haiyan).
    #[arg(long, value_enum)]
    calibration: Option<Shares>,
    /// Share of all teachers who are backbone teachers, in [0, 1] (e.g. 0.25): the
    /// calibration's probabilities are scaled to it and the backbone teachers named
    /// again; the rest of the county stays as drawn without it.
    #[arg(long, value_name = "SHARE")]
    backbone_share: Option<f64>,
    /// Write positions as latitude/longitude (`lat`, `lon`) around 30.5°N 120.9°E
    /// instead of the km grid: the same layout, commutes then great-circle.
    #[arg(long)]
    latlon: bool,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long)]
    out: PathBuf,
    /// Replace the county already in the output folder.
    #[arg(long)]
    force: bool,
    /// Also print the county's figures next to the seed's (Haiyan 2022) as a Markdown
    /// table: shares of backbone teachers and titles, the national indicators per 100
    /// students and their inter-school CV.
    #[arg(long)]
    figures: bool,
    /// Policy whose eligibility rules the figures use (default: 6 years at the school,
    /// women up to 50, men up to 55, as models/haiyan-2022.toml).
    #[arg(long, requires = "figures")]
    policy: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Preset {
    Haiyan,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Shares {
    Classic,
    Haiyan,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let seed = self.seed;
        let mut spec = match (self.like, self.teachers, self.schools) {
            (Some(Preset::Haiyan), None, None) => GeneratorSpec::haiyan(seed),
            (Some(_), _, _) => return Err(RotationError::Refused(UsageMessage::LikeSetsTheSize)),
            (None, Some(t), Some(s)) => GeneratorSpec::sized(t, s, seed),
            (None, _, _) => return Err(RotationError::Refused(UsageMessage::GenerateNeedsASize)),
        };
        if let Some(g) = self.groups {
            spec.groups = g;
        }
        if let Some(u) = self.urban_share {
            spec.urban_share = u;
        }
        match self.calibration {
            Some(Shares::Classic) => spec.calibration = Calibration::classic(),
            Some(Shares::Haiyan) => spec.calibration = Calibration::haiyan(),
            None => {}
        }
        if self.backbone_share.is_some() {
            spec.calibration.backbone_share = self.backbone_share;
        }
        if self.latlon {
            spec.positions = Positions::LatLon;
        }
        spec.check().map_err(RotationError::rejected)?;
        let policy = self
            .policy
            .as_deref()
            .map(rotation::Policy::read)
            .transpose()?;
        let county = generate_county(&spec);
        let out = &self.out;
        rotation::output::instance_tables::write_instance(&county, out, self.force, &[])?;
        let wrote = crate::cli::messages::CliMessage::WroteCounty {
            path: out.display().to_string(),
            schools: county.schools.len(),
            teachers: county.teachers.len(),
            groups: county.groups.len(),
            seed,
        };
        eprintln!("{}", wrote.text(super::lang()));
        // A school alone (a special school) is a group of its own in `county.groups`;
        // `--groups` counts the "1+X" groups.
        let joint = county.groups.iter().filter(|g| g.schools.len() > 1).count();
        if let Some(asked) = self.groups.filter(|&g| g != joint) {
            let note = crate::cli::messages::CliMessage::GroupsNotAsAsked { asked, got: joint };
            eprintln!("{}", note.text(super::lang()));
        }
        if self.figures {
            let figures = county_figures(&county, &policy.unwrap_or_default());
            print!("{}", comparison_table(&figures));
        }
        Ok(0)
    }
}
