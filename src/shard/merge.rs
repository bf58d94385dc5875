//! `oslink merge`: checks that shard folders make one whole run or sweep, then joins their
//! results into what a single machine computes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::manifest::{
    scenario_sha256, sweep_sha256, PayloadCheck, RunPayload, ShardKind, ShardManifest,
    SweepPayload, MANIFEST_FILE, PAYLOAD_FILE, SHARD_FORMAT,
};
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::sim::{finish, Progress, RunOutput, Timings};
use crate::sweep::{first_appearances, PointResult, SweepPlan, SweepResult, SweepTimings};

/// A whole run or sweep put together from its shards.
#[derive(Debug)]
pub enum Merged {
    /// The shards of `oslink run --shard`.
    Run {
        /// The scenario, built again from the shards' inputs.
        scenario: Box<Scenario>,
        /// What a single-machine run computes (timings aside: the shards' sums and each
        /// shard's in `shards`).
        output: Box<RunOutput>,
        /// The shard folders and their manifests, in shard order.
        shards: Vec<(PathBuf, ShardManifest)>,
    },
    /// The shards of `oslink sweep --shard`.
    Sweep {
        /// The grid, built again from the shards' inputs.
        plan: Box<SweepPlan>,
        /// What a single-machine sweep computes (timings aside, as for a run).
        result: Box<SweepResult>,
        /// The shard folders and their manifests, in shard order.
        shards: Vec<(PathBuf, ShardManifest)>,
    },
}

impl Merged {
    /// The shard folders and their manifests, in shard order.
    pub fn shards(&self) -> &[(PathBuf, ShardManifest)] {
        match self {
            Merged::Run { shards, .. } | Merged::Sweep { shards, .. } => shards,
        }
    }
}

fn shard_error(dir: &Path, reason: impl Into<String>) -> Error {
    Error::Shard {
        dir: dir.display().to_string(),
        reason: reason.into(),
    }
}

/// Reads the manifest of every shard folder in `dirs` and checks that they are the N shards
/// of one run or sweep: the same format, kind, oslink version, executable, scenario, seed and
/// N, each K once and none missing. Returns them in shard order, with their folders.
pub fn read_manifests(dirs: &[PathBuf]) -> Result<Vec<(PathBuf, ShardManifest)>> {
    if dirs.is_empty() {
        return Err(Error::invalid(
            "DIR",
            "none",
            "the shard folders to merge (the -o of each `--shard K/N` task)",
        ));
    }
    let mut found: BTreeMap<usize, (PathBuf, ShardManifest)> = BTreeMap::new();
    let mut first: Option<(PathBuf, ShardManifest)> = None;
    for dir in dirs {
        let m = read_manifest(dir)?;
        match &first {
            None => first = Some((dir.clone(), m.clone())),
            Some((dir0, m0)) => same_whole(dir0, m0, dir, &m)?,
        }
        if let Some((other, _)) = found.get(&m.shard.index) {
            return Err(shard_error(
                dir,
                format!(
                    "shard {} was given twice, here and as {}: give each shard's folder once",
                    m.shard,
                    other.display()
                ),
            ));
        }
        found.insert(m.shard.index, (dir.clone(), m));
    }
    let count = found.values().next().map_or(0, |(_, m)| m.shard.count);
    let missing: Vec<String> = (0..count)
        .filter(|k| !found.contains_key(k))
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() {
        let given: Vec<String> = found.keys().map(usize::to_string).collect();
        return Err(Error::invalid(
            "DIR",
            format!("shards {} of {count}", given.join(", ")),
            format!(
                "all {count} shards; missing: {} (a task that failed, was cancelled or \
                 is still running writes no shard folder: rerun it with --shard K/{count})",
                missing.join(", ")
            ),
        ));
    }
    Ok(found.into_values().collect())
}

