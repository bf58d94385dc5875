//! Receiver detection models: how the power at the detector becomes bits, and the power a
//! receiver needs (its sensitivity) for a data rate and a background level.
//!
//! Three receivers (docs/models.md, "Receivers (detection models)"):
//!
//! - **Direct detection of OOK-NRZ** with a PIN or an avalanche photodiode (APD), in the
//!   Gaussian approximation: G. P. Agrawal, *Fiber-Optic Communication Systems*, 3rd ed.
//!   (Wiley, 2002), §4.4 (noise: APD shot noise σ_s² = 2q·M²·F_A·(R·P_in + I_d)·Δf, eq. 4.4.17;
//!   thermal noise σ_T²) and §4.5 (BER = ½·erfc(Q/√2) with Q = (I1 − I0)/(σ1 + σ0),
//!   eqs. 4.5.3–4.5.9; the minimum received power P_rec = (Q/R)·(q·F_A·Q·Δf + σ_T/M) of
//!   §4.5.2, which the closed form here reduces to without background). The APD excess noise
//!   F(M) = k·M + (1 − k)·(2 − 1/M): R. J. McIntyre, "Multiplication noise in uniform
//!   avalanche diodes", IEEE Trans. Electron Devices ED-13(1), 164–168 (1966). See
//!   [`DirectDetection`].
//! - **Photon-counting M-PPM** (CCSDS 142.0-B "High Photon Efficiency" style) at the Poisson
//!   channel capacity plus an implementation loss: B. Moision, J. Hamkins, "Deep-space
//!   optical communications downlink budget: modulation and coding", IPN Progress Report
//!   42-154 (2003), §III, the soft-decision capacity
//!   C = log2 M − E[log2 Σ_j L(k_j)/L(k_1)] (the same form as eq. 11 of Dolinar, Divsalar,
//!   Hamkins & Pollara, TMO Progress Report 42-142, 2000), and its noiseless limit
//!   C = log2 M·(1 − e^(−n_s)) (McEliece 1981; eq. 7 of Hamkins, TMO PR 42-138, 1999). See
//!   [`PpmReceiver`].
//! - **Coherent / single-mode-fibre receivers** (BPSK homodyne, BPSK heterodyne, DPSK) at the
//!   shot-noise limit, with the mean single-mode-fibre coupling through turbulence of
//!   Y. Dikmelik, F. M. Davidson, Appl. Opt. 44(23), 4946–4952 (2005), and adaptive-optics
//!   correction from R. J. Noll, JOSA 66(3), 207–211 (1976), Table IV. See
//!   [`CoherentReceiver`] and [`fibre_coupling_efficiency`].
//!
//! Every model gives the optical power **at the detector** (after the receive optics; for a
//! fibre receiver after the fibre coupling) that reaches its target: a bit error rate, or, for
//! PPM, the data rate at capacity. The link budget divides by the optics and coupling
//! efficiencies itself.
//!
//! **Not modelled:** the random fluctuation (fading) of the fibre-coupled power. Its
//! distribution depends on the scintillation and the residual phase statistics together; no
//! closed form could be verified here, so only the mean coupling is given and the fading of
//! the collected power (channel::fading) is the only fade.

mod coherent;
mod direct;
mod fibre;
mod ppm;

pub use coherent::{CoherentModulation, CoherentReceiver};
pub(crate) use direct::check_ionization_ratio;
pub use direct::{mcintyre_excess_noise, DirectDetection};
pub use fibre::fibre_coupling_efficiency;
pub use ppm::PpmReceiver;

use crate::error::require;
use crate::error::Result;
use crate::link::ranges::{check_data_rate, check_wavelength};
use crate::numerics::norm_quantile;
use crate::units::photon_energy_j;

/// Elementary charge q, C (exact, SI definition).
pub(crate) const ELEMENTARY_CHARGE_C: f64 = 1.602_176_634e-19;

/// How the receiver turns power into bits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DetectionModel {
    /// OOK-NRZ on a PIN or APD photodiode, Gaussian approximation.
    DirectDetection(DirectDetection),
    /// Photon-counting M-PPM at capacity plus an implementation loss.
    PhotonCountingPpm(PpmReceiver),
    /// A single-mode-fibre coherent (or DPSK) receiver at the shot-noise limit.
    Coherent(CoherentReceiver),
}

