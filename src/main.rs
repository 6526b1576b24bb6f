//! The `rotation` command: parses arguments, calls one library function per
//! subcommand, prints. Exit codes: 0 success, 1 a rule broken or a solve failed,
//! 2 invalid input or usage, 3 a plan written that misses a target.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
