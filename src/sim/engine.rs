//! The Monte Carlo availability engine behind `oslink run` (docs/models.md §5).
//!
//! Three stages, each reusable on its own (a sweep reruns only what its keys change):
//!
//! Every stage iterates over the scenario's links ([`crate::scenario::ScenarioLink`]), never
//! over hand-indexed satellite × station pairs:
//!
//! 1. [`Geometry::compute`]: the passes of every link (for a ground–space link, those of its
//!    satellite over its station, [`crate::access::find_passes`]), then the look angles at
//!    each step of the common grid `t_k = start + k·step_s` that falls inside a pass. The grid
//!    is shared by all links so that the network (site diversity) can be evaluated step by
//!    step.
//! 2. [`LinkSteps::compute`]: at each step the static budget of the link and
//!    `fading_samples` draws of turbulence × pointing, giving the fade-outage probability and
//!    the margin percentiles. Fading decorrelates in milliseconds and clouds in hours, so these
//!    statistics are drawn once per step and combined with every weather realization (never
//!    redrawn per realization). The draws of step k of the link between satellite i and
//!    station j come from the stream keyed (seed, FADING, i, j, k); an uplink whose pair also
//!    carries a downlink appends UPLINK to that key, so the two links draw independently.
//!    Independent of thread count and of the other steps.
//! 3. the weather stage (`weather.rs`): per weather realization one cloud timeline ([`crate::channel::CloudModel`],
//!    keyed (seed, realization)). At each step a link is up with probability
//!    `clear · sun_ok · (1 − p_out)`. The network is made of the links of the scenario's
//!    network direction ([`Scenario::network_direction`]): fading is independent between
//!    stations, so the satellite is served with probability 1 − Π_j (1 − up_j) (site
//!    diversity, volume counted once).
//!
//! Every reduction runs sequentially in index order: results are bit-identical for any
//! number of threads.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::progress::Progress;
use crate::access::{find_passes_each, Pass};
use crate::channel::{Fading, PointingJitter, TurbulencePointingSampler};
use crate::error::{Error, Result};
use crate::frames::{
    sun_elevation_rad, sun_position_ecef_m, sun_separation_rad, teme_to_ecef, Topocentric,
};
use crate::link::{Direction, LinkBudget, LinkGeometry, SunAngles};
use crate::orbit::{Propagator, Satellite};
use crate::random::Stream;
use crate::scenario::{OnPropagationError, Scenario};

/// Stream tag of the fading draws (keeps them apart from any other use of the seed).
const FADING_STREAM: u64 = 0xFADE;
/// Last key element of the draws of an uplink whose satellite–station pair also carries a
/// downlink (so that the two links of the pair draw independently).
const UPLINK_TWIN: u64 = 0x0B;

/// One step of the common time grid inside one pass of one link.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StepGeometry {
    /// Index of the pass in [`Geometry::passes`].
    pub pass: usize,
    /// Index of the link in [`Scenario::links`].
    pub link: usize,
    /// Grid index k: the step is at `start + k·step_s`.
    pub time_index: u64,
    /// Time, Unix s UTC.
    pub unix_s: f64,
    /// Azimuth at the station, rad from north, east-positive.
    pub azimuth_rad: f64,
    /// Elevation at the station, rad.
    pub elevation_rad: f64,
    /// Slant range, m.
    pub range_m: f64,
    /// Range rate, m/s (positive while the satellite recedes).
    pub range_rate_m_s: f64,
    /// Angular rate of the line of sight in the Earth-fixed frame (the mount's tracking
    /// rate), rad/s.
    pub tracking_rate_rad_s: f64,
    /// Satellite speed relative to the station across the line of sight (inertial), m/s.
    pub transverse_velocity_m_s: f64,
    /// Sun elevation at the station, rad (negative below the horizon).
    pub sun_elevation_rad: f64,
    /// Angle between the line of sight and the Sun at the station, rad.
    pub sun_separation_rad: f64,
    /// False when the Sun is closer to the line of sight than the station's exclusion angle.
    pub sun_ok: bool,
}

