//! Raw scenario → [`Scenario`]: defaults, ranges, references between tables, element files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::keys::{check, defined, quoted};
use super::raw::{
    CloudFree, RawOrbit, RawReceiver, RawSatellite, RawScenario, RawStation, RawTerminal, RawWalker,
};
use super::{
    telescopes, CloudSettings, Node, OnPropagationError, ReceiverSpec, RxSensitivity, Scenario,
    ScenarioLink, ScenarioSatellite, ScenarioStation, Terminal,
};
use crate::channel::HufnagelValley;
use crate::error::{Error, Result};
use crate::ground::{preset, HorizonMask, Station, Telescopes, PRESET_NAMES};
use crate::link::{Direction, Divergence, FadingModel, Transmitter};
use crate::orbit::{self, Inclination, Node as AscendingNode, OrbitSize, PlannedOrbit, Satellite};
use crate::time::{parse_utc, unix_seconds};

/// Default sampling step inside passes, s.
pub(crate) const DEFAULT_STEP_S: f64 = 10.0;
/// Default master seed.
pub(crate) const DEFAULT_SEED: u64 = 42;
/// Default number of weather realizations.
pub(crate) const DEFAULT_WEATHER_REALIZATIONS: u64 = 32;
/// Default turbulence × pointing draws per step.
pub(crate) const DEFAULT_FADING_SAMPLES: u64 = 1000;
/// Default spatial correlation length of clouds, km (docs/models.md §2).
pub(crate) const DEFAULT_CLOUD_CORRELATION_LENGTH_KM: f64 = 300.0;
/// Default correlation time of clouds, h (docs/models.md §2).
pub(crate) const DEFAULT_CLOUD_CORRELATION_TIME_H: f64 = 3.0;
/// Default cloud grid step, s: clouds change over hours, 5 min resolves that.
pub(crate) const DEFAULT_CLOUD_STEP_S: f64 = 300.0;
/// Default transmit optics efficiency.
const DEFAULT_TX_OPTICS_EFFICIENCY: f64 = 0.8;
/// Default receive optics efficiency.
const DEFAULT_RX_OPTICS_EFFICIENCY: f64 = 0.7;
/// The most satellites one `walker` entry expands to (T = P·S). A scenario is built in full
/// (every satellite's elements, every link and its budget) before the memory estimate of a run
/// is checked against `--max-memory-gb`; with at most 10⁴ satellites that build stays small
/// (measured: 0.6 s and 12 MB for 10⁴ satellites and one station, 6 s and 25 MB with ten
/// stations, 10⁵ link budgets), so the estimate, not the expansion of a typo such as
/// `per_plane = 1000000`, is what bounds a run.
pub(crate) const MAX_WALKER_SATELLITES: u64 = 10_000;

