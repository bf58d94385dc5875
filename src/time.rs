//! UTC instants, ISO 8601 parsing and formatting, Julian dates and time grids.
//!
//! Inside the library an instant is `f64` seconds since the Unix epoch (UTC, POSIX: no leap
//! seconds), the form the hot loops use; at the edges it is a [`UtcTime`]. One ulp of a 2026
//! Unix time is 2.4e-7 s, far below any tolerance here. UT1 ≈ UTC unless a DUT1 is given.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::error::Error;

/// A UTC instant at the library's edges (parsing, output).
pub type UtcTime = DateTime<Utc>;

/// Julian date of the Unix epoch 1970-01-01T00:00:00Z.
pub const JD_UNIX_EPOCH: f64 = 2_440_587.5;
/// Julian date of J2000.0 (2000-01-01T12:00:00 TT, used here on the UTC/UT1 scale).
pub const JD_J2000: f64 = 2_451_545.0;

/// Parses an ISO 8601 UTC instant: `2026-03-19T00:00:00Z`, with optional fractional seconds,
/// an explicit `+00:00` offset, no zone (taken as UTC), or a bare date (midnight UTC).
pub fn parse_utc(text: &str) -> Result<UtcTime, Error> {
    let s = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(Utc.from_utc_datetime(&t));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight exists")));
    }
    Err(Error::Time {
        value: text.to_string(),
        reason: "expected an ISO 8601 UTC time such as 2026-03-19T00:00:00Z".into(),
    })
}

/// Formats an instant as ISO 8601 UTC with milliseconds: `2026-03-19T04:12:07.250Z`.
pub fn format_utc_ms(t: UtcTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Formats Unix seconds as ISO 8601 UTC with milliseconds.
pub fn format_unix_ms(unix_s: f64) -> String {
    format_utc_ms(from_unix_seconds(unix_s))
}

/// Seconds since the Unix epoch (UTC) of an instant, with sub-microsecond resolution.
pub fn unix_seconds(t: UtcTime) -> f64 {
    t.timestamp() as f64 + f64::from(t.timestamp_subsec_nanos()) * 1e-9
}

/// The instant `unix_s` seconds after the Unix epoch, rounded to the nearest microsecond.
pub fn from_unix_seconds(unix_s: f64) -> UtcTime {
    let micros = (unix_s * 1e6).round() as i64;
    DateTime::from_timestamp_micros(micros).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Julian date (UTC scale) of Unix seconds: JD = 2440587.5 + t/86400.
#[inline]
pub fn julian_date(unix_s: f64) -> f64 {
    JD_UNIX_EPOCH + unix_s / crate::units::SECONDS_PER_DAY
}

/// Days since J2000.0 of Unix seconds, computed without the precision loss of a full JD.
#[inline]
pub fn days_since_j2000(unix_s: f64) -> f64 {
    // J2000.0 as Unix time is 946 728 000 s.
    (unix_s - 946_728_000.0) / crate::units::SECONDS_PER_DAY
}

/// Month (1–12) of Unix seconds, UTC.
pub fn month_of(unix_s: f64) -> u32 {
    use chrono::Datelike;
    from_unix_seconds(unix_s).month()
}

/// An evenly spaced time grid `start, start + step, …` that ends exactly at or before `end`.
pub fn grid(start_unix_s: f64, end_unix_s: f64, step_s: f64) -> impl Iterator<Item = f64> {
    let n = if step_s > 0.0 && end_unix_s >= start_unix_s {
        ((end_unix_s - start_unix_s) / step_s + 1e-9).floor() as usize + 1
    } else {
        0
    };
    (0..n).map(move |i| start_unix_s + i as f64 * step_s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let t = parse_utc("2026-03-19T04:12:07.25Z").unwrap();
        assert_eq!(format_utc_ms(t), "2026-03-19T04:12:07.250Z");
        assert_eq!(
            parse_utc("2026-03-19").unwrap(),
            parse_utc("2026-03-19T00:00:00Z").unwrap()
        );
        assert!(parse_utc("19/03/2026").is_err());
    }

    #[test]
    fn unix_and_julian() {
        let t = parse_utc("2000-01-01T12:00:00Z").unwrap();
        assert_eq!(unix_seconds(t), 946_728_000.0);
        assert_eq!(julian_date(unix_seconds(t)), JD_J2000);
        assert_eq!(days_since_j2000(unix_seconds(t)), 0.0);
        assert_eq!(from_unix_seconds(unix_seconds(t)), t);
    }

    #[test]
    fn grid_ends_inside() {
        let g: Vec<f64> = grid(0.0, 10.0, 3.0).collect();
        assert_eq!(g, vec![0.0, 3.0, 6.0, 9.0]);
        assert_eq!(grid(0.0, 9.0, 3.0).count(), 4);
        assert_eq!(grid(5.0, 1.0, 1.0).count(), 0);
    }
}
