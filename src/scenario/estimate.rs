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
/// the weather stage's per-step scratch), an upper bound.
const BYTES_PER_LINK_STEP: f64 = 192.0;
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
                "at most {flag} = {max_gib} GiB; the estimate (an upper bound) is {} \
                 grid steps (time span / time.step_s) × {} links (satellites × stations) \
                 = {:.3e} link steps ({:.1} GiB), × montecarlo.weather_realizations for the \
                 weather stage ({:.1} GiB); the outputs would take {:.1} GiB of disk: shorten \
                 the span, raise time.step_s, lower montecarlo.weather_realizations or the \
                 links, or raise {flag}",
                self.grid_steps,
                self.links,
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
        let links = self.links.len();
        let link_steps = grid_steps * links as f64;
        let realizations = self.weather_realizations as f64;
        let weather_cells = realizations * link_steps;
        let cloud_points = self.clouds.map_or(0.0, |c| {
            (self.duration_s() / c.step_s + 1.0) * self.stations.len() as f64
        });
        // The timelines are drawn by the worker threads, a few at a time: count one per
        // realization, bounded by the cores' worth.
        let cloud_bytes = cloud_points * BYTES_PER_CLOUD_POINT * realizations.min(256.0);
        RunEstimate {
            grid_steps,
            links,
            link_steps,
            step_bytes: link_steps * BYTES_PER_LINK_STEP,
            weather_cells,
            weather_bytes: weather_cells * BYTES_PER_REALIZATION_STEP + cloud_bytes,
            output_bytes: link_steps * OUTPUT_BYTES_PER_LINK_STEP,
        }
    }
}
