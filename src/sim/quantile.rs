//! The sample quantile every statistic of a run uses.

/// Linear-interpolated quantile (type 7 of Hyndman & Fan 1996, numpy's default) of **sorted**
/// data, `q` in [0, 1]. Empty data gives NaN.
pub(crate) fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}
