//! Topocentric look angles from a ground site: azimuth, elevation, range, range rate and
//! elevation rate, in the site's local East-North-Up frame (Vallado 2013, §4.4, "SEZ"/ENU).
//!
//! Elevation is geometric (no refraction): optical links work above 5–10°, where refraction is
//! below 0.1° and the mask dominates.

use nalgebra::{Matrix3, Vector3};

use super::{EcefState, Geodetic};

/// A ground site with its East-North-Up rotation precomputed, so that each look-angle
/// evaluation is one subtraction and one 3×3 product.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Topocentric {
    /// The site, WGS-84.
    pub site: Geodetic,
    /// The site's ECEF position, m.
    pub position_m: Vector3<f64>,
    /// Rows: the East, North and Up unit vectors in ECEF.
    enu: Matrix3<f64>,
}

/// Where a satellite appears from a site.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LookAngles {
    /// Azimuth, rad, from north towards east, in [0, 2π).
    pub azimuth_rad: f64,
    /// Geometric elevation above the ellipsoid's tangent plane, rad, in [−π/2, π/2].
    pub elevation_rad: f64,
    /// Slant range, m.
    pub range_m: f64,
    /// Range rate, m/s (positive: receding).
    pub range_rate_m_s: f64,
    /// Time derivative of the elevation, rad/s.
    pub elevation_rate_rad_s: f64,
}

impl Topocentric {
    /// The local frame of `site`.
    pub fn new(site: &Geodetic) -> Topocentric {
        let (sin_lat, cos_lat) = site.latitude_rad.sin_cos();
        let (sin_lon, cos_lon) = site.longitude_rad.sin_cos();
        #[rustfmt::skip]
        let enu = Matrix3::new(
            -sin_lon,            cos_lon,            0.0,
            -sin_lat * cos_lon, -sin_lat * sin_lon,  cos_lat,
             cos_lat * cos_lon,  cos_lat * sin_lon,  sin_lat,
        );
        Topocentric {
            site: *site,
            position_m: site.to_ecef(),
            enu,
        }
    }

    /// The East-North-Up components, m, of an ECEF vector relative to the site
    /// (`relative_m` is already `target − site`).
    #[inline]
    pub fn enu(&self, relative_m: &Vector3<f64>) -> Vector3<f64> {
        self.enu * relative_m
    }

    /// The local up unit vector in ECEF.
    #[inline]
    pub fn up(&self) -> Vector3<f64> {
        self.enu.row(2).transpose()
    }

    /// Look angles of a satellite's ECEF state.
    ///
    /// With ρ = (E, N, U) and H = sqrt(E² + N²): az = atan2(E, N), el = atan2(U, H),
    /// ρ̇ = ρ·v/|ρ|, ėl = (U̇·H − U·Ḣ)/|ρ|², Ḣ = (E·Ė + N·Ṅ)/H.
    pub fn look_angles(&self, sat: &EcefState) -> LookAngles {
        let rho = self.enu * (sat.position_m - self.position_m);
        let rho_dot = self.enu * sat.velocity_m_s;
        let h = rho.x.hypot(rho.y);
        let range_m = rho.norm();
        let azimuth_rad = rho.x.atan2(rho.y).rem_euclid(std::f64::consts::TAU);
        let elevation_rad = rho.z.atan2(h);
        let range_rate_m_s = rho.dot(&rho_dot) / range_m;
        let elevation_rate_rad_s = if h > 0.0 {
            let h_dot = (rho.x * rho_dot.x + rho.y * rho_dot.y) / h;
            (rho_dot.z * h - rho.z * h_dot) / (range_m * range_m)
        } else {
            0.0
        };
        LookAngles {
            azimuth_rad,
            elevation_rad,
            range_m,
            range_rate_m_s,
            elevation_rate_rad_s,
        }
    }

    /// Speed of a satellite relative to the site, transverse to the line of sight, in an
    /// inertial frame, m/s: with ρ = r_sat − r_site (ECEF) and the Earth's rotation ω,
    /// v_rel = v_ECEF + ω × ρ (the inertial velocity of the satellite, ω × r_sat added to its
    /// ECEF velocity, minus that of the site, ω × r_site), and v⊥ = |v_rel − (v_rel·ρ̂)ρ̂|. It
    /// gives the point-ahead angle 2·v⊥/c; a geostationary satellite, at rest in ECEF, has
    /// v⊥ ≈ ω·|ρ| ≈ 2.6 km/s.
    pub fn transverse_velocity_m_s(&self, sat: &EcefState) -> f64 {
        let rho = sat.position_m - self.position_m;
        let omega = Vector3::new(0.0, 0.0, super::EARTH_ROTATION_RATE_RAD_S);
        let v = sat.velocity_m_s + omega.cross(&rho);
        let unit = rho / rho.norm();
        (v - unit * v.dot(&unit)).norm()
    }

