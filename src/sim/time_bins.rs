//! The station figures over time: contact, expected up time and expected volume per station
//! in bins of the span (calendar months, UTC days, an even timeline), and the distribution of
//! the link margin over the contact steps. They are computed once here, from the three engine
//! stages, for the plots and CSV files that show them.
//!
//! A step i of the network direction, tracked by station j (a telescope on the satellite,
//! [`Schedule`]), lying in bin k (the bin holding its time), adds to that bin
//! - contact: `Δt`;
//! - expected up time: `(Δt/R) · sun_ok[i] · (1 − a[i]) · (1 − p_out[i]) · Σ_r clear_r[i]`,
//!   with `a` the acquiring fraction of the step and `p_out` its fade-outage probability;
//! - expected volume: that up time × the link's data rate.
//!
//! These are the weather stage's per-step terms averaged over the R realizations, so the bins
//! of a station sum to the mean `up_s` and `volume_bits` of its breakdown.

use chrono::{Datelike, TimeZone, Utc};

use super::breakdown::ratio_or_nan;
use super::engine::{Geometry, LinkSteps};
use super::quantile::quantile_sorted;
use super::schedule::{Schedule, Tracking};
use super::weather::Realization;
use crate::scenario::Scenario;
use crate::time::from_unix_seconds;

/// Bins of the even contact timeline over the span (fewer for a span of fewer steps).
pub const TIMELINE_BINS: usize = 600;

/// Contact, expected up time and expected volume per station in consecutive bins of the span.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeBins {
    /// Bin edges, Unix s UTC, ascending: bin k is `[edges[k], edges[k+1])`; the first edge is
    /// the span start, the last its end.
    pub edges_unix_s: Vec<f64>,
    /// Contact time (a telescope on a satellite), s, `[station][bin]`.
    pub contact_s: Vec<Vec<f64>>,
    /// Expected link-up time (mean over weather realizations), s, `[station][bin]`.
    pub up_s: Vec<Vec<f64>>,
    /// Expected data volume (mean over weather realizations), bit, `[station][bin]`.
    pub volume_bits: Vec<Vec<f64>>,
    /// Grid steps in each bin: grid step i (time start + i·Δt before the span end, i = 0…N−1)
    /// lies in the bin holding its time.
    pub steps: Vec<u64>,
    /// The grid step Δt, s.
    pub step_s: f64,
}

impl TimeBins {
    /// Empty bins with the given edges over a grid of `grid_steps` steps of `step_s` from
    /// `edges[0]`.
    fn empty(edges_unix_s: Vec<f64>, grid_steps: u64, step_s: f64, stations: usize) -> TimeBins {
        let bins = edges_unix_s.len().saturating_sub(1);
        let start = edges_unix_s.first().copied().unwrap_or(0.0);
        // The first grid index at or after each inner edge (the grid's own 1e-9 tolerance).
        let first = |e: f64| (((e - start) / step_s - 1e-9).ceil().max(0.0) as u64).min(grid_steps);
        let mut firsts: Vec<u64> = vec![0];
        firsts.extend(
            edges_unix_s
                .iter()
                .skip(1)
                .take(bins.saturating_sub(1))
                .map(|&e| first(e)),
        );
        firsts.push(grid_steps);
        let steps = firsts.windows(2).map(|w| w[1] - w[0]).collect();
        TimeBins {
            edges_unix_s,
            contact_s: vec![vec![0.0; bins]; stations],
            up_s: vec![vec![0.0; bins]; stations],
            volume_bits: vec![vec![0.0; bins]; stations],
            steps,
            step_s,
        }
    }

    /// Number of bins.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether there is no bin.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Time the grid gives bin k (its steps × Δt), s: the contact of one telescope tracking
    /// throughout.
    pub fn capacity_s(&self, k: usize) -> f64 {
        self.steps[k] as f64 * self.step_s
    }

    /// Availability (up / contact) of station `station` in each bin, NaN in a bin without
    /// contact.
    pub fn availability(&self, station: usize) -> Vec<f64> {
        self.up_s[station]
            .iter()
            .zip(&self.contact_s[station])
            .map(|(u, c)| ratio_or_nan(*u, *c))
            .collect()
    }

    /// (year, month) of the start of each bin, UTC.
    pub fn months(&self) -> Vec<(i32, u32)> {
        self.starts().map(|d| (d.year(), d.month())).collect()
    }

    /// (year, month, day) of the start of each bin, UTC.
    pub fn days(&self) -> Vec<(i32, u32, u32)> {
        self.starts()
            .map(|d| (d.year(), d.month(), d.day()))
            .collect()
    }

    fn starts(&self) -> impl Iterator<Item = chrono::DateTime<Utc>> + '_ {
        self.edges_unix_s[..self.len()]
            .iter()
            .map(|&t| from_unix_seconds(t))
    }
}

