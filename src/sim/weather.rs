//! The third engine stage: weather realizations. Per realization one cloud timeline
//! ([`crate::channel::CloudModel`], keyed (seed, realization)); at each step a link whose
//! station has a telescope on its satellite ([`Schedule`]) is up with probability
//! `clear · sun_ok · (1 − p_out)` over the locked part of the step. The network is made of the
//! links of the scenario's network direction ([`Scenario::network_direction`]): fading is
//! independent between stations, so the satellite is served with probability
//! 1 − Π_j (1 − up_j) (site diversity, volume counted once). Reductions run in index order:
//! bit-identical for any number of threads.

use std::collections::BTreeMap;
use std::ops::Range;

use super::breakdown::Breakdown;
use super::chains::{delivered_rate_bps, ChainTime, Chains};
use super::engine::{Geometry, LinkSteps};
use super::schedule::{Schedule, Tracking};
use crate::channel::{CloudModel, CloudSite, CloudTimeline};
use crate::error::Result;
use crate::scenario::{Feeder, Scenario};

/// Results of one weather realization.
#[derive(Debug, Clone)]
pub struct Realization {
    /// Per link (index into [`Scenario::links`]); `no_contact_s` is the span less the
    /// link's contact time.
    pub links: Vec<Breakdown>,
    /// Per station: its links of the network direction, summed over satellites.
    pub stations: Vec<Breakdown>,
    /// The network, summed over satellites (a satellite counts once per step).
    pub network: Breakdown,
    /// Per pass (`no_contact_s` unused).
    pub passes: Vec<Breakdown>,
    /// Cloud-free flag of every step (1 = clear).
    pub clear: Vec<u8>,
    /// Per relay chain ([`Scenario::chains`]): what it carried.
    pub chains: Vec<ChainTime>,
    /// Per relay chain: its source's own network service (the source's part of `network`).
    pub direct: Vec<Breakdown>,
}

/// The weather stage: cloud timelines combined with the per-step link statistics.
pub(crate) struct Weather<'a> {
    scenario: &'a Scenario,
    geometry: &'a Geometry,
    links: &'a LinkSteps,
    schedule: &'a Schedule,
    clouds: Option<CloudModel>,
    /// The satellite, the station and whether it belongs to the network, of each link.
    ends: Vec<LinkEnds>,
    /// Data rate of each link, bit/s.
    rates_bps: Vec<f64>,
    /// Ranges of `network` grouped by (satellite, grid index): the candidates for site
    /// diversity.
    groups: Vec<Range<usize>>,
    /// The network's steps in (satellite, grid index, station) order, with what the weather
    /// does not change (read in that order, not by step index scattered over the arrays).
    network: Vec<NetworkStep>,
    /// The relay chains, when the run has any ([`Weather::with_chains`]).
    chains: Option<ChainPlan<'a>>,
}

/// The relay chains as the weather stage walks them.
struct ChainPlan<'a> {
    chains: &'a Chains,
    /// Every optical-feeder chain step that has a feeder group: (group, chain, step), sorted
    /// by group (a step without one has no feeder contact; a declared feeder's steps are in
    /// [`Chains::fixed`]).
    by_group: Vec<(usize, usize, usize)>,
    /// `sources[i]`: the chains whose source is satellite i.
    sources: BTreeMap<usize, Vec<usize>>,
}

/// A step of the network in the order of the site-diversity groups.
#[derive(Debug, Clone, Copy)]
struct NetworkStep {
    /// Index into the geometry's steps.
    step: usize,
    /// The Sun is outside the station's exclusion angle.
    sun_ok: bool,
    /// The link's data rate, bit/s.
    rate_bps: f64,
    /// P(link up) when clear: 1 − the fade-outage probability.
    up_if_clear: f64,
    /// The station's schedule at this step.
    tracking: Tracking,
}

/// What the weather stage needs to know of a link.
#[derive(Debug, Clone, Copy)]
struct LinkEnds {
    satellite: usize,
    station: usize,
    /// The station is one of the stations of this weather stage.
    member: bool,
    /// A link of the network direction at a member station.
    network: bool,
}

