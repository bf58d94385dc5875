//! One shard's work and its folder: `shard.json` (the manifest, what the merge checks) and
//! `shard.bin` (the results, postcard-encoded).

use std::fmt::Write as _;
use std::io::Read as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::inputs::ScenarioInputs;
use super::partition::Shard;
use crate::error::{Error, Result};
use crate::report::{write_atomic, write_atomic_with};
use crate::scenario::Scenario;
use crate::sim::{run_part, AvailabilitySummary, Progress, RunPart, SkippedSatellite, Timings};
use crate::sweep::{SweepPlan, SweepTimings};

/// The manifest's `format`: the layout of a shard folder this version writes and reads.
pub(crate) const SHARD_FORMAT: &str = "oslink-shard/1";
/// The manifest's file name in a shard folder.
pub(crate) const MANIFEST_FILE: &str = "shard.json";
/// The results' file name in a shard folder.
pub(crate) const PAYLOAD_FILE: &str = "shard.bin";

/// Whether a shard is part of a run or of a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShardKind {
    /// Of `oslink run --shard`.
    Run,
    /// Of `oslink sweep --shard`.
    Sweep,
}

impl ShardKind {
    /// "run" or "sweep".
    pub fn name(self) -> &'static str {
        match self {
            ShardKind::Run => "run",
            ShardKind::Sweep => "sweep",
        }
    }
}

/// `shard.json`: what a shard is part of and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardManifest {
    /// Layout of the shard folder, `oslink-shard/1`.
    pub format: String,
    /// Part of a run or of a sweep.
    pub kind: ShardKind,
    /// K and N.
    pub shard: Shard,
    /// Version of oslink that wrote it.
    pub oslink_version: String,
    /// SHA-256 of the executable that wrote it (hex; empty when not known).
    pub executable_sha256: String,
    /// SHA-256 (hex) of the built scenario (of a sweep: of the base and every grid point's):
    /// of its exact `Debug` text.
    pub scenario_sha256: String,
    /// The master seed.
    pub seed: u64,
    /// Of a run: the satellites (indices into the scenario's) whose links this shard holds.
    pub satellites: Option<Range<usize>>,
    /// Of a sweep: the grid points this shard holds.
    pub grid_points: Option<usize>,
    /// Link steps the shard computed (of a sweep: summed over its geometries).
    pub link_steps: u64,
    /// This shard's share of the estimated work of the whole run or sweep, 0–1.
    pub work_fraction: f64,
    /// Size of `shard.bin`, bytes.
    pub payload_bytes: u64,
    /// Seconds per stage of this shard (a run's `Timings`, a sweep's `SweepTimings`); its
    /// `total_s` is the whole shard, writing included.
    pub timings_s: serde_json::Value,
    /// What the scenario is built from.
    pub inputs: ScenarioInputs,
}

impl ShardManifest {
    /// What the shard holds, in one line (with its line break): "shard 1/4 of run S:
    /// satellites 250..500 (2592722 link steps), 25.0% of the estimated work".
    pub fn line(&self) -> String {
        let what = match (&self.satellites, self.grid_points) {
            (Some(s), _) => format!(
                "satellites {}..{} ({} link steps)",
                s.start, s.end, self.link_steps
            ),
            (None, Some(p)) => format!("{p} grid points"),
            _ => String::new(),
        };
        format!(
            "shard {} of {} {}: {what}, {:.1}% of the estimated work\n",
            self.shard,
            self.kind.name(),
            self.inputs.source,
            100.0 * self.work_fraction
        )
    }
}

/// What `shard.bin` starts with: the shard and scenario it belongs to, checked against the
/// manifest beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PayloadCheck {
    pub(crate) format: String,
    pub(crate) shard: Shard,
    pub(crate) scenario_sha256: String,
}

/// `shard.bin` of a run shard.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RunPayload {
    pub(crate) check: PayloadCheck,
    pub(crate) part: RunPart,
}

/// One grid point's results in `shard.bin` of a sweep shard (its values follow from the
/// plan).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PointPayload {
    pub(crate) index: usize,
    pub(crate) stations: Vec<AvailabilitySummary>,
    pub(crate) network: AvailabilitySummary,
}

