//! A station's telescope keys (`telescopes`, `scheduling`, `priority`, `slew_rate_deg_s`,
//! `acquisition_s`) → [`Telescopes`].

use super::raw::RawStation;
use super::ScenarioSatellite;
use crate::error::{Error, Result};
use crate::ground::{SchedulingPolicy, Telescopes};

/// The telescopes of the station `s` (its keys under `key`, e.g. `stations[2]`); the names of
/// a priority list are looked up among `satellites`.
pub(super) fn telescopes(
    s: &RawStation,
    key: &str,
    satellites: &[ScenarioSatellite],
) -> Result<Telescopes> {
    let mut t = Telescopes::single();
    if let Some(n) = s.telescopes {
        if n == 0 || n > Telescopes::MAX_COUNT as u64 {
            return Err(Error::invalid(
                format!("{key}.telescopes"),
                n,
                format!("a number of telescopes from 1 to {}", Telescopes::MAX_COUNT),
            ));
        }
        t.count = n as usize;
    }
    t.policy = match (s.scheduling.as_deref(), &s.priority) {
        (None | Some("highest_elevation"), None) => SchedulingPolicy::HighestElevation,
        (Some("longest_remaining"), None) => SchedulingPolicy::LongestRemaining,
        (Some("priority"), Some(names)) => {
            SchedulingPolicy::Priority(priority(names, &format!("{key}.priority"), satellites)?)
        }
        (Some("priority"), None) => {
            return Err(Error::invalid(
                format!("{key}.priority"),
                "missing",
                "satellite names, highest priority first, with scheduling = \"priority\"",
            ))
        }
        (p @ (Some("highest_elevation" | "longest_remaining") | None), Some(_)) => {
            return Err(Error::invalid(
                format!("{key}.priority"),
                format!(
                    "a list with scheduling = \"{}\"",
                    p.unwrap_or("highest_elevation")
                ),
                "a priority list only with scheduling = \"priority\"",
            ))
        }
        (Some(other), _) => {
            return Err(Error::invalid(
                format!("{key}.scheduling"),
                format!("{other:?}"),
                "\"highest_elevation\", \"longest_remaining\" or \"priority\"",
            ))
        }
    };
    if let Some(r) = s.slew_rate_deg_s {
        if !(r > 0.0 && r <= 360.0) {
            return Err(Error::invalid(
                format!("{key}.slew_rate_deg_s"),
                r,
                "a slew rate in (0, 360] degrees/s (leave it out for an instant slew)",
            ));
        }
        t.slew_rate_rad_s = Some(r.to_radians());
    }
    if let Some(a) = s.acquisition_s {
        if !(0.0..=Telescopes::MAX_ACQUISITION_S).contains(&a) {
            return Err(Error::invalid(
                format!("{key}.acquisition_s"),
                a,
                format!(
                    "an acquisition time in [0, {}] s",
                    Telescopes::MAX_ACQUISITION_S
                ),
            ));
        }
        t.acquisition_s = a;
    }
    Ok(t)
}

/// The satellite indices of a priority list: each name must name satellites of the scenario
/// (case-insensitively; a name shared by several satellites ranks them all, in scenario
/// order), at most once.
fn priority(names: &[String], key: &str, satellites: &[ScenarioSatellite]) -> Result<Vec<usize>> {
    let mut order: Vec<usize> = Vec::new();
    for (n, name) in names.iter().enumerate() {
        let matching: Vec<usize> = (0..satellites.len())
            .filter(|&i| satellites[i].satellite.name.eq_ignore_ascii_case(name))
            .collect();
        if matching.is_empty() {
            let known: Vec<&str> = satellites
                .iter()
                .take(8)
                .map(|s| s.satellite.name.as_str())
                .collect();
            let more = satellites.len().saturating_sub(known.len());
            return Err(Error::invalid(
                format!("{key}[{n}]"),
                format!("{name:?}"),
                format!(
                    "the name of a satellite of the scenario: {}{}",
                    known.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ),
            ));
        }
        if order.contains(&matching[0]) {
            return Err(Error::invalid(
                format!("{key}[{n}]"),
                format!("{name:?}"),
                "each satellite once in the priority list",
            ));
        }
        order.extend(matching);
    }
    Ok(order)
}
