//! The static link budget, term by term in dB, and the channel statistics that go with it.
//!
//! Sources (docs/models.md §1–§3):
//! P_r = P_t·η_t·G_t·L_s·G_r·η_r·T_atm(ζ) with G_t = 8/θ², L_s = (λ/(4πR))²,
//! G_r = (πD/λ)²(1 − γ²), T_atm = T_zen^AM(ζ) (Kasten & Young air mass); margin
//! M = P_r[dBm] − P_sens[dBm]. Pointing and turbulence fading are **not** static terms: they are
//! the random factors h_p·h_turb of the Monte Carlo (`channel::outage_probability`); this module
//! provides their parameters (scintillation index, Gamma–Gamma α, β, jitter, bias).
//!
//! **Near field.** G_t·L_s·G_r = D²/(2w²) (w = θR the beam radius at the receiver) is the
//! small-aperture limit of the caught fraction. When w/a < 6 (a = D/2) the three terms are
//! replaced by a single "geometric collection" term, the exact fraction of a Gaussian beam
//! caught by a centred annulus: exp(−2(γa)²/w²) − exp(−2a²/w²). At the switch (w/a = 6) the
//! far-field product is 0.12 dB higher than the exact value.
//!
//! **Uplink.** The transmitter is at the station: the atmosphere term sits on the ground side
//! (right after the transmit gain), the beam is a collimated Gaussian of waist W0 = λ/(πθ).
//! The turbulence broadens it (Andrews & Phillips 2005 ch. 12; `channel::PathTurbulence::uplink`):
//! the long-term radius W_LT = W·[1 + (√8·W0/r0)^(5/3)]^(3/5) splits into the short-term spot
//! W_ST² = W_LT² − ⟨r_c²⟩ and the beam wander ⟨r_c²⟩, a random displacement of the spot. The
//! station tracks the satellite, so the wander has no mean. In the budget the beam is the
//! short-term spot: the term "beam spreading" = −20·log10(W_ST/W) in the far field (in the
//! near field the exact collection uses w = W_ST directly), and the pointing model's half-angle
//! is W_ST/R. The wander adds to the transmitter jitter per axis, σ² = σ_tx² + ⟨r_c²⟩/(2R²).
//! The tracked on-axis scintillation in all regimes (Andrews et al. 2006, eq. 42, no aperture
//! averaging at the satellite) gives the log-normal index and the Gamma–Gamma α, β. Averaged
//! over the wander, the short-term spot is a Gaussian of radius² W_ST² + 2⟨r_c²⟩, a little
//! wider than W_LT² = W_ST² + ⟨r_c²⟩ (A&P's relation counts ⟨r_c²⟩ once where the
//! convolution of two Gaussians counts it twice): the mean received power of the Monte Carlo
//! is below the W_LT mean by 10·log10((W_LT² + ⟨r_c²⟩)/W_LT²) (1.3 dB in the check case of
//! docs/models.md §3). W_LT and its spreading are reported beside it. The uplink turbulence
//! model is plane-parallel with L = the slant range and H − h0 = L·cos ζ.
//!
//! **Downlink.** A plane wave into the telescope: the aperture-averaged log-variances
//! (`channel::LogVariances::plane_wave`, Andrews & Phillips 2005 ch. 10) give σ_I²(D), α and β
//! of the collected power; the point-receiver index and the ratio σ_I²(D)/σ_I²(0) are
//! reported beside them.
//!
//! **Near-field pointing.** Where the exact collection is used (w/a < 6), the pointing loss
//! uses the equivalent beam radius w_zeq of Farid & Hranilovic (2007, eq. 9): the half-angle of
//! the pointing model is w_zeq/R instead of w/R.
//!
//! **Point-ahead and isoplanatism.** With the transverse relative velocity v⊥ of the geometry,
//! the point-ahead angle is θ_PA = 2·v⊥/c, on every path. A transmitter whose point-ahead
//! mechanism removes the fraction c of it (`Transmitter::point_ahead_compensation`) leaves the
//! residual (1 − c)·θ_PA as a pointing offset at the far end; it is added to the static bias
//! as if colinear with it, |b| + (1 − c)·θ_PA (the worst case: the bias of a terminal has no
//! known direction, the residual lies along the relative velocity). On an atmospheric path the
//! budget reports θ_PA with the isoplanatic angle θ0 at the station. The anisoplanatic tilt a beacon-tracking uplink suffers when the point-ahead
//! exceeds θ0 is **not** added to the jitter: no tilt-anisoplanatism formula could be checked
//! against its source here (docs/models.md §3 says what is missing).
//!
//! **Paths.** The budget is a free-space core (transmit power and optics, gains and free-space
//! loss or the exact collection, receive optics, pointing, sensitivity) plus the terms of its
//! [`Path`]: an atmospheric path adds the "atmosphere" term and the turbulence statistics; a
//! vacuum path adds nothing (its fading is pointing only, whatever the fading model).
//!
//! Everything that does not depend on the geometry (gains, sensitivity, turbulence moments) is
//! computed once in [`LinkBudget::new`]; [`LinkBudget::evaluate`] is closed form per step except
//! the uplink μ3u sum (one pass over the stored quadrature nodes).

use crate::channel::{
    air_mass, earth_radiance_w_m2_sr_nm, equivalent_beam_radius_m, BackgroundReceiver, Fading,
    LogVariances, PathTurbulence, PointingJitter, SkyAtmosphere, SkyGeometry, EARTH_BOND_ALBEDO,
};
use crate::error::require;
use crate::error::{Error, Result};
use crate::link::detection::{fibre_coupling_efficiency, DetectionModel, NoiseTerms};
use crate::link::path::{Direction, FadingModel, LinkGeometry, Path, SunAngles};
use crate::link::terminal::{DetectionSpec, Receiver, Sensitivity, Transmitter};
use crate::units::{to_db, watts_to_dbm, EARTH_MEAN_RADIUS_M, SPEED_OF_LIGHT_M_S};

/// Spherical-Earth slant range (m) from a station at `station_alt_m` to a satellite at
/// `satellite_alt_m` seen at `elevation_rad` (docs/models.md §1, mean Earth radius R_e):
/// R = sqrt(r² − r_s²·cos²ε) − r_s·sin ε with r_s = R_e + h0, r = R_e + H.
pub fn slant_range_m(elevation_rad: f64, satellite_alt_m: f64, station_alt_m: f64) -> f64 {
    let rs = EARTH_MEAN_RADIUS_M + station_alt_m;
    let r = EARTH_MEAN_RADIUS_M + satellite_alt_m;
    let (s, c) = elevation_rad.sin_cos();
    (r * r - rs * rs * c * c).sqrt() - rs * s
}

/// A budget prepared once from terminals and path, evaluated at each geometry.
#[derive(Debug, Clone)]
pub struct LinkBudget {
    wavelength_m: f64,
    tx_power_dbm: f64,
    tx_optics_db: f64,
    tx_gain_dbi: f64,
    rx_gain_dbi: f64,
    rx_optics_db: f64,
    sensitivity: PreparedSensitivity,
    divergence_half_rad: f64,
    waist_m: f64,
    aperture_radius_m: f64,
    obscuration_ratio: f64,
    jitter_rad: f64,
    bias_rad: f64,
    point_ahead_compensation: f64,
    path: PreparedPath,
}

/// The geometry-independent part of the sensitivity.
#[derive(Debug, Clone, Copy)]
enum PreparedSensitivity {
    /// A fixed power, dBm.
    Fixed(f64),
    /// A detection model, evaluated at each geometry with its background.
    Detection {
        spec: DetectionSpec,
        /// The optics that collect the background (`None` for a model that rejects it).
        optics: Option<BackgroundReceiver>,
        /// The sky above the station, for a receiver at the station (downlink).
        sky: Option<SkyAtmosphere>,
    },
}

/// The geometry-independent part of a path.
#[derive(Debug, Clone)]
enum PreparedPath {
    Atmospheric {
        direction: Direction,
        zenith_transmittance: f64,
        turbulence: PathTurbulence,
    },
    Vacuum,
}

/// One named budget term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BudgetTerm {
    /// Name as shown in tables and JSON ("transmit power", "free-space loss", …).
    pub name: &'static str,
    /// Value in dB (dBm for the transmit power, dBi for gains); losses are negative.
    pub value_db: f64,
}