impl StepGeometry {
    /// The geometry a link budget is evaluated at on this step.
    pub fn link_geometry(&self) -> LinkGeometry {
        LinkGeometry::ground(self.range_m, self.elevation_rad)
            .with_transverse_velocity(self.transverse_velocity_m_s)
            .with_sun(SunAngles {
                elevation_rad: self.sun_elevation_rad,
                separation_rad: self.sun_separation_rad,
            })
    }
}

/// Passes and the grid steps inside them.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Geometry {
    /// Every pass of every link: link after link, by AOS within a link.
    pub passes: Vec<Pass>,
    /// `pass_link[i]` is the link (index into [`Scenario::links`]) of pass i.
    pub pass_link: Vec<usize>,
    /// Every step of every pass, pass after pass, in time order inside a pass.
    pub steps: Vec<StepGeometry>,
    /// `steps[pass_steps[i]]` are the steps of pass i.
    pub pass_steps: Vec<Range<usize>>,
    /// CPU seconds spent propagating and converting frames (summed over threads).
    pub propagation_cpu_s: f64,
    /// Wall seconds of the pass search.
    pub pass_search_s: f64,
    /// Satellites left out because SGP4 could not propagate them over the span and their
    /// entry says `on_propagation_error = "skip"`, in satellite order.
    pub skipped: Vec<SkippedSatellite>,
}

/// A satellite left out of a run (see [`Geometry::skipped`]).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SkippedSatellite {
    /// Index in [`Scenario::satellites`].
    pub satellite: usize,
    /// Its name.
    pub name: String,
    /// Its scenario entry, e.g. `satellites[0]`.
    pub entry: String,
    /// The propagation error, e.g. "propagating X (NORAD n) at T: decayed: …".
    pub reason: String,
}

impl std::fmt::Display for SkippedSatellite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} left out of the run ({}.on_propagation_error = \"skip\"): {}",
            self.name, self.entry, self.reason
        )
    }
}

impl Geometry {
    /// Passes and step geometry of a scenario.
    pub fn compute(scenario: &Scenario) -> Result<Geometry> {
        Geometry::compute_satellites(scenario, 0..scenario.satellites.len())
    }

    /// Passes and step geometry of the links of the satellites `satellites` (indices into
    /// [`Scenario::satellites`]) only, as they are in the whole scenario's geometry: pass and
    /// step indices count from 0 within this part, every other index (satellite, station,
    /// link, grid step) is the scenario's. A satellite's passes do not depend on the other
    /// satellites, so the parts of consecutive ranges, appended in order
    /// ([`Geometry::append`]), are the whole geometry (links are ordered by satellite).
    pub fn compute_satellites(scenario: &Scenario, satellites: Range<usize>) -> Result<Geometry> {
        Geometry::compute_within(scenario, satellites, &|_| Ok(()))
    }

