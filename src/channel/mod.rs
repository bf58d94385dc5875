//! The optical channel: clear-sky atmosphere, clouds, turbulence, fading distributions, pointing
//! error.

mod atmosphere;
mod clouds;
mod fading;
mod outage;
mod pointing;
mod turbulence;

pub use atmosphere::*;
pub use clouds::{joint_clear_probability, CloudModel, CloudSite, CloudTimeline, LatentProcess};
pub use fading::{Fading, FadingSampler, UnitMeanGamma};
pub use outage::{outage_probability, FadeSampler, OutageEstimate};
pub use pointing::{PointingJitter, PointingSampler, ReceiverPlaneJitter};
pub use turbulence::*;