/// How the beam-to-aperture coupling appears in the budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Collection {
    /// Far field (w/a ≥ 6): the three classical terms.
    FarField {
        /// Transmit gain G_t = 8/θ², dBi.
        tx_gain_dbi: f64,
        /// Free-space loss L_s = (λ/(4πR))², dB (negative).
        free_space_loss_db: f64,
        /// Receive gain G_r = (πD/λ)²(1 − γ²), dBi.
        rx_gain_dbi: f64,
    },
    /// Near field (w/a < 6): exact Gaussian power fraction caught by the aperture, dB.
    Exact {
        /// exp(−2(γa)²/w²) − exp(−2a²/w²) in dB (negative).
        collection_db: f64,
    },
}

/// Turbulence statistics at one geometry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TurbulenceStats {
    /// Ground term A of the Cn² profile in effect (the day or the night value), m^(−2/3).
    pub ground_cn2: f64,
    /// Slant Fried parameter r0 at the station, m.
    pub fried_parameter_m: f64,
    /// Isoplanatic angle θ0 at the station, rad.
    pub isoplanatic_angle_rad: f64,
    /// Rytov variance: plane-wave σ_R² for a downlink, the beam's σ_B² for an uplink
    /// (dimensionless).
    pub rytov_variance: f64,
    /// Point-receiver scintillation index σ_I²(0) (downlink weak-to-strong plane wave; uplink
    /// tracked on-axis beam).
    pub scintillation_index_point: f64,
    /// Scintillation index of the collected power σ_I²(D) (= the point index on an uplink):
    /// the log-normal model's input, and 1/α + 1/β + 1/(αβ).
    pub scintillation_index_aperture: f64,
    /// Aperture-averaging ratio σ_I²(D)/σ_I²(0) (1 for an uplink; 1 without turbulence).
    pub aperture_averaging: f64,
    /// Fresnel parameter d² = kD²/(4·z0·sec ζ) of the receive aperture (0 for an uplink).
    pub aperture_fresnel_d2: f64,
    /// Gamma–Gamma α (large-scale) of the collected power, dimensionless.
    pub gamma_gamma_alpha: f64,
    /// Gamma–Gamma β (small-scale) of the collected power, dimensionless.
    pub gamma_gamma_beta: f64,
}

/// The turbulence-broadened uplink beam at the satellite (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UplinkBeam {
    /// Vacuum beam radius W(L), m.
    pub vacuum_radius_m: f64,
    /// Long-term radius W_LT, m.
    pub long_term_radius_m: f64,
    /// Short-term radius W_ST, m: the beam of the budget and of the pointing model.
    pub short_term_radius_m: f64,
    /// Rms beam wander sqrt⟨r_c²⟩ (radial), m.
    pub wander_rms_m: f64,
    /// Short-term spreading −20·log10(W_ST/W), dB (negative).
    pub spreading_db: f64,
    /// Long-term spreading −20·log10(W_LT/W), dB (negative; for information).
    pub long_term_spreading_db: f64,
}

/// What an atmospheric path adds to the budget at one geometry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AtmosphericTerms {
    /// Downlink or uplink.
    pub direction: Direction,
    /// Elevation at the station, rad.
    pub elevation_rad: f64,
    /// Clear-sky atmosphere T_zen^AM, dB.
    pub atmosphere_db: f64,
    /// Kasten–Young air mass (dimensionless).
    pub airmass: f64,
    /// Turbulence statistics.
    pub turbulence: TurbulenceStats,
    /// The broadened beam of an uplink; `None` on a downlink.
    pub uplink_beam: Option<UplinkBeam>,
}

/// Where the background light of a receiver comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackgroundSource {
    /// The sky behind the satellite (a receiver at the station).
    Sky,
    /// The Earth behind the station (a receiver on the satellite, looking down).
    Earth,
    /// None: a vacuum path (the Earth or the Sun behind the far end is not modelled), or a
    /// receiver that rejects background light.
    None,
}

impl BackgroundSource {
    /// "sky", "earth" or "none".
    pub fn name(self) -> &'static str {
        match self {
            BackgroundSource::Sky => "sky",
            BackgroundSource::Earth => "earth",
            BackgroundSource::None => "none",
        }
    }
}

/// What a detection-model receiver adds to the budget at one geometry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReceiverTerms {
    /// The detection model.
    pub model: DetectionModel,
    /// Where the background comes from.
    pub background_source: BackgroundSource,
    /// Spectral radiance of the background seen in the field, W m⁻² sr⁻¹ nm⁻¹.
    pub background_radiance_w_m2_sr_nm: f64,
    /// Direct sunlight inside the field of view (the Sun's disc, partly or whole), W at the
    /// detector.
    pub sun_in_field_w: f64,
    /// Total background power at the detector (extended background + Sun in the field), W.
    pub background_power_w: f64,
    /// Mean single-mode-fibre coupling efficiency (coherent receivers), linear.
    pub fibre_coupling_efficiency: Option<f64>,
    /// The noise terms at the sensitivity point (all 0 when blinded).
    pub noise: NoiseTerms,
    /// The background saturates the detector (or leaves no operating point at this rate):
    /// the sensitivity is that of a blind receiver ([`BLINDED_SENSITIVITY_W`]) and the link
    /// is down.
    pub blinded: bool,
}

/// The sensitivity of a receiver blinded by its background, W: 1 kW (60 dBm, the top of the
/// `sensitivity_dbm` range), so that the margin stays finite and far below 0.
pub const BLINDED_SENSITIVITY_W: f64 = 1e3;

/// The longest range a budget is evaluated at, m: 1e13 m, 67 au, beyond any optical link
/// flown or planned (DSOC reached 2.7 au). Far beyond it the uplink beam statistics overflow
/// (a fuzzer found NaN beam wander at 6e154 m).
pub const MAX_RANGE_M: f64 = 1e13;

/// The path's part of a budget result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathTerms {
    /// Ground–space: atmosphere and turbulence.
    Atmospheric(AtmosphericTerms),
    /// Space–space: nothing added.
    Vacuum,
}

impl PathTerms {
    /// The direction of a ground–space path, `None` on a vacuum path.
    pub fn direction(&self) -> Option<Direction> {
        match self {
            PathTerms::Atmospheric(a) => Some(a.direction),
            PathTerms::Vacuum => None,
        }
    }
}

/// The budget at one geometry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BudgetResult {
    /// Wavelength, m.
    pub wavelength_m: f64,
    /// Range between the terminals, m.
    pub range_m: f64,
    /// Transmit power, dBm.
    pub tx_power_dbm: f64,
    /// Transmit optics η_t, dB.
    pub tx_optics_db: f64,
    /// Beam-to-aperture coupling (far-field gains and free-space loss, or exact collection).
    pub collection: Collection,
    /// Receive optics η_r, dB.
    pub rx_optics_db: f64,
    /// What the path adds.
    pub path: PathTerms,
    /// Static received power (sum of the terms), dBm.
    pub received_power_dbm: f64,
    /// Receiver sensitivity, dBm.
    pub sensitivity_dbm: f64,
    /// The detection model's terms; `None` for a fixed or photons-per-bit sensitivity.
    pub receiver: Option<ReceiverTerms>,
    /// Static margin P_r − P_sens, dB.
    pub margin_db: f64,
    /// Beam radius (1/e²) at the receiver, m: w = θR, or the short-term W_ST on an uplink.
    pub beam_radius_m: f64,
    /// Transmit divergence 1/e² half-angle θ (vacuum), rad.
    pub divergence_half_rad: f64,
    /// Half-angle of the pointing-loss model, rad: w/R in the far field (W_ST/R on an
    /// uplink), the Farid–Hranilovic w_zeq/R in the near field.
    pub pointing_half_angle_rad: f64,
    /// Total pointing jitter per axis, rad (transmitter jitter ⊕ uplink beam-wander jitter).
    pub jitter_rad: f64,
    /// Static pointing offset, rad: the transmitter's bias plus the point-ahead residual.
    pub bias_rad: f64,
    /// Point-ahead angle θ_PA = 2·v⊥/c, rad, when the geometry gives the transverse velocity.
    pub point_ahead_rad: Option<f64>,
    /// The part of θ_PA the transmitter leaves uncompensated, (1 − c)·θ_PA, rad (included in
    /// `bias_rad`); `None` without a transverse velocity.
    pub point_ahead_residual_rad: Option<f64>,
}

impl BudgetResult {
    /// The atmospheric terms, `None` on a vacuum path.
    pub fn atmospheric(&self) -> Option<&AtmosphericTerms> {
        match &self.path {
            PathTerms::Atmospheric(a) => Some(a),
            PathTerms::Vacuum => None,
        }
    }

