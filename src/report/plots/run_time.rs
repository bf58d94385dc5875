//! The figures of `oslink run` along time, chosen to read at every span: the contact timeline
//! per station (always), the elevation timeline (spans up to [`ELEVATION_SPAN_MAX_S`]), the
//! maximum elevation of each pass (passes that begin and end inside the span), the volume per
//! UTC day (two days or more) and the availability per calendar month (two months or more).
//!
//! A GEO seen from a station is one endless pass: it has no pass maxima to plot, and its
//! contact timeline is its availability over time.

use super::charts::{decimate_min_max, palette, stride, BarChart, BarLayer, LineChart, Series};
use super::timeline::{TimelineChart, TimelineRow};
use super::Chart;
use crate::access::Pass;
use crate::scenario::Scenario;
use crate::sim::{RunOutput, TimeBins};
use crate::time::format_unix_ms;

/// Size of the line, bar and strip figures, px.
pub(super) const SIZE: (u32, u32) = (1000, 560);
/// Longest span with an elevation timeline, s: beyond, passes merge into a comb.
pub(super) const ELEVATION_SPAN_MAX_S: f64 = 2.0 * 86_400.0;
/// Buckets of the elevation timeline over the span.
const TIMELINE_BUCKETS: f64 = 2000.0;
/// Shortest part of a UTC day the daily volume figure scales to 24 h, s.
const MIN_PARTIAL_DAY_S: f64 = 6.0 * 3600.0;
/// Passes drawn per station in the elevation timeline (an even stride over them).
const MAX_ELEVATION_PASSES: usize = 400;
/// Pass maxima drawn per station (an even stride over its passes).
const MAX_PASS_DOTS: usize = 2000;

/// Time axis scale for a duration: minutes up to 3 h, hours up to 3 days, days beyond.
pub(super) fn time_axis(duration_s: f64) -> (f64, &'static str) {
    if duration_s <= 3.0 * 3600.0 {
        (60.0, "min")
    } else if duration_s <= 3.0 * 86_400.0 {
        (3600.0, "h")
    } else {
        (86_400.0, "d")
    }
}

/// "1 satellite" or "N satellites".
fn satellites(scenario: &Scenario) -> String {
    match scenario.satellites.len() {
        1 => "1 satellite".into(),
        n => format!("{n} satellites"),
    }
}

/// The passes of station `station` on its network-direction link, in pass order: one per
/// pass of a satellite over it, even when it also has the other direction's link.
pub(super) fn station_passes(scenario: &Scenario, run: &RunOutput, station: usize) -> Vec<usize> {
    let direction = scenario.network_direction();
    let geometry = &run.geometry;
    (0..geometry.passes.len())
        .filter(|&p| {
            scenario.links[geometry.pass_link[p]]
                .ground_space()
                .is_some_and(|(_, j, d)| j == station && d == direction)
        })
        .collect()
}

/// Contact and mean up time per station in the even bins of the span.
pub(super) fn contact_timeline(scenario: &Scenario, run: &RunOutput) -> TimelineChart {
    let bins: &TimeBins = &run.statistics.timeline.even;
    let (scale, unit) = time_axis(scenario.duration_s());
    let x = |t: f64| (t - scenario.start_unix_s) / scale;
    let rows = scenario
        .stations
        .iter()
        .enumerate()
        .map(|(j, st)| TimelineRow {
            name: st.station.name.clone(),
            color: palette(j),
            // Fractions of what all the station's telescopes could track in the bin.
            bins: (0..bins.len())
                .map(|k| {
                    let full = bins.capacity_s(k) * st.telescopes.count as f64;
                    (
                        x(bins.edges_unix_s[k]),
                        x(bins.edges_unix_s[k + 1]),
                        bins.contact_s[j][k] / full,
                        bins.up_s[j][k] / full,
                    )
                })
                .collect(),
        })
        .collect();
    let width = scenario.duration_s() / bins.len().max(1) as f64;
    let all_endless =
        !run.geometry.passes.is_empty() && run.geometry.passes.iter().all(Pass::in_view_throughout);
    TimelineChart {
        title: format!(
            "{} per station ({}, bins of {}, mean of {} weather realizations)",
            if all_endless {
                "Availability over time"
            } else {
                "Contact and link-up time"
            },
            satellites(scenario),
            duration_words(width),
            run.realizations.len()
        ),
        x_label: format!(
            "time since {}, {unit}",
            format_unix_ms(scenario.start_unix_s)
        ),
        x_range: (0.0, scenario.duration_s() / scale),
        rows,
        size: (
            SIZE.0,
            (140 + 60 * scenario.stations.len() as u32).clamp(300, 1600),
        ),
    }
}

