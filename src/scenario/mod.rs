//! Scenarios: the TOML file (raw serde types, [`raw`]) validated into a [`Scenario`] with SI
//! units and ready objects (satellites with their elements, stations, terminals, receivers).
//!
//! **Nodes and links.** A node is a satellite or a ground station ([`Node`]). A link
//! ([`ScenarioLink`]) is an ordered pair: the transmit terminal of one node and the receiver of
//! another, with the path between them. The links are derived from which node carries which
//! equipment: a satellite with a `terminal` and a station with a `receiver` make a downlink, a
//! station with a `terminal` and a satellite with a `receiver` an uplink; a node may carry
//! both (a beacon uplink and a data downlink on the same pass). Links are ordered by
//! satellite, then station, then downlink before uplink. `channel.direction`, from the first
//! file format, still works: it keeps the links of that direction and requires every node to
//! carry the equipment of that direction.
//!
//! Every validation error names the key (`stations[2].receiver`, `terminals.sota.tx_power_w`),
//! the value and what is allowed; TOML syntax and type errors name the line and column.
//! `scenarios/README.md` documents every key with its unit, default and allowed range.
//!
//! [`raw`]: crate::scenario::raw
//! [`Node`]: crate::scenario::Node
//! [`ScenarioLink`]: crate::scenario::ScenarioLink

mod build;
mod crosslinks;
mod detection;
mod estimate;
mod keys;
mod overrides;
pub mod raw;
mod relays;
mod schema;
mod telescopes;

#[cfg(test)]
pub(crate) use estimate::SCHEDULE_BYTES_PER_LINK_STEP;
pub use estimate::{RunEstimate, DEFAULT_MAX_MEMORY_GIB};
pub use schema::{json_schema, json_schema_text};

pub(crate) use overrides::{apply_override, parse_key, parse_value};

use std::collections::BTreeMap;
use std::path::Path;

use crate::channel::HufnagelValley;
use crate::error::{Error, Result};
use crate::ground::{Station, Telescopes};
use crate::link::{
    BackgroundFilter, DetectionModel, DetectionSpec, Direction, FadingModel, LinkBudget,
    Path as LinkPath, Receiver, Sensitivity, Site, Transmitter,
};
use crate::orbit::Satellite;

/// The default scenario compiled into the binary (`oslink run` with no file).
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("../../scenarios/lux-japan-leo.toml");
/// The name under which the default scenario reports itself.
pub const DEFAULT_SCENARIO_SOURCE: &str = "scenarios/lux-japan-leo.toml (built in)";

/// The longest simulated span, s (two years of 366 days): of `run`, `validate`, `sweep` and
/// `passes`.
pub const MAX_SPAN_S: f64 = 2.0 * 366.0 * 86_400.0;

/// A validated scenario: SI units, every reference resolved.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Scenario name.
    pub name: String,
    /// Optional free text.
    pub description: Option<String>,
    /// Where it was read from (a path, or the built-in default).
    pub source: String,
    /// The scenario as TOML: the file's text, or for a document built in memory (a sweep's
    /// grid point) that document written out.
    pub text: String,
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
    /// Every optical link, ordered by satellite, station, then downlink before uplink.
    pub links: Vec<ScenarioLink>,
    /// The inter-satellite links, in `[[crosslinks]]` order.
    pub crosslinks: Vec<ScenarioCrosslink>,
    /// Lowest altitude above the WGS-84 ellipsoid a crosslink may graze, m.
    pub grazing_margin_m: f64,
    /// The relay chains: one per source of each `[[relays]]` entry, in file order.
    pub chains: Vec<RelayChain>,
}

/// See [`Scenario::geometry_fingerprint`]: equal fingerprints, equal geometry. (Floats are
/// compared by their bits, the other fields by their exact `Debug` text.)
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GeometryFingerprint(String);

/// A node of the network: an index into [`Scenario::satellites`] or [`Scenario::stations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    /// A satellite.
    Satellite(usize),
    /// A ground station.
    Station(usize),
}

