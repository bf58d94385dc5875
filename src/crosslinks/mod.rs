//! The inter-satellite links of a scenario along time: their visibility windows, the terminal
//! heads each window gets, and the geometry and vacuum budget sampled inside each window.
//! What `oslink windows` lists for crosslinks and what the relay chains of `oslink run`
//! carry their data over.
//!
//! - **Visibility** ([`crate::access::find_crosslink_windows`]): the line of sight grazes the
//!   Earth no lower than `channel.grazing_margin_km` and no receiving end has the Sun inside
//!   its receiver's `sun_exclusion_deg`.
//! - **Heads** (`heads.rs`, first come, first served): each window asks for a crosslink
//!   terminal head at each end; a satellite holds at most `crosslink_terminals` links at
//!   once. Data flows from the heads' acquisition on (the larger `acquisition_s` of the two
//!   terminals of a duplex link).
//! - **Samples** on the common grid t_k = start + k·step_s inside the window and at its two
//!   ends: range, range rate, Doppler f_D = −ρ̇/λ (first order, the larger over the legs of
//!   a duplex link), point-ahead 2·v⊥/c, the line of sight's rate in each end's local
//!   orbital frame (the larger end), the static vacuum margin of each leg, and the
//!   probability that each leg is up. In vacuum only pointing fades the link: a leg is down
//!   when the pointing loss L_p falls below the static margin M,
//!   P(up) = 1 − P(L_p ≤ 10^(−M/10)), the exact Rayleigh or Rice pointing CDF of the
//!   terminal's jitter and bias (the point-ahead residual included) at the step
//!   ([`crate::channel::PointingJitter::loss_cdf`], docs/models.md §4).

mod heads;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::access::{find_crosslink_windows, CrosslinkGeometry, CrosslinkRequest, CrosslinkWindow};
use crate::error::Result;
use crate::frames::sun_position_mod_m;
use crate::link::{LinkBudget, LinkGeometry};
use crate::orbit::Propagator;
use crate::scenario::{CrosslinkLeg, OnPropagationError, Scenario};
use heads::{assign, Request};

/// One visibility window of one crosslink with its head grant and its samples.
#[derive(Debug, Clone, PartialEq)]
pub struct CrosslinkPass {
    /// Index of the crosslink in [`Scenario::crosslinks`].
    pub crosslink: usize,
    /// Visibility: start, end and what opens and closes it.
    pub window: CrosslinkWindow,
    /// First data once both heads are free and acquired, Unix s UTC; `None` when no head
    /// was free in time (the window carries no data).
    pub data_start_unix_s: Option<f64>,
    /// The window's start, every grid time inside it and its end, in time order.
    pub samples: Vec<CrosslinkSample>,
}

/// The geometry and the vacuum budget of a crosslink at one time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrosslinkSample {
    /// Time, Unix s UTC.
    pub unix_s: f64,
    /// Range between the satellites, m.
    pub range_m: f64,
    /// Largest |Doppler shift| over the legs, Hz.
    pub doppler_hz: f64,
    /// Point-ahead angle 2·v⊥/c, rad.
    pub point_ahead_rad: f64,
    /// The larger of the two ends' line-of-sight rates in their local orbital frames, rad/s.
    pub slew_rate_rad_s: f64,
    /// Static vacuum margin of each leg, dB: `[forward, return]` (the return leg's is NaN on
    /// a one-way link).
    pub margin_db: [f64; 2],
    /// Probability that each leg is up (pointing fades only): `[forward, return]` (NaN on
    /// the return leg of a one-way link).
    pub up_probability: [f64; 2],
}

impl CrosslinkSample {
    /// The smaller static margin of the legs that send, dB.
    pub fn min_margin_db(&self) -> f64 {
        self.margin_db
            .into_iter()
            .filter(|m| !m.is_nan())
            .fold(f64::INFINITY, f64::min)
    }
}

impl CrosslinkPass {
    /// Time leg `leg` (0 forward, 1 return) carries data within [`from_unix_s`, `to_unix_s`],
    /// s, weighted by its probability of being up, interpolated linearly between samples:
    /// the trapezoid rule on the grid, the intervals cut at both ends.
    pub fn up_time_s(&self, leg: usize, from_unix_s: f64, to_unix_s: f64) -> f64 {
        self.samples
            .windows(2)
            .map(|pair| {
                let (a, b) = (&pair[0], &pair[1]);
                let (t0, t1) = (a.unix_s.max(from_unix_s), b.unix_s.min(to_unix_s));
                if t0 >= t1 {
                    return 0.0;
                }
                let (pa, pb) = (a.up_probability[leg], b.up_probability[leg]);
                let p = |t: f64| pa + (pb - pa) * (t - a.unix_s) / (b.unix_s - a.unix_s);
                (t1 - t0) * 0.5 * (p(t0) + p(t1))
            })
            .sum()
    }
}

