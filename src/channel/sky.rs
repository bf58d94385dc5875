//! Sky and Earth background radiance and the background power it puts on a detector: the
//! exo-atmospheric solar spectrum, the clear daytime sky in single scattering, twilight, the
//! night-sky floor, the sunlit Earth seen from space, and the Sun's disc in the field of view.
//!
//! Sources (docs/models.md, "Sky background"):
//! - **Solar spectrum**: ASTM E490-00a air-mass-zero reference spectrum (ASTM International,
//!   2000; integrated irradiance normalised to 1366.1 W/m²). [`SOLAR_TABLE`] holds 20 nm box
//!   means of the E490 table at 52 wavelengths from 300 to 2500 nm, linearly interpolated. The
//!   table integrates to 1306.5 W/m² over 300–2500 nm against 1305.7 W/m² for the full-resolution
//!   E490 data (tested: 95.6 % of the total, the rest lies below 300 nm, 14.7 W/m², and above
//!   2500 nm, 45.7 W/m²). E490 is 0.37 % above the modern total solar irradiance 1361 W/m²
//!   (Kopp & Lean 2011); the table is left as published. Outside 300–2500 nm a 5772 K Planck
//!   curve matched to the end value extrapolates (within 12 % of E490 at 4 µm; above E490 in the
//!   ultraviolet, ×4 at 250 nm, where ozone, not modelled here, darkens the sky anyway).
//! - **Daytime sky, single scattering** (Liou, *An Introduction to Atmospheric Radiation*, 2nd
//!   ed., Academic Press 2002, §3.4, single-scattering approximation; Chandrasekhar, *Radiative
//!   Transfer*, 1950, ch. I). For a homogeneous mixed layer of extinction depth τ lit by the
//!   solar beam E0 at zenith angle θ0 and seen from the bottom along zenith angle θ, with
//!   μ0 = cos θ0, μ = cos θ, integrating the source ω·E0·p(Θ)·e^(−t/μ0) along the upward ray gives
//!   L = E0·ω·p(Θ)·μ0/(μ0 − μ)·(e^(−τ/μ0) − e^(−τ/μ)), which tends to E0·ω·p·(τ/μ)·e^(−τ/μ) at
//!   μ = μ0; p is the phase function normalised to ∫p dΩ = 1 (sr⁻¹). Here 1/μ and 1/μ0 are
//!   replaced by the Kasten–Young air masses m, m0 of [`air_mass`] (the sphericity correction
//!   of the two slant paths; within 1 % of sec θ up to 70°, finite at the horizon):
//!   L = E0·(τ_R·p_R(Θ) + ω_a·τ_a·p_HG(Θ))·m·(e^(−τm) − e^(−τm0))/(τ·(m0 − m)), τ = τ_R + τ_a.
//!   Rayleigh phase p_R = 3/(16π)·(1 + cos²Θ) (depolarisation neglected, < 2 %);
//!   aerosol Henyey–Greenstein p_HG = (1 − g²)/(4π·(1 + g² − 2g·cosΘ)^(3/2)) (Henyey &
//!   Greenstein, ApJ 93:70, 1941). Θ is the scattering angle between the propagation direction
//!   of sunlight and that of the light scattered toward the receiver, which equals the angle
//!   between the line of sight and the direction of the Sun: **Θ = sun separation** (forward
//!   peak looking near the Sun). Default aerosol g = 0.70 and ω_a = 0.90: OPAC "continental
//!   polluted" at 550 nm, 80 % humidity, g = 0.698, ω = 0.893 (Hess, Koepke & Schult, BAMS
//!   79:831, 1998), used at every wavelength.
//!   **Not included**: multiple scattering and light reflected by the ground. The second
//!   order adds roughly τ·m of the first (our estimate, not a cited correction): a few % at
//!   1550 nm (τ ≈ 0.05), tens of % at 500 nm (τ ≈ 0.3), more toward the horizon; so the model
//!   is low by up to ~×1.5–2 in the visible and by less in the near infrared. Molecular
//!   absorption lumped into the zenith extinction is treated as aerosol (scattering with ω_a):
//!   in absorption bands the sky is too bright. Aerosol forward scattering within a few degrees
//!   of the Sun is sharper than Henyey–Greenstein (diffraction peak): the aureole is low there.
//! - **Checks against published values** (tests `published_*`): the mean daytime sky radiances
//!   in R, I, J and H of Gou et al., "Optimal design and experimental verification of optical
//!   response band of all-time star sensor", Infrared and Laser Engineering 52(11):20230221
//!   (2023), Table 2 (8.68e−4, 3.34e−4, 3.69e−5, 8.01e−6 W cm⁻² sr⁻¹ µm⁻¹ with transmittances
//!   0.82, 0.90, 0.96, 0.97): our value at a mid sky (line of sight and Sun at 45°, 90° apart)
//!   lies 1.15 (R) to 2.5 (H) times above theirs (1.03–1.6 at 120° apart); and the clear horizon sky at noon of "Measurements of
//!   spectral radiance of the horizon sky", Appl. Opt. 6(12):2105 (1967): peak 5 µW cm⁻² sr⁻¹
//!   nm⁻¹ (0.05 W m⁻² sr⁻¹ nm⁻¹) for a meteorological range ≥ 30 km, against 0.062 here.
//! - **Twilight** (Sun between 0° and −18°): an **interpolation, not a model**. The radiance is
//!   interpolated log-linearly in Sun elevation between the single-scattering value with the Sun
//!   on the horizon (plus the night floor) and the night floor at −18° (end of astronomical
//!   twilight), i.e. linearly in magnitudes per arcsec². Evidence for the shape: the zenith
//!   UBVRI twilight brightness measured at Paranal over Sun zenith distances 94°–112° falls
//!   smoothly and steeply, by many magnitudes, with depression (Patat, Ugolnikov & Postylyakov,
//!   "UBVRI twilight sky brightness at ESO-Paranal", A&A 455:385, 2006). In the near infrared the
//!   sky reaches the night level earlier, at Sun elevations −9.3° (J) and −7.4° (H) at Dome A
//!   (AIRBT, arXiv:2607.01923): between about −8° and −18° the interpolation is high there
//!   (conservative for a background budget).
//! - **Night floor** (zenith, moonless, no light pollution): UBVRI 22.3, 22.6, 21.6, 20.9,
//!   19.7 mag/arcsec² at Paranal, dark time (Patat, A&A 401:797, 2003); J, H, K 15.40, 13.35,
//!   11.90 mag/arcsec² at Calar Alto (CAHA OCASS sky brightness, 25 Aug 2001; Dome A nights give
//!   J 15.3, H 13.4). In the near infrared OH airglow lines dominate (the H value is their
//!   blend over the band): a narrow filter between lines sees less, one on a line more.
//!   Conversion: L = F0·10^(−0.4·μ)·(648000/π)² W m⁻² sr⁻¹ nm⁻¹ (1 sr = 4.2545e10 arcsec²)
//!   with the Vega zero points F0 of Bessell, Castelli & Plez (A&A 333:231, 1998): U 4.175e−11,
//!   B 6.32e−11, V 3.631e−11, R 2.177e−11, I 1.126e−11 W m⁻² nm⁻¹, and of 2MASS (Cohen, Wheaton
//!   & Megeath, AJ 126:1090, 2003): J 3.129e−12 at 1235 nm, H 1.133e−12 at 1662 nm,
//!   Ks 4.283e−13 at 2159 nm. Log-linear in wavelength between band centres, flat outside.
//!   **Ignored**: moonlight, zodiacal light variation, the airglow increase toward the horizon
//!   (van Rhijn), light pollution, aurora.
//! - **Earth seen from space**: Lambertian, L = a·E_sun(λ)·sin(h_sun)/π, with a the planetary
//!   (top-of-atmosphere) albedo, which already contains the atmosphere's two-way path and its own
//!   reflection, so no separate transmittance is applied. Default [`EARTH_BOND_ALBEDO`] = 0.30
//!   (0.29 in Stephens et al., "The albedo of Earth", Rev. Geophys. 53:141, 2015; clouds reach
//!   0.6–0.9, ocean 0.05–0.1). Zero with the Sun below the horizon: city lights, airglow,
//!   lightning, the moonlit Earth and thermal emission (negligible below ~3 µm) are ignored.
//! - **Background power**: P_b = L·Ω·A·Δλ·η with Ω = 2π(1 − cos(FOV/2)) and
//!   A = π(D/2)²(1 − γ²). The Sun in the field: E_sun·T_slant·A·Δλ·η·f, f the fraction of the
//!   solar disc (radius 4.6505 mrad = 0.2665°, IAU 2015 nominal solar radius 695 700 km at
//!   1 au, uniform disc, limb darkening ignored) inside the circular field stop, from the
//!   area of the intersection of two circles on a flat sky.
//!
//! All radiances are spectral, W m⁻² sr⁻¹ nm⁻¹, evaluated at the filter centre and taken as
//! flat across the filter pass band.

