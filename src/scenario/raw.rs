//! The scenario file as written: serde types that mirror the TOML one to one, with unit-suffixed
//! keys and `deny_unknown_fields` everywhere. Nothing here is validated beyond TOML types;
//! [`super::Scenario::parse`] turns it into SI-unit, ready objects.
//!
//! The same types give the JSON Schema of the file (`oslink schema`,
//! [`super::json_schema`]): each field's doc comment is its description, so it states the
//! unit, the default and the allowed range (as scenarios/README.md does).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

/// An oslink scenario file: satellites, ground stations, their terminals and receivers, the
/// channel, the time span and the Monte Carlo sizes (scenarios/README.md).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Free-text scenario name, copied into every output. Required.
    pub name: String,
    /// Free-text description. Default: none.
    #[serde(default)]
    pub description: Option<String>,
    /// `[time]`: the simulated span and the sampling step. Required.
    pub time: RawTime,
    /// `[montecarlo]`: Monte Carlo sizes and seed.
    #[serde(default)]
    pub montecarlo: RawMonteCarlo,
    /// `[channel]`: channel options shared by every link.
    #[serde(default)]
    pub channel: RawChannel,
    /// `[[satellites]]`: the satellites, each with exactly one orbit source.
    #[serde(default)]
    pub satellites: Vec<RawSatellite>,
    /// `[terminals.NAME]`: transmit terminals by name.
    #[serde(default)]
    pub terminals: BTreeMap<String, RawTerminal>,
    /// `[receivers.NAME]`: receivers by name.
    #[serde(default)]
    pub receivers: BTreeMap<String, RawReceiver>,
    /// `[[stations]]`: the ground stations (presets or custom sites).
    #[serde(default)]
    pub stations: Vec<RawStation>,
    /// `[[crosslinks]]`: optical links between satellites, by satellite name.
    #[serde(default)]
    pub crosslinks: Vec<RawCrosslink>,
    /// `[[relays]]`: relay services (source satellites, a relay satellite and its feeder).
    #[serde(default)]
    pub relays: Vec<RawRelay>,
    /// `[sweep]`: parameter grid for `oslink sweep`, dotted scenario keys
    /// (`terminals.NAME.tx_power_w`, `stations[koganei].min_elevation_deg`, `stations`,
    /// `stations.choose`, …) → a list of values (a single value is a one-value axis).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub sweep: BTreeMap<String, toml::Value>,
}

/// `[time]`: the simulated span (`end` or `duration_h`) and the sampling step.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTime {
    /// Start of the span, ISO 8601 UTC (e.g. `2026-03-19T00:00:00Z`). Required.
    pub start: String,
    /// End of the span, ISO 8601 UTC, after `start`; span ≤ 2 years. Give `end` or
    /// `duration_h`.
    #[serde(default)]
    pub end: Option<String>,
    /// Span length, h, > 0 (instead of `end`).
    #[serde(default)]
    pub duration_h: Option<f64>,
    /// Sampling step inside passes (the common grid start + k·step_s), s, in [0.01, 86400].
    /// Default 10.
    #[serde(default)]
    pub step_s: Option<f64>,
    /// UT1 − UTC, s, in [−0.9, 0.9]. Default 0.
    #[serde(default)]
    pub dut1_s: Option<f64>,
}

/// `[montecarlo]`: Monte Carlo sizes and seed.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMonteCarlo {
    /// Master seed of every random stream, an unsigned 64-bit integer (`--seed` overrides).
    /// Default 42.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Number of cloud timelines (the P10/P50/P90 spread is over these), in [1, 100000].
    /// Default 32.
    #[serde(default)]
    pub weather_realizations: Option<u64>,
    /// Turbulence × pointing draws per time step, in [1, 10⁷]. Default 1000.
    #[serde(default)]
    pub fading_samples: Option<u64>,
}

