//! The standard normal distribution: Φ, ln Φ, the quantile Φ⁻¹ and the bivariate CDF Φ2.
//!
//! - Φ(x) = erfc(−x/√2)/2 with fdlibm's `erfc` (via `libm`, Sun's rational approximations).
//!   **One Φ for the whole crate.** There used to be a second one in `channel::clouds`,
//!   `0.5·puruspe::erfc(−x/√2)`. The two differ in the last bits at most arguments (another
//!   erfc, and `x/√2` against `x·(1/√2)`): up to 1e-14 relative for x > −5 and 1e-13 down to
//!   x = −30 (at x = −10, 4e-15 for `libm` and 1.1e-14 for `puruspe` against mpmath), more
//!   only where Φ is subnormal (x < −37.5). `libm` is kept because the fading CDFs and the
//!   outage closed forms, whose values reach the outputs, were recorded with it. The clouds'
//!   copy only entered Φ2 ([`bivariate_norm_cdf`]), which feeds the analytic
//!   `channel::joint_clear_probability` and no simulated output, so the merge changes no output
//!   bit (the golden SHA-256 test passes unchanged).
//! - ln Φ(x) for x < −5 uses the scaled erfcx (`puruspe`, a port of libcerf):
//!   ln Φ(x) = ln(erfcx(−x/√2)/2) − x²/2, finite down to x ≈ −1e154.
//! - Φ⁻¹(p) = −√2·erfc⁻¹(2p) with `puruspe::inverfc` (the cloud thresholds; unchanged).
//! - Φ2(h, k; ρ) by Plackett's (1954) single integral over θ = asin r, adaptive Simpson.

use super::quadrature::adaptive_simpson;

/// Standard normal CDF Φ(x) = erfc(−x/√2)/2 (fdlibm `erfc`; see the module doc for why this
/// one).
pub(crate) fn norm_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x * std::f64::consts::FRAC_1_SQRT_2)
}

/// ln Φ(x), accurate in the far lower tail where Φ underflows.
pub(crate) fn ln_norm_cdf(x: f64) -> f64 {
    if x > -5.0 {
        norm_cdf(x).ln()
    } else {
        // Φ(x) = erfcx(−x/√2)·exp(−x²/2)/2.
        (0.5 * puruspe::erfcx(-x * std::f64::consts::FRAC_1_SQRT_2)).ln() - 0.5 * x * x
    }
}

/// Standard normal quantile Φ⁻¹(p) = −√2·erfc⁻¹(2p); −∞ at 0, +∞ at 1.
pub(crate) fn norm_quantile(p: f64) -> f64 {
    if p.is_nan() {
        f64::NAN
    } else if p <= 0.0 {
        f64::NEG_INFINITY
    } else if p >= 1.0 {
        f64::INFINITY
    } else {
        -std::f64::consts::SQRT_2 * puruspe::inverfc(2.0 * p)
    }
}

