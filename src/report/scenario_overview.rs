//! The printout of `oslink validate`: what a scenario would simulate (span, channel, Monte
//! Carlo, satellites, and each station with its static margin at a reference geometry).

use std::fmt::Write as _;

use super::summary::directions_label;
use crate::error::Result;
use crate::link::LinkGeometry;
use crate::scenario::Scenario;
use crate::time::format_unix_ms;

/// The slant range of the reference margin of each station, m.
const REFERENCE_RANGE_M: f64 = 1.0e6;
/// The elevation of the reference margin of each station, degrees.
const REFERENCE_ELEVATION_DEG: f64 = 45.0;

/// `SOURCE: OK`, then what the scenario would simulate, one item a line; each station with its
/// static margin to the first satellite at 1000 km and 45° (of the first link between them,
/// downlink first). Fails when that budget cannot be
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
        directions_label(s),
        s.fading,
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
    let _ = writeln!(out, "  {}", s.estimate().line());
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
            sat.equipment()
        );
    }
    let _ = writeln!(out, "  stations ({}):", s.stations.len());
    for (j, st) in s.stations.iter().enumerate() {
        let g = &st.station.location;
        // The first link (downlink first) between the first satellite and the station.
        let margin = match s.links_between(0, j).first() {
            Some(&k) => {
                let at =
                    LinkGeometry::ground(REFERENCE_RANGE_M, REFERENCE_ELEVATION_DEG.to_radians());
                format!("{:.1} dB", s.link_budget(k)?.evaluate(&at)?.margin_db)
            }
            None => "no link".to_string(),
        };
        let _ = writeln!(
            out,
            "    {:<14} {:>8.4}° {:>9.4}° {:>6.0} m | min el {:.0}°, annual clear {:.2} | {} | margin at 1000 km, 45°: {}",
            st.station.name,
            g.latitude_deg(),
            g.longitude_deg(),
            g.altitude_m,
            st.station.min_elevation_rad.to_degrees(),
            st.station.cloud_free_annual,
            st.equipment(),
            margin
        );
    }
    Ok(out)
}
