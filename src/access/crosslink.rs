//! The geometry of a line of sight between two satellites at one instant: range, range rate
//! and Doppler, point-ahead, the angular rates a terminal at each end tracks, the grazing
//! altitude of the line of sight above the WGS-84 ellipsoid and the Sun's angle from it at
//! each end.
//!
//! All vectors are in one quasi-inertial frame (TEME, as SGP4 gives them; the Sun of
//! `frames::sun` is of date, the same frame to 0.01°). With ρ = r_B − r_A, ρ = |ρ|,
//! u = ρ/ρ (A → B) and v_rel = v_B − v_A:
//!
//! - range rate ρ̇ = u·v_rel; Doppler shift at wavelength λ, first order in v/c:
//!   f_D = −ρ̇/λ (positive while the ends approach);
//! - point-ahead: θ_PA = 2·|v_rel,⊥|/c with v_rel,⊥ = v_rel − (u·v_rel)·u. The beam sent from
//!   A must lead B's apparent direction by the light time there and back, and the aberration
//!   of A's own velocity adds the other end's share (e.g. Hemmati (ed.), *Near-Earth Laser
//!   Communications*, CRC 2009, ch. 1): to first order in v/c the angle is the same at both
//!   ends, in opposite directions. A test checks it against the light-time solution with
//!   first-order aberration;
//! - inertial rate of the line of sight |du/dt| = |v_rel,⊥|/ρ (the same at both ends);
//! - slew rate at each end: the rate of u in the end's local orbital (LVLH) frame, which a
//!   nadir-pointed satellite's coarse pointing assembly tracks: |du/dt − ω × u| with the
//!   orbital rate vector ω = r × v/|r|² of that end (and −u at end B);
//! - grazing altitude: the lowest geodetic (WGS-84) altitude of the segment A–B, by Brent's
//!   minimiser along it. TEME and the Earth-fixed frame of `frames` differ by a rotation about
//!   their common z axis, which leaves the altitude of a point unchanged;
//! - Sun separation at each end: the angle between the line of sight toward the other end and
//!   the direction of the Sun.

use nalgebra::Vector3;

use crate::frames::Geodetic;
use crate::numerics::minimize;
use crate::orbit::TemeState;
use crate::units::{SPEED_OF_LIGHT_M_S, WGS84_A_M, WGS84_F};

/// Relative tolerance on the segment parameter of the grazing point (0 at A, 1 at B): 1e-8,
/// about the square root of the machine epsilon, the finest a minimiser can resolve from
/// values alone (below it the differences of a quadratic minimum are rounding: Brent 1973,
/// §5.4). The point is then placed within 1e-8 of the range (0.8 m at 80,000 km) and the
/// altitude, quadratic near its minimum with a radius of curvature of the Earth's, is exact
/// to (0.8 m)²/(2·6.4e6 m) ≈ 5e-8 m.
const GRAZING_TOLERANCE: f64 = 1e-8;

/// The line of sight between satellites A and B at one instant (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrosslinkGeometry {
    /// Range |r_B − r_A|, m.
    pub range_m: f64,
    /// Range rate, m/s (positive while the ends recede).
    pub range_rate_m_s: f64,
    /// Relative velocity across the line of sight |v_rel,⊥|, inertial, m/s.
    pub transverse_velocity_m_s: f64,
    /// Point-ahead angle 2·|v_rel,⊥|/c, rad (the same at both ends to first order in v/c).
    pub point_ahead_rad: f64,
    /// Inertial angular rate of the line of sight, rad/s.
    pub los_rate_inertial_rad_s: f64,
    /// Angular rate of the line of sight in the local orbital frame of A and of B, rad/s.
    pub slew_rate_rad_s: [f64; 2],
    /// Lowest altitude of the line of sight above the WGS-84 ellipsoid, m (an end's own
    /// altitude when the segment's lowest point is an end).
    pub grazing_altitude_m: f64,
    /// Angle between the line of sight toward the other end and the Sun, at A and at B, rad.
    pub sun_separation_rad: [f64; 2],
}

