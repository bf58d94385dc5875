//! `summary.json`: the run header and the per-station and network figures that
//! [`crate::sim::RunStatistics`] computed, as one serializable document.

use serde::Serialize;

use crate::scenario::Scenario;
use crate::sim::{
    AvailabilitySummary, ChainSummary, DiversityGain, RunOutput, SkippedSatellite, StationSchedule,
    Timings,
};
use crate::time::format_unix_ms;

/// What identifies a run in its outputs: the scenario, the seed and the Monte Carlo sizes
/// (the head of `summary.json` and of `sweep.json`).
#[derive(Debug, Clone, Serialize)]
pub struct RunHeader {
    /// Version of oslink that produced it.
    pub oslink_version: String,
    /// Scenario name.
    pub scenario: String,
    /// Scenario file (or the built-in default).
    pub source: String,
    /// Master seed.
    pub seed: u64,
    /// Turbulence × pointing draws per step.
    pub samples: u64,
    /// Number of weather realizations.
    pub weather_realizations: u64,
    /// Span start, ISO UTC.
    pub start: String,
    /// Span end, ISO UTC.
    pub end: String,
    /// Sampling step inside passes, s.
    pub step_s: f64,
    /// The directions of the links: "downlink", "uplink" or "downlink+uplink".
    pub direction: String,
    /// Fading model.
    pub fading: String,
}

impl RunHeader {
    /// The header of a scenario's outputs.
    pub fn of(scenario: &Scenario) -> RunHeader {
        RunHeader {
            oslink_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: scenario.name.clone(),
            source: scenario.source.clone(),
            seed: scenario.seed,
            samples: scenario.fading_samples,
            weather_realizations: scenario.weather_realizations,
            start: format_unix_ms(scenario.start_unix_s),
            end: format_unix_ms(scenario.end_unix_s),
            step_s: scenario.step_s,
            direction: directions_label(scenario),
            fading: scenario.fading.to_string(),
        }
    }
}

/// What `summary.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Scenario, seed and sizes (flattened into the top level of the JSON).
    #[serde(flatten)]
    pub header: RunHeader,
    /// The scenario as TOML (the file's text), so that the summary stands on its own.
    pub scenario_toml: String,
    /// Whether clouds were simulated.
    pub clouds: bool,
    /// Number of satellites.
    pub satellites: usize,
    /// Satellites left out because SGP4 could not propagate them over the span
    /// (`on_propagation_error = "skip"`).
    pub skipped_satellites: Vec<SkippedSatellite>,
    /// Per station.
    pub stations: Vec<AvailabilitySummary>,
    /// The whole network (site diversity), summed over satellites.
    pub network: AvailabilitySummary,
    /// The network against its best single station.
    pub diversity_gain: DiversityGain,
    /// Per station: its telescopes, their scheduling policy and what the schedule did.
    pub telescopes: Vec<StationTelescopes>,
    /// Per relay chain (`[[relays]]`): contact, availability, delivered volume and the
    /// source's direct-to-ground volume beside it (absent without relays).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chains: Vec<ChainSummary>,
    /// Where the time went (of a run merged from shards: summed over the shards, plus the
    /// merge).
    pub timings_s: Timings,
    /// Of a run merged from shards: each shard's timings, in shard order (absent otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shard_timings_s: Vec<Timings>,
}

impl Summary {
    /// The summary of a run (its timings as they stand in `run`).
    pub fn new(scenario: &Scenario, run: &RunOutput) -> Summary {
        Summary {
            header: RunHeader::of(scenario),
            scenario_toml: scenario.text.clone(),
            clouds: scenario.clouds.is_some(),
            satellites: scenario.satellites.len(),
            skipped_satellites: run.geometry.skipped.clone(),
            stations: run.statistics.stations.clone(),
            network: run.statistics.network.clone(),
            diversity_gain: run.statistics.diversity_gain.clone(),
            telescopes: StationTelescopes::of(scenario, run),
            chains: run.statistics.chains.clone(),
            timings_s: run.timings,
            shard_timings_s: run.shards.clone(),
        }
    }
}

/// The directions of a scenario's links as one label: "downlink", "uplink" or
/// "downlink+uplink".
pub(crate) fn directions_label(scenario: &Scenario) -> String {
    let names: Vec<&str> = scenario.directions().iter().map(|d| d.name()).collect();
    names.join("+")
}

/// A station's telescopes and what their schedule did (`summary.json`, the report).
#[derive(Debug, Clone, Serialize)]
pub struct StationTelescopes {
    /// Station name.
    pub station: String,
    /// Number of telescopes.
    pub telescopes: usize,
    /// `highest_elevation`, `longest_remaining` or `priority`.
    pub scheduling: String,
    /// With `priority`: the satellites in priority order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub priority: Vec<String>,
    /// Slew rate, degrees/s (absent: instant slew).
    pub slew_rate_deg_s: Option<f64>,
    /// Acquisition time at the start of every track, s.
    pub acquisition_s: f64,
    /// What the schedule did over the span.
    #[serde(flatten)]
    pub schedule: StationSchedule,
    /// The policy in words, e.g. "1 telescope, highest elevation, instant slew,
    /// acquisition 0 s".
    pub description: String,
}

impl StationTelescopes {
    /// Every station's, in scenario order.
    pub fn of(scenario: &Scenario, run: &RunOutput) -> Vec<StationTelescopes> {
        scenario
            .stations
            .iter()
            .zip(&run.schedule.stations)
            .map(|(st, schedule)| {
                let t = &st.telescopes;
                let priority = match &t.policy {
                    crate::ground::SchedulingPolicy::Priority(order) => order
                        .iter()
                        .map(|&i| scenario.satellites[i].satellite.name.clone())
                        .collect(),
                    _ => Vec::new(),
                };
                StationTelescopes {
                    station: st.station.name.clone(),
                    telescopes: t.count,
                    scheduling: t.policy.keyword().to_string(),
                    priority,
                    slew_rate_deg_s: t.slew_rate_rad_s.map(f64::to_degrees),
                    acquisition_s: t.acquisition_s,
                    schedule: *schedule,
                    description: t.describe(),
                }
            })
            .collect()
    }
}
