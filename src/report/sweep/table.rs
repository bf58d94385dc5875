//! The terminal table of `oslink sweep`: the best grid points.

use std::fmt::Write as _;

use crate::report::format::{availability_text, best_station_cell, gain_text, value_cell};
use crate::sweep::{PointResult, SweepPlan, SweepResult};

/// The `n` best points by [`SweepResult::rank_by`] as a fixed-width table: rank, point, swept
/// values, network availability [P10–P90], up time and data volume per day, the diversity gain
/// in volume, and the point's best station by the same figure.
pub fn sweep_table(plan: &SweepPlan, result: &SweepResult, n: usize) -> String {
    let mut out = String::new();
    let best = result.best(n);
    let _ = writeln!(
        out,
        "{} — {} grid points over {} geometries, seed {}; best {} by {} (--rank-by {}):",
        plan.base.name,
        result.points.len(),
        plan.geometry_groups().len(),
        plan.base.seed,
        best.len(),
        result.rank_by.describe(),
        result.rank_by.keyword()
    );
    let cells = |p: &PointResult| -> Vec<String> { p.values.iter().map(value_cell).collect() };
    let widths: Vec<usize> = plan
        .keys
        .iter()
        .enumerate()
        .map(|(k, key)| {
            best.iter()
                .map(|p| value_cell(&p.values[k]).chars().count())
                .chain(std::iter::once(key.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let _ = write!(out, "{:>4} {:>6}", "rank", "point");
    for (key, w) in plan.keys.iter().zip(&widths) {
        let _ = write!(out, "  {key:>w$}");
    }
    let _ = writeln!(
        out,
        "  {:>24} {:>9} {:>12} {:>6}  best station",
        "network avail. % [P10–P90]", "up h/day", "Gbit/day", "gain"
    );
    for (rank, p) in best.iter().enumerate() {
        let _ = write!(out, "{:>4} {:>6}", rank + 1, p.index);
        for (cell, w) in cells(p).iter().zip(&widths) {
            let _ = write!(out, "  {cell:>w$}");
        }
        let station = best_station_cell(&p.stations, result.rank_by);
        let availability = availability_text(&p.network, 2);
        let _ = writeln!(
            out,
            "  {availability:>26} {:>9.2} {:>12.3} {:>6}  {station}",
            p.network.daily_up_s.mean / 3600.0,
            p.network.daily_volume_bits.mean / 1e9,
            gain_text(p.diversity_gain.volume)
        );
    }
    let _ = writeln!(
        out,
        "gain = network volume / its best station's volume (site diversity); up h/day counts each satellite once"
    );
    out
}
