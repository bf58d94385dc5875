//! `oslink budget`: one static link budget at one geometry, with its channel statistics and
//! the Monte Carlo outage probability. Defaults are the REF case of models.md.

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Result;
use clap::{Args, ValueEnum};
use serde_json::json;

use oslink::channel::{
    default_zenith_transmittance, outage_probability, HufnagelValley, OutageEstimate,
};
use oslink::link::{
    slant_range_m, BudgetResult, Direction, Divergence, FadingModel, LinkBudget, Receiver,
    Sensitivity, Site, Transmitter,
};
use oslink::Error;

/// Arguments of `oslink budget` (units in the flag names; divergences are 1/e² angles).
#[derive(Debug, Args)]
pub struct BudgetArgs {
    /// Elevation of the satellite seen from the station, degrees (0 < ε ≤ 90).
    #[arg(long, allow_negative_numbers = true)]
    elevation_deg: f64,
    /// Satellite altitude above sea level, km (the slant range follows from a spherical Earth).
    #[arg(
        long,
        allow_negative_numbers = true,
        required_unless_present = "range_km",
        conflicts_with = "range_km"
    )]
    altitude_km: Option<f64>,
    /// Slant range, km.
    #[arg(long, allow_negative_numbers = true)]
    range_km: Option<f64>,
    /// Link direction.
    #[arg(long, value_enum, default_value_t = DirectionArg::Downlink)]
    direction: DirectionArg,
    /// Wavelength, nm.
    #[arg(long, allow_negative_numbers = true, default_value_t = 1550.0)]
    wavelength_nm: f64,
    /// Transmit power, W.
    #[arg(long, allow_negative_numbers = true, default_value_t = 1.0)]
    tx_power_w: f64,
    /// Divergence, 1/e² full angle Θ, µrad [default: 20].
    #[arg(
        long,
        allow_negative_numbers = true,
        conflicts_with = "divergence_half_urad"
    )]
    divergence_full_urad: Option<f64>,
    /// Divergence, 1/e² half-angle θ = Θ/2, µrad.
    #[arg(long, allow_negative_numbers = true)]
    divergence_half_urad: Option<f64>,
    /// Transmit optics efficiency (0–1].
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.8)]
    tx_efficiency: f64,
    /// Receive aperture diameter, m.
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.4)]
    rx_aperture_m: f64,
    /// Central obscuration ratio γ [0–1).
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.0)]
    obscuration: f64,
    /// Receive optics efficiency (0–1].
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.7)]
    rx_efficiency: f64,
    /// Clear-sky zenith transmittance (0–1] [default: from wavelength and station altitude].
    #[arg(long, allow_negative_numbers = true)]
    zenith_transmittance: Option<f64>,
    /// Station altitude above sea level, m.
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.0)]
    station_alt_m: f64,
    /// Hufnagel–Valley ground Cn² term A, m^-2/3.
    #[arg(long, allow_negative_numbers = true, default_value_t = 1.7e-14)]
    cn2_ground: f64,
    /// Hufnagel–Valley rms wind speed, m/s.
    #[arg(long, allow_negative_numbers = true, default_value_t = 21.0)]
    wind_rms_m_s: f64,
    /// Transmit pointing jitter, rms per axis, µrad.
    #[arg(long, allow_negative_numbers = true, default_value_t = 2.0)]
    jitter_urad: f64,
    /// Static pointing bias, µrad.
    #[arg(long, allow_negative_numbers = true, default_value_t = 0.0)]
    bias_urad: f64,
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
    #[arg(long, allow_negative_numbers = true, default_value_t = 1e9)]
    data_rate_bps: f64,
    /// Turbulence fading model.
    #[arg(long, value_enum, default_value_t = FadingArg::Lognormal)]
    fading: FadingArg,
    /// Monte Carlo samples of turbulence × pointing.
    #[arg(long, default_value_t = 100_000)]
    samples: u64,
    /// Random seed.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
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

/// The command-line flag of a library parameter key, to name it in errors.
fn flag_of(key: &str) -> &'static str {
    match key {
        "wavelength_nm" => "--wavelength-nm",
        "tx_power_w" => "--tx-power-w",
        "divergence_full_angle_urad" => "--divergence-full-urad",
        "divergence_half_angle_urad" => "--divergence-half-urad",
        "tx_optics_efficiency" => "--tx-efficiency",
        "pointing_jitter_urad" => "--jitter-urad",
        "pointing_bias_urad" => "--bias-urad",
        "aperture_m" => "--rx-aperture-m",
        "obscuration_ratio" => "--obscuration",
        "rx_optics_efficiency" => "--rx-efficiency",
        "sensitivity_dbm" => "--sensitivity-dbm",
        "photons_per_bit" => "--photons-per-bit",
        "data_rate_bps" => "--data-rate-bps",
        "zenith_transmittance" => "--zenith-transmittance",
        "alt_m" => "--station-alt-m",
        "ground_cn2" => "--cn2-ground",
        "wind_rms_m_s" => "--wind-rms-m-s",
        "elevation_deg" => "--elevation-deg",
        "range_m" => "--range-km",
        _ => "a budget parameter",
    }
}