fn read_manifest(dir: &Path) -> Result<ShardManifest> {
    if !dir.is_dir() {
        return Err(shard_error(
            dir,
            "not a folder; give the folders that `--shard K/N -o DIR` wrote",
        ));
    }
    let path = dir.join(MANIFEST_FILE);
    if !path.exists() {
        return Err(shard_error(
            dir,
            format!(
                "no {MANIFEST_FILE}: not a shard folder (a task that was killed or is still \
                 running leaves none)"
            ),
        ));
    }
    let text = crate::input::read_input_text(&path)?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| shard_error(dir, format!("{MANIFEST_FILE} is not JSON: {e}")))?;
    let format = value.get("format").and_then(|f| f.as_str()).unwrap_or("");
    if format != SHARD_FORMAT {
        return Err(shard_error(
            dir,
            format!(
                "{MANIFEST_FILE} has format {format:?}; this oslink ({}) reads {SHARD_FORMAT:?}",
                env!("CARGO_PKG_VERSION")
            ),
        ));
    }
    serde_json::from_value(value)
        .map_err(|e| shard_error(dir, format!("{MANIFEST_FILE} is damaged: {e}")))
}

/// Errors unless `m` (of `dir`) belongs to the same whole as `m0` (of `dir0`).
fn same_whole(dir0: &Path, m0: &ShardManifest, dir: &Path, m: &ShardManifest) -> Result<()> {
    let differ = |what: &str, a: String, b: String| {
        Err(shard_error(
            dir,
            format!(
                "its {what} is {b}, that of {} is {a}: shards of one {} come from one \
                 scenario, seed, shard count and oslink executable",
                dir0.display(),
                m0.kind.name()
            ),
        ))
    };
    if m.kind != m0.kind {
        return differ("kind", m0.kind.name().into(), m.kind.name().into());
    }
    if m.shard.count != m0.shard.count {
        return differ(
            "shard count N",
            m0.shard.count.to_string(),
            m.shard.count.to_string(),
        );
    }
    if m.scenario_sha256 != m0.scenario_sha256 {
        return differ(
            "scenario (SHA-256 of the built scenario)",
            short(&m0.scenario_sha256),
            short(&m.scenario_sha256),
        );
    }
    if m.seed != m0.seed {
        return differ("seed", m0.seed.to_string(), m.seed.to_string());
    }
    if m.oslink_version != m0.oslink_version {
        return differ(
            "oslink version",
            m0.oslink_version.clone(),
            m.oslink_version.clone(),
        );
    }
    if m.executable_sha256 != m0.executable_sha256 {
        return differ(
            "executable (SHA-256)",
            short(&m0.executable_sha256),
            short(&m.executable_sha256),
        );
    }
    Ok(())
}

fn short(hash: &str) -> String {
    hash.chars().take(12).collect()
}

