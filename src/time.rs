//! UTC instants, ISO 8601 parsing and formatting, Julian dates and time grids.
//!
//! Inside the library an instant is `f64` seconds since the Unix epoch (UTC, POSIX: no leap
//! seconds), the form the hot loops use; at the edges it is a [`UtcTime`]. One ulp of a 2026
//! Unix time is 2.4e-7 s, far below any tolerance here. UT1 ≈ UTC unless a DUT1 is given.
//!
//! [`UtcTime`]: crate::time::UtcTime

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::error::Error;

/// A UTC instant at the library's edges (parsing, output).
pub type UtcTime = DateTime<Utc>;

/// Julian date of the Unix epoch 1970-01-01T00:00:00Z.
pub const JD_UNIX_EPOCH: f64 = 2_440_587.5;
/// Julian date of J2000.0 (2000-01-01T12:00:00 TT, used here on the UTC/UT1 scale).
pub const JD_J2000: f64 = 2_451_545.0;

/// Parses an ISO 8601 UTC instant: `2026-03-19T00:00:00Z`, with optional fractional seconds,
/// an explicit `+00:00` offset, no zone (taken as UTC), or a bare date (midnight UTC). Years
/// are the four-digit years 0001–9999 of ISO 8601 without expansion.
pub fn parse_utc(text: &str) -> Result<UtcTime, Error> {
    use chrono::Datelike;
    let t = parse_any_year(text)?;
    if !(1..=9999).contains(&t.year()) {
        return Err(Error::Time {
            value: text.to_string(),
            reason: "years must be 0001 to 9999".into(),
        });
    }
    Ok(t)
}

fn parse_any_year(text: &str) -> Result<UtcTime, Error> {
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
    format_unix_ms(unix_seconds(t))
}

/// Formats Unix seconds as ISO 8601 UTC with milliseconds (rounded to the nearest ms).
pub fn format_unix_ms(unix_s: f64) -> String {
    let mut out = String::with_capacity(24);
    write_unix_ms(&mut out, unix_s);
    out
}

