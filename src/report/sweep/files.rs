//! Output files of `oslink sweep`: sweep.csv (one row per grid point × station and one per
//! grid point for the network), sweep.json (the same with the full per-point summaries), and
//! the folder with the plots and report.html, each file written atomically.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::report::atomic::write_atomic;
use crate::report::format::value_cell;
use crate::report::summary::RunHeader;
use crate::sim::AvailabilitySummary;
use crate::sweep::{SweepPlan, SweepResult, SweepTimings};

/// What `sweep.json` holds.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SweepSummary {
    /// The base scenario's identity and sizes (flattened into the top level of the JSON).
    #[serde(flatten)]
    pub(crate) header: RunHeader,
    /// The swept keys, in axis order (the CSV's value columns).
    pub(crate) keys: Vec<String>,
    /// Number of grid points.
    pub(crate) grid_points: usize,
    /// Satellites left out of some point (`on_propagation_error = "skip"`).
    pub(crate) skipped_satellites: Vec<crate::sim::SkippedSatellite>,
    /// The figure the points are ranked by: `volume`, `uptime` or `availability`.
    pub(crate) ranked_by: crate::sim::RankBy,
    /// Wall-clock seconds per stage (of a merged sweep: summed over the shards).
    pub(crate) timings_s: SweepTimings,
    /// Of a sweep merged from shards: each shard's timings, in shard order (absent otherwise).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) shard_timings_s: Vec<SweepTimings>,
    /// Every grid point, in grid order.
    pub(crate) points: Vec<SweepPointSummary>,
}

/// One grid point in `sweep.json`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SweepPointSummary {
    /// Position in the grid.
    pub(crate) index: usize,
    /// Swept key → value.
    pub(crate) values: serde_json::Map<String, serde_json::Value>,
    /// Each station of the point's network.
    pub(crate) stations: Vec<AvailabilitySummary>,
    /// The network.
    pub(crate) network: AvailabilitySummary,
    /// The network against its best single station.
    pub(crate) diversity_gain: crate::sim::DiversityGain,
    /// The point's rank by `ranked_by` (1 = best).
    pub(crate) rank: usize,
}

impl SweepSummary {
    /// The summary of a sweep.
    pub(crate) fn new(plan: &SweepPlan, result: &SweepResult) -> SweepSummary {
        let s = &plan.base;
        let ranks = result.ranks();
        let mut header = RunHeader::of(s);
        // The points' span when they share one (a time.* axis of one value sets it).
        if let Some((start, end, step)) = plan.common_span() {
            header.start = crate::time::format_unix_ms(start);
            header.end = crate::time::format_unix_ms(end);
            header.step_s = step;
        }
        SweepSummary {
            header,
            keys: plan.keys.clone(),
            grid_points: result.points.len(),
            skipped_satellites: result.skipped.clone(),
            ranked_by: result.rank_by,
            timings_s: result.timings,
            shard_timings_s: result.shards.clone(),
            points: result
                .points
                .iter()
                .map(|p| SweepPointSummary {
                    index: p.index,
                    values: plan
                        .keys
                        .iter()
                        .zip(&p.values)
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
                            )
                        })
                        .collect(),
                    stations: p.stations.clone(),
                    network: p.network.clone(),
                    diversity_gain: p.diversity_gain.clone(),
                    rank: ranks[p.index],
                })
                .collect(),
        }
    }
}

/// The columns of sweep.csv after the swept keys.
pub const SWEEP_CSV_COLUMNS: [&str; 20] = [
    "station",
    "passes",
    "contact_s",
    "availability_mean",
    "availability_p10",
    "availability_p50",
    "availability_p90",
    "cloud_free_fraction",
    "fade_outage_given_clear",
    "daily_volume_bits_mean",
    "daily_volume_bits_p10",
    "daily_volume_bits_p50",
    "daily_volume_bits_p90",
    "busy_s",
    "daily_up_s_mean",
    "daily_up_s_p10",
    "daily_up_s_p90",
    "diversity_gain_volume",
    "diversity_gain_up_time",
    "rank",
];

/// sweep.csv: `point`, one column per swept key, then [`SWEEP_CSV_COLUMNS`]; per point one row
/// per station of its network, then the `network` row, which alone has the diversity gains
/// and the point's rank by [`SweepResult::rank_by`] (1 = best). Numbers in full precision; a
/// figure that does not exist (availability without contact) is an empty field.
pub(crate) fn sweep_csv(plan: &SweepPlan, result: &SweepResult) -> Vec<u8> {
    let full = |x: f64| {
        if x.is_finite() {
            x.to_string()
        } else {
            String::new()
        }
    };
    let ranks = result.ranks();
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = std::iter::once("point")
        .chain(plan.keys.iter().map(String::as_str))
        .chain(SWEEP_CSV_COLUMNS)
        .collect();
    w.write_record(&header).expect("writing to memory");
    for p in &result.points {
        let n_stations = p.stations.len();
        for (j, s) in p
            .stations
            .iter()
            .chain(std::iter::once(&p.network))
            .enumerate()
        {
            let network = j == n_stations;
            let mut row = vec![p.index.to_string()];
            row.extend(p.values.iter().map(value_cell));
            row.extend([
                s.name.clone(),
                s.passes.to_string(),
                // A sum of steps: rounded to the millisecond (no 2552.000000000011).
                format!("{:.3}", s.contact_s),
                full(s.availability.mean),
                full(s.availability.p10),
                full(s.availability.p50),
                full(s.availability.p90),
                full(s.cloud_free_fraction),
                full(s.fade_outage_given_clear),
                s.daily_volume_bits.mean.to_string(),
                s.daily_volume_bits.p10.to_string(),
                s.daily_volume_bits.p50.to_string(),
                s.daily_volume_bits.p90.to_string(),
                s.breakdown.busy_s.to_string(),
                s.daily_up_s.mean.to_string(),
                s.daily_up_s.p10.to_string(),
                s.daily_up_s.p90.to_string(),
            ]);
            if network {
                row.extend([
                    full(p.diversity_gain.volume),
                    full(p.diversity_gain.up_time),
                    ranks[p.index].to_string(),
                ]);
            } else {
                row.extend([String::new(), String::new(), String::new()]);
            }
            w.write_record(&row).expect("writing to memory");
        }
    }
    w.into_inner().expect("in-memory writer")
}

/// Writes sweep.csv, sweep.json, the sweep plots (into `dir/plots`, listed as that folder) and
/// report.html into `dir` (created if needed); returns the paths written.
pub fn write_sweep_files(
    dir: &Path,
    plan: &SweepPlan,
    result: &SweepResult,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let json = serde_json::to_vec_pretty(&SweepSummary::new(plan, result))
        .expect("the sweep summary serializes");
    let csv = write_atomic(dir, "sweep.csv", &sweep_csv(plan, result))?;
    let json = write_atomic(dir, "sweep.json", &json)?;
    let plots = dir.join("plots");
    let figures = super::plots::write_sweep_plots(&plots, plan, result)?;
    let html = super::html::sweep_report_html(plan, result, &figures);
    let mut files = vec![csv, json];
    // A sweep without axes (or points) has no figure: then there is no plots/ to name.
    if !figures.is_empty() {
        files.push(plots);
    }
    files.push(write_atomic(dir, "report.html", html.as_bytes())?);
    Ok(files)
}
