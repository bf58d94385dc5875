//! `oslink passes`: the passes of TLE/3LE or OMM satellites over stations, as a table, CSV or
//! JSON. (`--scenario` of the design's contract comes with the scenario module.)

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{ArgGroup, Args, ValueEnum};
use serde_json::json;

use oslink::access::{find_passes, Pass};
use oslink::ground::Station;
use oslink::orbit::{read_omm_file, read_tle_file, select_norad};
use oslink::time::{format_unix_ms, parse_utc, unix_seconds};

/// Arguments of `oslink passes`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("elements").required(true).args(["scenario", "tle", "omm"])))]
pub struct PassesArgs {
    /// Scenario file: its satellites, and its stations (with their masks and Sun exclusion)
    /// unless --station is given; its span unless --start/--end are given.
    #[arg(long, value_name = "F")]
    scenario: Option<PathBuf>,
    /// TLE or 3LE file.
    #[arg(long, value_name = "FILE")]
    tle: Option<PathBuf>,
    /// Keep only these NORAD catalogue numbers (comma-separated).
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    norad: Vec<u64>,
    /// OMM file (CelesTrak GP JSON).
    #[arg(long, value_name = "FILE")]
    omm: Option<PathBuf>,
    /// Station: a preset name (see `oslink stations`) or NAME:LAT_DEG:LON_DEG:ALT_M; repeat or
    /// list several.
    #[arg(long, value_name = "S", num_args = 1.., required_unless_present = "scenario")]
    station: Vec<String>,
    /// Start of the span, ISO 8601 UTC (e.g. 2026-03-19T00:00:00Z).
    #[arg(long, value_name = "T", required_unless_present = "scenario")]
    start: Option<String>,
    /// End of the span, ISO 8601 UTC.
    #[arg(long, value_name = "T", required_unless_present = "scenario")]
    end: Option<String>,
    /// Minimum elevation for every station, degrees [default: each station's, 10 for presets].
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    min_elevation_deg: Option<f64>,
    /// Sun exclusion angle for every station, degrees: report the parts of each pass where the
    /// Sun–satellite angle seen from the station is at least this.
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    sun_exclusion_deg: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Csv,
    Json,
}

