//! Scenarios: the TOML file (raw serde types, [`raw`]) validated into a [`Scenario`] with SI
//! units and ready objects (satellites with their elements, stations, terminals, receivers).
//!
//! Every validation error names the key (`stations[2].receiver`, `terminals.sota.tx_power_w`),
//! the value and what is allowed; TOML syntax and type errors name the line and column.
//! `scenarios/README.md` documents every key with its unit, default and allowed range.

mod build;
mod overrides;
pub mod raw;

pub use overrides::{apply_override, parse_key, parse_value, KeySegment};

use std::collections::BTreeMap;
use std::path::Path;

use crate::channel::HufnagelValley;
use crate::error::{Error, Result};
use crate::ground::Station;
use crate::link::{Direction, FadingModel, LinkBudget, Receiver, Sensitivity, Site, Transmitter};
use crate::orbit::Satellite;

/// The default scenario compiled into the binary (`oslink run` with no file).
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("../../scenarios/lux-japan-leo.toml");
/// The name under which the default scenario reports itself.
pub const DEFAULT_SCENARIO_SOURCE: &str = "scenarios/lux-japan-leo.toml (built in)";

/// A validated scenario: SI units, every reference resolved.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Scenario name.
    pub name: String,
    /// Optional free text.
    pub description: Option<String>,
    /// Where it was read from (a path, or the built-in default).
    pub source: String,
    /// Start of the simulated span, Unix s UTC.
    pub start_unix_s: f64,
    /// End of the simulated span, Unix s UTC.
    pub end_unix_s: f64,
    /// Sampling step inside passes, s.
    pub step_s: f64,
    /// UT1 − UTC, s.
    pub dut1_s: f64,
    /// Master seed of every random stream.
    pub seed: u64,
    /// Number of weather (cloud) realizations.
    pub weather_realizations: u64,
    /// Turbulence × pointing draws per time step.
    pub fading_samples: u64,
    /// Link direction of every link.
    pub direction: Direction,
    /// Irradiance fading model.
    pub fading: FadingModel,
    /// Cloud process settings; `None` = clouds off (always cloud free).
    pub clouds: Option<CloudSettings>,
    /// Satellites, in file order (a catalogue file contributes its objects in file order).
    pub satellites: Vec<ScenarioSatellite>,
    /// Ground stations, in file order.
    pub stations: Vec<ScenarioStation>,
    /// Transmit terminals by name.
    pub terminals: BTreeMap<String, Terminal>,
    /// Receivers by name.
    pub receivers: BTreeMap<String, ReceiverSpec>,
}

/// Settings of the cloud process (models.md §2).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CloudSettings {
    /// Spatial correlation length L_c of the latent field, m.
    pub correlation_length_m: f64,
    /// Correlation time τ_c of the latent AR(1) process, s.
    pub correlation_time_s: f64,
    /// Grid step of the cloud timeline, s.
    pub step_s: f64,
}

/// A satellite and its optical end.
#[derive(Debug, Clone)]
pub struct ScenarioSatellite {
    /// Mean elements and identity.
    pub satellite: Satellite,
    /// Downlink: name of its transmit terminal; uplink: name of its receiver.
    pub equipment: String,
}

/// A ground station and its optical end.
#[derive(Debug, Clone)]
pub struct ScenarioStation {
    /// Position, visibility constraints and cloud climate.
    pub station: Station,
    /// Downlink: name of its receiver; uplink: name of its transmit terminal.
    pub equipment: String,
    /// Hufnagel–Valley profile above the station.
    pub turbulence: HufnagelValley,
    /// Zenith clear-sky transmittance override; `None` = default by wavelength and altitude.
    pub zenith_transmittance: Option<f64>,
}

/// A transmit terminal with its data rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Terminal {
    /// Optical transmitter.
    pub transmitter: Transmitter,
    /// User data rate, bit/s (sets the sensitivity of photons-per-bit receivers and the volume).
    pub data_rate_bps: f64,
}

/// A receiver whose sensitivity may depend on the data rate of the terminal it listens to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReceiverSpec {
    /// Aperture diameter, m.
    pub aperture_m: f64,
    /// Central obscuration ratio (diameters).
    pub obscuration_ratio: f64,
    /// Receive optics efficiency.
    pub optics_efficiency: f64,
    /// Sensitivity.
    pub sensitivity: RxSensitivity,
}

/// How a receiver's sensitivity is given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RxSensitivity {
    /// Fixed, dBm.
    Dbm(f64),
    /// Photons per bit at the link's data rate.
    PhotonsPerBit(f64),
}

impl ReceiverSpec {
    /// The receiver for a link at `data_rate_bps`.
    pub fn receiver(&self, data_rate_bps: f64) -> Receiver {
        let sensitivity = match self.sensitivity {
            RxSensitivity::Dbm(dbm) => Sensitivity::Dbm(dbm),
            RxSensitivity::PhotonsPerBit(n) => Sensitivity::PhotonsPerBit {
                photons_per_bit: n,
                data_rate_bps,
            },
        };
        Receiver {
            aperture_m: self.aperture_m,
            obscuration_ratio: self.obscuration_ratio,
            optics_efficiency: self.optics_efficiency,
            sensitivity,
        }
    }
}