    /// Angular rate of the line of sight in the Earth-fixed frame, rad/s: what the station's
    /// mount tracks, |v − (v·ρ̂)ρ̂|/ρ with the satellite's ECEF velocity v and ρ = r_sat − r_site.
    pub fn tracking_rate_rad_s(&self, sat: &EcefState) -> f64 {
        let rho = sat.position_m - self.position_m;
        let range = rho.norm();
        let unit = rho / range;
        let v = sat.velocity_m_s;
        (v - unit * v.dot(&unit)).norm() / range
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_rate_is_the_rate_of_the_look_direction() {
        // Against a central difference of the ECEF unit vector toward a satellite moving at
        // 7.5 km/s, 800 km up and 400 km north of the site.
        let site = Geodetic::from_degrees(49.6, 6.1, 300.0);
        let topo = Topocentric::new(&site);
        let p0 = Geodetic::from_degrees(53.2, 6.1, 800e3).to_ecef();
        let v = Vector3::new(-2_000.0, 7_000.0, 1_500.0);
        let unit = |t: f64| {
            let r = p0 + v * t - topo.position_m;
            r / r.norm()
        };
        let h = 1e-3;
        let numeric = ((unit(h) - unit(-h)) / (2.0 * h)).norm();
        let rate = topo.tracking_rate_rad_s(&EcefState {
            position_m: p0,
            velocity_m_s: v,
        });
        assert!((rate / numeric - 1.0).abs() < 1e-8, "{rate} vs {numeric}");
    }

    #[test]
    fn zenith_and_horizon() {
        let site = Geodetic::from_degrees(35.7068, 139.4885, 128.5);
        let topo = Topocentric::new(&site);
        let above = Geodetic {
            altitude_m: site.altitude_m + 500e3,
            ..site
        }
        .to_ecef();
        let la = topo.look_angles(&EcefState {
            position_m: above,
            velocity_m_s: Vector3::zeros(),
        });
        assert!((la.elevation_rad.to_degrees() - 90.0).abs() < 1e-9);
        assert!((la.range_m - 500e3).abs() < 1e-6);
        // A point due north on the tangent plane: az 0, el 0.
        let north = topo.position_m + topo.enu.row(1).transpose() * 1000.0;
        let la = topo.look_angles(&EcefState {
            position_m: north,
            velocity_m_s: Vector3::zeros(),
        });
        assert!(la.azimuth_rad.min(std::f64::consts::TAU - la.azimuth_rad) < 1e-12);
        assert!(la.elevation_rad.abs() < 1e-12);
    }

    #[test]
    fn transverse_velocity_is_inertial() {
        use crate::frames::EARTH_ROTATION_RATE_RAD_S as OMEGA;
        // A geostationary satellite above an equatorial site: at rest in ECEF, v⊥ = ω·|ρ|.
        let site = Geodetic::from_degrees(0.0, 0.0, 0.0);
        let topo = Topocentric::new(&site);
        let geo = EcefState {
            position_m: Vector3::new(42_164e3, 0.0, 0.0),
            velocity_m_s: Vector3::zeros(),
        };
        let rho = 42_164e3 - crate::units::WGS84_A_M;
        assert!((topo.transverse_velocity_m_s(&geo) / (OMEGA * rho) - 1.0).abs() < 1e-12);
        // Any state against a finite difference of the relative position in the inertial
        // frame x_I = R3(−ω·t)·x_ECEF, projected across the line of sight.
        let topo = Topocentric::new(&Geodetic::from_degrees(49.6, 6.2, 300.0));
        let (r0, v) = (
            Vector3::new(4.2e6, 1.1e6, 5.6e6),
            Vector3::new(-2000.0, 6500.0, 1500.0),
        );
        let inertial = |t: f64| {
            let (s, c) = (OMEGA * t).sin_cos();
            let rot = |x: Vector3<f64>| Vector3::new(c * x.x - s * x.y, s * x.x + c * x.y, x.z);
            rot(r0 + v * t) - rot(topo.position_m)
        };
        let dt = 1e-3;
        let vel = (inertial(dt) - inertial(-dt)) / (2.0 * dt);
        let u = inertial(0.0).normalize();
        let want = (vel - u * vel.dot(&u)).norm();
        let got = topo.transverse_velocity_m_s(&EcefState {
            position_m: r0,
            velocity_m_s: v,
        });
        assert!((got / want - 1.0).abs() < 1e-8, "{got} vs {want}");
    }

    #[test]
    fn rates_match_finite_differences() {
        let site = Geodetic::from_degrees(49.6, 6.2, 300.0);
        let topo = Topocentric::new(&site);
        let r0 = Vector3::new(4.2e6, 1.1e6, 5.6e6);
        let v = Vector3::new(-2000.0, 6500.0, 1500.0);
        let at = |t: f64| {
            topo.look_angles(&EcefState {
                position_m: r0 + v * t,
                velocity_m_s: v,
            })
        };
        let dt = 1e-3;
        let (a, b, c) = (at(-dt), at(0.0), at(dt));
        let el_rate = (c.elevation_rad - a.elevation_rad) / (2.0 * dt);
        let range_rate = (c.range_m - a.range_m) / (2.0 * dt);
        assert!(
            (el_rate - b.elevation_rate_rad_s).abs() < 1e-9,
            "{el_rate} {}",
            b.elevation_rate_rad_s
        );
        assert!((range_rate - b.range_rate_m_s).abs() < 1e-4);
    }
}
