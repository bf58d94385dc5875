//! The optical channel: clear-sky atmosphere, turbulence, fading distributions, pointing error.

mod fading;
mod outage;
mod pointing;
mod special;

pub use fading::{Fading, FadingSampler, UnitMeanGamma};
pub use outage::{outage_probability, FadeSampler, OutageEstimate};
pub use pointing::{PointingJitter, PointingSampler, ReceiverPlaneJitter};
pub use special::{ln_norm_cdf, marcum_q1, norm_cdf};