/// Adds the offending flag to a library error.
fn with_flag(err: Error) -> anyhow::Error {
    let flag = match &err {
        Error::InvalidParameter { key, .. } => flag_of(key),
        _ => "a budget parameter",
    };
    anyhow::Error::new(err).context(format!("invalid value for {flag}"))
}

/// Runs `oslink budget`.
pub fn run(args: BudgetArgs) -> Result<()> {
    let wavelength_m = args.wavelength_nm * 1e-9;
    let divergence = match (args.divergence_full_urad, args.divergence_half_urad) {
        (_, Some(half)) => Divergence::HalfAngle(half * 1e-6),
        (full, None) => Divergence::FullAngle(full.unwrap_or(20.0) * 1e-6),
    };
    let tx = Transmitter {
        wavelength_m,
        power_w: args.tx_power_w,
        divergence,
        optics_efficiency: args.tx_efficiency,
        jitter_rad: args.jitter_urad * 1e-6,
        bias_rad: args.bias_urad * 1e-6,
    };
    let sensitivity = match args.sensitivity_dbm {
        Some(dbm) => Sensitivity::Dbm(dbm),
        None => Sensitivity::PhotonsPerBit {
            photons_per_bit: args.photons_per_bit.unwrap_or(1000.0),
            data_rate_bps: args.data_rate_bps,
        },
    };
    let rx = Receiver {
        aperture_m: args.rx_aperture_m,
        obscuration_ratio: args.obscuration,
        optics_efficiency: args.rx_efficiency,
        sensitivity,
    };
    let zenith_transmittance = match args.zenith_transmittance {
        Some(t) => t,
        None => {
            default_zenith_transmittance(wavelength_m, args.station_alt_m).map_err(with_flag)?
        }
    };
    let site = Site {
        altitude_m: args.station_alt_m,
        zenith_transmittance,
        turbulence: HufnagelValley {
            ground_cn2: args.cn2_ground,
            wind_rms_m_s: args.wind_rms_m_s,
        },
    };
    let direction = match args.direction {
        DirectionArg::Downlink => Direction::Downlink,
        DirectionArg::Uplink => Direction::Uplink,
    };
    let budget = LinkBudget::new(&tx, &rx, &site, direction).map_err(with_flag)?;

    let elevation_rad = args.elevation_deg.to_radians();
    let range_m = match (args.range_km, args.altitude_km) {
        (Some(range_km), _) => range_km * 1e3,
        (None, Some(altitude_km)) => {
            let ok =
                altitude_km.is_finite() && altitude_km * 1e3 > args.station_alt_m.max(0.0) + 20e3;
            if !ok {
                return Err(Error::invalid(
                    "--altitude-km",
                    altitude_km,
                    "must be above the 20 km turbulence top and the station",
                )
                .into());
            }
            slant_range_m(elevation_rad, altitude_km * 1e3, args.station_alt_m)
        }
        (None, None) => unreachable!("clap requires --altitude-km or --range-km"),
    };
    let result = budget
        .evaluate(range_m, elevation_rad)
        .map_err(|err| match &err {
            Error::InvalidParameter { key, .. } if key == "range_m" && args.range_km.is_none() => {
                anyhow::Error::new(err).context("invalid value for --altitude-km")
            }
            _ => with_flag(err),
        })?;

    let model = match args.fading {
        FadingArg::Lognormal => FadingModel::LogNormal,
        FadingArg::GammaGamma => FadingModel::GammaGamma,
        FadingArg::None => FadingModel::None,
    };
    let outage = outage_probability(
        &result.fading(model),
        &result.pointing(),
        result.margin_db,
        args.samples,
        args.seed,
    );
    let text = match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&to_json(&result, model, &outage, &args))? + "\n"
        }
        Format::Table => table(&result, model, &outage, &args),
    };
    match std::io::stdout().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn model_name(model: FadingModel) -> &'static str {
    match model {
        FadingModel::None => "none",
        FadingModel::LogNormal => "lognormal",
        FadingModel::GammaGamma => "gamma-gamma",
    }
}

fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::Downlink => "downlink",
        Direction::Uplink => "uplink",
    }
}

fn to_json(
    r: &BudgetResult,
    model: FadingModel,
    outage: &OutageEstimate,
    args: &BudgetArgs,
) -> serde_json::Value {
    let terms: Vec<_> = r
        .terms()
        .iter()
        .map(|t| json!({ "name": t.name, "value_db": t.value_db }))
        .collect();
    let t = &r.turbulence;
    json!({
        "direction": direction_name(r.direction),
        "wavelength_nm": args.wavelength_nm,
        "range_m": r.range_m,
        "elevation_deg": args.elevation_deg,
        "terms": terms,
        "received_power_dbm": r.received_power_dbm,
        "sensitivity_dbm": r.sensitivity_dbm,
        "margin_db": r.margin_db,
        "airmass": r.airmass,
        "beam_radius_m": r.beam_radius_m,
        "divergence_half_angle_urad": r.divergence_half_rad * 1e6,
        "pointing_jitter_urad": r.jitter_rad * 1e6,
        "pointing_bias_urad": r.bias_rad * 1e6,
        "fried_parameter_m": t.fried_parameter_m,
        "rytov_variance": t.rytov_variance,
        "scintillation_index_point": t.scintillation_index_point,
        "aperture_averaging": t.aperture_averaging,
        "gamma_gamma_alpha": t.gamma_gamma_alpha,
        "gamma_gamma_beta": t.gamma_gamma_beta,
        "fading": model_name(model),
        "scintillation_index": t.scintillation_index_for(model),
        "outage_probability": outage.probability,
        "outage_probability_closed_form": outage.closed_form,
        "samples": outage.samples,
        "seed": args.seed,
    })
}

fn table(
    r: &BudgetResult,
    model: FadingModel,
    outage: &OutageEstimate,
    args: &BudgetArgs,
) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Link budget: {}, {} nm, range {:.3} km, elevation {:.2} deg",
        direction_name(r.direction),
        args.wavelength_nm,
        r.range_m / 1e3,
        args.elevation_deg
    );
    let _ = writeln!(
        s,
        "  {:<22} {:>12} {:>14}",
        "term", "value", "running total"
    );
    let mut total = 0.0;
    for (i, term) in r.terms().iter().enumerate() {
        total += term.value_db;
        let unit = match term.name {
            _ if i == 0 => "dBm",
            "transmit gain" | "receive gain" => "dBi",
            _ => "dB",
        };
        let _ = writeln!(
            s,
            "  {:<22} {:>8.3} {:<3} {:>10.3} dBm",
            term.name, term.value_db, unit, total
        );
    }
    let _ = writeln!(
        s,
        "  {:<22} {:>27.3} dBm",
        "received power", r.received_power_dbm
    );
    let _ = writeln!(s, "  {:<22} {:>27.3} dBm", "sensitivity", r.sensitivity_dbm);
    let _ = writeln!(s, "  {:<22} {:>27.3} dB", "margin", r.margin_db);
    let t = &r.turbulence;
    let _ = writeln!(s, "Channel ({} fading)", model_name(model));
    let _ = writeln!(s, "  {:<34} {:.4}", "airmass", r.airmass);
    let _ = writeln!(
        s,
        "  {:<34} {:.2} cm",
        "Fried parameter r0",
        t.fried_parameter_m * 100.0
    );
    let _ = writeln!(s, "  {:<34} {:.4}", "Rytov variance", t.rytov_variance);
    let _ = writeln!(
        s,
        "  {:<34} {:.4}",
        "scintillation index (point)", t.scintillation_index_point
    );
    let _ = writeln!(
        s,
        "  {:<34} {:.4}",
        "aperture averaging", t.aperture_averaging
    );
    let _ = writeln!(
        s,
        "  {:<34} {:.5}",
        "scintillation index used",
        t.scintillation_index_for(model)
    );
    let _ = writeln!(
        s,
        "  {:<34} {:.3} urad (bias {:.3} urad)",
        "pointing jitter per axis",
        r.jitter_rad * 1e6,
        r.bias_rad * 1e6
    );
    let _ = writeln!(
        s,
        "  {:<34} {:.4e}",
        "outage probability (Monte Carlo)", outage.probability
    );
    let _ = match outage.closed_form {
        Some(p) => writeln!(s, "  {:<34} {:.4e}", "outage probability (closed form)", p),
        None => writeln!(s, "  {:<34} none", "outage probability (closed form)"),
    };
    let _ = writeln!(
        s,
        "  {:<34} {} (seed {})",
        "samples", outage.samples, args.seed
    );
    s
}
