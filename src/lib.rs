#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod access;
pub mod channel;
pub mod error;
pub mod frames;
pub mod ground;
pub mod link;
/// Numerical building blocks: normal distribution functions, Marcum Q, quadrature rules.
pub mod numerics;
pub mod orbit;
/// Counter-based random streams keyed by index tuples (SplitMix64, and ChaCha8 for clouds).
pub mod random;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod sweep;
pub mod time;
pub mod units;

pub use error::{Error, Result};
