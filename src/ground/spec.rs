//! The command-line station specification: a preset name (`koganei`, case-insensitive) or
//! `NAME:LAT_DEG:LON_DEG:ALT_M` (ellipsoidal height). It uses both the station type and the
//! preset table, so the dependency between those two stays one-way (`presets` → `station`).

use super::presets::{preset, PRESET_NAMES};
use super::station::Station;
use crate::error::{Error, Result};

impl Station {
    /// Parses a command-line station: a preset name (`koganei`, case-insensitive) or
    /// `NAME:LAT_DEG:LON_DEG:ALT_M` (ellipsoidal height).
    pub fn parse_spec(spec: &str) -> Result<Station> {
        let fields: Vec<&str> = spec.trim().split(':').collect();
        match fields.as_slice() {
            [name] => preset(name).ok_or_else(|| Error::Station {
                spec: spec.to_string(),
                reason: format!(
                    "unknown preset; known presets: {}; or give NAME:LAT_DEG:LON_DEG:ALT_M",
                    PRESET_NAMES.join(", ")
                ),
            }),
            [name, lat, lon, alt] => {
                let number = |what: &str, text: &str| {
                    text.trim().parse::<f64>().map_err(|_| Error::Station {
                        spec: spec.to_string(),
                        reason: format!(
                            "{what} {text:?} is not a number (NAME:LAT_DEG:LON_DEG:ALT_M)"
                        ),
                    })
                };
                let (lat, lon, alt) = (
                    number("latitude", lat)?,
                    number("longitude", lon)?,
                    number("altitude", alt)?,
                );
                Station::custom(name, lat, lon, alt).map_err(|e| match e {
                    Error::Station { reason, .. } => Error::Station {
                        spec: spec.to_string(),
                        reason,
                    },
                    other => other,
                })
            }
            _ => Err(Error::Station {
                spec: spec.to_string(),
                reason: format!(
                    "expected a preset name ({}) or NAME:LAT_DEG:LON_DEG:ALT_M",
                    PRESET_NAMES.join(", ")
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_presets_and_custom() {
        let k = Station::parse_spec("Koganei").unwrap();
        assert_eq!(k.name, "koganei");
        assert!((k.location.latitude_rad.to_degrees() - 35.7068).abs() < 1e-12);
        let c = Station::parse_spec("ogs:28.3:-16.5:2400").unwrap();
        assert_eq!(c.name, "ogs");
        assert!((c.location.longitude_rad.to_degrees() + 16.5).abs() < 1e-12);
        assert_eq!(c.location.altitude_m, 2400.0);
    }

    #[test]
    fn spec_errors_name_the_problem() {
        let e = Station::parse_spec("nowhere").unwrap_err().to_string();
        assert!(
            e.contains("nowhere") && e.contains("koganei") && e.contains("izana"),
            "{e}"
        );
        let e = Station::parse_spec("x:95:0:0").unwrap_err().to_string();
        assert!(e.contains("latitude") && e.contains("x:95:0:0"), "{e}");
        let e = Station::parse_spec("x:1:abc:0").unwrap_err().to_string();
        assert!(e.contains("longitude") && e.contains("abc"), "{e}");
        assert!(Station::parse_spec("x:1:2").is_err());
        assert!(Station::parse_spec(":1:2:3").is_err());
    }
}
