//! Physical constants, dB ↔ linear conversions and angle helpers.
//!
//! Constants are CODATA 2018 exact values where they exist; Earth constants are WGS-84
//! (NIMA TR8350.2) for geodesy. SGP4 uses its own WGS-72 constants inside the `sgp4` crate.

/// Speed of light in vacuum, m/s (exact, SI definition).
pub(crate) const SPEED_OF_LIGHT_M_S: f64 = 299_792_458.0;
/// Planck constant, J·s (exact, SI definition).
pub(crate) const PLANCK_J_S: f64 = 6.626_070_15e-34;
/// WGS-84 equatorial radius, m.
pub(crate) const WGS84_A_M: f64 = 6_378_137.0;
/// Earth's gravitational parameter GM (WGS-84), m³/s².
pub(crate) const GM_EARTH_M3_S2: f64 = 3.986_004_418e14;
/// WGS-84 flattening (dimensionless).
pub(crate) const WGS84_F: f64 = 1.0 / 298.257_223_563;
/// Mean Earth radius used for spherical-Earth geometry (IUGG R1), m.
pub(crate) const EARTH_MEAN_RADIUS_M: f64 = 6_371_008.8;
/// Seconds in a day.
pub(crate) const SECONDS_PER_DAY: f64 = 86_400.0;

/// Linear power ratio → decibels: 10·log10(x).
#[inline]
pub(crate) fn to_db(ratio: f64) -> f64 {
    10.0 * ratio.log10()
}

/// Decibels → linear power ratio: 10^(dB/10).
#[cfg(test)]
#[inline]
pub(crate) fn from_db(db: f64) -> f64 {
    10f64.powf(db / 10.0)
}

/// Power in watts → dBm.
#[inline]
pub(crate) fn watts_to_dbm(power_w: f64) -> f64 {
    to_db(power_w * 1e3)
}

/// Power in dBm → watts.
#[cfg(test)]
#[inline]
pub(crate) fn dbm_to_watts(power_dbm: f64) -> f64 {
    from_db(power_dbm) * 1e-3
}

/// Photon energy h·c/λ in joules for a wavelength in metres.
#[inline]
pub(crate) fn photon_energy_j(wavelength_m: f64) -> f64 {
    PLANCK_J_S * SPEED_OF_LIGHT_M_S / wavelength_m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_round_trip() {
        assert!((from_db(to_db(0.123)) - 0.123).abs() < 1e-15);
        assert!((watts_to_dbm(1.0) - 30.0).abs() < 1e-12);
        assert!((dbm_to_watts(-30.0) - 1e-6).abs() < 1e-18);
    }

    #[test]
    fn photon_energy_at_1550_nm() {
        // docs/models.md §1: 1.28158e-19 J at 1550 nm.
        let e = photon_energy_j(1550e-9);
        assert!((e / 1.28158e-19 - 1.0).abs() < 1e-5, "{e}");
    }
}
