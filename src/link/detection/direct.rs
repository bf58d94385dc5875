//! Direct detection of OOK-NRZ on a PIN or APD photodiode, Gaussian approximation.
//!
//! Agrawal, *Fiber-Optic Communication Systems*, 3rd ed. (2002):
//! - noise (§4.4): shot noise σ_s² = 2q·M²·F·(R·P + I_d)·Δf (eq. 4.4.17, F = 1 and M = 1 for
//!   a PIN, eq. 4.4.5), thermal noise σ_T² = i_th²·Δf (i_th the input-referred current noise
//!   density, A/√Hz);
//! - BER (§4.5.1, eqs. 4.5.3–4.5.9): BER = ½·erfc(Q/√2), Q = (I1 − I0)/(σ1 + σ0);
//! - sensitivity (§4.5.2): P_rec = (Q/R)·(q·F·Q·Δf + σ_T/M) without background.
//!
//! Here both levels carry the background P_b and the primary dark current I_d (multiplied by
//! M like the photocurrent); the zero level carries no signal (infinite extinction ratio).
//! With P1 the one-level signal power and P̄ = P1/2 the average power (equiprobable bits):
//!
//! I1 − I0 = M·R·P1, σ0² = 2q·M²·F·(R·P_b + I_d)·Δf + i_th²·Δf, σ1² = σ0² + 2q·M²·F·R·P1·Δf.
//!
//! Q·(σ1 + σ0) = M·R·P1 with σ1² − σ0² = a·P1 (a = 2q·M²·F·R·Δf) gives, dividing
//! (Q⁻¹·M·R·P1 − σ0)² = σ0² + a·P1 by P1, a closed form linear in Q·σ0:
//!
//! P̄ = P1/2 = (Q/R)·(q·F·Q·Δf + σ0/M),
//!
//! which is Agrawal's P_rec when P_b = I_d = 0 (σ0 = σ_T). Electrical bandwidth Δf = R_b/2
//! (NRZ). The APD excess noise factor: McIntyre (1966), F = k·M + (1 − k)·(2 − 1/M).

use super::{check_target_ber, q_of_ber, NoiseTerms, ELEMENTARY_CHARGE_C};
use crate::error::require;
use crate::error::Result;
use crate::units::photon_energy_j;

/// Direct detection of OOK-NRZ (PIN or APD), Gaussian approximation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DirectDetection {
    /// Responsivity R at the wavelength at unity gain, A/W (η·q/(h·ν) for quantum
    /// efficiency η).
    pub responsivity_a_w: f64,
    /// APD gain M (1 for a PIN), dimensionless.
    pub gain: f64,
    /// Excess noise factor F(M) ≥ 1 (1 for a PIN), dimensionless; see
    /// [`mcintyre_excess_noise`].
    pub excess_noise_factor: f64,
    /// Input-referred thermal/amplifier current noise density i_th, A/√Hz (the scenario
    /// gives pA/√Hz).
    pub thermal_noise_a_per_sqrt_hz: f64,
    /// Primary (unmultiplied) dark current I_d, A (the scenario gives nA).
    pub dark_current_a: f64,
    /// Target bit error rate, dimensionless.
    pub target_ber: f64,
}

/// McIntyre's (1966) excess noise factor of an APD of mean gain M and ionization
/// coefficient ratio k (hole/electron for electron injection), F = k·M + (1 − k)·(2 − 1/M):
/// 1 at M = 1, M at k = 1, 2 − 1/M at k = 0. NaN for M < 1 or k outside [0, 1] (never a
/// panic); callers check k with the key `apd_ionization_ratio`.
pub fn mcintyre_excess_noise(gain: f64, ionization_ratio: f64) -> f64 {
    let (m, k) = (gain, ionization_ratio);
    if !(m >= 1.0 && m.is_finite() && (0.0..=1.0).contains(&k)) {
        return f64::NAN;
    }
    // F = kM + (1 − k)(2 − 1/M).
    k * m + (1.0 - k) * (2.0 - 1.0 / m)
}