/// One optical link: the terminal of node `from` sends to the receiver of node `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioLink {
    /// The transmitting node.
    pub from: Node,
    /// The receiving node.
    pub to: Node,
    /// Name of the transmit terminal (a key of [`Scenario::terminals`]).
    pub terminal: String,
    /// Name of the receiver (a key of [`Scenario::receivers`]).
    pub receiver: String,
}

impl ScenarioLink {
    /// The satellite, the station and the direction of a ground–space link; `None` for a
    /// link between two satellites or two stations.
    pub fn ground_space(&self) -> Option<(usize, usize, Direction)> {
        match (self.from, self.to) {
            (Node::Satellite(i), Node::Station(j)) => Some((i, j, Direction::Downlink)),
            (Node::Station(j), Node::Satellite(i)) => Some((i, j, Direction::Uplink)),
            _ => None,
        }
    }
}

/// An inter-satellite link: a `[[crosslinks]]` entry. It holds one crosslink terminal head
/// at each end while it is up, whether one way or duplex.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioCrosslink {
    /// The satellites at its ends, `[from, to]`: indices into [`Scenario::satellites`].
    pub ends: [usize; 2],
    /// `from` → `to`: the crosslink terminal of `from`, the crosslink receiver of `to`.
    pub forward: CrosslinkLeg,
    /// `to` → `from`, when the link is duplex.
    pub back: Option<CrosslinkLeg>,
}

/// One direction of an inter-satellite link.
#[derive(Debug, Clone, PartialEq)]
pub struct CrosslinkLeg {
    /// Name of the transmit terminal (a key of [`Scenario::terminals`]).
    pub terminal: String,
    /// Name of the receiver (a key of [`Scenario::receivers`]).
    pub receiver: String,
}

impl ScenarioCrosslink {
    /// The legs that send: the forward leg, then the return leg of a duplex link.
    pub fn legs(&self) -> impl Iterator<Item = &CrosslinkLeg> {
        std::iter::once(&self.forward).chain(self.back.as_ref())
    }
}

/// A relay chain: a source satellite's data over its crosslink to a relay satellite, then to
/// the ground over the relay's feeder. Up when the crosslink and the feeder are both up.
#[derive(Debug, Clone, PartialEq)]
pub struct RelayChain {
    /// Index of its `[[relays]]` entry.
    pub entry: usize,
    /// The source satellite (index into [`Scenario::satellites`]).
    pub source: usize,
    /// The relay satellite (index into [`Scenario::satellites`]).
    pub relay: usize,
    /// The crosslink between them (index into [`Scenario::crosslinks`]).
    pub crosslink: usize,
    /// The data flows on the crosslink's return leg (its `from` is the relay).
    pub on_return_leg: bool,
    /// How the relay reaches the ground.
    pub feeder: Feeder,
}

/// How a relay brings its data to the ground.
#[derive(Debug, Clone, PartialEq)]
pub enum Feeder {
    /// The relay's optical links of the network direction (downlinks) to the scenario's
    /// stations: clouds, turbulence, telescopes and site diversity as for any downlink.
    Optical,
    /// A non-optical feeder (Ka band for EDRS and JDRS) declared by its rate and the fraction
    /// of the time it is up.
    Declared {
        /// Its name in the outputs.
        name: String,
        /// Data rate, bit/s.
        rate_bps: f64,
        /// Fraction of the time it is up, independent of the weather.
        availability: f64,
    },
}

impl Feeder {
    /// "optical" or the declared feeder's name.
    pub fn name(&self) -> &str {
        match self {
            Feeder::Optical => "optical",
            Feeder::Declared { name, .. } => name,
        }
    }
}

