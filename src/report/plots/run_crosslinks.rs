//! The crosslink figures of `oslink run`: range, Doppler and static margin along every window
//! of each crosslink ([`crate::crosslinks::CrosslinkPass`] samples), and a timeline of which
//! links are up: the crosslinks (visible, carrying data) above the stations' rows.
//!
//! At most [`MAX_CROSSLINKS`] crosslinks are drawn (the first ones, in scenario order); a
//! larger set is a constellation, whose windows belong in windows.csv rather than in lines.

use super::charts::{palette, LineChart, Rule, Series};
use super::run_time::{contact_timeline, time_axis, SIZE};
use super::timeline::{TimelineChart, TimelineRow};
use crate::crosslinks::{CrosslinkPass, CrosslinkSample};
use crate::scenario::Scenario;
use crate::sim::RunOutput;
use crate::time::format_unix_ms;

/// Most crosslinks drawn in one figure.
pub(super) const MAX_CROSSLINKS: usize = 8;

/// What a crosslink line figure shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Along {
    /// Range between the satellites, km.
    Range,
    /// |Doppler shift|, GHz (the larger leg of a duplex link).
    Doppler,
    /// Static vacuum margin, dB (the lower leg of a duplex link).
    Margin,
}

impl Along {
    /// The figure's file stem.
    pub(super) fn stem(self) -> &'static str {
        match self {
            Along::Range => "crosslink_range",
            Along::Doppler => "crosslink_doppler",
            Along::Margin => "crosslink_margin",
        }
    }

    fn value(self, s: &CrosslinkSample) -> f64 {
        match self {
            Along::Range => s.range_m / 1e3,
            Along::Doppler => s.doppler_hz / 1e9,
            Along::Margin => s.min_margin_db(),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Along::Range => "range, km",
            Along::Doppler => "|Doppler shift| −ρ̇/λ, GHz",
            Along::Margin => "static vacuum margin (received power − sensitivity), dB",
        }
    }
}

/// The passes of crosslink `k`.
fn passes_of(run: &RunOutput, k: usize) -> impl Iterator<Item = &CrosslinkPass> {
    run.crosslinks
        .passes
        .iter()
        .filter(move |p| p.crosslink == k)
}

/// `what` along every window of the first [`MAX_CROSSLINKS`] crosslinks over the span, one
/// line per crosslink broken between its windows.
pub(super) fn crosslink_along(scenario: &Scenario, run: &RunOutput, what: Along) -> LineChart {
    let (scale, unit) = time_axis(scenario.duration_s());
    let x = |t: f64| (t - scenario.start_unix_s) / scale;
    let shown = scenario.crosslinks.len().min(MAX_CROSSLINKS);
    let series = (0..shown)
        .map(|k| {
            let mut points = Vec::new();
            for pass in passes_of(run, k) {
                points.extend(pass.samples.iter().map(|s| (x(s.unix_s), what.value(s))));
                points.push((f64::NAN, f64::NAN));
            }
            Series::line(scenario.crosslink_name(k), points, palette(k))
        })
        .collect();
    let more = scenario.crosslinks.len() - shown;
    let title = format!(
        "Crosslinks: {} along each window{}",
        what.label().split(',').next().unwrap_or_default(),
        if more > 0 {
            format!(" (first {shown}; {more} more in windows.csv)")
        } else {
            String::new()
        }
    );
    let rules = if what == Along::Margin {
        vec![Rule {
            name: "sensitivity (margin 0 dB)".into(),
            y: 0.0,
            color: palette(3),
        }]
    } else {
        Vec::new()
    };
    LineChart {
        title,
        x_label: format!(
            "time since {}, {unit}",
            format_unix_ms(scenario.start_unix_s)
        ),
        y_label: what.label().into(),
        series,
        rules,
        x_range: Some((0.0, scenario.duration_s() / scale)),
        size: SIZE,
        ..LineChart::default()
    }
}

/// Which links are up over the span: per crosslink, the fraction of each bin it is visible
/// (light) and carries data, weighted by P(up) (dark); then the stations' rows of the
/// `timeline` figure.
pub(super) fn link_timeline(scenario: &Scenario, run: &RunOutput) -> TimelineChart {
    let mut chart = contact_timeline(scenario, run);
    let bins = &run.statistics.timeline.even;
    let (scale, _) = time_axis(scenario.duration_s());
    let x = |t: f64| (t - scenario.start_unix_s) / scale;
    let shown = scenario.crosslinks.len().min(MAX_CROSSLINKS);
    let rows: Vec<TimelineRow> = (0..shown)
        .map(|k| {
            let bins = (0..bins.len())
                .map(|b| {
                    let (lo, hi) = (bins.edges_unix_s[b], bins.edges_unix_s[b + 1]);
                    let width = (hi - lo).max(f64::MIN_POSITIVE);
                    let (mut visible, mut up) = (0.0, 0.0);
                    for pass in passes_of(run, k) {
                        let w = &pass.window;
                        visible += overlap(lo, hi, w.start_unix_s, w.end_unix_s);
                        if let Some(first) = pass.data_start_unix_s {
                            up += pass.up_time_s(0, lo.max(first), hi);
                        }
                    }
                    (x(lo), x(hi), visible / width, up / width)
                })
                .collect();
            TimelineRow {
                name: scenario.crosslink_name(k),
                color: palette(scenario.stations.len() + k),
                bins,
            }
        })
        .collect();
    let stations = std::mem::take(&mut chart.rows);
    chart.rows = rows.into_iter().chain(stations).collect();
    chart.title = format!(
        "Links over time: crosslinks (visible light, carrying data dark) and stations (contact \
         light, mean up dark; {} weather realizations)",
        run.realizations.len()
    );
    chart.size.1 = (140 + 60 * chart.rows.len() as u32).clamp(300, 1600);
    chart
}

/// Length of [a, b) ∩ [c, d), s (0 when they do not meet).
fn overlap(a: f64, b: f64, c: f64, d: f64) -> f64 {
    (b.min(d) - a.max(c)).max(0.0)
}
