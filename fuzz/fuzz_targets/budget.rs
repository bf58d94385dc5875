//! The `oslink budget` entry point (src/cli/budget.rs) with every numeric flag a float from
//! the fuzzer: the REF case or the built-in default scenario's link, each flag overriding,
//! then `LinkBudget::new`, `evaluate`, the channel statistics, the outage probability with a
//! small sample count, and both printouts. Whatever is accepted must give finite numbers and
//! a probability in [0, 1]; everything else must be an error.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oslink::channel::{above_turbulence_top, default_zenith_transmittance, outage_probability};
use oslink::link::{
    slant_range_m, Direction, Divergence, FadingModel, LinkBudget, LinkGeometry, Path, Receiver,
    Site, Transmitter,
};
use oslink::report::BudgetSheet;
use oslink::scenario::{ReceiverSpec, RxSensitivity, Scenario};

mod common;

/// One float flag: absent, any f64 bit pattern, the flag's default scaled by a power of two
/// in [2^-16, 2^16) (values near the allowed range), or an edge value (the flag's bounds and
/// the IEEE specials).
#[derive(Debug, Clone, Copy, Arbitrary)]
enum Flag {
    Absent,
    Bits(u64),
    Scaled(i8, u8),
    Edge(u8),
}

impl Flag {
    fn value(self, default: f64, bounds: &[f64]) -> Option<f64> {
        const SPECIAL: [f64; 12] = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            5e-324,
        ];
        match self {
            Flag::Absent => None,
            Flag::Bits(b) => Some(f64::from_bits(b)),
            Flag::Scaled(e, m) => {
                Some(default * (f64::from(e) / 8.0).exp2() * (1.0 + f64::from(m) / 256.0))
            }
            Flag::Edge(i) => {
                let i = usize::from(i);
                let n = bounds.len() * 3;
                Some(if i < n {
                    let b = bounds[i / 3];
                    match i % 3 {
                        0 => b,
                        1 => next_up(b),
                        _ => next_down(b),
                    }
                } else {
                    SPECIAL[(i - n) % SPECIAL.len()]
                })
            }
        }
    }
}

fn next_up(x: f64) -> f64 {
    if x.is_nan() || x == f64::INFINITY {
        x
    } else if x == 0.0 {
        5e-324
    } else if x > 0.0 {
        f64::from_bits(x.to_bits() + 1)
    } else {
        f64::from_bits(x.to_bits() - 1)
    }
}

fn next_down(x: f64) -> f64 {
    -next_up(-x)
}

/// The flags of `oslink budget`; clap's exclusions are encoded in the enums.
#[derive(Debug, Arbitrary)]
struct Args {
    /// `--scenario` (the built-in default) with `--station` = its station number this modulo
    /// the count, or the REF case.
    scenario: Option<u8>,
    elevation_deg: Flag,
    /// `--altitude-km` (true) or `--range-km` (false); the value follows.
    altitude: bool,
    altitude_or_range_km: Flag,
    direction: Option<bool>,
    wavelength_nm: Flag,
    tx_power_w: Flag,
    /// `--divergence-full-angle-urad` (true) or `--divergence-half-angle-urad` (false).
    divergence_full: bool,
    divergence_urad: Flag,
    tx_efficiency: Flag,
    rx_aperture_m: Flag,
    obscuration: Flag,
    rx_efficiency: Flag,
    zenith_transmittance: Flag,
    station_alt_m: Flag,
    cn2_ground: Flag,
    wind_rms_m_s: Flag,
    jitter_urad: Flag,
    bias_urad: Flag,
    /// `--sensitivity-dbm` (true) or `--photons-per-bit` (false).
    sensitivity_in_dbm: bool,
    sensitivity: Flag,
    data_rate_bps: Flag,
    fading: Option<u8>,
    /// `--fading-samples` = 1 + this (the CLI's default of 10^6 is too slow for a fuzzer).
    samples: u8,
    seed: u64,
}

