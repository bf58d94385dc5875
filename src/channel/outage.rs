//! Outage probability of turbulence × pointing fading against a static link margin
//! (docs/models.md §3–4: h = h_l·h_a·h_p, an outage sample is one where P_r(h) < P_sens).
//!
//! With a static margin M dB, outage ⇔ I·L_p < 10^(−M/10) ⇔ ln I + ln L_p < −M·ln10/10;
//! everything is compared in the log domain.
//!
//! Estimators:
//! - [`outage_probability`] uses conditional Monte Carlo: draw only ln I_k and average the
//!   exact pointing CDF P(ln L_p < c − ln I_k) (Rayleigh x^β or Rice Marcum Q; all pointing
//!   models here have one). Its variance is never larger than that of counting outages
//!   (Rao–Blackwell) and is zero when there is no turbulence.
//! - [`TurbulencePointingSampler::count_outages`] counts outages in plain draws of both factors, and
//!   [`TurbulencePointingSampler::fade_samples_db`] returns the draws themselves in dB for margin
//!   percentiles (the per-time-step use of the Monte Carlo engine).
//!
//! Closed forms ([`OutageEstimate::closed_form`]):
//! - no turbulence: the pointing CDF at the threshold (Rayleigh: 10^(−β·M/10); Rice: Q1);
//! - no jitter: the fading CDF at the threshold over the fixed bias loss (Gamma–Gamma by
//!   quadrature, see `fading`);
//! - log-normal × Rayleigh: −ln L_p ~ Exp(β), so ln I + ln L_p is an exponentially modified
//!   Gaussian: with ln I ~ N(μ, s²) and c = −M·ln10/10,
//!   P = Φ((c − μ)/s) + exp(β(c − μ) + β²s²/2)·Φ((μ − βs² − c)/s) (exact);
//! - otherwise none (log-normal × Rice, Gamma–Gamma × jitter).

use crate::channel::fading::{Fading, TurbulenceSampler};
use crate::channel::pointing::{PointingJitter, PointingSampler};
use crate::error::Result;
use crate::numerics::{ln_norm_cdf, norm_cdf};
use crate::random::Stream;

/// ln(10)/10: dB → natural-log factor.
const DB_TO_LN: f64 = std::f64::consts::LN_10 / 10.0;

/// An outage probability estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutageEstimate {
    /// Monte Carlo estimate of P(I·L_p < 10^(−M/10)) (conditional Monte Carlo).
    pub probability: f64,
    /// The exact or semi-analytic value where one exists (see the module doc).
    pub closed_form: Option<f64>,
    /// Number of turbulence draws used.
    pub samples: u64,
    /// Standard error of `probability` (sample standard deviation of the conditional
    /// probabilities / sqrt(samples)).
    pub standard_error: f64,
}

/// Outage probability of `fading` × `pointing` for a static margin `margin_db` (dB; negative
/// means the link is below sensitivity without fading) from `samples` draws of the stream
/// keyed `[seed]`. Invalid parameters (see [`Fading::validate`], [`PointingJitter::validate`])
/// or `samples == 0` give NaN `probability` and `standard_error`.
pub fn outage_probability(
    fading: &Fading,
    pointing: &PointingJitter,
    margin_db: f64,
    samples: u64,
    seed: u64,
) -> OutageEstimate {
    let nan = OutageEstimate {
        probability: f64::NAN,
        closed_form: None,
        samples,
        standard_error: f64::NAN,
    };
    let Ok(sampler) = TurbulencePointingSampler::new(fading, pointing) else {
        return nan;
    };
    let closed_form = closed_form(fading, &sampler, margin_db);
    if samples == 0 {
        return OutageEstimate { closed_form, ..nan };
    }
    let (probability, standard_error) =
        sampler.conditional_outage(&mut Stream::new(&[seed]), samples, margin_db);
    OutageEstimate {
        probability,
        closed_form,
        samples,
        standard_error,
    }
}

/// The closed form of the module doc, if any.
fn closed_form(fading: &Fading, s: &TurbulencePointingSampler, margin_db: f64) -> Option<f64> {
    let c = -margin_db * DB_TO_LN;
    match (s.fading, s.pointing) {
        (TurbulenceSampler::None, p) => Some(p.ln_loss_cdf(c)),
        (_, PointingSampler::Fixed { ln_loss }) => Some(fading.cdf((c - ln_loss).exp())),
        (TurbulenceSampler::LogNormal { mu, s }, PointingSampler::Rayleigh { beta, .. }) => {
            // Exponentially modified Gaussian CDF, second term in the log domain.
            let tail = (beta * (c - mu)
                + 0.5 * beta * beta * s * s
                + ln_norm_cdf((mu - beta * s * s - c) / s))
            .exp();
            Some((norm_cdf((c - mu) / s) + tail).min(1.0))
        }
        _ => None,
    }
}

