//! Pass search benchmarks (the performance record of `access`).
//!
//! (a) one ISS-like LEO over the six stations for 7 days; (b) one GEO satellite over the six
//! stations for a day (visible all day from Japan: the worst case per satellite);
//! (c) a 1000-satellite Walker 53°:1000/20/1 constellation at 550 km (planned orbits) over the
//! six stations (koganei, kashima, okinawa, betzdorf, kirchberg, belval) for one day, on one
//! and on two threads. Target for (c): ≤ 1.2 s on one thread, ≤ 0.7 s on two.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use oslink::access::find_passes;
use oslink::ground::Station;
use oslink::orbit::from_tle_lines;

mod common;
use common::{on_one_and_two_threads, planned, walker, DAY_S, START};

// Synthetic element sets (not real TLEs).
const LEO: [&str; 2] = [
    "1 25544U 98067A   26078.50000000  .00010000  00000+0  18000-3 0  9990",
    "2 25544  51.6400  25.0000 0006000 200.0000 160.0000 15.48500000 50008",
];

fn stations() -> Vec<Station> {
    [
        "koganei",
        "kashima",
        "okinawa",
        "betzdorf",
        "kirchberg",
        "belval",
    ]
    .iter()
    .map(|s| Station::parse_spec(s).unwrap())
    .collect()
}

fn single(c: &mut Criterion) {
    let stations = stations();
    let leo = vec![from_tle_lines("ISS-LIKE", LEO[0], LEO[1]).unwrap()];
    // GEO above 140° E at the epoch: RAAN + M = 140° + GMST(epoch) would be exact; any value
    // gives a GEO satellite, visible all day from some of the stations.
    let geo = vec![planned("GEO".into(), 35_786e3, 0.05, 0.0, 0.0)];
    let mut group = c.benchmark_group("passes");
    group.sample_size(10);
    group.bench_function("a_leo_6_stations_7_days", |b| {
        b.iter(|| find_passes(black_box(&leo), &stations, START, START + 7.0 * DAY_S, 0.0).unwrap())
    });
    group.bench_function("b_geo_6_stations_1_day", |b| {
        b.iter(|| find_passes(black_box(&geo), &stations, START, START + DAY_S, 0.0).unwrap())
    });
    group.finish();
}

fn constellation(c: &mut Criterion) {
    let stations = stations();
    let sats = walker();
    let mut group = c.benchmark_group("passes");
    group.sample_size(10);
    on_one_and_two_threads(&mut group, "c_walker1000_6_stations_1_day", || {
        find_passes(black_box(&sats), &stations, START, START + DAY_S, 0.0).unwrap()
    });
    group.finish();
}

criterion_group!(benches, single, constellation);
criterion_main!(benches);