/// `shard.bin` of a sweep shard.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SweepPayload {
    pub(crate) check: PayloadCheck,
    pub(crate) points: Vec<PointPayload>,
    /// Each skipped satellite with the first of the shard's points that skipped it.
    pub(crate) skipped: Vec<(usize, SkippedSatellite)>,
    pub(crate) timings: SweepTimings,
}

/// The SHA-256 (hex) of the built scenarios: of their exact `Debug` text, which holds every
/// field (floats in their shortest exact form) and no map in hash order.
pub(crate) fn scenario_sha256<'a>(scenarios: impl IntoIterator<Item = &'a Scenario>) -> String {
    struct Hasher(Sha256);
    impl std::fmt::Write for Hasher {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.update(s.as_bytes());
            Ok(())
        }
    }
    let mut h = Hasher(Sha256::new());
    for s in scenarios {
        let _ = writeln!(h, "{s:?}");
    }
    hex(&h.0.finalize())
}

/// The SHA-256 (hex) of the running executable, which the merge requires to be the same for
/// every shard (the same version built from other sources could draw otherwise).
pub fn executable_sha256() -> Result<String> {
    let exe = std::env::current_exe().map_err(|source| Error::Io {
        path: "the running executable".into(),
        source,
    })?;
    let io = |source| Error::Io {
        path: exe.display().to_string(),
        source,
    };
    let mut file = std::fs::File::open(&exe).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The satellites shard `shard` of a run of `scenario` takes: a contiguous range of equal
/// estimated work ([`Scenario::satellite_work`]).
pub fn run_shard_satellites(scenario: &Scenario, shard: Shard) -> Range<usize> {
    let work = satellite_work(scenario);
    shard.range_of(&work)
}

fn satellite_work(scenario: &Scenario) -> Vec<f64> {
    (0..scenario.satellites.len())
        .map(|i| scenario.satellite_work(i))
        .collect()
}

/// A manifest with the fields every shard fills the same way.
fn manifest(
    kind: ShardKind,
    shard: Shard,
    inputs: &ScenarioInputs,
    executable: &str,
    (scenario_sha256, seed): (String, u64),
) -> ShardManifest {
    ShardManifest {
        format: SHARD_FORMAT.to_string(),
        kind,
        shard,
        oslink_version: env!("CARGO_PKG_VERSION").to_string(),
        executable_sha256: executable.to_string(),
        scenario_sha256,
        seed,
        satellites: None,
        grid_points: None,
        link_steps: 0,
        work_fraction: 0.0,
        payload_bytes: 0,
        timings_s: serde_json::Value::Null,
        inputs: inputs.clone(),
    }
}

/// Computes shard `shard` of the run of `inputs` (its scenario is `scenario`, built from
/// them) and writes it into `dir` (the staging folder of an [`crate::report::OutputDir`]):
/// the geometry and link stages of its satellites, refused after the pass search when they
/// need more than `max_memory_gib` GiB. `started` is when the shard's process
/// began; `executable` goes into the manifest ([`executable_sha256`]). Returns the files
/// written and the manifest.
pub fn write_run_shard(
    dir: &Path,
    (inputs, scenario): (&ScenarioInputs, &Scenario),
    (shard, executable, max_memory_gib): (Shard, &str, f64),
    progress: &dyn Progress,
    started: Instant,
) -> Result<(Vec<PathBuf>, ShardManifest)> {
    let hash = scenario_sha256([scenario]);
    let work = satellite_work(scenario);
    let satellites = shard.range_of(&work);
    let total: f64 = work.iter().sum();
    let mut part = run_part(scenario, satellites.clone(), Some(max_memory_gib), progress)?;
    let mut m = manifest(
        ShardKind::Run,
        shard,
        inputs,
        executable,
        (hash.clone(), scenario.seed),
    );
    m.link_steps = part.geometry.steps.len() as u64;
    m.work_fraction = fraction(work[satellites.clone()].iter().sum(), total);
    m.satellites = Some(satellites);
    let t_out = Instant::now();
    let check = PayloadCheck {
        format: SHARD_FORMAT.to_string(),
        shard,
        scenario_sha256: hash,
    };
    let payload = RunPayload { check, part };
    let bin = write_payload(dir, &payload)?;
    part = payload.part;
    let mut timings: Timings = part.timings;
    timings.output_s = t_out.elapsed().as_secs_f64();
    timings.total_s = started.elapsed().as_secs_f64();
    m.timings_s = serde_json::to_value(timings).unwrap_or_default();
    finish_manifest(dir, bin, m)
}

/// Computes shard `shard` of the sweep `plan` (built from `inputs`) and writes it into `dir`
/// (see [`write_run_shard`]): the results of its grid points.
pub fn write_sweep_shard(
    dir: &Path,
    (inputs, plan): (&ScenarioInputs, &SweepPlan),
    (shard, executable): (Shard, &str),
    progress: &dyn Progress,
    started: Instant,
) -> Result<(Vec<PathBuf>, ShardManifest)> {
    let hash = sweep_sha256(plan);
    let points = sweep_shard_points(plan, shard);
    let (result, skipped) = plan.run_points(&points, progress)?;
    let mut m = manifest(
        ShardKind::Sweep,
        shard,
        inputs,
        executable,
        (hash.clone(), plan.base.seed),
    );
    let work = |p: &[usize]| -> f64 { p.iter().map(|&i| plan.points[i].scenario.work()).sum() };
    let all: Vec<usize> = (0..plan.points.len()).collect();
    m.work_fraction = fraction(work(&points), work(&all));
    m.grid_points = Some(points.len());
    let mut timings = result.timings;
    let payload = SweepPayload {
        check: PayloadCheck {
            format: SHARD_FORMAT.to_string(),
            shard,
            scenario_sha256: hash,
        },
        points: result
            .points
            .into_iter()
            .map(|p| PointPayload {
                index: p.index,
                stations: p.stations,
                network: p.network,
            })
            .collect(),
        skipped,
        timings,
    };
    let bin = write_payload(dir, &payload)?;
    timings.total_s = started.elapsed().as_secs_f64();
    m.timings_s = serde_json::to_value(timings).unwrap_or_default();
    finish_manifest(dir, bin, m)
}

/// The grid points of shard `shard` of a sweep: the points in geometry-group order (so that
/// a group stays on one shard as far as the balance allows, and its geometry is computed once
/// there), cut into contiguous runs of equal estimated work ([`Scenario::work`]).
pub fn sweep_shard_points(plan: &SweepPlan, shard: Shard) -> Vec<usize> {
    let order: Vec<usize> = plan.geometry_groups().into_iter().flatten().collect();
    let work: Vec<f64> = order
        .iter()
        .map(|&p| plan.points[p].scenario.work())
        .collect();
    order[shard.range_of(&work)].to_vec()
}

/// The SHA-256 of a sweep: of its base scenario and every grid point's scenario.
pub(crate) fn sweep_sha256(plan: &SweepPlan) -> String {
    scenario_sha256(std::iter::once(&plan.base).chain(plan.points.iter().map(|p| &p.scenario)))
}

fn fraction(part: f64, total: f64) -> f64 {
    if total > 0.0 {
        // + 0.0: an empty sum is −0.0.
        part / total + 0.0
    } else {
        0.0
    }
}

fn write_payload<P: Serialize>(dir: &Path, payload: &P) -> Result<PathBuf> {
    write_atomic_with(dir, PAYLOAD_FILE, |w| {
        postcard::to_io(payload, w)
            .map(|_| ())
            .map_err(|e| std::io::Error::other(e.to_string()))
    })
}

/// Writes `shard.json` (last: a folder with a manifest has its whole payload).
fn finish_manifest(
    dir: &Path,
    bin: PathBuf,
    mut m: ShardManifest,
) -> Result<(Vec<PathBuf>, ShardManifest)> {
    m.payload_bytes = std::fs::metadata(&bin)
        .map_err(|source| Error::Io {
            path: bin.display().to_string(),
            source,
        })?
        .len();
    let json = serde_json::to_vec_pretty(&m).expect("the manifest serializes");
    let manifest = write_atomic(dir, MANIFEST_FILE, &json)?;
    Ok((vec![manifest, bin], m))
}
