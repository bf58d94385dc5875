//! The printout of `oslink budget`: one static link budget at one geometry with its channel
//! statistics and the Monte Carlo outage probability, as a table or JSON.

use std::fmt::Write as _;

use serde_json::json;

use crate::channel::OutageEstimate;
use crate::link::{BudgetResult, Direction, FadingModel, NoiseTerms, ReceiverTerms};

/// "downlink", "uplink" or "vacuum".
fn direction_label(r: &BudgetResult) -> &'static str {
    r.direction().map_or("vacuum", Direction::name)
}

/// What the budget sheet shows.
#[derive(Debug, Clone, Copy)]
pub struct BudgetSheet<'a> {
    /// The budget at the geometry.
    pub result: &'a BudgetResult,
    /// The fading model of the channel statistics and the outage estimate.
    pub fading: FadingModel,
    /// The outage probability.
    pub outage: &'a OutageEstimate,
    /// The elevation as given, degrees; `None` on a vacuum path.
    pub elevation_deg: Option<f64>,
    /// The seed of the outage Monte Carlo.
    pub seed: u64,
}

impl BudgetSheet<'_> {
    /// The sheet as pretty-printed JSON (with its final line break).
    pub fn json_text(&self) -> String {
        serde_json::to_string_pretty(&self.json()).expect("JSON values serialize") + "\n"
    }

    /// The sheet as a JSON object.
    pub fn json(&self) -> serde_json::Value {
        let (r, model, outage) = (self.result, self.fading, self.outage);
        let terms: Vec<_> = r
            .terms()
            .iter()
            .map(|t| json!({ "name": t.name, "value_db": t.value_db }))
            .collect();
        let mut sheet = json!({
            "direction": direction_label(r),
            "wavelength_nm": r.wavelength_m * 1e9,
            "range_m": r.range_m,
            "elevation_deg": self.elevation_deg,
            "terms": terms,
            "received_power_dbm": r.received_power_dbm,
            "sensitivity_dbm": r.sensitivity_dbm,
            "margin_db": r.margin_db,
            "beam_radius_m": r.beam_radius_m,
            "divergence_half_angle_urad": r.divergence_half_rad * 1e6,
            "pointing_half_angle_urad": r.pointing_half_angle_rad * 1e6,
            "pointing_jitter_urad": r.jitter_rad * 1e6,
            "pointing_bias_urad": r.bias_rad * 1e6,
            "fading": model.name(),
            "scintillation_index": r.fading(model).scintillation_index(),
            "outage_probability": outage.probability,
            "outage_probability_standard_error": outage.standard_error,
            "outage_probability_closed_form": outage.closed_form,
            "samples": outage.samples,
            "seed": self.seed,
        });
        // The atmospheric path's terms (a vacuum path has none).
        if let (Some(a), Some(map)) = (r.atmospheric(), sheet.as_object_mut()) {
            let t = &a.turbulence;
            for (key, value) in [
                ("airmass", a.airmass),
                ("ground_cn2", t.ground_cn2),
                ("fried_parameter_m", t.fried_parameter_m),
                ("rytov_variance", t.rytov_variance),
                ("scintillation_index_point", t.scintillation_index_point),
                ("aperture_averaging", t.aperture_averaging),
                ("aperture_fresnel_d2", t.aperture_fresnel_d2),
                (
                    "scintillation_index_aperture",
                    t.scintillation_index_aperture,
                ),
                ("gamma_gamma_alpha", t.gamma_gamma_alpha),
                ("gamma_gamma_beta", t.gamma_gamma_beta),
                ("isoplanatic_angle_urad", t.isoplanatic_angle_rad * 1e6),
            ] {
                map.insert(key.into(), json!(value));
            }
            if let Some(b) = a.uplink_beam {
                for (key, value) in [
                    ("vacuum_beam_radius_m", b.vacuum_radius_m),
                    ("long_term_beam_radius_m", b.long_term_radius_m),
                    ("short_term_beam_radius_m", b.short_term_radius_m),
                    ("beam_wander_rms_m", b.wander_rms_m),
                    ("beam_spreading_db", b.spreading_db),
                    ("long_term_beam_spreading_db", b.long_term_spreading_db),
                ] {
                    map.insert(key.into(), json!(value));
                }
            }
        }
        if let (Some(pa), Some(residual), Some(map)) = (
            r.point_ahead_rad,
            r.point_ahead_residual_rad,
            sheet.as_object_mut(),
        ) {
            map.insert("point_ahead_urad".into(), json!(pa * 1e6));
            map.insert("point_ahead_residual_urad".into(), json!(residual * 1e6));
        }
        if let (Some(rx), Some(map)) = (&r.receiver, sheet.as_object_mut()) {
            map.insert("receiver".into(), receiver_json(rx));
        }
        sheet
    }

    /// The sheet as text: the budget terms with their running total, then the channel.
    pub fn table(&self) -> String {
        let (r, model, outage) = (self.result, self.fading, self.outage);
        let mut s = String::new();
        let _ = write!(
            s,
            "Link budget: {}, {:.1} nm, range {:.3} km",
            direction_label(r),
            r.wavelength_m * 1e9,
            r.range_m / 1e3,
        );
        let _ = match self.elevation_deg {
            Some(el) => writeln!(s, ", elevation {el:.2} deg"),
            None => writeln!(s),
        };
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
        if let Some(rx) = &r.receiver {
            receiver_table(&mut s, rx);
        }
        let _ = writeln!(s, "Channel ({model} fading)");
        match r.atmospheric() {
            Some(a) => {
                let t = &a.turbulence;
                let _ = writeln!(s, "  {:<34} {:.4}", "airmass", a.airmass);
                let _ = writeln!(
                    s,
                    "  {:<34} {:.3e} m^-2/3",
                    "ground Cn² (HV term A)", t.ground_cn2
                );
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
                    "  {:<34} {:.4} (d² = {:.3})",
                    "aperture averaging σ_I²(D)/σ_I²(0)",
                    t.aperture_averaging,
                    t.aperture_fresnel_d2
                );
                let _ = writeln!(
                    s,
                    "  {:<34} {:.3} / {:.3}",
                    "Gamma-Gamma alpha / beta", t.gamma_gamma_alpha, t.gamma_gamma_beta
                );
                let _ = writeln!(
                    s,
                    "  {:<34} {:.3} urad",
                    "isoplanatic angle θ0",
                    t.isoplanatic_angle_rad * 1e6
                );
                if let Some(b) = a.uplink_beam {
                    let _ = writeln!(
                        s,
                        "  {:<34} W {:.3} m, W_LT {:.3} m, W_ST {:.3} m, wander {:.3} m rms",
                        "uplink beam at the satellite",
                        b.vacuum_radius_m,
                        b.long_term_radius_m,
                        b.short_term_radius_m,
                        b.wander_rms_m
                    );
                    let _ = writeln!(
                        s,
                        "  {:<34} {:.3} dB (short-term, in the budget); long-term {:.3} dB",
                        "beam spreading", b.spreading_db, b.long_term_spreading_db
                    );
                }
            }
            None => {
                let _ = writeln!(s, "  vacuum path: no atmosphere, turbulence or clouds");
            }
        }
        let _ = writeln!(
            s,
            "  {:<34} {:.5}",
            "scintillation index used",
            r.fading(model).scintillation_index()
        );
        let _ = writeln!(
            s,
            "  {:<34} {:.3} urad (bias {:.3} urad)",
            "pointing jitter per axis",
            r.jitter_rad * 1e6,
            r.bias_rad * 1e6
        );
        if let (Some(pa), Some(residual)) = (r.point_ahead_rad, r.point_ahead_residual_rad) {
            let _ = writeln!(
                s,
                "  {:<34} {:.3} urad (uncompensated {:.3} urad, in the bias)",
                "point-ahead 2v/c",
                pa * 1e6,
                residual * 1e6
            );
        }
        // Conditional Monte Carlo: the exact pointing CDF averaged over the turbulence draws,
        // which is why a tail far below 1/samples can be estimated at all; its 1σ error says
        // how far to trust it.
        let _ = writeln!(
            s,
            "  {:<34} {:.4e} ± {:.1e} (1σ)",
            "outage probability (Monte Carlo)", outage.probability, outage.standard_error
        );
        let _ = writeln!(
            s,
            "  {:<34} conditional Monte Carlo: the pointing CDF, exact, averaged over {} turbulence draws",
            "", outage.samples
        );
        let _ = match outage.closed_form {
            Some(p) => writeln!(s, "  {:<34} {:.4e}", "outage probability (closed form)", p),
            None => writeln!(s, "  {:<34} none", "outage probability (closed form)"),
        };
        let _ = writeln!(
            s,
            "  {:<34} {} (seed {})",
            "samples", outage.samples, self.seed
        );
        s
    }
}