/// Appends Unix seconds as ISO 8601 UTC with milliseconds to `out`, without chrono's format
/// parser: the output files format one timestamp per row, and this is 30× faster.
///
/// Total: times beyond chrono's range (years ±262 143) are clamped to it, and NaN is written
/// as `NaN` (user times are range-checked before they get here; this only keeps a bad
/// intermediate from overflowing).
pub(crate) fn write_unix_ms(out: &mut String, unix_s: f64) {
    use std::fmt::Write;
    if unix_s.is_nan() {
        out.push_str("NaN");
        return;
    }
    let ms = clamped_ticks(unix_s, 1_000);
    let (days, ms_of_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    let (s, ms) = (ms_of_day / 1000, ms_of_day % 1000);
    // Years outside 0000–9999 in the expanded form of ISO 8601 (sign, at least 4 digits).
    if (0..=9999).contains(&year) {
        let _ = write!(out, "{year:04}");
    } else {
        let _ = write!(out, "{year:+05}");
    }
    let _ = write!(
        out,
        "-{month:02}-{day:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    );
}

/// (year, month, day) of a count of days since 1970-01-01 in the proleptic Gregorian calendar
/// (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // March-based month [0, 11]
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Seconds since the Unix epoch (UTC) of an instant, with sub-microsecond resolution.
pub fn unix_seconds(t: UtcTime) -> f64 {
    t.timestamp() as f64 + f64::from(t.timestamp_subsec_nanos()) * 1e-9
}

/// `unix_s · per_second` rounded to an integer count clamped to the instants chrono
/// represents ([`DateTime::MIN_UTC`] to [`DateTime::MAX_UTC`], years ±262 143); NaN gives 0.
/// `per_second` is 1000 (ms) or 10^6 (µs).
fn clamped_ticks(unix_s: f64, per_second: i64) -> i64 {
    let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    let (lo, hi) = if per_second == 1_000 {
        (min.timestamp_millis(), max.timestamp_millis())
    } else {
        (min.timestamp_micros(), max.timestamp_micros())
    };
    // `as` saturates (and maps NaN to 0).
    ((unix_s * per_second as f64).round() as i64).clamp(lo, hi)
}

/// The instant `unix_s` seconds after the Unix epoch, rounded to the nearest microsecond.
/// Total: clamped to chrono's range (see `clamped_ticks`); NaN gives the Unix epoch.
pub(crate) fn from_unix_seconds(unix_s: f64) -> UtcTime {
    DateTime::from_timestamp_micros(clamped_ticks(unix_s, 1_000_000))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Julian date (UTC scale) of Unix seconds: JD = 2440587.5 + t/86400.
#[inline]
pub fn julian_date(unix_s: f64) -> f64 {
    JD_UNIX_EPOCH + unix_s / crate::units::SECONDS_PER_DAY
}

/// Days since J2000.0 of Unix seconds, computed without the precision loss of a full JD.
#[inline]
pub(crate) fn days_since_j2000(unix_s: f64) -> f64 {
    // J2000.0 as Unix time is 946 728 000 s.
    (unix_s - 946_728_000.0) / crate::units::SECONDS_PER_DAY
}

/// Month (1–12) of Unix seconds, UTC.
pub(crate) fn month_of(unix_s: f64) -> u32 {
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
    fn years_beyond_four_digits_are_refused_in_and_expanded_out() {
        // Fuzz finding F2: "-0001-…" was read, and years < 0 / > 9999 were written in forms
        // that are not ISO 8601 (three digits, no sign).
        for text in [
            "-0001-01-01T00:00:00",
            "0000-06-01T00:00:00Z",
            "+10000-01-01",
        ] {
            let e = parse_utc(text).map(|_| ()).unwrap_err().to_string();
            assert!(
                e.contains("years must be 0001 to 9999") || e.contains("expected"),
                "{e}"
            );
        }
        assert!(parse_utc("9999-12-31T23:00:00Z").is_ok());
        assert!(parse_utc("0001-01-01T00:00:00Z").is_ok());
        let year_s = 365.2425 * 86_400.0;
        let t10000 = unix_seconds(parse_utc("9999-12-31T23:00:00Z").unwrap()) + 12.0 * 3600.0;
        assert_eq!(format_unix_ms(t10000), "+10000-01-01T11:00:00.000Z");
        let before_0 = unix_seconds(parse_utc("0001-01-01T00:00:00Z").unwrap()) - 1.5 * year_s;
        assert!(
            format_unix_ms(before_0).starts_with("-0001-"),
            "{}",
            format_unix_ms(before_0)
        );
        assert_eq!(
            format_unix_ms(-62_135_596_800.0),
            "0001-01-01T00:00:00.000Z"
        );
    }

    #[test]
    fn fast_formatting_matches_chrono() {
        // Every 7919.123 s over ±60 years around 2000 (leap years, centuries, negative times).
        let mut t = -946_728_000.0;
        while t < 2_840_140_800.0 {
            let chrono = from_unix_seconds((t * 1e3f64).round() / 1e3)
                .format("%Y-%m-%dT%H:%M:%S%.3fZ")
                .to_string();
            assert_eq!(format_unix_ms(t), chrono, "{t}");
            t += 7_919.123;
        }
        assert_eq!(format_unix_ms(951_782_400.0), "2000-02-29T00:00:00.000Z");
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
    fn far_times_are_clamped_not_overflowed() {
        // ±1e300 s used to saturate to i64 and format year ±292 million (+1e300 s converted
        // to chrono's *minimum* instant).
        let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        let micros = |t: UtcTime| t.timestamp_micros();
        assert_eq!(micros(from_unix_seconds(1e300)), micros(max));
        assert_eq!(micros(from_unix_seconds(f64::INFINITY)), micros(max));
        assert_eq!(micros(from_unix_seconds(-1e300)), micros(min));
        assert_eq!(from_unix_seconds(f64::NAN).timestamp(), 0);
        use chrono::Datelike;
        assert_eq!(
            format_unix_ms(1e300),
            format!("{:+05}-12-31T23:59:59.999Z", max.year())
        );
        assert_eq!(
            format_unix_ms(-1e300),
            format!("{:+05}-01-01T00:00:00.000Z", min.year())
        );
        assert_eq!(format_unix_ms(f64::NAN), "NaN");
        assert_eq!(month_of(1e300), 12);
        assert_eq!(month_of(-1e300), 1);
    }

    #[test]
    fn grid_ends_inside() {
        let g: Vec<f64> = grid(0.0, 10.0, 3.0).collect();
        assert_eq!(g, vec![0.0, 3.0, 6.0, 9.0]);
        assert_eq!(grid(0.0, 9.0, 3.0).count(), 4);
        assert_eq!(grid(5.0, 1.0, 1.0).count(), 0);
    }
}
