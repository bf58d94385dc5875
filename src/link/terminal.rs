//! Transmitter and receiver descriptions, their far-field gains and the receiver sensitivity.
//!
//! Sources (docs/models.md §1): Gaussian-beam far-field gain G_t = 8/θ² (θ the 1/e² half-angle;
//! = 32/Θ² for the full angle), diffraction-limited divergence θ = λ/(π·w0); receive gain
//! G_r = (π·D/λ)²·(1 − γ²); sensitivity P_sens = N_ppb·(h·c/λ)·R_b.

use crate::channel::BackgroundReceiver;
use crate::error::{require, Error, Result};
use crate::link::detection::DetectionModel;
use crate::link::ranges::{check_data_rate, check_wavelength};
use crate::units::{photon_energy_j, watts_to_dbm};

/// Beam divergence, always a 1/e² angle; the variant says which one was given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Divergence {
    /// 1/e² half-angle θ (far-field beam radius / range), rad.
    HalfAngle(f64),
    /// 1/e² full angle Θ = 2θ, rad.
    FullAngle(f64),
    /// Diffraction-limited beam from a waist w0 (1/e² radius, m): θ = λ/(π·w0).
    Waist(f64),
}

impl Divergence {
    /// The 1/e² half-angle θ in rad at `wavelength_m`.
    pub fn half_angle_rad(&self, wavelength_m: f64) -> f64 {
        match *self {
            Divergence::HalfAngle(theta) => theta,
            Divergence::FullAngle(full) => 0.5 * full,
            Divergence::Waist(w0) => wavelength_m / (std::f64::consts::PI * w0),
        }
    }

    /// The 1/e² beam waist w0 (m) of a diffraction-limited beam with this divergence:
    /// w0 = λ/(π·θ).
    pub fn waist_m(&self, wavelength_m: f64) -> f64 {
        match *self {
            Divergence::Waist(w0) => w0,
            _ => wavelength_m / (std::f64::consts::PI * self.half_angle_rad(wavelength_m)),
        }
    }

    /// Divergence (the given angle) at most 0.1 rad (paraxial Gaussian beam) whose diffraction-limited waist
    /// w0 = λ/(π·θ) is at most [`MAX_WAIST_M`] (the largest aperture a receiver may have:
    /// no transmitter optics is larger). Smaller angles made the gain 8/θ² and the beam
    /// radius θ·R under- or overflow (a NaN margin).
    fn validate(&self, wavelength_m: f64) -> Result<()> {
        let theta_min = wavelength_m / (std::f64::consts::PI * MAX_WAIST_M);
        // `factor` = 2 for a full angle.
        let check = |t: f64, factor: f64, key: &str| {
            let allowed = format!(
                "must be in [{:.3e}, 100000] urad (a 1/e² angle; the lower bound is the \
                 divergence λ/(π·w0) of a {MAX_WAIST_M} m waist at this wavelength)",
                factor * theta_min * 1e6
            );
            require(t / factor >= theta_min && t <= 0.1, key, t * 1e6, &allowed)
        };
        match *self {
            Divergence::HalfAngle(t) => check(t, 1.0, "divergence_half_angle_urad"),
            Divergence::FullAngle(t) => check(t, 2.0, "divergence_full_angle_urad"),
            Divergence::Waist(w) => require(
                w > 0.0 && w <= MAX_WAIST_M,
                "beam_waist_m",
                w,
                "must be in (0, 100] m",
            ),
        }
    }
}

/// Largest 1/e² beam waist of a transmitter, m: the largest receiver aperture too (optical
/// telescopes are at most ~40 m).
pub(crate) const MAX_WAIST_M: f64 = 100.0;

/// Allowed transmit power, W: 1 pW (far below any laser transmitter) to 1 MW (beyond the
/// strongest continuous-wave lasers; ground beacons emit up to ~100 W).
pub(crate) const TX_POWER_RANGE_W: (f64, f64) = (1e-12, 1e6);

/// Largest pointing jitter or bias, rad: 0.1 rad, the widest allowed divergence (beyond it a
/// far-field Gaussian-beam pointing model does not apply).
pub(crate) const MAX_POINTING_RAD: f64 = 0.1;

/// Smallest non-zero pointing jitter, rad: 1 nrad, 100× below the best flight terminals
/// (~0.1 µrad rms); a smaller jitter only makes θ/σ overflow (give 0 for no jitter).
pub(crate) const MIN_JITTER_RAD: f64 = 1e-9;

