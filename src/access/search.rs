//! The pass search for one satellite over a set of stations (see the module doc for the method).

use nalgebra::Vector3;

use super::roots::brent;
use crate::error::{Error, Result};
use crate::frames::{
    sun_position_ecef_m, sun_separation_rad, EcefState, LookAngles, Topocentric,
    EARTH_ROTATION_RATE_RAD_S,
};
use crate::ground::Station;
use crate::units::GM_EARTH_M3_S2;

/// AOS/LOS and Sun-window edges are refined to this time tolerance, s. At the fastest
/// low-elevation rates of a 300 km orbit (~0.5°/s) this is ≤ 5e-4° of elevation.
const CROSSING_TOL_S: f64 = 1e-3;
/// AOS/LOS are also refined until |elevation − threshold| ≤ this, rad (2e-5°): under a steep
/// horizon mask the margin can change faster than any fixed time tolerance allows.
const MARGIN_TOL_RAD: f64 = 3e-7;
/// TCA (zero of the elevation rate) tolerance, s. The elevation error is ½·ë·δt², below
/// 1e-5° even overhead a 300 km orbit (ë ≈ (v/h)² ≈ 7e-4 rad/s²).
const TCA_TOL_S: f64 = 0.05;
/// Sampling step of the threshold-minus-elevation function under a horizon mask and of the
/// Sun separation inside passes, s: an interval longer than this always contains a sample.
const FINE_STEP_S: f64 = 10.0;
/// Upper limit of the step near a station, s (see `StepBounds`).
const NEAR_STEP_MAX_S: f64 = 60.0;

/// A source of satellite states in the Earth-fixed frame.
pub trait Trajectory {
    /// ECEF position (m) and velocity (m/s) at `unix_s` (Unix seconds UTC).
    fn state_ecef(&mut self, unix_s: f64) -> Result<EcefState>;
}

impl<F: FnMut(f64) -> Result<EcefState>> Trajectory for F {
    fn state_ecef(&mut self, unix_s: f64) -> Result<EcefState> {
        self(unix_s)
    }
}

/// What the search needs to know about an orbit to choose its steps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrbitShape {
    /// Orbital (anomalistic) period, s.
    pub period_s: f64,
    /// Eccentricity, dimensionless in [0, 1).
    pub eccentricity: f64,
}

/// Identity of the satellite a search is run for, copied into its passes.
#[derive(Debug, Clone, PartialEq)]
pub struct SatelliteId {
    /// Index of the satellite in the caller's list (sort key of the output).
    pub index: usize,
    /// Satellite name.
    pub name: String,
    /// NORAD catalogue number when known.
    pub norad_id: Option<u64>,
}

/// A time interval [start, end] in Unix seconds UTC.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Window {
    /// Start, Unix seconds UTC.
    pub start_unix_s: f64,
    /// End, Unix seconds UTC.
    pub end_unix_s: f64,
}

/// One pass of a satellite above a station's visibility threshold (minimum elevation and
/// horizon mask).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Pass {
    /// Index of the satellite in the search input.
    pub satellite_index: usize,
    /// Satellite name.
    pub satellite: String,
    /// NORAD catalogue number when known.
    pub norad_id: Option<u64>,
    /// Index of the station in the search input.
    pub station_index: usize,
    /// Station name.
    pub station: String,
    /// Acquisition of signal: the elevation rises through the threshold, Unix s UTC (the span
    /// start when `clipped_start`).
    pub aos_unix_s: f64,
    /// Time of closest approach: the maximum elevation inside the pass, Unix s UTC.
    pub tca_unix_s: f64,
    /// Loss of signal: the elevation falls through the threshold, Unix s UTC (the span end
    /// when `clipped_end`).
    pub los_unix_s: f64,
    /// Elevation at TCA, rad.
    pub max_elevation_rad: f64,
    /// Azimuth at AOS, rad from north, east-positive, in [0, 2π).
    pub aos_azimuth_rad: f64,
    /// Azimuth at LOS, rad from north, east-positive, in [0, 2π).
    pub los_azimuth_rad: f64,
    /// The satellite was already visible at the span start.
    pub clipped_start: bool,
    /// The satellite was still visible at the span end.
    pub clipped_end: bool,
    /// Parts of the pass where the Sun–satellite angle seen from the station is at least the
    /// station's Sun exclusion angle; `None` when the station has no Sun exclusion.
    pub sun_windows: Option<Vec<Window>>,
}

