//! Brent's root finder (R. P. Brent, "Algorithms for Minimization without Derivatives",
//! Prentice-Hall 1973, ch. 4, procedure `zero`): inverse quadratic interpolation and secant
//! steps, falling back to bisection, so it never does worse than bisection on a bracket.

use crate::error::Result;

/// A root of `f` in `[a, b]` given `f(a) = fa` and `f(b) = fb` of opposite signs (or one of
/// them zero): a point within `xtol` (same unit as `a`, `b`) of a sign change where also
/// |f| ≤ `ftol`; where `f` is too steep for that, the bracket shrinks to the floating-point
/// resolution. Errors of `f` are passed through.
pub(crate) fn brent<F>(
    mut f: F,
    mut a: f64,
    mut b: f64,
    mut fa: f64,
    mut fb: f64,
    xtol: f64,
    ftol: f64,
) -> Result<f64>
where
    F: FnMut(f64) -> Result<f64>,
{
    if fa == 0.0 {
        return Ok(a);
    }
    if fb == 0.0 {
        return Ok(b);
    }
    debug_assert!(fa.signum() != fb.signum(), "brent needs a bracket");
    let (mut c, mut fc) = (a, fa);
    let (mut d, mut e) = (b - a, b - a);
    for _ in 0..200 {
        if fb.signum() == fc.signum() {
            (c, fc) = (a, fa);
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            (a, fa) = (b, fb);
            (b, fb) = (c, fc);
            (c, fc) = (a, fa);
        }
        let floor = 2.0 * f64::EPSILON * b.abs();
        let tol = if fb.abs() <= ftol {
            floor + 0.5 * xtol
        } else {
            2.0 * floor
        };
        let m = 0.5 * (c - b);
        if m.abs() <= tol || fb == 0.0 {
            return Ok(b);
        }
        if e.abs() >= tol && fa.abs() > fb.abs() {
            // Interpolation: secant when a == c, inverse quadratic otherwise.
            let s = fb / fa;
            let (mut p, mut q) = if a == c {
                (2.0 * m * s, 1.0 - s)
            } else {
                let (qa, r) = (fa / fc, fb / fc);
                (
                    s * (2.0 * m * qa * (qa - r) - (b - a) * (r - 1.0)),
                    (qa - 1.0) * (r - 1.0) * (s - 1.0),
                )
            };
            if p > 0.0 {
                q = -q;
            } else {
                p = -p;
            }
            if 2.0 * p < (3.0 * m * q - (tol * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = m;
                e = m;
            }
        } else {
            d = m;
            e = m;
        }
        (a, fa) = (b, fb);
        b += if d.abs() > tol { d } else { tol.copysign(m) };
        fb = f(b)?;
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_roots_to_tolerance() {
        let f = |x: f64| Ok(x.cos() - x);
        let r = brent(f, 0.0, 1.0, 1.0, 1f64.cos() - 1.0, 1e-12, f64::INFINITY).unwrap();
        assert!((r - 0.739_085_133_215_160_6).abs() < 1e-11, "{r}");
        // A step function: Brent degrades to bisection but still brackets the jump.
        let mut calls = 0;
        let step = |x: f64| {
            calls += 1;
            Ok(if x < 0.3 { -1.0 } else { 1.0 })
        };
        let r = brent(step, 0.0, 1.0, -1.0, 1.0, 1e-6, f64::INFINITY).unwrap();
        assert!((r - 0.3).abs() < 2e-6, "{r}");
        assert!(calls < 60, "{calls}");
        // A steep function: the value tolerance keeps refining below the time tolerance.
        let steep = |x: f64| Ok(1e6 * (x - 0.123_456_789));
        let r = brent(steep, 0.0, 1.0, -123_456.789, 876_543.211, 1e-3, 1e-3).unwrap();
        assert!((1e6 * (r - 0.123_456_789)).abs() <= 1e-3, "{r}");
    }
}