    /// [`Geometry::compute_satellites`], calling `check` with the number of link steps inside
    /// the passes found before the steps are allocated (a memory limit from the exact count
    /// rather than from the upper bound of [`Scenario::estimate`]).
    pub(crate) fn compute_within(
        scenario: &Scenario,
        satellites: Range<usize>,
        check: &dyn Fn(f64) -> Result<()>,
    ) -> Result<Geometry> {
        let satellites = satellites.start.min(scenario.satellites.len())
            ..satellites.end.min(scenario.satellites.len());
        let first = satellites.start;
        let all: Vec<Satellite> = scenario
            .satellites
            .iter()
            .map(|s| s.satellite.clone())
            .collect();
        let sats = &all[satellites];
        let stations: Vec<_> = scenario
            .stations
            .iter()
            .map(|s| s.station.clone())
            .collect();
        let t0 = Instant::now();
        let per_satellite = find_passes_each(
            sats,
            &stations,
            scenario.start_unix_s,
            scenario.end_unix_s,
            scenario.dut1_s,
        )?;
        let mut pair_passes = Vec::new();
        let mut skipped = Vec::new();
        for (offset, result) in per_satellite.into_iter().enumerate() {
            let i = first + offset;
            let entry = &scenario.satellites[i];
            match (result, entry.on_propagation_error) {
                (Ok(p), _) => pair_passes.extend(p.into_iter().map(|mut p| {
                    p.satellite_index = i;
                    p
                })),
                (Err(e), OnPropagationError::Skip) => skipped.push(SkippedSatellite {
                    satellite: i,
                    name: entry.satellite.name.clone(),
                    entry: format!("satellites[{}]", entry.entry),
                    reason: e.to_string(),
                }),
                (Err(e), OnPropagationError::Fail) => {
                    return Err(Error::SatelliteFailed {
                        key: format!("satellites[{}]", entry.entry),
                        source: Box::new(e),
                    })
                }
            }
        }
        let pass_search_s = t0.elapsed().as_secs_f64();
        // The passes of each satellite–station pair, in AOS order (find_passes sorts by pair).
        let mut by_pair: std::collections::BTreeMap<(usize, usize), Vec<&Pass>> =
            std::collections::BTreeMap::new();
        for p in &pair_passes {
            by_pair
                .entry((p.satellite_index, p.station_index))
                .or_default()
                .push(p);
        }
        let mut passes = Vec::new();
        let mut pass_link = Vec::new();
        for (k, link) in scenario.links.iter().enumerate() {
            let Some((i, j, _)) = link.ground_space() else {
                continue;
            };
            for p in by_pair.get(&(i, j)).into_iter().flatten() {
                passes.push((*p).clone());
                pass_link.push(k);
            }
        }

        check(
            passes
                .iter()
                .map(|p| {
                    let r = grid_range(scenario, p);
                    (r.end - r.start) as f64
                })
                .sum(),
        )?;
        let sites: Vec<Topocentric> = stations
            .iter()
            .map(|s| Topocentric::new(&s.location))
            .collect();
        let propagation_ns = AtomicU64::new(0);
        let per_pass: Vec<Result<Vec<StepGeometry>>> = passes
            .par_iter()
            .enumerate()
            .map(|(index, pass)| {
                let t = Instant::now();
                let steps = pass_steps(
                    scenario,
                    &all[pass.satellite_index],
                    &sites[pass.station_index],
                    (index, pass_link[index]),
                    pass,
                );
                propagation_ns.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
                steps
            })
            .collect();
        let mut steps = Vec::new();
        let mut pass_steps = Vec::with_capacity(passes.len());
        for result in per_pass {
            let s = result?;
            pass_steps.push(steps.len()..steps.len() + s.len());
            steps.extend(s);
        }
        Ok(Geometry {
            passes,
            pass_link,
            steps,
            pass_steps,
            propagation_cpu_s: propagation_ns.into_inner() as f64 * 1e-9,
            pass_search_s,
            skipped,
        })
    }

    /// Checks that this geometry and its link statistics `links` fit `scenario` (every index
    /// in range, the pass ranges tiling the steps, one statistic per step), as they do when
    /// computed; for results read back from files (the shards of a merge), which the weather
    /// stage would otherwise index out of bounds.
    pub(crate) fn check_fits(&self, scenario: &Scenario, links: &LinkSteps) -> Result<()> {
        let bad = |what: String| {
            Err(Error::invalid(
                "shard results",
                what,
                "results that fit the scenario",
            ))
        };
        let (n_links, n_passes) = (scenario.links.len(), self.passes.len());
        if self.pass_link.len() != n_passes || self.pass_steps.len() != n_passes {
            return bad(format!(
                "{n_passes} passes with {} links and {} step ranges",
                self.pass_link.len(),
                self.pass_steps.len()
            ));
        }
        if links.steps.len() != self.steps.len() {
            return bad(format!(
                "{} steps with {} link statistics",
                self.steps.len(),
                links.steps.len()
            ));
        }
        let mut next = 0;
        for (i, (p, r)) in self.passes.iter().zip(&self.pass_steps).enumerate() {
            if r.start != next || r.end < r.start || r.end > self.steps.len() {
                return bad(format!("pass {i} over steps {r:?}"));
            }
            next = r.end;
            let link = self.pass_link[i];
            let ends = scenario.links.get(link).and_then(|l| l.ground_space());
            if ends.is_none_or(|(sat, st, _)| (sat, st) != (p.satellite_index, p.station_index)) {
                return bad(format!("pass {i} of link {link}"));
            }
            if self.steps[r.clone()]
                .iter()
                .any(|g| g.pass != i || g.link != link)
            {
                return bad(format!("the steps of pass {i}"));
            }
        }
        if next != self.steps.len() || self.steps.iter().any(|g| g.link >= n_links) {
            return bad(format!("{} steps in {n_passes} passes", self.steps.len()));
        }
        Ok(())
    }

