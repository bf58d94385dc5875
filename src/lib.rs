#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

/// Pass search: when each station sees each satellite (AOS, TCA, LOS, Sun-exclusion windows).
pub mod access;
/// The optical channel: clear-sky atmosphere, clouds, turbulence, fading and pointing error.
pub mod channel;
/// Inter-satellite links along time: windows, terminal heads, sampled vacuum budgets.
pub mod crosslinks;
mod error;
/// Reference frames: TEME → ECEF, WGS-84 geodetic, topocentric look angles, the Sun.
pub mod frames;
pub mod fuzzing; // only with the cargo feature `fuzzing`: see the `#![cfg]` of src/fuzzing.rs
/// Optical ground stations: presets, custom sites, horizon masks, cloud-free statistics.
pub mod ground;
mod input;
/// The link budget of one optical link: terminals, path (atmospheric or vacuum), geometry.
pub mod link;
mod numerics;
/// Element sources (TLE, 3LE, OMM, planned mean elements) and the SGP4 propagator.
pub mod orbit;
/// Counter-based random streams keyed by index tuples (SplitMix64, and ChaCha8 for clouds).
pub mod random;
/// Output files, terminal tables and HTML pages of runs, sweeps, passes and budgets.
pub mod report;
/// Scenarios: nodes (satellites, stations), terminals, receivers and the links between them.
pub mod scenario;
/// Sharded runs and sweeps: `--shard K/N`, the shard folders and their exact merge.
pub mod shard;
/// The Monte Carlo availability engine: geometry, link steps, weather, statistics.
pub mod sim;
/// Parameter sweeps with common random numbers and shared stages.
pub mod sweep;
/// UTC parsing and formatting, Unix seconds, time grids.
pub mod time;
mod units;
/// Link windows: ground passes and inter-satellite windows with their geometry statistics.
pub mod windows;

pub use access::{
    find_crosslink_windows, find_passes, CrosslinkRequest, CrosslinkWindow, Pass, Window,
    WindowEdge,
};
pub use channel::{Fading, HufnagelValley, PointingJitter};
pub use error::{Error, Result};
pub use frames::Geodetic;
pub use ground::{preset, presets, HorizonMask, Station};
pub use link::{
    slant_range_m, BudgetResult, Direction, Divergence, FadingModel, LinkBudget, LinkGeometry,
    Path, Receiver, Sensitivity, Site, SunAngles, Transmitter,
};
pub use orbit::{from_tle_lines, parse_omm, parse_tle, read_omm_file, read_tle_file};
pub use orbit::{PlannedOrbit, Propagator, Satellite};
pub use report::{
    links_csv, pass_list_csv, pass_list_json, pass_list_table, passes_csv, summary_table,
    sweep_table, write_run_files, write_sweep_files, write_timeseries_csv, BudgetSheet, OutputDir,
    Summary,
};
pub use scenario::Scenario;
pub use shard::{merge_shards, Merged, ScenarioInputs, Shard};
pub use sim::{run, AvailabilitySummary, Progress, RunOutput, RunStatistics};
pub use sweep::{Axis, SweepPlan, SweepResult};
