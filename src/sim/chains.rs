//! Relay chains (docs/models.md §12, "Relay chains"): a source satellite's data over its
//! crosslink to a relay satellite, then to the ground over the relay's feeder.
//!
//! The chain is up when both links are up. On the common grid t_k = start + k·step_s, step k
//! stands for [t_k, t_k + Δt), as everywhere in the engine (a grid point at the span end
//! starts nothing):
//! - the crosslink carries data over the fraction f_k of the step inside a crosslink pass
//!   from first data (heads acquired) to its end ([`crate::crosslinks`]), and is up with the
//!   probability u_k of its leg in the middle of that part (pointing fades only, the samples
//!   interpolated linearly in time);
//! - an **optical feeder** is the relay's network service at step k (the weather stage):
//!   its telescopes' lock segments of width w, each with the clear, Sun-usable stations
//!   (rate r_j, P(up) v_j) sorted by falling rate. Fading is independent between the
//!   crosslink and the feeder, so over a segment the chain is up with probability
//!   u_k·(1 − Π_j(1 − v_j)) and delivers u_k·Σ_j min(r_c, s·r_j)·v_j·Π_{l<j}(1 − v_l)
//!   bit/s (the fastest station up carries it, as for site diversity), where r_c is the
//!   crosslink's rate and s the chain's share of the feeder;
//! - a **declared feeder** (rate R, availability A) is up with probability A at every step,
//!   independent of the weather: the chain delivers u_k·A·min(r_c, s·R).
//!
//! When several chains of one relay carry data at the same step, they share its feeder in
//! proportion to their crosslink rates: s = r_c / Σ r over those chains (the relay's
//! terminal heads already bound how many there are). The chain's contact time is the
//! crosslink's data time while the feeder is in contact (an optical feeder: a station tracks
//! the relay, acquisition, Sun and cloud time included; a declared feeder: always).
//!
//! Edges: a step is counted by the fraction of it inside the crosslink's data time, and the
//! feeder's state at the step is taken for that fraction (the feeder's lock segments and the
//! crosslink's edge inside one step are taken as independent): an error of at most one step
//! per crosslink window edge.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::quantile::Spread;
use crate::crosslinks::{CrosslinkPass, CrosslinkPasses};
use crate::scenario::{Feeder, Scenario};

/// One grid step of a chain's crosslink.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ChainStep {
    /// Grid index k.
    pub time_index: u64,
    /// Part of the step the crosslink carries data, in (0, 1].
    pub fraction: f64,
    /// P(crosslink leg up) at the middle of the step's data time.
    pub up_probability: f64,
    /// The most the chain may put on the feeder: r_c, bit/s.
    pub rate_bps: f64,
    /// Its share s of the feeder, in (0, 1].
    pub feeder_share: f64,
}

/// The crosslink side of every chain of a scenario, ready for the weather stage, and what
/// the weather does not change.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chains {
    /// Per chain, its crosslink steps in time order.
    pub steps: Vec<Vec<ChainStep>>,
    /// Per chain, the crosslink windows that carry data.
    pub windows: Vec<usize>,
    /// Per chain, the time its crosslink carries data (heads acquired), s.
    pub crosslink_s: Vec<f64>,
    /// Per chain, what it carries in every weather realization: through a declared feeder
    /// all of it, through an optical one nothing (the weather stage adds that).
    pub fixed: Vec<ChainTime>,
}

/// What one chain did in one weather realization.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ChainTime {
    /// Crosslink data time while the feeder is in contact, s.
    pub contact_s: f64,
    /// Time the chain is up (expected), s.
    pub up_s: f64,
    /// Data delivered to the ground (expected), bit.
    pub volume_bits: f64,
}