/// The number of grid steps of the engine: the points t_k = start + k·Δt before `end` (point
/// k stands for [t_k, t_k + Δt); a point at the end starts nothing, as in the pass steps).
fn grid_steps(start_unix_s: f64, end_unix_s: f64, step_s: f64) -> u64 {
    let mut n = crate::time::grid(start_unix_s, end_unix_s, step_s)
        .size_hint()
        .0 as u64;
    while n > 0 && start_unix_s + (n - 1) as f64 * step_s >= end_unix_s {
        n -= 1;
    }
    n
}

/// The first grid step of each bin of `bins` (bins hold consecutive steps), and the step
/// count after the last: the lookup of [`bin_of`], a few hundred numbers however long the grid.
fn first_steps(bins: &TimeBins) -> Vec<u64> {
    let mut firsts = vec![0];
    for &n in &bins.steps {
        firsts.push(firsts.last().copied().unwrap_or(0) + n);
    }
    firsts
}

/// The bin holding grid step `i`, from the [`first_steps`] of the bins; `None` past the grid.
fn bin_of(firsts: &[u64], i: u64) -> Option<usize> {
    let bins = firsts.len().checked_sub(1)?;
    let k = firsts.partition_point(|&f| f <= i).checked_sub(1)?;
    (k < bins).then_some(k)
}

/// The edges of the calendar bins of `[start, end]`: the span start, every boundary strictly
/// inside the span (`next` gives the boundary after a time), the span end.
fn calendar_edges(start_unix_s: f64, end_unix_s: f64, next: impl Fn(f64) -> f64) -> Vec<f64> {
    let mut edges = vec![start_unix_s];
    let mut t = next(start_unix_s);
    while t < end_unix_s {
        edges.push(t);
        t = next(t);
    }
    edges.push(end_unix_s);
    edges
}

/// The first instant of the calendar month after the one holding `t`, Unix s.
fn next_month(t: f64) -> f64 {
    let d = from_unix_seconds(t);
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    Utc.with_ymd_and_hms(y, m, 1, 0, 0, 0)
        .single()
        .map_or(f64::INFINITY, |d| d.timestamp() as f64)
}

/// The next UTC midnight after `t`, Unix s.
fn next_day(t: f64) -> f64 {
    ((t / 86_400.0).floor() + 1.0) * 86_400.0
}

/// The station figures over time of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct StationTimeline {
    /// Per calendar month (UTC).
    pub monthly: TimeBins,
    /// Per UTC day.
    pub daily: TimeBins,
    /// In [`TIMELINE_BINS`] even bins of the span (one per step for a shorter span).
    pub even: TimeBins,
}

impl StationTimeline {
    /// The bins of a run, in one pass over its steps (the formula in the module doc).
    pub fn new(
        scenario: &Scenario,
        geometry: &Geometry,
        links: &LinkSteps,
        schedule: &Schedule,
        realizations: &[Realization],
    ) -> StationTimeline {
        let (start, end, dt) = (scenario.start_unix_s, scenario.end_unix_s, scenario.step_s);
        let n_st = scenario.stations.len();
        let grid_steps = grid_steps(start, end, dt);
        // Even bins of k whole steps (the last one shorter), so every bin's fraction of
        // contact has the same denominator.
        let per_bin = grid_steps.div_ceil(TIMELINE_BINS as u64).max(1);
        let n_even = grid_steps.div_ceil(per_bin);
        let even: Vec<f64> = (0..=n_even)
            .map(|m| start + (m * per_bin).min(grid_steps) as f64 * dt)
            .collect();
        let mut bins = [
            TimeBins::empty(calendar_edges(start, end, next_month), grid_steps, dt, n_st),
            TimeBins::empty(calendar_edges(start, end, next_day), grid_steps, dt, n_st),
            TimeBins::empty(even, grid_steps, dt, n_st),
        ];
        let lookup: Vec<Vec<u64>> = bins.iter().map(first_steps).collect();
        let mut last_bin = [0usize; 3];
        let r = realizations.len().max(1) as f64;
        let network_station = network_stations(scenario);
        let rates_bps: Vec<f64> = (0..scenario.links.len())
            .map(|k| scenario.data_rate_bps(k))
            .collect();
        for (i, (g, l)) in geometry.steps.iter().zip(&links.steps).enumerate() {
            let Some(j) = network_station[g.link] else {
                continue;
            };
            let Tracking::Tracked { acquiring } = schedule.tracking[i] else {
                continue;
            };
            let up_s = if g.sun_ok {
                let clear: u32 = realizations.iter().map(|x| u32::from(x.clear[i])).sum();
                (1.0 - acquiring) * dt * f64::from(clear) / r * (1.0 - l.outage_probability)
            } else {
                0.0
            };
            for ((b, firsts), last) in bins.iter_mut().zip(&lookup).zip(&mut last_bin) {
                // Steps of a pass are consecutive: most are in the bin of the step before.
                let i = g.time_index;
                let k = if firsts[*last] <= i && firsts.get(*last + 1).is_some_and(|&f| i < f) {
                    *last
                } else {
                    match bin_of(firsts, i) {
                        Some(k) => k,
                        None => continue,
                    }
                };
                *last = k;
                b.contact_s[j][k] += dt;
                b.up_s[j][k] += up_s;
                b.volume_bits[j][k] += up_s * rates_bps[g.link];
            }
        }
        let [monthly, daily, even] = bins;
        StationTimeline {
            monthly,
            daily,
            even,
        }
    }
}

