//! `oslink budget`: one static link budget at one geometry, with its channel statistics and
//! the Monte Carlo outage probability. Defaults are the REF case of docs/models.md.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};

use oslink::channel::{above_turbulence_top, default_zenith_transmittance, outage_probability};
use oslink::link::{
    slant_range_m, Direction, Divergence, FadingModel, LinkBudget, LinkGeometry, Path as LinkPath,
    Receiver, Site, SunAngles, Transmitter,
};
use oslink::report::BudgetSheet;
use oslink::scenario::{ReceiverSpec, RxSensitivity};
use oslink::Error;

/// Arguments of `oslink budget`. The link's flags are named after their scenario keys
/// (`--tx-optics-efficiency` for `terminals.NAME.tx_optics_efficiency`, `--alt-m` for
/// `stations[i].alt_m`, …), units in the names; the names of the first version stay as aliases.
#[derive(Debug, Args)]
pub struct BudgetArgs {
    /// Take the terminal, receiver and station from a scenario (its first satellite); the
    /// flags below override its values.
    #[arg(long, value_name = "F")]
    scenario: Option<std::path::PathBuf>,
    /// With --scenario: the station to use (default: the scenario's first).
    #[arg(long, value_name = "NAME", requires = "scenario")]
    station: Option<String>,
    /// The path: through the atmosphere (a station at one end) or vacuum (between two
    /// satellites; with --scenario, its first [[crosslinks]] entry).
    #[arg(long, value_enum, default_value_t = PathArg::Atmospheric)]
    path: PathArg,
    /// Elevation of the satellite seen from the station, degrees (0 < ε ≤ 90); required on an
    /// atmospheric path.
    #[arg(long, allow_negative_numbers = true)]
    elevation_deg: Option<f64>,
    /// Satellite altitude above sea level, km (the slant range follows from a spherical Earth).
    #[arg(long, allow_negative_numbers = true, conflicts_with = "range_km")]
    altitude_km: Option<f64>,
    /// Slant range, km [default: 1000, the REF case's, unless --altitude-km is given].
    #[arg(long, allow_negative_numbers = true)]
    range_km: Option<f64>,
    /// Link direction.
    #[arg(long, value_enum)]
    direction: Option<DirectionArg>,
    /// Wavelength, nm.
    #[arg(long, allow_negative_numbers = true)]
    wavelength_nm: Option<f64>,
    /// Transmit power, W.
    #[arg(long, allow_negative_numbers = true)]
    tx_power_w: Option<f64>,
    /// Divergence, 1/e² full angle Θ, µrad [default: 20] (terminal key).
    #[arg(
        long,
        allow_negative_numbers = true,
        conflicts_with = "divergence_half_angle_urad",
        visible_alias = "divergence-full-urad"
    )]
    divergence_full_angle_urad: Option<f64>,
    /// Divergence, 1/e² half-angle θ = Θ/2, µrad (terminal key).
    #[arg(
        long,
        allow_negative_numbers = true,
        visible_alias = "divergence-half-urad"
    )]
    divergence_half_angle_urad: Option<f64>,
    /// Transmit optics efficiency (0–1] (terminal key).
    #[arg(long, allow_negative_numbers = true, visible_alias = "tx-efficiency")]
    tx_optics_efficiency: Option<f64>,
    /// Receive aperture diameter, m (receiver key).
    #[arg(long, allow_negative_numbers = true, visible_alias = "rx-aperture-m")]
    aperture_m: Option<f64>,
    /// Central obscuration ratio γ [0–1) (receiver key).
    #[arg(long, allow_negative_numbers = true, visible_alias = "obscuration")]
    obscuration_ratio: Option<f64>,
    /// Receive optics efficiency (0–1] (receiver key).
    #[arg(long, allow_negative_numbers = true, visible_alias = "rx-efficiency")]
    rx_optics_efficiency: Option<f64>,
    /// Clear-sky zenith transmittance (0–1] [default: from wavelength and station altitude].
    #[arg(long, allow_negative_numbers = true)]
    zenith_transmittance: Option<f64>,
    /// Station altitude above sea level, m (station key).
    #[arg(long, allow_negative_numbers = true, visible_alias = "station-alt-m")]
    alt_m: Option<f64>,
    /// Hufnagel–Valley ground Cn² term A, m^-2/3 (station key turbulence.ground_cn2).
    #[arg(long, allow_negative_numbers = true, visible_alias = "cn2-ground")]
    ground_cn2: Option<f64>,
    /// Hufnagel–Valley ground Cn² term at night, m^-2/3 (station key
    /// turbulence.night_ground_cn2): used when the Sun is below the horizon, or not given.
    #[arg(long, allow_negative_numbers = true)]
    night_ground_cn2: Option<f64>,
    /// Sun elevation at the station, degrees [default: none, a night budget].
    #[arg(long, allow_negative_numbers = true, requires = "sun_separation_deg")]
    sun_elevation_deg: Option<f64>,
    /// Angle between the line of sight and the Sun at the station, degrees (with
    /// --sun-elevation-deg).
    #[arg(long, allow_negative_numbers = true, requires = "sun_elevation_deg")]
    sun_separation_deg: Option<f64>,
    /// Relative velocity of the satellite across the line of sight, m/s (gives the
    /// point-ahead angle 2v/c).
    #[arg(long, allow_negative_numbers = true)]
    transverse_velocity_m_s: Option<f64>,
    /// Hufnagel–Valley rms wind speed, m/s (station key turbulence.wind_rms_m_s).
    #[arg(long, allow_negative_numbers = true)]
    wind_rms_m_s: Option<f64>,
    /// Transmit pointing jitter, rms per axis, µrad (terminal key).
    #[arg(long, allow_negative_numbers = true, visible_alias = "jitter-urad")]
    pointing_jitter_urad: Option<f64>,
    /// Static pointing bias, µrad (terminal key).
    #[arg(long, allow_negative_numbers = true, visible_alias = "bias-urad")]
    pointing_bias_urad: Option<f64>,
    /// Fraction of the point-ahead angle the terminal compensates, 0–1 (terminal key); the
    /// rest adds to the bias [default: 1].
    #[arg(long, allow_negative_numbers = true)]
    point_ahead_compensation: Option<f64>,
    /// Receiver sensitivity, dBm (instead of photons per bit).
    #[arg(
        long,
        allow_negative_numbers = true,
        conflicts_with = "photons_per_bit"
    )]
    sensitivity_dbm: Option<f64>,
    /// Receiver sensitivity in photons per bit at --data-rate-bps [default: 1000].
    #[arg(long, allow_negative_numbers = true)]
    photons_per_bit: Option<f64>,
    /// Data rate, bit/s.
    #[arg(long, allow_negative_numbers = true)]
    data_rate_bps: Option<f64>,
    /// Turbulence fading model.
    #[arg(long, value_enum)]
    fading: Option<FadingArg>,
    /// Monte Carlo samples of turbulence × pointing, 1 to 10^8 (montecarlo key).
    #[arg(long, default_value_t = 1_000_000,
          value_parser = clap::value_parser!(u64).range(1..=100_000_000), visible_alias = "samples")]
    fading_samples: u64,
    /// Random seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PathArg {
    Atmospheric,
    Vacuum,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DirectionArg {
    Downlink,
    Uplink,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FadingArg {
    Lognormal,
    GammaGamma,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
}

/// The command-line flag of a library parameter key, to name it in errors: the flags are the
/// scenario keys with dashes, but for the range (`--range-km`).
fn flag_of(key: &str) -> String {
    match key {
        "range_m" => "--range-km".into(),
        "wavelength_nm"
        | "tx_power_w"
        | "divergence_full_angle_urad"
        | "divergence_half_angle_urad"
        | "tx_optics_efficiency"
        | "pointing_jitter_urad"
        | "pointing_bias_urad"
        | "point_ahead_compensation"
        | "aperture_m"
        | "obscuration_ratio"
        | "rx_optics_efficiency"
        | "sensitivity_dbm"
        | "photons_per_bit"
        | "data_rate_bps"
        | "zenith_transmittance"
        | "alt_m"
        | "ground_cn2"
        | "night_ground_cn2"
        | "sun_elevation_deg"
        | "sun_separation_deg"
        | "transverse_velocity_m_s"
        | "wind_rms_m_s"
        | "elevation_deg" => format!("--{}", key.replace('_', "-")),
        _ => "a budget parameter".into(),
    }
}

/// Adds the offending flag to a library error.
fn with_flag(err: Error) -> anyhow::Error {
    let flag = match &err {
        Error::InvalidParameter { key, .. } => flag_of(key),
        _ => "a budget parameter".into(),
    };
    anyhow::Error::new(err).context(format!("invalid value for {flag}"))
}

/// The link a budget is computed for, before the geometry.
struct Link {
    tx: Transmitter,
    rx: Receiver,
    site: Site,
    direction: Direction,
    model: FadingModel,
}

/// The flags of an atmospheric path that a vacuum budget refuses, if given.
fn atmospheric_flags(args: &BudgetArgs) -> Vec<&'static str> {
    [
        ("--elevation-deg", args.elevation_deg.is_some()),
        ("--altitude-km", args.altitude_km.is_some()),
        ("--direction", args.direction.is_some()),
        ("--station", args.station.is_some()),
        (
            "--zenith-transmittance",
            args.zenith_transmittance.is_some(),
        ),
        ("--alt-m", args.alt_m.is_some()),
        ("--ground-cn2", args.ground_cn2.is_some()),
        ("--night-ground-cn2", args.night_ground_cn2.is_some()),
        ("--wind-rms-m-s", args.wind_rms_m_s.is_some()),
        ("--sun-elevation-deg", args.sun_elevation_deg.is_some()),
    ]
    .into_iter()
    .filter_map(|(flag, given)| given.then_some(flag))
    .collect()
}

