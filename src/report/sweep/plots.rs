//! The figures of `oslink sweep` (OUTDIR/plots, PNG and SVG) drawn with the run plots' charts.
//!
//! For each swept key: network and per-station availability, and daily data volume, against
//! that key with the other keys held at the best point's values (a slice through the optimum;
//! every point is in sweep.csv). Numeric keys give line charts (network with its P10–P90 band
//! over weather realizations), others bar charts (station sets ranked best first, at most 10). When two numeric keys
//! are swept, heatmaps of the network availability and volume over both (the first two numeric
//! keys; other keys at the best point).

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::Result;
use crate::report::format::value_cell;
use crate::report::plots::{
    draw_heatmap, palette, write_figure, Band, BarChart, BarLayer, Chart, DrawResult, Figure,
    FigureFile, Heatmap, LineChart, Series, NETWORK_COLOR,
};
use crate::sim::{AvailabilitySummary, RankBy};
use crate::sweep::{PointResult, SweepPlan, SweepResult, STATIONS_KEY};

/// Size of every sweep figure, px.
const SIZE: (u32, u32) = (1000, 560);
/// At most this many categories in a bar chart (the best ones, by network availability): the
/// bar chart names at most 10 categories on its axis.
const MAX_BARS: usize = 10;

/// A sweep figure: one of the run charts or a heatmap.
#[derive(Debug, Clone)]
pub(crate) enum SweepFigure {
    /// Line or bar chart.
    Chart(Chart),
    /// Two-key heatmap.
    Heatmap(Heatmap),
}

impl Figure for SweepFigure {
    fn title(&self) -> &str {
        match self {
            SweepFigure::Chart(c) => c.title(),
            SweepFigure::Heatmap(h) => &h.title,
        }
    }

    fn size(&self) -> (u32, u32) {
        match self {
            SweepFigure::Chart(c) => c.size(),
            SweepFigure::Heatmap(h) => h.size,
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        match self {
            SweepFigure::Chart(c) => c.draw(root),
            SweepFigure::Heatmap(h) => draw_heatmap(root, h),
        }
    }
}

/// Writes every sweep figure into `dir` (OUTDIR/plots) as PNG and SVG.
pub(crate) fn write_sweep_plots(
    dir: &Path,
    plan: &SweepPlan,
    result: &SweepResult,
) -> Result<Vec<FigureFile>> {
    sweep_figures(plan, result)
        .iter()
        .map(|(name, figure)| write_figure(dir, name, figure))
        .collect()
}

/// The figures of a sweep with their file stems (`availability_vs_KEY`, `volume_vs_KEY`,
/// `heatmap_availability`, `heatmap_volume`; KEY with every character other than letters,
/// digits, '-' and '_' replaced by '_'). None without a grid point.
pub(crate) fn sweep_figures(plan: &SweepPlan, result: &SweepResult) -> Vec<(String, SweepFigure)> {
    let Some(best) = result.best(1).first().copied() else {
        return Vec::new();
    };
    let numeric: Vec<bool> = (0..plan.keys.len())
        .map(|k| {
            result
                .points
                .iter()
                .all(|p| p.values[k].as_float().is_some() || p.values[k].as_integer().is_some())
        })
        .collect();
    // An axis with one value has nothing to plot against (it is listed in the report).
    let varied: Vec<bool> = (0..plan.keys.len())
        .map(|k| {
            result
                .points
                .iter()
                .any(|p| p.values[k] != result.points[0].values[k])
        })
        .collect();
    let mut out = Vec::new();
    for (k, key) in plan.keys.iter().enumerate() {
        if !varied[k] {
            continue;
        }
        let slice = slice_through(result, best, &[k]);
        let stem = sanitize(key);
        for metric in [Metric::Availability, Metric::Volume] {
            let figure = if numeric[k] {
                SweepFigure::Chart(Chart::Line(line_chart(key, k, &slice, metric, plan, best)))
            } else {
                SweepFigure::Chart(Chart::Bar(bar_chart(key, k, &slice, metric, plan, best)))
            };
            out.push((format!("{}_vs_{stem}", metric.stem()), figure));
        }
    }
    let keys: Vec<usize> = (0..plan.keys.len())
        .filter(|&k| numeric[k] && varied[k])
        .collect();
    if let [kx, ky, ..] = keys[..] {
        let slice = slice_through(result, best, &[kx, ky]);
        for metric in [Metric::Availability, Metric::Volume] {
            out.push((
                format!("heatmap_{}", metric.stem()),
                SweepFigure::Heatmap(heatmap(plan, result, best, &slice, (kx, ky), metric)),
            ));
        }
    }
    out
}

#[derive(Debug, Clone, Copy)]
enum Metric {
    Availability,
    Volume,
}

impl Metric {
    /// The ranking by this figure.
    fn rank_by(self) -> RankBy {
        match self {
            Metric::Availability => RankBy::Availability,
            Metric::Volume => RankBy::Volume,
        }
    }