pub(super) fn build(raw: RawScenario, source: &str, base_dir: Option<&Path>) -> Result<Scenario> {
    let (start_unix_s, end_unix_s) = span(&raw)?;
    let step_s = raw.time.step_s.unwrap_or(DEFAULT_STEP_S);
    check(
        (0.01..=86_400.0).contains(&step_s),
        "time.step_s",
        step_s,
        "must be in [0.01, 86400] s",
    )?;
    // Each grid step stands for [t_k, t_k + step_s): whole steps keep every step inside the span.
    let steps = (end_unix_s - start_unix_s) / step_s;
    check(
        (steps - steps.round()).abs() < 1e-6,
        "time.step_s",
        step_s,
        &format!(
            "must divide the span ({} s) into whole steps",
            end_unix_s - start_unix_s
        ),
    )?;
    let dut1_s = raw.time.dut1_s.unwrap_or(0.0);
    check(
        dut1_s.abs() <= 0.9,
        "time.dut1_s",
        dut1_s,
        "must be in [-0.9, 0.9] s",
    )?;

    let mc = &raw.montecarlo;
    let weather_realizations = mc
        .weather_realizations
        .unwrap_or(DEFAULT_WEATHER_REALIZATIONS);
    check(
        (1..=100_000).contains(&weather_realizations),
        "montecarlo.weather_realizations",
        weather_realizations,
        "must be in [1, 100000]",
    )?;
    let fading_samples = mc.fading_samples.unwrap_or(DEFAULT_FADING_SAMPLES);
    check(
        (1..=10_000_000).contains(&fading_samples),
        "montecarlo.fading_samples",
        fading_samples,
        "must be in [1, 10000000]",
    )?;

    let ch = &raw.channel;
    let direction = match ch.direction.as_deref() {
        None => None,
        Some(text) => Some(
            text.parse::<Direction>()
                .map_err(|allowed| Error::invalid("channel.direction", quoted(text), allowed))?,
        ),
    };
    let fading = match ch.fading.as_deref() {
        None => FadingModel::default(),
        Some(text) => text
            .parse::<FadingModel>()
            .map_err(|allowed| Error::invalid("channel.fading", quoted(text), allowed))?,
    };
    let clouds = if ch.clouds.unwrap_or(true) {
        let length_km = ch
            .cloud_correlation_length_km
            .unwrap_or(DEFAULT_CLOUD_CORRELATION_LENGTH_KM);
        check(
            length_km > 0.0 && length_km.is_finite(),
            "channel.cloud_correlation_length_km",
            length_km,
            "must be > 0 km",
        )?;
        let time_h = ch
            .cloud_correlation_time_h
            .unwrap_or(DEFAULT_CLOUD_CORRELATION_TIME_H);
        check(
            time_h > 0.0 && time_h.is_finite(),
            "channel.cloud_correlation_time_h",
            time_h,
            "must be > 0 h",
        )?;
        let step = ch.cloud_step_s.unwrap_or(DEFAULT_CLOUD_STEP_S);
        // Clouds change over minutes to hours: a step below a second only costs memory.
        check(
            (1.0..=86_400.0).contains(&step),
            "channel.cloud_step_s",
            step,
            "must be in [1, 86400] s",
        )?;
        Some(CloudSettings {
            correlation_length_m: length_km * 1e3,
            correlation_time_s: time_h * 3600.0,
            step_s: step,
        })
    } else {
        for (key, given) in [
            (
                "cloud_correlation_length_km",
                ch.cloud_correlation_length_km.is_some(),
            ),
            (
                "cloud_correlation_time_h",
                ch.cloud_correlation_time_h.is_some(),
            ),
            ("cloud_step_s", ch.cloud_step_s.is_some()),
        ] {
            if given {
                return Err(Error::invalid(
                    format!("channel.{key}"),
                    "given",
                    "only with clouds = true",
                ));
            }
        }
        None
    };

    let mut terminals = BTreeMap::new();
    for (name, t) in &raw.terminals {
        terminals.insert(
            name.clone(),
            terminal(t).map_err(under(&format!("terminals.{name}")))?,
        );
    }
    let mut receivers = BTreeMap::new();
    for (name, r) in &raw.receivers {
        receivers.insert(
            name.clone(),
            receiver(r).map_err(under(&format!("receivers.{name}")))?,
        );
    }

    if raw.satellites.is_empty() {
        return Err(Error::invalid(
            "satellites",
            "[]",
            "at least one [[satellites]] entry",
        ));
    }
    let ends = Ends {
        terminals: &terminals,
        receivers: &receivers,
        direction,
    };
    let mut satellites = Vec::new();
    for (i, s) in raw.satellites.iter().enumerate() {
        let key = format!("satellites[{i}]");
        let crosslink = super::crosslinks::equipment(s, &key, &terminals, &receivers)?;
        let (terminal, receiver) = ends.of(
            &key,
            s.terminal.as_deref(),
            s.receiver.as_deref(),
            Direction::Downlink,
            crosslink.terminal.is_some() || crosslink.receiver.is_some(),
        )?;
        let on_propagation_error =
            match s.on_propagation_error.as_deref() {
                None | Some("fail") => OnPropagationError::Fail,
                Some("skip") => OnPropagationError::Skip,
                Some(other) => return Err(Error::invalid(
                    format!("{key}.on_propagation_error"),
                    quoted(other),
                    "\"fail\" (stop the run) or \"skip\" (leave the satellite out, with a warning)",
                )),
            };
        for satellite in satellites_of(s, &key, base_dir)? {
            satellites.push(ScenarioSatellite {
                satellite,
                terminal: terminal.clone(),
                receiver: receiver.clone(),
                crosslink_terminal: crosslink.terminal.clone(),
                crosslink_receiver: crosslink.receiver.clone(),
                crosslink_terminals: crosslink.heads,
                entry: i,
                on_propagation_error,
            });
        }
    }
    if raw.stations.is_empty() {
        return Err(Error::invalid(
            "stations",
            "[]",
            "at least one [[stations]] entry",
        ));
    }
    let mut stations = Vec::new();
    let mut names = BTreeSet::new();
    for (i, s) in raw.stations.iter().enumerate() {
        let key = format!("stations[{i}]");
        let (terminal, receiver) = ends.of(
            &key,
            s.terminal.as_deref(),
            s.receiver.as_deref(),
            Direction::Uplink,
            false,
        )?;
        let mut st = station(s, &key, terminal, receiver)?;
        st.telescopes = telescopes::telescopes(s, &key, &satellites)?;
        // `budget --station` and the sweep's station sets find stations case-insensitively.
        if !names.insert(st.station.name.to_lowercase()) {
            return Err(Error::invalid(
                format!("{key}.name"),
                quoted(&st.station.name),
                "station names must be unique (ignoring case)",
            ));
        }
        stations.push(st);
    }
    let links = ground_space_links(&satellites, &stations)?;
    let crosslinks = super::crosslinks::crosslinks(&raw.crosslinks, &satellites)?;
    let chains = super::relays::chains(&raw.relays, &satellites, &crosslinks)?;
    let grazing_margin_km = ch
        .grazing_margin_km
        .unwrap_or(super::crosslinks::DEFAULT_GRAZING_MARGIN_KM);
    check(
        (0.0..=5000.0).contains(&grazing_margin_km),
        "channel.grazing_margin_km",
        grazing_margin_km,
        "must be in [0, 5000] km",
    )?;

    let scenario = Scenario {
        name: raw.name,
        description: raw.description,
        source: source.to_string(),
        // Set by the caller, which holds the text.
        text: String::new(),
        start_unix_s,
        end_unix_s,
        step_s,
        dut1_s,
        seed: mc.seed.unwrap_or(DEFAULT_SEED),
        weather_realizations,
        fading_samples,
        fading,
        clouds,
        satellites,
        stations,
        terminals,
        receivers,
        links,
        crosslinks,
        grazing_margin_m: grazing_margin_km * 1e3,
        chains,
    };
    // Build every link's budget once so that inconsistent combinations fail here, keyed. A
    // budget depends on the terminal, the receiver and the path (station and direction), not
    // on the satellite: the links of a constellation share a few (a budget costs ~60 µs).
    let mut checked = std::collections::HashSet::new();
    for (k, l) in scenario.links.iter().enumerate() {
        let path = l
            .ground_space()
            .map(|(_, station, direction)| (station, direction));
        if checked.insert((&l.terminal, &l.receiver, path)) {
            scenario
                .link_budget(k)
                .map_err(|e| link_error(&scenario, k, e))?;
        }
    }
    super::crosslinks::check_budgets(&scenario)?;
    super::relays::check_optical_feeders(&scenario)?;
    Ok(scenario)
}

