//! Shot-noise-limited coherent (and DPSK) receivers behind a single-mode fibre.
//!
//! With N photons per bit at the detector and quantum efficiency η (ηN photoelectrons per
//! bit), local-oscillator shot noise (homodyne, heterodyne) or signal shot noise (DPSK)
//! limits the BER:
//!
//! - BPSK homodyne: BER = ½·erfc(√(2ηN)), i.e. Q = 2√(ηN): 9 photons/bit at 1e-9
//!   (S. Kumar, M. J. Deen, *Fiber Optic Communications: Fundamentals and Applications*,
//!   Wiley 2014, §7.5, eq. 7.63);
//! - BPSK (synchronous) heterodyne: BER = ½·erfc(√(ηN)), the homodyne result with the 3 dB
//!   heterodyne penalty: 18 photons/bit;
//! - DPSK (delay-line interferometer, balanced detection): BER = ½·exp(−ηN): 20 photons/bit
//!   (−ln(2·10⁻⁹) = 20.03).
//!
//! (The last two are the standard shot-noise limits, e.g. Agrawal, *Fiber-Optic Communication
//! Systems*, 4th ed. 2010, ch. 10; their equation numbers are not verified here.)
//!
//! Inverting: ηN = Q²/4 (homodyne), Q²/2 (heterodyne) with Q = −Φ⁻¹(BER), and
//! ηN = −ln(2·BER) (DPSK). The sensitivity is P = 10^(L/10)·N·h·ν·R_b with the implementation
//! loss L (dB) multiplying the power. The power is that **after** the fibre coupling
//! ([`super::fibre_coupling_efficiency`] gives the mean coupling the budget applies before).

use super::{check_efficiency, check_implementation_loss, check_target_ber, q_of_ber, NoiseTerms};
use crate::error::require;
use crate::error::Result;
use crate::units::photon_energy_j;

/// Modulation and demodulation of a coherent receiver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CoherentModulation {
    /// Binary phase-shift keying, homodyne (phase-locked local oscillator) detection.
    BpskHomodyne,
    /// Binary phase-shift keying, synchronous heterodyne detection.
    BpskHeterodyne,
    /// Differential phase-shift keying, delay-line interferometer and balanced detection.
    Dpsk,
}

impl CoherentModulation {
    /// Short name for tables.
    pub(super) fn name(&self) -> &'static str {
        match self {
            CoherentModulation::BpskHomodyne => "coherent BPSK (homodyne)",
            CoherentModulation::BpskHeterodyne => "coherent BPSK (heterodyne)",
            CoherentModulation::Dpsk => "DPSK (delay-line, balanced)",
        }
    }

    /// Photoelectrons per bit ηN at `ber` (module doc).
    fn photoelectrons_per_bit(&self, ber: f64) -> f64 {
        match self {
            // ½erfc(√(2ηN)) = Φ(−2√(ηN)) ⇒ ηN = Q²/4.
            CoherentModulation::BpskHomodyne => 0.25 * q_of_ber(ber).powi(2),
            // ½erfc(√(ηN)) = Φ(−√(2ηN)) ⇒ ηN = Q²/2.
            CoherentModulation::BpskHeterodyne => 0.5 * q_of_ber(ber).powi(2),
            // ½exp(−ηN) ⇒ ηN = −ln(2·BER).
            CoherentModulation::Dpsk => -(2.0 * ber).ln(),
        }
    }
}

/// A single-mode-fibre coherent (or DPSK) receiver at the shot-noise limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoherentReceiver {
    /// Modulation and demodulation.
    pub modulation: CoherentModulation,
    /// Quantum efficiency η of the detectors, (0, 1], dimensionless.
    pub quantum_efficiency: f64,
    /// Implementation loss against the shot-noise limit (multiplies the power), dB, ≥ 0.
    pub implementation_loss_db: f64,
    /// Target bit error rate, dimensionless.
    pub target_ber: f64,
    /// Noll modes corrected by adaptive optics before the fibre (0 = none; 1 = piston only,
    /// the same for one aperture; 3 = tip-tilt), count. Used by
    /// [`super::fibre_coupling_efficiency`], not by the sensitivity.
    pub ao_corrected_modes: u32,
}

/// Most AO-corrected modes: 10000, beyond the largest adaptive optics built or planned
/// (extreme AO on 8–40 m telescopes corrects a few thousand modes).
const MAX_AO_MODES: u32 = 10_000;

impl CoherentReceiver {
    /// Checks every field (keys `quantum_efficiency`, `implementation_loss_db`, `target_ber`,
    /// `ao_corrected_modes`).
    pub(super) fn validate(&self) -> Result<()> {
        check_efficiency(self.quantum_efficiency, "quantum_efficiency")?;
        check_implementation_loss(self.implementation_loss_db)?;
        check_target_ber(self.target_ber)?;
        require(
            self.ao_corrected_modes <= MAX_AO_MODES,
            "ao_corrected_modes",
            self.ao_corrected_modes as f64,
            "must be in [0, 10000] (Noll modes; 0 = no adaptive optics)",
        )
    }

