//! Monte Carlo machinery: the availability engine over the scenario's links, its progress
//! reports and the statistics it computes (its random streams are [`crate::random`]).

mod breakdown;
mod engine;
mod progress;
mod run;
mod statistics;

pub use breakdown::Breakdown;
pub use engine::{Geometry, LinkSteps, Realization, SkippedSatellite, StepGeometry, StepLink};
pub use progress::Progress;
pub use run::{finish, run, run_part, run_within, RunOutput, RunPart, Timings};
pub use statistics::{
    AvailabilitySummary, MonthlyAvailability, PassStatistics, RunStatistics, Spread,
};

pub(crate) use engine::Weather;
pub(crate) use statistics::{network_summaries, quantile_sorted};