fn span(raw: &RawScenario) -> Result<(f64, f64)> {
    let start = unix_seconds(parse_utc(&raw.time.start).map_err(under("time.start"))?);
    let end = match (&raw.time.end, raw.time.duration_h) {
        (Some(end), None) => unix_seconds(parse_utc(end).map_err(under("time.end"))?),
        (None, Some(h)) => {
            check(
                h > 0.0 && h.is_finite(),
                "time.duration_h",
                h,
                "must be > 0 h",
            )?;
            start + h * 3600.0
        }
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                "time",
                "end and duration_h",
                "give one of end or duration_h",
            ))
        }
        (None, None) => {
            return Err(Error::invalid(
                "time",
                "neither end nor duration_h",
                "give one of end or duration_h",
            ))
        }
    };
    if end <= start {
        return Err(Error::invalid(
            "time.end",
            raw.time.end.clone().unwrap_or_default(),
            format!("must be after time.start ({})", raw.time.start),
        ));
    }
    if end - start > super::MAX_SPAN_S {
        return Err(Error::invalid(
            "time",
            format!("{:.0} days", (end - start) / 86_400.0),
            "a span of at most two years",
        ));
    }
    Ok((start, end))
}

fn terminal(t: &RawTerminal) -> Result<Terminal> {
    let divergence = match (
        t.divergence_full_angle_urad,
        t.divergence_half_angle_urad,
        t.beam_waist_m,
    ) {
        (Some(full), None, None) => Divergence::FullAngle(full * 1e-6),
        (None, Some(half), None) => Divergence::HalfAngle(half * 1e-6),
        (None, None, Some(w0)) => Divergence::Waist(w0),
        _ => return Err(Error::invalid(
            "divergence",
            "none or several",
            "exactly one of divergence_full_angle_urad, divergence_half_angle_urad, beam_waist_m",
        )),
    };
    let transmitter = Transmitter {
        wavelength_m: t.wavelength_nm * 1e-9,
        power_w: t.tx_power_w,
        divergence,
        optics_efficiency: t
            .tx_optics_efficiency
            .unwrap_or(DEFAULT_TX_OPTICS_EFFICIENCY),
        jitter_rad: t.pointing_jitter_urad.unwrap_or(0.0) * 1e-6,
        bias_rad: t.pointing_bias_urad.unwrap_or(0.0) * 1e-6,
        point_ahead_compensation: t.point_ahead_compensation.unwrap_or(1.0),
    };
    transmitter.validate()?;
    let data_rate_bps = t
        .data_rate_bps
        .ok_or_else(|| Error::invalid("data_rate_bps", "missing", "a data rate in bit/s, > 0"))?;
    check(
        data_rate_bps > 0.0 && data_rate_bps.is_finite(),
        "data_rate_bps",
        data_rate_bps,
        "must be > 0 bit/s",
    )?;
    let acquisition_s = t.acquisition_s.unwrap_or(0.0);
    check(
        (0.0..=86_400.0).contains(&acquisition_s),
        "acquisition_s",
        acquisition_s,
        "must be in [0, 86400] s",
    )?;
    Ok(Terminal {
        transmitter,
        data_rate_bps,
        acquisition_s,
    })
}

fn receiver(r: &RawReceiver) -> Result<ReceiverSpec> {
    let detection = super::detection::detection_model(r)?;
    let sensitivity = match (detection, r.photons_per_bit, r.sensitivity_dbm) {
        (Some((model, background)), _, _) => RxSensitivity::Detection { model, background },
        (None, Some(n), None) => {
            check(
                n > 0.0 && n.is_finite(),
                "photons_per_bit",
                n,
                "must be > 0",
            )?;
            RxSensitivity::PhotonsPerBit(n)
        }
        (None, None, Some(dbm)) => {
            check(
                dbm.is_finite() && dbm < 60.0,
                "sensitivity_dbm",
                dbm,
                "a finite power below 60 dBm",
            )?;
            RxSensitivity::Dbm(dbm)
        }
        _ => {
            return Err(Error::invalid(
                "sensitivity",
                "none or both",
                "exactly one of photons_per_bit, sensitivity_dbm, model",
            ))
        }
    };
    let spec = ReceiverSpec {
        aperture_m: r.aperture_m,
        obscuration_ratio: r.obscuration_ratio.unwrap_or(0.0),
        optics_efficiency: r
            .rx_optics_efficiency
            .unwrap_or(DEFAULT_RX_OPTICS_EFFICIENCY),
        sensitivity,
        sun_exclusion_rad: match r.sun_exclusion_deg {
            None => None,
            Some(deg) => {
                check(
                    (0.0..180.0).contains(&deg),
                    "sun_exclusion_deg",
                    deg,
                    "must be in [0, 180) degrees",
                )?;
                Some(deg.to_radians())
            }
        },
    };
    spec.receiver(1e9).validate()?;
    Ok(spec)
}

/// What validates the equipment of the nodes: the defined terminals and receivers, and the
/// direction of `channel.direction` when the file gives one.
struct Ends<'a> {
    terminals: &'a BTreeMap<String, Terminal>,
    receivers: &'a BTreeMap<String, ReceiverSpec>,
    direction: Option<Direction>,
}

impl Ends<'_> {
    /// The (terminal, receiver) names of the node at `key`, each checked to exist. A node's
    /// terminal serves links in `sends` (downlink for a satellite, uplink for a station).
    /// With `channel.direction` given, the node must carry exactly the equipment of that
    /// direction (the first file format's rule). A node with `crosslink_equipment` (a relay)
    /// may carry neither.
    fn of(
        &self,
        key: &str,
        terminal: Option<&str>,
        receiver: Option<&str>,
        sends: Direction,
        crosslink_equipment: bool,
    ) -> Result<(Option<String>, Option<String>)> {
        if let Some(direction) = self.direction {
            let (kind, other, wanted, unwanted) = if direction == sends {
                ("terminal", "receiver", terminal, receiver)
            } else {
                ("receiver", "terminal", receiver, terminal)
            };
            if let Some(name) = unwanted {
                return Err(Error::invalid(
                    format!("{key}.{other}"),
                    quoted(name),
                    format!(
                        "this end of the link needs a {kind}, not a {other} (see channel.direction)"
                    ),
                ));
            }
            if wanted.is_none() && !crosslink_equipment {
                return Err(Error::invalid(
                    format!("{key}.{kind}"),
                    "missing",
                    format!("the name of a [{kind}s.NAME] table"),
                ));
            }
        } else if terminal.is_none() && receiver.is_none() && !crosslink_equipment {
            return Err(Error::invalid(
                format!("{key}.terminal"),
                "missing",
                "a terminal, a receiver or both: the name of a [terminals.NAME] or \
                 [receivers.NAME] table",
            ));
        }
        let terminal = terminal
            .map(|name| defined(key, "terminal", name, self.terminals))
            .transpose()?;
        let receiver = receiver
            .map(|name| defined(key, "receiver", name, self.receivers))
            .transpose()?;
        Ok((terminal, receiver))
    }
}

