//! Which satellite each telescope of a station tracks at each step: the station's
//! [`Telescopes`] applied to the satellites in view.
//!
//! A station has `count` telescopes, each on one satellite at a time; the uplink and the
//! downlink between a station and a satellite share it. The schedule is planned from the
//! geometry alone, ahead of the weather (operators plan passes from predictions, and the
//! clouds over one station are the same for every satellite it could choose), so every
//! weather realization sees the same schedule. Step by step over the common grid, at each
//! station:
//!
//! 1. a telescope whose satellite has left the view is freed (it keeps its pointing);
//! 2. the satellites in view without a telescope are taken best first by the policy
//!    ([`SchedulingPolicy`]): highest elevation now, most pass time left, or a priority
//!    list (ties: scenario order). Each takes the free telescope it can be acquired by
//!    soonest; with no telescope free it is *busy* (in view, not served), unless the policy
//!    preempts and it outranks a tracked satellite, whose telescope it then takes;
//! 3. a new track starts with the slew from the telescope's last line of sight,
//!    `θ / ω` ([`Telescopes::slew_s`]), less the time the telescope has been idle (it slews
//!    ahead to the satellite it will take; the first track of a telescope starts pre-pointed),
//!    and then the acquisition time: the link carries no data until
//!    `t_ready = t_start + max(0, θ/ω − t_idle) + t_acq`.
//!
//! A step of length Δt at time t is then tracked, with the fraction
//! `a = clamp((t_ready − t)/Δt, 0, 1)` of it spent acquiring, or busy. The weather stage counts
//! `a·Δt` as acquisition time, `(1 − a)·Δt` as time the link may be up, and a busy step as no
//! time of the station at all: a station's contact time is its telescope time, at most
//! `count ×` the span.

use serde::{Deserialize, Serialize};

use std::ops::Range;

use super::engine::{Geometry, StepGeometry};
use crate::ground::{SchedulingPolicy, Telescopes};
use crate::scenario::Scenario;

/// What the station's telescopes do for the satellite of one link step.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Tracking {
    /// A telescope is on the satellite; this fraction of the step (in [0, 1]) is spent
    /// slewing to it and acquiring it (0 once the link is locked).
    Tracked {
        /// Fraction of the step spent slewing and acquiring, in [0, 1].
        acquiring: f64,
    },
    /// The satellite is in view but every telescope is on another one.
    Busy,
}

impl Tracking {
    /// The fraction of the step a telescope is on the satellite and locked: `1 − a` when
    /// tracked, 0 when busy.
    pub fn locked_fraction(self) -> f64 {
        match self {
            Tracking::Tracked { acquiring } => 1.0 - acquiring,
            Tracking::Busy => 0.0,
        }
    }
}

/// What the schedule did at one station over the span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct StationSchedule {
    /// Tracks started (a telescope taking a satellite, preemptions included).
    pub tracks: usize,
    /// Tracks that took a telescope from a satellite still in view (priority policy).
    pub preemptions: usize,
    /// Most satellites in view at once.
    pub peak_in_view: usize,
    /// Grid steps with some satellite in view but without a telescope.
    pub busy_steps: usize,
}

/// The schedule of every station: the [`Tracking`] of every geometry step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// `tracking[i]` is that of `geometry.steps[i]`.
    pub tracking: Vec<Tracking>,
    /// Per station, in scenario order.
    pub stations: Vec<StationSchedule>,
}

/// One telescope during the schedule.
#[derive(Debug, Clone, Copy)]
struct Scope {
    /// The satellite it tracks.
    satellite: Option<usize>,
    /// The last grid index it tracked its satellite at (a gap ends the track: the next pass
    /// of the same satellite is a new track).
    last_index: u64,
    /// When its current track carries data, Unix s.
    ready_unix_s: f64,
    /// Its last line of sight (azimuth, elevation), rad; `None` before its first track.
    pointing: Option<(f64, f64)>,
    /// When it became (or, while tracking, will become) free: the end of its last tracked
    /// step, Unix s.
    free_since_unix_s: f64,
}

