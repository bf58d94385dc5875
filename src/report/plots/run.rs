//! The figures of `oslink run`, built from the engine output and the summary.
//!
//! Long series are thinned for drawing only (the CSV files keep every step): the elevation
//! timeline by min/max decimation into 2000 buckets over the span ([`decimate_min_max`]), so
//! every pass keeps its peak; sky tracks and the best-pass margin by an even stride
//! ([`stride`]) to at most 120 and 2000 points. A station with more than
//! [`MAX_PASSES_DRAWN`] passes (a constellation) has that many drawn, evenly spread over its
//! passes, in the elevation and sky figures: more lines only fill the plot (and the SVG).

use rayon::prelude::*;
use std::path::Path;

use super::charts::{
    decimate_min_max, palette, stride, Band, BarChart, BarLayer, LineChart, Rule, Series, SkyChart,
    SkyPanel, StripChart,
};
use super::{write_figure, Chart, FigureFile};
use crate::error::Result;
use crate::report::Summary;
use crate::scenario::Scenario;
use crate::sim::{MonthlyAvailability, RunOutput};
use crate::time::format_unix_ms;

/// Size of the line, bar and strip figures, px.
const SIZE: (u32, u32) = (1000, 560);
/// Buckets of the elevation timeline over the span.
const TIMELINE_BUCKETS: f64 = 2000.0;
/// Passes drawn per station in the elevation and sky figures (an even stride over them).
const MAX_PASSES_DRAWN: usize = 400;

/// The passes of station `station` to draw: all, or [`MAX_PASSES_DRAWN`] spread evenly.
fn passes_drawn(run: &RunOutput, station: usize) -> Vec<usize> {
    let all: Vec<usize> = (0..run.geometry.passes.len())
        .filter(|&p| run.geometry.passes[p].station_index == station)
        .collect();
    stride(&all, MAX_PASSES_DRAWN)
}

/// " (N per station drawn)" when some station has more passes than are drawn.
fn drawn_note(run: &RunOutput, stations: usize) -> String {
    let most = (0..stations)
        .map(|j| {
            run.geometry
                .passes
                .iter()
                .filter(|p| p.station_index == j)
                .count()
        })
        .max()
        .unwrap_or(0);
    if most > MAX_PASSES_DRAWN {
        format!(", {MAX_PASSES_DRAWN} passes per station drawn")
    } else {
        String::new()
    }
}

const UP: plotters::style::RGBColor = plotters::style::RGBColor(44, 160, 44);
const FADE: plotters::style::RGBColor = plotters::style::RGBColor(255, 127, 14);
const CLOUD: plotters::style::RGBColor = plotters::style::RGBColor(150, 150, 150);
const SUN: plotters::style::RGBColor = plotters::style::RGBColor(235, 195, 30);
const ACQUISITION: plotters::style::RGBColor = plotters::style::RGBColor(148, 103, 189);
const BUSY: plotters::style::RGBColor = plotters::style::RGBColor(140, 86, 75);

/// Writes every figure of a run into `dir` (OUTDIR/plots) as PNG and SVG.
pub(crate) fn write_run_plots(
    dir: &Path,
    scenario: &Scenario,
    run: &RunOutput,
    summary: &Summary,
) -> Result<Vec<FigureFile>> {
    // Figures render independently: in parallel, collected in order.
    run_figures(scenario, run, summary)
        .par_iter()
        .map(|(name, chart)| write_figure(dir, name, chart))
        .collect()
}

/// The figures of a run, each with its file stem: elevation, best_pass_margin (when there is a
/// pass), availability, sky (when there is a pass), monthly_availability (when the span
/// touches two calendar months or more), realizations.
pub(crate) fn run_figures(
    scenario: &Scenario,
    run: &RunOutput,
    summary: &Summary,
) -> Vec<(&'static str, Chart)> {
    let mut out = vec![("elevation", Chart::Line(elevation(scenario, run)))];
    if let Some(c) = best_pass_margin(scenario, run) {
        out.push(("best_pass_margin", Chart::Line(c)));
    }
    out.push(("availability", Chart::Bar(availability(summary))));
    if !run.geometry.passes.is_empty() {
        out.push(("sky", Chart::Sky(sky(scenario, run))));
    }
    let monthly = &run.statistics.monthly;
    if monthly.months.len() >= 2 {
        out.push((
            "monthly_availability",
            Chart::Bar(monthly_chart(scenario, monthly)),
        ));
    }
    out.push(("realizations", Chart::Strip(realizations(scenario, run))));
    out
}