impl<'a> Weather<'a> {
    /// Prepares the cloud model and the site-diversity groups.
    pub(crate) fn new(
        scenario: &'a Scenario,
        geometry: &'a Geometry,
        links: &'a LinkSteps,
        schedule: &'a Schedule,
    ) -> Result<Weather<'a>> {
        let all: Vec<usize> = (0..scenario.stations.len()).collect();
        Weather::for_stations(scenario, geometry, links, schedule, &all)
    }

    /// Like [`Weather::new`] for the network of the stations `stations` (indices into the
    /// scenario's stations) only. The cloud field is still drawn for every station of the
    /// scenario and the fading streams keep their full-scenario station index, so every subset
    /// sees the same weather and the same fades (common random numbers): a subset's result is
    /// not that of a scenario holding only those stations. The other stations' links have no
    /// contact in a [`Realization`] (their whole span is `no_contact_s`).
    pub(crate) fn for_stations(
        scenario: &'a Scenario,
        geometry: &'a Geometry,
        links: &'a LinkSteps,
        schedule: &'a Schedule,
        stations: &[usize],
    ) -> Result<Weather<'a>> {
        let n_st = scenario.stations.len();
        let mut member = vec![false; n_st];
        for &j in stations {
            *member.get_mut(j).ok_or_else(|| {
                crate::Error::invalid("stations", j, format!("a station index below {n_st}"))
            })? = true;
        }
        let clouds = match &scenario.clouds {
            None => None,
            Some(c) => {
                let sites: Vec<CloudSite> = scenario
                    .stations
                    .iter()
                    .map(|s| CloudSite {
                        position: s.station.location,
                        clear_probability_by_month: s.station.cloud_free_monthly,
                    })
                    .collect();
                Some(CloudModel::new(
                    &sites,
                    c.correlation_length_m,
                    c.correlation_time_s,
                )?)
            }
        };
        let network_direction = scenario.network_direction();
        let ends: Vec<LinkEnds> = scenario
            .links
            .iter()
            .map(|l| {
                let (satellite, station, direction) = l
                    .ground_space()
                    .expect("the weather stage has ground–space links only");
                LinkEnds {
                    satellite,
                    station,
                    member: member[station],
                    network: member[station] && direction == network_direction,
                }
            })
            .collect();
        let rates_bps: Vec<f64> = (0..scenario.links.len())
            .map(|k| scenario.data_rate_bps(k))
            .collect();
        let steps = &geometry.steps;
        let group_key = |i: usize| {
            let e = ends[steps[i].link];
            (e.satellite, steps[i].time_index, e.station)
        };
        // Sorted by (satellite, grid index, station), unique for the steps of one direction;
        // the step index breaks ties all the same, so the unstable sort is deterministic.
        let mut keyed: Vec<((usize, u64, usize), usize)> = (0..steps.len())
            .filter(|&i| ends[steps[i].link].network)
            .map(|i| (group_key(i), i))
            .collect();
        keyed.sort_unstable();
        let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
        let mut groups = Vec::new();
        let mut start = 0;
        for i in 1..=order.len() {
            let boundary = i == order.len() || {
                let (a, b) = (group_key(order[i - 1]), group_key(order[i]));
                (a.0, a.1) != (b.0, b.1)
            };
            if boundary {
                groups.push(start..i);
                start = i;
            }
        }
        let network = order
            .iter()
            .map(|&i| NetworkStep {
                step: i,
                sun_ok: steps[i].sun_ok,
                rate_bps: rates_bps[steps[i].link],
                up_if_clear: 1.0 - links.steps[i].outage_probability,
                tracking: schedule.tracking[i],
            })
            .collect();
        Ok(Weather {
            scenario,
            geometry,
            links,
            schedule,
            clouds,
            ends,
            rates_bps,
            groups,
            network,
            chains: None,
        })
    }

    /// Also evaluates the relay chains `chains` of the scenario in each realization.
    pub(crate) fn with_chains(mut self, chains: &'a Chains) -> Weather<'a> {
        let sc = self.scenario;
        let steps = &self.geometry.steps;
        let group_of: BTreeMap<(usize, u64), usize> = self
            .groups
            .iter()
            .enumerate()
            .map(|(g, range)| {
                let i = self.network[range.start].step;
                ((self.ends[steps[i].link].satellite, steps[i].time_index), g)
            })
            .collect();
        let mut by_group = Vec::new();
        let mut sources: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (c, chain) in sc.chains.iter().enumerate() {
            sources.entry(chain.source).or_default().push(c);
            if chain.feeder != Feeder::Optical {
                continue;
            }
            for (n, step) in chains.steps[c].iter().enumerate() {
                if let Some(&g) = group_of.get(&(chain.relay, step.time_index)) {
                    by_group.push((g, c, n));
                }
            }
        }
        by_group.sort_unstable();
        self.chains = Some(ChainPlan {
            chains,
            by_group,
            sources,
        });
        self
    }

    /// One weather realization.
    pub(crate) fn realize(&self, realization: u64) -> Result<Realization> {
        let sc = self.scenario;
        let timeline: Option<CloudTimeline> = match (&self.clouds, &sc.clouds) {
            (Some(model), Some(c)) => Some(model.realize(
                sc.seed,
                realization,
                sc.start_unix_s,
                sc.end_unix_s,
                c.step_s,
            )?),
            _ => None,
        };
        let steps = &self.geometry.steps;
        let dt = sc.step_s;
        let clear: Vec<u8> = steps
            .iter()
            .map(|g| {
                let station = self.ends[g.link].station;
                u8::from(
                    timeline
                        .as_ref()
                        .is_none_or(|tl| tl.is_clear(station, g.unix_s)),
                )
            })
            .collect();
        let mut links = vec![Breakdown::default(); sc.links.len()];
        let mut stations = vec![Breakdown::default(); sc.stations.len()];
        let mut passes = vec![Breakdown::default(); self.geometry.passes.len()];
        for (i, g) in steps.iter().enumerate() {
            let ends = self.ends[g.link];
            if !ends.member {
                continue;
            }
            let p_out = self.links.steps[i].outage_probability;
            let mut b = Breakdown::default();
            match self.schedule.tracking[i] {
                Tracking::Busy => b.busy_s = dt,
                Tracking::Tracked { acquiring } => {
                    b.acquisition_s = acquiring * dt;
                    // The part of the step the link is locked (all of it once acquired).
                    let locked = (1.0 - acquiring) * dt;
                    if !g.sun_ok {
                        b.sun_s = locked;
                    } else if clear[i] == 0 {
                        b.cloud_s = locked;
                    } else {
                        b.fade_s = p_out * locked;
                        b.up_s = (1.0 - p_out) * locked;
                        b.volume_bits = b.up_s * self.rates_bps[g.link];
                    }
                }
            }
            if ends.network {
                stations[ends.station].add(&b);
            }
            passes[g.pass].add(&b);
            links[g.link].add(&b);
        }
        let mut network = Breakdown::default();
        let n_chains = sc.chains.len();
        let plan = self.chains.as_ref();
        let mut chains = plan.map_or_else(
            || vec![ChainTime::default(); n_chains],
            |p| p.chains.fixed.clone(),
        );
        let mut direct = vec![Breakdown::default(); n_chains];
        let mut next_chain_step = 0;
        let mut scratch = GroupScratch::default();
        for (g, group) in self.groups.iter().enumerate() {
            let members = &self.network[group.clone()];
            let satellite = self.ends[steps[members[0].step].link].satellite;
            let sources = plan.and_then(|p| p.sources.get(&satellite));
            // The chain steps this group feeds.
            let fed = plan.map_or(&[][..], |p| {
                let from = next_chain_step;
                while next_chain_step < p.by_group.len() && p.by_group[next_chain_step].0 == g {
                    next_chain_step += 1;
                }
                &p.by_group[from..next_chain_step]
            });
            serve(members, &clear, dt, &mut scratch, |segment| {
                let mut b = Breakdown::default();
                // P(every usable station fades at once) over the segment.
                let mut all_fade = 1.0;
                let width = match segment {
                    Segment::Busy(w) => {
                        b.busy_s = w;
                        w
                    }
                    Segment::Acquisition(w) => {
                        b.acquisition_s = w;
                        w
                    }
                    Segment::Sun(w) => {
                        b.sun_s = w;
                        w
                    }
                    Segment::Cloud(w) => {
                        b.cloud_s = w;
                        w
                    }
                    Segment::Served(w, usable) => {
                        let rate;
                        (all_fade, rate) = site_diversity(usable);
                        b.fade_s = all_fade * w;
                        b.up_s = (1.0 - all_fade) * w;
                        b.volume_bits = rate * w;
                        w
                    }
                };
                network.add(&b);
                for &c in sources.into_iter().flatten() {
                    direct[c].add(&b);
                }
                if matches!(segment, Segment::Busy(_)) {
                    return;
                }
                // The feeder is in contact: acquiring, Sun- or cloud-bound, or serving.
                for &(_, c, n) in fed {
                    let step = &plan.expect("fed chains have a plan").chains.steps[c][n];
                    let t = &mut chains[c];
                    let f = step.fraction;
                    t.contact_s += f * width;
                    if let Segment::Served(w, usable) = segment {
                        t.up_s += f * w * step.up_probability * (1.0 - all_fade);
                        t.volume_bits +=
                            f * w * step.up_probability * delivered_rate_bps(step, usable);
                    }
                }
            });
        }
        let span = sc.duration_s();
        let satellites_span = span * sc.satellites.len() as f64;
        network.no_contact_s = satellites_span - network.in_view_s();
        for s in &mut stations {
            s.no_contact_s = satellites_span - s.in_view_s();
        }
        for l in &mut links {
            l.no_contact_s = span - l.in_view_s();
        }
        for d in &mut direct {
            d.no_contact_s = span - d.in_view_s();
        }
        Ok(Realization {
            links,
            stations,
            network,
            passes,
            clear,
            chains,
            direct,
        })
    }
}

