//! The optical channel: clear-sky atmosphere, turbulence, fading distributions, pointing error.

mod atmosphere;
mod turbulence;

pub use atmosphere::*;
pub use turbulence::*;
