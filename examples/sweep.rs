//! A sweep over transmit power on `scenarios/smoke.toml`, through the library.
//!
//! Shows `Axis::parse_set` (the `--set` syntax) and `SweepPlan::new` → `SweepPlan::run` →
//! `SweepResult`: every point shares the geometry and the random numbers (common random
//! numbers), so the network availability changes only through the power.
//!
//! Run with `cargo run --release --example sweep`.

use std::path::Path;

use oslink::{Axis, SweepPlan};

fn main() -> oslink::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let text = std::fs::read_to_string(dir.join("smoke.toml")).expect("smoke.toml is readable");
    let power = Axis::parse_set("terminals.leo.tx_power_w=0.01,0.05,0.2,0.5")?;
    let plan = SweepPlan::new(&text, "smoke.toml", Some(&dir), &[power], None)?;
    let result = plan.run(&())?;
    println!(
        "{} points, {} geometry computation(s), {} link computation(s)",
        result.points.len(),
        result.timings.geometry_computations,
        result.timings.link_computations
    );
    for point in &result.points {
        let values: Vec<String> = point.values.iter().map(|v| v.to_string()).collect();
        println!(
            "{} = {:<6}  network availability {:5.1}%",
            plan.keys.join(", "),
            values.join(", "),
            100.0 * point.network.availability.mean
        );
    }
    Ok(())
}
