//! What the light crosses between the two terminals of a link, and the fading model of the
//! Monte Carlo.
//!
//! A link budget is a free-space core (powers, gains or the exact collection fraction, the
//! free-space loss, optics, pointing, sensitivity) plus the terms its [`Path`] adds:
//!
//! - [`Path::Atmospheric`], ground–space (a downlink or an uplink): the clear-sky atmosphere
//!   T_zen^AM(ζ) at the ground end and the turbulence of the site's Cn² profile (Fried
//!   parameter, scintillation, aperture averaging, uplink beam wander); clouds act on it in
//!   the weather stage.
//! - [`Path::Vacuum`], space–space: nothing is added (no atmosphere, no turbulence, no
//!   clouds); only pointing fades the signal.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::channel::HufnagelValley;

/// Direction of a ground–space link.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Satellite → station.
    Downlink,
    /// Station → satellite.
    Uplink,
}

impl Direction {
    /// The scenario and output spelling: `downlink` or `uplink`.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Downlink => "downlink",
            Direction::Uplink => "uplink",
        }
    }
}

impl std::str::FromStr for Direction {
    /// What is allowed, for the caller's keyed error.
    type Err = String;

    fn from_str(text: &str) -> Result<Direction, String> {
        [Direction::Downlink, Direction::Uplink]
            .into_iter()
            .find(|d| d.name() == text)
            .ok_or_else(|| "\"downlink\" or \"uplink\"".to_string())
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Conditions at the ground end of an atmospheric path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Site {
    /// Station altitude above sea level, m.
    pub altitude_m: f64,
    /// Clear-sky zenith transmittance T_zen at the link wavelength (linear, 0–1].
    pub zenith_transmittance: f64,
    /// Cn² profile above the station.
    pub turbulence: HufnagelValley,
}

impl Site {
    /// The REF case of docs/models.md: sea level, T_zen = 0.95, HV5/7 turbulence.
    pub const REF: Site = Site {
        altitude_m: 0.0,
        zenith_transmittance: 0.95,
        turbulence: HufnagelValley::HV57,
    };
}

/// The medium between the transmitting and the receiving terminal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Path {
    /// Ground–space through the atmosphere above `site`.
    Atmospheric {
        /// The ground end.
        site: Site,
        /// Downlink (the satellite transmits) or uplink (the station transmits).
        direction: Direction,
    },
    /// Space–space: no atmosphere, turbulence or clouds.
    Vacuum,
}

impl Path {
    /// The direction of an atmospheric path; `None` for a vacuum path.
    pub fn direction(&self) -> Option<Direction> {
        match self {
            Path::Atmospheric { direction, .. } => Some(*direction),
            Path::Vacuum => None,
        }
    }
}

/// The geometry a budget is evaluated at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkGeometry {
    /// Distance between the terminals, m.
    pub range_m: f64,
    /// Elevation of the line of sight at the ground end, rad; `None` on a vacuum path.
    pub elevation_rad: Option<f64>,
    /// Relative velocity of the two terminals transverse to the line of sight, in an
    /// inertial frame, m/s (gives the point-ahead angle 2·v⊥/c); `None` when not known.
    pub transverse_velocity_m_s: Option<f64>,
    /// Where the Sun is, seen from the ground end; `None` when not known (the budget then
    /// assumes night: the Sun far below the horizon).
    pub sun: Option<SunAngles>,
}

/// The Sun seen from the ground end of a link.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SunAngles {
    /// Geometric elevation of the Sun at the station, rad (negative below the horizon).
    pub elevation_rad: f64,
    /// Angle between the line of sight (station → satellite) and the Sun, rad, in [0, π].
    pub separation_rad: f64,
}

impl LinkGeometry {
    /// The slant range of the REF case (with [`Transmitter::REF`](crate::link::Transmitter),
    /// [`Receiver::REF`](crate::link::Receiver), [`Site::REF`]): 1000 km at 30° elevation, m.
    pub const REF_RANGE_M: f64 = 1000e3;

    /// A ground–space geometry: slant range (m) and elevation at the station (rad).
    pub fn ground(range_m: f64, elevation_rad: f64) -> LinkGeometry {
        LinkGeometry {
            range_m,
            elevation_rad: Some(elevation_rad),
            transverse_velocity_m_s: None,
            sun: None,
        }
    }

    /// This geometry with the transverse relative velocity v⊥ (m/s) of its terminals.
    pub fn with_transverse_velocity(self, velocity_m_s: f64) -> LinkGeometry {
        LinkGeometry {
            transverse_velocity_m_s: Some(velocity_m_s),
            ..self
        }
    }

    /// This geometry with the Sun's elevation at the station and its angle from the line of
    /// sight (both rad).
    pub fn with_sun(self, sun: SunAngles) -> LinkGeometry {
        LinkGeometry {
            sun: Some(sun),
            ..self
        }
    }

    /// A space–space geometry: the range between the terminals (m).
    pub fn vacuum(range_m: f64) -> LinkGeometry {
        LinkGeometry {
            range_m,
            elevation_rad: None,
            transverse_velocity_m_s: None,
            sun: None,
        }
    }
}

/// The irradiance fading model of the Monte Carlo. One type for the scenario key
/// `channel.fading` (serde), the `--fading` flag (clap) and the outputs (`Display`): the
/// spellings are `lognormal`, `gamma-gamma` and `none`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, clap::ValueEnum,
)]
pub enum FadingModel {
    /// No turbulence fading (pointing only).
    #[serde(rename = "none")]
    #[value(name = "none")]
    None,
    /// Log-normal with the (aperture-averaged, for downlinks) scintillation index.
    #[default]
    #[serde(rename = "lognormal")]
    #[value(name = "lognormal")]
    LogNormal,
    /// Gamma–Gamma with α, β from the Rytov variance.
    #[serde(rename = "gamma-gamma")]
    #[value(name = "gamma-gamma")]
    GammaGamma,
}

impl FadingModel {
    /// Every model, in the order the docs list them.
    pub const ALL: [FadingModel; 3] = [
        FadingModel::LogNormal,
        FadingModel::GammaGamma,
        FadingModel::None,
    ];

    /// The scenario, flag and output spelling.
    pub fn name(self) -> &'static str {
        match self {
            FadingModel::None => "none",
            FadingModel::LogNormal => "lognormal",
            FadingModel::GammaGamma => "gamma-gamma",
        }
    }
}

impl std::str::FromStr for FadingModel {
    /// What is allowed, for the caller's keyed error.
    type Err = String;

    fn from_str(text: &str) -> Result<FadingModel, String> {
        FadingModel::ALL
            .into_iter()
            .find(|m| m.name() == text)
            .ok_or_else(|| {
                let names: Vec<String> = FadingModel::ALL
                    .iter()
                    .map(|m| format!("\"{m}\""))
                    .collect();
                format!("{} or {}", names[..2].join(", "), names[2])
            })
    }
}

impl fmt::Display for FadingModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_spelling_for_serde_clap_and_display() {
        use clap::ValueEnum;
        for model in FadingModel::ALL {
            let toml_text = toml::to_string(&std::collections::BTreeMap::from([("m", model)]))
                .expect("serializes");
            assert_eq!(toml_text.trim(), format!("m = \"{model}\""));
            let clap_name = model
                .to_possible_value()
                .expect("visible")
                .get_name()
                .to_string();
            assert_eq!(clap_name, model.to_string());
        }
        for d in [Direction::Downlink, Direction::Uplink] {
            let clap_name = d
                .to_possible_value()
                .expect("visible")
                .get_name()
                .to_string();
            assert_eq!(clap_name, d.to_string());
        }
    }
}
