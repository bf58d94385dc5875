//! Parameter sweeps (`oslink sweep`): a grid of scenario variants run with common random
//! numbers and shared stages.
//!
//! **Grid.** Axes come from the scenario's `[sweep]` table (dotted keys → lists of values) and
//! from `--set KEY=V1,V2,...` (the command line wins for the same key); the cartesian product
//! is run with the last axis varying fastest (`cartesian`). Every point's scenario is built
//! and validated before anything runs ([`SweepPlan::new`]). Keys follow
//! the scenario overrides (`--set`); two more select station subsets: `stations` (lists of
//! names) and `stations.choose` (subset sizes k → every k-subset, `choose`).
//!
//! **Common random numbers.** Every point keeps the seed, so differences between points are
//! effects, not noise: the fade draws of step k of pair (satellite i, station j) are keyed
//! (seed, FADING, i, j, k) with j the station's index in the full scenario, and the cloud
//! timelines are drawn for the full station set and evaluated on a subset
//! (`sim::Weather::for_stations`). A station-subset point is therefore the same weather
//! seen by fewer stations, not the run of a smaller scenario.
//!
//! **Reuse.** Points whose built scenarios have the same geometry fingerprint
//! ([`Scenario::geometry_fingerprint`]: time grid, orbits, sites, masks, minimum elevation, Sun
//! exclusion, link ends) share one geometry stage; their link stages run together
//! (`sim::LinkSteps::compute_many`), drawing fades once per step for every set of
//! points with the same fade distribution (e.g. once for a whole transmit-power axis). Each
//! point's result is bit-identical to `oslink run` of its scenario (with all stations).

mod grid;

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use crate::error::Result;
use crate::scenario::Scenario;
use crate::sim::{
    network_summaries, AvailabilitySummary, DiversityGain, Geometry, LinkSteps, Progress, RankBy,
    Schedule, SkippedSatellite, StepLink, Weather,
};

pub use grid::{Axis, GridPoint};

pub(crate) use grid::{expand, merge_axes, STATIONS_CHOOSE_KEY, STATIONS_KEY};

/// Memory budget of the link stage held at once (per-step results and link budgets), bytes:
/// points sharing a geometry run their link stage together in chunks that fit.
const LINK_MEMORY_BYTES: usize = 256 << 20;

/// Progress units of one grid point: half for its share of the link stage
/// (which points sharing a geometry run together, and which dominates), the rest for its
/// weather stage.
pub const UNITS_PER_POINT: u64 = 100;
const LINK_UNITS_PER_POINT: u64 = 50;

/// Turns the link-step progress of a shared link stage of `points` points over `steps` steps
/// into grid-point units, so that the bar moves during the link stage too.
struct PointShare<'a> {
    inner: &'a dyn Progress,
    /// Units of the whole stage.
    units: u64,
    steps: u64,
    /// (steps done, units reported).
    done: std::sync::Mutex<(u64, u64)>,
}

impl<'a> PointShare<'a> {
    fn new(inner: &'a dyn Progress, steps: u64, points: u64) -> PointShare<'a> {
        PointShare {
            inner,
            units: points * LINK_UNITS_PER_POINT,
            steps,
            done: std::sync::Mutex::new((0, 0)),
        }
    }

    /// Reports what the stage has not reported yet (all of it without steps).
    fn finish(&self) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        self.inner.advance(self.units - done.1);
        done.1 = self.units;
    }
}

impl Progress for PointShare<'_> {
    fn advance(&self, steps: u64) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        done.0 += steps;
        let units = if self.steps == 0 {
            0
        } else {
            (u128::from(done.0.min(self.steps)) * u128::from(self.units) / u128::from(self.steps))
                as u64
        };
        if units > done.1 {
            self.inner.advance(units - done.1);
            done.1 = units;
        }
    }
}

/// A validated sweep: the base scenario, the axes and every grid point.
#[derive(Debug, Clone)]
pub struct SweepPlan {
    /// The scenario without sweep keys (the file, plus a seed override).
    pub base: Scenario,
    /// The swept keys in axis order (the station axis is named `stations`).
    pub keys: Vec<String>,
    /// Every grid point, in grid order.
    pub points: Vec<GridPoint>,
}

/// The results of one grid point.
#[derive(Debug, Clone)]
pub struct PointResult {
    /// Position in the grid.
    pub index: usize,
    /// One value per swept key.
    pub values: Vec<toml::Value>,
    /// Each station of the point's network, in scenario order.
    pub stations: Vec<AvailabilitySummary>,
    /// The point's network (site diversity over its stations).
    pub network: AvailabilitySummary,
    /// The network against its best single station.
    pub diversity_gain: DiversityGain,
}

impl PointResult {
    /// The result of grid point `index` (its `values`) from its summaries.
    pub fn new(
        index: usize,
        values: Vec<toml::Value>,
        stations: Vec<AvailabilitySummary>,
        network: AvailabilitySummary,
    ) -> PointResult {
        PointResult {
            index,
            values,
            diversity_gain: DiversityGain::new(&stations, &network),
            stations,
            network,
        }
    }
}