/// Checks an APD ionization ratio k (key `apd_ionization_ratio`) for the callers of
/// [`mcintyre_excess_noise`]: k is a ratio of two ionization coefficients with the smaller one
/// on top (McIntyre's convention), so 0 ≤ k ≤ 1.
pub(crate) fn check_ionization_ratio(k: f64) -> Result<()> {
    require(
        (0.0..=1.0).contains(&k),
        "apd_ionization_ratio",
        k,
        "must be in [0, 1] (the smaller ionization coefficient over the larger)",
    )
}

/// Largest APD gain: 1e4, beyond the linear-mode gain of any APD (InGaAs 10–30, Si ≲ 1000,
/// HgCdTe ~1e3); higher "gains" are Geiger mode, a photon counter.
const MAX_GAIN: f64 = 1e4;

/// Largest responsivity, A/W: the quantum limit q·λ/(h·c) at the longest wavelength allowed,
/// 20 µm (16.1 A/W); the wavelength's own limit is checked with the operating point.
const MAX_RESPONSIVITY_A_W: f64 = 20.0;

/// Largest thermal noise density, pA/√Hz: 1e4 (10 nA/√Hz), 1000× a 50 Ω load at 300 K
/// (18 pA/√Hz) and far beyond any receiver amplifier (1–20 pA/√Hz).
const MAX_THERMAL_PA: f64 = 1e4;

/// Largest primary dark current, nA: 1e6 (1 mA), far beyond any photodiode (pA–µA).
const MAX_DARK_NA: f64 = 1e6;

impl DirectDetection {
    /// Checks every field (keys `responsivity_a_w`, `apd_gain`, `excess_noise_factor`,
    /// `thermal_noise_pa_per_sqrt_hz` in pA/√Hz, `dark_current_na` in nA, `target_ber`).
    pub(super) fn validate(&self) -> Result<()> {
        let r = self.responsivity_a_w;
        require(
            r > 0.0 && r <= MAX_RESPONSIVITY_A_W,
            "responsivity_a_w",
            r,
            "must be in (0, 20] A/W (at most the quantum limit q·λ/(h·c), 16.1 A/W at 20 µm)",
        )?;
        let m = self.gain;
        require(
            (1.0..=MAX_GAIN).contains(&m),
            "apd_gain",
            m,
            "must be in [1, 10000] (1 for a PIN; a gain below 1 is no multiplication)",
        )?;
        // F ≥ 1: F = ⟨g²⟩/⟨g⟩² of the random gain g. F ≤ M: McIntyre's F(M, k) for
        // 0 ≤ k ≤ 1 is M − (1 − k)(M − 1)²/M ≤ M (= 1 for a PIN).
        let f = self.excess_noise_factor;
        require(
            f >= 1.0 && f <= m,
            "excess_noise_factor",
            f,
            &format!(
                "must be in [1, M] = [1, {m}] (F ≥ 1 for any random gain; McIntyre's F(M, k) \
                 ≤ M, so a PIN has F = 1)"
            ),
        )?;
        let th_pa = self.thermal_noise_a_per_sqrt_hz * 1e12;
        require(
            (0.0..=MAX_THERMAL_PA).contains(&th_pa),
            "thermal_noise_pa_per_sqrt_hz",
            th_pa,
            "must be in [0, 10000] pA/√Hz",
        )?;
        let dark_na = self.dark_current_a * 1e9;
        require(
            (0.0..=MAX_DARK_NA).contains(&dark_na),
            "dark_current_na",
            dark_na,
            "must be in [0, 1000000] nA",
        )?;
        check_target_ber(self.target_ber)
    }