/// A transmitting terminal (on the satellite for a downlink, at the station for an uplink).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transmitter {
    /// Wavelength λ, m.
    pub wavelength_m: f64,
    /// Optical power at the laser output, W.
    pub power_w: f64,
    /// Beam divergence (1/e²).
    pub divergence: Divergence,
    /// Transmit optics efficiency η_t (linear, 0–1).
    pub optics_efficiency: f64,
    /// Pointing jitter, rms per axis, rad.
    pub jitter_rad: f64,
    /// Static pointing bias (boresight error), rad.
    pub bias_rad: f64,
    /// Fraction of the point-ahead angle 2·v⊥/c the terminal's point-ahead mechanism removes,
    /// in [0, 1]: 1 = fully compensated, 0 = the beam leaves along the received line of sight
    /// (the whole angle is a pointing offset at the far end).
    pub point_ahead_compensation: f64,
}

impl Transmitter {
    /// The REF case of docs/models.md: 1 W at 1550 nm, Θ = 20 µrad (1/e² full angle), η_t = 0.8,
    /// 2 µrad per-axis jitter, no bias. `oslink budget`'s defaults and the reference tests.
    pub const REF: Transmitter = Transmitter {
        wavelength_m: 1550e-9,
        power_w: 1.0,
        divergence: Divergence::FullAngle(20e-6),
        optics_efficiency: 0.8,
        jitter_rad: 2e-6,
        bias_rad: 0.0,
        point_ahead_compensation: 1.0,
    };

    /// Checks every field against its allowed range (errors keyed by scenario key).
    pub fn validate(&self) -> Result<()> {
        check_wavelength(self.wavelength_m)?;
        let (p_min, p_max) = TX_POWER_RANGE_W;
        require(
            (p_min..=p_max).contains(&self.power_w),
            "tx_power_w",
            self.power_w,
            "must be in [1e-12, 1e6] W",
        )?;
        self.divergence.validate(self.wavelength_m)?;
        let eta = self.optics_efficiency;
        require(
            eta > 0.0 && eta <= 1.0,
            "tx_optics_efficiency",
            eta,
            "must be in (0, 1]",
        )?;
        let (j, b) = (self.jitter_rad, self.bias_rad);
        require(
            j == 0.0 || (MIN_JITTER_RAD..=MAX_POINTING_RAD).contains(&j),
            "pointing_jitter_urad",
            j * 1e6,
            "must be 0 or in [0.001, 100000] urad",
        )?;
        require(
            (0.0..=MAX_POINTING_RAD).contains(&b),
            "pointing_bias_urad",
            b * 1e6,
            "must be in [0, 100000] urad",
        )?;
        let c = self.point_ahead_compensation;
        require(
            (0.0..=1.0).contains(&c),
            "point_ahead_compensation",
            c,
            "must be in [0, 1] (the fraction of the point-ahead angle removed)",
        )
    }

    /// The 1/e² divergence half-angle θ, rad.
    pub fn divergence_half_rad(&self) -> f64 {
        self.divergence.half_angle_rad(self.wavelength_m)
    }

    /// Far-field on-axis gain G_t = 8/θ² (linear).
    pub fn gain(&self) -> f64 {
        let theta = self.divergence_half_rad();
        8.0 / (theta * theta)
    }
}

/// Receiver sensitivity: the power needed at the detector for the target bit error rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Sensitivity {
    /// Given directly, dBm.
    Dbm(f64),
    /// From photons per bit N at a data rate R_b (bit/s): P = N·(h·c/λ)·R_b.
    PhotonsPerBit {
        /// Photons per bit at the sensitivity point.
        photons_per_bit: f64,
        /// Data rate, bit/s.
        data_rate_bps: f64,
    },
    /// From a detection model at the data rate, with the background light the receiver
    /// collects at each geometry ([`DetectionModel::sensitivity_w`]).
    Detection(DetectionSpec),
}

/// A detection model at a data rate, with the field stop and filter that set its background.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DetectionSpec {
    /// How the receiver turns power into bits.
    pub model: DetectionModel,
    /// Data rate, bit/s.
    pub data_rate_bps: f64,
    /// Field stop and filter; `None` for a model that rejects background light (coherent).
    pub background: Option<BackgroundFilter>,
}

/// The field stop and optical filter in front of a detector that sees background light.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BackgroundFilter {
    /// Full angle of the circular field stop, rad.
    pub field_of_view_full_rad: f64,
    /// Optical filter bandwidth, nm.
    pub filter_bandwidth_nm: f64,
}