/// A satellite in view of the station at one grid step.
#[derive(Debug, Clone, Copy)]
struct InView {
    satellite: usize,
    /// Its steps: `entries[first..end]`.
    first: usize,
    end: usize,
    azimuth_rad: f64,
    elevation_rad: f64,
    /// Time left in its pass, s.
    remaining_s: f64,
}

impl Schedule {
    /// The schedule of `geometry` under each station's telescopes.
    pub fn new(scenario: &Scenario, geometry: &Geometry) -> Schedule {
        let mut tracking = vec![Tracking::Tracked { acquiring: 0.0 }; geometry.steps.len()];
        let mut by_station: Vec<Vec<(u64, usize, usize)>> =
            vec![Vec::new(); scenario.stations.len()];
        for (i, g) in geometry.steps.iter().enumerate() {
            if let Some((satellite, station, _)) = scenario.links[g.link].ground_space() {
                by_station[station].push((g.time_index, satellite, i));
            }
        }
        let stations = by_station
            .into_iter()
            .enumerate()
            .map(|(j, mut entries)| {
                entries.sort_unstable();
                schedule_station(
                    &scenario.stations[j].telescopes,
                    scenario.step_s,
                    (&geometry.steps, &geometry.pass_steps),
                    &entries,
                    &mut tracking,
                )
            })
            .collect();
        Schedule { tracking, stations }
    }
}

/// Schedules one station over its link steps `entries` (grid index, satellite, step index),
/// sorted, writing the tracking of each step; `steps` and `pass_steps` are the geometry's.
fn schedule_station(
    telescopes: &Telescopes,
    step_s: f64,
    (steps, pass_steps): (&[StepGeometry], &[Range<usize>]),
    entries: &[(u64, usize, usize)],
    tracking: &mut [Tracking],
) -> StationSchedule {
    let mut summary = StationSchedule::default();
    let mut scopes = vec![
        Scope {
            satellite: None,
            last_index: 0,
            ready_unix_s: f64::NEG_INFINITY,
            pointing: None,
            free_since_unix_s: f64::NEG_INFINITY,
        };
        telescopes.count
    ];
    let mut in_view: Vec<InView> = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let k = entries[start].0;
        let end = start + entries[start..].partition_point(|e| e.0 == k);
        in_view.clear();
        let mut first = start;
        while first < end {
            let satellite = entries[first].1;
            let stop = first + entries[first..end].partition_point(|e| e.1 == satellite);
            let g = &steps[entries[first].2];
            let remaining_s = entries[first..stop]
                .iter()
                .map(|e| {
                    let pass = &pass_steps[steps[e.2].pass];
                    let last = steps[pass.end - 1].time_index;
                    last.saturating_sub(k) as f64 * step_s
                })
                .fold(0.0, f64::max);
            in_view.push(InView {
                satellite,
                first,
                end: stop,
                azimuth_rad: g.azimuth_rad,
                elevation_rad: g.elevation_rad,
                remaining_s,
            });
            first = stop;
        }
        let t = steps[entries[start].2].unix_s;
        summary.peak_in_view = summary.peak_in_view.max(in_view.len());
        step_station(
            telescopes,
            &mut scopes,
            &in_view,
            (k, t),
            step_s,
            &mut summary,
        );
        for v in &in_view {
            let state = match scopes.iter().find(|s| s.satellite == Some(v.satellite)) {
                Some(scope) => Tracking::Tracked {
                    acquiring: ((scope.ready_unix_s - t) / step_s).clamp(0.0, 1.0),
                },
                None => Tracking::Busy,
            };
            for e in &entries[v.first..v.end] {
                tracking[e.2] = state;
            }
        }
        if in_view.iter().any(|v| !tracked(&scopes, v.satellite)) {
            summary.busy_steps += 1;
        }
        start = end;
    }
    summary
}