use super::atmosphere::{air_mass, rayleigh_optical_depth, standard_pressure_ratio};
use crate::error::{Error, Result};
use std::f64::consts::PI;

/// Planetary (Bond) albedo of the Earth used as the default of [`earth_radiance_w_m2_sr_nm`]
/// (dimensionless; 0.29 in Stephens et al. 2015, rounded).
pub const EARTH_BOND_ALBEDO: f64 = 0.30;

/// Angular radius of the Sun's disc at 1 au, rad: asin(695 700 km / 149 597 870.7 km).
const SUN_ANGULAR_RADIUS_RAD: f64 = 4.650_484e-3;

/// Sun elevation at which the twilight interpolation reaches the night floor, rad (−18°, end
/// of astronomical twilight).
const TWILIGHT_END_ELEVATION_RAD: f64 = -18.0 * PI / 180.0;

/// Default Henyey–Greenstein asymmetry of the aerosol (OPAC continental polluted, 550 nm).
const DEFAULT_AEROSOL_ASYMMETRY: f64 = 0.70;
/// Default aerosol single-scattering albedo (OPAC continental polluted, 550 nm).
const DEFAULT_AEROSOL_SSA: f64 = 0.90;
/// Largest |g| the Henyey–Greenstein phase is evaluated with (keeps it finite at Θ = 0).
const MAX_ASYMMETRY: f64 = 0.99;

/// ASTM E490-00a AM0 solar spectral irradiance at 1 au: (wavelength nm, W m⁻² nm⁻¹), each value
/// the mean of the E490 table over ±10 nm around the wavelength.
const SOLAR_TABLE: [(f64, f64); 52] = [
    (300.0, 0.5364),
    (310.0, 0.6133),
    (320.0, 0.7583),
    (330.0, 0.8844),
    (340.0, 0.9271),
    (350.0, 0.9368),
    (360.0, 1.0119),
    (370.0, 1.0889),
    (380.0, 1.0463),
    (390.0, 1.0690),
    (400.0, 1.4173),
    (410.0, 1.7070),
    (420.0, 1.6938),
    (430.0, 1.6667),
    (440.0, 1.8035),
    (450.0, 1.9823),
    (460.0, 2.0241),
    (470.0, 2.0139),
    (480.0, 1.9712),
    (490.0, 1.9414),
    (500.0, 1.9301),
    (520.0, 1.8491),
    (550.0, 1.8567),
    (575.0, 1.8417),
    (600.0, 1.7695),
    (625.0, 1.6782),
    (650.0, 1.5700),
    (675.0, 1.5112),
    (700.0, 1.4148),
    (750.0, 1.2642),
    (800.0, 1.1327),
    (850.0, 0.9950),
    (900.0, 0.9224),
    (950.0, 0.8269),
    (1000.0, 0.7427),
    (1064.0, 0.6401),
    (1100.0, 0.5981),
    (1200.0, 0.5026),
    (1300.0, 0.4176),
    (1400.0, 0.3459),
    (1500.0, 0.2950),
    (1550.0, 0.2720),
    (1600.0, 0.2503),
    (1700.0, 0.2071),
    (1800.0, 0.1698),
    (1900.0, 0.1393),
    (2000.0, 0.1163),
    (2100.0, 0.0958),
    (2200.0, 0.0822),
    (2300.0, 0.0695),
    (2400.0, 0.0596),
    (2500.0, 0.0514),
];

/// Effective temperature of the Sun for the extrapolation outside the table, K (IAU 2015
/// nominal value).
const SUN_TEMPERATURE_K: f64 = 5772.0;
/// Second radiation constant c2 = hc/k, m·K (CODATA 2018).
const SECOND_RADIATION_CONSTANT_M_K: f64 = 1.438_776_877e-2;

/// Night-sky zenith brightness: (band centre nm, mag/arcsec², Vega zero point W m⁻² nm⁻¹).
/// UBVRI: Patat (2003), Paranal dark time, zero points Bessell et al. (1998); J, H, K: Calar
/// Alto 2001-08-25, zero points 2MASS (Cohen et al. 2003, Ks).
const NIGHT_SKY: [(f64, f64, f64); 8] = [
    (366.0, 22.3, 4.175e-11),
    (438.0, 22.6, 6.32e-11),
    (545.0, 21.6, 3.631e-11),
    (641.0, 20.9, 2.177e-11),
    (798.0, 19.7, 1.126e-11),
    (1235.0, 15.40, 3.129e-12),
    (1662.0, 13.35, 1.133e-12),
    (2159.0, 11.90, 4.283e-13),
];

/// Square arcseconds in one steradian, (648000/π)².
const ARCSEC2_PER_SR: f64 = (648_000.0 / PI) * (648_000.0 / PI);

/// Where the Sun is for a receiver looking along a line of sight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkyGeometry {
    /// Elevation of the line of sight at the station, rad, in (0, π/2] (values outside are
    /// clamped to [0, π/2]).
    pub elevation_rad: f64,
    /// Sun elevation at the station, rad, in [−π/2, π/2] (negative below the horizon).
    pub sun_elevation_rad: f64,
    /// Angle between the line of sight and the direction of the Sun, rad, in [0, π].
    pub sun_separation_rad: f64,
}

/// What the sky is made of at the station, at one wavelength: the zenith optical depths of
/// the molecules and of the aerosol, and the aerosol's scattering properties.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkyAtmosphere {
    /// Rayleigh (molecular scattering) zenith optical depth at the wavelength, dimensionless.
    pub rayleigh_optical_depth: f64,
    /// Aerosol zenith extinction optical depth at the wavelength, dimensionless, ≥ 0 (here
    /// also any molecular absorption in the given transmittance).
    pub aerosol_optical_depth: f64,
    /// Henyey–Greenstein asymmetry parameter g of the aerosol phase function, dimensionless,
    /// in (−1, 1) (|g| is capped at 0.99 when evaluated); default 0.70.
    pub aerosol_asymmetry: f64,
    /// Aerosol single-scattering albedo ω_a (scattering / extinction), dimensionless, in
    /// [0, 1]; default 0.90.
    pub aerosol_single_scattering_albedo: f64,
}