/// The noise terms behind a sensitivity (for the budget sheet and JSON). Terms a model does
/// not have are 0.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct NoiseTerms {
    /// Electrical (noise) bandwidth Δf, Hz (direct detection: R_b/2 for NRZ).
    pub electrical_bandwidth_hz: f64,
    /// Signal current I1 − I0 = M·R·P1 between the one and zero levels, A.
    pub signal_current_a: f64,
    /// Shot-noise variance of the signal on the one level, 2q·M²·F·R·P1·Δf, A².
    pub signal_shot_noise_a2: f64,
    /// Shot-noise variance of the background (on both levels), 2q·M²·F·R·P_b·Δf, A².
    pub background_shot_noise_a2: f64,
    /// Shot-noise variance of the multiplied dark current, 2q·M²·F·I_d·Δf, A².
    pub dark_noise_a2: f64,
    /// Thermal (amplifier) noise variance i_th²·Δf, A².
    pub thermal_noise_a2: f64,
    /// Q factor of the target BER, Q = −Φ⁻¹(BER) (BER = ½·erfc(Q/√2)); 0 for PPM.
    pub q_factor: f64,
    /// PPM: detected signal photons (photoelectrons) in the pulsed slot at the sensitivity
    /// power, n_s (including the implementation loss), counts/slot.
    pub signal_photons_per_slot: f64,
    /// PPM: detected background photons per slot, η·P_b·T_s/(h·ν), counts/slot.
    pub background_counts_per_slot: f64,
    /// PPM: dark counts per slot, dark rate × T_s, counts/slot.
    pub dark_counts_per_slot: f64,
    /// PPM: information per PPM symbol the sensitivity carries, R_b·(M + guard)·T_s,
    /// bits/symbol.
    pub bits_per_symbol: f64,
    /// Photons per bit incident on the detector at the sensitivity power, P/(h·ν·R_b).
    pub photons_per_bit: f64,
}

impl NoiseTerms {
    /// Every term with its JSON key (unit in the name), in the order of the fields.
    pub fn named_values(&self) -> [(&'static str, f64); 12] {
        [
            ("electrical_bandwidth_hz", self.electrical_bandwidth_hz),
            ("signal_current_a", self.signal_current_a),
            ("signal_shot_noise_a2", self.signal_shot_noise_a2),
            ("background_shot_noise_a2", self.background_shot_noise_a2),
            ("dark_noise_a2", self.dark_noise_a2),
            ("thermal_noise_a2", self.thermal_noise_a2),
            ("q_factor", self.q_factor),
            ("signal_photons_per_slot", self.signal_photons_per_slot),
            (
                "background_counts_per_slot",
                self.background_counts_per_slot,
            ),
            ("dark_counts_per_slot", self.dark_counts_per_slot),
            ("bits_per_symbol", self.bits_per_symbol),
            ("photons_per_bit", self.photons_per_bit),
        ]
    }
}

/// Largest background power at the detector, W: 1 W is far beyond any sky or Sun background
/// through a receiver's field of view and filter (nW–µW); it only catches wrong units.
const MAX_BACKGROUND_W: f64 = 1.0;

/// Checks a target BER (key `target_ber`): in [1e-15, 0.1]. Below 1e-15 no link is specified
/// (and the Gaussian tails stop meaning anything); above 0.1 no decoder recovers the data
/// (soft-decision FEC thresholds are ~2e-2).
fn check_target_ber(ber: f64) -> Result<()> {
    require(
        (1e-15..=0.1).contains(&ber),
        "target_ber",
        ber,
        "must be in [1e-15, 0.1]",
    )
}

/// Checks an implementation loss (key `implementation_loss_db`): in [0, 20] dB. No real code
/// and receiver beat the ideal (≥ 0); 20 dB is beyond even uncoded operation.
fn check_implementation_loss(db: f64) -> Result<()> {
    require(
        (0.0..=20.0).contains(&db),
        "implementation_loss_db",
        db,
        "must be in [0, 20] dB (0 is the ideal receiver; a real one needs more power)",
    )
}

/// Checks an efficiency in (0, 1] under `key` (a detector cannot count more photons than
/// arrive, and one that counts none is no receiver).
fn check_efficiency(eta: f64, key: &str) -> Result<()> {
    require(eta > 0.0 && eta <= 1.0, key, eta, "must be in (0, 1]")
}

/// The Q factor of a BER: BER = ½·erfc(Q/√2) = Φ(−Q), so Q = −Φ⁻¹(BER).
fn q_of_ber(ber: f64) -> f64 {
    -norm_quantile(ber)
}

/// Checks the operating point (wavelength, data rate, background) of a sensitivity call.
fn check_operating_point(wavelength_m: f64, data_rate_bps: f64, background_w: f64) -> Result<()> {
    // The transmitter's and the sensitivity's own ranges.
    check_wavelength(wavelength_m)?;
    check_data_rate(data_rate_bps)?;
    require(
        (0.0..=MAX_BACKGROUND_W).contains(&background_w),
        "background_w",
        background_w,
        "must be in [0, 1] W (background optical power at the detector)",
    )
}

impl DetectionModel {
    /// Checks every parameter; errors keyed by the scenario key names (`responsivity_a_w`,
    /// `apd_gain`, `excess_noise_factor`, `thermal_noise_pa_per_sqrt_hz`, `dark_current_na`,
    /// `target_ber`, `ppm_order`, `slot_width_ns`, `guard_slots`, `detection_efficiency`,
    /// `dark_count_rate_hz`, `implementation_loss_db`, `quantum_efficiency`,
    /// `ao_corrected_modes`), the value as the scenario gives it (pA/√Hz, nA, ns) and what
    /// is allowed.
    pub fn validate(&self) -> Result<()> {
        match self {
            DetectionModel::DirectDetection(d) => d.validate(),
            DetectionModel::PhotonCountingPpm(p) => p.validate(),
            DetectionModel::Coherent(c) => c.validate(),
        }
    }

