#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod access;
pub mod channel;
pub mod error;
pub mod frames;
pub mod ground;
pub mod link;
pub mod orbit;
pub mod report;
pub mod scenario;
pub mod sim;
pub mod sweep;
pub mod time;
pub mod units;

pub use error::{Error, Result};
