//! Argument parsing and printing. Each subcommand lives in its own file, as an
//! `Args` struct with its flags and a `run` that returns the exit code; this file
//! holds the parser, the dispatch and the printing every subcommand shares.

mod anonymize;
mod bench;
mod bench_family;
mod classes;
mod common;
mod compare;
mod draw;
mod eligibility;
mod export;
mod generate;
mod groups;
mod help_zh;
mod messages;
mod notices;
mod plan;
mod report;
mod serve;
mod study;
mod sweep;
mod teams;
mod template;
mod usage_error;
mod validate;
mod verify;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use rotation::model::lang::Lang;
use rotation::RotationError;

#[derive(Parser)]
#[command(
    name = "rotation",
    version,
    about = "Plans the yearly teacher exchange round (交流轮岗) of a county",
    long_about = None
)]
pub struct Cli {
    /// Language of messages, help and outputs: zh (中文) or en. Default: from LC_ALL,
    /// LC_MESSAGES or LANG (zh_* is Chinese, anything else English).
    #[arg(long, value_enum, global = true)]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

/// `--lang zh|en`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Chinese (中文).
    Zh,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// The language of the locale: `LC_ALL`, then `LC_MESSAGES`, then `LANG`.
pub fn locale_lang() -> Lang {
    let var = |name: &str| std::env::var(name).ok();
    Lang::from_locale(
        var("LC_ALL").as_deref(),
        var("LC_MESSAGES").as_deref(),
        var("LANG").as_deref(),
    )
}

/// `--lang` as written on the command line, read before clap parses it so that the
/// help and clap's own messages can be in that language.
fn lang_in_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut found = None;
    while let Some(arg) = it.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => it.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        match value.as_deref() {
            Some("zh") => found = Some(Lang::Zh),
            Some("en") => found = Some(Lang::En),
            _ => {}
        }
    }
    found
}

/// The parser with its help in `lang` (clap's derive help is English).
pub fn command(lang: Lang) -> clap::Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Zh => help_zh::apply(cmd),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

// A subcommand's one-line help is its variant's doc comment here, not a doc comment
// on its `Args`, so that the list in `rotation --help` reads in one place.
#[derive(Subcommand)]
enum Command {
    /// Load an instance and report every problem at once (exit 2 when invalid).
    Validate(validate::Args),
    /// List partnership groups with their schools, zone mix and teacher counts.
    Groups(groups::Args),
    /// Every teacher with eligible yes/no and the reason.
    Eligibility(eligibility::Args),
    /// Solve the exchange round and write plan.csv, schools.csv, summary.json,
    /// stayed.csv, notices.html and manifest.json (changes.csv with --previous,
    /// history.csv with --history, wishes.json with --wishes).
    ///
    /// Exit status: 0 when the plan meets every target; 3 when it misses the exchange
    /// or backbone target (the plan is still written, with its shortfall and why);
    /// 1 when no plan could be made; 2 for invalid input or usage.
    Plan(plan::Args),
    /// Solve several policies on the same county and show their key figures side by side.
    Compare(compare::Args),
    /// Solve a grid over numeric policy keys: one row per point, and a trade-off chart.
    Sweep(sweep::Args),
    /// Write a self-contained HTML report of a plan (map, flows, figures, CV).
    Report(report::Args),
    /// Write the printable notices of a plan: each school's lists of teachers leaving
    /// and arriving, and each moving teacher's exchange notice (交流通知书), as A4 HTML.
    Notices(notices::Args),
    /// Check any plan against every rule, without the solver (exit 1 when a rule is broken).
    Verify(verify::Args),
    /// Write empty, documented input templates: one .xlsx workbook, or a folder of CSV files.
    Template(template::Args),
    /// Generate a synthetic county (deterministic for a seed).
    Generate(generate::Args),
    /// Write the model `plan` solves as an MPS or LP file, with readable names.
    Export(export::Args),
    /// Write a county fit to share with researchers: pseudonymous ids and names, no
    /// exemption causes, the map moved (distances kept, so the optimum is the same).
    Anonymize(anonymize::Args),
    /// Generate counties of several sizes, plan each, and write one CSV row per instance.
    Bench(bench::Args),
    /// Serve the web application: upload a county, plan, read and download (127.0.0.1).
    Serve(serve::Args),
    /// After the round: balanced class teaching teams for each school and grade.
    Teams(teams::Args),
    /// Divide students into classes in an S-shaped order (gender second, special cases kept).
    Classes(classes::Args),
    /// Match teams to classes by a lottery seeded by a public text; --check confirms a draw.
    ///
    /// Exit status: 0 drawn or confirmed; 1 when --check finds a difference; 2 for
    /// invalid input or usage.
    Draw(draw::Args),
    /// Run a study (counties × policies × sweep points) as numbered, resumable jobs,
    /// split with --shard I/N; `study merge` merges the shards.
    Study(study::Args),
}