impl RelayChain {
    /// The crosslink leg that carries the source's data.
    pub fn leg<'a>(&self, scenario: &'a Scenario) -> &'a CrosslinkLeg {
        let c = &scenario.crosslinks[self.crosslink];
        match (&c.back, self.on_return_leg) {
            (Some(back), true) => back,
            _ => &c.forward,
        }
    }
}

/// Settings of the cloud process (docs/models.md §2).
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
    /// Its transmit terminal (it sends downlinks), by name.
    pub terminal: Option<String>,
    /// Its receiver (it receives uplinks), by name.
    pub receiver: Option<String>,
    /// The terminal of its inter-satellite links, by name.
    pub crosslink_terminal: Option<String>,
    /// The receiver of its inter-satellite links, by name.
    pub crosslink_receiver: Option<String>,
    /// How many inter-satellite links it holds at once (terminal heads), ≥ 1.
    pub crosslink_terminals: u32,
    /// Index of its `[[satellites]]` entry (a catalogue entry holds many satellites).
    pub entry: usize,
    /// What a propagation failure of this satellite inside the span does to the run.
    pub on_propagation_error: OnPropagationError,
}

/// What a satellite that SGP4 cannot propagate over the simulated span (it decays, or SGP4
/// fails) does to a run: key `on_propagation_error` of its `[[satellites]]` entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnPropagationError {
    /// The run stops with the propagation error (default).
    #[default]
    Fail,
    /// The satellite is left out of the run (no passes, no links up), with a warning that
    /// names it and the error.
    Skip,
}

impl OnPropagationError {
    /// The scenario-file spelling, `"fail"` or `"skip"`.
    pub fn as_str(self) -> &'static str {
        match self {
            OnPropagationError::Fail => "fail",
            OnPropagationError::Skip => "skip",
        }
    }
}

/// A ground station and its optical end.
#[derive(Debug, Clone)]
pub struct ScenarioStation {
    /// Position, visibility constraints and cloud climate.
    pub station: Station,
    /// Its receiver (it receives downlinks), by name.
    pub receiver: Option<String>,
    /// Its transmit terminal (it sends uplinks), by name.
    pub terminal: Option<String>,
    /// Hufnagel–Valley profile above the station.
    pub turbulence: HufnagelValley,
    /// Zenith clear-sky transmittance override; `None` = default by wavelength and altitude.
    pub zenith_transmittance: Option<f64>,
    /// Its telescopes and how they are scheduled among the satellites in view.
    pub telescopes: Telescopes,
}

impl ScenarioSatellite {
    /// The names of its equipment: its terminal, its receiver, or both ("lct, beacon-rx"),
    /// then its crosslink equipment ("crosslinks ×2: isl, isl-rx").
    pub fn equipment(&self) -> String {
        let ground = equipment_names(&self.terminal, &self.receiver);
        let crosslink = equipment_names(&self.crosslink_terminal, &self.crosslink_receiver);
        match (ground.is_empty(), crosslink.is_empty()) {
            (_, true) => ground,
            (true, false) => format!("crosslinks ×{}: {crosslink}", self.crosslink_terminals),
            (false, false) => {
                format!(
                    "{ground}; crosslinks ×{}: {crosslink}",
                    self.crosslink_terminals
                )
            }
        }
    }
}

impl ScenarioStation {
    /// The names of its equipment: its receiver, its terminal, or both ("ogs-1m, beacon").
    pub fn equipment(&self) -> String {
        equipment_names(&self.receiver, &self.terminal)
    }
}

fn equipment_names(first: &Option<String>, second: &Option<String>) -> String {
    let names: Vec<&str> = [first, second]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    names.join(", ")
}

/// The parts of a link's budget, before the geometry ([`Scenario::link_parts`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkParts {
    /// The transmitter of the link's terminal.
    pub transmitter: Transmitter,
    /// The link's receiver (its sensitivity may follow the data rate).
    pub receiver: ReceiverSpec,
    /// The terminal's data rate, bit/s.
    pub data_rate_bps: f64,
    /// The path between them.
    pub path: LinkPath,
}