    /// Appends the geometry `next` of the satellites that follow this part's
    /// ([`Geometry::compute_satellites`]): its pass and step indices are shifted behind this
    /// part's, its CPU and wall seconds added.
    pub fn append(&mut self, next: Geometry) {
        let (passes, steps) = (self.passes.len(), self.steps.len());
        self.passes.extend(next.passes);
        self.pass_link.extend(next.pass_link);
        self.steps.extend(next.steps.into_iter().map(|mut g| {
            g.pass += passes;
            g
        }));
        self.pass_steps.extend(
            next.pass_steps
                .into_iter()
                .map(|r| r.start + steps..r.end + steps),
        );
        self.propagation_cpu_s += next.propagation_cpu_s;
        self.pass_search_s += next.pass_search_s;
        self.skipped.extend(next.skipped);
    }
}

/// The grid indices k inside a pass, from ⌈(AOS − start)/Δt⌉ to ⌊(LOS − start)/Δt⌋, without
/// the point at or after the span end (grid point k stands for [t_k, t_k + Δt), so the point
/// at the end starts nothing).
fn grid_range(scenario: &Scenario, pass: &Pass) -> Range<u64> {
    let (start, dt) = (scenario.start_unix_s, scenario.step_s);
    let first = ((pass.aos_unix_s - start) / dt).ceil().max(0.0) as u64;
    let last = ((pass.los_unix_s - start) / dt).floor();
    let mut range = if last >= first as f64 {
        first..last as u64 + 1
    } else {
        first..first
    };
    while range.end > range.start && start + (range.end - 1) as f64 * dt >= scenario.end_unix_s {
        range.end -= 1;
    }
    range
}

/// The grid steps inside one pass: k from ⌈(AOS − start)/Δt⌉ to ⌊(LOS − start)/Δt⌋.
fn pass_steps(
    scenario: &Scenario,
    sat: &Satellite,
    site: &Topocentric,
    (index, link): (usize, usize),
    pass: &Pass,
) -> Result<Vec<StepGeometry>> {
    let (start, dt) = (scenario.start_unix_s, scenario.step_s);
    let propagator = Propagator::new(sat)?;
    let mut cursor = propagator.cursor();
    let ks = grid_range(scenario, pass);
    let mut out = Vec::with_capacity((ks.end - ks.start) as usize);
    for k in ks {
        let unix_s = start + k as f64 * dt;
        let s = cursor.state_teme(unix_s)?;
        let ecef = teme_to_ecef(&s.position_m, &s.velocity_m_s, unix_s, scenario.dut1_s);
        let look = site.look_angles(&ecef);
        let sun = sun_position_ecef_m(unix_s);
        let sun_ok = match &pass.sun_windows {
            None => true,
            Some(windows) => windows
                .iter()
                .any(|w| (w.start_unix_s..=w.end_unix_s).contains(&unix_s)),
        };
        out.push(StepGeometry {
            pass: index,
            link,
            time_index: k,
            unix_s,
            azimuth_rad: look.azimuth_rad,
            elevation_rad: look.elevation_rad,
            range_m: look.range_m,
            range_rate_m_s: look.range_rate_m_s,
            tracking_rate_rad_s: site.tracking_rate_rad_s(&ecef),
            transverse_velocity_m_s: site.transverse_velocity_m_s(&ecef),
            sun_elevation_rad: sun_elevation_rad(site, &sun),
            sun_separation_rad: sun_separation_rad(site, &ecef.position_m, &sun),
            sun_ok,
        });
    }
    Ok(out)
}

