//! WGS-84 geodetic coordinates ↔ ECEF.
//!
//! Forward: the standard ellipsoid formulas (NIMA TR8350.2, §4); inverse: Bowring's (1976)
//! iteration on the reduced latitude, as in Vallado (2013) Algorithm 12, which converges to
//! well below a millimetre in three iterations for any point above −5 km.

use nalgebra::Vector3;

use crate::units::{WGS84_A_M, WGS84_F};

/// First eccentricity squared of WGS-84, e² = f(2 − f).
const E2: f64 = WGS84_F * (2.0 - WGS84_F);

/// A point on or above the WGS-84 ellipsoid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geodetic {
    /// Geodetic latitude, rad, positive north, in [−π/2, π/2].
    pub latitude_rad: f64,
    /// Longitude, rad, positive east.
    pub longitude_rad: f64,
    /// Height above the WGS-84 ellipsoid, m.
    pub altitude_m: f64,
}

impl Geodetic {
    /// A point from latitude and longitude in degrees and height above the ellipsoid in metres.
    pub fn from_degrees(lat_deg: f64, lon_deg: f64, alt_m: f64) -> Geodetic {
        Geodetic {
            latitude_rad: lat_deg.to_radians(),
            longitude_rad: lon_deg.to_radians(),
            altitude_m: alt_m,
        }
    }

    /// Latitude in degrees.
    pub fn latitude_deg(&self) -> f64 {
        self.latitude_rad.to_degrees()
    }

    /// Longitude in degrees, in (−180, 180].
    pub fn longitude_deg(&self) -> f64 {
        let deg = self.longitude_rad.to_degrees().rem_euclid(360.0);
        if deg > 180.0 {
            deg - 360.0
        } else {
            deg
        }
    }

    /// ECEF position, m: x = (N + h) cos φ cos λ, y = (N + h) cos φ sin λ,
    /// z = (N(1 − e²) + h) sin φ, with N = a / sqrt(1 − e² sin² φ).
    pub fn to_ecef(&self) -> Vector3<f64> {
        let (sin_lat, cos_lat) = self.latitude_rad.sin_cos();
        let (sin_lon, cos_lon) = self.longitude_rad.sin_cos();
        let n = WGS84_A_M / (1.0 - E2 * sin_lat * sin_lat).sqrt();
        Vector3::new(
            (n + self.altitude_m) * cos_lat * cos_lon,
            (n + self.altitude_m) * cos_lat * sin_lon,
            (n * (1.0 - E2) + self.altitude_m) * sin_lat,
        )
    }

    /// The geodetic coordinates of an ECEF position, m (Bowring's iteration).
    pub fn from_ecef(r: &Vector3<f64>) -> Geodetic {
        let b = WGS84_A_M * (1.0 - WGS84_F);
        let ep2 = E2 / (1.0 - E2); // second eccentricity squared
        let p = r.x.hypot(r.y);
        let longitude_rad = r.y.atan2(r.x);
        // Reduced latitude β, then tan φ = (z + e'² b sin³β) / (p − e² a cos³β).
        let mut beta = (r.z * WGS84_A_M).atan2(p * b);
        let mut latitude_rad = 0.0;
        for _ in 0..3 {
            let (sb, cb) = beta.sin_cos();
            latitude_rad = (r.z + ep2 * b * sb * sb * sb).atan2(p - E2 * WGS84_A_M * cb * cb * cb);
            beta = ((1.0 - WGS84_F) * latitude_rad.tan()).atan();
        }
        let (sin_lat, cos_lat) = latitude_rad.sin_cos();
        let n = WGS84_A_M / (1.0 - E2 * sin_lat * sin_lat).sqrt();
        // Height along the normal, well conditioned at every latitude.
        let altitude_m = p * cos_lat + r.z * sin_lat - WGS84_A_M * WGS84_A_M / n;
        Geodetic {
            latitude_rad,
            longitude_rad,
            altitude_m,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_point() {
        // Equator, prime meridian, sea level → (a, 0, 0); pole → (0, 0, b).
        let r = Geodetic::from_degrees(0.0, 0.0, 0.0).to_ecef();
        assert!((r - Vector3::new(WGS84_A_M, 0.0, 0.0)).norm() < 1e-9);
        let r = Geodetic::from_degrees(90.0, 0.0, 0.0).to_ecef();
        assert!((r.z - 6_356_752.314_245).abs() < 1e-6, "{}", r.z);
    }

    #[test]
    fn round_trip_to_a_millimetre() {
        for lat in (-90..=90).step_by(5) {
            for lon in (-180..180).step_by(20) {
                for alt in [-100.0, 0.0, 2400.0, 550e3, 35_786e3] {
                    let g = Geodetic::from_degrees(lat as f64, lon as f64, alt);
                    let r = g.to_ecef();
                    let back = Geodetic::from_ecef(&r).to_ecef();
                    assert!(
                        (back - r).norm() < 1e-3,
                        "{lat} {lon} {alt}: {}",
                        (back - r).norm()
                    );
                }
            }
        }
    }
}