impl Pass {
    /// LOS − AOS, s.
    pub fn duration_s(&self) -> f64 {
        self.los_unix_s - self.aos_unix_s
    }

    /// In view over the whole span, clipped at both ends (a GEO; its AOS and LOS are the
    /// span's ends and its TCA the highest of nearly equal elevations).
    pub fn in_view_throughout(&self) -> bool {
        self.clipped_start && self.clipped_end
    }

    /// Rises and sets inside the span (clipped at neither end).
    pub fn inside_span(&self) -> bool {
        !self.clipped_start && !self.clipped_end
    }
}

/// A station prepared for the search.
struct Site<'a> {
    station: &'a Station,
    topo: Topocentric,
    /// Unit vector from the Earth's centre to the station (ECEF).
    direction: Vector3<f64>,
    /// Geocentric radius of the station, m.
    radius_m: f64,
    /// Angle between the geodetic up direction and `direction`, rad (≤ 0.19°).
    tilt_rad: f64,
    /// Lowest visibility threshold over all azimuths, rad.
    threshold_min_rad: f64,
    /// The threshold varies with azimuth (a mask above the minimum elevation somewhere).
    masked: bool,
}

impl<'a> Site<'a> {
    fn new(station: &'a Station) -> Site<'a> {
        let topo = Topocentric::new(&station.location);
        let direction = topo.position_m.normalize();
        let (lo, hi) = station.threshold_range_rad();
        Site {
            station,
            direction,
            radius_m: topo.position_m.norm(),
            tilt_rad: topo.up().dot(&direction).clamp(-1.0, 1.0).acos(),
            threshold_min_rad: lo,
            masked: hi > lo,
            topo,
        }
    }

    /// Largest geocentric angle ψ between station and satellite at which the satellite can
    /// be at the lowest threshold, for satellite radii up to `r_max_m`, rad.
    ///
    /// Triangle Earth centre – station – satellite, station radius R, satellite radius r,
    /// elevation ε above the geocentric horizon: ψ = arccos(R·cos ε / r) − ε, increasing in r.
    /// The geodetic elevation differs from the geocentric one by at most the tilt δ between
    /// the two up directions (spherical triangle inequality), so ε ≥ ε0 ⇒ ψ ≤ ψ(ε0 − δ, r_max).
    fn psi_limit_rad(&self, r_max_m: f64) -> f64 {
        let eps = self.threshold_min_rad - self.tilt_rad - 1e-4;
        (self.radius_m * eps.cos() / r_max_m)
            .clamp(-1.0, 1.0)
            .acos()
            - eps
    }
}

/// Step control derived from the orbit.
///
/// Skipping: the direction of the satellite from the Earth's centre turns in the Earth-fixed
/// frame at most at ω = h/r² + ω⊕ ≤ n·√(1−e²)/(1−e)² + ω⊕ (the perigee rate of the Kepler
/// orbit plus the Earth's rotation), taken 2 % higher for SGP4's perturbations. So if at time t
/// the geocentric angle ψ to a station exceeds ψ_lim (see `Site::psi_limit_rad`, computed at
/// the apogee radius a(1+e) + 1 % + 30 km), the satellite is invisible from that station
/// during |τ − t| < s(t) = (ψ − ψ_lim)/ω. The search steps by the smallest s over all
/// stations (so one propagation serves every station), and a step [t_k, t_k+1] can contain
/// visibility only if s(t_k) + s(t_k+1) < t_k+1 − t_k. Far from every station the steps are
/// many minutes long; the proof covers every pass, however short.
///
/// Near a station the step is h_near = min(60 s, P/20). Inside such a window the elevation is
/// sampled with its rate, and every sign change of the elevation rate is refined to an
/// extremum. Between consecutive extrema the elevation is monotonic, so a pass (which contains
/// an elevation maximum) cannot be missed unless a maximum and a minimum fall within one step,
/// i.e. unless they are closer than h_near. For LEO the elevation maximum (closest approach)
/// and the neighbouring minima are about half a synodic period apart (≥ 40 min); for GEO the
/// extrema of the daily libration are ~12 h apart: h_near ≤ P/20 is far below half of either.
struct StepBounds {
    omega_rad_s: f64,
    r_max_m: f64,
    near_step_s: f64,
}

impl StepBounds {
    fn new(shape: OrbitShape) -> Result<StepBounds> {
        if !(shape.period_s.is_finite() && shape.period_s > 0.0) {
            return Err(Error::invalid("period_s", shape.period_s, "must be > 0"));
        }
        if !(0.0..1.0).contains(&shape.eccentricity) {
            return Err(Error::invalid(
                "eccentricity",
                shape.eccentricity,
                "must be in [0, 1)",
            ));
        }
        let e = shape.eccentricity;
        let n = std::f64::consts::TAU / shape.period_s;
        // Kepler's third law: a = (μ/n²)^(1/3).
        let a = (GM_EARTH_M3_S2 / (n * n)).cbrt();
        Ok(StepBounds {
            omega_rad_s: 1.02 * n * (1.0 - e * e).sqrt() / ((1.0 - e) * (1.0 - e))
                + EARTH_ROTATION_RATE_RAD_S,
            r_max_m: a * (1.0 + e) * 1.01 + 30e3,
            near_step_s: NEAR_STEP_MAX_S.min(shape.period_s / 20.0),
        })
    }
}

/// Look angles and threshold margin at one instant.
#[derive(Debug, Clone, Copy)]
struct Point {
    t: f64,
    look: LookAngles,
    /// Elevation minus the threshold at the current azimuth, rad.
    margin: f64,
}

/// Evaluates one station's look angles along a trajectory.
struct Evaluator<'s, 't, T> {
    site: &'s Site<'s>,
    trajectory: &'t mut T,
    last: Option<Point>,
}

impl<T: Trajectory> Evaluator<'_, '_, T> {
    fn point(&self, t: f64, state: &EcefState) -> Point {
        let look = self.site.topo.look_angles(state);
        Point {
            t,
            look,
            margin: look.elevation_rad - self.site.station.threshold_rad(look.azimuth_rad),
        }
    }

