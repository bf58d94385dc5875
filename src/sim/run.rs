//! A whole run: the three engine stages of a scenario in order, then its statistics.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::chains::Chains;
use super::engine::{Geometry, LinkSteps};
use super::progress::Progress;
use super::schedule::Schedule;
use super::statistics::RunStatistics;
use super::weather::{Realization, Weather};
use crate::crosslinks::{crosslink_passes, CrosslinkPasses};
use crate::error::Result;
use crate::scenario::{RunEstimate, Scenario};

/// Everything a run produces (before formatting).
#[derive(Debug, Clone)]
pub struct RunOutput {
    /// Passes and step geometry.
    pub geometry: Geometry,
    /// Per-step link statistics.
    pub links: LinkSteps,
    /// What each station's telescopes track at each step.
    pub schedule: Schedule,
    /// Every weather realization, in index order.
    pub realizations: Vec<Realization>,
    /// The figures per link, station, network, pass, month and realization.
    pub statistics: RunStatistics,
    /// The windows of the scenario's crosslinks, with their samples (empty without
    /// `[[crosslinks]]`).
    pub crosslinks: CrosslinkPasses,
    /// Wall-clock seconds per stage (of a merged run: summed over its shards, plus the
    /// merge's weather stage and outputs).
    pub timings: Timings,
    /// Of a run merged from shards (`--shard`): each shard's seconds, in shard order;
    /// empty otherwise.
    pub shards: Vec<Timings>,
}

/// Where the time went, s (wall clock per stage; CPU seconds summed over threads where noted).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
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
    run_within(scenario, None, progress)
}

/// [`run`], refused after the pass search, before the per-step arrays are allocated, when the
/// memory of the run with the link steps of the passes found exceeds `max_memory_gib` GiB
/// ([`Scenario::estimate_with_link_steps`]; the up-front [`Scenario::estimate`] assumes
/// contact all the time, which a low orbit is far from).
pub fn run_within(
    scenario: &Scenario,
    max_memory_gib: Option<f64>,
    progress: &dyn Progress,
) -> Result<RunOutput> {
    let check = |steps: f64| within(max_memory_gib, scenario.estimate_with_link_steps(steps));
    let part = part_within(scenario, 0..scenario.satellites.len(), &check, progress)?;
    finish(scenario, part, progress)
}

/// The first two stages (geometry and link statistics) of the links of some satellites: the
/// part of a run that grows with the satellites, shards of a run compute one each
/// (`--shard`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RunPart {
    /// The satellites (indices into [`Scenario::satellites`]) whose links this part holds.
    pub satellites: Range<usize>,
    /// Their passes and step geometry.
    pub geometry: Geometry,
    /// Their per-step link statistics.
    pub links: LinkSteps,
    /// Seconds of the two stages (`clouds_s`, `output_s` zero; `total_s` their sum).
    pub timings: Timings,
}

/// The geometry and link stages of the links of `satellites`; `progress` counts link steps.
/// With `max_memory_gib`, refused after the pass search when the two stages would need more
/// ([`Scenario::estimate_part_with_link_steps`]).
pub fn run_part(
    scenario: &Scenario,
    satellites: Range<usize>,
    max_memory_gib: Option<f64>,
    progress: &dyn Progress,
) -> Result<RunPart> {
    let check = |steps: f64| {
        within(
            max_memory_gib,
            scenario.estimate_part_with_link_steps(steps),
        )
    };
    part_within(scenario, satellites, &check, progress)
}

/// Refuses `estimate` above `max_memory_gib` GiB (none: no limit).
fn within(max_memory_gib: Option<f64>, estimate: RunEstimate) -> Result<()> {
    match max_memory_gib {
        Some(gib) => estimate.check(gib, "--max-memory-gb"),
        None => Ok(()),
    }
}

