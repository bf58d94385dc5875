//! Element sources (TLE, 3LE, OMM, planned mean elements) and the SGP4 propagator.
//!
//! Every source yields a [`Satellite`]: a name, a NORAD id when there is one, and the
//! `sgp4::Elements` mean elements. [`Propagator`] wraps the `sgp4` crate (Vallado et al. 2006,
//! "Revisiting Spacetrack Report #3", AIAA 2006-6753) with WGS-72 constants and the IAU-82 GMST,
//! the configuration of Vallado's verification output, python-sgp4 and Skyfield, and returns
//! TEME states in metres.
//!
//! - [`parse_tle`], [`read_tle_file`], [`from_tle_lines`], [`select_norad`]: TLE / 3LE text
//!   (CelesTrak catalogue files), strict checksums, Alpha-5 catalogue numbers.
//! - [`parse_omm`], [`read_omm_file`]: CCSDS OMM as CelesTrak GP JSON.
//! - [`PlannedOrbit`]: mean elements of an orbit that has no TLE yet (altitude or semi-major
//!   axis, sun-synchronous inclination, local time of the ascending node).
//! - [`Propagator`], [`Cursor`], [`TemeState`]: SGP4 states with decay and error checks.
//!
//! [`select_norad`]: crate::orbit::select_norad
//! [`Cursor`]: crate::orbit::Cursor
//! [`TemeState`]: crate::orbit::TemeState

mod omm;
mod planned;
mod propagator;
mod ranges;
mod tle;

pub use omm::{parse_omm, read_omm_file};
pub use planned::{geostationary, Inclination, Node, OrbitSize, PlannedOrbit};
pub use propagator::{Cursor, Propagator, TemeState};
pub use tle::{from_tle_lines, parse_tle, read_tle_file, select_norad};

/// One satellite's mean elements, ready for [`Propagator::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct Satellite {
    /// Display name: the 3LE name line, the OMM `OBJECT_NAME`, the planned orbit's name, or
    /// `NORAD <id>` when the source gives none.
    pub name: String,
    /// NORAD catalogue number (Alpha-5 ids decoded, e.g. `A0000` = 100000); `None` for planned
    /// orbits.
    pub norad_id: Option<u64>,
    /// Where the elements came from: the file name, `inline TLE` or `planned orbit`.
    pub source: String,
    /// SGP4 mean elements as the `sgp4` crate holds them: epoch UTC, angles in degrees, Kozai
    /// mean motion in revolutions per day, B* in inverse Earth radii.
    pub elements: sgp4::Elements,
    /// `Some(λ)`: an ideally station-kept geostationary satellite held at longitude λ (degrees
    /// east) at the geostationary radius; the propagator ignores `elements` (kept for the
    /// period and labels) and returns that Earth-fixed point. A single SGP4 element set of an
    /// uncontrolled GEO drifts towards 75° E or 105° W by degrees per season, which is not
    /// what an operated relay does.
    pub station_kept_longitude_deg: Option<f64>,
}

impl Satellite {
    /// Name and NORAD id for messages: `ISS (ZARYA) (NORAD 25544)`, or just the name.
    pub(crate) fn label(&self) -> String {
        match self.norad_id {
            Some(id) => format!("{} (NORAD {id})", self.name),
            None => self.name.clone(),
        }
    }

    /// Epoch of the elements as Unix seconds (UTC).
    pub fn epoch_unix_s(&self) -> f64 {
        let t = self.elements.datetime.and_utc();
        t.timestamp() as f64 + f64::from(t.timestamp_subsec_nanos()) * 1e-9
    }
}

/// Refusal message for ephemeris type 4 element sets, shared by the TLE and OMM readers.
const SGP4_XP_REFUSED: &str =
    "ephemeris type 4 (SGP4-XP) element sets are refused: they are fitted \
     for the SGP4-XP propagator and are wrong by kilometres under SGP4; use ephemeris type 0 GP \
     data (e.g. CelesTrak GP)";
