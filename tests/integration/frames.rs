//! Frames end to end: a real geostationary satellite (JDRS-1/LUCAS in the CelesTrak snapshot)
//! keeps nearly constant look angles from Koganei over a day, at the ~24.5° elevation that
//! docs/sites.md quotes.

use oslink::frames::{teme_to_ecef, Topocentric};
use oslink::ground::preset;
use oslink::orbit::{read_tle_file, select_norad, Propagator};

use crate::common::test_data;

#[test]
fn geo_look_angles_are_nearly_constant_over_a_day() {
    let tle = test_data("tle/selection_celestrak_active_20260319.tle");
    let lucas = select_norad(&read_tle_file(&tle).unwrap(), &[47202])
        .unwrap()
        .remove(0);
    let propagator = Propagator::new(&lucas).unwrap();
    let site = Topocentric::new(&preset("koganei").unwrap().location);
    let mut cursor = propagator.cursor();
    let (mut az, mut el) = (Vec::new(), Vec::new());
    for k in 0..=144 {
        let t = propagator.epoch_unix_s() + 600.0 * f64::from(k);
        let s = cursor.state_teme(t).unwrap();
        let look = site.look_angles(&teme_to_ecef(&s.position_m, &s.velocity_m_s, t, 0.0));
        az.push(look.azimuth_rad.to_degrees());
        el.push(look.elevation_rad.to_degrees());
    }
    let spread = |v: &[f64]| {
        v.iter().cloned().fold(f64::MIN, f64::max) - v.iter().cloned().fold(f64::MAX, f64::min)
    };
    let mean_el = el.iter().sum::<f64>() / el.len() as f64;
    eprintln!(
        "LUCAS from Koganei: elevation {mean_el:.2}°, daily spread el {:.3}°, az {:.3}°",
        spread(&el),
        spread(&az)
    );
    // An operational GEO is kept within ~0.1° of its slot: its apparent motion over a day
    // (inclination, eccentricity) stays well inside half a degree; a frame error would not.
    assert!(
        spread(&el) < 0.5 && spread(&az) < 0.5,
        "el {:?}",
        (spread(&el), spread(&az))
    );
    assert!((mean_el - 24.5).abs() < 1.0, "mean elevation {mean_el}");
}