impl Chains {
    /// The chains of `scenario` over its crosslink passes.
    pub(crate) fn new(scenario: &Scenario, passes: &CrosslinkPasses) -> Chains {
        let dt = scenario.step_s;
        // The last grid point that starts inside the span.
        let mut last_index = ((scenario.end_unix_s - scenario.start_unix_s) / dt).floor() as i64;
        while last_index > 0
            && scenario.start_unix_s + last_index as f64 * dt >= scenario.end_unix_s
        {
            last_index -= 1;
        }
        let mut steps: Vec<Vec<ChainStep>> = Vec::with_capacity(scenario.chains.len());
        let mut windows = Vec::with_capacity(scenario.chains.len());
        for chain in &scenario.chains {
            let leg = usize::from(chain.on_return_leg);
            let rate_bps = scenario.terminals[&chain.leg(scenario).terminal].data_rate_bps;
            let mut list: Vec<ChainStep> = Vec::new();
            let mut carrying = 0;
            for pass in passes
                .passes
                .iter()
                .filter(|p| p.crosslink == chain.crosslink)
            {
                let Some(first_data) = pass.data_start_unix_s else {
                    continue;
                };
                carrying += 1;
                let end = pass.window.end_unix_s;
                let from = ((first_data - scenario.start_unix_s) / dt).floor() as i64;
                let to = ((end - scenario.start_unix_s) / dt).ceil() as i64;
                for k in from.max(0)..=to.min(last_index) {
                    let t = scenario.start_unix_s + k as f64 * dt;
                    let overlap = (t + dt).min(end) - t.max(first_data);
                    if overlap <= 0.0 {
                        continue;
                    }
                    // P(up) at the middle of the step's data time.
                    let middle = 0.5 * (t.max(first_data) + (t + dt).min(end));
                    let step = ChainStep {
                        time_index: k as u64,
                        fraction: (overlap / dt).min(1.0),
                        up_probability: up_probability_at(pass, leg, middle),
                        rate_bps,
                        feeder_share: 1.0,
                    };
                    // Two windows of one crosslink in one step: their fractions add up.
                    match list.last_mut() {
                        Some(prev) if prev.time_index == step.time_index => {
                            let sum = prev.fraction + step.fraction;
                            prev.up_probability = (prev.up_probability * prev.fraction
                                + step.up_probability * step.fraction)
                                / sum;
                            prev.fraction = sum.min(1.0);
                        }
                        _ => list.push(step),
                    }
                }
            }
            steps.push(list);
            windows.push(carrying);
        }
        share_feeders(scenario, &mut steps);
        let crosslink_s = steps
            .iter()
            .map(|list| list.iter().map(|s| s.fraction * dt).sum())
            .collect();
        let fixed = scenario
            .chains
            .iter()
            .zip(&steps)
            .map(|(chain, list)| match chain.feeder {
                Feeder::Optical => ChainTime::default(),
                Feeder::Declared {
                    rate_bps,
                    availability,
                    ..
                } => list.iter().fold(ChainTime::default(), |mut t, step| {
                    declared(step, rate_bps, availability, dt, &mut t);
                    t
                }),
            })
            .collect();
        Chains {
            steps,
            windows,
            crosslink_s,
            fixed,
        }
    }
}

/// The probability that leg `leg` of `pass` is up at `t`: its samples interpolated linearly,
/// held at the window's ends.
fn up_probability_at(pass: &CrosslinkPass, leg: usize, t: f64) -> f64 {
    let s = &pass.samples;
    let after = s.partition_point(|x| x.unix_s < t);
    match (after.checked_sub(1).map(|i| &s[i]), s.get(after)) {
        (Some(a), Some(b)) if b.unix_s > a.unix_s => {
            let x = (t - a.unix_s) / (b.unix_s - a.unix_s);
            a.up_probability[leg] + x * (b.up_probability[leg] - a.up_probability[leg])
        }
        (_, Some(b)) => b.up_probability[leg],
        (Some(a), None) => a.up_probability[leg],
        (None, None) => 0.0,
    }
}

/// Sets each chain step's feeder share: its rate over the rates of the chains of the same
/// relay carrying data at that step.
fn share_feeders(scenario: &Scenario, steps: &mut [Vec<ChainStep>]) {
    let mut demand: BTreeMap<(usize, u64), f64> = BTreeMap::new();
    for (c, list) in steps.iter().enumerate() {
        for s in list {
            *demand
                .entry((scenario.chains[c].relay, s.time_index))
                .or_default() += s.rate_bps;
        }
    }
    for (c, list) in steps.iter_mut().enumerate() {
        for s in list {
            s.feeder_share = s.rate_bps / demand[&(scenario.chains[c].relay, s.time_index)];
        }
    }
}

