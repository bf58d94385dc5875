//! Satellites shared by the benchmarks: the 1000-satellite Walker shell and planned orbits.

use criterion::measurement::WallTime;
use criterion::BenchmarkGroup;
use oslink::orbit::{Inclination, Node, OrbitSize, PlannedOrbit, Satellite};

pub const START: f64 = 1_773_878_400.0; // 2026-03-19T00:00:00Z
pub const DAY_S: f64 = 86_400.0;

/// A circular planned orbit with epoch `START`.
pub fn planned(
    name: String,
    altitude_m: f64,
    inclination_deg: f64,
    raan_deg: f64,
    mean_anomaly_deg: f64,
) -> Satellite {
    PlannedOrbit {
        name,
        epoch_unix_s: START,
        size: OrbitSize::AltitudeM(altitude_m),
        eccentricity: 0.0,
        inclination: Inclination::Deg(inclination_deg),
        node: Node::RaanDeg(raan_deg),
        argument_of_perigee_deg: 0.0,
        mean_anomaly_deg,
    }
    .to_satellite()
    .unwrap()
}

/// Walker delta 53°: 1000/20/1 at 550 km: 20 planes 18° apart, 50 satellites per plane.
pub fn walker() -> Vec<Satellite> {
    let (planes, per_plane) = (20, 50);
    let total = planes * per_plane;
    (0..total)
        .map(|k| {
            let (plane, slot) = (k / per_plane, k % per_plane);
            let m = 360.0 * slot as f64 / per_plane as f64 + 360.0 * plane as f64 / total as f64;
            planned(
                format!("WALKER-{plane:02}-{slot:02}"),
                550e3,
                53.0,
                18.0 * plane as f64,
                m,
            )
        })
        .collect()
}

/// Benchmarks `work` on a pool of one and of two threads, as `NAME_1_thread` and
/// `NAME_2_thread` (this machine has two cores).
pub fn on_one_and_two_threads<R: Send>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    work: impl Fn() -> R + Sync,
) {
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(format!("{name}_{threads}_thread"), |b| {
            b.iter(|| pool.install(&work))
        });
    }
}