/// Part of one step of a site-diversity group (one satellite at one grid step), of width
/// `w` s.
#[derive(Debug, Clone, Copy)]
enum Segment<'s> {
    /// No telescope on the satellite (the whole step).
    Busy(f64),
    /// Before the first telescope locks.
    Acquisition(f64),
    /// Every locked station has the Sun inside its exclusion angle.
    Sun(f64),
    /// Every locked, Sun-usable station is under cloud.
    Cloud(f64),
    /// The (rate, P(up)) of the clear, Sun-usable locked stations, by falling rate (a stable
    /// sort keeps equal rates in station order).
    Served(f64, &'s [(f64, f64)]),
}

/// Reused buffers of [`serve`].
#[derive(Debug, Default)]
struct GroupScratch {
    usable: Vec<(f64, f64)>,
    lock_points: Vec<f64>,
}

/// Walks one step of a site-diversity group (its `members`, the stations that see the
/// satellite) segment by segment: every track acquires from the start of the step, so from
/// lock point a on the members locked are those with acquiring ≤ a, until the next lock
/// point.
fn serve(
    members: &[NetworkStep],
    clear: &[u8],
    dt: f64,
    scratch: &mut GroupScratch,
    mut f: impl FnMut(Segment<'_>),
) {
    let GroupScratch {
        usable,
        lock_points,
    } = scratch;
    lock_points.clear();
    lock_points.extend(members.iter().filter_map(|n| match n.tracking {
        Tracking::Tracked { acquiring } => Some(acquiring),
        Tracking::Busy => None,
    }));
    if lock_points.is_empty() {
        f(Segment::Busy(dt));
        return;
    }
    lock_points.sort_by(f64::total_cmp);
    lock_points.dedup();
    f(Segment::Acquisition(lock_points[0] * dt));
    for (p, &a) in lock_points.iter().enumerate() {
        let width = lock_points.get(p + 1).copied().unwrap_or(1.0) - a;
        if width <= 0.0 {
            continue;
        }
        let w = width * dt;
        let mut any_sun_ok = false;
        usable.clear();
        for n in members {
            let locked = matches!(n.tracking, Tracking::Tracked { acquiring } if acquiring <= a);
            if locked && n.sun_ok {
                any_sun_ok = true;
                if clear[n.step] == 1 {
                    usable.push((n.rate_bps, n.up_if_clear));
                }
            }
        }
        if !any_sun_ok {
            f(Segment::Sun(w));
        } else if usable.is_empty() {
            f(Segment::Cloud(w));
        } else {
            usable.sort_by(|a, b| b.0.total_cmp(&a.0));
            f(Segment::Served(w, usable));
        }
    }
}

/// Site diversity at one step from the (rate, P(up)) of the clear, Sun-usable stations by
/// falling rate: returns P(every station fades at once) and the expected data rate.
///
/// Fading is independent between stations, so the satellite is served unless all fade; it sends
/// through the fastest station that is up: E[rate] = Σ_k r_k·u_k·Π_{l<k}(1 − u_l).
fn site_diversity(links: &[(f64, f64)]) -> (f64, f64) {
    let (mut all_fade, mut rate) = (1.0, 0.0);
    for &(r, u) in links.iter() {
        rate += r * u * all_fade;
        all_fade *= 1.0 - u;
    }
    (all_fade, rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diversity_uses_the_fastest_station_that_is_up() {
        // A 10 Mb/s station up half the time and a 1 Mb/s station always up: the satellite is
        // always served, at 10 Mb/s half the time and 1 Mb/s otherwise.
        let (all_fade, rate) = site_diversity(&[(10e6, 0.5), (1e6, 1.0)]);
        assert_eq!(all_fade, 0.0);
        assert!((rate - 5.5e6).abs() < 1e-6, "{rate}");
        // Equal rates: 1 − Π(1 − u) of the common rate.
        let (all_fade, rate) = site_diversity(&[(2.0, 0.5), (2.0, 0.5)]);
        assert_eq!(all_fade, 0.25);
        assert!((rate - 1.5).abs() < 1e-12);
    }
}