impl Sensitivity {
    /// Sensitivity in dBm at `wavelength_m` when it does not depend on the geometry; `None`
    /// for a detection model (its background changes along the pass).
    pub fn power_dbm(&self, wavelength_m: f64) -> Option<f64> {
        match *self {
            Sensitivity::Dbm(dbm) => Some(dbm),
            Sensitivity::PhotonsPerBit {
                photons_per_bit,
                data_rate_bps,
            } => Some(watts_to_dbm(
                photons_per_bit * photon_energy_j(wavelength_m) * data_rate_bps,
            )),
            Sensitivity::Detection(_) => None,
        }
    }

    fn validate(&self) -> Result<()> {
        match *self {
            // −200 dBm is far below one photon per second at any wavelength allowed (−159 dBm
            // at 1550 nm); 60 dBm = 1 kW.
            Sensitivity::Dbm(s) => require(
                (-200.0..=60.0).contains(&s),
                "sensitivity_dbm",
                s,
                "must be in [-200, 60] dBm",
            ),
            Sensitivity::PhotonsPerBit {
                photons_per_bit: n,
                data_rate_bps: r,
            } => {
                // 0.001 photon/bit is 100× below the best photon-counting PPM receivers.
                require(
                    (1e-3..=1e9).contains(&n),
                    "photons_per_bit",
                    n,
                    "must be in [0.001, 1e9]",
                )?;
                check_data_rate(r)
            }
            Sensitivity::Detection(spec) => {
                check_data_rate(spec.data_rate_bps)?;
                spec.model.validate()
            }
        }
    }
}

/// A receiving terminal (the station telescope for a downlink, the satellite for an uplink).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Receiver {
    /// Aperture diameter D, m.
    pub aperture_m: f64,
    /// Central obscuration ratio γ (obscuration diameter / D), 0 ≤ γ < 1.
    pub obscuration_ratio: f64,
    /// Receive optics efficiency η_r (linear, 0–1).
    pub optics_efficiency: f64,
    /// Sensitivity at the detector.
    pub sensitivity: Sensitivity,
}

impl Receiver {
    /// The REF case of docs/models.md: 0.4 m aperture, no obscuration, η_r = 0.7, 1000 photons per
    /// bit at 1 Gb/s.
    pub const REF: Receiver = Receiver {
        aperture_m: 0.4,
        obscuration_ratio: 0.0,
        optics_efficiency: 0.7,
        sensitivity: Sensitivity::PhotonsPerBit {
            photons_per_bit: 1000.0,
            data_rate_bps: 1e9,
        },
    };

    /// Checks every field against its allowed range (errors keyed by scenario key).
    pub fn validate(&self) -> Result<()> {
        let d = self.aperture_m;
        // 1 mm (smaller than any receiving telescope) to 100 m (larger than any).
        require(
            (1e-3..=MAX_WAIST_M).contains(&d),
            "aperture_m",
            d,
            "must be in [0.001, 100] m",
        )?;
        let g = self.obscuration_ratio;
        require(
            (0.0..1.0).contains(&g),
            "obscuration_ratio",
            g,
            "must be in [0, 1)",
        )?;
        let eta = self.optics_efficiency;
        require(
            eta > 0.0 && eta <= 1.0,
            "rx_optics_efficiency",
            eta,
            "must be in (0, 1]",
        )?;
        self.sensitivity.validate()?;
        match self.sensitivity {
            Sensitivity::Detection(DetectionSpec {
                model,
                background: Some(filter),
                ..
            }) => {
                // A receiver that rejects background light has no field stop to give.
                if !model.uses_background() {
                    return Err(Error::invalid(
                        "field_of_view_urad",
                        filter.field_of_view_full_rad * 1e6,
                        format!("not for {} (it rejects background light)", model.name()),
                    ));
                }
                self.background_receiver(filter).validate()
            }
            _ => Ok(()),
        }
    }

    /// The optics that collect background light through `filter`.
    pub fn background_receiver(&self, filter: BackgroundFilter) -> BackgroundReceiver {
        BackgroundReceiver {
            aperture_m: self.aperture_m,
            obscuration_ratio: self.obscuration_ratio,
            field_of_view_full_rad: filter.field_of_view_full_rad,
            filter_bandwidth_nm: filter.filter_bandwidth_nm,
            optics_efficiency: self.optics_efficiency,
        }
    }

    /// Far-field receive gain G_r = (π·D/λ)²·(1 − γ²) (linear).
    pub fn gain(&self, wavelength_m: f64) -> f64 {
        let x = std::f64::consts::PI * self.aperture_m / wavelength_m;
        x * x * (1.0 - self.obscuration_ratio * self.obscuration_ratio)
    }
}