/// Merges the shard folders `dirs` into the whole run or sweep. `executable` is the SHA-256
/// of the running executable (see [`super::executable_sha256`]; empty skips the check): the
/// merge computes the weather stage of a run, so it must be the shards' build. Refuses, before
/// reading any result, a merge whose memory (from the shards' actual link steps) exceeds
/// `max_memory_gib`. `progress` counts the shards read, then names the weather stage.
pub fn merge_shards(
    dirs: &[PathBuf],
    executable: &str,
    max_memory_gib: f64,
    progress: &dyn Progress,
) -> Result<Merged> {
    let started = Instant::now();
    let shards = read_manifests(dirs)?;
    let (dir0, m0) = &shards[0];
    if !executable.is_empty()
        && !m0.executable_sha256.is_empty()
        && executable != m0.executable_sha256
    {
        return Err(shard_error(
            dir0,
            format!(
                "written by another oslink executable (SHA-256 {}…) than this one ({}…): \
                 merge with the executable that ran the shards",
                short(&m0.executable_sha256),
                short(executable)
            ),
        ));
    }
    let rebuilt_differs = |hash: &str| {
        shard_error(
            dir0,
            format!(
                "its scenario {} built here is not the one the shards ran (SHA-256 {}… here, \
                 {}… in the shards): an element file it reads changed since, or its relative \
                 paths resolve elsewhere than in {} where the shards ran",
                m0.inputs.source,
                short(hash),
                short(&m0.scenario_sha256),
                m0.inputs
                    .working_dir
                    .as_deref()
                    .map_or("?".into(), |d| d.display().to_string())
            ),
        )
    };
    match m0.kind {
        ShardKind::Run => {
            let scenario = m0.inputs.scenario()?;
            let hash = scenario_sha256([&scenario]);
            if hash != m0.scenario_sha256 {
                return Err(rebuilt_differs(&hash));
            }
            let steps: u64 = shards.iter().map(|(_, m)| m.link_steps).sum();
            scenario
                .estimate_with_link_steps(steps as f64)
                .check(max_memory_gib, "--max-memory-gb")?;
            let mut whole: Option<crate::sim::RunPart> = None;
            let mut timings = Vec::with_capacity(shards.len());
            progress.set_length(shards.len() as u64);
            progress.set_stage("reading the shards");
            for (dir, m) in &shards {
                let payload: RunPayload = read_payload(dir, m)?;
                progress.advance(1);
                timings.push(manifest_timings::<Timings>(dir, m)?);
                match &mut whole {
                    None => whole = Some(payload.part),
                    Some(w) => w.append(payload.part).map_err(|e| {
                        shard_error(
                            dir,
                            format!("its satellites do not follow the previous shard's: {e}"),
                        )
                    })?,
                }
            }
            let part = whole.expect("at least one shard");
            part.geometry
                .check_fits(&scenario, &part.links)
                .map_err(|e| shard_error(dir0, format!("the shards' results do not fit the scenario ({e}): a shard folder is damaged")))?;
            let mut output = finish(&scenario, part, progress)?;
            output.shards = timings;
            Ok(Merged::Run {
                scenario: Box::new(scenario),
                output: Box::new(output),
                shards,
            })
        }
        ShardKind::Sweep => {
            let plan = m0.inputs.sweep_plan()?;
            let hash = sweep_sha256(&plan);
            if hash != m0.scenario_sha256 {
                return Err(rebuilt_differs(&hash));
            }
            let bytes: u64 = shards.iter().map(|(_, m)| m.payload_bytes).sum();
            // The decoded results take a few times their encoding.
            let need_gib = 4.0 * bytes as f64 / (1u64 << 30) as f64;
            if need_gib > max_memory_gib {
                return Err(Error::invalid(
                    "memory estimate",
                    format!("{need_gib:.1} GiB"),
                    format!("at most --max-memory-gb = {max_memory_gib} GiB (4 × the shards' {bytes} bytes of results)"),
                ));
            }
            let mut points: Vec<Option<PointResult>> = vec![None; plan.points.len()];
            let mut skipped = Vec::new();
            let mut total = SweepTimings::default();
            let mut each = Vec::with_capacity(shards.len());
            progress.set_length(shards.len() as u64);
            progress.set_stage("reading the shards");
            for (dir, m) in &shards {
                let payload: SweepPayload = read_payload(dir, m)?;
                progress.advance(1);
                for p in payload.points {
                    let slot = points.get_mut(p.index).ok_or_else(|| {
                        shard_error(
                            dir,
                            format!(
                                "holds grid point {}, the grid has {}",
                                p.index,
                                plan.points.len()
                            ),
                        )
                    })?;
                    if p.stations.len() != plan.points[p.index].stations.len() {
                        return Err(shard_error(dir, format!("holds {} station summaries for grid point {}, which has {} stations: the folder is damaged", p.stations.len(), p.index, plan.points[p.index].stations.len())));
                    }
                    if slot.is_some() {
                        return Err(shard_error(
                            dir,
                            format!("holds grid point {} that another shard holds too", p.index),
                        ));
                    }
                    *slot = Some(PointResult::new(
                        p.index,
                        plan.points[p.index].values.clone(),
                        p.stations,
                        p.network,
                    ));
                }
                skipped.extend(payload.skipped);
                let t: SweepTimings = manifest_timings(dir, m)?;
                total.add(&t);
                each.push(t);
            }
            let missing = points.iter().position(Option::is_none);
            if let Some(p) = missing {
                return Err(shard_error(
                    dir0,
                    format!("no shard holds grid point {p}: the shards are not of this grid"),
                ));
            }
            total.total_s += started.elapsed().as_secs_f64();
            let result = SweepResult {
                points: points.into_iter().flatten().collect(),
                skipped: first_appearances(skipped),
                timings: total,
                shards: each,
                rank_by: Default::default(),
            };
            Ok(Merged::Sweep {
                plan: Box::new(plan),
                result: Box::new(result),
                shards,
            })
        }
    }
}