/// Every ground–space link the equipment makes, ordered by satellite, station, then downlink
/// before uplink; an error when there is none.
fn ground_space_links(
    satellites: &[ScenarioSatellite],
    stations: &[ScenarioStation],
) -> Result<Vec<ScenarioLink>> {
    let mut links = Vec::new();
    for (i, sat) in satellites.iter().enumerate() {
        for (j, st) in stations.iter().enumerate() {
            if let (Some(terminal), Some(receiver)) = (&sat.terminal, &st.receiver) {
                links.push(ScenarioLink {
                    from: Node::Satellite(i),
                    to: Node::Station(j),
                    terminal: terminal.clone(),
                    receiver: receiver.clone(),
                });
            }
            if let (Some(terminal), Some(receiver)) = (&st.terminal, &sat.receiver) {
                links.push(ScenarioLink {
                    from: Node::Station(j),
                    to: Node::Satellite(i),
                    terminal: terminal.clone(),
                    receiver: receiver.clone(),
                });
            }
        }
    }
    if links.is_empty() {
        return Err(Error::invalid(
            "links",
            "none",
            "a satellite with a terminal and a station with a receiver (a downlink), or a \
             station with a terminal and a satellite with a receiver (an uplink)",
        ));
    }
    Ok(links)
}

fn satellites_of(s: &RawSatellite, key: &str, base_dir: Option<&Path>) -> Result<Vec<Satellite>> {
    let sources = [
        s.orbit.is_some(),
        s.tle.is_some(),
        s.tle_file.is_some(),
        s.omm_file.is_some(),
        s.walker.is_some(),
    ];
    if sources.iter().filter(|&&x| x).count() != 1 {
        return Err(Error::invalid(
            key,
            "orbit source",
            "exactly one of orbit, tle, tle_file, omm_file, walker",
        ));
    }
    if s.norad_ids.is_some() && s.tle_file.is_none() && s.omm_file.is_none() {
        return Err(Error::invalid(
            format!("{key}.norad_ids"),
            "given",
            "only with tle_file or omm_file",
        ));
    }
    let resolve = |file: &str| -> PathBuf {
        let p = Path::new(file);
        match base_dir {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        }
    };
    let mut sats = if let Some(o) = &s.orbit {
        let name = s.name.clone().ok_or_else(|| {
            Error::invalid(
                format!("{key}.name"),
                "missing",
                "a name for a planned orbit",
            )
        })?;
        vec![planned(o, &name).map_err(under(&format!("{key}.orbit")))?]
    } else if let Some(w) = &s.walker {
        let prefix = s.name.as_deref().ok_or_else(|| {
            Error::invalid(
                format!("{key}.name"),
                "missing",
                "the name prefix of a walker constellation (NAME-P00-S00, NAME-P00-S01, …)",
            )
        })?;
        walker(w, prefix, &format!("{key}.walker"))?
    } else if let Some(lines) = &s.tle {
        let (name, l1, l2) = match lines.as_slice() {
            [l1, l2] => (s.name.clone().unwrap_or_default(), l1, l2),
            [l0, l1, l2] => (
                s.name.clone().unwrap_or_else(|| l0.trim().to_string()),
                l1,
                l2,
            ),
            _ => {
                return Err(Error::invalid(
                    format!("{key}.tle"),
                    format!("{} lines", lines.len()),
                    "two TLE lines, or a name line and two TLE lines",
                ))
            }
        };
        vec![orbit::from_tle_lines(&name, l1, l2).map_err(under(&format!("{key}.tle")))?]
    } else {
        let (file, all) = if let Some(f) = &s.tle_file {
            (f, orbit::read_tle_file(resolve(f))?)
        } else {
            let f = s.omm_file.as_ref().expect("one source is set");
            (f, orbit::read_omm_file(resolve(f))?)
        };
        let chosen = match &s.norad_ids {
            Some(ids) => orbit::select_norad(&all, ids)?,
            None => all,
        };
        if chosen.is_empty() {
            return Err(Error::invalid(
                key,
                quoted(file),
                "an element file with at least one object",
            ));
        }
        chosen
    };
    let from_file = s.orbit.is_none() && s.walker.is_none();
    if let (Some(name), true) = (&s.name, sats.len() == 1 && from_file) {
        sats[0].name = name.clone();
    }
    Ok(sats)
}

