//! The figures of a run, computed once from the engine's per-realization breakdowns: per
//! link, per station, for the network, per pass, per weather realization and over time. The
//! reports (tables, CSV/JSON, plots, HTML) and the sweeps only present these.
//!
//! Definitions (each over the weather realizations r = 1…R):
//! - availability = up time / geometric contact time, per realization, then its mean and
//!   P10/P50/P90 ([`Spread`], numpy's default quantile);
//! - availability of the span = up time / (span × number of satellites);
//! - cloud-free fraction = clear time / Sun-usable contact time, fade outage given clear =
//!   fade time / clear time, both from the mean breakdown;
//! - daily up time = up time / span in days (of a station: summed over the satellites it
//!   serves, at most its telescopes × 24 h; of the network: satellites served at once, each
//!   counted once);
//! - daily volume = volume / span in days;
//! - diversity gain = the network's daily volume (up time) / the largest daily volume (up
//!   time) of one of its stations, means over realizations ([`DiversityGain`]).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::breakdown::{ratio_or_nan, ratio_or_zero, Breakdown};
use super::chains::{ChainSummary, ChainTime, Chains};
use super::engine::{Geometry, LinkSteps, StepGeometry, StepLink};
pub use super::quantile::Spread;
use super::schedule::Schedule;
use super::time_bins::{network_stations, MarginDistribution, StationTimeline};
use super::weather::Realization;
use crate::scenario::Scenario;

/// Availability of a link, a station or the network.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AvailabilitySummary {
    /// Station name, link name ("SAT → STATION") or "network".
    pub name: String,
    /// Number of passes (for the network: of all its stations).
    pub passes: usize,
    /// Contact time, s: a telescope on the satellite (above the threshold and scheduled,
    /// [`crate::sim::Schedule`]; the network counts each satellite once per step).
    pub contact_s: f64,
    /// Link up time / contact time, over weather realizations; NaN (JSON null, an empty CSV
    /// field, "no contact" in tables) without contact.
    pub availability: Spread,
    /// Link up time / span (per satellite), over weather realizations.
    pub availability_of_span: Spread,
    /// Cloud-free fraction of the Sun-usable contact time (mean over realizations); NaN
    /// without Sun-usable contact.
    pub cloud_free_fraction: f64,
    /// Fade-outage probability given clear sky (mean over realizations); NaN without clear
    /// contact.
    pub fade_outage_given_clear: f64,
    /// Mean time budget over realizations, s (no contact, Sun, cloud, fade, up, volume).
    pub breakdown: Breakdown,
    /// Link up time per day, s, over weather realizations (of a station summed over its
    /// satellites; of the network each satellite once).
    pub daily_up_s: Spread,
    /// Data volume per day, bit, over weather realizations.
    pub daily_volume_bits: Spread,
}

impl AvailabilitySummary {
    /// The summary of one link, station or network from its per-realization breakdowns;
    /// `span_s` is the span times the number of satellites it serves, `days` the span in days.
    pub fn new(
        name: &str,
        passes: usize,
        samples: &[Breakdown],
        span_s: f64,
        days: f64,
    ) -> AvailabilitySummary {
        let contact_s = samples.first().map_or(0.0, Breakdown::contact_s);
        let availability: Vec<f64> = samples
            .iter()
            .map(|b| ratio_or_nan(b.up_s, b.contact_s()))
            .collect();
        let of_span: Vec<f64> = samples
            .iter()
            .map(|b| ratio_or_zero(b.up_s, span_s))
            .collect();
        let volume: Vec<f64> = samples.iter().map(|b| b.volume_bits / days).collect();
        let daily_up: Vec<f64> = samples.iter().map(|b| b.up_s / days).collect();
        let n = samples.len().max(1) as f64;
        let mean = samples.iter().fold(Breakdown::default(), |mut acc, b| {
            acc.no_contact_s += b.no_contact_s / n;
            acc.busy_s += b.busy_s / n;
            acc.acquisition_s += b.acquisition_s / n;
            acc.sun_s += b.sun_s / n;
            acc.cloud_s += b.cloud_s / n;
            acc.fade_s += b.fade_s / n;
            acc.up_s += b.up_s / n;
            acc.volume_bits += b.volume_bits / n;
            acc
        });
        AvailabilitySummary {
            name: name.to_string(),
            passes,
            contact_s,
            availability: Spread::of(&availability),
            availability_of_span: Spread::of(&of_span),
            cloud_free_fraction: ratio_or_nan(
                mean.fade_s + mean.up_s,
                mean.cloud_s + mean.fade_s + mean.up_s,
            ),
            fade_outage_given_clear: ratio_or_nan(mean.fade_s, mean.fade_s + mean.up_s),
            breakdown: mean,
            daily_up_s: Spread::of(&daily_up),
            daily_volume_bits: Spread::of(&volume),
        }
    }

