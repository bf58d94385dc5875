//! The `model` key of a receiver: raw detection-model keys validated into a
//! [`DetectionModel`] and the field stop and filter that set its background.
//!
//! Each model has the keys it needs and no other: a key of another model (a PPM order on a
//! coherent receiver) is an impossible combination, a missing key is named with the model
//! that needs it, and every value is checked against its physical range by the model itself
//! (`DetectionModel::validate`).

use crate::error::{Error, Result};
use crate::link::{
    check_ionization_ratio, mcintyre_excess_noise, BackgroundFilter, CoherentModulation,
    CoherentReceiver, DetectionModel, DirectDetection, PpmReceiver,
};

use super::raw::RawReceiver;

/// The spellings of `model`.
const DIRECT: &str = "direct-detection";
const PPM: &str = "photon-counting-ppm";
const COHERENT: &str = "coherent";

/// Every detection-model key, whether `r` gives it, and the models it belongs to.
fn model_keys(r: &RawReceiver) -> [(&'static str, bool, &'static [&'static str]); 19] {
    const D: &[&str] = &[DIRECT];
    const P: &[&str] = &[PPM];
    const C: &[&str] = &[COHERENT];
    const DC: &[&str] = &[DIRECT, COHERENT];
    const PC: &[&str] = &[PPM, COHERENT];
    const DP: &[&str] = &[DIRECT, PPM];
    [
        ("detector", r.detector.is_some(), D),
        ("responsivity_a_w", r.responsivity_a_w.is_some(), D),
        ("apd_gain", r.apd_gain.is_some(), D),
        ("excess_noise_factor", r.excess_noise_factor.is_some(), D),
        ("apd_ionization_ratio", r.apd_ionization_ratio.is_some(), D),
        (
            "thermal_noise_pa_per_sqrt_hz",
            r.thermal_noise_pa_per_sqrt_hz.is_some(),
            D,
        ),
        ("dark_current_na", r.dark_current_na.is_some(), D),
        ("target_ber", r.target_ber.is_some(), DC),
        ("ppm_order", r.ppm_order.is_some(), P),
        ("slot_width_ns", r.slot_width_ns.is_some(), P),
        ("guard_slots", r.guard_slots.is_some(), P),
        ("detection_efficiency", r.detection_efficiency.is_some(), P),
        ("dark_count_rate_hz", r.dark_count_rate_hz.is_some(), P),
        (
            "implementation_loss_db",
            r.implementation_loss_db.is_some(),
            PC,
        ),
        ("modulation", r.modulation.is_some(), C),
        ("quantum_efficiency", r.quantum_efficiency.is_some(), C),
        ("ao_corrected_modes", r.ao_corrected_modes.is_some(), C),
        ("field_of_view_urad", r.field_of_view_urad.is_some(), DP),
        ("filter_bandwidth_nm", r.filter_bandwidth_nm.is_some(), DP),
    ]
}

/// The value of a key the model needs, or an error naming it and the model.
fn needed<T: Copy>(value: Option<T>, key: &str, model: &str) -> Result<T> {
    value.ok_or_else(|| Error::invalid(key, "missing", format!("model = \"{model}\" needs {key}")))
}

/// The detection model of a receiver with a `model` key (`None` without one), with its
/// background filter (`None` for a coherent receiver, which rejects background light).
pub(super) fn detection_model(
    r: &RawReceiver,
) -> Result<Option<(DetectionModel, Option<BackgroundFilter>)>> {
    let keys = model_keys(r);
    let Some(model) = r.model.as_deref() else {
        if let Some((key, _, models)) = keys.iter().find(|(_, given, _)| *given) {
            return Err(Error::invalid(
                *key,
                "given",
                format!(
                    "applies only to a detection model: add model = \"{}\"",
                    models[0]
                ),
            ));
        }
        return Ok(None);
    };
    if ![DIRECT, PPM, COHERENT].contains(&model) {
        return Err(Error::invalid(
            "model",
            format!("\"{model}\""),
            format!("one of \"{DIRECT}\", \"{PPM}\", \"{COHERENT}\""),
        ));
    }
    for (key, given, models) in keys {
        if given && !models.contains(&model) {
            let owners: Vec<String> = models.iter().map(|m| format!("\"{m}\"")).collect();
            return Err(Error::invalid(
                key,
                "given",
                format!(
                    "applies only to model = {}, not to model = \"{model}\" (an impossible \
                     combination)",
                    owners.join(" or ")
                ),
            ));
        }
    }
    for (key, given) in [
        ("photons_per_bit", r.photons_per_bit.is_some()),
        ("sensitivity_dbm", r.sensitivity_dbm.is_some()),
    ] {
        if given {
            return Err(Error::invalid(
                key,
                "given",
                format!("not with model = \"{model}\": the detection model gives the sensitivity"),
            ));
        }
    }
    let detection = match model {
        DIRECT => DetectionModel::DirectDetection(direct_detection(r)?),
        PPM => DetectionModel::PhotonCountingPpm(PpmReceiver {
            order: needed(r.ppm_order, "ppm_order", model)?,
            slot_width_s: needed(r.slot_width_ns, "slot_width_ns", model)? * 1e-9,
            guard_slots: needed(r.guard_slots, "guard_slots", model)?,
            detection_efficiency: needed(r.detection_efficiency, "detection_efficiency", model)?,
            dark_count_rate_hz: needed(r.dark_count_rate_hz, "dark_count_rate_hz", model)?,
            implementation_loss_db: needed(
                r.implementation_loss_db,
                "implementation_loss_db",
                model,
            )?,
        }),
        _ => DetectionModel::Coherent(CoherentReceiver {
            modulation: modulation(needed(r.modulation.as_deref(), "modulation", model)?)?,
            quantum_efficiency: needed(r.quantum_efficiency, "quantum_efficiency", model)?,
            implementation_loss_db: needed(
                r.implementation_loss_db,
                "implementation_loss_db",
                model,
            )?,
            target_ber: needed(r.target_ber, "target_ber", model)?,
            ao_corrected_modes: r.ao_corrected_modes.unwrap_or(0),
        }),
    };
    detection.validate()?;
    let filter = if detection.uses_background() {
        Some(BackgroundFilter {
            field_of_view_full_rad: needed(r.field_of_view_urad, "field_of_view_urad", model)?
                * 1e-6,
            filter_bandwidth_nm: needed(r.filter_bandwidth_nm, "filter_bandwidth_nm", model)?,
        })
    } else {
        None
    };
    Ok(Some((detection, filter)))
}

/// A PIN or APD receiver from its keys.
fn direct_detection(r: &RawReceiver) -> Result<DirectDetection> {
    let model = DIRECT;
    let detector = needed(r.detector.as_deref(), "detector", model)?;
    let (gain, excess_noise_factor) = match detector {
        "pin" => {
            for (key, given) in [
                ("apd_gain", r.apd_gain.is_some()),
                ("excess_noise_factor", r.excess_noise_factor.is_some()),
                ("apd_ionization_ratio", r.apd_ionization_ratio.is_some()),
            ] {
                if given {
                    return Err(Error::invalid(
                        key,
                        "given",
                        "applies only to detector = \"apd\" (a PIN has no gain)",
                    ));
                }
            }
            (1.0, 1.0)
        }
        "apd" => {
            let gain = needed(
                r.apd_gain,
                "apd_gain",
                "direct-detection\", detector = \"apd",
            )?;
            let f = match (r.excess_noise_factor, r.apd_ionization_ratio) {
                (Some(f), None) => f,
                (None, Some(k)) => {
                    check_ionization_ratio(k)?;
                    mcintyre_excess_noise(gain, k)
                }
                _ => {
                    return Err(Error::invalid(
                        "excess_noise_factor",
                        "none or both with apd_ionization_ratio",
                        "exactly one of excess_noise_factor, apd_ionization_ratio for an APD",
                    ))
                }
            };
            (gain, f)
        }
        other => {
            return Err(Error::invalid(
                "detector",
                format!("\"{other}\""),
                "\"pin\" or \"apd\"",
            ))
        }
    };
    Ok(DirectDetection {
        responsivity_a_w: needed(r.responsivity_a_w, "responsivity_a_w", model)?,
        gain,
        excess_noise_factor,
        thermal_noise_a_per_sqrt_hz: needed(
            r.thermal_noise_pa_per_sqrt_hz,
            "thermal_noise_pa_per_sqrt_hz",
            model,
        )? * 1e-12,
        dark_current_a: needed(r.dark_current_na, "dark_current_na", model)? * 1e-9,
        target_ber: needed(r.target_ber, "target_ber", model)?,
    })
}

/// The `modulation` of a coherent receiver.
fn modulation(text: &str) -> Result<CoherentModulation> {
    match text {
        "bpsk-homodyne" => Ok(CoherentModulation::BpskHomodyne),
        "bpsk-heterodyne" => Ok(CoherentModulation::BpskHeterodyne),
        "dpsk" => Ok(CoherentModulation::Dpsk),
        other => Err(Error::invalid(
            "modulation",
            format!("\"{other}\""),
            "one of \"bpsk-homodyne\", \"bpsk-heterodyne\", \"dpsk\"",
        )),
    }
}