    /// "direct detection (PIN)" at unity gain, "direct detection (APD)" above.
    pub(super) fn name(&self) -> &'static str {
        if self.gain > 1.0 {
            "direct detection (APD)"
        } else {
            "direct detection (PIN)"
        }
    }

    /// The average signal power at the detector for the target BER, W, and the noise terms.
    pub(super) fn operating_point(
        &self,
        wavelength_m: f64,
        data_rate_bps: f64,
        background_w: f64,
    ) -> Result<(f64, NoiseTerms)> {
        let q_e = ELEMENTARY_CHARGE_C;
        // Quantum limit of the responsivity at this wavelength: R ≤ q/(h·ν) (η ≤ 1).
        let r_max = q_e / photon_energy_j(wavelength_m);
        let r = self.responsivity_a_w;
        require(
            r <= r_max * (1.0 + 1e-12),
            "responsivity_a_w",
            r,
            &format!(
                "must be at most the quantum limit q·λ/(h·c) = {r_max:.4} A/W at {:.1} nm \
                 (a quantum efficiency above 1)",
                wavelength_m * 1e9
            ),
        )?;
        let (m, f) = (self.gain, self.excess_noise_factor);
        let q = q_of_ber(self.target_ber);
        // Δf = R_b/2 for NRZ.
        let df = 0.5 * data_rate_bps;
        // Shot noise per unit primary current: 2q·M²·F·Δf (A² per A).
        let shot_per_a = 2.0 * q_e * m * m * f * df;
        let background = shot_per_a * r * background_w;
        let dark = shot_per_a * self.dark_current_a;
        let thermal = self.thermal_noise_a_per_sqrt_hz.powi(2) * df;
        // σ0² = 2q·M²·F·(R·P_b + I_d)·Δf + i_th²·Δf (zero level: background and dark only).
        let sigma0 = (background + dark + thermal).sqrt();
        // P̄ = (Q/R)·(q·F·Q·Δf + σ0/M) (module doc; Agrawal §4.5.2 for P_b = I_d = 0).
        let p_avg = q / r * (q_e * f * q * df + sigma0 / m);
        let p1 = 2.0 * p_avg;
        let terms = NoiseTerms {
            electrical_bandwidth_hz: df,
            signal_current_a: m * r * p1,
            signal_shot_noise_a2: shot_per_a * r * p1,
            background_shot_noise_a2: background,
            dark_noise_a2: dark,
            thermal_noise_a2: thermal,
            q_factor: q,
            ..NoiseTerms::default()
        };
        Ok((p_avg, terms))
    }
}

#[cfg(test)]
impl DirectDetection {
    /// An InGaAs APD: R = 0.9 A/W, M = 10, k = 0.5 (F = 5.95), 2 pA/√Hz, 1 nA, BER 1e-9.
    pub(super) const APD_REF: DirectDetection = DirectDetection {
        responsivity_a_w: 0.9,
        gain: 10.0,
        excess_noise_factor: 5.95,
        thermal_noise_a_per_sqrt_hz: 2e-12,
        dark_current_a: 1e-9,
        target_ber: 1e-9,
    };

    /// An InGaAs PIN with the same amplifier.
    pub(super) const PIN_REF: DirectDetection = DirectDetection {
        gain: 1.0,
        excess_noise_factor: 1.0,
        ..DirectDetection::APD_REF
    };
}

#[cfg(test)]
mod tests {
    use super::super::tests::key_of;
    use super::super::DetectionModel;
    use super::*;

    const WL: f64 = 1550e-9;

