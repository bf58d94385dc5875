//! Terminals (transmitter, receiver) and the deterministic link budget.

mod budget;
mod terminal;

pub use budget::*;
pub use terminal::{Divergence, Receiver, Sensitivity, Transmitter};