/// Draws of the combined turbulence × pointing fade ln(I·L_p), for one fading model and one
/// pointing model.
#[derive(Debug, Clone, Copy)]
pub struct TurbulencePointingSampler {
    fading: TurbulenceSampler,
    pointing: PointingSampler,
}

impl TurbulencePointingSampler {
    /// Validates both models and precomputes their samplers.
    pub fn new(fading: &Fading, pointing: &PointingJitter) -> Result<Self> {
        Ok(Self {
            fading: fading.sampler()?,
            pointing: pointing.sampler()?,
        })
    }

    /// One draw of ln(I·L_p) (natural log of the combined linear fade factor).
    #[inline(always)]
    pub(crate) fn sample_ln(&self, rng: &mut Stream) -> f64 {
        self.fading.sample_ln(rng) + self.pointing.sample_ln(rng)
    }

    /// Replaces the contents of `out` by `n` draws of the combined fade 10·log10(I·L_p) in dB
    /// (negative = loss). The margin of a draw is the static margin plus its fade; the engine
    /// takes margin percentiles (P5, P50, P95) of these and counts outages as fade < −M.
    pub(crate) fn fade_samples_db(&self, rng: &mut Stream, n: usize, out: &mut Vec<f64>) {
        out.clear();
        out.extend((0..n).map(|_| self.sample_ln(rng) / DB_TO_LN));
    }

    /// Number of outages (I·L_p < 10^(−M/10)) among `n` plain draws of both factors.
    pub fn count_outages(&self, rng: &mut Stream, n: u64, margin_db: f64) -> u64 {
        let c = -margin_db * DB_TO_LN;
        let count = |draw: &dyn Fn(&mut Stream) -> f64, rng: &mut Stream| -> u64 {
            (0..n).map(|_| u64::from(draw(rng) < c)).sum()
        };
        match self.fading {
            // Gamma–Gamma gets a loop of its own, with its parameters in locals: the generic
            // loop re-reads them through `self` at every draw (−10 % of throughput).
            TurbulenceSampler::GammaGamma { x, y } => {
                let pointing = self.pointing;
                count(
                    &|r: &mut Stream| {
                        TurbulenceSampler::gamma_gamma_ln(&x, &y, r) + pointing.sample_ln(r)
                    },
                    rng,
                )
            }
            _ => count(&|r: &mut Stream| self.sample_ln(r), rng),
        }
    }

