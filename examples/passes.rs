//! Passes of one satellite over one ground station, from a TLE written inline.
//!
//! Shows the orbit and access part of the library: `from_tle_lines` → `Satellite`,
//! `preset` → `Station`, `find_passes` → `Pass` (AOS, TCA, LOS, maximum elevation).
//!
//! Run with `cargo run --release --example passes`.

use oslink::time::{format_unix_ms, parse_utc, unix_seconds};

// An ISS-like element set (epoch 2026-03-19; checksums valid, not a published TLE).
const LINE1: &str = "1 25544U 98067A   26078.50000000  .00010000  00000+0  18000-3 0  9990";
const LINE2: &str = "2 25544  51.6400  25.0000 0006000 200.0000 160.0000 15.48500000 50008";

fn main() -> oslink::Result<()> {
    let satellite = oslink::from_tle_lines("ISS (ZARYA)", LINE1, LINE2)?;
    let station = oslink::preset("koganei").expect("koganei is a preset");
    let start = unix_seconds(parse_utc("2026-03-19T12:00:00Z")?);
    let end = start + 86_400.0;
    let passes = oslink::find_passes(&[satellite], &[station], start, end, 0.0)?;
    for pass in &passes {
        println!(
            "{} over {}: AOS {}  TCA {}  LOS {}  max elevation {:.1}°  ({:.0} s)",
            pass.satellite,
            pass.station,
            format_unix_ms(pass.aos_unix_s),
            format_unix_ms(pass.tca_unix_s),
            format_unix_ms(pass.los_unix_s),
            pass.max_elevation_rad.to_degrees(),
            pass.duration_s(),
        );
    }
    println!("{} passes in 24 h", passes.len());
    Ok(())
}
