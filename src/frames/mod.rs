//! Reference frames: TEME → ECEF through GMST, WGS-84 geodetic coordinates, topocentric look
//! angles, and the Sun's position.
//!
//! The chain used everywhere is SGP4's TEME → (rotation by IAU-82 GMST about z) → pseudo
//! Earth-fixed ECEF. Polar motion (≤ 0.5″, ~15 m at the ground, a few µrad of look angle) is
//! neglected, as Skyfield does when no polar-motion table is loaded; UT1 = UTC + DUT1
//! (default 0, |DUT1| < 0.9 s).

mod earth_rotation;
mod geodetic;
mod sun;
mod topocentric;

pub use earth_rotation::{teme_to_ecef, EcefState};
pub use geodetic::Geodetic;
pub use sun::{sun_elevation_rad, sun_position_ecef_m, sun_separation_rad};

pub(crate) use earth_rotation::{gmst_rad, EARTH_ROTATION_RATE_RAD_S};
pub(crate) use sun::sun_position_mod_m;
pub use topocentric::{LookAngles, Topocentric};
