//! The terminal summary table of `oslink run`.

use std::fmt::Write;

use super::format::{availability_text, percent_text};
use super::summary::Summary;
use crate::sim::AvailabilitySummary;

/// A fixed-width table: one row per station and one for the network.
pub fn summary_table(summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} → {}, {} satellite(s), {} weather realizations × {} fading samples/step, seed {}",
        summary.header.scenario,
        summary.header.start,
        summary.header.end,
        summary.satellites,
        summary.header.weather_realizations,
        summary.header.samples,
        summary.header.seed
    );
    let _ = writeln!(
        out,
        "{:<18} {:>6} {:>10} {:>8} {:>8} {:>9} {:>22} {:>14}",
        "station",
        "passes",
        "contact h",
        "Sun %",
        "clear %",
        "fade %",
        "availability % [P10–P90]",
        "Gbit/day"
    );
    let row = |out: &mut String, s: &AvailabilitySummary| {
        let sun = 100.0 * s.breakdown.sun_fraction();
        let availability = availability_text(s, 1);
        let _ = writeln!(
            out,
            "{:<18} {:>6} {:>10.2} {:>8.1} {} {} {availability} {:>14.2}",
            s.name,
            s.passes,
            s.contact_s / 3600.0,
            sun,
            percent_text(s.cloud_free_fraction, 8, 1, "–"),
            percent_text(s.fade_outage_given_clear, 9, 3, "–"),
            s.daily_volume_bits.mean / 1e9
        );
    };
    for s in &summary.stations {
        row(&mut out, s);
    }
    row(&mut out, &summary.network);
    let _ = writeln!(
        out,
        "availability = link-up time / contact time; clear % of Sun-usable contact; fade % of clear contact"
    );
    out
}
