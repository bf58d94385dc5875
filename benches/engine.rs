//! The availability engine (`oslink run`): `cargo bench --bench engine`.
//!
//! - `engine_link_steps`: the per-step hot loop, [`LinkSteps::compute`] (static budget +
//!   1000 log-normal × pointing draws + percentiles per step) on a fixed GEO geometry of
//!   2881 steps (two days at 60 s), on one thread and on the default rayon pool; reported as
//!   steps/s.
//! - `engine_run`: one whole [`sim::run`] of scenarios/smoke.toml (passes, link steps, clouds).
//! - `engine_sweep`: [`SweepPlan::run`] of a 1000-point grid on scenarios/smoke.toml (10
//!   transmit powers × 100 divergences: one geometry, fade draws shared per divergence);
//!   reported as grid points/s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use oslink::scenario::Scenario;
use oslink::sim::{self, Geometry, LinkSteps};
use oslink::sweep::{Axis, SweepPlan};
use std::hint::black_box;

/// A GEO terminal at 135° E seen from 35° N all the time: every grid step is a link step.
const GEO: &str = r#"
name = "bench GEO"
[time]
start = "2026-06-01T00:00:00Z"
duration_h = 48
step_s = 60
[montecarlo]
seed = 1
weather_realizations = 1
fading_samples = 1000
[channel]
fading = "lognormal"
clouds = false
[[satellites]]
name = "GEO-135E"
terminal = "geo"
orbit = { epoch = "2026-06-01T00:00:00Z", longitude_deg = 135.0 }
[terminals.geo]
wavelength_nm = 1550
tx_power_w = 1.0
divergence_half_angle_urad = 10
pointing_jitter_urad = 2
data_rate_bps = 1e9
[receivers.ogs]
aperture_m = 0.5
sensitivity_dbm = -40
[[stations]]
name = "site"
lat_deg = 35.0
lon_deg = 135.0
alt_m = 100
receiver = "ogs"
"#;

fn link_steps(c: &mut Criterion) {
    let scenario = Scenario::parse(GEO, "bench", None).expect("valid scenario");
    let geometry = Geometry::compute(&scenario).expect("geometry");
    let progress = ();
    let mut group = c.benchmark_group("engine_link_steps");
    group.throughput(Throughput::Elements(geometry.steps.len() as u64));
    group.sample_size(20);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool");
    group.bench_function("geo_lognormal_1000_draws_1_thread", |b| {
        b.iter(|| {
            one.install(|| black_box(LinkSteps::compute(&scenario, &geometry, &progress)))
                .expect("link steps")
        })
    });
    group.bench_function(
        format!(
            "geo_lognormal_1000_draws_{}_threads",
            rayon::current_num_threads()
        ),
        |b| {
            b.iter(|| {
                black_box(LinkSteps::compute(&scenario, &geometry, &progress)).expect("link steps")
            })
        },
    );
    group.finish();
}

fn whole_run(c: &mut Criterion) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/smoke.toml");
    let scenario = Scenario::load(&path).expect("smoke scenario");
    let progress = ();
    let mut group = c.benchmark_group("engine_run");
    group.sample_size(10);
    group.bench_function("smoke", |b| {
        b.iter(|| black_box(sim::run(&scenario, &progress)).expect("run"))
    });
    group.finish();
}

fn sweep(c: &mut Criterion) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/smoke.toml");
    let text = std::fs::read_to_string(&path).expect("smoke scenario");
    let list = |values: Vec<String>| values.join(",");
    let axes = [
        format!(
            "terminals.leo.tx_power_w={}",
            list((1..=10).map(|i| format!("{}", 0.1 * i as f64)).collect())
        ),
        format!(
            "terminals.leo.divergence_full_angle_urad={}",
            list((0..100).map(|i| format!("{}", 20 + i)).collect())
        ),
    ]
    .map(|a| Axis::parse_set(&a).expect("axis"));
    let plan = SweepPlan::new(&text, "smoke", path.parent(), &axes, None).expect("sweep plan");
    let progress = ();
    let mut group = c.benchmark_group("engine_sweep");
    group.throughput(Throughput::Elements(plan.points.len() as u64));
    group.sample_size(10);
    group.bench_function("smoke_1000_points", |b| {
        b.iter(|| black_box(plan.run(&progress)).expect("sweep"))
    });
    group.finish();
}

/// The weather stage and statistics (`sim::finish`: what `oslink merge` computes after
/// reading the shards) of the 1000-satellite Walker example cut to 2 days: 0.7 M link steps,
/// 8 realizations over 10 stations.
fn weather(c: &mut Criterion) {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/scale-walker-1000.toml");
    let text = std::fs::read_to_string(&path)
        .expect("walker scenario")
        .replace(
            "end = \"2026-04-18T00:00:00Z\"",
            "end = \"2026-03-21T00:00:00Z\"",
        );
    let scenario = Scenario::parse(&text, "walker-2d", path.parent()).expect("walker");
    let part = sim::run_part(&scenario, 0..scenario.satellites.len(), None, &()).expect("part");
    let mut group = c.benchmark_group("engine_weather");
    group.throughput(Throughput::Elements(
        part.geometry.steps.len() as u64 * scenario.weather_realizations,
    ));
    group.sample_size(10);
    group.bench_function("walker1000_2days", |b| {
        b.iter(|| black_box(sim::finish(&scenario, part.clone(), &())).expect("finish"))
    });
    group.finish();
}

criterion_group!(benches, link_steps, whole_run, sweep, weather);
criterion_main!(benches);