    /// Short name for tables: "direct detection (APD)", "direct detection (PIN)",
    /// "photon-counting 16-PPM", "coherent BPSK (homodyne)", "coherent BPSK (heterodyne)",
    /// "DPSK (delay-line, balanced)".
    pub fn name(&self) -> String {
        match self {
            DetectionModel::DirectDetection(d) => d.name().to_string(),
            DetectionModel::PhotonCountingPpm(p) => format!("photon-counting {}-PPM", p.order),
            DetectionModel::Coherent(c) => c.modulation.name().to_string(),
        }
    }

    /// Optical signal power at the detector (W, after the receive optics and, for coherent,
    /// after the fibre coupling) that reaches the target BER (or, for PPM, carries
    /// `data_rate_bps` at capacity + implementation loss) with `background_w` of background
    /// optical power at the detector (ignored by the coherent receivers, see
    /// [`DetectionModel::uses_background`]).
    ///
    /// Errors: an invalid parameter ([`DetectionModel::validate`]), a wavelength outside
    /// [200, 20000] nm (`wavelength_nm`), a data rate outside [1, 1e15] bit/s or one the
    /// receiver cannot carry (`data_rate_bps`: for PPM at or above the uncoded rate
    /// log2(M)/((M + guard)·T_s)), a background outside [0, 1] W (`background_w`), a
    /// responsivity above the quantum limit q·λ/(h·c) at this wavelength
    /// (`responsivity_a_w`).
    pub fn sensitivity_w(
        &self,
        wavelength_m: f64,
        data_rate_bps: f64,
        background_w: f64,
    ) -> Result<f64> {
        Ok(self
            .operating_point(wavelength_m, data_rate_bps, background_w)?
            .0)
    }

    /// Whether background light matters: true for direct detection and photon counting,
    /// false for the coherent (single-mode-fibre) receivers. A single-mode fibre accepts one
    /// spatial mode (per polarisation), and the receiver's electrical bandwidth (~R_b) one
    /// temporal mode per bit: a diffuse background delivers its spectral radiance × λ² ×
    /// bandwidth into that mode, far below one photon per mode even for the daytime sky,
    /// against the ~10–100 signal photons per bit of these receivers. (Heterodyne and
    /// homodyne detection additionally reject everything outside the local oscillator's
    /// mode and the IF band.)
    pub fn uses_background(&self) -> bool {
        !matches!(self, DetectionModel::Coherent(_))
    }

    /// The largest background power at the detector (W) the model describes at
    /// `wavelength_m`: beyond it the detector is saturated (blinded), e.g. by the Sun in its
    /// field. A photon counter takes at most 100 noise counts per slot; the other models
    /// accept up to 1 W.
    pub fn saturation_background_w(&self, wavelength_m: f64) -> f64 {
        match self {
            DetectionModel::PhotonCountingPpm(p) => {
                MAX_BACKGROUND_W.min(p.saturation_background_w(wavelength_m))
            }
            _ => MAX_BACKGROUND_W,
        }
    }

