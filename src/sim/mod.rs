//! Monte Carlo machinery: the availability engine and the statistics it reports (its random
//! streams are [`crate::random`]).

mod engine;
mod stats;

pub use engine::{
    run, Breakdown, Geometry, LinkSteps, Realization, RunOutput, StepGeometry, StepLink, Timings,
    Weather,
};
pub use stats::{quantile_sorted, Spread};