fn part_within(
    scenario: &Scenario,
    satellites: Range<usize>,
    check: &dyn Fn(f64) -> Result<()>,
    progress: &dyn Progress,
) -> Result<RunPart> {
    let t0 = Instant::now();
    let geometry = Geometry::compute_within(scenario, satellites.clone(), check)?;
    let t1 = Instant::now();
    progress.set_length(geometry.steps.len() as u64);
    let links = LinkSteps::compute(scenario, &geometry, progress)?;
    let t2 = Instant::now();
    let timings = Timings {
        passes_s: geometry.pass_search_s,
        propagation_cpu_s: geometry.propagation_cpu_s,
        geometry_s: (t1 - t0).as_secs_f64(),
        budget_cpu_s: links.budget_cpu_s,
        fading_cpu_s: links.fading_cpu_s,
        links_s: (t2 - t1).as_secs_f64(),
        clouds_s: 0.0,
        output_s: 0.0,
        total_s: (t2 - t0).as_secs_f64(),
    };
    Ok(RunPart {
        satellites,
        geometry,
        links,
        timings,
    })
}

impl RunPart {
    /// Appends the part of the satellites that follow this part's: the two are then the part
    /// of the satellites of both, as [`run_part`] of them would have computed it (timings
    /// aside: they add up). Errors when `next` does not start where this part ends.
    pub fn append(&mut self, next: RunPart) -> Result<()> {
        if next.satellites.start != self.satellites.end {
            return Err(crate::Error::invalid(
                "run part",
                format!(
                    "satellites {:?} after {:?}",
                    next.satellites, self.satellites
                ),
                format!("the part that starts at satellite {}", self.satellites.end),
            ));
        }
        self.satellites.end = next.satellites.end;
        self.geometry.append(next.geometry);
        self.links.append(next.links);
        self.timings.add(&next.timings);
        Ok(())
    }
}

/// The weather stage and the statistics of the geometry and link stages of every satellite;
/// `progress` is told the stage ("weather: 12/32 realizations") as realizations complete.
pub fn finish(scenario: &Scenario, part: RunPart, progress: &dyn Progress) -> Result<RunOutput> {
    if part.satellites != (0..scenario.satellites.len()) {
        return Err(crate::Error::invalid(
            "run part",
            format!("satellites {:?}", part.satellites),
            format!(
                "every satellite of the scenario, 0..{}",
                scenario.satellites.len()
            ),
        ));
    }
    let t0 = Instant::now();
    let RunPart {
        geometry,
        links,
        mut timings,
        ..
    } = part;
    let schedule = Schedule::new(scenario, &geometry);
    if !scenario.crosslinks.is_empty() {
        progress.set_stage("crosslinks");
    }
    let crosslinks = crosslink_passes(scenario)?;
    let chains = (!scenario.chains.is_empty()).then(|| Chains::new(scenario, &crosslinks));
    let mut weather = Weather::new(scenario, &geometry, &links, &schedule)?;
    if let Some(chains) = &chains {
        weather = weather.with_chains(chains);
    }
    let total = scenario.weather_realizations;
    let done = AtomicU64::new(0);
    progress.set_stage(&format!("weather: 0/{total} realizations"));
    let realizations = (0..total)
        .into_par_iter()
        .map(|r| {
            let realization = weather.realize(r);
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress.set_stage(&format!("weather: {n}/{total} realizations"));
            realization
        })
        .collect::<Result<Vec<_>>>()?;
    progress.set_stage("statistics");
    let statistics = RunStatistics::new(
        scenario,
        &geometry,
        &links,
        &schedule,
        &realizations,
        chains.as_ref(),
    );
    timings.clouds_s = t0.elapsed().as_secs_f64();
    timings.total_s += timings.clouds_s;
    Ok(RunOutput {
        geometry,
        links,
        schedule,
        realizations,
        statistics,
        crosslinks,
        timings,
        shards: Vec::new(),
    })
}

impl Timings {
    /// Adds `other`'s seconds to these, stage by stage.
    pub fn add(&mut self, other: &Timings) {
        self.passes_s += other.passes_s;
        self.propagation_cpu_s += other.propagation_cpu_s;
        self.geometry_s += other.geometry_s;
        self.budget_cpu_s += other.budget_cpu_s;
        self.fading_cpu_s += other.fading_cpu_s;
        self.links_s += other.links_s;
        self.clouds_s += other.clouds_s;
        self.output_s += other.output_s;
        self.total_s += other.total_s;
    }
}
