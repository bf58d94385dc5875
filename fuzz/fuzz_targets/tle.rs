//! TLE / 3LE catalogue text through `oslink::parse_tle` (and the first two lines through
//! `from_tle_lines`, the scenario's inline `tle = [...]`), then SGP4 on what it accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match oslink::parse_tle(text, "fuzz.tle") {
        Ok(satellites) => common::check_satellites(&satellites),
        Err(e) => {
            common::render(&e);
        }
    }
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    if let (Some(l1), Some(l2)) = (lines.next(), lines.next()) {
        match oslink::from_tle_lines("", l1, l2) {
            Ok(satellite) => common::check_satellites(&[satellite]),
            Err(e) => {
                common::render(&e);
            }
        }
    }
});
