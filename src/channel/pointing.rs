//! Pointing-error loss (docs/models.md §4).
//!
//! Far-field angular jitter (satellite downlink): the transmitted Gaussian beam, 1/e²
//! half-angle θ, is mispointed by θ_e; the loss is L_p = exp(−2θ_e²/θ²).
//! - Zero bias, equal per-axis rms σ: θ_e is Rayleigh, P(L_p ≤ x) = x^β with β = θ²/(4σ²);
//!   E[L_p] = β/(β + 1); P(loss > L dB) = 10^(−β·L/10) (Toyoshima et al., JOSA A 19(3):567,
//!   2002).
//! - Static bias b (boresight error) and σ: θ_e is Rice, P(L_p ≤ x) = Q1(b/σ, θ_x/σ) with
//!   θ_x = θ·sqrt(ln(1/x)/2) (Marcum Q, see `numerics`), and
//!   E[L_p] = β/(β + 1)·exp(−(2b²/θ²)·β/(β + 1)) (Gaussian integral of exp(−2|v|²/θ²) over
//!   v ~ N((b, 0), σ²·I)).
//! - Unequal axes (Hoyt) are not modelled: [`PointingJitter`] has one σ for both axes.
//!
//! Receiver-plane model (Farid & Hranilovic, JLT 25(7):1702, 2007, eqs 7–11): a Gaussian beam
//! of radius w on a circular aperture of radius a displaced radially by r:
//! h_p(r) ≈ A0·exp(−2r²/w_zeq²), v = sqrt(π)·a/(sqrt(2)·w), A0 = erf(v)²,
//! w_zeq² = w²·sqrt(π)·erf(v)/(2v·exp(−v²)); with r Rayleigh(σ_s), F(h) = (h/A0)^(ξ²),
//! ξ = w_zeq/(2σ_s). A0 *is* the geometric collection: do not also apply a geometric loss.

use crate::error::{Error, Result};
use crate::numerics::marcum_q1;
use crate::random::Stream;

/// Far-field angular pointing jitter of a transmitter (angles in rad).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointingJitter {
    /// Beam divergence as the 1/e² half-angle θ, rad (> 0).
    pub divergence_half_rad: f64,
    /// Per-axis rms of the random pointing error σ, rad (≥ 0); both axes equal.
    pub sigma_rad: f64,
    /// Static boresight bias b, rad (≥ 0).
    pub bias_rad: f64,
}

impl PointingJitter {
    /// Checks θ ∈ [1e-10, 1] rad, σ = 0 or σ ∈ [1e-9, 1] rad, b ∈ [0, 1] rad. The lower ends
    /// keep k = 2/θ² and β = θ²/(4σ²) finite (θ = 0.1 nrad is below the diffraction limit of
    /// a 100 m aperture at 200 nm; σ = 1 nrad is 100× below the best flight terminals).
    pub fn validate(&self) -> Result<()> {
        let t = self.divergence_half_rad;
        if !(1e-10..=1.0).contains(&t) {
            return Err(Error::invalid(
                "divergence_half_rad",
                t,
                "must be in [1e-10, 1] rad",
            ));
        }
        let sigma = self.sigma_rad;
        if !(sigma == 0.0 || (1e-9..=1.0).contains(&sigma)) {
            return Err(Error::invalid(
                "pointing_jitter_rad",
                sigma,
                "must be 0 or in [1e-9, 1] rad",
            ));
        }
        let b = self.bias_rad;
        if !(0.0..=1.0).contains(&b) {
            return Err(Error::invalid(
                "pointing_bias_rad",
                b,
                "must be in [0, 1] rad",
            ));
        }
        Ok(())
    }

    /// β = θ²/(4σ²) (dimensionless; +∞ without jitter).
    pub fn beta(&self) -> f64 {
        let t = self.divergence_half_rad;
        t * t / (4.0 * self.sigma_rad * self.sigma_rad)
    }

    /// Mean loss E(L_p) (linear factor ≤ 1), Rayleigh or Rice (see the module doc).
    pub fn mean_loss(&self) -> f64 {
        let bias = 2.0 * (self.bias_rad / self.divergence_half_rad).powi(2);
        if self.sigma_rad == 0.0 {
            return (-bias).exp();
        }
        let r = self.beta() / (self.beta() + 1.0);
        r * (-bias * r).exp()
    }