/// Where the time of a sweep went: wall-clock seconds per stage, and how many stages ran.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SweepTimings {
    /// Geometry stages.
    pub geometry_s: f64,
    /// Link stages.
    pub links_s: f64,
    /// Weather stages and summaries.
    pub weather_s: f64,
    /// The whole sweep.
    pub total_s: f64,
    /// Geometry stages run (points whose keys leave the geometry unchanged share one; a
    /// sharded sweep runs a group's geometry once per shard that holds some of its points).
    pub geometry_computations: usize,
    /// Shared link-stage runs.
    pub link_computations: usize,
}

/// Everything a sweep produces.
#[derive(Debug, Clone)]
pub struct SweepResult {
    /// One per grid point, in grid order.
    pub points: Vec<PointResult>,
    /// Satellites left out of some point because SGP4 could not propagate them over its
    /// span (`on_propagation_error = "skip"`), once each, in order of the first point whose
    /// geometry skipped them.
    pub skipped: Vec<SkippedSatellite>,
    /// Where the time went (of a merged sweep: summed over its shards, plus the merge).
    pub timings: SweepTimings,
    /// Of a sweep merged from shards (`--shard`): each shard's seconds, in shard
    /// order; empty otherwise.
    pub shards: Vec<SweepTimings>,
    /// The figure the points are ranked by ([`SweepResult::best`]; `--rank-by`).
    pub rank_by: RankBy,
}

impl SweepPlan {
    /// Reads the scenario text, sets `seed` if given, merges the `[sweep]` axes with
    /// `cli_axes`, and builds and validates every grid point. Errors name the key at fault.
    pub fn new(
        text: &str,
        source: &str,
        base_dir: Option<&Path>,
        cli_axes: &[Axis],
        seed: Option<u64>,
    ) -> Result<SweepPlan> {
        // The file as written first: its errors carry line numbers.
        Scenario::parse(text, source, base_dir)?;
        let doc = Scenario::parse_document(text, source)?;
        let table = doc.get("sweep").and_then(toml::Value::as_table).cloned();
        // The seed is set on the validated scenarios, not in the document: a u64 seed need
        // not fit a TOML integer (i64), and `run --seed` takes any u64 as well.
        let mut base = Scenario::from_document(doc.clone(), source, base_dir)?;
        let axes = merge_axes(table.as_ref(), cli_axes)?;
        let mut points = expand(&doc, source, base_dir, &base, &axes)?;
        if let Some(seed) = seed {
            base.seed = seed;
            // A swept seed wins over the command line's, as any axis wins over the file.
            if !axes.iter().any(|a| a.key == "montecarlo.seed") {
                for p in &mut points {
                    p.scenario.seed = seed;
                }
            }
        }
        let keys = axes
            .iter()
            .map(|a| {
                if a.key == STATIONS_CHOOSE_KEY {
                    STATIONS_KEY.to_string()
                } else {
                    a.key.clone()
                }
            })
            .collect();
        Ok(SweepPlan { base, keys, points })
    }

    /// The span (start, end, Unix s) and step (s) of the grid points when they all share one
    /// (a `time.*` axis of one value sets it for all), `None` when a `time.*` axis varies it or
    /// without points.
    pub fn common_span(&self) -> Option<(f64, f64, f64)> {
        let span = |s: &Scenario| (s.start_unix_s, s.end_unix_s, s.step_s);
        let first = span(&self.points.first()?.scenario);
        self.points
            .iter()
            .all(|p| span(&p.scenario) == first)
            .then_some(first)
    }

    /// Groups of point indices that share a geometry (equal
    /// [`Scenario::geometry_fingerprint`]), in order of their first point.
    pub(crate) fn geometry_groups(&self) -> Vec<Vec<usize>> {
        self.groups_of(&(0..self.points.len()).collect::<Vec<_>>())
    }

    /// [`SweepPlan::geometry_groups`] of the points `points` only, in order of their first
    /// point in `points`.
    fn groups_of(&self, points: &[usize]) -> Vec<Vec<usize>> {
        let mut group_of: std::collections::HashMap<crate::scenario::GeometryFingerprint, usize> =
            std::collections::HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for &p in points {
            let next = groups.len();
            let g = *group_of
                .entry(self.points[p].scenario.geometry_fingerprint())
                .or_insert(next);
            if g == next {
                groups.push(Vec::new());
            }
            groups[g].push(p);
        }
        groups
    }

    /// Runs every grid point; `progress` counts [`UNITS_PER_POINT`] per grid point (its length
    /// is set here).
    pub fn run(&self, progress: &dyn Progress) -> Result<SweepResult> {
        let all: Vec<usize> = (0..self.points.len()).collect();
        let (result, _) = self.run_points(&all, progress)?;
        Ok(result)
    }

