//! The SGP4 propagator: the `sgp4` crate with WGS-72 constants and the IAU-82 GMST
//! (Vallado et al. 2006, AIAA 2006-6753, "improved" mode), states in TEME metres.
//!
//! The crate reproduces Vallado's `tcppver.out` to ≤ 4.2e-6 km in this configuration (see the
//! `sgp4_vallado` integration test). It does not check for decay (Vallado's error 6, radius
//! below one Earth radius), so [`Propagator`] does: |r| < 6378.135 km (WGS-72) or a non-finite
//! state is an [`Error::Propagation`].

use nalgebra::Vector3;
use sgp4::{MinutesSinceEpoch, ResonanceState};

use super::Satellite;
use crate::error::{Error, Result};
use crate::time::format_unix_ms;

/// Squared WGS-72 equatorial radius, km²: the decay threshold.
const DECAY_RADIUS2_KM2: f64 = sgp4::WGS72.ae * sgp4::WGS72.ae;
/// Geostationary radius, m: a = (μ/ω⊕²)^(1/3) with WGS-84 μ and the sidereal rate.
pub(crate) const GEOSTATIONARY_RADIUS_M: f64 = 42_164_172.0;
/// SGP4 switches to its deep-space branch (SDP4) at periods of 225 min and above.
const DEEP_SPACE_PERIOD_S: f64 = 225.0 * 60.0;

/// A satellite state in the TEME frame (True Equator, Mean Equinox of date, as SGP4 outputs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TemeState {
    /// Position in TEME, metres.
    pub position_m: Vector3<f64>,
    /// Velocity in TEME, metres per second.
    pub velocity_m_s: Vector3<f64>,
}

/// SGP4 propagator of one satellite. Immutable and `Sync`: share it between threads.
#[derive(Clone)]
pub struct Propagator {
    constants: sgp4::Constants,
    /// Resonance integrator state at the epoch (GEO and 12 h orbits), `None` otherwise.
    initial_state: Option<ResonanceState>,
    name: String,
    norad_id: Option<u64>,
    epoch_unix_s: f64,
    period_s: f64,
    /// Longitude (rad) of a station-kept geostationary satellite, which bypasses SGP4.
    station_kept_longitude_rad: Option<f64>,
}

impl Propagator {
    /// Initialises SGP4 for a satellite's elements:
    /// `Constants::new(WGS72, iau_epoch_to_sidereal_time, epoch, B*, Orbit::from_kozai_elements(…))`.
    /// Errors (as [`Error::Propagation`] at the epoch) when the elements are unusable
    /// (e ∉ [0, 1), non-positive mean motion).
    pub fn new(satellite: &Satellite) -> Result<Propagator> {
        let el = &satellite.elements;
        let epoch_unix_s = satellite.epoch_unix_s();
        let fail = |reason: String| Error::Propagation {
            satellite: satellite.label(),
            time: format_unix_ms(epoch_unix_s),
            reason,
        };
        let orbit = sgp4::Orbit::from_kozai_elements(
            &sgp4::WGS72,
            el.inclination.to_radians(),
            el.right_ascension.to_radians(),
            el.eccentricity,
            el.argument_of_perigee.to_radians(),
            el.mean_anomaly.to_radians(),
            // rev/day → rad/min: · 2π / 1440
            el.mean_motion * std::f64::consts::PI / 720.0,
        )
        .map_err(|e| fail(e.to_string()))?;
        // Period from the Brouwer mean motion n″ (rad/min), the quantity SGP4 compares with
        // 2π/225 min to choose its deep-space branch.
        let period_s = 2.0 * std::f64::consts::PI / orbit.mean_motion * 60.0;
        let constants = sgp4::Constants::new(
            sgp4::WGS72,
            sgp4::iau_epoch_to_sidereal_time,
            el.epoch(),
            el.drag_term,
            orbit,
        )
        .map_err(|e| fail(e.to_string()))?;
        Ok(Propagator {
            initial_state: constants.initial_state(),
            constants,
            name: satellite.label(),
            norad_id: satellite.norad_id,
            epoch_unix_s,
            period_s,
            station_kept_longitude_rad: satellite.station_kept_longitude_deg.map(f64::to_radians),
        })
    }

    /// Satellite name and NORAD id, as used in messages: `ISS (ZARYA) (NORAD 25544)`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// NORAD catalogue number, `None` for planned orbits.
    pub fn norad_id(&self) -> Option<u64> {
        self.norad_id
    }

    /// Epoch of the elements, Unix seconds UTC.
    pub fn epoch_unix_s(&self) -> f64 {
        self.epoch_unix_s
    }

    /// Anomalistic period 2π/n″ from SGP4's Brouwer mean motion n″, seconds.
    pub fn period_s(&self) -> f64 {
        self.period_s
    }

    /// Whether SGP4 uses its deep-space (SDP4) branch: period ≥ 225 min.
    pub fn is_deep_space(&self) -> bool {
        self.period_s >= DEEP_SPACE_PERIOD_S
    }