impl SkyAtmosphere {
    /// From the station's zenith transmittance at the wavelength (the scenario gives it; it is
    /// the total extinction exp(−τ)) and the wavelength (m): τ is split into Rayleigh
    /// ([`rayleigh_optical_depth`] at the standard-atmosphere pressure of `station_alt_m`, m
    /// above sea level) and aerosol (the rest, ≥ 0), with the default aerosol g and ω_a.
    ///
    /// A transmittance above exp(−τ_R) leaves no room for aerosol: the Rayleigh depth keeps its
    /// physical value and the aerosol depth is 0. A transmittance ≤ 0 (or NaN) is taken as the
    /// smallest positive number, one ≥ 1 as 1. The depths hold for this wavelength only: pass
    /// the same wavelength to [`SkyAtmosphere::sky_radiance_w_m2_sr_nm`].
    pub fn from_zenith_transmittance(
        wavelength_m: f64,
        zenith_transmittance: f64,
        station_alt_m: f64,
    ) -> SkyAtmosphere {
        let t = if zenith_transmittance > 0.0 {
            zenith_transmittance.min(1.0)
        } else {
            f64::MIN_POSITIVE
        };
        // τ = −ln T (≤ 708 for T ≥ MIN_POSITIVE).
        let tau = -t.ln();
        let tau_r = rayleigh_optical_depth(wavelength_m, standard_pressure_ratio(station_alt_m));
        SkyAtmosphere {
            rayleigh_optical_depth: tau_r,
            aerosol_optical_depth: (tau - tau_r).max(0.0),
            aerosol_asymmetry: DEFAULT_AEROSOL_ASYMMETRY,
            aerosol_single_scattering_albedo: DEFAULT_AEROSOL_SSA,
        }
    }

    /// Sky spectral radiance seen along the line of sight, W m⁻² sr⁻¹ nm⁻¹, at `wavelength_m`
    /// (the wavelength the depths are for): in daylight the single-scattering value plus the
    /// night floor, in twilight (Sun between 0° and −18°) the log-linear interpolation to the
    /// floor, at night the floor (see the module doc). Continuous in the Sun elevation, finite
    /// and > 0 for every geometry in range; NaN inputs give NaN.
    pub fn sky_radiance_w_m2_sr_nm(&self, wavelength_m: f64, geometry: &SkyGeometry) -> f64 {
        let floor = night_sky_radiance_w_m2_sr_nm(wavelength_m);
        let h = geometry.sun_elevation_rad.clamp(-PI / 2.0, PI / 2.0);
        if h >= 0.0 {
            return self.single_scattering_w_m2_sr_nm(wavelength_m, geometry, h) + floor;
        }
        if h <= TWILIGHT_END_ELEVATION_RAD {
            return floor;
        }
        // ln L = ln L(0) + (h/h_end)·(ln L_floor − ln L(0)), L(0) = L_ss(Sun on the horizon)
        // + floor: equal to L(0) at h = 0 and to the floor at h = −18°.
        let at_horizon = self.single_scattering_w_m2_sr_nm(wavelength_m, geometry, 0.0) + floor;
        let s = h / TWILIGHT_END_ELEVATION_RAD;
        (at_horizon.ln() + s * (floor.ln() - at_horizon.ln())).exp()
    }

    /// Single-scattering daytime sky radiance (no floor), W m⁻² sr⁻¹ nm⁻¹, with the Sun at
    /// elevation `sun_elevation_rad` ≥ 0 and the phase angle of `geometry`.
    fn single_scattering_w_m2_sr_nm(
        &self,
        wavelength_m: f64,
        geometry: &SkyGeometry,
        sun_elevation_rad: f64,
    ) -> f64 {
        let tau_r = self.rayleigh_optical_depth.max(0.0);
        let tau_a = self.aerosol_optical_depth.max(0.0);
        let tau = tau_r + tau_a;
        if tau <= 0.0 {
            return 0.0;
        }
        let omega_a = self.aerosol_single_scattering_albedo.clamp(0.0, 1.0);
        let cos_theta = geometry.sun_separation_rad.clamp(0.0, PI).cos();
        // Scattering depth × phase, sr⁻¹: τ_R·p_R(Θ) + ω_a·τ_a·p_HG(Θ).
        let scattering = tau_r * rayleigh_phase(cos_theta)
            + omega_a * tau_a * henyey_greenstein_phase(cos_theta, self.aerosol_asymmetry);
        let elevation = geometry.elevation_rad.clamp(0.0, PI / 2.0);
        let m = air_mass(PI / 2.0 - elevation);
        let m0 = air_mass(PI / 2.0 - sun_elevation_rad.clamp(0.0, PI / 2.0));
        solar_irradiance_w_m2_nm(wavelength_m) * scattering * path_factor(tau, m, m0)
    }
}

/// Geometric factor of the single-scattering layer, m·(e^(−τm) − e^(−τm0))/(τ·(m0 − m))
/// (dimensionless), with its limit m·e^(−τm)·(1 − y/2 + y²/6), y = τ(m0 − m), for |y| < 1e−4
/// (series error < y³/24 < 5e−14 relative). Never overflows: both exponentials are ≤ 1.
fn path_factor(tau: f64, m: f64, m0: f64) -> f64 {
    let y = tau * (m0 - m);
    if y.abs() < 1e-4 {
        m * (-tau * m).exp() * (1.0 - y / 2.0 + y * y / 6.0)
    } else {
        m * ((-tau * m).exp() - (-tau * m0).exp()) / y
    }
}

/// Rayleigh phase function normalised to ∫p dΩ = 1, sr⁻¹: 3/(16π)·(1 + cos²Θ).
fn rayleigh_phase(cos_theta: f64) -> f64 {
    3.0 / (16.0 * PI) * (1.0 + cos_theta * cos_theta)
}

/// Henyey–Greenstein phase function normalised to ∫p dΩ = 1, sr⁻¹:
/// (1 − g²)/(4π·(1 + g² − 2g·cosΘ)^(3/2)), |g| capped at 0.99.
fn henyey_greenstein_phase(cos_theta: f64, g: f64) -> f64 {
    let g = g.clamp(-MAX_ASYMMETRY, MAX_ASYMMETRY);
    let d = 1.0 + g * g - 2.0 * g * cos_theta;
    (1.0 - g * g) / (4.0 * PI * d * d.sqrt())
}

