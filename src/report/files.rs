//! Output files of `oslink run`: summary.json, links.csv, passes.csv, windows.csv/json,
//! timeseries.csv,
//! plots/*.png|svg and report.html, each written to a temporary file in its folder and renamed
//! into place, so that a file is either complete or absent. summary.json is written last,
//! once, with the final timings.
//!
//! A scenario whose links go both ways (downlinks and uplinks) adds a last column `direction`
//! to passes.csv and timeseries.csv, whose rows then belong to either; with one direction the
//! files keep their first layout.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::atomic::{write_atomic, write_atomic_with};
use super::format::{cell, spread_cells};
use super::pass_columns;
use super::summary::Summary;
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::sim::RunOutput;
use crate::time::write_unix_ms;

/// Writes links.csv, passes.csv, timeseries.csv, the plots (into `dir/plots`, listed as that
/// folder), report.html and, last, summary.json into `dir` (created if needed). `run`'s
/// output and total times are set here: the output time is that of these files, the total
/// time counts from `started`. Returns the paths written and the summary.
pub fn write_run_files(
    dir: &Path,
    scenario: &Scenario,
    run: &mut RunOutput,
    timeseries: TimeseriesRows,
    started: std::time::Instant,
) -> Result<(Vec<PathBuf>, Summary)> {
    let t_out = std::time::Instant::now();
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.display().to_string(),
        source,
    })?;
    // The figures and the report show no timings: they can be made before the times are known.
    let summary = Summary::new(scenario, run);
    let plots = dir.join("plots");
    let figures = super::plots::write_run_plots(&plots, scenario, run, &summary)?;
    let html = super::html::run_report_html(scenario, run, &summary, &figures);
    let mut files = vec![
        write_atomic(dir, "links.csv", &links_csv(scenario, run))?,
        write_atomic(dir, "passes.csv", &passes_csv(scenario, run))?,
        write_atomic(dir, "monthly.csv", &monthly_csv(scenario, run))?,
        write_atomic(dir, "daily.csv", &daily_csv(scenario, run))?,
        write_atomic(dir, "margins.csv", &margins_csv(scenario, run))?,
        write_atomic(dir, "realizations.csv", &realizations_csv(scenario, run))?,
    ];
    // Every link window (ground passes and crosslink windows) with its geometry statistics.
    let windows =
        crate::windows::windows_of(scenario, &run.geometry, Some(&run.links), &run.crosslinks)?
            .windows;
    files.push(write_atomic(
        dir,
        "windows.csv",
        super::window_list::window_list_csv(&windows).as_bytes(),
    )?);
    files.push(write_atomic(
        dir,
        "windows.json",
        super::window_list::window_list_json(&windows).as_bytes(),
    )?);
    if timeseries != TimeseriesRows::None {
        files.push(write_atomic_with(dir, "timeseries.csv", |w| {
            write_timeseries_csv(w, scenario, run, timeseries)
        })?);
    }
    files.push(plots);
    files.push(write_atomic(dir, "report.html", html.as_bytes())?);
    run.timings.output_s = t_out.elapsed().as_secs_f64();
    // A merged run's total also counts its shards.
    run.timings.total_s =
        started.elapsed().as_secs_f64() + run.shards.iter().map(|t| t.total_s).sum::<f64>();
    let summary = Summary::new(scenario, run);
    let json = serde_json::to_vec_pretty(&summary).expect("the summary serializes");
    files.insert(0, write_atomic(dir, "summary.json", &json)?);
    Ok((files, summary))
}

/// Whether the scenario's links go both ways (passes.csv and timeseries.csv then say which).
fn mixed_directions(scenario: &Scenario) -> bool {
    scenario.directions().len() > 1
}

/// The direction column's value of link `link`.
fn direction_of(scenario: &Scenario, link: usize) -> &'static str {
    scenario.links[link]
        .ground_space()
        .map_or("vacuum", |(_, _, d)| d.name())
}

/// The monthly availability plot's numbers: per calendar month (UTC) and station, the contact
/// time, the expected up time, their ratio and the expected volume (means over the weather
/// realizations).
pub fn monthly_csv(scenario: &Scenario, run: &RunOutput) -> Vec<u8> {
    let bins = &run.statistics.timeline.monthly;
    let labels = bins
        .months()
        .iter()
        .map(|(y, m)| format!("{y:04}-{m:02}"))
        .collect();
    time_bins_csv(scenario, bins, "month", labels)
}

