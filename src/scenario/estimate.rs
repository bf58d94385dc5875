//! What a run of a scenario would cost before it starts: the grid steps, the bytes of the
//! per-step arrays and of the weather stage (memory), and of the outputs (disk: timeseries.csv
//! is streamed to its file), from the scenario alone (no pass search). `oslink run`, `sweep`
//! and `validate` check the memory against a limit.
//!
//! The steps inside passes are bounded above by (span / step + 1) × links: a geostationary
//! link is in contact all the time and reaches the bound, a low orbit is in contact a few
//! percent of the time and stays far below it. Every figure is therefore an upper bound.

use super::Scenario;
use crate::error::{Error, Result};

/// Bytes of one link step in the geometry and link stages (step geometry, link statistics,
/// the weather stage's per-step scratch), an upper bound, and of the telescope schedule.
const BYTES_PER_LINK_STEP: f64 = 192.0 + SCHEDULE_BYTES_PER_LINK_STEP;
/// Bytes of one grid step of a relay chain: its crosslink sample (72), its chain step (40)
/// and its entry in the weather stage's walk (24), rounded up.
const BYTES_PER_CHAIN_STEP: f64 = 160.0;
/// Bytes of one link step in the telescope schedule (its tracking state and the sort key of
/// its computation; a test in `sim::schedule` holds the engine to it).
pub(crate) const SCHEDULE_BYTES_PER_LINK_STEP: f64 = 40.0;
/// Bytes of one link step kept by each weather realization (its cloud-free flag).
const BYTES_PER_REALIZATION_STEP: f64 = 1.0;
/// Bytes of one timeseries.csv row (one link step), an upper bound.
const OUTPUT_BYTES_PER_LINK_STEP: f64 = 256.0;
/// Bytes of one cloud grid point per station per weather realization being drawn.
const BYTES_PER_CLOUD_POINT: f64 = 1.0 / 8.0;

/// The default memory limit of `oslink run` and `sweep`, GiB (`--max-memory-gb`).
pub const DEFAULT_MAX_MEMORY_GIB: f64 = 16.0;

/// An upper bound of what one run of a scenario allocates ([`Scenario::estimate`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunEstimate {
    /// Points of the time grid over the span (span / `time.step_s` + 1).
    pub grid_steps: f64,
    /// Number of links (satellites × stations, by their equipment).
    pub links: usize,
    /// Upper bound of the link steps inside passes: grid steps × links.
    pub link_steps: f64,
    /// Bytes of the per-step arrays of the geometry and link stages.
    pub step_bytes: f64,
    /// Weather realizations × link steps: the cells of the weather stage.
    pub weather_cells: f64,
    /// Bytes kept by the weather stage (every realization's per-step flags and the cloud
    /// timelines being drawn).
    pub weather_bytes: f64,
    /// Bytes of the output files on disk (timeseries.csv dominates; it is streamed, so it is
    /// not part of the memory).
    pub output_bytes: f64,
    /// The link steps are those of the passes found (exact), not the upper bound.
    pub from_passes: bool,
}

impl RunEstimate {
    /// The memory: per-step arrays and weather stage, bytes.
    pub fn total_bytes(&self) -> f64 {
        self.step_bytes + self.weather_bytes
    }

    /// Refuses a run whose estimate exceeds `max_gib` GiB; `flag` names the limit's flag. The
    /// error gives the estimate and the keys that drive it.
    pub fn check(&self, max_gib: f64, flag: &str) -> Result<()> {
        if self.total_bytes() <= max_gib * GIB {
            return Ok(());
        }
        Err(Error::invalid(
            "memory estimate",
            format!("{:.1} GiB", self.total_bytes() / GIB),
            format!(
                "at most {flag} = {max_gib} GiB; {} {:.3e} link steps ({:.1} GiB), \
                 × montecarlo.weather_realizations for the weather stage ({:.1} GiB); the \
                 outputs would take {:.1} GiB of disk: shorten the span, raise time.step_s, \
                 lower montecarlo.weather_realizations or the links, shard the run \
                 (--shard K/N), or raise {flag}",
                if self.from_passes {
                    format!("the passes of its {} links hold", self.links)
                } else {
                    format!(
                        "the estimate (an upper bound) is {} grid steps (time span / \
                         time.step_s) × {} links (satellites × stations) =",
                        self.grid_steps, self.links
                    )
                },
                self.link_steps,
                self.step_bytes / GIB,
                self.weather_bytes / GIB,
                self.output_bytes / GIB,
            ),
        ))
    }

    /// One line for `oslink validate`: the steps and the memory, said to be an upper bound.
    pub fn line(&self) -> String {
        format!(
            "estimate  ≤ {:.3e} link steps ({} grid steps × {} links), memory ≤ {:.2} GiB \
             (steps {:.2}, weather {:.2}; upper bound), outputs ≤ {:.2} GiB on disk",
            self.link_steps,
            self.grid_steps,
            self.links,
            self.total_bytes() / GIB,
            self.step_bytes / GIB,
            self.weather_bytes / GIB,
            self.output_bytes / GIB,
        )
    }
}

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

impl Scenario {
    /// An upper bound of the steps and bytes of one run, from the scenario alone.
    pub fn estimate(&self) -> RunEstimate {
        let grid_steps = (self.duration_s() / self.step_s).round() + 1.0;
        RunEstimate {
            from_passes: false,
            ..self.estimate_with_link_steps(grid_steps * self.links.len() as f64)
        }
    }