/// Link statistics at one step (static budget plus fading draws).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StepLink {
    /// Static margin (received power − sensitivity, no fading), dB.
    pub margin_db: f64,
    /// Fraction of the fading draws whose margin is below 0.
    pub outage_probability: f64,
    /// 5th, 50th and 95th percentile of the margin after fading, dB.
    pub margin_percentiles_db: [f64; 3],
    /// Scintillation index the fading model used.
    pub scintillation_index: f64,
}

/// The link statistics of every step of a [`Geometry`].
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LinkSteps {
    /// One entry per `Geometry::steps` entry.
    pub steps: Vec<StepLink>,
    /// CPU seconds in the static budget (summed over threads).
    pub budget_cpu_s: f64,
    /// CPU seconds drawing and sorting fading samples (summed over threads).
    pub fading_cpu_s: f64,
}

impl LinkSteps {
    /// Appends the link statistics of the geometry appended after this one
    /// ([`Geometry::append`]), adding its CPU seconds.
    pub fn append(&mut self, next: LinkSteps) {
        self.steps.extend(next.steps);
        self.budget_cpu_s += next.budget_cpu_s;
        self.fading_cpu_s += next.fading_cpu_s;
    }

    /// Budget and fading statistics of every step.
    pub fn compute(
        scenario: &Scenario,
        geometry: &Geometry,
        progress: &dyn Progress,
    ) -> Result<LinkSteps> {
        let mut all = LinkSteps::compute_many(&[scenario], geometry, progress)?;
        Ok(all.pop().expect("one scenario in, one out"))
    }

    /// The link stage of several scenarios that share one `geometry` (same satellites,
    /// stations and time grid; they differ in terminals, receivers, channel or Monte Carlo
    /// keys): one result per scenario, each bit-identical to [`LinkSteps::compute`] of it.
    ///
    /// At each step the fade draws are shared between scenarios whose draws would be the same
    /// (same seed and sample count, same fading and pointing distribution: the stream is keyed
    /// the same for all), so e.g. a sweep of transmit power draws once per step; scenarios
    /// whose static margin is also equal share the whole step result. The CPU seconds are
    /// those of the shared computation, the same in every result.
    pub(crate) fn compute_many(
        scenarios: &[&Scenario],
        geometry: &Geometry,
        progress: &dyn Progress,
    ) -> Result<Vec<LinkSteps>> {
        let mut budgets = Vec::with_capacity(scenarios.len());
        for scenario in scenarios {
            let links: Vec<LinkBudget> = (0..scenario.links.len())
                .map(|k| scenario.link_budget(k))
                .collect::<Result<_>>()?;
            budgets.push(links);
        }
        // The links of a shared geometry are the same in every scenario (the geometry
        // fingerprint covers them), so the first one keys the fade streams.
        let keys = match scenarios.first() {
            Some(s) => fade_stream_keys(s),
            None => Vec::new(),
        };
        let (budget_ns, fading_ns) = (AtomicU64::new(0), AtomicU64::new(0));
        // Steps in chunks, each chunk's results step-major (step, then scenario): one
        // allocation per chunk rather than one per step.
        const CHUNK_STEPS: usize = 1024;
        let per_chunk: Vec<Result<Vec<StepLink>>> = geometry
            .steps
            .par_chunks(CHUNK_STEPS)
            .map_init(Vec::new, |buffers, chunk| {
                let mut links = Vec::with_capacity(chunk.len() * scenarios.len());
                for g in chunk {
                    links.extend(step_links(
                        scenarios,
                        &budgets,
                        (g, &keys[g.link]),
                        buffers,
                        (&budget_ns, &fading_ns),
                    )?);
                }
                progress.advance(chunk.len() as u64);
                Ok(links)
            })
            .collect();
        let mut steps: Vec<Vec<StepLink>> = scenarios
            .iter()
            .map(|_| Vec::with_capacity(geometry.steps.len()))
            .collect();
        for links in per_chunk {
            let links = links?;
            for step in links.chunks(scenarios.len().max(1)) {
                for (out, link) in steps.iter_mut().zip(step) {
                    out.push(*link);
                }
            }
        }
        let (budget_cpu_s, fading_cpu_s) = (
            budget_ns.into_inner() as f64 * 1e-9,
            fading_ns.into_inner() as f64 * 1e-9,
        );
        Ok(steps
            .into_iter()
            .map(|steps| LinkSteps {
                steps,
                budget_cpu_s,
                fading_cpu_s,
            })
            .collect())
    }
}

