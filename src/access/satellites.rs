//! The pass search over many SGP4 satellites, in parallel over satellites.

use rayon::prelude::*;

use super::search::{OrbitShape, Pass, PassSearch, SatelliteId};
use crate::error::Result;
use crate::frames::{teme_to_ecef, EcefState};
use crate::ground::Station;
use crate::orbit::{Propagator, Satellite};

/// All passes of `satellites` over `stations` during [start, end] (Unix s UTC), with
/// UT1 − UTC = `dut1_s`. Each satellite is propagated once per search step for all stations;
/// satellites run in parallel on the current rayon pool. The output is sorted by satellite
/// index, station index and AOS, identical for any thread count. The first error in satellite
/// order (unusable elements, SGP4 failure or decay inside the span) is returned.
pub fn find_passes(
    satellites: &[Satellite],
    stations: &[Station],
    start_unix_s: f64,
    end_unix_s: f64,
    dut1_s: f64,
) -> Result<Vec<Pass>> {
    let mut passes = Vec::new();
    for result in find_passes_each(satellites, stations, start_unix_s, end_unix_s, dut1_s)? {
        passes.extend(result?);
    }
    Ok(passes)
}

/// As [`find_passes`], one result per satellite (in satellite order), so that the caller
/// decides what a satellite that cannot be propagated over the span does to the others. The
/// outer error is a span or station set that cannot be searched at all.
pub fn find_passes_each(
    satellites: &[Satellite],
    stations: &[Station],
    start_unix_s: f64,
    end_unix_s: f64,
    dut1_s: f64,
) -> Result<Vec<Result<Vec<Pass>>>> {
    let search = PassSearch::new(stations, start_unix_s, end_unix_s)?;
    Ok(satellites
        .par_iter()
        .enumerate()
        .map(|(index, satellite)| {
            let propagator = Propagator::new(satellite)?;
            let mut cursor = propagator.cursor();
            let mut trajectory = |t: f64| -> Result<EcefState> {
                let s = cursor.state_teme(t)?;
                Ok(teme_to_ecef(&s.position_m, &s.velocity_m_s, t, dut1_s))
            };
            let id = SatelliteId {
                index,
                name: satellite.name.clone(),
                norad_id: satellite.norad_id,
            };
            let shape = OrbitShape {
                period_s: propagator.period_s(),
                eccentricity: satellite.elements.eccentricity,
            };
            search.search(&id, shape, &mut trajectory)
        })
        .collect())
}
