//! Output files of `oslink run`: summary.json, passes.csv, timeseries.csv, plots/*.png|svg and
//! report.html, each written to a temporary file in its folder and renamed into place, so that
//! a file is either complete or absent.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::atomic::write_atomic;
use super::format::cell;
use super::pass_columns;
use super::summary::Summary;
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::sim::{RunOutput, Spread};
use crate::time::write_unix_ms;

/// Writes summary.json, passes.csv, timeseries.csv, the plots (into `dir/plots`, listed as that
/// folder) and report.html into `dir` (created if needed); returns the paths written.
pub fn write_run_files(
    dir: &Path,
    scenario: &Scenario,
    run: &RunOutput,
    summary: &Summary,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let json = serde_json::to_vec_pretty(summary).expect("the summary serializes");
    let plots = dir.join("plots");
    let figures = super::plots::write_run_plots(&plots, scenario, run, summary)?;
    let html = super::html::run_report_html(scenario, run, summary, &figures);
    Ok(vec![
        write_atomic(dir, "summary.json", &json)?,
        write_atomic(dir, "passes.csv", &passes_csv(run))?,
        write_atomic(dir, "timeseries.csv", &timeseries_csv(scenario, run))?,
        plots,
        write_atomic(dir, "report.html", html.as_bytes())?,
    ])
}

/// One row per pass with its availability statistics over the weather realizations.
pub fn passes_csv(run: &RunOutput) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = pass_columns::IDENTITY
        .into_iter()
        .chain([pass_columns::DURATION, pass_columns::MAX_ELEVATION])
        .chain(pass_columns::AZIMUTHS)
        .chain([
            "steps",
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
        ]);
    w.write_record(header).expect("writing to memory");
    for (i, p) in run.geometry.passes.iter().enumerate() {
        let range = run.geometry.pass_steps[i].clone();
        let margins = run.links.steps[range.clone()].iter().map(|s| s.margin_db);
        let (lo, hi) = margins.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), m| {
            (a.min(m), b.max(m))
        });
        let per_r: Vec<_> = run.realizations.iter().map(|r| r.passes[i]).collect();
        let n = per_r.len() as f64;
        let mean = |f: &dyn Fn(&crate::sim::Breakdown) -> f64| per_r.iter().map(f).sum::<f64>() / n;
        let contact = per_r.first().map_or(0.0, |b| b.contact_s());
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        let (sun, fade, up) = (mean(&|b| b.sun_s), mean(&|b| b.fade_s), mean(&|b| b.up_s));
        let availability = Spread::of(
            &per_r
                .iter()
                .map(|b| ratio(b.up_s, b.contact_s()))
                .filter(|x| x.is_finite())
                .collect::<Vec<_>>(),
        );
        let row = pass_columns::identity(p)
            .into_iter()
            .chain([pass_columns::duration(p), pass_columns::max_elevation(p, 3)])
            .chain(pass_columns::azimuths(p))
            .chain([
                range.len().to_string(),
                cell(lo, 3),
                cell(hi, 3),
                cell(ratio(sun, contact), 6),
                cell(ratio(fade + up, contact - sun), 6),
                cell(ratio(fade, fade + up), 6),
                cell(availability.mean, 6),
                cell(availability.p10, 6),
                cell(availability.p50, 6),
                cell(availability.p90, 6),
                format!("{:.1}", mean(&|b| b.volume_bits)),
            ]);
        w.write_record(row).expect("writing to memory");
    }
    w.into_inner().expect("in-memory writer")
}

/// One row per station and time step inside passes.
pub fn timeseries_csv(scenario: &Scenario, run: &RunOutput) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
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
    ])
    .expect("writing to memory");
    let mut out = w.into_inner().expect("in-memory writer");
    // Rows are formatted in parallel chunks and joined in order: the same bytes on any thread
    // count, and the output stage no longer serializes a multi-core run.
    let n = run.realizations.len() as f64;
    let indices: Vec<usize> = (0..run.geometry.steps.len()).collect();
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
    let chunks: Vec<String> = indices
        .par_chunks(4096)
        .map(|chunk| {
            use std::fmt::Write;
            let mut text = String::with_capacity(chunk.len() * 128);
            for &i in chunk {
                let (g, l) = (&run.geometry.steps[i], &run.links.steps[i]);
                let clear: f64 = run.realizations.iter().map(|r| f64::from(r.clear[i])).sum::<f64>() / n;
                let clear0 = run.realizations.first().map_or(1, |r| r.clear[i]);
                write_unix_ms(&mut text, g.unix_s);
                let [p5, p50, p95] = l.margin_percentiles_db;
                let _ = writeln!(
                    text,
                    ",{},{},{:.4},{:.4},{:.3},{:.3},{},{clear:.4},{clear0},{:.6},{p5:.3},{p50:.3},{p95:.3},{:.5}",
                    satellites[g.satellite],
                    stations[g.station],
                    g.elevation_rad.to_degrees(),
                    g.azimuth_rad.to_degrees(),
                    g.range_m / 1e3,
                    l.margin_db,
                    u8::from(g.sun_ok),
                    l.outage_probability,
                    l.scintillation_index,
                );
            }
            text
        })
        .collect();
    for chunk in chunks {
        out.extend_from_slice(chunk.as_bytes());
    }
    out
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