    fn at(&mut self, t: f64) -> Result<Point> {
        if let Some(p) = self.last.filter(|p| p.t == t) {
            return Ok(p);
        }
        let state = self.trajectory.state_ecef(t)?;
        let p = self.point(t, &state);
        self.last = Some(p);
        Ok(p)
    }

    /// The point where `f` (of a point) changes sign between `a` and `b`.
    fn root(
        &mut self,
        a: &Point,
        b: &Point,
        f: fn(&Point) -> f64,
        tol_s: f64,
        ftol: f64,
    ) -> Result<Point> {
        let t = brent(
            |t| self.at(t).map(|p| f(&p)),
            a.t,
            b.t,
            f(a),
            f(b),
            tol_s,
            ftol,
        )?;
        self.at(t)
    }
}

/// Pass search over a fixed set of stations and time span.
pub struct PassSearch<'a> {
    sites: Vec<Site<'a>>,
    start_unix_s: f64,
    end_unix_s: f64,
}

impl<'a> PassSearch<'a> {
    /// Prepares a search over `[start_unix_s, end_unix_s]` (Unix s UTC, end after start).
    pub fn new(
        stations: &'a [Station],
        start_unix_s: f64,
        end_unix_s: f64,
    ) -> Result<PassSearch<'a>> {
        if !(start_unix_s.is_finite() && end_unix_s.is_finite() && end_unix_s > start_unix_s) {
            return Err(Error::invalid(
                "end",
                crate::time::format_unix_ms(end_unix_s),
                format!(
                    "must be after start {}",
                    crate::time::format_unix_ms(start_unix_s)
                ),
            ));
        }
        Ok(PassSearch {
            sites: stations.iter().map(Site::new).collect(),
            start_unix_s,
            end_unix_s,
        })
    }

    /// All passes of one satellite over every station, sorted by station index, then AOS.
    pub fn search<T: Trajectory>(
        &self,
        satellite: &SatelliteId,
        shape: OrbitShape,
        trajectory: &mut T,
    ) -> Result<Vec<Pass>> {
        let bounds = StepBounds::new(shape)?;
        let psi_limits: Vec<f64> = self
            .sites
            .iter()
            .map(|s| s.psi_limit_rad(bounds.r_max_m))
            .collect();
        let n_sites = self.sites.len();

        // Shared stepping: one propagation per step for all stations; skip[k·n_sites + i] is
        // the invisibility half-width s_i(t_k) of station i at step k (see `StepBounds`).
        let (mut times, mut states, mut skip) = (Vec::new(), Vec::new(), Vec::new());
        let mut t = self.start_unix_s;
        loop {
            let state = trajectory.state_ecef(t)?;
            let r_hat = state.position_m.normalize();
            let mut min_skip = f64::INFINITY;
            for (site, psi_lim) in self.sites.iter().zip(&psi_limits) {
                let psi = site.direction.dot(&r_hat).clamp(-1.0, 1.0).acos();
                let s = (psi - psi_lim) / bounds.omega_rad_s;
                min_skip = min_skip.min(s);
                skip.push(s);
            }
            times.push(t);
            states.push(state);
            if t >= self.end_unix_s {
                break;
            }
            t = (t + min_skip.max(bounds.near_step_s)).min(self.end_unix_s);
        }

        let mut passes = Vec::new();
        for (i, site) in self.sites.iter().enumerate() {
            let possible = |k: usize| {
                skip[k * n_sites + i] + skip[(k + 1) * n_sites + i] < times[k + 1] - times[k]
            };
            let mut k = 0;
            while k + 1 < times.len() {
                if !possible(k) {
                    k += 1;
                    continue;
                }
                let first = k;
                while k + 1 < times.len() && possible(k) {
                    k += 1;
                }
                let mut ev = Evaluator {
                    site,
                    trajectory: &mut *trajectory,
                    last: None,
                };
                let samples: Vec<Point> = (first..=k)
                    .map(|j| ev.point(times[j], &states[j]))
                    .collect();
                self.window(&mut ev, samples, satellite, i, &mut passes)?;
            }
        }
        Ok(passes)
    }

    /// Passes inside one window of possible visibility, given its samples at the near step.
    fn window<T: Trajectory>(
        &self,
        ev: &mut Evaluator<'_, '_, T>,
        samples: Vec<Point>,
        satellite: &SatelliteId,
        station_index: usize,
        passes: &mut Vec<Pass>,
    ) -> Result<()> {
        let site = ev.site;
        // Elevation extrema: every sign change of the elevation rate between samples.
        let rate = |p: &Point| p.look.elevation_rate_rad_s;
        let mut points = Vec::with_capacity(samples.len() * 2);
        for pair in samples.windows(2) {
            points.push(pair[0]);
            if (rate(&pair[0]) > 0.0) != (rate(&pair[1]) > 0.0) {
                points.push(ev.root(&pair[0], &pair[1], rate, TCA_TOL_S, f64::INFINITY)?);
            }
        }
        points.push(*samples.last().expect("a window has two samples"));

        // Between extrema the elevation is monotonic, so with a constant threshold the margin
        // changes sign at most once per interval. Under a mask the threshold moves with the
        // azimuth: sample every ≤ FINE_STEP_S where the elevation can exceed the lowest threshold.
        if site.masked {
            let mut fine = Vec::with_capacity(points.len());
            for pair in points.windows(2) {
                fine.push(pair[0]);
                if pair[0].look.elevation_rad.max(pair[1].look.elevation_rad)
                    > site.threshold_min_rad
                {
                    let n = ((pair[1].t - pair[0].t) / FINE_STEP_S).ceil() as usize;
                    for j in 1..n {
                        fine.push(
                            ev.at(pair[0].t + (pair[1].t - pair[0].t) * j as f64 / n as f64)?,
                        );
                    }
                }
            }
            fine.push(*points.last().expect("non-empty"));
            points = fine;
        }

        // Walk the points: threshold crossings open and close passes; the highest point inside
        // (extrema are among the points) is the TCA.
        let margin = |p: &Point| p.margin;
        let mut open: Option<(Point, Point, bool)> = None; // (AOS, TCA so far, clipped start)
        if points[0].margin > 0.0 {
            open = Some((points[0], points[0], points[0].t <= self.start_unix_s));
        }
        for pair in points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let crossing = if (a.margin > 0.0) != (b.margin > 0.0) {
                Some(ev.root(&a, &b, margin, CROSSING_TOL_S, MARGIN_TOL_RAD)?)
            } else {
                None
            };
            match (&mut open, crossing) {
                (None, Some(aos)) => {
                    open = Some((
                        aos,
                        if b.look.elevation_rad > aos.look.elevation_rad {
                            b
                        } else {
                            aos
                        },
                        false,
                    ))
                }
                (Some((aos, tca, clipped)), Some(los)) => {
                    let tca = if los.look.elevation_rad > tca.look.elevation_rad {
                        los
                    } else {
                        *tca
                    };
                    let (aos, clipped) = (*aos, *clipped);
                    passes.push(self.pass(
                        ev,
                        satellite,
                        station_index,
                        aos,
                        tca,
                        los,
                        clipped,
                        false,
                    )?);
                    open = None;
                }
                (Some((_, tca, _)), None) => {
                    if b.look.elevation_rad > tca.look.elevation_rad {
                        *tca = b;
                    }
                }
                (None, None) => {}
            }
        }
        if let Some((aos, tca, clipped)) = open {
            let los = *points.last().expect("non-empty");
            passes.push(self.pass(ev, satellite, station_index, aos, tca, los, clipped, true)?);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn pass<T: Trajectory>(
        &self,
        ev: &mut Evaluator<'_, '_, T>,
        satellite: &SatelliteId,
        station_index: usize,
        aos: Point,
        tca: Point,
        los: Point,
        clipped_start: bool,
        clipped_end: bool,
    ) -> Result<Pass> {
        let station = ev.site.station;
        let sun_windows = match station.sun_exclusion_rad {
            Some(exclusion) => Some(sun_windows(ev, aos.t, los.t, exclusion)?),
            None => None,
        };
        Ok(Pass {
            satellite_index: satellite.index,
            satellite: satellite.name.clone(),
            norad_id: satellite.norad_id,
            station_index,
            station: station.name.clone(),
            aos_unix_s: aos.t,
            tca_unix_s: tca.t,
            los_unix_s: los.t,
            max_elevation_rad: tca.look.elevation_rad,
            aos_azimuth_rad: aos.look.azimuth_rad,
            los_azimuth_rad: los.look.azimuth_rad,
            clipped_start,
            clipped_end: clipped_end && los.t >= self.end_unix_s,
            sun_windows,
        })
    }
}