/// A transmit terminal with its data rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Terminal {
    /// Optical transmitter.
    pub transmitter: Transmitter,
    /// User data rate, bit/s (sets the sensitivity of photons-per-bit receivers and the volume).
    pub data_rate_bps: f64,
    /// Acquisition time of an inter-satellite link, s: from the window start to the first data.
    pub acquisition_s: f64,
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
    /// Sun exclusion half-angle of a crosslink receiver, rad; `None` = no exclusion.
    pub sun_exclusion_rad: Option<f64>,
}

/// How a receiver's sensitivity is given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RxSensitivity {
    /// Fixed, dBm.
    Dbm(f64),
    /// Photons per bit at the link's data rate.
    PhotonsPerBit(f64),
    /// A detection model at the link's data rate.
    Detection {
        /// The model.
        model: DetectionModel,
        /// Its field stop and filter (`None` for a model that rejects background light).
        background: Option<BackgroundFilter>,
    },
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
            RxSensitivity::Detection { model, background } => {
                Sensitivity::Detection(DetectionSpec {
                    model,
                    data_rate_bps,
                    background,
                })
            }
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
    /// The text of a scenario file (a regular UTF-8 file of at most 256 MiB), for callers
    /// that parse it themselves (a sweep).
    pub fn read_text(path: &Path) -> Result<String> {
        let bytes = crate::input::read_input(path)?;
        let name = path.display().to_string();
        String::from_utf8(bytes)
            .map_err(|e| Error::in_scenario(&name, not_utf8(e.as_bytes(), e.utf8_error())))
    }

    /// Reads and validates a scenario file.
    pub fn load(path: &Path) -> Result<Scenario> {
        let text = Scenario::read_text(path)?;
        Scenario::parse(&text, &path.display().to_string(), path.parent())
    }

    /// The default scenario compiled into the binary.
    pub fn built_in_default() -> Result<Scenario> {
        Scenario::parse(DEFAULT_SCENARIO_TOML, DEFAULT_SCENARIO_SOURCE, None)
    }

    /// Parses and validates scenario text; `source` names it in errors; relative element file
    /// paths are resolved against `base_dir` (the current directory when `None`).
    pub fn parse(text: &str, source: &str, base_dir: Option<&Path>) -> Result<Scenario> {
        let raw: raw::RawScenario =
            toml::from_str(text).map_err(|e| Error::in_scenario(source, toml_error(text, &e)))?;
        let mut scenario =
            build::build(raw, source, base_dir).map_err(|e| Error::in_scenario(source, e))?;
        scenario.text = text.to_string();
        Ok(scenario)
    }

    /// Parses scenario text into a TOML document (syntax errors name the line and column), for
    /// [`apply_override`] and [`Scenario::from_document`].
    pub(crate) fn parse_document(text: &str, source: &str) -> Result<toml::Table> {
        toml::from_str(text).map_err(|e| Error::in_scenario(source, toml_error(text, &e)))
    }

    /// Validates a scenario document (e.g. after [`apply_override`]); like [`Scenario::parse`]
    /// but type errors carry no line numbers (the document may not be the file's text).
    pub(crate) fn from_document(
        doc: toml::Table,
        source: &str,
        base_dir: Option<&Path>,
    ) -> Result<Scenario> {
        let text = toml::to_string(&doc).unwrap_or_default();
        let raw: raw::RawScenario =
            toml::Value::Table(doc)
                .try_into()
                .map_err(|e: toml::de::Error| {
                    let located = Error::Toml {
                        line: None,
                        column: None,
                        message: e.message().to_string(),
                    };
                    Error::in_scenario(source, located)
                })?;
        let mut scenario =
            build::build(raw, source, base_dir).map_err(|e| Error::in_scenario(source, e))?;
        scenario.text = text;
        Ok(scenario)
    }

    /// The data rate (bit/s) of link `link` (an index into [`Scenario::links`]): its
    /// terminal's.
    pub fn data_rate_bps(&self, link: usize) -> f64 {
        self.terminals[&self.links[link].terminal].data_rate_bps
    }

    /// What the budget of link `link` (an index into [`Scenario::links`]) is made of: the
    /// transmitter of its terminal, its receiver, the terminal's data rate and the path (for a
    /// ground–space link, the atmosphere above its station).
    pub fn link_parts(&self, link: usize) -> Result<LinkParts> {
        let l = &self.links[link];
        let terminal = &self.terminals[&l.terminal];
        let path = match l.ground_space() {
            Some((_, station, direction)) => LinkPath::Atmospheric {
                site: self.site(station, terminal.transmitter.wavelength_m)?,
                direction,
            },
            None => LinkPath::Vacuum,
        };
        Ok(LinkParts {
            transmitter: terminal.transmitter,
            receiver: self.receivers[&l.receiver],
            data_rate_bps: terminal.data_rate_bps,
            path,
        })
    }

    /// The budget of one leg of an inter-satellite link: its terminal and receiver across a
    /// vacuum path.
    pub fn crosslink_budget(&self, leg: &CrosslinkLeg) -> Result<LinkBudget> {
        let terminal = &self.terminals[&leg.terminal];
        let receiver = self.receivers[&leg.receiver].receiver(terminal.data_rate_bps);
        LinkBudget::new(&terminal.transmitter, &receiver, &LinkPath::Vacuum)
    }

    /// The name of inter-satellite link `k`: "FROM → TO", or "FROM ↔ TO" when duplex.
    pub fn crosslink_name(&self, k: usize) -> String {
        let c = &self.crosslinks[k];
        let arrow = if c.back.is_some() { "↔" } else { "→" };
        format!(
            "{} {arrow} {}",
            self.satellites[c.ends[0]].satellite.name, self.satellites[c.ends[1]].satellite.name
        )
    }

    /// How many crosslinks carry no relay chain (`oslink run` does not simulate them;
    /// `oslink windows` lists their windows).
    pub fn unrelayed_crosslinks(&self) -> usize {
        (0..self.crosslinks.len())
            .filter(|&k| self.chains.iter().all(|c| c.crosslink != k))
            .count()
    }

    /// The name of relay chain `c`: "SOURCE → RELAY → FEEDER" ("ground" for an optical
    /// feeder).
    pub fn chain_name(&self, c: usize) -> String {
        let chain = &self.chains[c];
        let feeder = match &chain.feeder {
            Feeder::Optical => "ground",
            Feeder::Declared { name, .. } => name,
        };
        format!(
            "{} → {} → {feeder}",
            self.satellites[chain.source].satellite.name,
            self.satellites[chain.relay].satellite.name
        )
    }

    /// The link budget of link `link` (an index into [`Scenario::links`]).
    pub fn link_budget(&self, link: usize) -> Result<LinkBudget> {
        let parts = self.link_parts(link)?;
        LinkBudget::new(
            &parts.transmitter,
            &parts.receiver.receiver(parts.data_rate_bps),
            &parts.path,
        )
    }

    /// The ground end of an atmospheric path at station `station` and `wavelength_m`: its
    /// altitude, turbulence profile and zenith transmittance (the scenario's override, else
    /// the default by wavelength and altitude).
    pub fn site(&self, station: usize, wavelength_m: f64) -> Result<Site> {
        let st = &self.stations[station];
        let altitude_m = st.station.location.altitude_m;
        let zenith_transmittance = match st.zenith_transmittance {
            Some(t) => t,
            None => crate::channel::default_zenith_transmittance(wavelength_m, altitude_m)?,
        };
        Ok(Site {
            altitude_m,
            zenith_transmittance,
            turbulence: st.turbulence,
        })
    }

    /// The name of a node: the satellite's label or the station's name.
    pub fn node_name(&self, node: Node) -> String {
        match node {
            Node::Satellite(i) => self.satellites[i].satellite.name.clone(),
            Node::Station(j) => self.stations[j].station.name.clone(),
        }
    }

    /// The name of link `link`: "FROM → TO" (e.g. "SOCRATES → koganei").
    pub fn link_name(&self, link: usize) -> String {
        let l = &self.links[link];
        format!("{} → {}", self.node_name(l.from), self.node_name(l.to))
    }

    /// The links between satellite `satellite` and station `station`, downlink first.
    pub fn links_between(&self, satellite: usize, station: usize) -> Vec<usize> {
        (0..self.links.len())
            .filter(|&k| {
                self.links[k]
                    .ground_space()
                    .is_some_and(|(i, j, _)| (i, j) == (satellite, station))
            })
            .collect()
    }

    /// The directions of the scenario's ground–space links, downlink first (one entry each).
    pub fn directions(&self) -> Vec<Direction> {
        let mut out: Vec<Direction> = self
            .links
            .iter()
            .filter_map(|l| l.ground_space().map(|(_, _, d)| d))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The direction whose links form the network of the station and network figures (site
    /// diversity, data volume): downlinks when there are any (the data comes home), else
    /// uplinks. Every link has figures of its own as well.
    pub fn network_direction(&self) -> Direction {
        self.directions()
            .first()
            .copied()
            .unwrap_or(Direction::Downlink)
    }

    /// What the geometry stage depends on, as a value two scenarios can be compared by: the
    /// time grid (span, step, UT1 − UTC), every satellite (name, elements, station keeping),
    /// every station's name, position and visibility constraints (minimum elevation, horizon
    /// mask, Sun exclusion) and the links' ends. Two scenarios with equal fingerprints have
    /// the same passes and look angles, whatever their terminals, receivers, channel or Monte
    /// Carlo settings (`oslink sweep` reuses the geometry between them).
    pub fn geometry_fingerprint(&self) -> GeometryFingerprint {
        let bits = |x: f64| x.to_bits();
        let mut text = format!(
            "{:x} {:x} {:x} {:x}\n",
            bits(self.start_unix_s),
            bits(self.end_unix_s),
            bits(self.step_s),
            bits(self.dut1_s)
        );
        for s in &self.satellites {
            text.push_str(&format!("{:?} {:?}\n", s.satellite, s.on_propagation_error));
        }
        for s in &self.stations {
            let st = &s.station;
            text.push_str(&format!(
                "{:?} {:?} {:x} {:?} {:?}\n",
                st.name,
                st.location,
                bits(st.min_elevation_rad),
                st.horizon_mask,
                st.sun_exclusion_rad.map(bits)
            ));
        }
        for l in &self.links {
            text.push_str(&format!("{:?} {:?}\n", l.from, l.to));
        }
        GeometryFingerprint(text)
    }

    /// Simulated span, s.
    pub fn duration_s(&self) -> f64 {
        self.end_unix_s - self.start_unix_s
    }
}

/// The error of a file that is not UTF-8 text: where the first bad byte is (line, column and
/// byte offset) and its value.
fn not_utf8(bytes: &[u8], e: std::str::Utf8Error) -> Error {
    let offset = e.valid_up_to();
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Error::Toml {
        line: Some(line),
        column: Some(offset - line_start + 1),
        message: format!(
            "byte {offset} (0x{:02X}) is not UTF-8: a scenario file is UTF-8 text",
            bytes[offset]
        ),
    }
}

/// A TOML error located by line and column in `text` (toml's own message already carries a
/// snippet of the line).
fn toml_error(text: &str, err: &toml::de::Error) -> Error {
    let (line, column) = match err.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            (Some(line), Some(column))
        }
        None => (None, None),
    };
    let message = err
        .span()
        .filter(|_| err.message().contains("expected a string"))
        .and_then(|span| datetime_literal(text, span.start))
        .unwrap_or_else(|| err.message().to_string());
    Error::Toml {
        line,
        column,
        message,
    }
}