    /// TEME state at `unix_s` (any time order; each call propagates from the epoch).
    #[inline]
    pub fn state_teme(&self, unix_s: f64) -> Result<TemeState> {
        self.state_teme_minutes((unix_s - self.epoch_unix_s) / 60.0)
    }

    /// TEME state `minutes` after the epoch (negative: before), the crate's native time
    /// argument; used by the Vallado verification.
    #[inline]
    pub fn state_teme_minutes(&self, minutes: f64) -> Result<TemeState> {
        if !minutes.is_finite() {
            return Err(self.error(minutes, "the time is not finite".to_string()));
        }
        if let Some(longitude_rad) = self.station_kept_longitude_rad {
            return Ok(station_kept_teme(
                longitude_rad,
                self.epoch_unix_s + minutes * 60.0,
            ));
        }
        self.checked(
            minutes,
            self.constants.propagate(MinutesSinceEpoch(minutes)),
        )
    }

    /// A cursor for time series: same states as [`Propagator::state_teme`], but for resonant
    /// deep-space orbits it keeps the resonance integrator between calls, so a monotonic
    /// series does not re-integrate from the epoch at each step.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            propagator: self,
            state: self.initial_state,
        }
    }

    /// Converts a crate prediction (km, km/s) to metres, or reports an error or decay.
    #[inline]
    fn checked(
        &self,
        minutes: f64,
        prediction: std::result::Result<sgp4::Prediction, sgp4::Error>,
    ) -> Result<TemeState> {
        match prediction {
            Ok(p) => {
                let [x, y, z] = p.position;
                let r2 = x * x + y * y + z * z;
                // Velocity is finite whenever position is.
                if r2 < DECAY_RADIUS2_KM2 || !r2.is_finite() {
                    return Err(self.decayed(minutes, r2.sqrt()));
                }
                Ok(TemeState {
                    position_m: Vector3::new(x, y, z) * 1e3,
                    velocity_m_s: Vector3::from(p.velocity) * 1e3,
                })
            }
            Err(e) => Err(self.error(minutes, e.to_string())),
        }
    }

    #[cold]
    fn decayed(&self, minutes: f64, r_km: f64) -> Error {
        let reason = if r_km.is_finite() {
            format!(
                "decayed: |r| = {r_km:.3} km is below the Earth's equatorial radius {} km",
                sgp4::WGS72.ae
            )
        } else {
            "SGP4 returned a non-finite state".to_string()
        };
        self.error(minutes, reason)
    }

    #[cold]
    fn error(&self, minutes: f64, reason: String) -> Error {
        let time = if minutes.is_finite() {
            format_unix_ms(self.epoch_unix_s + minutes * 60.0)
        } else {
            format!("{minutes} min from the epoch")
        };
        Error::Propagation {
            satellite: self.name.clone(),
            time,
            reason,
        }
    }
}

/// TEME state of an Earth-fixed point over `longitude_rad` at the geostationary radius:
/// r_TEME = R3(−θ_GMST)·r_ECEF, v_TEME = ω⊕ × r_TEME (UT1 = UTC: 0.9 s of DUT1 is 3 m there).
fn station_kept_teme(longitude_rad: f64, unix_s: f64) -> TemeState {
    use crate::frames::{gmst_rad, EARTH_ROTATION_RATE_RAD_S};
    let (s, c) = (gmst_rad(unix_s) + longitude_rad).sin_cos();
    let r = GEOSTATIONARY_RADIUS_M;
    let w = EARTH_ROTATION_RATE_RAD_S;
    TemeState {
        position_m: Vector3::new(r * c, r * s, 0.0),
        velocity_m_s: Vector3::new(-w * r * s, w * r * c, 0.0),
    }
}

// `sgp4::ResonanceState` has no `Debug`: show what identifies the propagator.
impl std::fmt::Debug for Propagator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Propagator")
            .field("name", &self.name)
            .field("epoch_unix_s", &self.epoch_unix_s)
            .field("period_s", &self.period_s)
            .finish_non_exhaustive()
    }
}

/// Propagates one satellite along a time series; see [`Propagator::cursor`].
#[derive(Clone)]
pub struct Cursor<'a> {
    propagator: &'a Propagator,
    state: Option<ResonanceState>,
}