    /// The direction of a ground–space link, `None` on a vacuum path.
    pub fn direction(&self) -> Option<Direction> {
        self.path.direction()
    }

    /// The turbulence statistics, `None` on a vacuum path.
    pub fn turbulence(&self) -> Option<&TurbulenceStats> {
        self.atmospheric().map(|a| &a.turbulence)
    }

    /// The named terms in the order they apply (first term in dBm, the others in dB/dBi);
    /// their sum is [`BudgetResult::received_power_dbm`]. The path's term sits where it acts:
    /// the atmosphere of an uplink right after the transmit gain (ground side), that of a
    /// downlink last.
    pub fn terms(&self) -> Vec<BudgetTerm> {
        let t = |name, value_db| BudgetTerm { name, value_db };
        let atmosphere = self
            .atmospheric()
            .map(|a| (a.direction, t("atmosphere", a.atmosphere_db)));
        let uplink_atmosphere = match atmosphere {
            Some((Direction::Uplink, term)) => Some(term),
            _ => None,
        };
        let mut terms = vec![
            t("transmit power", self.tx_power_dbm),
            t("transmit optics", self.tx_optics_db),
        ];
        match self.collection {
            Collection::FarField {
                tx_gain_dbi,
                free_space_loss_db,
                rx_gain_dbi,
            } => {
                terms.push(t("transmit gain", tx_gain_dbi));
                terms.extend(uplink_atmosphere);
                if let Some(beam) = self.atmospheric().and_then(|a| a.uplink_beam) {
                    terms.push(t("beam spreading", beam.spreading_db));
                }
                terms.push(t("free-space loss", free_space_loss_db));
                terms.push(t("receive gain", rx_gain_dbi));
            }
            Collection::Exact { collection_db } => {
                terms.extend(uplink_atmosphere);
                terms.push(t("geometric collection", collection_db));
            }
        }
        terms.push(t("receive optics", self.rx_optics_db));
        if let Some(eta) = self.receiver.and_then(|r| r.fibre_coupling_efficiency) {
            terms.push(t("fibre coupling", to_db(eta)));
        }
        if let Some((Direction::Downlink, term)) = atmosphere {
            terms.push(term);
        }
        terms
    }

    /// The turbulence fading distribution of `model` at this geometry (input of
    /// `channel::outage_probability`); none on a vacuum path.
    pub fn fading(&self, model: FadingModel) -> Fading {
        let Some(t) = self.turbulence() else {
            return Fading::None;
        };
        match model {
            FadingModel::None => Fading::None,
            FadingModel::LogNormal => Fading::LogNormal {
                scintillation_index: t.scintillation_index_aperture,
            },
            // σ_R² → 0 is the limit α, β → +∞ of no fading: where the path is too short in
            // the turbulent layer for the Rytov variance to be positive (a grazing uplink in
            // the plane-parallel geometry), α and β are infinite and the fading is none.
            FadingModel::GammaGamma => {
                let (alpha, beta) = (t.gamma_gamma_alpha, t.gamma_gamma_beta);
                if alpha > 0.0 && beta > 0.0 && alpha.is_finite() && beta.is_finite() {
                    Fading::GammaGamma { alpha, beta }
                } else {
                    Fading::None
                }
            }
        }
    }

    /// The far-field pointing-jitter model at this geometry (total per-axis jitter and bias).
    pub fn pointing(&self) -> PointingJitter {
        PointingJitter {
            divergence_half_rad: self.pointing_half_angle_rad,
            sigma_rad: self.jitter_rad,
            bias_rad: self.bias_rad,
        }
    }
}

impl LinkBudget {
    /// Validates the inputs and precomputes everything independent of the geometry.
    pub fn new(tx: &Transmitter, rx: &Receiver, path: &Path) -> Result<Self> {
        tx.validate()?;
        rx.validate()?;
        let prepared = match *path {
            Path::Atmospheric { site, direction } => {
                let t = site.zenith_transmittance;
                require(
                    t > 0.0 && t <= 1.0,
                    "zenith_transmittance",
                    t,
                    "must be in (0, 1]",
                )?;
                PreparedPath::Atmospheric {
                    direction,
                    zenith_transmittance: t,
                    turbulence: PathTurbulence::new(site.turbulence, site.altitude_m)?,
                }
            }
            Path::Vacuum => PreparedPath::Vacuum,
        };
        let lambda = tx.wavelength_m;
        let sensitivity = match rx.sensitivity {
            Sensitivity::Detection(spec) => {
                // The rate must be one the model can carry (a PPM format's slot rate bounds
                // it): checked here, once, with no background.
                spec.model.sensitivity_w(lambda, spec.data_rate_bps, 0.0)?;
                let sky = match *path {
                    Path::Atmospheric {
                        site,
                        direction: Direction::Downlink,
                    } => Some(SkyAtmosphere::from_zenith_transmittance(
                        lambda,
                        site.zenith_transmittance,
                        site.altitude_m,
                    )),
                    _ => None,
                };
                PreparedSensitivity::Detection {
                    spec,
                    optics: spec.background.map(|f| rx.background_receiver(f)),
                    sky,
                }
            }
            fixed => PreparedSensitivity::Fixed(
                fixed
                    .power_dbm(lambda)
                    .expect("a fixed or photons-per-bit sensitivity has a power"),
            ),
        };
        Ok(LinkBudget {
            wavelength_m: lambda,
            tx_power_dbm: watts_to_dbm(tx.power_w),
            tx_optics_db: to_db(tx.optics_efficiency),
            tx_gain_dbi: to_db(tx.gain()),
            rx_gain_dbi: to_db(rx.gain(lambda)),
            rx_optics_db: to_db(rx.optics_efficiency),
            sensitivity,
            divergence_half_rad: tx.divergence_half_rad(),
            waist_m: tx.divergence.waist_m(lambda),
            aperture_radius_m: 0.5 * rx.aperture_m,
            obscuration_ratio: rx.obscuration_ratio,
            jitter_rad: tx.jitter_rad,
            bias_rad: tx.bias_rad,
            point_ahead_compensation: tx.point_ahead_compensation,
            path: prepared,
        })
    }

    /// The direction of a ground–space link, `None` on a vacuum path.
    pub fn direction(&self) -> Option<Direction> {
        match self.path {
            PreparedPath::Atmospheric { direction, .. } => Some(direction),
            PreparedPath::Vacuum => None,
        }
    }

    /// Receiver sensitivity, dBm, when it does not depend on the geometry; `None` for a
    /// detection model (see [`BudgetResult::sensitivity_dbm`]).
    pub fn sensitivity_dbm(&self) -> Option<f64> {
        match self.sensitivity {
            PreparedSensitivity::Fixed(dbm) => Some(dbm),
            PreparedSensitivity::Detection { .. } => None,
        }
    }