/// The parts of [aos, los] where the Sun–satellite angle seen from the station is at least
/// `exclusion_rad`: sampled every ≤ FINE_STEP_S, edges refined by Brent's method.
fn sun_windows<T: Trajectory>(
    ev: &mut Evaluator<'_, '_, T>,
    aos: f64,
    los: f64,
    exclusion_rad: f64,
) -> Result<Vec<Window>> {
    let site = ev.site;
    let mut clearance = |t: f64| -> Result<f64> {
        let sat = ev.trajectory.state_ecef(t)?;
        Ok(
            sun_separation_rad(&site.topo, &sat.position_m, &sun_position_ecef_m(t))
                - exclusion_rad,
        )
    };
    let n = ((los - aos) / FINE_STEP_S).ceil().max(1.0) as usize;
    let mut windows = Vec::new();
    let (mut t0, mut c0) = (aos, clearance(aos)?);
    let mut start = (c0 >= 0.0).then_some(aos);
    for j in 1..=n {
        let t1 = aos + (los - aos) * j as f64 / n as f64;
        let c1 = clearance(t1)?;
        if (c0 >= 0.0) != (c1 >= 0.0) {
            let edge = brent(
                &mut clearance,
                t0,
                t1,
                c0,
                c1,
                CROSSING_TOL_S,
                MARGIN_TOL_RAD,
            )?;
            match start.take() {
                Some(s) => windows.push(Window {
                    start_unix_s: s,
                    end_unix_s: edge,
                }),
                None => start = Some(edge),
            }
        }
        (t0, c0) = (t1, c1);
    }
    if let Some(s) = start {
        windows.push(Window {
            start_unix_s: s,
            end_unix_s: los,
        });
    }
    Ok(windows)
}
