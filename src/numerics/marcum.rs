//! The first-order Marcum Q function Q1(a, b) = ∫_b^∞ x·exp(−(x² + a²)/2)·I0(a·x) dx, the
//! complementary CDF of a Rice variable (of unit scale, bias a).
//!
//! Computed through its Poisson-mixture (non-central χ², 2 degrees of freedom) series
//! (Shnidman, IEEE Trans. Inf. Theory 35(2):389, 1989):
//! Q1(a, b) = Σ_k e^(−λ)·λ^k/k! · Q(k + 1, z), λ = a²/2, z = b²/2, where Q(k + 1, z) =
//! e^(−z)·Σ_(j≤k) z^j/j! is the regularized upper incomplete gamma function. Every term is
//! positive, so the sum keeps its relative accuracy even when Q1 is tiny (deep tails). For
//! a > 100 the Rice pdf is integrated instead (`marcum_q1_large_a`).

use super::quadrature::integrate;

/// Most terms the series loop adds. For a ≤ 100 and b < a + 40 (the other cases return
/// before it) the terms peak near k = max(λ, √(λz)) ≤ 7000 and the loop stops a few hundred
/// terms later; the cap only guarantees termination.
const MAX_SERIES_TERMS: f64 = 1e6;

/// First-order Marcum Q function Q1(a, b) (see the module doc for the series, ≈ 14·a + 50
/// terms, more in the far tail b ≫ a). For a > 100 it integrates the Rice pdf instead (see
/// `marcum_q1_large_a`). Total: NaN in, NaN out; Q1 depends on |a|; b ≤ 0 gives 1; it
/// terminates for every input, including infinities and arguments whose squares under- or
/// overflow.
pub(crate) fn marcum_q1(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    let a = a.abs();
    if b <= 0.0 || a == f64::INFINITY {
        return 1.0;
    }
    // Q1(a, b) ≤ exp(−(b − a)²/2) for b ≥ a (Simon & Alouini, IEEE Trans. Commun. 48(3):359,
    // 2000): below e^(−800), i.e. 0 in f64, once b ≥ a + 40. Covers b = ∞.
    // Likewise 1 − Q1(a, b) ≤ exp(−(a − b)²/2) for b < a (ibid.): Q1 = 1 in f64 once
    // b ≤ a − 40.
    if b - a >= 40.0 {
        return 0.0;
    }
    if a - b >= 40.0 {
        return 1.0;
    }
    if a > 100.0 {
        return marcum_q1_large_a(a, b);
    }
    let lambda = 0.5 * a * a;
    let z = 0.5 * b * b;
    if z == 0.0 {
        // b² underflows: Q1 = 1 − O(b²) = 1 in f64.
        return 1.0;
    }
    if lambda == 0.0 {
        return (-z).exp();
    }
    // Poisson(λ) mass below λ − 10√λ − 10 is under 1e-20 and C ≤ 1, so terms below are
    // negligible. Upwards C(k) grows (≈ z/k per step while k < z), so the terms peak near
    // max(λ, sqrt(λz)): sum past λ + 10√λ + 40 until they fall below 1e-17 of the sum.
    let sd = lambda.sqrt();
    let k_lo = (lambda - 10.0 * sd - 10.0).max(0.0).floor();
    let k_hi_min = lambda + 10.0 * sd + 40.0;
    let ln_fact = libm::lgamma(k_lo + 1.0);
    // Poisson weight e^(−λ)λ^k/k!, the Poisson(z) term p_z(k) and its CDF C = Q(k + 1, z),
    // all advanced by their ratio recurrences (additions of positive terms only). Results
    // below ~1e-300 lose accuracy to underflow.
    let mut w = (-lambda + k_lo * lambda.ln() - ln_fact).exp();
    let mut pz = (-z + k_lo * z.ln() - ln_fact).exp();
    let mut c = poisson_cdf(k_lo, z, pz);
    let (mut sum, mut prev, mut k) = (0.0, 0.0, k_lo);
    loop {
        let term = w * c;
        sum += term;
        let converged = k >= k_hi_min && term <= prev && term <= 1e-17 * sum;
        if converged || !term.is_finite() || k - k_lo >= MAX_SERIES_TERMS {
            break;
        }
        prev = term;
        k += 1.0;
        w *= lambda / k;
        pz *= z / k;
        c += pz;
    }
    sum.min(1.0)
}