/// `[channel]`: channel options shared by every link.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    /// Kept from the first file format: "downlink" or "uplink" restricts the derived links to
    /// that direction and requires the matching equipment on every node. Default: none (the
    /// equipment decides).
    #[serde(default)]
    pub direction: Option<String>,
    /// Irradiance fading model: "lognormal", "gamma-gamma" or "none". Default "lognormal".
    #[serde(default)]
    pub fading: Option<String>,
    /// Whether clouds block the line of sight (false: always cloud free). Default true.
    #[serde(default)]
    pub clouds: Option<bool>,
    /// Spatial correlation length L_c of the latent cloud field (ρ = exp(−d/L_c)), km, > 0.
    /// Default 300.
    #[serde(default)]
    pub cloud_correlation_length_km: Option<f64>,
    /// Correlation time τ_c of the latent AR(1) cloud process, h, > 0. Default 3.
    #[serde(default)]
    pub cloud_correlation_time_h: Option<f64>,
    /// Grid step of the cloud timeline, s, in [1, 86400]. Default 300.
    #[serde(default)]
    pub cloud_step_s: Option<f64>,
    /// Lowest altitude above the WGS-84 ellipsoid a crosslink's line of sight may graze, km,
    /// in [0, 5000]: below it the atmosphere (absorption, refraction, scintillation at
    /// grazing incidence) takes the link. Default 100 (an assumption; docs/models.md).
    #[serde(default)]
    pub grazing_margin_km: Option<f64>,
}

/// One `[[crosslinks]]` entry: an optical link between two satellites named in
/// `[[satellites]]` (names matched ignoring case; they must be unique).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCrosslink {
    /// The satellite that sends (its `crosslink_terminal`). Required.
    pub from: String,
    /// The satellite that receives (its `crosslink_receiver`). Required.
    pub to: String,
    /// Whether `to` also sends back to `from` on the same terminal pair (needs
    /// `to.crosslink_terminal` and `from.crosslink_receiver`). Default false.
    #[serde(default)]
    pub duplex: Option<bool>,
}

/// One `[[relays]]` entry: a relay service. Each source sends its data over its crosslink to
/// the relay (a `[[crosslinks]]` entry between the two, `from = source`, or `from = relay`
/// with `duplex = true`), which brings it to the ground over its feeder.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRelay {
    /// The satellites whose data the relay carries, by name (at least one). Required.
    pub sources: Vec<String>,
    /// The relay satellite, by name. Required.
    pub relay: String,
    /// How the relay reaches the ground: `optical` (its downlinks to the scenario's stations,
    /// with clouds, turbulence and site diversity; the relay needs a `terminal`) or
    /// `declared` (a non-optical feeder, e.g. Ka band, of `feeder_rate_bps` up
    /// `feeder_availability` of the time). Default `optical`.
    #[serde(default)]
    pub feeder: Option<String>,
    /// Data rate of a declared feeder, bit/s, in (0, 1e12].
    #[serde(default)]
    pub feeder_rate_bps: Option<f64>,
    /// Fraction of the time a declared feeder is up, in [0, 1] (independent of the weather).
    #[serde(default)]
    pub feeder_availability: Option<f64>,
    /// What a declared feeder is called in the outputs (e.g. "Ka band"). Default "declared
    /// feeder".
    #[serde(default)]
    pub feeder_name: Option<String>,
}

