//! A whole scenario run through the library, without the CLI: `scenarios/smoke.toml` (one LEO
//! satellite, Koganei and Betzdorf, 12 h at 10 s).
//!
//! Shows `Scenario::load` → `run` → `RunOutput::statistics`: per-station availability with its
//! spread over the weather realizations, the per-cause breakdown, and the network (site
//! diversity) availability. Nothing is written to disk (`write_run_files` would write the
//! files of `oslink run`).
//!
//! Run with `cargo run --release --example run_scenario`.

use std::path::Path;

fn main() -> oslink::Result<()> {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/smoke.toml");
    let scenario = oslink::Scenario::load(&file)?;
    // `()` is the silent progress report.
    let output = oslink::run(&scenario, &())?;
    let stats = &output.statistics;
    println!(
        "{}: {} passes, {} weather realizations × {} fading samples per step",
        scenario.name,
        output.geometry.passes.len(),
        scenario.weather_realizations,
        scenario.fading_samples
    );
    println!(
        "{:<12} {:>6} {:>10} {:>14} {:>8} {:>8} {:>8}",
        "station", "passes", "contact h", "availability", "P10", "P90", "cloud s"
    );
    for s in stats.stations.iter().chain([&stats.network]) {
        println!(
            "{:<12} {:>6} {:>10.2} {:>13.1}% {:>7.1}% {:>7.1}% {:>8.0}",
            s.name,
            s.passes,
            s.contact_s / 3600.0,
            100.0 * s.availability.mean,
            100.0 * s.availability.p10,
            100.0 * s.availability.p90,
            s.breakdown.cloud_s
        );
    }
    Ok(())
}