/// The station of each link of the network direction (`None` for the other links).
pub(crate) fn network_stations(scenario: &Scenario) -> Vec<Option<usize>> {
    let direction = scenario.network_direction();
    scenario
        .links
        .iter()
        .map(|l| {
            l.ground_space()
                .and_then(|(_, j, d)| (d == direction).then_some(j))
        })
        .collect()
}

/// Percentiles of the margin CDF: 0, 1, …, 100 %.
pub const MARGIN_PERCENTILES: usize = 101;

/// The distribution of the link margin over each station's contact steps (the tracked steps
/// of the network direction, each counted once): the margin at the percentiles 0, 1, …,
/// 100 % (numpy's default quantile), so `static_db[j][p]` is the margin that station j's link
/// stays at or below during p % of its contact time.
#[derive(Debug, Clone, PartialEq)]
pub struct MarginDistribution {
    /// Static margin (no fading), dB, `[station][percentile]`; empty without contact.
    pub static_db: Vec<Vec<f64>>,
    /// Median margin with fading (the P50 of the fading draws of each step), dB,
    /// `[station][percentile]`; empty without contact.
    pub fading_median_db: Vec<Vec<f64>>,
}

impl MarginDistribution {
    /// The margin distribution of a run's stations.
    pub fn new(
        scenario: &Scenario,
        geometry: &Geometry,
        links: &LinkSteps,
        schedule: &Schedule,
    ) -> MarginDistribution {
        let n_st = scenario.stations.len();
        let network_station = network_stations(scenario);
        let mut margins = vec![(Vec::new(), Vec::new()); n_st];
        for (i, (g, l)) in geometry.steps.iter().zip(&links.steps).enumerate() {
            if let (Some(j), Tracking::Tracked { .. }) =
                (network_station[g.link], schedule.tracking[i])
            {
                margins[j].0.push(l.margin_db);
                margins[j].1.push(l.margin_percentiles_db[1]);
            }
        }
        let percentiles = |mut v: Vec<f64>| {
            v.retain(|x| !x.is_nan());
            v.sort_by(f64::total_cmp);
            if v.is_empty() {
                return Vec::new();
            }
            (0..MARGIN_PERCENTILES)
                .map(|p| quantile_sorted(&v, p as f64 / (MARGIN_PERCENTILES - 1) as f64))
                .collect()
        };
        let (static_db, fading_median_db) = margins
            .into_iter()
            .map(|(s, f)| (percentiles(s), percentiles(f)))
            .unzip();
        MarginDistribution {
            static_db,
            fading_median_db,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_edges_split_at_month_and_day_boundaries() {
        let t = |s: &str| crate::time::unix_seconds(crate::time::parse_utc(s).unwrap());
        let (a, b) = (t("2026-01-30T12:00:00Z"), t("2026-03-01T06:00:00Z"));
        let months = calendar_edges(a, b, next_month);
        assert_eq!(
            months,
            [a, t("2026-02-01T00:00:00Z"), t("2026-03-01T00:00:00Z"), b]
        );
        let days = calendar_edges(a, t("2026-02-01T00:00:00Z"), next_day);
        assert_eq!(
            days,
            [a, t("2026-01-31T00:00:00Z"), t("2026-02-01T00:00:00Z")]
        );
        // An hourly grid from 01-30T12:00 to 03-01T06:00 (the end starts nothing): 714 steps;
        // 30 min more adds the step at 06:00.
        let n = grid_steps(a, b, 3600.0);
        assert_eq!((n, grid_steps(a, b + 1800.0, 3600.0)), (714, 715));
        let bins = TimeBins::empty(months, n, 3600.0, 1);
        assert_eq!(bins.months(), [(2026, 1), (2026, 2), (2026, 3)]);
        // 36 h of January, 28 days of February, 6 steps of March (00:00 … 05:00).
        assert_eq!(bins.steps, [36, 672, 6]);
        assert_eq!(bins.capacity_s(2), 6.0 * 3600.0);
        let firsts = first_steps(&bins);
        let of = |i| bin_of(&firsts, i).unwrap();
        assert_eq!((of(35), of(36), of(707), of(708)), (0, 1, 1, 2));
        assert_eq!(bin_of(&firsts, 714), None, "past the grid");
    }
}
