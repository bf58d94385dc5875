//! Clear-sky atmospheric extinction: air mass, Beer–Lambert slant transmittance, default zenith
//! transmittances, and an optional physical (Rayleigh + Ångström aerosol) zenith model.
//!
//! Sources (docs/models.md §2):
//! - Air mass: Kasten & Young, Appl. Opt. 28(22):4735 (1989), eq. 3:
//!   AM(ζ) = 1 / [cos ζ + 0.50572·(96.07995° − ζ)^(−1.6364)], ζ in degrees.
//! - Slant transmittance (Beer–Lambert with air mass): T_atm(ζ) = T_zen^AM(ζ).
//! - Rayleigh optical depth (Hansen & Travis 1974 fit, as quoted in docs/models.md §2):
//!   τ_R = 0.008569·λ⁻⁴·(1 + 0.0113·λ⁻² + 0.00013·λ⁻⁴)·p/p0, λ in µm.
//! - Ångström aerosol optical depth: τ_a = τ_550·(λ/0.55 µm)^(−α).
//!
//! Default zenith transmittance ([`default_zenith_transmittance`]): the clear-sky table of
//! docs/models.md (1550 nm 0.95, 1064 nm 0.92, 850 nm 0.90; sites higher than 2 km: 0.98, 0.96,
//! 0.93). Between tabulated wavelengths the zenith optical depth τ = −ln T is interpolated
//! linearly in wavelength (so T varies smoothly and stays in (0, 1)); the table's end values
//! are held flat over the rest of the near-infrared windows, 780–850 nm and 1550–1700 nm.
//! Outside 780–1700 nm there is no default: the caller must give a zenith transmittance (or use
//! [`AerosolModel`]). The altitude columns are a step at 2 km, as tabulated.

use crate::error::{Error, Result};

/// Kasten–Young (1989) relative air mass at zenith angle `zenith_rad` (dimensionless, 1 at
/// zenith, ≈ 38 at the horizon). Valid for 0 ≤ ζ ≤ 90°.
pub(crate) fn air_mass(zenith_rad: f64) -> f64 {
    let zeta_deg = zenith_rad.to_degrees();
    // AM = 1 / [cos ζ + 0.50572 (96.07995 − ζ)^−1.6364]
    1.0 / (zenith_rad.cos() + 0.50572 * (96.07995 - zeta_deg).powf(-1.6364))
}

/// Slant-path clear-sky transmittance T_zen^AM(ζ) (linear power factor) for a zenith
/// transmittance `zenith_transmittance` and zenith angle `zenith_rad`.
pub fn slant_transmittance(zenith_transmittance: f64, zenith_rad: f64) -> f64 {
    zenith_transmittance.powf(air_mass(zenith_rad))
}

/// Station altitude above which the high-site column of the default table applies, m.
pub(crate) const HIGH_SITE_ALTITUDE_M: f64 = 2000.0;

/// Tabulated default clear-sky zenith transmittances: (wavelength nm, sea level, > 2 km).
const ZENITH_TABLE: [(f64, f64, f64); 3] = [
    (850.0, 0.90, 0.93),
    (1064.0, 0.92, 0.96),
    (1550.0, 0.95, 0.98),
];

/// Wavelength range (nm) over which [`default_zenith_transmittance`] gives a value.
pub(crate) const DEFAULT_TRANSMITTANCE_RANGE_NM: (f64, f64) = (780.0, 1700.0);

/// Default clear-sky zenith transmittance (linear) for a wavelength (m) and a station altitude
/// (m above sea level). See the module doc for the interpolation and its range; outside it,
/// returns [`Error::InvalidParameter`] keyed `wavelength_nm`.
pub fn default_zenith_transmittance(wavelength_m: f64, station_alt_m: f64) -> Result<f64> {
    let nm = wavelength_m * 1e9;
    let (lo, hi) = DEFAULT_TRANSMITTANCE_RANGE_NM;
    if !(lo..=hi).contains(&nm) {
        return Err(Error::invalid(
            "wavelength_nm",
            nm,
            format!(
                "the default zenith transmittance is tabulated for {lo}–{hi} nm; give zenith_transmittance explicitly"
            ),
        ));
    }
    let column = |row: &(f64, f64, f64)| {
        if station_alt_m > HIGH_SITE_ALTITUDE_M {
            row.2
        } else {
            row.1
        }
    };
    let first = &ZENITH_TABLE[0];
    let last = &ZENITH_TABLE[ZENITH_TABLE.len() - 1];
    if nm <= first.0 {
        return Ok(column(first));
    }
    if nm >= last.0 {
        return Ok(column(last));
    }
    let i = ZENITH_TABLE
        .iter()
        .position(|row| row.0 > nm)
        .unwrap_or(ZENITH_TABLE.len() - 1);
    let (a, b) = (&ZENITH_TABLE[i - 1], &ZENITH_TABLE[i]);
    // Linear in optical depth τ = −ln T between the two tabulated wavelengths.
    let t = (nm - a.0) / (b.0 - a.0);
    let tau = -(1.0 - t) * column(a).ln() - t * column(b).ln();
    Ok((-tau).exp())
}

/// Pressure ratio p/p0 of the ICAO standard atmosphere at `altitude_m` above sea level
/// (troposphere, 0–11 km): p/p0 = (1 − 2.25577e−5·h)^5.25588.
pub fn standard_pressure_ratio(altitude_m: f64) -> f64 {
    (1.0 - 2.255_77e-5 * altitude_m.clamp(0.0, 11_000.0)).powf(5.255_88)
}