/// The rate a chain delivers through a feeder segment, given the crosslink is up: with the
/// clear, Sun-usable stations `(r_j, v_j)` by falling rate,
/// E[min(r_c, s·R)] = Σ_j min(r_c, s·r_j)·v_j·Π_{l<j}(1 − v_l), bit/s.
pub(crate) fn delivered_rate_bps(step: &ChainStep, stations: &[(f64, f64)]) -> f64 {
    let (mut rate, mut all_fade) = (0.0, 1.0);
    for &(r, v) in stations {
        rate += step.rate_bps.min(step.feeder_share * r) * v * all_fade;
        all_fade *= 1.0 - v;
    }
    rate
}

/// Adds a chain step through a declared feeder of `rate_bps` up `availability` of the time
/// (always in contact) to `t`.
fn declared(step: &ChainStep, rate_bps: f64, availability: f64, dt: f64, t: &mut ChainTime) {
    let w = step.fraction * dt;
    t.contact_s += w;
    t.up_s += w * step.up_probability * availability;
    t.volume_bits +=
        w * step.up_probability * availability * step.rate_bps.min(step.feeder_share * rate_bps);
}

/// A relay chain's figures over the weather realizations.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChainSummary {
    /// "SOURCE → RELAY → FEEDER".
    pub name: String,
    /// The source satellite.
    pub source: String,
    /// The relay satellite.
    pub relay: String,
    /// "optical" or the declared feeder's name.
    pub feeder: String,
    /// Crosslink windows that carry data (a terminal head free at both ends in time).
    pub crosslink_windows: usize,
    /// Time the crosslink carries data, s.
    pub crosslink_s: f64,
    /// Crosslink data time while the feeder is in contact, s.
    pub contact_s: f64,
    /// Chain up time / contact time, over weather realizations (NaN without contact).
    pub availability: Spread,
    /// Data delivered to the ground through the relay per day, bit, over weather
    /// realizations.
    pub daily_volume_bits: Spread,
    /// Whether the source has a terminal of its own to the scenario's stations.
    pub direct_to_ground: bool,
    /// The source's own contact time with the stations (its network service), s.
    pub direct_contact_s: f64,
    /// What the source brings down by itself per day (its network service in the same
    /// weather), bit, over weather realizations; zero without a terminal.
    pub direct_daily_volume_bits: Spread,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(rate_bps: f64, feeder_share: f64) -> ChainStep {
        ChainStep {
            time_index: 0,
            fraction: 1.0,
            up_probability: 1.0,
            rate_bps,
            feeder_share,
        }
    }

    #[test]
    fn the_fastest_feeder_station_up_carries_the_chain() {
        // Stations of 10 (up 0.5) and 1 (always up) behind a 5 bit/s crosslink:
        // min(5, 10)·0.5 + min(5, 1)·1·0.5 = 3.
        let stations = [(10.0, 0.5), (1.0, 1.0)];
        assert_eq!(delivered_rate_bps(&step(5.0, 1.0), &stations), 3.0);
        // Half the feeder (two equal chains): min(5, 5)·0.5 + min(5, 0.5)·0.5 = 2.75.
        assert_eq!(delivered_rate_bps(&step(5.0, 0.5), &stations), 2.75);
    }

    #[test]
    fn a_declared_feeder_is_its_availability_times_the_slower_rate() {
        let mut t = ChainTime::default();
        let mut s = step(5.0, 1.0);
        s.fraction = 0.5;
        s.up_probability = 0.8;
        declared(&s, 3.0, 0.9, 10.0, &mut t);
        // 5 s of crosslink data time, up 0.8 · 0.9 of it, at min(5, 3) bit/s.
        assert_eq!(t.contact_s, 5.0);
        assert!((t.up_s - 3.6).abs() < 1e-12);
        assert!((t.volume_bits - 10.8).abs() < 1e-12);
    }
}
