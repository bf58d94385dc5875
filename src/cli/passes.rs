//! `oslink passes`: the passes of TLE/3LE or OMM satellites over stations, as a table, CSV or
//! JSON. (`--scenario` of the design's contract comes with the scenario module.)

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{ArgGroup, Args, ValueEnum};

use oslink::access::find_passes;
use oslink::ground::Station;
use oslink::orbit::{read_omm_file, read_tle_file, select_norad};
use oslink::report::{pass_list_csv, pass_list_json, pass_list_table};
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
        Some(path) => Some(oslink::scenario::Scenario::load(path)?),
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
    if end - start > oslink::scenario::MAX_SPAN_S {
        bail!(
            "invalid value for --end: {} is {:.0} days after --start {}; a span of at most \
             two years ({:.0} days) is allowed, as in run and validate",
            format_unix_ms(end),
            (end - start) / 86_400.0,
            format_unix_ms(start),
            oslink::scenario::MAX_SPAN_S / 86_400.0
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
        (None, Some(path), _) => read_tle_file(path).context("reading --tle")?,
        (None, None, Some(path)) => read_omm_file(path).context("reading --omm")?,
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
    super::print(&match args.format {
        Format::Table => pass_list_table(&passes),
        Format::Csv => pass_list_csv(&passes),
        Format::Json => pass_list_json(&passes),
    })
}