fn default_scenario() -> &'static Scenario {
    static S: OnceLock<Scenario> = OnceLock::new();
    S.get_or_init(|| Scenario::built_in_default().expect("the built-in scenario is valid"))
}

/// Everything `resolve` and `run` of src/cli/budget.rs do, without the printing.
fn budget(args: &Args) -> Result<(), oslink::Error> {
    let (mut tx, rx_spec, data_rate_bps, mut site, direction, model) = match args.scenario {
        Some(j) => {
            let scenario = default_scenario();
            let j = usize::from(j) % scenario.stations.len();
            let Some(&link) = scenario.links_between(0, j).first() else {
                return Ok(());
            };
            let parts = scenario.link_parts(link)?;
            let Path::Atmospheric { site, direction } = parts.path else {
                panic!("a satellite–station link has an atmospheric path");
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
            let r = Receiver::REF;
            let rx = ReceiverSpec {
                aperture_m: r.aperture_m,
                obscuration_ratio: r.obscuration_ratio,
                optics_efficiency: r.optics_efficiency,
                sensitivity: RxSensitivity::PhotonsPerBit(1000.0),
                sun_exclusion_rad: None,
            };
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
    let wavelength_nm = args
        .wavelength_nm
        .value(1550.0, &[200.0, 20_000.0, 780.0, 1700.0]);
    let station_alt_m = args.station_alt_m.value(100.0, &[-500.0, 2000.0, 20_000.0]);
    let wavelength_given = wavelength_nm.is_some() || station_alt_m.is_some();
    if let Some(nm) = wavelength_nm {
        tx.wavelength_m = nm * 1e-9;
    }
    if let Some(p) = args.tx_power_w.value(1.0, &[1e-12, 1e6]) {
        tx.power_w = p;
    }
    if let Some(d) = args.divergence_urad.value(20.0, &[1e5, 1e-2]) {
        tx.divergence = if args.divergence_full {
            Divergence::FullAngle(d * 1e-6)
        } else {
            Divergence::HalfAngle(d * 1e-6)
        };
    }
    if let Some(eta) = args.tx_efficiency.value(0.8, &[0.0, 1.0]) {
        tx.optics_efficiency = eta;
    }
    if let Some(j) = args.jitter_urad.value(2.0, &[0.0, 1e-3, 1e5]) {
        tx.jitter_rad = j * 1e-6;
    }
    if let Some(b) = args.bias_urad.value(1.0, &[0.0, 1e5]) {
        tx.bias_rad = b * 1e-6;
    }
    let mut rx_spec = rx_spec;
    if let Some(d) = args.rx_aperture_m.value(0.4, &[1e-3, 100.0]) {
        rx_spec.aperture_m = d;
    }
    if let Some(g) = args.obscuration.value(0.2, &[0.0, 1.0]) {
        rx_spec.obscuration_ratio = g;
    }
    if let Some(eta) = args.rx_efficiency.value(0.7, &[0.0, 1.0]) {
        rx_spec.optics_efficiency = eta;
    }
    if args.sensitivity_in_dbm {
        if let Some(dbm) = args.sensitivity.value(-40.0, &[-200.0, 60.0]) {
            rx_spec.sensitivity = RxSensitivity::Dbm(dbm);
        }
    } else if let Some(n) = args.sensitivity.value(1000.0, &[1e-3, 1e9]) {
        rx_spec.sensitivity = RxSensitivity::PhotonsPerBit(n);
    }
    let data_rate = args.data_rate_bps.value(1e9, &[1.0, 1e15]);
    let rx = rx_spec.receiver(data_rate.unwrap_or(data_rate_bps));
    if let Some(h) = station_alt_m {
        site.altitude_m = h;
    }
    if let Some(a) = args.cn2_ground.value(1.7e-14, &[0.0, 1e-10]) {
        site.turbulence.ground_cn2 = a;
    }
    if let Some(v) = args.wind_rms_m_s.value(21.0, &[0.0, 200.0]) {
        site.turbulence.wind_rms_m_s = v;
    }
    site.zenith_transmittance = match args.zenith_transmittance.value(0.95, &[0.0, 1.0]) {
        Some(t) => t,
        None if wavelength_given || site.zenith_transmittance.is_nan() => {
            default_zenith_transmittance(tx.wavelength_m, site.altitude_m)?
        }
        None => site.zenith_transmittance,
    };
    let direction = match args.direction {
        Some(false) => Direction::Downlink,
        Some(true) => Direction::Uplink,
        None => direction,
    };
    let model = match args.fading.map(|f| f % 3) {
        Some(0) => FadingModel::LogNormal,
        Some(1) => FadingModel::GammaGamma,
        Some(_) => FadingModel::None,
        None => model,
    };

    let path = Path::Atmospheric { site, direction };
    let budget = LinkBudget::new(&tx, &rx, &path)?;
    // clap requires --elevation-deg and one of --altitude-km / --range-km.
    let elevation_deg = args.elevation_deg.value(30.0, &[0.0, 90.0]).unwrap_or(30.0);
    let elevation_rad = elevation_deg.to_radians();
    let km = args
        .altitude_or_range_km
        .value(1000.0, &[20.0, 20.5, 36_000.0])
        .unwrap_or(1000.0);
    let range_m = if args.altitude {
        if !above_turbulence_top(km * 1e3, site.altitude_m) {
            return Ok(()); // the CLI's own error (--altitude-km below the turbulence top)
        }
        slant_range_m(elevation_rad, km * 1e3, site.altitude_m)
    } else {
        km * 1e3
    };
    let result = budget.evaluate(&LinkGeometry::ground(range_m, elevation_rad))?;
    for (what, v) in [
        ("received power", result.received_power_dbm),
        ("margin", result.margin_db),
        ("sensitivity", result.sensitivity_dbm),
        ("beam radius", result.beam_radius_m),
        ("jitter", result.jitter_rad),
    ] {
        assert!(
            v.is_finite(),
            "{what} = {v} accepted for {args:?}: {result:?}"
        );
    }
    for t in result.terms() {
        assert!(!t.value_db.is_nan(), "term {} is NaN for {args:?}", t.name);
    }
    let fading = result.fading(model);
    let outage = outage_probability(
        &fading,
        &result.pointing(),
        result.margin_db,
        1 + u64::from(args.samples % 64),
        args.seed,
    );
    let p = outage.probability;
    assert!(
        (0.0..=1.0).contains(&p) && outage.standard_error.is_finite(),
        "outage {outage:?} for {fading:?} and {:?} at margin {} dB ({args:?})",
        result.pointing(),
        result.margin_db
    );
    if let Some(c) = outage.closed_form {
        assert!(
            (0.0..=1.0).contains(&c),
            "closed form {c} for {fading:?} and {:?} at margin {} dB ({args:?})",
            result.pointing(),
            result.margin_db
        );
    }
    let sheet = BudgetSheet {
        result: &result,
        fading: model,
        outage: &outage,
        elevation_deg: Some(elevation_deg),
        seed: args.seed,
    };
    let table = sheet.table();
    assert!(
        !table.contains("NaN"),
        "NaN in the budget table for {args:?}:\n{table}"
    );
    // serde_json writes a NaN (or ±∞) as null: every field but the closed form must be a
    // value, except the Gamma–Gamma α, β of a path with no scintillation (σ_R² = 0: they are
    // +∞, the limit of no fading; finding F1).
    let json = sheet.json();
    let no_scintillation = json["rytov_variance"].as_f64() == Some(0.0);
    for (key, value) in json.as_object().expect("the sheet is an object") {
        let infinite_shape = no_scintillation && key.starts_with("gamma_gamma_");
        assert!(
            !value.is_null() || key == "outage_probability_closed_form" || infinite_shape,
            "{key} is null (NaN) in the budget JSON for {args:?}:\n{json:#}"
        );
    }
    let _ = sheet.json_text();
    Ok(())
}

fuzz_target!(|args: Args| {
    if let Err(e) = budget(&args) {
        common::render(&e);
    }
});
