//! The printout of `oslink validate`: what a scenario would simulate (span, channel, Monte
//! Carlo, satellites, and each station with its static margin at a reference geometry).

use std::fmt::Write as _;

use super::summary::{direction_name, fading_name};
use crate::error::Result;
use crate::scenario::Scenario;
use crate::time::format_unix_ms;

/// The slant range of the reference margin of each station, m.
const REFERENCE_RANGE_M: f64 = 1.0e6;
/// The elevation of the reference margin of each station, degrees.
const REFERENCE_ELEVATION_DEG: f64 = 45.0;

/// `SOURCE: OK`, then what the scenario would simulate, one item a line; each station with its
/// static margin to the first satellite at 1000 km and 45°. Fails when that budget cannot be
/// evaluated.
pub fn scenario_overview(s: &Scenario) -> Result<String> {
    let mut out = String::new();
    let _ = writeln!(out, "{}: OK", s.source);
    let _ = writeln!(out, "  name      {}", s.name);
    let _ = writeln!(
        out,
        "  span      {} → {} ({:.1} days), step {} s",
        format_unix_ms(s.start_unix_s),
        format_unix_ms(s.end_unix_s),
        s.duration_s() / 86_400.0,
        s.step_s
    );
    let _ = writeln!(
        out,
        "  {} , fading {}, clouds {}",
        direction_name(s.direction),
        fading_name(s.fading),
        match &s.clouds {
            Some(c) => format!(
                "on (L_c {:.0} km, τ_c {:.1} h, grid {} s)",
                c.correlation_length_m / 1e3,
                c.correlation_time_s / 3600.0,
                c.step_s
            ),
            None => "off".into(),
        }
    );
    let _ = writeln!(
        out,
        "  Monte Carlo: seed {}, {} weather realizations, {} fading samples per step",
        s.seed, s.weather_realizations, s.fading_samples
    );
    let _ = writeln!(out, "  satellites ({}):", s.satellites.len());
    for sat in &s.satellites {
        let e = &sat.satellite.elements;
        let _ = writeln!(
            out,
            "    {:<24} {} | i {:.3}°, e {:.5}, {:.4} rev/day, epoch {} | {}",
            sat.satellite.label(),
            sat.satellite.source,
            e.inclination,
            e.eccentricity,
            e.mean_motion,
            e.datetime.format("%Y-%m-%dT%H:%M:%SZ"),
            sat.equipment
        );
    }
    let _ = writeln!(out, "  stations ({}):", s.stations.len());
    for (j, st) in s.stations.iter().enumerate() {
        let g = &st.station.location;
        let budget = s.link_budget(0, j)?;
        let b = budget.evaluate(REFERENCE_RANGE_M, REFERENCE_ELEVATION_DEG.to_radians())?;
        let _ = writeln!(
            out,
            "    {:<14} {:>8.4}° {:>9.4}° {:>6.0} m | min el {:.0}°, annual clear {:.2} | {} | margin at 1000 km, 45°: {:.1} dB",
            st.station.name,
            g.latitude_deg(),
            g.longitude_deg(),
            g.altitude_m,
            st.station.min_elevation_rad.to_degrees(),
            st.station.cloud_free_annual,
            st.equipment,
            b.margin_db
        );
    }
    Ok(out)
}