/// The daily volume plot's numbers: the columns of monthly.csv per UTC day.
pub fn daily_csv(scenario: &Scenario, run: &RunOutput) -> Vec<u8> {
    let bins = &run.statistics.timeline.daily;
    let labels = bins
        .days()
        .iter()
        .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
        .collect();
    time_bins_csv(scenario, bins, "day", labels)
}

/// One row per station and bin (labelled by `labels` in a column named `key`): contact, mean
/// up time, availability and mean volume.
fn time_bins_csv(
    scenario: &Scenario,
    bins: &crate::sim::TimeBins,
    key: &str,
    labels: Vec<String>,
) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        key,
        "station",
        "contact_s",
        "up_s_mean",
        "availability_mean",
        "volume_bits_mean",
    ])
    .expect("writing to memory");
    for (j, st) in scenario.stations.iter().enumerate() {
        let availability = bins.availability(j);
        for (k, label) in labels.iter().enumerate() {
            w.write_record([
                label.clone(),
                st.station.name.clone(),
                format!("{:.3}", bins.contact_s[j][k]),
                format!("{:.3}", bins.up_s[j][k]),
                cell(availability[k], 6),
                format!("{:.1}", bins.volume_bits[j][k]),
            ])
            .expect("writing to memory");
        }
    }
    w.into_inner().expect("in-memory writer")
}

/// The margin CDF plot's numbers: per station (with contact) and percentile p = 0, 1, …, 100,
/// the static margin and the median margin with fading that the link stays at or below during
/// p % of the contact steps.
pub fn margins_csv(scenario: &Scenario, run: &RunOutput) -> Vec<u8> {
    let m = &run.statistics.margins;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "station",
        "percentile",
        "static_margin_db",
        "fading_median_margin_db",
    ])
    .expect("writing to memory");
    for (j, st) in scenario.stations.iter().enumerate() {
        for (p, s) in m.static_db[j].iter().enumerate() {
            let fading = m.fading_median_db[j].get(p).copied().unwrap_or(f64::NAN);
            w.write_record([
                st.station.name.clone(),
                p.to_string(),
                cell(*s, 3),
                cell(fading, 3),
            ])
            .expect("writing to memory");
        }
    }
    w.into_inner().expect("in-memory writer")
}

/// The spread-over-weather plot's numbers: the availability of each station and of the network
/// in each weather realization (empty without contact).
pub fn realizations_csv(scenario: &Scenario, run: &RunOutput) -> Vec<u8> {
    let s = &run.statistics;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["realization", "station", "availability"])
        .expect("writing to memory");
    for r in 0..s.network_realizations.len() {
        let rows = scenario
            .stations
            .iter()
            .enumerate()
            .map(|(j, st)| (st.station.name.as_str(), s.station_realizations[j][r]))
            .chain(std::iter::once(("network", s.network_realizations[r])));
        for (name, a) in rows {
            w.write_record([r.to_string(), name.to_string(), cell(a, 6)])
                .expect("writing to memory");
        }
    }
    w.into_inner().expect("in-memory writer")
}

/// One row per link with its figures over the weather realizations.
pub fn links_csv(scenario: &Scenario, run: &RunOutput) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "link",
        "from",
        "to",
        "direction",
        "terminal",
        "receiver",
        "data_rate_bps",
        "passes",
        "contact_s",
        "busy_s_mean",
        "acquisition_s_mean",
        "sun_s_mean",
        "cloud_s_mean",
        "fade_s_mean",
        "up_s_mean",
        "cloud_free_fraction",
        "fade_outage_given_clear",
        "availability_mean",
        "availability_p10",
        "availability_p50",
        "availability_p90",
        "availability_of_span_mean",
        "daily_up_s_mean",
        "daily_volume_bits_mean",
        "daily_volume_bits_p10",
        "daily_volume_bits_p90",
    ])
    .expect("writing to memory");
    for (k, (link, a)) in scenario.links.iter().zip(&run.statistics.links).enumerate() {
        let b = &a.breakdown;
        let row = [
            a.name.clone(),
            scenario.node_name(link.from),
            scenario.node_name(link.to),
            direction_of(scenario, k).to_string(),
            link.terminal.clone(),
            link.receiver.clone(),
            scenario.data_rate_bps(k).to_string(),
            a.passes.to_string(),
            format!("{:.3}", a.contact_s),
            format!("{:.3}", b.busy_s),
            format!("{:.3}", b.acquisition_s),
            format!("{:.3}", b.sun_s),
            format!("{:.3}", b.cloud_s),
            format!("{:.3}", b.fade_s),
            format!("{:.3}", b.up_s),
            cell(a.cloud_free_fraction, 6),
            cell(a.fade_outage_given_clear, 6),
        ]
        .into_iter()
        .chain(spread_cells(&a.availability, 6))
        .chain([
            cell(a.availability_of_span.mean, 6),
            format!("{:.3}", a.daily_up_s.mean),
            format!("{:.1}", a.daily_volume_bits.mean),
            format!("{:.1}", a.daily_volume_bits.p10),
            format!("{:.1}", a.daily_volume_bits.p90),
        ]);
        w.write_record(row).expect("writing to memory");
    }
    w.into_inner().expect("in-memory writer")
}