/// One `[[satellites]]` entry: exactly one orbit source (`orbit`, `tle`, `tle_file`,
/// `omm_file` or `walker`), and a `terminal`, a `receiver` or both.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSatellite {
    /// Name (required for `orbit` and `tle`; the name prefix of a `walker` constellation;
    /// defaults to the catalogue name for files).
    #[serde(default)]
    pub name: Option<String>,
    /// Name of a `[terminals.NAME]` table: the satellite sends downlinks.
    #[serde(default)]
    pub terminal: Option<String>,
    /// Name of a `[receivers.NAME]` table: the satellite receives uplinks.
    #[serde(default)]
    pub receiver: Option<String>,
    /// Name of a `[terminals.NAME]` table: the terminal of its inter-satellite links.
    #[serde(default)]
    pub crosslink_terminal: Option<String>,
    /// Name of a `[receivers.NAME]` table: the receiver of its inter-satellite links.
    #[serde(default)]
    pub crosslink_receiver: Option<String>,
    /// Number of crosslink terminal heads, in [1, 64]: how many crosslinks the satellite
    /// holds at once (each link takes one head at each end). Default 1.
    #[serde(default)]
    pub crosslink_terminals: Option<u32>,
    /// Planned orbit from SGP4 mean elements (B* = 0).
    #[serde(default)]
    pub orbit: Option<RawOrbit>,
    /// Inline TLE: two lines (or three with a name line).
    #[serde(default)]
    pub tle: Option<Vec<String>>,
    /// TLE/3LE catalogue file, relative to the scenario file.
    #[serde(default)]
    pub tle_file: Option<String>,
    /// CelesTrak GP JSON (OMM) file, relative to the scenario file.
    #[serde(default)]
    pub omm_file: Option<String>,
    /// A Walker constellation of planned orbits: P planes × S satellites.
    #[serde(default)]
    pub walker: Option<RawWalker>,
    /// Catalogue numbers to take from `tle_file` / `omm_file`. Default: all objects.
    #[serde(default)]
    pub norad_ids: Option<Vec<u64>>,
    /// `"fail"` (default) or `"skip"`: what a satellite of this entry that SGP4 cannot
    /// propagate over the span (decay, an SGP4 error) does to the run.
    #[serde(default)]
    pub on_propagation_error: Option<String>,
}

/// `orbit = { ... }`: a planned orbit from SGP4 mean elements (B* = 0).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOrbit {
    /// Epoch of the elements, ISO 8601 UTC. Required.
    pub epoch: String,
    /// Altitude of a circular orbit / of the semi-major axis above the equatorial radius
    /// (a − 6378.135 km), km, in (0, 500000]. Give `altitude_km` or `semi_major_axis_km`.
    #[serde(default)]
    pub altitude_km: Option<f64>,
    /// Mean semi-major axis, km, in (6378.135, 506378.135].
    #[serde(default)]
    pub semi_major_axis_km: Option<f64>,
    /// Eccentricity, in [0, 1) with the perigee above the Earth. Default 0.
    #[serde(default)]
    pub eccentricity: Option<f64>,
    /// Inclination, degrees, in [0, 180]. Give `inclination_deg` or `inclination`.
    #[serde(default)]
    pub inclination_deg: Option<f64>,
    /// `"sun-synchronous"`: inclination from J2 for the orbit's a and e.
    #[serde(default)]
    pub inclination: Option<String>,
    /// Right ascension of the ascending node (TEME), degrees, finite. Default 0.
    #[serde(default)]
    pub raan_deg: Option<f64>,
    /// Local (mean solar) time of the ascending node, hours, in [0, 24), instead of
    /// `raan_deg`.
    #[serde(default)]
    pub ltan_h: Option<f64>,
    /// Argument of perigee, degrees, finite. Default 0.
    #[serde(default)]
    pub arg_perigee_deg: Option<f64>,
    /// Mean anomaly at epoch, degrees, finite. Default 0.
    #[serde(default)]
    pub mean_anomaly_deg: Option<f64>,
    /// For geostationary orbits: the sub-satellite longitude at epoch, degrees east, in
    /// [−180, 360] (alone with `epoch`: a station-kept geostationary satellite; sets the mean
    /// anomaly, with altitude 35786 km, e = 0, i = 0 when not given).
    #[serde(default)]
    pub longitude_deg: Option<f64>,
}

