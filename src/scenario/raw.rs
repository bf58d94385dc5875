//! The scenario file as written: serde types that mirror the TOML one to one, with unit-suffixed
//! keys and `deny_unknown_fields` everywhere. Nothing here is validated beyond TOML types;
//! [`super::Scenario::parse`] turns it into SI-unit, ready objects.

use std::collections::BTreeMap;

use serde::Deserialize;

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Free-text scenario name, copied into every output.
    pub name: String,
    /// Free-text description.
    #[serde(default)]
    pub description: Option<String>,
    /// Simulated span and step.
    pub time: RawTime,
    /// Monte Carlo sizes and seed.
    #[serde(default)]
    pub montecarlo: RawMonteCarlo,
    /// Channel options shared by every link.
    #[serde(default)]
    pub channel: RawChannel,
    /// The satellites.
    #[serde(default)]
    pub satellites: Vec<RawSatellite>,
    /// Transmit terminals by name.
    #[serde(default)]
    pub terminals: BTreeMap<String, RawTerminal>,
    /// Receivers by name.
    #[serde(default)]
    pub receivers: BTreeMap<String, RawReceiver>,
    /// The ground stations.
    #[serde(default)]
    pub stations: Vec<RawStation>,
    /// Parameter grid for `oslink sweep`: dotted scenario keys → lists of values.
    #[serde(default)]
    pub sweep: BTreeMap<String, toml::Value>,
}

/// `[time]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTime {
    /// Start, ISO 8601 UTC.
    pub start: String,
    /// End, ISO 8601 UTC (or give `duration_h`).
    #[serde(default)]
    pub end: Option<String>,
    /// Duration, hours (or give `end`).
    #[serde(default)]
    pub duration_h: Option<f64>,
    /// Sampling step inside passes, s.
    #[serde(default)]
    pub step_s: Option<f64>,
    /// UT1 − UTC, s.
    #[serde(default)]
    pub dut1_s: Option<f64>,
}

/// `[montecarlo]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMonteCarlo {
    /// Master seed of every random stream.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Number of cloud timelines.
    #[serde(default)]
    pub weather_realizations: Option<u64>,
    /// Turbulence × pointing draws per time step.
    #[serde(default)]
    pub fading_samples: Option<u64>,
}

/// `[channel]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    /// Kept from the first file format: "downlink" or "uplink" restricts the derived links to
    /// that direction and requires the matching equipment on every node.
    #[serde(default)]
    pub direction: Option<String>,
    /// "lognormal", "gamma-gamma" or "none".
    #[serde(default)]
    pub fading: Option<String>,
    /// Whether clouds block the line of sight (default true).
    #[serde(default)]
    pub clouds: Option<bool>,
    /// Spatial correlation length of the latent cloud field, km.
    #[serde(default)]
    pub cloud_correlation_length_km: Option<f64>,
    /// Correlation time of the latent cloud process, h.
    #[serde(default)]
    pub cloud_correlation_time_h: Option<f64>,
    /// Grid step of the cloud timeline, s.
    #[serde(default)]
    pub cloud_step_s: Option<f64>,
}

/// One `[[satellites]]` entry: exactly one orbit source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSatellite {
    /// Name (required for `orbit` and `tle`; the name prefix of a `walker` constellation;
    /// defaults to the catalogue name for files).
    #[serde(default)]
    pub name: Option<String>,
    /// Transmit terminal name (the satellite sends downlinks).
    #[serde(default)]
    pub terminal: Option<String>,
    /// Receiver name (the satellite receives uplinks).
    #[serde(default)]
    pub receiver: Option<String>,
    /// Planned orbit from mean elements.
    #[serde(default)]
    pub orbit: Option<RawOrbit>,
    /// Inline TLE: two lines (or three with a name line).
    #[serde(default)]
    pub tle: Option<Vec<String>>,
    /// TLE/3LE catalogue file, relative to the scenario file.
    #[serde(default)]
    pub tle_file: Option<String>,
    /// CelesTrak OMM JSON file, relative to the scenario file.
    #[serde(default)]
    pub omm_file: Option<String>,
    /// A Walker constellation of planned orbits: P planes × S satellites.
    #[serde(default)]
    pub walker: Option<RawWalker>,
    /// Catalogue numbers to take from `tle_file` / `omm_file` (default: all).
    #[serde(default)]
    pub norad_ids: Option<Vec<u64>>,
    /// `"fail"` (default) or `"skip"`: what a satellite of this entry that SGP4 cannot
    /// propagate over the span (decay, an SGP4 error) does to the run.
    #[serde(default)]
    pub on_propagation_error: Option<String>,
}

