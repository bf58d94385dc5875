//! Monte Carlo machinery: counter-based random streams (and, later, the availability engine).

mod rng;

pub use rng::{stream_seed, Stream};
