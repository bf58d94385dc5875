//! WGS-84 geodetic coordinates ↔ ECEF.
//!
//! Forward: the standard ellipsoid formulas (NIMA TR8350.2, §4); inverse: Bowring's (1976)
//! iteration on the reduced latitude, as in Vallado (2013) Algorithm 12, which converges to
//! well below a millimetre in three iterations for any point above −5 km. The height alone
//! ([`Geodetic::altitude_of`], the inner loop of the crosslink grazing altitude) comes from
//! Heikkinen's closed form, with square and cube roots only (M. Heikkinen, "Geschlossene
//! Formeln zur Berechnung räumlicher geodätischer Koordinaten aus rechtwinkligen
//! Koordinaten", Z. Vermess. 107:207–211, 1982; as written by J. Zhu, "Conversion of
//! Earth-centered Earth-fixed coordinates to geodetic coordinates", IEEE Trans. Aerosp.
//! Electron. Syst. 30(3):957–961, 1994).

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

    /// The height above the WGS-84 ellipsoid of an ECEF (or TEME: the height does not depend
    /// on the longitude) position, m, by Heikkinen's closed form (Zhu 1994, eqs. 1–13):
    ///
    /// p = √(x² + y²), F = 54·b²·z², G = p² + (1 − e²)z² − e²(a² − b²), c = e⁴·F·p²/G³,
    /// s = ∛(1 + c + √(c² + 2c)), P = F / (3(s + 1/s + 1)²G²), Q = √(1 + 2e⁴P),
    /// r₀ = −P·e²·p/(1 + Q) + √(a²/2·(1 + 1/Q) − P(1 − e²)z²/(Q(1 + Q)) − P·p²/2),
    /// U = √((p − e²r₀)² + z²), V = √((p − e²r₀)² + (1 − e²)z²), h = U(1 − b²/(aV)).
    ///
    /// It agrees with [`Geodetic::from_ecef`] to a millimetre from 10 km below the ellipsoid
    /// to beyond GEO at every latitude (the test `closed_form_height_matches_the_iteration`);
    /// deeper inside the Earth (nearer the centre than b − 10 km) that iteration answers.
    pub fn altitude_of(r: &Vector3<f64>) -> f64 {
        let a = WGS84_A_M;
        let b = a * (1.0 - WGS84_F);
        let (a2, b2) = (a * a, b * b);
        let p2 = r.x * r.x + r.y * r.y;
        let z2 = r.z * r.z;
        if p2 + z2 < (b - 10e3) * (b - 10e3) {
            return Geodetic::from_ecef(r).altitude_m;
        }
        let p = p2.sqrt();
        let f = 54.0 * b2 * z2;
        let g = p2 + (1.0 - E2) * z2 - E2 * (a2 - b2);
        let c = E2 * E2 * f * p2 / (g * g * g);
        let s = (1.0 + c + (c * c + 2.0 * c).sqrt()).cbrt();
        let k = s + 1.0 / s + 1.0;
        let big_p = f / (3.0 * k * k * g * g);
        let q = (1.0 + 2.0 * E2 * E2 * big_p).sqrt();
        let r0 = -big_p * E2 * p / (1.0 + q)
            + (0.5 * a2 * (1.0 + 1.0 / q)
                - big_p * (1.0 - E2) * z2 / (q * (1.0 + q))
                - 0.5 * big_p * p2)
                .max(0.0)
                .sqrt();
        let t = p - E2 * r0;
        let u = (t * t + z2).sqrt();
        let v = (t * t + (1.0 - E2) * z2).sqrt();
        u * (1.0 - b2 / (a * v))
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
    fn closed_form_height_matches_the_iteration() {
        for lat in (-90..=90).step_by(3) {
            for alt_km in [
                -10.0, 0.0, 0.5, 50.0, 100.0, 550.0, 1200.0, 8000.0, 35_786.0, 50_000.0,
            ] {
                let g = Geodetic::from_degrees(lat as f64, 17.0, alt_km * 1e3);
                let r = g.to_ecef();
                let h = Geodetic::altitude_of(&r);
                assert!((h - alt_km * 1e3).abs() < 1e-3, "{lat}° {alt_km} km: {h}");
                assert!((h - Geodetic::from_ecef(&r).altitude_m).abs() < 1e-3);
            }
        }
    }

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