    fn sens(d: DirectDetection, rate: f64, bg: f64) -> f64 {
        DetectionModel::DirectDetection(d)
            .sensitivity_w(WL, rate, bg)
            .unwrap()
    }

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn mcintyre_limits_and_value() {
        for k in [0.0, 0.3, 1.0] {
            assert_eq!(mcintyre_excess_noise(1.0, k), 1.0);
        }
        assert!((mcintyre_excess_noise(20.0, 1.0) - 20.0).abs() < 1e-14);
        assert!((mcintyre_excess_noise(20.0, 0.0) - 1.95).abs() < 1e-14);
        // M = 10, k = 0.5: 5 + 0.5·1.9 = 5.95 (APD_REF).
        assert!((mcintyre_excess_noise(10.0, 0.5) - 5.95).abs() < 1e-14);
        assert!(mcintyre_excess_noise(0.5, 0.5).is_nan());
        assert!(mcintyre_excess_noise(10.0, 1.5).is_nan());
        assert!(mcintyre_excess_noise(10.0, f64::NAN).is_nan());
        assert!(check_ionization_ratio(0.7).is_ok());
        for k in [-0.1, 1.01, f64::NAN] {
            let e = check_ionization_ratio(k).unwrap_err();
            assert_eq!(key_of(e), "apd_ionization_ratio");
        }
    }

    #[test]
    fn apd_without_background_is_agrawals_p_rec() {
        // P_rec = (Q/R)(q·F·Q·Δf + σ_T/M) with σ_T = i_th·√Δf; the dark current set to 0.
        let d = DirectDetection {
            dark_current_a: 0.0,
            ..DirectDetection::APD_REF
        };
        for rate in [1e6_f64, 1e9, 1e10] {
            let q = 5.997_807_015; // −Φ⁻¹(1e-9)
            let df = rate / 2.0;
            let sigma_t = d.thermal_noise_a_per_sqrt_hz * df.sqrt();
            let want = q / d.responsivity_a_w
                * (ELEMENTARY_CHARGE_C * d.excess_noise_factor * q * df + sigma_t / d.gain);
            // Q to 1e-9 relative: the result follows to ~2e-9.
            assert!(rel(sens(d, rate, 0.0), want) < 1e-8, "{rate}");
        }
    }

    #[test]
    fn pin_thermal_and_shot_noise_limits() {
        let q = 5.997_807_015;
        // Thermal-limited PIN: P = Q·σ_T/R. The neglected shot term q·Q·Δf is 2.1e-6 of σ_T
        // here (i_th = 10 pA/√Hz at 1 kb/s: σ_T = 2.2e-10 A, q·Q·Δf = 4.8e-16 A), so the closed
        // form holds to that.
        let d = DirectDetection {
            thermal_noise_a_per_sqrt_hz: 10e-12,
            dark_current_a: 0.0,
            ..DirectDetection::PIN_REF
        };
        let df = 500.0_f64;
        let sigma_t = 10e-12 * df.sqrt();
        let neglected = ELEMENTARY_CHARGE_C * q * df / sigma_t;
        assert!(neglected < 3e-6);
        let p = sens(d, 1e3, 0.0);
        assert!(rel(p, q * sigma_t / 0.9) < 1.01 * neglected, "{p}");
        // Shot-noise-limited PIN (no thermal, dark or background noise): P = q·Q²·Δf/R, i.e.
        // Q²/(2η) photons per bit with R = η·q/(h·ν) (18.0 at η = 1, Δf = R_b/2).
        let r_ideal = ELEMENTARY_CHARGE_C / photon_energy_j(WL);
        let d = DirectDetection {
            responsivity_a_w: r_ideal,
            thermal_noise_a_per_sqrt_hz: 0.0,
            dark_current_a: 0.0,
            ..DirectDetection::PIN_REF
        };
        let t = DetectionModel::DirectDetection(d)
            .noise_terms(WL, 1e9, 0.0)
            .unwrap();
        assert!(rel(t.photons_per_bit, q * q / 2.0) < 1e-9, "{t:?}");
    }

