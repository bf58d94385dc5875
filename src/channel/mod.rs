//! The optical channel: clear-sky atmosphere, turbulence, fading distributions, pointing error.

mod clouds;
pub use clouds::{joint_clear_probability, CloudModel, CloudSite, CloudTimeline, LatentProcess};