impl Scenario {
    /// Reads and validates a scenario file.
    pub fn load(path: &Path) -> Result<Scenario> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        Scenario::parse(&text, &path.display().to_string(), path.parent())
    }

    /// The default scenario compiled into the binary.
    pub fn built_in_default() -> Result<Scenario> {
        Scenario::parse(DEFAULT_SCENARIO_TOML, DEFAULT_SCENARIO_SOURCE, None)
    }

    /// Parses and validates scenario text; `source` names it in errors; relative element file
    /// paths are resolved against `base_dir` (the current directory when `None`).
    pub fn parse(text: &str, source: &str, base_dir: Option<&Path>) -> Result<Scenario> {
        let raw: raw::RawScenario = toml::from_str(text).map_err(|e| Error::Scenario {
            file: source.to_string(),
            message: toml_message(text, &e),
        })?;
        build::build(raw, source, base_dir).map_err(|e| Error::Scenario {
            file: source.to_string(),
            message: e.to_string(),
        })
    }

    /// Parses scenario text into a TOML document (syntax errors name the line and column), for
    /// [`apply_override`] and [`Scenario::from_document`].
    pub fn parse_document(text: &str, source: &str) -> Result<toml::Table> {
        toml::from_str(text).map_err(|e| Error::Scenario {
            file: source.to_string(),
            message: toml_message(text, &e),
        })
    }

    /// Validates a scenario document (e.g. after [`apply_override`]); like [`Scenario::parse`]
    /// but type errors carry no line numbers (the document may not be the file's text).
    pub fn from_document(
        doc: toml::Table,
        source: &str,
        base_dir: Option<&Path>,
    ) -> Result<Scenario> {
        let raw: raw::RawScenario =
            toml::Value::Table(doc)
                .try_into()
                .map_err(|e: toml::de::Error| Error::Scenario {
                    file: source.to_string(),
                    message: e.message().to_string(),
                })?;
        build::build(raw, source, base_dir).map_err(|e| Error::Scenario {
            file: source.to_string(),
            message: e.to_string(),
        })
    }

    /// The data rate (bit/s) of the link between a satellite and a station.
    pub fn data_rate_bps(&self, satellite: usize, station: usize) -> f64 {
        self.terminal_of(satellite, station).data_rate_bps
    }

    fn terminal_of(&self, satellite: usize, station: usize) -> &Terminal {
        let name = match self.direction {
            Direction::Downlink => &self.satellites[satellite].equipment,
            Direction::Uplink => &self.stations[station].equipment,
        };
        &self.terminals[name]
    }

    /// The link budget of a satellite–station pair (indices into `satellites` and `stations`).
    pub fn link_budget(&self, satellite: usize, station: usize) -> Result<LinkBudget> {
        let terminal = self.terminal_of(satellite, station);
        let rx_name = match self.direction {
            Direction::Downlink => &self.stations[station].equipment,
            Direction::Uplink => &self.satellites[satellite].equipment,
        };
        let receiver = self.receivers[rx_name].receiver(terminal.data_rate_bps);
        let st = &self.stations[station];
        let altitude_m = st.station.location.altitude_m;
        let zenith_transmittance = match st.zenith_transmittance {
            Some(t) => t,
            None => crate::channel::default_zenith_transmittance(
                terminal.transmitter.wavelength_m,
                altitude_m,
            )?,
        };
        let site = Site {
            altitude_m,
            zenith_transmittance,
            turbulence: st.turbulence,
        };
        LinkBudget::new(&terminal.transmitter, &receiver, &site, self.direction)
    }

    /// Simulated span, s.
    pub fn duration_s(&self) -> f64 {
        self.end_unix_s - self.start_unix_s
    }
}

/// A TOML error as "line L, column C: message" (toml's own text already carries a snippet).
fn toml_message(text: &str, err: &toml::de::Error) -> String {
    match err.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("line {line}, column {column}: {}", err.message())
        }
        None => err.message().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smoke scenario with one line replaced.
    fn smoke_with(from: &str, to: &str) -> Result<Scenario> {
        let text = include_str!("../../scenarios/smoke.toml");
        assert!(text.contains(from), "{from}");
        Scenario::parse(&text.replacen(from, to, 1), "smoke.toml", None)
    }

    #[test]
    fn horizon_elevations_are_refused_for_link_simulation() {
        let err = smoke_with(
            "preset = \"koganei\"",
            "preset = \"koganei\"\nmin_elevation_deg = 0",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("stations[0].min_elevation_deg = 0"), "{err}");
    }

    #[test]
    fn pair_errors_name_the_terminal_and_the_station() {
        // 500 nm has no default zenith transmittance: the error says where to act.
        let err = smoke_with("wavelength_nm = 1550", "wavelength_nm = 500")
            .unwrap_err()
            .to_string();
        assert!(err.contains("terminals.leo.wavelength_nm = 500"), "{err}");
        assert!(err.contains("stations[0].zenith_transmittance"), "{err}");
    }

    #[test]
    fn tiny_steps_are_refused() {
        let err = smoke_with("step_s = 10.0", "step_s = 0.001")
            .unwrap_err()
            .to_string();
        assert!(err.contains("time.step_s = 0.001"), "{err}");
    }
}