    #[test]
    fn the_closed_form_solves_the_q_equation() {
        // With background and dark current: Q = (I1 − I0)/(σ1 + σ0) at the returned power,
        // from the noise terms (an independent evaluation of the definition).
        for d in [DirectDetection::APD_REF, DirectDetection::PIN_REF] {
            for bg in [0.0, 1e-9, 1e-6] {
                let t = DetectionModel::DirectDetection(d)
                    .noise_terms(WL, 2.5e9, bg)
                    .unwrap();
                let s0 = (t.background_shot_noise_a2 + t.dark_noise_a2 + t.thermal_noise_a2).sqrt();
                let s1 = (s0 * s0 + t.signal_shot_noise_a2).sqrt();
                let q = t.signal_current_a / (s1 + s0);
                assert!(rel(q, t.q_factor) < 1e-12, "{d:?} {bg}: {q}");
                assert!(rel(t.q_factor, 5.997_807) < 1e-6);
            }
            // More background needs more signal.
            assert!(sens(d, 2.5e9, 1e-6) > sens(d, 2.5e9, 1e-9));
            assert!(sens(d, 2.5e9, 1e-9) > sens(d, 2.5e9, 0.0));
        }
        // An APD beats the PIN when the amplifier dominates.
        assert!(
            sens(DirectDetection::APD_REF, 1e9, 0.0) < sens(DirectDetection::PIN_REF, 1e9, 0.0)
        );
    }

    #[test]
    fn invalid_parameters_name_their_key() {
        let base = DirectDetection::APD_REF;
        let cases = [
            (
                DirectDetection {
                    responsivity_a_w: 0.0,
                    ..base
                },
                "responsivity_a_w",
            ),
            (
                DirectDetection {
                    responsivity_a_w: 25.0,
                    ..base
                },
                "responsivity_a_w",
            ),
            (DirectDetection { gain: 0.5, ..base }, "apd_gain"),
            (DirectDetection { gain: 2e4, ..base }, "apd_gain"),
            (
                DirectDetection {
                    excess_noise_factor: 0.9,
                    ..base
                },
                "excess_noise_factor",
            ),
            (
                DirectDetection {
                    excess_noise_factor: 11.0,
                    ..base
                },
                "excess_noise_factor",
            ),
            (
                DirectDetection {
                    gain: 1.0,
                    excess_noise_factor: 1.5,
                    ..base
                },
                "excess_noise_factor",
            ),
            (
                DirectDetection {
                    thermal_noise_a_per_sqrt_hz: -1e-12,
                    ..base
                },
                "thermal_noise_pa_per_sqrt_hz",
            ),
            (
                DirectDetection {
                    dark_current_a: f64::NAN,
                    ..base
                },
                "dark_current_na",
            ),
            (
                DirectDetection {
                    target_ber: 0.5,
                    ..base
                },
                "target_ber",
            ),
            (
                DirectDetection {
                    target_ber: 1e-20,
                    ..base
                },
                "target_ber",
            ),
        ];
        for (d, key) in cases {
            let e = DetectionModel::DirectDetection(d).validate().unwrap_err();
            let text = e.to_string();
            assert!(text.starts_with(key), "{text}");
        }
        // Values are reported in the scenario's units: pA/√Hz and nA.
        let e = DetectionModel::DirectDetection(DirectDetection {
            thermal_noise_a_per_sqrt_hz: 2e-8,
            ..base
        })
        .validate()
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("thermal_noise_pa_per_sqrt_hz = 20000 "),
            "{e}"
        );
        let e = DetectionModel::DirectDetection(DirectDetection {
            dark_current_a: -2e-9,
            ..base
        })
        .validate()
        .unwrap_err();
        assert!(e.to_string().starts_with("dark_current_na = -2 "), "{e}");
        // A responsivity above q·λ/(h·c) (1.25 A/W at 1550 nm) is caught at the wavelength.
        let d = DetectionModel::DirectDetection(DirectDetection {
            responsivity_a_w: 1.3,
            ..base
        });
        assert!(d.validate().is_ok());
        assert_eq!(
            key_of(d.sensitivity_w(WL, 1e9, 0.0).unwrap_err()),
            "responsivity_a_w"
        );
        assert!(d.sensitivity_w(2000e-9, 1e9, 0.0).is_ok());
    }
}
