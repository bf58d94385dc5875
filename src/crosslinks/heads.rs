//! Crosslink terminal heads: which visibility windows get a head at each end.
//!
//! Policy (first come, first served): windows are taken in start order (ties by crosslink
//! index). A window takes the earliest-free head at each of its two ends from the first
//! instant t ≥ its start at which both ends have one free, and holds both to its end. Data
//! flows from t + acquisition; a window whose head frees too late for that (t + acquisition ≥
//! its end) takes no head and carries no data. A satellite's heads never hold more links at
//! once than it has heads.

/// One visibility window to schedule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Request {
    /// The satellites at the two ends (indices).
    pub ends: [usize; 2],
    /// Visibility start, Unix s UTC.
    pub start_unix_s: f64,
    /// Visibility end, Unix s UTC.
    pub end_unix_s: f64,
    /// Time from taking the heads to the first data, s.
    pub acquisition_s: f64,
}

/// What a window got.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Grant {
    /// When both heads were free (≥ the window start), Unix s UTC.
    pub heads_unix_s: f64,
    /// First data, `heads_unix_s + acquisition_s`, Unix s UTC.
    pub data_start_unix_s: f64,
}

/// The grant of each request (same order), `None` where no head was free in time. `heads[i]`
/// is the number of heads of satellite i. Requests must be sorted by (start, crosslink).
pub(super) fn assign(requests: &[Request], heads: &[u32]) -> Vec<Option<Grant>> {
    // busy[i][h]: when head h of satellite i frees, Unix s UTC (−∞: free).
    let mut busy: Vec<Vec<f64>> = heads
        .iter()
        .map(|&n| vec![f64::NEG_INFINITY; n as usize])
        .collect();
    // The index of the earliest-free head (lowest index on ties: deterministic).
    let earliest = |heads: &[f64]| {
        (0..heads.len()).fold(0, |best, h| if heads[h] < heads[best] { h } else { best })
    };
    requests
        .iter()
        .map(|r| {
            let [a, b] = r.ends;
            let (ha, hb) = (earliest(&busy[a]), earliest(&busy[b]));
            let t = r.start_unix_s.max(busy[a][ha]).max(busy[b][hb]);
            let data_start_unix_s = t + r.acquisition_s;
            if data_start_unix_s >= r.end_unix_s {
                return None;
            }
            busy[a][ha] = r.end_unix_s;
            busy[b][hb] = r.end_unix_s;
            Some(Grant {
                heads_unix_s: t,
                data_start_unix_s,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(a: usize, b: usize, start: f64, end: f64, acquisition: f64) -> Request {
        Request {
            ends: [a, b],
            start_unix_s: start,
            end_unix_s: end,
            acquisition_s: acquisition,
        }
    }

    #[test]
    fn one_head_serves_overlapping_windows_in_turn() {
        // Satellite 0 (one head) sees relays 1 and 2 over overlapping windows: the second
        // waits for the first to end; a third that ends before the head frees gets nothing.
        let requests = [
            request(0, 1, 0.0, 100.0, 10.0),
            request(0, 2, 50.0, 300.0, 10.0),
            request(0, 1, 60.0, 250.0, 10.0),
        ];
        let grants = assign(&requests, &[1, 4, 4]);
        assert_eq!(grants[0].unwrap().data_start_unix_s, 10.0);
        let second = grants[1].unwrap();
        assert_eq!(
            (second.heads_unix_s, second.data_start_unix_s),
            (100.0, 110.0)
        );
        assert_eq!(grants[2], None);
        // With two heads all three run, each from its own start.
        let grants = assign(&requests, &[2, 4, 4]);
        assert_eq!(grants[1].unwrap().heads_unix_s, 50.0);
        assert_eq!(grants[2].unwrap().heads_unix_s, 100.0);
    }

    #[test]
    fn acquisition_longer_than_the_window_gives_no_data() {
        let grants = assign(&[request(0, 1, 0.0, 30.0, 30.0)], &[1, 1]);
        assert_eq!(grants, [None]);
        // A refused window holds no head: the next one starts at once.
        let grants = assign(
            &[
                request(0, 1, 0.0, 30.0, 30.0),
                request(0, 1, 10.0, 90.0, 30.0),
            ],
            &[1, 1],
        );
        assert_eq!(grants[1].unwrap().data_start_unix_s, 40.0);
    }

    #[test]
    fn never_more_links_than_heads() {
        // Ten relays in view of one LEO with three heads over staggered windows: at any
        // instant at most three grants are live at satellite 0.
        let requests: Vec<_> = (0..10)
            .map(|k| request(0, k + 1, 10.0 * k as f64, 10.0 * k as f64 + 55.0, 1.0))
            .collect();
        let grants = assign(&requests, &[3; 11]);
        for t in (0..150).map(|t| t as f64 + 0.5) {
            let live = requests
                .iter()
                .zip(&grants)
                .filter(|(r, g)| g.is_some_and(|g| g.heads_unix_s <= t && t < r.end_unix_s))
                .count();
            assert!(live <= 3, "{live} links at {t}");
        }
        assert!(grants.iter().filter(|g| g.is_some()).count() >= 5);
    }
}