/// The REF case of docs/models.md, or the scenario's first satellite with `--station` (default:
/// its first station), or on a vacuum path the scenario's first crosslink; then every flag
/// given on the command line overrides.
fn resolve(args: &BudgetArgs) -> Result<Link> {
    let (mut tx, rx_spec, data_rate_bps, mut site, direction, model) = match &args.scenario {
        Some(path) if args.path == PathArg::Vacuum => {
            let scenario = oslink::scenario::Scenario::load(path)?;
            let crosslink = scenario.crosslinks.first().with_context(|| {
                format!(
                    "--path vacuum: {} has no [[crosslinks]] entry",
                    path.display()
                )
            })?;
            let terminal = &scenario.terminals[&crosslink.forward.terminal];
            (
                terminal.transmitter,
                scenario.receivers[&crosslink.forward.receiver],
                terminal.data_rate_bps,
                Site::REF,
                Direction::Downlink,
                FadingModel::None,
            )
        }
        Some(path) => {
            let scenario = oslink::scenario::Scenario::load(path)?;
            let j = match &args.station {
                None => 0,
                Some(name) => scenario
                    .stations
                    .iter()
                    .position(|s| s.station.name.eq_ignore_ascii_case(name))
                    .with_context(|| {
                        format!("--station {name}: no such station in {}", path.display())
                    })?,
            };
            let link = *scenario.links_between(0, j).first().with_context(|| {
                format!(
                    "no link between {} and {} in {}",
                    scenario.satellites[0].satellite.name,
                    scenario.stations[j].station.name,
                    path.display()
                )
            })?;
            let parts = scenario.link_parts(link)?;
            let LinkPath::Atmospheric { site, direction } = parts.path else {
                anyhow::bail!("a satellite–station link has an atmospheric path");
            };
            (
                parts.transmitter,
                parts.receiver,
                parts.data_rate_bps,
                site,
                direction,
                scenario.fading,
            )
        }
        None => {
            if args.station.is_some() {
                anyhow::bail!("--station needs --scenario");
            }
            let r = Receiver::REF;
            let rx = ReceiverSpec {
                aperture_m: r.aperture_m,
                obscuration_ratio: r.obscuration_ratio,
                optics_efficiency: r.optics_efficiency,
                sensitivity: RxSensitivity::PhotonsPerBit(1000.0),
                sun_exclusion_rad: None,
            };
            // NaN: the zenith transmittance follows the wavelength and altitude (below).
            let site = Site {
                zenith_transmittance: f64::NAN,
                ..Site::REF
            };
            (
                Transmitter::REF,
                rx,
                1e9,
                site,
                Direction::Downlink,
                FadingModel::LogNormal,
            )
        }
    };
    let wavelength_given = args.wavelength_nm.is_some() || args.alt_m.is_some();
    if let Some(nm) = args.wavelength_nm {
        tx.wavelength_m = nm * 1e-9;
    }
    if let Some(p) = args.tx_power_w {
        tx.power_w = p;
    }
    match (
        args.divergence_full_angle_urad,
        args.divergence_half_angle_urad,
    ) {
        (Some(full), _) => tx.divergence = Divergence::FullAngle(full * 1e-6),
        (None, Some(half)) => tx.divergence = Divergence::HalfAngle(half * 1e-6),
        (None, None) => {}
    }
    if let Some(eta) = args.tx_optics_efficiency {
        tx.optics_efficiency = eta;
    }
    if let Some(j) = args.pointing_jitter_urad {
        tx.jitter_rad = j * 1e-6;
    }
    if let Some(b) = args.pointing_bias_urad {
        tx.bias_rad = b * 1e-6;
    }
    if let Some(c) = args.point_ahead_compensation {
        tx.point_ahead_compensation = c;
    }
    let mut rx_spec = rx_spec;
    if let Some(d) = args.aperture_m {
        rx_spec.aperture_m = d;
    }
    if let Some(g) = args.obscuration_ratio {
        rx_spec.obscuration_ratio = g;
    }
    if let Some(eta) = args.rx_optics_efficiency {
        rx_spec.optics_efficiency = eta;
    }
    match (args.sensitivity_dbm, args.photons_per_bit) {
        (Some(dbm), _) => rx_spec.sensitivity = RxSensitivity::Dbm(dbm),
        (None, Some(n)) => rx_spec.sensitivity = RxSensitivity::PhotonsPerBit(n),
        (None, None) => {}
    }
    let rx = rx_spec.receiver(args.data_rate_bps.unwrap_or(data_rate_bps));
    if let Some(h) = args.alt_m {
        site.altitude_m = h;
    }
    if let Some(a) = args.ground_cn2 {
        site.turbulence.ground_cn2 = a;
    }
    if let Some(a) = args.night_ground_cn2 {
        site.turbulence.night_ground_cn2 = Some(a);
    }
    if let Some(v) = args.wind_rms_m_s {
        site.turbulence.wind_rms_m_s = v;
    }
    // The default transmittance depends on the wavelength and the altitude: recompute it when
    // either changed (or when there is no scenario value), unless it is given.
    site.zenith_transmittance = match args.zenith_transmittance {
        Some(t) => t,
        None if wavelength_given || site.zenith_transmittance.is_nan() => {
            default_zenith_transmittance(tx.wavelength_m, site.altitude_m).map_err(with_flag)?
        }
        None => site.zenith_transmittance,
    };
    let direction = match args.direction {
        Some(DirectionArg::Downlink) => Direction::Downlink,
        Some(DirectionArg::Uplink) => Direction::Uplink,
        None => direction,
    };
    let model = match args.fading {
        Some(FadingArg::Lognormal) => FadingModel::LogNormal,
        Some(FadingArg::GammaGamma) => FadingModel::GammaGamma,
        Some(FadingArg::None) => FadingModel::None,
        None => model,
    };
    Ok(Link {
        tx,
        rx,
        site,
        direction,
        model,
    })
}