/// One row per pass with its availability statistics over the weather realizations.
pub fn passes_csv(scenario: &Scenario, run: &RunOutput) -> Vec<u8> {
    let mixed = mixed_directions(scenario);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = pass_columns::IDENTITY
        .into_iter()
        .chain([pass_columns::DURATION, pass_columns::MAX_ELEVATION])
        .chain(pass_columns::AZIMUTHS)
        .chain(pass_columns::CLIPPED)
        .chain([
            "steps",
            "min_elevation_deg",
            "min_range_km",
            "max_range_km",
            "min_static_margin_db",
            "max_static_margin_db",
            "sun_excluded_fraction",
            "cloud_free_fraction",
            "fade_outage_given_clear",
            "availability_mean",
            "availability_p10",
            "availability_p50",
            "availability_p90",
            "volume_bits_mean",
        ])
        .collect();
    if mixed {
        header.push("direction");
    }
    w.write_record(&header).expect("writing to memory");
    let passes = run.geometry.passes.iter().zip(&run.statistics.passes);
    for ((p, st), &link) in passes.zip(&run.geometry.pass_link) {
        let (lo, hi) = st.static_margin_db;
        let mut row: Vec<String> = pass_columns::identity(p)
            .into_iter()
            .chain([pass_columns::duration(p), pass_columns::max_elevation(p, 3)])
            .chain(pass_columns::azimuths(p))
            .chain(pass_columns::clipped(p))
            .chain([
                st.steps.to_string(),
                cell(st.elevation_rad.0.to_degrees(), 3),
                cell(st.range_m.0 / 1e3, 3),
                cell(st.range_m.1 / 1e3, 3),
                cell(lo, 3),
                cell(hi, 3),
                cell(st.sun_excluded_fraction, 6),
                cell(st.cloud_free_fraction, 6),
                cell(st.fade_outage_given_clear, 6),
            ])
            .chain(spread_cells(&st.availability, 6))
            .chain([format!("{:.1}", st.mean.volume_bits)])
            .collect();
        if mixed {
            row.push(direction_of(scenario, link).to_string());
        }
        w.write_record(&row).expect("writing to memory");
    }
    w.into_inner().expect("in-memory writer")
}

/// Rows of timeseries.csv formatted at once (in parallel), then written: what the writer
/// holds in memory, whatever the run's size.
const TIMESERIES_BLOCK_ROWS: usize = 1 << 16;

