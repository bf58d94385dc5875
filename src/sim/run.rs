//! A whole run: the three engine stages of a scenario in order, then its statistics.

use std::time::Instant;

use rayon::prelude::*;

use super::engine::{Geometry, LinkSteps, Realization, Weather};
use super::progress::Progress;
use super::statistics::RunStatistics;
use crate::error::Result;
use crate::scenario::Scenario;

/// Everything a run produces (before formatting).
#[derive(Debug, Clone)]
pub struct RunOutput {
    /// Passes and step geometry.
    pub geometry: Geometry,
    /// Per-step link statistics.
    pub links: LinkSteps,
    /// Every weather realization, in index order.
    pub realizations: Vec<Realization>,
    /// The figures per link, station, network, pass, month and realization.
    pub statistics: RunStatistics,
    /// Wall-clock seconds per stage.
    pub timings: Timings,
}

/// Where the time went, s (wall clock per stage; CPU seconds summed over threads where noted).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Timings {
    /// Pass search (wall).
    pub passes_s: f64,
    /// Propagation and frames of the pass steps (CPU, summed over threads).
    pub propagation_cpu_s: f64,
    /// Geometry stage (wall): pass search + step propagation.
    pub geometry_s: f64,
    /// Static budget (CPU, summed over threads).
    pub budget_cpu_s: f64,
    /// Fading draws and percentiles (CPU, summed over threads).
    pub fading_cpu_s: f64,
    /// Link stage (wall): budget + fading.
    pub links_s: f64,
    /// Cloud timelines and their combination with the link statistics (wall).
    pub clouds_s: f64,
    /// Writing outputs (wall; filled in by the caller).
    pub output_s: f64,
    /// Whole run (wall; filled in by the caller).
    pub total_s: f64,
}

/// Runs the three stages of a scenario; `progress` counts link steps.
pub fn run(scenario: &Scenario, progress: &dyn Progress) -> Result<RunOutput> {
    let t0 = Instant::now();
    let geometry = Geometry::compute(scenario)?;
    let t1 = Instant::now();
    progress.set_length(geometry.steps.len() as u64);
    let links = LinkSteps::compute(scenario, &geometry, progress)?;
    let t2 = Instant::now();
    let weather = Weather::new(scenario, &geometry, &links)?;
    let realizations = (0..scenario.weather_realizations)
        .into_par_iter()
        .map(|r| weather.realize(r))
        .collect::<Result<Vec<_>>>()?;
    let statistics = RunStatistics::new(scenario, &geometry, &links, &realizations);
    let t3 = Instant::now();
    let timings = Timings {
        passes_s: geometry.pass_search_s,
        propagation_cpu_s: geometry.propagation_cpu_s,
        geometry_s: (t1 - t0).as_secs_f64(),
        budget_cpu_s: links.budget_cpu_s,
        fading_cpu_s: links.fading_cpu_s,
        links_s: (t2 - t1).as_secs_f64(),
        clouds_s: (t3 - t2).as_secs_f64(),
        output_s: 0.0,
        total_s: (t3 - t0).as_secs_f64(),
    };
    Ok(RunOutput {
        geometry,
        links,
        realizations,
        statistics,
        timings,
    })
}