/// Runs `oslink budget`.
pub fn run(args: BudgetArgs) -> Result<()> {
    if args.path == PathArg::Vacuum {
        let refused = atmospheric_flags(&args);
        if !refused.is_empty() {
            anyhow::bail!(
                "{} only apply to an atmospheric path: a vacuum path (--path vacuum) has no \
                 station, elevation, atmosphere or turbulence",
                refused.join(", ")
            );
        }
    }
    let Link {
        tx,
        rx,
        site,
        direction,
        model,
    } = resolve(&args)?;
    let path = match args.path {
        PathArg::Atmospheric => LinkPath::Atmospheric { site, direction },
        PathArg::Vacuum => LinkPath::Vacuum,
    };
    let budget = LinkBudget::new(&tx, &rx, &path).map_err(with_flag)?;

    let elevation_deg = match (args.path, args.elevation_deg) {
        (PathArg::Atmospheric, None) => {
            anyhow::bail!("--elevation-deg is required on an atmospheric path")
        }
        (_, elevation_deg) => elevation_deg,
    };
    let elevation_rad = elevation_deg.unwrap_or(f64::NAN).to_radians();
    let range_m = match (args.range_km, args.altitude_km) {
        (Some(range_km), _) => range_km * 1e3,
        (None, Some(altitude_km)) => {
            if !above_turbulence_top(altitude_km * 1e3, site.altitude_m) {
                return Err(Error::invalid(
                    "--altitude-km",
                    altitude_km,
                    "must be above the 20 km turbulence top and the station",
                )
                .into());
            }
            slant_range_m(elevation_rad, altitude_km * 1e3, site.altitude_m)
        }
        (None, None) => oslink::LinkGeometry::REF_RANGE_M,
    };
    let mut geometry = match args.path {
        PathArg::Atmospheric => LinkGeometry::ground(range_m, elevation_rad),
        PathArg::Vacuum => LinkGeometry::vacuum(range_m),
    };
    if let Some(v) = args.transverse_velocity_m_s {
        geometry = geometry.with_transverse_velocity(v);
    }
    if let (Some(el), Some(sep)) = (args.sun_elevation_deg, args.sun_separation_deg) {
        geometry = geometry.with_sun(SunAngles {
            elevation_rad: el.to_radians(),
            separation_rad: sep.to_radians(),
        });
    }
    let result = budget.evaluate(&geometry).map_err(|err| match &err {
        Error::InvalidParameter { key, .. } if key == "range_m" && args.range_km.is_none() => {
            anyhow::Error::new(err).context("invalid value for --altitude-km")
        }
        _ => with_flag(err),
    })?;

    let outage = outage_probability(
        &result.fading(model),
        &result.pointing(),
        result.margin_db,
        args.fading_samples,
        args.seed,
    );
    let sheet = BudgetSheet {
        result: &result,
        fading: model,
        outage: &outage,
        elevation_deg,
        seed: args.seed,
    };
    super::print(&match args.format {
        Format::Json => sheet.json_text(),
        Format::Table => sheet.table(),
    })
}