    /// Whether the satellites it serves were ever in contact (otherwise its availability does
    /// not exist).
    pub fn has_contact(&self) -> bool {
        self.contact_s > 0.0
    }

    /// The mean of `figure` for ranking, larger first (a NaN as −∞, last).
    pub fn rank_value(&self, figure: RankBy) -> f64 {
        let x = match figure {
            RankBy::Volume => self.daily_volume_bits.mean,
            RankBy::Uptime => self.daily_up_s.mean,
            RankBy::Availability => self.availability.mean,
        };
        if x.is_nan() {
            f64::NEG_INFINITY
        } else {
            x
        }
    }

    /// Orders two summaries best first by `figure`, ties by the other figures in the order
    /// volume, up time, availability.
    pub fn rank_cmp(&self, other: &AvailabilitySummary, figure: RankBy) -> std::cmp::Ordering {
        [figure, RankBy::Volume, RankBy::Uptime, RankBy::Availability]
            .into_iter()
            .map(|f| other.rank_value(f).total_cmp(&self.rank_value(f)))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    }
}

/// The figure that ranks stations, networks and sweep points (`--rank-by`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RankBy {
    /// Mean data volume per day (default: what a mission buys a network for).
    #[default]
    Volume,
    /// Mean link up time per day.
    Uptime,
    /// Mean availability given contact (up time / contact time).
    Availability,
}

impl RankBy {
    /// The keyword: `volume`, `uptime` or `availability`.
    pub fn keyword(self) -> &'static str {
        match self {
            RankBy::Volume => "volume",
            RankBy::Uptime => "uptime",
            RankBy::Availability => "availability",
        }
    }

    /// What it ranks by, in words ("network data volume per day").
    pub fn describe(self) -> &'static str {
        match self {
            RankBy::Volume => "network data volume per day",
            RankBy::Uptime => "network up time per day",
            RankBy::Availability => "network availability given contact",
        }
    }
}

impl std::str::FromStr for RankBy {
    type Err = String;
    fn from_str(s: &str) -> Result<RankBy, String> {
        match s {
            "volume" => Ok(RankBy::Volume),
            "uptime" => Ok(RankBy::Uptime),
            "availability" => Ok(RankBy::Availability),
            other => Err(format!(
                "{other:?} is not a ranking: volume, uptime or availability"
            )),
        }
    }
}

/// What a network gains over its best single station (site diversity), from the means over
/// weather realizations; NaN where the best station has no volume (up time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiversityGain {
    /// Network daily volume / the largest daily volume of one station (≥ 1: at each step the
    /// network sends through the fastest station that is up).
    pub volume: f64,
    /// Network daily up time / the largest daily up time of one station (≥ 1).
    pub up_time: f64,
    /// The station of largest daily volume, if any has volume.
    pub best_volume_station: Option<String>,
    /// The station of largest daily up time, if any is ever up.
    pub best_up_time_station: Option<String>,
}

impl DiversityGain {
    /// The gain of `network` over `stations`.
    pub fn new(stations: &[AvailabilitySummary], network: &AvailabilitySummary) -> DiversityGain {
        let best = |f: fn(&AvailabilitySummary) -> f64| {
            stations
                .iter()
                .filter(|s| f(s) > 0.0)
                .max_by(|a, b| f(a).total_cmp(&f(b)))
        };
        let volume = |s: &AvailabilitySummary| s.daily_volume_bits.mean;
        let up = |s: &AvailabilitySummary| s.daily_up_s.mean;
        let (bv, bu) = (best(volume), best(up));
        DiversityGain {
            volume: bv.map_or(f64::NAN, |b| volume(network) / volume(b)),
            up_time: bu.map_or(f64::NAN, |b| up(network) / up(b)),
            best_volume_station: bv.map(|b| b.name.clone()),
            best_up_time_station: bu.map(|b| b.name.clone()),
        }
    }
}

/// The statistics of one pass over the weather realizations (NaN where a figure does not
/// exist: a pass shorter than one step has no margin; one wholly in Sun exclusion has no
/// cloud-free fraction).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassStatistics {
    /// Grid steps inside the pass.
    pub steps: usize,
    /// Lowest and highest static margin over the steps, dB.
    pub static_margin_db: (f64, f64),
    /// Lowest and highest elevation over the steps, rad (NaN without a step).
    pub elevation_rad: (f64, f64),
    /// Shortest and longest slant range over the steps, m (NaN without a step).
    pub range_m: (f64, f64),
    /// Contact time on the grid (a telescope on the satellite), s.
    pub contact_s: f64,
    /// Mean breakdown over the realizations (sums / R).
    pub mean: Breakdown,
    /// Sun-excluded fraction of the contact time.
    pub sun_excluded_fraction: f64,
    /// Cloud-free fraction of the Sun-usable contact time (mean breakdown).
    pub cloud_free_fraction: f64,
    /// Fade outage given clear sky (mean breakdown).
    pub fade_outage_given_clear: f64,
    /// Availability (up / contact) over the realizations that have contact.
    pub availability: Spread,
}