/// The detection model's part of the JSON sheet: the model, the background and the noise
/// terms at the sensitivity point.
fn receiver_json(rx: &ReceiverTerms) -> serde_json::Value {
    let mut value = json!({
        "model": rx.model.name(),
        "background_source": rx.background_source.name(),
        "background_radiance_w_m2_sr_nm": rx.background_radiance_w_m2_sr_nm,
        "sun_in_field_w": rx.sun_in_field_w,
        "background_power_w": rx.background_power_w,
        "blinded": rx.blinded,
        "noise": noise_json(&rx.noise),
    });
    if let (Some(eta), Some(map)) = (rx.fibre_coupling_efficiency, value.as_object_mut()) {
        map.insert("fibre_coupling_efficiency".into(), json!(eta));
    }
    value
}

/// The receiver lines of the text sheet.
fn receiver_table(s: &mut String, rx: &ReceiverTerms) {
    let _ = writeln!(s, "Receiver ({})", rx.model.name());
    let _ = writeln!(
        s,
        "  {:<34} {} ({:.3e} W m^-2 sr^-1 nm^-1)",
        "background",
        rx.background_source.name(),
        rx.background_radiance_w_m2_sr_nm
    );
    if rx.sun_in_field_w > 0.0 {
        let _ = writeln!(
            s,
            "  {:<34} {:.3e} W",
            "Sun in the field", rx.sun_in_field_w
        );
    }
    let _ = writeln!(
        s,
        "  {:<34} {:.3e} W",
        "background power at the detector", rx.background_power_w
    );
    if let Some(eta) = rx.fibre_coupling_efficiency {
        let _ = writeln!(s, "  {:<34} {:.4}", "fibre coupling efficiency", eta);
    }
    if rx.blinded {
        let _ = writeln!(
            s,
            "  {:<34} the background saturates the detector: link down",
            "blinded"
        );
    }
    // The terms this model has (the others are 0).
    for (name, value) in rx.noise.named_values().into_iter().filter(|t| t.1 != 0.0) {
        let _ = writeln!(s, "  {name:<34} {value:.4e}");
    }
}

/// The noise terms as JSON, keyed by their names.
fn noise_json(noise: &NoiseTerms) -> serde_json::Value {
    let map: serde_json::Map<String, serde_json::Value> = noise
        .named_values()
        .into_iter()
        .map(|(name, value)| (name.to_string(), json!(value)))
        .collect();
    serde_json::Value::Object(map)
}
