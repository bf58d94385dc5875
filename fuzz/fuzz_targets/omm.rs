//! CelesTrak GP JSON (OMM) text through `oslink::parse_omm`, then SGP4 on what it accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match oslink::parse_omm(text, "fuzz.json") {
        Ok(satellites) => common::check_satellites(&satellites),
        Err(e) => {
            common::render(&e);
        }
    }
});
