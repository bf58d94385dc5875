//! Monte Carlo machinery: the availability engine over the scenario's links, its progress
//! reports and the statistics it computes.

mod engine;
mod progress;
mod rng;
mod statistics;

pub use engine::{
    run, Geometry, LinkSteps, Realization, RunOutput, StepGeometry, StepLink, Timings, Weather,
};
pub use progress::Progress;
pub use rng::{stream_seed, Stream};
pub use statistics::{
    network_summaries, quantile_sorted, AvailabilitySummary, Breakdown, MonthlyAvailability,
    PassStatistics, RunStatistics, Spread,
};