    /// Runs the grid points `points` (indices, each once): the result holds them in grid
    /// order, each bit-identical to its result in the whole sweep. Beside it, each skipped
    /// satellite with the first of `points` whose geometry skipped it (for
    /// [`first_appearances`]).
    pub(crate) fn run_points(
        &self,
        points: &[usize],
        progress: &dyn Progress,
    ) -> Result<(SweepResult, Vec<(usize, SkippedSatellite)>)> {
        let started = Instant::now();
        progress.set_length(points.len() as u64 * UNITS_PER_POINT);
        let mut timings = SweepTimings::default();
        let mut skipped: Vec<(usize, SkippedSatellite)> = Vec::new();
        let mut results: Vec<PointResult> = Vec::with_capacity(points.len());
        for group in self.groups_of(points) {
            let t0 = Instant::now();
            progress.set_stage("geometry");
            let geometry = Geometry::compute(&self.points[group[0]].scenario)?;
            skipped.extend(geometry.skipped.iter().map(|s| (group[0], s.clone())));
            timings.geometry_computations += 1;
            timings.geometry_s += t0.elapsed().as_secs_f64();
            // Memory of one point in the link stage: its step results and its link budgets.
            let first = &self.points[group[0]].scenario;
            let budgets_bytes: usize = (0..first.links.len())
                .map(|k| first.link_budget(k).map(|b| b.memory_bytes()))
                .sum::<Result<usize>>()?;
            let per_point =
                geometry.steps.len().max(1) * std::mem::size_of::<StepLink>() + budgets_bytes;
            let chunk = (LINK_MEMORY_BYTES / per_point).clamp(1, group.len());
            for members in group.chunks(chunk) {
                let t1 = Instant::now();
                progress.set_stage("link budgets and fading");
                let scenarios: Vec<&Scenario> =
                    members.iter().map(|&p| &self.points[p].scenario).collect();
                let steps = geometry.steps.len() as u64;
                let link_stage = PointShare::new(progress, steps, members.len() as u64);
                let links = LinkSteps::compute_many(&scenarios, &geometry, &link_stage)?;
                link_stage.finish();
                timings.link_computations += 1;
                let t2 = Instant::now();
                timings.links_s += (t2 - t1).as_secs_f64();
                progress.set_stage("weather");
                for (&p, links) in members.iter().zip(&links) {
                    results.push(run_point(&self.points[p], &geometry, links)?);
                    progress.advance(UNITS_PER_POINT - LINK_UNITS_PER_POINT);
                }
                timings.weather_s += t2.elapsed().as_secs_f64();
            }
        }
        results.sort_by_key(|r| r.index);
        timings.total_s = started.elapsed().as_secs_f64();
        let result = SweepResult {
            points: results,
            skipped: first_appearances(skipped.clone()),
            timings,
            shards: Vec::new(),
            rank_by: RankBy::default(),
        };
        Ok((result, skipped))
    }
}

/// The skipped satellites of a sweep, once each, in order of the first grid point whose
/// geometry skipped them (then in satellite order), from (point, satellite) pairs in any
/// order.
pub(crate) fn first_appearances(
    mut tagged: Vec<(usize, SkippedSatellite)>,
) -> Vec<SkippedSatellite> {
    tagged.sort_by_key(|(p, _)| *p);
    let mut out: Vec<SkippedSatellite> = Vec::new();
    for (_, s) in tagged {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// The weather stage and the summaries of one point.
fn run_point(point: &GridPoint, geometry: &Geometry, links: &LinkSteps) -> Result<PointResult> {
    let sc = &point.scenario;
    // The point may change the stations' telescopes: its own schedule (a fraction of one
    // realization's cost).
    let schedule = Schedule::new(sc, geometry);
    let weather = Weather::for_stations(sc, geometry, links, &schedule, &point.stations)?;
    let realizations = (0..sc.weather_realizations)
        .into_par_iter()
        .map(|r| weather.realize(r))
        .collect::<Result<Vec<_>>>()?;
    let (stations, network) = network_summaries(sc, geometry, &realizations, &point.stations);
    Ok(PointResult::new(
        point.index,
        point.values.clone(),
        stations,
        network,
    ))
}

impl SweepTimings {
    /// Adds `other`'s seconds to these, stage by stage.
    pub fn add(&mut self, other: &SweepTimings) {
        self.geometry_s += other.geometry_s;
        self.links_s += other.links_s;
        self.weather_s += other.weather_s;
        self.total_s += other.total_s;
        self.geometry_computations += other.geometry_computations;
        self.link_computations += other.link_computations;
    }
}

impl SweepResult {
    /// The `n` best points by [`SweepResult::rank_by`] of their network (highest first; a
    /// NaN last), ties by the other figures, then grid order.
    pub fn best(&self, n: usize) -> Vec<&PointResult> {
        let mut order: Vec<&PointResult> = self.points.iter().collect();
        order.sort_by(|a, b| {
            a.network
                .rank_cmp(&b.network, self.rank_by)
                .then(a.index.cmp(&b.index))
        });
        order.truncate(n);
        order
    }

    /// The rank of every point by [`SweepResult::rank_by`] (1 = best), indexed by grid
    /// position.
    pub fn ranks(&self) -> Vec<usize> {
        let mut ranks = vec![0; self.points.len()];
        for (r, p) in self.best(self.points.len()).into_iter().enumerate() {
            if let Some(slot) = ranks.get_mut(p.index) {
                *slot = r + 1;
            }
        }
        ranks
    }
}
