//! The Sun's position: *The Astronomical Almanac* low-precision formulas (section C, "Sun";
//! also Vallado 2013, Algorithm 29), accurate to 0.01° in direction for 1950–2050.
//!
//! n = JD − 2451545.0, L = 280.460° + 0.9856474°·n (mean longitude),
//! g = 357.528° + 0.9856003°·n (mean anomaly), λ = L + 1.915° sin g + 0.020° sin 2g,
//! ε = 23.439° − 4e-7°·n, R = 1.00014 − 0.01671 cos g − 0.00014 cos 2g AU.
//! The resulting equatorial vector is of date; it is rotated to ECEF by GMST (the equation of
//! the equinoxes, ≤ 1.2″, is far below the formulas' accuracy).

use nalgebra::Vector3;

use super::{gmst_rad, Topocentric};
use crate::time::days_since_j2000;

/// Astronomical unit, m (IAU 2012, exact).
const AU_M: f64 = 149_597_870_700.0;

/// The Sun's geocentric position, m, in the mean equator and equinox of date (≈ TEME/TOD).
pub(crate) fn sun_position_mod_m(unix_utc_s: f64) -> Vector3<f64> {
    let n = days_since_j2000(unix_utc_s);
    let l = (280.460 + 0.985_647_4 * n).to_radians();
    let g = (357.528 + 0.985_600_3 * n).to_radians();
    let lambda = l + 1.915f64.to_radians() * g.sin() + 0.020f64.to_radians() * (2.0 * g).sin();
    let epsilon = (23.439 - 4.0e-7 * n).to_radians();
    let r_m = (1.000_14 - 0.016_71 * g.cos() - 0.000_14 * (2.0 * g).cos()) * AU_M;
    let (sin_l, cos_l) = lambda.sin_cos();
    let (sin_e, cos_e) = epsilon.sin_cos();
    Vector3::new(cos_l, cos_e * sin_l, sin_e * sin_l) * r_m
}

/// The Sun's geocentric position in ECEF, m (UT1 ≈ UTC is ample at 0.01°).
pub fn sun_position_ecef_m(unix_utc_s: f64) -> Vector3<f64> {
    let r = sun_position_mod_m(unix_utc_s);
    let (sin_g, cos_g) = gmst_rad(unix_utc_s).sin_cos();
    Vector3::new(cos_g * r.x + sin_g * r.y, -sin_g * r.x + cos_g * r.y, r.z)
}

/// The Sun's geometric elevation seen from a site, rad.
pub fn sun_elevation_rad(site: &Topocentric, sun_ecef_m: &Vector3<f64>) -> f64 {
    let to_sun = sun_ecef_m - site.position_m;
    (to_sun.dot(&site.up()) / to_sun.norm())
        .clamp(-1.0, 1.0)
        .asin()
}

/// The angle between the Sun and a satellite seen from a site, rad (0 = satellite on the Sun).
pub fn sun_separation_rad(
    site: &Topocentric,
    sat_ecef_m: &Vector3<f64>,
    sun_ecef_m: &Vector3<f64>,
) -> f64 {
    let to_sat = sat_ecef_m - site.position_m;
    let to_sun = sun_ecef_m - site.position_m;
    // atan2(|a×b|, a·b) stays accurate at small angles, where acos does not.
    to_sat.cross(&to_sun).norm().atan2(to_sat.dot(&to_sun))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frames::Geodetic;
    use crate::time::{parse_utc, unix_seconds};

    fn unix(s: &str) -> f64 {
        unix_seconds(parse_utc(s).unwrap())
    }

    #[test]
    fn meeus_example_25a() {
        // Meeus, Astronomical Algorithms (1998), Example 25.a, 1992-10-13 0h TD: apparent
        // α = 198.38083°, δ = −7.78507°, R = 0.99766 AU. TD − UT ≈ 59 s then (0.0007° of Sun
        // motion), so the UTC instant is used as is; the target is the formulas' 0.01°.
        let r = sun_position_mod_m(unix("1992-10-13T00:00:00Z"));
        let ra = r.y.atan2(r.x).to_degrees().rem_euclid(360.0);
        let dec = (r.z / r.norm()).asin().to_degrees();
        assert!((ra - 198.380_83).abs() < 0.01, "{ra}");
        assert!((dec + 7.785_07).abs() < 0.01, "{dec}");
        assert!((r.norm() / AU_M - 0.997_66).abs() < 1e-4);
    }

    #[test]
    fn equinox_noon_at_the_equator() {
        // Near the March equinox at ~12:07 UTC (equation of time −7 min) the Sun stands close
        // to the zenith at 0°N 0°E: declination ~0, hour angle ~0 → elevation > 89°.
        let site = Topocentric::new(&Geodetic::from_degrees(0.0, 0.0, 0.0));
        let sun = sun_position_ecef_m(unix("2026-03-20T12:07:00Z"));
        let el = sun_elevation_rad(&site, &sun).to_degrees();
        assert!(el > 89.0, "{el}");
        // Seen from there, a satellite straight up is within a degree of the Sun.
        let zenith = Geodetic::from_degrees(0.0, 0.0, 600e3).to_ecef();
        assert!(sun_separation_rad(&site, &zenith, &sun).to_degrees() < 1.0);
    }
}