    /// What one run allocates when its link steps are known to be `link_steps` (the merge of
    /// a sharded run knows them from its shards).
    pub fn estimate_with_link_steps(&self, link_steps: f64) -> RunEstimate {
        let grid_steps = (self.duration_s() / self.step_s).round() + 1.0;
        let links = self.links.len();
        let realizations = self.weather_realizations as f64;
        let weather_cells = realizations * link_steps;
        let cloud_points = self.clouds.map_or(0.0, |c| {
            (self.duration_s() / c.step_s + 1.0) * self.stations.len() as f64
        });
        // The timelines are drawn by the worker threads, a few at a time: count one per
        // realization, bounded by the cores' worth.
        let cloud_bytes = cloud_points * BYTES_PER_CLOUD_POINT * realizations.min(256.0);
        // Every relay chain may carry data at every grid step: its crosslink samples, its
        // steps and their place in the weather stage.
        let chain_bytes = self.chains.len() as f64 * grid_steps * BYTES_PER_CHAIN_STEP;
        RunEstimate {
            grid_steps,
            links,
            link_steps,
            step_bytes: link_steps * BYTES_PER_LINK_STEP + chain_bytes,
            weather_cells,
            weather_bytes: weather_cells * BYTES_PER_REALIZATION_STEP + cloud_bytes,
            output_bytes: link_steps * OUTPUT_BYTES_PER_LINK_STEP,
            from_passes: true,
        }
    }

    /// An upper bound of what the geometry and link stages of the links of `satellites`
    /// allocate (a shard of a run: no weather stage; its results go to disk).
    pub fn estimate_satellites(&self, satellites: std::ops::Range<usize>) -> RunEstimate {
        let grid_steps = (self.duration_s() / self.step_s).round() + 1.0;
        let links = self
            .links
            .iter()
            .filter_map(|l| l.ground_space())
            .filter(|(i, _, _)| satellites.contains(i))
            .count();
        RunEstimate {
            from_passes: false,
            links,
            ..self.estimate_part_with_link_steps(grid_steps * links as f64)
        }
    }

    /// What the geometry and link stages allocate for `link_steps` link steps (found by the
    /// pass search), without the weather stage.
    pub fn estimate_part_with_link_steps(&self, link_steps: f64) -> RunEstimate {
        RunEstimate {
            weather_cells: 0.0,
            weather_bytes: 0.0,
            output_bytes: link_steps * BYTES_PER_LINK_STEP,
            ..self.estimate_with_link_steps(link_steps)
        }
    }
}

/// Work units of one link step beside its fading draws: the static budget, the step's
/// propagation and its share of the weather stage (a draw is one unit; a budget costs a few
/// tens of draws on this machine).
const WORK_PER_LINK_STEP: f64 = 50.0;
/// Work units of the pass search per station and orbital revolution of a satellite (the
/// coarse scan and the root finding of about one pass).
const WORK_PER_SEARCH_ORBIT: f64 = 2_000.0;

impl Scenario {
    /// The relative work of the geometry and link stages of satellite `satellite`'s links (in
    /// fading draws), to balance the shards of a run (`--shard`); not a time.
    ///
    /// Each link is in contact for about the fraction of the sphere its station sees the
    /// satellite from, `(1 − cos λ)/2` with the Earth central angle of the visibility circle
    /// `λ = 90° − ε − η = arccos(R·cos ε / a) − ε`, with the nadir angle `sin η = (R/a)·cos ε`
    /// (Wertz & Larson, *Space Mission Analysis and Design*, 3rd ed., §5.2): a ground track
    /// spreads over the sphere in the long run. A contact step costs its fading draws plus 50 (its
    /// budget, propagation and weather share); the pass search costs 2000 per station and
    /// revolution.
    pub fn satellite_work(&self, satellite: usize) -> f64 {
        let Some(entry) = self.satellites.get(satellite) else {
            return 0.0;
        };
        let elements = &entry.satellite.elements;
        let ae_m = sgp4::WGS72.ae * 1e3;
        let n_rad_min = elements.mean_motion * std::f64::consts::TAU / 1440.0;
        let a_m = (sgp4::WGS72.ke / n_rad_min).powf(2.0 / 3.0) * ae_m;
        let grid_steps = (self.duration_s() / self.step_s).round() + 1.0;
        let per_step = self.fading_samples as f64 + WORK_PER_LINK_STEP;
        let contact: f64 = self
            .links
            .iter()
            .filter_map(|l| l.ground_space())
            .filter(|&(i, _, _)| i == satellite)
            .map(|(_, j, _)| {
                let e = self.stations[j].station.min_elevation_rad;
                let lambda = ((ae_m * e.cos() / a_m).clamp(-1.0, 1.0)).acos() - e;
                0.5 * (1.0 - lambda.max(0.0).cos())
            })
            .sum();
        let revolutions = self.duration_s() * elements.mean_motion / 86_400.0;
        let search = revolutions * self.stations.len() as f64 * WORK_PER_SEARCH_ORBIT;
        let work = contact * grid_steps * per_step + search;
        if work.is_finite() {
            work.max(1.0)
        } else {
            1.0
        }
    }

    /// The relative work of a whole run (the sum of [`Scenario::satellite_work`]), to balance
    /// the shards of a sweep.
    pub fn work(&self) -> f64 {
        (0..self.satellites.len())
            .map(|i| self.satellite_work(i))
            .sum()
    }
}