/// Writes timeseries.csv into `out`: one row per link and time step inside passes, streamed
/// in blocks of rows (never the whole file in memory).
pub fn write_timeseries_csv(
    out: &mut dyn std::io::Write,
    scenario: &Scenario,
    run: &RunOutput,
    rows: TimeseriesRows,
) -> std::io::Result<()> {
    let mixed = mixed_directions(scenario);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "time",
        "satellite",
        "station",
        "elevation_deg",
        "azimuth_deg",
        "range_km",
        "static_margin_db",
        "sun_ok",
        "cloud_free_fraction",
        "cloud_free_realization0",
        "outage_probability",
        "margin_p5_db",
        "margin_p50_db",
        "margin_p95_db",
        "scintillation_index",
        "telescope_locked_fraction",
    ];
    if mixed {
        header.push("direction");
    }
    w.write_record(&header)?;
    out.write_all(&w.into_inner().map_err(|e| e.into_error())?)?;
    // Rows are formatted in parallel chunks and joined in order: the same bytes on any thread
    // count, and the output stage no longer serializes a multi-core run.
    let n = run.realizations.len() as f64;
    let satellites: Vec<String> = scenario
        .satellites
        .iter()
        .map(|s| csv_escape(&s.satellite.name))
        .collect();
    let stations: Vec<String> = scenario
        .stations
        .iter()
        .map(|s| csv_escape(&s.station.name))
        .collect();
    // (satellite, station) of each link, and its direction column (empty with one direction).
    let ends: Vec<(usize, usize)> = scenario
        .links
        .iter()
        .map(|l| l.ground_space().map_or((0, 0), |(i, j, _)| (i, j)))
        .collect();
    let direction_cells: Vec<String> = (0..scenario.links.len())
        .map(|k| {
            if mixed {
                format!(",{}", direction_of(scenario, k))
            } else {
                String::new()
            }
        })
        .collect();
    let format_rows = |rows: &[usize]| -> String {
        use std::fmt::Write;
        let mut text = String::with_capacity(rows.len() * 128);
        for &i in rows {
            let (g, l) = (&run.geometry.steps[i], &run.links.steps[i]);
            let (satellite, station) = ends[g.link];
            let clear: f64 = run
                .realizations
                .iter()
                .map(|r| f64::from(r.clear[i]))
                .sum::<f64>()
                / n;
            let clear0 = run.realizations.first().map_or(1, |r| r.clear[i]);
            write_unix_ms(&mut text, g.unix_s);
            let [p5, p50, p95] = l.margin_percentiles_db;
            let _ = writeln!(
                    text,
                    ",{},{},{:.4},{:.4},{:.3},{:.3},{},{clear:.4},{clear0},{:.6},{p5:.3},{p50:.3},{p95:.3},{:.5},{}{}",
                    satellites[satellite],
                    stations[station],
                    g.elevation_rad.to_degrees(),
                    g.azimuth_rad.to_degrees(),
                    g.range_m / 1e3,
                    l.margin_db,
                    u8::from(g.sun_ok),
                    l.outage_probability,
                    l.scintillation_index,
                    crate::error::number_text(run.schedule.tracking[i].locked_fraction()),
                    direction_cells[g.link],
                );
        }
        text
    };
    // The rows kept: every step, or every n-th of each pass and its last.
    let kept: Vec<usize> = match rows {
        TimeseriesRows::None => Vec::new(),
        TimeseriesRows::All => (0..run.geometry.steps.len()).collect(),
        TimeseriesRows::EveryNth(n) => run
            .geometry
            .pass_steps
            .iter()
            .flat_map(|r| {
                let last = r.end.checked_sub(1).filter(|&l| l >= r.start);
                r.clone()
                    .step_by(n.max(1))
                    .chain(last.filter(|l| (l - r.start) % n.max(1) != 0))
            })
            .collect(),
    };
    for block in kept.chunks(TIMESERIES_BLOCK_ROWS) {
        let chunks: Vec<String> = block.par_chunks(4096).map(&format_rows).collect();
        for chunk in chunks {
            out.write_all(chunk.as_bytes())?;
        }
    }
    Ok(())
}

/// A CSV field: quoted (quotes doubled) when it holds a comma, quote or line break (RFC 4180).
fn csv_escape(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::csv_escape;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_escape("koganei"), "koganei");
        assert_eq!(csv_escape("OGS, 1 m"), "\"OGS, 1 m\"");
        assert_eq!(csv_escape("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}

/// Which rows timeseries.csv gets (`run --timeseries`): a year at 1 s is hundreds of MB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeseriesRows {
    /// Every link step (default).
    #[default]
    All,
    /// Every n-th step of each pass, counted from its first, and its last step.
    EveryNth(usize),
    /// No timeseries.csv.
    None,
}

impl std::str::FromStr for TimeseriesRows {
    type Err = String;
    /// `all`, `none` or `every=N` (N ≥ 1).
    fn from_str(s: &str) -> std::result::Result<TimeseriesRows, String> {
        match s {
            "all" => Ok(TimeseriesRows::All),
            "none" => Ok(TimeseriesRows::None),
            other => match other.strip_prefix("every=").map(str::parse::<usize>) {
                Some(Ok(n)) if n >= 1 => Ok(TimeseriesRows::EveryNth(n)),
                _ => Err(format!(
                    "{other:?} is not a choice of rows: all, none or every=N (N ≥ 1: every N-th step of each pass and its last)"
                )),
            },
        }
    }
}