fn tracked(scopes: &[Scope], satellite: usize) -> bool {
    scopes.iter().any(|s| s.satellite == Some(satellite))
}

/// One grid step (index k at time `t`) of a station with the satellites `in_view`: frees,
/// assigns and preempts telescopes.
fn step_station(
    telescopes: &Telescopes,
    scopes: &mut [Scope],
    in_view: &[InView],
    (k, t): (u64, f64),
    step_s: f64,
    summary: &mut StationSchedule,
) {
    for scope in scopes.iter_mut() {
        if let Some(s) = scope.satellite {
            match in_view.iter().find(|v| v.satellite == s) {
                Some(v) if scope.last_index + 1 == k => {
                    scope.last_index = k;
                    scope.pointing = Some((v.azimuth_rad, v.elevation_rad));
                    // Free at the end of this step if the satellite leaves after it.
                    scope.free_since_unix_s = t + step_s;
                }
                // Set, or in view again after a gap (its next pass).
                _ => scope.satellite = None,
            }
        }
    }
    let mut waiting: Vec<&InView> = in_view
        .iter()
        .filter(|v| !tracked(scopes, v.satellite))
        .collect();
    if waiting.is_empty() {
        return;
    }
    let rank = |v: &InView| policy_rank(&telescopes.policy, v);
    waiting.sort_by(|a, b| {
        let (ra, rb) = (rank(a), rank(b));
        ra.0.total_cmp(&rb.0)
            .then(ra.1.total_cmp(&rb.1))
            .then(a.satellite.cmp(&b.satellite))
    });
    for v in waiting {
        let target = (v.azimuth_rad, v.elevation_rad);
        let ready_in = |scope: &Scope| match scope.pointing {
            None => 0.0,
            Some(from) => {
                (telescopes.slew_s(from, target) - (t - scope.free_since_unix_s)).max(0.0)
            }
        };
        let free = (0..scopes.len())
            .filter(|&n| scopes[n].satellite.is_none())
            .min_by(|&a, &b| ready_in(&scopes[a]).total_cmp(&ready_in(&scopes[b])));
        let chosen = match free {
            Some(n) => Some(n),
            None if telescopes.policy.preempts() => {
                // The tracked satellite of lowest priority, if it ranks below this one.
                let worst = (0..scopes.len()).max_by(|&a, &b| {
                    let ra = scope_rank(telescopes, &scopes[a], in_view);
                    let rb = scope_rank(telescopes, &scopes[b], in_view);
                    ra.0.total_cmp(&rb.0).then(ra.1.total_cmp(&rb.1))
                });
                worst.filter(|&n| {
                    let (rw, rv) = (scope_rank(telescopes, &scopes[n], in_view), rank(v));
                    rv.0 < rw.0 || (rv.0 == rw.0 && rv.1 < rw.1)
                })
            }
            None => None,
        };
        let Some(n) = chosen else {
            continue;
        };
        let scope = &mut scopes[n];
        if scope.satellite.is_some() {
            summary.preemptions += 1;
            scope.free_since_unix_s = t;
        }
        let slew_s = ready_in(scope);
        *scope = Scope {
            satellite: Some(v.satellite),
            last_index: k,
            ready_unix_s: t + slew_s + telescopes.acquisition_s,
            pointing: Some(target),
            free_since_unix_s: t + step_s,
        };
        summary.tracks += 1;
    }
}

/// The policy's order of a satellite in view (lower first): (primary, secondary) keys.
fn policy_rank(policy: &SchedulingPolicy, v: &InView) -> (f64, f64) {
    match policy {
        SchedulingPolicy::HighestElevation => (-v.elevation_rad, 0.0),
        SchedulingPolicy::LongestRemaining => (-v.remaining_s, -v.elevation_rad),
        SchedulingPolicy::Priority(order) => {
            let place = order
                .iter()
                .position(|&s| s == v.satellite)
                .unwrap_or(order.len());
            (place as f64, -v.elevation_rad)
        }
    }
}