    /// Bytes this budget occupies (its size and the turbulence quadrature it holds): what
    /// the link stage of a sweep counts to bound its memory.
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + match &self.path {
                PreparedPath::Atmospheric { turbulence, .. } => turbulence.heap_bytes(),
                PreparedPath::Vacuum => 0,
            }
    }

    /// The budget at `geometry`: a range (m, > 0) and, on an atmospheric path, the station
    /// elevation (rad, in (0, π/2]); errors keyed `range_m` / `elevation_deg`.
    pub fn evaluate(&self, geometry: &LinkGeometry) -> Result<BudgetResult> {
        // The elevation first: a slant range computed from a bad elevation is bad too, and
        // the error should name the elevation.
        let elevation_rad = geometry.elevation_rad.unwrap_or(f64::NAN);
        if let PreparedPath::Atmospheric { .. } = self.path {
            let el_deg = elevation_rad.to_degrees();
            require(
                el_deg > 0.0 && el_deg <= 90.0,
                "elevation_deg",
                el_deg,
                "must be in (0, 90] deg",
            )?;
        }
        let range_m = geometry.range_m;
        require(
            range_m > 0.0 && range_m <= MAX_RANGE_M,
            "range_m",
            range_m,
            "must be in (0, 1e13] m (67 au: beyond any optical link flown or planned)",
        )?;
        if let Some(v) = geometry.transverse_velocity_m_s {
            // Slower than light (a point-ahead below 2 rad); any orbit is far below.
            require(
                (0.0..SPEED_OF_LIGHT_M_S).contains(&v),
                "transverse_velocity_m_s",
                v,
                "must be in [0, c) m/s",
            )?;
        }
        if let Some(sun) = geometry.sun {
            let sun_el_deg = sun.elevation_rad.to_degrees();
            require(
                (-90.0..=90.0).contains(&sun_el_deg),
                "sun_elevation_deg",
                sun_el_deg,
                "must be in [-90, 90] deg",
            )?;
            let sep = sun.separation_rad.to_degrees();
            require(
                (0.0..=180.0).contains(&sep),
                "sun_separation_deg",
                sep,
                "must be in [0, 180] deg",
            )?;
            // Two directions at elevations ε and h are |ε − h| to 180° − |ε + h| apart (same
            // and opposite azimuths); 1e-6° absorbs the rounding of angles from vectors.
            if let Some(el) = geometry.elevation_rad.map(f64::to_degrees) {
                let (lo, hi) = ((el - sun_el_deg).abs(), 180.0 - (el + sun_el_deg).abs());
                // (The message is formatted only on failure: this runs at every step.)
                if !(sep >= lo - 1e-6 && sep <= hi + 1e-6) {
                    return Err(Error::invalid(
                        "sun_separation_deg",
                        sep,
                        format!(
                            "must be in [{lo:.4}, {hi:.4}] deg: the angle between the line of \
                             sight at {el:.4}° elevation and the Sun at {sun_el_deg:.4}°"
                        ),
                    ));
                }
            }
        }
        let lambda = self.wavelength_m;
        let theta = self.divergence_half_rad;
        let a = self.aperture_radius_m;
        // The path first: on an uplink it broadens the beam (W_ST/W) and adds the wander.
        let (path, jitter_rad, beam_scale) = match &self.path {
            PreparedPath::Atmospheric {
                direction,
                zenith_transmittance,
                turbulence,
            } => {
                let (terms, jitter_rad) = self.atmospheric_terms(
                    *direction,
                    *zenith_transmittance,
                    turbulence,
                    geometry,
                    elevation_rad,
                );
                let scale = terms
                    .uplink_beam
                    .map_or(1.0, |b| b.short_term_radius_m / b.vacuum_radius_m);
                (PathTerms::Atmospheric(terms), jitter_rad, scale)
            }
            PreparedPath::Vacuum => (PathTerms::Vacuum, self.jitter_rad, 1.0),
        };
        let w = theta * beam_scale * range_m;
        let far_field = w >= 6.0 * a;
        let collection = if far_field {
            // L_s = (λ/(4πR))²
            let ls = lambda / (4.0 * std::f64::consts::PI * range_m);
            Collection::FarField {
                tx_gain_dbi: self.tx_gain_dbi,
                free_space_loss_db: to_db(ls * ls),
                rx_gain_dbi: self.rx_gain_dbi,
            }
        } else {
            // Caught fraction of a Gaussian beam by an annulus γa ≤ r ≤ a.
            let b = self.obscuration_ratio * a;
            let f = (-2.0 * b * b / (w * w)).exp() - (-2.0 * a * a / (w * w)).exp();
            Collection::Exact {
                collection_db: to_db(f),
            }
        };
        let coupling_db = match collection {
            Collection::FarField {
                tx_gain_dbi,
                free_space_loss_db,
                rx_gain_dbi,
            } => tx_gain_dbi + free_space_loss_db + rx_gain_dbi,
            Collection::Exact { collection_db } => collection_db,
        };
        let path_db = match &path {
            PathTerms::Atmospheric(t) => {
                // The spreading is a separate term in the far field only; the exact
                // collection already uses the broadened radius.
                let spreading = match t.uplink_beam {
                    Some(beam) if far_field => beam.spreading_db,
                    _ => 0.0,
                };
                t.atmosphere_db + spreading
            }
            PathTerms::Vacuum => 0.0,
        };
        // Far field: the beam's own half-angle; near field: Farid & Hranilovic's w_zeq.
        // (Capped at 1 rad, the pointing model's range: only a grazing uplink gets there.)
        let pointing_half_angle_rad = if far_field {
            w / range_m
        } else {
            equivalent_beam_radius_m(a, w) / range_m
        }
        .min(1.0);
        let (receiver, sensitivity_dbm) = self.receiver_terms(&path, geometry, elevation_rad);
        let fibre_db = receiver
            .and_then(|r| r.fibre_coupling_efficiency)
            .map_or(0.0, to_db);
        let received_power_dbm = self.tx_power_dbm
            + self.tx_optics_db
            + coupling_db
            + self.rx_optics_db
            + path_db
            + fibre_db;
        let margin_db = received_power_dbm - sensitivity_dbm;
        // θ_PA = 2·v⊥/c; the residual (1 − c)·θ_PA adds to the bias (worst case, colinear).
        let point_ahead_rad = geometry
            .transverse_velocity_m_s
            .map(|v| 2.0 * v / SPEED_OF_LIGHT_M_S);
        let point_ahead_residual_rad =
            point_ahead_rad.map(|pa| (1.0 - self.point_ahead_compensation) * pa);
        let bias_rad = self.bias_rad + point_ahead_residual_rad.unwrap_or(0.0);
        let scintillation = match &path {
            PathTerms::Atmospheric(t) => t.turbulence.scintillation_index_aperture,
            PathTerms::Vacuum => 0.0,
        };
        // The validated ranges keep these finite; this is the backstop that keeps a NaN from
        // ever being compared as a margin (a NaN margin used to count as "link up").
        for (what, v) in [
            ("received power (dBm)", received_power_dbm),
            ("margin (dB)", margin_db),
            ("beam radius (m)", w),
            ("scintillation index", scintillation),
            ("pointing jitter (rad)", jitter_rad),
            ("pointing half-angle (rad)", pointing_half_angle_rad),
        ] {
            // (The message is formatted only on failure: this runs at every step.)
            if !v.is_finite() {
                return Err(Error::invalid(
                    "range_m",
                    range_m,
                    format!(
                        "the {what} came out {v} (not finite) for this range, wavelength \
                         {lambda:e} m, divergence half-angle {theta:e} rad and aperture radius \
                         {a} m"
                    ),
                ));
            }
        }
        Ok(BudgetResult {
            wavelength_m: self.wavelength_m,
            range_m,
            tx_power_dbm: self.tx_power_dbm,
            tx_optics_db: self.tx_optics_db,
            collection,
            rx_optics_db: self.rx_optics_db,
            path,
            received_power_dbm,
            sensitivity_dbm,
            receiver,
            margin_db,
            beam_radius_m: w,
            divergence_half_rad: theta,
            pointing_half_angle_rad,
            jitter_rad,
            bias_rad,
            point_ahead_rad,
            point_ahead_residual_rad,
        })
    }

    /// The sensitivity at one geometry (dBm) and, for a detection model, what it is made of:
    /// the background the receiver sees (the sky behind the satellite for a station receiver,
    /// the Earth behind the station for a satellite receiver; docs/models.md, "Sky
    /// background"), the Sun inside its field, and the fibre coupling of a coherent receiver.
    /// Without Sun angles in the geometry the Sun is taken far below the horizon (night).
    fn receiver_terms(
        &self,
        path: &PathTerms,
        geometry: &LinkGeometry,
        elevation_rad: f64,
    ) -> (Option<ReceiverTerms>, f64) {
        let (spec, optics, sky) = match self.sensitivity {
            PreparedSensitivity::Fixed(dbm) => return (None, dbm),
            PreparedSensitivity::Detection { spec, optics, sky } => (spec, optics, sky),
        };
        let lambda = self.wavelength_m;
        let sun = geometry.sun.unwrap_or(SunAngles {
            elevation_rad: -std::f64::consts::FRAC_PI_2,
            separation_rad: std::f64::consts::PI,
        });
        let direction = path.direction();
        let (source, radiance, sun_in_field_w) = match (optics, sky, direction) {
            // (The sky is prepared exactly for a downlink.)
            (Some(optics), Some(sky), Some(Direction::Downlink)) => {
                let radiance = sky.sky_radiance_w_m2_sr_nm(
                    lambda,
                    &SkyGeometry {
                        elevation_rad,
                        sun_elevation_rad: sun.elevation_rad,
                        sun_separation_rad: sun.separation_rad,
                    },
                );
                // T toward the Sun = T_zen^AM(Sun), the atmosphere term's law; no direct Sun
                // below the horizon.
                let sun_t = match self.path {
                    PreparedPath::Atmospheric {
                        zenith_transmittance,
                        ..
                    } if sun.elevation_rad > 0.0 => {
                        let zenith = std::f64::consts::FRAC_PI_2 - sun.elevation_rad;
                        zenith_transmittance.powf(air_mass(zenith))
                    }
                    _ => 0.0,
                };
                let direct = optics.sun_in_fov_power_w(lambda, sun.separation_rad, sun_t);
                (BackgroundSource::Sky, radiance, direct)
            }
            (Some(_), _, Some(Direction::Uplink)) => (
                BackgroundSource::Earth,
                earth_radiance_w_m2_sr_nm(lambda, sun.elevation_rad, EARTH_BOND_ALBEDO),
                0.0,
            ),
            _ => (BackgroundSource::None, 0.0, 0.0),
        };
        let background_power_w =
            optics.map_or(0.0, |o| o.background_power_w(radiance)) + sun_in_field_w;
        // A coherent receiver couples into a single-mode fibre: the station's r0 on a
        // downlink; on an uplink or a vacuum path the field at the small satellite aperture
        // is coherent (r0 → ∞).
        let fibre_coupling_efficiency = match spec.model {
            DetectionModel::Coherent(c) => {
                let r0 = match path {
                    PathTerms::Atmospheric(a) if a.direction == Direction::Downlink => {
                        a.turbulence.fried_parameter_m
                    }
                    _ => f64::INFINITY,
                };
                Some(fibre_coupling_efficiency(
                    2.0 * self.aperture_radius_m,
                    r0,
                    self.obscuration_ratio,
                    c.ao_corrected_modes,
                ))
            }
            _ => None,
        };
        // A background beyond what the detector can take (the Sun in the field of a photon
        // counter) blinds it: the link is down, shown as the sensitivity of a blind receiver.
        // The model's parameters and its rate were checked when the budget was made, so what
        // can still fail here is the operating point at this background (a PPM rate that
        // would need more than 1e6 photons per pulse): the receiver cannot close there
        // either, and a step must not abort the run.
        let operating_point = if background_power_w > spec.model.saturation_background_w(lambda) {
            None
        } else {
            spec.model
                .operating_point(lambda, spec.data_rate_bps, background_power_w)
                .ok()
        };
        let blinded = operating_point.is_none();
        let (sensitivity_w, noise) =
            operating_point.unwrap_or((BLINDED_SENSITIVITY_W, NoiseTerms::default()));
        let terms = ReceiverTerms {
            blinded,
            model: spec.model,
            background_source: source,
            background_radiance_w_m2_sr_nm: radiance,
            sun_in_field_w,
            background_power_w,
            fibre_coupling_efficiency,
            noise,
        };
        (Some(terms), watts_to_dbm(sensitivity_w))
    }

    /// Atmosphere and turbulence of a ground–space path at one geometry, and the total
    /// per-axis pointing jitter (the transmitter's, plus the beam wander on an uplink).
    fn atmospheric_terms(
        &self,
        direction: Direction,
        zenith_transmittance: f64,
        turb: &PathTurbulence,
        geometry: &LinkGeometry,
        elevation_rad: f64,
    ) -> (AtmosphericTerms, f64) {
        let lambda = self.wavelength_m;
        let range_m = geometry.range_m;
        // The day or night state of the ground term (a copy only when it differs).
        let ground_cn2 = turb
            .profile()
            .ground_cn2_at(geometry.sun.map(|s| s.elevation_rad));
        let scheduled;
        let turb = if ground_cn2 == turb.profile().ground_cn2 {
            turb
        } else {
            scheduled = turb.with_ground_cn2(ground_cn2);
            &scheduled
        };
        let zenith = std::f64::consts::FRAC_PI_2 - elevation_rad;
        let airmass = air_mass(zenith);
        // T_atm = T_zen^AM → AM·10·log10(T_zen)
        let atmosphere_db = airmass * to_db(zenith_transmittance);
        let fried_parameter_m = turb.fried_parameter_m(lambda, zenith);
        let isoplanatic_angle_rad = turb.isoplanatic_angle_rad(lambda, zenith);
        let stats = |rytov_variance: f64, point: LogVariances, collected: LogVariances, d2| {
            let (alpha, beta) = collected.gamma_gamma();
            let point_index = point.scintillation_index();
            let aperture_index = collected.scintillation_index();
            TurbulenceStats {
                ground_cn2,
                fried_parameter_m,
                isoplanatic_angle_rad,
                rytov_variance,
                scintillation_index_point: point_index,
                scintillation_index_aperture: aperture_index,
                aperture_averaging: if point_index > 0.0 {
                    aperture_index / point_index
                } else {
                    1.0
                },
                aperture_fresnel_d2: d2,
                gamma_gamma_alpha: alpha,
                gamma_gamma_beta: beta,
            }
        };
        let (turbulence, uplink_beam, jitter_rad) = match direction {
            Direction::Downlink => {
                let rytov = turb.rytov_variance(lambda, zenith);
                let d2 =
                    turb.aperture_fresnel_parameter(2.0 * self.aperture_radius_m, lambda, zenith);
                let point = LogVariances::plane_wave(rytov, 0.0);
                let collected = LogVariances::plane_wave(rytov, d2);
                (stats(rytov, point, collected, d2), None, self.jitter_rad)
            }
            Direction::Uplink => {
                let up = turb.uplink(lambda, self.waist_m, range_m, zenith);
                let beam = UplinkBeam {
                    vacuum_radius_m: up.beam_radius_m,
                    long_term_radius_m: up.long_term_beam_radius_m,
                    short_term_radius_m: up.short_term_beam_radius_m,
                    wander_rms_m: up.beam_wander_rms_m,
                    spreading_db: -2.0 * to_db(up.short_term_beam_radius_m / up.beam_radius_m),
                    long_term_spreading_db: -2.0
                        * to_db(up.long_term_beam_radius_m / up.beam_radius_m),
                };
                // σ_axis² = σ_tx² + ⟨r_c²⟩/(2R²); a non-zero total below the pointing model's
                // floor (1 nrad, with a terminal without jitter) is raised to it: conservative
                // by under 1 nrad, and the model stays defined (fuzz finding).
                let wander = up.beam_wander_rms_m / (std::f64::consts::SQRT_2 * range_m);
                let sigma = self.jitter_rad.hypot(wander);
                // The plane-parallel model breaks down at grazing elevation (r0 → 0, a wander
                // of radians): the total is capped at 1 rad, the pointing model's range, where
                // the link is far below any sensitivity anyway (fuzz finding).
                let sigma = if sigma > 0.0 {
                    sigma.clamp(super::terminal::MIN_JITTER_RAD, 1.0)
                } else {
                    sigma
                };
                let lv = up.log_variances;
                (stats(up.rytov_variance, lv, lv, 0.0), Some(beam), sigma)
            }
        };
        let terms = AtmosphericTerms {
            direction,
            elevation_rad,
            atmosphere_db,
            airmass,
            turbulence,
            uplink_beam,
        };
        (terms, jitter_rad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel::HufnagelValley;
    use crate::link::{Divergence, Site};

    fn atm(site: Site, direction: Direction) -> Path {
        Path::Atmospheric { site, direction }
    }

    fn abs(got: f64, want: f64, tol: f64, what: &str) {
        assert!(
            (got - want).abs() <= tol,
            "{what}: {got} vs {want} (abs tol {tol})"
        );
    }

    fn ref_result() -> BudgetResult {
        let b = LinkBudget::new(
            &Transmitter::REF,
            &Receiver::REF,
            &atm(Site::REF, Direction::Downlink),
        )
        .unwrap();
        b.evaluate(&LinkGeometry::ground(1.0e6, 30f64.to_radians()))
            .unwrap()
    }

    #[test]
    fn ref_case_terms() {
        // docs/models.md §1 REF, printed to 3 decimals (dB) / 2 decimals (dBm): half a unit.
        let r = ref_result();
        let Collection::FarField {
            tx_gain_dbi,
            free_space_loss_db,
            rx_gain_dbi,
        } = r.collection
        else {
            panic!("REF is far field");
        };
        abs(tx_gain_dbi, 109.031, 5e-4, "G_t");
        // G_t = 8e10 exactly: closed form at 1e-6 relative.
        assert!((crate::units::from_db(tx_gain_dbi) / 8e10 - 1.0).abs() < 1e-6);
        abs(free_space_loss_db, -258.178, 5e-4, "L_s");
        abs(rx_gain_dbi, 118.178, 5e-4, "G_r");
        abs(
            tx_gain_dbi + free_space_loss_db + rx_gain_dbi,
            -30.969,
            5e-4,
            "G_t·L_s·G_r",
        );
        abs(
            r.atmospheric().unwrap().atmosphere_db,
            -0.444,
            5e-4,
            "atmosphere",
        );
        abs(r.atmospheric().unwrap().airmass, 1.9943, 5e-5, "airmass");
        abs(r.received_power_dbm, -3.93, 5e-3, "P_r");
        abs(r.sensitivity_dbm, -38.92, 5e-3, "sensitivity");
        abs(r.margin_db, 34.99, 5e-3, "margin");
        let sum: f64 = r.terms().iter().map(|t| t.value_db).sum();
        assert!((sum - r.received_power_dbm).abs() < 1e-9);
        let names: Vec<_> = r.terms().iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            [
                "transmit power",
                "transmit optics",
                "transmit gain",
                "free-space loss",
                "receive gain",
                "receive optics",
                "atmosphere"
            ]
        );
        // Channel statistics of REF (docs/models.md §3).
        abs(
            r.turbulence().unwrap().fried_parameter_m * 100.0,
            12.73,
            0.005,
            "r0",
        );
        abs(
            r.turbulence().unwrap().rytov_variance,
            0.2215,
            0.5e-4,
            "σ_R²",
        );
        abs(
            // A&P ch. 10 aperture averaging, d² = k·D²/(4·z0·sec ζ) = 10.56 at ζ = 60°:
            // 0.01862 (the ITU-R P.1622 factor gave 0.01903, docs/models.md §3).
            r.turbulence().unwrap().scintillation_index_aperture,
            0.01862,
            0.5e-5,
            "σ_I²(D)",
        );
        abs(
            // α of the collected power (the point receiver's is 10.706).
            r.turbulence().unwrap().gamma_gamma_alpha,
            104.473,
            0.5e-3,
            "α",
        );
        assert_eq!(r.jitter_rad, 2e-6);
    }

    #[test]
    fn ref_geometry_only_and_exact_collection() {
        // Free space + geometry only: −0.97 dBm; exact collection −30.971 dB.
        let r = ref_result();
        let Collection::FarField {
            tx_gain_dbi,
            free_space_loss_db,
            rx_gain_dbi,
        } = r.collection
        else {
            panic!("far field");
        };
        abs(
            r.tx_power_dbm + tx_gain_dbi + free_space_loss_db + rx_gain_dbi,
            -0.97,
            5e-3,
            "geometry",
        );
        // Near field: 1 µrad half-angle at 100 km → w = 0.1 m < 6a: exact fraction 1 − e^(−2·4).
        let mut tx = Transmitter::REF;
        tx.divergence = Divergence::HalfAngle(1e-6);
        let b = LinkBudget::new(&tx, &Receiver::REF, &atm(Site::REF, Direction::Downlink)).unwrap();
        let r = b.evaluate(&LinkGeometry::ground(1e5, 1.0)).unwrap();
        let Collection::Exact { collection_db } = r.collection else {
            panic!("near field")
        };
        assert!((collection_db - to_db(1.0 - (-8.0f64).exp())).abs() < 1e-12);
        let names: Vec<_> = r.terms().iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            [
                "transmit power",
                "transmit optics",
                "geometric collection",
                "receive optics",
                "atmosphere"
            ]
        );
        // At the far-field REF geometry the exact fraction is −30.971 dB.
        let w: f64 = 10e-6 * 1e6;
        abs(
            to_db(1.0 - (-2.0 * 0.04 / (w * w)).exp()),
            -30.971,
            5e-4,
            "exact REF",
        );
    }

    #[test]
    fn uplink_terms_and_wander() {
        // Ground transmitter with the uplink check beam: W0 = 5 cm at 1550 nm.
        let mut tx = Transmitter::REF;
        tx.divergence = Divergence::Waist(0.05);
        let b = LinkBudget::new(&tx, &Receiver::REF, &atm(Site::REF, Direction::Uplink)).unwrap();
        let r = b
            .evaluate(&LinkGeometry::ground(1.0e6, 30f64.to_radians()))
            .unwrap();
        let names: Vec<_> = r.terms().iter().map(|t| t.name).collect();
        assert_eq!(names[3], "atmosphere");
        assert_eq!(r.turbulence().unwrap().aperture_averaging, 1.0);
        abs(
            // σ_B² = 0.086 with the strong-regime terms of Andrews et al. (2006), eq. 42.
            r.turbulence().unwrap().scintillation_index_point,
            0.0871,
            5e-4,
            "σ²_I,l",
        );
        // Jitter = 2 µrad ⊕ the whole wander, sqrt⟨r_c²⟩/(√2·R) = 9.32 m/(√2·1000 km).
        let wander = 9.32 / (2f64.sqrt() * 1e6);
        abs(
            r.jitter_rad * 1e6,
            (2e-6f64).hypot(wander) * 1e6,
            0.005,
            "jitter µrad",
        );
        // The short-term spot W_ST = 12.76 m of the 9.87 m vacuum beam: −20·log10(12.76/9.87)
        // = −2.236 dB in the sheet, right after the atmosphere; the long-term −4.09 dB beside it.
        let beam = r.atmospheric().unwrap().uplink_beam.unwrap();
        abs(beam.spreading_db, -2.236, 0.0005, "spreading");
        abs(
            beam.long_term_spreading_db,
            -4.09,
            0.005,
            "long-term spreading",
        );
        assert_eq!(names[4], "beam spreading");
        let sum: f64 = r.terms().iter().map(|t| t.value_db).sum();
        assert!((sum - r.received_power_dbm).abs() < 1e-9);
        // The pointing model uses the short-term half-angle W_ST/R.
        abs(
            r.pointing().divergence_half_rad * 1e6,
            12.76,
            0.005,
            "θ_ST µrad",
        );
    }

    #[test]
    fn near_field_pointing_uses_the_equivalent_beam() {
        // w = 0.2 m on a 0.2 m radius aperture (w/a = 1 < 6): exact collection, and the
        // pointing half-angle w_zeq/R with w_zeq/w = 1.7725 (Farid & Hranilovic 2007, eq. 9).
        let mut tx = Transmitter::REF;
        tx.divergence = Divergence::HalfAngle(2e-6);
        let b = LinkBudget::new(&tx, &Receiver::REF, &Path::Vacuum).unwrap();
        let r = b.evaluate(&LinkGeometry::vacuum(1e5)).unwrap();
        assert!(matches!(r.collection, Collection::Exact { .. }));
        abs(r.pointing_half_angle_rad / 2e-6, 1.7725, 5e-5, "w_zeq/w");
        // Against the exact displaced-Gaussian fraction 1 − Q1(2r/w, 2a/w) at r = w/4: the
        // w_zeq exponent is within 1 %, the far-field exponent exp(−2r²/w²) off by 7 %.
        let (w, a, rr) = (0.2f64, 0.2f64, 0.05f64);
        let exact = (1.0 - crate::numerics::marcum_q1(2.0 * rr / w, 2.0 * a / w))
            / (1.0 - (-2.0 * a * a / (w * w)).exp());
        let fh = (-2.0 * rr * rr / (r.pointing_half_angle_rad * 1e5).powi(2)).exp();
        let far = (-2.0 * rr * rr / (w * w)).exp();
        assert!((fh / exact - 1.0).abs() < 0.01, "FH {fh} vs exact {exact}");
        assert!(
            (far / exact - 1.0).abs() > 0.05,
            "far {far} vs exact {exact}"
        );
    }

    #[test]
    fn point_ahead_is_two_v_over_c() {
        let b = LinkBudget::new(
            &Transmitter::REF,
            &Receiver::REF,
            &atm(Site::REF, Direction::Downlink),
        )
        .unwrap();
        let g = LinkGeometry::ground(1e6, 0.5).with_transverse_velocity(7000.0);
        let r = b.evaluate(&g).unwrap();
        let a = r.atmospheric().unwrap();
        abs(r.point_ahead_rad.unwrap() * 1e6, 46.70, 0.005, "PAA µrad");
        // Fully compensated (REF): nothing is left over and the bias is the terminal's.
        assert_eq!(r.point_ahead_residual_rad, Some(0.0));
        assert_eq!(r.bias_rad, Transmitter::REF.bias_rad);
        // θ0 at 1550 nm scales as λ^(6/5) from 7.01 µrad at 0.5 µm (zenith), by sec^(−8/5)ζ.
        let zen = std::f64::consts::FRAC_PI_2 - 0.5;
        let want = 7.01e-6 * (1550.0f64 / 500.0).powf(1.2) * zen.cos().powf(1.6);
        abs(a.turbulence.isoplanatic_angle_rad, want, 0.01e-6, "θ0");
    }

    #[test]
    fn vacuum_path_is_the_free_space_core() {
        // The REF terminals across 1000 km of vacuum: the REF downlink without its
        // atmosphere term, −3.93 dBm + 0.444 dB; no turbulence, so no fading whatever the model.
        let b = LinkBudget::new(&Transmitter::REF, &Receiver::REF, &Path::Vacuum).unwrap();
        assert_eq!(b.direction(), None);
        let r = b.evaluate(&LinkGeometry::vacuum(1.0e6)).unwrap();
        let down = ref_result();
        let atmosphere_db = down.atmospheric().unwrap().atmosphere_db;
        assert!((r.received_power_dbm - (down.received_power_dbm - atmosphere_db)).abs() < 1e-12);
        abs(r.received_power_dbm, -3.93 + 0.444, 5e-3, "P_r vacuum");
        let names: Vec<_> = r.terms().iter().map(|t| t.name).collect();
        assert_eq!(
            names,
            [
                "transmit power",
                "transmit optics",
                "transmit gain",
                "free-space loss",
                "receive gain",
                "receive optics"
            ]
        );
        let sum: f64 = r.terms().iter().map(|t| t.value_db).sum();
        assert!((sum - r.received_power_dbm).abs() < 1e-9);
        assert!(r.turbulence().is_none());
        for model in FadingModel::ALL {
            assert_eq!(r.fading(model), Fading::None);
        }
        assert_eq!(r.jitter_rad, Transmitter::REF.jitter_rad);
        // An atmospheric path needs the elevation at the station.
        let down = LinkBudget::new(
            &Transmitter::REF,
            &Receiver::REF,
            &atm(Site::REF, Direction::Downlink),
        )
        .unwrap();
        let err = down.evaluate(&LinkGeometry::vacuum(1.0e6)).unwrap_err();
        assert!(err.to_string().contains("elevation_deg"), "{err}");
    }

    #[test]
    fn slant_range_geometry() {
        let h = 500e3;
        abs(
            slant_range_m(std::f64::consts::FRAC_PI_2, h, 0.0),
            h,
            1e-6,
            "zenith",
        );
        // Closed form check at 30°: law of cosines r² = r_s² + R² + 2 r_s R sin ε.
        let e = 30f64.to_radians();
        let r = slant_range_m(e, h, 100.0);
        let rs = EARTH_MEAN_RADIUS_M + 100.0;
        let sat = EARTH_MEAN_RADIUS_M + h;
        assert!(((rs * rs + r * r + 2.0 * rs * r * e.sin()).sqrt() / sat - 1.0).abs() < 1e-12);
        // Horizon distance for 500 km: sqrt(r² − R_e²) ≈ 2573.8 km.
        abs(
            slant_range_m(0.0, h, 0.0) / 1e3,
            (sat * sat - EARTH_MEAN_RADIUS_M.powi(2)).sqrt() / 1e3,
            1e-9,
            "horizon",
        );
    }

    #[test]
    fn rejects_bad_input() {
        let key = |e: crate::Error| match e {
            crate::Error::InvalidParameter { key, .. } => key,
            other => panic!("{other}"),
        };
        let site = Site::REF;
        let mut rx = Receiver::REF;
        rx.aperture_m = 0.0;
        assert_eq!(
            key(
                LinkBudget::new(&Transmitter::REF, &rx, &atm(site, Direction::Downlink))
                    .unwrap_err()
            ),
            "aperture_m"
        );
        let mut tx = Transmitter::REF;
        tx.divergence = Divergence::FullAngle(0.0);
        let e = LinkBudget::new(&tx, &Receiver::REF, &atm(site, Direction::Downlink)).unwrap_err();
        assert_eq!(key(e), "divergence_full_angle_urad");
        tx = Transmitter::REF;
        tx.power_w = -1.0;
        assert_eq!(
            key(LinkBudget::new(&tx, &Receiver::REF, &atm(site, Direction::Downlink)).unwrap_err()),
            "tx_power_w"
        );
        let b = LinkBudget::new(
            &Transmitter::REF,
            &Receiver::REF,
            &atm(site, Direction::Downlink),
        )
        .unwrap();
        assert_eq!(
            key(b.evaluate(&LinkGeometry::ground(1e6, 0.0)).unwrap_err()),
            "elevation_deg"
        );
        assert_eq!(
            key(b.evaluate(&LinkGeometry::ground(1e6, 1.6)).unwrap_err()),
            "elevation_deg"
        );
        assert_eq!(
            key(b.evaluate(&LinkGeometry::ground(-1.0, 1.0)).unwrap_err()),
            "range_m"
        );
    }

    /// A PIN OOK receiver at 1 Gb/s behind a 100 µrad field stop and a 1 nm filter.
    fn pin_receiver() -> Receiver {
        use crate::link::{BackgroundFilter, DirectDetection};
        Receiver {
            sensitivity: Sensitivity::Detection(DetectionSpec {
                model: DetectionModel::DirectDetection(DirectDetection {
                    responsivity_a_w: 1.0,
                    gain: 1.0,
                    excess_noise_factor: 1.0,
                    thermal_noise_a_per_sqrt_hz: 10e-12,
                    dark_current_a: 1e-9,
                    target_ber: 1e-9,
                }),
                data_rate_bps: 1e9,
                background: Some(BackgroundFilter {
                    field_of_view_full_rad: 100e-6,
                    filter_bandwidth_nm: 1.0,
                }),
            }),
            ..Receiver::REF
        }
    }

    fn sun(elevation_deg: f64, separation_deg: f64) -> SunAngles {
        SunAngles {
            elevation_rad: elevation_deg.to_radians(),
            separation_rad: separation_deg.to_radians(),
        }
    }

    #[test]
    fn background_follows_the_sun_and_costs_margin() {
        let rx = pin_receiver();
        let path = atm(Site::REF, Direction::Downlink);
        let b = LinkBudget::new(&Transmitter::REF, &rx, &path).unwrap();
        assert_eq!(b.sensitivity_dbm(), None);
        let el = 30f64.to_radians();
        let at = |g: LinkGeometry| b.evaluate(&g).unwrap();
        let ground = LinkGeometry::ground(LinkGeometry::REF_RANGE_M, el);
        let night = at(ground);
        let day = at(ground.with_sun(sun(40.0, 30.0)));
        let near = at(ground.with_sun(sun(33.0, 5.0)));
        let (n, d, c) = (
            night.receiver.unwrap(),
            day.receiver.unwrap(),
            near.receiver.unwrap(),
        );
        // The sky the budget used is the sky model's, and the power is radiance × étendue ×
        // bandwidth × optics (one closed form, BackgroundReceiver).
        let sky = SkyAtmosphere::from_zenith_transmittance(1550e-9, 0.95, 0.0);
        let sky_at = |s: SunAngles| {
            sky.sky_radiance_w_m2_sr_nm(
                1550e-9,
                &SkyGeometry {
                    elevation_rad: el,
                    sun_elevation_rad: s.elevation_rad,
                    sun_separation_rad: s.separation_rad,
                },
            )
        };
        let optics = match rx.sensitivity {
            Sensitivity::Detection(spec) => rx.background_receiver(spec.background.unwrap()),
            _ => unreachable!(),
        };
        let no_sun = SunAngles {
            elevation_rad: -std::f64::consts::FRAC_PI_2,
            separation_rad: std::f64::consts::PI,
        };
        for (terms, s) in [(n, no_sun), (d, sun(40.0, 30.0))] {
            assert_eq!(terms.background_source, BackgroundSource::Sky);
            assert_eq!(terms.background_radiance_w_m2_sr_nm, sky_at(s));
            assert_eq!(terms.sun_in_field_w, 0.0);
            assert_eq!(
                terms.background_power_w,
                optics.background_power_w(sky_at(s))
            );
        }
        // Day is brighter than night, and nearer the Sun brighter still: the sensitivity
        // rises and the margin falls by exactly as much (the received power is the same).
        assert!(d.background_power_w > 100.0 * n.background_power_w);
        assert!(c.background_power_w > d.background_power_w);
        assert!(day.sensitivity_dbm > night.sensitivity_dbm);
        assert!(near.sensitivity_dbm > day.sensitivity_dbm);
        assert_eq!(day.received_power_dbm, night.received_power_dbm);
        abs(
            night.margin_db - day.margin_db,
            day.sensitivity_dbm - night.sensitivity_dbm,
            1e-12,
            "margin lost to the background",
        );
        // The sensitivity is the model's at that background.
        let model = match rx.sensitivity {
            Sensitivity::Detection(spec) => spec.model,
            _ => unreachable!(),
        };
        let want = watts_to_dbm(
            model
                .sensitivity_w(1550e-9, 1e9, d.background_power_w)
                .unwrap(),
        );
        abs(day.sensitivity_dbm, want, 1e-12, "sensitivity");
        // The Sun on the line of sight puts its disc in the field.
        let on_sun = at(ground.with_sun(sun(30.0, 0.0))).receiver.unwrap();
        assert!(on_sun.sun_in_field_w > 1e3 * d.background_power_w);
        assert!(!on_sun.blinded);
    }

    #[test]
    fn a_photon_counter_with_the_sun_in_its_field_is_blind() {
        use crate::link::{BackgroundFilter, PpmReceiver};
        let rx = Receiver {
            sensitivity: Sensitivity::Detection(DetectionSpec {
                model: DetectionModel::PhotonCountingPpm(PpmReceiver {
                    order: 16,
                    slot_width_s: 1e-9,
                    guard_slots: 4,
                    detection_efficiency: 0.5,
                    dark_count_rate_hz: 1e5,
                    implementation_loss_db: 1.0,
                }),
                data_rate_bps: 100e6,
                background: Some(BackgroundFilter {
                    field_of_view_full_rad: 100e-6,
                    filter_bandwidth_nm: 1.0,
                }),
            }),
            ..Receiver::REF
        };
        let b =
            LinkBudget::new(&Transmitter::REF, &rx, &atm(Site::REF, Direction::Downlink)).unwrap();
        let ground = LinkGeometry::ground(LinkGeometry::REF_RANGE_M, 30f64.to_radians());
        let day = b.evaluate(&ground.with_sun(sun(40.0, 30.0))).unwrap();
        assert!(!day.receiver.unwrap().blinded);
        let blind = b.evaluate(&ground.with_sun(sun(30.0, 0.0))).unwrap();
        assert!(blind.receiver.unwrap().blinded);
        abs(
            blind.sensitivity_dbm,
            watts_to_dbm(BLINDED_SENSITIVITY_W),
            1e-12,
            "blind",
        );
        assert!(blind.margin_db < day.margin_db - 50.0);
        // A data rate above the uncoded 16-PPM rate 4/(20 ns) = 200 Mb/s is refused when
        // the budget is made, keyed by the data rate.
        let too_fast = Receiver {
            sensitivity: match rx.sensitivity {
                Sensitivity::Detection(spec) => Sensitivity::Detection(DetectionSpec {
                    data_rate_bps: 250e6,
                    ..spec
                }),
                s => s,
            },
            ..rx
        };
        let e = LinkBudget::new(
            &Transmitter::REF,
            &too_fast,
            &atm(Site::REF, Direction::Downlink),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("data_rate_bps"), "{e}");
    }

    #[test]
    fn satellite_receivers_see_the_earth_and_coherent_ones_couple_into_a_fibre() {
        use crate::link::{CoherentModulation, CoherentReceiver};
        // Uplink into a direct-detection satellite receiver: the sunlit Earth behind the
        // station, nothing at night.
        let up = LinkBudget::new(
            &Transmitter::REF,
            &pin_receiver(),
            &atm(Site::REF, Direction::Uplink),
        )
        .unwrap();
        let ground = LinkGeometry::ground(LinkGeometry::REF_RANGE_M, 30f64.to_radians());
        let night = up.evaluate(&ground).unwrap().receiver.unwrap();
        let day = up
            .evaluate(&ground.with_sun(sun(30.0, 90.0)))
            .unwrap()
            .receiver
            .unwrap();
        assert_eq!(night.background_source, BackgroundSource::Earth);
        assert_eq!(night.background_power_w, 0.0);
        abs(
            day.background_radiance_w_m2_sr_nm,
            earth_radiance_w_m2_sr_nm(1550e-9, 30f64.to_radians(), EARTH_BOND_ALBEDO),
            0.0,
            "Earth radiance",
        );
        // A coherent receiver at the station: the fibre coupling of its aperture at the
        // station's r0 is a budget term, and the terms still add up to the received power.
        let coherent = Receiver {
            sensitivity: Sensitivity::Detection(DetectionSpec {
                model: DetectionModel::Coherent(CoherentReceiver {
                    modulation: CoherentModulation::BpskHomodyne,
                    quantum_efficiency: 0.8,
                    implementation_loss_db: 2.0,
                    target_ber: 1e-9,
                    ao_corrected_modes: 20,
                }),
                data_rate_bps: 1e9,
                background: None,
            }),
            ..Receiver::REF
        };
        let down = LinkBudget::new(
            &Transmitter::REF,
            &coherent,
            &atm(Site::REF, Direction::Downlink),
        )
        .unwrap();
        let r = down.evaluate(&ground.with_sun(sun(33.0, 5.0))).unwrap();
        let rx = r.receiver.unwrap();
        let r0 = r.turbulence().unwrap().fried_parameter_m;
        let eta = fibre_coupling_efficiency(0.4, r0, 0.0, 20);
        assert_eq!(rx.fibre_coupling_efficiency, Some(eta));
        assert!(eta > 0.0 && eta < 0.8146, "{eta}");
        let terms = r.terms();
        let coupling = terms.iter().find(|t| t.name == "fibre coupling").unwrap();
        abs(coupling.value_db, to_db(eta), 1e-12, "fibre coupling term");
        let sum: f64 = terms.iter().map(|t| t.value_db).sum();
        abs(sum, r.received_power_dbm, 1e-9, "terms sum");
        // It rejects background light: the Sun near the line of sight changes nothing.
        assert_eq!(rx.background_source, BackgroundSource::None);
        let night = down.evaluate(&ground).unwrap();
        assert_eq!(night.sensitivity_dbm, r.sensitivity_dbm);
        // On an uplink the field at the satellite's small aperture is coherent: η0.
        let up = LinkBudget::new(
            &Transmitter::REF,
            &coherent,
            &atm(Site::REF, Direction::Uplink),
        )
        .unwrap();
        let eta_up = up.evaluate(&ground).unwrap().receiver.unwrap();
        abs(
            eta_up.fibre_coupling_efficiency.unwrap(),
            fibre_coupling_efficiency(0.4, f64::INFINITY, 0.0, 20),
            0.0,
            "uplink coupling",
        );
    }

    #[test]
    fn night_turbulence_is_weaker_and_named() {
        let site = Site {
            turbulence: HufnagelValley {
                night_ground_cn2: Some(2e-15),
                ..HufnagelValley::HV57
            },
            ..Site::REF
        };
        let b = LinkBudget::new(
            &Transmitter::REF,
            &Receiver::REF,
            &atm(site, Direction::Downlink),
        )
        .unwrap();
        let ground = LinkGeometry::ground(LinkGeometry::REF_RANGE_M, 30f64.to_radians());
        let day = b.evaluate(&ground.with_sun(sun(30.0, 90.0))).unwrap();
        let night = b.evaluate(&ground.with_sun(sun(-10.0, 90.0))).unwrap();
        let (td, tn) = (day.turbulence().unwrap(), night.turbulence().unwrap());
        assert_eq!(td.ground_cn2, 1.7e-14);
        assert_eq!(tn.ground_cn2, 2e-15);
        // The day state is the plain HV5/7 budget.
        assert_eq!(*td, *ref_result().turbulence().unwrap());
        assert!(tn.fried_parameter_m > td.fried_parameter_m);
        assert!(tn.scintillation_index_aperture < td.scintillation_index_aperture);
        // A Sun angle out of range is refused, keyed.
        let e = b
            .evaluate(&ground.with_sun(sun(30.0, 190.0)))
            .unwrap_err()
            .to_string();
        assert!(e.contains("sun_separation_deg"), "{e}");
        // So is a separation no geometry allows: the line of sight at 30° and the Sun at 40°
        // are at least 10° apart.
        let e = b
            .evaluate(&ground.with_sun(sun(40.0, 5.0)))
            .unwrap_err()
            .to_string();
        assert!(e.contains("sun_separation_deg") && e.contains("[10.0000, 110.0000]"));
        assert!(b.evaluate(&ground.with_sun(sun(40.0, 10.0))).is_ok());
    }
}