/// A Walker constellation `walker = { ... }`: `planes` × `per_plane` circular (or equally
/// eccentric) orbits of one altitude and inclination, nodes spread over `raan_spread_deg`,
/// relative phasing `phasing` (the pattern i:T/P/F). Expanded in `build.rs`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWalker {
    /// Epoch of the elements of every satellite, ISO 8601 UTC. Required.
    pub epoch: String,
    /// Altitude of the semi-major axis above the equatorial radius (a − 6378.135 km), km, in
    /// (0, 500000]. Required.
    pub altitude_km: f64,
    /// Inclination, degrees, in [0, 180]. Give `inclination_deg` or `inclination`.
    #[serde(default)]
    pub inclination_deg: Option<f64>,
    /// `"sun-synchronous"`: inclination from J2.
    #[serde(default)]
    pub inclination: Option<String>,
    /// Number of orbit planes P, an integer ≥ 1. Required.
    pub planes: u64,
    /// Satellites per plane S, an integer ≥ 1, with P·S ≤ 10000. Required.
    pub per_plane: u64,
    /// Relative phasing F between adjacent planes, an integer in [0, P − 1]. Required.
    pub phasing: u64,
    /// Spread of the ascending nodes, degrees, in (0, 360]: 360 = Walker delta, 180 = Walker
    /// star. Default 360.
    #[serde(default)]
    pub raan_spread_deg: Option<f64>,
    /// Right ascension of the ascending node of plane 0, degrees, finite. Default 0.
    #[serde(default)]
    pub raan0_deg: Option<f64>,
    /// Eccentricity of every orbit, in [0, 1) with the perigee above the Earth (argument of
    /// perigee 0). Default 0.
    #[serde(default)]
    pub eccentricity: Option<f64>,
}

/// A transmit terminal `[terminals.NAME]`: give exactly one of `divergence_full_angle_urad`,
/// `divergence_half_angle_urad`, `beam_waist_m`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTerminal {
    /// Wavelength, nm, in [200, 20000]. Required.
    pub wavelength_nm: f64,
    /// Optical output power, W, in [1e-12, 1e6]. Required.
    pub tx_power_w: f64,
    /// 1/e² full-angle divergence Θ, µrad, in [2λ/(π·100 m), 100000] (≥ 9.868e-3 at
    /// 1550 nm).
    #[serde(default)]
    pub divergence_full_angle_urad: Option<f64>,
    /// 1/e² half-angle divergence θ = Θ/2, µrad, in [λ/(π·100 m), 100000] (≥ 4.934e-3 at
    /// 1550 nm).
    #[serde(default)]
    pub divergence_half_angle_urad: Option<f64>,
    /// 1/e² waist radius w0 of a diffraction-limited beam (θ = λ/(π w0)), m, in (0, 100].
    #[serde(default)]
    pub beam_waist_m: Option<f64>,
    /// Transmit optics efficiency, in (0, 1]. Default 0.8.
    #[serde(default)]
    pub tx_optics_efficiency: Option<f64>,
    /// Pointing jitter, per-axis rms, µrad, 0 or in [0.001, 100000]. Default 0.
    #[serde(default)]
    pub pointing_jitter_urad: Option<f64>,
    /// Static pointing bias (boresight error, Rice pointing loss), µrad, in [0, 100000].
    /// Default 0.
    #[serde(default)]
    pub pointing_bias_urad: Option<f64>,
    /// Fraction of the point-ahead angle 2·v⊥/c the terminal's point-ahead mechanism
    /// removes, in [0, 1]; the rest, (1 − c)·2v⊥/c, adds to the pointing bias. Default 1
    /// (fully compensated).
    #[serde(default)]
    pub point_ahead_compensation: Option<f64>,
    /// Acquisition time of an inter-satellite link, s, in [0, 86400]: from the start of a
    /// window (both terminals free) to the first data. Default 0.
    #[serde(default)]
    pub acquisition_s: Option<f64>,
    /// User data rate, bit/s, > 0 (in [1, 1e15] with `photons_per_bit`): photons-per-bit
    /// sensitivity and data volume. Required.
    #[serde(default)]
    pub data_rate_bps: Option<f64>,
}