impl CrosslinkGeometry {
    /// The geometry of the line of sight from `a` to `b` (TEME states) with the Sun at
    /// `sun_m` (m, same frame).
    pub fn new(a: &TemeState, b: &TemeState, sun_m: &Vector3<f64>) -> CrosslinkGeometry {
        let rho = b.position_m - a.position_m;
        let range_m = rho.norm();
        let u = rho / range_m;
        let v_rel = b.velocity_m_s - a.velocity_m_s;
        let range_rate_m_s = u.dot(&v_rel);
        // v_rel,⊥ = v_rel − (u·v_rel)·u;  du/dt = v_rel,⊥/ρ.
        let v_perp = v_rel - u * range_rate_m_s;
        let du_dt = v_perp / range_m;
        // In the LVLH frame of an end: du/dt − ω × u, ω = r × v/|r|² (B sees −u).
        let slew = |s: &TemeState, dir: Vector3<f64>, ddir: Vector3<f64>| {
            let omega = s.position_m.cross(&s.velocity_m_s) / s.position_m.norm_squared();
            (ddir - omega.cross(&dir)).norm()
        };
        CrosslinkGeometry {
            range_m,
            range_rate_m_s,
            transverse_velocity_m_s: v_perp.norm(),
            point_ahead_rad: 2.0 * v_perp.norm() / SPEED_OF_LIGHT_M_S,
            los_rate_inertial_rad_s: du_dt.norm(),
            slew_rate_rad_s: [slew(a, u, du_dt), slew(b, -u, -du_dt)],
            grazing_altitude_m: grazing_altitude_m(&a.position_m, &b.position_m),
            sun_separation_rad: sun_separations_rad(&a.position_m, &b.position_m, sun_m),
        }
    }

    /// Doppler shift at `wavelength_m`, Hz, first order in v/c: f_D = −ρ̇/λ.
    pub fn doppler_shift_hz(&self, wavelength_m: f64) -> f64 {
        -self.range_rate_m_s / wavelength_m
    }
}

/// The angle between the line of sight toward the other end and the Sun at `sun_m`, seen
/// from `a` and from `b` (positions in m, one frame), rad in [0, π].
pub(crate) fn sun_separations_rad(
    a: &Vector3<f64>,
    b: &Vector3<f64>,
    sun_m: &Vector3<f64>,
) -> [f64; 2] {
    let rho = b - a;
    let separation = |from: &Vector3<f64>, toward: Vector3<f64>| {
        let to_sun = sun_m - from;
        // atan2(|a×b|, a·b): accurate at small angles.
        toward.cross(&to_sun).norm().atan2(toward.dot(&to_sun))
    };
    [separation(a, rho), separation(b, -rho)]
}