impl PassStatistics {
    fn new(
        geometry: &[StepGeometry],
        run_steps: &[StepLink],
        range: Range<usize>,
        per_r: &[Breakdown],
    ) -> Self {
        let extremes = |values: &mut dyn Iterator<Item = f64>| {
            let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), m| {
                (a.min(m), b.max(m))
            });
            if lo > hi {
                (f64::NAN, f64::NAN)
            } else {
                (lo, hi)
            }
        };
        let static_margin_db = extremes(&mut run_steps[range.clone()].iter().map(|s| s.margin_db));
        let steps = &geometry[range.clone()];
        let elevation_rad = extremes(&mut steps.iter().map(|g| g.elevation_rad));
        let range_m = extremes(&mut steps.iter().map(|g| g.range_m));
        let n = per_r.len() as f64;
        let mean_of = |f: &dyn Fn(&Breakdown) -> f64| per_r.iter().map(f).sum::<f64>() / n;
        let contact_s = per_r.first().map_or(0.0, Breakdown::contact_s);
        let mean = Breakdown {
            no_contact_s: 0.0,
            busy_s: mean_of(&|b| b.busy_s),
            acquisition_s: mean_of(&|b| b.acquisition_s),
            sun_s: mean_of(&|b| b.sun_s),
            cloud_s: mean_of(&|b| b.cloud_s),
            fade_s: mean_of(&|b| b.fade_s),
            up_s: mean_of(&|b| b.up_s),
            volume_bits: mean_of(&|b| b.volume_bits),
        };
        let availability = Spread::of(
            &per_r
                .iter()
                .map(Breakdown::availability)
                .filter(|x| x.is_finite())
                .collect::<Vec<_>>(),
        );
        PassStatistics {
            steps: range.len(),
            static_margin_db,
            elevation_rad,
            range_m,
            contact_s,
            mean,
            sun_excluded_fraction: ratio_or_nan(mean.sun_s, contact_s),
            cloud_free_fraction: ratio_or_nan(
                mean.fade_s + mean.up_s,
                mean.cloud_s + mean.fade_s + mean.up_s,
            ),
            fade_outage_given_clear: ratio_or_nan(mean.fade_s, mean.fade_s + mean.up_s),
            availability,
        }
    }
}

/// Every figure of a run: per link, station, network, pass, realization and over time.
#[derive(Debug, Clone)]
pub struct RunStatistics {
    /// Per link, in [`Scenario::links`] order (name "SATELLITE → STATION" or the reverse).
    pub links: Vec<AvailabilitySummary>,
    /// Per station (its links of the network direction), in scenario order.
    pub stations: Vec<AvailabilitySummary>,
    /// The whole network (site diversity), summed over satellites.
    pub network: AvailabilitySummary,
    /// The network against its best single station.
    pub diversity_gain: DiversityGain,
    /// Per pass, in [`Geometry::passes`] order.
    pub passes: Vec<PassStatistics>,
    /// Per station over time: per calendar month, per UTC day and on an even timeline.
    pub timeline: StationTimeline,
    /// The margin over each station's contact steps.
    pub margins: MarginDistribution,
    /// Availability of each station in each realization, `[station][realization]` (NaN
    /// without contact).
    pub station_realizations: Vec<Vec<f64>>,
    /// Availability of the network in each realization (NaN without contact).
    pub network_realizations: Vec<f64>,
    /// Per relay chain, in [`Scenario::chains`] order.
    pub chains: Vec<ChainSummary>,
}

