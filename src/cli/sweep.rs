//! `rotation sweep`: solves a grid over numeric policy keys (`--vary KEY=FROM:TO:STEP`,
//! repeated for more dimensions), one row per point, with a chart of the figures
//! `--plot` names and an optional HTML report. Exit 1 when any point failed to solve.

use super::common::{jobs, print_failures, progress, LabFormat, SolverArgs};
use super::messages::CliMessage;
use super::{print_json, print_warnings};
use rotation::input::instance::{instance_files, read_instance};
use rotation::lab::figures::{any_wishes, table_figures};
use rotation::lab::grid_message::GridProblems;
use rotation::lab::plot::Plot;
use rotation::lab::report::sweep_report;
use rotation::lab::runs::RunOutcome;
use rotation::lab::stopped::stopped_at_limit;
use rotation::lab::sweep::{run_sweep, sweep_csv, sweep_points, sweep_text, tally, Vary};
use rotation::lab::sweep_chart::sweep_chart;
use rotation::model::shard::{take_shard, Shard};
use rotation::output::files::{check_output_file, write_atomic};
use rotation::output::output_set::OutputSet;
use rotation::study::shard_tables::{record_bytes, SWEEP_RECORD};
use rotation::{Policy, Result, RotationError};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    instance: PathBuf,
    /// The base policy the grid varies.
    #[arg(long)]
    policy: PathBuf,
    /// KEY=FROM:TO:STEP, e.g. targets.exchange_rate=0.10:0.50:0.05; repeat for a grid.
    #[arg(long = "vary", required = true)]
    varies: Vec<String>,
    /// Write sweep.csv and sweep.svg here.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace what an earlier run wrote in --out (and an existing --report file).
    #[arg(long)]
    force: bool,
    /// What the chart (sweep.svg, the report) plots against the first varied key,
    /// comma-separated: `price` (total commute, moves across groups, teachers moved),
    /// `cv` (the CV of primary and junior schools after the plan, with the CV before
    /// and the national standard 0.50 / 0.45 as dashed lines), or columns of sweep.csv,
    /// e.g. cv_primary_after,total_commute_km.
    #[arg(long, value_name = "FIGURES", default_value = "price")]
    plot: String,
    #[arg(long, value_enum, default_value_t)]
    format: LabFormat,
    /// Also write a self-contained HTML report here.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Points solved at once (default: the available cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// Solve only the grid points j with j mod N = I−1 (numbered from 0 in grid
    /// order); --out then holds this shard's rows of sweep.csv and shard.json, and
    /// `rotation study merge` puts the shards together.
    #[arg(long, value_name = "I/N", requires = "out", conflicts_with = "report")]
    shard: Option<String>,
    /// The exchange history, applied to every point's round as `rotation plan`
    /// applies it.
    #[arg(long, value_name = "history.csv")]
    history: Option<PathBuf>,
    /// The teachers' wishes, applied to every point's round as `rotation plan`
    /// applies them; sweep.csv gains the wish figures.
    #[arg(long, value_name = "wishes.csv")]
    wishes: Option<PathBuf>,
    /// Exchange teams (`team, teacher`; CSV or a workbook's 组团交流 sheet), applied to
    /// every point's round as `rotation plan` applies them. Each of --history,
    /// --wishes and --teams is read instead of the instance's own table.
    #[arg(long, value_name = "teams.csv")]
    teams: Option<PathBuf>,
    /// Joint appointments (联聘, `teacher, school`), applied to every round as
    /// `rotation plan` applies them. Read instead of the instance's own joint.csv /
    /// 联聘 sheet.
    #[arg(long, value_name = "joint.csv")]
    joint: Option<PathBuf>,
    #[command(flatten)]
    solver: SolverArgs,
}