/// The satellites of a Walker constellation i:T/P/F: P planes of S satellites each (T = P·S)
/// at one altitude, eccentricity and inclination (J. G. Walker, "Satellite constellations",
/// Journal of the British Interplanetary Society 37 (1984) 559–572). Plane p = 0 … P−1 and
/// slot s = 0 … S−1 have
///
/// - RAAN_p = raan0 + p · spread / P (spread = 360° for the delta pattern, 180° for a star),
/// - M_{p,s} = s · 360°/S + p · F · 360°/T (mod 360°): the S satellites of a plane are
///   360°/S apart, and each plane is F · 360°/T ahead of the one before (F = 0 … P−1),
/// - argument of perigee 0, so that M is the argument of latitude of a circular orbit.
///
/// Named `PREFIX-P{p}-S{s}`, zero-padded to two digits, or to the digits of P (of S) for the
/// plane (slot) number when P (S) ≥ 100, in plane then slot order. Each satellite is a planned orbit built by [`planned`], so its altitude,
/// eccentricity, inclination and epoch are checked as an `orbit = { ... }`'s are; `key` is
/// the entry's `satellites[i].walker`.
fn walker(w: &RawWalker, prefix: &str, key: &str) -> Result<Vec<Satellite>> {
    let field = |name: &str| format!("{key}.{name}");
    let (planes, per_plane, phasing) = (w.planes, w.per_plane, w.phasing);
    check(
        planes >= 1,
        &field("planes"),
        planes,
        "an integer ≥ 1 (the number of orbit planes P)",
    )?;
    check(
        per_plane >= 1,
        &field("per_plane"),
        per_plane,
        "an integer ≥ 1 (the satellites per plane S)",
    )?;
    let total = planes.saturating_mul(per_plane);
    if total > MAX_WALKER_SATELLITES {
        return Err(Error::invalid(
            field("planes × per_plane"),
            format!(
                "{planes} × {per_plane} = {}",
                u128::from(planes) * u128::from(per_plane)
            ),
            format!(
                "at most {MAX_WALKER_SATELLITES} satellites (T = P·S) in one walker entry: \
                 the scenario is built in full before its memory estimate is checked, and \
                 this bound keeps that build small"
            ),
        ));
    }
    check(
        phasing < planes,
        &field("phasing"),
        phasing,
        &format!(
            "an integer in [0, {}]: the relative phasing F of the pattern i:T/P/F is \
             0 ≤ F < P (planes = {planes})",
            planes - 1
        ),
    )?;
    let spread = w.raan_spread_deg.unwrap_or(360.0);
    check(
        spread > 0.0 && spread <= 360.0,
        &field("raan_spread_deg"),
        spread,
        "degrees in (0, 360]: 360 for a Walker delta pattern, 180 for a Walker star",
    )?;
    let raan0 = w.raan0_deg.unwrap_or(0.0);
    check(
        raan0.is_finite(),
        &field("raan0_deg"),
        raan0,
        "a finite angle, degrees",
    )?;
    let width = |n: u64| n.to_string().len().max(2);
    let (plane_width, slot_width) = (width(planes), width(per_plane));
    let source = if spread == 360.0 {
        format!("Walker delta {total}/{planes}/{phasing}")
    } else {
        format!("Walker {total}/{planes}/{phasing} over {spread}°")
    };
    let (p_count, s_count, t_count) = (planes as f64, per_plane as f64, total as f64);
    let mut satellites = Vec::with_capacity(total as usize);
    for p in 0..planes {
        // RAAN_p = raan0 + p · spread / P
        let raan_deg = raan0 + p as f64 * spread / p_count;
        for s in 0..per_plane {
            // M_{p,s} = s · 360/S + p · F · 360/T (mod 360)
            let mean_anomaly_deg = (s as f64 * 360.0 / s_count
                + (p * phasing) as f64 * 360.0 / t_count)
                .rem_euclid(360.0);
            let orbit = RawOrbit {
                epoch: w.epoch.clone(),
                altitude_km: Some(w.altitude_km),
                semi_major_axis_km: None,
                eccentricity: w.eccentricity,
                inclination_deg: w.inclination_deg,
                inclination: w.inclination.clone(),
                raan_deg: Some(raan_deg),
                ltan_h: None,
                arg_perigee_deg: Some(0.0),
                mean_anomaly_deg: Some(mean_anomaly_deg),
                longitude_deg: None,
            };
            let name = format!("{prefix}-P{p:0plane_width$}-S{s:0slot_width$}");
            let mut satellite = planned(&orbit, &name).map_err(under(key))?;
            satellite.source.clone_from(&source);
            satellites.push(satellite);
        }
    }
    Ok(satellites)
}

fn planned(o: &RawOrbit, name: &str) -> Result<Satellite> {
    let epoch_unix_s = unix_seconds(parse_utc(&o.epoch).map_err(under("epoch"))?);
    if let Some(lon) = o.longitude_deg {
        // Geostationary shorthand: only the epoch and the longitude (the rest is implied).
        let extra = [
            o.altitude_km,
            o.semi_major_axis_km,
            o.eccentricity,
            o.inclination_deg,
            o.raan_deg,
            o.ltan_h,
            o.arg_perigee_deg,
            o.mean_anomaly_deg,
        ];
        if extra.iter().any(Option::is_some) || o.inclination.is_some() {
            return Err(Error::invalid(
                "longitude_deg",
                lon,
                "alone with epoch (a geostationary orbit); give full elements otherwise",
            ));
        }
        check(
            (-180.0..=360.0).contains(&lon),
            "longitude_deg",
            lon,
            "degrees east in [-180, 360]",
        )?;
        return orbit::geostationary(name, epoch_unix_s, lon);
    }
    let size = match (o.altitude_km, o.semi_major_axis_km) {
        (Some(h), None) => OrbitSize::AltitudeM(h * 1e3),
        (None, Some(a)) => OrbitSize::SemiMajorAxisM(a * 1e3),
        _ => {
            return Err(Error::invalid(
                "altitude_km",
                "none or both",
                "exactly one of altitude_km, semi_major_axis_km",
            ))
        }
    };
    let inclination = match (o.inclination_deg, o.inclination.as_deref()) {
        (Some(i), None) => Inclination::Deg(i),
        (None, Some("sun-synchronous")) => Inclination::SunSynchronous,
        (None, Some(other)) => {
            return Err(Error::invalid(
                "inclination",
                quoted(other),
                "\"sun-synchronous\" (or give inclination_deg)",
            ))
        }
        _ => {
            return Err(Error::invalid(
                "inclination_deg",
                "none or both",
                "exactly one of inclination_deg, inclination = \"sun-synchronous\"",
            ))
        }
    };
    let node = match (o.raan_deg, o.ltan_h) {
        (Some(r), None) => AscendingNode::RaanDeg(r),
        (None, Some(l)) => AscendingNode::LtanH(l),
        (None, None) => AscendingNode::RaanDeg(0.0),
        _ => {
            return Err(Error::invalid(
                "raan_deg",
                "both raan_deg and ltan_h",
                "at most one of raan_deg, ltan_h",
            ))
        }
    };
    let orbit = PlannedOrbit {
        name: name.to_string(),
        epoch_unix_s,
        size,
        eccentricity: o.eccentricity.unwrap_or(0.0),
        inclination,
        node,
        argument_of_perigee_deg: o.arg_perigee_deg.unwrap_or(0.0),
        mean_anomaly_deg: o.mean_anomaly_deg.unwrap_or(0.0),
    };
    // The orbit speaks metres; the scenario's keys are in km.
    orbit.to_satellite().map_err(|e| match e {
        Error::InvalidParameter {
            key,
            value,
            allowed,
        } if key == "altitude_m" || key == "semi_major_axis_m" => Error::InvalidParameter {
            key: format!("{}_km", key.trim_end_matches("_m")),
            value: value
                .parse::<f64>()
                .map_or(value, |m| (m / 1e3).to_string()),
            allowed,
        },
        other => other,
    })
}

