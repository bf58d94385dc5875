//! Pass search (AOS, TCA, LOS) and visibility constraints (elevation, horizon mask, Sun
//! exclusion).
//!
//! A pass is an interval where the satellite's elevation seen from a station exceeds the
//! station's threshold max(min elevation, mask(azimuth)). The search (see `search.rs`,
//! `StepBounds`) steps through the span with steps proven not to skip any visibility (a
//! Lipschitz bound on the satellite's geocentric direction), samples elevation and its rate
//! near each station, refines the extrema of the elevation (zeros of the elevation rate,
//! TCA to 0.05 s) and the threshold crossings (AOS/LOS to 1 ms) with Brent's method
//! (Brent 1973, ch. 4). Under a horizon mask the margin is also sampled every 10 s where the
//! elevation exceeds the mask's lowest value, so no pass longer than 10 s is missed. A
//! satellite visible at a span edge gets a pass clipped at that edge.
//!
//! Inter-satellite links (`crosslink_windows.rs`, [`find_crosslink_windows`]): the windows
//! where the line of sight between two satellites clears the Earth by a grazing-altitude
//! margin and the Sun is outside each receiving terminal's exclusion angle, with
//! Lipschitz-bounded steps and Brent-refined edges; [`CrosslinkGeometry`] gives range,
//! Doppler and pointing inside them.
//!
//! [`CrosslinkGeometry`]: crate::access::CrosslinkGeometry

mod crosslink;
mod crosslink_windows;
mod roots;
mod satellites;
mod search;

pub use crosslink::{grazing_altitude_m, CrosslinkGeometry};
pub use crosslink_windows::{
    find_crosslink_windows, CrosslinkRequest, CrosslinkWindow, WindowEdge,
};
pub use satellites::{find_passes, find_passes_each};
pub use search::{OrbitShape, Pass, PassSearch, SatelliteId, Trajectory, Window};
