//! Earth rotation: Greenwich mean sidereal time (IAU-82) and the TEME → ECEF rotation.
//!
//! GMST follows Aoki et al. (1982), "The new definition of Universal Time", A&A 105, 359, in
//! the form of Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., eq. 3-47
//! (also `gstime` in Vallado's SGP4 code, which is why SGP4 users pair TEME with it).
//! TEME → PEF (≈ ECEF without polar motion): Vallado et al. (2006), AIAA 2006-6753, eq. (1):
//! r_pef = R3(θ_GMST)·r_teme, v_pef = R3(θ_GMST)·v_teme − ω⊕ × r_pef.

use nalgebra::Vector3;

use crate::time::days_since_j2000;

/// Earth's nominal rotation rate, rad/s (IERS/WGS-84 value, 7.292115146706979e-5; Vallado's
/// `teme2ecef` uses the same number). Length-of-day variations are neglected.
pub(crate) const EARTH_ROTATION_RATE_RAD_S: f64 = 7.292_115_146_706_979e-5;

/// Position and velocity in the Earth-fixed frame (ECEF ≈ ITRF without polar motion).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EcefState {
    /// Position, m, ECEF.
    pub position_m: Vector3<f64>,
    /// Velocity relative to the rotating Earth, m/s, ECEF.
    pub velocity_m_s: Vector3<f64>,
}

/// Greenwich mean sidereal time (IAU-82), rad in [0, 2π), for a UT1 instant in Unix seconds.
///
/// θ = 67310.54841 s + (876600 h + 8640184.812866 s)·T + 0.093104 s·T² − 6.2e-6 s·T³,
/// T = Julian centuries of UT1 since J2000.0; 1 s of time = 1/240 degree.
pub(crate) fn gmst_rad(unix_ut1_s: f64) -> f64 {
    let t = days_since_j2000(unix_ut1_s) / 36_525.0;
    let seconds = 67_310.548_41 + (876_600.0 * 3600.0 + 8_640_184.812_866) * t + 0.093_104 * t * t
        - 6.2e-6 * t * t * t;
    // Fraction of a turn by floor, not `rem_euclid` (an fmod call costing more than the
    // sin_cos after it in the propagation hot loop).
    let days = seconds / 86_400.0;
    (days - days.floor()) * std::f64::consts::TAU
}

/// Rotates an SGP4 TEME state into ECEF at a UTC instant (Unix seconds) with UT1 = UTC + DUT1.
pub fn teme_to_ecef(
    position_teme_m: &Vector3<f64>,
    velocity_teme_m_s: &Vector3<f64>,
    unix_utc_s: f64,
    dut1_s: f64,
) -> EcefState {
    let (sin_g, cos_g) = gmst_rad(unix_utc_s + dut1_s).sin_cos();
    // R3(θ)·x = [cos θ·x + sin θ·y, −sin θ·x + cos θ·y, z]
    let rotate =
        |v: &Vector3<f64>| Vector3::new(cos_g * v.x + sin_g * v.y, -sin_g * v.x + cos_g * v.y, v.z);
    let position_m = rotate(position_teme_m);
    // ω⊕ × r with ω⊕ = (0, 0, ω): (−ω·y, ω·x, 0)
    let v = rotate(velocity_teme_m_s);
    let velocity_m_s = Vector3::new(
        v.x + EARTH_ROTATION_RATE_RAD_S * position_m.y,
        v.y - EARTH_ROTATION_RATE_RAD_S * position_m.x,
        v.z,
    );
    EcefState {
        position_m,
        velocity_m_s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{parse_utc, unix_seconds};

    fn unix(s: &str) -> f64 {
        unix_seconds(parse_utc(s).unwrap())
    }

    #[test]
    fn gmst_at_j2000_is_the_constant_term() {
        // 67310.54841 s = 18.697374558 h = 280.46061837504°.
        let deg = gmst_rad(unix("2000-01-01T12:00:00Z")).to_degrees();
        assert!((deg - 280.460_618_375_04).abs() < 1e-9, "{deg}");
    }

    #[test]
    fn gmst_vallado_example_3_5() {
        // Vallado (2013) Example 3-5: 1992-08-20 12:14:00 UT1 → GMST = 152.578 787 810°.
        let deg = gmst_rad(unix("1992-08-20T12:14:00Z")).to_degrees();
        assert!((deg - 152.578_787_810).abs() < 1e-6, "{deg}");
    }

    #[test]
    fn teme_to_ecef_vallado_example() {
        // Vallado et al. (2006) AIAA 2006-6753, §"TEME": the same epoch 2004-04-06 07:51:28.386009
        // UTC gives r_TEME = (5094.18016210, 6127.64465950, 6380.34453270) km and
        // r_PEF = (−1033.47503130, 7901.30558560, 6380.34453270) km with UT1 − UTC = −0.4399619 s.
        let t = unix("2004-04-06T07:51:28.386009Z");
        let r = Vector3::new(5094.18016210, 6127.64465950, 6380.34453270) * 1e3;
        let v = Vector3::new(-4.746131487, 0.785818041, 5.531931288) * 1e3;
        let s = teme_to_ecef(&r, &v, t, -0.4399619);
        let expected = Vector3::new(-1033.47503130, 7901.30558560, 6380.34453270) * 1e3;
        // The published PEF also lacks polar motion; agreement to the metre checks the chain.
        assert!(
            (s.position_m - expected).norm() < 1.0,
            "{}",
            (s.position_m - expected).norm()
        );
        // Rotation preserves |r|; the velocity loses ω × r.
        assert!((s.position_m.norm() - r.norm()).abs() < 1e-6);
        // v_PEF of the same example (z is unchanged by the rotation about z).
        let expected_v = Vector3::new(-3.225632747, -2.872442511, 5.531931288) * 1e3;
        assert!(
            (s.velocity_m_s - expected_v).norm() < 1e-3,
            "{}",
            s.velocity_m_s
        );
    }
}