/// Exo-atmospheric solar spectral irradiance at 1 au, W m⁻² nm⁻¹ (tabulated reference
/// spectrum, interpolated): ASTM E490 AM0, linear between the 52 tabulated wavelengths of
/// 300–2500 nm; outside, a 5772 K Planck curve through the end value (an extrapolation).
/// 0 for a wavelength ≤ 0.
pub fn solar_irradiance_w_m2_nm(wavelength_m: f64) -> f64 {
    let nm = wavelength_m * 1e9;
    if nm.is_nan() || nm <= 0.0 {
        return 0.0;
    }
    let (first, last) = (SOLAR_TABLE[0], SOLAR_TABLE[SOLAR_TABLE.len() - 1]);
    if nm < first.0 {
        return first.1 * planck_ratio(nm, first.0);
    }
    if nm > last.0 {
        return last.1 * planck_ratio(nm, last.0);
    }
    let i = SOLAR_TABLE
        .iter()
        .position(|row| row.0 >= nm)
        .unwrap_or(SOLAR_TABLE.len() - 1)
        .max(1);
    let (a, b) = (SOLAR_TABLE[i - 1], SOLAR_TABLE[i]);
    a.1 + (b.1 - a.1) * (nm - a.0) / (b.0 - a.0)
}

/// B_λ(λ, T)/B_λ(λ_ref, T) for the Planck law B_λ ∝ λ⁻⁵/(e^(c2/(λT)) − 1), wavelengths in nm.
fn planck_ratio(nm: f64, ref_nm: f64) -> f64 {
    let b = |l: f64| {
        let x = SECOND_RADIATION_CONSTANT_M_K / (l * 1e-9 * SUN_TEMPERATURE_K);
        // λ⁻⁵ relative to the reference, in a form that stays finite for very short λ
        // (expm1 overflows to ∞, giving 0).
        (ref_nm / l).powi(5) / x.exp_m1()
    };
    let r = b(nm) / b(ref_nm);
    if r.is_finite() {
        r
    } else {
        0.0
    }
}

/// Surface brightness μ (mag/arcsec²) in a band of zero point `zero_point_w_m2_nm`
/// (W m⁻² nm⁻¹ for magnitude 0) as spectral radiance, W m⁻² sr⁻¹ nm⁻¹:
/// L = F0·10^(−0.4μ)·(648000/π)².
fn mag_arcsec2_to_radiance(mag_per_arcsec2: f64, zero_point_w_m2_nm: f64) -> f64 {
    zero_point_w_m2_nm * 10f64.powf(-0.4 * mag_per_arcsec2) * ARCSEC2_PER_SR
}

/// Moonless zenith night-sky spectral radiance (airglow, zodiacal and starlight background),
/// W m⁻² sr⁻¹ nm⁻¹: the band values of [`NIGHT_SKY`] converted, log-linear in wavelength
/// between band centres, the end bands held flat outside 366–2159 nm.
fn night_sky_radiance_w_m2_sr_nm(wavelength_m: f64) -> f64 {
    let nm = wavelength_m * 1e9;
    let l = |row: &(f64, f64, f64)| mag_arcsec2_to_radiance(row.1, row.2);
    let (first, last) = (&NIGHT_SKY[0], &NIGHT_SKY[NIGHT_SKY.len() - 1]);
    if nm.is_nan() || nm <= first.0 {
        return l(first);
    }
    if nm >= last.0 {
        return l(last);
    }
    let i = NIGHT_SKY
        .iter()
        .position(|row| row.0 >= nm)
        .unwrap_or(NIGHT_SKY.len() - 1)
        .max(1);
    let (a, b) = (&NIGHT_SKY[i - 1], &NIGHT_SKY[i]);
    let t = (nm - a.0) / (b.0 - a.0);
    (l(a).ln() * (1.0 - t) + l(b).ln() * t).exp()
}

/// Spectral radiance of the sunlit Earth seen from space near a point where the Sun is at
/// `sun_elevation_rad`, W m⁻² sr⁻¹ nm⁻¹: Lambertian, a·E_sun(λ)·sin(h)/π with the planetary
/// albedo `albedo` (clamped to [0, 1]; [`EARTH_BOND_ALBEDO`] for a global mean), which includes
/// the atmosphere, so no transmittance is applied. 0 at night (h ≤ 0): city lights, airglow,
/// lightning, the moonlit Earth and thermal emission are ignored.
pub fn earth_radiance_w_m2_sr_nm(wavelength_m: f64, sun_elevation_rad: f64, albedo: f64) -> f64 {
    if sun_elevation_rad.is_nan() || sun_elevation_rad <= 0.0 {
        return 0.0;
    }
    let sin_h = sun_elevation_rad.min(PI / 2.0).sin();
    albedo.clamp(0.0, 1.0) * solar_irradiance_w_m2_nm(wavelength_m) * sin_h / PI
}

/// The receiver-side quantities that turn radiance into power.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BackgroundReceiver {
    /// Aperture diameter D, m.
    pub aperture_m: f64,
    /// Central obscuration γ, ratio of diameters, dimensionless, in [0, 1).
    pub obscuration_ratio: f64,
    /// Full angle of the circular field stop, rad (scenario key `field_of_view_urad`, µrad).
    pub field_of_view_full_rad: f64,
    /// Optical filter bandwidth Δλ, nm (scenario key `filter_bandwidth_nm`).
    pub filter_bandwidth_nm: f64,
    /// Receive optics transmission η from aperture to detector, dimensionless, in (0, 1].
    pub optics_efficiency: f64,
}

impl BackgroundReceiver {
    /// Largest field of view accepted by [`BackgroundReceiver::validate`], µrad (0.1 rad).
    const MAX_FIELD_OF_VIEW_URAD: f64 = 1e5;
    /// Largest filter bandwidth accepted by [`BackgroundReceiver::validate`], nm.
    const MAX_FILTER_BANDWIDTH_NM: f64 = 100.0;

    /// Collecting area π(D/2)²(1 − γ²), m².
    fn area_m2(&self) -> f64 {
        let r = 0.5 * self.aperture_m;
        PI * r * r * (1.0 - self.obscuration_ratio * self.obscuration_ratio)
    }

    /// Solid angle of the field stop 2π(1 − cos(FOV/2)) = 4π·sin²(FOV/4), sr (the second form
    /// keeps full precision for µrad fields).
    fn solid_angle_sr(&self) -> f64 {
        let s = (0.25 * self.field_of_view_full_rad).sin();
        4.0 * PI * s * s
    }

    /// P_b = L·Ω·A·Δλ·η (Ω = 2π(1 − cos(FOV/2)), A = π(D/2)²(1−γ²)), W at the detector, for a
    /// spectral radiance `radiance_w_m2_sr_nm` (W m⁻² sr⁻¹ nm⁻¹) uniform over the field.
    pub fn background_power_w(&self, radiance_w_m2_sr_nm: f64) -> f64 {
        radiance_w_m2_sr_nm
            * self.solid_angle_sr()
            * self.area_m2()
            * self.filter_bandwidth_nm
            * self.optics_efficiency
    }

    /// The direct Sun power if the Sun's disc (0.267° radius, partially) falls inside the field
    /// of view, W (E_sun·T_slant·A·Δλ·η·fraction-of-disc-in-FOV); 0 otherwise.
    /// `sun_separation_rad` is the angle between the line of sight and the Sun's centre, rad;
    /// `sun_slant_transmittance` the clear-sky transmittance toward the Sun (linear).
    pub fn sun_in_fov_power_w(
        &self,
        wavelength_m: f64,
        sun_separation_rad: f64,
        sun_slant_transmittance: f64,
    ) -> f64 {
        let fraction = disc_fraction_in_field(
            0.5 * self.field_of_view_full_rad,
            SUN_ANGULAR_RADIUS_RAD,
            sun_separation_rad,
        );
        if fraction <= 0.0 {
            return 0.0;
        }
        solar_irradiance_w_m2_nm(wavelength_m)
            * sun_slant_transmittance
            * self.area_m2()
            * self.filter_bandwidth_nm
            * self.optics_efficiency
            * fraction
    }

