//! Command-line station specifications (`koganei`, `NAME:LAT_DEG:LON_DEG:ALT_M`) through
//! `Station::parse_spec`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oslink::Station;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Station::parse_spec(text) {
        Ok(s) => {
            let g = &s.location;
            assert!(
                (-std::f64::consts::FRAC_PI_2..=std::f64::consts::FRAC_PI_2)
                    .contains(&g.latitude_rad)
                    && g.longitude_rad.is_finite()
                    && (-500.0..=9000.0).contains(&g.altitude_m),
                "accepted {text:?} as {g:?}"
            );
            assert!(
                !s.name.trim().is_empty(),
                "accepted {text:?} with an empty name"
            );
            assert!(s.min_elevation_rad.is_finite());
            for m in 1..=12 {
                assert!((0.0..=1.0).contains(&s.cloud_free(m)));
            }
            let _ = s.threshold_rad(1.0);
        }
        Err(e) => {
            common::render(&e);
        }
    }
});
