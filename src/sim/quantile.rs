//! The sample quantile every statistic of a run uses, and the spread over weather
//! realizations built on it.

use serde::{Deserialize, Serialize};

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
/// Mean and P10, P50, P90 of a sample (over weather realizations).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Arithmetic mean.
    pub mean: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

impl Spread {
    /// The spread of `values` (any order; NaN-free).
    pub fn of(values: &[f64]) -> Spread {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let mean = if values.is_empty() {
            f64::NAN
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        };
        Spread {
            mean,
            p10: quantile_sorted(&sorted, 0.1),
            p50: quantile_sorted(&sorted, 0.5),
            p90: quantile_sorted(&sorted, 0.9),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_numpy() {
        // numpy.quantile([1, 2, 3, 4], [0.1, 0.5, 0.9]) = [1.3, 2.5, 3.7]
        let s = Spread::of(&[4.0, 1.0, 3.0, 2.0]);
        assert!(
            (s.p10 - 1.3).abs() < 1e-12
                && (s.p50 - 2.5).abs() < 1e-12
                && (s.p90 - 3.7).abs() < 1e-12
        );
        assert_eq!(s.mean, 2.5);
        assert!(quantile_sorted(&[], 0.5).is_nan());
    }
}