/// The crosslink windows of a scenario and what was left out.
#[derive(Debug, Clone, PartialEq)]
pub struct CrosslinkPasses {
    /// Crosslink by crosslink, by start within one.
    pub passes: Vec<CrosslinkPass>,
    /// One line per crosslink left out (an end whose entry says `on_propagation_error =
    /// "skip"` could not be propagated).
    pub warnings: Vec<String>,
}

/// Every window of every crosslink of `scenario` with its heads and samples (see the module
/// doc). Deterministic: the same passes in the same order for any thread count.
pub fn crosslink_passes(scenario: &Scenario) -> Result<CrosslinkPasses> {
    if scenario.crosslinks.is_empty() {
        return Ok(CrosslinkPasses {
            passes: Vec::new(),
            warnings: Vec::new(),
        });
    }
    let satellites: Vec<_> = scenario
        .satellites
        .iter()
        .map(|s| s.satellite.clone())
        .collect();
    let sun_exclusion = |leg: Option<&CrosslinkLeg>| {
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
    let mut passes: Vec<CrosslinkPass> = visible
        .into_par_iter()
        .zip(grants.into_par_iter())
        .map(|((k, window), grant)| {
            let c = &scenario.crosslinks[k];
            let ends = [&propagators[&c.ends[0]], &propagators[&c.ends[1]]];
            Ok(CrosslinkPass {
                crosslink: k,
                samples: samples(scenario, &window, ends, &budgets[k])?,
                window,
                data_start_unix_s: grant.map(|g| g.data_start_unix_s),
            })
        })
        .collect::<Result<_>>()?;
    // Crosslink by crosslink, by start within one (the sort is stable).
    passes.sort_by_key(|p| p.crosslink);
    Ok(CrosslinkPasses { passes, warnings })
}

/// The samples of window `w` on the scenario's grid inside it and at its ends; `legs` are
/// the budgets and wavelengths of the crosslink's legs (forward, then return).
fn samples(
    scenario: &Scenario,
    w: &CrosslinkWindow,
    ends: [&Propagator; 2],
    legs: &[(LinkBudget, f64)],
) -> Result<Vec<CrosslinkSample>> {
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
    times
        .into_iter()
        .map(|t| {
            let (sa, sb) = (a.state_teme(t)?, b.state_teme(t)?);
            // The Sun of date (mean equator and equinox): TEME to 0.01°.
            let g = CrosslinkGeometry::new(&sa, &sb, &sun_position_mod_m(t));
            let geometry =
                LinkGeometry::vacuum(g.range_m).with_transverse_velocity(g.transverse_velocity_m_s);
            let mut sample = CrosslinkSample {
                unix_s: t,
                range_m: g.range_m,
                doppler_hz: 0.0,
                point_ahead_rad: g.point_ahead_rad,
                slew_rate_rad_s: g.slew_rate_rad_s[0].max(g.slew_rate_rad_s[1]),
                margin_db: [f64::NAN; 2],
                up_probability: [f64::NAN; 2],
            };
            for (leg, (budget, wavelength_m)) in legs.iter().enumerate() {
                let r = budget.evaluate(&geometry)?;
                sample.margin_db[leg] = r.margin_db;
                // Outage: the pointing loss below the static margin.
                let outage = r.pointing().loss_cdf(10f64.powf(-r.margin_db / 10.0));
                sample.up_probability[leg] = 1.0 - outage;
                sample.doppler_hz = sample
                    .doppler_hz
                    .max(g.doppler_shift_hz(*wavelength_m).abs());
            }
            Ok(sample)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(unix_s: f64, up: f64) -> CrosslinkSample {
        CrosslinkSample {
            unix_s,
            range_m: 1.0,
            doppler_hz: 0.0,
            point_ahead_rad: 0.0,
            slew_rate_rad_s: 0.0,
            margin_db: [0.0, f64::NAN],
            up_probability: [up, f64::NAN],
        }
    }

    #[test]
    fn up_time_counts_from_first_data() {
        let pass = CrosslinkPass {
            crosslink: 0,
            window: CrosslinkWindow {
                start_unix_s: 0.0,
                end_unix_s: 30.0,
                start_edge: crate::access::WindowEdge::Span,
                end_edge: crate::access::WindowEdge::Span,
            },
            data_start_unix_s: Some(0.0),
            samples: vec![
                sample(0.0, 1.0),
                sample(10.0, 1.0),
                sample(20.0, 0.0),
                sample(30.0, 0.0),
            ],
        };
        let end = f64::INFINITY;
        assert_eq!(pass.up_time_s(0, 0.0, end), 15.0);
        assert_eq!(pass.up_time_s(0, 5.0, end), 10.0);
        // From 15 s: p falls from 0.5 to 0 over [15, 20]: 1.25 s.
        assert_eq!(pass.up_time_s(0, 15.0, end), 1.25);
        assert_eq!(pass.up_time_s(0, 25.0, end), 0.0);
        // Cut at both ends: [5, 15] holds 5 s at 1 and 5 s falling from 1 to 0.5.
        assert_eq!(pass.up_time_s(0, 5.0, 15.0), 8.75);
    }
}