impl Cursor<'_> {
    /// TEME state at `unix_s`. Fastest for monotonic times; a time that goes back (or crosses
    /// the epoch) restarts the resonance integrator from the epoch, still exact.
    #[inline]
    pub fn state_teme(&mut self, unix_s: f64) -> Result<TemeState> {
        let p = self.propagator;
        let minutes = (unix_s - p.epoch_unix_s) / 60.0;
        if p.station_kept_longitude_rad.is_some() {
            return p.state_teme_minutes(minutes);
        }
        let Some(state) = self.state.as_mut().filter(|_| minutes.is_finite()) else {
            return p.state_teme_minutes(minutes);
        };
        // The integrator only moves away from the epoch (the crate panics otherwise).
        let t = state.t();
        if (t != 0.0 && t.is_sign_positive() != minutes.is_sign_positive())
            || minutes.abs() < t.abs()
        {
            *state = p
                .initial_state
                .expect("resonant orbits have an initial state");
        }
        let prediction =
            p.constants
                .propagate_from_state(MinutesSinceEpoch(minutes), Some(state), false);
        p.checked(minutes, prediction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orbit::from_tle_lines;

    // Synthetic element sets (checksums valid): a LEO, a 12 h Molniya, a heavy-drag object
    // and an orbit whose perigee (a(1−e) ≈ 6300 km, at M = 0) is inside the Earth.
    const LEO: [&str; 2] = [
        "1 25544U 98067A   26078.50000000  .00010000  00000+0  18000-3 0  9990",
        "2 25544  51.6400  25.0000 0006000 200.0000 160.0000 15.48500000 50008",
    ];
    const MOLNIYA: [&str; 2] = [
        "1 40296U 14069A   26078.50000000  .00000100  00000+0  10000-3 0  9993",
        "2 40296  62.8000 300.0000 6900000 270.0000  20.0000  2.00600000 10007",
    ];
    const DECAYING: [&str; 2] = [
        "1 99999U 26001A   26078.50000000  .01000000  00000+0  50000-2 0  9999",
        "2 99999  51.6000  25.0000 0010000 200.0000 160.0000 16.30000000 00017",
    ];

    const SUBSURFACE: [&str; 2] = [
        "1 99998U 26001B   26078.50000000  .00000000  00000+0  00000+0 0  9999",
        "2 99998  51.6000  25.0000 1000000   0.0000   0.0000 14.82500000 00017",
    ];

    fn propagator(lines: [&str; 2]) -> Propagator {
        Propagator::new(&from_tle_lines("TEST", lines[0], lines[1]).unwrap()).unwrap()
    }

    #[test]
    fn leo_basics() {
        let p = propagator(LEO);
        assert_eq!(p.name(), "TEST (NORAD 25544)");
        assert_eq!(p.norad_id(), Some(25544));
        assert!(!p.is_deep_space());
        // 15.485 rev/day → 5579.5 s Kozai period; the Brouwer one differs by δ₀ ~ 1e-3.
        assert!(
            (p.period_s() / (86_400.0 / 15.485) - 1.0).abs() < 2e-3,
            "{}",
            p.period_s()
        );
        let s = p.state_teme(p.epoch_unix_s()).unwrap();
        let r_km = s.position_m.norm() / 1e3;
        let v_km_s = s.velocity_m_s.norm() / 1e3;
        assert!((6700.0..6900.0).contains(&r_km), "{r_km}");
        assert!((7.5..7.8).contains(&v_km_s), "{v_km_s}");
        // Cursor = state_teme for a near-Earth orbit, any time order.
        let mut c = p.cursor();
        for dt in [100.0, -50.0, 3600.0, 10.0] {
            let t = p.epoch_unix_s() + dt;
            assert_eq!(c.state_teme(t).unwrap(), p.state_teme(t).unwrap());
        }
    }

    #[test]
    fn resonant_cursor_matches_stateless_propagation() {
        let p = propagator(MOLNIYA);
        assert!(p.is_deep_space());
        assert!(p.initial_state.is_some());
        let mut c = p.cursor();
        let e = p.epoch_unix_s();
        // Forward over 10 days, then back in time, across the epoch and forward again.
        let times = (0..=240).map(|h| e + h as f64 * 3600.0).chain([
            e + 3600.0,
            e - 86_400.0,
            e - 3.0 * 86_400.0,
            e + 5.0 * 86_400.0,
        ]);
        for t in times {
            let (a, b) = (c.state_teme(t).unwrap(), p.state_teme(t).unwrap());
            assert_eq!(a, b, "t = {}", t - e);
        }
    }

    #[test]
    fn sgp4_errors_and_decay_are_errors() {
        // Heavy drag: the crate's own error (eccentricity out of range) after a day.
        let p = propagator(DECAYING);
        assert!(p.state_teme(p.epoch_unix_s()).is_ok());
        let msg = p
            .state_teme(p.epoch_unix_s() + 86_400.0)
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with("propagating TEST (NORAD 99999) at 2026-03-20T12:00:00.000Z: The propagated eccentricity"),
            "{msg}"
        );
        // Below the surface: the crate returns a state, our decay check refuses it.
        let p = propagator(SUBSURFACE);
        let msg = p.state_teme(p.epoch_unix_s()).unwrap_err().to_string();
        assert!(
            msg.starts_with(
                "propagating TEST (NORAD 99998) at 2026-03-19T12:00:00.000Z: decayed: |r| = 63"
            ),
            "{msg}"
        );
        assert!(p.cursor().state_teme(p.epoch_unix_s()).is_err());
        let msg = propagator(LEO)
            .state_teme(f64::NAN)
            .unwrap_err()
            .to_string();
        assert!(
            msg.ends_with("at NaN min from the epoch: the time is not finite"),
            "{msg}"
        );
    }
}
