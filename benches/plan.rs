//! Planning end to end (eligibility → candidates → model → HiGHS → checked plan) on
//! the 4,000-teacher `instances/haiyan-like` county and on a generated
//! 20,000-teacher, 300-school county, under `models/haiyan-2022.toml`.
//!
//! `cargo bench --bench plan` (release profile; about 3 minutes on 2 cores).

use criterion::{criterion_group, criterion_main, Criterion};
use rotation::input::instance::read_instance;
use rotation::research::generate::{generate, GeneratorSpec};
use rotation::round::run::plan_round;
use rotation::solve::highs::SolveOptions;
use rotation::Policy;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn policy() -> Policy {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Policy::read(&root.join("models/haiyan-2022.toml")).expect("policy")
}

fn county_4000(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let county = read_instance(&root.join("instances/haiyan-like"))
        .expect("instance")
        .county;
    let policy = policy();
    let options = SolveOptions::default();
    let mut group = c.benchmark_group("plan");
    group.sample_size(20);
    group.bench_function("haiyan_like_4000_teachers_35_schools", |b| {
        b.iter(|| plan_round(black_box(&county), &policy, &options).expect("plan"))
    });
    group.finish();
}

fn county_20000(c: &mut Criterion) {
    let county = generate(&GeneratorSpec::sized(20_000, 300, 1));
    let policy = policy();
    let options = SolveOptions::default();
    let mut group = c.benchmark_group("plan");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.bench_function("generated_20000_teachers_300_schools", |b| {
        b.iter(|| plan_round(black_box(&county), &policy, &options).expect("plan"))
    });
    group.finish();
}

criterion_group!(benches, county_4000, county_20000);
criterion_main!(benches);