/// A receiver `[receivers.NAME]`: give exactly one of `photons_per_bit`, `sensitivity_dbm`
/// and `model` (a detection model with its own keys).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReceiver {
    /// Telescope aperture diameter, m, in [0.001, 100]. Required.
    pub aperture_m: f64,
    /// Central obscuration, ratio of diameters, in [0, 1). Default 0.
    #[serde(default)]
    pub obscuration_ratio: Option<f64>,
    /// Receive optics efficiency, in (0, 1]. Default 0.7.
    #[serde(default)]
    pub rx_optics_efficiency: Option<f64>,
    /// Sun exclusion angle of a crosslink receiver, degrees, in [0, 180): no inter-satellite
    /// link while the Sun is closer than this to the line of sight it looks along. Default:
    /// none.
    #[serde(default)]
    pub sun_exclusion_deg: Option<f64>,
    /// Sensitivity in photons per bit at the terminal's data rate (P = N·hc/λ·R_b), in
    /// [0.001, 1e9].
    #[serde(default)]
    pub photons_per_bit: Option<f64>,
    /// Sensitivity, dBm, in [−200, 60).
    #[serde(default)]
    pub sensitivity_dbm: Option<f64>,
    /// Detection model instead of `photons_per_bit` / `sensitivity_dbm`: `"direct-detection"`
    /// (OOK with a PIN or APD), `"photon-counting-ppm"` or `"coherent"` (single-mode fibre).
    /// Each needs its own keys below and no key of another model.
    #[serde(default)]
    pub model: Option<String>,
    /// direct-detection: `"pin"` or `"apd"`.
    #[serde(default)]
    pub detector: Option<String>,
    /// direct-detection: responsivity at unity gain, A/W, > 0 and at most the quantum limit
    /// q·λ/(h·c) at the link wavelength (1.25 A/W at 1550 nm).
    #[serde(default)]
    pub responsivity_a_w: Option<f64>,
    /// direct-detection, APD: gain M, in [1, 10000].
    #[serde(default)]
    pub apd_gain: Option<f64>,
    /// direct-detection, APD: excess-noise factor F(M) ≥ 1 (or `apd_ionization_ratio`).
    #[serde(default)]
    pub excess_noise_factor: Option<f64>,
    /// direct-detection, APD: ionization ratio k in [0, 1], F from McIntyre (1966).
    #[serde(default)]
    pub apd_ionization_ratio: Option<f64>,
    /// direct-detection: input-referred thermal (amplifier) noise current density, pA/√Hz.
    #[serde(default)]
    pub thermal_noise_pa_per_sqrt_hz: Option<f64>,
    /// direct-detection: primary dark current, nA.
    #[serde(default)]
    pub dark_current_na: Option<f64>,
    /// direct-detection and coherent: target bit error rate, in [1e-15, 0.1].
    #[serde(default)]
    pub target_ber: Option<f64>,
    /// photon-counting-ppm: PPM order M, a power of two in [2, 256].
    #[serde(default)]
    pub ppm_order: Option<u32>,
    /// photon-counting-ppm: slot width, ns.
    #[serde(default)]
    pub slot_width_ns: Option<f64>,
    /// photon-counting-ppm: guard slots after each symbol (CCSDS 142.0-B: M/4).
    #[serde(default)]
    pub guard_slots: Option<u32>,
    /// photon-counting-ppm: detection efficiency, in (0, 1].
    #[serde(default)]
    pub detection_efficiency: Option<f64>,
    /// photon-counting-ppm: dark count rate, Hz.
    #[serde(default)]
    pub dark_count_rate_hz: Option<f64>,
    /// photon-counting-ppm and coherent: loss of the real receiver against its model, dB ≥ 0.
    #[serde(default)]
    pub implementation_loss_db: Option<f64>,
    /// coherent: `"bpsk-homodyne"`, `"bpsk-heterodyne"` or `"dpsk"`.
    #[serde(default)]
    pub modulation: Option<String>,
    /// coherent: detector quantum efficiency, in (0, 1].
    #[serde(default)]
    pub quantum_efficiency: Option<f64>,
    /// coherent: Zernike modes (Noll order) corrected by adaptive optics before the fibre,
    /// 0 for none. Default 0.
    #[serde(default)]
    pub ao_corrected_modes: Option<u32>,
    /// direct-detection and photon-counting-ppm: full angle of the field stop, µrad (sets
    /// the background collected).
    #[serde(default)]
    pub field_of_view_urad: Option<f64>,
    /// direct-detection and photon-counting-ppm: optical filter bandwidth, nm.
    #[serde(default)]
    pub filter_bandwidth_nm: Option<f64>,
}