    /// P(L_p ≤ x) for a linear loss factor x (NaN for invalid parameters).
    pub fn loss_cdf(&self, x: f64) -> f64 {
        match self.sampler() {
            Ok(s) if !x.is_nan() => s.ln_loss_cdf(x.ln()),
            _ => f64::NAN,
        }
    }

    /// Precomputes the sampler of ln L_p; fails on invalid parameters.
    pub(crate) fn sampler(&self) -> Result<PointingSampler> {
        self.validate()?;
        let k = 2.0 / (self.divergence_half_rad * self.divergence_half_rad);
        Ok(if self.sigma_rad == 0.0 {
            PointingSampler::Fixed {
                ln_loss: -k * self.bias_rad * self.bias_rad,
            }
        } else if self.bias_rad == 0.0 {
            PointingSampler::Rayleigh {
                beta: self.beta(),
                inv_beta: 1.0 / self.beta(),
            }
        } else {
            PointingSampler::Rice {
                k,
                bias_rad: self.bias_rad,
                sigma_rad: self.sigma_rad,
                divergence_half_rad: self.divergence_half_rad,
            }
        })
    }
}

/// A ready sampler of ln L_p (see [`PointingJitter::sampler`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum PointingSampler {
    /// No jitter: a fixed loss from the bias, ln L_p = −2b²/θ².
    Fixed {
        /// ln L_p.
        ln_loss: f64,
    },
    /// Zero bias: ln L_p = −E/β, E ~ Exp(1) (θ_e² = 2σ²·E, E = −ln U), drawn by the
    /// ziggurat method (`rand_distr::Exp1`, no logarithm on the fast path).
    Rayleigh {
        /// β = θ²/(4σ²).
        beta: f64,
        /// 1/β.
        inv_beta: f64,
    },
    /// Bias and jitter: ln L_p = −k·[(b + σ·Z1)² + (σ·Z2)²], k = 2/θ².
    Rice {
        /// k = 2/θ², rad⁻².
        k: f64,
        /// Bias b, rad.
        bias_rad: f64,
        /// Per-axis rms σ, rad.
        sigma_rad: f64,
        /// 1/e² half-angle θ, rad.
        divergence_half_rad: f64,
    },
}

impl PointingSampler {
    /// One draw of ln L_p (natural log of the linear loss factor, ≤ 0).
    #[inline(always)]
    pub(crate) fn sample_ln(&self, rng: &mut Stream) -> f64 {
        match *self {
            PointingSampler::Fixed { ln_loss } => ln_loss,
            PointingSampler::Rayleigh { inv_beta, .. } => -inv_beta * rng.exponential(),
            PointingSampler::Rice {
                k,
                bias_rad,
                sigma_rad,
                ..
            } => {
                let x = bias_rad + sigma_rad * rng.normal();
                let y = sigma_rad * rng.normal();
                -k * (x * x + y * y)
            }
        }
    }

    /// P(ln L_p < ln_x): exact Rayleigh (x^β) or Rice (Marcum Q) CDF in the log domain. Strict,
    /// as an outage is a margin *below* 0: a fixed loss exactly at the threshold is no outage.
    pub(crate) fn ln_loss_cdf(&self, ln_x: f64) -> f64 {
        if ln_x > 0.0 {
            return 1.0;
        }
        match *self {
            PointingSampler::Fixed { ln_loss } => f64::from(u8::from(ln_loss < ln_x)),
            // P(L_p ≤ x) = x^β.
            PointingSampler::Rayleigh { beta, .. } => (beta * ln_x).exp(),
            // P(L_p ≤ x) = Q1(b/σ, θ_x/σ), θ_x = θ·sqrt(ln(1/x)/2).
            PointingSampler::Rice {
                bias_rad,
                sigma_rad,
                divergence_half_rad,
                ..
            } => {
                let theta_x = divergence_half_rad * (-0.5 * ln_x).sqrt();
                marcum_q1(bias_rad / sigma_rad, theta_x / sigma_rad)
            }
        }
    }
}