/// Rayleigh zenith optical depth at `wavelength_m`, scaled by the pressure ratio p/p0:
/// τ_R = 0.008569·λ⁻⁴·(1 + 0.0113·λ⁻² + 0.00013·λ⁻⁴)·p/p0 with λ in µm.
pub fn rayleigh_optical_depth(wavelength_m: f64, pressure_ratio: f64) -> f64 {
    let l = wavelength_m * 1e6;
    let l2 = l * l;
    let l4 = l2 * l2;
    0.008569 / l4 * (1.0 + 0.0113 / l2 + 0.00013 / l4) * pressure_ratio
}

/// Optional physical clear-sky model: Rayleigh scattering plus an Ångström aerosol law.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AerosolModel {
    /// Aerosol zenith optical depth at 550 nm (dimensionless; ~0.05 clean, ~0.3 hazy).
    pub tau_550: f64,
    /// Ångström exponent α (dimensionless; ~1.3 continental).
    pub angstrom_alpha: f64,
}

impl AerosolModel {
    /// Ångström aerosol optical depth τ_a = τ_550·(λ/0.55 µm)^(−α) at `wavelength_m`.
    pub fn aerosol_optical_depth(&self, wavelength_m: f64) -> f64 {
        self.tau_550 * (wavelength_m / 0.55e-6).powf(-self.angstrom_alpha)
    }

    /// Zenith transmittance exp(−τ_R − τ_a) at `wavelength_m` for a station at `station_alt_m`
    /// (m above sea level; the Rayleigh depth is scaled by the standard-atmosphere p/p0, the
    /// aerosol depth is taken as given for the site).
    pub fn zenith_transmittance(&self, wavelength_m: f64, station_alt_m: f64) -> f64 {
        let tau_r = rayleigh_optical_depth(wavelength_m, standard_pressure_ratio(station_alt_m));
        (-(tau_r + self.aerosol_optical_depth(wavelength_m))).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kasten_young_air_mass() {
        // docs/models.md §2, printed to 4 or 5 significant digits: tolerance half a unit of the
        // last.
        let cases = [
            (0.0, 0.9997, 5e-5),
            (30.0, 1.1540, 5e-5),
            (60.0, 1.9943, 5e-5),
            (70.0, 2.9031, 5e-5),
            (80.0, 5.5860, 5e-5),
            (85.0, 10.306, 5e-4),
        ];
        for (zeta, am, tol) in cases {
            let got = air_mass(f64::to_radians(zeta));
            assert!((got - am).abs() <= tol, "ζ = {zeta}: {got} vs {am}");
        }
    }

    #[test]
    fn ref_slant_transmittance() {
        // REF: 0.95^1.99429 = 0.90276 (−0.444 dB).
        let t = slant_transmittance(0.95, 60f64.to_radians());
        assert!((t - 0.90276).abs() <= 5e-6, "{t}");
        assert!((crate::units::to_db(t) + 0.444).abs() <= 5e-4);
    }

    #[test]
    fn default_table_and_interpolation() {
        let d = |nm: f64, h: f64| default_zenith_transmittance(nm * 1e-9, h).unwrap();
        assert_eq!(d(1550.0, 0.0), 0.95);
        assert_eq!(d(1064.0, 100.0), 0.92);
        assert_eq!(d(850.0, 0.0), 0.90);
        assert_eq!(d(1550.0, 2400.0), 0.98);
        assert_eq!(d(1064.0, 2400.0), 0.96);
        assert_eq!(d(850.0, 2400.0), 0.93);
        assert_eq!(d(1560.0, 0.0), 0.95);
        assert_eq!(d(810.0, 0.0), 0.90);
        // Halfway between 1064 and 1550 nm: geometric mean of the transmittances.
        let mid = d(1307.0, 0.0);
        assert!((mid - (0.92f64 * 0.95).sqrt()).abs() < 1e-12, "{mid}");
        assert!(default_zenith_transmittance(532e-9, 0.0).is_err());
        assert!(default_zenith_transmittance(10.6e-6, 0.0).is_err());
    }

    #[test]
    fn rayleigh_and_aerosol() {
        // τ_R(0.55 µm, sea level) = 0.008569/0.55⁴·(1 + 0.0113/0.55² + 0.00013/0.55⁴) = 0.0972750.
        let tau = rayleigh_optical_depth(0.55e-6, 1.0);
        assert!((tau / 0.097_275_0 - 1.0).abs() < 1e-6, "{tau}");
        assert!((standard_pressure_ratio(0.0) - 1.0).abs() < 1e-15);
        // ISA: 794.95 hPa at 2000 m.
        assert!((standard_pressure_ratio(2000.0) * 1013.25 - 794.95).abs() < 0.005);
        let m = AerosolModel {
            tau_550: 0.1,
            angstrom_alpha: 1.3,
        };
        assert!((m.aerosol_optical_depth(0.55e-6) - 0.1).abs() < 1e-15);
        // Clean air at 1550 nm: T ≈ exp(−0.00149 − 0.1·(1.55/0.55)^−1.3) ≈ 0.97288.
        let t = m.zenith_transmittance(1550e-9, 0.0);
        let expect =
            (-(rayleigh_optical_depth(1550e-9, 1.0) + 0.1 * (1.55f64 / 0.55).powf(-1.3))).exp();
        assert!(
            (t - expect).abs() < 1e-15 && (t - 0.97288).abs() < 5e-6,
            "{t}"
        );
    }
}