/// The message for an unquoted TOML datetime at byte `at` of `text` where a string is expected
/// (toml reads it as a map: "invalid type: map, expected a string"), naming the key and the
/// quoted ISO 8601 string to write instead; `None` when the value there is not a datetime.
fn datetime_literal(text: &str, at: usize) -> Option<String> {
    let rest = text.get(at..)?;
    let literal: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '+'))
        .collect();
    if !(literal.len() >= 10
        && literal.as_bytes()[4] == b'-'
        && literal.starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    let before = &text[..at];
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let name = line
        .rsplit_once('=')?
        .0
        .trim_end()
        .rsplit(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .next()?
        .trim_matches('"');
    // The table the line is in: the last `[header]` or `[[header]]` before it.
    let table = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim());
    let key = match (table, line.contains('{')) {
        (Some(t), false) => format!("{t}.{name}"),
        (Some(t), true) => format!("{name} (in [{t}])"),
        (None, _) => name.to_string(),
    };
    Some(format!(
        "{key} = {literal} is a TOML datetime literal: a quoted ISO 8601 string is \
         expected, e.g. {name} = \"{literal}\""
    ))
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
        .report();
        assert!(err.contains("stations[0].min_elevation_deg = 0"), "{err}");
    }

    #[test]
    fn pair_errors_name_the_terminal_and_the_station() {
        // 500 nm has no default zenith transmittance: the error says where to act.
        let err = smoke_with("wavelength_nm = 1550", "wavelength_nm = 500")
            .unwrap_err()
            .report();
        assert!(err.contains("terminals.leo.wavelength_nm = 500"), "{err}");
        assert!(err.contains("stations[0].zenith_transmittance"), "{err}");
    }

    #[test]
    fn the_geometry_fingerprint_follows_what_moves_the_geometry() {
        let base = smoke_with("", "").unwrap().geometry_fingerprint();
        // Terminals, receivers, channel and Monte Carlo keys keep the geometry.
        for (from, to) in [
            ("tx_power_w = 0.5", "tx_power_w = 1.0"),
            ("seed = 7", "seed = 8"),
            ("fading = \"gamma-gamma\"", "fading = \"lognormal\""),
        ] {
            let fp = smoke_with(from, to).unwrap().geometry_fingerprint();
            assert_eq!(fp, base, "{from} → {to}");
        }
        // Sites, constraints and the time grid move it.
        for (from, to) in [
            (
                "preset = \"koganei\"",
                "preset = \"koganei\"\nmin_elevation_deg = 20",
            ),
            (
                "preset = \"koganei\"",
                "preset = \"koganei\"\nsun_exclusion_deg = 10",
            ),
            ("preset = \"koganei\"", "preset = \"kashima\""),
            ("step_s = 10.0", "step_s = 5.0"),
        ] {
            let fp = smoke_with(from, to).unwrap().geometry_fingerprint();
            assert_ne!(fp, base, "{from} → {to}");
        }
    }

    #[test]
    fn scenario_errors_keep_the_typed_cause() {
        let err = smoke_with("step_s = 10.0", "step_s = 0.001").unwrap_err();
        assert!(matches!(err, Error::Scenario { ref file, .. } if file == "smoke.toml"));
        match err.innermost() {
            Error::InvalidParameter { key, value, .. } => {
                assert_eq!((key.as_str(), value.as_str()), ("time.step_s", "0.001"));
            }
            other => panic!("{other:?}"),
        }
        let err = smoke_with("step_s = 10.0", "step_s = \"ten\"").unwrap_err();
        assert!(
            matches!(err.innermost(), Error::Toml { line: Some(7), .. }),
            "{err:?}"
        );
    }

    #[test]
    fn tiny_steps_are_refused() {
        let err = smoke_with("step_s = 10.0", "step_s = 0.001")
            .unwrap_err()
            .report();
        assert!(err.contains("time.step_s = 0.001"), "{err}");
    }
}
