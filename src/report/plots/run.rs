//! The figures of `oslink run`, built from the engine output and the summary: the figures
//! along time (`run_time`), and those of the link: the margin along the best pass, the margin
//! CDF per station, where the time in view goes, the sky, and the spread over the weather
//! realizations. Station j has `palette(j)` in every figure, the network [`NETWORK_COLOR`].
//!
//! Long series are thinned for drawing only (the CSV files keep every step): the best-pass
//! margin by an even stride ([`stride`]) to 2000 points, sky tracks to 120 points. A station
//! with more than [`MAX_TRACKS`] passes has its sky drawn as a density of time per sky cell
//! instead of tracks, which would only fill the disc.

use rayon::prelude::*;
use std::path::Path;

use super::charts::{
    palette, stride, Band, BarChart, BarLayer, LineChart, Rule, Series, StripChart, NETWORK_COLOR,
};
use super::map::station_map;
use super::run_crosslinks::{crosslink_along, link_timeline, Along};
use super::run_time::{
    contact_timeline, daily_volume, elevation, monthly_availability, pass_max_elevation,
    station_passes, time_axis, ELEVATION_SPAN_MAX_S, SIZE,
};
use super::sky::{SkyChart, SkyContent, SkyDensity, SkyPanel};
use super::{write_figure, Chart, FigureFile};
use crate::access::Pass;
use crate::error::Result;
use crate::report::Summary;
use crate::scenario::Scenario;
use crate::sim::RunOutput;
use crate::time::format_unix_ms;

/// Most passes of one station drawn as sky tracks; beyond, its panel shows a density.
const MAX_TRACKS: usize = 60;

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

