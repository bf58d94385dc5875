//! The regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a).
//!
//! `puruspe::gammp` (Numerical Recipes 3rd ed., §6.2: series for x < a + 1, continued fraction
//! above) except below its cut-off x < a·ε, where puruspe returns 0. There the series of
//! Abramowitz & Stegun 6.5.29,
//!
//! P(a, x) = x^a·e^(−x)/Γ(a + 1) · [1 + x/(a + 1) + x²/((a + 1)(a + 2)) + …],
//!
//! is far from 0 for a small shape a: P(0.01, 1e-50) = 10^(−0.5)/Γ(1.01) = 0.318. (The
//! Gamma–Gamma CDF of a weak small-scale parameter reaches such arguments in deep fades.) With
//! x < a·ε the third term is below ε² of the first: two terms are exact to rounding.
//!
//! puruspe also returns NaN for some large shapes (a ≳ 100, e.g. P(1974.8, 520.6)); there the
//! Wilson–Hilferty normal approximation (Johnson, Kotz & Balakrishnan, *Continuous Univariate
//! Distributions* vol. 1, 2nd ed., eq. 17.118: (X/a)^(1/3) ≈ N(1 − 1/(9a), 1/(9a))) is used,
//! good to ~1e-4 absolute at a = 100 and better above. (oslink's own calls stay below a = 50:
//! larger Gamma–Gamma shapes are taken as log-normal.)

/// P(a, x) for a > 0 and x ≥ 0 (finite); NaN otherwise, never a panic.
pub(crate) fn gamma_p(a: f64, x: f64) -> f64 {
    if !(a > 0.0 && x >= 0.0) || a.is_infinite() {
        return f64::NAN;
    }
    if x == 0.0 {
        return 0.0;
    }
    if x < a * f64::EPSILON {
        let ln_p = a * x.ln() - x - libm::lgamma(a + 1.0);
        // (∞ − ∞ for a near f64::MAX, where P is 0: x is far below the mean a.)
        return if ln_p.is_nan() {
            0.0
        } else {
            (ln_p.exp() * (1.0 + x / (a + 1.0))).min(1.0)
        };
    }
    // (Clamped: for tiny shapes puruspe overshoots 1 by ~1e-6, e.g. P(2.6e-11, 0.01).)
    let p = puruspe::gammp(a, x).clamp(0.0, 1.0);
    if p.is_nan() {
        // (For a beyond ~1e300, 1/(9a) underflows: z is then ±∞ and P a step at x = a.)
        let v = 1.0 / (9.0 * a);
        let z = ((x / a).cbrt() - (1.0 - v)) / v.sqrt();
        let step = if x < a { 0.0 } else { 1.0 };
        if !z.is_finite() || z.abs() > 30.0 {
            return step;
        }
        let p = crate::numerics::norm_cdf(z);
        return if p.is_nan() { step } else { p.clamp(0.0, 1.0) };
    }
    p
}

#[cfg(test)]
mod tests {
    use super::gamma_p;

    #[test]
    fn small_arguments_follow_the_series() {
        // x^a/Γ(a + 1) for x ≪ a: Γ(1.01) = 0.994325851191506 (A&S table 6.1).
        let g = 0.994_325_851_191_506_f64;
        for (x, want) in [(1e-50, 1e-50f64.powf(0.01) / g), (1e-300, 1e-3 / g)] {
            let got = gamma_p(0.01, x);
            assert!(((got - want) / want).abs() < 1e-12, "{x}: {got} vs {want}");
        }
        // Continuous across puruspe's cut-off x = a·ε (relative step below 1e-12).
        let a = 0.5;
        let cut = a * f64::EPSILON;
        let (below, above) = (
            gamma_p(a, cut * (1.0 - 1e-9)),
            gamma_p(a, cut * (1.0 + 1e-9)),
        );
        assert!(((above - below) / above).abs() < 1e-8, "{below} {above}");
        // P(1, x) = 1 − e^(−x), on both sides of the cut-off.
        for x in [1e-20_f64, 1e-3, 0.5, 3.0, 40.0] {
            let want = -(-x).exp_m1();
            let got = gamma_p(1.0, x);
            // (puruspe is good to ~5e-12 relative here: P(1, 1e-3).)
            assert!(
                ((got - want) / want).abs() <= 1e-10,
                "{x}: {got:e} vs {want:e}"
            );
        }
        assert!(gamma_p(f64::NAN, 1.0).is_nan() && gamma_p(1.0, -1.0).is_nan());
        // Where puruspe gives NaN (a fuzz finding): far below the mean, P ≈ 0; at the mean
        // of a large shape P → 1/2 + 1/(3·sqrt(2πa)) (the median is a − 1/3).
        let huge = gamma_p(f64::MAX, 1663.0);
        assert!((0.0..1e-300).contains(&huge), "{huge}");
        // puruspe overshoots 1 by ~1e-6 for tiny shapes: clamped to a probability.
        let p = gamma_p(2.5606367320607427e-11, 0.01);
        assert!((0.999..=1.0).contains(&p), "{p}");
        let p = gamma_p(1974.8125, 520.5625);
        assert!((0.0..1e-100).contains(&p), "{p}");
        for a in [150.0, 1974.8125, 1e5] {
            let p = gamma_p(a, a);
            let want = 0.5 + 1.0 / (3.0 * (2.0 * std::f64::consts::PI * a).sqrt());
            assert!((p - want).abs() < 2e-3, "P({a}, {a}) = {p}, about {want}");
        }
        assert_eq!(gamma_p(2.0, 0.0), 0.0);
    }
}