    /// Checks the field of view (key `field_of_view_urad`) and the filter bandwidth (key
    /// `filter_bandwidth_nm`). The aperture, obscuration and optics efficiency are the receive
    /// terminal's own parameters and are validated with it.
    pub fn validate(&self) -> Result<()> {
        let fov_urad = self.field_of_view_full_rad * 1e6;
        if !(fov_urad > 0.0 && fov_urad <= Self::MAX_FIELD_OF_VIEW_URAD) {
            return Err(Error::invalid(
                "field_of_view_urad",
                fov_urad,
                format!(
                    "must be in (0, {}] µrad: a field stop of zero collects nothing, and the sky \
                     radiance is taken as uniform over the field and the Sun's overlap is \
                     computed on a flat sky, which holds for fields well below 0.1 rad (receiver \
                     field stops are tens of µrad to a few mrad)",
                    Self::MAX_FIELD_OF_VIEW_URAD
                ),
            ));
        }
        let bw = self.filter_bandwidth_nm;
        if !(bw > 0.0 && bw <= Self::MAX_FILTER_BANDWIDTH_NM) {
            return Err(Error::invalid(
                "filter_bandwidth_nm",
                bw,
                format!(
                    "must be in (0, {}] nm: the background is the spectral radiance at the \
                     filter centre times the bandwidth, which assumes the solar spectrum and the \
                     sky colour flat across the pass band; over more than ~100 nm they change by \
                     tens of percent",
                    Self::MAX_FILTER_BANDWIDTH_NM
                ),
            ));
        }
        Ok(())
    }
}