fn manifest_timings<T: serde::de::DeserializeOwned>(dir: &Path, m: &ShardManifest) -> Result<T> {
    serde_json::from_value(m.timings_s.clone())
        .map_err(|e| shard_error(dir, format!("{MANIFEST_FILE}: timings_s is damaged: {e}")))
}

/// Reads `shard.bin` of `dir`, checking its size and its header against the manifest.
fn read_payload<P>(dir: &Path, m: &ShardManifest) -> Result<P>
where
    P: serde::de::DeserializeOwned + HasCheck,
{
    let path = dir.join(PAYLOAD_FILE);
    let io = |source| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let len = std::fs::metadata(&path).map_err(io)?.len();
    if len != m.payload_bytes {
        return Err(shard_error(
            dir,
            format!(
                "{PAYLOAD_FILE} has {len} bytes, its manifest says {}: the folder is damaged, \
                 rerun shard {}",
                m.payload_bytes, m.shard
            ),
        ));
    }
    let bytes = std::fs::read(&path).map_err(io)?;
    let payload: P = postcard::from_bytes(&bytes).map_err(|e| {
        shard_error(
            dir,
            format!(
                "{PAYLOAD_FILE} cannot be read ({e}): the folder is damaged, rerun shard {}",
                m.shard
            ),
        )
    })?;
    let expected = PayloadCheck {
        format: SHARD_FORMAT.to_string(),
        shard: m.shard,
        scenario_sha256: m.scenario_sha256.clone(),
    };
    if payload.check() != &expected {
        return Err(shard_error(
            dir,
            format!("{PAYLOAD_FILE} belongs to another shard or scenario than its {MANIFEST_FILE}"),
        ));
    }
    Ok(payload)
}

/// A payload's header.
trait HasCheck {
    fn check(&self) -> &PayloadCheck;
}

impl HasCheck for RunPayload {
    fn check(&self) -> &PayloadCheck {
        &self.check
    }
}

impl HasCheck for SweepPayload {
    fn check(&self) -> &PayloadCheck {
        &self.check
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::Scenario;
    use crate::sim::run_part;

    #[test]
    fn damaged_results_are_refused_not_indexed() {
        let scenario = Scenario::parse(
            include_str!("../../scenarios/smoke.toml"),
            "smoke.toml",
            None,
        )
        .unwrap();
        let part = run_part(&scenario, 0..1, None, &()).unwrap();
        assert!(!part.geometry.steps.is_empty());
        part.geometry.check_fits(&scenario, &part.links).unwrap();
        let damage: [fn(&mut crate::sim::RunPart); 5] = [
            |p| p.geometry.steps[0].link = 99,
            |p| p.geometry.steps[0].pass = 7,
            |p| p.geometry.pass_steps[0].end += 1_000_000,
            |p| p.geometry.pass_link[0] = 1,
            |p| {
                p.links.steps.pop();
            },
        ];
        for (i, f) in damage.iter().enumerate() {
            let mut bad = part.clone();
            f(&mut bad);
            let e = bad.geometry.check_fits(&scenario, &bad.links).unwrap_err();
            assert!(e.to_string().starts_with("shard results = "), "{i}: {e}");
        }
    }
}
