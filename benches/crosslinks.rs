//! Inter-satellite link window benchmarks (the performance record of
//! `access::find_crosslink_windows`).
//!
//! The 1000-satellite Walker 53°:1000/20/1 shell at 550 km (the one of `benches/passes.rs`)
//! against three station-kept GEO relays at 31° E, 90° E and 140° E over one day: 3000
//! requests, Earth margin 50 km, Sun exclusion 20° at the GEO end (its receiving terminal),
//! on one and on two threads. Target: ≤ 1 s on one thread.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use oslink::access::{find_crosslink_windows, CrosslinkRequest};
use oslink::orbit::geostationary;

mod common;
use common::{on_one_and_two_threads, walker, DAY_S, START};

fn shell_to_relays(c: &mut Criterion) {
    let mut sats = walker();
    let shell = sats.len();
    for lon in [31.0, 90.0, 140.0] {
        sats.push(geostationary(&format!("GEO-{lon}E"), START, lon).unwrap());
    }
    let requests: Vec<CrosslinkRequest> = (0..shell)
        .flat_map(|a| {
            (shell..sats.len()).map(move |b| CrosslinkRequest {
                a,
                b,
                sun_exclusion_rad: [None, Some(20f64.to_radians())],
            })
        })
        .collect();
    let mut group = c.benchmark_group("crosslinks");
    group.sample_size(10);
    on_one_and_two_threads(&mut group, "walker1000_to_3_geo_1_day", || {
        find_crosslink_windows(black_box(&sats), &requests, START, START + DAY_S, 50e3).unwrap()
    });
    group.finish();
}

criterion_group!(benches, shell_to_relays);
criterion_main!(benches);
