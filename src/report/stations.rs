//! The printout of `oslink stations`: the station presets with coordinates, description and
//! cloud climate, as a table or JSON.

use std::fmt::Write as _;

use serde_json::json;

use crate::ground::{HeightReference, Station};

fn height_reference(s: &Station) -> &'static str {
    match s.height_reference {
        HeightReference::Ellipsoid => "ell",
        HeightReference::MeanSeaLevel => "MSL",
    }
}

/// The stations as a pretty-printed JSON array (with its final line break).
pub fn stations_json(stations: &[Station]) -> String {
    let list: Vec<_> = stations
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "description": s.description,
                "lat_deg": s.location.latitude_rad.to_degrees(),
                "lon_deg": s.location.longitude_rad.to_degrees(),
                "alt_m": s.location.altitude_m,
                "height_reference": height_reference(s),
                "min_elevation_deg": s.min_elevation_rad.to_degrees(),
                "cloud_free_annual": s.cloud_free_annual,
                "cloud_free_monthly": s.cloud_free_monthly,
                "cloud_annual_only": s.cloud_annual_only,
                "cloud_source": s.cloud_source,
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).expect("JSON values serialize") + "\n"
}

/// The stations as a fixed-width table, with a legend.
pub fn stations_table(stations: &[Station]) -> String {
    let mut t = format!(
        "{:<16}  {:>9}  {:>9}  {:>10}  {:>6}  {}\n",
        "preset", "lat_deg", "lon_deg", "alt_m", "CFLOS", "description"
    );
    for s in stations {
        let annual = if s.cloud_annual_only { "*" } else { " " };
        let _ = writeln!(
            t,
            "{:<16}  {:>9.4}  {:>9.4}  {:>6.1} {:<3}  {:>5.2}{}  {}",
            s.name,
            s.location.latitude_rad.to_degrees(),
            s.location.longitude_rad.to_degrees(),
            s.location.altitude_m,
            height_reference(s),
            s.cloud_free_annual,
            annual,
            s.description
        );
    }
    t.push_str(
        "CFLOS: annual cloud-free line-of-sight probability (relative-sunshine proxy); \
         * annual value only.\nMinimum elevation of every preset: 10 deg. A custom \
         station is NAME:LAT_DEG:LON_DEG:ALT_M (ellipsoidal height).\n",
    );
    t
}