impl Args {
    pub fn run(self) -> Result<i32> {
        let report = self.report.as_deref();
        let options = self.solver.options()?;
        let jobs = jobs(self.jobs)?;
        let shard = self
            .shard
            .as_deref()
            .map(|t| Shard::parse(t).map_err(RotationError::rejected))
            .transpose()?;
        // Every bad --vary is reported, not just the first.
        let mut problems = Vec::new();
        let mut parsed = Vec::new();
        for spec in &self.varies {
            match Vary::parse(spec) {
                Ok(v) => parsed.push(v),
                Err(e) => problems.push(e),
            }
        }
        let plot = Plot::parse(&self.plot).unwrap_or_else(|e| {
            problems.push(e);
            Plot::default()
        });
        if !problems.is_empty() {
            return Err(RotationError::rejected(GridProblems {
                problems,
                nothing_done: true,
            }));
        }
        // Every output is checked, and the folder locked, before the solves.
        let mut inputs = instance_files(&self.instance);
        inputs.push(self.policy.clone());
        // The instance's own history, wishes, teams and joint appointments, each replaced
        // by its flag.
        let files = crate::cli::common::teacher_files(
            &self.instance,
            &rotation::input::teacher_files::TeacherFiles::flags(
                self.history.as_deref(),
                self.wishes.as_deref(),
                self.teams.as_deref(),
                self.joint.as_deref(),
            ),
        );
        inputs.extend(files.paths().map(std::path::Path::to_path_buf));
        if let Some(path) = report {
            check_output_file(path, self.force, &inputs)?;
        }
        let set = self
            .out
            .as_deref()
            .map(|dir| {
                OutputSet::begin(
                    dir,
                    self.force,
                    &inputs,
                    &["sweep.csv", "sweep.svg", SWEEP_RECORD],
                )
            })
            .transpose()?;
        let base = Policy::read(&self.policy)?;
        let file = self.policy.display().to_string();
        let points = sweep_points(&base, &file, &parsed)?;
        // A shard keeps its points; the record names them among the whole grid.
        let (points, record) = match shard {
            None => (points, None),
            Some(shard) => {
                let mut labels: Vec<String> = points
                    .iter()
                    .map(|p| {
                        p.values
                            .iter()
                            .map(|(k, v)| format!("{k}={v}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect();
                // Every point depends on the county, the base policy, the teacher side
                // and the solver flags too: shards that differ in any of them are not
                // one sweep (`study merge` refuses them).
                labels.extend(crate::cli::common::content_labels(&inputs));
                labels.push(self.solver.fingerprint_label());
                let (points, record) = take_shard(points, shard, "sweep", &labels);
                (points, Some(record))
            }
        };
        let loaded = read_instance(&self.instance)?;
        rotation::input::plausibility::check(&loaded, &base, &file)?;
        print_warnings(&loaded.warnings);
        let county = &loaded.county;
        let side = crate::cli::common::teacher_side(county, &files)?;
        // The teachers' side is checked against the base policy's round before the
        // first solve.
        side.county(county, &base)?;
        let keys: Vec<String> = parsed.iter().map(|v| v.key.clone()).collect();
        let bar = progress(
            points.len(),
            super::lang().pick("grid points solved", "个取值点已求解"),
        );
        let rows = run_sweep(county, &side, points, &options, jobs, &|| bar.inc(1));
        bar.finish_and_clear();
        let instance_name = self.instance.display().to_string();
        let csv = sweep_csv(&keys, &rows);
        let wishes = any_wishes(rows.iter().map(|r| &r.outcome));
        let svg = sweep_chart(&plot, &keys, &rows, true, super::lang());
        let html = report.map(|_| {
            sweep_report(
                &instance_name,
                county,
                &file,
                &plot,
                &keys,
                &rows,
                super::lang(),
            )
        });
        match self.format {
            LabFormat::Table => print!("{}", sweep_text(&keys, &rows, super::lang())),
            LabFormat::Csv => print!("{}", String::from_utf8_lossy(&csv)),
            LabFormat::Json => print_json(&serde_json::json!({
                "instance": instance_name,
                "policy": file,
                "varied": keys,
                "points": rows.iter().map(|r| serde_json::json!({
                    "values": r.point.values.iter().map(|(k, v)| (k.clone(), serde_json::json!(v))).collect::<serde_json::Map<_, _>>(),
                    "figures": table_figures(&r.outcome, wishes).into_iter().map(|f| (f.key.to_string(), f.value.json())).collect::<serde_json::Map<_, _>>(),
                    "error": match &r.outcome { RunOutcome::Failed(e) => Some(e.clone()), _ => None },
                })).collect::<Vec<_>>(),
            })),
        }
        let (met, short, failed) = tally(&rows);
        let tally = CliMessage::SweepTally {
            points: rows.len(),
            met,
            short,
            failed,
        };
        eprintln!("{}", tally.text(super::lang()));
        let stopped = stopped_at_limit(rows.iter().map(|r| &r.outcome));
        if stopped.stopped > 0 {
            let m = CliMessage::SweepStopped {
                stopped,
                points: rows.len(),
            };
            eprintln!("{}", m.text(super::lang()));
        }
        let mut wrote = Vec::new();
        if let Some(mut set) = set {
            set.add("sweep.csv", csv);
            match &record {
                // A chart of one shard's points would mislead; the merged table has all.
                Some(record) => {
                    wrote.push(format!(
                        "{}/sweep.csv, {SWEEP_RECORD} (shard {})",
                        set.dir().display(),
                        record.shard
                    ));
                    set.add(SWEEP_RECORD, record_bytes(record));
                }
                None => {
                    wrote.push(format!("{}/sweep.csv, sweep.svg", set.dir().display()));
                    set.add("sweep.svg", svg.into_bytes());
                }
            }
            set.commit()?;
        }
        if let (Some(path), Some(html)) = (report, html) {
            write_atomic(path, html.as_bytes())?;
            wrote.push(path.display().to_string());
        }
        if !wrote.is_empty() {
            let wrote = CliMessage::Wrote {
                what: wrote.join(", "),
            };
            eprintln!("{}", wrote.text(super::lang()));
        }
        print_failures(
            &rows
                .iter()
                .map(|r| (r.point.label(), &r.outcome))
                .collect::<Vec<_>>(),
        );
        Ok(if failed > 0 { 1 } else { 0 })
    }
}
