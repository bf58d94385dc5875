//! Quadrature rules: Gauss–Legendre (a fixed 16-point table for composite panels, and the
//! nodes of any order by Newton's method) and adaptive Simpson.
//!
//! - [`integrate`]: composite Gauss–Legendre with 16 nodes per panel, nodes and weights from
//!   Abramowitz & Stegun table 25.4 (fading CDFs, Marcum Q for large bias).
//! - [`gauss_legendre`]: the n-point nodes and weights on [−1, 1], roots of P_n by Newton's
//!   method on the three-term recurrence (A&S 25.4.29 for the weights, 22.7.10 for the
//!   recurrence); the turbulence path moments use n = 20 on their own panels.
//! - [`adaptive_simpson`]: adaptive Simpson with Richardson correction (Lyness, "Notes on the
//!   adaptive Simpson quadrature routine", J. ACM 16(3), 1969), for the bivariate normal CDF.
//!
//! The 16-point table and `gauss_legendre(16)` agree to rounding (tested); both are kept
//! because the outputs were recorded with the table in `integrate` and with the computed
//! 20-point nodes in the turbulence moments.

/// Nodes and weights of the 16-point Gauss–Legendre rule on [−1, 1] (positive half; the rule
/// is symmetric). Abramowitz & Stegun table 25.4.
const GL16: [(f64, f64); 8] = [
    (0.095_012_509_837_637_44, 0.189_450_610_455_068_5),
    (0.281_603_550_779_258_9, 0.182_603_415_044_923_6),
    (0.458_016_777_657_227_4, 0.169_156_519_395_002_5),
    (0.617_876_244_402_643_8, 0.149_595_988_816_576_7),
    (0.755_404_408_355_003, 0.124_628_971_255_533_9),
    (0.865_631_202_387_831_7, 0.095_158_511_682_492_78),
    (0.944_575_023_073_232_6, 0.062_253_523_938_647_89),
    (0.989_400_934_991_649_9, 0.027_152_459_411_754_09),
];

/// ∫_lo^hi f(t) dt by `panels` equal panels of 16-point Gauss–Legendre.
pub(crate) fn integrate(f: impl Fn(f64) -> f64, lo: f64, hi: f64, panels: usize) -> f64 {
    let h = (hi - lo) / panels as f64;
    (0..panels)
        .map(|i| {
            let mid = lo + (i as f64 + 0.5) * h;
            let half = 0.5 * h;
            GL16.iter()
                .map(|&(x, w)| w * (f(mid - half * x) + f(mid + half * x)))
                .sum::<f64>()
                * half
        })
        .sum()
}

/// Gauss–Legendre nodes and weights on [−1, 1] (Newton iteration on P_n, Golub-free classic).
pub(crate) fn gauss_legendre(n: usize) -> Vec<(f64, f64)> {
    (0..n)
        .map(|i| {
            let mut x = (std::f64::consts::PI * (i as f64 + 0.75) / (n as f64 + 0.5)).cos();
            let mut dp = 1.0;
            for _ in 0..100 {
                // Recurrence (k+1)P_{k+1} = (2k+1)x P_k − k P_{k−1}.
                let (mut p0, mut p1) = (1.0, x);
                for k in 1..n {
                    let p2 = ((2 * k + 1) as f64 * x * p1 - k as f64 * p0) / (k + 1) as f64;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n as f64 * (x * p1 - p0) / (x * x - 1.0);
                let dx = p1 / dp;
                x -= dx;
                if dx.abs() < 1e-16 {
                    break;
                }
            }
            (x, 2.0 / ((1.0 - x * x) * dp * dp))
        })
        .collect()
}

/// ∫ₐᵇ f by adaptive Simpson with Richardson correction, absolute tolerance `tol`.
pub(crate) fn adaptive_simpson(
    f: &impl Fn(f64) -> f64,
    a: f64,
    b: f64,
    tol: f64,
    depth: u32,
) -> f64 {
    fn step(
        f: &impl Fn(f64) -> f64,
        (a, fa): (f64, f64),
        (m, fm): (f64, f64),
        (b, fb): (f64, f64),
        whole: f64,
        tol: f64,
        depth: u32,
    ) -> f64 {
        let (lm, rm) = (0.5 * (a + m), 0.5 * (m + b));
        let (flm, frm) = (f(lm), f(rm));
        let left = (m - a) / 6.0 * (fa + 4.0 * flm + fm);
        let right = (b - m) / 6.0 * (fm + 4.0 * frm + fb);
        let delta = left + right - whole;
        if depth == 0 || delta.abs() <= 15.0 * tol {
            return left + right + delta / 15.0;
        }
        // Halving stops at 1e-16: below that, rounding noise in f would never converge.
        let half = (0.5 * tol).max(1e-16);
        step(f, (a, fa), (lm, flm), (m, fm), left, half, depth - 1)
            + step(f, (m, fm), (rm, frm), (b, fb), right, half, depth - 1)
    }
    if a == b {
        return 0.0;
    }
    let m = 0.5 * (a + b);
    let (fa, fm, fb) = (f(a), f(m), f(b));
    let whole = (b - a) / 6.0 * (fa + 4.0 * fm + fb);
    step(f, (a, fa), (m, fm), (b, fb), whole, tol, depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn quadrature_weights_and_polynomials() {
        // The weights sum to 2 and the rule is exact for degree ≤ 31 on each panel.
        assert!((GL16.iter().map(|p| p.1).sum::<f64>() - 1.0).abs() < 1e-15);
        let v = integrate(|t| t.powi(30), 0.0, 1.0, 1);
        assert!(rel(v, 1.0 / 31.0) < 1e-13, "{v}");
        let v = integrate(|t| (-t * t).exp(), -10.0, 10.0, 20);
        assert!(rel(v, std::f64::consts::PI.sqrt()) < 1e-14, "{v}");
    }

    #[test]
    fn computed_nodes_match_the_table() {
        // gauss_legendre(16) and the A&S table: same nodes and weights to rounding; n = 20
        // integrates degree 39 exactly.
        let gl = gauss_legendre(16);
        for &(x, w) in &GL16 {
            let (xc, wc) = gl
                .iter()
                .copied()
                .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))
                .unwrap();
            assert!(
                (xc - x).abs() < 2e-16 && (wc - w).abs() < 2e-16,
                "{x} {w}: {xc} {wc}"
            );
        }
        let v: f64 = gauss_legendre(20)
            .iter()
            .map(|&(x, w)| w * x.powi(38))
            .sum();
        assert!(rel(v, 2.0 / 39.0) < 1e-13, "{v}");
    }

    #[test]
    fn adaptive_simpson_smooth_and_empty() {
        let v = adaptive_simpson(&|t: f64| t.cos(), 0.0, 1.0, 1e-13, 30);
        assert!((v - 1f64.sin()).abs() < 1e-13, "{v}");
        assert_eq!(adaptive_simpson(&|t: f64| t, 2.0, 2.0, 1e-13, 30), 0.0);
        let v = adaptive_simpson(&|t: f64| t * t, 1.0, 0.0, 1e-13, 30);
        assert!((v + 1.0 / 3.0).abs() < 1e-14, "{v}");
    }
}