/// Equivalent beam radius w_zeq (m) of a Gaussian beam of radius `beam_radius_m` (1/e²) on a
/// circular aperture of radius `aperture_radius_m` (Farid & Hranilovic 2007, eq. 9):
/// w_zeq² = w²·sqrt(π)·erf(v)/(2v·exp(−v²)), v = sqrt(π)·a/(sqrt(2)·w). The collected
/// fraction at a radial displacement r is then ≈ A0·exp(−2r²/w_zeq²): the pointing loss of a
/// beam not much wider than the aperture, where the far-field exponent exp(−2r²/w²) (a point
/// receiver) overstates it. w_zeq → w as w/a → ∞; w_zeq/w = 1.0147 at w/a = 6, 1.144 at 2, 1.77 at 1.
pub(crate) fn equivalent_beam_radius_m(aperture_radius_m: f64, beam_radius_m: f64) -> f64 {
    let w = beam_radius_m;
    let v = std::f64::consts::PI.sqrt() * aperture_radius_m / (std::f64::consts::SQRT_2 * w);
    (w * w * std::f64::consts::PI.sqrt() * libm::erf(v) / (2.0 * v * (-v * v).exp())).sqrt()
}

/// Receiver-plane pointing model of Farid & Hranilovic (2007): Gaussian beam on a circular
/// aperture with Rayleigh radial displacement (lengths in m, in the receiver plane).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReceiverPlaneJitter {
    /// Aperture radius a, m.
    pub aperture_radius_m: f64,
    /// Beam radius w (1/e² intensity) at the receiver, m.
    pub beam_radius_m: f64,
    /// Per-axis rms of the beam displacement σ_s, m.
    pub sigma_m: f64,
}

impl ReceiverPlaneJitter {
    /// Builds the model; the approximation needs w/a > 6 (Farid & Hranilovic 2007). The
    /// aperture radius is in [1e-6, 100] m, w/a at most 1e12 and σ_s/w at least 1e-12, so
    /// that A0 = erf(v)² and ξ² stay finite and non-zero.
    pub fn new(aperture_radius_m: f64, beam_radius_m: f64, sigma_m: f64) -> Result<Self> {
        if !(1e-6..=100.0).contains(&aperture_radius_m) {
            return Err(Error::invalid(
                "aperture_radius_m",
                aperture_radius_m,
                "must be in [1e-6, 100] m",
            ));
        }
        let a = aperture_radius_m;
        if !(beam_radius_m > 6.0 * a && beam_radius_m <= 1e12 * a) {
            return Err(Error::invalid(
                "beam_radius_m",
                beam_radius_m,
                format!(
                    "must be in (6, 1e12] × the aperture radius, ({}, {}] m, for the \
                     receiver-plane model",
                    6.0 * a,
                    1e12 * a
                ),
            ));
        }
        if !(sigma_m.is_finite() && sigma_m >= 1e-12 * beam_radius_m) {
            return Err(Error::invalid(
                "sigma_m",
                sigma_m,
                format!(
                    "must be finite and >= 1e-12 × the beam radius ({} m)",
                    1e-12 * beam_radius_m
                ),
            ));
        }
        Ok(Self {
            aperture_radius_m,
            beam_radius_m,
            sigma_m,
        })
    }

    /// v = sqrt(π)·a/(sqrt(2)·w).
    fn v(&self) -> f64 {
        std::f64::consts::PI.sqrt() * self.aperture_radius_m
            / (std::f64::consts::SQRT_2 * self.beam_radius_m)
    }

    /// A0 = erf(v)²: the fraction collected on axis (the geometric collection itself).
    pub fn a0(&self) -> f64 {
        libm::erf(self.v()).powi(2)
    }

    /// Equivalent beam radius w_zeq, m: w_zeq² = w²·sqrt(π)·erf(v)/(2v·exp(−v²)).
    pub fn w_zeq_m(&self) -> f64 {
        equivalent_beam_radius_m(self.aperture_radius_m, self.beam_radius_m)
    }

    /// ξ = w_zeq/(2σ_s).
    pub fn xi(&self) -> f64 {
        self.w_zeq_m() / (2.0 * self.sigma_m)
    }

    /// Collected fraction h_p(r) ≈ A0·exp(−2r²/w_zeq²) at radial displacement `r_m` (m).
    pub fn collected_fraction(&self, r_m: f64) -> f64 {
        self.a0() * (-2.0 * r_m * r_m / self.w_zeq_m().powi(2)).exp()
    }

    /// CDF F(h) = (h/A0)^(ξ²) of the collected fraction h ∈ [0, A0].
    pub fn cdf(&self, h: f64) -> f64 {
        (h / self.a0()).clamp(0.0, 1.0).powf(self.xi().powi(2))
    }

