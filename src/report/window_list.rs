//! The printout of `oslink windows`: every link window of a scenario (ground passes and
//! inter-satellite windows) as a table, CSV or JSON. Numbers are computed by
//! [`crate::windows`]; this only presents them, in display units (km, kHz, µrad, mrad/s).

use std::fmt::Write as _;

use serde_json::json;

use super::format::cell;
use crate::time::format_unix_ms;
use crate::windows::LinkWindow;

/// The CSV columns of a window list, in order.
pub const WINDOW_CSV_COLUMNS: [&str; 17] = [
    "kind",
    "link",
    "start",
    "end",
    "duration_s",
    "start_edge",
    "end_edge",
    "data_start",
    "data_s",
    "min_range_km",
    "max_range_km",
    "max_doppler_ghz",
    "max_point_ahead_urad",
    "max_slew_mrad_s",
    "min_margin_db",
    "volume_gbit",
    "samples",
];

/// Seconds from first data to the end, when there is data.
fn data_s(w: &LinkWindow) -> Option<f64> {
    w.data_start_unix_s.map(|t| w.end_unix_s - t)
}

fn to_json(w: &LinkWindow) -> serde_json::Value {
    json!({
        "kind": w.kind.name(),
        "link": w.name,
        "link_index": w.link,
        "start": format_unix_ms(w.start_unix_s),
        "end": format_unix_ms(w.end_unix_s),
        "start_unix_s": w.start_unix_s,
        "end_unix_s": w.end_unix_s,
        "duration_s": w.duration_s(),
        "start_edge": w.start_edge,
        "end_edge": w.end_edge,
        "data_start": w.data_start_unix_s.map(format_unix_ms),
        "data_start_unix_s": w.data_start_unix_s,
        "data_s": data_s(w),
        "samples": w.samples,
        "min_range_m": w.min_range_m,
        "max_range_m": w.max_range_m,
        "max_doppler_hz": w.max_doppler_hz,
        "max_point_ahead_rad": w.max_point_ahead_rad,
        "max_slew_rate_rad_s": w.max_slew_rate_rad_s,
        "min_margin_db": w.min_margin_db,
        "volume_bits": w.volume_bits,
    })
}

/// The windows as a pretty-printed JSON array (with its final line break), SI units.
pub fn window_list_json(windows: &[LinkWindow]) -> String {
    let list: Vec<_> = windows.iter().map(to_json).collect();
    serde_json::to_string_pretty(&list).expect("JSON values serialize") + "\n"
}

/// The windows as CSV ([`WINDOW_CSV_COLUMNS`]); empty cells where a value does not exist.
pub fn window_list_csv(windows: &[LinkWindow]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(WINDOW_CSV_COLUMNS)
        .expect("writing to memory");
    for w in windows {
        out.write_record([
            w.kind.name().to_string(),
            w.name.clone(),
            format_unix_ms(w.start_unix_s),
            format_unix_ms(w.end_unix_s),
            cell(w.duration_s(), 3),
            w.start_edge.to_string(),
            w.end_edge.to_string(),
            w.data_start_unix_s.map(format_unix_ms).unwrap_or_default(),
            cell(data_s(w).unwrap_or(f64::NAN), 3),
            cell(w.min_range_m / 1e3, 3),
            cell(w.max_range_m / 1e3, 3),
            cell(w.max_doppler_hz / 1e9, 6),
            cell(w.max_point_ahead_rad * 1e6, 3),
            cell(w.max_slew_rate_rad_s * 1e3, 4),
            cell(w.min_margin_db.unwrap_or(f64::NAN), 3),
            cell(w.volume_bits.unwrap_or(f64::NAN) / 1e9, 3),
            w.samples.to_string(),
        ])
        .expect("writing to memory");
    }
    String::from_utf8(out.into_inner().expect("in-memory writer")).expect("UTF-8 fields")
}

/// The windows as a fixed-width table with their count per kind.
pub fn window_list_table(windows: &[LinkWindow]) -> String {
    let name_width = windows
        .iter()
        .map(|w| w.name.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 40);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<9}  {:<name_width$}  {:<24}  {:<24}  {:>8}  {:>7}  {:>10}  {:>10}  {:>9}  {:>7}  {:>7}  {:>8}  {:>9}",
        "kind", "link", "start (UTC)", "end", "dur s", "edges", "min km", "max km", "Dopp GHz",
        "PAA µr", "slew", "margin", "Gbit"
    );
    for w in windows {
        let name: String = w.name.chars().take(name_width).collect();
        let edges = format!("{}/{}", short(w.start_edge), short(w.end_edge));
        let margin = w
            .min_margin_db
            .map_or_else(|| "-".into(), |m| format!("{m:.2}"));
        let volume = match (w.volume_bits, w.data_start_unix_s) {
            (Some(v), _) => format!("{:.3}", v / 1e9),
            (None, None) => "no head".into(),
            (None, Some(_)) => "-".into(),
        };
        let _ = writeln!(
            s,
            "{:<9}  {:<name_width$}  {}  {}  {:>8.1}  {:>7}  {:>10.1}  {:>10.1}  {:>9.4}  {:>7.2}  {:>7.3}  {:>8}  {:>9}",
            w.kind.name(),
            name,
            format_unix_ms(w.start_unix_s),
            format_unix_ms(w.end_unix_s),
            w.duration_s(),
            edges,
            w.min_range_m / 1e3,
            w.max_range_m / 1e3,
            w.max_doppler_hz / 1e9,
            w.max_point_ahead_rad * 1e6,
            w.max_slew_rate_rad_s * 1e3,
            margin,
            volume,
        );
    }
    let count = |kind: &str| windows.iter().filter(|w| w.kind.name() == kind).count();
    let _ = writeln!(
        s,
        "{} windows: {} downlink, {} uplink, {} crosslink",
        windows.len(),
        count("downlink"),
        count("uplink"),
        count("crosslink")
    );
    s.push_str(
        "edges: a(os)/l(os), e(arth grazing margin), s(un at from)/S(un at to), |(span edge); \
         slew in mrad/s; margin: lowest static (clear-sky or vacuum) margin, dB\n",
    );
    s
}

/// One letter per edge kind for the table.
fn short(edge: &str) -> &'static str {
    match edge {
        "aos" => "a",
        "los" => "l",
        "earth" => "e",
        "sun-a" => "s",
        "sun-b" => "S",
        _ => "|",
    }
}
