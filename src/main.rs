//! The `rotation` command: parses arguments, calls one library function per
//! subcommand, prints. Exit codes: 0 success, 1 a rule broken or a solve failed,
//! 2 invalid input or usage, 3 a plan written that misses a target.

mod cli;

fn main() {
    restore_sigpipe();
    std::process::exit(cli::run());
}

/// Rust ignores SIGPIPE, so printing into a closed pipe (`rotation eligibility ... |
/// head`) fails and `println!` panics. A command-line filter should instead stop
/// quietly when its reader has gone, as `cat` does: the default handler ends it.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any thread is started; setting a
    // signal's disposition to the default has no other effect on the process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