/// Q1(a, b) for large a: ∫ x·exp(−(x − a)²/2)·[e^(−ax)·I0(ax)] dx over [max(b, a − 40), a + 40]
/// (the Rice mass outside is below e^(−700)), with the asymptotic expansion
/// e^(−z)·I0(z) = (2πz)^(−1/2)·(1 + 1/(8z) + 9/(128z²) + 225/(3072z³) + …) (A&S 9.7.1), whose
/// truncation error is below 1e-15 for z = a·x ≥ 100·60. Integrated in u = x − a, with
/// x·(2π·a·x)^(−1/2) = √(x/a)/√(2π), so that neither a ± 40 nor a·x loses the integrand
/// for huge a.
fn marcum_q1_large_a(a: f64, b: f64) -> f64 {
    let (lo, hi) = ((b - a).max(-40.0), 40.0);
    if lo >= hi {
        return 0.0;
    }
    let pdf = |u: f64| {
        let x = a + u;
        let r = 1.0 / (8.0 * a * x);
        let series = 1.0 + r * (1.0 + r * (4.5 + r * 37.5));
        (x / a).sqrt() * (-0.5 * u * u).exp() * series / (2.0 * std::f64::consts::PI).sqrt()
    };
    integrate(pdf, lo, hi, 80).min(1.0)
}

