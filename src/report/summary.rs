//! The run summary: per-station and network availability, the per-cause breakdown, data
//! volume, their spread over weather realizations, and per-pass statistics.

use serde::Serialize;

use crate::link::{Direction, FadingModel};
use crate::scenario::Scenario;
use crate::sim::{Breakdown, RunOutput, Spread, Timings};
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
    /// "downlink" or "uplink".
    pub direction: &'static str,
    /// Fading model.
    pub fading: &'static str,
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
            direction: direction_name(scenario.direction),
            fading: fading_name(scenario.fading),
        }
    }
}

/// What `summary.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Scenario, seed and sizes (flattened into the top level of the JSON).
    #[serde(flatten)]
    pub header: RunHeader,
    /// Whether clouds were simulated.
    pub clouds: bool,
    /// Number of satellites.
    pub satellites: usize,
    /// Per station.
    pub stations: Vec<AvailabilitySummary>,
    /// The whole network (site diversity), summed over satellites.
    pub network: AvailabilitySummary,
    /// Where the time went.
    pub timings_s: Timings,
}

/// Availability of a station or of the network.
#[derive(Debug, Clone, Serialize)]
pub struct AvailabilitySummary {
    /// Station name, or "network".
    pub name: String,
    /// Number of passes (for the network: of all stations).
    pub passes: usize,
    /// Geometric contact time, s (satellite above the threshold; the network counts each
    /// satellite once per step).
    pub contact_s: f64,
    /// Link up time / contact time, over weather realizations.
    pub availability: Spread,
    /// Link up time / span (per satellite), over weather realizations.
    pub availability_of_span: Spread,
    /// Cloud-free fraction of the Sun-usable contact time (mean over realizations).
    pub cloud_free_fraction: f64,
    /// Fade-outage probability given clear sky (mean over realizations).
    pub fade_outage_given_clear: f64,
    /// Mean time budget over realizations, s (no contact, Sun, cloud, fade, up, volume).
    pub breakdown: Breakdown,
    /// Data volume per day, bit, over weather realizations.
    pub daily_volume_bits: Spread,
}

impl Summary {
    /// The summary of a run.
    pub fn new(scenario: &Scenario, run: &RunOutput) -> Summary {
        let days = scenario.duration_s() / 86_400.0;
        let span = scenario.duration_s() * scenario.satellites.len() as f64;
        let per_station: Vec<AvailabilitySummary> = scenario
            .stations
            .iter()
            .enumerate()
            .map(|(j, s)| {
                let passes = run
                    .geometry
                    .passes
                    .iter()
                    .filter(|p| p.station_index == j)
                    .count();
                let samples: Vec<Breakdown> =
                    run.realizations.iter().map(|r| r.stations[j]).collect();
                availability(&s.station.name, passes, &samples, span, days)
            })
            .collect();
        let network: Vec<Breakdown> = run.realizations.iter().map(|r| r.network).collect();
        Summary {
            header: RunHeader::of(scenario),
            clouds: scenario.clouds.is_some(),
            satellites: scenario.satellites.len(),
            stations: per_station,
            network: availability("network", run.geometry.passes.len(), &network, span, days),
            timings_s: run.timings,
        }
    }
}

/// The availability summary of one station (or the network) from its per-realization
/// breakdowns; `span_s` is the span times the number of satellites.
pub fn availability(
    name: &str,
    passes: usize,
    samples: &[Breakdown],
    span_s: f64,
    days: f64,
) -> AvailabilitySummary {
    let ratio = |num: f64, den: f64| if den > 0.0 { num / den } else { 0.0 };
    let contact_s = samples.first().map_or(0.0, Breakdown::contact_s);
    let availability: Vec<f64> = samples
        .iter()
        .map(|b| ratio(b.up_s, b.contact_s()))
        .collect();
    let of_span: Vec<f64> = samples.iter().map(|b| ratio(b.up_s, span_s)).collect();
    let volume: Vec<f64> = samples.iter().map(|b| b.volume_bits / days).collect();
    let n = samples.len().max(1) as f64;
    let mean = samples.iter().fold(Breakdown::default(), |mut acc, b| {
        acc.no_contact_s += b.no_contact_s / n;
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
        cloud_free_fraction: ratio(mean.fade_s + mean.up_s, mean.contact_s() - mean.sun_s),
        fade_outage_given_clear: ratio(mean.fade_s, mean.fade_s + mean.up_s),
        breakdown: mean,
        daily_volume_bits: Spread::of(&volume),
    }
}

/// "downlink" or "uplink".
pub fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::Downlink => "downlink",
        Direction::Uplink => "uplink",
    }
}

/// The scenario spelling of a fading model.
pub fn fading_name(model: FadingModel) -> &'static str {
    match model {
        FadingModel::None => "none",
        FadingModel::LogNormal => "lognormal",
        FadingModel::GammaGamma => "gamma-gamma",
    }
}