fn station(
    s: &RawStation,
    key: &str,
    terminal: Option<String>,
    receiver: Option<String>,
) -> Result<ScenarioStation> {
    let mut st = match (&s.preset, s.lat_deg, s.lon_deg, s.alt_m) {
        (Some(p), None, None, None) => {
            let mut st = preset(p).ok_or_else(|| {
                Error::invalid(
                    format!("{key}.preset"),
                    quoted(p),
                    format!("one of {}", PRESET_NAMES.join(", ")),
                )
            })?;
            if let Some(name) = &s.name {
                st.name = name.clone();
            }
            st
        }
        (None, Some(lat), Some(lon), Some(alt)) => {
            let name = s.name.as_deref().ok_or_else(|| {
                Error::invalid(
                    format!("{key}.name"),
                    "missing",
                    "a name for a station without a preset",
                )
            })?;
            Station::custom(name, lat, lon, alt).map_err(under(key))?
        }
        (Some(_), ..) => {
            return Err(Error::invalid(
                key,
                "preset with lat_deg/lon_deg/alt_m",
                "either a preset or name, lat_deg, lon_deg, alt_m",
            ))
        }
        _ => {
            return Err(Error::invalid(
                key,
                "incomplete site",
                "a preset, or name, lat_deg, lon_deg and alt_m",
            ))
        }
    };
    if let Some(e) = s.min_elevation_deg {
        // Air mass and the turbulence integrals grow like sec ζ and diverge at the horizon:
        // a link simulation needs the satellite at least a degree up (`passes` allows −5°).
        check(
            (1.0..90.0).contains(&e),
            &format!("{key}.min_elevation_deg"),
            e,
            "must be in [1, 90) degrees for a link simulation",
        )?;
        st = st.with_min_elevation_deg(&format!("{key}.min_elevation_deg"), e)?;
    }
    if let Some(points) = &s.horizon_mask {
        let mkey = format!("{key}.horizon_mask");
        let pts = points
            .iter()
            .enumerate()
            .map(|(i, p)| match p.as_slice() {
                &[az, el] => Ok((az, el)),
                other => Err(Error::invalid(
                    format!("{mkey}[{i}]"),
                    format!("{other:?}"),
                    "a point [az_deg, el_deg] of two numbers",
                )),
            })
            .collect::<Result<Vec<(f64, f64)>>>()?;
        st = st.with_horizon_mask(HorizonMask::from_degrees(
            &format!("{key}.horizon_mask"),
            &pts,
        )?);
    }
    if let Some(a) = s.sun_exclusion_deg {
        st = st.with_sun_exclusion_deg(&format!("{key}.sun_exclusion_deg"), a)?;
    }
    if let Some(cf) = &s.cloud_free_probability {
        let ckey = format!("{key}.cloud_free_probability");
        let monthly: [f64; 12] = match cf {
            CloudFree::Scalar(p) => [*p; 12],
            CloudFree::Monthly(v) => v.as_slice().try_into().map_err(|_| {
                Error::invalid(
                    &ckey,
                    format!("{} values", v.len()),
                    "one value or 12 monthly values (January first)",
                )
            })?,
        };
        for p in monthly {
            check(
                (0.0..=1.0).contains(&p),
                &ckey,
                p,
                "probabilities in [0, 1]",
            )?;
        }
        st.cloud_free_monthly = monthly;
        st.cloud_free_annual = monthly.iter().sum::<f64>() / 12.0;
        st.cloud_annual_only = matches!(cf, CloudFree::Scalar(_));
        st.cloud_source = "scenario file".to_string();
    }
    let turbulence = match &s.turbulence {
        None => HufnagelValley::HV57,
        Some(t) => {
            let ground_cn2 = t.ground_cn2.unwrap_or(HufnagelValley::HV57.ground_cn2);
            let mut hv = match (t.wind_rms_m_s, t.ground_wind_m_s) {
                (Some(v), None) => HufnagelValley {
                    ground_cn2,
                    wind_rms_m_s: v,
                    ..HufnagelValley::HV57
                },
                (None, Some(vg)) => HufnagelValley::with_ground_wind(ground_cn2, vg),
                (None, None) => HufnagelValley {
                    ground_cn2,
                    ..HufnagelValley::HV57
                },
                _ => {
                    return Err(Error::invalid(
                        format!("{key}.turbulence"),
                        "wind_rms_m_s and ground_wind_m_s",
                        "at most one of them",
                    ))
                }
            };
            hv.night_ground_cn2 = t.night_ground_cn2;
            hv.validate().map_err(under(&format!("{key}.turbulence")))?;
            hv
        }
    };
    if let Some(t) = s.zenith_transmittance {
        check(
            t > 0.0 && t <= 1.0,
            &format!("{key}.zenith_transmittance"),
            t,
            "must be in (0, 1]",
        )?;
    }
    Ok(ScenarioStation {
        station: st,
        terminal,
        receiver,
        turbulence,
        zenith_transmittance: s.zenith_transmittance,
        telescopes: Telescopes::single(),
    })
}

