//! CCSDS Orbit Mean-Elements Messages as CelesTrak GP JSON.
//!
//! Format: CCSDS 502.0-B-3 OMM keywords in CelesTrak's JSON rendering
//! (<https://celestrak.org/NORAD/documentation/gp-data-formats.php>): one object or an array of
//! objects with `OBJECT_NAME`, `OBJECT_ID`, `EPOCH` (ISO 8601 UTC, no zone), `MEAN_MOTION`
//! (Kozai, rev/day), `ECCENTRICITY`, `INCLINATION`, `RA_OF_ASC_NODE`, `ARG_OF_PERICENTER`,
//! `MEAN_ANOMALY` (degrees), `EPHEMERIS_TYPE`, `CLASSIFICATION_TYPE`, `NORAD_CAT_ID`,
//! `ELEMENT_SET_NO`, `REV_AT_EPOCH`, `BSTAR` (1/Earth radii), `MEAN_MOTION_DOT`,
//! `MEAN_MOTION_DDOT`. Numbers may also be given as strings (Space-Track writes them so).
//! The epoch and the seven SGP4 inputs (`NORAD_CAT_ID` and the six elements plus `BSTAR`) are
//! required; the bookkeeping keys SGP4 does not use default to 0 / `U` / none.

use std::path::Path;

use serde_json::Value;

use super::{Satellite, SGP4_XP_REFUSED};
use crate::error::{Error, Result};

/// Parses CelesTrak GP JSON (one OMM object or an array of them) into satellites, in order.
/// Errors name `source_name`, the 1-based record number and the key.
pub fn parse_omm(json: &str, source_name: &str) -> Result<Vec<Satellite>> {
    let file_error = |line: usize, reason: String| Error::Elements {
        source_name: source_name.to_string(),
        line,
        reason,
    };
    let value: Value = serde_json::from_str(json)
        .map_err(|e| file_error(e.line(), format!("not valid JSON: {e}")))?;
    let records = match value {
        Value::Array(records) => records,
        object @ Value::Object(_) => vec![object],
        other => {
            let reason = format!(
                "expected an OMM object or an array of them, found {}",
                kind(&other)
            );
            return Err(file_error(1, reason));
        }
    };
    records
        .iter()
        .enumerate()
        .map(|(i, r)| parse_record(r, i + 1, source_name))
        .collect()
}

/// Reads and parses a CelesTrak GP JSON file (see [`parse_omm`]).
pub fn read_omm_file(path: impl AsRef<Path>) -> Result<Vec<Satellite>> {
    let path = path.as_ref();
    let source_name = path.display().to_string();
    let text = crate::input::read_input_text(path)?;
    parse_omm(&text, &source_name)
}

/// One OMM record; `record` is 1-based.
fn parse_record(value: &Value, record: usize, source_name: &str) -> Result<Satellite> {
    let error = |key: &str, reason: String| Error::Omm {
        source_name: source_name.to_string(),
        record,
        key: key.to_string(),
        reason,
    };
    let Value::Object(map) = value else {
        return Err(error(
            "",
            format!("expected an OMM object, found {}", kind(value)),
        ));
    };
    let number = |key: &str| -> Result<Option<f64>> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(Value::String(s)) => s
                .trim()
                .parse::<f64>()
                .map(Some)
                .map_err(|_| error(key, format!("expected a number, found {s:?}"))),
            Some(v) => Err(error(key, format!("expected a number, found {}", kind(v)))),
        }
        .and_then(|x| match x {
            Some(x) if !x.is_finite() => Err(error(key, format!("{x} is not finite"))),
            x => Ok(x),
        })
    };
    let required = |key: &str| number(key)?.ok_or_else(|| error(key, "missing".to_string()));
    let integer = |key: &str, required: bool| -> Result<u64> {
        match number(key)? {
            None if required => Err(error(key, "missing".to_string())),
            None => Ok(0),
            Some(x) if x >= 0.0 && x.fract() == 0.0 && x < 9.0e15 => Ok(x as u64),
            Some(x) => Err(error(
                key,
                format!("expected a non-negative integer, found {x}"),
            )),
        }
    };
    let text = |key: &str| -> Result<Option<String>> {
        match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(v) => Err(error(key, format!("expected a string, found {}", kind(v)))),
        }
    };

    let epoch_text = text("EPOCH")?.ok_or_else(|| error("EPOCH", "missing".to_string()))?;
    let datetime = crate::time::parse_utc(&epoch_text)
        .map_err(|e| error("EPOCH", e.to_string()))?
        .naive_utc();
    let ephemeris_type = integer("EPHEMERIS_TYPE", false)?;
    match ephemeris_type {
        0 => {}
        4 => return Err(error("EPHEMERIS_TYPE", SGP4_XP_REFUSED.to_string())),
        other => {
            return Err(error(
                "EPHEMERIS_TYPE",
                format!("ephemeris type {other} is not supported: only 0 (SGP4 GP elements)"),
            ))
        }
    }
    let classification = match text("CLASSIFICATION_TYPE")?.as_deref() {
        None | Some("U") => sgp4::Classification::Unclassified,
        Some("C") => sgp4::Classification::Classified,
        Some("S") => sgp4::Classification::Secret,
        Some(other) => {
            return Err(error(
                "CLASSIFICATION_TYPE",
                format!("{other:?} is not one of U, C, S"),
            ))
        }
    };
    let norad_id = integer("NORAD_CAT_ID", true)?;
    let name = text("OBJECT_NAME")?.filter(|n| !n.is_empty());
    let elements = sgp4::Elements {
        object_name: name.clone(),
        international_designator: text("OBJECT_ID")?.filter(|n| !n.is_empty()),
        norad_id,
        classification,
        datetime,
        mean_motion_dot: number("MEAN_MOTION_DOT")?.unwrap_or(0.0),
        mean_motion_ddot: number("MEAN_MOTION_DDOT")?.unwrap_or(0.0),
        drag_term: required("BSTAR")?,
        element_set_number: integer("ELEMENT_SET_NO", false)?,
        inclination: required("INCLINATION")?,
        right_ascension: required("RA_OF_ASC_NODE")?,
        eccentricity: required("ECCENTRICITY")?,
        argument_of_perigee: required("ARG_OF_PERICENTER")?,
        mean_anomaly: required("MEAN_ANOMALY")?,
        mean_motion: required("MEAN_MOTION")?,
        revolution_number: integer("REV_AT_EPOCH", false)?,
        ephemeris_type: ephemeris_type as u8,
    };
    if let Some(bad) = super::ranges::first_out_of_range(&elements) {
        return Err(error(
            bad.omm_key,
            format!(
                "{} is not allowed: {}",
                crate::error::number_text(bad.value),
                bad.allowed
            ),
        ));
    }
    Ok(Satellite {
        name: name.unwrap_or_else(|| format!("NORAD {norad_id}")),
        norad_id: Some(norad_id),
        source: source_name.to_string(),
        elements,
        station_kept_longitude_deg: None,
    })
}

