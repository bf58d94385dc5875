//! The pass columns that passes.csv of `oslink run` and the CSV of `oslink passes` share: their
//! names and how their cells are written.

use crate::access::Pass;
use crate::time::format_unix_ms;

/// Which pass: satellite, its NORAD number (empty when unknown), station, and its AOS, TCA and
/// LOS (UTC).
pub(crate) const IDENTITY: [&str; 6] = ["satellite", "norad_id", "station", "aos", "tca", "los"];

/// The cells of [`IDENTITY`].
pub(crate) fn identity(p: &Pass) -> [String; 6] {
    [
        p.satellite.clone(),
        p.norad_id.map(|n| n.to_string()).unwrap_or_default(),
        p.station.clone(),
        format_unix_ms(p.aos_unix_s),
        format_unix_ms(p.tca_unix_s),
        format_unix_ms(p.los_unix_s),
    ]
}

/// The pass duration, s.
pub(crate) const DURATION: &str = "duration_s";

/// The cell of [`DURATION`], to the millisecond.
pub(crate) fn duration(p: &Pass) -> String {
    format!("{:.3}", p.duration_s())
}

/// The elevation at TCA, degrees.
pub(crate) const MAX_ELEVATION: &str = "max_elevation_deg";

/// The cell of [`MAX_ELEVATION`] with `decimals` digits.
pub(crate) fn max_elevation(p: &Pass, decimals: usize) -> String {
    format!("{:.decimals$}", p.max_elevation_rad.to_degrees())
}

/// The azimuths at AOS and LOS, degrees.
pub(crate) const AZIMUTHS: [&str; 2] = ["aos_azimuth_deg", "los_azimuth_deg"];

/// The cells of [`AZIMUTHS`], to the millidegree.
pub(crate) fn azimuths(p: &Pass) -> [String; 2] {
    [
        format!("{:.3}", p.aos_azimuth_rad.to_degrees()),
        format!("{:.3}", p.los_azimuth_rad.to_degrees()),
    ]
}

/// Whether the pass was already in view at the span start and still in view at its end (a
/// GEO: both, its AOS and LOS are the span's ends).
pub(crate) const CLIPPED: [&str; 2] = ["clipped_start", "clipped_end"];

/// The cells of [`CLIPPED`].
pub(crate) fn clipped(p: &Pass) -> [String; 2] {
    [p.clipped_start.to_string(), p.clipped_end.to_string()]
}
