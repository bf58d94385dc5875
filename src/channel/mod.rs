//! The optical channel: clear-sky atmosphere, clouds, turbulence, fading distributions, pointing
//! error.

mod atmosphere;
mod clouds;
mod fading;
mod outage;
mod pointing;
mod sky;
mod turbulence;

pub use atmosphere::{
    default_zenith_transmittance, rayleigh_optical_depth, slant_transmittance,
    standard_pressure_ratio, AerosolModel,
};
pub use clouds::{joint_clear_probability, CloudModel, CloudSite, CloudTimeline, LatentProcess};
pub use fading::Fading;
pub use outage::{outage_probability, OutageEstimate, TurbulencePointingSampler};
pub use pointing::{PointingJitter, ReceiverPlaneJitter};
pub use sky::{
    earth_radiance_w_m2_sr_nm, solar_irradiance_w_m2_nm, BackgroundReceiver, SkyAtmosphere,
    SkyGeometry, EARTH_BOND_ALBEDO,
};
pub use turbulence::{
    above_turbulence_top, HufnagelValley, LogVariances, PathTurbulence, TurbulenceMoments,
    UplinkTurbulence, TURBULENCE_TOP_ALTITUDE_M,
};

pub(crate) use atmosphere::air_mass;
pub(crate) use pointing::equivalent_beam_radius_m;
#[cfg(feature = "fuzzing")]
pub(crate) use turbulence::{aperture_averaging, gamma_gamma_parameters, scintillation_index};