/// A planned orbit from mean elements.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrbit {
    /// Epoch of the elements, ISO 8601 UTC.
    pub epoch: String,
    /// Altitude of a circular orbit / of the semi-major axis above the equatorial radius, km.
    #[serde(default)]
    pub altitude_km: Option<f64>,
    /// Semi-major axis, km.
    #[serde(default)]
    pub semi_major_axis_km: Option<f64>,
    /// Eccentricity.
    #[serde(default)]
    pub eccentricity: Option<f64>,
    /// Inclination, degrees.
    #[serde(default)]
    pub inclination_deg: Option<f64>,
    /// `"sun-synchronous"`: inclination from J2.
    #[serde(default)]
    pub inclination: Option<String>,
    /// Right ascension of the ascending node, degrees.
    #[serde(default)]
    pub raan_deg: Option<f64>,
    /// Local time of the ascending node, hours.
    #[serde(default)]
    pub ltan_h: Option<f64>,
    /// Argument of perigee, degrees.
    #[serde(default)]
    pub arg_perigee_deg: Option<f64>,
    /// Mean anomaly at epoch, degrees.
    #[serde(default)]
    pub mean_anomaly_deg: Option<f64>,
    /// For geostationary orbits: the sub-satellite longitude at epoch, degrees east
    /// (sets the mean anomaly; with altitude 35786 km, e = 0, i = 0 when not given).
    #[serde(default)]
    pub longitude_deg: Option<f64>,
}

/// A Walker constellation `walker = { ... }`: `planes` × `per_plane` circular (or equally
/// eccentric) orbits of one altitude and inclination, nodes spread over `raan_spread_deg`,
/// relative phasing `phasing` (the pattern i:T/P/F). Expanded in `build.rs`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWalker {
    /// Epoch of the elements of every satellite, ISO 8601 UTC.
    pub epoch: String,
    /// Altitude of the semi-major axis above the equatorial radius, km.
    pub altitude_km: f64,
    /// Inclination, degrees.
    #[serde(default)]
    pub inclination_deg: Option<f64>,
    /// `"sun-synchronous"`: inclination from J2.
    #[serde(default)]
    pub inclination: Option<String>,
    /// Number of orbit planes P.
    pub planes: u64,
    /// Satellites per plane S.
    pub per_plane: u64,
    /// Relative phasing F, an integer in [0, P − 1].
    pub phasing: u64,
    /// Spread of the ascending nodes, degrees: 360 (default) = Walker delta, 180 = Walker star.
    #[serde(default)]
    pub raan_spread_deg: Option<f64>,
    /// Right ascension of the ascending node of plane 0, degrees (default 0).
    #[serde(default)]
    pub raan0_deg: Option<f64>,
    /// Eccentricity of every orbit (default 0; argument of perigee 0).
    #[serde(default)]
    pub eccentricity: Option<f64>,
}

/// A transmit terminal `[terminals.NAME]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTerminal {
    /// Wavelength, nm.
    pub wavelength_nm: f64,
    /// Optical output power, W.
    pub tx_power_w: f64,
    /// 1/e² full-angle divergence, µrad.
    #[serde(default)]
    pub divergence_full_angle_urad: Option<f64>,
    /// 1/e² half-angle divergence, µrad.
    #[serde(default)]
    pub divergence_half_angle_urad: Option<f64>,
    /// 1/e² waist radius of a diffraction-limited beam, m.
    #[serde(default)]
    pub beam_waist_m: Option<f64>,
    /// Transmit optics efficiency, 0–1.
    #[serde(default)]
    pub tx_optics_efficiency: Option<f64>,
    /// Pointing jitter, per-axis rms, µrad.
    #[serde(default)]
    pub pointing_jitter_urad: Option<f64>,
    /// Static pointing bias, µrad.
    #[serde(default)]
    pub pointing_bias_urad: Option<f64>,
    /// Data rate, bit/s.
    #[serde(default)]
    pub data_rate_bps: Option<f64>,
}