/// The largest unit in which `most_bits` is at least 1 (Mbit below): (bits per unit, name).
fn volume_unit(most_bits: f64) -> (f64, &'static str) {
    [(1e15, "Pbit"), (1e12, "Tbit"), (1e9, "Gbit"), (1e6, "Mbit")]
        .into_iter()
        .find(|(u, _)| most_bits >= *u)
        .unwrap_or((1e6, "Mbit"))
}

/// "36 s", "14.6 min", "2.4 h" or "1.5 d".
fn duration_words(s: f64) -> String {
    if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 5400.0 {
        format!("{:.1} min", s / 60.0)
    } else if s < 2.0 * 86_400.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} d", s / 86_400.0)
    }
}

/// Elevation above each station over the span (min/max decimated per bucket; at most
/// [`MAX_ELEVATION_PASSES`] passes per station, evenly spread).
pub(super) fn elevation(scenario: &Scenario, run: &RunOutput) -> LineChart {
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
            for p in stride(&station_passes(scenario, run, j), MAX_ELEVATION_PASSES) {
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
        title: format!("Elevation above each station ({})", satellites(scenario)),
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

/// The maximum elevation of every pass that rises and sets inside the span, at its TCA, one
/// dot per pass in the station's colour (at most [`MAX_PASS_DOTS`] per station, evenly spread).
pub(super) fn pass_max_elevation(scenario: &Scenario, run: &RunOutput) -> LineChart {
    let (scale, unit) = time_axis(scenario.duration_s());
    let passes = &run.geometry.passes;
    let mut thinned = false;
    let series = scenario
        .stations
        .iter()
        .enumerate()
        .map(|(j, st)| {
            let finite: Vec<usize> = station_passes(scenario, run, j)
                .into_iter()
                .filter(|&p| passes[p].inside_span())
                .collect();
            thinned |= finite.len() > MAX_PASS_DOTS;
            let points = stride(&finite, MAX_PASS_DOTS)
                .into_iter()
                .map(|p| {
                    let pass = &passes[p];
                    (
                        (pass.tca_unix_s - scenario.start_unix_s) / scale,
                        pass.max_elevation_rad.to_degrees(),
                    )
                })
                .collect();
            Series::dots(
                format!("{} ({} passes)", st.station.name, finite.len()),
                points,
                palette(j),
            )
        })
        .collect();
    LineChart {
        title: format!(
            "Maximum elevation of each pass ({}{})",
            satellites(scenario),
            if thinned {
                format!(", at most {MAX_PASS_DOTS} passes per station drawn")
            } else {
                String::new()
            }
        ),
        x_label: format!(
            "time of culmination since {}, {unit}",
            format_unix_ms(scenario.start_unix_s)
        ),
        y_label: "maximum elevation, °".into(),
        series,
        x_range: Some((0.0, scenario.duration_s() / scale)),
        y_range: Some((0.0, 90.0)),
        size: SIZE,
        ..LineChart::default()
    }
}

/// Expected data volume per UTC day and station, in the unit of [`volume_unit`] per day; a
/// partial day at the span's ends is scaled to 24 h when the span covers at least
/// [`MIN_PARTIAL_DAY_S`] of it, and left out otherwise. Bars up to 31 days, lines beyond.
pub(super) fn daily_volume(scenario: &Scenario, run: &RunOutput) -> Chart {
    let bins = &run.statistics.timeline.daily;
    // A day the span cuts to less than MIN_PARTIAL_DAY_S is left out (daily.csv has it):
    // scaled to 24 h, a few steps would stand for a whole day.
    let bits_per_day = |j: usize, k: usize| {
        let covered = bins.capacity_s(k);
        if covered >= MIN_PARTIAL_DAY_S {
            bins.volume_bits[j][k] * 86_400.0 / covered
        } else {
            f64::NAN
        }
    };
    let most = (0..scenario.stations.len())
        .flat_map(|j| (0..bins.len()).map(move |k| (j, k)))
        .map(|(j, k)| bits_per_day(j, k))
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let (unit_bits, unit) = volume_unit(most);
    let per_day = |j: usize| -> Vec<f64> {
        (0..bins.len())
            .map(|k| bits_per_day(j, k) / unit_bits)
            .collect()
    };
    let title = format!(
        "Data volume per UTC day (mean of {} weather realizations; partial days of 6 h or more scaled to 24 h)",
        run.realizations.len()
    );
    let y_label = format!("volume, {unit}/day");
    if bins.len() <= 31 {
        return Chart::Bar(BarChart {
            title,
            x_label: "day (UTC)".into(),
            y_label,
            categories: bins
                .days()
                .iter()
                .map(|(_, m, d)| format!("{m:02}-{d:02}"))
                .collect(),
            layers: station_layers(scenario, per_day),
            stacked: false,
            y_range: None,
            size: SIZE,
        });
    }
    let mid = |k: usize| {
        (0.5 * (bins.edges_unix_s[k] + bins.edges_unix_s[k + 1]) - scenario.start_unix_s) / 86_400.0
    };
    Chart::Line(LineChart {
        title,
        x_label: format!("days since {}", format_unix_ms(scenario.start_unix_s)),
        y_label,
        series: scenario
            .stations
            .iter()
            .enumerate()
            .map(|(j, st)| {
                let points = per_day(j).into_iter().enumerate().map(|(k, v)| (mid(k), v));
                Series {
                    width: 1,
                    ..Series::line(st.station.name.clone(), points.collect(), palette(j))
                }
            })
            .collect(),
        x_range: Some((0.0, scenario.duration_s() / 86_400.0)),
        size: SIZE,
        ..LineChart::default()
    })
}

/// One bar layer per station, in its colour, with `values(j)` for station j.
fn station_layers(scenario: &Scenario, values: impl Fn(usize) -> Vec<f64>) -> Vec<BarLayer> {
    scenario
        .stations
        .iter()
        .enumerate()
        .map(|(j, st)| BarLayer {
            name: st.station.name.clone(),
            values: values(j),
            color: palette(j),
        })
        .collect()
}

/// Grouped bars of the monthly availability: one group per month, one bar per station (no
/// bar without contact).
pub(super) fn monthly_availability(scenario: &Scenario, run: &RunOutput) -> BarChart {
    let monthly = &run.statistics.timeline.monthly;
    BarChart {
        title: "Availability per calendar month (mean over weather realizations)".into(),
        x_label: "month (UTC)".into(),
        y_label: "availability (up time / contact time)".into(),
        categories: monthly
            .months()
            .iter()
            .map(|(y, m)| format!("{y}-{m:02}"))
            .collect(),
        layers: station_layers(scenario, |j| monthly.availability(j)),
        stacked: false,
        y_range: Some((0.0, 1.0)),
        size: SIZE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_words() {
        assert_eq!(duration_words(72.0), "72 s");
        assert_eq!(duration_words(876.0), "14.6 min");
        assert_eq!(duration_words(52_560.0), "14.6 h");
        assert_eq!(duration_words(3.0 * 86_400.0), "3.0 d");
    }

    #[test]
    fn volumes_in_the_largest_unit_above_one() {
        assert_eq!(volume_unit(1.1e14).1, "Tbit"); // 110 Tbit, not 110000 Gbit
        assert_eq!(volume_unit(6.4e9).1, "Gbit");
        assert_eq!(volume_unit(2e7).1, "Mbit");
        assert_eq!(volume_unit(0.0).1, "Mbit");
    }
}
