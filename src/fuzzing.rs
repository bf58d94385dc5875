//! Entry points for the fuzz targets in `fuzz/` (cargo feature `fuzzing` only; not an API).
//!
//! The numeric kernels of `numerics` and `channel` are private to the crate; the fuzz
//! targets reach them through these thin wrappers, each of which calls the real function and
//! nothing else. Everything public (parsers, scenarios, sweeps, the link budget) is fuzzed
//! through its ordinary API instead.

#![cfg(feature = "fuzzing")]
#![doc(hidden)]

use crate::channel::{Fading, PointingJitter, TurbulencePointingSampler};
use crate::error::Result;
use crate::random::Stream;

/// First-order Marcum Q function Q1(a, b) (`numerics::marcum_q1`).
pub fn marcum_q1(a: f64, b: f64) -> f64 {
    crate::numerics::marcum_q1(a, b)
}

/// Standard normal CDF Φ(x) (`numerics::norm_cdf`).
pub fn norm_cdf(x: f64) -> f64 {
    crate::numerics::norm_cdf(x)
}

/// ln Φ(x) (`numerics::ln_norm_cdf`).
pub fn ln_norm_cdf(x: f64) -> f64 {
    crate::numerics::ln_norm_cdf(x)
}

/// Standard normal quantile Φ⁻¹(p) (`numerics::norm_quantile`).
pub fn norm_quantile(p: f64) -> f64 {
    crate::numerics::norm_quantile(p)
}

/// Bivariate standard normal CDF Φ2(h, k; ρ) (`numerics::bivariate_norm_cdf`).
pub fn bivariate_norm_cdf(h: f64, k: f64, rho: f64) -> f64 {
    crate::numerics::bivariate_norm_cdf(h, k, rho)
}

/// Gauss–Legendre nodes and weights of order `n` (`numerics::gauss_legendre`).
pub fn gauss_legendre(n: usize) -> Vec<(f64, f64)> {
    crate::numerics::gauss_legendre(n)
}

/// The regularized lower incomplete gamma function P(a, x) the Gamma–Gamma CDF integrates
/// (`numerics::gamma_p`, called by `channel::fading`).
pub fn incomplete_gamma_p(a: f64, x: f64) -> f64 {
    crate::numerics::gamma_p(a, x)
}

/// CDF P(I < x) of a fading distribution (`Fading::cdf`; for Gamma–Gamma the quadrature
/// `gamma_gamma_cdf` of `channel::fading`).
pub fn fading_cdf(fading: &Fading, x: f64) -> f64 {
    fading.cdf(x)
}

/// Pointing-loss CDF in the log domain, P(ln L_p < ln_x) (`PointingSampler::ln_loss_cdf`,
/// Rayleigh x^β or Rice Marcum Q); the sampler's error for invalid parameters.
pub fn pointing_ln_loss_cdf(pointing: &PointingJitter, ln_x: f64) -> Result<f64> {
    Ok(pointing.sampler()?.ln_loss_cdf(ln_x))
}

/// `n` draws of the combined turbulence × pointing fade in dB from the stream keyed `[seed]`
/// (`TurbulencePointingSampler::fade_samples_db`, the engine's per-step draws).
pub fn fade_samples_db(
    fading: &Fading,
    pointing: &PointingJitter,
    seed: u64,
    n: usize,
) -> Result<Vec<f64>> {
    let sampler = TurbulencePointingSampler::new(fading, pointing)?;
    let mut out = Vec::new();
    sampler.fade_samples_db(&mut Stream::new(&[seed]), n, &mut out);
    Ok(out)
}

/// Kasten–Young relative air mass (`channel::air_mass`).
pub fn air_mass(zenith_rad: f64) -> f64 {
    crate::channel::air_mass(zenith_rad)
}

/// Weak-to-strong point-receiver scintillation index from the Rytov variance
/// (`channel::scintillation_index`).
pub fn scintillation_index(rytov_variance: f64) -> f64 {
    crate::channel::scintillation_index(rytov_variance)
}

/// Gamma–Gamma (α, β) from the Rytov variance (`channel::gamma_gamma_parameters`).
pub fn gamma_gamma_parameters(rytov_variance: f64) -> (f64, f64) {
    crate::channel::gamma_gamma_parameters(rytov_variance)
}

/// ITU-R P.1622 aperture-averaging factor (`channel::aperture_averaging`).
pub fn aperture_averaging(
    diameter_m: f64,
    wavelength_m: f64,
    scale_height_m: f64,
    zenith_rad: f64,
) -> f64 {
    crate::channel::aperture_averaging(diameter_m, wavelength_m, scale_height_m, zenith_rad)
}