    /// The power at the detector (after the fibre) for the target BER, W, and the noise terms.
    pub(super) fn operating_point(
        &self,
        wavelength_m: f64,
        data_rate_bps: f64,
    ) -> (f64, NoiseTerms) {
        let n = self.modulation.photoelectrons_per_bit(self.target_ber) / self.quantum_efficiency;
        // P = 10^(L/10)·N·h·ν·R_b.
        let loss = 10f64.powf(self.implementation_loss_db / 10.0);
        let p = loss * n * photon_energy_j(wavelength_m) * data_rate_bps;
        let terms = NoiseTerms {
            q_factor: q_of_ber(self.target_ber),
            ..NoiseTerms::default()
        };
        (p, terms)
    }
}

#[cfg(test)]
impl CoherentReceiver {
    /// Ideal homodyne BPSK at 1e-9, no AO.
    pub(super) const REF: CoherentReceiver = CoherentReceiver {
        modulation: CoherentModulation::BpskHomodyne,
        quantum_efficiency: 1.0,
        implementation_loss_db: 0.0,
        target_ber: 1e-9,
        ao_corrected_modes: 0,
    };
}

#[cfg(test)]
mod tests {
    use super::super::DetectionModel;
    use super::*;

    fn photons_per_bit(c: CoherentReceiver, ber: f64) -> f64 {
        let c = CoherentReceiver {
            target_ber: ber,
            ..c
        };
        DetectionModel::Coherent(c)
            .noise_terms(1550e-9, 1e9, 0.0)
            .unwrap()
            .photons_per_bit
    }

    #[test]
    fn quantum_limits_at_1e_9() {
        // Textbook values: 9 (homodyne), 18 (heterodyne), 20 (DPSK) photons per bit; exact:
        // Q²/4 = 8.9934, Q²/2 = 17.987, −ln(2e-9) = 20.030 with Q = 5.997807.
        let mut c = CoherentReceiver::REF;
        for (m, exact, textbook) in [
            (CoherentModulation::BpskHomodyne, 8.993_42, 9.0),
            (CoherentModulation::BpskHeterodyne, 17.986_8, 18.0),
            (CoherentModulation::Dpsk, 20.030_1, 20.0),
        ] {
            c.modulation = m;
            let n = photons_per_bit(c, 1e-9);
            assert!((n - exact).abs() < 2e-4, "{m:?}: {n}");
            assert!((n - textbook).abs() < 0.04, "{m:?}: {n}");
        }
    }

    #[test]
    fn inversion_reproduces_the_ber() {
        // Independent check through erfc/exp (not norm_quantile): BER(N) = target.
        for ber in [1e-3, 1e-6, 1e-12] {
            for eta in [1.0, 0.6] {
                let mut c = CoherentReceiver {
                    quantum_efficiency: eta,
                    ..CoherentReceiver::REF
                };
                let got = |c: CoherentReceiver| eta * photons_per_bit(c, ber);
                let en = got(c);
                let b = 0.5 * libm::erfc((2.0 * en).sqrt());
                assert!(((b - ber) / ber).abs() < 1e-9, "homodyne {ber}: {b}");
                c.modulation = CoherentModulation::BpskHeterodyne;
                let en = got(c);
                let b = 0.5 * libm::erfc(en.sqrt());
                assert!(((b - ber) / ber).abs() < 1e-9, "heterodyne {ber}: {b}");
                c.modulation = CoherentModulation::Dpsk;
                let b = 0.5 * (-got(c)).exp();
                assert!(((b - ber) / ber).abs() < 1e-12, "DPSK {ber}: {b}");
            }
        }
    }

    #[test]
    fn loss_and_efficiency_scale_the_power_and_background_is_ignored() {
        let base = DetectionModel::Coherent(CoherentReceiver::REF);
        let p0 = base.sensitivity_w(1550e-9, 1e9, 0.0).unwrap();
        assert_eq!(base.sensitivity_w(1550e-9, 1e9, 1e-6).unwrap(), p0);
        let lossy = DetectionModel::Coherent(CoherentReceiver {
            implementation_loss_db: 3.0,
            quantum_efficiency: 0.5,
            ..CoherentReceiver::REF
        });
        let p = lossy.sensitivity_w(1550e-9, 1e9, 0.0).unwrap();
        assert!((p / p0 - 2.0 * 10f64.powf(0.3)).abs() < 1e-12, "{}", p / p0);
    }

    #[test]
    fn invalid_parameters_name_their_key() {
        let b = CoherentReceiver::REF;
        for (c, key) in [
            (
                CoherentReceiver {
                    quantum_efficiency: 1.2,
                    ..b
                },
                "quantum_efficiency",
            ),
            (
                CoherentReceiver {
                    quantum_efficiency: 0.0,
                    ..b
                },
                "quantum_efficiency",
            ),
            (
                CoherentReceiver {
                    implementation_loss_db: -1.0,
                    ..b
                },
                "implementation_loss_db",
            ),
            (
                CoherentReceiver {
                    target_ber: 0.2,
                    ..b
                },
                "target_ber",
            ),
            (
                CoherentReceiver {
                    ao_corrected_modes: 20_000,
                    ..b
                },
                "ao_corrected_modes",
            ),
        ] {
            let e = DetectionModel::Coherent(c)
                .validate()
                .unwrap_err()
                .to_string();
            assert!(e.starts_with(key), "{e}");
        }
    }
}