/// Runs the command line and returns the exit code.
pub fn run() -> i32 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let explicit = lang_in_args(&args);
    let lang = explicit.unwrap_or_else(locale_lang);
    let parsed = command(lang)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            // The help (also shown for a bare subcommand) is already in `lang`; clap's
            // error sentences are English only.
            let help = e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand;
            if lang == Lang::Zh && e.use_stderr() && !help {
                eprint!("{}", usage_error::render_zh(&e));
            } else {
                let _ = e.print();
            }
            return code;
        }
    };
    let explicit = cli.lang.map(Lang::from);
    let lang = explicit.unwrap_or(lang);
    let _ = CHOSEN.set((lang, explicit));
    let result = match cli.command {
        Command::Validate(args) => args.run(),
        Command::Groups(args) => args.run(),
        Command::Eligibility(args) => args.run(),
        Command::Plan(args) => args.run(),
        Command::Compare(args) => args.run(),
        Command::Sweep(args) => args.run(),
        Command::Report(args) => args.run(),
        Command::Notices(args) => args.run(),
        Command::Verify(args) => args.run(),
        Command::Template(args) => args.run(),
        Command::Generate(args) => args.run(),
        Command::Export(args) => args.run(),
        Command::Anonymize(args) => args.run(),
        Command::Bench(args) => args.run(),
        Command::Serve(args) => args.run(),
        Command::Teams(args) => args.run(),
        Command::Classes(args) => args.run(),
        Command::Draw(args) => args.run(),
        Command::Study(args) => args.run(),
    };
    match result {
        Ok(code) => code,
        Err(e) => report_error(&e, lang),
    }
}

/// The language chosen once, before any command runs (`--lang`, else the locale), and
/// whether `--lang` was given: every subcommand prints and writes its text in it.
static CHOSEN: std::sync::OnceLock<(Lang, Option<Lang>)> = std::sync::OnceLock::new();

/// The language of messages and outputs (English until the command line is parsed).
pub fn lang() -> Lang {
    CHOSEN.get().map_or(Lang::En, |c| c.0)
}

/// `--lang` when it was given on the command line (the template's own default is
/// Chinese, whatever the locale).
pub fn explicit_lang() -> Option<Lang> {
    CHOSEN.get().and_then(|c| c.1)
}

/// Prints an error on stderr, in `lang`, and returns its exit code.
pub fn report_error(e: &RotationError, lang: Lang) -> i32 {
    match e {
        RotationError::Invalid(diags) => {
            eprint!("{}", diags.render(lang));
            let n = diags.errors().count();
            eprintln!(
                "{}",
                messages::CliMessage::NothingWritten { problems: n }.text(lang)
            );
        }
        other => eprintln!("{}{}", lang.pick("error: ", "错误："), other.render(lang)),
    }
    e.exit_code()
}

/// Prints warnings found while reading, on stderr (many alike are counted in one
/// line), in the chosen language.
pub fn print_warnings(warnings: &rotation::model::diagnostics::Diagnostics) {
    let only = rotation::model::diagnostics::Diagnostics(warnings.warnings().cloned().collect());
    eprint!("{}", only.render(lang()));
}

pub fn print_json<T: serde::Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("serialisable output")
    );
}
