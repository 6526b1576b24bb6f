//! Argument parsing and printing. Each subcommand lives in its own module.

mod county_cmds;
mod lab_cmds;
mod plan_cmds;
mod research_cmds;
mod template_cmd;

use clap::{Parser, Subcommand, ValueEnum};
use rotation::RotationError;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "rotation",
    version,
    about = "Plans the yearly teacher exchange round (交流轮岗) of a county",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Load an instance and report every problem at once (exit 2 when invalid).
    Validate {
        /// Instance folder (schools.csv, teachers.csv, partnerships.csv, roads.csv) or
        /// one .xlsx workbook (sheets schools/学校, teachers/教师, partnerships/共同体).
        instance: PathBuf,
        /// Policy file; with it, eligible teachers are counted too.
        #[arg(long)]
        policy: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// List partnership groups with their schools, zone mix and teacher counts.
    Groups {
        instance: PathBuf,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Every teacher with eligible yes/no and the reason.
    Eligibility {
        instance: PathBuf,
        #[arg(long)]
        policy: PathBuf,
        /// Write the list as CSV here instead of printing it.
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Solve the exchange round and write plan.csv, schools.csv and summary.json.
    Plan {
        /// Instance folder or .xlsx workbook.
        instance: PathBuf,
        #[arg(long)]
        policy: PathBuf,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Overwrite an existing plan in the output folder.
        #[arg(long)]
        force: bool,
        /// Also write the plan as an Excel workbook (summary, move list, a sheet per
        /// school and per partnership group; Chinese labels).
        #[arg(long, value_name = "FILE.xlsx")]
        xlsx: Option<PathBuf>,
        /// Write the CSV outputs with a UTF-8 BOM so Excel opens them correctly.
        #[arg(long)]
        excel_csv: bool,
        /// Locked decisions: a CSV (or workbook) with `teacher, action, school`;
        /// actions `stay`, `move`, `move_to`. Pins are hard rules.
        #[arg(long, value_name = "pins.csv")]
        pins: Option<PathBuf>,
        /// A previous plan (plan.csv or plan workbook) to stay close to: its moves are
        /// kept where the rules allow; changes are reported in changes.csv.
        #[arg(long, value_name = "plan.csv")]
        previous: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        #[command(flatten)]
        solver: plan_cmds::SolverArgs,
        /// Also write a self-contained HTML report of the plan here.
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// Solve several policies on the same county and show their key figures side by side.
    Compare {
        instance: PathBuf,
        /// A policy file; give two or more.
        #[arg(long = "policy", required = true)]
        policies: Vec<PathBuf>,
        /// Write compare.csv, compare.json and each policy's plan folder here.
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: lab_cmds::LabFormat,
        /// Also write a self-contained HTML report of every policy here.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Policies solved at once (default: the available cores).
        #[arg(long)]
        jobs: Option<usize>,
        #[command(flatten)]
        solver: plan_cmds::SolverArgs,
    },
    /// Solve a grid over numeric policy keys: one row per point, and a trade-off chart.
    Sweep {
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
        #[arg(long, value_enum, default_value_t)]
        format: lab_cmds::LabFormat,
        /// Also write a self-contained HTML report here.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Points solved at once (default: the available cores).
        #[arg(long)]
        jobs: Option<usize>,
        #[command(flatten)]
        solver: plan_cmds::SolverArgs,
    },
    /// Write a self-contained HTML report of a plan (map, flows, figures, CV).
    Report {
        instance: PathBuf,
        #[arg(long)]
        policy: PathBuf,
        /// The plan to report on (plan.csv).
        #[arg(long)]
        plan: PathBuf,
        /// The HTML file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check any plan against every rule, without the solver (exit 1 when a rule is broken).
    Verify {
        instance: PathBuf,
        #[arg(long)]
        policy: PathBuf,
        /// The plan to check (plan.csv or the plan workbook).
        #[arg(long)]
        plan: PathBuf,
        /// The pins the plan was made with: pinned moves of ineligible teachers are
        /// accepted, and every pin must hold.
        #[arg(long)]
        pins: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Write empty, documented input templates: one .xlsx workbook, or a folder of CSV files.
    Template {
        /// FILE.xlsx for a workbook, or a folder for CSV files.
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value_t = TemplateLang::Zh)]
        lang: TemplateLang,
        /// Fill the workbook with this instance (folder or workbook) instead of
        /// leaving it empty: an instance handed to an Excel user.
        #[arg(long)]
        from: Option<PathBuf>,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
    },
    /// Generate a synthetic county (deterministic for a seed).
    Generate {
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
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the model `plan` solves as an MPS or LP file, with readable names.
    Export {
        instance: PathBuf,
        #[arg(long)]
        policy: PathBuf,
        /// Write free-format MPS here.
        #[arg(long)]
        mps: Option<PathBuf>,
        /// Write CPLEX LP format here.
        #[arg(long)]
        lp: Option<PathBuf>,
        /// Keep only the K nearest allowed schools of each teacher (a heuristic).
        #[arg(long)]
        candidates: Option<usize>,
    },
    /// Generate counties of several sizes, plan each, and write one CSV row per instance.
    Bench {
        /// Teachers per county, comma-separated; `TEACHERSxSCHOOLS` sets the schools too.
        #[arg(long, default_value = rotation::research::bench::DEFAULT_SIZES)]
        sizes: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Policy file (default: the built-in Haiyan 2022 policy, models/haiyan-2022.toml).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// The CSV to write.
        #[arg(long)]
        out: PathBuf,
        /// Stop each solve after this many seconds (its bound and gap are reported).
        #[arg(long)]
        time_limit: Option<f64>,
        /// Relative MIP gap at which a plan counts as optimal.
        #[arg(long, default_value_t = 1e-4)]
        gap: f64,
        /// Solver threads (default: HiGHS decides).
        #[arg(long)]
        threads: Option<u32>,
        /// Keep only the K nearest allowed schools of each teacher (a heuristic).
        #[arg(long, value_name = "K")]
        candidates: Option<usize>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateLang {
    /// Chinese headers, sheet names and example values.
    Zh,
    /// English (the CSV names).
    En,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Preset {
    Haiyan,
}

/// Runs the command line and returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Validate {
            instance,
            policy,
            format,
        } => county_cmds::validate(&instance, policy.as_deref(), format),
        Command::Groups { instance, format } => county_cmds::groups(&instance, format),
        Command::Eligibility {
            instance,
            policy,
            out,
            format,
        } => county_cmds::eligibility(&instance, &policy, out.as_deref(), format),
        Command::Plan {
            instance,
            policy,
            out,
            force,
            xlsx,
            excel_csv,
            pins,
            previous,
            format,
            solver,
            report,
        } => plan_cmds::plan(
            &instance,
            &policy,
            &out,
            &plan_cmds::PlanExtras {
                force,
                xlsx: xlsx.as_deref(),
                excel_csv,
                pins: pins.as_deref(),
                previous: previous.as_deref(),
            },
            format,
            &solver,
            report.as_deref(),
        ),
        Command::Compare {
            instance,
            policies,
            out,
            format,
            report,
            jobs,
            solver,
        } => lab_cmds::compare(
            &instance,
            &policies,
            out.as_deref(),
            format,
            report.as_deref(),
            jobs,
            &solver,
        ),
        Command::Sweep {
            instance,
            policy,
            varies,
            out,
            format,
            report,
            jobs,
            solver,
        } => lab_cmds::sweep(
            &instance,
            &policy,
            &varies,
            out.as_deref(),
            format,
            report.as_deref(),
            jobs,
            &solver,
        ),
        Command::Report {
            instance,
            policy,
            plan,
            out,
        } => lab_cmds::report(&instance, &policy, &plan, &out),
        Command::Verify {
            instance,
            policy,
            plan,
            pins,
            format,
        } => plan_cmds::verify(&instance, &policy, &plan, pins.as_deref(), format),
        Command::Template {
            out,
            lang,
            from,
            force,
        } => template_cmd::template(&out, lang, from.as_deref(), force),
        Command::Generate {
            like,
            teachers,
            schools,
            groups,
            urban_share,
            seed,
            out,
        } => county_cmds::generate(like, teachers, schools, groups, urban_share, seed, &out),
        Command::Export {
            instance,
            policy,
            mps,
            lp,
            candidates,
        } => research_cmds::export(&instance, &policy, mps, lp, candidates),
        Command::Bench {
            sizes,
            seed,
            policy,
            out,
            time_limit,
            gap,
            threads,
            candidates,
        } => {
            let solver = plan_cmds::SolverArgs {
                time_limit,
                gap,
                threads,
                seed: 0,
                verbose: false,
                no_lp_first: false,
                candidates,
            };
            research_cmds::bench(&sizes, seed, policy.as_deref(), &out, &solver)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => report_error(&e),
    }
}

/// Prints an error on stderr and returns its exit code.
pub fn report_error(e: &RotationError) -> i32 {
    match e {
        RotationError::Invalid(diags) => {
            eprint!("{diags}");
            let n = diags.errors().count();
            eprintln!(
                "{n} problem{} found; nothing was written",
                if n == 1 { "" } else { "s" }
            );
        }
        other => eprintln!("error: {other}"),
    }
    e.exit_code()
}

/// Prints warnings found while reading, on stderr.
pub fn print_warnings(warnings: &rotation::model::diagnostics::Diagnostics) {
    for w in warnings.warnings() {
        eprintln!("{w}");
    }
}

pub fn print_json<T: serde::Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("serialisable output")
    );
}
