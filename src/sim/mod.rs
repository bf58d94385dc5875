//! Monte Carlo machinery: the availability engine over the scenario's links, its progress
//! reports and the statistics it computes (its random streams are [`crate::random`]).

mod breakdown;
mod chains;
mod engine;
mod progress;
mod quantile;
mod run;
mod schedule;
mod statistics;
mod time_bins;
mod weather;

pub use breakdown::Breakdown;
pub use chains::{ChainSummary, ChainTime};
pub use engine::{Geometry, LinkSteps, SkippedSatellite, StepGeometry, StepLink};
pub use progress::Progress;
pub use run::{finish, run, run_part, run_within, RunOutput, RunPart, Timings};
pub use schedule::{Schedule, StationSchedule, Tracking};
pub use statistics::{
    AvailabilitySummary, DiversityGain, PassStatistics, RankBy, RunStatistics, Spread,
};
pub use time_bins::{
    MarginDistribution, StationTimeline, TimeBins, MARGIN_PERCENTILES, TIMELINE_BINS,
};
pub use weather::Realization;

pub(crate) use quantile::quantile_sorted;
pub(crate) use statistics::network_summaries;
pub(crate) use weather::Weather;