/// Time axis scale for a duration: minutes up to 3 h, hours up to 3 days, days beyond.
fn time_axis(duration_s: f64) -> (f64, &'static str) {
    if duration_s <= 3.0 * 3600.0 {
        (60.0, "min")
    } else if duration_s <= 3.0 * 86_400.0 {
        (3600.0, "h")
    } else {
        (86_400.0, "d")
    }
}

fn elevation(scenario: &Scenario, run: &RunOutput) -> LineChart {
    let (scale, unit) = time_axis(scenario.duration_s());
    let span = scenario.duration_s() / scale;
    let bucket = span / TIMELINE_BUCKETS;
    let geometry = &run.geometry;
    let series = scenario
        .stations
        .iter()
        .enumerate()
        .map(|(j, st)| {
            let mut points = Vec::new();
            for p in passes_drawn(run, j) {
                let range = &geometry.pass_steps[p];
                let pass: Vec<(f64, f64)> = geometry.steps[range.clone()]
                    .iter()
                    .map(|g| {
                        (
                            (g.unix_s - scenario.start_unix_s) / scale,
                            g.elevation_rad.to_degrees(),
                        )
                    })
                    .collect();
                points.extend(decimate_min_max(&pass, bucket));
                points.push((f64::NAN, f64::NAN));
            }
            Series {
                width: 1,
                ..Series::line(st.station.name.clone(), points, palette(j))
            }
        })
        .collect();
    LineChart {
        title: format!(
            "Elevation above each station ({} satellite{}{})",
            scenario.satellites.len(),
            if scenario.satellites.len() == 1 {
                ""
            } else {
                "s"
            },
            drawn_note(run, scenario.stations.len())
        ),
        x_label: format!(
            "time since {}, {unit}",
            format_unix_ms(scenario.start_unix_s)
        ),
        y_label: "elevation, °".into(),
        series,
        x_range: Some((0.0, span)),
        y_range: Some((0.0, 90.0)),
        size: SIZE,
        ..LineChart::default()
    }
}

/// Margin along the pass of highest maximum elevation (the first one on ties).
fn best_pass_margin(scenario: &Scenario, run: &RunOutput) -> Option<LineChart> {
    let geometry = &run.geometry;
    let best = (0..geometry.passes.len()).max_by(|&a, &b| {
        geometry.passes[a]
            .max_elevation_rad
            .total_cmp(&geometry.passes[b].max_elevation_rad)
            .then(b.cmp(&a))
    })?;
    let pass = &geometry.passes[best];
    let range = geometry.pass_steps[best].clone();
    let (scale, unit) = time_axis(pass.duration_s());
    let rows: Vec<(f64, crate::sim::StepLink)> = geometry.steps[range.clone()]
        .iter()
        .zip(&run.links.steps[range])
        .map(|(g, l)| ((g.unix_s - pass.aos_unix_s) / scale, *l))
        .collect();
    let rows = stride(&rows, 2000);
    let line = |f: fn(&crate::sim::StepLink) -> f64| rows.iter().map(|(t, l)| (*t, f(l))).collect();
    Some(LineChart {
        title: format!(
            "Margin along the best pass: {} over {}, max elevation {:.1}°",
            pass.satellite,
            pass.station,
            pass.max_elevation_rad.to_degrees()
        ),
        x_label: format!("time since AOS {}, {unit}", format_unix_ms(pass.aos_unix_s)),
        y_label: "link margin (received power − sensitivity), dB".into(),
        series: vec![
            Series::line("static (no fading)", line(|l| l.margin_db), palette(0)),
            Series::line(
                "median with fading",
                line(|l| l.margin_percentiles_db[1]),
                palette(1),
            ),
        ],
        bands: vec![Band {
            name: format!("P5–P95 ({} draws)", scenario.fading_samples),
            points: rows
                .iter()
                .map(|(t, l)| (*t, l.margin_percentiles_db[0], l.margin_percentiles_db[2]))
                .collect(),
            color: palette(1),
        }],
        rules: vec![Rule {
            name: "sensitivity (margin 0 dB)".into(),
            y: 0.0,
            color: palette(3),
        }],
        size: SIZE,
        ..LineChart::default()
    })
}

