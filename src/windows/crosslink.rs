//! Inter-satellite windows: visibility search, terminal heads, statistics and volume.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::schedule::{assign, Grant, Request};
use super::window::{Extremes, LinkWindow, WindowBase, WindowKind};
use crate::access::{find_crosslink_windows, CrosslinkGeometry, CrosslinkRequest, CrosslinkWindow};
use crate::error::Result;
use crate::frames::sun_position_mod_m;
use crate::link::{LinkBudget, LinkGeometry};
use crate::orbit::Propagator;
use crate::scenario::{OnPropagationError, Scenario};

/// The crosslink windows of `scenario` (crosslink by crosslink, by start within one) and one
/// warning per crosslink left out.
pub(super) fn windows(scenario: &Scenario) -> Result<(Vec<LinkWindow>, Vec<String>)> {
    if scenario.crosslinks.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let satellites: Vec<_> = scenario
        .satellites
        .iter()
        .map(|s| s.satellite.clone())
        .collect();
    let sun_exclusion = |leg: Option<&crate::scenario::CrosslinkLeg>| {
        leg.and_then(|l| scenario.receivers[&l.receiver].sun_exclusion_rad)
    };
    let requests: Vec<CrosslinkRequest> = scenario
        .crosslinks
        .iter()
        .map(|c| CrosslinkRequest {
            a: c.ends[0],
            b: c.ends[1],
            // The receiver at A is the return leg's, the one at B the forward leg's.
            sun_exclusion_rad: [
                sun_exclusion(c.back.as_ref()),
                sun_exclusion(Some(&c.forward)),
            ],
        })
        .collect();
    let found = find_crosslink_windows(
        &satellites,
        &requests,
        scenario.start_unix_s,
        scenario.end_unix_s,
        scenario.grazing_margin_m,
    )?;
    // Every visibility window with its crosslink, then the terminal heads in start order.
    let mut warnings = Vec::new();
    let mut visible: Vec<(usize, CrosslinkWindow)> = Vec::new();
    for (k, result) in found.into_iter().enumerate() {
        match result {
            Ok(list) => visible.extend(list.into_iter().map(|w| (k, w))),
            Err(e) => {
                let ends = scenario.crosslinks[k].ends;
                let skip = ends.iter().any(|&i| {
                    scenario.satellites[i].on_propagation_error == OnPropagationError::Skip
                });
                if !skip {
                    return Err(e);
                }
                warnings.push(format!(
                    "crosslink {} left out (on_propagation_error = \"skip\"): {e}",
                    scenario.crosslink_name(k)
                ));
            }
        }
    }
    visible.sort_by(|(ka, a), (kb, b)| a.start_unix_s.total_cmp(&b.start_unix_s).then(ka.cmp(kb)));
    let schedule: Vec<Request> = visible
        .iter()
        .map(|(k, w)| {
            let c = &scenario.crosslinks[*k];
            Request {
                ends: c.ends,
                start_unix_s: w.start_unix_s,
                end_unix_s: w.end_unix_s,
                acquisition_s: c
                    .legs()
                    .map(|l| scenario.terminals[&l.terminal].acquisition_s)
                    .fold(0.0, f64::max),
            }
        })
        .collect();
    let heads: Vec<u32> = scenario
        .satellites
        .iter()
        .map(|s| s.crosslink_terminals)
        .collect();
    let grants = assign(&schedule, &heads);

    let budgets: Vec<Vec<(LinkBudget, f64)>> = scenario
        .crosslinks
        .iter()
        .map(|c| {
            c.legs()
                .map(|l| {
                    let wavelength_m = scenario.terminals[&l.terminal].transmitter.wavelength_m;
                    Ok((scenario.crosslink_budget(l)?, wavelength_m))
                })
                .collect::<Result<Vec<_>>>()
        })
        .collect::<Result<_>>()?;
    // One propagator per satellite at an end of a crosslink.
    let propagators: BTreeMap<usize, Propagator> = scenario
        .crosslinks
        .iter()
        .flat_map(|c| c.ends)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|i| Ok((i, Propagator::new(&satellites[i])?)))
        .collect::<Result<_>>()?;
    let mut out: Vec<(usize, LinkWindow)> = visible
        .par_iter()
        .zip(grants.par_iter())
        .map(|((k, w), grant)| {
            let c = &scenario.crosslinks[*k];
            let ends = [&propagators[&c.ends[0]], &propagators[&c.ends[1]]];
            let window = sampled(scenario, *k, w, *grant, ends, &budgets[*k])?;
            Ok((*k, window))
        })
        .collect::<Result<_>>()?;
    // Crosslink by crosslink, by start within one (the sort is stable).
    out.sort_by_key(|(k, _)| *k);
    Ok((out.into_iter().map(|(_, w)| w).collect(), warnings))
}