/// Runs `oslink passes`.
pub fn run(args: PassesArgs) -> Result<()> {
    let scenario = match &args.scenario {
        Some(path) => Some(
            oslink::scenario::Scenario::load(path)
                .with_context(|| format!("reading scenario {}", path.display()))?,
        ),
        None => None,
    };
    let time = |flag: &str, given: &Option<String>, from_scenario: Option<f64>| -> Result<f64> {
        match (given, from_scenario) {
            (Some(text), _) => Ok(unix_seconds(
                parse_utc(text).with_context(|| format!("invalid value for {flag}"))?,
            )),
            (None, Some(t)) => Ok(t),
            (None, None) => bail!("{flag} is required without --scenario"),
        }
    };
    let start = time(
        "--start",
        &args.start,
        scenario.as_ref().map(|s| s.start_unix_s),
    )?;
    let end = time("--end", &args.end, scenario.as_ref().map(|s| s.end_unix_s))?;
    if end <= start {
        bail!(
            "invalid value for --end: {} is not after --start {}",
            format_unix_ms(end),
            format_unix_ms(start)
        );
    }
    let mut stations = Vec::with_capacity(args.station.len());
    if args.station.is_empty() {
        if let Some(s) = &scenario {
            stations.extend(s.stations.iter().map(|st| st.station.clone()));
        }
    }
    for spec in &args.station {
        stations.push(Station::parse_spec(spec).context("invalid value for --station")?);
    }
    for station in &mut stations {
        if let Some(x) = args.min_elevation_deg {
            *station = station
                .clone()
                .with_min_elevation_deg("--min-elevation-deg", x)?;
        }
        if let Some(x) = args.sun_exclusion_deg {
            *station = station
                .clone()
                .with_sun_exclusion_deg("--sun-exclusion-deg", x)?;
        }
    }
    let satellites = match (&scenario, &args.tle, &args.omm) {
        (Some(s), _, _) => s.satellites.iter().map(|s| s.satellite.clone()).collect(),
        (None, Some(path), _) => {
            read_tle_file(path).with_context(|| format!("reading --tle {}", path.display()))?
        }
        (None, None, Some(path)) => {
            read_omm_file(path).with_context(|| format!("reading --omm {}", path.display()))?
        }
        (None, None, None) => unreachable!("clap requires --scenario, --tle or --omm"),
    };
    let satellites = if args.norad.is_empty() {
        satellites
    } else {
        select_norad(&satellites, &args.norad).context("invalid value for --norad")?
    };
    let dut1_s = scenario.as_ref().map_or(0.0, |s| s.dut1_s);
    let passes =
        find_passes(&satellites, &stations, start, end, dut1_s).context("searching passes")?;
    let text = match args.format {
        Format::Table => table(&passes),
        Format::Csv => csv(&passes)?,
        Format::Json => {
            serde_json::to_string_pretty(&passes.iter().map(to_json).collect::<Vec<_>>())? + "\n"
        }
    };
    match std::io::stdout().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Seconds of the pass usable under the Sun exclusion, when there is one.
fn sun_usable_s(p: &Pass) -> Option<f64> {
    p.sun_windows
        .as_ref()
        .map(|w| w.iter().map(|w| w.end_unix_s - w.start_unix_s).sum())
}

fn to_json(p: &Pass) -> serde_json::Value {
    json!({
        "satellite": p.satellite,
        "norad_id": p.norad_id,
        "station": p.station,
        "aos": format_unix_ms(p.aos_unix_s),
        "tca": format_unix_ms(p.tca_unix_s),
        "los": format_unix_ms(p.los_unix_s),
        "max_elevation_deg": p.max_elevation_rad.to_degrees(),
        "duration_s": p.duration_s(),
        "aos_azimuth_deg": p.aos_azimuth_rad.to_degrees(),
        "los_azimuth_deg": p.los_azimuth_rad.to_degrees(),
        "clipped_start": p.clipped_start,
        "clipped_end": p.clipped_end,
        "sun_windows": p.sun_windows.as_ref().map(|ws| ws.iter().map(|w| json!({
            "start": format_unix_ms(w.start_unix_s),
            "end": format_unix_ms(w.end_unix_s),
        })).collect::<Vec<_>>()),
        "sun_usable_s": sun_usable_s(p),
    })
}

fn csv(passes: &[Pass]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "satellite",
        "norad_id",
        "station",
        "aos",
        "tca",
        "los",
        "max_elevation_deg",
        "duration_s",
        "aos_azimuth_deg",
        "los_azimuth_deg",
        "clipped_start",
        "clipped_end",
        "sun_usable_s",
    ])?;
    for p in passes {
        w.write_record([
            p.satellite.clone(),
            p.norad_id.map(|id| id.to_string()).unwrap_or_default(),
            p.station.clone(),
            format_unix_ms(p.aos_unix_s),
            format_unix_ms(p.tca_unix_s),
            format_unix_ms(p.los_unix_s),
            format!("{:.4}", p.max_elevation_rad.to_degrees()),
            format!("{:.3}", p.duration_s()),
            format!("{:.3}", p.aos_azimuth_rad.to_degrees()),
            format!("{:.3}", p.los_azimuth_rad.to_degrees()),
            p.clipped_start.to_string(),
            p.clipped_end.to_string(),
            sun_usable_s(p)
                .map(|s| format!("{s:.3}"))
                .unwrap_or_default(),
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn table(passes: &[Pass]) -> String {
    let name_width = passes
        .iter()
        .map(|p| p.satellite.len())
        .max()
        .unwrap_or(9)
        .clamp(9, 28);
    let station_width = passes
        .iter()
        .map(|p| p.station.len())
        .max()
        .unwrap_or(7)
        .max(7);
    let sun = passes.iter().any(|p| p.sun_windows.is_some());
    let mut s = String::new();
    let _ = write!(
        s,
        "{:<name_width$}  {:>6}  {:<station_width$}  {:<24}  {:<24}  {:<24}  {:>6}  {:>7}  {:>6}  {:>6}",
        "satellite", "norad", "station", "AOS (UTC)", "TCA", "LOS", "max el", "dur s", "az AOS", "az LOS"
    );
    if sun {
        s.push_str("  sun-ok s");
    }
    s.push('\n');
    for p in passes {
        let name: String = p.satellite.chars().take(name_width).collect();
        let mark = |clipped: bool| if clipped { "*" } else { " " };
        let _ = write!(
            s,
            "{:<name_width$}  {:>6}  {:<station_width$}  {}{}  {}   {}{}  {:>6.2}  {:>7.1}  {:>6.1}  {:>6.1}",
            name,
            p.norad_id.map(|id| id.to_string()).unwrap_or_else(|| "-".into()),
            p.station,
            format_unix_ms(p.aos_unix_s),
            mark(p.clipped_start),
            format_unix_ms(p.tca_unix_s),
            format_unix_ms(p.los_unix_s),
            mark(p.clipped_end),
            p.max_elevation_rad.to_degrees(),
            p.duration_s(),
            p.aos_azimuth_rad.to_degrees(),
            p.los_azimuth_rad.to_degrees(),
        );
        if let Some(usable) = sun_usable_s(p) {
            let _ = write!(s, "  {usable:>8.1}");
        }
        s.push('\n');
    }
    let _ = writeln!(s, "{} passes", passes.len());
    if passes.iter().any(|p| p.clipped_start || p.clipped_end) {
        s.push_str("* clipped at the span edge: the satellite is visible there\n");
    }
    s
}