/// The key of each link's fade streams after (seed, FADING): (satellite, station) for a
/// ground–space link, with UPLINK_TWIN appended for an uplink whose pair also carries a
/// downlink. The step index is appended per step.
fn fade_stream_keys(scenario: &Scenario) -> Vec<Vec<u64>> {
    let downlinks: std::collections::HashSet<(usize, usize)> = scenario
        .links
        .iter()
        .filter_map(|l| match l.ground_space() {
            Some((i, j, Direction::Downlink)) => Some((i, j)),
            _ => None,
        })
        .collect();
    scenario
        .links
        .iter()
        .map(|link| match link.ground_space() {
            Some((i, j, direction)) => {
                let mut key = vec![i as u64, j as u64];
                if direction == Direction::Uplink && downlinks.contains(&(i, j)) {
                    key.push(UPLINK_TWIN);
                }
                key
            }
            None => Vec::new(),
        })
        .collect()
}

/// What makes two scenarios' fade draws at a step identical: seed, sample count and the bits
/// of the fading and pointing distributions (equal bits, equal draws; the converse need not
/// hold, which only costs a second draw).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct DrawKey {
    seed: u64,
    samples: u64,
    fading: [u64; 3],
    pointing: [u64; 3],
}

impl DrawKey {
    fn new(scenario: &Scenario, fading: &Fading, pointing: &PointingJitter) -> DrawKey {
        let fading = match *fading {
            Fading::None => [0, 0, 0],
            Fading::LogNormal {
                scintillation_index,
            } => [1, scintillation_index.to_bits(), 0],
            Fading::GammaGamma { alpha, beta } => [2, alpha.to_bits(), beta.to_bits()],
        };
        DrawKey {
            seed: scenario.seed,
            samples: scenario.fading_samples,
            fading,
            pointing: [
                pointing.divergence_half_rad.to_bits(),
                pointing.sigma_rad.to_bits(),
                pointing.bias_rad.to_bits(),
            ],
        }
    }
}