/// The statistics of window `w` of crosslink `k`, sampled on the scenario's grid inside it
/// and at its ends.
fn sampled(
    scenario: &Scenario,
    k: usize,
    w: &CrosslinkWindow,
    grant: Option<Grant>,
    ends: [&Propagator; 2],
    legs: &[(LinkBudget, f64)],
) -> Result<LinkWindow> {
    let (start, dt) = (scenario.start_unix_s, scenario.step_s);
    let first = ((w.start_unix_s - start) / dt).ceil() as i64;
    let last = ((w.end_unix_s - start) / dt).floor() as i64;
    let mut times = vec![w.start_unix_s];
    times.extend(
        (first..=last)
            .map(|i| start + i as f64 * dt)
            .filter(|&t| t > w.start_unix_s && t < w.end_unix_s),
    );
    times.push(w.end_unix_s);
    let (mut a, mut b) = (ends[0].cursor(), ends[1].cursor());
    let mut extremes = Extremes::new();
    // (time, forward margin ≥ 0) of each sample, for the volume.
    let mut up = Vec::with_capacity(times.len());
    for &t in &times {
        let (sa, sb) = (a.state_teme(t)?, b.state_teme(t)?);
        // The Sun of date (mean equator and equinox): TEME to 0.01°.
        let g = CrosslinkGeometry::new(&sa, &sb, &sun_position_mod_m(t));
        let geometry =
            LinkGeometry::vacuum(g.range_m).with_transverse_velocity(g.transverse_velocity_m_s);
        let mut margin_db = f64::INFINITY;
        let mut doppler_hz: f64 = 0.0;
        let mut forward_up = false;
        for (leg, (budget, wavelength_m)) in legs.iter().enumerate() {
            let m = budget.evaluate(&geometry)?.margin_db;
            if leg == 0 {
                forward_up = m >= 0.0;
            }
            margin_db = margin_db.min(m);
            doppler_hz = doppler_hz.max(g.doppler_shift_hz(*wavelength_m).abs());
        }
        extremes.add(
            g.range_m,
            doppler_hz,
            g.point_ahead_rad,
            g.slew_rate_rad_s[0].max(g.slew_rate_rad_s[1]),
            margin_db,
        );
        up.push((t, forward_up));
    }
    let data_rate_bps = scenario.terminals[&scenario.crosslinks[k].forward.terminal].data_rate_bps;
    let volume_bits = grant.map(|g| data_rate_bps * up_time_s(&up, g.data_start_unix_s));
    Ok(extremes.into_window(WindowBase {
        kind: WindowKind::Crosslink,
        link: k,
        name: scenario.crosslink_name(k),
        start_unix_s: w.start_unix_s,
        end_unix_s: w.end_unix_s,
        start_edge: w.start_edge.name(),
        end_edge: w.end_edge.name(),
        data_start_unix_s: grant.map(|g| g.data_start_unix_s),
        volume_bits,
    }))
}

/// Time the link is up after `from_unix_s`, s, from samples (time, up) in time order:
/// between two samples the mean of their states.
fn up_time_s(samples: &[(f64, bool)], from_unix_s: f64) -> f64 {
    samples
        .windows(2)
        .map(|pair| {
            let ((t0, u0), (t1, u1)) = (pair[0], pair[1]);
            let span = (t1 - t0.max(from_unix_s)).max(0.0);
            span * 0.5 * (f64::from(u8::from(u0)) + f64::from(u8::from(u1)))
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_time_counts_from_first_data() {
        let s = [(0.0, true), (10.0, true), (20.0, false), (30.0, false)];
        assert_eq!(up_time_s(&s, 0.0), 15.0);
        assert_eq!(up_time_s(&s, 5.0), 10.0);
        assert_eq!(up_time_s(&s, 25.0), 0.0);
    }
}