fn availability(summary: &Summary) -> BarChart {
    let rows: Vec<_> = summary
        .stations
        .iter()
        .chain(std::iter::once(&summary.network))
        .collect();
    let layer = |name: &str, color, f: fn(&crate::sim::Breakdown) -> f64| BarLayer {
        name: name.into(),
        values: rows
            .iter()
            .map(|s| {
                let b = &s.breakdown;
                if b.in_view_s() > 0.0 {
                    f(b) / b.in_view_s()
                } else {
                    f64::NAN
                }
            })
            .collect(),
        color,
    };
    let mut layers = vec![
        layer("link up", UP, |b| b.up_s),
        layer("fade (turbulence, pointing)", FADE, |b| b.fade_s),
        layer("cloud", CLOUD, |b| b.cloud_s),
        layer("Sun exclusion", SUN, |b| b.sun_s),
    ];
    // The telescope's share only where a station has more satellites than telescopes or a
    // slew and acquisition time.
    let scheduled =
        |f: fn(&crate::sim::Breakdown) -> f64| rows.iter().any(|s| f(&s.breakdown) > 0.0);
    if scheduled(|b| b.acquisition_s) {
        layers.push(layer("slew and acquisition", ACQUISITION, |b| {
            b.acquisition_s
        }));
    }
    if scheduled(|b| b.busy_s) {
        layers.push(layer("no telescope free", BUSY, |b| b.busy_s));
    }
    BarChart {
        title: format!(
            "Where the time in view goes (mean of {} weather realizations)",
            summary.header.weather_realizations
        ),
        x_label: String::new(),
        y_label: "fraction of the time in view".into(),
        categories: rows.iter().map(|s| s.name.clone()).collect(),
        layers,
        stacked: true,
        y_range: Some((0.0, 1.0)),
        size: SIZE,
    }
}

fn sky(scenario: &Scenario, run: &RunOutput) -> SkyChart {
    let geometry = &run.geometry;
    let panels = scenario
        .stations
        .iter()
        .enumerate()
        .map(|(j, st)| {
            let tracks = passes_drawn(run, j)
                .into_iter()
                .map(|i| {
                    let (p, range) = (&geometry.passes[i], &geometry.pass_steps[i]);
                    let points: Vec<(f64, f64)> = geometry.steps[range.clone()]
                        .iter()
                        .map(|g| (g.azimuth_rad.to_degrees(), g.elevation_rad.to_degrees()))
                        .collect();
                    Series::line(
                        p.satellite.clone(),
                        stride(&points, 120),
                        palette(p.satellite_index),
                    )
                })
                .collect();
            let threshold = (0..=360)
                .map(|az| {
                    let az = f64::from(az);
                    (az, st.station.threshold_rad(az.to_radians()).to_degrees())
                })
                .collect();
            SkyPanel {
                title: st.station.name.clone(),
                tracks,
                threshold,
            }
        })
        .collect();
    SkyChart {
        title: format!(
            "Sky tracks of the {} passes{}",
            geometry.passes.len(),
            drawn_note(run, scenario.stations.len())
        ),
        panels,
    }
}

/// Grouped bars of [`MonthlyAvailability`]: one group per month, one bar per station (no bar
/// without contact).
fn monthly_chart(scenario: &Scenario, monthly: &MonthlyAvailability) -> BarChart {
    BarChart {
        title: "Availability per calendar month (mean over weather realizations)".into(),
        x_label: "month (UTC)".into(),
        y_label: "availability (up time / contact time)".into(),
        categories: monthly
            .months
            .iter()
            .map(|(y, m)| format!("{y}-{m:02}"))
            .collect(),
        layers: scenario
            .stations
            .iter()
            .enumerate()
            .map(|(j, st)| BarLayer {
                name: st.station.name.clone(),
                values: monthly.availability(j),
                color: palette(j),
            })
            .collect(),
        stacked: false,
        y_range: Some((0.0, 1.0)),
        size: SIZE,
    }
}

fn realizations(scenario: &Scenario, run: &RunOutput) -> StripChart {
    let stats = &run.statistics;
    let mut groups: Vec<(String, Vec<f64>)> = scenario
        .stations
        .iter()
        .zip(&stats.station_realizations)
        .map(|(st, values)| (st.station.name.clone(), values.clone()))
        .collect();
    groups.push(("network".into(), stats.network_realizations.clone()));
    StripChart {
        title: format!(
            "Availability over the {} weather realizations",
            run.realizations.len()
        ),
        y_label: "availability (up time / contact time)".into(),
        sample_name: "one realization".into(),
        groups,
        y_range: None,
        size: SIZE,
    }
}
