//! Monte Carlo machinery: the availability engine over the scenario's links, its progress
//! reports and the statistics it computes (its random streams are [`crate::random`]).

mod engine;
mod progress;
mod statistics;

pub use engine::{
    run, Geometry, LinkSteps, Realization, RunOutput, StepGeometry, StepLink, Timings, Weather,
};
pub use progress::Progress;
pub use statistics::{
    network_summaries, quantile_sorted, AvailabilitySummary, Breakdown, MonthlyAvailability,
    PassStatistics, RunStatistics, Spread,
};