    /// The sensitivity (W, as [`DetectionModel::sensitivity_w`]) and its noise terms (same
    /// arguments and errors).
    pub fn operating_point(
        &self,
        wavelength_m: f64,
        data_rate_bps: f64,
        background_w: f64,
    ) -> Result<(f64, NoiseTerms)> {
        self.validate()?;
        check_operating_point(wavelength_m, data_rate_bps, background_w)?;
        let (power_w, mut terms) = match self {
            DetectionModel::DirectDetection(d) => {
                d.operating_point(wavelength_m, data_rate_bps, background_w)?
            }
            DetectionModel::PhotonCountingPpm(p) => {
                p.operating_point(wavelength_m, data_rate_bps, background_w)?
            }
            DetectionModel::Coherent(c) => c.operating_point(wavelength_m, data_rate_bps),
        };
        // N = P/(h·ν·R_b), photons per bit at the detector.
        terms.photons_per_bit = power_w / (photon_energy_j(wavelength_m) * data_rate_bps);
        Ok((power_w, terms))
    }
}

#[cfg(test)]
impl DetectionModel {
    /// The noise terms of [`DetectionModel::operating_point`] (the tests' shorthand).
    pub(crate) fn noise_terms(
        &self,
        wavelength_m: f64,
        data_rate_bps: f64,
        background_w: f64,
    ) -> Result<NoiseTerms> {
        Ok(self
            .operating_point(wavelength_m, data_rate_bps, background_w)?
            .1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    /// The key of an `InvalidParameter` error (panics on any other error).
    pub(super) fn key_of(e: Error) -> String {
        match e {
            Error::InvalidParameter { key, .. } => key,
            other => panic!("not an invalid parameter: {other}"),
        }
    }

    fn models() -> [DetectionModel; 3] {
        [
            DetectionModel::DirectDetection(DirectDetection::APD_REF),
            DetectionModel::PhotonCountingPpm(PpmReceiver::REF),
            DetectionModel::Coherent(CoherentReceiver::REF),
        ]
    }

    #[test]
    fn names_and_background_use() {
        let names: Vec<String> = models().iter().map(|m| m.name()).collect();
        assert_eq!(
            names,
            [
                "direct detection (APD)",
                "photon-counting 16-PPM",
                "coherent BPSK (homodyne)"
            ]
        );
        let pin = DetectionModel::DirectDetection(DirectDetection::PIN_REF);
        assert_eq!(pin.name(), "direct detection (PIN)");
        let uses: Vec<bool> = models().iter().map(|m| m.uses_background()).collect();
        assert_eq!(uses, [true, true, false]);
    }

    #[test]
    fn operating_point_is_checked_for_every_model() {
        for m in models() {
            assert!(m.validate().is_ok(), "{m:?}");
            let ok = m.sensitivity_w(1550e-9, 1e6, 1e-12).unwrap();
            assert!(ok > 0.0 && ok.is_finite(), "{m:?}: {ok}");
            for (wl, rate, bg, key) in [
                (100e-9, 1e6, 0.0, "wavelength_nm"),
                (f64::NAN, 1e6, 0.0, "wavelength_nm"),
                (1550e-9, 0.5, 0.0, "data_rate_bps"),
                (1550e-9, f64::INFINITY, 0.0, "data_rate_bps"),
                (1550e-9, 1e6, -1e-9, "background_w"),
                (1550e-9, 1e6, f64::NAN, "background_w"),
            ] {
                let e = m.sensitivity_w(wl, rate, bg).unwrap_err();
                assert_eq!(key_of(e), key, "{m:?}");
                assert!(m.noise_terms(wl, rate, bg).is_err());
            }
        }
    }

    #[test]
    fn photons_per_bit_is_power_over_photon_rate() {
        for m in models() {
            let (wl, rate) = (1550e-9, 1e6);
            let p = m.sensitivity_w(wl, rate, 0.0).unwrap();
            let t = m.noise_terms(wl, rate, 0.0).unwrap();
            let want = p / (photon_energy_j(wl) * rate);
            assert!((t.photons_per_bit / want - 1.0).abs() < 1e-14, "{m:?}");
        }
        // The Q factor of 1e-9: 5.9978 (Φ⁻¹(1e-9) = −5.997807, A&S table 26.1 / R qnorm).
        assert!((q_of_ber(1e-9) - 5.997_807).abs() < 1e-5);
    }
}