/// An error of the budget of link `k`, keyed where the user can act: the terminals and
/// receivers were validated alone, so what is left is the link's wavelength without a default
/// zenith transmittance at its station, or the combination itself.
fn link_error(scenario: &Scenario, k: usize, e: Error) -> Error {
    let link = &scenario.links[k];
    let (tx, rx) = (&link.terminal, &link.receiver);
    let node = |n: Node| match n {
        Node::Satellite(i) => format!("satellites[{i}]"),
        Node::Station(j) => format!("stations[{j}]"),
    };
    match e {
        Error::InvalidParameter {
            key,
            value,
            allowed,
        } if key == "wavelength_nm" => {
            let station = link.ground_space().map_or(0, |(_, j, _)| j);
            Error::InvalidParameter {
                key: format!("terminals.{tx}.wavelength_nm"),
                value,
                allowed: format!("{allowed}; or give stations[{station}].zenith_transmittance"),
            }
        }
        Error::InvalidParameter {
            key,
            value,
            allowed,
        } => Error::InvalidParameter {
            key: format!(
                "{} → {} (terminals.{tx}, receivers.{rx}): {key}",
                node(link.from),
                node(link.to)
            ),
            value,
            allowed,
        },
        other => other,
    }
}

/// Prefixes the key of a parameter error with where it sits in the scenario.
fn under(prefix: &str) -> impl Fn(Error) -> Error + '_ {
    move |e| match e {
        Error::InvalidParameter {
            key,
            value,
            allowed,
        } => Error::InvalidParameter {
            key: format!("{prefix}.{key}"),
            value,
            allowed,
        },
        Error::Time { value, reason } => Error::invalid(prefix, quoted(&value), reason),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scenario with one `[[satellites]]` entry of the given body (one key per line) and one
    /// downlink station.
    fn with_satellite(entry: &str) -> Result<Scenario> {
        let text = format!(
            r#"
name = "walker test"
[time]
start = "2026-03-19T00:00:00Z"
duration_h = 1
step_s = 60
[[satellites]]
terminal = "lct"
{entry}
[terminals.lct]
wavelength_nm = 1550
tx_power_w = 0.5
divergence_full_angle_urad = 60
data_rate_bps = 1e9
[receivers.ogs]
aperture_m = 0.4
photons_per_bit = 1000
[[stations]]
preset = "koganei"
receiver = "ogs"
"#
        );
        Scenario::parse(&text, "walker.toml", None)
    }

    /// `name = NAME` and a walker table with `keys` added to a 550 km, 53° base.
    fn walker_entry(name: &str, keys: &str) -> String {
        format!(
            "name = \"{name}\"\nwalker = {{ epoch = \"2026-03-19T00:00:00Z\", altitude_km = 550, \
             {keys} }}"
        )
    }

    fn walker_error(keys: &str) -> String {
        with_satellite(&walker_entry("W", keys))
            .unwrap_err()
            .report()
    }

    /// The difference a − b of two angles in degrees, in (−180, 180].
    fn angle_diff(a: f64, b: f64) -> f64 {
        let d = (a - b).rem_euclid(360.0);
        if d > 180.0 {
            d - 360.0
        } else {
            d
        }
    }

    #[test]
    fn walker_delta_53_12_3_1_names_nodes_and_phases() {
        let scenario = with_satellite(&walker_entry(
            "WD",
            "inclination_deg = 53, planes = 3, per_plane = 4, phasing = 1",
        ))
        .unwrap();
        assert_eq!(scenario.satellites.len(), 12);
        let names: Vec<&str> = scenario
            .satellites
            .iter()
            .map(|s| s.satellite.name.as_str())
            .collect();
        assert_eq!(names[0], "WD-P00-S00");
        assert_eq!(names[1], "WD-P00-S01");
        assert_eq!(names[4], "WD-P01-S00");
        assert_eq!(names[11], "WD-P02-S03");
        for (k, sat) in scenario.satellites.iter().enumerate() {
            let (p, s) = (k / 4, k % 4);
            let e = &sat.satellite.elements;
            assert_eq!(sat.satellite.name, format!("WD-P{p:02}-S{s:02}"));
            assert_eq!(sat.entry, 0);
            // RAAN_p = p · 360/3; M = s · 360/4 + p · 1 · 360/12.
            assert!(
                (e.right_ascension - [0.0, 120.0, 240.0][p]).abs() < 1e-9,
                "{k}"
            );
            let m = 90.0 * s as f64 + 30.0 * p as f64;
            assert!(
                angle_diff(e.mean_anomaly, m).abs() < 1e-9,
                "{k}: {}",
                e.mean_anomaly
            );
            assert_eq!(e.inclination, 53.0);
            assert_eq!(e.eccentricity, 0.0);
            assert_eq!(e.argument_of_perigee, 0.0);
            assert_eq!(sat.satellite.source, "Walker delta 12/3/1");
        }
        // Every satellite shares the size of a 550 km planned orbit (the `orbit` path).
        let single = with_satellite(
            "name = \"one\"\norbit = { epoch = \"2026-03-19T00:00:00Z\", altitude_km = 550, \
             inclination_deg = 53 }",
        )
        .unwrap();
        let n = single.satellites[0].satellite.elements.mean_motion;
        assert!(scenario
            .satellites
            .iter()
            .all(|s| s.satellite.elements.mean_motion == n));
        // One link per satellite with the one station, in satellite order.
        assert_eq!(scenario.links.len(), 12);
    }

    #[test]
    fn satellites_of_a_plane_are_360_over_s_apart_and_planes_f_360_over_t() {
        // Closed forms over a pattern with a non-trivial phasing: 5 planes × 7, F = 3.
        let (p_count, s_count, f) = (5usize, 7usize, 3.0);
        let scenario = with_satellite(&walker_entry(
            "X",
            "inclination_deg = 60, planes = 5, per_plane = 7, phasing = 3, raan0_deg = 10",
        ))
        .unwrap();
        let el = |p: usize, s: usize| &scenario.satellites[p * s_count + s].satellite.elements;
        for p in 0..p_count {
            for s in 0..s_count {
                let next = el(p, (s + 1) % s_count);
                let d = angle_diff(next.mean_anomaly, el(p, s).mean_anomaly);
                assert!((d - 360.0 / 7.0).abs() < 1e-9, "{p} {s}: {d}");
                assert_eq!(next.right_ascension, el(p, s).right_ascension);
            }
            if p + 1 < p_count {
                // The next plane: 72° further in node, F · 360/T = 3 · 360/35 ahead.
                let d = angle_diff(el(p + 1, 0).mean_anomaly, el(p, 0).mean_anomaly);
                assert!((d - f * 360.0 / 35.0).abs() < 1e-9, "{p}: {d}");
                let dn = el(p + 1, 0).right_ascension - el(p, 0).right_ascension;
                assert!((dn - 72.0).abs() < 1e-9, "{p}: {dn}");
            }
        }
        assert!((el(0, 0).right_ascension - 10.0).abs() < 1e-12);
    }

    #[test]
    fn walker_star_names_widths_and_defaults() {
        // A star: nodes over 180°; 100 planes widen the plane number to three digits.
        let scenario = with_satellite(&walker_entry(
            "S",
            "inclination = \"sun-synchronous\", planes = 100, per_plane = 2, phasing = 0, \
             raan_spread_deg = 180",
        ))
        .unwrap();
        assert_eq!(scenario.satellites.len(), 200);
        assert_eq!(scenario.satellites[0].satellite.name, "S-P000-S00");
        assert_eq!(scenario.satellites[199].satellite.name, "S-P099-S01");
        let raan = |k: usize| scenario.satellites[k].satellite.elements.right_ascension;
        assert!((raan(2) - 1.8).abs() < 1e-9, "{}", raan(2));
        assert!((raan(198) - 178.2).abs() < 1e-9, "{}", raan(198));
        let i = scenario.satellites[0].satellite.elements.inclination;
        assert!((i - 97.6).abs() < 0.1, "{i}");
        // One satellite keeps its prefixed name (not renamed like a one-object file).
        let one = with_satellite(&walker_entry(
            "solo",
            "inclination_deg = 45, planes = 1, per_plane = 1, phasing = 0",
        ))
        .unwrap();
        assert_eq!(one.satellites[0].satellite.name, "solo-P00-S00");
    }

    #[test]
    fn bad_walker_inputs_name_the_key() {
        let base = "inclination_deg = 53";
        for (keys, needles) in [
            (
                "planes = 3, per_plane = 4, phasing = 3",
                &["satellites[0].walker.phasing = 3 is not allowed", "[0, 2]"][..],
            ),
            (
                "planes = 0, per_plane = 4, phasing = 0",
                &["satellites[0].walker.planes = 0 is not allowed", "≥ 1"],
            ),
            (
                "planes = 3, per_plane = 0, phasing = 0",
                &["satellites[0].walker.per_plane = 0 is not allowed"],
            ),
            (
                "planes = 101, per_plane = 100, phasing = 0",
                &[
                    "satellites[0].walker.planes × per_plane = 101 × 100 = 10100 is not allowed",
                    "at most 10000",
                ],
            ),
            (
                "planes = 4294967296, per_plane = 4294967296, phasing = 0",
                &["= 18446744073709551616 is not allowed"],
            ),
            (
                "planes = 3, per_plane = 4, phasing = 1, raan_spread_deg = 0",
                &[
                    "satellites[0].walker.raan_spread_deg = 0 is not allowed",
                    "(0, 360]",
                ],
            ),
            (
                "planes = 3, per_plane = 4, phasing = 1, raan_spread_deg = 361",
                &["satellites[0].walker.raan_spread_deg = 361"],
            ),
            (
                "planes = 3, per_plane = 4, phasing = 1, raan0_deg = nan",
                &["satellites[0].walker.raan0_deg = NaN"],
            ),
            (
                "planes = 3, per_plane = 4, phasing = 1, eccentricity = 1.5",
                &["satellites[0].walker.eccentricity = 1.5 is not allowed"],
            ),
        ] {
            let err = walker_error(&format!("{base}, {keys}"));
            for needle in needles {
                assert!(err.contains(needle), "{keys}: {needle:?} not in {err}");
            }
        }
        // Keys handled by the planned-orbit path are named under walker as well.
        let err = walker_error("inclination_deg = 200, planes = 1, per_plane = 1, phasing = 0");
        assert!(
            err.contains("satellites[0].walker.inclination = 200"),
            "{err}"
        );
        let err = walker_error("planes = 1, per_plane = 1, phasing = 0");
        assert!(
            err.contains("satellites[0].walker.inclination_deg"),
            "{err}"
        );
        let err = with_satellite(
            "name = \"W\"\nwalker = { epoch = \"2026-03-19T00:00:00Z\", altitude_km = -5, \
             inclination_deg = 53, planes = 1, per_plane = 1, phasing = 0 }",
        )
        .unwrap_err()
        .report();
        assert!(
            err.contains("satellites[0].walker.altitude_km = -5"),
            "{err}"
        );
        // No name, a second source, an unknown key.
        let entry = walker_entry(
            "W",
            "inclination_deg = 53, planes = 1, per_plane = 1, phasing = 0",
        );
        let err = with_satellite(&entry.replace("name = \"W\"\n", ""))
            .unwrap_err()
            .report();
        assert!(err.contains("satellites[0].name = missing"), "{err}");
        let err = with_satellite(&format!(
            "{entry}\norbit = {{ epoch = \"2026-03-19T00:00:00Z\", altitude_km = 550, \
             inclination_deg = 53 }}"
        ))
        .unwrap_err()
        .report();
        assert!(
            err.contains("satellites[0] = orbit source is not allowed")
                && err.contains("exactly one of orbit, tle, tle_file, omm_file, walker"),
            "{err}"
        );
        let err = with_satellite(&format!("{entry}\nnorad_ids = [1]"))
            .unwrap_err()
            .report();
        assert!(err.contains("satellites[0].norad_ids"), "{err}");
        let err =
            walker_error("inclination_deg = 53, planes = 1, per_plane = 1, phasing = 0, raan = 4");
        assert!(err.contains("unknown field `raan`"), "{err}");
    }
}
