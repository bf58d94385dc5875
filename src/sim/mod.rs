//! Monte Carlo machinery: counter-based random streams, the availability engine and the
//! statistics it reports.

mod engine;
mod rng;
mod stats;

pub use engine::{
    run, Breakdown, Geometry, LinkSteps, Realization, RunOutput, StepGeometry, StepLink, Timings,
    Weather,
};
pub use rng::{stream_seed, Stream};
pub use stats::{quantile_sorted, Spread};