impl RunStatistics {
    /// The figures of a run of `scenario` from its three stages.
    pub(crate) fn new(
        scenario: &Scenario,
        geometry: &Geometry,
        link_steps: &LinkSteps,
        schedule: &Schedule,
        realizations: &[Realization],
        chains: Option<&Chains>,
    ) -> RunStatistics {
        let all: Vec<usize> = (0..scenario.stations.len()).collect();
        let (stations, network) = network_summaries(scenario, geometry, realizations, &all);
        let days = scenario.duration_s() / 86_400.0;
        let mut passes_of_link = vec![0usize; scenario.links.len()];
        for &k in &geometry.pass_link {
            passes_of_link[k] += 1;
        }
        let links = (0..scenario.links.len())
            .map(|k| {
                let passes = passes_of_link[k];
                let samples: Vec<Breakdown> = realizations.iter().map(|r| r.links[k]).collect();
                AvailabilitySummary::new(
                    &scenario.link_name(k),
                    passes,
                    &samples,
                    scenario.duration_s(),
                    days,
                )
            })
            .collect();
        let passes = (0..geometry.passes.len())
            .map(|i| {
                let per_r: Vec<Breakdown> = realizations.iter().map(|r| r.passes[i]).collect();
                PassStatistics::new(
                    &geometry.steps,
                    &link_steps.steps,
                    geometry.pass_steps[i].clone(),
                    &per_r,
                )
            })
            .collect();
        let station_realizations = (0..scenario.stations.len())
            .map(|j| {
                realizations
                    .iter()
                    .map(|r| r.stations[j].availability())
                    .collect()
            })
            .collect();
        // Two independent passes over the steps (each deterministic): side by side.
        let (timeline, margins) = rayon::join(
            || StationTimeline::new(scenario, geometry, link_steps, schedule, realizations),
            || MarginDistribution::new(scenario, geometry, link_steps, schedule),
        );
        RunStatistics {
            links,
            diversity_gain: DiversityGain::new(&stations, &network),
            stations,
            network,
            passes,
            timeline,
            margins,
            station_realizations,
            network_realizations: realizations
                .iter()
                .map(|r| r.network.availability())
                .collect(),
            chains: chains.map_or_else(Vec::new, |c| chain_summaries(scenario, c, realizations)),
        }
    }
}

/// The summaries of the stations `stations` (indices into the scenario's) and of their
/// network, from the realizations of a weather stage over those stations.
pub(crate) fn network_summaries(
    scenario: &Scenario,
    geometry: &Geometry,
    realizations: &[Realization],
    stations: &[usize],
) -> (Vec<AvailabilitySummary>, AvailabilitySummary) {
    let days = scenario.duration_s() / 86_400.0;
    let span = scenario.duration_s() * scenario.satellites.len() as f64;
    let network_station = network_stations(scenario);
    let passes_of = |j: usize| {
        geometry
            .pass_link
            .iter()
            .filter(|&&k| network_station[k] == Some(j))
            .count()
    };
    let summaries = stations
        .iter()
        .map(|&j| {
            let samples: Vec<Breakdown> = realizations.iter().map(|r| r.stations[j]).collect();
            AvailabilitySummary::new(
                &scenario.stations[j].station.name,
                passes_of(j),
                &samples,
                span,
                days,
            )
        })
        .collect();
    let network: Vec<Breakdown> = realizations.iter().map(|r| r.network).collect();
    let passes = stations.iter().map(|&j| passes_of(j)).sum();
    let network = AvailabilitySummary::new("network", passes, &network, span, days);
    (summaries, network)
}

/// The summaries of the relay chains from their times and the sources' direct service (the
/// network of the weather stage, for the source alone) in each realization.
fn chain_summaries(
    scenario: &Scenario,
    chains: &Chains,
    realizations: &[Realization],
) -> Vec<ChainSummary> {
    let days = scenario.duration_s() / 86_400.0;
    (0..scenario.chains.len())
        .map(|c| {
            let chain = &scenario.chains[c];
            let times: Vec<ChainTime> = realizations.iter().map(|r| r.chains[c]).collect();
            let availability: Vec<f64> = times
                .iter()
                .map(|t| ratio_or_nan(t.up_s, t.contact_s))
                .collect();
            let volume: Vec<f64> = times.iter().map(|t| t.volume_bits / days).collect();
            let direct_volume: Vec<f64> = realizations
                .iter()
                .map(|r| r.direct[c].volume_bits / days)
                .collect();
            let source = &scenario.satellites[chain.source];
            ChainSummary {
                name: scenario.chain_name(c),
                source: source.satellite.name.clone(),
                relay: scenario.satellites[chain.relay].satellite.name.clone(),
                feeder: chain.feeder.name().to_string(),
                crosslink_windows: chains.windows[c],
                crosslink_s: chains.crosslink_s[c],
                // The schedule, hence the feeder's contact, is the same in every realization.
                contact_s: times.first().map_or(0.0, |t| t.contact_s),
                availability: Spread::of(&availability),
                daily_volume_bits: Spread::of(&volume),
                direct_to_ground: source.terminal.is_some(),
                direct_contact_s: realizations
                    .first()
                    .map_or(0.0, |r| r.direct[c].contact_s()),
                direct_daily_volume_bits: Spread::of(&direct_volume),
            }
        })
        .collect()
}
