//! Which part of the work shard K of N takes: `K/N` parsed and validated, and contiguous
//! ranges of items cut at equal cumulative estimated work.

use std::ops::Range;
use std::str::FromStr;

use crate::error::{Error, Result};

/// The most shards a run or a sweep may be cut into (a Slurm array is at most
/// `MaxArraySize`, 1001 by default; a Kubernetes Indexed Job at most 100 000 completions).
pub const MAX_SHARDS: usize = 100_000;

/// Shard `index` of `count` (`--shard K/N`, K counted from 0 as `$SLURM_ARRAY_TASK_ID` and
/// `$JOB_COMPLETION_INDEX` are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// K, 0 ≤ K < N.
    pub index: usize,
    /// N, 1 ≤ N ≤ [`MAX_SHARDS`].
    pub count: usize,
}

impl Shard {
    /// Shard `index` of `count`; errors name `--shard` and what is allowed.
    pub fn new(index: usize, count: usize) -> Result<Shard> {
        let text = format!("{index}/{count}");
        if count == 0 || count > MAX_SHARDS {
            return Err(Error::invalid(
                "--shard",
                text,
                format!("K/N with N from 1 to {MAX_SHARDS}"),
            ));
        }
        if index >= count {
            return Err(Error::invalid(
                "--shard",
                text,
                format!(
                    "K/N with K from 0 to N − 1 = {} (K counts from 0)",
                    count - 1
                ),
            ));
        }
        Ok(Shard { index, count })
    }

    /// The items of this shard among items of estimated work `work` (one value per item, in
    /// order): a contiguous range; the ranges of shards 0..N follow each other and cover
    /// every item: item i goes to the shard its work's midpoint falls in.
    pub fn range_of(&self, work: &[f64]) -> Range<usize> {
        partition(work, self.count)[self.index].clone()
    }
}

impl FromStr for Shard {
    type Err = Error;

    fn from_str(s: &str) -> Result<Shard> {
        let bad = || {
            Error::invalid(
                "--shard",
                format!("{s:?}"),
                "K/N: two integers, shard K (from 0) of N, e.g. 0/4 or $SLURM_ARRAY_TASK_ID/4",
            )
        };
        let (k, n) = s.trim().split_once('/').ok_or_else(bad)?;
        let k: usize = k.trim().parse().map_err(|_| bad())?;
        let n: usize = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Cuts items of estimated work `work` into `count` contiguous ranges of about equal work:
/// item i goes to shard ⌊count · (W_{i−1} + w_i/2) / W⌋ (W_i the cumulative work, W the
/// total), the shard its work's midpoint falls in. Each shard's work then differs from W/N by
/// at most the largest item; a shard gets no item when items are fewer than shards or one
/// item outweighs several shards' share. Negative or non-finite work counts as 0; with no
/// work at all the items are cut by count.
pub(crate) fn partition(work: &[f64], count: usize) -> Vec<Range<usize>> {
    let count = count.max(1);
    let clean: Vec<f64> = work
        .iter()
        .map(|&w| if w.is_finite() && w > 0.0 { w } else { 0.0 })
        .collect();
    let total: f64 = clean.iter().sum();
    let (clean, total) = if total > 0.0 && total.is_finite() {
        (clean, total)
    } else {
        (vec![1.0; work.len()], work.len() as f64)
    };
    let mut ranges = vec![0..0; count];
    let mut before = 0.0;
    let mut shard_of_previous = 0;
    let mut start = 0;
    for (i, w) in clean.iter().enumerate() {
        let mid = before + 0.5 * w;
        before += w;
        let shard = ((mid / total * count as f64) as usize)
            .min(count - 1)
            .max(shard_of_previous);
        if shard != shard_of_previous {
            ranges[shard_of_previous] = start..i;
            for r in ranges.iter_mut().take(shard).skip(shard_of_previous + 1) {
                *r = i..i;
            }
            start = i;
            shard_of_previous = shard;
        }
    }
    ranges[shard_of_previous] = start..work.len();
    for r in ranges.iter_mut().skip(shard_of_previous + 1) {
        *r = work.len()..work.len();
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_cover(ranges: &[Range<usize>], n_items: usize) {
        let mut next = 0;
        for r in ranges {
            assert_eq!(r.start, next, "{ranges:?}");
            assert!(r.end >= r.start, "{ranges:?}");
            next = r.end;
        }
        assert_eq!(next, n_items, "{ranges:?}");
    }

    #[test]
    fn equal_items_are_cut_by_count() {
        let r = partition(&[1.0; 10], 4);
        check_cover(&r, 10);
        // Midpoints 0.5, 1.5, … of 10 → shards ⌊4·(i + 0.5)/10⌋ = 0,0,1,1,1,2,2,3,3,3.
        assert_eq!(r, vec![0..2, 2..5, 5..7, 7..10]);
        assert_eq!(partition(&[1.0; 8], 4), vec![0..2, 2..4, 4..6, 6..8]);
    }

    #[test]
    fn unequal_items_are_balanced_within_the_largest_item() {
        // One heavy item (a geostationary satellite) among light ones.
        let mut work = vec![1.0; 40];
        work[5] = 30.0;
        let r = partition(&work, 4);
        check_cover(&r, 40);
        let total: f64 = work.iter().sum();
        for range in &r {
            let w: f64 = work[range.clone()].iter().sum();
            assert!((w - total / 4.0).abs() <= 30.0, "{r:?}: {w}");
        }
        // Its midpoint, 5 + 15 = 20 of 69, falls in shard ⌊4·20/69⌋ = 1.
        assert!(r[1].contains(&5), "{r:?}");
    }

    #[test]
    fn fewer_items_than_shards_leave_shards_empty() {
        let r = partition(&[1.0, 1.0], 5);
        check_cover(&r, 2);
        assert_eq!(r.iter().filter(|r| !r.is_empty()).count(), 2);
        let r = partition(&[], 3);
        assert_eq!(r, vec![0..0, 0..0, 0..0]);
        // No usable work: by count.
        assert_eq!(partition(&[0.0, f64::NAN, -1.0, 0.0], 2), vec![0..2, 2..4]);
    }

    #[test]
    fn parse_and_refuse() {
        assert_eq!("3/4".parse::<Shard>().unwrap(), Shard::new(3, 4).unwrap());
        assert_eq!(" 0 / 1 ".parse::<Shard>().unwrap().to_string(), "0/1");
        for bad in ["4/4", "0/0", "1", "-1/4", "a/b", "1/100001", "1/4/5"] {
            let e = bad.parse::<Shard>().unwrap_err().to_string();
            assert!(e.starts_with("--shard = "), "{bad}: {e}");
        }
        let e = "4/4".parse::<Shard>().unwrap_err().to_string();
        assert!(e.contains("K from 0 to N − 1 = 3"), "{e}");
    }
}
