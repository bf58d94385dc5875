//! Brent's minimiser (R. P. Brent, *Algorithms for Minimization without Derivatives*,
//! Prentice-Hall 1973, ch. 5, procedure `localmin`): golden-section search with parabolic
//! interpolation steps, so it never does worse than golden section on a unimodal function
//! and converges superlinearly near a smooth minimum.

/// The minimum of `f` on `[lo, hi]`: (x, f(x)) with x within `rel_tol`·|x| + 1e-12 (same
/// unit as `lo`, `hi`) of a local minimum; the global one when `f` is unimodal there. At most
/// 100 steps (golden section alone shrinks the bracket by 0.618 per step).
pub(crate) fn minimize(f: impl Fn(f64) -> f64, lo: f64, hi: f64, rel_tol: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (lo, hi);
    let golden = 0.5 * (3.0 - 5f64.sqrt());
    let mut x = lo + golden * (hi - lo);
    let (mut w, mut v) = (x, x);
    let mut fx = f(x);
    let (mut fw, mut fv) = (fx, fx);
    let (mut d, mut e) = (0.0f64, 0.0f64);
    for _ in 0..100 {
        let m = 0.5 * (lo + hi);
        let tol1 = rel_tol * x.abs() + 1e-12;
        let tol2 = 2.0 * tol1;
        if (x - m).abs() <= tol2 - 0.5 * (hi - lo) {
            break;
        }
        let mut golden_step = true;
        if e.abs() > tol1 {
            // Parabola through (v, fv), (w, fw), (x, fx).
            let r = (x - w) * (fx - fv);
            let mut q = (x - v) * (fx - fw);
            let mut p = (x - v) * q - (x - w) * r;
            q = 2.0 * (q - r);
            if q > 0.0 {
                p = -p;
            } else {
                q = -q;
            }
            let e_old = e;
            e = d;
            if p.abs() < (0.5 * q * e_old).abs() && p > q * (lo - x) && p < q * (hi - x) {
                d = p / q;
                let u = x + d;
                if u - lo < tol2 || hi - u < tol2 {
                    d = if x < m { tol1 } else { -tol1 };
                }
                golden_step = false;
            }
        }
        if golden_step {
            e = if x < m { hi - x } else { lo - x };
            d = golden * e;
        }
        let u = x + if d.abs() >= tol1 { d } else { tol1.copysign(d) };
        let fu = f(u);
        if fu <= fx {
            if u < x {
                hi = x;
            } else {
                lo = x;
            }
            (v, fv) = (w, fw);
            (w, fw) = (x, fx);
            (x, fx) = (u, fu);
        } else {
            if u < x {
                lo = u;
            } else {
                hi = u;
            }
            if fu <= fw || w == x {
                (v, fv) = (w, fw);
                (w, fw) = (u, fu);
            } else if fu <= fv || v == x || v == w {
                (v, fv) = (u, fu);
            }
        }
    }
    (x, fx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_smooth_and_edge_minima() {
        // (x − 2)² + 1 on [0, 5]: x = 2, f = 1 (rel_tol 1e-8 → |Δx| ≤ 2e-8 + 1e-12).
        let (x, fx) = minimize(|x| (x - 2.0).powi(2) + 1.0, 0.0, 5.0, 1e-8);
        assert!(
            (x - 2.0).abs() < 1e-7 && (fx - 1.0).abs() < 1e-14,
            "{x} {fx}"
        );
        // cos on [0, 2π]: π, −1.
        let (x, fx) = minimize(f64::cos, 0.0, std::f64::consts::TAU, 1e-10);
        assert!((x - std::f64::consts::PI).abs() < 1e-6 && (fx + 1.0).abs() < 1e-12);
        // A monotonic function ends at the edge of the bracket (within the tolerance).
        let (x, _) = minimize(|x| x, 1.0, 3.0, 1e-9);
        assert!((x - 1.0).abs() < 1e-8, "{x}");
    }
}