/// The lowest WGS-84 geodetic altitude of the segment from `a` to `b` (m, positions in TEME
/// or ECEF): the altitude along a straight line has a single minimum (the distance to the
/// Earth's centre is convex along it, and the ellipsoid's flattening bends that by far less
/// than the segment's curvature away from the Earth), found by Brent's minimiser.
///
/// The minimiser searches only near the point closest to the Earth's centre: with s the
/// segment parameter, s* its closest point to the centre (the projection of the origin,
/// clamped to [0, 1]), d = |P(s*)| and L = |b − a|, |P(s)|² ≥ d² + L²(s − s*)². A point at
/// distance r from the centre has a height in [r − a, r − b] (WGS-84 axes a, b: the
/// ellipsoid lies between those spheres), so h(s*) ≤ d − b and no s with |P(s)| − a > d − b
/// can be the lowest: the lowest point has |s − s*| ≤ √((a − b)(2d + a − b))/L.
pub fn grazing_altitude_m(a: &Vector3<f64>, b: &Vector3<f64>) -> f64 {
    let ab = b - a;
    let altitude = |t: f64| Geodetic::altitude_of(&(a + ab * t));
    let len2 = ab.norm_squared();
    if len2 == 0.0 {
        return altitude(0.0);
    }
    let s_closest = (-a.dot(&ab) / len2).clamp(0.0, 1.0);
    let d = (a + ab * s_closest).norm();
    let flattening_m = WGS84_A_M * WGS84_F; // a − b
    let half_width = (flattening_m * (2.0 * d + flattening_m)).sqrt() / len2.sqrt();
    let (lo, hi) = (
        (s_closest - half_width).max(0.0),
        (s_closest + half_width).min(1.0),
    );
    let (_, lowest) = minimize(altitude, lo, hi, GRAZING_TOLERANCE);
    // The minimiser stops a tolerance inside the bracket: its ends count too.
    lowest.min(altitude(lo)).min(altitude(hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::GM_EARTH_M3_S2;

    /// A circular orbit of radius `a_m` in the plane of inclination `inc_rad` (node on +x),
    /// at argument of latitude `u_rad`.
    fn circular(a_m: f64, inc_rad: f64, u_rad: f64) -> TemeState {
        let n = (GM_EARTH_M3_S2 / a_m.powi(3)).sqrt();
        let (su, cu) = u_rad.sin_cos();
        let (si, ci) = inc_rad.sin_cos();
        TemeState {
            position_m: Vector3::new(a_m * cu, a_m * su * ci, a_m * su * si),
            velocity_m_s: Vector3::new(-a_m * n * su, a_m * n * cu * ci, a_m * n * cu * si),
        }
    }

    #[test]
    fn same_circular_orbit_gives_a_rigid_chord() {
        // Two satellites Δu apart on one equatorial circular orbit: the chord 2a·sin(Δu/2)
        // rotates rigidly with the orbit, so ρ̇ = 0, the line of sight turns at the orbital
        // rate n inertially and not at all in either end's orbital frame, v_rel,⊥ = n·ρ, and
        // the chord's lowest point is its midpoint at a·cos(Δu/2) on the equator.
        let a = WGS84_A_M + 1_200e3;
        let n = (GM_EARTH_M3_S2 / a.powi(3)).sqrt();
        let sun = Vector3::new(1.496e11, 0.0, 0.0);
        for du in [0.2f64, 0.6, 1.0] {
            for u0 in [0.0, 1.3, 4.0] {
                let g =
                    CrosslinkGeometry::new(&circular(a, 0.0, u0), &circular(a, 0.0, u0 + du), &sun);
                let chord = 2.0 * a * (0.5 * du).sin();
                assert!((g.range_m - chord).abs() < 1e-6, "{} {chord}", g.range_m);
                assert!(g.range_rate_m_s.abs() < 1e-9, "{}", g.range_rate_m_s);
                assert!((g.los_rate_inertial_rad_s / n - 1.0).abs() < 1e-12);
                for slew in g.slew_rate_rad_s {
                    assert!(slew < 1e-15, "{slew}");
                }
                let pa = 2.0 * n * chord / SPEED_OF_LIGHT_M_S;
                assert!((g.point_ahead_rad / pa - 1.0).abs() < 1e-12);
                let graze = a * (0.5 * du).cos() - WGS84_A_M;
                assert!((g.grazing_altitude_m - graze).abs() < 1e-3, "{graze}");
                assert_eq!(g.doppler_shift_hz(1550e-9), -g.range_rate_m_s / 1550e-9);
            }
        }
    }

    #[test]
    fn point_ahead_matches_the_light_time_solution() {
        // LEO (700 km, 98°) to GEO: the direction A must transmit along to meet B after the
        // light time, against the direction B's light arrives from (emitted one light time
        // earlier), each seen in A's moving frame (first-order aberration s' = s + v_A,⊥/c
        // for received light, the opposite for the transmitted beam). Orbits are analytic.
        let leo = |t: f64| {
            let a = WGS84_A_M + 700e3;
            let n = (GM_EARTH_M3_S2 / a.powi(3)).sqrt();
            circular(a, 98f64.to_radians(), 0.3 + n * t)
        };
        let geo = |t: f64| {
            let a: f64 = 42_164_170.0;
            let n = (GM_EARTH_M3_S2 / a.powi(3)).sqrt();
            circular(a, 0.0, 0.5 + n * t)
        };
        let c = SPEED_OF_LIGHT_M_S;
        for t in [0.0, 600.0, 1500.0] {
            let (a, b) = (leo(t), geo(t));
            // Light time to B (transmit) and from B (receive), by fixed-point iteration.
            let (mut tau_tx, mut tau_rx) = (0.0, 0.0);
            for _ in 0..20 {
                tau_tx = (geo(t + tau_tx).position_m - a.position_m).norm() / c;
                tau_rx = (a.position_m - geo(t - tau_rx).position_m).norm() / c;
            }
            let unit = |v: Vector3<f64>| v / v.norm();
            let perp = |v: Vector3<f64>, s: Vector3<f64>| v - s * s.dot(&v);
            let tx = unit(geo(t + tau_tx).position_m - a.position_m);
            let tx = unit(tx - perp(a.velocity_m_s, tx) / c);
            let rx = unit(geo(t - tau_rx).position_m - a.position_m);
            let rx = unit(rx + perp(a.velocity_m_s, rx) / c);
            let exact = tx.cross(&rx).norm().atan2(tx.dot(&rx));
            let g = CrosslinkGeometry::new(&a, &b, &Vector3::new(1.496e11, 0.0, 0.0));
            assert!(
                (g.point_ahead_rad / exact - 1.0).abs() < 0.01,
                "{} vs {exact}",
                g.point_ahead_rad
            );
        }
    }

    #[test]
    fn grazing_altitude_is_the_lowest_point_of_the_segment() {
        // The narrowed minimiser bracket against dense sampling of the whole segment, for
        // chords at many latitudes, lengths and heights (some through the Earth).
        let mut worst: f64 = 0.0;
        for k in 0..200 {
            let x = k as f64;
            let dir = |u: f64, v: f64| Vector3::new(u.cos() * v.cos(), u.sin() * v.cos(), v.sin());
            let a =
                dir(0.37 * x, (0.71 * x).sin() * 1.5) * (6.6e6 + 3.7e7 * (0.13 * x).sin().abs());
            let b = dir(1.3 + 0.53 * x, (0.29 * x).cos() * 1.5) * (6.8e6 + 1e6 * (0.41 * x).cos());
            let sampled = (0..=20_000)
                .map(|j| Geodetic::from_ecef(&(a + (b - a) * (j as f64 / 20_000.0))).altitude_m)
                .fold(f64::INFINITY, f64::min);
            let h = grazing_altitude_m(&a, &b);
            assert!(h <= sampled + 1e-6, "{k}: {h} > {sampled}");
            if sampled > 0.0 {
                worst = worst.max(sampled - h);
            }
        }
        // Dense sampling lands within L/40000 of the lowest point: a few metres of altitude.
        assert!(worst < 50.0, "{worst}");
    }

    #[test]
    fn grazing_altitude_and_sun_angles() {
        // A chord through the pole region: the lowest point is on the polar axis, where the
        // ellipsoid's surface is b = a(1 − f) from the centre.
        let b_m = WGS84_A_M * (1.0 - WGS84_F);
        let r = b_m + 300e3;
        let x = 5_000e3;
        let h = grazing_altitude_m(&Vector3::new(-x, 0.0, r), &Vector3::new(x, 0.0, r));
        assert!((h - 300e3).abs() < 1e-3, "{h}");
        // A segment pointing away from the Earth: the lowest point is its lower end.
        let low = Vector3::new(WGS84_A_M + 500e3, 0.0, 0.0);
        let h = grazing_altitude_m(&low, &(low * 3.0));
        assert!((h - 500e3).abs() < 1e-6, "{h}");
        // A line of sight through the Earth grazes below the surface.
        assert!(grazing_altitude_m(&low, &-low) < -6e6);
        // The Sun straight behind B seen from A: 0 at A, π at B.
        let a = circular(WGS84_A_M + 700e3, 0.0, 0.0);
        let b = circular(WGS84_A_M + 700e3, 0.0, 0.8);
        let sun = b.position_m + (b.position_m - a.position_m) * 1e5;
        let g = CrosslinkGeometry::new(&a, &b, &sun);
        assert!(g.sun_separation_rad[0] < 1e-9, "{:?}", g.sun_separation_rad);
        assert!((g.sun_separation_rad[1] - std::f64::consts::PI).abs() < 1e-9);
    }
}
