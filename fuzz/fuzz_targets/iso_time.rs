//! ISO 8601 UTC times: `oslink::time::parse_utc` on text, and the formatting of any f64 Unix
//! time by `format_unix_ms` (the first 8 input bytes, little-endian), each checked by a round
//! trip through the parser and against chrono's own formatting.
#![no_main]

use chrono::{DateTime, Datelike, Utc};
use libfuzzer_sys::fuzz_target;
use oslink::time::{format_unix_ms, format_utc_ms, parse_utc, unix_seconds};

mod common;

/// Milliseconds since the Unix epoch that `format_unix_ms` writes for `unix_s`: rounded to
/// the nearest ms and clamped to chrono's range (its documented behaviour).
fn expected_ms(unix_s: f64) -> i64 {
    let (lo, hi) = (
        DateTime::<Utc>::MIN_UTC.timestamp_millis(),
        DateTime::<Utc>::MAX_UTC.timestamp_millis(),
    );
    ((unix_s * 1000.0).round() as i64).clamp(lo, hi)
}

/// `text`, written by `format_unix_ms`, must parse back to `ms` and read as chrono writes it.
fn check_round_trip(text: &str, ms: i64, what: &dyn std::fmt::Debug) {
    let t = DateTime::<Utc>::from_timestamp_millis(ms).expect("clamped into chrono's range");
    // chrono writes years outside 0000..=9999 with a sign (ISO 8601 expanded years), the
    // library without one: compare the four-digit years only.
    if (0..=9999).contains(&t.year()) {
        let chrono_text = t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string();
        assert_eq!(
            text, chrono_text,
            "format of {what:?} differs from chrono's"
        );
    }
    if !(1..=9999).contains(&t.year()) {
        // Finding F2 (fixed): outside the four-digit years the expanded form is written (as
        // chrono does) and refused by parse_utc.
        assert!(parse_utc(text).is_err(), "{text:?} outside 0001-9999 was read");
        return;
    }
    match parse_utc(text) {
        Ok(back) => assert_eq!(
            back.timestamp_millis(),
            ms,
            "{text:?} (the format of {what:?}) parses back as {back:?}"
        ),
        Err(e) => panic!("{text:?} (the format of {what:?}) does not parse back: {e}"),
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match parse_utc(text) {
            Ok(t) => {
                let unix_s = unix_seconds(t);
                assert!(unix_s.is_finite(), "{text:?} parsed to {t:?} = {unix_s} s");
                let formatted = format_utc_ms(t);
                // Rounded to the ms through f64 seconds: the same value format_unix_ms takes.
                check_round_trip(&formatted, expected_ms(unix_s), &text);
            }
            Err(e) => {
                common::render(&e);
            }
        }
    }
    if let Some(bytes) = data.get(..8) {
        let unix_s = f64::from_le_bytes(bytes.try_into().expect("8 bytes"));
        let formatted = format_unix_ms(unix_s);
        if unix_s.is_nan() {
            assert_eq!(formatted, "NaN");
        } else {
            check_round_trip(&formatted, expected_ms(unix_s), &unix_s);
        }
    }
});
