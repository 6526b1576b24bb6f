//! The `rotation` command: parses arguments, calls one library function per
//! subcommand, prints. Exit codes: 0 success, 1 a rule broken or a solve failed,
//! 2 invalid input or usage.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
