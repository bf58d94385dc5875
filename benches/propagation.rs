//! Propagation benchmarks: the bare `sgp4` crate against oslink's `Propagator` (WGS-72,
//! IAU-82 GMST, km → m, decay check) and against `Propagator` + TEME → ECEF.
//!
//! (a) one ISS-like LEO over a day at 1 s steps; (b) a 1000-satellite Walker 53°:1000/20/1
//! constellation at 550 km (planned orbits) over 1000 one-minute steps. Throughput is in
//! propagation steps, so criterion prints steps/s; ns/step = 1e9 / that.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use oslink::frames::teme_to_ecef;
use oslink::orbit::{
    from_tle_lines, Inclination, Node, OrbitSize, PlannedOrbit, Propagator, Satellite,
};

// Synthetic ISS-like element set (not a real TLE).
const LEO: [&str; 2] = [
    "1 25544U 98067A   26078.50000000  .00010000  00000+0  18000-3 0  9990",
    "2 25544  51.6400  25.0000 0006000 200.0000 160.0000 15.48500000 50008",
];

/// The crate's constants in oslink's configuration, for the bare-crate baseline.
fn bare_constants(sat: &Satellite) -> sgp4::Constants {
    let el = &sat.elements;
    let orbit = sgp4::Orbit::from_kozai_elements(
        &sgp4::WGS72,
        el.inclination.to_radians(),
        el.right_ascension.to_radians(),
        el.eccentricity,
        el.argument_of_perigee.to_radians(),
        el.mean_anomaly.to_radians(),
        el.mean_motion * std::f64::consts::PI / 720.0,
    )
    .unwrap();
    sgp4::Constants::new(
        sgp4::WGS72,
        sgp4::iau_epoch_to_sidereal_time,
        el.epoch(),
        el.drag_term,
        orbit,
    )
    .unwrap()
}

/// Walker delta 53°: 1000/20/1 at 550 km: 20 planes 18° apart, 50 satellites per plane 7.2°
/// apart, phase offset 360°/1000 between adjacent planes.
fn walker() -> Vec<Satellite> {
    let (planes, per_plane, phasing) = (20, 50, 1);
    let total = planes * per_plane;
    (0..total)
        .map(|k| {
            let (plane, slot) = (k / per_plane, k % per_plane);
            PlannedOrbit {
                name: format!("WALKER-{plane:02}-{slot:02}"),
                epoch_unix_s: 1_773_921_600.0, // 2026-03-19T12:00:00Z
                size: OrbitSize::AltitudeM(550e3),
                eccentricity: 0.0,
                inclination: Inclination::Deg(53.0),
                node: Node::RaanDeg(360.0 * plane as f64 / planes as f64),
                argument_of_perigee_deg: 0.0,
                mean_anomaly_deg: 360.0 * slot as f64 / per_plane as f64
                    + 360.0 * (phasing * plane) as f64 / total as f64,
            }
            .to_satellite()
            .unwrap()
        })
        .collect()
}

fn configure(group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, steps: u64) {
    group.throughput(Throughput::Elements(steps));
    group.sample_size(10);
}

fn leo_day(c: &mut Criterion) {
    let sat = from_tle_lines("ISS-LIKE", LEO[0], LEO[1]).unwrap();
    let constants = bare_constants(&sat);
    let p = Propagator::new(&sat).unwrap();
    let t0 = p.epoch_unix_s();
    let steps = 86_400u32;
    let mut group = c.benchmark_group("leo_day_1s");
    configure(&mut group, u64::from(steps));
    group.bench_function("sgp4_crate", |b| {
        b.iter(|| {
            let mut sum = 0.0;
            for i in 0..steps {
                let minutes = f64::from(i) / 60.0;
                sum += constants
                    .propagate(sgp4::MinutesSinceEpoch(black_box(minutes)))
                    .unwrap()
                    .position[0];
            }
            sum
        })
    });
    group.bench_function("oslink_state_teme", |b| {
        b.iter(|| {
            let mut sum = 0.0;
            for i in 0..steps {
                sum += p
                    .state_teme(black_box(t0 + f64::from(i)))
                    .unwrap()
                    .position_m
                    .x;
            }
            sum
        })
    });
    group.bench_function("oslink_state_teme_ecef", |b| {
        b.iter(|| {
            let mut sum = 0.0;
            for i in 0..steps {
                let t = black_box(t0 + f64::from(i));
                let s = p.state_teme(t).unwrap();
                sum += teme_to_ecef(&s.position_m, &s.velocity_m_s, t, 0.0)
                    .position_m
                    .x;
            }
            sum
        })
    });
    group.finish();
}

fn constellation(c: &mut Criterion) {
    let sats = walker();
    let bare: Vec<sgp4::Constants> = sats.iter().map(bare_constants).collect();
    let props: Vec<Propagator> = sats.iter().map(|s| Propagator::new(s).unwrap()).collect();
    let t0 = props[0].epoch_unix_s();
    let steps = 1000u32;
    let mut group = c.benchmark_group("walker_1000x1000_60s");
    configure(&mut group, (sats.len() * steps as usize) as u64);
    group.bench_function("sgp4_crate", |b| {
        b.iter(|| {
            let mut sum = 0.0;
            for constants in &bare {
                for i in 0..steps {
                    let minutes = black_box(f64::from(i));
                    sum += constants
                        .propagate(sgp4::MinutesSinceEpoch(minutes))
                        .unwrap()
                        .position[0];
                }
            }
            sum
        })
    });
    group.bench_function("oslink_state_teme", |b| {
        b.iter(|| {
            let mut sum = 0.0;
            for p in &props {
                for i in 0..steps {
                    sum += p
                        .state_teme(black_box(t0 + 60.0 * f64::from(i)))
                        .unwrap()
                        .position_m
                        .x;
                }
            }
            sum
        })
    });
    group.finish();
}

criterion_group!(benches, leo_day, constellation);
criterion_main!(benches);
