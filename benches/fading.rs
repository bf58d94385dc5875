//! Samples per second of the plain turbulence × pointing sampler with an outage count (one
//! core): `cargo bench --bench fading`. Targets (numpy reference: 26 M/s and 18 M/s):
//! ≥ 52 M samples/s for log-normal × pointing and ≥ 27 M/s for Gamma–Gamma × pointing.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use oslink::channel::{Fading, PointingJitter, TurbulencePointingSampler};
use oslink::random::Stream;
use std::hint::black_box;

/// Draws per iteration.
const N: u64 = 1 << 16;

fn fading(c: &mut Criterion) {
    // docs/models.md REF: θ = 10 µrad, σ = 2 µrad; σ_I² = 0.2124; α = 10.706, β = 9.189;
    // 3 dB margin.
    let pointing = PointingJitter {
        divergence_half_rad: 10e-6,
        sigma_rad: 2e-6,
        bias_rad: 0.0,
    };
    let mut group = c.benchmark_group("fading");
    group.throughput(Throughput::Elements(N));
    for (name, fading) in [
        (
            "lognormal_x_pointing",
            Fading::LogNormal {
                scintillation_index: 0.2124,
            },
        ),
        (
            "gamma_gamma_x_pointing",
            Fading::GammaGamma {
                alpha: 10.706,
                beta: 9.189,
            },
        ),
    ] {
        let sampler =
            TurbulencePointingSampler::new(&fading, &pointing).expect("valid REF parameters");
        let mut rng = Stream::new(&[42]);
        group.bench_function(name, |b| {
            b.iter(|| black_box(sampler.count_outages(&mut rng, N, black_box(3.0))))
        });
    }
    group.finish();
}

criterion_group!(benches, fading);
criterion_main!(benches);
