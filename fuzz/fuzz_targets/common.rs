//! Shared checks of the fuzz targets.
#![allow(dead_code)]

use oslink::{Propagator, Satellite};

/// Renders an error with its whole source chain, as the `oslink` binary prints it (`{:#}`):
/// formatting an error must not panic either.
pub fn render(e: &oslink::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    assert!(!text.is_empty(), "empty error message: {e:?}");
    text
}

/// What every parsed satellite must allow: SGP4 initialisation and propagation around its
/// epoch either succeed with finite states or fail with an error (at most 4 satellites, so
/// that a long catalogue costs no more than a short one).
pub fn check_satellites(satellites: &[Satellite]) {
    for satellite in satellites.iter().take(4) {
        let e = &satellite.elements;
        let fields = [
            e.inclination,
            e.right_ascension,
            e.eccentricity,
            e.argument_of_perigee,
            e.mean_anomaly,
            e.mean_motion,
            e.mean_motion_dot,
            e.mean_motion_ddot,
            e.drag_term,
        ];
        // Finding F9 (fixed): a field such as "58.e579" parsed as +∞ and was accepted.
        assert!(
            fields.iter().all(|x| x.is_finite()),
            "non-finite elements accepted: {satellite:?}"
        );
        let epoch = satellite.epoch_unix_s();
        assert!(epoch.is_finite(), "epoch {epoch} of {satellite:?}");
        let propagator = match Propagator::new(satellite) {
            Ok(p) => p,
            Err(e) => {
                render(&e);
                continue;
            }
        };
        let period = propagator.period_s();
        assert!(
            period.is_finite() && period > 0.0,
            "period {period} of {satellite:?}"
        );
        for dt_s in [0.0, 1500.0, -3600.0, 86_400.0] {
            match propagator.state_teme(epoch + dt_s) {
                Ok(s) => assert!(
                    s.position_m
                        .iter()
                        .chain(s.velocity_m_s.iter())
                        .all(|x| x.is_finite()),
                    "non-finite state {s:?} at epoch + {dt_s} s of {satellite:?}"
                ),
                Err(e) => {
                    render(&e);
                }
            }
        }
    }
}

/// Splits fuzz input into parts at NUL bytes (the first part is the main text, the others
/// are extra arguments); `None` when a part is not UTF-8.
pub fn parts(data: &[u8]) -> Option<Vec<&str>> {
    data.split(|&b| b == 0)
        .map(|p| std::str::from_utf8(p).ok())
        .collect()
}