/// One `[[stations]]` entry: a preset (`oslink stations`) or a custom site; names are unique,
/// ignoring case.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStation {
    /// Preset name: `koganei`, `kashima`, `okinawa`, `tanegashima`, `tsukuba`, `kofu`,
    /// `betzdorf`, `kirchberg`, `belval`, `findel`, `redu`, `oberpfaffenhofen`, `izana`.
    #[serde(default)]
    pub preset: Option<String>,
    /// Name (required without a preset; renames a preset). Default: the preset name.
    #[serde(default)]
    pub name: Option<String>,
    /// Latitude of a custom site (WGS-84), degrees north, in [−90, 90].
    #[serde(default)]
    pub lat_deg: Option<f64>,
    /// Longitude of a custom site (WGS-84), degrees east, in [−180, 360).
    #[serde(default)]
    pub lon_deg: Option<f64>,
    /// Height of a custom site above the WGS-84 ellipsoid, m, in [−500, 9000].
    #[serde(default)]
    pub alt_m: Option<f64>,
    /// Name of a `[receivers.NAME]` table: the station receives downlinks.
    #[serde(default)]
    pub receiver: Option<String>,
    /// Name of a `[terminals.NAME]` table: the station sends uplinks.
    #[serde(default)]
    pub terminal: Option<String>,
    /// Minimum elevation at every azimuth, degrees, in [−5, 90). Default 10.
    #[serde(default)]
    pub min_elevation_deg: Option<f64>,
    /// Horizon mask points `[azimuth_deg, elevation_deg]`, degrees: azimuth strictly
    /// increasing in [0, 360), elevation in [−5, 90]; piecewise linear in azimuth, wrapping at
    /// 360°. Default: none.
    #[serde(default)]
    pub horizon_mask: Option<Vec<Vec<f64>>>,
    /// Sun exclusion angle (minimum Sun–satellite angle seen from the station), degrees, in
    /// [0, 180). Default: none.
    #[serde(default)]
    pub sun_exclusion_deg: Option<f64>,
    /// Cloud-free line-of-sight probability in [0, 1]: one value or 12 monthly values
    /// (January first). Default: the preset's monthly table (custom sites: 1).
    #[serde(default)]
    pub cloud_free_probability: Option<CloudFree>,
    /// Hufnagel–Valley turbulence profile parameters. Default: HV5/7.
    #[serde(default)]
    pub turbulence: Option<RawTurbulence>,
    /// Clear-sky zenith transmittance at the link wavelength, in (0, 1]. Default: by
    /// wavelength and altitude (models.md §2).
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

/// A scalar or 12 monthly cloud-free probabilities, each in [0, 1].
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum CloudFree {
    /// The same probability in every month, in [0, 1].
    Scalar(f64),
    /// 12 probabilities, January … December, each in [0, 1].
    Monthly(Vec<f64>),
}

/// `turbulence = { ... }` of a station (Hufnagel–Valley parameters): `ground_cn2` with
/// `wind_rms_m_s` or `ground_wind_m_s`, and optionally a night value of the ground term.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTurbulence {
    /// Ground-level Cn² (the HV term A), m^(−2/3), in [0, 1e-10). Default 1.7e-14 (HV5/7).
    #[serde(default)]
    pub ground_cn2: Option<f64>,
    /// Ground-level Cn² at night (Sun below the horizon at the station), m^(−2/3), in
    /// [0, 1e-10); `ground_cn2` is then the daytime value. Default: none (the same day and
    /// night).
    #[serde(default)]
    pub night_ground_cn2: Option<f64>,
    /// rms high-altitude wind, m/s, in [0, 200]. Default 21 (HV5/7).
    #[serde(default)]
    pub wind_rms_m_s: Option<f64>,
    /// Ground wind, m/s, instead of `wind_rms_m_s` (which then follows from the Bufton model
    /// and must be in [0, 200]).
    #[serde(default)]
    pub ground_wind_m_s: Option<f64>,
}
