//! The printout of `oslink passes`: the passes of satellites over stations as a table, CSV or
//! JSON. The CSV shares its pass columns with passes.csv of `oslink run`.

use std::fmt::Write as _;

use serde_json::json;

use super::format::cell;
use super::pass_columns;
use crate::access::Pass;
use crate::time::format_unix_ms;

/// Seconds of the pass usable under the Sun exclusion, when there is one.
fn sun_usable_s(p: &Pass) -> Option<f64> {
    p.sun_windows
        .as_ref()
        .map(|w| w.iter().map(|w| w.end_unix_s - w.start_unix_s).sum())
}

fn to_json(p: &Pass) -> serde_json::Value {
    json!({
        "satellite": p.satellite,
        "norad_id": p.norad_id,
        "station": p.station,
        "aos": format_unix_ms(p.aos_unix_s),
        "tca": format_unix_ms(p.tca_unix_s),
        "los": format_unix_ms(p.los_unix_s),
        "max_elevation_deg": p.max_elevation_rad.to_degrees(),
        "duration_s": p.duration_s(),
        "aos_azimuth_deg": p.aos_azimuth_rad.to_degrees(),
        "los_azimuth_deg": p.los_azimuth_rad.to_degrees(),
        "clipped_start": p.clipped_start,
        "clipped_end": p.clipped_end,
        "sun_windows": p.sun_windows.as_ref().map(|ws| ws.iter().map(|w| json!({
            "start": format_unix_ms(w.start_unix_s),
            "end": format_unix_ms(w.end_unix_s),
        })).collect::<Vec<_>>()),
        "sun_usable_s": sun_usable_s(p),
    })
}

/// The passes as a pretty-printed JSON array of objects (with its final line break); numbers
/// in full precision.
pub fn pass_list_json(passes: &[Pass]) -> String {
    let list: Vec<_> = passes.iter().map(to_json).collect();
    serde_json::to_string_pretty(&list).expect("JSON values serialize") + "\n"
}

/// The passes as CSV: the pass columns of passes.csv (elevation to 0.1 mdeg), whether the
/// pass is clipped at either end of the span, and the Sun-usable seconds (empty without a Sun
/// exclusion).
pub fn pass_list_csv(passes: &[Pass]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = pass_columns::IDENTITY
        .into_iter()
        .chain([pass_columns::MAX_ELEVATION, pass_columns::DURATION])
        .chain(pass_columns::AZIMUTHS)
        .chain(pass_columns::CLIPPED)
        .chain(["sun_usable_s"]);
    w.write_record(header).expect("writing to memory");
    for p in passes {
        let row = pass_columns::identity(p)
            .into_iter()
            .chain([pass_columns::max_elevation(p, 4), pass_columns::duration(p)])
            .chain(pass_columns::azimuths(p))
            .chain(pass_columns::clipped(p))
            .chain([cell(sun_usable_s(p).unwrap_or(f64::NAN), 3)]);
        w.write_record(row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("in-memory writer")).expect("UTF-8 fields")
}

/// The passes as a fixed-width table (a Sun-usable column when a station has a Sun
/// exclusion), with their count; `*` marks a pass clipped at the span edge.
pub fn pass_list_table(passes: &[Pass]) -> String {
    let name_width = passes
        .iter()
        .map(|p| p.satellite.len())
        .max()
        .unwrap_or(9)
        .clamp(9, 28);
    let station_width = passes
        .iter()
        .map(|p| p.station.len())
        .max()
        .unwrap_or(7)
        .max(7);
    let sun = passes.iter().any(|p| p.sun_windows.is_some());
    let mut s = String::new();
    let _ = write!(
        s,
        "{:<name_width$}  {:>6}  {:<station_width$}  {:<24}  {:<24}  {:<24}  {:>6}  {:>7}  {:>6}  {:>6}",
        "satellite", "norad", "station", "AOS (UTC)", "TCA", "LOS", "max el", "dur s", "az AOS", "az LOS"
    );
    if sun {
        s.push_str("  sun-ok s");
    }
    s.push('\n');
    for p in passes {
        let name: String = p.satellite.chars().take(name_width).collect();
        let mark = |clipped: bool| if clipped { "*" } else { " " };
        let _ = write!(
            s,
            "{:<name_width$}  {:>6}  {:<station_width$}  {}{}  {}   {}{}  {:>6.2}  {:>7.1}  {:>6.1}  {:>6.1}",
            name,
            p.norad_id.map(|id| id.to_string()).unwrap_or_else(|| "-".into()),
            p.station,
            format_unix_ms(p.aos_unix_s),
            mark(p.clipped_start),
            format_unix_ms(p.tca_unix_s),
            format_unix_ms(p.los_unix_s),
            mark(p.clipped_end),
            p.max_elevation_rad.to_degrees(),
            p.duration_s(),
            p.aos_azimuth_rad.to_degrees(),
            p.los_azimuth_rad.to_degrees(),
        );
        if let Some(usable) = sun_usable_s(p) {
            let _ = write!(s, "  {usable:>8.1}");
        }
        s.push('\n');
    }
    let _ = writeln!(s, "{} passes", passes.len());
    if passes.iter().any(|p| p.clipped_start || p.clipped_end) {
        s.push_str("* clipped at the span edge: the satellite is visible there\n");
    }
    s
}