/// The figures of a run, each with its file stem: stations_map; timeline; elevation (spans
/// up to two days, not for a GEO); pass_max_elevation (a pass that rises and sets inside the
/// span); best_pass_margin and sky (when there is a pass); margin_cdf (when a station has
/// contact); availability; daily_volume (two UTC days or more); monthly_availability (two
/// calendar months or more); realizations; crosslink_range, crosslink_doppler,
/// crosslink_margin and link_timeline (a crosslink window).
pub(crate) fn run_figures(
    scenario: &Scenario,
    run: &RunOutput,
    summary: &Summary,
) -> Vec<(&'static str, Chart)> {
    let passes = &run.geometry.passes;
    let mut out = vec![
        ("stations_map", Chart::Map(station_map(scenario))),
        ("timeline", Chart::Timeline(contact_timeline(scenario, run))),
    ];
    let some_not_endless = passes.iter().any(|p| !p.in_view_throughout());
    if scenario.duration_s() <= ELEVATION_SPAN_MAX_S && some_not_endless {
        out.push(("elevation", Chart::Line(elevation(scenario, run))));
    }
    if passes.iter().any(Pass::inside_span) {
        out.push((
            "pass_max_elevation",
            Chart::Line(pass_max_elevation(scenario, run)),
        ));
    }
    if let Some(c) = best_pass_margin(scenario, run) {
        out.push(("best_pass_margin", Chart::Line(c)));
    }
    if run
        .statistics
        .margins
        .static_db
        .iter()
        .any(|m| !m.is_empty())
    {
        out.push(("margin_cdf", Chart::Line(margin_cdf(scenario, run))));
    }
    out.push(("availability", Chart::Bar(availability(summary))));
    if !passes.is_empty() {
        out.push(("sky", Chart::Sky(sky(scenario, run))));
    }
    if run.statistics.timeline.daily.len() >= 2 {
        out.push(("daily_volume", daily_volume(scenario, run)));
    }
    if run.statistics.timeline.monthly.len() >= 2 {
        out.push((
            "monthly_availability",
            Chart::Bar(monthly_availability(scenario, run)),
        ));
    }
    out.push(("realizations", Chart::Strip(realizations(scenario, run))));
    if !run.crosslinks.passes.is_empty() {
        for along in [Along::Range, Along::Doppler, Along::Margin] {
            out.push((
                along.stem(),
                Chart::Line(crosslink_along(scenario, run, along)),
            ));
        }
        out.push((
            "link_timeline",
            Chart::Timeline(link_timeline(scenario, run)),
        ));
    }
    out
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
    let title = if pass.in_view_throughout() {
        format!(
            "Margin over the span: {} over {} (in view throughout), elevation {:.1}°",
            pass.satellite,
            pass.station,
            pass.max_elevation_rad.to_degrees()
        )
    } else {
        format!(
            "Margin along the best pass: {} over {}, max elevation {:.1}°",
            pass.satellite,
            pass.station,
            pass.max_elevation_rad.to_degrees()
        )
    };
    Some(LineChart {
        title,
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

/// The sky of each station: its pass tracks (each in its satellite's colour), or, for a
/// station with more than [`MAX_TRACKS`] passes, the time in view per sky cell.
fn sky(scenario: &Scenario, run: &RunOutput) -> SkyChart {
    let geometry = &run.geometry;
    let mut densities = 0;
    let panels = scenario
        .stations
        .iter()
        .enumerate()
        .map(|(j, st)| {
            let own = station_passes(scenario, run, j);
            let content = if own.len() > MAX_TRACKS {
                densities += 1;
                let steps = own
                    .iter()
                    .flat_map(|&i| geometry.steps[geometry.pass_steps[i].clone()].iter());
                SkyContent::Density(SkyDensity::of(steps.map(|g| {
                    (
                        g.azimuth_rad.to_degrees(),
                        g.elevation_rad.to_degrees(),
                        scenario.step_s,
                    )
                })))
            } else {
                SkyContent::Tracks(own.iter().map(|&i| sky_track(run, i)).collect())
            };
            let threshold = (0..=360)
                .map(|az| {
                    let az = f64::from(az);
                    (az, st.station.threshold_rad(az.to_radians()).to_degrees())
                })
                .collect();
            SkyPanel {
                title: st.station.name.clone(),
                content,
                threshold,
            }
        })
        .collect();
    SkyChart {
        title: format!(
            "Sky {} of the {} passes",
            if densities > 0 {
                "time in view"
            } else {
                "tracks"
            },
            geometry.passes.len(),
        ),
        panels,
    }
}

/// The sky track of pass `i` (at most 120 points), in its satellite's colour.
fn sky_track(run: &RunOutput, i: usize) -> Series {
    let geometry = &run.geometry;
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
}

/// The margin CDF of each station over its contact steps: static (dashed) and the median
/// with fading (solid), in the station's colour.
fn margin_cdf(scenario: &Scenario, run: &RunOutput) -> LineChart {
    let m = &run.statistics.margins;
    let cdf = |q: &[f64]| -> Vec<(f64, f64)> {
        let n = (q.len().max(2) - 1) as f64;
        q.iter()
            .enumerate()
            .map(|(p, &x)| (x, p as f64 / n))
            .collect()
    };
    let mut series = Vec::new();
    for (j, st) in scenario.stations.iter().enumerate() {
        if m.static_db[j].is_empty() {
            continue;
        }
        let name = &st.station.name;
        series.push(Series::line(
            format!("{name}, median with fading"),
            cdf(&m.fading_median_db[j]),
            palette(j),
        ));
        series.push(Series {
            dashed: true,
            ..Series::line(format!("{name}, static"), cdf(&m.static_db[j]), palette(j))
        });
    }
    LineChart {
        title: "Margin over the contact time per station (CDF over the steps in contact)".into(),
        x_label: "link margin (received power − sensitivity), dB".into(),
        y_label: "fraction of the contact time with margin ≤ x".into(),
        series,
        rules: Vec::new(),
        y_range: Some((0.0, 1.0)),
        size: SIZE,
        ..LineChart::default()
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
    let colors = (0..scenario.stations.len())
        .map(palette)
        .chain(std::iter::once(NETWORK_COLOR))
        .collect();
    StripChart {
        colors,
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