/// Bivariate standard normal CDF Φ2(h, k; ρ) = P(X < h, Y < k), corr(X, Y) = ρ.
///
/// From ∂Φ2/∂ρ = φ2(h, k; ρ) (Plackett 1954) with r = sin θ:
/// Φ2 = Φ(h)Φ(k) + (1/2π)·∫₀^{asin ρ} exp(−(h² − 2hk·sin θ + k²)/(2cos²θ)) dθ,
/// a bounded smooth integrand (→ 0 or exp(−h²/2) at θ = ±π/2), integrated by adaptive Simpson.
pub(crate) fn bivariate_norm_cdf(h: f64, k: f64, rho: f64) -> f64 {
    if h == f64::NEG_INFINITY || k == f64::NEG_INFINITY {
        return 0.0;
    }
    if h == f64::INFINITY {
        return norm_cdf(k);
    }
    if k == f64::INFINITY {
        return norm_cdf(h);
    }
    if h.is_nan() || k.is_nan() || rho.is_nan() {
        return f64::NAN;
    }
    // Beyond ±40 standard deviations Φ is 0 or 1 to below 1e-340: clamping changes nothing
    // and keeps h·k and (h ± k)² finite in the exponent (a fuzz finding: ∞ − ∞ = NaN).
    let (h, k) = (h.clamp(-40.0, 40.0), k.clamp(-40.0, 40.0));
    // The degenerate ends in closed form: Φ(min(h, k)) at ρ = 1, (Φ(h) + Φ(k) − 1)⁺ at ρ = −1.
    if rho >= 1.0 {
        return norm_cdf(h.min(k));
    }
    if rho <= -1.0 {
        return (norm_cdf(h) + norm_cdf(k) - 1.0).max(0.0);
    }
    // The exponent (h² − 2hk·sin θ + k²)/(2cos²θ), written without the cancellation that made
    // it negative (and its exponential infinite) near θ = ±π/2 with h ≈ ±k:
    // θ ≥ 0: (h − k)²/(2cos²θ) + hk/(1 + sin θ), using 1 − sin θ = cos²θ/(1 + sin θ);
    // θ < 0: (h + k)²/(2cos²θ) − hk/(1 − sin θ), using 1 + sin θ = cos²θ/(1 − sin θ).
    let f = |theta: f64| {
        let (s, c) = theta.sin_cos();
        let (d, cross) = if s >= 0.0 {
            (h - k, h * k / (1.0 + s))
        } else {
            (h + k, -h * k / (1.0 - s))
        };
        let square = if d == 0.0 { 0.0 } else { d * d / (2.0 * c * c) };
        (-(square + cross)).exp()
    };
    let integral = adaptive_simpson(&f, 0.0, rho.asin(), 1e-13, 30);
    (norm_cdf(h) * norm_cdf(k) + integral / (2.0 * std::f64::consts::PI)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn normal_cdf_values() {
        // Φ(1.96) = 0.9750021048517795; Φ(−10) = 7.619853024160527e-24;
        // Φ(−40) = 3.655893540915e-350 → ln = −804.6084420137538 (mpmath, 30 digits).
        assert!(rel(norm_cdf(1.96), 0.975_002_104_851_779_5) < 1e-14);
        assert!(rel(norm_cdf(-10.0), 7.619_853_024_160_527e-24) < 1e-12);
        assert!(rel(ln_norm_cdf(-10.0), 7.619_853_024_160_527e-24f64.ln()) < 1e-13);
        assert!(rel(ln_norm_cdf(-40.0), -804.608_442_013_753_8) < 1e-13);
        assert!(rel(ln_norm_cdf(-4.999), norm_cdf(-4.999).ln()) < 1e-13);
    }

    #[test]
    fn norm_quantile_reference_values() {
        // Φ⁻¹ values from Abramowitz & Stegun table 26.5 / R qnorm.
        for (p, z) in [
            (0.975, 1.959_963_984_540_054),
            (0.1, -1.281_551_565_544_600_5),
            (0.5, 0.0),
            (1e-6, -4.753_424_308_822_899),
        ] {
            assert!(
                (norm_quantile(p) - z).abs() <= 1e-9 * z.abs().max(1.0),
                "p = {p}"
            );
            assert!((norm_cdf(z) - p).abs() <= 1e-12, "p = {p}");
        }
        assert_eq!(norm_quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(norm_quantile(1.0), f64::INFINITY);
    }

    #[test]
    fn bivariate_norm_cdf_near_perfect_correlation_is_finite() {
        // Fuzz finding F7: at ρ = 1 with k ≈ h the exponent cancelled to a small negative
        // number over cos²θ ≈ 4e-33 and gave ∞; NaN ρ looped in the quadrature (F6).
        for h in [-3.0, -0.4997377, 0.0, 0.3, 2.5] {
            for dk in [0.0, 1e-12, -1e-12, 1e-6] {
                let k: f64 = h + dk;
                let upper = norm_cdf(h).min(norm_cdf(k));
                for rho in [1.0, 1.0 - 1e-15, 0.9999999, -1.0, -1.0 + 1e-15] {
                    let p = bivariate_norm_cdf(h, k, rho);
                    assert!(
                        p.is_finite() && (0.0..=upper + 1e-12).contains(&p),
                        "{h} {k} {rho}: {p}"
                    );
                }
                assert!((bivariate_norm_cdf(h, k, 1.0 - 1e-15) - upper).abs() < 1e-6);
            }
        }
        assert!(bivariate_norm_cdf(0.1, 0.2, f64::NAN).is_nan());
        // Huge arguments: h·k and (h − k)² overflowed to ∞ − ∞ = NaN.
        let p = bivariate_norm_cdf(5.28e84, -f64::MAX, -6.97e-32);
        assert_eq!(p, 0.0);
        assert!((bivariate_norm_cdf(1e300, 0.3, 0.5) - norm_cdf(0.3)).abs() < 1e-15);
        assert!(norm_quantile(f64::NAN).is_nan());
    }

    #[test]
    fn bivariate_norm_cdf_closed_forms() {
        // Sheppard: Φ2(0, 0; ρ) = 1/4 + asin(ρ)/(2π).
        for rho in [-1.0, -0.9, -0.3, 0.0, 0.5, 0.97, 0.99999, 1.0] {
            let exact = 0.25 + f64::asin(rho) / (2.0 * std::f64::consts::PI);
            assert!(
                (bivariate_norm_cdf(0.0, 0.0, rho) - exact).abs() < 1e-12,
                "{rho}"
            );
        }
        for (h, k) in [(-0.52, 1.04), (1.3, 0.2), (-2.0, -1.0), (0.7, 0.7)] {
            let (ph, pk) = (norm_cdf(h), norm_cdf(k));
            let rel = |x: f64, y: f64| (x - y).abs() <= 1e-9 * y.abs().max(1e-3);
            assert!(rel(bivariate_norm_cdf(h, k, 0.0), ph * pk));
            assert!(rel(bivariate_norm_cdf(h, k, 1.0), ph.min(pk)));
            assert!(rel(
                bivariate_norm_cdf(h, k, -1.0),
                (ph + pk - 1.0).max(0.0)
            ));
            for rho in [-0.8, 0.3, 0.69, 0.95, 0.999] {
                let phi2 = bivariate_norm_cdf(h, k, rho);
                // Reflection identity Φ2(h, k; ρ) + Φ2(h, −k; −ρ) = Φ(h).
                assert!(rel(phi2 + bivariate_norm_cdf(h, -k, -rho), ph));
                // Independent algorithm: ∫_{−∞}^{h} φ(x)·Φ((k − ρx)/sqrt(1−ρ²)) dx, Simpson on
                // [−12, h] (the tail below −12 is < 1e-32).
                let s = (1.0 - rho * rho).sqrt();
                let f = |x: f64| {
                    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
                        * norm_cdf((k - rho * x) / s)
                };
                let n = 20_000;
                let dx = (h + 12.0) / n as f64;
                let simpson: f64 = (0..n)
                    .map(|i| {
                        let x0 = -12.0 + i as f64 * dx;
                        dx / 6.0 * (f(x0) + 4.0 * f(x0 + 0.5 * dx) + f(x0 + dx))
                    })
                    .sum();
                assert!(
                    rel(phi2, simpson),
                    "h {h} k {k} ρ {rho}: {phi2} vs {simpson}"
                );
            }
        }
        assert_eq!(bivariate_norm_cdf(f64::NEG_INFINITY, 0.3, 0.5), 0.0);
        assert_eq!(bivariate_norm_cdf(f64::INFINITY, 0.3, 0.5), norm_cdf(0.3));
    }
}