    fn stem(self) -> &'static str {
        match self {
            Metric::Availability => "availability",
            Metric::Volume => "volume",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Metric::Availability => "availability (link up / contact), %",
            Metric::Volume => "data volume, Gbit/day",
        }
    }

    /// (mean, P10, P90) in plot units.
    fn of(self, s: &AvailabilitySummary) -> (f64, f64, f64) {
        match self {
            Metric::Availability => (
                100.0 * s.availability.mean,
                100.0 * s.availability.p10,
                100.0 * s.availability.p90,
            ),
            Metric::Volume => (
                s.daily_volume_bits.mean / 1e9,
                s.daily_volume_bits.p10 / 1e9,
                s.daily_volume_bits.p90 / 1e9,
            ),
        }
    }
}

/// The points equal to `best` on every key except `free`, in grid order.
fn slice_through<'a>(
    result: &'a SweepResult,
    best: &PointResult,
    free: &[usize],
) -> Vec<&'a PointResult> {
    result
        .points
        .iter()
        .filter(|p| {
            p.values
                .iter()
                .zip(&best.values)
                .enumerate()
                .all(|(k, (a, b))| free.contains(&k) || a == b)
        })
        .collect()
}

/// "other keys at the best point: a = 1, b = x" (empty with one key).
fn held(plan: &SweepPlan, best: &PointResult, free: &[usize]) -> String {
    let others: Vec<String> = plan
        .keys
        .iter()
        .enumerate()
        .filter(|(k, _)| !free.contains(k))
        .map(|(k, key)| format!("{key} = {}", value_cell(&best.values[k])))
        .collect();
    if others.is_empty() {
        String::new()
    } else {
        format!(" ({})", others.join(", "))
    }
}

fn number(v: &toml::Value) -> f64 {
    v.as_float()
        .or_else(|| v.as_integer().map(|i| i as f64))
        .unwrap_or(f64::NAN)
}

fn line_chart(
    key: &str,
    k: usize,
    slice: &[&PointResult],
    metric: Metric,
    plan: &SweepPlan,
    best: &PointResult,
) -> LineChart {
    let x = |p: &PointResult| number(&p.values[k]);
    let mut series = vec![Series::line_points(
        "network",
        slice
            .iter()
            .map(|p| (x(p), metric.of(&p.network).0))
            .collect(),
        NETWORK_COLOR,
    )];
    series[0].width = 3;
    // Stations are the same along a non-station key: take them from the best point.
    // Each station in its colour of the run figures: its index in the scenario.
    let index_of = |name: &str| {
        plan.base
            .stations
            .iter()
            .position(|s| s.station.name == name)
            .unwrap_or(0)
    };
    for st in &best.stations {
        let points = slice
            .iter()
            .filter_map(|p| {
                let s = p.stations.iter().find(|s| s.name == st.name)?;
                Some((x(p), metric.of(s).0))
            })
            .collect();
        series.push(Series::line_points(
            st.name.clone(),
            points,
            palette(index_of(&st.name)),
        ));
    }
    LineChart {
        title: format!("{} vs {key}{}", metric.stem(), held(plan, best, &[k])),
        x_label: key.to_string(),
        y_label: metric.label().to_string(),
        bands: vec![Band {
            name: "network P10–P90".into(),
            points: slice
                .iter()
                .map(|p| {
                    let (_, lo, hi) = metric.of(&p.network);
                    (x(p), lo, hi)
                })
                .collect(),
            color: NETWORK_COLOR,
        }],
        series,
        size: SIZE,
        ..LineChart::default()
    }
}