/// The rank of the satellite a telescope tracks (every telescope tracks one when this is
/// asked).
fn scope_rank(telescopes: &Telescopes, scope: &Scope, in_view: &[InView]) -> (f64, f64) {
    scope
        .satellite
        .and_then(|s| in_view.iter().find(|v| v.satellite == s))
        .map_or((f64::INFINITY, f64::INFINITY), |v| {
            policy_rank(&telescopes.policy, v)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Steps of passes given as (satellite, first grid index, last grid index, azimuth°,
    /// elevation°), at a 10 s step from t = 0, with the constant look angles given; returns the
    /// steps, the pass ranges and the sorted entries of one station.
    type Passes = (
        Vec<StepGeometry>,
        Vec<Range<usize>>,
        Vec<(u64, usize, usize)>,
    );
    fn passes(spec: &[(usize, u64, u64, f64, f64)]) -> Passes {
        let (mut steps, mut ranges, mut entries) = (Vec::new(), Vec::new(), Vec::new());
        for (pass, &(satellite, k0, k1, az, el)) in spec.iter().enumerate() {
            let start = steps.len();
            for k in k0..=k1 {
                entries.push((k, satellite, steps.len()));
                steps.push(StepGeometry {
                    pass,
                    link: satellite,
                    time_index: k,
                    unix_s: 10.0 * k as f64,
                    azimuth_rad: az.to_radians(),
                    elevation_rad: el.to_radians(),
                    range_m: 1e6,
                    range_rate_m_s: 0.0,
                    tracking_rate_rad_s: 0.01,
                    transverse_velocity_m_s: 7e3,
                    sun_elevation_rad: -0.5,
                    sun_separation_rad: 2.0,
                    sun_ok: true,
                });
            }
            ranges.push(start..steps.len());
        }
        entries.sort_unstable();
        (steps, ranges, entries)
    }

    fn schedule(
        t: &Telescopes,
        spec: &[(usize, u64, u64, f64, f64)],
    ) -> (Vec<Tracking>, StationSchedule) {
        let (steps, ranges, entries) = passes(spec);
        let mut tracking = vec![Tracking::Busy; steps.len()];
        let summary = schedule_station(t, 10.0, (&steps, &ranges), &entries, &mut tracking);
        (tracking, summary)
    }

    /// Bytes per link step of a schedule: its [`Tracking`] and the sort key of its computation.
    const SCHEDULE_BYTES_PER_STEP: usize =
        std::mem::size_of::<Tracking>() + std::mem::size_of::<(u64, usize, usize)>();

    const FREE: Tracking = Tracking::Tracked { acquiring: 0.0 };

    #[test]
    fn the_memory_estimate_covers_the_schedule() {
        assert!(SCHEDULE_BYTES_PER_STEP as f64 <= crate::scenario::SCHEDULE_BYTES_PER_LINK_STEP);
    }

    #[test]
    fn one_telescope_serves_one_satellite_at_a_time() {
        // Satellite 0 in view at k = 0…9 at 30°, satellite 1 at k = 5…19 at 60°: the first
        // keeps the telescope to the end of its pass (no preemption), the second waits.
        let spec = [(0, 0, 9, 0.0, 30.0), (1, 5, 19, 90.0, 60.0)];
        let (tracking, summary) = schedule(&Telescopes::single(), &spec);
        assert!(tracking[..10].iter().all(|&x| x == FREE));
        assert!(
            tracking[10..15].iter().all(|&x| x == Tracking::Busy),
            "{tracking:?}"
        );
        assert!(tracking[15..].iter().all(|&x| x == FREE));
        assert_eq!((summary.tracks, summary.preemptions), (2, 0));
        assert_eq!((summary.peak_in_view, summary.busy_steps), (2, 5));
        // Two telescopes: both served throughout.
        let two = Telescopes {
            count: 2,
            ..Telescopes::single()
        };
        let (tracking, summary) = schedule(&two, &spec);
        assert!(tracking.iter().all(|&x| x == FREE));
        assert_eq!(summary.busy_steps, 0);
    }

    #[test]
    fn policies_choose_by_elevation_time_left_or_priority() {
        // Both rise at k = 0: satellite 0 low with a long pass, satellite 1 high with a short one.
        let spec = [(0, 0, 29, 0.0, 20.0), (1, 0, 9, 0.0, 70.0)];
        let first_tracked = |policy: SchedulingPolicy| {
            let t = Telescopes {
                policy,
                ..Telescopes::single()
            };
            let (tracking, _) = schedule(&t, &spec);
            // Steps 0…29 are satellite 0's, 30…39 satellite 1's.
            if tracking[0] == FREE {
                0
            } else {
                1
            }
        };
        assert_eq!(first_tracked(SchedulingPolicy::HighestElevation), 1);
        assert_eq!(first_tracked(SchedulingPolicy::LongestRemaining), 0);
        assert_eq!(first_tracked(SchedulingPolicy::Priority(vec![0])), 0);
        assert_eq!(first_tracked(SchedulingPolicy::Priority(vec![1, 0])), 1);
    }

    #[test]
    fn priority_preempts_and_the_others_do_not() {
        // Satellite 1 (priority) rises at k = 10 while satellite 0 is tracked: it takes the
        // telescope; satellite 0 is busy until satellite 1 sets at k = 19, then tracked again.
        let spec = [(0, 0, 29, 0.0, 30.0), (1, 10, 19, 0.0, 20.0)];
        let t = Telescopes {
            policy: SchedulingPolicy::Priority(vec![1]),
            ..Telescopes::single()
        };
        let (tracking, summary) = schedule(&t, &spec);
        assert!(tracking[..10].iter().all(|&x| x == FREE));
        assert!(tracking[10..20].iter().all(|&x| x == Tracking::Busy));
        assert!(tracking[20..30].iter().all(|&x| x == FREE));
        assert!(tracking[30..].iter().all(|&x| x == FREE));
        assert_eq!((summary.tracks, summary.preemptions), (3, 1));
        let (tracking, summary) = schedule(&Telescopes::single(), &spec);
        assert!(tracking[30..].iter().all(|&x| x == Tracking::Busy));
        assert_eq!(summary.preemptions, 0);
    }

    #[test]
    fn a_track_starts_with_the_slew_left_and_the_acquisition() {
        // Acquisition 25 s at a 10 s step: 1, 1, 0.5 of the first three steps, then locked.
        let t = Telescopes {
            acquisition_s: 25.0,
            slew_rate_rad_s: Some(1f64.to_radians()),
            ..Telescopes::single()
        };
        let acquiring = |x: &Tracking| match x {
            Tracking::Tracked { acquiring } => *acquiring,
            Tracking::Busy => f64::NAN,
        };
        let (tracking, summary) = schedule(&t, &[(0, 0, 9, 0.0, 30.0), (0, 100, 109, 0.0, 30.0)]);
        let a: Vec<f64> = tracking.iter().map(acquiring).collect();
        assert_eq!(&a[..4], &[1.0, 1.0, 0.5, 0.0]);
        // The next pass of the same satellite is a new track, acquired again.
        assert_eq!(&a[10..14], &[1.0, 1.0, 0.5, 0.0]);
        assert_eq!(summary.tracks, 2);
        // The next satellite rises 20 s after the first set, 90° away in azimuth on the
        // horizon-to-horizon circle at 0° elevation: slew 90 s at 1°/s, less 20 s idle, plus
        // 25 s acquisition = 95 s from its first step: 9.5 steps.
        let (tracking, _) = schedule(&t, &[(0, 0, 9, 0.0, 0.0), (1, 12, 30, 90.0, 0.0)]);
        let a: Vec<f64> = tracking[10..].iter().map(acquiring).collect();
        assert!(a[..9].iter().all(|&x| x == 1.0), "{a:?}");
        assert!((a[9] - 0.5).abs() < 1e-9 && a[10] == 0.0, "{a:?}");
    }
}