    /// Conditional Monte Carlo: mean and standard error of P(ln L_p < c − ln I_k) over `n`
    /// draws of ln I_k, accumulated in draw order (reproducible) with Welford's update (exact
    /// zero variance when every term is equal).
    pub(crate) fn conditional_outage(
        &self,
        rng: &mut Stream,
        n: u64,
        margin_db: f64,
    ) -> (f64, f64) {
        let c = -margin_db * DB_TO_LN;
        let (mut mean, mut m2) = (0.0, 0.0);
        for k in 1..=n {
            let p = self.pointing.ln_loss_cdf(c - self.fading.sample_ln(rng));
            let delta = p - mean;
            mean += delta / k as f64;
            m2 += delta * (p - mean);
        }
        let var = if n > 1 { m2 / (n - 1) as f64 } else { 0.0 };
        (mean, (var / n as f64).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REF: PointingJitter = PointingJitter {
        divergence_half_rad: 10e-6,
        sigma_rad: 2e-6,
        bias_rad: 0.0,
    };
    const LN: Fading = Fading::LogNormal {
        scintillation_index: 0.2124,
    };
    const GG: Fading = Fading::GammaGamma {
        alpha: 10.706,
        beta: 9.189,
    };

    #[test]
    fn no_turbulence_is_exact() {
        // Rayleigh: P = 10^(−β·M/10) = 0.237137 at 1 dB (docs/models.md §4 REF); zero variance.
        let e = outage_probability(&Fading::None, &REF, 1.0, 1000, 1);
        assert!((e.probability / 10f64.powf(-0.625) - 1.0).abs() < 1e-12);
        assert_eq!(e.closed_form, Some(e.probability));
        assert_eq!(e.standard_error, 0.0);
        // Negative margin: always out.
        assert_eq!(
            outage_probability(&Fading::None, &REF, -0.5, 10, 1).probability,
            1.0
        );
    }

    #[test]
    fn conditional_agrees_with_plain_counting_and_closed_forms() {
        // |conditional − plain| < 4·sqrt(p(1−p)/N + se²); |conditional − closed| < 4·se.
        let n = 200_000;
        for (f, p, m) in [
            (LN, REF, 3.0),
            (LN, REF, 6.0),
            (GG, REF, 3.0),
            (
                LN,
                PointingJitter {
                    bias_rad: 3e-6,
                    ..REF
                },
                3.0,
            ),
            (
                GG,
                PointingJitter {
                    bias_rad: 3e-6,
                    ..REF
                },
                6.0,
            ),
            (
                LN,
                PointingJitter {
                    sigma_rad: 0.0,
                    bias_rad: 3e-6,
                    ..REF
                },
                3.0,
            ),
            (
                GG,
                PointingJitter {
                    sigma_rad: 0.0,
                    bias_rad: 3e-6,
                    ..REF
                },
                3.0,
            ),
        ] {
            let e = outage_probability(&f, &p, m, n, 17);
            let s = TurbulencePointingSampler::new(&f, &p).unwrap();
            let plain = s.count_outages(&mut Stream::new(&[99]), n, m) as f64 / n as f64;
            let tol = 4.0 * ((plain * (1.0 - plain)) / n as f64 + e.standard_error.powi(2)).sqrt();
            assert!(
                (e.probability - plain).abs() < tol,
                "{f:?} {p:?} M={m}: {} vs {plain} ± {tol}",
                e.probability
            );
            assert!(
                e.standard_error > 0.0
                    && e.standard_error < 4.0 * (plain * (1.0 - plain) / n as f64).sqrt()
            );
            if let Some(cf) = e.closed_form {
                assert!(
                    (e.probability - cf).abs() < 4.0 * e.standard_error,
                    "{f:?} {p:?}: {} vs {cf}",
                    e.probability
                );
            }
        }
    }

    #[test]
    fn closed_forms_where_expected() {
        let cf = |f: &Fading, p: &PointingJitter| outage_probability(f, p, 3.0, 1, 0).closed_form;
        let biased = PointingJitter {
            bias_rad: 3e-6,
            ..REF
        };
        assert!(cf(&LN, &REF).is_some());
        assert!(cf(&Fading::None, &biased).is_some());
        assert!(cf(&LN, &biased).is_none());
        assert!(cf(&GG, &REF).is_none());
        // Log-normal × Rayleigh at a deep margin (tail term dominates): compare with a long
        // conditional run, 4σ.
        let e = outage_probability(&LN, &REF, 10.0, 2_000_000, 5);
        let c = e.closed_form.unwrap();
        assert!(
            (e.probability - c).abs() < 4.0 * e.standard_error,
            "{} vs {c}",
            e.probability
        );
    }

    #[test]
    fn invalid_input_gives_nan_not_panic() {
        let e = outage_probability(
            &Fading::GammaGamma {
                alpha: -1.0,
                beta: 2.0,
            },
            &REF,
            3.0,
            100,
            0,
        );
        assert!(e.probability.is_nan() && e.closed_form.is_none());
        assert!(outage_probability(&LN, &REF, 3.0, 0, 0)
            .probability
            .is_nan());
    }

    #[test]
    fn fade_samples_are_reproducible_and_in_db() {
        let s = TurbulencePointingSampler::new(&GG, &REF).unwrap();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        s.fade_samples_db(&mut Stream::new(&[1, 2, 3]), 1000, &mut a);
        s.fade_samples_db(&mut Stream::new(&[1, 2, 3]), 1000, &mut b);
        assert_eq!(a, b);
        // Mean of the linear factor: E[I]·E[L_p] = 0.862069 ± 4·sd/sqrt(N) (sd < 0.5).
        s.fade_samples_db(&mut Stream::new(&[4]), 100_000, &mut a);
        let m = a.iter().map(|db| 10f64.powf(db / 10.0)).sum::<f64>() / a.len() as f64;
        assert!(
            (m - 0.862_069).abs() < 4.0 * 0.5 / (a.len() as f64).sqrt(),
            "{m}"
        );
    }
}
