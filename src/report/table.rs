//! The terminal summary table of `oslink run`.

use std::fmt::Write;

use super::format::{availability_text, percent_text};
use super::summary::Summary;
use crate::sim::{AvailabilitySummary, ChainSummary, DiversityGain};

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
        "{:<18} {:>6} {:>10} {:>7} {:>6} {:>8} {:>9} {:>24} {:>9} {:>11}",
        "station",
        "passes",
        "contact h",
        "busy h",
        "Sun %",
        "clear %",
        "fade %",
        "availability % [P10–P90]",
        "up h/day",
        "Gbit/day"
    );
    let row = |out: &mut String, s: &AvailabilitySummary| {
        let sun = 100.0 * s.breakdown.sun_fraction();
        let availability = availability_text(s, 1);
        let _ = writeln!(
            out,
            "{:<18} {:>6} {:>10.2} {:>7.2} {:>6.1} {} {} {availability:>24} {:>9.2} {:>11.2}",
            s.name,
            s.passes,
            s.contact_s / 3600.0,
            s.breakdown.busy_s / 3600.0,
            sun,
            percent_text(s.cloud_free_fraction, 8, 1, "–"),
            percent_text(s.fade_outage_given_clear, 9, 3, "–"),
            s.daily_up_s.mean / 3600.0,
            s.daily_volume_bits.mean / 1e9
        );
    };
    for s in &summary.stations {
        row(&mut out, s);
    }
    row(&mut out, &summary.network);
    if let Some(gain) = diversity_gain_text(&summary.diversity_gain) {
        let _ = writeln!(out, "{gain}");
    }
    let _ = writeln!(
        out,
        "availability = link-up time / contact time (a telescope on the satellite); busy = in view, every telescope on another satellite;\n\
         clear % of Sun-usable contact; fade % of clear contact; up h/day summed over satellites (the network counts each once)"
    );
    if !summary.chains.is_empty() {
        out.push_str(&chains_table(&summary.chains));
    }
    out
}

/// The relay chains: crosslink and contact time, availability, the volume through the relay
/// and the source's direct volume beside it.
fn chains_table(chains: &[ChainSummary]) -> String {
    let mut out = String::from("\n");
    let _ = writeln!(
        out,
        "{:<40} {:>7} {:>11} {:>9} {:>24} {:>22} {:>14}",
        "relay chain",
        "windows",
        "crosslink h",
        "contact h",
        "availability % [P10–P90]",
        "Gbit/day [P10–P90]",
        "direct Gbit/day"
    );
    for c in chains {
        let availability = if c.contact_s > 0.0 {
            format!(
                "{:.1} [{:.1}–{:.1}]",
                100.0 * c.availability.mean,
                100.0 * c.availability.p10,
                100.0 * c.availability.p90
            )
        } else {
            "no contact".to_string()
        };
        let v = &c.daily_volume_bits;
        let volume = format!(
            "{:.0} [{:.0}–{:.0}]",
            v.mean / 1e9,
            v.p10 / 1e9,
            v.p90 / 1e9
        );
        let direct = if c.direct_to_ground {
            format!("{:.0}", c.direct_daily_volume_bits.mean / 1e9)
        } else {
            "no terminal".to_string()
        };
        let _ = writeln!(
            out,
            "{:<40} {:>7} {:>11.2} {:>9.2} {availability:>24} {volume:>22} {direct:>14}",
            c.name,
            c.crosslink_windows,
            c.crosslink_s / 3600.0,
            c.contact_s / 3600.0,
        );
    }
    let _ = writeln!(
        out,
        "chain up = crosslink up and feeder up; contact = crosslink data time with the feeder in contact; \
         direct = what the source's own terminal brings down in the same weather"
    );
    out
}

/// "site diversity: the network carries ×2.31 the volume of its best station (kashima) and
/// ×1.80 its up time (kashima)", or `None` without a station with volume.
pub(crate) fn diversity_gain_text(gain: &DiversityGain) -> Option<String> {
    let volume = gain.best_volume_station.as_ref()?;
    let mut text = format!(
        "site diversity: the network carries ×{:.2} the volume of its best station ({volume})",
        gain.volume
    );
    if let Some(up) = &gain.best_up_time_station {
        text.push_str(&format!(" and ×{:.2} its up time ({up})", gain.up_time));
    }
    Some(text)
}