/// A receiver `[receivers.NAME]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReceiver {
    /// Aperture diameter, m.
    pub aperture_m: f64,
    /// Central obscuration ratio (diameters), 0–1.
    #[serde(default)]
    pub obscuration_ratio: Option<f64>,
    /// Receive optics efficiency, 0–1.
    #[serde(default)]
    pub rx_optics_efficiency: Option<f64>,
    /// Sensitivity in photons per bit at the terminal's data rate.
    #[serde(default)]
    pub photons_per_bit: Option<f64>,
    /// Sensitivity, dBm.
    #[serde(default)]
    pub sensitivity_dbm: Option<f64>,
}

/// One `[[stations]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStation {
    /// Preset name (`koganei`, `betzdorf`, …).
    #[serde(default)]
    pub preset: Option<String>,
    /// Name (required without a preset; renames a preset).
    #[serde(default)]
    pub name: Option<String>,
    /// Latitude, degrees north.
    #[serde(default)]
    pub lat_deg: Option<f64>,
    /// Longitude, degrees east.
    #[serde(default)]
    pub lon_deg: Option<f64>,
    /// Height, m.
    #[serde(default)]
    pub alt_m: Option<f64>,
    /// Receiver name (the station receives downlinks).
    #[serde(default)]
    pub receiver: Option<String>,
    /// Transmit terminal name (the station sends uplinks).
    #[serde(default)]
    pub terminal: Option<String>,
    /// Minimum elevation, degrees.
    #[serde(default)]
    pub min_elevation_deg: Option<f64>,
    /// Horizon mask points `[azimuth_deg, elevation_deg]`.
    #[serde(default)]
    pub horizon_mask: Option<Vec<Vec<f64>>>,
    /// Sun exclusion angle, degrees.
    #[serde(default)]
    pub sun_exclusion_deg: Option<f64>,
    /// Cloud-free line-of-sight probability: one value or 12 monthly values.
    #[serde(default)]
    pub cloud_free_probability: Option<CloudFree>,
    /// Turbulence profile parameters.
    #[serde(default)]
    pub turbulence: Option<RawTurbulence>,
    /// Zenith clear-sky transmittance at the link wavelength.
    #[serde(default)]
    pub zenith_transmittance: Option<f64>,
    /// Number of telescopes: satellites served at once (default 1, at most 64).
    #[serde(default)]
    pub telescopes: Option<u64>,
    /// Which satellite a free telescope takes: `"highest_elevation"` (default),
    /// `"longest_remaining"` or `"priority"` (with `priority`).
    #[serde(default)]
    pub scheduling: Option<String>,
    /// Satellite names, highest priority first (with `scheduling = "priority"`).
    #[serde(default)]
    pub priority: Option<Vec<String>>,
    /// Slew rate of the mount, degrees/s (default: the slew takes no time).
    #[serde(default)]
    pub slew_rate_deg_s: Option<f64>,
    /// Acquisition time at the start of every track, s (default 0, at most 3600).
    #[serde(default)]
    pub acquisition_s: Option<f64>,
}

/// A scalar or 12 monthly cloud-free probabilities.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CloudFree {
    /// The same probability in every month.
    Scalar(f64),
    /// January … December.
    Monthly(Vec<f64>),
}

/// `turbulence = { ... }` of a station (Hufnagel–Valley parameters).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTurbulence {
    /// Ground-level Cn², m^(−2/3).
    #[serde(default)]
    pub ground_cn2: Option<f64>,
    /// rms high-altitude wind, m/s.
    #[serde(default)]
    pub wind_rms_m_s: Option<f64>,
    /// Ground wind, m/s (rms wind from the Bufton model).
    #[serde(default)]
    pub ground_wind_m_s: Option<f64>,
}
