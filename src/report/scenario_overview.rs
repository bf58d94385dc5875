//! The printout of `oslink validate`: what a scenario would simulate (span, channel, Monte
//! Carlo, satellites, and each station with its static margin at a reference geometry).

use std::fmt::Write as _;

use super::summary::directions_label;
use crate::error::Result;
use std::f64::consts::FRAC_PI_2;

use crate::frames::{teme_to_ecef, Topocentric};
use crate::link::{slant_range_m, LinkGeometry};
use crate::orbit::Propagator;
use crate::scenario::Scenario;
use crate::time::format_unix_ms;
use crate::units::{GM_EARTH_M3_S2, WGS84_A_M};

/// Orbits with a period of at least this many seconds are previewed where they are at the
/// span start (a geosynchronous satellite stays there).
const SYNCHRONOUS_PERIOD_S: f64 = 20.0 * 3600.0;

/// `SOURCE: OK`, then what the scenario would simulate, one item a line; each station with its
/// static margin over its first link (downlink first), in that link's own geometry: for a
/// geosynchronous satellite where it is at the span start, otherwise at the satellite's mean
/// altitude at the station's minimum elevation and at the zenith. Fails when that budget
/// cannot be evaluated.
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
    if !s.crosslinks.is_empty() {
        let _ = writeln!(
            out,
            "  crosslinks ({}), grazing margin {:.0} km:",
            s.crosslinks.len(),
            s.grazing_margin_m / 1e3
        );
        for (k, c) in s.crosslinks.iter().enumerate() {
            let legs: Vec<String> = c
                .legs()
                .map(|l| format!("{} → {}", l.terminal, l.receiver))
                .collect();
            let _ = writeln!(out, "    {} | {}", s.crosslink_name(k), legs.join(", "));
        }
    }
    if !s.chains.is_empty() {
        let _ = writeln!(out, "  relay chains ({}):", s.chains.len());
        for (c, chain) in s.chains.iter().enumerate() {
            let feeder = match &chain.feeder {
                crate::scenario::Feeder::Optical => {
                    "optical feeder (the relay's downlinks)".to_string()
                }
                crate::scenario::Feeder::Declared {
                    name,
                    rate_bps,
                    availability,
                } => format!(
                    "{name}: {:.3} Gbit/s, up {:.1} %",
                    rate_bps / 1e9,
                    100.0 * availability
                ),
            };
            let _ = writeln!(out, "    {} | {feeder}", s.chain_name(c));
        }
    }
    let _ = writeln!(out, "  stations ({}):", s.stations.len());
    for (j, st) in s.stations.iter().enumerate() {
        let g = &st.station.location;
        // The first link of the station (downlink first), with the first satellite it has.
        let link = (0..s.satellites.len()).find_map(|i| s.links_between(i, j).first().copied());
        let margin = match link {
            Some(k) => margin_preview(s, k, j)?,
            None => "no link".to_string(),
        };
        let _ = writeln!(
            out,
            "    {:<14} {:>8.4}° {:>9.4}° {:>6.0} m | min el {:.0}°, annual clear {:.2} | {} | {}",
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

/// "night margin to SAT …" of link `k` at station `j`, in the link's own geometry: a budget
/// without Sun angles (night Cn² and night background, see `LinkBudget::evaluate`).
fn margin_preview(s: &Scenario, k: usize, j: usize) -> Result<String> {
    let Some((i, _, _)) = s.links[k].ground_space() else {
        return Ok("no ground link".to_string());
    };
    let sat = &s.satellites[i].satellite;
    let station = &s.stations[j].station;
    let budget = s.link_budget(k)?;
    let margin_at = |range_m: f64, elevation_rad: f64| -> Result<f64> {
        Ok(budget
            .evaluate(&LinkGeometry::ground(range_m, elevation_rad))?
            .margin_db)
    };
    let propagator = match Propagator::new(sat) {
        Ok(p) => p,
        Err(e) => return Ok(format!("no margin preview: {e}")),
    };
    if propagator.period_s() >= SYNCHRONOUS_PERIOD_S {
        let state = match propagator.state_teme(s.start_unix_s) {
            Ok(state) => state,
            Err(e) => return Ok(format!("no margin preview: {e}")),
        };
        let ecef = teme_to_ecef(
            &state.position_m,
            &state.velocity_m_s,
            s.start_unix_s,
            s.dut1_s,
        );
        let look = Topocentric::new(&station.location).look_angles(&ecef);
        if look.elevation_rad <= 0.0 {
            return Ok(format!("{} below the horizon at the start", sat.name));
        }
        return Ok(format!(
            "night margin to {} at el {:.1}°, {:.0} km: {:.1} dB",
            sat.name,
            look.elevation_rad.to_degrees(),
            look.range_m / 1e3,
            margin_at(look.range_m, look.elevation_rad)?
        ));
    }
    // Mean altitude from the period: a = (μ (T/2π)²)^(1/3).
    let n = 2.0 * std::f64::consts::PI / propagator.period_s();
    let altitude_m = (GM_EARTH_M3_S2 / (n * n)).cbrt() - WGS84_A_M;
    let low = station.min_elevation_rad;
    let range_low = slant_range_m(low, altitude_m, station.location.altitude_m);
    let range_zenith = slant_range_m(FRAC_PI_2, altitude_m, station.location.altitude_m);
    Ok(format!(
        "night margin to {} at {:.0} km: {:.1} dB at {:.0}° ({:.0} km), {:.1} dB at 90°",
        sat.name,
        altitude_m / 1e3,
        margin_at(range_low, low)?,
        low.to_degrees(),
        range_low / 1e3,
        margin_at(range_zenith, FRAC_PI_2)?
    ))
}