/// Fraction of a uniform disc of angular radius `disc_radius` (rad) inside a circular field of
/// angular radius `field_radius` (rad) whose centre is `separation` (rad) from the disc's:
/// intersection area of two circles on a flat sky / (π·disc_radius²), in [0, 1].
fn disc_fraction_in_field(field_radius: f64, disc_radius: f64, separation: f64) -> f64 {
    let (r1, r2, d) = (field_radius.max(0.0), disc_radius, separation.abs());
    if r1 <= 0.0 || d >= r1 + r2 {
        return 0.0;
    }
    if d <= (r1 - r2).abs() {
        let r = r1.min(r2);
        return (r * r) / (r2 * r2);
    }
    // Lens area: r1²·acos((d² + r1² − r2²)/(2d·r1)) + r2²·acos((d² + r2² − r1²)/(2d·r2))
    // − ½·sqrt((−d + r1 + r2)(d + r1 − r2)(d − r1 + r2)(d + r1 + r2)).
    let a1 = ((d * d + r1 * r1 - r2 * r2) / (2.0 * d * r1)).clamp(-1.0, 1.0);
    let a2 = ((d * d + r2 * r2 - r1 * r1) / (2.0 * d * r2)).clamp(-1.0, 1.0);
    let k = ((-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2)).max(0.0);
    let area = r1 * r1 * a1.acos() + r2 * r2 * a2.acos() - 0.5 * k.sqrt();
    (area / (PI * r2 * r2)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numerics::integrate;

    const DEG: f64 = PI / 180.0;

    fn geometry(elevation_deg: f64, sun_deg: f64, separation_deg: f64) -> SkyGeometry {
        SkyGeometry {
            elevation_rad: elevation_deg * DEG,
            sun_elevation_rad: sun_deg * DEG,
            sun_separation_rad: separation_deg * DEG,
        }
    }

    #[test]
    fn solar_table_band_integral() {
        // Expectation: E490 integrates to 1366.1 W/m² (its normalisation). Integrating the
        // full-resolution E490 table (1 nm to 630 nm, 2 nm to 2500 nm) gives 14.7 W/m² below
        // 300 nm and 45.7 W/m² above 2500 nm, so 300–2500 nm holds 1305.7 W/m² = 95.58 %; with
        // the total solar irradiance 1361 W/m² that is 1300.8 W/m². The table (linear
        // interpolation, so the trapezoid rule on its nodes is its exact integral) must agree
        // within 2 %: 20 nm box means shift it by 0.06 % from E490, the 1361/1366.1 scaling by
        // 0.37 %; a wrong or missing entry in the visible moves it by more than 2 %.
        let integral: f64 = SOLAR_TABLE
            .windows(2)
            .map(|w| 0.5 * (w[0].1 + w[1].1) * (w[1].0 - w[0].0))
            .sum();
        let expected = 0.9558 * 1361.0;
        assert!(
            (integral / expected - 1.0).abs() < 0.02,
            "{integral} W/m² vs {expected}"
        );
        // The public function is the table, linear between nodes: integrating it node to node
        // (Gauss–Legendre is exact on a linear piece) gives the same number.
        let by_function: f64 = SOLAR_TABLE
            .windows(2)
            .map(|w| integrate(|nm| solar_irradiance_w_m2_nm(nm * 1e-9), w[0].0, w[1].0, 1))
            .sum();
        assert!(
            (by_function / integral - 1.0).abs() < 1e-12,
            "{by_function}"
        );
    }

    #[test]
    fn solar_table_against_e490_points() {
        // Line-resolved E490 values (W m⁻² nm⁻¹, the E490 row at or interpolated to the
        // wavelength): the 20 nm box means differ by Fraunhofer structure, ≤ 1.2 % here, so
        // 2 %. (850 nm is left out: the Ca II line at 849.8 nm puts E490 3 % below the mean.)
        for (nm, e490) in [
            (500.0, 1.9135),
            (550.0, 1.8785),
            (800.0, 1.1385),
            (1064.0, 0.6459),
            (1550.0, 0.2713),
            (2000.0, 0.1170),
        ] {
            let e = solar_irradiance_w_m2_nm(nm * 1e-9);
            assert!((e / e490 - 1.0).abs() < 0.02, "{nm} nm: {e} vs {e490}");
        }
        // The round value E(1550 nm) ≈ 0.25 W m⁻² nm⁻¹ often quoted holds within 10 % (E490
        // says 0.271, 8.5 % above).
        let e1550 = solar_irradiance_w_m2_nm(1550e-9);
        assert!((e1550 / 0.25 - 1.0).abs() < 0.10, "{e1550}");
    }

    #[test]
    fn solar_extrapolation_is_continuous_and_tracks_e490() {
        for nm in [300.0, 2500.0] {
            let inside = solar_irradiance_w_m2_nm(nm * 1e-9);
            let below = solar_irradiance_w_m2_nm((nm - 1e-6) * 1e-9);
            let above = solar_irradiance_w_m2_nm((nm + 1e-6) * 1e-9);
            assert!(
                (below / inside - 1.0).abs() < 1e-6,
                "{nm}: {below} {inside}"
            );
            assert!(
                (above / inside - 1.0).abs() < 1e-6,
                "{nm}: {above} {inside}"
            );
        }
        // E490 at 4.0 µm: 8.669 W m⁻² µm⁻¹; the Planck tail from 2500 nm gives 9.69e−3 (+12 %).
        let e4000 = solar_irradiance_w_m2_nm(4000e-9);
        assert!((e4000 / 8.669e-3 - 1.0).abs() < 0.15, "{e4000}");
        assert_eq!(solar_irradiance_w_m2_nm(0.0), 0.0);
        assert_eq!(solar_irradiance_w_m2_nm(1e-12), 0.0);
        assert!(solar_irradiance_w_m2_nm(1e-3) >= 0.0);
    }

    #[test]
    fn phase_functions_are_normalised() {
        // 2π·∫p(cosΘ) dcosΘ = 1; mean cosine of Henyey–Greenstein = g. 16-point Gauss–Legendre
        // on 400 panels (width 0.005) integrates these smooth functions to < 1e−9: the
        // narrowest, HG with g = 0.9, varies on the scale (1 − g)²/(2g) ≈ 0.0056 near cosΘ = 1.
        let ray = 2.0 * PI * integrate(rayleigh_phase, -1.0, 1.0, 40);
        assert!((ray - 1.0).abs() < 1e-12, "{ray}");
        for g in [-0.5, 0.0, 0.7, 0.9] {
            let norm = 2.0 * PI * integrate(|c| henyey_greenstein_phase(c, g), -1.0, 1.0, 400);
            let mean = 2.0 * PI * integrate(|c| c * henyey_greenstein_phase(c, g), -1.0, 1.0, 400);
            assert!((norm - 1.0).abs() < 1e-9, "g = {g}: {norm}");
            assert!((mean - g).abs() < 1e-9, "g = {g}: {mean}");
        }
    }

    #[test]
    fn single_scattering_matches_layer_integral() {
        // The closed form against the layer integral it comes from: the radiance reaching the
        // ground along air mass m is ∫₀^τ S·e^(−t·m0)·e^(−(τ−t)·m)·m dt with S = E0·Σ(ω τ p)/τ.
        // Gauss–Legendre on 20 panels of a smooth exponential is exact to ~1e−14; 1e−10
        // relative leaves room for the series branch (error < 5e−14).
        let atm = SkyAtmosphere {
            rayleigh_optical_depth: 0.1,
            aerosol_optical_depth: 0.25,
            aerosol_asymmetry: 0.7,
            aerosol_single_scattering_albedo: 0.9,
        };
        let lambda = 700e-9;
        for (el, sun, sep) in [
            (45.0, 45.0, 90.0),
            (30.0, 60.0, 40.0),
            (80.0, 5.0, 85.0),
            (2.0, 50.0, 128.0),
            (45.0, 45.0 + 1e-9, 0.5),
        ] {
            let g = geometry(el, sun, sep);
            let got = atm.single_scattering_w_m2_sr_nm(lambda, &g, sun * DEG);
            let tau = 0.35;
            let m = air_mass(PI / 2.0 - el * DEG);
            let m0 = air_mass(PI / 2.0 - sun * DEG);
            let c = (sep * DEG).cos();
            let s = solar_irradiance_w_m2_nm(lambda)
                * (0.1 * rayleigh_phase(c) + 0.9 * 0.25 * henyey_greenstein_phase(c, 0.7))
                / tau;
            let expect = integrate(
                |t| s * (-t * m0).exp() * (-(tau - t) * m).exp() * m,
                0.0,
                tau,
                20,
            );
            assert!(
                (got / expect - 1.0).abs() < 1e-10,
                "({el}, {sun}, {sep}): {got} vs {expect}"
            );
        }
    }

    #[test]
    fn split_of_zenith_transmittance() {
        // 1550 nm at sea level, T = 0.95: τ = 0.051293, τ_R = 0.0014916 (Hansen & Travis fit:
        // 0.008569/1.55⁴·(1 + 0.0113/1.55² + 0.00013/1.55⁴)).
        let a = SkyAtmosphere::from_zenith_transmittance(1550e-9, 0.95, 0.0);
        let tau_r = rayleigh_optical_depth(1550e-9, 1.0);
        assert!((a.rayleigh_optical_depth - tau_r).abs() < 1e-15);
        assert!((tau_r - 0.001_491_6).abs() < 5e-8, "{tau_r}");
        assert!((a.aerosol_optical_depth + tau_r + 0.95f64.ln()).abs() < 1e-15);
        // At 2400 m the Rayleigh depth falls with the pressure, the aerosol takes the rest.
        let high = SkyAtmosphere::from_zenith_transmittance(1550e-9, 0.95, 2400.0);
        assert!(high.rayleigh_optical_depth < 0.8 * a.rayleigh_optical_depth);
        // A transmittance above the Rayleigh-only value: aerosol 0, Rayleigh kept.
        let clean = SkyAtmosphere::from_zenith_transmittance(500e-9, 0.99, 0.0);
        assert_eq!(clean.aerosol_optical_depth, 0.0);
        assert!(clean.rayleigh_optical_depth > 0.1);
        // Degenerate transmittances stay finite.
        for t in [0.0, -1.0, f64::NAN, 1.5] {
            let x = SkyAtmosphere::from_zenith_transmittance(1064e-9, t, 0.0);
            assert!(x.aerosol_optical_depth.is_finite() && x.aerosol_optical_depth >= 0.0);
        }
    }

    #[test]
    fn published_mean_daytime_radiances_r_i_j_h() {
        // Gou et al. (2023), Table 2: mean daytime sky radiance and transmittance per band,
        // W cm⁻² sr⁻¹ µm⁻¹ × 10 = W m⁻² sr⁻¹ nm⁻¹, at the band centres 650, 800, 1250, 1650 nm.
        // Their geometry is not stated; we take a mid sky (line of sight and Sun both at 45°
        // elevation, 90° apart) at sea level with their transmittance as the zenith value.
        // Allowed: a factor 3 either way. Why 3: the aerosol phase at 90° is ×1.8 that at 120°
        // (a plausible spread of "mean" geometries), HG vs Mie differs by tens of %, our single
        // scattering omits 5–30 % (multiple scattering, ground), and band means vs line centre
        // a further ±10 %. Our values come out 1.15 (R), 1.22 (I), 1.60 (J), 2.54 (H) times
        // theirs (1.03–1.61 at 120° apart).
        let bands = [
            (650e-9, 0.82, 8.68e-3),
            (800e-9, 0.90, 3.34e-3),
            (1250e-9, 0.96, 3.69e-4),
            (1650e-9, 0.97, 8.01e-5),
        ];
        let g = geometry(45.0, 45.0, 90.0);
        for (lambda, t, published) in bands {
            let atm = SkyAtmosphere::from_zenith_transmittance(lambda, t, 0.0);
            let ours = atm.sky_radiance_w_m2_sr_nm(lambda, &g);
            let ratio = ours / published;
            assert!(
                (1.0 / 3.0..=3.0).contains(&ratio),
                "{} nm: {ours} vs {published} (×{ratio})",
                lambda * 1e9
            );
        }
    }

    #[test]
    fn published_horizon_sky_at_noon() {
        // Appl. Opt. 6(12):2105 (1967): north horizon at noon, meteorological range ≥ 30 km,
        // peak spectral radiance 5 µW cm⁻² sr⁻¹ nm⁻¹ = 0.05 W m⁻² sr⁻¹ nm⁻¹. Our reading:
        // 500 nm, line of sight at 2° elevation, Sun at 50° due south (separation 128°). Zenith
        // transmittance from the range V = 30 km: aerosol extinction at the ground 3.912/V −
        // 0.0116 (Rayleigh) = 0.119 km⁻¹ over a 1.2 km scale height → τ_a(550) = 0.14, × (500/
        // 550)^−1.3 → 0.159 at 500 nm; τ_R(500) = 0.143; T = exp(−0.302) = 0.739. Allowed:
        // a factor 2. Why: the horizon path is optically thick (τ·m ≈ 5), where single
        // scattering in a homogeneous layer only gives the right order (its horizon limit is
        // E0·Σωτp/τ·e^(−τ·m0)); the Sun elevation, scale height and exact "peak" wavelength
        // are our assumptions. We get 0.062 (×1.24).
        let tau = 0.143 + 0.14 * (500.0f64 / 550.0).powf(-1.3);
        let atm = SkyAtmosphere::from_zenith_transmittance(500e-9, (-tau).exp(), 0.0);
        let ours = atm.sky_radiance_w_m2_sr_nm(500e-9, &geometry(2.0, 50.0, 128.0));
        let ratio = ours / 0.05;
        assert!((0.5..=2.0).contains(&ratio), "{ours} (×{ratio})");
    }

    #[test]
    fn night_floor_conversion() {
        // Closed form: L = F0·10^(−0.4μ)·(648000/π)², (648000/π)² = 4.254517e10 arcsec²/sr.
        // J at Calar Alto: 3.129e−12 × 10^(−6.16) × 4.254517e10 = 9.2099e−8 W m⁻² sr⁻¹ nm⁻¹.
        assert!((ARCSEC2_PER_SR / 4.254_517e10 - 1.0).abs() < 1e-7);
        let j = night_sky_radiance_w_m2_sr_nm(1235e-9);
        let arcsec_per_rad = 180.0 * 3600.0 / PI;
        let expect = 3.129e-12 * 10f64.powf(-6.16) * arcsec_per_rad * arcsec_per_rad;
        assert!((j / expect - 1.0).abs() < 1e-9, "{j} vs {expect}");
        assert!((j / 9.2099e-8 - 1.0).abs() < 1e-4, "{j}");
        // V at Paranal, 21.6 mag/arcsec²: 3.631e−11 × 10^(−8.64) × 4.2545e10 = 3.539e−9.
        let v = night_sky_radiance_w_m2_sr_nm(545e-9);
        assert!((v / 3.539e-9 - 1.0).abs() < 1e-3, "{v}");
        // 1550 nm lies between J and H: geometric interpolation, between the two.
        let h = night_sky_radiance_w_m2_sr_nm(1662e-9);
        let l1550 = night_sky_radiance_w_m2_sr_nm(1550e-9);
        assert!(j < l1550 && l1550 < h, "{j} {l1550} {h}");
        // Flat outside the bands.
        assert_eq!(
            night_sky_radiance_w_m2_sr_nm(300e-9),
            night_sky_radiance_w_m2_sr_nm(366e-9)
        );
        assert_eq!(
            night_sky_radiance_w_m2_sr_nm(2500e-9),
            night_sky_radiance_w_m2_sr_nm(2159e-9)
        );
    }

    /// A clear continental sky: τ_a(550) = 0.1, Ångström α = 1.3, at sea level.
    fn mid_latitude(lambda: f64) -> SkyAtmosphere {
        let aerosol = crate::channel::AerosolModel {
            tau_550: 0.1,
            angstrom_alpha: 1.3,
        };
        SkyAtmosphere::from_zenith_transmittance(
            lambda,
            aerosol.zenith_transmittance(lambda, 0.0),
            0.0,
        )
    }

    #[test]
    fn twilight_is_continuous() {
        // No jump at sunset (0°) or at the end of astronomical twilight (−18°): the values
        // 1e−10 rad either side agree to 1e−7 relative. The slopes are finite (d ln L/dh ≈ 33
        // per rad on the day side at the horizon, ln(L(0)/floor)/18° ≈ 25 per rad in
        // twilight), so a continuous L moves by < 1e−8; a missing floor term or a wrong end
        // value would jump by ≥ floor/L(0) ≈ 1e−4 or by the whole day-to-night ratio.
        for lambda in [532e-9, 1064e-9, 1550e-9] {
            let atm = mid_latitude(lambda);
            for (el, sep) in [(45.0, 90.0), (20.0, 30.0), (85.0, 100.0)] {
                for edge in [0.0, -18.0] {
                    let eps = 1e-10 / DEG;
                    let lo = atm.sky_radiance_w_m2_sr_nm(lambda, &geometry(el, edge - eps, sep));
                    let hi = atm.sky_radiance_w_m2_sr_nm(lambda, &geometry(el, edge + eps, sep));
                    assert!(
                        (lo / hi - 1.0).abs() < 1e-7,
                        "{lambda} {el} {sep} at {edge}°: {lo} vs {hi}"
                    );
                }
            }
        }
    }

    #[test]
    fn radiance_falls_as_the_sun_sets() {
        // Sun from 30° to −18° and below at fixed line of sight (45°) and separation (90°,
        // consistent for Sun elevations in [−45°, 45°]): non-increasing, strictly in daylight
        // and twilight, and at the floor from −18° on.
        for lambda in [532e-9, 1064e-9, 1550e-9] {
            let atm = mid_latitude(lambda);
            let floor = night_sky_radiance_w_m2_sr_nm(lambda);
            let mut last = f64::INFINITY;
            for i in 0..=96 {
                let h = 30.0 - 0.5 * i as f64;
                let l = atm.sky_radiance_w_m2_sr_nm(lambda, &geometry(45.0, h, 90.0));
                if h > -18.0 {
                    assert!(l < last, "{lambda}: {h}°: {l} !< {last}");
                } else {
                    assert_eq!(l, floor, "{lambda}: {h}°");
                }
                last = l;
            }
            // The day-to-night contrast is large: several decades.
            let noon = atm.sky_radiance_w_m2_sr_nm(lambda, &geometry(45.0, 30.0, 90.0));
            assert!(noon > 100.0 * floor, "{lambda}: {noon} vs {floor}");
        }
    }

    #[test]
    fn radiance_grows_toward_the_sun() {
        // Line of sight at 45°, Sun at 40° (separations 5°–95° are consistent): strictly
        // increasing as the separation shrinks from 90° to 10° (the aerosol forward peak).
        for lambda in [532e-9, 1550e-9] {
            let atm = mid_latitude(lambda);
            let mut last = 0.0;
            for sep in (10..=90).rev().step_by(5) {
                let l = atm.sky_radiance_w_m2_sr_nm(lambda, &geometry(45.0, 40.0, sep as f64));
                assert!(l > last, "{lambda}: {sep}°: {l} !> {last}");
                last = l;
            }
            let near = atm.sky_radiance_w_m2_sr_nm(lambda, &geometry(45.0, 40.0, 10.0));
            let far = atm.sky_radiance_w_m2_sr_nm(lambda, &geometry(45.0, 40.0, 90.0));
            assert!(near > 5.0 * far, "{lambda}: {near} vs {far}");
        }
    }

    #[test]
    fn finite_and_positive_on_the_whole_range() {
        let elevations = [1e-6, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 89.9, 90.0];
        let wavelengths = [350e-9, 532e-9, 850e-9, 1064e-9, 1550e-9, 2400e-9];
        let transmittances = [1e-6, 0.3, 0.9, 0.999, 1.0];
        let mut n = 0;
        for &lambda in &wavelengths {
            for &t in &transmittances {
                for alt in [0.0, 4000.0] {
                    let atm = SkyAtmosphere::from_zenith_transmittance(lambda, t, alt);
                    for &el in &elevations {
                        for h in (-90..=90).step_by(5) {
                            for sep in (0..=180).step_by(10) {
                                let g = geometry(el, h as f64, sep as f64);
                                let l = atm.sky_radiance_w_m2_sr_nm(lambda, &g);
                                assert!(l.is_finite() && l > 0.0, "{lambda} {t} {g:?}: {l}");
                                n += 1;
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(n, 6 * 5 * 2 * 9 * 37 * 19);
    }

    #[test]
    fn earth_radiance_closed_form() {
        // 1550 nm, Sun at 30°, albedo 0.3: 0.3 × 0.2720 × 0.5 / π = 0.01298704.
        let l = earth_radiance_w_m2_sr_nm(1550e-9, 30.0 * DEG, EARTH_BOND_ALBEDO);
        assert!((l / (0.3 * 0.2720 * 0.5 / PI) - 1.0).abs() < 1e-12, "{l}");
        assert!((l - 0.012_987_04).abs() < 1e-8, "{l}");
        assert_eq!(earth_radiance_w_m2_sr_nm(1550e-9, -DEG, 0.3), 0.0);
        assert_eq!(earth_radiance_w_m2_sr_nm(1550e-9, 0.0, 0.3), 0.0);
        // Overhead Sun, white Earth: E/π, the Lambertian maximum.
        let max = earth_radiance_w_m2_sr_nm(1064e-9, PI / 2.0, 1.0);
        assert!((max - solar_irradiance_w_m2_nm(1064e-9) / PI).abs() < 1e-15);
    }

    fn receiver() -> BackgroundReceiver {
        BackgroundReceiver {
            aperture_m: 0.4,
            obscuration_ratio: 0.2,
            field_of_view_full_rad: 100e-6,
            filter_bandwidth_nm: 1.0,
            optics_efficiency: 0.5,
        }
    }

    #[test]
    fn background_power_closed_form() {
        // D = 0.4 m, γ = 0.2, FOV 100 µrad, Δλ = 1 nm, η = 0.5, L = 1e−3:
        // A = π·0.04·0.96 = 0.1206372 m², Ω = 2π(1 − cos 50 µrad) = π·(50e−6)²·(1 − 2.1e−10)
        // = 7.853982e−9 sr, P = 1e−3·Ω·A·1·0.5 = 4.737410e−13 W. Tolerance 1e−9: the
        // small-angle Ω differs from the exact one by (FOV/2)²/12 ≈ 2e−10.
        let r = receiver();
        let p = r.background_power_w(1e-3);
        let a = PI * 0.04 * 0.96;
        let omega = 2.0 * PI * (1.0 - (50e-6f64).cos());
        assert!((p / (1e-3 * omega * a * 0.5) - 1.0).abs() < 1e-8, "{p}");
        assert!((p / (1e-3 * PI * 50e-6 * 50e-6 * a * 0.5) - 1.0).abs() < 1e-9);
        assert!((p / 4.737_410e-13 - 1.0).abs() < 1e-6, "{p}");
        // Linear in the radiance.
        assert!((r.background_power_w(2e-3) / p - 2.0).abs() < 1e-15);
    }

    #[test]
    fn sun_disc_overlap() {
        let rs = SUN_ANGULAR_RADIUS_RAD;
        // Fully inside, fully outside, and the tangent cases.
        assert_eq!(disc_fraction_in_field(10.0 * rs, rs, 0.0), 1.0);
        assert_eq!(disc_fraction_in_field(10.0 * rs, rs, 9.0 * rs), 1.0);
        assert_eq!(disc_fraction_in_field(10.0 * rs, rs, 11.0 * rs), 0.0);
        assert_eq!(disc_fraction_in_field(0.5 * rs, rs, 0.0), 0.25);
        // Equal circles one radius apart: lens area r²(2π/3 − √3/2), fraction 0.391002.
        let f = disc_fraction_in_field(rs, rs, rs);
        let expect = (2.0 * PI / 3.0 - 3f64.sqrt() / 2.0) / PI;
        assert!((f - expect).abs() < 1e-12, "{f} vs {expect}");
        // Continuity where the disc touches the inside of the field.
        let inner = disc_fraction_in_field(3.0 * rs, rs, 2.0 * rs - 1e-12);
        let outer = disc_fraction_in_field(3.0 * rs, rs, 2.0 * rs + 1e-12);
        assert!((inner - outer).abs() < 1e-6, "{inner} {outer}");
        // Symmetry: swapping the circles scales the fraction by the area ratio.
        let (r1, r2, d) = (2.0 * rs, rs, 2.5 * rs);
        let swapped = disc_fraction_in_field(r2, r1, d) * (r1 * r1) / (r2 * r2);
        assert!((disc_fraction_in_field(r1, r2, d) - swapped).abs() < 1e-12);
    }

    #[test]
    fn sun_in_fov_power() {
        // A 2 mrad field centred on the Sun (radius 4.65 mrad) holds the fraction
        // (1 mrad / 4.65 mrad)² of the disc: P = E·T·A·Δλ·η·(r_f/r_s)².
        let mut r = receiver();
        r.field_of_view_full_rad = 2e-3;
        let a = PI * 0.04 * 0.96;
        let e = solar_irradiance_w_m2_nm(1550e-9);
        let p = r.sun_in_fov_power_w(1550e-9, 0.0, 0.9);
        let f = (1e-3 / SUN_ANGULAR_RADIUS_RAD).powi(2);
        assert!((p / (e * 0.9 * a * 0.5 * f) - 1.0).abs() < 1e-12, "{p}");
        // Whole disc inside a 20 mrad field: E·T·A·Δλ·η ≈ 0.272·0.9·0.1206·0.5 = 0.01477 W.
        r.field_of_view_full_rad = 20e-3;
        let whole = r.sun_in_fov_power_w(1550e-9, 1e-3, 0.9);
        assert!((whole / (e * 0.9 * a * 0.5) - 1.0).abs() < 1e-12, "{whole}");
        // Outside: nothing.
        assert_eq!(r.sun_in_fov_power_w(1550e-9, 20e-3, 0.9), 0.0);
        r.field_of_view_full_rad = 100e-6;
        assert_eq!(r.sun_in_fov_power_w(1550e-9, 1.0 * DEG, 0.9), 0.0);
    }

    #[test]
    fn validate_keys_and_ranges() {
        assert!(receiver().validate().is_ok());
        let key = |r: BackgroundReceiver| match r.validate() {
            Err(Error::InvalidParameter { key, .. }) => key,
            other => panic!("{other:?}"),
        };
        for fov in [0.0, -1e-6, 0.2, f64::NAN] {
            let mut r = receiver();
            r.field_of_view_full_rad = fov;
            assert_eq!(key(r), "field_of_view_urad", "{fov}");
        }
        for bw in [0.0, 150.0, f64::INFINITY] {
            let mut r = receiver();
            r.filter_bandwidth_nm = bw;
            assert_eq!(key(r), "filter_bandwidth_nm", "{bw}");
        }
        let mut r = receiver();
        r.field_of_view_full_rad = 0.1;
        r.filter_bandwidth_nm = 100.0;
        assert!(r.validate().is_ok());
    }
}