/// The link statistics of one step for every scenario (see [`LinkSteps::compute_many`]);
/// `key` is the step's link's fade-stream key ([`fade_stream_keys`]). Scenarios with equal
/// draws share one draw, found by hashing, so a step costs O(scenarios) lookups.
fn step_links(
    scenarios: &[&Scenario],
    budgets: &[Vec<LinkBudget>],
    (g, key): (&StepGeometry, &[u64]),
    buffers: &mut Vec<Vec<f64>>,
    clocks: (&AtomicU64, &AtomicU64),
) -> Result<Vec<StepLink>> {
    use std::collections::HashMap;
    let mut out: Vec<StepLink> = Vec::with_capacity(scenarios.len());
    // Distinct draws of this step → (index d of the draw, its fade percentiles, whether
    // buffers[d] is sorted); draw d fills buffers[d].
    let mut draws: HashMap<DrawKey, (usize, [f64; 3], bool)> = HashMap::new();
    // (draw, static margin bits) → the first scenario with them: its result is shared whole.
    let mut results: HashMap<(DrawKey, u64), usize> = HashMap::new();
    for (p, scenario) in scenarios.iter().enumerate() {
        let t0 = Instant::now();
        let b = budgets[p][g.link].evaluate(&g.link_geometry())?;
        let fading = b.fading(scenario.fading);
        let draw = DrawKey::new(scenario, &fading, &b.pointing());
        if let Some(&q) = results.get(&(draw, b.margin_db.to_bits())) {
            out.push(out[q]);
            continue;
        }
        results.insert((draw, b.margin_db.to_bits()), p);
        let t1 = Instant::now();
        let next = draws.len();
        let (d, percentiles, sorted) = match draws.get_mut(&draw) {
            Some(found) => {
                // A draw used a second time is sorted once, so that each further use counts
                // its outages by bisection instead of a scan.
                if !found.2 {
                    buffers[found.0].sort_unstable_by(f64::total_cmp);
                    found.2 = true;
                }
                *found
            }
            None => {
                if buffers.len() <= next {
                    buffers.push(Vec::new());
                }
                let sampler = TurbulencePointingSampler::new(&fading, &b.pointing())?;
                // (seed, FADING, satellite, station, k[, UPLINK_TWIN])
                let mut stream_key = [
                    scenario.seed,
                    FADING_STREAM,
                    key[0],
                    key[1],
                    g.time_index,
                    0,
                ];
                let len = 5 + key[2..].len();
                stream_key[5..len].copy_from_slice(&key[2..]);
                let mut rng = Stream::new(&stream_key[..len]);
                let buffer = &mut buffers[next];
                sampler.fade_samples_db(&mut rng, scenario.fading_samples as usize, buffer);
                let found = (next, fade_percentiles(buffer), false);
                draws.insert(draw, found);
                found
            }
        };
        let buffer = &buffers[d];
        // The outages are the draws below −margin.
        let threshold = -b.margin_db;
        let outages = if sorted {
            buffer.partition_point(|&fade| fade < threshold)
        } else {
            buffer.iter().filter(|&&fade| fade < threshold).count()
        };
        clocks
            .0
            .fetch_add((t1 - t0).as_nanos() as u64, Ordering::Relaxed);
        clocks
            .1
            .fetch_add(t1.elapsed().as_nanos() as u64, Ordering::Relaxed);
        out.push(StepLink {
            margin_db: b.margin_db,
            outage_probability: outages as f64 / buffer.len() as f64,
            margin_percentiles_db: percentiles.map(|fade| b.margin_db + fade),
            scintillation_index: fading.scintillation_index(),
        });
    }
    Ok(out)
}

/// The 5th, 50th and 95th percentiles of the draws (nearest rank), by selection (the draws
/// are reordered, not sorted).
fn fade_percentiles(draws: &mut [f64]) -> [f64; 3] {
    let n = draws.len();
    let rank = |q: f64| ((q * (n - 1) as f64).round() as usize).min(n - 1);
    let (r5, r50, r95) = (rank(0.05), rank(0.5), rank(0.95));
    let (below, median, above) = draws.select_nth_unstable_by(r50, f64::total_cmp);
    let p50 = *median;
    let p5 = if r5 < r50 {
        *below.select_nth_unstable_by(r5, f64::total_cmp).1
    } else {
        p50
    };
    let p95 = if r95 > r50 {
        *above
            .select_nth_unstable_by(r95 - r50 - 1, f64::total_cmp)
            .1
    } else {
        p50
    };
    [p5, p50, p95]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fade_percentiles_are_the_nearest_rank_order_statistics() {
        // Ranks round(q·(n − 1)), rounding halves away from zero: n = 21 → 1, 10, 19;
        // n = 4 → 0, 2 (1.5), 3; n = 1 → 0. The input order does not matter.
        let shuffled =
            |n: usize| -> Vec<f64> { (0..n).map(|i| ((i * 11) % n) as f64 * 0.5).collect() };
        assert_eq!(fade_percentiles(&mut shuffled(21)), [0.5, 5.0, 9.5]);
        assert_eq!(fade_percentiles(&mut shuffled(4)), [0.0, 1.0, 1.5]);
        assert_eq!(fade_percentiles(&mut shuffled(1)), [0.0, 0.0, 0.0]);
        let mut reversed: Vec<f64> = (0..1000).rev().map(f64::from).collect();
        assert_eq!(fade_percentiles(&mut reversed), [50.0, 500.0, 949.0]);
    }
}
