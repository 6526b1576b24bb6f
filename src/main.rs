//! The `rotation` command: parses arguments, calls one library function per
//! subcommand, prints. Exit codes: 0 success, 1 a rule broken or a solve failed,
//! 2 invalid input or usage, 3 a plan written that misses a target.

mod cli;

fn main() {
    restore_sigpipe();
    exit(cli::run());
}

/// Ends the process with `code`. A MIP the command stopped waiting for at its time
/// limit may still be running on its thread until HiGHS next looks at its clock;
/// `exit` would run C++'s static destructors under it (HiGHS reads its constant
/// strings throughout a solve), so the process then ends without them, once what was
/// printed is flushed (every output file is written and closed by now).
fn exit(code: i32) -> ! {
    #[cfg(unix)]
    if rotation::solve::highs::late_solve_running() {
        use std::io::Write;
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        // SAFETY: ends the process at once; nothing of ours is left to run.
        unsafe { libc::_exit(code) }
    }
    std::process::exit(code)
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