/// Poisson(z) CDF Σ_(j≤k) p_z(j) = Q(k + 1, z) from p_z(k) = `pz_k`, summing positive terms
/// away from the mode (relative accuracy also in the far tail, unlike `puruspe::gammq`, which
/// returns 0 there).
fn poisson_cdf(k: f64, z: f64, pz_k: f64) -> f64 {
    if k < z {
        // Below the mode: the terms p_z(j) = p_z(j + 1)·(j + 1)/z fall as j decreases.
        let (mut term, mut sum, mut j) = (pz_k, pz_k, k);
        while j > 0.0 && term > 1e-17 * sum {
            term *= j / z;
            sum += term;
            j -= 1.0;
        }
        sum
    } else {
        // At or above the mode: 1 − the upper tail, whose terms fall as j increases.
        let (mut term, mut tail, mut j) = (pz_k, 0.0, k);
        loop {
            j += 1.0;
            term *= z / j;
            tail += term;
            if term <= 1e-17 * tail || term == 0.0 {
                break;
            }
        }
        1.0 - tail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn marcum_q1_reference_values() {
        // (a, b, Q1): mpmath (40 digits) quadrature of the Rice integral; (5, 20) by exact
        // summation of the series, which the quadrature only reproduces to 2e-9.
        for (a, b, q) in [
            (1.0, 1.0, 0.732_879_803_796_820_2),
            (0.5, 3.0, 0.017_843_673_386_482_21),
            (2.0, 0.5, 0.982_069_367_291_665),
            (3.0, 8.0, 4.759_649_736_833_894e-7),
            (5.0, 20.0, 7.363_256_903_884_965e-51),
            (30.0, 28.0, 0.978_165_371_864_926_5),
            (60.0, 65.0, 2.987_934_084_097_125e-7),
        ] {
            let got = marcum_q1(a, b);
            assert!(rel(got, q) < 1e-9, "Q1({a}, {b}) = {got}, expected {q}");
        }
        assert_eq!(marcum_q1(2.0, 0.0), 1.0);
        assert!(rel(marcum_q1(0.0, 2.0), (-2.0f64).exp()) < 1e-15);
    }

    #[test]
    fn marcum_q1_large_a_path_matches_the_series() {
        // Both paths at a = 60 (the series is exact there; the switch is at a = 100).
        for b in [20.0, 55.0, 60.0, 65.0, 75.0] {
            let (series, quad) = (marcum_q1(60.0, b), marcum_q1_large_a(60.0, b));
            assert!(
                (series - quad).abs() <= 1e-9 * series.max(1e-300),
                "b = {b}: {series} vs {quad}"
            );
        }
        // Huge a (σ ≪ bias) returns promptly; non-finite input does not loop.
        assert!((marcum_q1(1e12, 1e12) - 0.5).abs() < 1e-5);
        assert!(marcum_q1(f64::NAN, 1.0).is_nan() && marcum_q1(1.0, f64::INFINITY) == 0.0);
    }

    #[test]
    fn marcum_q1_terminates_on_extreme_arguments() {
        // The `budget --pointing-jitter-urad 1e170 --pointing-bias-urad 1e12` case: a and b so
        // small that b²/2 underflows to 0 (the old series met ln 0 · 0 = NaN and looped
        // forever).
        let sigma = 1e164;
        assert_eq!(marcum_q1(1e6 / sigma, 30.0 / sigma), 1.0);
        assert!(rel(marcum_q1(1e-200, 1.0), (-0.5f64).exp()) < 1e-15);
        // Far tail (b ≫ a, formerly ~a·b/2 terms) and b just past the bound.
        assert_eq!(marcum_q1(100.0, 1e12), 0.0);
        assert_eq!(marcum_q1(1.0, 41.0), 0.0);
        assert!(marcum_q1(1.0, 38.0) > 0.0);
        // Infinite, huge, subnormal and negative arguments.
        for (a, b) in [
            (f64::INFINITY, f64::INFINITY),
            (1e300, 1e-300),
            (1e-300, 1e300),
            (5e-324, 5e-324),
            (f64::MAX, f64::MAX),
            (1e200, 1e200),
            (-3.0, 8.0),
        ] {
            let q = marcum_q1(a, b);
            assert!((0.0..=1.0).contains(&q), "Q1({a}, {b}) = {q}");
        }
        assert_eq!(marcum_q1(-3.0, 8.0), marcum_q1(3.0, 8.0));
        assert_eq!(marcum_q1(1e300, 1e-300), 1.0);
        assert!((marcum_q1(1e17, 1e17) - 0.5).abs() < 1e-5);
        assert!((marcum_q1(1e200, 1e200) - 0.5).abs() < 1e-5);
    }

    #[test]
    fn marcum_q1_symmetry_identity() {
        // Q1(a, b) + Q1(b, a) = 1 + exp(−(a² + b²)/2)·I0(a·b).
        for (a, b) in [(0.3, 0.7), (1.5, 2.5), (4.0, 3.0), (6.0, 7.5)] {
            let lhs = marcum_q1(a, b) + marcum_q1(b, a);
            let rhs = 1.0 + (-(a * a + b * b) / 2.0).exp() * puruspe::In(0, a * b);
            assert!(rel(lhs, rhs) < 1e-12, "({a}, {b}): {lhs} vs {rhs}");
        }
    }

    #[test]
    fn marcum_q1_matches_rice_integral() {
        // Independent path: quadrature of the Rice pdf x·exp(−(x−a)²/2)·[e^(−ax) I0(ax)].
        for (a, b) in [(1.2, 0.8), (2.0, 4.0), (0.4, 2.2)] {
            let pdf = |x: f64| x * (-(x * x + a * a) / 2.0).exp() * puruspe::In(0, a * x);
            let q = integrate(pdf, b, a + b + 20.0, 200);
            assert!(rel(marcum_q1(a, b), q) < 1e-10, "({a}, {b})");
        }
    }
}
