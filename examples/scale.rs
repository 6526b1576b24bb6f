//! Measures one planning round on an instance directory: end-to-end seconds, peak
//! memory, objective, bound and gap, for a chosen way of handing moves to HiGHS.
//!
//!     cargo run --release --example scale -- DIR POLICY [off|auto|price:K] [GAP]

use rotation::input::instance::read_instance;
use rotation::research::bench::peak_memory_mb;
use rotation::round::run::{Pricing, Round};
use rotation::solve::highs::SolveOptions;
use rotation::Policy;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: scale DIR POLICY [off|auto|price:K] [GAP]");
        std::process::exit(2);
    }
    let start = Instant::now();
    let county = read_instance(std::path::Path::new(&args[1]))
        .expect("instance")
        .county;
    let policy = Policy::read(std::path::Path::new(&args[2])).expect("policy");
    let pricing = match args.get(3).map(String::as_str) {
        None | Some("auto") => Pricing::Auto,
        Some("off") => Pricing::Off,
        Some(p) => Pricing::From(
            p.trim_start_matches("price:")
                .parse()
                .expect("price:K with K a number"),
        ),
    };
    let gap = args.get(4).map_or(1e-4, |g| g.parse().expect("gap"));
    let options = SolveOptions {
        gap,
        verbose: std::env::var("VERBOSE").is_ok(),
        ..SolveOptions::default()
    };
    let read_seconds = start.elapsed().as_secs_f64();
    let outcome = Round::new(&county, &policy)
        .options(options.clone())
        .pricing(pricing)
        .plan()
        .expect("plan");
    let s = &outcome.solve;
    println!(
        "read {:.2}s total {:.2}s (plan {:.2}s: candidates {:.2}s build {:.2}s lp {:.2}s) peak {:.0} MB",
        start.elapsed().as_secs_f64(),
        read_seconds + outcome.total_seconds,
        outcome.total_seconds,
        outcome.candidate_seconds,
        outcome.build_seconds,
        s.lp_seconds,
        peak_memory_mb().unwrap_or(f64::NAN)
    );
    println!(
        "objective {:.4} bound {:.4} gap {:.2e} status {:?} method {:?} moves {} candidates {} size {:?}",
        outcome.objective,
        s.dual_bound,
        s.mip_gap,
        s.status,
        s.method,
        outcome.moves.len(),
        outcome.candidate_moves,
        s.size
    );
    if let Some(p) = &outcome.pricing {
        println!("pricing {p:?}");
    }
    if let Some(r) = &outcome.solver_retry {
        println!("solver retry: {}", r.text(rotation::model::lang::Lang::En));
    }
}