fn bar_chart(
    key: &str,
    k: usize,
    slice: &[&PointResult],
    metric: Metric,
    plan: &SweepPlan,
    best: &PointResult,
) -> BarChart {
    let mut shown: Vec<&PointResult> = slice.to_vec();
    let figure = metric.rank_by();
    let by_metric = |a: &&PointResult, b: &&PointResult| {
        a.network
            .rank_cmp(&b.network, figure)
            .then(a.index.cmp(&b.index))
    };
    // Station sets are a ranking: best first by the figure drawn. Other keys keep the order
    // of their list.
    let ranked = key == STATIONS_KEY;
    shown.sort_by(by_metric);
    shown.truncate(MAX_BARS);
    if !ranked {
        shown.sort_by_key(|p| p.index);
    }
    let title_extra = if slice.len() > shown.len() {
        format!(", best {} of {}", shown.len(), slice.len())
    } else {
        String::new()
    };
    let categories: Vec<String> = shown
        .iter()
        .map(|p| {
            let cell = value_cell(&p.values[k]);
            if ranked && cell.chars().count() > 12 {
                // Station sets: the first 4 letters of each name keep the labels apart.
                cell.split('+')
                    .map(|n| n.chars().take(4).collect::<String>())
                    .collect::<Vec<_>>()
                    .join("+")
            } else {
                cell
            }
        })
        .collect();
    // Room for every label (≈ 8 px per character at 14 px) beside the legend column.
    let widest = categories
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0);
    let width = (340 + categories.len() * (8 * widest + 12)).max(SIZE.0 as usize) as u32;
    BarChart {
        title: format!(
            "network {} by {key}{}{title_extra}",
            metric.stem(),
            held(plan, best, &[k])
        ),
        x_label: key.to_string(),
        y_label: metric.label().to_string(),
        categories,
        layers: vec![BarLayer {
            name: "network".into(),
            values: shown.iter().map(|p| metric.of(&p.network).0).collect(),
            color: NETWORK_COLOR,
        }],
        stacked: false,
        y_range: None,
        size: (width, SIZE.1),
    }
}

fn heatmap(
    plan: &SweepPlan,
    result: &SweepResult,
    best: &PointResult,
    slice: &[&PointResult],
    (kx, ky): (usize, usize),
    metric: Metric,
) -> Heatmap {
    // Axis values in grid order (the order of the sweep's lists), each once; values are
    // told apart by their exact TOML text (a value is not hashable, its text is).
    let distinct = |k: usize| -> Vec<toml::Value> {
        let mut seen = std::collections::HashSet::new();
        result
            .points
            .iter()
            .filter(|p| seen.insert(p.values[k].to_string()))
            .map(|p| p.values[k].clone())
            .collect()
    };
    let (xs, ys) = (distinct(kx), distinct(ky));
    let mut at: std::collections::HashMap<(String, String), &PointResult> =
        std::collections::HashMap::new();
    for p in slice {
        at.entry((p.values[kx].to_string(), p.values[ky].to_string()))
            .or_insert(p);
    }
    let cells = ys
        .iter()
        .map(|y| {
            xs.iter()
                .map(|x| {
                    at.get(&(x.to_string(), y.to_string()))
                        .map_or(f64::NAN, |p| metric.of(&p.network).0)
                })
                .collect()
        })
        .collect();
    Heatmap {
        title: format!("network {}{}", metric.label(), held(plan, best, &[kx, ky])),
        x_label: plan.keys[kx].clone(),
        y_label: plan.keys[ky].clone(),
        x_values: xs.iter().map(value_cell).collect(),
        y_values: ys.iter().map(value_cell).collect(),
        cells,
        value_label: format!("network {}", metric.label()),
        decimals: match metric {
            Metric::Availability => 1,
            Metric::Volume => 2,
        },
        size: SIZE,
    }
}

fn sanitize(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