/// A JSON value's kind for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orbit::{from_tle_lines, Propagator};

    // A synthetic element set, written as TLE and as the equivalent OMM.
    const L1: &str = "1 25544U 98067A   26078.50000000  .00010000  00000+0  18000-3 0  9990";
    const L2: &str = "2 25544  51.6400  25.0000 0006000 200.0000 160.0000 15.48500000 50008";
    const OMM: &str = r#"[{
        "OBJECT_NAME": "ISS-LIKE", "OBJECT_ID": "1998-067A",
        "EPOCH": "2026-03-19T12:00:00.000000", "MEAN_MOTION": 15.485,
        "ECCENTRICITY": 0.0006, "INCLINATION": 51.64, "RA_OF_ASC_NODE": 25.0,
        "ARG_OF_PERICENTER": 200.0, "MEAN_ANOMALY": 160.0, "EPHEMERIS_TYPE": 0,
        "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": 25544, "ELEMENT_SET_NO": 999,
        "REV_AT_EPOCH": 50000, "BSTAR": 0.00018, "MEAN_MOTION_DOT": 0.0001,
        "MEAN_MOTION_DDOT": 0
    }]"#;

    #[test]
    fn omm_and_tle_give_the_same_state() {
        let omm = parse_omm(OMM, "gp.json").unwrap();
        assert_eq!(omm.len(), 1);
        assert_eq!(omm[0].name, "ISS-LIKE");
        assert_eq!(omm[0].norad_id, Some(25544));
        let tle = from_tle_lines("ISS-LIKE", L1, L2).unwrap();
        assert_eq!(omm[0].elements.datetime, tle.elements.datetime);
        let (p_omm, p_tle) = (
            Propagator::new(&omm[0]).unwrap(),
            Propagator::new(&tle).unwrap(),
        );
        for minutes in [0.0, 90.0, 1440.0] {
            let t = p_tle.epoch_unix_s() + minutes * 60.0;
            let (a, b) = (p_omm.state_teme(t).unwrap(), p_tle.state_teme(t).unwrap());
            // Same numbers in both sources: identical states up to float parsing (< 1 mm).
            assert!((a.position_m - b.position_m).norm() < 1e-3, "{minutes} min");
            assert!(
                (a.velocity_m_s - b.velocity_m_s).norm() < 1e-6,
                "{minutes} min"
            );
        }
    }

    #[test]
    fn single_object_and_string_numbers() {
        let one = OMM.trim().trim_start_matches('[').trim_end_matches(']');
        assert_eq!(parse_omm(one, "one.json").unwrap().len(), 1);
        let strings = one
            .replace("15.485", "\"15.485\"")
            .replace("25544", "\"25544\"");
        let sat = &parse_omm(&strings, "s.json").unwrap()[0];
        assert_eq!(sat.elements.mean_motion, 15.485);
        assert_eq!(sat.norad_id, Some(25544));
    }

    #[test]
    fn errors_name_record_and_key() {
        let two = format!(
            "[{0}, {0}]",
            OMM.trim().trim_start_matches('[').trim_end_matches(']')
        );
        let missing = two.replacen("\"MEAN_MOTION\": 15.485,", "", 1);
        let e = parse_omm(&missing, "gp.json").unwrap_err().to_string();
        assert_eq!(e, "gp.json, OMM record 1, key MEAN_MOTION: missing");
        // Only the second record is bad.
        let (first, rest) = two.split_at(two.len() / 2 + 1);
        let second = format!("{first}{}", rest.replace("0.0006", "\"abc\""));
        let e = parse_omm(&second, "gp.json").unwrap_err().to_string();
        assert_eq!(
            e,
            "gp.json, OMM record 2, key ECCENTRICITY: expected a number, found \"abc\""
        );
        let xp = OMM.replace("\"EPHEMERIS_TYPE\": 0", "\"EPHEMERIS_TYPE\": 4");
        let e = parse_omm(&xp, "gp.json").unwrap_err().to_string();
        assert!(
            e.starts_with("gp.json, OMM record 1, key EPHEMERIS_TYPE: ephemeris type 4 (SGP4-XP)"),
            "{e}"
        );
        let e = parse_omm("{", "gp.json").unwrap_err().to_string();
        assert!(e.starts_with("gp.json, line 1: not valid JSON"), "{e}");
    }
}