    /// Mean collected fraction E(h_p) = A0·ξ²/(ξ² + 1).
    pub fn mean(&self) -> f64 {
        let x2 = self.xi().powi(2);
        self.a0() * x2 / (x2 + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numerics::integrate;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    /// docs/models.md §4 REF: θ = 10 µrad, σ = 2 µrad.
    const REF: PointingJitter = PointingJitter {
        divergence_half_rad: 10e-6,
        sigma_rad: 2e-6,
        bias_rad: 0.0,
    };

    #[test]
    fn rayleigh_reference_values() {
        // β = 6.25; mean 0.862069; P(> 1 dB) = 0.237137; P(> 3 dB) = 1.33352e-2;
        // P(> 6 dB) = 1.77828e-4. The closed forms β/(β + 1) and 10^(−βL/10) are checked at
        // 1e-12; the 6-figure REF strings at half a unit of their last digit (≤ 2.8e-6
        // relative: 1e-6 relative is finer than 6 significant figures can state).
        assert!(rel(REF.beta(), 6.25) < 1e-12);
        assert!(rel(REF.mean_loss(), 6.25 / 7.25) < 1e-12);
        assert!((REF.mean_loss() - 0.862_069).abs() <= 0.5e-6);
        for (db, p, half_unit) in [
            (1.0, 0.237_137, 0.5e-6),
            (3.0, 1.333_52e-2, 0.5e-7),
            (6.0, 1.778_28e-4, 0.5e-9),
        ] {
            let got = REF.loss_cdf(10f64.powf(-db / 10.0));
            assert!(
                rel(got, 10f64.powf(-6.25 * db / 10.0)) < 1e-12,
                "P(> {db} dB) = {got}"
            );
            assert!(
                (got - p).abs() <= half_unit,
                "P(> {db} dB) = {got} vs REF {p}"
            );
        }
    }

    /// KS distance (at every 50th order statistic, a lower bound of D) between draws of L_p and
    /// the exact CDF; must be < 1.63/sqrt(N) (1 % level).
    fn ks(p: PointingJitter, n: usize, seed: u64) -> f64 {
        let s = p.sampler().unwrap();
        let mut rng = Stream::new(&[seed]);
        let mut x: Vec<f64> = (0..n).map(|_| s.sample_ln(&mut rng)).collect();
        x.sort_by(f64::total_cmp);
        (0..n)
            .step_by(50)
            .map(|i| {
                let c = s.ln_loss_cdf(x[i]);
                (c - i as f64 / n as f64).max((i + 1) as f64 / n as f64 - c)
            })
            .fold(0.0, f64::max)
    }

    #[test]
    fn samplers_match_rayleigh_and_rice_cdfs() {
        let n = 50_000;
        let bound = 1.63 / (n as f64).sqrt();
        for p in [
            REF,
            PointingJitter {
                bias_rad: 3e-6,
                ..REF
            },
            PointingJitter {
                bias_rad: 8e-6,
                sigma_rad: 1e-6,
                ..REF
            },
        ] {
            let d = ks(p, n, 3);
            assert!(d < bound, "{p:?}: D = {d}");
            // Mean loss: 4·sd/sqrt(N), sd ≤ 0.5.
            let s = p.sampler().unwrap();
            let mut rng = Stream::new(&[4]);
            let m = (0..n).map(|_| s.sample_ln(&mut rng).exp()).sum::<f64>() / n as f64;
            assert!(
                (m - p.mean_loss()).abs() < 4.0 * 0.5 / (n as f64).sqrt(),
                "{p:?}: {m}"
            );
        }
    }

    #[test]
    fn rice_cdf_matches_integrated_rice_pdf() {
        // P(L_p ≤ x) = P(θ_e ≥ θ_x) = ∫_θx^∞ r/σ²·exp(−(r² + b²)/(2σ²))·I0(r·b/σ²) dr.
        let p = PointingJitter {
            bias_rad: 3e-6,
            ..REF
        };
        let (s, b) = (p.sigma_rad, p.bias_rad);
        for x in [0.9, 0.5, 0.1, 1e-3] {
            let theta_x = p.divergence_half_rad * (0.5 * (1.0f64 / x).ln()).sqrt();
            let pdf = |r: f64| {
                r / (s * s)
                    * (-(r * r + b * b) / (2.0 * s * s)).exp()
                    * puruspe::In(0, r * b / (s * s))
            };
            let q = integrate(pdf, theta_x, theta_x + b + 30.0 * s, 400);
            assert!(
                rel(p.loss_cdf(x), q) < 1e-9,
                "x = {x}: {} vs {q}",
                p.loss_cdf(x)
            );
        }
        // Zero jitter: a step at exp(−2b²/θ²).
        let fixed = PointingJitter {
            sigma_rad: 0.0,
            bias_rad: 5e-6,
            ..REF
        };
        let l0 = (-2.0f64 * 0.25).exp();
        assert_eq!(
            (fixed.loss_cdf(l0 * 0.999), fixed.loss_cdf(l0 * 1.001)),
            (0.0, 1.0)
        );
        assert!(rel(fixed.mean_loss(), l0) < 1e-15);
    }

    #[test]
    fn extreme_ratios_are_refused_not_nan() {
        // Fuzz findings F3 and F5: accepted, then NaN losses and CDFs.
        let bad = [
            PointingJitter {
                divergence_half_rad: 10e-6,
                sigma_rad: 1e-200,
                bias_rad: 0.0,
            },
            PointingJitter {
                divergence_half_rad: 1e-200,
                sigma_rad: 0.0,
                bias_rad: 0.0,
            },
        ];
        for p in bad {
            assert!(p.validate().is_err(), "{p:?}");
        }
        let smallest = PointingJitter {
            divergence_half_rad: 1e-10,
            sigma_rad: 1e-9,
            bias_rad: 1.0,
        };
        smallest.validate().unwrap();
        assert!(smallest.mean_loss().is_finite() && smallest.loss_cdf(0.5).is_finite());
        assert!(ReceiverPlaneJitter::new(0.2, 10.0, 1e-160).is_err());
        assert!(ReceiverPlaneJitter::new(5e-324, 0.5, 0.5).is_err());
        let edge = ReceiverPlaneJitter::new(1e-6, 1e6, 1e-6).unwrap();
        assert!(edge.mean().is_finite() && edge.mean() > 0.0);
        assert!(edge.cdf(0.0).is_finite());
    }

    #[test]
    fn invalid_pointing_is_an_error() {
        assert!(PointingJitter {
            divergence_half_rad: 0.0,
            ..REF
        }
        .validate()
        .is_err());
        assert!(PointingJitter {
            sigma_rad: -1e-6,
            ..REF
        }
        .sampler()
        .is_err());
        assert!(PointingJitter {
            bias_rad: f64::NAN,
            ..REF
        }
        .loss_cdf(0.5)
        .is_nan());
        assert!(ReceiverPlaneJitter::new(0.2, 1.0, 0.1).is_err());
    }

    #[test]
    fn receiver_plane_model() {
        // w/a = 10: A0 ≈ the exact centred collection 1 − exp(−2a²/w²) (square-vs-disc
        // approximation, 0.3 %); h_p(r) ≈ the exact offset collection
        // ∫_0^a 4ρ/w²·exp(−2(ρ² + r²)/w²)·I0(4rρ/w²) dρ within 0.5 % up to r = w.
        let (a, w) = (0.1, 1.0);
        let m = ReceiverPlaneJitter::new(a, w, 0.3).unwrap();
        assert!(
            rel(m.a0(), 1.0 - (-2.0 * a * a / (w * w)).exp()) < 3e-3,
            "{}",
            m.a0()
        );
        for r in [0.0, 0.3, 0.6, 1.0] {
            let exact = integrate(
                |p: f64| {
                    4.0 * p / (w * w)
                        * (-2.0 * (p * p + r * r) / (w * w)).exp()
                        * puruspe::In(0, 4.0 * r * p / (w * w))
                },
                0.0,
                a,
                4,
            );
            assert!(
                rel(m.collected_fraction(r), exact) < 5e-3,
                "r = {r}: {} vs {exact}",
                m.collected_fraction(r)
            );
        }
        // F(A0) = 1; F(A0·e^(−2)) = e^(−2ξ²); mean from the CDF: E[h] = ∫_0^A0 (1 − F) dh.
        assert!((m.cdf(m.a0()) - 1.0).abs() < 1e-15);
        assert!(
            rel(
                m.cdf(m.a0() * (-2.0f64).exp()),
                (-2.0 * m.xi().powi(2)).exp()
            ) < 1e-12
        );
        let mean = integrate(|h| 1.0 - m.cdf(h), 0.0, m.a0(), 50);
        assert!(rel(m.mean(), mean) < 1e-6, "{} vs {mean}", m.mean());
    }
}
