//! Monte Carlo machinery: the availability engine over the scenario's links, its progress
//! reports and the statistics it computes (its random streams are [`crate::random`]).

mod engine;
mod progress;
mod statistics;

pub use engine::{
    run, Geometry, LinkSteps, Realization, RunOutput, StepGeometry, StepLink, Timings,
};
pub use progress::Progress;
pub use statistics::{
    AvailabilitySummary, Breakdown, MonthlyAvailability, PassStatistics, RunStatistics, Spread,
};

pub(crate) use engine::Weather;
pub(crate) use statistics::{network_summaries, quantile_sorted};
